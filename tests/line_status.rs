//! `sitrep line` and `sitrep status`, run as the real binary: golden outputs (tmux, plain
//! and JSON lines; Nagios and Prometheus status) with a feed that tries to inject tmux
//! formats and holds a covert measure; the exit codes of every kind of feed; a level
//! still to come and a lapsed one; a FIFO and a config that never answer; the cache.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test fails loudly on a broken fixture

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

const CONFIG: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/config/default.toml");

/// A feed with text that would be tmux formats, a higher scoped level, a covert measure
/// and overdue reviews. Generated 09:00, stale after 2 hours.
const HOSTILE: &str = r##"version = 1
generated = 2015-11-18T09:00:00+01:00
source = "NCTV #[fg=red]"
title = "Situatie #{host} #(reboot)"
stale_after = "2h"

[threat]
level = "substantieel"
since = 2013-03-13T00:00:00+01:00

[[threat.scoped]]
scope = "Provincie #[bg=red]Utrecht #(touch /tmp/pwned)"
level = "kritiek"
until = 2015-11-18T22:00:00+01:00

[[measures]]
id = "utrecht-cs"
location = "Utrecht Centraal"
category = "station"
description = "Zichtbare surveillance"
status = "active"
review = 2015-11-18T08:00:00+01:00

[[measures]]
id = "schiphol"
location = "Schiphol"
category = "airport"
description = "Extra patrouilles"
status = "intensified"

[[measures]]
id = "geheim-aivd"
location = "Zwanenburg-Geheim"
category = "other"
description = "Observatie #X"
agency = "AIVD-Geheim"
status = "active"
visibility = "covert"
review = 2015-11-18T07:00:00+01:00

[[measures]]
id = "zuidgrens"
location = "Zuidgrens"
category = "border"
description = "Controles beëindigd"
status = "ended"

[[incidents]]
id = "parijs"
time = 2015-11-13T21:20:00+01:00
title = "Aanslagen in Parijs"
severity = "critical"

[[incidents]]
id = "utrecht"
time = 2015-11-18T07:20:00+01:00
title = "Verdacht pakket"
severity = "major"

[[incidents]]
id = "jbz"
time = 2015-11-20T10:00:00+01:00
title = "JBZ-Raad"
severity = "info"
"##;

/// A quiet feed: nothing overdue, generated 09:00, stale after 2 hours.
fn quiet(extra_top: &str, threat: &str) -> String {
    format!(
        r#"version = 1
generated = 2015-11-18T09:00:00+01:00
stale_after = "2h"
{extra_top}
[threat]
{threat}

[[measures]]
id = "schiphol"
location = "Schiphol"
category = "airport"
description = "Extra patrouilles"
status = "active"

[[incidents]]
id = "utrecht"
time = 2015-11-18T07:20:00+01:00
title = "Verdacht pakket"
severity = "major"
"#
    )
}

const FRESH_AT: &str = "2015-11-18T09:30:00+01:00";
const STALE_AT: &str = "2015-11-18T11:30:00+01:00";

/// A folder with `feed.toml`, where sitrep runs with a controlled environment.
struct Place {
    dir: tempfile::TempDir,
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Place {
    fn with_feed(text: &str) -> Self {
        let place = Self { dir: tempfile::tempdir().unwrap() };
        std::fs::write(place.path().join("feed.toml"), text).unwrap();
        std::fs::create_dir(place.path().join("run")).unwrap();
        place
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn sitrep(&self, args: &[&str]) -> Run {
        self.sitrep_env(args, "en_GB.UTF-8")
    }

    fn sitrep_env(&self, args: &[&str], lang: &str) -> Run {
        let output = Command::new(env!("CARGO_BIN_EXE_sitrep"))
            .args(args)
            .args(["--config", CONFIG])
            .env_clear()
            .env("LANG", lang)
            .env("TERM", "xterm-256color")
            .env("TZ", "Europe/Amsterdam")
            .env("XDG_RUNTIME_DIR", self.path().join("run"))
            .current_dir(self.path())
            .output()
            .unwrap();
        Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8(output.stdout).unwrap(),
            stderr: String::from_utf8(output.stderr).unwrap(),
        }
    }
}

fn golden(name: &str, run: &Run) {
    insta::with_settings!({ omit_expression => true, description => format!("exit status {}", run.code) }, {
        insta::assert_snapshot!(name, &run.stdout);
    });
}

#[test]
fn golden_lines() {
    let place = Place::with_feed(HOSTILE);
    for (name, format) in [("line_tmux", "tmux"), ("line_plain", "plain"), ("line_json", "json")] {
        golden(name, &place.sitrep(&["line", "--feed", "feed.toml", "--at", FRESH_AT, "--format", format]));
        let public = place.sitrep(&["line", "--public", "--feed", "feed.toml", "--at", FRESH_AT, "--format", format]);
        golden(&format!("{name}_public"), &public);
    }
    golden("line_tmux_stale", &place.sitrep(&["line", "--feed", "feed.toml", "--at", STALE_AT]));
    let dutch =
        place.sitrep_env(&["line", "--feed", "feed.toml", "--at", STALE_AT, "--format", "plain"], "nl_NL.UTF-8");
    golden("line_plain_stale_nl", &dutch);
}

#[test]
fn golden_status() {
    let place = Place::with_feed(HOSTILE);
    for (name, format) in [("status_nagios", "nagios"), ("status_prometheus", "prometheus")] {
        golden(name, &place.sitrep(&["status", "--feed", "feed.toml", "--at", FRESH_AT, "--format", format]));
        let public = place.sitrep(&["status", "--public", "--feed", "feed.toml", "--at", FRESH_AT, "--format", format]);
        golden(&format!("{name}_public"), &public);
    }
    golden("status_nagios_stale", &place.sitrep(&["status", "--feed", "feed.toml", "--at", STALE_AT]));
    // A `|` quoted from the feed would start the performance data: it is replaced.
    let rejected = Place::with_feed(&HOSTILE.replace("severity = \"major\"", "severity = \"ma|jor\""));
    golden("status_nagios_rejected", &rejected.sitrep(&["status", "--feed", "feed.toml", "--at", FRESH_AT]));
    let metrics = rejected.sitrep(&["status", "--feed", "feed.toml", "--at", FRESH_AT, "--format", "prometheus"]);
    golden("status_prometheus_rejected", &metrics);
}

#[test]
fn every_hash_from_the_feed_is_doubled_for_tmux() {
    let place = Place::with_feed(HOSTILE);
    let line = place.sitrep(&["line", "--feed", "feed.toml", "--at", FRESH_AT]).stdout;
    // Take out the formats sitrep writes itself: what is left of the feed's text may
    // hold only doubled hashes.
    let mut rest = line.clone();
    for own in ["#[default]", "#[fg=colour208,bold]", "#[fg=colour160,bold]"] {
        rest = rest.replace(own, "");
    }
    assert!(rest.contains("Provincie ##[bg=red]Utrecht ##(touch /tmp/pwned)"), "{line}");
    assert!(!rest.replace("##", "").contains('#'), "a single # from the feed: {line}");
    assert_eq!(line.lines().count(), 1);
}

#[test]
fn max_width_cuts_cleanly() {
    let place = Place::with_feed(HOSTILE);
    let width = |run: &Run| unicode_width::UnicodeWidthStr::width(run.stdout.trim_end());
    for max in [80, 60, 40, 25, 12, 5, 1] {
        let max_text = max.to_string();
        let plain = place.sitrep(&[
            "line",
            "--feed",
            "feed.toml",
            "--at",
            STALE_AT,
            "--format",
            "plain",
            "--max-width",
            &max_text,
        ]);
        assert!(width(&plain) <= max, "{max}: {:?}", plain.stdout);
        // The level and the trouble go last.
        if max >= 40 {
            assert!(plain.stdout.contains("SUBSTANTIEEL 4/5") && plain.stdout.contains("STALE 2h"), "{}", plain.stdout);
        }
        let tmux = place.sitrep(&["line", "--feed", "feed.toml", "--at", STALE_AT, "--max-width", &max_text]);
        // Every style opened is closed, and no cut leaves half a `##` or a format.
        assert_eq!(tmux.stdout.matches("#[fg").count(), tmux.stdout.matches("#[default]").count(), "{}", tmux.stdout);
        let shown = strip_tmux(&tmux.stdout);
        assert_eq!(shown.trim_end(), plain.stdout.trim_end(), "{max}");
    }
}

/// What tmux shows of a line: formats removed, `##` as `#`.
fn strip_tmux(line: &str) -> String {
    let mut out = String::new();
    let mut rest = line;
    while let Some(at) = rest.find('#') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        if let Some(tail) = after.strip_prefix('#') {
            out.push('#');
            rest = tail;
        } else if let Some(tail) = after.strip_prefix('[') {
            rest = &tail[tail.find(']').unwrap() + 1..];
        } else {
            panic!("a lone # in {line:?}");
        }
    }
    out.push_str(rest);
    out
}

/// One row of the exit code table.
struct Case<'a> {
    what: &'a str,
    feed: Option<&'a str>,
    extra: &'a [&'a str],
    at: &'a str,
    /// `status`: its exit code and how its line starts.
    status: (i32, &'a str),
    /// `line`: its exit code and a word it must hold.
    line: (i32, Option<&'a str>),
}

/// Exit codes of `status` (the monitoring-plugins ones) and `line`.
#[test]
fn exit_codes_of_every_kind_of_feed() {
    let fresh = quiet("", "level = \"substantieel\"");
    let exercise = quiet("exercise = true", "level = \"substantieel\"");
    let skewed = fresh.replace("generated = 2015-11-18T09:00:00+01:00", "generated = 2015-11-18T10:00:00+01:00");
    let overdue = fresh.replace("status = \"active\"", "status = \"active\"\nreview = 2015-11-18T09:10:00+01:00");
    let rejected = fresh.replace("level = \"substantieel\"", "lvel = \"substantieel\"");
    let case = |what, feed, extra, at, status: (i32, &'static str), line: (i32, Option<&'static str>)| Case {
        what,
        feed,
        extra,
        at,
        status,
        line,
    };
    let table = [
        case("fresh", Some(&fresh), &[], FRESH_AT, (0, "SITREP OK - level SUBSTANTIEEL 4/5; feed 30m old"), (0, None)),
        case(
            "stale",
            Some(&fresh),
            &[],
            STALE_AT,
            (1, "SITREP WARNING - feed stale: 2h 30m old, past 2h"),
            (0, Some("STALE 2h")),
        ),
        case(
            "stale past -w",
            Some(&fresh),
            &["-w", "20m"],
            FRESH_AT,
            (1, "SITREP WARNING - feed stale: 30m old, past 20m"),
            (0, None),
        ),
        case(
            "older than -c",
            Some(&fresh),
            &["-c", "2h"],
            STALE_AT,
            (2, "SITREP CRITICAL - feed 2h 30m old, past the critical 2h"),
            (0, Some("STALE 2h")),
        ),
        case(
            "rejected",
            Some(&rejected),
            &[],
            FRESH_AT,
            (2, "SITREP CRITICAL - feed rejected: feed.toml:6:1: error: unknown field `lvel`"),
            (1, Some("REJECTED")),
        ),
        case(
            "missing",
            None,
            &[],
            FRESH_AT,
            (2, "SITREP CRITICAL - feed missing: feed.toml: no such file"),
            (1, Some("MISSING")),
        ),
        case(
            "exercise",
            Some(&exercise),
            &[],
            FRESH_AT,
            (0, "SITREP OK - EXERCISE; level SUBSTANTIEEL 4/5; feed 30m old"),
            (0, Some("EXERCISE")),
        ),
        case("overdue review", Some(&overdue), &[], FRESH_AT, (1, "SITREP WARNING - 1 overdue review"), (0, None)),
        case(
            "clock skew",
            Some(&skewed),
            &[],
            FRESH_AT,
            (1, "SITREP WARNING - clock skew: generated 30m ahead of this clock"),
            (0, Some("CLOCK SKEW")),
        ),
        case(
            "usage",
            Some(&fresh),
            &["--warning", "soon"],
            FRESH_AT,
            (3, "SITREP UNKNOWN - usage: invalid value 'soon'"),
            (2, None),
        ),
    ];
    for Case { what, feed, extra, at, status: (status_code, words), line: (line_code, line_word) } in table {
        let place = Place::with_feed(feed.unwrap_or_default());
        if feed.is_none() {
            std::fs::remove_file(place.path().join("feed.toml")).unwrap();
        }
        let mut args = vec!["status", "--feed", "feed.toml", "--at", at];
        args.extend(extra);
        let status = place.sitrep(&args);
        assert_eq!(status.code, status_code, "{what}: {}{}", status.stdout, status.stderr);
        assert!(status.stdout.starts_with(words), "{what}: {}", status.stdout);
        assert_eq!(status.stdout.lines().count(), 1, "{what}: one line: {}", status.stdout);
        let mut line_args = vec!["line", "--feed", "feed.toml", "--at", at, "--format", "plain"];
        if what == "usage" {
            line_args.push("--max-width=0");
        }
        let line = place.sitrep(&line_args);
        assert_eq!(line.code, line_code, "{what}: {}{}", line.stdout, line.stderr);
        if let Some(word) = line_word {
            assert!(line.stdout.contains(word), "{what}: {}", line.stdout);
        }
    }
}

#[test]
fn a_nats_feed_is_refused_clearly() {
    let place = Place::with_feed("");
    let status = place.sitrep(&["status", "--feed", "nats://127.0.0.1:4222/sitrep/national"]);
    assert_eq!(status.code, 3);
    assert!(status.stdout.starts_with("SITREP UNKNOWN - not supported for nats:// feeds"), "{}", status.stdout);
    let line = place.sitrep(&["line", "--feed", "nats://127.0.0.1:4222/sitrep/national"]);
    assert_eq!(line.code, 2);
    assert!(line.stderr.contains("not supported for nats:// feeds"), "{}", line.stderr);
}

#[test]
fn a_level_still_to_come_is_not_current() {
    let with_history = quiet(
        "",
        "level = \"kritiek\"\nsince = 2015-11-19T10:00:00+01:00\nhistory = [{ level = \"substantieel\", since = 2013-03-13 }]",
    );
    let place = Place::with_feed(&with_history);
    let line = place.sitrep(&["line", "--feed", "feed.toml", "--at", FRESH_AT, "--format", "plain"]);
    assert!(line.stdout.starts_with("SUBSTANTIEEL 4/5 · KRITIEK 5/5 from 19 Nov 10:00 · "), "{}", line.stdout);
    let json = place.sitrep(&["line", "--feed", "feed.toml", "--at", FRESH_AT, "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(json["level"]["name"], "substantieel");
    assert_eq!(json["level_standing"], "not_yet");
    assert_eq!(json["declared_level"]["name"], "kritiek");
    let status = place.sitrep(&["status", "--feed", "feed.toml", "--at", FRESH_AT]);
    assert_eq!(status.code, 0, "{}", status.stdout);
    assert!(
        status.stdout.contains("level SUBSTANTIEEL 4/5 (KRITIEK 5/5 from 2015-11-19T10:00:00+01:00)"),
        "{}",
        status.stdout
    );
    assert!(status.stdout.contains(" level=4;;;0;5 "), "{}", status.stdout);
    let metrics = place.sitrep(&["status", "--feed", "feed.toml", "--at", FRESH_AT, "--format", "prometheus"]);
    assert!(
        metrics.stdout.contains("sitrep_threat_level{scale=\"nctv\",level=\"substantieel\"} 4\n"),
        "{}",
        metrics.stdout
    );
    // Once its time has come, it is.
    let later =
        place.sitrep(&["line", "--feed", "feed.toml", "--at", "2015-11-19T10:00:00+01:00", "--format", "plain"]);
    assert!(later.stdout.starts_with("KRITIEK 5/5 · STALE"), "{}", later.stdout);

    // Without an earlier level nothing is in force yet: a warning, not the coming level.
    let without = Place::with_feed(&quiet("", "level = \"kritiek\"\nsince = 2015-11-19T10:00:00+01:00"));
    let line = without.sitrep(&["line", "--feed", "feed.toml", "--at", FRESH_AT, "--format", "plain"]);
    assert!(line.stdout.starts_with("no level in force · KRITIEK 5/5 from 19 Nov 10:00"), "{}", line.stdout);
    let status = without.sitrep(&["status", "--feed", "feed.toml", "--at", FRESH_AT]);
    assert_eq!(status.code, 1, "{}", status.stdout);
    assert!(
        status.stdout.contains("no level in force: KRITIEK 5/5 from 2015-11-19T10:00:00+01:00"),
        "{}",
        status.stdout
    );
    assert!(status.stdout.contains(" level=0;;;0;5 "), "{}", status.stdout);
}

#[test]
fn a_lapsed_level_shows_as_lapsed() {
    let place = Place::with_feed(&quiet("", "level = \"kritiek\"\nuntil = 2015-11-18T09:15:00+01:00"));
    let before =
        place.sitrep(&["line", "--feed", "feed.toml", "--at", "2015-11-18T09:14:59+01:00", "--format", "plain"]);
    assert!(before.stdout.starts_with("KRITIEK 5/5 · "), "{}", before.stdout);
    let line = place.sitrep(&["line", "--feed", "feed.toml", "--at", FRESH_AT, "--format", "plain"]);
    assert!(line.stdout.starts_with("LAPSED KRITIEK 5/5 · "), "{}", line.stdout);
    let tmux = place.sitrep(&["line", "--feed", "feed.toml", "--at", FRESH_AT]);
    assert!(tmux.stdout.contains("#[fg=colour244,strikethrough]KRITIEK 5/5#[default]"), "{}", tmux.stdout);
    let json = place.sitrep(&["line", "--feed", "feed.toml", "--at", FRESH_AT, "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(json["level"], serde_json::Value::Null);
    assert_eq!(json["level_standing"], "lapsed");
    let status = place.sitrep(&["status", "--feed", "feed.toml", "--at", FRESH_AT]);
    assert_eq!(status.code, 1, "{}", status.stdout);
    assert!(
        status.stdout.contains("no level in force: KRITIEK 5/5 lapsed at 2015-11-18T09:15:00+01:00"),
        "{}",
        status.stdout
    );
    let metrics = place.sitrep(&["status", "--feed", "feed.toml", "--at", FRESH_AT, "--format", "prometheus"]);
    assert!(metrics.stdout.contains("sitrep_threat_level{scale=\"nctv\",level=\"\"} 0\n"), "{}", metrics.stdout);
}

fn mkfifo(path: &Path) {
    let made = Command::new("mkfifo").arg(path).status().unwrap();
    assert!(made.success(), "mkfifo {}", path.display());
}

#[test]
fn a_fifo_never_hangs_it() {
    let place = Place::with_feed("");
    let fifo = place.path().join("feed.toml");
    std::fs::remove_file(&fifo).unwrap();
    mkfifo(&fifo);
    // A FIFO feed is refused at once, never opened for a blocking read.
    let line = place.sitrep(&["line", "--feed", "feed.toml", "--format", "plain"]);
    assert_eq!((line.code, line.stdout.as_str()), (1, "REJECTED\n"));
    let status = place.sitrep(&["status", "--feed", "feed.toml"]);
    assert!(
        status.stdout.starts_with("SITREP CRITICAL - feed rejected: feed.toml: error: not a regular file"),
        "{}",
        status.stdout
    );
    // A config that is a FIFO blocks its reader: the time limit answers instead.
    let config = place.path().join("config.fifo");
    mkfifo(&config);
    let run = |args: &[&str]| {
        let started = Instant::now();
        let output = Command::new(env!("CARGO_BIN_EXE_sitrep"))
            .args(args)
            .args(["--config", "config.fifo"])
            .env_clear()
            .current_dir(place.path())
            .output()
            .unwrap();
        (output.status.code(), String::from_utf8(output.stdout).unwrap(), started.elapsed())
    };
    let (code, out, took) = run(&["line", "--timeout", "300ms"]);
    assert_eq!((code, out.as_str()), (Some(1), "sitrep: no answer\n"));
    assert!(took >= Duration::from_millis(300), "{took:?}");
    let (code, out, _) = run(&["line", "--timeout", "200ms", "--format", "json"]);
    assert_eq!(code, Some(1));
    assert!(out.contains("\"text\":\"sitrep: no answer\""), "{out}");
    let (code, out, _) = run(&["status", "-t", "0.2"]);
    assert_eq!(code, Some(2));
    assert!(out.starts_with("SITREP CRITICAL - no answer from the feed (or the config) within 0.2s"), "{out}");
    let (code, out, _) = run(&["status", "-t", "0.2:UNKNOWN", "--format", "prometheus"]);
    assert_eq!(code, Some(3));
    assert!(out.contains("sitrep_feed_valid 0\n"), "{out}");
}

#[test]
fn the_cache_answers_for_an_unchanged_file_only() {
    let place = Place::with_feed(&quiet("", "level = \"substantieel\""));
    let feed = place.path().join("feed.toml");
    // A file changed in the last two seconds is not cached.
    std::thread::sleep(Duration::from_millis(2100));
    let args = ["line", "--feed", "feed.toml", "--at", FRESH_AT, "--format", "plain"];
    let first = place.sitrep(&args);
    assert!(first.stdout.starts_with("SUBSTANTIEEL 4/5"), "{}", first.stdout);
    let entries = std::fs::read_dir(place.path().join("run/sitrep")).unwrap().count();
    assert_eq!(entries, 1, "one entry for one feed");
    assert_eq!(place.sitrep(&args).stdout, first.stdout);
    // Rewritten in place with the same size: the next reading sees the new level.
    let text = std::fs::read_to_string(&feed).unwrap().replace("\"substantieel\"", "\"aanzienlijk\" ");
    std::fs::write(&feed, text).unwrap();
    let second = place.sitrep(&args);
    assert!(second.stdout.starts_with("AANZIENLIJK 3/5"), "{}", second.stdout);
    // A public reading is kept apart from the full one.
    let public = place.sitrep(&["line", "--public", "--feed", "feed.toml", "--at", FRESH_AT, "--format", "plain"]);
    assert!(public.stdout.starts_with("AANZIENLIJK 3/5"), "{}", public.stdout);

    // Rejected now: the last good picture stays, as on the dashboard, with REJECTED.
    let text = std::fs::read_to_string(&feed).unwrap().replace("level = ", "lvel = ");
    std::fs::write(&feed, text).unwrap();
    let rejected = place.sitrep(&args);
    assert_eq!(rejected.code, 1);
    assert!(rejected.stdout.starts_with("AANZIENLIJK 3/5 · REJECTED · "), "{}", rejected.stdout);
    let status = place.sitrep(&["status", "--feed", "feed.toml", "--at", STALE_AT]);
    assert_eq!(status.code, 2, "{}", status.stdout);
    assert!(status.stdout.starts_with("SITREP CRITICAL - feed rejected: feed.toml:6:1: error: unknown field `lvel`"));
    assert!(
        status
            .stdout
            .contains("; feed stale: 2h 30m old, past 2h; level AANZIENLIJK 3/5; showing the last good picture"),
        "{}",
        status.stdout
    );
    assert!(status.stdout.contains(" | age=9000s;7200;;0 level=3;;;0;5 measures=1 incidents=1 "), "{}", status.stdout);
    // Missing now: the same.
    std::fs::remove_file(&feed).unwrap();
    let missing = place.sitrep(&args);
    assert!(missing.stdout.starts_with("AANZIENLIJK 3/5 · MISSING · "), "{}", missing.stdout);
    // Without the cache there is nothing to show but the trouble.
    let bare = place.sitrep(&["line", "--no-cache", "--feed", "feed.toml", "--at", FRESH_AT, "--format", "plain"]);
    assert_eq!(bare.stdout, "MISSING\n");
}

#[test]
fn prometheus_output_is_renamed_into_place() {
    let place = Place::with_feed(HOSTILE);
    let out = place.path().join("textfile/sitrep.prom");
    std::fs::create_dir(place.path().join("textfile")).unwrap();
    std::fs::write(&out, "old").unwrap();
    let args = [
        "status",
        "--feed",
        "feed.toml",
        "--at",
        FRESH_AT,
        "--format",
        "prometheus",
        "--output",
        "textfile/sitrep.prom",
    ];
    let run = place.sitrep(&args);
    assert_eq!((run.code, run.stdout.as_str()), (1, ""), "{}", run.stderr);
    let written = std::fs::read_to_string(&out).unwrap();
    assert_eq!(
        written,
        place.sitrep(&["status", "--feed", "feed.toml", "--at", FRESH_AT, "--format", "prometheus"]).stdout
    );
    // Nothing else is left in the collector's folder.
    assert_eq!(std::fs::read_dir(place.path().join("textfile")).unwrap().count(), 1);
    // A folder that cannot be written is UNKNOWN, said on stdout.
    let failed =
        place.sitrep(&["status", "--feed", "feed.toml", "--format", "prometheus", "--output", "absent/sitrep.prom"]);
    assert_eq!(failed.code, 3);
    assert!(failed.stdout.starts_with("SITREP UNKNOWN - cannot write absent/sitrep.prom"), "{}", failed.stdout);
}

#[test]
fn prometheus_label_values_are_escaped() {
    let place =
        Place::with_feed("version = 1\ngenerated = 2015-11-18T09:00:00+01:00\n[threat]\nlevel = 2\nscale = 'a\"b'\n");
    let config = "[[scales]]\nname = 'a\"b'\nlevels = [{ name = 'low\\', color = '#00ff00' }, { name = 'high \"x\"', color = '#ff0000' }]\n";
    std::fs::write(place.path().join("config.toml"), config).unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_sitrep"))
        .args(["status", "--format", "prometheus", "--feed", "feed.toml", "--at", FRESH_AT, "--config", "config.toml"])
        .env_clear()
        .current_dir(place.path())
        .output()
        .unwrap();
    let metrics = String::from_utf8(output.stdout).unwrap();
    assert!(metrics.contains("\nsitrep_threat_level{scale=\"a\\\"b\",level=\"high \\\"x\\\"\"} 2\n"), "{metrics}");
}
