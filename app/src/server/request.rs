//! What the HTTP layer learns about a request and hands to server functions and pages.
use crate::domain::user::CurrentUser;
use crate::error::AppError;
use leptos::prelude::*;
use std::net::IpAddr;

/// The peer address, inserted by the server's accept loop.
#[derive(Clone, Copy, Debug)]
pub struct ClientIp(pub IpAddr);

/// The user of a valid session, inserted by the session middleware.
#[derive(Clone, Debug)]
pub struct SessionUser(pub CurrentUser);

/// The CSP nonce of this response, inserted by the security-headers middleware.
#[derive(Clone, Debug)]
pub struct CspNonce(pub String);

fn parts() -> Option<http::request::Parts> {
    use_context::<http::request::Parts>()
}

pub fn current_user() -> Option<CurrentUser> {
    parts().and_then(|p| p.extensions.get::<SessionUser>().map(|u| u.0.clone()))
}

/// The one door: a server function that needs a login starts with this.
pub fn require_user() -> Result<CurrentUser, AppError> {
    current_user().ok_or(AppError::Unauthorized)
}

pub fn client_ip() -> Option<IpAddr> {
    parts().and_then(|p| p.extensions.get::<ClientIp>().map(|ip| ip.0))
}

pub fn state() -> Result<super::state::AppState, AppError> {
    use_context::<super::state::AppState>()
        .ok_or_else(|| AppError::internal("AppState missing from context"))
}

/// Sets the HTTP status of the page being rendered (404, 403 pages).
pub fn set_status(status: http::StatusCode) {
    if let Some(options) = use_context::<leptos_axum::ResponseOptions>() {
        options.set_status(status);
    }
}
