//! Counts per area for the Projektbüro's overview (one grouped query each, whatever the volume).
use sqlx::SqliteConnection;

/// (area id, Akteursgespräche held, planned).
pub async fn meetings(conn: &mut SqliteConnection) -> Result<Vec<(i64, i64, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT area_id, sum(status = 'durchgefuehrt'), sum(status = 'geplant')
         FROM meetings WHERE kind = 'akteursgespraech' GROUP BY area_id",
    )
    .fetch_all(conn)
    .await
}

/// (area id, organisations that took part in a meeting held: invited and present, or walked in
/// naming one).
pub async fn organisations(conn: &mut SqliteConnection) -> Result<Vec<(i64, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT area_id, count(*) FROM (
             SELECT m.area_id, o.name COLLATE NOCASE AS name FROM invitations i
               JOIN meetings m ON m.id = i.meeting_id
               JOIN organisations o ON o.id = i.organisation_id
              WHERE m.status = 'durchgefuehrt' AND i.attended = 1
             UNION
             SELECT m.area_id, w.organisation_name COLLATE NOCASE FROM walk_ins w
               JOIN meetings m ON m.id = w.meeting_id
              WHERE m.status = 'durchgefuehrt' AND w.organisation_name <> ''
         ) GROUP BY area_id",
    )
    .fetch_all(conn)
    .await
}

/// (area id, Handlungsfeld number, status, count) over all needs.
pub async fn needs(
    conn: &mut SqliteConnection,
) -> Result<Vec<(i64, i64, String, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT area_id, field_number, status, count(*) FROM needs
         WHERE status IN ('neu', 'angenommen') GROUP BY area_id, field_number, status",
    )
    .fetch_all(conn)
    .await
}

/// (area id, Handlungsfeld number, count) of the accepted needs among `ids` (JSON array).
pub async fn needs_among(
    conn: &mut SqliteConnection,
    ids: &str,
) -> Result<Vec<(i64, i64, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT area_id, field_number, count(*) FROM needs
         WHERE status = 'angenommen' AND id IN (SELECT value FROM json_each(?))
         GROUP BY area_id, field_number",
    )
    .bind(ids)
    .fetch_all(conn)
    .await
}

/// (area id, state, newest version, published version) of every programme.
pub async fn programmes(
    conn: &mut SqliteConnection,
) -> Result<Vec<(i64, String, i64, Option<i64>)>, sqlx::Error> {
    sqlx::query_as("SELECT area_id, state, head_version, published_version FROM programmes")
        .fetch_all(conn)
        .await
}
