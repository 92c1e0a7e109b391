//! Reading ZIP-based uploads (ZIP, DOCX, XLSX, OFD) without being harmed by them. Attachments
//! are published: a ZIP bomb would hurt every citizen who downloads it, so it is refused at
//! upload, not only kept from hurting the server.
//!
//! Sizes in the headers are the sender's claim; the limits are checked on the bytes really
//! decompressed, read through `take` so a lying header cannot make us read more.

use std::io::{self, Cursor, Read, Write};
use zip::read::ZipFileEntry;
use zip::{CompressionMethod, ZipArchive};

use super::FileError;

/// More entries than any real document package has; the directory alone costs memory.
const MAX_ENTRIES: usize = 10_000;
/// Decompressed bytes of one entry.
const MAX_ENTRY_BYTES: u64 = 100 * 1024 * 1024;
/// Decompressed bytes of the whole archive: bounds the time a check can take.
const MAX_TOTAL_BYTES: u64 = 1024 * 1024 * 1024;
/// Text and XML compress about 10×; even a spreadsheet of repeated rows stays well below this.
const MAX_RATIO: u64 = 200;
/// Below this size an entry is too small to be a bomb, whatever its ratio (a page of blanks
/// compresses 1000×).
const RATIO_GRACE_BYTES: u64 = 1024 * 1024;

/// A ZIP archive over bytes in memory.
pub(super) type Zip<'a> = ZipArchive<Cursor<&'a [u8]>>;

/// Whether the bytes start like a ZIP archive (a first entry, or the end record of an empty one).
/// Archives behind a prefix (self-extracting programs) are deliberately not ZIPs here.
pub(super) fn is_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06")
}

/// Opens the archive after checking its entry count.
pub(super) fn open(bytes: &[u8]) -> Result<Zip<'_>, FileError> {
    // The claimed count is checked before the directory is parsed, which allocates per entry.
    if declared_entries(bytes).is_some_and(|n| n > MAX_ENTRIES) {
        return Err(suspicious("more than 10,000 entries"));
    }
    let zip = ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
        tracing::debug!(error = %e, "unreadable ZIP archive");
        FileError::Damaged
    })?;
    if zip.len() > MAX_ENTRIES {
        return Err(suspicious("more than 10,000 entries"));
    }
    Ok(zip)
}

/// The entry count in the end-of-central-directory record, unless it defers to ZIP64.
fn declared_entries(bytes: &[u8]) -> Option<usize> {
    // The record is 22 bytes plus a comment of at most 65,535.
    let tail = &bytes[bytes.len().saturating_sub(22 + usize::from(u16::MAX))..];
    let at = tail.windows(4).rposition(|w| w == b"PK\x05\x06")?;
    let field: [u8; 2] = tail.get(at + 10..at + 12)?.try_into().ok()?;
    let count = u16::from_le_bytes(field);
    (count != u16::MAX).then_some(usize::from(count))
}

/// Refuses the archive, logging why (the user sees one message for all reasons).
fn suspicious(reason: &'static str) -> FileError {
    tracing::warn!(reason, "refused a suspicious ZIP archive");
    FileError::Suspicious
}

fn too_compressed(size: u64, compressed: u64) -> bool {
    size > RATIO_GRACE_BYTES && size > compressed.saturating_mul(MAX_RATIO)
}

/// Checks a whole archive before it is accepted: entry count, names that stay inside the
/// archive, no symbolic links, no entries sharing data (overlap bombs), and for every entry
/// the size and ratio both declared and really decompressed.
pub(super) fn check(bytes: &[u8]) -> Result<(), FileError> {
    let mut zip = open(bytes)?;
    let mut deflated = Vec::with_capacity(zip.len());
    for index in 0..zip.len() {
        let entry = zip.by_index_data(index).map_err(|_| FileError::Damaged)?;
        if safe_name(&entry).is_none() {
            return Err(suspicious("entry name escapes the archive"));
        }
        if entry.is_symlink() {
            return Err(suspicious("symbolic link entry"));
        }
        if too_compressed(entry.size(), entry.compressed_size()) {
            return Err(suspicious("declared compression ratio above 200"));
        }
        // Encrypted entries and other methods cannot be measured; their declared ratio was
        // checked above, which is all that can be known of them.
        if !entry.is_dir() && !entry.encrypted() {
            match entry.compression() {
                CompressionMethod::Deflated => deflated.push(index),
                CompressionMethod::Stored if entry.size() != entry.compressed_size() => {
                    return Err(suspicious("stored entry with two sizes"));
                }
                _ => {}
            }
        }
    }
    if zip
        .has_overlapping_files()
        .map_err(|_| FileError::Damaged)?
    {
        return Err(suspicious("entries share compressed data"));
    }
    let mut total: u64 = 0;
    for index in deflated {
        let mut raw = Vec::new();
        let declared = {
            let mut entry = zip.by_index_raw(index).map_err(|_| FileError::Damaged)?;
            entry
                .read_to_end(&mut raw)
                .map_err(|_| FileError::Damaged)?;
            entry.size()
        };
        let size = inflated_size(&raw)?;
        if size > MAX_ENTRY_BYTES {
            return Err(suspicious("entry above 100 MB decompressed"));
        }
        if too_compressed(size, u64::try_from(raw.len()).unwrap_or(u64::MAX)) {
            return Err(suspicious("real compression ratio above 200"));
        }
        // Tools that stream an entry to its end would produce more than the header says.
        if size != declared {
            return Err(suspicious("sizes in the headers lie"));
        }
        total = total.saturating_add(size);
        if total > MAX_TOTAL_BYTES {
            return Err(suspicious("more than 1 GB decompressed"));
        }
    }
    Ok(())
}

/// The files with a safe name, as `/`-separated paths (for matching `word/document.xml`).
pub(super) fn entry_names(zip: &Zip<'_>) -> Vec<(usize, String)> {
    (0..zip.len())
        .filter_map(|index| {
            let entry = zip.by_index_data(index).ok()?;
            if entry.is_dir() {
                return None;
            }
            Some((index, safe_name(&entry)?))
        })
        .collect()
}

/// The entry's name with `/` separators, if it is relative and has no `.` or `..` parts.
///
/// `enclosed_name` alone is not enough for a file we publish: it accepts `/etc/passwd` (as
/// `etc/passwd`) and `a/../../b` … as long as the result stays inside, but the citizen who
/// downloads the archive may unpack it with a tool that takes the name literally. Entries
/// that normalise onto another name could also pose as `word/document.xml`.
fn safe_name(entry: &ZipFileEntry<'_>) -> Option<String> {
    entry.enclosed_name()?;
    let name = entry.name().ok()?.replace('\\', "/");
    let drive = name.as_bytes().get(1) == Some(&b':');
    if name.starts_with('/') || drive || name.contains('\0') {
        return None;
    }
    let name = name.trim_end_matches('/');
    name.split('/')
        .all(|part| !part.is_empty() && part != "." && part != "..")
        .then(|| name.to_owned())
}

/// The decompressed bytes of one entry, within the limits.
pub(super) fn read_entry(zip: &mut Zip<'_>, index: usize) -> Result<Vec<u8>, FileError> {
    let mut out = Vec::new();
    copy_entry(zip, index, &mut out)?;
    Ok(out)
}

/// The size of raw Deflate data once inflated (counting stops past [`MAX_ENTRY_BYTES`]).
///
/// The `zip` reader stops at the size the header claims, so it cannot see a bomb whose header
/// lies; this inflates the compressed bytes to their real end, into a buffer that is reused.
fn inflated_size(raw: &[u8]) -> Result<u64, FileError> {
    use miniz_oxide::inflate::stream::{InflateState, inflate};
    use miniz_oxide::{DataFormat, MZFlush, MZStatus};
    let mut state = InflateState::new_boxed(DataFormat::Raw);
    let mut output = vec![0u8; 64 * 1024];
    let mut input = raw;
    let mut total: u64 = 0;
    loop {
        let result = inflate(&mut state, input, &mut output, MZFlush::None);
        input = input.get(result.bytes_consumed..).unwrap_or_default();
        total = total.saturating_add(u64::try_from(result.bytes_written).unwrap_or(u64::MAX));
        match result.status {
            _ if total > MAX_ENTRY_BYTES => return Ok(total),
            Ok(MZStatus::StreamEnd) => return Ok(total),
            Ok(_) if result.bytes_consumed > 0 || result.bytes_written > 0 => {}
            // Corrupt data, or the input ended before the stream did.
            _ => return Err(FileError::Damaged),
        }
    }
}

/// Decompresses one entry into `out`, returning the real size.
fn copy_entry(zip: &mut Zip<'_>, index: usize, out: &mut dyn Write) -> Result<u64, FileError> {
    let mut entry = zip.by_index(index).map_err(|e| {
        tracing::debug!(error = %e, index, "unreadable ZIP entry");
        FileError::Damaged
    })?;
    let compressed = entry.compressed_size();
    let size = io::copy(&mut (&mut entry).take(MAX_ENTRY_BYTES + 1), out).map_err(|e| {
        // A checksum mismatch or a truncated stream.
        tracing::debug!(error = %e, index, "corrupt ZIP entry");
        FileError::Damaged
    })?;
    if size > MAX_ENTRY_BYTES {
        return Err(suspicious("entry above 100 MB decompressed"));
    }
    if too_compressed(size, compressed) {
        return Err(suspicious("real compression ratio above 200"));
    }
    Ok(size)
}
