//! A calm error message for a page that could not load; sets the HTTP status during SSR.
use crate::api::urlencode;
use crate::error::AppError;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_location;

#[component]
pub fn ErrorNotice(error: AppError) -> impl IntoView {
    #[cfg(feature = "ssr")]
    crate::server::request::set_status(error.status());
    let location = use_location();
    // After an expired second step, back to the start of the login (not to the step itself).
    let expired_login = error == AppError::LoginExpired;
    let login_href = move || {
        if expired_login {
            "/anmelden".to_owned()
        } else {
            format!("/anmelden?weiter={}", urlencode(&location.pathname.get()))
        }
    };
    let title = match &error {
        AppError::Unauthorized => "Anmeldung erforderlich",
        AppError::Forbidden => "Kein Zugriff",
        AppError::NotFound(_) => "Nicht gefunden",
        AppError::InvalidLink => "Link ungültig",
        AppError::LoginExpired => "Anmeldung abgelaufen",
        AppError::Unavailable => "Gerade überlastet",
        _ => "Das hat nicht geklappt",
    };
    let is_unauthorized = matches!(error, AppError::Unauthorized | AppError::LoginExpired);
    // A page reached with wrong values in its address says what is wrong; there are no fields to mark.
    let details: Vec<String> = match &error {
        AppError::Validation(errors) => errors.0.iter().map(|e| e.message.clone()).collect(),
        _ => Vec::new(),
    };
    view! {
        // A page that could not load is named by its error (a window or tab without a title
        // tells screen reader users nothing).
        <Title text=title />
        <section class="notice notice-error" aria-labelledby="fehler-titel">
            <h1 id="fehler-titel">{title}</h1>
            {if details.is_empty() {
                view! { <p>{error.to_string()}</p> }.into_any()
            } else {
                details.into_iter().map(|d| view! { <p>{d}</p> }).collect_view().into_any()
            }}
            {is_unauthorized.then(|| view! { <p><a href=login_href>"Zur Anmeldung"</a></p> })}
            <p><a href="/">"Zur Startseite"</a></p>
        </section>
    }
}
