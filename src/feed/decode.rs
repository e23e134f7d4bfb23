//! Bytes to a validated [`Feed`]: size limit, UTF-8, TOML or JSON, the rules, and every
//! problem with its position.

use std::fmt;
use std::fs::File;
use std::io::Read;
use std::path::Path;

use chrono::{DateTime, Utc};
use serde::Deserialize;
use toml::de::DeTable;

use crate::feed::locate::{ItemPath, locate_json, locate_toml};
use crate::feed::model::{FORMAT_VERSION, FeedDocument};
use crate::feed::problem::{Position, Problem};
use crate::feed::scale::Scales;
use crate::feed::valid::Feed;
use crate::feed::validate::{Finding, Verdict, validate};
use crate::item_path;

/// The default limit on a feed's size.
pub const DEFAULT_MAX_BYTES: u64 = 64 * 1024 * 1024;

/// The two encodings of the feed model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Toml,
    Json,
}

impl Format {
    /// The format a file's extension names (`.toml`, `.json`, any case).
    #[must_use]
    pub fn from_path(path: &Path) -> Option<Self> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "toml" => Some(Self::Toml),
            "json" => Some(Self::Json),
            _ => None,
        }
    }
}

impl std::str::FromStr for Format {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        match text.to_ascii_lowercase().as_str() {
            "toml" => Ok(Self::Toml),
            "json" => Ok(Self::Json),
            _ => Err(format!("unknown format `{text}`: expected `toml` or `json`")),
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Toml => "toml",
            Self::Json => "json",
        })
    }
}

/// What decoding depends on besides the bytes.
#[derive(Debug, Clone)]
pub struct DecodeOptions {
    pub scales: Scales,
    /// The clock warnings are judged by (clock skew, overdue reviews).
    pub now: DateTime<Utc>,
    pub max_bytes: u64,
}

impl Default for DecodeOptions {
    fn default() -> Self {
        Self { scales: Scales::default(), now: Utc::now(), max_bytes: DEFAULT_MAX_BYTES }
    }
}

/// An accepted feed and what was noticed about it.
#[derive(Debug, Clone)]
pub struct Accepted {
    pub feed: Feed,
    pub warnings: Vec<Problem>,
}

/// A rejected feed: at least one error; warnings may come along.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejected {
    pub problems: Vec<Problem>,
}

impl Rejected {
    fn one(problem: Problem) -> Self {
        Self { problems: vec![problem] }
    }

    /// The first error, the one a banner shows.
    #[must_use]
    pub fn first_error(&self) -> Option<&Problem> {
        self.problems.iter().find(|p| p.is_error())
    }
}

/// Reads and decodes a feed file. The size limit is checked before anything is read.
///
/// # Errors
/// Every problem that rejects the feed.
pub fn read_file(path: &Path, format: Option<Format>, options: &DecodeOptions) -> Result<Accepted, Rejected> {
    let format = match format.or_else(|| Format::from_path(path)) {
        Some(format) => format,
        None => {
            return Err(Rejected::one(Problem::error(
                "cannot tell the format: the file name should end in .toml or .json (or give --format)",
            )));
        }
    };
    let bytes = read_bounded(path, options.max_bytes).map_err(Rejected::one)?;
    decode(&bytes, format, options)
}

/// Reads at most `max_bytes` of a regular file, refusing larger ones.
fn read_bounded(path: &Path, max_bytes: u64) -> Result<Vec<u8>, Problem> {
    let too_large = |size: u64| {
        Problem::error(format!(
            "file is {size} bytes, larger than the limit of {max_bytes} bytes (max_feed_bytes in the config)"
        ))
    };
    let file = File::open(path).map_err(|e| Problem::error(format!("cannot open: {e}")))?;
    let metadata = file.metadata().map_err(|e| Problem::error(format!("cannot read metadata: {e}")))?;
    if !metadata.is_file() {
        // A FIFO or device would block or never end.
        return Err(Problem::error("not a regular file"));
    }
    if metadata.len() > max_bytes {
        return Err(too_large(metadata.len()));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(metadata.len()).unwrap_or(0));
    // The file may grow between the check and the read: never read past the limit.
    file.take(max_bytes.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| Problem::error(format!("cannot read: {e}")))?;
    if bytes.len() as u64 > max_bytes {
        return Err(too_large(bytes.len() as u64));
    }
    Ok(bytes)
}

/// Decodes and validates a feed from bytes.
///
/// # Errors
/// Every problem that rejects the feed.
pub fn decode(bytes: &[u8], format: Format, options: &DecodeOptions) -> Result<Accepted, Rejected> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let valid = &bytes[..e.valid_up_to()];
        // The valid prefix is UTF-8 by definition; position the first bad byte.
        let prefix = std::str::from_utf8(valid).unwrap_or_default();
        Rejected::one(
            Problem::error("not UTF-8: a feed must be UTF-8 text")
                .at(Some(Position::from_offset(prefix, prefix.len()))),
        )
    })?;
    match format {
        Format::Toml => decode_toml(text, options),
        Format::Json => decode_json(text, options),
    }
}

fn decode_toml(text: &str, options: &DecodeOptions) -> Result<Accepted, Rejected> {
    let toml_error = |e: &toml::de::Error| {
        let position = e.span().map(|span| Position::from_offset(text, span.start));
        Problem::error(e.message().trim()).at(position)
    };
    let root = DeTable::parse(text).map_err(|e| Rejected::one(toml_error(&e)))?;
    let doc = match FeedDocument::deserialize(toml::de::Deserializer::from(root)) {
        Ok(doc) => doc,
        Err(e) => {
            let version = DeTable::parse(text)
                .ok()
                .and_then(|root| root.get_ref().iter().find(|(k, _)| k.get_ref() == "version").map(|(_, v)| v.clone()));
            if let Some(v) = version
                && let Some(problem) = version_problem(v.get_ref().as_integer().and_then(|i| i.as_str().parse().ok()))
            {
                return Err(Rejected::one(problem.at(Some(Position::from_offset(text, v.span().start)))));
            }
            return Err(Rejected::one(toml_error(&e)));
        }
    };
    // The parsed tree went into the deserializer; parse again, once, only if a problem
    // needs placing.
    let root = std::cell::OnceCell::new();
    finish(doc, options, |path| {
        let root = root.get_or_init(|| DeTable::parse(text).ok());
        locate_toml(text, root.as_ref()?, path)
    })
}

fn decode_json(text: &str, options: &DecodeOptions) -> Result<Accepted, Rejected> {
    let doc = match serde_json::from_str::<FeedDocument>(text) {
        Ok(doc) => doc,
        Err(e) => {
            #[derive(Deserialize)]
            struct VersionOnly {
                version: Option<serde_json::Value>,
            }
            if let Ok(VersionOnly { version: Some(v) }) = serde_json::from_str(text)
                && let Some(problem) = version_problem(v.as_i64())
            {
                return Err(Rejected::one(problem.at(locate_json(text, &item_path!["version"]))));
            }
            return Err(Rejected::one(json_problem(text, &e)));
        }
    };
    finish(doc, options, |path| locate_json(text, path))
}

/// When a document does not decode, a version other than ours is the likely reason and
/// the only useful message: the rest may be a newer format's fields.
fn version_problem(version: Option<i64>) -> Option<Problem> {
    let version = version?;
    (version > FORMAT_VERSION).then(|| {
        Problem::error(format!(
            "feed format version {version} needs a newer sitrep: this sitrep {} reads version {FORMAT_VERSION}",
            env!("CARGO_PKG_VERSION")
        ))
        .on("version")
    })
}

fn json_problem(text: &str, e: &serde_json::Error) -> Problem {
    let full = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    let message = full.strip_suffix(&suffix).unwrap_or(&full);
    let position = (e.line() > 0).then(|| {
        let end = Position::from_line_and_byte_column(text, e.line(), e.column());
        token_start(text, e.line(), e.column()).unwrap_or(end)
    });
    Problem::error(message).at(position)
}

/// serde_json reports where it stopped, just past the offending token; producers want to
/// be pointed at the token's start (the key or value that is wrong).
fn token_start(text: &str, line: usize, byte_column: usize) -> Option<Position> {
    let line_text = text.split('\n').nth(line.checked_sub(1)?)?;
    let end = byte_column.min(line_text.len());
    let before = line_text.get(..end)?.as_bytes();
    let start = match before.last()? {
        b'"' => {
            // Back to the opening quote, skipping escaped ones.
            let mut i = before.len() - 1;
            loop {
                i = before[..i].iter().rposition(|&b| b == b'"')?;
                let backslashes = before[..i].iter().rev().take_while(|&&b| b == b'\\').count();
                if backslashes % 2 == 0 {
                    break i;
                }
            }
        }
        b if b.is_ascii_alphanumeric() || matches!(b, b'.' | b'+' | b'-') => before
            .iter()
            .rposition(|b| !(b.is_ascii_alphanumeric() || matches!(b, b'.' | b'+' | b'-')))
            .map_or(0, |i| i + 1),
        _ => return None,
    };
    Some(Position::from_line_and_byte_column(text, line, start + 1))
}

fn finish(
    doc: FeedDocument,
    options: &DecodeOptions,
    locate: impl Fn(&ItemPath) -> Option<Position>,
) -> Result<Accepted, Rejected> {
    let place = |findings: Vec<Finding>| -> Vec<Problem> {
        findings.into_iter().map(|(path, problem)| problem.at(locate(&path))).collect()
    };
    match validate(doc, &options.scales, options.now) {
        Verdict::Valid { feed, warnings } => Ok(Accepted { feed: *feed, warnings: place(warnings) }),
        Verdict::Invalid { errors, warnings } => {
            let mut problems = place(errors);
            problems.extend(place(warnings));
            Err(Rejected { problems })
        }
    }
}
