//! The stakeholder directory: organisations, their areas and Handlungsfelder, contact people.
use crate::domain::field_of_action::FieldOfAction;
use crate::domain::organisation::{
    Contact, ContactFields, Organisation, OrganisationFields, OrganisationKind, OrganisationSummary,
};
use chrono::NaiveDate;
use sqlx::SqliteConnection;

#[derive(sqlx::FromRow)]
struct SummaryRow {
    id: i64,
    name: String,
    kind: String,
    area_names: Option<String>,
    contact_count: i64,
}

fn kind(code: &str) -> OrganisationKind {
    OrganisationKind::parse(code).unwrap_or(OrganisationKind::Other)
}

/// Organisations whose name contains `search` (any case), optionally only those of one area, in
/// name order; `after` (an organisation id) starts behind that organisation (keyset paging). The
/// page is chosen first and only its rows get their areas and contact counts.
pub async fn search(
    conn: &mut SqliteConnection,
    search: &str,
    area_id: Option<i64>,
    after: Option<i64>,
    limit: i64,
) -> Result<Vec<OrganisationSummary>, sqlx::Error> {
    let pattern = format!("%{}%", search.replace(['%', '_'], ""));
    let rows: Vec<SummaryRow> = sqlx::query_as(
        "WITH cursor AS (SELECT name COLLATE NOCASE AS name, id FROM organisations WHERE id = ?3),
              page AS (
                SELECT o.id, o.name, o.kind FROM organisations o
                WHERE o.name LIKE ?1
                  AND (?2 IS NULL OR EXISTS (SELECT 1 FROM organisation_areas oa
                                             WHERE oa.organisation_id = o.id AND oa.area_id = ?2))
                  AND (?3 IS NULL OR (o.name COLLATE NOCASE, o.id) > (SELECT name, id FROM cursor))
                ORDER BY o.name COLLATE NOCASE, o.id
                LIMIT ?4)
         SELECT p.id, p.name, p.kind,
                (SELECT group_concat(a.name, ', ') FROM organisation_areas oa
                   JOIN areas a ON a.id = oa.area_id WHERE oa.organisation_id = p.id) AS area_names,
                (SELECT count(*) FROM contacts c WHERE c.organisation_id = p.id) AS contact_count
         FROM page p
         ORDER BY p.name COLLATE NOCASE, p.id",
    )
    .bind(pattern)
    .bind(area_id)
    .bind(after)
    .bind(limit)
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| OrganisationSummary {
            id: r.id,
            name: r.name,
            kind: kind(&r.kind),
            area_names: r
                .area_names
                .map(|n| n.split(", ").map(str::to_owned).collect())
                .unwrap_or_default(),
            contact_count: r.contact_count,
        })
        .collect())
}

#[derive(sqlx::FromRow)]
struct OrganisationRow {
    id: i64,
    name: String,
    kind: String,
    notes: String,
}

#[derive(sqlx::FromRow)]
struct ContactRow {
    id: i64,
    name: String,
    function: String,
    email: String,
    phone: String,
    consent_on: NaiveDate,
    consent_purpose: String,
    recorded_by: Option<String>,
}

pub async fn by_id(
    conn: &mut SqliteConnection,
    id: i64,
) -> Result<Option<Organisation>, sqlx::Error> {
    let Some(row): Option<OrganisationRow> =
        sqlx::query_as("SELECT id, name, kind, notes FROM organisations WHERE id = ?")
            .bind(id)
            .fetch_optional(&mut *conn)
            .await?
    else {
        return Ok(None);
    };
    let area_ids = area_ids(conn, id).await?;
    let fields: Vec<i64> = sqlx::query_scalar(
        "SELECT field_number FROM organisation_fields WHERE organisation_id = ? ORDER BY field_number",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    let contacts: Vec<ContactRow> = sqlx::query_as(
        "SELECT c.id, c.name, c.function, c.email, c.phone, c.consent_on, c.consent_purpose,
                u.name AS recorded_by
         FROM contacts c LEFT JOIN users u ON u.id = c.consent_recorded_by
         WHERE c.organisation_id = ? ORDER BY c.name COLLATE NOCASE",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    let erasures: i64 =
        sqlx::query_scalar("SELECT count(*) FROM contact_erasures WHERE organisation_id = ?")
            .bind(id)
            .fetch_one(&mut *conn)
            .await?;
    Ok(Some(Organisation {
        id: row.id,
        name: row.name,
        kind: kind(&row.kind),
        notes: row.notes,
        area_ids,
        fields: fields
            .into_iter()
            .filter_map(FieldOfAction::from_number)
            .collect(),
        contacts: contacts
            .into_iter()
            .map(|c| Contact {
                id: c.id,
                name: c.name,
                function: c.function,
                email: c.email,
                phone: c.phone,
                consent_on: c.consent_on,
                consent_purpose: c.consent_purpose,
                consent_recorded_by: c.recorded_by,
            })
            .collect(),
        erasures,
    }))
}

pub async fn area_ids(conn: &mut SqliteConnection, id: i64) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT area_id FROM organisation_areas WHERE organisation_id = ? ORDER BY area_id",
    )
    .bind(id)
    .fetch_all(conn)
    .await
}

pub async fn insert(
    conn: &mut SqliteConnection,
    fields: &OrganisationFields,
    area_ids: &[i64],
    now: i64,
) -> Result<i64, sqlx::Error> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO organisations (name, kind, notes, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(&fields.name)
    .bind(fields.kind.code())
    .bind(&fields.notes)
    .bind(now)
    .bind(now)
    .fetch_one(&mut *conn)
    .await?;
    replace_links(conn, id, area_ids, &fields.fields).await?;
    Ok(id)
}

pub async fn update(
    conn: &mut SqliteConnection,
    id: i64,
    fields: &OrganisationFields,
    area_ids: &[i64],
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE organisations SET name = ?, kind = ?, notes = ?, updated_at = ? WHERE id = ?",
    )
    .bind(&fields.name)
    .bind(fields.kind.code())
    .bind(&fields.notes)
    .bind(now)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    replace_links(conn, id, area_ids, &fields.fields).await
}

async fn replace_links(
    conn: &mut SqliteConnection,
    id: i64,
    area_ids: &[i64],
    fields: &[FieldOfAction],
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM organisation_areas WHERE organisation_id = ?")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    for area_id in area_ids {
        sqlx::query("INSERT INTO organisation_areas (organisation_id, area_id) VALUES (?, ?)")
            .bind(id)
            .bind(area_id)
            .execute(&mut *conn)
            .await?;
    }
    sqlx::query("DELETE FROM organisation_fields WHERE organisation_id = ?")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    for field in fields {
        sqlx::query(
            "INSERT INTO organisation_fields (organisation_id, field_number) VALUES (?, ?)",
        )
        .bind(id)
        .bind(i64::from(field.number()))
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

pub async fn insert_contact(
    conn: &mut SqliteConnection,
    organisation_id: i64,
    fields: &ContactFields,
    recorded_by: i64,
    now: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO contacts (organisation_id, name, function, email, phone, consent_on,
                               consent_purpose, consent_recorded_by, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(organisation_id)
    .bind(&fields.name)
    .bind(&fields.function)
    .bind(&fields.email)
    .bind(&fields.phone)
    .bind(fields.consent_on)
    .bind(&fields.consent_purpose)
    .bind(recorded_by)
    .bind(now)
    .fetch_one(conn)
    .await
}

/// The organisation a contact belongs to.
pub async fn contact_organisation(
    conn: &mut SqliteConnection,
    contact_id: i64,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT organisation_id FROM contacts WHERE id = ?")
        .bind(contact_id)
        .fetch_optional(conn)
        .await
}

/// Deletes the contact's personal data and logs the erasure without it.
pub async fn erase_contact(
    conn: &mut SqliteConnection,
    contact_id: i64,
    organisation_id: i64,
    erased_by: i64,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM contacts WHERE id = ?")
        .bind(contact_id)
        .execute(&mut *conn)
        .await?;
    sqlx::query(
        "INSERT INTO contact_erasures (organisation_id, erased_by, erased_at) VALUES (?, ?, ?)",
    )
    .bind(organisation_id)
    .bind(erased_by)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// Directory contacts with this e-mail (any case): (contact id, organisation id, organisation,
/// name, function, e-mail, phone, consent date, consent purpose).
#[allow(clippy::type_complexity)]
pub async fn contacts_with_email(
    conn: &mut SqliteConnection,
    email: &str,
) -> Result<
    Vec<(
        i64,
        i64,
        String,
        String,
        String,
        String,
        String,
        String,
        String,
    )>,
    sqlx::Error,
> {
    sqlx::query_as(
        "SELECT c.id, o.id, o.name, c.name, c.function, c.email, c.phone, c.consent_on,
                c.consent_purpose
         FROM contacts c JOIN organisations o ON o.id = c.organisation_id
         WHERE lower(c.email) = lower(?) ORDER BY o.name COLLATE NOCASE",
    )
    .bind(email)
    .fetch_all(conn)
    .await
}
