//! Login, logout, the first-start setup link and password-reset links.
use crate::domain::email::Email;
use crate::domain::password::NewPassword;
use crate::domain::user::Role;
use crate::domain::validation::{required_text, FieldErrors};
use crate::error::AppError;
use crate::server::db::{now_unix, Db};
use crate::server::password::{self, Verification};
use crate::server::rate_limit::WindowLimiter;
use crate::server::repo::tokens::{self, Purpose};
use crate::server::repo::{sessions, users};
use crate::server::services::second_factor::{self, LoginStep};
use crate::server::{session, token};
use std::net::IpAddr;
use std::time::Instant;

/// Setup and reset links are valid for 24 hours.
pub const LINK_VALIDITY_SECS: i64 = 24 * 60 * 60;

/// Checks e-mail and password; returns a new session token, or the challenge for the second
/// factor where the account has or needs one (`second_factor_for_coordinators`: the city's
/// setting). Unknown e-mail and wrong password take the same time and give the same answer.
pub async fn login(
    db: &Db,
    limiter: &WindowLimiter,
    email_input: &str,
    password_input: String,
    ip: Option<IpAddr>,
    second_factor_for_coordinators: bool,
) -> Result<LoginStep, AppError> {
    if password_input.len() > 1024 {
        return Err(AppError::field("password", "Das Passwort ist zu lang."));
    }
    let email = email_input.trim().to_lowercase();
    // Counted before the hash is checked, in one step with the check: parallel tries cannot
    // all pass. A login that turns out right gives its try back below.
    let keys = take_login_try(limiter, &email, ip)?;

    let credentials = match Email::parse(&email) {
        Ok(email) => users::credentials_by_email(&mut *db.read().await?, email.as_str()).await?,
        Err(_) => None,
    };
    let usable = credentials.as_ref().filter(|c| !c.disabled);
    let stored = usable.and_then(|c| c.password_hash.clone());
    let verification = password::verify(password_input.clone(), stored).await;

    let needs_rehash = match (verification, usable) {
        (Verification::Valid { needs_rehash }, Some(_)) => needs_rehash,
        (Verification::Busy, _) => return Err(AppError::Unavailable),
        _ => return Err(AppError::LoginFailed),
    };
    let Some(account) = usable else {
        return Err(AppError::LoginFailed);
    };
    give_back_login_try(limiter, &keys);

    let new_hash = if needs_rehash {
        Some(
            password::hash(password_input)
                .await
                .map_err(AppError::internal)?,
        )
    } else {
        None
    };
    let mut tx = db.write().await?;
    if let Some(hash) = new_hash {
        users::set_password_hash(&mut tx, account.id, &hash).await?;
    }
    let Some(role) = account.role else {
        return Err(AppError::internal("account without a known role"));
    };
    let step = second_factor::after_password(
        &mut tx,
        db.seeds(),
        account.id,
        role,
        account.has_second_factor,
        second_factor_for_coordinators,
    )
    .await?;
    tx.commit().await?;
    Ok(step)
}

/// Takes one try from the login limits of the account (`email`, lower case) and the client's
/// address, all keys or none; returns the keys to give the try back after a right answer.
/// Passwords and second-factor codes share these limits.
pub fn take_login_try(
    limiter: &WindowLimiter,
    email: &str,
    ip: Option<IpAddr>,
) -> Result<Vec<String>, AppError> {
    let mut keys = vec![format!("konto:{email}")];
    keys.extend(ip.map(|ip| format!("ip:{}", crate::server::request::limit_key(ip))));
    let borrowed: Vec<&str> = keys.iter().map(String::as_str).collect();
    limiter
        .take(&borrowed, Instant::now())
        .map_err(|retry_after_secs| AppError::TooManyRequests { retry_after_secs })?;
    Ok(keys)
}

/// Gives back the try [`take_login_try`] took.
pub fn give_back_login_try(limiter: &WindowLimiter, keys: &[String]) {
    for key in keys {
        limiter.give_back(key);
    }
}

pub async fn logout(db: &Db, token: &str) -> Result<(), AppError> {
    session::end(db, token).await?;
    Ok(())
}

/// On a database without accounts: a fresh setup link (older ones stop working), else `None`.
pub async fn setup_link_if_needed(db: &Db, public_url: &str) -> Result<Option<String>, AppError> {
    // Counted inside the write transaction: no account can appear between check and link.
    let mut tx = db.write().await?;
    if users::count(&mut tx).await? > 0 {
        return Ok(None);
    }
    let secret = token::generate();
    let now = now_unix();
    tokens::revoke_unused(&mut tx, Purpose::Setup, None, now).await?;
    tokens::insert(
        &mut tx,
        &token::hash(&secret),
        Purpose::Setup,
        None,
        now,
        now + LINK_VALIDITY_SECS,
    )
    .await?;
    tx.commit().await?;
    Ok(Some(format!(
        "{}/einrichten?token={secret}",
        public_url.trim_end_matches('/')
    )))
}

/// Whether a one-time link can still be used (for showing the form or a clear message).
pub async fn link_is_valid(db: &Db, secret: &str, purpose: Purpose) -> Result<bool, AppError> {
    let mut conn = db.read().await?;
    Ok(
        tokens::find_valid(&mut conn, &token::hash(secret), purpose, now_unix())
            .await?
            .is_some(),
    )
}

pub struct NewAccount {
    pub name: String,
    pub email: Email,
    pub password: NewPassword,
}

impl NewAccount {
    pub fn parse(
        name: &str,
        email: &str,
        password: &str,
        repeated: &str,
    ) -> Result<Self, AppError> {
        let mut errors = FieldErrors::new();
        let name = errors.check("name", required_text(name, "Ihren Namen", 100));
        let email = errors.check("email", Email::parse(email));
        let mut password = errors.check("password", NewPassword::parse(password, repeated));
        if let (Some(name), Some(email), Some(new)) = (&name, &email, &password) {
            if password::guessable(new.expose(), &[name.as_str(), email.as_str()]) {
                errors.add("password", password::guessable_message());
                password = None;
            }
        }
        match (name, email, password) {
            (Some(name), Some(email), Some(password)) if errors.is_empty() => Ok(Self {
                name,
                email,
                password,
            }),
            _ => Err(AppError::Validation(errors)),
        }
    }
}

/// Creates the first Projektbüro account with the setup link; the login continues with setting
/// up the second factor.
pub async fn complete_setup(
    db: &Db,
    secret: &str,
    account: NewAccount,
) -> Result<LoginStep, AppError> {
    let hash = password::hash(account.password.expose().to_owned())
        .await
        .map_err(AppError::internal)?;
    let mut tx = db.write().await?;
    let valid = tokens::consume(&mut tx, &token::hash(secret), Purpose::Setup, now_unix()).await?;
    let has_users: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users")
        .fetch_one(&mut *tx)
        .await?;
    if !valid || has_users > 0 {
        return Err(AppError::InvalidLink);
    }
    let id = users::insert(
        &mut tx,
        account.email.as_str(),
        &account.name,
        Role::ProjectOffice,
        Some(&hash),
    )
    .await?;
    let step =
        second_factor::after_password(&mut tx, db.seeds(), id, Role::ProjectOffice, false, false)
            .await?;
    tx.commit().await?;
    tracing::info!(
        user_id = id,
        "first Projektbüro account created with the setup link"
    );
    Ok(step)
}

/// A one-time link with which the user sets a new password (older links of theirs stop working).
pub async fn issue_reset_link(db: &Db, public_url: &str, user_id: i64) -> Result<String, AppError> {
    let secret = token::generate();
    let now = now_unix();
    let mut tx = db.write().await?;
    tokens::revoke_unused(&mut tx, Purpose::Reset, Some(user_id), now).await?;
    tokens::insert(
        &mut tx,
        &token::hash(&secret),
        Purpose::Reset,
        Some(user_id),
        now,
        now + LINK_VALIDITY_SECS,
    )
    .await?;
    tx.commit().await?;
    Ok(format!(
        "{}/passwort?token={secret}",
        public_url.trim_end_matches('/')
    ))
}

/// Sets the password with a reset link, ends the user's other sessions and logs them in (after
/// their second factor, where they have or need one: the link replaces the password only).
pub async fn complete_reset(
    db: &Db,
    secret: &str,
    password: NewPassword,
    second_factor_for_coordinators: bool,
) -> Result<LoginStep, AppError> {
    let token_hash = token::hash(secret);
    // Whose link it is, to check the password against their name and address (checked again
    // below, inside the transaction that uses the link up).
    let owner = {
        let mut conn = db.read().await?;
        match tokens::find_valid(&mut conn, &token_hash, Purpose::Reset, now_unix()).await? {
            Some(Some(user_id)) => users::by_id(&mut conn, user_id).await?,
            _ => None,
        }
    };
    let Some(owner) = owner else {
        return Err(AppError::InvalidLink);
    };
    if password::guessable(
        password.expose(),
        &[owner.name.as_str(), owner.email.as_str()],
    ) {
        return Err(password::guessable_error());
    }
    let hash = password::hash(password.expose().to_owned())
        .await
        .map_err(AppError::internal)?;
    let mut tx = db.write().await?;
    let now = now_unix();
    let Some(Some(user_id)) = tokens::find_valid(&mut tx, &token_hash, Purpose::Reset, now).await?
    else {
        return Err(AppError::InvalidLink);
    };
    if !tokens::consume(&mut tx, &token_hash, Purpose::Reset, now).await? {
        return Err(AppError::InvalidLink);
    }
    let disabled: bool =
        sqlx::query_scalar("SELECT disabled_at IS NOT NULL FROM users WHERE id = ?")
            .bind(user_id)
            .fetch_one(&mut *tx)
            .await?;
    if disabled {
        return Err(AppError::InvalidLink);
    }
    users::set_password_hash(&mut tx, user_id, &hash).await?;
    sessions::delete_for_user(&mut tx, user_id).await?;
    let has_second_factor = crate::server::repo::second_factor::is_set_up(&mut tx, user_id).await?;
    let step = second_factor::after_password(
        &mut tx,
        db.seeds(),
        user_id,
        owner.role,
        has_second_factor,
        second_factor_for_coordinators,
    )
    .await?;
    tx.commit().await?;
    Ok(step)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::server::services::test_support::{fresh_db, make_user};
    use std::time::Duration;

    #[tokio::test]
    async fn setup_link_works_once_and_only_without_accounts() {
        let (_dir, db) = fresh_db().await;
        let link = setup_link_if_needed(&db, "http://127.0.0.1:3000")
            .await
            .expect("ok")
            .expect("link");
        let secret = link.split("token=").nth(1).expect("token").to_owned();
        assert!(link_is_valid(&db, &secret, Purpose::Setup)
            .await
            .expect("ok"));
        let account = NewAccount::parse(
            "Petra Büro",
            "petra@dortmund.de",
            "Borsigplatz ist grün",
            "Borsigplatz ist grün",
        )
        .expect("valid");
        let step = complete_setup(&db, &secret, account).await.expect("setup");
        // The Projektbüro's first login goes on to set up the second factor.
        assert!(matches!(step, LoginStep::SetupNeeded(_)), "{step:?}");
        let created =
            users::credentials_by_email(&mut db.read().await.expect("conn"), "petra@dortmund.de")
                .await
                .expect("ok")
                .expect("account");
        assert_eq!(created.role, Some(Role::ProjectOffice));
        assert!(!created.has_second_factor);

        let again = NewAccount::parse(
            "Eve",
            "eve@dortmund.de",
            "Borsigplatz ist grün",
            "Borsigplatz ist grün",
        )
        .expect("valid");
        assert_eq!(
            complete_setup(&db, &secret, again).await,
            Err(AppError::InvalidLink)
        );
        assert_eq!(
            setup_link_if_needed(&db, "http://x").await.expect("ok"),
            None
        );
    }

    #[tokio::test]
    async fn a_newer_setup_link_revokes_the_older_one() {
        let (_dir, db) = fresh_db().await;
        let first = setup_link_if_needed(&db, "http://x")
            .await
            .expect("ok")
            .expect("link");
        let _second = setup_link_if_needed(&db, "http://x")
            .await
            .expect("ok")
            .expect("link");
        let secret = first.split("token=").nth(1).expect("token");
        assert!(!link_is_valid(&db, secret, Purpose::Setup)
            .await
            .expect("ok"));
    }

    #[tokio::test]
    async fn login_gives_the_same_error_for_unknown_email_and_wrong_password() {
        let (_dir, db) = fresh_db().await;
        make_user(&db, "anna@dortmund.de", Role::Coordinator, &[]).await;
        let limiter = WindowLimiter::new(10, Duration::from_secs(60));
        let wrong = login(
            &db,
            &limiter,
            "anna@dortmund.de",
            "falsch".into(),
            None,
            false,
        )
        .await;
        let unknown = login(
            &db,
            &limiter,
            "niemand@dortmund.de",
            "falsch".into(),
            None,
            false,
        )
        .await;
        assert_eq!(wrong, Err(AppError::LoginFailed));
        assert_eq!(unknown, Err(AppError::LoginFailed));
        let token = login(
            &db,
            &limiter,
            " Anna@Dortmund.de",
            "Borsigplatz ist grün".into(),
            None,
            false,
        )
        .await
        .expect("login")
        .signed_in();
        assert!(session::resolve(&db, &token).await.expect("ok").is_some());
    }

    #[tokio::test]
    async fn ten_failures_for_one_account_lock_it_for_a_minute() {
        let (_dir, db) = fresh_db().await;
        make_user(&db, "anna@dortmund.de", Role::Coordinator, &[]).await;
        let limiter = WindowLimiter::new(10, Duration::from_secs(60));
        for _ in 0..10 {
            let result = login(
                &db,
                &limiter,
                "anna@dortmund.de",
                "falsch".into(),
                None,
                false,
            )
            .await;
            assert_eq!(result, Err(AppError::LoginFailed));
        }
        let blocked = login(
            &db,
            &limiter,
            "anna@dortmund.de",
            "Borsigplatz ist grün".into(),
            None,
            false,
        )
        .await;
        assert!(matches!(blocked, Err(AppError::TooManyRequests { .. })));
    }

    #[tokio::test]
    async fn parallel_wrong_logins_pass_the_limit_at_most_ten_times_and_right_ones_cost_none() {
        let (_dir, db) = fresh_db().await;
        make_user(&db, "anna@dortmund.de", Role::Coordinator, &[]).await;
        let limiter = std::sync::Arc::new(WindowLimiter::new(10, Duration::from_secs(60)));
        for _ in 0..12 {
            login(
                &db,
                &limiter,
                "anna@dortmund.de",
                "Borsigplatz ist grün".into(),
                None,
                false,
            )
            .await
            .expect("a right password is no failure");
        }
        let tries = (0..200).map(|n| {
            let (db, limiter) = (db.clone(), limiter.clone());
            tokio::spawn(async move {
                let ip = std::net::IpAddr::from([10, 1, (n / 250) as u8, (n % 250) as u8]);
                login(
                    &db,
                    &limiter,
                    "anna@dortmund.de",
                    "falsch".into(),
                    Some(ip),
                    false,
                )
                .await
            })
        });
        let mut verified = 0;
        for attempt in tries.collect::<Vec<_>>() {
            match attempt.await.expect("task") {
                Err(AppError::LoginFailed) => verified += 1,
                Err(AppError::TooManyRequests { .. }) => {}
                other => panic!("unexpected: {other:?}"),
            }
        }
        assert_eq!(verified, 10, "tries whose password was checked");
    }

    #[tokio::test]
    async fn weak_hashes_are_upgraded_at_login() {
        use argon2::password_hash::{PasswordHasher, SaltString};
        let (_dir, db) = fresh_db().await;
        let id = make_user(&db, "anna@dortmund.de", Role::Coordinator, &[]).await;
        let weak = argon2::Argon2::new(
            argon2::Algorithm::Argon2id,
            argon2::Version::V0x13,
            argon2::Params::new(1024, 1, 1, None).expect("params"),
        )
        .hash_password(
            "Borsigplatz ist grün".as_bytes(),
            &SaltString::generate(&mut rand::rngs::OsRng),
        )
        .expect("hash")
        .to_string();
        sqlx::query("UPDATE users SET password_hash = ? WHERE id = ?")
            .bind(&weak)
            .bind(id)
            .execute(&mut *db.writer().await.expect("writer"))
            .await
            .expect("update");
        let limiter = WindowLimiter::new(10, Duration::from_secs(60));
        login(
            &db,
            &limiter,
            "anna@dortmund.de",
            "Borsigplatz ist grün".into(),
            None,
            false,
        )
        .await
        .expect("login");
        let stored: String = sqlx::query_scalar("SELECT password_hash FROM users WHERE id = ?")
            .bind(id)
            .fetch_one(&mut *db.read().await.expect("conn"))
            .await
            .expect("hash");
        assert_eq!(
            password::parameters_of(&stored),
            Some(("argon2id".into(), 19_456, 2, 1))
        );
    }

    #[tokio::test]
    async fn reset_link_sets_password_once_and_ends_old_sessions() {
        let (_dir, db) = fresh_db().await;
        let id = make_user(&db, "anna@dortmund.de", Role::Coordinator, &[]).await;
        let limiter = WindowLimiter::new(10, Duration::from_secs(60));
        let old_session = login(
            &db,
            &limiter,
            "anna@dortmund.de",
            "Borsigplatz ist grün".into(),
            None,
            false,
        )
        .await
        .expect("login")
        .signed_in();
        let link = issue_reset_link(&db, "http://x", id).await.expect("link");
        let secret = link.split("token=").nth(1).expect("token");
        let new_password = NewPassword::parse("Ein ganz neues Passwort", "Ein ganz neues Passwort")
            .expect("valid");
        let new_session = complete_reset(&db, secret, new_password.clone(), false)
            .await
            .expect("reset")
            .signed_in();
        assert!(session::resolve(&db, &new_session)
            .await
            .expect("ok")
            .is_some());
        assert_eq!(session::resolve(&db, &old_session).await.expect("ok"), None);
        assert_eq!(
            complete_reset(&db, secret, new_password, false).await,
            Err(AppError::InvalidLink)
        );
        login(
            &db,
            &limiter,
            "anna@dortmund.de",
            "Ein ganz neues Passwort".into(),
            None,
            false,
        )
        .await
        .expect("login with new password");
    }
}
