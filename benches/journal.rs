//! The journal on a year of a busy center (450 000 entries, rotated at 64 MiB): start-up
//! reading acknowledgements back and a one-shift handover (targets: 200 ms each), a
//! feed version recorded, and what an acknowledgement's fsync costs; on the dashboard's
//! side, what the UI thread pays and `a` to marks cleared through the journal task.

use std::path::{Path, PathBuf};

use chrono::TimeDelta;
use criterion::{Criterion, criterion_group, criterion_main};
use sitrep::config::Language;
use sitrep::feed::{DEMO_FEED, DecodeOptions, Format, decode};
use sitrep::journal::{ACK_LOOKBACK, AckScope, Acknowledged, FeedVersion, Identity, Journal, JournalOptions};
use sitrep::report::handover;

#[path = "common/generate.rs"]
mod generate;
#[path = "common/journal_year.rs"]
mod journal_year;

/// The generated year, kept in target/ between runs (it takes a few seconds to write).
fn year() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("journal-year");
    let path = dir.join("journal.jsonl");
    let marker = dir.join("complete");
    if !marker.exists() {
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap_or_default();
        let files = journal_year::write(&path, journal_year::ENTRIES, 64 * 1024 * 1024).unwrap_or_default();
        std::fs::write(&marker, files.to_string()).unwrap_or_default();
    }
    path
}

fn options(operator: &str) -> JournalOptions {
    JournalOptions {
        max_bytes: 64 * 1024 * 1024,
        identity: Identity::fixed(operator, "ops1"),
        decode: DecodeOptions::default(),
        create_folder: false,
    }
}

fn year_sized(c: &mut Criterion) {
    let path = year();
    let now = journal_year::end();
    let mut group = c.benchmark_group("journal_year");
    group.sample_size(20);
    let alice = Journal::open(&path, options("alice")).ok();
    let nobody = Journal::open(&path, options("someone-new")).ok();
    if let (Some(alice), Some(nobody)) = (alice, nobody) {
        group.bench_function("startup_acks_operator", |b| {
            b.iter(|| alice.unacknowledged(AckScope::Operator, now - ACK_LOOKBACK).map(|u| u.versions))
        });
        group.bench_function("startup_acks_shared", |b| {
            b.iter(|| alice.unacknowledged(AckScope::Shared, now - ACK_LOOKBACK).map(|u| u.versions))
        });
        // An operator who never acknowledged: read back the whole week.
        group.bench_function("startup_acks_never_acknowledged_week", |b| {
            b.iter(|| nobody.unacknowledged(AckScope::Operator, now - ACK_LOOKBACK).map(|u| u.versions))
        });
    }
    let feed = decode(DEMO_FEED.as_bytes(), Format::Toml, &DecodeOptions::default()).map(|a| a.feed);
    let amsterdam = sitrep::zone::Zone::named("Europe/Amsterdam").unwrap_or_else(|_| sitrep::zone::Zone::utc());
    if let Ok(feed) = &feed {
        let request = |hours: i64| handover::Request {
            journal: &path,
            from: now - TimeDelta::hours(hours),
            to: now,
            now,
            feed_now: Ok(feed),
            feed_name: "/var/lib/sitrep/feed.toml",
            demo: false,
            host: "ops1",
            language: Language::En,
            timezone: &amsterdam,
            public: false,
        };
        group.bench_function("handover_one_shift_8h", |b| {
            b.iter(|| handover::build(&request(8)).map(|r| r.level_changes.len() + r.notes.len()))
        });
        group.bench_function("handover_one_shift_8h_markdown", |b| {
            b.iter(|| handover::build(&request(8)).map(|r| sitrep::report::handover_print::markdown(&r).len()))
        });
    }
    group.finish();
}

/// Writes into a copy of the year's newest file, so the year stays as generated.
fn writing(c: &mut Criterion) {
    let year = year();
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("journal-write");
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join("journal.jsonl");
    let _ = std::fs::copy(&year, &path);
    let Ok(journal) = Journal::open(&path, options("alice")) else { return };
    let now = journal_year::end();
    let mut group = c.benchmark_group("journal_write");
    group.sample_size(30);
    group.bench_function("ack_with_fsync", |b| b.iter(|| journal.record_ack(now, Acknowledged::default())));
    group.bench_function("session_entry_without_fsync", |b| b.iter(|| journal.record_session_start(now, None)));
    let versions: Vec<String> =
        (0..2).map(|n| DEMO_FEED.replacen("generated = ", &format!("# version {n}\ngenerated = "), 1)).collect();
    let feeds: Vec<_> = versions
        .iter()
        .filter_map(|text| decode(text.as_bytes(), Format::Toml, &DecodeOptions::default()).ok().map(|a| a.feed))
        .collect();
    if feeds.len() == 2 {
        let mut n = 0;
        // Alternating versions: every call writes (A→B→A), with the diff against the last.
        group.bench_function("feed_version_recorded", |b| {
            b.iter(|| {
                n += 1;
                let i = n % 2;
                journal.record_feed_accepted(
                    now,
                    FeedVersion {
                        feed: &feeds[i],
                        bytes: versions[i].as_bytes(),
                        format: Format::Toml,
                        origin: "feed",
                    },
                )
            });
        });
        group.bench_function("feed_version_already_recorded", |b| {
            b.iter(|| {
                journal.record_feed_accepted(
                    now,
                    FeedVersion {
                        feed: &feeds[0],
                        bytes: versions[0].as_bytes(),
                        format: Format::Toml,
                        origin: "feed",
                    },
                )
            });
        });
    }
    group.finish();
    let _ = std::fs::remove_dir_all(Path::new(&dir));
}

/// The dashboard's side: what the UI thread pays for an acknowledgement and for a new
/// version with a journal kept, and `a` to marks cleared through the real journal task.
fn dashboard(c: &mut Criterion) {
    use sitrep::app::journal::{JournalState, on_arrival};
    use sitrep::app::model::{FeedOrigin, Model, Settings};
    use sitrep::app::{Command, FeedEvent, Message, update};
    use sitrep::journal::task::{JournalEvent, JournalPlan, spawn};

    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("journal-dashboard");
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join("journal.jsonl");
    let now = journal_year::end();
    let loaded = |text: &str, format: Format| {
        decode(text.as_bytes(), format, &DecodeOptions::default()).ok().map(|a| FeedEvent::Loaded {
            feed: Box::new(a.feed),
            warnings: a.warnings,
            at: now,
            raw: sitrep::source::RawFeed::new(text.as_bytes(), format),
        })
    };
    let model_with = |event: &FeedEvent| {
        let mut model = Model::new(Settings::default(), FeedOrigin::File("feed.toml".into()), now, true);
        model.size = (120, 40);
        update(&mut model, Message::Feed(event.clone()));
        model.journal = JournalState::kept();
        model.journal.read_back_asked = true;
        model
    };
    let Some(demo) = loaded(DEMO_FEED, Format::Toml) else { return };
    let mut group = c.benchmark_group("journal_dashboard");
    group.sample_size(30);
    let marks = |model: &mut Model| {
        let now = model.now;
        model.changes.incidents.extend(["i1", "i2", "i3"].map(|id| (String::from(id), now)));
        model.changes.measures.insert("m1".into(), now);
    };
    let a = || Message::Key(crossterm::event::KeyEvent::from(crossterm::event::KeyCode::Char('a')));
    let mut model = model_with(&demo);
    group.bench_function("ack_on_the_ui_thread", |b| {
        b.iter(|| {
            marks(&mut model);
            let commands = update(&mut model, a());
            update(&mut model, Message::Journal(JournalEvent::Acknowledged { written: true }));
            commands.len()
        });
    });
    let Ok(runtime) = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build() else {
        return;
    };
    let plan = JournalPlan {
        setting: sitrep::journal::JournalSetting::At { path: path.clone(), default_location: false },
        max_bytes: 64 * 1024 * 1024,
        ack_scope: AckScope::Operator,
        shift_starts: Vec::new(),
        timezone: sitrep::zone::Zone::utc(),
        decode: DecodeOptions::default(),
        feed: "feed.toml".to_owned(),
        identity: Some(Identity::fixed("alice", "ops1")),
        history_dir: None,
    };
    let (tx, events) = std::sync::mpsc::channel();
    let task = {
        let _entered = runtime.enter();
        spawn(plan, move |event| tx.send(event).is_ok())
    };
    group.bench_function("ack_round_trip_through_the_task", |b| {
        b.iter(|| {
            marks(&mut model);
            for command in update(&mut model, a()) {
                if let Command::Journal(job) = command {
                    let _ = task.jobs.send(job);
                }
            }
            // Until the acknowledgement is done (the first event is the journal coming on).
            while let Ok(event) = events.recv() {
                let done = matches!(event, JournalEvent::Acknowledged { .. });
                update(&mut model, Message::Journal(event));
                if done {
                    break;
                }
            }
            model.changes.is_empty()
        });
    });
    runtime.block_on(task.stop(std::time::Duration::from_secs(5)));
    // A new version with a journal kept: the copy of the picture the journal's entry is
    // made from is taken on the UI thread.
    let large = generate::json_feed(100_000, 2_000);
    for (name, event) in [
        ("new_version_on_the_ui_thread_demo", Some(demo)),
        ("new_version_on_the_ui_thread_100k", loaded(&large, Format::Json)),
    ] {
        let Some(event) = event else { continue };
        let message = Message::Feed(event.clone());
        let mut model = model_with(&event);
        group.bench_function(name, |b| {
            b.iter(|| {
                model.journal.last_arrived.clear();
                on_arrival(&mut model, &message).len()
            });
        });
    }
    group.finish();
    let _ = std::fs::remove_dir_all(Path::new(&dir));
}

criterion_group!(benches, year_sized, writing, dashboard);
criterion_main!(benches);
