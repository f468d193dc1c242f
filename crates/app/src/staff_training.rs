//! Employers train their staff: members of an employer book seats in cohorts of courses for
//! employers' staff (intercultural and inclusion training), all or none, counted against
//! the cohort's seats like anyone's; the employer and the training provider see the
//! booking and its participants' names.

use skillbridge_auth::CurrentUser;
use skillbridge_domain::course::{Audience, CourseStatus};
use skillbridge_domain::delegation::Actor;
use skillbridge_domain::enrolment::{StaffEnrolled, StaffEnrolment, validate_staff_enrolment};
use skillbridge_domain::{
    CohortId, FieldProblem, OrganisationId, OrganisationKind, ProblemCode, clock, policy,
};
use uuid::Uuid;

use crate::{App, ServiceError, ServiceResult};

impl App {
    /// A member of the employer `organisation` books `seats` in `cohort` for the staff
    /// `names` (at most one a seat).
    pub async fn enrol_staff(
        &self,
        user: &CurrentUser,
        cohort: CohortId,
        organisation: OrganisationId,
        seats: i32,
        names: Vec<String>,
    ) -> ServiceResult<StaffEnrolment> {
        let employer = self
            .acting_for(user, organisation, OrganisationKind::Employer)
            .await?;
        let mut problems = validate_staff_enrolment(seats, &names);
        let found = self.store.cohorts_by_ids(&[cohort]).await?.pop();
        let course = match &found {
            Some(c) => self.store.courses_by_ids(&[c.course_id]).await?.pop(),
            None => None,
        };
        match course {
            None => problems.push(FieldProblem::new(
                "cohortId",
                ProblemCode::NotFound,
                "no such cohort",
            )),
            Some(course) if course.audience != Audience::EmployerStaff => {
                problems.push(FieldProblem::new(
                    "cohortId",
                    ProblemCode::NotForEmployerStaff,
                    "this course is for job seekers: book an EMPLOYER_STAFF course",
                ));
            }
            Some(course) if course.status != CourseStatus::Published => {
                problems.push(FieldProblem::new(
                    "cohortId",
                    ProblemCode::CourseArchived,
                    "this course is no longer offered",
                ));
            }
            Some(_) => {}
        }
        if !problems.is_empty() {
            return Err(ServiceError::Invalid(problems));
        }
        let actor = Actor::member(user.id, employer.id);
        let booked = self
            .store
            .enrol_staff(cohort, employer.id, seats, &names, actor, clock::now())
            .await?;
        let booking = match booked {
            StaffEnrolled::Enrolled(booking) => booking,
            StaffEnrolled::NoSuchCohort => {
                return Err(
                    FieldProblem::new("cohortId", ProblemCode::NotFound, "no such cohort").into(),
                );
            }
            StaffEnrolled::CohortCancelled => {
                return Err(FieldProblem::new(
                    "cohortId",
                    ProblemCode::CohortCancelled,
                    "the provider cancelled this cohort",
                )
                .into());
            }
            StaffEnrolled::NotEnoughSeats { left } => {
                return Err(FieldProblem::new(
                    "seats",
                    ProblemCode::NotEnoughSeats,
                    format!("{left} seats are left in this cohort"),
                )
                .into());
            }
        };
        self.seats_changed(cohort).await?;
        Ok(booking)
    }

    /// Cancels a booking, by the employer that made it or the provider that runs the
    /// cohort; its seats are free again.
    pub async fn cancel_staff_enrolment(
        &self,
        user: &CurrentUser,
        id: Option<Uuid>,
    ) -> ServiceResult<StaffEnrolment> {
        let booking = self
            .visible_staff_enrolment(user, id)
            .await?
            .ok_or_else(|| {
                FieldProblem::new(
                    "staffEnrolmentId",
                    ProblemCode::NotFound,
                    "no such booking of your organisation's or in your cohorts",
                )
            })?;
        let cancelled = self
            .store
            .cancel_staff_enrolment(booking.id, clock::now())
            .await?
            .ok_or_else(|| {
                FieldProblem::new(
                    "staffEnrolmentId",
                    ProblemCode::InvalidTransition,
                    "this booking is cancelled already",
                )
            })?;
        self.seats_changed(booking.cohort_id).await?;
        Ok(cancelled)
    }

    /// A booking, for members of the employer that made it and of the provider that runs
    /// the cohort; `None` for anyone else.
    pub async fn visible_staff_enrolment(
        &self,
        user: &CurrentUser,
        id: Option<Uuid>,
    ) -> ServiceResult<Option<StaffEnrolment>> {
        let Some(id) = id else {
            return Ok(None);
        };
        let Some(booking) = self.store.staff_enrolment_by_id(id).await? else {
            return Ok(None);
        };
        let memberships = self.memberships(user).await?;
        if policy::is_member(&memberships, booking.organisation_id) {
            return Ok(Some(booking));
        }
        let provider = self.owned_cohort(user, booking.cohort_id).await.is_ok();
        Ok(provider.then_some(booking))
    }

    /// The employer's bookings, newest first: for its members.
    pub async fn staff_enrolments_of_organisation(
        &self,
        user: &CurrentUser,
        organisation: OrganisationId,
    ) -> ServiceResult<Vec<StaffEnrolment>> {
        let employer = self
            .acting_for(user, organisation, OrganisationKind::Employer)
            .await?;
        Ok(self
            .store
            .staff_enrolments_of_organisation(employer.id)
            .await?)
    }

    /// The bookings in a cohort, oldest first: for the provider's trainers.
    pub async fn staff_enrolments_of_cohort(
        &self,
        user: &CurrentUser,
        cohort: CohortId,
    ) -> ServiceResult<Vec<StaffEnrolment>> {
        let (_, cohort) = self.owned_cohort(user, cohort).await?;
        Ok(self.store.staff_enrolments_of_cohort(cohort.id).await?)
    }
}
