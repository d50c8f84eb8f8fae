//! Needs (Bedarfe) as stakeholders report them through the public form: the form's rules and the
//! reference numbers of the receipts.
use super::catalogue::NeedStatus;
use super::email::Email;
use super::field_of_action::FieldOfAction;
use super::validation::{optional_text, FieldErrors};
use serde::{Deserialize, Serialize};

pub const TITLE_MAX: usize = 200;
pub const DESCRIPTION_MAX: usize = 4000;
pub const AFFECTED_MAX: usize = 1000;
pub const ORGANISATION_MAX: usize = 200;
pub const NAME_MAX: usize = 200;

/// What the needs form sends, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubmissionInput {
    pub field: String,
    pub title: String,
    pub description: String,
    pub affected: String,
    pub organisation: String,
    pub contact_name: String,
    pub contact_email: String,
    pub consent: Option<String>,
}

/// Name and e-mail for questions; kept only with consent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubmissionContact {
    pub name: String,
    pub email: String,
}

/// The checked form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubmissionFields {
    pub field: FieldOfAction,
    pub title: String,
    pub description: String,
    pub affected: String,
    pub organisation: String,
    pub contact: Option<SubmissionContact>,
}

impl SubmissionFields {
    /// All problems at once, each under its field; markup is plain text here (shown escaped).
    pub fn parse(input: &SubmissionInput, errors: &mut FieldErrors) -> Option<Self> {
        let field = errors.check(
            "field",
            FieldOfAction::parse_number(&input.field)
                .ok_or("Bitte wählen Sie eines der drei Handlungsfelder."),
        );
        let title = errors.check(
            "title",
            if input.title.trim().is_empty() {
                Err("Bitte geben Sie kurz an, was gebraucht wird.".to_owned())
            } else {
                optional_text(&input.title, "den Titel", TITLE_MAX)
            },
        );
        let description = errors.check(
            "description",
            if input.description.trim().is_empty() {
                Err("Bitte beschreiben Sie den Bedarf in ein paar Sätzen.".to_owned())
            } else {
                optional_text(&input.description, "die Beschreibung", DESCRIPTION_MAX)
            },
        );
        let affected = errors.check(
            "affected",
            optional_text(
                &input.affected,
                "die Angabe, wer betroffen ist",
                AFFECTED_MAX,
            ),
        );
        let organisation = errors.check(
            "organisation",
            optional_text(&input.organisation, "die Organisation", ORGANISATION_MAX),
        );
        let name = errors.check(
            "contact_name",
            optional_text(&input.contact_name, "den Namen", NAME_MAX),
        );
        let email = if input.contact_email.trim().is_empty() {
            Some(String::new())
        } else {
            errors.check(
                "contact_email",
                Email::parse(&input.contact_email).map(|e| e.as_str().to_owned()),
            )
        };
        let consent = input.consent.as_deref().is_some_and(|c| !c.is_empty());
        let wants_contact =
            !input.contact_name.trim().is_empty() || !input.contact_email.trim().is_empty();
        if wants_contact && !consent {
            errors.add(
                "consent",
                "Wenn Sie Name oder E-Mail angeben, bestätigen Sie bitte die Einwilligung. Oder lassen Sie beide Felder leer.",
            );
        }
        if !errors.is_empty() {
            return None;
        }
        let (name, email) = (name?, email?);
        Some(Self {
            field: field?,
            title: title?,
            description: description?,
            affected: affected?,
            organisation: organisation?,
            contact: wants_contact.then_some(SubmissionContact { name, email }),
        })
    }
}

/// "B-2022-0042": B for Bedarf, the year, a running number per year.
pub fn reference(year: i32, number: i64) -> String {
    format!("B-{year}-{number:04}")
}

/// What the receipt page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubmissionReceipt {
    pub reference: String,
    pub area_slug: String,
    pub area_name: String,
    pub field: FieldOfAction,
    pub title: String,
    pub with_contact: bool,
}

/// A submission as staff of the area see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubmissionView {
    pub id: i64,
    pub reference: String,
    pub field: FieldOfAction,
    pub title: String,
    pub description: String,
    pub affected: String,
    pub organisation: String,
    pub contact_name: String,
    pub contact_email: String,
    pub submitted_on: chrono::NaiveDate,
    /// The need in the catalogue it became, and where that stands in moderation.
    pub need_id: Option<i64>,
    pub status: NeedStatus,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> SubmissionInput {
        SubmissionInput {
            field: "2".into(),
            title: "Mehr Kita-Plätze".into(),
            description: "Auf der Warteliste stehen 40 Kinder.".into(),
            ..SubmissionInput::default()
        }
    }

    #[test]
    fn a_plain_need_without_contact_is_fine() {
        let mut errors = FieldErrors::new();
        let fields = SubmissionFields::parse(&input(), &mut errors).expect("valid");
        assert_eq!(fields.field, FieldOfAction::ParentsAndChildren);
        assert_eq!(fields.contact, None);
    }

    #[test]
    fn every_problem_is_named_at_its_field() {
        let mut errors = FieldErrors::new();
        let bad = SubmissionInput {
            field: "4".into(),
            title: " ".into(),
            description: String::new(),
            affected: "x".repeat(AFFECTED_MAX + 1),
            contact_email: "keine-adresse".into(),
            ..SubmissionInput::default()
        };
        assert_eq!(SubmissionFields::parse(&bad, &mut errors), None);
        for field in [
            "field",
            "title",
            "description",
            "affected",
            "contact_email",
            "consent",
        ] {
            assert!(errors.get(field).is_some(), "{field}: {errors:?}");
        }
        assert_eq!(
            errors.get("title"),
            Some("Bitte geben Sie kurz an, was gebraucht wird.")
        );
        assert_eq!(
            errors.get("description"),
            Some("Bitte beschreiben Sie den Bedarf in ein paar Sätzen.")
        );
    }

    #[test]
    fn contact_data_needs_consent_and_markup_stays_text() {
        let mut with_contact = input();
        with_contact.contact_name = "Anna <b>Kaya</b>".into();
        with_contact.contact_email = "Anna@Example.org".into();
        let mut errors = FieldErrors::new();
        assert_eq!(SubmissionFields::parse(&with_contact, &mut errors), None);
        assert!(errors.get("consent").is_some());

        with_contact.consent = Some("ja".into());
        let mut errors = FieldErrors::new();
        let fields = SubmissionFields::parse(&with_contact, &mut errors).expect("valid");
        assert_eq!(
            fields.contact,
            Some(SubmissionContact {
                name: "Anna <b>Kaya</b>".into(),
                email: "anna@example.org".into()
            })
        );

        // Consent alone stores nothing personal.
        let mut only_consent = input();
        only_consent.consent = Some("ja".into());
        let mut errors = FieldErrors::new();
        let fields = SubmissionFields::parse(&only_consent, &mut errors).expect("valid");
        assert_eq!(fields.contact, None);
    }

    #[test]
    fn references_count_per_year_with_four_digits() {
        assert_eq!(reference(2022, 42), "B-2022-0042");
        assert_eq!(reference(2026, 1), "B-2026-0001");
        assert_eq!(reference(2026, 12345), "B-2026-12345");
    }
}
