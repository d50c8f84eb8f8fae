//! One meeting: its details and the status changes (held, cancelled, postponed, planned again).
use crate::api::meetings::{get_meeting, ChangeMeetingStatus};
use crate::components::error_notice::ErrorNotice;
use crate::components::field::{field_error, TextArea};
use crate::components::form_errors::FormErrors;
use crate::components::meeting_fields::{ConfirmConflicts, MeetingTimeInputs};
use crate::components::success_notice::SuccessNotice;
use crate::domain::meeting::{MeetingDetail, MeetingStatus};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

fn message(ok: &str) -> Option<&'static str> {
    match ok {
        "angelegt" => Some("Der Termin ist geplant."),
        "gespeichert" => Some("Die Änderungen sind gespeichert."),
        "durchgefuehrt" => Some("Der Termin ist als durchgeführt vermerkt."),
        "abgesagt" => Some("Der Termin ist abgesagt."),
        "verschoben" => Some("Der Termin ist verschoben. Dies ist der neue Termin."),
        "geplant" => Some("Der Termin ist wieder geplant."),
        _ => None,
    }
}

#[component]
pub fn MeetingPage() -> impl IntoView {
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
        |(id, _)| get_meeting(id),
    );
    view! {
        <p class="breadcrumb"><a href="/intern/termine">"Termine"</a></p>
        <SuccessNotice messages=message />
        <Suspense fallback=|| view! { <p>"Wird geladen …"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(meeting) => view! { <MeetingView meeting /> }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn MeetingView(meeting: MeetingDetail) -> impl IntoView {
    let s = meeting.summary.clone();
    let area_href = format!("/intern/gebiete/{}", s.area_slug);
    let edit_href = format!("/intern/termine/{}/bearbeiten", s.id);
    let status_class = format!("status status-{}", s.status.code());
    let agenda = meeting.agenda.clone();
    view! {
        <Title text=s.title.clone() />
        <h1>{s.title.clone()}</h1>
        <p><span class=status_class>{s.status.label()}</span>" · "{s.kind.label()}</p>
        <dl class="facts">
            <dt>"Wann"</dt><dd>{s.when.label()}</dd>
            <dt>"Gebiet"</dt><dd><a href=area_href>{s.area_name.clone()}</a></dd>
            <dt>"Ort"</dt>
            <dd>
                {s.venue_name.clone()}
                {(!meeting.venue_address.is_empty()).then(|| view! { <br />{meeting.venue_address.clone()} })}
                {(!meeting.venue_notes.is_empty()).then(|| view! { <br /><span class="hint">{meeting.venue_notes.clone()}</span> })}
            </dd>
            <dt>"Format"</dt><dd>{meeting.format.label()}</dd>
            <dt>"Organisiert von"</dt><dd>{s.organiser_name.clone()}</dd>
            {meeting.capacity.map(|c| view! { <dt>"Plätze"</dt><dd>{c}</dd> })}
            <dt>"Öffentliche Terminliste"</dt><dd>{if meeting.public_listed { "wird gezeigt" } else { "wird nicht gezeigt" }}</dd>
            {(!meeting.status_reason.is_empty()).then(|| view! { <dt>"Grund"</dt><dd>{meeting.status_reason.clone()}</dd> })}
            {meeting.postponed_to.map(|id| view! { <dt>"Neuer Termin"</dt><dd><a href=format!("/intern/termine/{id}")>"zum neuen Termin"</a></dd> })}
            {meeting.postponed_from.map(|id| view! { <dt>"Verschoben von"</dt><dd><a href=format!("/intern/termine/{id}")>"zum ursprünglichen Termin"</a></dd> })}
        </dl>
        <h2>"Tagesordnung"</h2>
        {if agenda.is_empty() {
            view! { <p>"Noch keine Tagesordnung."</p> }.into_any()
        } else {
            view! { <ol>{agenda.into_iter().map(|item| view! { <li>{item}</li> }).collect_view()}</ol> }.into_any()
        }}
        <ul class="actions">
            <li><a class="button" href=format!("/intern/termine/{}/einladungen", s.id)>"Einladungen und Antworten"</a></li>
            {matches!(s.status, MeetingStatus::Planned | MeetingStatus::Held).then(|| view! {
                <li><a class="button" href=format!("/intern/termine/{}/protokoll", s.id)>"Durchführung und Protokoll"</a></li>
            })}
            {s.status.is_editable().then(|| view! { <li><a class="button secondary" href=edit_href>"Termin bearbeiten"</a></li> })}
            <li><a href=format!("/intern/termine/{}/termin.ics", s.id) download="termin.ics">"Als Kalenderdatei (.ics)"</a></li>
        </ul>
        <StatusForms meeting />
    }
}

#[component]
fn StatusForms(meeting: MeetingDetail) -> impl IntoView {
    let held = ServerAction::<ChangeMeetingStatus>::new();
    let cancel = ServerAction::<ChangeMeetingStatus>::new();
    let postpone = ServerAction::<ChangeMeetingStatus>::new();
    let replan = ServerAction::<ChangeMeetingStatus>::new();
    let held_error = Signal::derive(move || held.value().get().and_then(Result::err));
    let cancel_error = Signal::derive(move || cancel.value().get().and_then(Result::err));
    let postpone_error = Signal::derive(move || postpone.value().get().and_then(Result::err));
    let replan_error = Signal::derive(move || replan.value().get().and_then(Result::err));
    let status = meeting.summary.status;
    let id = meeting.summary.id;
    view! {
        {status.can_change_to(MeetingStatus::Held).then(|| view! {
            <h2 id="durchgefuehrt">"Termin hat stattgefunden"</h2>
            <ActionForm action=held attr:class="form" attr:aria-labelledby="durchgefuehrt">
                <FormErrors error=held_error id_prefix="held-" />
                <input type="hidden" name="id" value=id />
                <input type="hidden" name="status" value="durchgefuehrt" />
                <button type="submit">"Als durchgeführt vermerken"</button>
            </ActionForm>
        })}
        {status.can_change_to(MeetingStatus::Postponed).then(|| view! {
            <h2 id="verschieben">"Termin verschieben"</h2>
            <p>"Der Termin wird als verschoben vermerkt und mit dem neuen Termin verknüpft. Ort, Tagesordnung und Einstellungen werden übernommen."</p>
            <ActionForm action=postpone attr:class="form" attr:aria-labelledby="verschieben">
                <FormErrors error=postpone_error id_prefix="neu-" />
                <input type="hidden" name="id" value=id />
                <input type="hidden" name="status" value="verschoben" />
                <MeetingTimeInputs id_prefix="neu-" error=postpone_error />
                <TextArea label="Grund der Verschiebung" name="reason" rows=2 required=true id_prefix="neu-" error=field_error(postpone_error, "reason") />
                <ConfirmConflicts error=postpone_error id_prefix="neu-" />
                <button type="submit">"Auf den neuen Termin verschieben"</button>
            </ActionForm>
        })}
        {status.can_change_to(MeetingStatus::Cancelled).then(|| view! {
            <h2 id="absagen">"Termin absagen"</h2>
            <ActionForm action=cancel attr:class="form" attr:aria-labelledby="absagen">
                <FormErrors error=cancel_error id_prefix="absage-" />
                <input type="hidden" name="id" value=id />
                <input type="hidden" name="status" value="abgesagt" />
                <TextArea label="Grund der Absage" name="reason" rows=2 required=true id_prefix="absage-" error=field_error(cancel_error, "reason") />
                <button type="submit" class="danger">"Termin absagen"</button>
            </ActionForm>
        })}
        {status.can_change_to(MeetingStatus::Planned).then(|| view! {
            <h2 id="wieder-planen">"Absage zurücknehmen"</h2>
            <ActionForm action=replan attr:class="form" attr:aria-labelledby="wieder-planen">
                <FormErrors error=replan_error id_prefix="plan-" />
                <input type="hidden" name="id" value=id />
                <input type="hidden" name="status" value="geplant" />
                <button type="submit" class="secondary">"Termin wieder planen"</button>
            </ActionForm>
        })}
    }
}
