//! The Erklärung zur Barrierefreiheit (its facts, kept by the Projektbüro) and the barriers people
//! report through its feedback form, each with the month the city has to answer in.
use crate::domain::validation::FieldErrors;
use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

/// How far the site meets BITV 2.0 (the three wordings of the EU model statement).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Conformity {
    Full,
    Partial,
    None,
}

impl Conformity {
    pub const ALL: [Conformity; 3] = [Conformity::Full, Conformity::Partial, Conformity::None];

    pub fn slug(self) -> &'static str {
        match self {
            Conformity::Full => "vollstaendig",
            Conformity::Partial => "teilweise",
            Conformity::None => "nicht",
        }
    }

    pub fn from_slug(slug: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.slug() == slug)
    }

    /// The choice on the Projektbüro's form.
    pub fn label(self) -> &'static str {
        match self {
            Conformity::Full => "vollständig vereinbar",
            Conformity::Partial => "teilweise vereinbar",
            Conformity::None => "nicht vereinbar",
        }
    }

    /// The sentence of the statement.
    pub fn sentence(self) -> &'static str {
        match self {
            Conformity::Full => "Diese Website ist mit den Anforderungen der BITV 2.0 und der BITV NRW vollständig vereinbar.",
            Conformity::Partial => "Diese Website ist wegen der folgenden Unvereinbarkeiten mit den Anforderungen der BITV 2.0 und der BITV NRW nur teilweise vereinbar.",
            Conformity::None => "Diese Website ist mit den Anforderungen der BITV 2.0 und der BITV NRW nicht vereinbar.",
        }
    }
}

/// The statement's facts as the Projektbüro keeps them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatementFacts {
    pub conformity: Conformity,
    /// When the site was last checked.
    pub assessed_on: NaiveDate,
    /// How it was checked.
    pub method: String,
    /// The parts not yet accessible, each with the reason and the alternative; one per paragraph.
    pub known_gaps: String,
    /// Where people write to the Projektbüro about barriers (may be empty: the form is enough).
    pub contact_email: String,
    pub contact_phone: String,
}

impl StatementFacts {
    /// The known gaps, one per paragraph (a blank line between them).
    pub fn gaps(&self) -> Vec<String> {
        paragraphs(&self.known_gaps)
    }

    pub fn method_paragraphs(&self) -> Vec<String> {
        paragraphs(&self.method)
    }
}

/// Text split at blank lines, each paragraph on one line.
pub fn paragraphs(text: &str) -> Vec<String> {
    text.replace("\r\n", "\n")
        .split("\n\n")
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .collect()
}

/// The statement as the public page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessibilityStatement {
    pub facts: StatementFacts,
    /// "06.12.2026" – when the facts were last changed (the statement's date).
    pub updated_on: String,
    /// For the Projektbüro: "zuletzt geändert am … von …"; empty on the public page.
    pub changed: String,
}

pub const METHOD_MAX: usize = 3000;
pub const GAPS_MAX: usize = 6000;
pub const FEEDBACK_MAX: usize = 4000;
pub const ANSWER_MAX: usize = 4000;

/// The Projektbüro's form for the statement, as sent.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatementInput {
    pub conformity: String,
    pub assessed_on: String,
    pub method: String,
    pub known_gaps: String,
    pub contact_email: String,
    pub contact_phone: String,
}

impl StatementInput {
    pub fn parse(&self, today: NaiveDate) -> Result<StatementFacts, FieldErrors> {
        let mut errors = FieldErrors::new();
        let conformity = Conformity::from_slug(self.conformity.trim());
        if conformity.is_none() {
            errors.add(
                "conformity",
                "Bitte wählen Sie, wie weit die Website die Anforderungen erfüllt.",
            );
        }
        let assessed_on = crate::domain::format::parse_date(&self.assessed_on);
        match assessed_on {
            None => errors.add(
                "assessed_on",
                "Bitte geben Sie das Datum der letzten Prüfung an, zum Beispiel 06.12.2026.",
            ),
            Some(date) if date > today => errors.add(
                "assessed_on",
                "Die Prüfung kann nicht in der Zukunft liegen. Bitte geben Sie das Datum an, an dem geprüft wurde.",
            ),
            Some(_) => {}
        }
        let method = errors.check_text(
            "method",
            &self.method,
            "die Beschreibung der Prüfung",
            METHOD_MAX,
        );
        if method.as_deref().is_some_and(str::is_empty) {
            errors.add("method", "Bitte beschreiben Sie kurz, wie geprüft wurde.");
        }
        let known_gaps = errors.check_text(
            "known_gaps",
            &self.known_gaps,
            "die Liste der Barrieren",
            GAPS_MAX,
        );
        let contact_email = errors.check_optional_email("contact_email", &self.contact_email);
        let contact_phone = errors.check_text(
            "contact_phone",
            &self.contact_phone,
            "die Telefonnummer",
            60,
        );
        match (
            conformity,
            assessed_on,
            method,
            known_gaps,
            contact_email,
            contact_phone,
        ) {
            (
                Some(conformity),
                Some(assessed_on),
                Some(method),
                Some(known_gaps),
                Some(contact_email),
                Some(contact_phone),
            ) if errors.is_empty() => {
                if conformity != Conformity::Full && known_gaps.is_empty() {
                    return Err(FieldErrors::single(
                        "known_gaps",
                        "Wenn die Website nicht vollständig vereinbar ist, nennen Sie bitte die Barrieren, ihre Gründe und die Alternativen.",
                    ));
                }
                Ok(StatementFacts {
                    conformity,
                    assessed_on,
                    method,
                    known_gaps,
                    contact_email,
                    contact_phone,
                })
            }
            _ => Err(errors),
        }
    }
}

/// Where a reported barrier stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum FeedbackState {
    New,
    InProgress,
    Answered,
}

impl FeedbackState {
    pub const ALL: [FeedbackState; 3] = [
        FeedbackState::New,
        FeedbackState::InProgress,
        FeedbackState::Answered,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            FeedbackState::New => "neu",
            FeedbackState::InProgress => "in_bearbeitung",
            FeedbackState::Answered => "beantwortet",
        }
    }

    pub fn from_slug(slug: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.slug() == slug)
    }

    pub fn label(self) -> &'static str {
        match self {
            FeedbackState::New => "neu",
            FeedbackState::InProgress => "in Bearbeitung",
            FeedbackState::Answered => "beantwortet",
        }
    }
}

/// The day by which a report received on `received_on` must be answered: one month later (the
/// 31st of a shorter month moves to its last day).
pub fn answer_due(received_on: NaiveDate) -> NaiveDate {
    received_on
        .checked_add_months(Months::new(1))
        .unwrap_or(received_on)
}

/// A barrier as reported through the public form.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedbackInput {
    pub page: String,
    pub description: String,
    pub contact_name: String,
    pub contact_email: String,
    pub consent: bool,
}

/// A report that passed the rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedbackFields {
    pub page: String,
    pub description: String,
    pub contact_name: String,
    pub contact_email: String,
    pub consent: bool,
}

impl FeedbackInput {
    pub fn parse(&self) -> Result<FeedbackFields, FieldErrors> {
        let mut errors = FieldErrors::new();
        let page = errors.check_text("page", &self.page, "die Seite", 500);
        let description = errors.check_text(
            "description",
            &self.description,
            "die Beschreibung",
            FEEDBACK_MAX,
        );
        if description.as_deref().is_some_and(str::is_empty) {
            errors.add(
                "description",
                "Bitte beschreiben Sie kurz, was nicht funktioniert hat.",
            );
        }
        let contact_name =
            errors.check_text("contact_name", &self.contact_name, "Ihren Namen", 200);
        let contact_email = errors.check_optional_email("contact_email", &self.contact_email);
        let gives_contact =
            !self.contact_name.trim().is_empty() || !self.contact_email.trim().is_empty();
        if gives_contact && !self.consent {
            errors.add(
                "consent",
                "Wenn Sie Namen oder E-Mail-Adresse angeben, bestätigen Sie bitte die Einwilligung. Oder lassen Sie beide Felder leer.",
            );
        }
        match (page, description, contact_name, contact_email) {
            (Some(page), Some(description), Some(contact_name), Some(contact_email))
                if errors.is_empty() =>
            {
                Ok(FeedbackFields {
                    page,
                    description,
                    consent: gives_contact,
                    contact_name,
                    contact_email,
                })
            }
            _ => Err(errors),
        }
    }
}

/// What the person who reported a barrier sees afterwards.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedbackReceipt {
    pub reference: String,
    pub received_on: String,
    pub due_on: String,
    pub with_contact: bool,
}

/// "R-2026-0007": the number a report is known by.
pub fn feedback_reference(year: i32, id: i64) -> String {
    format!("R-{year}-{id:04}")
}

/// One report in the Projektbüro's queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedbackItem {
    pub id: i64,
    pub reference: String,
    pub received: String,
    pub due_on: NaiveDate,
    /// Not answered and the due day has passed.
    pub overdue: bool,
    pub page: String,
    pub description: String,
    pub contact_name: String,
    pub contact_email: String,
    /// Contact data was given and erased since (retention or request).
    pub contact_erased: bool,
    pub state: FeedbackState,
    pub answer: String,
    /// "beantwortet am … von …", or who changed the state last.
    pub changed: String,
}

/// The queue as the Projektbüro sees it: the open ones first (soonest due first), then a page of
/// the answered ones.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedbackQueue {
    pub open: Vec<FeedbackItem>,
    pub answered: Vec<FeedbackItem>,
    pub answered_total: i64,
}

/// An answer or a change of state, as sent.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedbackUpdateInput {
    pub state: String,
    pub answer: String,
}

impl FeedbackUpdateInput {
    pub fn parse(&self) -> Result<(FeedbackState, String), FieldErrors> {
        let mut errors = FieldErrors::new();
        let state = FeedbackState::from_slug(self.state.trim());
        if state.is_none() {
            errors.add("state", "Bitte wählen Sie einen Stand.");
        }
        let answer = errors.check_text("answer", &self.answer, "die Antwort", ANSWER_MAX);
        match (state, answer) {
            (Some(FeedbackState::Answered), Some(answer)) if answer.is_empty() => Err(FieldErrors::single(
                "answer",
                "Bitte schreiben Sie die Antwort auf, bevor Sie die Rückmeldung als beantwortet markieren.",
            )),
            (Some(state), Some(answer)) if errors.is_empty() => Ok((state, answer)),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
    }

    #[test]
    fn an_answer_is_due_one_month_after_the_report() {
        assert_eq!(answer_due(date(2026, 12, 6)), date(2027, 1, 6));
        assert_eq!(answer_due(date(2027, 1, 31)), date(2027, 2, 28));
        assert_eq!(answer_due(date(2028, 1, 31)), date(2028, 2, 29));
    }

    fn statement(conformity: &str, gaps: &str) -> StatementInput {
        StatementInput {
            conformity: conformity.into(),
            assessed_on: "2026-12-01".into(),
            method: "Selbstbewertung".into(),
            known_gaps: gaps.into(),
            contact_email: "barrierefreiheit@stadt.example".into(),
            contact_phone: "0231 50-0".into(),
        }
    }

    #[test]
    fn the_statement_needs_its_facts_and_names_gaps_unless_fully_accessible() {
        let today = date(2026, 12, 6);
        let facts = statement("teilweise", "PDF\n\nVideo")
            .parse(today)
            .expect("valid");
        assert_eq!(facts.conformity, Conformity::Partial);
        assert_eq!(facts.gaps(), vec!["PDF", "Video"]);
        assert!(statement("vollstaendig", "").parse(today).is_ok());
        let errors = statement("teilweise", "  ")
            .parse(today)
            .expect_err("gaps missing");
        assert_eq!(errors.0[0].field, "known_gaps");

        let mut wrong = statement("irgendwie", "x");
        wrong.assessed_on = "2027-01-01".into();
        wrong.method = " ".into();
        wrong.contact_email = "keine-adresse".into();
        let errors = wrong.parse(today).expect_err("invalid");
        let fields: Vec<&str> = errors.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            vec!["conformity", "assessed_on", "method", "contact_email"]
        );
    }

    #[test]
    fn a_report_needs_a_description_and_consent_for_contact_data() {
        let plain = FeedbackInput {
            page: "/gebiete/hafen".into(),
            description: "Der Kontrast der Links ist zu schwach.".into(),
            ..Default::default()
        };
        let fields = plain.parse().expect("valid");
        assert!(!fields.consent);
        assert_eq!(fields.contact_email, "");

        let empty = FeedbackInput {
            description: "  ".into(),
            ..Default::default()
        };
        assert_eq!(empty.parse().expect_err("empty").0[0].field, "description");

        let without_consent = FeedbackInput {
            contact_email: "a@example.org".into(),
            ..plain.clone()
        };
        assert_eq!(
            without_consent.parse().expect_err("no consent").0[0].field,
            "consent"
        );

        let with_consent = FeedbackInput {
            consent: true,
            ..without_consent
        };
        let fields = with_consent.parse().expect("valid");
        assert!(fields.consent);
        assert_eq!(fields.contact_email, "a@example.org");

        let bad_address = FeedbackInput {
            contact_email: "a@b".into(),
            consent: true,
            ..plain
        };
        assert_eq!(
            bad_address.parse().expect_err("bad").0[0].field,
            "contact_email"
        );
    }

    #[test]
    fn answered_needs_an_answer() {
        let answered = FeedbackUpdateInput {
            state: "beantwortet".into(),
            answer: " ".into(),
        };
        assert_eq!(
            answered.parse().expect_err("no answer").0[0].field,
            "answer"
        );
        let working = FeedbackUpdateInput {
            state: "in_bearbeitung".into(),
            answer: String::new(),
        };
        assert_eq!(
            working.parse().expect("valid"),
            (FeedbackState::InProgress, String::new())
        );
        assert_eq!(feedback_reference(2026, 7), "R-2026-0007");
    }
}
