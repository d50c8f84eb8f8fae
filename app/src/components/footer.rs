//! The site footer with the legal pages.
use leptos::prelude::*;

#[component]
pub fn SiteFooter() -> impl IntoView {
    view! {
        <footer class="site-footer">
            <nav aria-label="Weitere Seiten">
                <a href="/termine">"Öffentliche Termine"</a>
                <a href="/umsetzung">"Umsetzung der Programme"</a>
                <a href="/offene-daten">"Offene Daten"</a>
                <a href="/impressum">"Impressum"</a>
                <a href="/datenschutz">"Datenschutz"</a>
            </nav>
            <p>"Aktionsplan Soziale Stadt Dortmund"</p>
        </footer>
    }
}
