use skillbridge_domain::career::{
    ExperienceKind, MAX_QUALIFICATIONS, Qualification, RecognitionStatus, WorkExperience,
};
use skillbridge_domain::profile::ProfileDetails;
use skillbridge_domain::taxonomy::{Labels, OccupationRecord};
use skillbridge_domain::{OccupationId, ProfileId, Role, Store, StoreError};

use super::some_user;

async fn occupations(store: &dyn Store, names: &[&str]) -> Vec<OccupationId> {
    let mut import = store.begin_taxonomy_import().await.unwrap();
    let records: Vec<OccupationRecord> = names
        .iter()
        .map(|name| OccupationRecord {
            uri: format!("http://data.europa.eu/esco/occupation/{name}"),
            isco_code: None,
            status: None,
            regulated_profession_note: None,
            modified_at: None,
            labels: Labels {
                lang: "en".into(),
                preferred: (*name).into(),
                alt: vec![],
                hidden: vec![],
                description: None,
            },
        })
        .collect();
    import.upsert_occupations(&records).await.unwrap();
    import.commit().await.unwrap();
    let mut ids = Vec::new();
    for record in &records {
        ids.push(
            store
                .occupation_by_uri(&record.uri)
                .await
                .unwrap()
                .unwrap()
                .id,
        );
    }
    ids
}

async fn profile(store: &dyn Store) -> ProfileId {
    let user = some_user(store, Role::Migrant).await;
    store
        .save_profile_of_user(user.id, &ProfileDetails::new("Oksana".into()))
        .await
        .unwrap()
        .id
}

fn qualification(title: &str) -> Qualification {
    Qualification {
        id: uuid::Uuid::now_v7(),
        title: title.into(),
        eqf_level: Some(5),
        country_code: Some("UA".into()),
        recognition_status: RecognitionStatus::NotStarted,
    }
}

pub async fn qualifications_are_added_changed_capped_and_removed(store: &dyn Store) {
    let mine = profile(store).await;
    let other = profile(store).await;
    let first = qualification("Junior nurse diploma");
    let second = qualification("Forklift licence");
    assert!(store.add_qualification(mine, &first).await.unwrap());
    assert!(store.add_qualification(mine, &second).await.unwrap());
    assert_eq!(
        store.qualifications(mine).await.unwrap(),
        vec![first.clone(), second.clone()],
        "in the order added"
    );

    let mut recognised = first.clone();
    recognised.recognition_status = RecognitionStatus::Recognised;
    recognised.eqf_level = None;
    assert!(store.update_qualification(mine, &recognised).await.unwrap());
    assert!(
        !store.update_qualification(other, &second).await.unwrap(),
        "another profile's entry is not found"
    );
    assert_eq!(store.qualifications(mine).await.unwrap()[0], recognised);
    assert!(store.qualifications(other).await.unwrap().is_empty());

    assert!(!store.remove_qualification(other, first.id).await.unwrap());
    assert!(store.remove_qualification(mine, first.id).await.unwrap());
    assert!(!store.remove_qualification(mine, first.id).await.unwrap());
    assert_eq!(
        store.qualifications(mine).await.unwrap(),
        vec![second.clone()]
    );

    for i in 1..MAX_QUALIFICATIONS {
        assert!(
            store
                .add_qualification(mine, &qualification(&format!("Q{i}")))
                .await
                .unwrap()
        );
    }
    assert!(
        !store
            .add_qualification(mine, &qualification("one too many"))
            .await
            .unwrap(),
        "the cap holds"
    );
    assert_eq!(
        store.qualifications(mine).await.unwrap().len(),
        MAX_QUALIFICATIONS
    );
}

pub async fn experience_and_desired_occupations(store: &dyn Store) {
    let mine = profile(store).await;
    let ids = occupations(store, &["welder", "baker", "nurse"]).await;
    let welding = WorkExperience {
        id: uuid::Uuid::now_v7(),
        occupation_id: Some(ids[0]),
        title: None,
        kind: ExperienceKind::Waged,
        years: 4.5,
        country_code: Some("SY".into()),
    };
    let bakery = WorkExperience {
        id: uuid::Uuid::now_v7(),
        occupation_id: None,
        title: Some("Family bakery".into()),
        kind: ExperienceKind::Unpaid,
        years: 10.0,
        country_code: None,
    };
    assert!(store.add_experience(mine, &welding).await.unwrap());
    assert!(store.add_experience(mine, &bakery).await.unwrap());
    let mut longer = welding.clone();
    longer.years = 5.0;
    longer.kind = ExperienceKind::SelfEmployed;
    assert!(store.update_experience(mine, &longer).await.unwrap());
    assert_eq!(
        store.experiences(mine).await.unwrap(),
        vec![longer.clone(), bakery.clone()]
    );

    let mut dangling = welding.clone();
    dangling.id = uuid::Uuid::now_v7();
    dangling.occupation_id = Some(OccupationId::new());
    assert!(matches!(
        store.add_experience(mine, &dangling).await,
        Err(StoreError::MissingReference { .. })
    ));
    assert_eq!(
        store.experiences(mine).await.unwrap().len(),
        2,
        "nothing half-written"
    );
    assert!(store.remove_experience(mine, bakery.id).await.unwrap());
    assert_eq!(store.experiences(mine).await.unwrap(), vec![longer]);

    store
        .set_desired_occupations(mine, &[ids[2], ids[0]])
        .await
        .unwrap();
    assert_eq!(
        store.desired_occupations(mine).await.unwrap(),
        vec![ids[2], ids[0]],
        "order kept"
    );
    store
        .set_desired_occupations(mine, &[ids[1]])
        .await
        .unwrap();
    assert_eq!(
        store.desired_occupations(mine).await.unwrap(),
        vec![ids[1]],
        "replaced"
    );
    assert!(matches!(
        store
            .set_desired_occupations(mine, &[ids[0], OccupationId::new()])
            .await,
        Err(StoreError::MissingReference { .. })
    ));
    assert_eq!(
        store.desired_occupations(mine).await.unwrap(),
        vec![ids[1]],
        "a failed replacement leaves the list as it was"
    );
    store.set_desired_occupations(mine, &[]).await.unwrap();
    assert!(store.desired_occupations(mine).await.unwrap().is_empty());
}
