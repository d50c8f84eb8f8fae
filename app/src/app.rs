//! The HTML shell, the router and the page layout.
use crate::components::{footer::SiteFooter, header::SiteHeader, user_context::Session};
use crate::pages;
use leptos::config::LeptosOptions;
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Stylesheet, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{path, SsrMode};

/// The document around the app, rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    provide_request_nonce();
    view! {
        <!DOCTYPE html>
        <html lang="de">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="color-scheme" content="light" />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                <HydrationTags options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// Hands the nonce that the security middleware put into the CSP header to the renderer.
#[cfg(feature = "ssr")]
fn provide_request_nonce() {
    use crate::server::request::CspNonce;
    if let Some(nonce) = use_context::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<CspNonce>().cloned())
    {
        provide_context(leptos::nonce::Nonce::from_value(nonce.0));
    }
}

/// Our own hydration tags: Leptos 0.8.23's `HydrationScripts` writes the nonce into `crossorigin`
/// (leptos issue #4843), which is invalid HTML.
#[component]
fn HydrationTags(options: LeptosOptions) -> impl IntoView {
    let nonce = leptos::nonce::use_nonce();
    let pkg = format!("/{}", options.site_pkg_dir);
    let name = options.output_name.to_string();
    // cargo-leptos names the wasm like the JS file; wasm-bindgen alone appends `_bg`.
    let wasm = if option_env!("LEPTOS_OUTPUT_NAME").is_some() {
        name.clone()
    } else {
        format!("{name}_bg")
    };
    let js_href = format!("{pkg}/{name}.js");
    let wasm_href = format!("{pkg}/{wasm}.wasm");
    let script = format!(
        "import init, {{ hydrate }} from '{js_href}'; init({{ module_or_path: '{wasm_href}' }}).then(() => hydrate());"
    );
    view! {
        <link rel="modulepreload" href=js_href nonce=nonce.clone() />
        <link rel="preload" href=wasm_href r#as="fetch" r#type="application/wasm" crossorigin="anonymous" />
        <script type="module" nonce=nonce>{script}</script>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    // Marks the document once the WebAssembly has taken over (end-to-end tests check this).
    Effect::new(move |_| {
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("data-hydrated", "true");
        }
    });
    view! {
        <Stylesheet id="leptos" href="/pkg/aktionsplan.css" />
        <Title formatter=|title: String| {
            if title.is_empty() { "Aktionsplan Soziale Stadt Dortmund".to_owned() } else { format!("{title} – Aktionsplan Soziale Stadt Dortmund") }
        } />
        <Router>
            <Layout />
        </Router>
    }
}

/// After a form failed without JavaScript, the address names what it sent (`__echo`), which
/// server function failed (`__path`) and how (`__err`); the fields of that form take the values
/// again.
#[cfg(feature = "ssr")]
fn provide_echoed_form() {
    let query = leptos_router::hooks::use_query_map();
    let (Some(key), Some(path), true) =
        query.with_untracked(|q| (q.get("__echo"), q.get("__path"), q.get("__err").is_some()))
    else {
        return;
    };
    if let Some(form) = crate::server::request::state()
        .ok()
        .and_then(|state| state.form_echo.take(&key))
        .filter(|form| form.path == path)
    {
        provide_context(form);
    }
}

/// A form that failed without JavaScript comes back through a redirect; the page that shows the
/// error answers with the error's status (422, 429, …), as the same call with JavaScript would.
#[cfg(feature = "ssr")]
fn status_of_failed_form() {
    use leptos::server_fn::error::ServerFnUrlError;
    let query = leptos_router::hooks::use_query_map();
    if let Some(encoded) = query.with_untracked(|q| q.get("__err")) {
        let error = ServerFnUrlError::<crate::error::AppError>::decode_err(&encoded);
        crate::server::request::set_status(error.status());
    }
}

/// Everything inside the router, so that server actions see errors passed back in the URL when a
/// form was sent without JavaScript.
#[component]
fn Layout() -> impl IntoView {
    Session::provide();
    #[cfg(feature = "ssr")]
    {
        provide_echoed_form();
        status_of_failed_form();
    }
    view! {
            <SiteHeader />
            <main id="inhalt" tabindex="-1">
                <Routes fallback=pages::not_found::NotFound>
                    <Route path=path!("/") view=pages::home::HomePage ssr=SsrMode::Async />
                    <Route path=path!("/gebiete/:slug") view=pages::area::AreaPublicPage ssr=SsrMode::Async />
                    <Route path=path!("/gebiete/:slug/programm") view=pages::programme_public::ProgrammePublicPage ssr=SsrMode::Async />
                    <Route path=path!("/gebiete/:slug/programm/fassung/:version") view=pages::programme_public::ProgrammePublicPage ssr=SsrMode::Async />
                    <Route path=path!("/anmelden") view=pages::login::LoginPage ssr=SsrMode::Async />
                    <Route path=path!("/anmelden/code") view=pages::login_code::LoginCodePage ssr=SsrMode::Async />
                    <Route path=path!("/anmelden/zweiter-faktor") view=pages::second_factor_setup::SecondFactorSetupPage ssr=SsrMode::Async />
                    <Route path=path!("/einrichten") view=pages::setup::SetupPage ssr=SsrMode::Async />
                    <Route path=path!("/passwort") view=pages::reset::ResetPage ssr=SsrMode::Async />
                    <Route path=path!("/bedarf/:slug") view=pages::need_form::NeedFormPage ssr=SsrMode::Async />
                    <Route path=path!("/bedarf/:slug/plakat") view=pages::need_form::NeedPosterPage ssr=SsrMode::Async />
                    <Route path=path!("/bedarf/:slug/eingang") view=pages::need_form::NeedReceiptPage ssr=SsrMode::Async />
                    <Route path=path!("/verfolgen/:key") view=pages::need_trail::NeedTrailPage ssr=SsrMode::Async />
                    <Route path=path!("/abbestellen/:token") view=pages::unsubscribe::UnsubscribePage ssr=SsrMode::Async />
                    <Route path=path!("/bestaetigen/:token") view=pages::confirm_updates::ConfirmUpdatesPage ssr=SsrMode::Async />
                    <Route path=path!("/termine") view=pages::public_dates::PublicDatesPage ssr=SsrMode::Async />
                    <Route path=path!("/umsetzung") view=pages::city_implementation::CityImplementationPage ssr=SsrMode::Async />
                    <Route path=path!("/offene-daten") view=pages::open_data::OpenDataPage ssr=SsrMode::Async />
                    <Route path=path!("/impressum") view=pages::impressum::ImpressumPage ssr=SsrMode::Async />
                    <Route path=path!("/datenschutz") view=pages::datenschutz::DatenschutzPage ssr=SsrMode::Async />
                    <Route path=path!("/barrierefreiheit") view=pages::accessibility::AccessibilityPage ssr=SsrMode::Async />
                    <Route path=path!("/barrierefreiheit/eingang") view=pages::accessibility::AccessibilityReceiptPage ssr=SsrMode::Async />
                    <Route path=path!("/leichte-sprache") view=pages::easy_language::EasyLanguagePage ssr=SsrMode::Async />
                    <Route path=path!("/intern") view=pages::dashboard::DashboardPage ssr=SsrMode::Async />
                    <Route path=path!("/intern/ueberblick") view=pages::office_overview::OfficeOverviewPage ssr=SsrMode::Async />
                    <Route path=path!("/intern/sachstand") view=pages::status_report::StatusReportPage ssr=SsrMode::Async />
                    <Route path=path!("/intern/verarbeitungsverzeichnis") view=pages::processing_register::ProcessingRegisterPage ssr=SsrMode::Async />
                    <Route path=path!("/intern/barrierefreiheit") view=pages::accessibility_office::AccessibilityOfficePage ssr=SsrMode::Async />
                    <Route path=path!("/intern/barrierefreiheit/meldung/:id") view=pages::accessibility_office::AccessibilityReportPage ssr=SsrMode::Async />
                    <Route path=path!("/intern/zweiter-faktor") view=pages::second_factor::SecondFactorPage ssr=SsrMode::Async />
                    <Route path=path!("/intern/wiederherstellungscodes") view=pages::recovery_codes::RecoveryCodesPage ssr=SsrMode::Async />
                    <Route path=path!("/intern/benutzer") view=pages::users::UsersPage ssr=SsrMode::Async />
                    <Route path=path!("/intern/benutzer/:id") view=pages::user_detail::UserDetailPage ssr=SsrMode::Async />
                    <Route path=path!("/intern/gebiete/neu") view=pages::area_new::AreaNewPage ssr=SsrMode::Async />
                    <Route path=path!("/intern/gebiete/:slug") view=pages::area_staff::AreaStaffPage ssr=SsrMode::Async />
                    <Route path=path!("/intern/gebiete/:slug/umsetzung") view=pages::implementation::ImplementationPage ssr=SsrMode::Async />
                    <Route path=path!("/intern/gebiete/:slug/umsetzung/:measure") view=pages::implementation::MeasureImplementationPage ssr=SsrMode::Async />
                    <Route path=path!("/intern/gebiete/:slug/programm") view=pages::programme::ProgrammePage ssr=SsrMode::Async />
                    <Route path=path!("/intern/gebiete/:slug/programm/bearbeiten") view=pages::programme_edit::ProgrammeEditPage ssr=SsrMode::Async />
                    <Route path=path!("/intern/gebiete/:slug/programm/vergleich") view=pages::programme_compare::ProgrammeComparePage ssr=SsrMode::Async />
                    <Route path=path!("/intern/akteure") view=pages::organisations::OrganisationsPage ssr=SsrMode::Async />
                    <Route path=path!("/intern/akteure/neu") view=pages::organisation_new::OrganisationNewPage ssr=SsrMode::Async />
                    <Route path=path!("/intern/akteure/:id") view=pages::organisation::OrganisationPage ssr=SsrMode::Async />
                    <Route path=path!("/intern/termine") view=pages::meetings::MeetingsPage ssr=SsrMode::Async />
                    <Route path=path!("/intern/termine/neu") view=pages::meeting_form::MeetingNewPage ssr=SsrMode::Async />
                    <Route path=path!("/intern/termine/:id") view=pages::meeting::MeetingPage ssr=SsrMode::Async />
                    <Route path=path!("/intern/termine/:id/bearbeiten") view=pages::meeting_form::MeetingEditPage ssr=SsrMode::Async />
                    <Route path=path!("/intern/termine/:id/einladungen") view=pages::invitations::InvitationsPage ssr=SsrMode::Async />
                    <Route path=path!("/intern/termine/:id/protokoll") view=pages::record::RecordPage ssr=SsrMode::Async />
                    <Route path=path!("/intern/termine/:id/protokoll/druck") view=pages::record::RecordPrintPage ssr=SsrMode::Async />
                    <Route path=path!("/intern/bedarfe") view=pages::needs::NeedsPage ssr=SsrMode::Async />
                    <Route path=path!("/intern/bedarfe/neu") view=pages::need_new::NeedNewPage ssr=SsrMode::Async />
                    <Route path=path!("/intern/bedarfe/:id") view=pages::need::NeedPage ssr=SsrMode::Async />
                    <Route path=path!("/intern/datenschutz") view=pages::personal_data::PersonalDataPage ssr=SsrMode::Async />
                    <Route path=path!("/intern/kalender") view=pages::calendar_feeds::CalendarFeedsPage ssr=SsrMode::Async />
                    <Route path=path!("/einladung/:token") view=pages::reply::ReplyPageView ssr=SsrMode::Async />
                </Routes>
            </main>
            <SiteFooter />
    }
}
