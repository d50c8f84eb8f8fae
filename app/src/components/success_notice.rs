//! A confirmation after a saved change, taken from the `ok` query parameter of the redirect.
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// Shows the message that `messages` gives for the current `ok` value.
#[component]
pub fn SuccessNotice(messages: fn(&str) -> Option<&'static str>) -> impl IntoView {
    let query = use_query_map();
    move || {
        query
            .read()
            .get("ok")
            .and_then(|ok| messages(&ok))
            .map(|message| {
                view! { <div class="notice notice-success" role="status"><p>{message}</p></div> }
            })
    }
}
