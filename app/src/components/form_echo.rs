//! Fills a form in again with what it sent when it came back with an error without JavaScript
//! (with JavaScript the typed values simply stay on the page).
use leptos::context::Provider;
use leptos::prelude::*;
use std::sync::Arc;

/// What the failed form sent: its server function's path and its fields in order. The layout
/// provides it on the server when the address names a kept form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EchoedForm {
    pub path: String,
    pub values: Arc<Vec<(String, String)>>,
}

/// The server function the fields inside belong to.
#[derive(Debug, Clone, Copy)]
struct EchoTarget(&'static str);

/// Marks the fields inside as belonging to the server function at `path`: only they take the
/// echoed values, other forms on the page keep theirs.
#[component]
pub fn EchoScope(path: &'static str, children: Children) -> impl IntoView {
    view! { <Provider value=EchoTarget(path)>{children()}</Provider> }
}

fn echoed_form() -> Option<EchoedForm> {
    let target = use_context::<EchoTarget>()?;
    use_context::<EchoedForm>().filter(|form| form.path == target.0)
}

/// The value the failed form sent for the field `name`, if this is that form.
pub fn echoed(name: &str) -> Option<String> {
    echoed_form()?
        .values
        .iter()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.clone())
}

/// For a checkbox: whether the failed form sent it ticked, if this is that form.
pub fn echoed_checked(name: &str, value: &str) -> Option<bool> {
    let form = echoed_form()?;
    Some(form.values.iter().any(|(k, v)| k == name && v == value))
}
