//! Areas (Aktionsräume, Aktionsquartiere) and the rules for changing them.
use super::format::parse_date;
use super::validation::{optional_text, required_text, FieldErrors};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AreaKind {
    Aktionsraum,
    Aktionsquartier,
}

impl AreaKind {
    pub const ALL: [AreaKind; 2] = [AreaKind::Aktionsraum, AreaKind::Aktionsquartier];

    pub fn slug(self) -> &'static str {
        match self {
            AreaKind::Aktionsraum => "aktionsraum",
            AreaKind::Aktionsquartier => "aktionsquartier",
        }
    }

    pub fn parse(slug: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|kind| kind.slug() == slug.trim())
    }

    pub fn label(self) -> &'static str {
        match self {
            AreaKind::Aktionsraum => "Aktionsraum",
            AreaKind::Aktionsquartier => "Aktionsquartier",
        }
    }
}

/// The 12 Stadtbezirke of Dortmund.
pub const DISTRICTS: [&str; 12] = [
    "Innenstadt-West",
    "Innenstadt-Nord",
    "Innenstadt-Ost",
    "Eving",
    "Scharnhorst",
    "Brackel",
    "Aplerbeck",
    "Hörde",
    "Hombruch",
    "Lütgendortmund",
    "Huckarde",
    "Mengede",
];

/// One area as shown to the public and to staff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Area {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub kind: AreaKind,
    pub district: String,
    pub social_space: String,
    pub description: String,
    pub contact: String,
    pub retired_on: Option<NaiveDate>,
}

/// One entry in an area's history: what changed, when, by which decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AreaChange {
    pub effective_on: NaiveDate,
    pub decision: String,
    pub summary: String,
}

/// What an area page needs: the area, its history, and who coordinates it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AreaPage {
    pub area: Area,
    pub history: Vec<AreaChange>,
    /// Names of the area's Aktionsraumbeauftragte.
    pub coordinators: Vec<String>,
    /// Whether the viewer may open the staff part.
    pub staff_access: bool,
    /// The version of the Aktionsprogramm on the public page, if one is published.
    pub published_programme: Option<i64>,
}

/// The editable fields of an area, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AreaFields {
    pub name: String,
    pub kind: AreaKind,
    pub district: String,
    pub social_space: String,
    pub description: String,
    pub contact: String,
}

/// Every change of master data is dated and names the decision behind it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangeReason {
    pub effective_on: NaiveDate,
    pub decision: String,
}

/// A slug for a new area: lower-case letters, digits and hyphens, 2–60 characters.
pub fn parse_slug(input: &str) -> Result<String, String> {
    let slug = input.trim().to_lowercase();
    let valid = (2..=60).contains(&slug.len())
        && slug
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !slug.starts_with('-')
        && !slug.ends_with('-');
    if valid {
        Ok(slug)
    } else {
        Err("Die Kurzadresse darf nur Kleinbuchstaben ohne Umlaute, Ziffern und Bindestriche enthalten (2 bis 60 Zeichen), z. B. „nordmarkt“.".into())
    }
}

/// Makes a slug proposal from an area name: "Eving/Lindenhorst" → "eving-lindenhorst".
pub fn slug_from_name(name: &str) -> String {
    let mut slug = String::new();
    for c in name.trim().to_lowercase().chars() {
        match c {
            'ä' => slug.push_str("ae"),
            'ö' => slug.push_str("oe"),
            'ü' => slug.push_str("ue"),
            'ß' => slug.push_str("ss"),
            c if c.is_ascii_alphanumeric() => slug.push(c),
            _ if !slug.ends_with('-') && !slug.is_empty() => slug.push('-'),
            _ => {}
        }
    }
    slug.trim_end_matches('-').to_owned()
}

impl AreaFields {
    pub fn parse(
        name: &str,
        kind: &str,
        district: &str,
        social_space: &str,
        description: &str,
        contact: &str,
        errors: &mut FieldErrors,
    ) -> Option<Self> {
        let name = errors.check("name", required_text(name, "den Namen", 100));
        let kind = errors.check(
            "kind",
            AreaKind::parse(kind).ok_or("Bitte wählen Sie Aktionsraum oder Aktionsquartier."),
        );
        let district = errors.check(
            "district",
            DISTRICTS
                .iter()
                .find(|d| **d == district.trim())
                .map(|d| (*d).to_owned())
                .ok_or("Bitte wählen Sie einen der zwölf Stadtbezirke."),
        );
        let social_space = errors.check(
            "social_space",
            required_text(social_space, "den Sozialraum", 200),
        );
        let description = errors.check(
            "description",
            optional_text(description, "die Beschreibung", 5000),
        );
        let contact = errors.check("contact", optional_text(contact, "den Kontakt", 1000));
        Some(Self {
            name: name?,
            kind: kind?,
            district: district?,
            social_space: social_space?,
            description: description?,
            contact: contact?,
        })
    }

    /// A German summary of what differs from the current area, for the history; `None` if nothing.
    pub fn describe_changes(&self, current: &Area) -> Option<String> {
        let mut parts = Vec::new();
        if self.kind != current.kind {
            parts.push(format!(
                "vom {} in ein {} übergeleitet",
                current.kind.label(),
                self.kind.label()
            ));
        }
        if self.name != current.name {
            parts.push(format!(
                "umbenannt von „{}“ in „{}“",
                current.name, self.name
            ));
        }
        if self.district != current.district {
            parts.push(format!("Stadtbezirk jetzt {}", self.district));
        }
        if self.social_space != current.social_space {
            parts.push(format!("Sozialraum jetzt „{}“", self.social_space));
        }
        if self.description != current.description {
            parts.push("Beschreibung geändert".into());
        }
        if self.contact != current.contact {
            parts.push("Kontakt geändert".into());
        }
        if parts.is_empty() {
            None
        } else {
            let mut summary = parts.join("; ");
            if let Some(first) = summary.get(..1) {
                let upper = first.to_uppercase();
                summary.replace_range(..1, &upper);
            }
            Some(summary)
        }
    }
}

impl ChangeReason {
    pub fn parse(effective_on: &str, decision: &str, errors: &mut FieldErrors) -> Option<Self> {
        let effective_on = errors.check(
            "effective_on",
            parse_date(effective_on).ok_or(
                "Bitte geben Sie das Datum an, ab dem die Änderung gilt (z. B. 13.04.2021).",
            ),
        );
        let decision = errors.check(
            "decision",
            required_text(decision, "den Beschluss oder Anlass", 300),
        );
        Some(Self {
            effective_on: effective_on?,
            decision: decision?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hafen() -> Area {
        Area {
            id: 1,
            slug: "hafen".into(),
            name: "Hafen".into(),
            kind: AreaKind::Aktionsraum,
            district: "Innenstadt-Nord".into(),
            social_space: "statistischer Bezirk Hafen".into(),
            description: String::new(),
            contact: String::new(),
            retired_on: None,
        }
    }

    fn fields(kind: &str, errors: &mut FieldErrors) -> Option<AreaFields> {
        AreaFields::parse(
            "Hafen",
            kind,
            "Innenstadt-Nord",
            "statistischer Bezirk Hafen",
            "",
            "",
            errors,
        )
    }

    #[test]
    fn kind_change_is_described_in_german() {
        let mut errors = FieldErrors::new();
        let changed = fields("aktionsquartier", &mut errors).expect("valid");
        assert_eq!(
            changed.describe_changes(&hafen()).as_deref(),
            Some("Vom Aktionsraum in ein Aktionsquartier übergeleitet")
        );
        let same = fields("aktionsraum", &mut errors).expect("valid");
        assert_eq!(same.describe_changes(&hafen()), None);
    }

    #[test]
    fn invalid_fields_are_all_reported() {
        let mut errors = FieldErrors::new();
        let parsed = AreaFields::parse("", "dorf", "Paris", "", "", "", &mut errors);
        assert!(parsed.is_none());
        for field in ["name", "kind", "district", "social_space"] {
            assert!(errors.get(field).is_some(), "{field}");
        }
    }

    #[test]
    fn change_reason_needs_date_and_decision() {
        let mut errors = FieldErrors::new();
        let reason = ChangeReason::parse(
            "13.04.2021",
            "ASAG 13.04.2021, Drucksache Nr. 19100-20",
            &mut errors,
        );
        assert_eq!(
            reason.map(|r| r.effective_on),
            NaiveDate::from_ymd_opt(2021, 4, 13)
        );
        let mut errors = FieldErrors::new();
        assert!(ChangeReason::parse("", "", &mut errors).is_none());
        assert!(errors.get("effective_on").is_some() && errors.get("decision").is_some());
    }

    #[test]
    fn slugs() {
        assert_eq!(slug_from_name("Eving/Lindenhorst"), "eving-lindenhorst");
        assert_eq!(slug_from_name("Dorstfelder Brücke"), "dorstfelder-bruecke");
        assert_eq!(parse_slug("Hoerde"), Ok("hoerde".into()));
        assert!(parse_slug("hörde").is_err());
        assert!(parse_slug("-x").is_err());
    }
}
