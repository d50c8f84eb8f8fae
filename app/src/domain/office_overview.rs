//! The Projektbüro's overview across the areas: meetings, organisations, needs, programmes,
//! measures and money per area, and their sums for the charts.
use super::implementation::ImplementationState;
use super::programme::AREA_FUND_LIMIT_CENTS;
use serde::{Deserialize, Serialize};

/// One area's figures.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AreaFigures {
    pub slug: String,
    pub name: String,
    pub district: String,
    /// Akteursgespräche held and still planned.
    pub meetings_held: i64,
    pub meetings_planned: i64,
    /// Organisations that took part in a meeting held.
    pub organisations: i64,
    /// Per Handlungsfeld (1–3): [new, accepted, taken up by the published programme].
    pub needs: [[i64; 3]; 3],
    /// "Entwurf", "Veröffentlicht" …; empty without a programme.
    pub programme_state: String,
    pub head_version: i64,
    pub published_version: Option<i64>,
    /// Measures of the published version per state, in `ImplementationState::ALL` order.
    pub measures: [i64; 5],
    /// Planned (without dropped measures) and spent per source: Projektmittel,
    /// Aktionsraumfonds, Dritte.
    pub planned_cents: [i64; 3],
    pub spent_cents: [i64; 3],
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfficeOverview {
    /// Every Stadtbezirk with an area, for the filter.
    pub districts: Vec<String>,
    /// The chosen one (`None`: the whole city).
    pub district: Option<String>,
    pub areas: Vec<AreaFigures>,
    pub yearly_budget_cents: i64,
    /// Stakeholders' e-mail updates across the city (not filtered by Stadtbezirk).
    #[serde(default)]
    pub mail: super::need_updates::MailTotals,
}

fn sum<const N: usize>(values: impl Iterator<Item = [i64; N]>) -> [i64; N] {
    values.fold([0; N], |mut acc, v| {
        for (a, x) in acc.iter_mut().zip(v) {
            *a += x;
        }
        acc
    })
}

impl OfficeOverview {
    /// Per Handlungsfeld: [new, accepted, taken up], over the areas shown.
    pub fn needs(&self) -> [[i64; 3]; 3] {
        let mut total = [[0; 3]; 3];
        for area in &self.areas {
            for (field, counts) in area.needs.iter().enumerate() {
                for (kind, n) in counts.iter().enumerate() {
                    total[field][kind] += n;
                }
            }
        }
        total
    }

    pub fn measures(&self) -> [i64; 5] {
        sum(self.areas.iter().map(|a| a.measures))
    }

    pub fn planned(&self) -> [i64; 3] {
        sum(self.areas.iter().map(|a| a.planned_cents))
    }

    pub fn spent(&self) -> [i64; 3] {
        sum(self.areas.iter().map(|a| a.spent_cents))
    }

    /// The Aktionsraumfonds of the areas shown (5,000 EUR each).
    pub fn area_funds_cents(&self) -> i64 {
        self.areas.len() as i64 * AREA_FUND_LIMIT_CENTS
    }

    pub fn meetings(&self) -> (i64, i64) {
        self.areas.iter().fold((0, 0), |(held, planned), a| {
            (held + a.meetings_held, planned + a.meetings_planned)
        })
    }
}

/// The index of a state in `ImplementationState::ALL`.
pub fn state_index(state: ImplementationState) -> usize {
    ImplementationState::ALL
        .iter()
        .position(|s| *s == state)
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sums_add_up_the_areas_shown() {
        let hafen = AreaFigures {
            meetings_held: 1,
            meetings_planned: 1,
            needs: [[1, 2, 1], [0, 3, 0], [0, 0, 0]],
            measures: [1, 2, 0, 0, 1],
            planned_cents: [100, 50, 0],
            spent_cents: [10, 0, 5],
            ..AreaFigures::default()
        };
        let overview = OfficeOverview {
            districts: vec![],
            district: None,
            areas: vec![hafen.clone(), hafen],
            yearly_budget_cents: 1,
            mail: Default::default(),
        };
        assert_eq!(overview.needs()[0], [2, 4, 2]);
        assert_eq!(overview.measures(), [2, 4, 0, 0, 2]);
        assert_eq!(overview.planned(), [200, 100, 0]);
        assert_eq!(overview.spent(), [20, 0, 10]);
        assert_eq!(overview.meetings(), (2, 2));
        assert_eq!(overview.area_funds_cents(), 2 * AREA_FUND_LIMIT_CENTS);
        assert_eq!(state_index(ImplementationState::Dropped), 4);
    }
}
