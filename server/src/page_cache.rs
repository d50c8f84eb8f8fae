//! A cache of the public pages as anonymous visitors get them (start page, area pages, published
//! programmes, dates, open data, imprint, privacy, Barrierefreiheit, Leichte Sprache): rendering
//! one costs about 1.3 ms of CPU, serving it from memory a few microseconds, and these are the
//! pages the public asks for most. The open-data files (JSON, CSV, the DCAT catalogue) are kept
//! too: each reads every published programme (about 13 ms at the benchmark's size).
//!
//! - Only anonymous `GET`s without a query string of the listed paths are cached, and only `200`
//!   answers without a cookie. An answer with a per-visitor part is never kept, by construction:
//!   each request the cache may keep carries a [`PerVisitor`] mark, and whatever makes such a
//!   part while rendering (a one-time form key, the signed-in user, the browser's language)
//!   sets it ([`app::server::request::mark_per_visitor`]); a marked answer, or one that says
//!   `Cache-Control: private` or `no-store`, is passed on and not stored.
//! - A page is kept with the database's change count from before it was rendered and served only
//!   while that count is unchanged: any committed write makes every cached page stale, so a
//!   published programme shows at once. Pages older than [`MAX_AGE`] are rendered again anyway
//!   (dates move on; another process may have written).
//! - Each answer gets its own CSP nonce: the cached page's nonce is replaced by the request's.
//!   A file's ETag is kept, so a conditional request still gets `304 Not Modified`.
use app::server::oldest_first::OldestFirst;
use app::server::request::{CspNonce, PerVisitor, SessionUser, PRIVATE_NO_STORE};
use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, Method, Request, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

/// How long a cached page may be served at most.
pub const MAX_AGE: Duration = Duration::from_secs(60);
/// Pages kept at most (the listed paths with real slugs are far fewer).
const MAX_ENTRIES: usize = 256;
/// The largest page kept.
const MAX_PAGE_BYTES: usize = 512 * 1024;

/// Marks whether an answer came from the cache (`hit`) or was rendered (`miss`).
pub const CACHE_HEADER: &str = "x-aktionsplan-cache";

struct Entry {
    changes: u64,
    stored: Instant,
    headers: HeaderMap,
    body: Bytes,
    /// The CSP nonce the page was rendered with.
    nonce: String,
}

/// The cached pages, shared by all requests.
#[derive(Clone)]
pub struct PageCache {
    db: app::server::db::Db,
    pages: Arc<RwLock<OldestFirst<String, Entry>>>,
}

impl PageCache {
    pub fn new(db: app::server::db::Db) -> Self {
        Self {
            db,
            pages: Arc::default(),
        }
    }

    fn lookup(&self, path: &str, changes: u64) -> Option<(HeaderMap, Bytes, String)> {
        let pages = self.pages.read().unwrap_or_else(|e| e.into_inner());
        let entry = pages.get(path)?;
        (entry.changes == changes && entry.stored.elapsed() < MAX_AGE).then(|| {
            (
                entry.headers.clone(),
                entry.body.clone(),
                entry.nonce.clone(),
            )
        })
    }

    /// Keeps a page as the newest; a full cache lets its oldest page go (pages expire by age,
    /// so the oldest is also the first to be stale).
    fn store(&self, path: String, entry: Entry) {
        let mut pages = self.pages.write().unwrap_or_else(|e| e.into_inner());
        pages.drop_oldest_while(|e| e.stored.elapsed() >= MAX_AGE);
        pages.insert(path, entry);
        pages.shrink_to(MAX_ENTRIES);
    }
}

/// The open-data files, the same for everybody (the JSON of one area is matched apart).
const OPEN_DATA_FILES: [&str; 6] = [
    "katalog.jsonld",
    "aktionsprogramme.json",
    "massnahmen.csv",
    "umsetzung.json",
    "umsetzung.csv",
    "openapi.json",
];

/// What the cache keeps: our pages and the open-data files.
fn kept_type(content_type: &str) -> Option<Kept> {
    [
        ("text/html", Kept::Page),
        ("application/json", Kept::File),
        ("application/ld+json", Kept::File),
        ("text/csv", Kept::File),
    ]
    .into_iter()
    .find_map(|(prefix, kept)| content_type.starts_with(prefix).then_some(kept))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kept {
    /// A page carries the request's CSP nonce.
    Page,
    /// A file has none, but an ETag that a conditional request may match.
    File,
}

/// Whether the page at this path is the same for every anonymous visitor. Only the one spelling
/// of each address counts (lower-case slugs, version numbers without leading zeros): other
/// spellings of the same page are rendered, not kept, so that nobody fills the cache with them.
pub fn is_public_page(path: &str) -> bool {
    if path == "/" {
        return true;
    }
    let segments: Vec<&str> = path.split('/').skip(1).collect();
    match segments.as_slice() {
        ["termine"]
        | ["umsetzung"]
        | ["offene-daten"]
        | ["impressum"]
        | ["datenschutz"]
        | ["barrierefreiheit"]
        | ["leichte-sprache"] => true,
        ["offene-daten", file] => OPEN_DATA_FILES.contains(file),
        ["offene-daten", "aktionsprogramme", file] => {
            file.strip_suffix(".json").is_some_and(is_slug)
        }
        ["gebiete", slug] | ["gebiete", slug, "programm"] => is_slug(slug),
        ["gebiete", slug, "programm", "fassung", version] => {
            is_slug(slug) && app::domain::programme::version_in_path(version).is_some()
        }
        _ => false,
    }
}

/// An area's slug as the app writes it: lower-case letters, digits and hyphens.
fn is_slug(text: &str) -> bool {
    !text.is_empty()
        && text.len() <= 64
        && text
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

fn cacheable(request: &Request<Body>) -> bool {
    request.method() == Method::GET
        && request.uri().query().is_none()
        && request.extensions().get::<SessionUser>().is_none()
        && is_public_page(request.uri().path())
}

fn with_nonce(body: &Bytes, old: &str, new: &str) -> Bytes {
    match std::str::from_utf8(body) {
        Ok(text) if !old.is_empty() => Bytes::from(text.replace(old, new)),
        _ => body.clone(),
    }
}

/// Whether the answer may be kept for everybody: it says nothing against it, and nothing
/// marked it as per-visitor while it was rendered.
fn shared(headers: &HeaderMap, mark: &PerVisitor) -> bool {
    let private = headers
        .get_all(header::CACHE_CONTROL)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|directive| {
            let directive = directive.trim();
            directive.eq_ignore_ascii_case("private") || directive.eq_ignore_ascii_case("no-store")
        });
    !private && !mark.is_marked()
}

/// Serves public pages from the cache and fills it.
pub async fn serve(
    State(cache): State<PageCache>,
    mut request: Request<Body>,
    next: Next,
) -> Response {
    if !cacheable(&request) {
        return next.run(request).await;
    }
    let nonce = request
        .extensions()
        .get::<CspNonce>()
        .map(|n| n.0.clone())
        .unwrap_or_default();
    let path = request.uri().path().to_owned();
    let changes = cache.db.change_count();
    let mark = PerVisitor::default();
    request.extensions_mut().insert(mark.clone());
    if let Some((headers, body, old_nonce)) = cache.lookup(&path, changes) {
        if let Some(etag) = headers.get(header::ETAG) {
            if request
                .headers()
                .get(header::IF_NONE_MATCH)
                .is_some_and(|asked| asked == etag)
            {
                let mut response = Response::new(Body::empty());
                *response.status_mut() = StatusCode::NOT_MODIFIED;
                response.headers_mut().insert(header::ETAG, etag.clone());
                return response;
            }
        }
        let mut response = Response::new(Body::from(with_nonce(&body, &old_nonce, &nonce)));
        *response.headers_mut() = headers;
        response
            .headers_mut()
            .insert(CACHE_HEADER, HeaderValue::from_static("hit"));
        return response;
    }
    let response = next.run(request).await;
    let kept = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(kept_type);
    let Some(kept) = kept.filter(|_| {
        response.status() == StatusCode::OK && !response.headers().contains_key(header::SET_COOKIE)
    }) else {
        return response;
    };
    // A file has no nonce to replace.
    let nonce = if kept == Kept::Page {
        nonce
    } else {
        String::new()
    };
    let (mut parts, body) = response.into_parts();
    // Our own renderer's page, read whole (a render that fails midway is not kept).
    let body = match axum::body::to_bytes(body, usize::MAX).await {
        Ok(body) => body,
        Err(error) => {
            tracing::error!(%error, %path, "public page failed while rendering");
            return crate::middleware::german_text(
                StatusCode::INTERNAL_SERVER_ERROR,
                &app::error::AppError::Internal.to_string(),
            );
        }
    };
    // Read whole, the page is rendered: every mark is set by now.
    if !shared(&parts.headers, &mark) {
        parts.headers.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static(PRIVATE_NO_STORE),
        );
        return Response::from_parts(parts, Body::from(body));
    }
    // Stored only if nothing was written while it rendered: then it shows the data as it is.
    if body.len() <= MAX_PAGE_BYTES && cache.db.change_count() == changes {
        cache.store(
            path,
            Entry {
                changes,
                stored: Instant::now(),
                headers: parts.headers.clone(),
                body: body.clone(),
                nonce,
            },
        );
    }
    parts
        .headers
        .insert(CACHE_HEADER, HeaderValue::from_static("miss"));
    Response::from_parts(parts, Body::from(body))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_pages_alike_for_everybody_are_public() {
        for path in [
            "/",
            "/termine",
            "/umsetzung",
            "/offene-daten",
            "/impressum",
            "/datenschutz",
            "/gebiete/hafen",
            "/gebiete/hafen/programm",
            "/gebiete/hafen/programm/fassung/3",
            "/barrierefreiheit",
            "/leichte-sprache",
            "/offene-daten/katalog.jsonld",
            "/offene-daten/umsetzung.csv",
            "/offene-daten/aktionsprogramme/hafen.json",
        ] {
            assert!(is_public_page(path), "{path}");
        }
        for path in [
            "/bedarf/hafen",
            "/bedarf/hafen/eingang",
            "/anmelden",
            "/einrichten",
            "/passwort",
            "/einladung/abc",
            "/intern",
            "/intern/gebiete/hafen",
            "/gebiete//programm",
            "/gebiete/hafen/programm/fassung/x",
            "/gebiete/hafen/programm/fassung/0001",
            "/gebiete/hafen/programm/fassung/0",
            "/gebiete/hafen/programm/fassung/99999999999999999999",
            "/gebiete/HAFEN",
            "/gebiete/%68afen",
            "/offene-daten/aktionsprogramme/%68afen.json",
            "/gebiete/",
            "/termine/",
            "/gebiete/hafen/aktionsprogramm.pdf/extra",
            "/api/anmelden",
            "/barrierefreiheit/eingang",
            "/offene-daten/geheim.json",
            "/offene-daten/aktionsprogramme/.json",
            "/offene-daten/aktionsprogramme/hafen.pdf",
        ] {
            assert!(!is_public_page(path), "{path}");
        }
    }

    #[test]
    fn the_nonce_is_replaced_everywhere() {
        let body = Bytes::from_static(b"<script nonce=\"AAA\">1</script><script nonce=\"AAA\">");
        assert_eq!(
            with_nonce(&body, "AAA", "BBB"),
            Bytes::from_static(b"<script nonce=\"BBB\">1</script><script nonce=\"BBB\">")
        );
    }
}
