//! The store suite on SQLite, plus what only SQLite needs checking.

use skillbridge_domain::{ReadinessCheck, Store};
use skillbridge_store_sqlite::{DATABASE_FILE, SqliteStore};

skillbridge_store_tests::store_suite!(skillbridge_store_tests::sqlite());

#[tokio::test]
async fn opens_in_wal_mode_with_foreign_keys_on() {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open_file(&dir.path().join(DATABASE_FILE), 2)
        .await
        .unwrap();
    let (mode,): (String,) = sqlx::query_as("PRAGMA journal_mode")
        .fetch_one(store.pool())
        .await
        .unwrap();
    assert_eq!(mode, "wal");
    let (fk,): (i64,) = sqlx::query_as("PRAGMA foreign_keys")
        .fetch_one(store.pool())
        .await
        .unwrap();
    assert_eq!(fk, 1);
}

#[tokio::test]
async fn an_unmigrated_database_is_not_ready() {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open_file(&dir.path().join(DATABASE_FILE), 2)
        .await
        .unwrap();
    let readiness = store.readiness().await;
    assert_eq!(readiness.database, ReadinessCheck::Ok);
    assert!(matches!(readiness.migrations, ReadinessCheck::Failing(_)));
    assert!(!readiness.is_ready());
}
