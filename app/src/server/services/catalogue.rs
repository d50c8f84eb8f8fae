//! The needs catalogue: listing and searching needs, their provenance, moderation (accept,
//! reject, merge, undo) with duplicate suggestions, needs typed in by staff, and the needs of
//! closed minutes.
use crate::domain::catalogue::{
    parse_accept, parse_manual, parse_reason, AcceptInput, CatalogueFilter, CataloguePage,
    ManualNeedInput, MeetingSource, ModerationStep, NeedDetail, NeedSource, NeedStatus,
    NeedSummary,
};
use crate::domain::field_of_action::FieldOfAction;
use crate::domain::format::date_time_de;
use crate::domain::need::reference;
use crate::domain::need_trail::taken_up_and_excluded;
use crate::domain::need_updates::{UpdateKind, UpdatesStatus};
use crate::domain::policy::{can_view_area_staff_part, visible_areas};
use crate::domain::schedule::{day_bounds, to_local};
use crate::domain::similarity::{most_similar, Fingerprint};
use crate::domain::user::CurrentUser;
use crate::domain::validation::FieldErrors;
use crate::error::AppError;
use crate::server::access::{self, AreaStaff, NeedStaff};
use crate::server::db::Db;
use crate::server::repo::{
    self,
    catalogue::{AnswerFilter, CatalogueQuery, NeedRow, NewNeed, NewStep, Outcome},
};
use crate::server::search::{match_query, need_stems, related_query};
use crate::server::services::need_updates;
use chrono::Datelike as _;
use sqlx::SqliteConnection;

/// Needs per catalogue page.
pub const PAGE_SIZE: i64 = 50;
/// Most needs in one export (far more than all areas raise in a year).
pub const EXPORT_MAX: i64 = 200_000;

pub(crate) fn summary(row: &NeedRow) -> NeedSummary {
    NeedSummary {
        id: row.id,
        reference: row.reference.clone(),
        area_slug: row.area_slug.clone(),
        area_name: row.area_name.clone(),
        field: FieldOfAction::from_number(row.field_number).unwrap_or(FieldOfAction::Work),
        title: row.title.clone(),
        organisation: row.organisation_name.clone(),
        source: NeedSource::from_code(&row.source).unwrap_or(NeedSource::Manual),
        status: NeedStatus::from_code(&row.status).unwrap_or(NeedStatus::New),
        supporters: row.supporters,
        noted_on: to_local(row.noted_at).date(),
    }
}

/// Turns the filter into a query the user is allowed to ask; an area the user may not see
/// is refused, not silently dropped.
async fn resolve(
    conn: &mut SqliteConnection,
    actor: &CurrentUser,
    filter: &CatalogueFilter,
    answer: Option<AnswerFilter>,
) -> Result<CatalogueQuery, AppError> {
    let area_ids = match &filter.area {
        Some(slug) => Some(vec![access::area(conn, actor, slug).await?.area().id]),
        None => visible_areas(actor).map(<[i64]>::to_vec),
    };
    let text = match_query(&filter.text);
    let common_text = match &text {
        Some(text) => repo::catalogue::text_is_common(conn, text).await?,
        None => false,
    };
    Ok(CatalogueQuery {
        area_ids,
        field: filter.field,
        status: filter.status,
        source: filter.source,
        answer,
        text,
        common_text,
        sort: filter.sort,
    })
}

/// The needs the published programmes take up and exclude, when the filter asks about them
/// (read before the catalogue's own connection: at most one programme per area).
async fn answer_filter(
    db: &Db,
    filter: &CatalogueFilter,
) -> Result<Option<AnswerFilter>, AppError> {
    let Some(answer) = filter.answer else {
        return Ok(None);
    };
    let (mut answered, mut excluded) = (Vec::new(), Vec::new());
    for area in crate::server::services::implementation::published_everywhere(db).await? {
        let (taken_up, left_out) = taken_up_and_excluded(&area.content);
        answered.extend(taken_up);
        excluded.extend(left_out);
    }
    // A need merged into a named one is named too.
    let mut conn = db.read().await?;
    let answered_sources = repo::catalogue::merged_into_any(&mut conn, &answered).await?;
    let excluded_sources = repo::catalogue::merged_into_any(&mut conn, &excluded).await?;
    drop(conn);
    answered.extend(answered_sources);
    excluded.extend(excluded_sources);
    Ok(Some(AnswerFilter {
        answer,
        answered,
        excluded,
    }))
}

/// One page of the catalogue for this user.
pub async fn catalogue(
    db: &Db,
    actor: &CurrentUser,
    filter: &CatalogueFilter,
) -> Result<CataloguePage, AppError> {
    let answer = answer_filter(db, filter).await?;
    let mut conn = db.read().await?;
    let query = resolve(&mut conn, actor, filter, answer).await?;
    let total = repo::catalogue::count(&mut conn, &query).await?;
    let mut rows = repo::catalogue::page(&mut conn, &query, filter.after, PAGE_SIZE + 1).await?;
    let more = rows.len() as i64 > PAGE_SIZE;
    rows.truncate(PAGE_SIZE as usize);
    let next_after = if more {
        rows.last().map(|r| r.id)
    } else {
        None
    };
    let areas = repo::areas::list(&mut conn)
        .await?
        .into_iter()
        .filter(|a| can_view_area_staff_part(actor, a.id))
        .map(|a| (a.slug, a.name))
        .collect();
    Ok(CataloguePage {
        needs: rows.iter().map(summary).collect(),
        total,
        next_after,
        areas,
    })
}

/// Every need the filter finds (no paging), for the CSV and XLSX export.
pub async fn export_rows(
    db: &Db,
    actor: &CurrentUser,
    filter: &CatalogueFilter,
) -> Result<Vec<(NeedSummary, String)>, AppError> {
    let answer = answer_filter(db, filter).await?;
    let mut conn = db.read().await?;
    let query = resolve(&mut conn, actor, filter, answer).await?;
    let rows = repo::catalogue::page(&mut conn, &query, None, EXPORT_MAX).await?;
    Ok(rows
        .into_iter()
        .map(|row| (summary(&row), row.description))
        .collect())
}

/// The need as it is now (the proof may be older; inside a write transaction this is the
/// state the step applies to).
async fn load_now(conn: &mut SqliteConnection, need: &NeedStaff) -> Result<NeedRow, AppError> {
    repo::catalogue::by_id(conn, need.need_id())
        .await?
        .ok_or_else(|| AppError::not_found("Dieser Bedarf"))
}

/// Likely duplicates of a need among the area's accepted needs, most similar first.
async fn suggestions(
    conn: &mut SqliteConnection,
    row: &NeedRow,
) -> Result<Vec<(NeedSummary, u8)>, AppError> {
    let Some(query) = related_query(&format!("{} {}", row.title, row.description)) else {
        return Ok(Vec::new());
    };
    let candidates =
        repo::catalogue::duplicate_candidates(conn, row.area_id, row.id, &query, 400).await?;
    let print = Fingerprint::new(&row.title, &row.description);
    let ranked = most_similar(
        &print,
        candidates
            .iter()
            .map(|c| (c, Fingerprint::new(&c.title, &c.description))),
        5,
    );
    Ok(ranked
        .into_iter()
        .map(|(c, score)| (summary(c), (score * 100.0).round().clamp(0.0, 100.0) as u8))
        .collect())
}

fn step_view(step: repo::catalogue::StepRow) -> ModerationStep {
    ModerationStep {
        id: step.id,
        action: NeedStatus::from_code(&step.action).unwrap_or(NeedStatus::Accepted),
        actor: step.actor,
        at: date_time_de(to_local(step.at)),
        reason: step.reason,
        merged_into: step.merged_reference,
        undone: step.undone_at.map(|at| {
            format!(
                "rückgängig gemacht am {} von {}",
                date_time_de(to_local(at)),
                step.undone_by.unwrap_or_default()
            )
        }),
    }
}

/// A need with where it came from, what was merged into it, its history and likely duplicates:
/// for a new need always (moderation merges it), for an accepted one only when asked for
/// (`similar`), since it is rarely merged later and the search is the page's dearest part.
pub async fn detail(db: &Db, need: &NeedStaff, similar: bool) -> Result<NeedDetail, AppError> {
    let mut detail = detail_without_programme(db, need, similar).await?;
    // Its own read, after the detail's connection is back in the pool.
    detail.in_programme = match detail.summary.status {
        NeedStatus::New | NeedStatus::Rejected => None,
        NeedStatus::Accepted | NeedStatus::Merged => {
            let decided = detail
                .merged_into
                .as_ref()
                .map_or(detail.summary.id, |(id, _, _)| *id);
            Some(crate::server::services::need_trail::place_of(db, need.area_id(), decided).await?)
        }
    };
    Ok(detail)
}

async fn detail_without_programme(
    db: &Db,
    need: &NeedStaff,
    similar: bool,
) -> Result<NeedDetail, AppError> {
    let id = need.need_id();
    let mut conn = db.read().await?;
    let row = load_now(&mut conn, need).await?;
    let submission = match row.submission_id {
        Some(submission_id) => repo::needs::by_id(&mut conn, submission_id)
            .await?
            .map(super::needs::view),
        None => None,
    };
    let updates = match row.submission_id {
        Some(submission_id) => repo::need_updates::counts_for_submission(&mut conn, submission_id)
            .await?
            .map(|(sent, waiting)| UpdatesStatus {
                sent,
                waiting,
                // The caller knows the configuration.
                mail_enabled: false,
            }),
        None => None,
    };
    let meeting = match &row.meeting_item_id {
        Some(item) => repo::catalogue::meeting_of_item(&mut conn, item)
            .await?
            .map(|(meeting_id, title, starts_at)| MeetingSource {
                meeting_id,
                title,
                held_on: to_local(starts_at).date(),
            }),
        None => None,
    };
    let merged_into = match row.merged_into {
        Some(target) => repo::catalogue::by_id(&mut conn, target)
            .await?
            .map(|t| (t.id, t.reference, t.title)),
        None => None,
    };
    let sources = repo::catalogue::merged_sources(&mut conn, id)
        .await?
        .iter()
        .map(summary)
        .collect();
    let steps = repo::catalogue::steps(&mut conn, id).await?;
    let can_undo = steps.iter().any(|s| s.undone_at.is_none());
    let status = NeedStatus::from_code(&row.status).unwrap_or(NeedStatus::New);
    let searched = status == NeedStatus::New || (status == NeedStatus::Accepted && similar);
    let suggestions = if searched {
        suggestions(&mut conn, &row).await?
    } else {
        Vec::new()
    };
    Ok(NeedDetail {
        summary: summary(&row),
        description: row.description,
        reject_reason: row.reject_reason,
        merged_into,
        submission,
        meeting,
        sources,
        history: steps.into_iter().map(step_view).collect(),
        suggestions,
        suggestions_searched: searched,
        can_undo,
        in_programme: None,
        updates,
    })
}

/// Loads the need inside the write transaction and checks that it still stands where the user
/// saw it: someone else may have moderated it meanwhile.
async fn load_for_moderation(
    conn: &mut SqliteConnection,
    need: &NeedStaff,
    allowed: &[NeedStatus],
) -> Result<(NeedRow, NeedStatus, FieldOfAction), AppError> {
    let row = load_now(conn, need).await?;
    let status = NeedStatus::from_code(&row.status).unwrap_or(NeedStatus::New);
    if !allowed.contains(&status) {
        return Err(AppError::Conflict(format!(
            "Dieser Bedarf ist inzwischen „{}“. Bitte laden Sie die Seite neu und sehen Sie nach, was sich geändert hat.",
            status.label()
        )));
    }
    let field = FieldOfAction::from_number(row.field_number).unwrap_or(FieldOfAction::Work);
    Ok((row, status, field))
}

/// `supporters` counts the need and what was merged into it (kept in the same transactions).
fn refuse_if_it_has_sources(row: &NeedRow) -> Result<(), AppError> {
    if row.supporters > 1 {
        return Err(AppError::Conflict(
            "In diesen Bedarf sind schon andere Meldungen zusammengeführt. Bitte machen Sie diese Zusammenführungen zuerst rückgängig – oder führen Sie in die andere Richtung zusammen.".into(),
        ));
    }
    Ok(())
}

/// Records one moderation step: the need's new state and, to undo it later, what it was before.
async fn apply_step(
    conn: &mut SqliteConnection,
    actor: &CurrentUser,
    row: &NeedRow,
    from_status: NeedStatus,
    from_field: FieldOfAction,
    outcome: &Outcome<'_>,
    now: i64,
) -> Result<(), AppError> {
    let stems = need_stems(outcome.title, &row.description, &row.organisation_name);
    repo::catalogue::set_outcome(conn, row.id, outcome, &stems, now).await?;
    let step = NewStep {
        need_id: row.id,
        action: outcome.status,
        from_status,
        from_title: &row.title,
        from_field,
        reason: outcome.reject_reason,
        merged_into: outcome.merged_into,
        actor_id: actor.id,
    };
    repo::catalogue::log_step(conn, &step, now).await?;
    Ok(())
}

/// Neu → angenommen, optionally with a corrected title or Handlungsfeld (the submission keeps
/// the original).
pub async fn accept(
    db: &Db,
    need: &NeedStaff,
    input: &AcceptInput,
    now: i64,
) -> Result<(), AppError> {
    let actor = need.user();
    let mut errors = FieldErrors::new();
    let parsed = parse_accept(input, &mut errors);
    let (field, title) = parsed.ok_or(AppError::Validation(errors))?;
    let mut tx = db.write().await?;
    let (row, status, from_field) = load_for_moderation(&mut tx, need, &[NeedStatus::New]).await?;
    let outcome = Outcome {
        status: NeedStatus::Accepted,
        field,
        title: &title,
        reject_reason: "",
        merged_into: None,
    };
    apply_step(&mut tx, actor, &row, status, from_field, &outcome, now).await?;
    need_updates::queue_moderation(&mut tx, row.id, UpdateKind::Accepted, "", now).await?;
    tx.commit().await?;
    Ok(())
}

/// Neu or angenommen → abgelehnt, with a reason.
pub async fn reject(db: &Db, need: &NeedStaff, reason: &str, now: i64) -> Result<(), AppError> {
    let actor = need.user();
    let reason = parse_reason(reason).map_err(|m| AppError::field("reason", m))?;
    let mut tx = db.write().await?;
    let (row, status, field) =
        load_for_moderation(&mut tx, need, &[NeedStatus::New, NeedStatus::Accepted]).await?;
    refuse_if_it_has_sources(&row)?;
    let outcome = Outcome {
        status: NeedStatus::Rejected,
        field,
        title: &row.title,
        reject_reason: &reason,
        merged_into: None,
    };
    apply_step(&mut tx, actor, &row, status, field, &outcome, now).await?;
    need_updates::queue_moderation(&mut tx, row.id, UpdateKind::Rejected, &reason, now).await?;
    tx.commit().await?;
    Ok(())
}

/// Neu or angenommen → one of the sources of an accepted need of the same area.
pub async fn merge(db: &Db, need: &NeedStaff, target_id: i64, now: i64) -> Result<(), AppError> {
    let (actor, id) = (need.user(), need.need_id());
    if id == target_id {
        return Err(AppError::field(
            "target",
            "Ein Bedarf kann nicht mit sich selbst zusammengeführt werden. Bitte wählen Sie einen anderen.",
        ));
    }
    let mut tx = db.write().await?;
    let (row, status, field) =
        load_for_moderation(&mut tx, need, &[NeedStatus::New, NeedStatus::Accepted]).await?;
    let target = repo::catalogue::by_id(&mut tx, target_id)
        .await?
        .filter(|t| t.area_id == row.area_id && t.status == NeedStatus::Accepted.code())
        .ok_or_else(|| {
            AppError::field(
                "target",
                "Zusammenführen geht nur mit einem angenommenen Bedarf desselben Gebiets. Bitte wählen Sie einen aus der Liste.",
            )
        })?;
    refuse_if_it_has_sources(&row)?;
    let outcome = Outcome {
        status: NeedStatus::Merged,
        field,
        title: &row.title,
        reject_reason: "",
        merged_into: Some(target.id),
    };
    apply_step(&mut tx, actor, &row, status, field, &outcome, now).await?;
    repo::catalogue::refresh_supporters(&mut tx, target.id).await?;
    need_updates::queue_moderation(&mut tx, row.id, UpdateKind::Merged, "", now).await?;
    tx.commit().await?;
    Ok(())
}

/// Merges into the need chosen from the list or, when given, the one with the typed reference
/// number.
pub async fn merge_by_choice(
    db: &Db,
    need: &NeedStaff,
    chosen: Option<i64>,
    typed_reference: &str,
    now: i64,
) -> Result<(), AppError> {
    let typed = typed_reference.trim().to_uppercase();
    let target = if typed.is_empty() {
        chosen
    } else {
        let mut conn = db.read().await?;
        Some(
            repo::catalogue::id_by_reference(&mut conn, &typed)
                .await?
                .ok_or_else(|| {
                    AppError::field(
                        "target_reference",
                        format!("Einen Bedarf mit der Kennung {typed} gibt es nicht. Bitte prüfen Sie die Schreibweise, zum Beispiel B-2022-0042."),
                    )
                })?,
        )
    };
    let target = target.ok_or_else(|| {
        AppError::field(
            "target",
            "Bitte wählen Sie den Bedarf, in den diese Meldung zusammengeführt werden soll.",
        )
    })?;
    merge(db, need, target, now).await
}

/// Takes back the need's last moderation step: status, title and Handlungsfeld return to what
/// they were before it.
pub async fn undo(db: &Db, need: &NeedStaff, now: i64) -> Result<(), AppError> {
    let (actor, id) = (need.user(), need.need_id());
    let mut tx = db.write().await?;
    let row = load_now(&mut tx, need).await?;
    let step = repo::catalogue::steps(&mut tx, id)
        .await?
        .into_iter()
        .rev()
        .find(|s| s.undone_at.is_none())
        .ok_or_else(|| {
            AppError::Conflict(
                "Hier gibt es nichts rückgängig zu machen. Bitte laden Sie die Seite neu.".into(),
            )
        })?;
    if step.action != row.status {
        return Err(AppError::Conflict(
            "Dieser Bedarf wurde inzwischen anders bearbeitet. Bitte laden Sie die Seite neu."
                .into(),
        ));
    }
    refuse_if_it_has_sources(&row)?;
    let from_status = NeedStatus::from_code(&step.from_status).unwrap_or(NeedStatus::New);
    let from_field = FieldOfAction::from_number(step.from_field).unwrap_or(FieldOfAction::Work);
    let stems = need_stems(&step.from_title, &row.description, &row.organisation_name);
    repo::catalogue::set_outcome(
        &mut tx,
        id,
        &Outcome {
            status: from_status,
            field: from_field,
            title: &step.from_title,
            reject_reason: "",
            merged_into: None,
        },
        &stems,
        now,
    )
    .await?;
    if let Some(target) = row.merged_into {
        repo::catalogue::refresh_supporters(&mut tx, target).await?;
    }
    repo::catalogue::mark_undone(&mut tx, step.id, actor.id, now).await?;
    need_updates::withdraw(&mut tx, id).await?;
    tx.commit().await?;
    Ok(())
}

/// Stores a need typed in by staff (accepted at once); returns its id.
pub async fn add_manual(
    db: &Db,
    staff: &AreaStaff,
    input: &ManualNeedInput,
    now: i64,
) -> Result<i64, AppError> {
    let (actor, area) = (staff.user(), staff.area());
    let today = to_local(now).date();
    let mut errors = FieldErrors::new();
    let parsed = parse_manual(input, today, &mut errors);
    if area.retired_on.is_some() {
        errors.add("area", "Bitte wählen Sie ein Gebiet aus der Liste.");
    }
    let Some(need) = parsed else {
        return Err(AppError::Validation(errors));
    };
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    // Noon of that day; today's need is stamped with the current time.
    let noted_at = day_bounds(need.noted_on)
        .0
        .saturating_add(12 * 3600)
        .min(now);
    let mut tx = db.write().await?;
    let year = need.noted_on.year();
    let number = repo::needs::next_number(&mut tx, "B", year).await?;
    let stems = need_stems(&need.title, &need.description, &need.organisation);
    let id = repo::catalogue::insert(
        &mut tx,
        &NewNeed {
            reference: &reference(year, number),
            area_id: area.id,
            field: need.field,
            title: &need.title,
            description: &need.description,
            organisation: &need.organisation,
            source: need.source,
            submission_id: None,
            meeting_item_id: None,
            status: NeedStatus::Accepted,
            noted_at,
            created_by: Some(actor.id),
            stems: &stems,
        },
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// The needs of minutes just closed enter the catalogue as accepted (the coordinator noted
/// them); runs inside the closing transaction.
pub async fn take_over_minutes(
    conn: &mut SqliteConnection,
    meeting_id: i64,
    area_id: i64,
    held_at: i64,
    actor: &CurrentUser,
    now: i64,
) -> Result<usize, sqlx::Error> {
    let items = repo::catalogue::meeting_needs(conn, meeting_id).await?;
    let year = to_local(held_at).year();
    for (item_id, field_number, title, detail, organisation) in &items {
        let number = repo::needs::next_number(conn, "B", year).await?;
        let stems = need_stems(title, detail, organisation);
        repo::catalogue::insert(
            conn,
            &NewNeed {
                reference: &reference(year, number),
                area_id,
                field: FieldOfAction::from_number(*field_number).unwrap_or(FieldOfAction::Work),
                title,
                description: detail,
                organisation,
                source: NeedSource::Meeting,
                submission_id: None,
                meeting_item_id: Some(item_id),
                status: NeedStatus::Accepted,
                noted_at: held_at,
                created_by: Some(actor.id),
                stems: &stems,
            },
            now,
        )
        .await?;
    }
    Ok(items.len())
}

/// Computes the search stems of needs a migration wrote; run at start-up. Returns how many.
pub async fn index_unstemmed(db: &Db) -> Result<usize, AppError> {
    let mut done = 0;
    loop {
        let mut tx = db.write().await?;
        let batch = repo::catalogue::unstemmed(&mut tx, 500).await?;
        if batch.is_empty() {
            return Ok(done);
        }
        for (id, title, description, organisation) in &batch {
            let stems = need_stems(title, description, organisation);
            repo::catalogue::set_stems(&mut tx, *id, &stems).await?;
        }
        tx.commit().await?;
        done += batch.len();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // The services as a caller reaches them: through the door (`server::access`) first. These
    // shadow the service functions of the same name.
    async fn need(db: &Db, actor: &CurrentUser, id: i64) -> Result<NeedStaff, AppError> {
        access::need_of(db, actor, id).await
    }

    async fn detail(
        db: &Db,
        actor: &CurrentUser,
        id: i64,
        similar: bool,
    ) -> Result<NeedDetail, AppError> {
        super::detail(db, &need(db, actor, id).await?, similar).await
    }

    async fn accept(
        db: &Db,
        actor: &CurrentUser,
        id: i64,
        input: &AcceptInput,
        now: i64,
    ) -> Result<(), AppError> {
        super::accept(db, &need(db, actor, id).await?, input, now).await
    }

    async fn reject(
        db: &Db,
        actor: &CurrentUser,
        id: i64,
        reason: &str,
        now: i64,
    ) -> Result<(), AppError> {
        super::reject(db, &need(db, actor, id).await?, reason, now).await
    }

    async fn merge(
        db: &Db,
        actor: &CurrentUser,
        id: i64,
        target: i64,
        now: i64,
    ) -> Result<(), AppError> {
        super::merge(db, &need(db, actor, id).await?, target, now).await
    }

    async fn undo(db: &Db, actor: &CurrentUser, id: i64, now: i64) -> Result<(), AppError> {
        super::undo(db, &need(db, actor, id).await?, now).await
    }

    async fn add_manual(
        db: &Db,
        actor: &CurrentUser,
        input: &ManualNeedInput,
        now: i64,
    ) -> Result<i64, AppError> {
        let staff = access::chosen_area_of(db, actor, &input.area, "area").await?;
        super::add_manual(db, &staff, input, now).await
    }
    use crate::domain::catalogue::{CatalogueSort, COUNT_CAP};
    use crate::domain::user::Role;
    use crate::server::services::test_support::{current, fresh_db, make_user, submit_need};

    const NOW: i64 = 1_656_000_000; // June 2022

    async fn coordinator(db: &Db, email: &str, slug: &str) -> CurrentUser {
        let id = make_user(db, email, Role::Coordinator, &[slug]).await;
        current(db, id).await
    }

    fn accept_as(field: &str, title: &str) -> AcceptInput {
        AcceptInput {
            field: field.into(),
            title: title.into(),
        }
    }

    fn filter(pairs: &[(&str, &str)]) -> CatalogueFilter {
        CatalogueFilter::from_pairs(pairs.iter().copied())
    }

    #[tokio::test]
    async fn a_submission_waits_as_new_and_is_seen_only_by_its_areas_staff() {
        let (_dir, db) = fresh_db().await;
        let hafen = coordinator(&db, "h@dortmund.de", "hafen").await;
        let other = coordinator(&db, "n@dortmund.de", "nordmarkt").await;
        let id = submit_need(
            &db,
            "hafen",
            "Mehr Kita-Plätze",
            "Warteliste mit 40 Kindern.",
            NOW,
        )
        .await;

        let page = catalogue(&db, &hafen, &filter(&[("status", "neu")]))
            .await
            .expect("own");
        assert_eq!(page.total, 1);
        assert_eq!(page.needs[0].id, id);
        assert_eq!(page.needs[0].reference, "B-2022-0001");
        assert_eq!(page.needs[0].source, NeedSource::Form);
        assert_eq!(page.areas, vec![("hafen".to_owned(), "Hafen".to_owned())]);

        assert_eq!(
            catalogue(&db, &other, &filter(&[]))
                .await
                .expect("own")
                .total,
            0
        );
        assert_eq!(
            catalogue(&db, &other, &filter(&[("gebiet", "hafen")])).await,
            Err(AppError::Forbidden)
        );
        assert_eq!(
            detail(&db, &other, id, false).await,
            Err(AppError::Forbidden)
        );
        assert_eq!(
            accept(&db, &other, id, &accept_as("2", "x"), NOW).await,
            Err(AppError::Forbidden)
        );
    }

    #[tokio::test]
    async fn accepting_corrects_title_and_field_keeps_the_original_and_can_be_undone() {
        let (_dir, db) = fresh_db().await;
        let hafen = coordinator(&db, "h@dortmund.de", "hafen").await;
        let id = submit_need(&db, "hafen", "kita plaetze!!", "Es fehlen Plätze.", NOW).await;

        let refused = accept(&db, &hafen, id, &accept_as("9", " "), NOW).await;
        let Err(AppError::Validation(errors)) = refused else {
            panic!("validation expected: {refused:?}");
        };
        assert!(errors.get("field").is_some() && errors.get("title").is_some());

        accept(
            &db,
            &hafen,
            id,
            &accept_as("1", "Mehr Kita-Plätze"),
            NOW + 10,
        )
        .await
        .expect("accepted");
        let need = detail(&db, &hafen, id, false).await.expect("detail");
        assert_eq!(need.summary.status, NeedStatus::Accepted);
        assert_eq!(need.summary.title, "Mehr Kita-Plätze");
        assert_eq!(need.summary.field, FieldOfAction::Work);
        let original = need.submission.expect("submission");
        assert_eq!(original.title, "kita plaetze!!");
        assert_eq!(original.field, FieldOfAction::ParentsAndChildren);
        assert_eq!(need.history.len(), 1);
        assert!(need.can_undo);

        // Accepting twice (two tabs) is refused with a hint, not applied twice.
        assert!(matches!(
            accept(&db, &hafen, id, &accept_as("1", "Noch mal"), NOW + 20).await,
            Err(AppError::Conflict(_))
        ));

        undo(&db, &hafen, id, NOW + 30).await.expect("undone");
        let need = detail(&db, &hafen, id, false).await.expect("detail");
        assert_eq!(need.summary.status, NeedStatus::New);
        assert_eq!(need.summary.title, "kita plaetze!!");
        assert_eq!(need.summary.field, FieldOfAction::ParentsAndChildren);
        assert!(need.history[0].undone.is_some());
        assert!(!need.can_undo);
        assert!(matches!(
            undo(&db, &hafen, id, NOW + 40).await,
            Err(AppError::Conflict(_))
        ));
    }

    #[tokio::test]
    async fn duplicates_are_suggested_merged_counted_and_unmerged() {
        let (_dir, db) = fresh_db().await;
        let hafen = coordinator(&db, "h@dortmund.de", "hafen").await;
        let first = submit_need(
            &db,
            "hafen",
            "Mehr Kita-Plätze",
            "Familien finden keinen Kitaplatz.",
            NOW,
        )
        .await;
        let second = submit_need(
            &db,
            "hafen",
            "Kitaplätze fehlen",
            "Kein Platz in der Kita.",
            NOW + 60,
        )
        .await;
        let unrelated = submit_need(
            &db,
            "hafen",
            "Bolzplatz reparieren",
            "Die Tore sind kaputt.",
            NOW + 120,
        )
        .await;
        accept(
            &db,
            &hafen,
            first,
            &accept_as("2", "Mehr Kita-Plätze"),
            NOW + 200,
        )
        .await
        .expect("accepted");
        accept(
            &db,
            &hafen,
            unrelated,
            &accept_as("3", "Bolzplatz reparieren"),
            NOW + 200,
        )
        .await
        .expect("accepted");

        // German compounds: another word for the same thing is still suggested.
        let homework = submit_need(
            &db,
            "hafen",
            "Hausaufgabenhilfe für Grundschulkinder",
            "Viele Eltern können nicht helfen.",
            NOW,
        )
        .await;
        accept(
            &db,
            &hafen,
            homework,
            &accept_as("2", "Hausaufgabenhilfe für Grundschulkinder"),
            NOW + 200,
        )
        .await
        .expect("accepted");
        let care = submit_need(
            &db,
            "hafen",
            "Hausaufgabenbetreuung nach der Schule",
            "Eltern können bei den Hausaufgaben nicht helfen.",
            NOW,
        )
        .await;
        let suggested = detail(&db, &hafen, care, false)
            .await
            .expect("detail")
            .suggestions;
        assert_eq!(
            suggested.first().map(|(n, _)| n.id),
            Some(homework),
            "{suggested:?}"
        );

        let suggested = detail(&db, &hafen, second, false)
            .await
            .expect("detail")
            .suggestions;
        assert_eq!(
            suggested.first().map(|(n, _)| n.id),
            Some(first),
            "{suggested:?}"
        );
        assert!(suggested.iter().all(|(n, _)| n.id != unrelated));

        // Only into an accepted need of the same area, never into itself.
        assert!(matches!(
            merge(&db, &hafen, second, second, NOW + 300).await,
            Err(AppError::Validation(_))
        ));
        let elsewhere = submit_need(&db, "nordmarkt", "Kita-Plätze", "auch hier", NOW).await;
        assert!(matches!(
            merge(&db, &hafen, second, elsewhere, NOW + 300).await,
            Err(AppError::Forbidden | AppError::Validation(_))
        ));

        merge(&db, &hafen, second, first, NOW + 300)
            .await
            .expect("merged");
        let target = detail(&db, &hafen, first, false).await.expect("target");
        // An accepted need looks for duplicates only when asked to.
        assert!(!target.suggestions_searched && target.suggestions.is_empty());
        assert!(
            detail(&db, &hafen, first, true)
                .await
                .expect("with suggestions")
                .suggestions_searched
        );
        assert_eq!(target.summary.supporters, 2);
        assert_eq!(
            target.sources.iter().map(|s| s.id).collect::<Vec<_>>(),
            vec![second]
        );
        let merged = detail(&db, &hafen, second, false).await.expect("merged");
        assert_eq!(merged.summary.status, NeedStatus::Merged);
        assert_eq!(merged.merged_into.map(|m| m.0), Some(first));

        // A need with sources is not undone, rejected or merged away until they are taken back.
        assert!(matches!(
            undo(&db, &hafen, first, NOW + 400).await,
            Err(AppError::Conflict(_))
        ));
        assert!(matches!(
            merge(&db, &hafen, first, unrelated, NOW + 400).await,
            Err(AppError::Conflict(_))
        ));

        undo(&db, &hafen, second, NOW + 500)
            .await
            .expect("unmerged");
        let target = detail(&db, &hafen, first, false).await.expect("target");
        assert_eq!(target.summary.supporters, 1);
        assert!(target.sources.is_empty());
        assert_eq!(
            detail(&db, &hafen, second, false)
                .await
                .expect("back")
                .summary
                .status,
            NeedStatus::New
        );
    }

    #[tokio::test]
    async fn rejecting_needs_a_reason_and_can_be_undone() {
        let (_dir, db) = fresh_db().await;
        let hafen = coordinator(&db, "h@dortmund.de", "hafen").await;
        let id = submit_need(
            &db,
            "hafen",
            "Parkplätze für SUVs",
            "Größere Parkplätze.",
            NOW,
        )
        .await;
        assert!(matches!(
            reject(&db, &hafen, id, "  ", NOW).await,
            Err(AppError::Validation(_))
        ));
        reject(
            &db,
            &hafen,
            id,
            "Kein Bedarf im Sinne des Aktionsplans.",
            NOW + 10,
        )
        .await
        .expect("rejected");
        let need = detail(&db, &hafen, id, false).await.expect("detail");
        assert_eq!(need.summary.status, NeedStatus::Rejected);
        assert_eq!(need.reject_reason, "Kein Bedarf im Sinne des Aktionsplans.");
        assert_eq!(
            need.history[0].reason,
            "Kein Bedarf im Sinne des Aktionsplans."
        );
        undo(&db, &hafen, id, NOW + 20).await.expect("undone");
        let need = detail(&db, &hafen, id, false).await.expect("detail");
        assert_eq!(need.summary.status, NeedStatus::New);
        assert_eq!(need.reject_reason, "");
    }

    #[tokio::test]
    async fn search_finds_german_word_forms_and_filters_combine() {
        let (_dir, db) = fresh_db().await;
        let office = current(
            &db,
            make_user(&db, "pb@dortmund.de", Role::ProjectOffice, &[]).await,
        )
        .await;
        let houses = submit_need(
            &db,
            "hafen",
            "Häuser sanieren",
            "Viele Häuser sind feucht.",
            NOW,
        )
        .await;
        submit_need(
            &db,
            "nordmarkt",
            "Sprachkurse",
            "Für Mütter mit kleinen Kindern.",
            NOW,
        )
        .await;
        let manual = add_manual(
            &db,
            &office,
            &ManualNeedInput {
                area: "hafen".into(),
                field: "3".into(),
                source: "sondierung".into(),
                title: "Ein Haus für alle".into(),
                noted_on: "03.11.2021".into(),
                ..ManualNeedInput::default()
            },
            NOW,
        )
        .await
        .expect("added");

        let found = |page: CataloguePage| page.needs.iter().map(|n| n.id).collect::<Vec<_>>();
        let by_stem = catalogue(
            &db,
            &office,
            &filter(&[("q", "Haus"), ("sortierung", "aelteste")]),
        )
        .await
        .expect("search");
        assert_eq!(found(by_stem), vec![manual, houses]);
        let mothers = catalogue(&db, &office, &filter(&[("q", "Mutter")]))
            .await
            .expect("search");
        assert_eq!(mothers.total, 1);
        let only_talks = catalogue(
            &db,
            &office,
            &filter(&[
                ("q", "haus"),
                ("quelle", "sondierung"),
                ("status", "angenommen"),
                ("hf", "3"),
            ]),
        )
        .await
        .expect("filtered");
        assert_eq!(found(only_talks), vec![manual]);
        // FTS syntax typed into the search box is plain text.
        let odd = catalogue(&db, &office, &filter(&[("q", "\"Haus\" OR NEAR(*")]))
            .await
            .expect("no error");
        assert_eq!(odd.total, 0);

        let refused = add_manual(
            &db,
            &office,
            &ManualNeedInput {
                area: "atlantis".into(),
                field: "3".into(),
                source: "sondierung".into(),
                title: "x".into(),
                ..ManualNeedInput::default()
            },
            NOW,
        )
        .await;
        let Err(AppError::Validation(errors)) = refused else {
            panic!("validation expected: {refused:?}");
        };
        assert!(errors.get("area").is_some());
    }

    /// Stores accepted needs straight through the repo in one transaction, one per
    /// (title, area id, noted at), numbered in order.
    async fn insert_accepted(db: &Db, needs: impl Iterator<Item = (String, i64, i64)>) {
        let mut tx = db.write().await.expect("tx");
        for (i, (title, area_id, noted_at)) in needs.enumerate() {
            repo::catalogue::insert(
                &mut tx,
                &NewNeed {
                    reference: &reference(2022, i as i64 + 1),
                    area_id,
                    field: FieldOfAction::Cohesion,
                    title: &title,
                    description: "",
                    organisation: "",
                    source: NeedSource::Manual,
                    submission_id: None,
                    meeting_item_id: None,
                    status: NeedStatus::Accepted,
                    noted_at,
                    created_by: None,
                    stems: &need_stems(&title, "", ""),
                },
                NOW,
            )
            .await
            .expect("insert");
        }
        tx.commit().await.expect("commit");
    }

    #[tokio::test]
    async fn pages_cover_every_need_once_in_every_order() {
        let (_dir, db) = fresh_db().await;
        let office = current(
            &db,
            make_user(&db, "pb@dortmund.de", Role::ProjectOffice, &[]).await,
        )
        .await;
        // Equal dates and titles on purpose: the id breaks ties.
        insert_accepted(
            &db,
            (0..(PAGE_SIZE * 2 + 7)).map(|i| (format!("Bedarf {}", i % 9), 1 + i % 3, NOW + i % 4)),
        )
        .await;
        for sort in CatalogueSort::ALL {
            let mut seen = Vec::new();
            let mut filter = CatalogueFilter {
                sort,
                ..CatalogueFilter::default()
            };
            loop {
                let page = catalogue(&db, &office, &filter).await.expect("page");
                assert_eq!(page.total, PAGE_SIZE * 2 + 7);
                seen.extend(page.needs.iter().map(|n| n.id));
                match page.next_after {
                    Some(after) => filter.after = Some(after),
                    None => break,
                }
            }
            let mut unique = seen.clone();
            unique.sort();
            unique.dedup();
            assert_eq!(seen.len(), unique.len(), "{sort:?}: a need shown twice");
            assert_eq!(
                seen.len() as i64,
                PAGE_SIZE * 2 + 7,
                "{sort:?}: a need missing"
            );
        }
    }

    #[tokio::test]
    async fn counts_stop_at_the_cap_and_a_common_word_still_pages_every_hit_in_order() {
        let (_dir, db) = fresh_db().await;
        let office = current(
            &db,
            make_user(&db, "pb@dortmund.de", Role::ProjectOffice, &[]).await,
        )
        .await;
        let common = COUNT_CAP + 40;
        insert_accepted(
            &db,
            (0..common + 3).map(|i| {
                let title = if i < common {
                    format!("Kitaplätze {}", i % 7)
                } else {
                    format!("Spielplatz {i}")
                };
                // Whole days apart, so that the date shown tells the order.
                (title, 1 + i % 3, NOW - ((i * 37) % 101) * 86_400)
            }),
        )
        .await;
        let mut conn = db.read().await.expect("conn");
        assert!(repo::catalogue::text_is_common(&mut conn, "kita*")
            .await
            .expect("probe"));
        assert!(!repo::catalogue::text_is_common(&mut conn, "spielplatz*")
            .await
            .expect("probe"));
        drop(conn);

        let all = catalogue(&db, &office, &CatalogueFilter::default())
            .await
            .expect("page");
        assert_eq!(
            all.total,
            COUNT_CAP + 1,
            "counted up to the cap and one more"
        );
        let rare = catalogue(&db, &office, &filter(&[("q", "Spielplatz")]))
            .await
            .expect("page");
        assert_eq!(rare.total, 3);

        // The common word, filtered to one area, in every order: each hit once, in order.
        let area = repo::areas::list(&mut db.read().await.expect("conn"))
            .await
            .expect("areas")
            .into_iter()
            .find(|a| a.id == 2)
            .expect("area 2");
        let expected = (0..common).filter(|i| 1 + i % 3 == 2).count();
        for sort in CatalogueSort::ALL {
            let mut query = filter(&[("q", "Kita"), ("gebiet", &area.slug)]);
            query.sort = sort;
            let mut seen: Vec<NeedSummary> = Vec::new();
            loop {
                let page = catalogue(&db, &office, &query).await.expect("page");
                assert_eq!(page.total as usize, expected);
                seen.extend(page.needs);
                match page.next_after {
                    Some(after) => query.after = Some(after),
                    None => break,
                }
            }
            assert_eq!(seen.len(), expected, "{sort:?}");
            assert!(seen
                .iter()
                .all(|n| n.area_slug == area.slug && n.title.starts_with("Kita")));
            let mut ids: Vec<i64> = seen.iter().map(|n| n.id).collect();
            ids.sort();
            ids.dedup();
            assert_eq!(ids.len(), expected, "{sort:?}: a need shown twice");
            let in_order = seen.windows(2).all(|w| match sort {
                CatalogueSort::Newest => (w[0].noted_on, w[0].id) >= (w[1].noted_on, w[1].id),
                CatalogueSort::Oldest => (w[0].noted_on, w[0].id) <= (w[1].noted_on, w[1].id),
                CatalogueSort::Title => w[0].title.to_lowercase() <= w[1].title.to_lowercase(),
                CatalogueSort::Supporters => w[0].supporters >= w[1].supporters,
            });
            assert!(in_order, "{sort:?}: out of order");
        }
    }

    #[tokio::test]
    async fn needs_written_by_a_migration_get_their_stems_at_start_up() {
        let (_dir, db) = fresh_db().await;
        let office = current(
            &db,
            make_user(&db, "pb@dortmund.de", Role::ProjectOffice, &[]).await,
        )
        .await;
        sqlx::query(
            "INSERT INTO needs (reference, area_id, field_number, title, source, status, noted_at,
                 created_at, updated_at)
             VALUES ('B-2022-0099', 1, 1, 'Beratungen im Stadtteil', 'manuell', 'angenommen', 1, 1, 1)",
        )
        .execute(&mut *db.writer().await.expect("writer"))
        .await
        .expect("insert");
        let search = filter(&[("q", "Beratung")]);
        assert_eq!(
            catalogue(&db, &office, &search).await.expect("page").total,
            0
        );
        assert_eq!(index_unstemmed(&db).await.expect("indexed"), 1);
        assert_eq!(
            catalogue(&db, &office, &search).await.expect("page").total,
            1
        );
        assert_eq!(index_unstemmed(&db).await.expect("nothing left"), 0);
    }
}
