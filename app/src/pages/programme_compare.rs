//! Two versions of a programme compared: what was added, removed, moved and changed, per field,
//! with the word-level difference of texts side by side or inline. Kinds are said in words and
//! marked with <ins>/<del> and hidden labels, never by colour alone. Works without JavaScript.
use crate::api::programmes::compare_programme;
use crate::components::error_notice::ErrorNotice;
use crate::domain::programme::Comparison;
use crate::domain::programme_compare::{ChangeLine, Kind};
use crate::domain::programme_diff::Words;
use crate::pages::programme::VersionChoice;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn ProgrammeComparePage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let number = move |key: &str| {
        query
            .read()
            .get(key)
            .and_then(|v| v.trim().parse::<i64>().ok())
            .unwrap_or(0)
    };
    let inline = Memo::new(move |_| query.read().get("ansicht").as_deref() == Some("im-text"));
    let data = Resource::new(
        move || {
            (
                params.read().get("slug").unwrap_or_default(),
                number("alt"),
                number("neu"),
            )
        },
        |(slug, old, new)| compare_programme(slug, old, new),
    );
    view! {
        <Suspense fallback=|| view! { <p>"Wird geladen …"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(comparison) => view! { <ComparisonView comparison inline=inline.get() /> }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ComparisonView(comparison: Comparison, inline: bool) -> impl IntoView {
    let c = comparison;
    let base = format!("/intern/gebiete/{}/programm", c.area_slug);
    let here = format!("{base}/vergleich?alt={}&neu={}", c.old, c.new);
    let count = c.lines.len();
    let (old, new) = (c.old, c.new);
    // Sections in the order they first appear.
    let mut sections: Vec<(String, Vec<ChangeLine>)> = Vec::new();
    for line in c.lines {
        match sections.iter_mut().find(|(s, _)| *s == line.section) {
            Some((_, lines)) => lines.push(line),
            None => sections.push((line.section.clone(), vec![line])),
        }
    }
    view! {
        <Title text=format!("Fassungen {old} und {new} – Aktionsprogramm {}", c.area_name) />
        <p class="breadcrumb"><a href=base.clone()>"Aktionsprogramm "{c.area_name.clone()}</a></p>
        <h1>"Fassung "{old}" und Fassung "{new}" im Vergleich"</h1>
        <VersionChoice action=format!("{base}/vergleich") head=c.head old new inline />
        <nav class="view-switch" aria-label="Darstellung">
            <a href=here.clone() aria-current=(!inline).then_some("page")>"Nebeneinander"</a>
            <a href=format!("{here}&ansicht=im-text") aria-current=inline.then_some("page")>"Im Text"</a>
        </nav>
        <p role="status">{match count {
            0 => "Die beiden Fassungen sind gleich.".to_owned(),
            1 => "1 Änderung.".to_owned(),
            n => format!("{n} Änderungen."),
        }}</p>
        {sections.into_iter().map(|(section, lines)| view! {
            <section class="compare-section">
                <h2>{section}</h2>
                {lines.into_iter().map(|line| view! { <ChangeView line inline old new /> }).collect_view()}
            </section>
        }).collect_view()}
    }
}

#[component]
fn ChangeView(line: ChangeLine, inline: bool, old: i64, new: i64) -> impl IntoView {
    let kind_class = format!(
        "change change-{}",
        match line.kind {
            Kind::Added => "added",
            Kind::Removed => "removed",
            Kind::Moved => "moved",
            Kind::Changed => "changed",
        }
    );
    let heading = [line.subject.as_str(), line.field.as_str()]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" – ");
    let has_words = !line.words.is_empty();
    let body = if has_words && inline {
        view! { <p class="pre-line words">{line.words.iter().map(|w| word(w, true, true)).collect_view()}</p> }.into_any()
    } else if has_words {
        view! {
            <div class="side-by-side">
                <div><h4>"Fassung "{old}</h4><p class="pre-line words">{line.words.iter().map(|w| word(w, true, false)).collect_view()}</p></div>
                <div><h4>"Fassung "{new}</h4><p class="pre-line words">{line.words.iter().map(|w| word(w, false, true)).collect_view()}</p></div>
            </div>
        }.into_any()
    } else {
        let (before, after) = (line.old.clone(), line.new.clone());
        match line.kind {
            Kind::Added => view! { <p class="pre-line"><ins><span class="visually-hidden">"hinzugefügt: "</span>{after}</ins></p> }.into_any(),
            Kind::Removed => view! { <p class="pre-line"><del><span class="visually-hidden">"entfernt: "</span>{before}</del></p> }.into_any(),
            _ => view! {
                <dl class="facts">
                    <dt>"Fassung "{old}</dt><dd class="pre-line">{before}</dd>
                    <dt>"Fassung "{new}</dt><dd class="pre-line">{after}</dd>
                </dl>
            }.into_any(),
        }
    };
    view! {
        <article class=kind_class>
            <h3><span class="change-kind">{line.kind.label()}</span>": "{heading}</h3>
            {body}
        </article>
    }
}

/// One run of words; `show_removed`/`show_added` choose the side.
fn word(words: &Words, show_removed: bool, show_added: bool) -> AnyView {
    match words {
        Words::Same(text) => text.clone().into_any(),
        Words::Removed(text) if show_removed => view! {
            <del><span class="visually-hidden">"[entfernt: "</span>{text.clone()}<span class="visually-hidden">"]"</span></del>
        }
        .into_any(),
        Words::Added(text) if show_added => view! {
            <ins><span class="visually-hidden">"[hinzugefügt: "</span>{text.clone()}<span class="visually-hidden">"]"</span></ins>
        }
        .into_any(),
        _ => ().into_any(),
    }
}
