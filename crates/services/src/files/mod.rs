//! Attachments of catalogue documents: a content-addressed file store, type sniffing and text
//! extraction for the personal-data scan.
//!
//! DESIGN: "Attachments are stored by content hash; their type is checked by content, not by
//! name; size limits apply". [`FileStore::put`] is the one door in: it refuses empty and oversize
//! files, ZIP bombs and unsafe archives (`archive.rs`), types outside the allow-list and names
//! that disagree with the content ([`sniff()`]), then stores the bytes under their SHA-256 and
//! extracts what text it can (`extract.rs`, `pdf/`).
//!
//! Everything here is synchronous and CPU-bound (hashing, decompression): call it from
//! `tokio::task::spawn_blocking`.

mod archive;
mod extract;
mod pdf;
mod sniff;

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use sha2::{Digest, Sha256};

pub use sniff::{FileType, label_of, sniff};

/// The default size limit of one attachment: 50 MB.
pub const DEFAULT_MAX_BYTES: u64 = 50 * 1024 * 1024;

/// Extracted text is cut at this many bytes: the personal-data scan needs the words, and a
/// bigger text would only bloat the database row.
const MAX_TEXT_BYTES: usize = 2 * 1024 * 1024;

/// Why an attachment was refused or could not be read. The messages are shown to staff in the
/// document editor as they are.
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    /// The file has no bytes.
    #[error("附件是空文件")]
    Empty,
    /// The file is bigger than the store's limit.
    #[error("附件超过大小限制（最大 {} MB）", whole_megabytes(.max_bytes))]
    TooLarge {
        /// The limit, in bytes.
        max_bytes: u64,
    },
    /// The name's extension claims one type and the content is another (an `.exe` renamed
    /// `.pdf`, a PDF named `.docx`).
    #[error("文件内容与扩展名不符：文件名为 .{claimed_ext}，实际内容为 {actual}")]
    Disguised {
        /// The extension of the uploaded name, lowercase, without the dot.
        claimed_ext: String,
        /// What the content really is, in Chinese (e.g. `Word 文档（.docx）`).
        actual: String,
    },
    /// The content is not one of the allowed types.
    #[error("不支持的附件类型，仅支持 PDF、OFD、Word、Excel、WPS、ZIP 和图片")]
    UnsupportedType,
    /// An archive that looks built to harm: a ZIP bomb, too many entries, entries escaping their
    /// folder or sharing their data. The precise reason is logged, not shown.
    #[error("压缩文件结构异常（可能是压缩炸弹或含有不安全的路径），已拒绝")]
    Suspicious,
    /// The content claims a type but cannot be read as it (a truncated or corrupt archive).
    #[error("文件已损坏，无法读取")]
    Damaged,
    /// No stored file has this hash (or the hash is malformed).
    #[error("附件不存在")]
    NotFound,
    /// The disk failed. The cause stays in the error's source for the log.
    #[error("附件存储失败，请稍后重试")]
    Io(#[from] io::Error),
}

fn whole_megabytes(bytes: &u64) -> u64 {
    bytes / (1024 * 1024)
}

/// An attachment once stored.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct StoredFile {
    /// SHA-256 of the bytes, 64 lowercase hex characters: the file's name in the store.
    pub sha256: String,
    /// The media type found from the content (`application/pdf` …).
    pub media_type: &'static str,
    /// The type's name for people, in Chinese (`PDF 文档`).
    pub kind_label: &'static str,
    /// Size in bytes.
    pub size_bytes: u64,
    /// The text found in the file, at most 2 MB, for the personal-data scan. `None` when the
    /// type holds no extractable text (images, ZIP, old binary Office), when the text is not
    /// readable (scanned or encrypted PDF, fonts without a Unicode map) or when reading failed:
    /// the scan must then say that the attachment needs a human look.
    pub extracted_text: Option<String>,
}

/// The attachment store: files named by their SHA-256 under `root/ab/cd/<sha256>`.
///
/// Content addressing makes uploads idempotent and lets two documents share one copy. Files are
/// never changed once written; removing unreferenced ones is a separate sweep.
#[derive(Debug, Clone)]
pub struct FileStore {
    root: PathBuf,
    max_bytes: u64,
}

impl FileStore {
    /// The default size limit of one attachment, as [`DEFAULT_MAX_BYTES`].
    pub const DEFAULT_MAX_BYTES: u64 = DEFAULT_MAX_BYTES;

    /// A store under `root` (created on first write) refusing files above `max_bytes`.
    pub fn new(root: impl Into<PathBuf>, max_bytes: u64) -> Self {
        Self {
            root: root.into(),
            max_bytes,
        }
    }

    /// The folder holding the files.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The size limit, in bytes.
    pub fn max_bytes(&self) -> u64 {
        self.max_bytes
    }

    /// Checks an upload and stores it. `file_name` is the name it was uploaded with; only its
    /// extension matters here, and it must agree with the content.
    ///
    /// Storing the same bytes twice writes one file and returns the same hash.
    pub fn put(&self, file_name: &str, bytes: &[u8]) -> Result<StoredFile, FileError> {
        if bytes.is_empty() {
            return Err(FileError::Empty);
        }
        let size_bytes = u64::try_from(bytes.len()).unwrap_or(u64::MAX);
        if size_bytes > self.max_bytes {
            return Err(FileError::TooLarge {
                max_bytes: self.max_bytes,
            });
        }
        // Before sniffing: a bomb must be refused as a bomb, whatever its name says.
        if archive::is_zip(bytes) {
            archive::check(bytes)?;
        }
        let file_type = check_type(file_name, bytes)?;
        let sha256 = hex::encode(Sha256::digest(bytes));
        self.write_once(&sha256, bytes)?;
        let extracted_text = extract::text(&file_type, bytes, MAX_TEXT_BYTES);
        Ok(StoredFile {
            sha256,
            media_type: file_type.media_type,
            kind_label: file_type.label,
            size_bytes,
            extracted_text,
        })
    }

    /// As [`FileStore::put`], without reading the file's text (for files never scanned or
    /// indexed, such as an applicant's identity proof).
    pub fn put_unread(&self, file_name: &str, bytes: &[u8]) -> Result<StoredFile, FileError> {
        if bytes.is_empty() {
            return Err(FileError::Empty);
        }
        let size_bytes = u64::try_from(bytes.len()).unwrap_or(u64::MAX);
        if size_bytes > self.max_bytes {
            return Err(FileError::TooLarge {
                max_bytes: self.max_bytes,
            });
        }
        if archive::is_zip(bytes) {
            archive::check(bytes)?;
        }
        let file_type = check_type(file_name, bytes)?;
        let sha256 = hex::encode(Sha256::digest(bytes));
        self.write_once(&sha256, bytes)?;
        Ok(StoredFile {
            sha256,
            media_type: file_type.media_type,
            kind_label: file_type.label,
            size_bytes,
            extracted_text: None,
        })
    }

    /// Where the file with this hash is (or would be). `None` unless `sha256` is 64 lowercase
    /// hex characters, so no path is ever built from unchecked input. Existence is not checked.
    pub fn path_of(&self, sha256: &str) -> Option<PathBuf> {
        let valid = sha256.len() == 64
            && sha256
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
        if !valid {
            return None;
        }
        Some(
            self.root
                .join(&sha256[0..2])
                .join(&sha256[2..4])
                .join(sha256),
        )
    }

    /// The bytes of a stored file.
    pub fn read(&self, sha256: &str) -> Result<Vec<u8>, FileError> {
        let path = self.path_of(sha256).ok_or(FileError::NotFound)?;
        fs::read(path).map_err(|e| match e.kind() {
            io::ErrorKind::NotFound => FileError::NotFound,
            _ => FileError::Io(e),
        })
    }

    /// Writes the bytes under their hash unless already there. A temporary file in the same
    /// folder is renamed into place, so a reader never sees half a file and a crash leaves at
    /// most a stray temporary, never a wrong file under a hash.
    fn write_once(&self, sha256: &str, bytes: &[u8]) -> Result<(), FileError> {
        let path = self.path_of(sha256).ok_or(FileError::NotFound)?;
        if path.is_file() {
            return Ok(());
        }
        let dir = path.parent().ok_or(FileError::NotFound)?;
        fs::create_dir_all(dir)?;
        let temp = dir.join(format!(".{sha256}.{}.tmp", unique_suffix()));
        let written = (|| {
            let mut file = fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&temp)?;
            file.write_all(bytes)?;
            // The database row naming this hash commits right after: the bytes must be on
            // disk before the rename makes them visible.
            file.sync_all()?;
            fs::rename(&temp, &path)
        })();
        if let Err(e) = written {
            let _ = fs::remove_file(&temp);
            return Err(e.into());
        }
        // Makes the rename itself durable; not every platform can open a folder, hence no `?`.
        if let Ok(folder) = fs::File::open(dir) {
            let _ = folder.sync_all();
        }
        Ok(())
    }
}

/// Unique among the threads and processes writing to one store at the same time.
fn unique_suffix() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    format!(
        "{}-{}-{nanos}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    )
}

/// The type of an upload, once its name and content agree and the type is allowed.
fn check_type(file_name: &str, bytes: &[u8]) -> Result<FileType, FileError> {
    let claimed = sniff::claimed_extension(file_name);
    let claims_allowed_type = sniff::is_allowed_extension(&claimed);
    match sniff(bytes, file_name) {
        Some(found) if claimed.is_empty() || sniff::extension_fits(&found, &claimed) => Ok(found),
        // A name we would not accept anyway (`.pptx`, `.exe`) is simply an unsupported type;
        // "disguised" is for a name that would have let the content through.
        Some(found) if claims_allowed_type => Err(FileError::Disguised {
            claimed_ext: claimed,
            actual: format!("{}（.{}）", found.label, found.extension),
        }),
        None if claims_allowed_type => Err(FileError::Disguised {
            claimed_ext: claimed,
            actual: sniff::describe_unsupported(bytes).to_owned(),
        }),
        _ => Err(FileError::UnsupportedType),
    }
}

/// A file name safe to store and to send back in `Content-Disposition`: the last path component,
/// without control, bidirectional-override and zero-width characters nor `/\:*?"<>|`, trimmed,
/// at most 120 characters with the extension kept; `附件` when nothing is left.
pub fn clean_file_name(name: &str) -> String {
    const MAX_CHARS: usize = 120;
    let last = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let kept: String = last
        .chars()
        .filter(|c| !c.is_control() && !is_invisible_format(*c) && !r#"/\:*?"<>|"#.contains(*c))
        .collect();
    // Windows drops trailing dots and spaces: "x.exe." would be opened as "x.exe".
    let trimmed = kept.trim().trim_end_matches(['.', ' ']).trim();
    if trimmed.is_empty() {
        return "附件".to_owned();
    }
    if trimmed.chars().count() <= MAX_CHARS {
        return trimmed.to_owned();
    }
    match trimmed.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() && (1..=16).contains(&ext.chars().count()) => {
            let stem_chars = MAX_CHARS - 1 - ext.chars().count();
            let stem: String = stem.chars().take(stem_chars).collect();
            format!("{}.{ext}", stem.trim_end())
        }
        _ => trimmed.chars().take(MAX_CHARS).collect(),
    }
}

/// Format characters that change how a name looks without being seen: `发票\u{202E}fdp.exe`
/// displays as `发票exe.pdf`.
fn is_invisible_format(c: char) -> bool {
    matches!(c,
        '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}')
}

#[cfg(test)]
mod tests;
