//! Where a NATS feed lives: `nats://HOST[:PORT]/BUCKET/KEY`, parsed and checked once, at
//! the edge. Credentials never travel in it (they come from the config's `[nats]` table).

use std::fmt;

/// The port a NATS server listens on unless told otherwise.
pub const DEFAULT_PORT: u16 = 4222;

/// A key in a JetStream key-value bucket on one server.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct NatsAddress {
    /// The host as written (an IPv6 address keeps its brackets).
    pub host: String,
    pub port: u16,
    pub bucket: String,
    pub key: String,
}

impl NatsAddress {
    /// Whether `text` is meant as a NATS address (and must parse as one, never as a path).
    #[must_use]
    pub fn is_nats(text: &str) -> bool {
        text.get(..7).is_some_and(|scheme| scheme.eq_ignore_ascii_case("nats://"))
    }

    /// Parses `nats://HOST[:PORT]/BUCKET/KEY`.
    ///
    /// # Errors
    /// What is wrong with the address, in words.
    pub fn parse(text: &str) -> Result<Self, String> {
        let shown = crate::feed::text::clean(text, crate::feed::text::Lines::Single);
        let url = url::Url::parse(text).map_err(|e| format!("`{shown}` is not a nats:// address: {e}"))?;
        if url.scheme() != "nats" {
            return Err(format!("`{shown}` is not a nats:// address"));
        }
        if !url.username().is_empty() || url.password().is_some() {
            // The address is not repeated: it holds a secret.
            return Err("a nats:// address with a user or password: credentials are not taken from an address \
                 (it shows in `ps` and in shell history); put them in the config's [nats] table"
                .to_owned());
        }
        if url.query().is_some() || url.fragment().is_some() {
            return Err(format!("`{shown}`: a nats:// address takes no `?` or `#` part"));
        }
        let host = match url.host() {
            Some(url::Host::Domain(name)) if !name.is_empty() => name.to_owned(),
            Some(url::Host::Ipv4(ip)) => ip.to_string(),
            Some(url::Host::Ipv6(ip)) => format!("[{ip}]"),
            _ => return Err(format!("`{shown}` names no server: nats://HOST:PORT/BUCKET/KEY")),
        };
        let port = url.port().unwrap_or(DEFAULT_PORT);
        let path = url.path().trim_start_matches('/');
        let Some((bucket, key)) = path.split_once('/') else {
            return Err(format!("`{shown}` names no bucket and key: nats://HOST:PORT/BUCKET/KEY"));
        };
        check_bucket(bucket).map_err(|e| format!("`{shown}`: {e}"))?;
        check_key(key).map_err(|e| format!("`{shown}`: {e}"))?;
        Ok(Self { host, port, bucket: bucket.to_owned(), key: key.to_owned() })
    }

    /// The server to connect to, as the client takes it.
    #[must_use]
    pub fn server(&self) -> String {
        format!("nats://{}:{}", self.host, self.port)
    }
}

impl fmt::Display for NatsAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "nats://{}:{}/{}/{}", self.host, self.port, self.bucket, self.key)
    }
}

/// A bucket name as JetStream allows it: letters, digits, `-` and `_`.
fn check_bucket(bucket: &str) -> Result<(), String> {
    if bucket.is_empty() {
        return Err("the bucket name is empty".into());
    }
    if let Some(bad) = bucket.chars().find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))) {
        return Err(format!(
            "the bucket name may hold only letters, digits, `-` and `_`, not `{}`",
            bad.escape_default()
        ));
    }
    Ok(())
}

/// A key as JetStream allows it: letters, digits and `-/_=.`, not starting or ending
/// with `.`.
fn check_key(key: &str) -> Result<(), String> {
    if key.is_empty() {
        return Err("the key is empty".into());
    }
    if let Some(bad) = key.chars().find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '/' | '_' | '=' | '.'))) {
        return Err(format!("the key may hold only letters, digits and `-/_=.`, not `{}`", bad.escape_default()));
    }
    if key.starts_with('.') || key.ends_with('.') || key.contains("..") {
        return Err("the key may not start or end with `.`, nor hold `..`".into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_and_short_addresses() {
        let a = NatsAddress::parse("nats://hub.example:4333/sitrep/national").unwrap();
        assert_eq!(
            (a.host.as_str(), a.port, a.bucket.as_str(), a.key.as_str()),
            ("hub.example", 4333, "sitrep", "national")
        );
        assert_eq!(a.to_string(), "nats://hub.example:4333/sitrep/national");
        assert_eq!(a.server(), "nats://hub.example:4333");
        let b = NatsAddress::parse("nats://127.0.0.1/sitrep/region.north").unwrap();
        assert_eq!((b.port, b.key.as_str()), (4222, "region.north"));
        let c = NatsAddress::parse("NATS://[::1]:4222/b/sites/nl").unwrap();
        assert_eq!((c.host.as_str(), c.key.as_str()), ("[::1]", "sites/nl"));
        assert!(NatsAddress::is_nats("Nats://x/b/k"));
        assert!(!NatsAddress::is_nats("/var/lib/nats:/feed.toml"));
    }

    #[test]
    fn wrong_addresses_say_what_is_wrong() {
        let err = |text: &str| NatsAddress::parse(text).unwrap_err();
        assert!(err("nats://user:secret@hub/b/k").contains("credentials are not taken from an address"));
        assert!(!err("nats://user:secret@hub/b/k").contains("secret"));
        assert!(err("nats://hub:4222/sitrep").contains("names no bucket and key"));
        assert!(err("nats://hub/sit.rep/k").contains("bucket name may hold only"));
        assert!(err("nats://hub/b/.k").contains("may not start or end"));
        assert!(err("nats://hub/b/k%20x").contains("the key may hold only"));
        assert!(err("nats://hub/b/").contains("the key is empty"));
        assert!(err("nats:///b/k").contains("names no server") || err("nats:///b/k").contains("not a nats"));
        assert!(err("nats://hub:99999/b/k").contains("not a nats:// address"));
        assert!(err("nats://hub/b/k?x=1").contains("no `?`"));
    }
}
