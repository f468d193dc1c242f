//! The shared search suite (crates/search-tests) on tantivy, in memory and on disk.

use skillbridge_search_tantivy::TantivyIndex;
use skillbridge_search_tests as suite;

#[tokio::test]
async fn in_memory() {
    let index = TantivyIndex::in_memory().unwrap();
    suite::all(&index).await;
}

#[tokio::test]
async fn on_disk_survives_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("search");
    let (index, fresh) = TantivyIndex::open(&path).unwrap();
    assert!(fresh);
    let s = suite::skills(&index).await;
    drop(index);
    let (index, fresh) = TantivyIndex::open(&path).unwrap();
    assert!(!fresh, "the same schema version is kept");
    assert_eq!(suite::find(&index, "weldng").await[0].0, s.welding);
    suite::all(&index).await;
}
