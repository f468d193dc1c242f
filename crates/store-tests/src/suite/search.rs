use std::time::Duration;

use skillbridge_domain::Store;
use skillbridge_domain::events::Event;
use skillbridge_domain::search::DocumentKind;
use skillbridge_domain::taxonomy::{Labels, OccupationRecord};

/// How long the import's changes may take to settle (a deadline, not a sleep).
const DEADLINE: Duration = Duration::from_secs(15);

/// An occupation with a URI of its own and English labels.
fn occupation(preferred: &str, alt: &[&str], hidden: &[&str]) -> OccupationRecord {
    let owned = |labels: &[&str]| labels.iter().map(|l| (*l).to_owned()).collect();
    OccupationRecord {
        uri: format!(
            "http://data.europa.eu/esco/occupation/{}",
            uuid::Uuid::now_v7()
        ),
        isco_code: None,
        status: None,
        regulated_profession_note: None,
        modified_at: None,
        labels: Labels {
            lang: "en".into(),
            preferred: preferred.into(),
            alt: owned(alt),
            hidden: owned(hidden),
            description: None,
        },
    }
}

pub async fn concept_texts_hold_hidden_labels_for_search_only(store: &dyn Store) {
    let record = occupation(
        "specialised doctor",
        &["medical specialist"],
        &["urologist"],
    );
    let mut import = store.begin_taxonomy_import().await.unwrap();
    import
        .upsert_occupations(std::slice::from_ref(&record))
        .await
        .unwrap();
    import.commit().await.unwrap();
    let id = store
        .occupation_by_uri(&record.uri)
        .await
        .unwrap()
        .unwrap()
        .id;

    let mut texts: Vec<(String, bool)> = store
        .concept_texts(DocumentKind::Occupation, &[*id.as_uuid()])
        .await
        .unwrap()
        .into_iter()
        .map(|(_, t)| (t.text, t.primary))
        .collect();
    texts.sort();
    assert_eq!(
        texts,
        [
            ("medical specialist".to_owned(), false),
            ("specialised doctor".to_owned(), true),
            ("urologist".to_owned(), false),
        ],
        "search reads every label, hidden ones as other names"
    );
    let shown: Vec<String> = store
        .occupation_alt_labels(&[id], "en")
        .await
        .unwrap()
        .into_iter()
        .map(|(_, l)| l)
        .collect();
    assert_eq!(shown, ["medical specialist"], "hidden labels are not shown");
}

pub async fn an_import_records_its_search_changes_and_positions_move_forward(store: &dyn Store) {
    let head = store.change_head().await.unwrap();
    // Importing concepts records a search change naming each, in the same transaction.
    let records: Vec<OccupationRecord> = (0..60)
        .map(|n| occupation(&format!("occupation {n}"), &[], &[]))
        .collect();
    let mut import = store.begin_taxonomy_import().await.unwrap();
    import.upsert_occupations(&records).await.unwrap();
    import.commit().await.unwrap();
    let mut ids = Vec::new();
    for record in &records {
        ids.push(
            *store
                .occupation_by_uri(&record.uri)
                .await
                .unwrap()
                .unwrap()
                .id
                .as_uuid(),
        );
    }

    // Read as a follower does, once they have settled (other tests' too on PostgreSQL).
    let follower = store.follow_changes(head).await.unwrap();
    let mut named = Vec::new();
    let mut last = head;
    let mut changes = std::pin::pin!(follower);
    while !ids.iter().all(|id| named.contains(id)) {
        let change = tokio::time::timeout(DEADLINE, futures::StreamExt::next(&mut changes))
            .await
            .expect("the import's changes within the deadline")
            .unwrap()
            .unwrap();
        last = change.position;
        if let Event::SearchDocuments {
            document_kind: DocumentKind::Occupation,
            ids,
        } = change.event
        {
            named.extend(ids);
        }
    }

    // Each index has its own position, which only moves forward.
    let index = format!("test index {}", uuid::Uuid::now_v7());
    assert_eq!(store.search_position(&index).await.unwrap(), None);
    let now = skillbridge_domain::clock::now();
    store.save_search_position(&index, last, now).await.unwrap();
    store.save_search_position(&index, head, now).await.unwrap();
    assert_eq!(store.search_position(&index).await.unwrap(), Some(last));
    let other = format!("test index {}", uuid::Uuid::now_v7());
    assert_eq!(store.search_position(&other).await.unwrap(), None);
    // A follower at the head is behind by nothing it has not read; one that read nothing
    // is behind by every change kept.
    let everything = store.change_lag(None).await.unwrap();
    assert!(everything.pending >= 60_u64.div_ceil(500), "{everything:?}");
    assert!(everything.oldest.is_some());
    let behind = store.change_lag(Some(head)).await.unwrap();
    assert!(behind.pending >= 1 && behind.pending <= everything.pending);
}
