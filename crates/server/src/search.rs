//! The search backend this process uses: the embedded index under the data directory, or
//! Meilisearch; and what search answers when the embedded index cannot be opened.

use std::path::Path;
use std::sync::Arc;

use skillbridge_domain::search::{
    DocumentKind, SearchDocument, SearchError, SearchIndex, SearchRequest, SearchResult,
    SearchResults,
};
use skillbridge_search_meili::MeiliSearch;
use skillbridge_search_tantivy::TantivyIndex;
use uuid::Uuid;

use crate::config::{Config, SearchBackend};

/// Search when the embedded index cannot be used (another process holds it, or the
/// directory is unusable): every search says why; writes still succeed and wait in the
/// change stream for the process that indexes.
pub struct UnavailableSearch(pub String);

#[async_trait::async_trait]
impl SearchIndex for UnavailableSearch {
    async fn upsert(&self, _: Vec<SearchDocument>) -> SearchResult<()> {
        Err(SearchError::Unavailable(self.0.clone()))
    }
    async fn delete(&self, _: DocumentKind, _: &[Uuid]) -> SearchResult<()> {
        Err(SearchError::Unavailable(self.0.clone()))
    }
    async fn clear(&self, _: DocumentKind) -> SearchResult<()> {
        Err(SearchError::Unavailable(self.0.clone()))
    }
    async fn search(&self, _: &SearchRequest) -> SearchResult<SearchResults> {
        Err(SearchError::Unavailable(self.0.clone()))
    }
    async fn mentions(
        &self,
        _: &skillbridge_domain::mentions::MentionRequest,
    ) -> SearchResult<Vec<skillbridge_domain::mentions::Mention>> {
        Err(SearchError::Unavailable(self.0.clone()))
    }
    async fn count(&self, _: DocumentKind) -> SearchResult<usize> {
        Err(SearchError::Unavailable(self.0.clone()))
    }
    fn identity(&self) -> String {
        "unavailable".into()
    }
}

/// The embedded index under `dir`, and whether it is new (to be rebuilt). When it cannot
/// be opened (most often: another process on this data directory holds it), search is
/// unavailable in this process and says why, and the flag is `None`: no indexer here.
pub fn open_embedded(dir: &Path) -> (Arc<dyn SearchIndex>, Option<bool>) {
    match TantivyIndex::open(dir) {
        Ok((index, fresh)) => (Arc::new(index), Some(fresh)),
        Err(err) => {
            tracing::warn!(error = %err, dir = %dir.display(), "search is unavailable in this process");
            let reason = "the embedded search index is in use by another process on this data directory (run one process per data directory, or use Meilisearch for several)";
            (Arc::new(UnavailableSearch(reason.into())), None)
        }
    }
}

/// The search backend the configuration names, and whether this process indexes:
/// `Some(fresh)` when it does (`fresh`: the embedded index is new and must be built),
/// `None` when it cannot (another process holds the embedded index). Meilisearch is
/// connected to on first use, so a server starts while it is down and search comes back
/// with it.
pub async fn open_search(config: &Config) -> anyhow::Result<(Arc<dyn SearchIndex>, Option<bool>)> {
    match config.search.backend {
        SearchBackend::Tantivy => Ok(open_embedded(&config.data_dir.join("search"))),
        SearchBackend::Meilisearch => {
            let url = config.search.url.trim();
            anyhow::ensure!(
                !url.is_empty(),
                "search.backend is meilisearch but search.url is not set (e.g. SKILLBRIDGE_SEARCH_URL=http://127.0.0.1:7700)"
            );
            let search = MeiliSearch::new(
                url,
                config.search.api_key.as_deref(),
                &config.search.index_prefix,
            );
            if let Err(err) = search.ready().await {
                tracing::warn!(error = %err, url, "Meilisearch is unreachable; search is unavailable until it is back (writes wait in the change stream)");
            }
            Ok((Arc::new(search), Some(false)))
        }
    }
}
