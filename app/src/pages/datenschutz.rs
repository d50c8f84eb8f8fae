//! Datenschutzerklärung: what this app stores, why, and for how long.
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn DatenschutzPage() -> impl IntoView {
    view! {
        <Title text="Datenschutz" />
        <h1>"Datenschutz"</h1>
        <p>
            "Verantwortlich ist die Stadt Dortmund, Der Oberbürgermeister, Friedensplatz 1, 44135 Dortmund. "
            "Sie erreichen die behördliche Datenschutzbeauftragte bzw. den behördlichen Datenschutzbeauftragten der "
            "Stadt Dortmund unter derselben Anschrift."
        </p>
        <h2>"Wenn Sie die Seiten nur lesen"</h2>
        <p>
            "Wir setzen keine Analyse- oder Werbedienste ein, binden keine Inhalte anderer Anbieter ein und setzen "
            "für Besucherinnen und Besucher keine Cookies. Ihre IP-Adresse wird nur kurz im Arbeitsspeicher des "
            "Servers verwendet, um Missbrauch abzuwehren (zum Beispiel zu viele Anmeldeversuche), und nicht gespeichert."
        </p>
        <h2>"Konten der Mitarbeitenden"</h2>
        <p>
            "Für Aktionsraumbeauftragte und das Projektbüro speichern wir Name, dienstliche E-Mail-Adresse, Rolle, "
            "die zugeordneten Gebiete und das Passwort – nur als nicht umkehrbaren Hash (Argon2id). "
            "Zweck ist die Anmeldung und die Zuordnung von Zuständigkeiten (Art. 6 Abs. 1 lit. e DSGVO, § 3 DSG NRW). "
            "Ein gesperrtes Konto kann das Projektbüro löschen lassen."
        </p>
        <h2>"Anmelde-Cookie"</h2>
        <p>
            "Nach der Anmeldung setzt die Anwendung ein technisch notwendiges Cookie mit einer zufälligen Kennung. "
            "Auf dem Server speichern wir davon nur eine Prüfsumme, dazu den Zeitpunkt der Anmeldung und der letzten "
            "Nutzung. Die Anmeldung endet beim Abmelden, nach 4 Stunden ohne Nutzung und spätestens nach 12 Stunden; "
            "dann wird der Eintrag gelöscht."
        </p>
        <h2>"Einmal-Links"</h2>
        <p>
            "Für die Einrichtung und das Festlegen eines Passworts erzeugt die Anwendung Links, die 24 Stunden und "
            "nur einmal gelten. Gespeichert wird nur eine Prüfsumme des Links."
        </p>
        <h2>"Gebiete und Beschlüsse"</h2>
        <p>
            "Die Angaben zu den Aktionsräumen und Aktionsquartieren und ihre Geschichte sind öffentlich. Sie enthalten "
            "keine personenbezogenen Daten außer den Namen der zuständigen Aktionsraumbeauftragten."
        </p>
        <h2>"Ihre Rechte"</h2>
        <p>
            "Sie haben das Recht auf Auskunft, Berichtigung, Löschung und Einschränkung der Verarbeitung sowie auf "
            "Widerspruch (Art. 15 bis 21 DSGVO). Wenden Sie sich dazu an das Projektbüro oder die "
            "Datenschutzbeauftragte bzw. den Datenschutzbeauftragten der Stadt Dortmund. Sie können sich außerdem bei "
            "der Landesbeauftragten für Datenschutz und Informationsfreiheit Nordrhein-Westfalen beschweren."
        </p>
    }
}
