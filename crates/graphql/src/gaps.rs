//! `skillGap` and `recommendedCourses`: what a person lacks for a vacancy and the course
//! pathway that closes it, and the courses that would unlock most vacancies (the app's
//! `gaps`, shown as nodes).

use async_graphql::{Context, Enum, ID, Object, SimpleObject};
use skillbridge_app::gaps as app;
use skillbridge_domain::matching::{Coverage, Exclusion};
use skillbridge_domain::profile::Proficiency as DomainProficiency;
use skillbridge_domain::{CohortId, CourseId, SkillId, VacancyId};

use crate::GqlResult;
use crate::context::app;
use crate::courses::{Cohort, CourseNode};
use crate::ids::parse_global_id;
use crate::matches::person;
use crate::matching::{CoverageStatus, LanguageExplanation};
use crate::taxonomy::{CefrLevel, Language, SkillNode};
use crate::vacancies::VacancyNode;
use crate::values::Proficiency;
use crate::values::Requirement;

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

/// The hard limit that rules a vacancy out of a person's matches.
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
pub enum ExclusionReason {
    /// No right to work here, and the vacancy does not sponsor visas.
    NoRightToWork,
    /// Beyond the distance the person can travel, not remote, and they will not relocate.
    TooFar,
    /// No day of the job falls in one of the person's availability windows.
    Unavailable,
}

#[derive(SimpleObject)]
pub struct SkillGap {
    pub vacancy: VacancyNode,
    /// The match score, or null when a hard limit rules the vacancy out (`excludedBecause`).
    pub score: Option<f64>,
    /// Which hard limit rules the vacancy out of the person's matches.
    pub exclusion: Option<ExclusionReason>,
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
    ) -> GqlResult<Vec<RecommendedCourse>> {
        let first = crate::ids::page_size(Some(first))?;
        let profile = person(ctx, profile_id.as_ref(), organisation_id.as_ref()).await?;
        let recommended = app(ctx).recommended_courses(&profile, first).await?;
        Ok(recommended
            .into_iter()
            .map(|r| RecommendedCourse {
                course: CourseNode(r.course),
                next_cohort: r.next_cohort.into(),
                unlocks: r.unlocks.into_iter().map(VacancyNode).collect(),
                weight: r.weight,
                helps: i32::try_from(r.helps).unwrap_or(i32::MAX),
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
    ) -> GqlResult<SkillGap> {
        let profile = person(ctx, profile_id.as_ref(), organisation_id.as_ref()).await?;
        // Another type's id names no vacancy (NOT_FOUND, as for one that is gone).
        let vacancy = match parse_global_id(&vacancy_id)? {
            (kind, uuid) if kind == "Vacancy" => Some(VacancyId::from_uuid(uuid)),
            _ => None,
        };
        let gap = app(ctx).skill_gap(&profile, vacancy).await?;
        Ok(SkillGap::from(gap))
    }
}

impl From<app::SkillGap> for SkillGap {
    fn from(gap: app::SkillGap) -> Self {
        let node = |id: SkillId| {
            gap.skills
                .iter()
                .find(|s| s.id == id)
                .cloned()
                .map(SkillNode)
        };
        let course = |id: &CourseId| gap.courses.get(id).cloned().map(CourseNode);
        let cohort = |id: &CohortId| gap.cohorts.get(id).cloned().map(Cohort::from);
        let (score, exclusion, excluded_because) = match gap.score {
            Ok(score) => (Some(score), None, None),
            Err(Exclusion::NoRightToWork) => (
                None,
                Some(ExclusionReason::NoRightToWork),
                Some("no right to work here, and the vacancy does not sponsor visas".into()),
            ),
            Err(Exclusion::TooFar {
                distance_km,
                radius_km,
            }) => (
                None,
                Some(ExclusionReason::TooFar),
                Some(format!(
                    "{distance_km:.0} km away, beyond the {radius_km} km the person can travel"
                )),
            ),
            Err(Exclusion::Unavailable(job)) => (
                None,
                Some(ExclusionReason::Unavailable),
                Some(if job.job_days == 0 {
                    format!("the job ended on {}", job.until)
                } else if job.open_ended {
                    format!(
                        "the job starts on {} with no end date, and no day of its first year \
                         falls in a window in which the person can work",
                        job.from
                    )
                } else {
                    format!(
                        "the job runs from {} to {}, outside every window in which the person \
                         can work",
                        job.from, job.until
                    )
                }),
            ),
        };
        SkillGap {
            score,
            exclusion,
            excluded_because,
            missing_skills: gap
                .missing
                .iter()
                .filter_map(|r| {
                    let (status, held) = match &r.coverage {
                        Coverage::BelowLevel { held, .. } => {
                            (CoverageStatus::BelowLevel, Some((*held).into()))
                        }
                        Coverage::Related { .. } => (CoverageStatus::Related, None),
                        Coverage::Met { .. } => (CoverageStatus::Met, None),
                        Coverage::Missing => (CoverageStatus::Missing, None),
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
            language_gaps: gap
                .language_gaps
                .iter()
                .map(|l| LanguageExplanation {
                    language: Language::of(l.language, None),
                    required: l.required.into(),
                    held: l.held.map(Into::into),
                    credit: l.credit,
                })
                .collect(),
            language_pathway: LanguageCoursePathway {
                steps: gap
                    .language_pathway
                    .steps
                    .iter()
                    .filter_map(|step| {
                        Some(LanguagePathwayStep {
                            course: course(&step.course)?,
                            cohort: cohort(&step.cohort)?,
                            language: Language::of(step.language, None),
                            level_reached: step.level_reached.into(),
                        })
                    })
                    .collect(),
                uncovered: gap
                    .language_pathway
                    .uncovered
                    .iter()
                    .map(|l| Language::of(*l, None))
                    .collect(),
            },
            pathway: CoursePathway {
                steps: gap
                    .pathway
                    .steps
                    .iter()
                    .filter_map(|step| {
                        Some(PathwayStep {
                            course: course(&step.course)?,
                            cohort: cohort(&step.cohort)?,
                            covers: step.covers.iter().filter_map(|s| node(*s)).collect(),
                        })
                    })
                    .collect(),
                uncovered: gap
                    .pathway
                    .uncovered
                    .iter()
                    .filter_map(|s| node(*s))
                    .collect(),
            },
            vacancy: VacancyNode(gap.vacancy),
        }
    }
}
