//! The login's second step: a code from the authenticator app or a recovery code, and setting
//! the factor up (at the first login of an account that needs it, or later by choice).
use crate::domain::policy;
use crate::domain::user::{FactorAlerts, Role};
use crate::error::AppError;
use crate::server::db::{now_unix, Db};
use crate::server::rate_limit::WindowLimiter;
use crate::server::repo::second_factor::{self as repo, Challenge};
use crate::server::sealed::SealingKey;
use crate::server::second_factor as totp;
use crate::server::{session, token};
use sqlx::SqliteConnection;
use std::net::IpAddr;

/// A login waits this long for its code…
pub const CHALLENGE_SECS: i64 = 5 * 60;
/// …and ends after this many wrong codes (the password must be given again).
pub const MAX_WRONG_CODES: i64 = 5;
/// Wrong codes in a row, across logins, after which the account's factor is locked until the
/// Projektbüro resets it. With the password known, 20 guesses of a six-digit code succeed with a
/// chance of about 1 in 16,000 (3 codes valid at a time), instead of 4 % a day without a lock.
pub const LOCK_AFTER_WRONG_CODES: i64 = 20;

/// Where a login stands after the right password.
#[derive(Debug, PartialEq, Eq)]
pub enum LoginStep {
    /// No second factor needed: the session token.
    SignedIn(String),
    /// The account's code is needed: the challenge token for the cookie.
    CodeNeeded(String),
    /// The account must set the factor up first: the challenge token for the cookie.
    SetupNeeded(String),
}

#[cfg(test)]
impl LoginStep {
    /// The session of a login that needed no second factor.
    pub fn signed_in(self) -> String {
        match self {
            LoginStep::SignedIn(session) => session,
            other => panic!("expected a session, got {other:?}"),
        }
    }
}

/// What a finished second step gives: the session, and the recovery codes to show once (after
/// a setup) or how many are left (after one was used).
#[derive(Debug)]
pub struct Confirmed {
    pub user_id: i64,
    pub session: String,
    pub new_recovery_codes: Option<Vec<String>>,
    pub recovery_codes_left: Option<i64>,
}

/// What the setup page shows: the secret for the app, as QR code and as text.
pub struct SetupOffer {
    pub account: String,
    pub secret: String,
    pub otpauth_url: String,
}

/// The step after a right password, inside the caller's write transaction.
pub async fn after_password(
    conn: &mut SqliteConnection,
    seeds: &SealingKey,
    user_id: i64,
    role: Role,
    has_second_factor: bool,
    for_coordinators: bool,
) -> Result<LoginStep, sqlx::Error> {
    if has_second_factor {
        let challenge = open_challenge(conn, seeds, user_id, None).await?;
        Ok(LoginStep::CodeNeeded(challenge))
    } else if policy::second_factor_required(role, for_coordinators) {
        let secret = totp::new_secret();
        let challenge = open_challenge(conn, seeds, user_id, Some(&secret)).await?;
        Ok(LoginStep::SetupNeeded(challenge))
    } else {
        Ok(LoginStep::SignedIn(session::create(conn, user_id).await?))
    }
}

async fn open_challenge(
    conn: &mut SqliteConnection,
    seeds: &SealingKey,
    user_id: i64,
    offered_secret: Option<&str>,
) -> Result<String, sqlx::Error> {
    let challenge = token::generate();
    let now = now_unix();
    repo::delete_expired_challenges(conn, now).await?;
    let sealed = offered_secret.map(|secret| seeds.seal(secret, &offered_for(user_id)));
    repo::insert_challenge(
        conn,
        &token::hash(&challenge),
        user_id,
        now + CHALLENGE_SECS,
        sealed.as_deref(),
    )
    .await?;
    Ok(challenge)
}

/// What a seed is sealed for: the account's own, or one offered to it while setting up.
fn seed_of(user_id: i64) -> String {
    format!("konto:{user_id}")
}

fn offered_for(user_id: i64) -> String {
    format!("angebot:{user_id}")
}

/// A sealed seed opened; one that does not open (the database restored without its key file,
/// see the README's backup section) stops the login with an internal error in the log.
fn open_seed(seeds: &SealingKey, stored: &str, bound_to: &str) -> Result<String, AppError> {
    seeds.open(stored, bound_to).map_err(|_| {
        AppError::internal(
            "a second-factor seed does not open: is the link key the one that belongs to this database?",
        )
    })
}

/// The challenge with its seeds opened.
fn opened(seeds: &SealingKey, mut found: Challenge) -> Result<Challenge, AppError> {
    if let Some(offered) = &found.offered_secret {
        found.offered_secret = Some(open_seed(seeds, offered, &offered_for(found.user_id))?);
    }
    if let Some(secret) = &found.totp_secret {
        found.totp_secret = Some(open_seed(seeds, secret, &seed_of(found.user_id))?);
    }
    Ok(found)
}

async fn find(db: &Db, challenge: &str) -> Result<Challenge, AppError> {
    let mut conn = db.read().await?;
    let found = repo::find_challenge(&mut conn, &token::hash(challenge), now_unix())
        .await?
        .ok_or(AppError::LoginExpired)?;
    opened(db.seeds(), found)
}

/// Seals the seeds stored before sealing (at start-up, once the server knows its key).
pub async fn seal_stored_seeds(db: &Db) -> Result<u64, AppError> {
    let mut tx = db.write().await?;
    let plain = repo::unsealed_seeds(&mut tx).await?;
    for (user_id, seed) in &plain {
        repo::store_seed(
            &mut tx,
            *user_id,
            &db.seeds().seal(seed, &seed_of(*user_id)),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(plain.len() as u64)
}

/// The secret a login that must set the factor up is offered.
pub async fn offer(db: &Db, challenge: &str) -> Result<SetupOffer, AppError> {
    let found = find(db, challenge).await?;
    let Some(secret) = found.offered_secret else {
        return Err(AppError::LoginExpired);
    };
    Ok(SetupOffer {
        otpauth_url: totp::otpauth_url(&secret, &found.email)?,
        account: found.email,
        secret,
    })
}

/// Whether the challenge waits for a code (`false`: it waits for the factor to be set up).
pub async fn waits_for_code(db: &Db, challenge: &str) -> Result<bool, AppError> {
    Ok(find(db, challenge).await?.offered_secret.is_none())
}

/// Checks the code for a login waiting in `challenge`: an app code (each works once) or an
/// unused recovery code; while setting up, only a code of the offered secret. Wrong codes
/// count against the same limits as wrong passwords.
pub async fn confirm(
    db: &Db,
    limiter: &WindowLimiter,
    challenge: &str,
    code: &str,
    ip: Option<IpAddr>,
) -> Result<Confirmed, AppError> {
    if code.len() > 100 {
        return Err(wrong_code());
    }
    let found = find(db, challenge).await?;
    let keys = super::auth::take_login_try(limiter, &found.email, ip)?;

    let challenge_hash = token::hash(challenge);
    let now = now_unix();
    let unix = u64::try_from(now).unwrap_or_default();
    let mut tx = db.write().await?;
    // Read again inside the transaction: a parallel request may have used the challenge.
    let Some(found) = repo::find_challenge(&mut tx, &challenge_hash, now).await? else {
        return Err(AppError::LoginExpired);
    };
    let found = opened(db.seeds(), found)?;
    let mut confirmed = Confirmed {
        user_id: found.user_id,
        session: String::new(),
        new_recovery_codes: None,
        recovery_codes_left: None,
    };
    let accepted = if let Some(offered) = &found.offered_secret {
        match step_of(offered, code, unix)? {
            Some(step) => {
                let codes = totp::new_recovery_codes();
                let hashes: Vec<Vec<u8>> =
                    codes.iter().map(|c| totp::recovery_code_hash(c)).collect();
                let sealed = db.seeds().seal(offered, &seed_of(found.user_id));
                repo::enrol(&mut tx, found.user_id, &sealed, Some(step), &hashes).await?;
                confirmed.new_recovery_codes = Some(codes);
                true
            }
            None => false,
        }
    } else if let Some(secret) = &found.totp_secret {
        if found.totp_locked_at.is_some() {
            repo::delete_challenge(&mut tx, &challenge_hash).await?;
            tx.commit().await?;
            super::auth::give_back_login_try(limiter, &keys);
            return Err(AppError::SecondFactorLocked);
        }
        match code_matches(&mut tx, found.user_id, secret, code, now).await? {
            CodeMatch::App => true,
            CodeMatch::Recovery { left } => {
                confirmed.recovery_codes_left = Some(left);
                true
            }
            CodeMatch::Wrong => false,
        }
    } else {
        // The factor was removed while the login waited.
        repo::delete_challenge(&mut tx, &challenge_hash).await?;
        tx.commit().await?;
        return Err(AppError::LoginExpired);
    };

    if !accepted {
        let failures = repo::count_failure(&mut tx, &challenge_hash).await?;
        // Counted per account too (not while setting up: there is no factor to guess yet).
        let locked = if found.offered_secret.is_none() {
            let (in_a_row, locked) =
                repo::count_wrong_code(&mut tx, found.user_id, LOCK_AFTER_WRONG_CODES, now).await?;
            if locked {
                repo::delete_challenges_of(&mut tx, found.user_id).await?;
                tracing::warn!(
                    user_id = found.user_id,
                    wrong_codes = in_a_row,
                    "second factor locked after wrong codes in a row; the Projektbüro must reset it"
                );
            }
            locked
        } else {
            false
        };
        let ended = failures >= MAX_WRONG_CODES;
        if ended && !locked {
            repo::delete_challenge(&mut tx, &challenge_hash).await?;
        }
        tx.commit().await?;
        return Err(if locked {
            AppError::SecondFactorLocked
        } else if ended {
            AppError::LoginExpired
        } else {
            wrong_code()
        });
    }
    repo::accept_login(&mut tx, found.user_id).await?;
    repo::delete_challenges_of(&mut tx, found.user_id).await?;
    confirmed.session = session::create(&mut tx, found.user_id).await?;
    tx.commit().await?;
    super::auth::give_back_login_try(limiter, &keys);
    tracing::info!(
        user_id = found.user_id,
        set_up = confirmed.new_recovery_codes.is_some(),
        recovery_code = confirmed.recovery_codes_left.is_some(),
        "second factor confirmed"
    );
    Ok(confirmed)
}

/// How a code matched the account's factor.
enum CodeMatch {
    /// A code of the app, not used before (now used).
    App,
    /// An unused recovery code (now used), with how many are left.
    Recovery {
        left: i64,
    },
    Wrong,
}

/// Checks a code against the account's (opened) seed and its recovery codes, inside the
/// caller's write transaction; a matching code is used up.
async fn code_matches(
    tx: &mut SqliteConnection,
    user_id: i64,
    secret: &str,
    code: &str,
    now: i64,
) -> Result<CodeMatch, AppError> {
    let unix = u64::try_from(now).unwrap_or_default();
    if totp::looks_like_code(code) {
        return Ok(match step_of(secret, code, unix)? {
            Some(step) if repo::accept_step(tx, user_id, step).await? => CodeMatch::App,
            _ => CodeMatch::Wrong,
        });
    }
    if repo::use_recovery_code(tx, user_id, &totp::recovery_code_hash(code), now).await? {
        let left = repo::recovery_codes_left(tx, user_id).await?;
        return Ok(CodeMatch::Recovery { left });
    }
    Ok(CodeMatch::Wrong)
}

/// How long a code given for a sensitive action covers the next ones (step-up).
pub const STEP_UP_SECS: i64 = 5 * 60;

/// The field error of a sensitive action without a current code.
pub fn code_needed() -> AppError {
    AppError::field(
        "step_up_code",
        "Bitte geben Sie einen aktuellen Code aus Ihrer App ein (oder einen Wiederherstellungscode): Diese Aktion gibt Macht über Konten und braucht deshalb eine Bestätigung. Sie gilt dann fünf Minuten lang für weitere solche Aktionen.",
    )
}

/// Step-up for a sensitive action in the session `session_hash`: a code given now is checked
/// (wrong ones count towards the lock like at login) and remembered for [`STEP_UP_SECS`];
/// without one, a code given in the last five minutes of this session must exist.
pub async fn step_up(
    db: &Db,
    user_id: i64,
    session_hash: &[u8],
    code: &str,
    now: i64,
) -> Result<(), AppError> {
    use crate::server::repo::sessions;
    let code = code.trim();
    if code.is_empty() {
        let mut conn = db.read().await?;
        let confirmed = sessions::code_confirmed_at(&mut conn, session_hash).await?;
        return match confirmed {
            Some(at) if now - at < STEP_UP_SECS && at <= now => Ok(()),
            _ => Err(code_needed()),
        };
    }
    if code.len() > 100 {
        return Err(code_needed());
    }
    let mut tx = db.write().await?;
    let Some((stored, locked)) = repo::factor_of(&mut tx, user_id).await? else {
        return Err(AppError::Conflict(
            "Für Ihr Konto ist kein zweiter Faktor eingerichtet. Richten Sie ihn bitte zuerst unter „Anmeldung absichern“ ein.".into(),
        ));
    };
    if locked {
        return Err(AppError::SecondFactorLocked);
    }
    let secret = open_seed(db.seeds(), &stored, &seed_of(user_id))?;
    match code_matches(&mut tx, user_id, &secret, code, now).await? {
        CodeMatch::App | CodeMatch::Recovery { .. } => {
            repo::accept_login(&mut tx, user_id).await?;
            sessions::mark_code_confirmed(&mut tx, session_hash, now).await?;
            tx.commit().await?;
            tracing::info!(user_id, "step-up code confirmed");
            Ok(())
        }
        CodeMatch::Wrong => {
            let (_, locked) =
                repo::count_wrong_code(&mut tx, user_id, LOCK_AFTER_WRONG_CODES, now).await?;
            if locked {
                crate::server::repo::sessions::delete_for_user(&mut tx, user_id).await?;
                tracing::warn!(
                    user_id,
                    "second factor locked after wrong step-up codes; sessions ended"
                );
            }
            tx.commit().await?;
            Err(if locked {
                AppError::SecondFactorLocked
            } else {
                AppError::field(
                    "step_up_code",
                    "Der Code stimmt nicht. Bitte geben Sie den Code ein, den Ihre App gerade zeigt (jeder Code gilt nur einmal), oder einen Wiederherstellungscode.",
                )
            })
        }
    }
}

fn step_of(secret: &str, code: &str, unix: u64) -> Result<Option<i64>, AppError> {
    Ok(totp::matching_step(secret, code, unix)?.and_then(|step| i64::try_from(step).ok()))
}

fn wrong_code() -> AppError {
    AppError::field(
        "code",
        "Der Code stimmt nicht. Bitte geben Sie den Code ein, den Ihre App gerade zeigt (jeder Code gilt nur einmal), oder einen Ihrer Wiederherstellungscodes.",
    )
}

/// Tells the owner and the Projektbüro by e-mail of each factor locked since the last round
/// (the worker of `--smtp-url` calls it); how many locks were told. A lock whose mails fail is
/// told again in the next round.
pub async fn tell_locks(
    db: &Db,
    mailer: &crate::server::mail::Mailer,
    public_url: &str,
    now: i64,
) -> Result<usize, AppError> {
    let (locks, office) = {
        let mut conn = db.read().await?;
        let locks = repo::untold_locks(&mut conn).await?;
        if locks.is_empty() {
            return Ok(0);
        }
        (locks, repo::office_addresses(&mut conn).await?)
    };
    let mut told = Vec::new();
    for lock in &locks {
        let since =
            crate::domain::format::date_time_de(crate::domain::schedule::to_local(lock.locked_at));
        let own = mailer
            .send_plain(
                &lock.email,
                "Ihr zweiter Faktor ist gesperrt",
                &format!(
                    "Guten Tag {name},\n\nfür Ihr Konto im Aktionsplan Soziale Stadt wurde {LOCK_AFTER_WRONG_CODES}-mal hintereinander ein falscher Code eingegeben. Der zweite Faktor ist deshalb seit {since} gesperrt.\n\nWenn Sie das nicht selbst waren, kennt jemand Ihr Passwort. Bitte rufen Sie das Projektbüro an: Es setzt den zweiten Faktor zurück und gibt Ihnen einen Link für ein neues Passwort.\n\n{public_url}\n",
                    name = lock.name
                ),
            )
            .await;
        let mut sent = own.is_ok();
        for address in office.iter().filter(|a| **a != lock.email) {
            sent &= mailer
                .send_plain(
                    address,
                    &format!("Zweiter Faktor gesperrt: {}", lock.name),
                    &format!(
                        "Guten Tag,\n\nfür das Konto von {name} ({email}) wurde {LOCK_AFTER_WRONG_CODES}-mal hintereinander ein falscher Code eingegeben; der zweite Faktor ist seit {since} gesperrt.\n\nBitte sprechen Sie die Person an (telefonisch, nicht per E-Mail), bevor Sie den zweiten Faktor unter {public_url}/intern/benutzer/{id} zurücksetzen: Vielleicht kennt jemand ihr Passwort.\n",
                        name = lock.name,
                        email = lock.email,
                        id = lock.user_id
                    ),
                )
                .await
                .is_ok();
        }
        if sent {
            told.push(lock.user_id);
        } else {
            tracing::warn!(
                user_id = lock.user_id,
                "telling of a locked second factor failed; tried again"
            );
        }
    }
    if told.is_empty() {
        return Ok(0);
    }
    let mut tx = db.write().await?;
    for user_id in &told {
        repo::mark_lock_told(&mut tx, *user_id, now).await?;
    }
    tx.commit().await?;
    Ok(told.len())
}

/// The wrong codes entered before this account's last login (told once), and for the
/// Projektbüro the accounts whose factor is locked.
pub async fn alerts(
    db: &Db,
    user: &crate::domain::user::CurrentUser,
) -> Result<FactorAlerts, AppError> {
    let mut conn = db.read().await?;
    let wrong = repo::wrong_codes_seen(&mut conn, user.id).await?;
    let locked = if policy::is_project_office(user) {
        repo::locked_accounts(&mut conn)
            .await?
            .into_iter()
            .map(|(id, name, at)| {
                let since =
                    crate::domain::format::date_time_de(crate::domain::schedule::to_local(at));
                (id, name, since)
            })
            .collect()
    } else {
        Vec::new()
    };
    drop(conn);
    if wrong > 0 {
        let mut tx = db.write().await?;
        repo::clear_wrong_codes_seen(&mut tx, user.id).await?;
        tx.commit().await?;
    }
    Ok(FactorAlerts {
        wrong_codes_before_login: wrong,
        locked,
    })
}

/// New recovery codes for a signed-in account with the factor set up; the old ones stop
/// working. Returns the codes to show once.
pub async fn renew_recovery_codes(db: &Db, user_id: i64) -> Result<Vec<String>, AppError> {
    let codes = totp::new_recovery_codes();
    let hashes: Vec<Vec<u8>> = codes.iter().map(|c| totp::recovery_code_hash(c)).collect();
    let mut tx = db.write().await?;
    if !repo::is_set_up(&mut tx, user_id).await? {
        return Err(AppError::Conflict(
            "Für Ihr Konto ist noch kein zweiter Faktor eingerichtet.".into(),
        ));
    }
    repo::replace_recovery_codes(&mut tx, user_id, &hashes).await?;
    tx.commit().await?;
    Ok(codes)
}

/// How the account's factor stands: set up, and how many recovery codes are unused.
pub async fn status(db: &Db, user_id: i64) -> Result<(bool, i64), AppError> {
    let mut conn = db.read().await?;
    let set_up = repo::is_set_up(&mut conn, user_id).await?;
    let left = repo::recovery_codes_left(&mut conn, user_id).await?;
    Ok((set_up, left))
}

/// Removes an account's factor (the command line's `user reset-mfa`, for a lost phone and lost
/// codes) and ends its sessions: the next login sets the factor up again where it is required.
pub async fn reset(db: &Db, user_id: i64) -> Result<bool, AppError> {
    let mut tx = db.write().await?;
    let removed = repo::remove(&mut tx, user_id).await?;
    crate::server::repo::sessions::delete_for_user(&mut tx, user_id).await?;
    tx.commit().await?;
    Ok(removed)
}

/// Starts setting up the factor for a signed-in account that has none (a coordinator who wants
/// one): a challenge with an offered secret, confirmed like at login.
pub async fn begin_setup(db: &Db, user_id: i64) -> Result<String, AppError> {
    let mut tx = db.write().await?;
    if repo::is_set_up(&mut tx, user_id).await? {
        return Err(AppError::Conflict(
            "Für Ihr Konto ist der zweite Faktor schon eingerichtet.".into(),
        ));
    }
    let secret = totp::new_secret();
    let challenge = open_challenge(&mut tx, db.seeds(), user_id, Some(&secret)).await?;
    tx.commit().await?;
    Ok(challenge)
}

/// Gives an account a known secret at once (the demo data and tests sign in with it; real
/// accounts set it up with their app at login). Returns the recovery codes.
pub async fn enrol_with_secret(
    db: &Db,
    user_id: i64,
    secret: &str,
) -> Result<Vec<String>, AppError> {
    totp::code_at(secret, 0)?;
    let codes = totp::new_recovery_codes();
    let hashes: Vec<Vec<u8>> = codes.iter().map(|c| totp::recovery_code_hash(c)).collect();
    let sealed = db.seeds().seal(secret, &seed_of(user_id));
    let mut tx = db.write().await?;
    repo::enrol(&mut tx, user_id, &sealed, None, &hashes).await?;
    tx.commit().await?;
    Ok(codes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::server::services::auth;
    use crate::server::services::test_support::{fresh_db, make_user};
    use std::time::Duration;

    const PASSWORD: &str = "Borsigplatz ist grün";

    fn limiter() -> WindowLimiter {
        WindowLimiter::new(10, Duration::from_secs(60))
    }

    async fn password_step(db: &Db, limiter: &WindowLimiter, email: &str) -> LoginStep {
        auth::login(db, limiter, email, PASSWORD.into(), None, false)
            .await
            .expect("right password")
    }

    fn code(secret: &str, offset_secs: i64) -> String {
        totp::code_at(
            secret,
            u64::try_from(now_unix() + offset_secs).expect("time"),
        )
        .expect("code")
    }

    /// Logs the Projektbüro account in for the first time, setting the factor up; returns the
    /// secret and the recovery codes.
    async fn set_up(db: &Db, limiter: &WindowLimiter, email: &str) -> (String, Vec<String>) {
        let LoginStep::SetupNeeded(challenge) = password_step(db, limiter, email).await else {
            panic!("the Projektbüro must set up the second factor");
        };
        let secret = offer(db, &challenge).await.expect("offer").secret;
        let confirmed = confirm(db, limiter, &challenge, &code(&secret, 0), None)
            .await
            .expect("first code");
        assert!(session::resolve(db, &confirmed.session)
            .await
            .expect("ok")
            .is_some());
        (
            secret,
            confirmed.new_recovery_codes.expect("codes shown once"),
        )
    }

    fn challenge_of(step: LoginStep) -> String {
        match step {
            LoginStep::CodeNeeded(challenge) => challenge,
            other => panic!("expected the code step, got {other:?}"),
        }
    }

    #[tokio::test]
    async fn the_project_office_sets_the_factor_up_at_first_login_and_then_needs_a_code_each_time()
    {
        let (_dir, db) = fresh_db().await;
        make_user(&db, "petra@stadt.example", Role::ProjectOffice, &[]).await;
        let limiter = limiter();

        let LoginStep::SetupNeeded(challenge) =
            password_step(&db, &limiter, "petra@stadt.example").await
        else {
            panic!("setup expected");
        };
        let offered = offer(&db, &challenge).await.expect("offer");
        assert_eq!(offered.account, "petra@stadt.example");
        assert!(offered.otpauth_url.contains(&offered.secret));
        // Another secret's code does not set it up.
        let wrong = confirm(
            &db,
            &limiter,
            &challenge,
            &code(&totp::new_secret(), 0),
            None,
        )
        .await;
        assert!(wrong.expect_err("wrong").field_message("code").is_some());
        let confirmed = confirm(&db, &limiter, &challenge, &code(&offered.secret, 0), None)
            .await
            .expect("set up");
        let codes = confirmed.new_recovery_codes.expect("codes");
        assert_eq!(codes.len(), 10);
        // The challenge is used up.
        assert_eq!(
            confirm(&db, &limiter, &challenge, &code(&offered.secret, 0), None)
                .await
                .expect_err("used"),
            AppError::LoginExpired
        );

        // Next login: the password alone gives no session.
        let challenge = challenge_of(password_step(&db, &limiter, "petra@stadt.example").await);
        // The code that set the factor up was used; it does not work a second time.
        assert!(
            confirm(&db, &limiter, &challenge, &code(&offered.secret, 0), None)
                .await
                .is_err()
        );
        // The app's next code does (one step of drift is allowed).
        let confirmed = confirm(&db, &limiter, &challenge, &code(&offered.secret, 30), None)
            .await
            .expect("next code");
        assert!(confirmed.new_recovery_codes.is_none());
        assert!(confirmed.recovery_codes_left.is_none());
        // An older code is refused after a newer one was accepted.
        let challenge = challenge_of(password_step(&db, &limiter, "petra@stadt.example").await);
        assert!(
            confirm(&db, &limiter, &challenge, &code(&offered.secret, -30), None)
                .await
                .is_err()
        );
    }

    #[tokio::test]
    async fn a_recovery_code_works_once_in_any_spelling() {
        let (_dir, db) = fresh_db().await;
        make_user(&db, "petra@stadt.example", Role::ProjectOffice, &[]).await;
        let limiter = limiter();
        let (_secret, codes) = set_up(&db, &limiter, "petra@stadt.example").await;

        let challenge = challenge_of(password_step(&db, &limiter, "petra@stadt.example").await);
        let typed = codes[3].to_uppercase().replace('-', " ");
        let confirmed = confirm(&db, &limiter, &challenge, &typed, None)
            .await
            .expect("recovery code");
        assert_eq!(confirmed.recovery_codes_left, Some(9));

        let challenge = challenge_of(password_step(&db, &limiter, "petra@stadt.example").await);
        assert!(confirm(&db, &limiter, &challenge, &codes[3], None)
            .await
            .is_err());
        assert_eq!(
            confirm(&db, &limiter, &challenge, &codes[4], None)
                .await
                .expect("another code")
                .recovery_codes_left,
            Some(8)
        );

        // New codes replace all old ones.
        let user_id = confirmed.user_id;
        let renewed = renew_recovery_codes(&db, user_id).await.expect("renew");
        assert_eq!(status(&db, user_id).await.expect("status"), (true, 10));
        let challenge = challenge_of(password_step(&db, &limiter, "petra@stadt.example").await);
        assert!(confirm(&db, &limiter, &challenge, &codes[5], None)
            .await
            .is_err());
        assert!(confirm(&db, &limiter, &challenge, &renewed[0], None)
            .await
            .is_ok());
    }

    #[tokio::test]
    async fn five_wrong_codes_end_the_login_and_wrong_codes_count_like_wrong_passwords() {
        let (_dir, db) = fresh_db().await;
        make_user(&db, "petra@stadt.example", Role::ProjectOffice, &[]).await;
        let limiter = WindowLimiter::new(8, Duration::from_secs(60));
        let (secret, _) = set_up(&db, &limiter, "petra@stadt.example").await;

        let challenge = challenge_of(password_step(&db, &limiter, "petra@stadt.example").await);
        for _ in 0..MAX_WRONG_CODES - 1 {
            let error = confirm(&db, &limiter, &challenge, "000000", None)
                .await
                .expect_err("wrong");
            assert!(error.field_message("code").is_some(), "{error:?}");
        }
        assert_eq!(
            confirm(&db, &limiter, &challenge, "000000", None)
                .await
                .expect_err("fifth"),
            AppError::LoginExpired
        );
        // Even the right code no longer finishes this login.
        assert_eq!(
            confirm(&db, &limiter, &challenge, &code(&secret, 30), None)
                .await
                .expect_err("ended"),
            AppError::LoginExpired
        );
        // Five wrong codes were counted for the account: three more tries (of eight), then
        // even the right password waits.
        for _ in 0..3 {
            let challenge = challenge_of(password_step(&db, &limiter, "petra@stadt.example").await);
            assert!(confirm(&db, &limiter, &challenge, "111111", None)
                .await
                .is_err());
        }
        assert!(matches!(
            auth::login(
                &db,
                &limiter,
                "petra@stadt.example",
                PASSWORD.into(),
                None,
                false
            )
            .await,
            Err(AppError::TooManyRequests { .. })
        ));
    }

    #[tokio::test]
    async fn a_code_sent_twice_at_once_signs_in_once() {
        let (_dir, db) = fresh_db().await;
        make_user(&db, "petra@stadt.example", Role::ProjectOffice, &[]).await;
        let limiter = std::sync::Arc::new(limiter());
        let (secret, _) = set_up(&db, &limiter, "petra@stadt.example").await;
        let first = challenge_of(password_step(&db, &limiter, "petra@stadt.example").await);
        let second = challenge_of(password_step(&db, &limiter, "petra@stadt.example").await);
        let next = code(&secret, 30);
        let tries = [first, second].map(|challenge| {
            let (db, limiter, next) = (db.clone(), limiter.clone(), next.clone());
            tokio::spawn(async move { confirm(&db, &limiter, &challenge, &next, None).await })
        });
        let mut signed_in = 0;
        for attempt in tries {
            if attempt.await.expect("task").is_ok() {
                signed_in += 1;
            }
        }
        assert_eq!(signed_in, 1);
    }

    #[tokio::test]
    async fn coordinators_need_the_factor_only_when_the_city_says_so() {
        let (_dir, db) = fresh_db().await;
        make_user(&db, "kai@stadt.example", Role::Coordinator, &["hafen"]).await;
        let limiter = limiter();
        let step = auth::login(
            &db,
            &limiter,
            "kai@stadt.example",
            PASSWORD.into(),
            None,
            false,
        )
        .await
        .expect("login");
        assert!(matches!(step, LoginStep::SignedIn(_)));
        let step = auth::login(
            &db,
            &limiter,
            "kai@stadt.example",
            PASSWORD.into(),
            None,
            true,
        )
        .await
        .expect("login");
        assert!(matches!(step, LoginStep::SetupNeeded(_)));
    }

    #[tokio::test]
    async fn a_coordinator_may_set_the_factor_up_and_then_needs_it() {
        let (_dir, db) = fresh_db().await;
        let kai = make_user(&db, "kai@stadt.example", Role::Coordinator, &["hafen"]).await;
        let limiter = limiter();
        let challenge = begin_setup(&db, kai).await.expect("begin");
        let secret = offer(&db, &challenge).await.expect("offer").secret;
        confirm(&db, &limiter, &challenge, &code(&secret, 0), None)
            .await
            .expect("set up");
        assert!(matches!(
            begin_setup(&db, kai).await,
            Err(AppError::Conflict(_))
        ));
        let step = password_step(&db, &limiter, "kai@stadt.example").await;
        assert!(matches!(step, LoginStep::CodeNeeded(_)), "{step:?}");
    }

    #[tokio::test]
    async fn a_reset_ends_sessions_and_the_next_login_sets_the_factor_up_again() {
        let (_dir, db) = fresh_db().await;
        make_user(&db, "petra@stadt.example", Role::ProjectOffice, &[]).await;
        let limiter = limiter();
        let (secret, _) = set_up(&db, &limiter, "petra@stadt.example").await;
        let challenge = challenge_of(password_step(&db, &limiter, "petra@stadt.example").await);
        let session = confirm(&db, &limiter, &challenge, &code(&secret, 30), None)
            .await
            .expect("login")
            .session;
        let waiting = challenge_of(password_step(&db, &limiter, "petra@stadt.example").await);

        let user_id = session::resolve(&db, &session)
            .await
            .expect("ok")
            .expect("user")
            .id;
        assert!(reset(&db, user_id).await.expect("reset"));
        assert_eq!(session::resolve(&db, &session).await.expect("ok"), None);
        assert_eq!(
            confirm(&db, &limiter, &waiting, &code(&secret, 30), None)
                .await
                .expect_err("ended"),
            AppError::LoginExpired
        );
        assert!(matches!(
            password_step(&db, &limiter, "petra@stadt.example").await,
            LoginStep::SetupNeeded(_)
        ));
        assert!(!reset(&db, user_id).await.expect("nothing left to reset"));
    }

    #[tokio::test]
    async fn a_login_waits_five_minutes_and_not_for_a_locked_account() {
        let (_dir, db) = fresh_db().await;
        let id = make_user(&db, "petra@stadt.example", Role::ProjectOffice, &[]).await;
        let limiter = limiter();
        let (secret, _) = set_up(&db, &limiter, "petra@stadt.example").await;

        let challenge = challenge_of(password_step(&db, &limiter, "petra@stadt.example").await);
        sqlx::query("UPDATE login_challenges SET expires_at = ?")
            .bind(now_unix() - 1)
            .execute(&mut *db.writer().await.expect("writer"))
            .await
            .expect("age");
        assert_eq!(
            confirm(&db, &limiter, &challenge, &code(&secret, 30), None)
                .await
                .expect_err("expired"),
            AppError::LoginExpired
        );

        let challenge = challenge_of(password_step(&db, &limiter, "petra@stadt.example").await);
        sqlx::query("UPDATE users SET disabled_at = '2026-12-05T00:00:00Z' WHERE id = ?")
            .bind(id)
            .execute(&mut *db.writer().await.expect("writer"))
            .await
            .expect("lock");
        assert_eq!(
            confirm(&db, &limiter, &challenge, &code(&secret, 30), None)
                .await
                .expect_err("locked"),
            AppError::LoginExpired
        );
    }
}
