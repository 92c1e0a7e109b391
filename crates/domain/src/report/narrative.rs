//! The report's narrative sections (一、五、六) are written by staff; the platform drafts 一 from
//! the year's figures and the fee sentence of 六, which must state the 信息处理费 collected — the
//! amount, or that none was (spec/annual-report.md; 国办函〔2020〕109号).

use super::format::Format;
use super::tables::{CellKey, Tables};

/// The longest narrative section accepted, in characters.
pub const MAX_SECTION_CHARS: usize = 20_000;

/// A draft of 一、总体情况 from the year's tables (blank cells read as 0).
pub fn draft_overview(agency: &str, year: i32, t: &Tables) -> String {
    let n = |key: CellKey| t.get(key).unwrap_or(0);
    let two = |i: usize| n(CellKey::Two(i));
    let rows = t.format.rows();
    let three = |row: usize| n(CellKey::Three(row, 6));
    let reviews = n(CellKey::Four(0, 4));
    let lawsuits = n(CellKey::Four(1, 4)) + n(CellKey::Four(2, 4));
    // The first block's three columns, as each format names them.
    let (first, normative, second, third, all) = match t.format {
        Format::F2021 => (
            "本年制发",
            "行政规范性文件",
            "废止",
            "截至年底，现行有效",
            "",
        ),
        Format::F2019 => ("本年新制作", "规范性文件", "新公开", "对外公开", "共"),
    };
    let proactive = format!(
        "{first}规章{}件、{normative}{}件，{second}规章{}件、{normative}{}件；{third}规章{all}{}件、{normative}{all}{}件。",
        two(0),
        two(3),
        two(1),
        two(4),
        two(2),
        two(5)
    );
    format!(
        "{year}年，{agency}依照《中华人民共和国政府信息公开条例》开展政府信息公开工作。现将本年度情况报告如下。\n\n\
         （一）主动公开。{proactive}\n\n\
         （二）依申请公开。本年新收政府信息公开申请{}件，上年结转{}件；本年办结{}件，其中予以公开{}件、部分公开{}件；结转下年度继续办理{}件。\n\n\
         （三）行政复议和行政诉讼。本年因政府信息公开被申请行政复议{reviews}件，被提起行政诉讼{lawsuits}件。",
        three(0),
        three(1),
        three(rows - 2),
        three(2),
        three(3),
        three(rows - 1),
    )
}

/// The sentence of 六 on the 信息处理费 collected in the year: `yuan` paid on `applications`
/// applications.
pub fn fees_statement(yuan: u64, applications: u64) -> String {
    if yuan == 0 {
        "本年度本机关未收取信息处理费。".to_owned()
    } else {
        format!("本年度本机关共收取信息处理费{yuan}元，涉及{applications}件政府信息公开申请。")
    }
}

/// Whether 六 states the 信息处理费 collected (required before publication).
pub fn states_fees(other: &str) -> bool {
    other.contains("信息处理费")
}

/// Splits a section into paragraphs: blank lines or line breaks separate them; empty ones go.
pub fn paragraphs(text: &str) -> Vec<&str> {
    text.lines()
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_overview_is_drafted_from_the_figures() {
        let mut t = Tables::default();
        t.set(CellKey::Two(3), Some(2));
        t.set(CellKey::Three(0, 6), Some(12));
        t.set(CellKey::Three(23, 6), Some(10));
        t.set(CellKey::Four(2, 4), Some(1));
        let d = draft_overview("某市民政局", 2025, &t);
        assert!(d.starts_with("2025年，某市民政局"));
        assert!(d.contains("行政规范性文件2件，废止"));
        assert!(d.contains("本年新收政府信息公开申请12件，上年结转0件；本年办结10件"));
        assert!(d.contains("被提起行政诉讼1件"));
        assert_eq!(paragraphs(&d).len(), 4);
        assert!(d.contains("截至年底，现行有效规章0件、行政规范性文件0件。"));
        let mut old = Tables::blank(Format::F2019);
        old.set(CellKey::Two(4), Some(3));
        old.set(CellKey::Three(21, 6), Some(5));
        let d = draft_overview("某市民政局", 2020, &old);
        assert!(
            d.contains("新公开规章0件、规范性文件3件；对外公开规章共0件"),
            "{d}"
        );
        assert!(d.contains("本年办结5件"), "{d}");
    }

    #[test]
    fn section_six_states_the_fees_collected() {
        // spec/annual-report.md: 六 must state the 信息处理费 collected (amount, or none).
        assert_eq!(fees_statement(0, 0), "本年度本机关未收取信息处理费。");
        assert_eq!(
            fees_statement(350, 2),
            "本年度本机关共收取信息处理费350元，涉及2件政府信息公开申请。"
        );
        assert!(states_fees(&fees_statement(0, 0)));
        assert!(!states_fees("无其他需要报告的事项。"));
    }
}
