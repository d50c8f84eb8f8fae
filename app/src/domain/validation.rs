//! Field-level validation errors, shown next to the form field they belong to.
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
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
        });
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
    let trimmed = value.trim();
    if trimmed.chars().count() > max {
        return Err(format!(
            "{} darf höchstens {max} Zeichen lang sein.",
            capitalize(label)
        ));
    }
    if trimmed
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
    {
        return Err(format!(
            "{} enthält unzulässige Steuerzeichen.",
            capitalize(label)
        ));
    }
    Ok(trimmed.replace("\r\n", "\n"))
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
