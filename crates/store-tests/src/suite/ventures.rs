use chrono::Utc;
use skillbridge_domain::delegation::Actor;
use skillbridge_domain::profile::{ProfileDetails, Visibility};
use skillbridge_domain::venture::{
    MAX_VENTURES, SavedVenture, Sector, VentureDetails, VentureStage,
};
use skillbridge_domain::{ConsentChannel, ConsentPurpose, ConsentSubject, Role, Store};

use super::profiles::skill;
use super::some_user;

fn bakery(skills: Vec<skillbridge_domain::SkillId>) -> VentureDetails {
    VentureDetails {
        name: "  Bäckerei Aleppo ".into(),
        description: "Syrian bread in Leipzig".into(),
        sector: Sector::AccommodationAndFood,
        stage: VentureStage::Idea,
        skills_needed: skills,
    }
}

pub async fn ventures_are_saved_capped_replaced_and_removed(store: &dyn Store) {
    let user = some_user(store, Role::Migrant).await;
    let profile = store
        .save_profile_of_user(user.id, &ProfileDetails::new("Rania".into()))
        .await
        .unwrap();
    let (baking, bookkeeping) = (
        skill(store, "http://data.europa.eu/esco/skill/baking").await,
        skill(store, "http://data.europa.eu/esco/skill/bookkeeping").await,
    );
    let SavedVenture::Saved(venture) = store
        .save_venture(profile.id, None, &bakery(vec![baking]), Utc::now())
        .await
        .unwrap()
    else {
        panic!("saved");
    };
    assert_eq!(venture.details.name, "Bäckerei Aleppo");
    assert_eq!(venture.details.skills_needed, vec![baking]);

    let mut grown = bakery(vec![bookkeeping]);
    grown.stage = VentureStage::Launched;
    let SavedVenture::Saved(replaced) = store
        .save_venture(profile.id, Some(venture.id), &grown, Utc::now())
        .await
        .unwrap()
    else {
        panic!("replaced");
    };
    assert_eq!(replaced.id, venture.id);
    assert_eq!(replaced.details.stage, VentureStage::Launched);
    assert_eq!(replaced.details.skills_needed, vec![bookkeeping]);

    // Someone else's venture is not found, and nothing changes.
    let other = some_user(store, Role::Migrant).await;
    let other = store
        .save_profile_of_user(other.id, &ProfileDetails::new("Other".into()))
        .await
        .unwrap();
    assert_eq!(
        store
            .save_venture(other.id, Some(venture.id), &bakery(vec![]), Utc::now())
            .await
            .unwrap(),
        SavedVenture::NotFound
    );
    assert!(!store.remove_venture(other.id, venture.id).await.unwrap());
    assert_eq!(
        store.venture_by_id(venture.id).await.unwrap().unwrap(),
        replaced
    );

    for _ in 1..MAX_VENTURES {
        let saved = store
            .save_venture(profile.id, None, &bakery(vec![]), Utc::now())
            .await
            .unwrap();
        assert!(matches!(saved, SavedVenture::Saved(_)));
    }
    assert_eq!(
        store
            .save_venture(profile.id, None, &bakery(vec![]), Utc::now())
            .await
            .unwrap(),
        SavedVenture::TooMany
    );
    assert_eq!(
        store.ventures_of(profile.id).await.unwrap().len(),
        MAX_VENTURES
    );
    assert!(store.remove_venture(profile.id, venture.id).await.unwrap());
    assert_eq!(store.venture_by_id(venture.id).await.unwrap(), None);
}

/// What the candidate index loads: profiles employers may find (not PRIVATE, with an
/// account) in id order, and skills, languages, experience and consents by the batch.
pub async fn findable_profiles_and_batched_reads(store: &dyn Store) {
    let mut ids = Vec::new();
    for (name, visibility) in [
        ("a", Visibility::Anonymised),
        ("b", Visibility::Private),
        ("c", Visibility::Visible),
    ] {
        let user = some_user(store, Role::Migrant).await;
        let mut details = ProfileDetails::new(name.into());
        details.visibility = visibility;
        let profile = store.save_profile_of_user(user.id, &details).await.unwrap();
        store
            .record_consent(
                ConsentSubject::Person(user.id),
                ConsentPurpose::Matching,
                true,
                Actor::person(user.id),
                ConsentChannel::Online,
                Utc::now(),
            )
            .await
            .unwrap();
        ids.push((profile.id, user.id, visibility));
    }
    let findable = store.findable_profiles(None, 10).await.unwrap();
    let mut expected: Vec<_> = ids
        .iter()
        .filter(|(_, _, v)| *v != Visibility::Private)
        .map(|(p, _, _)| *p)
        .collect();
    expected.sort();
    assert_eq!(findable.iter().map(|p| p.id).collect::<Vec<_>>(), expected);
    let rest = store
        .findable_profiles(Some(expected[0]), 10)
        .await
        .unwrap();
    assert_eq!(rest.iter().map(|p| p.id).collect::<Vec<_>>(), expected[1..]);

    let users: Vec<_> = ids
        .iter()
        .map(|(_, u, _)| ConsentSubject::Person(*u))
        .collect();
    let consents = store.consent_histories(&users).await.unwrap();
    assert_eq!(consents.len(), 3);
    assert!(consents.iter().all(|(_, c)| c.granted));
    // A subject nobody decided for, in the same batch, has no history.
    let nobody = ConsentSubject::Unclaimed(skillbridge_domain::ProfileId::new());
    let with_nobody = store.consent_histories(&[users[0], nobody]).await.unwrap();
    assert!(with_nobody.iter().all(|(s, _)| *s == users[0]));
    assert!(store.consent_histories(&[]).await.unwrap().is_empty());
    let profiles: Vec<_> = ids.iter().map(|(p, _, _)| *p).collect();
    assert!(
        store
            .skills_of_profiles(&profiles)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        store
            .languages_of_profiles(&profiles)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        store
            .experiences_of_profiles(&profiles)
            .await
            .unwrap()
            .is_empty()
    );
}
