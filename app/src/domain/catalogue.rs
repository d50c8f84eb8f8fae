//! The needs catalogue: a need's status and source, the catalogue's filters as they travel in the
//! address, and what the pages show of a need.
use super::field_of_action::FieldOfAction;
use super::format::{parse_date, urlencode};
use super::need::SubmissionView;
use super::validation::{optional_text, required_text, FieldErrors};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Where a need stands in moderation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum NeedStatus {
    /// Sent through the form, not yet looked at.
    New,
    Accepted,
    Rejected,
    /// One of the sources of another need.
    Merged,
}

impl NeedStatus {
    pub const ALL: [NeedStatus; 4] = [
        NeedStatus::New,
        NeedStatus::Accepted,
        NeedStatus::Rejected,
        NeedStatus::Merged,
    ];

    /// As stored and as written in the address.
    pub fn code(self) -> &'static str {
        match self {
            NeedStatus::New => "neu",
            NeedStatus::Accepted => "angenommen",
            NeedStatus::Rejected => "abgelehnt",
            NeedStatus::Merged => "zusammengefuehrt",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            NeedStatus::New => "Neu – zu prüfen",
            NeedStatus::Accepted => "Angenommen",
            NeedStatus::Rejected => "Abgelehnt",
            NeedStatus::Merged => "Zusammengeführt",
        }
    }
}

/// How a need came in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum NeedSource {
    Form,
    Meeting,
    /// The Sondierungsgespräche of 2021, entered by staff.
    Exploration,
    Manual,
}

impl NeedSource {
    pub const ALL: [NeedSource; 4] = [
        NeedSource::Meeting,
        NeedSource::Form,
        NeedSource::Exploration,
        NeedSource::Manual,
    ];

    pub fn code(self) -> &'static str {
        match self {
            NeedSource::Form => "formular",
            NeedSource::Meeting => "akteursgespraech",
            NeedSource::Exploration => "sondierung",
            NeedSource::Manual => "manuell",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            NeedSource::Form => "Formular",
            NeedSource::Meeting => "Akteursgespräch",
            NeedSource::Exploration => "Sondierung 2021",
            NeedSource::Manual => "manuell erfasst",
        }
    }
}

/// The catalogue's order.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum CatalogueSort {
    #[default]
    Newest,
    Oldest,
    Title,
    Supporters,
}

impl CatalogueSort {
    pub const ALL: [CatalogueSort; 4] = [
        CatalogueSort::Newest,
        CatalogueSort::Oldest,
        CatalogueSort::Title,
        CatalogueSort::Supporters,
    ];

    pub fn code(self) -> &'static str {
        match self {
            CatalogueSort::Newest => "neueste",
            CatalogueSort::Oldest => "aelteste",
            CatalogueSort::Title => "titel",
            CatalogueSort::Supporters => "unterstuetzung",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            CatalogueSort::Newest => "Neueste zuerst",
            CatalogueSort::Oldest => "Älteste zuerst",
            CatalogueSort::Title => "Titel (A–Z)",
            CatalogueSort::Supporters => "Meiste Nennungen zuerst",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }
}

/// Where a need stands in its area's published programme (a catalogue filter).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ProgrammeAnswer {
    /// A measure of the published programme answers it (or the need it was merged into).
    Answered,
    /// Accepted, but the published programme neither answers nor excludes it (or nothing is
    /// published yet).
    NotAnswered,
    /// The published programme says why it does not take it up.
    NotInProgramme,
}

impl ProgrammeAnswer {
    pub const ALL: [ProgrammeAnswer; 3] = [
        ProgrammeAnswer::Answered,
        ProgrammeAnswer::NotAnswered,
        ProgrammeAnswer::NotInProgramme,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ProgrammeAnswer::Answered => "beantwortet",
            ProgrammeAnswer::NotAnswered => "nicht-beantwortet",
            ProgrammeAnswer::NotInProgramme => "nicht-im-programm",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ProgrammeAnswer::Answered => "beantwortet",
            ProgrammeAnswer::NotAnswered => "nicht beantwortet",
            ProgrammeAnswer::NotInProgramme => "nicht im Programm",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.code() == code)
    }
}

/// What the catalogue is asked for, as the address says it (`?gebiet=…&hf=2&q=…`). Unknown
/// values are dropped rather than refused: an old bookmark still opens.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogueFilter {
    pub area: Option<String>,
    pub field: Option<FieldOfAction>,
    pub status: Option<NeedStatus>,
    pub source: Option<NeedSource>,
    /// Answered by the published programme or not.
    pub answer: Option<ProgrammeAnswer>,
    pub text: String,
    pub sort: CatalogueSort,
    /// The last need of the previous page (keyset pagination).
    pub after: Option<i64>,
}

/// The longest search text taken.
pub const SEARCH_MAX: usize = 200;

/// The catalogue counts its hits up to this many: an exact count of 16,000 hits of a search
/// costs a lookup of every one of them, and nobody reads that far.
pub const COUNT_CAP: i64 = 1000;

impl CatalogueFilter {
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        let mut filter = Self::default();
        for (key, value) in pairs {
            let value = value.trim();
            match key {
                "gebiet" if !value.is_empty() => filter.area = Some(value.to_owned()),
                "hf" => filter.field = FieldOfAction::parse_number(value),
                "status" => filter.status = NeedStatus::from_code(value),
                "quelle" => filter.source = NeedSource::from_code(value),
                "programm" => filter.answer = ProgrammeAnswer::from_code(value),
                "q" => filter.text = value.chars().take(SEARCH_MAX).collect(),
                "sortierung" => filter.sort = CatalogueSort::from_code(value).unwrap_or_default(),
                "nach" => filter.after = value.parse().ok().filter(|id: &i64| *id > 0),
                _ => {}
            }
        }
        filter
    }

    /// The address query for this filter (without the page position), URL-encoded.
    pub fn to_query(&self) -> String {
        let mut pairs: Vec<(&str, String)> = Vec::new();
        if let Some(area) = &self.area {
            pairs.push(("gebiet", area.clone()));
        }
        if let Some(field) = self.field {
            pairs.push(("hf", field.number().to_string()));
        }
        if let Some(status) = self.status {
            pairs.push(("status", status.code().to_owned()));
        }
        if let Some(source) = self.source {
            pairs.push(("quelle", source.code().to_owned()));
        }
        if let Some(answer) = self.answer {
            pairs.push(("programm", answer.code().to_owned()));
        }
        if !self.text.is_empty() {
            pairs.push(("q", self.text.clone()));
        }
        if self.sort != CatalogueSort::default() {
            pairs.push(("sortierung", self.sort.code().to_owned()));
        }
        pairs
            .into_iter()
            .map(|(k, v)| format!("{k}={}", urlencode(&v)))
            .collect::<Vec<_>>()
            .join("&")
    }
}

/// One line of the catalogue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NeedSummary {
    pub id: i64,
    pub reference: String,
    pub area_slug: String,
    pub area_name: String,
    pub field: FieldOfAction,
    pub title: String,
    pub organisation: String,
    pub source: NeedSource,
    pub status: NeedStatus,
    pub supporters: i64,
    pub noted_on: NaiveDate,
}

/// One page of the catalogue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CataloguePage {
    pub needs: Vec<NeedSummary>,
    /// How many needs the filter finds in all, counted up to [`COUNT_CAP`] + 1 (more than the
    /// cap is shown as "mehr als 1.000").
    pub total: i64,
    /// The id to continue after, when there is a next page.
    pub next_after: Option<i64>,
    /// The areas this user may filter by (slug, name).
    pub areas: Vec<(String, String)>,
}

/// One step in a need's moderation history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModerationStep {
    pub id: i64,
    pub action: NeedStatus,
    pub actor: String,
    pub at: String,
    pub reason: String,
    pub merged_into: Option<String>,
    pub undone: Option<String>,
}

/// The meeting a need was raised in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeetingSource {
    pub meeting_id: i64,
    pub title: String,
    pub held_on: NaiveDate,
}

/// A need with its provenance, its sources and its history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NeedDetail {
    pub summary: NeedSummary,
    pub description: String,
    pub reject_reason: String,
    /// The need this one was merged into (id, reference, title).
    pub merged_into: Option<(i64, String, String)>,
    /// The form submission as sent, unchanged (with contact data for the area's staff).
    pub submission: Option<SubmissionView>,
    pub meeting: Option<MeetingSource>,
    /// Needs merged into this one.
    pub sources: Vec<NeedSummary>,
    pub history: Vec<ModerationStep>,
    /// Likely duplicates among the area's accepted needs, with similarity in per cent.
    pub suggestions: Vec<(NeedSummary, u8)>,
    /// Whether duplicates were looked for (always for new needs, on request for accepted ones).
    pub suggestions_searched: bool,
    /// The last step can be undone.
    pub can_undo: bool,
    /// Where it (or the need it was merged into) stands in the area's published programme;
    /// `None` while it is new or rejected.
    #[serde(default)]
    pub in_programme: Option<super::need_trail::InProgramme>,
    /// The submitter's e-mail updates, if they asked for them.
    #[serde(default)]
    pub updates: Option<super::need_updates::UpdatesStatus>,
}

/// A coordinator's decision on a new need, as the form sends it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AcceptInput {
    pub field: String,
    pub title: String,
}

pub const REASON_MAX: usize = 1000;

/// Accepting may correct the title and the Handlungsfeld.
pub fn parse_accept(
    input: &AcceptInput,
    errors: &mut FieldErrors,
) -> Option<(FieldOfAction, String)> {
    let field = errors.check(
        "field",
        FieldOfAction::parse_number(&input.field).ok_or("Bitte wählen Sie ein Handlungsfeld."),
    );
    let title = errors.check(
        "title",
        required_text(&input.title, "einen Titel", super::need::TITLE_MAX),
    );
    Some((field?, title?))
}

/// A rejection needs a reason the coordinators can stand by.
pub fn parse_reason(input: &str) -> Result<String, String> {
    if input.trim().is_empty() {
        return Err("Bitte schreiben Sie kurz, warum der Bedarf abgelehnt wird.".into());
    }
    optional_text(input, "die Begründung", REASON_MAX)
}

/// A need typed in by staff, e.g. from the notes of the 2021 Sondierungsgespräche.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManualNeedInput {
    pub area: String,
    pub field: String,
    pub source: String,
    pub title: String,
    pub description: String,
    pub organisation: String,
    pub noted_on: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ManualNeed {
    pub field: FieldOfAction,
    pub source: NeedSource,
    pub title: String,
    pub description: String,
    pub organisation: String,
    pub noted_on: NaiveDate,
}

/// Checks a need typed in by staff; `today` is the latest date it may have been raised.
pub fn parse_manual(
    input: &ManualNeedInput,
    today: NaiveDate,
    errors: &mut FieldErrors,
) -> Option<ManualNeed> {
    let field = errors.check(
        "field",
        FieldOfAction::parse_number(&input.field).ok_or("Bitte wählen Sie ein Handlungsfeld."),
    );
    let source = errors.check(
        "source",
        match NeedSource::from_code(input.source.trim()) {
            Some(source @ (NeedSource::Exploration | NeedSource::Manual)) => Ok(source),
            _ => Err("Bitte wählen Sie, woher der Bedarf stammt."),
        },
    );
    let title = errors.check(
        "title",
        required_text(&input.title, "einen Titel", super::need::TITLE_MAX),
    );
    let description = errors.check(
        "description",
        optional_text(
            &input.description,
            "die Beschreibung",
            super::need::DESCRIPTION_MAX,
        ),
    );
    let organisation = errors.check(
        "organisation",
        optional_text(
            &input.organisation,
            "die Organisation",
            super::need::ORGANISATION_MAX,
        ),
    );
    let noted_on = if input.noted_on.trim().is_empty() {
        Some(today)
    } else {
        errors.check(
            "noted_on",
            match parse_date(&input.noted_on) {
                Some(date) if date > today => {
                    Err("Das Datum liegt in der Zukunft. Bitte nennen Sie, wann der Bedarf genannt wurde.")
                }
                Some(date) => Ok(date),
                None => Err("Bitte geben Sie das Datum als TT.MM.JJJJ an, zum Beispiel 03.11.2021."),
            },
        )
    };
    Some(ManualNeed {
        field: field?,
        source: source?,
        title: title?,
        description: description?,
        organisation: organisation?,
        noted_on: noted_on?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for s in NeedStatus::ALL {
            assert_eq!(NeedStatus::from_code(s.code()), Some(s));
        }
        for s in NeedSource::ALL {
            assert_eq!(NeedSource::from_code(s.code()), Some(s));
        }
        for s in CatalogueSort::ALL {
            assert_eq!(CatalogueSort::from_code(s.code()), Some(s));
        }
        assert_eq!(NeedStatus::from_code("Neu"), None);
    }

    #[test]
    fn filter_reads_the_address_and_writes_it_back() {
        let filter = CatalogueFilter::from_pairs([
            ("gebiet", "nordstadt"),
            ("hf", "2"),
            ("status", "angenommen"),
            ("quelle", "formular"),
            ("q", "Kita & Schule"),
            ("sortierung", "titel"),
            ("nach", "41"),
        ]);
        assert_eq!(filter.area.as_deref(), Some("nordstadt"));
        assert_eq!(filter.field, Some(FieldOfAction::ParentsAndChildren));
        assert_eq!(filter.status, Some(NeedStatus::Accepted));
        assert_eq!(filter.source, Some(NeedSource::Form));
        assert_eq!(filter.sort, CatalogueSort::Title);
        assert_eq!(filter.after, Some(41));
        assert_eq!(
            filter.to_query(),
            "gebiet=nordstadt&hf=2&status=angenommen&quelle=formular&q=Kita%20%26%20Schule&sortierung=titel"
        );
    }

    #[test]
    fn unknown_filter_values_are_dropped_not_refused() {
        let filter = CatalogueFilter::from_pairs([
            ("gebiet", " "),
            ("hf", "7"),
            ("status", "<script>"),
            ("sortierung", "zufall"),
            ("nach", "-3"),
            ("anderes", "x"),
        ]);
        assert_eq!(filter, CatalogueFilter::default());
        assert_eq!(filter.to_query(), "");
    }

    #[test]
    fn search_text_is_cut_to_its_maximum() {
        let long = "ä".repeat(SEARCH_MAX + 50);
        let filter = CatalogueFilter::from_pairs([("q", long.as_str())]);
        assert_eq!(filter.text.chars().count(), SEARCH_MAX);
    }

    #[test]
    fn accepting_needs_a_field_and_a_title_and_rejecting_a_reason() {
        let mut errors = FieldErrors::new();
        assert!(parse_accept(&AcceptInput::default(), &mut errors).is_none());
        assert!(errors.get("field").is_some() && errors.get("title").is_some());
        let mut errors = FieldErrors::new();
        let accepted = parse_accept(
            &AcceptInput {
                field: "1".into(),
                title: "  Sprachkurse  ".into(),
            },
            &mut errors,
        );
        assert_eq!(accepted, Some((FieldOfAction::Work, "Sprachkurse".into())));
        assert!(parse_reason("  ").is_err());
        assert!(parse_reason(&"x".repeat(REASON_MAX + 1)).is_err());
        assert_eq!(parse_reason(" doppelt "), Ok("doppelt".into()));
    }

    #[test]
    fn manual_needs_come_from_a_talk_or_by_hand_and_not_from_the_future() {
        let today = NaiveDate::from_ymd_opt(2022, 5, 1).expect("date");
        let input = ManualNeedInput {
            area: "nordstadt".into(),
            field: "3".into(),
            source: "sondierung".into(),
            title: "Treffpunkt für Ältere".into(),
            noted_on: "03.11.2021".into(),
            ..ManualNeedInput::default()
        };
        let mut errors = FieldErrors::new();
        let need = parse_manual(&input, today, &mut errors).expect("valid");
        assert_eq!(need.source, NeedSource::Exploration);
        assert_eq!(
            need.noted_on,
            NaiveDate::from_ymd_opt(2021, 11, 3).expect("date")
        );

        let mut errors = FieldErrors::new();
        let bad = ManualNeedInput {
            source: "formular".into(),
            noted_on: "2022-05-02".into(),
            ..input.clone()
        };
        assert!(parse_manual(&bad, today, &mut errors).is_none());
        assert!(errors.get("source").is_some() && errors.get("noted_on").is_some());

        let mut errors = FieldErrors::new();
        let undated = ManualNeedInput {
            noted_on: " ".into(),
            ..input
        };
        assert_eq!(
            parse_manual(&undated, today, &mut errors).map(|n| n.noted_on),
            Some(today)
        );
    }
}
