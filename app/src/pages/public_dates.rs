//! The public list of dates across all areas (`/termine`), filterable by area without JavaScript.
use crate::api::areas::list_areas;
use crate::api::meetings::public_dates;
use crate::components::{error_notice::ErrorNotice, public_dates::PublicDates};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn PublicDatesPage() -> impl IntoView {
    let query = use_query_map();
    let area = move || query.read().get("gebiet").unwrap_or_default();
    let data = Resource::new(area, |area| async move {
        Ok::<_, crate::error::AppError>((
            list_areas().await?,
            public_dates(area.clone()).await?,
            area,
        ))
    });
    view! {
        <Title text="Termine" />
        <h1>"Termine"</h1>
        <p class="lead">
            "Hier kündigen die Aktionsraumbeauftragten Termine an, zu denen alle Interessierten kommen können. "
            "Zu den Akteursgesprächen wird außerdem persönlich eingeladen."
        </p>
        <Suspense fallback=|| view! { <p>"Termine werden geladen …"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok((areas, meetings, chosen)) => view! {
                        <form method="get" action="/termine" class="filter-form" aria-label="Termine nach Gebiet filtern">
                            <div class="field">
                                <label for="termine-gebiet">"Gebiet"</label>
                                <select id="termine-gebiet" name="gebiet">
                                    <option value="" selected=chosen.is_empty()>"alle Gebiete"</option>
                                    {areas.into_iter().filter(|a| a.retired_on.is_none()).map(|a| {
                                        let selected = a.slug == chosen;
                                        view! { <option value=a.slug selected=selected>{a.name}</option> }
                                    }).collect_view()}
                                </select>
                            </div>
                            <button type="submit" class="secondary">"Anzeigen"</button>
                        </form>
                        <h2>"Kommende Termine"</h2>
                        <PublicDates meetings />
                    }
                        .into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}
