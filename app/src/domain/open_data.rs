//! Published Aktionsprogramme as open data: a stable JSON shape with German keys (documented by
//! the OpenAPI document the server serves) and one CSV row per measure. Only published versions,
//! no names of staff, no contact data. Amounts are whole cents, never floating point.
use super::city_implementation::CityMeasure;
use super::field_of_action::FieldOfAction;
use super::format::date_de;
use super::programme::{FundingSource, PublishedProgramme};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenProgramme {
    /// Short name of the area in addresses ("nordmarkt").
    pub gebiet: String,
    pub name: String,
    /// "Aktionsraum" or "Aktionsquartier".
    pub art: String,
    pub fassung: i64,
    /// ISO date (YYYY-MM-DD).
    pub veroeffentlicht_am: String,
    /// The public page of this version.
    pub adresse: String,
    pub ausgangslage: String,
    pub datengrundlage: String,
    pub handlungsfelder: Vec<OpenField>,
    pub potentiale: Vec<String>,
    pub rolle: Vec<String>,
    pub nicht_im_programm: Vec<OpenExclusion>,
    pub kosten: OpenCosts,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenField {
    pub nummer: u8,
    pub name: String,
    pub ziele: Vec<OpenGoal>,
    pub massnahmen: Vec<OpenMeasure>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenNeed {
    pub kennung: String,
    pub titel: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenGoal {
    pub titel: String,
    pub beschreibung: String,
    pub bedarfe: Vec<OpenNeed>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenMeasure {
    pub titel: String,
    pub beschreibung: String,
    pub ziel: Option<String>,
    pub verantwortlich: Option<String>,
    pub partner: Vec<String>,
    pub zeitraum: String,
    /// "geplant", "läuft", "abgeschlossen", "verworfen".
    pub stand: String,
    pub projektmittel_cent: i64,
    pub aktionsraumfonds_cent: i64,
    pub dritte_cent: i64,
    pub dritte_geldgeber: String,
    pub bedarfe: Vec<OpenNeed>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenExclusion {
    pub bedarf: OpenNeed,
    pub grund: String,
}

/// Sums in cents (dropped measures not counted).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenCosts {
    pub projektmittel_cent: i64,
    pub aktionsraumfonds_cent: i64,
    pub dritte_cent: i64,
    pub summe_cent: i64,
}

fn need(p: &PublishedProgramme, id: i64) -> OpenNeed {
    p.need(id).map_or_else(
        || OpenNeed {
            kennung: String::new(),
            titel: format!("Bedarf Nr. {id}"),
        },
        |n| OpenNeed {
            kennung: n.reference.clone(),
            titel: n.title.clone(),
        },
    )
}

/// The open-data shape of a published version; `public_url` makes its address absolute.
pub fn open_programme(p: &PublishedProgramme, public_url: &str) -> OpenProgramme {
    let c = &p.content;
    let goal_title = |id: &Option<String>| {
        id.as_ref()
            .and_then(|id| c.goals.iter().find(|g| &g.id == id))
            .map(|g| g.title.clone())
    };
    OpenProgramme {
        gebiet: p.area_slug.clone(),
        name: p.area_name.clone(),
        art: p.area_kind.clone(),
        fassung: p.version,
        veroeffentlicht_am: p.published_on.format("%Y-%m-%d").to_string(),
        adresse: format!(
            "{public_url}/gebiete/{}/programm/fassung/{}",
            p.area_slug, p.version
        ),
        ausgangslage: c.situation.clone(),
        datengrundlage: c.data_basis.clone(),
        handlungsfelder: FieldOfAction::ALL
            .into_iter()
            .map(|field| OpenField {
                nummer: field.number(),
                name: field.name().to_owned(),
                ziele: c
                    .goals
                    .iter()
                    .filter(|g| g.field == field)
                    .map(|g| OpenGoal {
                        titel: g.title.clone(),
                        beschreibung: g.description.clone(),
                        bedarfe: g.need_ids.iter().map(|id| need(p, *id)).collect(),
                    })
                    .collect(),
                massnahmen: c
                    .measures
                    .iter()
                    .filter(|m| m.field == field)
                    .map(|m| OpenMeasure {
                        titel: m.title.clone(),
                        beschreibung: m.description.clone(),
                        ziel: goal_title(&m.goal_id),
                        verantwortlich: m.responsible_id.map(|id| p.organisation(id)),
                        partner: m.partner_ids.iter().map(|id| p.organisation(*id)).collect(),
                        zeitraum: m.period.clone(),
                        stand: m.status.label().to_owned(),
                        projektmittel_cent: m.project_funds_cents,
                        aktionsraumfonds_cent: m.area_fund_cents,
                        dritte_cent: m.third_party_cents,
                        dritte_geldgeber: m.third_party_name.clone(),
                        bedarfe: m.need_ids.iter().map(|id| need(p, *id)).collect(),
                    })
                    .collect(),
            })
            .collect(),
        potentiale: c.potentials.iter().map(|i| i.text.clone()).collect(),
        rolle: c.role.iter().map(|i| i.text.clone()).collect(),
        nicht_im_programm: c
            .excluded_needs
            .iter()
            .map(|e| OpenExclusion {
                bedarf: need(p, e.need_id),
                grund: e.reason.clone(),
            })
            .collect(),
        kosten: OpenCosts {
            projektmittel_cent: p.budget.per_source(FundingSource::ProjectFunds),
            aktionsraumfonds_cent: p.budget.per_source(FundingSource::AreaFund),
            dritte_cent: p.budget.per_source(FundingSource::ThirdParty),
            summe_cent: p.budget.total(),
        },
    }
}

pub const CSV_HEADERS: [&str; 16] = [
    "Gebiet",
    "Fassung",
    "Veröffentlicht am",
    "Handlungsfeld",
    "Maßnahme",
    "Beschreibung",
    "Ziel",
    "Verantwortlich",
    "Partner",
    "Zeitraum",
    "Stand",
    "Projektmittel (EUR)",
    "Aktionsraumfonds (EUR)",
    "Mittel Dritter (EUR)",
    "Geldgeber (Dritte)",
    "Beantwortete Bedarfe",
];

/// Cents as German Excel reads an amount: "1234,50".
fn euro_cell(cents: i64) -> String {
    format!("{},{:02}", cents / 100, (cents % 100).abs())
}

/// One row per measure of the programmes, in the order of `CSV_HEADERS`.
pub fn measure_rows(programmes: &[OpenProgramme]) -> Vec<[String; 16]> {
    let mut rows = Vec::new();
    for p in programmes {
        let published = chrono::NaiveDate::parse_from_str(&p.veroeffentlicht_am, "%Y-%m-%d")
            .map(date_de)
            .unwrap_or_default();
        for field in &p.handlungsfelder {
            for m in &field.massnahmen {
                rows.push([
                    p.name.clone(),
                    p.fassung.to_string(),
                    published.clone(),
                    format!("{} {}", field.nummer, field.name),
                    m.titel.clone(),
                    m.beschreibung.clone(),
                    m.ziel.clone().unwrap_or_default(),
                    m.verantwortlich.clone().unwrap_or_default(),
                    m.partner.join(", "),
                    m.zeitraum.clone(),
                    m.stand.clone(),
                    euro_cell(m.projektmittel_cent),
                    euro_cell(m.aktionsraumfonds_cent),
                    euro_cell(m.dritte_cent),
                    m.dritte_geldgeber.clone(),
                    m.bedarfe
                        .iter()
                        .map(|n| format!("{} {}", n.kennung, n.titel).trim().to_owned())
                        .collect::<Vec<_>>()
                        .join("; "),
                ]);
            }
        }
    }
    rows
}

/// Money per source, in cents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenMoney {
    pub projektmittel_cent: i64,
    pub aktionsraumfonds_cent: i64,
    pub dritte_cent: i64,
}

impl OpenMoney {
    fn of(cents: [i64; 3]) -> Self {
        OpenMoney {
            projektmittel_cent: cents[0],
            aktionsraumfonds_cent: cents[1],
            dritte_cent: cents[2],
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenMilestone {
    /// ISO date.
    pub datum: String,
    pub titel: String,
    pub erreicht: bool,
}

/// A published measure and its Umsetzung (no author, no notes).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenImplementation {
    pub gebiet: String,
    pub gebietsname: String,
    pub fassung: i64,
    /// The measure's id in the programme (stable across versions).
    pub massnahme: String,
    pub titel: String,
    pub handlungsfeld: u8,
    /// "geplant", "in-umsetzung", "umgesetzt", "zurueckgestellt", "entfallen".
    pub stand: String,
    pub grund: String,
    pub fortschritt_prozent: u8,
    pub beginn: Option<String>,
    pub ende: Option<String>,
    pub meilensteine: Vec<OpenMilestone>,
    pub geplant: OpenMoney,
    pub ausgegeben: OpenMoney,
    /// ISO date of the last update; `null` while nothing was recorded.
    pub zuletzt_aktualisiert: Option<String>,
    /// The measure on the area's public programme page.
    pub adresse: String,
}

fn iso(date: chrono::NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

/// The open-data shape of the published measures' Umsetzung.
pub fn open_implementation(measures: &[CityMeasure], public_url: &str) -> Vec<OpenImplementation> {
    measures
        .iter()
        .map(|m| {
            let i = m.implementation.as_ref();
            OpenImplementation {
                gebiet: m.area_slug.clone(),
                gebietsname: m.area_name.clone(),
                fassung: m.version,
                massnahme: m.measure_id.clone(),
                titel: m.title.clone(),
                handlungsfeld: m.field.number(),
                stand: m.state().slug().to_owned(),
                grund: i.map(|i| i.reason.clone()).unwrap_or_default(),
                fortschritt_prozent: i.map_or(0, |i| i.progress),
                beginn: i.and_then(|i| i.started_on).map(iso),
                ende: i.and_then(|i| i.ended_on).map(iso),
                meilensteine: i
                    .map(|i| {
                        i.milestones
                            .iter()
                            .map(|ms| OpenMilestone {
                                datum: iso(ms.date),
                                titel: ms.title.clone(),
                                erreicht: ms.done,
                            })
                            .collect()
                    })
                    .unwrap_or_default(),
                geplant: OpenMoney::of(m.planned_cents),
                ausgegeben: OpenMoney::of(m.spent_cents()),
                zuletzt_aktualisiert: i.map(|i| iso(i.updated_on)),
                adresse: format!(
                    "{public_url}/gebiete/{}/programm#massnahme-{}",
                    m.area_slug,
                    super::format::urlencode(&m.measure_id)
                ),
            }
        })
        .collect()
}

pub const IMPLEMENTATION_CSV_HEADERS: [&str; 17] = [
    "Gebiet",
    "Fassung",
    "Handlungsfeld",
    "Maßnahme",
    "Stand",
    "Grund",
    "Fortschritt (%)",
    "Beginn",
    "Ende",
    "Nächster Meilenstein",
    "Projektmittel geplant (EUR)",
    "Projektmittel ausgegeben (EUR)",
    "Aktionsraumfonds geplant (EUR)",
    "Aktionsraumfonds ausgegeben (EUR)",
    "Mittel Dritter geplant (EUR)",
    "Mittel Dritter ausgegeben (EUR)",
    "Zuletzt aktualisiert",
];

/// One row per published measure, in the order of `IMPLEMENTATION_CSV_HEADERS`.
pub fn implementation_rows(measures: &[CityMeasure]) -> Vec<[String; 17]> {
    measures
        .iter()
        .map(|m| {
            let i = m.implementation.as_ref();
            let spent = m.spent_cents();
            let day = |d: Option<chrono::NaiveDate>| d.map(date_de).unwrap_or_default();
            [
                m.area_name.clone(),
                m.version.to_string(),
                format!("{} {}", m.field.number(), m.field.name()),
                m.title.clone(),
                m.state().label().to_owned(),
                i.map(|i| i.reason.clone()).unwrap_or_default(),
                i.map_or(0, |i| i.progress).to_string(),
                day(i.and_then(|i| i.started_on)),
                day(i.and_then(|i| i.ended_on)),
                i.and_then(|i| i.next_milestone.as_ref())
                    .map(|n| format!("{} ({})", n.title, date_de(n.date)))
                    .unwrap_or_default(),
                euro_cell(m.planned_cents[0]),
                euro_cell(spent[0]),
                euro_cell(m.planned_cents[1]),
                euro_cell(spent[1]),
                euro_cell(m.planned_cents[2]),
                euro_cell(spent[2]),
                day(i.map(|i| i.updated_on)),
            ]
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::programme::tests::{measure, published};
    use crate::domain::programme::{NeedRef, ProgrammeContent};

    #[test]
    fn a_published_version_becomes_open_data_without_staff_and_with_cents() {
        let mut m = measure("m1", FieldOfAction::Cohesion, 123_450, 0);
        m.need_ids = vec![7];
        m.responsible_id = Some(3);
        let content = ProgrammeContent {
            situation: "Lage".into(),
            measures: vec![m],
            ..ProgrammeContent::default()
        };
        let published = PublishedProgramme {
            needs: vec![NeedRef {
                id: 7,
                reference: "B-2022-0007".into(),
                field: FieldOfAction::Cohesion,
                title: "Treffpunkt".into(),
                supporters: 2,
                source: "Bedarfsformular".into(),
                accepted: true,
            }],
            organisations: vec![(3, "Quartiersverein Hafen".into())],
            ..published(content)
        };
        let open = open_programme(&published, "https://aktionsplan.example");
        assert_eq!(open.veroeffentlicht_am, "2022-11-14");
        assert_eq!(
            open.adresse,
            "https://aktionsplan.example/gebiete/nordmarkt/programm/fassung/3"
        );
        let cohesion = &open.handlungsfelder[2];
        assert_eq!(cohesion.nummer, 3);
        assert_eq!(cohesion.massnahmen[0].projektmittel_cent, 123_450);
        assert_eq!(
            cohesion.massnahmen[0].verantwortlich.as_deref(),
            Some("Quartiersverein Hafen")
        );
        assert_eq!(cohesion.massnahmen[0].bedarfe[0].kennung, "B-2022-0007");
        assert_eq!(open.kosten.summe_cent, 123_450);
        let rows = measure_rows(&[open]);
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0][2], "14.11.2022");
        assert_eq!(rows[0][11], "1234,50");
        assert_eq!(rows[0][15], "B-2022-0007 Treffpunkt");
    }

    #[test]
    fn the_umsetzung_as_open_data_has_iso_dates_cents_and_no_author() {
        use crate::domain::city_implementation::PublicImplementation;
        use crate::domain::implementation::{Implementation, ImplementationState, Milestone};
        let day = |d| chrono::NaiveDate::from_ymd_opt(2023, 5, d).expect("date");
        let running = Implementation {
            state: ImplementationState::Running,
            progress: 40,
            started_on: Some(day(2)),
            spent_project_funds_cents: 80_050,
            milestones: vec![
                Milestone {
                    date: day(3),
                    title: "Start".into(),
                    done: true,
                },
                Milestone {
                    date: day(20),
                    title: "Fest".into(),
                    done: false,
                },
            ],
            ..Implementation::default()
        };
        let measures = [
            CityMeasure::of(
                "hafen",
                "Hafen",
                2,
                &measure("m 1", FieldOfAction::Work, 100_000, 0),
                Some(PublicImplementation::of(&running, day(9))),
            ),
            CityMeasure::of(
                "hafen",
                "Hafen",
                2,
                &measure("m2", FieldOfAction::Work, 5, 0),
                None,
            ),
        ];
        let open = open_implementation(&measures, "https://aktionsplan.example");
        assert_eq!(open[0].stand, "in-umsetzung");
        assert_eq!(open[0].beginn.as_deref(), Some("2023-05-02"));
        assert_eq!(open[0].ausgegeben.projektmittel_cent, 80_050);
        assert_eq!(open[0].geplant.projektmittel_cent, 100_000);
        assert_eq!(open[0].meilensteine.len(), 2);
        assert_eq!(open[0].zuletzt_aktualisiert.as_deref(), Some("2023-05-09"));
        assert_eq!(
            open[0].adresse,
            "https://aktionsplan.example/gebiete/hafen/programm#massnahme-m%201"
        );
        assert_eq!(open[1].stand, "geplant");
        assert_eq!(open[1].zuletzt_aktualisiert, None);
        let json = serde_json::to_string(&open).expect("json");
        assert!(!json.contains("author") && !json.contains("note"));
        let rows = implementation_rows(&measures);
        assert_eq!(rows[0][4], "in Umsetzung");
        assert_eq!(rows[0][9], "Fest (20.05.2023)");
        assert_eq!(rows[0][11], "800,50");
        assert_eq!(rows[0][16], "09.05.2023");
        assert_eq!(rows[1][16], "");
    }
}
