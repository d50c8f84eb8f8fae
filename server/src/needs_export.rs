//! `/intern/bedarfe/bedarfe.csv` and `.xlsx` with the catalogue's filter in the query: the
//! filtered needs as a file for Excel.
use app::domain::catalogue::{CatalogueFilter, NeedSummary};
use app::error::AppError;
use app::server::access::SignedIn;
use app::server::export;
use app::server::services::catalogue;
use app::server::state::AppState;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};

/// Writes the exported rows as a file (CSV or XLSX).
type Render = fn(&[(NeedSummary, String)], &str) -> Result<Vec<u8>, AppError>;

async fn respond(
    state: AppState,
    SignedIn(user): SignedIn,
    query: Vec<(String, String)>,
    render: Render,
    content_type: &'static str,
    file_name: &'static str,
) -> Response {
    let filter = CatalogueFilter::from_pairs(query.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    let result = catalogue::export_rows(&state.db, &user, &filter).await;
    match result.and_then(|rows| render(&rows, &state.config.public_url)) {
        Ok(bytes) => (
            [
                (header::CONTENT_TYPE, content_type),
                (header::CONTENT_DISPOSITION, file_name),
                (header::CACHE_CONTROL, "no-store"),
            ],
            bytes,
        )
            .into_response(),
        Err(error) => crate::plain_error(error),
    }
}

pub async fn csv(
    State(state): State<AppState>,
    user: SignedIn,
    Query(query): Query<Vec<(String, String)>>,
) -> Response {
    respond(
        state,
        user,
        query,
        export::csv,
        "text/csv; charset=utf-8",
        "attachment; filename=\"bedarfe.csv\"",
    )
    .await
}

pub async fn xlsx(
    State(state): State<AppState>,
    user: SignedIn,
    Query(query): Query<Vec<(String, String)>>,
) -> Response {
    respond(
        state,
        user,
        query,
        export::xlsx,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "attachment; filename=\"bedarfe.xlsx\"",
    )
    .await
}
