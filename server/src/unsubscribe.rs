//! `POST /abbestellen/<token>`: ends a stakeholder's e-mail updates, from the button on the
//! page of the same address or from the mail program (RFC 8058 one-click, no cookies, no
//! Origin); `POST /bestaetigen/<token>` confirms the address (double opt-in). Then back to the
//! page, which says what happened in the form's language.
use app::server::services::need_updates;
use app::server::state::AppState;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use std::collections::HashMap;

fn language(query: &HashMap<String, String>) -> &str {
    query
        .get("sprache")
        .map(String::as_str)
        .filter(|l| matches!(*l, "de" | "en" | "tr" | "ar"))
        .unwrap_or("de")
}

pub async fn confirm(
    State(state): State<AppState>,
    Path(token): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let language = language(&query);
    match need_updates::confirm(&state.db, &token, app::server::db::now_unix()).await {
        Ok(confirmed) => Redirect::to(&format!(
            "{}?sprache={language}&ergebnis={}",
            need_updates::confirm_path(&token),
            if confirmed { "bestaetigt" } else { "unbekannt" }
        ))
        .into_response(),
        Err(error) => crate::plain_error(error),
    }
}

pub async fn unsubscribe(
    State(state): State<AppState>,
    Path(token): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let language = language(&query);
    match need_updates::unsubscribe(&state.db, &token).await {
        Ok(removed) => Redirect::to(&format!(
            "{}?sprache={language}&ergebnis={}",
            need_updates::unsubscribe_path(&token),
            if removed { "abbestellt" } else { "unbekannt" }
        ))
        .into_response(),
        Err(error) => crate::plain_error(error),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_address_is_encoded_once() {
        assert_eq!(
            app::server::services::need_updates::unsubscribe_path("a/b"),
            format!("/abbestellen/{}", app::domain::format::urlencode("a/b"))
        );
    }
}
