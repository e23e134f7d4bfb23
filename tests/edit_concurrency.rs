//! Eight processes that each add fifty incidents at once: all 400 end up in the feed,
//! none lost, every id unique; meanwhile a dashboard's follower and a reader in a tight
//! loop only ever see whole, valid versions.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test fails loudly on a broken fixture

#[path = "common/edit.rs"]
mod edit;

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use sitrep::app::{FeedEvent, Message};
use sitrep::clock::Clock;
use sitrep::feed::{DecodeOptions, Format, decode};
use sitrep::source::ReadOptions;
use sitrep::source::watch::{Timing, follow};
use tokio::sync::mpsc;

const WRITERS: usize = 8;
const EACH: usize = 50;

/// One writer: fifty `sitrep add` processes, one after the other; their ids.
fn writer(feed: PathBuf, writer: usize) -> Vec<String> {
    (0..EACH)
        .map(|item| {
            let title = format!("writer {writer} item {item}");
            let output =
                edit::run(&feed, &["add", "incident", "--title", &title, "--severity", "minor", "--time", "now"]);
            assert!(output.status.success(), "{title}: {}", edit::stderr(&output));
            edit::stdout(&output).trim().to_owned()
        })
        .collect()
}

fn incident_count(path: &Path, format: Format) -> Result<usize, String> {
    let bytes = std::fs::read(path).map_err(|e| e.to_string())?;
    decode(&bytes, format, &DecodeOptions::default())
        .map(|a| a.feed.incidents.len())
        .map_err(|r| format!("{:?}", r.problems))
}

fn eight_writers_at_once(name: &str, format: Format) {
    let dir = tempfile::tempdir().unwrap();
    let feed = edit::fixture(dir.path(), name);
    let start = incident_count(&feed, format).unwrap();

    // A dashboard's follower, reading after (nearly) every change.
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().unwrap();
    let (tx, mut rx) = mpsc::channel(4096);
    let (_requests, request_rx) = mpsc::channel(1);
    let timing = Timing {
        debounce: Duration::from_millis(1),
        max_delay: Duration::from_millis(5),
        poll_interval: Duration::from_millis(20),
        safety_interval: Duration::from_millis(20),
    };
    let options = ReadOptions { decode: DecodeOptions::default(), format: Some(format) };
    runtime.spawn(follow(feed.clone(), options, Clock::Wall, timing, tx, request_rx));
    let seen: Arc<Mutex<Vec<Result<usize, String>>>> = Arc::default();
    let seen_by_follower = Arc::clone(&seen);
    runtime.spawn(async move {
        while let Some(message) = rx.recv().await {
            let outcome = match message {
                Message::Feed(FeedEvent::Loaded { feed, .. }) => Ok(feed.incidents.len()),
                Message::Feed(other) => Err(format!("{other:?}")),
                _ => continue,
            };
            seen_by_follower.lock().unwrap().push(outcome);
        }
    });

    // A reader in a tight loop: every read is a whole feed.
    let stop = Arc::new(AtomicBool::new(false));
    let reader = {
        let (stop, feed) = (Arc::clone(&stop), feed.clone());
        std::thread::spawn(move || {
            let mut reads = Vec::new();
            while !stop.load(Ordering::SeqCst) {
                reads.push(incident_count(&feed, format));
            }
            reads
        })
    };

    let writers: Vec<_> = (0..WRITERS)
        .map(|w| {
            let feed = feed.clone();
            std::thread::spawn(move || writer(feed, w))
        })
        .collect();
    let ids: Vec<String> = writers.into_iter().flat_map(|w| w.join().unwrap()).collect();
    stop.store(true, Ordering::SeqCst);
    let reads = reader.join().unwrap();

    let unique: HashSet<&String> = ids.iter().collect();
    assert_eq!(unique.len(), WRITERS * EACH, "every add printed its own id");
    let text = std::fs::read_to_string(&feed).unwrap();
    let accepted = decode(text.as_bytes(), format, &DecodeOptions::default()).unwrap();
    assert_eq!(accepted.feed.incidents.len(), start + WRITERS * EACH, "none lost");
    let in_feed: HashSet<&str> = accepted.feed.incidents.iter().map(|i| i.id.as_str()).collect();
    assert!(ids.iter().all(|id| in_feed.contains(id.as_str())));
    for w in 0..WRITERS {
        for item in 0..EACH {
            assert!(text.contains(&format!("writer {w} item {item}\"")), "writer {w} item {item} is missing");
        }
    }
    assert!(text.contains("# End of the feed.") || format == Format::Json, "the feed's comments stay");

    let bad_reads: Vec<&String> = reads.iter().filter_map(|r| r.as_ref().err()).collect();
    assert!(
        bad_reads.is_empty(),
        "{} of {} reads saw a broken feed: {:?}",
        bad_reads.len(),
        reads.len(),
        bad_reads.first()
    );
    assert!(reads.len() > 10, "the reader read while the writers wrote ({} reads)", reads.len());

    // The follower catches up with the last version, and saw nothing but valid ones.
    let final_count = start + WRITERS * EACH;
    for _ in 0..200 {
        if seen.lock().unwrap().last() == Some(&Ok(final_count)) {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let seen = seen.lock().unwrap().clone();
    assert_eq!(seen.last(), Some(&Ok(final_count)), "the follower ends on the last version");
    assert!(
        seen.iter().all(Result::is_ok),
        "the follower saw a broken version: {:?}",
        seen.iter().find(|s| s.is_err())
    );
    let counts: Vec<usize> = seen.iter().filter_map(|s| s.as_ref().ok().copied()).collect();
    assert!(counts.windows(2).all(|w| w[0] <= w[1]), "versions only grow: {counts:?}");
    assert!(counts.len() > 2, "the follower saw versions in between: {counts:?}");
    runtime.shutdown_timeout(Duration::from_millis(100));
}

#[test]
fn eight_writers_at_once_on_a_toml_feed() {
    eight_writers_at_once("commented.toml", Format::Toml);
}

#[test]
fn eight_writers_at_once_on_a_json_feed() {
    eight_writers_at_once("spaced.json", Format::Json);
}
