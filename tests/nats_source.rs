//! The NATS source and `sitrep publish` against real `nats-server`s (JetStream on
//! loopback, killed and restarted for the faults). Run with
//! `cargo test --features nats-tests` (see the README).
#![cfg(feature = "nats-tests")]
#![allow(clippy::unwrap_used, clippy::expect_used)] // helpers outside #[test] fns

mod nats_server;

use std::time::Duration;

use async_nats::jetstream::kv;
use nats_server::NatsServer;
use sitrep::app::model::{FeedHealth, FeedOrigin, Model, Settings};
use sitrep::app::{Message, update};
use sitrep::clock::Clock;
use sitrep::feed::DecodeOptions;
use sitrep::publish::{Outcome, Publisher, Version};
use sitrep::source::ReadOptions;
use sitrep::source::nats::{NatsAddress, NatsSettings, NatsSource};
use sitrep::source::watch::{Request, SourceMode};
use tokio::sync::mpsc;

const WAIT: Duration = Duration::from_secs(20);

/// The demo feed with its own title and `generated` time.
fn feed(title: &str, generated: &str) -> String {
    sitrep::feed::DEMO_FEED
        .replacen("title = \"Aanslagen Parijs, 13 november 2015\"", &format!("title = \"{title}\""), 1)
        .replacen("generated = 2015-11-17T18:00:00+01:00", &format!("generated = {generated}"), 1)
}

fn version(title: &str, generated: &str) -> Version {
    let text = feed(title, generated);
    let accepted = sitrep::feed::decode(text.as_bytes(), sitrep::feed::Format::Toml, &DecodeOptions::default())
        .expect("a valid test feed");
    Version { bytes: text.into(), generated: accepted.feed.generated.0.to_utc() }
}

fn source(url: &str, settings: NatsSettings) -> NatsSource {
    NatsSource { address: NatsAddress::parse(url).unwrap(), settings }
}

async fn publisher(server: &NatsServer, key: &str) -> Publisher {
    Publisher::connect(&source(&server.url("sitrep", key), NatsSettings::default()), true, DecodeOptions::default())
        .await
        .unwrap()
}

/// A dashboard model fed by the NATS follower, as the runtime runs it.
struct Dashboard {
    model: Model,
    rx: mpsc::Receiver<Message>,
    requests: mpsc::Sender<Request>,
}

impl Dashboard {
    fn start(source: NatsSource) -> Self {
        let (tx, rx) = mpsc::channel(256);
        let (requests, request_rx) = mpsc::channel(4);
        let options = ReadOptions { decode: DecodeOptions::default(), format: None };
        tokio::spawn(sitrep::source::nats::follow(source.clone(), options, Clock::Wall, tx, request_rx));
        let model = Model::new(Settings::default(), FeedOrigin::Nats(Box::new(source)), chrono::Utc::now(), false);
        Self { model, rx, requests }
    }

    /// Delivers messages until `done` holds; fails with the screen after `timeout`.
    async fn until(&mut self, what: &str, timeout: Duration, done: impl Fn(&Model) -> bool) {
        let deadline = tokio::time::Instant::now() + timeout;
        while !done(&self.model) {
            match tokio::time::timeout_at(deadline, self.rx.recv()).await {
                Ok(Some(message)) => {
                    update(&mut self.model, message);
                }
                Ok(None) => panic!("the follower stopped while waiting for {what}"),
                Err(_) => panic!("no {what} within {timeout:?}; the screen:\n{}", self.screen()),
            }
        }
    }

    fn title(&self) -> Option<&str> {
        self.model.picture.as_ref().and_then(|p| p.feed.title.as_ref()).map(|t| t.as_str())
    }

    fn screen(&self) -> String {
        sitrep::snapshot::screen_text(&self.model, 250, 30)
    }
}

fn shows(title: &'static str) -> impl Fn(&Model) -> bool {
    move |m| m.picture.as_ref().and_then(|p| p.feed.title.as_ref()).is_some_and(|t| t.as_str() == title)
}

fn unreachable(m: &Model) -> bool {
    matches!(m.source_mode, SourceMode::Unreachable { .. })
}

fn live(m: &Model) -> bool {
    m.source_mode == SourceMode::Watching
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_latest_value_then_every_update_reaches_the_model() {
    let server = NatsServer::start("single", "");
    let mut publisher = publisher(&server, "nl").await;
    assert!(matches!(publisher.publish(&version("v1", "2026-01-01T10:00:00Z"), false).await, Outcome::Published(_)));
    assert!(matches!(publisher.publish(&version("v2", "2026-01-01T10:01:00Z"), false).await, Outcome::Published(_)));
    let mut dashboard = Dashboard::start(source(&server.url("sitrep", "nl"), NatsSettings::default()));
    // The latest value, not the history.
    dashboard.until("the latest value", WAIT, |m| m.picture.is_some()).await;
    assert_eq!(dashboard.title(), Some("v2"));
    dashboard.until("a live watch", WAIT, live).await;
    for n in 3..6 {
        let title: &'static str = Box::leak(format!("v{n}").into_boxed_str());
        let outcome = publisher.publish(&version(title, &format!("2026-01-01T10:0{n}:00Z")), false).await;
        assert!(matches!(outcome, Outcome::Published(_)), "{outcome:?}");
        dashboard.until(title, WAIT, shows(title)).await;
    }
    assert_eq!(dashboard.model.health, FeedHealth::Good);
    let screen = dashboard.screen();
    assert!(screen.contains(&format!("feed: nats://127.0.0.1:{}/sitrep/nl (live)", server.port)), "{screen}");
    // `r` reads the latest value again.
    dashboard.requests.send(Request::Reload).await.unwrap();
    dashboard.until("the value read again", WAIT, shows("v5")).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_value_that_fails_validation_is_rejected_and_the_last_picture_stays() {
    let server = NatsServer::start("rejecting", "");
    let mut publisher = publisher(&server, "nl").await;
    publisher.publish(&version("good", "2026-01-01T10:00:00Z"), false).await;
    let mut dashboard = Dashboard::start(source(&server.url("sitrep", "nl"), NatsSettings::default()));
    dashboard.until("the good picture", WAIT, shows("good")).await;
    // Another writer (not sitrep publish, which refuses it) puts a broken feed.
    let client = async_nats::connect(server.server_url()).await.unwrap();
    let store = async_nats::jetstream::new(client).get_key_value("sitrep").await.unwrap();
    let broken = feed("broken", "2026-01-01T10:05:00Z").replacen("level = ", "lvel = ", 1);
    store.put("nl", broken.into()).await.unwrap();
    dashboard.until("REJECTED", WAIT, |m| matches!(m.health, FeedHealth::Rejected { .. })).await;
    assert_eq!(dashboard.title(), Some("good"), "the last good picture stays");
    let screen = dashboard.screen();
    assert!(screen.contains("FEED REJECTED"), "{screen}");
    assert!(screen.contains(&format!("nats://127.0.0.1:{}/sitrep/nl:", server.port)), "{screen}");
    assert!(screen.contains("unknown field `lvel`"), "{screen}");
    // JSON is told by its first character.
    let mut document: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string("tests/feeds/valid/full.json").unwrap()).unwrap();
    document["title"] = "as json".into();
    store.put("nl", serde_json::to_vec_pretty(&document).unwrap().into()).await.unwrap();
    dashboard.until("the JSON picture", WAIT, shows("as json")).await;
    assert_eq!(dashboard.model.health, FeedHealth::Good);
    // A deleted value is a missing feed; the picture stays.
    store.delete("nl").await.unwrap();
    dashboard.until("MISSING", WAIT, |m| matches!(m.health, FeedHealth::Missing { .. })).await;
    assert_eq!(dashboard.title(), Some("as json"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_killed_server_leaves_the_picture_and_says_unreachable_then_catches_up() {
    let mut server = NatsServer::start("killed", "");
    let mut publisher = publisher(&server, "nl").await;
    publisher.publish(&version("before", "2026-01-01T10:00:00Z"), false).await;
    let mut dashboard = Dashboard::start(source(&server.url("sitrep", "nl"), NatsSettings::default()));
    dashboard.until("the picture", WAIT, shows("before")).await;
    dashboard.until("a live watch", WAIT, live).await;
    server.kill();
    dashboard.until("SOURCE UNREACHABLE", WAIT, unreachable).await;
    assert_eq!(dashboard.title(), Some("before"));
    let screen = dashboard.screen();
    assert!(screen.contains("SOURCE UNREACHABLE since"), "{screen}");
    assert!(screen.contains("showing the last good picture of"), "{screen}");
    server.restart();
    // A value written right after the restart, before sitrep is back, is caught up.
    let mut publisher = publisher_after_restart(&server).await;
    let outcome = publisher.publish(&version("after", "2026-01-01T10:10:00Z"), false).await;
    assert!(matches!(outcome, Outcome::Published(_)), "{outcome:?}");
    dashboard.until("the value written during the outage", WAIT, shows("after")).await;
    dashboard.until("a live watch again", WAIT, live).await;
    assert!(!dashboard.screen().contains("UNREACHABLE"));
}

/// A publisher, retrying while the restarted server gets JetStream going.
async fn publisher_after_restart(server: &NatsServer) -> Publisher {
    let source = source(&server.url("sitrep", "nl"), NatsSettings::default());
    for _ in 0..100 {
        if let Ok(p) = Publisher::connect(&source, false, DecodeOptions::default()).await {
            return p;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("no publisher after the restart:\n{}", server.log());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_down_at_start_is_waited_for() {
    let port = nats_server::free_port();
    let url = format!("nats://127.0.0.1:{port}/sitrep/nl");
    let mut dashboard = Dashboard::start(source(&url, NatsSettings::default()));
    dashboard
        .until(
            "WAITING FOR",
            WAIT,
            |m| matches!(&m.source_mode, SourceMode::Connecting { reason, .. } if reason.contains("refused")),
        )
        .await;
    let screen = dashboard.screen();
    assert!(screen.contains(&format!("WAITING FOR {url} since")), "{screen}");
    // The server comes, on that port, with the bucket and a value.
    let server = NatsServer::start_on(port);
    let mut publisher = publisher(&server, "nl").await;
    publisher.publish(&version("finally", "2026-01-01T10:00:00Z"), false).await;
    dashboard.until("the picture", WAIT, shows("finally")).await;
    dashboard.until("a live watch", WAIT, live).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_missing_bucket_is_said_and_a_new_one_is_found() {
    let server = NatsServer::start("nobucket", "");
    let mut dashboard = Dashboard::start(source(&server.url("sitrep", "nl"), NatsSettings::default()));
    dashboard
        .until(
            "no bucket",
            WAIT,
            |m| matches!(&m.health, FeedHealth::Missing { reason, .. } if reason.contains("has no bucket `sitrep`")),
        )
        .await;
    assert!(dashboard.screen().contains("FEED MISSING"), "{}", dashboard.screen());
    // The reader never created it.
    let client = async_nats::connect(server.server_url()).await.unwrap();
    assert!(async_nats::jetstream::new(client.clone()).get_key_value("sitrep").await.is_err());
    let mut publisher = publisher(&server, "nl").await; // --create-bucket
    dashboard
        .until(
            "no value yet",
            WAIT,
            |m| matches!(&m.health, FeedHealth::Missing { reason, .. } if reason.contains("no value under the key")),
        )
        .await;
    publisher.publish(&version("first", "2026-01-01T10:00:00Z"), false).await;
    dashboard.until("the first picture", WAIT, shows("first")).await;
}

/// The permissions docs/scale-out.md gives a read-only wallboard: it can follow the key
/// and cannot write it, nor create or change the bucket.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_read_only_user_follows_and_cannot_write() {
    let accounts = r#"
accounts {
  SITREP {
    jetstream: enabled
    users: [
      { user: hub, password: hub-secret }
      { user: wallboard, password: wallboard-secret,
        permissions: {
          publish: { allow: [
            "$JS.API.STREAM.INFO.KV_sitrep",
            "$JS.API.CONSUMER.CREATE.KV_sitrep",
            "$JS.API.CONSUMER.CREATE.KV_sitrep.>",
            "$JS.API.CONSUMER.DELETE.KV_sitrep.>",
            "$JS.API.DIRECT.GET.KV_sitrep.>",
            "$JS.API.STREAM.MSG.GET.KV_sitrep",
            "$JS.FC.KV_sitrep.>"
          ] }
          subscribe: { allow: ["_INBOX.>"] }
        }
      }
    ]
  }
}
"#;
    let server = NatsServer::start("perms", accounts);
    let settings = |user: &str, password: &str| NatsSettings {
        user: Some(user.into()),
        password: Some(password.into()),
        ..NatsSettings::default()
    };
    let url = server.url("sitrep", "nl");
    // The wallboard cannot create the bucket.
    let refused =
        Publisher::connect(&source(&url, settings("wallboard", "wallboard-secret")), true, DecodeOptions::default())
            .await;
    assert!(refused.is_err());
    let mut hub =
        Publisher::connect(&source(&url, settings("hub", "hub-secret")), true, DecodeOptions::default()).await.unwrap();
    hub.publish(&version("from the hub", "2026-01-01T10:00:00Z"), false).await;
    let mut dashboard = Dashboard::start(source(&url, settings("wallboard", "wallboard-secret")));
    dashboard.until("the hub's picture", WAIT, shows("from the hub")).await;
    hub.publish(&version("update", "2026-01-01T10:01:00Z"), false).await;
    dashboard.until("the update", WAIT, shows("update")).await;
    // The wallboard's own write is refused by the server.
    let mut wallboard =
        Publisher::connect(&source(&url, settings("wallboard", "wallboard-secret")), false, DecodeOptions::default())
            .await
            .unwrap();
    let outcome = wallboard.publish(&version("forged", "2026-01-01T11:00:00Z"), false).await;
    assert!(matches!(outcome, Outcome::Failed(_)), "{outcome:?}");
    // A wrong password is a source state, not a crash.
    let mut wrong = Dashboard::start(source(&url, settings("wallboard", "nope")));
    wrong
        .until(
            "refusal",
            WAIT,
            |m| matches!(&m.source_mode, SourceMode::Connecting { reason, .. } if reason.contains("authorization")),
        )
        .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn publish_never_overwrites_a_newer_value() {
    let server = NatsServer::start("cas", "");
    let mut a = publisher(&server, "nl").await;
    let mut b = publisher(&server, "nl").await;
    let Outcome::Published(first) = a.publish(&version("a1", "2026-01-01T10:00:00Z"), false).await else { panic!() };
    // The same feed again changes nothing.
    assert_eq!(a.publish(&version("a1", "2026-01-01T10:00:00Z"), false).await, Outcome::Unchanged(first));
    // B writes a newer feed behind A's back.
    assert!(matches!(b.publish(&version("b1", "2026-01-01T10:05:00Z"), false).await, Outcome::Published(_)));
    // A's next write names the revision it last wrote: the compare-and-set fails.
    let outcome = a.publish(&version("a2", "2026-01-01T10:03:00Z"), false).await;
    let Outcome::Conflict(reason) = outcome else { panic!("{outcome:?}") };
    assert!(reason.contains("another publisher wrote the key first"), "{reason}");
    // Following, A reads again: its feed is older than B's, so it is not written.
    let outcome = a.publish(&version("a2", "2026-01-01T10:03:00Z"), true).await;
    let Outcome::Conflict(reason) = outcome else { panic!("{outcome:?}") };
    assert!(reason.contains("holds a newer feed"), "{reason}");
    // A newer feed of A's is written.
    assert!(matches!(a.publish(&version("a3", "2026-01-01T10:09:00Z"), true).await, Outcome::Published(_)));
    // And the command line says so and exits 1 for an older feed.
    let folder = tempfile::tempdir().unwrap();
    let older = folder.path().join("older.toml");
    std::fs::write(&older, feed("old", "2026-01-01T09:00:00Z")).unwrap();
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_sitrep"))
        .args(["--config", "config/default.toml", "publish"])
        .arg(&older)
        .args(["--to", &server.url("sitrep", "nl")])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert_eq!(run.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("conflict:") && stdout.contains("holds a newer feed"), "{stdout}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_feed_over_max_payload_is_refused_with_the_way_to_raise_it() {
    let server = NatsServer::start("small", "max_payload: 32KB");
    let mut publisher = publisher(&server, "nl").await;
    assert_eq!(publisher.max_payload(), 32 * 1024);
    let mut big = feed("big", "2026-01-01T10:00:00Z");
    big.push_str(&format!("# {}\n", "x".repeat(40 * 1024)));
    let accepted = sitrep::feed::decode(big.as_bytes(), sitrep::feed::Format::Toml, &DecodeOptions::default()).unwrap();
    let version = Version { bytes: big.clone().into(), generated: accepted.feed.generated.0.to_utc() };
    let Outcome::TooLarge(reason) = publisher.publish(&version, false).await else { panic!() };
    assert!(reason.contains("max_payload") && reason.contains("8MB"), "{reason}");
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("big.toml");
    std::fs::write(&path, &big).unwrap();
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_sitrep"))
        .args(["--config", "config/default.toml", "publish"])
        .arg(&path)
        .args(["--to", &server.url("sitrep", "nl")])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert_eq!(run.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("refused:") && stdout.contains("max_payload"), "{stdout}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn publish_follow_publishes_each_valid_version_only() {
    let server = NatsServer::start("follow", "");
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("feed.toml");
    std::fs::write(&path, feed("f1", "2026-01-01T10:00:00Z")).unwrap();
    let log = folder.path().join("publish.log");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_sitrep"))
        .args(["--config", "config/default.toml", "publish", "--follow", "--create-bucket"])
        .arg(&path)
        .args(["--to", &server.url("sitrep", "nl")])
        .stdout(std::fs::File::create(&log).unwrap())
        .spawn()
        .unwrap();
    let mut dashboard = Dashboard::start(source(&server.url("sitrep", "nl"), NatsSettings::default()));
    dashboard.until("f1", WAIT, shows("f1")).await;
    let replace = |text: String| {
        let tmp = folder.path().join(".feed.toml.tmp");
        std::fs::write(&tmp, text).unwrap();
        std::fs::rename(&tmp, &path).unwrap();
    };
    replace(feed("f2", "2026-01-01T10:01:00Z"));
    dashboard.until("f2", WAIT, shows("f2")).await;
    replace(feed("broken", "2026-01-01T10:02:00Z").replacen("level = ", "lvel = ", 1));
    let deadline = std::time::Instant::now() + WAIT;
    while !std::fs::read_to_string(&log).unwrap().contains("not published") {
        assert!(std::time::Instant::now() < deadline, "{}", std::fs::read_to_string(&log).unwrap());
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    replace(feed("f3", "2026-01-01T10:03:00Z"));
    dashboard.until("f3", WAIT, shows("f3")).await;
    // The broken version never reached the key.
    let client = async_nats::connect(server.server_url()).await.unwrap();
    let store = async_nats::jetstream::new(client).get_key_value("sitrep").await.unwrap();
    let revisions = sitrep::source::nats::history::revisions(&store, "nl").await.unwrap();
    assert_eq!(revisions.len(), 3);
    let _ = child.kill();
    let _ = child.wait();
    let printed = std::fs::read_to_string(&log).unwrap();
    assert!(printed.contains("unknown field `lvel`"), "{printed}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_key_keeps_its_last_64_revisions_for_time_travel() {
    let server = NatsServer::start("history", "");
    let mut publisher = publisher(&server, "nl").await;
    for n in 0..70 {
        let generated = format!("2026-01-01T{:02}:{:02}:00Z", 10 + n / 60, n % 60);
        let outcome = publisher.publish(&version(&format!("r{n}"), &generated), false).await;
        assert!(matches!(outcome, Outcome::Published(_)), "{outcome:?}");
    }
    let client = async_nats::connect(server.server_url()).await.unwrap();
    let store: kv::Store = async_nats::jetstream::new(client).get_key_value("sitrep").await.unwrap();
    let revisions = sitrep::source::nats::history::revisions(&store, "nl").await.unwrap();
    assert_eq!(revisions.len(), 64);
    assert!(revisions.windows(2).all(|w| w[0].revision < w[1].revision && w[0].stored <= w[1].stored));
    let oldest = &revisions[0];
    let options = ReadOptions { decode: DecodeOptions::default(), format: None };
    let Some(sitrep::app::FeedEvent::Loaded { feed, .. }) = oldest.decode(&options, chrono::Utc::now()) else {
        panic!()
    };
    assert_eq!(feed.title.as_ref().map(|t| t.as_str()), Some("r6"));
    let read =
        sitrep::source::nats::history::read_revision(&store, "nl", revisions[10].revision).await.unwrap().unwrap();
    assert_eq!(read, revisions[10]);
}

/// Two sites: a hub with JetStream, and a leaf node at the site whose clients use the
/// hub's JetStream through the leaf link. sitrep at the site connects to the leaf.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_sites_an_update_crosses_the_leaf_link_and_a_cut_is_said() {
    let leaf_port = nats_server::free_port();
    let mut hub =
        NatsServer::start_with("hub", Some("domain: hub"), &format!("leafnodes {{ listen: 127.0.0.1:{leaf_port} }}"));
    let site = NatsServer::start_with(
        "site",
        None,
        &format!("leafnodes {{ remotes: [ {{ url: \"nats-leaf://127.0.0.1:{leaf_port}\" }} ], reconnect: 1 }}"),
    );
    let mut at_hub = publisher(&hub, "nl").await;
    at_hub.publish(&version("hub 1", "2026-01-01T10:00:00Z"), false).await;
    // The bucket lives in the hub's JetStream domain.
    let at_site = NatsSettings { domain: Some("hub".into()), ..NatsSettings::default() };
    let mut dashboard = Dashboard::start(source(&site.url("sitrep", "nl"), at_site));
    dashboard.until("the hub's picture at the site", WAIT, shows("hub 1")).await;
    dashboard.until("a live watch", WAIT, live).await;
    let started = std::time::Instant::now();
    at_hub.publish(&version("hub 2", "2026-01-01T10:01:00Z"), false).await;
    dashboard.until("the update at the site", WAIT, shows("hub 2")).await;
    eprintln!("hub → site: {:?}", started.elapsed());
    // Cut: the hub goes away; the site's server stays, so only the silence tells.
    hub.kill();
    dashboard.until("SOURCE UNREACHABLE at the site", Duration::from_secs(40), unreachable).await;
    assert_eq!(dashboard.title(), Some("hub 2"));
    assert!(dashboard.screen().contains("SOURCE UNREACHABLE"), "{}", dashboard.screen());
    // Restore: the hub returns (same port, same store), the leaf link comes back.
    hub.restart();
    let mut at_hub = publisher_after_restart_on(&hub).await;
    at_hub.publish(&version("hub 3", "2026-01-01T10:05:00Z"), false).await;
    dashboard.until("the catch-up at the site", Duration::from_secs(40), shows("hub 3")).await;
    dashboard.until("a live watch again", WAIT, live).await;
}

async fn publisher_after_restart_on(server: &NatsServer) -> Publisher {
    publisher_after_restart(server).await
}

/// A NATS source beside a file source, run as the dashboard runs them (the real
/// followers and the merger): one picture of both, each source's health its own, and a
/// dead server leaves the file's part and the NATS part on screen.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_nats_source_among_files_keeps_its_own_health() {
    let mut server = NatsServer::start("among", "");
    let mut publisher = publisher(&server, "nl").await;
    publisher.publish(&version("from nats", "2026-01-01T10:00:00Z"), false).await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("kmar.toml");
    std::fs::write(
        &file,
        "version = 1\ngenerated = 2026-01-01T10:00:00Z\n[threat]\nlevel = \"substantieel\"\n\
         [[measures]]\nid = \"m1\"\nlocation = \"Grenspost Hazeldonk\"\ncategory = \"border\"\n\
         description = \"Mobiel Toezicht\"\nstatus = \"intensified\"\n",
    )
    .unwrap();
    let mut args = sitrep::cli::RunArgs { config: Some("config/default.toml".into()), ..Default::default() };
    args.feed.push(
        sitrep::source::location::FeedLocation::parse(std::ffi::OsStr::new(&server.url("sitrep", "nl"))).unwrap(),
    );
    args.feed.push(sitrep::source::location::FeedLocation::File(file));
    let startup = sitrep::startup::Startup::resolve(&args, |_| None, chrono::Utc::now()).unwrap();
    let names: Vec<&str> = startup.sources.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["nl", "kmar"]);
    let (tx, rx) = mpsc::channel(256);
    let _requests = sitrep::source::run::spawn(&startup.sources, &startup.read, Clock::Wall, &startup.settings, tx);
    let (requests, _) = mpsc::channel(1);
    let mut dashboard = Dashboard { model: startup.model(chrono::Utc::now(), (200, 40)), rx, requests };
    let both_good = |m: &Model| {
        m.sources.len() == 2
            && m.sources.iter().all(|s| s.health == FeedHealth::Good)
            && m.sources[0].mode == SourceMode::Watching
    };
    dashboard.until("both sources good and the key watched", WAIT, both_good).await;
    let screen = dashboard.screen();
    assert!(screen.contains("Hazeldonk"), "the file's measure:\n{screen}");
    assert!(screen.contains("Luchthavens"), "the NATS feed's measures:\n{screen}");
    server.kill();
    dashboard
        .until("the NATS source unreachable", WAIT, |m| matches!(m.sources[0].mode, SourceMode::Unreachable { .. }))
        .await;
    assert_eq!(dashboard.model.sources[1].health, FeedHealth::Good, "the file source is not touched");
    let screen = dashboard.screen();
    assert!(screen.contains("Hazeldonk") && screen.contains("Luchthavens"), "both parts stay:\n{screen}");
    assert!(screen.contains("UNREACHABLE"), "{screen}");
}
