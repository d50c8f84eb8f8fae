//! The field for a current code before an action that gives lasting control over accounts
//! (step-up): another account's password or second factor, locking, recovery codes, erasing
//! personal data. Optional within five minutes of the last code given in the session.
use crate::components::field::TextField;
use leptos::prelude::*;

#[component]
pub fn StepUpField(
    /// Distinguishes the ids when several such forms share a page.
    #[prop(optional)]
    id_prefix: &'static str,
    #[prop(into)] error: Signal<Option<String>>,
) -> impl IntoView {
    view! {
        <TextField
            label="Aktueller Code aus Ihrer App"
            name="step_up_code"
            id_prefix
            autocomplete="one-time-code"
            maxlength=100
            hint="Zur Bestätigung dieser Aktion. Nicht nötig, wenn Sie in den letzten fünf Minuten schon einen Code eingegeben haben. Ein Wiederherstellungscode gilt auch."
            error
        />
    }
}
