//! Requests about personal data by e-mail address, for the Projektbüro.
use crate::domain::personal_data::PersonalDataReport;
use crate::error::AppError;
use leptos::prelude::*;

/// Starts a search: the address goes into a note kept on the server (15 minutes) and the page's
/// address carries only its key, so the person's e-mail address never stands in a URL
/// (browser history, proxy logs).
#[server(prefix = "/api", endpoint = "personendaten-suche")]
pub async fn search_personal_data(email: String) -> Result<(), AppError> {
    use crate::server::{access, request};
    let state = request::state()?;
    let office = access::project_office(&request::require_user()?)?;
    let email = email.trim();
    if email.is_empty() || email.len() > 320 {
        return Err(AppError::field(
            "email",
            "Bitte geben Sie die E-Mail-Adresse ein, nach der Sie suchen.",
        ));
    }
    let key = state.flash.put(office.user().id, email.to_owned());
    leptos_axum::redirect(&format!("/intern/datenschutz?suche={key}"));
    Ok(())
}

/// What is stored about the address of the search `suche` (the key of its note).
#[server(prefix = "/api", endpoint = "personendaten")]
pub async fn load_personal_data(suche: String) -> Result<PersonalDataReport, AppError> {
    use crate::server::{access, request, services};
    let state = request::state()?;
    let office = access::project_office(&request::require_user()?)?;
    let email = state.flash.peek(office.user().id, &suche).ok_or_else(|| {
        AppError::NotFound(
            "Diese Suche ist abgelaufen (nach 15 Minuten). Bitte suchen Sie noch einmal.".into(),
        )
    })?;
    services::personal_data::report(&state.db, &office, &email).await
}

/// Erases everything stored about the address once the request is confirmed as checked.
#[server(prefix = "/api", endpoint = "personendaten-loeschen")]
pub async fn erase_personal_data(
    email: String,
    confirm: Option<String>,
    #[server(default)] step_up_code: String,
) -> Result<(), AppError> {
    use crate::server::{access, request, services};
    let state = request::state()?;
    let user = request::require_user()?;
    let office = access::project_office(&user)?;
    if confirm.as_deref() != Some("ja") {
        return Err(AppError::field(
            "confirm",
            "Bitte bestätigen Sie, dass Sie die Anfrage geprüft haben.",
        ));
    }
    request::recent_code(&state, &user, &step_up_code).await?;
    let erased = services::personal_data::erase(&state.db, &office, &email).await?;
    leptos_axum::redirect(&format!(
        "/intern/datenschutz?geloescht={}-{}-{}-{}",
        erased.submissions, erased.contacts, erased.subscriptions, erased.barrier_reports
    ));
    Ok(())
}

/// The Verzeichnis von Verarbeitungstätigkeiten (Art. 30 DSGVO), made from the server's settings.
#[server(prefix = "/api", endpoint = "verarbeitungsverzeichnis")]
pub async fn load_processing_register(
) -> Result<crate::domain::processing_register::ProcessingRegister, AppError> {
    use crate::server::{access, request, services::processing_register};
    let state = request::state()?;
    let office = access::project_office(&request::require_user()?)?;
    Ok(processing_register::current(&state.config, &office))
}
