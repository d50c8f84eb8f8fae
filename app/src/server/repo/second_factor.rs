//! The second factor's rows: the account's TOTP secret and last used step, its recovery codes,
//! and logins waiting for their code.
use sqlx::SqliteConnection;

/// A login that has passed the password, with what the code step needs of its account.
#[derive(sqlx::FromRow)]
pub struct Challenge {
    pub user_id: i64,
    pub email: String,
    pub name: String,
    pub role: String,
    /// Set while the account sets the factor up: the secret its app is to learn.
    pub offered_secret: Option<String>,
    /// The account's secret once set up.
    pub totp_secret: Option<String>,
    pub totp_last_step: Option<i64>,
    /// When the factor was locked after too many wrong codes in a row.
    pub totp_locked_at: Option<i64>,
}

pub async fn insert_challenge(
    conn: &mut SqliteConnection,
    token_hash: &[u8],
    user_id: i64,
    expires_at: i64,
    offered_secret: Option<&str>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO login_challenges (token_hash, user_id, expires_at, offered_secret)
         VALUES (?, ?, ?, ?)",
    )
    .bind(token_hash)
    .bind(user_id)
    .bind(expires_at)
    .bind(offered_secret)
    .execute(conn)
    .await?;
    Ok(())
}

/// The unexpired challenge of an enabled account.
pub async fn find_challenge(
    conn: &mut SqliteConnection,
    token_hash: &[u8],
    now: i64,
) -> Result<Option<Challenge>, sqlx::Error> {
    sqlx::query_as(
        "SELECT c.user_id, u.email, u.name, u.role, c.offered_secret, u.totp_secret,
                u.totp_last_step, u.totp_locked_at
         FROM login_challenges c JOIN users u ON u.id = c.user_id
         WHERE c.token_hash = ? AND c.expires_at > ? AND u.disabled_at IS NULL",
    )
    .bind(token_hash)
    .bind(now)
    .fetch_optional(conn)
    .await
}

/// Counts a wrong code against the account, across its logins; locks the factor (at `now`)
/// when the count reaches `lock_after`. Returns the count and whether the factor is locked now.
pub async fn count_wrong_code(
    conn: &mut SqliteConnection,
    user_id: i64,
    lock_after: i64,
    now: i64,
) -> Result<(i64, bool), sqlx::Error> {
    sqlx::query_as(
        "UPDATE users SET totp_wrong_codes = totp_wrong_codes + 1,
             totp_locked_at = CASE WHEN totp_wrong_codes + 1 >= ?1
                                   THEN coalesce(totp_locked_at, ?2) END
         WHERE id = ?3
         RETURNING totp_wrong_codes, totp_locked_at IS NOT NULL",
    )
    .bind(lock_after)
    .bind(now)
    .bind(user_id)
    .fetch_optional(conn)
    .await
    .map(Option::unwrap_or_default)
}

/// A right code: the wrong ones before it are kept to be told once (added to any not yet told),
/// the count starts again.
pub async fn accept_login(conn: &mut SqliteConnection, user_id: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE users SET totp_wrong_codes_seen = totp_wrong_codes_seen + totp_wrong_codes,
             totp_wrong_codes = 0
         WHERE id = ?",
    )
    .bind(user_id)
    .execute(conn)
    .await?;
    Ok(())
}

/// The wrong codes entered before the account's last login, not yet told.
pub async fn wrong_codes_seen(
    conn: &mut SqliteConnection,
    user_id: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT totp_wrong_codes_seen FROM users WHERE id = ?")
        .bind(user_id)
        .fetch_optional(conn)
        .await
        .map(Option::unwrap_or_default)
}

/// The owner was told of the wrong codes before the last login.
pub async fn clear_wrong_codes_seen(
    conn: &mut SqliteConnection,
    user_id: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET totp_wrong_codes_seen = 0 WHERE id = ?")
        .bind(user_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// A locked factor nobody was told of yet by e-mail.
#[derive(Debug, sqlx::FromRow)]
pub struct UntoldLock {
    pub user_id: i64,
    pub name: String,
    pub email: String,
    pub locked_at: i64,
}

pub async fn untold_locks(conn: &mut SqliteConnection) -> Result<Vec<UntoldLock>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id AS user_id, name, email, totp_locked_at AS locked_at FROM users
         WHERE totp_locked_at IS NOT NULL AND totp_lock_notified_at IS NULL
         ORDER BY totp_locked_at LIMIT 20",
    )
    .fetch_all(conn)
    .await
}

pub async fn mark_lock_told(
    conn: &mut SqliteConnection,
    user_id: i64,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET totp_lock_notified_at = ? WHERE id = ?")
        .bind(now)
        .bind(user_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// The addresses of the enabled Projektbüro accounts.
pub async fn office_addresses(conn: &mut SqliteConnection) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT email FROM users WHERE role = 'projektbuero' AND disabled_at IS NULL ORDER BY id",
    )
    .fetch_all(conn)
    .await
}

/// (id, name, locked at) of the accounts whose factor is locked, newest first.
pub async fn locked_accounts(
    conn: &mut SqliteConnection,
) -> Result<Vec<(i64, String, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, name, totp_locked_at FROM users
         WHERE totp_locked_at IS NOT NULL AND disabled_at IS NULL
         ORDER BY totp_locked_at DESC LIMIT 50",
    )
    .fetch_all(conn)
    .await
}

/// Counts a wrong code; returns how many the challenge has had.
pub async fn count_failure(
    conn: &mut SqliteConnection,
    token_hash: &[u8],
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "UPDATE login_challenges SET failed_tries = failed_tries + 1 WHERE token_hash = ?
         RETURNING failed_tries",
    )
    .bind(token_hash)
    .fetch_optional(conn)
    .await
    .map(Option::unwrap_or_default)
}

pub async fn delete_challenge(
    conn: &mut SqliteConnection,
    token_hash: &[u8],
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM login_challenges WHERE token_hash = ?")
        .bind(token_hash)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn delete_challenges_of(
    conn: &mut SqliteConnection,
    user_id: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM login_challenges WHERE user_id = ?")
        .bind(user_id)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn delete_expired_challenges(
    conn: &mut SqliteConnection,
    now: i64,
) -> Result<u64, sqlx::Error> {
    Ok(
        sqlx::query("DELETE FROM login_challenges WHERE expires_at <= ?")
            .bind(now)
            .execute(conn)
            .await?
            .rows_affected(),
    )
}

/// Records `step` as used if it is later than every step used before: a code works once,
/// even when two logins send it at the same moment.
pub async fn accept_step(
    conn: &mut SqliteConnection,
    user_id: i64,
    step: i64,
) -> Result<bool, sqlx::Error> {
    let updated = sqlx::query(
        "UPDATE users SET totp_last_step = ?
         WHERE id = ? AND totp_secret IS NOT NULL
           AND (totp_last_step IS NULL OR totp_last_step < ?)",
    )
    .bind(step)
    .bind(user_id)
    .bind(step)
    .execute(conn)
    .await?;
    Ok(updated.rows_affected() == 1)
}

/// Uses up a recovery code; `false` if it is unknown or was used before.
pub async fn use_recovery_code(
    conn: &mut SqliteConnection,
    user_id: i64,
    code_hash: &[u8],
    now: i64,
) -> Result<bool, sqlx::Error> {
    let updated = sqlx::query(
        "UPDATE recovery_codes SET used_at = ?
         WHERE id = (SELECT id FROM recovery_codes
                     WHERE user_id = ? AND code_hash = ? AND used_at IS NULL LIMIT 1)",
    )
    .bind(now)
    .bind(user_id)
    .bind(code_hash)
    .execute(conn)
    .await?;
    Ok(updated.rows_affected() == 1)
}

pub async fn recovery_codes_left(
    conn: &mut SqliteConnection,
    user_id: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM recovery_codes WHERE user_id = ? AND used_at IS NULL")
        .bind(user_id)
        .fetch_one(conn)
        .await
}

/// Gives the account its secret (its first step used, if any) and new recovery codes; the
/// old codes stop working.
pub async fn enrol(
    conn: &mut SqliteConnection,
    user_id: i64,
    secret: &str,
    used_step: Option<i64>,
    code_hashes: &[Vec<u8>],
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE users SET totp_secret = ?, totp_last_step = ?, totp_wrong_codes = 0,
             totp_locked_at = NULL, totp_lock_notified_at = NULL
         WHERE id = ?",
    )
    .bind(secret)
    .bind(used_step)
    .bind(user_id)
    .execute(&mut *conn)
    .await?;
    replace_recovery_codes(conn, user_id, code_hashes).await
}

pub async fn replace_recovery_codes(
    conn: &mut SqliteConnection,
    user_id: i64,
    code_hashes: &[Vec<u8>],
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM recovery_codes WHERE user_id = ?")
        .bind(user_id)
        .execute(&mut *conn)
        .await?;
    for hash in code_hashes {
        sqlx::query("INSERT INTO recovery_codes (user_id, code_hash) VALUES (?, ?)")
            .bind(user_id)
            .bind(hash)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Removes the factor: the next login sets it up again.
pub async fn remove(conn: &mut SqliteConnection, user_id: i64) -> Result<bool, sqlx::Error> {
    let updated = sqlx::query(
        "UPDATE users SET totp_secret = NULL, totp_last_step = NULL, totp_locked_at = NULL,
             totp_lock_notified_at = NULL,
             totp_wrong_codes_seen = totp_wrong_codes_seen + totp_wrong_codes,
             totp_wrong_codes = 0
         WHERE id = ? AND totp_secret IS NOT NULL",
    )
    .bind(user_id)
    .execute(&mut *conn)
    .await?;
    sqlx::query("DELETE FROM recovery_codes WHERE user_id = ?")
        .bind(user_id)
        .execute(&mut *conn)
        .await?;
    delete_challenges_of(conn, user_id).await?;
    Ok(updated.rows_affected() == 1)
}

/// (account, seed) of the seeds stored before sealing.
pub async fn unsealed_seeds(
    conn: &mut SqliteConnection,
) -> Result<Vec<(i64, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, totp_secret FROM users
         WHERE totp_secret IS NOT NULL AND totp_secret NOT LIKE 'v1.%'",
    )
    .fetch_all(conn)
    .await
}

/// Replaces the stored (sealed) seed of an account.
pub async fn store_seed(
    conn: &mut SqliteConnection,
    user_id: i64,
    sealed: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET totp_secret = ? WHERE id = ?")
        .bind(sealed)
        .bind(user_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// The account's stored (sealed) seed and whether the factor is locked; `None` without one.
pub async fn factor_of(
    conn: &mut SqliteConnection,
    user_id: i64,
) -> Result<Option<(String, bool)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT totp_secret, totp_locked_at IS NOT NULL FROM users
         WHERE id = ? AND totp_secret IS NOT NULL",
    )
    .bind(user_id)
    .fetch_optional(conn)
    .await
}

/// Whether the account has set the factor up.
pub async fn is_set_up(conn: &mut SqliteConnection, user_id: i64) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar("SELECT totp_secret IS NOT NULL FROM users WHERE id = ?")
        .bind(user_id)
        .fetch_optional(conn)
        .await
        .map(|set| set.unwrap_or(false))
}
