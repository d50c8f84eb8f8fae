//! Needs: the public form (no account), its receipt, and an area's submissions for its staff.
// The form's fields arrive flat (simple field ids and error links), which makes a long argument
// list here and in the code the server macro generates from it.
#![allow(clippy::too_many_arguments)]
use crate::domain::need::{SubmissionReceipt, SubmissionView};
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// What the public form needs: the area and a fresh one-time key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NeedFormData {
    pub area_slug: String,
    pub area_name: String,
    pub form_key: String,
    /// The organisation named by a personal form link (`?von=…`), to fill in.
    pub organisation: String,
    /// The language the browser prefers among the form's; an address with `?sprache=` wins.
    pub preferred_locale: crate::i18n::Locale,
    /// How long contact data is kept after the area's programme is approved (the consent says it).
    pub retention_months: u32,
}

#[server(prefix = "/api", endpoint = "bedarfsformular")]
pub async fn need_form(area: String, von: Option<String>) -> Result<NeedFormData, AppError> {
    use crate::server::{db::now_unix, request, services};
    let state = request::state()?;
    let (area, form_key) =
        services::needs::form(&state.db, &state.config, &area, now_unix()).await?;
    let organisation = match von.as_deref().filter(|v| !v.is_empty()) {
        Some(code) => {
            services::needs::organisation_of_link(&state.db, &state.config, &area.slug, code)
                .await?
        }
        None => None,
    };
    let preferred_locale = leptos_i18n::Locale::find_locale(&request::accepted_languages());
    Ok(NeedFormData {
        area_slug: area.slug,
        area_name: area.name,
        form_key,
        organisation: organisation.unwrap_or_default(),
        preferred_locale,
        retention_months: state.config.contact_retention_months,
    })
}

/// The personal form links of an organisation, one per area: (area, address).
#[server(prefix = "/api", endpoint = "bedarf-links")]
pub async fn organisation_need_links(id: i64) -> Result<Vec<(String, String)>, AppError> {
    use crate::server::{access, request, services};
    let state = request::state()?;
    let editor = access::organisation_of(&state.db, &request::require_user()?, id).await?;
    services::needs::organisation_links(&state.db, &state.config, &editor).await
}

/// Stores a need sent through the form and goes on to the receipt. `website` is a trap for
/// bots: people never see it.
#[server(prefix = "/api", endpoint = "bedarf-melden")]
pub async fn submit_need(
    area: String,
    form_key: String,
    website: Option<String>,
    field: Option<String>,
    // Missing text fields count as empty, so that they get their own messages.
    #[server(default)] title: String,
    #[server(default)] description: String,
    #[server(default)] affected: String,
    #[server(default)] organisation: String,
    #[server(default)] contact_name: String,
    #[server(default)] contact_email: String,
    consent: Option<String>,
    /// The second consent box: e-mail updates on the need.
    updates: Option<String>,
    /// The language the form was shown in.
    #[server(default)]
    language: String,
) -> Result<(), AppError> {
    use crate::api::urlencode;
    use crate::domain::need::SubmissionInput;
    use crate::server::services::needs::{self, SubmitLimits, Submitted};
    use crate::server::{db::now_unix, request};
    let state = request::state()?;
    let input = SubmissionInput {
        field: field.unwrap_or_default(),
        title,
        description,
        affected,
        organisation,
        contact_name,
        contact_email,
        consent,
        updates,
        language: crate::components::need_form_text::parse_locale(&language)
            .map(|l| leptos_i18n::Locale::as_str(l).to_owned())
            .unwrap_or_default(),
    };
    let limits = SubmitLimits {
        per_ip: &state.need_submissions_per_ip,
        per_area: &state.need_submissions_per_area,
    };
    let outcome = needs::submit(
        &state.db,
        &state.config,
        limits,
        request::client_ip(),
        &area,
        &form_key,
        website.as_deref().unwrap_or_default(),
        &input,
        now_unix(),
    )
    .await?;
    let receipt = format!("/bedarf/{}/eingang", urlencode(&area));
    match outcome {
        Submitted::Stored { key } => {
            leptos_axum::redirect(&format!("{receipt}?schluessel={}", urlencode(&key)))
        }
        Submitted::Ignored => leptos_axum::redirect(&receipt),
    }
    Ok(())
}

#[server(prefix = "/api", endpoint = "bedarf-eingang")]
pub async fn need_receipt(key: String) -> Result<SubmissionReceipt, AppError> {
    use crate::server::{request, services};
    let state = request::state()?;
    let mut receipt = services::needs::receipt(&state.db, &key, &state.config.public_url).await?;
    receipt.tracking_qr_svg = crate::server::qr::svg(&receipt.tracking_url)?;
    Ok(receipt)
}

/// "Was ist aus meinem Bedarf geworden?": the trail behind the receipt key, for everybody who
/// has the key (no account).
#[server(prefix = "/api", endpoint = "bedarf-verlauf")]
pub async fn need_trail(key: String) -> Result<crate::domain::need_trail::NeedTrail, AppError> {
    use crate::server::{request, services};
    let state = request::state()?;
    services::need_trail::trail(&state.db, &key).await
}

#[server(prefix = "/api", endpoint = "gebiet-bedarfsmeldungen")]
pub async fn area_need_submissions(area: String) -> Result<Vec<SubmissionView>, AppError> {
    use crate::server::{access, request, services};
    let state = request::state()?;
    let staff = access::area_of(&state.db, &request::require_user()?, &area).await?;
    services::needs::for_area(&state.db, &staff).await
}

/// A poster for the area's form: the address and its QR code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PosterData {
    pub area_name: String,
    pub url: String,
    /// Generated by the server from the address; no user input in it.
    pub qr_svg: String,
}

#[server(prefix = "/api", endpoint = "bedarfsplakat")]
pub async fn need_poster(area: String) -> Result<PosterData, AppError> {
    use crate::server::{db::now_unix, qr, request, services};
    let state = request::state()?;
    let (area, _) = services::needs::form(&state.db, &state.config, &area, now_unix()).await?;
    let url = format!("{}/bedarf/{}", state.config.public_url, area.slug);
    Ok(PosterData {
        area_name: area.name,
        qr_svg: qr::svg(&url)?,
        url,
    })
}
