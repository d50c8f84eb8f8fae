//! The Sachstandsbericht for the committee (Projektbüro only): the report for a meeting date
//! and the outlook the Projektbüro writes.
use crate::domain::status_report::StatusReport;
use crate::error::AppError;
use leptos::prelude::*;

/// The report for the committee meeting on `date` ("2026-12-07"; empty: today) with the figures
/// of the day `figures` (empty: the meeting's day or, for a meeting to come, today).
#[server(prefix = "/api", endpoint = "sachstandsbericht")]
pub async fn load_status_report(
    #[server(default)] date: String,
    #[server(default)] figures: String,
) -> Result<StatusReport, AppError> {
    use crate::server::{access, db::now_unix, request, services::status_report};
    let state = request::state()?;
    let office = access::project_office(&request::require_user()?)?;
    status_report::for_request(
        &state.db,
        &office,
        &date,
        &figures,
        state.config.yearly_budget_cents,
        now_unix(),
    )
    .await
}

/// Saves "Wie geht es weiter?" and goes back to the report of the same date.
#[server(prefix = "/api", endpoint = "sachstand-ausblick")]
pub async fn save_status_outlook(
    #[server(default)] outlook: String,
    #[server(default)] date: String,
    #[server(default)] figures: String,
) -> Result<(), AppError> {
    use crate::server::{access, db::now_unix, request, services::status_report};
    let state = request::state()?;
    let office = access::project_office(&request::require_user()?)?;
    status_report::save_outlook(&state.db, &office, &outlook, now_unix()).await?;
    // Back to the same report; only well-formed dates go into the address.
    let as_date = |value: &str| {
        let value = value.trim();
        (value.len() == 10 && value.chars().all(|c| c.is_ascii_digit() || c == '-'))
            .then(|| value.to_owned())
    };
    let mut back = "/intern/sachstand?ok=ausblick".to_owned();
    if let Some(date) = as_date(&date) {
        back.push_str(&format!("&datum={date}"));
    }
    if let Some(figures) = as_date(&figures) {
        back.push_str(&format!("&stand={figures}"));
    }
    leptos_axum::redirect(&back);
    Ok(())
}
