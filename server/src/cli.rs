//! Command-line interface: serve, manage users, back up, fill demo data.
use clap::{Parser, Subcommand};
use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "server",
    version,
    about = "Aktionsplan Soziale Stadt Dortmund – Webanwendung und Verwaltungsbefehle",
    long_about = "Aktionsplan Soziale Stadt Dortmund.\n\nOhne Befehl startet der Webserver (wie `server serve`). \
                  Alle Befehle arbeiten mit der SQLite-Datenbank aus --database; sie wird bei Bedarf angelegt \
                  und auf den neuesten Stand gebracht."
)]
pub struct Cli {
    /// SQLite database file.
    #[arg(
        long,
        global = true,
        env = "AKTIONSPLAN_DATABASE",
        default_value = "data/aktionsplan.sqlite"
    )]
    pub database: PathBuf,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Start the web server (the default).
    Serve(ServeArgs),
    /// Manage staff accounts.
    #[command(subcommand)]
    User(UserCommand),
    /// Write an online, consistent copy of the database to FILE (VACUUM INTO).
    Backup {
        /// Target file; must not exist yet.
        file: PathBuf,
    },
    /// Check the database file with SQLite's integrity check (also while the server runs); exits
    /// non-zero if it finds a problem.
    Check,
    /// Fill a fresh database with fictitious demo content (accounts, about 120 organisations,
    /// the Akteursgespräche of 2022 with replies and minutes) and print the demo passwords once.
    DemoData {
        /// Key file for the invitation links (as for `serve`; created if missing).
        #[arg(long, env = "AKTIONSPLAN_LINK_KEY")]
        link_key: Option<PathBuf>,
        /// N times the demo: more organisations, meetings, needs and programme versions (50
        /// gives the benchmark's size: about 6,000 organisations, 2,000 meetings, 100,000 needs,
        /// 500 versions). Large fills commit without waiting for the disk after each step.
        #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=200))]
        scale: u32,
    },
}

#[derive(Debug, Clone, clap::Args)]
pub struct ServeArgs {
    /// Address and port to listen on.
    #[arg(long, env = "AKTIONSPLAN_ADDR", default_value = "127.0.0.1:3000")]
    pub addr: SocketAddr,
    /// Address users reach the app at, for printed links; https:// turns on Secure cookies.
    /// Default: http://<addr>.
    #[arg(long, env = "AKTIONSPLAN_PUBLIC_URL")]
    pub public_url: Option<String>,
    /// Key file for invitation and calendar links (created on first start, keep it with the
    /// backups); default: next to the database, with ".link-key" appended.
    #[arg(long, env = "AKTIONSPLAN_LINK_KEY")]
    pub link_key: Option<PathBuf>,
    /// Months after an area's programme is approved until the contact data (name, e-mail) of
    /// its needs submissions is erased; checked at start and daily.
    #[arg(long, env = "AKTIONSPLAN_CONTACT_RETENTION_MONTHS", default_value_t = 12, value_parser = clap::value_parser!(u32).range(1..=120))]
    pub contact_retention_months: u32,
    /// The Projektmittel of the whole city per year in euro; the programme pages compare the
    /// measures planned in all areas with it.
    #[arg(long, env = "AKTIONSPLAN_YEARLY_BUDGET_EURO", default_value_t = 226_000, value_parser = clap::value_parser!(u32).range(0..=100_000_000))]
    pub yearly_budget_euro: u32,
    /// Directory with the built site (pkg/, CSS, favicon). Default: ../site next to the binary,
    /// else target/site.
    #[arg(long, env = "LEPTOS_SITE_ROOT")]
    pub site_root: Option<PathBuf>,
    /// Read-only connections beside the one writer (WAL: readers never wait for writes).
    /// 0: one connection for reads and writes alike (for tests that prove no request holds
    /// one connection while asking for another).
    #[arg(long, env = "AKTIONSPLAN_DATABASE_READERS", default_value_t = 8, value_parser = clap::value_parser!(u32).range(0..=64))]
    pub database_readers: u32,
    /// A reverse proxy (address or network, repeatable or comma-separated) whose
    /// X-Forwarded-For/Forwarded header names the client. Default: none, every client is the
    /// connection's peer. Without it, behind a proxy all visitors share the proxy's address and
    /// its rate limits.
    #[arg(
        long = "trusted-proxy",
        env = "AKTIONSPLAN_TRUSTED_PROXIES",
        value_delimiter = ','
    )]
    pub trusted_proxy: Vec<String>,
    /// The one header the trusted proxy writes the client into: x-forwarded-for (nginx's
    /// `$proxy_add_x_forwarded_for`, the default) or forwarded (RFC 7239). The other is ignored:
    /// a client could write it itself.
    #[arg(
        long = "forwarded-header",
        env = "AKTIONSPLAN_FORWARDED_HEADER",
        default_value = "x-forwarded-for"
    )]
    pub forwarded_header: String,
    /// Open connections at most; more wait in the kernel's queue until one ends. Bounds the
    /// memory the connections hold (each at most a form's body and hyper's buffers).
    #[arg(long, env = "AKTIONSPLAN_MAX_CONNECTIONS", default_value_t = 512, value_parser = clap::value_parser!(u32).range(1..=65_536))]
    pub max_connections: u32,
    /// Coordinators, too, confirm each login with a code from an authenticator app (TOTP);
    /// the Projektbüro always does.
    #[arg(long, env = "AKTIONSPLAN_SECOND_FACTOR_FOR_COORDINATORS")]
    pub second_factor_for_coordinators: bool,
    /// Months without an update of its Umsetzung after which an open measure of a published
    /// programme is flagged to its area's coordinators and the Projektbüro.
    #[arg(long, env = "AKTIONSPLAN_STALE_AFTER_MONTHS", default_value_t = 6, value_parser = clap::value_parser!(u32).range(1..=60))]
    pub stale_after_months: u32,
    /// SMTP server for the e-mail updates stakeholders can ask for on the needs form, e.g.
    /// smtp://mail.example:25, smtp://user:password@mail.example:587?tls=required or
    /// smtps://user:password@mail.example. Without it no e-mail is sent.
    #[arg(long, env = "AKTIONSPLAN_SMTP_URL")]
    pub smtp_url: Option<String>,
    /// The sender of those e-mails.
    #[arg(long, env = "AKTIONSPLAN_MAIL_FROM", default_value = app::server::mail::DEFAULT_FROM)]
    pub mail_from: String,
    /// The licence of the open data, from the DCAT-AP.de licence list (named in its catalogue
    /// `/offene-daten/katalog.jsonld`).
    #[arg(
        long,
        env = "AKTIONSPLAN_OPEN_DATA_LICENSE",
        default_value = "http://dcat-ap.de/def/licenses/dl-by-de/2.0"
    )]
    pub open_data_license: String,
    /// The place the open data covers, as a DCAT-AP.de political geocoding address (default:
    /// Dortmund's Gemeindeschlüssel 05913000).
    #[arg(
        long,
        env = "AKTIONSPLAN_OPEN_DATA_SPATIAL",
        default_value = "http://dcat-ap.de/def/politicalGeocoding/municipalityKey/05913000"
    )]
    pub open_data_spatial: String,
    /// The e-mail address the open data's catalogue names for questions (the Projektbüro's).
    #[arg(
        long,
        env = "AKTIONSPLAN_OPEN_DATA_CONTACT",
        default_value = "projektbuero@stadt.example"
    )]
    pub open_data_contact: String,
    /// For the benchmark only: lift the needs form's limits per address and per area, so that
    /// one load generator can send thousands of forms. Never in production.
    #[arg(long, hide = true)]
    pub benchmark_without_form_limits: bool,
}

impl Default for ServeArgs {
    fn default() -> Self {
        Self {
            addr: std::env::var("AKTIONSPLAN_ADDR")
                .ok()
                .and_then(|a| a.parse().ok())
                .unwrap_or_else(|| SocketAddr::from(([127, 0, 0, 1], 3000))),
            public_url: std::env::var("AKTIONSPLAN_PUBLIC_URL").ok(),
            site_root: std::env::var("LEPTOS_SITE_ROOT").ok().map(PathBuf::from),
            contact_retention_months: std::env::var("AKTIONSPLAN_CONTACT_RETENTION_MONTHS")
                .ok()
                .and_then(|m| m.parse().ok())
                .filter(|m| (1..=120).contains(m))
                .unwrap_or(12),
            yearly_budget_euro: std::env::var("AKTIONSPLAN_YEARLY_BUDGET_EURO")
                .ok()
                .and_then(|m| m.parse().ok())
                .filter(|m| *m <= 100_000_000)
                .unwrap_or(226_000),
            link_key: std::env::var("AKTIONSPLAN_LINK_KEY")
                .ok()
                .map(PathBuf::from),
            database_readers: std::env::var("AKTIONSPLAN_DATABASE_READERS")
                .ok()
                .and_then(|m| m.parse().ok())
                .filter(|m| *m <= 64)
                .unwrap_or(8),
            trusted_proxy: std::env::var("AKTIONSPLAN_TRUSTED_PROXIES")
                .map(|list| list.split(',').map(|p| p.trim().to_owned()).collect())
                .unwrap_or_default(),
            max_connections: std::env::var("AKTIONSPLAN_MAX_CONNECTIONS")
                .ok()
                .and_then(|m| m.parse().ok())
                .filter(|m| (1..=65_536).contains(m))
                .unwrap_or(512),
            forwarded_header: std::env::var("AKTIONSPLAN_FORWARDED_HEADER")
                .unwrap_or_else(|_| "x-forwarded-for".to_owned()),
            second_factor_for_coordinators: std::env::var(
                "AKTIONSPLAN_SECOND_FACTOR_FOR_COORDINATORS",
            )
            .is_ok_and(|v| matches!(v.trim(), "1" | "true" | "ja")),
            stale_after_months: std::env::var("AKTIONSPLAN_STALE_AFTER_MONTHS")
                .ok()
                .and_then(|m| m.parse().ok())
                .filter(|m| (1..=60).contains(m))
                .unwrap_or(app::domain::implementation::DEFAULT_STALE_MONTHS),
            smtp_url: std::env::var("AKTIONSPLAN_SMTP_URL").ok(),
            mail_from: std::env::var("AKTIONSPLAN_MAIL_FROM")
                .unwrap_or_else(|_| app::server::mail::DEFAULT_FROM.to_owned()),
            open_data_license: std::env::var("AKTIONSPLAN_OPEN_DATA_LICENSE")
                .unwrap_or_else(|_| "http://dcat-ap.de/def/licenses/dl-by-de/2.0".to_owned()),
            open_data_spatial: std::env::var("AKTIONSPLAN_OPEN_DATA_SPATIAL").unwrap_or_else(
                |_| "http://dcat-ap.de/def/politicalGeocoding/municipalityKey/05913000".to_owned(),
            ),
            open_data_contact: std::env::var("AKTIONSPLAN_OPEN_DATA_CONTACT")
                .unwrap_or_else(|_| "projektbuero@stadt.example".to_owned()),
            benchmark_without_form_limits: false,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create an account; the password is read from standard input (empty: print a one-time link).
    Add {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        /// projektbuero or beauftragte
        #[arg(long)]
        role: String,
        /// Area slug (repeatable), e.g. --area hafen --area nordmarkt
        #[arg(long = "area")]
        areas: Vec<String>,
        /// Public address for the printed one-time link.
        #[arg(
            long,
            env = "AKTIONSPLAN_PUBLIC_URL",
            default_value = "http://127.0.0.1:3000"
        )]
        public_url: String,
    },
    /// Remove the user's second factor (a lost phone and lost recovery codes) and end their
    /// sessions; at the next login they set it up again.
    ResetMfa {
        #[arg(long)]
        email: String,
    },
    /// Print a one-time link (valid 24 hours) with which the user sets a new password.
    ResetPassword {
        #[arg(long)]
        email: String,
        #[arg(
            long,
            env = "AKTIONSPLAN_PUBLIC_URL",
            default_value = "http://127.0.0.1:3000"
        )]
        public_url: String,
    },
}
