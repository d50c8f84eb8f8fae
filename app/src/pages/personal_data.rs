//! `/intern/datenschutz`: what is stored about an e-mail address, as JSON, and its erasure.
use crate::api::personal_data::{load_personal_data, ErasePersonalData, SearchPersonalData};
use crate::components::error_notice::ErrorNotice;
use crate::components::field::{field_error, TextField};
use crate::components::form_errors::FormErrors;
use crate::components::step_up::StepUpField;
use crate::components::user_context::use_session;
use crate::domain::personal_data::PersonalDataReport;
use crate::domain::policy::is_project_office;
use crate::error::AppError;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// Only the Projektbüro answers these requests (its server functions check it too); others get
/// the "no access" page instead of an empty search form.
#[component]
pub fn PersonalDataPage() -> impl IntoView {
    let session = use_session();
    view! {
        <Title text="Datenschutz-Anfragen" />
        <Suspense fallback=|| view! { <p>"Wird geladen …"</p> }>
            {move || Suspend::new(async move {
                match session.user.await {
                    Ok(Some(user)) if is_project_office(&user) => view! { <Requests /> }.into_any(),
                    _ => view! { <ErrorNotice error=AppError::Forbidden /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Requests() -> impl IntoView {
    let query = use_query_map();
    let search = move || query.read().get("suche").unwrap_or_default();
    let erased = move || query.read().get("geloescht");
    let report = Resource::new(search, |search| async move {
        if search.is_empty() {
            Ok(None)
        } else {
            load_personal_data(search).await.map(Some)
        }
    });
    let searching = ServerAction::<SearchPersonalData>::new();
    let search_error = Signal::derive(move || searching.value().get().and_then(Result::err));
    view! {
        <h1>"Datenschutz-Anfragen"</h1>
        <p class="no-print"><a href="/intern/verarbeitungsverzeichnis">"Verzeichnis von Verarbeitungstätigkeiten (Art. 30 DSGVO)"</a></p>
        <p>
            "Wenn eine Person wissen möchte, was über sie gespeichert ist, oder die Löschung verlangt: "
            "Suchen Sie nach ihrer E-Mail-Adresse. Gefunden werden Kontaktangaben aus Bedarfsmeldungen, "
            "bestellte E-Mail-Nachrichten zu Bedarfen, Ansprechpersonen im Akteursverzeichnis und "
            "Kontaktangaben zu gemeldeten Barrieren."
        </p>
        {move || erased().map(|counts| {
            let mut parts = counts.split('-');
            let mut next = || parts.next().unwrap_or("0").to_owned();
            let (submissions, contacts, subscriptions, barriers) = (next(), next(), next(), next());
            view! {
                <div class="notice notice-success" role="status">
                    <p>{format!(
                        "Gelöscht: Kontaktangaben aus {submissions} Bedarfsmeldung(en), {contacts} Ansprechperson(en), {subscriptions} Bestellung(en) von E-Mail-Nachrichten und {barriers} Meldung(en) von Barrieren. Die Bedarfe, Organisationen und Meldungen bleiben, ohne Personenbezug. Die Löschung ist protokolliert – ohne die gelöschten Daten."
                    )}</p>
                </div>
            }
        })}
        <ActionForm action=searching attr:class="filter-form" attr:aria-label="Nach E-Mail-Adresse suchen">
            <FormErrors error=search_error id_prefix="suche-" />
            <TextField label="E-Mail-Adresse" name="email" id_prefix="suche-" input_type="email" autocomplete="off" error=field_error(search_error, "email") />
            <button type="submit">"Suchen"</button>
        </ActionForm>
        <Suspense fallback=|| view! { <p>"Wird gesucht …"</p> }>
            {move || Suspend::new(async move {
                match report.await {
                    Ok(Some(report)) => view! { <Report report /> }.into_any(),
                    Ok(None) => ().into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Report(report: PersonalDataReport) -> impl IntoView {
    if report.is_empty() {
        return view! { <p>{format!("Zu {} ist nichts gespeichert.", report.email)}</p> }
            .into_any();
    }
    let erase = ServerAction::<ErasePersonalData>::new();
    let error = Signal::derive(move || erase.value().get().and_then(Result::err));
    let confirm_error = field_error(error, "confirm");
    view! {
        <h2>{format!("Gespeichert zu {}", report.email)}</h2>
        {(!report.submissions.is_empty()).then(|| view! {
            <table class="table">
                <caption>"Kontaktangaben aus Bedarfsmeldungen"</caption>
                <thead><tr><th scope="col">"Nummer"</th><th scope="col">"Gebiet"</th><th scope="col">"Eingang"</th><th scope="col">"Bedarf"</th><th scope="col">"Name"</th><th scope="col">"Einwilligung"</th></tr></thead>
                <tbody>
                    {report.submissions.iter().map(|s| view! {
                        <tr>
                            <th scope="row">{s.reference.clone()}</th>
                            <td>{s.area.clone()}</td>
                            <td>{s.submitted_on.clone()}</td>
                            <td>{s.need_title.clone()}</td>
                            <td>{s.name.clone()}</td>
                            <td>{s.consent_given_on.clone().unwrap_or_else(|| "–".into())}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        })}
        {(!report.update_subscriptions.is_empty()).then(|| view! {
            <table class="table">
                <caption>"Bestellte E-Mail-Nachrichten zu Bedarfen"</caption>
                <thead><tr><th scope="col">"Nummer"</th><th scope="col">"Gebiet"</th><th scope="col">"Bestellt am"</th></tr></thead>
                <tbody>
                    {report.update_subscriptions.iter().map(|s| view! {
                        <tr>
                            <th scope="row">{s.reference.clone()}</th>
                            <td>{s.area.clone()}</td>
                            <td>{s.subscribed_on.clone()}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        })}
        {(!report.barrier_reports.is_empty()).then(|| view! {
            <table class="table">
                <caption>"Kontaktangaben zu gemeldeten Barrieren"</caption>
                <thead><tr><th scope="col">"Nummer"</th><th scope="col">"Eingang"</th><th scope="col">"Name"</th></tr></thead>
                <tbody>
                    {report.barrier_reports.iter().map(|r| view! {
                        <tr>
                            <th scope="row">{r.reference.clone()}</th>
                            <td>{r.received_on.clone()}</td>
                            <td>{r.name.clone()}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        })}
        {(!report.contacts.is_empty()).then(|| view! {
            <table class="table">
                <caption>"Ansprechpersonen im Akteursverzeichnis"</caption>
                <thead><tr><th scope="col">"Organisation"</th><th scope="col">"Name"</th><th scope="col">"Funktion"</th><th scope="col">"Telefon"</th><th scope="col">"Einwilligung"</th></tr></thead>
                <tbody>
                    {report.contacts.iter().map(|c| view! {
                        <tr>
                            <th scope="row">{c.organisation.clone()}</th>
                            <td>{c.name.clone()}</td>
                            <td>{c.function.clone()}</td>
                            <td>{c.phone.clone()}</td>
                            <td>{format!("{} ({})", c.consent_on, c.consent_purpose)}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        })}
        // A plain POST: the address travels in the body, not in a URL that history and logs keep.
        <form method="post" action="/intern/datenschutz/auskunft.json" class="inline-form">
            <input type="hidden" name="email" value=report.email.clone() />
            <button type="submit" class="secondary">"Auskunft als JSON herunterladen"</button>
        </form>
        <h2>"Löschen"</h2>
        <ActionForm action=erase attr:class="form" attr:aria-label="Diese Daten löschen">
            <FormErrors error />
            <input type="hidden" name="email" value=report.email.clone() />
            <div class="field checkbox-field" class:field-invalid=move || confirm_error.get().is_some()>
                <input type="checkbox" id="feld-confirm" name="confirm" value="ja" />
                <label for="feld-confirm">"Ich habe die Anfrage geprüft. Alle oben genannten Angaben sollen gelöscht werden."</label>
            </div>
            {move || confirm_error.get().map(|m| view! { <p class="field-error" id="feld-confirm-fehler">{m}</p> })}
            <StepUpField error=field_error(error, "step_up_code") />
            <button type="submit" class="danger">"Alle diese Daten löschen"</button>
        </ActionForm>
    }
    .into_any()
}
