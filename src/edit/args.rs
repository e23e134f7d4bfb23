//! The command line of `edit`, `add`, `set` and `remove`, and how each becomes a
//! [`Change`].

use std::path::PathBuf;

use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::{Args, Subcommand};
use serde::de::DeserializeOwned;

use crate::edit::change::{Change, IncidentFields, ItemKind, LevelChange, MeasureFields};
use crate::edit::when::When;
use crate::feed::{Category, MeasureStatus, Severity, Visibility};

const SEVERITIES: [&str; 4] = ["info", "minor", "major", "critical"];
const CATEGORIES: [&str; 7] = ["station", "airport", "border", "government", "event", "infrastructure", "other"];
const STATUSES: [&str; 5] = ["planned", "active", "intensified", "scaled_down", "ended"];
const VISIBILITIES: [&str; 2] = ["visible", "covert"];

/// A value of one of the feed's enums, by its name in the feed.
fn enum_value<T: DeserializeOwned + Clone + Send + Sync + 'static>(
    names: &'static [&'static str],
) -> impl TypedValueParser<Value = T> {
    PossibleValuesParser::new(names).try_map(|name: String| {
        serde_json::from_value::<T>(serde_json::Value::String(name.to_lowercase())).map_err(|e| e.to_string())
    })
}

fn latitude(text: &str) -> Result<f64, String> {
    degrees(text, 90.0)
}

fn longitude(text: &str) -> Result<f64, String> {
    degrees(text, 180.0)
}

fn degrees(text: &str, limit: f64) -> Result<f64, String> {
    let value: f64 = text.trim().parse().map_err(|_| format!("`{text}` is not a number"))?;
    if value.is_finite() && (-limit..=limit).contains(&value) {
        Ok(value)
    } else {
        Err(format!("{value} is out of range: expected -{limit}..{limit} degrees (WGS84)"))
    }
}

/// `sitrep edit [FEED]`.
#[derive(Debug, Args)]
pub struct EditArgs {
    /// The feed to edit (else --feed, else the config's `feed`). Not named `feed`:
    /// that is the global --feed's name.
    #[arg(value_name = "FEED")]
    pub file: Option<PathBuf>,
}

/// What every writing command takes.
#[derive(Debug, Clone, Copy, Args)]
pub struct WriteArgs {
    /// Print the change as a unified diff and write nothing.
    #[arg(long)]
    pub dry_run: bool,
}

/// `sitrep add`.
#[derive(Debug, Args)]
pub struct AddArgs {
    #[command(subcommand)]
    pub what: AddCommand,
}

#[derive(Debug, Subcommand)]
pub enum AddCommand {
    /// Add an incident (or another event) to the timeline; prints its id.
    Incident(AddIncidentArgs),
    /// Add a measure; prints its id.
    Measure(AddMeasureArgs),
}

/// The fields of an incident, as options.
#[derive(Debug, Args)]
pub struct IncidentOptions {
    /// When it happened or is scheduled: RFC 3339 with an offset, a date
    /// (2015-11-16), or `now`.
    #[arg(long, value_name = "TIME|now", value_parser = When::parse)]
    pub time: Option<When>,
    /// Where.
    #[arg(long)]
    pub location: Option<String>,
    /// Free labels, comma-separated.
    #[arg(long, value_delimiter = ',', value_name = "TAG,...")]
    pub tags: Option<Vec<String>>,
    /// Details; may span lines.
    #[arg(long)]
    pub details: Option<String>,
    /// The document or channel it came from.
    #[arg(long)]
    pub source: Option<String>,
    /// Who claimed it.
    #[arg(long)]
    pub claimed_by: Option<String>,
    /// People killed.
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    pub dead: Option<u32>,
    /// People injured.
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    pub injured: Option<u32>,
    /// Latitude, WGS84 degrees (with --lon).
    #[arg(long, requires = "lon", allow_negative_numbers = true, value_parser = latitude)]
    pub lat: Option<f64>,
    /// Longitude, WGS84 degrees (with --lat).
    #[arg(long, requires = "lat", allow_negative_numbers = true, value_parser = longitude)]
    pub lon: Option<f64>,
}

impl IncidentOptions {
    fn fields(&self, title: Option<&String>, severity: Option<Severity>) -> IncidentFields {
        IncidentFields {
            time: self.time,
            title: title.cloned(),
            severity,
            location: self.location.clone(),
            tags: self
                .tags
                .as_ref()
                .map(|tags| tags.iter().map(|t| t.trim().to_owned()).filter(|t| !t.is_empty()).collect()),
            dead: self.dead,
            injured: self.injured,
            claimed_by: self.claimed_by.clone(),
            source: self.source.clone(),
            details: self.details.clone(),
            lat: self.lat,
            lon: self.lon,
        }
    }
}

#[derive(Debug, Args)]
pub struct AddIncidentArgs {
    /// One line saying what happened.
    #[arg(long)]
    pub title: String,
    /// How bad it is.
    #[arg(long, ignore_case = true, value_parser = enum_value::<Severity>(&SEVERITIES))]
    pub severity: Severity,
    #[command(flatten)]
    pub fields: IncidentOptions,
    /// The id (else a readable, unique one is made, e.g. i-20151113-2120-a3).
    #[arg(long)]
    pub id: Option<String>,
    #[command(flatten)]
    pub write: WriteArgs,
}

/// The fields of a measure, as options.
#[derive(Debug, Args)]
pub struct MeasureOptions {
    /// Who does it: KMar, Politie, ...
    #[arg(long)]
    pub agency: Option<String>,
    /// In force since: RFC 3339 with an offset, a date, or `now`.
    #[arg(long, value_name = "TIME|now", value_parser = When::parse)]
    pub since: Option<When>,
    /// Next review: RFC 3339 with an offset, a date, or `now`.
    #[arg(long, value_name = "TIME|now", value_parser = When::parse)]
    pub review: Option<When>,
    /// `covert` hides it where the screen is public.
    #[arg(long, ignore_case = true, value_parser = enum_value::<Visibility>(&VISIBILITIES))]
    pub visibility: Option<Visibility>,
    /// Province, city or district.
    #[arg(long)]
    pub region: Option<String>,
    /// Free text; may span lines.
    #[arg(long)]
    pub notes: Option<String>,
    /// Latitude, WGS84 degrees (with --lon).
    #[arg(long, requires = "lon", allow_negative_numbers = true, value_parser = latitude)]
    pub lat: Option<f64>,
    /// Longitude, WGS84 degrees (with --lat).
    #[arg(long, requires = "lat", allow_negative_numbers = true, value_parser = longitude)]
    pub lon: Option<f64>,
}

impl MeasureOptions {
    fn fields(&self) -> MeasureFields {
        MeasureFields {
            agency: self.agency.clone(),
            since: self.since,
            review: self.review,
            visibility: self.visibility,
            region: self.region.clone(),
            notes: self.notes.clone(),
            lat: self.lat,
            lon: self.lon,
            ..MeasureFields::default()
        }
    }
}

#[derive(Debug, Args)]
pub struct AddMeasureArgs {
    /// Where, as people say it: "Schiphol", "Utrecht Centraal".
    #[arg(long)]
    pub location: String,
    /// What kind of place.
    #[arg(long, ignore_case = true, value_parser = enum_value::<Category>(&CATEGORIES))]
    pub category: Category,
    /// What is done.
    #[arg(long)]
    pub description: String,
    /// Its state (default: active).
    #[arg(long, ignore_case = true, value_parser = enum_value::<MeasureStatus>(&STATUSES))]
    pub status: Option<MeasureStatus>,
    #[command(flatten)]
    pub fields: MeasureOptions,
    /// The id (else a readable, unique one is made, e.g. m-20151114-0600-b2).
    #[arg(long)]
    pub id: Option<String>,
    #[command(flatten)]
    pub write: WriteArgs,
}

/// `sitrep set`.
#[derive(Debug, Args)]
pub struct SetArgs {
    #[command(subcommand)]
    pub what: SetCommand,
}

#[derive(Debug, Subcommand)]
pub enum SetCommand {
    /// Set the national threat level; the old one goes into the history. Prints the
    /// level.
    Level(SetLevelArgs),
    /// Set fields of a measure (e.g. --status ended); prints its id.
    Measure(SetMeasureArgs),
    /// Set fields of an incident; prints its id.
    Incident(SetIncidentArgs),
}

#[derive(Debug, Args)]
pub struct SetLevelArgs {
    /// A level of the feed's scale, by name or rank.
    pub level: String,
    /// When it took effect (default: now).
    #[arg(long, value_name = "TIME|now", value_parser = When::parse)]
    pub since: Option<When>,
    /// One or two sentences of reasoning.
    #[arg(long)]
    pub summary: Option<String>,
    /// When it was assessed.
    #[arg(long, value_name = "TIME|now", value_parser = When::parse)]
    pub assessed: Option<When>,
    /// The document behind the assessment.
    #[arg(long)]
    pub reference: Option<String>,
    /// When it lapses (a time-limited raise).
    #[arg(long, value_name = "TIME", value_parser = When::parse)]
    pub until: Option<When>,
    #[command(flatten)]
    pub write: WriteArgs,
}

#[derive(Debug, Args)]
pub struct SetMeasureArgs {
    /// The measure's id.
    pub id: String,
    /// Where, as people say it.
    #[arg(long)]
    pub location: Option<String>,
    /// What kind of place.
    #[arg(long, ignore_case = true, value_parser = enum_value::<Category>(&CATEGORIES))]
    pub category: Option<Category>,
    /// What is done.
    #[arg(long)]
    pub description: Option<String>,
    /// Its state: `ended` when it is lifted.
    #[arg(long, ignore_case = true, value_parser = enum_value::<MeasureStatus>(&STATUSES))]
    pub status: Option<MeasureStatus>,
    #[command(flatten)]
    pub fields: MeasureOptions,
    /// Remove optional fields (comma-separated): agency, visibility, since, review,
    /// region, lat, lon, notes.
    #[arg(long, value_delimiter = ',', value_name = "FIELD,...")]
    pub clear: Vec<String>,
    #[command(flatten)]
    pub write: WriteArgs,
}

#[derive(Debug, Args)]
pub struct SetIncidentArgs {
    /// The incident's id.
    pub id: String,
    /// One line saying what happened.
    #[arg(long)]
    pub title: Option<String>,
    /// How bad it is.
    #[arg(long, ignore_case = true, value_parser = enum_value::<Severity>(&SEVERITIES))]
    pub severity: Option<Severity>,
    #[command(flatten)]
    pub fields: IncidentOptions,
    /// Remove optional fields (comma-separated): location, tags, casualties, dead,
    /// injured, claimed_by, source, details, lat, lon.
    #[arg(long, value_delimiter = ',', value_name = "FIELD,...")]
    pub clear: Vec<String>,
    #[command(flatten)]
    pub write: WriteArgs,
}

/// `sitrep remove`.
#[derive(Debug, Args)]
pub struct RemoveArgs {
    #[command(subcommand)]
    pub what: RemoveCommand,
}

#[derive(Debug, Subcommand)]
pub enum RemoveCommand {
    /// Remove a measure; prints its id.
    Measure(RemoveItemArgs),
    /// Remove an incident; prints its id.
    Incident(RemoveItemArgs),
}

#[derive(Debug, Args)]
pub struct RemoveItemArgs {
    /// The item's id.
    pub id: String,
    #[command(flatten)]
    pub write: WriteArgs,
}

impl AddArgs {
    /// The change this command asks for, and whether it is a dry run.
    #[must_use]
    pub fn change(&self) -> (Change, WriteArgs) {
        match &self.what {
            AddCommand::Incident(a) => (
                Change::AddIncident { id: a.id.clone(), fields: a.fields.fields(Some(&a.title), Some(a.severity)) },
                a.write,
            ),
            AddCommand::Measure(a) => {
                let fields = MeasureFields {
                    location: Some(a.location.clone()),
                    category: Some(a.category),
                    description: Some(a.description.clone()),
                    status: a.status,
                    ..a.fields.fields()
                };
                (Change::AddMeasure { id: a.id.clone(), fields }, a.write)
            }
        }
    }
}

impl SetArgs {
    /// The change this command asks for, and whether it is a dry run.
    #[must_use]
    pub fn change(&self) -> (Change, WriteArgs) {
        match &self.what {
            SetCommand::Level(a) => (
                Change::SetLevel(LevelChange {
                    level: a.level.clone(),
                    since: a.since,
                    summary: a.summary.clone(),
                    assessed: a.assessed,
                    reference: a.reference.clone(),
                    until: a.until,
                }),
                a.write,
            ),
            SetCommand::Measure(a) => {
                let fields = MeasureFields {
                    location: a.location.clone(),
                    category: a.category,
                    description: a.description.clone(),
                    status: a.status,
                    ..a.fields.fields()
                };
                (Change::SetMeasure { id: a.id.clone(), fields, clear: a.clear.clone() }, a.write)
            }
            SetCommand::Incident(a) => (
                Change::SetIncident {
                    id: a.id.clone(),
                    fields: a.fields.fields(a.title.as_ref(), a.severity),
                    clear: a.clear.clone(),
                },
                a.write,
            ),
        }
    }
}

impl RemoveArgs {
    /// The change this command asks for, and whether it is a dry run.
    #[must_use]
    pub fn change(&self) -> (Change, WriteArgs) {
        let (kind, args) = match &self.what {
            RemoveCommand::Measure(a) => (ItemKind::Measure, a),
            RemoveCommand::Incident(a) => (ItemKind::Incident, a),
        };
        (Change::Remove { kind, id: args.id.clone() }, args.write)
    }
}
