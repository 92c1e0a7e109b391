//! What a file is, judged by its content. Only the allow-list below is recognised: executables,
//! HTML, SVG (which can carry script) and everything unknown get `None`.

use super::archive;

/// A recognised type of attachment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct FileType {
    /// The media type to serve it with.
    pub media_type: &'static str,
    /// The extension a file of this type should carry, lowercase, without the dot.
    pub extension: &'static str,
    /// The type's name for people, in Chinese.
    pub label: &'static str,
}

const DOCX_MEDIA: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
const XLSX_MEDIA: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

pub(super) const PDF: FileType = kind("application/pdf", "pdf", "PDF 文档");
/// GB/T 33190 版式文档.
pub(super) const OFD: FileType = kind("application/ofd", "ofd", "OFD 版式文档");
pub(super) const DOC: FileType = kind("application/msword", "doc", "Word 文档");
pub(super) const XLS: FileType = kind("application/vnd.ms-excel", "xls", "Excel 表格");
/// WPS Office's own binary formats have no registered media type; these are the names WPS
/// registers on Linux desktops.
pub(super) const WPS: FileType = kind("application/wps-office.wps", "wps", "WPS 文字");
pub(super) const ET: FileType = kind("application/wps-office.et", "et", "WPS 表格");
pub(super) const DOCX: FileType = kind(DOCX_MEDIA, "docx", "Word 文档");
pub(super) const XLSX: FileType = kind(XLSX_MEDIA, "xlsx", "Excel 表格");
/// Newer WPS saves `.wps`/`.et` as Office Open XML: served as what they are.
pub(super) const WPS_OOXML: FileType = kind(DOCX_MEDIA, "wps", "WPS 文字");
pub(super) const ET_OOXML: FileType = kind(XLSX_MEDIA, "et", "WPS 表格");
pub(super) const ZIP: FileType = kind("application/zip", "zip", "ZIP 压缩包");
pub(super) const PNG: FileType = kind("image/png", "png", "PNG 图片");
pub(super) const JPEG: FileType = kind("image/jpeg", "jpg", "JPEG 图片");
pub(super) const GIF: FileType = kind("image/gif", "gif", "GIF 图片");
pub(super) const WEBP: FileType = kind("image/webp", "webp", "WebP 图片");

/// The label of a stored media type (the first type listed with it), for pages that show
/// what kind of file an attachment is.
pub fn label_of(media_type: &str) -> Option<&'static str> {
    [
        PDF, OFD, DOC, XLS, WPS, ET, DOCX, XLSX, ZIP, PNG, JPEG, GIF, WEBP,
    ]
    .iter()
    .find(|t| t.media_type == media_type)
    .map(|t| t.label)
}

const fn kind(media_type: &'static str, extension: &'static str, label: &'static str) -> FileType {
    FileType {
        media_type,
        extension,
        label,
    }
}

/// Every extension some allowed type may carry.
const ALLOWED_EXTENSIONS: &[&str] = &[
    "pdf", "ofd", "doc", "wps", "xls", "et", "docx", "xlsx", "zip", "png", "jpg", "jpeg", "jpe",
    "gif", "webp",
];

const OLE_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// The type of `bytes`, if it is one we accept. The name is consulted only where the content
/// cannot tell: the old binary Office formats share one container (OLE), and `.wps`/`.et` in
/// Office Open XML are labelled as WPS. Whether the name *agrees* is [`super::FileStore::put`]'s
/// business.
pub fn sniff(bytes: &[u8], file_name: &str) -> Option<FileType> {
    let ext = claimed_extension(file_name);
    if bytes.starts_with(b"%PDF-") {
        return Some(PDF);
    }
    if bytes.starts_with(OLE_MAGIC) {
        // Word, Excel, WPS and also installers (.msi) are OLE; reading the stream directory
        // would not tell WPS from Word either, so the extension decides and a stray one is
        // then refused as a mismatch.
        return Some(match ext.as_str() {
            "wps" => WPS,
            "xls" => XLS,
            "et" => ET,
            _ => DOC,
        });
    }
    if archive::is_zip(bytes) {
        return zip_type(bytes, &ext);
    }
    if infer::image::is_png(bytes) && bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Some(PNG);
    }
    if infer::image::is_jpeg(bytes) {
        return Some(JPEG);
    }
    if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        return Some(GIF);
    }
    if bytes.starts_with(b"RIFF") && infer::image::is_webp(bytes) {
        return Some(WEBP);
    }
    None
}

/// ZIP-based formats are told apart by their entries; an archive that cannot be read is no type.
fn zip_type(bytes: &[u8], ext: &str) -> Option<FileType> {
    let zip = archive::open(bytes).ok()?;
    // Someone who calls a DOCX `.zip` offers an archive, and gets one.
    if ext == "zip" {
        return Some(ZIP);
    }
    let names = archive::entry_names(&zip);
    // Part names in OPC and OFD packages compare case-insensitively.
    let has = |wanted: &str| names.iter().any(|(_, n)| n.eq_ignore_ascii_case(wanted));
    Some(if has("OFD.xml") {
        OFD
    } else if has("word/document.xml") {
        if ext == "wps" { WPS_OOXML } else { DOCX }
    } else if has("xl/workbook.xml") {
        if ext == "et" { ET_OOXML } else { XLSX }
    } else {
        ZIP
    })
}

/// The extension of an uploaded name as the user's computer will see it: lowercase, without
/// the dot, after [`super::clean_file_name`] (which strips what hides the real extension);
/// empty when there is none.
pub(super) fn claimed_extension(file_name: &str) -> String {
    let clean = super::clean_file_name(file_name);
    clean
        .rsplit_once('.')
        .map(|(_, ext)| ext.to_lowercase())
        .unwrap_or_default()
}

/// Whether some allowed type may carry this extension.
pub(super) fn is_allowed_extension(ext: &str) -> bool {
    ALLOWED_EXTENSIONS.contains(&ext)
}

/// Whether a file of type `found` may be named with `ext`.
pub(super) fn extension_fits(found: &FileType, ext: &str) -> bool {
    ext == found.extension || (found.extension == "jpg" && matches!(ext, "jpeg" | "jpe"))
}

/// What refused content is, for the message to the user.
pub(super) fn describe_unsupported(bytes: &[u8]) -> &'static str {
    if let Some(found) = infer::get(bytes) {
        return match found.matcher_type() {
            infer::MatcherType::App => "可执行程序",
            infer::MatcherType::Archive => "其他格式的压缩文件",
            infer::MatcherType::Image => "其他格式的图片",
            infer::MatcherType::Audio | infer::MatcherType::Video => "音视频文件",
            infer::MatcherType::Text => "网页或脚本",
            _ => "其他类型的文件",
        };
    }
    let head = &bytes[..bytes.len().min(512)];
    let start = head
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(0);
    // A character cut by the 512-byte window still counts as text.
    let is_text = match std::str::from_utf8(head) {
        Ok(_) => true,
        Err(e) => e.error_len().is_none(),
    };
    if head.get(start) == Some(&b'<') {
        "网页、SVG 或 XML 文件"
    } else if is_text {
        "纯文本"
    } else {
        "无法识别的内容"
    }
}
