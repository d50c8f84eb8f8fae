//! Faults with the real binary: the server killed with SIGKILL while clients write.
use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const PASSWORD: &str = "Borsigplatz ist grün";
const EMAIL: &str = "pb@stadt.example";

/// The release server on a free port, started on `database`; what it printed before it listened.
struct Server {
    child: Child,
    addr: SocketAddr,
    printed: String,
}

impl Server {
    fn start(dir: &Path) -> Server {
        let addr = free_port();
        let mut child = Command::new(env!("CARGO_BIN_EXE_server"))
            .args(["serve", "--addr", &addr.to_string(), "--database"])
            .arg(dir.join("faults.sqlite"))
            .arg("--site-root")
            .arg(dir)
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
        }
    }

    fn kill(mut self) {
        self.child.kill().expect("SIGKILL");
        self.child.wait().expect("reaped");
    }
}

fn free_port() -> SocketAddr {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("port");
    listener.local_addr().expect("addr")
}

/// One HTTP/1.1 request on a fresh connection: (status, `Set-Cookie` values, body). `None` when
/// the connection broke (the server was killed).
fn request(
    addr: SocketAddr,
    method: &str,
    path: &str,
    form: Option<&str>,
    cookie: Option<&str>,
) -> Option<(u16, Vec<String>, String)> {
    let mut stream = TcpStream::connect_timeout(&addr, Duration::from_secs(5)).ok()?;
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .ok()?;
    let body = form.unwrap_or("");
    let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    if form.is_some() {
        head.push_str(&format!(
            "Origin: http://{addr}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n",
            body.len()
        ));
    }
    if let Some(cookie) = cookie {
        head.push_str(&format!("Cookie: {cookie}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).ok()?;
    stream.write_all(body.as_bytes()).ok()?;
    let mut response = Vec::new();
    stream.read_to_end(&mut response).ok()?;
    let text = String::from_utf8_lossy(&response).into_owned();
    let (head, body) = text.split_once("\r\n\r\n")?;
    let status = head.split(' ').nth(1)?.parse().ok()?;
    let cookies = head
        .lines()
        .filter_map(|l| l.strip_prefix("set-cookie: "))
        .filter_map(|v| v.split(';').next())
        .map(str::to_owned)
        .collect();
    Some((status, cookies, body.to_owned()))
}

fn enc(value: &str) -> String {
    form_urlencoded::byte_serialize(value.as_bytes()).collect()
}

/// Creates the first account through the setup link the server printed.
fn create_first_account(server: &Server) {
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
    let (status, _, body) =
        request(server.addr, "POST", "/api/einrichten", Some(&form), None).expect("setup");
    assert!(status < 400, "{status} {body}");
}

/// Logs in (a committed session row): the session cookie once answered 200, `None` when the
/// connection broke.
fn log_in(addr: SocketAddr) -> Option<String> {
    let login = format!("email={}&password={}", enc(EMAIL), enc(PASSWORD));
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

/// The server is killed with SIGKILL while four clients log in (each login writes a session and
/// is answered only after its commit). After every restart each login that was answered 200 still
/// works, and SQLite's integrity check passes. 20 cycles.
#[test]
fn every_acknowledged_write_survives_sigkill() {
    let dir = tempfile::tempdir().expect("dir");
    let mut server = Server::start(dir.path());
    create_first_account(&server);
    let acknowledged: Arc<Mutex<Vec<String>>> = Arc::default();
    for cycle in 0..20 {
        let addr = server.addr;
        let writers: Vec<_> = (0..4)
            .map(|_| {
                let acknowledged = acknowledged.clone();
                std::thread::spawn(move || {
                    while let Some(session) = log_in(addr) {
                        acknowledged.lock().expect("list").push(session);
                    }
                })
            })
            .collect();
        std::thread::sleep(Duration::from_millis(150 + 37 * (cycle % 7)));
        server.kill();
        for writer in writers {
            writer.join().expect("writer");
        }
        server = Server::start(dir.path());
        let started = Instant::now();
        for session in acknowledged.lock().expect("list").iter() {
            let (status, _, _) = request(server.addr, "GET", "/intern", None, Some(session))
                .expect("page after restart");
            assert_eq!(status, 200, "cycle {cycle}: an acknowledged login was lost");
        }
        assert!(started.elapsed() < Duration::from_secs(30));
        let integrity = integrity_check(&dir.path().join("faults.sqlite"));
        assert!(
            integrity.status.success(),
            "cycle {cycle}: {}",
            String::from_utf8_lossy(&integrity.stdout)
        );
    }
    let logins = acknowledged.lock().expect("list").len();
    println!("{logins} acknowledged logins over 20 kills");
    assert!(logins >= 20, "only {logins} logins were acknowledged");
    server.kill();
}

/// `server backup` while clients write: the copy passes the integrity check and holds every write
/// acknowledged before the backup started; then the README's restore steps (stop the server, put
/// the copy in place of the database, remove the `-wal` and `-shm` files beside it, start again).
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
    std::thread::sleep(Duration::from_millis(300));
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
