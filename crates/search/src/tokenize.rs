//! What a citizen types, and what a document says, as index terms: dictionary words (jieba in
//! search mode, which also offers the words inside a long one: 营商环境 → 营商, 环境, 营商环境) and
//! character bigrams (低保 in 城乡低保对象 though no dictionary has it), so that any string of two
//! or more characters that occurs in a document matches. Text is folded first: full-width
//! letters, digits and signs to half-width, Latin letters to lower case.

use std::sync::LazyLock;

use jieba_rs::Jieba;
use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

/// The dictionary, loaded once (≈ 0.2 s, ≈ 50 MB).
static JIEBA: LazyLock<Jieba> = LazyLock::new(Jieba::new);

/// Traditional to Simplified script (OpenCC t2s), loaded once; `None` if it failed to load.
static T2S: LazyLock<Option<ferrous_opencc::OpenCC>> = LazyLock::new(|| {
    ferrous_opencc::OpenCC::from_config(ferrous_opencc::config::BuiltinConfig::T2s).ok()
});

/// Loads the dictionaries now rather than on the first search.
pub fn warm_up() {
    LazyLock::force(&JIEBA);
    LazyLock::force(&T2S);
}

/// A query in Simplified script (unchanged if the converter did not load).
pub fn to_simplified(text: &str) -> String {
    match &*T2S {
        Some(c) => c.convert(text),
        None => text.to_owned(),
    }
}

/// Full-width ASCII (ＡＢＣ１２３（）) to half-width, the ideographic space to a space, Latin
/// letters to lower case.
pub fn fold(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\u{3000}' => ' ',
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            c => c,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

/// Whether a character is part of a word (not space or punctuation).
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// Tokens of a text, handed to tantivy one by one.
pub struct Tokens {
    tokens: Vec<Token>,
    next: usize,
}

impl TokenStream for Tokens {
    fn advance(&mut self) -> bool {
        self.next += 1;
        self.next <= self.tokens.len()
    }

    fn token(&self) -> &Token {
        &self.tokens[self.next - 1]
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.next - 1]
    }
}

/// Byte offset of each character, and the text's length at the end.
fn byte_offsets(text: &str) -> Vec<usize> {
    text.char_indices()
        .map(|(i, _)| i)
        .chain([text.len()])
        .collect()
}

/// The dictionary words of `text` (search mode), folded, without punctuation; positions are
/// character positions, so that words found inside others stand where they occur.
pub fn words(text: &str) -> Vec<Token> {
    let folded = fold(text);
    let offsets = byte_offsets(&folded);
    JIEBA
        .cut_for_search(&folded, true)
        .into_iter()
        .filter(|t| t.word.chars().any(is_word_char))
        .map(|t| Token {
            offset_from: offsets[t.start],
            offset_to: offsets[t.end],
            position: t.start,
            text: t.word.to_owned(),
            position_length: 1,
        })
        .collect()
}

/// The character bigrams of `text`, folded, within runs of word characters; a bigram's position
/// is its first character's, so that consecutive bigrams of a query are a phrase.
pub fn bigrams(text: &str) -> Vec<Token> {
    let folded = fold(text);
    let chars: Vec<(usize, char)> = folded.char_indices().collect();
    let mut out = Vec::new();
    for (i, pair) in chars.windows(2).enumerate() {
        let [(from, a), (at, b)] = [pair[0], pair[1]];
        if is_word_char(a) && is_word_char(b) {
            out.push(Token {
                offset_from: from,
                offset_to: at + b.len_utf8(),
                position: i,
                text: format!("{a}{b}"),
                position_length: 1,
            });
        }
    }
    out
}

/// Where the body's bigrams start in the field of a document's title and body: the title's
/// stand from 0, so a match starting before this is in the title. Titles are far shorter (the
/// longest in the corpora has 103 characters); the body of a longer one starts after it, and a
/// match in its title past this position scores as one in the body (it is found all the same).
pub const BODY_START: usize = 256;

/// The bigrams of a title and a body as one field: the title's from position 0, the body's
/// from [`BODY_START`] (or just after a title longer than that).
pub fn title_and_body_bigrams(title: &str, body: &str) -> Vec<Token> {
    let mut tokens = bigrams(title);
    let start = BODY_START.max(fold(title).chars().count() + 1);
    tokens.extend(bigrams(body).into_iter().map(|mut t| {
        t.position += start;
        t
    }));
    tokens
}

/// The runs of word characters of a query, folded: what must each occur in a document.
pub fn parts(query: &str) -> Vec<String> {
    fold(query)
        .split(|c: char| !is_word_char(c))
        .filter(|p| !p.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Single characters that join words (的, 和 …): dropped between the words of a query.
const JOINERS: &[char] = &[
    '的', '和', '与', '及', '或', '在', '之', '了', '是', '对', '为', '并',
];

/// The words a citizen typed in one run of word characters, as a query looks for each of them
/// (jieba's precise cut): 养老补贴 → 养老, 补贴; 民政局预算 → 民政局, 预算. A single character
/// joins the word before it (2024年), or the next when it comes first (低 保 → 低保); joining
/// characters (的, 和 …) between words are dropped.
pub fn segments(part: &str) -> Vec<String> {
    let folded = fold(part);
    let cut: Vec<&str> = JIEBA
        .cut(&folded, true)
        .into_iter()
        .map(|t| t.word)
        .filter(|w| w.chars().all(is_word_char))
        .collect();
    let mut out: Vec<String> = Vec::new();
    let mut carry = String::new();
    let last = cut.len().saturating_sub(1);
    for (i, w) in cut.iter().enumerate() {
        let single = w.chars().count() == 1;
        if single && i > 0 && i < last && w.chars().all(|c| JOINERS.contains(&c)) {
            continue;
        }
        let w = format!("{carry}{w}");
        carry.clear();
        if w.chars().count() >= 2 {
            out.push(w);
        } else if let Some(prev) = out.last_mut() {
            prev.push_str(&w);
        } else {
            carry = w;
        }
    }
    if !carry.is_empty() {
        out.push(carry);
    }
    out
}

/// The tokenizer of the word fields (`zh`).
#[derive(Clone, Copy, Default)]
pub struct WordTokenizer;

impl Tokenizer for WordTokenizer {
    type TokenStream<'a> = Tokens;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Tokens {
        Tokens {
            tokens: words(text),
            next: 0,
        }
    }
}

/// What separates the title from the body in the value given to [`TitleBodyTokenizer`].
pub const TITLE_END: char = '\u{0}';

/// The tokenizer of the field of the title and the body (`title_body`): its value is the title,
/// [`TITLE_END`], then the body; it gives [`title_and_body_bigrams`] (in tantivy's indexing
/// threads, with the rest of the document).
#[derive(Clone, Copy, Default)]
pub struct TitleBodyTokenizer;

impl Tokenizer for TitleBodyTokenizer {
    type TokenStream<'a> = Tokens;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Tokens {
        let (title, body) = text.split_once(TITLE_END).unwrap_or((text, ""));
        Tokens {
            tokens: title_and_body_bigrams(title, body),
            next: 0,
        }
    }
}

/// The tokenizer of the bigram fields (`bigram`).
#[derive(Clone, Copy, Default)]
pub struct BigramTokenizer;

impl Tokenizer for BigramTokenizer {
    type TokenStream<'a> = Tokens;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Tokens {
        Tokens {
            tokens: bigrams(text),
            next: 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(tokens: &[Token]) -> Vec<&str> {
        tokens.iter().map(|t| t.text.as_str()).collect()
    }

    #[test]
    fn words_in_search_mode_include_the_words_inside() {
        let w = words("优化营商环境条例");
        let t = texts(&w);
        for expected in ["营商", "环境", "条例"] {
            assert!(t.contains(&expected), "{expected} in {t:?}");
        }
        assert!(
            texts(&words("关于做好，低保工作！"))
                .iter()
                .all(|t| !t.contains('，'))
        );
    }

    #[test]
    fn bigrams_stay_within_runs_and_fold_width_and_case() {
        assert_eq!(texts(&bigrams("城乡低保")), ["城乡", "乡低", "低保"]);
        assert_eq!(texts(&bigrams("低保，对象")), ["低保", "对象"]);
        assert_eq!(texts(&bigrams("ＡＢ")), ["ab"]);
        let b = bigrams("a低保");
        assert_eq!((b[1].offset_from, b[1].offset_to, b[1].position), (1, 7, 1));
        assert_eq!(parts(" 鄂民办发〔2017〕8号 "), ["鄂民办发", "2017", "8号"]);
        assert_eq!(fold("（２０１７）"), "(2017)");
        assert_eq!(to_simplified("營商環境"), "营商环境");
        assert_eq!(to_simplified("城乡低保"), "城乡低保");
    }

    #[test]
    fn a_query_run_splits_into_the_words_a_citizen_meant() {
        assert_eq!(segments("养老补贴"), ["养老", "补贴"]);
        assert_eq!(segments("民政局预算"), ["民政局", "预算"]);
        assert_eq!(segments("公务员招考"), ["公务员", "招考"]);
        assert_eq!(segments("2024年预算"), ["2024年", "预算"]);
        assert_eq!(segments("低保"), ["低保"]);
        assert_eq!(segments("税"), ["税"]);
        // Joining characters between words are dropped; a single character joins its word.
        assert!(!segments("养老和医疗").iter().any(|w| w.contains('和')));
        assert!(
            segments("城乡低保对象")
                .iter()
                .all(|w| w.chars().count() >= 2)
        );
    }

    #[test]
    fn the_body_stands_after_the_title() {
        let t = title_and_body_bigrams("低保", "城乡低保");
        let at: Vec<(&str, usize)> = t.iter().map(|t| (t.text.as_str(), t.position)).collect();
        assert_eq!(
            at,
            [
                ("低保", 0),
                ("城乡", BODY_START),
                ("乡低", BODY_START + 1),
                ("低保", BODY_START + 2)
            ]
        );
        let mut stream = TitleBodyTokenizer.token_stream("低保\u{0}城乡低保");
        let mut from_field = Vec::new();
        while stream.advance() {
            from_field.push((stream.token().text.clone(), stream.token().position));
        }
        let from_field: Vec<(&str, usize)> =
            from_field.iter().map(|(t, p)| (t.as_str(), *p)).collect();
        assert_eq!(from_field, at);
        let long = "长".repeat(300);
        let t = title_and_body_bigrams(&long, "低保");
        assert_eq!(t.last().map(|t| t.position), Some(301));
    }
}
