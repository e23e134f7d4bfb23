//! `sitrep doctor` as a user runs it, on real files: a missing feed folder, an unreadable
//! feed, a folder where the feed should be, TERM=dumb, a broken config, a nats:// feed,
//! hostile paths; exit 0 when nothing fails, 1 when something does.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Command, Output};

const MINIMAL_FEED: &str = "tests/feeds/valid/minimal.toml";

/// `sitrep doctor` with the default config, a clean environment (a UTF-8 locale, a
/// 256-colour TERM, Amsterdam time, HOME in `home`) and `args` before the subcommand.
fn doctor(home: &Path, term: &str, args: &[&str]) -> Output {
    doctor_command(home, term, args).output().expect("running sitrep doctor")
}

fn doctor_command(home: &Path, term: &str, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_sitrep"));
    command
        .args(["--config", "config/default.toml"])
        .args(args)
        .arg("doctor")
        .env_clear()
        .env("HOME", home)
        .env("LANG", "en_GB.UTF-8")
        .env("TERM", term)
        .env("TZ", "Europe/Amsterdam")
        .current_dir(env!("CARGO_MANIFEST_DIR"));
    command
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// The report's line for `topic` (`FAIL  feed  ...`), and its fix when it has one.
fn line<'a>(report: &'a str, topic: &str) -> Option<(&'a str, Option<&'a str>)> {
    let lines: Vec<&str> = report.lines().collect();
    let at = lines.iter().position(|l| {
        l.get(6..).is_some_and(|rest| rest.starts_with(topic) && rest[topic.len()..].starts_with("  "))
    })?;
    let fix = lines.get(at + 1).map(|l| l.trim_start()).filter(|l| l.starts_with("fix: "));
    Some((lines[at], fix))
}

fn home() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

#[test]
fn a_good_setup_passes_with_exit_0() {
    let home = home();
    let output = doctor(home.path(), "xterm-256color", &["--feed", MINIMAL_FEED]);
    let report = stdout(&output);
    assert_eq!(output.status.code(), Some(0), "{report}");
    for topic in ["config", "folder", "filesystem", "feed", "inotify", "journal", "terminal", "colours", "locale"] {
        let (found, _) = line(&report, topic).unwrap_or_else(|| panic!("no {topic} line:\n{report}"));
        assert!(found.starts_with("OK "), "{found}\n{report}");
    }
    assert!(report.contains("minimal.toml loads: level"), "{report}");
    assert!(report.contains("Europe/Amsterdam (TZ=Europe/Amsterdam)"), "{report}");
}

#[test]
fn a_missing_feed_folder_fails() {
    let home = home();
    let feed = home.path().join("no-such-folder/feed.toml");
    let output = doctor(home.path(), "xterm-256color", &["--feed", feed.to_str().unwrap()]);
    let report = stdout(&output);
    assert_eq!(output.status.code(), Some(1), "{report}");
    let (found, fix) = line(&report, "feed").unwrap();
    assert!(found.starts_with("FAIL") && found.contains("no-such-folder does not exist"), "{report}");
    assert!(fix.unwrap().contains("mkdir -p"), "{report}");
    assert!(report.contains("1 failure"), "{report}");
}

#[test]
fn a_missing_feed_in_its_folder_only_warns() {
    let home = home();
    let feed = home.path().join("feed.toml");
    let output = doctor(home.path(), "xterm-256color", &["--feed", feed.to_str().unwrap()]);
    let report = stdout(&output);
    assert_eq!(output.status.code(), Some(0), "{report}");
    assert!(line(&report, "feed").unwrap().0.starts_with("WARN"), "{report}");
}

#[test]
fn an_unreadable_feed_fails() {
    let home = home();
    std::fs::set_permissions(home.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let folder = home.path().join("feeds");
    std::fs::create_dir(&folder).unwrap();
    std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o755)).unwrap();
    let feed = folder.join("feed.toml");
    std::fs::copy(Path::new(env!("CARGO_MANIFEST_DIR")).join(MINIMAL_FEED), &feed).unwrap();
    std::fs::set_permissions(&feed, std::fs::Permissions::from_mode(0o000)).unwrap();
    let output = if nix::unistd::geteuid().is_root() {
        // Root reads a file of mode 000: the doctor runs as nobody, for whom it is
        // closed, from a copy of the binary and the config that nobody can reach (the
        // work tree may be in a folder closed to it).
        let binary = home.path().join("sitrep");
        std::fs::copy(env!("CARGO_BIN_EXE_sitrep"), &binary).unwrap();
        let config = home.path().join("config.toml");
        std::fs::copy(Path::new(env!("CARGO_MANIFEST_DIR")).join("config/default.toml"), &config).unwrap();
        std::fs::set_permissions(&config, std::fs::Permissions::from_mode(0o644)).unwrap();
        let as_nobody = Command::new("setpriv")
            .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(&binary)
            .arg("--config")
            .arg(&config)
            .arg("--feed")
            .arg(&feed)
            .arg("doctor")
            .env_clear()
            .env("HOME", home.path())
            .env("LANG", "en_GB.UTF-8")
            .env("TERM", "xterm-256color")
            .env("TZ", "Europe/Amsterdam")
            .current_dir(home.path())
            .output();
        match as_nobody {
            Ok(output) => output,
            Err(e) => {
                eprintln!("SKIPPED: running as root, where a mode-000 file is readable, and setpriv cannot run: {e}");
                return;
            }
        }
    } else {
        doctor(home.path(), "xterm-256color", &["--feed", feed.to_str().unwrap()])
    };
    let report = stdout(&output);
    assert_eq!(output.status.code(), Some(1), "{report}{}", String::from_utf8_lossy(&output.stderr));
    let (found, fix) = line(&report, "feed").unwrap();
    assert!(found.starts_with("FAIL") && found.contains("cannot be read by this user"), "{report}");
    assert!(found.contains("mode 0000"), "{report}");
    assert!(fix.unwrap().contains("chmod o+r"), "{report}");
}

#[test]
fn a_folder_where_the_feed_should_be_fails() {
    let home = home();
    let feed = home.path().join("feed.toml");
    std::fs::create_dir(&feed).unwrap();
    let output = doctor(home.path(), "xterm-256color", &["--feed", feed.to_str().unwrap()]);
    let report = stdout(&output);
    assert_eq!(output.status.code(), Some(1), "{report}");
    assert!(line(&report, "feed").unwrap().0.contains("is a folder, not a feed file"), "{report}");
}

#[test]
fn term_dumb_fails_with_the_fix() {
    let home = home();
    let output = doctor(home.path(), "dumb", &["--feed", MINIMAL_FEED]);
    let report = stdout(&output);
    assert_eq!(output.status.code(), Some(1), "{report}");
    let (found, fix) = line(&report, "terminal").unwrap();
    assert!(found.starts_with("FAIL") && found.contains("TERM=dumb"), "{report}");
    assert!(fix.unwrap().contains("export TERM=xterm-256color"), "{report}");
    assert!(line(&report, "colours").unwrap().0.starts_with("WARN"), "{report}");
}

#[test]
fn a_broken_config_fails_with_its_position() {
    let home = home();
    let config = home.path().join("config.toml");
    std::fs::write(&config, "stale_after = \"1h\"\ntheme = \"neon\"\n").unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_sitrep"))
        .args(["--config", config.to_str().unwrap(), "doctor"])
        .env_clear()
        .env("HOME", home.path())
        .env("TERM", "xterm")
        .env("LANG", "C.UTF-8")
        .output()
        .unwrap();
    let report = stdout(&output);
    assert_eq!(output.status.code(), Some(1), "{report}");
    let (found, _) = line(&report, "config").unwrap();
    assert!(found.starts_with("FAIL") && found.contains("config.toml:2:") && found.contains("neon"), "{report}");
}

#[test]
fn a_bad_tz_and_a_non_utf8_locale() {
    let home = home();
    let output = doctor_command(home.path(), "xterm", &["--feed", MINIMAL_FEED])
        .env("TZ", "Mars/Olympus_Mons")
        .env("LC_ALL", "C")
        .output()
        .unwrap();
    let report = stdout(&output);
    assert_eq!(output.status.code(), Some(1), "{report}");
    assert!(line(&report, "time zone").unwrap().0.starts_with("FAIL"), "{report}");
    assert!(line(&report, "locale").unwrap().0.contains("LC_ALL=C is not UTF-8"), "{report}");
}

#[test]
fn a_nats_feed_is_not_a_file_and_its_server_is_tried() {
    let home = home();
    // A port nothing listens on: bound, then closed.
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let address = format!("nats://127.0.0.1:{port}/sitrep/national");
    let output = doctor(home.path(), "xterm", &["--feed", &address, "--feed", MINIMAL_FEED]);
    let report = stdout(&output);
    let (found, _) = line(&report, "feed national").unwrap_or_else(|| panic!("{report}"));
    assert!(found.starts_with("WARN") && found.contains("not a file") && found.contains("does not answer"), "{report}");
    assert!(report.contains("feed minimal"), "several sources are named: {report}");
    let output = Command::new(env!("CARGO_BIN_EXE_sitrep"))
        .args(["--config", "config/default.toml", "--feed", &address, "doctor", "--offline"])
        .env_clear()
        .env("HOME", home.path())
        .env("TERM", "xterm")
        .env("LANG", "C.UTF-8")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert!(stdout(&output).contains("not connected: --offline"), "{}", stdout(&output));
}

#[test]
fn hostile_paths_reach_the_terminal_cleaned() {
    let home = home();
    let feed = home.path().join("x\u{1b}]0;owned\u{7}\u{1b}[2J/feed.toml");
    let output = doctor(home.path(), "xterm", &["--feed", feed.to_str().unwrap()]);
    let report = stdout(&output);
    assert!(!report.contains('\u{1b}') && !report.contains('\u{7}'), "{report:?}");
    assert_eq!(output.status.code(), Some(1));
}
