//! Isolated, migrated databases for tests: one per test, never shared.

use std::str::FromStr;
use std::sync::Arc;

use skillbridge_domain::Store;
use skillbridge_store_postgres::PgStore;
use skillbridge_store_sqlite::{DATABASE_FILE, SqliteStore};
use sqlx::postgres::PgConnectOptions;
use sqlx::{Connection, Executor, PgConnection};
use tempfile::TempDir;

/// The variable that points the PostgreSQL half of the suites at a server.
pub const TEST_DATABASE_URL: &str = "TEST_DATABASE_URL";

/// A migrated store of its own, and what must be cleaned up after it.
pub struct TestStore {
    store: Arc<dyn Store>,
    cleanup: Cleanup,
}

enum Cleanup {
    /// The SQLite file lives in this directory, removed on drop.
    Directory(#[allow(dead_code)] TempDir),
    Schema(PgTestSchema),
}

impl TestStore {
    pub fn store(&self) -> &dyn Store {
        self.store.as_ref()
    }

    pub fn shared(&self) -> Arc<dyn Store> {
        self.store.clone()
    }

    /// Closes the store and removes its database.
    pub async fn finish(self) {
        self.store.close().await;
        if let Cleanup::Schema(schema) = self.cleanup {
            schema.drop().await;
        }
    }
}

/// A fresh SQLite database file, migrated. Always available.
pub async fn sqlite() -> Option<TestStore> {
    let dir = tempfile::tempdir().expect("create a temporary directory");
    let store = SqliteStore::open_file(&dir.path().join(DATABASE_FILE), 4)
        .await
        .expect("open SQLite");
    store.migrate().await.expect("migrate SQLite");
    Some(TestStore {
        store: Arc::new(store),
        cleanup: Cleanup::Directory(dir),
    })
}

/// A fresh PostgreSQL schema, migrated; `None` (with a notice) when `TEST_DATABASE_URL`
/// is not set.
pub async fn postgres() -> Option<TestStore> {
    let schema = PgTestSchema::create().await?;
    let store = PgStore::connect_with(schema.connect_options(), 4)
        .await
        .expect("connect to PostgreSQL");
    store.migrate().await.expect("migrate PostgreSQL");
    Some(TestStore {
        store: Arc::new(store),
        cleanup: Cleanup::Schema(schema),
    })
}

/// A schema of its own in the database that `TEST_DATABASE_URL` names.
pub struct PgTestSchema {
    base_url: String,
    name: String,
}

impl PgTestSchema {
    /// Creates the schema, or returns `None` with a notice when PostgreSQL is not configured.
    pub async fn create() -> Option<Self> {
        let Ok(base_url) = std::env::var(TEST_DATABASE_URL) else {
            eprintln!("notice: {TEST_DATABASE_URL} is not set; skipping the PostgreSQL run");
            return None;
        };
        let name = format!("sbtest_{}", uuid::Uuid::now_v7().simple());
        let mut conn = PgConnection::connect(&base_url)
            .await
            .unwrap_or_else(|err| panic!("connect to {TEST_DATABASE_URL}: {err}"));
        conn.execute(format!("CREATE SCHEMA {name}").as_str())
            .await
            .expect("create test schema");
        conn.close().await.ok();
        Some(Self { base_url, name })
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// A database URL whose connections use only this schema.
    pub fn url(&self) -> String {
        let mut url = url::Url::parse(&self.base_url).expect("TEST_DATABASE_URL is a URL");
        url.query_pairs_mut()
            .append_pair("options", &format!("-c search_path={}", self.name));
        url.into()
    }

    pub fn connect_options(&self) -> PgConnectOptions {
        PgConnectOptions::from_str(&self.url()).expect("valid PostgreSQL URL")
    }

    /// Drops the schema and everything in it.
    pub async fn drop(self) {
        if let Ok(mut conn) = PgConnection::connect(&self.base_url).await {
            let sql = format!("DROP SCHEMA IF EXISTS {} CASCADE", self.name);
            if let Err(err) = conn.execute(sql.as_str()).await {
                eprintln!("warning: could not drop test schema {}: {err}", self.name);
            }
            conn.close().await.ok();
        }
    }
}
