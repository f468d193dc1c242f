use skillbridge_domain::{ReadinessCheck, Store};

pub async fn migrated_store_is_ready(store: &dyn Store) {
    let readiness = store.readiness().await;
    assert_eq!(readiness.database, ReadinessCheck::Ok);
    assert_eq!(readiness.migrations, ReadinessCheck::Ok);
    assert!(readiness.is_ready());
}

pub async fn migrating_again_changes_nothing(store: &dyn Store) {
    let user = super::some_user(store, skillbridge_domain::Role::Admin).await;
    store
        .migrate()
        .await
        .expect("a second migration run is a no-op");
    assert!(store.readiness().await.is_ready());
    assert_eq!(store.user_by_id(user.id).await.unwrap(), Some(user));
}
