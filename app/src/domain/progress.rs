//! Progress of the year's Akteursgespräche: for every area, held, planned or still missing.
use super::area::Area;
use super::meeting::MeetingStatus;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Where an area stands with its Akteursgespräch in one year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum YearProgress {
    Held,
    Planned,
    Missing,
}

impl YearProgress {
    pub fn label(self) -> &'static str {
        match self {
            YearProgress::Held => "durchgeführt",
            YearProgress::Planned => "geplant",
            YearProgress::Missing => "fehlt noch",
        }
    }

    /// A class for the label; the text carries the meaning, the colour only repeats it.
    pub fn class(self) -> &'static str {
        match self {
            YearProgress::Held => "progress progress-held",
            YearProgress::Planned => "progress progress-planned",
            YearProgress::Missing => "progress progress-missing",
        }
    }
}

/// An Akteursgespräch of the year, as far as progress is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct YearMeeting {
    pub id: i64,
    pub area_id: i64,
    pub status: MeetingStatus,
    pub date: NaiveDate,
}

/// One line of the overview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AreaProgress {
    pub area_id: i64,
    pub area_slug: String,
    pub area_name: String,
    pub district: String,
    pub progress: YearProgress,
    pub held: usize,
    pub planned: usize,
    pub cancelled: usize,
    /// The meeting to look at: the last one held, else the next one planned.
    pub meeting: Option<(i64, NaiveDate)>,
}

/// The overview for the given (active) areas, in their order. Postponed meetings count through
/// their new date; cancelled ones are only counted.
pub fn year_progress(areas: &[Area], meetings: &[YearMeeting]) -> Vec<AreaProgress> {
    areas
        .iter()
        .map(|area| {
            let of_area = || meetings.iter().filter(|m| m.area_id == area.id);
            let with = |status| of_area().filter(move |m| m.status == status);
            let held = with(MeetingStatus::Held).count();
            let planned = with(MeetingStatus::Planned).count();
            let cancelled = with(MeetingStatus::Cancelled).count();
            let last_held = with(MeetingStatus::Held).max_by_key(|m| m.date);
            let next_planned = with(MeetingStatus::Planned).min_by_key(|m| m.date);
            let progress = if held > 0 {
                YearProgress::Held
            } else if planned > 0 {
                YearProgress::Planned
            } else {
                YearProgress::Missing
            };
            AreaProgress {
                area_id: area.id,
                area_slug: area.slug.clone(),
                area_name: area.name.clone(),
                district: area.district.clone(),
                progress,
                held,
                planned,
                cancelled,
                meeting: last_held.or(next_planned).map(|m| (m.id, m.date)),
            }
        })
        .collect()
}

/// "durchgeführt: 12, geplant: 2, fehlt noch: 1".
pub fn progress_summary(lines: &[AreaProgress]) -> String {
    [
        YearProgress::Held,
        YearProgress::Planned,
        YearProgress::Missing,
    ]
    .into_iter()
    .map(|p| {
        format!(
            "{}: {}",
            p.label(),
            lines.iter().filter(|l| l.progress == p).count()
        )
    })
    .collect::<Vec<_>>()
    .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::area::AreaKind;

    fn area(id: i64, name: &str) -> Area {
        Area {
            id,
            slug: name.to_lowercase(),
            name: name.into(),
            kind: AreaKind::Aktionsraum,
            district: "Innenstadt-Nord".into(),
            social_space: String::new(),
            description: String::new(),
            contact: String::new(),
            retired_on: None,
        }
    }

    fn meeting(id: i64, area_id: i64, status: MeetingStatus, day: u32) -> YearMeeting {
        YearMeeting {
            id,
            area_id,
            status,
            date: NaiveDate::from_ymd_opt(2022, 3, day).expect("date"),
        }
    }

    #[test]
    fn held_beats_planned_beats_missing_and_cancelled_counts_as_missing() {
        use MeetingStatus::*;
        let areas = [
            area(1, "Hafen"),
            area(2, "Nordmarkt"),
            area(3, "Borsigplatz"),
            area(4, "Marten"),
        ];
        let meetings = [
            meeting(10, 1, Held, 3),
            meeting(11, 1, Held, 20),
            meeting(12, 1, Planned, 25),
            meeting(20, 2, Planned, 28),
            meeting(21, 2, Planned, 14),
            meeting(22, 2, Postponed, 7),
            meeting(30, 3, Cancelled, 9),
        ];
        let lines = year_progress(&areas, &meetings);
        let states: Vec<_> = lines.iter().map(|l| l.progress).collect();
        assert_eq!(
            states,
            [
                YearProgress::Held,
                YearProgress::Planned,
                YearProgress::Missing,
                YearProgress::Missing
            ]
        );
        // The last held meeting is linked; for planned ones the next date.
        assert_eq!(lines[0].meeting.map(|m| m.0), Some(11));
        assert_eq!((lines[0].held, lines[0].planned), (2, 1));
        assert_eq!(lines[1].meeting.map(|m| m.0), Some(21));
        assert_eq!(lines[2].cancelled, 1);
        assert_eq!(lines[2].meeting, None);
        assert_eq!(lines[3].meeting, None);
        assert_eq!(
            progress_summary(&lines),
            "durchgeführt: 1, geplant: 1, fehlt noch: 2"
        );
    }
}
