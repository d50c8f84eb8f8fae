//! The needs catalogue: every need of the user's areas, filtered, searched, sorted and paged by
//! the address (works without JavaScript), with CSV and XLSX export of the filtered list.
use crate::api::catalogue::need_catalogue;
use crate::components::error_notice::ErrorNotice;
use crate::components::select_options::select_options;
use crate::domain::catalogue::{
    CatalogueFilter, CataloguePage, CatalogueSort, NeedSource, NeedStatus, NeedSummary,
    ProgrammeAnswer, COUNT_CAP,
};
use crate::domain::field_of_action::FieldOfAction;
use crate::domain::format::{date_de, number_de};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn NeedsPage() -> impl IntoView {
    let query = use_query_map();
    let filter = Memo::new(move |_| {
        let query = query.read();
        let pairs: Vec<(String, String)> = [
            "gebiet",
            "hf",
            "status",
            "quelle",
            "programm",
            "q",
            "sortierung",
            "nach",
        ]
        .into_iter()
        .filter_map(|key| query.get(key).map(|v| (key.to_owned(), v)))
        .collect();
        CatalogueFilter::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
    });
    let page = Resource::new(move || filter.get(), need_catalogue);
    view! {
        <Title text="Bedarfe" />
        <p class="breadcrumb"><a href="/intern">"Übersicht"</a></p>
        <h1>"Bedarfe"</h1>
        <p>"Alle Bedarfe Ihrer Gebiete: aus den Akteursgesprächen, dem Formular, den Sondierungsgesprächen 2021 und von Hand erfasst. Neue Meldungen aus dem Formular prüfen Sie hier."</p>
        <ul class="actions">
            <li><a class="button" href="/intern/bedarfe?status=neu">"Neue Meldungen prüfen"</a></li>
            <li><a class="button secondary" href="/intern/bedarfe/neu">"Bedarf von Hand erfassen"</a></li>
        </ul>
        <Suspense fallback=|| view! { <p>"Wird geladen …"</p> }>
            {move || Suspend::new(async move {
                let filter = filter.get_untracked();
                match page.await {
                    Ok(page) => view! { <Catalogue page filter /> }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Catalogue(page: CataloguePage, filter: CatalogueFilter) -> impl IntoView {
    let CataloguePage {
        needs,
        total,
        next_after,
        areas,
    } = page;
    let query = filter.to_query();
    let with_query = |base: &str| {
        if query.is_empty() {
            base.to_owned()
        } else {
            format!("{base}?{query}")
        }
    };
    let csv = with_query("/intern/bedarfe/bedarfe.csv");
    let xlsx = with_query("/intern/bedarfe/bedarfe.xlsx");
    let first_page = filter.after.map(|_| with_query("/intern/bedarfe"));
    let next_page = next_after.map(|after| {
        let separator = if query.is_empty() { "" } else { "&" };
        format!("/intern/bedarfe?{query}{separator}nach={after}")
    });
    let summary = match total {
        0 => "Keine Bedarfe passen zu diesem Filter.".to_owned(),
        1 => "1 Bedarf passt zu diesem Filter.".to_owned(),
        n if n > COUNT_CAP => format!(
            "Mehr als {} Bedarfe passen zu diesem Filter. Mit weiteren Filtern oder Suchwörtern finden Sie schneller, was Sie suchen.",
            number_de(COUNT_CAP.unsigned_abs())
        ),
        n => format!("{} Bedarfe passen zu diesem Filter.", number_de(n.unsigned_abs())),
    };
    let area = filter.area.clone().unwrap_or_default();
    view! {
        <form method="get" action="/intern/bedarfe" class="filter-form" role="search" aria-label="Bedarfe filtern">
            <div class="field">
                <label for="filter-q">"Suche"</label>
                <input id="filter-q" type="search" name="q" value=filter.text.clone() maxlength="200" />
            </div>
            <div class="field">
                <label for="filter-gebiet">"Gebiet"</label>
                <select id="filter-gebiet" name="gebiet">
                    <option value="" selected=area.is_empty()>"alle Ihre Gebiete"</option>
                    {areas.into_iter().map(|(slug, name)| {
                        let selected = slug == area;
                        view! { <option value=slug selected=selected>{name}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="filter-hf">"Handlungsfeld"</label>
                <select id="filter-hf" name="hf">
                    <option value="" selected=filter.field.is_none()>"alle"</option>
                    {select_options(FieldOfAction::ALL, filter.field, |f| f.number().to_string(), |f| format!("{} {}", f.number(), f.name()))}
                </select>
            </div>
            <div class="field">
                <label for="filter-status">"Status"</label>
                <select id="filter-status" name="status">
                    <option value="" selected=filter.status.is_none()>"alle"</option>
                    {select_options(NeedStatus::ALL, filter.status, |s| s.code().to_owned(), |s| s.label().to_owned())}
                </select>
            </div>
            <div class="field">
                <label for="filter-programm">"Im veröffentlichten Programm"</label>
                <select id="filter-programm" name="programm">
                    <option value="" selected=filter.answer.is_none()>"alle"</option>
                    {select_options(ProgrammeAnswer::ALL, filter.answer, |a| a.code().to_owned(), |a| a.label().to_owned())}
                </select>
            </div>
            <div class="field">
                <label for="filter-quelle">"Herkunft"</label>
                <select id="filter-quelle" name="quelle">
                    <option value="" selected=filter.source.is_none()>"alle"</option>
                    {select_options(NeedSource::ALL, filter.source, |s| s.code().to_owned(), |s| s.label().to_owned())}
                </select>
            </div>
            <div class="field">
                <label for="filter-sortierung">"Sortierung"</label>
                <select id="filter-sortierung" name="sortierung">
                    {select_options(CatalogueSort::ALL, Some(filter.sort), |s| s.code().to_owned(), |s| s.label().to_owned())}
                </select>
            </div>
            <button type="submit">"Anzeigen"</button>
        </form>
        <p role="status">{summary}</p>
        <p class="actions-inline">
            <a class="button secondary small" href=csv download="bedarfe.csv">"Als CSV herunterladen (Excel)"</a>" "
            <a class="button secondary small" href=xlsx download="bedarfe.xlsx">"Als XLSX herunterladen"</a>
        </p>
        <NeedTable needs caption="Bedarfe, die zum Filter passen".to_owned() />
        <nav class="paging" aria-label="Seiten">
            {first_page.map(|href| view! { <a href=href>"← Zur ersten Seite"</a> })}
            {next_page.map(|href| view! { <a href=href>"Weitere Bedarfe →"</a> })}
        </nav>
    }
}

/// One row per need; the reference links to the need.
#[component]
pub fn NeedTable(needs: Vec<NeedSummary>, caption: String) -> impl IntoView {
    let none = needs.is_empty();
    view! {
        <table class="table needs-table" hidden=none>
            <caption class="visually-hidden">{caption}</caption>
            <thead>
                <tr>
                    <th scope="col">"Bedarf"</th>
                    <th scope="col">"Gebiet"</th>
                    <th scope="col">"Handlungsfeld"</th>
                    <th scope="col">"Herkunft"</th>
                    <th scope="col">"Status"</th>
                    <th scope="col">"Nennungen"</th>
                    <th scope="col">"Genannt am"</th>
                </tr>
            </thead>
            <tbody>
                {needs.into_iter().map(|n| {
                    let href = format!("/intern/bedarfe/{}", n.id);
                    let status_class = format!("need-status need-status-{}", n.status.code());
                    view! {
                        <tr>
                            <td>
                                <a href=href>{n.title.clone()}</a>
                                <br /><span class="hint">{n.reference.clone()}{(!n.organisation.is_empty()).then(|| format!(" · {}", n.organisation))}</span>
                            </td>
                            <td>{n.area_name.clone()}</td>
                            <td><span class="field-badge" title=n.field.name()>{format!("HF {}", n.field.number())}</span></td>
                            <td>{n.source.label()}</td>
                            <td><span class=status_class>{n.status.label()}</span></td>
                            <td>{n.supporters}</td>
                            <td>{date_de(n.noted_on)}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}
