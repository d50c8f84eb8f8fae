//! `/barrierefreiheit`: the Erklärung zur Barrierefreiheit after the EU model statement
//! (Durchführungsbeschluss (EU) 2018/1523), with the form for reporting a barrier, and its receipt.
use crate::api::accessibility::{
    barrier_receipt, load_accessibility_statement, ReportBarrier, StatementPage,
};
use crate::components::error_notice::ErrorNotice;
use crate::components::field::{field_error, TextArea, TextField};
use crate::components::form_echo::{echoed_checked, EchoScope};
use crate::components::form_errors::FormErrors;
use crate::domain::accessibility::{AccessibilityStatement, FEEDBACK_MAX};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_query_map;

const SUBMIT_PATH: &str = <ReportBarrier as ServerFn>::PATH;
/// Where people go when our own contact does not solve the problem (§§ 10d, 10e BGG NRW).
pub const OMBUDSSTELLE_URL: &str = "https://www.lbbp.nrw.de/ombudsstelle";

#[component]
pub fn AccessibilityPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| load_accessibility_statement());
    view! {
        <Title text="Erklärung zur Barrierefreiheit" />
        <Suspense fallback=|| view! { <p>"Wird geladen …"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(page) => view! { <Statement page /> }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Statement(page: StatementPage) -> impl IntoView {
    let StatementPage {
        statement,
        form_key,
        retention_months,
    } = page;
    view! {
        <article class="prose statement">
            <h1>"Erklärung zur Barrierefreiheit"</h1>
            <p>
                "Die Stadt Dortmund ist bemüht, ihre Websites im Einklang mit dem Behindertengleichstellungsgesetz "
                "Nordrhein-Westfalen (BGG NRW) und der Barrierefreie-Informationstechnik-Verordnung Nordrhein-Westfalen "
                "(BITV NRW) zur Umsetzung der Richtlinie (EU) 2016/2102 barrierefrei zugänglich zu machen. "
                "Diese Erklärung gilt für die Website des Aktionsplans Soziale Stadt Dortmund mit allen öffentlichen Seiten "
                "und Formularen."
            </p>
            <p><a href="/leichte-sprache">"Das Wichtigste in Leichter Sprache"</a></p>
            <Conformity statement=statement.clone() />
            <h2>"Erstellung dieser Erklärung"</h2>
            <p>{format!(
                "Diese Erklärung wurde am {} erstellt oder zuletzt überarbeitet. Die Website wurde zuletzt am {} geprüft.",
                statement.updated_on,
                crate::domain::format::date_de(statement.facts.assessed_on),
            )}</p>
            {statement.facts.method_paragraphs().into_iter().map(|p| view! { <p>{p}</p> }).collect_view()}
            <h2 id="kontakt">"Barrieren melden: Feedback und Kontakt"</h2>
            <p>
                "Ist Ihnen auf dieser Website eine Barriere aufgefallen? Oder brauchen Sie einen Inhalt in einer anderen Form? "
                "Dann schreiben Sie uns bitte. Wir antworten Ihnen innerhalb eines Monats."
            </p>
            <Contact statement=statement.clone() />
            <FeedbackForm form_key retention_months />
            <h2>"Schlichtungsverfahren"</h2>
            <p>
                "Wenn Sie auch nach Ihrer Meldung bei uns keine zufriedenstellende Antwort bekommen haben, können Sie sich an die "
                <a href=OMBUDSSTELLE_URL>"Ombudsstelle für barrierefreie Informationstechnik des Landes Nordrhein-Westfalen"</a>
                " wenden. Sie ist der Beauftragten der Landesregierung für Menschen mit Behinderung zugeordnet (§§ 10d, 10e BGG NRW). "
                "Das Verfahren ist für Sie kostenlos; Sie brauchen keinen Anwalt und keine Anwältin."
            </p>
        </article>
    }
}

#[component]
fn Conformity(statement: AccessibilityStatement) -> impl IntoView {
    let gaps = statement.facts.gaps();
    view! {
        <h2>"Stand der Vereinbarkeit mit den Anforderungen"</h2>
        <p>{statement.facts.conformity.sentence()}</p>
        {(!gaps.is_empty()).then(|| view! {
            <h2>"Nicht barrierefreie Inhalte"</h2>
            <p>"Die folgenden Inhalte sind nicht oder nicht ganz barrierefrei. Bei jedem steht, warum, und was Sie stattdessen nutzen können:"</p>
            <ul class="known-gaps">{gaps.into_iter().map(|g| view! { <li>{g}</li> }).collect_view()}</ul>
        })}
    }
}

#[component]
fn Contact(statement: AccessibilityStatement) -> impl IntoView {
    let email = statement.facts.contact_email.clone();
    let phone = statement.facts.contact_phone.clone();
    (!email.is_empty() || !phone.is_empty()).then(|| {
        view! {
            <p>"Projektbüro Aktionsplan Soziale Stadt, Sozialamt der Stadt Dortmund"</p>
            <ul class="contact-ways">
                {(!email.is_empty()).then(|| {
                    let href = format!("mailto:{email}");
                    view! { <li>"E-Mail: "<a href=href>{email.clone()}</a></li> }
                })}
                {(!phone.is_empty()).then(|| view! { <li>"Telefon: "{phone.clone()}</li> })}
            </ul>
            <p>"Oder nutzen Sie dieses Formular:"</p>
        }
    })
}

#[component]
fn FeedbackForm(form_key: String, retention_months: u32) -> impl IntoView {
    let report = ServerAction::<ReportBarrier>::new();
    let error = Signal::derive(move || report.value().get().and_then(Result::err));
    // With JavaScript the page stays when the form key was refused (too old, too fast, used
    // before with other content): fetch a fresh one so that sending again works. Without
    // JavaScript the page comes back with one.
    let form_key = RwSignal::new(form_key);
    Effect::new(move |_| {
        if error.with(|e| e.as_ref().and_then(|e| e.field_message("form")).is_some()) {
            leptos::task::spawn_local(async move {
                if let Ok(fresh) = load_accessibility_statement().await {
                    form_key.set(fresh.form_key);
                }
            });
        }
    });
    // The page the footer's link came from ("?seite=/gebiete/hafen").
    let from_page = use_query_map()
        .with_untracked(|q| q.get("seite"))
        .unwrap_or_default();
    let consented = echoed_checked("consent", "ja").unwrap_or(false);
    let consent_error = field_error(error, "consent");
    view! {
        <section class="feedback" id="rueckmeldung" aria-labelledby="rueckmeldung-titel">
            <h3 id="rueckmeldung-titel">"Barriere melden"</h3>
            <p>"Sie brauchen kein Konto. Name und E-Mail-Adresse sind freiwillig; ohne sie können wir Ihnen aber nicht antworten."</p>
            <ActionForm action=report attr:class="form" attr:aria-labelledby="rueckmeldung-titel">
                <FormErrors error />
                <input type="hidden" name="form_key" prop:value=move || form_key.get() value=form_key.get_untracked() />
                <EchoScope path=SUBMIT_PATH>
                    <TextField
                        label="Auf welcher Seite? (freiwillig)"
                        name="page"
                        value=from_page
                        maxlength=500
                        hint="Zum Beispiel die Adresse der Seite oder ihre Überschrift."
                        error=field_error(error, "page")
                    />
                    <TextArea
                        label="Was hat nicht funktioniert?"
                        name="description"
                        rows=6
                        required=true
                        hint="Beschreiben Sie bitte, was Sie tun wollten, was passiert ist, und – wenn Sie mögen – welches Hilfsmittel Sie nutzen (zum Beispiel einen Screenreader)."
                        error=field_error(error, "description")
                    />
                    <fieldset class="contact-group">
                        <legend>"Damit wir Ihnen antworten können (freiwillig)"</legend>
                        <TextField label="Ihr Name" name="contact_name" maxlength=200 autocomplete="name" error=field_error(error, "contact_name") />
                        <TextField label="Ihre E-Mail-Adresse" name="contact_email" input_type="email" autocomplete="email" error=field_error(error, "contact_email") />
                        <div class="field checkbox-field" class:field-invalid=move || consent_error.get().is_some()>
                            <input
                                type="checkbox"
                                id="feld-consent"
                                name="consent"
                                value="ja"
                                checked=consented
                                aria-describedby=move || consent_error.get().map(|_| "feld-consent-fehler")
                                aria-invalid=move || consent_error.get().map(|_| "true")
                            />
                            <label for="feld-consent">{format!(
                                "Ich bin einverstanden, dass das Projektbüro meinen Namen und meine E-Mail-Adresse speichert, um mir auf diese Meldung zu antworten. Sie werden {retention_months} Monate nach der Antwort gelöscht; ich kann die Einwilligung jederzeit widerrufen."
                            )}</label>
                        </div>
                        {move || consent_error.get().map(|m| view! { <p class="field-error" id="feld-consent-fehler">{m}</p> })}
                    </fieldset>
                    <div class="bot-trap" aria-hidden="true">
                        <label for="feld-website">"Dieses Feld bitte leer lassen"</label>
                        <input type="text" id="feld-website" name="website" value="" tabindex="-1" autocomplete="off" />
                    </div>
                </EchoScope>
                <button type="submit">"Meldung absenden"</button>
            </ActionForm>
            <p class="hint">{format!("Höchstens {FEEDBACK_MAX} Zeichen. Bitte schreiben Sie keine Gesundheitsdaten in die Meldung, die wir nicht brauchen.")}</p>
        </section>
    }
}

#[component]
pub fn AccessibilityReceiptPage() -> impl IntoView {
    let query = use_query_map();
    let receipt = Resource::new(
        move || query.read().get("schluessel"),
        |key| async move {
            match key {
                Some(key) => barrier_receipt(key).await.map(Some),
                None => Ok(None),
            }
        },
    );
    view! {
        <Title text="Ihre Meldung ist angekommen" />
        <Meta name="robots" content="noindex" />
        <Suspense fallback=|| view! { <p>"Wird geladen …"</p> }>
            {move || Suspend::new(async move {
                match receipt.await {
                    Ok(Some(receipt)) => view! {
                        <h1>"Vielen Dank! Ihre Meldung ist angekommen."</h1>
                        <p class="reference">"Ihre Nummer: "<strong>{receipt.reference.clone()}</strong></p>
                        <dl class="facts">
                            <dt>"Eingegangen am"</dt><dd>{receipt.received_on.clone()}</dd>
                            <dt>"Antwort spätestens am"</dt><dd>{receipt.due_on.clone()}</dd>
                        </dl>
                        <p>{if receipt.with_contact {
                            "Das Projektbüro prüft Ihre Meldung und antwortet Ihnen per E-Mail."
                        } else {
                            "Das Projektbüro prüft Ihre Meldung. Sie haben keine E-Mail-Adresse angegeben, darum können wir Ihnen nicht persönlich antworten."
                        }}</p>
                        <p><a href="/barrierefreiheit">"Zurück zur Erklärung zur Barrierefreiheit"</a></p>
                    }
                        .into_any(),
                    Ok(None) => view! {
                        <h1>"Vielen Dank!"</h1>
                        <p>"Ihre Meldung ist angekommen."</p>
                        <p><a href="/barrierefreiheit">"Zurück zur Erklärung zur Barrierefreiheit"</a></p>
                    }
                        .into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}
