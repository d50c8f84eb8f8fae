//! `POST /intern/datenschutz/auskunft.json` (`email=…` in the body, never in the address, which
//! browsers keep in their history and proxies in their logs): everything stored about an
//! address, as a file for the person who asked (Projektbüro only).
use app::error::AppError;
use app::server::access::{self, SignedIn};
use app::server::services::personal_data;
use app::server::state::AppState;
use axum::extract::{Form, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;

pub async fn export(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Form(query): Form<HashMap<String, String>>,
) -> Response {
    let email = query.get("email").map(String::as_str).unwrap_or_default();
    let result = match access::project_office(&user) {
        Ok(office) => personal_data::report(&state.db, &office, email).await,
        Err(error) => Err(error),
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
