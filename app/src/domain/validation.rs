//! Field-level validation errors, shown next to the form field they belong to.
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
    /// What kind of problem it is, where a form shows its messages in other languages than
    /// German (the public needs form); the German message stays the authority for everybody else.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub problem: Option<Problem>,
}

/// Why a field was refused, independent of the language of the message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Problem {
    Missing,
    TooLong {
        max: usize,
    },
    ControlCharacters,
    InvalidEmail,
    ConsentMissing,
    /// E-mail updates were asked for without an address.
    UpdatesNeedEmail,
    /// The form came back faster than a person fills it in.
    SentTooFast,
    /// The form was open longer than its key lives.
    OpenTooLong,
    /// The form's key was spoiled on the way.
    ArrivedIncomplete,
    /// The form's key came back before with other content: sent again after a change.
    SentAgainChanged,
    /// The request could not be read as the form at all.
    Malformed,
}

/// Collects the errors of one form so that all of them are shown at once.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldErrors(pub Vec<FieldError>);

impl FieldErrors {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn single(field: &str, message: impl Into<String>) -> Self {
        let mut errors = Self::new();
        errors.add(field, message);
        errors
    }

    pub fn add(&mut self, field: &str, message: impl Into<String>) {
        self.0.push(FieldError {
            field: field.to_owned(),
            message: message.into(),
            problem: None,
        });
    }

    /// An error whose kind is known, so that it can also be told in other languages.
    pub fn add_problem(&mut self, field: &str, problem: Problem, message: impl Into<String>) {
        self.0.push(FieldError {
            field: field.to_owned(),
            message: message.into(),
            problem: Some(problem),
        });
    }

    /// Checks an optional text (see [`clean_text`]) and records what is wrong with it.
    pub fn check_text(
        &mut self,
        field: &str,
        value: &str,
        label: &str,
        max: usize,
    ) -> Option<String> {
        match clean_text(value, max) {
            Ok(text) => Some(text),
            Err(problem) => {
                self.add_problem(field, problem, text_message(problem, label));
                None
            }
        }
    }

    /// An e-mail address that may be left empty: `Some("")` when empty, the normalised address
    /// when valid, `None` (with the error recorded) otherwise.
    pub fn check_optional_email(&mut self, field: &str, value: &str) -> Option<String> {
        match value.trim() {
            "" => Some(String::new()),
            email => self
                .check(field, super::email::Email::parse(email))
                .map(|e| e.as_str().to_owned()),
        }
    }

    /// Records the error of a parse result and passes its value on.
    pub fn check<T, E: std::fmt::Display>(
        &mut self,
        field: &str,
        result: Result<T, E>,
    ) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(error) => {
                self.add(field, error.to_string());
                None
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn get(&self, field: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.message.as_str())
    }
}

/// A required single-line text: trimmed, not empty, at most `max` characters, no control characters.
pub fn required_text(value: &str, label: &str, max: usize) -> Result<String, String> {
    let trimmed = value.trim();
    if trimmed.is_empty() {
        return Err(format!("Bitte geben Sie {label} an."));
    }
    optional_text(trimmed, label, max)
}

/// An optional text: trimmed, at most `max` characters, no control characters except line breaks.
pub fn optional_text(value: &str, label: &str, max: usize) -> Result<String, String> {
    clean_text(value, max).map_err(|problem| text_message(problem, label))
}

/// The rules of [`optional_text`] without a message.
pub fn clean_text(value: &str, max: usize) -> Result<String, Problem> {
    let trimmed = value.trim();
    if trimmed.chars().count() > max {
        return Err(Problem::TooLong { max });
    }
    if trimmed
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
    {
        return Err(Problem::ControlCharacters);
    }
    Ok(trimmed.replace("\r\n", "\n"))
}

/// The German message for a text's problem; `label` with its article ("den Namen").
fn text_message(problem: Problem, label: &str) -> String {
    match problem {
        Problem::TooLong { max } => {
            format!(
                "{} darf höchstens {max} Zeichen lang sein.",
                capitalize(label)
            )
        }
        Problem::ControlCharacters => {
            format!("{} enthält unzulässige Steuerzeichen.", capitalize(label))
        }
        _ => format!("Bitte geben Sie {label} an."),
    }
}

fn capitalize(label: &str) -> String {
    // Labels are passed with their article ("den Namen"); the message starts with the noun.
    let noun = label.split_once(' ').map(|(_, rest)| rest).unwrap_or(label);
    let mut chars = noun.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_optional_email_may_be_empty_but_not_wrong() {
        let mut errors = FieldErrors::new();
        assert_eq!(
            errors.check_optional_email("mail", "  "),
            Some(String::new())
        );
        assert_eq!(
            errors.check_optional_email("mail", " Anna@Example.org "),
            Some("anna@example.org".to_owned())
        );
        assert!(errors.is_empty());
        assert_eq!(errors.check_optional_email("mail", "keine-adresse"), None);
        assert!(errors.get("mail").is_some());
    }

    #[test]
    fn required_text_trims_and_rejects_empty() {
        assert_eq!(
            required_text("  Hafen ", "den Namen", 10),
            Ok("Hafen".into())
        );
        assert_eq!(
            required_text("   ", "den Namen", 10),
            Err("Bitte geben Sie den Namen an.".into())
        );
    }

    #[test]
    fn text_length_counts_characters_not_bytes() {
        assert!(optional_text("Ääääää", "die Beschreibung", 6).is_ok());
        assert_eq!(
            optional_text("Ääääääx", "die Beschreibung", 6),
            Err("Beschreibung darf höchstens 6 Zeichen lang sein.".into())
        );
    }

    #[test]
    fn control_characters_are_refused_but_line_breaks_kept() {
        assert!(optional_text("a\u{0}b", "den Text", 10).is_err());
        assert_eq!(optional_text("a\r\nb", "den Text", 10), Ok("a\nb".into()));
    }

    #[test]
    fn field_errors_collect_and_find() {
        let mut errors = FieldErrors::new();
        assert_eq!(
            errors.check("name", required_text("x", "den Namen", 5)),
            Some("x".into())
        );
        assert_eq!(errors.check("email", Err::<(), _>("falsch")), None);
        assert_eq!(errors.get("email"), Some("falsch"));
        assert_eq!(errors.get("name"), None);
    }
}
