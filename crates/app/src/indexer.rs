//! Keeps a search index consistent with the database by following the change stream, as the
//! match index and live updates do, from the index's own position (kept in the database
//! under the index's identity: each embedded index has its own, replicas sharing a
//! Meilisearch index share one). A change to searchable documents is delivered by reading
//! the documents as they are now (upserting those that exist, removing those that do not);
//! then the position moves past it. Delivery is at least once and idempotent, so a process
//! killed between indexing and saving its position does no harm. An index without a
//! position, or one behind what the stream still keeps, is rebuilt from the database.

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use futures::StreamExt;
use skillbridge_domain::Store;
use skillbridge_domain::events::{Change, ChangeLag, ChangePosition, Event};
use skillbridge_domain::search::{DocumentKind, SearchIndex, SearchRefresh};
use uuid::Uuid;

use crate::search_documents::SearchDocuments;

/// Changes delivered at once, and documents read at once in a rebuild.
const BATCH: usize = 500;
/// The longest wait before trying again after a failure (search or the database down).
const MAX_BACKOFF: Duration = Duration::from_secs(300);

pub struct Indexer {
    store: Arc<dyn Store>,
    documents: SearchDocuments,
    index: Arc<dyn SearchIndex>,
    /// The index's name in the database ([`SearchIndex::identity`]).
    identity: String,
    /// One delivery at a time in this process, so a refresh waits for the one under way.
    delivering: tokio::sync::Mutex<()>,
    /// Failures in a row, for the wait before the next try.
    failures: AtomicU32,
}

/// Why the indexer must rebuild before it goes on.
#[derive(Debug, thiserror::Error)]
#[error(
    "the search index is behind what the change stream keeps (search was down a long time); it is rebuilt from the database"
)]
struct FellBehind;

impl Indexer {
    pub fn new(store: Arc<dyn Store>, index: Arc<dyn SearchIndex>) -> Self {
        Self {
            documents: SearchDocuments::new(store.clone()),
            identity: index.identity(),
            store,
            index,
            delivering: tokio::sync::Mutex::new(()),
            failures: AtomicU32::new(0),
        }
    }

    /// Where the index is in the change stream, rebuilding it first when it has no
    /// position (it is new) or is behind what the stream keeps; `fresh` forces a rebuild.
    /// Kinds the index holds none of are built too (an index emptied behind our back).
    pub async fn prepare(&self, fresh: bool) -> anyhow::Result<ChangePosition> {
        if !fresh && let Some(position) = self.position().await? {
            for kind in DocumentKind::ALL.iter().copied() {
                if self.index.count(kind).await? == 0 {
                    let documents = self.rebuild(kind).await?;
                    if documents > 0 {
                        tracing::info!(kind = kind.code(), documents, "search index built");
                    }
                }
            }
            return Ok(position);
        }
        let (position, built) = self.rebuild_all().await?;
        for (kind, documents) in built {
            tracing::info!(kind = kind.code(), documents, "search index built");
        }
        Ok(position)
    }

    /// The saved position, unless the stream forgot changes after it.
    async fn position(&self) -> anyhow::Result<Option<ChangePosition>> {
        let Some(position) = self.store.search_position(&self.identity).await? else {
            return Ok(None);
        };
        Ok((position >= self.store.change_horizon().await?).then_some(position))
    }

    /// Replaces every document with what the database holds, and moves the position to
    /// where the stream was before reading (a change made meanwhile is delivered after).
    pub async fn rebuild_all(
        &self,
    ) -> anyhow::Result<(ChangePosition, Vec<(DocumentKind, usize)>)> {
        let head = self.store.change_head().await?;
        let mut built = Vec::new();
        for kind in DocumentKind::ALL.iter().copied() {
            built.push((kind, self.rebuild(kind).await?));
        }
        self.store
            .save_search_position(&self.identity, head, skillbridge_domain::clock::now())
            .await?;
        Ok((head, built))
    }

    /// Replaces every document of `kind` with what the database holds.
    async fn rebuild(&self, kind: DocumentKind) -> anyhow::Result<usize> {
        self.index.clear(kind).await?;
        self.reindex_every(kind).await
    }

    /// Indexes every document of `kind` as the database holds it now.
    async fn reindex_every(&self, kind: DocumentKind) -> anyhow::Result<usize> {
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

    /// Indexes the documents `ids` of `kind` as the database holds them now, [`BATCH`] at
    /// a time (an import names thousands).
    async fn index_now(&self, kind: DocumentKind, mut ids: Vec<Uuid>) -> anyhow::Result<()> {
        ids.sort();
        ids.dedup();
        for chunk in ids.chunks(BATCH) {
            // Whatever the change says, the database decides: a document that exists is
            // upserted as it is now, one that does not is removed.
            let (documents, gone) = self.documents.read(kind, chunk).await?;
            if !documents.is_empty() {
                self.index.upsert(documents).await?;
            }
            if !gone.is_empty() {
                self.index.delete(kind, &gone).await?;
            }
        }
        Ok(())
    }

    /// Delivers `changes` (read after `from`), then saves the position after them.
    async fn deliver(&self, from: ChangePosition, changes: &[Change]) -> anyhow::Result<()> {
        let Some(last) = changes.last() else {
            return Ok(());
        };
        if from < self.store.change_horizon().await? {
            return Err(FellBehind.into());
        }
        let _one_at_a_time = self.delivering.lock().await;
        let mut every = Vec::new();
        let mut named: Vec<(DocumentKind, Vec<Uuid>)> = Vec::new();
        for change in changes {
            match &change.event {
                Event::SearchKind { document_kind } => every.push(*document_kind),
                Event::SearchDocuments { document_kind, ids } => {
                    match named.iter_mut().find(|(kind, _)| kind == document_kind) {
                        Some((_, all)) => all.extend(ids),
                        None => named.push((*document_kind, ids.clone())),
                    }
                }
                _ => {}
            }
        }
        every.sort_by_key(|kind| kind.code());
        every.dedup();
        for kind in &every {
            self.reindex_every(*kind).await?;
        }
        for (kind, ids) in named {
            if !every.contains(&kind) {
                self.index_now(kind, ids).await?;
            }
        }
        self.store
            .save_search_position(
                &self.identity,
                last.position,
                skillbridge_domain::clock::now(),
            )
            .await?;
        Ok(())
    }

    /// Delivers every change after `position`, where [`Indexer::prepare`] or
    /// [`Indexer::rebuild_all`] left the index (at start, before serving, so a restarted
    /// process answers from a current index; and after `reindex`).
    pub async fn catch_up(&self, mut position: ChangePosition) -> anyhow::Result<()> {
        loop {
            let changes = self.store.changes_after(position, BATCH).await?;
            let Some(last) = changes.last().map(|c| c.position) else {
                return Ok(());
            };
            self.deliver(position, &changes).await?;
            position = last;
        }
    }

    /// How far the index is behind the change stream (every change kept, when it has no
    /// position yet).
    pub async fn lag(&self) -> anyhow::Result<ChangeLag> {
        let position = self.store.search_position(&self.identity).await?;
        Ok(self.store.change_lag(position).await?)
    }

    /// Follows the change stream until the process stops, in the span `search_indexer`
    /// (its statements are the indexer's, not a request's); after a failure (search or the
    /// database down) it waits, longer each time, and goes on from its saved position.
    pub async fn run(self: Arc<Self>) {
        use tracing::Instrument;
        async move {
            loop {
                if let Err(err) = self.follow().await {
                    let failures = self.failures.fetch_add(1, Ordering::Relaxed) + 1;
                    let wait = Duration::from_secs(1 << failures.clamp(1, 9)).min(MAX_BACKOFF);
                    tracing::warn!(error = %err, failures, "search indexing failed; will retry");
                    tokio::time::sleep(wait).await;
                }
            }
        }
        .instrument(tracing::info_span!("search_indexer"))
        .await;
    }

    /// Delivers changes as they commit, from the saved position on, until one fails.
    async fn follow(&self) -> anyhow::Result<()> {
        let mut position = self.prepare(false).await?;
        let mut batches = self
            .store
            .follow_changes(position)
            .await?
            .ready_chunks(BATCH);
        while let Some(batch) = batches.next().await {
            let changes = batch.into_iter().collect::<Result<Vec<_>, _>>()?;
            let Some(last) = changes.last().map(|c| c.position) else {
                continue;
            };
            self.deliver(position, &changes).await?;
            position = last;
            self.failures.store(0, Ordering::Relaxed);
        }
        Ok(())
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
