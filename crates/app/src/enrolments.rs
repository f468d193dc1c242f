//! Enrolments: a person takes a seat in a cohort (CONFIRMED while seats remain, else
//! WAITLISTED), gives it up (the first on the waiting list gets it), and the provider marks
//! it COMPLETED or DROPPED (completing can certify the course's skills on the profile).
//! Seats show in the course's search document, refreshed at once for the caller.

use skillbridge_auth::CurrentUser;
use skillbridge_domain::course::{Offer, Prerequisite, eligibility_problems, unmet_prerequisites};
use skillbridge_domain::delegation::Actor;
use skillbridge_domain::delegation::DelegationScope;
use skillbridge_domain::enrolment::{Cancelled, Enrolled, Enrolment, EnrolmentStatus};
use skillbridge_domain::profile::Profile;
use skillbridge_domain::search::DocumentKind;
use skillbridge_domain::{CohortId, FieldProblem, ProblemCode, StoreResult, clock};
use uuid::Uuid;

use crate::access::ProfileTarget;
use crate::pathways::PersonFacts;
use crate::{App, ServiceError, ServiceResult};

/// Whether a person may enrol in a cohort: every rule unmet (none: they may), and the
/// prerequisite skills they lack.
#[derive(Clone, Debug)]
pub struct CohortEligibility {
    pub problems: Vec<FieldProblem>,
    pub unmet: Vec<Prerequisite>,
}

/// What enrolling did.
#[derive(Clone, Debug)]
pub enum Enrolling {
    /// A new seat or waiting-list place.
    New(Enrolment),
    /// The seat or place the person held already (nothing changed).
    Existing(Enrolment),
}

impl App {
    /// An enrolment in a cohort of a training provider the caller acts for, with the
    /// caller acting for that provider: NOT_FOUND when there is none, FORBIDDEN when it is
    /// another provider's.
    pub async fn provider_enrolment(
        &self,
        user: &CurrentUser,
        id: Option<Uuid>,
    ) -> ServiceResult<(Enrolment, Actor)> {
        let not_found = ServiceError::NotFound("enrolment not found");
        let enrolment = match id {
            Some(id) => self.store.enrolment_by_id(id).await?.ok_or(not_found)?,
            None => return Err(not_found),
        };
        let (course, _) = self.owned_cohort(user, enrolment.cohort_id).await?;
        Ok((enrolment, Actor::member(user.id, course.organisation_id)))
    }

    /// The enrolment `id` of `profile` (the caller's own or a client's, found by
    /// [`App::acted_on`]); `None` when the person has none with that id (`id` is `None` for
    /// an id that names no enrolment at all).
    pub async fn enrolment_of(
        &self,
        profile: &Profile,
        id: Option<Uuid>,
    ) -> ServiceResult<Option<Enrolment>> {
        let found = match id {
            Some(id) => self.store.enrolment_by_id(id).await?,
            None => None,
        };
        Ok(found.filter(|e| e.profile_id == profile.id))
    }

    /// `profile` takes a seat in `cohort` when eligible for its course, `actor` acting.
    pub async fn enrol(
        &self,
        profile: &Profile,
        cohort: CohortId,
        certify_skills: bool,
        actor: Actor,
    ) -> ServiceResult<Enrolling> {
        let problems = self.eligibility(profile, cohort).await?.problems;
        if !problems.is_empty() {
            return Err(ServiceError::Invalid(problems));
        }
        let enrolled = self
            .store
            .enrol(cohort, profile.id, certify_skills, actor, clock::now())
            .await?;
        let enrolling = match enrolled {
            Enrolled::Enrolled(enrolment) => Enrolling::New(enrolment),
            Enrolled::AlreadyEnrolled(enrolment) => Enrolling::Existing(enrolment),
            Enrolled::NoSuchCohort => {
                return Err(
                    FieldProblem::new("cohortId", ProblemCode::NotFound, "no such cohort").into(),
                );
            }
            Enrolled::CohortCancelled => {
                return Err(FieldProblem::new(
                    "cohortId",
                    ProblemCode::CohortCancelled,
                    "the provider cancelled this cohort",
                )
                .into());
            }
        };
        self.seats_changed(cohort).await?;
        Ok(enrolling)
    }

    /// Gives up `enrolment`'s seat or place, `actor` acting; a freed seat goes to the first
    /// waiting.
    pub async fn cancel_enrolment(
        &self,
        enrolment: &Enrolment,
        actor: Actor,
    ) -> ServiceResult<Cancelled> {
        let cancelled = self
            .store
            .cancel_enrolment(enrolment.id, actor, clock::now())
            .await?
            .ok_or_else(|| {
                invalid_transition(format!(
                    "a {} enrolment cannot be cancelled",
                    enrolment.status.code()
                ))
            })?;
        self.seats_changed(enrolment.cohort_id).await?;
        Ok(cancelled)
    }

    /// Marks a CONFIRMED enrolment `outcome` (COMPLETED or DROPPED), `actor` acting.
    pub async fn finish_enrolment(
        &self,
        enrolment: &Enrolment,
        outcome: EnrolmentStatus,
        actor: Actor,
    ) -> ServiceResult<Enrolment> {
        let finished = self
            .store
            .finish_enrolment(enrolment.id, outcome, actor, clock::now())
            .await?
            .ok_or_else(|| {
                invalid_transition(format!(
                    "a {} enrolment cannot become {}",
                    enrolment.status.code(),
                    outcome.code()
                ))
            })?;
        if finished.status == EnrolmentStatus::Completed && finished.certify_skills {
            // The course's skills are on the profile now.
            self.profile_changed(finished.profile_id).await;
        }
        Ok(finished)
    }

    /// The enrolment's place on its cohort's waiting list while WAITLISTED (1 is next).
    pub async fn waitlist_position(&self, enrolment: &Enrolment) -> ServiceResult<Option<i64>> {
        if enrolment.status != EnrolmentStatus::Waitlisted {
            return Ok(None);
        }
        Ok(self.store.waitlist_position(enrolment.id).await?)
    }

    /// Whether the person `target` names (the caller, or a client) may enrol in `cohort`,
    /// and if not, why: every rule unmet, with the prerequisite skills they lack.
    pub async fn cohort_eligibility(
        &self,
        user: &CurrentUser,
        target: ProfileTarget,
        cohort: CohortId,
    ) -> ServiceResult<CohortEligibility> {
        let Some(profile) = self.acted_on(user, target, DelegationScope::View).await? else {
            return Ok(CohortEligibility {
                problems: vec![FieldProblem::new(
                    "profileId",
                    ProblemCode::ProfileRequired,
                    "create your profile first",
                )],
                unmet: Vec::new(),
            });
        };
        Ok(self.eligibility(&profile, cohort).await?)
    }

    /// What stops the person enrolling in the cohort's course, if anything (an unknown
    /// cohort is left to the store to report).
    async fn eligibility(
        &self,
        profile: &Profile,
        cohort: CohortId,
    ) -> StoreResult<CohortEligibility> {
        let store = &self.store;
        let nothing = CohortEligibility {
            problems: Vec::new(),
            unmet: Vec::new(),
        };
        let Some(cohort) = store.cohorts_by_ids(&[cohort]).await?.pop() else {
            return Ok(nothing);
        };
        let Some(course) = store.courses_by_ids(&[cohort.course_id]).await?.pop() else {
            return Ok(nothing);
        };
        let tracks: Vec<_> = store
            .course_tracks(&[course.id])
            .await?
            .into_iter()
            .map(|(_, track)| track)
            .collect();
        let prerequisites: Vec<_> = store
            .course_prerequisites(&[course.id])
            .await?
            .into_iter()
            .map(|(_, p)| p)
            .collect();
        let offer = Offer {
            course: &course,
            cohort: &cohort,
            tracks: &tracks,
            prerequisites: &prerequisites,
        };
        let person = PersonFacts::of(store, profile).await?;
        let applicant = person.applicant();
        Ok(CohortEligibility {
            problems: eligibility_problems(&offer, &applicant),
            unmet: unmet_prerequisites(&prerequisites, applicant.skills),
        })
    }

    /// After seats in `cohort` changed: its course's free seats in search, at once.
    pub(crate) async fn seats_changed(&self, cohort: CohortId) -> StoreResult<()> {
        let courses: Vec<_> = self
            .store
            .cohorts_by_ids(&[cohort])
            .await?
            .iter()
            .map(|c| (DocumentKind::Course, *c.course_id.as_uuid()))
            .collect();
        self.documents_changed(&courses).await;
        Ok(())
    }
}

fn invalid_transition(message: String) -> ServiceError {
    FieldProblem::new("enrolmentId", ProblemCode::InvalidTransition, message).into()
}
