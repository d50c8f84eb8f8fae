//! The Aktionsprogramm of an area for its staff: state and workflow steps, the Projektbüro's
//! questions, the newest version, budget, version history with comparison and restore.
use crate::api::programmes::{load_programme, ProgrammeStep, RestoreProgramme};
use crate::components::error_notice::ErrorNotice;
use crate::components::field::{field_error, TextArea};
use crate::components::form_errors::FormErrors;
use crate::components::programme_view::{Lookup, ProgrammeContentView};
use crate::components::success_notice::SuccessNotice;
use crate::domain::format::euro_de;
use crate::domain::programme::{section_label, ProgrammeOverview, SECTIONS};
use crate::domain::workflow::{ProgrammeState, Step};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

fn message(ok: &str) -> Option<&'static str> {
    match ok {
        "gespeichert" => Some("Die Fassung ist gespeichert."),
        "einreichen" => Some("Die Fassung ist beim Projektbüro eingereicht. Bis zur Entscheidung bleibt sie unverändert."),
        "zurueckziehen" => Some("Die Einreichung ist zurückgezogen; das Programm ist wieder ein Entwurf."),
        "zurueckgeben" => Some("Das Programm ist mit Ihren Rückfragen zurückgegeben."),
        "freigeben" => Some("Die Fassung ist freigegeben und kann nicht mehr geändert werden."),
        "veroeffentlichen" => Some("Das Programm ist veröffentlicht und steht auf der öffentlichen Seite des Gebiets."),
        "wiederhergestellt" => Some("Die alte Fassung ist als neue Fassung gespeichert."),
        _ => None,
    }
}

fn slug_param() -> Memo<String> {
    let params = use_params_map();
    Memo::new(move |_| params.read().get("slug").unwrap_or_default())
}

#[component]
pub fn ProgrammePage() -> impl IntoView {
    let slug = slug_param();
    let query = use_query_map();
    let step = ServerAction::<ProgrammeStep>::new();
    let restore = ServerAction::<RestoreProgramme>::new();
    let data = Resource::new(
        move || {
            let q = query.read();
            let number = |key: &str| q.get(key).and_then(|v| v.parse::<i64>().ok());
            (
                slug.get(),
                q.get("ok"),
                number("fassungen_vor"),
                number("verlauf_vor"),
            )
        },
        |(slug, _, versions_before, steps_before)| {
            load_programme(slug, versions_before, steps_before)
        },
    );
    view! {
        <Suspense fallback=|| view! { <p>"Wird geladen …"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(programme) => view! { <ProgrammeOverviewView programme step restore /> }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ProgrammeOverviewView(
    programme: ProgrammeOverview,
    step: ServerAction<ProgrammeStep>,
    restore: ServerAction<RestoreProgramme>,
) -> impl IntoView {
    let p = programme;
    let base = format!("/intern/gebiete/{}/programm", p.area_slug);
    let lookup = Lookup {
        needs: p.needs.clone(),
        organisations: p.organisations.clone(),
        implementation: None,
    };
    let state_class = format!("programme-state programme-state-{}", p.state.code());
    let open = p.open_needs;
    let last_return = p.last_return.clone();
    let city = p.city_project_funds_cents;
    let yearly = p.yearly_budget_cents;
    view! {
        <Title text=format!("Aktionsprogramm {}", p.area_name) />
        <p class="breadcrumb"><a href=format!("/intern/gebiete/{}", p.area_slug)>{p.area_name.clone()}</a></p>
        <h1>"Aktionsprogramm "{p.area_name.clone()}</h1>
        <SuccessNotice messages=message />
        <p class="programme-status">
            "Stand: "<span class=state_class>{p.state.label()}</span>
            {(p.head > 0).then(|| format!(" · neueste Fassung {}", p.head))}
            {p.submitted_version.map(|v| format!(" · eingereicht: Fassung {v}{}", p.submitted_by.as_ref().map(|n| format!(" von {n}")).unwrap_or_default()))}
            {p.approved_version.map(|v| format!(" · freigegeben: Fassung {v}"))}
            {p.published_version.map(|v| format!(" · veröffentlicht: Fassung {v}"))}
        </p>
        {p.published_version.map(|_| view! {
            <p><a href=format!("/gebiete/{}/programm", p.area_slug)>"Öffentliche Seite des Programms ansehen"</a></p>
        })}
        {last_return.map(|r| view! {
            <section class="notice notice-warning" aria-labelledby="rueckfragen">
                <h2 id="rueckfragen">"Rückfragen des Projektbüros zu Fassung "{r.version}</h2>
                <p>{r.actor.clone()}", "{r.at.clone()}</p>
                {(!r.comment.is_empty()).then(|| view! { <p class="pre-line">{r.comment.clone()}</p> })}
                {(!r.comments.is_empty()).then(|| view! {
                    <dl class="facts">
                        {r.comments.iter().map(|(section, text)| view! {
                            <dt>{section_label(section).to_owned()}</dt><dd class="pre-line">{text.clone()}</dd>
                        }).collect_view()}
                    </dl>
                })}
            </section>
        })}
        <div class="actions">
            {if p.state.allows_saving() {
                view! { <a class="button" href=format!("{base}/bearbeiten")>{if p.head == 0 { "Programm anlegen" } else { "Programm bearbeiten" }}</a> }.into_any()
            } else {
                view! { <p class="hint">"Die eingereichte Fassung liegt dem Projektbüro vor; solange kann niemand sie ändern."</p> }.into_any()
            }}
        </div>
        {(open > 0).then(|| view! {
            <p class="notice notice-info">{match open { 1 => "1 angenommener Bedarf ist".to_owned(), n => format!("{n} angenommene Bedarfe sind") }}" noch keinem Ziel und keiner Maßnahme zugeordnet. "<a href=format!("{base}/bearbeiten")>"Im Programm zuordnen"</a></p>
        })}
        <Workflow programme=p.clone() action=step />
        <p class="hint">{format!(
            "Projektmittel aller Gebiete (neueste Fassungen): {} geplant von {} im Jahr{}",
            euro_de(city),
            euro_de(yearly),
            if city > yearly { format!(" – {} zu viel.", euro_de(city - yearly)) } else { ".".to_owned() }
        )}</p>
        {if p.head == 0 {
            view! { <p>"Noch ist keine Fassung gespeichert."</p> }.into_any()
        } else {
            view! {
                <h2 id="fassung-inhalt">"Inhalt der Fassung "{p.head}</h2>
                <div class="programme">
                    <ProgrammeContentView content=p.content.clone() lookup level=3 />
                </div>
            }.into_any()
        }}
        <History programme=p.clone() action=restore />
        <Steps programme=p />
    }
}

#[component]
fn Workflow(programme: ProgrammeOverview, action: ServerAction<ProgrammeStep>) -> impl IntoView {
    let error = Signal::derive(move || action.value().get().and_then(Result::err));
    let p = programme;
    let own_submission = p.state == ProgrammeState::Submitted
        && p.may_review
        && !p.allowed_steps.iter().any(|(s, _)| *s == Step::Approve);
    let slug = p.area_slug.clone();
    (!p.allowed_steps.is_empty() || own_submission).then(|| view! {
        <section class="workflow" aria-labelledby="schritte">
            <h2 id="schritte">"Nächster Schritt"</h2>
            <FormErrors error id_prefix="schritt-" />
            {own_submission.then(|| view! {
                <p class="hint">"Diese Fassung haben Sie selbst eingereicht. Freigeben muss sie eine Kollegin oder ein Kollege im Projektbüro."</p>
            })}
            {p.allowed_steps.iter().map(|(step, version)| {
                let (step, version) = (*step, *version);
                let label = match step {
                    Step::Submit => format!("Fassung {version} einreichen"),
                    Step::Withdraw => format!("Einreichung von Fassung {version} zurückziehen"),
                    Step::Return => format!("Fassung {version} mit Rückfragen zurückgeben"),
                    Step::Approve => format!("Fassung {version} freigeben"),
                    Step::Publish => format!("Fassung {version} veröffentlichen"),
                    Step::Revise => String::new(),
                };
                let id = format!("schritt-{}", step.code());
                let heading_id = id.clone();
                let slug = slug.clone();
                let class = match step {
                    Step::Return | Step::Withdraw => "secondary",
                    _ => "",
                };
                let hint = match step {
                    Step::Submit => "Das Projektbüro prüft genau diese Fassung. Solange kann niemand das Programm ändern.",
                    Step::Approve => "Die Fassung wird damit eingefroren; Änderungen danach ergeben eine neue Fassung.",
                    Step::Publish => "Die Fassung erscheint auf der öffentlichen Seite des Gebiets, ohne Namen von Mitarbeitenden.",
                    Step::Return => "Schreiben Sie zu den Abschnitten, was geklärt werden soll; mindestens eine Rückfrage ist nötig.",
                    _ => "",
                };
                view! {
                    <ActionForm action attr:class="form workflow-step" attr:aria-labelledby=id.clone()>
                        <h3 id=heading_id>{label.clone()}</h3>
                        <p class="hint">{hint}</p>
                        <input type="hidden" name="area" value=slug.clone() />
                        <input type="hidden" name="step" value=step.code() />
                        <input type="hidden" name="version" value=version />
                        {if step == Step::Return {
                            view! {
                                <TextArea label="Rückfrage insgesamt" name="comment" rows=2 id_prefix="rueckgabe-" error=field_error(error, "comment") />
                                <details>
                                    <summary>"Rückfragen zu einzelnen Abschnitten"</summary>
                                    {SECTIONS.iter().map(|(key, label)| {
                                        let field_id = format!("rueckfrage-{key}");
                                        view! {
                                            <div class="field">
                                                <label for=field_id.clone()>{format!("Zu „{label}“")}</label>
                                                <textarea id=field_id name=format!("sections[{key}]") rows="2"></textarea>
                                            </div>
                                        }
                                    }).collect_view()}
                                </details>
                            }.into_any()
                        } else {
                            view! { <TextArea label="Kommentar (freiwillig)" name="comment" rows=2 id_prefix=match step { Step::Submit => "einreichen-", Step::Withdraw => "zurueckziehen-", Step::Approve => "freigeben-", _ => "veroeffentlichen-" } error=field_error(error, "comment") /> }.into_any()
                        }}
                        <button type="submit" class=class>{label}</button>
                    </ActionForm>
                }
            }).collect_view()}
        </section>
    })
}

#[component]
fn History(programme: ProgrammeOverview, action: ServerAction<RestoreProgramme>) -> impl IntoView {
    let error = Signal::derive(move || action.value().get().and_then(Result::err));
    let p = programme;
    let compare = format!("/intern/gebiete/{}/programm/vergleich", p.area_slug);
    let can_restore = p.state.allows_saving();
    let head = p.head;
    let slug = p.area_slug.clone();
    let base = format!("/intern/gebiete/{}/programm", p.area_slug);
    let paged = use_query_map().with_untracked(|q| q.get("fassungen_vor").is_some());
    let oldest_shown = p.versions.last().map(|v| v.number);
    let caption = if paged {
        "Ältere Fassungen, die neueste zuerst"
    } else {
        "Die neuesten Fassungen, die neueste zuerst"
    };
    (head > 0).then(|| view! {
        <section aria-labelledby="fassungen">
            <h2 id="fassungen">"Fassungen"</h2>
            {(head > 1).then(|| view! { <VersionChoice action=compare.clone() head old=head - 1 new=head /> })}
            <FormErrors error id_prefix="wiederherstellen-" />
            <div class="table-wrap" role="region" tabindex="0" aria-label=caption>
                <table>
                    <caption>{caption}</caption>
                    <thead><tr><th scope="col">"Fassung"</th><th scope="col">"Gespeichert"</th><th scope="col">"Von"</th><th scope="col">"Änderungsnotiz"</th><th scope="col">"Aktionen"</th></tr></thead>
                    <tbody>
                        {p.versions.iter().map(|v| {
                            let number = v.number;
                            let slug = slug.clone();
                            let marks: Vec<&str> = [
                                (p.submitted_version == Some(number)).then_some("eingereicht"),
                                (p.approved_version == Some(number)).then_some("freigegeben"),
                                (p.published_version == Some(number)).then_some("veröffentlicht"),
                            ].into_iter().flatten().collect();
                            view! {
                                <tr>
                                    <th scope="row">{number}{(!marks.is_empty()).then(|| format!(" ({})", marks.join(", ")))}</th>
                                    <td>{v.saved.clone()}</td>
                                    <td>{v.author.clone()}</td>
                                    <td class="pre-line">{v.note.clone()}</td>
                                    <td>
                                        {(number > 1).then(|| view! {
                                            <a href=format!("{compare}?alt={}&neu={number}", number - 1)>"Mit Fassung "{number - 1}" vergleichen"<span class="visually-hidden">{format!(" (Fassung {number})")}</span></a>
                                        })}
                                        {(can_restore && number < head).then(|| view! {
                                            <ActionForm action attr:class="inline-form">
                                                <input type="hidden" name="area" value=slug.clone() />
                                                <input type="hidden" name="number" value=number />
                                                <input type="hidden" name="based_on" value=head />
                                                <button type="submit" class="link-button">"Fassung "{number}" wiederherstellen"</button>
                                            </ActionForm>
                                        })}
                                    </td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
            <p class="pager">
                {paged.then(|| view! { <a href=format!("{base}#fassungen")>"Neueste Fassungen zeigen"</a> })}
                {paged.then_some(" ")}
                {oldest_shown.filter(|_| p.older_versions).map(|n| view! {
                    <a href=format!("{base}?fassungen_vor={n}#fassungen")>"Ältere Fassungen zeigen"</a>
                })}
            </p>
        </section>
    })
}

/// The two versions to compare, by number (a programme may have hundreds of versions).
#[component]
pub fn VersionChoice(
    action: String,
    head: i64,
    old: i64,
    new: i64,
    #[prop(optional)] inline: bool,
) -> impl IntoView {
    view! {
        <form method="get" action=action class="form compare-form">
            <div class="field">
                <label for="vergleich-alt">"Ältere Fassung (Nummer)"</label>
                <input id="vergleich-alt" name="alt" type="number" min="1" max=head value=old required
                    inputmode="numeric" aria-describedby="vergleich-hinweis" />
            </div>
            <div class="field">
                <label for="vergleich-neu">"Neuere Fassung (Nummer)"</label>
                <input id="vergleich-neu" name="neu" type="number" min="1" max=head value=new required
                    inputmode="numeric" aria-describedby="vergleich-hinweis" />
            </div>
            {inline.then(|| view! { <input type="hidden" name="ansicht" value="im-text" /> })}
            <button type="submit" class="secondary">"Fassungen vergleichen"</button>
            <p class="hint" id="vergleich-hinweis">{format!("Fassungen 1 bis {head}")}</p>
        </form>
    }
}

#[component]
fn Steps(programme: ProgrammeOverview) -> impl IntoView {
    let steps = programme.steps;
    let base = format!("/intern/gebiete/{}/programm", programme.area_slug);
    let paged = use_query_map().with_untracked(|q| q.get("verlauf_vor").is_some());
    let older = programme.older_steps;
    (!steps.is_empty()).then(|| view! {
        <section aria-labelledby="verlauf">
            <h2 id="verlauf">"Verlauf der Prüfung"</h2>
            {older.map(|id| view! {
                <p class="pager"><a href=format!("{base}?verlauf_vor={id}#verlauf")>"Früheren Verlauf zeigen"</a></p>
            })}
            <ol class="history">
                {steps.into_iter().map(|s| view! {
                    <li>
                        <strong>{s.step.label()}</strong>{format!(" – Fassung {}, {}, {}", s.version, s.at, s.actor)}
                        {(!s.comment.is_empty()).then(|| view! { <br /><span class="pre-line">{s.comment.clone()}</span> })}
                        {(!s.comments.is_empty()).then(|| view! {
                            <ul>
                                {s.comments.iter().map(|(section, text)| view! {
                                    <li><em>{section_label(section).to_owned()}": "</em><span class="pre-line">{text.clone()}</span></li>
                                }).collect_view()}
                            </ul>
                        })}
                    </li>
                }).collect_view()}
            </ol>
            {paged.then(|| view! { <p class="pager"><a href=format!("{base}#verlauf")>"Neuesten Verlauf zeigen"</a></p> })}
        </section>
    })
}
