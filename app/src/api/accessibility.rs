//! The Erklärung zur Barrierefreiheit (public), its feedback form (no account) and the
//! Projektbüro's page for the statement's facts and the reported barriers.
use crate::domain::accessibility::{AccessibilityStatement, FeedbackQueue, FeedbackReceipt};
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

pub use crate::domain::accessibility::FeedbackInput;

/// The statement with a fresh key for its feedback form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatementPage {
    pub statement: AccessibilityStatement,
    pub form_key: String,
    /// How long contact data is kept (the consent says it).
    pub retention_months: u32,
}

#[server(prefix = "/api", endpoint = "barrierefreiheit")]
pub async fn load_accessibility_statement() -> Result<StatementPage, AppError> {
    use crate::server::{db::now_unix, request, services::accessibility};
    let state = request::state()?;
    Ok(StatementPage {
        statement: accessibility::statement(&state.db, false).await?,
        form_key: accessibility::form_key(&state.config, now_unix()),
        retention_months: state.config.contact_retention_months,
    })
}

/// The statement alone (Leichte Sprache tells its state): no form, so no per-visitor key, and the
/// page that shows it stays in the page cache.
#[server(prefix = "/api", endpoint = "barrierefreiheit-stand")]
pub async fn load_accessibility_facts() -> Result<AccessibilityStatement, AppError> {
    use crate::server::{request, services::accessibility};
    let state = request::state()?;
    accessibility::statement(&state.db, false).await
}

/// Stores a reported barrier and goes on to its receipt. `website` is a trap for bots.
#[server(prefix = "/api", endpoint = "barriere-melden")]
pub async fn report_barrier(
    form_key: String,
    website: Option<String>,
    #[server(default)] page: String,
    #[server(default)] description: String,
    #[server(default)] contact_name: String,
    #[server(default)] contact_email: String,
    consent: Option<String>,
) -> Result<(), AppError> {
    use crate::api::urlencode;
    use crate::server::services::accessibility::{self, Sent};
    use crate::server::{db::now_unix, request};
    let state = request::state()?;
    let input = FeedbackInput {
        page,
        description,
        contact_name,
        contact_email,
        consent: consent.is_some(),
    };
    let sent = accessibility::submit(
        &state.db,
        &state.config,
        &state.feedback_per_ip,
        request::client_ip(),
        &form_key,
        website.as_deref().unwrap_or_default(),
        &input,
        now_unix(),
    )
    .await?;
    match sent {
        Sent::Stored { key } => leptos_axum::redirect(&format!(
            "/barrierefreiheit/eingang?schluessel={}",
            urlencode(&key)
        )),
        Sent::Ignored => leptos_axum::redirect("/barrierefreiheit/eingang"),
    }
    Ok(())
}

#[server(prefix = "/api", endpoint = "barriere-eingang")]
pub async fn barrier_receipt(key: String) -> Result<FeedbackReceipt, AppError> {
    use crate::server::{request, services::accessibility};
    let state = request::state()?;
    accessibility::receipt(&state.db, &key).await
}

/// The Projektbüro's page: the statement's facts and the queue (page `seite` of the answered).
#[server(prefix = "/api", endpoint = "barrierefreiheit-intern")]
pub async fn accessibility_office(
    #[server(default)] page: i64,
) -> Result<(AccessibilityStatement, FeedbackQueue), AppError> {
    use crate::server::{access, db::now_unix, request, services::accessibility};
    let state = request::state()?;
    let office = access::project_office(&request::require_user()?)?;
    let statement = accessibility::statement(&state.db, true).await?;
    let queue = accessibility::queue(&state.db, &office, page, now_unix()).await?;
    Ok((statement, queue))
}

/// (open, overdue) reported barriers, for the Projektbüro's start page.
#[server(prefix = "/api", endpoint = "barrieren-offen")]
pub async fn barrier_counts() -> Result<(i64, i64), AppError> {
    use crate::server::{access, db::now_unix, request, services::accessibility};
    let state = request::state()?;
    let office = access::project_office(&request::require_user()?)?;
    accessibility::open_counts(&state.db, &office, now_unix()).await
}

/// One reported barrier, for answering it.
#[server(prefix = "/api", endpoint = "barriere")]
pub async fn barrier_report(
    id: i64,
) -> Result<crate::domain::accessibility::FeedbackItem, AppError> {
    use crate::server::{access, db::now_unix, request, services::accessibility};
    let state = request::state()?;
    let office = access::project_office(&request::require_user()?)?;
    accessibility::report(&state.db, &office, id, now_unix()).await
}

#[server(prefix = "/api", endpoint = "barrierefreiheit-erklaerung")]
pub async fn save_accessibility_statement(
    #[server(default)] conformity: String,
    #[server(default)] assessed_on: String,
    #[server(default)] method: String,
    #[server(default)] known_gaps: String,
    #[server(default)] contact_email: String,
    #[server(default)] contact_phone: String,
) -> Result<(), AppError> {
    use crate::domain::accessibility::StatementInput;
    use crate::server::{access, db::now_unix, request, services::accessibility};
    let state = request::state()?;
    let office = access::project_office(&request::require_user()?)?;
    let input = StatementInput {
        conformity,
        assessed_on,
        method,
        known_gaps,
        contact_email,
        contact_phone,
    };
    accessibility::save_statement(&state.db, &office, &input, now_unix()).await?;
    leptos_axum::redirect("/intern/barrierefreiheit?ok=erklaerung");
    Ok(())
}

/// Sets a report's state and answer.
#[server(prefix = "/api", endpoint = "barriere-antwort")]
pub async fn answer_barrier(
    id: i64,
    #[server(default)] state: String,
    #[server(default)] answer: String,
) -> Result<(), AppError> {
    use crate::domain::accessibility::FeedbackUpdateInput;
    use crate::server::{access, db::now_unix, request, services::accessibility};
    let app = request::state()?;
    let office = access::project_office(&request::require_user()?)?;
    let input = FeedbackUpdateInput { state, answer };
    accessibility::update(&app.db, &office, id, &input, now_unix()).await?;
    leptos_axum::redirect(&format!(
        "/intern/barrierefreiheit/meldung/{id}?ok=gespeichert"
    ));
    Ok(())
}
