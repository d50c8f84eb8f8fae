//! A plain HTTP/1.1 client on std sockets for the tests and the benchmark that talk to the real
//! server binary (one request per connection, no client crate needed).
use std::io::{Read as _, Write as _};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

pub fn free_port() -> SocketAddr {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("port");
    listener.local_addr().expect("addr")
}

/// One HTTP/1.1 request on a fresh connection: (status, `Set-Cookie` values, body). `None` when
/// the connection broke (the server was killed).
pub fn request(
    addr: SocketAddr,
    method: &str,
    path: &str,
    form: Option<&str>,
    cookie: Option<&str>,
) -> Option<(u16, Vec<String>, String)> {
    let body = form.map(|f| ("application/x-www-form-urlencoded", f));
    send(addr, method, path, body, cookie)
}

/// A JSON POST, as the hydrated pages send to server functions.
#[allow(dead_code)] // Not every user of this module sends JSON.
pub fn request_json(
    addr: SocketAddr,
    path: &str,
    json: &str,
    cookie: &str,
) -> Option<(u16, Vec<String>, String)> {
    send(
        addr,
        "POST",
        path,
        Some(("application/json", json)),
        Some(cookie),
    )
}

fn send(
    addr: SocketAddr,
    method: &str,
    path: &str,
    body: Option<(&str, &str)>,
    cookie: Option<&str>,
) -> Option<(u16, Vec<String>, String)> {
    let (content_type, form) = match body {
        Some((t, b)) => (t, Some(b)),
        None => ("", None),
    };
    let mut stream = TcpStream::connect_timeout(&addr, Duration::from_secs(5)).ok()?;
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .ok()?;
    let body = form.unwrap_or("");
    let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    if form.is_some() {
        head.push_str(&format!(
            "Origin: http://{addr}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n",
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

pub fn enc(value: &str) -> String {
    form_urlencoded::byte_serialize(value.as_bytes()).collect()
}
