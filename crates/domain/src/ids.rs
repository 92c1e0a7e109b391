//! Newtype ids, so that an agency id can never be passed where a document id is expected.

use serde::{Deserialize, Serialize};

macro_rules! id_type {
    ($(#[$doc:meta] $name:ident),* $(,)?) => {$(
        #[$doc]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
                 utoipa::ToSchema)]
        #[serde(transparent)]
        #[schema(value_type = i64)]
        pub struct $name(pub i64);

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }
    )*};
}

id_type!(
    /// An agency (行政机关).
    AgencyId,
    /// A site of the site group.
    SiteId,
    /// A column (栏目) of a site.
    ColumnId,
    /// A catalogue document.
    DocumentId,
    /// A staff account.
    UserId,
    /// An attachment of a document.
    AttachmentId,
);
