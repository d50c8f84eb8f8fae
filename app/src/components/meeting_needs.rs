//! The needs an area's meetings collected, by Handlungsfeld, each with its source.
use crate::api::records::area_meeting_needs;
use crate::domain::field_of_action::FieldOfAction;
use crate::domain::format::date_de;
use leptos::prelude::*;

#[component]
pub fn MeetingNeeds(slug: String) -> impl IntoView {
    let needs = Resource::new(move || slug.clone(), area_meeting_needs);
    view! {
        <h2 id="bedarfe">"Bedarfe aus den Akteursgesprächen"</h2>
        <Suspense fallback=|| view! { <p>"Wird geladen …"</p> }>
            {move || Suspend::new(async move {
                let needs = needs.await.unwrap_or_default();
                if needs.is_empty() {
                    return view! { <p>"In den Terminen dieses Gebiets wurden noch keine Bedarfe erfasst."</p> }.into_any();
                }
                FieldOfAction::ALL.into_iter().map(|field| {
                    let mine: Vec<_> = needs.iter().filter(|n| n.field == field).cloned().collect();
                    view! {
                        <h3>{field.number()}". "{field.name()}</h3>
                        {if mine.is_empty() {
                            view! { <p class="hint">"keine"</p> }.into_any()
                        } else {
                            view! {
                                <ul class="meeting-needs">
                                    {mine.into_iter().map(|n| view! {
                                        <li>
                                            <strong>{n.title.clone()}</strong>
                                            {(!n.detail.is_empty()).then(|| format!(" – {}", n.detail))}
                                            <br />
                                            <span class="hint">
                                                "Quelle: "<a href=format!("/intern/termine/{}/protokoll", n.meeting_id)>{n.meeting_title.clone()}</a>
                                                {format!(" am {}", date_de(n.meeting_date))}
                                                {n.organisation.clone().map(|o| format!(", genannt von {o}"))}
                                            </span>
                                        </li>
                                    }).collect_view()}
                                </ul>
                            }
                                .into_any()
                        }}
                    }
                }).collect_view().into_any()
            })}
        </Suspense>
    }
}
