//! The inputs of the organisation form, for creating and editing.
use super::area_checkboxes::AreaCheckboxes;
use super::field::{field_error, SelectField, TextArea, TextField};
use crate::domain::area::Area;
use crate::domain::field_of_action::FieldOfAction;
use crate::domain::organisation::{Organisation, OrganisationKind};
use crate::error::AppError;
use leptos::prelude::*;

#[component]
pub fn OrganisationFieldInputs(
    organisation: Option<Organisation>,
    areas: Vec<Area>,
    #[prop(into)] error: Signal<Option<AppError>>,
) -> impl IntoView {
    let kinds = OrganisationKind::ALL
        .iter()
        .map(|k| (k.code().to_owned(), k.label().to_owned()))
        .collect();
    let (name, kind, notes, area_ids, fields) = match organisation {
        Some(o) => (
            o.name,
            o.kind.code().to_owned(),
            o.notes,
            o.area_ids,
            o.fields,
        ),
        None => (
            String::new(),
            "verein".to_owned(),
            String::new(),
            vec![],
            vec![],
        ),
    };
    let fields_error = field_error(error, "fields");
    view! {
        <TextField label="Name der Organisation" name="name" value=name required=true maxlength=200 error=field_error(error, "name") />
        <SelectField label="Art" name="kind" options=kinds selected=kind error=field_error(error, "kind") />
        <AreaCheckboxes areas selected=area_ids legend="Aktiv in diesen Gebieten" error=field_error(error, "areas") />
        <fieldset class="checkbox-group" id="feld-fields" aria-describedby=move || fields_error.get().map(|_| "feld-fields-fehler")>
            <legend>"Handlungsfelder, in denen die Organisation arbeitet"</legend>
            {move || fields_error.get().map(|m| view! { <p class="field-error" id="feld-fields-fehler">{m}</p> })}
            <ul>
                {FieldOfAction::ALL
                    .into_iter()
                    .map(|field| {
                        let id = format!("handlungsfeld-{}", field.number());
                        let name = format!("fields[{}]", field.number());
                        let checked = fields.contains(&field);
                        view! {
                            <li>
                                <input type="checkbox" id=id.clone() name=name value="on" checked=checked />
                                <label for=id>{field.number()}". "{field.name()}</label>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </fieldset>
        <TextArea label="Notizen (freiwillig)" name="notes" value=notes hint="Nur für Mitarbeitende sichtbar. Bitte keine Angaben über Personen." error=field_error(error, "notes") />
    }
}
