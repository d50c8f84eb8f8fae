//! Umsetzung: the implementation of a published programme's measures, for the area's staff.
// The update form's fields arrive flat (simple field ids and error links), hence the long
// argument list here and in the code the server macro generates from it.
#![allow(clippy::too_many_arguments)]
use crate::domain::implementation::Implementation;
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// A measure of the published version with its current implementation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeasureImplementation {
    pub measure_id: String,
    pub title: String,
    pub field: String,
    /// Planned costs per source (euro cents): Projektmittel, Aktionsraumfonds, Dritte.
    pub planned_cents: [i64; 3],
    pub current: Option<Implementation>,
    /// Who updated it last, on which day (German date), with which note.
    pub updated: Option<(String, String, String)>,
    /// Open and not updated for the configured months.
    pub stale: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImplementationOverview {
    pub area_slug: String,
    pub area_name: String,
    /// The published version the measures come from (`None`: nothing published yet).
    pub version: Option<i64>,
    pub measures: Vec<MeasureImplementation>,
    pub stale_months: u32,
}

/// The implementation of every measure of the area's published programme.
#[server(prefix = "/api", endpoint = "umsetzung")]
pub async fn area_implementation(slug: String) -> Result<ImplementationOverview, AppError> {
    use crate::domain::format::date_de;
    use crate::domain::implementation::is_stale;
    use crate::domain::schedule::to_local;
    use crate::server::{access, db::now_unix, request, services};
    let state = request::state()?;
    let staff = access::area_of(&state.db, &request::require_user()?, &slug).await?;
    let published = services::implementation::published_area(&state.db, staff.area().id).await?;
    let months = state.config.stale_after_months;
    let now = now_unix();
    let measures = published
        .as_ref()
        .map(|p| {
            p.content
                .measures
                .iter()
                .map(|m| {
                    let update = p.current.get(&m.id);
                    let (state_now, since) = p.standing(&m.id);
                    MeasureImplementation {
                        measure_id: m.id.clone(),
                        title: m.title.clone(),
                        field: m.field.name().to_owned(),
                        planned_cents: [
                            m.project_funds_cents,
                            m.area_fund_cents,
                            m.third_party_cents,
                        ],
                        current: update.map(|u| u.implementation.clone()),
                        updated: update.map(|u| {
                            (
                                u.author_name.clone(),
                                date_de(to_local(u.updated_at).date()),
                                u.note.clone(),
                            )
                        }),
                        stale: is_stale(state_now, since, now, months),
                    }
                })
                .collect()
        })
        .unwrap_or_default();
    Ok(ImplementationOverview {
        area_slug: staff.area().slug.clone(),
        area_name: staff.area().name.clone(),
        version: published.map(|p| p.version),
        measures,
        stale_months: months,
    })
}

/// One kept update, as the measure's page lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UpdateView {
    pub id: i64,
    pub implementation: Implementation,
    pub note: String,
    pub author_name: String,
    /// German date and time (Berlin), made on the server.
    pub updated: String,
}

/// One measure: its current implementation (the form's values) and a page of its updates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeasureDetail {
    pub area_slug: String,
    pub area_name: String,
    pub measure_id: String,
    pub title: String,
    pub current: Option<Implementation>,
    /// Who is responsible now: the last update's choice, else the programme's.
    pub responsible_id: Option<i64>,
    /// The organisations to choose from: those working in the area (and the current one).
    pub organisations: Vec<(i64, String)>,
    pub history: Vec<UpdateView>,
    /// The `vor` of the next (older) page, if there is one.
    pub older: Option<i64>,
}

#[server(prefix = "/api", endpoint = "umsetzung-massnahme")]
pub async fn measure_page(
    area: String,
    measure: String,
    #[server(default)] before: Option<i64>,
) -> Result<MeasureDetail, AppError> {
    use crate::domain::format::date_de;
    use crate::domain::schedule::to_local;
    use crate::server::{access, request, services};
    let state = request::state()?;
    let proof = access::measure_of(&state.db, &request::require_user()?, &area, &measure).await?;
    let (current, responsible_id) = services::implementation::current_of(&state.db, &proof).await?;
    let organisations =
        services::implementation::responsible_choices(&state.db, &proof, responsible_id).await?;
    let history = services::implementation::history(&state.db, &proof, before).await?;
    let older = (history.len() == services::implementation::HISTORY_PAGE)
        .then(|| history.last().map(|u| u.id))
        .flatten();
    Ok(MeasureDetail {
        area_slug: proof.area().slug.clone(),
        area_name: proof.area().name.clone(),
        measure_id: proof.measure_id().to_owned(),
        title: proof.title().to_owned(),
        current,
        responsible_id,
        organisations,
        history: history
            .into_iter()
            .map(|u| {
                let local = to_local(u.updated_at);
                UpdateView {
                    id: u.id,
                    updated: format!("{}, {} Uhr", date_de(local.date()), local.format("%H:%M")),
                    implementation: u.implementation,
                    note: u.note,
                    author_name: u.author_name,
                }
            })
            .collect(),
        older,
    })
}

/// One milestone row of the form.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MilestoneField {
    #[serde(default)]
    pub date: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub done: Option<String>,
}

/// Records an update of one measure's implementation (a new row; the older ones stay).
#[server(prefix = "/api", endpoint = "umsetzung-speichern")]
pub async fn update_implementation(
    area: String,
    measure: String,
    state: String,
    #[server(default)] reason: String,
    #[server(default)] progress: String,
    #[server(default)] started_on: String,
    #[server(default)] ended_on: String,
    #[server(default)] spent_project_funds: String,
    #[server(default)] spent_area_fund: String,
    #[server(default)] spent_third_party: String,
    #[server(default)] responsible_id: String,
    #[server(default)] milestones: Vec<MilestoneField>,
    #[server(default)] note: String,
) -> Result<(), AppError> {
    use crate::domain::implementation::ImplementationInput;
    use crate::server::{access, db::now_unix, request, services};
    let app_state = request::state()?;
    let proof =
        access::measure_of(&app_state.db, &request::require_user()?, &area, &measure).await?;
    let input = ImplementationInput {
        state,
        reason,
        progress,
        started_on,
        ended_on,
        spent_project_funds,
        spent_area_fund,
        spent_third_party,
        responsible_id,
        milestones: milestones
            .into_iter()
            .take(crate::domain::implementation::MAX_MILESTONES + 5)
            .map(|m| (m.date, m.title, m.done.is_some()))
            .collect(),
        note,
    };
    services::implementation::update(&app_state.db, &proof, &input, now_unix()).await?;
    leptos_axum::redirect(&format!(
        "/intern/gebiete/{}/umsetzung/{}?ok=gespeichert",
        proof.area().slug,
        crate::domain::format::urlencode(proof.measure_id())
    ));
    Ok(())
}

/// The city-wide list of published measures and their Umsetzung, for everybody: one page of
/// what the filter keeps, with counts and money sums.
#[server(prefix = "/api", endpoint = "umsetzung-stadt")]
pub async fn city_implementation(
    #[server(default)] area: String,
    #[server(default)] field: String,
    #[server(default)] state: String,
    #[server(default)] page: Option<usize>,
) -> Result<crate::domain::city_implementation::CityImplementation, AppError> {
    use crate::domain::city_implementation::ImplementationFilter;
    use crate::server::{request, services};
    let app_state = request::state()?;
    services::implementation::city(
        &app_state.db,
        ImplementationFilter::parse(&area, &field, &state),
        page.unwrap_or(1),
        app_state.config.yearly_budget_cents,
    )
    .await
}

/// A measure to look after: open and without an update for the configured months.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaleMeasureView {
    pub area_slug: String,
    pub area_name: String,
    pub measure_id: String,
    pub title: String,
    /// The last update or the publication (German date).
    pub since: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaleList {
    pub months: u32,
    /// The longest-waiting first, at most [`STALE_SHOWN`].
    pub measures: Vec<StaleMeasureView>,
    /// How many there are in all.
    pub total: usize,
}

/// How many stale measures the start page lists (the areas' pages show all of theirs).
pub const STALE_SHOWN: usize = 30;

/// The stale measures of the caller's areas (all areas for the Projektbüro), for the start page.
#[server(prefix = "/api", endpoint = "umsetzung-ueberfaellig")]
pub async fn stale_measures() -> Result<StaleList, AppError> {
    use crate::domain::format::date_de;
    use crate::domain::policy::visible_areas;
    use crate::domain::schedule::to_local;
    use crate::server::{db::now_unix, request, services};
    let state = request::state()?;
    let user = request::require_user()?;
    let months = state.config.stale_after_months;
    let mut found =
        services::implementation::stale(&state.db, visible_areas(&user), now_unix(), months)
            .await?;
    found.sort_by_key(|m| m.since);
    let total = found.len();
    Ok(StaleList {
        months,
        total,
        measures: found
            .into_iter()
            .take(STALE_SHOWN)
            .map(|m| StaleMeasureView {
                area_slug: m.area_slug,
                area_name: m.area_name,
                measure_id: m.measure_id,
                title: m.title,
                since: date_de(to_local(m.since).date()),
            })
            .collect(),
    })
}
