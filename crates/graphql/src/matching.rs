//! Matches in GraphQL: the domain's `fit` (its inputs read by the application layer) as an
//! explained result. `newMatches` uses it for live updates; the ranked lists of the matching
//! engine build on the same pieces.

use async_graphql::{Enum, SimpleObject};
use skillbridge_domain::SkillId;
use skillbridge_domain::availability::AvailabilityFit;
use skillbridge_domain::matching::{Coverage, Fit};

use crate::scalars::Date;
use skillbridge_domain::taxonomy::Skill;

use crate::taxonomy::{CefrLevel, Language, SkillNode};
use crate::vacancies::VacancyNode;
use crate::values::Requirement;
use crate::values::{Evidence, Proficiency};

/// How a requirement is met.
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
pub enum CoverageStatus {
    Met,
    /// Held, below the minimum level.
    BelowLevel,
    /// A related skill is held.
    Related,
    Missing,
}

/// How a held skill relates to the one required.
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(remote = "skillbridge_domain::matching::Relation")]
pub enum SkillRelationKind {
    Narrower,
    Broader,
    Sibling,
}

#[derive(SimpleObject)]
pub struct RequirementExplanation {
    pub skill: SkillNode,
    pub importance: Requirement,
    pub min_proficiency: Option<Proficiency>,
    pub status: CoverageStatus,
    /// The level held, when below the minimum.
    pub held: Option<Proficiency>,
    /// The related skill held instead, and how it relates.
    pub via: Option<SkillNode>,
    pub relation: Option<SkillRelationKind>,
    /// What the claim rests on.
    pub evidence: Option<Evidence>,
    /// Credit earned, 0 to 1.
    pub credit: f64,
}

#[derive(SimpleObject)]
pub struct LanguageExplanation {
    pub language: Language,
    pub required: CefrLevel,
    pub held: Option<CefrLevel>,
    pub credit: f64,
}

/// One factor of the score: value 0 to 1, its weight and what it added.
#[derive(SimpleObject)]
pub struct ScoreFactor {
    pub name: String,
    pub weight: f64,
    pub value: f64,
    pub contribution: f64,
}

/// A skill that would raise the score, and by how much.
#[derive(SimpleObject)]
pub struct ScoreImprovement {
    pub skill: SkillNode,
    pub gain: f64,
}

/// How a person's availability windows meet a job's days (the `availability` factor).
#[derive(SimpleObject)]
pub struct AvailabilityExplanation {
    /// The job's first day looked at: its start, or today when it gives none or has begun.
    pub from: Date,
    /// The last day looked at: the job's end, or a year after `from` when it has none.
    pub until: Date,
    /// The job has no end date (its first year is looked at).
    pub open_ended: bool,
    pub job_days: i64,
    /// How many of the job's days fall in one of the person's windows.
    pub available_days: i64,
    /// `availableDays / jobDays`, 0 to 1: the factor's value.
    pub share: f64,
    /// Whether the person can work on the first day.
    pub available_at_start: bool,
}

impl From<AvailabilityFit> for AvailabilityExplanation {
    fn from(a: AvailabilityFit) -> Self {
        Self {
            from: Date(a.from),
            until: Date(a.until),
            open_ended: a.open_ended,
            job_days: a.job_days,
            available_days: a.available_days,
            share: a.share,
            available_at_start: a.available_at_start,
        }
    }
}

/// Why a score is what it is.
#[derive(SimpleObject)]
pub struct MatchExplanation {
    pub requirements: Vec<RequirementExplanation>,
    pub languages: Vec<LanguageExplanation>,
    pub distance_km: Option<f64>,
    pub shortage: bool,
    pub track_match: bool,
    /// How the person's availability windows meet the job's days; null when the person
    /// gave none (available any time).
    pub availability: Option<AvailabilityExplanation>,
    pub factors: Vec<ScoreFactor>,
    /// The missing skills that would add most, most first.
    pub improvements: Vec<ScoreImprovement>,
}

/// A vacancy for a person, with its score (0 to 1) and explanation.
#[derive(SimpleObject)]
pub struct VacancyMatch {
    pub vacancy: VacancyNode,
    pub score: f64,
    pub explanation: MatchExplanation,
}

/// The explanation, its skills found among `skills`.
pub(crate) fn explain_with(skills: &[Skill], fit: Fit) -> MatchExplanation {
    let node = |id: SkillId| skills.iter().find(|s| s.id == id).cloned().map(SkillNode);
    let requirements = fit
        .requirements
        .iter()
        .filter_map(|r| {
            let (status, held, via, relation, evidence) = match &r.coverage {
                Coverage::Met { evidence } => {
                    (CoverageStatus::Met, None, None, None, Some(*evidence))
                }
                Coverage::BelowLevel { held, evidence, .. } => (
                    CoverageStatus::BelowLevel,
                    Some(*held),
                    None,
                    None,
                    Some(*evidence),
                ),
                Coverage::Related {
                    via,
                    relation,
                    evidence,
                } => (
                    CoverageStatus::Related,
                    None,
                    node(*via),
                    Some((*relation).into()),
                    Some(*evidence),
                ),
                Coverage::Missing => (CoverageStatus::Missing, None, None, None, None),
            };
            Some(RequirementExplanation {
                skill: node(r.need.skill)?,
                importance: r.need.requirement.into(),
                min_proficiency: r.need.min_proficiency.map(Into::into),
                status,
                held: held.map(Into::into),
                via,
                relation,
                evidence: evidence.map(Into::into),
                credit: r.credit,
            })
        })
        .collect();
    MatchExplanation {
        requirements,
        languages: fit
            .languages
            .iter()
            .map(|l| LanguageExplanation {
                language: Language::of(l.language, None),
                required: l.required.into(),
                held: l.held.map(Into::into),
                credit: l.credit,
            })
            .collect(),
        distance_km: fit.distance_km,
        shortage: fit.shortage,
        track_match: fit.track_match,
        availability: fit.availability.map(Into::into),
        factors: fit
            .factors
            .iter()
            .map(|f| ScoreFactor {
                name: f.name.to_owned(),
                weight: f.weight,
                value: f.value,
                contribution: f.contribution,
            })
            .collect(),
        improvements: fit
            .improvements
            .iter()
            .filter_map(|i| {
                Some(ScoreImprovement {
                    skill: node(i.skill)?,
                    gain: i.gain,
                })
            })
            .collect(),
    }
}
