//! Login sessions: a random cookie token, stored hashed, with idle and absolute timeouts.
use super::db::now_unix;
use super::repo::{sessions, users};
use super::token;
use crate::domain::user::CurrentUser;
use crate::server::db::Db;
use sqlx::SqliteConnection;

/// Logged out after four hours without a request…
pub const IDLE_TIMEOUT_SECS: i64 = 4 * 60 * 60;
/// …and twelve hours after login at the latest.
pub const ABSOLUTE_TIMEOUT_SECS: i64 = 12 * 60 * 60;
/// `last_seen_at` is written at most once a minute per session.
const TOUCH_INTERVAL_SECS: i64 = 60;

pub fn cookie_name(secure: bool) -> &'static str {
    // The __Host- prefix makes the browser insist on Secure, Path=/ and no Domain.
    if secure {
        "__Host-aktionsplan"
    } else {
        "aktionsplan_sitzung"
    }
}

pub fn set_cookie_header(token: &str, secure: bool) -> String {
    let secure_attr = if secure { "; Secure" } else { "" };
    format!(
        "{}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={ABSOLUTE_TIMEOUT_SECS}{secure_attr}",
        cookie_name(secure)
    )
}

pub fn clear_cookie_header(secure: bool) -> String {
    let secure_attr = if secure { "; Secure" } else { "" };
    format!(
        "{}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{secure_attr}",
        cookie_name(secure)
    )
}

/// The cookie of a login waiting for its second factor (five minutes, this site only).
pub fn challenge_cookie_name(secure: bool) -> &'static str {
    if secure {
        "__Host-aktionsplan-anmeldung"
    } else {
        "aktionsplan_anmeldung"
    }
}

pub fn set_challenge_cookie_header(token: &str, secure: bool) -> String {
    let secure_attr = if secure { "; Secure" } else { "" };
    format!(
        "{}={token}; Path=/; HttpOnly; SameSite=Strict; Max-Age={}{secure_attr}",
        challenge_cookie_name(secure),
        crate::server::services::second_factor::CHALLENGE_SECS
    )
}

pub fn clear_challenge_cookie_header(secure: bool) -> String {
    let secure_attr = if secure { "; Secure" } else { "" };
    format!(
        "{}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0{secure_attr}",
        challenge_cookie_name(secure)
    )
}

/// The session token from the request's Cookie headers, if any.
pub fn token_from_headers(headers: &http::HeaderMap, secure: bool) -> Option<String> {
    cookie_from_headers(headers, cookie_name(secure))
}

/// The value of the cookie `name` (at most 100 characters), if any.
pub fn cookie_from_headers(headers: &http::HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.to_owned())
        .filter(|value| !value.is_empty() && value.len() <= 100)
}

/// Starts a new session for the user; the caller commits and sets the cookie.
pub async fn create(conn: &mut SqliteConnection, user_id: i64) -> Result<String, sqlx::Error> {
    let token = token::generate();
    sessions::insert(conn, &token::hash(&token), user_id, now_unix()).await?;
    Ok(token)
}

/// The user of a valid session; an expired session is deleted on the way.
pub async fn resolve(db: &Db, token: &str) -> Result<Option<CurrentUser>, sqlx::Error> {
    let hash = token::hash(token);
    let (found, user) = {
        let mut conn = db.read().await?;
        let Some(found) = sessions::find(&mut conn, &hash).await? else {
            return Ok(None);
        };
        let user = users::current_user(&mut conn, found.0).await?;
        (found, user)
    };
    let (_, created_at, last_seen_at) = found;
    let now = now_unix();
    if now - last_seen_at > IDLE_TIMEOUT_SECS || now - created_at > ABSOLUTE_TIMEOUT_SECS {
        let mut tx = db.write().await?;
        sessions::delete(&mut tx, &hash).await?;
        tx.commit().await?;
        return Ok(None);
    }
    if now - last_seen_at > TOUCH_INTERVAL_SECS {
        let mut tx = db.write().await?;
        sessions::touch(&mut tx, &hash, now).await?;
        tx.commit().await?;
    }
    Ok(user)
}

pub async fn end(db: &Db, token: &str) -> Result<(), sqlx::Error> {
    let mut tx = db.write().await?;
    sessions::delete(&mut tx, &token::hash(token)).await?;
    tx.commit().await
}

/// Removes sessions past their timeouts; run periodically by the server.
pub async fn purge_expired(db: &Db) -> Result<u64, sqlx::Error> {
    let now = now_unix();
    let mut tx = db.write().await?;
    let purged = sessions::delete_expired(
        &mut tx,
        now - IDLE_TIMEOUT_SECS,
        now - ABSOLUTE_TIMEOUT_SECS,
    )
    .await?;
    tx.commit().await?;
    Ok(purged)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookie_is_http_only_same_site_and_secure_over_https() {
        let plain = set_cookie_header("abc", false);
        assert!(plain.contains("HttpOnly") && plain.contains("SameSite=Lax"));
        assert!(!plain.contains("Secure"));
        let secure = set_cookie_header("abc", true);
        assert!(secure.starts_with("__Host-aktionsplan=abc") && secure.contains("; Secure"));
    }

    #[test]
    fn reads_the_token_among_other_cookies() {
        let mut headers = http::HeaderMap::new();
        headers.insert(
            http::header::COOKIE,
            http::HeaderValue::from_static("a=1; aktionsplan_sitzung=tok; b=2"),
        );
        assert_eq!(token_from_headers(&headers, false).as_deref(), Some("tok"));
        assert_eq!(token_from_headers(&headers, true), None);
    }
}
