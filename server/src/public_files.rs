//! Public files (the programme PDF, open data) for caches: a strong ETag from what the file
//! shows, `304 Not Modified` for a browser or proxy that has it, and `public` caching.
use axum::body::Body;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

/// How long browsers and proxies may keep a public file without asking again.
pub const PUBLIC_MAX_AGE: &str = "public, max-age=300";

/// A strong ETag for `bytes` (SHA-256, shortened): equal content, equal tag.
pub fn etag_of(bytes: &[u8]) -> String {
    use sha2::Digest as _;
    let digest = sha2::Sha256::digest(bytes);
    let hex: String = digest.iter().take(16).map(|b| format!("{b:02x}")).collect();
    format!("\"{hex}\"")
}

/// Whether the request's `If-None-Match` names `etag` (or `*`).
pub fn not_modified(headers: &HeaderMap, etag: &str) -> bool {
    headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|tag| tag.trim().trim_start_matches("W/"))
        .any(|tag| tag == etag || tag == "*")
}

/// The answer for a public file: 304 when the client has it, else the file with its headers.
pub fn respond(
    request_headers: &HeaderMap,
    etag: &str,
    headers: &[(header::HeaderName, HeaderValue)],
    body: impl Into<Body>,
) -> Response {
    let mut response = if not_modified(request_headers, etag) {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        let mut response = Response::new(body.into());
        for (name, value) in headers {
            response.headers_mut().insert(name.clone(), value.clone());
        }
        response
    };
    let out = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(etag) {
        out.insert(header::ETAG, value);
    }
    out.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(PUBLIC_MAX_AGE),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn etags_follow_the_content_and_if_none_match_is_read_as_a_list() {
        let a = etag_of(b"Fassung 1");
        assert_eq!(a, etag_of(b"Fassung 1"));
        assert_ne!(a, etag_of(b"Fassung 2"));
        assert!(a.starts_with('"') && a.ends_with('"') && a.len() == 34);
        let mut headers = HeaderMap::new();
        assert!(!not_modified(&headers, &a));
        headers.insert(
            header::IF_NONE_MATCH,
            HeaderValue::from_str(&format!("\"x\", W/{a}")).expect("value"),
        );
        assert!(not_modified(&headers, &a));
    }
}
