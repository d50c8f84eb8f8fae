//! The content of an Aktionsprogramm (one version of it) and its budget figures.
use super::field_of_action::FieldOfAction;
use super::format::euro_de;
use super::validation::{FieldErrors, Problem};
use serde::{Deserialize, Serialize};

/// Identifies a goal, measure or text item across versions (given when it is created), so that
/// comparisons can tell "changed" and "moved" from "removed and added".
pub type ItemId = String;

/// Every item of the programme's lists carries its id under this name.
pub const ID_KEY: &str = "id";

/// What one version of a programme says. Stored as JSON per version.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgrammeContent {
    /// Ausgangslage: the area's situation.
    #[serde(default)]
    pub situation: String,
    /// A note on the data the situation rests on (Sozialbericht, Sondierung 2021 …).
    #[serde(default)]
    pub data_basis: String,
    #[serde(default)]
    pub goals: Vec<Goal>,
    #[serde(default)]
    pub measures: Vec<Measure>,
    /// Potentiale / Voraussetzungen of the area.
    #[serde(default)]
    pub potentials: Vec<TextItem>,
    /// Rolle und Funktion der Aktionsraumbeauftragten in this area.
    #[serde(default)]
    pub role: Vec<TextItem>,
    /// Accepted needs the programme does not take up, with the reason (listed in the annex).
    #[serde(default)]
    pub excluded_needs: Vec<Exclusion>,
}

impl ProgrammeContent {
    /// The needs this content names (goals, measures, exclusions), each once, ascending: the
    /// pages fetch these by id instead of the area's whole set.
    pub fn need_ids(&self) -> Vec<i64> {
        let mut ids: Vec<i64> = self
            .goals
            .iter()
            .flat_map(|g| g.need_ids.iter())
            .chain(self.measures.iter().flat_map(|m| m.need_ids.iter()))
            .chain(self.excluded_needs.iter().map(|e| &e.need_id))
            .copied()
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    }

    /// The meeting items its potentials and role expectations were taken from, each once.
    pub fn source_item_ids(&self) -> Vec<String> {
        let mut ids: Vec<String> = self
            .potentials
            .iter()
            .chain(self.role.iter())
            .filter_map(|item| item.source_item_id.clone())
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    }

    /// The organisations its measures name (responsible and partners), each once, ascending.
    pub fn organisation_ids(&self) -> Vec<i64> {
        let mut ids: Vec<i64> = self
            .measures
            .iter()
            .flat_map(|m| {
                m.responsible_id
                    .into_iter()
                    .chain(m.partner_ids.iter().copied())
            })
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    }
}

/// Ziel: what the area wants to reach in one Handlungsfeld.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Goal {
    pub id: ItemId,
    pub field: FieldOfAction,
    pub title: String,
    #[serde(default)]
    pub description: String,
    /// The needs it answers (linked, not copied).
    #[serde(default)]
    pub need_ids: Vec<i64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum MeasureStatus {
    Planned,
    Running,
    Done,
    Dropped,
}

impl MeasureStatus {
    pub const ALL: [MeasureStatus; 4] = [
        MeasureStatus::Planned,
        MeasureStatus::Running,
        MeasureStatus::Done,
        MeasureStatus::Dropped,
    ];

    pub fn label(self) -> &'static str {
        match self {
            MeasureStatus::Planned => "geplant",
            MeasureStatus::Running => "läuft",
            MeasureStatus::Done => "abgeschlossen",
            MeasureStatus::Dropped => "verworfen",
        }
    }
}

/// Maßnahme: what is done, by whom, when, at what cost, paid from where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Measure {
    pub id: ItemId,
    pub field: FieldOfAction,
    /// The goal it serves, if any.
    #[serde(default)]
    pub goal_id: Option<ItemId>,
    pub title: String,
    #[serde(default)]
    pub description: String,
    /// Organisations from the directory.
    #[serde(default)]
    pub responsible_id: Option<i64>,
    #[serde(default)]
    pub partner_ids: Vec<i64>,
    /// Zeitraum as people say it ("ab Herbst 2023, zwei Jahre").
    #[serde(default)]
    pub period: String,
    /// Costs in euro cents by source of funding.
    #[serde(default)]
    pub project_funds_cents: i64,
    #[serde(default)]
    pub area_fund_cents: i64,
    #[serde(default)]
    pub third_party_cents: i64,
    /// Who the third parties are (Stiftung, Land NRW …).
    #[serde(default)]
    pub third_party_name: String,
    pub status: MeasureStatus,
    /// The needs it answers (linked, not copied).
    #[serde(default)]
    pub need_ids: Vec<i64>,
}

/// A potential or a role expectation: a sentence, maybe taken over from a meeting's minutes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TextItem {
    pub id: ItemId,
    pub text: String,
    /// The meeting item (potential or role expectation) it was taken over from.
    #[serde(default)]
    pub source_item_id: Option<String>,
}

/// "Nicht im Programm": an accepted need the programme does not take up, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Exclusion {
    pub id: ItemId,
    pub need_id: i64,
    pub reason: String,
}

/// Where money comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum FundingSource {
    /// Projektmittel of the Aktionsplan (about 226,000 EUR a year city-wide).
    ProjectFunds,
    /// Aktionsraumfonds: 5,000 EUR per area, decided locally.
    AreaFund,
    /// Third parties.
    ThirdParty,
}

impl FundingSource {
    pub const ALL: [FundingSource; 3] = [
        FundingSource::ProjectFunds,
        FundingSource::AreaFund,
        FundingSource::ThirdParty,
    ];

    pub fn label(self) -> &'static str {
        match self {
            FundingSource::ProjectFunds => "Projektmittel",
            FundingSource::AreaFund => "Aktionsraumfonds",
            FundingSource::ThirdParty => "Dritte",
        }
    }
}

/// An area's Aktionsraumfonds per year.
pub const AREA_FUND_LIMIT_CENTS: i64 = 500_000;
/// The Projektmittel of the whole city per year, unless configured otherwise.
pub const DEFAULT_YEARLY_BUDGET_CENTS: i64 = 22_600_000;

impl Measure {
    /// A planned measure with nothing filled in but its title and the needs it answers.
    pub fn new(id: ItemId, field: FieldOfAction, title: String, need_ids: Vec<i64>) -> Self {
        Measure {
            id,
            field,
            goal_id: None,
            title,
            description: String::new(),
            responsible_id: None,
            partner_ids: vec![],
            period: String::new(),
            project_funds_cents: 0,
            area_fund_cents: 0,
            third_party_cents: 0,
            third_party_name: String::new(),
            status: MeasureStatus::Planned,
            need_ids,
        }
    }

    pub fn cost(&self, source: FundingSource) -> i64 {
        match source {
            FundingSource::ProjectFunds => self.project_funds_cents,
            FundingSource::AreaFund => self.area_fund_cents,
            FundingSource::ThirdParty => self.third_party_cents,
        }
    }

    /// Dropped measures cost nothing.
    fn counts(&self) -> bool {
        self.status != MeasureStatus::Dropped
    }
}

/// Costs of a programme summed per Handlungsfeld and source of funding.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Budget {
    /// `[field][source]` in cents, in the order of `FieldOfAction::ALL` and `FundingSource::ALL`.
    pub cells: [[i64; 3]; 3],
}

impl Budget {
    pub fn of(content: &ProgrammeContent) -> Self {
        let mut cells = [[0; 3]; 3];
        for measure in content.measures.iter().filter(|m| m.counts()) {
            let row = usize::from(measure.field.number() - 1);
            for (column, source) in FundingSource::ALL.into_iter().enumerate() {
                cells[row][column] += measure.cost(source);
            }
        }
        Self { cells }
    }

    pub fn cell(&self, field: FieldOfAction, source: FundingSource) -> i64 {
        let column = FundingSource::ALL
            .iter()
            .position(|s| *s == source)
            .unwrap_or_default();
        self.cells[usize::from(field.number() - 1)][column]
    }

    pub fn per_source(&self, source: FundingSource) -> i64 {
        FieldOfAction::ALL
            .into_iter()
            .map(|f| self.cell(f, source))
            .sum()
    }

    pub fn per_field(&self, field: FieldOfAction) -> i64 {
        FundingSource::ALL
            .into_iter()
            .map(|s| self.cell(field, s))
            .sum()
    }

    pub fn total(&self) -> i64 {
        self.cells.iter().flatten().sum()
    }

    /// The warning when the area plans more from its Aktionsraumfonds than it has.
    pub fn area_fund_warning(&self) -> Option<String> {
        let planned = self.per_source(FundingSource::AreaFund);
        (planned > AREA_FUND_LIMIT_CENTS).then(|| {
            format!(
                "Aus dem Aktionsraumfonds sind {} geplant; er hat {} im Jahr. Bitte kürzen Sie oder finden Sie eine andere Finanzierung.",
                euro_de(planned),
                euro_de(AREA_FUND_LIMIT_CENTS)
            )
        })
    }
}

pub const SITUATION_MAX: usize = 20_000;
pub const TITLE_MAX: usize = 300;
pub const TEXT_MAX: usize = 4_000;
pub const SHORT_MAX: usize = 200;
pub const NOTE_MAX: usize = 500;
pub const COMMENT_MAX: usize = 4_000;

/// The sections the Projektbüro can attach questions to: (key, label).
pub const SECTIONS: [(&str, &str); 8] = [
    ("situation", "Ausgangslage"),
    (
        "field1",
        "Handlungsfeld 1: Arbeit und Beschäftigung im Quartier",
    ),
    (
        "field2",
        "Handlungsfeld 2: Eltern und Kinder stärken – Kinderarmut bekämpfen",
    ),
    (
        "field3",
        "Handlungsfeld 3: Sozialen Zusammenhalt im Quartier stärken",
    ),
    ("potentials", "Potentiale des Gebiets"),
    ("role", "Rolle und Funktion der Aktionsraumbeauftragten"),
    ("budget", "Kosten und Finanzierung"),
    ("excluded", "Nicht im Programm"),
];

/// The label of a section key (the key itself if unknown).
/// A version number as an address writes it (`/fassung/3`): digits without a leading zero, at
/// most nine of them. Any other spelling is no version (404), so that one version has one
/// address.
pub fn version_in_path(text: &str) -> Option<i64> {
    let canonical = !text.is_empty()
        && text.len() <= 9
        && text.bytes().all(|b| b.is_ascii_digit())
        && !text.starts_with('0');
    canonical.then(|| text.parse().ok()).flatten()
}

pub fn section_label(key: &str) -> &str {
    SECTIONS
        .iter()
        .find(|(k, _)| *k == key)
        .map_or(key, |(_, label)| label)
}
/// 10 million euro: more is a typing error.
pub const COST_MAX_CENTS: i64 = 1_000_000_000;

/// The rules of a version: titles and reasons present, texts within their limits, costs not
/// negative, ids unique, goals that measures name exist. Errors are keyed `<list>.<id>.<field>`.
pub fn validate(content: &ProgrammeContent, note: &str) -> FieldErrors {
    let mut errors = FieldErrors::new();
    errors.check_text(
        "situation",
        &content.situation,
        "die Ausgangslage",
        SITUATION_MAX,
    );
    errors.check_text(
        "data_basis",
        &content.data_basis,
        "den Hinweis zur Datengrundlage",
        TEXT_MAX,
    );
    errors.check_text("note", note, "die Änderungsnotiz", NOTE_MAX);
    fn required(errors: &mut FieldErrors, key: String, value: &str, label: &str, max: usize) {
        if value.trim().is_empty() {
            errors.add_problem(
                &key,
                Problem::Missing,
                format!("Bitte geben Sie {label} an."),
            );
        } else {
            errors.check_text(&key, value, label, max);
        }
    }
    let mut seen = std::collections::HashSet::new();
    let mut unique = |errors: &mut FieldErrors, list: &str, id: &str| {
        if id.is_empty() || id.len() > 40 || !seen.insert((list.to_owned(), id.to_owned())) {
            errors.add(
                &format!("{list}.{id}"),
                "Ein Eintrag kam doppelt oder ohne Kennung an. Bitte laden Sie die Seite neu.",
            );
        }
    };
    for goal in &content.goals {
        unique(&mut errors, "goals", &goal.id);
        required(
            &mut errors,
            format!("goals.{}.title", goal.id),
            &goal.title,
            "einen Titel für das Ziel",
            TITLE_MAX,
        );
        errors.check_text(
            &format!("goals.{}.description", goal.id),
            &goal.description,
            "die Beschreibung",
            TEXT_MAX,
        );
    }
    for measure in &content.measures {
        let key = |field: &str| format!("measures.{}.{field}", measure.id);
        unique(&mut errors, "measures", &measure.id);
        required(
            &mut errors,
            key("title"),
            &measure.title,
            "einen Titel für die Maßnahme",
            TITLE_MAX,
        );
        errors.check_text(
            &key("description"),
            &measure.description,
            "die Beschreibung",
            TEXT_MAX,
        );
        errors.check_text(&key("period"), &measure.period, "den Zeitraum", SHORT_MAX);
        errors.check_text(
            &key("third_party_name"),
            &measure.third_party_name,
            "die Geldgeber",
            SHORT_MAX,
        );
        for (field, cents) in [
            ("project_funds_cents", measure.project_funds_cents),
            ("area_fund_cents", measure.area_fund_cents),
            ("third_party_cents", measure.third_party_cents),
        ] {
            if !(0..=COST_MAX_CENTS).contains(&cents) {
                errors.add(
                    &key(field),
                    format!(
                        "Bitte geben Sie einen Betrag zwischen 0 und {} an.",
                        euro_de(COST_MAX_CENTS)
                    ),
                );
            }
        }
        if let Some(goal) = &measure.goal_id {
            if !content.goals.iter().any(|g| &g.id == goal) {
                errors.add(
                    &key("goal_id"),
                    "Das gewählte Ziel gibt es nicht mehr. Bitte wählen Sie ein anderes.",
                );
            }
        }
    }
    for (list, items) in [("potentials", &content.potentials), ("role", &content.role)] {
        for item in items {
            unique(&mut errors, list, &item.id);
            required(
                &mut errors,
                format!("{list}.{}.text", item.id),
                &item.text,
                "einen Text",
                TEXT_MAX,
            );
        }
    }
    for exclusion in &content.excluded_needs {
        unique(&mut errors, "excluded_needs", &exclusion.id);
        required(
            &mut errors,
            format!("excluded_needs.{}.reason", exclusion.id),
            &exclusion.reason,
            "einen Grund",
            TEXT_MAX,
        );
    }
    errors
}

/// An accepted need of the area, as the programme links it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NeedRef {
    pub id: i64,
    pub reference: String,
    pub field: FieldOfAction,
    pub title: String,
    /// How many stakeholders raised it.
    pub supporters: i64,
    /// Where it came from: "Formular", "Akteursgespräch „…“ am 12.05.2022" …
    pub source: String,
    /// Whether it is accepted now (a version may still name a need merged or rejected later).
    pub accepted: bool,
}

/// An organisation the editor offers for a measure: its id, name and the areas it works in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrganisationChoice {
    pub id: i64,
    pub name: String,
    pub areas: String,
}

/// How many accepted needs the editor shows per Handlungsfeld at a time.
pub const NEED_PAGE_SIZE: usize = 25;
/// How many versions and workflow steps the staff page lists at a time.
pub const HISTORY_PAGE_SIZE: usize = 20;

/// One page of the area's accepted needs in one Handlungsfeld, for the editor; `next` asks for
/// the page behind it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NeedPage {
    pub field: FieldOfAction,
    pub needs: Vec<NeedRef>,
    pub next: Option<String>,
}

/// What the editor's needs column asks for: one Handlungsfeld's next page, or (without a
/// field) the first page of every Handlungsfeld; only needs whose title or reference contains
/// `text`, none of `skip`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NeedQuery {
    pub field: Option<FieldOfAction>,
    pub text: String,
    pub skip: Vec<i64>,
    pub after: Option<String>,
}

/// A potential or role expectation collected in one of the area's meetings, to take over.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeetingOffer {
    /// The meeting item's id (kept in the programme as `source_item_id`).
    pub id: String,
    /// `potentials` or `role`: the programme list it belongs to.
    pub list: String,
    pub text: String,
    /// "Akteursgespräch „…“ am 12.05.2022"
    pub meeting: String,
}

/// One line of the version history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VersionSummary {
    pub number: i64,
    pub based_on: Option<i64>,
    pub author: String,
    /// "23.07.2022, 14:05" (Berlin time).
    pub saved: String,
    pub note: String,
}

/// One workflow step with its comments on sections.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepView {
    pub step: super::workflow::Step,
    pub version: i64,
    pub actor: String,
    pub at: String,
    pub comment: String,
    /// (section, text)
    pub comments: Vec<(String, String)>,
}

/// Everything the programme page of an area shows its staff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgrammeOverview {
    pub area_slug: String,
    pub area_name: String,
    pub state: super::workflow::ProgrammeState,
    /// The newest version (0: nothing saved yet) and its content.
    pub head: i64,
    pub content: ProgrammeContent,
    /// The newest versions (or those before `?fassungen_vor=`), newest first, at most
    /// [`HISTORY_PAGE_SIZE`]; `older_versions` tells whether there are more before them.
    pub versions: Vec<VersionSummary>,
    pub older_versions: bool,
    /// The newest workflow steps (or those before `?verlauf_vor=`), oldest first, at most
    /// [`HISTORY_PAGE_SIZE`]; `older_steps` is the cursor for the ones before them.
    pub steps: Vec<StepView>,
    pub older_steps: Option<i64>,
    /// The step the area's programme was last returned with, for the notice on top.
    pub last_return: Option<StepView>,
    pub submitted_version: Option<i64>,
    pub approved_version: Option<i64>,
    pub published_version: Option<i64>,
    /// The Projektbüro reviews (returns, approves, publishes).
    pub may_review: bool,
    pub budget: Budget,
    /// The needs the newest version names (by Handlungsfeld), to tell them by name.
    pub needs: Vec<NeedRef>,
    /// How many accepted needs nothing answers or excludes yet, and how many there are.
    pub open_needs: i64,
    pub accepted_needs: i64,
    /// For the editor: the first page of accepted needs of each Handlungsfeld.
    pub need_pages: Vec<NeedPage>,
    /// The steps the person looking may take now, with the version each applies to.
    pub allowed_steps: Vec<(super::workflow::Step, i64)>,
    /// Who submitted the version under review.
    pub submitted_by: Option<String>,
    /// The organisations the newest version names (id, name); the editor finds others by
    /// searching.
    pub organisations: Vec<(i64, String)>,
    /// Potentials and role expectations from the area's meetings (editor only; the newest
    /// meetings' first, bounded).
    pub offers: Vec<MeetingOffer>,
    /// Whether older meetings hold more than `offers` shows.
    pub older_offers: bool,
    /// Planned Projektmittel of all areas' newest versions, against the yearly budget.
    pub city_project_funds_cents: i64,
    pub yearly_budget_cents: i64,
}

/// Two versions compared, for the comparison page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Comparison {
    pub area_slug: String,
    pub area_name: String,
    pub old: i64,
    pub new: i64,
    /// The newest version's number (the choice of versions goes up to it).
    pub head: i64,
    pub lines: Vec<super::programme_compare::ChangeLine>,
}

/// A published version as the public sees it: no names of staff, no contact data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublishedProgramme {
    pub area_slug: String,
    pub area_name: String,
    /// "Aktionsraum" or "Aktionsquartier".
    pub area_kind: String,
    pub version: i64,
    /// When this version was published (Berlin date).
    pub published_on: chrono::NaiveDate,
    /// The version on the public page now (older published ones stay reachable).
    pub current_version: i64,
    pub content: ProgrammeContent,
    pub budget: Budget,
    /// The needs the version links, with where they came from.
    pub needs: Vec<NeedRef>,
    pub organisations: Vec<(i64, String)>,
    /// Every published version, newest first: (number, date).
    pub published: Vec<(i64, chrono::NaiveDate)>,
    /// Annex: meetings held ("Akteursgespräch … am 12.05.2022") and organisations that took part.
    pub meetings: Vec<String>,
    pub participants: Vec<String>,
    /// The Umsetzung of the measures (current version only): (measure id, what the public sees).
    #[serde(default)]
    pub implementation: Vec<(String, super::city_implementation::PublicImplementation)>,
}

impl PublishedProgramme {
    pub fn implementation_of(
        &self,
        measure_id: &str,
    ) -> Option<&super::city_implementation::PublicImplementation> {
        self.implementation
            .iter()
            .find(|(id, _)| id == measure_id)
            .map(|(_, i)| i)
    }

    pub fn organisation(&self, id: i64) -> String {
        self.organisations
            .iter()
            .find(|(o, _)| *o == id)
            .map(|(_, name)| name.clone())
            .unwrap_or_default()
    }

    pub fn need(&self, id: i64) -> Option<&NeedRef> {
        self.needs.iter().find(|n| n.id == id)
    }
}

/// How many of the area's `accepted` needs the programme neither answers nor excludes: the
/// editor knows only some needs by name (`known`), but every need the draft names is among them
/// (it was listed or named by the version); a named need no longer accepted does not count.
pub fn open_need_count(content: &ProgrammeContent, accepted: i64, known: &[NeedRef]) -> i64 {
    let named = content.need_ids();
    let answered = known
        .iter()
        .filter(|n| n.accepted && named.binary_search(&n.id).is_ok())
        .count() as i64;
    (accepted - answered).max(0)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub fn measure(id: &str, field: FieldOfAction, project: i64, fund: i64) -> Measure {
        Measure {
            project_funds_cents: project,
            area_fund_cents: fund,
            ..Measure::new(id.into(), field, format!("Maßnahme {id}"), vec![])
        }
    }

    /// Version 3 of Nordmarkt's programme, published on 14 November 2022 and still current, with
    /// one meeting and one participating organisation in the annex.
    pub fn published(content: ProgrammeContent) -> PublishedProgramme {
        PublishedProgramme {
            area_slug: "nordmarkt".into(),
            area_name: "Nordmarkt".into(),
            area_kind: "Aktionsraum".into(),
            version: 3,
            published_on: chrono::NaiveDate::from_ymd_opt(2022, 11, 14).expect("date"),
            current_version: 3,
            budget: Budget::of(&content),
            content,
            needs: vec![],
            organisations: vec![],
            published: vec![],
            meetings: vec!["Akteursgespräch Nordmarkt am 12.05.2022".into()],
            participants: vec!["Grünbau gGmbH".into()],
            implementation: vec![],
        }
    }

    #[test]
    fn the_budget_sums_per_field_and_source_without_dropped_measures() {
        let mut dropped = measure("c", FieldOfAction::Work, 900_000, 0);
        dropped.status = MeasureStatus::Dropped;
        let content = ProgrammeContent {
            measures: vec![
                measure("a", FieldOfAction::Work, 1_000_000, 200_000),
                measure("b", FieldOfAction::Cohesion, 0, 350_000),
                dropped,
            ],
            ..ProgrammeContent::default()
        };
        let budget = Budget::of(&content);
        assert_eq!(budget.per_field(FieldOfAction::Work), 1_200_000);
        assert_eq!(budget.per_source(FundingSource::AreaFund), 550_000);
        assert_eq!(budget.total(), 1_550_000);
        let warning = budget.area_fund_warning().expect("over the fund");
        assert!(warning.contains("5.500\u{a0}€"), "{warning}");
        assert!(warning.contains("5.000\u{a0}€"), "{warning}");
    }

    #[test]
    fn a_version_needs_titles_reasons_and_sane_costs() {
        let mut bad = measure("m", FieldOfAction::Work, -1, 0);
        bad.title = " ".into();
        bad.goal_id = Some("weg".into());
        let content = ProgrammeContent {
            measures: vec![bad, measure("m", FieldOfAction::Work, 0, 0)],
            excluded_needs: vec![Exclusion {
                id: "x".into(),
                need_id: 1,
                reason: String::new(),
            }],
            ..ProgrammeContent::default()
        };
        let errors = validate(&content, "");
        for key in [
            "measures.m.title",
            "measures.m.project_funds_cents",
            "measures.m.goal_id",
            "measures.m",
            "excluded_needs.x.reason",
        ] {
            assert!(errors.get(key).is_some(), "{key}: {errors:?}");
        }
        assert!(validate(&ProgrammeContent::default(), "Erster Entwurf").is_empty());
    }

    #[test]
    fn open_needs_are_those_nothing_answers_or_excludes() {
        let mut m = measure("a", FieldOfAction::Work, 0, 0);
        m.need_ids = vec![1];
        let content = ProgrammeContent {
            measures: vec![m],
            excluded_needs: vec![Exclusion {
                id: "x".into(),
                need_id: 3,
                reason: "Zuständig ist das Land.".into(),
            }],
            ..ProgrammeContent::default()
        };
        let need = |id: i64, accepted: bool| NeedRef {
            id,
            reference: format!("B-{id}"),
            field: FieldOfAction::Work,
            title: format!("Bedarf {id}"),
            supporters: 1,
            source: "Bedarfsformular".into(),
            accepted,
        };
        // Needs 1 to 4 and 6 are accepted; 5 was merged after the version named it.
        let known = [need(1, true), need(2, true), need(3, true), need(5, false)];
        assert_eq!(
            open_need_count(&content, 5, &known),
            3,
            "2, 4 and 6 are open"
        );
        let mut named_merged = content.clone();
        named_merged.measures[0].need_ids.push(5);
        assert_eq!(open_need_count(&named_merged, 5, &known), 3);
        assert_eq!(open_need_count(&content, 0, &known), 0, "never below zero");
    }

    #[test]
    fn a_version_has_one_address() {
        assert_eq!(version_in_path("3"), Some(3));
        assert_eq!(version_in_path("120"), Some(120));
        assert_eq!(version_in_path("999999999"), Some(999_999_999));
        for wrong in [
            "",
            "0",
            "03",
            "0001",
            "1234567890",
            "99999999999999999999",
            "-1",
            "+1",
            "1a",
            " 1",
        ] {
            assert_eq!(version_in_path(wrong), None, "{wrong}");
        }
    }
}
