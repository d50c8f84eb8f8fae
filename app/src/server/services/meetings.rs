//! Scheduling meetings: rights, conflict checks, status changes, the calendar.
use crate::domain::meeting::{MeetingStatus, MeetingSummary, PublicMeeting, ScheduleConflict};
use crate::domain::policy::can_view_area_staff_part;
use crate::domain::progress::{year_progress, AreaProgress, YearMeeting};
use crate::domain::schedule::{day_bounds, to_local};
use crate::domain::schedule::{MeetingFields, MeetingInput};
use crate::domain::user::CurrentUser;
use crate::domain::validation::{required_text, FieldErrors};
use crate::error::AppError;
use crate::server::access::{AreaStaff, MeetingStaff};
use crate::server::db::{now_unix, Db};
use crate::server::repo::{self, meetings::Filter};
use chrono::NaiveDate;
use sqlx::SqliteConnection;

async fn organiser_id(conn: &mut SqliteConnection, input: &str) -> Result<i64, AppError> {
    let id: i64 = input.trim().parse().map_err(|_| {
        AppError::field("organiser", "Bitte wählen Sie, wer den Termin organisiert.")
    })?;
    let known = repo::meetings::organisers(conn).await?;
    if known.iter().any(|(k, _)| *k == id) {
        Ok(id)
    } else {
        Err(AppError::field(
            "organiser",
            "Diese Person kann keine Termine organisieren. Bitte wählen Sie eine andere.",
        ))
    }
}

async fn check_conflicts(
    conn: &mut SqliteConnection,
    fields: &MeetingFields,
    organiser: i64,
    except: Option<i64>,
) -> Result<Vec<ScheduleConflict>, AppError> {
    let hits =
        repo::meetings::conflicts(conn, fields.span, organiser, &fields.venue_key, except).await?;
    Ok(hits
        .into_iter()
        .map(|(m, same_organiser, same_venue)| ScheduleConflict {
            meeting_id: m.id,
            title: m.title,
            area_name: m.area_name,
            when: m.when.label(),
            same_organiser,
            same_venue,
        })
        .collect())
}

fn new_uid() -> String {
    use rand::RngCore as _;
    let mut bytes = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!("{hex}@aktionsplan-soziale-stadt.dortmund")
}

/// The parsed form, or all its errors at once.
pub fn parse(input: &MeetingInput) -> Result<MeetingFields, AppError> {
    let mut errors = FieldErrors::new();
    MeetingFields::parse(input, &mut errors).ok_or(AppError::Validation(errors))
}

/// Plans a new meeting in the staff's area. Overlaps are refused unless `confirmed`.
/// Everybody who may organise a meeting (enabled staff), as (id, name), for the filters and
/// the form.
pub async fn organisers(db: &Db) -> Result<Vec<(i64, String)>, AppError> {
    Ok(repo::meetings::organisers(&mut *db.read().await?).await?)
}

pub async fn schedule(
    db: &Db,
    staff: &AreaStaff,
    organiser: &str,
    input: &MeetingInput,
    confirmed: bool,
) -> Result<i64, AppError> {
    let mut tx = db.write().await?;
    let organiser = organiser_id(&mut tx, organiser).await?;
    let fields = parse(input)?;
    let conflicts = check_conflicts(&mut tx, &fields, organiser, None).await?;
    if !conflicts.is_empty() && !confirmed {
        return Err(AppError::ScheduleConflicts(conflicts));
    }
    let id = repo::meetings::insert(
        &mut tx,
        &new_uid(),
        staff.area().id,
        organiser,
        &fields,
        staff.user().id,
        now_unix(),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Changes a planned meeting, possibly moving it to another area (`to`: the caller must work in
/// both); every change raises its calendar sequence.
pub async fn update(
    db: &Db,
    meeting: &MeetingStaff,
    to: &AreaStaff,
    organiser: &str,
    input: &MeetingInput,
    confirmed: bool,
) -> Result<(), AppError> {
    let id = meeting.meeting_id();
    let mut tx = db.write().await?;
    let current = meeting.current(&mut tx).await?;
    if !current.summary.status.is_editable() {
        return Err(AppError::Conflict(format!(
            "Dieser Termin ist {} und kann nicht mehr geändert werden.",
            current.summary.status.label()
        )));
    }
    let organiser = organiser_id(&mut tx, organiser).await?;
    let fields = parse(input)?;
    let conflicts = check_conflicts(&mut tx, &fields, organiser, Some(id)).await?;
    if !conflicts.is_empty() && !confirmed {
        return Err(AppError::ScheduleConflicts(conflicts));
    }
    repo::meetings::update(&mut tx, id, to.area().id, organiser, &fields, now_unix()).await?;
    tx.commit().await?;
    Ok(())
}

/// What a status change needs besides the new status.
#[derive(Debug, Clone, Default)]
pub struct StatusChange {
    pub reason: String,
    /// The new date of a postponed meeting.
    pub new_date: Option<MeetingInput>,
    pub confirmed: bool,
}

/// Held, cancelled (with reason), postponed (to a new meeting, linked) or planned again.
/// Returns the meeting to show next: the new one after postponing.
pub async fn change_status(
    db: &Db,
    meeting: &MeetingStaff,
    to: MeetingStatus,
    change: StatusChange,
) -> Result<i64, AppError> {
    let (actor, id) = (meeting.user(), meeting.meeting_id());
    let mut tx = db.write().await?;
    let current = meeting.current(&mut tx).await?;
    let from = current.summary.status;
    if !from.can_change_to(to) {
        return Err(AppError::Conflict(format!(
            "Ein Termin, der {} ist, kann nicht auf „{}“ gesetzt werden.",
            from.label(),
            to.label()
        )));
    }
    let now = now_unix();
    let mut next = id;
    let mut postponed_to = None;
    let reason = match to {
        MeetingStatus::Cancelled | MeetingStatus::Postponed => {
            required_text(&change.reason, "den Grund", 1000)
                .map_err(|m| AppError::field("reason", m))?
        }
        _ => String::new(),
    };
    if to == MeetingStatus::Held {
        let (starts_at,): (i64,) = sqlx::query_as("SELECT starts_at FROM meetings WHERE id = ?")
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
        if starts_at > now {
            return Err(AppError::Conflict(
                "Der Termin hat noch nicht begonnen. Sie können ihn erst ab seinem Beginn als durchgeführt markieren.".into(),
            ));
        }
    }
    if to == MeetingStatus::Postponed {
        let input = change.new_date.unwrap_or_default();
        let (mut fields, area_id, organiser) = repo::meetings::fields_of(&mut tx, id)
            .await?
            .ok_or_else(|| AppError::not_found("Dieser Termin"))?;
        let mut errors = FieldErrors::new();
        let span = crate::domain::schedule::parse_span(&input, &mut errors);
        let Some(span) = span else {
            return Err(AppError::Validation(errors));
        };
        fields.span = span;
        let conflicts = check_conflicts(&mut tx, &fields, organiser, Some(id)).await?;
        if !conflicts.is_empty() && !change.confirmed {
            return Err(AppError::ScheduleConflicts(conflicts));
        }
        next = repo::meetings::insert(
            &mut tx,
            &new_uid(),
            area_id,
            organiser,
            &fields,
            actor.id,
            now,
        )
        .await?;
        postponed_to = Some(next);
    }
    repo::meetings::set_status(&mut tx, id, to, &reason, postponed_to, now).await?;
    tx.commit().await?;
    Ok(next)
}

/// The calendar: every staff member sees the meetings of all areas (no personal data here).
pub async fn calendar(db: &Db, filter: &Filter) -> Result<Vec<MeetingSummary>, AppError> {
    let mut conn = db.read().await?;
    Ok(repo::meetings::list(&mut conn, filter).await?)
}

/// For every area active in `year`: whether its Akteursgespräch was held, is planned or is
/// still missing.
pub async fn progress(
    db: &Db,
    actor: &CurrentUser,
    year: i32,
) -> Result<Vec<AreaProgress>, AppError> {
    let (Some(first), Some(next)) = (
        NaiveDate::from_ymd_opt(year, 1, 1),
        NaiveDate::from_ymd_opt(year + 1, 1, 1),
    ) else {
        return Err(AppError::field("jahr", "Bitte wählen Sie ein Jahr."));
    };
    let mut conn = db.read().await?;
    let areas: Vec<_> = repo::areas::list(&mut conn)
        .await?
        .into_iter()
        .filter(|a| a.retired_on.is_none_or(|retired| retired >= first))
        // A coordinator gets the areas they work in, the Projektbüro all of them.
        .filter(|a| can_view_area_staff_part(actor, a.id))
        .collect();
    let rows = repo::meetings::stakeholder_meetings_between(
        &mut conn,
        day_bounds(first).0,
        day_bounds(next).0,
    )
    .await?;
    let meetings: Vec<YearMeeting> = rows
        .into_iter()
        .filter_map(|(id, area_id, status, starts_at)| {
            Some(YearMeeting {
                id,
                area_id,
                status: MeetingStatus::parse(&status)?,
                date: to_local(starts_at).date(),
            })
        })
        .collect();
    Ok(year_progress(&areas, &meetings))
}

/// The public list of dates: listed meetings that have not ended, optionally of one area.
pub async fn public_dates(
    db: &Db,
    area_slug: Option<&str>,
) -> Result<Vec<PublicMeeting>, AppError> {
    let mut conn = db.read().await?;
    let area_id = match area_slug.filter(|s| !s.is_empty()) {
        Some(slug) => Some(
            repo::areas::by_slug(&mut conn, slug)
                .await?
                .ok_or_else(|| AppError::not_found("Dieses Gebiet"))?
                .id,
        ),
        None => None,
    };
    Ok(
        repo::meetings::public_upcoming(&mut conn, now_unix(), area_id, 200)
            .await?
            .into_iter()
            .map(PublicMeeting::from)
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::user::Role;
    use crate::server::services::test_support::door::{change_status, detail, schedule};
    use crate::server::services::test_support::{current, fresh_db, make_user};

    fn input(date: &str, start: &str, end: &str, venue: &str) -> MeetingInput {
        MeetingInput {
            title: "Akteursgespräch Hafen".into(),
            kind: "akteursgespraech".into(),
            date: date.into(),
            start_time: start.into(),
            end_time: end.into(),
            venue_name: venue.into(),
            format: "praesenz".into(),
            ..MeetingInput::default()
        }
    }

    #[tokio::test]
    async fn conflicts_are_reported_and_can_be_confirmed() {
        let (_dir, db) = fresh_db().await;
        let id = make_user(
            &db,
            "k@stadt.example",
            Role::Coordinator,
            &["hafen", "nordmarkt"],
        )
        .await;
        let coordinator = current(&db, id).await;
        let me = id.to_string();
        let first = schedule(
            &db,
            &coordinator,
            "hafen",
            &me,
            &input("2022-03-14", "17:00", "19:00", "Kulturort Depot"),
            false,
        )
        .await
        .expect("first");
        // Back to back at the same venue and with the same organiser: fine.
        schedule(
            &db,
            &coordinator,
            "nordmarkt",
            &me,
            &input("2022-03-14", "19:00", "20:00", "Kulturort Depot"),
            false,
        )
        .await
        .expect("back to back");
        // Overlapping: refused with the other meeting named, then saved once confirmed.
        let overlapping = input("2022-03-14", "18:30", "19:30", "Anderer Ort");
        match schedule(&db, &coordinator, "nordmarkt", &me, &overlapping, false).await {
            Err(AppError::ScheduleConflicts(conflicts)) => {
                assert_eq!(conflicts.len(), 2);
                assert_eq!(conflicts[0].meeting_id, first);
                assert!(conflicts.iter().all(|c| c.same_organiser && !c.same_venue));
            }
            other => panic!("expected conflicts, got {other:?}"),
        }
        schedule(&db, &coordinator, "nordmarkt", &me, &overlapping, true)
            .await
            .expect("confirmed");
    }

    #[tokio::test]
    async fn venue_conflicts_across_organisers_and_cancelled_meetings_free_the_slot() {
        let (_dir, db) = fresh_db().await;
        let a = make_user(&db, "a@stadt.example", Role::Coordinator, &["hafen"]).await;
        let b = make_user(&db, "b@stadt.example", Role::Coordinator, &["nordmarkt"]).await;
        let (ua, ub) = (current(&db, a).await, current(&db, b).await);
        let first = schedule(
            &db,
            &ua,
            "hafen",
            &a.to_string(),
            &input("2022-10-30", "01:00", "02:30", "Depot"),
            false,
        )
        .await
        .expect("first");
        // 02:30 on the autumn change day is read as summer time: back to back, no conflict.
        schedule(
            &db,
            &ub,
            "nordmarkt",
            &b.to_string(),
            &input("2022-10-30", "02:30", "04:00", "depot"),
            false,
        )
        .await
        .expect("back to back across the change");
        let err = schedule(
            &db,
            &ub,
            "nordmarkt",
            &b.to_string(),
            &input("2022-10-30", "02:00", "02:15", "DEPOT"),
            false,
        )
        .await
        .expect_err("same venue");
        assert!(
            matches!(err, AppError::ScheduleConflicts(ref c) if c.len() == 1 && c[0].same_venue && !c[0].same_organiser)
        );
        change_status(
            &db,
            &ua,
            first,
            MeetingStatus::Cancelled,
            StatusChange {
                reason: "Krankheit".into(),
                ..Default::default()
            },
        )
        .await
        .expect("cancel");
        schedule(
            &db,
            &ub,
            "nordmarkt",
            &b.to_string(),
            &input("2022-10-30", "02:00", "02:15", "DEPOT"),
            false,
        )
        .await
        .expect("slot free again");
    }

    #[tokio::test]
    async fn coordinators_plan_only_their_own_areas() {
        let (_dir, db) = fresh_db().await;
        let id = make_user(&db, "k@stadt.example", Role::Coordinator, &["hafen"]).await;
        let coordinator = current(&db, id).await;
        let err = schedule(
            &db,
            &coordinator,
            "nordmarkt",
            &id.to_string(),
            &input("2022-03-14", "17:00", "19:00", "X"),
            false,
        )
        .await
        .expect_err("foreign area");
        assert_eq!(err, AppError::Forbidden);
        let office = make_user(&db, "pb@stadt.example", Role::ProjectOffice, &[]).await;
        let office = current(&db, office).await;
        let meeting = schedule(
            &db,
            &office,
            "nordmarkt",
            &id.to_string(),
            &input("2022-03-14", "17:00", "19:00", "X"),
            false,
        )
        .await
        .expect("office plans anywhere");
        assert_eq!(
            detail(&db, &coordinator, meeting).await,
            Err(AppError::Forbidden)
        );
    }

    #[tokio::test]
    async fn postponing_links_the_new_date_and_cancelling_needs_a_reason() {
        let (_dir, db) = fresh_db().await;
        let id = make_user(&db, "k@stadt.example", Role::Coordinator, &["hafen"]).await;
        let coordinator = current(&db, id).await;
        let meeting = schedule(
            &db,
            &coordinator,
            "hafen",
            &id.to_string(),
            &input("2022-03-14", "17:00", "19:00", "X"),
            false,
        )
        .await
        .expect("planned");
        let err = change_status(
            &db,
            &coordinator,
            meeting,
            MeetingStatus::Cancelled,
            StatusChange::default(),
        )
        .await
        .expect_err("no reason");
        assert!(err.field_message("reason").is_some());
        let change = StatusChange {
            reason: "Raum nicht verfügbar".into(),
            new_date: Some(input("2022-03-21", "17:00", "19:00", "")),
            confirmed: false,
        };
        let next = change_status(&db, &coordinator, meeting, MeetingStatus::Postponed, change)
            .await
            .expect("postponed");
        let old = detail(&db, &coordinator, meeting).await.expect("old");
        let new = detail(&db, &coordinator, next).await.expect("new");
        assert_eq!(old.summary.status, MeetingStatus::Postponed);
        assert_eq!(old.postponed_to, Some(next));
        assert_eq!(new.postponed_from, Some(meeting));
        assert_eq!(new.summary.status, MeetingStatus::Planned);
        assert_eq!(
            new.summary.when.start.format("%d.%m. %H:%M").to_string(),
            "21.03. 17:00"
        );
        let err = change_status(
            &db,
            &coordinator,
            meeting,
            MeetingStatus::Held,
            StatusChange::default(),
        )
        .await
        .expect_err("postponed stays");
        assert!(matches!(err, AppError::Conflict(_)));
        change_status(
            &db,
            &coordinator,
            next,
            MeetingStatus::Held,
            StatusChange::default(),
        )
        .await
        .expect("held: the date lies in the past");
    }

    #[tokio::test]
    async fn progress_per_area_and_the_public_list_without_personal_data() {
        use crate::domain::progress::YearProgress;
        let (_dir, db) = fresh_db().await;
        let id = make_user(
            &db,
            "k@stadt.example",
            Role::Coordinator,
            &["hafen", "nordmarkt", "borsigplatz"],
        )
        .await;
        let coordinator = current(&db, id).await;
        let me = id.to_string();
        let held = schedule(
            &db,
            &coordinator,
            "hafen",
            &me,
            &input("2022-03-14", "17:00", "19:00", "Depot"),
            false,
        )
        .await
        .expect("hafen");
        change_status(
            &db,
            &coordinator,
            held,
            MeetingStatus::Held,
            StatusChange::default(),
        )
        .await
        .expect("held");
        // 00:30 on 1 January 2023 in Dortmund is still 2022 in UTC: it counts for 2023.
        schedule(
            &db,
            &coordinator,
            "nordmarkt",
            &me,
            &input("2022-12-31", "22:00", "23:00", "Nordmarkt"),
            false,
        )
        .await
        .expect("nordmarkt");
        schedule(
            &db,
            &coordinator,
            "borsigplatz",
            &me,
            &input("2023-01-01", "00:30", "01:30", "Borsigplatz"),
            false,
        )
        .await
        .expect("borsigplatz 2023");
        let office_id = make_user(&db, "pb@stadt.example", Role::ProjectOffice, &[]).await;
        let office = current(&db, office_id).await;
        let lines = progress(&db, &office, 2022).await.expect("progress");
        assert_eq!(lines.len(), 15);
        // A coordinator is told about their own areas only.
        let own = progress(&db, &coordinator, 2022).await.expect("own");
        let mut own_slugs: Vec<&str> = own.iter().map(|l| l.area_slug.as_str()).collect();
        own_slugs.sort_unstable();
        assert_eq!(own_slugs, ["borsigplatz", "hafen", "nordmarkt"]);
        let state = |slug: &str| {
            lines
                .iter()
                .find(|l| l.area_slug == slug)
                .map(|l| l.progress)
                .expect("area")
        };
        assert_eq!(state("hafen"), YearProgress::Held);
        assert_eq!(state("nordmarkt"), YearProgress::Planned);
        assert_eq!(state("borsigplatz"), YearProgress::Missing);
        assert_eq!(state("marten"), YearProgress::Missing);
        let next_year = progress(&db, &coordinator, 2023).await.expect("2023");
        assert!(next_year
            .iter()
            .any(|l| l.area_slug == "borsigplatz" && l.progress == YearProgress::Planned));

        // Only listed meetings that have not ended are public.
        let today = crate::domain::schedule::to_local(crate::server::db::now_unix()).date();
        let soon = (today + chrono::Days::new(7)).to_string();
        let mut listed = input(&soon, "10:00", "12:00", "Stadtteilzentrum");
        listed.public_listed = Some("ja".into());
        schedule(&db, &coordinator, "hafen", &me, &listed, false)
            .await
            .expect("listed");
        schedule(
            &db,
            &coordinator,
            "hafen",
            &me,
            &input(&soon, "14:00", "15:00", "Büro"),
            false,
        )
        .await
        .expect("not listed");
        let mut past = input("2022-05-02", "10:00", "12:00", "Altes Rathaus");
        past.public_listed = Some("ja".into());
        schedule(&db, &coordinator, "hafen", &me, &past, false)
            .await
            .expect("past");
        let public = public_dates(&db, None).await.expect("public");
        assert_eq!(public.len(), 1);
        assert_eq!(public[0].venue_name, "Stadtteilzentrum");
        let json = serde_json::to_string(&public).expect("json");
        assert!(!json.contains("Test Person"), "no organiser name: {json}");
        assert_eq!(
            public_dates(&db, Some("nordmarkt"))
                .await
                .expect("none")
                .len(),
            0
        );
        assert!(matches!(
            public_dates(&db, Some("gibt-es-nicht")).await,
            Err(AppError::NotFound(_))
        ));
    }
}
