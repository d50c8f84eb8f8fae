//! The merge screen after a concurrent save: both changes combined where they do not collide,
//! and for each field both people changed differently a choice between "mine" and "theirs".
use crate::domain::programme_compare::{describe_place, show_conflict_side, Names};
use crate::domain::programme_diff::{resolve, ConcurrentSave, Place, Side};
use crate::pages::programme_edit::Draft;
use leptos::prelude::*;
use std::collections::HashMap;

#[component]
pub fn MergeScreen(
    concurrent: ConcurrentSave,
    draft: Draft,
    on_save: impl Fn() + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let c = StoredValue::new(concurrent);
    let names = Names {
        needs: draft.needs.with_untracked(|needs| {
            needs
                .iter()
                .map(|n| (n.id, format!("{} {}", n.reference, n.title)))
                .collect()
        }),
        organisations: draft
            .organisations
            .with_untracked(|o| o.iter().cloned().collect()),
    };
    let decisions: RwSignal<HashMap<Place, Side>> = RwSignal::new(c.with_value(|c| {
        c.merged
            .conflicts
            .iter()
            .map(|k| (k.place.clone(), Side::Mine))
            .collect()
    }));
    let failed = RwSignal::new(false);
    let (author, theirs, base, conflicts, tree) = c.with_value(|c| {
        (
            c.theirs_author.clone(),
            c.theirs,
            c.base,
            c.merged.conflicts.clone(),
            c.merged.tree.clone(),
        )
    });
    let count = conflicts.len();
    let save = move |_| {
        let resolved = c.with_value(|c| resolve(&c.merged, &c.mine, &decisions.get_untracked()));
        match resolved.into_content() {
            Ok(content) => {
                failed.set(false);
                draft.content.set(content);
                draft.based_on.set(theirs);
                if draft.note.get_untracked().trim().is_empty() {
                    draft
                        .note
                        .set(format!("Mit Fassung {theirs} zusammengeführt"));
                }
                on_save();
            }
            Err(_) => failed.set(true),
        }
    };
    view! {
        <section class="merge-screen notice notice-warning" aria-labelledby="zusammenfuehren">
            <h2 id="zusammenfuehren" tabindex="-1">"Inzwischen hat jemand anderes gespeichert"</h2>
            <p>{format!("Sie haben mit Fassung {base} begonnen; {author} hat inzwischen Fassung {theirs} gespeichert. Ihre Änderungen sind noch nicht gespeichert und gehen nicht verloren.")}</p>
            {if count == 0 {
                view! { <p>"Ihre Änderungen und die andere Fassung passen zusammen: Beides ist zusammengeführt. Bitte speichern Sie das Ergebnis."</p> }.into_any()
            } else {
                view! {
                    <p>{match count { 1 => "An einer Stelle".to_owned(), n => format!("An {n} Stellen") }}" haben Sie beide Unterschiedliches geschrieben. Alles andere ist zusammengeführt. Bitte entscheiden Sie jeweils:"</p>
                    {conflicts.into_iter().enumerate().map(|(i, conflict)| {
                        let (section, subject, field) = describe_place(&conflict.place, &tree, &names);
                        let mine = show_conflict_side(&conflict.place, &conflict.mine, &tree, &names);
                        let other = show_conflict_side(&conflict.place, &conflict.theirs, &tree, &names);
                        let place = conflict.place.clone();
                        let (p1, p2, p3, p4) = (place.clone(), place.clone(), place.clone(), place);
                        let legend = [section, subject, field].into_iter().filter(|s| !s.is_empty()).collect::<Vec<_>>().join(" – ");
                        view! {
                            <fieldset class="conflict">
                                <legend>{legend}</legend>
                                <div class="checkbox-field">
                                    <input type="radio" id=format!("konflikt-{i}-mein") name=format!("konflikt-{i}")
                                        prop:checked=move || decisions.with(|d| d.get(&p1) == Some(&Side::Mine))
                                        on:change=move |_| decisions.update(|d| { d.insert(p2.clone(), Side::Mine); }) />
                                    <label for=format!("konflikt-{i}-mein")><strong>"Meine Änderung: "</strong><span class="pre-line">{mine}</span></label>
                                </div>
                                <div class="checkbox-field">
                                    <input type="radio" id=format!("konflikt-{i}-andere") name=format!("konflikt-{i}")
                                        prop:checked=move || decisions.with(|d| d.get(&p3) == Some(&Side::Theirs))
                                        on:change=move |_| decisions.update(|d| { d.insert(p4.clone(), Side::Theirs); }) />
                                    <label for=format!("konflikt-{i}-andere")><strong>{format!("Änderung von {author} (Fassung {theirs}): ")}</strong><span class="pre-line">{other}</span></label>
                                </div>
                            </fieldset>
                        }
                    }).collect_view()}
                }.into_any()
            }}
            {move || failed.get().then(|| view! { <p class="field-error">"Das Zusammenführen ist nicht gelungen. Bitte laden Sie die Seite neu; Ihre Änderungen bleiben in diesem Browser erhalten."</p> })}
            <button type="button" on:click=save>"Zusammengeführte Fassung speichern"</button>
        </section>
    }
}
