//! PDF syntax: objects and the lexer shared by the file, content streams and CMaps.

use super::MAX_NESTING;

/// A PDF object. Keywords (`true`, `null`, content operators) are `Op`.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Obj {
    Null,
    Num(f64),
    Name(Vec<u8>),
    Str(Vec<u8>),
    Array(Vec<Obj>),
    Dict(Vec<(Vec<u8>, Obj)>),
    Ref(u32),
    Op(Vec<u8>),
}

pub(super) static NULL: Obj = Obj::Null;

impl Obj {
    pub(super) fn get(&self, key: &[u8]) -> Option<&Obj> {
        match self {
            Obj::Dict(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    pub(super) fn name(&self) -> Option<&[u8]> {
        match self {
            Obj::Name(name) => Some(name),
            _ => None,
        }
    }

    pub(super) fn num(&self) -> Option<f64> {
        match self {
            Obj::Num(n) => Some(*n),
            _ => None,
        }
    }

    pub(super) fn is_op(&self, op: &[u8]) -> bool {
        matches!(self, Obj::Op(o) if o == op)
    }
}

enum Token {
    Obj(Obj),
    ArrayOpen,
    ArrayClose,
    DictOpen,
    DictClose,
}

pub(super) fn is_white(b: u8) -> bool {
    matches!(b, 0 | b'\t' | b'\n' | 0x0C | b'\r' | b' ')
}

pub(super) fn is_delimiter(b: u8) -> bool {
    matches!(
        b,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

/// Tokens and objects of PDF syntax, over a file or a content stream.
pub(super) struct Lexer<'a> {
    pub(super) data: &'a [u8],
    pub(super) pos: usize,
}

impl<'a> Lexer<'a> {
    pub(super) fn new(data: &'a [u8]) -> Self {
        Self { data, pos: 0 }
    }

    fn peek(&self, ahead: usize) -> Option<u8> {
        self.data.get(self.pos + ahead).copied()
    }

    pub(super) fn skip_space(&mut self) {
        while let Some(b) = self.peek(0) {
            if is_white(b) {
                self.pos += 1;
            } else if b == b'%' {
                while self.peek(0).is_some_and(|b| b != b'\n' && b != b'\r') {
                    self.pos += 1;
                }
            } else {
                break;
            }
        }
    }

    fn regular_run(&mut self) -> &'a [u8] {
        let start = self.pos;
        while self
            .peek(0)
            .is_some_and(|b| !is_white(b) && !is_delimiter(b))
        {
            self.pos += 1;
        }
        &self.data[start..self.pos]
    }

    fn token(&mut self) -> Option<Token> {
        self.skip_space();
        let b = self.peek(0)?;
        Some(match b {
            b'[' => {
                self.pos += 1;
                Token::ArrayOpen
            }
            b']' => {
                self.pos += 1;
                Token::ArrayClose
            }
            b'<' if self.peek(1) == Some(b'<') => {
                self.pos += 2;
                Token::DictOpen
            }
            b'>' if self.peek(1) == Some(b'>') => {
                self.pos += 2;
                Token::DictClose
            }
            b'<' => Token::Obj(Obj::Str(self.hex_string())),
            b'(' => Token::Obj(Obj::Str(self.literal_string())),
            b'/' => {
                self.pos += 1;
                Token::Obj(Obj::Name(decode_name(self.regular_run())))
            }
            _ if is_delimiter(b) => {
                // A stray `)`, `>`, `{` or `}`: one byte, so the lexer always moves on.
                self.pos += 1;
                Token::Obj(Obj::Op(vec![b]))
            }
            _ => {
                let run = self.regular_run();
                let number = (b.is_ascii_digit() || matches!(b, b'+' | b'-' | b'.'))
                    .then(|| std::str::from_utf8(run).ok()?.parse::<f64>().ok())
                    .flatten();
                Token::Obj(number.map_or_else(|| Obj::Op(run.to_vec()), Obj::Num))
            }
        })
    }

    fn literal_string(&mut self) -> Vec<u8> {
        self.pos += 1;
        let mut out = Vec::new();
        let mut depth = 1;
        while let Some(b) = self.peek(0) {
            self.pos += 1;
            match b {
                b'\\' => {
                    let Some(escaped) = self.peek(0) else { break };
                    self.pos += 1;
                    match escaped {
                        b'n' => out.push(b'\n'),
                        b'r' => out.push(b'\r'),
                        b't' => out.push(b'\t'),
                        b'b' => out.push(0x08),
                        b'f' => out.push(0x0C),
                        b'0'..=b'7' => {
                            let mut value = u32::from(escaped - b'0');
                            for _ in 0..2 {
                                match self.peek(0) {
                                    Some(d @ b'0'..=b'7') => {
                                        value = value * 8 + u32::from(d - b'0');
                                        self.pos += 1;
                                    }
                                    _ => break,
                                }
                            }
                            // Octal above 0o377 keeps its low byte, as readers do.
                            out.push(value.to_le_bytes()[0]);
                        }
                        // A backslash before an end of line continues the string.
                        b'\r' => {
                            if self.peek(0) == Some(b'\n') {
                                self.pos += 1;
                            }
                        }
                        b'\n' => {}
                        other => out.push(other),
                    }
                }
                b'(' => {
                    depth += 1;
                    out.push(b);
                }
                b')' => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                    out.push(b);
                }
                _ => out.push(b),
            }
        }
        out
    }

    fn hex_string(&mut self) -> Vec<u8> {
        self.pos += 1;
        let mut digits = Vec::new();
        while let Some(b) = self.peek(0) {
            self.pos += 1;
            match b {
                b'>' => break,
                _ => {
                    if let Some(d) = char::from(b).to_digit(16) {
                        digits.push(d as u8);
                    }
                }
            }
        }
        // An odd last digit is followed by an implied 0.
        digits
            .chunks(2)
            .map(|pair| (pair[0] << 4) | pair.get(1).copied().unwrap_or(0))
            .collect()
    }

    /// The next object, folding `n g R` into a reference inside arrays and dictionaries.
    /// `None` at the end of the data or past the nesting limit.
    pub(super) fn object(&mut self) -> Option<Obj> {
        self.object_at(0)
    }

    fn object_at(&mut self, depth: usize) -> Option<Obj> {
        match self.token()? {
            Token::Obj(obj) => Some(obj),
            Token::ArrayOpen => Some(Obj::Array(self.sequence(depth + 1)?)),
            Token::DictOpen => Some(to_dict(self.sequence(depth + 1)?)),
            Token::ArrayClose => Some(Obj::Op(b"]".to_vec())),
            Token::DictClose => Some(Obj::Op(b">>".to_vec())),
        }
    }

    /// The items up to a closing `]` or `>>`. Either closes either: the file is then
    /// malformed, and stopping at the first closer is the least surprising reading.
    fn sequence(&mut self, depth: usize) -> Option<Vec<Obj>> {
        if depth > MAX_NESTING {
            return None;
        }
        let mut items = Vec::new();
        loop {
            match self.token() {
                None | Some(Token::ArrayClose | Token::DictClose) => return Some(items),
                Some(Token::ArrayOpen) => items.push(Obj::Array(self.sequence(depth + 1)?)),
                Some(Token::DictOpen) => items.push(to_dict(self.sequence(depth + 1)?)),
                Some(Token::Obj(obj)) if obj.is_op(b"R") => {
                    if let [.., Obj::Num(number), Obj::Num(_)] = items.as_slice() {
                        let number = *number;
                        items.truncate(items.len() - 2);
                        if number >= 0.0 && number <= f64::from(u32::MAX) {
                            items.push(Obj::Ref(number as u32));
                        }
                    }
                }
                Some(Token::Obj(obj)) => items.push(obj),
            }
        }
    }

    /// Skips an inline image (`BI … ID <binary> EI`), whose bytes are not PDF syntax.
    pub(super) fn skip_inline_image(&mut self) {
        while let Some(obj) = self.object() {
            if obj.is_op(b"ID") {
                break;
            }
        }
        let data = self.data;
        let mut i = self.pos + 1;
        while i + 2 <= data.len() {
            let ends = &data[i..i + 2] == b"EI"
                && is_white(data[i - 1])
                && data
                    .get(i + 2)
                    .is_none_or(|b| is_white(*b) || is_delimiter(*b));
            if ends {
                self.pos = i + 2;
                return;
            }
            i += 1;
        }
        self.pos = data.len();
    }
}

fn to_dict(items: Vec<Obj>) -> Obj {
    let mut entries = Vec::with_capacity(items.len() / 2);
    let mut items = items.into_iter();
    while let Some(key) = items.next() {
        if let Obj::Name(key) = key {
            let value = items.next().unwrap_or(Obj::Null);
            entries.push((key, value));
        }
    }
    Obj::Dict(entries)
}

/// `#xx` escapes in names.
fn decode_name(raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        let hex = raw
            .get(i + 1..i + 3)
            .and_then(|h| u8::from_str_radix(std::str::from_utf8(h).ok()?, 16).ok());
        match (raw[i], hex) {
            (b'#', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    out
}
