//! An employer's vacancies: written as a draft, changed while DRAFT or OPEN, published and
//! closed. Each use case resolves what the employer wrote (ESCO URIs, language codes),
//! validates the whole through the domain, writes in one transaction that records the
//! change, and refreshes this process's match index and search.

use skillbridge_domain::profile::Proficiency;
use skillbridge_domain::search::DocumentKind;
use skillbridge_domain::vacancy::{
    EDITABLE, MAX_SKILLS, Requirement, Vacancy, VacancyDetails, VacancyLanguage, VacancySkill,
    VacancyStatus, may_publish, validate_vacancy,
};
use skillbridge_domain::{FieldProblem, OrganisationId, ProblemCode, StoreResult, clock};

use crate::written::{Edit, LanguageLevelAsWritten, language_level, values};
use crate::{App, ServiceError, ServiceResult};

/// A skill requirement as the employer wrote it: the skill by its ESCO URI.
#[derive(Clone, Debug)]
pub struct SkillAsWritten {
    pub skill_uri: String,
    pub requirement: Requirement,
    pub min_proficiency: Option<Proficiency>,
}

/// A vacancy as the employer wrote it: `details` holds every plain field; the occupation,
/// skills and languages come as written and replace those of `details` when given.
#[derive(Clone, Debug)]
pub struct VacancyForm {
    pub details: VacancyDetails,
    /// An ESCO occupation URI.
    pub occupation_uri: Edit<String>,
    pub skills: Option<Vec<SkillAsWritten>>,
    /// Each with its minimum level.
    pub languages: Option<Vec<LanguageLevelAsWritten>>,
}

impl App {
    /// Saves a DRAFT vacancy for `organisation`; nothing is saved when any field is wrong,
    /// and every problem comes back with its field.
    pub async fn create_vacancy(
        &self,
        organisation: OrganisationId,
        form: VacancyForm,
    ) -> ServiceResult<Vacancy> {
        let details = self.resolve_vacancy(form).await?;
        let created = self.store.create_vacancy(organisation, &details).await?;
        self.documents_changed(&[(DocumentKind::Vacancy, *created.id.as_uuid())])
            .await;
        Ok(created)
    }

    /// The vacancy as its employer edits it: its details with every child list.
    pub async fn vacancy_details(&self, vacancy: &Vacancy) -> StoreResult<VacancyDetails> {
        let ids = [vacancy.id];
        let store = &self.store;
        Ok(vacancy.details(
            values(store.vacancy_skills(&ids).await?),
            values(store.vacancy_languages(&ids).await?),
            values(store.vacancy_support(&ids).await?),
            values(store.vacancy_tracks(&ids).await?),
        ))
    }

    /// Replaces a DRAFT or OPEN vacancy's details with `form` (built on
    /// [`App::vacancy_details`]); nothing is saved when any field is wrong.
    pub async fn update_vacancy(
        &self,
        vacancy: &Vacancy,
        form: VacancyForm,
    ) -> ServiceResult<Vacancy> {
        if !EDITABLE.contains(&vacancy.status) {
            return Err(not_editable(format!(
                "a {} vacancy can no longer be changed",
                vacancy.status.code()
            )));
        }
        let details = self.resolve_vacancy(form).await?;
        let updated = self
            .store
            .update_vacancy(vacancy.id, EDITABLE, &details)
            .await?
            .ok_or_else(|| not_editable("the vacancy was closed meanwhile".into()))?;
        self.vacancy_changed(updated.id).await;
        Ok(updated)
    }

    /// Moves a vacancy to `to`: a DRAFT is published (OPEN), an OPEN one closed.
    pub async fn move_vacancy(
        &self,
        vacancy: &Vacancy,
        to: VacancyStatus,
    ) -> ServiceResult<Vacancy> {
        let from = match to {
            VacancyStatus::Open if may_publish(vacancy.status) => VacancyStatus::Draft,
            VacancyStatus::Closed if vacancy.status == VacancyStatus::Open => VacancyStatus::Open,
            _ => {
                return Err(invalid_transition(format!(
                    "a {} vacancy cannot become {}",
                    vacancy.status.code(),
                    to.code()
                )));
            }
        };
        let moved = self
            .store
            .transition_vacancy(vacancy.id, from, to, clock::now())
            .await?
            .ok_or_else(|| invalid_transition("the vacancy changed meanwhile; reload it".into()))?;
        self.vacancy_changed(moved.id).await;
        Ok(moved)
    }

    /// The details `form` describes, its URIs and codes resolved and the whole validated.
    async fn resolve_vacancy(&self, form: VacancyForm) -> ServiceResult<VacancyDetails> {
        // Refuse an oversized list before resolving any of it.
        if form.skills.as_ref().is_some_and(|s| s.len() > MAX_SKILLS) {
            return Err(FieldProblem::new(
                "skills",
                ProblemCode::TooMany,
                format!("list at most {MAX_SKILLS} skills"),
            )
            .into());
        }
        let mut problems = Vec::new();
        let mut details = form.details;
        if let Some(skills) = form.skills {
            details.skills = self
                .skills_by_uri(
                    "skills",
                    &skills,
                    |s| &s.skill_uri,
                    |s, skill_id| VacancySkill {
                        skill_id,
                        requirement: s.requirement,
                        min_proficiency: s.min_proficiency,
                    },
                    &mut problems,
                )
                .await?;
        }
        if let Some(languages) = form.languages {
            details.languages = languages
                .iter()
                .enumerate()
                .filter_map(|(i, l)| {
                    language_level(&format!("languages[{i}]"), "minLevel", l, &mut problems)
                })
                .map(|(language, min_level)| VacancyLanguage {
                    language,
                    min_level,
                })
                .collect();
        }
        match form.occupation_uri {
            Edit::Keep => {}
            Edit::Clear => details.occupation_id = None,
            Edit::Set(uri) => {
                details.occupation_id = self.occupation_by_uri(&uri, &mut problems).await?;
            }
        }
        problems.extend(validate_vacancy(&details));
        if problems.is_empty() {
            Ok(details)
        } else {
            Err(ServiceError::Invalid(problems))
        }
    }
}

fn not_editable(message: String) -> ServiceError {
    FieldProblem::new("vacancyId", ProblemCode::NotEditable, message).into()
}

fn invalid_transition(message: String) -> ServiceError {
    FieldProblem::new("vacancyId", ProblemCode::InvalidTransition, message).into()
}
