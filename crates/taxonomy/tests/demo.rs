//! seed-demo against real stores (SQLite always, PostgreSQL when configured): it writes
//! what it says, every record passes the same validation as API input, shortage
//! occupations come up, a seed always gives the same data, and a second run is refused.

use chrono::NaiveDate;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use skillbridge_domain::career::validate_experience;
use skillbridge_domain::course::{validate_cohort, validate_course};
use skillbridge_domain::profile::validate_details;
use skillbridge_domain::shortage::{NewShortage, Region};
use skillbridge_domain::vacancy::{VacancyFilter, VacancyStatus, validate_vacancy};
use skillbridge_domain::{OrganisationId, PageRequest, Store};
use skillbridge_store_tests::TestStore;
use skillbridge_taxonomy::demo::{SeedOptions, generate, seed, vocabulary};
use skillbridge_taxonomy::{ImportError, starter};

async fn stores() -> Vec<TestStore> {
    let mut stores = vec![skillbridge_store_tests::sqlite().await.unwrap()];
    stores.extend(skillbridge_store_tests::postgres().await);
    stores
}

/// The starter taxonomy and an EU-wide shortage list in force, like a real install.
async fn prepare(store: &dyn Store) {
    starter::load_if_empty(store).await.unwrap();
    let entries: Vec<NewShortage> = ["5120", "2221", "7212", "2512"]
        .iter()
        .map(|isco| NewShortage {
            region: Region::parse("EU").unwrap(),
            isco_code: (*isco).into(),
            occupation_uri: String::new(),
            occupation_label: format!("ISCO {isco}"),
            severity: "SEVERE".into(),
            source: "demo test".into(),
            valid_from: NaiveDate::from_ymd_opt(2020, 1, 1).unwrap(),
            valid_to: None,
        })
        .collect();
    store.upsert_shortages(&entries).await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn seeds_what_it_says_and_refuses_a_second_run() {
    for test_store in stores().await {
        let store = test_store.store();
        prepare(store).await;
        let options = SeedOptions {
            profiles: 1_200,
            vacancies: 300,
            courses: 40,
            seed: 7,
        };
        let report = seed(store, &options, |_| {}).await.unwrap();
        assert_eq!(
            (report.profiles, report.vacancies, report.courses),
            (1_200, 300, 40)
        );
        assert!(report.shortage_occupations > 0, "{report:?}");

        let all = VacancyFilter {
            statuses: VacancyStatus::ALL.to_vec(),
            ..Default::default()
        };
        let page = store
            .find_vacancies(
                &all,
                &PageRequest {
                    first: 1,
                    after: None,
                },
            )
            .await
            .unwrap();
        assert_eq!(page.total_count, 300);
        let open = VacancyFilter {
            statuses: vec![VacancyStatus::Open],
            ..Default::default()
        };
        let open = store
            .find_vacancies(
                &open,
                &PageRequest {
                    first: 100,
                    after: None,
                },
            )
            .await
            .unwrap();
        assert!(
            open.total_count > 200,
            "most are open: {}",
            open.total_count
        );
        let (_, published) = &open.items[0];
        assert!(published.published_at.is_some(), "open ones are published");
        let ids: Vec<_> = open.items.iter().map(|(_, v)| v.id).collect();
        let skills = store.vacancy_skills(&ids).await.unwrap();
        assert!(
            skills.len() >= 3 * ids.len(),
            "vacancies take their occupation's skills"
        );

        let migrant = skillbridge_domain::Email::parse("demo-migrant-1199@example.org").unwrap();
        let user = store
            .user_by_email(&migrant)
            .await
            .unwrap()
            .expect("the last person");
        let profile = store
            .profile_of_user(user.id)
            .await
            .unwrap()
            .expect("with a profile");
        assert!(!store.profile_skills(profile.id).await.unwrap().is_empty());
        assert!(
            !store
                .profile_languages(profile.id)
                .await
                .unwrap()
                .is_empty()
        );
        assert_eq!(store.experiences(profile.id).await.unwrap().len(), 1);
        // People who chose to be seen consented to sharing, so employers can find them.
        let consents = store
            .consent_history(skillbridge_domain::ConsentSubject::Person(user.id))
            .await
            .unwrap();
        let shares = consents
            .iter()
            .any(|c| c.purpose == skillbridge_domain::ConsentPurpose::SharingWithEmployers);
        assert_eq!(
            shares,
            profile.details.visibility != skillbridge_domain::profile::Visibility::Private
        );
        let findable = store.findable_profiles(None, 2_000).await.unwrap();
        assert!(
            findable.len() > 600,
            "most demo people may be found: {}",
            findable.len()
        );

        let again = seed(store, &options, |_| {}).await;
        assert!(
            matches!(again, Err(ImportError::Nothing(ref m)) if m.contains("already holds demo data")),
            "{again:?}"
        );
        test_store.finish().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn generated_records_are_valid_deterministic_and_realistic() {
    let test_store = skillbridge_store_tests::sqlite().await.unwrap();
    let store = test_store.store();
    prepare(store).await;
    let today = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
    let vocabulary = vocabulary::read(store, today).await.unwrap();
    assert!(
        vocabulary.occupations.len() > 500,
        "{}",
        vocabulary.occupations.len()
    );
    let employers = vec![(OrganisationId::new(), "Employer".to_owned())];
    let providers = vec![OrganisationId::new()];

    let mut rng = ChaCha8Rng::seed_from_u64(3);
    let mut shortage = 0;
    for n in 0..500 {
        let p = generate::profile(&mut rng, &vocabulary, n, today);
        assert_eq!(validate_details(&p.details, today), vec![], "{p:?}");
        for e in &p.experience {
            assert_eq!(validate_experience(e), vec![]);
        }
        assert!(p.languages.iter().any(|l| l.mother_tongue));
        let v = generate::vacancy(&mut rng, &vocabulary, &employers, today);
        assert_eq!(validate_vacancy(&v.details), vec![], "{v:?}");
        assert!(v.details.skills.len() >= 3);
        let occupation = v.details.occupation_id.unwrap();
        shortage += usize::from(
            vocabulary
                .occupations
                .iter()
                .any(|o| o.id == occupation && o.shortage),
        );
        let c = generate::course(&mut rng, &vocabulary, &providers, today);
        assert_eq!(validate_course(&c.details), vec![], "{c:?}");
        for cohort in &c.cohorts {
            assert_eq!(
                validate_cohort(cohort.starts_on, cohort.ends_on, cohort.seats),
                vec![]
            );
        }
    }
    assert!(
        (100..=250).contains(&shortage),
        "about a third of vacancies are in shortage occupations: {shortage} of 500"
    );

    // The same seed, the same records (experience ids are fresh UUIDs).
    let draw = |seed| {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        (0..20)
            .map(|n| {
                let mut p = generate::profile(&mut rng, &vocabulary, n, today);
                p.experience
                    .iter_mut()
                    .for_each(|e| e.id = uuid::Uuid::nil());
                let v = generate::vacancy(&mut rng, &vocabulary, &employers, today);
                format!("{p:?}{v:?}")
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(draw(11), draw(11));
    assert_ne!(draw(11), draw(12));
    test_store.finish().await;
}
