//! Several feeds, one picture: three sources (a threat level from the NCTV, measures
//! from the KMar, incidents and measures from the police), merged by the real merger and
//! taken in by the real update: a rejected source keeps its last good part, STALE is
//! judged per source, two levels that disagree are a CONFLICT, a place given two
//! statuses is flagged, ids need only be unique within a source, and `/src:` filters.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::Env;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use sitrep::app::sources::{Provides, SourceStatus};
use sitrep::app::{FeedHealth, Message, Model, update};
use sitrep::source::merge::{Merger, SourceMeta};

const AT: &str = "2015-11-18T09:10:00+01:00";

fn nctv(level: &str) -> String {
    format!("version = 1\ngenerated = 2015-11-18T09:00:00+01:00\nstale_after = \"1d\"\n[threat]\nlevel = \"{level}\"\n")
}

fn kmar(generated: &str) -> String {
    format!(
        "version = 1\ngenerated = {generated}\nstale_after = \"2h\"\n[threat]\nlevel = \"kritiek\"\n\
         [[measures]]\nid = \"m1\"\nlocation = \"Schiphol\"\ncategory = \"airport\"\ndescription = \"Grenscontrole\"\nstatus = \"intensified\"\n\
         [[measures]]\nid = \"m2\"\nlocation = \"Zuidgrens\"\ncategory = \"border\"\ndescription = \"MTV\"\nstatus = \"active\"\n"
    )
}

fn politie(extra: &str) -> String {
    format!(
        "version = 1\ngenerated = 2015-11-18T09:05:00+01:00\n[threat]\nlevel = \"substantieel\"\n\
         [[measures]]\nid = \"m1\"\nlocation = \"Schiphol\"\ncategory = \"airport\"\ndescription = \"Surveillance\"\nstatus = \"active\"\n\
         [[incidents]]\nid = \"i1\"\ntime = 2015-11-18T08:00:00+01:00\ntitle = \"Verdacht pakket Utrecht Centraal\"\nseverity = \"major\"\n{extra}"
    )
}

struct World {
    merger: Merger,
    model: Model,
}

impl World {
    /// nctv (threat, priority 10), kmar (measures and threat, priority 5), politie (all).
    fn new(env: Env) -> Self {
        let meta = vec![
            SourceMeta {
                name: "nctv".into(),
                provides: Provides { threat: true, measures: false, incidents: false },
                priority: 10,
            },
            SourceMeta {
                name: "kmar".into(),
                provides: Provides { threat: true, measures: true, incidents: false },
                priority: 5,
            },
            SourceMeta { name: "politie".into(), provides: Provides::default(), priority: 0 },
        ];
        let statuses: Vec<SourceStatus> = meta
            .iter()
            .map(|m| SourceStatus::new(m.name.clone(), format!("/srv/{}.toml", m.name), m.provides, None))
            .collect();
        let mut model = common::empty_model(AT, env, (140, 40));
        model.sources.clone_from(&statuses);
        let merger = Merger::new(meta, statuses, model.settings.language, false);
        Self { merger, model }
    }

    fn read(&mut self, source: usize, text: &str, at: &str) {
        let event = common::decode_toml(text, common::time(at));
        let update = self.merger.on_event(source, event);
        sitrep::app::update(&mut self.model, Message::Sources(update));
    }

    fn screen(&self) -> String {
        sitrep::snapshot::screen_text(&self.model, 140, 40)
    }
}

fn all_read(env: Env) -> World {
    let mut world = World::new(env);
    world.read(0, &nctv("substantieel"), AT);
    world.read(1, &kmar("2015-11-18T09:00:00+01:00"), AT);
    world.read(2, &politie(""), AT);
    world
}

#[test]
fn items_of_every_source_with_their_tags_and_ids_unique_within_a_source() {
    let world = all_read(Env::EN);
    let feed = &world.model.picture.as_ref().unwrap().feed;
    let ids: Vec<&str> = feed.measures.iter().map(|m| m.id.as_str()).collect();
    assert_eq!(ids, ["kmar:m1", "kmar:m2", "politie:m1"], "two sources may both have an m1");
    let text = world.screen();
    assert!(text.contains("kmar    ") && text.contains("politie "), "tags in the lists:\n{text}");
    assert!(text.contains("nctv ✓") && text.contains("kmar ✓") && text.contains("politie ✓"), "{text}");
}

#[test]
fn two_sources_that_disagree_about_the_level_are_a_conflict() {
    let world = all_read(Env::EN);
    let text = world.screen();
    // nctv (priority 10) says SUBSTANTIEEL, kmar (5) says KRITIEK: nctv's is shown.
    assert!(text.contains("≠ CONFLICT: nctv SUBSTANTIEEL 4/5 · kmar KRITIEK 5/5"), "{text}");
    assert!(text.contains("≠ kmar KRITIEK"), "named beside the level shown:\n{text}");
    let picture = world.model.picture.as_ref().unwrap();
    assert_eq!(picture.feed.threat.level.name, "substantieel");
    // They agree: no conflict.
    let mut world = all_read(Env::EN);
    world.read(1, &kmar("2015-11-18T09:00:00+01:00").replace("kritiek", "substantieel"), AT);
    assert!(!world.screen().contains("CONFLICT"));
}

#[test]
fn one_place_two_statuses_is_flagged() {
    let text = all_read(Env::EN).screen();
    let flagged = text.lines().filter(|l| l.contains("Schiphol") && l.contains("⚠ conflict")).count();
    assert_eq!(flagged, 2, "both Schiphol rows:\n{text}");
    assert!(!text.lines().any(|l| l.contains("Zuidgrens") && l.contains("conflict")), "{text}");
}

#[test]
fn a_rejected_source_keeps_its_last_good_part_until_it_is_fixed() {
    let mut world = all_read(Env::EN);
    world.read(
        2,
        "version = 1\ngenerated = 2015-11-18T09:06:00+01:00\n[threat]\nlvel = 4\n",
        "2015-11-18T09:06:00+01:00",
    );
    let text = world.screen();
    assert!(text.contains("politie REJECTED 09:06"), "the status line:\n{text}");
    assert!(text.contains("✖ politie FEED REJECTED since 09:06"), "the banner:\n{text}");
    assert!(text.contains("Verdacht pakket Utrecht Centraal"), "its last good part stays:\n{text}");
    assert!(matches!(world.model.health, FeedHealth::Rejected { .. }));
    world.read(2, &politie(""), "2015-11-18T09:08:00+01:00");
    let text = world.screen();
    assert!(!text.contains("REJECTED") && text.contains("politie ✓"), "{text}");
    assert_eq!(world.model.health, FeedHealth::Good);
}

#[test]
fn staleness_is_judged_per_source() {
    // kmar's own limit is 2h; its picture is 3h old. nctv's is 1d.
    let mut world = World::new(Env::EN);
    world.read(0, &nctv("substantieel"), AT);
    world.read(1, &kmar("2015-11-18T06:10:00+01:00"), AT);
    world.read(2, &politie(""), AT);
    let text = world.screen();
    assert!(text.contains("kmar STALE 3h"), "the status line:\n{text}");
    assert!(text.contains("⚠ STALE: kmar no new picture for 3h 0m (limit 2h)"), "the banner:\n{text}");
    assert!(text.contains("nctv ✓") && text.contains("politie ✓"), "{text}");
    let stale: Vec<usize> = world.model.stale_sources().into_iter().map(|(i, _)| i).collect();
    assert_eq!(stale, [1]);
}

#[test]
fn the_filter_takes_a_source() {
    let mut world = all_read(Env::EN);
    let key = |c| Message::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    update(&mut world.model, key('/'));
    for c in "src:kmar".chars() {
        update(&mut world.model, key(c));
    }
    assert_eq!(world.model.lists.measure_count(), 2);
    assert!(world.model.lists.incidents.is_empty(), "kmar gives no incidents");
    // A prefix is enough, and words still narrow.
    world.model.filter.text = "src:pol schiphol".into();
    world.model.refresh_lists();
    assert_eq!(world.model.lists.measure_count(), 1);
}

#[test]
fn the_problems_popup_lists_each_source() {
    let mut world = all_read(Env::NL);
    world.read(1, "version = 1\ngenerated = 2015-11-18T09:06:00+01:00\n", "2015-11-18T09:06:00+01:00");
    update(&mut world.model, Message::Key(KeyEvent::new(KeyCode::Char('w'), KeyModifiers::NONE)));
    let text = world.screen();
    assert!(text.contains("── nctv · /srv/nctv.toml") && text.contains("── kmar · /srv/kmar.toml"), "{text}");
    assert!(text.contains("/srv/kmar.toml:1:1: fout: ontbrekend veld `threat`"), "{text}");
}

#[test]
fn one_merge_for_a_burst_and_none_for_the_same_version() {
    let mut world = all_read(Env::EN);
    let same = world.merger.on_event(2, common::decode_toml(&politie(""), common::time(AT)));
    assert!(same.picture.is_none(), "the same version read again makes no picture");
    let burst = vec![
        (0, Message::Feed(common::decode_toml(&nctv("kritiek"), common::time(AT)))),
        (2, Message::Feed(common::decode_toml(&politie(""), common::time(AT)))),
    ];
    let update = world.merger.on_messages(burst);
    assert!(update.picture.is_some());
    assert_eq!(update.picture.unwrap().picture.feed.threat.level.name, "kritiek");
}

#[test]
fn several_feeds_on_the_command_line_are_named_after_their_stems() {
    let dir = tempfile::tempdir().unwrap();
    let mut args = sitrep::cli::RunArgs { config: Some("config/default.toml".into()), ..Default::default() };
    for name in ["nctv.toml", "kmar.json", "sub/kmar.toml"] {
        args.feed.push(sitrep::source::location::FeedLocation::File(dir.path().join(name)));
    }
    let env = |k: &str| (k == "TZ").then(|| "Europe/Amsterdam".to_owned());
    let startup = sitrep::startup::Startup::resolve(&args, env, common::wall_now()).unwrap();
    let names: Vec<&str> = startup.sources.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["nctv", "kmar", "kmar-2"]);
}

#[test]
fn sources_from_the_config_and_their_errors() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    let write = |text: &str| std::fs::write(&config, text).unwrap();
    write(
        "[[sources]]\nname = \"nctv\"\npath = \"nctv.toml\"\nprovides = [\"threat\"]\npriority = 10\n\
         [[sources]]\nname = \"kmar\"\npath = \"nats://127.0.0.1:4222/sitrep/kmar\"\nstale_after = \"2h\"\n",
    );
    let loaded = sitrep::config::Config::load(Some(&config), |_| None).unwrap();
    assert_eq!(loaded.sources.len(), 2);
    assert_eq!(loaded.sources[0].location, sitrep::source::location::FeedLocation::File(dir.path().join("nctv.toml")));
    assert!(!loaded.sources[0].provides.measures && loaded.sources[1].provides.measures);
    for (text, message) in [
        ("[[sources]]\nname = \"a b\"\npath = \"x.toml\"\n", "must be 1 to 24 letters"),
        (
            "[[sources]]\nname = \"a\"\npath = \"x.toml\"\n[[sources]]\nname = \"A\"\npath = \"y.toml\"\n",
            "two sources are named",
        ),
        ("[[sources]]\nname = \"a\"\npath = \"x.toml\"\nprovides = [\"weather\"]\n", "unknown variant `weather`"),
        ("feed = \"f.toml\"\n[[sources]]\nname = \"a\"\npath = \"x.toml\"\n", "either `feed` or `[[sources]]`"),
    ] {
        write(text);
        let err = sitrep::config::Config::load(Some(&config), |_| None).unwrap_err();
        assert!(err.to_string().contains(message), "{text}: {err}");
    }
}

#[test]
fn the_real_binary_merges_three_files() {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in [
        ("nctv.toml", nctv("substantieel")),
        ("kmar.toml", kmar("2015-11-18T09:00:00+01:00")),
        ("politie.toml", politie("")),
    ] {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_sitrep"))
        .args(["--config", "config/default.toml", "--at", AT])
        .args(
            ["nctv.toml", "kmar.toml", "politie.toml"]
                .iter()
                .flat_map(|f| ["--feed".to_owned(), dir.path().join(f).display().to_string()]),
        )
        .args(["snapshot", "--format", "json"])
        .env_clear()
        .env("TZ", "Europe/Amsterdam")
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let names: Vec<&str> = report["sources"].as_array().unwrap().iter().map(|s| s["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["nctv", "kmar", "politie"]);
    assert_eq!(report["feed"]["measures"].as_array().unwrap().len(), 3, "every source's measures");
    assert_eq!(report["feed"]["threat"]["level"]["name"], "substantieel", "the first of equal priorities");
}

/// The journal is handed each read's decoded version, shared with the merger's copy,
/// so a large feed is not decoded twice; a public screen's copy is stripped, so there
/// the journal gets the bytes alone and decodes what was written.
#[test]
fn a_read_carries_its_decoded_version_unless_the_screen_is_public() {
    for public in [false, true] {
        let meta = vec![SourceMeta { name: "kmar".into(), provides: Provides::default(), priority: 0 }];
        let statuses = vec![SourceStatus::new("kmar".into(), "/srv/kmar.toml".into(), Provides::default(), None)];
        let mut merger = Merger::new(meta, statuses, sitrep::config::Language::En, public);
        let text = kmar("2015-11-18T09:00:00+01:00");
        let update = merger.on_event(0, common::decode_toml(&text, common::time(AT)));
        let [(0, sitrep::app::sources::Read::Loaded { feed, raw, .. })] = update.reads.as_slice() else {
            panic!("one good read: {:?}", update.reads);
        };
        assert_eq!(&*raw.bytes, text.as_bytes());
        match feed {
            Some(feed) => {
                assert!(!public, "a public screen's stripped copy must not be recorded");
                assert_eq!(feed.measures.len(), 2);
            }
            None => assert!(public, "the decoded version is shared"),
        }
    }
}
