//! Invitations and replies, and calendar subscriptions.
use crate::domain::meeting::{
    FeedView, InvitationCandidate, InvitationView, MeetingDetail, ReplyPage,
};
use crate::error::AppError;
use leptos::prelude::*;
use std::collections::HashMap;

#[server(prefix = "/api", endpoint = "einladungen")]
pub async fn invitations_overview(
    meeting: i64,
) -> Result<(MeetingDetail, Vec<InvitationView>, Vec<InvitationCandidate>), AppError> {
    use crate::server::{access, request, services::invitations};
    let state = request::state()?;
    let proof = access::meeting_of(&state.db, &request::require_user()?, meeting).await?;
    invitations::overview(&state.db, &state.config, &proof).await
}

/// Checkbox names are `invitees[o<organisation id>]` or `invitees[c<contact id>]`.
#[server(prefix = "/api", endpoint = "einladen")]
pub async fn invite(
    meeting: i64,
    invitees: Option<HashMap<String, String>>,
) -> Result<(), AppError> {
    use crate::server::services::invitations::{self, Invitee};
    use crate::server::{access, request};
    let state = request::state()?;
    let proof = access::meeting_of(&state.db, &request::require_user()?, meeting).await?;
    let parsed: Option<Vec<Invitee>> = invitees
        .unwrap_or_default()
        .keys()
        .map(|k| Invitee::parse(k))
        .collect();
    let parsed = parsed.ok_or_else(|| {
        AppError::field(
            "invitees",
            "Die Auswahl war ungültig. Bitte laden Sie die Seite neu.",
        )
    })?;
    let added = invitations::invite(&state.db, &state.config, &proof, &parsed).await?;
    leptos_axum::redirect(&format!(
        "/intern/termine/{meeting}/einladungen?ok=eingeladen&anzahl={added}"
    ));
    Ok(())
}

#[server(prefix = "/api", endpoint = "einladung-neuer-link")]
pub async fn renew_invitation_link(invitation: i64) -> Result<(), AppError> {
    use crate::server::{access, request, services::invitations};
    let state = request::state()?;
    let proof = access::invitation_of(&state.db, &request::require_user()?, invitation).await?;
    let meeting = invitations::renew_link(&state.db, &state.config, &proof).await?;
    leptos_axum::redirect(&format!(
        "/intern/termine/{meeting}/einladungen?ok=neuer-link"
    ));
    Ok(())
}

#[server(prefix = "/api", endpoint = "einladung-zurueckziehen")]
pub async fn remove_invitation(invitation: i64) -> Result<(), AppError> {
    use crate::server::{access, request, services::invitations};
    let state = request::state()?;
    let proof = access::invitation_of(&state.db, &request::require_user()?, invitation).await?;
    let meeting = invitations::remove(&state.db, &proof).await?;
    leptos_axum::redirect(&format!(
        "/intern/termine/{meeting}/einladungen?ok=zurueckgezogen"
    ));
    Ok(())
}

/// The public reply page behind a personal link.
#[server(prefix = "/api", endpoint = "antwort-seite")]
pub async fn load_reply_page(token: String) -> Result<ReplyPage, AppError> {
    use crate::server::{request, services::invitations};
    let state = request::state()?;
    invitations::reply_page(&state.db, &token).await
}

#[server(prefix = "/api", endpoint = "antworten")]
pub async fn send_reply(
    token: String,
    reply: Option<String>,
    note: String,
    people: String,
) -> Result<(), AppError> {
    use crate::domain::meeting::ReplyFields;
    use crate::domain::validation::FieldErrors;
    use crate::server::{request, services::invitations};
    let state = request::state()?;
    let mut errors = FieldErrors::new();
    let fields = ReplyFields::parse(&reply.unwrap_or_default(), &note, &people, &mut errors)
        .ok_or(AppError::Validation(errors))?;
    invitations::reply(&state.db, &token, fields).await?;
    leptos_axum::redirect(&format!(
        "/einladung/{}?ok=danke",
        crate::api::urlencode(&token)
    ));
    Ok(())
}

#[server(prefix = "/api", endpoint = "kalender-abos")]
pub async fn calendar_feeds() -> Result<Vec<FeedView>, AppError> {
    use crate::server::{request, services::invitations};
    let state = request::state()?;
    let user = request::require_user()?;
    invitations::feeds(&state.db, &state.config, &user).await
}

/// `renew` creates or replaces the address; otherwise the feed is switched off (`alle:<slug>`:
/// the Projektbüro ends every feed of the area).
#[server(prefix = "/api", endpoint = "kalender-abo-aendern")]
pub async fn change_calendar_feed(key: String, renew: bool) -> Result<(), AppError> {
    use crate::server::services::invitations::{self, FeedOwner};
    use crate::server::{access, request};
    let state = request::state()?;
    let user = request::require_user()?;
    let done = if let Some(slug) = key.strip_prefix("alle:") {
        let office = access::project_office(&user)?;
        let area = access::area_of(&state.db, &user, slug).await?;
        invitations::end_area_feeds(&state.db, &office, &area).await?;
        "alle-aus"
    } else {
        let staff = match key.as_str() {
            "ich" => None,
            slug => Some(access::area_of(&state.db, &user, slug).await?),
        };
        let owner = match &staff {
            Some(staff) => FeedOwner::Area(staff),
            None => FeedOwner::Own(&user),
        };
        if renew {
            invitations::renew_feed(&state.db, &state.config, owner).await?;
            "neu"
        } else {
            invitations::revoke_feed(&state.db, owner).await?;
            "aus"
        }
    };
    leptos_axum::redirect(&format!("/intern/kalender?ok={done}"));
    Ok(())
}
