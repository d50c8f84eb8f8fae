//! What stakeholders sent through the area's public form, newest first, for the area's staff.
use crate::api::needs::area_need_submissions;
use crate::components::error_notice::ErrorNotice;
use crate::components::need_form_text::form_language;
use crate::domain::catalogue::NeedStatus;
use crate::domain::format::date_de;
use crate::domain::need::AREA_SUBMISSIONS_SHOWN;
use leptos::prelude::*;

#[component]
pub fn NeedSubmissions(slug: String) -> impl IntoView {
    let form_href = format!("/bedarf/{slug}");
    let queue = format!("/intern/bedarfe?gebiet={slug}&status=neu");
    let all = format!("/intern/bedarfe?gebiet={slug}&quelle=formular");
    let submissions = Resource::new(move || slug.clone(), area_need_submissions);
    view! {
        <h2 id="bedarfsmeldungen">"Bedarfsmeldungen über das Formular"</h2>
        <p>
            "Akteure und Bewohner melden Bedarfe ohne Konto über "
            <a href=form_href.clone()>{form_href.clone()}</a>"."
        </p>
        <p><a class="button secondary" href=format!("{form_href}/plakat")>"Plakat mit QR-Code drucken"</a></p>
        <Suspense fallback=|| view! { <p>"Wird geladen …"</p> }>
            {move || {
                let queue = queue.clone();
                let all = all.clone();
                Suspend::new(async move {
                match submissions.await {
                    Ok(list) if list.is_empty() => view! { <p>"Über das Formular ist noch nichts eingegangen."</p> }.into_any(),
                    Ok(list) => {
                        // Older new ones may lie beyond the newest shown.
                        let waiting = list.len() >= AREA_SUBMISSIONS_SHOWN
                            || list.iter().any(|s| s.status == NeedStatus::New);
                        let queue = queue.clone();
                        let all = all.clone();
                        let summary = if list.len() >= AREA_SUBMISSIONS_SHOWN {
                            format!("Die neuesten {} Meldungen, die neueste zuerst.", list.len())
                        } else {
                            format!("{} Meldungen, die neueste zuerst.", list.len())
                        };
                        view! {
                        <p>{summary}" "<a href=all>"Alle Meldungen im Bedarfskatalog"</a></p>
                        {waiting.then(|| view! {
                            <p><a class="button" href=queue>"Neue Meldungen prüfen"</a></p>
                        })}
                        <ul class="submissions">
                            {list.into_iter().map(|s| {
                                let contact = [s.contact_name.clone(), s.contact_email.clone()]
                                    .into_iter()
                                    .filter(|v| !v.is_empty())
                                    .collect::<Vec<_>>()
                                    .join(", ");
                                view! {
                                    <li>
                                        <p>
                                            <span class="field-badge">{format!("HF {}", s.field.number())}</span>" "
                                            {match s.need_id {
                                                Some(id) => view! { <a href=format!("/intern/bedarfe/{id}")><strong dir="auto">{s.title.clone()}</strong></a> }.into_any(),
                                                None => view! { <strong dir="auto">{s.title.clone()}</strong> }.into_any(),
                                            }}
                                            <span class="hint">{format!(" – {} vom {} · {}", s.reference, date_de(s.submitted_on), s.status.label())}</span>
                                            {form_language(&s.language).map(|name| view! { <span class="hint">{format!(" · Formular auf {name}")}</span> })}
                                        </p>
                                        <p class="prose" dir="auto">{s.description.clone()}</p>
                                        {(!s.affected.is_empty()).then(|| view! { <p class="hint">"Betroffen / wo: "{s.affected.clone()}</p> })}
                                        {(!s.organisation.is_empty()).then(|| view! { <p class="hint">"Organisation: "{s.organisation.clone()}</p> })}
                                        {(!contact.is_empty()).then(|| view! { <p class="hint">"Für Rückfragen: "{contact}</p> })}
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                        }
                        .into_any()
                    }
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}}
        </Suspense>
    }
}
