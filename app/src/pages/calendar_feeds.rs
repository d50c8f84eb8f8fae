//! Calendar subscriptions: secret addresses for the own meetings and per area, revocable.
use crate::api::invitations::{calendar_feeds, ChangeCalendarFeed};
use crate::components::error_notice::ErrorNotice;
use crate::components::success_notice::SuccessNotice;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

fn message(ok: &str) -> Option<&'static str> {
    match ok {
        "neu" => {
            Some("Die neue Abo-Adresse ist erzeugt. Eine frühere Adresse funktioniert nicht mehr.")
        }
        "aus" => Some("Das Abo ist abgeschaltet. Die Adresse funktioniert nicht mehr."),
        "alle-aus" => Some(
            "Alle Abos des Gebiets sind beendet. Wer es weiter abonnieren möchte, erzeugt sich hier eine neue Adresse.",
        ),
        _ => None,
    }
}

#[component]
pub fn CalendarFeedsPage() -> impl IntoView {
    let query = use_query_map();
    let data = Resource::new(move || query.read().get("ok"), |_| calendar_feeds());
    view! {
        <Title text="Kalender-Abos" />
        <p class="breadcrumb"><a href="/intern/termine">"Termine"</a></p>
        <h1>"Kalender-Abos"</h1>
        <p>"Mit einer Abo-Adresse zeigt Ihr Kalenderprogramm (Outlook, Thunderbird, Handy) die Termine an und hält sie aktuell. Die Adresse ist geheim: Wer sie kennt, sieht die Termine. Geben Sie sie nicht weiter; erzeugen Sie eine neue, wenn sie in falsche Hände geraten ist."</p>
        <SuccessNotice messages=message />
        <Suspense fallback=|| view! { <p>"Wird geladen …"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(feeds) => {
                        let change = ServerAction::<ChangeCalendarFeed>::new();
                        view! {
                            <ul class="feed-list">
                                {feeds.into_iter().map(|feed| {
                                    let input_id = format!("abo-{}", feed.key);
                                    let has_url = feed.url.is_some();
                                    let key = feed.key.clone();
                                    let off_key = feed.key.clone();
                                    let all_key = format!("alle:{}", feed.key);
                                    let area_feeds = feed.area_feeds.filter(|n| *n > 0);
                                    view! {
                                        <li>
                                            <h2>{feed.label.clone()}</h2>
                                            {feed.url.clone().map(|url| view! {
                                                <label for=input_id.clone()>"Abo-Adresse"</label>
                                                <input id=input_id.clone() type="text" readonly value=url class="copy-field" />
                                            })}
                                            <ActionForm action=change attr:class="inline-form">
                                                <input type="hidden" name="key" value=key.clone() />
                                                <input type="hidden" name="renew" value="true" />
                                                <button type="submit" class="secondary">{if has_url { "Neue Adresse erzeugen (alte sperren)" } else { "Abo-Adresse erzeugen" }}</button>
                                            </ActionForm>
                                            {has_url.then(|| view! {
                                                <ActionForm action=change attr:class="inline-form">
                                                    <input type="hidden" name="key" value=off_key.clone() />
                                                    <input type="hidden" name="renew" value="false" />
                                                    <button type="submit" class="danger">"Abo abschalten"</button>
                                                </ActionForm>
                                            })}
                                            {area_feeds.map(|n| view! {
                                                <p class="hint">{if n == 1 { "1 Person hat dieses Gebiet abonniert.".to_owned() } else { format!("{n} Personen haben dieses Gebiet abonniert.") }}" Ist eine Adresse in falsche Hände geraten, beenden Sie alle; jede Person erzeugt sich dann eine neue."</p>
                                                <ActionForm action=change attr:class="inline-form">
                                                    <input type="hidden" name="key" value=all_key.clone() />
                                                    <input type="hidden" name="renew" value="false" />
                                                    <button type="submit" class="danger">"Alle Abos dieses Gebiets beenden"</button>
                                                </ActionForm>
                                            })}
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        }
                            .into_any()
                    }
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}
