//! One organisation: its data, its contact people with their consent, and the forms to change them.
use crate::api::needs::organisation_need_links;
use crate::api::organisations::{get_organisation, AddContact, EraseContact, UpdateOrganisation};
use crate::components::error_notice::ErrorNotice;
use crate::components::field::{field_error, TextField};
use crate::components::form_errors::FormErrors;
use crate::components::organisation_fields::OrganisationFieldInputs;
use crate::components::success_notice::SuccessNotice;
use crate::domain::area::Area;
use crate::domain::format::date_de;
use crate::domain::organisation::{Contact, Organisation};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

fn message(ok: &str) -> Option<&'static str> {
    match ok {
        "angelegt" => {
            Some("Die Organisation ist angelegt. Sie können jetzt Ansprechpersonen eintragen.")
        }
        "gespeichert" => Some("Die Änderungen sind gespeichert."),
        "kontakt" => Some("Die Ansprechperson ist eingetragen."),
        "geloescht" => {
            Some("Die Daten der Ansprechperson sind gelöscht. Die Organisation bleibt erhalten.")
        }
        _ => None,
    }
}

#[component]
pub fn OrganisationPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let data = Resource::new(
        move || {
            (
                params
                    .read()
                    .get("id")
                    .and_then(|id| id.parse::<i64>().ok())
                    .unwrap_or(0),
                query.read().get("ok"),
            )
        },
        |(id, _)| get_organisation(id),
    );
    view! {
        <p class="breadcrumb"><a href="/intern/akteure">"Akteure"</a></p>
        <SuccessNotice messages=message />
        <Suspense fallback=|| view! { <p>"Wird geladen …"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok((organisation, may_edit, areas)) => view! { <OrganisationView organisation may_edit areas /> }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn OrganisationView(organisation: Organisation, may_edit: bool, areas: Vec<Area>) -> impl IntoView {
    let area_names: Vec<String> = areas
        .iter()
        .filter(|a| organisation.area_ids.contains(&a.id))
        .map(|a| a.name.clone())
        .collect();
    let fields: Vec<String> = organisation
        .fields
        .iter()
        .map(|f| format!("{}. {}", f.number(), f.name()))
        .collect();
    let id = organisation.id;
    let contacts = organisation.contacts.clone();
    let erasures = organisation.erasures;
    view! {
        <Title text=organisation.name.clone() />
        <h1>{organisation.name.clone()}</h1>
        <dl class="facts">
            <dt>"Art"</dt><dd>{organisation.kind.label()}</dd>
            <dt>"Gebiete"</dt><dd>{area_names.join(", ")}</dd>
            <dt>"Handlungsfelder"</dt><dd>{if fields.is_empty() { "keine angegeben".to_owned() } else { fields.join("; ") }}</dd>
            {(!organisation.notes.is_empty()).then(|| view! { <dt>"Notizen"</dt><dd class="pre-line">{organisation.notes.clone()}</dd> })}
        </dl>
        {if may_edit {
            view! {
                <h2>"Ansprechpersonen"</h2>
                <ContactTable contacts />
                {(erasures > 0).then(|| view! { <p class="hint">{format!("Auf Wunsch gelöschte Ansprechpersonen: {erasures}")}</p> })}
                <NewContactForm organisation=id />
                <NeedFormLinks organisation=id />
                <EditForm organisation areas />
            }
                .into_any()
        } else {
            view! { <p>"Ansprechpersonen und Bearbeitung sehen nur das Projektbüro und die Aktionsraumbeauftragten der Gebiete dieser Organisation."</p> }.into_any()
        }}
    }
}

#[component]
fn ContactTable(contacts: Vec<Contact>) -> impl IntoView {
    let erase = ServerAction::<EraseContact>::new();
    let none = contacts.is_empty();
    view! {
        {none.then(|| view! { <p>"Noch keine Ansprechperson eingetragen."</p> })}
        <table class="table" hidden=none>
            <caption>"Ansprechpersonen mit Einwilligung"</caption>
            <thead><tr>
                <th scope="col">"Name"</th><th scope="col">"Funktion"</th><th scope="col">"Kontakt"</th>
                <th scope="col">"Einwilligung"</th><th scope="col"><span class="visually-hidden">"Aktionen"</span></th>
            </tr></thead>
            <tbody>
                {contacts
                    .into_iter()
                    .map(|c| {
                        let mailto = format!("mailto:{}", c.email);
                        let has_email = !c.email.is_empty();
                        let consent = format!(
                            "am {} für „{}“{}",
                            date_de(c.consent_on),
                            c.consent_purpose,
                            c.consent_recorded_by.map(|n| format!(", erfasst von {n}")).unwrap_or_default()
                        );
                        let label = format!("Daten von {} löschen", c.name);
                        view! {
                            <tr>
                                <th scope="row">{c.name.clone()}</th>
                                <td>{c.function.clone()}</td>
                                <td>
                                    {has_email.then(|| view! { <a href=mailto>{c.email.clone()}</a> })}
                                    {(!c.phone.is_empty()).then(|| view! { <br /> {c.phone.clone()} })}
                                </td>
                                <td>{consent}</td>
                                <td>
                                    <ActionForm action=erase attr:class="inline-form">
                                        <input type="hidden" name="contact" value=c.id />
                                        <button type="submit" class="danger small" aria-label=label>"Löschen"</button>
                                    </ActionForm>
                                </td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}

#[component]
fn NewContactForm(organisation: i64) -> impl IntoView {
    let add = ServerAction::<AddContact>::new();
    let error = Signal::derive(move || add.value().get().and_then(Result::err));
    view! {
        <h3 id="kontakt-neu">"Ansprechperson eintragen"</h3>
        <p class="hint">"Personenbezogene Daten nur mit Einwilligung der Person. Sie kann jederzeit verlangen, dass ihre Daten gelöscht werden."</p>
        <ActionForm action=add attr:class="form" attr:aria-labelledby="kontakt-neu">
            <FormErrors error id_prefix="kontakt-" />
            <input type="hidden" name="organisation" value=organisation />
            <TextField label="Name" name="name" id_prefix="kontakt-" required=true autocomplete="off" error=field_error(error, "name") />
            <TextField label="Funktion (freiwillig)" name="function" id_prefix="kontakt-" error=field_error(error, "function") />
            <TextField label="E-Mail (freiwillig)" name="email" input_type="email" id_prefix="kontakt-" autocomplete="off" error=field_error(error, "email") />
            <TextField label="Telefon (freiwillig)" name="phone" input_type="tel" id_prefix="kontakt-" autocomplete="off" error=field_error(error, "phone") />
            <TextField label="Einwilligung erteilt am" name="consent_on" input_type="date" id_prefix="kontakt-" required=true error=field_error(error, "consent_on") />
            <TextField label="Zweck der Einwilligung" name="consent_purpose" id_prefix="kontakt-" required=true value="Einladungen und Rückfragen zum Aktionsplan Soziale Stadt" error=field_error(error, "consent_purpose") />
            <button type="submit">"Ansprechperson eintragen"</button>
        </ActionForm>
    }
}

#[component]
fn EditForm(organisation: Organisation, areas: Vec<Area>) -> impl IntoView {
    let update = ServerAction::<UpdateOrganisation>::new();
    let error = Signal::derive(move || update.value().get().and_then(Result::err));
    let id = organisation.id;
    view! {
        <h2 id="bearbeiten">"Organisation bearbeiten"</h2>
        <ActionForm action=update attr:class="form" attr:aria-labelledby="bearbeiten">
            <FormErrors error />
            <input type="hidden" name="id" value=id />
            <OrganisationFieldInputs organisation=Some(organisation) areas error />
            <button type="submit">"Änderungen speichern"</button>
        </ActionForm>
    }
}

/// Links to the needs form that fill in this organisation, e.g. for the invitation e-mail.
#[component]
fn NeedFormLinks(organisation: i64) -> impl IntoView {
    let links = Resource::new(move || organisation, organisation_need_links);
    view! {
        <h2 id="bedarfslinks">"Persönliche Links zum Bedarfsformular"</h2>
        <p>"Wer über diesen Link Bedarfe meldet, findet den Namen der Organisation schon eingetragen (und kann ihn ändern). Geben Sie den Link zum Beispiel mit der Einladung weiter."</p>
        <Suspense fallback=|| view! { <p>"Wird geladen …"</p> }>
            {move || Suspend::new(async move {
                match links.await {
                    Ok(list) if list.is_empty() => view! { <p>"Die Organisation ist noch keinem Gebiet zugeordnet."</p> }.into_any(),
                    Ok(list) => view! {
                        <dl class="facts">
                            {list.into_iter().map(|(area, url)| view! {
                                <dt>{area}</dt>
                                <dd><a href=url.clone() class="break-all">{url.clone()}</a></dd>
                            }).collect_view()}
                        </dl>
                    }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}
