//! Counts per area for the Projektbüro's overview (one grouped query each, whatever the volume),
//! now or as they stood at an instant `until` (the Sachstandsbericht for a past day). `until` is
//! `i64::MAX` for now.
use sqlx::SqliteConnection;

/// (area id, Akteursgespräche held, planned) at `until`. A meeting held by then counts by its
/// date, also when it was entered afterwards; one counts as planned from its entry until it was
/// held, called off or moved (the last two dated by its last change).
pub async fn meetings(
    conn: &mut SqliteConnection,
    until: i64,
) -> Result<Vec<(i64, i64, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT area_id,
                sum(status = 'durchgefuehrt' AND starts_at <= ?1),
                sum(created_at <= ?1 AND (
                    status = 'geplant'
                    OR (status = 'durchgefuehrt' AND starts_at > ?1)
                    OR (status IN ('abgesagt', 'verschoben') AND updated_at > ?1)))
         FROM meetings WHERE kind = 'akteursgespraech' GROUP BY area_id",
    )
    .bind(until)
    .fetch_all(conn)
    .await
}

/// (area id, organisations that took part in a meeting held by `until`: invited and present, or
/// walked in naming one).
pub async fn organisations(
    conn: &mut SqliteConnection,
    until: i64,
) -> Result<Vec<(i64, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT area_id, count(*) FROM (
             SELECT m.area_id, o.name COLLATE NOCASE AS name FROM invitations i
               JOIN meetings m ON m.id = i.meeting_id
               JOIN organisations o ON o.id = i.organisation_id
              WHERE m.status = 'durchgefuehrt' AND m.starts_at <= ?1 AND i.attended = 1
             UNION
             SELECT m.area_id, w.organisation_name COLLATE NOCASE FROM walk_ins w
               JOIN meetings m ON m.id = w.meeting_id
              WHERE m.status = 'durchgefuehrt' AND m.starts_at <= ?1
                AND w.organisation_name <> ''
         ) GROUP BY area_id",
    )
    .bind(until)
    .fetch_all(conn)
    .await
}

/// (area id, Handlungsfeld number, status, count) over all needs now.
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

/// (area id, Handlungsfeld number, count) of the accepted needs among `ids` (JSON array). The
/// CROSS JOIN keeps SQLite from scanning every accepted need: it looks up each id (0.3 ms for
/// the benchmark's 72 ids at 100,000 needs, against 3.3 ms with `IN` and 165 ms with a JOIN).
pub async fn needs_among(
    conn: &mut SqliteConnection,
    ids: &str,
) -> Result<Vec<(i64, i64, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT n.area_id, n.field_number, count(*)
         FROM json_each(?) j CROSS JOIN needs n ON n.id = j.value
         WHERE n.status = 'angenommen'
         GROUP BY n.area_id, n.field_number",
    )
    .bind(ids)
    .fetch_all(conn)
    .await
}

/// (area id, Handlungsfeld number, status, among `ids`, count) of the needs recorded by `until`,
/// each in the status its moderation had then: the last step taken by then and not undone by
/// then, or the status it was recorded with (the form's needs start as new, all others as
/// accepted). Needs are counted in the Handlungsfeld they have now. Reads every need and its
/// steps, about 100 ms at 100,000 needs: only for a past day.
pub async fn needs_at(
    conn: &mut SqliteConnection,
    until: i64,
    ids: &str,
) -> Result<Vec<(i64, i64, String, bool, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT area_id, field_number, status, among, count(*) FROM (
             SELECT n.area_id, n.field_number,
                    coalesce(
                        (SELECT m.action FROM need_moderations m
                         WHERE m.need_id = n.id AND m.at <= ?1
                           AND (m.undone_at IS NULL OR m.undone_at > ?1)
                         ORDER BY m.id DESC LIMIT 1),
                        CASE n.source WHEN 'formular' THEN 'neu' ELSE 'angenommen' END
                    ) AS status,
                    n.id IN (SELECT value FROM json_each(?2)) AS among
             FROM needs n WHERE n.created_at <= ?1
         ) WHERE status IN ('neu', 'angenommen')
         GROUP BY area_id, field_number, status, among",
    )
    .bind(until)
    .bind(ids)
    .fetch_all(conn)
    .await
}

/// (area id, state, newest version, published version) of every programme now.
pub async fn programmes(
    conn: &mut SqliteConnection,
) -> Result<Vec<(i64, String, i64, Option<i64>)>, sqlx::Error> {
    sqlx::query_as("SELECT area_id, state, head_version, published_version FROM programmes")
        .fetch_all(conn)
        .await
}

/// The same at `until`, from the versions and workflow steps recorded by then.
pub async fn programmes_at(
    conn: &mut SqliteConnection,
    until: i64,
) -> Result<Vec<(i64, String, i64, Option<i64>)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT p.area_id,
                coalesce((SELECT to_state FROM programme_steps
                          WHERE programme_id = p.id AND at <= ?1
                          ORDER BY at DESC, id DESC LIMIT 1), 'entwurf'),
                coalesce((SELECT max(number) FROM programme_versions
                          WHERE programme_id = p.id AND created_at <= ?1), 0),
                (SELECT version FROM programme_steps
                 WHERE programme_id = p.id AND step = 'veroeffentlichen' AND at <= ?1
                 ORDER BY at DESC, id DESC LIMIT 1)
         FROM programmes p WHERE p.created_at <= ?1",
    )
    .bind(until)
    .fetch_all(conn)
    .await
}
