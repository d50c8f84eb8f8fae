//! Meetings: scheduling, status, the calendar queries and the conflict search.
use crate::domain::meeting::{
    MeetingDetail, MeetingFormat, MeetingKind, MeetingStatus, MeetingSummary, Span,
};
use crate::domain::schedule::{local_span, MeetingFields};
use sqlx::SqliteConnection;

#[derive(sqlx::FromRow)]
struct MeetingRow {
    id: i64,
    area_id: i64,
    area_slug: String,
    area_name: String,
    title: String,
    kind: String,
    status: String,
    starts_at: i64,
    ends_at: i64,
    venue_name: String,
    venue_address: String,
    venue_notes: String,
    format: String,
    organiser_id: i64,
    organiser_name: String,
    agenda: String,
    capacity: Option<i64>,
    public_listed: i64,
    status_reason: String,
    postponed_to: Option<i64>,
    postponed_from: Option<i64>,
    minutes_closed_at: Option<i64>,
}

const SELECT: &str = "SELECT m.id, m.area_id, a.slug AS area_slug, a.name AS area_name, m.title,
        m.kind, m.status, m.starts_at, m.ends_at, m.venue_name, m.venue_address, m.venue_notes,
        m.format, m.organiser_id, u.name AS organiser_name, m.agenda, m.capacity,
        m.public_listed, m.status_reason, m.postponed_to,
        (SELECT p.id FROM meetings p WHERE p.postponed_to = m.id) AS postponed_from,
        m.minutes_closed_at
    FROM meetings m JOIN areas a ON a.id = m.area_id JOIN users u ON u.id = m.organiser_id";

impl MeetingRow {
    fn summary(&self) -> MeetingSummary {
        MeetingSummary {
            id: self.id,
            area_slug: self.area_slug.clone(),
            area_name: self.area_name.clone(),
            title: self.title.clone(),
            kind: MeetingKind::parse(&self.kind).unwrap_or(MeetingKind::Other),
            status: MeetingStatus::parse(&self.status).unwrap_or(MeetingStatus::Planned),
            when: local_span(Span {
                starts_at: self.starts_at,
                ends_at: self.ends_at,
            }),
            starts_at: self.starts_at,
            venue_name: self.venue_name.clone(),
            organiser_name: self.organiser_name.clone(),
        }
    }

    fn detail(self) -> MeetingDetail {
        MeetingDetail {
            summary: self.summary(),
            area_id: self.area_id,
            venue_address: self.venue_address,
            venue_notes: self.venue_notes,
            format: MeetingFormat::parse(&self.format).unwrap_or(MeetingFormat::InPerson),
            organiser_id: self.organiser_id,
            agenda: self
                .agenda
                .lines()
                .filter(|l| !l.trim().is_empty())
                .map(str::to_owned)
                .collect(),
            capacity: self.capacity,
            public_listed: self.public_listed == 1,
            status_reason: self.status_reason,
            postponed_to: self.postponed_to,
            postponed_from: self.postponed_from,
            minutes_closed: self.minutes_closed_at.is_some(),
        }
    }
}

/// What the calendar shows.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub from: Option<i64>,
    pub until: Option<i64>,
    pub area_id: Option<i64>,
    pub organiser_id: Option<i64>,
    pub status: Option<MeetingStatus>,
    pub public_only: bool,
    /// Keyset paging: only meetings after this (start, id), in the list's order.
    pub after: Option<(i64, i64)>,
    /// At most this many; `None`: all in the period (month and week views are bounded by it).
    pub limit: Option<i64>,
}

pub async fn list(
    conn: &mut SqliteConnection,
    filter: &Filter,
) -> Result<Vec<MeetingSummary>, sqlx::Error> {
    let rows: Vec<MeetingRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{SELECT}
         WHERE (?1 IS NULL OR m.ends_at > ?1) AND (?2 IS NULL OR m.starts_at < ?2)
           AND (?3 IS NULL OR m.area_id = ?3) AND (?4 IS NULL OR m.organiser_id = ?4)
           AND (?5 IS NULL OR m.status = ?5) AND (?6 = 0 OR m.public_listed = 1)
           AND (?7 IS NULL OR (m.starts_at, m.id) > (?7, ?8))
         ORDER BY m.starts_at, m.id
         LIMIT ?9"
    )))
    .bind(filter.from)
    .bind(filter.until)
    .bind(filter.area_id)
    .bind(filter.organiser_id)
    .bind(filter.status.map(MeetingStatus::code))
    .bind(i64::from(filter.public_only))
    .bind(filter.after.map(|(starts_at, _)| starts_at))
    .bind(filter.after.map(|(_, id)| id))
    .bind(filter.limit.unwrap_or(-1))
    .fetch_all(conn)
    .await?;
    Ok(rows.iter().map(MeetingRow::summary).collect())
}

pub async fn by_id(
    conn: &mut SqliteConnection,
    id: i64,
) -> Result<Option<MeetingDetail>, sqlx::Error> {
    let row: Option<MeetingRow> =
        sqlx::query_as(sqlx::AssertSqlSafe(format!("{SELECT} WHERE m.id = ?")))
            .bind(id)
            .fetch_optional(conn)
            .await?;
    Ok(row.map(MeetingRow::detail))
}

/// Meetings still taking place (planned or held) that share a moment with `span` and have the
/// same organiser or the same venue.
pub async fn conflicts(
    conn: &mut SqliteConnection,
    span: Span,
    organiser_id: i64,
    venue_key: &str,
    except_id: Option<i64>,
) -> Result<Vec<(MeetingSummary, bool, bool)>, sqlx::Error> {
    #[derive(sqlx::FromRow)]
    struct Hit {
        #[sqlx(flatten)]
        row: MeetingRow,
        venue_key: String,
    }
    let hits: Vec<Hit> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT * FROM ({SELECT_WITH_KEY})
         WHERE starts_at < ?1 AND ends_at > ?2 AND status IN ('geplant', 'durchgefuehrt')
           AND (organiser_id = ?3 OR venue_key = ?4) AND id IS NOT ?5
         ORDER BY starts_at"
    )))
    .bind(span.ends_at)
    .bind(span.starts_at)
    .bind(organiser_id)
    .bind(venue_key)
    .bind(except_id)
    .fetch_all(conn)
    .await?;
    Ok(hits
        .into_iter()
        .map(|h| {
            let same_organiser = h.row.organiser_id == organiser_id;
            let same_venue = h.venue_key == venue_key;
            (h.row.summary(), same_organiser, same_venue)
        })
        .collect())
}

const SELECT_WITH_KEY: &str = "SELECT m.id, m.area_id, a.slug AS area_slug, a.name AS area_name,
        m.title, m.kind, m.status, m.starts_at, m.ends_at, m.venue_name, m.venue_address,
        m.venue_notes, m.format, m.organiser_id, u.name AS organiser_name, m.agenda, m.capacity,
        m.public_listed, m.status_reason, m.postponed_to, NULL AS postponed_from,
        m.minutes_closed_at, m.venue_key
    FROM meetings m JOIN areas a ON a.id = m.area_id JOIN users u ON u.id = m.organiser_id";

pub async fn insert(
    conn: &mut SqliteConnection,
    uid: &str,
    area_id: i64,
    organiser_id: i64,
    fields: &MeetingFields,
    created_by: i64,
    now: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO meetings (uid, area_id, title, kind, starts_at, ends_at, venue_name,
             venue_key, venue_address, venue_notes, format, organiser_id, agenda, capacity,
             public_listed, created_by, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(uid)
    .bind(area_id)
    .bind(&fields.title)
    .bind(fields.kind.code())
    .bind(fields.span.starts_at)
    .bind(fields.span.ends_at)
    .bind(&fields.venue_name)
    .bind(&fields.venue_key)
    .bind(&fields.venue_address)
    .bind(&fields.venue_notes)
    .bind(fields.format.code())
    .bind(organiser_id)
    .bind(&fields.agenda)
    .bind(fields.capacity)
    .bind(i64::from(fields.public_listed))
    .bind(created_by)
    .bind(now)
    .bind(now)
    .fetch_one(conn)
    .await
}

pub async fn update(
    conn: &mut SqliteConnection,
    id: i64,
    area_id: i64,
    organiser_id: i64,
    fields: &MeetingFields,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE meetings SET area_id = ?, title = ?, kind = ?, starts_at = ?, ends_at = ?,
             venue_name = ?, venue_key = ?, venue_address = ?, venue_notes = ?, format = ?,
             organiser_id = ?, agenda = ?, capacity = ?, public_listed = ?,
             sequence = sequence + 1, updated_at = ?
         WHERE id = ?",
    )
    .bind(area_id)
    .bind(&fields.title)
    .bind(fields.kind.code())
    .bind(fields.span.starts_at)
    .bind(fields.span.ends_at)
    .bind(&fields.venue_name)
    .bind(&fields.venue_key)
    .bind(&fields.venue_address)
    .bind(&fields.venue_notes)
    .bind(fields.format.code())
    .bind(organiser_id)
    .bind(&fields.agenda)
    .bind(fields.capacity)
    .bind(i64::from(fields.public_listed))
    .bind(now)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn set_status(
    conn: &mut SqliteConnection,
    id: i64,
    status: MeetingStatus,
    reason: &str,
    postponed_to: Option<i64>,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE meetings SET status = ?, status_reason = ?, postponed_to = ?,
             sequence = sequence + 1, updated_at = ?
         WHERE id = ?",
    )
    .bind(status.code())
    .bind(reason)
    .bind(postponed_to)
    .bind(now)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

/// Staff who can organise meetings: (id, name), active accounts only.
pub async fn organisers(conn: &mut SqliteConnection) -> Result<Vec<(i64, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, name FROM users WHERE disabled_at IS NULL ORDER BY name COLLATE NOCASE",
    )
    .fetch_all(conn)
    .await
}

/// The fields of a stored meeting as the form would send them, for postponing to a new date.
pub async fn fields_of(
    conn: &mut SqliteConnection,
    id: i64,
) -> Result<Option<(MeetingFields, i64, i64)>, sqlx::Error> {
    #[derive(sqlx::FromRow)]
    struct Row {
        title: String,
        kind: String,
        starts_at: i64,
        ends_at: i64,
        venue_name: String,
        venue_key: String,
        venue_address: String,
        venue_notes: String,
        format: String,
        agenda: String,
        capacity: Option<i64>,
        public_listed: i64,
        area_id: i64,
        organiser_id: i64,
    }
    let row: Option<Row> = sqlx::query_as(
        "SELECT title, kind, starts_at, ends_at, venue_name, venue_key, venue_address,
                venue_notes, format, agenda, capacity, public_listed, area_id, organiser_id
         FROM meetings WHERE id = ?",
    )
    .bind(id)
    .fetch_optional(conn)
    .await?;
    Ok(row.map(|r| {
        (
            MeetingFields {
                title: r.title,
                kind: MeetingKind::parse(&r.kind).unwrap_or(MeetingKind::Other),
                span: Span {
                    starts_at: r.starts_at,
                    ends_at: r.ends_at,
                },
                venue_name: r.venue_name,
                venue_key: r.venue_key,
                venue_address: r.venue_address,
                venue_notes: r.venue_notes,
                format: MeetingFormat::parse(&r.format).unwrap_or(MeetingFormat::InPerson),
                agenda: r.agenda,
                capacity: r.capacity,
                public_listed: r.public_listed == 1,
            },
            r.area_id,
            r.organiser_id,
        )
    }))
}

/// Akteursgespräche starting in `[from, until)`: (id, area id, status code, start).
pub async fn stakeholder_meetings_between(
    conn: &mut SqliteConnection,
    from: i64,
    until: i64,
) -> Result<Vec<(i64, i64, String, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, area_id, status, starts_at FROM meetings
         WHERE kind = 'akteursgespraech' AND starts_at >= ? AND starts_at < ?
         ORDER BY starts_at",
    )
    .bind(from)
    .bind(until)
    .fetch_all(conn)
    .await
}

/// Publicly listed meetings that have not ended by `now`, optionally of one area.
pub async fn public_upcoming(
    conn: &mut SqliteConnection,
    now: i64,
    area_id: Option<i64>,
    limit: i64,
) -> Result<Vec<MeetingDetail>, sqlx::Error> {
    let rows: Vec<MeetingRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{SELECT} WHERE m.public_listed = 1 AND m.ends_at > ?1 AND (?2 IS NULL OR m.area_id = ?2)
         ORDER BY m.starts_at, m.id LIMIT ?3"
    )))
    .bind(now)
    .bind(area_id)
    .bind(limit)
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(MeetingRow::detail).collect())
}
