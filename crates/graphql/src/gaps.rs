//! `skillGap`: what a person lacks for a vacancy, and the course pathway that closes it.

use std::collections::HashMap;

use async_graphql::{Context, ID, Object, Result, SimpleObject};
use chrono::Utc;
use skillbridge_domain::matching::{self as domain, language_fits, requirement_fits};
use skillbridge_domain::pathway::{CohortOption, Gap, available, language_pathway, pathway};
use skillbridge_domain::profile::Proficiency as DomainProficiency;
use skillbridge_domain::recommend::{CourseOffer, VacancyGaps, recommend};
use skillbridge_domain::vacancy::Requirement as DomainRequirement;
use skillbridge_domain::vacancy::VacancyStatus;
use skillbridge_domain::{CourseId, LanguageCode, SkillId, VacancyId};

use crate::courses::{Cohort, CourseNode};
use crate::ids::parse_global_id;
use crate::matches::require_matching_consent;
use crate::matching::{CoverageStatus, LanguageExplanation};
use crate::profiles::{Proficiency, own_profile, target_profile};
use crate::taxonomy::{CefrLevel, Language, SkillNode};
use crate::vacancies::{Requirement, VacancyNode};
use crate::{ErrorCode, GqlError};
use skillbridge_app::matching::{opening_of, seeker_of, tree_for};
use skillbridge_app::pathways::{cohort_options, options_teaching};

/// A required skill the person lacks or holds below the level asked.
#[derive(SimpleObject)]
pub struct MissingSkill {
    pub skill: SkillNode,
    pub importance: Requirement,
    pub required: Proficiency,
    pub held: Option<Proficiency>,
    pub status: CoverageStatus,
}

/// A language course cohort that closes a language gap.
#[derive(SimpleObject)]
pub struct LanguagePathwayStep {
    pub course: CourseNode,
    pub cohort: Cohort,
    pub language: Language,
    pub level_reached: CefrLevel,
}

/// One language course per language gap, chosen as pathway steps are; what no available
/// language course teaches to the level asked is uncovered.
#[derive(SimpleObject)]
pub struct LanguageCoursePathway {
    pub steps: Vec<LanguagePathwayStep>,
    pub uncovered: Vec<Language>,
}

#[derive(SimpleObject)]
pub struct PathwayStep {
    pub course: CourseNode,
    pub cohort: Cohort,
    /// The missing skills this cohort teaches to the level asked.
    pub covers: Vec<SkillNode>,
}

/// The fewest cohorts that close the gap (greedy set cover), and what nothing available
/// teaches.
#[derive(SimpleObject)]
pub struct CoursePathway {
    pub steps: Vec<PathwayStep>,
    pub uncovered: Vec<SkillNode>,
}

#[derive(SimpleObject)]
pub struct SkillGap {
    pub vacancy: VacancyNode,
    /// The match score, or null when a hard limit rules the vacancy out (`excludedBecause`).
    pub score: Option<f64>,
    pub excluded_because: Option<String>,
    /// Essential requirements first.
    pub missing_skills: Vec<MissingSkill>,
    /// Required languages held below the level asked, or not at all.
    pub language_gaps: Vec<LanguageExplanation>,
    pub pathway: CoursePathway,
    /// For each language gap, the language course cohort that leads to the level asked.
    pub language_pathway: LanguageCoursePathway,
}

/// A course and the doors it would open for the person.
#[derive(SimpleObject)]
pub struct RecommendedCourse {
    pub course: CourseNode,
    /// The soonest cohort the person can take.
    pub next_cohort: Cohort,
    /// Open vacancies whose every missing essential skill the course teaches.
    pub unlocks: Vec<VacancyNode>,
    /// Unlocked vacancies, shortage ones counting double.
    pub weight: f64,
    /// How many open vacancies it closes at least one gap for.
    pub helps: i32,
}

/// How many of the person's nearest vacancies recommendations look at.
const NEAREST_VACANCIES: usize = 200;

#[derive(Default)]
pub struct GapQuery;

#[Object]
impl GapQuery {
    /// Courses ranked by how many open vacancies they would unlock for the person (a
    /// vacancy is unlocked when the course teaches every essential skill the person lacks
    /// for it; shortage vacancies count double), among the person's nearest vacancies and
    /// courses with a cohort they can take. For the caller, or a caseworker's client; needs
    /// the person's consent to MATCHING.
    async fn recommended_courses(
        &self,
        ctx: &Context<'_>,
        profile_id: Option<ID>,
        organisation_id: Option<ID>,
        #[graphql(default = 10)] first: i32,
    ) -> Result<Vec<RecommendedCourse>> {
        let first = crate::ids::page_size(Some(first))?;
        let profile = match (&profile_id, &organisation_id) {
            (None, None) => own_profile(ctx)
                .await?
                .ok_or_else(|| GqlError::new(ErrorCode::NotFound, "build your profile first"))?,
            _ => {
                target_profile(ctx, profile_id.as_ref(), organisation_id.as_ref())
                    .await?
                    .1
            }
        };
        let store = crate::context::store(ctx).clone();
        require_matching_consent(ctx, &profile).await?;
        let engine = crate::context::app(ctx).engine();
        let seeker = seeker_of(&store, &profile).await.map_err(GqlError::from)?;
        let nearest = engine.rank_vacancies(&seeker, &Default::default(), NEAREST_VACANCIES, None);
        let gap = |r: &domain::RequirementFit| Gap {
            skill: r.need.skill,
            required: r.need.min_proficiency.unwrap_or(DomainProficiency::Basic),
        };
        let vacancy_gaps: Vec<VacancyGaps> = nearest
            .matches
            .iter()
            .map(|(id, fit)| VacancyGaps {
                vacancy: *id,
                essential: fit
                    .requirements
                    .iter()
                    .filter(|r| {
                        r.credit < 1.0 && r.need.requirement == DomainRequirement::Essential
                    })
                    .map(gap)
                    .collect(),
                optional: fit
                    .requirements
                    .iter()
                    .filter(|r| r.credit < 1.0 && r.need.requirement == DomainRequirement::Optional)
                    .map(gap)
                    .collect(),
                shortage: fit.shortage,
            })
            .collect();
        let mut skills: Vec<SkillId> = vacancy_gaps
            .iter()
            .flat_map(|v| v.essential.iter().chain(&v.optional).map(|g| g.skill))
            .collect();
        skills.sort();
        skills.dedup();
        let (options, cohorts, courses) = options_teaching(&store, &skills, &profile)
            .await
            .map_err(GqlError::from)?;
        let today = Utc::now().date_naive();
        // A course is on offer through its soonest cohort the person can take.
        let mut soonest: HashMap<CourseId, &CohortOption> = HashMap::new();
        for option in options.iter().filter(|o| available(o, &seeker, today)) {
            let entry = soonest.entry(option.course).or_insert(option);
            if option.starts_on < entry.starts_on {
                *entry = option;
            }
        }
        let offers: Vec<CourseOffer> = soonest
            .values()
            .map(|o| CourseOffer {
                course: o.course,
                teaches: o.teaches.clone(),
            })
            .collect();
        let ranked = recommend(&vacancy_gaps, &offers, 2.0);
        let unlocked: Vec<VacancyId> = ranked
            .iter()
            .take(first)
            .flat_map(|r| r.unlocks.clone())
            .collect();
        let vacancies: HashMap<VacancyId, _> = store
            .vacancies_by_ids(&unlocked)
            .await
            .map_err(GqlError::from)?
            .into_iter()
            .map(|v| (v.id, v))
            .collect();
        Ok(ranked
            .into_iter()
            .take(first)
            .filter_map(|r| {
                let option = soonest.get(&r.course)?;
                Some(RecommendedCourse {
                    course: CourseNode(courses.get(&r.course)?.clone()),
                    next_cohort: cohorts.get(&option.cohort)?.clone().into(),
                    unlocks: r
                        .unlocks
                        .iter()
                        .filter_map(|id| vacancies.get(id).cloned().map(VacancyNode))
                        .collect(),
                    weight: r.weight,
                    helps: i32::try_from(r.helps).unwrap_or(i32::MAX),
                })
            })
            .collect())
    }

    /// What the caller lacks for an OPEN vacancy and the course cohorts that would close
    /// it. A caseworker asks for a client with `profileId` and `organisationId` (the
    /// support organisation the person delegated to).
    async fn skill_gap(
        &self,
        ctx: &Context<'_>,
        vacancy_id: ID,
        profile_id: Option<ID>,
        organisation_id: Option<ID>,
    ) -> Result<SkillGap> {
        let profile = match (&profile_id, &organisation_id) {
            (None, None) => own_profile(ctx)
                .await?
                .ok_or_else(|| GqlError::new(ErrorCode::NotFound, "build your profile first"))?,
            _ => {
                target_profile(ctx, profile_id.as_ref(), organisation_id.as_ref())
                    .await?
                    .1
            }
        };
        let not_found = || GqlError::new(ErrorCode::NotFound, "vacancy not found");
        let vacancy_id = match parse_global_id(&vacancy_id)? {
            (kind, uuid) if kind == "Vacancy" => VacancyId::from_uuid(uuid),
            _ => return Err(not_found().into()),
        };
        let store = crate::context::store(ctx).clone();
        let vacancy = store
            .vacancies_by_ids(&[vacancy_id])
            .await
            .map_err(GqlError::from)?
            .pop()
            .filter(|v| v.status == VacancyStatus::Open)
            .ok_or_else(not_found)?;

        let weights = crate::context::app(ctx).engine().weights().clone();
        let seeker = seeker_of(&store, &profile).await.map_err(GqlError::from)?;
        let opening = opening_of(&store, &vacancy).await.map_err(GqlError::from)?;
        let tree = tree_for(&store, &seeker, &opening)
            .await
            .map_err(GqlError::from)?;
        let (score, excluded_because) = match domain::fit(&seeker, &opening, &tree, &weights) {
            Ok(fit) => (Some(fit.score), None),
            Err(domain::Exclusion::NoRightToWork) => (
                None,
                Some("no right to work here, and the vacancy does not sponsor visas".into()),
            ),
            Err(domain::Exclusion::TooFar {
                distance_km,
                radius_km,
            }) => (
                None,
                Some(format!(
                    "{distance_km:.0} km away, beyond the {radius_km} km the person can travel"
                )),
            ),
        };
        let language_gaps: Vec<_> = language_fits(&seeker, &opening, &weights)
            .into_iter()
            .filter(|l| l.credit < 1.0)
            .collect();
        let missing: Vec<_> = requirement_fits(&seeker, &opening, &tree, &weights)
            .into_iter()
            .filter(|r| r.credit < 1.0)
            .collect();
        let gaps: Vec<Gap> = missing
            .iter()
            .map(|r| Gap {
                skill: r.need.skill,
                required: r.need.min_proficiency.unwrap_or(DomainProficiency::Basic),
            })
            .collect();
        let skills: Vec<SkillId> = gaps.iter().map(|g| g.skill).collect();
        let (options, cohorts, courses) = options_teaching(&store, &skills, &profile)
            .await
            .map_err(GqlError::from)?;
        let today = Utc::now().date_naive();
        let plan = pathway(&gaps, &options, &seeker, today);
        let needed: Vec<_> = language_gaps
            .iter()
            .map(|l| (l.language, l.required))
            .collect();
        let languages: Vec<LanguageCode> = needed.iter().map(|(l, _)| *l).collect();
        let language_courses = store
            .courses_teaching_languages(&languages)
            .await
            .map_err(GqlError::from)?;
        let (language_options, language_cohorts, language_course_rows) =
            cohort_options(&store, &language_courses, &profile)
                .await
                .map_err(GqlError::from)?;
        let language_plan = language_pathway(&needed, &language_options, &seeker, today);

        let known = store.skills_by_ids(&skills).await.map_err(GqlError::from)?;
        let node = |id: SkillId| known.iter().find(|s| s.id == id).cloned().map(SkillNode);
        Ok(SkillGap {
            vacancy: VacancyNode(vacancy),
            score,
            excluded_because,
            missing_skills: missing
                .iter()
                .filter_map(|r| {
                    let (status, held) = match &r.coverage {
                        domain::Coverage::BelowLevel { held, .. } => {
                            (CoverageStatus::BelowLevel, Some((*held).into()))
                        }
                        domain::Coverage::Related { .. } => (CoverageStatus::Related, None),
                        domain::Coverage::Met { .. } => (CoverageStatus::Met, None),
                        domain::Coverage::Missing => (CoverageStatus::Missing, None),
                    };
                    Some(MissingSkill {
                        skill: node(r.need.skill)?,
                        importance: r.need.requirement.into(),
                        required: r
                            .need
                            .min_proficiency
                            .unwrap_or(DomainProficiency::Basic)
                            .into(),
                        held,
                        status,
                    })
                })
                .collect(),
            language_gaps: language_gaps
                .into_iter()
                .map(|l| LanguageExplanation {
                    language: Language::of(l.language, None),
                    required: l.required.into(),
                    held: l.held.map(Into::into),
                    credit: l.credit,
                })
                .collect(),
            language_pathway: LanguageCoursePathway {
                steps: language_plan
                    .steps
                    .iter()
                    .filter_map(|step| {
                        Some(LanguagePathwayStep {
                            course: CourseNode(language_course_rows.get(&step.course)?.clone()),
                            cohort: language_cohorts.get(&step.cohort)?.clone().into(),
                            language: Language::of(step.language, None),
                            level_reached: step.level_reached.into(),
                        })
                    })
                    .collect(),
                uncovered: language_plan
                    .uncovered
                    .iter()
                    .map(|l| Language::of(*l, None))
                    .collect(),
            },
            pathway: CoursePathway {
                steps: plan
                    .steps
                    .iter()
                    .filter_map(|step| {
                        Some(PathwayStep {
                            course: CourseNode(courses.get(&step.course)?.clone()),
                            cohort: cohorts.get(&step.cohort)?.clone().into(),
                            covers: step.covers.iter().filter_map(|s| node(*s)).collect(),
                        })
                    })
                    .collect(),
                uncovered: plan.uncovered.iter().filter_map(|s| node(*s)).collect(),
            },
        })
    }
}
