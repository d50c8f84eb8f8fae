//! `/gebiete/{gebiet}/aktionsprogramm.pdf[?fassung=N]`: the published programme as a PDF made by
//! the server. Unpublished versions are never served.
use app::error::AppError;
use app::server::programme_pdf::{render, Fonts, FONT_DIR};
use app::server::services::programmes;
use app::server::state::AppState;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use std::sync::{Arc, OnceLock};

static FONTS: OnceLock<Arc<Fonts>> = OnceLock::new();

/// DejaVu Sans, read from disk once (about 1.4 MB); a failed read is tried again next time. The
/// error says which file is missing.
pub fn fonts() -> Result<Arc<Fonts>, String> {
    if let Some(fonts) = FONTS.get() {
        return Ok(fonts.clone());
    }
    let fonts = Arc::new(Fonts::load(std::path::Path::new(FONT_DIR))?);
    Ok(FONTS.get_or_init(|| fonts).clone())
}

#[derive(Deserialize)]
pub struct Version {
    fassung: Option<String>,
}

pub async fn download(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    Query(query): Query<Version>,
) -> Response {
    match pdf(&state, &slug, query.fassung.as_deref()).await {
        Ok((file_name, bytes)) => (
            [
                (header::CONTENT_TYPE, "application/pdf".to_owned()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"{file_name}\""),
                ),
                (header::CACHE_CONTROL, "public, max-age=300".to_owned()),
            ],
            bytes,
        )
            .into_response(),
        Err(error) => crate::plain_error(error),
    }
}

async fn pdf(
    state: &AppState,
    slug: &str,
    version: Option<&str>,
) -> Result<(String, Vec<u8>), AppError> {
    let version = match version.map(str::trim).filter(|v| !v.is_empty()) {
        None => None,
        Some(text) => Some(text.parse::<i64>().map_err(|_| {
            AppError::field(
                "fassung",
                "Bitte geben Sie die Fassung als Zahl an, z. B. ?fassung=2.",
            )
        })?),
    };
    let programme = programmes::published(&state.db, slug, version).await?;
    let file_name = format!(
        "aktionsprogramm-{}-fassung-{}.pdf",
        programme.area_slug, programme.version
    );
    // Reading the fonts (the first time) and laying out pages is blocking work.
    let bytes = tokio::task::spawn_blocking(move || {
        render(&programme, &*fonts().map_err(AppError::internal)?)
    })
    .await
    .map_err(AppError::internal)??;
    Ok((file_name, bytes))
}
