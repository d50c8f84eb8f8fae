//! Calendar periods: the month and week shown, and the neighbours to page to.
use chrono::{Datelike, Duration, NaiveDate};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum CalendarView {
    Month,
    Week,
}

impl CalendarView {
    pub fn code(self) -> &'static str {
        match self {
            CalendarView::Month => "monat",
            CalendarView::Week => "woche",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        match code {
            "monat" => Some(CalendarView::Month),
            "woche" => Some(CalendarView::Week),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Period {
    pub view: CalendarView,
    pub first: NaiveDate,
    pub last: NaiveDate,
    pub previous: NaiveDate,
    pub next: NaiveDate,
    pub label: String,
}

const MONTHS: [&str; 12] = [
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
];

pub fn month_name(month: u32) -> &'static str {
    MONTHS[(month.clamp(1, 12) - 1) as usize]
}

fn monday_of(date: NaiveDate) -> NaiveDate {
    date - Duration::days(i64::from(date.weekday().num_days_from_monday()))
}

fn first_of_month(date: NaiveDate) -> NaiveDate {
    date.with_day(1).unwrap_or(date)
}

impl Period {
    /// The month or week (Monday to Sunday) that contains `date`.
    pub fn around(view: CalendarView, date: NaiveDate) -> Self {
        match view {
            CalendarView::Month => {
                let first = first_of_month(date);
                let next = first_of_month(first + Duration::days(32));
                let previous = first_of_month(first - Duration::days(1));
                Period {
                    view,
                    first,
                    last: next - Duration::days(1),
                    previous,
                    next,
                    label: format!("{} {}", month_name(first.month()), first.year()),
                }
            }
            CalendarView::Week => {
                let first = monday_of(date);
                let last = first + Duration::days(6);
                Period {
                    view,
                    first,
                    last,
                    previous: first - Duration::days(7),
                    next: first + Duration::days(7),
                    label: format!(
                        "KW {}: {}–{}",
                        first.iso_week().week(),
                        first.format("%d.%m."),
                        last.format("%d.%m.%Y")
                    ),
                }
            }
        }
    }

    /// The weeks of a month grid, each Monday to Sunday, covering the whole period.
    pub fn weeks(&self) -> Vec<[NaiveDate; 7]> {
        let mut weeks = Vec::new();
        let mut monday = monday_of(self.first);
        while monday <= self.last {
            let mut week = [monday; 7];
            for (i, day) in week.iter_mut().enumerate() {
                *day = monday + Duration::days(i as i64);
            }
            weeks.push(week);
            monday += Duration::days(7);
        }
        weeks
    }

    pub fn days(&self) -> Vec<NaiveDate> {
        self.first
            .iter_days()
            .take_while(|d| *d <= self.last)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("date")
    }

    #[test]
    fn month_periods_and_their_grid() {
        let march = Period::around(CalendarView::Month, day(2022, 3, 27));
        assert_eq!(
            (march.first, march.last),
            (day(2022, 3, 1), day(2022, 3, 31))
        );
        assert_eq!(
            (march.previous, march.next),
            (day(2022, 2, 1), day(2022, 4, 1))
        );
        assert_eq!(march.label, "März 2022");
        let weeks = march.weeks();
        assert_eq!(weeks.len(), 5);
        assert_eq!(weeks[0][0], day(2022, 2, 28));
        assert_eq!(weeks[4][6], day(2022, 4, 3));
        let december = Period::around(CalendarView::Month, day(2022, 12, 31));
        assert_eq!(december.next, day(2023, 1, 1));
    }

    #[test]
    fn week_periods_run_monday_to_sunday() {
        let week = Period::around(CalendarView::Week, day(2022, 3, 27));
        assert_eq!(
            (week.first, week.last),
            (day(2022, 3, 21), day(2022, 3, 27))
        );
        assert_eq!(week.label, "KW 12: 21.03.–27.03.2022");
        assert_eq!(week.days().len(), 7);
        assert_eq!(
            CalendarView::parse(week.view.code()),
            Some(CalendarView::Week)
        );
    }
}
