//! The application state, provided to server functions and page rendering through context.
use super::rate_limit::WindowLimiter;
use crate::server::db::Db;
use leptos::config::LeptosOptions;
use std::sync::Arc;
use std::time::Duration;

#[derive(Clone, Debug)]
pub struct Config {
    /// The address users reach the app at, for links printed by the server ("http://127.0.0.1:3000").
    pub public_url: String,
    /// Derives the invitation and calendar-feed links.
    pub link_key: super::links::LinkKey,
    /// Contact data of needs submissions is erased this many months after the area's programme
    /// was approved (the form's consent text names the same figure).
    pub contact_retention_months: u32,
    /// The city's Projektmittel per year, against which all areas' planned measures are summed.
    pub yearly_budget_cents: i64,
    /// Coordinators, too, must confirm their login with a second factor (the Projektbüro always).
    pub second_factor_for_coordinators: bool,
    /// An open measure without an implementation update for this many months is flagged to
    /// its area's coordinators and the Projektbüro.
    pub stale_after_months: u32,
    /// An SMTP server is configured (`--smtp-url`): stakeholders' e-mail updates are sent.
    /// Without one nothing is sent, and the staff pages say so.
    pub mail_enabled: bool,
}

impl Config {
    /// Cookies carry `Secure` whenever the app is served over HTTPS.
    pub fn secure_cookies(&self) -> bool {
        self.public_url.starts_with("https://")
    }
}

#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub leptos_options: LeptosOptions,
    pub config: Arc<Config>,
    /// Failed logins per account and per IP: ten a minute, then 429.
    pub login_failures: Arc<WindowLimiter>,
    /// Needs forms per IP (20 in 10 minutes: a community centre is one IP for many people) and
    /// per area (100 an hour).
    pub need_submissions_per_ip: Arc<WindowLimiter>,
    pub need_submissions_per_area: Arc<WindowLimiter>,
    /// Barriers reported through the accessibility feedback form, per IP (10 an hour).
    pub feedback_per_ip: Arc<WindowLimiter>,
    /// What failed forms sent without JavaScript, to fill them in again (15 minutes, 16 MiB).
    pub form_echo: Arc<super::form_echo::FormEchoStore>,
    /// One-time links waiting to be shown once to the staff member who made them.
    pub flash: Arc<super::flash::FlashStore>,
    /// What the open data's DCAT-AP.de catalogue says about licence, place and contact.
    pub catalogue: Arc<crate::domain::open_data_catalogue::CatalogueSettings>,
    /// Reverse proxies whose forwarding headers name the client (none by default).
    pub trusted_proxies: Arc<super::client_address::TrustedProxies>,
}

impl AppState {
    pub fn new(db: Db, leptos_options: LeptosOptions, config: Config) -> Self {
        Self {
            db,
            leptos_options,
            config: Arc::new(config),
            login_failures: Arc::new(WindowLimiter::new(10, Duration::from_secs(60))),
            need_submissions_per_ip: Arc::new(WindowLimiter::new(20, Duration::from_secs(600))),
            need_submissions_per_area: Arc::new(WindowLimiter::new(100, Duration::from_secs(3600))),
            feedback_per_ip: Arc::new(WindowLimiter::new(10, Duration::from_secs(3600))),
            form_echo: Arc::new(super::form_echo::FormEchoStore::new(
                Duration::from_secs(15 * 60),
                16 * 1024 * 1024,
            )),
            flash: Arc::default(),
            catalogue: Arc::default(),
            trusted_proxies: Arc::default(),
        }
    }
}

impl AppState {
    /// Lifts the needs form's limits (`serve --benchmark-without-form-limits`), so that a load
    /// generator on one address can measure durable submissions per second.
    pub fn lift_form_limits_for_benchmark(&mut self) {
        let unlimited = || Arc::new(WindowLimiter::new(usize::MAX, Duration::from_secs(1)));
        self.need_submissions_per_ip = unlimited();
        self.need_submissions_per_area = unlimited();
        self.feedback_per_ip = unlimited();
    }
}

impl axum::extract::FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}
