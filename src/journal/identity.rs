//! Who is at the keyboard, and where: the operator, the host, the terminal and the SSH
//! client, as the journal records them on every entry.

use crate::feed::text::{Lines, clean};

/// The operator and the place of this session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    /// `SUDO_USER`, else the login name of the process's real user.
    pub operator: String,
    /// The login name of the real user, where it differs from `operator` (under sudo).
    pub login: Option<String>,
    /// `$USER`, where it differs from `operator`: anyone can set it, so it is only noted.
    pub user_env: Option<String>,
    pub host: String,
    pub tty: Option<String>,
    /// The SSH client's address (from `SSH_CONNECTION`, else `SSH_CLIENT`).
    pub ssh_client: Option<String>,
    pub pid: u32,
}

impl Identity {
    /// This process's identity; `env` reads environment variables.
    #[must_use]
    pub fn from_environment(env: impl Fn(&str) -> Option<String>) -> Self {
        let uid = nix::unistd::getuid();
        // getpwuid goes through NSS, so LDAP or SSSD users have their names too.
        let login = nix::unistd::User::from_uid(uid)
            .ok()
            .flatten()
            .map_or_else(|| format!("uid {}", uid.as_raw()), |user| user.name);
        let sudo_user = env("SUDO_USER").filter(|name| !name.trim().is_empty());
        let host = nix::unistd::gethostname()
            .ok()
            .and_then(|name| name.into_string().ok())
            .unwrap_or_else(|| "unknown".to_owned());
        let tty = nix::unistd::ttyname(std::io::stdin()).ok().map(|path| path.display().to_string());
        let ssh_client = env("SSH_CONNECTION")
            .or_else(|| env("SSH_CLIENT"))
            .and_then(|value| value.split_whitespace().next().map(str::to_owned));
        Self::new(sudo_user, login, env("USER"), host, tty, ssh_client, std::process::id())
    }

    /// Puts the parts together: the operator is `sudo_user`, else `login`; the others are
    /// kept only where they differ from it. Every part is cleaned (it is shown later).
    #[must_use]
    pub fn new(
        sudo_user: Option<String>,
        login: String,
        user_env: Option<String>,
        host: String,
        tty: Option<String>,
        ssh_client: Option<String>,
        pid: u32,
    ) -> Self {
        let tidy = |text: String| clean(&text, Lines::Single).into_owned();
        let login = tidy(login);
        let operator = sudo_user.map_or_else(|| login.clone(), tidy);
        let differs = |name: Option<String>| name.map(tidy).filter(|name| *name != operator);
        Self {
            login: differs(Some(login.clone())),
            user_env: differs(user_env),
            operator,
            host: tidy(host),
            tty: tty.map(tidy),
            ssh_client: ssh_client.map(tidy),
            pid,
        }
    }

    /// A fixed identity, for tests, examples and benchmarks.
    #[must_use]
    pub fn fixed(operator: &str, host: &str) -> Self {
        Self::new(None, operator.to_owned(), None, host.to_owned(), None, None, 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sudo_user_is_the_operator_and_the_rest_is_kept_where_it_differs() {
        let id = Identity::new(Some("alice".into()), "root".into(), Some("root".into()), "ops1".into(), None, None, 7);
        assert_eq!(
            (id.operator.as_str(), id.login.as_deref(), id.user_env.as_deref()),
            ("alice", Some("root"), Some("root"))
        );
        let id = Identity::new(None, "bob".into(), Some("bob".into()), "ops1".into(), None, None, 7);
        assert_eq!((id.operator.as_str(), id.login, id.user_env), ("bob", None, None));
        let id = Identity::new(None, "bob".into(), Some("admin\x1b[2J".into()), "ops1".into(), None, None, 7);
        assert_eq!(id.user_env.as_deref(), Some("admin^[[2J"));
    }

    #[test]
    fn this_process_has_an_operator_and_a_host() {
        let id =
            Identity::from_environment(|key| (key == "SSH_CONNECTION").then(|| "192.0.2.7 52814 192.0.2.1 22".into()));
        assert!(!id.operator.is_empty());
        assert!(!id.host.is_empty());
        assert_eq!(id.ssh_client.as_deref(), Some("192.0.2.7"));
    }
}
