//! The second factor: time-based codes (TOTP, RFC 6238: SHA-1, six digits, 30 seconds, one step
//! of clock drift either way) from an authenticator app, and single-use recovery codes.
use crate::error::AppError;
use rand::Rng as _;
use rand::RngCore as _;
use totp_rs::{Algorithm, Builder, Secret, Totp};

/// The name authenticator apps show above the codes.
pub const ISSUER: &str = "Aktionsplan Dortmund";
/// How many recovery codes an account gets.
pub const RECOVERY_CODES: usize = 10;
/// Letters and digits that cannot be mistaken for each other when read from paper.
const RECOVERY_ALPHABET: &[u8] = b"23456789abcdefghjkmnpqrstuvwxyz";
const RECOVERY_LENGTH: usize = 12;

/// A new random secret (160 bits, as RFC 4226 recommends), base32 as apps expect it.
pub fn new_secret() -> String {
    let mut bytes = [0u8; 20];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    Secret::from(bytes).to_base32()
}

fn totp(secret: &str, account: &str) -> Result<Totp, AppError> {
    let bytes = Secret::try_from_base32(secret)
        .map_err(|e| AppError::internal(format!("TOTP secret: {e:?}")))?;
    Builder::new()
        .with_algorithm(Algorithm::SHA1)
        .with_digits(6)
        .with_skew(1)
        .with_step_duration(30)
        .with_secret(bytes)
        .with_account_name(account.replace(':', ""))
        .with_issuer(Some(ISSUER))
        .build()
        .map_err(|e| AppError::internal(format!("TOTP: {e:?}")))
}

/// The code an app shows at `unix` seconds (for tests and the command line's own checks).
pub fn code_at(secret: &str, unix: u64) -> Result<String, AppError> {
    Ok(totp(secret, "")?.generate(unix).to_string())
}

/// The time step of `code` if it is valid at `unix` (allowing one step of drift).
pub fn matching_step(secret: &str, code: &str, unix: u64) -> Result<Option<u64>, AppError> {
    let digits: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    Ok(totp(secret, "")?.check(&digits, unix))
}

/// Whether the input looks like a six-digit code (else it is tried as a recovery code).
pub fn looks_like_code(input: &str) -> bool {
    let digits: Vec<char> = input.chars().filter(|c| !c.is_whitespace()).collect();
    digits.len() == 6 && digits.iter().all(char::is_ascii_digit)
}

/// The `otpauth://` address the QR code carries.
pub fn otpauth_url(secret: &str, account: &str) -> Result<String, AppError> {
    totp(secret, account)?
        .to_url()
        .map_err(|e| AppError::internal(format!("otpauth: {e:?}")))
}

/// The secret in groups of four, for typing it into an app by hand.
pub fn grouped(secret: &str) -> String {
    secret
        .as_bytes()
        .chunks(4)
        .map(|chunk| String::from_utf8_lossy(chunk).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Fresh recovery codes, written `abcd-efgh-jkmn` (about 59 random bits each).
pub fn new_recovery_codes() -> Vec<String> {
    let mut rng = rand::rngs::OsRng;
    (0..RECOVERY_CODES)
        .map(|_| {
            let letters: String = (0..RECOVERY_LENGTH)
                .map(|_| char::from(RECOVERY_ALPHABET[rng.gen_range(0..RECOVERY_ALPHABET.len())]))
                .collect();
            format!("{}-{}-{}", &letters[0..4], &letters[4..8], &letters[8..12])
        })
        .collect()
}

/// A recovery code as typed (any case, with or without dashes and spaces) → what is hashed.
pub fn normalized_recovery_code(input: &str) -> String {
    input
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// The stored form of a recovery code: random enough that SHA-256 suffices, like link tokens.
pub fn recovery_code_hash(input: &str) -> Vec<u8> {
    super::token::hash(&normalized_recovery_code(input))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_match_the_test_vectors_of_rfc_6238() {
        // Appendix B: the SHA-1 key is the ASCII of "12345678901234567890"; the RFC lists eight
        // digits, apps show the last six.
        let secret = Secret::from(*b"12345678901234567890").to_base32();
        for (time, eight) in [
            (59, "94287082"),
            (1_111_111_109, "07081804"),
            (1_234_567_890, "89005924"),
            (2_000_000_000, "69279037"),
        ] {
            assert_eq!(code_at(&secret, time).expect("code"), eight[2..]);
        }
    }

    #[test]
    fn a_code_is_accepted_one_step_either_way_and_not_further() {
        let secret = new_secret();
        let now = 1_800_000_000;
        let code = code_at(&secret, now).expect("code");
        let step = now / 30;
        assert_eq!(matching_step(&secret, &code, now).expect("ok"), Some(step));
        assert_eq!(
            matching_step(&secret, &code, now + 30).expect("ok"),
            Some(step)
        );
        assert_eq!(
            matching_step(&secret, &code, now - 30).expect("ok"),
            Some(step)
        );
        assert_eq!(matching_step(&secret, &code, now + 90).expect("ok"), None);
        let spaced = format!("{} {}", &code[..3], &code[3..]);
        assert_eq!(
            matching_step(&secret, &spaced, now).expect("ok"),
            Some(step)
        );
        assert_eq!(matching_step(&secret, "12345", now).expect("ok"), None);
        assert!(looks_like_code(&spaced));
        assert!(!looks_like_code("abcd-efgh-jkmn"));
    }

    #[test]
    fn the_qr_address_names_the_issuer_and_account() {
        let secret = new_secret();
        assert_eq!(secret.len(), 32);
        let url = otpauth_url(&secret, "petra@stadt.example").expect("url");
        assert!(url.starts_with("otpauth://totp/"), "{url}");
        assert!(url.contains(&format!("secret={secret}")), "{url}");
        assert!(url.contains("issuer=Aktionsplan%20Dortmund"), "{url}");
        assert_eq!(grouped("ABCDEFGHIJ"), "ABCD EFGH IJ");
    }

    #[test]
    fn recovery_codes_are_distinct_readable_and_hashed_whatever_the_spelling() {
        let codes = new_recovery_codes();
        assert_eq!(codes.len(), RECOVERY_CODES);
        let mut unique = codes.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), RECOVERY_CODES);
        for code in &codes {
            assert_eq!(code.len(), 14);
            assert!(code
                .chars()
                .all(|c| c == '-' || RECOVERY_ALPHABET.contains(&(c as u8))));
        }
        let code = &codes[0];
        assert_eq!(
            recovery_code_hash(code),
            recovery_code_hash(&format!(" {} ", code.to_uppercase().replace('-', " ")))
        );
        assert_ne!(recovery_code_hash(code), recovery_code_hash(&codes[1]));
    }
}
