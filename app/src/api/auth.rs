//! Login, logout, first-start setup and password reset.
use crate::domain::user::CurrentUser;
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
mod ssr {
    use crate::server::request::state;
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
    let token = auth::login(
        &state.db,
        &state.login_failures,
        &email,
        password,
        request::client_ip(),
    )
    .await?;
    ssr::set_session_cookie(&token);
    leptos_axum::redirect(&super::safe_next_path(next.as_deref().unwrap_or("")));
    Ok(())
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
    let session = auth::complete_setup(&state.db, &token, account).await?;
    ssr::set_session_cookie(&session);
    leptos_axum::redirect("/intern");
    Ok(())
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
    let session = auth::complete_reset(&state.db, &token, password).await?;
    ssr::set_session_cookie(&session);
    leptos_axum::redirect("/intern");
    Ok(())
}
