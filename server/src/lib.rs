//! The HTTP side of Aktionsplan: router, middleware stack and the connection loop.
#![recursion_limit = "512"]
pub mod calendar;
pub mod cli;
pub mod demo;
pub mod document_order;
pub mod middleware;
pub mod needs_export;
pub mod open_data;
pub mod page_cache;
pub mod personal_data;
pub mod processing_register;
pub mod programme_pdf;
pub mod public_files;
pub mod serve;
pub mod status_report_pdf;
pub mod unsubscribe;

use app::server::state::AppState;
use app::{shell, App};
use axum::body::Body;
use axum::extract::State;
use axum::http::Request;
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::Router;
use leptos::prelude::provide_context;
use leptos_axum::{generate_route_list, handle_server_fns_with_context, LeptosRoutes};
use std::time::Duration;
use tower_http::compression::CompressionLayer;
use tower_http::timeout::TimeoutLayer;

/// Largest request body accepted (forms are small; this also covers later uploads of text).
pub const BODY_LIMIT_BYTES: usize = 256 * 1024;

async fn server_fn_handler(
    State(state): State<AppState>,
    request: Request<Body>,
) -> impl IntoResponse {
    handle_server_fns_with_context(move || provide_context(state.clone()), request).await
}

/// A failed file download (calendar, export, data report): the error's status and its German
/// message as plain text.
pub fn plain_error(error: app::error::AppError) -> axum::response::Response {
    use axum::response::IntoResponse as _;
    // A plain answer has no form to mark: each wrong input is named in a line of its own.
    let mut text = error.to_string();
    if let app::error::AppError::Validation(errors) = &error {
        for field in &errors.0 {
            text.push_str("\n– ");
            text.push_str(&field.message);
        }
    }
    (
        error.status(),
        [(
            axum::http::header::CONTENT_TYPE,
            "text/plain; charset=utf-8",
        )],
        text,
    )
        .into_response()
}

/// The app's routes, listed once per process. Listing them runs the app with resource loading
/// suppressed by a process-wide flag (leptos_server's `SuppressResourceLoad`), and a resource that
/// first polls while the flag is up never wakes (leptos issue #4773): routers built while others
/// render (the HTTP tests build one per test) left a render hanging until the request timeout.
static ROUTES: std::sync::LazyLock<Vec<leptos_axum::AxumRouteListing>> =
    std::sync::LazyLock::new(|| generate_route_list(App));

/// The whole application with its middleware, ready to serve.
pub fn router(state: AppState) -> Router {
    let routes = ROUTES.clone();
    let context_state = state.clone();
    let shell_options = state.leptos_options.clone();
    let fallback_state = state.clone();
    Router::new()
        .route("/api/{*fn_name}", post(server_fn_handler))
        .route("/intern/termine/{id}/termin.ics", get(calendar::meeting))
        .route("/einladung/{token}/termin.ics", get(calendar::invitation))
        .route("/kalender/{file}", get(calendar::feed))
        .route(
            "/intern/datenschutz/auskunft.json",
            post(personal_data::export),
        )
        .route(
            "/intern/verarbeitungsverzeichnis.md",
            get(processing_register::markdown),
        )
        .route("/intern/bedarfe/bedarfe.csv", get(needs_export::csv))
        .route("/intern/bedarfe/bedarfe.xlsx", get(needs_export::xlsx))
        .route(
            "/intern/sachstand/sachstandsbericht.pdf",
            get(status_report_pdf::download),
        )
        .route(
            "/offene-daten/aktionsprogramme.json",
            get(open_data::programmes_json),
        )
        .route(
            "/offene-daten/aktionsprogramme/{file}",
            get(open_data::programme_json),
        )
        .route("/offene-daten/massnahmen.csv", get(open_data::measures_csv))
        .route(
            "/offene-daten/umsetzung.json",
            get(open_data::implementation_json),
        )
        .route(
            "/offene-daten/umsetzung.csv",
            get(open_data::implementation_csv),
        )
        .route("/offene-daten/openapi.json", get(open_data::openapi))
        .route("/offene-daten/katalog.jsonld", get(open_data::catalogue))
        // The page of the same address is the Leptos route (GET).
        .route("/abbestellen/{token}", post(unsubscribe::unsubscribe))
        .route("/bestaetigen/{token}", post(unsubscribe::confirm))
        .route(
            "/gebiete/{slug}/aktionsprogramm.pdf",
            get(programme_pdf::download),
        )
        .leptos_routes_with_context(
            &state,
            routes,
            move || provide_context(context_state.clone()),
            move || shell(shell_options.clone()),
        )
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            AppState,
            _,
        >(
            move || provide_context(fallback_state.clone()), shell
        ))
        .layer(axum::middleware::from_fn(document_order::valid_document))
        .layer(axum::middleware::from_fn(middleware::server_fn_status))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            middleware::echo_failed_forms,
        ))
        .layer(axum::middleware::from_fn(
            middleware::staff_area_requires_login,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            middleware::signed_form_errors,
        ))
        .layer(axum::middleware::from_fn_with_state(
            page_cache::PageCache::new(state.db.clone()),
            page_cache::serve,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            middleware::session_user,
        ))
        .layer(axum::middleware::from_fn(
            middleware::refuse_cross_site_writes,
        ))
        .layer(axum::middleware::from_fn(middleware::run_to_completion))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            middleware::client_address,
        ))
        .layer(axum::middleware::from_fn(middleware::body_size_limit))
        .layer(axum::middleware::from_fn(middleware::security_headers))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            middleware::strict_transport,
        ))
        .layer(CompressionLayer::new())
        .layer(TimeoutLayer::with_status_code(
            axum::http::StatusCode::REQUEST_TIMEOUT,
            Duration::from_secs(30),
        ))
        .with_state(state)
}
