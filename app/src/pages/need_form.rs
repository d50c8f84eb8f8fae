//! The public needs form of an area (`/bedarf/<gebiet>`) and its receipt; both work without
//! JavaScript and on a 320 px phone, in German, English, Turkish and Arabic (`?sprache=`).
use crate::api::needs::{need_form, need_receipt, NeedFormData, SubmitNeed};
use crate::api::urlencode;
use crate::components::error_notice::ErrorNotice;
use crate::components::field::{TextArea, TextField};
use crate::components::form_echo::{echoed, echoed_checked, EchoScope};
use crate::components::form_errors::ErrorSummaryBox;
use crate::components::need_form_text::{
    self, field_explanation, field_name, lang_and_dir, localized_title, parse_locale,
    LanguageSwitch, LANGUAGE_PARAM,
};
use crate::domain::field_of_action::FieldOfAction;
use crate::domain::need::{SubmissionReceipt, AFFECTED_MAX, NAME_MAX, ORGANISATION_MAX, TITLE_MAX};
use crate::error::AppError;
use crate::i18n::{td_string, Locale};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_i18n::Locale as _;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::{use_params_map, use_query_map};

/// The form's languages besides German, named on the poster.
const OTHER_LANGUAGES: [Locale; 3] = [Locale::en, Locale::tr, Locale::ar];

const SUBMIT_PATH: &str = <SubmitNeed as ServerFn>::PATH;

#[component]
pub fn NeedFormPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    // The language is not part of the source: switching it changes the texts, not the form.
    let data = Resource::new(
        move || {
            (
                params.read().get("slug").unwrap_or_default(),
                query.read().get("von"),
            )
        },
        |(slug, von)| need_form(slug, von),
    );
    let asked = Signal::derive(move || {
        query
            .read()
            .get(LANGUAGE_PARAM)
            .and_then(|v| parse_locale(&v))
    });
    view! {
        <Suspense fallback=move || {
            view! { <p>{td_string!(asked.get().unwrap_or_default(), loading)}</p> }
        }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(data) => {
                        let preferred = data.preferred_locale;
                        let locale = Signal::derive(move || asked.get().unwrap_or(preferred));
                        view! { <NeedForm data locale /> }.into_any()
                    }
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn NeedForm(data: NeedFormData, locale: Signal<Locale>) -> impl IntoView {
    let submit = ServerAction::<SubmitNeed>::new();
    let error = Signal::derive(move || submit.value().get().and_then(Result::err));
    // With JavaScript the page stays when the form key was refused (too old, too fast): fetch a
    // fresh one so that sending again works. Without JavaScript the page comes back with one.
    let form_key = RwSignal::new(data.form_key.clone());
    let slug = data.area_slug.clone();
    Effect::new(move |_| {
        if error.with(|e| e.as_ref().and_then(|e| e.field_message("form")).is_some()) {
            let slug = slug.clone();
            leptos::task::spawn_local(async move {
                if let Ok(fresh) = need_form(slug, None).await {
                    form_key.set(fresh.form_key);
                }
            });
        }
    });
    let summary = Signal::derive(move || {
        error.with(|e| e.as_ref().map(|e| need_form_text::summary(locale.get(), e)))
    });
    let message = move |field: &'static str| need_form_text::field_error(error, locale, field);
    let area = data.area_name.clone();
    let switch_href = {
        let slug = data.area_slug.clone();
        let von = use_query_map().with_untracked(|q| q.get("von"));
        Callback::new(move |option: Locale| {
            let mut href = format!(
                "/bedarf/{}?{LANGUAGE_PARAM}={}",
                urlencode(&slug),
                option.as_str()
            );
            if let Some(von) = &von {
                href.push_str(&format!("&von={}", urlencode(von)));
            }
            href
        })
    };
    let text = move |key: fn(Locale) -> &'static str| move || key(locale.get());
    let back = format!("/gebiete/{}", data.area_slug);
    let months = data.retention_months;
    view! {
        <Title text={
            let area = area.clone();
            localized_title(locale, move |l| td_string!(l, page_title, area = area.as_str()).to_string())
        } />
        <div class="public-form" lang=move || lang_and_dir(locale.get()).0 dir=move || lang_and_dir(locale.get()).1>
            <LanguageSwitch locale href=switch_href />
            <p class="breadcrumb"><a href=back lang="de" dir="ltr">{data.area_name.clone()}</a></p>
            <h1 id="bedarf-melden">{
                let area = area.clone();
                move || td_string!(locale.get(), heading, area = area.as_str()).to_string()
            }</h1>
            <p class="lead">{
                let area = area.clone();
                move || td_string!(locale.get(), lead, area = area.as_str()).to_string()
            }</p>
            <p>{text(|l| td_string!(l, required_note))}</p>
            <ActionForm action=submit attr:class="form need-form" attr:aria-labelledby="bedarf-melden">
                <ErrorSummaryBox summary />
                <input type="hidden" name="area" value=data.area_slug.clone() />
                <input type="hidden" name="form_key" prop:value=move || form_key.get() value=data.form_key.clone() />
                <input type="hidden" name="language" prop:value=move || locale.get().as_str() value=locale.get_untracked().as_str() />
                <EchoScope path=SUBMIT_PATH>
                    <FieldChoice locale error=message("field") />
                    <TextField
                        label=text(|l| td_string!(l, title_label))
                        name="title"
                        required=true
                        required_mark=text(|l| td_string!(l, required))
                        maxlength=TITLE_MAX
                        hint=text(|l| td_string!(l, title_hint))
                        error=message("title")
                    />
                    <TextArea
                        label=text(|l| td_string!(l, description_label))
                        name="description"
                        rows=5
                        required=true
                        required_mark=text(|l| td_string!(l, required))
                        hint=text(|l| td_string!(l, description_hint))
                        error=message("description")
                    />
                    <TextField
                        label=text(|l| td_string!(l, affected_label))
                        name="affected"
                        maxlength=AFFECTED_MAX
                        hint=text(|l| td_string!(l, affected_hint))
                        error=message("affected")
                    />
                    <TextField
                        label=text(|l| td_string!(l, organisation_label))
                        name="organisation"
                        value=data.organisation.clone()
                        maxlength=ORGANISATION_MAX
                        autocomplete="organization"
                        error=message("organisation")
                    />
                    <ContactFields locale months error />
                    <BotTrap locale />
                </EchoScope>
                <button type="submit">{text(|l| td_string!(l, submit))}</button>
            </ActionForm>
        </div>
    }
}

/// The three Handlungsfelder as one radio group, each explained in a plain sentence.
#[component]
fn FieldChoice(locale: Signal<Locale>, error: Signal<Option<String>>) -> impl IntoView {
    let chosen = echoed("field").unwrap_or_default();
    view! {
        <fieldset
            class="radio-group"
            class:field-invalid=move || error.get().is_some()
            aria-describedby=move || error.get().map(|_| "feld-field-fehler")
        >
            <legend>
                {move || td_string!(locale.get(), field_legend)}" "
                <span class="required">{move || td_string!(locale.get(), required)}</span>
            </legend>
            {move || error.get().map(|m| view! { <p class="field-error" id="feld-field-fehler">{m}</p> })}
            {FieldOfAction::ALL
                .into_iter()
                .map(|field| {
                    let number = field.number().to_string();
                    // The first option carries the id the error summary links to.
                    let id = if field.number() == 1 { "feld-field".to_owned() } else { format!("feld-field-{number}") };
                    let hint_id = format!("{id}-erklaerung");
                    let checked = chosen == number;
                    view! {
                        <div class="radio-option">
                            <input type="radio" id=id.clone() name="field" value=number checked=checked aria-describedby=hint_id.clone() />
                            <label for=id>
                                <strong>{move || field_name(locale.get(), field)}</strong>
                                <span class="hint" id=hint_id>{move || field_explanation(locale.get(), field)}</span>
                            </label>
                        </div>
                    }
                })
                .collect_view()}
        </fieldset>
    }
}

/// Name and e-mail for questions, only with consent; the text says what, why and how long.
#[component]
fn ContactFields(
    locale: Signal<Locale>,
    months: u32,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    let message = move |field: &'static str| need_form_text::field_error(error, locale, field);
    let consent_error = message("consent");
    let consented = echoed_checked("consent", "ja").unwrap_or(false);
    let wants_updates = echoed_checked("updates", "ja").unwrap_or(false);
    view! {
        <fieldset class="contact-group">
            <legend>{move || td_string!(locale.get(), contact_legend)}</legend>
            <p class="hint">{move || td_string!(locale.get(), contact_hint)}</p>
            <TextField label=move || td_string!(locale.get(), name_label) name="contact_name" maxlength=NAME_MAX autocomplete="name" error=message("contact_name") />
            <TextField label=move || td_string!(locale.get(), email_label) name="contact_email" input_type="email" autocomplete="email" error=message("contact_email") />
            <div class="field checkbox-field" class:field-invalid=move || consent_error.get().is_some()>
                <input
                    type="checkbox"
                    id="feld-consent"
                    name="consent"
                    value="ja"
                    checked=consented
                    aria-describedby=move || consent_error.get().map(|_| "feld-consent-fehler")
                    aria-invalid=move || consent_error.get().map(|_| "true")
                />
                <label for="feld-consent">
                    {move || td_string!(locale.get(), consent, months = months).to_string()}
                </label>
            </div>
            {move || consent_error.get().map(|m| view! { <p class="field-error" id="feld-consent-fehler">{m}</p> })}
            // The second consent: e-mail updates, with their own purpose and erasure.
            <div class="field checkbox-field">
                <input type="checkbox" id="feld-updates" name="updates" value="ja" checked=wants_updates />
                <label for="feld-updates">
                    {move || td_string!(locale.get(), updates, months = months).to_string()}
                </label>
            </div>
        </fieldset>
    }
}

/// A field people never see or reach; bots fill it in and are then ignored.
#[component]
fn BotTrap(locale: Signal<Locale>) -> impl IntoView {
    view! {
        <div class="bot-trap" aria-hidden="true">
            <label for="feld-website">{move || td_string!(locale.get(), trap_label)}</label>
            <input type="text" id="feld-website" name="website" value="" tabindex="-1" autocomplete="off" />
        </div>
    }
}

/// The receipt: shown only with the key the submitter's browser was sent, in the language the
/// form was sent in (or the one chosen here).
#[component]
pub fn NeedReceiptPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let key = move || query.read().get("schluessel");
    let receipt = Resource::new(key, |key| async move {
        match key {
            Some(key) => need_receipt(key).await.map(Some),
            None => Ok(None),
        }
    });
    let asked = Signal::derive(move || {
        query
            .read()
            .get(LANGUAGE_PARAM)
            .and_then(|v| parse_locale(&v))
    });
    let back = move || format!("/gebiete/{}", params.read().get("slug").unwrap_or_default());
    view! {
        <Meta name="robots" content="noindex" />
        <Suspense fallback=move || view! { <p>{td_string!(asked.get().unwrap_or_default(), receipt.loading)}</p> }>
            {move || Suspend::new(async move {
                match receipt.await {
                    Ok(Some(receipt)) => {
                        let sent_in = parse_locale(&receipt.language).unwrap_or_default();
                        let locale = Signal::derive(move || asked.get().unwrap_or(sent_in));
                        view! { <Receipt receipt locale /> }.into_any()
                    }
                    Ok(None) => {
                        let locale = Signal::derive(move || asked.get().unwrap_or_default());
                        view! {
                            <Title text=localized_title(locale, |l| td_string!(l, receipt.title).to_string()) />
                            <div class="public-form" lang=move || lang_and_dir(locale.get()).0 dir=move || lang_and_dir(locale.get()).1>
                                <h1>{move || td_string!(locale.get(), receipt.thanks)}</h1>
                                <p>{move || td_string!(locale.get(), receipt.received)}</p>
                                <p><a href=back()>{move || td_string!(locale.get(), receipt.back)}</a></p>
                            </div>
                        }
                            .into_any()
                    }
                    Err(error) => view! { <Title text="Eingangsbestätigung" /><ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Receipt(receipt: SubmissionReceipt, locale: Signal<Locale>) -> impl IntoView {
    let slug = receipt.area_slug.clone();
    let again = move || {
        format!(
            "/bedarf/{}?{LANGUAGE_PARAM}={}",
            urlencode(&slug),
            locale.get().as_str()
        )
    };
    let switch_href = {
        let key = use_query_map()
            .with_untracked(|q| q.get("schluessel"))
            .unwrap_or_default();
        let slug = receipt.area_slug.clone();
        Callback::new(move |option: Locale| {
            format!(
                "/bedarf/{}/eingang?schluessel={}&{LANGUAGE_PARAM}={}",
                urlencode(&slug),
                urlencode(&key),
                option.as_str()
            )
        })
    };
    let area = receipt.area_name.clone();
    let field = receipt.field;
    let with_contact = receipt.with_contact;
    let with_updates = receipt.with_updates;
    let tracking_url = receipt.tracking_url.clone();
    let tracking_href = {
        let url = receipt.tracking_url.clone();
        move || format!("{url}?{LANGUAGE_PARAM}={}", locale.get().as_str())
    };
    view! {
        <Title text=localized_title(locale, |l| td_string!(l, receipt.title).to_string()) />
        <div class="public-form" lang=move || lang_and_dir(locale.get()).0 dir=move || lang_and_dir(locale.get()).1>
            <LanguageSwitch locale href=switch_href />
            <h1>{move || td_string!(locale.get(), receipt.heading)}</h1>
            <p class="reference">
                {move || td_string!(locale.get(), receipt.number)}" "
                <strong dir="ltr">{receipt.reference.clone()}</strong>
            </p>
            <p>{move || td_string!(locale.get(), receipt.note)}</p>
            <dl class="facts">
                <dt>{move || td_string!(locale.get(), receipt.area)}</dt>
                <dd>{receipt.area_name.clone()}</dd>
                <dt>{move || td_string!(locale.get(), receipt.field)}</dt>
                <dd>{move || field_name(locale.get(), field)}</dd>
                <dt>{move || td_string!(locale.get(), receipt.need)}</dt>
                // As the submitter wrote it, whatever the language of the page.
                <dd dir="auto">{receipt.title.clone()}</dd>
            </dl>
            <h2>{move || td_string!(locale.get(), receipt.next)}</h2>
            <ol>
                <li>{move || td_string!(locale.get(), receipt.step_1, area = area.as_str()).to_string()}</li>
                <li>{move || td_string!(locale.get(), receipt.step_2)}</li>
                <li>{move || match (with_contact, with_updates) {
                    (true, _) => td_string!(locale.get(), receipt.with_contact),
                    (false, true) => td_string!(locale.get(), receipt.updates_only),
                    (false, false) => td_string!(locale.get(), receipt.without_contact),
                }}</li>
                {with_updates.then(|| view! { <li>{move || td_string!(locale.get(), receipt.with_updates)}</li> })}
            </ol>
            <p>{move || td_string!(locale.get(), receipt.track)}</p>
            <p class="tracking-link">
                <a href=tracking_href>{move || td_string!(locale.get(), receipt.track_link)}</a>
                <br />
                // Written out for the printout, and as a QR code for a phone.
                <span class="tracking-url" dir="ltr">{tracking_url}</span>
            </p>
            <div class="tracking-qr" role="img" aria-label=move || td_string!(locale.get(), receipt.track_qr) inner_html=receipt.tracking_qr_svg.clone()></div>
            <p><a class="button secondary" href=again>{move || td_string!(locale.get(), receipt.again)}</a></p>
        </div>
    }
}

/// An A4 poster to hang up at meetings and in community centres: the question, the QR code and
/// the address written out.
#[component]
pub fn NeedPosterPage() -> impl IntoView {
    let params = use_params_map();
    let poster = Resource::new(
        move || params.read().get("slug").unwrap_or_default(),
        crate::api::needs::need_poster,
    );
    view! {
        <Suspense fallback=|| view! { <p>"Wird geladen …"</p> }>
            {move || Suspend::new(async move {
                match poster.await {
                    Ok(poster) => view! {
                        <Title text=format!("Plakat – {}", poster.area_name) />
                        <p class="no-print">"Drucken Sie diese Seite auf A4 (im Browser: Drucken, oder Strg+P). Kopf und Fuß der Seite werden nicht mitgedruckt."</p>
                        <article class="poster">
                            <h1>{format!("Was braucht {}?", poster.area_name)}</h1>
                            <p class="poster-lead">"Sagen Sie es uns! Ihre Ideen fließen in das Aktionsprogramm für Ihren Stadtteil."</p>
                            <div class="poster-qr" role="img" aria-label="QR-Code zum Formular" inner_html=poster.qr_svg.clone()></div>
                            <p class="poster-url">"Oder im Browser: "<strong>{poster.url.clone()}</strong></p>
                            <p>"Ohne Anmeldung · dauert etwa fünf Minuten · Name und E-Mail sind freiwillig"</p>
                            <p class="poster-languages">{OTHER_LANGUAGES.map(|locale| {
                                let (lang, dir) = lang_and_dir(locale);
                                view! { <span lang=lang dir=dir>{td_string!(locale, poster_also)}</span> }
                            }).collect_view()}</p>
                            <p class="poster-sender">"Aktionsplan Soziale Stadt Dortmund"</p>
                        </article>
                    }
                        .into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}
