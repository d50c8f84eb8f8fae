//! One need: where it came from (meeting, form submission as sent, talk), what was merged into
//! it, its moderation history, and the moderation forms (accept, reject, merge, undo).
use crate::api::catalogue::{load_need, AcceptNeed, MergeNeed, RejectNeed, UndoNeedModeration};
use crate::components::error_notice::ErrorNotice;
use crate::components::field::{field_error, SelectField, TextArea, TextField};
use crate::components::form_errors::FormErrors;
use crate::components::need_form_text::form_language;
use crate::components::success_notice::SuccessNotice;
use crate::domain::catalogue::{NeedDetail, NeedStatus};
use crate::domain::field_of_action::FieldOfAction;
use crate::domain::format::date_de;
use crate::domain::need::{SubmissionView, TITLE_MAX};
use crate::domain::need_trail::InProgramme;
use crate::pages::needs::NeedTable;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

fn message(ok: &str) -> Option<&'static str> {
    match ok {
        "angenommen" => Some("Der Bedarf ist angenommen und steht im Katalog."),
        "abgelehnt" => Some("Der Bedarf ist abgelehnt; die Begründung ist vermerkt."),
        "zusammengefuehrt" => {
            Some("Die Meldung ist zusammengeführt. Der andere Bedarf zählt sie jetzt als Nennung.")
        }
        "rueckgaengig" => Some("Der letzte Schritt ist rückgängig gemacht."),
        "erfasst" => Some("Der Bedarf ist erfasst."),
        _ => None,
    }
}

#[component]
pub fn NeedPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let accept = ServerAction::<AcceptNeed>::new();
    let reject = ServerAction::<RejectNeed>::new();
    let merge = ServerAction::<MergeNeed>::new();
    let undo = ServerAction::<UndoNeedModeration>::new();
    let data = Resource::new(
        move || {
            (
                params
                    .read()
                    .get("id")
                    .and_then(|id| id.parse::<i64>().ok())
                    .unwrap_or(0),
                query.read().get("ok"),
                query.read().get("aehnliche").is_some(),
                accept.version().get()
                    + reject.version().get()
                    + merge.version().get()
                    + undo.version().get(),
            )
        },
        |(id, _, similar, _)| load_need(id, similar),
    );
    let actions = Actions {
        accept,
        reject,
        merge,
        undo,
    };
    view! {
        <p class="breadcrumb"><a href="/intern/bedarfe">"Bedarfe"</a></p>
        <SuccessNotice messages=message />
        <Suspense fallback=|| view! { <p>"Wird geladen …"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(need) => view! { <NeedView need actions /> }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[derive(Clone, Copy)]
struct Actions {
    accept: ServerAction<AcceptNeed>,
    reject: ServerAction<RejectNeed>,
    merge: ServerAction<MergeNeed>,
    undo: ServerAction<UndoNeedModeration>,
}

/// What the stakeholder's trail says about the programme, for the staff (with links to the
/// measures' Umsetzung).
#[component]
fn ProgrammePlace(place: InProgramme, slug: String) -> impl IntoView {
    match place {
        InProgramme::NotYet => view! { "Für das Gebiet ist noch kein Aktionsprogramm veröffentlicht." }.into_any(),
        InProgramme::NotNamed { version } => view! {
            {format!("Nicht beantwortet: Fassung {version} nennt diesen Bedarf nicht.")}
        }
        .into_any(),
        InProgramme::InGoal { version, goal } => view! {
            {format!("In Fassung {version} im Ziel „{goal}“ aufgenommen, noch ohne Maßnahme.")}
        }
        .into_any(),
        InProgramme::Excluded { version, reason } => view! {
            {format!("Nicht im Programm (Fassung {version}), mit der Begründung: {reason}")}
        }
        .into_any(),
        InProgramme::Answered { version, measures } => view! {
            {format!("Beantwortet in Fassung {version} durch:")}
            <ul>
                {measures.into_iter().map(|m| {
                    let href = format!("/intern/gebiete/{slug}/umsetzung/{}", crate::domain::format::urlencode(&m.measure_id));
                    let state = m.implementation.as_ref().map_or_else(
                        || "Umsetzung: noch keine Angaben".to_owned(),
                        |i| format!("Umsetzung: {}, {} %, zuletzt aktualisiert am {}", i.state.label(), i.progress, date_de(i.updated_on)),
                    );
                    view! { <li><a href=href>{m.title}</a>{format!(" – {state}")}</li> }
                }).collect_view()}
            </ul>
        }
        .into_any(),
    }
}

#[component]
fn NeedView(need: NeedDetail, actions: Actions) -> impl IntoView {
    let s = need.summary.clone();
    let status_class = format!("need-status need-status-{}", s.status.code());
    let queue = format!("/intern/bedarfe?gebiet={}&status=neu", s.area_slug);
    let supporters = match s.supporters {
        1 => "einmal genannt".to_owned(),
        n => format!("{n}-mal genannt (mit den zusammengeführten Meldungen)"),
    };
    view! {
        <Title text=format!("{} – Bedarf {}", s.title, s.reference) />
        <h1>{s.title.clone()}</h1>
        <p><span class=status_class>{s.status.label()}</span>" · "{s.reference.clone()}</p>
        <dl class="facts">
            <dt>"Gebiet"</dt><dd><a href=format!("/intern/gebiete/{}", s.area_slug)>{s.area_name.clone()}</a></dd>
            <dt>"Handlungsfeld"</dt><dd>{format!("{} {}", s.field.number(), s.field.name())}</dd>
            <dt>"Herkunft"</dt><dd>{s.source.label()}</dd>
            <dt>"Genannt am"</dt><dd>{date_de(s.noted_on)}</dd>
            {(!s.organisation.is_empty()).then(|| view! { <dt>"Organisation"</dt><dd>{s.organisation.clone()}</dd> })}
            <dt>"Nennungen"</dt><dd>{supporters}</dd>
            {need.meeting.clone().map(|m| view! {
                <dt>"Aus dem Termin"</dt>
                <dd><a href=format!("/intern/termine/{}/protokoll", m.meeting_id)>{m.title}</a>" vom "{date_de(m.held_on)}</dd>
            })}
            {need.merged_into.clone().map(|(id, reference, title)| view! {
                <dt>"Zusammengeführt in"</dt>
                <dd><a href=format!("/intern/bedarfe/{id}")>{title}</a>" ("{reference}")"</dd>
            })}
            {(!need.reject_reason.is_empty()).then(|| view! { <dt>"Grund der Ablehnung"</dt><dd class="pre-line">{need.reject_reason.clone()}</dd> })}
            {need.in_programme.clone().map(|place| view! {
                <dt>"Im veröffentlichten Programm"</dt>
                <dd><ProgrammePlace place slug=s.area_slug.clone() /></dd>
            })}
            {need.updates.map(|updates| view! {
                <dt>"Nachrichten per E-Mail"</dt>
                <dd>{updates.describe()}</dd>
            })}
        </dl>
        {(!need.description.is_empty()).then(|| view! { <h2>"Beschreibung"</h2><p class="pre-line">{need.description.clone()}</p> })}
        {need.submission.clone().map(|submission| view! { <Submission submission current_title=s.title.clone() current_field=s.field /> })}
        {(!need.sources.is_empty()).then(|| view! {
            <h2>"Zusammengeführte Meldungen"</h2>
            <p>"Diese Meldungen nennen denselben Bedarf; sie zählen als Nennungen mit."</p>
            <NeedTable needs=need.sources.clone() caption="Zusammengeführte Meldungen".to_owned() />
        })}
        {(s.status == NeedStatus::New).then(|| view! { <AcceptForm need=need.clone() action=actions.accept /> })}
        {(s.status == NeedStatus::New).then(|| view! {
            <MergeForm need=need.clone() action=actions.merge />
            <RejectForm id=s.id action=actions.reject />
        })}
        // An accepted need is rarely merged or rejected later: the forms stay folded away.
        {(s.status == NeedStatus::Accepted).then(|| view! {
            <details class="more-steps" open={
                let searched = need.suggestions_searched;
                move || {
                    let failed = |e: Option<Result<(), crate::error::AppError>>| matches!(e, Some(Err(_)));
                    searched || failed(actions.merge.value().get()) || failed(actions.reject.value().get())
                }
            }>
                <summary>"Später erkannt: mit einem anderen Bedarf zusammenführen oder ablehnen"</summary>
                <MergeForm need=need.clone() action=actions.merge />
                <RejectForm id=s.id action=actions.reject />
            </details>
        })}
        <History need=need.clone() action=actions.undo />
        <p><a href=queue>"Zu den neuen Meldungen in "{s.area_name.clone()}</a></p>
    }
}

/// The submission as the stakeholder sent it, unchanged; the contact data only here.
#[component]
fn Submission(
    submission: SubmissionView,
    current_title: String,
    current_field: FieldOfAction,
) -> impl IntoView {
    let corrected = submission.title != current_title || submission.field != current_field;
    let contact = [
        submission.contact_name.clone(),
        submission.contact_email.clone(),
    ]
    .into_iter()
    .filter(|v| !v.is_empty())
    .collect::<Vec<_>>()
    .join(", ");
    view! {
        <section class="original" aria-labelledby="original">
            <h2 id="original">"Meldung, wie sie eingegangen ist"</h2>
            {corrected.then(|| view! { <p class="hint">"Titel oder Handlungsfeld wurden bei der Prüfung angepasst; hier steht das Original."</p> })}
            <dl class="facts">
                <dt>"Eingegangen am"</dt><dd>{date_de(submission.submitted_on)}</dd>
                <dt>"Handlungsfeld"</dt><dd>{format!("{} {}", submission.field.number(), submission.field.name())}</dd>
                {form_language(&submission.language).map(|name| view! { <dt>"Sprache des Formulars"</dt><dd>{name}</dd> })}
                <dt>"Was wird gebraucht?"</dt><dd dir="auto">{submission.title.clone()}</dd>
                <dt>"Beschreibung"</dt><dd class="pre-line" dir="auto">{submission.description.clone()}</dd>
                {(!submission.affected.is_empty()).then(|| view! { <dt>"Wer ist betroffen / wo?"</dt><dd class="pre-line" dir="auto">{submission.affected.clone()}</dd> })}
                {(!submission.organisation.is_empty()).then(|| view! { <dt>"Organisation"</dt><dd>{submission.organisation.clone()}</dd> })}
                {(!contact.is_empty()).then(|| view! { <dt>"Für Rückfragen"</dt><dd>{contact}</dd> })}
            </dl>
        </section>
    }
}

fn field_options() -> Vec<(String, String)> {
    FieldOfAction::ALL
        .into_iter()
        .map(|f| {
            (
                f.number().to_string(),
                format!("{} {}", f.number(), f.name()),
            )
        })
        .collect()
}

#[component]
fn AcceptForm(need: NeedDetail, action: ServerAction<AcceptNeed>) -> impl IntoView {
    let error = Signal::derive(move || action.value().get().and_then(Result::err));
    let s = need.summary;
    view! {
        <h2 id="annehmen">"Annehmen"</h2>
        <p>"Sie können Titel und Handlungsfeld dabei verbessern; die Meldung bleibt im Original erhalten."</p>
        <ActionForm action attr:class="form" attr:aria-labelledby="annehmen">
            <FormErrors error id_prefix="annehmen-" />
            <input type="hidden" name="id" value=s.id />
            <TextField label="Titel" name="title" value=s.title.clone() required=true maxlength=TITLE_MAX id_prefix="annehmen-" error=field_error(error, "title") />
            <SelectField label="Handlungsfeld" name="field" options=field_options() selected=s.field.number().to_string() error=field_error(error, "field") />
            <button type="submit">"Bedarf annehmen"</button>
        </ActionForm>
    }
}

#[component]
fn MergeForm(need: NeedDetail, action: ServerAction<MergeNeed>) -> impl IntoView {
    let error = Signal::derive(move || action.value().get().and_then(Result::err));
    let target_error = field_error(error, "target");
    let id = need.summary.id;
    let suggestions = need.suggestions;
    let none = suggestions.is_empty();
    let searched = need.suggestions_searched;
    view! {
        <h2 id="zusammenfuehren">"Mit einem vorhandenen Bedarf zusammenführen"</h2>
        <p>"Nennt diese Meldung etwas, das schon im Katalog steht? Dann führen Sie sie dort zusammen: Der vorhandene Bedarf behält alle Meldungen und zählt, wie oft er genannt wurde."</p>
        <ActionForm action attr:class="form" attr:aria-labelledby="zusammenfuehren">
            <FormErrors error id_prefix="zusammen-" />
            <input type="hidden" name="id" value=id />
            {if !searched {
                view! { <p><a href=format!("/intern/bedarfe/{id}?aehnliche=1#zusammenfuehren")>"Ähnliche angenommene Bedarfe im Gebiet suchen"</a></p> }.into_any()
            } else if none {
                view! { <p>"Im Katalog dieses Gebiets ist kein ähnlicher angenommener Bedarf zu finden."</p> }.into_any()
            } else {
                view! {
                    <fieldset class="field" id="feld-zusammen-target" aria-describedby=move || target_error.get().map(|_| "feld-zusammen-target-fehler")>
                        <legend>"Ähnliche Bedarfe im Gebiet (nach Textähnlichkeit)"</legend>
                        {suggestions.into_iter().map(|(candidate, score)| {
                            let radio_id = format!("ziel-{}", candidate.id);
                            view! {
                                <div class="checkbox-field">
                                    <input type="radio" id=radio_id.clone() name="target" value=candidate.id />
                                    <label for=radio_id>
                                        {candidate.title.clone()}
                                        <span class="hint">{format!(" – {}, {}, {score} % ähnlich", candidate.reference, if candidate.supporters == 1 { "1 Nennung".to_owned() } else { format!("{} Nennungen", candidate.supporters) })}</span>
                                    </label>
                                </div>
                            }
                        }).collect_view()}
                        {move || target_error.get().map(|m| view! { <p class="field-error" id="feld-zusammen-target-fehler">{m}</p> })}
                    </fieldset>
                }.into_any()
            }}
            <TextField label="Oder Kennung eines anderen Bedarfs" name="target_reference" hint="zum Beispiel B-2022-0042; sie steht im Katalog unter jedem Titel" id_prefix="zusammen-" error=field_error(error, "target_reference") />
            <button type="submit" class="secondary">"Zusammenführen"</button>
        </ActionForm>
    }
}

#[component]
fn RejectForm(id: i64, action: ServerAction<RejectNeed>) -> impl IntoView {
    let error = Signal::derive(move || action.value().get().and_then(Result::err));
    view! {
        <h2 id="ablehnen">"Ablehnen"</h2>
        <ActionForm action attr:class="form" attr:aria-labelledby="ablehnen">
            <FormErrors error id_prefix="ablehnen-" />
            <input type="hidden" name="id" value=id />
            <TextArea label="Begründung" name="reason" rows=2 required=true id_prefix="ablehnen-" hint="Die Begründung sehen die Mitarbeitenden; sie bleibt im Verlauf stehen." error=field_error(error, "reason") />
            <button type="submit" class="danger">"Bedarf ablehnen"</button>
        </ActionForm>
    }
}

#[component]
fn History(need: NeedDetail, action: ServerAction<UndoNeedModeration>) -> impl IntoView {
    let error = Signal::derive(move || action.value().get().and_then(Result::err));
    let id = need.summary.id;
    let last = need
        .history
        .iter()
        .rev()
        .find(|step| step.undone.is_none())
        .map(|step| format!("„{}“ vom {}", step.action.label(), step.at));
    let empty = need.history.is_empty();
    view! {
        <h2 id="verlauf">"Verlauf der Prüfung"</h2>
        {if empty {
            view! { <p>"Noch keine Schritte."</p> }.into_any()
        } else {
            view! {
                <ol class="history">
                    {need.history.into_iter().map(|step| {
                        let undone = step.undone.is_some();
                        view! {
                        <li class:undone=undone>
                            <strong>{step.action.label()}</strong>" – "{step.at}", "{step.actor}
                            {step.merged_into.map(|r| format!(" (in {r})"))}
                            {(!step.reason.is_empty()).then(|| view! { <br /><span class="pre-line">"Begründung: "{step.reason}</span> })}
                            {step.undone.map(|u| view! { <br /><em>{u}</em> })}
                        </li>
                        }
                    }).collect_view()}
                </ol>
            }.into_any()
        }}
        {(need.can_undo).then(|| view! {
            <ActionForm action attr:class="form" attr:aria-labelledby="verlauf">
                <FormErrors error id_prefix="undo-" />
                <input type="hidden" name="id" value=id />
                <button type="submit" class="secondary">"Letzten Schritt rückgängig machen"</button>
                <p class="hint">{last.map(|l| format!("Nimmt {l} zurück."))}</p>
            </ActionForm>
        })}
    }
}
