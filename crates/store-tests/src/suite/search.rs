use skillbridge_domain::Store;
use skillbridge_domain::search::DocumentKind;
use skillbridge_domain::taxonomy::{Labels, OccupationRecord};

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

pub async fn concurrent_claimers_share_the_outbox_without_overlap(store: &dyn Store) {
    // Importing concepts queues a search change for each, in the same transaction.
    let records: Vec<OccupationRecord> = (0..60)
        .map(|n| occupation(&format!("occupation {n}"), &[], &[]))
        .collect();
    let mut import = store.begin_taxonomy_import().await.unwrap();
    import.upsert_occupations(&records).await.unwrap();
    import.commit().await.unwrap();

    let now = chrono::Utc::now() + chrono::Duration::seconds(1);
    let lease = now + chrono::Duration::seconds(60);
    let claimer = || async {
        let mut mine = Vec::new();
        loop {
            let batch = store.claim_search_changes(7, now, lease).await.unwrap();
            if batch.is_empty() {
                return mine;
            }
            mine.extend(batch.into_iter().map(|e| e.id));
        }
    };
    let (a, b, c, d) = tokio::join!(claimer(), claimer(), claimer(), claimer());
    let mut all: Vec<i64> = [a, b, c, d].concat();
    let claimed = all.len();
    all.sort_unstable();
    all.dedup();
    assert_eq!(all.len(), claimed, "no entry is claimed twice");
    assert!(claimed >= records.len(), "every queued change is claimed");
    assert!(
        store
            .claim_search_changes(100, now, lease)
            .await
            .unwrap()
            .is_empty(),
        "claimed entries wait out their lease"
    );
}
