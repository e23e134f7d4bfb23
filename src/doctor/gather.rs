//! The edge of `sitrep doctor`: looks at the machine (files, the mount table, /proc, the
//! terminal, the environment, a NATS server's port) and writes down what it finds as
//! [`Facts`]; judging them is [`crate::doctor::judge`]'s.

use std::net::{TcpStream, ToSocketAddrs};
use std::os::unix::fs::{FileTypeExt, MetadataExt};
use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::app::FeedEvent;
use crate::app::model::FeedOrigin;
use crate::cli::RunArgs;
use crate::config::{ColorDepth, Config, Theme};
use crate::doctor::facts::{
    ConfigFacts, Facts, FileFacts, NatsFacts, PathFacts, PathKind, ReadFacts, SourceFacts, TerminalFacts, WriteFacts,
    WriteTarget, ZoneFacts,
};
use crate::feed::DecodeOptions;
use crate::journal::JournalSetting;
use crate::source::ReadOptions;
use crate::source::filesystem::{MOUNTINFO, mount_of};
use crate::source::watch::folder_of;
use crate::zone::{LOCALTIME, Zone, system_zone};

/// How long a NATS server has to accept a TCP connection.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(2);
/// Problems of a feed shown at most.
const PROBLEMS_KEPT: usize = 3;

/// What the doctor looks at: the run's arguments, the environment (`env`), `now`, and
/// whether it may connect to NATS servers.
pub fn gather(run: &RunArgs, env: &impl Fn(&str) -> Option<String>, now: DateTime<Utc>, connect: bool) -> Facts {
    let (config_facts, config) = match Config::load(run.config.as_deref(), env) {
        Ok(config) => (ConfigFacts::Loads(config.file.clone()), Some(config)),
        // The rest is judged as the built-in default would have it.
        Err(error) => (ConfigFacts::Fails(error.to_string()), Config::builtin().ok()),
    };
    let zone = zone(config.as_ref(), env);
    let specs = config.as_ref().map(|config| crate::startup::source_specs(run, config)).unwrap_or_default();
    let decode = DecodeOptions {
        scales: config.as_ref().map(|c| c.scales.clone()).unwrap_or_default(),
        now,
        max_bytes: config.as_ref().map_or(DecodeOptions::default().max_bytes, |c| c.max_feed_bytes),
        zone: display_zone(config.as_ref(), env),
    };
    let mount_table = std::fs::read_to_string(MOUNTINFO).ok();
    let mut sources: Vec<SourceFacts> = specs
        .iter()
        .map(|spec| match &spec.origin {
            FeedOrigin::Demo => SourceFacts::Demo,
            FeedOrigin::File(path) => {
                let format = spec.format.or(run.feed_format).or(config.as_ref().and_then(|c| c.feed_format));
                let read = ReadOptions { decode: decode.clone(), format };
                SourceFacts::File(Box::new(file_facts(&spec.name, path, mount_table.as_deref(), &read, now)))
            }
            FeedOrigin::Nats(source) => SourceFacts::Nats(NatsFacts {
                name: spec.name.clone(),
                address: source.address.to_string(),
                reach: connect.then(|| reach(&source.address.host, source.address.port)),
            }),
        })
        .collect();
    if sources.is_empty() {
        sources.push(SourceFacts::Demo);
    }
    let files = sources.iter().filter(|s| matches!(s, SourceFacts::File(_))).count();
    let inotify = (files > 0).then(|| crate::doctor::inotify::gather(u64::try_from(files).unwrap_or(u64::MAX)));
    let demo = sources.iter().all(|s| matches!(s, SourceFacts::Demo));
    Facts {
        config: config_facts,
        sources,
        inotify,
        writes: config.as_ref().map(|config| writes(run, config, demo, env)).unwrap_or_default(),
        terminal: terminal(config.as_ref(), env),
        zone,
    }
}

/// A feed file: its folder, itself, its mount, and a read of it when it can be read.
fn file_facts(name: &str, path: &Path, mount_table: Option<&str>, read: &ReadOptions, now: DateTime<Utc>) -> FileFacts {
    let folder_path = folder_of(path);
    let folder = path_facts(&folder_path);
    let file = path_facts(path);
    let mount = mount_table.map(|table| {
        let resolved = std::fs::canonicalize(&folder_path).unwrap_or_else(|_| absolute(&folder_path));
        mount_of(&resolved, table).unwrap_or_else(|| crate::source::filesystem::Mount {
            point: PathBuf::from("/"),
            fstype: "an unknown filesystem".to_owned(),
            source: String::new(),
        })
    });
    let read = (file.kind == PathKind::File && file.readable).then(|| {
        match crate::source::read(&FeedOrigin::File(path.to_path_buf()), read, now) {
            FeedEvent::Loaded { feed, warnings, .. } => ReadFacts::Loaded {
                level: feed.threat.level.name.clone(),
                measures: feed.measures.len(),
                incidents: feed.incidents.len(),
                warnings: shown(&warnings, path),
            },
            FeedEvent::Rejected { problems, .. } => ReadFacts::Rejected { problems: shown(&problems, path) },
            FeedEvent::Missing { reason, .. } => ReadFacts::Missing { reason },
        }
    });
    FileFacts { name: name.to_owned(), path: path.to_path_buf(), folder, file, mount, read }
}

fn shown(problems: &[crate::feed::Problem], path: &Path) -> Vec<String> {
    let file = path.display().to_string();
    problems.iter().take(PROBLEMS_KEPT).map(|p| p.display_in(&file).to_string()).collect()
}

fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

/// What is at `path`, and what this process may do with it.
#[must_use]
pub fn path_facts(path: &Path) -> PathFacts {
    use rustix::fs::{Access, access};
    let mut facts = PathFacts {
        path: path.to_path_buf(),
        kind: PathKind::Missing,
        mode: 0,
        readable: false,
        writable: false,
        searchable: false,
        read_error: None,
    };
    let metadata = match std::fs::metadata(path) {
        Ok(metadata) => metadata,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return facts,
        Err(e) => {
            facts.kind = PathKind::Unknown(e.to_string());
            return facts;
        }
    };
    facts.mode = metadata.mode();
    facts.writable = access(path, Access::WRITE_OK).is_ok();
    let file_type = metadata.file_type();
    if metadata.is_dir() {
        facts.kind = PathKind::Folder;
        facts.searchable = access(path, Access::EXEC_OK).is_ok();
        match std::fs::read_dir(path) {
            Ok(_) => facts.readable = true,
            Err(e) => facts.read_error = Some(e.to_string()),
        }
    } else if metadata.is_file() {
        facts.kind = PathKind::File;
        // Opened, not asked: access() and the open the dashboard makes can differ (ACLs,
        // a read-only mount, an LSM).
        match std::fs::File::open(path) {
            Ok(_) => facts.readable = true,
            Err(e) => facts.read_error = Some(e.to_string()),
        }
    } else if file_type.is_fifo() || file_type.is_socket() || file_type.is_block_device() || file_type.is_char_device()
    {
        // Never opened: a FIFO would block.
        facts.kind = PathKind::Other;
    }
    facts
}

/// A TCP connection to `host:port`, within [`CONNECT_TIMEOUT`] for each address.
fn reach(host: &str, port: u16) -> Result<(), String> {
    let addresses: Vec<_> = (host, port).to_socket_addrs().map_err(|e| format!("{host}: {e}"))?.collect();
    let mut last = format!("{host} has no address");
    for address in addresses {
        match TcpStream::connect_timeout(&address, CONNECT_TIMEOUT) {
            Ok(_) => return Ok(()),
            Err(e) => last = format!("{address}: {e}"),
        }
    }
    Err(last)
}

/// The journal, the history folder and the log, where the run would write them.
fn writes(run: &RunArgs, config: &Config, demo: bool, env: &impl Fn(&str) -> Option<String>) -> Vec<WriteFacts> {
    let journal = JournalSetting::resolve(run.journal.as_deref(), run.no_journal, config.journal.as_deref(), demo, env);
    let history = crate::history::HistoryPlan::resolve(run, config, demo, env);
    let mut writes = vec![
        WriteFacts {
            topic: "journal",
            target: match &journal {
                JournalSetting::Off(why) => WriteTarget::Off((*why).to_owned()),
                JournalSetting::At { path, .. } => write_target(path, false),
            },
        },
        WriteFacts {
            topic: "history",
            target: match &history.dir {
                Some(dir) => write_target(dir, true),
                None => WriteTarget::Off("no journal, no history".to_owned()),
            },
        },
    ];
    let log = run.log.clone().or_else(|| config.log_file.clone());
    writes.push(WriteFacts {
        topic: "log",
        target: match log {
            Some(path) => write_target(&path, false),
            None => WriteTarget::Off("no --log and no log_file in the config".to_owned()),
        },
    });
    writes
}

fn write_target(path: &Path, folder: bool) -> WriteTarget {
    let facts = path_facts(path);
    let nearest = (facts.kind == PathKind::Missing).then(|| {
        let absolute = absolute(path);
        let above = absolute.ancestors().skip(1).find(|p| std::fs::symlink_metadata(p).is_ok()).map(Path::to_path_buf);
        above.map(|p| path_facts(&p))
    });
    WriteTarget::At { path: facts, folder, nearest: nearest.flatten() }
}

/// TERM and its terminfo entry, colours, the size (when stdout is a terminal), the locale.
fn terminal(config: Option<&Config>, env: &impl Fn(&str) -> Option<String>) -> TerminalFacts {
    use std::io::IsTerminal;
    let term = env("TERM");
    let fixed_theme = config.and_then(|c| match c.theme {
        Theme::Auto => None,
        Theme::Fixed(depth) => Some(
            match depth {
                ColorDepth::TrueColor => "truecolor",
                ColorDepth::Indexed256 => "256",
                ColorDepth::Basic16 => "16",
                ColorDepth::None => "none",
            }
            .to_owned(),
        ),
    });
    TerminalFacts {
        terminfo: term.as_deref().filter(|t| !t.is_empty()).map(|name| has_terminfo(name, env)),
        term,
        colorterm: env("COLORTERM"),
        no_color: env("NO_COLOR").is_some_and(|v| !v.is_empty()),
        fixed_theme,
        size: std::io::stdout().is_terminal().then(crate::terminal::window_size).and_then(Result::ok),
        lc_all: env("LC_ALL"),
        lc_ctype: env("LC_CTYPE"),
        lang: env("LANG"),
    }
}

/// Whether a compiled terminfo entry for `name` is in the folders ncurses searches.
fn has_terminfo(name: &str, env: &impl Fn(&str) -> Option<String>) -> bool {
    let Some(first) = name.chars().next() else { return false };
    if name.contains('/') || name.starts_with('.') {
        return false;
    }
    let mut folders: Vec<PathBuf> = Vec::new();
    folders.extend(env("TERMINFO").map(PathBuf::from));
    folders.extend(env("HOME").map(|home| Path::new(&home).join(".terminfo")));
    for entry in env("TERMINFO_DIRS").unwrap_or_default().split(':') {
        folders.push(PathBuf::from(if entry.is_empty() { "/usr/share/terminfo" } else { entry }));
    }
    folders.extend(["/etc/terminfo", "/lib/terminfo", "/usr/share/terminfo", "/usr/lib/terminfo"].map(PathBuf::from));
    let hex = format!("{:02x}", u32::from(first));
    folders
        .iter()
        .any(|folder| folder.join(first.to_string()).join(name).is_file() || folder.join(&hex).join(name).is_file())
}

/// The zone as the dashboard would take it.
fn zone(config: Option<&Config>, env: &impl Fn(&str) -> Option<String>) -> ZoneFacts {
    if let Some(zone) = config.and_then(|c| c.timezone.as_ref()) {
        return ZoneFacts::Configured(zone.name().unwrap_or("a zone without a name").to_owned());
    }
    match system_zone(env, Path::new(LOCALTIME)) {
        Err(message) => ZoneFacts::Bad(message),
        Ok(zone) if zone.is_unknown() => ZoneFacts::Unknown,
        Ok(zone) => ZoneFacts::System { tz: env("TZ"), name: zone.name().map(str::to_owned) },
    }
}

/// The zone a feed's plain dates are read in (UTC when the system's is wrong).
fn display_zone(config: Option<&Config>, env: &impl Fn(&str) -> Option<String>) -> Zone {
    config
        .and_then(|c| c.timezone.clone())
        .or_else(|| system_zone(env, Path::new(LOCALTIME)).ok())
        .unwrap_or_else(Zone::utc)
}
