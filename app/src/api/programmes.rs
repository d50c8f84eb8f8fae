//! Aktionsprogramme: the staff page, saving versions, workflow steps, comparing and restoring,
//! and the published programme for everybody.
use crate::domain::programme::{
    Comparison, NeedPage, NeedQuery, NeedRef, OrganisationChoice, ProgrammeContent,
    ProgrammeOverview, PublishedProgramme,
};
use crate::domain::programme_diff::Saved;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use std::collections::HashMap;

/// The staff page: the newest version with the needs and organisations it names, and a page of
/// its versions and workflow steps (the newest, or those before the given version or step).
#[server(prefix = "/api", endpoint = "programm")]
pub async fn load_programme(
    area: String,
    versions_before: Option<i64>,
    steps_before: Option<i64>,
) -> Result<ProgrammeOverview, AppError> {
    use crate::server::{access, request, services::programmes};
    let state = request::state()?;
    let staff = access::area_of(&state.db, &request::require_user()?, &area).await?;
    programmes::overview(
        &state.db,
        &state.config,
        &staff,
        programmes::OverviewFor::Page {
            versions_before,
            steps_before,
        },
    )
    .await
}

/// The editor's needs column: more accepted needs of one Handlungsfeld, or the first page of
/// each for a search.
#[server(prefix = "/api", endpoint = "programm-bedarfe", input = Json)]
pub async fn programme_needs(area: String, query: NeedQuery) -> Result<Vec<NeedPage>, AppError> {
    use crate::server::{access, request, services::programmes};
    let state = request::state()?;
    let staff = access::area_of(&state.db, &request::require_user()?, &area).await?;
    programmes::need_pages(&state.db, &staff, &query).await
}

/// Needs of the area by id (a draft restored from the browser may name needs not listed yet).
#[server(prefix = "/api", endpoint = "programm-bedarfe-namen", input = Json)]
pub async fn programme_needs_named(area: String, ids: Vec<i64>) -> Result<Vec<NeedRef>, AppError> {
    use crate::server::{access, request, services::programmes};
    let state = request::state()?;
    let staff = access::area_of(&state.db, &request::require_user()?, &area).await?;
    programmes::needs_named(&state.db, &staff, &ids).await
}

/// Organisations whose name contains `text`, those of the area first, for a measure's
/// responsible organisation and partners.
#[server(prefix = "/api", endpoint = "programm-organisationen")]
pub async fn programme_organisations(
    area: String,
    text: String,
) -> Result<Vec<OrganisationChoice>, AppError> {
    use crate::server::{access, request, services::programmes};
    let state = request::state()?;
    let staff = access::area_of(&state.db, &request::require_user()?, &area).await?;
    programmes::organisation_choices(&state.db, &staff, &text).await
}

/// The editor: as the staff page, with the first page of accepted needs of each Handlungsfeld.
#[server(prefix = "/api", endpoint = "programm-editor")]
pub async fn load_programme_for_editor(area: String) -> Result<ProgrammeOverview, AppError> {
    use crate::server::{access, request, services::programmes};
    let state = request::state()?;
    let staff = access::area_of(&state.db, &request::require_user()?, &area).await?;
    programmes::overview(
        &state.db,
        &state.config,
        &staff,
        programmes::OverviewFor::Editor,
    )
    .await
}

/// Saves the editor's content as a new version if `based_on` is still the newest; otherwise
/// nothing is stored and the answer is the merge of both changes.
#[server(prefix = "/api", endpoint = "programm-speichern", input = Json)]
pub async fn save_programme(
    area: String,
    based_on: i64,
    content: ProgrammeContent,
    note: String,
) -> Result<Saved, AppError> {
    use crate::server::{access, db::now_unix, request, services::programmes};
    let state = request::state()?;
    let staff = access::area_of(&state.db, &request::require_user()?, &area).await?;
    programmes::save(&state.db, &staff, based_on, &content, &note, now_unix()).await
}

/// A workflow step (einreichen, zurückgeben …) for the version the person looked at, with a
/// comment and, for a return, comments on sections (`sections[<section>]`).
#[server(prefix = "/api", endpoint = "programm-schritt")]
pub async fn programme_step(
    area: String,
    step: String,
    version: i64,
    #[server(default)] comment: String,
    sections: Option<HashMap<String, String>>,
) -> Result<(), AppError> {
    use crate::domain::programme::{COMMENT_MAX, SECTIONS};
    use crate::domain::workflow::Step;
    use crate::server::{access, db::now_unix, request, services::programmes};
    let state = request::state()?;
    let staff = access::area_of(&state.db, &request::require_user()?, &area).await?;
    let step = Step::from_code(&step)
        .filter(|s| *s != Step::Revise)
        .ok_or_else(|| {
            AppError::field(
                "step",
                "Diesen Schritt gibt es nicht. Bitte laden Sie die Seite neu.",
            )
        })?;
    if comment.chars().count() > COMMENT_MAX {
        return Err(AppError::field(
            "comment",
            format!("Bitte fassen Sie den Kommentar kürzer (höchstens {COMMENT_MAX} Zeichen)."),
        ));
    }
    let mut section_comments = Vec::new();
    for (key, label) in SECTIONS {
        let text = sections
            .as_ref()
            .and_then(|s| s.get(key))
            .map(|t| t.trim().to_owned())
            .unwrap_or_default();
        if text.chars().count() > COMMENT_MAX {
            return Err(AppError::field(
                &format!("sections[{key}]"),
                format!("Bitte fassen Sie die Rückfrage zu „{label}“ kürzer (höchstens {COMMENT_MAX} Zeichen)."),
            ));
        }
        if !text.is_empty() {
            section_comments.push((key.to_owned(), text));
        }
    }
    programmes::take_step(
        &state.db,
        &staff,
        step,
        version,
        &comment,
        &section_comments,
        now_unix(),
    )
    .await?;
    leptos_axum::redirect(&format!(
        "/intern/gebiete/{}/programm?ok={}",
        crate::api::urlencode(&area),
        step.code()
    ));
    Ok(())
}

#[server(prefix = "/api", endpoint = "programm-vergleich")]
pub async fn compare_programme(area: String, old: i64, new: i64) -> Result<Comparison, AppError> {
    use crate::server::{access, request, services::programmes};
    let state = request::state()?;
    let staff = access::area_of(&state.db, &request::require_user()?, &area).await?;
    programmes::comparison(&state.db, &staff, old, new).await
}

/// Restores an old version as a new one (`based_on`: the newest version the person saw).
#[server(prefix = "/api", endpoint = "programm-wiederherstellen")]
pub async fn restore_programme(area: String, number: i64, based_on: i64) -> Result<(), AppError> {
    use crate::server::{access, db::now_unix, request, services::programmes};
    let state = request::state()?;
    let staff = access::area_of(&state.db, &request::require_user()?, &area).await?;
    match programmes::restore(&state.db, &staff, number, based_on, now_unix()).await? {
        Saved::Stored { .. } => {
            leptos_axum::redirect(&format!(
                "/intern/gebiete/{}/programm?ok=wiederhergestellt",
                crate::api::urlencode(&area)
            ));
            Ok(())
        }
        Saved::Concurrent(other) => Err(AppError::Conflict(format!(
            "Inzwischen hat {} Fassung {} gespeichert. Bitte laden Sie die Seite neu und entscheiden Sie dann.",
            other.theirs_author, other.theirs
        ))),
    }
}

/// The published programme of an area (no login): the current one or an older published version.
#[server(prefix = "/api", endpoint = "programm-oeffentlich")]
pub async fn load_published_programme(
    area: String,
    version: Option<i64>,
) -> Result<PublishedProgramme, AppError> {
    use crate::server::{request, services::programmes};
    let state = request::state()?;
    programmes::published(&state.db, &area, version).await
}
