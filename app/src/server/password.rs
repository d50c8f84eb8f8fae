//! argon2id password hashes at OWASP parameters, computed off the async workers.
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use std::sync::OnceLock;

/// OWASP recommendation: m = 19 MiB, t = 2, p = 1.
pub const MEMORY_KIB: u32 = 19_456;
pub const ITERATIONS: u32 = 2;
pub const PARALLELISM: u32 = 1;

fn hasher() -> Argon2<'static> {
    // The parameters are constants that argon2 accepts; a failure here is a programming error.
    let params =
        Params::new(MEMORY_KIB, ITERATIONS, PARALLELISM, None).expect("valid argon2 parameters");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Hashes a password into a PHC string (`$argon2id$v=19$m=19456,t=2,p=1$…`).
pub async fn hash(password: String) -> Result<String, String> {
    tokio::task::spawn_blocking(move || hash_blocking(&password))
        .await
        .map_err(|e| e.to_string())?
}

fn hash_blocking(password: &str) -> Result<String, String> {
    let salt = SaltString::generate(&mut rand::rngs::OsRng);
    hasher()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| e.to_string())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verification {
    Valid { needs_rehash: bool },
    Invalid,
}

/// Verifies a password against a stored hash; with `None` it verifies against a dummy hash, so
/// that an unknown e-mail costs the same time as a wrong password.
pub async fn verify(password: String, stored: Option<String>) -> Verification {
    tokio::task::spawn_blocking(move || verify_blocking(&password, stored.as_deref()))
        .await
        .unwrap_or(Verification::Invalid)
}

fn verify_blocking(password: &str, stored: Option<&str>) -> Verification {
    let known = stored.is_some();
    let stored = stored.unwrap_or_else(|| dummy_hash());
    let Ok(parsed) = PasswordHash::new(stored) else {
        return Verification::Invalid;
    };
    // Verify with the parameters in the stored hash, whatever they are.
    let ok = Argon2::default()
        .verify_password(password.as_bytes(), &parsed)
        .is_ok();
    if ok && known {
        Verification::Valid {
            needs_rehash: needs_rehash(&parsed),
        }
    } else {
        Verification::Invalid
    }
}

/// True when the stored hash is weaker than today's parameters or not argon2id.
fn needs_rehash(parsed: &PasswordHash<'_>) -> bool {
    if parsed.algorithm.as_str() != "argon2id" {
        return true;
    }
    match Params::try_from(parsed) {
        Ok(params) => {
            params.m_cost() < MEMORY_KIB
                || params.t_cost() < ITERATIONS
                || params.p_cost() < PARALLELISM
        }
        Err(_) => true,
    }
}

fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| {
        hash_blocking("kein echtes Passwort, nur für gleiche Laufzeit").unwrap_or_default()
    })
}

/// Reads the parameters of a stored PHC string, for tests and diagnostics.
pub fn parameters_of(stored: &str) -> Option<(String, u32, u32, u32)> {
    let parsed = PasswordHash::new(stored).ok()?;
    let params = Params::try_from(&parsed).ok()?;
    Some((
        parsed.algorithm.as_str().to_owned(),
        params.m_cost(),
        params.t_cost(),
        params.p_cost(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_with_owasp_parameters_and_verifies() {
        let stored = hash("Borsigplatz ist grün".into()).await.expect("hash");
        assert_eq!(
            parameters_of(&stored),
            Some(("argon2id".into(), 19_456, 2, 1))
        );
        assert_eq!(
            verify("Borsigplatz ist grün".into(), Some(stored.clone())).await,
            Verification::Valid {
                needs_rehash: false
            }
        );
        assert_eq!(
            verify("falsch".into(), Some(stored)).await,
            Verification::Invalid
        );
        assert_eq!(verify("egal".into(), None).await, Verification::Invalid);
    }

    #[tokio::test]
    async fn weaker_hashes_are_flagged_for_upgrade() {
        let weak = Argon2::new(
            Algorithm::Argon2id,
            Version::V0x13,
            Params::new(4096, 1, 1, None).expect("params"),
        );
        let salt = SaltString::generate(&mut rand::rngs::OsRng);
        let stored = weak
            .hash_password(b"Borsigplatz ist gruen", &salt)
            .expect("hash")
            .to_string();
        assert_eq!(
            verify("Borsigplatz ist gruen".into(), Some(stored)).await,
            Verification::Valid { needs_rehash: true }
        );
    }
}
