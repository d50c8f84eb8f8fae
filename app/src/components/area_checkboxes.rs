//! A group of checkboxes to assign areas, named `areas[<slug>]`.
use crate::domain::area::Area;
use leptos::prelude::*;

#[component]
pub fn AreaCheckboxes(
    areas: Vec<Area>,
    selected: Vec<i64>,
    #[prop(into)] legend: String,
    #[prop(into)] error: Signal<Option<String>>,
) -> impl IntoView {
    view! {
        <fieldset class="checkbox-group" id="feld-areas" aria-describedby=move || error.get().map(|_| "feld-areas-fehler")>
            <legend>{legend}</legend>
            {move || error.get().map(|m| view! { <p class="field-error" id="feld-areas-fehler">{m}</p> })}
            <ul class="checkbox-columns">
                {areas
                    .into_iter()
                    .filter(|a| a.retired_on.is_none() || selected.contains(&a.id))
                    .map(|area| {
                        let id = format!("gebiet-{}", area.slug);
                        let name = format!("areas[{}]", area.slug);
                        let checked = selected.contains(&area.id);
                        view! {
                            <li>
                                <input type="checkbox" id=id.clone() name=name value="on" checked=checked />
                                <label for=id>{area.name}" "<span class="kind">"("{area.district}")"</span></label>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </fieldset>
    }
}
