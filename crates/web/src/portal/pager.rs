//! The pager under a public list (a column, the catalogue): 共 N 条, 第 P/M 页, 上一页 and 下一页,
//! the first, last and nearby page numbers, every link a keyset cursor (`after=发布日期.id`).

use gongkai_services::public::catalogue::PageMap;
use serde::Serialize;

/// Documents on a page of a public list.
pub const PAGE_SIZE: i64 = 20;

/// A keyset cursor: the (发布日期, id) of the last document of the page before.
pub type Cursor = (String, i64);

/// Reads a cursor as the pager writes it (`2024-03-05.123`); `None` if it is not one.
pub fn parse_cursor(text: &str) -> Option<Cursor> {
    let (date, id) = text.split_once('.')?;
    if date.len() != 10 || gongkai_domain::date::parse_date(date).is_none() {
        return None;
    }
    Some((date.to_owned(), id.parse::<i64>().ok().filter(|i| *i > 0)?))
}

/// The cursor as it goes into a link.
pub fn cursor_text(c: &Cursor) -> String {
    format!("{}.{}", c.0, c.1)
}

/// One entry of the page numbers: a page, or a gap between numbers that are not adjacent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PageLink {
    /// The page's number (0 for a gap).
    pub number: i64,
    /// Its address.
    pub href: String,
    /// Whether it is the page shown.
    pub current: bool,
}

/// The pager as the template draws it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Pager {
    /// Documents in the list.
    pub total: i64,
    /// The page shown, from 1.
    pub page: i64,
    /// Pages in all.
    pub pages: i64,
    /// 上一页.
    pub previous: Option<String>,
    /// 下一页.
    pub next: Option<String>,
    /// The page numbers, with gaps.
    pub links: Vec<PageLink>,
}

/// The pager of a page map; `href` makes the address of the page after a cursor (none: the
/// first page).
pub fn pager(map: &PageMap, href: impl Fn(Option<&str>) -> String) -> Pager {
    let link_of = |c: &Option<Cursor>| href(c.as_ref().map(cursor_text).as_deref());
    let mut links = Vec::new();
    let mut last = 0;
    for (number, cursor) in &map.links {
        if *number > last + 1 {
            links.push(PageLink {
                number: 0,
                href: String::new(),
                current: false,
            });
        }
        links.push(PageLink {
            number: *number,
            href: link_of(cursor),
            current: *number == map.page,
        });
        last = *number;
    }
    let find = |n: i64| links.iter().find(|l| l.number == n).map(|l| l.href.clone());
    Pager {
        total: map.total,
        page: map.page,
        pages: map.pages,
        // A page whose cursor was not made by the pager may lack its neighbour: back to the first.
        previous: (map.page > 1).then(|| find(map.page - 1).unwrap_or_else(|| href(None))),
        next: (map.page < map.pages).then(|| find(map.page + 1)).flatten(),
        links,
    }
}

/// The pager of a list paged by number (the search results), at most `max_pages` deep.
pub fn numbered(
    page: i64,
    total: i64,
    size: i64,
    max_pages: i64,
    href: impl Fn(i64) -> String,
) -> Pager {
    let pages = ((total + size - 1) / size.max(1)).clamp(1, max_pages.max(1));
    let page = page.clamp(1, pages);
    let mut numbers: Vec<i64> = vec![1];
    numbers.extend((page - 2).max(2)..=(page + 2).min(pages));
    numbers.push(pages);
    numbers.dedup();
    let map = PageMap {
        total,
        page,
        pages,
        links: numbers.into_iter().map(|n| (n, None)).collect(),
    };
    let mut p = pager(&map, |_| String::new());
    for l in &mut p.links {
        if l.number > 0 {
            l.href = href(l.number);
        }
    }
    p.previous = (page > 1).then(|| href(page - 1));
    p.next = (page < pages).then(|| href(page + 1));
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(page: i64, pages: i64, numbers: &[i64]) -> PageMap {
        PageMap {
            total: pages * 20,
            page,
            pages,
            links: numbers
                .iter()
                .map(|n| (*n, (*n > 1).then(|| ("2024-01-01".to_owned(), *n))))
                .collect(),
        }
    }

    fn href(c: Option<&str>) -> String {
        format!("?after={}", c.unwrap_or(""))
    }

    #[test]
    fn gaps_stand_between_numbers_that_are_not_adjacent() {
        let p = pager(&map(6, 12, &[1, 4, 5, 6, 7, 8, 12]), href);
        let numbers: Vec<i64> = p.links.iter().map(|l| l.number).collect();
        assert_eq!(numbers, [1, 0, 4, 5, 6, 7, 8, 0, 12]);
        assert_eq!(p.previous.as_deref(), Some("?after=2024-01-01.5"));
        assert_eq!(p.next.as_deref(), Some("?after=2024-01-01.7"));
        assert!(p.links.iter().filter(|l| l.current).all(|l| l.number == 6));
    }

    #[test]
    fn the_first_page_has_no_previous_and_the_last_no_next() {
        let first = pager(&map(1, 3, &[1, 2, 3]), href);
        assert_eq!(first.previous, None);
        assert_eq!(first.links[0].href, "?after=");
        let last = pager(&map(3, 3, &[1, 2, 3]), href);
        assert_eq!(last.next, None);
        assert_eq!(last.previous.as_deref(), Some("?after=2024-01-01.2"));
    }

    #[test]
    fn numbered_pages_stop_at_the_deepest_page_offered() {
        let p = numbered(7, 10_000, 20, 500, |n| format!("?page={n}"));
        let numbers: Vec<i64> = p.links.iter().map(|l| l.number).collect();
        assert_eq!(numbers, [1, 0, 5, 6, 7, 8, 9, 0, 500]);
        assert_eq!((p.page, p.pages), (7, 500));
        assert_eq!(p.next.as_deref(), Some("?page=8"));
        let one = numbered(1, 3, 20, 500, |n| format!("?page={n}"));
        assert_eq!((one.pages, one.previous, one.next), (1, None, None));
    }

    #[test]
    fn cursors_round_trip_and_malformed_ones_are_refused() {
        let c = ("2024-03-05".to_owned(), 123);
        assert_eq!(parse_cursor(&cursor_text(&c)), Some(c));
        for bad in [
            "",
            "2024-03-05",
            "2024-3-5.1",
            "2024-03-05.0",
            "2024-13-01.4",
            "x.1",
        ] {
            assert_eq!(parse_cursor(bad), None, "{bad}");
        }
    }
}
