//! `/bestaetigen/<token>`: one click ends a stakeholder's e-mail updates on their need, in the
//! form's four languages and without JavaScript. The button posts to the same address (as mail
//! programs do for RFC 8058); the server deletes the address and comes back with the outcome.
use crate::components::need_form_text::{
    lang_and_dir, localized_title, parse_locale, LANGUAGE_PARAM,
};
use crate::domain::format::urlencode;
use crate::i18n::td_string;
use leptos::prelude::*;
use leptos_i18n::Locale as _;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn ConfirmUpdatesPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let locale = Signal::derive(move || {
        query
            .read()
            .get(LANGUAGE_PARAM)
            .and_then(|v| parse_locale(&v))
            .unwrap_or_default()
    });
    let action = move || {
        format!(
            "/bestaetigen/{}?{LANGUAGE_PARAM}={}",
            urlencode(&params.read().get("token").unwrap_or_default()),
            locale.get().as_str()
        )
    };
    let outcome = move || query.read().get("ergebnis");
    view! {
        <Meta name="robots" content="noindex" />
        <Title text=localized_title(locale, |l| td_string!(l, confirm_updates.title).to_string()) />
        <div class="public-form" lang=move || lang_and_dir(locale.get()).0 dir=move || lang_and_dir(locale.get()).1>
            {move || match outcome().as_deref() {
                Some("bestaetigt") => view! {
                    <h1>{move || td_string!(locale.get(), confirm_updates.done_heading)}</h1>
                    <p class="notice notice-success" role="status">{move || td_string!(locale.get(), confirm_updates.done)}</p>
                }
                    .into_any(),
                Some(_) => view! {
                    <h1>{move || td_string!(locale.get(), confirm_updates.heading)}</h1>
                    <p class="notice" role="status">{move || td_string!(locale.get(), confirm_updates.unknown)}</p>
                }
                    .into_any(),
                None => view! {
                    <h1>{move || td_string!(locale.get(), confirm_updates.heading)}</h1>
                    <p>{move || td_string!(locale.get(), confirm_updates.lead)}</p>
                    <form method="post" action=action>
                        <button type="submit">{move || td_string!(locale.get(), confirm_updates.button)}</button>
                    </form>
                }
                    .into_any(),
            }}
            <p><a href="/">{move || td_string!(locale.get(), confirm_updates.home)}</a></p>
        </div>
    }
}
