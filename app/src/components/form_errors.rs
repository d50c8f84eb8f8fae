//! The error summary at the top of a form: announced, focusable, linking to each field.
use crate::error::AppError;
use leptos::prelude::*;

/// What the summary says: a headline and one line per problem, linked to its field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorSummary {
    pub headline: String,
    pub items: Vec<SummaryItem>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SummaryItem {
    pub text: String,
    /// The field's anchor; `None` for problems of the whole form.
    pub href: Option<String>,
}

impl ErrorSummary {
    /// The German summary of an error: field messages link to `#feld-<prefix><field>`.
    pub fn of(error: &AppError, id_prefix: &str) -> Self {
        let items = match error {
            AppError::Validation(errors) => errors
                .0
                .iter()
                .map(|e| SummaryItem {
                    text: e.message.clone(),
                    href: (e.field != "form").then(|| format!("#feld-{id_prefix}{}", e.field)),
                })
                .collect(),
            AppError::ScheduleConflicts(conflicts) => conflicts
                .iter()
                .map(|c| SummaryItem {
                    text: c.describe(),
                    href: Some(format!("/intern/termine/{}", c.meeting_id)),
                })
                .collect(),
            _ => Vec::new(),
        };
        Self {
            headline: error.to_string(),
            items,
        }
    }
}

#[component]
pub fn FormErrors(
    #[prop(into)] error: Signal<Option<AppError>>,
    /// The `id_prefix` of the form's fields, so that the links find them.
    #[prop(optional)]
    id_prefix: &'static str,
) -> impl IntoView {
    let summary =
        Signal::derive(move || error.with(|e| e.as_ref().map(|e| ErrorSummary::of(e, id_prefix))));
    view! { <ErrorSummaryBox summary /> }
}

/// Shows a summary (German or translated) and moves the focus to it.
#[component]
pub fn ErrorSummaryBox(#[prop(into)] summary: Signal<Option<ErrorSummary>>) -> impl IntoView {
    let node = NodeRef::<leptos::html::Div>::new();
    // Move the focus to the summary when a new error arrives, so screen readers read it.
    Effect::new(move |_| {
        if summary.with(Option::is_some) {
            if let Some(element) = node.get() {
                let _ = element.focus();
            }
        }
    });
    move || {
        summary.get().map(|summary| {
            let items = summary
                .items
                .into_iter()
                .map(|item| match item.href {
                    Some(href) => view! { <li><a href=href>{item.text}</a></li> }.into_any(),
                    None => view! { <li>{item.text}</li> }.into_any(),
                })
                .collect_view();
            view! {
                // `autofocus` moves the focus here when the page comes back without JavaScript.
                <div class="form-errors" role="alert" tabindex="-1" autofocus=true node_ref=node>
                    <p><strong>{summary.headline}</strong></p>
                    <ul>{items}</ul>
                </div>
            }
        })
    }
}
