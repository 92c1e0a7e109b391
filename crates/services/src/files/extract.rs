//! Text of attachments for the personal-data scan: Word (DOCX, WPS in Office Open XML), Excel
//! (XLSX, ET in Office Open XML), OFD, and PDF ([`super::pdf`]). Best-effort by design: a file
//! we cannot read yields `None`, never an error, and the scan then asks for a human look.

use std::borrow::Cow;

use super::archive::{self, Zip};
use super::pdf;
use super::sniff::{DOCX, ET_OOXML, FileType, OFD, PDF, WPS_OOXML, XLSX};

/// The text of a file of type `file_type`, at most `max_bytes` long; `None` when the type
/// carries no text we read, when reading failed, or when there is no text at all.
pub(super) fn text(file_type: &FileType, bytes: &[u8], max_bytes: usize) -> Option<String> {
    let mut sink = TextSink::new(max_bytes);
    let read = if *file_type == PDF {
        pdf::extract(bytes, &mut sink)
    } else if [DOCX, WPS_OOXML].contains(file_type) {
        docx(bytes, &mut sink)
    } else if [XLSX, ET_OOXML].contains(file_type) {
        xlsx(bytes, &mut sink)
    } else if *file_type == OFD {
        ofd(bytes, &mut sink)
    } else {
        None
    };
    read.and_then(|()| sink.finish())
}

/// Collects text up to a size, without control characters and without runs of blank lines.
pub(super) struct TextSink {
    text: String,
    max_bytes: usize,
    full: bool,
}

impl TextSink {
    pub(super) fn new(max_bytes: usize) -> Self {
        Self {
            text: String::new(),
            max_bytes,
            full: false,
        }
    }

    /// Whether the cap was reached: readers stop early.
    pub(super) fn is_full(&self) -> bool {
        self.full
    }

    pub(super) fn push(&mut self, c: char) {
        if self.full || (c.is_control() && c != '\t' && c != '\n') {
            return;
        }
        if self.text.len() + c.len_utf8() > self.max_bytes {
            self.full = true;
            return;
        }
        self.text.push(c);
    }

    pub(super) fn push_str(&mut self, s: &str) {
        for c in s.chars() {
            self.push(c);
        }
    }

    /// Ends the current line, unless there is none.
    pub(super) fn newline(&mut self) {
        if !self.text.is_empty() && !self.text.ends_with('\n') {
            self.push('\n');
        }
    }

    fn finish(self) -> Option<String> {
        let text = self.text.trim();
        (!text.is_empty()).then(|| text.to_owned())
    }
}

/// The text of a Word document: body, then headers and footers, notes and comments (all of
/// which are published with the file). Deleted but still tracked text is included: it is in
/// the file for anyone to read.
fn docx(bytes: &[u8], sink: &mut TextSink) -> Option<()> {
    let mut zip = archive::open(bytes).ok()?;
    let names = archive::entry_names(&zip);
    let body = find(&names, "word/document.xml")?;
    docx_part(&read_xml(&mut zip, body)?, sink);
    let mut others: Vec<&(usize, String)> = names
        .iter()
        .filter(|(_, name)| {
            let name = name.to_ascii_lowercase();
            let Some(file) = name.strip_prefix("word/") else {
                return false;
            };
            let header_or_footer = (file.starts_with("header") || file.starts_with("footer"))
                && file.ends_with(".xml")
                && !file.contains('/');
            header_or_footer || matches!(file, "footnotes.xml" | "endnotes.xml" | "comments.xml")
        })
        .collect();
    others.sort_by(|a, b| natural(&a.1, &b.1));
    for (index, _) in others {
        if let Some(xml) = read_xml(&mut zip, *index) {
            sink.newline();
            docx_part(&xml, sink);
        }
    }
    Some(())
}

fn docx_part(xml: &str, sink: &mut TextSink) {
    let mut in_run = false;
    let mut in_text = false;
    for event in XmlReader::new(xml) {
        if sink.is_full() {
            return;
        }
        match event {
            Xml::Open {
                name: "r",
                empty: false,
                ..
            } => in_run = true,
            Xml::Close("r") => in_run = false,
            Xml::Open {
                name: "t" | "delText",
                empty: false,
                ..
            } => in_text = true,
            Xml::Close("t" | "delText") => in_text = false,
            Xml::Text(text) if in_text => sink.push_str(&unescape(text)),
            Xml::CData(text) if in_text => sink.push_str(text),
            // `w:tab` also appears in paragraph properties, where it is a tab stop, not a tab.
            Xml::Open { name: "tab", .. } if in_run => sink.push('\t'),
            Xml::Open {
                name: "br" | "cr", ..
            } if in_run => sink.newline(),
            Xml::Close("p") => sink.newline(),
            _ => {}
        }
    }
}

/// The text of a workbook: each sheet's rows with cells separated by tabs, shared strings put
/// back in their cells (a name beside an ID number reads as one line), then shared strings no
/// cell uses any more, which are still in the file.
fn xlsx(bytes: &[u8], sink: &mut TextSink) -> Option<()> {
    let mut zip = archive::open(bytes).ok()?;
    let names = archive::entry_names(&zip);
    let shared = match find(&names, "xl/sharedStrings.xml") {
        Some(index) => shared_strings(&read_xml(&mut zip, index)?),
        None => Vec::new(),
    };
    let mut used = vec![false; shared.len()];
    let mut sheets: Vec<&(usize, String)> = names
        .iter()
        .filter(|(_, name)| {
            let name = name.to_ascii_lowercase();
            name.strip_prefix("xl/worksheets/sheet")
                .is_some_and(|rest| rest.ends_with(".xml") && !rest.contains('/'))
        })
        .collect();
    sheets.sort_by(|a, b| natural(&a.1, &b.1));
    for (index, _) in sheets {
        if let Some(xml) = read_xml(&mut zip, *index) {
            sheet_text(&xml, &shared, &mut used, sink);
            sink.newline();
        }
    }
    for (text, used) in shared.iter().zip(&used) {
        if !used {
            sink.push_str(text);
            sink.newline();
        }
    }
    Some(())
}

fn shared_strings(xml: &str) -> Vec<String> {
    let mut strings = Vec::new();
    let mut current = String::new();
    let (mut in_text, mut in_phonetic) = (false, false);
    for event in XmlReader::new(xml) {
        match event {
            Xml::Open { name: "si", .. } => current.clear(),
            Xml::Close("si") => strings.push(std::mem::take(&mut current)),
            // Phonetic guides (Japanese furigana) repeat the text in another script.
            Xml::Open {
                name: "rPh",
                empty: false,
                ..
            } => in_phonetic = true,
            Xml::Close("rPh") => in_phonetic = false,
            Xml::Open {
                name: "t",
                empty: false,
                ..
            } => in_text = true,
            Xml::Close("t") => in_text = false,
            Xml::Text(text) if in_text && !in_phonetic => current.push_str(&unescape(text)),
            _ => {}
        }
    }
    strings
}

fn sheet_text(xml: &str, shared: &[String], used: &mut [bool], sink: &mut TextSink) {
    let mut cell_type = String::new();
    let mut value = String::new();
    let mut inline = String::new();
    let (mut in_value, mut in_inline, mut cells_in_row) = (false, false, 0usize);
    for event in XmlReader::new(xml) {
        if sink.is_full() {
            return;
        }
        match event {
            Xml::Open {
                name: "c",
                attrs,
                empty: false,
            } => {
                cell_type = attr(attrs, "t").map(Cow::into_owned).unwrap_or_default();
                value.clear();
                inline.clear();
            }
            Xml::Open {
                name: "v",
                empty: false,
                ..
            } => in_value = true,
            Xml::Close("v") => in_value = false,
            Xml::Open {
                name: "t",
                empty: false,
                ..
            } => in_inline = true,
            Xml::Close("t") => in_inline = false,
            Xml::Text(text) if in_value => value.push_str(&unescape(text)),
            Xml::Text(text) if in_inline => inline.push_str(&unescape(text)),
            Xml::Close("c") => {
                let text: Cow<'_, str> = match cell_type.as_str() {
                    "s" => {
                        let index = value.trim().parse::<usize>().ok();
                        match index.and_then(|i| Some((i, shared.get(i)?))) {
                            Some((i, text)) => {
                                if let Some(flag) = used.get_mut(i) {
                                    *flag = true;
                                }
                                Cow::Borrowed(text.as_str())
                            }
                            None => Cow::Borrowed(""),
                        }
                    }
                    "inlineStr" => Cow::Borrowed(inline.as_str()),
                    _ => expand_number(value.trim()),
                };
                if !text.is_empty() {
                    if cells_in_row > 0 {
                        sink.push('\t');
                    }
                    sink.push_str(&text);
                    cells_in_row += 1;
                }
            }
            Xml::Close("row") => {
                sink.newline();
                cells_in_row = 0;
            }
            _ => {}
        }
    }
}

/// Writes a number Excel stored in exponent form (`1.10105199001011E+17`, what an 18-digit ID
/// number typed as a number becomes) with all its digits, so the scan sees a digit run.
pub(super) fn expand_number(value: &str) -> Cow<'_, str> {
    let Some((mantissa, exponent)) = value.split_once(['E', 'e']) else {
        return Cow::Borrowed(value);
    };
    let Ok(exponent) = exponent.parse::<usize>() else {
        return Cow::Borrowed(value);
    };
    let (sign, digits) = match mantissa.strip_prefix('-') {
        Some(digits) => ("-", digits),
        None => ("", mantissa),
    };
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    let all_digits = !whole.is_empty()
        && whole
            .bytes()
            .chain(fraction.bytes())
            .all(|b| b.is_ascii_digit());
    if !all_digits || exponent < fraction.len() || exponent > 30 {
        return Cow::Borrowed(value);
    }
    let zeros = "0".repeat(exponent - fraction.len());
    Cow::Owned(format!("{sign}{whole}{fraction}{zeros}"))
}

/// The text of an OFD document, page by page; a new line where the baseline moves.
fn ofd(bytes: &[u8], sink: &mut TextSink) -> Option<()> {
    let mut zip = archive::open(bytes).ok()?;
    let names = archive::entry_names(&zip);
    let mut pages: Vec<&(usize, String)> = names
        .iter()
        .filter(|(_, name)| {
            let name = name.to_ascii_lowercase();
            name.contains("pages/") && name.ends_with("/content.xml")
        })
        .collect();
    if pages.is_empty() {
        return None;
    }
    pages.sort_by(|a, b| natural(&a.1, &b.1));
    for (index, _) in pages {
        if let Some(xml) = read_xml(&mut zip, *index) {
            ofd_page(&xml, sink);
            sink.newline();
        }
    }
    Some(())
}

fn ofd_page(xml: &str, sink: &mut TextSink) {
    let (mut object_y, mut line_y, mut in_code) = (0.0_f64, None::<f64>, false);
    for event in XmlReader::new(xml) {
        if sink.is_full() {
            return;
        }
        match event {
            Xml::Open {
                name: "TextObject",
                attrs,
                ..
            } => {
                // Boundary is "x y width height"; text codes are placed relative to it.
                object_y = attr(attrs, "Boundary")
                    .and_then(|b| b.split_whitespace().nth(1)?.parse().ok())
                    .unwrap_or(0.0);
            }
            Xml::Open {
                name: "TextCode",
                attrs,
                empty: false,
            } => {
                in_code = true;
                let y = attr(attrs, "Y").and_then(|y| y.trim().parse::<f64>().ok());
                if let Some(y) = y.map(|y| y + object_y) {
                    if line_y.is_some_and(|last| (last - y).abs() > 1.0) {
                        sink.newline();
                    }
                    line_y = Some(y);
                }
            }
            Xml::Close("TextCode") => in_code = false,
            Xml::Text(text) if in_code => sink.push_str(&unescape(text)),
            _ => {}
        }
    }
}

fn find(names: &[(usize, String)], wanted: &str) -> Option<usize> {
    names
        .iter()
        .find(|(_, name)| name.eq_ignore_ascii_case(wanted))
        .map(|(index, _)| *index)
}

fn read_xml(zip: &mut Zip<'_>, index: usize) -> Option<String> {
    let bytes = archive::read_entry(zip, index).ok()?;
    Some(String::from_utf8_lossy(&bytes).into_owned())
}

/// `sheet2.xml` before `sheet10.xml`: shorter names first, then by name.
fn natural(a: &str, b: &str) -> std::cmp::Ordering {
    a.len().cmp(&b.len()).then_with(|| a.cmp(b))
}

/// An event of [`XmlReader`]. Names are local (the namespace prefix dropped): documents from
/// different producers use different prefixes for the same namespace.
#[derive(Debug, PartialEq)]
pub(super) enum Xml<'a> {
    Open {
        name: &'a str,
        attrs: &'a str,
        empty: bool,
    },
    Close(&'a str),
    Text(&'a str),
    CData(&'a str),
}

/// Just enough of XML to read the text of office documents: tags, text and CDATA; comments,
/// processing instructions and declarations are skipped. Not a validating parser, and it need
/// not be: a malformed document only loses text.
pub(super) struct XmlReader<'a> {
    xml: &'a str,
    pos: usize,
}

impl<'a> XmlReader<'a> {
    pub(super) fn new(xml: &'a str) -> Self {
        Self { xml, pos: 0 }
    }

    /// Moves past `end` and says whether it was found.
    fn skip_past(&mut self, end: &str) -> bool {
        match self.xml.get(self.pos..).and_then(|rest| rest.find(end)) {
            Some(at) => {
                self.pos += at + end.len();
                true
            }
            None => {
                self.pos = self.xml.len();
                false
            }
        }
    }
}

impl<'a> Iterator for XmlReader<'a> {
    type Item = Xml<'a>;

    fn next(&mut self) -> Option<Xml<'a>> {
        loop {
            let rest = self.xml.get(self.pos..).filter(|r| !r.is_empty())?;
            if !rest.starts_with('<') {
                let end = rest.find('<').unwrap_or(rest.len());
                self.pos += end;
                return Some(Xml::Text(&rest[..end]));
            }
            if rest.starts_with("<!--") {
                self.skip_past("-->");
                continue;
            }
            if let Some(data) = rest.strip_prefix("<![CDATA[") {
                let end = data.find("]]>").unwrap_or(data.len());
                self.skip_past("]]>");
                return Some(Xml::CData(&data[..end]));
            }
            if rest.starts_with("<?") {
                self.skip_past("?>");
                continue;
            }
            if rest.starts_with("<!") {
                self.skip_past(">");
                continue;
            }
            // `>` may appear inside a quoted attribute value.
            let mut quote = None;
            let end = rest.char_indices().skip(1).find_map(|(i, c)| {
                match (quote, c) {
                    (None, '"' | '\'') => quote = Some(c),
                    (Some(q), _) if q == c => quote = None,
                    (None, '>') => return Some(i),
                    _ => {}
                }
                None
            });
            let Some(end) = end else {
                self.pos = self.xml.len();
                return None;
            };
            self.pos += end + 1;
            let inner = &rest[1..end];
            if let Some(name) = inner.strip_prefix('/') {
                return Some(Xml::Close(local_name(name.trim())));
            }
            let (inner, empty) = match inner.strip_suffix('/') {
                Some(inner) => (inner, true),
                None => (inner, false),
            };
            let name_end = inner.find(char::is_whitespace).unwrap_or(inner.len());
            return Some(Xml::Open {
                name: local_name(&inner[..name_end]),
                attrs: &inner[name_end..],
                empty,
            });
        }
    }
}

fn local_name(name: &str) -> &str {
    name.rsplit(':').next().unwrap_or(name)
}

/// The value of attribute `wanted` (matched with its prefix, if any) in a tag's attribute text.
pub(super) fn attr<'a>(attrs: &'a str, wanted: &str) -> Option<Cow<'a, str>> {
    let mut rest = attrs;
    loop {
        rest = rest.trim_start();
        let (key, after) = rest.split_once('=')?;
        let after = after.trim_start();
        let quote = after.chars().next().filter(|q| *q == '"' || *q == '\'')?;
        let (value, tail) = after[1..].split_once(quote)?;
        if key.trim() == wanted {
            return Some(unescape(value));
        }
        rest = tail;
    }
}

/// Replaces the five predefined entities and character references.
pub(super) fn unescape(text: &str) -> Cow<'_, str> {
    if !text.contains('&') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let entity = rest
            .get(1..rest.len().min(12))
            .and_then(|window| window.find(';'))
            .map(|semi| &rest[1..semi + 1]);
        let decoded = entity.and_then(|name| match name {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => {
                let number = name.strip_prefix('#')?;
                let code = match number.strip_prefix(['x', 'X']) {
                    Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                    None => number.parse().ok()?,
                };
                char::from_u32(code)
            }
        });
        match (entity, decoded) {
            (Some(name), Some(c)) => {
                out.push(c);
                rest = &rest[name.len() + 2..];
            }
            _ => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}
