//! The needs catalogue: needs with their sources, the filtered and paged list, moderation steps.
use crate::domain::catalogue::{CatalogueSort, NeedSource, NeedStatus, ProgrammeAnswer, COUNT_CAP};
use crate::domain::field_of_action::FieldOfAction;
use sqlx::{QueryBuilder, Sqlite, SqliteConnection};

/// A need as it is first stored.
pub struct NewNeed<'a> {
    pub reference: &'a str,
    pub area_id: i64,
    pub field: FieldOfAction,
    pub title: &'a str,
    pub description: &'a str,
    pub organisation: &'a str,
    pub source: NeedSource,
    pub submission_id: Option<i64>,
    pub meeting_item_id: Option<&'a str>,
    pub status: NeedStatus,
    pub noted_at: i64,
    pub created_by: Option<i64>,
    pub stems: &'a str,
}

pub async fn insert(
    conn: &mut SqliteConnection,
    need: &NewNeed<'_>,
    now: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO needs (reference, area_id, field_number, title, description,
             organisation_name, source, submission_id, meeting_item_id, status, noted_at,
             created_by, created_at, updated_at, search_stems)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(need.reference)
    .bind(need.area_id)
    .bind(i64::from(need.field.number()))
    .bind(need.title)
    .bind(need.description)
    .bind(need.organisation)
    .bind(need.source.code())
    .bind(need.submission_id)
    .bind(need.meeting_item_id)
    .bind(need.status.code())
    .bind(need.noted_at)
    .bind(need.created_by)
    .bind(now)
    .bind(now)
    .bind(need.stems)
    .fetch_one(conn)
    .await
}

#[derive(sqlx::FromRow, Clone)]
pub struct NeedRow {
    pub id: i64,
    pub reference: String,
    pub area_id: i64,
    pub area_slug: String,
    pub area_name: String,
    pub field_number: i64,
    pub title: String,
    pub description: String,
    pub organisation_name: String,
    pub source: String,
    pub status: String,
    pub reject_reason: String,
    pub merged_into: Option<i64>,
    pub supporters: i64,
    pub submission_id: Option<i64>,
    pub meeting_item_id: Option<String>,
    pub noted_at: i64,
}

const SELECT: &str = "SELECT n.id, n.reference, n.area_id, a.slug AS area_slug,
        a.name AS area_name, n.field_number, n.title, n.description, n.organisation_name,
        n.source, n.status, n.reject_reason, n.merged_into, n.supporters, n.submission_id,
        n.meeting_item_id, n.noted_at
    FROM needs n JOIN areas a ON a.id = n.area_id";

pub async fn by_id(conn: &mut SqliteConnection, id: i64) -> Result<Option<NeedRow>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!("{SELECT} WHERE n.id = ?")))
        .bind(id)
        .fetch_optional(conn)
        .await
}

pub async fn id_by_reference(
    conn: &mut SqliteConnection,
    reference: &str,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT id FROM needs WHERE reference = ?")
        .bind(reference)
        .fetch_optional(conn)
        .await
}

/// The needs merged into this one, oldest first (the first 200; `supporters` counts them all).
pub async fn merged_sources(
    conn: &mut SqliteConnection,
    id: i64,
) -> Result<Vec<NeedRow>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{SELECT} WHERE n.merged_into = ? ORDER BY n.noted_at, n.id LIMIT 200"
    )))
    .bind(id)
    .fetch_all(conn)
    .await
}

/// What the catalogue is asked, with the area names already turned into ids.
pub struct CatalogueQuery {
    /// `None`: every area; otherwise only these (possibly none).
    pub area_ids: Option<Vec<i64>>,
    pub field: Option<FieldOfAction>,
    pub status: Option<NeedStatus>,
    pub source: Option<NeedSource>,
    /// Only needs the published programmes answer, leave unanswered or exclude.
    pub answer: Option<AnswerFilter>,
    /// An FTS5 expression over the stems.
    pub text: Option<String>,
    /// The text matches more than [`COUNT_CAP`] needs city-wide (see [`text_is_common`]).
    pub common_text: bool,
    pub sort: CatalogueSort,
}

/// The needs merged into any of `ids` (JSON array), by the index on `merged_into`.
pub async fn merged_into_any(
    conn: &mut SqliteConnection,
    ids: &[i64],
) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT id FROM needs WHERE merged_into IN (SELECT value FROM json_each(?))")
        .bind(serde_json::to_string(ids).unwrap_or_else(|_| "[]".into()))
        .fetch_all(conn)
        .await
}

/// The needs the published programmes name (taken up in a goal or a measure, or excluded with
/// a reason), each with the needs merged into it.
pub struct AnswerFilter {
    pub answer: ProgrammeAnswer,
    pub answered: Vec<i64>,
    pub excluded: Vec<i64>,
}

fn push_ids(builder: &mut QueryBuilder<Sqlite>, ids: &[i64]) {
    builder.push("(SELECT value FROM json_each(");
    builder.push_bind(serde_json::to_string(ids).unwrap_or_else(|_| "[]".into()));
    builder.push("))");
}

/// Whether the FTS expression matches more than [`COUNT_CAP`] needs. A common word (say "Kita" in
/// 16,000 of 100,000 needs) is best filtered while walking the index of the sort order; a rare
/// one by fetching its few needs by id and sorting them.
pub async fn text_is_common(conn: &mut SqliteConnection, text: &str) -> Result<bool, sqlx::Error> {
    let hits: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM (SELECT 1 FROM needs_fts WHERE needs_fts MATCH ? LIMIT ?)",
    )
    .bind(text)
    .bind(COUNT_CAP + 1)
    .fetch_one(conn)
    .await?;
    Ok(hits > COUNT_CAP)
}

fn push_filters(builder: &mut QueryBuilder<Sqlite>, query: &CatalogueQuery) {
    builder.push(" WHERE 1 = 1");
    match query.area_ids.as_deref() {
        // One area (the usual filter) as a plain equality, which the planner reads best.
        Some([area_id]) => {
            builder.push(" AND n.area_id = ");
            builder.push_bind(*area_id);
        }
        Some(area_ids) => {
            builder.push(" AND n.area_id IN (SELECT value FROM json_each(");
            builder.push_bind(serde_json::to_string(area_ids).unwrap_or_else(|_| "[]".into()));
            builder.push("))");
        }
        None => {}
    }
    if let Some(field) = query.field {
        builder.push(" AND n.field_number = ");
        builder.push_bind(i64::from(field.number()));
    }
    if let Some(status) = query.status {
        builder.push(" AND n.status = ");
        builder.push_bind(status.code());
    }
    if let Some(source) = query.source {
        builder.push(" AND n.source = ");
        builder.push_bind(source.code());
    }
    if let Some(filter) = &query.answer {
        // Plain id lists (the sources merged into a named need already added): the planner
        // fetches the few needs by id instead of walking all of them.
        let named = |builder: &mut QueryBuilder<Sqlite>, ids: &[i64]| {
            builder.push(" AND n.id IN ");
            push_ids(builder, ids);
        };
        match filter.answer {
            ProgrammeAnswer::Answered => named(builder, &filter.answered),
            ProgrammeAnswer::NotInProgramme => named(builder, &filter.excluded),
            ProgrammeAnswer::NotAnswered => {
                builder.push(" AND n.status = 'angenommen' AND n.id NOT IN ");
                push_ids(builder, &filter.answered);
                builder.push(" AND n.id NOT IN ");
                push_ids(builder, &filter.excluded);
            }
        }
    }
    if let Some(text) = &query.text {
        // `+n.id` keeps the planner from driving the query by the matches' ids, for a common text.
        builder.push(if query.common_text {
            " AND +n.id IN (SELECT rowid FROM needs_fts WHERE needs_fts MATCH "
        } else {
            " AND n.id IN (SELECT rowid FROM needs_fts WHERE needs_fts MATCH "
        });
        builder.push_bind(text);
        builder.push(")");
    }
}

/// How many needs the query finds, up to [`COUNT_CAP`] + 1.
pub async fn count(
    conn: &mut SqliteConnection,
    query: &CatalogueQuery,
) -> Result<i64, sqlx::Error> {
    let mut builder = QueryBuilder::new("SELECT count(*) FROM (SELECT 1 FROM needs n");
    push_filters(&mut builder, query);
    builder.push(" LIMIT ");
    builder.push_bind(COUNT_CAP + 1);
    builder.push(")");
    builder.build_query_scalar().fetch_one(conn).await
}

/// One page: `limit` needs after the need `after` in the query's order.
pub async fn page(
    conn: &mut SqliteConnection,
    query: &CatalogueQuery,
    after: Option<i64>,
    limit: i64,
) -> Result<Vec<NeedRow>, sqlx::Error> {
    let mut builder = QueryBuilder::new(SELECT);
    push_filters(&mut builder, query);
    // Keyset pagination: continue after the last need shown, in the same order; stays fast
    // however deep one pages.
    let (keyset, order) = match query.sort {
        CatalogueSort::Newest => (
            "(n.noted_at, n.id) < (SELECT noted_at, id FROM needs WHERE id = ",
            " ORDER BY n.noted_at DESC, n.id DESC",
        ),
        CatalogueSort::Oldest => (
            "(n.noted_at, n.id) > (SELECT noted_at, id FROM needs WHERE id = ",
            " ORDER BY n.noted_at, n.id",
        ),
        CatalogueSort::Title => (
            "(n.title COLLATE NOCASE, n.id) > (SELECT title, id FROM needs WHERE id = ",
            " ORDER BY n.title COLLATE NOCASE, n.id",
        ),
        CatalogueSort::Supporters => (
            "(n.supporters, n.id) < (SELECT supporters, id FROM needs WHERE id = ",
            " ORDER BY n.supporters DESC, n.id DESC",
        ),
    };
    if let Some(after) = after {
        builder.push(" AND ");
        builder.push(keyset);
        builder.push_bind(after);
        builder.push(")");
    }
    builder.push(order);
    builder.push(" LIMIT ");
    builder.push_bind(limit);
    builder.build_query_as().fetch_all(conn).await
}

/// Accepted needs of an area whose stems match the FTS expression: candidates for duplicates.
pub async fn duplicate_candidates(
    conn: &mut SqliteConnection,
    area_id: i64,
    except_id: i64,
    any_word: &str,
    limit: i64,
) -> Result<Vec<NeedRow>, sqlx::Error> {
    // The area's matches, the newest first (ranking them all by bm25 costs too much at 100,000
    // needs; the similarity measure ranks them afterwards). The full-text match runs once as a
    // list of ids: joined row by row with the FTS table it took seconds at 100,000 needs.
    sqlx::query_as(
        "SELECT n.id, n.reference, n.area_id, a.slug AS area_slug,
                a.name AS area_name, n.field_number, n.title, n.description, n.organisation_name,
                n.source, n.status, n.reject_reason, n.merged_into, n.supporters, n.submission_id,
                n.meeting_item_id, n.noted_at
         FROM needs n
         JOIN areas a ON a.id = n.area_id
         WHERE n.status = 'angenommen' AND n.area_id = ?2 AND n.id <> ?3
           AND n.id IN (SELECT rowid FROM needs_fts WHERE needs_fts MATCH ?1)
         ORDER BY n.id DESC LIMIT ?4",
    )
    .bind(any_word)
    .bind(area_id)
    .bind(except_id)
    .bind(limit)
    .fetch_all(conn)
    .await
}

/// Sets the outcome of a moderation step (or of its undoing).
pub struct Outcome<'a> {
    pub status: NeedStatus,
    pub field: FieldOfAction,
    pub title: &'a str,
    pub reject_reason: &'a str,
    pub merged_into: Option<i64>,
}

pub async fn set_outcome(
    conn: &mut SqliteConnection,
    id: i64,
    outcome: &Outcome<'_>,
    stems: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE needs SET status = ?, field_number = ?, title = ?, reject_reason = ?,
             merged_into = ?, search_stems = ?, updated_at = ?
         WHERE id = ?",
    )
    .bind(outcome.status.code())
    .bind(i64::from(outcome.field.number()))
    .bind(outcome.title)
    .bind(outcome.reject_reason)
    .bind(outcome.merged_into)
    .bind(stems)
    .bind(now)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

/// Counts the need itself and everything merged into it.
pub async fn refresh_supporters(conn: &mut SqliteConnection, id: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE needs SET supporters = 1 + (SELECT count(*) FROM needs c WHERE c.merged_into = ?)
         WHERE id = ?",
    )
    .bind(id)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

pub struct NewStep<'a> {
    pub need_id: i64,
    pub action: NeedStatus,
    pub from_status: NeedStatus,
    pub from_title: &'a str,
    pub from_field: FieldOfAction,
    pub reason: &'a str,
    pub merged_into: Option<i64>,
    pub actor_id: i64,
}

pub async fn log_step(
    conn: &mut SqliteConnection,
    step: &NewStep<'_>,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO need_moderations (need_id, action, from_status, from_title, from_field,
             reason, merged_into, actor_id, at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(step.need_id)
    .bind(step.action.code())
    .bind(step.from_status.code())
    .bind(step.from_title)
    .bind(i64::from(step.from_field.number()))
    .bind(step.reason)
    .bind(step.merged_into)
    .bind(step.actor_id)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
pub struct StepRow {
    pub id: i64,
    pub action: String,
    pub from_status: String,
    pub from_title: String,
    pub from_field: i64,
    pub reason: String,
    pub merged_into: Option<i64>,
    pub merged_reference: Option<String>,
    pub actor: String,
    pub at: i64,
    pub undone_by: Option<String>,
    pub undone_at: Option<i64>,
}

/// A need's moderation steps, oldest first.
pub async fn steps(conn: &mut SqliteConnection, need_id: i64) -> Result<Vec<StepRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT m.id, m.action, m.from_status, m.from_title, m.from_field, m.reason,
                m.merged_into, t.reference AS merged_reference, u.name AS actor, m.at,
                v.name AS undone_by, m.undone_at
         FROM need_moderations m
         JOIN users u ON u.id = m.actor_id
         LEFT JOIN users v ON v.id = m.undone_by
         LEFT JOIN needs t ON t.id = m.merged_into
         WHERE m.need_id = ? ORDER BY m.id",
    )
    .bind(need_id)
    .fetch_all(conn)
    .await
}

pub async fn mark_undone(
    conn: &mut SqliteConnection,
    step_id: i64,
    user_id: i64,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE need_moderations SET undone_by = ?, undone_at = ? WHERE id = ?")
        .bind(user_id)
        .bind(now)
        .bind(step_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// The meeting a need was noted in: (meeting id, title, starts at).
pub async fn meeting_of_item(
    conn: &mut SqliteConnection,
    item_id: &str,
) -> Result<Option<(i64, String, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT m.id, m.title, m.starts_at FROM meeting_items i JOIN meetings m ON m.id = i.meeting_id
         WHERE i.id = ?",
    )
    .bind(item_id)
    .fetch_optional(conn)
    .await
}

/// The needs noted in a meeting's minutes: (item id, field, title, detail, organisation).
#[allow(clippy::type_complexity)]
pub async fn meeting_needs(
    conn: &mut SqliteConnection,
    meeting_id: i64,
) -> Result<Vec<(String, i64, String, String, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT i.id, i.field_number, i.title, i.detail, coalesce(o.name, '')
         FROM meeting_items i LEFT JOIN organisations o ON o.id = i.organisation_id
         WHERE i.meeting_id = ? AND i.list = 'bedarf' AND i.field_number IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM needs n WHERE n.meeting_item_id = i.id)
         ORDER BY i.position, i.id",
    )
    .bind(meeting_id)
    .fetch_all(conn)
    .await
}

/// Needs whose stems are missing (written by a migration): (id, title, description, organisation).
pub async fn unstemmed(
    conn: &mut SqliteConnection,
    limit: i64,
) -> Result<Vec<(i64, String, String, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, title, description, organisation_name FROM needs
         WHERE search_stems IS NULL ORDER BY id LIMIT ?",
    )
    .bind(limit)
    .fetch_all(conn)
    .await
}

pub async fn set_stems(
    conn: &mut SqliteConnection,
    id: i64,
    stems: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE needs SET search_stems = ? WHERE id = ?")
        .bind(stems)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}
