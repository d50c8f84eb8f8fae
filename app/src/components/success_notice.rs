//! A confirmation after a saved change, taken from the `ok` query parameter of the redirect.
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// Counts the successful runs of `action`: a page's data keyed on it reloads after each save (the
/// address may stay the same), but not after a refused one, so that typed text stays.
pub fn saved_version<A>(action: ServerAction<A>) -> Memo<usize>
where
    A: leptos::server_fn::ServerFn<Output = ()> + Clone + Send + Sync + 'static,
    A::Error: Clone + Send + Sync + 'static,
{
    Memo::new(move |before: Option<&usize>| {
        if matches!(action.value().get(), Some(Ok(()))) {
            action.version().get()
        } else {
            before.copied().unwrap_or_default()
        }
    })
}

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
