//! One-time keys for public forms: each rendered form carries when it was issued, a random key
//! and an HMAC over both, so the server can tell how long the form was open (bots are fast) and
//! store a form sent twice only once, without keeping anything until the form comes back.
use super::links::LinkKey;
use rand::RngCore as _;

/// Why a form key is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormKeyError {
    /// Altered, made up, or for another form.
    Invalid,
    /// Older than the form may stay open.
    Expired,
    /// Sent sooner after opening than a person can fill the form in.
    TooFast,
}

/// The parts of an accepted key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormKey {
    pub issued_at: i64,
    /// Random and unique per rendered form: the idempotency key and the receipt's secret.
    pub nonce: String,
}

fn mac(key: &LinkKey, purpose: &str, issued_at: i64, nonce: &str) -> String {
    key.token(format!("formular:{purpose}:{issued_at}:{nonce}").as_bytes())
}

impl FormKeyError {
    /// The error a public form answers with: told at the top of the form (field `form`), with
    /// its kind so that it can be told in the form's language.
    pub fn refused(self) -> crate::error::AppError {
        use crate::domain::validation::Problem;
        let (problem, message) = match self {
            FormKeyError::TooFast => (Problem::SentTooFast, "Das ging sehr schnell. Bitte prüfen Sie Ihre Angaben und senden Sie das Formular dann noch einmal ab."),
            FormKeyError::Expired => (Problem::OpenTooLong, "Das Formular war sehr lange geöffnet. Ihre Eingaben sind noch da – bitte senden Sie es noch einmal ab."),
            FormKeyError::Invalid => (Problem::ArrivedIncomplete, "Das Formular ist unvollständig angekommen. Bitte senden Sie es noch einmal ab; Ihre Eingaben sind noch da."),
        };
        crate::error::AppError::field_problem("form", problem, message)
    }
}

/// A key that came back before with other content: the person changed the form after sending
/// it (or two people share one key). Neither submission is dropped: the first is kept, this one
/// is told at the form's top, and sending again with the fresh key stores it as its own.
pub fn sent_again_changed() -> crate::error::AppError {
    use crate::domain::validation::Problem;
    crate::error::AppError::field_problem(
        "form",
        Problem::SentAgainChanged,
        "Dieses Formular wurde schon einmal mit anderem Inhalt abgeschickt. Ihre Eingaben sind noch da – bitte senden Sie das Formular noch einmal ab, dann wird es als neue Meldung gespeichert.",
    )
}

/// Nobody reads a public form and fills it in less time than this.
pub const MIN_FILL_SECS: i64 = 3;
/// A public form may stay open a whole day (a laptop left open at a meeting).
pub const MAX_OPEN_SECS: i64 = 24 * 3600;

/// The key of a public form (the needs form, "Barriere melden") with the public forms' timing,
/// or the error the form tells at its top.
pub fn verify_public(
    key: &LinkKey,
    purpose: &str,
    token: &str,
    now: i64,
) -> Result<FormKey, crate::error::AppError> {
    verify(key, purpose, token, now, MIN_FILL_SECS, MAX_OPEN_SECS).map_err(FormKeyError::refused)
}

/// A fresh key for a form about `purpose` (for example "bedarf:hafen"). The key is this
/// visitor's alone, so the answer that carries it is marked as such: a shared cache that handed
/// one key to several people would merge their forms into one.
pub fn issue(key: &LinkKey, purpose: &str, now: i64) -> String {
    super::request::mark_per_visitor();
    let mut bytes = [0u8; 24];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let nonce: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!("{now}.{nonce}.{}", mac(key, purpose, now, &nonce))
}

/// Checks a key sent back with a form.
pub fn verify(
    key: &LinkKey,
    purpose: &str,
    token: &str,
    now: i64,
    min_secs: i64,
    max_secs: i64,
) -> Result<FormKey, FormKeyError> {
    let mut parts = token.trim().splitn(3, '.');
    let (Some(issued), Some(nonce), Some(sent_mac)) = (parts.next(), parts.next(), parts.next())
    else {
        return Err(FormKeyError::Invalid);
    };
    let issued_at: i64 = issued.parse().map_err(|_| FormKeyError::Invalid)?;
    if nonce.len() != 48 || !nonce.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(FormKeyError::Invalid);
    }
    let expected = mac(key, purpose, issued_at, nonce);
    if !super::token::same_mac(&expected, sent_mac) {
        return Err(FormKeyError::Invalid);
    }
    let age = now - issued_at;
    if age < min_secs {
        return Err(FormKeyError::TooFast);
    }
    if age > max_secs {
        return Err(FormKeyError::Expired);
    }
    Ok(FormKey {
        issued_at,
        nonce: nonce.to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_tell_age_and_refuse_tampering() {
        let key = LinkKey::random();
        let token = issue(&key, "bedarf:hafen", 1_000);
        let ok = verify(&key, "bedarf:hafen", &token, 1_010, 3, 86_400).expect("valid");
        assert_eq!(ok.issued_at, 1_000);
        assert_eq!(ok.nonce.len(), 48);
        assert_ne!(
            issue(&key, "bedarf:hafen", 1_000),
            token,
            "every form gets its own key"
        );
        assert_eq!(
            verify(&key, "bedarf:hafen", &token, 1_001, 3, 86_400),
            Err(FormKeyError::TooFast)
        );
        assert_eq!(
            verify(&key, "bedarf:hafen", &token, 1_000 + 86_401, 3, 86_400),
            Err(FormKeyError::Expired)
        );
        assert_eq!(
            verify(&key, "bedarf:nordmarkt", &token, 1_010, 3, 86_400),
            Err(FormKeyError::Invalid),
            "a key for another area"
        );
        let older = token.replacen("1000.", "900.", 1);
        assert_eq!(
            verify(&key, "bedarf:hafen", &older, 1_010, 3, 86_400),
            Err(FormKeyError::Invalid),
            "a changed time"
        );
        assert_eq!(
            verify(&LinkKey::random(), "bedarf:hafen", &token, 1_010, 3, 86_400),
            Err(FormKeyError::Invalid),
            "another server's key"
        );
        for junk in ["", "abc", "1.2.3", "x.y.z.w"] {
            assert_eq!(
                verify(&key, "bedarf:hafen", junk, 1_010, 3, 86_400),
                Err(FormKeyError::Invalid)
            );
        }
    }
}
