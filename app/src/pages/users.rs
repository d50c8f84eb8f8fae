//! The Projektbüro's list of accounts and the form for a new one.
use crate::api::users::{list_users, CreateUser};
use crate::components::area_checkboxes::AreaCheckboxes;
use crate::components::error_notice::ErrorNotice;
use crate::components::field::{field_error, SelectField, TextField};
use crate::components::form_errors::FormErrors;
use crate::domain::area::Area;
use crate::domain::user::{Account, Role};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn UsersPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| list_users());
    view! {
        <Title text="Benutzerkonten" />
        <p class="breadcrumb"><a href="/intern">"Übersicht"</a></p>
        <h1>"Benutzerkonten"</h1>
        <Suspense fallback=|| view! { <p>"Wird geladen …"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok((accounts, areas)) => view! {
                        <AccountTable accounts areas=areas.clone() />
                        <NewUserForm areas />
                    }
                        .into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn AccountTable(accounts: Vec<Account>, areas: Vec<Area>) -> impl IntoView {
    let area_names = move |ids: &[i64]| {
        let names: Vec<String> = areas
            .iter()
            .filter(|a| ids.contains(&a.id))
            .map(|a| a.name.clone())
            .collect();
        if names.is_empty() {
            "–".to_owned()
        } else {
            names.join(", ")
        }
    };
    view! {
        <table class="table">
            <caption>"Alle Konten"</caption>
            <thead>
                <tr><th scope="col">"Name"</th><th scope="col">"E-Mail"</th><th scope="col">"Rolle"</th><th scope="col">"Gebiete"</th><th scope="col">"Status"</th></tr>
            </thead>
            <tbody>
                {accounts
                    .into_iter()
                    .map(|account| {
                        let href = format!("/intern/benutzer/{}", account.id);
                        let status = if account.disabled { "gesperrt" } else if account.has_password { "aktiv" } else { "wartet auf Passwort" };
                        view! {
                            <tr>
                                <th scope="row"><a href=href>{account.name.clone()}</a></th>
                                <td>{account.email.clone()}</td>
                                <td>{account.role.label()}</td>
                                <td>{area_names(&account.area_ids)}</td>
                                <td>{status}</td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}

#[component]
fn NewUserForm(areas: Vec<Area>) -> impl IntoView {
    let create = ServerAction::<CreateUser>::new();
    let error = Signal::derive(move || create.value().get().and_then(Result::err));
    let roles = Role::ALL
        .iter()
        .rev()
        .map(|r| (r.slug().to_owned(), r.label().to_owned()))
        .collect();
    view! {
        <h2 id="neues-konto">"Neues Konto anlegen"</h2>
        <ActionForm action=create attr:class="form" attr:aria-labelledby="neues-konto">
            <FormErrors error />
            <TextField label="Name" name="name" autocomplete="off" required=true error=field_error(error, "name") />
            <TextField label="E-Mail-Adresse" name="email" input_type="email" autocomplete="off" required=true error=field_error(error, "email") />
            <SelectField label="Rolle" name="role" options=roles selected="beauftragte" error=field_error(error, "role") />
            <TextField
                label="Erstes Passwort (freiwillig)"
                name="password"
                input_type="password"
                autocomplete="new-password"
                hint="Leer lassen: Die Person bekommt einen Einmal-Link und legt ihr Passwort selbst fest. Sonst mindestens 12 Zeichen."
                error=field_error(error, "password")
            />
            <AreaCheckboxes areas selected=vec![] legend="Gebiete (nur für Aktionsraumbeauftragte)" error=field_error(error, "areas") />
            <button type="submit">"Konto anlegen"</button>
        </ActionForm>
    }
}
