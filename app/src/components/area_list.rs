//! The areas grouped by Stadtbezirk, each linking to its page.
use crate::domain::area::{Area, DISTRICTS};
use leptos::prelude::*;

#[component]
pub fn AreaList(
    areas: Vec<Area>,
    #[prop(default = "/gebiete")] base: &'static str,
    /// The level of the Stadtbezirk headings: 3 under a heading of the list, 2 right under the
    /// page's title.
    #[prop(default = 3)]
    level: u8,
) -> impl IntoView {
    let groups: Vec<(&'static str, Vec<Area>)> = DISTRICTS
        .iter()
        .map(|district| {
            let in_district: Vec<Area> = areas
                .iter()
                .filter(|a| a.district == *district)
                .cloned()
                .collect();
            (*district, in_district)
        })
        .filter(|(_, list)| !list.is_empty())
        .collect();
    view! {
        <div class="area-groups">
            {groups
                .into_iter()
                .map(|(district, list)| {
                    view! {
                        <section class="area-group">
                            {if level == 2 { view! { <h2>{district}</h2> }.into_any() } else { view! { <h3>{district}</h3> }.into_any() }}
                            <ul>
                                {list
                                    .into_iter()
                                    .map(|area| {
                                        let href = format!("{base}/{}", area.slug);
                                        let retired = area.retired_on.is_some();
                                        view! {
                                            <li>
                                                <a href=href>{area.name}</a>
                                                " "
                                                <span class="kind">{area.kind.label()}</span>
                                                {retired.then(|| view! { <span class="badge">" ausgeschieden"</span> })}
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ul>
                        </section>
                    }
                })
                .collect_view()}
        </div>
    }
}
