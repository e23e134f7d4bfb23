//! The verdicts, from facts made up here.

use std::path::PathBuf;

use super::*;
use crate::doctor::facts::InotifyUse;
use crate::doctor::finding::Verdict;
use crate::source::filesystem::Mount;

fn path(p: &str, kind: PathKind, mode: u32) -> PathFacts {
    let exists = !matches!(kind, PathKind::Missing | PathKind::Unknown(_));
    PathFacts {
        path: PathBuf::from(p),
        kind,
        mode,
        readable: exists,
        writable: exists,
        searchable: exists,
        read_error: None,
    }
}

fn ext4() -> Option<Mount> {
    Some(Mount { point: "/".into(), fstype: "ext4".into(), source: "/dev/sda1".into() })
}

fn feed(folder: PathFacts, file: PathFacts) -> FileFacts {
    FileFacts {
        name: "feed".into(),
        path: PathBuf::from("/srv/feeds/feed.toml"),
        folder,
        file,
        mount: ext4(),
        read: Some(ReadFacts::Loaded { level: "4 SUBSTANTIAL".into(), measures: 3, incidents: 2, warnings: vec![] }),
    }
}

fn good_feed() -> FileFacts {
    feed(path("/srv/feeds", PathKind::Folder, 0o40755), path("/srv/feeds/feed.toml", PathKind::File, 0o100644))
}

fn verdicts(findings: &[Finding]) -> Vec<(Verdict, &str)> {
    findings.iter().map(|f| (f.verdict, f.topic.as_str())).collect()
}

#[test]
fn a_good_feed_is_three_oks() {
    let findings = feed_file(&good_feed(), false);
    assert_eq!(verdicts(&findings), [(Verdict::Ok, "folder"), (Verdict::Ok, "filesystem"), (Verdict::Ok, "feed")]);
    assert!(findings[2].text.contains("loads: level 4 SUBSTANTIAL, 3 measures, 2 incidents"), "{:?}", findings[2]);
    assert!(findings[1].text.contains("ext4: watched with inotify"));
}

#[test]
fn a_missing_folder_fails_and_says_to_make_it() {
    let facts = feed(path("/srv/feeds", PathKind::Missing, 0), path("/srv/feeds/feed.toml", PathKind::Missing, 0));
    let findings = feed_file(&facts, false);
    assert_eq!(verdicts(&findings), [(Verdict::Fail, "feed")]);
    assert!(findings[0].text.contains("its folder /srv/feeds does not exist"), "{:?}", findings[0]);
    assert!(findings[0].fix.as_deref().unwrap().contains("mkdir -p /srv/feeds"));
}

#[test]
fn a_missing_file_in_a_good_folder_is_a_warning() {
    let facts = feed(path("/srv/feeds", PathKind::Folder, 0o40755), path("/srv/feeds/feed.toml", PathKind::Missing, 0));
    let findings = feed_file(&facts, false);
    assert_eq!(findings.last().unwrap().verdict, Verdict::Warn);
    assert!(findings.last().unwrap().text.contains("does not exist yet"));
}

#[test]
fn unreadable_and_wrong_kinds_fail() {
    let mut unreadable = path("/srv/feeds/feed.toml", PathKind::File, 0o100600);
    unreadable.readable = false;
    unreadable.read_error = Some("Permission denied (os error 13)".into());
    let findings = feed_file(&feed(path("/srv/feeds", PathKind::Folder, 0o40755), unreadable), false);
    let last = findings.last().unwrap();
    assert_eq!(last.verdict, Verdict::Fail);
    assert!(last.text.contains("cannot be read by this user: Permission denied (os error 13) (mode 0600)"), "{last:?}");
    assert!(last.fix.as_deref().unwrap().contains("chmod o+r /srv/feeds/feed.toml"));

    let folder_as_file =
        feed(path("/srv/feeds", PathKind::Folder, 0o40755), path("/srv/feeds/feed.toml", PathKind::Folder, 0o40755));
    assert!(feed_file(&folder_as_file, false).last().unwrap().text.contains("is a folder, not a feed file"));

    let file_as_folder = feed(
        path("/srv/feeds", PathKind::File, 0o100644),
        path("/srv/feeds/feed.toml", PathKind::Unknown("Not a directory".into()), 0),
    );
    let findings = feed_file(&file_as_folder, false);
    assert_eq!(verdicts(&findings), [(Verdict::Fail, "folder")]);

    let mut closed = path("/srv/feeds", PathKind::Folder, 0o40700);
    closed.searchable = false;
    closed.readable = false;
    let findings =
        feed_file(&feed(closed, path("/srv/feeds/feed.toml", PathKind::Unknown("Permission denied".into()), 0)), true);
    assert_eq!(verdicts(&findings), [(Verdict::Fail, "folder feed")]);
    assert!(findings[0].fix.as_deref().unwrap().contains("chmod o+x /srv/feeds"));
}

#[test]
fn an_unlistable_folder_means_polling_and_open_write_access_is_warned_of() {
    let mut unlistable = path("/srv/feeds", PathKind::Folder, 0o40711);
    unlistable.readable = false;
    let findings = feed_file(&feed(unlistable, path("/srv/feeds/feed.toml", PathKind::File, 0o100644)), false);
    assert_eq!(findings[0].verdict, Verdict::Warn);
    assert!(findings[0].text.contains("polls every second"));

    let open =
        feed(path("/srv/feeds", PathKind::Folder, 0o40777), path("/srv/feeds/feed.toml", PathKind::File, 0o100666));
    let findings = feed_file(&open, false);
    assert_eq!(verdicts(&findings), [(Verdict::Warn, "folder"), (Verdict::Ok, "filesystem"), (Verdict::Warn, "feed")]);
    // The sticky bit (as on /tmp) keeps others from replacing what is there.
    let sticky = feed(path("/tmp", PathKind::Folder, 0o41777), path("/tmp/feed.toml", PathKind::File, 0o100644));
    assert_eq!(feed_file(&sticky, false)[0].verdict, Verdict::Ok);
}

#[test]
fn a_network_filesystem_means_polling() {
    let mut facts = good_feed();
    facts.mount = Some(Mount { point: "/srv/feeds".into(), fstype: "nfs4".into(), source: "hub:/export".into() });
    let findings = feed_file(&facts, false);
    assert_eq!(findings[1].verdict, Verdict::Warn);
    assert!(findings[1].text.contains("nfs4 (hub:/export)") && findings[1].text.contains("polls"), "{:?}", findings[1]);
    facts.mount = Some(Mount { point: "/mnt".into(), fstype: "fuse.sshfs".into(), source: "me@hub:/f".into() });
    assert_eq!(feed_file(&facts, false)[1].verdict, Verdict::Warn);
    facts.mount = None;
    assert_eq!(feed_file(&facts, false)[1].verdict, Verdict::Warn);
}

#[test]
fn what_a_read_gives() {
    let mut facts = good_feed();
    facts.read = Some(ReadFacts::Rejected { problems: vec!["/srv/feeds/feed.toml:3:9: expected a level".into()] });
    let last = feed_file(&facts, false).pop().unwrap();
    assert_eq!(last.verdict, Verdict::Fail);
    assert!(last.text.ends_with("is rejected: /srv/feeds/feed.toml:3:9: expected a level"), "{last:?}");
    facts.read = Some(ReadFacts::Loaded { level: "2".into(), measures: 0, incidents: 0, warnings: vec!["w".into()] });
    assert_eq!(feed_file(&facts, false).pop().unwrap().verdict, Verdict::Warn);
}

#[test]
fn inotify_limits_against_use() {
    let limits = |watches: u64, instances: u64, used: Option<InotifyUse>| InotifyFacts {
        max_user_watches: Ok(watches),
        max_user_instances: Ok(instances),
        used,
        needed: 1,
    };
    let fine = inotify_limits(&limits(65536, 128, Some(InotifyUse { instances: 3, watches: 12 })));
    assert_eq!(fine.verdict, Verdict::Ok);
    assert!(
        fine.text.contains("max_user_watches 65536, max_user_instances 128 (12 watches and 3 instances in use"),
        "{fine:?}"
    );
    let full = inotify_limits(&limits(65536, 128, Some(InotifyUse { instances: 128, watches: 200 })));
    assert_eq!(full.verdict, Verdict::Warn);
    assert!(full.text.contains("a new watch fails") && full.fix.as_deref().unwrap().contains("max_user_instances"));
    let nearly = inotify_limits(&limits(65536, 128, Some(InotifyUse { instances: 10, watches: 65000 })));
    assert!(nearly.verdict == Verdict::Warn && nearly.text.contains("536 of max_user_watches"), "{nearly:?}");
    assert_eq!(inotify_limits(&limits(4096, 128, None)).verdict, Verdict::Warn);
    assert_eq!(inotify_limits(&limits(65536, 16, None)).verdict, Verdict::Warn);
    let unreadable = InotifyFacts { max_user_watches: Err("no /proc".into()), ..limits(1, 1, None) };
    assert_eq!(inotify_limits(&unreadable).verdict, Verdict::Warn);
}

#[test]
fn nats_sources_are_not_files() {
    let nats = |reach| NatsFacts { name: "national".into(), address: "nats://hub:4222/sitrep/national".into(), reach };
    let offline = nats_source(&nats(None), true);
    assert_eq!((offline.verdict, offline.topic.as_str()), (Verdict::Ok, "feed national"));
    assert!(offline.text.contains("not a file"));
    assert_eq!(nats_source(&nats(Some(Ok(()))), false).verdict, Verdict::Ok);
    let down = nats_source(&nats(Some(Err("connection refused".into()))), false);
    assert!(down.verdict == Verdict::Warn && down.text.contains("connection refused"));
}

#[test]
fn places_to_write() {
    let at = |p: PathFacts, nearest: Option<PathFacts>| WriteTarget::At { path: p, folder: false, nearest };
    let judge = |topic, target| write_place(&WriteFacts { topic, target });
    assert_eq!(judge("journal", WriteTarget::Off("--no-journal".into())).verdict, Verdict::Ok);
    let existing = judge("journal", at(path("/var/lib/sitrep/journal.jsonl", PathKind::File, 0o100640), None));
    assert_eq!(existing.verdict, Verdict::Ok);
    let mut read_only = path("/var/lib/sitrep/journal.jsonl", PathKind::File, 0o100440);
    read_only.writable = false;
    assert_eq!(judge("journal", at(read_only.clone(), None)).verdict, Verdict::Fail);
    // The history only warns: the dashboard runs without it.
    assert_eq!(judge("history", at(read_only, None)).verdict, Verdict::Warn);
    let to_make = judge(
        "log",
        at(path("/var/log/sitrep/sitrep.log", PathKind::Missing, 0), Some(path("/var/log", PathKind::Folder, 0o40755))),
    );
    assert!(to_make.verdict == Verdict::Ok && to_make.text.contains("will be made (in /var/log)"), "{to_make:?}");
    let mut closed = path("/var/log", PathKind::Folder, 0o40755);
    closed.writable = false;
    let cannot = judge("log", at(path("/var/log/sitrep.log", PathKind::Missing, 0), Some(closed)));
    assert!(cannot.verdict == Verdict::Fail && cannot.fix.as_deref().unwrap().contains("--log"), "{cannot:?}");
    let folder = judge("journal", at(path("/var/lib/sitrep", PathKind::Folder, 0o40755), None));
    assert_eq!(folder.verdict, Verdict::Fail);
}

fn term(term: Option<&str>) -> TerminalFacts {
    TerminalFacts {
        term: term.map(str::to_owned),
        terminfo: term.map(|_| true),
        size: Some((120, 40)),
        lang: Some("en_GB.UTF-8".into()),
        ..TerminalFacts::default()
    }
}

#[test]
fn term_unset_or_dumb_fails() {
    let good = terminal(&term(Some("xterm-256color")));
    assert_eq!(
        verdicts(&good),
        [(Verdict::Ok, "terminal"), (Verdict::Ok, "colours"), (Verdict::Ok, "size"), (Verdict::Ok, "locale")]
    );
    let dumb = terminal(&term(Some("dumb")));
    assert_eq!(dumb[0].verdict, Verdict::Fail);
    assert!(dumb[0].text.starts_with("TERM=dumb") && dumb[0].fix.as_deref().unwrap().contains("TERM=xterm-256color"));
    assert_eq!(dumb[1].verdict, Verdict::Warn, "no colours either");
    assert_eq!(terminal(&term(None))[0].verdict, Verdict::Fail);
    assert_eq!(terminal(&term(Some("")))[0].verdict, Verdict::Fail);
    let mut unknown = term(Some("weird-term"));
    unknown.terminfo = Some(false);
    assert_eq!(terminal(&unknown)[0].verdict, Verdict::Warn);
}

#[test]
fn colours_size_and_locale() {
    let mut facts = term(Some("xterm"));
    facts.colorterm = Some("truecolor".into());
    assert!(terminal(&facts)[1].text.starts_with("24-bit"));
    facts.no_color = true;
    assert!(terminal(&facts)[1].text.contains("NO_COLOR"));
    facts.fixed_theme = Some("16".into());
    assert!(terminal(&facts)[1].text.contains("theme = \"16\""));

    for (size, verdict) in [
        (None, Verdict::Ok),
        (Some((0, 0)), Verdict::Warn),
        (Some((20, 5)), Verdict::Warn),
        (Some((70, 20)), Verdict::Warn),
        (Some((80, 24)), Verdict::Ok),
    ] {
        facts.size = size;
        assert_eq!(terminal(&facts)[2].verdict, verdict, "{size:?}");
    }

    let locale = |all: Option<&str>, ctype: Option<&str>, lang: Option<&str>| {
        let facts = TerminalFacts {
            lc_all: all.map(str::to_owned),
            lc_ctype: ctype.map(str::to_owned),
            lang: lang.map(str::to_owned),
            ..term(Some("xterm"))
        };
        terminal(&facts).pop().unwrap()
    };
    assert_eq!(locale(None, None, Some("nl_NL.UTF-8")).verdict, Verdict::Ok);
    assert_eq!(locale(None, None, Some("C.utf8")).verdict, Verdict::Ok);
    assert_eq!(locale(None, None, Some("de_DE.UTF-8@euro")).verdict, Verdict::Ok);
    // LC_ALL wins over LANG; an empty one is skipped.
    let c = locale(Some("C"), None, Some("en_GB.UTF-8"));
    assert!(c.verdict == Verdict::Warn && c.text.starts_with("LC_ALL=C is not UTF-8"), "{c:?}");
    assert_eq!(locale(Some(""), Some("en_US.UTF-8"), Some("C")).text, "LC_CTYPE=en_US.UTF-8");
    assert_eq!(locale(None, None, None).verdict, Verdict::Warn);
    assert_eq!(locale(None, None, Some("en_US.ISO-8859-1")).verdict, Verdict::Warn);
}

#[test]
fn time_zones() {
    assert_eq!(zone(&ZoneFacts::Configured("Europe/Amsterdam".into())).verdict, Verdict::Ok);
    let tz = zone(&ZoneFacts::System { tz: Some("Europe/Paris".into()), name: Some("Europe/Paris".into()) });
    assert_eq!(tz.text, "Europe/Paris (TZ=Europe/Paris)");
    assert_eq!(zone(&ZoneFacts::Unknown).verdict, Verdict::Warn);
    let bad = zone(&ZoneFacts::Bad("TZ=`Mars/Base` names no time zone".into()));
    assert_eq!(bad.verdict, Verdict::Fail);
}

#[test]
fn the_whole_report_and_its_order() {
    let facts = Facts {
        config: ConfigFacts::Fails("/etc/sitrep/config.toml:4:7: unknown theme `neon`".into()),
        sources: vec![SourceFacts::File(Box::new(good_feed()))],
        inotify: None,
        writes: vec![WriteFacts { topic: "journal", target: WriteTarget::Off("--no-journal".into()) }],
        terminal: term(Some("xterm-256color")),
        zone: ZoneFacts::Configured("UTC".into()),
    };
    let findings = judge(&facts);
    let topics: Vec<&str> = findings.iter().map(|f| f.topic.as_str()).collect();
    assert_eq!(
        topics,
        ["config", "folder", "filesystem", "feed", "journal", "terminal", "colours", "size", "locale", "time zone"]
    );
    assert_eq!(findings[0].verdict, Verdict::Fail);
    assert!(findings[0].text.contains(":4:7: unknown theme"));
    let demo = judge(&Facts { sources: vec![SourceFacts::Demo], ..facts });
    assert_eq!(demo[1].verdict, Verdict::Warn);
    assert!(demo[1].fix.as_deref().unwrap().contains("--feed"));
}
