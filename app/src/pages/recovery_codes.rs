//! The recovery codes, shown once after they were made.
use crate::api::auth::recovery_codes;
use crate::api::safe_next_path;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn RecoveryCodesPage() -> impl IntoView {
    let query = use_query_map();
    let next = move || safe_next_path(&query.read().get("weiter").unwrap_or_default());
    let codes = Resource::new(
        move || query.read().get("hinweis").unwrap_or_default(),
        recovery_codes,
    );
    view! {
        <Title text="Wiederherstellungscodes" />
        <h1>"Ihre Wiederherstellungscodes"</h1>
        <Suspense fallback=|| view! { <p>"Wird geladen …"</p> }>
            {move || Suspend::new(async move {
                match codes.await {
                    Ok(codes) if !codes.is_empty() => view! {
                        <section class="notice notice-success" aria-labelledby="codes-titel">
                            <h2 id="codes-titel">"Der zweite Faktor ist eingerichtet."</h2>
                            <p>"Mit diesen Codes melden Sie sich an, wenn Sie Ihr Handy nicht dabeihaben oder verloren haben. Jeder Code gilt genau einmal. Drucken Sie sie aus oder schreiben Sie sie ab und bewahren Sie sie getrennt vom Handy auf. Wir zeigen sie nur jetzt."</p>
                            <ol class="recovery-codes">
                                {codes.into_iter().map(|code| view! { <li><code>{code}</code></li> }).collect_view()}
                            </ol>
                        </section>
                    }
                        .into_any(),
                    Ok(_) => view! {
                        <p>"Die Codes wurden schon angezeigt und werden aus Sicherheitsgründen nicht noch einmal gezeigt. Neue Codes erzeugen Sie unter „Anmeldung absichern“; dann gelten die alten nicht mehr."</p>
                    }
                        .into_any(),
                    Err(error) => view! { <crate::components::error_notice::ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
        <p><a class="button" href=next>"Ich habe die Codes aufbewahrt: weiter"</a></p>
    }
}
