//! The customer's IP address: the socket peer, or `X-Forwarded-For` only when the peer is a
//! proxy the operator trusts (anyone else could write any address there).

use std::net::IpAddr;

use axum::http::HeaderMap;

/// The client address for a request from `peer`. With a trusted peer, `X-Forwarded-For` is
/// read from the right, skipping trusted hops: the first untrusted address is the client.
pub fn client_ip(peer: IpAddr, headers: &HeaderMap, trusted: &[IpAddr]) -> IpAddr {
    if !trusted.contains(&peer) {
        return peer;
    }
    let hops: Vec<IpAddr> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|hop| hop.trim().parse().ok())
        .collect();
    hops.into_iter()
        .rev()
        .find(|hop| !trusted.contains(hop))
        .unwrap_or(peer)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(xff: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert("x-forwarded-for", xff.parse().unwrap());
        h
    }

    #[test]
    fn untrusted_peers_cannot_claim_another_address() {
        let peer: IpAddr = "198.51.100.1".parse().unwrap();
        assert_eq!(client_ip(peer, &headers("1.2.3.4"), &[]), peer);
    }

    #[test]
    fn trusted_peers_pass_the_first_untrusted_hop_from_the_right() {
        let lb: IpAddr = "10.0.0.1".parse().unwrap();
        let inner: IpAddr = "10.0.0.2".parse().unwrap();
        let got = client_ip(lb, &headers("6.6.6.6, 203.0.113.7, 10.0.0.2"), &[lb, inner]);
        assert_eq!(got, "203.0.113.7".parse::<IpAddr>().unwrap());
        assert_eq!(client_ip(lb, &HeaderMap::new(), &[lb]), lb);
    }
}
