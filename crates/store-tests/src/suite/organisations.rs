use skillbridge_domain::{
    MembershipRole, NewOrganisation, OrganisationId, OrganisationKind, PageRequest, Role, Store,
    StoreError, UserId,
};

use super::some_user;

fn care_home() -> NewOrganisation {
    NewOrganisation {
        kind: OrganisationKind::Employer,
        name: "Sonnenhof Pflegeheim".into(),
        country_code: Some("DE".into()),
        website: Some("https://sonnenhof.example".into()),
    }
}

pub async fn creator_becomes_owner(store: &dyn Store) {
    let owner = some_user(store, Role::Employer).await;
    let organisation = store
        .create_organisation(care_home(), owner.id)
        .await
        .unwrap();
    assert_eq!(organisation.kind, OrganisationKind::Employer);
    assert_eq!(
        organisation.verified_at, None,
        "verification is an ADMIN's act"
    );

    let stored = store.organisation_by_id(organisation.id).await.unwrap();
    assert_eq!(stored, Some(organisation.clone()));
    let members = store
        .members_of_organisation(organisation.id, &PageRequest::all())
        .await
        .unwrap()
        .into_values();
    assert_eq!(members.len(), 1);
    assert_eq!(members[0].user_id, owner.id);
    assert_eq!(members[0].role, MembershipRole::Owner);
}

pub async fn membership_refers_to_existing_rows(store: &dyn Store) {
    let result = store.create_organisation(care_home(), UserId::new()).await;
    assert!(
        matches!(result, Err(StoreError::MissingReference { field: "owner" })),
        "got {result:?}"
    );

    let user = some_user(store, Role::Trainer).await;
    let result = store
        .set_membership(OrganisationId::new(), user.id, MembershipRole::Member)
        .await;
    assert!(
        matches!(result, Err(StoreError::MissingReference { .. })),
        "foreign keys are enforced: got {result:?}"
    );
    assert!(store.memberships_of_user(user.id).await.unwrap().is_empty());
}

pub async fn set_membership_updates_in_place(store: &dyn Store) {
    let owner = some_user(store, Role::Employer).await;
    let colleague = some_user(store, Role::Employer).await;
    let organisation = store
        .create_organisation(care_home(), owner.id)
        .await
        .unwrap();

    let added = store
        .set_membership(organisation.id, colleague.id, MembershipRole::Member)
        .await
        .unwrap();
    let promoted = store
        .set_membership(organisation.id, colleague.id, MembershipRole::Owner)
        .await
        .unwrap();
    assert_eq!(promoted.role, MembershipRole::Owner);
    assert_eq!(
        promoted.created_at, added.created_at,
        "joined when first added"
    );
    let members = store
        .members_of_organisation(organisation.id, &PageRequest::all())
        .await
        .unwrap()
        .into_values();
    assert_eq!(members.len(), 2, "no duplicate membership");
}

pub async fn memberships_list_oldest_first(store: &dyn Store) {
    let person = some_user(store, Role::Caseworker).await;
    let mut expected = Vec::new();
    for name in ["Welcome Centre", "Refugee Law Clinic", "Job Club"] {
        let owner = some_user(store, Role::Caseworker).await;
        let organisation = store
            .create_organisation(
                NewOrganisation {
                    kind: OrganisationKind::SupportOrganisation,
                    name: name.into(),
                    country_code: None,
                    website: None,
                },
                owner.id,
            )
            .await
            .unwrap();
        store
            .set_membership(organisation.id, person.id, MembershipRole::Member)
            .await
            .unwrap();
        expected.push(organisation.id);
    }
    let listed: Vec<_> = store
        .memberships_of_user(person.id)
        .await
        .unwrap()
        .into_iter()
        .map(|m| m.organisation_id)
        .collect();
    assert_eq!(listed, expected);
}

pub async fn verification_and_role_changes(store: &dyn Store) {
    let owner = some_user(store, Role::Employer).await;
    let organisation = store
        .create_organisation(care_home(), owner.id)
        .await
        .unwrap();
    let first = skillbridge_domain::clock::now();
    let verified = store
        .verify_organisation(organisation.id, first)
        .await
        .unwrap();
    assert_eq!(verified.verified_at, Some(first));
    let again = store
        .verify_organisation(organisation.id, first + chrono::Duration::hours(1))
        .await
        .unwrap();
    assert_eq!(
        again.verified_at,
        Some(first),
        "the first verification time is kept"
    );
    assert!(matches!(
        store
            .verify_organisation(OrganisationId::new(), first)
            .await,
        Err(StoreError::NotFound { .. })
    ));

    let promoted = store.set_user_role(owner.id, Role::Admin).await.unwrap();
    assert_eq!(promoted.role, Role::Admin);
    assert_eq!(
        store.user_by_id(owner.id).await.unwrap().unwrap().role,
        Role::Admin
    );
    assert!(matches!(
        store.set_user_role(UserId::new(), Role::Admin).await,
        Err(StoreError::NotFound { .. })
    ));
}

pub async fn invitations_are_accepted_once_by_the_invited_email(store: &dyn Store) {
    use skillbridge_domain::{InvitationOutcome, NewInvitation, clock};
    let owner = some_user(store, Role::Employer).await;
    let invitee = some_user(store, Role::Employer).await;
    let stranger = some_user(store, Role::Employer).await;
    let organisation = store
        .create_organisation(care_home(), owner.id)
        .await
        .unwrap();
    let now = clock::now();
    let invite = |hash: &str, email: &skillbridge_domain::Email, role, ttl| NewInvitation {
        organisation_id: organisation.id,
        email: email.clone(),
        role,
        token_hash: hash.into(),
        invited_by: owner.id,
        expires_at: now + ttl,
    };
    let day = chrono::Duration::days(1);
    let created = store
        .create_invitation(&invite("h1", &invitee.email, MembershipRole::Member, day))
        .await
        .unwrap();
    assert_eq!(created.accepted_at, None);

    assert_eq!(
        store.accept_invitation("h1", &stranger, now).await.unwrap(),
        InvitationOutcome::OtherEmail
    );
    let InvitationOutcome::Accepted(membership) =
        store.accept_invitation("h1", &invitee, now).await.unwrap()
    else {
        panic!("the invited account accepts");
    };
    assert_eq!(
        (membership.organisation_id, membership.role),
        (organisation.id, MembershipRole::Member)
    );
    assert_eq!(
        store.accept_invitation("h1", &invitee, now).await.unwrap(),
        InvitationOutcome::Invalid,
        "accepted once"
    );
    assert_eq!(
        store
            .accept_invitation("nope", &invitee, now)
            .await
            .unwrap(),
        InvitationOutcome::Invalid
    );

    store
        .create_invitation(&invite("h2", &invitee.email, MembershipRole::Member, -day))
        .await
        .unwrap();
    assert_eq!(
        store.accept_invitation("h2", &invitee, now).await.unwrap(),
        InvitationOutcome::Invalid,
        "expired"
    );

    // Joining never demotes an owner.
    store
        .create_invitation(&invite("h3", &owner.email, MembershipRole::Member, day))
        .await
        .unwrap();
    let InvitationOutcome::Accepted(kept) =
        store.accept_invitation("h3", &owner, now).await.unwrap()
    else {
        panic!("accepted");
    };
    assert_eq!(kept.role, MembershipRole::Owner);
    assert_eq!(
        store
            .invitations_of_organisation(organisation.id, &PageRequest::all())
            .await
            .unwrap()
            .total_count,
        3
    );
    assert_eq!(
        store
            .members_of_organisation(organisation.id, &PageRequest::all())
            .await
            .unwrap()
            .total_count,
        2
    );
}

pub async fn batch_reads_return_what_exists(store: &dyn Store) {
    let a = some_user(store, Role::Employer).await;
    let b = some_user(store, Role::Trainer).await;
    let mut users = store
        .users_by_ids(&[a.id, b.id, UserId::new()])
        .await
        .unwrap();
    users.sort_by_key(|u| u.id);
    assert_eq!(users, vec![a.clone(), b]);
    assert!(store.users_by_ids(&[]).await.unwrap().is_empty());

    let organisation = store.create_organisation(care_home(), a.id).await.unwrap();
    let found = store
        .organisations_by_ids(&[organisation.id, OrganisationId::new()])
        .await
        .unwrap();
    assert_eq!(found, vec![organisation]);
    assert!(store.organisations_by_ids(&[]).await.unwrap().is_empty());
}

pub async fn public_profiles_are_saved_whole_and_read_back(store: &dyn Store) {
    use chrono::NaiveTime;
    use skillbridge_domain::location::Location;
    use skillbridge_domain::organisation::{
        OpeningHours, OrganisationProfile, SupportService, Weekday,
    };
    use skillbridge_domain::search::DocumentKind;
    use skillbridge_domain::{Email, LanguageCode, clock};

    let owner = some_user(store, Role::Caseworker).await;
    let head = store.change_head().await.unwrap();
    let centre = store
        .create_organisation(
            NewOrganisation {
                kind: OrganisationKind::SupportOrganisation,
                name: "Welcome Centre".into(),
                country_code: Some("AT".into()),
                website: None,
            },
            owner.id,
        )
        .await
        .unwrap();
    assert_eq!(centre.profile, OrganisationProfile::default());
    let time = |h, m| NaiveTime::from_hms_opt(h, m, 0).unwrap();
    let profile = OrganisationProfile {
        description: "Advice for newcomers in Vienna.".into(),
        address: Some("Praterstraße 1, 1020 Wien".into()),
        location: Location {
            place_name: Some("Wien".into()),
            country_code: Some("AT".into()),
            region_code: Some("AT-9".into()),
            latitude: Some(48.2167),
            longitude: Some(16.3833),
        },
        languages: ["ar", "de", "fa"]
            .iter()
            .map(|l| LanguageCode::parse(l).unwrap())
            .collect(),
        services: vec![
            SupportService::LegalAdvice,
            SupportService::RecognitionGuidance,
        ],
        opening_hours: vec![
            OpeningHours {
                day: Weekday::Monday,
                opens: time(9, 0),
                closes: time(12, 30),
            },
            OpeningHours {
                day: Weekday::Thursday,
                opens: time(14, 0),
                closes: time(18, 0),
            },
        ],
        contact_email: Some(Email::parse("hello@welcome.example").unwrap()),
        contact_phone: Some("+43 1 234 5678".into()),
    };
    let saved = store
        .save_organisation_profile(centre.id, &profile, clock::now())
        .await
        .unwrap();
    assert_eq!(saved.profile, profile);
    assert_eq!(
        store.organisation_by_id(centre.id).await.unwrap().unwrap(),
        saved
    );
    assert_eq!(
        store.organisations_by_ids(&[centre.id]).await.unwrap(),
        [saved]
    );
    // Founding, saving and verifying each tell search the directory changed.
    store
        .verify_organisation(centre.id, clock::now())
        .await
        .unwrap();
    // Read as a follower does, once they have settled.
    let follower = store.follow_changes(head).await.unwrap();
    let mut follower = std::pin::pin!(follower);
    let mut changed = 0;
    while changed < 3 {
        let change = tokio::time::timeout(
            std::time::Duration::from_secs(10),
            futures::StreamExt::next(&mut follower),
        )
        .await
        .expect("the directory's changes within ten seconds")
        .unwrap()
        .unwrap();
        if matches!(
            &change.event,
            skillbridge_domain::events::Event::SearchDocuments {
                document_kind: DocumentKind::Organisation,
                ids,
            } if ids == &[*centre.id.as_uuid()]
        ) {
            changed += 1;
        }
    }
    assert!(matches!(
        store
            .save_organisation_profile(OrganisationId::new(), &profile, clock::now())
            .await,
        Err(StoreError::NotFound { .. })
    ));
}

pub async fn support_requests_wait_once_and_are_answered_once(store: &dyn Store) {
    use skillbridge_domain::clock;
    use skillbridge_domain::profile::ProfileDetails;
    use skillbridge_domain::support::SupportStatus;

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
    let person = some_user(store, Role::Migrant).await;
    let profile = store
        .save_profile_of_user(person.id, &ProfileDetails::new("Amal".into()))
        .await
        .unwrap();
    let now = clock::now();
    let asked = store
        .create_support_request(profile.id, centre.id, "My diploma from Aleppo", now)
        .await
        .unwrap();
    assert_eq!(
        (asked.status, asked.decided_by),
        (SupportStatus::Pending, None)
    );
    assert!(matches!(
        store
            .create_support_request(profile.id, centre.id, "Again", now)
            .await,
        Err(StoreError::Duplicate { .. })
    ));
    let wrong_centre = store
        .decide_support_request(asked.id, OrganisationId::new(), true, caseworker.id, now)
        .await
        .unwrap();
    assert_eq!(wrong_centre, None, "only the organisation asked answers");
    let accepted = store
        .decide_support_request(asked.id, centre.id, true, caseworker.id, now)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (accepted.status, accepted.decided_by),
        (SupportStatus::Accepted, Some(caseworker.id))
    );
    assert_eq!(
        store
            .decide_support_request(asked.id, centre.id, false, caseworker.id, now)
            .await
            .unwrap(),
        None,
        "answered once"
    );
    // Once answered, the person may ask again.
    let again = store
        .create_support_request(profile.id, centre.id, "A new question", now)
        .await
        .unwrap();
    let to_centre = store
        .support_requests_to(centre.id, &PageRequest::all())
        .await
        .unwrap()
        .into_values();
    assert_eq!(to_centre, [accepted.clone(), again.clone()], "oldest first");
    let of_person = store
        .support_requests_of(profile.id, &PageRequest::all())
        .await
        .unwrap()
        .into_values();
    assert_eq!(of_person, [again.clone(), accepted], "newest first");
    assert_eq!(
        store.support_request_by_id(again.id).await.unwrap(),
        Some(again)
    );
}
