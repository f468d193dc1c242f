//! The query root, merged from one object per area.

use async_graphql::{MergedObject, Object};

use crate::taxonomy::TaxonomyQuery;

/// Read access to Skillbridge.
#[derive(MergedObject, Default)]
pub struct Query(MetaQuery, TaxonomyQuery);

/// About the API itself.
#[derive(Default)]
pub struct MetaQuery;

#[Object]
impl MetaQuery {
    /// The version of the Skillbridge API answering this request.
    async fn api_version(&self) -> &'static str {
        env!("CARGO_PKG_VERSION")
    }
}
