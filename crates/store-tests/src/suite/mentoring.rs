use chrono::Utc;
use skillbridge_domain::delegation::Actor;
use skillbridge_domain::events::Event;
use skillbridge_domain::mentoring::{
    MentorDetails, MentorOffer, MentoringStatus, MovedMentoring, RequestedMentoring,
};
use skillbridge_domain::organisation::{NewOrganisation, OrganisationKind};
use skillbridge_domain::profile::{ProfileDetails, Track};
use skillbridge_domain::venture::Sector;
use skillbridge_domain::{
    LanguageCode, OrganisationId, PageRequest, ProfileId, Role, Store, StoreError, User,
};

use super::changes::first_events_where;
use super::profiles::skill;
use super::some_user;

async fn person(store: &dyn Store) -> (User, ProfileId) {
    let user = some_user(store, Role::Migrant).await;
    let profile = store
        .save_profile_of_user(user.id, &ProfileDetails::new("Amina".into()))
        .await
        .unwrap();
    (user, profile.id)
}

/// A mentor's offer in their own name, for `capacity` people.
async fn mentor(store: &dyn Store, capacity: u32) -> MentorOffer {
    let mentor = some_user(store, Role::Migrant).await;
    let details = MentorDetails {
        sectors: vec![Sector::HealthAndSocialWork],
        capacity,
        ..MentorDetails::new()
    };
    store
        .save_mentor_offer(mentor.id, None, &details, Utc::now())
        .await
        .unwrap()
}

async fn ask(
    store: &dyn Store,
    offer: &MentorOffer,
    profile: ProfileId,
    user: &User,
) -> RequestedMentoring {
    store
        .request_mentoring(
            offer.id,
            profile,
            None,
            " Hello ",
            Actor::person(user.id),
            Utc::now(),
        )
        .await
        .unwrap()
}

fn requested(outcome: RequestedMentoring) -> skillbridge_domain::mentoring::MentoringRequest {
    match outcome {
        RequestedMentoring::Requested(request) => request,
        other => panic!("not requested: {other:?}"),
    }
}

pub async fn offers_in_own_name_or_through_a_membership_found_by_sector_skill_or_track(
    store: &dyn Store,
) {
    let mentor = some_user(store, Role::Employer).await;
    let organisation = store
        .create_organisation(
            NewOrganisation {
                kind: OrganisationKind::SupportOrganisation,
                name: "Gründerzentrum".into(),
                country_code: Some("DE".into()),
                website: None,
            },
            mentor.id,
        )
        .await
        .unwrap();
    let bookkeeping = skill(store, "http://data.europa.eu/esco/skill/bookkeeping").await;
    let arabic = LanguageCode::parse("ar").unwrap();
    let details = MentorDetails {
        sectors: vec![Sector::AccommodationAndFood, Sector::Trade],
        skills: vec![bookkeeping],
        languages: vec![arabic],
        capacity: 5,
        note: " Evenings ".into(),
        ..MentorDetails::new()
    };
    let stranger = some_user(store, Role::Employer).await;
    let refused = store
        .save_mentor_offer(stranger.id, Some(organisation.id), &details, Utc::now())
        .await;
    assert!(
        matches!(refused, Err(StoreError::NotFound { .. })),
        "only members offer through an organisation: {refused:?}"
    );
    let offer = store
        .save_mentor_offer(mentor.id, Some(organisation.id), &details, Utc::now())
        .await
        .unwrap();
    assert_eq!(offer.details.note, "Evenings");
    assert_eq!(offer.details.skills, vec![bookkeeping]);
    assert_eq!(offer.details.languages, vec![arabic]);
    assert_eq!((offer.details.capacity, offer.mentees), (5, 0));

    // Anyone offers in their own name too, one such offer each, for a track.
    let peer = MentorDetails {
        tracks: vec![Track::Women],
        peer: true,
        ..MentorDetails::new()
    };
    let own = store
        .save_mentor_offer(mentor.id, None, &peer, Utc::now())
        .await
        .unwrap();
    assert_eq!(own.organisation_id, None);
    assert!(own.details.peer);
    let again = store
        .save_mentor_offer(mentor.id, None, &peer, Utc::now())
        .await
        .unwrap();
    assert_eq!(
        again.id, own.id,
        "saving again replaces the offer in own name"
    );

    let by_sector = store
        .mentor_offers_for(Some(Sector::Trade), &[], &[])
        .await
        .unwrap();
    assert_eq!(by_sector, vec![offer.clone()]);
    let by_skill = store
        .mentor_offers_for(Some(Sector::Mining), &[bookkeeping], &[])
        .await
        .unwrap();
    assert_eq!(by_skill.len(), 1);
    let by_track = store
        .mentor_offers_for(None, &[], &[Track::Youth, Track::Women])
        .await
        .unwrap();
    assert_eq!(
        by_track.iter().map(|o| o.id).collect::<Vec<_>>(),
        vec![own.id]
    );
    assert!(
        store
            .mentor_offers_for(Some(Sector::Mining), &[], &[Track::Youth])
            .await
            .unwrap()
            .is_empty()
    );

    // Saving again replaces the offer in place.
    let narrower = MentorDetails {
        sectors: vec![Sector::Construction],
        ..MentorDetails::new()
    };
    let replaced = store
        .save_mentor_offer(mentor.id, Some(organisation.id), &narrower, Utc::now())
        .await
        .unwrap();
    assert_eq!(replaced.id, offer.id);
    assert_eq!(replaced.details.sectors, vec![Sector::Construction]);
    assert!(replaced.details.languages.is_empty());
    assert_eq!(
        store.mentor_offers_of_user(mentor.id).await.unwrap(),
        vec![replaced, again]
    );
    for organisation in [Some(organisation.id), None] {
        assert!(
            store
                .withdraw_mentor_offer(mentor.id, organisation, Utc::now())
                .await
                .unwrap()
        );
    }
    assert!(
        !store
            .withdraw_mentor_offer(mentor.id, Some(OrganisationId::new()), Utc::now())
            .await
            .unwrap()
    );
    assert!(
        store
            .mentor_offers_of_user(mentor.id)
            .await
            .unwrap()
            .is_empty()
    );
}

pub async fn requests_respect_capacity_and_move_by_the_rules(store: &dyn Store) {
    let offer = mentor(store, 1).await;
    let (amina, amina_profile) = person(store).await;
    let (bilal, bilal_profile) = person(store).await;
    let (carla, carla_profile) = person(store).await;
    let head = store.change_head().await.unwrap();

    let request = requested(ask(store, &offer, amina_profile, &amina).await);
    assert_eq!(request.status, MentoringStatus::Requested);
    assert_eq!(request.message, "Hello");
    assert_eq!(request.mentor_id, offer.user_id);
    assert_eq!(request.requested_by, Some(Actor::person(amina.id)));
    assert_eq!(
        ask(store, &offer, amina_profile, &amina).await,
        RequestedMentoring::AlreadyRequested
    );
    let other = requested(ask(store, &offer, bilal_profile, &bilal).await);

    // The move starts from the status it names, or nothing happens.
    assert_eq!(
        store
            .move_mentoring_request(
                request.id,
                MentoringStatus::Accepted,
                MentoringStatus::Ended,
                None,
                Utc::now()
            )
            .await
            .unwrap(),
        MovedMentoring::NotInStatus
    );
    let MovedMentoring::Moved(accepted) = store
        .move_mentoring_request(
            request.id,
            MentoringStatus::Requested,
            MentoringStatus::Accepted,
            Some(" Welcome "),
            Utc::now(),
        )
        .await
        .unwrap()
    else {
        panic!("accepted");
    };
    assert_eq!(accepted.status, MentoringStatus::Accepted);
    assert_eq!(accepted.answer, "Welcome");
    assert!(accepted.answered_at.is_some() && accepted.ended_at.is_none());
    let full = store.mentor_offer_by_id(offer.id).await.unwrap().unwrap();
    assert_eq!((full.mentees, full.spaces_left()), (1, 0));

    // The only space is taken: the other request cannot be accepted, nor a new one made.
    assert_eq!(
        store
            .move_mentoring_request(
                other.id,
                MentoringStatus::Requested,
                MentoringStatus::Accepted,
                None,
                Utc::now()
            )
            .await
            .unwrap(),
        MovedMentoring::Full
    );
    assert_eq!(
        ask(store, &offer, carla_profile, &carla).await,
        RequestedMentoring::Full
    );

    // Ending frees the space.
    let MovedMentoring::Moved(ended) = store
        .move_mentoring_request(
            request.id,
            MentoringStatus::Accepted,
            MentoringStatus::Ended,
            None,
            Utc::now(),
        )
        .await
        .unwrap()
    else {
        panic!("ended");
    };
    assert!(ended.ended_at.is_some());
    assert_eq!(ended.answer, "Welcome", "ending keeps the answer");
    assert!(matches!(
        store
            .move_mentoring_request(
                other.id,
                MentoringStatus::Requested,
                MentoringStatus::Accepted,
                None,
                Utc::now()
            )
            .await
            .unwrap(),
        MovedMentoring::Moved(_)
    ));

    // Each side lists its requests, newest first; every move is in the change stream.
    let amina_list = store
        .mentoring_requests_of_profile(amina_profile, &PageRequest::all())
        .await
        .unwrap();
    assert_eq!(amina_list.total_count, 1);
    let to_mentor = store
        .mentoring_requests_to_mentor(offer.user_id, None, &PageRequest::all())
        .await
        .unwrap()
        .into_values();
    assert_eq!(
        to_mentor.iter().map(|r| r.id).collect::<Vec<_>>(),
        vec![other.id, request.id]
    );
    let accepted_only = store
        .mentoring_requests_to_mentor(
            offer.user_id,
            Some(MentoringStatus::Accepted),
            &PageRequest::all(),
        )
        .await
        .unwrap();
    assert_eq!(accepted_only.total_count, 1);
    assert_eq!(accepted_only.into_values()[0].id, other.id);
    // Two requests, an acceptance, an end, another acceptance; refusals record nothing.
    let events = first_events_where(store, head, 5, |e| matches!(e, Event::Mentoring { .. })).await;
    let ours: Vec<_> = events
        .iter()
        .filter_map(|e| match e {
            Event::Mentoring { request_id, .. } => Some(*request_id),
            _ => None,
        })
        .collect();
    assert_eq!(
        ours,
        [request.id, other.id, request.id, request.id, other.id],
        "{events:?}"
    );
    assert!(events.contains(&Event::Mentoring {
        request_id: request.id,
        profile_id: amina_profile,
        mentor_id: offer.user_id,
    }));
}

pub async fn two_mentors_accepting_at_once_never_exceed_capacity(store: &dyn Store) {
    for round in 0..10 {
        let offer = mentor(store, 2).await;
        let mut requests = Vec::new();
        for _ in 0..6 {
            let (user, profile) = person(store).await;
            requests.push(requested(ask(store, &offer, profile, &user).await));
        }
        let outcomes = futures::future::join_all(requests.iter().map(|r| {
            store.move_mentoring_request(
                r.id,
                MentoringStatus::Requested,
                MentoringStatus::Accepted,
                None,
                Utc::now(),
            )
        }))
        .await;
        let accepted = outcomes
            .iter()
            .filter(|o| matches!(o, Ok(MovedMentoring::Moved(_))))
            .count();
        let full = outcomes
            .iter()
            .filter(|o| matches!(o, Ok(MovedMentoring::Full)))
            .count();
        assert_eq!((accepted, full), (2, 4), "round {round}: {outcomes:?}");
        let stored = store.mentor_offer_by_id(offer.id).await.unwrap().unwrap();
        assert_eq!(stored.mentees, 2, "round {round}");
    }
}

pub async fn withdrawing_an_offer_declines_what_is_unanswered_and_erasure_takes_the_rest(
    store: &dyn Store,
) {
    let offer = mentor(store, 3).await;
    let (amina, amina_profile) = person(store).await;
    let (bilal, bilal_profile) = person(store).await;
    let waiting = requested(ask(store, &offer, amina_profile, &amina).await);
    let mentored = requested(ask(store, &offer, bilal_profile, &bilal).await);
    store
        .move_mentoring_request(
            mentored.id,
            MentoringStatus::Requested,
            MentoringStatus::Accepted,
            None,
            Utc::now(),
        )
        .await
        .unwrap();
    assert!(
        store
            .withdraw_mentor_offer(offer.user_id, None, Utc::now())
            .await
            .unwrap()
    );
    let waiting = store
        .mentoring_request_by_id(waiting.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (waiting.status, waiting.offer_id),
        (MentoringStatus::Declined, None)
    );
    let mentored = store
        .mentoring_request_by_id(mentored.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (mentored.status, mentored.offer_id),
        (MentoringStatus::Accepted, None),
        "mentoring already accepted goes on"
    );

    // Erasing the person takes their requests; erasing the mentor, theirs and their offers.
    assert!(store.erase_user(amina.id, &[], Utc::now()).await.unwrap());
    assert_eq!(
        store.mentoring_request_by_id(waiting.id).await.unwrap(),
        None
    );
    let again = mentor(store, 1).await;
    let (carla, carla_profile) = person(store).await;
    let asked = requested(ask(store, &again, carla_profile, &carla).await);
    assert!(
        store
            .erase_user(again.user_id, &[], Utc::now())
            .await
            .unwrap()
    );
    assert_eq!(store.mentoring_request_by_id(asked.id).await.unwrap(), None);
    assert_eq!(store.mentor_offer_by_id(again.id).await.unwrap(), None);
    assert!(
        store
            .mentoring_requests_of_profile(carla_profile, &PageRequest::all())
            .await
            .unwrap()
            .items
            .is_empty()
    );
}
