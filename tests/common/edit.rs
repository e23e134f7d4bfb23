//! Helpers of the tests of the writing commands: the real binary with a controlled
//! environment, and fixture feeds copied into a temporary folder.

#![allow(dead_code)] // each test crate uses a different part of this module

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The pinned clock of these tests: `now` is this.
pub const NOW: &str = "2015-11-18T10:00:00+01:00";

/// `sitrep` with the built-in default config, a pinned clock, and no environment but
/// `LANG=C` (no machine config, editor or locale leaks in).
pub fn sitrep() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_sitrep"));
    command.env_clear().env("LANG", "C").env("PATH", std::env::var("PATH").unwrap_or_default()).args([
        "--config",
        concat!(env!("CARGO_MANIFEST_DIR"), "/config/default.toml"),
        "--at",
        NOW,
    ]);
    command
}

/// Runs `sitrep --feed FEED ARGS...`.
pub fn run(feed: &Path, args: &[&str]) -> Output {
    sitrep().arg("--feed").arg(feed).args(args).output().expect("running sitrep")
}

/// Copies `tests/feeds/edit/NAME` into `dir`.
pub fn fixture(dir: &Path, name: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::copy(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/feeds/edit").join(name), &path)
        .expect("copying the fixture");
    path
}

/// What the run wrote to stderr.
pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// What the run wrote to stdout.
pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// The names in `dir`, sorted.
pub fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> =
        std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    names
}
