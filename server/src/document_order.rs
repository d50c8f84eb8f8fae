//! Keeps every rendered page a valid HTML document: Leptos writes the scripts with its serialized
//! resources after `</html>`, where the HTML standard allows no element, and marks the places of
//! its views with `<!>`, which browsers read as an empty comment but the standard calls an error.
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::middleware::Next;
use axum::response::Response;

/// The largest page read whole to be put in order; larger answers pass unchanged.
const MAX_DOCUMENT_BYTES: usize = 8 * 1024 * 1024;

/// Moves what follows `</html>` to just before `</body>`. The browser put it at the end of the body
/// anyway, so the page and its hydration stay as they were; the scripts still run before the
/// deferred hydration module. `None` when there is nothing to move.
pub fn scripts_into_body(document: &str) -> Option<String> {
    let html_end = document.rfind("</html>")?;
    let tail = &document[html_end + "</html>".len()..];
    if tail.trim().is_empty() {
        return None;
    }
    let body_end = document[..html_end].rfind("</body>")?;
    let mut ordered = String::with_capacity(document.len());
    ordered.push_str(&document[..body_end]);
    ordered.push_str(tail);
    ordered.push_str(&document[body_end..html_end + "</html>".len()]);
    Some(ordered)
}

/// Writes each `<!>` marker as the empty comment `<!---->`: the browser builds the same empty
/// comment node from both, so hydration finds its markers as before. Only markup is touched:
/// attribute values, comments and the contents of `script`, `style`, `textarea` and `title` are
/// copied as they are (text between tags holds no `<`: the renderer escapes it).
pub fn valid_markers(document: &str) -> Option<String> {
    const MARKER: &str = "<!>";
    if !document.contains(MARKER) {
        return None;
    }
    let mut out = String::with_capacity(document.len() + document.len() / 8);
    let mut rest = document;
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        rest = &rest[start..];
        if rest.starts_with(MARKER) {
            out.push_str("<!---->");
            rest = &rest[MARKER.len()..];
            continue;
        }
        if rest.starts_with("<!--") {
            let end = rest[4..].find("-->").map_or(rest.len(), |i| i + 4 + 3);
            out.push_str(&rest[..end]);
            rest = &rest[end..];
            continue;
        }
        // A tag: up to its `>` outside quoted attribute values.
        let mut quote = None;
        let mut end = rest.len();
        for (i, c) in rest.char_indices().skip(1) {
            match (quote, c) {
                (None, '"' | '\'') => quote = Some(c),
                (Some(q), c) if c == q => quote = None,
                (None, '>') => {
                    end = i + 1;
                    break;
                }
                _ => {}
            }
        }
        let tag = &rest[..end];
        out.push_str(tag);
        rest = &rest[end..];
        let name: String = tag[1..]
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect::<String>()
            .to_ascii_lowercase();
        if matches!(name.as_str(), "script" | "style" | "textarea" | "title") {
            let close = format!("</{name}");
            // The renderer writes its tags in lower case.
            let end = rest.find(&close).unwrap_or(rest.len());
            out.push_str(&rest[..end]);
            rest = &rest[end..];
        }
    }
    out.push_str(rest);
    Some(out)
}

/// Applies [`scripts_into_body`] and [`valid_markers`] to every HTML page the router renders.
pub async fn valid_document(request: Request<Body>, next: Next) -> Response {
    let response = next.run(request).await;
    let is_html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if !is_html {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let bytes = match axum::body::to_bytes(body, MAX_DOCUMENT_BYTES).await {
        Ok(bytes) => bytes,
        Err(error) => {
            tracing::error!(%error, "page failed while rendering");
            return crate::middleware::german_text(
                StatusCode::INTERNAL_SERVER_ERROR,
                &app::error::AppError::Internal.to_string(),
            );
        }
    };
    let Ok(document) = std::str::from_utf8(&bytes) else {
        return Response::from_parts(parts, Body::from(bytes));
    };
    let ordered = scripts_into_body(document);
    let valid = valid_markers(ordered.as_deref().unwrap_or(document));
    let body = match (valid, ordered) {
        (Some(valid), _) => Body::from(valid),
        (None, Some(ordered)) => Body::from(ordered),
        (None, None) => Body::from(bytes),
    };
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resource_scripts_move_to_the_end_of_the_body() {
        let page = "<!DOCTYPE html><html lang=\"de\"><head></head><body><main>x</main><!></body><!></html><!><script nonce=\"n\">__RESOLVED_RESOURCES=[];</script><script>__INCOMPLETE_CHUNKS=[];</script>";
        let ordered = scripts_into_body(page).expect("scripts to move");
        assert_eq!(
            ordered,
            "<!DOCTYPE html><html lang=\"de\"><head></head><body><main>x</main><!><!><script nonce=\"n\">__RESOLVED_RESOURCES=[];</script><script>__INCOMPLETE_CHUNKS=[];</script></body><!></html>"
        );
        assert!(ordered.ends_with("</html>"));
        assert_eq!(ordered.len(), page.len());
    }

    #[test]
    fn markers_become_empty_comments_in_markup_only() {
        let page = "<!DOCTYPE html><html><head><title>a<!>b</title><script>x=\"<!>\"</script></head><body><p>Text<!></p><!><input value=\"<!>\" title='>'><!><textarea><!></textarea><!-- <!> --><!></body></html>";
        assert_eq!(
            valid_markers(page).expect("markers to write"),
            "<!DOCTYPE html><html><head><title>a<!>b</title><script>x=\"<!>\"</script></head><body><p>Text<!----></p><!----><input value=\"<!>\" title='>'><!----><textarea><!></textarea><!-- <!> --><!----></body></html>"
        );
        assert_eq!(valid_markers("<p>ohne</p>"), None);
    }

    #[test]
    fn a_document_already_in_order_is_left_alone() {
        assert_eq!(scripts_into_body("<html><body>a</body></html>\n"), None);
        assert_eq!(scripts_into_body("no document"), None);
        // A `</body>` only inside the tail is no place to move to.
        assert_eq!(scripts_into_body("<html></html><script></script>"), None);
    }
}
