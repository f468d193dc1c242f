use chrono::NaiveDate;
use skillbridge_domain::Store;
use skillbridge_domain::shortage::{NewShortage, Region, is_shortage};

fn entry(region: &str, isco: &str, severity: &str, to: Option<&str>) -> NewShortage {
    NewShortage {
        region: Region::parse(region).unwrap(),
        isco_code: isco.into(),
        occupation_uri: String::new(),
        occupation_label: "nursing professionals".into(),
        severity: severity.into(),
        source: "ELA EURES report 2024".into(),
        valid_from: "2024-01-01".parse().unwrap(),
        valid_to: to.map(|t| t.parse().unwrap()),
    }
}

pub async fn shortage_lists_upsert_by_their_natural_key(store: &dyn Store) {
    let first = [
        entry("EU", "2221", "WIDESPREAD", Some("2025-12-31")),
        entry("DE-BY", "5120", "SEVERE", None),
    ];
    assert_eq!(store.upsert_shortages(&first).await.unwrap(), 2);
    // The same list again, with a revised severity: updated, not duplicated.
    let revised = [entry("EU", "2221", "SEVERE", Some("2025-12-31"))];
    store.upsert_shortages(&revised).await.unwrap();

    let regions = Region::parse("DE-BY").unwrap().covering();
    let listed = store.shortages_in(&regions).await.unwrap();
    assert_eq!(listed.len(), 2);
    let eu = listed
        .iter()
        .find(|s| s.entry.region.as_str() == "EU")
        .unwrap();
    assert_eq!(eu.entry.severity, "SEVERE");
    assert!(
        store
            .shortages_in(&[Region::parse("FR-75").unwrap()])
            .await
            .unwrap()
            .is_empty()
    );

    let entries: Vec<_> = listed;
    let day = NaiveDate::from_ymd_opt(2025, 6, 1).unwrap();
    let bavaria = Region::parse("DE-BY").unwrap();
    assert!(is_shortage(&entries, "x", Some("2221"), &bavaria, day));
    assert!(is_shortage(&entries, "x", Some("5120"), &bavaria, day));
    assert!(!is_shortage(
        &entries,
        "x",
        Some("2221"),
        &bavaria,
        NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()
    ));
}
