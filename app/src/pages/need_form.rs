//! The public needs form of an area (`/bedarf/<gebiet>`) and its receipt; both work without
//! JavaScript and on a 320 px phone.
use crate::api::needs::{need_form, need_receipt, NeedFormData, SubmitNeed};
use crate::components::error_notice::ErrorNotice;
use crate::components::field::{field_error, TextArea, TextField};
use crate::components::form_echo::{echoed, echoed_checked, EchoScope};
use crate::components::form_errors::FormErrors;
use crate::domain::field_of_action::FieldOfAction;
use crate::domain::need::{AFFECTED_MAX, NAME_MAX, ORGANISATION_MAX, TITLE_MAX};
use crate::error::AppError;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::{use_params_map, use_query_map};

const SUBMIT_PATH: &str = <SubmitNeed as ServerFn>::PATH;

#[component]
pub fn NeedFormPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let data = Resource::new(
        move || {
            (
                params.read().get("slug").unwrap_or_default(),
                query.read().get("von"),
            )
        },
        |(slug, von)| need_form(slug, von),
    );
    view! {
        <Suspense fallback=|| view! { <p>"Das Formular wird geladen …"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(data) => view! { <NeedForm data /> }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn NeedForm(data: NeedFormData) -> impl IntoView {
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
    let heading = format!("Was braucht {}?", data.area_name);
    let back = format!("/gebiete/{}", data.area_slug);
    view! {
        <Title text=format!("Bedarf melden – {}", data.area_name) />
        <p class="breadcrumb"><a href=back>{data.area_name.clone()}</a></p>
        <h1 id="bedarf-melden">{heading}</h1>
        <p class="lead">
            "Sagen Sie uns, was in Ihrem Stadtteil fehlt. Die Aktionsraumbeauftragten lesen jede Meldung; "
            "sie fließt in das Aktionsprogramm für "{data.area_name.clone()}"."
        </p>
        <p>"Drei Angaben sind nötig: das Handlungsfeld, ein kurzer Titel und eine Beschreibung. Alles andere ist freiwillig."</p>
        <ActionForm action=submit attr:class="form need-form" attr:aria-labelledby="bedarf-melden">
            <FormErrors error />
            <input type="hidden" name="area" value=data.area_slug.clone() />
            <input type="hidden" name="form_key" prop:value=move || form_key.get() value=data.form_key.clone() />
            <EchoScope path=SUBMIT_PATH>
                <FieldChoice error=field_error(error, "field") />
                <TextField label="Was wird gebraucht? (kurz)" name="title" required=true maxlength=TITLE_MAX hint="Zum Beispiel: Treffpunkt für ältere Menschen" error=field_error(error, "title") />
                <TextArea label="Beschreibung" name="description" rows=5 required=true hint="Was fehlt? Warum ist es wichtig? Was würde helfen?" error=field_error(error, "description") />
                <TextField label="Wer ist betroffen, oder wo? (freiwillig)" name="affected" maxlength=AFFECTED_MAX hint="Zum Beispiel: Familien rund um den Nordmarkt" error=field_error(error, "affected") />
                <TextField label="Organisation (freiwillig)" name="organisation" value=data.organisation.clone() maxlength=ORGANISATION_MAX autocomplete="organization" error=field_error(error, "organisation") />
                <ContactFields error />
                <BotTrap />
            </EchoScope>
            <button type="submit">"Bedarf absenden"</button>
        </ActionForm>
    }
}

/// The three Handlungsfelder as one radio group, each explained in a plain sentence.
#[component]
fn FieldChoice(error: Signal<Option<String>>) -> impl IntoView {
    let chosen = echoed("field").unwrap_or_default();
    view! {
        <fieldset
            class="radio-group"
            class:field-invalid=move || error.get().is_some()
            aria-describedby=move || error.get().map(|_| "feld-field-fehler")
        >
            <legend>"Zu welchem Handlungsfeld passt Ihr Bedarf? "<span class="required">"(Pflichtfeld)"</span></legend>
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
                                <strong>{field.name()}</strong>
                                <span class="hint" id=hint_id>{field.explanation()}</span>
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
fn ContactFields(error: Signal<Option<AppError>>) -> impl IntoView {
    let consent_error = field_error(error, "consent");
    let consented = echoed_checked("consent", "ja").unwrap_or(false);
    view! {
        <fieldset class="contact-group">
            <legend>"Für Rückfragen (freiwillig)"</legend>
            <p class="hint">"Nur wenn wir Sie bei Fragen zu Ihrer Meldung erreichen dürfen. Sonst lassen Sie diese Felder leer."</p>
            <TextField label="Ihr Name" name="contact_name" maxlength=NAME_MAX autocomplete="name" error=field_error(error, "contact_name") />
            <TextField label="Ihre E-Mail-Adresse" name="contact_email" input_type="email" autocomplete="email" error=field_error(error, "contact_email") />
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
                    "Ich bin einverstanden, dass die Stadt Dortmund meinen Namen und meine E-Mail-Adresse speichert, "
                    "um mir Rückfragen zu dieser Meldung zu stellen. Sehen können sie nur die Aktionsraumbeauftragten "
                    "dieses Gebiets und das Projektbüro. Die Angaben werden 12 Monate nach der Freigabe des "
                    "Aktionsprogramms gelöscht, auf Wunsch auch früher."
                </label>
            </div>
            {move || consent_error.get().map(|m| view! { <p class="field-error" id="feld-consent-fehler">{m}</p> })}
        </fieldset>
    }
}

/// A field people never see or reach; bots fill it in and are then ignored.
#[component]
fn BotTrap() -> impl IntoView {
    view! {
        <div class="bot-trap" aria-hidden="true">
            <label for="feld-website">"Bitte lassen Sie dieses Feld leer"</label>
            <input type="text" id="feld-website" name="website" value="" tabindex="-1" autocomplete="off" />
        </div>
    }
}

/// The receipt: shown only with the key the submitter's browser was sent.
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
    let back = move || format!("/gebiete/{}", params.read().get("slug").unwrap_or_default());
    view! {
        <Title text="Eingangsbestätigung" />
        <Meta name="robots" content="noindex" />
        <Suspense fallback=|| view! { <p>"Wird geladen …"</p> }>
            {move || Suspend::new(async move {
                match receipt.await {
                    Ok(Some(receipt)) => {
                        let again = format!("/bedarf/{}", receipt.area_slug);
                        view! {
                            <h1>"Vielen Dank! Ihre Meldung ist gespeichert."</h1>
                            <p class="reference">"Ihre Nummer: "<strong>{receipt.reference.clone()}</strong></p>
                            <p>"Bitte notieren Sie sich die Nummer, wenn Sie später nachfragen möchten."</p>
                            <dl class="facts">
                                <dt>"Gebiet"</dt><dd>{receipt.area_name.clone()}</dd>
                                <dt>"Handlungsfeld"</dt><dd>{receipt.field.name()}</dd>
                                <dt>"Bedarf"</dt><dd>{receipt.title.clone()}</dd>
                            </dl>
                            <h2>"Wie geht es weiter?"</h2>
                            <ol>
                                <li>"Die Aktionsraumbeauftragten für "{receipt.area_name.clone()}" lesen Ihre Meldung und ordnen sie ein. Oft haben mehrere Menschen denselben Bedarf; dann werden die Meldungen zusammengefasst."</li>
                                <li>"Die Bedarfe fließen in das Aktionsprogramm des Gebiets. Das Projektbüro prüft es, danach veröffentlicht die Stadt es auf der Seite des Gebiets."</li>
                                <li>{if receipt.with_contact {
                                    "Bei Fragen melden wir uns über die E-Mail-Adresse, die Sie angegeben haben."
                                } else {
                                    "Sie haben keine Kontaktdaten angegeben; wir speichern nichts über Sie."
                                }}</li>
                            </ol>
                            <p><a class="button secondary" href=again>"Noch einen Bedarf melden"</a></p>
                        }
                            .into_any()
                    }
                    Ok(None) => view! {
                        <h1>"Vielen Dank!"</h1>
                        <p>"Ihre Meldung ist eingegangen."</p>
                        <p><a href=back()>"Zurück zur Seite des Gebiets"</a></p>
                    }
                        .into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
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
