//! The query root. Later issues add the taxonomy, profiles, vacancies and courses here.

use async_graphql::Object;

/// Read access to Skillbridge.
pub struct Query;

#[Object]
impl Query {
    /// The version of the Skillbridge API answering this request.
    async fn api_version(&self) -> &'static str {
        env!("CARGO_PKG_VERSION")
    }
}
