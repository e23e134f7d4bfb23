//! One kept version on disk: a record in a month's pack file. A record is a keyframe (the
//! whole feed, zstd-compressed) or a delta (zstd with an earlier keyframe of the same
//! pack as its dictionary), so a small change to a large feed costs a few hundred bytes.
//!
//! ```text
//! b"SRV1"  u32le meta length  meta (JSON)  u32le data length  data (one zstd frame)
//! meta: {"hash":"sha256:…","format":"toml","size":22447,"base":"sha256:…","kept":"…"}
//! ```

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::feed::Format;
use crate::journal::ContentHash;

/// The first bytes of every record.
pub const MAGIC: &[u8; 4] = b"SRV1";

/// Feeds up to this size are kept as deltas where that pays; larger ones are compressed
/// whole, faster (a dictionary of many megabytes costs more than it saves).
pub const DELTA_MAX_BYTES: usize = 1024 * 1024;

/// The zstd levels: small feeds get the strongest, larger ones faster ones (a writer
/// keeps the version it wrote, and must stay quick).
const LEVEL_SMALL: i32 = 19;
const LEVEL_MEDIUM: i32 = 9;
const LEVEL_LARGE: i32 = 3;

/// Feeds up to this size get [`LEVEL_SMALL`].
const SMALL_BYTES: usize = 64 * 1024;

/// What a record says about its version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meta {
    pub hash: ContentHash,
    pub format: Format,
    /// The uncompressed size in bytes.
    pub size: u64,
    /// The keyframe this record is a delta against; absent for a keyframe.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base: Option<ContentHash>,
    /// When it was first kept (wall clock).
    pub kept: DateTime<Utc>,
}

/// A record as written: the meta and the compressed bytes.
#[derive(Debug, Clone)]
pub struct Record {
    pub meta: Meta,
    pub data: Vec<u8>,
}

impl Record {
    /// The record's bytes, ready for one `write(2)`.
    #[must_use]
    pub fn encode(&self) -> Vec<u8> {
        // Serializing plain data to a Vec cannot fail.
        let meta = serde_json::to_vec(&self.meta).unwrap_or_default();
        let mut out = Vec::with_capacity(12 + meta.len() + self.data.len());
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&u32::try_from(meta.len()).unwrap_or(u32::MAX).to_le_bytes());
        out.extend_from_slice(&meta);
        out.extend_from_slice(&u32::try_from(self.data.len()).unwrap_or(u32::MAX).to_le_bytes());
        out.extend_from_slice(&self.data);
        out
    }

    /// A record from its bytes, or why they are not one.
    ///
    /// # Errors
    /// Not a record (wrong magic, lengths past the end, unreadable meta).
    pub fn decode(bytes: &[u8]) -> Result<Self, String> {
        let rest = bytes.strip_prefix(MAGIC).ok_or("not a history record (bad magic)")?;
        let (meta, rest) = take_sized(rest).ok_or("a truncated history record")?;
        let (data, _) = take_sized(rest).ok_or("a truncated history record")?;
        let meta: Meta = serde_json::from_slice(meta).map_err(|e| format!("an unreadable record header: {e}"))?;
        Ok(Self { meta, data: data.to_vec() })
    }
}

/// A u32le length and that many bytes; the rest.
fn take_sized(bytes: &[u8]) -> Option<(&[u8], &[u8])> {
    let (length, rest) = bytes.split_first_chunk::<4>()?;
    let length = usize::try_from(u32::from_le_bytes(*length)).ok()?;
    (rest.len() >= length).then(|| rest.split_at(length))
}

/// The whole feed, compressed.
///
/// # Errors
/// When zstd fails (out of memory).
pub fn compress_whole(bytes: &[u8]) -> std::io::Result<Vec<u8>> {
    zstd::bulk::compress(bytes, level_for(bytes.len()))
}

/// A compressor of versions against `base` (the bytes of a keyframe): made once and
/// used for every delta against that keyframe.
///
/// # Errors
/// When zstd fails (out of memory).
pub fn delta_compressor(base: &[u8]) -> std::io::Result<zstd::bulk::Compressor<'static>> {
    zstd::bulk::Compressor::with_dictionary(level_for(base.len()), base)
}

/// The feed back from a record's data (`base`: the keyframe's bytes, for a delta).
///
/// # Errors
/// Corrupt data, or a size that does not match.
pub fn decompress(data: &[u8], size: usize, base: Option<&[u8]>) -> std::io::Result<Vec<u8>> {
    let bytes = match base {
        Some(base) => zstd::bulk::Decompressor::with_dictionary(base)?.decompress(data, size)?,
        None => zstd::bulk::decompress(data, size)?,
    };
    if bytes.len() == size {
        Ok(bytes)
    } else {
        Err(std::io::Error::other(format!("{} bytes where the record says {size}", bytes.len())))
    }
}

fn level_for(size: usize) -> i32 {
    match size {
        s if s <= SMALL_BYTES => LEVEL_SMALL,
        s if s <= DELTA_MAX_BYTES => LEVEL_MEDIUM,
        _ => LEVEL_LARGE,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_reads_back_and_a_delta_is_small() {
        let base = crate::feed::DEMO_FEED.as_bytes();
        let changed = crate::feed::DEMO_FEED.replace("substantieel", "kritiek");
        let delta = delta_compressor(base).unwrap().compress(changed.as_bytes()).unwrap();
        assert!(delta.len() < 600, "{}", delta.len());
        let record = Record {
            meta: Meta {
                hash: ContentHash::of(changed.as_bytes()),
                format: Format::Toml,
                size: changed.len() as u64,
                base: Some(ContentHash::of(base)),
                kept: DateTime::parse_from_rfc3339("2026-11-28T06:00:00Z").unwrap().to_utc(),
            },
            data: delta,
        };
        let again = Record::decode(&record.encode()).unwrap();
        assert_eq!(again.meta, record.meta);
        assert_eq!(decompress(&again.data, changed.len(), Some(base)).unwrap(), changed.as_bytes());
        assert!(Record::decode(&record.encode()[..20]).is_err());
        assert!(Record::decode(b"XXXX").is_err());
    }
}
