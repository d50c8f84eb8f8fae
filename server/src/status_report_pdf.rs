//! `/intern/sachstand/sachstandsbericht.pdf?datum=…&stand=…`: the Sachstandsbericht as a PDF, for the
//! Projektbüro only. Made on each request: its figures change with every update.
use crate::programme_pdf::fonts;
use app::error::AppError;
use app::server::access::{self, SignedIn};
use app::server::db::now_unix;
use app::server::services::status_report;
use app::server::state::AppState;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;

pub async fn download(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let made = async {
        let office = access::project_office(&user)?;
        let asked = |name: &str| query.get(name).map(String::as_str).unwrap_or_default();
        let report = status_report::for_request(
            &state.db,
            &office,
            asked("datum"),
            asked("stand"),
            state.config.yearly_budget_cents,
            now_unix(),
        )
        .await?;
        let meeting_on = report.meeting_on;
        let bytes = tokio::task::spawn_blocking(move || {
            app::server::status_report_pdf::render(&report, &*fonts().map_err(AppError::internal)?)
        })
        .await
        .map_err(AppError::internal)??;
        Ok::<_, AppError>((meeting_on, bytes))
    };
    match made.await {
        Ok((meeting_on, bytes)) => (
            [
                (header::CONTENT_TYPE, "application/pdf".to_owned()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"sachstandsbericht-{meeting_on}.pdf\""),
                ),
                (header::CACHE_CONTROL, "no-store".to_owned()),
            ],
            bytes,
        )
            .into_response(),
        Err(error) => crate::plain_error(error),
    }
}
