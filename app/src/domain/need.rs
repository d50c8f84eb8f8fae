//! Needs (Bedarfe) as stakeholders report them through the public form: the form's rules and the
//! reference numbers of the receipts.
use super::catalogue::NeedStatus;
use super::email::Email;
use super::field_of_action::FieldOfAction;
use super::validation::{FieldErrors, Problem};
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
    /// The second consent: short e-mail messages when something happens to the need.
    #[serde(default)]
    pub updates: Option<String>,
    /// The language the form was shown in ("de", "en", "tr", "ar").
    pub language: String,
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
    /// Where to send the e-mail updates the submitter asked for (its own consent, kept apart
    /// from the contact data staff see).
    pub updates_email: Option<String>,
    pub language: String,
}

impl SubmissionFields {
    /// All problems at once, each under its field; markup is plain text here (shown escaped).
    /// Each error names its [`Problem`], so that the form can tell it in the submitter's language.
    pub fn parse(input: &SubmissionInput, errors: &mut FieldErrors) -> Option<Self> {
        let field = FieldOfAction::parse_number(&input.field);
        if field.is_none() {
            errors.add_problem(
                "field",
                Problem::Missing,
                "Bitte wählen Sie eines der drei Handlungsfelder.",
            );
        }
        let title = required(
            errors,
            "title",
            &input.title,
            "Bitte geben Sie kurz an, was gebraucht wird.",
            ("den Titel", TITLE_MAX),
        );
        let description = required(
            errors,
            "description",
            &input.description,
            "Bitte beschreiben Sie den Bedarf in ein paar Sätzen.",
            ("die Beschreibung", DESCRIPTION_MAX),
        );
        let affected = errors.check_text(
            "affected",
            &input.affected,
            "die Angabe, wer betroffen ist",
            AFFECTED_MAX,
        );
        let organisation = errors.check_text(
            "organisation",
            &input.organisation,
            "die Organisation",
            ORGANISATION_MAX,
        );
        let name = errors.check_text("contact_name", &input.contact_name, "den Namen", NAME_MAX);
        let email = if input.contact_email.trim().is_empty() {
            Some(String::new())
        } else {
            match Email::parse(&input.contact_email) {
                Ok(email) => Some(email.as_str().to_owned()),
                Err(error) => {
                    errors.add_problem("contact_email", Problem::InvalidEmail, error.to_string());
                    None
                }
            }
        };
        let ticked = |box_: &Option<String>| box_.as_deref().is_some_and(|c| !c.is_empty());
        let (consent, updates) = (ticked(&input.consent), ticked(&input.updates));
        let name_given = !input.contact_name.trim().is_empty();
        let email_given = !input.contact_email.trim().is_empty();
        // The address may serve the updates alone; a name is only ever for questions.
        if (name_given || (email_given && !updates)) && !consent {
            errors.add_problem(
                "consent",
                Problem::ConsentMissing,
                "Wenn Sie Name oder E-Mail angeben, bestätigen Sie bitte die Einwilligung. Oder lassen Sie beide Felder leer.",
            );
        }
        if updates && !email_given {
            errors.add_problem(
                "contact_email",
                Problem::UpdatesNeedEmail,
                "Für Nachrichten per E-Mail geben Sie bitte Ihre E-Mail-Adresse an. Oder nehmen Sie den Haken bei den Nachrichten heraus.",
            );
        }
        let wants_contact = consent && (name_given || email_given);
        if !errors.is_empty() {
            return None;
        }
        let (name, email) = (name?, email?);
        let updates_email = updates.then(|| email.clone());
        Some(Self {
            field: field?,
            title: title?,
            description: description?,
            affected: affected?,
            organisation: organisation?,
            contact: wants_contact.then_some(SubmissionContact { name, email }),
            updates_email,
            language: language_tag(&input.language),
        })
    }
}

/// A language tag as our form sends it; anything else counts as German, the form's default.
fn language_tag(input: &str) -> String {
    let tag = input.trim();
    if (2..=3).contains(&tag.len()) && tag.chars().all(|c| c.is_ascii_lowercase()) {
        tag.to_owned()
    } else {
        "de".to_owned()
    }
}

/// A text the form requires: its own message when empty, else the rules of an optional text.
fn required(
    errors: &mut FieldErrors,
    field: &str,
    value: &str,
    missing: &str,
    (label, max): (&str, usize),
) -> Option<String> {
    if value.trim().is_empty() {
        errors.add_problem(field, Problem::Missing, missing);
        return None;
    }
    errors.check_text(field, value, label, max)
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
    /// The submitter asked for e-mail updates.
    #[serde(default)]
    pub with_updates: bool,
    /// The language the form was sent in; the receipt speaks it unless asked otherwise.
    pub language: String,
    /// The page that shows what became of the need ("Was ist aus meinem Bedarf geworden?").
    pub tracking_url: String,
    /// The same as a QR code (SVG), for the printout.
    #[serde(default)]
    pub tracking_qr_svg: String,
}

/// How many of an area's newest submissions its staff page shows; the catalogue pages all.
pub const AREA_SUBMISSIONS_SHOWN: usize = 50;

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
    /// The language of the form it was sent through ("de", "en", "tr", "ar").
    pub language: String,
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
        assert_eq!(fields.language, "de");
    }

    #[test]
    fn the_language_is_a_plain_tag_or_german() {
        for (sent, stored) in [
            ("ar", "ar"),
            (" tr ", "tr"),
            ("", "de"),
            ("<b>", "de"),
            ("english", "de"),
        ] {
            let mut errors = FieldErrors::new();
            let input = SubmissionInput {
                language: sent.into(),
                ..input()
            };
            let fields = SubmissionFields::parse(&input, &mut errors).expect("valid");
            assert_eq!(fields.language, stored, "{sent:?}");
        }
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
        // Every error says its kind, so that the form can tell it in other languages too.
        let problems: Vec<_> = errors
            .0
            .iter()
            .map(|e| (e.field.as_str(), e.problem))
            .collect();
        assert_eq!(
            problems,
            vec![
                ("field", Some(Problem::Missing)),
                ("title", Some(Problem::Missing)),
                ("description", Some(Problem::Missing)),
                ("affected", Some(Problem::TooLong { max: AFFECTED_MAX })),
                ("contact_email", Some(Problem::InvalidEmail)),
                ("consent", Some(Problem::ConsentMissing)),
            ]
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
        assert_eq!(fields.updates_email, None);
    }

    #[test]
    fn updates_need_an_address_and_their_own_consent_only() {
        // Updates alone: the address serves them, staff get no contact data.
        let mut updates_only = input();
        updates_only.contact_email = "Anna@Example.org".into();
        updates_only.updates = Some("ja".into());
        let mut errors = FieldErrors::new();
        let fields = SubmissionFields::parse(&updates_only, &mut errors).expect("valid");
        assert_eq!(fields.updates_email.as_deref(), Some("anna@example.org"));
        assert_eq!(fields.contact, None);

        // Both consents: both uses.
        updates_only.consent = Some("ja".into());
        updates_only.contact_name = "Anna Kaya".into();
        let mut errors = FieldErrors::new();
        let fields = SubmissionFields::parse(&updates_only, &mut errors).expect("valid");
        assert_eq!(fields.updates_email.as_deref(), Some("anna@example.org"));
        assert_eq!(fields.contact.map(|c| c.name), Some("Anna Kaya".to_owned()));

        // A name still needs the consent to questions.
        let mut name_too = input();
        name_too.contact_name = "Anna Kaya".into();
        name_too.contact_email = "anna@example.org".into();
        name_too.updates = Some("ja".into());
        let mut errors = FieldErrors::new();
        assert_eq!(SubmissionFields::parse(&name_too, &mut errors), None);
        assert!(errors.get("consent").is_some());

        // Updates without an address cannot be sent.
        let mut no_address = input();
        no_address.updates = Some("ja".into());
        let mut errors = FieldErrors::new();
        assert_eq!(SubmissionFields::parse(&no_address, &mut errors), None);
        assert_eq!(
            errors.0.first().map(|e| (e.field.as_str(), e.problem)),
            Some(("contact_email", Some(Problem::UpdatesNeedEmail)))
        );
    }

    #[test]
    fn references_count_per_year_with_four_digits() {
        assert_eq!(reference(2022, 42), "B-2022-0042");
        assert_eq!(reference(2026, 1), "B-2026-0001");
        assert_eq!(reference(2026, 12345), "B-2026-12345");
    }
}
