//! Staff login with e-mail and password.
use crate::api::auth::Login;
use crate::components::{
    field::{field_error, TextField},
    form_errors::FormErrors,
};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn LoginPage() -> impl IntoView {
    let login = ServerAction::<Login>::new();
    let query = use_query_map();
    let next = move || query.read().get("weiter").unwrap_or_default();
    let error = Signal::derive(move || login.value().get().and_then(Result::err));
    view! {
        <Title text="Anmelden" />
        <h1>"Anmelden"</h1>
        <p>"Für Aktionsraumbeauftragte und das Projektbüro. Akteure brauchen kein Konto."</p>
        <ActionForm action=login attr:class="form narrow">
            <FormErrors error />
            <input type="hidden" name="next" value=next />
            <TextField label="E-Mail-Adresse" name="email" input_type="email" autocomplete="username" required=true error=field_error(error, "email") />
            <TextField label="Passwort" name="password" input_type="password" autocomplete="current-password" required=true error=field_error(error, "password") />
            <button type="submit">"Anmelden"</button>
        </ActionForm>
        <p class="hint">"Passwort vergessen? Das Projektbüro schickt Ihnen einen Link, mit dem Sie ein neues Passwort festlegen."</p>
    }
}
