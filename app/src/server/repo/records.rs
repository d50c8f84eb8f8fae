//! Attendance, walk-ins, minutes, capture items and the log of applied browser changes.
use crate::domain::field_of_action::FieldOfAction;
use crate::domain::meeting::{CaptureItem, CaptureList, Reply};
use crate::domain::record::{AttendanceRow, MeetingNeed, WalkIn};
use sqlx::SqliteConnection;

pub async fn attendance(
    conn: &mut SqliteConnection,
    meeting_id: i64,
) -> Result<Vec<AttendanceRow>, sqlx::Error> {
    #[derive(sqlx::FromRow)]
    struct Row {
        id: i64,
        organisation: String,
        contact: Option<String>,
        reply: Option<String>,
        attended: i64,
    }
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT i.id, o.name AS organisation, c.name AS contact, i.reply, i.attended
         FROM invitations i JOIN organisations o ON o.id = i.organisation_id
         LEFT JOIN contacts c ON c.id = i.contact_id
         WHERE i.meeting_id = ? ORDER BY o.name COLLATE NOCASE, c.name COLLATE NOCASE",
    )
    .bind(meeting_id)
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| AttendanceRow {
            invitation_id: r.id,
            invitee: match r.contact {
                Some(name) => format!("{name} ({})", r.organisation),
                None => r.organisation,
            },
            reply: r.reply.as_deref().and_then(Reply::parse),
            attended: r.attended == 1,
        })
        .collect())
}

pub async fn walk_ins(
    conn: &mut SqliteConnection,
    meeting_id: i64,
) -> Result<Vec<WalkIn>, sqlx::Error> {
    let rows: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT id, organisation_name, person_name FROM walk_ins WHERE meeting_id = ?
         ORDER BY created_at, rowid",
    )
    .bind(meeting_id)
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, organisation_name, person_name)| WalkIn {
            id,
            organisation_name,
            person_name,
        })
        .collect())
}

#[derive(sqlx::FromRow)]
struct ItemRow {
    id: String,
    list: String,
    field_number: Option<i64>,
    title: String,
    detail: String,
    organisation_id: Option<i64>,
    position: i64,
}

pub async fn items(
    conn: &mut SqliteConnection,
    meeting_id: i64,
) -> Result<Vec<CaptureItem>, sqlx::Error> {
    let rows: Vec<ItemRow> = sqlx::query_as(
        "SELECT id, list, field_number, title, detail, organisation_id, position
         FROM meeting_items WHERE meeting_id = ?
         ORDER BY CASE list WHEN 'bedarf' THEN 0 WHEN 'potential' THEN 1 ELSE 2 END, position",
    )
    .bind(meeting_id)
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| CaptureItem {
            id: r.id,
            list: CaptureList::parse(&r.list).unwrap_or(CaptureList::Potential),
            field: r.field_number.and_then(FieldOfAction::from_number),
            title: r.title,
            detail: r.detail,
            organisation_id: r.organisation_id,
            position: r.position,
        })
        .collect())
}

/// Minutes text, when and by whom they were closed.
pub async fn minutes(
    conn: &mut SqliteConnection,
    meeting_id: i64,
) -> Result<(String, Option<i64>, Option<String>), sqlx::Error> {
    sqlx::query_as(
        "SELECT m.minutes, m.minutes_closed_at, u.name FROM meetings m
         LEFT JOIN users u ON u.id = m.minutes_closed_by WHERE m.id = ?",
    )
    .bind(meeting_id)
    .fetch_one(conn)
    .await
}

pub async fn revision(conn: &mut SqliteConnection, meeting_id: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT count(*) FROM applied_changes WHERE meeting_id = ?")
        .bind(meeting_id)
        .fetch_one(conn)
        .await
}

/// Records a browser change id; false when it was applied before.
pub async fn mark_applied(
    conn: &mut SqliteConnection,
    change_id: &str,
    meeting_id: i64,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "INSERT OR IGNORE INTO applied_changes (id, meeting_id, applied_at) VALUES (?, ?, ?)",
    )
    .bind(change_id)
    .bind(meeting_id)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn set_attended(
    conn: &mut SqliteConnection,
    meeting_id: i64,
    invitation_id: i64,
    attended: bool,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE invitations SET attended = ? WHERE id = ? AND meeting_id = ?")
        .bind(i64::from(attended))
        .bind(invitation_id)
        .bind(meeting_id)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn add_walk_in(
    conn: &mut SqliteConnection,
    meeting_id: i64,
    walk_in: &WalkIn,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT OR IGNORE INTO walk_ins (id, meeting_id, organisation_name, person_name, created_at)
         VALUES (?, ?, ?, ?, ?)",
    )
    .bind(&walk_in.id)
    .bind(meeting_id)
    .bind(&walk_in.organisation_name)
    .bind(&walk_in.person_name)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn remove_walk_in(
    conn: &mut SqliteConnection,
    meeting_id: i64,
    id: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM walk_ins WHERE id = ? AND meeting_id = ?")
        .bind(id)
        .bind(meeting_id)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn set_minutes(
    conn: &mut SqliteConnection,
    meeting_id: i64,
    text: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE meetings SET minutes = ? WHERE id = ?")
        .bind(text)
        .bind(meeting_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Inserts or replaces an item; an id that belongs to another meeting is left alone.
pub async fn upsert_item(
    conn: &mut SqliteConnection,
    meeting_id: i64,
    item: &CaptureItem,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO meeting_items (id, meeting_id, list, field_number, title, detail,
             organisation_id, position, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET list = excluded.list, field_number = excluded.field_number,
             title = excluded.title, detail = excluded.detail,
             organisation_id = excluded.organisation_id, position = excluded.position,
             updated_at = excluded.updated_at
         WHERE meeting_items.meeting_id = excluded.meeting_id",
    )
    .bind(&item.id)
    .bind(meeting_id)
    .bind(item.list.code())
    .bind(item.field.map(|f| i64::from(f.number())))
    .bind(&item.title)
    .bind(&item.detail)
    .bind(item.organisation_id)
    .bind(item.position)
    .bind(now)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn remove_item(
    conn: &mut SqliteConnection,
    meeting_id: i64,
    id: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM meeting_items WHERE id = ? AND meeting_id = ?")
        .bind(id)
        .bind(meeting_id)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn set_position(
    conn: &mut SqliteConnection,
    meeting_id: i64,
    id: &str,
    position: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE meeting_items SET position = ? WHERE id = ? AND meeting_id = ?")
        .bind(position)
        .bind(id)
        .bind(meeting_id)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn close_minutes(
    conn: &mut SqliteConnection,
    meeting_id: i64,
    user_id: i64,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE meetings SET minutes_closed_at = ?, minutes_closed_by = ? WHERE id = ?
           AND minutes_closed_at IS NULL",
    )
    .bind(now)
    .bind(user_id)
    .bind(meeting_id)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn addenda(
    conn: &mut SqliteConnection,
    meeting_id: i64,
) -> Result<Vec<(String, i64, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT u.name, a.created_at, a.text FROM minutes_addenda a JOIN users u ON u.id = a.author_id
         WHERE a.meeting_id = ? ORDER BY a.created_at, a.id",
    )
    .bind(meeting_id)
    .fetch_all(conn)
    .await
}

pub async fn add_addendum(
    conn: &mut SqliteConnection,
    meeting_id: i64,
    author_id: i64,
    text: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO minutes_addenda (meeting_id, text, author_id, created_at) VALUES (?, ?, ?, ?)",
    )
    .bind(meeting_id)
    .bind(text)
    .bind(author_id)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// Organisations active in the area: (id, name).
pub async fn area_organisations(
    conn: &mut SqliteConnection,
    area_id: i64,
) -> Result<Vec<(i64, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT o.id, o.name FROM organisations o JOIN organisation_areas oa ON oa.organisation_id = o.id
         WHERE oa.area_id = ? ORDER BY o.name COLLATE NOCASE",
    )
    .bind(area_id)
    .fetch_all(conn)
    .await
}

/// Needs collected in the meetings of an area, with their source.
/// At most this many needs from meetings on the area's staff page: those of the newest meetings
/// (all needs are in the catalogue, which pages).
pub const AREA_MEETING_NEEDS_SHOWN: i64 = 300;

pub async fn area_needs(
    conn: &mut SqliteConnection,
    area_id: i64,
) -> Result<Vec<MeetingNeed>, sqlx::Error> {
    #[derive(sqlx::FromRow)]
    struct Row {
        title: String,
        detail: String,
        field_number: i64,
        meeting_id: i64,
        meeting_title: String,
        starts_at: i64,
        organisation: Option<String>,
    }
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT * FROM (
             SELECT i.title, i.detail, i.field_number, m.id AS meeting_id,
                    m.title AS meeting_title, m.starts_at, o.name AS organisation, i.position
             FROM meeting_items i JOIN meetings m ON m.id = i.meeting_id
             LEFT JOIN organisations o ON o.id = i.organisation_id
             WHERE m.area_id = ? AND i.list = 'bedarf'
             ORDER BY m.starts_at DESC, i.position
             LIMIT ?)
         ORDER BY field_number, starts_at, position",
    )
    .bind(area_id)
    .bind(AREA_MEETING_NEEDS_SHOWN)
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            Some(MeetingNeed {
                field: FieldOfAction::from_number(r.field_number)?,
                title: r.title,
                detail: r.detail,
                meeting_id: r.meeting_id,
                meeting_title: r.meeting_title,
                meeting_date: crate::domain::schedule::to_local(r.starts_at).date(),
                organisation: r.organisation,
            })
        })
        .collect())
}
