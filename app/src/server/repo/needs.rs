//! Needs sent through the public form, and the reference-number counters.
use crate::domain::need::SubmissionFields;
use sqlx::SqliteConnection;

/// The next running number for `prefix` in `year` (1, 2, …); call inside the write transaction.
pub async fn next_number(
    conn: &mut SqliteConnection,
    prefix: &str,
    year: i32,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO reference_counters (prefix, year, last) VALUES (?, ?, 1)
         ON CONFLICT (prefix, year) DO UPDATE SET last = last + 1
         RETURNING last",
    )
    .bind(prefix)
    .bind(year)
    .fetch_one(conn)
    .await
}

pub async fn insert(
    conn: &mut SqliteConnection,
    reference: &str,
    form_key_hash: &[u8],
    area_id: i64,
    fields: &SubmissionFields,
    now: i64,
) -> Result<i64, sqlx::Error> {
    let (name, email) = fields
        .contact
        .as_ref()
        .map(|c| (c.name.as_str(), c.email.as_str()))
        .unwrap_or(("", ""));
    sqlx::query_scalar(
        "INSERT INTO need_submissions (reference, form_key_hash, area_id, field_number, title,
             description, affected, organisation_name, contact_name, contact_email, consent_at,
             language, submitted_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(reference)
    .bind(form_key_hash)
    .bind(area_id)
    .bind(i64::from(fields.field.number()))
    .bind(&fields.title)
    .bind(&fields.description)
    .bind(&fields.affected)
    .bind(&fields.organisation)
    .bind(name)
    .bind(email)
    .bind(fields.contact.as_ref().map(|_| now))
    .bind(&fields.language)
    .bind(now)
    .fetch_one(conn)
    .await
}

#[derive(sqlx::FromRow)]
pub struct SubmissionRow {
    pub id: i64,
    pub reference: String,
    pub area_id: i64,
    pub area_slug: String,
    pub area_name: String,
    pub field_number: i64,
    pub title: String,
    pub description: String,
    pub affected: String,
    pub organisation_name: String,
    pub contact_name: String,
    pub contact_email: String,
    pub need_id: Option<i64>,
    pub status: Option<String>,
    pub language: String,
    pub submitted_at: i64,
}

const SELECT: &str = "SELECT s.id, s.reference, s.area_id, a.slug AS area_slug,
        a.name AS area_name, s.field_number, s.title, s.description, s.affected,
        s.organisation_name, s.contact_name, s.contact_email, n.id AS need_id, n.status,
        s.language, s.submitted_at
    FROM need_submissions s JOIN areas a ON a.id = s.area_id
    LEFT JOIN needs n ON n.submission_id = s.id";

pub async fn by_key(
    conn: &mut SqliteConnection,
    form_key_hash: &[u8],
) -> Result<Option<SubmissionRow>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{SELECT} WHERE s.form_key_hash = ?"
    )))
    .bind(form_key_hash)
    .fetch_optional(conn)
    .await
}

pub async fn by_id(
    conn: &mut SqliteConnection,
    id: i64,
) -> Result<Option<SubmissionRow>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!("{SELECT} WHERE s.id = ?")))
        .bind(id)
        .fetch_optional(conn)
        .await
}

/// The newest submissions of an area first.
pub async fn for_area(
    conn: &mut SqliteConnection,
    area_id: i64,
    limit: i64,
) -> Result<Vec<SubmissionRow>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{SELECT} WHERE s.area_id = ? ORDER BY s.submitted_at DESC, s.id DESC LIMIT ?"
    )))
    .bind(area_id)
    .bind(limit)
    .fetch_all(conn)
    .await
}

/// Submissions that carry this contact e-mail: (reference, area, submitted at, title, name,
/// e-mail, consent at).
#[allow(clippy::type_complexity)]
pub async fn with_contact_email(
    conn: &mut SqliteConnection,
    email: &str,
) -> Result<Vec<(String, String, i64, String, String, String, Option<i64>)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT s.reference, a.name, s.submitted_at, s.title, s.contact_name, s.contact_email,
                s.consent_at
         FROM need_submissions s JOIN areas a ON a.id = s.area_id
         WHERE s.contact_email = ? ORDER BY s.submitted_at",
    )
    .bind(email)
    .fetch_all(conn)
    .await
}

/// Removes name, e-mail and consent from the submissions with this e-mail; the needs stay.
pub async fn erase_contact_email(
    conn: &mut SqliteConnection,
    email: &str,
) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query(
        "UPDATE need_submissions SET contact_name = '', contact_email = '', consent_at = NULL
         WHERE contact_email = ?",
    )
    .bind(email)
    .execute(conn)
    .await?
    .rows_affected())
}

pub async fn log_personal_data_erasure(
    conn: &mut SqliteConnection,
    erased_by: i64,
    erased: &crate::domain::personal_data::ErasureSummary,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO personal_data_erasures (erased_by, erased_at, submissions, contacts,
             subscriptions, feedback)
         VALUES (?, ?, ?, ?, ?, ?)",
    )
    .bind(erased_by)
    .bind(now)
    .bind(erased.submissions)
    .bind(erased.contacts)
    .bind(erased.subscriptions)
    .bind(erased.barrier_reports)
    .execute(conn)
    .await?;
    Ok(())
}

/// Clears the contact data of submissions sent up to their area's last approval, once `months`
/// calendar months have passed since it.
pub async fn erase_contacts_after_approval(
    conn: &mut SqliteConnection,
    months: u32,
    now: i64,
) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query(
        "UPDATE need_submissions SET contact_name = '', contact_email = '', consent_at = NULL
         WHERE (contact_name <> '' OR contact_email <> '')
           AND EXISTS (
               SELECT 1 FROM programmes p
               WHERE p.area_id = need_submissions.area_id
                 AND p.approved_at IS NOT NULL
                 AND need_submissions.submitted_at <= p.approved_at
                 AND unixepoch(p.approved_at, 'unixepoch', '+' || ? || ' months') <= ?)",
    )
    .bind(i64::from(months))
    .bind(now)
    .execute(conn)
    .await?
    .rows_affected())
}
