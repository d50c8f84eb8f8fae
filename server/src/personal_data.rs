//! `/intern/datenschutz/auskunft.json?email=…`: everything stored about an address, as a file
//! for the person who asked (Projektbüro only).
use app::error::AppError;
use app::server::request::SessionUser;
use app::server::services::personal_data;
use app::server::state::AppState;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Extension;
use std::collections::HashMap;

pub async fn export(
    State(state): State<AppState>,
    user: Option<Extension<SessionUser>>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let result = match user {
        Some(Extension(SessionUser(user))) => {
            let email = query.get("email").map(String::as_str).unwrap_or_default();
            personal_data::report(&state.db, &user, email).await
        }
        None => Err(AppError::Unauthorized),
    };
    match result
        .and_then(|report| serde_json::to_string_pretty(&report).map_err(AppError::internal))
    {
        Ok(json) => (
            [
                (header::CONTENT_TYPE, "application/json; charset=utf-8"),
                (
                    header::CONTENT_DISPOSITION,
                    "attachment; filename=\"auskunft.json\"",
                ),
            ],
            json,
        )
            .into_response(),
        Err(error) => crate::plain_error(error),
    }
}
