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
use sitrep::config::Language;
use sitrep::feed::DecodeOptions;
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
    start_with(dir, path, Timing::default())
}

fn start_with(dir: tempfile::TempDir, path: PathBuf, timing: Timing) -> Follower {
    let (tx, rx) = mpsc::channel(1024);
    let (requests, request_rx) = mpsc::channel(4);
    let options = ReadOptions { decode: DecodeOptions::default(), format: None };
    tokio::spawn(follow(path.clone(), options, Clock::Wall, timing, tx, request_rx));
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
        timezone: sitrep::zone::Zone::named("Europe/Amsterdam").unwrap(),
        language: Language::Nl,
        bell: true,
        ..Settings::default()
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
    FeedEvent::Loaded {
        feed: Box::new(accepted.feed),
        warnings: accepted.warnings,
        at: chrono::Utc::now(),
        raw: sitrep::source::RawFeed::new(text.as_bytes(), sitrep::feed::Format::Toml),
    }
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
    assert_eq!((change.from.as_ref().unwrap().rank, change.to().unwrap().rank), (4, 5));
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
    // Stale once the age in whole seconds passes the limit: one second after it.
    let stale_at = generated + chrono::TimeDelta::minutes(30);
    assert_eq!(
        model.next_deadline(),
        Some(stale_at + chrono::TimeDelta::seconds(1)),
        "the loop wakes when the picture turns stale"
    );
    update(&mut model, Message::Tick(stale_at + chrono::TimeDelta::seconds(1)));
    assert!(model.staleness().is_some());
}

#[test]
fn an_open_item_follows_its_id_into_a_new_picture_or_closes() {
    use sitrep::app::model::Overlay;
    let two = feed_text("een")
        + "\n[[incidents]]\nid = \"b\"\ntime = 2015-11-17T12:00:00+01:00\ntitle = \"Tweede\"\nseverity = \"minor\"\n";
    let mut model = model();
    update(&mut model, Message::Feed(loaded(&two)));
    model.overlay = Overlay::Incident(1); // "b"
    // "b" moves to the front: the open item follows it.
    let moved = feed_text("twee").replace(
        "[[incidents]]\nid = \"a\"",
        "[[incidents]]\nid = \"b\"\ntime = 2015-11-17T12:00:00+01:00\ntitle = \"Tweede\"\nseverity = \"minor\"\n\n[[incidents]]\nid = \"a\"",
    );
    update(&mut model, Message::Feed(loaded(&moved)));
    assert_eq!(model.overlay, Overlay::Incident(0));
    // "b" is gone and the feed shrank: the view closes instead of pointing past the end.
    update(&mut model, Message::Feed(loaded(&feed_text("drie"))));
    assert_eq!(model.overlay, Overlay::None);
}

#[test]
fn marks_of_items_that_left_the_feed_are_dropped() {
    let mut model = model();
    update(&mut model, Message::Feed(loaded(&feed_text("een"))));
    let with_b = feed_text("twee")
        + "\n[[incidents]]\nid = \"b\"\ntime = 2015-11-17T12:00:00+01:00\ntitle = \"Nieuw\"\nseverity = \"minor\"\n";
    update(&mut model, Message::Feed(loaded(&with_b)));
    assert!(model.changes.incidents.contains_key("b"));
    update(&mut model, Message::Feed(loaded(&feed_text("twee"))));
    assert!(!model.changes.incidents.contains_key("b"), "a mark must not outlive its item");
}

#[test]
fn while_paused_a_rejected_feed_shows_and_resume_keeps_the_held_picture_as_last_good() {
    let mut model = model();
    update(&mut model, Message::Feed(loaded(&feed_text("een"))));
    update(&mut model, key('p'));
    update(&mut model, Message::Feed(loaded(&feed_text("twee"))));
    let rejected = FeedEvent::Rejected {
        problems: vec![sitrep::feed::Problem::error("broken")],
        at: chrono::Utc::now() + chrono::TimeDelta::seconds(1),
    };
    update(&mut model, Message::Feed(rejected));
    assert!(matches!(model.health, FeedHealth::Rejected { .. }), "the rejection shows while paused");
    update(&mut model, key('p'));
    assert_eq!(
        model.picture.as_ref().unwrap().feed.title.as_deref(),
        Some("twee"),
        "the held picture is the last good"
    );
    assert!(matches!(model.health, FeedHealth::Rejected { .. }), "and the later rejection still stands");
}

#[test]
fn a_fifo_is_refused_without_blocking() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("feed.toml");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status().expect("mkfifo (coreutils) runs");
    assert!(made.success());
    let result = sitrep::feed::read_file(&fifo, None, &DecodeOptions::default());
    let problems = result.expect_err("a FIFO is no feed").problems;
    assert!(problems[0].message.contains("not a regular file"), "{problems:?}");
}

#[tokio::test]
async fn a_swapped_symlink_target_is_noticed_by_the_safety_look() {
    use std::os::unix::fs::symlink;
    // The ConfigMap pattern: feed.toml -> data/feed.toml, data -> v1, swapped to v2. No
    // event names feed.toml; the periodic look at the file's identity notices.
    let dir = tempfile::tempdir().unwrap();
    for (version, title) in [("v1", "eerste"), ("v2", "tweede")] {
        fs::create_dir(dir.path().join(version)).unwrap();
        fs::write(dir.path().join(version).join("feed.toml"), feed_text(title)).unwrap();
    }
    symlink("v1", dir.path().join("data")).unwrap();
    symlink("data/feed.toml", dir.path().join("feed.toml")).unwrap();
    let path = dir.path().join("feed.toml");
    let timing = Timing { safety_interval: Duration::from_millis(200), ..Timing::default() };
    let folder = dir.path().to_path_buf();
    let mut f = start_with(dir, path, timing);
    wait_for(&mut f.rx, "first", is_title("eerste")).await;
    symlink("v2", folder.join("data.new")).unwrap();
    fs::rename(folder.join("data.new"), folder.join("data")).unwrap();
    wait_for(&mut f.rx, "the swapped target", is_title("tweede")).await;
}

#[test]
fn a_banner_gives_the_date_when_its_time_is_not_today() {
    let mut model = model();
    let now = chrono::DateTime::parse_from_rfc3339("2015-11-18T09:00:00+01:00").unwrap().to_utc();
    model.now = now;
    update(&mut model, Message::Feed(loaded(&feed_text("een"))));
    let rejected = |at| FeedEvent::Rejected { problems: vec![sitrep::feed::Problem::error("kapot")], at };
    update(&mut model, Message::Feed(rejected(now - chrono::TimeDelta::minutes(30))));
    let today = sitrep::snapshot::screen_text(&model, 120, 40);
    assert!(today.contains("sinds 08:30"), "{today}");
    let mut model = self::model();
    model.now = now;
    update(&mut model, Message::Feed(loaded(&feed_text("een"))));
    update(&mut model, Message::Feed(rejected(now - chrono::TimeDelta::hours(12))));
    let yesterday = sitrep::snapshot::screen_text(&model, 120, 40);
    assert!(yesterday.contains("sinds 17 nov 21:00"), "{yesterday}");
}

#[test]
fn the_selection_stays_on_its_item_when_a_new_picture_arrives() {
    use sitrep::app::model::TimelineRow;
    let item = |id: &str, day: u32| {
        format!(
            "\n[[incidents]]\nid = \"{id}\"\ntime = 2015-11-{day:02}T12:00:00+01:00\ntitle = \"{id}\"\nseverity = \"minor\"\n"
        )
    };
    let mut model = model();
    model.now = chrono::DateTime::parse_from_rfc3339("2015-11-18T09:00:00+01:00").unwrap().to_utc();
    update(&mut model, Message::Resize { width: 120, height: 40 });
    update(&mut model, Message::Feed(loaded(&(feed_text("een") + &item("b", 14) + &item("c", 15)))));
    // Past, newest first: c (15th), b (14th), a (13th). Select b.
    update(&mut model, key('j'));
    let selected_id = |model: &Model| match model.timeline_row(model.timeline_cursor.selected) {
        TimelineRow::Item(i) => model.picture.as_ref().unwrap().incident(i).id.to_string(),
        other => panic!("selection on {other:?}"),
    };
    assert_eq!(selected_id(&model), "b");
    // A newer incident arrives on top: the selection stays on b, one row further down.
    update(&mut model, Message::Feed(loaded(&(feed_text("twee") + &item("b", 14) + &item("c", 15) + &item("d", 16)))));
    assert_eq!(selected_id(&model), "b");
}

#[test]
fn a_review_falling_due_while_running_is_warned_about_then() {
    let with_review = feed_text("een")
        + "\n[[measures]]\nid = \"m\"\nlocation = \"Schiphol\"\ncategory = \"airport\"\ndescription = \"Toezicht\"\n\
           status = \"active\"\nreview = 2015-11-18T12:00:00+01:00\n";
    let mut model = model();
    model.now = chrono::DateTime::parse_from_rfc3339("2015-11-18T09:00:00+01:00").unwrap().to_utc();
    update(&mut model, Message::Feed(loaded(&with_review)));
    let picture = model.picture.as_ref().unwrap();
    assert!(picture.time_warnings(model.now).is_empty());
    assert!(!sitrep::snapshot::screen_text(&model, 120, 40).contains("waarschuwingen"));
    let later = chrono::DateTime::parse_from_rfc3339("2015-11-18T12:01:00+01:00").unwrap().to_utc();
    update(&mut model, Message::Tick(later));
    let warnings = model.picture.as_ref().unwrap().time_warnings(model.now);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    let screen = sitrep::snapshot::screen_text(&model, 120, 40);
    assert!(screen.contains("⚠ 1 waarschuwing (w)") && screen.contains("TE LAAT"), "{screen}");
}
