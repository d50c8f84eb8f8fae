//! Staff accounts and their area assignments.
use crate::domain::user::{CurrentUser, Role};
use sqlx::SqliteConnection;

pub use crate::domain::user::Account as UserRecord;

#[derive(sqlx::FromRow)]
struct UserRow {
    id: i64,
    email: String,
    name: String,
    role: String,
    disabled: bool,
    has_password: bool,
    has_second_factor: bool,
}

/// The fields needed to check a login.
pub struct Credentials {
    pub id: i64,
    pub password_hash: Option<String>,
    pub disabled: bool,
    pub role: Option<Role>,
    /// The account has set up its second factor.
    pub has_second_factor: bool,
}

pub async fn count(conn: &mut SqliteConnection) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM users")
        .fetch_one(conn)
        .await
}

pub async fn credentials_by_email(
    conn: &mut SqliteConnection,
    email: &str,
) -> Result<Option<Credentials>, sqlx::Error> {
    let row: Option<(i64, Option<String>, bool, String, bool)> = sqlx::query_as(
        "SELECT id, password_hash, disabled_at IS NOT NULL, role, totp_secret IS NOT NULL
         FROM users WHERE email = ?",
    )
    .bind(email)
    .fetch_optional(conn)
    .await?;
    Ok(row.map(
        |(id, password_hash, disabled, role, has_second_factor)| Credentials {
            id,
            password_hash,
            disabled,
            role: Role::parse(&role),
            has_second_factor,
        },
    ))
}

pub async fn insert(
    conn: &mut SqliteConnection,
    email: &str,
    name: &str,
    role: Role,
    password_hash: Option<&str>,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO users (email, name, role, password_hash) VALUES (?, ?, ?, ?) RETURNING id",
    )
    .bind(email)
    .bind(name)
    .bind(role.slug())
    .bind(password_hash)
    .fetch_one(conn)
    .await
}

pub async fn id_by_email(
    conn: &mut SqliteConnection,
    email: &str,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT id FROM users WHERE email = ?")
        .bind(email)
        .fetch_optional(conn)
        .await
}

pub async fn set_password_hash(
    conn: &mut SqliteConnection,
    id: i64,
    hash: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET password_hash = ? WHERE id = ?")
        .bind(hash)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn set_disabled(
    conn: &mut SqliteConnection,
    id: i64,
    disabled: bool,
) -> Result<bool, sqlx::Error> {
    let result = sqlx::query(
        "UPDATE users SET disabled_at = CASE WHEN ? THEN strftime('%Y-%m-%dT%H:%M:%SZ', 'now') END
         WHERE id = ?",
    )
    .bind(disabled)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(result.rows_affected() == 1)
}

pub async fn area_ids(conn: &mut SqliteConnection, user_id: i64) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT area_id FROM coordinator_areas WHERE user_id = ? ORDER BY area_id")
        .bind(user_id)
        .fetch_all(conn)
        .await
}

pub async fn replace_areas(
    conn: &mut SqliteConnection,
    user_id: i64,
    area_ids: &[i64],
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM coordinator_areas WHERE user_id = ?")
        .bind(user_id)
        .execute(&mut *conn)
        .await?;
    for area_id in area_ids {
        sqlx::query("INSERT INTO coordinator_areas (user_id, area_id) VALUES (?, ?)")
            .bind(user_id)
            .bind(area_id)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

const RECORD: &str = "SELECT id, email, name, role, disabled_at IS NOT NULL AS disabled,
    password_hash IS NOT NULL AS has_password, totp_secret IS NOT NULL AS has_second_factor
    FROM users";

async fn with_areas(conn: &mut SqliteConnection, row: UserRow) -> Result<UserRecord, sqlx::Error> {
    let area_ids = area_ids(conn, row.id).await?;
    Ok(UserRecord {
        id: row.id,
        email: row.email,
        name: row.name,
        role: Role::parse(&row.role).unwrap_or(Role::Coordinator),
        disabled: row.disabled,
        has_password: row.has_password,
        has_second_factor: row.has_second_factor,
        area_ids,
    })
}

pub async fn list(conn: &mut SqliteConnection) -> Result<Vec<UserRecord>, sqlx::Error> {
    let rows: Vec<UserRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{RECORD} ORDER BY name COLLATE NOCASE"
    )))
    .fetch_all(&mut *conn)
    .await?;
    let mut users = Vec::with_capacity(rows.len());
    for row in rows {
        users.push(with_areas(conn, row).await?);
    }
    Ok(users)
}

pub async fn by_id(
    conn: &mut SqliteConnection,
    id: i64,
) -> Result<Option<UserRecord>, sqlx::Error> {
    let row: Option<UserRow> =
        sqlx::query_as(sqlx::AssertSqlSafe(format!("{RECORD} WHERE id = ?")))
            .bind(id)
            .fetch_optional(&mut *conn)
            .await?;
    match row {
        Some(row) => Ok(Some(with_areas(conn, row).await?)),
        None => Ok(None),
    }
}

/// The logged-in view of an enabled account.
pub async fn current_user(
    conn: &mut SqliteConnection,
    id: i64,
) -> Result<Option<CurrentUser>, sqlx::Error> {
    Ok(by_id(conn, id)
        .await?
        .filter(|u| !u.disabled)
        .map(|u| CurrentUser {
            id: u.id,
            name: u.name,
            email: u.email,
            role: u.role,
            area_ids: u.area_ids,
        }))
}
