//! Organisations of the stakeholder directory and their contact people.
use super::email::Email;
use super::field_of_action::FieldOfAction;
use super::format::parse_date;
use super::validation::{optional_text, required_text, FieldErrors};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Organisations on one page of the directory.
pub const DIRECTORY_PAGE_SIZE: usize = 100;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum OrganisationKind {
    Welfare,
    School,
    Daycare,
    FamilyOffice,
    Jobcenter,
    Housing,
    Association,
    Initiative,
    Administration,
    Politics,
    Other,
}

impl OrganisationKind {
    pub const ALL: [OrganisationKind; 11] = [
        OrganisationKind::Welfare,
        OrganisationKind::School,
        OrganisationKind::Daycare,
        OrganisationKind::FamilyOffice,
        OrganisationKind::Jobcenter,
        OrganisationKind::Housing,
        OrganisationKind::Association,
        OrganisationKind::Initiative,
        OrganisationKind::Administration,
        OrganisationKind::Politics,
        OrganisationKind::Other,
    ];

    pub fn code(self) -> &'static str {
        match self {
            OrganisationKind::Welfare => "wohlfahrt",
            OrganisationKind::School => "schule",
            OrganisationKind::Daycare => "kita",
            OrganisationKind::FamilyOffice => "familienbuero",
            OrganisationKind::Jobcenter => "jobcenter",
            OrganisationKind::Housing => "wohnungsgesellschaft",
            OrganisationKind::Association => "verein",
            OrganisationKind::Initiative => "initiative",
            OrganisationKind::Administration => "verwaltung",
            OrganisationKind::Politics => "politik",
            OrganisationKind::Other => "sonstige",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            OrganisationKind::Welfare => "Träger der Wohlfahrtspflege",
            OrganisationKind::School => "Schule",
            OrganisationKind::Daycare => "Kita",
            OrganisationKind::FamilyOffice => "Familienbüro",
            OrganisationKind::Jobcenter => "Jobcenter",
            OrganisationKind::Housing => "Wohnungsgesellschaft",
            OrganisationKind::Association => "Verein",
            OrganisationKind::Initiative => "Initiative",
            OrganisationKind::Administration => "Verwaltung",
            OrganisationKind::Politics => "Politik",
            OrganisationKind::Other => "Sonstige",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrganisationSummary {
    pub id: i64,
    pub name: String,
    pub kind: OrganisationKind,
    pub area_names: Vec<String>,
    pub contact_count: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contact {
    pub id: i64,
    pub name: String,
    pub function: String,
    pub email: String,
    pub phone: String,
    pub consent_on: NaiveDate,
    pub consent_purpose: String,
    pub consent_recorded_by: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Organisation {
    pub id: i64,
    pub name: String,
    pub kind: OrganisationKind,
    pub notes: String,
    pub area_ids: Vec<i64>,
    pub fields: Vec<FieldOfAction>,
    pub contacts: Vec<Contact>,
    pub erasures: i64,
}

/// The checked input of the organisation form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrganisationFields {
    pub name: String,
    pub kind: OrganisationKind,
    pub notes: String,
    pub area_slugs: Vec<String>,
    pub fields: Vec<FieldOfAction>,
}

impl OrganisationFields {
    pub fn parse(
        name: &str,
        kind: &str,
        notes: &str,
        area_slugs: Vec<String>,
        field_numbers: &[String],
        errors: &mut FieldErrors,
    ) -> Option<Self> {
        let name = errors.check("name", required_text(name, "den Namen", 200));
        let kind = errors.check(
            "kind",
            OrganisationKind::parse(kind).ok_or("Bitte wählen Sie die Art der Organisation."),
        );
        let notes = errors.check("notes", optional_text(notes, "die Notizen", 2000));
        if area_slugs.is_empty() {
            errors.add(
                "areas",
                "Bitte wählen Sie mindestens ein Gebiet, in dem die Organisation aktiv ist.",
            );
        }
        let mut fields = Vec::new();
        for number in field_numbers {
            match FieldOfAction::parse_number(number) {
                Some(field) if !fields.contains(&field) => fields.push(field),
                Some(_) => {}
                None => errors.add(
                    "fields",
                    "Bitte wählen Sie nur die angebotenen Handlungsfelder.",
                ),
            }
        }
        fields.sort_by_key(|f| f.number());
        if !errors.is_empty() {
            return None;
        }
        Some(Self {
            name: name?,
            kind: kind?,
            notes: notes?,
            area_slugs,
            fields,
        })
    }
}

/// The checked input of the contact form; consent is required before anything personal is kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactFields {
    pub name: String,
    pub function: String,
    pub email: String,
    pub phone: String,
    pub consent_on: NaiveDate,
    pub consent_purpose: String,
}

impl ContactFields {
    pub fn parse(
        name: &str,
        function: &str,
        email: &str,
        phone: &str,
        consent_on: &str,
        consent_purpose: &str,
        errors: &mut FieldErrors,
    ) -> Option<Self> {
        let name = errors.check("name", required_text(name, "den Namen", 200));
        let function = errors.check("function", optional_text(function, "die Funktion", 200));
        let email = if email.trim().is_empty() {
            Some(String::new())
        } else {
            errors.check("email", Email::parse(email).map(|e| e.as_str().to_owned()))
        };
        let phone = errors.check("phone", parse_phone(phone));
        let consent_on = errors.check(
            "consent_on",
            parse_date(consent_on).ok_or(
                "Bitte geben Sie an, wann die Person eingewilligt hat (zum Beispiel 14.02.2022).",
            ),
        );
        let consent_purpose = errors.check(
            "consent_purpose",
            required_text(consent_purpose, "den Zweck der Einwilligung", 500),
        );
        if !errors.is_empty() {
            return None;
        }
        Some(Self {
            name: name?,
            function: function?,
            email: email?,
            phone: phone?,
            consent_on: consent_on?,
            consent_purpose: consent_purpose?,
        })
    }
}

/// Digits, spaces and the usual separators; at most 40 characters.
fn parse_phone(input: &str) -> Result<String, String> {
    let phone = optional_text(input, "die Telefonnummer", 40)?;
    if phone
        .chars()
        .all(|c| c.is_ascii_digit() || " +-/()".contains(c))
    {
        Ok(phone)
    } else {
        Err("Die Telefonnummer darf nur Ziffern, Leerzeichen und + - / ( ) enthalten.".into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip_through_their_codes() {
        for kind in OrganisationKind::ALL {
            assert_eq!(OrganisationKind::parse(kind.code()), Some(kind));
        }
        assert_eq!(OrganisationKind::parse("firma"), None);
    }

    #[test]
    fn organisation_needs_name_kind_and_an_area() {
        let mut errors = FieldErrors::new();
        let parsed = OrganisationFields::parse(" ", "firma", "", vec![], &[], &mut errors);
        assert_eq!(parsed, None);
        assert!(errors.get("name").is_some());
        assert!(errors.get("kind").is_some());
        assert!(errors.get("areas").is_some());

        let mut errors = FieldErrors::new();
        let parsed = OrganisationFields::parse(
            "AWO Unterbezirk",
            "wohlfahrt",
            "",
            vec!["hafen".into()],
            &["3".into(), "1".into(), "3".into()],
            &mut errors,
        )
        .expect("valid");
        assert_eq!(
            parsed.fields,
            vec![FieldOfAction::Work, FieldOfAction::Cohesion]
        );
    }

    #[test]
    fn contact_requires_consent_and_checks_email_and_phone() {
        let mut errors = FieldErrors::new();
        let parsed =
            ContactFields::parse("Anna Kaya", "", "kein-at", "0231/ab", "", "", &mut errors);
        assert_eq!(parsed, None);
        assert!(errors.get("email").is_some());
        assert!(errors.get("phone").is_some());
        assert!(errors.get("consent_on").is_some());
        assert!(errors.get("consent_purpose").is_some());

        let mut errors = FieldErrors::new();
        let parsed = ContactFields::parse(
            "Anna Kaya",
            "Leitung",
            "",
            "+49 231 / 50-12345",
            "14.02.2022",
            "Einladungen zu Akteursgesprächen",
            &mut errors,
        )
        .expect("valid");
        assert_eq!(parsed.email, "");
        assert_eq!(
            parsed.consent_on,
            NaiveDate::from_ymd_opt(2022, 2, 14).expect("date")
        );
    }
}
