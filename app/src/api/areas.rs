//! Areas: the public list and pages, the staff part, and master-data changes.
use crate::domain::area::{Area, AreaPage};
use crate::error::AppError;
use leptos::prelude::*;

#[server(prefix = "/api", endpoint = "gebiete")]
pub async fn list_areas() -> Result<Vec<Area>, AppError> {
    let state = crate::server::request::state()?;
    crate::server::services::areas::list(&state.db).await
}

#[server(prefix = "/api", endpoint = "gebiet")]
pub async fn load_area_page(slug: String) -> Result<AreaPage, AppError> {
    use crate::server::{request, services::areas};
    let state = request::state()?;
    areas::public_page(&state.db, &slug, request::current_user().as_ref()).await
}

/// The staff part of an area page: only its coordinators and the Projektbüro.
#[server(prefix = "/api", endpoint = "gebiet-intern")]
pub async fn staff_area_page(slug: String) -> Result<AreaPage, AppError> {
    use crate::server::{access, request, services::areas};
    let state = request::state()?;
    let staff = access::area_of(&state.db, &request::require_user()?, &slug).await?;
    areas::staff_page(&state.db, &staff).await
}

/// The areas of the logged-in user: their own for a coordinator, all for the Projektbüro.
#[server(prefix = "/api", endpoint = "meine-gebiete")]
pub async fn my_areas() -> Result<Vec<Area>, AppError> {
    use crate::domain::policy::is_project_office;
    use crate::server::{request, services::areas};
    let state = request::state()?;
    let user = request::require_user()?;
    let all = areas::list(&state.db).await?;
    Ok(all
        .into_iter()
        .filter(|a| is_project_office(&user) || user.area_ids.contains(&a.id))
        .collect())
}

#[server(prefix = "/api", endpoint = "gebiet-aendern")]
pub async fn update_area(
    slug: String,
    name: String,
    kind: String,
    district: String,
    social_space: String,
    description: String,
    contact: String,
    effective_on: String,
    decision: String,
) -> Result<(), AppError> {
    use crate::domain::area::{AreaFields, ChangeReason};
    use crate::domain::validation::FieldErrors;
    use crate::server::{access, request, services::areas};
    let state = request::state()?;
    let office = access::project_office(&request::require_user()?)?;
    let mut errors = FieldErrors::new();
    let fields = AreaFields::parse(
        &name,
        &kind,
        &district,
        &social_space,
        &description,
        &contact,
        &mut errors,
    );
    let reason = ChangeReason::parse(&effective_on, &decision, &mut errors);
    let (Some(fields), Some(reason)) = (fields, reason) else {
        return Err(AppError::Validation(errors));
    };
    areas::update(&state.db, &office, &slug, fields, reason).await?;
    leptos_axum::redirect(&format!("/intern/gebiete/{slug}?ok=gespeichert"));
    Ok(())
}

#[server(prefix = "/api", endpoint = "gebiet-neu")]
pub async fn create_area(
    slug: String,
    name: String,
    kind: String,
    district: String,
    social_space: String,
    description: String,
    contact: String,
    effective_on: String,
    decision: String,
) -> Result<(), AppError> {
    use crate::domain::area::{AreaFields, ChangeReason};
    use crate::domain::validation::FieldErrors;
    use crate::server::{access, request, services::areas};
    let state = request::state()?;
    let office = access::project_office(&request::require_user()?)?;
    let mut errors = FieldErrors::new();
    let fields = AreaFields::parse(
        &name,
        &kind,
        &district,
        &social_space,
        &description,
        &contact,
        &mut errors,
    );
    let reason = ChangeReason::parse(&effective_on, &decision, &mut errors);
    if let Err(message) = crate::domain::area::parse_slug(&slug) {
        errors.add("slug", message);
    }
    let (Some(fields), Some(reason), true) = (fields, reason, errors.is_empty()) else {
        return Err(AppError::Validation(errors));
    };
    let slug = areas::create(&state.db, &office, &slug, fields, reason).await?;
    leptos_axum::redirect(&format!("/intern/gebiete/{slug}?ok=angelegt"));
    Ok(())
}

#[server(prefix = "/api", endpoint = "gebiet-status")]
pub async fn set_area_retired(
    slug: String,
    retire: bool,
    effective_on: String,
    decision: String,
) -> Result<(), AppError> {
    use crate::domain::area::ChangeReason;
    use crate::domain::validation::FieldErrors;
    use crate::server::{access, request, services::areas};
    let state = request::state()?;
    let office = access::project_office(&request::require_user()?)?;
    let mut errors = FieldErrors::new();
    let Some(reason) = ChangeReason::parse(&effective_on, &decision, &mut errors) else {
        return Err(AppError::Validation(errors));
    };
    areas::set_retired(&state.db, &office, &slug, retire, reason).await?;
    leptos_axum::redirect(&format!("/intern/gebiete/{slug}?ok=gespeichert"));
    Ok(())
}
