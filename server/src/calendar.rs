//! iCalendar downloads: one meeting for staff, the invitee's meeting, and subscribed feeds.
use app::error::AppError;
use app::server::access::{self, SignedIn};
use app::server::services::invitations;
use app::server::state::AppState;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};

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
    SignedIn(user): SignedIn,
    Path(id): Path<i64>,
) -> Response {
    let body = match access::meeting_of(&state.db, &user, id).await {
        Ok(proof) => invitations::meeting_ics(&state.db, &state.config, &proof).await,
        Err(error) => Err(error),
    };
    ics(body, Some("termin.ics"))
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
