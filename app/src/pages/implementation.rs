//! `/intern/gebiete/<slug>/umsetzung`: where each measure of the published programme stands;
//! per measure the form to update it (works without JavaScript) and its kept updates.
use crate::api::implementation::{
    area_implementation, measure_page, MeasureImplementation, UpdateImplementation,
};
use crate::components::error_notice::ErrorNotice;
use crate::components::field::{field_error, SelectField, TextField};
use crate::components::form_echo::{echoed, echoed_checked, EchoScope};
use crate::components::form_errors::FormErrors;
use crate::components::success_notice::SuccessNotice;
use crate::domain::format::{date_de, euro_de, euro_input};
use crate::domain::implementation::{Implementation, ImplementationState};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

const UPDATE_PATH: &str = <UpdateImplementation as leptos::server_fn::ServerFn>::PATH;

fn message(ok: &str) -> Option<&'static str> {
    match ok {
        "gespeichert" => Some("Der Stand der Umsetzung ist gespeichert."),
        _ => None,
    }
}

#[component]
pub fn ImplementationPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let data = Resource::new(
        move || {
            (
                params.read().get("slug").unwrap_or_default(),
                query.read().get("ok"),
            )
        },
        |(slug, _)| area_implementation(slug),
    );
    view! {
        <Title text="Umsetzung" />
        <SuccessNotice messages=message />
        <Suspense fallback=|| view! { <p>"Wird geladen …"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(area) => {
                        let slug = area.area_slug.clone();
                        view! {
                            <p class="breadcrumb"><a href=format!("/intern/gebiete/{slug}")>{area.area_name.clone()}</a></p>
                            <h1>{format!("Umsetzung der Maßnahmen: {}", area.area_name)}</h1>
                            {match area.version {
                                None => view! { <p>"Für dieses Gebiet ist noch kein Aktionsprogramm veröffentlicht. Sobald es veröffentlicht ist, halten Sie hier fest, wie seine Maßnahmen umgesetzt werden."</p> }.into_any(),
                                Some(version) => view! {
                                    <p>{format!("Die Maßnahmen der veröffentlichten Fassung {version}. Ein neuer Stand ist keine neue Fassung des Programms; jeder Stand bleibt mit Datum, Person und Notiz erhalten. Maßnahmen, die geplant oder in Umsetzung sind und {} Monate lang keinen neuen Stand bekommen haben, sind markiert.", area.stale_months)}</p>
                                    {area.measures.into_iter().map(|m| view! { <MeasureCard slug=slug.clone() measure=m /> }).collect_view()}
                                }.into_any(),
                            }}
                        }
                            .into_any()
                    }
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn MeasureCard(slug: String, measure: MeasureImplementation) -> impl IntoView {
    let current = measure.current.clone().unwrap_or_default();
    let anchor = format!("massnahme-{}", measure.measure_id);
    let heading_id = format!("{anchor}-titel");
    let labelled_by = heading_id.clone();
    let next = current
        .next_milestone()
        .map(|m| format!("{}: {}", date_de(m.date), m.title));
    let [planned_project, planned_area, planned_third] = measure.planned_cents;
    view! {
        <section class="measure-implementation" id=anchor aria-labelledby=labelled_by>
            <h2 id=heading_id>{measure.title.clone()}</h2>
            <p class="hint">{measure.field.clone()}</p>
            {measure.stale.then(|| view! { <p class="warning">"Seit Langem kein neuer Stand: Bitte prüfen und aktualisieren Sie die Maßnahme."</p> })}
            <dl class="facts">
                <dt>"Stand"</dt>
                <dd>{current.state.label()}{(!current.reason.is_empty()).then(|| format!(" – {}", current.reason))}</dd>
                <dt>"Fortschritt"</dt>
                <dd><progress max="100" value=current.progress.to_string()>{format!("{} %", current.progress)}</progress>{format!(" {} %", current.progress)}</dd>
                <dt>"Nächster Meilenstein"</dt>
                <dd>{next.unwrap_or_else(|| "keiner geplant".into())}</dd>
                <dt>"Ausgegeben / geplant"</dt>
                <dd>{format!(
                    "Projektmittel {} / {}, Aktionsraumfonds {} / {}, Dritte {} / {}",
                    euro_de(current.spent_project_funds_cents), euro_de(planned_project),
                    euro_de(current.spent_area_fund_cents), euro_de(planned_area),
                    euro_de(current.spent_third_party_cents), euro_de(planned_third),
                )}</dd>
                <dt>"Zuletzt aktualisiert"</dt>
                <dd>{match &measure.updated {
                    Some((who, on, note)) => format!("{on} von {who}: {note}"),
                    None => "noch nie".into(),
                }}</dd>
            </dl>
            <p><a href=format!("/intern/gebiete/{slug}/umsetzung/{}", crate::domain::format::urlencode(&measure.measure_id))>
                {format!("Stand aktualisieren und Verlauf: {}", measure.title)}
            </a></p>
        </section>
    }
}

/// `/intern/gebiete/<slug>/umsetzung/<measure>`: the update form and the kept updates.
#[component]
pub fn MeasureImplementationPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let data = Resource::new(
        move || {
            (
                params.read().get("slug").unwrap_or_default(),
                params.read().get("measure").unwrap_or_default(),
                query.read().get("vor").and_then(|v| v.parse::<i64>().ok()),
                query.read().get("ok"),
            )
        },
        |(slug, measure, before, _)| measure_page(slug, measure, before),
    );
    view! {
        <Title text="Umsetzung einer Maßnahme" />
        <SuccessNotice messages=message />
        <Suspense fallback=|| view! { <p>"Wird geladen …"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(page) => {
                        let overview = format!("/intern/gebiete/{}/umsetzung", page.area_slug);
                        let older = page.older.map(|id| format!("/intern/gebiete/{}/umsetzung/{}?vor={id}", page.area_slug, crate::domain::format::urlencode(&page.measure_id)));
                        view! {
                            <p class="breadcrumb"><a href=overview>{format!("Umsetzung: {}", page.area_name)}</a></p>
                            <h1>{page.title.clone()}</h1>
                            <h2>"Stand aktualisieren"</h2>
                            <EchoScope path=UPDATE_PATH>
                                <UpdateForm slug=page.area_slug.clone() measure_id=page.measure_id.clone() current=page.current.clone().unwrap_or_default() responsible=page.responsible_id organisations=page.organisations.clone() />
                            </EchoScope>
                            <h2>"Verlauf"</h2>
                            {if page.history.is_empty() {
                                view! { <p>"Noch kein Stand erfasst."</p> }.into_any()
                            } else {
                                view! {
                                    <ol class="history" reversed=true>
                                        {page.history.into_iter().map(|u| view! {
                                            <li>
                                                <strong>{format!("{}, {}", u.updated, u.author_name)}</strong>": "{u.note}
                                                <br />
                                                {format!("{}, {} %{}", u.implementation.state.label(), u.implementation.progress, if u.implementation.reason.is_empty() { String::new() } else { format!(" – {}", u.implementation.reason) })}
                                            </li>
                                        }).collect_view()}
                                    </ol>
                                }.into_any()
                            }}
                            {older.map(|href| view! { <p><a href=href>"Ältere Einträge"</a></p> })}
                        }
                            .into_any()
                    }
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn UpdateForm(
    slug: String,
    measure_id: String,
    current: Implementation,
    responsible: Option<i64>,
    organisations: Vec<(i64, String)>,
) -> impl IntoView {
    let organisation_options: Vec<(String, String)> =
        std::iter::once((String::new(), "– keine angegeben –".to_owned()))
            .chain(
                organisations
                    .into_iter()
                    .map(|(id, name)| (id.to_string(), name)),
            )
            .collect();
    let action = ServerAction::<UpdateImplementation>::new();
    let error = Signal::derive(move || action.value().get().and_then(Result::err));
    let date = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    // The saved milestones and two empty rows for new ones.
    let mut rows: Vec<(String, String, bool)> = current
        .milestones
        .iter()
        .map(|m| (m.date.to_string(), m.title.clone(), m.done))
        .collect();
    rows.extend([
        (String::new(), String::new(), false),
        (String::new(), String::new(), false),
    ]);
    // Without JavaScript a refused form comes back with what was typed (form echo).
    let state_now = echoed("state")
        .and_then(|s| ImplementationState::parse(&s))
        .unwrap_or(current.state);
    let rows: Vec<(String, String, bool)> = rows
        .into_iter()
        .enumerate()
        .map(|(n, (day, title, done))| {
            (
                echoed(&format!("milestones[{n}][date]")).unwrap_or(day),
                echoed(&format!("milestones[{n}][title]")).unwrap_or(title),
                echoed_checked(&format!("milestones[{n}][done]"), "ja").unwrap_or(done),
            )
        })
        .collect();
    view! {
        <ActionForm action attr:class="form">
            <FormErrors error />
            <input type="hidden" name="area" value=slug />
            <input type="hidden" name="measure" value=measure_id />
            <div class="field">
                <label for="feld-state">"Stand"</label>
                <select id="feld-state" name="state">
                    {ImplementationState::ALL.into_iter().map(|s| view! {
                        <option value=s.slug() selected=s == state_now>{s.label()}</option>
                    }).collect_view()}
                </select>
            </div>
            <TextField label="Begründung (bei „zurückgestellt“ oder „entfallen“)" name="reason" value=current.reason.clone() maxlength=500 error=field_error(error, "reason") />
            <TextField label="Fortschritt in Prozent (0 bis 100)" name="progress" value=current.progress.to_string() error=field_error(error, "progress") />
            <SelectField label="Verantwortliche Organisation" name="responsible_id" options=organisation_options selected=responsible.map(|id| id.to_string()).unwrap_or_default() error=field_error(error, "responsible_id") />
            <TextField label="Begonnen am" name="started_on" input_type="date" value=date(current.started_on) error=field_error(error, "started_on") />
            <TextField label="Abgeschlossen am" name="ended_on" input_type="date" value=date(current.ended_on) error=field_error(error, "ended_on") />
            <fieldset>
                <legend>"Bisher ausgegeben (Euro)"</legend>
                <TextField label="Projektmittel" name="spent_project_funds" value=euro_input(current.spent_project_funds_cents) error=field_error(error, "spent_project_funds") />
                <TextField label="Aktionsraumfonds" name="spent_area_fund" value=euro_input(current.spent_area_fund_cents) error=field_error(error, "spent_area_fund") />
                <TextField label="Dritte" name="spent_third_party" value=euro_input(current.spent_third_party_cents) error=field_error(error, "spent_third_party") />
            </fieldset>
            <fieldset>
                <legend>"Meilensteine"</legend>
                {rows.into_iter().enumerate().map(|(n, (day, title, done))| {
                    let row = |name: &str| format!("feld-milestones.{n}-{name}");
                    view! {
                        <div class="milestone-row" id=format!("feld-milestones.{n}")>
                            <div class="field">
                                <label for=row("date")>{format!("Meilenstein {}: Datum", n + 1)}</label>
                                <input id=row("date") type="date" name=format!("milestones[{n}][date]") value=day />
                            </div>
                            <div class="field">
                                <label for=row("title")>{format!("Meilenstein {}: Bezeichnung", n + 1)}</label>
                                <input id=row("title") type="text" name=format!("milestones[{n}][title]") maxlength="200" value=title />
                            </div>
                            <div class="field checkbox-field">
                                <input id=row("done") type="checkbox" name=format!("milestones[{n}][done]") value="ja" checked=done />
                                <label for=row("done")>{format!("Meilenstein {}: erreicht", n + 1)}</label>
                            </div>
                        </div>
                    }
                }).collect_view()}
            </fieldset>
            <TextField label="Was hat sich geändert?" name="note" required=true maxlength=500 error=field_error(error, "note") />
            <button type="submit">"Stand speichern"</button>
        </ActionForm>
    }
}
