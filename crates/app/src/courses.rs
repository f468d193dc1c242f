//! A trainer's courses and their cohorts. As for vacancies: what the trainer wrote is
//! resolved (ESCO URIs, language codes), the whole validated through the domain, written in
//! one transaction, and this process's search refreshed.

use chrono::NaiveDate;
use skillbridge_domain::course::{
    Cohort, Course, CourseDetails, CourseSkill, MAX_COURSE_SKILLS, validate_cohort, validate_course,
};
use skillbridge_domain::profile::Proficiency;
use skillbridge_domain::search::DocumentKind;
use skillbridge_domain::{FieldProblem, OrganisationId, ProblemCode};

use crate::written::{LanguageLevelAsWritten, language_codes, language_level};
use crate::{App, ServiceError, ServiceResult};

/// A skill a course teaches as the trainer wrote it: by ESCO URI, with the level reached.
#[derive(Clone, Debug)]
pub struct CourseSkillAsWritten {
    pub skill_uri: String,
    pub level_reached: Proficiency,
}

/// A course as the trainer wrote it: `details` holds every plain field; skills and
/// languages come as written and replace those of `details`.
#[derive(Clone, Debug)]
pub struct CourseForm {
    pub details: CourseDetails,
    pub skills: Vec<CourseSkillAsWritten>,
    /// Languages of instruction (ISO 639-1).
    pub languages: Vec<String>,
    pub min_language: Option<LanguageLevelAsWritten>,
    /// For a language course: the language it teaches and the level it leads to.
    pub teaches_language: Option<LanguageLevelAsWritten>,
}

/// The dates and seats of a new cohort.
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

    /// Adds a cohort to `course`.
    pub async fn add_cohort(&self, course: &Course, form: CohortForm) -> ServiceResult<Cohort> {
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
        if form.skills.len() > MAX_COURSE_SKILLS {
            return Err(FieldProblem::new(
                "skills",
                ProblemCode::TooMany,
                format!("list at most {MAX_COURSE_SKILLS} skills"),
            )
            .into());
        }
        let mut problems = Vec::new();
        let mut details = form.details;
        details.skills = self
            .skills_by_uri(
                &form.skills,
                |s| &s.skill_uri,
                |s, skill_id| CourseSkill {
                    skill_id,
                    level_reached: s.level_reached,
                },
                &mut problems,
            )
            .await?;
        details.languages = language_codes(&form.languages, &mut problems);
        details.min_language = form
            .min_language
            .and_then(|m| language_level("minLanguage", "level", &m, &mut problems));
        details.teaches_language = form
            .teaches_language
            .and_then(|t| language_level("teachesLanguage", "levelReached", &t, &mut problems));
        problems.extend(validate_course(&details));
        if problems.is_empty() {
            Ok(details)
        } else {
            Err(ServiceError::Invalid(problems))
        }
    }
}
