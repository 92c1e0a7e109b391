//! Fixtures are built here in code: small DOCX, XLSX and OFD packages written with the `zip`
//! crate, a hand-made PDF with Flate-compressed streams, and the magic numbers of the rest.

use std::io::{Cursor, Write};
use std::path::PathBuf;

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

use super::sniff::{self, FileType};
use super::*;

/// A folder under the system temp dir, removed when dropped (also when a test fails).
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> Self {
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let path = std::env::temp_dir().join(format!(
            "gongkai-files-test-{}-{}-{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed),
            unique_suffix()
        ));
        fs::create_dir_all(&path).unwrap();
        Self(path)
    }

    fn store(&self) -> FileStore {
        FileStore::new(&self.0, DEFAULT_MAX_BYTES)
    }

    /// Every file under the folder, temporary ones included.
    fn files(&self) -> Vec<PathBuf> {
        fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
            for entry in fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    walk(&path, out);
                } else {
                    out.push(path);
                }
            }
        }
        let mut out = Vec::new();
        walk(&self.0, &mut out);
        out
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut writer = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    for (name, data) in entries {
        writer.start_file(*name, options).unwrap();
        writer.write_all(data).unwrap();
    }
    writer.finish().unwrap().into_inner()
}

const CONTENT_TYPES: &[u8] = br#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>"#;

const DOCUMENT_XML: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>
<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr><w:r><w:t>关于</w:t></w:r><w:r><w:t xml:space="preserve">张三 &amp; 李四</w:t></w:r></w:p>
<w:p><w:r><w:t>身份证号</w:t><w:tab/><w:t>110105199001011234</w:t></w:r></w:p>
<!-- a comment <w:t>not text</w:t> -->
<w:p><w:del w:id="1" w:author="x"><w:r><w:delText>已删除的电话13800138000</w:delText></w:r></w:del></w:p>
</w:body></w:document>"#;

fn docx() -> Vec<u8> {
    zip_of(&[
        ("[Content_Types].xml", CONTENT_TYPES),
        ("word/document.xml", DOCUMENT_XML.as_bytes()),
        (
            "word/header1.xml",
            "<w:hdr xmlns:w=\"w\"><w:p><w:r><w:t>示例市人民政府</w:t></w:r></w:p></w:hdr>"
                .as_bytes(),
        ),
    ])
}

fn xlsx() -> Vec<u8> {
    let shared = "<sst><si><t>姓名</t></si><si><t>身份证号</t></si>\
        <si><r><t>张</t></r><r><t>三</t></r><rPh><t>チャン</t></rPh></si><si><t>旧数据</t></si></sst>";
    let sheet = r#"<worksheet><sheetData>
        <row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>
        <row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2" s="1"><v>110105199001011234</v></c><c r="C2" t="inlineStr"><is><t>备注</t></is></c><c r="D2"><v>1.10105199001011E+17</v></c><c r="E2" s="3"/></row>
        </sheetData></worksheet>"#;
    zip_of(&[
        ("[Content_Types].xml", CONTENT_TYPES),
        ("xl/workbook.xml", b"<workbook/>"),
        ("xl/sharedStrings.xml", shared.as_bytes()),
        ("xl/worksheets/sheet1.xml", sheet.as_bytes()),
    ])
}

fn ofd() -> Vec<u8> {
    let page = r#"<ofd:Page xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Content><ofd:Layer ID="1">
        <ofd:TextObject ID="2" Boundary="10 20 100 10" Font="3" Size="5"><ofd:TextCode X="0" Y="5">联系人：</ofd:TextCode></ofd:TextObject>
        <ofd:TextObject ID="4" Boundary="40 20 100 10" Font="3" Size="5"><ofd:TextCode X="0" Y="5">王五</ofd:TextCode></ofd:TextObject>
        <ofd:TextObject ID="5" Boundary="10 40 100 10" Font="3" Size="5"><ofd:TextCode X="0" Y="5">第二行</ofd:TextCode></ofd:TextObject>
        </ofd:Layer></ofd:Content></ofd:Page>"#;
    zip_of(&[
        (
            "OFD.xml",
            b"<ofd:OFD xmlns:ofd=\"http://www.ofdspec.org/2016\"/>",
        ),
        ("Doc_0/Document.xml", b"<ofd:Document/>"),
        ("Doc_0/Pages/Page_0/Content.xml", page.as_bytes()),
    ])
}

/// The codes of digits in the CID font of [`pdf`]: `<0010>` is `0`.
fn cid_digits(digits: &str) -> String {
    digits
        .bytes()
        .map(|d| format!("{:04X}", 0x10 + u32::from(d - b'0')))
        .collect()
}

/// A one-page PDF: a simple font and a CID font with a ToUnicode map (its dictionary inside a
/// compressed object stream), resources inherited from the page tree, an inline image, and a
/// form XObject.
fn pdf() -> Vec<u8> {
    let compress = |data: &[u8]| miniz_oxide::deflate::compress_to_vec_zlib(data, 6);
    let content = format!(
        "q BI /W 2 /H 1 /CS /G /BPC 8 ID \x01( EI Q\n\
         BT /F1 12 Tf 72 760 Td (Hello \\(World\\) \\\\ \\101) Tj 0 -20 Td\n\
         /F2 12 Tf <00010002> Tj [<0003> -100 <{}>] TJ <00200021> Tj\n\
         T* (\\000\\001\\000\\002) Tj /F3 12 Tf <0001> Tj ET /X1 Do",
        cid_digits("110105199001011234")
    );
    let cmap = "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n\
        /CMapName /Adobe-Identity-UCS def\n\
        1 begincodespacerange <0000> <FFFF> endcodespacerange\n\
        3 beginbfchar <0001> <5F20> <0002> <4E09> <0003> <FF1A> endbfchar\n\
        2 beginbfrange <0020> <0021> [<0041> <0042>] <0010> <0019> <0030> endbfrange\n\
        endcmap CMapName currentdict /CMap defineresource pop end end";
    let packed = [
        (
            5,
            "<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-H /DescendantFonts [8 0 R] /ToUnicode 7 0 R >>",
        ),
        (
            8,
            "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun >>",
        ),
    ];
    let mut header = String::new();
    let mut body = String::new();
    for (number, object) in packed {
        header.push_str(&format!("{number} {} ", body.len()));
        body.push_str(object);
        body.push('\n');
    }
    let object_stream = compress(format!("{header}{body}").as_bytes());
    let form = "BT /F1 10 Tf 0 0 Td (Stamp) Tj ET";

    let mut out: Vec<u8> = b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n".to_vec();
    let mut offsets = Vec::new();
    let mut object = |out: &mut Vec<u8>, number: usize, dict: String, stream: Option<&[u8]>| {
        offsets.push((number, out.len()));
        out.extend_from_slice(format!("{number} 0 obj\n{dict}\n").as_bytes());
        if let Some(data) = stream {
            out.extend_from_slice(b"stream\r\n");
            out.extend_from_slice(data);
            out.extend_from_slice(b"\nendstream\n");
        }
        out.extend_from_slice(b"endobj\n");
    };
    object(
        &mut out,
        1,
        "<< /Type /Catalog /Pages 2 0 R >>".into(),
        None,
    );
    object(
        &mut out,
        2,
        "<< /Type /Pages /Kids [3 0 R] /Count 1 /Resources << /Font << /F1 4 0 R /F2 5 0 R /F3 11 0 R >> /XObject << /X1 10 0 R >> >> >>".into(),
        None,
    );
    object(
        &mut out,
        3,
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 6 0 R >>".into(),
        None,
    );
    object(
        &mut out,
        4,
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".into(),
        None,
    );
    let data = compress(content.as_bytes());
    object(
        &mut out,
        6,
        format!("<< /Length {} /Filter /FlateDecode >>", data.len()),
        Some(&data),
    );
    let data = compress(cmap.as_bytes());
    // An indirect length: the reader must find `endstream` itself.
    object(
        &mut out,
        7,
        "<< /Length 12 0 R /Filter [/FlateDecode] >>".into(),
        Some(&data),
    );
    object(
        &mut out,
        9,
        format!(
            "<< /Type /ObjStm /N 2 /First {} /Length {} /Filter /FlateDecode >>",
            header.len(),
            object_stream.len()
        ),
        Some(&object_stream),
    );
    object(
        &mut out,
        10,
        format!(
            "<< /Type /XObject /Subtype /Form /BBox [0 0 100 100] /Length {} >>",
            form.len()
        ),
        Some(form.as_bytes()),
    );
    object(
        &mut out,
        11,
        "<< /Type /Font /Subtype /Type0 /BaseFont /KaiTi /Encoding /Identity-H >>".into(),
        None,
    );
    object(&mut out, 12, data.len().to_string(), None);
    let xref = out.len();
    out.extend_from_slice(b"xref\n0 13\n0000000000 65535 f \n");
    for number in 1..13 {
        match offsets.iter().find(|(n, _)| *n == number) {
            Some((_, offset)) => {
                out.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes())
            }
            None => out.extend_from_slice(b"0000000000 00000 f \n"),
        }
    }
    out.extend_from_slice(
        format!("trailer\n<< /Size 13 /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n").as_bytes(),
    );
    out
}

const OLE: &[u8] = &[
    0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0, 0, 0, 0, 0, 0, 0,
];
const PNG: &[u8] =
    b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89";
const JPEG: &[u8] = b"\xFF\xD8\xFF\xE0\0\x10JFIF\0\x01\x01\0\0\x01\0\x01\0\0";
const GIF: &[u8] = b"GIF89a\x01\0\x01\0\x80\0\0\0\0\0\xff\xff\xff!";
const WEBP: &[u8] =
    b"RIFF\x1a\0\0\0WEBPVP8L\x0d\0\0\0\x2f\0\0\0\x10\x07\x10\x11\x11\x88\x88\xfe\x07\0";

fn elf() -> Vec<u8> {
    let mut bytes = b"\x7FELF\x02\x01\x01\0".to_vec();
    bytes.resize(64, 0);
    bytes
}

fn put_error(name: &str, bytes: &[u8]) -> FileError {
    let dir = TempDir::new();
    let error = dir.store().put(name, bytes).unwrap_err();
    assert!(
        dir.files().is_empty(),
        "a refused file left {:?}",
        dir.files()
    );
    error
}

#[test]
fn sniff_recognises_each_allowed_type() {
    let generic_zip = zip_of(&[("说明.txt", b"hello".as_slice())]);
    let cases: Vec<(Vec<u8>, &str, FileType)> = vec![
        (pdf(), "通知.pdf", sniff::PDF),
        (ofd(), "通知.ofd", sniff::OFD),
        (OLE.to_vec(), "旧文件.doc", sniff::DOC),
        (OLE.to_vec(), "旧文件", sniff::DOC),
        (OLE.to_vec(), "旧文件.WPS", sniff::WPS),
        (OLE.to_vec(), "旧表格.xls", sniff::XLS),
        (OLE.to_vec(), "旧表格.et", sniff::ET),
        (docx(), "文件.docx", sniff::DOCX),
        (docx(), "文件.wps", sniff::WPS_OOXML),
        (xlsx(), "表格.xlsx", sniff::XLSX),
        (xlsx(), "表格.et", sniff::ET_OOXML),
        (generic_zip.clone(), "材料.zip", sniff::ZIP),
        (generic_zip, "材料", sniff::ZIP),
        // A package named as an archive is an archive.
        (docx(), "文件.zip", sniff::ZIP),
        (PNG.to_vec(), "a.png", sniff::PNG),
        (JPEG.to_vec(), "a.jpg", sniff::JPEG),
        (GIF.to_vec(), "a.gif", sniff::GIF),
        (WEBP.to_vec(), "a.webp", sniff::WEBP),
    ];
    for (bytes, name, expected) in cases {
        assert_eq!(sniff(&bytes, name), Some(expected), "{name}");
    }
    assert_eq!(sniff::DOCX.label, "Word 文档");
    assert_eq!(sniff::WPS_OOXML.label, "WPS 文字");
    assert_eq!(sniff::WPS_OOXML.media_type, sniff::DOCX.media_type);
}

#[test]
fn sniff_refuses_executables_markup_and_unknown_content() {
    let cases: &[(&[u8], &str)] = &[
        (&elf(), "a.pdf"),
        (b"MZ\x90\0\x03\0\0\0\x04\0\0\0\xff\xff", "a.exe"),
        (
            b"<!DOCTYPE html><html><script>alert(1)</script></html>",
            "a.html",
        ),
        (
            b"<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>",
            "a.svg",
        ),
        (b"just some words", "a.txt"),
        // ZIP magic without an archive behind it.
        (b"PK\x03\x04garbage", "a.zip"),
    ];
    for (bytes, name) in cases {
        assert_eq!(sniff(bytes, name), None, "{name}");
    }
}

#[test]
fn put_stores_allowed_files_with_their_type() {
    let dir = TempDir::new();
    let store = dir.store();
    let stored = store.put("通知.PDF", &pdf()).unwrap();
    assert_eq!(stored.media_type, "application/pdf");
    assert_eq!(stored.kind_label, "PDF 文档");
    assert_eq!(stored.size_bytes, pdf().len() as u64);
    assert_eq!(store.read(&stored.sha256).unwrap(), pdf());
    // No extension: the content alone decides.
    assert_eq!(store.put("扫描件", PNG).unwrap().kind_label, "PNG 图片");
    assert_eq!(
        store.put("照片.jpeg", JPEG).unwrap().media_type,
        "image/jpeg"
    );
}

#[test]
fn put_refuses_disguised_files() {
    match put_error("通知.pdf", &elf()) {
        FileError::Disguised {
            claimed_ext,
            actual,
        } => {
            assert_eq!(claimed_ext, "pdf");
            assert_eq!(actual, "可执行程序");
        }
        other => panic!("expected Disguised, got {other:?}"),
    }
    let error = put_error("通知.docx", &pdf());
    assert_eq!(
        error.to_string(),
        "文件内容与扩展名不符：文件名为 .docx，实际内容为 PDF 文档（.pdf）"
    );
    let archive = zip_of(&[("a.txt", b"a".as_slice())]);
    assert!(matches!(
        put_error("报告.docx", &archive),
        FileError::Disguised { .. }
    ));
    assert!(matches!(
        put_error("老文件.doc", &docx()),
        FileError::Disguised { .. }
    ));
    assert!(matches!(
        put_error("图.png", JPEG),
        FileError::Disguised { .. }
    ));
    assert!(matches!(
        put_error("网页.pdf", b"<html><body>x</body></html>"),
        FileError::Disguised { .. }
    ));
}

#[test]
fn put_refuses_unsupported_types() {
    assert!(matches!(
        put_error("tool.exe", &elf()),
        FileError::UnsupportedType
    ));
    assert!(matches!(
        put_error("a.svg", b"<svg></svg>"),
        FileError::UnsupportedType
    ));
    // A PDF behind a right-to-left override is really named `….exe`.
    assert!(matches!(
        put_error("发票\u{202E}fdp.exe", &pdf()),
        FileError::UnsupportedType
    ));
    let slides = zip_of(&[("ppt/presentation.xml", b"<p/>".as_slice())]);
    assert!(matches!(
        put_error("演示.pptx", &slides),
        FileError::UnsupportedType
    ));
    assert_eq!(
        FileError::UnsupportedType.to_string(),
        "不支持的附件类型，仅支持 PDF、OFD、Word、Excel、WPS、ZIP 和图片"
    );
}

#[test]
fn put_refuses_oversize_and_empty_files() {
    let dir = TempDir::new();
    let store = FileStore::new(&dir.0, 10);
    assert!(matches!(
        store.put("a.png", PNG),
        Err(FileError::TooLarge { max_bytes: 10 })
    ));
    assert!(matches!(store.put("a.png", b""), Err(FileError::Empty)));
    assert!(dir.files().is_empty());
    let message = FileError::TooLarge {
        max_bytes: FileStore::DEFAULT_MAX_BYTES,
    }
    .to_string();
    assert_eq!(message, "附件超过大小限制（最大 50 MB）");
}

#[test]
fn put_refuses_a_zip_bomb() {
    // 20 MB of zeros deflate to about 20 KB: a ratio near 1000.
    let zeros = vec![0u8; 20 * 1024 * 1024];
    let bomb = zip_of(&[("a.txt", zeros.as_slice())]);
    assert!(bomb.len() < 100 * 1024);
    assert!(matches!(
        put_error("bomb.zip", &bomb),
        FileError::Suspicious
    ));
    // Inside a document package as well.
    let bomb = zip_of(&[
        ("word/document.xml", DOCUMENT_XML.as_bytes()),
        ("word/media/x.bin", zeros.as_slice()),
    ]);
    assert!(matches!(
        put_error("bomb.docx", &bomb),
        FileError::Suspicious
    ));
}

/// A one-entry archive whose headers claim 1,000 bytes uncompressed, in the local header and
/// in the central directory.
fn zip_claiming_1000_bytes(data: &[u8]) -> Vec<u8> {
    let mut bytes = zip_of(&[("a.txt", data)]);
    let claimed = 1000u32.to_le_bytes();
    bytes[22..26].copy_from_slice(&claimed);
    let central = bytes.windows(4).position(|w| w == b"PK\x01\x02").unwrap();
    bytes[central + 24..central + 28].copy_from_slice(&claimed);
    bytes
}

#[test]
fn put_refuses_archives_whose_headers_lie() {
    // The `zip` reader would stop at the claimed size; a tool streaming to the end would not.
    let bomb = zip_claiming_1000_bytes(&vec![0u8; 20 * 1024 * 1024]);
    assert!(matches!(
        put_error("bomb.zip", &bomb),
        FileError::Suspicious
    ));
    // Incompressible bytes: no ratio to notice, only the lie.
    let mut seed = 1u32;
    let noise: Vec<u8> = (0..4096)
        .map(|_| {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            seed.to_be_bytes()[0]
        })
        .collect();
    assert!(matches!(
        put_error("a.zip", &zip_claiming_1000_bytes(&noise)),
        FileError::Suspicious
    ));
}

#[test]
fn put_refuses_too_many_entries() {
    let names: Vec<String> = (0..10_001).map(|i| format!("{i}.txt")).collect();
    let entries: Vec<(&str, &[u8])> = names.iter().map(|n| (n.as_str(), b"".as_slice())).collect();
    assert!(matches!(
        put_error("many.zip", &zip_of(&entries)),
        FileError::Suspicious
    ));
}

#[test]
fn put_refuses_entries_escaping_the_archive() {
    for name in ["../../etc/cron.d/job", "/etc/passwd", "a/../../b.txt"] {
        // Written under a harmless name of the same length, then renamed in the bytes (local
        // header and central directory), as an attacker would.
        let harmless = "x".repeat(name.len());
        let mut bytes = zip_of(&[(harmless.as_str(), b"data".as_slice())]);
        let mut at = 0;
        while let Some(found) = bytes[at..]
            .windows(name.len())
            .position(|w| w == harmless.as_bytes())
        {
            bytes[at + found..at + found + name.len()].copy_from_slice(name.as_bytes());
            at += found + name.len();
        }
        assert!(
            matches!(put_error("evil.zip", &bytes), FileError::Suspicious),
            "{name}"
        );
    }
}

#[test]
fn put_is_idempotent() {
    let dir = TempDir::new();
    let store = dir.store();
    let first = store.put("a.docx", &docx()).unwrap();
    let second = store.put("另一个名字.docx", &docx()).unwrap();
    assert_eq!(first, second);
    assert_eq!(first.sha256, hex::encode(Sha256::digest(docx())));
    let files = dir.files();
    assert_eq!(files, vec![store.path_of(&first.sha256).unwrap()]);
    let expected_tail = format!(
        "{}/{}/{}",
        &first.sha256[..2],
        &first.sha256[2..4],
        first.sha256
    );
    assert!(files[0].ends_with(expected_tail));
}

#[test]
fn path_of_accepts_only_a_lowercase_sha256() {
    let store = FileStore::new("/srv/files", DEFAULT_MAX_BYTES);
    let sha = "ab".repeat(32);
    assert_eq!(
        store.path_of(&sha),
        Some(PathBuf::from(format!("/srv/files/ab/ab/{sha}")))
    );
    let traversal = format!("../{}", "a".repeat(61));
    let upper = "AB".repeat(32);
    let short = "ab".repeat(31);
    let not_hex = "g".repeat(64);
    let bad_ones = ["../x", "", &upper, &short, &not_hex, &traversal];
    for bad in bad_ones {
        assert_eq!(store.path_of(bad), None, "{bad}");
    }
    let dir = TempDir::new();
    assert!(matches!(dir.store().read("../x"), Err(FileError::NotFound)));
    assert!(matches!(dir.store().read(&sha), Err(FileError::NotFound)));
}

#[test]
fn extracts_text_from_docx() {
    let dir = TempDir::new();
    let stored = dir.store().put("通知.docx", &docx()).unwrap();
    assert_eq!(
        stored.extracted_text.as_deref(),
        Some(
            "关于张三 & 李四\n身份证号\t110105199001011234\n已删除的电话13800138000\n示例市人民政府"
        )
    );
}

#[test]
fn extracts_text_and_numbers_from_xlsx() {
    let text = extract::text(&sniff::XLSX, &xlsx(), MAX_TEXT_BYTES);
    assert_eq!(
        text.as_deref(),
        Some("姓名\t身份证号\n张三\t110105199001011234\t备注\t110105199001011000\n旧数据")
    );
}

#[test]
fn extracts_text_from_ofd() {
    let text = extract::text(&sniff::OFD, &ofd(), MAX_TEXT_BYTES);
    assert_eq!(text.as_deref(), Some("联系人：王五\n第二行"));
}

#[test]
fn extracts_text_from_pdf() {
    let dir = TempDir::new();
    let stored = dir.store().put("通知.pdf", &pdf()).unwrap();
    // F3 is a composite font without a Unicode map: its `<0001>` is skipped, not guessed.
    assert_eq!(
        stored.extracted_text.as_deref(),
        Some("Hello (World) \\ A\n张三：110105199001011234AB\n张三Stamp")
    );
}

#[test]
fn pdf_without_readable_text_gives_none() {
    let encrypted =
        b"%PDF-1.4\n1 0 obj << /Type /Pages /Kids [] >> endobj\ntrailer << /Encrypt 5 0 R >>";
    assert_eq!(extract::text(&sniff::PDF, encrypted, MAX_TEXT_BYTES), None);
    assert_eq!(
        extract::text(&sniff::PDF, b"%PDF-1.4\ngarbage", MAX_TEXT_BYTES),
        None
    );
}

#[test]
fn hostile_pdf_syntax_is_read_in_linear_time() {
    // Each `obj` is followed by a value and an unterminated string: peeking ahead by parsing
    // would scan to the end of the file once per object.
    let mut bytes = b"%PDF-1.4\n".to_vec();
    for i in 0..100_000 {
        bytes.extend_from_slice(format!("{i} 0 obj 5 (").as_bytes());
    }
    let started = std::time::Instant::now();
    assert_eq!(extract::text(&sniff::PDF, &bytes, MAX_TEXT_BYTES), None);
    assert!(started.elapsed() < std::time::Duration::from_secs(10));
}

#[test]
fn extracted_text_is_capped() {
    let text = extract::text(&sniff::DOCX, &docx(), 10).unwrap();
    assert!(text.len() <= 10, "{text}");
    assert!(text.starts_with("关于"));
}

#[test]
fn images_and_archives_have_no_text() {
    let dir = TempDir::new();
    assert_eq!(dir.store().put("a.png", PNG).unwrap().extracted_text, None);
    let archive = zip_of(&[("a.txt", b"110105199001011234".as_slice())]);
    assert_eq!(
        dir.store().put("a.zip", &archive).unwrap().extracted_text,
        None
    );
}

#[test]
fn clean_file_name_keeps_a_safe_last_component() {
    let cases = [
        ("C:\\Users\\张三\\报告.pdf", "报告.pdf"),
        ("../../etc/passwd", "passwd"),
        ("a<b>c:d*e?f\"g|h.pdf", "abcdefgh.pdf"),
        ("  通知\u{0}\u{7}.docx  ", "通知.docx"),
        ("发票\u{202E}fdp.exe", "发票fdp.exe"),
        ("x.exe. . ", "x.exe"),
        ("..", "附件"),
        ("   ", "附件"),
        ("", "附件"),
    ];
    for (name, expected) in cases {
        assert_eq!(clean_file_name(name), expected, "{name:?}");
    }
    let long = format!("{}.docx", "长".repeat(200));
    let cleaned = clean_file_name(&long);
    assert_eq!(cleaned.chars().count(), 120);
    assert!(cleaned.ends_with("长.docx"));
    assert_eq!(clean_file_name(&"x".repeat(300)).chars().count(), 120);
}

#[test]
fn excel_exponent_numbers_are_written_out() {
    for (value, expected) in [
        ("1.10105199001011E+17", "110105199001011000"),
        ("-1.5E3", "-1500"),
        ("42", "42"),
        ("1.5E-3", "1.5E-3"),
        ("1.23456E2", "1.23456E2"),
    ] {
        assert_eq!(extract::expand_number(value), expected, "{value}");
    }
}
