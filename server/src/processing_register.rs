//! `/intern/verarbeitungsverzeichnis.md`: the Verzeichnis von Verarbeitungstätigkeiten as a
//! Markdown file, made from the server's settings (Projektbüro only).
use app::domain::format::date_de;
use app::domain::processing_register::to_markdown;
use app::server::access::{self, SignedIn};
use app::server::db::now_unix;
use app::server::services::processing_register;
use app::server::state::AppState;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};

pub async fn markdown(State(state): State<AppState>, SignedIn(user): SignedIn) -> Response {
    let office = match access::project_office(&user) {
        Ok(office) => office,
        Err(error) => return crate::plain_error(error),
    };
    let register = processing_register::current(&state.config, &office);
    let made_on = date_de(app::domain::schedule::to_local(now_unix()).date());
    (
        [
            (header::CONTENT_TYPE, "text/markdown; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"verarbeitungsverzeichnis.md\"",
            ),
            (header::CACHE_CONTROL, "no-store"),
        ],
        to_markdown(&register, &made_on),
    )
        .into_response()
}
