//! Bytes to a validated [`Feed`]: size limit, UTF-8, TOML or JSON, the rules, and every
//! problem with its position.

use std::fmt;
use std::io::Read;
use std::path::Path;

use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde_json::value::RawValue;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::feed::locate::{ItemPath, Segment, locate_json, locate_toml};
use crate::feed::model::{FORMAT_VERSION, FeedDocument};
use crate::feed::problem::{LineIndex, Position, Problem};
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
    /// The display zone: a plain date counts from the start of its day there.
    pub zone: crate::zone::Zone,
}

impl Default for DecodeOptions {
    fn default() -> Self {
        Self {
            scales: Scales::default(),
            now: Utc::now(),
            max_bytes: DEFAULT_MAX_BYTES,
            zone: crate::zone::Zone::utc(),
        }
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
}

/// Reads and decodes a feed file. The size limit is checked before anything is read.
///
/// # Errors
/// Every problem that rejects the feed.
pub fn read_file(path: &Path, format: Option<Format>, options: &DecodeOptions) -> Result<Accepted, Rejected> {
    let (bytes, format) = read_file_bytes(path, format, options.max_bytes)?;
    decode(&bytes, format, options)
}

/// Reads a feed file's bytes, exactly as they are, and tells its format (`format`, else
/// the file's extension), without decoding them.
///
/// # Errors
/// The format cannot be told, or the file cannot be read, is no regular file, or is too
/// large.
pub fn read_file_bytes(path: &Path, format: Option<Format>, max_bytes: u64) -> Result<(Vec<u8>, Format), Rejected> {
    let format = format.or_else(|| Format::from_path(path)).ok_or_else(|| {
        Rejected::one(Problem::error(
            "cannot tell the format: the file name should end in .toml or .json (or give --format)",
        ))
    })?;
    let bytes = read_bounded(path, max_bytes).map_err(Rejected::one)?;
    Ok((bytes, format))
}

/// Reads at most `max_bytes` of a regular file, refusing larger ones.
///
/// # Errors
/// The file cannot be read, is no regular file, or is too large.
pub fn read_bounded(path: &Path, max_bytes: u64) -> Result<Vec<u8>, Problem> {
    let too_large = |size: u64| {
        Problem::error(format!(
            "file is {size} bytes, larger than the limit of {max_bytes} bytes (max_feed_bytes in the config)"
        ))
    };
    // A FIFO or device would block or never end: look before opening, and open without
    // blocking in case it was swapped in between.
    let kind = std::fs::metadata(path).map_err(|e| Problem::error(format!("cannot open: {e}")))?;
    if !kind.is_file() {
        return Err(Problem::error("not a regular file"));
    }
    let file = {
        use std::os::unix::fs::OpenOptionsExt;
        std::fs::OpenOptions::new()
            .read(true)
            .custom_flags(rustix::fs::OFlags::NONBLOCK.bits() as i32)
            .open(path)
            .map_err(|e| Problem::error(format!("cannot open: {e}")))?
    };
    let metadata = file.metadata().map_err(|e| Problem::error(format!("cannot read metadata: {e}")))?;
    if !metadata.is_file() {
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
        Problem::error(humanize(e.message().trim())).at(position)
    };
    if text.trim().is_empty() {
        return Err(Rejected::one(Problem::error("the file is empty").at(Some(Position { line: 1, column: 1 }))));
    }
    let mut root = DeTable::parse(text).map_err(|e| Rejected::one(toml_error(&e)))?;
    if let Some(problem) = toml_version_problem(text, root.get_ref()) {
        return Err(Rejected::one(problem));
    }
    // Items come out first and are decoded one by one, so that every broken item is
    // reported, not just the first.
    let mut take_items = |key: &str| match root.get_mut().remove(key).map(Spanned::into_inner) {
        Some(DeValue::Array(items)) => Ok(items.into_iter().collect::<Vec<_>>()),
        Some(other) => Err(Problem::error(format!("invalid type: {}, expected an array of tables", other.type_str()))
            .on(key.to_owned())),
        None => Ok(Vec::new()),
    };
    let (measures, incidents) = (take_items("measures"), take_items("incidents"));
    let mut problems = Vec::new();
    let head = FeedDocument::<Never, Never>::deserialize(toml::de::Deserializer::from(root))
        .map_err(|e| problems.push(toml_error(&e)))
        .ok();
    let measures = decode_items(measures, &mut problems, &toml_error);
    let incidents = decode_items(incidents, &mut problems, &toml_error);
    match head {
        Some(head) if problems.is_empty() => {
            // The parsed tree went into the deserializer; parse again, once, only if a
            // problem needs placing.
            let root = std::cell::OnceCell::new();
            finish(text, head.with_items(measures, incidents), options, |path| {
                let root = root.get_or_init(|| DeTable::parse(text).ok());
                locate_toml(root.as_ref()?, path)
            })
        }
        _ => Err(Rejected { problems: sorted(problems) }),
    }
}

fn decode_items<T: for<'de> Deserialize<'de>>(
    list: Result<Vec<Spanned<DeValue<'_>>>, Problem>,
    problems: &mut Vec<Problem>,
    toml_error: &impl Fn(&toml::de::Error) -> Problem,
) -> Vec<T> {
    let list = list.unwrap_or_else(|problem| {
        problems.push(problem);
        Vec::new()
    });
    list.into_iter()
        .filter_map(|item| {
            crate::feed::recover::toml_item(item).map_err(|errors| problems.extend(errors.iter().map(toml_error))).ok()
        })
        .collect()
}

fn toml_version_problem(text: &str, root: &DeTable<'_>) -> Option<Problem> {
    let (_, value) = root.iter().find(|(k, _)| k.get_ref() == "version")?;
    let version = value.get_ref().as_integer().and_then(|i| i64::from_str_radix(i.as_str(), i.radix()).ok());
    Some(version_problem(version)?.at(Some(Position::from_offset(text, value.span().start))))
}

fn decode_json(text: &str, options: &DecodeOptions) -> Result<Accepted, Rejected> {
    if text.trim().is_empty() {
        return Err(Rejected::one(Problem::error("the file is empty").at(Some(Position { line: 1, column: 1 }))));
    }
    #[derive(Deserialize)]
    struct VersionAndItems<'a> {
        version: Option<serde_json::Value>,
        #[serde(borrow, default)]
        measures: Option<Vec<&'a RawValue>>,
        #[serde(borrow, default)]
        incidents: Option<Vec<&'a RawValue>>,
    }
    // A first, lenient pass: the version (a newer format's fields are not our errors)
    // and the items, still raw.
    let lenient: Option<VersionAndItems<'_>> = match serde_json::from_str(text) {
        Ok(found) => Some(found),
        // A syntax error is the one thing to report; a type error in the lists is
        // reported below by the strict pass.
        Err(e) if e.is_syntax() || e.is_eof() => {
            return Err(Rejected::one(json_problem(text, &std::cell::OnceCell::new(), 0, text, &e)));
        }
        Err(_) => None,
    };
    if let Some(problem) = lenient.as_ref().and_then(|l| version_problem(l.version.as_ref()?.as_i64())) {
        let offset = locate_json(text, item_path!["version"].segments());
        return Err(Rejected::one(problem.at(offset.map(|o| Position::from_offset(text, o)))));
    }
    let lines = std::cell::OnceCell::new();
    let mut problems = Vec::new();
    let head = serde_json::from_str::<FeedDocument<&RawValue, &RawValue>>(text)
        .map_err(|e| problems.push(json_problem(text, &lines, 0, text, &e)))
        .ok();
    let (raw_measures, raw_incidents) =
        lenient.map(|l| (l.measures.unwrap_or_default(), l.incidents.unwrap_or_default())).unwrap_or_default();
    let measure_spans = spans_in(text, &raw_measures);
    let incident_spans = spans_in(text, &raw_incidents);
    let measures = decode_json_items(text, &lines, &raw_measures, &measure_spans, &mut problems);
    let incidents = decode_json_items(text, &lines, &raw_incidents, &incident_spans, &mut problems);
    match head {
        Some(head) if problems.is_empty() => {
            // An item's problem is looked for in the item's own text: placing many
            // problems never rescans the whole file.
            finish(text, head.with_items(measures, incidents), options, |path| match path.segments() {
                [Segment::Key("measures"), Segment::Index(i), rest @ ..] => {
                    locate_in(text, measure_spans.get(*i)?, rest)
                }
                [Segment::Key("incidents"), Segment::Index(i), rest @ ..] => {
                    locate_in(text, incident_spans.get(*i)?, rest)
                }
                segments => locate_json(text, segments),
            })
        }
        _ => Err(Rejected { problems: sorted(problems) }),
    }
}

/// Where each raw item stands in `text`, as (start, length). An item's text is a slice
/// of `text`: its address gives its offset.
fn spans_in(text: &str, raw: &[&RawValue]) -> Vec<(usize, usize)> {
    raw.iter()
        .map(|item| ((item.get().as_ptr() as usize).saturating_sub(text.as_ptr() as usize), item.get().len()))
        .collect()
}

/// `path` within the item at `span`, as an offset into the whole text.
fn locate_in(text: &str, &(start, len): &(usize, usize), path: &[Segment]) -> Option<usize> {
    locate_json(text.get(start..start + len)?, path).map(|offset| start + offset)
}

fn decode_json_items<'a, T: for<'de> Deserialize<'de>>(
    text: &'a str,
    lines: &std::cell::OnceCell<LineIndex<'a>>,
    raw: &[&RawValue],
    spans: &[(usize, usize)],
    problems: &mut Vec<Problem>,
) -> Vec<T> {
    raw.iter()
        .zip(spans)
        .filter_map(|(item, span)| {
            crate::feed::recover::json_item(item.get())
                .map_err(|errors| {
                    for (e, part) in errors {
                        problems.push(json_problem(text, lines, span.0, &part, &e));
                    }
                })
                .ok()
        })
        .collect()
}

/// Problems in file order, as a compiler lists them.
fn sorted(mut problems: Vec<Problem>) -> Vec<Problem> {
    problems.sort_by_key(|p| p.position);
    problems.dedup();
    problems
}

/// Stands in for the items while the rest of a TOML document is decoded (they have been
/// taken out, so the lists are always empty).
#[derive(Debug)]
enum Never {}

impl<'de> Deserialize<'de> for Never {
    fn deserialize<D: serde::Deserializer<'de>>(_: D) -> Result<Self, D::Error> {
        Err(serde::de::Error::custom("items are decoded separately"))
    }
}

/// Rust type names mean nothing to a producer.
fn humanize(message: &str) -> String {
    message
        .replace("expected i64", "expected an integer")
        .replace("expected u64", "expected a non-negative integer")
        .replace("expected u32", "expected a non-negative integer")
        .replace("expected f64", "expected a number")
        .replace("expected a boolean", "expected true or false")
}

/// When a document does not decode, a version other than ours is the likely reason and
/// the only useful message: the rest may be a newer format's fields.
fn version_problem(version: Option<i64>) -> Option<Problem> {
    let version = version?;
    (version > FORMAT_VERSION).then(|| {
        Problem::error(format!(
            "feed format version {version} needs a newer sitrep: this one reads version {FORMAT_VERSION}"
        ))
        .on("version")
    })
}

/// A serde_json error in the part of `text` at `(start, len)`, placed in the whole text.
/// A serde_json error in `part`, which stands at byte `start` of `text` (the part may be
/// a copy with keys blanked out: its offsets are the original's).
fn json_problem<'a>(
    text: &'a str,
    lines: &std::cell::OnceCell<LineIndex<'a>>,
    start: usize,
    part: &str,
    e: &serde_json::Error,
) -> Problem {
    let full = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    let mut message = humanize(full.strip_suffix(&suffix).unwrap_or(&full));
    if message == "key must be a string" {
        // What serde_json says of `{"a": 1, }`.
        message = "trailing comma, or a key that is not a string".into();
    }
    let position = (e.line() > 0).then(|| {
        let stop = crate::feed::json_scan::offset_of(part, e.line(), e.column());
        let offset = start + crate::feed::json_scan::blame(part, stop, &message);
        lines.get_or_init(|| LineIndex::new(text)).position(offset)
    });
    Problem::error(message).at(position)
}

fn finish(
    text: &str,
    doc: FeedDocument,
    options: &DecodeOptions,
    locate: impl Fn(&ItemPath) -> Option<usize>,
) -> Result<Accepted, Rejected> {
    let lines = std::cell::OnceCell::new();
    let place = |findings: Vec<Finding>| -> Vec<Problem> {
        findings
            .into_iter()
            .map(|(path, problem)| {
                let position = locate(&path).map(|offset| lines.get_or_init(|| LineIndex::new(text)).position(offset));
                problem.at(position)
            })
            .collect()
    };
    match validate(doc, &options.scales, options.now, &options.zone) {
        Verdict::Valid { feed, warnings } => Ok(Accepted { feed: *feed, warnings: place(warnings) }),
        Verdict::Invalid { errors, warnings } => {
            let mut problems = place(errors);
            problems.extend(place(warnings));
            Err(Rejected { problems })
        }
    }
}
