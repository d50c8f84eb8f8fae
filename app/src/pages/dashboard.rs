//! The staff start page: "Meine Aktionsräume" for coordinators, all areas for the Projektbüro,
//! and for both where the year's Akteursgespräche stand.
use crate::api::areas::my_areas;
use crate::api::implementation::{stale_measures, StaleList};
use crate::api::meetings::meeting_progress;
use crate::components::{
    area_list::AreaList, error_notice::ErrorNotice, meeting_progress::MeetingProgress,
    user_context::use_session,
};
use crate::domain::format::urlencode;
use crate::domain::policy::is_project_office;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// Reported barriers waiting for an answer (the Projektbüro has a month for each).
#[component]
fn BarrierNotice() -> impl IntoView {
    let counts = Resource::new(|| (), |_| crate::api::accessibility::barrier_counts());
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                counts.await.ok().filter(|(open, _)| *open > 0).map(|(open, overdue)| {
                    let text = match (open, overdue) {
                        (1, 0) => "Eine gemeldete Barriere wartet auf Antwort.".to_owned(),
                        (n, 0) => format!("{n} gemeldete Barrieren warten auf Antwort."),
                        (n, o) => format!("{n} gemeldete Barrieren warten auf Antwort, {o} davon länger als einen Monat."),
                    };
                    let class = if overdue > 0 { "notice notice-warning" } else { "notice" };
                    view! {
                        <div class=class role="status">
                            <p>{text}" "<a href="/intern/barrierefreiheit">"Zu den Meldungen"</a></p>
                        </div>
                    }
                })
            })}
        </Suspense>
    }
}

/// Wrong second-factor codes before this login (someone may know the password), and for the
/// Projektbüro the accounts whose factor is locked.
#[component]
fn FactorNotice() -> impl IntoView {
    let alerts = Resource::new(|| (), |_| crate::api::auth::second_factor_alerts());
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let alerts = alerts.await.ok()?;
                let wrong = alerts.wrong_codes_before_login;
                let own = (wrong > 0).then(|| {
                    let times = if wrong == 1 { "einmal".to_owned() } else { format!("{wrong}-mal") };
                    view! {
                        <div class="notice notice-warning" role="status">
                            <p>{format!("Vor dieser Anmeldung wurde {times} ein falscher Code für Ihren zweiten Faktor eingegeben. Wenn Sie das nicht selbst waren, kennt jemand Ihr Passwort: Bitte lassen Sie sich vom Projektbüro einen Link für ein neues Passwort geben.")}</p>
                        </div>
                    }
                });
                let locked = (!alerts.locked.is_empty()).then(|| view! {
                    <section class="notice notice-warning" aria-labelledby="gesperrte-faktoren">
                        <h2 id="gesperrte-faktoren">"Gesperrte zweite Faktoren"</h2>
                        <p>"Bei diesen Konten wurde zu oft ein falscher Code eingegeben. Sprechen Sie die Person an (telefonisch, nicht per E-Mail), bevor Sie den zweiten Faktor zurücksetzen: Vielleicht kennt jemand ihr Passwort."</p>
                        <ul>
                            {alerts.locked.into_iter().map(|(id, name, since)| view! {
                                <li><a href=format!("/intern/benutzer/{id}")>{name}</a>{format!(" (gesperrt seit {since})")}</li>
                            }).collect_view()}
                        </ul>
                    </section>
                });
                Some(view! { {own} {locked} })
            })}
        </Suspense>
    }
}

/// The year of the Akteursgespräche the Aktionsprogramme are built on.
const DEFAULT_YEAR: i32 = 2022;

#[component]
pub fn DashboardPage() -> impl IntoView {
    let session = use_session();
    let query = use_query_map();
    let year = move || {
        query
            .read()
            .get("jahr")
            .and_then(|y| y.trim().parse::<i32>().ok())
            .unwrap_or(DEFAULT_YEAR)
    };
    let areas = Resource::new(|| (), |_| my_areas());
    let progress = Resource::new(year, meeting_progress);
    let stale = Resource::new(|| (), |_| stale_measures());
    view! {
        <Suspense fallback=|| view! { <p>"Wird geladen …"</p> }>
            {move || Suspend::new(async move {
                let user = session.user.await;
                match (user, areas.await) {
                    (Ok(Some(user)), Ok(areas)) => {
                        let office = is_project_office(&user);
                        let heading = if office { "Übersicht Projektbüro" } else { "Meine Aktionsräume" };
                        let intro = if office {
                            "Sie sehen alle Gebiete des Aktionsplans. Wählen Sie ein Gebiet, um seine Stammdaten zu bearbeiten."
                        } else if areas.is_empty() {
                            "Ihnen ist noch kein Gebiet zugeordnet. Bitte wenden Sie sich an das Projektbüro."
                        } else {
                            "Diese Gebiete betreuen Sie."
                        };
                        let year = year();
                        let stale = match stale.await {
                            Ok(stale) => view! { <StaleMeasureList stale /> }.into_any(),
                            Err(error) => view! { <ErrorNotice error /> }.into_any(),
                        };
                        let progress = match progress.await {
                            // The server sends only the areas this person may see.
                            Ok(lines) => view! { <MeetingProgress year lines /> }.into_any(),
                            Err(error) => view! { <ErrorNotice error /> }.into_any(),
                        };
                        view! {
                            <Title text=heading />
                            <h1>{heading}</h1>
                            <p>"Angemeldet als "{user.name.clone()}". "{intro}" "<a href="/intern/zweiter-faktor">"Anmeldung absichern"</a></p>
                            <FactorNotice />
                            {office.then(|| view! {
                                <ul class="actions">
                                    <li><a class="button" href="/intern/ueberblick">"Überblick über alle Gebiete"</a></li>
                                    <li><a class="button" href="/intern/sachstand">"Sachstandsbericht"</a></li>
                                    <li><a class="button secondary" href="/intern/benutzer">"Benutzerkonten verwalten"</a></li>
                                    <li><a class="button secondary" href="/intern/gebiete/neu">"Neues Gebiet aufnehmen"</a></li>
                                    <li><a class="button secondary" href="/intern/datenschutz">"Datenschutz-Anfragen"</a></li>
                                    <li><a class="button secondary" href="/intern/barrierefreiheit">"Barrierefreiheit"</a></li>
                                </ul>
                                <BarrierNotice />
                            })}
                            {(!office).then(|| view! { <AreaList areas=areas.clone() base="/intern/gebiete" level=2 /> })}
                            {stale}
                            <h2 id="fortschritt">{format!("Akteursgespräche {year}")}</h2>
                            <YearChooser year />
                            {progress}
                            {office.then(|| view! {
                                <h2>"Alle Gebiete"</h2>
                                <AreaList areas base="/intern/gebiete" />
                            })}
                        }
                            .into_any()
                    }
                    (Ok(None), _) => view! { <ErrorNotice error=crate::error::AppError::Unauthorized /> }.into_any(),
                    (Err(error), _) | (_, Err(error)) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// Measures whose Umsetzung nobody has updated for months; nothing when there are none.
#[component]
fn StaleMeasureList(stale: StaleList) -> impl IntoView {
    (stale.total > 0).then(|| {
        let more = stale.total - stale.measures.len();
        view! {
            <section class="notice notice-warning" aria-labelledby="ueberfaellig">
                <h2 id="ueberfaellig">"Umsetzung: lange nicht aktualisiert"</h2>
                <p>{format!(
                    "{} {} seit mehr als {} Monaten keinen neuen Stand. Bitte tragen Sie ein, wie es dort steht – auch wenn sich nichts geändert hat.",
                    stale.total,
                    if stale.total == 1 { "offene Maßnahme hat" } else { "offene Maßnahmen haben" },
                    stale.months,
                )}</p>
                <ul>
                    {stale.measures.into_iter().map(|m| {
                        let href = format!("/intern/gebiete/{}/umsetzung/{}", m.area_slug, urlencode(&m.measure_id));
                        view! { <li><a href=href>{m.title}</a>{format!(" ({}, zuletzt {})", m.area_name, m.since)}</li> }
                    }).collect_view()}
                </ul>
                {(more > 0).then(|| view! { <p>{format!("… und {more} weitere. Alle stehen auf den Umsetzungsseiten der Gebiete.")}</p> })}
            </section>
        }
    })
}

/// Another year, by a plain GET form (works without JavaScript).
#[component]
fn YearChooser(year: i32) -> impl IntoView {
    let years = year.min(2021)..=year.max(2030);
    view! {
        <form method="get" action="/intern" class="filter-form" aria-label="Jahr wählen">
            <div class="field">
                <label for="fortschritt-jahr">"Jahr"</label>
                <select id="fortschritt-jahr" name="jahr">
                    {years.map(|y| view! { <option value=y.to_string() selected=y == year>{y.to_string()}</option> }).collect_view()}
                </select>
            </div>
            <button type="submit" class="secondary">"Anzeigen"</button>
        </form>
    }
}
