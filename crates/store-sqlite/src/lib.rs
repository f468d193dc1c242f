//! Skillbridge storage on SQLite: the embedded default, one file under the data directory.
//!
//! WAL journal so readers never wait for the writer, a busy timeout so concurrent writers
//! queue instead of failing, and foreign keys on (SQLite leaves them off by default).

// The repositories are shared with the other store: written once in `crates/store-sql`
// (see its README) and compiled here against this crate's concrete types.
mod dialect {
    use chrono::{DateTime, Utc};

    pub(crate) type Db = sqlx::Sqlite;
    pub(crate) type DbStore = super::SqliteStore;
    /// Appended to text in comparisons and `ORDER BY` so that order is byte-wise.
    pub(crate) const BYTEWISE: &str = "";

    /// Timestamps are RFC 3339 text with a fixed six-digit fraction, so that text order is
    /// time order (sqlx's own encoding varies the number of digits).
    pub(crate) fn timestamp(at: &DateTime<Utc>) -> String {
        at.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string()
    }

    /// Starts a transaction that holds the database's write lock from the start, so that
    /// what it reads stays true until it commits (a deferred transaction would take the
    /// lock at its first write, and fail there if another writer came first).
    pub(crate) async fn begin_locked(
        pool: &sqlx::Pool<Db>,
    ) -> Result<sqlx::Transaction<'static, Db>, sqlx::Error> {
        pool.begin_with("BEGIN IMMEDIATE").await
    }
    /// Appended to a SELECT of a row that the transaction changes based on what it read
    /// (SQLite needs nothing: `begin_locked` holds the only write lock).
    pub(crate) const FOR_UPDATE: &str = "";

    /// One writer at a time: every recorded change has committed, in id order.
    pub(crate) const SETTLED_TRANSACTIONS: &str = "9223372036854775807";
    /// The last change recorded.
    pub(crate) const CHANGE_HEAD: &str = "SELECT 0, COALESCE(MAX(id), 0) FROM changes";
    /// Nothing to wake: one process owns a SQLite file, and its followers look often.
    pub(crate) const WAKE_FOLLOWERS: Option<&str> = None;
    /// How often a follower looks for changes.
    pub(crate) const CHANGE_POLL: std::time::Duration = std::time::Duration::from_millis(100);

    /// No notifications to listen to.
    pub(crate) async fn listen(
        _: &DbStore,
    ) -> skillbridge_domain::StoreResult<Option<tokio::task::JoinHandle<()>>> {
        Ok(None)
    }
}
#[path = "../../store-sql/modules.rs"]
mod modules;
pub(crate) use modules::*;

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use async_trait::async_trait;
use skillbridge_domain::{Readiness, Store, StoreResult};
use sqlx::migrate::Migrator;
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};

use crate::error::store_error;

static MIGRATOR: Migrator = sqlx::migrate!("../../migrations/sqlite");

/// The file name of the database inside the data directory.
pub const DATABASE_FILE: &str = "skillbridge.db";

/// How long a connection waits for another writer before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a request waits for a free connection.
const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(10);

/// The [`Store`] on SQLite.
#[derive(Clone, Debug)]
pub struct SqliteStore {
    pool: SqlitePool,
    /// A connection of its own for reading the change stream, whose frequent polls stay
    /// out of the statement log (slow ones are still reported).
    stream_pool: SqlitePool,
    /// This process's followers of the change stream.
    changes: std::sync::Arc<events::ChangeFeed>,
}

impl SqliteStore {
    /// Opens (creating if missing) the database file at `path`.
    pub async fn open_file(path: &Path, max_connections: u32) -> StoreResult<Self> {
        Self::open(SqliteConnectOptions::new().filename(path), max_connections).await
    }

    /// Opens a database from a `sqlite:` URL.
    pub async fn open_url(url: &str, max_connections: u32) -> StoreResult<Self> {
        let options = SqliteConnectOptions::from_str(url).map_err(store_error)?;
        Self::open(options, max_connections).await
    }

    async fn open(options: SqliteConnectOptions, max_connections: u32) -> StoreResult<Self> {
        let options = options
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            // NORMAL is durable in WAL mode except for the last transactions before a power
            // loss, and much faster than FULL.
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(BUSY_TIMEOUT);
        let pool = SqlitePoolOptions::new()
            .max_connections(max_connections.max(1))
            .acquire_timeout(ACQUIRE_TIMEOUT)
            .connect_with(options.clone())
            .await
            .map_err(store_error)?;
        let stream_pool = SqlitePoolOptions::new()
            .max_connections(1)
            .acquire_timeout(ACQUIRE_TIMEOUT)
            .connect_lazy_with(sqlx::ConnectOptions::log_statements(
                options,
                log::LevelFilter::Off,
            ));
        Ok(Self {
            pool,
            stream_pool,
            changes: Default::default(),
        })
    }

    /// The pool, for callers in this workspace that need raw access (importers, tests).
    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    pub(crate) fn stream_pool(&self) -> &SqlitePool {
        &self.stream_pool
    }

    pub(crate) fn change_feed(&self) -> &std::sync::Arc<events::ChangeFeed> {
        &self.changes
    }
}

#[async_trait]
impl Store for SqliteStore {
    fn backend(&self) -> &'static str {
        "sqlite"
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
