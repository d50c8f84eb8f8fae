//! What the city publishes as open data, with the stable addresses and their description.
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn OpenDataPage() -> impl IntoView {
    view! {
        <Title text="Offene Daten" />
        <h1>"Offene Daten"</h1>
        <p class="prose">"Die veröffentlichten Aktionsprogramme stehen hier zur freien Weiterverwendung bereit – ohne Anmeldung, unter Adressen, die sich nicht ändern. Sie enthalten nur veröffentlichte Fassungen, keine Namen von Mitarbeitenden und keine Kontaktdaten. Beträge stehen in Cent."</p>
        <dl class="facts">
            <dt><a href="/offene-daten/aktionsprogramme.json">"aktionsprogramme.json"</a></dt>
            <dd>"Alle veröffentlichten Aktionsprogramme, je Gebiet die aktuelle Fassung (JSON)."</dd>
            <dt><code>"/offene-daten/aktionsprogramme/<gebiet>.json"</code></dt>
            <dd>"Das Programm eines Gebiets, etwa "<a href="/offene-daten/aktionsprogramme/nordmarkt.json">"nordmarkt.json"</a>"."</dd>
            <dt><a href="/offene-daten/massnahmen.csv">"massnahmen.csv"</a></dt>
            <dd>"Alle Maßnahmen als Tabelle für Excel (UTF-8, Semikolon, Dezimalkomma)."</dd>
            <dt><a href="/offene-daten/umsetzung.json">"umsetzung.json"</a></dt>
            <dd>"Die Umsetzung jeder veröffentlichten Maßnahme: Stand, Fortschritt, Meilensteine, geplantes und ausgegebenes Geld je Finanzierung (JSON). Dasselbe als Tabelle: "<a href="/offene-daten/umsetzung.csv">"umsetzung.csv"</a>". Zum Lesen im Browser: "<a href="/umsetzung">"Umsetzung der Aktionsprogramme"</a>"."</dd>
            <dt><a href="/offene-daten/openapi.json">"openapi.json"</a></dt>
            <dd>"Die Beschreibung aller Felder (OpenAPI 3)."</dd>
            <dt><a href="/offene-daten/katalog.jsonld">"katalog.jsonld"</a></dt>
            <dd>"Der Katalog dieser Daten nach DCAT-AP.de (JSON-LD) für Datenportale wie GovData: Herausgeber, Ansprechstelle, Lizenz, Raumbezug und je Datensatz seine Dateien."</dd>
        </dl>
    }
}
