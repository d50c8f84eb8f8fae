//! Faults with the real binary: the server killed with SIGKILL while clients write.
mod support;

use std::io::{BufRead as _, BufReader, Write as _};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use support::{enc, free_port, request, request_json};

const PASSWORD: &str = "Borsigplatz ist grün";
const EMAIL: &str = "pb@stadt.example";
/// The coordinator whose logins the writers repeat (the Projektbüro's need a new app code each
/// time, and each code works once).
const COORDINATOR: &str = "kai@stadt.example";

/// The release server on a free port, started on `database`; what it printed before it listened.
struct Server {
    child: Child,
    addr: SocketAddr,
    printed: String,
    dir: std::path::PathBuf,
}

impl Server {
    fn start(dir: &Path) -> Server {
        Self::start_with(dir, &[])
    }

    fn start_with(dir: &Path, extra: &[&str]) -> Server {
        let addr = free_port();
        let mut child = Command::new(env!("CARGO_BIN_EXE_server"))
            .args(["serve", "--addr", &addr.to_string(), "--database"])
            .arg(dir.join("faults.sqlite"))
            .arg("--link-key")
            .arg(dir.join("link-key"))
            .arg("--site-root")
            .arg(dir)
            .args(extra)
            .env("RUST_LOG", "warn")
            .stdout(Stdio::piped())
            .spawn()
            .expect("server starts");
        let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
        let mut printed = String::new();
        for line in lines.by_ref() {
            let line = line.expect("line");
            printed.push_str(&line);
            printed.push('\n');
            if line.starts_with("Aktionsplan läuft") {
                break;
            }
        }
        assert!(printed.contains("Aktionsplan läuft"), "{printed}");
        // Keep reading what it prints, so that it never blocks on a full pipe.
        std::thread::spawn(move || lines.for_each(drop));
        Server {
            child,
            addr,
            printed,
            dir: dir.to_path_buf(),
        }
    }

    fn database(&self) -> std::path::PathBuf {
        self.dir.join("faults.sqlite")
    }

    /// SIGKILL, as a crash or the OOM killer would end it.
    fn kill(self) {
        drop(self);
    }
}

/// A test that fails midway still ends the server it started (else it keeps listening).
impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Creates the first account through the setup link the server printed, sets up its second
/// factor as an app would and adds a coordinator with the command line; returns the
/// Projektbüro's session.
fn create_first_account(server: &Server) -> String {
    let token = server
        .printed
        .split_whitespace()
        .find_map(|w| w.split("/einrichten?token=").nth(1))
        .expect("setup link");
    let form = format!(
        "token={token}&name=Petra%20Brandt&email={}&password={}&password_repeat={}",
        enc(EMAIL),
        enc(PASSWORD),
        enc(PASSWORD)
    );
    let (status, cookies, body) =
        request(server.addr, "POST", "/api/einrichten", Some(&form), None).expect("setup");
    assert!(status < 400, "{status} {body}");
    let challenge = cookies
        .into_iter()
        .find(|c| c.starts_with("aktionsplan_anmeldung="))
        .expect("the second factor comes next");
    let (status, _, offer) = request(
        server.addr,
        "POST",
        "/api/zweiter-faktor-angebot",
        Some(""),
        Some(&challenge),
    )
    .expect("offer");
    assert_eq!(status, 200, "{offer}");
    let offer: serde_json::Value = serde_json::from_str(&offer).expect("json");
    let secret = offer["secret"].as_str().expect("secret").replace(' ', "");
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("time")
        .as_secs();
    let code = app::server::second_factor::code_at(&secret, now).expect("code");
    let (status, cookies, body) = request(
        server.addr,
        "POST",
        "/api/anmelden-code",
        Some(&format!("code={code}")),
        Some(&challenge),
    )
    .expect("code");
    assert_eq!(status, 200, "{body}");
    let session = cookies
        .into_iter()
        .find(|c| c.starts_with("aktionsplan_sitzung="))
        .expect("session cookie");

    let mut add = Command::new(env!("CARGO_BIN_EXE_server"))
        .arg("--database")
        .arg(server.database())
        .args([
            "user",
            "add",
            "--email",
            COORDINATOR,
            "--name",
            "Kai Nordstadt",
        ])
        .args(["--role", "beauftragte", "--area", "hafen"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .expect("user add");
    add.stdin
        .take()
        .expect("stdin")
        .write_all(PASSWORD.as_bytes())
        .expect("password");
    assert!(add.wait().expect("user add ends").success());
    session
}

/// Logs the coordinator in (a committed session row): the session cookie once answered 200,
/// `None` when the connection broke.
fn log_in(addr: SocketAddr) -> Option<String> {
    let login = format!("email={}&password={}", enc(COORDINATOR), enc(PASSWORD));
    let (status, cookies, _) = request(addr, "POST", "/api/anmelden", Some(&login), None)?;
    assert_eq!(status, 200, "a login failed");
    Some(
        cookies
            .into_iter()
            .find(|c| c.starts_with("aktionsplan_sitzung="))
            .expect("session cookie"),
    )
}

/// `server check` on a database file.
fn integrity_check(file: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_server"))
        .args(["check", "--database"])
        .arg(file)
        .output()
        .expect("check")
}

/// What the writers were answered as saved before a kill.
#[derive(Default)]
struct Acknowledged {
    sessions: Vec<String>,
    /// Form keys (their random part) of needs sent through the public form.
    needs: Vec<String>,
    /// Client ids of changes to the minutes.
    record_changes: Vec<String>,
    /// The newest programme version answered as stored.
    programme_head: i64,
    /// The version the next save builds on: a save that committed but whose answer the kill
    /// cut off is newer than the acknowledged one.
    programme_based_on: i64,
}

type Shared = Arc<Mutex<Acknowledged>>;

fn acknowledged(shared: &Shared) -> std::sync::MutexGuard<'_, Acknowledged> {
    shared.lock().unwrap_or_else(|p| p.into_inner())
}

/// A meeting in Hafen, held, with open minutes, scheduled through the app.
fn held_meeting(server: &Server, session: &str) -> i64 {
    let form = "area=hafen&organiser=1&title=Akteursgespr%C3%A4ch&kind=akteursgespraech&date=2022-03-14&start_time=17%3A00&end_time=19%3A00&end_date=&venue_name=Depot&venue_address=&venue_notes=&format=praesenz&agenda=&capacity=";
    let (status, _, body) = request(
        server.addr,
        "POST",
        "/api/termin-speichern",
        Some(form),
        Some(session),
    )
    .expect("meeting");
    assert!(status < 400, "{status} {body}");
    let id = run(async {
        let db = open(&server.database()).await;
        let id: i64 = sqlx::query_scalar("SELECT id FROM meetings")
            .fetch_one(&mut *db.read().await.expect("conn"))
            .await
            .expect("meeting id");
        db.close().await;
        id
    });
    let held = format!("id={id}&status=durchgefuehrt");
    let (status, _, body) = request(
        server.addr,
        "POST",
        "/api/termin-status",
        Some(&held),
        Some(session),
    )
    .expect("held");
    assert!(status < 400, "{status} {body}");
    id
}

fn run<T>(future: impl std::future::Future<Output = T>) -> T {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime")
        .block_on(future)
}

async fn open(file: &Path) -> app::server::db::Db {
    app::server::db::Db::open_shaped(file, app::server::db::Shape::Single)
        .await
        .expect("database")
}

/// Sends needs through the public form (keys as if the form had been opened a minute ago).
fn need_writer(addr: SocketAddr, key: &app::server::links::LinkKey, shared: &Shared) {
    for n in 0.. {
        let now = app::server::db::now_unix();
        let form_key = app::server::form_token::issue(key, "bedarf:hafen", now - 60);
        let nonce = form_key.split('.').nth(1).expect("nonce").to_owned();
        let form = format!(
            "area=hafen&form_key={}&website=&field=2&title=Mehr%20Kita-Pl%C3%A4tze%20{n}&description=Warteliste&language=de",
            enc(&form_key)
        );
        let Some((status, _, body)) =
            request(addr, "POST", "/api/bedarf-melden", Some(&form), None)
        else {
            return;
        };
        if status == 429 {
            // The form's limit per address (20 in 10 minutes, kept in memory): enough for this
            // cycle; the restart begins a new count.
            return;
        }
        assert!(status < 400, "a need was refused: {status} {body}");
        acknowledged(shared).needs.push(nonce);
    }
}

/// Adds walk-ins to the minutes, one change per request, as the record page does.
fn record_writer(addr: SocketAddr, session: &str, meeting: i64, cycle: usize, shared: &Shared) {
    use app::domain::record::{Change, ChangeEnvelope};
    for n in 0.. {
        let id = format!("kill-{cycle}-{n:06}");
        let envelope = ChangeEnvelope {
            id: id.clone(),
            change: Change::AddWalkIn {
                id: format!("gast-{cycle}-{n:06}"),
                organisation_name: "Nachbarschaftsinitiative".into(),
                person_name: format!("Gast {n}"),
            },
        };
        let body = serde_json::json!({ "meeting": meeting, "changes": [envelope] }).to_string();
        let Some((status, _, answer)) =
            request_json(addr, "/api/protokoll-aenderungen", &body, session)
        else {
            return;
        };
        assert_eq!(status, 200, "a change to the minutes was refused: {answer}");
        acknowledged(shared).record_changes.push(id);
    }
}

/// Saves programme versions one after the other, each based on the one before.
fn programme_writer(addr: SocketAddr, session: &str, shared: &Shared) {
    use app::domain::programme::ProgrammeContent;
    use app::domain::programme_diff::Saved;
    loop {
        let head = acknowledged(shared).programme_based_on;
        let content = ProgrammeContent {
            situation: format!("Stand nach Fassung {head}"),
            ..ProgrammeContent::default()
        };
        let body = serde_json::json!({
            "area": "hafen", "based_on": head, "content": content, "note": ""
        })
        .to_string();
        let Some((status, _, answer)) =
            request_json(addr, "/api/programm-speichern", &body, session)
        else {
            return;
        };
        assert_eq!(status, 200, "a programme save was refused: {answer}");
        match serde_json::from_str::<Saved>(&answer).expect("saved") {
            Saved::Stored { number } => {
                let mut done = acknowledged(shared);
                done.programme_head = number;
                done.programme_based_on = number;
            }
            // Only after a kill: the save before it was stored, its answer lost.
            Saved::Concurrent(concurrent) => {
                let mut done = acknowledged(shared);
                assert_eq!(
                    concurrent.theirs,
                    head + 1,
                    "only this writer saves: {answer}"
                );
                done.programme_based_on = concurrent.theirs;
            }
        }
    }
}

/// Checks with the server stopped that every acknowledged need, change and version is stored.
fn assert_writes_survived(file: &Path, shared: &Shared, cycle: usize) {
    let done = acknowledged(shared);
    run(async {
        let db = open(file).await;
        let mut conn = db.read().await.expect("conn");
        for nonce in &done.needs {
            let found: i64 =
                sqlx::query_scalar("SELECT count(*) FROM need_submissions WHERE form_key_hash = ?")
                    .bind(app::server::token::hash(nonce))
                    .fetch_one(&mut *conn)
                    .await
                    .expect("need");
            assert_eq!(found, 1, "cycle {cycle}: an acknowledged need was lost");
        }
        for id in &done.record_changes {
            let found: i64 =
                sqlx::query_scalar("SELECT count(*) FROM applied_changes WHERE id = ?")
                    .bind(id)
                    .fetch_one(&mut *conn)
                    .await
                    .expect("change");
            assert_eq!(found, 1, "cycle {cycle}: an acknowledged change was lost");
        }
        let newest: i64 =
            sqlx::query_scalar("SELECT coalesce(max(number), 0) FROM programme_versions")
                .fetch_one(&mut *conn)
                .await
                .expect("versions");
        assert!(
            newest >= done.programme_head,
            "cycle {cycle}: version {} was acknowledged, {newest} is stored",
            done.programme_head
        );
        drop(conn);
        db.close().await;
    });
}

/// The server is killed with SIGKILL while clients write: logins (sessions), needs through the
/// public form, changes to meeting minutes and programme versions, each answered only after its
/// commit. After every kill each acknowledged write is stored, SQLite's integrity check passes,
/// and after the restart every acknowledged login still works. 20 cycles.
#[test]
fn every_acknowledged_write_survives_sigkill() {
    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join("faults.sqlite");
    let mut server = Server::start(dir.path());
    let office = create_first_account(&server);
    let meeting = held_meeting(&server, &office);
    let key = Arc::new(
        app::server::links::LinkKey::load_or_create(&dir.path().join("link-key")).expect("key"),
    );
    let shared: Shared = Arc::default();
    for cycle in 0..20 {
        let addr = server.addr;
        let mut writers: Vec<std::thread::JoinHandle<()>> = (0..2)
            .map(|_| {
                let shared = shared.clone();
                std::thread::spawn(move || {
                    while let Some(session) = log_in(addr) {
                        acknowledged(&shared).sessions.push(session);
                    }
                })
            })
            .collect();
        let (k, s) = (key.clone(), shared.clone());
        writers.push(std::thread::spawn(move || need_writer(addr, &k, &s)));
        let (o, s) = (office.clone(), shared.clone());
        writers.push(std::thread::spawn(move || {
            record_writer(addr, &o, meeting, cycle, &s)
        }));
        let (o, s) = (office.clone(), shared.clone());
        writers.push(std::thread::spawn(move || programme_writer(addr, &o, &s)));
        std::thread::sleep(Duration::from_millis(200 + 37 * (cycle % 7) as u64));
        server.kill();
        for writer in writers {
            writer.join().expect("writer");
        }
        assert_writes_survived(&file, &shared, cycle);
        let integrity = integrity_check(&file);
        assert!(
            integrity.status.success(),
            "cycle {cycle}: {}",
            String::from_utf8_lossy(&integrity.stdout)
        );
        server = Server::start(dir.path());
        let started = Instant::now();
        for session in acknowledged(&shared).sessions.iter() {
            let (status, _, _) = request(server.addr, "GET", "/intern", None, Some(session))
                .expect("page after restart");
            assert_eq!(status, 200, "cycle {cycle}: an acknowledged login was lost");
        }
        assert!(started.elapsed() < Duration::from_secs(30));
    }
    let done = acknowledged(&shared);
    println!(
        "over 20 kills acknowledged: {} logins, {} needs, {} changes to minutes, {} programme versions",
        done.sessions.len(),
        done.needs.len(),
        done.record_changes.len(),
        done.programme_head
    );
    for (what, count) in [
        ("logins", done.sessions.len()),
        ("needs", done.needs.len()),
        ("changes to minutes", done.record_changes.len()),
        ("programme versions", done.programme_head as usize),
    ] {
        assert!(count >= 20, "only {count} {what} were acknowledged");
    }
    drop(done);
    server.kill();
}

/// `server backup` while clients write: the copy passes the integrity check and holds every write
/// acknowledged before the backup started; then the README's restore steps (stop the server, put
/// the copy in place of the database, remove the `-wal` and `-shm` files beside it, start again).
/// The permission bits of a file.
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::metadata(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .permissions()
        .mode()
        & 0o777
}

#[test]
fn a_backup_taken_while_writing_restores_every_earlier_write() {
    let dir = tempfile::tempdir().expect("dir");
    let database = dir.path().join("faults.sqlite");
    let server = Server::start(dir.path());
    create_first_account(&server);
    let acknowledged: Arc<Mutex<Vec<String>>> = Arc::default();
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let addr = server.addr;
    let writers: Vec<_> = (0..3)
        .map(|_| {
            let (acknowledged, stop) = (acknowledged.clone(), stop.clone());
            std::thread::spawn(move || {
                while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                    let session = log_in(addr).expect("login");
                    acknowledged.lock().expect("list").push(session);
                }
            })
        })
        .collect();
    // Writes acknowledged before the backup starts: wait for a few (a login runs argon2id, slow
    // when the machine is busy compiling beside the tests), not for a fixed time.
    let waiting = Instant::now();
    while acknowledged.lock().expect("list").len() < 3
        && waiting.elapsed() < Duration::from_secs(30)
    {
        std::thread::sleep(Duration::from_millis(20));
    }
    std::thread::sleep(Duration::from_millis(100));
    let before_backup = acknowledged.lock().expect("list").clone();
    let copy = dir.path().join("sicherung.sqlite");
    let backup = Command::new(env!("CARGO_BIN_EXE_server"))
        .args(["backup", "--database"])
        .arg(&database)
        .arg(&copy)
        .output()
        .expect("backup");
    assert!(
        backup.status.success(),
        "{}",
        String::from_utf8_lossy(&backup.stderr)
    );
    std::thread::sleep(Duration::from_millis(200));
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    for writer in writers {
        writer.join().expect("writer");
    }
    assert!(
        before_backup.len() >= 3,
        "{} logins before",
        before_backup.len()
    );
    let check = integrity_check(&copy);
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
    // Only the server's user may read the database, its WAL, the key and the copy.
    for file in [
        "faults.sqlite",
        "faults.sqlite-wal",
        "faults.sqlite-shm",
        "link-key",
        "sicherung.sqlite",
    ] {
        assert_eq!(mode(&dir.path().join(file)), 0o600, "{file}");
    }

    // Restore as the README says.
    server.kill();
    std::fs::copy(&copy, &database).expect("copy in place");
    for suffix in ["-wal", "-shm"] {
        let mut side = database.as_os_str().to_owned();
        side.push(suffix);
        let _ = std::fs::remove_file(side);
    }
    let server = Server::start(dir.path());
    for session in &before_backup {
        let (status, _, _) =
            request(server.addr, "GET", "/intern", None, Some(session)).expect("page");
        assert_eq!(status, 200, "a login from before the backup is missing");
    }
    server.kill();
}

/// 200 clients that send their request headers a byte at a time (slowloris): other visitors are
/// still served quickly (every one of 50 page loads under a second).
#[test]
fn slow_clients_do_not_stall_other_visitors() {
    let dir = tempfile::tempdir().expect("dir");
    let server = Server::start(dir.path());
    let addr = server.addr;
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let slow = {
        let stop = stop.clone();
        std::thread::spawn(move || {
            let mut clients: Vec<TcpStream> = (0..200)
                .filter_map(|_| TcpStream::connect(addr).ok())
                .collect();
            let opened = clients.len();
            let request = b"GET / HTTP/1.1\r\nHost: slow\r\nX-Slow: ";
            let mut sent = 0;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                let byte = [request.get(sent).copied().unwrap_or(b'a')];
                clients.retain_mut(|c| c.write_all(&byte).is_ok());
                sent += 1;
                std::thread::sleep(Duration::from_millis(50));
            }
            opened
        })
    };
    std::thread::sleep(Duration::from_millis(500));
    let mut slowest = Duration::ZERO;
    for _ in 0..50 {
        let started = Instant::now();
        let (status, _, _) = request(addr, "GET", "/", None, None).expect("page");
        assert_eq!(status, 200);
        slowest = slowest.max(started.elapsed());
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let opened = slow.join().expect("slow clients");
    assert_eq!(opened, 200, "all slow clients connected");
    assert!(
        slowest < Duration::from_secs(1),
        "slowest page load {slowest:?}"
    );
    server.kill();
}

/// A wrong login from `client` (named by the trusted proxy's X-Forwarded-For): the status.
fn wrong_login_from(addr: SocketAddr, email: &str, client: &str) -> u16 {
    use std::io::Read as _;
    let body = format!("email={}&password=falsch", enc(email));
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .expect("timeout");
    let head = format!(
        "POST /api/anmelden HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nOrigin: http://{addr}\r\n\
         X-Forwarded-For: {client}\r\nContent-Type: application/x-www-form-urlencoded\r\n\
         Content-Length: {}\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(head.as_bytes()).expect("send");
    let mut response = String::new();
    stream.read_to_string(&mut response).expect("answer");
    response
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .expect("status")
}

/// The most memory the process has held so far (VmHWM, in MB).
fn peak_rss_mb(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("status");
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .expect("VmHWM")
        / 1024
}

/// Sends `tries` wrong logins at once, each from its own address; the statuses by count.
fn burst(addr: SocketAddr, tries: usize, email: impl Fn(usize) -> String) -> Vec<(u16, usize)> {
    let threads: Vec<_> = (0..tries)
        .map(|n| {
            let email = email(n);
            std::thread::spawn(move || {
                wrong_login_from(addr, &email, &format!("198.51.{}.{}", n / 200, n % 200 + 1))
            })
        })
        .collect();
    let mut counts: Vec<(u16, usize)> = Vec::new();
    for thread in threads {
        let status = thread.join().expect("thread");
        match counts.iter_mut().find(|(s, _)| *s == status) {
            Some((_, n)) => *n += 1,
            None => counts.push((status, 1)),
        }
    }
    counts.sort_unstable();
    counts
}

/// Connections the burst test allows the server (`--max-connections`).
const BURST_CONNECTIONS: usize = 64;

#[test]
fn a_burst_of_wrong_logins_is_verified_ten_times_at_most_and_memory_stays_small() {
    let dir = tempfile::tempdir().expect("dir");
    let connections = BURST_CONNECTIONS.to_string();
    let server = Server::start_with(
        dir.path(),
        &[
            "--trusted-proxy",
            "127.0.0.1",
            "--max-connections",
            &connections,
        ],
    );
    create_first_account(&server);
    let pid = server.child.id();
    // What the server holds before the burst: started, one account set up (one hash computed).
    let before = peak_rss_mb(pid);
    // 200 tries at one account from 200 addresses: the account's ten tries are taken before
    // any hash is checked, every other try is refused at once.
    let one_account = burst(server.addr, 200, |_| EMAIL.to_owned());
    let verified = one_account
        .iter()
        .find(|(s, _)| *s == 401)
        .map_or(0, |(_, n)| *n);
    assert!(verified <= 10, "{one_account:?}");
    assert!(
        one_account.iter().all(|(s, _)| *s == 401 || *s == 429),
        "{one_account:?}"
    );
    // 200 tries at 200 different accounts pass the limits (no 429: each comes from its own
    // address behind the trusted proxy, not from the proxy's one), but hashes are checked two
    // at a time: every try is answered and memory does not grow with the burst.
    let many_accounts = burst(server.addr, 200, |n| format!("niemand{n}@stadt.example"));
    assert!(
        many_accounts.iter().all(|(s, _)| *s == 401 || *s == 503),
        "{many_accounts:?}"
    );
    // The bound follows from the design, not from a run: the hashing threads each hold one
    // argon2 memory (19 MiB); each open connection at most a form's body and hyper's buffers
    // (counted as 512 KiB); the allocator and runtime keep up to 32 MiB more (twice the
    // growth seen between two bursts on two busy cores).
    let hashing = app::server::password::PARALLEL_HASHES as u64
        * u64::from(app::server::password::MEMORY_KIB)
        / 1024;
    let per_connection_kib = (server::BODY_LIMIT_BYTES as u64 + 256 * 1024) / 1024;
    let connections = BURST_CONNECTIONS as u64 * per_connection_kib / 1024;
    let bound = before + hashing + connections + 32;
    let peak = peak_rss_mb(pid);
    eprintln!(
        "peak RSS {peak} MB (before the bursts {before} MB; bound {bound} MB = {before} + {hashing} hashing + {connections} connections + 32)"
    );
    assert!(
        peak <= bound,
        "peak RSS {peak} MB over the bound {bound} MB"
    );
    server.kill();
}
