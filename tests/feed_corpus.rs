//! The feed corpus: every file in `tests/feeds/valid/` must be accepted and every file in
//! `tests/feeds/invalid/` rejected, each printing exactly the problem lines in its
//! `.expected` file (compiler style, bare file name).

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test fails loudly on a broken fixture

use std::fs;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use sitrep::feed::{DecodeOptions, read_file};

/// The clock the corpus is judged at, so that time-dependent warnings are stable.
fn corpus_now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2015-11-18T09:00:00Z").unwrap().to_utc()
}

fn feeds(dir: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/feeds").join(dir);
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("toml" | "json")))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no feeds in {}", dir.display());
    files
}

/// Decodes `path` and renders its problems as `sitrep check` prints them.
fn problem_lines(path: &Path) -> (bool, String) {
    let options = DecodeOptions { now: corpus_now(), ..DecodeOptions::default() };
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    let (valid, problems) = match read_file(path, None, &options) {
        Ok(accepted) => (true, accepted.warnings),
        Err(rejected) => (false, rejected.problems),
    };
    let lines: String = problems.iter().map(|p| format!("{}\n", p.display_in(&name))).collect();
    (valid, lines)
}

fn expected_lines(path: &Path) -> String {
    let expected = PathBuf::from(format!("{}.expected", path.display()));
    fs::read_to_string(&expected).unwrap_or_else(|e| panic!("{}: {e}", expected.display()))
}

fn run_corpus(dir: &str, should_be_valid: bool) {
    let mut failures = Vec::new();
    for path in feeds(dir) {
        let (valid, actual) = problem_lines(&path);
        let expected = expected_lines(&path);
        if valid != should_be_valid || actual.trim_end() != expected.trim_end() {
            failures.push(format!(
                "{}: valid={valid}\n--- expected\n{}\n--- actual\n{}",
                path.display(),
                expected.trim_end(),
                actual.trim_end()
            ));
        }
    }
    assert!(failures.is_empty(), "{} file(s) differ:\n\n{}", failures.len(), failures.join("\n\n"));
}

#[test]
fn valid_feeds_are_accepted_with_their_warnings() {
    run_corpus("valid", true);
}

#[test]
fn invalid_feeds_are_rejected_with_their_messages_and_positions() {
    run_corpus("invalid", false);
}

#[test]
fn every_invalid_feed_reports_at_least_one_error() {
    for path in feeds("invalid") {
        let (_, lines) = problem_lines(&path);
        assert!(lines.contains(": error: "), "{}: {lines}", path.display());
    }
}
