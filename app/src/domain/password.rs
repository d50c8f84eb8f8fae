//! Rules for a new password; the hash itself is made on the server.
use serde::{Deserialize, Serialize};

pub const MIN_PASSWORD_CHARS: usize = 12;
pub const MAX_PASSWORD_CHARS: usize = 128;

/// A password that satisfies our rules. Never logged, never serialised back to a client.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewPassword(String);

impl std::fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("NewPassword(***)")
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PasswordError {
    #[error("Das Passwort muss mindestens 12 Zeichen lang sein. Ein Satz aus mehreren Wörtern ist leicht zu merken.")]
    TooShort,
    #[error("Das Passwort darf höchstens 128 Zeichen lang sein.")]
    TooLong,
    #[error("Das Passwort ist zu einfach. Bitte wählen Sie ein Passwort mit mehr verschiedenen Zeichen.")]
    TooSimple,
    #[error("Die beiden Passwörter stimmen nicht überein. Bitte geben Sie es zweimal gleich ein.")]
    Mismatch,
}

impl NewPassword {
    /// Checks length (NIST SP 800-63B: length over composition rules) and trivially weak values;
    /// here in the browser as well as on the server.
    pub fn parse(password: &str, repeated: &str) -> Result<Self, PasswordError> {
        let chars = password.chars().count();
        if chars < MIN_PASSWORD_CHARS {
            return Err(PasswordError::TooShort);
        }
        if chars > MAX_PASSWORD_CHARS {
            return Err(PasswordError::TooLong);
        }
        let mut distinct: Vec<char> = password.chars().collect();
        distinct.sort_unstable();
        distinct.dedup();
        if distinct.len() < 5 {
            return Err(PasswordError::TooSimple);
        }
        // Known and guessable passwords are refused on the server (zxcvbn, `server::password`).
        if password != repeated {
            return Err(PasswordError::Mismatch);
        }
        Ok(Self(password.to_owned()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_long_passphrases() {
        let p = "Borsigplatz ist grün";
        assert!(NewPassword::parse(p, p).is_ok());
    }

    #[test]
    fn refuses_short_simple_and_mismatched() {
        assert_eq!(
            NewPassword::parse("kurz", "kurz"),
            Err(PasswordError::TooShort)
        );
        let same = "aaaaaaaaaaaaaaaa";
        assert_eq!(
            NewPassword::parse(same, same),
            Err(PasswordError::TooSimple)
        );
        assert_eq!(
            NewPassword::parse("Borsigplatz ist grün", "Borsigplatz ist gruen"),
            Err(PasswordError::Mismatch)
        );
        let long = "ab1!".repeat(40);
        assert_eq!(
            NewPassword::parse(&long, &long),
            Err(PasswordError::TooLong)
        );
    }

    #[test]
    fn debug_never_shows_the_password() {
        let p = "Borsigplatz ist grün";
        let parsed = NewPassword::parse(p, p).expect("valid");
        assert!(!format!("{parsed:?}").contains("Borsig"));
    }
}
