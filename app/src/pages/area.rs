//! The public page of one area, with its history of decisions.
use crate::api::areas::load_area_page;
use crate::api::meetings::public_dates;
use crate::components::{error_notice::ErrorNotice, public_dates::PublicDates};
use crate::domain::area::AreaPage;
use crate::domain::format::date_de;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn AreaPublicPage() -> impl IntoView {
    let params = use_params_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    let page = Resource::new(slug, load_area_page);
    let dates = Resource::new(slug, public_dates);
    view! {
        <Suspense fallback=|| view! { <p>"Wird geladen …"</p> }>
            {move || Suspend::new(async move {
                match (page.await, dates.await) {
                    (Ok(page), Ok(meetings)) => view! {
                        <AreaDetails page />
                        <h2>"Öffentliche Termine"</h2>
                        <PublicDates meetings show_area=false />
                    }
                        .into_any(),
                    (Err(error), _) | (_, Err(error)) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn AreaDetails(page: AreaPage) -> impl IntoView {
    let AreaPage {
        area,
        history,
        coordinators,
        staff_access,
        published_programme,
    } = page;
    let staff_href = format!("/intern/gebiete/{}", area.slug);
    view! {
        <Title text=area.name.clone() />
        <p class="breadcrumb"><a href="/">"Alle Gebiete"</a></p>
        <h1>{area.name.clone()}</h1>
        <dl class="facts">
            <dt>"Art"</dt>
            <dd>{area.kind.label()}</dd>
            <dt>"Stadtbezirk"</dt>
            <dd>{area.district.clone()}</dd>
            <dt>"Sozialraum / Gebiet"</dt>
            <dd>{area.social_space.clone()}</dd>
            {area.retired_on.map(|date| view! {
                <dt>"Ausgeschieden am"</dt>
                <dd>{date_de(date)}</dd>
            })}
            {(!coordinators.is_empty()).then(|| view! {
                <dt>"Aktionsraumbeauftragte"</dt>
                <dd>{coordinators.join(", ")}</dd>
            })}
        </dl>
        {(!area.description.is_empty()).then(|| view! { <p class="prose">{area.description.clone()}</p> })}
        {(!area.contact.is_empty()).then(|| view! {
            <h2>"Kontakt"</h2>
            <p class="prose">{area.contact.clone()}</p>
        })}
        <h2>"Aktionsprogramm"</h2>
        {match published_programme {
            Some(_) => view! { <p><a href=format!("/gebiete/{}/programm", area.slug)>"Das Aktionsprogramm für "{area.name.clone()}" lesen"</a></p> }.into_any(),
            None => view! { <p>"Das Aktionsprogramm für dieses Gebiet ist noch in Arbeit und wird hier veröffentlicht, sobald das Projektbüro es freigegeben hat."</p> }.into_any(),
        }}
        <p class="call-to-action">
            <a class="button" href=format!("/bedarf/{}", area.slug)>"Bedarf melden"</a>
            " Was fehlt in "{area.name.clone()}"? Sagen Sie es uns – ohne Anmeldung."
        </p>
        {staff_access.then(|| view! { <p><a class="button secondary" href=staff_href>"Interner Bereich dieses Gebiets"</a></p> })}
        <h2>"Geschichte"</h2>
        {if history.is_empty() {
            view! { <p>"Für dieses Gebiet sind keine Änderungen verzeichnet."</p> }.into_any()
        } else {
            view! {
                <ol class="history">
                    {history
                        .into_iter()
                        .map(|change| view! {
                            <li>
                                <time datetime=change.effective_on.to_string()>{date_de(change.effective_on)}</time>
                                ": "{change.summary}
                                <span class="decision">" (Grundlage: "{change.decision}")"</span>
                            </li>
                        })
                        .collect_view()}
                </ol>
            }
                .into_any()
        }}
    }
}
