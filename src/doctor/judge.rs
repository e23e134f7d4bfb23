//! The doctor's verdicts: pure functions from [`Facts`] to [`Finding`]s, each WARN or
//! FAIL with the fix in words. Nothing here looks at the machine.

use std::path::Path;

use crate::app::layout::{MIN_HEIGHT, MIN_WIDTH};
use crate::config::ColorDepth;
use crate::doctor::facts::{
    ConfigFacts, Facts, FileFacts, InotifyFacts, NatsFacts, PathFacts, PathKind, ReadFacts, SourceFacts, TerminalFacts,
    WriteFacts, WriteTarget, ZoneFacts,
};
use crate::doctor::finding::Finding;

/// A size the panels are comfortable at.
const COMFORTABLE: (u16, u16) = (80, 24);
/// Free inotify instances or watches below which a new watch is at risk.
const INSTANCE_HEADROOM: u64 = 8;
const WATCH_HEADROOM: u64 = 1000;
/// Limits below these are low whatever the use today (the kernel's old defaults).
const LOW_INSTANCES: u64 = 128;
const LOW_WATCHES: u64 = 8192;

/// Every finding, in the order a reader fixes things: config, feeds, writes, terminal,
/// time zone.
#[must_use]
pub fn judge(facts: &Facts) -> Vec<Finding> {
    let mut findings = vec![config(&facts.config)];
    let several = facts.sources.len() > 1;
    for source in &facts.sources {
        match source {
            SourceFacts::Demo => findings.push(Finding::warn(
                "feed",
                "no feed configured: the dashboard shows the built-in demo (Paris, November 2015)",
                "set `feed` in /etc/sitrep/config.toml (or ~/.config/sitrep/config.toml), or pass --feed FILE",
            )),
            SourceFacts::File(file) => findings.extend(feed_file(file, several)),
            SourceFacts::Nats(nats) => findings.push(nats_source(nats, several)),
        }
    }
    if let Some(inotify) = &facts.inotify {
        findings.push(inotify_limits(inotify));
    }
    findings.extend(facts.writes.iter().map(write_place));
    findings.extend(terminal(&facts.terminal));
    findings.push(zone(&facts.zone));
    findings
}

/// The config file.
#[must_use]
pub fn config(facts: &ConfigFacts) -> Finding {
    match facts {
        ConfigFacts::Loads(Some(path)) => Finding::ok("config", format!("{} loads", path.display())),
        ConfigFacts::Loads(None) => Finding::ok(
            "config",
            "no config file (~/.config/sitrep/config.toml, /etc/sitrep/config.toml): the built-in default",
        ),
        ConfigFacts::Fails(message) => Finding::fail(
            "config",
            message.clone(),
            "correct the file at that line and column (every key is documented in /etc/sitrep/config.toml \
             and man sitrep); until then the dashboard does not start",
        ),
    }
}

fn topic(base: &str, name: &str, several: bool) -> String {
    if several { format!("{base} {name}") } else { base.to_owned() }
}

fn mode(path: &PathFacts) -> String {
    format!("mode {:04o}", path.mode & 0o7777)
}

/// A feed file: its folder, the file itself, what a read gives, its filesystem.
#[must_use]
pub fn feed_file(facts: &FileFacts, several: bool) -> Vec<Finding> {
    let feed = topic("feed", &facts.name, several);
    let folder_topic = topic("folder", &facts.name, several);
    let mut findings = Vec::new();
    let folder = &facts.folder;
    let shown = folder.path.display();
    match &folder.kind {
        PathKind::Missing => {
            findings.push(Finding::fail(
                &feed,
                format!("{}: its folder {shown} does not exist", facts.path.display()),
                format!(
                    "make the folder (mkdir -p {shown}) and have the feed written there, or correct `feed` in the \
                     config (or --feed)"
                ),
            ));
            return findings;
        }
        PathKind::Unknown(error) => {
            findings.push(Finding::fail(
                &folder_topic,
                format!("{shown} cannot be looked at: {error}"),
                "a folder above it is closed to this user: open it (chmod o+x), or run sitrep as a user who may",
            ));
            return findings;
        }
        PathKind::File | PathKind::Other => {
            findings.push(Finding::fail(
                &folder_topic,
                format!("{shown} is not a folder, so {} cannot be in it", facts.path.display()),
                "correct `feed` in the config (or --feed)",
            ));
            return findings;
        }
        PathKind::Folder if !folder.searchable => {
            findings.push(Finding::fail(
                &folder_topic,
                format!("{shown} cannot be entered by this user ({})", mode(folder)),
                format!("chmod o+x {shown}, or add this user to the folder's group"),
            ));
            return findings;
        }
        PathKind::Folder if !folder.readable => findings.push(Finding::warn(
            &folder_topic,
            format!("{shown} cannot be read by this user ({}): no watch, sitrep polls every second", mode(folder)),
            format!("chmod o+r {shown}, or add this user to the folder's group"),
        )),
        PathKind::Folder if world_writable(folder.mode) => findings.push(Finding::warn(
            &folder_topic,
            format!("anyone on this machine may replace the feed in {shown} ({})", mode(folder)),
            format!("chmod o-w {shown}"),
        )),
        PathKind::Folder => findings.push(Finding::ok(&folder_topic, format!("{shown} ({})", mode(folder)))),
    }
    findings.push(filesystem(facts, &topic("filesystem", &facts.name, several)));
    findings.push(feed_itself(facts, &feed));
    findings
}

/// World-writable without the sticky bit (which keeps others from replacing a file).
fn world_writable(mode: u32) -> bool {
    mode & 0o002 != 0 && mode & 0o1000 == 0
}

fn filesystem(facts: &FileFacts, topic: &str) -> Finding {
    let folder = facts.folder.path.display();
    match &facts.mount {
        None => Finding::warn(
            topic,
            format!("cannot tell what filesystem {folder} is on (the mount table could not be read)"),
            "mount /proc: without it sitrep cannot tell a network folder, where it must poll",
        ),
        Some(mount) if mount.is_network() => Finding::warn(
            topic,
            format!(
                "{folder} is on {} ({}): changes made on other machines raise no inotify event, so sitrep polls \
                 the feed every second",
                mount.fstype, mount.source
            ),
            "a second's delay is the cost; for instant updates have the feed written on this machine (a local \
             copy, or `sitrep publish` to NATS and a nats:// feed)",
        ),
        Some(mount) => Finding::ok(topic, format!("{folder} is on {}: watched with inotify", mount.fstype)),
    }
}

fn feed_itself(facts: &FileFacts, topic: &str) -> Finding {
    let file = &facts.file;
    let shown = facts.path.display();
    match &file.kind {
        PathKind::Missing => Finding::warn(
            topic,
            format!("{shown} does not exist yet: the dashboard shows it missing until it appears, then follows it"),
            format!("write the feed there (`sitrep check {shown}` checks it first), or correct the path"),
        ),
        PathKind::Folder => Finding::fail(
            topic,
            format!("{shown} is a folder, not a feed file"),
            "point `feed` (or --feed) at the feed file, not its folder",
        ),
        PathKind::Other => {
            Finding::fail(topic, format!("{shown} is not a regular file"), "point `feed` (or --feed) at a regular file")
        }
        PathKind::Unknown(error) => Finding::fail(
            topic,
            format!("{shown} cannot be looked at: {error}"),
            "open the folders above it to this user",
        ),
        PathKind::File if !file.readable => Finding::fail(
            topic,
            format!(
                "{shown} cannot be read by this user: {} ({})",
                file.read_error.as_deref().unwrap_or("permission denied"),
                mode(file)
            ),
            format!("let this user read it: chmod o+r {shown}, or chgrp a group of this user and chmod g+r"),
        ),
        PathKind::File if world_writable(file.mode) => Finding::warn(
            topic,
            format!("anyone on this machine may change {shown} ({})", mode(file)),
            format!("chmod o-w {shown}"),
        ),
        PathKind::File => read_result(facts.read.as_ref(), topic, &facts.path),
    }
}

fn read_result(read: Option<&ReadFacts>, topic: &str, path: &Path) -> Finding {
    let shown = path.display();
    match read {
        None => Finding::ok(topic, format!("{shown} is readable")),
        Some(ReadFacts::Loaded { level, measures, incidents, warnings }) if warnings.is_empty() => {
            Finding::ok(topic, format!("{shown} loads: level {level}, {measures} measures, {incidents} incidents"))
        }
        Some(ReadFacts::Loaded { warnings, .. }) => Finding::warn(
            topic,
            format!("{shown} loads with {} warning(s), the first: {}", warnings.len(), warnings[0]),
            format!("`sitrep check {shown}` lists them"),
        ),
        Some(ReadFacts::Rejected { problems }) => Finding::fail(
            topic,
            format!("{shown} is rejected: {}", problems.first().map_or("no reason given", String::as_str)),
            format!("`sitrep check {shown}` lists every problem; meanwhile the dashboard shows no picture from it"),
        ),
        Some(ReadFacts::Missing { reason }) => {
            Finding::warn(topic, format!("{shown}: {reason}"), "write the feed there, or correct the path")
        }
    }
}

/// A `nats://` source.
#[must_use]
pub fn nats_source(facts: &NatsFacts, several: bool) -> Finding {
    let topic = topic("feed", &facts.name, several);
    let address = &facts.address;
    match &facts.reach {
        None => Finding::ok(topic, format!("{address}: not a file, followed over NATS (not connected: --offline)")),
        Some(Ok(())) => Finding::ok(topic, format!("{address}: not a file, followed over NATS; the server answers")),
        Some(Err(error)) => Finding::warn(
            topic,
            format!("{address}: not a file, followed over NATS; the server does not answer: {error}"),
            "start the server or open the way to it (firewall, address); until it answers the dashboard says \
             it is out of reach",
        ),
    }
}

/// The inotify limits, against this user's use of them.
#[must_use]
pub fn inotify_limits(facts: &InotifyFacts) -> Finding {
    const TOPIC: &str = "inotify";
    const FIX_INSTANCES: &str =
        "raise it: sysctl fs.inotify.max_user_instances=1024, and keep it in a file in /etc/sysctl.d/";
    const FIX_WATCHES: &str =
        "raise it: sysctl fs.inotify.max_user_watches=524288, and keep it in a file in /etc/sysctl.d/";
    let (watches, instances) = match (&facts.max_user_watches, &facts.max_user_instances) {
        (Ok(w), Ok(i)) => (*w, *i),
        (Err(e), _) | (_, Err(e)) => {
            return Finding::warn(
                TOPIC,
                format!("cannot read the inotify limits ({e}): if they are exhausted sitrep polls instead"),
                "mount /proc, or read /proc/sys/fs/inotify/ as root",
            );
        }
    };
    let needed = facts.needed.max(1);
    if let Some(used) = facts.used {
        let free_instances = instances.saturating_sub(used.instances);
        let free_watches = watches.saturating_sub(used.watches);
        if free_instances < needed {
            return Finding::warn(
                TOPIC,
                format!(
                    "max_user_instances is {instances} and this user's processes hold {}: a new watch fails and \
                     sitrep polls every second",
                    used.instances
                ),
                FIX_INSTANCES,
            );
        }
        if free_watches < needed {
            return Finding::warn(
                TOPIC,
                format!(
                    "max_user_watches is {watches} and this user's processes hold {}: a new watch fails and \
                     sitrep polls every second",
                    used.watches
                ),
                FIX_WATCHES,
            );
        }
        if free_instances < needed + INSTANCE_HEADROOM {
            return Finding::warn(
                TOPIC,
                format!("only {free_instances} of max_user_instances {instances} are free"),
                FIX_INSTANCES,
            );
        }
        if free_watches < needed + WATCH_HEADROOM {
            return Finding::warn(
                TOPIC,
                format!("only {free_watches} of max_user_watches {watches} are free"),
                FIX_WATCHES,
            );
        }
    }
    if instances < LOW_INSTANCES {
        return Finding::warn(TOPIC, format!("max_user_instances is low: {instances}"), FIX_INSTANCES);
    }
    if watches < LOW_WATCHES {
        return Finding::warn(TOPIC, format!("max_user_watches is low: {watches}"), FIX_WATCHES);
    }
    let used = facts.used.map_or_else(
        || " (use not counted)".to_owned(),
        |u| format!(" ({} watches and {} instances in use by this user)", u.watches, u.instances),
    );
    Finding::ok(TOPIC, format!("max_user_watches {watches}, max_user_instances {instances}{used}"))
}

/// The journal, the history folder or the log.
#[must_use]
pub fn write_place(facts: &WriteFacts) -> Finding {
    let topic = facts.topic;
    // The dashboard starts without a journal or a history it cannot write (and says so on
    // screen), but not without its log. The journal is the shift's record: a FAIL.
    let failing = |text: String, fix: String| match topic {
        "history" => Finding::warn(topic, text, fix),
        _ => Finding::fail(topic, text, fix),
    };
    let flag = match topic {
        "journal" => "--journal",
        "history" => "history_dir in the config",
        _ => "--log",
    };
    match &facts.target {
        WriteTarget::Off(why) => Finding::ok(topic, format!("off: {why}")),
        WriteTarget::At { path, folder, nearest } => {
            let shown = path.path.display();
            let wanted_kind = if *folder { PathKind::Folder } else { PathKind::File };
            match &path.kind {
                PathKind::Missing => match nearest {
                    Some(above) if above.kind == PathKind::Folder && above.writable && above.searchable => {
                        Finding::ok(topic, format!("{shown} will be made (in {})", above.path.display()))
                    }
                    Some(above) => failing(
                        format!(
                            "{shown} cannot be made: {} is not a folder this user may write in",
                            above.path.display()
                        ),
                        format!("make it for this user (mkdir -p, chown), or choose another with {flag}"),
                    ),
                    None => failing(format!("{shown} cannot be made"), format!("choose another with {flag}")),
                },
                kind if *kind != wanted_kind => failing(
                    format!("{shown} is not a {}", if *folder { "folder" } else { "regular file" }),
                    format!("move it away, or choose another with {flag}"),
                ),
                _ if !path.writable => failing(
                    format!("{shown} cannot be written by this user ({})", mode(path)),
                    format!("give this user write access (chown, chmod u+w), or choose another with {flag}"),
                ),
                _ => Finding::ok(topic, format!("{shown} is writable")),
            }
        }
    }
}

/// TERM, colours, size and the locale.
#[must_use]
pub fn terminal(facts: &TerminalFacts) -> Vec<Finding> {
    vec![term(facts), colours(facts), size(facts.size), locale(facts)]
}

fn term(facts: &TerminalFacts) -> Finding {
    const FIX: &str = "set TERM to what the terminal is: export TERM=xterm-256color (in tmux: tmux-256color; \
                       over SSH the client passes its own)";
    match facts.term.as_deref().map(str::trim) {
        None | Some("") => {
            Finding::fail("terminal", "TERM is not set: sitrep cannot know what the terminal understands", FIX)
        }
        Some("dumb") => Finding::fail(
            "terminal",
            "TERM=dumb: a terminal that cannot move the cursor cannot show the dashboard (check, status and \
             line still work)",
            format!("run it in a real terminal, or {FIX}"),
        ),
        Some(name) if facts.terminfo == Some(false) => Finding::warn(
            "terminal",
            format!("TERM={name} has no terminfo entry here: sitrep draws without one, but tmux, less and man do not"),
            "install its entry (apt install ncurses-term) or set TERM to a known one (export TERM=xterm-256color)",
        ),
        Some(name) => Finding::ok("terminal", format!("TERM={name}")),
    }
}

fn colours(facts: &TerminalFacts) -> Finding {
    if let Some(theme) = &facts.fixed_theme {
        return Finding::ok("colours", format!("fixed by the config: theme = \"{theme}\""));
    }
    if facts.no_color {
        return Finding::ok("colours", "none: NO_COLOR is set (levels are told by their names)");
    }
    let get = |key: &str| match key {
        "TERM" => facts.term.clone(),
        "COLORTERM" => facts.colorterm.clone(),
        _ => None,
    };
    match ColorDepth::from_environment(get) {
        ColorDepth::TrueColor => Finding::ok("colours", "24-bit (COLORTERM says so)"),
        ColorDepth::Indexed256 => Finding::ok("colours", "256 (by TERM)"),
        ColorDepth::Basic16 => Finding::ok("colours", "16 (by TERM): the levels keep distinct colours"),
        ColorDepth::None => Finding::warn(
            "colours",
            "none: TERM says the terminal has no colours; levels are told by their names only",
            "set TERM to what the terminal is (export TERM=xterm-256color)",
        ),
    }
}

fn size(size: Option<(u16, u16)>) -> Finding {
    const FIX: &str = "enlarge the window or the tmux pane (or set it: stty cols 120 rows 40)";
    match size {
        None => Finding::ok("size", "not checked: the output is not a terminal"),
        Some((0, _) | (_, 0)) => Finding::warn("size", "the terminal reports no size (0x0)", FIX),
        Some((w, h)) if w < MIN_WIDTH || h < MIN_HEIGHT => Finding::warn(
            "size",
            format!("{w}x{h}: below {MIN_WIDTH}x{MIN_HEIGHT} the dashboard shows one line with the level"),
            FIX,
        ),
        Some((w, h)) if w < COMFORTABLE.0 || h < COMFORTABLE.1 => Finding::warn(
            "size",
            format!("{w}x{h}: below {}x{} the panels are cramped", COMFORTABLE.0, COMFORTABLE.1),
            FIX,
        ),
        Some((w, h)) => Finding::ok("size", format!("{w}x{h}")),
    }
}

fn locale(facts: &TerminalFacts) -> Finding {
    const FIX: &str = "export LANG=C.UTF-8 (or en_GB.UTF-8, nl_NL.UTF-8); over SSH let sshd accept LANG and \
                       LC_* (AcceptEnv)";
    let chosen = [("LC_ALL", &facts.lc_all), ("LC_CTYPE", &facts.lc_ctype), ("LANG", &facts.lang)]
        .into_iter()
        .find_map(|(key, value)| value.as_deref().filter(|v| !v.is_empty()).map(|v| (key, v)));
    match chosen {
        None => {
            Finding::warn("locale", "none set (LC_ALL, LC_CTYPE and LANG are empty): the C locale is plain ASCII", FIX)
        }
        Some((key, value)) if is_utf8(value) => Finding::ok("locale", format!("{key}={value}")),
        Some((key, value)) => Finding::warn(
            "locale",
            format!("{key}={value} is not UTF-8: the frames, symbols and map may come out garbled"),
            FIX,
        ),
    }
}

fn is_utf8(locale: &str) -> bool {
    let codeset = locale.split_once('.').map_or("", |(_, rest)| rest.split('@').next().unwrap_or(""));
    matches!(codeset.to_ascii_lowercase().as_str(), "utf-8" | "utf8")
}

/// The time zone.
#[must_use]
pub fn zone(facts: &ZoneFacts) -> Finding {
    match facts {
        ZoneFacts::Configured(name) => Finding::ok("time zone", format!("{name} (the config's timezone)")),
        ZoneFacts::System { tz: Some(tz), name } => {
            Finding::ok("time zone", format!("{} (TZ={tz})", name.as_deref().unwrap_or("a POSIX rule")))
        }
        ZoneFacts::System { tz: None, name } => Finding::ok(
            "time zone",
            format!("{} (/etc/localtime)", name.as_deref().unwrap_or("a zone file without a name")),
        ),
        ZoneFacts::Unknown => Finding::warn(
            "time zone",
            "neither TZ nor /etc/localtime names a zone: times are shown in UTC",
            "timedatectl set-timezone Europe/Amsterdam (or link /etc/localtime to /usr/share/zoneinfo/...), \
             or set timezone in the config",
        ),
        ZoneFacts::Bad(message) => Finding::fail(
            "time zone",
            message.clone(),
            "correct TZ (export TZ=Europe/Amsterdam) or unset it; the dashboard does not start with it",
        ),
    }
}

#[cfg(test)]
mod tests;
