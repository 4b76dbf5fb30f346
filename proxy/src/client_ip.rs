//! The customer's IP address: the socket peer, or what trusted proxies report in
//! `X-Forwarded-For` (or the standard `Forwarded` header) when the peer is one of them.
//!
//! The walk, from the server outwards: start at the socket peer. While the current address is
//! a trusted proxy, the next hop to the left in the forwarding header is what that proxy saw;
//! the first hop that is not a trusted proxy is the client. A hop that cannot be read
//! (`unknown`, an obfuscated `_name`, garbage, an empty list element) means the trusted chain
//! no longer says who sent the request: the walk stops and the socket peer is used (so such
//! requests share the balancer's bucket rather than pick one). When every hop is trusted, the
//! farthest is the client (an internal caller). Hops left of the client are never read: a
//! client can write anything there.
//!
//! Only one header is read: `X-Forwarded-For` by default, `Forwarded` with
//! `CHECKOUT_FORWARDED_HEADER=forwarded`. A balancer passes the header it does not write
//! through untouched, so that one holds whatever the client sent; preferring it when present
//! would let any client choose its own address.

use std::net::{IpAddr, Ipv6Addr, SocketAddr};
use std::sync::atomic::{AtomicBool, Ordering};

use axum::http::HeaderMap;
use ipnet::IpNet;

/// Which forwarding header the trusted proxies write (`CHECKOUT_FORWARDED_HEADER`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ForwardingHeader {
    /// `X-Forwarded-For: client, proxy1, proxy2` (the default; what most balancers write).
    #[default]
    XForwardedFor,
    /// RFC 7239 `Forwarded: for=client, for="[2001:db8::1]:4711"`.
    Forwarded,
}

/// The proxies whose forwarding header is believed, and which header they write.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedProxies {
    /// Networks of trusted proxies (`CHECKOUT_TRUSTED_PROXIES`; a bare IP is a /32 or /128).
    pub nets: Vec<IpNet>,
    /// The header they write.
    pub header: ForwardingHeader,
}

impl TrustedProxies {
    /// Reads `CHECKOUT_TRUSTED_PROXIES` (comma-separated CIDRs or IPs) and
    /// `CHECKOUT_FORWARDED_HEADER` (`x-forwarded-for`, the default, or `forwarded`); the error
    /// names the variable and the value.
    pub fn parse(proxies: Option<&str>, header: Option<&str>) -> Result<Self, String> {
        let nets = proxies
            .unwrap_or_default()
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| {
                s.parse::<IpNet>()
                    .map(|net| net.trunc())
                    .or_else(|_| s.parse::<IpAddr>().map(IpNet::from))
                    .map_err(|_| {
                        format!("CHECKOUT_TRUSTED_PROXIES: not an IP address or CIDR: {s:?}")
                    })
            })
            .collect::<Result<_, _>>()?;
        let header = match header.map(str::trim) {
            None => ForwardingHeader::XForwardedFor,
            Some(h) if h.eq_ignore_ascii_case("x-forwarded-for") => ForwardingHeader::XForwardedFor,
            Some(h) if h.eq_ignore_ascii_case("forwarded") => ForwardingHeader::Forwarded,
            Some(h) => {
                return Err(format!(
                    "CHECKOUT_FORWARDED_HEADER must be x-forwarded-for or forwarded, not {h:?}"
                ))
            }
        };
        Ok(Self { nets, header })
    }

    /// `true` when `ip` (IPv4-mapped IPv6 read as IPv4) is in a trusted network.
    pub fn trusts(&self, ip: IpAddr) -> bool {
        let ip = ip.to_canonical();
        self.nets.iter().any(|net| net.contains(&ip))
    }
}

/// Set once the "forwarding headers but no trusted proxy" warning was logged.
static WARNED_UNTRUSTED_FORWARDING: AtomicBool = AtomicBool::new(false);

/// The client address for a request from `peer` (see the module documentation for the walk).
/// IPv4-mapped IPv6 addresses come back as IPv4.
pub fn client_ip(peer: IpAddr, headers: &HeaderMap, trusted: &TrustedProxies) -> IpAddr {
    let peer = peer.to_canonical();
    if trusted.nets.is_empty() {
        warn_once_if_forwarded(headers);
        return peer;
    }
    if !trusted.trusts(peer) {
        return peer;
    }
    let hops = match trusted.header {
        ForwardingHeader::XForwardedFor => x_forwarded_for(headers),
        ForwardingHeader::Forwarded => forwarded_for(headers),
    };
    let mut client = peer;
    for hop in hops.iter().rev() {
        match hop {
            Some(ip) => {
                client = *ip;
                if !trusted.trusts(client) {
                    return client;
                }
            }
            None => return peer,
        }
    }
    client
}

/// Behind a balancer with no trusted proxy configured, every customer has the balancer's
/// address: one rate-limit bucket for all, and the balancer's address sent for 3-D Secure.
fn warn_once_if_forwarded(headers: &HeaderMap) {
    let forwarded = headers.contains_key("x-forwarded-for") || headers.contains_key("forwarded");
    if forwarded && !WARNED_UNTRUSTED_FORWARDING.swap(true, Ordering::Relaxed) {
        tracing::warn!(
            "requests carry X-Forwarded-For/Forwarded but CHECKOUT_TRUSTED_PROXIES is not set: \
             the headers are ignored, so every customer behind that balancer shares one \
             rate-limit bucket and the provider sees the balancer's address; set \
             CHECKOUT_TRUSTED_PROXIES to the balancer's addresses (CIDRs allowed)"
        );
    }
}

/// Every `X-Forwarded-For` hop, left to right over all header lines; `None` where unreadable.
fn x_forwarded_for(headers: &HeaderMap) -> Vec<Option<IpAddr>> {
    headers
        .get_all("x-forwarded-for")
        .iter()
        .flat_map(|value| match value.to_str() {
            Ok(text) => text.split(',').map(parse_hop).collect(),
            Err(_) => vec![None],
        })
        .collect()
}

/// One `X-Forwarded-For` hop: `ip`, `ipv4:port`, `[ipv6]` or `[ipv6]:port`.
fn parse_hop(hop: &str) -> Option<IpAddr> {
    let hop = hop.trim();
    if let Ok(ip) = hop.parse::<IpAddr>() {
        return Some(ip.to_canonical());
    }
    if let Ok(addr) = hop.parse::<SocketAddr>() {
        return Some(addr.ip().to_canonical());
    }
    bracketed(hop).map(|v6| IpAddr::V6(v6).to_canonical())
}

fn bracketed(text: &str) -> Option<Ipv6Addr> {
    text.strip_prefix('[')?.strip_suffix(']')?.parse().ok()
}

/// The `for=` node of every `Forwarded` element, left to right over all header lines;
/// `None` for an element without exactly one readable `for`.
fn forwarded_for(headers: &HeaderMap) -> Vec<Option<IpAddr>> {
    headers
        .get_all("forwarded")
        .iter()
        .flat_map(|value| match value.to_str() {
            Ok(text) => split_unquoted(text, ',')
                .into_iter()
                .map(element_for)
                .collect(),
            Err(_) => vec![None],
        })
        .collect()
}

/// The node of an element's single `for` parameter.
fn element_for(element: &str) -> Option<IpAddr> {
    let mut nodes = split_unquoted(element, ';').into_iter().filter_map(|pair| {
        let (name, value) = pair.split_once('=')?;
        name.trim()
            .eq_ignore_ascii_case("for")
            .then(|| unquote(value.trim()))
    });
    let node = nodes.next()??;
    if nodes.next().is_some() {
        return None;
    }
    parse_node(&node)
}

/// An RFC 7239 node: `ipv4`, `ipv4:port`, `[ipv6]` or `[ipv6]:port`, where the port may be
/// obfuscated (`_x`): the address is still known. `unknown` and `_obfuscated` names are not
/// addresses, and neither is a bare IPv6 address (its colons would be ambiguous with a port).
fn parse_node(node: &str) -> Option<IpAddr> {
    let (host, port) = if let Some(rest) = node.strip_prefix('[') {
        let (v6, after) = rest.split_once(']')?;
        let v6: Ipv6Addr = v6.parse().ok()?;
        let port = match after {
            "" => None,
            _ => Some(after.strip_prefix(':')?),
        };
        (IpAddr::V6(v6), port)
    } else {
        let (host, port) = match node.split_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (node, None),
        };
        (IpAddr::V4(host.parse().ok()?), port)
    };
    let port_ok = port.is_none_or(|p| {
        p.parse::<u16>().is_ok()
            || p.strip_prefix('_').is_some_and(|name| {
                !name.is_empty()
                    && name
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b))
            })
    });
    port_ok.then(|| host.to_canonical())
}

/// Splits at `separator` outside double quotes (a quoted string may hold `,` or `;`).
fn split_unquoted(text: &str, separator: char) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut start, mut quoted, mut escaped) = (0, false, false);
    for (i, c) in text.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' if quoted => escaped = true,
            '"' => quoted = !quoted,
            c if c == separator && !quoted => {
                parts.push(&text[start..i]);
                start = i + c.len_utf8();
            }
            _ => {}
        }
    }
    parts.push(&text[start..]);
    parts
}

/// A token as is, or a quoted string without its quotes and escapes; `None` if unterminated.
fn unquote(value: &str) -> Option<String> {
    let Some(inner) = value.strip_prefix('"') else {
        return Some(value.to_string());
    };
    let inner = inner.strip_suffix('"')?;
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        out.push(if c == '\\' { chars.next()? } else { c });
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn trusted(nets: &str) -> TrustedProxies {
        TrustedProxies::parse(Some(nets), None).unwrap()
    }

    fn with(name: &'static str, lines: &[&str]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for line in lines {
            h.append(name, line.parse().unwrap());
        }
        h
    }

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    /// Spoofing attempts and honest chains, each as (trusted networks, peer, X-Forwarded-For
    /// lines, expected client).
    #[test]
    fn x_forwarded_for_walk() {
        let lb = "10.0.0.1";
        let cases: &[(&str, &str, &[&str], &str)] = &[
            // No trusted proxy: the header is never read.
            ("", "198.51.100.1", &["1.2.3.4"], "198.51.100.1"),
            // An untrusted peer cannot claim another address.
            ("10.0.0.0/8", "198.51.100.1", &["1.2.3.4"], "198.51.100.1"),
            // The balancer's hop is the client.
            ("10.0.0.0/8", lb, &["203.0.113.7"], "203.0.113.7"),
            // A client-prepended fake hop is left of the client: never read.
            ("10.0.0.0/8", lb, &["6.6.6.6, 203.0.113.7"], "203.0.113.7"),
            // A fake hop inside the trusted range, prepended by the client, is still left of it.
            ("10.0.0.0/8", lb, &["10.9.9.9, 203.0.113.7"], "203.0.113.7"),
            // Trusted inner hops are stepped over.
            (
                "10.0.0.0/8",
                lb,
                &["6.6.6.6, 203.0.113.7, 10.0.0.2"],
                "203.0.113.7",
            ),
            // Ports and brackets.
            ("10.0.0.0/8", lb, &["203.0.113.7:4711"], "203.0.113.7"),
            ("10.0.0.0/8", lb, &["[2001:db8::1]:4711"], "2001:db8::1"),
            ("10.0.0.0/8", lb, &["[2001:db8::1]"], "2001:db8::1"),
            ("10.0.0.0/8", lb, &["2001:db8::1"], "2001:db8::1"),
            ("10.0.0.0/8", lb, &["6.6.6.6, 10.0.0.2:80"], "6.6.6.6"),
            // Unreadable hops stop the walk at the peer instead of being skipped.
            ("10.0.0.0/8", lb, &["6.6.6.6, unknown"], lb),
            ("10.0.0.0/8", lb, &["6.6.6.6, garbage, 10.0.0.2"], lb),
            ("10.0.0.0/8", lb, &["6.6.6.6, _hidden"], lb),
            ("10.0.0.0/8", lb, &["6.6.6.6,"], lb),
            ("10.0.0.0/8", lb, &["6.6.6.6, 203.0.113.7:99999"], lb),
            ("10.0.0.0/8", lb, &["6.6.6.6, [203.0.113.7]"], lb),
            ("10.0.0.0/8", lb, &["6.6.6.6, fe80::1%eth0"], lb),
            // An unreadable hop left of the client is never reached.
            ("10.0.0.0/8", lb, &["garbage, 203.0.113.7"], "203.0.113.7"),
            // IPv4-mapped IPv6 is IPv4, for the peer, the hops and the answer.
            (
                "10.0.0.0/8",
                "::ffff:10.0.0.1",
                &["203.0.113.7"],
                "203.0.113.7",
            ),
            ("10.0.0.0/8", lb, &["6.6.6.6, ::ffff:10.0.0.2"], "6.6.6.6"),
            ("10.0.0.0/8", lb, &["::ffff:203.0.113.7"], "203.0.113.7"),
            // CIDR edges: the last address in, the first address out.
            ("10.0.0.0/8", lb, &["6.6.6.6, 10.255.255.255"], "6.6.6.6"),
            ("10.0.0.0/8", lb, &["6.6.6.6, 11.0.0.0"], "11.0.0.0"),
            ("10.0.0.0/8", "11.0.0.0", &["6.6.6.6"], "11.0.0.0"),
            (
                "192.0.2.7",
                "192.0.2.7",
                &["6.6.6.6, 192.0.2.8"],
                "192.0.2.8",
            ),
            (
                "2001:db8::/64",
                "2001:db8::ffff:ffff:ffff:ffff",
                &["6.6.6.6"],
                "6.6.6.6",
            ),
            (
                "2001:db8::/64",
                "2001:db8:0:1::",
                &["6.6.6.6"],
                "2001:db8:0:1::",
            ),
            // Several header lines are one list, in order.
            (
                "10.0.0.0/8",
                lb,
                &["6.6.6.6", "203.0.113.7", "10.0.0.2"],
                "203.0.113.7",
            ),
            ("10.0.0.0/8", lb, &["203.0.113.7", "unknown"], lb),
            // Every hop trusted: the farthest is the client.
            ("10.0.0.0/8", lb, &["10.0.0.5, 10.0.0.2"], "10.0.0.5"),
        ];
        for (nets, peer, lines, expected) in cases {
            let got = client_ip(ip(peer), &with("x-forwarded-for", lines), &trusted(nets));
            assert_eq!(
                got,
                ip(expected),
                "trusted {nets:?}, peer {peer}, {lines:?}"
            );
        }
        assert_eq!(
            client_ip(ip(lb), &HeaderMap::new(), &trusted("10.0.0.0/8")),
            ip(lb)
        );
    }

    #[test]
    fn forwarded_walk() {
        let lb = "10.0.0.1";
        let mut t = trusted("10.0.0.0/8");
        t.header = ForwardingHeader::Forwarded;
        let cases: &[(&[&str], &str)] = &[
            (&["for=203.0.113.7"], "203.0.113.7"),
            (&["For=203.0.113.7;proto=https;by=10.0.0.1"], "203.0.113.7"),
            (&["for=6.6.6.6, for=203.0.113.7"], "203.0.113.7"),
            (&[r#"for="[2001:db8::1]:4711""#], "2001:db8::1"),
            (&[r#"for="[2001:db8::1]""#], "2001:db8::1"),
            (&[r#"for="203.0.113.7:_port""#], "203.0.113.7"),
            (
                &["for=6.6.6.6", "for=203.0.113.7;proto=http", "for=10.0.0.2"],
                "203.0.113.7",
            ),
            // A quoted comma is not an element boundary; the odd value is unreadable.
            (&[r#"for=6.6.6.6, for="1.2.3.4,5.6.7.8""#], lb),
            (&["for=6.6.6.6, for=unknown"], lb),
            (&["for=6.6.6.6, for=_hidden"], lb),
            (&["for=6.6.6.6, proto=https"], lb),
            (&["for=6.6.6.6, for=1.2.3.4;for=5.6.7.8"], lb),
            (&["for=6.6.6.6, for=2001:db8::1"], lb),
            (&[r#"for=6.6.6.6, for="[2001:db8::1"#], lb),
            (&["for=unknown, for=203.0.113.7"], "203.0.113.7"),
        ];
        for (lines, expected) in cases {
            let got = client_ip(ip(lb), &with("forwarded", lines), &t);
            assert_eq!(got, ip(expected), "{lines:?}");
        }
        // The header not configured is whatever the client sent: ignored.
        let both = {
            let mut h = with("forwarded", &["for=6.6.6.6"]);
            h.append("x-forwarded-for", "203.0.113.7".parse().unwrap());
            h
        };
        assert_eq!(client_ip(ip(lb), &both, &t), ip("6.6.6.6"));
        assert_eq!(
            client_ip(ip(lb), &both, &trusted("10.0.0.0/8")),
            ip("203.0.113.7")
        );
    }

    #[test]
    fn trusted_proxies_parse_cidrs_and_bare_addresses() {
        let t = trusted("10.0.0.0/8, 192.0.2.7,2001:db8::/32, ::1, 10.1.2.3/16");
        assert_eq!(
            t.nets,
            [
                "10.0.0.0/8",
                "192.0.2.7/32",
                "2001:db8::/32",
                "::1/128",
                "10.1.0.0/16"
            ]
            .map(|n| n.parse::<IpNet>().unwrap())
        );
        assert_eq!(t.header, ForwardingHeader::XForwardedFor);
        assert_eq!(
            TrustedProxies::parse(None, None),
            Ok(TrustedProxies::default())
        );
        for bad in ["10.0.0.0/33", "lb.internal", "10.0.0.1:80"] {
            let err = TrustedProxies::parse(Some(bad), None).unwrap_err();
            assert!(
                err.contains("CHECKOUT_TRUSTED_PROXIES") && err.contains(bad),
                "{err}"
            );
        }
        let f = TrustedProxies::parse(None, Some("Forwarded")).unwrap();
        assert_eq!(f.header, ForwardingHeader::Forwarded);
        let err = TrustedProxies::parse(None, Some("x-real-ip")).unwrap_err();
        assert!(err.contains("CHECKOUT_FORWARDED_HEADER"), "{err}");
    }
}
