//! Areas and their history.
use crate::domain::area::{Area, AreaChange, AreaFields, AreaKind};
use chrono::NaiveDate;
use sqlx::SqliteConnection;

#[derive(sqlx::FromRow)]
struct AreaRow {
    id: i64,
    slug: String,
    name: String,
    kind: String,
    district: String,
    social_space: String,
    description: String,
    contact: String,
    retired_on: Option<NaiveDate>,
}

impl From<AreaRow> for Area {
    fn from(row: AreaRow) -> Self {
        Area {
            id: row.id,
            slug: row.slug,
            name: row.name,
            kind: AreaKind::parse(&row.kind).unwrap_or(AreaKind::Aktionsraum),
            district: row.district,
            social_space: row.social_space,
            description: row.description,
            contact: row.contact,
            retired_on: row.retired_on,
        }
    }
}

const COLUMNS: &str =
    "id, slug, name, kind, district, social_space, description, contact, retired_on";

pub async fn list(conn: &mut SqliteConnection) -> Result<Vec<Area>, sqlx::Error> {
    let rows: Vec<AreaRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM areas ORDER BY name COLLATE NOCASE"
    )))
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(Area::from).collect())
}

pub async fn by_slug(conn: &mut SqliteConnection, slug: &str) -> Result<Option<Area>, sqlx::Error> {
    let row: Option<AreaRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM areas WHERE slug = ?"
    )))
    .bind(slug)
    .fetch_optional(conn)
    .await?;
    Ok(row.map(Area::from))
}

pub async fn ids_by_slugs(
    conn: &mut SqliteConnection,
    slugs: &[String],
) -> Result<Vec<(String, i64)>, sqlx::Error> {
    let mut found = Vec::new();
    for slug in slugs {
        let id: Option<i64> = sqlx::query_scalar("SELECT id FROM areas WHERE slug = ?")
            .bind(slug)
            .fetch_optional(&mut *conn)
            .await?;
        if let Some(id) = id {
            found.push((slug.clone(), id));
        }
    }
    Ok(found)
}

pub async fn history(
    conn: &mut SqliteConnection,
    area_id: i64,
) -> Result<Vec<AreaChange>, sqlx::Error> {
    let rows: Vec<(NaiveDate, String, String)> = sqlx::query_as(
        "SELECT effective_on, decision, summary FROM area_changes
         WHERE area_id = ? ORDER BY effective_on DESC, id DESC",
    )
    .bind(area_id)
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(effective_on, decision, summary)| AreaChange {
            effective_on,
            decision,
            summary,
        })
        .collect())
}

pub async fn update(
    conn: &mut SqliteConnection,
    id: i64,
    fields: &AreaFields,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE areas SET name = ?, kind = ?, district = ?, social_space = ?, description = ?, contact = ?
         WHERE id = ?",
    )
    .bind(&fields.name)
    .bind(fields.kind.slug())
    .bind(&fields.district)
    .bind(&fields.social_space)
    .bind(&fields.description)
    .bind(&fields.contact)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn insert(
    conn: &mut SqliteConnection,
    slug: &str,
    fields: &AreaFields,
) -> Result<i64, sqlx::Error> {
    let id = sqlx::query_scalar(
        "INSERT INTO areas (slug, name, kind, district, social_space, description, contact)
         VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(slug)
    .bind(&fields.name)
    .bind(fields.kind.slug())
    .bind(&fields.district)
    .bind(&fields.social_space)
    .bind(&fields.description)
    .bind(&fields.contact)
    .fetch_one(conn)
    .await?;
    Ok(id)
}

pub async fn set_retired(
    conn: &mut SqliteConnection,
    id: i64,
    retired_on: Option<NaiveDate>,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE areas SET retired_on = ? WHERE id = ?")
        .bind(retired_on)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn record_change(
    conn: &mut SqliteConnection,
    area_id: i64,
    effective_on: NaiveDate,
    decision: &str,
    summary: &str,
    changed_by: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO area_changes (area_id, effective_on, decision, summary, changed_by)
         VALUES (?, ?, ?, ?, ?)",
    )
    .bind(area_id)
    .bind(effective_on)
    .bind(decision)
    .bind(summary)
    .bind(changed_by)
    .execute(conn)
    .await?;
    Ok(())
}

/// Names of the enabled coordinators of an area.
pub async fn coordinator_names(
    conn: &mut SqliteConnection,
    area_id: i64,
) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT u.name FROM coordinator_areas ca JOIN users u ON u.id = ca.user_id
         WHERE ca.area_id = ? AND u.disabled_at IS NULL ORDER BY u.name COLLATE NOCASE",
    )
    .bind(area_id)
    .fetch_all(conn)
    .await
}
