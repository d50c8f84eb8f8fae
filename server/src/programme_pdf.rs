//! `/gebiete/{gebiet}/aktionsprogramm.pdf[?fassung=N]`: the published programme as a PDF made by
//! the server. Unpublished versions are never served.
use crate::public_files::{etag_of, not_modified, respond};
use app::domain::programme::PublishedProgramme;
use app::error::AppError;
use app::server::oldest_first::OldestFirst;
use app::server::programme_pdf::{render, Fonts, FONT_DIR};
use app::server::services::programmes;
use app::server::state::AppState;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::Response;
use serde::Deserialize;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, LazyLock, Mutex, OnceLock};

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

/// PDFs already made (or being made), by the ETag of what they show: a published version never
/// changes, so it is laid out once (renaming the area makes a new one), and requests that ask
/// for it while it is being laid out wait for that one rendering. At most this many are kept;
/// the oldest goes first.
const KEPT_PDFS: usize = 64;

#[derive(Default)]
struct Made {
    pdf: tokio::sync::OnceCell<Arc<Vec<u8>>>,
    /// How often it was laid out (once, unless a rendering failed).
    renderings: AtomicUsize,
}

static MADE: LazyLock<Mutex<OldestFirst<String, Arc<Made>>>> =
    LazyLock::new(|| Mutex::new(OldestFirst::default()));

fn made() -> std::sync::MutexGuard<'static, OldestFirst<String, Arc<Made>>> {
    MADE.lock().unwrap_or_else(|p| p.into_inner())
}

pub async fn download(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    Query(query): Query<Version>,
    request_headers: HeaderMap,
) -> Response {
    let programme = match published(&state, &slug, query.fassung.as_deref()).await {
        Ok(programme) => programme,
        Err(error) => return crate::plain_error(error),
    };
    let file_name = format!(
        "aktionsprogramm-{}-fassung-{}.pdf",
        programme.area_slug, programme.version
    );
    let shown = match serde_json::to_vec(&programme) {
        Ok(bytes) => bytes,
        Err(error) => return crate::plain_error(AppError::internal(error)),
    };
    // The layout code is part of what the file shows: a new release makes new PDFs.
    let etag = etag_of(&[shown.as_slice(), env!("CARGO_PKG_VERSION").as_bytes()].concat());
    let headers = [
        (
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/pdf"),
        ),
        (
            header::CONTENT_DISPOSITION,
            HeaderValue::from_str(&format!("attachment; filename=\"{file_name}\""))
                .unwrap_or_else(|_| HeaderValue::from_static("attachment")),
        ),
    ];
    if not_modified(&request_headers, &etag) {
        return respond(&request_headers, &etag, &headers, Vec::new());
    }
    match pdf(&etag, programme).await {
        Ok(bytes) => respond(&request_headers, &etag, &headers, bytes.to_vec()),
        Err(error) => crate::plain_error(error),
    }
}

async fn published(
    state: &AppState,
    slug: &str,
    version: Option<&str>,
) -> Result<PublishedProgramme, AppError> {
    let version = match version.map(str::trim).filter(|v| !v.is_empty()) {
        None => None,
        Some(text) => Some(text.parse::<i64>().map_err(|_| {
            AppError::field(
                "fassung",
                "Bitte geben Sie die Fassung als Zahl an, z. B. ?fassung=2.",
            )
        })?),
    };
    programmes::published(&state.db, slug, version).await
}

/// The PDF of `programme`, made once per ETag.
async fn pdf(etag: &str, programme: PublishedProgramme) -> Result<Arc<Vec<u8>>, AppError> {
    let entry = {
        let mut made = made();
        match made.get(etag) {
            Some(entry) => entry.clone(),
            None => {
                let entry = Arc::new(Made::default());
                made.insert(etag.to_owned(), entry.clone());
                made.shrink_to(KEPT_PDFS);
                entry
            }
        }
    };
    let result = entry
        .pdf
        .get_or_try_init(|| async {
            entry.renderings.fetch_add(1, Ordering::Relaxed);
            // Reading the fonts (the first time) and laying out pages is blocking work.
            let bytes = tokio::task::spawn_blocking(move || {
                render(&programme, &*fonts().map_err(AppError::internal)?)
            })
            .await
            .map_err(AppError::internal)??;
            Ok::<_, AppError>(Arc::new(bytes))
        })
        .await
        .cloned();
    if result.is_err() {
        // A failed rendering keeps no place; the next request tries again.
        let mut made = made();
        if made
            .get(etag)
            .is_some_and(|kept| Arc::ptr_eq(kept, &entry) && kept.pdf.get().is_none())
        {
            made.remove(etag);
        }
    }
    result
}

/// How many PDFs are kept (for tests).
pub fn kept_pdfs() -> usize {
    made().len()
}

/// How often the PDF with this ETag was laid out (for tests).
pub fn renderings(etag: &str) -> usize {
    made()
        .get(etag)
        .map_or(0, |entry| entry.renderings.load(Ordering::Relaxed))
}
