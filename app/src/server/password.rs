//! argon2id password hashes at OWASP parameters, computed off the async workers.
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use std::sync::OnceLock;
use std::time::Duration;
use tokio::sync::Semaphore;

/// Hashes computed at the same time. Each takes 19 MiB and a core for ~20 ms: more at once
/// only queue for the two cores while holding memory, so a burst of logins cannot grow the
/// process (200 parallel tries would otherwise need 3.8 GB).
pub const PARALLEL_HASHES: usize = 2;
static HASHING: Semaphore = Semaphore::const_new(PARALLEL_HASHES);

/// How long a login waits for its turn to be verified before it is told to try again.
const VERIFY_QUEUE_WAIT: Duration = Duration::from_secs(5);

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

/// Words of this city, this app and German password habits.
const LOCAL_WORDS: &[&str] = &[
    "dortmund",
    "borussia",
    "bvb",
    "schalke",
    "ruhrgebiet",
    "westfalen",
    "aktionsplan",
    "soziale",
    "stadt",
    "nordstadt",
    "passwort",
    "kennwort",
    "geheim",
    "hallo",
    "willkommen",
    "sommer",
    "winter",
    "fruehling",
    "herbst",
    "schatz",
    "liebe",
    "fussball",
];

/// Whether a new password would be guessed easily: zxcvbn (known breached passwords, words,
/// names, dates, keyboard walks, repeats) scores it below 3 of 4, counting the person's own name
/// and e-mail address as known words.
pub fn guessable(password: &str, user_inputs: &[&str]) -> bool {
    // "Anna Kaya" also as "annakaya"; "anna.kaya@stadt.example" also as "anna", "kaya", "stadt".
    let joined: Vec<String> = user_inputs
        .iter()
        .map(|input| input.chars().filter(|c| c.is_alphanumeric()).collect())
        .collect();
    let mut inputs: Vec<&str> = Vec::new();
    for (input, joined) in user_inputs.iter().zip(&joined) {
        inputs.push(input);
        inputs.push(joined);
        inputs.extend(
            input
                .split(|c: char| !c.is_alphanumeric())
                .filter(|part| part.chars().count() >= 3),
        );
    }
    // zxcvbn's word lists are English: the words a Dortmund password is likely built on count
    // as known too (after the person's own, which are the likeliest).
    inputs.extend_from_slice(LOCAL_WORDS);
    u8::from(zxcvbn::zxcvbn(password, &inputs).score()) < 3
}

/// What to tell about a guessable password.
pub fn guessable_message() -> &'static str {
    "Dieses Passwort ist zu leicht zu erraten (es ist bekannt, zu gewöhnlich oder enthält Ihren Namen). Bitte wählen Sie einen Satz aus mehreren Wörtern, der nur Ihnen etwas sagt."
}

/// The field error for a guessable password.
pub fn guessable_error() -> crate::error::AppError {
    crate::error::AppError::field("password", guessable_message())
}

type HashJob = Box<dyn FnOnce() + Send>;

/// The threads that compute hashes, one per turn. Always the same threads: each reuses the
/// 19 MiB its allocator kept from the hash before, so hashing holds at most
/// `PARALLEL_HASHES × 19 MiB` however many logins come (on the blocking pool, every new thread
/// kept its own copy, and a burst of logins grew the process by their number).
fn hashing_threads() -> Option<&'static std::sync::Mutex<std::sync::mpsc::Sender<HashJob>>> {
    static THREADS: OnceLock<Option<std::sync::Mutex<std::sync::mpsc::Sender<HashJob>>>> =
        OnceLock::new();
    THREADS
        .get_or_init(|| {
            let (jobs, receiver) = std::sync::mpsc::channel::<HashJob>();
            let receiver = std::sync::Arc::new(std::sync::Mutex::new(receiver));
            let mut started = 0;
            for n in 0..PARALLEL_HASHES {
                let receiver = receiver.clone();
                let spawned = std::thread::Builder::new()
                    .name(format!("argon2-{n}"))
                    .spawn(move || loop {
                        let next = receiver.lock().map(|r| r.recv());
                        match next {
                            // A panicking job drops its answer (the caller sees an error);
                            // the thread stays for the next.
                            Ok(Ok(job)) => {
                                let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(job));
                            }
                            _ => return,
                        }
                    });
                match spawned {
                    Ok(_) => started += 1,
                    Err(error) => tracing::error!(%error, "argon2 thread did not start"),
                }
            }
            (started > 0).then(|| std::sync::Mutex::new(jobs))
        })
        .as_ref()
}

/// Runs `work` on a hashing thread (on the blocking pool only if none could be started).
async fn on_hashing_thread<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Option<T> {
    let Some(threads) = hashing_threads() else {
        return tokio::task::spawn_blocking(work).await.ok();
    };
    let (answer, answered) = tokio::sync::oneshot::channel();
    let job: HashJob = Box::new(move || {
        let _ = answer.send(work());
    });
    threads.lock().ok()?.send(job).ok()?;
    answered.await.ok()
}

/// Hashes a password into a PHC string (`$argon2id$v=19$m=19456,t=2,p=1$…`).
pub async fn hash(password: String) -> Result<String, String> {
    let _turn = HASHING.acquire().await.map_err(|e| e.to_string())?;
    on_hashing_thread(move || hash_blocking(&password))
        .await
        .ok_or_else(|| "the hashing thread ended".to_owned())?
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
    Valid {
        needs_rehash: bool,
    },
    Invalid,
    /// Too many verifications are waiting: nothing was checked, try again later.
    Busy,
}

/// Verifies a password against a stored hash; with `None` it verifies against a dummy hash, so
/// that an unknown e-mail costs the same time as a wrong password.
pub async fn verify(password: String, stored: Option<String>) -> Verification {
    let Ok(Ok(_turn)) = tokio::time::timeout(VERIFY_QUEUE_WAIT, HASHING.acquire()).await else {
        return Verification::Busy;
    };
    on_hashing_thread(move || verify_blocking(&password, stored.as_deref()))
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
mod strength_tests {
    use super::guessable;

    #[test]
    fn known_and_personal_passwords_are_guessable_passphrases_are_not() {
        // zxcvbn counts every extra piece as much harder to guess (a password of five pieces
        // like "Anna.Kaya.1990" passes), so these are built of two or three known pieces.
        for weak in [
            "Passwort12345",
            "password1234",
            "qwertzuiop123",
            "Dortmund2022",
            "111111111111",
            "AnnaKaya1990",
            "anna.kaya@stadt.example",
        ] {
            assert!(
                guessable(weak, &["Anna Kaya", "anna.kaya@stadt.example"]),
                "{weak}"
            );
        }
        for strong in [
            "Borsigplatz ist grün",
            "Kai mag den Borsigplatz sehr",
            "Ein sicherer Satz für Dortmund",
        ] {
            assert!(
                !guessable(strong, &["Anna Kaya", "anna.kaya@stadt.example"]),
                "{strong}"
            );
        }
    }
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
