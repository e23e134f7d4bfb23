//! Build facts for `sitrep --version`: the git commit and the build date.
//!
//! The commit comes from `SITREP_GIT_COMMIT` when set (a build from a tarball or a
//! source package that knows it), else from `git rev-parse` when the crate is the top of
//! its own git work tree, else "unknown". The date is `SOURCE_DATE_EPOCH`'s when set (a
//! reproducible build: scripts/package.sh sets it to the last commit's time), else
//! today's, in UTC.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{SystemTime, UNIX_EPOCH};

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=SITREP_GIT_COMMIT");
    println!("cargo:rerun-if-env-changed=SOURCE_DATE_EPOCH");
    let manifest_dir = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let commit = std::env::var("SITREP_GIT_COMMIT")
        .ok()
        .filter(|c| !c.trim().is_empty())
        .or_else(|| git_commit(&manifest_dir))
        .unwrap_or_else(|| "unknown".to_owned());
    let seconds = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .unwrap_or_else(|| SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs().cast_signed()));
    let date = civil_date(seconds);
    println!("cargo:rustc-env=SITREP_GIT_COMMIT={commit}");
    println!("cargo:rustc-env=SITREP_BUILD_DATE={date}");
}

/// `git` with `args` in `dir`, its output trimmed; `None` when git is missing or fails.
fn git(dir: &Path, args: &[&str]) -> Option<String> {
    let output = Command::new("git").args(args).current_dir(dir).output().ok()?;
    if !output.status.success() {
        return None;
    }
    let text = String::from_utf8(output.stdout).ok()?;
    Some(text.trim().to_owned()).filter(|t| !t.is_empty())
}

/// The short hash of HEAD, when `dir` is the top of a git work tree (a crate unpacked
/// inside some other repository must not take that repository's commit), and asks cargo
/// to run this again when HEAD moves.
fn git_commit(dir: &Path) -> Option<String> {
    let top = PathBuf::from(git(dir, &["rev-parse", "--show-toplevel"])?);
    let same = |a: &Path, b: &Path| a.canonicalize().ok().zip(b.canonicalize().ok()).is_some_and(|(a, b)| a == b);
    if !same(&top, dir) {
        return None;
    }
    // HEAD names a branch whose ref file (or packed-refs) moves on each commit; in a
    // worktree HEAD is in the worktree's git folder and the refs in the common one.
    let resolve = |p: String| {
        let path = PathBuf::from(p);
        if path.is_absolute() { path } else { dir.join(path) }
    };
    if let Some(git_dir) = git(dir, &["rev-parse", "--git-dir"]).map(resolve) {
        rerun_if_exists(&git_dir.join("HEAD"));
    }
    if let Some(common) = git(dir, &["rev-parse", "--git-common-dir"]).map(resolve) {
        rerun_if_exists(&common.join("packed-refs"));
        if let Some(branch) = git(dir, &["symbolic-ref", "-q", "HEAD"]) {
            // The ref's folder: git replaces a ref by renaming a new file into it, and a
            // packed ref comes back as a new file there on the next commit.
            if let Some(folder) = common.join(branch).parent() {
                rerun_if_exists(folder);
            }
        }
    }
    git(dir, &["rev-parse", "--short=12", "HEAD"])
}

fn rerun_if_exists(path: &Path) {
    if path.exists() {
        println!("cargo:rerun-if-changed={}", path.display());
    }
}

/// `seconds` since the epoch as a UTC date, YYYY-MM-DD (Howard Hinnant's days-to-civil).
fn civil_date(seconds: i64) -> String {
    let days = seconds.div_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z - era * 146_097;
    let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}
