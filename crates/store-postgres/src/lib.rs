//! Skillbridge storage on PostgreSQL, for deployments that outgrow one machine.
//!
//! Several API replicas may share one database: migrations take sqlx's advisory lock, and
//! nothing here assumes it is the only process.

// The repositories are shared with the other store: written once in `crates/store-sql`
// (see its README) and compiled here against this crate's concrete types.
mod dialect {
    use chrono::{DateTime, Utc};

    pub(crate) type Db = sqlx::Postgres;
    pub(crate) type DbStore = super::PgStore;
    /// Appended to text in comparisons and `ORDER BY` so that order is byte-wise.
    pub(crate) const BYTEWISE: &str = r#" COLLATE "C""#;

    /// PostgreSQL keeps timestamps as `timestamptz`.
    pub(crate) fn timestamp(at: &DateTime<Utc>) -> DateTime<Utc> {
        *at
    }

    /// Starts a transaction; rows it must keep stable are locked with `FOR_UPDATE`.
    pub(crate) async fn begin_locked(
        pool: &sqlx::Pool<Db>,
    ) -> Result<sqlx::Transaction<'static, Db>, sqlx::Error> {
        pool.begin().await
    }
    /// Appended to a SELECT of a row that the transaction changes based on what it read:
    /// concurrent transactions touching the same row wait for this one.
    pub(crate) const FOR_UPDATE: &str = " FOR UPDATE";

    /// Changes of transactions older than every transaction still running: nothing before
    /// them can commit any more.
    pub(crate) const SETTLED_TRANSACTIONS: &str =
        "pg_snapshot_xmin(pg_current_snapshot())::text::bigint";
    /// Before every transaction still running (their changes, and every later one's, come
    /// after it).
    pub(crate) const CHANGE_HEAD: &str = "SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint - 1, 9223372036854775807::bigint";
    /// Sent inside the writing transaction, so it reaches listeners when the change commits
    /// (and never when it does not). Identical notifications of one transaction are folded.
    pub(crate) const WAKE_FOLLOWERS: Option<&str> =
        Some("SELECT pg_notify('skillbridge_changes', '')");
    /// How often a follower looks for changes without a notification: it may have missed one
    /// while its listening connection was down.
    pub(crate) const CHANGE_POLL: std::time::Duration = std::time::Duration::from_secs(1);

    /// LISTENs on a connection of its own and wakes this process's followers at each
    /// notification from any process. `PgListener` reconnects after a lost connection; the
    /// followers are woken then too, since notifications sent meanwhile are lost.
    pub(crate) async fn listen(
        store: &DbStore,
    ) -> skillbridge_domain::StoreResult<Option<tokio::task::JoinHandle<()>>> {
        let mut listener = sqlx::postgres::PgListener::connect_with(store.pool())
            .await
            .map_err(crate::error::store_error)?;
        listener
            .listen("skillbridge_changes")
            .await
            .map_err(crate::error::store_error)?;
        let feed = store.change_feed().clone();
        Ok(Some(tokio::spawn(async move {
            loop {
                match listener.recv().await {
                    Ok(_) => feed.wake(),
                    Err(err) => {
                        tracing::warn!(%err, "lost the change listener's connection; retrying");
                        tokio::time::sleep(std::time::Duration::from_secs(1)).await;
                        feed.wake();
                    }
                }
            }
        })))
    }
}
#[path = "../../store-sql/modules.rs"]
mod modules;
pub(crate) use modules::*;

use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use skillbridge_domain::{Readiness, Store, StoreError, StoreResult};
use sqlx::Connection;
use sqlx::migrate::Migrator;
use sqlx::postgres::{PgConnectOptions, PgConnection, PgPool, PgPoolOptions};

use crate::error::store_error;

static MIGRATOR: Migrator = sqlx::migrate!("../../migrations/postgres");

/// How long a request (or start-up) waits for a connection before the database counts as
/// unavailable.
const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(5);

/// The [`Store`] on PostgreSQL.
#[derive(Clone, Debug)]
pub struct PgStore {
    pool: PgPool,
    /// A connection of its own for reading the change stream, whose frequent polls stay
    /// out of the statement log (slow ones are still reported).
    stream_pool: PgPool,
    /// This process's followers of the change stream.
    changes: Arc<events::ChangeFeed>,
}

impl PgStore {
    /// Connects to a `postgres://` URL; fails within [`ACQUIRE_TIMEOUT`] if it is unreachable.
    pub async fn connect(url: &str, max_connections: u32) -> StoreResult<Self> {
        let options = PgConnectOptions::from_str(url).map_err(store_error)?;
        Self::connect_with(options, max_connections).await
    }

    /// Connects with prepared options (a test uses them to pin its own schema).
    pub async fn connect_with(
        options: PgConnectOptions,
        max_connections: u32,
    ) -> StoreResult<Self> {
        // One direct connection first: a pool retries until its timeout and then reports
        // only "timed out", where this says what is wrong (refused, unknown host, bad
        // password, no such database).
        let first = tokio::time::timeout(ACQUIRE_TIMEOUT, PgConnection::connect_with(&options))
            .await
            .map_err(|_| StoreError::Unavailable("no answer within 5 seconds".into()))?
            .map_err(connect_error)?;
        first.close().await.ok();
        let pool = PgPoolOptions::new()
            .max_connections(max_connections.max(1))
            .acquire_timeout(ACQUIRE_TIMEOUT)
            .connect_lazy_with(options.clone());
        let stream_pool = PgPoolOptions::new()
            .max_connections(1)
            .acquire_timeout(ACQUIRE_TIMEOUT)
            .connect_lazy_with(sqlx::ConnectOptions::log_statements(
                options,
                log::LevelFilter::Off,
            ));
        Ok(Self {
            pool,
            stream_pool,
            changes: Arc::default(),
        })
    }

    /// The pool, for callers in this workspace that need raw access (importers, tests).
    pub fn pool(&self) -> &PgPool {
        &self.pool
    }

    pub(crate) fn stream_pool(&self) -> &PgPool {
        &self.stream_pool
    }

    pub(crate) fn change_feed(&self) -> &Arc<events::ChangeFeed> {
        &self.changes
    }
}

#[async_trait]
impl Store for PgStore {
    fn backend(&self) -> &'static str {
        "postgres"
    }

    fn pool_use(&self) -> skillbridge_domain::store::PoolUse {
        skillbridge_domain::store::PoolUse {
            open: self.pool.size(),
            idle: u32::try_from(self.pool.num_idle()).unwrap_or(u32::MAX),
            max: self.pool.options().get_max_connections(),
        }
    }

    async fn migrate(&self) -> StoreResult<()> {
        schema::migrate(&MIGRATOR, &self.pool).await
    }

    async fn readiness(&self) -> Readiness {
        schema::readiness(&MIGRATOR, &self.pool).await
    }

    async fn close(&self) {
        self.changes.stop();
        self.stream_pool.close().await;
        self.pool.close().await;
    }
}

/// An error while connecting: every failure to reach or log in to the server is
/// `Unavailable`, with sqlx's message (which names the cause) kept as the source.
fn connect_error(err: sqlx::Error) -> StoreError {
    match err {
        sqlx::Error::Configuration(_) => StoreError::Internal(Box::new(err)),
        other => StoreError::Unavailable(Box::new(other)),
    }
}
