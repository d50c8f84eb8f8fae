//! `/intern/sachstand/sachstandsbericht.pdf?datum=…`: the Sachstandsbericht as a PDF, for the
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
        let now = now_unix();
        let today = app::domain::schedule::to_local(now).date();
        let meeting_on = status_report::meeting_date(
            query.get("datum").map(String::as_str).unwrap_or_default(),
            today,
        )?;
        let report = status_report::report(
            &state.db,
            &office,
            meeting_on,
            state.config.yearly_budget_cents,
            now,
        )
        .await?;
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
