use skillbridge_domain::{Email, NewUser, Role, Store, StoreError, UserId};

pub async fn creates_a_user_and_reads_it_back(store: &dyn Store) {
    let created = store
        .create_user(NewUser {
            email: Email::parse("Amina.Kone@Example.org").unwrap(),
            role: Role::Migrant,
            display_name: "Amina Koné".into(),
            password_hash: Some("$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA".into()),
        })
        .await
        .unwrap();
    assert_eq!(created.email.as_str(), "amina.kone@example.org");
    assert_eq!(created.display_name, "Amina Koné");

    let by_id = store.user_by_id(created.id).await.unwrap();
    assert_eq!(
        by_id.as_ref(),
        Some(&created),
        "read back exactly as written"
    );
    let by_email = store
        .user_by_email(&Email::parse("AMINA.KONE@example.ORG").unwrap())
        .await
        .unwrap();
    assert_eq!(by_email, Some(created));
}

pub async fn email_is_unique_whatever_its_case(store: &dyn Store) {
    let new = |email: &str, role| NewUser {
        email: Email::parse(email).unwrap(),
        role,
        display_name: "Someone".into(),
        password_hash: None,
    };
    let first = store
        .create_user(new("omar@example.org", Role::Migrant))
        .await
        .unwrap();
    let second = store
        .create_user(new("Omar@Example.org", Role::Employer))
        .await;
    assert!(
        matches!(second, Err(StoreError::Duplicate { field: "email" })),
        "got {second:?}"
    );
    let stored = store.user_by_email(&first.email).await.unwrap().unwrap();
    assert_eq!(stored.role, Role::Migrant, "the first account is untouched");
}

pub async fn unknown_users_are_absent(store: &dyn Store) {
    assert_eq!(store.user_by_id(UserId::new()).await.unwrap(), None);
    let nobody = Email::parse("nobody@example.org").unwrap();
    assert_eq!(store.user_by_email(&nobody).await.unwrap(), None);
}
