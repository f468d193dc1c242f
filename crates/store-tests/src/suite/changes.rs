//! The change stream: a write records what it changed in its own transaction, a write that
//! fails records nothing, and followers read on, in order, from positions of their own.

use std::time::Duration;

use futures::StreamExt;
use skillbridge_domain::delegation::Actor;
use skillbridge_domain::events::{Change, ChangePosition, Event};
use skillbridge_domain::profile::{Evidence, NewProfileSkill, Proficiency, ProfileDetails};
use skillbridge_domain::search::DocumentKind;
use skillbridge_domain::{ConsentChannel, ConsentPurpose, ConsentSubject, Role, SkillId, Store};

use super::some_user;

/// How long a follower may take to see a committed change before the test fails (a
/// deadline, not a sleep).
const DEADLINE: Duration = Duration::from_secs(15);

/// The first `n` changes after `after`, as a follower reads them once they have settled (on
/// PostgreSQL a change waits for every older transaction in the cluster, other tests' too).
pub(crate) async fn first_changes(
    store: &dyn Store,
    after: ChangePosition,
    n: usize,
) -> Vec<Change> {
    let follower = store.follow_changes(after).await.unwrap();
    tokio::time::timeout(DEADLINE, follower.take(n).map(|c| c.unwrap()).collect())
        .await
        .expect("the changes within the deadline")
}

/// The first `n` events after `after` that `wanted` picks, as a follower reads them once
/// they have settled (others' changes that settle late are passed over).
pub(crate) async fn first_events_where(
    store: &dyn Store,
    after: ChangePosition,
    n: usize,
    wanted: impl Fn(&Event) -> bool,
) -> Vec<Event> {
    let follower = store.follow_changes(after).await.unwrap();
    let events = follower
        .map(|c| c.unwrap().event)
        .filter(|e| std::future::ready(wanted(e)))
        .take(n)
        .collect();
    tokio::time::timeout(DEADLINE, events)
        .await
        .expect("the changes within the deadline")
}

/// The events recorded after `after` that have settled.
async fn events_after(store: &dyn Store, after: ChangePosition) -> Vec<Event> {
    store
        .changes_after(after, 100)
        .await
        .unwrap()
        .into_iter()
        .map(|c| c.event)
        .collect()
}

pub async fn writes_record_their_changes_and_followers_read_on_in_order(store: &dyn Store) {
    let head = store.change_head().await.unwrap();
    let user = some_user(store, Role::Migrant).await;
    let profile = store
        .save_profile_of_user(user.id, &ProfileDetails::new("Amina".into()))
        .await
        .unwrap();
    let changed = Event::ProfileChanged {
        profile_id: profile.id,
    };
    // A write that fails leaves nothing behind in the stream either.
    let unknown = NewProfileSkill {
        skill_id: SkillId::new(),
        proficiency: Proficiency::Basic,
        evidence: Evidence::SelfDeclared,
    };
    assert!(store.set_profile_skill(profile.id, &unknown).await.is_err());
    store
        .record_consent(
            ConsentSubject::Person(user.id),
            ConsentPurpose::Matching,
            true,
            Actor::person(user.id),
            ConsentChannel::Online,
            skillbridge_domain::clock::now(),
        )
        .await
        .unwrap();

    let changes = first_changes(store, head, 2).await;
    assert_eq!(store.changes_after(head, 100).await.unwrap(), changes);
    let events: Vec<&Event> = changes.iter().map(|c| &c.event).collect();
    assert_eq!(events, [&changed, &changed], "{changes:?}");
    assert!(changes[0].position < changes[1].position);
    assert!(head < changes[0].position);
    // Read up to the last: nothing more; a limit reads part.
    assert_eq!(events_after(store, changes[1].position).await, []);
    assert_eq!(store.changes_after(head, 1).await.unwrap(), changes[..1]);
    // The head has moved past them.
    let now = store.change_head().await.unwrap();
    assert!(now >= changes[1].position);
    assert_eq!(events_after(store, now).await, []);

    // A follower from the old head reads them, then a change committed while it follows.
    let mut follower = store.follow_changes(head).await.unwrap();
    for expected in &changes {
        let next = tokio::time::timeout(DEADLINE, follower.next()).await;
        assert_eq!(&next.unwrap().unwrap().unwrap(), expected);
    }
    store
        .remove_profile_skill(profile.id, unknown.skill_id)
        .await
        .unwrap();
    // Nothing was removed, so nothing changed; the next change is this one.
    store
        .record_consent(
            ConsentSubject::Person(user.id),
            ConsentPurpose::Matching,
            false,
            Actor::person(user.id),
            ConsentChannel::Online,
            skillbridge_domain::clock::now(),
        )
        .await
        .unwrap();
    let next = tokio::time::timeout(DEADLINE, follower.next()).await;
    assert_eq!(next.unwrap().unwrap().unwrap().event, changed);
    // Each follower has its own position: a second one from the same head reads all three.
    let second: Vec<Event> = first_changes(store, head, 3)
        .await
        .into_iter()
        .map(|c| c.event)
        .collect();
    assert_eq!(second, [changed.clone(), changed.clone(), changed]);

    // Pruning forgets what was recorded before the cut, and only that.
    let later = skillbridge_domain::clock::now() + chrono::Duration::seconds(1);
    assert_eq!(
        store
            .prune_changes(skillbridge_domain::clock::now() - chrono::Duration::hours(1))
            .await
            .unwrap(),
        0
    );
    assert!(store.prune_changes(later).await.unwrap() >= 3);
    assert_eq!(events_after(store, head).await, []);
    // The horizon has moved past them: a follower still before it knows it missed some.
    assert!(store.change_horizon().await.unwrap() >= changes[1].position);
}

/// On PostgreSQL a later transaction can commit before an earlier one: its change waits
/// until every older transaction has ended, so a follower that moved past it cannot miss a
/// change the older one records. (SQLite admits one writer at a time.)
pub async fn a_change_waits_for_older_transactions_still_running(store: &dyn Store) {
    if store.backend() != "postgres" {
        return;
    }
    let head = store.change_head().await.unwrap();
    let user = some_user(store, Role::Migrant).await;
    // An import holds a transaction open, older than the profile's.
    let mut import = store.begin_taxonomy_import().await.unwrap();
    super::profiles::upsert_skill(import.as_mut(), "http://example.org/skill/held").await;
    let profile = store
        .save_profile_of_user(user.id, &ProfileDetails::new("Amina".into()))
        .await
        .unwrap();
    assert_eq!(events_after(store, head).await, []);
    import.commit().await.unwrap();
    // The import's own changes (what search shows of the skill, and of every vacancy and
    // course, which are searched by skill labels) come first: its transaction is older.
    let events: Vec<Event> = first_changes(store, head, 4)
        .await
        .into_iter()
        .map(|c| c.event)
        .collect();
    assert!(
        matches!(
            &events[..3],
            [
                Event::SearchDocuments {
                    document_kind: DocumentKind::Skill,
                    ..
                },
                Event::SearchKind {
                    document_kind: DocumentKind::Vacancy
                },
                Event::SearchKind {
                    document_kind: DocumentKind::Course
                },
            ]
        ),
        "{events:?}"
    );
    assert_eq!(
        events[3],
        Event::ProfileChanged {
            profile_id: profile.id
        }
    );
}
