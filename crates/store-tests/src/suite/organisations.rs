use skillbridge_domain::{
    MembershipRole, NewOrganisation, OrganisationId, OrganisationKind, Role, Store, StoreError,
    UserId,
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
        .members_of_organisation(organisation.id)
        .await
        .unwrap();
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
        .members_of_organisation(organisation.id)
        .await
        .unwrap();
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
