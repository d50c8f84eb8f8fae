//! Published Aktionsprogramme as open data: a stable JSON shape with German keys (documented by
//! the OpenAPI document the server serves) and one CSV row per measure. Only published versions,
//! no names of staff, no contact data. Amounts are whole cents, never floating point.
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
}
