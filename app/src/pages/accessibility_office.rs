//! `/intern/barrierefreiheit`: the Projektbüro keeps the facts of the accessibility statement and
//! answers the reported barriers, each within a month (`/intern/barrierefreiheit/meldung/:id`).
use crate::api::accessibility::{
    accessibility_office, barrier_report, AnswerBarrier, SaveAccessibilityStatement,
};
use crate::components::error_notice::ErrorNotice;
use crate::components::field::{field_error, SelectField, TextArea, TextField};
use crate::components::form_errors::FormErrors;
use crate::components::success_notice::{saved_version, SuccessNotice};
use crate::domain::accessibility::{
    AccessibilityStatement, Conformity, FeedbackItem, FeedbackQueue, FeedbackState, ANSWER_MAX,
    GAPS_MAX, METHOD_MAX,
};
use crate::domain::format::{date_de, urlencode};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

/// Answered reports per page (as the service pages them).
const ANSWERED_PAGE: i64 = 20;

fn message(ok: &str) -> Option<&'static str> {
    match ok {
        "erklaerung" => {
            Some("Die Erklärung zur Barrierefreiheit ist gespeichert und öffentlich zu sehen.")
        }
        "gespeichert" => Some("Die Rückmeldung ist gespeichert."),
        _ => None,
    }
}

#[component]
pub fn AccessibilityOfficePage() -> impl IntoView {
    let query = use_query_map();
    let page = move || {
        query
            .read()
            .get("seite")
            .and_then(|p| p.parse::<i64>().ok())
            .unwrap_or(1)
    };
    // A saved statement reloads the page's data (the address may stay the same); a refused one
    // does not, so that the typed text stays in the form.
    let save = ServerAction::<SaveAccessibilityStatement>::new();
    let saved = saved_version(save);
    let data = Resource::new(
        move || (page(), saved.get()),
        |(page, _)| accessibility_office(page),
    );
    view! {
        <Title text="Barrierefreiheit" />
        <p class="breadcrumb"><a href="/intern">"Übersicht"</a></p>
        <h1>"Barrierefreiheit"</h1>
        <SuccessNotice messages=message />
        <Suspense fallback=|| view! { <p>"Wird geladen …"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok((statement, queue)) => view! {
                        <Queue queue page=page() />
                        <StatementForm statement save />
                    }
                        .into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

fn due_text(item: &FeedbackItem) -> String {
    if item.state == FeedbackState::Answered {
        return item.changed.clone();
    }
    let due = date_de(item.due_on);
    if item.overdue {
        format!("Antwort war fällig am {due} – überfällig")
    } else {
        format!("Antwort fällig am {due}")
    }
}

#[component]
fn Queue(queue: FeedbackQueue, page: i64) -> impl IntoView {
    let FeedbackQueue {
        open,
        answered,
        answered_total,
    } = queue;
    let overdue = open.iter().filter(|i| i.overdue).count();
    let pages = (answered_total + ANSWERED_PAGE - 1) / ANSWERED_PAGE;
    view! {
        <section aria-labelledby="offen-titel">
            <h2 id="offen-titel">"Gemeldete Barrieren"</h2>
            <p>{match (open.len(), overdue) {
                (0, _) => "Keine offenen Meldungen.".to_owned(),
                (n, 0) => format!("{n} offen, keine überfällig."),
                (n, o) => format!("{n} offen, davon {o} überfällig (älter als einen Monat)."),
            }}</p>
            {(!open.is_empty()).then(|| view! { <FeedbackTable caption="Offene Meldungen, die dringendste zuerst" items=open /> })}
            <h2 id="beantwortet-titel">"Beantwortet"</h2>
            {if answered.is_empty() {
                view! { <p>"Noch keine beantworteten Meldungen."</p> }.into_any()
            } else {
                view! {
                    <FeedbackTable caption="Beantwortete Meldungen, die neueste zuerst" items=answered />
                    {(pages > 1).then(|| view! {
                        <nav class="pagination" aria-label="Seiten der beantworteten Meldungen">
                            {(page > 1).then(|| view! { <a href=format!("/intern/barrierefreiheit?seite={}", page - 1)>"Neuere"</a> })}
                            <span>{format!("Seite {page} von {pages}")}</span>
                            {(page < pages).then(|| view! { <a href=format!("/intern/barrierefreiheit?seite={}", page + 1)>"Ältere"</a> })}
                        </nav>
                    })}
                }
                    .into_any()
            }}
        </section>
    }
}

#[component]
fn FeedbackTable(caption: &'static str, items: Vec<FeedbackItem>) -> impl IntoView {
    view! {
        <table class="table">
            <caption>{caption}</caption>
            <thead>
                <tr>
                    <th scope="col">"Nummer"</th>
                    <th scope="col">"Eingegangen"</th>
                    <th scope="col">"Stand"</th>
                    <th scope="col">"Seite und Meldung"</th>
                    <th scope="col">"Frist"</th>
                </tr>
            </thead>
            <tbody>
                {items
                    .into_iter()
                    .map(|item| {
                        let href = format!("/intern/barrierefreiheit/meldung/{}", item.id);
                        let short: String = item.description.chars().take(140).collect();
                        let more = item.description.chars().count() > 140;
                        view! {
                            <tr class:overdue=item.overdue>
                                <th scope="row"><a href=href>{item.reference.clone()}</a></th>
                                <td>{item.received.clone()}</td>
                                <td>{item.state.label()}</td>
                                <td>
                                    {(!item.page.is_empty()).then(|| view! { <span class="hint">{item.page.clone()}</span><br /> })}
                                    {short}{more.then_some(" …")}
                                </td>
                                <td>{due_text(&item)}</td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}

#[component]
fn StatementForm(
    statement: AccessibilityStatement,
    save: ServerAction<SaveAccessibilityStatement>,
) -> impl IntoView {
    let error = Signal::derive(move || save.value().get().and_then(Result::err));
    let facts = statement.facts;
    let options: Vec<(String, String)> = Conformity::ALL
        .into_iter()
        .map(|c| (c.slug().to_owned(), c.label().to_owned()))
        .collect();
    view! {
        <section aria-labelledby="erklaerung-titel">
            <h2 id="erklaerung-titel">"Erklärung zur Barrierefreiheit"</h2>
            <p>
                "Diese Angaben stehen auf der öffentlichen Seite "<a href="/barrierefreiheit">"Erklärung zur Barrierefreiheit"</a>
                ". Bitte prüfen Sie sie mindestens einmal im Jahr und nach jeder größeren Änderung der Website. "
                {statement.changed.clone()}"."
            </p>
            <ActionForm action=save attr:class="form" attr:aria-labelledby="erklaerung-titel">
                <FormErrors error />
                <SelectField label="Die Website ist mit den Anforderungen …" name="conformity" options selected=facts.conformity.slug() error=field_error(error, "conformity") />
                <TextField label="Zuletzt geprüft am" name="assessed_on" input_type="date" required=true value=facts.assessed_on.format("%Y-%m-%d").to_string() error=field_error(error, "assessed_on") />
                <TextArea label="Wie wurde geprüft?" name="method" rows=6 required=true value=facts.method.clone() hint=format!("Absätze durch eine Leerzeile trennen; höchstens {METHOD_MAX} Zeichen.") error=field_error(error, "method") />
                <TextArea label="Nicht barrierefreie Inhalte" name="known_gaps" rows=10 value=facts.known_gaps.clone() hint=format!("Eine Barriere pro Absatz (Leerzeile dazwischen), jeweils mit dem Grund und der Alternative; höchstens {GAPS_MAX} Zeichen.") error=field_error(error, "known_gaps") />
                <TextField label="E-Mail-Adresse für Meldungen (freiwillig)" name="contact_email" input_type="email" value=facts.contact_email.clone() error=field_error(error, "contact_email") />
                <TextField label="Telefon für Meldungen (freiwillig)" name="contact_phone" maxlength=60 value=facts.contact_phone.clone() error=field_error(error, "contact_phone") />
                <button type="submit">"Erklärung speichern"</button>
            </ActionForm>
        </section>
    }
}

#[component]
pub fn AccessibilityReportPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || {
        params
            .read()
            .get("id")
            .and_then(|id| id.parse::<i64>().ok())
            .unwrap_or(0)
    };
    let answer = ServerAction::<AnswerBarrier>::new();
    let saved = saved_version(answer);
    let data = Resource::new(move || (id(), saved.get()), |(id, _)| barrier_report(id));
    view! {
        <Title text="Gemeldete Barriere" />
        <p class="breadcrumb"><a href="/intern">"Übersicht"</a>" › "<a href="/intern/barrierefreiheit">"Barrierefreiheit"</a></p>
        <SuccessNotice messages=message />
        <Suspense fallback=|| view! { <p>"Wird geladen …"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(item) => view! { <Report item answer /> }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Report(item: FeedbackItem, answer: ServerAction<AnswerBarrier>) -> impl IntoView {
    let error = Signal::derive(move || answer.value().get().and_then(Result::err));
    let options: Vec<(String, String)> = FeedbackState::ALL
        .into_iter()
        .map(|s| (s.slug().to_owned(), s.label().to_owned()))
        .collect();
    let contact = match (
        item.contact_email.is_empty(),
        item.contact_name.is_empty(),
        item.contact_erased,
    ) {
        (true, true, true) => {
            "Die Kontaktdaten sind gelöscht (Aufbewahrungsfrist oder Antrag).".to_owned()
        }
        (true, true, false) => {
            "Ohne Kontaktdaten: Eine persönliche Antwort ist nicht möglich.".to_owned()
        }
        _ => [item.contact_name.as_str(), item.contact_email.as_str()]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(", "),
    };
    let mail_href = (!item.contact_email.is_empty()).then(|| {
        let subject = format!("Ihre Meldung {} zur Barrierefreiheit", item.reference);
        let body = if item.answer.is_empty() {
            String::new()
        } else {
            item.answer.clone()
        };
        format!(
            "mailto:{}?subject={}&body={}",
            item.contact_email,
            urlencode(&subject),
            urlencode(&body)
        )
    });
    view! {
        <h1>{format!("Meldung {}", item.reference)}</h1>
        <dl class="facts">
            <dt>"Eingegangen"</dt><dd>{item.received.clone()}</dd>
            <dt>"Stand"</dt><dd>{item.state.label()}</dd>
            <dt>"Frist"</dt><dd>{due_text(&item)}</dd>
            <dt>"Seite"</dt><dd>{if item.page.is_empty() { "nicht angegeben".to_owned() } else { item.page.clone() }}</dd>
            <dt>"Kontakt"</dt><dd>{contact}</dd>
        </dl>
        <h2>"Meldung"</h2>
        <p class="user-text">{item.description.clone()}</p>
        <h2 id="antwort-titel">"Antwort"</h2>
        <ActionForm action=answer attr:class="form" attr:aria-labelledby="antwort-titel">
            <FormErrors error />
            <input type="hidden" name="id" value=item.id />
            <SelectField label="Stand" name="state" options selected=item.state.slug() error=field_error(error, "state") />
            <TextArea label="Antwort an die meldende Person" name="answer" rows=8 value=item.answer.clone() hint=format!("Was getan wurde oder wird, und bis wann; höchstens {ANSWER_MAX} Zeichen. Zum Beantworten ist sie Pflicht.") error=field_error(error, "answer") />
            <button type="submit">"Speichern"</button>
        </ActionForm>
        {mail_href.map(|href| view! {
            <p>"Die Antwort schicken Sie mit Ihrem E-Mail-Programm: "<a href=href>"Antwort per E-Mail schreiben"</a>"."</p>
        })}
        // Answered: the Frist above already says when and by whom.
        {(item.state != FeedbackState::Answered && !item.changed.is_empty()).then(|| view! { <p class="hint">{item.changed.clone()}</p> })}
    }
}
