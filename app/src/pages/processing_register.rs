//! `/intern/verarbeitungsverzeichnis`: the Verzeichnis von Verarbeitungstätigkeiten (Art. 30
//! DSGVO) as the server is configured, with a Markdown download (Projektbüro only).
use crate::api::personal_data::load_processing_register;
use crate::components::error_notice::ErrorNotice;
use crate::domain::processing_register::{ProcessingActivity, ProcessingRegister};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn ProcessingRegisterPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| load_processing_register());
    view! {
        <Title text="Verzeichnis von Verarbeitungstätigkeiten" />
        <p class="breadcrumb no-print"><a href="/intern">"Übersicht"</a>" › "<a href="/intern/datenschutz">"Datenschutz-Anfragen"</a></p>
        <h1>"Verzeichnis von Verarbeitungstätigkeiten"</h1>
        <p>
            "Nach Art. 30 DSGVO, erstellt aus den aktuellen Einstellungen dieser Anwendung (zum Beispiel den "
            "eingestellten Löschfristen und ob ein Mailserver eingerichtet ist). Ändert sich eine Einstellung, "
            "ändert sich dieses Verzeichnis mit."
        </p>
        <ul class="actions no-print">
            <li><a class="button secondary" href="/intern/verarbeitungsverzeichnis.md" download="verarbeitungsverzeichnis.md">"Als Markdown herunterladen"</a></li>
        </ul>
        <Suspense fallback=|| view! { <p>"Wird geladen …"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(register) => view! { <Register register /> }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Register(register: ProcessingRegister) -> impl IntoView {
    view! {
        <p><strong>"Verantwortlich: "</strong>{register.controller.clone()}</p>
        <nav aria-label="Tätigkeiten" class="no-print">
            <ol>
                {register.activities.iter().enumerate().map(|(n, a)| {
                    let href = format!("#taetigkeit-{}", n + 1);
                    view! { <li><a href=href>{a.name.clone()}</a></li> }
                }).collect_view()}
            </ol>
        </nav>
        {register.activities.into_iter().enumerate().map(|(n, activity)| view! { <Activity number=n + 1 activity /> }).collect_view()}
        <h2>"Übermittlung in Drittländer"</h2>
        <p>{register.third_countries}</p>
        <h2>"Technische und organisatorische Maßnahmen (Art. 32 DSGVO)"</h2>
        <ul>{register.safeguards.into_iter().map(|s| view! { <li>{s}</li> }).collect_view()}</ul>
    }
}

#[component]
fn Activity(number: usize, activity: ProcessingActivity) -> impl IntoView {
    let id = format!("taetigkeit-{number}");
    let labelled_by = id.clone();
    view! {
        <section class="processing-activity" aria-labelledby=labelled_by>
            <h2 id=id>{format!("{number}. {}", activity.name)}</h2>
            <dl class="facts">
                <dt>"Zweck"</dt><dd>{activity.purpose}</dd>
                <dt>"Rechtsgrundlage"</dt><dd>{activity.legal_basis}</dd>
                <dt>"Betroffene Personen"</dt><dd>{activity.data_subjects}</dd>
                <dt>"Kategorien von Daten"</dt>
                <dd><ul>{activity.data_categories.into_iter().map(|c| view! { <li>{c}</li> }).collect_view()}</ul></dd>
                <dt>"Empfänger"</dt><dd>{activity.recipients}</dd>
                <dt>"Löschfristen"</dt><dd>{activity.erasure}</dd>
                <dt>"In der Anwendung"</dt><dd>{activity.where_in_app}</dd>
            </dl>
        </section>
    }
}
