//! The error summary at the top of a form: announced, focusable, linking to each field.
use crate::error::AppError;
use leptos::prelude::*;

#[component]
pub fn FormErrors(
    #[prop(into)] error: Signal<Option<AppError>>,
    /// The `id_prefix` of the form's fields, so that the links find them.
    #[prop(optional)]
    id_prefix: &'static str,
) -> impl IntoView {
    let summary = NodeRef::<leptos::html::Div>::new();
    // Move the focus to the summary when a new error arrives, so screen readers read it.
    Effect::new(move |_| {
        if error.get().is_some() {
            if let Some(element) = summary.get() {
                let _ = element.focus();
            }
        }
    });
    move || {
        error.get().map(|error| {
            let items = match &error {
                AppError::Validation(errors) => errors
                    .0
                    .iter()
                    .map(|e| {
                        let href = format!("#feld-{id_prefix}{}", e.field);
                        let message = e.message.clone();
                        if e.field == "form" {
                            view! { <li>{message}</li> }.into_any()
                        } else {
                            view! { <li><a href=href>{message}</a></li> }.into_any()
                        }
                    })
                    .collect_view()
                    .into_any(),
                AppError::ScheduleConflicts(conflicts) => conflicts
                    .iter()
                    .map(|c| {
                        let href = format!("/intern/termine/{}", c.meeting_id);
                        view! { <li><a href=href>{c.describe()}</a></li> }
                    })
                    .collect_view()
                    .into_any(),
                _ => ().into_any(),
            };
            view! {
                // `autofocus` moves the focus here when the page comes back without JavaScript.
                <div class="form-errors" role="alert" tabindex="-1" autofocus=true node_ref=summary>
                    <p><strong>{error.to_string()}</strong></p>
                    <ul>{items}</ul>
                </div>
            }
        })
    }
}
