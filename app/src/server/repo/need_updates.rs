//! E-mail updates on needs: the subscriptions (address, language, links) and the messages
//! waiting for the mail worker.
use crate::domain::need_updates::UpdateKind;
use sqlx::SqliteConnection;

/// A new subscription, waiting for its address to be confirmed.
pub struct NewSubscription<'a> {
    pub submission_id: i64,
    pub area_id: i64,
    pub email: &'a str,
    pub language: &'a str,
    pub tracking_key: &'a str,
    /// The links (confirm, unsubscribe) are derived from the link key and this salt…
    pub link_salt: &'a [u8],
    /// …and only their hashes are kept.
    pub unsubscribe_hash: &'a str,
    pub confirm_hash: &'a str,
    pub confirm_by: i64,
}

pub async fn subscribe(
    conn: &mut SqliteConnection,
    new: &NewSubscription<'_>,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO need_update_subscriptions
             (submission_id, area_id, email, language, tracking_key, unsubscribe_token, consent_at,
              link_salt, confirm_hash, confirm_by, confirmation_due_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(new.submission_id)
    .bind(new.area_id)
    .bind(new.email)
    .bind(new.language)
    .bind(new.tracking_key)
    .bind(new.unsubscribe_hash)
    .bind(now)
    .bind(new.link_salt)
    .bind(new.confirm_hash)
    .bind(new.confirm_by)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// A confirmation mail due for sending.
#[derive(Debug, sqlx::FromRow)]
pub struct DueConfirmation {
    pub id: i64,
    pub email: String,
    pub language: String,
    pub link_salt: Vec<u8>,
    pub attempts: i64,
    pub confirm_by: Option<i64>,
    pub reference: String,
    pub title: String,
    pub area_name: String,
}

pub async fn due_confirmations(
    conn: &mut SqliteConnection,
    now: i64,
    limit: i64,
) -> Result<Vec<DueConfirmation>, sqlx::Error> {
    sqlx::query_as(
        "SELECT s.id, s.email, s.language, s.link_salt, s.confirmation_attempts AS attempts,
                s.confirm_by, ns.reference, ns.title, a.name AS area_name
         FROM need_update_subscriptions s
         JOIN need_submissions ns ON ns.id = s.submission_id
         JOIN areas a ON a.id = s.area_id
         WHERE s.confirmation_due_at <= ? AND s.confirmed_at IS NULL
           AND s.link_salt IS NOT NULL
         ORDER BY s.confirmation_due_at, s.id
         LIMIT ?",
    )
    .bind(now)
    .bind(limit)
    .fetch_all(conn)
    .await
}

/// The confirmation mail went out (`retry_at` = `None`), or is tried again at `retry_at`; given
/// up when neither (the address is erased at `confirm_by` anyway).
pub async fn confirmation_tried(
    conn: &mut SqliteConnection,
    id: i64,
    retry_at: Option<i64>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE need_update_subscriptions
         SET confirmation_attempts = confirmation_attempts + 1, confirmation_due_at = ?
         WHERE id = ?",
    )
    .bind(retry_at)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

/// Confirms the address behind the link's hash while it may still be confirmed; whether it is
/// confirmed now (also when it was before).
pub async fn confirm(
    conn: &mut SqliteConnection,
    confirm_hash: &str,
    now: i64,
) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query(
        "UPDATE need_update_subscriptions
         SET confirmed_at = coalesce(confirmed_at, ?1), confirmation_due_at = NULL
         WHERE confirm_hash = ?2
           AND (confirmed_at IS NOT NULL OR confirm_by IS NULL OR confirm_by > ?1)",
    )
    .bind(now)
    .bind(confirm_hash)
    .execute(conn)
    .await?
    .rows_affected()
        > 0)
}

/// Deletes the subscriptions whose address was not confirmed in time (with what waits for them).
pub async fn erase_unconfirmed(conn: &mut SqliteConnection, now: i64) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query(
        "DELETE FROM need_update_subscriptions
         WHERE confirmed_at IS NULL AND confirm_by IS NOT NULL AND confirm_by <= ?",
    )
    .bind(now)
    .execute(conn)
    .await?
    .rows_affected())
}

/// (id, token as stored) of the subscriptions from before their links were derived.
pub async fn without_salt(conn: &mut SqliteConnection) -> Result<Vec<(i64, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, unsubscribe_token FROM need_update_subscriptions WHERE link_salt IS NULL",
    )
    .fetch_all(conn)
    .await
}

/// Gives a subscription from before its salt and the hashes of its links; the token sent in
/// its earlier mails keeps working by its hash.
pub async fn set_links(
    conn: &mut SqliteConnection,
    id: i64,
    link_salt: &[u8],
    unsubscribe_hash: &str,
    confirm_hash: &str,
    earlier_hash: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE need_update_subscriptions
         SET link_salt = ?, unsubscribe_token = ?, confirm_hash = ?, unsubscribe_earlier = ?
         WHERE id = ?",
    )
    .bind(link_salt)
    .bind(unsubscribe_hash)
    .bind(confirm_hash)
    .bind(earlier_hash)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

/// Messages sent and waiting for the submission's subscription, if it has one.
pub async fn counts_for_submission(
    conn: &mut SqliteConnection,
    submission_id: i64,
) -> Result<Option<(i64, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT count(m.sent_at), count(m.id) - count(m.sent_at) - count(m.failed_at)
         FROM need_update_subscriptions s
         LEFT JOIN need_update_messages m ON m.subscription_id = s.id
         WHERE s.submission_id = ?
         GROUP BY s.id",
    )
    .bind(submission_id)
    .fetch_optional(conn)
    .await
}

/// The subscription of the submission behind a catalogue need.
pub async fn of_need(
    conn: &mut SqliteConnection,
    need_id: i64,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT s.id FROM need_update_subscriptions s
         JOIN needs n ON n.submission_id = s.submission_id
         WHERE n.id = ?",
    )
    .bind(need_id)
    .fetch_optional(conn)
    .await
}

/// Each subscription of an area with the catalogue need of its submission.
pub async fn in_area(
    conn: &mut SqliteConnection,
    area_id: i64,
) -> Result<Vec<(i64, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT s.id, n.id FROM need_update_subscriptions s
         JOIN needs n ON n.submission_id = s.submission_id
         WHERE s.area_id = ?
         ORDER BY s.id",
    )
    .bind(area_id)
    .fetch_all(conn)
    .await
}

pub async fn queue(
    conn: &mut SqliteConnection,
    subscription_id: i64,
    need_id: i64,
    kind: UpdateKind,
    detail: &str,
    now: i64,
    due_at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO need_update_messages (subscription_id, need_id, kind, detail, created_at, due_at)
         VALUES (?, ?, ?, ?, ?, ?)",
    )
    .bind(subscription_id)
    .bind(need_id)
    .bind(kind.code())
    .bind(detail)
    .bind(now)
    .bind(due_at)
    .execute(conn)
    .await?;
    Ok(())
}

/// Takes back the moderation messages about the need that are still waiting.
pub async fn withdraw_moderation(
    conn: &mut SqliteConnection,
    need_id: i64,
) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query(
        "DELETE FROM need_update_messages
         WHERE need_id = ? AND sent_at IS NULL
           AND kind IN ('angenommen', 'zusammengefuehrt', 'abgelehnt')",
    )
    .bind(need_id)
    .execute(conn)
    .await?
    .rows_affected())
}

/// A message due for sending, with everything it names.
#[derive(Debug, sqlx::FromRow)]
pub struct DueMessage {
    pub id: i64,
    pub kind: String,
    pub detail: String,
    pub attempts: i64,
    pub email: String,
    pub language: String,
    pub tracking_key: String,
    pub link_salt: Vec<u8>,
    pub reference: String,
    pub title: String,
    pub area_name: String,
}

pub async fn due(
    conn: &mut SqliteConnection,
    now: i64,
    limit: i64,
) -> Result<Vec<DueMessage>, sqlx::Error> {
    sqlx::query_as(
        "SELECT m.id, m.kind, m.detail, m.attempts, s.email, s.language, s.tracking_key,
                s.link_salt, ns.reference, ns.title, a.name AS area_name
         FROM need_update_messages m
         JOIN need_update_subscriptions s ON s.id = m.subscription_id
         JOIN need_submissions ns ON ns.id = s.submission_id
         JOIN areas a ON a.id = s.area_id
         WHERE m.sent_at IS NULL AND m.failed_at IS NULL AND m.due_at <= ?
           AND s.confirmed_at IS NOT NULL AND s.link_salt IS NOT NULL
         ORDER BY m.due_at, m.id
         LIMIT ?",
    )
    .bind(now)
    .bind(limit)
    .fetch_all(conn)
    .await
}

pub async fn mark_sent(conn: &mut SqliteConnection, id: i64, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE need_update_messages SET sent_at = ?, attempts = attempts + 1 WHERE id = ?",
    )
    .bind(now)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

/// A failed attempt: tried again at `retry_at`, or given up (`retry_at` = `None`).
pub async fn mark_failed(
    conn: &mut SqliteConnection,
    id: i64,
    error: &str,
    now: i64,
    retry_at: Option<i64>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE need_update_messages
         SET attempts = attempts + 1, last_error = ?, due_at = coalesce(?, due_at),
             failed_at = CASE WHEN ? IS NULL THEN ? END
         WHERE id = ?",
    )
    .bind(error)
    .bind(retry_at)
    .bind(retry_at)
    .bind(now)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

/// Deletes the subscription behind the token's hash (the address and what still waits);
/// whether there was one.
pub async fn unsubscribe(conn: &mut SqliteConnection, hash: &str) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query(
        "DELETE FROM need_update_subscriptions
         WHERE unsubscribe_token = ?1 OR unsubscribe_earlier = ?1",
    )
    .bind(hash)
    .execute(conn)
    .await?
    .rows_affected()
        > 0)
}

/// The retention rule of contact data, for the addresses of updates too: deleted `months`
/// after the approval of the area's programme for submissions sent before it.
pub async fn erase_after_approval(
    conn: &mut SqliteConnection,
    months: u32,
    now: i64,
) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query(
        "DELETE FROM need_update_subscriptions
         WHERE EXISTS (
             SELECT 1 FROM programmes p
             JOIN need_submissions ns ON ns.id = need_update_subscriptions.submission_id
             WHERE p.area_id = need_update_subscriptions.area_id
               AND p.approved_at IS NOT NULL
               AND ns.submitted_at <= p.approved_at
               AND unixepoch(p.approved_at, 'unixepoch', '+' || ? || ' months') <= ?)",
    )
    .bind(i64::from(months))
    .bind(now)
    .execute(conn)
    .await?
    .rows_affected())
}

/// The subscriptions of an address (reference, area, subscribed at), for requests about
/// personal data.
pub async fn with_email(
    conn: &mut SqliteConnection,
    email: &str,
) -> Result<Vec<(String, String, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT ns.reference, a.name, s.consent_at
         FROM need_update_subscriptions s
         JOIN need_submissions ns ON ns.id = s.submission_id
         JOIN areas a ON a.id = s.area_id
         WHERE s.email = ?
         ORDER BY s.id",
    )
    .bind(email)
    .fetch_all(conn)
    .await
}

pub async fn erase_email(conn: &mut SqliteConnection, email: &str) -> Result<u64, sqlx::Error> {
    Ok(
        sqlx::query("DELETE FROM need_update_subscriptions WHERE email = ?")
            .bind(email)
            .execute(conn)
            .await?
            .rows_affected(),
    )
}

/// Subscriptions, messages waiting and messages given up, across the city (for the Projektbüro).
pub async fn totals(conn: &mut SqliteConnection) -> Result<(i64, i64, i64), sqlx::Error> {
    sqlx::query_as(
        "SELECT (SELECT count(*) FROM need_update_subscriptions),
                (SELECT count(*) FROM need_update_messages
                 WHERE sent_at IS NULL AND failed_at IS NULL),
                (SELECT count(*) FROM need_update_messages WHERE failed_at IS NOT NULL)",
    )
    .fetch_one(conn)
    .await
}

/// The newest Umsetzung state recorded for the measure.
pub async fn latest_state(
    conn: &mut SqliteConnection,
    area_id: i64,
    measure_id: &str,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT state FROM implementation_updates WHERE area_id = ? AND measure_id = ?
         ORDER BY id DESC LIMIT 1",
    )
    .bind(area_id)
    .bind(measure_id)
    .fetch_optional(conn)
    .await
}
