//! Employers train their staff: members of an employer book seats in cohorts of courses for
//! employers' staff (intercultural and inclusion training), all or none, counted against
//! the cohort's seats like anyone's; the employer and the training provider see the
//! booking and its participants' names.

use skillbridge_auth::CurrentUser;
use std::collections::HashMap;

use skillbridge_domain::course::{Audience, Cohort, Course, CourseMode, CourseStatus};
use skillbridge_domain::delegation::Actor;
use skillbridge_domain::employment::InclusionSupport;
use skillbridge_domain::enrolment::{StaffEnrolled, StaffEnrolment, validate_staff_enrolment};
use skillbridge_domain::staff_training::{
    EmployerNeeds, StaffCourse, StaffCourseFit, hire_regions, staff_course_fit,
};
use skillbridge_domain::vacancy::{VacancyFilter, VacancyStatus};
use skillbridge_domain::{
    CohortId, FieldProblem, OrganisationId, OrganisationKind, ProblemCode, clock, policy,
};
use skillbridge_domain::{Organisation, PageRequest, ProfileId};
use uuid::Uuid;

use crate::{App, ServiceError, ServiceResult};

/// How many recommendable courses for staff are read at most.
const STAFF_COURSES_READ: usize = 500;

/// A course for staff recommended to an employer, with its soonest cohort with seats left
/// and why.
#[derive(Clone, Debug)]
pub struct StaffCourseRecommendation {
    pub course: Course,
    pub cohort: Cohort,
    pub seats_left: i64,
    pub fit: StaffCourseFit,
}

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

    /// Courses for staff recommended to the employer `organisation`, best first, at most
    /// `first`, each with its soonest cohort with seats left: for its members. The
    /// employer's needs are read in aggregate only (see [`EmployerNeeds`]).
    pub async fn staff_course_recommendations(
        &self,
        user: &CurrentUser,
        organisation: OrganisationId,
        first: usize,
    ) -> ServiceResult<Vec<StaffCourseRecommendation>> {
        let employer = self
            .acting_for(user, organisation, OrganisationKind::Employer)
            .await?;
        let needs = self.employer_needs(&employer).await?;
        let today = clock::today();
        let ids = self.store.staff_courses(today, STAFF_COURSES_READ).await?;
        let courses = self.store.courses_by_ids(&ids).await?;
        let cohorts = self.store.cohorts_of(&ids).await?;
        let cohort_ids: Vec<CohortId> = cohorts.iter().map(|c| c.id).collect();
        let taken: HashMap<CohortId, i64> = self
            .store
            .seats_taken(&cohort_ids)
            .await?
            .into_iter()
            .collect();
        let mut recommended: Vec<StaffCourseRecommendation> = courses
            .into_iter()
            .filter_map(|course| {
                let fit = staff_course_fit(
                    StaffCourse {
                        prepares: &course.prepares_support,
                        covers: &course.origin_regions,
                        online: course.mode == CourseMode::Online,
                        country: course.location.country_code.as_deref(),
                    },
                    &needs,
                )?;
                // Cohorts come earliest first: the first open one ahead with a seat left.
                let (cohort, seats_left) = cohorts
                    .iter()
                    .filter(|c| c.course_id == course.id && c.is_open() && c.starts_on >= today)
                    .map(|c| {
                        (
                            c,
                            i64::from(c.seats) - taken.get(&c.id).copied().unwrap_or(0),
                        )
                    })
                    .find(|(_, left)| *left > 0)?;
                Some(StaffCourseRecommendation {
                    cohort: cohort.clone(),
                    seats_left,
                    course,
                    fit,
                })
            })
            .collect();
        recommended.sort_by(|a, b| {
            b.fit
                .score
                .total_cmp(&a.fit.score)
                .then(a.cohort.starts_on.cmp(&b.cohort.starts_on))
                .then(a.course.id.cmp(&b.course.id))
        });
        recommended.truncate(first);
        Ok(recommended)
    }

    /// What the employer's vacancies offer (DRAFT ones aside) and the regions at least
    /// [`MIN_HIRES_PER_REGION`](skillbridge_domain::staff_training::MIN_HIRES_PER_REGION)
    /// of the people it hired who consented to ANALYTICS come from.
    async fn employer_needs(&self, employer: &Organisation) -> ServiceResult<EmployerNeeds> {
        let filter = VacancyFilter {
            organisation: Some(employer.id),
            statuses: vec![
                VacancyStatus::Open,
                VacancyStatus::Closed,
                VacancyStatus::Filled,
            ],
            ..Default::default()
        };
        let mut vacancies = Vec::new();
        let mut after = None;
        loop {
            let page = self
                .store
                .find_vacancies(
                    &filter,
                    &PageRequest {
                        first: 500,
                        after: after.clone(),
                    },
                )
                .await?;
            after = page.items.last().map(|(position, _)| position.clone());
            vacancies.extend(page.items.into_iter().map(|(_, v)| v.id));
            if !page.has_next_page {
                break;
            }
        }
        let mut support: Vec<(InclusionSupport, usize)> = Vec::new();
        for (_, offered) in self.store.vacancy_support(&vacancies).await? {
            match support.iter_mut().find(|(s, _)| *s == offered) {
                Some((_, count)) => *count += 1,
                None => support.push((offered, 1)),
            }
        }
        let mut hired: Vec<ProfileId> = self
            .store
            .placements_of_employer(employer.id)
            .await?
            .into_iter()
            .map(|p| p.profile_id)
            .collect();
        hired.sort();
        hired.dedup();
        let people = self.counted_people(&hired).await?;
        let origins = people
            .iter()
            .map(|p| p.details.country_of_origin.as_deref());
        Ok(EmployerNeeds {
            country: employer.country_code.clone(),
            vacancies: vacancies.len(),
            support,
            hire_regions: hire_regions(origins),
        })
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
