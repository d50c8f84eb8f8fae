//! The statement's facts and the reported barriers.
use crate::domain::accessibility::StatementFacts;
use chrono::NaiveDate;
use sqlx::SqliteConnection;

/// (conformity, assessed on, method, known gaps, e-mail, phone, changed by, changed at)
type StatementRow = (
    String,
    NaiveDate,
    String,
    String,
    String,
    String,
    Option<String>,
    i64,
);

pub async fn statement(conn: &mut SqliteConnection) -> Result<Option<StatementRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT s.conformity, s.assessed_on, s.method, s.known_gaps, s.contact_email,
                s.contact_phone, u.name, s.updated_at
         FROM accessibility_statement s LEFT JOIN users u ON u.id = s.updated_by
         WHERE s.id = 1",
    )
    .fetch_optional(conn)
    .await
}

pub async fn save_statement(
    conn: &mut SqliteConnection,
    facts: &StatementFacts,
    user_id: i64,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO accessibility_statement
             (id, conformity, assessed_on, method, known_gaps, contact_email, contact_phone,
              updated_by, updated_at)
         VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET conformity = excluded.conformity,
             assessed_on = excluded.assessed_on, method = excluded.method,
             known_gaps = excluded.known_gaps, contact_email = excluded.contact_email,
             contact_phone = excluded.contact_phone, updated_by = excluded.updated_by,
             updated_at = excluded.updated_at",
    )
    .bind(facts.conformity.slug())
    .bind(facts.assessed_on)
    .bind(&facts.method)
    .bind(&facts.known_gaps)
    .bind(&facts.contact_email)
    .bind(&facts.contact_phone)
    .bind(user_id)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// A new report.
pub struct NewFeedback<'a> {
    pub form_key_hash: &'a [u8],
    pub received_at: i64,
    pub due_on: NaiveDate,
    pub page: &'a str,
    pub description: &'a str,
    pub contact_name: &'a str,
    pub contact_email: &'a str,
    pub consent_at: Option<i64>,
}

/// Stores a report; a form sent again (same key) keeps the first one. Returns its id.
pub async fn insert_feedback(
    conn: &mut SqliteConnection,
    new: &NewFeedback<'_>,
) -> Result<i64, sqlx::Error> {
    sqlx::query(
        "INSERT INTO accessibility_feedback
             (form_key_hash, received_at, due_on, page, description, contact_name, contact_email,
              consent_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (form_key_hash) DO NOTHING",
    )
    .bind(new.form_key_hash)
    .bind(new.received_at)
    .bind(new.due_on)
    .bind(new.page)
    .bind(new.description)
    .bind(new.contact_name)
    .bind(new.contact_email)
    .bind(new.consent_at)
    .bind(new.received_at)
    .execute(&mut *conn)
    .await?;
    feedback_by_key(conn, new.form_key_hash)
        .await?
        .ok_or(sqlx::Error::RowNotFound)
}

pub async fn feedback_by_key(
    conn: &mut SqliteConnection,
    form_key_hash: &[u8],
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT id FROM accessibility_feedback WHERE form_key_hash = ?")
        .bind(form_key_hash)
        .fetch_optional(conn)
        .await
}

/// (page, description) of the report sent with this form key, if any: a resend has the same.
pub async fn feedback_content_by_key(
    conn: &mut SqliteConnection,
    form_key_hash: &[u8],
) -> Result<Option<(String, String)>, sqlx::Error> {
    sqlx::query_as("SELECT page, description FROM accessibility_feedback WHERE form_key_hash = ?")
        .bind(form_key_hash)
        .fetch_optional(conn)
        .await
}

/// (received at, id) of the report behind a form key: its receipt.
pub async fn receipt(
    conn: &mut SqliteConnection,
    form_key_hash: &[u8],
) -> Result<Option<(i64, i64, NaiveDate, bool)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, received_at, due_on, contact_email <> '' FROM accessibility_feedback
         WHERE form_key_hash = ?",
    )
    .bind(form_key_hash)
    .fetch_optional(conn)
    .await
}

#[derive(Debug, sqlx::FromRow)]
pub struct FeedbackRow {
    pub id: i64,
    pub received_at: i64,
    pub due_on: NaiveDate,
    pub page: String,
    pub description: String,
    pub contact_name: String,
    pub contact_email: String,
    pub contact_erased_at: Option<i64>,
    pub state: String,
    pub answer: String,
    pub answered_at: Option<i64>,
    pub updated_by: Option<String>,
    pub updated_at: i64,
}

/// A query over the reports with the name of who changed each last.
macro_rules! select_feedback {
    ($rest:literal) => {
        concat!(
            "SELECT f.id, f.received_at, f.due_on, f.page, f.description, f.contact_name,
                    f.contact_email, f.contact_erased_at, f.state, f.answer, f.answered_at,
                    u.name AS updated_by, f.updated_at
             FROM accessibility_feedback f LEFT JOIN users u ON u.id = f.updated_by ",
            $rest
        )
    };
}

/// The reports not yet answered, the soonest due first (at most `limit`).
pub async fn open_feedback(
    conn: &mut SqliteConnection,
    limit: i64,
) -> Result<Vec<FeedbackRow>, sqlx::Error> {
    sqlx::query_as(select_feedback!(
        "WHERE f.state <> 'beantwortet' ORDER BY f.due_on, f.id LIMIT ?"
    ))
    .bind(limit)
    .fetch_all(conn)
    .await
}

/// A page of the answered reports, the last answered first.
pub async fn answered_feedback(
    conn: &mut SqliteConnection,
    limit: i64,
    offset: i64,
) -> Result<Vec<FeedbackRow>, sqlx::Error> {
    sqlx::query_as(select_feedback!(
        "WHERE f.answered_at IS NOT NULL AND f.state = 'beantwortet'
         ORDER BY f.answered_at DESC, f.id DESC LIMIT ? OFFSET ?"
    ))
    .bind(limit)
    .bind(offset)
    .fetch_all(conn)
    .await
}

pub async fn answered_count(conn: &mut SqliteConnection) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT count(*) FROM accessibility_feedback WHERE state = 'beantwortet'")
        .fetch_one(conn)
        .await
}

/// (open, overdue on `today`) reports, for the Projektbüro's overview.
pub async fn open_counts(
    conn: &mut SqliteConnection,
    today: NaiveDate,
) -> Result<(i64, i64), sqlx::Error> {
    sqlx::query_as(
        "SELECT count(*), coalesce(sum(due_on < ?), 0) FROM accessibility_feedback
         WHERE state <> 'beantwortet'",
    )
    .bind(today)
    .fetch_one(conn)
    .await
}

pub async fn feedback(
    conn: &mut SqliteConnection,
    id: i64,
) -> Result<Option<FeedbackRow>, sqlx::Error> {
    sqlx::query_as(select_feedback!("WHERE f.id = ?"))
        .bind(id)
        .fetch_optional(conn)
        .await
}

/// Sets the state and answer; `answered_at` is set when it first becomes answered and cleared
/// when it is opened again.
pub async fn update_feedback(
    conn: &mut SqliteConnection,
    id: i64,
    state: &str,
    answer: &str,
    user_id: i64,
    now: i64,
) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query(
        "UPDATE accessibility_feedback SET state = ?1, answer = ?2, updated_by = ?3,
             updated_at = ?4,
             answered_at = CASE WHEN ?1 = 'beantwortet' THEN coalesce(answered_at, ?4) END
         WHERE id = ?5",
    )
    .bind(state)
    .bind(answer)
    .bind(user_id)
    .bind(now)
    .bind(id)
    .execute(conn)
    .await?
    .rows_affected()
        == 1)
}

/// Erases the contact data of reports answered (or, unanswered, received) more than `months`
/// ago: the same period as the needs form's contact data.
pub async fn erase_expired_contacts(
    conn: &mut SqliteConnection,
    months: u32,
    now: i64,
) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query(
        "UPDATE accessibility_feedback
         SET contact_name = '', contact_email = '', consent_at = NULL, contact_erased_at = ?2
         WHERE (contact_name <> '' OR contact_email <> '')
           AND unixepoch(coalesce(answered_at, received_at), 'unixepoch', '+' || ?1 || ' months') <= ?2",
    )
    .bind(i64::from(months))
    .bind(now)
    .execute(conn)
    .await?
    .rows_affected())
}

/// (reference id, received at, name) of the reports that carry this address.
pub async fn contacts_by_email(
    conn: &mut SqliteConnection,
    email: &str,
) -> Result<Vec<(i64, i64, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, received_at, contact_name FROM accessibility_feedback
         WHERE contact_email = ? ORDER BY id LIMIT 500",
    )
    .bind(email)
    .fetch_all(conn)
    .await
}

pub async fn erase_contacts_by_email(
    conn: &mut SqliteConnection,
    email: &str,
    now: i64,
) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query(
        "UPDATE accessibility_feedback
         SET contact_name = '', contact_email = '', consent_at = NULL, contact_erased_at = ?
         WHERE contact_email = ?",
    )
    .bind(now)
    .bind(email)
    .execute(conn)
    .await?
    .rows_affected())
}
