//! Meetings: the calendar, planning, editing and status changes.
// The meeting form's fields arrive flat (simple field ids and error links), which makes long
// argument lists here and in the code the server macro generates from them.
#![allow(clippy::too_many_arguments)]
use crate::domain::area::Area;
use crate::domain::meeting::{MeetingDetail, MeetingSummary};
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// What the calendar page needs besides the meetings: the filter choices.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarData {
    pub meetings: Vec<MeetingSummary>,
    pub areas: Vec<Area>,
    pub organisers: Vec<(i64, String)>,
    /// The first and last day shown (ISO dates), and the neighbouring periods for paging.
    pub period: Option<crate::domain::calendar::Period>,
    /// In the list: where the next page starts (`nach=`), if there are more meetings.
    pub next_after: Option<String>,
}

/// Meetings per page of the list view.
pub const LIST_PAGE_SIZE: usize = 100;

/// The list's position "start-id" (`nach=1656000000-42`).
pub fn parse_after(value: &str) -> Option<(i64, i64)> {
    let (starts_at, id) = value.split_once('-')?;
    Some((starts_at.parse().ok()?, id.parse().ok()?))
}

#[server(prefix = "/api", endpoint = "termine")]
pub async fn calendar(
    view: String,
    date: String,
    area: String,
    organiser: String,
    status: String,
    #[server(default)] after: String,
) -> Result<CalendarData, AppError> {
    use crate::domain::calendar::{CalendarView, Period};
    use crate::domain::format::parse_date;
    use crate::domain::meeting::MeetingStatus;
    use crate::domain::schedule::day_bounds;
    use crate::server::repo::meetings::Filter;
    use crate::server::{request, services};
    let state = request::state()?;
    request::require_user()?;
    let areas = services::areas::list(&state.db).await?;
    let organisers = services::meetings::organisers(&state.db).await?;
    let mut filter = Filter {
        area_id: areas.iter().find(|a| a.slug == area).map(|a| a.id),
        organiser_id: organiser.parse().ok(),
        status: MeetingStatus::parse(&status),
        ..Filter::default()
    };
    let today = crate::domain::schedule::to_local(crate::server::db::now_unix()).date();
    let period = CalendarView::parse(&view)
        .map(|view| Period::around(view, parse_date(&date).unwrap_or(today)));
    if let Some(period) = &period {
        filter.from = Some(day_bounds(period.first).0);
        filter.until = Some(day_bounds(period.last).1);
    } else {
        // The list is paged: one more than a page tells whether there is a next one.
        filter.after = parse_after(&after);
        filter.limit = Some(LIST_PAGE_SIZE as i64 + 1);
    }
    let mut meetings = services::meetings::calendar(&state.db, &filter).await?;
    let next_after = (period.is_none() && meetings.len() > LIST_PAGE_SIZE).then(|| {
        meetings.truncate(LIST_PAGE_SIZE);
        meetings
            .last()
            .map(|m| format!("{}-{}", m.starts_at, m.id))
            .unwrap_or_default()
    });
    Ok(CalendarData {
        meetings,
        areas,
        organisers,
        period,
        next_after,
    })
}

/// The form's choices: the areas the user may plan for and the possible organisers.
#[server(prefix = "/api", endpoint = "termin-formular")]
pub async fn meeting_form_data() -> Result<(Vec<Area>, Vec<(i64, String)>, i64), AppError> {
    use crate::domain::policy::can_manage_meetings;
    use crate::server::{request, services};
    let state = request::state()?;
    let user = request::require_user()?;
    let areas = services::areas::list(&state.db)
        .await?
        .into_iter()
        .filter(|a| a.retired_on.is_none() && can_manage_meetings(&user, a.id))
        .collect();
    let organisers = services::meetings::organisers(&state.db).await?;
    Ok((areas, organisers, user.id))
}

#[server(prefix = "/api", endpoint = "termin")]
pub async fn get_meeting(id: i64) -> Result<MeetingDetail, AppError> {
    use crate::server::{access, request};
    let state = request::state()?;
    let proof = access::meeting_of(&state.db, &request::require_user()?, id).await?;
    Ok(proof.meeting().clone())
}

#[cfg(feature = "ssr")]
fn input(
    title: String,
    kind: String,
    date: String,
    start_time: String,
    end_time: String,
    end_date: String,
    venue_name: String,
    venue_address: String,
    venue_notes: String,
    format: String,
    agenda: String,
    capacity: String,
    public_listed: Option<String>,
) -> crate::domain::schedule::MeetingInput {
    crate::domain::schedule::MeetingInput {
        title,
        kind,
        date,
        start_time,
        end_time,
        end_date,
        venue_name,
        venue_address,
        venue_notes,
        format,
        agenda,
        capacity,
        public_listed,
    }
}

/// Plans a meeting; `id` empty means new. Overlaps need `confirm`.
#[server(prefix = "/api", endpoint = "termin-speichern")]
pub async fn save_meeting(
    id: Option<i64>,
    area: String,
    organiser: String,
    title: String,
    kind: String,
    date: String,
    start_time: String,
    end_time: String,
    end_date: String,
    venue_name: String,
    venue_address: String,
    venue_notes: String,
    format: String,
    agenda: String,
    capacity: String,
    public_listed: Option<String>,
    confirm: Option<String>,
) -> Result<(), AppError> {
    use crate::server::{access, request, services::meetings};
    let state = request::state()?;
    let user = request::require_user()?;
    // The area the meeting is planned in (for a change: also the one it is in now).
    let staff = access::chosen_area_of(&state.db, &user, &area, "area").await?;
    let input = input(
        title,
        kind,
        date,
        start_time,
        end_time,
        end_date,
        venue_name,
        venue_address,
        venue_notes,
        format,
        agenda,
        capacity,
        public_listed,
    );
    let confirmed = confirm.is_some();
    let (id, ok) = match id {
        Some(id) => {
            let meeting = access::meeting_of(&state.db, &user, id).await?;
            meetings::update(&state.db, &meeting, &staff, &organiser, &input, confirmed).await?;
            (id, "gespeichert")
        }
        None => (
            meetings::schedule(&state.db, &staff, &organiser, &input, confirmed).await?,
            "angelegt",
        ),
    };
    leptos_axum::redirect(&format!("/intern/termine/{id}?ok={ok}"));
    Ok(())
}

/// Held, cancelled, postponed (with the new date) or planned again.
#[server(prefix = "/api", endpoint = "termin-status")]
pub async fn change_meeting_status(
    id: i64,
    status: String,
    reason: Option<String>,
    date: Option<String>,
    start_time: Option<String>,
    end_time: Option<String>,
    end_date: Option<String>,
    confirm: Option<String>,
) -> Result<(), AppError> {
    use crate::domain::meeting::MeetingStatus;
    use crate::domain::schedule::MeetingInput;
    use crate::server::{access, request, services::meetings};
    let state = request::state()?;
    let meeting = access::meeting_of(&state.db, &request::require_user()?, id).await?;
    let to = MeetingStatus::parse(&status)
        .ok_or_else(|| AppError::field("status", "Bitte wählen Sie einen Status."))?;
    let new_date = date.map(|date| MeetingInput {
        date,
        start_time: start_time.unwrap_or_default(),
        end_time: end_time.unwrap_or_default(),
        end_date: end_date.unwrap_or_default(),
        ..MeetingInput::default()
    });
    let change = meetings::StatusChange {
        reason: reason.unwrap_or_default(),
        new_date,
        confirmed: confirm.is_some(),
    };
    let next = meetings::change_status(&state.db, &meeting, to, change).await?;
    leptos_axum::redirect(&format!("/intern/termine/{next}?ok={}", to.code()));
    Ok(())
}

/// Where every area stands with its Akteursgespräch in `year` (staff only; no personal data).
#[server(prefix = "/api", endpoint = "fortschritt")]
pub async fn meeting_progress(
    year: i32,
) -> Result<Vec<crate::domain::progress::AreaProgress>, AppError> {
    use crate::server::{request, services};
    let state = request::state()?;
    let user = request::require_user()?;
    if !(2008..=2100).contains(&year) {
        return Err(AppError::field(
            "jahr",
            "Bitte wählen Sie ein Jahr ab 2008, dem Start des Aktionsplans.",
        ));
    }
    services::meetings::progress(&state.db, &user, year).await
}

/// The public list of dates (meetings marked as public that have not ended), for everybody.
#[server(prefix = "/api", endpoint = "oeffentliche-termine")]
pub async fn public_dates(
    area: String,
) -> Result<Vec<crate::domain::meeting::PublicMeeting>, AppError> {
    use crate::server::{request, services};
    let state = request::state()?;
    services::meetings::public_dates(&state.db, Some(area.as_str())).await
}
