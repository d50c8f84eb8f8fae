//! `/umsetzung`: every measure of the published Aktionsprogramme and where its Umsetzung
//! stands, for everybody; filterable by area, Handlungsfeld and state without JavaScript, with
//! the money planned and spent per source against the budget.
use crate::api::implementation::city_implementation;
use crate::components::error_notice::ErrorNotice;
use crate::components::select_options::select_options;
use crate::domain::city_implementation::{CityImplementation, CityMeasure};
use crate::domain::field_of_action::FieldOfAction;
use crate::domain::format::{date_de, euro_de, number_de, urlencode};
use crate::domain::implementation::ImplementationState;
use crate::domain::programme::FundingSource;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn CityImplementationPage() -> impl IntoView {
    let query = use_query_map();
    let data = Resource::new(
        move || {
            let q = query.read();
            (
                q.get("gebiet").unwrap_or_default(),
                q.get("handlungsfeld").unwrap_or_default(),
                q.get("stand").unwrap_or_default(),
                q.get("seite").and_then(|p| p.parse::<usize>().ok()),
            )
        },
        |(area, field, state, page)| city_implementation(area, field, state, page),
    );
    view! {
        <Title text="Umsetzung der Aktionsprogramme" />
        <h1>"Umsetzung der Aktionsprogramme"</h1>
        <p class="lead">
            "Was ist aus den Maßnahmen der veröffentlichten Aktionsprogramme geworden? "
            "Die Aktionsraumbeauftragten und das Projektbüro tragen hier ein, wie weit jede Maßnahme ist."
        </p>
        <Suspense fallback=|| view! { <p>"Wird geladen …"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(city) => view! { <CityView city /> }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
        <p>
            "Als offene Daten: "
            <a href="/offene-daten/umsetzung.json">"Umsetzung (JSON)"</a>
            " · "
            <a href="/offene-daten/umsetzung.csv">"Umsetzung (CSV)"</a>
            " · "
            <a href="/offene-daten">"alle offenen Daten"</a>
        </p>
    }
}

#[component]
fn CityView(city: CityImplementation) -> impl IntoView {
    let filter = city.filter.clone();
    let area = filter.area.clone().unwrap_or_default();
    let filtered = filter != Default::default();
    let query = filter.query();
    let page_link = move |page: usize| {
        if query.is_empty() {
            format!("/umsetzung?seite={page}")
        } else {
            format!("/umsetzung?{query}&seite={page}")
        }
    };
    let summary = match city.total {
        0 if filtered => "Keine Maßnahme passt zu diesem Filter.".to_owned(),
        0 => "Noch ist kein Aktionsprogramm veröffentlicht.".to_owned(),
        1 => "1 Maßnahme".to_owned(),
        n => format!("{} Maßnahmen", number_de(n as u64)),
    };
    let counts = city
        .per_state
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|(s, n)| format!("{} {}", number_de(*n as u64), s.label()))
        .collect::<Vec<_>>()
        .join(", ");
    let (page, pages) = (city.page, city.pages);
    view! {
        <form method="get" action="/umsetzung" class="filter-form" aria-label="Maßnahmen filtern">
            <div class="field">
                <label for="umsetzung-gebiet">"Gebiet"</label>
                <select id="umsetzung-gebiet" name="gebiet">
                    <option value="" selected=area.is_empty()>"alle Gebiete"</option>
                    {city.areas.iter().map(|(slug, name)| {
                        let selected = *slug == area;
                        view! { <option value=slug.clone() selected=selected>{name.clone()}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="umsetzung-handlungsfeld">"Handlungsfeld"</label>
                <select id="umsetzung-handlungsfeld" name="handlungsfeld">
                    <option value="" selected=filter.field.is_none()>"alle"</option>
                    {select_options(FieldOfAction::ALL, filter.field, |f| f.number().to_string(), |f| format!("{} {}", f.number(), f.name()))}
                </select>
            </div>
            <div class="field">
                <label for="umsetzung-stand">"Stand"</label>
                <select id="umsetzung-stand" name="stand">
                    <option value="" selected=filter.state.is_none()>"alle"</option>
                    {select_options(ImplementationState::ALL, filter.state, |s| s.slug().to_owned(), |s| s.label().to_owned())}
                </select>
            </div>
            <button type="submit" class="secondary">"Anzeigen"</button>
            {filtered.then(|| view! { <a href="/umsetzung">"Filter zurücksetzen"</a> })}
        </form>
        <p role="status">
            <strong>{summary}</strong>
            {(!counts.is_empty()).then(|| format!(": {counts}"))}
        </p>
        {(city.total > 0).then(|| view! { <MoneyTable city=city.clone() /> })}
        {(!city.measures.is_empty()).then(|| view! {
            <div class="table-wrap" role="region" tabindex="0" aria-label="Maßnahmen">
                <table class="table city-measures">
                    <caption>{if pages > 1 { format!("Maßnahmen, Seite {page} von {pages}") } else { "Maßnahmen".to_owned() }}</caption>
                    <thead>
                        <tr>
                            <th scope="col">"Maßnahme"</th>
                            <th scope="col">"Gebiet"</th>
                            <th scope="col">"Stand"</th>
                            <th scope="col" class="number">"Fortschritt"</th>
                            <th scope="col">"Nächster Meilenstein"</th>
                            <th scope="col">"Zuletzt aktualisiert"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {city.measures.iter().cloned().map(|m| view! { <MeasureRow measure=m /> }).collect_view()}
                    </tbody>
                </table>
            </div>
        })}
        {(pages > 1).then(|| view! {
            <nav class="pager" aria-label="Seiten">
                {(page > 1).then(|| view! { <a href=page_link(page - 1) rel="prev">"← Vorige Seite"</a> })}
                <span>{format!("Seite {page} von {pages}")}</span>
                {(page < pages).then(|| view! { <a href=page_link(page + 1) rel="next">"Nächste Seite →"</a> })}
            </nav>
        })}
    }
}

#[component]
fn MeasureRow(measure: CityMeasure) -> impl IntoView {
    let m = measure;
    let href = format!(
        "/gebiete/{}/programm#massnahme-{}",
        urlencode(&m.area_slug),
        urlencode(&m.measure_id)
    );
    let state = m.state();
    let i = m.implementation.clone();
    view! {
        <tr>
            <th scope="row">
                <a href=href>{m.title.clone()}</a>
                <br />
                <span class="hint">{format!("Handlungsfeld {}: {}", m.field.number(), m.field.name())}</span>
            </th>
            <td>{m.area_name.clone()}</td>
            <td>
                <span class=format!("state state-{}", state.slug())>{state.label()}</span>
                {i.as_ref().filter(|i| !i.reason.is_empty()).map(|i| view! { <br /><span class="hint">{format!("Grund: {}", i.reason)}</span> })}
            </td>
            <td class="number">{i.as_ref().map_or_else(|| "–".to_owned(), |i| format!("{} %", i.progress))}</td>
            <td>{i.as_ref().and_then(|i| i.next_milestone.clone()).map_or_else(|| "–".to_owned(), |n| format!("{} ({})", n.title, date_de(n.date)))}</td>
            <td>{i.as_ref().map_or_else(|| "noch keine Angaben".to_owned(), |i| date_de(i.updated_on))}</td>
        </tr>
    }
}

/// Planned beside spent per source, and what is available: the city's Projektmittel per year,
/// 5,000 EUR Aktionsraumfonds per area in view.
#[component]
fn MoneyTable(city: CityImplementation) -> impl IntoView {
    let available = |source: FundingSource| match source {
        FundingSource::ProjectFunds => euro_de(city.yearly_budget_cents),
        FundingSource::AreaFund => euro_de(city.area_funds_cents),
        FundingSource::ThirdParty => "–".to_owned(),
    };
    let rows = FundingSource::ALL
        .into_iter()
        .enumerate()
        .map(|(n, source)| {
            view! {
                <tr>
                    <th scope="row">{source.label()}</th>
                    <td class="number">{euro_de(city.planned_cents[n])}</td>
                    <td class="number">{euro_de(city.spent_cents[n])}</td>
                    <td class="number">{available(source)}</td>
                </tr>
            }
        })
        .collect_view();
    let planned: i64 = city.planned_cents.iter().sum();
    let spent: i64 = city.spent_cents.iter().sum();
    view! {
        <div class="table-wrap" role="region" tabindex="0" aria-label="Geld: geplant und ausgegeben nach Finanzierung">
            <table class="budget">
                <caption>"Geld: geplant und ausgegeben nach Finanzierung"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Finanzierung"</th>
                        <th scope="col" class="number">"Geplant"</th>
                        <th scope="col" class="number">"Ausgegeben"</th>
                        <th scope="col" class="number">"Verfügbar"</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
                <tfoot>
                    <tr>
                        <th scope="row">"Summe"</th>
                        <td class="number">{euro_de(planned)}</td>
                        <td class="number">{euro_de(spent)}</td>
                        <td></td>
                    </tr>
                </tfoot>
            </table>
        </div>
        <p class="hint">
            "Geplant: ohne entfallene Maßnahmen. Verfügbar: Projektmittel der Stadt für ein Jahr; "
            "Aktionsraumfonds 5.000 € je Gebiet in dieser Auswahl. Ausgegeben: was die Gebiete bisher eingetragen haben."
        </p>
    }
}
