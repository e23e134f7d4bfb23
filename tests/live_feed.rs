//! The feed follower against a real folder: every way a producer may replace the file,
//! asserted on the messages it sends (waiting with timeouts, never fixed sleeps), and
//! the model keeping its last good picture.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test fails loudly on a broken fixture

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

use sitrep::app::model::{FeedHealth, FeedOrigin, Model, Settings};
use sitrep::app::{FeedEvent, Message, update};
use sitrep::clock::Clock;
use sitrep::config::{ColorDepth, Language};
use sitrep::feed::{DecodeOptions, FeedDuration};
use sitrep::source::ReadOptions;
use sitrep::source::watch::{Request, SourceMode, Timing, follow};
use tokio::sync::mpsc;
use tokio::time::timeout;

const WAIT: Duration = Duration::from_secs(10);

fn feed_text(title: &str) -> String {
    format!(
        "version = 1\ngenerated = 2015-11-17T18:00:00+01:00\ntitle = \"{title}\"\n[threat]\nlevel = \"substantieel\"\n\n\
         [[incidents]]\nid = \"a\"\ntime = 2015-11-13T21:20:00+01:00\ntitle = \"Aanslagen Parijs\"\nseverity = \"critical\"\n"
    )
}

/// Replaces `path` the way producers should: a temporary file in the same folder,
/// renamed over the feed.
fn write_atomically(path: &Path, text: &str) {
    let tmp = path.with_extension("tmp");
    fs::write(&tmp, text).unwrap();
    fs::rename(&tmp, path).unwrap();
}

struct Follower {
    rx: mpsc::Receiver<Message>,
    requests: mpsc::Sender<Request>,
    _dir: tempfile::TempDir,
    path: PathBuf,
}

fn start(write_first: Option<&str>) -> Follower {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("feed.toml");
    if let Some(text) = write_first {
        fs::write(&path, text).unwrap();
    }
    start_at(dir, path)
}

fn start_at(dir: tempfile::TempDir, path: PathBuf) -> Follower {
    let (tx, rx) = mpsc::channel(1024);
    let (requests, request_rx) = mpsc::channel(4);
    let options = ReadOptions { decode: DecodeOptions::default(), format: None };
    tokio::spawn(follow(path.clone(), options, Clock::Wall, Timing::default(), tx, request_rx));
    Follower { rx, requests, _dir: dir, path }
}

/// The next feed event (skipping other messages), or a panic after `WAIT`.
async fn next_event(rx: &mut mpsc::Receiver<Message>) -> FeedEvent {
    loop {
        match timeout(WAIT, rx.recv()).await.expect("no feed event in time").expect("follower stopped") {
            Message::Feed(event) => return event,
            _ => continue,
        }
    }
}

/// Waits until an event satisfies `wanted`; returns it.
async fn wait_for(rx: &mut mpsc::Receiver<Message>, what: &str, wanted: impl Fn(&FeedEvent) -> bool) -> FeedEvent {
    let deadline = tokio::time::Instant::now() + WAIT;
    loop {
        let left = deadline.saturating_duration_since(tokio::time::Instant::now());
        let event = timeout(left, next_event(rx)).await.unwrap_or_else(|_| panic!("waiting for {what}"));
        if wanted(&event) {
            return event;
        }
    }
}

fn title_of(event: &FeedEvent) -> Option<String> {
    match event {
        FeedEvent::Loaded { feed, .. } => feed.title.as_ref().map(ToString::to_string),
        _ => None,
    }
}

fn is_title(title: &'static str) -> impl Fn(&FeedEvent) -> bool {
    move |e| title_of(e).as_deref() == Some(title)
}

#[tokio::test]
async fn says_it_watches_and_reads_at_start() {
    let mut f = start(Some(&feed_text("eerste")));
    let mode = timeout(WAIT, f.rx.recv()).await.unwrap().unwrap();
    assert!(matches!(mode, Message::Source(SourceMode::Watching)), "{mode:?}");
    assert_eq!(title_of(&next_event(&mut f.rx).await).as_deref(), Some("eerste"));
}

#[tokio::test]
async fn follows_an_atomic_rename() {
    let mut f = start(Some(&feed_text("eerste")));
    wait_for(&mut f.rx, "first", is_title("eerste")).await;
    write_atomically(&f.path, &feed_text("tweede"));
    wait_for(&mut f.rx, "second", is_title("tweede")).await;
}

#[tokio::test]
async fn a_half_written_file_is_rejected_then_the_whole_one_accepted() {
    let mut f = start(Some(&feed_text("eerste")));
    wait_for(&mut f.rx, "first", is_title("eerste")).await;
    let text = feed_text("tweede");
    let (half, rest) = text.split_at(text.len() / 2);
    let mut file = fs::OpenOptions::new().write(true).truncate(true).open(&f.path).unwrap();
    file.write_all(half.as_bytes()).unwrap();
    file.flush().unwrap();
    wait_for(&mut f.rx, "the half file rejected", |e| matches!(e, FeedEvent::Rejected { .. })).await;
    file.write_all(rest.as_bytes()).unwrap();
    file.flush().unwrap();
    wait_for(&mut f.rx, "the whole file", is_title("tweede")).await;
}

#[tokio::test]
async fn delete_and_recreate() {
    let mut f = start(Some(&feed_text("eerste")));
    wait_for(&mut f.rx, "first", is_title("eerste")).await;
    fs::remove_file(&f.path).unwrap();
    wait_for(&mut f.rx, "missing", |e| matches!(e, FeedEvent::Missing { .. })).await;
    fs::write(&f.path, feed_text("terug")).unwrap();
    wait_for(&mut f.rx, "recreated", is_title("terug")).await;
}

#[tokio::test]
async fn rename_away_and_back() {
    let mut f = start(Some(&feed_text("eerste")));
    wait_for(&mut f.rx, "first", is_title("eerste")).await;
    let away = f.path.with_extension("bak");
    fs::rename(&f.path, &away).unwrap();
    wait_for(&mut f.rx, "missing", |e| matches!(e, FeedEvent::Missing { .. })).await;
    fs::rename(&away, &f.path).unwrap();
    wait_for(&mut f.rx, "back", is_title("eerste")).await;
}

#[tokio::test]
async fn a_burst_of_a_hundred_writes_ends_on_the_last() {
    let mut f = start(Some(&feed_text("v-start")));
    wait_for(&mut f.rx, "first", is_title("v-start")).await;
    for i in 0..100 {
        write_atomically(&f.path, &feed_text(&format!("v{i}")));
    }
    wait_for(&mut f.rx, "the last write", is_title("v99")).await;
    // Nothing older may arrive after the last write was seen.
    if let Ok(Some(Message::Feed(event))) = timeout(Duration::from_millis(300), f.rx.recv()).await {
        assert_eq!(title_of(&event).as_deref(), Some("v99"), "a stale picture arrived after the last");
    }
}

#[tokio::test]
async fn reload_on_request() {
    let mut f = start(Some(&feed_text("eerste")));
    wait_for(&mut f.rx, "first", is_title("eerste")).await;
    f.requests.send(Request::Reload).await.unwrap();
    wait_for(&mut f.rx, "the reread", is_title("eerste")).await;
}

#[tokio::test]
async fn polls_where_it_cannot_watch_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    // A folder that does not exist yet cannot be watched.
    let folder = dir.path().join("later");
    let path = folder.join("feed.toml");
    let mut f = start_at(dir, path.clone());
    let mode = timeout(WAIT, f.rx.recv()).await.unwrap().unwrap();
    assert!(matches!(mode, Message::Source(SourceMode::Polling(_))), "{mode:?}");
    wait_for(&mut f.rx, "missing", |e| matches!(e, FeedEvent::Missing { .. })).await;
    fs::create_dir(&folder).unwrap();
    fs::write(&path, feed_text("gepold")).unwrap();
    wait_for(&mut f.rx, "the polled file", is_title("gepold")).await;
}

fn model() -> Model {
    let settings = Settings {
        timezone: chrono_tz::Europe::Amsterdam,
        language: Language::Nl,
        colors: ColorDepth::None,
        stale_after: FeedDuration::from_secs(1800),
        public_screen: false,
        bell: true,
        clock_seconds: false,
    };
    Model::new(settings, FeedOrigin::File("feed.toml".into()), chrono::Utc::now(), false)
}

#[tokio::test]
async fn a_rejected_feed_keeps_the_last_good_picture() {
    let mut f = start(Some(&feed_text("goed")));
    let mut model = model();
    let good = wait_for(&mut f.rx, "good", is_title("goed")).await;
    update(&mut model, Message::Feed(good));
    fs::write(&f.path, "version = 1\n[threat]\nlvel = 3\n").unwrap();
    let bad = wait_for(&mut f.rx, "rejected", |e| matches!(e, FeedEvent::Rejected { .. })).await;
    update(&mut model, Message::Feed(bad));
    assert!(matches!(model.health, FeedHealth::Rejected { .. }));
    let picture = model.picture.as_ref().expect("the last good picture stays");
    assert_eq!(picture.feed.title.as_deref(), Some("goed"));
    assert_eq!(picture.feed.incidents.len(), 1);
}

fn loaded(text: &str) -> FeedEvent {
    let accepted =
        sitrep::feed::decode(text.as_bytes(), sitrep::feed::Format::Toml, &DecodeOptions::default()).unwrap();
    FeedEvent::Loaded { feed: Box::new(accepted.feed), warnings: accepted.warnings, at: chrono::Utc::now() }
}

fn key(c: char) -> Message {
    Message::Key(crossterm::event::KeyEvent::from(crossterm::event::KeyCode::Char(c)))
}

#[test]
fn changes_are_marked_until_acknowledged_and_a_raise_rings_the_bell() {
    use sitrep::app::Command;
    use sitrep::app::model::ItemKind;
    let mut model = model();
    assert!(update(&mut model, Message::Feed(loaded(&feed_text("een")))).is_empty(), "no bell for the first picture");
    assert!(model.changes.is_empty(), "nothing is new in the first picture");
    let raised = feed_text("twee").replace("level = \"substantieel\"", "level = \"kritiek\"")
        + "\n[[incidents]]\nid = \"b\"\ntime = 2015-11-17T12:00:00+01:00\ntitle = \"Nieuw\"\nseverity = \"critical\"\n";
    let commands = update(&mut model, Message::Feed(loaded(&raised)));
    assert_eq!(commands, vec![Command::Bell]);
    let change = model.changes.level.clone().expect("a level change banner");
    assert_eq!((change.from.rank, change.to.rank), (4, 5));
    assert!(model.changes.marks(ItemKind::Incident, "b"));
    assert!(!model.changes.marks(ItemKind::Incident, "a"), "an unchanged item is not marked");
    update(&mut model, key('a'));
    assert!(model.changes.is_empty());
}

#[test]
fn pause_holds_updates_back_and_resume_applies_the_newest() {
    let mut model = model();
    update(&mut model, Message::Feed(loaded(&feed_text("een"))));
    update(&mut model, key('p'));
    assert!(model.paused);
    update(&mut model, Message::Feed(loaded(&feed_text("twee"))));
    update(&mut model, Message::Feed(loaded(&feed_text("drie"))));
    assert_eq!(model.picture.as_ref().unwrap().feed.title.as_deref(), Some("een"), "paused: the picture holds");
    assert!(model.pending.is_some(), "newer data waits");
    update(&mut model, key('p'));
    assert!(!model.paused);
    assert_eq!(model.picture.as_ref().unwrap().feed.title.as_deref(), Some("drie"), "resumed on the newest");
    assert!(model.pending.is_none());
}

#[test]
fn time_alone_brings_staleness_and_the_loop_knows_when() {
    let mut model = model();
    let generated = chrono::DateTime::parse_from_rfc3339("2015-11-17T18:00:00+01:00").unwrap().to_utc();
    model.now = generated;
    update(&mut model, Message::Feed(loaded(&feed_text("een"))));
    assert_eq!(model.staleness(), None);
    let stale_at = generated + chrono::TimeDelta::minutes(30);
    assert_eq!(model.next_deadline(), Some(stale_at), "the loop wakes when the picture turns stale");
    update(&mut model, Message::Tick(stale_at + chrono::TimeDelta::seconds(1)));
    assert!(model.staleness().is_some());
}
