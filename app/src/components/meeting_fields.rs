//! The inputs of the meeting form, for planning and editing.
use super::field::{field_error, SelectField, TextArea, TextField};
use super::form_echo::echoed_checked;
use crate::domain::area::Area;
use crate::domain::meeting::{MeetingDetail, MeetingFormat, MeetingKind};
use crate::error::AppError;
use leptos::prelude::*;

/// Date, start, end and (for meetings past midnight) end date.
#[component]
pub fn MeetingTimeInputs(
    #[prop(optional, into)] date: String,
    #[prop(optional, into)] start: String,
    #[prop(optional, into)] end: String,
    #[prop(optional, into)] end_date: String,
    #[prop(optional)] id_prefix: &'static str,
    #[prop(into)] error: Signal<Option<AppError>>,
) -> impl IntoView {
    view! {
        <div class="field-row">
            <TextField label="Datum" name="date" input_type="date" value=date required=true id_prefix error=field_error(error, "date") />
            <TextField label="Beginn" name="start_time" input_type="time" value=start required=true id_prefix error=field_error(error, "start_time") />
            <TextField label="Ende" name="end_time" input_type="time" value=end required=true id_prefix error=field_error(error, "end_time") />
        </div>
        <TextField
            label="Enddatum (nur wenn der Termin nach Mitternacht endet)"
            name="end_date"
            input_type="date"
            value=end_date
            id_prefix
            error=field_error(error, "end_date")
        />
    }
}

/// A checkbox to save despite a double booking; shown only while the form reports one.
#[component]
pub fn ConfirmConflicts(
    #[prop(into)] error: Signal<Option<AppError>>,
    #[prop(optional)] id_prefix: &'static str,
) -> impl IntoView {
    let id = format!("feld-{id_prefix}confirm");
    move || {
        matches!(error.get(), Some(AppError::ScheduleConflicts(_))).then(|| {
            view! {
                <div class="field checkbox-field">
                    <input type="checkbox" id=id.clone() name="confirm" value="ja" />
                    <label for=id.clone()>"Ich habe die Überschneidung geprüft und möchte trotzdem speichern."</label>
                </div>
            }
        })
    }
}

#[component]
pub fn MeetingFieldInputs(
    meeting: Option<MeetingDetail>,
    areas: Vec<Area>,
    organisers: Vec<(i64, String)>,
    current_user: i64,
    #[prop(optional, into)] preselected_area: String,
    #[prop(into)] error: Signal<Option<AppError>>,
) -> impl IntoView {
    let kinds = MeetingKind::ALL
        .iter()
        .map(|k| (k.code().to_owned(), k.label().to_owned()))
        .collect();
    let formats = MeetingFormat::ALL
        .iter()
        .map(|f| (f.code().to_owned(), f.label().to_owned()))
        .collect();
    let area_options = areas
        .iter()
        .map(|a| (a.slug.clone(), a.name.clone()))
        .collect();
    let organiser_options = organisers
        .iter()
        .map(|(id, name)| (id.to_string(), name.clone()))
        .collect();
    let m = meeting.as_ref();
    let when = m.map(|m| m.summary.when);
    let date = when
        .map(|w| w.start.format("%Y-%m-%d").to_string())
        .unwrap_or_default();
    let start = when
        .map(|w| w.start.format("%H:%M").to_string())
        .unwrap_or_default();
    let end = when
        .map(|w| w.end.format("%H:%M").to_string())
        .unwrap_or_default();
    let end_date = when
        .filter(|w| w.start.date() != w.end.date())
        .map(|w| w.end.format("%Y-%m-%d").to_string())
        .unwrap_or_default();
    let area = m
        .map(|m| m.summary.area_slug.clone())
        .unwrap_or(preselected_area);
    let organiser = m
        .map(|m| m.organiser_id)
        .unwrap_or(current_user)
        .to_string();
    let title = m
        .map(|m| m.summary.title.clone())
        .unwrap_or_else(|| "Akteursgespräch".into());
    let kind = m
        .map(|m| m.summary.kind)
        .unwrap_or(MeetingKind::Stakeholder)
        .code();
    let format = m
        .map(|m| m.format)
        .unwrap_or(MeetingFormat::InPerson)
        .code();
    let venue_name = m.map(|m| m.summary.venue_name.clone()).unwrap_or_default();
    let venue_address = m.map(|m| m.venue_address.clone()).unwrap_or_default();
    let venue_notes = m.map(|m| m.venue_notes.clone()).unwrap_or_default();
    let agenda = m.map(|m| m.agenda.join("\n")).unwrap_or_default();
    let capacity = m
        .and_then(|m| m.capacity)
        .map(|c| c.to_string())
        .unwrap_or_default();
    let public_listed =
        echoed_checked("public_listed", "ja").unwrap_or_else(|| m.is_some_and(|m| m.public_listed));
    view! {
        <SelectField label="Gebiet" name="area" options=area_options selected=area error=field_error(error, "area") />
        <TextField label="Titel" name="title" value=title required=true maxlength=200 error=field_error(error, "title") />
        <SelectField label="Art des Termins" name="kind" options=kinds selected=kind error=field_error(error, "kind") />
        <MeetingTimeInputs date start end end_date error />
        <TextField label="Ort" name="venue_name" value=venue_name required=true maxlength=200 hint="Zum Beispiel: Stadtteilzentrum Adlerstraße, großer Saal" error=field_error(error, "venue_name") />
        <TextField label="Adresse (freiwillig)" name="venue_address" value=venue_address maxlength=300 error=field_error(error, "venue_address") />
        <TextArea label="Hinweise zum Ort (freiwillig)" name="venue_notes" value=venue_notes rows=2 hint="Zum Beispiel: barrierefreier Zugang über den Hof, Aufzug vorhanden" error=field_error(error, "venue_notes") />
        <SelectField label="Format" name="format" options=formats selected=format error=field_error(error, "format") />
        <SelectField label="Organisiert von" name="organiser" options=organiser_options selected=organiser error=field_error(error, "organiser") />
        <TextArea label="Tagesordnung (ein Punkt pro Zeile)" name="agenda" value=agenda rows=5 error=field_error(error, "agenda") />
        <TextField label="Plätze (freiwillig)" name="capacity" input_type="number" value=capacity error=field_error(error, "capacity") />
        <div class="field checkbox-field">
            <input type="checkbox" id="feld-public_listed" name="public_listed" value="ja" checked=public_listed />
            <label for="feld-public_listed">"In der öffentlichen Terminliste zeigen (nur Datum, Gebiet, Titel und Ort)"</label>
        </div>
    }
}
