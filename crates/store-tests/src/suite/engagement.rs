//! Applications, placements and enrolments: the pipeline with its history, hires filling
//! vacancies, and seats that are never oversold however many people enrol at once.

use chrono::NaiveDate;
use skillbridge_domain::application::{ApplicationMove, ApplicationStatus, Applied};
use skillbridge_domain::course::{Audience, CourseDetails, CourseMode, CourseSkill};
use skillbridge_domain::delegation::Actor;
use skillbridge_domain::enrolment::{Enrolled, EnrolmentStatus};
use skillbridge_domain::profile::{
    Evidence, Location, NewProfileSkill, Proficiency, ProfileDetails,
};
use skillbridge_domain::taxonomy::{ConceptKind, Labels, SkillRecord, SkillType};
use skillbridge_domain::vacancy::{ContractType, VacancyDetails, VacancyStatus};
use skillbridge_domain::{
    CohortId, LanguageCode, NewOrganisation, OrganisationId, OrganisationKind, PageRequest,
    ProfileId, Role, SkillId, Store, User, clock,
};

use super::some_user;

async fn organisation(store: &dyn Store, kind: OrganisationKind) -> (User, OrganisationId) {
    let role = match kind {
        OrganisationKind::TrainingProvider => Role::Trainer,
        _ => Role::Employer,
    };
    let owner = some_user(store, role).await;
    let organisation = store
        .create_organisation(
            NewOrganisation {
                kind,
                name: "Org".into(),
                country_code: None,
                website: None,
            },
            owner.id,
        )
        .await
        .unwrap();
    (owner, organisation.id)
}

pub(crate) async fn person(store: &dyn Store) -> (User, ProfileId) {
    let user = some_user(store, Role::Migrant).await;
    let profile = store
        .save_profile_of_user(user.id, &ProfileDetails::new("Applicant".into()))
        .await
        .unwrap();
    (user, profile.id)
}

fn vacancy(positions: i32) -> VacancyDetails {
    VacancyDetails {
        title: "Cook".into(),
        description: String::new(),
        occupation_id: None,
        location: Location {
            country_code: Some("DE".into()),
            ..Location::default()
        },
        remote: false,
        contract_type: ContractType::FixedTerm,
        hours_per_week: None,
        salary: None,
        positions,
        starts_on: NaiveDate::from_ymd_opt(2027, 4, 1),
        ends_on: None,
        closes_on: None,
        visa_sponsorship: false,
        inclusion_support: vec![],
        tracks: vec![],
        skills: vec![],
        languages: vec![],
    }
}

fn step(from: ApplicationStatus, to: ApplicationStatus, actor: Actor) -> ApplicationMove {
    ApplicationMove {
        from,
        to,
        reason: None,
        actor,
        at: clock::now(),
        starts_on: None,
    }
}

pub async fn applications_move_through_the_pipeline_and_hires_fill_vacancies(store: &dyn Store) {
    use ApplicationStatus::*;
    let (recruiter, employer) = organisation(store, OrganisationKind::Employer).await;
    let recruiter = Actor::member(recruiter.id, employer);
    let draft = store.create_vacancy(employer, &vacancy(1)).await.unwrap();
    let (first, first_profile) = person(store).await;
    let (second, second_profile) = person(store).await;
    let now = clock::now();

    assert_eq!(
        store
            .apply(first_profile, draft.id, "", Actor::person(first.id), now)
            .await
            .unwrap(),
        Applied::NotOpen,
        "drafts take no applications"
    );
    store
        .transition_vacancy(draft.id, VacancyStatus::Draft, VacancyStatus::Open, now)
        .await
        .unwrap();
    let Applied::Applied(application) = store
        .apply(
            first_profile,
            draft.id,
            "I cooked for 8 years",
            Actor::person(first.id),
            now,
        )
        .await
        .unwrap()
    else {
        panic!("applying to an open vacancy works")
    };
    assert_eq!(application.status, Submitted);
    assert_eq!(application.organisation_id, employer);
    assert!(
        store.disclosed_to(first_profile, employer).await.unwrap(),
        "applying reveals the profile to the employer"
    );
    assert_eq!(
        store
            .apply(
                first_profile,
                draft.id,
                "again",
                Actor::person(first.id),
                now
            )
            .await
            .unwrap(),
        Applied::AlreadyApplied
    );
    let Applied::Applied(other) = store
        .apply(second_profile, draft.id, "", Actor::person(second.id), now)
        .await
        .unwrap()
    else {
        panic!("a second person applies")
    };

    for (from, to) in [
        (Submitted, Reviewed),
        (Reviewed, Interview),
        (Interview, Offer),
    ] {
        let moved = store
            .move_application(application.id, &step(from, to, recruiter))
            .await
            .unwrap()
            .expect("the move applies");
        assert_eq!(moved.status, to);
    }
    assert_eq!(
        store
            .move_application(application.id, &step(Submitted, Rejected, recruiter))
            .await
            .unwrap(),
        None,
        "a move from a status the application left is refused"
    );
    let mut hire = step(Offer, Hired, recruiter);
    hire.reason = Some("welcome aboard".into());
    store
        .move_application(application.id, &hire)
        .await
        .unwrap()
        .expect("hired");

    let events = store.application_events(&[application.id]).await.unwrap();
    let statuses: Vec<_> = events.iter().map(|e| e.status).collect();
    assert_eq!(statuses, vec![Submitted, Reviewed, Interview, Offer, Hired]);
    assert_eq!(
        (events[0].actor_id, events[0].acting_for),
        (Some(first.id), None),
        "the person applied themselves"
    );
    assert_eq!(
        (events[4].actor_id, events[4].acting_for),
        (Some(recruiter.user), Some(employer))
    );
    assert_eq!(events[4].reason.as_deref(), Some("welcome aboard"));

    let placements = store.placements_of_profile(first_profile).await.unwrap();
    assert_eq!(placements.len(), 1);
    assert_eq!(
        placements[0].starts_on,
        NaiveDate::from_ymd_opt(2027, 4, 1).unwrap()
    );
    assert_eq!(placements[0].contract_type, ContractType::FixedTerm);
    assert_eq!(
        store.vacancies_by_ids(&[draft.id]).await.unwrap()[0].status,
        VacancyStatus::Filled,
        "its one position is filled"
    );
    // Applications to the vacancy, oldest first, a page at a time.
    let one = |after| PageRequest { first: 1, after };
    let page = store
        .applications_for_vacancy(draft.id, &one(None))
        .await
        .unwrap();
    assert_eq!((page.total_count, page.has_next_page), (2, true));
    assert_eq!(page.items[0].1.id, application.id, "the first to apply");
    let next = store
        .applications_for_vacancy(draft.id, &one(Some(page.items[0].0.clone())))
        .await
        .unwrap();
    assert_eq!((next.total_count, next.has_next_page), (2, false));
    assert_eq!(next.items[0].1.id, other.id);
    let mine = store
        .applications_of_profile(second_profile, &PageRequest::all())
        .await
        .unwrap()
        .into_values();
    assert_eq!(mine.len(), 1);
    assert_eq!(mine[0].id, other.id);
}

async fn skill(store: &dyn Store, uri: &str) -> SkillId {
    let mut import = store.begin_taxonomy_import().await.unwrap();
    import
        .upsert_skills(&[SkillRecord {
            uri: uri.into(),
            kind: ConceptKind::Skill,
            skill_type: Some(SkillType::SkillCompetence),
            reuse_level: None,
            status: None,
            modified_at: None,
            labels: Labels {
                lang: "en".into(),
                preferred: uri.into(),
                alt: vec![],
                hidden: vec![],
                description: None,
            },
        }])
        .await
        .unwrap();
    import.commit().await.unwrap();
    store.skill_by_uri(uri).await.unwrap().unwrap().id
}

/// A cohort of `seats` of a new provider's course teaching `skills`, with the trainer who
/// owns the provider.
pub(crate) async fn cohort(
    store: &dyn Store,
    seats: i32,
    skills: Vec<CourseSkill>,
) -> (Actor, CohortId) {
    let (trainer, provider) = organisation(store, OrganisationKind::TrainingProvider).await;
    let course = store
        .create_course(
            provider,
            &CourseDetails {
                title: "Kitchen basics".into(),
                description: String::new(),
                mode: CourseMode::Online,
                location: Location::default(),
                cost: None,
                credential_name: None,
                credential_eqf_level: None,
                audience: Audience::Jobseekers,
                min_language: None,
                teaches_language: None,
                childcare: false,
                stipend: false,
                transport: false,
                tracks: vec![],
                skills,
                languages: vec![LanguageCode::parse("de").unwrap()],
                prerequisites: vec![],
                min_eqf_level: None,
                prepares_support: vec![],
                origin_regions: vec![],
            },
        )
        .await
        .unwrap();
    let cohort = store
        .add_cohort(
            course.id,
            NaiveDate::from_ymd_opt(2027, 1, 10).unwrap(),
            None,
            seats,
        )
        .await
        .unwrap()
        .id;
    (Actor::member(trainer.id, provider), cohort)
}

pub async fn fifty_concurrent_enrolments_never_oversell_ten_seats(store: &dyn Store) {
    let mut people = Vec::new();
    for _ in 0..50 {
        let (user, profile) = person(store).await;
        people.push((Actor::person(user.id), profile));
    }
    // Twenty rounds, each a fresh cohort that fifty people rush at once.
    for round in 0..20 {
        let (_, cohort) = cohort(store, 10, vec![]).await;
        let outcomes = futures::future::join_all(
            people
                .iter()
                .map(|(user, p)| store.enrol(cohort, *p, false, *user, clock::now())),
        )
        .await;
        let mut confirmed = 0;
        let mut waitlisted = 0;
        for outcome in outcomes {
            match outcome.unwrap() {
                Enrolled::Enrolled(e) if e.status == EnrolmentStatus::Confirmed => confirmed += 1,
                Enrolled::Enrolled(e) if e.status == EnrolmentStatus::Waitlisted => waitlisted += 1,
                other => panic!("round {round}: {other:?}"),
            }
        }
        assert_eq!((confirmed, waitlisted), (10, 40), "round {round}");
        let stored = store
            .enrolments_of_cohort(cohort, &PageRequest::all())
            .await
            .unwrap()
            .into_values();
        let seats = stored
            .iter()
            .filter(|e| e.status == EnrolmentStatus::Confirmed)
            .count();
        assert_eq!(seats, 10, "round {round}: what is stored agrees");
    }
}

pub async fn cancellations_promote_the_waiting_list_and_completion_certifies(store: &dyn Store) {
    let cooking = skill(store, "http://data.europa.eu/esco/skill/test-cooking").await;
    let hygiene = skill(store, "http://data.europa.eu/esco/skill/test-hygiene").await;
    let (trainer, cohort) = cohort(
        store,
        1,
        vec![
            CourseSkill {
                skill_id: cooking,
                level_reached: Proficiency::Intermediate,
            },
            CourseSkill {
                skill_id: hygiene,
                level_reached: Proficiency::Basic,
            },
        ],
    )
    .await;
    let (first_user, first) = person(store).await;
    let (second_user, second) = person(store).await;
    let (third_user, third) = person(store).await;
    let [first_user, second_user, third_user] =
        [first_user, second_user, third_user].map(|u| Actor::person(u.id));
    let by: std::collections::HashMap<_, _> = [
        (first, first_user),
        (second, second_user),
        (third, third_user),
    ]
    .into();
    let enrol = |p, certify| store.enrol(cohort, p, certify, by[&p], clock::now());
    let Enrolled::Enrolled(seat) = enrol(first, false).await.unwrap() else {
        panic!()
    };
    let Enrolled::Enrolled(queued) = enrol(second, true).await.unwrap() else {
        panic!()
    };
    let Enrolled::Enrolled(last) = enrol(third, false).await.unwrap() else {
        panic!()
    };
    assert_eq!(seat.status, EnrolmentStatus::Confirmed);
    assert_eq!(queued.status, EnrolmentStatus::Waitlisted);
    assert!(matches!(
        enrol(second, true).await.unwrap(),
        Enrolled::AlreadyEnrolled(e) if e.id == queued.id
    ));

    // The seat goes to the first in the queue, not the last.
    let cancelled = store
        .cancel_enrolment(seat.id, first_user, clock::now())
        .await
        .unwrap()
        .expect("cancelled");
    assert_eq!(cancelled.cancelled.status, EnrolmentStatus::Cancelled);
    let promoted = cancelled.promoted.expect("someone moves up");
    assert_eq!(
        (promoted.id, promoted.status),
        (queued.id, EnrolmentStatus::Confirmed)
    );
    assert_eq!(
        store
            .enrolment_by_id(last.id)
            .await
            .unwrap()
            .unwrap()
            .status,
        EnrolmentStatus::Waitlisted
    );
    assert_eq!(
        store
            .cancel_enrolment(seat.id, first_user, clock::now())
            .await
            .unwrap(),
        None
    );
    // Each step is in the history with who made it; the waiting list is the provider's.
    let steps = |id| async move {
        store
            .enrolment_events(&[id])
            .await
            .unwrap()
            .into_iter()
            .map(|e| (e.status, e.actor_id, e.acting_for))
            .collect::<Vec<_>>()
    };
    use EnrolmentStatus::{Cancelled, Completed, Confirmed, Waitlisted};
    assert_eq!(
        steps(seat.id).await,
        [
            (Confirmed, Some(first_user.user), None),
            (Cancelled, Some(first_user.user), None)
        ]
    );
    assert_eq!(
        steps(queued.id).await,
        [
            (Waitlisted, Some(second_user.user), None),
            (Confirmed, None, trainer.acting_for)
        ]
    );

    // The person already holds hygiene at ADVANCED: certification never lowers a level.
    store
        .set_profile_skill(
            second,
            &NewProfileSkill {
                skill_id: hygiene,
                proficiency: Proficiency::Advanced,
                evidence: Evidence::SelfDeclared,
            },
        )
        .await
        .unwrap();
    assert_eq!(
        store
            .finish_enrolment(last.id, EnrolmentStatus::Completed, trainer, clock::now())
            .await
            .unwrap(),
        None,
        "only a confirmed seat is completed"
    );
    let done = store
        .finish_enrolment(queued.id, EnrolmentStatus::Completed, trainer, clock::now())
        .await
        .unwrap()
        .expect("completed");
    assert_eq!(done.status, EnrolmentStatus::Completed);
    assert_eq!(
        steps(queued.id).await.last(),
        Some(&(Completed, Some(trainer.user), trainer.acting_for))
    );
    let skills = store.profile_skills(second).await.unwrap();
    let find = |id| skills.iter().find(|s| s.skill.id == id).unwrap();
    assert_eq!(
        (find(cooking).proficiency, find(cooking).evidence),
        (Proficiency::Intermediate, Evidence::Certified)
    );
    assert_eq!(
        (find(hygiene).proficiency, find(hygiene).evidence),
        (Proficiency::Advanced, Evidence::Certified)
    );

    // Without the person's agreement, completing adds nothing.
    let Enrolled::Enrolled(fresh) = store
        .enrol(cohort, first, false, first_user, clock::now())
        .await
        .unwrap()
    else {
        panic!()
    };
    assert_eq!(
        fresh.status,
        EnrolmentStatus::Waitlisted,
        "re-enrolling queues again"
    );
    let history = store
        .enrolments_of_profile(first, &PageRequest::all())
        .await
        .unwrap()
        .into_values();
    assert_eq!(history.len(), 2, "the cancelled enrolment is kept");
    assert!(store.profile_skills(first).await.unwrap().is_empty());
}

pub async fn plan_steps_are_done_when_the_person_applies_or_holds_the_seat(store: &dyn Store) {
    use skillbridge_domain::action_plan::{
        GoalDetails, GoalKind, StepDetails, StepKind, StepStatus,
    };
    let (caseworker, centre) = {
        let owner = some_user(store, Role::Caseworker).await;
        let centre = store
            .create_organisation(
                NewOrganisation {
                    kind: OrganisationKind::SupportOrganisation,
                    name: "Centre".into(),
                    country_code: None,
                    website: None,
                },
                owner.id,
            )
            .await
            .unwrap();
        (owner, centre.id)
    };
    let (_, employer) = organisation(store, OrganisationKind::Employer).await;
    let open = store.create_vacancy(employer, &vacancy(1)).await.unwrap();
    let now = clock::now();
    store
        .transition_vacancy(open.id, VacancyStatus::Draft, VacancyStatus::Open, now)
        .await
        .unwrap();
    let (_, full) = cohort(store, 1, vec![]).await;
    let (user, profile) = person(store).await;
    let (other_user, other) = person(store).await;
    let goal = store
        .add_goal(
            profile,
            centre,
            &GoalDetails {
                kind: GoalKind::Other,
                description: "Work in a kitchen by spring".into(),
                occupation_id: None,
                language: None,
                qualification_id: None,
            },
            now,
        )
        .await
        .unwrap();
    let step = |kind, title: &str| StepDetails {
        kind,
        title: title.into(),
        goal_id: Some(goal.id),
        due_on: NaiveDate::from_ymd_opt(2027, 2, 1),
        vacancy_id: (kind == StepKind::Apply).then_some(open.id),
        cohort_id: (kind == StepKind::Enrol).then_some(full),
        appointment_at: None,
        note: "Bring your certificates".into(),
    };
    let apply = store
        .add_step(
            profile,
            centre,
            &step(StepKind::Apply, "Apply as a cook"),
            caseworker.id,
            now,
        )
        .await
        .unwrap();
    let enrol = store
        .add_step(
            profile,
            centre,
            &step(StepKind::Enrol, "Kitchen basics"),
            caseworker.id,
            now,
        )
        .await
        .unwrap();
    let documents = store
        .add_step(
            profile,
            centre,
            &step(StepKind::Documents, "Certificates"),
            caseworker.id,
            now,
        )
        .await
        .unwrap();
    assert_eq!(apply.status, StepStatus::Open);

    // Someone else applying or taking the last seat does nothing to this plan; the person
    // applying does.
    store
        .apply(other, open.id, "", Actor::person(other_user.id), now)
        .await
        .unwrap();
    store
        .enrol(full, other, false, Actor::person(other_user.id), now)
        .await
        .unwrap();
    let status = |id| async move { store.step_by_id(id).await.unwrap().unwrap().status };
    assert_eq!(status(apply.id).await, StepStatus::Open);
    store
        .apply(profile, open.id, "", Actor::person(user.id), now)
        .await
        .unwrap();
    assert_eq!(status(apply.id).await, StepStatus::Done);
    // Waitlisted is not a seat; the seat the waiting list hands on is.
    let Enrolled::Enrolled(waiting) = store
        .enrol(full, profile, false, Actor::person(user.id), now)
        .await
        .unwrap()
    else {
        panic!()
    };
    assert_eq!(waiting.status, EnrolmentStatus::Waitlisted);
    assert_eq!(status(enrol.id).await, StepStatus::Open);
    let seat = store
        .enrolments_of_cohort(full, &PageRequest::all())
        .await
        .unwrap()
        .into_values()
        .into_iter()
        .find(|e| e.profile_id == other)
        .unwrap();
    store
        .cancel_enrolment(seat.id, Actor::person(other_user.id), now)
        .await
        .unwrap();
    assert_eq!(status(enrol.id).await, StepStatus::Done);
    assert_eq!(status(documents.id).await, StepStatus::Open);

    // The plan reads back in order of due date, then as added; steps change as asked.
    let plan = store.action_plan(profile, centre).await.unwrap();
    assert_eq!(plan.goals, [goal]);
    assert_eq!(
        plan.steps.iter().map(|s| s.id).collect::<Vec<_>>(),
        [apply.id, enrol.id, documents.id]
    );
    assert!(plan.steps[0].completed_at.is_some());
    let mut changed = documents.details.clone();
    changed.note = "Translated copies too".into();
    changed.due_on = None;
    let saved = store
        .save_step(documents.id, &changed, StepStatus::Done, now)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (
            saved.details.note.as_str(),
            saved.status,
            saved.details.due_on
        ),
        ("Translated copies too", StepStatus::Done, None)
    );
    assert!(saved.completed_at.is_some());
    let reopened = store
        .save_step(documents.id, &changed, StepStatus::Open, now)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(reopened.completed_at, None);
    assert!(
        store
            .action_plan(other, centre)
            .await
            .unwrap()
            .steps
            .is_empty()
    );
    assert_eq!(store.action_plans_of(profile).await.unwrap().len(), 1);
}
