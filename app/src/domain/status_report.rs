//! The Sachstandsbericht for the Ausschuss für Soziales, Arbeit und Gesundheit: the same
//! sections for the printable page and the PDF, built from the Projektbüro's overview, the
//! areas' decisions and the editable outlook.
use super::format::{date_de, euro_de};
use super::implementation::ImplementationState;
use super::office_overview::OfficeOverview;
use super::programme::AREA_FUND_LIMIT_CENTS;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Longest outlook the Projektbüro may write.
pub const OUTLOOK_MAX: usize = 6000;

/// An area as the report lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportArea {
    pub name: String,
    pub kind: String,
    pub district: String,
}

/// A decision on an area (its kind, its borders …), with its reference.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportDecision {
    pub effective_on: NaiveDate,
    pub area: String,
    pub decision: String,
    pub summary: String,
}

/// Everything the report shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusReport {
    /// The date of the committee meeting the report is for (decisions up to it are listed).
    pub meeting_on: NaiveDate,
    /// The day whose figures the report shows (the "Datenstand").
    pub figures_on: NaiveDate,
    /// Whether that day is past, so that the figures were worked back from the records.
    pub figures_past: bool,
    pub areas: Vec<ReportArea>,
    pub decisions: Vec<ReportDecision>,
    pub overview: OfficeOverview,
    /// "Wie geht es weiter?", written by the Projektbüro.
    pub outlook: String,
    /// Who changed the outlook last and when ("" before anybody wrote one).
    pub outlook_changed: String,
}

/// A table with a caption, column headers, and rows whose first cell heads the row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportTable {
    pub caption: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// Columns holding figures (right-aligned).
    pub numeric_from: usize,
}

/// A section: heading, paragraphs, tables.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportSection {
    pub title: String,
    pub paragraphs: Vec<String>,
    pub tables: Vec<ReportTable>,
}

fn strings<const N: usize>(cells: [&str; N]) -> Vec<String> {
    cells.iter().map(|c| (*c).to_owned()).collect()
}

impl StatusReport {
    pub fn title(&self) -> String {
        format!(
            "Sachstandsbericht Aktionsplan Soziale Stadt – Sitzung am {}",
            date_de(self.meeting_on)
        )
    }

    /// The sections in the order of the committee slides of 07.12.2021.
    pub fn sections(&self) -> Vec<ReportSection> {
        vec![
            self.introduction(),
            self.areas_and_decisions(),
            self.meetings_and_programmes(),
            self.measures(),
            self.money(),
            self.outlook(),
        ]
    }

    fn introduction(&self) -> ReportSection {
        let kinds = |kind: &str| self.areas.iter().filter(|a| a.kind == kind).count();
        let (held, planned) = self.overview.meetings();
        ReportSection {
            title: "1. Der Aktionsplan Soziale Stadt".into(),
            paragraphs: vec![
                format!(
                    "Mit dem Aktionsplan Soziale Stadt geht die Stadt Dortmund seit 2008 gegen Armut und Ausgrenzung vor – in {} Aktionsräumen und {} Aktionsquartieren. Er arbeitet in drei Handlungsfeldern: Arbeit und Beschäftigung im Quartier; Eltern und Kinder stärken – Kinderarmut bekämpfen; Sozialen Zusammenhalt im Quartier stärken.",
                    kinds("Aktionsraum"),
                    kinds("Aktionsquartier")
                ),
                format!(
                    "In Akteursgesprächen sammeln die Aktionsraumbeauftragten mit den Akteuren vor Ort, was gebraucht wird; daraus entsteht je Gebiet ein Aktionsprogramm, das das Projektbüro freigibt und die Stadt veröffentlicht. Bisher fanden {held} Akteursgespräche statt, {planned} sind geplant. Für die Maßnahmen stehen jährlich {} Projektmittel bereit, dazu je Aktionsraum {} Aktionsraumfonds.",
                    euro_de(self.overview.yearly_budget_cents),
                    euro_de(AREA_FUND_LIMIT_CENTS)
                ),
                self.figures_note(),
            ],
            tables: vec![],
        }
    }

    /// Where the figures come from, and for a past day how they were worked back.
    pub fn figures_note(&self) -> String {
        if self.figures_past {
            format!(
                "Datenstand: Ende des {}. Die Zahlen kommen aus der Anwendung Aktionsplan und zeigen den Stand dieses Tages: Termine nach ihrem Datum, Bedarfe mit den Moderationsschritten bis dahin (im Handlungsfeld, in dem sie heute stehen), die Fassungen und Freigaben der Aktionsprogramme und die Einträge zur Umsetzung bis zu diesem Tag. Die Tabellen nennen sie je Gebiet.",
                date_de(self.figures_on)
            )
        } else {
            format!(
                "Datenstand: {}. Die Zahlen kommen aus der Anwendung Aktionsplan; die Tabellen nennen sie je Gebiet.",
                date_de(self.figures_on)
            )
        }
    }

    fn areas_and_decisions(&self) -> ReportSection {
        let areas = ReportTable {
            caption: "Gebiete".into(),
            headers: strings(["Gebiet", "Art", "Stadtbezirk"]),
            rows: self
                .areas
                .iter()
                .map(|a| vec![a.name.clone(), a.kind.clone(), a.district.clone()])
                .collect(),
            numeric_from: 3,
        };
        let mut tables = vec![areas];
        let paragraphs = if self.decisions.is_empty() {
            vec![format!(
                "Bis zum {} wurden keine Änderungen an den Gebieten beschlossen.",
                date_de(self.meeting_on)
            )]
        } else {
            tables.push(ReportTable {
                caption: "Beschlossene Änderungen".into(),
                headers: strings(["Gebiet", "wirksam ab", "Beschluss", "Änderung"]),
                rows: self
                    .decisions
                    .iter()
                    .map(|d| {
                        vec![
                            d.area.clone(),
                            date_de(d.effective_on),
                            d.decision.clone(),
                            d.summary.clone(),
                        ]
                    })
                    .collect(),
                numeric_from: 4,
            });
            vec![format!(
                "{} Änderung(en) an den Gebieten wurden bis zum {} beschlossen.",
                self.decisions.len(),
                date_de(self.meeting_on)
            )]
        };
        ReportSection {
            title: "2. Gebiete und Beschlüsse".into(),
            paragraphs,
            tables,
        }
    }

    fn meetings_and_programmes(&self) -> ReportSection {
        let published = self
            .overview
            .areas
            .iter()
            .filter(|a| a.published_version.is_some())
            .count();
        ReportSection {
            title: "3. Akteursgespräche und Aktionsprogramme".into(),
            paragraphs: vec![format!(
                "{published} von {} Gebieten haben ein veröffentlichtes Aktionsprogramm.",
                self.overview.areas.len()
            )],
            tables: vec![ReportTable {
                caption: "Akteursgespräche und Aktionsprogramme je Gebiet".into(),
                headers: strings([
                    "Gebiet",
                    "Akteursgespräche durchgeführt",
                    "geplant",
                    "beteiligte Organisationen",
                    "Aktionsprogramm",
                    "veröffentlichte Fassung",
                ]),
                rows: self
                    .overview
                    .areas
                    .iter()
                    .map(|a| {
                        vec![
                            a.name.clone(),
                            a.meetings_held.to_string(),
                            a.meetings_planned.to_string(),
                            a.organisations.to_string(),
                            if a.programme_state.is_empty() {
                                "noch keines".to_owned()
                            } else {
                                a.programme_state.clone()
                            },
                            a.published_version.map_or("–".into(), |v| v.to_string()),
                        ]
                    })
                    .collect(),
                numeric_from: 1,
            }],
        }
    }

    fn measures(&self) -> ReportSection {
        let totals = self.overview.measures();
        let mut headers = vec!["Gebiet".to_owned()];
        headers.extend(
            ImplementationState::ALL
                .iter()
                .map(|s| s.label().to_owned()),
        );
        let mut rows: Vec<Vec<String>> = self
            .overview
            .areas
            .iter()
            .filter(|a| a.published_version.is_some())
            .map(|a| {
                let mut row = vec![a.name.clone()];
                row.extend(a.measures.iter().map(i64::to_string));
                row
            })
            .collect();
        let mut sum = vec!["Zusammen".to_owned()];
        sum.extend(totals.iter().map(i64::to_string));
        rows.push(sum);
        let all: i64 = totals.iter().sum();
        ReportSection {
            title: "4. Maßnahmen und ihre Umsetzung".into(),
            paragraphs: vec![format!(
                "Die veröffentlichten Aktionsprogramme enthalten {all} Maßnahmen; {} davon sind umgesetzt, {} in Umsetzung.",
                totals[super::office_overview::state_index(ImplementationState::Done)],
                totals[super::office_overview::state_index(ImplementationState::Running)]
            )],
            tables: vec![ReportTable {
                caption: "Maßnahmen je Gebiet nach Stand der Umsetzung".into(),
                headers,
                rows,
                numeric_from: 1,
            }],
        }
    }

    fn money(&self) -> ReportSection {
        let (planned, spent) = (self.overview.planned(), self.overview.spent());
        let sources = ["Projektmittel", "Aktionsraumfonds", "Dritte"];
        let available = [
            euro_de(self.overview.yearly_budget_cents),
            euro_de(self.overview.area_funds_cents()),
            "–".to_owned(),
        ];
        ReportSection {
            title: "5. Geld".into(),
            paragraphs: vec![
                "Geplant: die Kosten der Maßnahmen in den veröffentlichten Programmen (ohne entfallene); ausgegeben: was die Umsetzung bisher meldet.".into(),
            ],
            tables: vec![
                ReportTable {
                    caption: "Geld nach Quelle".into(),
                    headers: strings(["Quelle", "geplant", "ausgegeben", "verfügbar je Jahr"]),
                    rows: (0..3)
                        .map(|i| {
                            vec![
                                sources[i].to_owned(),
                                euro_de(planned[i]),
                                euro_de(spent[i]),
                                available[i].clone(),
                            ]
                        })
                        .collect(),
                    numeric_from: 1,
                },
                ReportTable {
                    caption: "Aktionsraumfonds je Gebiet".into(),
                    headers: strings(["Gebiet", "geplant", "ausgegeben", "Fonds"]),
                    rows: self
                        .overview
                        .areas
                        .iter()
                        .filter(|a| a.published_version.is_some())
                        .map(|a| {
                            vec![
                                a.name.clone(),
                                euro_de(a.planned_cents[1]),
                                euro_de(a.spent_cents[1]),
                                euro_de(AREA_FUND_LIMIT_CENTS),
                            ]
                        })
                        .collect(),
                    numeric_from: 1,
                },
            ],
        }
    }

    fn outlook(&self) -> ReportSection {
        let text = if self.outlook.trim().is_empty() {
            "Das Projektbüro hat den Ausblick noch nicht geschrieben.".to_owned()
        } else {
            self.outlook.replace("\r\n", "\n").trim().to_owned()
        };
        ReportSection {
            title: "6. Wie geht es weiter?".into(),
            paragraphs: text
                .split("\n\n")
                .map(|p| p.trim().to_owned())
                .filter(|p| !p.is_empty())
                .collect(),
            tables: vec![],
        }
    }
}

/// The outlook as typed: plain text, paragraphs separated by a blank line.
pub fn parse_outlook(text: &str) -> Result<String, String> {
    let text = text.replace("\r\n", "\n");
    let text = text.trim();
    if text.chars().count() > OUTLOOK_MAX {
        return Err(format!(
            "Der Ausblick darf höchstens {OUTLOOK_MAX} Zeichen lang sein. Bitte kürzen Sie ihn."
        ));
    }
    if text
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t')
    {
        return Err(
            "Der Ausblick enthält unzulässige Steuerzeichen. Bitte tippen Sie ihn neu ein.".into(),
        );
    }
    Ok(text.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::office_overview::AreaFigures;

    fn report() -> StatusReport {
        let hafen = AreaFigures {
            name: "Hafen".into(),
            meetings_held: 2,
            meetings_planned: 1,
            organisations: 7,
            programme_state: "Veröffentlicht".into(),
            published_version: Some(2),
            measures: [1, 2, 3, 0, 1],
            planned_cents: [100_000, 50_000, 0],
            spent_cents: [20_000, 10_000, 0],
            ..AreaFigures::default()
        };
        let eving = AreaFigures {
            name: "Eving".into(),
            meetings_planned: 1,
            ..AreaFigures::default()
        };
        StatusReport {
            meeting_on: NaiveDate::from_ymd_opt(2026, 12, 7).expect("date"),
            figures_on: NaiveDate::from_ymd_opt(2026, 12, 1).expect("date"),
            figures_past: false,
            areas: vec![
                ReportArea {
                    name: "Hafen".into(),
                    kind: "Aktionsraum".into(),
                    district: "Innenstadt-Nord".into(),
                },
                ReportArea {
                    name: "Eving".into(),
                    kind: "Aktionsquartier".into(),
                    district: "Eving".into(),
                },
            ],
            decisions: vec![ReportDecision {
                effective_on: NaiveDate::from_ymd_opt(2023, 1, 1).expect("date"),
                area: "Eving".into(),
                decision: "Ratsbeschluss DS-Nr. 12345-22".into(),
                summary: "Art: Aktionsquartier".into(),
            }],
            overview: OfficeOverview {
                districts: vec![],
                district: None,
                areas: vec![hafen, eving],
                yearly_budget_cents: 22_600_000,
                mail: Default::default(),
            },
            outlook: "Erster Absatz.\r\n\r\nZweiter Absatz.".into(),
            outlook_changed: String::new(),
        }
    }

    #[test]
    fn the_sections_follow_the_committee_slides_and_every_table_has_headers() {
        let sections = report().sections();
        let titles: Vec<&str> = sections.iter().map(|s| s.title.as_str()).collect();
        assert_eq!(
            titles,
            vec![
                "1. Der Aktionsplan Soziale Stadt",
                "2. Gebiete und Beschlüsse",
                "3. Akteursgespräche und Aktionsprogramme",
                "4. Maßnahmen und ihre Umsetzung",
                "5. Geld",
                "6. Wie geht es weiter?",
            ]
        );
        for table in sections.iter().flat_map(|s| &s.tables) {
            assert!(!table.headers.is_empty() && !table.caption.is_empty());
            assert!(
                table.rows.iter().all(|r| r.len() == table.headers.len()),
                "{}",
                table.caption
            );
        }
        assert!(sections[0].paragraphs[0].contains("in 1 Aktionsräumen und 1 Aktionsquartieren"));
        assert!(
            sections[1].tables[1].rows[0][2].contains("12345-22"),
            "the reference"
        );
        // Measures: only areas with a published programme, and the sum.
        let measures = &sections[3].tables[0];
        assert_eq!(measures.rows.len(), 2);
        assert_eq!(measures.rows[1], vec!["Zusammen", "1", "2", "3", "0", "1"]);
        assert!(sections[3].paragraphs[0].contains("7 Maßnahmen; 3 davon sind umgesetzt"));
        let money = &sections[4].tables[0];
        assert_eq!(money.rows[0][1], euro_de(100_000));
        assert_eq!(money.rows[1][3], euro_de(2 * AREA_FUND_LIMIT_CENTS));
        assert_eq!(
            sections[5].paragraphs,
            vec!["Erster Absatz.", "Zweiter Absatz."]
        );
    }

    #[test]
    fn without_decisions_or_outlook_the_report_says_so() {
        let mut empty = report();
        empty.decisions.clear();
        empty.outlook = " ".into();
        let sections = empty.sections();
        assert_eq!(sections[1].tables.len(), 1);
        assert!(sections[1].paragraphs[0].starts_with("Bis zum 07.12.2026 wurden keine Änderungen"));
        assert!(sections[5].paragraphs[0].contains("noch nicht geschrieben"));
    }

    #[test]
    fn a_past_day_says_how_its_figures_were_worked_back() {
        let mut past = report();
        assert!(past.sections()[0].paragraphs[2].starts_with("Datenstand: 01.12.2026."));
        past.figures_past = true;
        let note = &past.sections()[0].paragraphs[2];
        assert!(
            note.starts_with("Datenstand: Ende des 01.12.2026."),
            "{note}"
        );
        assert!(note.contains("Moderationsschritten bis dahin"), "{note}");
    }

    #[test]
    fn the_outlook_is_plain_text_of_bounded_length() {
        assert_eq!(parse_outlook("  a\r\n\r\nb  "), Ok("a\n\nb".into()));
        assert!(parse_outlook(&"x".repeat(OUTLOOK_MAX + 1)).is_err());
        assert!(parse_outlook("a\u{7}b").is_err());
    }
}
