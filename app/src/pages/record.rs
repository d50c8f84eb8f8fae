//! Running a meeting and writing its record: attendance, minutes and the three capture lists.
//! Every form posts to the server without JavaScript; with it, edits are applied at once, kept in
//! the browser and sent in the background (see `record_sync`).
use crate::api::records::{load_record, AddAddendum, CloseMinutes};
use crate::components::error_notice::ErrorNotice;
use crate::components::field::{field_error, TextArea};
use crate::components::form_errors::FormErrors;
use crate::components::record_sync::{new_id, RecordSync, SyncIndicator};
use crate::components::success_notice::SuccessNotice;
use crate::domain::field_of_action::FieldOfAction;
use crate::domain::meeting::{CaptureItem, CaptureList, MeetingStatus};
use crate::domain::record::{field_for_key, next_position, Change, MeetingRecord};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

const FORM_ACTION: &str = "/api/protokoll-formular";

fn message(ok: &str) -> Option<&'static str> {
    match ok {
        "gespeichert" => Some("Gespeichert."),
        "abgeschlossen" => {
            Some("Das Protokoll ist abgeschlossen. Korrekturen tragen Sie als Nachtrag ein.")
        }
        "nachtrag" => Some("Der Nachtrag ist gespeichert."),
        _ => None,
    }
}

#[component]
pub fn RecordPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let data = Resource::new(
        move || {
            (
                params
                    .read()
                    .get("id")
                    .and_then(|id| id.parse::<i64>().ok())
                    .unwrap_or(0),
                query.read().get("ok"),
            )
        },
        |(id, _)| load_record(id),
    );
    view! {
        <Title text="Protokoll" />
        <SuccessNotice messages=message />
        <Suspense fallback=|| view! { <p>"Wird geladen …"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(record) if record.closed.is_some() => view! { <ClosedRecord record /> }.into_any(),
                    Ok(record) => view! { <RecordEditor record /> }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn RecordHeader(record: MeetingRecord) -> impl IntoView {
    let s = record.meeting.summary;
    let back = format!("/intern/termine/{}", s.id);
    let print = format!("/intern/termine/{}/protokoll/druck", s.id);
    view! {
        <p class="breadcrumb no-print"><a href=back>{s.title.clone()}</a></p>
        <h1>"Protokoll: "{s.title.clone()}</h1>
        <p>{s.when.label()}" · "{s.venue_name.clone()}" · "{s.area_name.clone()}</p>
        <p class="no-print"><a href=print>"Druckansicht"</a></p>
    }
}

#[component]
fn RecordEditor(record: MeetingRecord) -> impl IntoView {
    let meeting = record.meeting.summary.id;
    let sync = RecordSync::new(meeting, record.state.clone());
    let minutes_ref = NodeRef::<leptos::html::Textarea>::new();
    // Client only: take over unsent changes of an earlier visit (also after an offline reload).
    Effect::new(move |_| {
        if let Some(text) = sync.restore() {
            if let Some(area) = minutes_ref.get_untracked() {
                area.set_value(&text);
            }
        }
    });
    #[cfg(feature = "hydrate")]
    {
        // Retry while there is something to send (the connection may come back at any time).
        let _ = set_interval_with_handle(move || sync.flush(), std::time::Duration::from_secs(5));
        let _ = window_event_listener(leptos::ev::online, move |_| sync.flush());
        // The service worker keeps this page and the app files, so that a reload without a
        // connection still opens it (with the changes kept in the browser).
        keep_offline();
    }
    let held = record.meeting.summary.status == MeetingStatus::Held;
    let organisations = record.organisations.clone();
    view! {
        <RecordHeader record=record.clone() />
        <SyncIndicator sync />
        <p class="hint no-print">"Alles, was Sie hier eintragen, wird sofort gespeichert – auch ohne Netz: Dann merkt sich der Browser die Änderungen und sendet sie, sobald die Verbindung wieder da ist."</p>
        <Attendance meeting sync />
        <Minutes meeting sync minutes_ref />
        <section id="listen" aria-labelledby="listen-titel">
            <h2 id="listen-titel">"Ergebnisse"</h2>
            {CaptureList::ALL.iter().map(|&list| view! { <CaptureSection meeting list sync organisations=organisations.clone() /> }).collect_view()}
        </section>
        <CloseForm meeting held sync />
    }
}

/// Registers the service worker and asks it to keep this page (and the app files) for a reload
/// without connection. The page may have been reached by in-app navigation, so it names itself.
#[cfg(feature = "hydrate")]
fn keep_offline() {
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::{JsCast, JsValue};
    let Some(window) = web_sys::window() else {
        return;
    };
    let container = window.navigator().service_worker();
    let _ = container.register("/sw.js");
    let (Ok(ready), Ok(path)) = (container.ready(), window.location().pathname()) else {
        return;
    };
    let keep = Closure::once(move |registration: JsValue| {
        if let Some(worker) = registration
            .dyn_into::<web_sys::ServiceWorkerRegistration>()
            .ok()
            .and_then(|r| r.active())
        {
            let _ = worker.post_message(&JsValue::from_str(&path));
        }
    });
    let _ = ready.then(&keep);
    keep.forget();
}

#[component]
fn Attendance(meeting: i64, sync: RecordSync) -> impl IntoView {
    let org_ref = NodeRef::<leptos::html::Input>::new();
    let person_ref = NodeRef::<leptos::html::Input>::new();
    let add_error = RwSignal::new(None::<String>);
    let add_walk_in = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (Some(org), Some(person)) = (org_ref.get(), person_ref.get()) else {
            return;
        };
        let change = Change::AddWalkIn {
            id: new_id(),
            organisation_name: org.value(),
            person_name: person.value(),
        };
        match sync.record(change) {
            Ok(()) => {
                org.set_value("");
                person.set_value("");
                add_error.set(None);
                let _ = org.focus();
            }
            Err(message) => add_error.set(Some(message)),
        }
    };
    view! {
        <section id="anwesenheit" aria-labelledby="anwesenheit-titel">
            <h2 id="anwesenheit-titel">"Anwesenheit"</h2>
            <form method="post" action=FORM_ACTION on:submit=|ev| ev.prevent_default()>
                <input type="hidden" name="meeting" value=meeting />
                <input type="hidden" name="op" value="anwesenheit" />
                <fieldset class="checkbox-group">
                    <legend>"Eingeladene: anwesend?"</legend>
                    {move || {
                        let rows = sync.state.with(|s| s.attendance.clone());
                        if rows.is_empty() {
                            return view! { <p>"Zu diesem Termin wurde niemand über die App eingeladen."</p> }.into_any();
                        }
                        view! {
                            <ul>
                                {rows.into_iter().map(|row| {
                                    let id = format!("anwesend-{}", row.invitation_id);
                                    let name = format!("attended[{}]", row.invitation_id);
                                    let invitation_id = row.invitation_id;
                                    let reply = row.reply.map(|r| format!(" – Antwort: {}", r.label())).unwrap_or_default();
                                    view! {
                                        <li>
                                            <input type="checkbox" id=id.clone() name=name value="on" checked=row.attended
                                                on:change=move |ev| {
                                                    let _ = sync.record(Change::Attendance { invitation_id, attended: event_target_checked(&ev) });
                                                } />
                                            <label for=id>{row.invitee.clone()}<span class="hint">{reply}</span></label>
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        }
                            .into_any()
                    }}
                </fieldset>
                <noscript><button type="submit" class="secondary">"Anwesenheit speichern"</button></noscript>
            </form>
            <h3>"Ohne Einladung gekommen"</h3>
            <ul class="walk-ins">
                {move || sync.state.with(|s| s.walk_ins.clone()).into_iter().map(|w| {
                    let label = if w.person_name.is_empty() { w.organisation_name.clone() } else { format!("{} ({})", w.person_name, w.organisation_name) };
                    let remove_label = format!("{label} entfernen");
                    let id = w.id.clone();
                    view! {
                        <li>
                            {label}" "
                            <form method="post" action=FORM_ACTION class="inline-form">
                                <input type="hidden" name="meeting" value=meeting />
                                <input type="hidden" name="op" value="gast-entfernen" />
                                <input type="hidden" name="id" value=w.id.clone() />
                                <button type="submit" class="link-button" aria-label=remove_label
                                    on:click=move |ev| { ev.prevent_default(); let _ = sync.record(Change::RemoveWalkIn { id: id.clone() }); }>"entfernen"</button>
                            </form>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <form method="post" action=FORM_ACTION class="form inline-fields" on:submit=add_walk_in aria-label="Person ohne Einladung hinzufügen">
                <input type="hidden" name="meeting" value=meeting />
                <input type="hidden" name="op" value="gast" />
                <div class="field">
                    <label for="gast-organisation">"Organisation"</label>
                    <input id="gast-organisation" type="text" name="organisation_name" node_ref=org_ref maxlength="200" />
                </div>
                <div class="field">
                    <label for="gast-name">"Name (freiwillig)"</label>
                    <input id="gast-name" type="text" name="person_name" node_ref=person_ref maxlength="200" />
                </div>
                <button type="submit" class="secondary">"Hinzufügen"</button>
                {move || add_error.get().map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
            </form>
        </section>
    }
}

#[component]
fn Minutes(
    meeting: i64,
    sync: RecordSync,
    minutes_ref: NodeRef<leptos::html::Textarea>,
) -> impl IntoView {
    let generation = StoredValue::new(0u64);
    let initial = sync.state.get_untracked().minutes;
    let save_now = move || {
        if let Some(area) = minutes_ref.get_untracked() {
            let text = area.value();
            if sync.state.with_untracked(|s| s.minutes != text) {
                let _ = sync.record(Change::Minutes { text });
            }
        }
    };
    let on_input = move |_| {
        generation.update_value(|g| *g += 1);
        let mine = generation.get_value();
        set_timeout(
            move || {
                if generation.get_value() == mine {
                    save_now();
                }
            },
            std::time::Duration::from_millis(800),
        );
    };
    view! {
        <section id="protokoll" aria-labelledby="protokoll-titel">
            <h2 id="protokoll-titel">"Protokoll"</h2>
            <form method="post" action=FORM_ACTION class="form" on:submit=move |ev| { ev.prevent_default(); save_now(); }>
                <input type="hidden" name="meeting" value=meeting />
                <input type="hidden" name="op" value="protokoll" />
                <label for="protokoll-text">"Protokolltext"</label>
                <p class="hint" id="protokoll-hinweis">"Markdown ist möglich: # Überschrift, - Aufzählung, **fett**."</p>
                <textarea id="protokoll-text" name="minutes" rows="12" node_ref=minutes_ref aria-describedby="protokoll-hinweis"
                    on:input=on_input on:blur=move |_| save_now()>{initial}</textarea>
                <noscript><button type="submit" class="secondary">"Protokoll speichern"</button></noscript>
            </form>
        </section>
    }
}

fn list_heading(list: CaptureList) -> &'static str {
    match list {
        CaptureList::Need => "Bedarfe",
        CaptureList::Potential => "Potentiale und Voraussetzungen im Gebiet",
        CaptureList::RoleExpectation => {
            "Anforderungen an Rolle und Funktion des Aktionsplans bzw. der Aktionsraumbeauftragten"
        }
    }
}

#[component]
fn CaptureSection(
    meeting: i64,
    list: CaptureList,
    sync: RecordSync,
    organisations: Vec<(i64, String)>,
) -> impl IntoView {
    let code = list.code();
    let heading_id = format!("liste-{code}");
    let is_need = list == CaptureList::Need;
    let title_ref = NodeRef::<leptos::html::Input>::new();
    let detail_ref = NodeRef::<leptos::html::Input>::new();
    let org_ref = NodeRef::<leptos::html::Select>::new();
    let field = RwSignal::new(None::<FieldOfAction>);
    let error = RwSignal::new(None::<String>);
    let orgs_for_items = organisations.clone();
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (Some(title), Some(detail), Some(org)) =
            (title_ref.get(), detail_ref.get(), org_ref.get())
        else {
            return;
        };
        let item = CaptureItem {
            id: new_id(),
            list,
            field: if is_need { field.get_untracked() } else { None },
            title: title.value(),
            detail: detail.value(),
            organisation_id: org.value().parse().ok(),
            position: sync.state.with_untracked(|s| next_position(s, list)),
        };
        match sync.record(Change::UpsertItem { item }) {
            Ok(()) => {
                title.set_value("");
                detail.set_value("");
                error.set(None);
            }
            Err(message) => error.set(Some(message)),
        }
        let _ = title.focus();
    };
    let keys = move |ev: leptos::ev::KeyboardEvent| {
        if !is_need {
            return;
        }
        let empty = title_ref.get().is_some_and(|t| t.value().is_empty());
        if let Some(chosen) = field_for_key(&ev.key()).filter(|_| empty || ev.alt_key()) {
            ev.prevent_default();
            field.set(Some(chosen));
        }
    };
    let title_id = format!("neu-{code}-titel");
    let detail_id = format!("neu-{code}-detail");
    let org_id = format!("neu-{code}-organisation");
    view! {
        <section class="capture-list" id=code aria-labelledby=heading_id.clone()>
            <h3 id=heading_id.clone()>{list_heading(list)}</h3>
            <ol class="items">
                {move || {
                    let items: Vec<CaptureItem> = sync.state.with(|s| s.items.iter().filter(|i| i.list == list).cloned().collect());
                    items.into_iter().map(|item| view! { <ItemRow meeting item sync organisations=orgs_for_items.clone() /> }).collect_view()
                }}
            </ol>
            <form method="post" action=FORM_ACTION class="form capture-form" on:submit=add on:keydown=keys>
                <input type="hidden" name="meeting" value=meeting />
                <input type="hidden" name="op" value="punkt" />
                <input type="hidden" name="list" value=code />
                {is_need.then(|| view! {
                    <fieldset class="radio-group field-choice">
                        <legend>"Handlungsfeld (Tasten 1, 2, 3 bei leerem Titel, sonst Alt+1, 2, 3)"</legend>
                        {FieldOfAction::ALL.into_iter().map(|f| {
                            let id = format!("neu-bedarf-feld-{}", f.number());
                            view! {
                                <div class="radio-field">
                                    <input type="radio" id=id.clone() name="field" value=f.number().to_string()
                                        prop:checked=move || field.get() == Some(f)
                                        on:change=move |_| field.set(Some(f)) />
                                    <label for=id>{f.number()}" – "{f.name()}</label>
                                </div>
                            }
                        }).collect_view()}
                    </fieldset>
                })}
                <div class="field">
                    <label for=title_id.clone()>"Kurzer Titel"</label>
                    <input id=title_id type="text" name="title" node_ref=title_ref maxlength="300" autocomplete="off" />
                </div>
                <div class="field">
                    <label for=detail_id.clone()>"Erläuterung (freiwillig)"</label>
                    <input id=detail_id type="text" name="detail" node_ref=detail_ref maxlength="5000" autocomplete="off" />
                </div>
                <div class="field">
                    <label for=org_id.clone()>"Genannt von (freiwillig)"</label>
                    <select id=org_id name="organisation" node_ref=org_ref>
                        <option value="">"–"</option>
                        {organisations.iter().map(|(id, name)| view! { <option value=id.to_string()>{name.clone()}</option> }).collect_view()}
                    </select>
                </div>
                <button type="submit">"Hinzufügen (Enter)"</button>
                {move || error.get().map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
            </form>
        </section>
    }
}

#[component]
fn ItemRow(
    meeting: i64,
    item: CaptureItem,
    sync: RecordSync,
    organisations: Vec<(i64, String)>,
) -> impl IntoView {
    let org_name = item.organisation_id.and_then(|id| {
        organisations
            .iter()
            .find(|(o, _)| *o == id)
            .map(|(_, n)| n.clone())
    });
    let field_label = item.field.map(|f| format!("HF {}", f.number()));
    let field_title = item.field.map(|f| f.name());
    let up = item.id.clone();
    let down = item.id.clone();
    let remove = item.id.clone();
    let title_ref = NodeRef::<leptos::html::Input>::new();
    let detail_ref = NodeRef::<leptos::html::Input>::new();
    let field_ref = NodeRef::<leptos::html::Select>::new();
    let edit_error = RwSignal::new(None::<String>);
    let original = item.clone();
    let save_edit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut changed = original.clone();
        if let Some(t) = title_ref.get() {
            changed.title = t.value();
        }
        if let Some(d) = detail_ref.get() {
            changed.detail = d.value();
        }
        if let Some(f) = field_ref.get() {
            changed.field = FieldOfAction::parse_number(&f.value());
        }
        if let Err(message) = sync.record(Change::UpsertItem { item: changed }) {
            edit_error.set(Some(message));
        }
    };
    let base = format!("punkt-{}", item.id);
    view! {
        <li class="item">
            <div class="item-text">
                {field_label.map(|l| view! { <span class="field-badge" title=field_title>{l}</span>" " })}
                <strong>{item.title.clone()}</strong>
                {(!item.detail.is_empty()).then(|| view! { " – "{item.detail.clone()} })}
                {org_name.map(|n| view! { <span class="hint">" (genannt von "{n}")"</span> })}
            </div>
            <form method="post" action=FORM_ACTION class="item-actions">
                <input type="hidden" name="meeting" value=meeting />
                <input type="hidden" name="id" value=item.id.clone() />
                <button type="submit" name="op" value="punkt-hoch" class="link-button" aria-label=format!("„{}“ nach oben", item.title)
                    on:click=move |ev| { ev.prevent_default(); let _ = sync.record(Change::MoveItem { id: up.clone(), by: -1 }); }>"↑"</button>
                <button type="submit" name="op" value="punkt-runter" class="link-button" aria-label=format!("„{}“ nach unten", item.title)
                    on:click=move |ev| { ev.prevent_default(); let _ = sync.record(Change::MoveItem { id: down.clone(), by: 1 }); }>"↓"</button>
                <button type="submit" name="op" value="punkt-entfernen" class="link-button" aria-label=format!("„{}“ entfernen", item.title)
                    on:click=move |ev| { ev.prevent_default(); let _ = sync.record(Change::RemoveItem { id: remove.clone() }); }>"entfernen"</button>
            </form>
            <details>
                <summary>"Bearbeiten"<span class="visually-hidden">": "{item.title.clone()}</span></summary>
                <form method="post" action=FORM_ACTION class="form" on:submit=save_edit>
                    <input type="hidden" name="meeting" value=meeting />
                    <input type="hidden" name="op" value="punkt-aendern" />
                    <input type="hidden" name="id" value=item.id.clone() />
                    <input type="hidden" name="list" value=item.list.code() />
                    <input type="hidden" name="position" value=item.position />
                    <input type="hidden" name="organisation" value=item.organisation_id.map(|o| o.to_string()).unwrap_or_default() />
                    <div class="field">
                        <label for=format!("{base}-titel")>"Titel"</label>
                        <input id=format!("{base}-titel") type="text" name="title" value=item.title.clone() node_ref=title_ref maxlength="300" />
                    </div>
                    <div class="field">
                        <label for=format!("{base}-detail")>"Erläuterung"</label>
                        <input id=format!("{base}-detail") type="text" name="detail" value=item.detail.clone() node_ref=detail_ref maxlength="5000" />
                    </div>
                    {(item.list == CaptureList::Need).then(|| view! {
                        <div class="field">
                            <label for=format!("{base}-feld")>"Handlungsfeld"</label>
                            <select id=format!("{base}-feld") name="field" node_ref=field_ref>
                                {FieldOfAction::ALL.into_iter().map(|f| view! {
                                    <option value=f.number().to_string() selected=item.field == Some(f)>{f.number()}" – "{f.name()}</option>
                                }).collect_view()}
                            </select>
                        </div>
                    })}
                    <button type="submit" class="secondary">"Übernehmen"</button>
                    {move || edit_error.get().map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
                </form>
            </details>
        </li>
    }
}

#[component]
fn CloseForm(meeting: i64, held: bool, sync: RecordSync) -> impl IntoView {
    let close = ServerAction::<CloseMinutes>::new();
    let error = Signal::derive(move || close.value().get().and_then(Result::err));
    view! {
        <section class="no-print" aria-labelledby="abschliessen">
            <h2 id="abschliessen">"Protokoll abschließen"</h2>
            {if held {
                view! {
                    <p>"Danach ist das Protokoll schreibgeschützt; spätere Korrekturen werden als Nachtrag mit Name und Zeit vermerkt."</p>
                    <ActionForm action=close attr:class="form">
                        <FormErrors error id_prefix="abschluss-" />
                        <input type="hidden" name="meeting" value=meeting />
                        <button type="submit" prop:disabled=move || { sync.pending() > 0 }>"Protokoll abschließen"</button>
                    </ActionForm>
                }
                    .into_any()
            } else {
                view! { <p>"Sobald der Termin als durchgeführt vermerkt ist, können Sie das Protokoll hier abschließen."</p> }.into_any()
            }}
        </section>
    }
}

/// The record as it stands, read-only (closed minutes and the print view).
#[component]
pub fn RecordReadOnly(record: MeetingRecord) -> impl IntoView {
    let state = record.state.clone();
    let org_name = move |id: Option<i64>| {
        id.and_then(|id| {
            record
                .organisations
                .iter()
                .find(|(o, _)| *o == id)
                .map(|(_, n)| n.clone())
        })
    };
    let present: Vec<String> = state
        .attendance
        .iter()
        .filter(|a| a.attended)
        .map(|a| a.invitee.clone())
        .chain(state.walk_ins.iter().map(|w| {
            if w.person_name.is_empty() {
                w.organisation_name.clone()
            } else {
                format!("{} ({})", w.person_name, w.organisation_name)
            }
        }))
        .collect();
    view! {
        <h2>"Anwesend"</h2>
        {if present.is_empty() {
            view! { <p>"Keine Anwesenheit erfasst."</p> }.into_any()
        } else {
            view! { <ul class="attendance-list">{present.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}</ul> }.into_any()
        }}
        <h2>"Protokoll"</h2>
        <div class="minutes" inner_html=record.minutes_html.clone()></div>
        {CaptureList::ALL.iter().map(|&list| {
            let items: Vec<CaptureItem> = state.items.iter().filter(|i| i.list == list).cloned().collect();
            view! {
                <h2>{list_heading(list)}</h2>
                {if items.is_empty() {
                    view! { <p>"Keine Einträge."</p> }.into_any()
                } else {
                    view! {
                        <ol>
                            {items.into_iter().map(|i| view! {
                                <li>
                                    {i.field.map(|f| format!("[HF {}] ", f.number()))}
                                    <strong>{i.title.clone()}</strong>
                                    {(!i.detail.is_empty()).then(|| format!(" – {}", i.detail))}
                                    {org_name(i.organisation_id).map(|n| format!(" (genannt von {n})"))}
                                </li>
                            }).collect_view()}
                        </ol>
                    }
                        .into_any()
                }}
            }
        }).collect_view()}
        {(!record.addenda.is_empty()).then(|| view! {
            <h2>"Nachträge"</h2>
            <ul class="addenda">
                {record.addenda.iter().map(|a| view! {
                    <li><p class="pre-line">{a.text.clone()}</p><p class="hint">{format!("{}, {}", a.author, a.written_at)}</p></li>
                }).collect_view()}
            </ul>
        })}
    }
}

#[component]
fn ClosedRecord(record: MeetingRecord) -> impl IntoView {
    let add = ServerAction::<AddAddendum>::new();
    let error = Signal::derive(move || add.value().get().and_then(Result::err));
    let meeting = record.meeting.summary.id;
    let closed = record.closed.clone().unwrap_or_default();
    view! {
        <RecordHeader record=record.clone() />
        <p class="notice notice-success">"Abgeschlossen "{closed}". Das Protokoll ist schreibgeschützt."</p>
        <RecordReadOnly record />
        <h2 id="nachtrag" class="no-print">"Nachtrag eintragen"</h2>
        <ActionForm action=add attr:class="form no-print" attr:aria-labelledby="nachtrag">
            <FormErrors error />
            <input type="hidden" name="meeting" value=meeting />
            <TextArea label="Nachtrag" name="addendum" rows=3 required=true error=field_error(error, "addendum") />
            <button type="submit">"Nachtrag speichern"</button>
        </ActionForm>
    }
}

/// A page for the browser's print function: the record with its attendance list.
#[component]
pub fn RecordPrintPage() -> impl IntoView {
    let params = use_params_map();
    let data = Resource::new(
        move || {
            params
                .read()
                .get("id")
                .and_then(|id| id.parse::<i64>().ok())
                .unwrap_or(0)
        },
        load_record,
    );
    view! {
        <Title text="Protokoll drucken" />
        <Suspense fallback=|| view! { <p>"Wird geladen …"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(record) => {
                        let status = record.closed.clone().map(|c| format!("Abgeschlossen {c}")).unwrap_or_else(|| "Entwurf".to_owned());
                        view! {
                            <RecordHeader record=record.clone() />
                            <p><strong>{status}</strong></p>
                            <RecordReadOnly record />
                        }
                            .into_any()
                    }
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}
