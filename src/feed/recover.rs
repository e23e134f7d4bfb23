//! Every error of one item, not just the first. serde stops at an item's first error;
//! here the offending key is set aside and the item decoded again, until it decodes or
//! no key can be blamed. A "missing field" for a key set aside is not reported again.

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::feed::json_scan;

/// The most keys set aside in one item before giving up.
const MAX_RETRIES: usize = 32;

/// Whether `message` only says that a key we set aside is missing.
fn about_removed(message: &str, removed: &[String]) -> bool {
    removed.iter().any(|key| message.starts_with(&format!("missing field `{key}`")))
}

/// Decodes a TOML item (a table of an array of tables), collecting every error.
///
/// # Errors
/// Every error found, as the decoder reported them (spans into the whole text).
pub fn toml_item<T: for<'de> serde::Deserialize<'de>>(item: Spanned<DeValue<'_>>) -> Result<T, Vec<toml::de::Error>> {
    let first = match T::deserialize(toml::de::ValueDeserializer::from(item.clone())) {
        Ok(value) => return Ok(value),
        Err(e) => e,
    };
    let span = item.span();
    let DeValue::Table(mut table) = item.into_inner() else { return Err(vec![first]) };
    let mut errors = vec![first];
    let mut removed = Vec::new();
    while removed.len() < MAX_RETRIES {
        let Some(offset) = errors.last().and_then(toml::de::Error::span).map(|s| s.start) else { break };
        let Some(key) = blamed_toml_key(&table, offset) else { break };
        table = table.into_iter().filter(|(k, _)| k.get_ref().as_ref() != key.as_str()).collect();
        removed.push(key);
        match T::deserialize(toml::de::ValueDeserializer::from(Spanned::new(
            span.clone(),
            DeValue::Table(table.clone()),
        ))) {
            Ok(_) => break,
            Err(e) if about_removed(e.message(), &removed) => break,
            Err(e) => errors.push(e),
        }
    }
    Err(errors)
}

/// The key whose key or value holds byte `offset`.
fn blamed_toml_key(table: &DeTable<'_>, offset: usize) -> Option<String> {
    table
        .iter()
        .find(|(k, v)| k.span().contains(&offset) || v.span().contains(&offset) || v.span().end == offset)
        .map(|(k, _)| k.get_ref().to_string())
}

/// Decodes a JSON item (the object text `item`, found at `start` in the whole text),
/// collecting every error as (offset into the whole text, message).
///
/// # Errors
/// Every error found, as (serde_json error, the item text it was found in).
pub fn json_item<T: for<'de> serde::Deserialize<'de>>(item: &str) -> Result<T, Vec<(serde_json::Error, String)>> {
    let first = match serde_json::from_str(item) {
        Ok(value) => return Ok(value),
        Err(e) => e,
    };
    // Keys are blanked out with spaces, so every offset stays where it was.
    let mut working = item.to_owned();
    let mut errors = vec![(first, working.clone())];
    let mut removed = Vec::new();
    while removed.len() < MAX_RETRIES {
        let Some((error, text)) = errors.last() else { break };
        let stop = json_scan::offset_of(text, error.line(), error.column());
        let blamed = json_scan::blame(text, stop, &error.to_string());
        let Some(member) = json_scan::top_level_members(&working).into_iter().find(|m| m.contains(blamed)) else {
            break;
        };
        let blanked = member.blank_out(&working);
        if blanked == working {
            break;
        }
        working = blanked;
        removed.push(member.key);
        match serde_json::from_str::<T>(&working) {
            Ok(_) => break,
            Err(e) if about_removed(&e.to_string(), &removed) => break,
            Err(e) => errors.push((e, working.clone())),
        }
    }
    Err(errors)
}
