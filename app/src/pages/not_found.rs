//! The 404 page.
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    crate::server::request::set_status(http::StatusCode::NOT_FOUND);
    view! {
        <Title text="Seite nicht gefunden" />
        <h1>"Diese Seite gibt es nicht"</h1>
        <p>"Vielleicht wurde die Adresse falsch eingegeben oder die Seite ist umgezogen."</p>
        <p><a href="/">"Zur Startseite mit allen Gebieten"</a></p>
    }
}
