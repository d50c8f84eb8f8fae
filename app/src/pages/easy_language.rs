//! `/leichte-sprache`: the Aktionsplan, this website and the accessibility statement in Leichte
//! Sprache (BITV 2.0 § 4 and Anlage 2: short sentences, no passive, no genitive, no subjunctive,
//! long words divided by a middle dot).
use crate::api::accessibility::load_accessibility_facts;
use crate::domain::accessibility::Conformity;
use crate::pages::accessibility::OMBUDSSTELLE_URL;
use leptos::prelude::*;
use leptos_meta::Title;

/// How far the site is accessible, in Leichte Sprache.
pub fn conformity_in_easy_language(conformity: Conformity) -> &'static str {
    match conformity {
        Conformity::Full => "Die Internet·seite ist barriere·frei.",
        Conformity::Partial => "Die Internet·seite ist noch nicht ganz barriere·frei.",
        Conformity::None => "Die Internet·seite ist noch nicht barriere·frei.",
    }
}

#[component]
pub fn EasyLanguagePage() -> impl IntoView {
    let statement = Resource::new(|| (), |_| load_accessibility_facts());
    view! {
        <Title text="Leichte Sprache" />
        <article class="easy-language">
            <h1>"Leichte Sprache"</h1>
            <p>"Hier erklären wir Ihnen diese Internet·seite in Leichter Sprache."</p>

            <h2>"Was ist der Aktions·plan Soziale Stadt?"</h2>
            <ul>
                <li>"Dortmund ist eine große Stadt."</li>
                <li>"In manchen Stadt·teilen haben viele Menschen wenig Geld."</li>
                <li>"Die Stadt Dortmund will diesen Menschen helfen."</li>
                <li>"Darum gibt es den Aktions·plan Soziale Stadt."</li>
                <li>"Der Aktions·plan ist in 15 Gebieten von Dortmund."</li>
                <li>"Jedes Gebiet hat eine Ansprech·person bei der Stadt."</li>
                <li>"Die Ansprech·person spricht mit den Menschen im Gebiet. Zum Beispiel mit Vereinen, Schulen, Kitas und Nachbarn."</li>
                <li>"Zusammen schreiben sie auf: Was fehlt im Gebiet? Was braucht das Gebiet?"</li>
                <li>"Daraus macht die Stadt einen Plan für das Gebiet. Der Plan heißt: Aktions·programm."</li>
            </ul>

            <h2>"Was finden Sie auf dieser Internet·seite?"</h2>
            <ul>
                <li>"Sie finden alle 15 Gebiete."</li>
                <li>"Sie finden den Plan für jedes Gebiet."</li>
                <li>"Sie sehen: Was macht die Stadt schon? Was ist schon fertig?"</li>
                <li>"Sie finden Termine für Treffen in den Gebieten."</li>
            </ul>

            <h2>"So finden Sie sich zurecht"</h2>
            <ul>
                <li>"Ganz oben auf jeder Seite ist ein Link. Der Link heißt: Zum Inhalt springen. Mit dem Link kommen Sie gleich zum Text."</li>
                <li>"Auf der Start·seite stehen alle Gebiete. Klicken Sie auf den Namen von Ihrem Gebiet."</li>
                <li>"Ganz unten auf jeder Seite stehen noch mehr Links. Zum Beispiel der Link zu dieser Seite."</li>
                <li>"Sie können alles mit der Tastatur machen. Mit der Tab·taste kommen Sie zum nächsten Link."</li>
                <li>"Sie können die Schrift größer machen. Drücken Sie dafür die Taste Strg und die Taste Plus."</li>
            </ul>
            <p><a href="/">"Zur Start·seite"</a></p>

            <h2>"Sie wollen der Stadt etwas sagen?"</h2>
            <ul>
                <li>"Fehlt etwas in Ihrem Gebiet? Dann sagen Sie es der Stadt."</li>
                <li>"Dafür gibt es ein Formular. Das Formular heißt: Bedarf melden."</li>
                <li>"Das Formular finden Sie auf der Seite von Ihrem Gebiet."</li>
                <li>"Sie brauchen dafür kein Konto."</li>
                <li>"Ihren Namen müssen Sie nicht sagen."</li>
                <li>"Das Formular gibt es auch auf Englisch, auf Türkisch und auf Arabisch."</li>
                <li>"Danach bekommen Sie einen Link. Mit dem Link sehen Sie später: Was macht die Stadt mit Ihrer Meldung?"</li>
            </ul>

            <h2>"Ist die Internet·seite barriere·frei?"</h2>
            <ul>
                <li>"Barriere·frei heißt: Alle Menschen können die Internet·seite gut benutzen. Auch Menschen mit Behinderung."</li>
                <li>"Die Stadt will: Die Internet·seite soll barriere·frei sein."</li>
                <Suspense fallback=|| ()>
                    {move || Suspend::new(async move {
                        statement.await.ok().map(|page| view! {
                            <li>{conformity_in_easy_language(page.facts.conformity)}</li>
                        })
                    })}
                </Suspense>
                <li>"Was noch nicht barriere·frei ist: Das steht in der Erklärung zur Barriere·freiheit. Die Erklärung ist nicht in Leichter Sprache."</li>
                <li>"Es gibt noch kein Video in Gebärden·sprache."</li>
            </ul>
            <p><a href="/barrierefreiheit">"Zur Erklärung zur Barriere·freiheit"</a></p>

            <h2>"Sie haben ein Problem mit der Internet·seite?"</h2>
            <ul>
                <li>"Dann sagen Sie es uns."</li>
                <li>"Dafür gibt es ein Formular."</li>
                <li>"Wir antworten Ihnen in einem Monat."</li>
                <li>"Sie sind mit der Antwort nicht zufrieden? Dann gibt es eine Stelle beim Land Nordrhein-Westfalen. Die Stelle heißt: Ombuds·stelle. Die Ombuds·stelle hilft Ihnen. Das kostet nichts."</li>
            </ul>
            <p><a href="/barrierefreiheit#rueckmeldung">"Zum Formular: Barriere melden"</a></p>
            <p><a href=OMBUDSSTELLE_URL>"Zur Ombuds·stelle"</a></p>
        </article>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_state_has_its_own_short_sentence() {
        let sentences: Vec<&str> = Conformity::ALL
            .into_iter()
            .map(conformity_in_easy_language)
            .collect();
        assert_eq!(sentences.len(), 3);
        assert!(sentences.iter().all(|s| s.split_whitespace().count() <= 8));
        assert_ne!(sentences[0], sentences[1]);
        assert_ne!(sentences[1], sentences[2]);
    }
}
