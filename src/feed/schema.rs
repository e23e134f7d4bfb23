//! The feed's JSON Schema (2020-12), generated from the very types the decoder uses.

use crate::feed::model::FeedDocument;

/// The schema as pretty-printed JSON.
#[must_use]
pub fn json_schema() -> String {
    let mut schema = schemars::schema_for!(FeedDocument);
    schema.insert("$id".into(), "https://sitrep.invalid/feed-v1.schema.json".into());
    schema.insert(
        "description".into(),
        "A sitrep feed, format version 1: threat level, measures by location, incident timeline. \
         TOML and JSON encode the same tree; in TOML a datetime may also be a native offset datetime."
            .into(),
    );
    serde_json::to_string_pretty(&schema).unwrap_or_default()
}
