//! iCalendar downloads: one meeting for staff, the invitee's meeting, and subscribed feeds.
use app::error::AppError;
use app::server::request::SessionUser;
use app::server::services::invitations;
use app::server::state::AppState;
use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Extension;

fn ics(body: Result<String, AppError>, filename: Option<&str>) -> Response {
    match body {
        Ok(body) => {
            let mut response = (
                [(header::CONTENT_TYPE, "text/calendar; charset=utf-8")],
                body,
            )
                .into_response();
            if let Some(name) = filename {
                if let Ok(value) = format!("attachment; filename=\"{name}\"").parse() {
                    response
                        .headers_mut()
                        .insert(header::CONTENT_DISPOSITION, value);
                }
            }
            response
        }
        Err(error) => crate::plain_error(error),
    }
}

pub async fn meeting(
    State(state): State<AppState>,
    user: Option<Extension<SessionUser>>,
    Path(id): Path<i64>,
) -> Response {
    let Some(Extension(SessionUser(user))) = user else {
        return (StatusCode::UNAUTHORIZED, AppError::Unauthorized.to_string()).into_response();
    };
    ics(
        invitations::meeting_ics(&state.db, &state.config, &user, id).await,
        Some("termin.ics"),
    )
}

pub async fn invitation(State(state): State<AppState>, Path(token): Path<String>) -> Response {
    ics(
        invitations::invitation_ics(&state.db, &state.config, &token).await,
        Some("termin.ics"),
    )
}

/// `/kalender/<token>.ics`: calendar programs poll this address.
pub async fn feed(State(state): State<AppState>, Path(file): Path<String>) -> Response {
    let Some(token) = file.strip_suffix(".ics") else {
        return ics(Err(AppError::InvalidLink), None);
    };
    ics(
        invitations::feed_ics(&state.db, &state.config, token).await,
        None,
    )
}
