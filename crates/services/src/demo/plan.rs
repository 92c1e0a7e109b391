//! When each demo document was made and published, with its 文号, 效力状态 and links: a pure
//! function of the business date, so the loader only has to write the plan out.
//!
//! Documents are imported in 发布日期 order (`Plan::order`): `import_published` allocates
//! 索引号 in call order, so numbers rise with dates within an agency and year.

use chrono::{Datelike, Days, Months, NaiveDate};
use gongkai_domain::catalogue::classification::{Genre, LegalKind};
use gongkai_domain::catalogue::validity::Validity;

use super::rng::Rng;
use super::text;
use super::topics::{GOV, Topic, topics_of};
use super::{AGENCIES, Col};

/// The fixed seed of the demo's PRNG.
const SEED: u64 = 0x5EED_2024_0A1F_9C3B;
/// Topic documents per agency and year, at least.
const PER_YEAR: usize = 5;
/// The years of the demo, ending with the current one.
const YEARS: usize = 5;
/// The number of the first 政府令 of the demo.
const FIRST_DECREE: u32 = 61;

/// What kind of entry a planned document is, beyond its genre.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Shape {
    /// From the agency's topic table.
    Topic,
    /// 部门预算 (false) or 部门决算 (true).
    Budget(bool),
    /// 政府信息公开工作年度报告 of the given year.
    AnnualReport(i32),
    /// 工作动态.
    News,
    /// A rule of the disclosure office (政府信息公开制度 column).
    Rules,
    /// 政策解读.
    Interpretation,
    /// A 决定 amending an earlier instrument.
    Amendment,
}

/// One planned document.
#[derive(Debug, Clone)]
pub(super) struct Planned {
    /// Lead agency (index of `AGENCIES`).
    pub agency: usize,
    /// Joint issuers besides the lead.
    pub co: Vec<usize>,
    pub shape: Shape,
    pub title: String,
    /// The instrument's name when the document is or carries one (`《…》`).
    pub instrument: Option<String>,
    pub matter: String,
    pub subject: &'static str,
    pub genre: Genre,
    pub kind: LegalKind,
    pub item20: Option<u8>,
    pub keywords: String,
    pub written_on: NaiveDate,
    pub published_on: NaiveDate,
    pub effective_on: Option<NaiveDate>,
    /// 有效期 in years, 0 when none is stated.
    pub term: u8,
    pub validity: Validity,
    pub ended_on: Option<NaiveDate>,
    pub doc_number: Option<String>,
    /// The document interpreted (index into `Plan::docs`).
    pub interprets: Option<usize>,
    /// The earlier document this one repeals.
    pub replaces: Option<usize>,
    /// The later document that repealed this one.
    pub replaced_by: Option<usize>,
    /// The document this 决定 amends.
    pub amends: Option<usize>,
    /// The series of an instrument that is revised rather than reissued yearly: every
    /// revision repeals the one before.
    pub series: Option<(usize, usize)>,
    pub columns: Vec<Col>,
    pub summary: String,
    pub body_html: String,
}

/// The demo's documents and the order to import them in.
#[derive(Debug, Clone)]
pub(super) struct Plan {
    pub docs: Vec<Planned>,
    /// Indexes of `docs` by 发布日期 (then by index).
    pub order: Vec<usize>,
}

fn ymd(year: i32, ordinal: u32) -> NaiveDate {
    NaiveDate::from_yo_opt(year, ordinal.max(1))
        .or_else(|| NaiveDate::from_ymd_opt(year, 12, 31))
        .unwrap_or_default()
}

fn days_before(d: NaiveDate, n: u64) -> NaiveDate {
    d.checked_sub_days(Days::new(n)).unwrap_or(d)
}

fn days_after(d: NaiveDate, n: u64) -> NaiveDate {
    d.checked_add_days(Days::new(n)).unwrap_or(d)
}

/// The last day of a year that documents may carry.
fn last_day(year: i32, today: NaiveDate) -> u32 {
    if year == today.year() {
        today.ordinal()
    } else {
        ymd(year, 366).ordinal()
    }
}

/// A day of slot `slot` of `slots` equal parts of the year's usable days.
fn slot_day(year: i32, slot: usize, slots: usize, today: NaiveDate, rng: &mut Rng) -> NaiveDate {
    let days = last_day(year, today) as usize;
    let width = (days / slots).max(1);
    let ordinal = (slot * days / slots + 1 + rng.below(width)).min(days);
    ymd(year, u32::try_from(ordinal).unwrap_or(1))
}

fn render_title(template: &str, issuers: &str, year: i32) -> String {
    template
        .replace("{org}", issuers)
        .replace("{year}", &year.to_string())
        .replace("{prev}", &(year - 1).to_string())
        .replace("{next2}", &(year + 2).to_string())
}

/// The name inside 《》, or the title of a document that is itself an instrument.
fn instrument_of(title: &str, genre: Genre) -> Option<String> {
    if let (Some(a), Some(b)) = (title.find('《'), title.rfind('》')) {
        return Some(title[a + '《'.len_utf8()..b].to_owned());
    }
    matches!(genre, Genre::Measures | Genre::Provisions).then(|| title.to_owned())
}

/// Marks a revision in the title: `《X》` → `《X（2025年修订）》`.
fn revised(title: &str, year: i32) -> String {
    match title.rfind('》') {
        Some(end) => format!("{}（{year}年修订）{}", &title[..end], &title[end..]),
        None => format!("{title}（{year}年修订）"),
    }
}

fn issuers(agency: usize, co: &[usize]) -> String {
    std::iter::once(agency)
        .chain(co.iter().copied())
        .map(|a| AGENCIES[a].name)
        .collect::<Vec<_>>()
        .join(" ")
}

fn base(
    agency: usize,
    shape: Shape,
    title: String,
    genre: Genre,
    kind: LegalKind,
    published_on: NaiveDate,
) -> Planned {
    Planned {
        agency,
        co: Vec::new(),
        shape,
        instrument: instrument_of(&title, genre),
        title,
        matter: String::new(),
        subject: AGENCIES[agency].subject,
        genre,
        kind,
        item20: None,
        keywords: String::new(),
        written_on: published_on,
        published_on,
        effective_on: None,
        term: 0,
        validity: Validity::Valid,
        ended_on: None,
        doc_number: None,
        interprets: None,
        replaces: None,
        replaced_by: None,
        amends: None,
        series: None,
        columns: Vec::new(),
        summary: String::new(),
        body_html: String::new(),
    }
}

/// The 施行日期 of a 规章 or 行政规范性文件, never after `today` (a demo shows laws in force).
fn effective(
    kind: LegalKind,
    published: NaiveDate,
    today: NaiveDate,
    rng: &mut Rng,
) -> Option<NaiveDate> {
    let delay = match kind {
        LegalKind::Rule => 30,
        LegalKind::Normative => *rng.pick(&[0, 0, 10, 15, 30]),
        LegalKind::Other => return None,
    };
    let d = days_after(published, delay);
    Some(if d > today { published } else { d })
}

fn topic_doc(
    agency: usize,
    k: usize,
    topic: &Topic,
    use_no: usize,
    published: NaiveDate,
    today: NaiveDate,
    rng: &mut Rng,
) -> Planned {
    let year = published.year();
    let who = issuers(agency, topic.co);
    let mut title = render_title(topic.title, &who, year);
    let series = topic.revisable();
    if use_no > 0 && series {
        title = revised(&title, year);
    }
    let mut d = base(
        agency,
        Shape::Topic,
        title,
        topic.genre,
        topic.kind,
        published,
    );
    d.series = series.then_some((agency, k));
    d.co = topic.co.to_vec();
    d.matter = topic.matter.to_owned();
    d.subject = topic.subject;
    d.item20 = Some(topic.item);
    d.keywords = topic.keywords.to_owned();
    d.term = topic.term;
    d.written_on = days_before(published, rng.range(1, 15));
    d.effective_on = effective(topic.kind, published, today, rng);
    d
}

/// The days of the year a topic is tied to: the budget report goes to the people's congress
/// in its first weeks, the Spring Festival circular comes out before the festival.
fn season(topic: &Topic) -> Option<(u64, u64)> {
    if topic.genre == Genre::Report {
        Some((20, 50))
    } else if topic.title.contains("春节") {
        Some((5, 25))
    } else {
        None
    }
}

/// Which topics an agency issues in each of the five years: the fixed ones (instruments and
/// one-off documents) spread over the years, every other instrument of the first three years
/// revised three years later, and the yearly ones filling the remaining slots in rotation.
fn topic_slots(topics: &[Topic], offset: usize, rng: &mut Rng) -> Vec<Vec<usize>> {
    let (fixed, yearly): (Vec<usize>, Vec<usize>) =
        (0..topics.len()).partition(|&k| !topics[k].yearly());
    let mut slots: Vec<Vec<usize>> = vec![Vec::new(); YEARS];
    for (j, &k) in fixed.iter().enumerate() {
        let year = j * YEARS / fixed.len();
        slots[year].push(k);
        if topics[k].revisable() && j % 2 == 0 && year + 3 < YEARS {
            slots[year + 3].push(k);
        }
    }
    // Agencies start the rotation at different places, so that not all of them publish the
    // same kind of document in the same year.
    let mut next = offset;
    for year in &mut slots {
        while year.len() < PER_YEAR && !yearly.is_empty() {
            year.push(yearly[next % yearly.len()]);
            next += 1;
        }
        for i in (1..year.len()).rev() {
            year.swap(i, rng.below(i + 1));
        }
    }
    slots
}

/// The documents of the topic tables, the budgets, reports, news and disclosure rules.
fn schedule(today: NaiveDate, rng: &mut Rng) -> Vec<Planned> {
    let first = today.year() - (YEARS as i32 - 1);
    let mut docs = Vec::new();
    for (a, spec) in AGENCIES.iter().enumerate() {
        let topics = topics_of(a, spec.subject);
        let slots = topic_slots(&topics, 3 * a, rng);
        let mut uses = vec![0_usize; topics.len()];
        for (year, ks) in (first..=today.year()).zip(slots) {
            for (slot, &k) in ks.iter().enumerate() {
                let published = match season(&topics[k]) {
                    Some((from, to)) => ymd(year, rng.range(from, to) as u32).min(today),
                    None => slot_day(year, slot, ks.len(), today, rng),
                };
                docs.push(topic_doc(a, k, &topics[k], uses[k], published, today, rng));
                uses[k] += 1;
            }
            // 条例第四十九条、第五十条: departments publish by 31 January; the government,
            // whose report sums theirs, after them and by 31 March.
            let day = rng.range(15, 31) as u32;
            let report_day = if a == GOV {
                NaiveDate::from_ymd_opt(year, 2, 1)
                    .map(|d| d + chrono::Duration::days(i64::from(day)))
                    .unwrap_or_else(|| ymd(year, day))
            } else if a == 2 && year == first + 1 {
                // One report published late: its page says so.
                NaiveDate::from_ymd_opt(year, 2, 10).unwrap_or_else(|| ymd(year, day))
            } else {
                ymd(year, day)
            };
            if report_day <= today {
                let title = format!("{}{}年政府信息公开工作年度报告", spec.name, year - 1);
                let mut d = base(
                    a,
                    Shape::AnnualReport(year - 1),
                    title,
                    Genre::Report,
                    LegalKind::Other,
                    report_day,
                );
                d.written_on = days_before(report_day, rng.range(1, 5));
                d.subject = "0201";
                d.item20 = Some(15);
                d.matter = "政府信息公开".into();
                d.keywords = "政府信息公开 年度报告".into();
                docs.push(d);
            }
            if a != GOV {
                for (final_accounts, from, to) in [(false, 35, 60), (true, 200, 230)] {
                    let day = ymd(year, rng.range(from, to) as u32);
                    if day > today {
                        continue;
                    }
                    let title = if final_accounts {
                        format!("{}{}年度部门决算", spec.name, year - 1)
                    } else {
                        format!("{}{}年部门预算", spec.name, year)
                    };
                    let mut d = base(
                        a,
                        Shape::Budget(final_accounts),
                        title,
                        Genre::Other,
                        LegalKind::Other,
                        day,
                    );
                    d.written_on = days_before(day, rng.range(3, 10));
                    d.subject = "0401";
                    d.item20 = Some(7);
                    d.matter = if final_accounts {
                        "部门决算"
                    } else {
                        "部门预算"
                    }
                    .into();
                    d.keywords = if final_accounts {
                        "部门决算 决算公开 三公经费"
                    } else {
                        "部门预算 预算公开 三公经费"
                    }
                    .into();
                    docs.push(d);
                }
            }
            let day = slot_day(year, rng.below(PER_YEAR), PER_YEAR, today, rng);
            let title = text::news_title(a, year, usize::try_from(year - first).unwrap_or(0));
            let mut d = base(a, Shape::News, title, Genre::Other, LegalKind::Other, day);
            d.written_on = days_before(day, rng.range(1, 2));
            d.matter = spec.field.to_owned();
            d.keywords = format!("{} 工作动态", spec.field);
            docs.push(d);
        }
        // The disclosure rules: adopted in the first year, revised in the fourth; the
        // confidentiality review procedure in the second.
        for (year, title, genre, series) in [
            (
                first,
                format!("{}政府信息公开工作制度", spec.name),
                Genre::Provisions,
                Some((a, usize::MAX)),
            ),
            (
                first + 1,
                format!("{}政府信息公开保密审查办法", spec.name),
                Genre::Measures,
                None,
            ),
            (
                first + 3,
                format!("{}政府信息公开工作制度（{}年修订）", spec.name, first + 3),
                Genre::Provisions,
                Some((a, usize::MAX)),
            ),
        ] {
            let day = ymd(year, rng.range(60, 120) as u32).min(today);
            let mut d = base(a, Shape::Rules, title, genre, LegalKind::Other, day);
            d.written_on = days_before(day, rng.range(2, 10));
            d.effective_on = Some(day);
            d.series = series;
            d.subject = "0201";
            d.item20 = Some(15);
            d.matter = "政府信息公开".into();
            d.keywords = "政府信息公开 工作制度 保密审查".into();
            docs.push(d);
        }
    }
    docs
}

/// Repeals each revised instrument by its revision, lets documents with a 有效期 that has run
/// out expire, and amends a few by a 决定.
fn link(docs: &mut Vec<Planned>, today: NaiveDate, rng: &mut Rng) {
    let order = order_of(docs);
    for (pos, &i) in order.iter().enumerate() {
        let Some(series) = docs[i].series else {
            continue;
        };
        if let Some(j) = order[pos + 1..]
            .iter()
            .copied()
            .find(|&j| docs[j].series == Some(series))
        {
            let new_start = docs[j].effective_on.unwrap_or(docs[j].published_on);
            docs[i].validity = Validity::Repealed;
            docs[i].ended_on = Some(new_start);
            docs[i].replaced_by = Some(j);
            docs[j].replaces = Some(i);
        }
    }
    for d in docs.iter_mut() {
        if d.term > 0 && d.replaced_by.is_none() {
            let start = d.effective_on.unwrap_or(d.published_on);
            let end = start
                .checked_add_months(Months::new(12 * u32::from(d.term)))
                .map(|e| days_before(e, 1));
            if let Some(end) = end.filter(|&e| e < today) {
                d.validity = Validity::Expired;
                d.ended_on = Some(end);
            }
        }
    }
    // Amend one instrument of each of the first agencies that have one in force from the
    // first three years.
    let mut amended_agencies = Vec::new();
    for &i in &order {
        let d = &docs[i];
        let ok = d.shape == Shape::Topic
            && d.kind != LegalKind::Other
            && d.series.is_some()
            && d.validity == Validity::Valid
            && d.published_on.year() <= today.year() - 2
            && !amended_agencies.contains(&d.agency);
        if !ok || amended_agencies.len() >= 4 {
            continue;
        }
        let day = days_after(d.published_on, rng.range(300, 500));
        if day >= today {
            continue;
        }
        let name = d.instrument.clone().unwrap_or_default();
        let title = format!("{}关于修改《{name}》的决定", issuers(d.agency, &d.co));
        let mut a = base(
            d.agency,
            Shape::Amendment,
            title,
            Genre::Decision,
            d.kind,
            day,
        );
        a.instrument = Some(name);
        a.co = d.co.clone();
        a.matter = d.matter.clone();
        a.subject = d.subject;
        a.item20 = Some(1);
        a.keywords = format!("修改决定 {}", d.keywords);
        a.written_on = days_before(day, rng.range(1, 10));
        a.effective_on = Some(day);
        a.amends = Some(i);
        amended_agencies.push(d.agency);
        docs[i].validity = Validity::Amended;
        docs.push(a);
    }
}

/// 政策解读 of every 规章 and of every other 行政规范性文件, a few days after the document.
fn interpret(docs: &mut Vec<Planned>, today: NaiveDate, rng: &mut Rng) {
    let mut normative = 0;
    for i in order_of(docs) {
        let d = &docs[i];
        if d.shape != Shape::Topic || d.kind == LegalKind::Other {
            continue;
        }
        normative += 1;
        if d.kind == LegalKind::Normative && normative % 2 == 0 {
            continue;
        }
        let day = days_after(d.published_on, rng.range(1, 4));
        if day > today {
            continue;
        }
        let name = d.instrument.clone().unwrap_or_else(|| d.title.clone());
        let mut p = base(
            d.agency,
            Shape::Interpretation,
            format!("《{name}》政策解读"),
            Genre::Other,
            LegalKind::Other,
            day,
        );
        p.instrument = Some(name);
        p.matter = d.matter.clone();
        p.subject = d.subject;
        p.item20 = d.item20;
        p.keywords = format!("政策解读 {}", d.keywords);
        p.written_on = d.published_on;
        p.interprets = Some(i);
        docs.push(p);
    }
}

fn order_of(docs: &[Planned]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..docs.len()).collect();
    order.sort_by_key(|&i| (docs[i].published_on, i));
    order
}

/// 发文字号 in order of publication: 政府令 numbers run on; others restart every year per
/// agency and 代字.
fn number(docs: &mut [Planned], order: &[usize]) {
    let mut counters: std::collections::HashMap<String, u32> = std::collections::HashMap::new();
    for &i in order {
        let d = &docs[i];
        let abbr = AGENCIES[d.agency].abbr;
        let prefix = match (d.shape, d.kind, d.genre) {
            (Shape::Topic | Shape::Amendment, LegalKind::Rule, _) => "令".to_owned(),
            (Shape::Topic | Shape::Amendment, LegalKind::Normative, _) => format!("{abbr}规"),
            (Shape::Topic, _, Genre::Reply | Genre::Letter) => format!("{abbr}函"),
            (Shape::Topic, _, Genre::Notice | Genre::Opinion | Genre::Decision)
            | (Shape::Amendment | Shape::Rules, ..) => format!("{abbr}发"),
            _ => continue,
        };
        let year = d.written_on.year();
        let key = if prefix == "令" {
            prefix.clone()
        } else {
            format!("{prefix}{year}")
        };
        let n = counters.entry(key).or_insert(0);
        *n += 1;
        docs[i].doc_number = Some(if prefix == "令" {
            format!("{}令第{}号", AGENCIES[GOV].name, FIRST_DECREE + *n - 1)
        } else {
            format!("{prefix}〔{year}〕{n}号")
        });
    }
}

/// The columns a document appears in: its kind of 公文, its 第二十条 item and its genre.
fn columns(d: &Planned) -> Vec<Col> {
    let mut cols = Vec::new();
    match d.shape {
        Shape::AnnualReport(_) => return vec![Col::Ndbg],
        Shape::News => return vec![Col::Xwdt, Col::Gzdt],
        Shape::Interpretation => return vec![Col::Zcjd],
        Shape::Rules => return vec![Col::Zd],
        _ => {}
    }
    match d.kind {
        LegalKind::Rule => cols.extend([Col::Zcwj, Col::Zfgz]),
        LegalKind::Normative => cols.extend([Col::Zcwj, Col::Gfxwj]),
        LegalKind::Other
            if matches!(
                d.genre,
                Genre::Notice | Genre::Opinion | Genre::Decision | Genre::Reply | Genre::Letter
            ) =>
        {
            cols.extend([Col::Zcwj, Col::Qtwj]);
        }
        LegalKind::Other => {}
    }
    if let Some(item) = d.item20 {
        cols.push(Col::Fdzdgknr);
        let by_item = match item {
            2 => Some(Col::Jgxx),
            3 | 4 => Some(Col::Ghtj),
            5 | 6 => Some(Col::Xzzf),
            7..=10 => Some(Col::Czzj),
            11 => Some(Col::Msbz),
            12 | 13 => Some(Col::Yjjg),
            14 => Some(Col::Rszk),
            15 => Some(Col::Qtxx),
            _ => None,
        };
        cols.extend(by_item);
    }
    if matches!(d.genre, Genre::Announcement | Genre::Circular) {
        cols.extend([Col::Xwdt, Col::Tzgg]);
    }
    cols
}

/// Plans the demo for five calendar years ending `today`.
pub(super) fn build(today: NaiveDate) -> Plan {
    let mut rng = Rng::new(SEED);
    let mut docs = schedule(today, &mut rng);
    link(&mut docs, today, &mut rng);
    interpret(&mut docs, today, &mut rng);
    let order = order_of(&docs);
    number(&mut docs, &order);
    for i in 0..docs.len() {
        docs[i].columns = columns(&docs[i]);
        let mut body_rng = Rng::new(SEED ^ (i as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15));
        docs[i].body_html = text::body(&docs, i, &mut body_rng);
        docs[i].summary = text::summary(&docs[i], &mut body_rng);
    }
    Plan { docs, order }
}
