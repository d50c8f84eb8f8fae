//! `/intern/sachstand`: the Sachstandsbericht for the Ausschuss für Soziales, Arbeit und
//! Gesundheit – a printable page and the same as a PDF, for a chosen meeting date, with the
//! outlook the Projektbüro writes here.
use crate::api::status_report::{load_status_report, SaveStatusOutlook};
use crate::components::error_notice::ErrorNotice;
use crate::components::field::{field_error, TextArea, TextField};
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
    let asked = move || {
        let query = query.read();
        (
            query.get("datum").unwrap_or_default(),
            query.get("stand").unwrap_or_default(),
        )
    };
    let report = Resource::new(
        move || (asked(), saved.get()),
        |((date, figures), _)| load_status_report(date, figures),
    );
    view! {
        <Title text="Sachstandsbericht" />
        <p class="breadcrumb no-print"><a href="/intern">"Übersicht"</a></p>
        <SuccessNotice messages=message />
        <Suspense fallback=|| view! { <p>"Wird geladen …"</p> }>
            {move || Suspend::new(async move {
                match report.await {
                    Ok(report) => view! { <Report report asked_figures=asked().1 save /> }.into_any(),
                    Err(error) => {
                        let (date, figures) = asked();
                        let stored = Signal::stored(Some(error.clone()));
                        let field = move |name: &'static str| field_error(stored, name);
                        let shown = error;
                        view! {
                            <h1>"Sachstandsbericht"</h1>
                            <ErrorNotice error=shown />
                            <DatesForm date figures date_error=field("datum") figures_error=field("stand") />
                            <p><a href="/intern/sachstand">"Zum Bericht für heute"</a></p>
                        }
                            .into_any()
                    }
                }
            })}
        </Suspense>
    }
}

/// `asked_figures` is the day of the figures as the address names it: the form shows it only
/// when somebody chose one, so that choosing another meeting moves the figures along.
#[component]
fn Report(
    report: StatusReport,
    asked_figures: String,
    save: ServerAction<SaveStatusOutlook>,
) -> impl IntoView {
    let date = report.meeting_on.to_string();
    let pdf = format!(
        "/intern/sachstand/sachstandsbericht.pdf?datum={date}&stand={}",
        report.figures_on
    );
    let sections = report.sections();
    view! {
        <h1>"Sachstandsbericht Aktionsplan Soziale Stadt"</h1>
        <p class="lead">{format!(
            "Für die Sitzung des Ausschusses für Soziales, Arbeit und Gesundheit am {} · Datenstand {}",
            date_de(report.meeting_on),
            date_de(report.figures_on)
        )}</p>
        <div class="no-print">
            <DatesForm date=date.clone() figures=asked_figures.clone() date_error=Signal::stored(None) figures_error=Signal::stored(None) />
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
        <OutlookForm outlook=report.outlook.clone() changed=report.outlook_changed.clone() date figures=asked_figures action=save />
    }
}

/// The meeting's date and the day of the figures. An empty day of the figures means the
/// meeting's day (for a meeting still to come: today).
#[component]
fn DatesForm(
    date: String,
    figures: String,
    date_error: Signal<Option<String>>,
    figures_error: Signal<Option<String>>,
) -> impl IntoView {
    view! {
        <form method="get" action="/intern/sachstand" class="filter-form" aria-label="Sitzung und Datenstand wählen">
            <TextField label="Sitzung am" name="datum" input_type="date" value=date error=date_error />
            <TextField
                label="Datenstand vom"
                name="stand"
                input_type="date"
                value=figures
                hint="Leer lassen für den Sitzungstag. Für einen vergangenen Tag rechnet die Anwendung die Zahlen aus dem Verlauf zurück."
                error=figures_error
            />
            <button type="submit" class="secondary">"Anzeigen"</button>
        </form>
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
    figures: String,
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
                <input type="hidden" name="figures" value=figures />
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
