//! Umsetzung for everybody: what the public sees of a measure's implementation, and the
//! city-wide list of published measures with its filters, counts and money sums.
use super::field_of_action::FieldOfAction;
use super::implementation::{Implementation, ImplementationState, Milestone};
use super::programme::{Measure, MeasureStatus, AREA_FUND_LIMIT_CENTS};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A measure's implementation as everybody sees it: no author, no note, no organisation ids.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicImplementation {
    pub state: ImplementationState,
    /// Why it is deferred or dropped.
    pub reason: String,
    pub progress: u8,
    pub started_on: Option<NaiveDate>,
    pub ended_on: Option<NaiveDate>,
    pub next_milestone: Option<Milestone>,
    pub milestones: Vec<Milestone>,
    /// Spent per source (euro cents): Projektmittel, Aktionsraumfonds, Dritte.
    pub spent_cents: [i64; 3],
    /// The day of the last update (Berlin).
    pub updated_on: NaiveDate,
}

impl PublicImplementation {
    pub fn of(implementation: &Implementation, updated_on: NaiveDate) -> Self {
        PublicImplementation {
            state: implementation.state,
            reason: implementation.reason.clone(),
            progress: implementation.progress,
            started_on: implementation.started_on,
            ended_on: implementation.ended_on,
            next_milestone: implementation.next_milestone().cloned(),
            milestones: implementation.milestones.clone(),
            spent_cents: [
                implementation.spent_project_funds_cents,
                implementation.spent_area_fund_cents,
                implementation.spent_third_party_cents,
            ],
            updated_on,
        }
    }
}

/// One measure of a published programme with its implementation, for the city-wide list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CityMeasure {
    pub area_slug: String,
    pub area_name: String,
    /// The published version the measure belongs to.
    pub version: i64,
    pub measure_id: String,
    pub title: String,
    pub field: FieldOfAction,
    /// Planned per source (euro cents): Projektmittel, Aktionsraumfonds, Dritte.
    pub planned_cents: [i64; 3],
    /// Dropped in the programme itself ("verworfen"): its plan is not counted.
    pub dropped_in_programme: bool,
    /// `None` while nobody has recorded anything: then it counts as geplant.
    pub implementation: Option<PublicImplementation>,
}

impl CityMeasure {
    pub fn of(
        area_slug: &str,
        area_name: &str,
        version: i64,
        measure: &Measure,
        implementation: Option<PublicImplementation>,
    ) -> Self {
        CityMeasure {
            area_slug: area_slug.to_owned(),
            area_name: area_name.to_owned(),
            version,
            measure_id: measure.id.clone(),
            title: measure.title.clone(),
            field: measure.field,
            planned_cents: [
                measure.project_funds_cents,
                measure.area_fund_cents,
                measure.third_party_cents,
            ],
            dropped_in_programme: measure.status == MeasureStatus::Dropped,
            implementation,
        }
    }

    pub fn state(&self) -> ImplementationState {
        self.implementation
            .as_ref()
            .map(|i| i.state)
            .unwrap_or_default()
    }

    /// Whether its planned money counts: not dropped, neither in the programme nor since.
    pub fn plan_counts(&self) -> bool {
        !self.dropped_in_programme && self.state() != ImplementationState::Dropped
    }

    pub fn spent_cents(&self) -> [i64; 3] {
        self.implementation
            .as_ref()
            .map(|i| i.spent_cents)
            .unwrap_or_default()
    }

    /// Adds its money to running sums: the plan only if it counts, what was spent always.
    pub fn add_money_to(&self, planned: &mut [i64; 3], spent: &mut [i64; 3]) {
        if self.plan_counts() {
            for (sum, cents) in planned.iter_mut().zip(self.planned_cents) {
                *sum += cents;
            }
        }
        for (sum, cents) in spent.iter_mut().zip(self.spent_cents()) {
            *sum += cents;
        }
    }
}

/// The list's filters, from the address (`?gebiet=&handlungsfeld=&stand=`); an unknown value
/// means "all".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImplementationFilter {
    pub area: Option<String>,
    pub field: Option<FieldOfAction>,
    pub state: Option<ImplementationState>,
}

impl ImplementationFilter {
    pub fn parse(area: &str, field: &str, state: &str) -> Self {
        let area = area.trim();
        ImplementationFilter {
            area: (!area.is_empty()).then(|| area.to_owned()),
            field: FieldOfAction::parse_number(field),
            state: ImplementationState::parse(state),
        }
    }

    pub fn keeps(&self, measure: &CityMeasure) -> bool {
        self.area.as_ref().is_none_or(|a| *a == measure.area_slug)
            && self.field.is_none_or(|f| f == measure.field)
            && self.state.is_none_or(|s| s == measure.state())
    }

    /// The address query of this filter (without `?`), for paging links.
    pub fn query(&self) -> String {
        let mut parts = Vec::new();
        if let Some(area) = &self.area {
            parts.push(format!("gebiet={}", super::format::urlencode(area)));
        }
        if let Some(field) = self.field {
            parts.push(format!("handlungsfeld={}", field.number()));
        }
        if let Some(state) = self.state {
            parts.push(format!("stand={}", state.slug()));
        }
        parts.join("&")
    }
}

/// Measures per page of the city-wide list.
pub const CITY_PAGE: usize = 50;

/// The city-wide list: one page of the measures the filter keeps, and figures over all of them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CityImplementation {
    pub measures: Vec<CityMeasure>,
    /// How many measures the filter keeps (on all pages).
    pub total: usize,
    /// 1-based.
    pub page: usize,
    pub pages: usize,
    /// How many of the kept measures stand in each state (in `ImplementationState::ALL` order).
    pub per_state: Vec<(ImplementationState, usize)>,
    /// Planned (without dropped measures) and spent per source, over the kept measures.
    pub planned_cents: [i64; 3],
    pub spent_cents: [i64; 3],
    /// The city's Projektmittel per year.
    pub yearly_budget_cents: i64,
    /// The Aktionsraumfonds of the areas in view (5,000 EUR each).
    pub area_funds_cents: i64,
    /// The areas with a published programme, (slug, name), for the filter.
    pub areas: Vec<(String, String)>,
    pub filter: ImplementationFilter,
}

impl CityImplementation {
    /// Filters `all`, counts and sums what the filter keeps, and cuts out page `page` (1-based;
    /// beyond the last page, the last page).
    pub fn of(
        all: Vec<CityMeasure>,
        areas: Vec<(String, String)>,
        filter: ImplementationFilter,
        page: usize,
        yearly_budget_cents: i64,
    ) -> Self {
        let kept: Vec<CityMeasure> = all.into_iter().filter(|m| filter.keeps(m)).collect();
        let mut planned_cents = [0; 3];
        let mut spent_cents = [0; 3];
        for measure in &kept {
            measure.add_money_to(&mut planned_cents, &mut spent_cents);
        }
        let per_state = ImplementationState::ALL
            .into_iter()
            .map(|s| (s, kept.iter().filter(|m| m.state() == s).count()))
            .collect();
        let areas_in_view = match &filter.area {
            Some(slug) => areas.iter().filter(|(s, _)| s == slug).count(),
            None => areas.len(),
        };
        let total = kept.len();
        let pages = total.div_ceil(CITY_PAGE).max(1);
        let page = page.clamp(1, pages);
        let measures = kept
            .into_iter()
            .skip((page - 1) * CITY_PAGE)
            .take(CITY_PAGE)
            .collect();
        CityImplementation {
            measures,
            total,
            page,
            pages,
            per_state,
            planned_cents,
            spent_cents,
            yearly_budget_cents,
            area_funds_cents: areas_in_view as i64 * AREA_FUND_LIMIT_CENTS,
            areas,
            filter,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::programme::tests::measure;

    fn city(
        area: &str,
        id: &str,
        field: FieldOfAction,
        state: Option<ImplementationState>,
    ) -> CityMeasure {
        let implementation = state.map(|state| {
            PublicImplementation::of(
                &Implementation {
                    state,
                    progress: 50,
                    spent_project_funds_cents: 1_000,
                    spent_area_fund_cents: 200,
                    ..Implementation::default()
                },
                NaiveDate::from_ymd_opt(2023, 5, 1).expect("date"),
            )
        });
        CityMeasure::of(
            area,
            area,
            1,
            &measure(id, field, 10_000, 2_000),
            implementation,
        )
    }

    fn sample() -> Vec<CityMeasure> {
        vec![
            city(
                "hafen",
                "m1",
                FieldOfAction::Work,
                Some(ImplementationState::Running),
            ),
            city("hafen", "m2", FieldOfAction::Cohesion, None),
            city(
                "nordmarkt",
                "m1",
                FieldOfAction::Work,
                Some(ImplementationState::Dropped),
            ),
            city(
                "nordmarkt",
                "m2",
                FieldOfAction::Work,
                Some(ImplementationState::Done),
            ),
        ]
    }

    fn areas() -> Vec<(String, String)> {
        vec![
            ("hafen".into(), "Hafen".into()),
            ("nordmarkt".into(), "Nordmarkt".into()),
        ]
    }

    #[test]
    fn the_sums_leave_out_the_plan_of_dropped_measures_but_keep_what_they_spent() {
        let all =
            CityImplementation::of(sample(), areas(), ImplementationFilter::default(), 1, 100);
        assert_eq!(all.total, 4);
        assert_eq!(all.planned_cents, [30_000, 6_000, 0]);
        assert_eq!(all.spent_cents, [3_000, 600, 0]);
        assert_eq!(all.area_funds_cents, 2 * AREA_FUND_LIMIT_CENTS);
        let count = |s| all.per_state.iter().find(|(x, _)| *x == s).map(|(_, n)| *n);
        assert_eq!(
            count(ImplementationState::Planned),
            Some(1),
            "no update yet = geplant"
        );
        assert_eq!(count(ImplementationState::Dropped), Some(1));
    }

    #[test]
    fn filters_combine_and_unknown_values_mean_all() {
        let filter = ImplementationFilter::parse("nordmarkt", "1", "umgesetzt");
        let kept = CityImplementation::of(sample(), areas(), filter.clone(), 1, 100);
        assert_eq!(kept.total, 1);
        assert_eq!(kept.measures[0].measure_id, "m2");
        assert_eq!(kept.area_funds_cents, AREA_FUND_LIMIT_CENTS);
        assert_eq!(
            filter.query(),
            "gebiet=nordmarkt&handlungsfeld=1&stand=umgesetzt"
        );
        let loose = ImplementationFilter::parse("", "7", "irgendwas");
        assert_eq!(loose, ImplementationFilter::default());
        assert_eq!(loose.query(), "");
        let state_only = ImplementationFilter::parse("", "", "geplant");
        assert_eq!(
            CityImplementation::of(sample(), areas(), state_only, 1, 100).total,
            1
        );
    }

    #[test]
    fn pages_are_cut_after_filtering_and_a_page_beyond_the_end_shows_the_last() {
        let many: Vec<CityMeasure> = (0..(CITY_PAGE + 3))
            .map(|n| city("hafen", &format!("m{n}"), FieldOfAction::Work, None))
            .collect();
        let second =
            CityImplementation::of(many.clone(), areas(), ImplementationFilter::default(), 2, 1);
        assert_eq!(
            (second.pages, second.page, second.measures.len()),
            (2, 2, 3)
        );
        let beyond = CityImplementation::of(many, areas(), ImplementationFilter::default(), 9, 1);
        assert_eq!(beyond.page, 2);
        let empty = CityImplementation::of(vec![], areas(), ImplementationFilter::default(), 1, 1);
        assert_eq!((empty.pages, empty.page, empty.total), (1, 1, 0));
    }
}
