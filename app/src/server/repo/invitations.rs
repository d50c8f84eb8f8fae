//! Invitations, replies and calendar feeds; tokens are looked up by their SHA-256.
use sqlx::SqliteConnection;

#[derive(sqlx::FromRow)]
pub struct InvitationRow {
    pub id: i64,
    pub meeting_id: i64,
    pub organisation_id: i64,
    pub organisation_name: String,
    pub contact_name: Option<String>,
    pub contact_email: Option<String>,
    pub token_salt: Vec<u8>,
    pub reply: Option<String>,
    pub reply_note: String,
    pub reply_people: Option<i64>,
    pub attended: i64,
}

const SELECT: &str = "SELECT i.id, i.meeting_id, i.organisation_id, o.name AS organisation_name,
        c.name AS contact_name, nullif(c.email, '') AS contact_email, i.token_salt, i.reply,
        i.reply_note, i.reply_people, i.attended
    FROM invitations i JOIN organisations o ON o.id = i.organisation_id
    LEFT JOIN contacts c ON c.id = i.contact_id";

pub async fn for_meeting(
    conn: &mut SqliteConnection,
    meeting_id: i64,
) -> Result<Vec<InvitationRow>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{SELECT} WHERE i.meeting_id = ? ORDER BY o.name COLLATE NOCASE, c.name COLLATE NOCASE"
    )))
    .bind(meeting_id)
    .fetch_all(conn)
    .await
}

pub async fn by_id(
    conn: &mut SqliteConnection,
    id: i64,
) -> Result<Option<InvitationRow>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!("{SELECT} WHERE i.id = ?")))
        .bind(id)
        .fetch_optional(conn)
        .await
}

pub async fn by_token_hash(
    conn: &mut SqliteConnection,
    hash: &[u8],
) -> Result<Option<InvitationRow>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{SELECT} WHERE i.token_hash = ?"
    )))
    .bind(hash)
    .fetch_optional(conn)
    .await
}

/// Adds an invitee unless already invited; returns whether a row was added.
pub async fn insert(
    conn: &mut SqliteConnection,
    meeting_id: i64,
    organisation_id: i64,
    contact_id: Option<i64>,
    salt: &[u8],
    token_hash: &[u8],
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "INSERT OR IGNORE INTO invitations
             (meeting_id, organisation_id, contact_id, token_salt, token_hash, created_at)
         VALUES (?, ?, ?, ?, ?, ?)",
    )
    .bind(meeting_id)
    .bind(organisation_id)
    .bind(contact_id)
    .bind(salt)
    .bind(token_hash)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn set_token(
    conn: &mut SqliteConnection,
    id: i64,
    salt: &[u8],
    token_hash: &[u8],
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE invitations SET token_salt = ?, token_hash = ? WHERE id = ?")
        .bind(salt)
        .bind(token_hash)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn delete(conn: &mut SqliteConnection, id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM invitations WHERE id = ?")
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn set_reply(
    conn: &mut SqliteConnection,
    id: i64,
    reply: &str,
    note: &str,
    people: Option<i64>,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE invitations SET reply = ?, reply_note = ?, reply_people = ?, replied_at = ?
         WHERE id = ?",
    )
    .bind(reply)
    .bind(note)
    .bind(people)
    .bind(now)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

/// Organisations active in the area, with their contact people.
pub async fn candidates(
    conn: &mut SqliteConnection,
    area_id: i64,
) -> Result<Vec<(i64, String, Option<i64>, Option<String>)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT o.id, o.name, c.id, c.name
         FROM organisations o JOIN organisation_areas oa ON oa.organisation_id = o.id
         LEFT JOIN contacts c ON c.organisation_id = o.id
         WHERE oa.area_id = ?
         ORDER BY o.name COLLATE NOCASE, c.name COLLATE NOCASE",
    )
    .bind(area_id)
    .fetch_all(conn)
    .await
}

/// The organisation of a contact, if the contact exists.
pub async fn contact_organisation(
    conn: &mut SqliteConnection,
    contact_id: i64,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT organisation_id FROM contacts WHERE id = ?")
        .bind(contact_id)
        .fetch_optional(conn)
        .await
}

/// The stored state of a meeting that calendars need.
#[derive(sqlx::FromRow)]
pub struct CalendarRow {
    pub id: i64,
    pub uid: String,
    pub sequence: i64,
    pub updated_at: i64,
    pub starts_at: i64,
    pub ends_at: i64,
    pub title: String,
    pub kind: String,
    pub status: String,
    pub status_reason: String,
    pub area_name: String,
    pub venue_name: String,
    pub venue_address: String,
    pub venue_notes: String,
    pub agenda: String,
}

/// Meetings for a calendar: one meeting, a coordinator's (organised or in their areas), or an area's.
pub async fn calendar_rows(
    conn: &mut SqliteConnection,
    meeting_id: Option<i64>,
    user_id: Option<i64>,
    area_id: Option<i64>,
) -> Result<Vec<CalendarRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT m.id, m.uid, m.sequence, m.updated_at, m.starts_at, m.ends_at, m.title, m.kind,
                m.status, m.status_reason, a.name AS area_name, m.venue_name, m.venue_address,
                m.venue_notes, m.agenda
         FROM meetings m JOIN areas a ON a.id = m.area_id
         WHERE (?1 IS NULL OR m.id = ?1)
           AND (?2 IS NULL OR m.organiser_id = ?2
                OR m.area_id IN (SELECT area_id FROM coordinator_areas WHERE user_id = ?2))
           AND (?3 IS NULL OR m.area_id = ?3)
         ORDER BY m.starts_at",
    )
    .bind(meeting_id)
    .bind(user_id)
    .bind(area_id)
    .fetch_all(conn)
    .await
}

#[derive(sqlx::FromRow)]
pub struct FeedRow {
    pub id: i64,
    pub user_id: Option<i64>,
    pub area_id: Option<i64>,
    pub token_salt: Vec<u8>,
    /// Whose feed it is (for a personal feed the same as `user_id`).
    pub created_by: Option<i64>,
}

/// The active feed `owner` made of their own meetings (`user_id`) or of an area.
pub async fn active_feed(
    conn: &mut SqliteConnection,
    user_id: Option<i64>,
    area_id: Option<i64>,
    owner: i64,
) -> Result<Option<FeedRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, user_id, area_id, token_salt, created_by FROM calendar_feeds
         WHERE user_id IS ? AND area_id IS ? AND created_by = ? AND revoked_at IS NULL",
    )
    .bind(user_id)
    .bind(area_id)
    .bind(owner)
    .fetch_optional(conn)
    .await
}

pub async fn feed_by_token_hash(
    conn: &mut SqliteConnection,
    hash: &[u8],
) -> Result<Option<FeedRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, user_id, area_id, token_salt, created_by FROM calendar_feeds
         WHERE token_hash = ? AND revoked_at IS NULL",
    )
    .bind(hash)
    .fetch_optional(conn)
    .await
}

pub async fn insert_feed(
    conn: &mut SqliteConnection,
    user_id: Option<i64>,
    area_id: Option<i64>,
    owner: i64,
    salt: &[u8],
    token_hash: &[u8],
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO calendar_feeds (user_id, area_id, created_by, token_salt, token_hash,
             created_at)
         VALUES (?, ?, ?, ?, ?, ?)",
    )
    .bind(user_id)
    .bind(area_id)
    .bind(owner)
    .bind(salt)
    .bind(token_hash)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// Ends every active feed of an area, whoever made it. Returns how many.
pub async fn revoke_area_feeds(
    conn: &mut SqliteConnection,
    area_id: i64,
    now: i64,
) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query(
        "UPDATE calendar_feeds SET revoked_at = ? WHERE area_id = ? AND revoked_at IS NULL",
    )
    .bind(now)
    .bind(area_id)
    .execute(conn)
    .await?
    .rows_affected())
}

/// Ends a coordinator's feeds of areas they no longer work in.
pub async fn revoke_feeds_outside_areas(
    conn: &mut SqliteConnection,
    user_id: i64,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE calendar_feeds SET revoked_at = ?
         WHERE created_by = ? AND area_id IS NOT NULL AND revoked_at IS NULL
           AND area_id NOT IN (SELECT area_id FROM coordinator_areas WHERE user_id = ?)",
    )
    .bind(now)
    .bind(user_id)
    .bind(user_id)
    .execute(conn)
    .await?;
    Ok(())
}

/// How many active feeds of an area there are.
pub async fn area_feed_count(
    conn: &mut SqliteConnection,
    area_id: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM calendar_feeds WHERE area_id = ? AND revoked_at IS NULL",
    )
    .bind(area_id)
    .fetch_one(conn)
    .await
}

pub async fn revoke_feed(
    conn: &mut SqliteConnection,
    id: i64,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE calendar_feeds SET revoked_at = ? WHERE id = ?")
        .bind(now)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}
