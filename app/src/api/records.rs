//! Running and recording a meeting: load, the browser's change queue, the no-JS forms, closing.
// The no-JS form sends every field of every operation flat, hence the long argument list.
#![allow(clippy::too_many_arguments)]
use crate::domain::record::{ChangeEnvelope, MeetingRecord};
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use std::collections::HashMap;

#[server(prefix = "/api", endpoint = "protokoll")]
pub async fn load_record(meeting: i64) -> Result<MeetingRecord, AppError> {
    use crate::server::{access, request, services::records};
    let state = request::state()?;
    let proof = access::meeting_of(&state.db, &request::require_user()?, meeting).await?;
    records::load(&state.db, &proof).await
}

/// The browser's queued changes, each with its own id; returns the new revision.
#[server(prefix = "/api", endpoint = "protokoll-aenderungen", input = Json)]
pub async fn save_record_changes(
    meeting: i64,
    changes: Vec<ChangeEnvelope>,
) -> Result<i64, AppError> {
    use crate::server::{access, request, services::records};
    let state = request::state()?;
    let proof = access::meeting_of(&state.db, &request::require_user()?, meeting).await?;
    records::apply_changes(&state.db, &proof, changes).await
}

/// The same changes from plain forms (JavaScript off); the server makes the ids.
#[server(prefix = "/api", endpoint = "protokoll-formular")]
pub async fn record_form(
    meeting: i64,
    op: String,
    id: Option<String>,
    list: Option<String>,
    field: Option<String>,
    title: Option<String>,
    detail: Option<String>,
    organisation: Option<String>,
    position: Option<i64>,
    organisation_name: Option<String>,
    person_name: Option<String>,
    minutes: Option<String>,
    attended: Option<HashMap<String, String>>,
) -> Result<(), AppError> {
    use crate::domain::field_of_action::FieldOfAction;
    use crate::domain::meeting::{CaptureItem, CaptureList};
    use crate::domain::record::{next_position, Change};
    use crate::server::{access, request, services::records};
    let state = request::state()?;
    let proof = access::meeting_of(&state.db, &request::require_user()?, meeting).await?;
    let new_id = || crate::server::token::generate().replace('_', "-");
    let bad = || {
        AppError::field(
            "form",
            "Das Formular war unvollständig. Bitte laden Sie die Seite neu.",
        )
    };
    let text = |value: Option<String>| value.unwrap_or_default();
    let (changes, anchor) = match op.as_str() {
        "anwesenheit" => {
            let record = records::load(&state.db, &proof).await?;
            let present = attended.unwrap_or_default();
            let changes = record
                .state
                .attendance
                .iter()
                .map(|row| Change::Attendance {
                    invitation_id: row.invitation_id,
                    attended: present.contains_key(&row.invitation_id.to_string()),
                })
                .collect();
            (changes, "anwesenheit")
        }
        "gast" => (
            vec![Change::AddWalkIn {
                id: new_id(),
                organisation_name: text(organisation_name),
                person_name: text(person_name),
            }],
            "anwesenheit",
        ),
        "gast-entfernen" => (
            vec![Change::RemoveWalkIn {
                id: id.ok_or_else(bad)?,
            }],
            "anwesenheit",
        ),
        "protokoll" => (
            vec![Change::Minutes {
                text: text(minutes),
            }],
            "protokoll",
        ),
        "punkt" | "punkt-aendern" => {
            let list = list
                .as_deref()
                .and_then(CaptureList::parse)
                .ok_or_else(bad)?;
            let position = match (op.as_str(), position) {
                ("punkt-aendern", Some(position)) => position,
                _ => next_position(&records::load(&state.db, &proof).await?.state, list),
            };
            let item = CaptureItem {
                id: if op == "punkt" {
                    new_id()
                } else {
                    id.ok_or_else(bad)?
                },
                list,
                field: field.as_deref().and_then(FieldOfAction::parse_number),
                title: text(title),
                detail: text(detail),
                organisation_id: organisation.and_then(|o| o.parse().ok()),
                position,
            };
            (vec![Change::UpsertItem { item }], list.code())
        }
        "punkt-entfernen" => (
            vec![Change::RemoveItem {
                id: id.ok_or_else(bad)?,
            }],
            "listen",
        ),
        "punkt-hoch" => (
            vec![Change::MoveItem {
                id: id.ok_or_else(bad)?,
                by: -1,
            }],
            "listen",
        ),
        "punkt-runter" => (
            vec![Change::MoveItem {
                id: id.ok_or_else(bad)?,
                by: 1,
            }],
            "listen",
        ),
        _ => return Err(bad()),
    };
    let envelopes = changes
        .into_iter()
        .map(|change| ChangeEnvelope {
            id: new_id(),
            change,
        })
        .collect();
    records::apply_changes(&state.db, &proof, envelopes).await?;
    leptos_axum::redirect(&format!(
        "/intern/termine/{meeting}/protokoll?ok=gespeichert#{anchor}"
    ));
    Ok(())
}

/// The needs collected in the meetings of an area (its coordinators and the Projektbüro).
#[server(prefix = "/api", endpoint = "gebiet-bedarfe")]
pub async fn area_meeting_needs(
    slug: String,
) -> Result<Vec<crate::domain::record::MeetingNeed>, AppError> {
    use crate::server::{access, request, services::records};
    let state = request::state()?;
    let staff = access::area_of(&state.db, &request::require_user()?, &slug).await?;
    records::area_needs(&state.db, &staff).await
}

#[server(prefix = "/api", endpoint = "protokoll-abschliessen")]
pub async fn close_minutes(meeting: i64) -> Result<(), AppError> {
    use crate::server::{access, request, services::records};
    let state = request::state()?;
    let proof = access::meeting_of(&state.db, &request::require_user()?, meeting).await?;
    records::close(&state.db, &proof).await?;
    leptos_axum::redirect(&format!(
        "/intern/termine/{meeting}/protokoll?ok=abgeschlossen"
    ));
    Ok(())
}

#[server(prefix = "/api", endpoint = "protokoll-nachtrag")]
pub async fn add_addendum(meeting: i64, addendum: String) -> Result<(), AppError> {
    use crate::server::{access, request, services::records};
    let state = request::state()?;
    let proof = access::meeting_of(&state.db, &request::require_user()?, meeting).await?;
    records::add_addendum(&state.db, &proof, &addendum).await?;
    leptos_axum::redirect(&format!("/intern/termine/{meeting}/protokoll?ok=nachtrag"));
    Ok(())
}
