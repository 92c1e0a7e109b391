//! Best-effort text of PDF files, for the personal-data scan.
//!
//! Reads the pages' content streams (uncompressed or FlateDecode, also inside object streams
//! and form XObjects) and the strings of the text-showing operators `Tj`, `TJ`, `'` and `"`.
//! Strings are decoded by their font: through its ToUnicode CMap (`bfchar`/`bfrange`) when it
//! has one, as UCS-2 for CJK fonts with a `Uni…-UCS2`/`UTF16` encoding, as Latin-1 for simple
//! fonts; composite fonts without a ToUnicode map are skipped, their codes being glyph numbers.
//!
//! Not read: encrypted PDFs, other filters (LZW, ASCII85 …), form field values, annotations,
//! metadata, and scanned pages (images have no text). The caller sees `None` or less text.
//!
//! The input is hostile: decompression is bounded per stream and in total, nesting is bounded,
//! and references are followed a few steps at most.

mod cmap;
mod syntax;

use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use super::extract::TextSink;
use cmap::{CMap, utf16};
use syntax::{Lexer, NULL, Obj, is_delimiter, is_white};

/// Decompressed bytes of one stream.
const MAX_STREAM_BYTES: usize = 64 * 1024 * 1024;
/// Decompressed bytes (plus a cost per stream) for the whole file: bounds the time spent.
const MAX_WORK_BYTES: usize = 256 * 1024 * 1024;
/// Nesting of arrays and dictionaries.
const MAX_NESTING: usize = 32;
/// Forms drawn inside forms.
const MAX_FORM_DEPTH: usize = 4;

/// Writes the text of the PDF into `sink`; `None` when the file cannot be read as a PDF.
pub(super) fn extract(bytes: &[u8], sink: &mut TextSink) -> Option<()> {
    // The strings of an encrypted file are ciphertext: reading them would only feed the scan
    // noise, and noise is worse than an honest "not readable".
    if find(bytes, 0, b"/Encrypt").is_some() {
        return None;
    }
    let document = Document::parse(bytes);
    let pages = document.pages();
    if pages.is_empty() {
        return None;
    }
    let mut reader = Reader {
        document: &document,
        fonts: HashMap::new(),
        sink,
    };
    for page in pages {
        if reader.sink.is_full() || document.work.get() == 0 {
            break;
        }
        reader.page(&page);
    }
    Some(())
}

fn find(data: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    data.get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|at| at + from)
}

/// An indirect object: its value and, for a stream, the raw bytes.
struct Object<'a> {
    value: Obj,
    stream: Option<&'a [u8]>,
}

/// The objects of a file, found by scanning for `n g obj` rather than through the
/// cross-reference table: damaged and incrementally updated files read the same way, and the
/// last definition of a number wins as it would through the table.
struct Document<'a> {
    objects: HashMap<u32, Object<'a>>,
    /// What is left of [`MAX_WORK_BYTES`].
    work: std::cell::Cell<usize>,
}

impl<'a> Document<'a> {
    fn parse(data: &'a [u8]) -> Self {
        let mut objects = HashMap::new();
        let mut pos = 0;
        while let Some(at) = find(data, pos, b"obj") {
            pos = at + 3;
            if data
                .get(pos)
                .is_some_and(|b| !is_white(*b) && !is_delimiter(*b))
            {
                continue;
            }
            let Some(number) = object_number(data, at) else {
                continue;
            };
            let mut lexer = Lexer { data, pos };
            let Some(value) = lexer.object() else {
                continue;
            };
            // Only a peek at the next keyword: reading a whole object ahead and then stepping
            // back would let a hostile file make every `obj` cost a scan to its end.
            lexer.skip_space();
            pos = lexer.pos;
            let mut stream = None;
            if data
                .get(pos..)
                .is_some_and(|rest| rest.starts_with(b"stream"))
            {
                let (body, end) = stream_body(data, pos + 6, value.get(b"Length"));
                stream = Some(body);
                pos = end;
            }
            objects.insert(number, Object { value, stream });
        }
        let mut document = Self {
            objects,
            work: std::cell::Cell::new(MAX_WORK_BYTES),
        };
        document.expand_object_streams();
        document
    }

    /// Adds the objects compressed inside object streams (PDF 1.5), where font dictionaries
    /// usually are.
    fn expand_object_streams(&mut self) {
        let mut containers: Vec<u32> = self
            .objects
            .iter()
            .filter(|(_, o)| o.value.get(b"Type").and_then(Obj::name) == Some(b"ObjStm"))
            .map(|(number, _)| *number)
            .collect();
        containers.sort_unstable();
        let mut found = Vec::new();
        for number in containers {
            let Some(data) = self.objects.get(&number).and_then(|o| self.decode(o)) else {
                continue;
            };
            let Some(object) = self.objects.get(&number) else {
                continue;
            };
            let count = object.value.get(b"N").and_then(Obj::num).unwrap_or(0.0);
            let first = object.value.get(b"First").and_then(Obj::num).unwrap_or(0.0);
            let (count, first) = (
                count.clamp(0.0, 100_000.0) as usize,
                first.max(0.0) as usize,
            );
            let mut header = Lexer::new(&data);
            let mut entries = Vec::new();
            for _ in 0..count {
                let (Some(Obj::Num(inner)), Some(Obj::Num(offset))) =
                    (header.object(), header.object())
                else {
                    break;
                };
                let start = first.saturating_add(offset.max(0.0) as usize);
                entries.push((inner.max(0.0) as u32, start));
            }
            // Each object is read only up to where the next begins: offsets all pointing at one
            // unterminated string would otherwise cost count × length.
            for (i, &(inner, start)) in entries.iter().enumerate() {
                let end = entries.get(i + 1).map_or(data.len(), |&(_, next)| next);
                let Some(slice) = data.get(start..end.min(data.len())) else {
                    continue;
                };
                if let Some(value) = Lexer::new(slice).object() {
                    found.push((inner, value));
                }
            }
        }
        for (number, value) in found {
            // An object written directly (by a later update) wins over a compressed one.
            self.objects.entry(number).or_insert(Object {
                value,
                stream: None,
            });
        }
    }

    fn resolve<'o>(&'o self, obj: &'o Obj) -> &'o Obj {
        let mut current = obj;
        for _ in 0..8 {
            match current {
                Obj::Ref(number) => match self.objects.get(number) {
                    Some(object) => current = &object.value,
                    None => return &NULL,
                },
                _ => return current,
            }
        }
        &NULL
    }

    /// The decoded data of the stream `obj` refers to.
    fn stream_of(&self, obj: &Obj) -> Option<Vec<u8>> {
        match obj {
            Obj::Ref(number) => self.decode(self.objects.get(number)?),
            _ => None,
        }
    }

    fn decode(&self, object: &Object<'_>) -> Option<Vec<u8>> {
        // Every decode costs: forms drawing forms could otherwise multiply small streams
        // without end.
        if self.work.get() == 0 {
            return None;
        }
        let raw = object.stream?;
        let filters: Vec<&[u8]> = match object.value.get(b"Filter").map(|f| self.resolve(f)) {
            None | Some(Obj::Null) => Vec::new(),
            Some(Obj::Name(name)) => vec![name.as_slice()],
            Some(Obj::Array(items)) => items.iter().filter_map(Obj::name).collect(),
            Some(_) => return None,
        };
        // Predictors are for images and cross-reference streams, never text.
        let predictor = object
            .value
            .get(b"DecodeParms")
            .and_then(|p| self.resolve(p).get(b"Predictor"))
            .and_then(Obj::num);
        if predictor.is_some_and(|p| p > 1.0) {
            return None;
        }
        let mut data = raw.to_vec();
        for filter in filters {
            data = match filter {
                b"FlateDecode" | b"Fl" => self.inflate(&data)?,
                _ => return None,
            };
        }
        let cost = data.len().saturating_add(1024);
        self.work.set(self.work.get().saturating_sub(cost));
        Some(data)
    }

    fn inflate(&self, data: &[u8]) -> Option<Vec<u8>> {
        use miniz_oxide::inflate::{self, TINFLStatus};
        let limit = MAX_STREAM_BYTES.min(self.work.get());
        if limit == 0 {
            return None;
        }
        match inflate::decompress_to_vec_zlib_with_limit(data, limit) {
            Ok(out) => Some(out),
            Err(e) if e.status == TINFLStatus::HasMoreOutput => {
                self.work.set(self.work.get().saturating_sub(limit));
                None
            }
            // A truncated or slightly corrupt stream still gives its first part; some
            // producers also omit the zlib header.
            Err(e) if !e.output.is_empty() => Some(e.output),
            Err(_) => inflate::decompress_to_vec_with_limit(data, limit).ok(),
        }
    }

    /// The pages in document order, each with the resources it inherits.
    fn pages(&self) -> Vec<Page<'_>> {
        let mut roots: Vec<u32> = self
            .objects
            .iter()
            .filter(|(_, o)| {
                o.value.get(b"Type").and_then(Obj::name) == Some(b"Pages")
                    && o.value.get(b"Parent").is_none()
            })
            .map(|(number, _)| *number)
            .collect();
        roots.sort_unstable();
        let mut pages = Vec::new();
        let mut seen = HashSet::new();
        for root in roots {
            if let Some(object) = self.objects.get(&root) {
                seen.insert(root);
                let resources = self.resources_of(&object.value, &NULL);
                self.walk(&object.value, resources, 0, &mut seen, &mut pages);
            }
        }
        if pages.is_empty() {
            // A broken page tree: take the page objects in number order, each with its own
            // or its parent's resources.
            let mut loose: Vec<(&u32, &Object<'_>)> = self
                .objects
                .iter()
                .filter(|(_, o)| o.value.get(b"Type").and_then(Obj::name) == Some(b"Page"))
                .collect();
            loose.sort_unstable_by_key(|(number, _)| **number);
            for (_, object) in loose {
                let parent = object.value.get(b"Parent").map(|p| self.resolve(p));
                let inherited = self.resources_of(parent.unwrap_or(&NULL), &NULL);
                if let Some(contents) = object.value.get(b"Contents") {
                    pages.push(Page {
                        contents,
                        resources: self.resources_of(&object.value, inherited),
                    });
                }
            }
        }
        pages
    }

    fn resources_of<'o>(&'o self, node: &'o Obj, inherited: &'o Obj) -> &'o Obj {
        node.get(b"Resources")
            .map(|r| self.resolve(r))
            .unwrap_or(inherited)
    }

    fn walk<'o>(
        &'o self,
        node: &'o Obj,
        resources: &'o Obj,
        depth: usize,
        seen: &mut HashSet<u32>,
        pages: &mut Vec<Page<'o>>,
    ) {
        let Some(Obj::Array(kids)) = node.get(b"Kids").map(|k| self.resolve(k)) else {
            return;
        };
        for kid in kids {
            let Obj::Ref(number) = kid else { continue };
            // A page tree with a cycle would otherwise never end.
            if depth > MAX_NESTING || !seen.insert(*number) {
                continue;
            }
            let Some(object) = self.objects.get(number) else {
                continue;
            };
            let kid = &object.value;
            let kid_resources = self.resources_of(kid, resources);
            if kid.get(b"Kids").is_some() {
                self.walk(kid, kid_resources, depth + 1, seen, pages);
            } else if let Some(contents) = kid.get(b"Contents") {
                pages.push(Page {
                    contents,
                    resources: kid_resources,
                });
            }
        }
    }
}

/// Walks back from `obj` over `number generation` and returns the number.
fn object_number(data: &[u8], at: usize) -> Option<u32> {
    let mut i = at;
    let skip_white = |i: &mut usize| {
        let start = *i;
        while *i > 0 && is_white(data[*i - 1]) {
            *i -= 1;
        }
        *i < start
    };
    let digits = |i: &mut usize| {
        let end = *i;
        while *i > 0 && data[*i - 1].is_ascii_digit() {
            *i -= 1;
        }
        (*i < end).then_some(*i..end)
    };
    if !skip_white(&mut i) {
        return None;
    }
    digits(&mut i)?;
    if !skip_white(&mut i) {
        return None;
    }
    let number = digits(&mut i)?;
    if i > 0 && !is_white(data[i - 1]) && !is_delimiter(data[i - 1]) {
        return None;
    }
    std::str::from_utf8(&data[number]).ok()?.parse().ok()
}

/// The raw bytes of a stream starting at `start` (just after `stream`), and where reading
/// goes on. A direct `/Length` is trusted when `endstream` follows it; otherwise (indirect or
/// wrong lengths are common) the data runs to the next `endstream`.
fn stream_body<'a>(data: &'a [u8], start: usize, length: Option<&Obj>) -> (&'a [u8], usize) {
    let start = match data.get(start..) {
        Some([b'\r', b'\n', ..]) => start + 2,
        Some([b'\n' | b'\r', ..]) => start + 1,
        _ => start,
    };
    if let Some(Obj::Num(length)) = length {
        let end = start.saturating_add(length.max(0.0) as usize);
        if let Some(tail) = data.get(end..) {
            let skipped = tail.iter().take_while(|b| is_white(**b)).count();
            if tail[skipped..].starts_with(b"endstream") {
                return (&data[start..end], end + skipped + 9);
            }
        }
    }
    match find(data, start, b"endstream") {
        Some(end) => {
            let mut body = &data[start..end];
            if let Some(trimmed) = body.strip_suffix(b"\n") {
                body = trimmed.strip_suffix(b"\r").unwrap_or(trimmed);
            } else if let Some(trimmed) = body.strip_suffix(b"\r") {
                body = trimmed;
            }
            (body, end + 9)
        }
        None => (data.get(start..).unwrap_or_default(), data.len()),
    }
}

struct Page<'o> {
    contents: &'o Obj,
    resources: &'o Obj,
}

/// How a font's string bytes become text.
enum Font {
    /// Through its ToUnicode CMap; composite fonts have multi-byte codes (CJK text).
    Map { cmap: CMap, composite: bool },
    /// Codes are UCS-2/UTF-16BE (predefined `Uni…-UCS2-H` and `Uni…-UTF16-H` encodings).
    Utf16,
    /// A simple font without a map: Latin-1, right for the ASCII range.
    Simple,
    /// A composite font without a map: its codes are glyph numbers, not characters.
    Unreadable,
}

struct Reader<'d, 'a, 's> {
    document: &'d Document<'a>,
    /// By font object number: pages share their fonts.
    fonts: HashMap<u32, Rc<Font>>,
    sink: &'s mut TextSink,
}

impl<'d> Reader<'d, '_, '_> {
    fn page(&mut self, page: &Page<'d>) {
        let mut content = Vec::new();
        let parts: Vec<&Obj> = match page.contents {
            Obj::Array(items) => items.iter().collect(),
            Obj::Ref(number) => match self.document.objects.get(number) {
                Some(Object {
                    value: Obj::Array(items),
                    stream: None,
                }) => items.iter().collect(),
                _ => vec![page.contents],
            },
            _ => Vec::new(),
        };
        for part in parts {
            if let Some(data) = self.document.stream_of(part) {
                content.extend_from_slice(&data);
                // Streams of one page may split anywhere between tokens, never inside one.
                content.push(b'\n');
            }
        }
        self.run(&content, page.resources, 0);
        self.sink.newline();
    }

    fn run(&mut self, content: &[u8], resources: &'d Obj, depth: usize) {
        let mut lexer = Lexer::new(content);
        let mut operands: Vec<Obj> = Vec::new();
        let mut font: Option<Rc<Font>> = None;
        let mut line_y: Option<f64> = None;
        while !self.sink.is_full() {
            let Some(obj) = lexer.object() else { break };
            let Obj::Op(op) = obj else {
                // Text operators take at most six operands; more is garbage.
                if operands.len() < 16 {
                    operands.push(obj);
                }
                continue;
            };
            let operand = |i: usize| operands.get(i);
            match op.as_slice() {
                b"BI" => lexer.skip_inline_image(),
                b"Tf" => {
                    if let Some(Obj::Name(name)) = operands.len().checked_sub(2).and_then(operand) {
                        font = self.font(resources, name);
                    }
                }
                b"Tj" => self.show(font.as_deref(), operands.last()),
                b"'" | b"\"" => {
                    self.sink.newline();
                    self.show(font.as_deref(), operands.last());
                }
                b"TJ" => {
                    if let Some(Obj::Array(items)) = operands.last() {
                        for item in items {
                            match item {
                                // A wide negative adjustment is a word space in Latin text;
                                // CJK text has none, and digits must stay together.
                                Obj::Num(n) if *n <= -250.0 => {
                                    let latin = matches!(
                                        font.as_deref(),
                                        Some(
                                            Font::Simple
                                                | Font::Map {
                                                    composite: false,
                                                    ..
                                                }
                                        ) | None
                                    );
                                    if latin {
                                        self.sink.push(' ');
                                    }
                                }
                                _ => self.show(font.as_deref(), Some(item)),
                            }
                        }
                    }
                }
                b"T*" => self.sink.newline(),
                b"Td" | b"TD"
                    if operand(1)
                        .and_then(Obj::num)
                        .is_some_and(|ty| ty.abs() > 0.01) =>
                {
                    self.sink.newline();
                }
                b"Tm" => {
                    if let Some(y) = operand(5).and_then(Obj::num) {
                        if line_y.is_some_and(|last| (last - y).abs() > 0.5) {
                            self.sink.newline();
                        }
                        line_y = Some(y);
                    }
                }
                b"Do" if depth < MAX_FORM_DEPTH => {
                    if let Some(Obj::Name(name)) = operands.last() {
                        self.form(resources, name, depth);
                    }
                }
                _ => {}
            }
            operands.clear();
        }
    }

    /// Text drawn by a form XObject (letterheads and stamps often are).
    fn form(&mut self, resources: &'d Obj, name: &[u8], depth: usize) {
        let document = self.document;
        let Some(xobjects) = resources.get(b"XObject").map(|x| document.resolve(x)) else {
            return;
        };
        let Some(Obj::Ref(number)) = xobjects.get(name) else {
            return;
        };
        let Some(object) = document.objects.get(number) else {
            return;
        };
        if object.value.get(b"Subtype").and_then(Obj::name) != Some(b"Form") {
            return;
        }
        let Some(content) = document.decode(object) else {
            return;
        };
        let inner = document.resources_of(&object.value, resources);
        self.run(&content, inner, depth + 1);
    }

    fn font(&mut self, resources: &'d Obj, name: &[u8]) -> Option<Rc<Font>> {
        let document = self.document;
        let fonts = document.resolve(resources.get(b"Font")?);
        let entry = fonts.get(name)?;
        if let Obj::Ref(number) = entry
            && let Some(font) = self.fonts.get(number)
        {
            return Some(Rc::clone(font));
        }
        let font = Rc::new(load_font(document, document.resolve(entry)));
        if let Obj::Ref(number) = entry {
            self.fonts.insert(*number, Rc::clone(&font));
        }
        Some(font)
    }

    fn show(&mut self, font: Option<&Font>, obj: Option<&Obj>) {
        let Some(Obj::Str(bytes)) = obj else { return };
        match font {
            Some(Font::Map { cmap, .. }) => cmap.decode(bytes, self.sink),
            Some(Font::Utf16) => self.sink.push_str(&utf16(bytes)),
            Some(Font::Unreadable) => {}
            Some(Font::Simple) | None => {
                for &b in bytes {
                    if matches!(b, 0x20..=0x7E | 0xA0..=0xFF) {
                        self.sink.push(char::from(b));
                    }
                }
            }
        }
    }
}

fn load_font(document: &Document<'_>, dict: &Obj) -> Font {
    let composite = dict.get(b"Subtype").and_then(Obj::name) == Some(b"Type0");
    let cmap = dict
        .get(b"ToUnicode")
        .and_then(|r| document.stream_of(r))
        .and_then(|data| CMap::parse(&data, if composite { 2 } else { 1 }));
    if let Some(cmap) = cmap {
        return Font::Map { cmap, composite };
    }
    if !composite {
        return Font::Simple;
    }
    let encoding = dict.get(b"Encoding").map(|e| document.resolve(e));
    match encoding.and_then(Obj::name) {
        Some(name)
            if name.starts_with(b"Uni")
                && (find(name, 0, b"UCS2").is_some() || find(name, 0, b"UTF16").is_some()) =>
        {
            Font::Utf16
        }
        _ => Font::Unreadable,
    }
}
