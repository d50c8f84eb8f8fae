//! Who the client is behind a reverse proxy: the one forwarding header the operator named
//! (`--forwarded-header`, `X-Forwarded-For` by default) is believed only when the connection comes
//! from a proxy the operator named (`--trusted-proxy`); the other header is never read, since a
//! proxy that appends to one passes the other on as the client wrote it.
use std::net::IpAddr;
use std::str::FromStr;

/// An address or a network (`10.0.0.0/8`, `2001:db8::/32`, `127.0.0.1`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Network {
    base: IpAddr,
    prefix: u8,
}

impl Network {
    pub fn contains(&self, ip: IpAddr) -> bool {
        match (self.base, canonical(ip)) {
            (IpAddr::V4(base), IpAddr::V4(ip)) => {
                prefix_matches(&base.octets(), &ip.octets(), self.prefix)
            }
            (IpAddr::V6(base), IpAddr::V6(ip)) => {
                prefix_matches(&base.octets(), &ip.octets(), self.prefix)
            }
            _ => false,
        }
    }
}

fn prefix_matches(base: &[u8], ip: &[u8], prefix: u8) -> bool {
    let full = usize::from(prefix / 8);
    let rest = prefix % 8;
    if base[..full] != ip[..full] {
        return false;
    }
    rest == 0 || {
        let mask = 0xffu8 << (8 - rest);
        base[full] & mask == ip[full] & mask
    }
}

/// IPv4-mapped IPv6 addresses (`::ffff:10.0.0.1`, what a dual-stack socket reports) as IPv4.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        IpAddr::V4(_) => ip,
    }
}

impl FromStr for Network {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let text = text.trim();
        let wrong = || {
            format!(
                "„{text}“ ist keine Adresse und kein Netz (Beispiele: 10.0.0.5, 10.0.0.0/8, 2001:db8::/32)."
            )
        };
        let (address, prefix) = match text.split_once('/') {
            Some((address, prefix)) => (address, Some(prefix)),
            None => (text, None),
        };
        let base = canonical(IpAddr::from_str(address).map_err(|_| wrong())?);
        let max = if base.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            Some(p) => p
                .parse::<u8>()
                .ok()
                .filter(|p| *p <= max)
                .ok_or_else(wrong)?,
            None => max,
        };
        Ok(Self { base, prefix })
    }
}

/// The forwarding header the operator's proxy writes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ForwardedHeader {
    /// `X-Forwarded-For: client, proxy1` (nginx's `$proxy_add_x_forwarded_for`).
    #[default]
    XForwardedFor,
    /// `Forwarded: for=client;proto=https` (RFC 7239).
    Forwarded,
}

impl FromStr for ForwardedHeader {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text.trim().to_ascii_lowercase().as_str() {
            "x-forwarded-for" => Ok(Self::XForwardedFor),
            "forwarded" => Ok(Self::Forwarded),
            other => Err(format!(
                "„{other}“ ist kein Weiterleitungs-Header, den der Server liest: x-forwarded-for oder forwarded."
            )),
        }
    }
}

/// The proxies whose forwarding header is believed; empty (the default) believes none.
#[derive(Debug, Clone, Default)]
pub struct TrustedProxies {
    networks: Vec<Network>,
    header: ForwardedHeader,
}

impl TrustedProxies {
    /// Proxies that append the client to `X-Forwarded-For`.
    pub fn new(networks: Vec<Network>) -> Self {
        Self::with_header(networks, ForwardedHeader::XForwardedFor)
    }

    pub fn with_header(networks: Vec<Network>, header: ForwardedHeader) -> Self {
        Self { networks, header }
    }

    fn trusts(&self, ip: IpAddr) -> bool {
        self.networks.iter().any(|n| n.contains(ip))
    }

    /// The client's address: the peer's, unless the peer is a trusted proxy; then the nearest
    /// address in the named header's chain that is not itself a trusted proxy (read from the
    /// right: everything left of it could have been written by the client).
    pub fn client(&self, peer: IpAddr, headers: &http::HeaderMap) -> IpAddr {
        if !self.trusts(peer) {
            return peer;
        }
        let chain = forwarded_chain(headers, self.header);
        let mut client = peer;
        for hop in chain.iter().rev() {
            match hop {
                Some(ip) => {
                    client = *ip;
                    if !self.trusts(*ip) {
                        return client;
                    }
                }
                // An unreadable hop (a name, "unknown", garbage): trust stops here.
                None => return client,
            }
        }
        client
    }
}

/// The forwarding chain of the one header read, first client first; `None` for an entry that is
/// not an address.
fn forwarded_chain(headers: &http::HeaderMap, header: ForwardedHeader) -> Vec<Option<IpAddr>> {
    let values = |name: http::header::HeaderName| -> Vec<String> {
        headers
            .get_all(name)
            .iter()
            .filter_map(|v| v.to_str().ok().map(str::to_owned))
            .collect()
    };
    if header == ForwardedHeader::Forwarded {
        return values(http::header::FORWARDED)
            .iter()
            .flat_map(|v| v.split(','))
            .map(|element| {
                element
                    .split(';')
                    .find_map(|pair| {
                        let (key, value) = pair.trim().split_once('=')?;
                        key.eq_ignore_ascii_case("for").then_some(value.trim())
                    })
                    .and_then(parse_forwarded_node)
            })
            .collect();
    }
    values(http::header::HeaderName::from_static("x-forwarded-for"))
        .iter()
        .flat_map(|v| v.split(','))
        .map(|hop| parse_forwarded_node(hop.trim()))
        .collect()
}

/// `192.0.2.1`, `"[2001:db8::1]:4711"`, `192.0.2.1:4711`, `[2001:db8::1]`.
fn parse_forwarded_node(node: &str) -> Option<IpAddr> {
    let node = node.trim_matches('"');
    if let Ok(ip) = IpAddr::from_str(node) {
        return Some(canonical(ip));
    }
    if let Some(rest) = node.strip_prefix('[') {
        return IpAddr::from_str(rest.split(']').next()?)
            .ok()
            .map(canonical);
    }
    let (host, _port) = node.rsplit_once(':')?;
    IpAddr::from_str(host).ok().map(canonical)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&str, &str)]) -> http::HeaderMap {
        let mut map = http::HeaderMap::new();
        for (name, value) in pairs {
            map.append(
                http::header::HeaderName::from_bytes(name.as_bytes()).expect("name"),
                http::HeaderValue::from_str(value).expect("value"),
            );
        }
        map
    }

    fn ip(text: &str) -> IpAddr {
        text.parse().expect("ip")
    }

    fn proxies(list: &[&str]) -> TrustedProxies {
        TrustedProxies::new(list.iter().map(|n| n.parse().expect("network")).collect())
    }

    fn rfc7239_proxies(list: &[&str]) -> TrustedProxies {
        TrustedProxies::with_header(
            list.iter().map(|n| n.parse().expect("network")).collect(),
            ForwardedHeader::Forwarded,
        )
    }

    #[test]
    fn networks_parse_and_match() {
        let net: Network = "10.1.0.0/16".parse().expect("net");
        assert!(net.contains(ip("10.1.200.3")));
        assert!(net.contains(ip("::ffff:10.1.0.1")));
        assert!(!net.contains(ip("10.2.0.1")));
        let odd: Network = "192.0.2.128/25".parse().expect("net");
        assert!(odd.contains(ip("192.0.2.200")));
        assert!(!odd.contains(ip("192.0.2.100")));
        let v6: Network = "2001:db8::/32".parse().expect("net");
        assert!(v6.contains(ip("2001:db8:ffff::1")));
        assert!(!v6.contains(ip("2001:db9::1")));
        assert!(!v6.contains(ip("10.0.0.1")));
        let single: Network = "127.0.0.1".parse().expect("net");
        assert!(single.contains(ip("127.0.0.1")));
        assert!(!single.contains(ip("127.0.0.2")));
        for wrong in ["10.0.0.0/33", "proxy.local", "", "10.0.0.0/x", "::/129"] {
            assert!(wrong.parse::<Network>().is_err(), "{wrong}");
        }
    }

    #[test]
    fn forwarding_headers_count_only_from_a_trusted_peer() {
        let none = TrustedProxies::default();
        let sent = headers(&[("x-forwarded-for", "203.0.113.9")]);
        assert_eq!(none.client(ip("198.51.100.1"), &sent), ip("198.51.100.1"));
        let trusted = proxies(&["10.0.0.0/8"]);
        // A stranger cannot pretend to be someone else.
        assert_eq!(
            trusted.client(ip("198.51.100.1"), &sent),
            ip("198.51.100.1")
        );
        assert_eq!(trusted.client(ip("10.0.0.2"), &sent), ip("203.0.113.9"));
    }

    #[test]
    fn the_nearest_untrusted_hop_is_the_client() {
        let trusted = proxies(&["10.0.0.0/8"]);
        // The client wrote "1.2.3.4" itself; our proxies appended the real hops.
        let chain = headers(&[("x-forwarded-for", "1.2.3.4, 203.0.113.9, 10.0.0.7")]);
        assert_eq!(trusted.client(ip("10.0.0.2"), &chain), ip("203.0.113.9"));
        // Several header lines form one list.
        let split = headers(&[
            ("x-forwarded-for", "1.2.3.4"),
            ("x-forwarded-for", "203.0.113.9"),
        ]);
        assert_eq!(trusted.client(ip("10.0.0.2"), &split), ip("203.0.113.9"));
        // Garbage stops the walk at the last trusted hop.
        let garbage = headers(&[("x-forwarded-for", "203.0.113.9, nonsense")]);
        assert_eq!(trusted.client(ip("10.0.0.2"), &garbage), ip("10.0.0.2"));
        // Without a header the proxy itself is the client.
        assert_eq!(
            trusted.client(ip("10.0.0.2"), &http::HeaderMap::new()),
            ip("10.0.0.2")
        );
    }

    #[test]
    fn only_the_named_header_is_read() {
        // The proxy appends to X-Forwarded-For; a Forwarded the client wrote passes unchanged.
        let forged = headers(&[
            ("forwarded", "for=198.51.100.77"),
            ("x-forwarded-for", "203.0.113.9"),
        ]);
        let xff = proxies(&["10.0.0.0/8"]);
        assert_eq!(xff.client(ip("10.0.0.2"), &forged), ip("203.0.113.9"));
        let only_forged = headers(&[("forwarded", "for=198.51.100.77")]);
        assert_eq!(xff.client(ip("10.0.0.2"), &only_forged), ip("10.0.0.2"));
        // And the other way round.
        let rfc = rfc7239_proxies(&["10.0.0.0/8"]);
        let forged = headers(&[
            ("x-forwarded-for", "198.51.100.77"),
            ("forwarded", "for=203.0.113.9"),
        ]);
        assert_eq!(rfc.client(ip("10.0.0.2"), &forged), ip("203.0.113.9"));
        assert_eq!(
            "Forwarded".parse::<ForwardedHeader>(),
            Ok(ForwardedHeader::Forwarded)
        );
        assert_eq!(
            "x-forwarded-for".parse::<ForwardedHeader>(),
            Ok(ForwardedHeader::XForwardedFor)
        );
        assert!("x-real-ip".parse::<ForwardedHeader>().is_err());
    }

    #[test]
    fn forwarded_header_with_ports_and_ipv6() {
        let trusted = rfc7239_proxies(&["10.0.0.0/8"]);
        let forwarded = headers(&[(
            "forwarded",
            "for=1.2.3.4;proto=https, for=\"[2001:db8:cafe::17]:4711\";by=10.0.0.2",
        )]);
        assert_eq!(
            trusted.client(ip("10.0.0.2"), &forwarded),
            ip("2001:db8:cafe::17")
        );
        let with_port = headers(&[("forwarded", "for=203.0.113.9:5555")]);
        assert_eq!(
            trusted.client(ip("10.0.0.2"), &with_port),
            ip("203.0.113.9")
        );
        let unknown = headers(&[("forwarded", "for=unknown")]);
        assert_eq!(trusted.client(ip("10.0.0.2"), &unknown), ip("10.0.0.2"));
    }
}
