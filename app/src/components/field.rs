//! A labelled input with hint and error, linked by `aria-describedby`.
use super::form_echo::echoed;
use crate::error::AppError;
use leptos::prelude::*;

/// The message for one field out of an action's error.
pub fn field_error(error: Signal<Option<AppError>>, field: &'static str) -> Signal<Option<String>> {
    Signal::derive(move || error.get().and_then(|e| e.field_message(field)))
}

/// The `aria-describedby` value: the hint if there is one, the error while there is one.
fn described_by(
    has_hint: bool,
    hint_id: String,
    error_id: String,
    error: Signal<Option<String>>,
) -> impl Fn() -> Option<String> + Send + Sync + 'static {
    move || {
        let mut ids = Vec::new();
        if has_hint {
            ids.push(hint_id.clone());
        }
        if error.get().is_some() {
            ids.push(error_id.clone());
        }
        (!ids.is_empty()).then(|| ids.join(" "))
    }
}

/// " (Pflichtfeld)" or its translation.
#[component]
fn RequiredMark(text: Option<TextProp>) -> impl IntoView {
    let text = text.unwrap_or_else(|| TextProp::from("(Pflichtfeld)"));
    view! { <span class="required">" "{move || text.get().to_string()}</span> }
}

#[component]
pub fn TextField(
    /// Label and hint follow a signal where the page can switch its language.
    #[prop(into)]
    label: TextProp,
    name: &'static str,
    #[prop(default = "text")] input_type: &'static str,
    #[prop(optional, into)] value: String,
    #[prop(optional)] required: bool,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional, into)] hint: Option<TextProp>,
    /// The marker after the label of a required field, " (Pflichtfeld)" unless translated.
    #[prop(optional, into)]
    required_mark: Option<TextProp>,
    #[prop(optional)] maxlength: Option<usize>,
    /// Distinguishes the ids when two forms on one page share a field name.
    #[prop(optional)]
    id_prefix: &'static str,
    #[prop(into)] error: Signal<Option<String>>,
) -> impl IntoView {
    let id = format!("feld-{id_prefix}{name}");
    let hint_id = format!("{id}-hinweis");
    let error_id = format!("{id}-fehler");
    let described = described_by(hint.is_some(), hint_id.clone(), error_id.clone(), error);
    let value = if input_type == "password" {
        value
    } else {
        echoed(name).unwrap_or(value)
    };
    view! {
        <div class="field" class:field-invalid=move || error.get().is_some()>
            <label for=id.clone()>
                {move || label.get().to_string()}
                {required.then(|| view! { <RequiredMark text=required_mark.clone() /> })}
            </label>
            {hint.map(|h| view! { <p class="hint" id=hint_id>{move || h.get().to_string()}</p> })}
            <input
                id=id
                type=input_type
                name=name
                value=value
                required=required
                autocomplete=autocomplete
                maxlength=maxlength
                aria-describedby=described
                aria-invalid=move || error.get().map(|_| "true")
            />
            {move || error.get().map(|m| view! { <p class="field-error" id=error_id.clone()>{m}</p> })}
        </div>
    }
}

#[component]
pub fn TextArea(
    #[prop(into)] label: TextProp,
    name: &'static str,
    #[prop(optional, into)] value: String,
    #[prop(optional, into)] hint: Option<TextProp>,
    #[prop(optional, into)] required_mark: Option<TextProp>,
    #[prop(default = 4)] rows: u32,
    #[prop(optional)] required: bool,
    #[prop(optional)] id_prefix: &'static str,
    #[prop(into)] error: Signal<Option<String>>,
) -> impl IntoView {
    let value = echoed(name).unwrap_or(value);
    let id = format!("feld-{id_prefix}{name}");
    let hint_id = format!("{id}-hinweis");
    let error_id = format!("{id}-fehler");
    let described = described_by(hint.is_some(), hint_id.clone(), error_id.clone(), error);
    view! {
        <div class="field" class:field-invalid=move || error.get().is_some()>
            <label for=id.clone()>
                {move || label.get().to_string()}
                {required.then(|| view! { <RequiredMark text=required_mark.clone() /> })}
            </label>
            {hint.map(|h| view! { <p class="hint" id=hint_id>{move || h.get().to_string()}</p> })}
            <textarea
                id=id
                name=name
                rows=rows
                required=required
                aria-describedby=described
                aria-invalid=move || error.get().map(|_| "true")
            >
                {value}
            </textarea>
            {move || error.get().map(|m| view! { <p class="field-error" id=error_id.clone()>{m}</p> })}
        </div>
    }
}

/// A `<select>` with label; `options` are (value, label) pairs.
#[component]
pub fn SelectField(
    #[prop(into)] label: String,
    name: &'static str,
    options: Vec<(String, String)>,
    #[prop(optional, into)] selected: String,
    #[prop(into)] error: Signal<Option<String>>,
) -> impl IntoView {
    let selected = echoed(name).unwrap_or(selected);
    let id = format!("feld-{name}");
    let error_id = format!("{id}-fehler");
    let described = {
        let error_id = error_id.clone();
        move || error.get().map(|_| error_id.clone())
    };
    view! {
        <div class="field" class:field-invalid=move || error.get().is_some()>
            <label for=id.clone()>{label}</label>
            <select id=id name=name aria-describedby=described aria-invalid=move || error.get().map(|_| "true")>
                {options
                    .into_iter()
                    .map(|(value, text)| {
                        let is_selected = value == selected;
                        view! { <option value=value selected=is_selected>{text}</option> }
                    })
                    .collect_view()}
            </select>
            {move || error.get().map(|m| view! { <p class="field-error" id=error_id.clone()>{m}</p> })}
        </div>
    }
}
