//! Umsetzung: how a measure of a published programme is being carried out – its state,
//! progress, milestones, dates, the money actually spent per source and who is responsible.
//! An update is not a new programme version; each one is kept with who, when and a note.
use super::format::{parse_date, parse_euro_de};
use super::validation::FieldErrors;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Where a measure stands in its implementation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum ImplementationState {
    #[default]
    Planned,
    Running,
    Done,
    /// Put off for now, with a reason.
    Deferred,
    /// Will not happen, with a reason.
    Dropped,
}

impl ImplementationState {
    pub const ALL: [ImplementationState; 5] = [
        ImplementationState::Planned,
        ImplementationState::Running,
        ImplementationState::Done,
        ImplementationState::Deferred,
        ImplementationState::Dropped,
    ];

    /// The stable name in forms, the database and open data.
    pub fn slug(self) -> &'static str {
        match self {
            ImplementationState::Planned => "geplant",
            ImplementationState::Running => "in-umsetzung",
            ImplementationState::Done => "umgesetzt",
            ImplementationState::Deferred => "zurueckgestellt",
            ImplementationState::Dropped => "entfallen",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ImplementationState::Planned => "geplant",
            ImplementationState::Running => "in Umsetzung",
            ImplementationState::Done => "umgesetzt",
            ImplementationState::Deferred => "zurückgestellt",
            ImplementationState::Dropped => "entfallen",
        }
    }

    pub fn parse(slug: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.slug() == slug.trim())
    }

    /// Zurückgestellt and entfallen say why.
    pub fn needs_reason(self) -> bool {
        matches!(
            self,
            ImplementationState::Deferred | ImplementationState::Dropped
        )
    }

    /// Whether the measure still has work ahead (it can become stale).
    pub fn is_open(self) -> bool {
        matches!(
            self,
            ImplementationState::Planned | ImplementationState::Running
        )
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Milestone {
    pub date: NaiveDate,
    pub title: String,
    pub done: bool,
}

/// A measure's implementation as of one update.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Implementation {
    pub state: ImplementationState,
    /// Why it is deferred or dropped (empty otherwise).
    #[serde(default)]
    pub reason: String,
    /// 0 to 100.
    pub progress: u8,
    #[serde(default)]
    pub started_on: Option<NaiveDate>,
    #[serde(default)]
    pub ended_on: Option<NaiveDate>,
    /// Money actually spent, in euro cents, per source of funding.
    #[serde(default)]
    pub spent_project_funds_cents: i64,
    #[serde(default)]
    pub spent_area_fund_cents: i64,
    #[serde(default)]
    pub spent_third_party_cents: i64,
    /// The responsible organisation (from the directory), if any.
    #[serde(default)]
    pub responsible_id: Option<i64>,
    /// In date order.
    #[serde(default)]
    pub milestones: Vec<Milestone>,
}

impl Implementation {
    /// The first milestone not yet done, in date order.
    pub fn next_milestone(&self) -> Option<&Milestone> {
        self.milestones.iter().find(|m| !m.done)
    }

    pub fn spent_cents(&self) -> i64 {
        self.spent_project_funds_cents + self.spent_area_fund_cents + self.spent_third_party_cents
    }
}

/// The most milestones a measure keeps.
pub const MAX_MILESTONES: usize = 30;

/// The form as typed: one update of a measure's implementation.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImplementationInput {
    pub state: String,
    pub reason: String,
    pub progress: String,
    pub started_on: String,
    pub ended_on: String,
    pub spent_project_funds: String,
    pub spent_area_fund: String,
    pub spent_third_party: String,
    pub responsible_id: String,
    /// (date, title, done) per milestone row; rows with neither date nor title are ignored.
    pub milestones: Vec<(String, String, bool)>,
    /// What changed, in a sentence (kept with the update).
    pub note: String,
}

impl ImplementationInput {
    /// Checks every field; returns the implementation and the note, or all problems at once.
    pub fn parse(&self) -> Result<(Implementation, String), FieldErrors> {
        let mut errors = FieldErrors::new();
        let state = ImplementationState::parse(&self.state);
        if state.is_none() {
            errors.add("state", "Bitte wählen Sie den Stand der Umsetzung.");
        }
        let state = state.unwrap_or_default();
        let reason = self.reason.trim().to_owned();
        if state.needs_reason() && reason.is_empty() {
            errors.add(
                "reason",
                format!(
                    "Bitte schreiben Sie kurz, warum die Maßnahme {} ist.",
                    state.label()
                ),
            );
        } else if reason.chars().count() > 500 {
            errors.add(
                "reason",
                "Die Begründung darf höchstens 500 Zeichen lang sein.",
            );
        }
        let progress = match self.progress.trim().trim_end_matches('%').trim() {
            "" => Some(0),
            text => text.parse::<u8>().ok().filter(|p| *p <= 100),
        };
        if progress.is_none() {
            errors.add(
                "progress",
                "Bitte geben Sie den Fortschritt als ganze Zahl von 0 bis 100 an.",
            );
        }
        let progress = progress.unwrap_or_default();
        if state == ImplementationState::Done && progress != 100 {
            errors.add(
                "progress",
                "Eine umgesetzte Maßnahme steht bei 100 %. Bitte passen Sie den Fortschritt an oder wählen Sie „in Umsetzung“.",
            );
        }
        let date = |field: &str, text: &str, errors: &mut FieldErrors| -> Option<NaiveDate> {
            if text.trim().is_empty() {
                return None;
            }
            let parsed = parse_date(text);
            if parsed.is_none() {
                errors.add(
                    field,
                    "Bitte geben Sie ein Datum ein, zum Beispiel 15.03.2023.",
                );
            }
            parsed
        };
        let started_on = date("started_on", &self.started_on, &mut errors);
        let ended_on = date("ended_on", &self.ended_on, &mut errors);
        if let (Some(start), Some(end)) = (started_on, ended_on) {
            if end < start {
                errors.add(
                    "ended_on",
                    "Das Ende liegt vor dem Beginn. Bitte prüfen Sie beide Daten.",
                );
            }
        }
        if state == ImplementationState::Done && ended_on.is_none() {
            errors.add(
                "ended_on",
                "Bitte geben Sie an, wann die Maßnahme abgeschlossen wurde.",
            );
        }
        let money = |field: &str, text: &str, errors: &mut FieldErrors| -> i64 {
            match parse_euro_de(text).filter(|c| (0..=10_000_000_000).contains(c)) {
                Some(cents) => cents,
                None => {
                    errors.add(
                        field,
                        "Bitte geben Sie einen Betrag in Euro ein, zum Beispiel 1.250 oder 1.250,50.",
                    );
                    0
                }
            }
        };
        let spent_project_funds_cents = money(
            "spent_project_funds",
            &self.spent_project_funds,
            &mut errors,
        );
        let spent_area_fund_cents = money("spent_area_fund", &self.spent_area_fund, &mut errors);
        let spent_third_party_cents =
            money("spent_third_party", &self.spent_third_party, &mut errors);
        let responsible_id = match self.responsible_id.trim() {
            "" => None,
            text => match text.parse::<i64>() {
                Ok(id) if id > 0 => Some(id),
                _ => {
                    errors.add(
                        "responsible_id",
                        "Bitte wählen Sie die verantwortliche Organisation aus der Liste.",
                    );
                    None
                }
            },
        };
        let mut milestones = Vec::new();
        for (n, (date_text, title, done)) in self.milestones.iter().enumerate() {
            let title = title.trim();
            if date_text.trim().is_empty() && title.is_empty() {
                continue;
            }
            let field = format!("milestones.{n}");
            let date = parse_date(date_text);
            if date.is_none() || title.is_empty() || title.chars().count() > 200 {
                errors.add(
                    &field,
                    format!(
                        "Meilenstein {}: Bitte geben Sie ein Datum (zum Beispiel 15.03.2023) und eine Bezeichnung mit höchstens 200 Zeichen an.",
                        n + 1
                    ),
                );
                continue;
            }
            if let Some(date) = date {
                milestones.push(Milestone {
                    date,
                    title: title.to_owned(),
                    done: *done,
                });
            }
        }
        if milestones.len() > MAX_MILESTONES {
            errors.add(
                "milestones",
                format!("Eine Maßnahme hat höchstens {MAX_MILESTONES} Meilensteine."),
            );
        }
        milestones.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.title.cmp(&b.title)));
        let note = self.note.trim().to_owned();
        if note.is_empty() {
            errors.add(
                "note",
                "Bitte schreiben Sie in einem Satz, was sich geändert hat.",
            );
        } else if note.chars().count() > 500 {
            errors.add("note", "Die Notiz darf höchstens 500 Zeichen lang sein.");
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok((
            Implementation {
                state,
                reason: if state.needs_reason() {
                    reason
                } else {
                    String::new()
                },
                progress,
                started_on,
                ended_on,
                spent_project_funds_cents,
                spent_area_fund_cents,
                spent_third_party_cents,
                responsible_id,
                milestones,
            },
            note,
        ))
    }
}

/// Months without an update after which an open measure is flagged (configurable).
pub const DEFAULT_STALE_MONTHS: u32 = 6;

/// Whether an open measure last updated at `updated_at` (Unix seconds) is stale at `now`.
pub fn is_stale(state: ImplementationState, updated_at: i64, now: i64, months: u32) -> bool {
    // A month as the calendar averages it: 30.44 days.
    let limit = i64::from(months) * 2_629_746;
    state.is_open() && now - updated_at > limit
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> ImplementationInput {
        ImplementationInput {
            state: "in-umsetzung".into(),
            progress: "40".into(),
            started_on: "01.03.2023".into(),
            spent_project_funds: "1.250,50".into(),
            milestones: vec![
                ("2023-09-01".into(), "Zweiter Kurs".into(), false),
                ("15.04.2023".into(), "Erster Kurs".into(), true),
                (String::new(), "  ".into(), false),
            ],
            note: "Der erste Kurs ist gelaufen.".into(),
            ..ImplementationInput::default()
        }
    }

    #[test]
    fn a_running_measure_is_read_with_sorted_milestones_and_german_amounts() {
        let (implementation, note) = input().parse().expect("valid");
        assert_eq!(implementation.state, ImplementationState::Running);
        assert_eq!(implementation.progress, 40);
        assert_eq!(implementation.spent_project_funds_cents, 125_050);
        assert_eq!(implementation.spent_cents(), 125_050);
        assert_eq!(
            implementation.milestones.len(),
            2,
            "the empty row is ignored"
        );
        assert_eq!(implementation.milestones[0].title, "Erster Kurs");
        assert_eq!(
            implementation.next_milestone().map(|m| m.title.as_str()),
            Some("Zweiter Kurs")
        );
        assert_eq!(note, "Der erste Kurs ist gelaufen.");
    }

    #[test]
    fn deferred_and_dropped_need_a_reason_done_needs_100_percent_and_an_end() {
        for state in ["zurueckgestellt", "entfallen"] {
            let errors = ImplementationInput {
                state: state.into(),
                ..input()
            }
            .parse()
            .expect_err("reason missing");
            assert!(errors.get("reason").is_some(), "{state}");
        }
        let errors = ImplementationInput {
            state: "umgesetzt".into(),
            ..input()
        }
        .parse()
        .expect_err("40 % and no end");
        assert!(errors.get("progress").is_some());
        assert!(errors.get("ended_on").is_some());
        let (done, _) = ImplementationInput {
            state: "umgesetzt".into(),
            progress: "100 %".into(),
            ended_on: "30.11.2023".into(),
            reason: "wird verworfen".into(),
            ..input()
        }
        .parse()
        .expect("done");
        assert_eq!(done.state, ImplementationState::Done);
        assert_eq!(done.reason, "", "a reason only for deferred or dropped");
    }

    #[test]
    fn bad_values_are_named_field_by_field() {
        let errors = ImplementationInput {
            state: "fertig".into(),
            progress: "120".into(),
            started_on: "01.03.2023".into(),
            ended_on: "01.02.2023".into(),
            spent_area_fund: "12.50".into(),
            spent_third_party: "-5".into(),
            responsible_id: "x".into(),
            milestones: vec![("morgen".into(), "Kurs".into(), false)],
            note: " ".into(),
            ..ImplementationInput::default()
        }
        .parse()
        .expect_err("invalid");
        for field in [
            "state",
            "progress",
            "ended_on",
            "spent_area_fund",
            "spent_third_party",
            "responsible_id",
            "milestones.0",
            "note",
        ] {
            assert!(errors.get(field).is_some(), "{field}");
        }
    }

    #[test]
    fn only_open_measures_become_stale_after_the_configured_months() {
        let now = 1_800_000_000;
        let seven_months = 7 * 2_629_746;
        assert!(is_stale(
            ImplementationState::Running,
            now - seven_months,
            now,
            6
        ));
        assert!(!is_stale(
            ImplementationState::Running,
            now - seven_months,
            now,
            12
        ));
        assert!(!is_stale(
            ImplementationState::Done,
            now - seven_months,
            now,
            6
        ));
        assert!(!is_stale(
            ImplementationState::Planned,
            now - 86_400,
            now,
            6
        ));
        for state in ImplementationState::ALL {
            assert_eq!(ImplementationState::parse(state.slug()), Some(state));
        }
    }
}
