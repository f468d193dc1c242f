//! ESCO skill search quality (crates/search-tests/src/esco.rs) on tantivy: exact, one-typo
//! and half-prefix queries for each starter skill's English preferred label put the skill
//! in the top 5 for at least 95%, 85% and 80% of skills.

#[tokio::test]
async fn exact_typo_and_half_prefix_queries_find_the_skill() {
    let index = skillbridge_search_tantivy::TantivyIndex::in_memory().unwrap();
    skillbridge_search_tests::esco::esco_accuracy(&index).await;
}
