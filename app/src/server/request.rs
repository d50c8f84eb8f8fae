//! What the HTTP layer learns about a request and hands to server functions and pages.
use crate::domain::user::CurrentUser;
use crate::error::AppError;
use leptos::prelude::*;
use std::net::IpAddr;

/// The peer address, inserted by the server's accept loop.
#[derive(Clone, Copy, Debug)]
pub struct ClientIp(pub IpAddr);

/// The user of a valid session, inserted by the session middleware.
#[derive(Clone, Debug)]
pub struct SessionUser(pub CurrentUser);

/// The CSP nonce of this response, inserted by the security-headers middleware.
#[derive(Clone, Debug)]
pub struct CspNonce(pub String);

/// Whether the answer being rendered carries something of this visitor alone (a one-time form
/// key, a name, a page in the browser's language). The page cache puts one into each request it
/// may keep and stores the answer only if nothing marked it; the marks come from the places that
/// make such parts ([`mark_per_visitor`]), not from a list of paths.
#[derive(Clone, Debug, Default)]
pub struct PerVisitor(std::sync::Arc<std::sync::atomic::AtomicBool>);

impl PerVisitor {
    pub fn is_marked(&self) -> bool {
        self.0.load(std::sync::atomic::Ordering::Acquire)
    }

    fn mark(&self) {
        self.0.store(true, std::sync::atomic::Ordering::Release);
    }
}

/// The header value that keeps every shared cache (ours, a proxy's) from storing an answer.
pub const PRIVATE_NO_STORE: &str = "private, no-store";

/// Marks the answer being rendered as one for this visitor alone: no shared cache keeps it.
pub fn mark_per_visitor() {
    if let Some(mark) = parts().and_then(|p| p.extensions.get::<PerVisitor>().cloned()) {
        mark.mark();
    }
    if let Some(options) = use_context::<leptos_axum::ResponseOptions>() {
        options.insert_header(
            http::header::CACHE_CONTROL,
            http::HeaderValue::from_static(PRIVATE_NO_STORE),
        );
    }
}

fn parts() -> Option<http::request::Parts> {
    use_context::<http::request::Parts>()
}

/// The signed-in user; a page that shows anything of them is theirs alone.
pub fn current_user() -> Option<CurrentUser> {
    let user = parts().and_then(|p| p.extensions.get::<SessionUser>().map(|u| u.0.clone()));
    if user.is_some() {
        mark_per_visitor();
    }
    user
}

/// The one door: a server function that needs a login starts with this.
pub fn require_user() -> Result<CurrentUser, AppError> {
    current_user().ok_or(AppError::Unauthorized)
}

/// The SHA-256 of this request's session token (the step-up is kept per session).
pub fn session_hash(config: &super::state::Config) -> Option<Vec<u8>> {
    parts()
        .and_then(|p| super::session::token_from_headers(&p.headers, config.secure_cookies()))
        .map(|token| super::token::hash(&token))
}

/// The step-up of a sensitive server function: the code typed into its form (empty: one given
/// in this session in the last five minutes), checked through the access layer.
pub async fn recent_code(
    state: &super::state::AppState,
    user: &CurrentUser,
    code: &str,
) -> Result<super::access::RecentCode, AppError> {
    let session = session_hash(&state.config);
    super::access::recent_code(
        &state.db,
        user,
        session.as_deref(),
        code,
        super::db::now_unix(),
    )
    .await
}

pub fn client_ip() -> Option<IpAddr> {
    parts().and_then(|p| p.extensions.get::<ClientIp>().map(|ip| ip.0))
}

/// The address as rate limits count it: an IPv6 client usually holds a whole /64 and could
/// hop between its addresses, so IPv6 counts per /64; IPv4 (also IPv4-mapped IPv6) per address.
pub fn limit_key(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = v6.segments();
                format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        },
    }
}

pub fn state() -> Result<super::state::AppState, AppError> {
    use_context::<super::state::AppState>()
        .ok_or_else(|| AppError::internal("AppState missing from context"))
}

/// Sets the HTTP status of the page being rendered (404, 403 pages); a 503 also says when to
/// try again.
pub fn set_status(status: http::StatusCode) {
    if let Some(options) = use_context::<leptos_axum::ResponseOptions>() {
        options.set_status(status);
        if status == http::StatusCode::SERVICE_UNAVAILABLE {
            options.insert_header(
                http::header::RETRY_AFTER,
                http::HeaderValue::from(crate::error::RETRY_AFTER_UNAVAILABLE_SECS),
            );
        }
    }
}

/// The languages the browser asks for (`Accept-Language`), most wanted first. A page that
/// follows them differs between visitors of the same address.
pub fn accepted_languages() -> Vec<String> {
    mark_per_visitor();
    parts()
        .and_then(|p| {
            p.headers
                .get(http::header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .map(parse_accept_language)
        })
        .unwrap_or_default()
}

/// "tr-TR,tr;q=0.9,de;q=0.8" → ["tr-TR", "tr", "de"]; `q=0` means "not this one".
fn parse_accept_language(header: &str) -> Vec<String> {
    let mut weighted: Vec<(u16, usize, &str)> = header
        .split(',')
        .enumerate()
        .filter_map(|(position, part)| {
            let mut pieces = part.split(';');
            let tag = pieces.next()?.trim();
            let quality = pieces
                .find_map(|p| p.trim().strip_prefix("q="))
                .and_then(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            let weight = (quality.clamp(0.0, 1.0) * 1000.0) as u16;
            (!tag.is_empty() && tag != "*" && weight > 0).then_some((weight, position, tag))
        })
        .collect();
    weighted.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    weighted
        .into_iter()
        .map(|(_, _, tag)| tag.to_owned())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{limit_key, parse_accept_language};
    use std::net::IpAddr;

    #[test]
    fn ipv6_addresses_count_per_64() {
        let a: IpAddr = "2001:db8:1:2:aaaa::1".parse().expect("ip");
        let b: IpAddr = "2001:db8:1:2:bbbb::2".parse().expect("ip");
        let c: IpAddr = "2001:db8:1:3::1".parse().expect("ip");
        assert_eq!(limit_key(a), limit_key(b));
        assert_ne!(limit_key(a), limit_key(c));
        assert_eq!(limit_key(a), "2001:db8:1:2::/64");
        let mapped: IpAddr = "::ffff:192.0.2.7".parse().expect("ip");
        assert_eq!(limit_key(mapped), "192.0.2.7");
        assert_eq!(limit_key("192.0.2.7".parse().expect("ip")), "192.0.2.7");
    }

    #[test]
    fn accept_language_is_ordered_by_quality() {
        assert_eq!(
            parse_accept_language("de;q=0.5, ar-SY ,en;q=0.8,fr;q=0,*;q=0.1"),
            vec!["ar-SY", "en", "de"]
        );
        assert!(parse_accept_language("").is_empty());
    }
}
