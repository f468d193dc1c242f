use chrono::NaiveDate;
use skillbridge_domain::availability::AvailabilityWindow;
use skillbridge_domain::delegation::{Actor, DEFAULT_SCOPES, DelegationScope};
use skillbridge_domain::profile::{
    Evidence, IntendedStay, NewProfileSkill, Proficiency, ProfileDetails, ProfileLanguage,
    RightToWork, Track, Visibility,
};
use skillbridge_domain::taxonomy::{ConceptKind, Labels, SkillRecord, SkillType};
use skillbridge_domain::{
    CefrLevel, ConsentChannel, ConsentPurpose, ConsentSubject, Email, LanguageCode, PageRequest,
    Role, SkillId, Store, StoreError, TaxonomyImport,
};

use super::some_user;

pub(crate) async fn skill(store: &dyn Store, uri: &str) -> SkillId {
    let mut import = store.begin_taxonomy_import().await.unwrap();
    upsert_skill(import.as_mut(), uri).await;
    import.commit().await.unwrap();
    store.skill_by_uri(uri).await.unwrap().unwrap().id
}

/// A skill named after the last part of its URI, inside `import`.
pub(crate) async fn upsert_skill(import: &mut dyn TaxonomyImport, uri: &str) {
    import
        .upsert_skills(&[SkillRecord {
            uri: uri.into(),
            kind: ConceptKind::Skill,
            skill_type: Some(SkillType::SkillCompetence),
            reuse_level: None,
            status: None,
            modified_at: None,
            labels: Labels {
                lang: "en".into(),
                preferred: uri.rsplit('/').next().unwrap().into(),
                alt: vec![],
                hidden: vec![],
                description: None,
            },
        }])
        .await
        .unwrap();
}

pub async fn profiles_save_read_and_replace(store: &dyn Store) {
    let user = some_user(store, Role::Migrant).await;
    assert_eq!(store.profile_of_user(user.id).await.unwrap(), None);

    let mut details = ProfileDetails::new("Amina Koné".into());
    details.contact_email = Some(Email::parse("amina.private@example.org").unwrap());
    details.birth_year = Some(1998);
    details.country_of_origin = Some("ML".into());
    details.arrival_date = NaiveDate::from_ymd_opt(2023, 4, 1);
    details.right_to_work = RightToWork::Pending;
    details.location.place_name = Some("München".into());
    details.location.country_code = Some("DE".into());
    details.location.region_code = Some("DE-BY".into());
    details.location.latitude = Some(48.137);
    details.location.longitude = Some(11.575);
    details.mobility_radius_km = Some(40);
    details.intended_stay = Some(IntendedStay::Settled);
    details.visibility = Visibility::Anonymised;
    details.tracks = vec![Track::Women, Track::Youth, Track::Women];
    // Two seasons, given out of order: they come back in date order.
    details.availability = vec![
        AvailabilityWindow {
            from: NaiveDate::from_ymd_opt(2028, 6, 1).unwrap(),
            until: None,
        },
        AvailabilityWindow {
            from: NaiveDate::from_ymd_opt(2027, 6, 1).unwrap(),
            until: NaiveDate::from_ymd_opt(2027, 9, 30),
        },
    ];
    let saved = store.save_profile_of_user(user.id, &details).await.unwrap();
    assert_eq!(saved.user_id, Some(user.id));
    assert_eq!(
        saved.details.tracks,
        vec![Track::Youth, Track::Women],
        "sorted, no duplicates"
    );
    let mut seasons = details.availability.clone();
    seasons.sort();
    assert_eq!(saved.details.availability, seasons);

    let read = store.profile_of_user(user.id).await.unwrap().unwrap();
    assert_eq!(read, saved, "read back exactly as written");
    assert_eq!(read.details.location.latitude, Some(48.137));

    let mut changed = details.clone();
    changed.tracks = vec![];
    changed.visibility = Visibility::Private;
    changed.birth_year = None;
    changed.availability = vec![];
    let updated = store.save_profile_of_user(user.id, &changed).await.unwrap();
    assert_eq!(updated.id, saved.id, "one profile per person");
    assert_eq!(updated.created_at, saved.created_at);
    assert_eq!(updated.details.tracks, vec![]);
    assert_eq!(updated.details.birth_year, None);
    assert_eq!(updated.details.availability, vec![], "any time again");
    assert_eq!(
        store.profile_of_user(user.id).await.unwrap().unwrap(),
        updated
    );
}

pub async fn profile_skills_and_languages(store: &dyn Store) {
    let user = some_user(store, Role::Migrant).await;
    let profile = store
        .save_profile_of_user(user.id, &ProfileDetails::new("Omar".into()))
        .await
        .unwrap();
    let welding = skill(store, "http://data.europa.eu/esco/skill/test-welding").await;
    let cooking = skill(store, "http://data.europa.eu/esco/skill/test-cooking").await;
    let add = |skill_id, proficiency| NewProfileSkill {
        skill_id,
        proficiency,
        evidence: Evidence::SelfDeclared,
    };
    store
        .set_profile_skill(profile.id, &add(welding, Proficiency::Basic))
        .await
        .unwrap();
    store
        .set_profile_skill(profile.id, &add(cooking, Proficiency::Advanced))
        .await
        .unwrap();
    store
        .set_profile_skill(profile.id, &add(welding, Proficiency::Expert))
        .await
        .unwrap();
    let skills = store.profile_skills(profile.id).await.unwrap();
    assert_eq!(skills.len(), 2, "set twice is one skill");
    let weld = skills.iter().find(|s| s.skill.id == welding).unwrap();
    assert_eq!(weld.proficiency, Proficiency::Expert);
    assert!(matches!(
        store
            .set_profile_skill(profile.id, &add(SkillId::new(), Proficiency::Basic))
            .await,
        Err(StoreError::MissingReference { .. })
    ));
    // Several at once: all or none.
    let baking = skill(store, "http://data.europa.eu/esco/skill/test-baking").await;
    assert!(matches!(
        store
            .set_profile_skills(
                profile.id,
                &[
                    add(baking, Proficiency::Basic),
                    add(SkillId::new(), Proficiency::Basic)
                ]
            )
            .await,
        Err(StoreError::MissingReference { .. })
    ));
    assert_eq!(
        store.profile_skills(profile.id).await.unwrap().len(),
        2,
        "nothing of a failed batch is written"
    );
    store
        .set_profile_skills(
            profile.id,
            &[
                add(baking, Proficiency::Intermediate),
                add(welding, Proficiency::Advanced),
            ],
        )
        .await
        .unwrap();
    let skills = store.profile_skills(profile.id).await.unwrap();
    assert_eq!(skills.len(), 3);
    assert_eq!(
        skills
            .iter()
            .find(|s| s.skill.id == welding)
            .unwrap()
            .proficiency,
        Proficiency::Advanced
    );
    store
        .remove_profile_skill(profile.id, baking)
        .await
        .unwrap();
    assert!(
        store
            .remove_profile_skill(profile.id, cooking)
            .await
            .unwrap()
    );
    assert!(
        !store
            .remove_profile_skill(profile.id, cooking)
            .await
            .unwrap()
    );
    assert_eq!(store.profile_skills(profile.id).await.unwrap().len(), 1);

    let language = |code, level, mother_tongue| ProfileLanguage {
        language: LanguageCode::parse(code).unwrap(),
        level,
        mother_tongue,
    };
    store
        .set_profile_language(profile.id, &language("ar", CefrLevel::C2, true))
        .await
        .unwrap();
    store
        .set_profile_language(profile.id, &language("de", CefrLevel::A2, false))
        .await
        .unwrap();
    store
        .set_profile_language(profile.id, &language("de", CefrLevel::B1, false))
        .await
        .unwrap();
    let languages = store.profile_languages(profile.id).await.unwrap();
    assert_eq!(
        languages,
        vec![
            language("ar", CefrLevel::C2, true),
            language("de", CefrLevel::B1, false)
        ]
    );
    assert!(
        store
            .remove_profile_language(profile.id, LanguageCode::parse("de").unwrap())
            .await
            .unwrap()
    );
    assert_eq!(store.profile_languages(profile.id).await.unwrap().len(), 1);
}

pub async fn contact_requests_disclose_and_views_are_logged(store: &dyn Store) {
    use skillbridge_domain::disclosure::{ContactStatus, DecidedBy, ProfileView};
    use skillbridge_domain::{NewOrganisation, OrganisationKind, clock};

    let person = some_user(store, Role::Migrant).await;
    let profile = store
        .save_profile_of_user(person.id, &ProfileDetails::new("Lina".into()))
        .await
        .unwrap();
    assert_eq!(
        store.profile_by_id(profile.id).await.unwrap(),
        Some(profile.clone())
    );
    let recruiter = some_user(store, Role::Employer).await;
    let employer = store
        .create_organisation(
            NewOrganisation {
                kind: OrganisationKind::Employer,
                name: "Bakery".into(),
                country_code: None,
                website: None,
            },
            recruiter.id,
        )
        .await
        .unwrap();
    let now = clock::now();
    let request = store
        .create_contact_request(profile.id, employer.id, recruiter.id, "We bake bread.", now)
        .await
        .unwrap();
    assert_eq!(request.status, ContactStatus::Pending);
    assert!(
        matches!(
            store
                .create_contact_request(profile.id, employer.id, recruiter.id, "Again", now)
                .await,
            Err(StoreError::Duplicate { .. })
        ),
        "one pending request per organisation"
    );
    assert!(!store.disclosed_to(profile.id, employer.id).await.unwrap());

    let other_profile = ProfileDetails::new("Other".into());
    let other = some_user(store, Role::Migrant).await;
    let other = store
        .save_profile_of_user(other.id, &other_profile)
        .await
        .unwrap();
    assert_eq!(
        store
            .decide_contact_request(request.id, other.id, true, Actor::person(person.id), now)
            .await
            .unwrap(),
        None,
        "only the addressed profile decides"
    );
    let accepted = store
        .decide_contact_request(request.id, profile.id, true, Actor::person(person.id), now)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(accepted.status, ContactStatus::Accepted);
    assert_eq!(
        accepted.decided_by,
        Some(DecidedBy {
            user: Some(person.id),
            acting_for: None
        })
    );
    assert!(store.disclosed_to(profile.id, employer.id).await.unwrap());
    assert_eq!(
        store
            .decide_contact_request(request.id, profile.id, false, Actor::person(person.id), now)
            .await
            .unwrap(),
        None,
        "decided once"
    );
    store
        .create_contact_request(profile.id, employer.id, recruiter.id, "After", now)
        .await
        .unwrap();
    assert_eq!(
        store
            .contact_requests_for_profile(profile.id, &PageRequest::all())
            .await
            .unwrap()
            .total_count,
        2
    );

    store
        .log_profile_access(
            &[profile.id],
            &[employer.id],
            recruiter.id,
            ProfileView::Card,
            now,
        )
        .await
        .unwrap();
    store
        .log_profile_access(
            &[profile.id],
            &[employer.id],
            recruiter.id,
            ProfileView::Profile,
            now + chrono::Duration::seconds(1),
        )
        .await
        .unwrap();
    let log = store
        .profile_access_log(profile.id, &PageRequest::all())
        .await
        .unwrap()
        .into_values();
    assert_eq!(
        log.iter().map(|a| a.view).collect::<Vec<_>>(),
        [ProfileView::Profile, ProfileView::Card],
        "newest first"
    );
    assert_eq!(log[0].organisation_id, Some(employer.id));

    // A viewer acting for two organisations: one view each, one statement.
    let other_employer = store
        .create_organisation(
            NewOrganisation {
                kind: OrganisationKind::Employer,
                name: "Second Employer".into(),
                country_code: None,
                website: None,
            },
            recruiter.id,
        )
        .await
        .unwrap();
    store
        .log_profile_access(
            &[profile.id, other.id],
            &[employer.id, other_employer.id],
            recruiter.id,
            ProfileView::Card,
            now + chrono::Duration::seconds(2),
        )
        .await
        .unwrap();
    for (person, views) in [(profile.id, 4), (other.id, 2)] {
        let log = store
            .profile_access_log(person, &PageRequest::all())
            .await
            .unwrap()
            .into_values();
        assert_eq!(log.len(), views, "one view per organisation");
        let newest: std::collections::HashSet<_> =
            log.iter().take(2).map(|a| a.organisation_id).collect();
        assert_eq!(newest, [Some(employer.id), Some(other_employer.id)].into());
    }
}

pub async fn delegation_caseload_and_claiming(store: &dyn Store) {
    use skillbridge_domain::{NewOrganisation, OrganisationKind, clock};

    let caseworker = some_user(store, Role::Caseworker).await;
    let centre = store
        .create_organisation(
            NewOrganisation {
                kind: OrganisationKind::SupportOrganisation,
                name: "Welcome Centre".into(),
                country_code: None,
                website: None,
            },
            caseworker.id,
        )
        .await
        .unwrap();
    let now = clock::now();

    // A profile for someone without an account, delegated to the centre, claimable once.
    let mut details = ProfileDetails::new("Yusuf".into());
    details.location.country_code = Some("AT".into());
    let unclaimed = store
        .create_unclaimed_profile(
            &details,
            caseworker.id,
            centre.id,
            "claim-hash",
            now + chrono::Duration::days(30),
        )
        .await
        .unwrap();
    assert_eq!(unclaimed.user_id, None);
    assert_eq!(
        store
            .caseload(centre.id, &PageRequest::all())
            .await
            .unwrap()
            .into_values(),
        vec![unclaimed.clone()]
    );

    let mut edited = unclaimed.details.clone();
    edited.mobility_radius_km = Some(15);
    let saved = store.save_profile(unclaimed.id, &edited).await.unwrap();
    assert_eq!(saved.details.mobility_radius_km, Some(15));
    // Nobody else can act for the person yet: the centre may do everything.
    assert_eq!(
        store.delegations_of_profile(unclaimed.id).await.unwrap()[0].scopes,
        DelegationScope::ALL
    );
    // The person tells the caseworker, on paper, that they consent to matching: kept
    // against the profile until the person claims it.
    let on_paper = store
        .record_consent(
            ConsentSubject::Unclaimed(unclaimed.id),
            ConsentPurpose::Matching,
            true,
            Actor::member(caseworker.id, centre.id),
            ConsentChannel::Paper,
            now,
        )
        .await
        .unwrap();
    assert_eq!(
        store
            .consent_history(ConsentSubject::Unclaimed(unclaimed.id))
            .await
            .unwrap(),
        std::slice::from_ref(&on_paper)
    );
    assert_eq!(
        (on_paper.channel, on_paper.recorded_by, on_paper.acting_for),
        (ConsentChannel::Paper, Some(caseworker.id), Some(centre.id))
    );

    let person = some_user(store, Role::Migrant).await;
    assert_eq!(
        store.claim_profile("wrong", person.id, now).await.unwrap(),
        None
    );
    let claimed = store
        .claim_profile("claim-hash", person.id, now)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(claimed.user_id, Some(person.id));
    assert_eq!(claimed.details.mobility_radius_km, Some(15));
    assert_eq!(
        store
            .consent_history(ConsentSubject::Person(person.id))
            .await
            .unwrap(),
        [on_paper],
        "what the person decided through the caseworker is theirs now"
    );
    assert!(
        store
            .consent_history(ConsentSubject::Unclaimed(unclaimed.id))
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        store.profile_of_user(person.id).await.unwrap().unwrap().id,
        unclaimed.id
    );
    assert_eq!(
        store
            .claim_profile("claim-hash", person.id, now)
            .await
            .unwrap(),
        None,
        "single use"
    );

    // The person controls the delegation from then on.
    assert_eq!(
        store
            .delegations_of_profile(claimed.id)
            .await
            .unwrap()
            .len(),
        1
    );
    assert!(
        store
            .revoke_delegation(claimed.id, centre.id, now)
            .await
            .unwrap()
    );
    assert!(
        !store
            .revoke_delegation(claimed.id, centre.id, now)
            .await
            .unwrap()
    );
    let caseload = store
        .caseload(centre.id, &PageRequest::all())
        .await
        .unwrap();
    assert!(caseload.items.is_empty() && caseload.total_count == 0);
    let again = store
        .grant_delegation(
            claimed.id,
            centre.id,
            &DEFAULT_SCOPES,
            now + chrono::Duration::hours(1),
        )
        .await
        .unwrap();
    assert_eq!(
        again.granted_at,
        now + chrono::Duration::hours(1),
        "a new grant after revocation"
    );
    assert_eq!(again.scopes, DEFAULT_SCOPES);
    let same = store
        .grant_delegation(
            claimed.id,
            centre.id,
            &[DelegationScope::Apply, DelegationScope::Enrol],
            now + chrono::Duration::hours(2),
        )
        .await
        .unwrap();
    assert_eq!(
        same.granted_at, again.granted_at,
        "granting an active delegation keeps its time"
    );
    assert_eq!(
        same.scopes,
        [
            DelegationScope::View,
            DelegationScope::Apply,
            DelegationScope::Enrol
        ],
        "and changes its scopes, VIEW always among them"
    );
    assert_eq!(
        store.delegations_of_profile(claimed.id).await.unwrap(),
        [same]
    );
    assert_eq!(
        store
            .caseload(centre.id, &PageRequest::all())
            .await
            .unwrap()
            .into_values()
            .len(),
        1
    );
    let none_yet = PageRequest {
        first: 0,
        after: None,
    };
    let counted = store.caseload(centre.id, &none_yet).await.unwrap();
    assert_eq!(
        (
            counted.items.len(),
            counted.total_count,
            counted.has_next_page
        ),
        (0, 1, true),
        "an empty page still counts the caseload"
    );
    assert!(matches!(
        store
            .save_profile(skillbridge_domain::ProfileId::new(), &edited)
            .await,
        Err(StoreError::NotFound { .. })
    ));
}
