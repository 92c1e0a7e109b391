//! ToUnicode CMaps: how a font's character codes become Unicode text.

use std::collections::HashMap;

use super::syntax::{Lexer, Obj};
use crate::files::extract::TextSink;

/// UTF-16BE bytes as text; a trailing odd byte is dropped.
pub(super) fn utf16(bytes: &[u8]) -> String {
    let units: Vec<u16> = bytes
        .chunks_exact(2)
        .map(|pair| u16::from_be_bytes([pair[0], pair[1]]))
        .collect();
    String::from_utf16_lossy(&units)
}

/// Big-endian value of a code of up to four bytes.
fn code_value(bytes: &[u8]) -> u32 {
    bytes
        .iter()
        .take(4)
        .fold(0, |v, b| (v << 8) | u32::from(*b))
}

/// A ToUnicode CMap: from character codes to Unicode text.
pub(super) struct CMap {
    /// Code lengths and ranges, shortest first.
    spaces: Vec<(usize, u32, u32)>,
    singles: HashMap<(usize, u32), String>,
    /// Sorted by code length, then first code.
    ranges: Vec<Range>,
    default_len: usize,
}

struct Range {
    len: usize,
    low: u32,
    high: u32,
    target: RangeTarget,
}

enum RangeTarget {
    /// UTF-16 of the first code; the last unit counts up.
    From(Vec<u16>),
    /// One text per code.
    Each(Vec<String>),
}

impl CMap {
    pub(super) fn parse(data: &[u8], default_len: usize) -> Option<Self> {
        let mut cmap = CMap {
            spaces: Vec::new(),
            singles: HashMap::new(),
            ranges: Vec::new(),
            default_len,
        };
        let mut lexer = Lexer::new(data);
        while let Some(obj) = lexer.object() {
            let Obj::Op(op) = obj else { continue };
            match op.as_slice() {
                b"begincodespacerange" => {
                    for pair in until(&mut lexer, b"endcodespacerange").chunks_exact(2) {
                        if let [Obj::Str(low), Obj::Str(high)] = pair {
                            cmap.spaces
                                .push((low.len(), code_value(low), code_value(high)));
                        }
                    }
                }
                b"beginbfchar" => {
                    for pair in until(&mut lexer, b"endbfchar").chunks_exact(2) {
                        if let [Obj::Str(code), Obj::Str(text)] = pair {
                            let key = (code.len(), code_value(code));
                            cmap.singles.insert(key, utf16(text));
                        }
                    }
                }
                b"beginbfrange" => {
                    for triple in until(&mut lexer, b"endbfrange").chunks_exact(3) {
                        let [Obj::Str(low), Obj::Str(high), target] = triple else {
                            continue;
                        };
                        let target = match target {
                            Obj::Str(first) => RangeTarget::From(
                                first
                                    .chunks_exact(2)
                                    .map(|p| u16::from_be_bytes([p[0], p[1]]))
                                    .collect(),
                            ),
                            Obj::Array(items) => RangeTarget::Each(
                                items
                                    .iter()
                                    .map(|i| match i {
                                        Obj::Str(text) => utf16(text),
                                        _ => String::new(),
                                    })
                                    .collect(),
                            ),
                            _ => continue,
                        };
                        cmap.ranges.push(Range {
                            len: low.len(),
                            low: code_value(low),
                            high: code_value(high),
                            target,
                        });
                    }
                }
                _ => {}
            }
        }
        if cmap.singles.is_empty() && cmap.ranges.is_empty() {
            return None;
        }
        if cmap.spaces.is_empty() {
            // No code space given: the mappings' own code length is the best guess.
            let first = cmap.singles.keys().next().map(|(len, _)| *len);
            cmap.default_len = first
                .or(cmap.ranges.first().map(|r| r.len))
                .unwrap_or(default_len);
        }
        cmap.spaces.sort_by_key(|(len, _, _)| *len);
        cmap.ranges.sort_by_key(|r| (r.len, r.low));
        Some(cmap)
    }

    pub(super) fn decode(&self, bytes: &[u8], sink: &mut TextSink) {
        let mut i = 0;
        while i < bytes.len() {
            let rest = &bytes[i..];
            let len = self
                .spaces
                .iter()
                .find(|(len, low, high)| {
                    rest.get(..*len)
                        .is_some_and(|code| (*low..=*high).contains(&code_value(code)))
                })
                .map_or(self.default_len, |(len, _, _)| *len)
                .max(1);
            let code = &rest[..len.min(rest.len())];
            if let Some(text) = self.lookup(code.len(), code_value(code)) {
                sink.push_str(&text);
            }
            i += code.len();
        }
    }

    fn lookup(&self, len: usize, code: u32) -> Option<String> {
        if let Some(text) = self.singles.get(&(len, code)) {
            return Some(text.clone());
        }
        // Binary search: a hostile map may hold millions of ranges, looked up once per code.
        let after = self
            .ranges
            .partition_point(|r| (r.len, r.low) <= (len, code));
        let range = self.ranges.get(after.checked_sub(1)?)?;
        if range.len != len || code > range.high {
            return None;
        }
        let offset = code - range.low;
        match &range.target {
            RangeTarget::From(units) => {
                let mut units = units.clone();
                let last = units.last_mut()?;
                *last = last.wrapping_add(u16::try_from(offset).ok()?);
                Some(String::from_utf16_lossy(&units))
            }
            RangeTarget::Each(texts) => texts.get(usize::try_from(offset).ok()?).cloned(),
        }
    }
}

/// The objects up to the keyword `end`.
fn until(lexer: &mut Lexer<'_>, end: &[u8]) -> Vec<Obj> {
    let mut items = Vec::new();
    while let Some(obj) = lexer.object() {
        if obj.is_op(end) {
            break;
        }
        items.push(obj);
    }
    items
}
