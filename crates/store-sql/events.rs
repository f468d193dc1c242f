// The change stream, the same for both stores: writes append their events to `changes` in
// their own transaction (`record_changes`), and followers read on from their own position
// (`follow`). A process's live updates share one follower (`subscribe`).

use std::collections::VecDeque;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use futures::StreamExt;
use futures::stream::BoxStream;
use skillbridge_domain::events::{Change, ChangeLag, ChangePosition, Event};
use skillbridge_domain::{StoreError, StoreResult};
use sqlx::QueryBuilder;
use tokio::sync::{OnceCell, broadcast, watch};

use crate::dialect::{
    CHANGE_HEAD, CHANGE_POLL, Db, DbStore, SETTLED_TRANSACTIONS, WAKE_FOLLOWERS, timestamp,
};
use crate::error::store_error;

/// How many events a slow subscriber may fall behind before it skips some.
pub(crate) const EVENT_BUFFER: usize = 1_024;
/// Changes a follower reads at once.
const FOLLOW_BATCH: usize = 500;

/// Appends `events` to the change stream on `conn`, inside the caller's transaction: the
/// change and its events commit together or not at all; followers are woken when it commits.
pub(crate) async fn record_changes(
    conn: &mut <Db as sqlx::Database>::Connection,
    events: &[Event],
    now: DateTime<Utc>,
) -> StoreResult<()> {
    if events.is_empty() {
        return Ok(());
    }
    let mut qb = QueryBuilder::<Db>::new("INSERT INTO changes (event, origin, recorded_at) ");
    let mut payloads = Vec::with_capacity(events.len());
    for event in events {
        payloads
            .push(serde_json::to_string(event).map_err(|err| StoreError::Internal(err.into()))?);
    }
    qb.push_values(payloads, |mut row, payload| {
        row.push_bind(payload)
            .push_bind(this_process())
            .push_bind(timestamp(&now));
    });
    qb.build().execute(&mut *conn).await.map_err(store_error)?;
    if let Some(wake) = WAKE_FOLLOWERS {
        sqlx::query(wake)
            .execute(&mut *conn)
            .await
            .map_err(store_error)?;
    }
    Ok(())
}

/// This process, as the origin of the changes it records.
fn this_process() -> uuid::Uuid {
    static PROCESS: std::sync::OnceLock<uuid::Uuid> = std::sync::OnceLock::new();
    *PROCESS.get_or_init(uuid::Uuid::now_v7)
}

/// What a store keeps for its followers: the wake-ups notifications bring, and the one
/// follower that hands events to this process's subscribers.
#[derive(Debug)]
pub(crate) struct ChangeFeed {
    /// Bumped when another change may have committed.
    wake: watch::Sender<u64>,
    /// Events for this process's subscribers.
    events: broadcast::Sender<Event>,
    /// The task that feeds `events`, started by the first subscriber.
    hub: OnceCell<tokio::task::JoinHandle<()>>,
    /// The task that turns notifications into wake-ups, where the store has one.
    listener: OnceCell<Option<tokio::task::JoinHandle<()>>>,
}

impl Default for ChangeFeed {
    fn default() -> Self {
        Self {
            wake: watch::channel(0).0,
            events: broadcast::channel(EVENT_BUFFER).0,
            hub: OnceCell::new(),
            listener: OnceCell::new(),
        }
    }
}

impl ChangeFeed {
    /// Wakes every follower of this process: another change may have committed.
    #[allow(dead_code, reason = "SQLite has no notifications; its followers poll")]
    pub(crate) fn wake(&self) {
        self.wake.send_modify(|n| *n = n.wrapping_add(1));
    }

    /// Stops the tasks (the store is closing).
    pub(crate) fn stop(&self) {
        if let Some(hub) = self.hub.get() {
            hub.abort();
        }
        if let Some(Some(listener)) = self.listener.get() {
            listener.abort();
        }
    }
}

/// The position after every change committed so far.
pub(crate) async fn change_head(store: &DbStore) -> StoreResult<ChangePosition> {
    let (transaction, sequence): (i64, i64) = sqlx::query_as(CHANGE_HEAD)
        .fetch_one(store.stream_pool())
        .await
        .map_err(store_error)?;
    Ok(ChangePosition {
        transaction,
        sequence,
    })
}

/// Up to `limit` settled changes after `after`, in stream order.
pub(crate) async fn changes_after(
    store: &DbStore,
    after: ChangePosition,
    limit: usize,
) -> StoreResult<Vec<Change>> {
    let rows: Vec<(i64, i64, String, Option<uuid::Uuid>)> = sqlx::query_as(&format!(
        "SELECT tx, id, event, origin FROM changes
         WHERE (tx > $1 OR (tx = $1 AND id > $2)) AND tx < {SETTLED_TRANSACTIONS}
         ORDER BY tx, id LIMIT $3"
    ))
    .bind(after.transaction)
    .bind(after.sequence)
    .bind(i64::try_from(limit).unwrap_or(i64::MAX))
    .fetch_all(store.stream_pool())
    .await
    .map_err(store_error)?;
    let mut changes = Vec::with_capacity(rows.len());
    for (transaction, sequence, payload, origin) in rows {
        let position = ChangePosition {
            transaction,
            sequence,
        };
        match serde_json::from_str::<Event>(&payload) {
            Ok(event) => changes.push(Change {
                position,
                event,
                local: origin == Some(this_process()),
            }),
            // Written by a newer release: nothing here knows what to do with it.
            Err(err) => tracing::warn!(%err, sequence, "skipped a change of an unknown kind"),
        }
    }
    Ok(changes)
}

/// Forgets the changes recorded before `before`, and moves the horizon to the last of them,
/// in one transaction.
pub(crate) async fn prune_changes(store: &DbStore, before: DateTime<Utc>) -> StoreResult<u64> {
    let mut tx = crate::dialect::begin_locked(store.pool())
        .await
        .map_err(store_error)?;
    let last: Option<(i64, i64)> = sqlx::query_as(
        "SELECT tx, id FROM changes WHERE recorded_at < $1 ORDER BY tx DESC, id DESC LIMIT 1",
    )
    .bind(timestamp(&before))
    .fetch_optional(&mut *tx)
    .await
    .map_err(store_error)?;
    let Some((last_tx, last_id)) = last else {
        tx.commit().await.map_err(store_error)?;
        return Ok(0);
    };
    // Never back: the horizon only moves forward.
    sqlx::query(
        "INSERT INTO change_horizon (id, tx, seq) VALUES (1, $1, $2)
         ON CONFLICT (id) DO UPDATE SET tx = excluded.tx, seq = excluded.seq
         WHERE change_horizon.tx < excluded.tx
            OR (change_horizon.tx = excluded.tx AND change_horizon.seq < excluded.seq)",
    )
    .bind(last_tx)
    .bind(last_id)
    .execute(&mut *tx)
    .await
    .map_err(store_error)?;
    let pruned = sqlx::query("DELETE FROM changes WHERE tx < $1 OR (tx = $1 AND id <= $2)")
        .bind(last_tx)
        .bind(last_id)
        .execute(&mut *tx)
        .await
        .map_err(store_error)?
        .rows_affected();
    tx.commit().await.map_err(store_error)?;
    Ok(pruned)
}

/// The last change forgotten (the start of the stream when none was).
pub(crate) async fn change_horizon(store: &DbStore) -> StoreResult<ChangePosition> {
    let row: Option<(i64, i64)> = sqlx::query_as("SELECT tx, seq FROM change_horizon WHERE id = 1")
        .fetch_optional(store.pool())
        .await
        .map_err(store_error)?;
    Ok(row
        .map(|(transaction, sequence)| ChangePosition {
            transaction,
            sequence,
        })
        .unwrap_or_default())
}

/// The changes after `after` (all of them for `None`) and when the oldest was recorded.
pub(crate) async fn change_lag(
    store: &DbStore,
    after: Option<ChangePosition>,
) -> StoreResult<ChangeLag> {
    let after = after.unwrap_or_default();
    let (pending, oldest): (i64, Option<DateTime<Utc>>) = sqlx::query_as(
        "SELECT COUNT(*), MIN(recorded_at) FROM changes WHERE tx > $1 OR (tx = $1 AND id > $2)",
    )
    .bind(after.transaction)
    .bind(after.sequence)
    .fetch_one(store.stream_pool())
    .await
    .map_err(store_error)?;
    Ok(ChangeLag {
        pending: u64::try_from(pending).unwrap_or(0),
        oldest,
    })
}

/// A follower's read of the stream from `after` on.
struct Follower {
    store: DbStore,
    position: ChangePosition,
    read: VecDeque<Change>,
    wake: watch::Receiver<u64>,
}

/// Every change after `after`, as it commits: read in batches from the follower's own
/// position, waiting between reads for a wake-up or [`CHANGE_POLL`].
pub(crate) fn follow(
    store: &DbStore,
    after: ChangePosition,
) -> BoxStream<'static, StoreResult<Change>> {
    let follower = Follower {
        store: store.clone(),
        position: after,
        read: VecDeque::new(),
        wake: store.change_feed().wake.subscribe(),
    };
    Box::pin(futures::stream::unfold(follower, |mut f| async move {
        loop {
            if let Some(change) = f.read.pop_front() {
                f.position = change.position;
                return Some((Ok(change), f));
            }
            // Wake-ups from now on count: one that comes during the read is not lost.
            f.wake.borrow_and_update();
            match changes_after(&f.store, f.position, FOLLOW_BATCH).await {
                Ok(changes) if !changes.is_empty() => f.read.extend(changes),
                Ok(_) => {
                    let _ = tokio::time::timeout(CHANGE_POLL, f.wake.changed()).await;
                }
                Err(err) => {
                    tokio::time::sleep(CHANGE_POLL).await;
                    return Some((Err(err), f));
                }
            }
        }
    }))
}

/// Starts, once, what turns notifications into wake-ups (see `dialect::listen`).
pub(crate) async fn ensure_listening(store: &DbStore) -> StoreResult<()> {
    store
        .change_feed()
        .listener
        .get_or_try_init(|| crate::dialect::listen(store))
        .await?;
    Ok(())
}

/// Every event committed from now on, from this process's one shared follower.
pub(crate) async fn subscribe(store: &DbStore) -> StoreResult<BoxStream<'static, Event>> {
    ensure_listening(store).await?;
    let feed: &Arc<ChangeFeed> = store.change_feed();
    feed.hub
        .get_or_try_init(|| async {
            let head = change_head(store).await?;
            let mut changes = follow(store, head);
            let events = feed.events.clone();
            let hub = async move {
                while let Some(change) = changes.next().await {
                    match change {
                        // No subscriber is not an error.
                        Ok(change) => drop(events.send(change.event)),
                        Err(err) => tracing::warn!(%err, "could not read the change stream"),
                    }
                }
            };
            // Its statements are the stream's, not a request's.
            let span = tracing::info_span!("change_follower");
            Ok::<_, StoreError>(tokio::spawn(tracing::Instrument::instrument(hub, span)))
        })
        .await?;
    Ok(event_stream(feed.events.subscribe()))
}

/// The events from `rx` as a stream; a subscriber that lagged skips what it missed.
fn event_stream(rx: broadcast::Receiver<Event>) -> BoxStream<'static, Event> {
    Box::pin(futures::stream::unfold(rx, |mut rx| async move {
        loop {
            match rx.recv().await {
                Ok(event) => return Some((event, rx)),
                Err(broadcast::error::RecvError::Lagged(missed)) => {
                    tracing::warn!(missed, "a live-update subscriber fell behind");
                }
                Err(broadcast::error::RecvError::Closed) => return None,
            }
        }
    }))
}

#[async_trait::async_trait]
impl skillbridge_domain::events::EventRepository for DbStore {
    async fn change_head(&self) -> StoreResult<ChangePosition> {
        change_head(self).await
    }

    async fn changes_after(&self, after: ChangePosition, limit: usize) -> StoreResult<Vec<Change>> {
        changes_after(self, after, limit).await
    }

    async fn follow_changes(
        &self,
        after: ChangePosition,
    ) -> StoreResult<BoxStream<'static, StoreResult<Change>>> {
        ensure_listening(self).await?;
        Ok(follow(self, after))
    }

    async fn subscribe_events(&self) -> StoreResult<BoxStream<'static, Event>> {
        subscribe(self).await
    }

    async fn prune_changes(&self, before: DateTime<Utc>) -> StoreResult<u64> {
        prune_changes(self, before).await
    }

    async fn change_horizon(&self) -> StoreResult<ChangePosition> {
        change_horizon(self).await
    }

    async fn change_lag(&self, after: Option<ChangePosition>) -> StoreResult<ChangeLag> {
        change_lag(self, after).await
    }
}
