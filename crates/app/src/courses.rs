//! A trainer's courses and their cohorts. As for vacancies: what the trainer wrote is
//! resolved (ESCO URIs, language codes), the whole validated through the domain, written in
//! one transaction, and this process's search refreshed.

use chrono::NaiveDate;
use skillbridge_auth::CurrentUser;
use skillbridge_domain::course::{
    Cohort, Course, CourseDetails, CourseSkill, CourseStatus, MAX_COURSE_SKILLS, Prerequisite,
    cancel_reason_problem, seats_problem, validate_cohort, validate_course,
};
use skillbridge_domain::delegation::Actor;
use skillbridge_domain::enrolment::{CancelledCohort, Enrolment, UpdatedCohort};
use skillbridge_domain::profile::Proficiency;
use skillbridge_domain::search::DocumentKind;
use skillbridge_domain::{CohortId, FieldProblem, OrganisationId, ProblemCode, StoreResult, clock};

use crate::written::{Edit, LanguageLevelAsWritten, language_codes, language_level, values};
use crate::{App, ServiceError, ServiceResult};

/// A skill a course teaches as the trainer wrote it: by ESCO URI, with the level reached.
#[derive(Clone, Debug)]
pub struct CourseSkillAsWritten {
    pub skill_uri: String,
    pub level_reached: Proficiency,
}

/// A course as the trainer wrote it: `details` holds every plain field (for a change, the
/// course as it is with the changes applied); skills, languages and language levels come as
/// written and, when given, replace those of `details`.
#[derive(Clone, Debug)]
pub struct CourseForm {
    pub details: CourseDetails,
    /// `None` keeps the skills of `details`.
    pub skills: Option<Vec<CourseSkillAsWritten>>,
    /// Languages of instruction (ISO 639-1); `None` keeps those of `details`.
    pub languages: Option<Vec<String>>,
    /// Skills expected at the start, with the level; `None` keeps those of `details`.
    pub prerequisites: Option<Vec<CourseSkillAsWritten>>,
    pub min_language: Edit<LanguageLevelAsWritten>,
    /// For a language course: the language it teaches and the level it leads to.
    pub teaches_language: Edit<LanguageLevelAsWritten>,
}

/// The dates and seats of a cohort.
#[derive(Clone, Copy, Debug)]
pub struct CohortForm {
    pub starts_on: NaiveDate,
    pub ends_on: Option<NaiveDate>,
    pub seats: i32,
}

impl App {
    /// Saves a course for `organisation`; nothing is saved when any field is wrong, and every
    /// problem comes back with its field.
    pub async fn create_course(
        &self,
        organisation: OrganisationId,
        form: CourseForm,
    ) -> ServiceResult<Course> {
        let details = self.resolve_course(form).await?;
        let created = self.store.create_course(organisation, &details).await?;
        self.documents_changed(&[(DocumentKind::Course, *created.id.as_uuid())])
            .await;
        Ok(created)
    }

    /// The course's details as its trainer would write them: the base of a partial update.
    pub async fn course_details(&self, course: &Course) -> StoreResult<CourseDetails> {
        let ids = [course.id];
        let store = &self.store;
        Ok(course.details(
            values(store.course_skills(&ids).await?),
            values(store.course_languages(&ids).await?),
            values(store.course_tracks(&ids).await?),
            values(store.course_prerequisites(&ids).await?),
        ))
    }

    /// Replaces a published course's details with `form` (built on
    /// [`App::course_details`]); nothing is saved when any field is wrong, and an archived
    /// course does not change.
    pub async fn update_course(&self, course: &Course, form: CourseForm) -> ServiceResult<Course> {
        if course.status != CourseStatus::Published {
            return Err(course_archived().into());
        }
        let details = self.resolve_course(form).await?;
        let updated = self
            .store
            .update_course(course.id, &details)
            .await?
            .ok_or_else(course_archived)?;
        self.documents_changed(&[(DocumentKind::Course, *course.id.as_uuid())])
            .await;
        Ok(updated)
    }

    /// Archives a course: it leaves the catalogue and search, takes no new cohorts or
    /// enrolments, and keeps its cohorts and enrolments for the record.
    pub async fn archive_course(&self, course: &Course) -> ServiceResult<Course> {
        let archived = self
            .store
            .archive_course(course.id)
            .await?
            .ok_or(ServiceError::NotFound("course not found"))?;
        self.documents_changed(&[(DocumentKind::Course, *course.id.as_uuid())])
            .await;
        Ok(archived)
    }

    /// Changes a cohort's dates and seats, the trainer acting for the course's provider:
    /// seats given out are never taken back (SEATS_BELOW_CONFIRMED); seats added go to
    /// those waiting, in arrival order, who hear of it through `enrolmentUpdates`.
    pub async fn update_cohort(
        &self,
        user: &CurrentUser,
        cohort: CohortId,
        form: CohortForm,
    ) -> ServiceResult<(Cohort, Vec<Enrolment>)> {
        let (course, _) = self.owned_cohort(user, cohort).await?;
        let problems = validate_cohort(form.starts_on, form.ends_on, form.seats);
        if !problems.is_empty() {
            return Err(ServiceError::Invalid(problems));
        }
        let actor = Actor::member(user.id, course.organisation_id);
        let updated = self
            .store
            .update_cohort(
                cohort,
                form.starts_on,
                form.ends_on,
                form.seats,
                actor,
                clock::now(),
            )
            .await?;
        let outcome = match updated {
            UpdatedCohort::Updated { cohort, promoted } => (cohort, promoted),
            UpdatedCohort::NoSuchCohort => return Err(ServiceError::NotFound("cohort not found")),
            UpdatedCohort::Cancelled => return Err(cohort_cancelled().into()),
            UpdatedCohort::BelowTaken { taken } => {
                let problem = seats_problem(form.seats, taken).unwrap_or_else(|| {
                    FieldProblem::new("seats", ProblemCode::SeatsBelowConfirmed, "too few seats")
                });
                return Err(problem.into());
            }
        };
        self.documents_changed(&[(DocumentKind::Course, *course.id.as_uuid())])
            .await;
        Ok(outcome)
    }

    /// Cancels a cohort with a reason: every seat and waiting-list place in it ends
    /// CANCELLED_BY_PROVIDER, and the people hear of it through `enrolmentUpdates`.
    pub async fn cancel_cohort(
        &self,
        user: &CurrentUser,
        cohort: CohortId,
        reason: &str,
    ) -> ServiceResult<(Cohort, Vec<Enrolment>)> {
        let (course, _) = self.owned_cohort(user, cohort).await?;
        if let Some(problem) = cancel_reason_problem(reason) {
            return Err(problem.into());
        }
        let actor = Actor::member(user.id, course.organisation_id);
        let outcome = match self
            .store
            .cancel_cohort(cohort, reason, actor, clock::now())
            .await?
        {
            CancelledCohort::Cancelled { cohort, ended } => (cohort, ended),
            CancelledCohort::NoSuchCohort => {
                return Err(ServiceError::NotFound("cohort not found"));
            }
            CancelledCohort::AlreadyCancelled => return Err(cohort_cancelled().into()),
        };
        self.documents_changed(&[(DocumentKind::Course, *course.id.as_uuid())])
            .await;
        Ok(outcome)
    }

    /// Adds a cohort to `course`.
    pub async fn add_cohort(&self, course: &Course, form: CohortForm) -> ServiceResult<Cohort> {
        if course.status != CourseStatus::Published {
            return Err(course_archived().into());
        }
        let problems = validate_cohort(form.starts_on, form.ends_on, form.seats);
        if !problems.is_empty() {
            return Err(ServiceError::Invalid(problems));
        }
        let cohort = self
            .store
            .add_cohort(course.id, form.starts_on, form.ends_on, form.seats)
            .await?;
        self.documents_changed(&[(DocumentKind::Course, *course.id.as_uuid())])
            .await;
        Ok(cohort)
    }

    /// The details `form` describes, its URIs and codes resolved and the whole validated.
    async fn resolve_course(&self, form: CourseForm) -> ServiceResult<CourseDetails> {
        // Refuse an oversized list before resolving any of it.
        if form
            .skills
            .as_ref()
            .is_some_and(|s| s.len() > MAX_COURSE_SKILLS)
        {
            return Err(FieldProblem::new(
                "skills",
                ProblemCode::TooMany,
                format!("list at most {MAX_COURSE_SKILLS} skills"),
            )
            .into());
        }
        let mut problems = Vec::new();
        let mut details = form.details;
        if let Some(skills) = &form.skills {
            details.skills = self
                .skills_by_uri(
                    "skills",
                    skills,
                    |s| &s.skill_uri,
                    |s, skill_id| CourseSkill {
                        skill_id,
                        level_reached: s.level_reached,
                    },
                    &mut problems,
                )
                .await?;
        }
        if let Some(prerequisites) = &form.prerequisites {
            details.prerequisites = self
                .skills_by_uri(
                    "prerequisites",
                    prerequisites,
                    |s| &s.skill_uri,
                    |s, skill_id| Prerequisite {
                        skill_id,
                        level: s.level_reached,
                    },
                    &mut problems,
                )
                .await?;
        }
        if let Some(languages) = &form.languages {
            details.languages = language_codes(languages, &mut problems);
        }
        details.min_language = match form.min_language {
            Edit::Keep => details.min_language,
            Edit::Clear => None,
            Edit::Set(m) => language_level("minLanguage", "level", &m, &mut problems),
        };
        details.teaches_language = match form.teaches_language {
            Edit::Keep => details.teaches_language,
            Edit::Clear => None,
            Edit::Set(t) => language_level("teachesLanguage", "levelReached", &t, &mut problems),
        };
        problems.extend(validate_course(&details));
        if problems.is_empty() {
            Ok(details)
        } else {
            Err(ServiceError::Invalid(problems))
        }
    }
}

fn course_archived() -> FieldProblem {
    FieldProblem::new(
        "courseId",
        ProblemCode::CourseArchived,
        "an archived course does not change",
    )
}

fn cohort_cancelled() -> FieldProblem {
    FieldProblem::new(
        "cohortId",
        ProblemCode::CohortCancelled,
        "a cancelled cohort does not change",
    )
}
