//! Account management for the Projektbüro.
use crate::domain::area::Area;
use crate::domain::user::Account;
use crate::error::AppError;
use leptos::prelude::*;
use std::collections::HashMap;

/// Checkbox values arrive as `areas[<slug>]=on`; this resolves them to area ids.
#[cfg(feature = "ssr")]
async fn area_ids(
    db: &crate::server::db::Db,
    areas: Option<HashMap<String, String>>,
) -> Result<Vec<i64>, AppError> {
    let slugs: Vec<String> = areas.unwrap_or_default().into_keys().collect();
    crate::server::services::areas::ids_of(db, &slugs, "areas").await
}

#[server(prefix = "/api", endpoint = "benutzer")]
pub async fn list_users() -> Result<(Vec<Account>, Vec<Area>), AppError> {
    use crate::server::{access, request, services};
    let state = request::state()?;
    let office = access::project_office(&request::require_user()?)?;
    let accounts = services::users::list(&state.db, &office).await?;
    Ok((accounts, services::areas::list(&state.db).await?))
}

/// An account with the areas to choose from, and the one-time link just made for it when
/// `hinweis` is the key the redirect after making it carried (shown once).
#[server(prefix = "/api", endpoint = "benutzer-details")]
pub async fn get_user(
    id: i64,
    #[server(default)] hinweis: String,
) -> Result<(Account, Vec<Area>, Option<String>), AppError> {
    use crate::server::{access, request, services};
    let state = request::state()?;
    let office = access::project_office(&request::require_user()?)?;
    let account = services::users::get(&state.db, &office, id).await?;
    let link = (!hinweis.is_empty())
        .then(|| state.flash.take(office.user().id, &hinweis))
        .flatten();
    Ok((account, services::areas::list(&state.db).await?, link))
}

/// Returns the one-time link when no initial password was given.
#[server(prefix = "/api", endpoint = "benutzer-neu")]
pub async fn create_user(
    name: String,
    email: String,
    role: String,
    password: String,
    areas: Option<HashMap<String, String>>,
) -> Result<i64, AppError> {
    use crate::server::{access, request, services::users};
    let state = request::state()?;
    let office = access::project_office(&request::require_user()?)?;
    let new_user = users::NewUser::parse(&name, &email, &role, &password)?;
    let ids = area_ids(&state.db, areas).await?;
    let (id, link) =
        users::create(&state.db, &state.config.public_url, &office, new_user, &ids).await?;
    let mut target = format!("/intern/benutzer/{id}?ok=angelegt");
    if let Some(link) = link {
        let key = state.flash.put(office.user().id, link);
        target.push_str(&format!("&hinweis={key}"));
    }
    leptos_axum::redirect(&target);
    Ok(id)
}

#[server(prefix = "/api", endpoint = "benutzer-gebiete")]
pub async fn assign_areas(id: i64, areas: Option<HashMap<String, String>>) -> Result<(), AppError> {
    use crate::server::{access, request, services::users};
    let state = request::state()?;
    let office = access::project_office(&request::require_user()?)?;
    let ids = area_ids(&state.db, areas).await?;
    users::assign_areas(&state.db, &office, id, &ids).await?;
    leptos_axum::redirect(&format!("/intern/benutzer/{id}?ok=gebiete"));
    Ok(())
}

#[server(prefix = "/api", endpoint = "benutzer-sperren")]
pub async fn set_user_disabled(
    id: i64,
    disabled: bool,
    #[server(default)] step_up_code: String,
) -> Result<(), AppError> {
    use crate::server::{access, request, services::users};
    let state = request::state()?;
    let user = request::require_user()?;
    let office = access::project_office(&user)?;
    request::recent_code(&state, &user, &step_up_code).await?;
    users::set_disabled(&state.db, &office, id, disabled).await?;
    let ok = if disabled { "gesperrt" } else { "entsperrt" };
    leptos_axum::redirect(&format!("/intern/benutzer/{id}?ok={ok}"));
    Ok(())
}

#[server(prefix = "/api", endpoint = "benutzer-zweiter-faktor")]
pub async fn reset_user_second_factor(
    id: i64,
    #[server(default)] step_up_code: String,
) -> Result<(), AppError> {
    use crate::server::{access, request, services::users};
    let state = request::state()?;
    let user = request::require_user()?;
    let office = access::project_office(&user)?;
    request::recent_code(&state, &user, &step_up_code).await?;
    users::reset_second_factor(&state.db, &office, id).await?;
    leptos_axum::redirect(&format!("/intern/benutzer/{id}?ok=zweiter-faktor"));
    Ok(())
}

#[server(prefix = "/api", endpoint = "benutzer-passwort")]
pub async fn set_user_password(
    id: i64,
    password: String,
    password_repeat: String,
    #[server(default)] step_up_code: String,
) -> Result<(), AppError> {
    use crate::domain::password::NewPassword;
    use crate::server::{access, request, services::users};
    let state = request::state()?;
    let user = request::require_user()?;
    let office = access::project_office(&user)?;
    let password = NewPassword::parse(&password, &password_repeat)
        .map_err(|e| AppError::field("password", e.to_string()))?;
    request::recent_code(&state, &user, &step_up_code).await?;
    users::set_password(&state.db, &office, id, password).await?;
    leptos_axum::redirect(&format!("/intern/benutzer/{id}?ok=passwort"));
    Ok(())
}

#[server(prefix = "/api", endpoint = "benutzer-link")]
pub async fn issue_reset_link(
    id: i64,
    #[server(default)] step_up_code: String,
) -> Result<(), AppError> {
    use crate::server::{access, request, services::users};
    let state = request::state()?;
    let user = request::require_user()?;
    let office = access::project_office(&user)?;
    request::recent_code(&state, &user, &step_up_code).await?;
    let link = users::reset_link(&state.db, &state.config.public_url, &office, id).await?;
    let key = state.flash.put(office.user().id, link);
    leptos_axum::redirect(&format!("/intern/benutzer/{id}?ok=link&hinweis={key}"));
    Ok(())
}
