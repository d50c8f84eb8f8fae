//! One-time links (first-start setup, password reset).
use sqlx::SqliteConnection;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    Setup,
    Reset,
}

impl Purpose {
    fn slug(self) -> &'static str {
        match self {
            Purpose::Setup => "setup",
            Purpose::Reset => "reset",
        }
    }
}

pub async fn insert(
    conn: &mut SqliteConnection,
    token_hash: &[u8],
    purpose: Purpose,
    user_id: Option<i64>,
    now: i64,
    expires_at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO one_time_tokens (token_hash, purpose, user_id, created_at, expires_at)
         VALUES (?, ?, ?, ?, ?)",
    )
    .bind(token_hash)
    .bind(purpose.slug())
    .bind(user_id)
    .bind(now)
    .bind(expires_at)
    .execute(conn)
    .await?;
    Ok(())
}

/// Invalidates older unused links of the same purpose (and user), so only the newest works.
pub async fn revoke_unused(
    conn: &mut SqliteConnection,
    purpose: Purpose,
    user_id: Option<i64>,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE one_time_tokens SET used_at = ?
         WHERE purpose = ? AND user_id IS ? AND used_at IS NULL",
    )
    .bind(now)
    .bind(purpose.slug())
    .bind(user_id)
    .execute(conn)
    .await?;
    Ok(())
}

/// Whether a link is valid now: `Some(user_id)` (None for setup links) or `None` when not.
pub async fn find_valid(
    conn: &mut SqliteConnection,
    token_hash: &[u8],
    purpose: Purpose,
    now: i64,
) -> Result<Option<Option<i64>>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT user_id FROM one_time_tokens
         WHERE token_hash = ? AND purpose = ? AND used_at IS NULL AND expires_at > ?",
    )
    .bind(token_hash)
    .bind(purpose.slug())
    .bind(now)
    .fetch_optional(conn)
    .await
}

/// Marks a link used; false when it was used or expired meanwhile.
pub async fn consume(
    conn: &mut SqliteConnection,
    token_hash: &[u8],
    purpose: Purpose,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let result = sqlx::query(
        "UPDATE one_time_tokens SET used_at = ?
         WHERE token_hash = ? AND purpose = ? AND used_at IS NULL AND expires_at > ?",
    )
    .bind(now)
    .bind(token_hash)
    .bind(purpose.slug())
    .bind(now)
    .execute(conn)
    .await?;
    Ok(result.rows_affected() == 1)
}
