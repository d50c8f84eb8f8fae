//! The Projektbüro's overview across all areas (or one Stadtbezirk): a handful of grouped
//! queries on one connection, after the published programmes were read on their own.
use crate::domain::need_updates::MailTotals;
use crate::domain::office_overview::{state_index, AreaFigures, OfficeOverview};
use crate::domain::workflow::ProgrammeState;
use crate::error::AppError;
use crate::server::access::ProjectOffice;
use crate::server::db::Db;
use crate::server::repo;
use crate::server::services::implementation::published_everywhere_at;
use std::collections::HashMap;

pub async fn overview(
    db: &Db,
    office: &ProjectOffice,
    district: Option<&str>,
    yearly_budget_cents: i64,
) -> Result<OfficeOverview, AppError> {
    overview_at(db, office, district, yearly_budget_cents, None).await
}

/// The overview as it stood at the instant `until` (now when `None`): meetings, needs with the
/// moderation of then, programme states and versions, the programmes published then with the
/// Umsetzung recorded by then. The e-mail counts are always today's.
pub async fn overview_at(
    db: &Db,
    _office: &ProjectOffice,
    district: Option<&str>,
    yearly_budget_cents: i64,
    until: Option<i64>,
) -> Result<OfficeOverview, AppError> {
    let published = published_everywhere_at(db, until).await?;
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
    let instant = until.unwrap_or(i64::MAX);
    for (area_id, held, planned) in repo::office_overview::meetings(&mut conn, instant).await? {
        let figures = by_area.entry(area_id).or_default();
        figures.meetings_held = held;
        figures.meetings_planned = planned;
    }
    for (area_id, count) in repo::office_overview::organisations(&mut conn, instant).await? {
        by_area.entry(area_id).or_default().organisations = count;
    }
    // Per need: new, accepted, answered (accepted and taken up by a published programme).
    let mut count_need = |area_id: i64, field: i64, column: usize, count: i64| {
        if let Some(slot) = by_area
            .entry(area_id)
            .or_default()
            .needs
            .get_mut((field - 1).clamp(0, 2) as usize)
        {
            slot[column] += count;
        }
    };
    match until {
        None => {
            for (area_id, field, status, count) in repo::office_overview::needs(&mut conn).await? {
                count_need(area_id, field, usize::from(status == "angenommen"), count);
            }
            for (area_id, field, count) in
                repo::office_overview::needs_among(&mut conn, &taken_up).await?
            {
                count_need(area_id, field, 2, count);
            }
        }
        Some(until) => {
            for (area_id, field, status, among, count) in
                repo::office_overview::needs_at(&mut conn, until, &taken_up).await?
            {
                let accepted = status == "angenommen";
                count_need(area_id, field, usize::from(accepted), count);
                if accepted && among {
                    count_need(area_id, field, 2, count);
                }
            }
        }
    }
    let programmes = match until {
        None => repo::office_overview::programmes(&mut conn).await?,
        Some(until) => repo::office_overview::programmes_at(&mut conn, until).await?,
    };
    for (area_id, state, head, published_version) in programmes {
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
