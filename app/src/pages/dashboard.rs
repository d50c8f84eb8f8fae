//! The staff start page: "Meine Aktionsräume" for coordinators, all areas for the Projektbüro,
//! and for both where the year's Akteursgespräche stand.
use crate::api::areas::my_areas;
use crate::api::meetings::meeting_progress;
use crate::components::{
    area_list::AreaList, error_notice::ErrorNotice, meeting_progress::MeetingProgress,
    user_context::use_session,
};
use crate::domain::policy::is_project_office;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

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
                        let progress = match progress.await {
                            // The server sends only the areas this person may see.
                            Ok(lines) => view! { <MeetingProgress year lines /> }.into_any(),
                            Err(error) => view! { <ErrorNotice error /> }.into_any(),
                        };
                        view! {
                            <Title text=heading />
                            <h1>{heading}</h1>
                            <p>"Angemeldet als "{user.name.clone()}". "{intro}" "<a href="/intern/zweiter-faktor">"Anmeldung absichern"</a></p>
                            {office.then(|| view! {
                                <ul class="actions">
                                    <li><a class="button" href="/intern/benutzer">"Benutzerkonten verwalten"</a></li>
                                    <li><a class="button secondary" href="/intern/gebiete/neu">"Neues Gebiet aufnehmen"</a></li>
                                    <li><a class="button secondary" href="/intern/datenschutz">"Datenschutz-Anfragen"</a></li>
                                </ul>
                            })}
                            {(!office).then(|| view! { <AreaList areas=areas.clone() base="/intern/gebiete" /> })}
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
