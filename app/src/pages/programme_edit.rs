//! The merge view: the area's accepted needs (by Handlungsfeld, with sources and supporters)
//! beside the programme draft. Needs are assigned to goals and measures by keyboard (select,
//! then a button) or by dragging; a measure can be made from several needs at once. A save names
//! the version it started from; if someone saved meanwhile, the merge screen takes over.
//! The draft is kept in the browser's storage until it is saved, so nothing typed is lost.
use crate::api::programmes::{
    load_programme_for_editor, programme_needs, programme_needs_named, programme_organisations,
    save_programme,
};
use crate::components::error_notice::ErrorNotice;
use crate::components::form_errors::FormErrors;
use crate::components::programme_merge::MergeScreen;
use crate::components::programme_view::{field_title, BudgetTable};
use crate::domain::field_of_action::FieldOfAction;
use crate::domain::format::{euro_input, parse_euro_de};
use crate::domain::programme::{
    open_need_count, Budget, Exclusion, Goal, Measure, MeasureStatus, NeedPage, NeedQuery, NeedRef,
    OrganisationChoice, ProgrammeContent, ProgrammeOverview, TextItem,
};
use crate::domain::programme_diff::Saved;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn ProgrammeEditPage() -> impl IntoView {
    let params = use_params_map();
    let data = Resource::new(
        move || params.read().get("slug").unwrap_or_default(),
        load_programme_for_editor,
    );
    view! {
        <Suspense fallback=|| view! { <p>"Wird geladen …"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(programme) => view! { <Editor programme /> }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// A fresh item id (unique enough across people: time and randomness).
fn new_id(prefix: &str) -> String {
    #[cfg(feature = "hydrate")]
    {
        let time = js_sys::Date::now() as u64;
        let random = (js_sys::Math::random() * 1e10) as u64;
        format!("{prefix}-{time:x}-{random:x}")
    }
    #[cfg(not(feature = "hydrate"))]
    {
        use std::sync::atomic::{AtomicU64, Ordering};
        static NEXT: AtomicU64 = AtomicU64::new(1);
        format!("{prefix}-s{}", NEXT.fetch_add(1, Ordering::Relaxed))
    }
}

/// Where the editor's draft waits in the browser until it is saved.
#[cfg(feature = "hydrate")]
fn storage_key(slug: &str) -> String {
    format!("aktionsplan-programm-{slug}")
}

#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
struct LocalDraft {
    based_on: i64,
    content: ProgrammeContent,
    note: String,
}

/// The editor's state, shared by its parts.
#[derive(Clone, Copy)]
pub struct Draft {
    pub content: RwSignal<ProgrammeContent>,
    pub based_on: RwSignal<i64>,
    pub note: RwSignal<String>,
    /// Needs ticked in the left column.
    selected: RwSignal<Vec<i64>>,
    /// The needs being dragged.
    dragged: RwSignal<Vec<i64>>,
    /// The measure being dragged (to another Handlungsfeld).
    dragged_measure: RwSignal<Option<String>>,
    /// The needs the editor knows by name: those the version names and those listed so far.
    pub needs: RwSignal<Vec<NeedRef>>,
    /// The organisations it knows by name: those the version names and those picked.
    pub organisations: RwSignal<Vec<(i64, String)>>,
    pub slug: StoredValue<String>,
}

impl Draft {
    fn measure(&self, id: &str, f: impl FnOnce(&mut Measure)) {
        self.content.update(|c| {
            if let Some(m) = c.measures.iter_mut().find(|m| m.id == id) {
                f(m);
            }
        });
    }

    fn goal(&self, id: &str, f: impl FnOnce(&mut Goal)) {
        self.content.update(|c| {
            if let Some(g) = c.goals.iter_mut().find(|g| g.id == id) {
                f(g);
            }
        });
    }

    fn read_measure<T>(&self, id: &str, f: impl FnOnce(&Measure) -> T) -> Option<T> {
        self.content
            .with(|c| c.measures.iter().find(|m| m.id == id).map(f))
    }

    fn read_goal<T>(&self, id: &str, f: impl FnOnce(&Goal) -> T) -> Option<T> {
        self.content
            .with(|c| c.goals.iter().find(|g| g.id == id).map(f))
    }

    fn need_label(&self, id: i64) -> String {
        self.needs.with(|needs| {
            needs
                .iter()
                .find(|n| n.id == id)
                .map(|n| format!("{} ({})", n.title, n.reference))
                .unwrap_or_else(|| format!("Bedarf Nr. {id}"))
        })
    }

    /// The Handlungsfeld of the first selected need (a new measure goes there).
    fn field_of_selection(&self) -> FieldOfAction {
        let first = self.selected.with(|s| s.first().copied());
        self.needs.with_untracked(|needs| {
            first
                .and_then(|id| needs.iter().find(|n| n.id == id))
                .map_or(FieldOfAction::Work, |n| n.field)
        })
    }

    /// Adds needs to a goal or measure (`target` is "goal:<id>" or "measure:<id>").
    fn assign(&self, target: &str, ids: &[i64]) {
        let add = |list: &mut Vec<i64>| {
            for id in ids {
                if !list.contains(id) {
                    list.push(*id);
                }
            }
        };
        if let Some(id) = target.strip_prefix("goal:") {
            self.goal(id, |g| add(&mut g.need_ids));
        } else if let Some(id) = target.strip_prefix("measure:") {
            self.measure(id, |m| add(&mut m.need_ids));
        }
        // An assigned need is no longer "not in the programme".
        self.content
            .update(|c| c.excluded_needs.retain(|e| !ids.contains(&e.need_id)));
    }

    /// Adds needs to those known by name.
    fn learn_needs(&self, more: &[NeedRef]) {
        self.needs.update(|known| {
            for need in more {
                if !known.iter().any(|k| k.id == need.id) {
                    known.push(need.clone());
                }
            }
        });
    }

    fn organisation_name(&self, id: i64) -> String {
        self.organisations.with(|o| {
            o.iter()
                .find(|(x, _)| *x == id)
                .map(|(_, n)| n.clone())
                .unwrap_or_else(|| format!("Organisation Nr. {id}"))
        })
    }

    fn learn_organisation(&self, id: i64, name: String) {
        self.organisations.update(|o| {
            if !o.iter().any(|(x, _)| *x == id) {
                o.push((id, name));
            }
        });
    }

    /// Ids of the needs the draft answers or excludes, ascending.
    fn covered(&self) -> Vec<i64> {
        self.content.with(ProgrammeContent::need_ids)
    }

    fn take_selection(&self) -> Vec<i64> {
        let ids = self.selected.get_untracked();
        self.selected.set(vec![]);
        ids
    }
}

#[component]
fn Editor(programme: ProgrammeOverview) -> impl IntoView {
    let p = programme;
    let slug = p.area_slug.clone();
    let draft = Draft {
        content: RwSignal::new(p.content.clone()),
        based_on: RwSignal::new(p.head),
        note: RwSignal::new(String::new()),
        selected: RwSignal::new(vec![]),
        dragged: RwSignal::new(vec![]),
        dragged_measure: RwSignal::new(None),
        needs: RwSignal::new(
            p.needs
                .iter()
                .chain(p.need_pages.iter().flat_map(|page| page.needs.iter()))
                .cloned()
                .collect(),
        ),
        organisations: RwSignal::new(p.organisations.clone()),
        slug: StoredValue::new(p.area_slug.clone()),
    };
    let save = Action::new(
        move |(slug, based_on, content, note): &(String, i64, ProgrammeContent, String)| {
            save_programme(slug.clone(), *based_on, content.clone(), note.clone())
        },
    );
    let error = Signal::derive(move || save.value().get().and_then(Result::err));
    let concurrent = Signal::derive(move || match save.value().get() {
        Some(Ok(Saved::Concurrent(c))) => Some(c),
        _ => None,
    });
    // A draft from an earlier visit that was never saved.
    let restorable = RwSignal::new(None::<LocalDraft>);
    #[cfg(feature = "hydrate")]
    {
        use crate::components::record_sync::browser;
        let key = storage_key(&slug);
        let server_content = p.content.clone();
        let stored_key = key.clone();
        // After hydration (an effect), so that the page first matches what the server sent.
        Effect::new(move |_| {
            if let Some(local) = browser::read(&stored_key)
                .and_then(|text| serde_json::from_str::<LocalDraft>(&text).ok())
                .filter(|local| local.content != server_content || !local.note.is_empty())
            {
                restorable.set(Some(local));
            }
        });
        let key_for_effect = key.clone();
        let first = StoredValue::new(true);
        Effect::new(move |_| {
            let local = LocalDraft {
                based_on: draft.based_on.get(),
                content: draft.content.get(),
                note: draft.note.get(),
            };
            // The first run only reads what the server sent; keep an older unsaved draft.
            if first.get_value() {
                first.set_value(false);
                return;
            }
            if let Ok(text) = serde_json::to_string(&local) {
                browser::write(&key_for_effect, &text);
            }
        });
        let navigate = leptos_router::hooks::use_navigate();
        let slug_saved = slug.clone();
        Effect::new(move |_| {
            if let Some(Ok(Saved::Stored { .. })) = save.value().get() {
                browser::remove(&key);
                navigate(
                    &format!("/intern/gebiete/{slug_saved}/programm?ok=gespeichert"),
                    Default::default(),
                );
            }
        });
    }
    let slug_for_save = slug.clone();
    let submit = move || {
        save.dispatch((
            slug_for_save.clone(),
            draft.based_on.get_untracked(),
            draft.content.get_untracked(),
            draft.note.get_untracked(),
        ));
    };
    let submit_merged = submit.clone();
    // A draft kept in the browser may name needs the editor has not listed: fetch their names.
    let name_needs = Action::new(move |ids: &Vec<i64>| {
        let known = draft
            .needs
            .with_untracked(|n| n.iter().map(|n| n.id).collect::<Vec<_>>());
        let missing: Vec<i64> = ids
            .iter()
            .copied()
            .filter(|id| !known.contains(id))
            .collect();
        let slug = draft.slug.get_value();
        async move {
            if missing.is_empty() {
                return;
            }
            if let Ok(found) = programme_needs_named(slug, missing).await {
                draft.learn_needs(&found);
            }
        }
    });
    let budget = Memo::new(move |_| draft.content.with(Budget::of));
    view! {
        <Title text=format!("Aktionsprogramm {} bearbeiten", p.area_name) />
        <p class="breadcrumb"><a href=format!("/intern/gebiete/{}/programm", p.area_slug)>"Aktionsprogramm "{p.area_name.clone()}</a></p>
        <h1>"Aktionsprogramm "{p.area_name.clone()}" bearbeiten"</h1>
        <p class="hint">{if p.head == 0 { "Noch keine Fassung gespeichert.".to_owned() } else { format!("Sie bearbeiten Fassung {}. Speichern ergibt eine neue Fassung; die alten bleiben erhalten.", p.head) }}</p>
        <noscript><p class="notice notice-warning">"Zum Bearbeiten des Programms braucht der Browser JavaScript. Lesen, vergleichen und die Prüfschritte gehen auch ohne."</p></noscript>
        {move || restorable.get().map(|local| view! {
            <div class="notice notice-warning" role="status">
                <p>"In diesem Browser liegen ungespeicherte Änderungen am Programm von vorhin (auf Grundlage von Fassung "{local.based_on}")."</p>
                <button type="button" on:click=move |_| {
                    draft.content.set(local.content.clone());
                    draft.based_on.set(local.based_on);
                    draft.note.set(local.note.clone());
                    restorable.set(None);
                    name_needs.dispatch(draft.covered());
                }>"Änderungen von vorhin zurückholen"</button>
                " "
                <button type="button" class="secondary" on:click=move |_| restorable.set(None)>"Verwerfen"</button>
            </div>
        })}
        {move || concurrent.get().map(|c| view! {
            <MergeScreen concurrent=c draft on_save=submit_merged.clone() />
        })}
        <div class="merge-view" class:hidden=move || concurrent.get().is_some()>
            <NeedsColumn draft offers=p.offers.clone() older_offers=p.older_offers pages=p.need_pages.clone() accepted=p.accepted_needs />
            <section class="draft-column" aria-labelledby="entwurf">
                <h2 id="entwurf">"Programmentwurf"</h2>
                <FormErrors error id_prefix="" />
                <TextBox label="Ausgangslage" id="feld-situation" rows=6
                    value=Signal::derive(move || draft.content.with(|c| c.situation.clone()))
                    set=move |v| draft.content.update(|c| c.situation = v) />
                <TextBox label="Hinweis zur Datengrundlage" id="feld-data_basis" rows=2
                    value=Signal::derive(move || draft.content.with(|c| c.data_basis.clone()))
                    set=move |v| draft.content.update(|c| c.data_basis = v) />
                {FieldOfAction::ALL.into_iter().map(|field| view! { <FieldSection field draft /> }).collect_view()}
                <TextItems draft list="potentials" title="Potentiale des Gebiets" noun="Potential" />
                <TextItems draft list="role" title="Rolle und Funktion der Aktionsraumbeauftragten" noun="Erwartung" />
                <Exclusions draft />
                <h3>"Kosten und Finanzierung"</h3>
                {move || view! { <BudgetTable budget=budget.get() /> }}
                <div class="save-bar">
                    <div class="field">
                        <label for="feld-note">"Was haben Sie geändert? (Änderungsnotiz)"</label>
                        <input id="feld-note" type="text" maxlength="500"
                            prop:value=move || draft.note.get()
                            on:input=move |ev| draft.note.set(event_target_value(&ev)) />
                    </div>
                    <button type="button" disabled=move || save.pending().get() on:click=move |_| submit()>
                        {move || if save.pending().get() { "Wird gespeichert …" } else { "Fassung speichern" }}
                    </button>
                </div>
            </section>
        </div>
    }
}

#[component]
fn TextBox(
    label: &'static str,
    #[prop(into)] id: String,
    #[prop(default = 3)] rows: u32,
    #[prop(into)] value: Signal<String>,
    set: impl Fn(String) + 'static + Send + Sync,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <textarea id=id rows=rows prop:value=move || value.get() on:input=move |ev| set(event_target_value(&ev))></textarea>
        </div>
    }
}

#[component]
fn LineBox(
    label: &'static str,
    #[prop(into)] id: String,
    #[prop(into)] value: Signal<String>,
    set: impl Fn(String) + 'static + Send + Sync,
    #[prop(optional)] required: bool,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for=id.clone()>{label}{required.then(|| view! { <span class="required">" (Pflichtfeld)"</span> })}</label>
            <input id=id type="text" prop:value=move || value.get() on:input=move |ev| set(event_target_value(&ev)) />
        </div>
    }
}

/// The left column: needs by Handlungsfeld to select and assign, and what meetings collected.
#[component]
fn NeedsColumn(
    draft: Draft,
    offers: Vec<crate::domain::programme::MeetingOffer>,
    /// Whether older meetings collected more than `offers` holds.
    older_offers: bool,
    /// The first page of accepted needs of each Handlungsfeld.
    pages: Vec<NeedPage>,
    /// How many needs of the area are accepted.
    accepted: i64,
) -> impl IntoView {
    let target = RwSignal::new(String::new());
    let only_open = RwSignal::new(false);
    let reason = RwSignal::new(String::new());
    let reason_error = RwSignal::new(None::<&'static str>);
    let count = move || draft.selected.with(Vec::len);
    let none = move || count() == 0;
    let coverage = move |id: i64| {
        draft.content.with(|c| {
            let mut places: Vec<String> = c
                .goals
                .iter()
                .filter(|g| g.need_ids.contains(&id))
                .map(|g| format!("Ziel „{}“", g.title))
                .chain(
                    c.measures
                        .iter()
                        .filter(|m| m.need_ids.contains(&id))
                        .map(|m| format!("Maßnahme „{}“", m.title)),
                )
                .collect();
            if c.excluded_needs.iter().any(|e| e.need_id == id) {
                places.push("nicht im Programm".to_owned());
            }
            places
        })
    };
    let open_count = move || {
        draft.content.with(|c| {
            draft
                .needs
                .with(|known| open_need_count(c, accepted, known))
        })
    };
    let pages = RwSignal::new(pages);
    let search = RwSignal::new(String::new());
    // Loads the first page of every Handlungsfeld (a new search) or the next page of one.
    let load = Action::new(move |query: &NeedQuery| {
        let query = query.clone();
        let slug = draft.slug.get_value();
        async move {
            let answer = programme_needs(slug, query.clone()).await;
            if let Ok(found) = &answer {
                for page in found {
                    draft.learn_needs(&page.needs);
                }
                pages.update(|shown| match query.field {
                    None => *shown = found.clone(),
                    Some(_) => {
                        for page in found {
                            if let Some(old) = shown.iter_mut().find(|p| p.field == page.field) {
                                old.needs.extend(page.needs.iter().cloned());
                                old.next = page.next.clone();
                            }
                        }
                    }
                });
            }
            answer.err()
        }
    });
    let load_error = Signal::derive(move || load.value().get().flatten());
    let query = move |field: Option<FieldOfAction>, after: Option<String>| NeedQuery {
        field,
        text: search.get_untracked(),
        skip: if only_open.get_untracked() {
            draft.covered()
        } else {
            vec![]
        },
        after,
    };
    let searched = RwSignal::new(false);
    view! {
        <section class="needs-column" aria-labelledby="bedarfe">
            <h2 id="bedarfe">"Angenommene Bedarfe"</h2>
            <p role="status">{move || match (accepted, open_count()) {
                (0, _) => "Für dieses Gebiet ist noch kein Bedarf angenommen.".to_owned(),
                (_, 0) => "Alle Bedarfe sind im Programm beantwortet oder begründet nicht aufgenommen.".to_owned(),
                (_, 1) => "1 Bedarf ist noch offen.".to_owned(),
                (_, n) => format!("{n} Bedarfe sind noch offen."),
            }}</p>
            <p class="hint">"Wählen Sie Bedarfe aus und legen Sie unten eine Maßnahme oder ein Ziel daraus an – oder ziehen Sie sie mit der Maus auf eine Maßnahme oder ein Ziel."</p>
            <div class="selection-actions" role="group" aria-labelledby="auswahl">
                <h3 id="auswahl">{move || match count() { 0 => "Nichts ausgewählt".to_owned(), 1 => "1 Bedarf ausgewählt".to_owned(), n => format!("{n} Bedarfe ausgewählt") }}</h3>
                <button type="button" disabled=none on:click=move |_| {
                    let field = draft.field_of_selection();
                    let ids = draft.take_selection();
                    let title = if ids.len() == 1 { draft.needs.with_untracked(|n| n.iter().find(|x| x.id == ids[0]).map(|x| x.title.clone()).unwrap_or_default()) } else { String::new() };
                    draft.content.update(|c| {
                        c.excluded_needs.retain(|e| !ids.contains(&e.need_id));
                        c.measures.push(Measure::new(new_id("m"), field, title, ids));
                    });
                }>"Neue Maßnahme aus Auswahl"</button>
                " "
                <button type="button" class="secondary" disabled=none on:click=move |_| {
                    let field = draft.field_of_selection();
                    let ids = draft.take_selection();
                    draft.content.update(|c| {
                        c.excluded_needs.retain(|e| !ids.contains(&e.need_id));
                        c.goals.push(Goal { id: new_id("z"), field, title: String::new(), description: String::new(), need_ids: ids });
                    });
                }>"Neues Ziel aus Auswahl"</button>
                <div class="field">
                    <label for="zuordnen-ziel">"Oder einer vorhandenen Maßnahme oder einem Ziel zuordnen"</label>
                    <select id="zuordnen-ziel" on:change=move |ev| target.set(event_target_value(&ev)) prop:value=move || target.get()>
                        <option value="">"– bitte wählen –"</option>
                        {move || draft.content.with(|c| {
                            c.measures.iter().map(|m| (format!("measure:{}", m.id), format!("Maßnahme: {}", if m.title.is_empty() { "(ohne Titel)" } else { &m.title })))
                                .chain(c.goals.iter().map(|g| (format!("goal:{}", g.id), format!("Ziel: {}", if g.title.is_empty() { "(ohne Titel)" } else { &g.title }))))
                                .collect::<Vec<_>>()
                        }).into_iter().map(|(value, label)| view! { <option value=value>{label}</option> }).collect_view()}
                    </select>
                </div>
                <button type="button" class="secondary" disabled=move || none() || target.get().is_empty() on:click=move |_| {
                    let ids = draft.take_selection();
                    draft.assign(&target.get_untracked(), &ids);
                }>"Zuordnen"</button>
                <div class="field">
                    <label for="ausschluss-grund">"Oder nicht ins Programm aufnehmen – Grund"</label>
                    <input id="ausschluss-grund" type="text" prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev))
                        aria-describedby=move || reason_error.get().map(|_| "ausschluss-grund-fehler") />
                    {move || reason_error.get().map(|m| view! { <p class="field-error" id="ausschluss-grund-fehler">{m}</p> })}
                </div>
                <button type="button" class="secondary" disabled=none on:click=move |_| {
                    let text = reason.get_untracked();
                    if text.trim().is_empty() {
                        reason_error.set(Some("Bitte schreiben Sie dazu, warum das Programm diese Bedarfe nicht aufnimmt."));
                        return;
                    }
                    reason_error.set(None);
                    let ids = draft.take_selection();
                    draft.content.update(|c| {
                        for id in ids {
                            for g in c.goals.iter_mut() { g.need_ids.retain(|x| *x != id); }
                            for m in c.measures.iter_mut() { m.need_ids.retain(|x| *x != id); }
                            c.excluded_needs.retain(|e| e.need_id != id);
                            c.excluded_needs.push(Exclusion { id: new_id("x"), need_id: id, reason: text.trim().to_owned() });
                        }
                    });
                    reason.set(String::new());
                }>"Nicht im Programm"</button>
            </div>
            <form class="need-search" role="search" aria-label="Bedarfe durchsuchen" on:submit=move |ev| {
                ev.prevent_default();
                searched.set(!search.get_untracked().trim().is_empty());
                load.dispatch(query(None, None));
            }>
                <div class="field">
                    <label for="bedarfe-suche">"Bedarfe suchen (Titel oder Nummer)"</label>
                    <input id="bedarfe-suche" type="search" maxlength="200" prop:value=move || search.get()
                        on:input=move |ev| search.set(event_target_value(&ev)) />
                </div>
                <button type="submit" class="secondary">"Suchen"</button>
            </form>
            <div class="checkbox-field">
                <input type="checkbox" id="nur-offene" prop:checked=move || only_open.get() on:change=move |ev| {
                    only_open.set(event_target_checked(&ev));
                    load.dispatch(query(None, None));
                } />
                <label for="nur-offene">"Nur offene Bedarfe zeigen"</label>
            </div>
            {move || load_error.get().map(|error| view! {
                <p class="field-error" role="alert">{error.field_message("suche").unwrap_or_else(|| error.to_string())}</p>
            })}
            {FieldOfAction::ALL.into_iter().map(|field| {
                let listed = move || pages.with(|p| p.iter().find(|p| p.field == field).map(|p| p.needs.clone()).unwrap_or_default());
                let empty = Memo::new(move |_| pages.with(|p| p.iter().find(|p| p.field == field).is_none_or(|p| p.needs.is_empty())));
                // A memo, so that the button (and the focus on it) stays while pages load.
                let more = Memo::new(move |_| pages.with(|p| p.iter().any(|p| p.field == field && p.next.is_some())));
                let next = move || pages.with_untracked(|p| p.iter().find(|p| p.field == field).and_then(|p| p.next.clone()));
                view! {
                    <h3>{field_title(field)}</h3>
                    {move || empty.get().then(|| {
                        let text = if searched.get() { "Keine passenden angenommenen Bedarfe." } else { "Keine angenommenen Bedarfe." };
                        view! { <p class="hint">{text}</p> }
                    })}
                    <ul class="need-picks" class:hidden=move || empty.get()>
                        <For each=listed key=|need| need.id let:need>
                            <NeedPick need draft only_open coverage />
                        </For>
                    </ul>
                    {move || more.get().then(|| view! {
                        <button type="button" class="link-button" disabled=move || load.pending().get()
                            on:click=move |_| { load.dispatch(query(Some(field), next())); }>
                            "Weitere Bedarfe laden"<span class="visually-hidden">{format!(": {}", field_title(field))}</span>
                        </button>
                    })}
                }
            }).collect_view()}
            <Offers draft offers older_offers />
        </section>
    }
}

/// One accepted need in the left column: ticked to assign, or dragged.
#[component]
fn NeedPick(
    need: NeedRef,
    draft: Draft,
    only_open: RwSignal<bool>,
    coverage: impl Fn(i64) -> Vec<String> + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let id = need.id;
    let box_id = format!("bedarf-{id}");
    let places = move || coverage(id);
    view! {
        <li draggable="true" class:open=move || places().is_empty()
            class:hidden=move || only_open.get() && !places().is_empty()
            on:dragstart=move |ev| {
                let mut ids = draft.selected.get_untracked();
                if !ids.contains(&id) { ids = vec![id]; }
                draft.dragged.set(ids);
                mark_drag(&ev);
            }>
            <input type="checkbox" id=box_id.clone()
                prop:checked=move || draft.selected.with(|s| s.contains(&id))
                on:change=move |ev| {
                    let on = event_target_checked(&ev);
                    draft.selected.update(|s| { s.retain(|x| *x != id); if on { s.push(id); } });
                } />
            <label for=box_id>
                {need.title.clone()}
                <span class="hint">{format!(" {} · {} · {}", need.reference, need.source, if need.supporters == 1 { "1 Nennung".to_owned() } else { format!("{} Nennungen", need.supporters) })}</span>
            </label>
            <span class="coverage">{move || {
                let p = places();
                if p.is_empty() { "offen".to_owned() } else { format!("in: {}", p.join(", ")) }
            }}</span>
        </li>
    }
}

/// Potentials and role expectations from the meetings, to take over.
#[component]
fn Offers(
    draft: Draft,
    offers: Vec<crate::domain::programme::MeetingOffer>,
    older_offers: bool,
) -> impl IntoView {
    (!offers.is_empty()).then(|| view! {
        <h3>"Aus den Akteursgesprächen"</h3>
        {older_offers.then(|| view! {
            <p class="hint">"Hier stehen die Einträge der neuesten Gespräche. Ältere finden Sie im Protokoll des jeweiligen Gesprächs."</p>
        })}
        <ul class="offers">
            {offers.into_iter().map(|offer| {
                let taken_id = offer.id.clone();
                let taken = Signal::derive(move || draft.content.with(|c| c.potentials.iter().chain(c.role.iter()).any(|i| i.source_item_id.as_deref() == Some(taken_id.as_str()))));
                let kind = if offer.list == "potentials" { "Potential" } else { "Erwartung an die Rolle" };
                let o = offer.clone();
                view! {
                    <li>
                        <span class="hint">{format!("{kind} · {}", offer.meeting)}</span><br />
                        {offer.text.clone()}" "
                        <button type="button" class="link-button" disabled=taken on:click=move |_| {
                            let item = TextItem { id: new_id("t"), text: o.text.clone(), source_item_id: Some(o.id.clone()) };
                            draft.content.update(|c| if o.list == "potentials" { c.potentials.push(item) } else { c.role.push(item) });
                        }>{move || if taken.get() { "übernommen" } else { "übernehmen" }}<span class="visually-hidden">{format!(": {}", offer.text)}</span></button>
                    </li>
                }
            }).collect_view()}
        </ul>
    })
}

/// One Handlungsfeld of the draft: its goals and measures; a drop target for measures and needs.
#[component]
fn FieldSection(field: FieldOfAction, draft: Draft) -> impl IntoView {
    let heading_id = format!("entwurf-feld{}", field.number());
    let labelled_by = heading_id.clone();
    let goal_ids = move || {
        draft.content.with(|c| {
            c.goals
                .iter()
                .filter(|g| g.field == field)
                .map(|g| g.id.clone())
                .collect::<Vec<_>>()
        })
    };
    let measure_ids = move || {
        draft.content.with(|c| {
            c.measures
                .iter()
                .filter(|m| m.field == field)
                .map(|m| m.id.clone())
                .collect::<Vec<_>>()
        })
    };
    view! {
        <section class="field-section" aria-labelledby=labelled_by
            on:dragover=move |ev| ev.prevent_default()
            on:drop=move |ev| {
                ev.prevent_default();
                // A measure dropped here moves to this Handlungsfeld.
                if let Some(id) = draft.dragged_measure.get_untracked() {
                    draft.measure(&id, |m| if m.field != field { m.field = field; m.goal_id = None; });
                    draft.dragged_measure.set(None);
                }
            }>
            <h3 id=heading_id>{field_title(field)}</h3>
            <h4>"Ziele"</h4>
            <For each=goal_ids key=|id| id.clone() let:id>
                <GoalEditor id draft />
            </For>
            <button type="button" class="secondary" on:click=move |_| draft.content.update(|c| c.goals.push(Goal { id: new_id("z"), field, title: String::new(), description: String::new(), need_ids: vec![] }))>
                "Ziel hinzufügen"<span class="visually-hidden">{format!(" (Handlungsfeld {})", field.number())}</span>
            </button>
            <h4>"Maßnahmen"</h4>
            <For each=measure_ids key=|id| id.clone() let:id>
                <MeasureEditor id draft />
            </For>
            <button type="button" class="secondary" on:click=move |_| draft.content.update(|c| c.measures.push(Measure::new(new_id("m"), field, String::new(), vec![])))>
                "Maßnahme hinzufügen"<span class="visually-hidden">{format!(" (Handlungsfeld {})", field.number())}</span>
            </button>
        </section>
    }
}

/// Firefox starts a drag only when it carries data; what is dragged lives in the draft.
fn mark_drag(ev: &leptos::ev::DragEvent) {
    #[cfg(feature = "hydrate")]
    if let Some(transfer) = ev.data_transfer() {
        let _ = transfer.set_data("text/plain", "");
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = ev;
}

/// Calls `set` with the value of the changed input or select.
fn on_value(set: impl Fn(String) + 'static) -> impl Fn(leptos::ev::Event) + 'static {
    move |ev| set(event_target_value(&ev))
}

/// Accepts dragged needs.
fn drop_needs(draft: Draft, target: String) -> impl Fn(leptos::ev::DragEvent) {
    move |ev| {
        let ids = draft.dragged.get_untracked();
        if ids.is_empty() {
            return;
        }
        ev.prevent_default();
        ev.stop_propagation();
        draft.assign(&target, &ids);
        draft.dragged.set(vec![]);
        draft.selected.set(vec![]);
    }
}

#[component]
fn LinkedNeeds(
    draft: Draft,
    ids: Signal<Vec<i64>>,
    unlink: impl Fn(i64) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    move || {
        let ids = ids.get();
        if ids.is_empty() {
            view! { <p class="hint">"Noch keinem Bedarf zugeordnet."</p> }.into_any()
        } else {
            view! {
                <ul class="linked-needs" aria-label="Beantwortete Bedarfe">
                    {ids.into_iter().map(|id| {
                        let label = draft.need_label(id);
                        view! { <li>{label.clone()}" "<button type="button" class="link-button" on:click=move |_| unlink(id)>"lösen"<span class="visually-hidden">{format!(": {label}")}</span></button></li> }
                    }).collect_view()}
                </ul>
            }.into_any()
        }
    }
}

#[component]
fn GoalEditor(id: String, draft: Draft) -> impl IntoView {
    let key = |field: &str| format!("feld-goals.{id}.{field}");
    let (i1, i2, i3) = (id.clone(), id.clone(), id.clone());
    let title = Signal::derive(move || {
        draft
            .read_goal(&i1, |g| g.title.clone())
            .unwrap_or_default()
    });
    let name = Signal::derive(move || {
        let t = title.get();
        if t.is_empty() {
            "Neues Ziel".to_owned()
        } else {
            t
        }
    });
    let ids = Signal::derive(move || {
        draft
            .read_goal(&i2, |g| g.need_ids.clone())
            .unwrap_or_default()
    });
    let (s1, s2, s3, s4) = (
        id.clone(),
        id.clone(),
        StoredValue::new(id.clone()),
        id.clone(),
    );
    view! {
        <article class="goal-card" on:dragover=move |ev| ev.prevent_default() on:drop=drop_needs(draft, format!("goal:{id}")) aria-label=move || format!("Ziel: {}", name.get())>
            <LineBox label="Ziel" id=key("title") value=title required=true set=move |v| draft.goal(&s1, |g| g.title = v) />
            <TextBox label="Beschreibung" id=key("description") rows=2
                value=Signal::derive(move || draft.read_goal(&i3, |g| g.description.clone()).unwrap_or_default())
                set=move |v| draft.goal(&s2, |g| g.description = v) />
            <LinkedNeeds draft ids unlink=move |need| draft.goal(&s3.get_value(), |g| g.need_ids.retain(|x| *x != need)) />
            <button type="button" class="link-button danger" on:click=move |_| {
                let gid = s4.clone();
                draft.content.update(|c| {
                    c.goals.retain(|g| g.id != gid);
                    for m in c.measures.iter_mut().filter(|m| m.goal_id.as_deref() == Some(gid.as_str())) { m.goal_id = None; }
                });
            }>"Ziel entfernen"<span class="visually-hidden">{move || format!(": {}", name.get())}</span></button>
        </article>
    }
}

#[component]
fn MeasureEditor(id: String, draft: Draft) -> impl IntoView {
    let key = {
        let id = id.clone();
        move |field: &str| format!("feld-measures.{id}.{field}")
    };
    let get = {
        let id = id.clone();
        move |f: fn(&Measure) -> String| {
            let id = id.clone();
            Signal::derive(move || draft.read_measure(&id, f).unwrap_or_default())
        }
    };
    let set = {
        let id = id.clone();
        move |f: fn(&mut Measure, String)| {
            let id = id.clone();
            move |v: String| draft.measure(&id, |m| f(m, v))
        }
    };
    let title = get(|m| m.title.clone());
    let name = Signal::derive(move || {
        let t = title.get();
        if t.is_empty() {
            "Neue Maßnahme".to_owned()
        } else {
            t
        }
    });
    let field = {
        let id = id.clone();
        Signal::derive(move || {
            draft
                .read_measure(&id, |m| m.field)
                .unwrap_or(FieldOfAction::Work)
        })
    };
    let ids = get(|m| {
        m.need_ids
            .iter()
            .map(|x| x.to_string())
            .collect::<Vec<_>>()
            .join(",")
    });
    let need_ids = Signal::derive(move || {
        ids.get()
            .split(',')
            .filter_map(|x| x.parse().ok())
            .collect::<Vec<i64>>()
    });
    let drag_id = id.clone();
    let remove_id = id.clone();
    let unlink_id = StoredValue::new(id.clone());
    let move_id = StoredValue::new(id.clone());
    let shift = move |delta: isize| {
        let mid = move_id.get_value();
        draft.content.update(|c| {
            let f = c.measures.iter().find(|m| m.id == mid).map(|m| m.field);
            // Swap with the neighbour in the same Handlungsfeld.
            let same: Vec<usize> = c
                .measures
                .iter()
                .enumerate()
                .filter(|(_, m)| Some(m.field) == f)
                .map(|(i, _)| i)
                .collect();
            if let Some(pos) = same.iter().position(|i| c.measures[*i].id == mid) {
                let other = pos as isize + delta;
                if other >= 0 && (other as usize) < same.len() {
                    c.measures.swap(same[pos], same[other as usize]);
                }
            }
        });
    };
    view! {
        <article class="measure-card" draggable="true"
            on:dragstart=move |ev| {
                draft.dragged_measure.set(Some(drag_id.clone()));
                mark_drag(&ev);
            }
            on:dragover=move |ev| ev.prevent_default()
            on:drop=drop_needs(draft, format!("measure:{id}"))
            aria-label=move || format!("Maßnahme: {}", name.get())>
            <LineBox label="Maßnahme" id=key("title") value=title required=true set=set(|m, v| m.title = v) />
            <TextBox label="Beschreibung" id=key("description") rows=3 value=get(|m| m.description.clone()) set=set(|m, v| m.description = v) />
            <div class="field-row">
                <div class="field">
                    <label for=key("field")>"Handlungsfeld"</label>
                    <select id=key("field") prop:value=move || field.get().number().to_string()
                        on:change=on_value(set(|m, v| if let Some(f) = FieldOfAction::parse_number(&v) { if m.field != f { m.field = f; m.goal_id = None; } }))>
                        {FieldOfAction::ALL.into_iter().map(|f| view! { <option value=f.number().to_string()>{format!("{} {}", f.number(), f.name())}</option> }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for=key("goal_id")>"Ziel"</label>
                    <select id=key("goal_id") prop:value=get(|m| m.goal_id.clone().unwrap_or_default())
                        on:change=on_value(set(|m, v| m.goal_id = (!v.is_empty()).then_some(v)))>
                        <option value="">"– kein Ziel –"</option>
                        {move || draft.content.with(|c| c.goals.iter().filter(|g| g.field == field.get()).map(|g| (g.id.clone(), if g.title.is_empty() { "(ohne Titel)".to_owned() } else { g.title.clone() })).collect::<Vec<_>>())
                            .into_iter().map(|(gid, t)| view! { <option value=gid>{t}</option> }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for=key("status")>"Stand"</label>
                    <select id=key("status") prop:value=get(|m| format!("{:?}", m.status))
                        on:change=on_value(set(|m, v| if let Some(s) = MeasureStatus::ALL.into_iter().find(|s| format!("{s:?}") == v) { m.status = s }))>
                        {MeasureStatus::ALL.into_iter().map(|s| view! { <option value=format!("{s:?}")>{s.label()}</option> }).collect_view()}
                    </select>
                </div>
            </div>
            <div class="field-row">
                <Responsible id=id.clone() draft />
                <LineBox label="Zeitraum" id=key("period") value=get(|m| m.period.clone()) set=set(|m, v| m.period = v) />
            </div>
            <Partners id=id.clone() draft />
            <fieldset class="costs">
                <legend>"Kosten in Euro"</legend>
                <div class="field-row">
                    <Amount label="Projektmittel" id=key("project_funds_cents") value=get(|m| euro_input(m.project_funds_cents)) set=set(|m, v| m.project_funds_cents = v.parse().unwrap_or_default()) />
                    <Amount label="Aktionsraumfonds" id=key("area_fund_cents") value=get(|m| euro_input(m.area_fund_cents)) set=set(|m, v| m.area_fund_cents = v.parse().unwrap_or_default()) />
                    <Amount label="Mittel Dritter" id=key("third_party_cents") value=get(|m| euro_input(m.third_party_cents)) set=set(|m, v| m.third_party_cents = v.parse().unwrap_or_default()) />
                </div>
                <LineBox label="Geldgeber (Dritte)" id=key("third_party_name") value=get(|m| m.third_party_name.clone()) set=set(|m, v| m.third_party_name = v) />
            </fieldset>
            <h5>"Beantwortete Bedarfe"</h5>
            <LinkedNeeds draft ids=need_ids unlink=move |need| { let mid = unlink_id.get_value(); draft.measure(&mid, |m| m.need_ids.retain(|x| *x != need)) } />
            <div class="card-actions">
                <button type="button" class="link-button" on:click=move |_| shift(-1)>"nach oben"<span class="visually-hidden">{move || format!(": {}", name.get())}</span></button>
                <button type="button" class="link-button" on:click=move |_| shift(1)>"nach unten"<span class="visually-hidden">{move || format!(": {}", name.get())}</span></button>
                <button type="button" class="link-button danger" on:click=move |_| { let rid = remove_id.clone(); draft.content.update(|c| c.measures.retain(|m| m.id != rid)) }>"Maßnahme entfernen"<span class="visually-hidden">{move || format!(": {}", name.get())}</span></button>
            </div>
        </article>
    }
}

/// A euro amount: typed freely, taken when it reads as an amount; otherwise a message says how.
#[component]
fn Amount(
    label: &'static str,
    id: String,
    #[prop(into)] value: Signal<String>,
    /// Receives the cents as text.
    set: impl Fn(String) + 'static + Send + Sync,
) -> impl IntoView {
    let error = RwSignal::new(false);
    let error_id = format!("{id}-fehler");
    let described = error_id.clone();
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <input id=id type="text" inputmode="decimal" prop:value=move || value.get()
                aria-invalid=move || error.get().then_some("true")
                aria-describedby=move || error.get().then(|| described.clone())
                on:change=move |ev| match parse_euro_de(&event_target_value(&ev)) {
                    Some(cents) => { error.set(false); set(cents.to_string()); }
                    None => error.set(true),
                } />
            {move || error.get().then(|| view! { <p class="field-error" id=error_id.clone()>"Bitte als Betrag in Euro eingeben, etwa 2.500 oder 1.250,50."</p> })}
        </div>
    }
}

/// A measure's responsible organisation: shown by name, chosen by searching the directory.
#[component]
fn Responsible(id: String, draft: Draft) -> impl IntoView {
    let (i1, i2, i3) = (
        id.clone(),
        StoredValue::new(id.clone()),
        StoredValue::new(id.clone()),
    );
    let chosen = Signal::derive(move || draft.read_measure(&i1, |m| m.responsible_id).flatten());
    view! {
        <fieldset class="organisation-choice">
            <legend>"Verantwortlich"</legend>
            <p>{move || match chosen.get() {
                Some(oid) => view! {
                    {draft.organisation_name(oid)}" "
                    <button type="button" class="link-button" on:click=move |_| draft.measure(&i2.get_value(), |m| m.responsible_id = None)>
                        "entfernen"<span class="visually-hidden">{format!(": {}", draft.organisation_name(oid))}</span>
                    </button>
                }.into_any(),
                None => view! { <span class="hint">"noch offen"</span> }.into_any(),
            }}</p>
            <OrganisationSearch id=format!("feld-measures.{id}.responsible_id") label="Verantwortliche Organisation suchen" action="als verantwortlich wählen" draft
                pick=move |oid| draft.measure(&i3.get_value(), |m| m.responsible_id = Some(oid)) />
        </fieldset>
    }
}

/// A measure's partner organisations: listed by name, added by searching the directory.
#[component]
fn Partners(id: String, draft: Draft) -> impl IntoView {
    let (i1, i2, i3) = (
        id.clone(),
        StoredValue::new(id.clone()),
        StoredValue::new(id.clone()),
    );
    let partners = Signal::derive(move || {
        draft
            .read_measure(&i1, |m| m.partner_ids.clone())
            .unwrap_or_default()
    });
    view! {
        <fieldset class="organisation-choice">
            <legend>"Partner"</legend>
            {move || {
                let list = partners.get();
                if list.is_empty() {
                    view! { <p class="hint">"Noch keine Partner."</p> }.into_any()
                } else {
                    view! {
                        <ul class="linked-needs" aria-label="Partner">
                            {list.into_iter().map(|oid| {
                                let n = draft.organisation_name(oid);
                                view! { <li>{n.clone()}" "<button type="button" class="link-button" on:click=move |_| { let mid = i3.get_value(); draft.measure(&mid, |m| m.partner_ids.retain(|x| *x != oid)) }>"entfernen"<span class="visually-hidden">{format!(": {n}")}</span></button></li> }
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }
            }}
            <OrganisationSearch id=format!("feld-measures.{id}.partner_ids") label="Partner suchen und hinzufügen" action="als Partner hinzufügen" draft
                pick=move |oid| draft.measure(&i2.get_value(), |m| if !m.partner_ids.contains(&oid) { m.partner_ids.push(oid) }) />
        </fieldset>
    }
}

/// Finds organisations by a part of their name (those of the area first) and offers each as a
/// button; `pick` receives the chosen id.
#[component]
fn OrganisationSearch(
    id: String,
    label: &'static str,
    /// What the button does, after the organisation's name ("als Partner hinzufügen").
    action: &'static str,
    draft: Draft,
    pick: impl Fn(i64) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let text = RwSignal::new(String::new());
    let search = Action::new(move |typed: &String| {
        let (typed, slug) = (typed.clone(), draft.slug.get_value());
        async move { (typed.clone(), programme_organisations(slug, typed).await) }
    });
    // Only the answer to what is typed now (answers to earlier keystrokes may arrive later).
    let found = Signal::derive(move || {
        search
            .value()
            .get()
            .filter(|(typed, _)| *typed == text.get().trim())
            .map(|(_, answer)| answer)
    });
    let status_id = format!("{id}-status");
    let described = status_id.clone();
    view! {
        <div class="field organisation-search">
            <label for=id.clone()>{label}</label>
            <input id=id type="search" maxlength="200" autocomplete="off" aria-describedby=described
                prop:value=move || text.get()
                on:input=move |ev| {
                    let typed = event_target_value(&ev);
                    text.set(typed.clone());
                    if typed.trim().chars().count() >= 2 {
                        search.dispatch(typed.trim().to_owned());
                    }
                } />
            <p class="hint" id=status_id role="status">{move || match found.get() {
                _ if text.get().trim().chars().count() < 2 => "Mindestens zwei Buchstaben des Namens eingeben.".to_owned(),
                None => "Wird gesucht …".to_owned(),
                Some(Err(error)) => error.field_message("suche").unwrap_or_else(|| error.to_string()),
                Some(Ok(list)) if list.is_empty() => "Keine Organisation gefunden. Neue Organisationen legen Sie im Akteursverzeichnis an.".to_owned(),
                Some(Ok(list)) => match list.len() { 1 => "1 Organisation gefunden.".to_owned(), n => format!("{n} Organisationen gefunden.") },
            }}</p>
            {move || found.get().and_then(Result::ok).filter(|_| text.get().trim().chars().count() >= 2).map(|list| view! {
                <ul class="organisation-results">
                    {list.into_iter().map(|OrganisationChoice { id: oid, name, areas }| {
                        let chosen = name.clone();
                        view! {
                            <li>
                                <button type="button" class="link-button" on:click=move |_| {
                                    draft.learn_organisation(oid, chosen.clone());
                                    pick(oid);
                                    text.set(String::new());
                                }>{name.clone()}<span class="visually-hidden">{format!(" {action}")}</span></button>
                                {(!areas.is_empty()).then(|| view! { <span class="hint">{format!(" · {areas}")}</span> })}
                            </li>
                        }
                    }).collect_view()}
                </ul>
            })}
        </div>
    }
}

#[component]
fn TextItems(
    draft: Draft,
    list: &'static str,
    title: &'static str,
    noun: &'static str,
) -> impl IntoView {
    let items = move |c: &ProgrammeContent| {
        if list == "potentials" {
            c.potentials.clone()
        } else {
            c.role.clone()
        }
    };
    let update = move |f: &dyn Fn(&mut Vec<TextItem>)| {
        draft.content.update(|c| {
            f(if list == "potentials" {
                &mut c.potentials
            } else {
                &mut c.role
            })
        })
    };
    let ids = move || {
        draft
            .content
            .with(|c| items(c).into_iter().map(|i| i.id).collect::<Vec<_>>())
    };
    view! {
        <h3>{title}</h3>
        <For each=ids key=|id| id.clone() let:id>
            {
                let (i1, i2, i3) = (id.clone(), id.clone(), id.clone());
                view! {
                    <div class="text-item">
                        <TextBox label=noun id=format!("feld-{list}.{id}.text") rows=2
                            value=Signal::derive(move || draft.content.with(|c| items(c).into_iter().find(|i| i.id == i1).map(|i| i.text).unwrap_or_default()))
                            set=move |v| update(&|items: &mut Vec<TextItem>| if let Some(i) = items.iter_mut().find(|i| i.id == i2) { i.text = v.clone() }) />
                        <button type="button" class="link-button danger" on:click=move |_| update(&|items: &mut Vec<TextItem>| items.retain(|i| i.id != i3))>{format!("{noun} entfernen")}</button>
                    </div>
                }
            }
        </For>
        <button type="button" class="secondary" on:click=move |_| update(&|items: &mut Vec<TextItem>| items.push(TextItem { id: new_id("t"), text: String::new(), source_item_id: None }))>{format!("{noun} hinzufügen")}</button>
    }
}

#[component]
fn Exclusions(draft: Draft) -> impl IntoView {
    let ids = move || {
        draft.content.with(|c| {
            c.excluded_needs
                .iter()
                .map(|e| e.id.clone())
                .collect::<Vec<_>>()
        })
    };
    view! {
        <h3>"Nicht im Programm"</h3>
        {move || ids().is_empty().then(|| view! { <p class="hint">"Keine. Bedarfe, die das Programm nicht aufnimmt, stehen hier mit ihrem Grund."</p> })}
        <For each=ids key=|id| id.clone() let:id>
            {
                let (i1, i2, i3, i4) = (id.clone(), id.clone(), id.clone(), id.clone());
                let need = draft.content.with_untracked(|c| c.excluded_needs.iter().find(|e| e.id == i1).map(|e| e.need_id)).unwrap_or_default();
                let label = draft.need_label(need);
                view! {
                    <div class="text-item">
                        <p><strong>{label.clone()}</strong></p>
                        <TextBox label="Grund" id=format!("feld-excluded_needs.{id}.reason") rows=2
                            value=Signal::derive(move || draft.content.with(|c| c.excluded_needs.iter().find(|e| e.id == i2).map(|e| e.reason.clone()).unwrap_or_default()))
                            set=move |v| draft.content.update(|c| if let Some(e) = c.excluded_needs.iter_mut().find(|e| e.id == i3) { e.reason = v }) />
                        <button type="button" class="link-button" on:click=move |_| draft.content.update(|c| c.excluded_needs.retain(|e| e.id != i4))>"wieder aufnehmen"<span class="visually-hidden">{format!(": {label}")}</span></button>
                    </div>
                }
            }
        </For>
    }
}
