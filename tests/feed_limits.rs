//! Hostile shapes of input: deep nesting, oversized files, non-UTF-8, odd files.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test fails loudly on a broken fixture

use std::io::Write;

use sitrep::feed::{DecodeOptions, Format, decode, read_file};

const HEAD_TOML: &str = "version = 1\ngenerated = 2015-11-18T09:00:00+01:00\n[threat]\nlevel = 4\n";

fn error_text(result: Result<sitrep::feed::Accepted, sitrep::feed::Rejected>) -> String {
    match result {
        Ok(_) => panic!("accepted"),
        Err(rejected) => rejected.problems.iter().map(|p| p.display_in("f").to_string()).collect::<Vec<_>>().join("\n"),
    }
}

#[test]
fn twenty_thousand_nested_arrays_are_an_error_in_toml() {
    let depth = 20_000;
    let text = format!("x = {}{}\n{HEAD_TOML}", "[".repeat(depth), "]".repeat(depth));
    let message = error_text(decode(text.as_bytes(), Format::Toml, &DecodeOptions::default()));
    assert!(message.contains("f:1:"), "{message}");
}

#[test]
fn twenty_thousand_nested_arrays_are_an_error_in_json() {
    let depth = 20_000;
    let text = format!(
        r#"{{"version": 1, "x": {}{}, "generated": "2015-11-18T09:00:00Z", "threat": {{"level": 4}}}}"#,
        "[".repeat(depth),
        "]".repeat(depth)
    );
    let message = error_text(decode(text.as_bytes(), Format::Json, &DecodeOptions::default()));
    assert!(message.starts_with("f:1:"), "{message}");
    // Where the decoder has to descend (a value it ignores while looking for `version`),
    // the JSON parser's recursion limit stops it.
    let objects = format!(r#"{{"version": 2, "x": {}1{}}}"#, "{\"a\":".repeat(depth), "}".repeat(depth));
    let message = error_text(decode(objects.as_bytes(), Format::Json, &DecodeOptions::default()));
    assert!(message.starts_with("f:1:"), "{message}");
    let arrays = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
    let message = error_text(decode(arrays.as_bytes(), Format::Json, &DecodeOptions::default()));
    assert!(message.starts_with("f:1:"), "{message}");
}

#[test]
fn a_file_over_the_limit_is_refused_before_it_is_read() {
    let mut file = tempfile::Builder::new().suffix(".toml").tempfile().unwrap();
    file.write_all(HEAD_TOML.as_bytes()).unwrap();
    file.write_all(&vec![b'#'; 2000]).unwrap();
    let options = DecodeOptions { max_bytes: 1024, ..DecodeOptions::default() };
    let message = error_text(read_file(file.path(), None, &options));
    assert!(message.contains("larger than the limit of 1024 bytes"), "{message}");
    let roomy = DecodeOptions { max_bytes: 1 << 20, ..DecodeOptions::default() };
    assert!(read_file(file.path(), None, &roomy).is_ok());
}

#[test]
fn non_utf8_is_rejected_with_its_position() {
    let mut bytes = HEAD_TOML.as_bytes().to_vec();
    bytes.extend_from_slice(b"summary = \"caf\xe9\"\n");
    let message = error_text(decode(&bytes, Format::Toml, &DecodeOptions::default()));
    assert_eq!(message, "f:5:15: error: not UTF-8: a feed must be UTF-8 text");
}

#[test]
fn a_utf8_byte_order_mark_is_tolerated() {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(HEAD_TOML.as_bytes());
    assert!(decode(&bytes, Format::Toml, &DecodeOptions::default()).is_ok());
}

#[test]
fn directories_and_unknown_extensions_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let message = error_text(read_file(dir.path(), Some(Format::Toml), &DecodeOptions::default()));
    assert!(message.contains("not a regular file"), "{message}");
    let message = error_text(read_file(&dir.path().join("feed.yaml"), None, &DecodeOptions::default()));
    assert!(message.contains("cannot tell the format"), "{message}");
    let message = error_text(read_file(&dir.path().join("missing.toml"), None, &DecodeOptions::default()));
    assert!(message.contains("cannot open"), "{message}");
}
