//! The staff start page: "Meine Aktionsräume" for coordinators, all areas for the Projektbüro.
use crate::api::areas::my_areas;
use crate::components::{
    area_list::AreaList, error_notice::ErrorNotice, user_context::use_session,
};
use crate::domain::policy::is_project_office;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn DashboardPage() -> impl IntoView {
    let session = use_session();
    let areas = Resource::new(|| (), |_| my_areas());
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
                        view! {
                            <Title text=heading />
                            <h1>{heading}</h1>
                            <p>"Angemeldet als "{user.name.clone()}". "{intro}</p>
                            {office.then(|| view! {
                                <ul class="actions">
                                    <li><a class="button" href="/intern/benutzer">"Benutzerkonten verwalten"</a></li>
                                    <li><a class="button secondary" href="/intern/gebiete/neu">"Neues Gebiet aufnehmen"</a></li>
                                </ul>
                            })}
                            <AreaList areas base="/intern/gebiete" />
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
