//! `/intern/sachstand`: the Sachstandsbericht for the Ausschuss für Soziales, Arbeit und
//! Gesundheit – a printable page and the same as a PDF, for a chosen meeting date, with the
//! outlook the Projektbüro writes here.
use crate::api::status_report::{load_status_report, SaveStatusOutlook};
use crate::components::error_notice::ErrorNotice;
use crate::components::field::{field_error, TextArea};
use crate::components::form_errors::FormErrors;
use crate::components::success_notice::{saved_version, SuccessNotice};
use crate::domain::format::date_de;
use crate::domain::status_report::{ReportSection, ReportTable, StatusReport, OUTLOOK_MAX};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

fn message(ok: &str) -> Option<&'static str> {
    match ok {
        "ausblick" => Some("Der Ausblick ist gespeichert."),
        _ => None,
    }
}

#[component]
pub fn StatusReportPage() -> impl IntoView {
    let query = use_query_map();
    // A saved outlook reloads the report (the address may stay the same); a refused one does
    // not, so that the typed text stays in the form.
    let save = ServerAction::<SaveStatusOutlook>::new();
    let saved = saved_version(save);
    let report = Resource::new(
        move || (query.read().get("datum").unwrap_or_default(), saved.get()),
        |(date, _)| load_status_report(date),
    );
    view! {
        <Title text="Sachstandsbericht" />
        <p class="breadcrumb no-print"><a href="/intern">"Übersicht"</a></p>
        <SuccessNotice messages=message />
        <Suspense fallback=|| view! { <p>"Wird geladen …"</p> }>
            {move || Suspend::new(async move {
                match report.await {
                    Ok(report) => view! { <Report report save /> }.into_any(),
                    Err(error) => view! {
                        <h1>"Sachstandsbericht"</h1>
                        <ErrorNotice error />
                        <p><a href="/intern/sachstand">"Zum Bericht für heute"</a></p>
                    }
                        .into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Report(report: StatusReport, save: ServerAction<SaveStatusOutlook>) -> impl IntoView {
    let date = report.meeting_on.to_string();
    let pdf = format!("/intern/sachstand/sachstandsbericht.pdf?datum={date}");
    let sections = report.sections();
    view! {
        <h1>"Sachstandsbericht Aktionsplan Soziale Stadt"</h1>
        <p class="lead">{format!(
            "Für die Sitzung des Ausschusses für Soziales, Arbeit und Gesundheit am {} · Datenstand {}",
            date_de(report.meeting_on),
            date_de(report.figures_on)
        )}</p>
        <div class="no-print">
            <form method="get" action="/intern/sachstand" class="filter-form" aria-label="Sitzungsdatum wählen">
                <div class="field">
                    <label for="sachstand-datum">"Sitzung am"</label>
                    <input type="date" id="sachstand-datum" name="datum" value=date.clone() />
                </div>
                <button type="submit" class="secondary">"Anzeigen"</button>
            </form>
            <p>
                <a class="button" href=pdf download>"Als PDF herunterladen"</a>
                " Zum Drucken dieser Seite: Strg+P (Navigation und Formulare werden nicht mitgedruckt)."
            </p>
        </div>
        <nav class="toc" aria-label="Inhalt">
            <ol>
                {sections.iter().enumerate().map(|(i, s)| view! {
                    <li><a href=format!("#abschnitt-{}", i + 1)>{s.title.clone()}</a></li>
                }).collect_view()}
            </ol>
        </nav>
        {sections.into_iter().enumerate().map(|(i, section)| view! {
            <Section section anchor=format!("abschnitt-{}", i + 1) />
        }).collect_view()}
        <OutlookForm outlook=report.outlook.clone() changed=report.outlook_changed.clone() date action=save />
    }
}

#[component]
fn Section(section: ReportSection, anchor: String) -> impl IntoView {
    view! {
        <section class="report-section">
            <h2 id=anchor>{section.title}</h2>
            {section.paragraphs.into_iter().map(|p| view! { <p class="pre-line">{p}</p> }).collect_view()}
            {section.tables.into_iter().map(|table| view! { <Table table /> }).collect_view()}
        </section>
    }
}

/// A table with real headers: the columns' in the head, each row's in its first cell.
#[component]
fn Table(table: ReportTable) -> impl IntoView {
    let numeric_from = table.numeric_from;
    let class = move |column: usize| (column >= numeric_from).then_some("number");
    let label = table.caption.clone();
    view! {
        <div class="table-wrap" role="region" tabindex="0" aria-label=label>
            <table class="table">
                <caption>{table.caption}</caption>
                <thead><tr>
                    {table.headers.into_iter().enumerate().map(|(c, h)| view! {
                        <th scope="col" class=class(c)>{h}</th>
                    }).collect_view()}
                </tr></thead>
                <tbody>
                    {table.rows.into_iter().map(|row| view! {
                        <tr>
                            {row.into_iter().enumerate().map(|(c, cell)| if c == 0 {
                                view! { <th scope="row">{cell}</th> }.into_any()
                            } else {
                                view! { <td class=class(c)>{cell}</td> }.into_any()
                            }).collect_view()}
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn OutlookForm(
    outlook: String,
    changed: String,
    date: String,
    action: ServerAction<SaveStatusOutlook>,
) -> impl IntoView {
    let error = Signal::derive(move || action.value().get().and_then(Result::err));
    view! {
        <section class="no-print">
            <h2>"Ausblick bearbeiten"</h2>
            <p class="hint">{if changed.is_empty() { "Noch nicht geschrieben.".to_owned() } else { changed }}</p>
            <ActionForm action attr:class="form" attr:aria-label="Ausblick bearbeiten">
                <FormErrors error />
                <input type="hidden" name="date" value=date />
                <TextArea
                    label="Wie geht es weiter?"
                    name="outlook"
                    value=outlook
                    rows=8
                    hint=format!("Erscheint als letzter Abschnitt im Bericht und im PDF. Absätze durch eine Leerzeile trennen; höchstens {OUTLOOK_MAX} Zeichen.")
                    error=field_error(error, "outlook")
                />
                <button type="submit">"Ausblick speichern"</button>
            </ActionForm>
        </section>
    }
}
