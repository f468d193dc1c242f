//! What a person lacks and the courses that close it: the gap to one OPEN vacancy with the
//! course and language-course pathways, and the courses that would unlock most of the
//! person's nearest vacancies. The rules are the domain's (`pathway`, `recommend`); this
//! module reads what they need.

use std::collections::HashMap;

use chrono::Utc;
use skillbridge_domain::course::{Cohort, Course};
use skillbridge_domain::matching::{
    self as domain, Exclusion, LanguageFit, RequirementFit, language_fits, requirement_fits,
};
use skillbridge_domain::pathway::{
    CohortOption, Gap, LanguagePathway, Pathway, available, language_pathway, pathway,
};
use skillbridge_domain::profile::{Proficiency, Profile};
use skillbridge_domain::recommend::{CourseOffer, VacancyGaps, recommend};
use skillbridge_domain::taxonomy::Skill;
use skillbridge_domain::vacancy::{Requirement, Vacancy, VacancyStatus};
use skillbridge_domain::{CohortId, CourseId, LanguageCode, SkillId, VacancyId, clock};

use crate::matching::{opening_of, seeker_of, tree_for};
use crate::pathways::{cohort_options, options_teaching};
use crate::{App, ServiceError, ServiceResult};

/// How many of the person's nearest vacancies recommendations look at.
const NEAREST_VACANCIES: usize = 200;

/// Shortage vacancies count this many times in a course's weight.
const SHORTAGE_WEIGHT: f64 = 2.0;

/// What a person lacks for a vacancy and the cohorts that would close it.
#[derive(Clone, Debug)]
pub struct SkillGap {
    pub vacancy: Vacancy,
    /// The match score, or the hard limit that rules the vacancy out.
    pub score: Result<f64, Exclusion>,
    /// Requirements not fully met, essential first.
    pub missing: Vec<RequirementFit>,
    /// Required languages held below the level asked, or not at all.
    pub language_gaps: Vec<LanguageFit>,
    pub pathway: Pathway,
    pub language_pathway: LanguagePathway,
    /// The courses and cohorts both pathways name.
    pub courses: HashMap<CourseId, Course>,
    pub cohorts: HashMap<CohortId, Cohort>,
    /// The missing skills.
    pub skills: Vec<Skill>,
}

/// A course and the doors it would open for the person.
#[derive(Clone, Debug)]
pub struct Recommendation {
    pub course: Course,
    /// The soonest cohort the person can take.
    pub next_cohort: Cohort,
    /// Open vacancies whose every missing essential skill the course teaches.
    pub unlocks: Vec<Vacancy>,
    /// Unlocked vacancies, shortage ones counting double.
    pub weight: f64,
    /// How many open vacancies it closes at least one gap for.
    pub helps: usize,
}

/// The gap a requirement leaves: its skill at the level asked (BASIC when none is).
fn gap(r: &RequirementFit) -> Gap {
    Gap {
        skill: r.need.skill,
        required: r.need.min_proficiency.unwrap_or(Proficiency::Basic),
    }
}

/// Of each course, its soonest cohort among `options` the person can take.
fn soonest_cohorts<'a>(
    options: &'a [CohortOption],
    seeker: &domain::Seeker,
) -> HashMap<CourseId, &'a CohortOption> {
    let today = Utc::now().date_naive();
    let mut soonest: HashMap<CourseId, &CohortOption> = HashMap::new();
    for option in options.iter().filter(|o| available(o, seeker, today)) {
        let entry = soonest.entry(option.course).or_insert(option);
        if option.starts_on < entry.starts_on {
            *entry = option;
        }
    }
    soonest
}

impl App {
    /// What the person lacks for the OPEN vacancy `id` (NOT_FOUND for any other), and the
    /// course and language-course cohorts that would close it.
    pub async fn skill_gap(
        &self,
        profile: &Profile,
        id: Option<VacancyId>,
    ) -> ServiceResult<SkillGap> {
        let not_found = || ServiceError::NotFound("vacancy not found");
        let id = id.ok_or_else(not_found)?;
        let vacancy = self
            .store
            .vacancies_by_ids(&[id])
            .await?
            .pop()
            .filter(|v| v.status == VacancyStatus::Open)
            .ok_or_else(not_found)?;
        let weights = self.engine.weights();
        let seeker = seeker_of(&self.store, profile).await?;
        let opening = opening_of(&self.store, &vacancy).await?;
        let tree = tree_for(&self.store, &seeker, &opening).await?;
        let score =
            domain::fit(&seeker, &opening, &tree, weights, clock::today()).map(|fit| fit.score);
        let language_gaps: Vec<LanguageFit> = language_fits(&seeker, &opening, weights)
            .into_iter()
            .filter(|l| l.credit < 1.0)
            .collect();
        let missing: Vec<RequirementFit> = requirement_fits(&seeker, &opening, &tree, weights)
            .into_iter()
            .filter(|r| r.credit < 1.0)
            .collect();
        let gaps: Vec<Gap> = missing.iter().map(gap).collect();
        let skills: Vec<SkillId> = gaps.iter().map(|g| g.skill).collect();
        let today = Utc::now().date_naive();
        let (options, mut cohorts, mut courses) =
            options_teaching(&self.store, &skills, profile).await?;
        let plan = pathway(&gaps, &options, &seeker, today);

        let needed: Vec<_> = language_gaps
            .iter()
            .map(|l| (l.language, l.required))
            .collect();
        let languages: Vec<LanguageCode> = needed.iter().map(|(l, _)| *l).collect();
        let language_courses = self.store.courses_teaching_languages(&languages).await?;
        let (language_options, language_cohorts, language_course_rows) =
            cohort_options(&self.store, &language_courses, profile).await?;
        let language_plan = language_pathway(&needed, &language_options, &seeker, today);
        cohorts.extend(language_cohorts);
        courses.extend(language_course_rows);

        Ok(SkillGap {
            vacancy,
            score,
            missing,
            language_gaps,
            pathway: plan,
            language_pathway: language_plan,
            courses,
            cohorts,
            skills: self.store.skills_by_ids(&skills).await?,
        })
    }

    /// Courses ranked by how many open vacancies they would unlock for the person (a
    /// vacancy is unlocked when the course teaches every essential skill the person lacks
    /// for it; shortage vacancies count double), among the person's nearest vacancies and
    /// the courses with a cohort they can take; the best `first`. FORBIDDEN unless the
    /// person consented to MATCHING.
    pub async fn recommended_courses(
        &self,
        profile: &Profile,
        first: usize,
    ) -> ServiceResult<Vec<Recommendation>> {
        self.require_matching_consent(profile).await?;
        let seeker = seeker_of(&self.store, profile).await?;
        let nearest =
            self.engine
                .rank_vacancies(&seeker, &Default::default(), NEAREST_VACANCIES, None);
        let lacking = |fit: &domain::Fit, requirement: Requirement| -> Vec<Gap> {
            fit.requirements
                .iter()
                .filter(|r| r.credit < 1.0 && r.need.requirement == requirement)
                .map(gap)
                .collect()
        };
        let vacancy_gaps: Vec<VacancyGaps> = nearest
            .matches
            .iter()
            .map(|(id, fit)| VacancyGaps {
                vacancy: *id,
                essential: lacking(fit, Requirement::Essential),
                optional: lacking(fit, Requirement::Optional),
                shortage: fit.shortage,
            })
            .collect();
        let mut skills: Vec<SkillId> = vacancy_gaps
            .iter()
            .flat_map(|v| v.essential.iter().chain(&v.optional).map(|g| g.skill))
            .collect();
        skills.sort();
        skills.dedup();
        let (options, mut cohorts, mut courses) =
            options_teaching(&self.store, &skills, profile).await?;
        // A course is on offer through its soonest cohort the person can take.
        let soonest = soonest_cohorts(&options, &seeker);
        let offers: Vec<CourseOffer> = soonest
            .values()
            .map(|o| CourseOffer {
                course: o.course,
                teaches: o.teaches.clone(),
            })
            .collect();
        let mut ranked = recommend(&vacancy_gaps, &offers, SHORTAGE_WEIGHT);
        ranked.truncate(first);
        let unlocked: Vec<VacancyId> = ranked.iter().flat_map(|r| r.unlocks.clone()).collect();
        let vacancies: HashMap<VacancyId, Vacancy> = self
            .store
            .vacancies_by_ids(&unlocked)
            .await?
            .into_iter()
            .map(|v| (v.id, v))
            .collect();
        Ok(ranked
            .into_iter()
            .filter_map(|r| {
                let option = soonest.get(&r.course)?;
                Some(Recommendation {
                    course: courses.remove(&r.course)?,
                    next_cohort: cohorts.remove(&option.cohort)?,
                    unlocks: r
                        .unlocks
                        .iter()
                        .filter_map(|id| vacancies.get(id).cloned())
                        .collect(),
                    weight: r.weight,
                    helps: r.helps,
                })
            })
            .collect())
    }
}

/// Of the courses `options` name, each with its soonest cohort the person can take, soonest
/// first (then by course), at most `first`.
pub(crate) fn soonest_courses(
    options: &[CohortOption],
    seeker: &domain::Seeker,
    mut courses: HashMap<CourseId, Course>,
    mut cohorts: HashMap<CohortId, Cohort>,
    first: usize,
) -> Vec<(Course, Cohort)> {
    let mut picked: Vec<&CohortOption> = soonest_cohorts(options, seeker).into_values().collect();
    picked.sort_by_key(|o| (o.starts_on, o.course));
    picked
        .into_iter()
        .take(first)
        .filter_map(|o| Some((courses.remove(&o.course)?, cohorts.remove(&o.cohort)?)))
        .collect()
}
