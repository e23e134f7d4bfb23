//! What this binary is: its version, the git commit it was built from and the build
//! date (from build.rs), for `sitrep --version`, the man pages and the log.

/// The crate's version.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
/// The short commit hash, or "unknown" (a build without git).
pub const COMMIT: &str = env!("SITREP_GIT_COMMIT");
/// The build date, YYYY-MM-DD in UTC (`SOURCE_DATE_EPOCH`'s when set).
pub const BUILD_DATE: &str = env!("SITREP_BUILD_DATE");
/// `0.1.0 (commit 5b3a3e3c1a2b, built 2026-11-29)`.
pub const LONG: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (commit ",
    env!("SITREP_GIT_COMMIT"),
    ", built ",
    env!("SITREP_BUILD_DATE"),
    ")"
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_long_version_names_the_commit_and_the_date() {
        assert!(LONG.starts_with(VERSION));
        assert!(LONG.contains(&format!("commit {COMMIT}")));
        assert!(
            COMMIT == "unknown" || (COMMIT.len() >= 7 && COMMIT.chars().all(|c| c.is_ascii_hexdigit())),
            "{COMMIT}"
        );
        let date = chrono::NaiveDate::parse_from_str(BUILD_DATE, "%Y-%m-%d");
        assert!(date.is_ok(), "{BUILD_DATE}");
    }
}
