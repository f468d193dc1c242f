//! Keeps search consistent with the database: drains the search outbox (claims entries
//! with a lease, indexes each document as it is now, completes them, or puts them back with
//! a growing delay when search fails), and rebuilds a kind from the database when the index
//! is new. Upserts are idempotent, so an entry delivered twice (a crash between indexing
//! and completing) does no harm; an entry claimed by a process that died comes back when
//! its lease ends.

use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use skillbridge_domain::Store;
use skillbridge_domain::search::{DocumentKind, OutboxEntry, SearchIndex, SearchRefresh};
use uuid::Uuid;

use crate::search_documents::SearchDocuments;

/// Entries claimed at once.
const BATCH: usize = 500;
/// How long a claim holds before another indexer may take the entries.
const LEASE: chrono::Duration = chrono::Duration::seconds(60);
/// How often an idle indexer looks for new entries.
const POLL: Duration = Duration::from_millis(500);
/// The longest wait before retrying a failed entry.
const MAX_BACKOFF_SECONDS: i64 = 300;

pub struct Indexer {
    store: Arc<dyn Store>,
    documents: SearchDocuments,
    index: Arc<dyn SearchIndex>,
    /// One delivery at a time in this process, so a refresh waits for the one under way.
    delivering: tokio::sync::Mutex<()>,
}

impl Indexer {
    pub fn new(store: Arc<dyn Store>, index: Arc<dyn SearchIndex>) -> Self {
        Self {
            documents: SearchDocuments::new(store.clone()),
            store,
            index,
            delivering: tokio::sync::Mutex::new(()),
        }
    }

    /// Delivers one batch of entries: `Ok(n)` entries handled (0: nothing due).
    pub async fn drain_once(&self) -> anyhow::Result<usize> {
        let _one_at_a_time = self.delivering.lock().await;
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
        let ids: Vec<Uuid> = entries.iter().map(|e| e.document_id).collect();
        self.index_now(kind, ids).await
    }

    /// Indexes the documents `ids` of `kind` as the database holds them now.
    async fn index_now(&self, kind: DocumentKind, mut ids: Vec<Uuid>) -> anyhow::Result<()> {
        ids.sort();
        ids.dedup();
        // Whatever the entry says, the database decides: a document that exists is
        // upserted as it is now, one that does not is removed.
        let (documents, gone) = self.documents.read(kind, &ids).await?;
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
            let (documents, _) = self.documents.read(kind, &ids).await?;
            total += documents.len();
            self.index.upsert(documents).await?;
        }
    }

    /// Drains the outbox until the process stops, in the span `search_indexer` (its
    /// statements are the indexer's, not a request's).
    pub async fn run(self: Arc<Self>) {
        use tracing::Instrument;
        self.drain_forever()
            .instrument(tracing::info_span!("search_indexer"))
            .await;
    }

    async fn drain_forever(&self) {
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

#[async_trait::async_trait]
impl SearchRefresh for Indexer {
    async fn refresh(&self, documents: &[(DocumentKind, Uuid)]) {
        // After a delivery under way, which may have read an older state of these.
        let _one_at_a_time = self.delivering.lock().await;
        let mut kinds: Vec<DocumentKind> = documents.iter().map(|(kind, _)| *kind).collect();
        kinds.sort_by_key(|k| k.code());
        kinds.dedup();
        for kind in kinds {
            let ids = documents
                .iter()
                .filter(|(k, _)| *k == kind)
                .map(|(_, id)| *id)
                .collect();
            if let Err(err) = self.index_now(kind, ids).await {
                tracing::warn!(error = %err, "search refresh failed; the indexer will retry");
            }
        }
    }
}
