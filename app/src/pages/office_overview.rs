//! `/intern/ueberblick`: the Projektbüro's overview across all 15 areas, filterable by
//! Stadtbezirk: Akteursgespräche, organisations, needs, programmes, measures and money. Every
//! chart is drawn by the server and followed by the table of its numbers.
use crate::api::office_overview::load_office_overview;
use crate::components::error_notice::ErrorNotice;
use crate::domain::field_of_action::FieldOfAction;
use crate::domain::format::{euro_de, number_de};
use crate::domain::implementation::ImplementationState;
use crate::domain::office_overview::OfficeOverview;
use crate::domain::programme::{FundingSource, AREA_FUND_LIMIT_CENTS};
use crate::domain::svg_chart::{horizontal_bars, Series, PALETTE};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn OfficeOverviewPage() -> impl IntoView {
    let query = use_query_map();
    let data = Resource::new(
        move || query.read().get("bezirk").unwrap_or_default(),
        load_office_overview,
    );
    view! {
        <Title text="Überblick über alle Gebiete" />
        <p class="breadcrumb"><a href="/intern">"Übersicht"</a></p>
        <h1>"Überblick über alle Gebiete"</h1>
        <Suspense fallback=|| view! { <p>"Wird geladen …"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(overview) => view! { <Overview overview /> }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

fn n(value: i64) -> String {
    number_de(value.max(0) as u64)
}

/// A chart (hidden from screen readers) with its caption; the table after it tells the numbers.
#[component]
fn Chart(caption: String, svg: String) -> impl IntoView {
    view! {
        <figure class="chart">
            <figcaption>{caption}</figcaption>
            <div class="chart-svg" inner_html=svg></div>
        </figure>
    }
}

#[component]
fn Overview(overview: OfficeOverview) -> impl IntoView {
    let chosen = overview.district.clone().unwrap_or_default();
    let scope = match &overview.district {
        Some(d) => format!("Stadtbezirk {d}: {} Gebiete", overview.areas.len()),
        None => format!("Alle {} Gebiete", overview.areas.len()),
    };
    view! {
        <form method="get" action="/intern/ueberblick" class="filter-form" aria-label="Stadtbezirk wählen">
            <div class="field">
                <label for="ueberblick-bezirk">"Stadtbezirk"</label>
                <select id="ueberblick-bezirk" name="bezirk">
                    <option value="" selected=chosen.is_empty()>"alle Stadtbezirke"</option>
                    {overview.districts.iter().map(|d| {
                        let selected = *d == chosen;
                        view! { <option value=d.clone() selected=selected>{d.clone()}</option> }
                    }).collect_view()}
                </select>
            </div>
            <button type="submit" class="secondary">"Anzeigen"</button>
        </form>
        <p role="status"><strong>{scope}</strong></p>
        {
            let (warning, text) = overview.mail.describe();
            view! { <p class=if warning { "notice notice-warning" } else { "hint" }>{text}</p> }
        }
        <nav class="toc" aria-label="Inhalt">
            <ol>
                <li><a href="#gespraeche">"Akteursgespräche und Beteiligte"</a></li>
                <li><a href="#bedarfe">"Bedarfe nach Handlungsfeld"</a></li>
                <li><a href="#programme">"Aktionsprogramme"</a></li>
                <li><a href="#massnahmen">"Umsetzung der Maßnahmen"</a></li>
                <li><a href="#geld">"Geld"</a></li>
            </ol>
        </nav>
        <Meetings overview=overview.clone() />
        <Needs overview=overview.clone() />
        <Programmes overview=overview.clone() />
        <Measures overview=overview.clone() />
        <Money overview />
    }
}

#[component]
fn Meetings(overview: OfficeOverview) -> impl IntoView {
    let series = [
        Series {
            name: "durchgeführt",
            colour: PALETTE[1],
        },
        Series {
            name: "geplant",
            colour: PALETTE[0],
        },
    ];
    let rows: Vec<(String, Vec<i64>)> = overview
        .areas
        .iter()
        .map(|a| (a.name.clone(), vec![a.meetings_held, a.meetings_planned]))
        .collect();
    let (held, planned) = overview.meetings();
    let organisations: i64 = overview.areas.iter().map(|a| a.organisations).sum();
    view! {
        <section aria-labelledby="gespraeche">
            <h2 id="gespraeche">"Akteursgespräche und Beteiligte"</h2>
            <Chart caption="Akteursgespräche je Gebiet".to_owned() svg=horizontal_bars(&rows, &series, true, None) />
            <div class="table-wrap" role="region" tabindex="0" aria-label="Akteursgespräche und beteiligte Organisationen je Gebiet">
                <table class="table">
                    <caption>"Akteursgespräche und beteiligte Organisationen je Gebiet"</caption>
                    <thead><tr>
                        <th scope="col">"Gebiet"</th>
                        <th scope="col" class="number">"durchgeführt"</th>
                        <th scope="col" class="number">"geplant"</th>
                        <th scope="col" class="number">"Organisationen beteiligt"</th>
                    </tr></thead>
                    <tbody>
                        {overview.areas.iter().map(|a| view! {
                            <tr>
                                <th scope="row"><a href=format!("/intern/gebiete/{}", a.slug)>{a.name.clone()}</a></th>
                                <td class="number">{n(a.meetings_held)}</td>
                                <td class="number">{n(a.meetings_planned)}</td>
                                <td class="number">{n(a.organisations)}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                    <tfoot><tr>
                        <th scope="row">"Summe"</th>
                        <td class="number">{n(held)}</td>
                        <td class="number">{n(planned)}</td>
                        <td class="number">{n(organisations)}</td>
                    </tr></tfoot>
                </table>
            </div>
        </section>
    }
}

#[component]
fn Needs(overview: OfficeOverview) -> impl IntoView {
    let series = [
        Series {
            name: "neu",
            colour: PALETTE[2],
        },
        Series {
            name: "angenommen",
            colour: PALETTE[0],
        },
        Series {
            name: "im Programm aufgenommen",
            colour: PALETTE[1],
        },
    ];
    let totals = overview.needs();
    let rows: Vec<(String, Vec<i64>)> = FieldOfAction::ALL
        .into_iter()
        .zip(totals)
        .map(|(f, counts)| (format!("Handlungsfeld {}", f.number()), counts.to_vec()))
        .collect();
    view! {
        <section aria-labelledby="bedarfe">
            <h2 id="bedarfe">"Bedarfe nach Handlungsfeld"</h2>
            <p class="hint">"Angenommen zählt alle angenommenen Bedarfe; davon im veröffentlichten Programm in einem Ziel oder einer Maßnahme aufgenommen. Zusammengeführte Meldungen zählen beim gemeinsamen Bedarf."</p>
            <Chart caption="Bedarfe je Handlungsfeld".to_owned() svg=horizontal_bars(&rows, &series, false, None) />
            <div class="table-wrap" role="region" tabindex="0" aria-label="Bedarfe je Handlungsfeld">
                <table class="table">
                    <caption>"Bedarfe je Handlungsfeld"</caption>
                    <thead><tr>
                        <th scope="col">"Handlungsfeld"</th>
                        <th scope="col" class="number">"neu"</th>
                        <th scope="col" class="number">"angenommen"</th>
                        <th scope="col" class="number">"davon im Programm aufgenommen"</th>
                    </tr></thead>
                    <tbody>
                        {FieldOfAction::ALL.into_iter().zip(totals).map(|(f, [new, accepted, taken])| view! {
                            <tr>
                                <th scope="row">{format!("{} {}", f.number(), f.name())}</th>
                                <td class="number">{n(new)}</td>
                                <td class="number">{n(accepted)}</td>
                                <td class="number">{n(taken)}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
}

#[component]
fn Programmes(overview: OfficeOverview) -> impl IntoView {
    view! {
        <section aria-labelledby="programme">
            <h2 id="programme">"Aktionsprogramme"</h2>
            <div class="table-wrap" role="region" tabindex="0" aria-label="Stand der Aktionsprogramme je Gebiet">
                <table class="table">
                    <caption>"Stand der Aktionsprogramme je Gebiet"</caption>
                    <thead><tr>
                        <th scope="col">"Gebiet"</th>
                        <th scope="col">"Stand"</th>
                        <th scope="col" class="number">"neueste Fassung"</th>
                        <th scope="col" class="number">"veröffentlichte Fassung"</th>
                    </tr></thead>
                    <tbody>
                        {overview.areas.iter().map(|a| view! {
                            <tr>
                                <th scope="row"><a href=format!("/intern/gebiete/{}/programm", a.slug)>{a.name.clone()}</a></th>
                                <td>{if a.programme_state.is_empty() { "noch nicht angelegt".to_owned() } else { a.programme_state.clone() }}</td>
                                <td class="number">{if a.head_version > 0 { a.head_version.to_string() } else { "–".to_owned() }}</td>
                                <td class="number">{a.published_version.map_or_else(|| "–".to_owned(), |v| v.to_string())}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
}

#[component]
fn Measures(overview: OfficeOverview) -> impl IntoView {
    let series: Vec<Series> = ImplementationState::ALL
        .into_iter()
        .zip(PALETTE)
        .map(|(s, colour)| Series {
            name: s.label(),
            colour,
        })
        .collect();
    let published: Vec<_> = overview
        .areas
        .iter()
        .filter(|a| a.published_version.is_some())
        .collect();
    let rows: Vec<(String, Vec<i64>)> = published
        .iter()
        .map(|a| (a.name.clone(), a.measures.to_vec()))
        .collect();
    let totals = overview.measures();
    view! {
        <section aria-labelledby="massnahmen">
            <h2 id="massnahmen">"Umsetzung der Maßnahmen"</h2>
            {if published.is_empty() {
                view! { <p>"In dieser Auswahl ist noch kein Aktionsprogramm veröffentlicht."</p> }.into_any()
            } else {
                view! {
                    <Chart caption="Maßnahmen der veröffentlichten Programme nach Stand der Umsetzung".to_owned() svg=horizontal_bars(&rows, &series, true, None) />
                    <div class="table-wrap" role="region" tabindex="0" aria-label="Maßnahmen nach Stand der Umsetzung je Gebiet">
                        <table class="table">
                            <caption>"Maßnahmen nach Stand der Umsetzung je Gebiet"</caption>
                            <thead><tr>
                                <th scope="col">"Gebiet"</th>
                                {ImplementationState::ALL.into_iter().map(|s| view! { <th scope="col" class="number">{s.label()}</th> }).collect_view()}
                            </tr></thead>
                            <tbody>
                                {published.iter().map(|a| view! {
                                    <tr>
                                        <th scope="row"><a href=format!("/intern/gebiete/{}/umsetzung", a.slug)>{a.name.clone()}</a></th>
                                        {a.measures.iter().map(|m| view! { <td class="number">{n(*m)}</td> }).collect_view()}
                                    </tr>
                                }).collect_view()}
                            </tbody>
                            <tfoot><tr>
                                <th scope="row">"Summe"</th>
                                {totals.iter().map(|m| view! { <td class="number">{n(*m)}</td> }).collect_view()}
                            </tr></tfoot>
                        </table>
                    </div>
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn Money(overview: OfficeOverview) -> impl IntoView {
    let series = [
        Series {
            name: "geplant",
            colour: PALETTE[0],
        },
        Series {
            name: "ausgegeben",
            colour: PALETTE[1],
        },
    ];
    let (planned, spent) = (overview.planned(), overview.spent());
    let euros = |cents: i64| cents / 100;
    let rows: Vec<(String, Vec<i64>)> = vec![(
        "Projektmittel".to_owned(),
        vec![euros(planned[0]), euros(spent[0])],
    )];
    let yearly = overview.yearly_budget_cents;
    let funds = overview.area_funds_cents();
    let fund_rows: Vec<(String, Vec<i64>)> = overview
        .areas
        .iter()
        .filter(|a| a.published_version.is_some())
        .map(|a| {
            (
                a.name.clone(),
                vec![euros(a.planned_cents[1]), euros(a.spent_cents[1])],
            )
        })
        .collect();
    let available = move |source: FundingSource| match source {
        FundingSource::ProjectFunds => euro_de(yearly),
        FundingSource::AreaFund => euro_de(funds),
        FundingSource::ThirdParty => "–".to_owned(),
    };
    view! {
        <section aria-labelledby="geld">
            <h2 id="geld">"Geld"</h2>
            <p class="hint">"Geplant: die Maßnahmen der veröffentlichten Programme ohne entfallene; ausgegeben: was die Gebiete zur Umsetzung eingetragen haben."</p>
            <Chart caption="Projektmittel: geplant und ausgegeben, gegen das Jahresbudget (in Euro)".to_owned() svg=horizontal_bars(&rows, &series, false, Some((euros(yearly), "Jahresbudget"))) />
            <div class="table-wrap" role="region" tabindex="0" aria-label="Geplant und ausgegeben nach Finanzierung">
                <table class="table">
                    <caption>"Geplant und ausgegeben nach Finanzierung"</caption>
                    <thead><tr>
                        <th scope="col">"Finanzierung"</th>
                        <th scope="col" class="number">"geplant"</th>
                        <th scope="col" class="number">"ausgegeben"</th>
                        <th scope="col" class="number">"verfügbar"</th>
                    </tr></thead>
                    <tbody>
                        {FundingSource::ALL.into_iter().enumerate().map(|(i, s)| view! {
                            <tr>
                                <th scope="row">{s.label()}</th>
                                <td class="number">{euro_de(planned[i])}</td>
                                <td class="number">{euro_de(spent[i])}</td>
                                <td class="number">{available(s)}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
            {(!fund_rows.is_empty()).then(|| view! {
                <Chart caption=format!("Aktionsraumfonds je Gebiet: geplant und ausgegeben, gegen {} je Gebiet (in Euro)", euro_de(AREA_FUND_LIMIT_CENTS)) svg=horizontal_bars(&fund_rows, &series, false, Some((euros(AREA_FUND_LIMIT_CENTS), "Fonds je Gebiet"))) />
                <div class="table-wrap" role="region" tabindex="0" aria-label="Aktionsraumfonds je Gebiet">
                    <table class="table">
                        <caption>"Aktionsraumfonds je Gebiet"</caption>
                        <thead><tr>
                            <th scope="col">"Gebiet"</th>
                            <th scope="col" class="number">"geplant"</th>
                            <th scope="col" class="number">"ausgegeben"</th>
                            <th scope="col" class="number">"Fonds"</th>
                        </tr></thead>
                        <tbody>
                            {overview.areas.iter().filter(|a| a.published_version.is_some()).map(|a| view! {
                                <tr>
                                    <th scope="row">{a.name.clone()}</th>
                                    <td class="number">{euro_de(a.planned_cents[1])}</td>
                                    <td class="number">{euro_de(a.spent_cents[1])}</td>
                                    <td class="number">{euro_de(AREA_FUND_LIMIT_CENTS)}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            })}
        </section>
    }
}
