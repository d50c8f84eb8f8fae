//! Login, logout, first-start setup and password reset.
use crate::domain::user::CurrentUser;
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
mod ssr {
    use crate::error::AppError;
    use crate::server::request::state;
    use crate::server::services::second_factor::LoginStep;
    use crate::server::session;
    use http::header::SET_COOKIE;
    use http::HeaderValue;

    /// Tells the browser to drop what it keeps for this site (localStorage with unsent record
    /// snapshots, the service worker and its cached record pages): they hold attendees' names.
    pub fn clear_site_data() {
        if let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
            response.insert_header(
                http::HeaderName::from_static("clear-site-data"),
                HeaderValue::from_static("\"cache\", \"storage\""),
            );
        }
    }

    /// Sets the session cookie on the response of the current server function.
    pub fn set_session_cookie(token: &str) {
        if let (Ok(state), Some(response)) = (
            state(),
            leptos::prelude::use_context::<leptos_axum::ResponseOptions>(),
        ) {
            if let Ok(value) = HeaderValue::from_str(&session::set_cookie_header(
                token,
                state.config.secure_cookies(),
            )) {
                response.append_header(SET_COOKIE, value);
            }
        }
    }

    fn append_cookie(header: String) {
        if let (Ok(value), Some(response)) = (
            HeaderValue::from_str(&header),
            leptos::prelude::use_context::<leptos_axum::ResponseOptions>(),
        ) {
            response.append_header(SET_COOKIE, value);
        }
    }

    /// Continues a login after the password (or a setup or reset link): signed in, or on to
    /// the second factor with a short-lived cookie naming the waiting login.
    pub fn continue_login(step: LoginStep, next: &str) -> Result<(), AppError> {
        let secure = state()?.config.secure_cookies();
        let weiter = crate::api::urlencode(next);
        match step {
            LoginStep::SignedIn(token) => {
                set_session_cookie(&token);
                leptos_axum::redirect(next);
            }
            LoginStep::CodeNeeded(challenge) => {
                append_cookie(session::set_challenge_cookie_header(&challenge, secure));
                leptos_axum::redirect(&format!("/anmelden/code?weiter={weiter}"));
            }
            LoginStep::SetupNeeded(challenge) => {
                append_cookie(session::set_challenge_cookie_header(&challenge, secure));
                leptos_axum::redirect(&format!("/anmelden/zweiter-faktor?weiter={weiter}"));
            }
        }
        Ok(())
    }

    pub fn clear_challenge_cookie(secure: bool) {
        append_cookie(session::clear_challenge_cookie_header(secure));
    }

    /// The waiting login's token from its cookie.
    pub fn challenge_token() -> Result<String, AppError> {
        let secure = state()?.config.secure_cookies();
        leptos::prelude::use_context::<http::request::Parts>()
            .and_then(|parts| {
                session::cookie_from_headers(&parts.headers, session::challenge_cookie_name(secure))
            })
            .ok_or(AppError::LoginExpired)
    }

    pub fn clear_session_cookie(secure: bool) {
        if let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
            if let Ok(value) = HeaderValue::from_str(&session::clear_cookie_header(secure)) {
                response.append_header(SET_COOKIE, value);
            }
        }
    }

    pub fn session_token(secure: bool) -> Option<String> {
        leptos::prelude::use_context::<http::request::Parts>()
            .and_then(|parts| session::token_from_headers(&parts.headers, secure))
    }
}

#[server(prefix = "/api", endpoint = "anmelden")]
pub async fn login(email: String, password: String, next: Option<String>) -> Result<(), AppError> {
    use crate::server::{request, services::auth};
    let state = request::state()?;
    let step = auth::login(
        &state.db,
        &state.login_failures,
        &email,
        password,
        request::client_ip(),
        state.config.second_factor_for_coordinators,
    )
    .await?;
    ssr::continue_login(step, &super::safe_next_path(next.as_deref().unwrap_or("")))
}

/// What the page for setting up the second factor shows: the secret as QR code and as text.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FactorOffer {
    pub account: String,
    /// The secret in groups of four, for typing it into the app.
    pub secret: String,
    /// The QR code of the `otpauth://` address, as an `<svg>` element.
    pub qr_svg: String,
}

/// The secret offered to a login that must set up its second factor.
#[server(prefix = "/api", endpoint = "zweiter-faktor-angebot")]
pub async fn second_factor_offer() -> Result<FactorOffer, AppError> {
    use crate::server::{qr, request, second_factor, services};
    let state = request::state()?;
    let offer = services::second_factor::offer(&state.db, &ssr::challenge_token()?).await?;
    Ok(FactorOffer {
        qr_svg: qr::svg(&offer.otpauth_url)?,
        secret: second_factor::grouped(&offer.secret),
        account: offer.account,
    })
}

/// Whether a login waits for its code (the code page says so, or that it has expired).
#[server(prefix = "/api", endpoint = "anmelden-wartet")]
pub async fn login_waits_for_code() -> Result<bool, AppError> {
    use crate::server::{request, services};
    let state = request::state()?;
    services::second_factor::waits_for_code(&state.db, &ssr::challenge_token()?).await
}

/// The second step of a login: the code from the app or a recovery code; while setting up,
/// the first code of the new secret (the recovery codes are then shown once).
#[server(prefix = "/api", endpoint = "anmelden-code")]
pub async fn confirm_code(code: String, next: Option<String>) -> Result<(), AppError> {
    use crate::server::{request, services};
    let state = request::state()?;
    let secure = state.config.secure_cookies();
    let next = super::safe_next_path(next.as_deref().unwrap_or(""));
    let confirmed = services::second_factor::confirm(
        &state.db,
        &state.login_failures,
        &ssr::challenge_token()?,
        &code,
        request::client_ip(),
    )
    .await
    .inspect_err(|error| {
        if *error == AppError::LoginExpired {
            ssr::clear_challenge_cookie(secure);
        }
    })?;
    ssr::clear_challenge_cookie(secure);
    ssr::set_session_cookie(&confirmed.session);
    let weiter = crate::api::urlencode(&next);
    if let Some(codes) = confirmed.new_recovery_codes {
        let key = state.flash.put(confirmed.user_id, codes.join("\n"));
        leptos_axum::redirect(&format!(
            "/intern/wiederherstellungscodes?hinweis={key}&weiter={weiter}"
        ));
    } else if let Some(left) = confirmed.recovery_codes_left {
        leptos_axum::redirect(&format!(
            "/intern/zweiter-faktor?benutzt=1&verbleibend={left}"
        ));
    } else {
        leptos_axum::redirect(&next);
    }
    Ok(())
}

/// The recovery codes just made for the signed-in account, once (`hinweis`: the key the
/// redirect carried).
#[server(prefix = "/api", endpoint = "wiederherstellungscodes")]
pub async fn recovery_codes(hinweis: String) -> Result<Vec<String>, AppError> {
    use crate::server::request;
    let state = request::state()?;
    let user = request::require_user()?;
    Ok(state
        .flash
        .take(user.id, &hinweis)
        .map(|codes| codes.lines().map(str::to_owned).collect())
        .unwrap_or_default())
}

/// How the signed-in account's second factor stands.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FactorStatus {
    pub set_up: bool,
    pub required: bool,
    pub recovery_codes_left: i64,
}

#[server(prefix = "/api", endpoint = "zweiter-faktor-stand")]
pub async fn second_factor_status() -> Result<FactorStatus, AppError> {
    use crate::domain::policy;
    use crate::server::{request, services};
    let state = request::state()?;
    let user = request::require_user()?;
    let (set_up, recovery_codes_left) = services::second_factor::status(&state.db, user.id).await?;
    Ok(FactorStatus {
        set_up,
        required: policy::second_factor_required(
            user.role,
            state.config.second_factor_for_coordinators,
        ),
        recovery_codes_left,
    })
}

pub use crate::domain::user::FactorAlerts;

/// What the start page tells about second factors (wrong codes before this login; for the
/// Projektbüro, locked accounts).
#[server(prefix = "/api", endpoint = "zweiter-faktor-hinweise")]
pub async fn second_factor_alerts() -> Result<FactorAlerts, AppError> {
    use crate::server::{request, services};
    let state = request::state()?;
    let user = request::require_user()?;
    services::second_factor::alerts(&state.db, &user).await
}

/// New recovery codes for the signed-in account (the old ones stop working), shown once.
#[server(prefix = "/api", endpoint = "wiederherstellungscodes-neu")]
pub async fn renew_recovery_codes(#[server(default)] step_up_code: String) -> Result<(), AppError> {
    use crate::server::{request, services};
    let state = request::state()?;
    let user = request::require_user()?;
    request::recent_code(&state, &user, &step_up_code).await?;
    let codes = services::second_factor::renew_recovery_codes(&state.db, user.id).await?;
    let key = state.flash.put(user.id, codes.join("\n"));
    leptos_axum::redirect(&format!(
        "/intern/wiederherstellungscodes?hinweis={key}&weiter=/intern/zweiter-faktor"
    ));
    Ok(())
}

/// A signed-in account without a second factor sets one up (by choice, where not required).
#[server(prefix = "/api", endpoint = "zweiter-faktor-einrichten")]
pub async fn begin_second_factor_setup() -> Result<(), AppError> {
    use crate::server::services::second_factor::LoginStep;
    use crate::server::{request, services};
    let state = request::state()?;
    let user = request::require_user()?;
    let challenge = services::second_factor::begin_setup(&state.db, user.id).await?;
    ssr::continue_login(LoginStep::SetupNeeded(challenge), "/intern/zweiter-faktor")
}

#[server(prefix = "/api", endpoint = "abmelden")]
pub async fn logout() -> Result<(), AppError> {
    use crate::server::{request, services::auth};
    let state = request::state()?;
    let secure = state.config.secure_cookies();
    if let Some(token) = ssr::session_token(secure) {
        auth::logout(&state.db, &token).await?;
    }
    ssr::clear_session_cookie(secure);
    ssr::clear_site_data();
    leptos_axum::redirect("/");
    Ok(())
}

#[server(prefix = "/api", endpoint = "ich")]
pub async fn get_current_user() -> Result<Option<CurrentUser>, AppError> {
    Ok(crate::server::request::current_user())
}

/// Whether a one-time link (`setup` or `reset`) can still be used.
#[server(prefix = "/api", endpoint = "link-pruefen")]
pub async fn check_link(token: String, purpose: String) -> Result<bool, AppError> {
    use crate::server::repo::tokens::Purpose;
    use crate::server::{request, services::auth};
    let state = request::state()?;
    let purpose = match purpose.as_str() {
        "setup" => Purpose::Setup,
        "reset" => Purpose::Reset,
        _ => return Err(AppError::InvalidLink),
    };
    auth::link_is_valid(&state.db, &token, purpose).await
}

#[server(prefix = "/api", endpoint = "einrichten")]
pub async fn complete_setup(
    token: String,
    name: String,
    email: String,
    password: String,
    password_repeat: String,
) -> Result<(), AppError> {
    use crate::server::{request, services::auth};
    let state = request::state()?;
    let account = auth::NewAccount::parse(&name, &email, &password, &password_repeat)?;
    let step = auth::complete_setup(&state.db, &token, account).await?;
    ssr::continue_login(step, "/intern")
}

#[server(prefix = "/api", endpoint = "passwort")]
pub async fn complete_reset(
    token: String,
    password: String,
    password_repeat: String,
) -> Result<(), AppError> {
    use crate::domain::password::NewPassword;
    use crate::server::{request, services::auth};
    let state = request::state()?;
    let password = NewPassword::parse(&password, &password_repeat)
        .map_err(|e| AppError::field("password", e.to_string()))?;
    let step = auth::complete_reset(
        &state.db,
        &token,
        password,
        state.config.second_factor_for_coordinators,
    )
    .await?;
    ssr::continue_login(step, "/intern")
}
