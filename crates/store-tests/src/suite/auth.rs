use chrono::Duration;
use skillbridge_domain::{NewRefreshToken, RefreshOutcome, Role, Store, UserId, clock};

use super::some_user;

fn token(hash: &str, ttl: Duration) -> NewRefreshToken {
    let now = clock::now();
    NewRefreshToken {
        token_hash: hash.into(),
        issued_at: now,
        expires_at: now + ttl,
    }
}

pub async fn refresh_tokens_rotate_and_reuse_revokes_the_family(store: &dyn Store) {
    let user = some_user(store, Role::Migrant).await;
    let day = Duration::days(1);
    store
        .start_refresh_family(user.id, &token("t1", day))
        .await
        .unwrap();
    let now = clock::now();
    assert_eq!(
        store
            .rotate_refresh_token("t1", &token("t2", day), now)
            .await
            .unwrap(),
        RefreshOutcome::Rotated { user: user.id }
    );
    assert_eq!(
        store
            .rotate_refresh_token("t2", &token("t3", day), now)
            .await
            .unwrap(),
        RefreshOutcome::Rotated { user: user.id }
    );
    // t1 again: a replay. The family (t3 included) is revoked.
    assert_eq!(
        store
            .rotate_refresh_token("t1", &token("x", day), now)
            .await
            .unwrap(),
        RefreshOutcome::Reused { user: user.id }
    );
    assert_eq!(
        store
            .rotate_refresh_token("t3", &token("t4", day), now)
            .await
            .unwrap(),
        RefreshOutcome::Invalid,
        "the live token of a revoked family is dead too"
    );
    assert_eq!(
        store
            .rotate_refresh_token("never-issued", &token("t5", day), now)
            .await
            .unwrap(),
        RefreshOutcome::Invalid
    );

    // Another login is another family, untouched by the first one's revocation.
    store
        .start_refresh_family(user.id, &token("other", day))
        .await
        .unwrap();
    assert!(matches!(
        store
            .rotate_refresh_token("other", &token("other2", day), now)
            .await
            .unwrap(),
        RefreshOutcome::Rotated { .. }
    ));
}

pub async fn expired_and_logged_out_tokens_do_not_rotate(store: &dyn Store) {
    let user = some_user(store, Role::Employer).await;
    store
        .start_refresh_family(user.id, &token("old", Duration::seconds(-1)))
        .await
        .unwrap();
    let now = clock::now();
    assert_eq!(
        store
            .rotate_refresh_token("old", &token("new", Duration::days(1)), now)
            .await
            .unwrap(),
        RefreshOutcome::Invalid
    );
    store
        .start_refresh_family(user.id, &token("live", Duration::days(1)))
        .await
        .unwrap();
    assert!(store.revoke_refresh_family("live", now).await.unwrap());
    assert!(
        store.revoke_refresh_family("live", now).await.unwrap(),
        "idempotent"
    );
    assert!(!store.revoke_refresh_family("unknown", now).await.unwrap());
    assert_eq!(
        store
            .rotate_refresh_token("live", &token("after", Duration::days(1)), now)
            .await
            .unwrap(),
        RefreshOutcome::Invalid
    );
}

pub async fn a_token_presented_twice_at_once_rotates_once(store: &dyn Store) {
    let user = some_user(store, Role::Migrant).await;
    store
        .start_refresh_family(user.id, &token("race", Duration::days(1)))
        .await
        .unwrap();
    let now = clock::now();
    let (next_a, next_b) = (
        token("race-a", Duration::days(1)),
        token("race-b", Duration::days(1)),
    );
    let (a, b) = tokio::join!(
        store.rotate_refresh_token("race", &next_a, now),
        store.rotate_refresh_token("race", &next_b, now),
    );
    let outcomes = [a.unwrap(), b.unwrap()];
    let rotated = outcomes
        .iter()
        .filter(|o| matches!(o, RefreshOutcome::Rotated { .. }))
        .count();
    assert_eq!(rotated, 1, "{outcomes:?}");
}

pub async fn password_hashes_and_login_failures(store: &dyn Store) {
    let user = some_user(store, Role::Trainer).await;
    assert_eq!(
        store.password_hash(user.id).await.unwrap(),
        None,
        "created without a password"
    );
    assert_eq!(store.password_hash(UserId::new()).await.unwrap(), None);

    let now = clock::now();
    let keys = vec!["account:abc".to_owned(), "address:127.0.0.1".to_owned()];
    for _ in 0..3 {
        store.record_login_failure(&keys, now).await.unwrap();
    }
    let recent = now - Duration::minutes(15);
    assert_eq!(
        store
            .login_failures_since("account:abc", recent)
            .await
            .unwrap(),
        3
    );
    assert_eq!(
        store
            .login_failures_since("address:127.0.0.1", recent)
            .await
            .unwrap(),
        3
    );
    assert_eq!(
        store
            .login_failures_since("account:abc", now + Duration::seconds(1))
            .await
            .unwrap(),
        0
    );
    store.clear_login_failures("account:abc").await.unwrap();
    assert_eq!(
        store
            .login_failures_since("account:abc", recent)
            .await
            .unwrap(),
        0
    );
    assert_eq!(
        store
            .login_failures_since("address:127.0.0.1", recent)
            .await
            .unwrap(),
        3
    );
}
