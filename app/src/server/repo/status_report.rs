//! The Sachstandsbericht's own data: the decisions on areas up to a date and the texts the
//! Projektbüro writes for it.
use chrono::NaiveDate;
use sqlx::SqliteConnection;

/// (effective on, area, decision, summary) of every change of an area in force by `until`,
/// oldest first.
pub async fn decisions_until(
    conn: &mut SqliteConnection,
    until: NaiveDate,
) -> Result<Vec<(NaiveDate, String, String, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT c.effective_on, a.name, c.decision, c.summary
         FROM area_changes c JOIN areas a ON a.id = c.area_id
         WHERE c.effective_on <= ?
         ORDER BY c.effective_on, a.name COLLATE NOCASE, c.id",
    )
    .bind(until)
    .fetch_all(conn)
    .await
}

/// The text `name` with who changed it last and when.
pub async fn text(
    conn: &mut SqliteConnection,
    name: &str,
) -> Result<Option<(String, Option<String>, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT t.body, u.name, t.updated_at FROM status_report_texts t
         LEFT JOIN users u ON u.id = t.updated_by
         WHERE t.name = ?",
    )
    .bind(name)
    .fetch_optional(conn)
    .await
}

pub async fn save_text(
    conn: &mut SqliteConnection,
    name: &str,
    body: &str,
    user_id: i64,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO status_report_texts (name, body, updated_by, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (name) DO UPDATE SET body = excluded.body, updated_by = excluded.updated_by,
             updated_at = excluded.updated_at",
    )
    .bind(name)
    .bind(body)
    .bind(user_id)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}
