//! Updates of measures' implementation (Umsetzung), newest per measure = current.
use sqlx::SqliteConnection;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct UpdateRow {
    pub id: i64,
    pub measure_id: String,
    pub data: String,
    pub note: String,
    pub author_name: String,
    pub created_at: i64,
}

pub async fn insert(
    conn: &mut SqliteConnection,
    area_id: i64,
    measure_id: &str,
    data: &str,
    state: &str,
    note: &str,
    author_id: i64,
    now: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO implementation_updates
             (area_id, measure_id, data, state, note, author_id, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(area_id)
    .bind(measure_id)
    .bind(data)
    .bind(state)
    .bind(note)
    .bind(author_id)
    .bind(now)
    .fetch_one(conn)
    .await
}

const COLUMNS: &str = "i.id, i.measure_id, i.data, i.note, u.name AS author_name, i.created_at";

/// The newest update of every measure of the area that has one.
pub async fn current_for_area(
    conn: &mut SqliteConnection,
    area_id: i64,
) -> Result<Vec<UpdateRow>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM implementation_updates i JOIN users u ON u.id = i.author_id
         WHERE i.id IN (SELECT MAX(id) FROM implementation_updates WHERE area_id = ?
                        GROUP BY measure_id)
         ORDER BY i.measure_id"
    )))
    .bind(area_id)
    .fetch_all(conn)
    .await
}

/// A measure's updates, newest first, before the update `before` (all when `None`), at most
/// `limit`.
pub async fn history(
    conn: &mut SqliteConnection,
    area_id: i64,
    measure_id: &str,
    before: Option<i64>,
    limit: i64,
) -> Result<Vec<UpdateRow>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM implementation_updates i JOIN users u ON u.id = i.author_id
         WHERE i.area_id = ? AND i.measure_id = ? AND i.id < ?
         ORDER BY i.id DESC LIMIT ?"
    )))
    .bind(area_id)
    .bind(measure_id)
    .bind(before.unwrap_or(i64::MAX))
    .bind(limit)
    .fetch_all(conn)
    .await
}

/// The current published version of an area's programme.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PublishedRow {
    pub area_id: i64,
    pub slug: String,
    pub name: String,
    pub number: i64,
    pub published_at: i64,
    pub content: String,
}

/// The current published version of the area's programme (`Some(id)`) or of every area's
/// (`None`, at most one per area), by area name.
pub async fn published(
    conn: &mut SqliteConnection,
    area_id: Option<i64>,
) -> Result<Vec<PublishedRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT a.id AS area_id, a.slug, a.name, v.number, p.published_at, v.content
         FROM programmes p
         JOIN areas a ON a.id = p.area_id
         JOIN programme_versions v ON v.programme_id = p.id AND v.number = p.published_version
         WHERE p.published_version IS NOT NULL AND p.published_at IS NOT NULL
           AND (?1 IS NULL OR p.area_id = ?1)
         ORDER BY a.name COLLATE NOCASE",
    )
    .bind(area_id)
    .fetch_all(conn)
    .await
}

/// The version of every area's programme that was published at `until` (the newest
/// publication step by then), at most one per area, by area name.
pub async fn published_at(
    conn: &mut SqliteConnection,
    until: i64,
) -> Result<Vec<PublishedRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT a.id AS area_id, a.slug, a.name, v.number, s.at AS published_at, v.content
         FROM programmes p
         JOIN areas a ON a.id = p.area_id
         JOIN programme_steps s ON s.id = (
             SELECT id FROM programme_steps
             WHERE programme_id = p.id AND step = 'veroeffentlichen' AND at <= ?1
             ORDER BY at DESC, id DESC LIMIT 1)
         JOIN programme_versions v ON v.programme_id = p.id AND v.number = s.version
         ORDER BY a.name COLLATE NOCASE",
    )
    .bind(until)
    .fetch_all(conn)
    .await
}

/// The newest update by `until` of every measure in every area (as many rows as measures were
/// updated by then); `i64::MAX`: the current state.
pub async fn current_everywhere(
    conn: &mut SqliteConnection,
    until: i64,
) -> Result<Vec<(i64, UpdateRow)>, sqlx::Error> {
    #[derive(sqlx::FromRow)]
    struct Row {
        area_id: i64,
        #[sqlx(flatten)]
        update: UpdateRow,
    }
    let rows: Vec<Row> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT i.area_id, {COLUMNS} FROM implementation_updates i JOIN users u ON u.id = i.author_id
         WHERE i.id IN (SELECT MAX(id) FROM implementation_updates WHERE created_at <= ?
                        GROUP BY area_id, measure_id)"
    )))
    .bind(until)
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(|r| (r.area_id, r.update)).collect())
}
