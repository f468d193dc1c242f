//! Matches in GraphQL: the inputs of the domain's `fit` read from the store, and the
//! explained result. `newMatches` uses it for live updates; the ranked lists of the matching
//! engine build on the same pieces.

use std::collections::HashMap;
use std::sync::Arc;

use async_graphql::{Enum, SimpleObject};
use chrono::Utc;
use skillbridge_domain::disclosure::findable_by_employers;
use skillbridge_domain::matching::{
    self as domain, Coverage, Fit, GeoPoint, HeldSkill, Opening, Seeker, SkillNeed, SkillTree,
};
use skillbridge_domain::profile::{Location, Profile};
use skillbridge_domain::shortage::is_shortage;
use skillbridge_domain::taxonomy::Skill;
use skillbridge_domain::track::tracks_in_force;
use skillbridge_domain::vacancy::Vacancy;
use skillbridge_domain::{ProfileId, SkillId, Store, StoreResult, VacancyId};

use crate::profiles::{Evidence, Proficiency};
use crate::taxonomy::{CefrLevel, Language, SkillNode};
use crate::vacancies::{Requirement, VacancyNode};

fn point(location: &Location) -> Option<GeoPoint> {
    Some(GeoPoint {
        latitude: location.latitude?,
        longitude: location.longitude?,
    })
}

/// The person as matching sees them (nothing that identifies them).
pub(crate) async fn seeker_of(store: &Arc<dyn Store>, profile: &Profile) -> StoreResult<Seeker> {
    let mut seekers = seekers_of(store, std::slice::from_ref(profile)).await?;
    seekers
        .pop()
        .map(|(_, s)| s)
        .ok_or(skillbridge_domain::StoreError::NotFound { entity: "profile" })
}

/// The people as matching sees them, two queries for the lot.
pub(crate) async fn seekers_of(
    store: &Arc<dyn Store>,
    profiles: &[Profile],
) -> StoreResult<Vec<(ProfileId, Seeker)>> {
    let ids: Vec<ProfileId> = profiles.iter().map(|p| p.id).collect();
    let mut skills: HashMap<ProfileId, Vec<HeldSkill>> = HashMap::new();
    for (id, s) in store.skills_of_profiles(&ids).await? {
        skills.entry(id).or_default().push(HeldSkill {
            skill: s.skill.id,
            proficiency: s.proficiency,
            evidence: s.evidence,
        });
    }
    let mut languages: HashMap<ProfileId, Vec<_>> = HashMap::new();
    for (id, l) in store.languages_of_profiles(&ids).await? {
        languages.entry(id).or_default().push((l.language, l.level));
    }
    let today = Utc::now().date_naive();
    Ok(profiles
        .iter()
        .map(|profile| {
            let d = &profile.details;
            let seeker = Seeker {
                skills: skills.remove(&profile.id).unwrap_or_default(),
                languages: languages.remove(&profile.id).unwrap_or_default(),
                location: point(&d.location),
                mobility_radius_km: d.mobility_radius_km,
                willing_to_relocate: d.willing_to_relocate,
                right_to_work: d.right_to_work,
                tracks: tracks_in_force(d, today),
            };
            (profile.id, seeker)
        })
        .collect())
}

/// The people among `profiles` employers may find through matching, as the candidate index
/// holds them: without tracks, which follow from age and gender and so never rank people
/// for employers.
pub(crate) async fn candidates_of(
    store: &Arc<dyn Store>,
    profiles: &[Profile],
) -> StoreResult<Vec<(ProfileId, Seeker)>> {
    let findable = findable_among(store, profiles).await?;
    let findable: Vec<Profile> = profiles
        .iter()
        .filter(|p| findable.contains(&p.id))
        .cloned()
        .collect();
    let mut seekers = seekers_of(store, &findable).await?;
    for (_, seeker) in &mut seekers {
        seeker.tracks.clear();
    }
    Ok(seekers)
}

/// The profiles among `profiles` employers may find now (their visibility and consents),
/// one query for the lot.
pub(crate) async fn findable_among(
    store: &Arc<dyn Store>,
    profiles: &[Profile],
) -> StoreResult<std::collections::HashSet<ProfileId>> {
    let users: Vec<_> = profiles.iter().filter_map(|p| p.user_id).collect();
    let mut consents: HashMap<_, Vec<_>> = HashMap::new();
    for (user, record) in store.consent_histories(&users).await? {
        consents.entry(user).or_default().push(record);
    }
    Ok(profiles
        .iter()
        .filter(|p| {
            p.user_id.is_some_and(|user| {
                findable_by_employers(
                    p.details.visibility,
                    consents.get(&user).map_or(&[], Vec::as_slice),
                )
            })
        })
        .map(|p| p.id)
        .collect())
}

/// The vacancy as matching sees it, with its shortage flag as of today.
pub(crate) async fn opening_of(store: &Arc<dyn Store>, vacancy: &Vacancy) -> StoreResult<Opening> {
    let mut openings = openings_of(store, std::slice::from_ref(vacancy)).await?;
    openings
        .pop()
        .map(|(_, o)| o)
        .ok_or(skillbridge_domain::StoreError::NotFound { entity: "vacancy" })
}

/// The vacancies as matching sees them, a fixed number of queries for the lot.
pub(crate) async fn openings_of(
    store: &Arc<dyn Store>,
    vacancies: &[Vacancy],
) -> StoreResult<Vec<(VacancyId, Opening)>> {
    let ids: Vec<VacancyId> = vacancies.iter().map(|v| v.id).collect();
    let mut skills: HashMap<VacancyId, Vec<SkillNeed>> = HashMap::new();
    for (id, s) in store.vacancy_skills(&ids).await? {
        skills.entry(id).or_default().push(SkillNeed {
            skill: s.skill_id,
            requirement: s.requirement,
            min_proficiency: s.min_proficiency,
        });
    }
    let mut languages: HashMap<VacancyId, Vec<_>> = HashMap::new();
    for (id, l) in store.vacancy_languages(&ids).await? {
        languages
            .entry(id)
            .or_default()
            .push((l.language, l.min_level));
    }
    let mut support: HashMap<VacancyId, Vec<_>> = HashMap::new();
    for (id, s) in store.vacancy_support(&ids).await? {
        support.entry(id).or_default().push(s);
    }
    let mut tracks: HashMap<VacancyId, Vec<_>> = HashMap::new();
    for (id, t) in store.vacancy_tracks(&ids).await? {
        tracks.entry(id).or_default().push(t);
    }
    let mut regions: Vec<_> = vacancies
        .iter()
        .filter_map(|v| v.shortage_region())
        .collect();
    regions.sort();
    regions.dedup();
    let entries = if regions.is_empty() {
        Vec::new()
    } else {
        store.shortages_in(&regions).await?
    };
    let occupation_ids: Vec<_> = vacancies.iter().filter_map(|v| v.occupation_id).collect();
    let uris: HashMap<_, _> = if entries.is_empty() {
        HashMap::new()
    } else {
        store
            .occupations_by_ids(&occupation_ids)
            .await?
            .into_iter()
            .map(|o| (o.id, o.uri))
            .collect()
    };
    let today = Utc::now().date_naive();
    Ok(vacancies
        .iter()
        .map(|vacancy| {
            let shortage = vacancy.shortage_region().is_some_and(|region| {
                let uri = vacancy
                    .occupation_id
                    .and_then(|id| uris.get(&id))
                    .map_or("", String::as_str);
                is_shortage(&entries, uri, vacancy.isco_code.as_deref(), &region, today)
            });
            let opening = Opening {
                skills: skills.remove(&vacancy.id).unwrap_or_default(),
                languages: languages.remove(&vacancy.id).unwrap_or_default(),
                location: point(&vacancy.location),
                remote: vacancy.remote,
                visa_sponsorship: vacancy.visa_sponsorship,
                shortage,
                contract_type: vacancy.contract_type,
                inclusion_support: support.remove(&vacancy.id).unwrap_or_default(),
                tracks: tracks.remove(&vacancy.id).unwrap_or_default(),
            };
            (vacancy.id, opening)
        })
        .collect())
}

/// The part of the ESCO hierarchy that relates the seeker's skills to the opening's.
pub(crate) async fn tree_for(
    store: &Arc<dyn Store>,
    seeker: &Seeker,
    opening: &Opening,
) -> StoreResult<SkillTree> {
    let mut ids: Vec<SkillId> = seeker.skills.iter().map(|s| s.skill).collect();
    ids.extend(opening.skills.iter().map(|s| s.skill));
    ids.sort();
    ids.dedup();
    let links = store.broader_skills(&ids).await?;
    Ok(SkillTree::new(
        links
            .into_iter()
            .map(|(narrower, broader)| (narrower, broader.id)),
    ))
}

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

/// Why a score is what it is.
#[derive(SimpleObject)]
pub struct MatchExplanation {
    pub requirements: Vec<RequirementExplanation>,
    pub languages: Vec<LanguageExplanation>,
    pub distance_km: Option<f64>,
    pub shortage: bool,
    pub track_match: bool,
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

/// The skill ids an explanation names.
pub(crate) fn skills_named(fit: &Fit) -> impl Iterator<Item = SkillId> + '_ {
    fit.requirements.iter().flat_map(|r| {
        let via = match r.coverage {
            Coverage::Related { via, .. } => Some(via),
            _ => None,
        };
        std::iter::once(r.need.skill).chain(via)
    })
}

/// The explanation with its skills loaded.
pub(crate) async fn explain(store: &Arc<dyn Store>, fit: Fit) -> StoreResult<MatchExplanation> {
    let ids: Vec<SkillId> = skills_named(&fit).collect();
    let skills = store.skills_by_ids(&ids).await?;
    Ok(explain_with(&skills, fit))
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

/// The vacancy's match for the person, when no hard limit rules it out.
pub(crate) async fn vacancy_match(
    store: &Arc<dyn Store>,
    profile: &Profile,
    vacancy: Vacancy,
    weights: &domain::MatchWeights,
) -> StoreResult<Option<VacancyMatch>> {
    let seeker = seeker_of(store, profile).await?;
    let opening = opening_of(store, &vacancy).await?;
    let tree = tree_for(store, &seeker, &opening).await?;
    let Ok(fit) = domain::fit(&seeker, &opening, &tree, weights) else {
        return Ok(None);
    };
    let score = fit.score;
    Ok(Some(VacancyMatch {
        vacancy: VacancyNode(vacancy),
        score,
        explanation: explain(store, fit).await?,
    }))
}
