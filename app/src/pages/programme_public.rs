//! The published Aktionsprogramm of an area for everybody: the current version, older published
//! versions, and the annex (meetings held, organisations that took part). No staff names, no
//! contact data; printable with the print stylesheet.
use crate::api::programmes::load_published_programme;
use crate::components::error_notice::ErrorNotice;
use crate::components::programme_view::{Lookup, ProgrammeContentView};
use crate::domain::format::date_de;
use crate::domain::programme::PublishedProgramme;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn ProgrammePublicPage() -> impl IntoView {
    let params = use_params_map();
    let data = Resource::new(
        move || {
            (
                params.read().get("slug").unwrap_or_default(),
                params.read().get("version"),
            )
        },
        |(slug, version)| async move {
            // An address with a version shows that version or nothing (not the current one).
            match version.map(|v| crate::domain::programme::version_in_path(&v)) {
                None => load_published_programme(slug, None).await,
                Some(Some(number)) => load_published_programme(slug, Some(number)).await,
                Some(None) => Err(crate::error::AppError::not_found("Diese Fassung")),
            }
        },
    );
    view! {
        <Suspense fallback=|| view! { <p>"Wird geladen …"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(programme) => view! { <PublishedView programme /> }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn PublishedView(programme: PublishedProgramme) -> impl IntoView {
    let p = programme;
    let base = format!("/gebiete/{}/programm", p.area_slug);
    let older = p.version != p.current_version;
    let lookup = Lookup {
        needs: p.needs.clone(),
        organisations: p.organisations.clone(),
        implementation: (p.version == p.current_version).then(|| p.implementation.clone()),
    };
    view! {
        <Title text=format!("Aktionsprogramm {} – Fassung {}", p.area_name, p.version) />
        <p class="breadcrumb no-print"><a href=format!("/gebiete/{}", p.area_slug)>{format!("{} {}", p.area_kind, p.area_name)}</a></p>
        <article class="programme programme-public">
            <h1>"Aktionsprogramm "{p.area_name.clone()}</h1>
            <p class="programme-meta">{format!("{} {} · Fassung {} · veröffentlicht am {}", p.area_kind, p.area_name, p.version, date_de(p.published_on))}</p>
            {older.then(|| view! {
                <p class="notice notice-warning">"Dies ist eine ältere Fassung. "<a href=base.clone()>"Zur aktuellen Fassung"</a></p>
            })}
            <p class="no-print programme-downloads">
                <a class="button secondary small" href=format!("/gebiete/{}/aktionsprogramm.pdf?fassung={}", p.area_slug, p.version) download>
                    {format!("Als PDF herunterladen (Fassung {})", p.version)}
                </a>
                " Zum Ausdrucken können Sie diese Seite auch direkt drucken."
            </p>
            <nav class="toc no-print" aria-label="Inhalt">
                <h2>"Inhalt"</h2>
                <ol>
                    <li><a href="#p-situation">"Ausgangslage"</a></li>
                    <li><a href="#p-field1">"Handlungsfeld 1: Arbeit und Beschäftigung im Quartier"</a></li>
                    <li><a href="#p-field2">"Handlungsfeld 2: Eltern und Kinder stärken – Kinderarmut bekämpfen"</a></li>
                    <li><a href="#p-field3">"Handlungsfeld 3: Sozialen Zusammenhalt im Quartier stärken"</a></li>
                    <li><a href="#p-potentials">"Potentiale des Gebiets"</a></li>
                    <li><a href="#p-role">"Rolle und Funktion der Aktionsraumbeauftragten"</a></li>
                    <li><a href="#p-budget">"Kosten und Finanzierung"</a></li>
                    <li><a href="#p-annex">"Anhang: Akteursgespräche und Beteiligte"</a></li>
                </ol>
            </nav>
            <ProgrammeContentView content=p.content.clone() lookup />
            <section class="programme-section" aria-labelledby="p-annex">
                <h2 id="p-annex">"Anhang: Akteursgespräche und Beteiligte"</h2>
                <h3>"Durchgeführte Gespräche"</h3>
                {if p.meetings.is_empty() {
                    view! { <p class="hint">"Keine erfasst."</p> }.into_any()
                } else {
                    view! { <ul>{p.meetings.iter().map(|m| view! { <li>{m.clone()}</li> }).collect_view()}</ul> }.into_any()
                }}
                <h3>"Beteiligte Organisationen"</h3>
                {if p.participants.is_empty() {
                    view! { <p class="hint">"Keine erfasst."</p> }.into_any()
                } else {
                    view! { <ul class="columns">{p.participants.iter().map(|o| view! { <li>{o.clone()}</li> }).collect_view()}</ul> }.into_any()
                }}
            </section>
        </article>
        <p class="no-print">
            "Dieses Programm als "<a href=format!("/offene-daten/aktionsprogramme/{}.json", p.area_slug)>"offene Daten (JSON)"</a>
            " · "<a href="/offene-daten">"alle offenen Daten"</a>
        </p>
        {(p.published.len() > 1).then(|| view! {
            <section class="no-print" aria-labelledby="fruehere">
                <h2 id="fruehere">"Alle veröffentlichten Fassungen"</h2>
                <ul>
                    {p.published.iter().map(|(n, on)| {
                        let here = *n == p.version;
                        view! {
                            <li>
                                <a href=format!("{base}/fassung/{n}") aria-current=here.then_some("page")>{format!("Fassung {n}, veröffentlicht am {}", date_de(*on))}</a>
                                {(*n == p.current_version).then_some(" (aktuell)")}
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </section>
        })}
    }
}
