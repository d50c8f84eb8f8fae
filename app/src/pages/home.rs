//! The public start page: what the Aktionsplan is, its Handlungsfelder and its areas.
use crate::api::areas::list_areas;
use crate::components::{area_list::AreaList, error_notice::ErrorNotice};
use crate::domain::area::AreaKind;
use crate::domain::field_of_action::FieldOfAction;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn HomePage() -> impl IntoView {
    let areas = Resource::new(|| (), |_| list_areas());
    view! {
        <Title text="Start" />
        <h1>"Aktionsplan Soziale Stadt Dortmund"</h1>
        <p class="lead">
            "Mit dem Aktionsplan Soziale Stadt arbeitet die Stadt Dortmund seit 2008 gegen Armut und Ausgrenzung. "
            "In Stadtteilen mit besonderem Bedarf – den Aktionsräumen und Aktionsquartieren – sprechen "
            "Aktionsraumbeauftragte mit Menschen und Einrichtungen vor Ort: Wohlfahrtsverbänden, Schulen, Kitas, "
            "Vereinen, Initiativen, dem Jobcenter und vielen mehr."
        </p>
        <p>
            "Was in diesen Akteursgesprächen und über das Bedarfsformular zusammenkommt, fließt in ein "
            "Aktionsprogramm für jedes Gebiet. Das Projektbüro prüft und gibt es frei, danach veröffentlicht "
            "die Stadt es hier – damit Entscheidungen nachvollziehbar sind."
        </p>
        <p>
            "Termine, zu denen alle Interessierten kommen können, stehen unter "
            <a href="/termine">"Öffentliche Termine"</a>"."
        </p>
        <p class="easy-language-link">
            <a href="/leichte-sprache">"Informationen in Leichter Sprache"</a>
        </p>
        <h2>"Die drei Handlungsfelder"</h2>
        <ol class="fields-of-action">
            {FieldOfAction::ALL
                .into_iter()
                .map(|field| view! {
                    <li><strong>{field.name()}</strong>": "{field.explanation()}</li>
                })
                .collect_view()}
        </ol>
        <Suspense fallback=|| view! { <p>"Gebiete werden geladen …"</p> }>
            {move || Suspend::new(async move {
                match areas.await {
                    Ok(areas) => {
                        let active: Vec<_> = areas.into_iter().filter(|a| a.retired_on.is_none()).collect();
                        let rooms = active.iter().filter(|a| a.kind == AreaKind::Aktionsraum).count();
                        let quarters = active.len() - rooms;
                        let heading = format!(
                            "Die {rooms} {} und {quarters} {}",
                            if rooms == 1 { "Aktionsraum" } else { "Aktionsräume" },
                            if quarters == 1 { "Aktionsquartier" } else { "Aktionsquartiere" },
                        );
                        view! {
                            <h2 id="gebiete">{heading}</h2>
                            <p>"Nach Stadtbezirken geordnet. Jedes Gebiet hat eine eigene Seite."</p>
                            <AreaList areas=active />
                        }
                            .into_any()
                    }
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}
