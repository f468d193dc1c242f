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
