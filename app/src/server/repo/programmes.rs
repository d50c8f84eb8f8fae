//! Aktionsprogramme: the programme row per area, its immutable versions, workflow steps and the
//! Projektbüro's comments.
use sqlx::SqliteConnection;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ProgrammeRow {
    pub id: i64,
    pub area_id: i64,
    pub state: String,
    pub head_version: i64,
    pub submitted_version: Option<i64>,
    pub submitted_by: Option<i64>,
    pub approved_version: Option<i64>,
    pub approved_at: Option<i64>,
    pub published_version: Option<i64>,
    pub published_at: Option<i64>,
}

const COLUMNS: &str = "id, area_id, state, head_version, submitted_version, submitted_by,
    approved_version, approved_at, published_version, published_at";

pub async fn by_area(
    conn: &mut SqliteConnection,
    area_id: i64,
) -> Result<Option<ProgrammeRow>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM programmes WHERE area_id = ?"
    )))
    .bind(area_id)
    .fetch_optional(conn)
    .await
}

/// The area's programme, created (empty, as a draft) on first use.
pub async fn by_area_or_new(
    conn: &mut SqliteConnection,
    area_id: i64,
    now: i64,
) -> Result<ProgrammeRow, sqlx::Error> {
    sqlx::query(
        "INSERT INTO programmes (area_id, created_at, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (area_id) DO NOTHING",
    )
    .bind(area_id)
    .bind(now)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM programmes WHERE area_id = ?"
    )))
    .bind(area_id)
    .fetch_one(conn)
    .await
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct VersionRow {
    pub number: i64,
    pub based_on: Option<i64>,
    pub content: String,
    pub note: String,
    pub author_id: i64,
    pub author_name: String,
    pub created_at: i64,
}

const VERSION_COLUMNS: &str = "v.number, v.based_on, v.content, v.note, v.author_id,
    u.name AS author_name, v.created_at";

pub async fn version(
    conn: &mut SqliteConnection,
    programme_id: i64,
    number: i64,
) -> Result<Option<VersionRow>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {VERSION_COLUMNS} FROM programme_versions v JOIN users u ON u.id = v.author_id
         WHERE v.programme_id = ? AND v.number = ?"
    )))
    .bind(programme_id)
    .bind(number)
    .fetch_optional(conn)
    .await
}

/// Versions before `before` (all when `None`), newest first, at most `limit`, without their
/// content (the history list is paged).
pub async fn versions(
    conn: &mut SqliteConnection,
    programme_id: i64,
    before: Option<i64>,
    limit: i64,
) -> Result<Vec<VersionRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT v.number, v.based_on, '' AS content, v.note, v.author_id,
                u.name AS author_name, v.created_at
         FROM programme_versions v JOIN users u ON u.id = v.author_id
         WHERE v.programme_id = ? AND (? IS NULL OR v.number < ?)
         ORDER BY v.number DESC LIMIT ?",
    )
    .bind(programme_id)
    .bind(before)
    .bind(before)
    .bind(limit)
    .fetch_all(conn)
    .await
}

pub struct NewVersion<'a> {
    pub programme_id: i64,
    pub number: i64,
    pub based_on: Option<i64>,
    pub content: &'a str,
    pub note: &'a str,
    pub author_id: i64,
    /// The Projektmittel it plans, for the city-wide sum.
    pub project_funds_cents: i64,
}

/// Stores a version and makes it the newest, but only if `number - 1` is still the newest:
/// `false` when another save came first (nothing is written then).
pub async fn insert_version(
    conn: &mut SqliteConnection,
    version: &NewVersion<'_>,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let moved = sqlx::query(
        "UPDATE programmes SET head_version = ?, updated_at = ? WHERE id = ? AND head_version = ?",
    )
    .bind(version.number)
    .bind(now)
    .bind(version.programme_id)
    .bind(version.number - 1)
    .execute(&mut *conn)
    .await?
    .rows_affected();
    if moved == 0 {
        return Ok(false);
    }
    sqlx::query(
        "INSERT INTO programme_versions (programme_id, number, based_on, content, note, author_id,
             created_at, project_funds_cents)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(version.programme_id)
    .bind(version.number)
    .bind(version.based_on)
    .bind(version.content)
    .bind(version.note)
    .bind(version.author_id)
    .bind(now)
    .bind(version.project_funds_cents)
    .execute(conn)
    .await?;
    Ok(true)
}

/// The programme's workflow columns after a step.
pub struct StateChange<'a> {
    pub state: &'a str,
    pub submitted_version: Option<i64>,
    pub submitted_by: Option<i64>,
    pub approved_version: Option<i64>,
    pub approved_at: Option<i64>,
    pub published_version: Option<i64>,
    pub published_at: Option<i64>,
}

pub async fn set_state(
    conn: &mut SqliteConnection,
    programme_id: i64,
    change: &StateChange<'_>,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE programmes SET state = ?, submitted_version = ?, submitted_by = ?,
             approved_version = ?, approved_at = ?, published_version = ?, published_at = ?,
             updated_at = ?
         WHERE id = ?",
    )
    .bind(change.state)
    .bind(change.submitted_version)
    .bind(change.submitted_by)
    .bind(change.approved_version)
    .bind(change.approved_at)
    .bind(change.published_version)
    .bind(change.published_at)
    .bind(now)
    .bind(programme_id)
    .execute(conn)
    .await?;
    Ok(())
}

pub struct NewStep<'a> {
    pub programme_id: i64,
    pub step: &'a str,
    pub from_state: &'a str,
    pub to_state: &'a str,
    pub version: i64,
    pub actor_id: i64,
    pub comment: &'a str,
}

pub async fn log_step(
    conn: &mut SqliteConnection,
    step: &NewStep<'_>,
    now: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO programme_steps (programme_id, step, from_state, to_state, version, actor_id,
             comment, at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(step.programme_id)
    .bind(step.step)
    .bind(step.from_state)
    .bind(step.to_state)
    .bind(step.version)
    .bind(step.actor_id)
    .bind(step.comment)
    .bind(now)
    .fetch_one(conn)
    .await
}

pub async fn add_comment(
    conn: &mut SqliteConnection,
    step_id: i64,
    section: &str,
    text: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO programme_comments (step_id, section, text) VALUES (?, ?, ?)")
        .bind(step_id)
        .bind(section)
        .bind(text)
        .execute(conn)
        .await?;
    Ok(())
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct StepRow {
    pub id: i64,
    pub step: String,
    pub from_state: String,
    pub to_state: String,
    pub version: i64,
    pub actor_name: String,
    pub comment: String,
    pub at: i64,
}

/// The workflow history before step `before` (all when `None`), newest first, at most `limit`.
pub async fn steps(
    conn: &mut SqliteConnection,
    programme_id: i64,
    before: Option<i64>,
    limit: i64,
) -> Result<Vec<StepRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT s.id, s.step, s.from_state, s.to_state, s.version, u.name AS actor_name,
                s.comment, s.at
         FROM programme_steps s JOIN users u ON u.id = s.actor_id
         WHERE s.programme_id = ? AND (? IS NULL OR s.id < ?)
         ORDER BY s.id DESC LIMIT ?",
    )
    .bind(programme_id)
    .bind(before)
    .bind(before)
    .bind(limit)
    .fetch_all(conn)
    .await
}

/// Comments of these steps: (step id, section, text).
pub async fn comments(
    conn: &mut SqliteConnection,
    step_ids: &[i64],
) -> Result<Vec<(i64, String, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT step_id, section, text FROM programme_comments
         WHERE step_id IN (SELECT value FROM json_each(?)) ORDER BY id",
    )
    .bind(id_list(step_ids))
    .fetch_all(conn)
    .await
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct NeedRow {
    pub id: i64,
    pub reference: String,
    pub field_number: i64,
    pub title: String,
    pub supporters: i64,
    pub source: String,
    /// Whether it is accepted now (a version may name a need merged or rejected later).
    pub accepted: bool,
    /// The meeting it was raised in (title, start), if any.
    pub meeting_title: Option<String>,
    pub meeting_starts_at: Option<i64>,
}

/// One page of the area's accepted needs in one Handlungsfeld, oldest first, behind `after`
/// (noted_at, id): only those whose title or reference contains `text` (any case) and none of
/// `skip` (the editor's "only open ones"). Read along `needs_accepted_by_field`.
pub async fn accepted_page(
    conn: &mut SqliteConnection,
    area_id: i64,
    field_number: i64,
    text: &str,
    skip: &[i64],
    after: Option<(i64, i64)>,
    limit: i64,
) -> Result<Vec<(NeedRow, i64)>, sqlx::Error> {
    #[derive(sqlx::FromRow)]
    struct PageRow {
        #[sqlx(flatten)]
        need: NeedRow,
        noted_at: i64,
    }
    let pattern = format!("%{}%", text.replace(['%', '_'], ""));
    let (noted_at, id) = after.unwrap_or((i64::MIN, i64::MIN));
    let rows: Vec<PageRow> = sqlx::query_as(
        "SELECT n.id, n.reference, n.field_number, n.title, n.supporters, n.source, 1 AS accepted,
                m.title AS meeting_title, m.starts_at AS meeting_starts_at, n.noted_at
         FROM needs n
         LEFT JOIN meeting_items i ON i.id = n.meeting_item_id
         LEFT JOIN meetings m ON m.id = i.meeting_id
         WHERE n.area_id = ?1 AND n.status = 'angenommen' AND n.field_number = ?2
           AND (n.noted_at, n.id) > (?3, ?4)
           AND (n.title LIKE ?5 OR n.reference LIKE ?5)
           AND n.id NOT IN (SELECT value FROM json_each(?6))
         ORDER BY n.noted_at, n.id LIMIT ?7",
    )
    .bind(area_id)
    .bind(field_number)
    .bind(noted_at)
    .bind(id)
    .bind(pattern)
    .bind(id_list(skip))
    .bind(limit)
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(|r| (r.need, r.noted_at)).collect())
}

/// How many needs of the area are accepted.
pub async fn accepted_count(conn: &mut SqliteConnection, area_id: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT count(*) FROM needs WHERE status = 'angenommen' AND area_id = ?")
        .bind(area_id)
        .fetch_one(conn)
        .await
}

/// How many of the area's accepted needs none of these ids names (a version's answered and
/// excluded needs): what is still open. Counted on the index, not fetched.
pub async fn open_need_count(
    conn: &mut SqliteConnection,
    area_id: i64,
    named: &[i64],
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT count(*) FROM needs
         WHERE area_id = ? AND status = 'angenommen'
           AND id NOT IN (SELECT value FROM json_each(?))",
    )
    .bind(area_id)
    .bind(serde_json::to_string(named).unwrap_or_else(|_| "[]".into()))
    .fetch_one(conn)
    .await
}

/// The needs of the area with these ids (a published version links a few of many), in the
/// order of [`needs`]. The ids travel as one JSON array parameter.
pub async fn needs_by_ids(
    conn: &mut SqliteConnection,
    area_id: i64,
    ids: &[i64],
) -> Result<Vec<NeedRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT n.id, n.reference, n.field_number, n.title, n.supporters, n.source,
                n.status = 'angenommen' AS accepted, m.title AS meeting_title,
                m.starts_at AS meeting_starts_at
         FROM needs n
         LEFT JOIN meeting_items i ON i.id = n.meeting_item_id
         LEFT JOIN meetings m ON m.id = i.meeting_id
         WHERE n.area_id = ? AND n.id IN (SELECT value FROM json_each(?))
         ORDER BY n.field_number, n.noted_at, n.id",
    )
    .bind(area_id)
    .bind(id_list(ids))
    .fetch_all(conn)
    .await
}

/// "reference title" of the area's needs with these ids.
pub async fn need_names_by_ids(
    conn: &mut SqliteConnection,
    area_id: i64,
    ids: &[i64],
) -> Result<Vec<(i64, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, reference || ' ' || title FROM needs
         WHERE area_id = ? AND id IN (SELECT value FROM json_each(?))",
    )
    .bind(area_id)
    .bind(id_list(ids))
    .fetch_all(conn)
    .await
}

/// Names of the organisations with these ids.
pub async fn organisation_names_by_ids(
    conn: &mut SqliteConnection,
    ids: &[i64],
) -> Result<Vec<(i64, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, name FROM organisations WHERE id IN (SELECT value FROM json_each(?))
         ORDER BY name COLLATE NOCASE, id",
    )
    .bind(id_list(ids))
    .fetch_all(conn)
    .await
}

/// How many of these ids are needs of the area, organisations, and items of the area's
/// meetings (to check that a draft names nothing from elsewhere).
pub async fn known_references(
    conn: &mut SqliteConnection,
    area_id: i64,
    need_ids: &[i64],
    organisation_ids: &[i64],
    item_ids: &[String],
) -> Result<(i64, i64, i64), sqlx::Error> {
    sqlx::query_as(
        "SELECT
            (SELECT COUNT(*) FROM needs WHERE area_id = ?1
                AND id IN (SELECT value FROM json_each(?2))),
            (SELECT COUNT(*) FROM organisations WHERE id IN (SELECT value FROM json_each(?3))),
            (SELECT COUNT(*) FROM meeting_items i JOIN meetings m ON m.id = i.meeting_id
                WHERE m.area_id = ?1 AND i.id IN (SELECT value FROM json_each(?4)))",
    )
    .bind(area_id)
    .bind(id_list(need_ids))
    .bind(id_list(organisation_ids))
    .bind(serde_json::to_string(item_ids).unwrap_or_else(|_| "[]".to_owned()))
    .fetch_one(conn)
    .await
}

/// Ids as a JSON array, for `json_each(?)`.
fn id_list(ids: &[i64]) -> String {
    serde_json::to_string(ids).unwrap_or_else(|_| "[]".to_owned())
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct OfferRow {
    pub id: String,
    pub list: String,
    pub title: String,
    pub detail: String,
    pub meeting_title: String,
    pub meeting_starts_at: i64,
}

/// Potentials and role expectations collected in the area's meetings (not cancelled ones), the
/// newest meetings first, at most `limit`.
pub async fn meeting_offers(
    conn: &mut SqliteConnection,
    area_id: i64,
    limit: i64,
) -> Result<Vec<OfferRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT i.id, i.list, i.title, i.detail, m.title AS meeting_title,
                m.starts_at AS meeting_starts_at
         FROM meeting_items i JOIN meetings m ON m.id = i.meeting_id
         WHERE m.area_id = ? AND m.status <> 'abgesagt' AND i.list IN ('potential', 'anforderung')
         ORDER BY m.starts_at DESC, m.id DESC, i.list, i.position
         LIMIT ?",
    )
    .bind(area_id)
    .bind(limit)
    .fetch_all(conn)
    .await
}

/// The organisation directory as (id, name), by name.
pub async fn organisation_names(
    conn: &mut SqliteConnection,
) -> Result<Vec<(i64, String)>, sqlx::Error> {
    sqlx::query_as("SELECT id, name FROM organisations ORDER BY name COLLATE NOCASE, id")
        .fetch_all(conn)
        .await
}

/// Projektmittel planned in the newest version of every area's programme (dropped measures not
/// counted), in cents.
pub async fn city_project_funds(conn: &mut SqliteConnection) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT COALESCE(SUM(v.project_funds_cents), 0)
         FROM programmes p
         JOIN programme_versions v ON v.programme_id = p.id AND v.number = p.head_version",
    )
    .fetch_one(conn)
    .await
}

/// The name of a user (for "submitted by").
pub async fn user_name(conn: &mut SqliteConnection, id: i64) -> Result<String, sqlx::Error> {
    sqlx::query_scalar("SELECT name FROM users WHERE id = ?")
        .bind(id)
        .fetch_one(conn)
        .await
}

/// Versions that were published, newest first: (number, published at).
pub async fn published_versions(
    conn: &mut SqliteConnection,
    programme_id: i64,
) -> Result<Vec<(i64, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT version, MAX(at) FROM programme_steps
         WHERE programme_id = ? AND step = 'veroeffentlichen'
         GROUP BY version ORDER BY version DESC",
    )
    .bind(programme_id)
    .fetch_all(conn)
    .await
}

/// Meetings held in the area, oldest first: (title, start).
pub async fn meetings_held(
    conn: &mut SqliteConnection,
    area_id: i64,
) -> Result<Vec<(String, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT title, starts_at FROM meetings
         WHERE area_id = ? AND status = 'durchgefuehrt' ORDER BY starts_at, id",
    )
    .bind(area_id)
    .fetch_all(conn)
    .await
}

/// Organisations that took part in the area's meetings (invited and present, or came along).
pub async fn organisations_present(
    conn: &mut SqliteConnection,
    area_id: i64,
) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT o.name FROM invitations i
           JOIN meetings m ON m.id = i.meeting_id
           JOIN organisations o ON o.id = i.organisation_id
           WHERE m.area_id = ? AND m.status = 'durchgefuehrt' AND i.attended = 1
         UNION
         SELECT w.organisation_name FROM walk_ins w JOIN meetings m ON m.id = w.meeting_id
           WHERE m.area_id = ? AND m.status = 'durchgefuehrt' AND w.organisation_name <> ''
         ORDER BY 1 COLLATE NOCASE",
    )
    .bind(area_id)
    .bind(area_id)
    .fetch_all(conn)
    .await
}

/// Areas whose programme is published, by name.
pub async fn published_area_slugs(conn: &mut SqliteConnection) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT a.slug FROM programmes p JOIN areas a ON a.id = p.area_id
         WHERE p.published_version IS NOT NULL ORDER BY a.name COLLATE NOCASE",
    )
    .fetch_all(conn)
    .await
}
