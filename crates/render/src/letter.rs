//! The layout of a notice or reply letter (GB/T 9704 as agencies use it for such letters): the
//! agency and the title centred, the number on the right, the addressee flush left, the body
//! indented two characters, the agency and the date as the signature on the right.

use gongkai_domain::application::letter::Letter;

use crate::docx::{Align, Document, Fonts, Para};

/// The letter as a DOCX document.
pub fn docx(letter: &Letter, fonts: &Fonts) -> Vec<u8> {
    document(letter, fonts).to_bytes()
}

/// The letter's paragraphs, laid out.
pub fn document(letter: &Letter, fonts: &Fonts) -> Document {
    let mut paragraphs = vec![
        Para::title(&letter.agency),
        Para {
            space_after_pt: 16,
            ..Para::title(&letter.title)
        },
        Para {
            space_after_pt: 16,
            ..Para::aligned(&letter.number, Align::Right)
        },
    ];
    for (i, text) in letter.paragraphs.iter().enumerate() {
        if i == 0 && text.ends_with('：') {
            paragraphs.push(Para::aligned(text, Align::Left));
        } else {
            paragraphs.push(Para::body(text));
        }
    }
    // The signature stays on the page of the last paragraph.
    if let Some(last) = paragraphs.last_mut() {
        last.keep_next = true;
    }
    paragraphs.push(Para {
        keep_next: true,
        ..Para::aligned("", Align::Left)
    });
    paragraphs.push(Para {
        right_chars: 4,
        keep_next: true,
        ..Para::aligned(&letter.agency, Align::Right)
    });
    paragraphs.push(Para {
        right_chars: 4,
        ..Para::aligned(&letter.date, Align::Right)
    });
    Document {
        title: format!("{} {}", letter.title, letter.number),
        paragraphs,
        fonts: fonts.clone(),
        tables: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use gongkai_domain::application::letter::LetterKind;

    #[test]
    fn lays_out_a_reply() {
        let letter = Letter {
            kind: LetterKind::Reply,
            agency: "示例市民政局".into(),
            title: LetterKind::Reply.title().into(),
            number: "市民政局公开〔2026〕3号".into(),
            paragraphs: vec!["张三：".into(), "本机关于2026年3月2日收到……".into()],
            date: "2026年3月20日".into(),
            warnings: vec![],
        };
        let doc = document(&letter, &Fonts::default());
        let texts: Vec<&str> = doc.paragraphs.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "示例市民政局",
                "政府信息公开申请答复书",
                "市民政局公开〔2026〕3号",
                "张三：",
                "本机关于2026年3月2日收到……",
                "",
                "示例市民政局",
                "2026年3月20日"
            ]
        );
        assert_eq!(doc.paragraphs[3].indent_chars, 0);
        assert_eq!(doc.paragraphs[4].indent_chars, 2);
        assert_eq!(doc.paragraphs[2].align, Align::Right);
        // The last paragraph, the blank line and the agency keep with the date.
        assert!(doc.paragraphs[4..7].iter().all(|p| p.keep_next));
        assert!(!doc.paragraphs[3].keep_next);
        assert!(docx(&letter, &Fonts::default()).starts_with(b"PK"));
    }
}
