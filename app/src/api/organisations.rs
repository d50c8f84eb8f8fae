//! The stakeholder directory (Akteure): search, organisations and their contact people.
use crate::domain::area::Area;
use crate::domain::organisation::{Organisation, OrganisationSummary};
use crate::error::AppError;
use leptos::prelude::*;
use std::collections::HashMap;

/// One page of search results (behind organisation `after`), where the next page starts, and
/// the areas for the filter.
#[server(prefix = "/api", endpoint = "akteure")]
pub async fn search_organisations(
    q: String,
    area: String,
    after: Option<i64>,
) -> Result<OrganisationsPage, AppError> {
    use crate::server::{request, services};
    let state = request::state()?;
    request::require_user()?;
    let (found, next_after) =
        services::organisations::search(&state.db, &q, Some(&area), after).await?;
    Ok(OrganisationsPage {
        found,
        next_after,
        areas: services::areas::list(&state.db).await?,
    })
}

/// What the directory page shows.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct OrganisationsPage {
    pub found: Vec<OrganisationSummary>,
    /// The last organisation shown, when more follow (`nach=` of the next page).
    pub next_after: Option<i64>,
    pub areas: Vec<Area>,
}

/// The organisation, whether the user may edit it, and all areas for the form.
#[server(prefix = "/api", endpoint = "akteur")]
pub async fn get_organisation(id: i64) -> Result<(Organisation, bool, Vec<Area>), AppError> {
    use crate::server::{request, services};
    let state = request::state()?;
    let user = request::require_user()?;
    let (organisation, may_edit) = services::organisations::get(&state.db, &user, id).await?;
    Ok((
        organisation,
        may_edit,
        services::areas::list(&state.db).await?,
    ))
}

#[cfg(feature = "ssr")]
fn parse_organisation(
    name: &str,
    kind: &str,
    notes: &str,
    areas: Option<HashMap<String, String>>,
    fields: Option<HashMap<String, String>>,
) -> Result<crate::domain::organisation::OrganisationFields, AppError> {
    use crate::domain::organisation::OrganisationFields;
    use crate::domain::validation::FieldErrors;
    let mut errors = FieldErrors::new();
    let slugs: Vec<String> = areas.unwrap_or_default().into_keys().collect();
    let numbers: Vec<String> = fields.unwrap_or_default().into_keys().collect();
    OrganisationFields::parse(name, kind, notes, slugs, &numbers, &mut errors)
        .ok_or(AppError::Validation(errors))
}

#[server(prefix = "/api", endpoint = "akteur-neu")]
pub async fn create_organisation(
    name: String,
    kind: String,
    notes: String,
    areas: Option<HashMap<String, String>>,
    fields: Option<HashMap<String, String>>,
) -> Result<(), AppError> {
    use crate::server::{request, services};
    let state = request::state()?;
    let user = request::require_user()?;
    let parsed = parse_organisation(&name, &kind, &notes, areas, fields)?;
    let id = services::organisations::create(&state.db, &user, parsed).await?;
    leptos_axum::redirect(&format!("/intern/akteure/{id}?ok=angelegt"));
    Ok(())
}

#[server(prefix = "/api", endpoint = "akteur-aendern")]
pub async fn update_organisation(
    id: i64,
    name: String,
    kind: String,
    notes: String,
    areas: Option<HashMap<String, String>>,
    fields: Option<HashMap<String, String>>,
) -> Result<(), AppError> {
    use crate::server::{access, request, services};
    let state = request::state()?;
    let editor = access::organisation_of(&state.db, &request::require_user()?, id).await?;
    let parsed = parse_organisation(&name, &kind, &notes, areas, fields)?;
    services::organisations::update(&state.db, &editor, parsed).await?;
    leptos_axum::redirect(&format!("/intern/akteure/{id}?ok=gespeichert"));
    Ok(())
}

#[server(prefix = "/api", endpoint = "kontakt-neu")]
pub async fn add_contact(
    organisation: i64,
    name: String,
    function: String,
    email: String,
    phone: String,
    consent_on: String,
    consent_purpose: String,
) -> Result<(), AppError> {
    use crate::domain::organisation::ContactFields;
    use crate::domain::validation::FieldErrors;
    use crate::server::{access, request, services};
    let state = request::state()?;
    let editor =
        access::organisation_of(&state.db, &request::require_user()?, organisation).await?;
    let mut errors = FieldErrors::new();
    let fields = ContactFields::parse(
        &name,
        &function,
        &email,
        &phone,
        &consent_on,
        &consent_purpose,
        &mut errors,
    )
    .ok_or(AppError::Validation(errors))?;
    services::organisations::add_contact(&state.db, &editor, fields).await?;
    leptos_axum::redirect(&format!("/intern/akteure/{organisation}?ok=kontakt"));
    Ok(())
}

#[server(prefix = "/api", endpoint = "kontakt-loeschen")]
pub async fn erase_contact(contact: i64) -> Result<(), AppError> {
    use crate::server::{access, request, services};
    let state = request::state()?;
    let proof = access::contact_of(&state.db, &request::require_user()?, contact).await?;
    let organisation = services::organisations::erase_contact(&state.db, &proof).await?;
    leptos_axum::redirect(&format!("/intern/akteure/{organisation}?ok=geloescht"));
    Ok(())
}
