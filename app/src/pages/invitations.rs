//! Who is invited to a meeting, their replies and personal links, and the form to invite more.
use crate::api::invitations::{
    invitations_overview, Invite, RemoveInvitation, RenewInvitationLink,
};
use crate::api::urlencode;
use crate::components::error_notice::ErrorNotice;
use crate::components::form_errors::FormErrors;
use crate::components::success_notice::SuccessNotice;
use crate::domain::meeting::{InvitationCandidate, InvitationView, MeetingDetail};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

fn message(ok: &str) -> Option<&'static str> {
    match ok {
        "eingeladen" => Some("Die Einladungen sind angelegt. Unten finden Sie für jede eingeladene Stelle den Einladungstext mit ihrem persönlichen Link."),
        "neuer-link" => Some("Der neue Link ist erzeugt. Der alte Link funktioniert nicht mehr."),
        "zurueckgezogen" => Some("Die Einladung ist zurückgezogen."),
        _ => None,
    }
}

/// The text to send, with the invitee's personal link.
fn invitation_text(meeting: &MeetingDetail, invitation: &InvitationView) -> String {
    let greeting = match &invitation.contact_name {
        Some(name) => format!("Guten Tag {name},"),
        None => "Guten Tag,".to_owned(),
    };
    let address = if meeting.venue_address.is_empty() {
        meeting.summary.venue_name.clone()
    } else {
        format!("{}, {}", meeting.summary.venue_name, meeting.venue_address)
    };
    format!(
        "{greeting}\n\nim Rahmen des Aktionsplans Soziale Stadt laden wir Sie herzlich ein zum {}: „{}“.\n\nWann: {}\nWo: {address}\n\nBitte sagen Sie uns über Ihren persönlichen Link zu oder ab:\n{}\n\nDort finden Sie auch die Tagesordnung. Vielen Dank!\n\nMit freundlichen Grüßen\n{}",
        meeting.summary.kind.label(),
        meeting.summary.title,
        meeting.summary.when.label(),
        invitation.link,
        meeting.summary.organiser_name
    )
}

#[component]
pub fn InvitationsPage() -> impl IntoView {
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
        |(id, _)| invitations_overview(id),
    );
    view! {
        <Title text="Einladungen" />
        <SuccessNotice messages=message />
        <Suspense fallback=|| view! { <p>"Wird geladen …"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok((meeting, invited, candidates)) => view! { <Invitations meeting invited candidates /> }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Invitations(
    meeting: MeetingDetail,
    invited: Vec<InvitationView>,
    candidates: Vec<InvitationCandidate>,
) -> impl IntoView {
    let back = format!("/intern/termine/{}", meeting.summary.id);
    let count = |code: &str| {
        invited
            .iter()
            .filter(|i| i.reply.map(|r| r.code()) == Some(code))
            .count()
    };
    let people: i64 = invited.iter().filter_map(|i| i.reply_people).sum();
    let summary = format!(
        "{} eingeladen · {} Zusagen ({} Personen) · {} vielleicht · {} Absagen · {} ohne Antwort",
        invited.len(),
        count("zusage"),
        people,
        count("vielleicht"),
        count("absage"),
        invited.iter().filter(|i| i.reply.is_none()).count()
    );
    let texts = invited
        .iter()
        .map(|i| (i.clone(), invitation_text(&meeting, i)))
        .collect::<Vec<_>>();
    let open = meeting.summary.status.is_editable();
    view! {
        <p class="breadcrumb"><a href=back>{meeting.summary.title.clone()}</a></p>
        <h1>"Einladungen und Antworten"</h1>
        <p>{meeting.summary.title.clone()}", "{meeting.summary.when.label()}", "{meeting.summary.venue_name.clone()}</p>
        <p role="status">{summary}</p>
        <p class="hint no-print">"Die App verschickt keine E-Mails. Kopieren Sie den Einladungstext mit dem persönlichen Link oder öffnen Sie ihn in Ihrem E-Mail-Programm. Diese Liste können Sie über die Druckfunktion des Browsers ausdrucken."</p>
        <InvitedTable invited=invited.clone() />
        {(!texts.is_empty()).then(|| view! {
            <h2 class="no-print">"Einladungstexte zum Kopieren"</h2>
            <ul class="invitation-texts no-print">
                {texts.into_iter().map(|(invitation, text)| {
                    let id = format!("einladungstext-{}", invitation.id);
                    let mailto = invitation.contact_email.as_ref().map(|email| format!(
                        "mailto:{email}?subject={}&body={}",
                        urlencode(&format!("Einladung: {}", meeting.summary.title)),
                        urlencode(&text)
                    ));
                    let rows = text.lines().count();
                    view! {
                        <li>
                            <label for=id.clone()>{invitation.invitee()}</label>
                            <textarea id=id readonly rows=rows class="copy-field">{text}</textarea>
                            {mailto.map(|href| view! { <a href=href>"Im E-Mail-Programm öffnen"</a> })}
                        </li>
                    }
                }).collect_view()}
            </ul>
        })}
        {open.then(|| view! { <InviteForm meeting=meeting.summary.id candidates /> })}
    }
}

#[component]
fn InvitedTable(invited: Vec<InvitationView>) -> impl IntoView {
    let renew = ServerAction::<RenewInvitationLink>::new();
    let remove = ServerAction::<RemoveInvitation>::new();
    let none = invited.is_empty();
    view! {
        {none.then(|| view! { <p>"Noch niemand ist eingeladen."</p> })}
        <table class="table" hidden=none>
            <caption>"Eingeladene und ihre Antworten"</caption>
            <thead><tr>
                <th scope="col">"Eingeladen"</th><th scope="col">"Antwort"</th><th scope="col">"Personen"</th>
                <th scope="col">"Nachricht"</th><th scope="col" class="no-print">"Persönlicher Link"</th>
            </tr></thead>
            <tbody>
                {invited.into_iter().map(|i| {
                    let link_id = format!("link-{}", i.id);
                    // The visible words first, then whom they are for (read by screen readers):
                    // the accessible name then contains what sighted people see.
                    let whom = format!(" für {}", i.invitee());
                    let withdraw = format!(" (Einladung{whom})");
                    view! {
                        <tr>
                            <th scope="row">{i.invitee()}</th>
                            <td>{i.reply.map(|r| r.label()).unwrap_or("noch keine")}</td>
                            <td>{i.reply_people.map(|p| p.to_string()).unwrap_or_default()}</td>
                            <td>{i.reply_note.clone()}</td>
                            <td class="no-print">
                                <label for=link_id.clone() class="visually-hidden">{format!("Link für {}", i.invitee())}</label>
                                <input id=link_id type="text" readonly value=i.link.clone() class="copy-field" />
                                <ActionForm action=renew attr:class="inline-form">
                                    <input type="hidden" name="invitation" value=i.id />
                                    <button type="submit" class="link-button">"Neuer Link"<span class="visually-hidden">{whom}</span></button>
                                </ActionForm>
                                <ActionForm action=remove attr:class="inline-form">
                                    <input type="hidden" name="invitation" value=i.id />
                                    <button type="submit" class="link-button">"Zurückziehen"<span class="visually-hidden">{withdraw}</span></button>
                                </ActionForm>
                            </td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}

#[component]
fn InviteForm(meeting: i64, candidates: Vec<InvitationCandidate>) -> impl IntoView {
    let invite = ServerAction::<Invite>::new();
    let error = Signal::derive(move || invite.value().get().and_then(Result::err));
    let none = candidates.is_empty();
    view! {
        <h2 id="einladen" class="no-print">"Einladen"</h2>
        {none.then(|| view! { <p class="no-print">"In diesem Gebiet ist noch keine Organisation erfasst. Legen Sie sie unter "<a href="/intern/akteure/neu">"Akteure"</a>" an."</p> })}
        <ActionForm action=invite attr:class="form no-print" attr:aria-labelledby="einladen" attr:hidden=none>
            <FormErrors error />
            <input type="hidden" name="meeting" value=meeting />
            <fieldset class="checkbox-group" id="feld-invitees">
                <legend>"Organisationen und Ansprechpersonen im Gebiet"</legend>
                <ul>
                    {candidates.into_iter().map(|c| {
                        let org_id = format!("einladen-o{}", c.organisation_id);
                        let org_name = format!("invitees[o{}]", c.organisation_id);
                        view! {
                            <li>
                                <input type="checkbox" id=org_id.clone() name=org_name value="on" />
                                <label for=org_id>{c.organisation_name.clone()}" (ohne bestimmte Person)"</label>
                                <ul>
                                    {c.contacts.into_iter().map(|(id, name)| {
                                        let cid = format!("einladen-c{id}");
                                        let cname = format!("invitees[c{id}]");
                                        view! {
                                            <li>
                                                <input type="checkbox" id=cid.clone() name=cname value="on" />
                                                <label for=cid>{name}</label>
                                            </li>
                                        }
                                    }).collect_view()}
                                </ul>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </fieldset>
            <button type="submit">"Ausgewählte einladen"</button>
        </ActionForm>
    }
}
