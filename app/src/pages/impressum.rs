//! Impressum (§ 5 DDG).
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn ImpressumPage() -> impl IntoView {
    view! {
        <Title text="Impressum" />
        <h1>"Impressum"</h1>
        <h2>"Herausgeberin"</h2>
        <p class="address">
            "Stadt Dortmund"<br />
            "Der Oberbürgermeister"<br />
            "Friedensplatz 1"<br />
            "44135 Dortmund"
        </p>
        <p>"Die Stadt Dortmund ist eine Körperschaft des öffentlichen Rechts. Sie wird vertreten durch den Oberbürgermeister."</p>
        <h2>"Verantwortlich für den Inhalt"</h2>
        <p>
            "Sozialamt der Stadt Dortmund, Projektbüro Aktionsplan Soziale Stadt. "
            "Die Aktionsprogramme der Gebiete werden von den Aktionsraumbeauftragten mit den Akteuren vor Ort "
            "erarbeitet und vom Projektbüro freigegeben."
        </p>
        <h2>"Kontakt"</h2>
        <p>
            "Fragen zu einem Gebiet beantworten die Aktionsraumbeauftragten; ihre Namen stehen auf der Seite des "
            "jeweiligen Gebiets. Allgemeine Fragen richten Sie bitte an das Projektbüro Aktionsplan Soziale Stadt "
            "im Sozialamt der Stadt Dortmund."
        </p>
        <h2>"Barrierefreiheit"</h2>
        <p>
            "Diese Anwendung soll für alle nutzbar sein (BITV 2.0, WCAG 2.1 AA): Sie lässt sich vollständig mit der "
            "Tastatur bedienen, alle Formulare funktionieren auch ohne JavaScript. Wenn Ihnen eine Barriere "
            "auffällt, sagen Sie es bitte dem Projektbüro – wir beheben sie."
        </p>
        <h2>"Haftung für Links"</h2>
        <p>"Für Inhalte fremder Seiten, auf die wir verweisen, sind deren Anbieter verantwortlich."</p>
    }
}
