//! The Sachstandsbericht for the committee (Projektbüro only): the report for a meeting date
//! and the outlook the Projektbüro writes.
use crate::domain::status_report::StatusReport;
use crate::error::AppError;
use leptos::prelude::*;

/// The report for the committee meeting on `date` ("2026-12-07"; empty: today).
#[server(prefix = "/api", endpoint = "sachstandsbericht")]
pub async fn load_status_report(#[server(default)] date: String) -> Result<StatusReport, AppError> {
    use crate::server::{access, db::now_unix, request, services::status_report};
    let state = request::state()?;
    let office = access::project_office(&request::require_user()?)?;
    let now = now_unix();
    let today = crate::domain::schedule::to_local(now).date();
    let meeting_on = status_report::meeting_date(&date, today)?;
    status_report::report(
        &state.db,
        &office,
        meeting_on,
        state.config.yearly_budget_cents,
        now,
    )
    .await
}

/// Saves "Wie geht es weiter?" and goes back to the report of the same date.
#[server(prefix = "/api", endpoint = "sachstand-ausblick")]
pub async fn save_status_outlook(
    #[server(default)] outlook: String,
    #[server(default)] date: String,
) -> Result<(), AppError> {
    use crate::server::{access, db::now_unix, request, services::status_report};
    let state = request::state()?;
    let office = access::project_office(&request::require_user()?)?;
    status_report::save_outlook(&state.db, &office, &outlook, now_unix()).await?;
    let date = date.trim();
    let date = if date.len() == 10 && date.chars().all(|c| c.is_ascii_digit() || c == '-') {
        format!("&datum={date}")
    } else {
        String::new()
    };
    leptos_axum::redirect(&format!("/intern/sachstand?ok=ausblick{date}"));
    Ok(())
}
