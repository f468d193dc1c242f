//! The shared search suite (crates/search-tests) against a real Meilisearch server, when
//! `MEILISEARCH_URL` names one (`MEILISEARCH_API_KEY` its key, if it has one); skipped with
//! a notice otherwise. Each run uses indexes of its own and deletes them afterwards.

use skillbridge_search_meili::MeiliIndex;
use skillbridge_search_tests as suite;

async fn server() -> Option<MeiliIndex> {
    let Ok(url) = std::env::var("MEILISEARCH_URL") else {
        eprintln!("notice: MEILISEARCH_URL is not set; skipping the Meilisearch suite");
        return None;
    };
    let key = std::env::var("MEILISEARCH_API_KEY").ok();
    let prefix = format!("sbtest_{}", uuid::Uuid::now_v7().simple());
    Some(
        MeiliIndex::connect(&url, key.as_deref(), &prefix)
            .await
            .unwrap_or_else(|err| panic!("Meilisearch at {url}: {err}")),
    )
}

#[tokio::test]
async fn the_shared_suite() {
    let Some(index) = server().await else {
        return;
    };
    suite::all(&index).await;
    index.drop_indexes().await.unwrap();
}

#[tokio::test]
async fn settings_are_applied_again_without_harm() {
    let Some(index) = server().await else {
        return;
    };
    let s = suite::skills(&index).await;
    // A second start on the same indexes keeps the documents.
    let url = std::env::var("MEILISEARCH_URL").unwrap();
    let key = std::env::var("MEILISEARCH_API_KEY").ok();
    let prefix = index.prefix().to_owned();
    let again = MeiliIndex::connect(&url, key.as_deref(), &prefix)
        .await
        .unwrap();
    assert_eq!(suite::find(&again, "weldng").await[0].0, s.welding);
    again.drop_indexes().await.unwrap();
}

#[tokio::test]
async fn esco_skill_search_quality() {
    let Some(index) = server().await else {
        return;
    };
    suite::esco::esco_accuracy(&index).await;
    index.drop_indexes().await.unwrap();
}
