//! The site header: skip link, title, navigation and the login state.
use super::record_sync::has_unsent_changes;
use super::user_context::use_session;
use crate::domain::policy::can_manage_users;
use leptos::form::ActionForm;
use leptos::prelude::*;

/// Logging out clears what this browser keeps (the server sends `Clear-Site-Data`); unsent
/// record changes would go with it, so the user decides.
fn confirm_logout(event: leptos::ev::MouseEvent) {
    if has_unsent_changes() {
        let leave = window()
            .confirm_with_message(
                "Einige Änderungen an einem Protokoll sind noch nicht beim Server angekommen. \
                 Wenn Sie sich jetzt abmelden, gehen sie verloren. Trotzdem abmelden?",
            )
            .unwrap_or(false);
        if !leave {
            event.prevent_default();
        }
    }
}

#[component]
pub fn SiteHeader() -> impl IntoView {
    let session = use_session();
    let user_nav = move || {
        Suspend::new(async move {
            match session.user.await {
                Ok(Some(user)) => {
                    let manages = can_manage_users(&user);
                    view! {
                        <a href="/intern">"Meine Übersicht"</a>
                        <a href="/intern/termine">"Termine"</a>
                        <a href="/intern/bedarfe">"Bedarfe"</a>
                        <a href="/intern/akteure">"Akteure"</a>
                        {manages.then(|| view! { <a href="/intern/benutzer">"Benutzerkonten"</a> })}
                        <span class="whoami">{user.name.clone()}" ("{user.role.label()}")"</span>
                        <ActionForm action=session.logout attr:class="inline-form">
                            <button type="submit" class="link-button" on:click=confirm_logout>"Abmelden"</button>
                        </ActionForm>
                    }
                    .into_any()
                }
                _ => view! {
                    <a href="/termine">"Termine"</a>
                    <a href="/anmelden">"Anmelden für Mitarbeitende"</a>
                }
                .into_any(),
            }
        })
    };
    view! {
        <a class="skip-link" href="#inhalt">"Zum Inhalt springen"</a>
        <header class="site-header">
            <a class="site-title" href="/">
                <span class="site-title-main">"Aktionsplan Soziale Stadt"</span>
                <span class="site-title-sub">"Dortmund"</span>
            </a>
            <nav class="site-nav" aria-label="Hauptnavigation">
                <a href="/">"Gebiete"</a>
                <Transition fallback=|| ()>{user_nav}</Transition>
            </nav>
        </header>
    }
}
