//! The Verzeichnis von Verarbeitungstätigkeiten (Art. 30 DSGVO) of this app, made from its actual
//! settings: what it processes, why, about whom, for whom, and when it is erased.
use serde::{Deserialize, Serialize};

/// The settings the register depends on (from the server's configuration).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProcessingSettings {
    /// Contact data of needs, e-mail updates and reported barriers: months after approval/answer.
    pub contact_retention_months: u32,
    pub session_idle_hours: i64,
    pub session_absolute_hours: i64,
    /// An SMTP server is configured: e-mail updates are sent.
    pub mail_enabled: bool,
    /// Coordinators, too, confirm their login with a second factor.
    pub second_factor_for_coordinators: bool,
}

/// One processing activity with the items of Art. 30 (1) DSGVO.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProcessingActivity {
    pub name: String,
    pub purpose: String,
    pub legal_basis: String,
    pub data_subjects: String,
    pub data_categories: Vec<String>,
    pub recipients: String,
    pub erasure: String,
    /// Where in the app it happens (for the staff who keep the register).
    pub where_in_app: String,
}

/// The whole register.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProcessingRegister {
    pub controller: String,
    pub activities: Vec<ProcessingActivity>,
    pub third_countries: String,
    pub safeguards: Vec<String>,
}

fn lines(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}

/// The register as the app is configured now.
pub fn register(settings: ProcessingSettings) -> ProcessingRegister {
    let months = settings.contact_retention_months;
    let mut activities = vec![
        ProcessingActivity {
            name: "Benutzerkonten der Mitarbeitenden".into(),
            purpose: "Anmeldung der Aktionsraumbeauftragten und des Projektbüros; Zuordnung der Gebiete und Rechte; Nachvollziehbarkeit von Änderungen (wer hat was wann geändert).".into(),
            legal_basis: "Art. 6 Abs. 1 lit. e und Art. 88 DSGVO in Verbindung mit § 18 DSG NRW (Beschäftigtendaten, Erfüllung der Aufgaben der Stadt).".into(),
            data_subjects: "Beschäftigte der Stadt Dortmund mit Zugang zur Anwendung.".into(),
            data_categories: lines(&[
                "Name, dienstliche E-Mail-Adresse, Rolle, zugeordnete Gebiete, Sperrvermerk",
                "Passwort nur als argon2id-Hash; Schlüssel des zweiten Faktors; Wiederherstellungscodes nur als Hash",
                "Sitzungen (nur der Hash des Sitzungsschlüssels, Beginn, letzte Nutzung)",
                "bei Änderungen: wer und wann (an Gebieten, Terminen, Bedarfen, Programmen, Umsetzung, Rückmeldungen)",
            ]),
            recipients: "Keine Übermittlung. Einsicht: das Projektbüro (Verwaltung der Konten).".into(),
            erasure: format!(
                "Sitzungen enden nach {} Stunden ohne Nutzung, spätestens nach {} Stunden, und werden dann gelöscht. Konten sperrt das Projektbüro beim Ausscheiden; gesperrte Konten bleiben zur Nachvollziehbarkeit der Änderungen bestehen (Löschung nach den Aufbewahrungsregeln der Stadt).",
                settings.session_idle_hours, settings.session_absolute_hours
            ),
            where_in_app: "/intern/benutzer, Anmeldung".into(),
        },
        ProcessingActivity {
            name: "Akteursverzeichnis (Ansprechpersonen)".into(),
            purpose: "Einladung lokaler Akteure zu den Akteursgesprächen und Kontakt bei der Arbeit am Aktionsprogramm.".into(),
            legal_basis: "Art. 6 Abs. 1 lit. a DSGVO (Einwilligung der Ansprechperson; Datum und Zweck werden mit gespeichert).".into(),
            data_subjects: "Ansprechpersonen von Organisationen in den Gebieten (Vereine, Schulen, Kitas, Träger, Initiativen).".into(),
            data_categories: lines(&[
                "Name, Funktion, E-Mail-Adresse, Telefon",
                "Datum und Zweck der Einwilligung",
            ]),
            recipients: "Keine Übermittlung. Einsicht: Aktionsraumbeauftragte der Gebiete der Organisation und das Projektbüro.".into(),
            erasure: "Sobald die Einwilligung widerrufen wird oder die Person es verlangt (Löschung im Verzeichnis oder über die Datenschutz-Anfragen); die Organisation bleibt ohne die Person. Die Löschung wird ohne die gelöschten Daten protokolliert.".into(),
            where_in_app: "/intern/akteure, /intern/datenschutz".into(),
        },
        ProcessingActivity {
            name: "Einladungen, Rückmeldungen und Anwesenheit".into(),
            purpose: "Einladung zu Akteursgesprächen über persönliche Links, Zu- und Absagen, Anwesenheit im Protokoll.".into(),
            legal_basis: "Art. 6 Abs. 1 lit. a DSGVO (Einwilligung der Ansprechperson) und lit. e (Durchführung der Gespräche).".into(),
            data_subjects: "Eingeladene Organisationen und ihre Ansprechpersonen.".into(),
            data_categories: lines(&[
                "eingeladene Organisation und Ansprechperson, Antwort, Zahl der Personen, Nachricht an die Einladenden",
                "Anwesenheit beim Gespräch",
            ]),
            recipients: "Keine Übermittlung. Einsicht: Aktionsraumbeauftragte des Gebiets und das Projektbüro.".into(),
            erasure: "Mit dem Termin. Wird eine Ansprechperson gelöscht, bleibt die Einladung nur mit der Organisation verbunden.".into(),
            where_in_app: "/intern/termine/…/einladungen, /einladung/<Link>".into(),
        },
        ProcessingActivity {
            name: "Bedarfsformular".into(),
            purpose: "Lokale Akteure und Bewohnerinnen und Bewohner melden Bedarfe für das Aktionsprogramm ihres Gebiets; Rückfragen, wenn Kontaktangaben freiwillig gemacht werden.".into(),
            legal_basis: "Art. 6 Abs. 1 lit. e DSGVO (Bedarf ohne Personenbezug); für Name und E-Mail-Adresse Art. 6 Abs. 1 lit. a DSGVO (Einwilligung im Formular).".into(),
            data_subjects: "Personen, die das Formular ausfüllen (ohne Konto).".into(),
            data_categories: lines(&[
                "der Bedarf (Text, Handlungsfeld, Organisation, wer betroffen ist), Sprache des Formulars",
                "freiwillig und nur mit Einwilligung: Name und E-Mail-Adresse, Zeitpunkt der Einwilligung",
                "die IP-Adresse nur im Arbeitsspeicher für die Begrenzung der Meldungen je Anschluss (10 Minuten), nicht gespeichert",
            ]),
            recipients: "Keine Übermittlung. Einsicht in Kontaktangaben: Aktionsraumbeauftragte des Gebiets und das Projektbüro. Der Bedarf selbst kann – in der Fassung der Beauftragten, ohne Personenbezug – im veröffentlichten Aktionsprogramm stehen.".into(),
            erasure: format!(
                "Name und E-Mail-Adresse werden {months} Monate nach der Freigabe des Aktionsprogramms des Gebiets automatisch gelöscht (täglicher Lauf), auf Verlangen sofort über die Datenschutz-Anfragen. Der Bedarf bleibt ohne Personenbezug."
            ),
            where_in_app: "/bedarf/<Gebiet>, /intern/bedarfe".into(),
        },
        ProcessingActivity {
            name: "Nachrichten per E-Mail zum eigenen Bedarf".into(),
            purpose: "Wer es im Bedarfsformular bestellt, bekommt kurze Nachrichten, wenn sich bei seinem Bedarf etwas tut (angenommen, zusammengeführt, nicht aufgenommen, im Aktionsprogramm, umgesetzt).".into(),
            legal_basis: "Art. 6 Abs. 1 lit. a DSGVO (zweites Einwilligungsfeld im Formular; Abbestellen mit einem Klick).".into(),
            data_subjects: "Personen, die Nachrichten bestellt haben.".into(),
            data_categories: lines(&[
                "E-Mail-Adresse, Sprache, Zeitpunkt der Bestellung, Schlüssel für das Abbestellen",
                "die Nachrichten selbst mit Versandstand",
            ]),
            recipients: if settings.mail_enabled {
                "Der eingerichtete Mailserver (Auftragsverarbeitung nach Art. 28 DSGVO, Vertrag erforderlich) und der Mailanbieter der empfangenden Person.".into()
            } else {
                "Derzeit ist kein Mailserver eingerichtet: Es werden keine E-Mails verschickt und keine Daten übermittelt.".into()
            },
            erasure: format!(
                "Beim Abbestellen sofort; sonst nach derselben Regel wie die Kontaktangaben des Bedarfs ({months} Monate nach der Freigabe des Aktionsprogramms) und auf Verlangen sofort."
            ),
            where_in_app: "/bedarf/<Gebiet>, /abbestellen/<Link>".into(),
        },
        ProcessingActivity {
            name: "Rückmeldungen zur Barrierefreiheit".into(),
            purpose: "Meldung von Barrieren auf der Website und Antwort darauf (Feedback-Mechanismus nach BGG NRW und BITV NRW).".into(),
            legal_basis: "Art. 6 Abs. 1 lit. c DSGVO in Verbindung mit BGG NRW und BITV NRW; für Name und E-Mail-Adresse Art. 6 Abs. 1 lit. a DSGVO (Einwilligung im Formular).".into(),
            data_subjects: "Personen, die eine Barriere melden (ohne Konto).".into(),
            data_categories: lines(&[
                "die Meldung (Seite, Beschreibung), Eingang, Frist, Stand, Antwort",
                "freiwillig und nur mit Einwilligung: Name und E-Mail-Adresse",
            ]),
            recipients: "Keine Übermittlung. Einsicht: das Projektbüro. Bei einem Schlichtungsverfahren gegebenenfalls die Ombudsstelle für barrierefreie Informationstechnik NRW.".into(),
            erasure: format!(
                "Name und E-Mail-Adresse werden {months} Monate nach der Antwort (ohne Antwort: nach dem Eingang) automatisch gelöscht, auf Verlangen sofort. Die Meldung bleibt ohne Personenbezug."
            ),
            where_in_app: "/barrierefreiheit, /intern/barrierefreiheit".into(),
        },
    ];
    if !settings.second_factor_for_coordinators {
        // Nothing changes in the data; said so that the register names the setting.
        activities[0].data_categories.push(
            "zweiter Faktor: Pflicht für das Projektbüro, freiwillig für Aktionsraumbeauftragte"
                .into(),
        );
    } else {
        activities[0]
            .data_categories
            .push("zweiter Faktor: Pflicht für alle Konten".into());
    }
    ProcessingRegister {
        controller: "Stadt Dortmund, Sozialamt – Projektbüro Aktionsplan Soziale Stadt (Verantwortliche im Sinne von Art. 4 Nr. 7 DSGVO). Datenschutzbeauftragte: die behördliche Datenschutzbeauftragte der Stadt Dortmund.".into(),
        activities,
        third_countries: "Keine Übermittlung in Drittländer. Die Anwendung lädt keine Inhalte von fremden Servern und setzt keine Cookies zur Analyse.".into(),
        safeguards: lines(&[
            "Passwörter als argon2id-Hash (OWASP-Parameter), zweiter Faktor (TOTP) für das Projektbüro, Sperre nach wiederholten Fehlversuchen",
            "Sitzungen nur serverseitig, Cookies HttpOnly und SameSite, neue Sitzung bei jeder Anmeldung",
            "Rechte nach Rolle und Gebiet, an einer Stelle geprüft; Personenbezogenes nur für die Beschäftigten des Gebiets",
            "Content Security Policy, Schutz gegen seitenübergreifende Anfragen, Begrenzung von Formularen je Anschluss",
            "Datensparsamkeit: Kontaktangaben nur freiwillig und mit Einwilligung, automatische Löschfristen, Auskunft und Löschung je E-Mail-Adresse (/intern/datenschutz)",
            "Datensicherung mit dem Befehl `server backup` (konsistente Kopie im laufenden Betrieb); Transportverschlüsselung (HTTPS) durch den vorgeschalteten Webserver",
        ]),
    }
}

/// The register as Markdown (for the export and for printing).
pub fn to_markdown(register: &ProcessingRegister, made_on: &str) -> String {
    let mut out = String::new();
    out.push_str("# Verzeichnis von Verarbeitungstätigkeiten (Art. 30 DSGVO)\n\n");
    out.push_str(&format!(
        "Anwendung „Aktionsplan Soziale Stadt Dortmund“. Erstellt am {made_on} aus den Einstellungen der Anwendung.\n\n"
    ));
    out.push_str(&format!("**Verantwortlich:** {}\n\n", register.controller));
    for (n, a) in register.activities.iter().enumerate() {
        out.push_str(&format!("## {}. {}\n\n", n + 1, a.name));
        out.push_str(&format!("- **Zweck:** {}\n", a.purpose));
        out.push_str(&format!("- **Rechtsgrundlage:** {}\n", a.legal_basis));
        out.push_str(&format!("- **Betroffene Personen:** {}\n", a.data_subjects));
        out.push_str("- **Kategorien personenbezogener Daten:**\n");
        for c in &a.data_categories {
            out.push_str(&format!("  - {c}\n"));
        }
        out.push_str(&format!("- **Empfänger:** {}\n", a.recipients));
        out.push_str(&format!("- **Löschfristen:** {}\n", a.erasure));
        out.push_str(&format!("- **In der Anwendung:** {}\n\n", a.where_in_app));
    }
    out.push_str(&format!(
        "## Übermittlung in Drittländer\n\n{}\n\n",
        register.third_countries
    ));
    out.push_str("## Technische und organisatorische Maßnahmen (Art. 32 DSGVO)\n\n");
    for s in &register.safeguards {
        out.push_str(&format!("- {s}\n"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(months: u32, mail: bool) -> ProcessingSettings {
        ProcessingSettings {
            contact_retention_months: months,
            session_idle_hours: 4,
            session_absolute_hours: 12,
            mail_enabled: mail,
            second_factor_for_coordinators: false,
        }
    }

    #[test]
    fn the_erasure_periods_follow_the_configured_months() {
        let register = register(settings(18, false));
        let needs = register
            .activities
            .iter()
            .find(|a| a.name == "Bedarfsformular")
            .expect("needs form");
        assert!(
            needs.erasure.contains("18 Monate nach der Freigabe"),
            "{}",
            needs.erasure
        );
        let barriers = register
            .activities
            .iter()
            .find(|a| a.name.starts_with("Rückmeldungen"))
            .expect("feedback");
        assert!(barriers.erasure.contains("18 Monate nach der Antwort"));
        assert!(register.activities[0]
            .erasure
            .contains("nach 4 Stunden ohne Nutzung"));
    }

    #[test]
    fn the_mail_server_is_a_recipient_only_when_configured() {
        let mail = |enabled| {
            register(settings(12, enabled))
                .activities
                .into_iter()
                .find(|a| a.name.starts_with("Nachrichten per E-Mail"))
                .expect("updates")
                .recipients
        };
        assert!(mail(false).contains("kein Mailserver eingerichtet"));
        assert!(mail(true).contains("Auftragsverarbeitung"));
    }

    #[test]
    fn the_markdown_has_every_activity_with_the_items_of_article_30() {
        let register = register(settings(12, true));
        let markdown = to_markdown(&register, "06.12.2026");
        for activity in &register.activities {
            assert!(markdown.contains(&activity.name));
        }
        for item in [
            "**Zweck:**",
            "**Betroffene Personen:**",
            "**Empfänger:**",
            "**Löschfristen:**",
        ] {
            assert_eq!(
                markdown.matches(item).count(),
                register.activities.len(),
                "{item}"
            );
        }
        assert!(markdown.contains("## Technische und organisatorische Maßnahmen"));
    }
}
