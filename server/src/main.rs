//! The `server` binary: web server and admin commands.
use app::server::client_address::{ForwardedHeader, TrustedProxies};
use app::server::db::Db;
use app::server::links::LinkKey;
use app::server::sealed::SealingKey;
use app::server::services::{auth, users};
use app::server::state::{AppState, Config};
use app::server::{db, repo, session};
use clap::Parser;
use leptos::config::LeptosOptions;
use server::cli::{Cli, Command, ServeArgs, UserCommand};
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,sqlx=warn,tower_http=warn".into()),
        )
        .with_target(false)
        .init();
    let cli = Cli::parse();
    match run(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("Fehler: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn open(database: &Path) -> Result<Db, String> {
    open_shaped(database, db::Shape::default()).await
}

async fn open_shaped(database: &Path, shape: db::Shape) -> Result<Db, String> {
    Db::open_shaped(database, shape).await.map_err(|e| {
        format!(
            "Die Datenbank {} lässt sich nicht öffnen: {e}",
            database.display()
        )
    })
}

async fn run(mut cli: Cli) -> Result<(), String> {
    // `sqlite:` URLs name the same file as its path (and its link key sits beside that file).
    cli.database = db::database_file(&cli.database).map_err(|e| e.to_string())?;
    match cli.command.unwrap_or(Command::Serve(ServeArgs::default())) {
        Command::Serve(args) => serve(&cli.database, args).await,
        Command::User(UserCommand::Add {
            email,
            name,
            role,
            areas,
            public_url,
        }) => {
            let db = open(&cli.database).await?;
            let mut password = String::new();
            std::io::stdin()
                .read_to_string(&mut password)
                .map_err(|e| {
                    format!("Das Passwort ließ sich nicht von der Standardeingabe lesen: {e}")
                })?;
            let password = password.trim_end_matches(['\n', '\r']);
            let new_user =
                users::NewUser::parse(&name, &email, &role, password).map_err(describe)?;
            let mut conn = db.read().await.map_err(|e| e.to_string())?;
            let found = repo::areas::ids_by_slugs(&mut conn, &areas)
                .await
                .map_err(|e| e.to_string())?;
            drop(conn);
            if found.len() != areas.len() {
                let missing: Vec<&String> = areas
                    .iter()
                    .filter(|s| !found.iter().any(|(f, _)| f == *s))
                    .collect();
                return Err(format!("Unbekannte Gebiete: {missing:?}"));
            }
            let ids: Vec<i64> = found.into_iter().map(|(_, id)| id).collect();
            let (id, link) = users::insert_account(&db, &public_url, new_user, &ids)
                .await
                .map_err(describe)?;
            println!("Konto {id} angelegt: {email}");
            if let Some(link) = link {
                println!("Einmal-Link zum Festlegen des Passworts (24 Stunden gültig):\n{link}");
            }
            Ok(())
        }
        Command::User(UserCommand::ResetMfa { email }) => {
            let db = open(&cli.database).await?;
            let id = account_id(&db, &email).await?;
            let removed = app::server::services::second_factor::reset(&db, id)
                .await
                .map_err(describe)?;
            if removed {
                println!("Der zweite Faktor von {email} ist entfernt, alle Sitzungen sind beendet. Bei der nächsten Anmeldung richtet das Konto ihn neu ein (Projektbüro: Pflicht).");
            } else {
                println!("{email} hatte keinen zweiten Faktor eingerichtet; alle Sitzungen sind beendet.");
            }
            Ok(())
        }
        Command::User(UserCommand::ResetPassword { email, public_url }) => {
            let db = open(&cli.database).await?;
            let id = account_id(&db, &email).await?;
            let link = auth::issue_reset_link(&db, &public_url, id)
                .await
                .map_err(describe)?;
            println!("Einmal-Link zum Festlegen des Passworts (24 Stunden gültig):\n{link}");
            Ok(())
        }
        Command::Backup { file } => {
            if file.exists() {
                return Err(format!(
                    "{} gibt es schon; bitte einen neuen Dateinamen angeben.",
                    file.display()
                ));
            }
            let db = open(&cli.database).await?;
            let target = file.to_str().ok_or("Der Dateiname muss UTF-8 sein.")?;
            // The copy holds what the database holds: created 0600 (empty, as VACUUM INTO allows).
            app::server::db::make_private(&file)
                .map_err(|e| format!("{} lässt sich nicht anlegen: {e}", file.display()))?;
            let written = sqlx::query("VACUUM INTO ?")
                .bind(target)
                .execute(&mut *db.read().await.map_err(|e| e.to_string())?)
                .await;
            if let Err(error) = written {
                let _ = std::fs::remove_file(&file);
                return Err(format!("Sicherung fehlgeschlagen: {error}"));
            }
            println!("Sicherung geschrieben: {}", file.display());
            Ok(())
        }
        Command::Check => {
            let db = open(&cli.database).await?;
            let findings: Vec<String> = sqlx::query_scalar("PRAGMA integrity_check")
                .fetch_all(&mut *db.read().await.map_err(|e| e.to_string())?)
                .await
                .map_err(|e| format!("Die Prüfung ließ sich nicht ausführen: {e}"))?;
            if findings == ["ok"] {
                println!("Datenbank in Ordnung: {}", cli.database.display());
                Ok(())
            } else {
                Err(format!(
                    "Die Datenbank {} ist beschädigt:\n{}",
                    cli.database.display(),
                    findings.join("\n")
                ))
            }
        }
        Command::DemoData { link_key, scale } => {
            let link_key = load_link_key(&cli.database, link_key)?;
            let db = open(&cli.database)
                .await?
                .with_seed_key(SealingKey::for_second_factor(&link_key));
            let config = Config {
                public_url: "http://127.0.0.1:3000".into(),
                link_key,
                contact_retention_months: 12,
                yearly_budget_cents: app::domain::programme::DEFAULT_YEARLY_BUDGET_CENTS,
                second_factor_for_coordinators: false,
                stale_after_months: app::domain::implementation::DEFAULT_STALE_MONTHS,
                mail_enabled: false,
            };
            let demo = server::demo::fill(&db, &config, scale as usize).await?;
            println!(
                "Demodaten angelegt in {}: {} Organisationen, {} Termine, {} Bedarfe, Aktionsprogramme für alle Gebiete mit {} Fassungen, {} Einträge zur Umsetzung. Zugänge (werden nur jetzt angezeigt):",
                cli.database.display(),
                demo.organisations,
                demo.meetings,
                demo.needs,
                demo.programme_versions,
                demo.implementation_updates
            );
            for (email, password) in &demo.accounts {
                println!("  {email}  {password}");
            }
            println!(
                "Was ist aus meinem Bedarf geworden? Beispiele (Links aus Eingangsbestätigungen):"
            );
            for (kind, url) in &demo.tracking_links {
                println!("  {kind}: {url}");
            }
            if let Some((office, _)) = demo.accounts.first() {
                println!(
                    "Das Projektbüro ({office}) bestätigt jede Anmeldung mit einem Code aus einer Authenticator-App. Schlüssel zum Eintragen in die App (zeitbasiert, 6 Ziffern, 30 Sekunden):\n  {}\n  {}",
                    app::server::second_factor::grouped(&demo.office_second_factor),
                    app::server::second_factor::otpauth_url(&demo.office_second_factor, office)
                        .unwrap_or_default()
                );
            }
            Ok(())
        }
    }
}

fn describe(error: app::error::AppError) -> String {
    match &error {
        app::error::AppError::Validation(errors) => errors
            .0
            .iter()
            .map(|e| format!("{}: {}", e.field, e.message))
            .collect::<Vec<_>>()
            .join("; "),
        _ => error.to_string(),
    }
}

fn site_root(args: &ServeArgs) -> PathBuf {
    if let Some(root) = &args.site_root {
        return root.clone();
    }
    let beside_binary = std::env::current_exe().ok().and_then(|exe| {
        exe.parent()
            .and_then(Path::parent)
            .map(|dir| dir.join("site"))
    });
    match beside_binary {
        Some(dir) if dir.join("pkg").is_dir() => dir,
        _ => PathBuf::from("target/site"),
    }
}

/// The link key from `--link-key`, or beside the database with ".link-key" appended.
fn load_link_key(database: &Path, path: Option<PathBuf>) -> Result<LinkKey, String> {
    let path = path.unwrap_or_else(|| {
        let mut path = database.as_os_str().to_owned();
        path.push(".link-key");
        PathBuf::from(path)
    });
    LinkKey::load_or_create(&path).map_err(|e| format!("Schlüsseldatei {}: {e}", path.display()))
}

async fn serve(database: &Path, args: ServeArgs) -> Result<(), String> {
    let db = open_shaped(database, db::Shape::with_readers(args.database_readers)).await?;
    let public_url = args
        .public_url
        .clone()
        .unwrap_or_else(|| format!("http://{}", args.addr))
        .trim_end_matches('/')
        .to_owned();
    let leptos_options = LeptosOptions::builder()
        .output_name(std::env::var("LEPTOS_OUTPUT_NAME").unwrap_or_else(|_| "aktionsplan".into()))
        .site_root(site_root(&args).to_string_lossy().to_string())
        .site_pkg_dir("pkg")
        .site_addr(args.addr)
        .build();
    let link_key = load_link_key(database, args.link_key.clone())?;
    // The second factor's seeds are sealed with a key derived from the link key (kept outside
    // the database); seeds stored before sealing are sealed now.
    let db = db.with_seed_key(SealingKey::for_second_factor(&link_key));
    let sealed = app::server::services::second_factor::seal_stored_seeds(&db)
        .await
        .map_err(describe)?;
    if sealed > 0 {
        tracing::info!(sealed, "second-factor seeds sealed");
    }
    // Subscriptions to e-mail updates from before get their derived links (only hashes kept).
    let derived = app::server::services::need_updates::derive_earlier_links(&db, &link_key)
        .await
        .map_err(describe)?;
    if derived > 0 {
        tracing::info!(derived, "links of earlier e-mail subscriptions derived");
    }
    // A wrong SMTP address stops the start: better than updates that silently never leave.
    let mailer = args
        .smtp_url
        .as_deref()
        .map(|url| app::server::mail::Mailer::new(url, &args.mail_from))
        .transpose()
        .map_err(|e| format!("--smtp-url/--mail-from: {e}"))?;
    let trusted_proxies = args
        .trusted_proxy
        .iter()
        .filter(|p| !p.trim().is_empty())
        .map(|p| p.parse())
        .collect::<Result<Vec<_>, String>>()
        .map_err(|e| format!("--trusted-proxy: {e}"))?;
    let forwarded_header: ForwardedHeader = args
        .forwarded_header
        .parse()
        .map_err(|e| format!("--forwarded-header: {e}"))?;
    let mut state = AppState::new(
        db.clone(),
        leptos_options,
        Config {
            public_url: public_url.clone(),
            link_key,
            contact_retention_months: args.contact_retention_months,
            yearly_budget_cents: i64::from(args.yearly_budget_euro) * 100,
            second_factor_for_coordinators: args.second_factor_for_coordinators,
            stale_after_months: args.stale_after_months,
            mail_enabled: args.smtp_url.is_some(),
        },
    );
    if !trusted_proxies.is_empty() {
        tracing::info!(proxies = ?args.trusted_proxy, header = ?forwarded_header, "client addresses from these proxies' forwarding header");
    }
    state.trusted_proxies = Arc::new(TrustedProxies::with_header(
        trusted_proxies,
        forwarded_header,
    ));
    let catalogue = app::domain::open_data_catalogue::CatalogueSettings {
        license: args.open_data_license.trim().to_owned(),
        spatial: args.open_data_spatial.trim().to_owned(),
        contact_email: args.open_data_contact.trim().to_lowercase(),
        attribution: "Stadt Dortmund".to_owned(),
    };
    app::domain::open_data_catalogue::check_settings(&catalogue)?;
    state.catalogue = Arc::new(catalogue);
    if args.benchmark_without_form_limits {
        tracing::warn!("benchmark mode: the needs form has no limits per address or area");
        state.lift_form_limits_for_benchmark();
    }

    // The programme PDF needs DejaVu Sans; without it everything else still works.
    if let Err(missing) = server::programme_pdf::fonts() {
        tracing::warn!(%missing, "programme PDFs fail until DejaVu Sans is installed");
    }

    // Needs a migration wrote get their search stems before anyone searches.
    let stemmed = app::server::services::catalogue::index_unstemmed(&db)
        .await
        .map_err(describe)?;
    if stemmed > 0 {
        tracing::info!(needs = stemmed, "search stems computed");
    }

    if let Some(link) = auth::setup_link_if_needed(&db, &public_url)
        .await
        .map_err(describe)?
    {
        println!("\nNoch kein Benutzerkonto vorhanden. Einmaliger Einrichtungslink (24 Stunden gültig):\n{link}\n");
    }
    let purge_pool = db.clone();
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(600));
        loop {
            tick.tick().await;
            if let Err(error) = session::purge_expired(&purge_pool).await {
                tracing::warn!(%error, "purging expired sessions failed");
            }
            // Addresses for e-mail updates that were not confirmed within seven days.
            match app::server::services::need_updates::erase_unconfirmed(
                &purge_pool,
                db::now_unix(),
            )
            .await
            {
                Ok(0) => {}
                Ok(erased) => {
                    tracing::info!(erased, "unconfirmed addresses for e-mail updates erased")
                }
                Err(error) => tracing::warn!(?error, "erasing unconfirmed addresses failed"),
            }
        }
    });

    // Contact data of needs submissions and of reported barriers is kept only as long as the
    // consent texts promise.
    let retention_pool = db.clone();
    let months = args.contact_retention_months;
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(24 * 3600));
        loop {
            tick.tick().await;
            let now = db::now_unix();
            match app::server::services::needs::erase_expired_contacts(&retention_pool, months, now)
                .await
            {
                Ok(0) => {}
                Ok(erased) => tracing::info!(
                    submissions = erased,
                    months,
                    "contact data erased after retention"
                ),
                Err(error) => tracing::warn!(?error, "erasing expired contact data failed"),
            }
            match app::server::services::accessibility::erase_expired_contacts(
                &retention_pool,
                months,
                now,
            )
            .await
            {
                Ok(0) => {}
                Ok(erased) => tracing::info!(
                    barrier_reports = erased,
                    months,
                    "contact data of reported barriers erased after retention"
                ),
                Err(error) => tracing::warn!(?error, "erasing expired feedback contacts failed"),
            }
        }
    });

    match mailer {
        Some(mailer) => {
            let mail_pool = db.clone();
            let mail_url = public_url.clone();
            let mail_key = state.config.link_key.clone();
            tokio::spawn(async move { send_updates(mail_pool, mailer, mail_key, mail_url).await });
        }
        None => tracing::info!("no --smtp-url: stakeholders' e-mail updates are not sent"),
    }

    let listener = tokio::net::TcpListener::bind(args.addr)
        .await
        .map_err(|e| format!("Port {} ist nicht verfügbar: {e}", args.addr))?;
    println!(
        "Aktionsplan läuft auf {public_url} (Datenbank {})",
        database.display()
    );
    let limits = server::serve::ServeLimits {
        max_connections: usize::try_from(args.max_connections)
            .unwrap_or(server::serve::MAX_CONNECTIONS),
        ..Default::default()
    };
    server::serve::serve_with(listener, server::router(state), shutdown_signal(), limits)
        .await
        .map_err(|e| e.to_string())?;
    db.close().await;
    Ok(())
}

/// Sends the stakeholders' e-mail updates as they fall due: a round every few seconds, at once
/// again while a round was full.
async fn send_updates(
    db: db::Db,
    mailer: app::server::mail::Mailer,
    key: LinkKey,
    public_url: String,
) {
    use app::server::services::need_updates;
    let mut tick = tokio::time::interval(Duration::from_secs(5));
    loop {
        tick.tick().await;
        // Locked second factors are told to their owners and the Projektbüro.
        if let Err(error) = app::server::services::second_factor::tell_locks(
            &db,
            &mailer,
            &public_url,
            db::now_unix(),
        )
        .await
        {
            tracing::warn!(?error, "telling of locked second factors failed");
        }
        loop {
            match need_updates::send_due(&db, &mailer, &key, &public_url, db::now_unix()).await {
                Ok(sent) if sent >= need_updates::BATCH => continue,
                Ok(_) => break,
                Err(error) => {
                    tracing::warn!(?error, "sending e-mail updates failed");
                    break;
                }
            }
        }
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = terminate => {}
    }
}

/// The id of the account with this e-mail address, or a German message naming it.
async fn account_id(db: &app::server::db::Db, email: &str) -> Result<i64, String> {
    let mut conn = db.read().await.map_err(|e| e.to_string())?;
    repo::users::id_by_email(&mut conn, &email.trim().to_lowercase())
        .await
        .map_err(|e| e.to_string())?
        .ok_or_else(|| format!("Kein Konto mit der E-Mail-Adresse {email}."))
}
