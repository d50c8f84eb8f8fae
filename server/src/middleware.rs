//! The security and session middleware around the Leptos router.
use app::error::ErrorBody;
use app::server::request::{ClientIp, CspNonce, SessionUser};
use app::server::session;
use app::server::state::AppState;
use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderValue, Method, Request, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use rand::RngCore as _;

/// A plain-text German answer (for errors outside the rendered pages).
pub(crate) fn german_text(status: StatusCode, message: &str) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        message.to_owned(),
    )
        .into_response()
}

/// A fresh CSP nonce per response; the page renderer reads it from the request extensions.
pub async fn security_headers(mut request: Request<Body>, next: Next) -> Response {
    let mut bytes = [0u8; 18];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let nonce = STANDARD.encode(bytes);
    request.extensions_mut().insert(CspNonce(nonce.clone()));
    let is_static =
        request.uri().path().starts_with("/pkg/") || request.uri().path() == "/favicon.svg";

    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    let csp = format!(
        "default-src 'self'; script-src 'nonce-{nonce}' 'strict-dynamic' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; \
         worker-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    );
    if let Ok(value) = HeaderValue::from_str(&csp) {
        headers.insert(header::CONTENT_SECURITY_POLICY, value);
    }
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        "permissions-policy",
        HeaderValue::from_static("camera=(), microphone=(), geolocation=(), interest-cohort=()"),
    );
    // Pages may carry personal data of staff: never stored by browsers or proxies.
    // Static files are revalidated (their names carry no hash). Public files (the published
    // programme's PDF, open data) say `public` themselves and keep it.
    let public = headers
        .get(header::CACHE_CONTROL)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("public"));
    if !public {
        let cache = if is_static { "no-cache" } else { "no-store" };
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    }
    response
}

/// Browsers that once reached the app over https keep to https for a year
/// (`Strict-Transport-Security`), when the public address is https; over plain http (a test on
/// this machine) the header would mean nothing and is left out.
pub async fn strict_transport(
    State(state): State<AppState>,
    request: Request<Body>,
    next: Next,
) -> Response {
    let mut response = next.run(request).await;
    if state.config.public_url.starts_with("https://") {
        response.headers_mut().insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        );
    }
    response
}

/// Refuses bodies over the limit with 413, whether declared by Content-Length or streamed.
/// Our bodies are small forms, so reading them here first costs nothing noticeable.
pub async fn body_size_limit(request: Request<Body>, next: Next) -> Response {
    let too_large = || {
        german_text(
            StatusCode::PAYLOAD_TOO_LARGE,
            "Die Eingabe ist zu groß. Bitte kürzen Sie den Text und senden Sie das Formular erneut.",
        )
    };
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|len| len > crate::BODY_LIMIT_BYTES) {
        return too_large();
    }
    if matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    ) {
        return next.run(request).await;
    }
    let (parts, body) = request.into_parts();
    match axum::body::to_bytes(body, crate::BODY_LIMIT_BYTES).await {
        Ok(bytes) => {
            next.run(Request::from_parts(parts, Body::from(bytes)))
                .await
        }
        Err(_) => too_large(),
    }
}

/// Whether a state-changing request comes from our own pages (Fetch Metadata, then Origin).
pub fn is_cross_site(request: &Request<Body>) -> bool {
    let headers = request.headers();
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        return !matches!(site, "same-origin" | "none");
    }
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        // Neither header: not a browser form or fetch (browsers send Origin on POST).
        return false;
    };
    let Some(host) = headers.get(header::HOST).and_then(|v| v.to_str().ok()) else {
        return true;
    };
    let origin_host = origin
        .strip_prefix("https://")
        .or_else(|| origin.strip_prefix("http://"));
    origin_host != Some(host)
}

pub async fn refuse_cross_site_writes(request: Request<Body>, next: Next) -> Response {
    let safe = matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    if !safe && is_cross_site(&request) {
        tracing::warn!(path = %request.uri().path(), "cross-site write refused");
        return german_text(
            StatusCode::FORBIDDEN,
            "Diese Anfrage kam nicht von den Seiten des Aktionsplans und wurde aus Sicherheitsgründen abgelehnt. \
             Bitte öffnen Sie das Formular direkt in der Anwendung und senden Sie es dort ab.",
        );
    }
    next.run(request).await
}

/// Resolves the session cookie to the current user for everything behind it.
pub async fn session_user(
    State(state): State<AppState>,
    mut request: Request<Body>,
    next: Next,
) -> Response {
    let path = request.uri().path();
    let is_static = path.starts_with("/pkg/") || path == "/favicon.svg";
    if !is_static {
        let secure = state.config.secure_cookies();
        if let Some(token) = session::token_from_headers(request.headers(), secure) {
            match session::resolve(&state.db, &token).await {
                Ok(Some(user)) => {
                    request.extensions_mut().insert(SessionUser(user));
                }
                Ok(None) => {}
                Err(error) => {
                    tracing::warn!(%error, "session lookup failed");
                    let mut response = german_text(
                        StatusCode::SERVICE_UNAVAILABLE,
                        &app::error::AppError::Unavailable.to_string(),
                    );
                    response.headers_mut().insert(
                        header::RETRY_AFTER,
                        HeaderValue::from(app::error::RETRY_AFTER_UNAVAILABLE_SECS),
                    );
                    return response;
                }
            }
        }
    }
    next.run(request).await
}

/// Anonymous visitors of the staff area are sent to the login first (and back afterwards).
pub async fn staff_area_requires_login(request: Request<Body>, next: Next) -> Response {
    let path = request.uri().path();
    let is_staff_page = path == "/intern" || path.starts_with("/intern/");
    if is_staff_page && request.extensions().get::<SessionUser>().is_none() {
        let back = request
            .uri()
            .path_and_query()
            .map(|pq| pq.as_str().to_owned())
            .unwrap_or_else(|| "/intern".to_owned());
        let target = format!("/anmelden?weiter={}", app::api::urlencode(&back));
        return Redirect::to(&target).into_response();
    }
    next.run(request).await
}

/// Leptos answers every server-function error with 500; this sets the status the error names.
pub async fn server_fn_status(request: Request<Body>, next: Next) -> Response {
    let is_server_fn = request.uri().path().starts_with("/api/");
    let response = next.run(request).await;
    if !is_server_fn || response.status() != StatusCode::INTERNAL_SERVER_ERROR {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 1024 * 1024).await else {
        return german_text(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Entschuldigung, da ist etwas schiefgegangen.",
        );
    };
    if let Ok(ErrorBody { error, .. }) = serde_json::from_slice::<ErrorBody>(&bytes) {
        parts.status = error.status();
        let retry_after = match error {
            app::error::AppError::TooManyRequests { retry_after_secs } => Some(retry_after_secs),
            app::error::AppError::Unavailable => Some(app::error::RETRY_AFTER_UNAVAILABLE_SECS),
            _ => None,
        };
        if let Some(secs) = retry_after {
            parts
                .headers
                .insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// A form sent without JavaScript that fails comes back through Leptos' redirect to its page,
/// with the error in the address (`__path`, `__err`). What it sent is kept for a while and named
/// in the address (`__echo`), so that the page fills the form in again, and the error is signed
/// (`__sig`); any other redirect drops an `__echo` and `__sig` left from an earlier attempt.
pub async fn echo_failed_forms(
    State(state): State<AppState>,
    request: Request<Body>,
    next: Next,
) -> Response {
    let is_form_post = request.method() == Method::POST
        && request.uri().path().starts_with("/api/")
        && request
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if !is_form_post {
        return next.run(request).await;
    }
    let client = request.extensions().get::<ClientIp>().map(|ip| ip.0);
    let (parts, body) = request.into_parts();
    let Ok(sent) = axum::body::to_bytes(body, crate::BODY_LIMIT_BYTES).await else {
        return german_text(
            StatusCode::PAYLOAD_TOO_LARGE,
            "Die Eingabe ist zu groß. Bitte kürzen Sie den Text und senden Sie das Formular erneut.",
        );
    };
    let mut response = next
        .run(Request::from_parts(parts, Body::from(sent.clone())))
        .await;
    if !response.status().is_redirection() {
        return response;
    }
    let Some(location) = response
        .headers()
        .get(header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
    else {
        return response;
    };
    let Some((base, query)) = location.split_once('?') else {
        return response;
    };
    let mut pairs: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes())
        .into_owned()
        .collect();
    // What an earlier failure left in the address (the echo and the error's signature) goes.
    let had_echo = pairs
        .iter()
        .any(|(k, _)| k == "__echo" || k == ERROR_SIGNATURE);
    pairs.retain(|(k, _)| k != "__echo" && k != ERROR_SIGNATURE);
    let failed_path = pairs
        .iter()
        .find(|(k, _)| k == "__path")
        .map(|(_, v)| v.clone())
        .filter(|_| pairs.iter().any(|(k, _)| k == "__err"));
    if let Some(path) = failed_path {
        let values = form_urlencoded::parse(&sent).into_owned().collect();
        let owner = client.map(app::server::request::limit_key);
        pairs.push((
            "__echo".into(),
            state.form_echo.remember(&path, values, owner),
        ));
        // The error is ours: signed, so that the page shows it (see `signed_form_errors`).
        if let Some(error) = pairs
            .iter()
            .find(|(k, _)| k == "__err")
            .map(|(_, v)| v.clone())
        {
            pairs.push((
                ERROR_SIGNATURE.into(),
                error_signature(&state, &path, &error),
            ));
        }
    } else if !had_echo {
        return response;
    }
    let query = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(&pairs)
        .finish();
    let target = if query.is_empty() {
        base.to_owned()
    } else {
        format!("{base}?{query}")
    };
    if let Ok(value) = HeaderValue::from_str(&target) {
        response.headers_mut().insert(header::LOCATION, value);
    }
    response
}

/// The query parameter that signs a failed form's error (`__err`) for its server function
/// (`__path`).
const ERROR_SIGNATURE: &str = "__sig";

fn error_signature(state: &AppState, path: &str, error: &str) -> String {
    state
        .config
        .link_key
        .token(format!("formularfehler:{path}:{error}").as_bytes())
}

/// A page shows the error in its address (`__err`, how a form sent without JavaScript failed)
/// only if the server made it: anybody can write a link with an error of their own wording ("Ihr
/// Konto ist gesperrt, rufen Sie … an") to the city's login page. An unsigned or altered error is
/// replaced by a generic one, by a redirect, so that the browser's address (which the hydrated
/// page reads too) no longer carries the forged text.
pub async fn signed_form_errors(
    State(state): State<AppState>,
    request: Request<Body>,
    next: Next,
) -> Response {
    let Some(query) = request
        .uri()
        .query()
        .filter(|_| request.method() == Method::GET)
    else {
        return next.run(request).await;
    };
    let pairs: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes())
        .into_owned()
        .collect();
    let value = |key: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    };
    let Some(error) = value("__err") else {
        return next.run(request).await;
    };
    let path = value("__path").unwrap_or_default();
    let expected = error_signature(&state, path, error);
    let sent = value(ERROR_SIGNATURE).unwrap_or_default();
    if app::server::token::same_mac(&expected, sent) {
        return next.run(request).await;
    }
    tracing::info!(path = %request.uri().path(), "an error message in the address was not ours; replaced");
    let mut kept: Vec<(String, String)> = pairs
        .iter()
        .filter(|(k, _)| !matches!(k.as_str(), "__err" | "__path" | "__echo" | ERROR_SIGNATURE))
        .cloned()
        .collect();
    if !path.is_empty() {
        use base64::engine::general_purpose::URL_SAFE;
        use leptos::server_fn::error::FromServerFnError as _;
        let generic = URL_SAFE.encode(app::error::AppError::NotDone.ser());
        kept.push(("__path".into(), path.to_owned()));
        kept.push((
            ERROR_SIGNATURE.into(),
            error_signature(&state, path, &generic),
        ));
        kept.push(("__err".into(), generic));
    }
    let query = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(&kept)
        .finish();
    let target = if query.is_empty() {
        request.uri().path().to_owned()
    } else {
        format!("{}?{query}", request.uri().path())
    };
    Redirect::to(&target).into_response()
}

/// Runs the rest of the request in a task of its own. A client that goes away (a laptop losing
/// its Wi-Fi while a record is being saved) makes hyper drop the request's future; dropped inside
/// a write transaction, that future could leave the one writer connection mid-statement, and every
/// later write (logins too) would wait behind it. In its own task the request always finishes: it
/// commits or rolls back, and the connection goes back clean. A panic becomes a German 500.
pub async fn run_to_completion(request: Request<Body>, next: Next) -> Response {
    match tokio::spawn(next.run(request)).await {
        Ok(response) => response,
        Err(error) => {
            tracing::error!(%error, "request task failed");
            german_text(
                StatusCode::INTERNAL_SERVER_ERROR,
                &app::error::AppError::Internal.to_string(),
            )
        }
    }
}

/// Replaces the peer address with the client's when the peer is a trusted reverse proxy
/// (`--trusted-proxy`); rate limits and logs then see the visitor, not the proxy.
pub async fn client_address(
    State(state): State<AppState>,
    mut request: Request<Body>,
    next: Next,
) -> Response {
    if let Some(ClientIp(peer)) = request.extensions().get::<ClientIp>().copied() {
        let client = state.trusted_proxies.client(peer, request.headers());
        request.extensions_mut().insert(ClientIp(client));
    }
    next.run(request).await
}
