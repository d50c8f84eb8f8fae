//! Aktionsprogramme: saving versions without overwriting anybody (a save names the version it
//! started from; a later save gets the merge instead), comparing and restoring versions, and the
//! approval workflow.
use crate::domain::area::Area;
use crate::domain::field_of_action::FieldOfAction;
use crate::domain::format::{date_de, date_time_de};
use crate::domain::open_data::{open_programme, OpenProgramme};
use crate::domain::policy::is_project_office;
use crate::domain::programme::{
    Budget, Comparison, FundingSource, MeetingOffer, NeedPage, NeedQuery, NeedRef,
    OrganisationChoice, ProgrammeContent, ProgrammeOverview, PublishedProgramme, StepView,
    VersionSummary, HISTORY_PAGE_SIZE, NEED_PAGE_SIZE,
};
use crate::domain::programme_compare::{describe, Names};
use crate::domain::programme_diff::{diff, merge, Change, Tree};
pub use crate::domain::programme_diff::{ConcurrentSave, Saved};
use crate::domain::schedule::to_local;
use crate::domain::user::CurrentUser;
use crate::domain::workflow::{next_state, Actor, ProgrammeState, Step, WorkflowError};
use crate::error::AppError;
use crate::server::access::AreaStaff;
use crate::server::db::Db;
use crate::server::repo::{self, programmes::ProgrammeRow};
use crate::server::services::need_updates;
use crate::server::state::Config;
use sqlx::SqliteConnection;

/// An area for the public pages (no permission needed: published programmes are public).
async fn public_area(conn: &mut SqliteConnection, slug: &str) -> Result<Area, AppError> {
    repo::areas::by_slug(conn, slug)
        .await?
        .ok_or_else(|| AppError::not_found("Dieses Gebiet"))
}

fn state_of(row: &ProgrammeRow) -> Result<ProgrammeState, AppError> {
    ProgrammeState::from_code(&row.state)
        .ok_or_else(|| AppError::internal(format!("unknown programme state {}", row.state)))
}

async fn content_of(
    conn: &mut SqliteConnection,
    programme_id: i64,
    number: i64,
) -> Result<ProgrammeContent, AppError> {
    if number == 0 {
        return Ok(ProgrammeContent::default());
    }
    let row = repo::programmes::version(conn, programme_id, number)
        .await?
        .ok_or_else(|| AppError::not_found("Diese Fassung"))?;
    serde_json::from_str(&row.content).map_err(AppError::internal)
}

/// Refuses a draft that names needs of another area, unknown organisations or items of another
/// area's meetings (the editor only offers the area's own; anything else is a forged request).
async fn names_only_this_area(
    conn: &mut sqlx::SqliteConnection,
    area_id: i64,
    content: &ProgrammeContent,
) -> Result<(), AppError> {
    let (needs, organisations, items) = (
        content.need_ids(),
        content.organisation_ids(),
        content.source_item_ids(),
    );
    let known =
        repo::programmes::known_references(conn, area_id, &needs, &organisations, &items).await?;
    if known
        == (
            needs.len() as i64,
            organisations.len() as i64,
            items.len() as i64,
        )
    {
        Ok(())
    } else {
        Err(AppError::field(
            "content",
            "Der Entwurf nennt Bedarfe, Organisationen oder Einträge aus Gesprächen, die es in diesem Gebiet nicht (mehr) gibt. Bitte laden Sie die Seite neu und prüfen Sie den Entwurf.",
        ))
    }
}

/// Saves `content` as the next version if `based_on` is still the newest; otherwise answers
/// with the merge of both changes. A save after questions, approval or publication starts the
/// next revision (a draft); the frozen versions stay as they are.
pub async fn save(
    db: &Db,
    staff: &AreaStaff,
    based_on: i64,
    content: &ProgrammeContent,
    note: &str,
    now: i64,
) -> Result<Saved, AppError> {
    let (actor, area) = (staff.user(), staff.area());
    let errors = crate::domain::programme::validate(content, note);
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    let mut tx = db.write().await?;
    names_only_this_area(&mut tx, area.id, content).await?;
    let programme = repo::programmes::by_area_or_new(&mut tx, area.id, now).await?;
    let state = state_of(&programme)?;
    if !state.allows_saving() {
        return Err(AppError::Conflict(
            "Das Programm liegt dem Projektbüro zur Prüfung vor und kann so lange nicht geändert werden. Wenn Sie noch etwas ändern müssen, ziehen Sie die Einreichung zurück.".into(),
        ));
    }
    if based_on != programme.head_version {
        if based_on > programme.head_version || based_on < 0 {
            return Err(AppError::Conflict(
                "Diese Fassung gibt es nicht. Bitte laden Sie die Seite neu.".into(),
            ));
        }
        let base = Tree::of(&content_of(&mut tx, programme.id, based_on).await?);
        let head = repo::programmes::version(&mut tx, programme.id, programme.head_version)
            .await?
            .ok_or_else(|| AppError::internal("head version missing"))?;
        let theirs: ProgrammeContent =
            serde_json::from_str(&head.content).map_err(AppError::internal)?;
        let mine = Tree::of(content);
        let merged = merge(&base, &mine, &Tree::of(&theirs));
        return Ok(Saved::Concurrent(ConcurrentSave {
            base: based_on,
            theirs: head.number,
            theirs_author: head.author_name,
            merged,
            mine,
        }));
    }
    let json = serde_json::to_string(content).map_err(AppError::internal)?;
    let number = programme.head_version + 1;
    let version = repo::programmes::NewVersion {
        programme_id: programme.id,
        number,
        based_on: (based_on > 0).then_some(based_on),
        content: &json,
        note: note.trim(),
        author_id: actor.id,
        project_funds_cents: Budget::of(content).per_source(FundingSource::ProjectFunds),
    };
    if !repo::programmes::insert_version(&mut tx, &version, now).await? {
        // Cannot happen inside the write transaction; refuse rather than guess.
        return Err(AppError::Conflict(
            "Gerade hat jemand anderes gespeichert. Bitte speichern Sie noch einmal.".into(),
        ));
    }
    if state != ProgrammeState::Draft {
        record_step(
            &mut tx,
            actor,
            area,
            &programme,
            Step::Revise,
            number,
            "",
            now,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(Saved::Stored { number })
}

/// Takes a workflow step for `version`, recorded with who, when and the comment.
#[allow(clippy::too_many_arguments)]
async fn record_step(
    conn: &mut SqliteConnection,
    actor: &CurrentUser,
    area: &Area,
    programme: &ProgrammeRow,
    step: Step,
    version: i64,
    comment: &str,
    now: i64,
) -> Result<(ProgrammeState, i64), AppError> {
    let state = state_of(programme)?;
    let who = Actor::of(actor, area.id, programme.submitted_by);
    let next = next_state(state, step, who, comment).map_err(|e| match e {
        // A missing question is bad input, not a conflict with the programme's state.
        WorkflowError::CommentMissing => AppError::field("comment", e.to_string()),
        _ => AppError::Conflict(e.to_string()),
    })?;
    let mut change = repo::programmes::StateChange {
        state: next.code(),
        submitted_version: None,
        submitted_by: None,
        approved_version: programme.approved_version,
        approved_at: programme.approved_at,
        published_version: programme.published_version,
        published_at: programme.published_at,
    };
    match step {
        Step::Submit => {
            change.submitted_version = Some(version);
            change.submitted_by = Some(actor.id);
        }
        Step::Approve => {
            change.approved_version = Some(version);
            change.approved_at = Some(now);
        }
        Step::Publish => {
            change.published_version = Some(version);
            change.published_at = Some(now);
        }
        Step::Withdraw | Step::Return | Step::Revise => {}
    }
    repo::programmes::set_state(conn, programme.id, &change, now).await?;
    let step_id = repo::programmes::log_step(
        conn,
        &repo::programmes::NewStep {
            programme_id: programme.id,
            step: step.code(),
            from_state: state.code(),
            to_state: next.code(),
            version,
            actor_id: actor.id,
            comment: comment.trim(),
        },
        now,
    )
    .await?;
    Ok((next, step_id))
}

/// A workflow step on the area's programme. `version` is the version the person looked at:
/// one submits exactly what one saw, and the Projektbüro approves exactly what was submitted.
/// `section_comments` (section, text) go with a return.
#[allow(clippy::too_many_arguments)]
pub async fn take_step(
    db: &Db,
    staff: &AreaStaff,
    step: Step,
    version: i64,
    comment: &str,
    section_comments: &[(String, String)],
    now: i64,
) -> Result<ProgrammeState, AppError> {
    let (actor, area) = (staff.user(), staff.area());
    let mut tx = db.write().await?;
    let programme = repo::programmes::by_area(&mut tx, area.id)
        .await?
        .ok_or_else(|| AppError::not_found("Ein Aktionsprogramm für dieses Gebiet"))?;
    let expected = match step {
        Step::Submit => Some(programme.head_version),
        Step::Withdraw | Step::Return | Step::Approve => programme.submitted_version,
        Step::Publish => programme.approved_version,
        Step::Revise => Some(programme.head_version),
    };
    if expected != Some(version) {
        return Err(AppError::Conflict(format!(
            "Dieser Schritt gilt für Fassung {}, Sie haben Fassung {version} vor sich. Bitte laden Sie die Seite neu.",
            expected.map_or_else(|| "–".to_owned(), |v| v.to_string())
        )));
    }
    let comment = if step.needs_comment() && comment.trim().is_empty() {
        // Comments on sections count as the reason of a return.
        section_comments
            .iter()
            .map(|(_, text)| text.trim())
            .find(|t| !t.is_empty())
            .unwrap_or_default()
    } else {
        comment
    };
    let (next, step_id) = record_step(
        &mut tx, actor, area, &programme, step, version, comment, now,
    )
    .await?;
    for (section, text) in section_comments {
        if !text.trim().is_empty() {
            repo::programmes::add_comment(&mut tx, step_id, section, text.trim()).await?;
        }
    }
    if step == Step::Publish {
        tell_subscribers(&mut tx, &programme, version, now).await?;
    }
    tx.commit().await?;
    Ok(next)
}

async fn version_content(
    tx: &mut SqliteConnection,
    programme_id: i64,
    number: i64,
) -> Result<Option<ProgrammeContent>, AppError> {
    match repo::programmes::version(tx, programme_id, number).await? {
        Some(row) => Ok(Some(
            serde_json::from_str(&row.content).map_err(AppError::internal)?,
        )),
        None => Ok(None),
    }
}

/// Stakeholders who asked for e-mail updates hear when a published version first takes up
/// their need.
async fn tell_subscribers(
    tx: &mut SqliteConnection,
    programme: &ProgrammeRow,
    version: i64,
    now: i64,
) -> Result<(), AppError> {
    let Some(content) = version_content(tx, programme.id, version).await? else {
        return Ok(());
    };
    let before = match programme.published_version {
        Some(number) if number != version => version_content(tx, programme.id, number).await?,
        _ => None,
    };
    need_updates::queue_published(tx, programme.area_id, &content, before.as_ref(), now).await
}

fn need_ref(row: repo::programmes::NeedRow) -> Option<NeedRef> {
    let source = match (
        row.source.as_str(),
        row.meeting_title,
        row.meeting_starts_at,
    ) {
        (_, Some(title), Some(at)) => format!("{title} am {}", date_de(to_local(at).date())),
        ("formular", ..) => "Bedarfsformular".to_owned(),
        ("sondierung", ..) => "Sondierung".to_owned(),
        _ => "von Hand erfasst".to_owned(),
    };
    Some(NeedRef {
        id: row.id,
        reference: row.reference,
        field: FieldOfAction::from_number(row.field_number)?,
        title: row.title,
        supporters: row.supporters,
        source,
        accepted: row.accepted,
    })
}

/// The steps `user` may take now, each with the version it applies to.
fn allowed_steps(user: &CurrentUser, area: &Area, row: Option<&ProgrammeRow>) -> Vec<(Step, i64)> {
    let Some(row) = row else {
        return vec![];
    };
    let Ok(state) = state_of(row) else {
        return vec![];
    };
    let who = Actor::of(user, area.id, row.submitted_by);
    // The Projektbüro reviews: its page offers submitting and withdrawing only for what it
    // submitted itself (the workflow still lets it submit, e.g. for an area without coordinator).
    let offered = |step: &Step| {
        !who.project_office
            || !matches!(step, Step::Submit | Step::Withdraw)
            || (who.submitted_it && *step == Step::Withdraw)
    };
    [
        Step::Submit,
        Step::Withdraw,
        Step::Return,
        Step::Approve,
        Step::Publish,
    ]
    .into_iter()
    .filter(offered)
    .filter(|step| next_state(state, *step, who, "x").is_ok())
    .filter_map(|step| {
        let version = match step {
            Step::Submit => Some(row.head_version).filter(|v| *v > 0),
            Step::Publish => row.approved_version,
            _ => row.submitted_version,
        }?;
        Some((step, version))
    })
    .collect()
}

/// What the overview is for: the staff page shows the newest version with a page of its history,
/// so it needs only the needs and organisations that version names; the editor also gets the
/// first page of accepted needs of each Handlungsfeld (it asks for more with [`need_pages`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OverviewFor {
    Page {
        /// List the versions before this number (the newest when `None`).
        versions_before: Option<i64>,
        /// List the workflow steps before this step id (the newest when `None`).
        steps_before: Option<i64>,
    },
    Editor,
}

/// The programme page of an area for its staff: the newest version, a page of its history and
/// workflow, the budget and how many of the area's accepted needs nothing answers yet.
pub async fn overview(
    db: &Db,
    config: &Config,
    staff: &AreaStaff,
    purpose: OverviewFor,
) -> Result<ProgrammeOverview, AppError> {
    let (actor, area) = (staff.user(), staff.area());
    let mut conn = db.read().await?;
    let programme = repo::programmes::by_area(&mut conn, area.id).await?;
    let state = programme
        .as_ref()
        .map_or(Ok(ProgrammeState::Draft), state_of)?;
    let head = programme.as_ref().map_or(0, |p| p.head_version);
    let content = match &programme {
        Some(row) => content_of(&mut conn, row.id, row.head_version).await?,
        None => ProgrammeContent::default(),
    };
    let mut history = History::default();
    if let (
        Some(row),
        OverviewFor::Page {
            versions_before,
            steps_before,
        },
    ) = (&programme, purpose)
    {
        history = History::of(&mut conn, row.id, state, versions_before, steps_before).await?;
    }
    let (needs, organisations) = named_in(&mut conn, area.id, &content).await?;
    let open_needs =
        repo::programmes::open_need_count(&mut conn, area.id, &content.need_ids()).await?;
    let accepted_needs = repo::programmes::accepted_count(&mut conn, area.id).await?;
    let need_pages = match purpose {
        OverviewFor::Editor => first_need_pages(&mut conn, area.id, "", &[]).await?,
        OverviewFor::Page { .. } => vec![],
    };
    let submitted_by = match programme.as_ref().and_then(|p| p.submitted_by) {
        Some(id) if state == ProgrammeState::Submitted => {
            Some(repo::programmes::user_name(&mut conn, id).await?)
        }
        _ => None,
    };
    let mut offers = match purpose {
        OverviewFor::Editor => {
            repo::programmes::meeting_offers(&mut conn, area.id, OFFERS_SHOWN + 1).await?
        }
        OverviewFor::Page { .. } => vec![],
    };
    let older_offers = offers.len() as i64 > OFFERS_SHOWN;
    offers.truncate(OFFERS_SHOWN as usize);
    let offers = offers
        .into_iter()
        .map(|o| MeetingOffer {
            list: if o.list == "potential" {
                "potentials"
            } else {
                "role"
            }
            .to_owned(),
            text: if o.detail.trim().is_empty() {
                o.title
            } else {
                format!("{}: {}", o.title, o.detail.trim())
            },
            meeting: format!(
                "{} am {}",
                o.meeting_title,
                date_de(to_local(o.meeting_starts_at).date())
            ),
            id: o.id,
        })
        .collect();
    Ok(ProgrammeOverview {
        allowed_steps: allowed_steps(actor, area, programme.as_ref()),
        area_slug: area.slug.clone(),
        area_name: area.name.clone(),
        state,
        head,
        budget: Budget::of(&content),
        open_needs,
        accepted_needs,
        need_pages,
        content,
        versions: history.versions,
        older_versions: history.older_versions,
        steps: history.steps,
        older_steps: history.older_steps,
        last_return: history.last_return,
        submitted_version: programme.as_ref().and_then(|p| p.submitted_version),
        approved_version: programme.as_ref().and_then(|p| p.approved_version),
        published_version: programme.as_ref().and_then(|p| p.published_version),
        may_review: is_project_office(actor),
        needs,
        submitted_by,
        organisations,
        offers,
        older_offers,
        city_project_funds_cents: repo::programmes::city_project_funds(&mut conn).await?,
        yearly_budget_cents: config.yearly_budget_cents,
    })
}

/// A page of a programme's versions and workflow steps.
#[derive(Default)]
struct History {
    versions: Vec<VersionSummary>,
    older_versions: bool,
    steps: Vec<StepView>,
    older_steps: Option<i64>,
    last_return: Option<StepView>,
}

impl History {
    async fn of(
        conn: &mut SqliteConnection,
        programme_id: i64,
        state: ProgrammeState,
        versions_before: Option<i64>,
        steps_before: Option<i64>,
    ) -> Result<History, AppError> {
        let page = HISTORY_PAGE_SIZE as i64;
        let mut versions = versions_of(conn, programme_id, versions_before, page + 1).await?;
        let older_versions = versions.len() > HISTORY_PAGE_SIZE;
        versions.truncate(HISTORY_PAGE_SIZE);
        let mut steps = steps_of(conn, programme_id, steps_before, page + 1).await?;
        let older_steps = (steps.len() > HISTORY_PAGE_SIZE)
            .then(|| steps.get(HISTORY_PAGE_SIZE - 1).map(|s| s.1))
            .flatten();
        steps.truncate(HISTORY_PAGE_SIZE);
        // The newest step says why a returned programme came back, whichever page is shown.
        let newest = match steps_before {
            None => steps.first().map(|(view, _)| view.clone()),
            Some(_) => steps_of(conn, programme_id, None, 1)
                .await?
                .into_iter()
                .next()
                .map(|(view, _)| view),
        };
        let last_return =
            newest.filter(|s| s.step == Step::Return && state == ProgrammeState::Returned);
        Ok(History {
            versions,
            older_versions,
            // Told oldest first, as a history reads.
            steps: steps.into_iter().rev().map(|(view, _)| view).collect(),
            older_steps,
            last_return,
        })
    }
}

/// Workflow steps before `before`, newest first, each with its id (the paging cursor).
async fn steps_of(
    conn: &mut SqliteConnection,
    programme_id: i64,
    before: Option<i64>,
    limit: i64,
) -> Result<Vec<(StepView, i64)>, AppError> {
    let rows = repo::programmes::steps(conn, programme_id, before, limit).await?;
    let ids: Vec<i64> = rows.iter().map(|s| s.id).collect();
    let comments = repo::programmes::comments(conn, &ids).await?;
    Ok(rows
        .into_iter()
        .filter_map(|s| {
            let view = StepView {
                step: Step::from_code(&s.step)?,
                version: s.version,
                actor: s.actor_name,
                at: date_time_de(to_local(s.at)),
                comment: s.comment,
                comments: comments
                    .iter()
                    .filter(|(step_id, _, _)| *step_id == s.id)
                    .map(|(_, section, text)| (section.clone(), text.clone()))
                    .collect(),
            };
            Some((view, s.id))
        })
        .collect())
}

/// The needs and organisations a version names, fetched by their ids (a version links a few of
/// the area's thousands of needs).
async fn named_in(
    conn: &mut SqliteConnection,
    area_id: i64,
    content: &ProgrammeContent,
) -> Result<(Vec<NeedRef>, Vec<(i64, String)>), AppError> {
    let needs = repo::programmes::needs_by_ids(conn, area_id, &content.need_ids())
        .await?
        .into_iter()
        .filter_map(need_ref)
        .collect();
    let organisations =
        repo::programmes::organisation_names_by_ids(conn, &content.organisation_ids()).await?;
    Ok((needs, organisations))
}

/// The first page of accepted needs of every Handlungsfeld.
async fn first_need_pages(
    conn: &mut SqliteConnection,
    area_id: i64,
    text: &str,
    skip: &[i64],
) -> Result<Vec<NeedPage>, AppError> {
    let mut pages = Vec::with_capacity(FieldOfAction::ALL.len());
    for field in FieldOfAction::ALL {
        pages.push(need_page(conn, area_id, field, text, skip, None).await?);
    }
    Ok(pages)
}

async fn need_page(
    conn: &mut SqliteConnection,
    area_id: i64,
    field: FieldOfAction,
    text: &str,
    skip: &[i64],
    after: Option<(i64, i64)>,
) -> Result<NeedPage, AppError> {
    let mut rows = repo::programmes::accepted_page(
        conn,
        area_id,
        field.number() as i64,
        text,
        skip,
        after,
        NEED_PAGE_SIZE as i64 + 1,
    )
    .await?;
    let more = rows.len() > NEED_PAGE_SIZE;
    rows.truncate(NEED_PAGE_SIZE);
    let next = more
        .then(|| {
            rows.last()
                .map(|(row, noted_at)| format!("{noted_at}.{}", row.id))
        })
        .flatten();
    Ok(NeedPage {
        field,
        needs: rows
            .into_iter()
            .filter_map(|(row, _)| need_ref(row))
            .collect(),
        next,
    })
}

/// The editor's needs column: the next page of one Handlungsfeld, or the first page of each
/// (after the search text or "only open ones" changed).
pub async fn need_pages(
    db: &Db,
    staff: &AreaStaff,
    query: &NeedQuery,
) -> Result<Vec<NeedPage>, AppError> {
    let area = staff.area();
    let text = query.text.trim();
    if text.chars().count() > 200 {
        return Err(AppError::field(
            "suche",
            "Bitte suchen Sie mit höchstens 200 Zeichen.",
        ));
    }
    if query.skip.len() > 10_000 {
        return Err(AppError::field(
            "suche",
            "Das Programm nennt zu viele Bedarfe für diese Auswahl. Bitte zeigen Sie alle Bedarfe.",
        ));
    }
    let after = match query.after.as_deref() {
        None | Some("") => None,
        Some(cursor) => Some(parse_cursor(cursor).ok_or_else(|| {
            AppError::field(
                "suche",
                "Diese Seite der Liste gibt es nicht mehr. Bitte laden Sie den Editor neu.",
            )
        })?),
    };
    let mut conn = db.read().await?;
    match query.field {
        Some(field) => Ok(vec![
            need_page(&mut conn, area.id, field, text, &query.skip, after).await?,
        ]),
        None => first_need_pages(&mut conn, area.id, text, &query.skip).await,
    }
}

/// "noted_at.id", as [`need_page`] writes it.
fn parse_cursor(cursor: &str) -> Option<(i64, i64)> {
    let (noted_at, id) = cursor.split_once('.')?;
    Some((noted_at.parse().ok()?, id.parse().ok()?))
}

/// The needs of the area with these ids (a draft kept in the browser may name needs the
/// editor has not listed), to tell them by name.
pub async fn needs_named(
    db: &Db,
    staff: &AreaStaff,
    ids: &[i64],
) -> Result<Vec<NeedRef>, AppError> {
    let area = staff.area();
    if ids.len() > 10_000 {
        return Err(AppError::field(
            "suche",
            "Das sind zu viele Bedarfe auf einmal. Bitte laden Sie den Editor neu.",
        ));
    }
    let mut conn = db.read().await?;
    Ok(repo::programmes::needs_by_ids(&mut conn, area.id, ids)
        .await?
        .into_iter()
        .filter_map(need_ref)
        .collect())
}

/// How many potentials and role expectations from the meetings the editor offers (the newest
/// meetings' first): an area with years of meetings would otherwise send all of them.
const OFFERS_SHOWN: i64 = 100;

/// How many organisations a search in the editor offers.
pub const ORGANISATION_CHOICES: usize = 12;

/// Organisations for a measure's responsible and partners: those active in the area whose name
/// contains `text` first, then others from the whole directory, at most
/// [`ORGANISATION_CHOICES`] in all.
pub async fn organisation_choices(
    db: &Db,
    staff: &AreaStaff,
    text: &str,
) -> Result<Vec<OrganisationChoice>, AppError> {
    let area = staff.area();
    let text = text.trim();
    if text.chars().count() > 200 {
        return Err(AppError::field(
            "suche",
            "Bitte suchen Sie mit höchstens 200 Zeichen.",
        ));
    }
    let mut conn = db.read().await?;
    let limit = ORGANISATION_CHOICES as i64;
    let mut found =
        repo::organisations::search(&mut conn, text, Some(area.id), None, limit).await?;
    if found.len() < ORGANISATION_CHOICES {
        let others = repo::organisations::search(&mut conn, text, None, None, limit).await?;
        for other in others {
            if found.len() < ORGANISATION_CHOICES && !found.iter().any(|f| f.id == other.id) {
                found.push(other);
            }
        }
    }
    Ok(found
        .into_iter()
        .map(|o| OrganisationChoice {
            id: o.id,
            name: o.name,
            areas: o.area_names.join(", "),
        })
        .collect())
}

async fn versions_of(
    conn: &mut SqliteConnection,
    programme_id: i64,
    before: Option<i64>,
    limit: i64,
) -> Result<Vec<VersionSummary>, AppError> {
    Ok(
        repo::programmes::versions(conn, programme_id, before, limit)
            .await?
            .into_iter()
            .map(|v| VersionSummary {
                number: v.number,
                based_on: v.based_on,
                author: v.author_name,
                saved: date_time_de(to_local(v.created_at)),
                note: v.note,
            })
            .collect(),
    )
}

/// Names of the needs and organisations that these versions name, to tell ids in words.
async fn names_in(
    conn: &mut SqliteConnection,
    area_id: i64,
    contents: &[&ProgrammeContent],
) -> Result<Names, AppError> {
    let mut need_ids: Vec<i64> = contents.iter().flat_map(|c| c.need_ids()).collect();
    let mut organisation_ids: Vec<i64> =
        contents.iter().flat_map(|c| c.organisation_ids()).collect();
    need_ids.sort_unstable();
    need_ids.dedup();
    organisation_ids.sort_unstable();
    organisation_ids.dedup();
    Ok(Names {
        needs: repo::programmes::need_names_by_ids(conn, area_id, &need_ids)
            .await?
            .into_iter()
            .collect(),
        organisations: repo::programmes::organisation_names_by_ids(conn, &organisation_ids)
            .await?
            .into_iter()
            .collect(),
    })
}

/// Two versions compared in words, for the area's staff; 0 for either number picks the newest
/// version and the one before it.
pub async fn comparison(
    db: &Db,
    staff: &AreaStaff,
    old: i64,
    new: i64,
) -> Result<Comparison, AppError> {
    let area = staff.area();
    let mut conn = db.read().await?;
    let programme = repo::programmes::by_area(&mut conn, area.id)
        .await?
        .ok_or_else(|| AppError::not_found("Ein Aktionsprogramm für dieses Gebiet"))?;
    // Without a choice (0) the page opens on the newest version and the one before it.
    let new = match new {
        0 => programme.head_version,
        chosen => chosen,
    };
    let old = match old {
        0 => (new - 1).max(1),
        chosen => chosen,
    };
    for number in [old, new] {
        if !(1..=programme.head_version).contains(&number) {
            return Err(AppError::field(
                "versions",
                format!(
                    "Fassung {number} gibt es nicht. Bitte wählen Sie Fassungen zwischen 1 und {}.",
                    programme.head_version
                ),
            ));
        }
    }
    let (old_content, new_content) = (
        content_of(&mut conn, programme.id, old).await?,
        content_of(&mut conn, programme.id, new).await?,
    );
    let names = names_in(&mut conn, area.id, &[&old_content, &new_content]).await?;
    let (before, after) = (Tree::of(&old_content), Tree::of(&new_content));
    Ok(Comparison {
        lines: describe(&diff(&before, &after), &before, &after, &names),
        head: programme.head_version,
        area_slug: area.slug.clone(),
        area_name: area.name.clone(),
        old,
        new,
    })
}

/// The published programme of an area for everybody: the current one, or an older published
/// version. Nothing unpublished is ever shown.
pub async fn published(
    db: &Db,
    slug: &str,
    version: Option<i64>,
) -> Result<PublishedProgramme, AppError> {
    let mut conn = db.read().await?;
    let area = public_area(&mut conn, slug).await?;
    let not_yet = || AppError::not_found("Ein veröffentlichtes Aktionsprogramm für dieses Gebiet");
    let programme = repo::programmes::by_area(&mut conn, area.id)
        .await?
        .ok_or_else(not_yet)?;
    let published = repo::programmes::published_versions(&mut conn, programme.id).await?;
    let current = programme.published_version.ok_or_else(not_yet)?;
    let number = version.unwrap_or(current);
    let (_, at) = published
        .iter()
        .find(|(n, _)| *n == number)
        .copied()
        .ok_or_else(|| AppError::not_found("Diese veröffentlichte Fassung"))?;
    let content = content_of(&mut conn, programme.id, number).await?;
    let (needs, organisations) = named_in(&mut conn, area.id, &content).await?;
    let meetings = repo::programmes::meetings_held(&mut conn, area.id)
        .await?
        .into_iter()
        .map(|(title, at)| format!("{title} am {}", date_de(to_local(at).date())))
        .collect();
    // Older versions' measures may have changed since: their Umsetzung is shown with the current.
    let implementation = if number == current {
        let mut shown: Vec<_> =
            crate::server::services::implementation::public_for_area(&mut conn, area.id)
                .await?
                .into_iter()
                .collect();
        shown.sort_by(|a, b| a.0.cmp(&b.0));
        shown
    } else {
        Vec::new()
    };
    Ok(PublishedProgramme {
        implementation,
        area_kind: area.kind.label().to_owned(),
        participants: repo::programmes::organisations_present(&mut conn, area.id).await?,
        area_slug: area.slug,
        area_name: area.name,
        version: number,
        published_on: to_local(at).date(),
        current_version: current,
        budget: Budget::of(&content),
        content,
        needs,
        organisations,
        published: published
            .into_iter()
            .map(|(n, at)| (n, to_local(at).date()))
            .collect(),
        meetings,
    })
}

/// Every area's current published programme, as open data.
pub async fn open_data(db: &Db, public_url: &str) -> Result<Vec<OpenProgramme>, AppError> {
    let slugs = {
        let mut conn = db.read().await?;
        repo::programmes::published_area_slugs(&mut conn).await?
    };
    let mut all = Vec::with_capacity(slugs.len());
    for slug in slugs {
        all.push(open_programme(
            &published(db, &slug, None).await?,
            public_url,
        ));
    }
    Ok(all)
}

/// A version's content, for the area's staff.
pub async fn version(
    db: &Db,
    staff: &AreaStaff,
    number: i64,
) -> Result<ProgrammeContent, AppError> {
    let mut conn = db.read().await?;
    let programme = repo::programmes::by_area(&mut conn, staff.area().id)
        .await?
        .ok_or_else(|| AppError::not_found("Ein Aktionsprogramm für dieses Gebiet"))?;
    content_of(&mut conn, programme.id, number).await
}

/// What changed from version `old` to version `new`.
pub async fn compare(
    db: &Db,
    staff: &AreaStaff,
    old: i64,
    new: i64,
) -> Result<Vec<Change>, AppError> {
    let before = Tree::of(&version(db, staff, old).await?);
    let after = Tree::of(&version(db, staff, new).await?);
    Ok(diff(&before, &after))
}

/// Restoring an old version saves its content as a new version.
pub async fn restore(
    db: &Db,
    staff: &AreaStaff,
    number: i64,
    based_on: i64,
    now: i64,
) -> Result<Saved, AppError> {
    let content = version(db, staff, number).await?;
    save(
        db,
        staff,
        based_on,
        &content,
        &format!("Fassung {number} wiederhergestellt"),
        now,
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::field_of_action::FieldOfAction;
    use crate::domain::programme::{Goal, Measure, TextItem};
    use crate::domain::user::Role;
    use crate::server::services::test_support::submit_need;
    use crate::server::services::test_support::{current, fresh_db, make_user, test_config};

    const NOW: i64 = 1_660_000_000;

    // The services as a caller reaches them: through the door (`access::area_of`) first. These
    // shadow the service functions of the same name in this module.
    async fn staff(db: &Db, actor: &CurrentUser, slug: &str) -> Result<AreaStaff, AppError> {
        crate::server::access::area_of(db, actor, slug).await
    }

    async fn save(
        db: &Db,
        actor: &CurrentUser,
        slug: &str,
        based_on: i64,
        content: &ProgrammeContent,
        note: &str,
        now: i64,
    ) -> Result<Saved, AppError> {
        super::save(
            db,
            &staff(db, actor, slug).await?,
            based_on,
            content,
            note,
            now,
        )
        .await
    }

    #[allow(clippy::too_many_arguments)]
    async fn take_step(
        db: &Db,
        actor: &CurrentUser,
        slug: &str,
        step: Step,
        version: i64,
        comment: &str,
        section_comments: &[(String, String)],
        now: i64,
    ) -> Result<ProgrammeState, AppError> {
        let staff = staff(db, actor, slug).await?;
        super::take_step(db, &staff, step, version, comment, section_comments, now).await
    }

    async fn overview(
        db: &Db,
        config: &Config,
        actor: &CurrentUser,
        slug: &str,
        purpose: OverviewFor,
    ) -> Result<ProgrammeOverview, AppError> {
        super::overview(db, config, &staff(db, actor, slug).await?, purpose).await
    }

    async fn need_pages(
        db: &Db,
        actor: &CurrentUser,
        slug: &str,
        query: &NeedQuery,
    ) -> Result<Vec<NeedPage>, AppError> {
        super::need_pages(db, &staff(db, actor, slug).await?, query).await
    }

    async fn needs_named(
        db: &Db,
        actor: &CurrentUser,
        slug: &str,
        ids: &[i64],
    ) -> Result<Vec<NeedRef>, AppError> {
        super::needs_named(db, &staff(db, actor, slug).await?, ids).await
    }

    async fn organisation_choices(
        db: &Db,
        actor: &CurrentUser,
        slug: &str,
        text: &str,
    ) -> Result<Vec<OrganisationChoice>, AppError> {
        super::organisation_choices(db, &staff(db, actor, slug).await?, text).await
    }

    async fn comparison(
        db: &Db,
        actor: &CurrentUser,
        slug: &str,
        old: i64,
        new: i64,
    ) -> Result<Comparison, AppError> {
        super::comparison(db, &staff(db, actor, slug).await?, old, new).await
    }

    async fn version(
        db: &Db,
        actor: &CurrentUser,
        slug: &str,
        number: i64,
    ) -> Result<ProgrammeContent, AppError> {
        super::version(db, &staff(db, actor, slug).await?, number).await
    }

    async fn compare(
        db: &Db,
        actor: &CurrentUser,
        slug: &str,
        old: i64,
        new: i64,
    ) -> Result<Vec<Change>, AppError> {
        super::compare(db, &staff(db, actor, slug).await?, old, new).await
    }

    async fn restore(
        db: &Db,
        actor: &CurrentUser,
        slug: &str,
        number: i64,
        based_on: i64,
        now: i64,
    ) -> Result<Saved, AppError> {
        super::restore(db, &staff(db, actor, slug).await?, number, based_on, now).await
    }

    fn content(situation: &str) -> ProgrammeContent {
        ProgrammeContent {
            situation: situation.into(),
            goals: vec![Goal {
                id: "z1".into(),
                field: FieldOfAction::ParentsAndChildren,
                title: "Mehr Betreuung am Nachmittag".into(),
                description: String::new(),
                need_ids: vec![],
            }],
            ..ProgrammeContent::default()
        }
    }

    async fn people(db: &Db) -> (CurrentUser, CurrentUser, CurrentUser, CurrentUser) {
        let coordinator = make_user(db, "c@dortmund.de", Role::Coordinator, &["hafen"]).await;
        let stranger = make_user(db, "s@dortmund.de", Role::Coordinator, &["nordmarkt"]).await;
        let office = make_user(db, "o@dortmund.de", Role::ProjectOffice, &[]).await;
        let office2 = make_user(db, "p@dortmund.de", Role::ProjectOffice, &[]).await;
        (
            current(db, coordinator).await,
            current(db, stranger).await,
            current(db, office).await,
            current(db, office2).await,
        )
    }

    #[tokio::test]
    async fn saves_make_numbered_versions_and_strangers_are_refused() {
        let (_dir, db) = fresh_db().await;
        let (coordinator, stranger, _, _) = people(&db).await;
        let first = save(
            &db,
            &coordinator,
            "hafen",
            0,
            &content("A"),
            "Erster Entwurf",
            NOW,
        )
        .await;
        assert_eq!(first, Ok(Saved::Stored { number: 1 }));
        let second = save(&db, &coordinator, "hafen", 1, &content("B"), "", NOW + 1).await;
        assert_eq!(second, Ok(Saved::Stored { number: 2 }));
        assert_eq!(
            save(&db, &stranger, "hafen", 2, &content("C"), "", NOW).await,
            Err(AppError::Forbidden)
        );
        assert_eq!(
            version(&db, &coordinator, "hafen", 1)
                .await
                .expect("v1")
                .situation,
            "A"
        );
        let changes = compare(&db, &coordinator, "hafen", 1, 2)
            .await
            .expect("diff");
        assert_eq!(changes.len(), 1);
        let restored = restore(&db, &coordinator, "hafen", 1, 2, NOW + 2).await;
        assert_eq!(restored, Ok(Saved::Stored { number: 3 }));
        assert_eq!(
            version(&db, &coordinator, "hafen", 3)
                .await
                .expect("v3")
                .situation,
            "A"
        );
    }

    #[tokio::test]
    async fn the_overview_shows_history_steps_budget_and_open_needs() {
        use crate::domain::programme::tests::measure;

        let (_dir, db) = fresh_db().await;
        let (coordinator, stranger, office, _) = people(&db).await;
        let empty = overview(
            &db,
            &test_config(),
            &coordinator,
            "hafen",
            OverviewFor::Editor,
        )
        .await
        .expect("empty");
        assert_eq!((empty.head, empty.state), (0, ProgrammeState::Draft));
        assert_eq!(
            overview(&db, &test_config(), &stranger, "hafen", OverviewFor::Editor).await,
            Err(AppError::Forbidden)
        );

        let need = submit_need(&db, "hafen", "Mehr Kita-Plätze", "Warteliste.", NOW).await;
        let other = submit_need(&db, "hafen", "Sprachcafé", "Für Neuzugewanderte.", NOW).await;
        for (id, title) in [(need, "Mehr Kita-Plätze"), (other, "Sprachcafé")] {
            crate::server::services::test_support::door::accept(
                &db,
                &coordinator,
                id,
                &crate::domain::catalogue::AcceptInput {
                    field: "2".into(),
                    title: title.into(),
                },
                NOW,
            )
            .await
            .expect("accepted");
        }
        let mut answered = measure("m1", FieldOfAction::ParentsAndChildren, 1_000_000, 600_000);
        answered.need_ids = vec![need];
        let version = ProgrammeContent {
            measures: vec![answered],
            ..content("Lage")
        };
        save(
            &db,
            &coordinator,
            "hafen",
            0,
            &version,
            "Erster Entwurf",
            NOW,
        )
        .await
        .expect("v1");
        take_step(
            &db,
            &coordinator,
            "hafen",
            Step::Submit,
            1,
            "",
            &[],
            NOW + 60,
        )
        .await
        .expect("submitted");
        let questions = [("massnahmen".to_owned(), "Fonds reicht nicht.".to_owned())];
        take_step(
            &db,
            &office,
            "hafen",
            Step::Return,
            1,
            "",
            &questions,
            NOW + 120,
        )
        .await
        .expect("returned");

        let page = overview(&db, &test_config(), &office, "hafen", PAGE)
            .await
            .expect("overview");
        assert_eq!((page.head, page.state), (1, ProgrammeState::Returned));
        assert_eq!(page.versions.len(), 1);
        assert_eq!(page.versions[0].note, "Erster Entwurf");
        assert_eq!(page.steps.len(), 2);
        assert_eq!(page.steps[1].comment, "Fonds reicht nicht.");
        assert_eq!(page.steps[1].comments, questions.to_vec());
        assert_eq!(
            page.last_return.as_ref().map(|s| s.comment.as_str()),
            Some("Fonds reicht nicht.")
        );
        assert_eq!(
            (page.open_needs, page.accepted_needs),
            (1, 2),
            "need {other} is open"
        );
        assert_eq!(
            page.city_project_funds_cents, 1_000_000,
            "the newest version's Projektmittel"
        );
        assert!(page.budget.area_fund_warning().is_some());
        assert!(page.may_review);
        assert!(page.allowed_steps.is_empty(), "{:?}", page.allowed_steps);
        // The staff page fetches only what the newest version names, and still counts the rest.
        assert_eq!(
            page.needs.iter().map(|n| n.id).collect::<Vec<_>>(),
            vec![need]
        );
        assert_eq!(page.needs[0].source, "Bedarfsformular");
        assert!(page.need_pages.is_empty());
        // The editor gets the first page of each Handlungsfeld on top.
        let editor = overview(&db, &test_config(), &office, "hafen", OverviewFor::Editor)
            .await
            .expect("editor");
        assert_eq!(editor.need_pages.len(), FieldOfAction::ALL.len());
        let listed: Vec<i64> = editor
            .need_pages
            .iter()
            .flat_map(|p| p.needs.iter().map(|n| n.id))
            .collect();
        assert_eq!(listed, vec![need, other]);
        assert!(editor.versions.is_empty(), "the editor shows no history");
        assert!(
            !overview(
                &db,
                &test_config(),
                &coordinator,
                "hafen",
                OverviewFor::Editor
            )
            .await
            .expect("own")
            .may_review
        );
    }

    #[tokio::test]
    async fn a_draft_may_name_only_this_areas_needs_and_known_organisations() {
        let (_dir, db) = fresh_db().await;
        let (coordinator, _, _, _) = people(&db).await;
        let own = submit_need(&db, "hafen", "Mehr Kita-Plätze", "Warteliste.", NOW).await;
        let elsewhere = submit_need(&db, "nordmarkt", "Sprachcafé", "Neuzugewanderte.", NOW).await;
        let draft = |need_ids: Vec<i64>, partner_ids: Vec<i64>, source: Option<&str>| {
            let mut m = Measure::new(
                "m1".into(),
                FieldOfAction::ParentsAndChildren,
                "Kita-Gruppe".into(),
                need_ids,
            );
            m.partner_ids = partner_ids;
            ProgrammeContent {
                measures: vec![m],
                potentials: vec![TextItem {
                    id: "t1".into(),
                    text: "Aktiver Verein".into(),
                    source_item_id: source.map(str::to_owned),
                }],
                ..content("Lage")
            }
        };
        for (forged, what) in [
            (draft(vec![elsewhere], vec![], None), "another area's need"),
            (draft(vec![own, 999_999], vec![], None), "an unknown need"),
            (
                draft(vec![own], vec![999_999], None),
                "an unknown organisation",
            ),
            (
                draft(vec![own], vec![], Some("fremd")),
                "an item of no meeting here",
            ),
        ] {
            let refused = save(&db, &coordinator, "hafen", 0, &forged, "", NOW).await;
            assert!(
                matches!(&refused, Err(AppError::Validation(e)) if e.get("content").is_some()),
                "{what}: {refused:?}"
            );
        }
        assert_eq!(
            save(
                &db,
                &coordinator,
                "hafen",
                0,
                &draft(vec![own], vec![], None),
                "",
                NOW
            )
            .await,
            Ok(Saved::Stored { number: 1 })
        );
    }

    #[tokio::test]
    async fn the_editor_offers_the_newest_meetings_items_and_says_when_there_are_more() {
        let (_dir, db) = fresh_db().await;
        let (coordinator, _, _, _) = people(&db).await;
        {
            let mut conn = db.write().await.expect("writer");
            // An old meeting with the whole bound of potentials, a newer one with one role
            // expectation, and a cancelled one whose items never count.
            for (id, starts_at, status) in [
                (1, NOW, "durchgefuehrt"),
                (2, NOW + 86_400, "durchgefuehrt"),
                (3, NOW + 2 * 86_400, "abgesagt"),
            ] {
                sqlx::query(
                    "INSERT INTO meetings (id, uid, area_id, title, kind, starts_at, ends_at,
                         venue_name, venue_key, format, organiser_id, status, created_by,
                         created_at, updated_at)
                     SELECT ?, 'm' || ?, id, 'Gespräch ' || ?, 'akteursgespraech', ?, ? + 3600,
                         'Treff', 'treff', 'praesenz', ?, ?, ?, ?, ?
                     FROM areas WHERE slug = 'hafen'",
                )
                .bind(id)
                .bind(id)
                .bind(id)
                .bind(starts_at)
                .bind(starts_at)
                .bind(coordinator.id)
                .bind(status)
                .bind(coordinator.id)
                .bind(NOW)
                .bind(NOW)
                .execute(&mut *conn)
                .await
                .expect("meeting");
            }
            let items = (0..OFFERS_SHOWN)
                .map(|n| (format!("p{n}"), 1, "potential", n))
                .chain([
                    ("r0".to_owned(), 2, "anforderung", 0),
                    ("x0".to_owned(), 3, "potential", 0),
                ]);
            for (id, meeting, list, position) in items {
                sqlx::query(
                    "INSERT INTO meeting_items (id, meeting_id, list, title, position, created_at,
                         updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                )
                .bind(&id)
                .bind(meeting)
                .bind(list)
                .bind(format!("Eintrag {id}"))
                .bind(position)
                .bind(NOW)
                .bind(NOW)
                .execute(&mut *conn)
                .await
                .expect("item");
            }
            conn.commit().await.expect("commit");
        }
        let editor = overview(
            &db,
            &test_config(),
            &coordinator,
            "hafen",
            OverviewFor::Editor,
        )
        .await
        .expect("editor");
        assert_eq!(editor.offers.len(), OFFERS_SHOWN as usize);
        assert!(editor.older_offers);
        assert_eq!(editor.offers[0].id, "r0", "the newest meeting comes first");
        assert_eq!(editor.offers[0].list, "role");
        assert_eq!(editor.offers[1].id, "p0");
        assert!(
            editor.offers.iter().all(|o| o.id != "x0"),
            "cancelled meetings offer nothing"
        );
        let page = overview(&db, &test_config(), &coordinator, "hafen", PAGE)
            .await
            .expect("page");
        assert!(page.offers.is_empty(), "only the editor offers items");
    }

    #[tokio::test]
    async fn the_editor_pages_needs_and_searches_organisations_of_its_area_first() {
        use crate::domain::organisation::{OrganisationFields, OrganisationKind};
        let (_dir, db) = fresh_db().await;
        let (coordinator, stranger, office, _) = people(&db).await;
        let mut ids = vec![];
        for n in 0..(NEED_PAGE_SIZE + 5) {
            let title = if n % 10 == 0 {
                format!("Kita-Plätze {n}")
            } else {
                format!("Treffpunkt {n}")
            };
            let id = submit_need(&db, "hafen", &title, "Beschreibung.", NOW + n as i64).await;
            crate::server::services::test_support::door::accept(
                &db,
                &coordinator,
                id,
                &crate::domain::catalogue::AcceptInput {
                    field: "2".into(),
                    title,
                },
                NOW,
            )
            .await
            .expect("accepted");
            ids.push(id);
        }
        let field = FieldOfAction::ParentsAndChildren;
        let first = need_pages(&db, &coordinator, "hafen", &NeedQuery::default())
            .await
            .expect("first pages");
        assert_eq!(first.len(), FieldOfAction::ALL.len());
        let page = first.iter().find(|p| p.field == field).expect("field 2");
        assert_eq!(page.needs.len(), NEED_PAGE_SIZE);
        assert!(page.needs.iter().all(|n| n.accepted));
        let next = NeedQuery {
            field: Some(field),
            after: page.next.clone(),
            ..NeedQuery::default()
        };
        let rest = need_pages(&db, &coordinator, "hafen", &next)
            .await
            .expect("rest");
        assert_eq!(rest[0].needs.len(), 5);
        assert_eq!(rest[0].next, None);
        let listed: Vec<i64> = page
            .needs
            .iter()
            .chain(rest[0].needs.iter())
            .map(|n| n.id)
            .collect();
        assert_eq!(listed, ids, "every accepted need once, oldest first");
        // A search and "only open ones" (the draft's needs skipped) narrow every Handlungsfeld.
        let search = NeedQuery {
            text: "kita".into(),
            skip: vec![ids[0]],
            ..NeedQuery::default()
        };
        let found = need_pages(&db, &coordinator, "hafen", &search)
            .await
            .expect("search");
        let titles: Vec<&str> = found
            .iter()
            .flat_map(|p| p.needs.iter().map(|n| n.title.as_str()))
            .collect();
        assert_eq!(titles, ["Kita-Plätze 10", "Kita-Plätze 20"]);
        assert_eq!(
            need_pages(&db, &stranger, "hafen", &NeedQuery::default()).await,
            Err(AppError::Forbidden)
        );
        let broken = NeedQuery {
            field: Some(field),
            after: Some("gestern".into()),
            ..NeedQuery::default()
        };
        assert!(matches!(
            need_pages(&db, &coordinator, "hafen", &broken).await,
            Err(AppError::Validation(_))
        ));
        assert_eq!(
            needs_named(&db, &coordinator, "hafen", &ids[..2])
                .await
                .expect("named")
                .len(),
            2
        );
        assert_eq!(
            needs_named(&db, &stranger, "hafen", &ids[..2]).await,
            Err(AppError::Forbidden)
        );

        // Organisations: the area's own first, then the rest of the directory.
        let organisation = |name: &str, area: &str| OrganisationFields {
            name: name.into(),
            kind: OrganisationKind::Welfare,
            notes: String::new(),
            area_slugs: vec![area.into()],
            fields: vec![],
        };
        for (name, area) in [
            ("Zentrum Nordstadt", "nordmarkt"),
            ("Familienzentrum Hafen", "hafen"),
            ("Zentrum für Alle", "nordmarkt"),
        ] {
            crate::server::services::organisations::create(&db, &office, organisation(name, area))
                .await
                .expect("organisation");
        }
        let choices = organisation_choices(&db, &coordinator, "hafen", "zentrum")
            .await
            .expect("choices");
        let names: Vec<&str> = choices.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "Familienzentrum Hafen",
                "Zentrum für Alle",
                "Zentrum Nordstadt"
            ]
        );
        assert_eq!(choices[0].areas, "Hafen");
        assert_eq!(
            organisation_choices(&db, &stranger, "hafen", "zentrum").await,
            Err(AppError::Forbidden)
        );
    }

    #[tokio::test]
    async fn the_staff_page_lists_a_page_of_versions_and_steps_at_a_time() {
        let (_dir, db) = fresh_db().await;
        let (coordinator, _, _, _) = people(&db).await;
        let total = HISTORY_PAGE_SIZE as i64 + 2;
        for n in 0..total {
            save(
                &db,
                &coordinator,
                "hafen",
                n,
                &content(&format!("Lage {n}")),
                "",
                NOW + n,
            )
            .await
            .expect("saved");
        }
        // Submitting and withdrawing again and again: two steps each time.
        for n in 0..total / 2 {
            for step in [Step::Submit, Step::Withdraw] {
                take_step(
                    &db,
                    &coordinator,
                    "hafen",
                    step,
                    total,
                    "",
                    &[],
                    NOW + 100 + n,
                )
                .await
                .expect("step");
            }
        }
        let config = test_config();
        let newest = overview(&db, &config, &coordinator, "hafen", PAGE)
            .await
            .expect("page");
        let numbers: Vec<i64> = newest.versions.iter().map(|v| v.number).collect();
        assert_eq!(numbers, (3..=total).rev().collect::<Vec<_>>());
        assert!(newest.older_versions);
        assert_eq!(newest.steps.len(), HISTORY_PAGE_SIZE);
        assert_eq!(newest.steps.last().map(|s| s.step), Some(Step::Withdraw));
        let older = overview(
            &db,
            &config,
            &coordinator,
            "hafen",
            OverviewFor::Page {
                versions_before: Some(3),
                steps_before: newest.older_steps,
            },
        )
        .await
        .expect("older");
        let numbers: Vec<i64> = older.versions.iter().map(|v| v.number).collect();
        assert_eq!(numbers, [2, 1]);
        assert!(!older.older_versions);
        assert_eq!(
            older.steps.len(),
            2,
            "the first submission and its withdrawal"
        );
        assert_eq!(older.steps[0].step, Step::Submit);
        assert_eq!(older.older_steps, None);
    }

    const PAGE: OverviewFor = OverviewFor::Page {
        versions_before: None,
        steps_before: None,
    };

    #[tokio::test]
    async fn the_public_sees_only_published_versions_and_staff_compare_in_words() {
        let (_dir, db) = fresh_db().await;
        let (coordinator, _, office, _) = people(&db).await;
        let step = |who: &CurrentUser, step: Step, version: i64, at: i64| {
            let (db, who) = (db.clone(), who.clone());
            async move {
                take_step(&db, &who, "hafen", step, version, "", &[], at)
                    .await
                    .expect("step")
            }
        };
        save(
            &db,
            &coordinator,
            "hafen",
            0,
            &content("Erste Lage"),
            "",
            NOW,
        )
        .await
        .expect("v1");
        let config = test_config();
        let mine = overview(&db, &config, &coordinator, "hafen", OverviewFor::Editor)
            .await
            .expect("page");
        assert_eq!(mine.allowed_steps, vec![(Step::Submit, 1)]);
        step(&coordinator, Step::Submit, 1, NOW + 1).await;
        let review = overview(&db, &config, &office, "hafen", OverviewFor::Editor)
            .await
            .expect("page");
        assert_eq!(
            review.allowed_steps,
            vec![(Step::Return, 1), (Step::Approve, 1)]
        );
        assert_eq!(review.submitted_by.as_deref(), Some("Test Person"));
        assert_eq!(
            published(&db, "hafen", None).await.map(|p| p.version),
            Err(AppError::not_found(
                "Ein veröffentlichtes Aktionsprogramm für dieses Gebiet"
            ))
        );
        step(&office, Step::Approve, 1, NOW + 2).await;
        step(&office, Step::Publish, 1, NOW + 3).await;
        save(
            &db,
            &coordinator,
            "hafen",
            1,
            &content("Zweite Lage"),
            "",
            NOW + 4,
        )
        .await
        .expect("v2");
        let public = published(&db, "hafen", None).await.expect("published");
        assert_eq!((public.version, public.current_version), (1, 1));
        assert_eq!(public.content.situation, "Erste Lage");
        assert_eq!(public.published.len(), 1);
        assert!(
            published(&db, "hafen", Some(2)).await.is_err(),
            "a draft is never public"
        );

        let compared = comparison(&db, &coordinator, "hafen", 1, 2)
            .await
            .expect("compared");
        assert_eq!(compared.lines.len(), 1);
        assert_eq!(compared.lines[0].field, "Ausgangslage");
        let newest = comparison(&db, &coordinator, "hafen", 0, 0)
            .await
            .expect("no choice compares the two newest versions");
        assert_eq!((newest.old, newest.new), (1, 2));
        assert_eq!(newest.lines, compared.lines);
        assert!(matches!(
            comparison(&db, &coordinator, "hafen", 1, 9).await,
            Err(AppError::Validation(_))
        ));
    }

    #[tokio::test]
    async fn of_ten_saves_on_the_same_version_one_wins_and_nine_get_the_merge() {
        let (_dir, db) = fresh_db().await;
        let (coordinator, _, office, _) = people(&db).await;
        save(&db, &coordinator, "hafen", 0, &content("Start"), "", NOW)
            .await
            .expect("first");
        let saves = (0..10).map(|i| {
            let db = db.clone();
            let actor = if i % 2 == 0 {
                coordinator.clone()
            } else {
                office.clone()
            };
            tokio::spawn(async move {
                let mut mine = content("Start");
                mine.potentials.push(TextItem {
                    id: format!("p{i}"),
                    text: format!("Potential {i}"),
                    source_item_id: None,
                });
                save(&db, &actor, "hafen", 1, &mine, "", NOW + 1).await
            })
        });
        let mut stored = 0;
        let mut merged = 0;
        for handle in saves.collect::<Vec<_>>() {
            match handle.await.expect("task").expect("save") {
                Saved::Stored { number } => {
                    assert_eq!(number, 2);
                    stored += 1;
                }
                Saved::Concurrent(c) => {
                    assert_eq!((c.base, c.theirs), (1, 2));
                    // Both additions are kept: the other one's and one's own.
                    let combined = c.merged.tree.into_content().expect("content");
                    assert_eq!(combined.potentials.len(), 2);
                    assert!(c.merged.conflicts.is_empty());
                    merged += 1;
                }
            }
        }
        assert_eq!((stored, merged), (1, 9));
    }

    #[tokio::test]
    async fn the_same_field_changed_twice_is_a_conflict_to_decide() {
        let (_dir, db) = fresh_db().await;
        let (coordinator, _, office, _) = people(&db).await;
        save(&db, &coordinator, "hafen", 0, &content("Start"), "", NOW)
            .await
            .expect("v1");
        save(
            &db,
            &office,
            "hafen",
            1,
            &content("Vom Projektbüro"),
            "",
            NOW + 1,
        )
        .await
        .expect("v2");
        let Ok(Saved::Concurrent(concurrent)) = save(
            &db,
            &coordinator,
            "hafen",
            1,
            &content("Von der Koordination"),
            "",
            NOW + 2,
        )
        .await
        else {
            panic!("merge expected");
        };
        assert_eq!(concurrent.merged.conflicts.len(), 1);
        assert_eq!(concurrent.theirs_author, "Test Person");
        // Nothing was stored for the late save.
        assert_eq!(
            version(&db, &coordinator, "hafen", 2)
                .await
                .expect("v2")
                .situation,
            "Vom Projektbüro"
        );
        assert!(version(&db, &coordinator, "hafen", 3).await.is_err());
    }

    #[tokio::test]
    async fn the_workflow_from_draft_to_publication_and_an_approved_version_stays_frozen() {
        let (_dir, db) = fresh_db().await;
        let (coordinator, stranger, office, office2) = people(&db).await;
        save(&db, &coordinator, "hafen", 0, &content("Entwurf"), "", NOW)
            .await
            .expect("v1");
        assert_eq!(
            take_step(
                &db,
                &coordinator,
                "hafen",
                Step::Submit,
                1,
                "",
                &[],
                NOW + 1
            )
            .await,
            Ok(ProgrammeState::Submitted)
        );
        // While it lies with the Projektbüro nobody saves over it.
        assert!(matches!(
            save(
                &db,
                &coordinator,
                "hafen",
                1,
                &content("Noch schnell"),
                "",
                NOW + 2
            )
            .await,
            Err(AppError::Conflict(_))
        ));
        assert_eq!(
            take_step(&db, &stranger, "hafen", Step::Return, 1, "x", &[], NOW).await,
            Err(AppError::Forbidden)
        );
        assert!(matches!(
            take_step(&db, &office, "hafen", Step::Return, 1, "", &[], NOW + 3).await,
            Err(AppError::Validation(_))
        ));
        let questions = [(
            "massnahmen".to_owned(),
            "Bitte Kosten aufschlüsseln.".to_owned(),
        )];
        assert_eq!(
            take_step(
                &db,
                &office,
                "hafen",
                Step::Return,
                1,
                "",
                &questions,
                NOW + 3
            )
            .await,
            Ok(ProgrammeState::Returned)
        );
        // Revising after questions opens a draft again.
        save(
            &db,
            &coordinator,
            "hafen",
            1,
            &content("Überarbeitet"),
            "Kosten ergänzt",
            NOW + 4,
        )
        .await
        .expect("v2");
        take_step(&db, &office, "hafen", Step::Submit, 2, "", &[], NOW + 5)
            .await
            .expect("the Projektbüro may submit too");
        // Who submitted does not approve; only the submitted version can be approved.
        assert!(matches!(
            take_step(&db, &office, "hafen", Step::Approve, 2, "", &[], NOW + 6).await,
            Err(AppError::Conflict(_))
        ));
        assert!(matches!(
            take_step(&db, &office2, "hafen", Step::Approve, 1, "", &[], NOW + 6).await,
            Err(AppError::Conflict(_))
        ));
        assert_eq!(
            take_step(
                &db,
                &office2,
                "hafen",
                Step::Approve,
                2,
                "Passt.",
                &[],
                NOW + 6
            )
            .await,
            Ok(ProgrammeState::Approved)
        );
        assert_eq!(
            take_step(&db, &office2, "hafen", Step::Publish, 2, "", &[], NOW + 7).await,
            Ok(ProgrammeState::Published)
        );

        // The approved version cannot be changed by any route: a save makes version 3, and the
        // database itself refuses to touch version 2.
        save(
            &db,
            &coordinator,
            "hafen",
            2,
            &content("Nächste Runde"),
            "",
            NOW + 8,
        )
        .await
        .expect("v3");
        assert_eq!(
            version(&db, &coordinator, "hafen", 2)
                .await
                .expect("v2")
                .situation,
            "Überarbeitet"
        );
        let mut conn = db.read().await.expect("conn");
        let update = sqlx::query("UPDATE programme_versions SET content = '{}' WHERE number = 2")
            .execute(&mut *conn)
            .await;
        assert!(update.is_err());
        let delete = sqlx::query("DELETE FROM programme_versions WHERE number = 2")
            .execute(&mut *conn)
            .await;
        assert!(delete.is_err());
        let steps: Vec<String> = sqlx::query_scalar("SELECT step FROM programme_steps ORDER BY id")
            .fetch_all(&mut *conn)
            .await
            .expect("steps");
        assert_eq!(
            steps,
            [
                "einreichen",
                "zurueckgeben",
                "ueberarbeiten",
                "einreichen",
                "freigeben",
                "veroeffentlichen",
                "ueberarbeiten"
            ]
        );
        let comments = sqlx::query_scalar::<_, String>("SELECT text FROM programme_comments")
            .fetch_all(&mut *conn)
            .await
            .expect("comments");
        assert_eq!(comments, ["Bitte Kosten aufschlüsseln."]);
    }
}
