//! Requests about personal data by e-mail address, for the Projektbüro.
use crate::domain::personal_data::PersonalDataReport;
use crate::error::AppError;
use leptos::prelude::*;

#[server(prefix = "/api", endpoint = "personendaten")]
pub async fn load_personal_data(email: String) -> Result<PersonalDataReport, AppError> {
    use crate::server::{access, request, services};
    let state = request::state()?;
    let office = access::project_office(&request::require_user()?)?;
    services::personal_data::report(&state.db, &office, &email).await
}

/// Erases everything stored about the address once the request is confirmed as checked.
#[server(prefix = "/api", endpoint = "personendaten-loeschen")]
pub async fn erase_personal_data(email: String, confirm: Option<String>) -> Result<(), AppError> {
    use crate::server::{access, request, services};
    let state = request::state()?;
    let office = access::project_office(&request::require_user()?)?;
    if confirm.as_deref() != Some("ja") {
        return Err(AppError::field(
            "confirm",
            "Bitte bestätigen Sie, dass Sie die Anfrage geprüft haben.",
        ));
    }
    let erased = services::personal_data::erase(&state.db, &office, &email).await?;
    leptos_axum::redirect(&format!(
        "/intern/datenschutz?geloescht={}-{}",
        erased.submissions, erased.contacts
    ));
    Ok(())
}
