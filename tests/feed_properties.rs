//! Properties of the decoder: no input makes it panic, the two encodings decode to the
//! same model, and no unsafe character survives into the model.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test fails loudly on a broken fixture

use chrono::{DateTime, FixedOffset, TimeZone, Utc};
use proptest::prelude::*;
use sitrep::feed::model::{FeedDocument, HistoryDocument, ScopedLevelDocument, ThreatDocument};
use sitrep::feed::text::is_unsafe_char;
use sitrep::feed::{
    Casualties, Category, DecodeOptions, Format, Incident, LevelRef, LongText, Measure, MeasureStatus, Severity, Text,
    Timestamp, Visibility, decode,
};

fn options() -> DecodeOptions {
    DecodeOptions { now: Utc.with_ymd_and_hms(2015, 11, 18, 9, 0, 0).unwrap(), ..DecodeOptions::default() }
}

/// Strings as a hostile producer would write them: escape sequences, C1 controls, bidi
/// overrides, line breaks and tabs among ordinary text.
fn hostile_string() -> impl Strategy<Value = String> {
    let pieces = prop_oneof![
        "[a-zA-Zéëï0-9 ,.'()-]{0,12}",
        Just("\u{1b}]0;pwned\u{7}".to_owned()),
        Just("\u{1b}]52;c;ZWNobyBoaQ==\u{1b}\\".to_owned()),
        Just("\u{1b}[2J\u{1b}[H".to_owned()),
        Just("\u{9b}31m".to_owned()),
        Just("\u{9d}0;x\u{9c}".to_owned()),
        Just("\u{202e}evil\u{202c}".to_owned()),
        Just("\u{2067}\u{200f}".to_owned()),
        Just("\r\n\t\0\u{7f}".to_owned()),
        any::<char>().prop_map(String::from),
    ];
    prop::collection::vec(pieces, 0..4).prop_map(|p| p.concat())
}

fn text() -> impl Strategy<Value = Text> {
    hostile_string().prop_map(|s| Text::new(&s))
}

fn long_text() -> impl Strategy<Value = LongText> {
    hostile_string().prop_map(|s| LongText::new(&s))
}

fn timestamp() -> impl Strategy<Value = Timestamp> {
    (0i64..4_000_000_000, -14i32 * 4..=14 * 4).prop_map(|(secs, quarter_hours)| {
        let offset = FixedOffset::east_opt(quarter_hours * 900).unwrap();
        Timestamp::instant(DateTime::from_timestamp(secs, 0).unwrap().with_timezone(&offset))
    })
}

fn level() -> impl Strategy<Value = LevelRef> {
    prop_oneof![
        (1i64..=5).prop_map(LevelRef::Rank),
        prop::sample::select(vec!["minimaal", "Beperkt", "AANZIENLIJK", "substantieel", "kritiek"])
            .prop_map(|n| LevelRef::Name(n.into())),
    ]
}

fn coordinates() -> impl Strategy<Value = Option<(f64, f64)>> {
    prop::option::of((-90.0f64..=90.0, -180.0f64..=180.0))
}

fn measure(i: usize) -> impl Strategy<Value = Measure> {
    (
        (text(), prop::sample::select(Category::ALL.to_vec()), text(), prop::option::of(text())),
        prop::sample::select(vec![
            MeasureStatus::Planned,
            MeasureStatus::Active,
            MeasureStatus::Intensified,
            MeasureStatus::ScaledDown,
            MeasureStatus::Ended,
        ]),
        prop::bool::ANY,
        (prop::option::of(timestamp()), prop::option::of(timestamp()), prop::option::of(text())),
        coordinates(),
        prop::option::of(long_text()),
    )
        .prop_map(
            move |((location, category, description, agency), status, covert, (since, review, region), at, notes)| {
                Measure {
                    id: Text::new(&format!("m-{i}")),
                    location,
                    category,
                    description,
                    agency,
                    status,
                    visibility: if covert { Visibility::Covert } else { Visibility::Visible },
                    since,
                    review,
                    region,
                    lat: at.map(|c| c.0),
                    lon: at.map(|c| c.1),
                    notes,
                }
            },
        )
}

fn incident(i: usize) -> impl Strategy<Value = Incident> {
    (
        (
            timestamp(),
            text(),
            prop::sample::select(vec![Severity::Info, Severity::Minor, Severity::Major, Severity::Critical]),
        ),
        (prop::option::of(text()), prop::collection::vec(text(), 0..3)),
        prop::option::of((prop::option::of(0u32..10_000), prop::option::of(0u32..10_000))),
        (prop::option::of(text()), prop::option::of(text()), prop::option::of(long_text())),
        coordinates(),
    )
        .prop_map(
            move |((time, title, severity), (location, tags), casualties, (claimed_by, source, details), at)| {
                Incident {
                    id: Text::new(&format!("i-{i}")),
                    time,
                    title,
                    severity,
                    location,
                    tags,
                    casualties: casualties.map(|(dead, injured)| Casualties { dead, injured }),
                    claimed_by,
                    source,
                    details,
                    lat: at.map(|c| c.0),
                    lon: at.map(|c| c.1),
                }
            },
        )
}

fn threat() -> impl Strategy<Value = ThreatDocument> {
    (
        level(),
        prop::option::of(Just(Text::new("nctv"))),
        (prop::option::of(timestamp()), prop::option::of(text()), prop::option::of(text())),
        prop::collection::vec((level(), prop::option::of(text())), 0..3),
        prop::collection::vec((level(), timestamp()), 0..3),
    )
        .prop_map(|(level, scale, (assessed, reference, summary), scoped, history)| ThreatDocument {
            level,
            scale,
            since: None,
            assessed,
            reference,
            summary,
            until: None,
            scoped: scoped
                .into_iter()
                .enumerate()
                .map(|(i, (level, summary))| ScopedLevelDocument {
                    scope: Text::new(&format!("scope {i}")),
                    level,
                    since: None,
                    until: None,
                    summary,
                })
                .collect(),
            history: history.into_iter().map(|(level, since)| HistoryDocument { level, since }).collect(),
        })
}

fn feed_document() -> impl Strategy<Value = FeedDocument> {
    (
        timestamp(),
        (prop::option::of(text()), prop::option::of(text()), prop::bool::ANY),
        threat(),
        (0usize..4).prop_flat_map(|n| (0..n).map(measure).collect::<Vec<_>>()),
        (0usize..4).prop_flat_map(|n| (0..n).map(incident).collect::<Vec<_>>()),
    )
        .prop_map(|(generated, (source, title, exercise), threat, measures, incidents)| FeedDocument {
            version: 1,
            generated,
            source,
            title,
            exercise,
            stale_after: None,
            threat,
            measures,
            incidents,
        })
}

/// Every string of a decoded feed, with whether it may hold line breaks.
fn strings(value: &serde_json::Value, key: &str, out: &mut Vec<(String, bool)>) {
    match value {
        serde_json::Value::String(s) => out.push((s.clone(), matches!(key, "details" | "notes"))),
        serde_json::Value::Array(items) => items.iter().for_each(|v| strings(v, key, out)),
        serde_json::Value::Object(map) => map.iter().for_each(|(k, v)| strings(v, k, out)),
        _ => {}
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let _ = decode(&bytes, Format::Toml, &options());
        let _ = decode(&bytes, Format::Json, &options());
    }

    #[test]
    fn mutated_valid_feeds_never_panic(doc in feed_document(), cut in any::<prop::sample::Index>(), byte in any::<u8>()) {
        for mut bytes in [toml::to_string(&doc).unwrap().into_bytes(), serde_json::to_vec(&doc).unwrap()] {
            let at = cut.index(bytes.len().max(1)).min(bytes.len());
            let mut truncated = bytes.clone();
            truncated.truncate(at);
            if at < bytes.len() {
                bytes[at] = byte;
            }
            for format in [Format::Toml, Format::Json] {
                let _ = decode(&truncated, format, &options());
                let _ = decode(&bytes, format, &options());
            }
        }
    }

    #[test]
    fn toml_and_json_decode_to_the_same_model(doc in feed_document()) {
        let toml_text = toml::to_string(&doc).unwrap();
        let json_text = serde_json::to_string_pretty(&doc).unwrap();
        let from_toml = decode(toml_text.as_bytes(), Format::Toml, &options());
        let from_json = decode(json_text.as_bytes(), Format::Json, &options());
        let (from_toml, from_json) = match (from_toml, from_json) {
            (Ok(t), Ok(j)) => (t.feed, j.feed),
            (t, j) => panic!("not both accepted:\n{toml_text}\n{t:?}\n{json_text}\n{j:?}"),
        };
        prop_assert_eq!(&from_toml, &from_json);
        prop_assert_eq!(&from_toml.measures, &doc.measures);
        prop_assert_eq!(&from_toml.incidents, &doc.incidents);

        let mut all = Vec::new();
        strings(&serde_json::to_value(&from_toml).unwrap(), "", &mut all);
        for (s, multi_line) in all {
            prop_assert!(
                s.chars().all(|c| !is_unsafe_char(c) || (multi_line && c == '\n')),
                "unsafe character survived in {:?}", s
            );
        }
    }
}

/// The fuzz target's property (`fuzz/fuzz_targets/render_feed.rs`) in the normal suite:
/// a feed with hostile strings, decoded and drawn at any size, leaves no control or
/// bidi character in any cell, and drawing never panics.
fn render_cells(doc: &FeedDocument, width: u16, height: u16, json: bool) -> Vec<String> {
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    use sitrep::app::model::{FeedOrigin, Model, Settings};
    use sitrep::app::{FeedEvent, Message, update};
    use sitrep::config::{ColorDepth, Language};

    let bytes = if json { serde_json::to_vec(doc).unwrap() } else { toml::to_string(doc).unwrap().into_bytes() };
    let now = options().now;
    let event = match decode(&bytes, if json { Format::Json } else { Format::Toml }, &options()) {
        Ok(a) => FeedEvent::Loaded {
            feed: Box::new(a.feed),
            warnings: a.warnings,
            at: now,
            raw: sitrep::source::RawFeed::new(bytes.as_slice(), if json { Format::Json } else { Format::Toml }),
        },
        Err(r) => FeedEvent::Rejected { problems: r.problems, at: now },
    };
    let settings = Settings {
        timezone: sitrep::zone::Zone::named("Europe/Amsterdam").unwrap(),
        language: Language::Nl,
        colors: ColorDepth::TrueColor,
        ..Settings::default()
    };
    let mut model = Model::new(settings, FeedOrigin::File("f.toml".into()), now, true);
    update(&mut model, Message::Resize { width, height });
    update(&mut model, Message::Feed(event));
    let Ok(mut terminal) = Terminal::new(TestBackend::new(width, height));
    let Ok(_) = terminal.draw(|frame| sitrep::ui::view(&model, frame));
    terminal.backend().buffer().content().iter().map(|c| c.symbol().to_owned()).collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn hostile_feeds_never_reach_the_screen_raw(
        doc in feed_document(), width in 0u16..200, height in 0u16..60, json in any::<bool>()
    ) {
        for symbol in render_cells(&doc, width, height, json) {
            prop_assert!(!symbol.chars().any(is_unsafe_char), "unsafe character on screen: {:?}", symbol);
        }
    }
}
