//! A small WordprocessingML (DOCX, ECMA-376) writer: paragraphs with alignment, indentation,
//! exact line spacing and East Asian fonts, on an A4 page. Written directly rather than through a
//! general library: the platform needs few features, and each part here is checked by the tests
//! (and by LibreOffice when it is installed).

use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;

use crate::report::Layout;
use zip::{CompressionMethod, ZipWriter};

/// Font names, configurable because the usual government fonts (仿宋_GB2312, 方正小标宋简体)
/// cannot be redistributed: the names are written into the file and the reader's machine supplies
/// the faces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fonts {
    /// Body text (GB/T 9704: 仿宋, 三号).
    pub body: String,
    /// Titles (GB/T 9704: 小标宋, 二号).
    pub title: String,
    /// Latin text and digits.
    pub latin: String,
}

impl Default for Fonts {
    fn default() -> Self {
        Fonts {
            body: "仿宋".into(),
            title: "宋体".into(),
            latin: "Times New Roman".into(),
        }
    }
}

/// Horizontal alignment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Align {
    /// Justified (both edges), the default of body text.
    #[default]
    Both,
    /// Left.
    Left,
    /// Centred.
    Center,
    /// Right.
    Right,
}

impl Align {
    fn value(self) -> &'static str {
        match self {
            Align::Both => "both",
            Align::Left => "left",
            Align::Center => "center",
            Align::Right => "right",
        }
    }
}

/// One paragraph.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Para {
    /// The text (line breaks inside become `<w:br/>`).
    pub text: String,
    /// Alignment.
    pub align: Align,
    /// First-line indent in characters (2 for body text).
    pub indent_chars: u32,
    /// Set in the title font.
    pub title: bool,
    /// Bold.
    pub bold: bool,
    /// Size in points (三号 16, 二号 22).
    pub size_pt: u32,
    /// Space after, in points.
    pub space_after_pt: u32,
    /// Right indent in characters (a signature sits a few characters from the margin).
    pub right_chars: u32,
    /// Keep on the same page as the next paragraph (a signature never stands alone).
    pub keep_next: bool,
}

impl Para {
    /// Body text: justified, two characters' indent, 三号.
    pub fn body(text: impl Into<String>) -> Para {
        Para {
            text: text.into(),
            indent_chars: 2,
            size_pt: 16,
            ..Para::default()
        }
    }

    /// A paragraph in the body size with another alignment and no indent.
    pub fn aligned(text: impl Into<String>, align: Align) -> Para {
        Para {
            text: text.into(),
            align,
            size_pt: 16,
            ..Para::default()
        }
    }

    /// A centred title (二号, title font).
    pub fn title(text: impl Into<String>) -> Para {
        Para {
            text: text.into(),
            align: Align::Center,
            title: true,
            size_pt: 22,
            ..Para::default()
        }
    }
}

/// A document: paragraphs on A4 with the GB/T 9704 margins, and tables between them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Document {
    /// The title in the file's properties.
    pub title: String,
    /// The paragraphs.
    pub paragraphs: Vec<Para>,
    /// Fonts.
    pub fonts: Fonts,
    /// Tables, each placed after the paragraph of the given index, in order.
    pub tables: Vec<(usize, Layout)>,
}

/// Width of the text block on A4 with the GB/T 9704 margins, in twips.
const TEXT_WIDTH: u32 = 11906 - 1587 - 1474;

fn cell_paragraph(fonts: &Fonts, text: &str, header: bool, align: Align) -> String {
    let face = escape(&fonts.body);
    let latin = escape(&fonts.latin);
    // 五号 (10.5 pt) in single spacing: the tables of the report are dense.
    let rpr = format!(
        "<w:rPr><w:rFonts w:ascii=\"{latin}\" w:hAnsi=\"{latin}\" w:eastAsia=\"{face}\" w:cs=\"{latin}\"/>{}<w:sz w:val=\"21\"/><w:szCs w:val=\"21\"/></w:rPr>",
        if header { "<w:b/><w:bCs/>" } else { "" }
    );
    format!(
        "<w:p><w:pPr><w:spacing w:before=\"0\" w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/><w:jc w:val=\"{}\"/>{rpr}</w:pPr><w:r>{rpr}<w:t xml:space=\"preserve\">{}</w:t></w:r></w:p>",
        align.value(),
        escape(text)
    )
}

/// A laid-out table as a Word table: merged cells as `gridSpan` and `vMerge`, header rows
/// repeated on each page, ruled, widths in proportion to the layout's.
fn table_xml(fonts: &Fonts, t: &Layout) -> String {
    let total: u32 = t.widths.iter().sum::<u32>().max(1);
    let widths: Vec<u32> = t.widths.iter().map(|w| w * TEXT_WIDTH / total).collect();
    let border = |side: &str| {
        format!("<w:{side} w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>")
    };
    let borders: String = ["top", "left", "bottom", "right", "insideH", "insideV"]
        .iter()
        .map(|s| border(s))
        .collect();
    let mut out = format!(
        "<w:tbl><w:tblPr><w:tblW w:w=\"{TEXT_WIDTH}\" w:type=\"dxa\"/><w:jc w:val=\"center\"/><w:tblBorders>{borders}</w:tblBorders><w:tblLayout w:type=\"fixed\"/><w:tblCellMar><w:left w:w=\"57\" w:type=\"dxa\"/><w:right w:w=\"57\" w:type=\"dxa\"/></w:tblCellMar><w:tblLook w:val=\"0000\"/></w:tblPr><w:tblGrid>"
    );
    for w in &widths {
        out.push_str(&format!("<w:gridCol w:w=\"{w}\"/>"));
    }
    out.push_str("</w:tblGrid>");
    let span_width = |col: usize, span: usize| -> u32 {
        widths[col..(col + span).min(widths.len())].iter().sum()
    };
    let cell = |col: usize, span: usize, merge: &str, body: &str| -> String {
        let grid = if span > 1 {
            format!("<w:gridSpan w:val=\"{span}\"/>")
        } else {
            String::new()
        };
        format!(
            "<w:tc><w:tcPr><w:tcW w:w=\"{}\" w:type=\"dxa\"/>{grid}{merge}<w:vAlign w:val=\"center\"/></w:tcPr>{body}</w:tc>",
            span_width(col, span)
        )
    };
    let placed = t.placed();
    for i in 0..t.rows.len() {
        out.push_str("<w:tr>");
        if i < t.head_rows {
            out.push_str("<w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>");
        } else {
            out.push_str("<w:trPr><w:cantSplit/></w:trPr>");
        }
        // The row's own cells and, where a cell above spans down into it, an empty cell
        // continuing that vertical merge — in column order.
        let mut here: Vec<(usize, String)> = Vec::new();
        for p in &placed {
            let c = p.cell;
            if p.row == i {
                let merge = if c.rowspan > 1 {
                    "<w:vMerge w:val=\"restart\"/>"
                } else {
                    ""
                };
                let align = match c.header {
                    Some("row" | "rowgroup") => Align::Left,
                    _ => Align::Center,
                };
                let body =
                    cell_paragraph(fonts, &c.text, c.header.is_some() && i < t.head_rows, align);
                here.push((p.col, cell(p.col, c.colspan, merge, &body)));
            } else if p.row < i && i < p.row + c.rowspan {
                here.push((p.col, cell(p.col, c.colspan, "<w:vMerge/>", "<w:p/>")));
            }
        }
        here.sort_by_key(|(col, _)| *col);
        for (_, xml) in here {
            out.push_str(&xml);
        }
        out.push_str("</w:tr>");
    }
    out.push_str("</w:tbl>");
    out
}

/// Escapes text for XML and drops the characters XML 1.0 forbids.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' => out.push(' '),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

fn run_props(fonts: &Fonts, p: &Para) -> String {
    let face = escape(if p.title { &fonts.title } else { &fonts.body });
    let latin = escape(&fonts.latin);
    let half_points = p.size_pt * 2;
    format!(
        "<w:rPr><w:rFonts w:ascii=\"{latin}\" w:hAnsi=\"{latin}\" w:eastAsia=\"{face}\" w:cs=\"{latin}\"/>{}<w:sz w:val=\"{half_points}\"/><w:szCs w:val=\"{half_points}\"/></w:rPr>",
        if p.bold { "<w:b/><w:bCs/>" } else { "" }
    )
}

fn paragraph_xml(fonts: &Fonts, p: &Para) -> String {
    // Exact 28.95 pt lines give GB/T 9704's 22 lines a page; character units are hundredths.
    let mut ppr = format!(
        "<w:pPr><w:spacing w:before=\"0\" w:after=\"{}\" w:line=\"579\" w:lineRule=\"exact\"/>",
        p.space_after_pt * 20
    );
    if p.keep_next {
        ppr.insert_str("<w:pPr>".len(), "<w:keepNext/>");
    }
    if p.indent_chars > 0 || p.right_chars > 0 {
        // Both the character units (Word) and twips at the paragraph's size (LibreOffice).
        let char_twips = p.size_pt * 20;
        ppr.push_str(&format!(
            "<w:ind w:firstLine=\"{}\" w:firstLineChars=\"{}\" w:right=\"{}\" w:rightChars=\"{}\"/>",
            p.indent_chars * char_twips,
            p.indent_chars * 100,
            p.right_chars * char_twips,
            p.right_chars * 100
        ));
    }
    ppr.push_str(&format!("<w:jc w:val=\"{}\"/></w:pPr>", p.align.value()));
    let rpr = run_props(fonts, p);
    let runs: Vec<String> = p
        .text
        .split('\n')
        .map(|line| {
            format!(
                "<w:r>{rpr}<w:t xml:space=\"preserve\">{}</w:t></w:r>",
                escape(line)
            )
        })
        .collect();
    format!(
        "<w:p>{ppr}{}</w:p>",
        runs.join(&format!("<w:r>{rpr}<w:br/></w:r>"))
    )
}

fn document_xml(doc: &Document) -> String {
    let mut body = String::new();
    let mut tables = doc.tables.iter().peekable();
    for (i, p) in doc.paragraphs.iter().enumerate() {
        body.push_str(&paragraph_xml(&doc.fonts, p));
        while let Some((_, t)) = tables.next_if(|(after, _)| *after == i) {
            body.push_str(&table_xml(&doc.fonts, t));
            // Word needs a paragraph between two tables and after the last one.
            body.push_str("<w:p><w:pPr><w:spacing w:before=\"0\" w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/></w:pPr></w:p>");
        }
    }
    for (_, t) in tables {
        body.push_str(&table_xml(&doc.fonts, t));
        body.push_str("<w:p/>");
    }
    // A4 portrait; margins 37 mm top, 35 mm bottom, 28 mm left, 26 mm right (GB/T 9704-2012).
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document xmlns:w=\"{W}\"><w:body>{body}<w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\"/><w:pgMar w:top=\"2098\" w:right=\"1474\" w:bottom=\"1984\" w:left=\"1587\" w:header=\"851\" w:footer=\"992\" w:gutter=\"0\"/></w:sectPr></w:body></w:document>"
    )
}

fn styles_xml(fonts: &Fonts) -> String {
    let face = escape(&fonts.body);
    let latin = escape(&fonts.latin);
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:styles xmlns:w=\"{W}\"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii=\"{latin}\" w:hAnsi=\"{latin}\" w:eastAsia=\"{face}\" w:cs=\"{latin}\"/><w:sz w:val=\"32\"/><w:szCs w:val=\"32\"/><w:lang w:val=\"en-US\" w:eastAsia=\"zh-CN\"/></w:rPr></w:rPrDefault><w:pPrDefault/></w:docDefaults><w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/><w:qFormat/></w:style></w:styles>"
    )
}

const CONTENT_TYPES: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/><Override PartName=\"/word/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/><Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/></Types>";

const ROOT_RELS: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/><Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/></Relationships>";

const DOCUMENT_RELS: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/></Relationships>";

fn core_xml(title: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:title>{}</dc:title><dc:creator>Gongkai</dc:creator></cp:coreProperties>",
        escape(title)
    )
}

/// MIME type of a DOCX file.
pub const MIME: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

impl Document {
    /// The DOCX file.
    pub fn to_bytes(&self) -> Vec<u8> {
        let parts: [(&str, String); 6] = [
            ("[Content_Types].xml", CONTENT_TYPES.to_owned()),
            ("_rels/.rels", ROOT_RELS.to_owned()),
            ("docProps/core.xml", core_xml(&self.title)),
            ("word/_rels/document.xml.rels", DOCUMENT_RELS.to_owned()),
            ("word/styles.xml", styles_xml(&self.fonts)),
            ("word/document.xml", document_xml(self)),
        ];
        let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
        let options = SimpleFileOptions::default()
            .compression_method(CompressionMethod::Deflated)
            .last_modified_time(zip::DateTime::default());
        for (name, content) in parts {
            // Writing to a Vec cannot fail; a failure here would be a bug in the zip crate.
            zip.start_file(name, options)
                .expect("starting a zip entry in memory");
            zip.write_all(content.as_bytes())
                .expect("writing a zip entry into memory");
        }
        zip.finish()
            .expect("finishing a zip archive in memory")
            .into_inner()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    fn part(bytes: &[u8], name: &str) -> String {
        let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip archive");
        let mut file = archive.by_name(name).expect(name);
        let mut s = String::new();
        file.read_to_string(&mut s).expect("UTF-8");
        s
    }

    /// Every opened tag is closed in order (the parts are written without a library).
    fn well_formed(xml: &str) {
        let mut stack: Vec<String> = Vec::new();
        let mut rest = xml;
        while let Some(start) = rest.find('<') {
            let end = rest[start..].find('>').expect("tag end") + start;
            let tag = &rest[start + 1..end];
            rest = &rest[end + 1..];
            if tag.starts_with('?') || tag.ends_with('/') {
                continue;
            }
            let name = tag.split_whitespace().next().unwrap_or("");
            if let Some(closing) = name.strip_prefix('/') {
                assert_eq!(stack.pop().as_deref(), Some(closing), "in {xml}");
            } else {
                stack.push(name.to_owned());
            }
        }
        assert!(stack.is_empty(), "unclosed {stack:?}");
    }

    #[test]
    fn writes_the_parts_a_word_processor_needs() {
        let doc = Document {
            title: "答复书 <测试> & “引号”".into(),
            paragraphs: vec![
                Para::title("政府信息公开申请答复书"),
                Para::aligned("民公开〔2026〕3号", Align::Right),
                Para::body("第一段\n第二行 & <尖括号>\u{1}"),
            ],
            fonts: Fonts::default(),
            tables: Vec::new(),
        };
        let bytes = doc.to_bytes();
        assert_eq!(&bytes[..2], b"PK");
        for name in [
            "[Content_Types].xml",
            "_rels/.rels",
            "docProps/core.xml",
            "word/_rels/document.xml.rels",
            "word/styles.xml",
            "word/document.xml",
        ] {
            well_formed(&part(&bytes, name));
        }
        let body = part(&bytes, "word/document.xml");
        assert!(body.contains("政府信息公开申请答复书"));
        assert!(body.contains("第二行 &amp; &lt;尖括号&gt;"));
        assert!(!body.contains('\u{1}'));
        assert!(body.contains("<w:br/>"));
        assert!(body.contains("w:eastAsia=\"仿宋\""));
        assert!(body.contains("<w:jc w:val=\"right\"/>"));
        // Two characters of 16 pt: 640 twips, for readers that ignore character units.
        assert!(body.contains("w:firstLine=\"640\" w:firstLineChars=\"200\""));
        assert!(part(&bytes, "docProps/core.xml").contains("&lt;测试&gt; &amp;"));
    }

    #[test]
    fn the_same_document_gives_the_same_bytes() {
        let doc = Document {
            title: "t".into(),
            paragraphs: vec![Para::body("x")],
            fonts: Fonts::default(),
            tables: Vec::new(),
        };
        assert_eq!(doc.to_bytes(), doc.to_bytes());
    }
}
