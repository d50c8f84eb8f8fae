//! The master-data fields of an area and the date and decision every change needs.
use crate::components::field::{field_error, SelectField, TextArea, TextField};
use crate::domain::area::{Area, AreaKind, DISTRICTS};
use crate::error::AppError;
use leptos::prelude::*;

#[component]
pub fn AreaFieldInputs(area: Option<Area>, error: Signal<Option<AppError>>) -> impl IntoView {
    let area = area.unwrap_or(Area {
        id: 0,
        slug: String::new(),
        name: String::new(),
        kind: AreaKind::Aktionsraum,
        district: String::new(),
        social_space: String::new(),
        description: String::new(),
        contact: String::new(),
        retired_on: None,
    });
    let kinds = AreaKind::ALL
        .iter()
        .map(|k| (k.slug().to_owned(), k.label().to_owned()))
        .collect();
    let mut districts: Vec<(String, String)> = vec![(String::new(), "Bitte wählen".to_owned())];
    districts.extend(DISTRICTS.iter().map(|d| ((*d).to_owned(), (*d).to_owned())));
    view! {
        <TextField label="Name" name="name" value=area.name required=true maxlength=100 error=field_error(error, "name") />
        <SelectField label="Art" name="kind" options=kinds selected=area.kind.slug() error=field_error(error, "kind") />
        <SelectField label="Stadtbezirk" name="district" options=districts selected=area.district error=field_error(error, "district") />
        <TextField label="Sozialraum / Abgrenzung" name="social_space" value=area.social_space required=true maxlength=200 error=field_error(error, "social_space") />
        <TextArea label="Beschreibung" name="description" value=area.description hint="Wird öffentlich auf der Seite des Gebiets gezeigt." error=field_error(error, "description") />
        <TextArea label="Kontakt" name="contact" value=area.contact rows=3 hint="Öffentliche Kontaktangaben, zum Beispiel das Büro der Aktionsraumbeauftragten." error=field_error(error, "contact") />
    }
}

#[component]
pub fn ChangeReasonInputs(
    error: Signal<Option<AppError>>,
    #[prop(optional)] id_prefix: &'static str,
) -> impl IntoView {
    view! {
        <TextField label="Gültig ab" name="effective_on" id_prefix input_type="date" required=true hint="Datum des Beschlusses oder der Änderung." error=field_error(error, "effective_on") />
        <TextField label="Beschluss oder Anlass" name="decision" id_prefix required=true maxlength=300 hint="Zum Beispiel: ASAG 13.04.2021, Drucksache Nr. 19100-20" error=field_error(error, "decision") />
    }
}
