//! The benchmark (`bash .ci/bench`): fills a database at N times the demo, starts the release
//! server on it and measures the key pages with `wrk` at 32 connections, each beside a bare axum
//! handler that serves a body of the same size; then durable need submissions per second, memory,
//! cold start and the size of the WebAssembly. Prints a Markdown report for `BENCHMARKS.md`.
#[path = "../tests/support/mod.rs"]
mod support;

use clap::Parser;
use std::fmt::Write as _;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};
use support::{enc, free_port, request};

#[derive(Debug, Parser)]
struct Args {
    /// Times the demo (50: 15 areas, about 5,000 organisations, 2,000 meetings, 100,000 needs,
    /// 500 programme versions). A filled database is kept in target/bench and used again.
    #[arg(long, default_value_t = 50)]
    scale: u32,
    /// Seconds per measurement.
    #[arg(long, default_value_t = 10)]
    seconds: u32,
    /// Concurrent connections.
    #[arg(long, default_value_t = 32)]
    connections: u32,
    /// Database readers of the server (0: one connection for everything, the no-stall proof).
    #[arg(long, default_value_t = 8)]
    readers: u32,
    /// Measure only the pages whose name contains one of these comma-separated words (and the
    /// submissions if one of them is part of "submissions"), for a quick look at one change. The
    /// report then says it is partial.
    #[arg(long)]
    only: Option<String>,
}

/// The targets of issue 15 on the project's 2-core machine.
const P99_TARGET_MS: f64 = 50.0;
const RATIO_TARGET: f64 = 0.10;
const SUBMISSIONS_TARGET: f64 = 500.0;
const IDLE_RSS_TARGET_MB: f64 = 40.0;
const LOADED_RSS_TARGET_MB: f64 = 150.0;
const COLD_START_TARGET_S: f64 = 1.0;
const PAGE_SIZE_LIMIT: usize = 250 * 1024;

/// What wrk reported for one run.
#[derive(Debug, Default, Clone, Copy)]
struct Load {
    requests_per_sec: f64,
    p50_ms: f64,
    p99_ms: f64,
    requests: u64,
    errors: u64,
}

fn main() -> Result<(), String> {
    let args = Args::parse();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .ok_or("no workspace")?
        .to_path_buf();
    let binary = root.join("target/release/server");
    if !binary.exists() {
        return Err(format!(
            "{} fehlt: erst `cargo leptos build --release` (bash .ci/bench tut das)",
            binary.display()
        ));
    }
    let dir = root.join("target/bench");
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let key = dir.join("link-key");
    let filled = dir.join(format!("scale-{}.sqlite", args.scale));
    let accounts = dir.join(format!("scale-{}.accounts", args.scale));
    let mut report = String::new();
    if !filled.exists() {
        let started = Instant::now();
        let partial = dir.join(format!("scale-{}.partial.sqlite", args.scale));
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", partial.display()));
        }
        let output = Command::new(&binary)
            .arg("--database")
            .arg(&partial)
            .args([
                "demo-data",
                "--scale",
                &args.scale.to_string(),
                "--link-key",
            ])
            .arg(&key)
            .output()
            .map_err(|e| e.to_string())?;
        let printed = String::from_utf8_lossy(&output.stdout).into_owned();
        if !output.status.success() {
            return Err(format!(
                "demo-data: {printed}{}",
                String::from_utf8_lossy(&output.stderr)
            ));
        }
        std::fs::write(&accounts, &printed).map_err(|e| e.to_string())?;
        std::fs::rename(&partial, &filled).map_err(|e| e.to_string())?;
        for suffix in ["-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", partial.display()));
        }
        let _ = writeln!(
            report,
            "Filled `demo-data --scale {}` in {:.0} s.\n",
            args.scale,
            started.elapsed().as_secs_f64()
        );
    }
    let printed = std::fs::read_to_string(&accounts).map_err(|e| e.to_string())?;
    let _ = writeln!(
        report,
        "Data: {}\n",
        printed
            .lines()
            .find(|l| l.starts_with("Demodaten"))
            .unwrap_or("")
            .trim_end_matches(':')
    );
    let password = |email: &str| {
        printed
            .lines()
            .find_map(|l| l.trim().strip_prefix(email).map(|p| p.trim().to_owned()))
            .ok_or(format!("no demo password for {email}"))
    };
    let coordinator = ("a.demir@stadt.example", password("a.demir@stadt.example")?);

    // Each run starts from the filled database, so that submissions do not pile up.
    let database = dir.join("run.sqlite");
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", database.display()));
    }
    std::fs::copy(&filled, &database).map_err(|e| e.to_string())?;
    let addr = free_port();
    let log = dir.join("server.log");
    let started = Instant::now();
    let server = Server::start(&binary, &root, &database, &key, addr, &log, args.readers)?;
    let cold_start = loop {
        if let Some((200, _, _)) = request(addr, "GET", "/", None, None) {
            break started.elapsed();
        }
        if started.elapsed() > Duration::from_secs(60) {
            return Err("the server did not answer within 60 s".into());
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    std::thread::sleep(Duration::from_secs(1));
    let idle_rss = server.rss_mb();

    let login = format!(
        "email={}&password={}",
        enc(coordinator.0),
        enc(&coordinator.1)
    );
    let (status, cookies, _) =
        request(addr, "POST", "/api/anmelden", Some(&login), None).ok_or("login: no answer")?;
    let cookie = cookies
        .into_iter()
        .find(|c| c.starts_with("aktionsplan_sitzung="))
        .ok_or(format!("login answered {status} without a session"))?;
    let office_cookie = office_login(addr, &printed, &password)?;

    // A receipt's tracking link, as demo-data printed it.
    let trail = printed
        .lines()
        .find_map(|l| {
            l.split_once("/verfolgen/")
                .map(|(_, key)| key.trim().to_owned())
        })
        .ok_or("demo-data printed no tracking link")?;
    let mut pages = key_pages(addr, &cookie, &database, &trail)?;
    pages.extend(office_pages());
    if let Some(only) = &args.only {
        pages.retain(|p| only.split(',').any(|word| p.name.contains(word.trim())));
        let _ = writeln!(report, "Partial run: only `{only}`.\n");
    }
    let runtime = tokio::runtime::Runtime::new().map_err(|e| e.to_string())?;
    let bare_body: Arc<RwLock<axum::body::Bytes>> = Arc::default();
    let bare_addr = runtime.block_on(start_bare(bare_body.clone()))?;

    let _ = writeln!(
        report,
        "{} connections, {} s per run, `wrk -t2`. Bare: an axum handler answering a body of the \
         same size from memory.\n",
        args.connections, args.seconds
    );
    report.push_str(
        "| page | size | req/s | p50 | p99 | errors | bare req/s | bare p99 | ratio | targets |\n\
         | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n",
    );
    let mut missed = Vec::new();
    for page in &pages {
        let cookie = match page.account {
            Account::Public => None,
            Account::Coordinator => Some(cookie.as_str()),
            Account::ProjectOffice => Some(office_cookie.as_str()),
        };
        let (status, _, body) = request(addr, "GET", &page.path, None, cookie)
            .ok_or(format!("{}: no answer", page.path))?;
        if status != 200 {
            return Err(format!("{} answered {status}", page.path));
        }
        let size = body.len();
        let app = wrk(addr, &page.path, cookie, &args, None)?;
        *bare_body.write().map_err(|e| e.to_string())? = axum::body::Bytes::from(body);
        let bare = wrk(bare_addr, "/", None, &args, None)?;
        let ratio = app.requests_per_sec / bare.requests_per_sec.max(1.0);
        let mut misses = Vec::new();
        if app.p99_ms > P99_TARGET_MS {
            misses.push("p99");
        }
        if ratio < RATIO_TARGET {
            misses.push("ratio");
        }
        if app.errors > 0 {
            misses.push("errors");
        }
        if size > PAGE_SIZE_LIMIT {
            misses.push("size");
        }
        if !misses.is_empty() {
            missed.push(format!("{}: {}", page.name, misses.join(", ")));
        }
        let _ = writeln!(
            report,
            "| {} `{}` | {:.0} KB | {:.0} | {:.1} ms | {:.1} ms | {} | {:.0} | {:.1} ms | {:.3} | {} |",
            page.name,
            page.shown,
            size as f64 / 1024.0,
            app.requests_per_sec,
            app.p50_ms,
            app.p99_ms,
            app.errors,
            bare.requests_per_sec,
            bare.p99_ms,
            ratio,
            if misses.is_empty() {
                "met".to_owned()
            } else {
                format!("**missed: {}**", misses.join(", "))
            }
        );
        eprintln!("measured {}", page.name);
    }

    let measure_submissions = args.only.as_ref().is_none_or(|only| {
        only.split(',')
            .any(|word| "submissions".contains(word.trim()))
    });
    let submissions = if measure_submissions {
        Some(submissions(addr, &database, &key, &dir, &args)?)
    } else {
        None
    };
    let loaded_rss = server.rss_mb();
    server.stop();
    let log_text = std::fs::read_to_string(&log).unwrap_or_default();
    let panics = log_text.matches("panicked").count();
    let (wasm_raw, wasm_gzip) = wasm_size(&root)?;

    let mut verdict = |name: &str, ok: bool| {
        if !ok {
            missed.push(name.to_owned());
        }
        if ok {
            "met"
        } else {
            "**missed**"
        }
    };
    let rows = [
        match submissions {
            Some((per_sec, stored, load)) => (
                "durable need submissions/s (synchronous=FULL)".to_owned(),
                format!(
                    "{per_sec:.0} ({stored} stored, p99 {:.1} ms, {} errors)",
                    load.p99_ms, load.errors
                ),
                format!("≥ {SUBMISSIONS_TARGET:.0}"),
                verdict(
                    "submissions",
                    per_sec >= SUBMISSIONS_TARGET && load.errors == 0,
                ),
            ),
            None => (
                "durable need submissions/s".to_owned(),
                "not measured in this run".to_owned(),
                format!("≥ {SUBMISSIONS_TARGET:.0}"),
                "–",
            ),
        },
        (
            "idle RSS".to_owned(),
            format!("{idle_rss:.1} MB"),
            format!("≤ {IDLE_RSS_TARGET_MB:.0} MB"),
            verdict("idle RSS", idle_rss <= IDLE_RSS_TARGET_MB),
        ),
        (
            "RSS after the run".to_owned(),
            format!("{loaded_rss:.1} MB"),
            format!("≤ {LOADED_RSS_TARGET_MB:.0} MB"),
            verdict("RSS after the run", loaded_rss <= LOADED_RSS_TARGET_MB),
        ),
        (
            "cold start to first answer".to_owned(),
            format!("{:.2} s", cold_start.as_secs_f64()),
            format!("≤ {COLD_START_TARGET_S:.0} s"),
            verdict(
                "cold start",
                cold_start.as_secs_f64() <= COLD_START_TARGET_S,
            ),
        ),
        (
            "panics in the server log".to_owned(),
            panics.to_string(),
            "0".to_owned(),
            verdict("panics", panics == 0),
        ),
        (
            "WebAssembly raw / gzip".to_owned(),
            format!(
                "{:.0} KB / {:.0} KB",
                wasm_raw as f64 / 1024.0,
                wasm_gzip as f64 / 1024.0
            ),
            "–".to_owned(),
            "–",
        ),
    ];
    report.push_str("\n| measure | result | target | |\n| --- | --- | --- | --- |\n");
    for (name, result, target, verdict) in rows {
        let _ = writeln!(report, "| {name} | {result} | {target} | {verdict} |");
    }
    if missed.is_empty() {
        report.push_str("\nEvery target met.\n");
    } else {
        let _ = writeln!(report, "\nTargets missed: {}.", missed.join("; "));
    }
    std::fs::write(dir.join("results.md"), &report).map_err(|e| e.to_string())?;
    println!("{report}");
    Ok(())
}

/// The release server as a child process, its output in a log file.
struct Server {
    child: Child,
}

impl Server {
    fn start(
        binary: &Path,
        root: &Path,
        database: &Path,
        key: &Path,
        addr: SocketAddr,
        log: &Path,
        readers: u32,
    ) -> Result<Server, String> {
        let out = std::fs::File::create(log).map_err(|e| e.to_string())?;
        let err = out.try_clone().map_err(|e| e.to_string())?;
        let child = Command::new(binary)
            .arg("--database")
            .arg(database)
            .args(["serve", "--addr", &addr.to_string(), "--link-key"])
            .arg(key)
            .args(["--database-readers", &readers.to_string()])
            .arg("--site-root")
            .arg(root.join("target/site"))
            .arg("--benchmark-without-form-limits")
            .env("RUST_LOG", "warn")
            .stdout(Stdio::from(out))
            .stderr(Stdio::from(err))
            .spawn()
            .map_err(|e| e.to_string())?;
        Ok(Server { child })
    }

    /// Resident memory from /proc, in MB.
    fn rss_mb(&self) -> f64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .unwrap_or_default();
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
            .map_or(f64::NAN, |kb| kb / 1024.0)
    }

    fn stop(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

struct Page {
    name: &'static str,
    path: String,
    /// Who asks: public pages are asked for anonymously, as the public asks for them.
    account: Account,
    /// The path as the report shows it.
    shown: String,
}

#[derive(Debug, Clone, Copy)]
enum Account {
    Public,
    Coordinator,
    ProjectOffice,
}

/// The key pages of issues 15 and 17, with ids looked up in the database.
fn key_pages(
    addr: SocketAddr,
    cookie: &str,
    database: &Path,
    trail: &str,
) -> Result<Vec<Page>, String> {
    let need: i64 = query_one(
        database,
        "SELECT n.id FROM needs n JOIN areas a ON a.id = n.area_id \
         WHERE a.slug = 'hafen' AND n.status = 'angenommen' ORDER BY n.supporters DESC LIMIT 1",
    )?;
    // The catalogue 30 pages in, reached through its own "next page" links.
    let mut deep = "/intern/bedarfe".to_owned();
    for _ in 0..30 {
        let (_, _, body) =
            request(addr, "GET", &deep, None, Some(cookie)).ok_or("catalogue: no answer")?;
        let next = body
            .split("href=\"")
            .skip(1)
            .filter_map(|s| s.split('"').next())
            .find(|href| href.starts_with("/intern/bedarfe?") && href.contains("nach="))
            .ok_or("catalogue: no next page")?;
        deep = next.replace("&amp;", "&");
    }
    let page = |name, path: String, shown: &str| Page {
        name,
        account: if path.starts_with("/intern") {
            Account::Coordinator
        } else {
            Account::Public
        },
        path,
        shown: shown.to_owned(),
    };
    Ok(vec![
        page("home", "/".into(), "/"),
        page("public area", "/gebiete/hafen".into(), "/gebiete/hafen"),
        page(
            "public programme",
            "/gebiete/hafen/programm".into(),
            "/gebiete/hafen/programm",
        ),
        page("needs form", "/bedarf/hafen".into(), "/bedarf/hafen"),
        page("public dates", "/termine".into(), "/termine"),
        page("umsetzung, city", "/umsetzung".into(), "/umsetzung"),
        page(
            "umsetzung, filtered",
            "/umsetzung?stand=in-umsetzung&handlungsfeld=1".into(),
            "/umsetzung?stand=…&handlungsfeld=…",
        ),
        page(
            "need trail",
            format!("/verfolgen/{trail}?sprache=ar"),
            "/verfolgen/<key>?sprache=ar",
        ),
        page(
            "staff umsetzung",
            "/intern/gebiete/hafen/umsetzung".into(),
            "/intern/gebiete/hafen/umsetzung",
        ),
        page("catalogue", "/intern/bedarfe".into(), "/intern/bedarfe"),
        page("catalogue, page 31", deep, "/intern/bedarfe?…nach=…"),
        page(
            "catalogue search",
            "/intern/bedarfe?q=Kita".into(),
            "/intern/bedarfe?q=Kita",
        ),
        page(
            "catalogue, answered",
            "/intern/bedarfe?programm=beantwortet".into(),
            "/intern/bedarfe?programm=beantwortet",
        ),
        page(
            "need",
            format!("/intern/bedarfe/{need}"),
            "/intern/bedarfe/<id>",
        ),
        page(
            "staff area",
            "/intern/gebiete/hafen".into(),
            "/intern/gebiete/hafen",
        ),
        page(
            "staff programme",
            "/intern/gebiete/hafen/programm".into(),
            "/intern/gebiete/hafen/programm",
        ),
        page(
            "programme editor",
            "/intern/gebiete/hafen/programm/bearbeiten".into(),
            "…/programm/bearbeiten",
        ),
        page(
            "compare",
            "/intern/gebiete/hafen/programm/vergleich?alt=1&neu=2".into(),
            "…/programm/vergleich?alt=1&neu=2",
        ),
        page("meetings", "/intern/termine".into(), "/intern/termine"),
        page("organisations", "/intern/akteure".into(), "/intern/akteure"),
        page("overview", "/intern".into(), "/intern"),
    ])
}

/// The Projektbüro's pages (across all 15 areas) and the public pages of issue 18.
fn office_pages() -> Vec<Page> {
    let page = |name, account, path: &str| Page {
        name,
        account,
        path: path.to_owned(),
        shown: path.to_owned(),
    };
    vec![
        page(
            "office overview",
            Account::ProjectOffice,
            "/intern/ueberblick",
        ),
        page(
            "office overview, district",
            Account::ProjectOffice,
            "/intern/ueberblick?bezirk=Innenstadt-Nord",
        ),
        page("status report", Account::ProjectOffice, "/intern/sachstand"),
        page(
            "status report, past day",
            Account::ProjectOffice,
            "/intern/sachstand?datum=2025-12-09&stand=2025-11-30",
        ),
        page(
            "status report PDF",
            Account::ProjectOffice,
            "/intern/sachstand/sachstandsbericht.pdf",
        ),
        page(
            "barrier reports",
            Account::ProjectOffice,
            "/intern/barrierefreiheit",
        ),
        page(
            "accessibility statement",
            Account::Public,
            "/barrierefreiheit",
        ),
        page(
            "open data catalogue",
            Account::Public,
            "/offene-daten/katalog.jsonld",
        ),
    ]
}

/// Signs in as the Projektbüro (`p.brandt`, the first demo account) with its password and a code
/// from the second-factor secret demo-data printed.
fn office_login(
    addr: SocketAddr,
    printed: &str,
    password: &dyn Fn(&str) -> Result<String, String>,
) -> Result<String, String> {
    const OFFICE: &str = "p.brandt@stadt.example";
    let secret = printed
        .lines()
        .find_map(|l| l.split_once("secret=").map(|(_, rest)| rest))
        .and_then(|rest| rest.split('&').next())
        .ok_or("demo-data printed no second-factor secret")?;
    let login = format!("email={}&password={}", enc(OFFICE), enc(&password(OFFICE)?));
    let (status, cookies, _) = request(addr, "POST", "/api/anmelden", Some(&login), None)
        .ok_or("office login: no answer")?;
    let challenge = cookies
        .into_iter()
        .find(|c| c.starts_with("aktionsplan_anmeldung=") && c != "aktionsplan_anmeldung=")
        .ok_or(format!(
            "office login answered {status} without a challenge"
        ))?;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_err(|e| e.to_string())?
        .as_secs();
    let code = app::server::second_factor::code_at(secret, now).map_err(|e| e.to_string())?;
    let (status, cookies, _) = request(
        addr,
        "POST",
        "/api/anmelden-code",
        Some(&format!("code={code}")),
        Some(&challenge),
    )
    .ok_or("office code: no answer")?;
    cookies
        .into_iter()
        .find(|c| c.starts_with("aktionsplan_sitzung="))
        .ok_or(format!(
            "the office code answered {status} without a session"
        ))
}

/// One number from the database (read beside the running server).
fn query_one(database: &Path, sql: &'static str) -> Result<i64, String> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    runtime.block_on(async {
        let db = app::server::db::Db::open(database)
            .await
            .map_err(|e| e.to_string())?;
        let value = sqlx::query_scalar::<_, i64>(sql)
            .fetch_one(&mut *db.read().await.map_err(|e| e.to_string())?)
            .await
            .map_err(|e| format!("{sql}: {e}"));
        db.close().await;
        value
    })
}

/// A bare axum handler answering whatever body is current, from memory.
async fn start_bare(body: Arc<RwLock<axum::body::Bytes>>) -> Result<SocketAddr, String> {
    use axum::serve::ListenerExt as _;
    let router = axum::Router::new().route(
        "/",
        axum::routing::get(move || {
            let body = body.read().map(|b| b.clone()).unwrap_or_default();
            async move {
                (
                    [(http::header::CONTENT_TYPE, "text/html; charset=utf-8")],
                    body,
                )
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .map_err(|e| e.to_string())?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    let listener = listener.tap_io(|tcp| {
        let _ = tcp.set_nodelay(true);
    });
    tokio::spawn(async move {
        let _ = axum::serve(listener, router).await;
    });
    Ok(addr)
}

/// Runs wrk against `path` (GET, or the Lua `script` with its arguments) and reads its report.
fn wrk(
    addr: SocketAddr,
    path: &str,
    cookie: Option<&str>,
    args: &Args,
    script: Option<(&Path, &[String])>,
) -> Result<Load, String> {
    let mut command = Command::new("wrk");
    command
        .args(["-t2", "--latency", "--timeout", "5s"])
        .arg(format!("-c{}", args.connections))
        .arg(format!("-d{}s", args.seconds));
    if let Some(cookie) = cookie {
        command.args(["-H", &format!("Cookie: {cookie}")]);
    }
    if let Some((script, _)) = script {
        command.arg("-s").arg(script);
    }
    command.arg(format!("http://{addr}{path}"));
    if let Some((_, script_args)) = script {
        command.arg("--").args(script_args);
    }
    let output = command
        .output()
        .map_err(|e| format!("wrk (apt install wrk): {e}"))?;
    let text = String::from_utf8_lossy(&output.stdout).into_owned();
    if !output.status.success() {
        return Err(format!(
            "wrk failed: {text}{}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    parse_wrk(&text).ok_or(format!("cannot read wrk's report:\n{text}"))
}

fn parse_wrk(text: &str) -> Option<Load> {
    let mut load = Load::default();
    for line in text.lines().map(str::trim) {
        let mut words = line.split_whitespace();
        match (words.next(), words.next()) {
            (Some("50%"), Some(v)) => load.p50_ms = duration_ms(v)?,
            (Some("99%"), Some(v)) => load.p99_ms = duration_ms(v)?,
            (Some("Requests/sec:"), Some(v)) => load.requests_per_sec = v.parse().ok()?,
            _ => {}
        }
        if let Some(rest) = line.split_once(" requests in ").map(|(n, _)| n) {
            load.requests = rest.trim().parse().ok()?;
        }
        if let Some(n) = line.strip_prefix("Non-2xx or 3xx responses:") {
            load.errors += n.trim().parse::<u64>().ok()?;
        }
        if let Some(counts) = line.strip_prefix("Socket errors:") {
            // "connect 0, read 0, write 0, timeout 0"
            for part in counts.split(',') {
                load.errors += part.split_whitespace().nth(1)?.parse::<u64>().ok()?;
            }
        }
    }
    // No answer within the run counts as a miss, not as a broken report.
    if load.requests == 0 {
        load.p50_ms = f64::INFINITY;
        load.p99_ms = f64::INFINITY;
    }
    text.contains("Requests/sec:").then_some(load)
}

/// "635.91us", "3.28ms", "1.02s" in milliseconds.
fn duration_ms(value: &str) -> Option<f64> {
    let (number, factor) = if let Some(n) = value.strip_suffix("us") {
        (n, 0.001)
    } else if let Some(n) = value.strip_suffix("ms") {
        (n, 1.0)
    } else if let Some(n) = value.strip_suffix('s') {
        (n, 1000.0)
    } else {
        return None;
    };
    number.parse::<f64>().ok().map(|n| n * factor)
}

/// Durable need submissions per second: forms with valid keys (as if opened a minute earlier),
/// posted without JavaScript by wrk; counted by the rows that are in the database afterwards.
fn submissions(
    addr: SocketAddr,
    database: &Path,
    key: &Path,
    dir: &Path,
    args: &Args,
) -> Result<(f64, i64, Load), String> {
    let link_key = app::server::links::LinkKey::load_or_create(key).map_err(|e| e.to_string())?;
    let issued = app::server::db::now_unix() - 60;
    let forms = 2_000 * args.seconds as usize;
    let mut bodies = String::new();
    for n in 0..forms {
        let form_key = app::server::form_token::issue(&link_key, "bedarf:hafen", issued);
        let _ = writeln!(
            bodies,
            "area=hafen&form_key={}&website=&field={}&title={}&description={}&affected=&organisation=&contact_name=&contact_email=&language=de",
            enc(&form_key),
            1 + n % 3,
            enc(&format!("Mehr Angebote für Familien im Quartier ({n})")),
            enc("Gemessen vom Benchmark: ein Bedarf, wie ihn das Formular ohne JavaScript sendet."),
        );
    }
    let bodies_file = dir.join("submissions.txt");
    std::fs::write(&bodies_file, bodies).map_err(|e| e.to_string())?;
    let script = dir.join("submit.lua");
    std::fs::write(&script, SUBMIT_LUA).map_err(|e| e.to_string())?;
    let count = || query_one(database, "SELECT count(*) FROM need_submissions");
    let before = count()?;
    let started = Instant::now();
    let load = wrk(
        addr,
        "/api/bedarf-melden",
        None,
        args,
        Some((&script, &[bodies_file.display().to_string()])),
    )?;
    let elapsed = started.elapsed().as_secs_f64();
    let stored = count()? - before;
    Ok((stored as f64 / elapsed, stored, load))
}

/// wrk's script for the submissions: every request posts the next body of the file, the two
/// threads taking turns, so no form key is sent twice until the file is used up.
const SUBMIT_LUA: &str = r#"
local threads = {}
function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end
function init(args)
  bodies = {}
  for line in io.lines(args[1]) do bodies[#bodies + 1] = line end
  counter = id
end
function request()
  local body = bodies[(counter % #bodies) + 1]
  counter = counter + 2
  return wrk.format("POST", nil, {["Content-Type"] = "application/x-www-form-urlencoded"}, body)
end
"#;

/// The WebAssembly the browser loads: raw and gzip -9 sizes in bytes.
fn wasm_size(root: &Path) -> Result<(usize, usize), String> {
    let wasm: PathBuf = root.join("target/site/pkg/aktionsplan.wasm");
    let raw = std::fs::metadata(&wasm)
        .map_err(|e| format!("{}: {e}", wasm.display()))?
        .len() as usize;
    let gzip = Command::new("gzip")
        .args(["-9", "-c"])
        .arg(&wasm)
        .output()
        .map_err(|e| e.to_string())?
        .stdout
        .len();
    Ok((raw, gzip))
}
