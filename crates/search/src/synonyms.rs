//! Synonyms and abbreviations applied at query time (低保 ↔ 最低生活保障, 社保 ↔ 社会保险): a query
//! that holds one word of a group is searched as written or with each other word of the group in
//! its place. The list is data (`data/synonyms.txt`, which an operator may replace), not code.

/// The list shipped with the program.
pub const BUILTIN: &str = include_str!("../data/synonyms.txt");

/// The most ways one part of a query is searched (as written and with replacements).
pub const MAX_VARIANTS: usize = 4;

/// Groups of words that stand for one another.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Synonyms {
    groups: Vec<Vec<String>>,
}

impl Synonyms {
    /// Reads a list: one group a line, words separated by `,` or `，`, `#` starting a comment.
    /// Words are folded as queries are (full-width to half-width, Latin to lower case).
    ///
    /// # Errors
    /// The first line that is not a group of two or more words, by its number.
    pub fn parse(text: &str) -> Result<Synonyms, String> {
        let mut groups = Vec::new();
        for (n, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let mut words: Vec<String> = Vec::new();
            for w in line
                .split([',', '，'])
                .map(|w| crate::tokenize::fold(w.trim()))
            {
                if !w.is_empty() && !words.contains(&w) {
                    words.push(w);
                }
            }
            if words.len() < 2 {
                return Err(format!("同义词表第 {} 行只有一个词：{line}", n + 1));
            }
            groups.push(words);
        }
        Ok(Synonyms { groups })
    }

    /// The list shipped with the program.
    pub fn builtin() -> Synonyms {
        Synonyms::parse(BUILTIN).unwrap_or_default()
    }

    /// The number of groups.
    pub fn len(&self) -> usize {
        self.groups.len()
    }

    /// Whether the list is empty.
    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }

    /// The ways a folded part of a query is searched: as written first, then with the longest
    /// word of a group that it holds replaced by each other word of the group, at most
    /// [`MAX_VARIANTS`] in all.
    pub fn variants(&self, part: &str) -> Vec<String> {
        let mut out = vec![part.to_owned()];
        // The longest word found wins (最低生活保障 before 保障-like short words).
        let mut found: Vec<(&String, &Vec<String>)> = self
            .groups
            .iter()
            .flat_map(|g| {
                g.iter()
                    .filter(|w| part.contains(w.as_str()))
                    .map(move |w| (w, g))
            })
            .collect();
        found.sort_by_key(|(w, _)| std::cmp::Reverse(w.chars().count()));
        for (word, group) in found {
            for other in group.iter().filter(|o| *o != word) {
                // A replacement that only re-finds the part (低保 inside 最低生活保障) adds nothing.
                if part.contains(other.as_str()) {
                    continue;
                }
                let v = part.replacen(word.as_str(), other, 1);
                if out.len() < MAX_VARIANTS && !out.contains(&v) {
                    out.push(v);
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_word_of_a_group_brings_the_others() {
        let s = Synonyms::parse("低保,最低生活保障\n# 注释\n社保，社会保险\n").expect("list");
        assert_eq!(s.len(), 2);
        assert_eq!(s.variants("低保标准"), ["低保标准", "最低生活保障标准"]);
        assert_eq!(
            s.variants("最低生活保障标准"),
            ["最低生活保障标准", "低保标准"]
        );
        assert_eq!(s.variants("社保"), ["社保", "社会保险"]);
        assert_eq!(s.variants("教育"), ["教育"]);
    }

    #[test]
    fn variants_are_bounded_and_lists_are_checked() {
        let s = Synonyms::parse("甲,乙,丙,丁,戊,己").expect("list");
        assert_eq!(s.variants("甲").len(), MAX_VARIANTS);
        assert!(Synonyms::parse("只有一个词").is_err());
        assert_eq!(
            Synonyms::parse("ＰＭ,细颗粒物")
                .expect("list")
                .variants("pm")
                .len(),
            2
        );
    }

    #[test]
    fn the_shipped_list_reads() {
        let s = Synonyms::builtin();
        assert!(s.len() >= 20, "{}", s.len());
        assert!(s.variants("低保").contains(&"最低生活保障".to_owned()));
        assert!(s.variants("医保政策").contains(&"医疗保障政策".to_owned()));
    }
}
