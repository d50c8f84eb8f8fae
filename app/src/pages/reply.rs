//! The public page behind a personal invitation link: the meeting and the reply form.
use crate::api::invitations::{load_reply_page, SendReply};
use crate::components::error_notice::ErrorNotice;
use crate::components::field::{field_error, TextArea, TextField};
use crate::components::form_errors::FormErrors;
use crate::components::success_notice::SuccessNotice;
use crate::domain::meeting::{MeetingStatus, Reply, ReplyPage};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::{use_params_map, use_query_map};

fn message(ok: &str) -> Option<&'static str> {
    (ok == "danke").then_some("Vielen Dank, Ihre Antwort ist gespeichert. Sie können sie über diesen Link jederzeit ändern.")
}

#[component]
pub fn ReplyPageView() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let token = move || params.read().get("token").unwrap_or_default();
    let data = Resource::new(
        move || (token(), query.read().get("ok")),
        |(token, _)| load_reply_page(token),
    );
    view! {
        <Title text="Einladung" />
        // The link is personal: keep it out of search engines.
        <Meta name="robots" content="noindex" />
        <SuccessNotice messages=message />
        <Suspense fallback=|| view! { <p>"Wird geladen …"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(page) => view! { <Invitation page token=token() /> }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Invitation(page: ReplyPage, token: String) -> impl IntoView {
    let ics = format!("/einladung/{token}/termin.ics");
    let cancelled = matches!(
        page.status,
        MeetingStatus::Cancelled | MeetingStatus::Postponed
    );
    let address = page.venue_address.clone();
    view! {
        <h1>"Einladung: "{page.title.clone()}</h1>
        <p>"Für: "{page.invitee.clone()}</p>
        {cancelled.then(|| view! {
            <div class="notice notice-error" role="alert">
                <p><strong>"Dieser Termin ist "{page.status.label()}"."</strong>" "{page.status_reason.clone()}</p>
            </div>
        })}
        <dl class="facts">
            <dt>"Art"</dt><dd>{page.kind.label()}</dd>
            <dt>"Wann"</dt><dd>{page.when.label()}</dd>
            <dt>"Wo"</dt>
            <dd>
                {page.venue_name.clone()}
                {(!address.is_empty()).then(|| view! { <br />{address.clone()} })}
                {(!page.venue_notes.is_empty()).then(|| view! { <br /><span class="hint">{page.venue_notes.clone()}</span> })}
            </dd>
            <dt>"Format"</dt><dd>{page.format.label()}</dd>
        </dl>
        {(!page.agenda.is_empty()).then(|| view! {
            <h2>"Tagesordnung"</h2>
            <ol>{page.agenda.iter().map(|item| view! { <li>{item.clone()}</li> }).collect_view()}</ol>
        })}
        <p><a href=ics>"Termin in den eigenen Kalender übernehmen (.ics)"</a></p>
        {if page.open {
            view! { <ReplyForm page token /> }.into_any()
        } else {
            view! {
                <p>{match page.reply {
                    Some(reply) => format!("Ihre Antwort: {}.", reply.label()),
                    None => "Antworten sind für diesen Termin nicht mehr möglich.".to_owned(),
                }}</p>
            }
                .into_any()
        }}
    }
}

#[component]
fn ReplyForm(page: ReplyPage, token: String) -> impl IntoView {
    let send = ServerAction::<SendReply>::new();
    let error = Signal::derive(move || send.value().get().and_then(Result::err));
    let reply_error = field_error(error, "reply");
    let current = page.reply;
    view! {
        <h2 id="antwort">{if current.is_some() { "Ihre Antwort ändern" } else { "Bitte antworten Sie" }}</h2>
        <ActionForm action=send attr:class="form" attr:aria-labelledby="antwort">
            <FormErrors error />
            <input type="hidden" name="token" value=token />
            <fieldset class="radio-group" id="feld-reply" aria-describedby=move || reply_error.get().map(|_| "feld-reply-fehler")>
                <legend>"Kommen Sie?"</legend>
                {move || reply_error.get().map(|m| view! { <p class="field-error" id="feld-reply-fehler">{m}</p> })}
                {[Reply::Yes, Reply::Maybe, Reply::No].into_iter().map(|reply| {
                    let id = format!("antwort-{}", reply.code());
                    let label = match reply {
                        Reply::Yes => "Ja, wir kommen (Zusage)",
                        Reply::Maybe => "Vielleicht",
                        Reply::No => "Nein, wir können nicht (Absage)",
                    };
                    view! {
                        <div class="radio-field">
                            <input type="radio" id=id.clone() name="reply" value=reply.code() checked=current == Some(reply) />
                            <label for=id>{label}</label>
                        </div>
                    }
                }).collect_view()}
            </fieldset>
            <TextField label="Mit wie vielen Personen kommen Sie? (freiwillig)" name="people" input_type="number"
                value=page.reply_people.map(|p| p.to_string()).unwrap_or_default() error=field_error(error, "people") />
            <TextArea label="Nachricht an die Einladenden (freiwillig)" name="note" value=page.reply_note rows=3 error=field_error(error, "note") />
            <button type="submit">"Antwort senden"</button>
        </ActionForm>
    }
}
