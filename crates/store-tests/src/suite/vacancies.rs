use chrono::NaiveDate;
use skillbridge_domain::profile::{Location, Proficiency, Track};
use skillbridge_domain::taxonomy::{ConceptKind, Labels, SkillRecord, SkillType};
use skillbridge_domain::vacancy::{
    ContractType, InclusionSupport, Requirement, Salary, VacancyDetails, VacancyFilter,
    VacancyLanguage, VacancySkill, VacancyStatus,
};
use skillbridge_domain::{
    CefrLevel, LanguageCode, NewOrganisation, OrganisationKind, PageRequest, Role, Store, clock,
};

use super::some_user;

fn details(title: &str) -> VacancyDetails {
    VacancyDetails {
        title: title.into(),
        description: "Care for older people".into(),
        occupation_id: None,
        location: Location {
            place_name: Some("Linz".into()),
            country_code: Some("AT".into()),
            ..Location::default()
        },
        remote: false,
        contract_type: ContractType::Permanent,
        hours_per_week: Some(38.5),
        salary: Some(Salary {
            min: Some(250_000),
            max: Some(290_000),
            currency: "EUR".into(),
        }),
        positions: 3,
        starts_on: NaiveDate::from_ymd_opt(2027, 2, 1),
        ends_on: None,
        closes_on: NaiveDate::from_ymd_opt(2027, 1, 15),
        visa_sponsorship: true,
        inclusion_support: vec![
            InclusionSupport::LanguageSupport,
            InclusionSupport::Childcare,
        ],
        tracks: vec![Track::Women],
        skills: vec![],
        languages: vec![VacancyLanguage {
            language: LanguageCode::parse("de").unwrap(),
            min_level: CefrLevel::B1,
        }],
    }
}

pub async fn vacancies_are_created_transitioned_and_listed(store: &dyn Store) {
    let owner = some_user(store, Role::Employer).await;
    let organisation = store
        .create_organisation(
            NewOrganisation {
                kind: OrganisationKind::Employer,
                name: "Care Home".into(),
                country_code: None,
                website: None,
            },
            owner.id,
        )
        .await
        .unwrap();
    let mut import = store.begin_taxonomy_import().await.unwrap();
    import
        .upsert_skills(&[SkillRecord {
            uri: "http://data.europa.eu/esco/skill/test-care".into(),
            kind: ConceptKind::Skill,
            skill_type: Some(SkillType::SkillCompetence),
            reuse_level: None,
            status: None,
            modified_at: None,
            labels: Labels {
                lang: "en".into(),
                preferred: "care".into(),
                alt: vec![],
                hidden: vec![],
                description: None,
            },
        }])
        .await
        .unwrap();
    import.commit().await.unwrap();
    let care = store
        .skill_by_uri("http://data.europa.eu/esco/skill/test-care")
        .await
        .unwrap()
        .unwrap();

    let mut first = details("Care assistant");
    first.skills = vec![VacancySkill {
        skill_id: care.id,
        requirement: Requirement::Essential,
        min_proficiency: Some(Proficiency::Intermediate),
    }];
    let created = store.create_vacancy(organisation.id, &first).await.unwrap();
    assert_eq!(created.status, VacancyStatus::Draft);
    assert_eq!(created.salary, first.salary);
    assert_eq!(
        store.vacancies_by_ids(&[created.id]).await.unwrap(),
        vec![created.clone()]
    );
    let skills = store.vacancy_skills(&[created.id]).await.unwrap();
    assert_eq!(skills, vec![(created.id, first.skills[0].clone())]);
    assert_eq!(
        store.vacancy_languages(&[created.id]).await.unwrap().len(),
        1
    );
    assert_eq!(store.vacancy_support(&[created.id]).await.unwrap().len(), 2);
    assert_eq!(
        store.vacancy_tracks(&[created.id]).await.unwrap(),
        vec![(created.id, Track::Women)]
    );

    let now = clock::now();
    let open = store
        .transition_vacancy(created.id, VacancyStatus::Draft, VacancyStatus::Open, now)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (open.status, open.published_at),
        (VacancyStatus::Open, Some(now))
    );
    assert_eq!(
        store
            .transition_vacancy(created.id, VacancyStatus::Draft, VacancyStatus::Open, now)
            .await
            .unwrap(),
        None,
        "only a draft can be published"
    );

    for title in ["Night nurse", "Cook", "Driver"] {
        store
            .create_vacancy(organisation.id, &details(title))
            .await
            .unwrap();
    }
    let mut after = None;
    let mut titles = Vec::new();
    loop {
        let page = store
            .find_vacancies(
                &VacancyFilter {
                    organisation: Some(organisation.id),
                    ..Default::default()
                },
                &PageRequest { first: 2, after },
            )
            .await
            .unwrap();
        assert_eq!(page.total_count, 4);
        titles.extend(page.items.iter().map(|(_, v)| v.title.clone()));
        if !page.has_next_page {
            break;
        }
        after = page.items.last().map(|(p, _)| p.clone());
    }
    assert_eq!(
        titles,
        ["Driver", "Cook", "Night nurse", "Care assistant"],
        "newest first, each once"
    );
    let public = store
        .find_vacancies(
            &VacancyFilter {
                statuses: vec![VacancyStatus::Open],
                ..Default::default()
            },
            &PageRequest {
                first: 10,
                after: None,
            },
        )
        .await
        .unwrap();
    assert_eq!(public.items.len(), 1, "drafts are not listed as open");
}

pub async fn vacancies_are_edited_while_draft_or_open(store: &dyn Store) {
    let owner = some_user(store, Role::Employer).await;
    let organisation = store
        .create_organisation(
            NewOrganisation {
                kind: OrganisationKind::Employer,
                name: "Hotel".into(),
                country_code: None,
                website: None,
            },
            owner.id,
        )
        .await
        .unwrap();
    let editable = [VacancyStatus::Draft, VacancyStatus::Open];
    let created = store
        .create_vacancy(organisation.id, &details("Cook"))
        .await
        .unwrap();

    let mut changed = details("Head cook");
    changed.salary = None;
    changed.contract_type = ContractType::Seasonal;
    changed.ends_on = NaiveDate::from_ymd_opt(2027, 9, 30);
    changed.tracks = vec![Track::Youth];
    changed.inclusion_support = vec![InclusionSupport::Mentoring];
    changed.languages = vec![VacancyLanguage {
        language: LanguageCode::parse("fr").unwrap(),
        min_level: CefrLevel::A2,
    }];
    let updated = store
        .update_vacancy(created.id, &editable, &changed)
        .await
        .unwrap()
        .expect("a draft is editable");
    assert_eq!(updated.title, "Head cook");
    assert_eq!(updated.salary, None);
    assert_eq!(updated.ends_on, NaiveDate::from_ymd_opt(2027, 9, 30));
    assert_eq!(
        store.vacancies_by_ids(&[created.id]).await.unwrap()[0].ends_on,
        updated.ends_on,
        "the end date is read back"
    );
    assert_eq!(updated.status, VacancyStatus::Draft);
    assert_eq!(updated.created_at, created.created_at);
    assert_eq!(
        store.vacancy_tracks(&[created.id]).await.unwrap(),
        vec![(created.id, Track::Youth)],
        "child rows are replaced"
    );
    assert_eq!(
        store.vacancy_support(&[created.id]).await.unwrap(),
        vec![(created.id, InclusionSupport::Mentoring)]
    );
    let languages = store.vacancy_languages(&[created.id]).await.unwrap();
    assert_eq!(languages.len(), 1);
    assert_eq!(languages[0].1.language.as_str(), "fr");

    store
        .transition_vacancy(
            created.id,
            VacancyStatus::Draft,
            VacancyStatus::Closed,
            clock::now(),
        )
        .await
        .unwrap();
    assert_eq!(
        store
            .update_vacancy(created.id, &editable, &details("Too late"))
            .await
            .unwrap(),
        None,
        "a closed vacancy is not edited"
    );
    assert_eq!(
        store.vacancies_by_ids(&[created.id]).await.unwrap()[0].title,
        "Head cook"
    );
}
