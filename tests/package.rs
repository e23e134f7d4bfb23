//! What the Debian package and the files it is made of give a user: `sitrep --version`
//! with its commit and date, man pages that `man -l` renders, a bash completion that
//! completes, and, with SITREP_DEB naming a package (scripts/package.sh sets it), the
//! package itself: its files (`dpkg-deb -c`), its conffile, lintian, and an install into
//! a scratch root whose binary runs.
//!
//! A test that needs a tool the machine lacks (man, bash, dpkg, lintian) says so and
//! passes, unless SITREP_PACKAGE_REQUIRED=1 (scripts/package.sh), where it fails.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const SITREP: &str = env!("CARGO_BIN_EXE_sitrep");

/// Whether `tool` runs here; when it does not, a skip (said) or, where the package
/// checks are required, a failure.
fn have(tool: &str) -> bool {
    let found =
        Command::new("sh").args(["-c", &format!("command -v {tool}")]).output().is_ok_and(|o| o.status.success());
    if !found {
        assert!(
            std::env::var_os("SITREP_PACKAGE_REQUIRED").is_none(),
            "{tool} is required (SITREP_PACKAGE_REQUIRED) but missing"
        );
        eprintln!("SKIPPED: {tool} is not installed");
    }
    found
}

/// The package under test, or `None` (said) when SITREP_DEB is unset.
fn package() -> Option<PathBuf> {
    match std::env::var_os("SITREP_DEB") {
        Some(path) => Some(PathBuf::from(path)),
        None => {
            assert!(std::env::var_os("SITREP_PACKAGE_REQUIRED").is_none(), "SITREP_DEB is required");
            eprintln!("SKIPPED: SITREP_DEB names no package (scripts/package.sh builds one and sets it)");
            None
        }
    }
}

fn run(program: impl AsRef<std::ffi::OsStr>, args: &[&str]) -> Output {
    let program = program.as_ref();
    let output = Command::new(program).args(args).output().unwrap_or_else(|e| panic!("running {program:?}: {e}"));
    assert!(
        output.status.success(),
        "{program:?} {args:?}: {:?}\n{}\n{}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// `sitrep --version` of `binary`: `sitrep 0.1.0 (commit 0123456789ab, built 2026-11-29)`.
fn check_version(binary: &Path) {
    let shown = text(&run(binary, &["--version"]).stdout);
    let line = shown.trim_end();
    let rest = line
        .strip_prefix(&format!("sitrep {} (commit ", env!("CARGO_PKG_VERSION")))
        .unwrap_or_else(|| panic!("{line}"));
    let (commit, rest) = rest.split_once(", built ").unwrap_or_else(|| panic!("{line}"));
    let date = rest.strip_suffix(')').unwrap_or_else(|| panic!("{line}"));
    assert!(commit.len() == 12 && commit.chars().all(|c| c.is_ascii_hexdigit()), "commit `{commit}` in {line}");
    assert!(chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").is_ok(), "date `{date}` in {line}");
    let head =
        Command::new("git").args(["rev-parse", "--short=12", "HEAD"]).current_dir(env!("CARGO_MANIFEST_DIR")).output();
    if let Some(head) = head.ok().filter(|o| o.status.success()) {
        assert_eq!(commit, text(&head.stdout).trim(), "the binary is not built from HEAD");
    }
}

#[test]
fn the_package_changelog_is_for_this_version() {
    // cargo-deb makes the package's version from Cargo.toml (`0.1.0-1`); lintian wants
    // the changelog's latest entry to match.
    let changelog = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("packaging/changelog")).unwrap();
    let first = changelog.lines().next().unwrap();
    assert!(first.starts_with(&format!("sitrep ({}-1) ", env!("CARGO_PKG_VERSION"))), "{first}");
}

#[test]
fn version_shows_the_version_commit_and_date() {
    check_version(Path::new(SITREP));
}

/// Renders `page` with `man -l`, as plain text 80 wide; fails on any warning of groff's.
fn render(page: &Path) -> String {
    let output = Command::new("man")
        .args(["--warnings", "-l"])
        .arg(page)
        .env("MANPAGER", "cat")
        .env("PAGER", "cat")
        .env("MANWIDTH", "80")
        .env("LANG", "C.UTF-8")
        .output()
        .unwrap();
    let stderr = text(&output.stderr);
    assert!(output.status.success() && stderr.trim().is_empty(), "man -l {}: {stderr}", page.display());
    text(&output.stdout)
}

fn check_manual(pages: &Path) {
    let mut names: Vec<PathBuf> = std::fs::read_dir(pages).unwrap().map(|e| e.unwrap().path()).collect();
    names.sort();
    assert!(names.len() > 10, "{names:?}");
    for page in &names {
        let shown = render(page);
        for section in ["NAME", "SYNOPSIS", "DESCRIPTION", "SEE ALSO"] {
            assert!(shown.contains(section), "{} lacks {section}:\n{shown}", page.display());
        }
    }
    let top =
        names.iter().find(|p| p.file_name().is_some_and(|n| n.to_string_lossy().starts_with("sitrep.1"))).unwrap();
    let shown = render(top);
    for wanted in ["sitrep-doctor(1)", "SITREP_LOG", "/etc/sitrep/config.toml", "EXIT STATUS", "(commit "] {
        assert!(shown.contains(wanted), "sitrep(1) lacks {wanted}:\n{shown}");
    }
}

#[test]
fn man_pages_render_with_man_l() {
    if !have("man") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    run(SITREP, &["man", "--dir", dir.path().to_str().unwrap()]);
    check_manual(dir.path());
}

/// What the bash completion in `script` offers after `line` (the words so far, the last
/// one being completed).
fn complete(script: &Path, line: &str) -> Vec<String> {
    let words: Vec<&str> = line.split(' ').collect();
    let cword = words.len() - 1;
    let program = format!(
        r#"source "$1" || exit 9
spec=$(complete -p sitrep) || exit 8
function=$(printf '%s\n' "$spec" | sed -n 's/.*-F \([^ ]*\).*/\1/p')
COMP_WORDS=({words})
COMP_CWORD={cword}
COMP_LINE="{line}"
COMP_POINT=${{#COMP_LINE}}
"$function" sitrep "${{COMP_WORDS[COMP_CWORD]}}" "${{COMP_WORDS[COMP_CWORD-1]}}"
printf '%s\n' "${{COMPREPLY[@]}}""#,
        words = words.iter().map(|w| format!("'{w}'")).collect::<Vec<_>>().join(" "),
    );
    let output =
        Command::new("bash").args(["--noprofile", "--norc", "-c", &program, "complete"]).arg(script).output().unwrap();
    assert!(output.status.success(), "bash: {:?} {}", output.status, text(&output.stderr));
    text(&output.stdout).lines().map(str::to_owned).collect()
}

fn check_completion(script: &Path) {
    let subcommands = complete(script, "sitrep ");
    for wanted in ["doctor", "check", "snapshot", "man", "completions", "history", "record"] {
        assert!(subcommands.iter().any(|w| w == wanted), "`sitrep <TAB>` lacks {wanted}: {subcommands:?}");
    }
    assert_eq!(complete(script, "sitrep doc"), ["doctor"]);
    let shells = complete(script, "sitrep completions ");
    assert!(["bash", "zsh", "fish"].iter().all(|s| shells.iter().any(|w| w == s)), "{shells:?}");
    let options = complete(script, "sitrep doctor --o");
    assert_eq!(options, ["--offline"]);
}

#[test]
fn the_bash_completion_completes_subcommands() {
    if !have("bash") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("sitrep.bash");
    std::fs::write(&script, run(SITREP, &["completions", "bash"]).stdout).unwrap();
    check_completion(&script);
}

/// Every file the package must hold, as `dpkg-deb -c` lists them.
fn expected_files() -> Vec<String> {
    let mut files: Vec<String> = [
        "./usr/bin/sitrep",
        "./usr/share/bash-completion/completions/sitrep",
        "./usr/share/zsh/vendor-completions/_sitrep",
        "./usr/share/fish/vendor_completions.d/sitrep.fish",
        "./etc/sitrep/config.toml",
        "./usr/share/doc/sitrep/README.md",
        "./usr/share/doc/sitrep/FEED.md",
        "./usr/share/doc/sitrep/feed-format.md",
        "./usr/share/doc/sitrep/journal.md",
        "./usr/share/doc/sitrep/scale-out.md",
        "./usr/share/doc/sitrep/DATA-LICENSE",
        "./usr/share/doc/sitrep/copyright",
        "./usr/share/doc/sitrep/examples/tmux-wallboard.conf",
        "./usr/share/doc/sitrep/examples/sitrep-record.service",
        "./usr/share/doc/sitrep/examples/sitrep-publish.service",
    ]
    .map(str::to_owned)
    .to_vec();
    // A page for every subcommand, as the binary makes them.
    let dir = tempfile::tempdir().unwrap();
    let written = text(&run(SITREP, &["man", "--dir", dir.path().to_str().unwrap()]).stdout);
    for page in written.lines() {
        let name = Path::new(page).file_name().unwrap().to_string_lossy().into_owned();
        files.push(format!("./usr/share/man/man1/{name}.gz"));
    }
    files
}

#[test]
fn the_package_holds_the_binary_man_pages_completions_config_docs_and_examples() {
    let Some(deb) = package() else { return };
    if !have("dpkg-deb") {
        return;
    }
    let listing = text(&run("dpkg-deb", &["-c", deb.to_str().unwrap()]).stdout);
    let listed: Vec<&str> = listing.lines().filter_map(|line| line.split_whitespace().nth(5)).collect();
    for file in expected_files() {
        assert!(listed.contains(&file.as_str()), "{file} is not in the package:\n{listing}");
    }
    let binary = listing.lines().find(|l| l.ends_with(" ./usr/bin/sitrep")).unwrap();
    assert!(binary.starts_with("-rwxr-xr-x root/root") || binary.starts_with("-rwxr-xr-x 0/0"), "{binary}");
    let control = tempfile::tempdir().unwrap();
    run("dpkg-deb", &["-e", deb.to_str().unwrap(), control.path().to_str().unwrap()]);
    let conffiles = std::fs::read_to_string(control.path().join("conffiles")).unwrap();
    assert_eq!(conffiles.lines().collect::<Vec<_>>(), ["/etc/sitrep/config.toml"]);
    let fields = std::fs::read_to_string(control.path().join("control")).unwrap();
    assert!(fields.contains("Package: sitrep\n") && fields.contains("Section: utils\n"), "{fields}");
}

#[test]
fn lintian_reports_no_errors() {
    let Some(deb) = package() else { return };
    if !have("lintian") {
        return;
    }
    let output =
        Command::new("lintian").args(["--fail-on", "error", "--tag-display-limit", "0"]).arg(&deb).output().unwrap();
    let report = text(&output.stdout);
    eprintln!("lintian:\n{report}");
    assert!(output.status.success(), "lintian fails the package:\n{report}{}", text(&output.stderr));
    assert!(!report.lines().any(|l| l.starts_with("E: ")), "{report}");
}

#[test]
fn installed_in_a_scratch_root_it_runs_and_its_files_work() {
    let Some(deb) = package() else { return };
    if !have("dpkg") || !have("man") || !have("bash") {
        return;
    }
    // A real `dpkg -i` into an empty root with a database of its own; the root lacks
    // libc's package, hence --force-depends.
    let root = tempfile::tempdir().unwrap();
    let admin = root.path().join("var/lib/dpkg");
    std::fs::create_dir_all(admin.join("info")).unwrap();
    std::fs::create_dir_all(admin.join("updates")).unwrap();
    std::fs::write(admin.join("status"), "").unwrap();
    let root_arg = format!("--root={}", root.path().display());
    run(
        "dpkg",
        &[
            &root_arg,
            "--log=/dev/null",
            "--force-depends",
            "--force-script-chrootless",
            "--force-not-root",
            "-i",
            deb.to_str().unwrap(),
        ],
    );
    let status = std::fs::read_to_string(admin.join("status")).unwrap();
    assert!(status.contains("Package: sitrep\nStatus: install ok installed"), "{status}");
    assert!(status.contains("Conffiles:\n /etc/sitrep/config.toml "), "{status}");

    let installed = root.path().join("usr/bin/sitrep");
    check_version(&installed);

    // The conffile sets nothing; the installed binary reads it and the doctor passes.
    let etc = root.path().join("etc/sitrep/config.toml");
    let conffile = std::fs::read_to_string(&etc).unwrap();
    assert!(conffile.lines().all(|l| l.is_empty() || l.starts_with('#')), "{conffile}");
    assert!(conffile.contains("\n#feed = \"\"\n"), "{conffile}");
    let home = tempfile::tempdir().unwrap();
    let doctor = Command::new(&installed)
        .args(["--config", etc.to_str().unwrap(), "--feed"])
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/feeds/valid/minimal.toml"))
        .arg("doctor")
        .env_clear()
        .env("HOME", home.path())
        .env("TERM", "xterm-256color")
        .env("LANG", "C.UTF-8")
        .env("TZ", "Europe/Amsterdam")
        .output()
        .unwrap();
    let report = text(&doctor.stdout);
    assert_eq!(doctor.status.code(), Some(0), "{report}");
    assert!(report.contains(&format!("OK    config      {} loads", etc.display())), "{report}");

    // The installed pages render, and are what `sitrep man` prints.
    let man1 = root.path().join("usr/share/man/man1");
    check_manual(&man1);
    let packaged = Command::new("gzip").arg("-dc").arg(man1.join("sitrep-doctor.1.gz")).output().unwrap().stdout;
    assert_eq!(text(&packaged), text(&run(&installed, &["man", "doctor"]).stdout));
    // The installed completion completes, and is what `sitrep completions bash` prints.
    let completion = root.path().join("usr/share/bash-completion/completions/sitrep");
    check_completion(&completion);
    assert_eq!(std::fs::read(&completion).unwrap(), run(&installed, &["completions", "bash"]).stdout);
    // The wallboard example names the installed binary's commands.
    let wallboard =
        std::fs::read_to_string(root.path().join("usr/share/doc/sitrep/examples/tmux-wallboard.conf")).unwrap();
    assert!(wallboard.contains("sitrep --wallboard"), "{wallboard}");
}
