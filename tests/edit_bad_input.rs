//! Every bad input to `add`, `set` and `remove` is refused with a message that says what
//! would be right, the exit status says which kind of wrong (2: the command line, 1: the
//! feed cannot take it), and the feed stays byte for byte as it was.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test fails loudly on a broken fixture

#[path = "common/edit.rs"]
mod edit;

use edit::{fixture, names, run, stderr, stdout};

/// (arguments, exit status, what stderr must say).
const CASES: &[(&[&str], i32, &str)] = &[
    (
        &["add", "incident", "--title", "T", "--severity", "extreme"],
        2,
        "[possible values: info, minor, major, critical]",
    ),
    (
        &["add", "measure", "--location", "L", "--category", "airfield", "--description", "D"],
        2,
        "[possible values: station, airport, border, government, event, infrastructure, other]",
    ),
    (
        &["add", "measure", "--location", "L", "--category", "airport", "--description", "D", "--status", "done"],
        2,
        "[possible values: planned, active, intensified, scaled_down, ended]",
    ),
    (&["set", "measure", "zuidgrens-mtv", "--status", "done"], 2, "possible values: planned"),
    (&["set", "measure", "zuidgrens-mtv", "--visibility", "hidden"], 2, "[possible values: visible, covert]"),
    (
        &["set", "level", "extreme"],
        2,
        "unknown level `extreme` for the feed's scale `nctv`: allowed are 1 minimaal, 2 beperkt, 3 aanzienlijk, 4 substantieel, 5 kritiek",
    ),
    (&["set", "level", "0"], 2, "allowed are 1 minimaal"),
    (
        &["add", "incident", "--title", "T", "--severity", "info", "--time", "2015-11-18T10:00:00"],
        2,
        "has no offset: a crisis feed never guesses the zone",
    ),
    (
        &["add", "incident", "--title", "T", "--severity", "info", "--time", "yesterday"],
        2,
        "invalid datetime `yesterday`",
    ),
    (&["set", "measure", "zuidgrens-mtv", "--review", "2015-11-20 12:00"], 2, "--review"),
    (&["add", "incident", "--severity", "info"], 2, "--title"),
    (&["add", "incident", "--title", " ", "--severity", "info"], 2, "a new incident needs --title"),
    (&["add", "incident", "--title", "T", "--severity", "info", "--lat", "52"], 2, "--lon"),
    (&["add", "incident", "--title", "T", "--severity", "info", "--lat", "95", "--lon", "4"], 2, "out of range"),
    (&["add", "incident", "--title", "T", "--severity", "info", "--dead", "-1"], 2, "--dead"),
    (&["set", "measure", "zuidgrens-mtv"], 2, "nothing to change"),
    (
        &["set", "measure", "zuidgrens-mtv", "--clear", "location"],
        2,
        "cannot clear `location`: only optional fields can be removed",
    ),
    (&["set", "incident", "parijs", "--clear", "title"], 2, "cannot clear `title`"),
    (
        &["add", "incident", "--title", "T", "--severity", "info", "--id", "parijs"],
        1,
        "the feed has an incident with id `parijs` already",
    ),
    (
        &["add", "measure", "--location", "L", "--category", "airport", "--description", "D", "--id", "zuidgrens-mtv"],
        1,
        "a measure with id `zuidgrens-mtv` already",
    ),
    (&["set", "incident", "nope", "--title", "x"], 1, "no incident with id `nope` in the feed"),
    (&["set", "measure", "parijs", "--status", "ended"], 1, "no measure with id `parijs`"),
    (&["remove", "measure", "nope"], 1, "no measure with id `nope`"),
    (&["remove", "incident", "zuidgrens-mtv"], 1, "no incident with id `zuidgrens-mtv`"),
    // The command line is fine; the result would break a rule of the feed.
    (
        &["set", "level", "kritiek", "--since", "2015-11-18T10:00:00+01:00", "--until", "2015-11-17T00:00:00+01:00"],
        1,
        "the change would make the feed invalid; nothing written",
    ),
    (&["set", "measure", "zuidgrens-mtv", "--lat", "51.5", "--lon", "4.8", "--clear", "lon"], 1, "lat without lon"),
];

fn check_every_case(name: &str) {
    let dir = tempfile::tempdir().unwrap();
    let feed = fixture(dir.path(), name);
    let before = std::fs::read(&feed).unwrap();
    for (args, status, message) in CASES {
        let output = run(&feed, args);
        let err = stderr(&output);
        assert_eq!(output.status.code(), Some(*status), "{name} {args:?}: {err}");
        assert!(err.contains(message), "{name} {args:?} should say {message:?}:\n{err}");
        assert!(stdout(&output).is_empty(), "{name} {args:?} printed on stdout: {}", stdout(&output));
        assert_eq!(std::fs::read(&feed).unwrap(), before, "{name} {args:?} changed the feed");
        if *status == 1 && !err.contains("invalid") {
            assert!(err.contains("nothing written"), "{name} {args:?}: {err}");
        }
    }
    // Nothing is left behind but the lock file.
    let lock = format!(".{name}.lock");
    assert!(names(dir.path()).iter().all(|n| n == name || *n == lock), "{:?}", names(dir.path()));
}

#[test]
fn bad_input_to_a_toml_feed_changes_nothing() {
    check_every_case("commented.toml");
}

#[test]
fn bad_input_to_a_json_feed_changes_nothing() {
    check_every_case("spaced.json");
}

#[test]
fn the_built_in_demo_cannot_be_edited() {
    let output = edit::sitrep().args(["add", "incident", "--title", "T", "--severity", "info"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("the built-in demo feed cannot be edited"), "{}", stderr(&output));
    let output = edit::sitrep().arg("edit").output().unwrap();
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn a_feed_that_is_missing_broken_or_of_no_known_format_is_not_touched() {
    let dir = tempfile::tempdir().unwrap();
    let missing = run(&dir.path().join("nope.toml"), &["remove", "incident", "x"]);
    assert_eq!(missing.status.code(), Some(1), "{}", stderr(&missing));
    assert!(names(dir.path()).is_empty(), "{:?}", names(dir.path()));

    let text = dir.path().join("feed.txt");
    std::fs::write(&text, "version = 1\n").unwrap();
    let unknown = run(&text, &["remove", "incident", "x"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(stderr(&unknown).contains("cannot tell the format"), "{}", stderr(&unknown));

    for (name, broken) in [("broken.toml", "version = 1\n[threat\nlevel = 4\n"), ("broken.json", "{\"version\": 1,")] {
        let feed = dir.path().join(name);
        std::fs::write(&feed, broken).unwrap();
        let output = run(&feed, &["add", "incident", "--title", "T", "--severity", "info"]);
        assert_eq!(output.status.code(), Some(1), "{name}: {}", stderr(&output));
        assert!(stderr(&output).contains("fix it with `sitrep edit`"), "{name}: {}", stderr(&output));
        assert_eq!(std::fs::read_to_string(&feed).unwrap(), broken);
    }
}

#[test]
fn a_dry_run_prints_the_diff_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let feed = fixture(dir.path(), "commented.toml");
    let before = std::fs::read(&feed).unwrap();
    let output = run(&feed, &["set", "measure", "zuidgrens-mtv", "--status", "ended", "--dry-run"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let diff = stdout(&output);
    assert!(diff.contains("-status = \"intensified\"   # raised on the 14th"), "{diff}");
    assert!(diff.contains("+status = \"ended\"   # raised on the 14th"), "{diff}");
    assert!(stderr(&output).contains("dry run, nothing written"), "{}", stderr(&output));
    assert_eq!(std::fs::read(&feed).unwrap(), before);
    assert_eq!(names(dir.path()), ["commented.toml"], "a dry run takes no lock and leaves nothing");
}

#[test]
fn a_result_over_the_size_limit_is_not_written() {
    let dir = tempfile::tempdir().unwrap();
    let feed = fixture(dir.path(), "commented.toml");
    let before = std::fs::read(&feed).unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(&config, format!("max_feed_bytes = {}\n", before.len() + 20)).unwrap();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_sitrep"))
        .env_clear()
        .arg("--config")
        .arg(&config)
        .arg("--feed")
        .arg(&feed)
        .args(["add", "incident", "--title", "Een incident dat de grens overschrijdt", "--severity", "info"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(stderr(&output).contains("larger than the limit"), "{}", stderr(&output));
    assert_eq!(std::fs::read(&feed).unwrap(), before);
}
