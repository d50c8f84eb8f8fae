//! Running and recording a meeting: the state for the page, applying browser changes exactly
//! once, closing the minutes and adding addenda.
use crate::domain::format::date_time_de;
use crate::domain::meeting::MeetingStatus;
use crate::domain::record::{
    apply, Addendum, Change, ChangeEnvelope, MeetingRecord, RecordState, WalkIn,
};
use crate::domain::schedule::{to_instant, to_local};
use crate::domain::validation::required_text;
use crate::error::AppError;
use crate::server::access::{AreaStaff, MeetingStaff};
use crate::server::db::{now_unix, Db};
use crate::server::markdown::to_safe_html;
use crate::server::repo::records;
use sqlx::SqliteConnection;

async fn state(conn: &mut SqliteConnection, meeting_id: i64) -> Result<RecordState, AppError> {
    let (minutes, _, _) = records::minutes(conn, meeting_id).await?;
    Ok(RecordState {
        attendance: records::attendance(conn, meeting_id).await?,
        walk_ins: records::walk_ins(conn, meeting_id).await?,
        minutes,
        items: records::items(conn, meeting_id).await?,
        revision: records::revision(conn, meeting_id).await?,
    })
}

pub async fn load(db: &Db, proof: &MeetingStaff) -> Result<MeetingRecord, AppError> {
    let meeting_id = proof.meeting_id();
    let mut conn = db.read().await?;
    let meeting = proof.current(&mut conn).await?;
    let state = state(&mut conn, meeting_id).await?;
    let (_, closed_at, closed_by) = records::minutes(&mut conn, meeting_id).await?;
    let closed = closed_at.map(|at| {
        format!(
            "am {} von {}",
            date_time_de(to_local(at)),
            closed_by.unwrap_or_default()
        )
    });
    let addenda = records::addenda(&mut conn, meeting_id)
        .await?
        .into_iter()
        .map(|(author, at, text)| Addendum {
            author,
            written_at: date_time_de(to_local(at)),
            text,
        })
        .collect();
    Ok(MeetingRecord {
        organisations: records::area_organisations(&mut conn, meeting.area_id).await?,
        minutes_html: to_safe_html(&state.minutes),
        meeting,
        state,
        closed,
        addenda,
    })
}

fn recordable(status: MeetingStatus) -> Result<(), AppError> {
    match status {
        MeetingStatus::Planned | MeetingStatus::Held => Ok(()),
        _ => Err(AppError::Conflict(format!(
            "Dieser Termin ist {}; dazu wird kein Protokoll geführt.",
            status.label()
        ))),
    }
}

/// Applies the browser's changes in order, each at most once, in one transaction. Returns the new
/// revision.
pub async fn apply_changes(
    db: &Db,
    proof: &MeetingStaff,
    changes: Vec<ChangeEnvelope>,
) -> Result<i64, AppError> {
    let meeting_id = proof.meeting_id();
    if changes.len() > 500 {
        return Err(AppError::field(
            "form",
            "Zu viele Änderungen auf einmal. Bitte laden Sie die Seite neu.",
        ));
    }
    let mut tx = db.write().await?;
    let meeting = proof.current(&mut tx).await?;
    recordable(meeting.summary.status)?;
    let (_, closed_at, _) = records::minutes(&mut tx, meeting_id).await?;
    if closed_at.is_some() {
        return Err(AppError::Conflict(
            "Das Protokoll ist abgeschlossen und kann nicht mehr geändert werden. Korrekturen tragen Sie bitte als Nachtrag ein.".into(),
        ));
    }
    let organisations = records::area_organisations(&mut tx, meeting.area_id).await?;
    let now = now_unix();
    for envelope in changes {
        if !crate::domain::record::valid_client_id(&envelope.id) {
            return Err(AppError::field(
                "form",
                "Eine Änderung hatte eine ungültige Kennung. Bitte laden Sie die Seite neu.",
            ));
        }
        let change = envelope
            .change
            .checked()
            .map_err(|m| AppError::field("form", m))?;
        if !records::mark_applied(&mut tx, &envelope.id, meeting_id, now).await? {
            continue;
        }
        match &change {
            Change::Attendance {
                invitation_id,
                attended,
            } => {
                records::set_attended(&mut tx, meeting_id, *invitation_id, *attended).await?;
            }
            Change::AddWalkIn {
                id,
                organisation_name,
                person_name,
            } => {
                let walk_in = WalkIn {
                    id: id.clone(),
                    organisation_name: organisation_name.clone(),
                    person_name: person_name.clone(),
                };
                records::add_walk_in(&mut tx, meeting_id, &walk_in, now).await?;
            }
            Change::RemoveWalkIn { id } => records::remove_walk_in(&mut tx, meeting_id, id).await?,
            Change::Minutes { text } => records::set_minutes(&mut tx, meeting_id, text).await?,
            Change::UpsertItem { item } => {
                if let Some(org) = item.organisation_id {
                    if !organisations.iter().any(|(id, _)| *id == org) {
                        return Err(AppError::field(
                            "form",
                            "Die gewählte Organisation ist in diesem Gebiet nicht erfasst.",
                        ));
                    }
                }
                records::upsert_item(&mut tx, meeting_id, item, now).await?;
            }
            Change::RemoveItem { id } => records::remove_item(&mut tx, meeting_id, id).await?,
            Change::MoveItem { .. } => {
                let mut current = state(&mut tx, meeting_id).await?;
                apply(&mut current, &change);
                for item in &current.items {
                    records::set_position(&mut tx, meeting_id, &item.id, item.position).await?;
                }
            }
        }
    }
    let revision = records::revision(&mut tx, meeting_id).await?;
    tx.commit().await?;
    Ok(revision)
}

/// The needs noted in the meetings of an area (at most 300, newest meetings first).
pub async fn area_needs(
    db: &Db,
    staff: &AreaStaff,
) -> Result<Vec<crate::domain::record::MeetingNeed>, AppError> {
    let mut conn = db.read().await?;
    Ok(records::area_needs(&mut conn, staff.area().id).await?)
}

/// Entwurf → abgeschlossen: from now on the minutes are read-only.
pub async fn close(db: &Db, proof: &MeetingStaff) -> Result<(), AppError> {
    let (actor, meeting_id) = (proof.user(), proof.meeting_id());
    let mut tx = db.write().await?;
    let meeting = proof.current(&mut tx).await?;
    if meeting.summary.status != MeetingStatus::Held {
        return Err(AppError::Conflict(
            "Bitte vermerken Sie den Termin zuerst als durchgeführt; dann können Sie das Protokoll abschließen.".into(),
        ));
    }
    let now = now_unix();
    records::close_minutes(&mut tx, meeting_id, actor.id, now).await?;
    // The needs noted here join the area's catalogue in the same transaction.
    let held_at = to_instant(meeting.summary.when.start).unwrap_or(now);
    super::catalogue::take_over_minutes(&mut tx, meeting_id, meeting.area_id, held_at, actor, now)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// A correction to closed minutes, kept with author and time.
pub async fn add_addendum(db: &Db, proof: &MeetingStaff, text: &str) -> Result<(), AppError> {
    let (actor, meeting_id) = (proof.user(), proof.meeting_id());
    let text =
        required_text(text, "den Nachtrag", 5000).map_err(|m| AppError::field("addendum", m))?;
    let mut tx = db.write().await?;
    proof.current(&mut tx).await?;
    let (_, closed_at, _) = records::minutes(&mut tx, meeting_id).await?;
    if closed_at.is_none() {
        return Err(AppError::Conflict(
            "Das Protokoll ist noch nicht abgeschlossen; ändern Sie es direkt.".into(),
        ));
    }
    records::add_addendum(&mut tx, meeting_id, actor.id, &text, now_unix()).await?;
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::field_of_action::FieldOfAction;
    use crate::domain::meeting::{CaptureItem, CaptureList};
    use crate::domain::schedule::MeetingInput;
    use crate::domain::user::CurrentUser;
    use crate::domain::user::Role;
    use crate::server::services::test_support::{current, door as meetings, fresh_db, make_user};

    // The services as a caller reaches them: through the door (`access::meeting_of`) first.
    async fn door(db: &Db, actor: &CurrentUser, id: i64) -> Result<MeetingStaff, AppError> {
        crate::server::access::meeting_of(db, actor, id).await
    }

    async fn load(db: &Db, actor: &CurrentUser, id: i64) -> Result<MeetingRecord, AppError> {
        super::load(db, &door(db, actor, id).await?).await
    }

    async fn apply_changes(
        db: &Db,
        actor: &CurrentUser,
        id: i64,
        changes: Vec<ChangeEnvelope>,
    ) -> Result<i64, AppError> {
        super::apply_changes(db, &door(db, actor, id).await?, changes).await
    }

    async fn close(db: &Db, actor: &CurrentUser, id: i64) -> Result<(), AppError> {
        super::close(db, &door(db, actor, id).await?).await
    }

    async fn add_addendum(
        db: &Db,
        actor: &CurrentUser,
        id: i64,
        text: &str,
    ) -> Result<(), AppError> {
        super::add_addendum(db, &door(db, actor, id).await?, text).await
    }

    fn need(id: &str, title: &str, position: i64) -> ChangeEnvelope {
        ChangeEnvelope {
            id: format!("change-{id}"),
            change: Change::UpsertItem {
                item: CaptureItem {
                    id: format!("item-0000-{id}"),
                    list: CaptureList::Need,
                    field: Some(FieldOfAction::ParentsAndChildren),
                    title: title.into(),
                    detail: String::new(),
                    organisation_id: None,
                    position,
                },
            },
        }
    }

    #[tokio::test]
    async fn changes_sent_twice_are_stored_once_and_closed_minutes_are_read_only() {
        let (_dir, db) = fresh_db().await;
        let id = make_user(&db, "k@stadt.example", Role::Coordinator, &["hafen"]).await;
        let user = current(&db, id).await;
        let input = MeetingInput {
            title: "Akteursgespräch".into(),
            kind: "akteursgespraech".into(),
            date: "2022-03-14".into(),
            start_time: "17:00".into(),
            end_time: "19:00".into(),
            venue_name: "Depot".into(),
            format: "praesenz".into(),
            ..MeetingInput::default()
        };
        let meeting = meetings::schedule(&db, &user, "hafen", &id.to_string(), &input, false)
            .await
            .expect("meeting");
        let batch = vec![
            need("1", "Mehr Kita-Plätze", 0),
            need("2", "Sprachkurse für Eltern", 1),
            ChangeEnvelope {
                id: "change-3".into(),
                change: Change::Minutes {
                    text: "# Begrüßung\n\n<script>x()</script>".into(),
                },
            },
            ChangeEnvelope {
                id: "change-4".into(),
                change: Change::AddWalkIn {
                    id: "walkin-0001".into(),
                    organisation_name: "Nachbarschaftsverein".into(),
                    person_name: String::new(),
                },
            },
        ];
        assert_eq!(
            apply_changes(&db, &user, meeting, batch.clone()).await,
            Ok(4)
        );
        // The same batch again (a retry after a lost answer) changes nothing.
        assert_eq!(apply_changes(&db, &user, meeting, batch).await, Ok(4));
        // A later change with a new id is applied, even to the same item.
        let move_up = ChangeEnvelope {
            id: "change-5".into(),
            change: Change::MoveItem {
                id: "item-0000-2".into(),
                by: -1,
            },
        };
        assert_eq!(
            apply_changes(&db, &user, meeting, vec![move_up]).await,
            Ok(5)
        );
        let record = load(&db, &user, meeting).await.expect("record");
        let titles: Vec<&str> = record
            .state
            .items
            .iter()
            .map(|i| i.title.as_str())
            .collect();
        assert_eq!(titles, ["Sprachkurse für Eltern", "Mehr Kita-Plätze"]);
        assert_eq!(record.state.walk_ins.len(), 1);
        assert!(
            record.minutes_html.contains("<h1>Begrüßung</h1>")
                && !record.minutes_html.contains("<script")
        );

        // Closing needs a held meeting; then nothing changes any more, addenda are kept.
        assert!(matches!(
            close(&db, &user, meeting).await,
            Err(AppError::Conflict(_))
        ));
        meetings::change_status(
            &db,
            &user,
            meeting,
            MeetingStatus::Held,
            meetings::StatusChange::default(),
        )
        .await
        .expect("held");
        assert!(matches!(
            add_addendum(&db, &user, meeting, "zu früh").await,
            Err(AppError::Conflict(_))
        ));
        close(&db, &user, meeting).await.expect("closed");
        let late = apply_changes(&db, &user, meeting, vec![need("6", "Zu spät", 2)]).await;
        assert!(matches!(late, Err(AppError::Conflict(_))));
        add_addendum(&db, &user, meeting, "Korrektur: Es waren 14 Teilnehmende.")
            .await
            .expect("addendum");
        let record = load(&db, &user, meeting).await.expect("record");
        assert!(record.closed.expect("closed").contains("Test Person"));
        assert_eq!(
            record.addenda[0].text,
            "Korrektur: Es waren 14 Teilnehmende."
        );

        // A coordinator of another area may not record here.
        let other = make_user(&db, "o@stadt.example", Role::Coordinator, &["nordmarkt"]).await;
        let other = current(&db, other).await;
        assert_eq!(
            load(&db, &other, meeting).await.map(|_| ()),
            Err(AppError::Forbidden)
        );
    }
}
