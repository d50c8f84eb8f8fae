//! The Projektbüro's overview across all areas (or one Stadtbezirk): a handful of grouped
//! queries on one connection, after the published programmes were read on their own.
use crate::domain::need_updates::MailTotals;
use crate::domain::office_overview::{state_index, AreaFigures, OfficeOverview};
use crate::domain::workflow::ProgrammeState;
use crate::error::AppError;
use crate::server::access::ProjectOffice;
use crate::server::db::Db;
use crate::server::repo;
use crate::server::services::implementation::published_everywhere;
use std::collections::HashMap;

pub async fn overview(
    db: &Db,
    _office: &ProjectOffice,
    district: Option<&str>,
    yearly_budget_cents: i64,
) -> Result<OfficeOverview, AppError> {
    let published = published_everywhere(db).await?;
    let mut taken_up: Vec<i64> = Vec::new();
    let mut by_area: HashMap<i64, AreaFigures> = HashMap::new();
    for area in &published {
        let figures = by_area.entry(area.area_id).or_default();
        for measure in area.city_measures() {
            figures.measures[state_index(measure.state())] += 1;
            measure.add_money_to(&mut figures.planned_cents, &mut figures.spent_cents);
        }
        taken_up.extend(crate::domain::need_trail::taken_up_and_excluded(&area.content).0);
    }
    let taken_up = serde_json::to_string(&taken_up).map_err(AppError::internal)?;
    let mut conn = db.read().await?;
    let areas = repo::areas::list(&mut conn).await?;
    let (subscriptions, waiting, failed) = repo::need_updates::totals(&mut conn).await?;
    let mut districts: Vec<String> = areas
        .iter()
        .filter(|a| a.retired_on.is_none())
        .map(|a| a.district.clone())
        .collect();
    districts.sort();
    districts.dedup();
    for (area_id, held, planned) in repo::office_overview::meetings(&mut conn).await? {
        let figures = by_area.entry(area_id).or_default();
        figures.meetings_held = held;
        figures.meetings_planned = planned;
    }
    for (area_id, count) in repo::office_overview::organisations(&mut conn).await? {
        by_area.entry(area_id).or_default().organisations = count;
    }
    for (area_id, field, status, count) in repo::office_overview::needs(&mut conn).await? {
        let kind = usize::from(status == "angenommen");
        if let Some(slot) = by_area
            .entry(area_id)
            .or_default()
            .needs
            .get_mut((field - 1).clamp(0, 2) as usize)
        {
            slot[kind] += count;
        }
    }
    for (area_id, field, count) in repo::office_overview::needs_among(&mut conn, &taken_up).await? {
        if let Some(slot) = by_area
            .entry(area_id)
            .or_default()
            .needs
            .get_mut((field - 1).clamp(0, 2) as usize)
        {
            slot[2] += count;
        }
    }
    for (area_id, state, head, published_version) in
        repo::office_overview::programmes(&mut conn).await?
    {
        let figures = by_area.entry(area_id).or_default();
        figures.programme_state = ProgrammeState::from_code(&state)
            .map(|s| s.label().to_owned())
            .unwrap_or_default();
        figures.head_version = head;
        figures.published_version = published_version;
    }
    drop(conn);
    let district = district.filter(|d| districts.iter().any(|known| known == d));
    let shown = areas
        .into_iter()
        .filter(|a| a.retired_on.is_none())
        .filter(|a| district.is_none_or(|d| a.district == d))
        .map(|a| {
            let mut figures = by_area.remove(&a.id).unwrap_or_default();
            figures.slug = a.slug;
            figures.name = a.name;
            figures.district = a.district;
            figures
        })
        .collect();
    Ok(OfficeOverview {
        district: district.map(str::to_owned),
        districts,
        areas: shown,
        yearly_budget_cents,
        mail: MailTotals {
            subscriptions,
            waiting,
            failed,
            // The caller knows the configuration.
            mail_enabled: false,
        },
    })
}
