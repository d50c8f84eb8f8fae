//! Server-side sessions, addressed by the SHA-256 of the cookie token.
use sqlx::SqliteConnection;

pub async fn insert(
    conn: &mut SqliteConnection,
    token_hash: &[u8],
    user_id: i64,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at) VALUES (?, ?, ?, ?)",
    )
    .bind(token_hash)
    .bind(user_id)
    .bind(now)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// (user id, created at, last seen at) of a session whose user is enabled.
pub async fn find(
    conn: &mut SqliteConnection,
    token_hash: &[u8],
) -> Result<Option<(i64, i64, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT s.user_id, s.created_at, s.last_seen_at FROM sessions s
         JOIN users u ON u.id = s.user_id
         WHERE s.token_hash = ? AND u.disabled_at IS NULL",
    )
    .bind(token_hash)
    .fetch_optional(conn)
    .await
}

pub async fn touch(
    conn: &mut SqliteConnection,
    token_hash: &[u8],
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?")
        .bind(now)
        .bind(token_hash)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn delete(conn: &mut SqliteConnection, token_hash: &[u8]) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = ?")
        .bind(token_hash)
        .execute(conn)
        .await?;
    Ok(())
}

/// Ends every login of the user: sessions and logins still waiting for their second factor.
pub async fn delete_for_user(conn: &mut SqliteConnection, user_id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM sessions WHERE user_id = ?")
        .bind(user_id)
        .execute(&mut *conn)
        .await?;
    sqlx::query("DELETE FROM login_challenges WHERE user_id = ?")
        .bind(user_id)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn delete_expired(
    conn: &mut SqliteConnection,
    idle_before: i64,
    created_before: i64,
) -> Result<u64, sqlx::Error> {
    let result = sqlx::query("DELETE FROM sessions WHERE last_seen_at < ? OR created_at < ?")
        .bind(idle_before)
        .bind(created_before)
        .execute(conn)
        .await?;
    Ok(result.rows_affected())
}

/// A current code was given in this session (step-up).
pub async fn mark_code_confirmed(
    conn: &mut SqliteConnection,
    token_hash: &[u8],
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE sessions SET code_confirmed_at = ? WHERE token_hash = ?")
        .bind(now)
        .bind(token_hash)
        .execute(conn)
        .await?;
    Ok(())
}

/// When a current code was last given in this session, if ever.
pub async fn code_confirmed_at(
    conn: &mut SqliteConnection,
    token_hash: &[u8],
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT code_confirmed_at FROM sessions WHERE token_hash = ?")
        .bind(token_hash)
        .fetch_optional(conn)
        .await
        .map(Option::flatten)
}
