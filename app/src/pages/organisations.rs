//! The stakeholder directory: search by name and area, and the way to a new organisation.
use crate::api::organisations::{search_organisations, OrganisationsPage as Found};
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
    let after = move || query.read().get("nach").and_then(|a| a.parse::<i64>().ok());
    let data = Resource::new(
        move || (q(), area(), after()),
        |(q, area, after)| search_organisations(q, area, after),
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
                    Ok(Found { found, next_after, areas }) => view! {
                        <SearchForm q=q() area=area() areas />
                        <ResultTable found paged=after().is_some() more=next_after.is_some() />
                        <Paging q=q() area=area() paged=after().is_some() next_after />
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

/// The links to the first and to the next page of results.
#[component]
fn Paging(q: String, area: String, paged: bool, next_after: Option<i64>) -> impl IntoView {
    let base: String = form_urlencoded_query(&[("q", &q), ("gebiet", &area)]);
    let first = paged.then(|| format!("/intern/akteure?{base}"));
    let next = next_after.map(|after| format!("/intern/akteure?{base}&nach={after}"));
    (first.is_some() || next.is_some()).then(|| {
        view! {
            <nav class="paging" aria-label="Seiten der Akteure">
                {first.map(|href| view! { <a href=href>"Zur ersten Seite"</a> })}
                {next.map(|href| view! { <a href=href rel="next">"Weitere Organisationen"</a> })}
            </nav>
        }
    })
}

fn form_urlencoded_query(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{k}={}", crate::domain::format::urlencode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

#[component]
fn ResultTable(found: Vec<OrganisationSummary>, paged: bool, more: bool) -> impl IntoView {
    let count = found.len();
    let none = found.is_empty();
    let status = match (count, paged, more) {
        (n, false, true) => format!(
            "Die ersten {n} Organisationen, die zur Suche passen; weitere auf den nächsten Seiten."
        ),
        (1, false, false) => "1 Organisation gefunden.".to_owned(),
        (n, false, false) => format!("{n} Organisationen gefunden."),
        (n, true, _) => format!("{n} weitere Organisationen, die zur Suche passen."),
    };
    view! {
        <p role="status">{status}</p>
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
