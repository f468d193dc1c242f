//! Trainers run their catalogue: cohorts change seats and dates (added seats go to those
//! waiting, in order, however many enrol meanwhile), cohorts are cancelled with their
//! people's enrolments, courses change and are archived.

use std::collections::HashMap;

use chrono::NaiveDate;
use skillbridge_domain::course::{Audience, CourseSkill, CourseStatus, Prerequisite};
use skillbridge_domain::delegation::Actor;
use skillbridge_domain::employment::InclusionSupport;
use skillbridge_domain::enrolment::{
    CancelledCohort, Enrolled, Enrolment, EnrolmentStatus, StaffEnrolled, UpdatedCohort,
};
use skillbridge_domain::events::Event;
use skillbridge_domain::profile::Proficiency;
use skillbridge_domain::world_region::WorldRegion;
use skillbridge_domain::{CohortId, PageRequest, Store, clock};

use super::engagement::{cohort, person};
use super::profiles::skill;

fn day(month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2027, month, day).unwrap()
}

/// `n` people enrolled one after another, in that order.
async fn enrol_in_order(store: &dyn Store, cohort: CohortId, n: usize) -> Vec<Enrolment> {
    let mut enrolled = Vec::new();
    for _ in 0..n {
        let (user, profile) = person(store).await;
        let Enrolled::Enrolled(e) = store
            .enrol(cohort, profile, false, Actor::person(user.id), clock::now())
            .await
            .unwrap()
        else {
            panic!("enrolled");
        };
        enrolled.push(e);
    }
    enrolled
}

async fn statuses(store: &dyn Store, cohort: CohortId) -> HashMap<uuid::Uuid, EnrolmentStatus> {
    store
        .enrolments_of_cohort(cohort, &PageRequest::all())
        .await
        .unwrap()
        .into_values()
        .into_iter()
        .map(|e| (e.id, e.status))
        .collect()
}

pub async fn raising_seats_confirms_the_first_waiting_in_order_whatever_enrols_meanwhile(
    store: &dyn Store,
) {
    for round in 0..5 {
        let (trainer, cohort) = cohort(store, 10, vec![]).await;
        let enrolled = enrol_in_order(store, cohort, 15).await;
        let waiting: Vec<_> = enrolled[10..].iter().map(|e| e.id).collect();
        assert!(
            enrolled[10..]
                .iter()
                .all(|e| e.status == EnrolmentStatus::Waitlisted)
        );
        assert_eq!(store.waitlist_position(waiting[0]).await.unwrap(), Some(1));
        assert_eq!(store.waitlist_position(waiting[4]).await.unwrap(), Some(5));
        assert_eq!(store.waitlist_position(enrolled[0].id).await.unwrap(), None);

        // Seats from 10 to 12 while five more people enrol at once.
        let mut newcomers = Vec::new();
        for _ in 0..5 {
            let (user, profile) = person(store).await;
            newcomers.push((Actor::person(user.id), profile));
        }
        let raise = store.update_cohort(
            cohort,
            day(1, 10),
            Some(day(3, 31)),
            12,
            trainer,
            clock::now(),
        );
        let rush = futures::future::join_all(
            newcomers
                .iter()
                .map(|(actor, p)| store.enrol(cohort, *p, false, *actor, clock::now())),
        );
        let (raised, rushed) = futures::future::join(raise, rush).await;
        let UpdatedCohort::Updated {
            cohort: updated,
            promoted,
        } = raised.unwrap()
        else {
            panic!("round {round}: updated");
        };
        assert_eq!((updated.seats, updated.ends_on), (12, Some(day(3, 31))));
        for outcome in rushed {
            assert!(
                matches!(outcome.unwrap(), Enrolled::Enrolled(e) if e.status == EnrolmentStatus::Waitlisted),
                "round {round}: a newcomer never jumps the queue"
            );
        }
        assert_eq!(
            promoted.iter().map(|e| e.id).collect::<Vec<_>>(),
            waiting[..2],
            "round {round}: the first two waiting, in order"
        );
        let now = statuses(store, cohort).await;
        let confirmed = now
            .values()
            .filter(|s| **s == EnrolmentStatus::Confirmed)
            .count();
        assert_eq!(confirmed, 12, "round {round}: nothing oversold");
        assert_eq!(store.waitlist_position(waiting[2]).await.unwrap(), Some(1));
        let lengths = store.waitlist_lengths(&[cohort]).await.unwrap();
        assert_eq!(lengths, vec![(cohort, 3 + 5)]);
        let history = store.enrolment_events(&[waiting[0]]).await.unwrap();
        let last = history.last().unwrap();
        assert_eq!(
            (last.status, last.actor_id, last.acting_for),
            (
                EnrolmentStatus::Confirmed,
                Some(trainer.user),
                trainer.acting_for
            ),
            "round {round}: the trainer's change seated them"
        );
    }

    // Seats given out are never taken back; nothing changes.
    let (trainer, small) = cohort(store, 3, vec![]).await;
    enrol_in_order(store, small, 3).await;
    assert_eq!(
        store
            .update_cohort(small, day(2, 1), None, 2, trainer, clock::now())
            .await
            .unwrap(),
        UpdatedCohort::BelowTaken { taken: 3 }
    );
    let unchanged = store.cohorts_by_ids(&[small]).await.unwrap().pop().unwrap();
    assert_eq!((unchanged.seats, unchanged.starts_on), (3, day(1, 10)));
    assert_eq!(
        store
            .update_cohort(CohortId::new(), day(2, 1), None, 5, trainer, clock::now())
            .await
            .unwrap(),
        UpdatedCohort::NoSuchCohort
    );
}

pub async fn a_cancelled_cohort_ends_every_seat_and_place_and_takes_nobody(store: &dyn Store) {
    let (trainer, cohort) = cohort(store, 2, vec![]).await;
    let before = store.change_head().await.unwrap();
    let enrolled = enrol_in_order(store, cohort, 3).await;
    let (user, profile) = person(store).await;
    // On PostgreSQL a change settles once no older transaction in the cluster is open:
    // wait until the enrolments' own events have, so that only the cancellation's follow.
    super::changes::first_events_where(store, before, 3, |e| matches!(e, Event::Enrolment { .. }))
        .await;
    let head = store.change_head().await.unwrap();
    let CancelledCohort::Cancelled {
        cohort: cancelled,
        ended,
    } = store
        .cancel_cohort(cohort, " The trainer fell ill ", trainer, clock::now())
        .await
        .unwrap()
    else {
        panic!("cancelled");
    };
    let reason = cancelled.cancelled.as_ref().map(|c| c.reason.as_str());
    assert_eq!(reason, Some("The trainer fell ill"));
    assert!(!cancelled.is_open());
    assert_eq!(
        ended.iter().map(|e| e.id).collect::<Vec<_>>(),
        enrolled.iter().map(|e| e.id).collect::<Vec<_>>()
    );
    assert!(
        statuses(store, cohort)
            .await
            .values()
            .all(|s| *s == EnrolmentStatus::CancelledByProvider)
    );
    let history = store.enrolment_events(&[enrolled[2].id]).await.unwrap();
    assert_eq!(
        history.last().map(|e| (e.status, e.actor_id)),
        Some((EnrolmentStatus::CancelledByProvider, Some(trainer.user)))
    );
    // Each person's enrolment is in the change stream, for their live updates.
    let events = super::changes::first_events_where(store, head, 3, |e| {
        matches!(e, Event::Enrolment { .. })
    })
    .await;
    let expected: Vec<Event> = ended.iter().map(Event::of_enrolment).collect();
    assert_eq!(events, expected);
    assert_eq!(
        store
            .enrol(cohort, profile, false, Actor::person(user.id), clock::now())
            .await
            .unwrap(),
        Enrolled::CohortCancelled
    );
    assert_eq!(
        store
            .cancel_cohort(cohort, "again", trainer, clock::now())
            .await
            .unwrap(),
        CancelledCohort::AlreadyCancelled
    );
    assert_eq!(
        store
            .update_cohort(cohort, day(2, 1), None, 5, trainer, clock::now())
            .await
            .unwrap(),
        UpdatedCohort::Cancelled
    );
}

pub async fn courses_change_in_place_and_archived_ones_leave_the_catalogue(store: &dyn Store) {
    let baking = skill(store, "http://data.europa.eu/esco/skill/baking").await;
    let bookkeeping = skill(store, "http://data.europa.eu/esco/skill/bookkeeping").await;
    let taught = |skill_id| CourseSkill {
        skill_id,
        level_reached: Proficiency::Intermediate,
    };
    let (_, cohort) = cohort(store, 5, vec![taught(baking)]).await;
    let course_id = store.cohorts_by_ids(&[cohort]).await.unwrap()[0].course_id;
    let course = store
        .courses_by_ids(&[course_id])
        .await
        .unwrap()
        .pop()
        .unwrap();
    let skills: Vec<CourseSkill> = store
        .course_skills(&[course_id])
        .await
        .unwrap()
        .into_iter()
        .map(|(_, s)| s)
        .collect();
    let languages = store
        .course_languages(&[course_id])
        .await
        .unwrap()
        .into_iter()
        .map(|(_, l)| l)
        .collect();
    let mut details = course.details(skills, languages, vec![], vec![]);
    details.title = "Bakery bookkeeping".into();
    details.skills = vec![taught(bookkeeping)];
    details.min_eqf_level = Some(3);
    details.prerequisites = vec![Prerequisite {
        skill_id: baking,
        level: Proficiency::Basic,
    }];
    let updated = store
        .update_course(course_id, &details)
        .await
        .unwrap()
        .expect("updated");
    assert_eq!(updated.title, "Bakery bookkeeping");
    assert_eq!(updated.min_eqf_level, Some(3));
    assert_eq!(
        store.course_prerequisites(&[course_id]).await.unwrap(),
        vec![(course_id, details.prerequisites[0])]
    );
    assert_eq!(updated.created_at, course.created_at);
    assert_eq!(
        store.course_skills(&[course_id]).await.unwrap(),
        vec![(course_id, taught(bookkeeping))]
    );
    assert_eq!(
        store.courses_teaching(&[bookkeeping]).await.unwrap(),
        vec![course_id]
    );
    assert!(store.courses_teaching(&[baking]).await.unwrap().is_empty());

    let archived = store
        .archive_course(course_id)
        .await
        .unwrap()
        .expect("archived");
    assert_eq!(archived.status, CourseStatus::Archived);
    assert!(
        store
            .courses_teaching(&[bookkeeping])
            .await
            .unwrap()
            .is_empty(),
        "an archived course is out of the catalogue"
    );
    assert_eq!(
        store.update_course(course_id, &details).await.unwrap(),
        None
    );
    assert_eq!(
        store
            .archive_course(course_id)
            .await
            .unwrap()
            .map(|c| c.status),
        Some(CourseStatus::Archived),
        "archiving again changes nothing"
    );
    assert_eq!(
        store
            .archive_course(skillbridge_domain::CourseId::new())
            .await
            .unwrap(),
        None
    );
}

pub async fn staff_courses_say_what_they_prepare_staff_for(store: &dyn Store) {
    let (_, cohort) = cohort(store, 5, vec![]).await;
    let cohort = store.cohorts_by_ids(&[cohort]).await.unwrap().remove(0);
    let course = store
        .courses_by_ids(&[cohort.course_id])
        .await
        .unwrap()
        .remove(0);
    let starts = cohort.starts_on;
    assert_eq!(
        store.staff_courses(starts, 10).await.unwrap(),
        vec![],
        "a course for job seekers"
    );
    let german = skillbridge_domain::LanguageCode::parse("de").unwrap();
    let mut details = course.details(vec![], vec![german], vec![], vec![]);
    details.audience = Audience::EmployerStaff;
    details.prepares_support = vec![
        InclusionSupport::Mentoring,
        InclusionSupport::LanguageSupport,
    ];
    details.origin_regions = vec![WorldRegion::WesternAsia, WorldRegion::EasternAfrica];
    let updated = store
        .update_course(course.id, &details)
        .await
        .unwrap()
        .expect("updated");
    assert_eq!(
        (
            updated.prepares_support.clone(),
            updated.origin_regions.clone()
        ),
        (
            vec![
                InclusionSupport::LanguageSupport,
                InclusionSupport::Mentoring
            ],
            vec![WorldRegion::EasternAfrica, WorldRegion::WesternAsia]
        ),
        "kept in the order of their enumerations"
    );
    assert_eq!(
        store.courses_by_ids(&[course.id]).await.unwrap()[0],
        updated,
        "read back as written"
    );
    assert_eq!(
        store.staff_courses(starts, 10).await.unwrap(),
        vec![course.id]
    );
    assert_eq!(
        store
            .staff_courses(starts + chrono::Duration::days(1), 10)
            .await
            .unwrap(),
        vec![],
        "no cohort ahead"
    );
    store.archive_course(course.id).await.unwrap();
    assert_eq!(store.staff_courses(starts, 10).await.unwrap(), vec![]);
}

pub async fn staff_bookings_count_against_seats_all_or_nothing(store: &dyn Store) {
    let (_, cohort) = cohort(store, 5, vec![]).await;
    enrol_in_order(store, cohort, 3).await;
    let employer = super::some_user(store, skillbridge_domain::Role::Employer).await;
    let hotel = store
        .create_organisation(
            skillbridge_domain::NewOrganisation {
                kind: skillbridge_domain::OrganisationKind::Employer,
                name: "Hotel".into(),
                country_code: None,
                website: None,
            },
            employer.id,
        )
        .await
        .unwrap();
    let actor = Actor::member(employer.id, hotel.id);
    let names = vec!["Ana".to_owned(), "Ben".to_owned(), "Cem".to_owned()];
    assert_eq!(
        store
            .enrol_staff(cohort, hotel.id, 3, &names, actor, clock::now())
            .await
            .unwrap(),
        StaffEnrolled::NotEnoughSeats { left: 2 }
    );
    assert!(
        store
            .staff_enrolments_of_cohort(cohort)
            .await
            .unwrap()
            .is_empty(),
        "nothing booked"
    );
    let StaffEnrolled::Enrolled(booking) = store
        .enrol_staff(cohort, hotel.id, 2, &names[..2], actor, clock::now())
        .await
        .unwrap()
    else {
        panic!("booked");
    };
    assert_eq!(
        (booking.seats, booking.names.clone()),
        (2, names[..2].to_vec())
    );
    assert_eq!(
        store.seats_taken(&[cohort]).await.unwrap(),
        vec![(cohort, 5)]
    );
    // The cohort is full for anyone now.
    let late = enrol_in_order(store, cohort, 1).await;
    assert_eq!(late[0].status, EnrolmentStatus::Waitlisted);
    // Cancelling the booking frees its seats: the one waiting gets one.
    let cancelled = store
        .cancel_staff_enrolment(booking.id, clock::now())
        .await
        .unwrap()
        .expect("cancelled");
    assert_eq!(
        cancelled.status,
        skillbridge_domain::enrolment::StaffEnrolmentStatus::Cancelled
    );
    assert_eq!(
        statuses(store, cohort).await.get(&late[0].id),
        Some(&EnrolmentStatus::Confirmed)
    );
    assert_eq!(
        store.seats_taken(&[cohort]).await.unwrap(),
        vec![(cohort, 4)]
    );
    assert_eq!(
        store
            .cancel_staff_enrolment(booking.id, clock::now())
            .await
            .unwrap(),
        None
    );
    assert_eq!(
        store
            .staff_enrolments_of_organisation(hotel.id)
            .await
            .unwrap()
            .len(),
        1
    );
}
