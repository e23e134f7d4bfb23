//! How sitrep authenticates to a NATS server and secures the link: the config's `[nats]`
//! table (never the command line), checked when the config is read, turned into the
//! client's connect options when a `nats://` source is used.

use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;

/// The `[nats]` table. At most one way to authenticate; TLS is independent of it.
#[derive(Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NatsSettings {
    /// A `.creds` file (a user JWT and its nkey seed), as `nsc` writes it.
    pub creds: Option<PathBuf>,
    /// A file holding an nkey seed (`SU…`).
    pub nkey: Option<PathBuf>,
    pub user: Option<String>,
    pub password: Option<String>,
    pub token: Option<String>,
    /// Require TLS (implied by `tls_ca` and by a client certificate).
    #[serde(default)]
    pub tls: bool,
    /// The CA that signed the server's certificate (PEM); else the system's roots.
    pub tls_ca: Option<PathBuf>,
    /// A client certificate and its key (PEM), for servers that verify clients.
    pub tls_cert: Option<PathBuf>,
    pub tls_key: Option<PathBuf>,
    /// The JetStream domain the bucket lives in, when it is not the local server's: a
    /// site's leaf node reaching the hub's bucket names the hub's domain (`"hub"`).
    pub domain: Option<String>,
}

impl fmt::Debug for NatsSettings {
    /// Secrets are never printed, only whether they are set.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let set = |v: &Option<String>| if v.is_some() { "(set)" } else { "(none)" };
        f.debug_struct("NatsSettings")
            .field("creds", &self.creds)
            .field("nkey", &self.nkey)
            .field("user", &self.user)
            .field("password", &set(&self.password))
            .field("token", &set(&self.token))
            .field("tls", &self.tls)
            .field("tls_ca", &self.tls_ca)
            .field("tls_cert", &self.tls_cert)
            .field("tls_key", &self.tls_key)
            .field("domain", &self.domain)
            .finish()
    }
}

impl NatsSettings {
    /// Checks that the table makes sense on its own.
    ///
    /// # Errors
    /// What is wrong, naming the keys.
    pub fn check(&self) -> Result<(), String> {
        let ways = [
            ("creds", self.creds.is_some()),
            ("nkey", self.nkey.is_some()),
            ("user", self.user.is_some() || self.password.is_some()),
            ("token", self.token.is_some()),
        ];
        let chosen: Vec<&str> = ways.iter().filter(|(_, on)| *on).map(|(name, _)| *name).collect();
        if chosen.len() > 1 {
            return Err(format!("[nats]: choose one way to authenticate, not {}", chosen.join(" and ")));
        }
        if self.user.is_some() != self.password.is_some() {
            return Err("[nats]: `user` and `password` go together".into());
        }
        if self.tls_cert.is_some() != self.tls_key.is_some() {
            return Err("[nats]: `tls_cert` and `tls_key` go together".into());
        }
        Ok(())
    }

    /// Relative file names taken from the config file's folder.
    #[must_use]
    pub fn relative_to(mut self, folder: &Path) -> Self {
        for path in [&mut self.creds, &mut self.nkey, &mut self.tls_ca, &mut self.tls_cert, &mut self.tls_key]
            .into_iter()
            .flatten()
        {
            if path.is_relative() {
                *path = folder.join(&*path);
            }
        }
        self
    }

    /// The client's options: authentication, TLS, and a name the server shows.
    ///
    /// # Errors
    /// A credentials or key file that cannot be read.
    pub async fn connect_options(&self, name: &str) -> Result<async_nats::ConnectOptions, String> {
        let mut options = async_nats::ConnectOptions::new()
            .name(name)
            .connection_timeout(Duration::from_secs(5))
            // Never give up: a wallboard waits for its server as long as it runs.
            .max_reconnects(None);
        if let Some(creds) = &self.creds {
            options =
                options.credentials_file(creds).await.map_err(|e| format!("[nats] creds {}: {e}", creds.display()))?;
        }
        if let Some(nkey) = &self.nkey {
            let seed =
                tokio::fs::read_to_string(nkey).await.map_err(|e| format!("[nats] nkey {}: {e}", nkey.display()))?;
            options = options.nkey(seed.trim().to_owned());
        }
        if let (Some(user), Some(password)) = (&self.user, &self.password) {
            options = options.user_and_password(user.clone(), password.clone());
        }
        if let Some(token) = &self.token {
            options = options.token(token.clone());
        }
        if let Some(ca) = &self.tls_ca {
            check_readable(ca, "tls_ca")?;
            options = options.add_root_certificates(ca.clone());
        }
        if let (Some(cert), Some(key)) = (&self.tls_cert, &self.tls_key) {
            check_readable(cert, "tls_cert")?;
            check_readable(key, "tls_key")?;
            options = options.add_client_certificate(cert.clone(), key.clone());
        }
        if self.tls || self.tls_ca.is_some() || self.tls_cert.is_some() {
            options = options.require_tls(true);
        }
        Ok(options)
    }
}

/// The client reads certificate files only while connecting, and then says little about
/// which file failed: look first.
fn check_readable(path: &Path, key: &str) -> Result<(), String> {
    std::fs::metadata(path).map(|_| ()).map_err(|e| format!("[nats] {key} {}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(text: &str) -> NatsSettings {
        toml::from_str(text).unwrap()
    }

    #[test]
    fn one_way_to_authenticate() {
        assert!(settings("").check().is_ok());
        assert!(settings("creds = \"a.creds\"\ntls_ca = \"ca.pem\"").check().is_ok());
        let err = settings("creds = \"a.creds\"\ntoken = \"t\"").check().unwrap_err();
        assert_eq!(err, "[nats]: choose one way to authenticate, not creds and token");
        assert!(settings("user = \"u\"").check().unwrap_err().contains("go together"));
        assert!(settings("tls_cert = \"c.pem\"").check().unwrap_err().contains("`tls_cert` and `tls_key`"));
        assert!(toml::from_str::<NatsSettings>("pasword = \"x\"").is_err());
    }

    #[test]
    fn secrets_never_print_and_paths_follow_the_config() {
        let s = settings("user = \"duty\"\npassword = \"hunter2\"\ntls_ca = \"ca.pem\"\ntls_cert = \"/abs/c.pem\"")
            .relative_to(Path::new("/etc/sitrep"));
        let shown = format!("{s:?}");
        assert!(!shown.contains("hunter2") && shown.contains("duty"), "{shown}");
        assert_eq!(s.tls_ca, Some(PathBuf::from("/etc/sitrep/ca.pem")));
        assert_eq!(s.tls_cert, Some(PathBuf::from("/abs/c.pem")));
    }
}
