//! `sitrep schema` describes exactly what the decoder accepts: the demo feed and the valid
//! corpus validate against it, and it rejects what the decoder rejects structurally.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test fails loudly on a broken fixture

use std::path::Path;

use sitrep::feed::DEMO_FEED;

fn compiled_schema() -> (boon::Schemas, boon::SchemaIndex) {
    let schema: serde_json::Value = serde_json::from_str(&sitrep::feed::schema::json_schema()).unwrap();
    assert_eq!(schema["$schema"], "https://json-schema.org/draft/2020-12/schema");
    let mut schemas = boon::Schemas::new();
    let mut compiler = boon::Compiler::new();
    compiler.enable_format_assertions();
    compiler.add_resource("feed.schema.json", schema).unwrap();
    let index = compiler.compile("feed.schema.json", &mut schemas).unwrap();
    (schemas, index)
}

/// A TOML feed as the JSON tree the schema speaks of (native datetimes become RFC 3339
/// strings; TOML 1.1's forms without seconds get their `:00`).
fn toml_as_json(text: &str) -> serde_json::Value {
    let value: toml::Value = toml::from_str(text).unwrap();
    fn convert(value: toml::Value) -> serde_json::Value {
        match value {
            toml::Value::String(s) => s.into(),
            toml::Value::Integer(i) => i.into(),
            toml::Value::Float(f) => f.into(),
            toml::Value::Boolean(b) => b.into(),
            toml::Value::Datetime(mut d) => {
                if let Some(time) = d.time.as_mut() {
                    time.second.get_or_insert(0);
                }
                d.to_string().into()
            }
            toml::Value::Array(items) => items.into_iter().map(convert).collect(),
            toml::Value::Table(t) => t.into_iter().map(|(k, v)| (k, convert(v))).collect(),
        }
    }
    convert(value)
}

#[test]
fn the_demo_feed_validates_against_the_schema() {
    let (schemas, index) = compiled_schema();
    let demo = toml_as_json(DEMO_FEED);
    if let Err(e) = schemas.validate(&demo, index) {
        panic!("{e:#}");
    }
}

#[test]
fn the_valid_corpus_validates_against_the_schema() {
    let (schemas, index) = compiled_schema();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/feeds/valid");
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let value = match path.extension().and_then(|e| e.to_str()) {
            Some("toml") => toml_as_json(&std::fs::read_to_string(&path).unwrap()),
            Some("json") => serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap(),
            _ => continue,
        };
        if let Err(e) = schemas.validate(&value, index) {
            panic!("{}: {e:#}", path.display());
        }
    }
}

#[test]
fn the_schema_rejects_what_the_decoder_rejects() {
    let (schemas, index) = compiled_schema();
    let base = serde_json::json!({
        "version": 1, "generated": "2015-11-18T09:00:00+01:00", "threat": {"level": "substantieel"}
    });
    assert!(schemas.validate(&base, index).is_ok());
    let mut cases = Vec::new();
    let mut typo = base.clone();
    typo["threat"]["lvel"] = 4.into();
    cases.push(("unknown key", typo));
    let mut version = base.clone();
    version["version"] = 2.into();
    cases.push(("version 2", version));
    let mut no_offset = base.clone();
    no_offset["generated"] = "2015-11-18T09:00:00".into();
    cases.push(("datetime without offset", no_offset));
    let mut category = base.clone();
    category["measures"] = serde_json::json!([{
        "id": "a", "location": "x", "category": "harbour", "description": "d", "status": "active"
    }]);
    cases.push(("unknown category", category));
    let mut lat = base.clone();
    lat["incidents"] = serde_json::json!([{
        "id": "a", "time": "2015-11-18T09:00:00Z", "title": "t", "severity": "info", "lat": 91.0, "lon": 0.0
    }]);
    cases.push(("latitude out of range", lat));
    let mut dead = base;
    dead["incidents"] = serde_json::json!([{
        "id": "a", "time": "2015-11-18T09:00:00Z", "title": "t", "severity": "info", "casualties": {"dead": -1}
    }]);
    cases.push(("negative casualties", dead));
    for (what, value) in cases {
        assert!(schemas.validate(&value, index).is_err(), "schema accepted {what}");
    }
}
