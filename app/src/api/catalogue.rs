//! The needs catalogue for staff: list and search, one need with its provenance, moderation
//! (accept, reject, merge, undo) and needs typed in by hand.
use crate::domain::catalogue::{CatalogueFilter, CataloguePage, NeedDetail};
use crate::error::AppError;
use leptos::prelude::*;

#[server(prefix = "/api", endpoint = "bedarfe")]
pub async fn need_catalogue(filter: CatalogueFilter) -> Result<CataloguePage, AppError> {
    use crate::server::{request, services::catalogue};
    let state = request::state()?;
    let user = request::require_user()?;
    catalogue::catalogue(&state.db, &user, &filter).await
}

/// A need; `similar`: also look for duplicates of an accepted need (`?aehnliche=1`).
#[server(prefix = "/api", endpoint = "bedarf")]
pub async fn load_need(id: i64, #[server(default)] similar: bool) -> Result<NeedDetail, AppError> {
    use crate::server::{access, request, services::catalogue};
    let state = request::state()?;
    let need = access::need_of(&state.db, &request::require_user()?, id).await?;
    let mut detail = catalogue::detail(&state.db, &need, similar).await?;
    if let Some(updates) = detail.updates.as_mut() {
        updates.mail_enabled = state.config.mail_enabled;
    }
    Ok(detail)
}

#[server(prefix = "/api", endpoint = "bedarf-annehmen")]
pub async fn accept_need(
    id: i64,
    #[server(default)] field: String,
    #[server(default)] title: String,
) -> Result<(), AppError> {
    use crate::domain::catalogue::AcceptInput;
    use crate::server::{access, db::now_unix, request, services::catalogue};
    let state = request::state()?;
    let need = access::need_of(&state.db, &request::require_user()?, id).await?;
    catalogue::accept(&state.db, &need, &AcceptInput { field, title }, now_unix()).await?;
    leptos_axum::redirect(&format!("/intern/bedarfe/{id}?ok=angenommen"));
    Ok(())
}

#[server(prefix = "/api", endpoint = "bedarf-ablehnen")]
pub async fn reject_need(id: i64, #[server(default)] reason: String) -> Result<(), AppError> {
    use crate::server::{access, db::now_unix, request, services::catalogue};
    let state = request::state()?;
    let need = access::need_of(&state.db, &request::require_user()?, id).await?;
    catalogue::reject(&state.db, &need, &reason, now_unix()).await?;
    leptos_axum::redirect(&format!("/intern/bedarfe/{id}?ok=abgelehnt"));
    Ok(())
}

/// `target` is a need chosen from the suggestions; `target_reference` a reference number typed
/// in instead (it wins when given).
#[server(prefix = "/api", endpoint = "bedarf-zusammenfuehren")]
pub async fn merge_need(
    id: i64,
    target: Option<i64>,
    #[server(default)] target_reference: String,
) -> Result<(), AppError> {
    use crate::server::{access, db::now_unix, request, services::catalogue};
    let state = request::state()?;
    let need = access::need_of(&state.db, &request::require_user()?, id).await?;
    catalogue::merge_by_choice(&state.db, &need, target, &target_reference, now_unix()).await?;
    leptos_axum::redirect(&format!("/intern/bedarfe/{id}?ok=zusammengefuehrt"));
    Ok(())
}

#[server(prefix = "/api", endpoint = "bedarf-rueckgaengig")]
pub async fn undo_need_moderation(id: i64) -> Result<(), AppError> {
    use crate::server::{access, db::now_unix, request, services::catalogue};
    let state = request::state()?;
    let need = access::need_of(&state.db, &request::require_user()?, id).await?;
    catalogue::undo(&state.db, &need, now_unix()).await?;
    leptos_axum::redirect(&format!("/intern/bedarfe/{id}?ok=rueckgaengig"));
    Ok(())
}

#[server(prefix = "/api", endpoint = "bedarf-erfassen")]
pub async fn add_need(
    #[server(default)] area: String,
    #[server(default)] field: String,
    #[server(default)] source: String,
    #[server(default)] title: String,
    #[server(default)] description: String,
    #[server(default)] organisation: String,
    #[server(default)] noted_on: String,
) -> Result<(), AppError> {
    use crate::domain::catalogue::ManualNeedInput;
    use crate::server::{access, db::now_unix, request, services::catalogue};
    let state = request::state()?;
    let staff = access::chosen_area_of(&state.db, &request::require_user()?, &area, "area").await?;
    let input = ManualNeedInput {
        area,
        field,
        source,
        title,
        description,
        organisation,
        noted_on,
    };
    let id = catalogue::add_manual(&state.db, &staff, &input, now_unix()).await?;
    leptos_axum::redirect(&format!("/intern/bedarfe/{id}?ok=erfasst"));
    Ok(())
}
