//! First start: the one-time setup link creates the first Projektbüro account.
use crate::api::auth::check_link;
use crate::api::auth::CompleteSetup;
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
pub fn SetupPage() -> impl IntoView {
    let setup = ServerAction::<CompleteSetup>::new();
    let query = use_query_map();
    let token = move || query.read().get("token").unwrap_or_default();
    let valid = Resource::new(token, |token| check_link(token, "setup".into()));
    let error = Signal::derive(move || setup.value().get().and_then(Result::err));
    view! {
        <Title text="Einrichtung" />
        <h1>"Aktionsplan einrichten"</h1>
        <Suspense fallback=|| view! { <p>"Link wird geprüft …"</p> }>
            {move || Suspend::new(async move {
                match valid.await {
                    Ok(true) => view! {
                        <p>"Legen Sie das erste Konto für das Projektbüro an. Mit diesem Konto legen Sie danach alle weiteren Konten an. Der Link funktioniert nur einmal."</p>
                        <ActionForm action=setup attr:class="form narrow">
                            <FormErrors error />
                            <input type="hidden" name="token" value=token />
                            <TextField label="Ihr Name" name="name" autocomplete="name" required=true error=field_error(error, "name") />
                            <TextField label="E-Mail-Adresse" name="email" input_type="email" autocomplete="username" required=true error=field_error(error, "email") />
                            <TextField label="Passwort" name="password" input_type="password" autocomplete="new-password" required=true hint="Mindestens 12 Zeichen. Ein Satz aus mehreren Wörtern ist sicher und leicht zu merken." error=field_error(error, "password") />
                            <TextField label="Passwort wiederholen" name="password_repeat" input_type="password" autocomplete="new-password" required=true error=field_error(error, "password_repeat") />
                            <button type="submit">"Konto anlegen und anmelden"</button>
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
