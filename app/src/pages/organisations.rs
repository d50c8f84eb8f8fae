//! The stakeholder directory: search by name and area, and the way to a new organisation.
use crate::api::organisations::search_organisations;
use crate::components::error_notice::ErrorNotice;
use crate::domain::area::Area;
use crate::domain::organisation::OrganisationSummary;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn OrganisationsPage() -> impl IntoView {
    let query = use_query_map();
    let q = move || query.read().get("q").unwrap_or_default();
    let area = move || query.read().get("gebiet").unwrap_or_default();
    let data = Resource::new(
        move || (q(), area()),
        |(q, area)| search_organisations(q, area),
    );
    view! {
        <Title text="Akteure" />
        <p class="breadcrumb"><a href="/intern">"Übersicht"</a></p>
        <h1>"Akteure"</h1>
        <p>"Organisationen in den Gebieten und ihre Ansprechpersonen. Kontaktdaten sehen nur das Projektbüro und die Aktionsraumbeauftragten der jeweiligen Gebiete."</p>
        <ul class="actions"><li><a class="button" href="/intern/akteure/neu">"Neue Organisation anlegen"</a></li></ul>
        <Suspense fallback=|| view! { <p>"Wird geladen …"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok((found, areas)) => view! {
                        <SearchForm q=q() area=area() areas />
                        <ResultTable found />
                    }
                        .into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn SearchForm(q: String, area: String, areas: Vec<Area>) -> impl IntoView {
    view! {
        <form method="get" action="/intern/akteure" class="filter-form" role="search" aria-label="Akteure suchen">
            <div class="field">
                <label for="suche-name">"Name enthält"</label>
                <input id="suche-name" type="search" name="q" value=q />
            </div>
            <div class="field">
                <label for="suche-gebiet">"Gebiet"</label>
                <select id="suche-gebiet" name="gebiet">
                    <option value="" selected=area.is_empty()>"alle Gebiete"</option>
                    {areas
                        .into_iter()
                        .map(|a| {
                            let selected = a.slug == area;
                            view! { <option value=a.slug selected=selected>{a.name}</option> }
                        })
                        .collect_view()}
                </select>
            </div>
            <button type="submit">"Suchen"</button>
        </form>
    }
}

#[component]
fn ResultTable(found: Vec<OrganisationSummary>) -> impl IntoView {
    let count = found.len();
    let none = found.is_empty();
    view! {
        <p role="status">{if count == 1 { "1 Organisation gefunden.".to_owned() } else { format!("{count} Organisationen gefunden.") }}</p>
        {none.then(|| view! { <p>"Keine Organisation passt zur Suche. Versuchen Sie einen kürzeren Namensteil oder alle Gebiete."</p> })}
        <table class="table" hidden=none>
            <caption>"Organisationen"</caption>
            <thead><tr><th scope="col">"Name"</th><th scope="col">"Art"</th><th scope="col">"Gebiete"</th><th scope="col">"Ansprechpersonen"</th></tr></thead>
            <tbody>
                {found
                    .into_iter()
                    .map(|o| {
                        let href = format!("/intern/akteure/{}", o.id);
                        view! {
                            <tr>
                                <th scope="row"><a href=href>{o.name}</a></th>
                                <td>{o.kind.label()}</td>
                                <td>{o.area_names.join(", ")}</td>
                                <td>{o.contact_count}</td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}
