//! Keeps search consistent with the database: drains the search outbox (claims entries
//! with a lease, indexes each document as it is now, completes them, or puts them back with
//! a growing delay when search fails), and rebuilds a kind from the database when the index
//! is new. Upserts are idempotent, so an entry delivered twice (a crash between indexing
//! and completing) does no harm; an entry claimed by a process that died comes back when
//! its lease ends.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use std::collections::HashMap;

use skillbridge_domain::search::{
    DocumentKind, OutboxEntry, SearchDocument, SearchError, SearchIndex, SearchRequest,
    SearchResult, SearchResults, occupation_document, skill_document,
};
use skillbridge_domain::{OccupationId, SkillId, Store};
use skillbridge_search_tantivy::TantivyIndex;
use uuid::Uuid;

/// Entries claimed at once.
const BATCH: usize = 500;
/// How long a claim holds before another indexer may take the entries.
const LEASE: chrono::Duration = chrono::Duration::seconds(60);
/// How often an idle indexer looks for new entries.
const POLL: Duration = Duration::from_millis(500);
/// The longest wait before retrying a failed entry.
const MAX_BACKOFF_SECONDS: i64 = 300;

/// Search when the embedded index cannot be used (another process holds it, or the
/// directory is unusable): every search says why; writes still succeed and wait in the
/// outbox.
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
    async fn count(&self, _: DocumentKind) -> SearchResult<usize> {
        Err(SearchError::Unavailable(self.0.clone()))
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

pub struct Indexer {
    store: Arc<dyn Store>,
    index: Arc<dyn SearchIndex>,
}

impl Indexer {
    pub fn new(store: Arc<dyn Store>, index: Arc<dyn SearchIndex>) -> Self {
        Self { store, index }
    }

    /// The documents for `ids` of `kind` as the database holds them now, and the ids it no
    /// longer holds (to delete).
    async fn documents(
        &self,
        kind: DocumentKind,
        ids: &[Uuid],
    ) -> anyhow::Result<(Vec<SearchDocument>, Vec<Uuid>)> {
        let mut texts: HashMap<Uuid, Vec<_>> = HashMap::new();
        for (id, text) in self.store.concept_texts(kind, ids).await? {
            texts.entry(id).or_default().push(text);
        }
        let documents: Vec<SearchDocument> = match kind {
            DocumentKind::Skill => {
                let skill_ids: Vec<SkillId> =
                    ids.iter().map(|id| SkillId::from_uuid(*id)).collect();
                self.store
                    .skills_by_ids(&skill_ids)
                    .await?
                    .iter()
                    .map(|s| skill_document(s, texts.remove(s.id.as_uuid()).unwrap_or_default()))
                    .collect()
            }
            DocumentKind::Occupation => {
                let occupation_ids: Vec<OccupationId> =
                    ids.iter().map(|id| OccupationId::from_uuid(*id)).collect();
                self.store
                    .occupations_by_ids(&occupation_ids)
                    .await?
                    .iter()
                    .map(|o| {
                        occupation_document(o, texts.remove(o.id.as_uuid()).unwrap_or_default())
                    })
                    .collect()
            }
            // Other kinds are indexed by later work; their entries wait in the outbox.
            _ => anyhow::bail!("{} documents are not searchable yet", kind.code()),
        };
        let gone = ids
            .iter()
            .filter(|id| !documents.iter().any(|d| d.id == **id))
            .copied()
            .collect();
        Ok((documents, gone))
    }

    /// Delivers one batch of entries: `Ok(n)` entries handled (0: nothing due).
    pub async fn drain_once(&self) -> anyhow::Result<usize> {
        let now = Utc::now();
        let entries = self
            .store
            .claim_search_changes(BATCH, now, now + LEASE)
            .await?;
        if entries.is_empty() {
            return Ok(0);
        }
        let mut kinds: Vec<DocumentKind> = entries.iter().map(|e| e.kind).collect();
        kinds.sort_by_key(|k| k.code());
        kinds.dedup();
        for kind in kinds {
            let of_kind: Vec<&OutboxEntry> = entries.iter().filter(|e| e.kind == kind).collect();
            let ids: Vec<i64> = of_kind.iter().map(|e| e.id).collect();
            match self.deliver(kind, &of_kind).await {
                Ok(()) => self.store.complete_search_changes(&ids).await?,
                Err(err) => {
                    let attempts = of_kind.iter().map(|e| e.attempts).max().unwrap_or(1);
                    let delay = (1_i64 << attempts.clamp(1, 20)).min(MAX_BACKOFF_SECONDS);
                    tracing::warn!(error = %err, kind = kind.code(), attempts, "search indexing failed; will retry");
                    self.store
                        .retry_search_changes(
                            &ids,
                            &err.to_string(),
                            Utc::now() + chrono::Duration::seconds(delay),
                        )
                        .await?;
                }
            }
        }
        Ok(entries.len())
    }

    async fn deliver(&self, kind: DocumentKind, entries: &[&OutboxEntry]) -> anyhow::Result<()> {
        let mut ids: Vec<Uuid> = entries.iter().map(|e| e.document_id).collect();
        ids.sort();
        ids.dedup();
        // Whatever the entry says, the database decides: a document that exists is
        // upserted as it is now, one that does not is removed.
        let (documents, gone) = self.documents(kind, &ids).await?;
        if !documents.is_empty() {
            self.index.upsert(documents).await?;
        }
        if !gone.is_empty() {
            self.index.delete(kind, &gone).await?;
        }
        Ok(())
    }

    /// Delivers everything due now (at start, before serving, so a restarted process
    /// answers from a current index).
    pub async fn catch_up(&self) -> anyhow::Result<()> {
        while self.drain_once().await? > 0 {}
        Ok(())
    }

    /// Replaces every document of `kind` with what the database holds.
    pub async fn rebuild(&self, kind: DocumentKind) -> anyhow::Result<usize> {
        self.index.clear(kind).await?;
        let mut after = None;
        let mut total = 0;
        loop {
            let ids = self.store.search_document_ids(kind, after, BATCH).await?;
            let Some(last) = ids.last() else {
                return Ok(total);
            };
            after = Some(*last);
            let (documents, _) = self.documents(kind, &ids).await?;
            total += documents.len();
            self.index.upsert(documents).await?;
        }
    }

    /// Drains the outbox until the process stops, in the span `search_indexer` (its
    /// statements are the indexer's, not a request's).
    pub async fn run(self) {
        use tracing::Instrument;
        self.drain_forever()
            .instrument(tracing::info_span!("search_indexer"))
            .await;
    }

    async fn drain_forever(self) {
        loop {
            match self.drain_once().await {
                Ok(0) => tokio::time::sleep(POLL).await,
                Ok(_) => {}
                Err(err) => {
                    tracing::warn!(error = %err, "the search indexer could not read the outbox");
                    tokio::time::sleep(POLL * 10).await;
                }
            }
        }
    }
}
