//! Setting a new password with a one-time link from the Projektbüro.
use crate::api::auth::check_link;
use crate::api::auth::CompleteReset;
use crate::components::{
    error_notice::ErrorNotice,
    field::{field_error, TextField},
    form_errors::FormErrors,
};
use crate::error::AppError;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn ResetPage() -> impl IntoView {
    let reset = ServerAction::<CompleteReset>::new();
    let query = use_query_map();
    let token = move || query.read().get("token").unwrap_or_default();
    let valid = Resource::new(token, |token| check_link(token, "reset".into()));
    let error = Signal::derive(move || reset.value().get().and_then(Result::err));
    view! {
        <Title text="Passwort festlegen" />
        <h1>"Passwort festlegen"</h1>
        <Suspense fallback=|| view! { <p>"Link wird geprüft …"</p> }>
            {move || Suspend::new(async move {
                match valid.await {
                    Ok(true) => view! {
                        <p>"Wählen Sie Ihr neues Passwort. Danach sind Sie angemeldet; andere Anmeldungen Ihres Kontos werden beendet."</p>
                        <ActionForm action=reset attr:class="form narrow">
                            <FormErrors error />
                            <input type="hidden" name="token" value=token />
                            <TextField label="Neues Passwort" name="password" input_type="password" autocomplete="new-password" required=true hint="Mindestens 12 Zeichen. Ein Satz aus mehreren Wörtern ist sicher und leicht zu merken." error=field_error(error, "password") />
                            <TextField label="Passwort wiederholen" name="password_repeat" input_type="password" autocomplete="new-password" required=true error=field_error(error, "password_repeat") />
                            <button type="submit">"Passwort speichern"</button>
                        </ActionForm>
                    }
                        .into_any(),
                    Ok(false) => view! { <ErrorNotice error=AppError::InvalidLink /> }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}
