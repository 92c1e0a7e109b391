//! What the public may see of the catalogue — the one rule, which every public page, list,
//! link, feed, sitemap, search hit and API answer applies (through the store's `PUBLIC` SQL
//! fragment, which a store test holds to this predicate).
//!
//! A document is public when it has passed review and been published (条例第十七条: 保密审查
//! before disclosure) and its 公开方式 is 主动公开 (条例第十九条、第二十条). A document marked
//! 依申请公开 is given only to the applicant who asked for it (条例第二十七条), and one marked
//! 不予公开 to no one (条例第十四条至第十六条): neither its title nor any of its text may appear
//! on a public surface, not even as the target of a link from a public document. A repealed or
//! expired document (废止 / 失效) stays public, with its validity shown.

use super::classification::DisclosureMode;
use super::workflow::PublicationState;

/// Whether a document in `state` with 公开方式 `disclosure` may be seen by the public.
pub fn is_public(state: PublicationState, disclosure: DisclosureMode) -> bool {
    state == PublicationState::Published && disclosure == DisclosureMode::Proactive
}

/// [`is_public`] of the stored names; a name that does not read is not public.
pub fn is_public_stored(state: &str, disclosure: &str) -> bool {
    match (
        PublicationState::parse(state),
        DisclosureMode::parse(disclosure),
    ) {
        (Some(s), Some(d)) => is_public(s, d),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_published_proactive_documents_are_public() {
        for s in PublicationState::ALL {
            for d in DisclosureMode::ALL {
                let expected = *s == PublicationState::Published && *d == DisclosureMode::Proactive;
                assert_eq!(is_public(*s, *d), expected, "{s:?} {d:?}");
                assert_eq!(is_public_stored(s.as_str(), d.as_str()), expected);
            }
        }
        // 条例第二十七条: on request means given to the applicant, not shown to everyone.
        assert!(!is_public(
            PublicationState::Published,
            DisclosureMode::OnRequest
        ));
        // 条例第十七条: nothing before review.
        assert!(!is_public(
            PublicationState::PendingReview,
            DisclosureMode::Proactive
        ));
        assert!(!is_public_stored("published", "bogus"));
        assert!(!is_public_stored("", "proactive"));
    }
}
