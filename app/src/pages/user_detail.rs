//! One account: its areas, locking, a new password or a one-time link.
use crate::api::users::{
    get_user, AssignAreas, IssueResetLink, ResetUserSecondFactor, SetUserDisabled, SetUserPassword,
};
use crate::components::area_checkboxes::AreaCheckboxes;
use crate::components::error_notice::ErrorNotice;
use crate::components::field::{field_error, TextField};
use crate::components::form_errors::FormErrors;
use crate::components::step_up::StepUpField;
use crate::components::success_notice::SuccessNotice;
use crate::domain::area::Area;
use crate::domain::user::{Account, Role};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

fn message(ok: &str) -> Option<&'static str> {
    match ok {
        "angelegt" => Some("Das Konto ist angelegt."),
        "gebiete" => Some("Die Gebiete sind gespeichert."),
        "gesperrt" => Some("Das Konto ist gesperrt. Alle Anmeldungen dieses Kontos wurden beendet."),
        "entsperrt" => Some("Das Konto ist wieder freigegeben."),
        "passwort" => Some("Das neue Passwort ist gespeichert. Bisherige Anmeldungen dieses Kontos wurden beendet."),
        "link" => Some("Ein neuer Einmal-Link ist erstellt. Ältere Links dieses Kontos gelten nicht mehr."),
        "zweiter-faktor" => Some("Der zweite Faktor ist zurückgesetzt, alle Anmeldungen dieses Kontos sind beendet. Bei der nächsten Anmeldung richtet die Person ihn neu ein."),
        _ => None,
    }
}

#[component]
pub fn UserDetailPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let data = Resource::new(
        move || {
            (
                params
                    .read()
                    .get("id")
                    .and_then(|id| id.parse::<i64>().ok()),
                query.read().get("ok"),
                query.read().get("hinweis").unwrap_or_default(),
            )
        },
        |(id, _, hinweis)| async move {
            match id {
                Some(id) => get_user(id, hinweis).await,
                None => Err(crate::error::AppError::not_found("Das Benutzerkonto")),
            }
        },
    );
    view! {
        <Title text="Benutzerkonto" />
        <p class="breadcrumb"><a href="/intern/benutzer">"Alle Benutzerkonten"</a></p>
        <SuccessNotice messages=message />
        <Suspense fallback=|| view! { <p>"Wird geladen …"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok((account, areas, link)) => view! {
                        {link.map(|link| view! { <OneTimeLink link /> })}
                        <AccountDetails account areas />
                    }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The one-time link just made, shown once: the server keeps it for this page only.
#[component]
fn OneTimeLink(link: String) -> impl IntoView {
    view! {
        <div class="notice">
            <p><label for="einmal-link"><strong>"Einmal-Link zum Festlegen des Passworts"</strong></label></p>
            <input id="einmal-link" class="copy-field" type="text" readonly value=link />
            <p>"Schicken Sie diesen Link der Person, zum Beispiel per E-Mail. Er gilt 24 Stunden und nur einmal. Er wird nicht noch einmal angezeigt."</p>
        </div>
    }
}

#[component]
fn AccountDetails(account: Account, areas: Vec<Area>) -> impl IntoView {
    let assign = ServerAction::<AssignAreas>::new();
    let disable = ServerAction::<SetUserDisabled>::new();
    let password = ServerAction::<SetUserPassword>::new();
    let reset = ServerAction::<IssueResetLink>::new();
    let factor = ServerAction::<ResetUserSecondFactor>::new();
    let factor_error = Signal::derive(move || factor.value().get().and_then(Result::err));
    let assign_error = Signal::derive(move || assign.value().get().and_then(Result::err));
    let disable_error = Signal::derive(move || disable.value().get().and_then(Result::err));
    let password_error = Signal::derive(move || password.value().get().and_then(Result::err));
    let reset_error = Signal::derive(move || reset.value().get().and_then(Result::err));
    let id = account.id.to_string();
    let (id_assign, id_reset, id_password, id_factor) =
        (id.clone(), id.clone(), id.clone(), id.clone());
    let status = if account.disabled {
        "gesperrt"
    } else if account.has_password {
        "aktiv"
    } else {
        "wartet auf Passwort"
    };
    view! {
        <h1>{account.name.clone()}</h1>
        <dl class="facts">
            <dt>"E-Mail"</dt><dd>{account.email.clone()}</dd>
            <dt>"Rolle"</dt><dd>{account.role.label()}</dd>
            <dt>"Status"</dt><dd>{status}</dd>
            <dt>"Zweiter Faktor"</dt><dd>{if account.has_second_factor { "eingerichtet" } else { "nicht eingerichtet" }}</dd>
        </dl>
        {(account.role == Role::Coordinator).then(|| view! {
            <h2>"Gebiete"</h2>
            <ActionForm action=assign attr:class="form">
                <FormErrors error=assign_error />
                <input type="hidden" name="id" value=id_assign />
                <AreaCheckboxes areas selected=account.area_ids.clone() legend="Zuständig für diese Gebiete" error=field_error(assign_error, "areas") />
                <button type="submit">"Gebiete speichern"</button>
            </ActionForm>
        })}
        <h2>"Passwort"</h2>
        <p>"Erstellen Sie einen Einmal-Link, mit dem die Person selbst ein neues Passwort festlegt – oder legen Sie ein erstes Passwort fest und teilen Sie es ihr persönlich mit."</p>
        <ActionForm action=reset attr:class="form">
            <FormErrors error=reset_error id_prefix="link-" />
            <input type="hidden" name="id" value=id_reset />
            <StepUpField id_prefix="link-" error=field_error(reset_error, "step_up_code") />
            <button type="submit">"Einmal-Link erstellen"</button>
        </ActionForm>
        <ActionForm action=password attr:class="form">
            <FormErrors error=password_error id_prefix="neu-" />
            <input type="hidden" name="id" value=id_password />
            <TextField label="Neues Passwort" name="password" id_prefix="neu-" input_type="password" autocomplete="new-password" hint="Mindestens 12 Zeichen." error=field_error(password_error, "password") />
            <TextField label="Neues Passwort wiederholen" name="password_repeat" id_prefix="neu-" input_type="password" autocomplete="new-password" error=field_error(password_error, "password_repeat") />
            <StepUpField id_prefix="neu-" error=field_error(password_error, "step_up_code") />
            <button type="submit" class="secondary">"Passwort setzen"</button>
        </ActionForm>
        {account.has_second_factor.then(|| view! {
            <h2>"Zweiter Faktor"</h2>
            <p>"Hat die Person ihr Handy und ihre Wiederherstellungscodes verloren, setzen Sie den zweiten Faktor zurück. Ihre Anmeldungen enden; bei der nächsten Anmeldung richtet sie ihn mit der App neu ein. Prüfen Sie vorher, dass wirklich die Person selbst darum bittet (zum Beispiel per Rückruf)."</p>
            <ActionForm action=factor attr:class="form">
                <FormErrors error=factor_error id_prefix="faktor-" />
                <input type="hidden" name="id" value=id_factor />
                <StepUpField id_prefix="faktor-" error=field_error(factor_error, "step_up_code") />
                <button type="submit" class="secondary">"Zweiten Faktor zurücksetzen"</button>
            </ActionForm>
        })}
        <h2>"Sperren"</h2>
        <ActionForm action=disable attr:class="form">
            <FormErrors error=disable_error id_prefix="sperren-" />
            <input type="hidden" name="id" value=id />
            <input type="hidden" name="disabled" value=(!account.disabled).to_string() />
            <StepUpField id_prefix="sperren-" error=field_error(disable_error, "step_up_code") />
            {if account.disabled {
                view! {
                    <p>"Das Konto ist gesperrt."</p>
                    <button type="submit">"Konto wieder freigeben"</button>
                }
                    .into_any()
            } else {
                view! {
                    <p>"Ein gesperrtes Konto kann sich nicht mehr anmelden; laufende Anmeldungen enden sofort."</p>
                    <button type="submit" class="danger">"Konto sperren"</button>
                }
                    .into_any()
            }}
        </ActionForm>
    }
}
