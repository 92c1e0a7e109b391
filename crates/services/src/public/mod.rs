//! What the public sees: the read model behind every public page, list, link, feed, sitemap
//! and catalogue count. The rule of what the public may see has one home — the domain's
//! [`gongkai_domain::catalogue::visibility::is_public`] and the store's
//! [`gongkai_store::documents::PUBLIC`] fragment held to it — and the portal reads documents
//! only through this module, which only asks the store for public documents. The search index
//! is fed through [`document`] too ([`crate::search::indexed_document`]).
//!
//! - [`site`]: the site answering a request, with its owner and navigation; the agencies whose
//!   documents a site lists.
//! - [`pages`]: the home page, a column page, a document page with its links, feeds, sitemaps.
//! - [`catalogue`]: the 法定主动公开内容 catalogue, its counts and the annual reports' list.

pub mod catalogue;
pub mod pages;
pub mod site;

use gongkai_store::{Conn, documents};

use crate::error::ServiceResult;

pub use gongkai_store::agencies::Agency;
pub use gongkai_store::attachments::Attachment;
pub use gongkai_store::columns::Column;
pub use gongkai_store::documents::{Document, Summary};
pub use gongkai_store::sites::Site;

/// Of `ids`, those the public may see, as list lines in the order of `ids` (the lines under
/// search hits: the index may lag a withdrawal by a moment, the database does not).
pub async fn summaries(conn: &mut Conn, ids: &[i64]) -> ServiceResult<Vec<Summary>> {
    Ok(gongkai_store::documents::public_summaries(conn, ids).await?)
}

/// The document `id` if the public may see it; `None` for any other (not found, draft, under
/// review, withdrawn, 依申请公开, 不予公开) — the caller cannot tell which.
pub async fn document(conn: &mut Conn, id: i64) -> ServiceResult<Option<Document>> {
    Ok(documents::find_public(conn, id).await?)
}
