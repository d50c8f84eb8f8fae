//! The site footer with the legal pages, the accessibility statement and Leichte Sprache.
use crate::domain::format::urlencode;
use leptos::prelude::*;
use leptos_router::hooks::use_location;

#[component]
pub fn SiteFooter() -> impl IntoView {
    // "Barriere melden" names the page it was followed from, so the form can fill it in.
    let location = use_location();
    let report_href = move || {
        format!(
            "/barrierefreiheit?seite={}#rueckmeldung",
            urlencode(&location.pathname.get())
        )
    };
    view! {
        <footer class="site-footer">
            <nav aria-label="Weitere Seiten">
                <a href="/termine">"Öffentliche Termine"</a>
                <a href="/umsetzung">"Umsetzung der Programme"</a>
                <a href="/offene-daten">"Offene Daten"</a>
                <a href="/leichte-sprache">"Leichte Sprache"</a>
                <a href="/barrierefreiheit">"Barrierefreiheit"</a>
                <a href=report_href>"Barriere melden"</a>
                <a href="/impressum">"Impressum"</a>
                <a href="/datenschutz">"Datenschutz"</a>
            </nav>
            <p>"Aktionsplan Soziale Stadt Dortmund"</p>
        </footer>
    }
}
