//! The configuration: the embedded default, a user file on top of it, and what they
//! resolve to. Reads files only; never touches the terminal.

use std::path::{Path, PathBuf};

use chrono::NaiveTime;
use serde::{Deserialize, de};

use crate::app::sources::Provides;
use crate::app::wallboard::{ViewName, WallboardSettings};
use crate::feed::problem::{Position, Problem};
use crate::feed::{FeedDuration, Format, Scale, Scales};
use crate::journal::AckScope;
use crate::source::location::FeedLocation;
use crate::source::nats::NatsSettings;
use crate::zone::Zone;

/// The default configuration, documented line by line.
pub const DEFAULT_CONFIG: &str = include_str!("../config/default.toml");

/// The label language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    #[default]
    En,
    Nl,
}

impl Language {
    /// The language a locale variable names (`nl_NL.UTF-8` is Dutch).
    #[must_use]
    pub fn from_locale(value: &str) -> Option<Self> {
        let value = value.trim();
        if value.is_empty() {
            return None;
        }
        Some(if value.to_ascii_lowercase().starts_with("nl") { Self::Nl } else { Self::En })
    }

    /// From `LC_ALL`, `LC_MESSAGES`, `LANG`, in that order of precedence.
    #[must_use]
    pub fn from_environment(get: impl Fn(&str) -> Option<String>) -> Self {
        ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .find_map(|key| get(key).and_then(|v| Self::from_locale(&v)))
            .unwrap_or_default()
    }
}

/// How many colours the screen may use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ColorDepth {
    None,
    Basic16,
    Indexed256,
    TrueColor,
}

impl ColorDepth {
    /// What the environment asks for: `NO_COLOR` wins, then `COLORTERM`, then `TERM`.
    #[must_use]
    pub fn from_environment(get: impl Fn(&str) -> Option<String>) -> Self {
        if get("NO_COLOR").is_some_and(|v| !v.is_empty()) {
            return Self::None;
        }
        if get("COLORTERM").is_some_and(|v| matches!(v.to_ascii_lowercase().as_str(), "truecolor" | "24bit")) {
            return Self::TrueColor;
        }
        match get("TERM").unwrap_or_default().as_str() {
            "dumb" => Self::None,
            "linux" | "vt100" | "vt102" | "vt220" | "ansi" | "cons25" => Self::Basic16,
            _ => Self::Indexed256,
        }
    }
}

/// The theme key: a fixed depth or `auto`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Theme {
    Auto,
    Fixed(ColorDepth),
}

impl<'de> Deserialize<'de> for Theme {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Ok(match text.as_str() {
            "auto" => Self::Auto,
            "truecolor" => Self::Fixed(ColorDepth::TrueColor),
            "256" => Self::Fixed(ColorDepth::Indexed256),
            "16" => Self::Fixed(ColorDepth::Basic16),
            "none" => Self::Fixed(ColorDepth::None),
            other => {
                return Err(de::Error::custom(format!(
                    "unknown theme `{other}`: expected \"auto\", \"truecolor\", \"256\", \"16\" or \"none\""
                )));
            }
        })
    }
}

/// One config file as written: every key optional, so a user file names only what it
/// changes; unknown keys are errors.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    feed: Option<String>,
    #[serde(default, deserialize_with = "sources")]
    sources: Option<Vec<SourceEntry>>,
    #[serde(default, deserialize_with = "feed_format")]
    feed_format: Option<Option<Format>>,
    #[serde(default, deserialize_with = "timezone")]
    timezone: Option<Option<Zone>>,
    #[serde(default, deserialize_with = "language")]
    language: Option<Option<Language>>,
    theme: Option<Theme>,
    stale_after: Option<FeedDuration>,
    max_feed_bytes: Option<u64>,
    default_scale: Option<String>,
    public_screen: Option<bool>,
    bell: Option<bool>,
    clock_seconds: Option<bool>,
    keep_critical_in_view: Option<FeedDuration>,
    max_pause: Option<FeedDuration>,
    #[serde(default, deserialize_with = "cell_aspect")]
    map_cell_aspect: Option<f64>,
    wallboard: Option<bool>,
    #[serde(default, deserialize_with = "whole_seconds")]
    page_seconds: Option<FeedDuration>,
    new_for: Option<FeedDuration>,
    #[serde(default, deserialize_with = "rotation")]
    rotate: Option<Vec<ViewName>>,
    #[serde(default, deserialize_with = "whole_seconds")]
    rotate_seconds: Option<FeedDuration>,
    #[serde(default, deserialize_with = "scales")]
    scales: Option<Vec<Scale>>,
    journal: Option<String>,
    ack_scope: Option<AckScope>,
    #[serde(default, deserialize_with = "shift_starts")]
    shift_starts: Option<Vec<NaiveTime>>,
    #[serde(default, deserialize_with = "journal_max_mb")]
    journal_max_mb: Option<u64>,
    #[serde(default, deserialize_with = "nats")]
    nats: Option<NatsSettings>,
    log_file: Option<String>,
    #[serde(default, deserialize_with = "log_max_mb")]
    log_max_mb: Option<u64>,
    history_dir: Option<String>,
    history_keep: Option<FeedDuration>,
}

fn log_max_mb<'de, D: de::Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    match u64::deserialize(d)? {
        0 => Err(de::Error::custom("log_max_mb must be at least 1")),
        megabytes => Ok(Some(megabytes)),
    }
}

fn shift_starts<'de, D: de::Deserializer<'de>>(d: D) -> Result<Option<Vec<NaiveTime>>, D::Error> {
    let texts = Vec::<String>::deserialize(d)?;
    if texts.is_empty() {
        return Err(de::Error::custom("shift_starts needs at least one time, e.g. [\"07:00\", \"15:00\", \"23:00\"]"));
    }
    let mut times = texts
        .iter()
        .map(|text| {
            NaiveTime::parse_from_str(text, "%H:%M")
                .map_err(|_| de::Error::custom(format!("invalid shift start `{text}`: expected HH:MM, e.g. \"07:00\"")))
        })
        .collect::<Result<Vec<_>, _>>()?;
    times.sort_unstable();
    times.dedup();
    Ok(Some(times))
}

fn journal_max_mb<'de, D: de::Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    match u64::deserialize(d)? {
        0 => Err(de::Error::custom("journal_max_mb must be at least 1")),
        megabytes => Ok(Some(megabytes)),
    }
}

fn nats<'de, D: de::Deserializer<'de>>(d: D) -> Result<Option<NatsSettings>, D::Error> {
    let settings = NatsSettings::deserialize(d)?;
    settings.check().map_err(de::Error::custom)?;
    Ok(Some(settings))
}

/// One `[[sources]]` table as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct SourceEntry {
    name: String,
    path: String,
    #[serde(default, deserialize_with = "source_format")]
    format: Option<Format>,
    stale_after: Option<FeedDuration>,
    provides: Option<Vec<Part>>,
    #[serde(default)]
    priority: i64,
}

/// What a source may provide.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Part {
    Threat,
    Measures,
    Incidents,
}

fn source_format<'de, D: de::Deserializer<'de>>(d: D) -> Result<Option<Format>, D::Error> {
    String::deserialize(d)?.parse().map(Some).map_err(de::Error::custom)
}

fn sources<'de, D: de::Deserializer<'de>>(d: D) -> Result<Option<Vec<SourceEntry>>, D::Error> {
    let entries = Vec::<SourceEntry>::deserialize(d)?;
    let mut names = std::collections::HashSet::new();
    for entry in &entries {
        crate::app::sources::check_source_name(&entry.name).map_err(de::Error::custom)?;
        if !names.insert(entry.name.to_lowercase()) {
            return Err(de::Error::custom(format!("two sources are named `{}`: names must differ", entry.name)));
        }
        if entry.path.is_empty() {
            return Err(de::Error::custom(format!("source `{}` has an empty path", entry.name)));
        }
        if entry.provides.as_ref().is_some_and(Vec::is_empty) {
            return Err(de::Error::custom(format!(
                "source `{}` provides nothing: give any of \"threat\", \"measures\", \"incidents\"",
                entry.name
            )));
        }
    }
    Ok(Some(entries))
}

/// A number of seconds, at least 1.
fn whole_seconds<'de, D: de::Deserializer<'de>>(d: D) -> Result<Option<FeedDuration>, D::Error> {
    match u64::deserialize(d)? {
        0 => Err(de::Error::custom("expected a whole number of seconds, at least 1")),
        seconds if seconds > 86_400 => Err(de::Error::custom("expected at most 86400 seconds (a day)")),
        seconds => Ok(Some(FeedDuration::from_secs(seconds))),
    }
}

fn rotation<'de, D: de::Deserializer<'de>>(d: D) -> Result<Option<Vec<ViewName>>, D::Error> {
    let views = Vec::<ViewName>::deserialize(d)?;
    if views.is_empty() {
        return Err(de::Error::custom("rotate needs at least one view: \"dashboard\" or \"map\""));
    }
    Ok(Some(views))
}

fn feed_format<'de, D: de::Deserializer<'de>>(d: D) -> Result<Option<Option<Format>>, D::Error> {
    let text = String::deserialize(d)?;
    if text == "auto" { Ok(Some(None)) } else { text.parse().map(|f| Some(Some(f))).map_err(de::Error::custom) }
}

fn timezone<'de, D: de::Deserializer<'de>>(d: D) -> Result<Option<Option<Zone>>, D::Error> {
    let text = String::deserialize(d)?;
    if text.is_empty() {
        return Ok(Some(None));
    }
    Zone::named(&text).map(|zone| Some(Some(zone))).map_err(de::Error::custom)
}

fn language<'de, D: de::Deserializer<'de>>(d: D) -> Result<Option<Option<Language>>, D::Error> {
    match String::deserialize(d)?.as_str() {
        "" => Ok(Some(None)),
        "en" => Ok(Some(Some(Language::En))),
        "nl" => Ok(Some(Some(Language::Nl))),
        other => Err(de::Error::custom(format!("unknown language `{other}`: expected \"en\" or \"nl\""))),
    }
}

/// A cell's `width:height` ("1:2"), or its width over its height as one number (0.5):
/// the map's shape depends on it.
fn cell_aspect<'de, D: de::Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Aspect {
        Ratio(f64),
        Text(String),
    }
    let (ratio, shown) = match Aspect::deserialize(d)? {
        Aspect::Ratio(ratio) => (Some(ratio), ratio.to_string()),
        Aspect::Text(text) => {
            let ratio = text.split_once(':').and_then(|(w, h)| {
                let (w, h) = (w.trim().parse::<f64>().ok()?, h.trim().parse::<f64>().ok()?);
                (h != 0.0).then(|| w / h)
            });
            (ratio, text)
        }
    };
    match ratio {
        Some(ratio) if ratio.is_finite() && (0.1..=10.0).contains(&ratio) => Ok(Some(ratio)),
        _ => Err(de::Error::custom(format!(
            "bad cell aspect `{shown}`: expected width:height such as \"1:2\" (between 1:10 and 10:1)"
        ))),
    }
}

fn scales<'de, D: de::Deserializer<'de>>(d: D) -> Result<Option<Vec<Scale>>, D::Error> {
    let scales = Vec::<Scale>::deserialize(d)?;
    for scale in &scales {
        scale.check().map_err(de::Error::custom)?;
    }
    Ok(Some(scales))
}

/// The resolved configuration.
#[derive(Debug, Clone)]
pub struct Config {
    /// The file it came from (`None`: the embedded default only).
    pub file: Option<PathBuf>,
    pub feed: Option<FeedLocation>,
    /// The `[[sources]]` (empty: one feed, `feed`).
    pub sources: Vec<ConfiguredSource>,
    pub feed_format: Option<Format>,
    /// `None`: the system's zone.
    pub timezone: Option<Zone>,
    /// `None`: from the environment.
    pub language: Option<Language>,
    pub theme: Theme,
    pub stale_after: FeedDuration,
    pub max_feed_bytes: u64,
    pub scales: Scales,
    pub public_screen: bool,
    pub bell: bool,
    pub clock_seconds: bool,
    pub keep_critical_in_view: FeedDuration,
    pub max_pause: FeedDuration,
    /// `None`: the default location (`$XDG_STATE_HOME/sitrep/journal.jsonl`).
    pub journal: Option<PathBuf>,
    pub ack_scope: AckScope,
    /// When shifts begin, in the configured zone, sorted.
    pub shift_starts: Vec<NaiveTime>,
    pub journal_max_mb: u64,
    /// How to reach NATS servers (`[nats]`): credentials and TLS, never on the command line.
    pub nats: NatsSettings,
    /// A terminal cell's width over its height, for the map's shape.
    pub map_cell_aspect: f64,
    /// An unattended screen.
    pub wallboard: bool,
    pub wallboard_settings: WallboardSettings,
    /// The dashboard's log file (`None`: no log unless `--log`).
    pub log_file: Option<PathBuf>,
    /// Past this size (MiB) the log is rotated.
    pub log_max_mb: u64,
    /// `None`: beside the journal (`history/` in the journal's folder).
    pub history_dir: Option<PathBuf>,
    /// Retention: no version shown within this period is removed.
    pub history_keep: FeedDuration,
}

/// One of the `[[sources]]`, resolved.
#[derive(Debug, Clone, PartialEq)]
pub struct ConfiguredSource {
    pub name: String,
    pub location: FeedLocation,
    pub format: Option<Format>,
    pub stale_after: Option<FeedDuration>,
    pub provides: Provides,
    pub priority: i64,
}

/// A config file that cannot be used: where and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub file: String,
    pub problem: Problem,
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.problem.display_in(&self.file))
    }
}

impl std::error::Error for ConfigError {}

impl Config {
    /// The embedded default alone.
    ///
    /// # Errors
    /// Only if the embedded default is broken (a test guards against that).
    pub fn builtin() -> Result<Self, ConfigError> {
        let defaults = parse("default.toml (built in)", DEFAULT_CONFIG)?;
        Self::resolve(defaults, ConfigFile::default(), None)
    }

    /// The default with `text` (read from `file`) on top.
    ///
    /// # Errors
    /// A positioned problem with the file.
    pub fn from_text(file: &Path, text: &str) -> Result<Self, ConfigError> {
        let defaults = parse("default.toml (built in)", DEFAULT_CONFIG)?;
        let user = parse(&file.display().to_string(), text)?;
        Self::resolve(defaults, user, Some(file))
    }

    /// Loads the config: `explicit` if given (it must exist), else the first of
    /// `$XDG_CONFIG_HOME/sitrep/config.toml` (or `~/.config/...`) and
    /// `/etc/sitrep/config.toml` that exists, else the embedded default.
    ///
    /// # Errors
    /// A positioned problem with the file that was chosen.
    pub fn load(explicit: Option<&Path>, get_env: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let chosen = match explicit {
            Some(path) => Some(path.to_path_buf()),
            None => candidate_paths(&get_env).into_iter().find(|p| p.is_file()),
        };
        let Some(path) = chosen else { return Self::builtin() };
        let unreadable = |e: std::io::Error| ConfigError {
            file: path.display().to_string(),
            problem: Problem::error(format!("cannot read config: {e}")),
        };
        let metadata = std::fs::metadata(&path).map_err(unreadable)?;
        if metadata.len() > 1024 * 1024 {
            return Err(ConfigError {
                file: path.display().to_string(),
                problem: Problem::error("config file is larger than 1 MiB"),
            });
        }
        let bytes = std::fs::read(&path).map_err(unreadable)?;
        let text = String::from_utf8(bytes).map_err(|_| ConfigError {
            file: path.display().to_string(),
            problem: Problem::error("config is not UTF-8 text"),
        })?;
        Self::from_text(&path, &text)
    }

    fn resolve(defaults: ConfigFile, user: ConfigFile, file: Option<&Path>) -> Result<Self, ConfigError> {
        let file_name = file.map_or_else(|| "default.toml (built in)".to_owned(), |f| f.display().to_string());
        let missing = |key: &str| ConfigError {
            file: "default.toml (built in)".into(),
            problem: Problem::error(format!("the built-in default lacks `{key}`")),
        };
        macro_rules! pick {
            ($key:ident) => {
                user.$key.or(defaults.$key).ok_or_else(|| missing(stringify!($key)))?
            };
        }
        let relative_to_file = |text: String| {
            (!text.is_empty()).then(|| {
                let path = PathBuf::from(&text);
                match file.and_then(Path::parent) {
                    Some(dir) if path.is_relative() => dir.join(path),
                    _ => path,
                }
            })
        };
        let journal = relative_to_file(pick!(journal));
        let log_file = relative_to_file(pick!(log_file));
        let history_dir = relative_to_file(pick!(history_dir));
        let feed: String = pick!(feed);
        let folder = file.and_then(Path::parent);
        let feed = match FeedLocation::parse(std::ffi::OsStr::new(&feed)) {
            _ if feed.is_empty() => None,
            Ok(FeedLocation::File(path)) => Some(FeedLocation::File(match folder {
                Some(dir) if path.is_relative() => dir.join(path),
                _ => path,
            })),
            Ok(nats) => Some(nats),
            Err(e) => {
                return Err(ConfigError { file: file_name, problem: Problem::error(format!("feed: {e}")) });
            }
        };
        let sources = pick!(sources)
            .into_iter()
            .map(|entry| {
                let location = match FeedLocation::parse(std::ffi::OsStr::new(&entry.path)) {
                    Ok(FeedLocation::File(path)) => FeedLocation::File(match folder {
                        Some(dir) if path.is_relative() => dir.join(path),
                        _ => path,
                    }),
                    Ok(nats) => nats,
                    Err(e) => {
                        let problem = Problem::error(format!("sources: `{}`: {e}", entry.name));
                        return Err(ConfigError { file: file_name.clone(), problem });
                    }
                };
                let provides = entry.provides.map_or_else(Provides::default, |parts| Provides {
                    threat: parts.contains(&Part::Threat),
                    measures: parts.contains(&Part::Measures),
                    incidents: parts.contains(&Part::Incidents),
                });
                Ok(ConfiguredSource {
                    name: entry.name,
                    location,
                    format: entry.format,
                    stale_after: entry.stale_after,
                    provides,
                    priority: entry.priority,
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        if feed.is_some() && !sources.is_empty() {
            let problem = Problem::error("give either `feed` or `[[sources]]`, not both");
            return Err(ConfigError { file: file_name, problem });
        }
        let nats = match (user.nats, folder) {
            (Some(settings), Some(dir)) => settings.relative_to(dir),
            (Some(settings), None) => settings,
            (None, _) => defaults.nats.unwrap_or_default(),
        };
        let mut scales = Scales::default();
        for scale in pick!(scales) {
            // Checked while deserializing; insert only replaces or appends.
            scales.insert(scale).map_err(|e| ConfigError { file: file_name.clone(), problem: Problem::error(e) })?;
        }
        let default_scale: String = pick!(default_scale);
        scales.set_default(&default_scale).map_err(|e| ConfigError {
            file: file_name.clone(),
            problem: Problem::error(format!("default_scale: {e}")),
        })?;
        Ok(Self {
            file: file.map(Path::to_path_buf),
            feed,
            sources,
            feed_format: pick!(feed_format),
            timezone: pick!(timezone),
            language: pick!(language),
            theme: pick!(theme),
            stale_after: pick!(stale_after),
            max_feed_bytes: pick!(max_feed_bytes),
            scales,
            public_screen: pick!(public_screen),
            bell: pick!(bell),
            clock_seconds: pick!(clock_seconds),
            keep_critical_in_view: pick!(keep_critical_in_view),
            max_pause: pick!(max_pause),
            journal,
            ack_scope: pick!(ack_scope),
            shift_starts: pick!(shift_starts),
            journal_max_mb: pick!(journal_max_mb),
            nats,
            map_cell_aspect: pick!(map_cell_aspect),
            wallboard: pick!(wallboard),
            wallboard_settings: WallboardSettings {
                page_every: pick!(page_seconds),
                new_for: pick!(new_for),
                rotate: pick!(rotate).into_iter().map(Into::into).collect(),
                rotate_every: pick!(rotate_seconds),
            },
            log_file,
            log_max_mb: pick!(log_max_mb),
            history_dir,
            history_keep: pick!(history_keep),
        })
    }
}

fn parse(file: &str, text: &str) -> Result<ConfigFile, ConfigError> {
    toml::from_str(text).map_err(|e: toml::de::Error| ConfigError {
        file: file.to_owned(),
        problem: Problem::error(e.message().trim()).at(e.span().map(|span| Position::from_offset(text, span.start))),
    })
}

/// Where a user config may be, in order.
fn candidate_paths(get_env: &impl Fn(&str) -> Option<String>) -> Vec<PathBuf> {
    let mut paths = Vec::new();
    match get_env("XDG_CONFIG_HOME").filter(|v| !v.is_empty()) {
        Some(dir) => paths.push(PathBuf::from(dir).join("sitrep/config.toml")),
        None => {
            if let Some(home) = get_env("HOME").filter(|v| !v.is_empty()) {
                paths.push(PathBuf::from(home).join(".config/sitrep/config.toml"));
            }
        }
    }
    paths.push(PathBuf::from("/etc/sitrep/config.toml"));
    paths
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(text: &str) -> Result<Config, ConfigError> {
        Config::from_text(Path::new("/etc/sitrep/config.toml"), text)
    }

    #[test]
    fn the_builtin_default_is_complete() {
        let config = Config::builtin().unwrap();
        assert_eq!(config.feed, None);
        assert_eq!(config.stale_after.as_secs(), 1800);
        assert_eq!(config.max_feed_bytes, 64 * 1024 * 1024);
        assert_eq!(config.scales.default_scale().name, "nctv");
        assert!(!config.public_screen);
        assert!((config.map_cell_aspect - 0.5).abs() < 1e-12);
        assert!((user("map_cell_aspect = \"10:21\"").unwrap().map_cell_aspect - 10.0 / 21.0).abs() < 1e-12);
        assert!((user("map_cell_aspect = 0.45").unwrap().map_cell_aspect - 0.45).abs() < 1e-12);
        assert!(user("map_cell_aspect = \"1:0\"").is_err());
        assert!(user("map_cell_aspect = -1").is_err());
        assert_eq!(config.journal, None);
        assert_eq!(config.ack_scope, AckScope::Operator);
        let starts: Vec<String> = config.shift_starts.iter().map(|t| t.format("%H:%M").to_string()).collect();
        assert_eq!(starts, ["07:00", "15:00", "23:00"]);
        assert_eq!(config.journal_max_mb, 64);
    }

    #[test]
    fn log_keys() {
        let builtin = Config::builtin().unwrap();
        assert_eq!((builtin.log_file, builtin.log_max_mb), (None, 10));
        let config = user("log_file = \"log/sitrep.log\"\nlog_max_mb = 2\n").unwrap();
        assert_eq!(config.log_file, Some(PathBuf::from("/etc/sitrep/log/sitrep.log")));
        assert_eq!(config.log_max_mb, 2);
        assert!(user("log_max_mb = 0\n").unwrap_err().to_string().contains("at least 1"));
    }

    #[test]
    fn journal_keys() {
        let config =
            user("journal = \"shared/journal.jsonl\"\nack_scope = \"shared\"\nshift_starts = [\"19:00\", \"07:00\"]\n")
                .unwrap();
        assert_eq!(config.journal, Some(PathBuf::from("/etc/sitrep/shared/journal.jsonl")));
        assert_eq!(config.ack_scope, AckScope::Shared);
        assert_eq!(
            config.shift_starts,
            [NaiveTime::from_hms_opt(7, 0, 0).unwrap(), NaiveTime::from_hms_opt(19, 0, 0).unwrap()]
        );
        for (text, message) in [
            ("ack_scope = \"team\"\n", "unknown variant `team`"),
            ("shift_starts = [\"7am\"]\n", "invalid shift start `7am`"),
            ("shift_starts = []\n", "at least one time"),
            ("journal_max_mb = 0\n", "at least 1"),
        ] {
            let err = user(text).unwrap_err();
            assert!(err.to_string().contains(message), "{err}");
        }
    }

    #[test]
    fn a_user_file_changes_only_what_it_names() {
        let config = user("timezone = \"Europe/Amsterdam\"\nlanguage = \"nl\"\nfeed = \"feeds/now.json\"\n").unwrap();
        assert_eq!(config.timezone.as_ref().and_then(Zone::name), Some("Europe/Amsterdam"));
        assert_eq!(config.language, Some(Language::Nl));
        assert_eq!(config.feed, Some(FeedLocation::File(PathBuf::from("/etc/sitrep/feeds/now.json"))));
        assert_eq!(config.stale_after.as_secs(), 1800);
    }

    #[test]
    fn unknown_and_wrong_keys_are_errors_with_positions() {
        let err = user("language = \"nl\"\ntimezon = \"UTC\"\n").unwrap_err();
        assert!(err.to_string().starts_with("/etc/sitrep/config.toml:2:1: error: unknown field `timezon`"), "{err}");
        let err = user("timezone = \"Mars/Olympus\"\n").unwrap_err();
        assert!(err.to_string().starts_with("/etc/sitrep/config.toml:1:12: error: unknown time zone"), "{err}");
        let err = user("bell = \"yes\"\n").unwrap_err();
        assert!(err.to_string().contains(":1:8: error:"), "{err}");
        let err = user("map_cell_aspect = \"2\"\n").unwrap_err();
        assert!(err.to_string().contains(":1:19: error: bad cell aspect `2`"), "{err}");
        let err = user("default_scale = \"dhs\"\n").unwrap_err();
        assert!(err.to_string().contains("unknown scale `dhs`"), "{err}");
    }

    #[test]
    fn a_nats_feed_and_its_credentials() {
        let config = user("feed = \"nats://hub:4222/sitrep/national\"\n[nats]\ncreds = \"sitrep.creds\"\ntls_ca = \"/etc/ssl/nats-ca.pem\"\n").unwrap();
        let Some(FeedLocation::Nats(address)) = &config.feed else { panic!("{:?}", config.feed) };
        assert_eq!(address.to_string(), "nats://hub:4222/sitrep/national");
        assert_eq!(config.nats.creds, Some(PathBuf::from("/etc/sitrep/sitrep.creds")));
        assert_eq!(config.nats.tls_ca, Some(PathBuf::from("/etc/ssl/nats-ca.pem")));
        assert_eq!(Config::builtin().unwrap().nats, NatsSettings::default());
        let err = user("feed = \"nats://hub/sitrep\"\n").unwrap_err();
        assert!(err.to_string().contains("feed: `nats://hub/sitrep` names no bucket and key"), "{err}");
        let err = user("[nats]\ntoken = \"t\"\nnkey = \"seed.nk\"\n").unwrap_err();
        assert!(err.to_string().contains("choose one way to authenticate, not nkey and token"), "{err}");
        let err = user("[nats]\npasword = \"x\"\n").unwrap_err();
        assert!(err.to_string().contains(":2:1: error: unknown field `pasword`"), "{err}");
    }

    #[test]
    fn config_scales_extend_the_builtins() {
        let config = user(
            "default_scale = \"airport\"\n[[scales]]\nname = \"airport\"\nlevels = [{ name = \"normal\", color = \"#00ff00\" }, { name = \"raised\", color = \"#ff0000\" }]\n",
        )
        .unwrap();
        assert_eq!(config.scales.default_scale().name, "airport");
        assert!(config.scales.get("nctv").is_some());
        let err = user("[[scales]]\nname = \"x\"\nlevels = [{ name = \"only\", color = \"#00ff00\" }]\n").unwrap_err();
        assert!(err.to_string().contains("needs between 2 and 255 levels"), "{err}");
    }

    #[test]
    fn environment_picks_language_and_colours() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |k: &str| pairs.iter().find(|(key, _)| *key == k).map(|(_, v)| (*v).to_owned())
        };
        assert_eq!(Language::from_environment(env(&[("LANG", "nl_NL.UTF-8")])), Language::Nl);
        assert_eq!(Language::from_environment(env(&[("LANG", "nl_NL.UTF-8"), ("LC_ALL", "C")])), Language::En);
        assert_eq!(Language::from_environment(env(&[])), Language::En);
        assert_eq!(
            ColorDepth::from_environment(env(&[("NO_COLOR", "1"), ("COLORTERM", "truecolor")])),
            ColorDepth::None
        );
        assert_eq!(ColorDepth::from_environment(env(&[("COLORTERM", "24bit")])), ColorDepth::TrueColor);
        assert_eq!(ColorDepth::from_environment(env(&[("TERM", "linux")])), ColorDepth::Basic16);
        assert_eq!(ColorDepth::from_environment(env(&[("TERM", "xterm-256color")])), ColorDepth::Indexed256);
        assert_eq!(ColorDepth::from_environment(env(&[("NO_COLOR", "")])), ColorDepth::Indexed256);
    }
}
