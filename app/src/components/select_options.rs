//! The `<option>`s of a filter's `<select>`, the current one selected.
use leptos::prelude::*;

pub fn select_options<T: Copy + PartialEq>(
    all: impl IntoIterator<Item = T>,
    current: Option<T>,
    code: impl Fn(T) -> String,
    label: impl Fn(T) -> String,
) -> impl IntoView {
    all.into_iter()
        .map(|item| {
            let selected = current == Some(item);
            view! { <option value=code(item) selected=selected>{label(item)}</option> }
        })
        .collect_view()
}
