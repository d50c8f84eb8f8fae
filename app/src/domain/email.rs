//! An e-mail address that can only hold a plausible, normalised address.
use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Email(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EmailError {
    #[error("Bitte geben Sie eine E-Mail-Adresse an.")]
    Empty,
    #[error("Die E-Mail-Adresse ist zu lang (höchstens 254 Zeichen).")]
    TooLong,
    #[error("Das ist keine gültige E-Mail-Adresse. Beispiel: name@dortmund.de")]
    Invalid,
}

impl Email {
    /// Trims, lower-cases and checks the shape `local@domain.tld` (RFC 5321 lengths).
    pub fn parse(input: &str) -> Result<Self, EmailError> {
        let value = input.trim().to_lowercase();
        if value.is_empty() {
            return Err(EmailError::Empty);
        }
        if value.chars().count() > 254 {
            return Err(EmailError::TooLong);
        }
        let (local, domain) = value.split_once('@').ok_or(EmailError::Invalid)?;
        let local_ok = !local.is_empty()
            && local.len() <= 64
            && !local.starts_with('.')
            && !local.ends_with('.')
            && !local.contains("..")
            && local
                .chars()
                .all(|c| c.is_alphanumeric() || "!#$%&'*+-/=?^_`{|}~.".contains(c));
        let labels: Vec<&str> = domain.split('.').collect();
        let domain_ok = labels.len() >= 2
            && labels.iter().all(|label| {
                !label.is_empty()
                    && label.len() <= 63
                    && !label.starts_with('-')
                    && !label.ends_with('-')
                    && label.chars().all(|c| c.is_alphanumeric() || c == '-')
            })
            && labels.last().is_some_and(|tld| tld.chars().count() >= 2);
        if local_ok && domain_ok {
            Ok(Self(value))
        } else {
            Err(EmailError::Invalid)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_and_normalises_ordinary_addresses() {
        let email = Email::parse("  Anna.Schmidt@Dortmund.DE ").expect("valid");
        assert_eq!(email.as_str(), "anna.schmidt@dortmund.de");
        assert!(Email::parse("m+test@stadt-dortmund.de").is_ok());
        assert!(Email::parse("jürgen@müller.de").is_ok());
    }

    #[test]
    fn refuses_malformed_addresses() {
        for bad in [
            "anna",
            "anna@",
            "@dortmund.de",
            "anna@dortmund",
            "anna@@dortmund.de",
            "an na@dortmund.de",
            ".anna@dortmund.de",
            "anna..s@dortmund.de",
            "anna@-dortmund.de",
            "anna@dortmund.d",
            "<script>@x.de",
        ] {
            assert_eq!(Email::parse(bad), Err(EmailError::Invalid), "{bad}");
        }
        assert_eq!(Email::parse("   "), Err(EmailError::Empty));
        let long = format!("{}@dortmund.de", "a".repeat(250));
        assert_eq!(Email::parse(&long), Err(EmailError::TooLong));
    }
}
