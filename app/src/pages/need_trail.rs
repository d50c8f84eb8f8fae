//! `/verfolgen/<key>`: "Was ist aus meinem Bedarf geworden?" – the path of one need from the
//! form to the measures of the published programme and their Umsetzung, in the form's four
//! languages, without an account and without JavaScript. The key of the receipt is the only
//! way in; the page shows nothing of other submissions and no contact data.
use crate::api::needs::need_trail;
use crate::api::urlencode;
use crate::components::error_notice::ErrorNotice;
use crate::components::need_form_text::{
    field_name, lang_and_dir, localized_title, parse_locale, LanguageSwitch, LANGUAGE_PARAM,
};
use crate::domain::city_implementation::PublicImplementation;
use crate::domain::format::date_de;
use crate::domain::implementation::ImplementationState;
use crate::domain::need_trail::{Decision, InProgramme, NeedTrail, TrailMeasure};
use crate::i18n::{td_string, Locale};
use leptos::prelude::*;
use leptos_i18n::Locale as _;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn NeedTrailPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let trail = Resource::new(
        move || params.read().get("key").unwrap_or_default(),
        need_trail,
    );
    let asked = Signal::derive(move || {
        query
            .read()
            .get(LANGUAGE_PARAM)
            .and_then(|v| parse_locale(&v))
    });
    view! {
        <Meta name="robots" content="noindex" />
        <Suspense fallback=move || view! { <p>{td_string!(asked.get().unwrap_or_default(), receipt.loading)}</p> }>
            {move || Suspend::new(async move {
                match trail.await {
                    Ok(trail) => {
                        let sent_in = parse_locale(&trail.language).unwrap_or_default();
                        let locale = Signal::derive(move || asked.get().unwrap_or(sent_in));
                        view! { <Trail trail locale /> }.into_any()
                    }
                    Err(crate::error::AppError::NotFound(_)) => {
                        #[cfg(feature = "ssr")]
                        crate::server::request::set_status(http::StatusCode::NOT_FOUND);
                        let locale = Signal::derive(move || asked.get().unwrap_or_default());
                        view! {
                            <Title text=localized_title(locale, |l| td_string!(l, trail.title).to_string()) />
                            <div class="public-form" lang=move || lang_and_dir(locale.get()).0 dir=move || lang_and_dir(locale.get()).1>
                                <h1>{move || td_string!(locale.get(), trail.heading)}</h1>
                                <p class="notice notice-warning" role="status">{move || td_string!(locale.get(), trail.not_found)}</p>
                            </div>
                        }
                            .into_any()
                    }
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

fn state_name(locale: Locale, state: ImplementationState) -> &'static str {
    match state {
        ImplementationState::Planned => td_string!(locale, trail.state_geplant),
        ImplementationState::Running => td_string!(locale, trail.state_in_umsetzung),
        ImplementationState::Done => td_string!(locale, trail.state_umgesetzt),
        ImplementationState::Deferred => td_string!(locale, trail.state_zurueckgestellt),
        ImplementationState::Dropped => td_string!(locale, trail.state_entfallen),
    }
}

/// A text of the city's (a reason, a measure's title): German, whatever the page's language.
#[component]
fn German(text: String) -> impl IntoView {
    view! { <span lang="de" dir="ltr">{text}</span> }
}

#[component]
fn Trail(trail: NeedTrail, locale: Signal<Locale>) -> impl IntoView {
    let key = use_params_map()
        .with_untracked(|p| p.get("key"))
        .unwrap_or_default();
    let switch_href = Callback::new(move |option: Locale| {
        format!(
            "/verfolgen/{}?{LANGUAGE_PARAM}={}",
            urlencode(&key),
            option.as_str()
        )
    });
    let area = trail.area_name.clone();
    let field = trail.field;
    let received_on = date_de(trail.submitted_on);
    let programme_href = format!("/gebiete/{}/programm", urlencode(&trail.area_slug));
    let decision = trail.decision.clone();
    let place = trail.programme.clone();
    // A rejected or waiting need ends with the decision.
    let goes_on = matches!(
        decision,
        Decision::Accepted { .. } | Decision::Merged { .. }
    );
    view! {
        <Title text=localized_title(locale, |l| td_string!(l, trail.title).to_string()) />
        <div class="public-form need-trail" lang=move || lang_and_dir(locale.get()).0 dir=move || lang_and_dir(locale.get()).1>
            <LanguageSwitch locale href=switch_href />
            <h1>{move || td_string!(locale.get(), trail.heading)}</h1>
            <p>{move || td_string!(locale.get(), trail.lead)}</p>
            <dl class="facts">
                <dt>{move || td_string!(locale.get(), receipt.number)}</dt>
                <dd dir="ltr">{trail.reference.clone()}</dd>
                <dt>{move || td_string!(locale.get(), receipt.area)}</dt>
                <dd>{trail.area_name.clone()}</dd>
                <dt>{move || td_string!(locale.get(), receipt.field)}</dt>
                <dd>{move || field_name(locale.get(), field)}</dd>
                <dt>{move || td_string!(locale.get(), receipt.need)}</dt>
                <dd dir="auto">{trail.title.clone()}</dd>
            </dl>
            <h2>{move || td_string!(locale.get(), trail.steps)}</h2>
            <ol class="trail">
                <li class="trail-done">{
                    let on = received_on.clone();
                    move || td_string!(locale.get(), trail.received, date = on.as_str()).to_string()
                }</li>
                <DecisionStep decision area=area.clone() locale />
                {goes_on.then(|| view! { <ProgrammeStep place area=area.clone() slug=trail.area_slug.clone() locale /> })}
            </ol>
            <p>
                <a href=programme_href>{
                    let area = area.clone();
                    move || td_string!(locale.get(), trail.programme_link, area = area.as_str()).to_string()
                }</a>
                " · "
                <a href=format!("/umsetzung?gebiet={}", urlencode(&trail.area_slug))>{move || td_string!(locale.get(), trail.all_measures)}</a>
            </p>
            <p class="hint">
                {move || td_string!(locale.get(), trail.keep)}
                {move || (locale.get() != Locale::de).then(|| format!(" {}", td_string!(locale.get(), trail.german_note)))}
            </p>
        </div>
    }
}

#[component]
fn DecisionStep(decision: Decision, area: String, locale: Signal<Locale>) -> impl IntoView {
    match decision {
        Decision::Waiting => view! {
            <li class="trail-current">{move || td_string!(locale.get(), trail.waiting)}</li>
        }
        .into_any(),
        Decision::Accepted { wording } => view! {
            <li class="trail-done">
                {move || td_string!(locale.get(), trail.accepted, area = area.as_str()).to_string()}
                {wording.map(|w| view! {
                    <br />{move || td_string!(locale.get(), trail.wording)}" "<German text=format!("„{w}“") />
                })}
            </li>
        }
        .into_any(),
        Decision::Merged { others, title } => view! {
            <li class="trail-done">
                {move || td_string!(locale.get(), trail.merged, count = others.to_string()).to_string()}
                {title.map(|t| view! {
                    <br />{move || td_string!(locale.get(), trail.merged_title)}" "<German text=format!("„{t}“") />
                })}
            </li>
        }
        .into_any(),
        Decision::Rejected { reason } => view! {
            <li class="trail-ended">
                {move || td_string!(locale.get(), trail.rejected)}" "<German text=reason />
            </li>
        }
        .into_any(),
    }
}

#[component]
fn ProgrammeStep(
    place: InProgramme,
    area: String,
    slug: String,
    locale: Signal<Locale>,
) -> impl IntoView {
    match place {
        InProgramme::NotYet => view! {
            <li class="trail-current">{move || td_string!(locale.get(), trail.not_published, area = area.as_str()).to_string()}</li>
        }
        .into_any(),
        InProgramme::NotNamed { version } => view! {
            <li class="trail-current">{move || td_string!(locale.get(), trail.not_named, version = version.to_string()).to_string()}</li>
        }
        .into_any(),
        InProgramme::InGoal { version, goal } => view! {
            <li class="trail-done">{move || td_string!(locale.get(), trail.in_goal, version = version.to_string()).to_string()}" "<German text=format!("„{goal}“") /></li>
        }
        .into_any(),
        InProgramme::Excluded { reason, .. } => view! {
            <li class="trail-ended">{move || td_string!(locale.get(), trail.excluded)}" "<German text=reason /></li>
        }
        .into_any(),
        InProgramme::Answered { version, measures } => view! {
            <li class="trail-done">
                {move || td_string!(locale.get(), trail.answered, version = version.to_string()).to_string()}
                <ul class="trail-measures">
                    {measures.into_iter().map(|m| view! { <MeasureItem measure=m slug=slug.clone() locale /> }).collect_view()}
                </ul>
            </li>
        }
        .into_any(),
    }
}

#[component]
fn MeasureItem(measure: TrailMeasure, slug: String, locale: Signal<Locale>) -> impl IntoView {
    let TrailMeasure {
        measure_id,
        title,
        implementation,
    } = measure;
    let href = format!(
        "/gebiete/{}/programm#massnahme-{}",
        urlencode(&slug),
        urlencode(&measure_id)
    );
    view! {
        <li>
            <strong><a href=href><German text=title /></a></strong>
            {match implementation {
                Some(i) => view! { <ImplementationLine implementation=i locale /> }.into_any(),
                None => view! { <p>{move || td_string!(locale.get(), trail.no_update)}</p> }.into_any(),
            }}
        </li>
    }
}

#[component]
fn ImplementationLine(
    implementation: PublicImplementation,
    locale: Signal<Locale>,
) -> impl IntoView {
    let i = implementation;
    let state = i.state;
    let progress = i.progress.to_string();
    let updated = date_de(i.updated_on);
    let reason = (!i.reason.is_empty()).then(|| i.reason.clone());
    let next = i.next_milestone.clone();
    view! {
        <p>
            {move || td_string!(locale.get(), trail.implementation)}" "
            <strong class=format!("state state-{}", state.slug())>{move || state_name(locale.get(), state)}</strong>
            " · "
            {move || td_string!(locale.get(), trail.progress, percent = progress.as_str()).to_string()}
            " · "
            {move || td_string!(locale.get(), trail.updated, date = updated.as_str()).to_string()}
        </p>
        {reason.map(|r| view! { <p>{move || td_string!(locale.get(), trail.reason)}" "<German text=r /></p> })}
        {next.map(|m| view! {
            <p>{move || td_string!(locale.get(), trail.next_milestone)}" "<German text=m.title.clone() />{format!(" ({})", date_de(m.date))}</p>
        })}
    }
}
