//! Where the preview listens, and which names it answers to.
//!
//! `--bind` takes an IP address (`127.0.0.1`, `::1`, `[::1]`, `0.0.0.0`) or a host name;
//! `localhost` is this machine's loopback interface (127.0.0.1, or ::1 where IPv4 is
//! missing) and is never looked up.
//!
//! A request's `Host` header must name the server: `localhost`, `127.0.0.1`, `[::1]`, the
//! `--bind` name or the address actually bound, with or without the port. Anything else is
//! refused, so that a web page cannot reach the preview through a host name of its own
//! that it made point at 127.0.0.1 (DNS rebinding). When listening on every interface
//! (`0.0.0.0`, `::`), any IP address is accepted as well: other machines reach the preview
//! by this machine's address, and rebinding needs a host name.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, TcpListener, ToSocketAddrs};

/// Listen on `bind` at `port` (0: any free port).
pub fn listen(bind: &str, port: u16) -> Result<TcpListener, String> {
    let mut last = None;
    for addr in candidates(bind, port)? {
        match TcpListener::bind(addr) {
            Ok(listener) => return Ok(listener),
            Err(e) => last = Some(format!("cannot listen on {addr}: {e}")),
        }
    }
    Err(last.unwrap_or_else(|| format!("`{bind}` names no address to listen on")))
}

/// The addresses `bind` may mean, in the order to try them.
fn candidates(bind: &str, port: u16) -> Result<Vec<SocketAddr>, String> {
    let name = unbracket(bind);
    if let Ok(ip) = name.parse::<IpAddr>() {
        return Ok(vec![SocketAddr::new(ip, port)]);
    }
    if name.eq_ignore_ascii_case("localhost") {
        return Ok(vec![
            SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), port),
            SocketAddr::new(IpAddr::V6(Ipv6Addr::LOCALHOST), port),
        ]);
    }
    (name, port)
        .to_socket_addrs()
        .map(Iterator::collect)
        .map_err(|e| format!("`{bind}` is not an address to listen on: {e}"))
}

/// `[::1]` → `::1`; anything else as it is.
fn unbracket(s: &str) -> &str {
    s.strip_prefix('[').and_then(|r| r.strip_suffix(']')).unwrap_or(s)
}

/// The names a request's `Host` may give.
#[derive(Clone, Debug)]
pub struct Hosts {
    names: Vec<String>,
    any_ip: bool,
    port: u16,
}

impl Hosts {
    /// The names of a server started with `--bind bind` and listening on `local`.
    pub fn new(bind: &str, local: SocketAddr) -> Hosts {
        let mut names: Vec<String> = vec!["localhost".into(), "127.0.0.1".into(), "[::1]".into()];
        names.push(host_name(local.ip()));
        let bind = unbracket(bind);
        names.push(match bind.parse::<IpAddr>() {
            Ok(ip) => host_name(ip),
            Err(_) => bind.to_ascii_lowercase(),
        });
        names.sort();
        names.dedup();
        Hosts { names, any_ip: local.ip().is_unspecified(), port: local.port() }
    }

    /// Whether a `Host` header value names this server.
    pub fn allows(&self, host: &str) -> bool {
        let host = host.trim().to_ascii_lowercase();
        let Some((name, port)) = split_port(&host) else { return false };
        if port.is_some_and(|p| p != self.port) {
            return false;
        }
        self.names.iter().any(|n| *n == name) || (self.any_ip && unbracket(name).parse::<IpAddr>().is_ok())
    }
}

/// How an address is written in a `Host` header: IPv6 in brackets.
fn host_name(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => format!("[{v6}]"),
    }
}

/// `name[:port]` → the name and the port, if given; `None` if the port is not a number or
/// an IPv6 address lacks its brackets.
fn split_port(host: &str) -> Option<(&str, Option<u16>)> {
    let (name, port) = if host.starts_with('[') {
        let end = host.find(']')?;
        let rest = &host[end + 1..];
        (&host[..=end], if rest.is_empty() { None } else { Some(rest.strip_prefix(':')?) })
    } else {
        match host.split_once(':') {
            Some((name, port)) => (name, Some(port)),
            None => (host, None),
        }
    };
    if name.is_empty() {
        return None;
    }
    match port {
        None => Some((name, None)),
        Some(p) => p.parse().ok().map(|p| (name, Some(p))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn loopback(port: u16) -> SocketAddr {
        SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), port)
    }

    #[test]
    fn the_loopback_names_are_allowed_with_or_without_the_port() {
        let hosts = Hosts::new("127.0.0.1", loopback(4000));
        for ok in ["localhost", "LOCALHOST:4000", "127.0.0.1", "127.0.0.1:4000", "[::1]", "[::1]:4000"] {
            assert!(hosts.allows(ok), "{ok}");
        }
        for bad in
            ["evil.example", "evil.example:4000", "localhost:4001", "127.0.0.2", "::1", "localhost:x", "", ":4000"]
        {
            assert!(!hosts.allows(bad), "{bad}");
        }
    }

    #[test]
    fn the_bind_name_is_allowed_and_every_ip_when_bound_to_all() {
        let v6 = Hosts::new("::1", SocketAddr::new(IpAddr::V6(Ipv6Addr::LOCALHOST), 80));
        assert!(v6.allows("[::1]:80"));
        let named = Hosts::new("preview.test", loopback(80));
        assert!(named.allows("preview.test:80"));
        assert!(!named.allows("192.168.1.5"));
        let all = Hosts::new("0.0.0.0", SocketAddr::new(IpAddr::V4(Ipv4Addr::UNSPECIFIED), 80));
        assert!(all.allows("192.168.1.5:80") && all.allows("[fe80::1]"));
        assert!(!all.allows("evil.example"));
    }

    #[test]
    fn bind_accepts_localhost_and_ipv6() {
        assert_eq!(candidates("localhost", 1).unwrap()[0], loopback(1));
        for v6 in ["::1", "[::1]"] {
            assert_eq!(candidates(v6, 1).unwrap(), vec![SocketAddr::new(IpAddr::V6(Ipv6Addr::LOCALHOST), 1)]);
        }
    }
}
