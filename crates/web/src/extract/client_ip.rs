//! The client's address, for per-IP rate limits.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{Extensions, HeaderMap, Request};
use tower_governor::GovernorError;
use tower_governor::key_extractor::KeyExtractor;

use crate::AppState;

/// Keys requests by client IP: the peer address, or — behind our own reverse proxy
/// (`GONGKAI_TRUST_PROXY`) — the last `X-Forwarded-For` hop, the one that proxy appended.
/// Earlier hops are written by the client and are never trusted.
#[derive(Debug, Clone, Copy)]
pub struct ClientIp {
    /// Whether the last X-Forwarded-For hop is ours.
    pub trust_proxy: bool,
}

/// The address a limit counts: an IPv6 client by its /64 (one subscriber's network: a host picks
/// any address in it at will), an IPv4-mapped IPv6 address as the IPv4 address, IPv4 as it is.
pub fn network(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => IpAddr::V6(std::net::Ipv6Addr::from(u128::from(v6) & (u128::MAX << 64))),
        },
        v4 => v4,
    }
}

impl ClientIp {
    /// The client's address of a request with these headers and extensions, as [`network`]
    /// counts it.
    pub fn of(&self, headers: &HeaderMap, extensions: &Extensions) -> IpAddr {
        network(self.peer(headers, extensions))
    }

    fn peer(&self, headers: &HeaderMap, extensions: &Extensions) -> IpAddr {
        if self.trust_proxy {
            // Only the very last hop: if it does not parse, earlier (client-written) hops are
            // not a fallback.
            let last_hop = headers
                .get_all("x-forwarded-for")
                .iter()
                .filter_map(|v| v.to_str().ok())
                .flat_map(|v| v.split(','))
                .next_back()
                .and_then(|hop| hop.trim().parse::<IpAddr>().ok());
            if let Some(ip) = last_hop {
                return ip;
            }
        }
        extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip())
            // Without connection info (in-process tests) every request shares one bucket.
            .unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED))
    }
}

impl KeyExtractor for ClientIp {
    type Key = IpAddr;

    fn extract<T>(&self, req: &Request<T>) -> Result<Self::Key, GovernorError> {
        Ok(self.of(req.headers(), req.extensions()))
    }
}

/// The client's address, as the rate limits see it (an extractor for handlers).
#[derive(Debug, Clone, Copy)]
pub struct ClientAddr(pub IpAddr);

impl FromRequestParts<AppState> for ClientAddr {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let ip = ClientIp {
            trust_proxy: state.config.trust_proxy,
        };
        Ok(ClientAddr(ip.of(&parts.headers, &parts.extensions)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_ipv6_client_counts_by_its_64_network() {
        // Issue 15 review: every address of a /64 is the same subscriber.
        let ip = |s: &str| s.parse::<IpAddr>().expect("ip");
        assert_eq!(network(ip("2001:db8:1:2:aaaa::1")), ip("2001:db8:1:2::"));
        assert_eq!(
            network(ip("2001:db8:1:2:ffff:ffff:ffff:ffff")),
            network(ip("2001:db8:1:2::7"))
        );
        assert_ne!(
            network(ip("2001:db8:1:3::1")),
            network(ip("2001:db8:1:2::1"))
        );
        assert_eq!(network(ip("::ffff:192.0.2.7")), ip("192.0.2.7"));
        assert_eq!(network(ip("192.0.2.7")), ip("192.0.2.7"));
        let req = Request::builder()
            .header("x-forwarded-for", "2001:db8:1:2:aaaa::1")
            .body(())
            .expect("request");
        let trusted = ClientIp { trust_proxy: true };
        assert_eq!(trusted.extract(&req).ok(), Some(ip("2001:db8:1:2::")));
    }

    #[test]
    fn only_the_last_forwarded_hop_counts_and_only_behind_a_proxy() {
        let req = Request::builder()
            .header("x-forwarded-for", "1.2.3.4, 10.0.0.9")
            .body(())
            .expect("request");
        let trusted = ClientIp { trust_proxy: true };
        assert_eq!(trusted.extract(&req).ok(), "10.0.0.9".parse().ok());
        let direct = ClientIp { trust_proxy: false };
        assert_eq!(
            direct.extract(&req).ok(),
            Some(IpAddr::V4(Ipv4Addr::UNSPECIFIED))
        );
    }
}
