//! The site footer with the legal pages.
use leptos::prelude::*;

#[component]
pub fn SiteFooter() -> impl IntoView {
    view! {
        <footer class="site-footer">
            <nav aria-label="Rechtliches">
                <a href="/impressum">"Impressum"</a>
                <a href="/datenschutz">"Datenschutz"</a>
            </nav>
            <p>"Aktionsplan Soziale Stadt Dortmund"</p>
        </footer>
    }
}
