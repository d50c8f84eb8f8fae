//! The Projektbüro's overview across all areas.
use crate::domain::office_overview::OfficeOverview;
use crate::error::AppError;
use leptos::prelude::*;

/// Every area's figures (or one Stadtbezirk's), for the Projektbüro only.
#[server(prefix = "/api", endpoint = "projektbuero-uebersicht")]
pub async fn load_office_overview(
    #[server(default)] district: String,
) -> Result<OfficeOverview, AppError> {
    use crate::server::{access, request, services};
    let state = request::state()?;
    let office = access::project_office(&request::require_user()?)?;
    let district = district.trim();
    let mut overview = services::office_overview::overview(
        &state.db,
        &office,
        (!district.is_empty()).then_some(district),
        state.config.yearly_budget_cents,
    )
    .await?;
    overview.mail.mail_enabled = state.config.mail_enabled;
    Ok(overview)
}
