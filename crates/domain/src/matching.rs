//! How well a person fits a vacancy, and why: the one place the ranking is decided, for
//! both directions (a person's matching vacancies, an employer's candidates).
//!
//! A fit has hard limits (right to work unless the vacancy sponsors visas; within the
//! person's mobility radius unless the job is remote or they will relocate) and a score
//! between 0 and 1, the weighted sum of factors each between 0 and 1:
//! - skills: each required skill earns credit for the level held (full at or above the
//!   minimum, less per level below) or, through the ESCO hierarchy, partial credit for a
//!   related skill; an ESSENTIAL requirement counts three times an OPTIONAL one;
//! - languages: each required language earns full credit at or above its CEFR minimum, less
//!   per level below;
//! - distance: 1 at the door, halving every `distance_half_km`; remote jobs count 1;
//! - shortage: 1 when the vacancy is in a shortage occupation;
//! - tracks: 1 when one of the person's tracks favours the vacancy (see [`crate::track`]);
//! - availability: the share of the job's days in the person's availability windows (1
//!   when they gave none); a job entirely outside every window is a hard limit (see
//!   [`crate::availability`]).
//!
//! The inputs carry no name, gender, age, origin, nationality or migration status: the
//! score cannot depend on them. Evidence (self-declared, assessed, certified) is reported
//! but does not change the score, so people without papers are not ranked down for it.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;

use crate::availability::{AvailabilityFit, AvailabilityWindow, JobPeriod, availability_fit};
use crate::profile::{Evidence, Proficiency, RightToWork, Track};
use crate::vacancy::{ContractType, InclusionSupport, Requirement};
use crate::{CefrLevel, LanguageCode, SkillId};

/// The weights of the factors (they need not sum to 1; the score is divided by their sum)
/// and the shape of the partial credits. Configuration (the `[matching]` section, read
/// as it is), with these defaults.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MatchWeights {
    pub skills: f64,
    pub languages: f64,
    pub distance: f64,
    pub shortage: f64,
    pub tracks: f64,
    pub availability: f64,
    /// How many OPTIONAL requirements one ESSENTIAL one weighs.
    pub essential_units: f64,
    /// Credit lost per proficiency level below a skill's minimum.
    pub per_level_short: f64,
    /// Credit lost per CEFR level below a language's minimum.
    pub per_cefr_level_short: f64,
    /// Credit for holding a narrower (more specific) skill than the one required.
    pub narrower_credit: f64,
    /// Credit for holding the broader skill of the one required.
    pub broader_credit: f64,
    /// Credit for holding a skill with the same broader skill as the one required.
    pub sibling_credit: f64,
    /// The distance at which the distance factor is one half.
    pub distance_half_km: f64,
}

impl MatchWeights {
    /// What is wrong with these weights, starting with the field's name, or `None`.
    pub fn problem(&self) -> Option<String> {
        let factors = [
            self.skills,
            self.languages,
            self.distance,
            self.shortage,
            self.tracks,
            self.availability,
        ];
        let fractions = [
            ("per_level_short", self.per_level_short),
            ("per_cefr_level_short", self.per_cefr_level_short),
            ("narrower_credit", self.narrower_credit),
            ("broader_credit", self.broader_credit),
            ("sibling_credit", self.sibling_credit),
        ];
        if factors.iter().any(|w| !w.is_finite() || *w < 0.0) || factors.iter().sum::<f64>() <= 0.0
        {
            return Some("the factor weights must be zero or more, and not all zero".into());
        }
        if let Some((name, _)) = fractions.iter().find(|(_, v)| !(0.0..=1.0).contains(v)) {
            return Some(format!("{name} must be between 0 and 1"));
        }
        if !(self.essential_units.is_finite() && self.essential_units > 0.0) {
            return Some("essential_units must be more than 0".into());
        }
        if !(self.distance_half_km.is_finite() && self.distance_half_km > 0.0) {
            return Some("distance_half_km must be more than 0".into());
        }
        None
    }
}

impl Default for MatchWeights {
    fn default() -> Self {
        Self {
            skills: 0.5,
            languages: 0.2,
            distance: 0.1,
            shortage: 0.1,
            tracks: 0.1,
            availability: 0.1,
            essential_units: 3.0,
            per_level_short: 0.25,
            per_cefr_level_short: 0.3,
            narrower_credit: 0.7,
            broader_credit: 0.5,
            sibling_credit: 0.3,
            distance_half_km: 30.0,
        }
    }
}

impl MatchWeights {
    /// The weights for ranking candidates for an employer: the same, except that tracks do
    /// not count. Being in a track follows from age (YOUTH) or self-declared gender
    /// (WOMEN), and neither may rank people for employers. Availability does count: it is
    /// about the job's dates, not about how long or why someone stays.
    pub fn for_employers(&self) -> Self {
        Self {
            tracks: 0.0,
            ..self.clone()
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct GeoPoint {
    pub latitude: f64,
    pub longitude: f64,
}

impl GeoPoint {
    /// Great-circle distance in kilometres.
    pub fn distance_km(self, other: GeoPoint) -> f64 {
        let (lat1, lat2) = (self.latitude.to_radians(), other.latitude.to_radians());
        let dlat = lat2 - lat1;
        let dlon = (other.longitude - self.longitude).to_radians();
        let a = (dlat / 2.0).sin().powi(2) + lat1.cos() * lat2.cos() * (dlon / 2.0).sin().powi(2);
        2.0 * 6_371.0 * a.sqrt().asin()
    }
}

/// A held skill.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HeldSkill {
    pub skill: SkillId,
    pub proficiency: Proficiency,
    pub evidence: Evidence,
}

/// The person as matching sees them: what they can do and where they can work, nothing
/// that identifies them or marks them out.
#[derive(Clone, Debug, PartialEq)]
pub struct Seeker {
    pub skills: Vec<HeldSkill>,
    pub languages: Vec<(LanguageCode, CefrLevel)>,
    pub location: Option<GeoPoint>,
    pub mobility_radius_km: Option<i32>,
    pub willing_to_relocate: bool,
    pub right_to_work: RightToWork,
    pub tracks: Vec<Track>,
    /// When they can work; empty: any time.
    pub availability: Vec<AvailabilityWindow>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SkillNeed {
    pub skill: SkillId,
    pub requirement: Requirement,
    pub min_proficiency: Option<Proficiency>,
}

/// The vacancy as matching sees it.
#[derive(Clone, Debug, PartialEq)]
pub struct Opening {
    pub skills: Vec<SkillNeed>,
    pub languages: Vec<(LanguageCode, CefrLevel)>,
    pub location: Option<GeoPoint>,
    pub remote: bool,
    pub visa_sponsorship: bool,
    pub shortage: bool,
    pub contract_type: ContractType,
    pub inclusion_support: Vec<InclusionSupport>,
    pub tracks: Vec<Track>,
    pub period: JobPeriod,
}

/// The ESCO skills hierarchy, as far as matching needs it: each skill's broader concepts.
#[derive(Clone, Debug, Default)]
pub struct SkillTree {
    broader: HashMap<SkillId, Vec<SkillId>>,
    narrower: HashMap<SkillId, Vec<SkillId>>,
}

impl SkillTree {
    pub fn new(links: impl IntoIterator<Item = (SkillId, SkillId)>) -> Self {
        let mut broader: HashMap<SkillId, Vec<SkillId>> = HashMap::new();
        let mut narrower: HashMap<SkillId, Vec<SkillId>> = HashMap::new();
        for (child, parent) in links {
            broader.entry(child).or_default().push(parent);
            narrower.entry(parent).or_default().push(child);
        }
        Self { broader, narrower }
    }

    fn parents(&self, skill: SkillId) -> &[SkillId] {
        self.broader.get(&skill).map_or(&[], Vec::as_slice)
    }

    fn children(&self, skill: SkillId) -> &[SkillId] {
        self.narrower.get(&skill).map_or(&[], Vec::as_slice)
    }

    /// The skills a requirement for which `held` earns credit: itself, its broader and
    /// narrower skills, and its siblings.
    pub fn neighbourhood(&self, held: SkillId) -> impl Iterator<Item = SkillId> + '_ {
        std::iter::once(held)
            .chain(self.parents(held).iter().copied())
            .chain(self.children(held).iter().copied())
            .chain(
                self.parents(held)
                    .iter()
                    .flat_map(|p| self.children(*p).iter().copied()),
            )
    }

    /// How `held` relates to `required`, closest first.
    pub fn relation(&self, held: SkillId, required: SkillId) -> Option<Relation> {
        if self.parents(held).contains(&required) {
            Some(Relation::Narrower)
        } else if self.parents(required).contains(&held) {
            Some(Relation::Broader)
        } else if self
            .parents(held)
            .iter()
            .any(|p| self.parents(required).contains(p))
        {
            Some(Relation::Sibling)
        } else {
            None
        }
    }
}

/// How a held skill relates to a required one in the hierarchy.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Relation {
    /// The person holds a more specific skill.
    Narrower,
    /// The person holds the more general skill.
    Broader,
    /// Both come under the same broader skill.
    Sibling,
}

/// How one required skill is met.
#[derive(Clone, Debug, PartialEq)]
pub enum Coverage {
    Met {
        evidence: Evidence,
    },
    /// Held below the minimum level.
    BelowLevel {
        held: Proficiency,
        required: Proficiency,
        evidence: Evidence,
    },
    /// A related skill is held instead.
    Related {
        via: SkillId,
        relation: Relation,
        evidence: Evidence,
    },
    Missing,
}

#[derive(Clone, Debug, PartialEq)]
pub struct RequirementFit {
    pub need: SkillNeed,
    pub coverage: Coverage,
    /// Between 0 and 1.
    pub credit: f64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct LanguageFit {
    pub language: LanguageCode,
    pub required: CefrLevel,
    pub held: Option<CefrLevel>,
    pub credit: f64,
}

/// One factor of the score: its weight, its value (0 to 1) and what it adds.
#[derive(Clone, Debug, PartialEq)]
pub struct Factor {
    pub name: &'static str,
    pub weight: f64,
    pub value: f64,
    pub contribution: f64,
}

/// A missing or partly met skill and how much meeting it fully would add to the score.
#[derive(Clone, Debug, PartialEq)]
pub struct Improvement {
    pub skill: SkillId,
    pub gain: f64,
}

/// The score and everything that made it.
#[derive(Clone, Debug, PartialEq)]
pub struct Fit {
    pub score: f64,
    pub requirements: Vec<RequirementFit>,
    pub languages: Vec<LanguageFit>,
    pub distance_km: Option<f64>,
    pub shortage: bool,
    pub track_match: bool,
    /// How the person's availability windows meet the job's days; `None` when they gave
    /// none (available any time).
    pub availability: Option<AvailabilityFit>,
    pub factors: Vec<Factor>,
    /// The skills that would raise the score most, most first.
    pub improvements: Vec<Improvement>,
}

/// Why a vacancy is not for a person at all.
#[derive(Clone, Debug, PartialEq)]
pub enum Exclusion {
    /// No right to work here, and the vacancy does not sponsor visas.
    NoRightToWork,
    /// Beyond the person's mobility radius, not remote, and they will not relocate.
    TooFar { distance_km: f64, radius_km: i32 },
    /// No day of the job falls in one of the person's availability windows.
    Unavailable(AvailabilityFit),
}

/// What the hard limits found about a vacancy that passes them.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Admitted {
    pub distance_km: Option<f64>,
    pub availability: Option<AvailabilityFit>,
}

fn steps_short<T: Ord + Copy>(all: &[T], held: T, required: T) -> f64 {
    let index = |x: T| all.iter().position(|v| *v == x).unwrap_or(0) as f64;
    (index(required) - index(held)).max(0.0)
}

/// The hard limits as of `today`: `Err` when the vacancy is not for the person at all.
pub fn admissible(
    seeker: &Seeker,
    opening: &Opening,
    today: NaiveDate,
) -> Result<Admitted, Exclusion> {
    if seeker.right_to_work != RightToWork::Yes && !opening.visa_sponsorship {
        return Err(Exclusion::NoRightToWork);
    }
    let distance = match (seeker.location, opening.location) {
        (Some(a), Some(b)) => Some(a.distance_km(b)),
        _ => None,
    };
    if let (Some(d), Some(radius)) = (distance, seeker.mobility_radius_km)
        && !opening.remote
        && !seeker.willing_to_relocate
        && d > f64::from(radius)
    {
        return Err(Exclusion::TooFar {
            distance_km: d,
            radius_km: radius,
        });
    }
    let availability = availability_fit(&seeker.availability, opening.period, today)
        .map_err(Exclusion::Unavailable)?;
    Ok(Admitted {
        distance_km: distance,
        availability,
    })
}

/// How well `seeker` fits `opening` as of `today`, with the explanation; `Err` when a hard
/// limit rules it out.
pub fn fit(
    seeker: &Seeker,
    opening: &Opening,
    tree: &SkillTree,
    weights: &MatchWeights,
    today: NaiveDate,
) -> Result<Fit, Exclusion> {
    let admitted = admissible(seeker, opening, today)?;
    let requirements = requirement_fits(seeker, opening, tree, weights);
    let credits: Vec<(Requirement, f64)> = requirements
        .iter()
        .map(|r| (r.need.requirement, r.credit))
        .collect();
    let languages = language_fits(seeker, opening, weights);
    let track_match = track_match(seeker, opening);
    let values = FactorValues::new(
        &credits,
        languages.iter().map(|l| l.credit),
        opening,
        admitted,
        track_match,
        weights,
    );
    let factors: Vec<Factor> = values
        .factors(weights)
        .into_iter()
        .map(|(name, weight, value, contribution)| Factor {
            name,
            weight,
            value,
            contribution,
        })
        .collect();
    let score = total(&factors.iter().map(|f| f.contribution).collect::<Vec<_>>());

    let total_units = values.total_units;
    let share = if weights.total() > 0.0 {
        weights.skills / weights.total()
    } else {
        0.0
    };
    let mut improvements: Vec<Improvement> = requirements
        .iter()
        .filter(|r| r.credit < 1.0)
        .map(|r| Improvement {
            skill: r.need.skill,
            gain: share * units(r.need.requirement, weights) * (1.0 - r.credit) / total_units,
        })
        .collect();
    improvements.sort_by(|a, b| b.gain.total_cmp(&a.gain).then(a.skill.cmp(&b.skill)));
    improvements.truncate(5);

    Ok(Fit {
        score,
        requirements,
        languages,
        distance_km: admitted.distance_km,
        shortage: opening.shortage,
        track_match,
        availability: admitted.availability,
        factors,
        improvements,
    })
}

impl MatchWeights {
    fn total(&self) -> f64 {
        self.skills
            + self.languages
            + self.distance
            + self.shortage
            + self.tracks
            + self.availability
    }
}

/// How each of the opening's language requirements is met, whatever the hard limits say.
pub fn language_fits(
    seeker: &Seeker,
    opening: &Opening,
    weights: &MatchWeights,
) -> Vec<LanguageFit> {
    opening
        .languages
        .iter()
        .map(|(language, required)| {
            let held = held_level(seeker, *language);
            LanguageFit {
                language: *language,
                required: *required,
                held,
                credit: language_credit(held, *required, weights),
            }
        })
        .collect()
}

/// How many units a requirement weighs.
fn units(requirement: Requirement, weights: &MatchWeights) -> f64 {
    match requirement {
        Requirement::Essential => weights.essential_units,
        Requirement::Optional => 1.0,
    }
}

/// The highest level of `language` the person holds.
fn held_level(seeker: &Seeker, language: LanguageCode) -> Option<CefrLevel> {
    seeker
        .languages
        .iter()
        .filter(|(l, _)| *l == language)
        .map(|(_, level)| *level)
        .max()
}

fn language_credit(held: Option<CefrLevel>, required: CefrLevel, weights: &MatchWeights) -> f64 {
    match held {
        Some(level) => (1.0
            - weights.per_cefr_level_short * steps_short(&CefrLevel::ALL, level, required))
        .max(0.0),
        None => 0.0,
    }
}

/// Whether one of the person's tracks favours the vacancy.
fn track_match(seeker: &Seeker, opening: &Opening) -> bool {
    seeker.tracks.iter().any(|track| {
        crate::track::favours_vacancy(
            *track,
            &opening.tracks,
            opening.contract_type,
            &opening.inclusion_support,
        )
    })
}

/// The credit for a requirement met by the skill itself at `exact`, or else through the
/// hierarchy with `related` credit.
fn requirement_credit(
    need: &SkillNeed,
    exact: Option<Proficiency>,
    related: f64,
    weights: &MatchWeights,
) -> f64 {
    match exact {
        Some(held) => {
            let required = need.min_proficiency.unwrap_or(Proficiency::Basic);
            (1.0 - weights.per_level_short * steps_short(Proficiency::ALL, held, required)).max(0.0)
        }
        None => related,
    }
}

fn relation_credit(relation: Relation, weights: &MatchWeights) -> f64 {
    match relation {
        Relation::Narrower => weights.narrower_credit,
        Relation::Broader => weights.broader_credit,
        Relation::Sibling => weights.sibling_credit,
    }
}

/// The value (0 to 1) of each factor: the arithmetic of the score, shared by [`fit`] and
/// the fast scoring of the ranked lists so that both give the same number.
struct FactorValues {
    essential: f64,
    optional: f64,
    languages: f64,
    distance: f64,
    shortage: f64,
    tracks: f64,
    availability: f64,
    total_units: f64,
}

impl FactorValues {
    fn new(
        credits: &[(Requirement, f64)],
        language_credits: impl ExactSizeIterator<Item = f64>,
        opening: &Opening,
        admitted: Admitted,
        track_match: bool,
        weights: &MatchWeights,
    ) -> Self {
        let total_units: f64 = credits.iter().map(|(r, _)| units(*r, weights)).sum();
        let coverage = |which: Requirement| -> f64 {
            credits
                .iter()
                .filter(|(r, _)| *r == which)
                .map(|(r, credit)| credit * units(*r, weights))
                .sum::<f64>()
                / total_units
        };
        // Nothing asked is fully met.
        let (essential, optional) = if total_units == 0.0 {
            (1.0, 0.0)
        } else {
            (
                coverage(Requirement::Essential),
                coverage(Requirement::Optional),
            )
        };
        let count = language_credits.len();
        let languages = if count == 0 {
            1.0
        } else {
            language_credits.sum::<f64>() / count as f64
        };
        let distance = if opening.remote {
            1.0
        } else {
            match admitted.distance_km {
                Some(d) => 0.5_f64.powf(d / weights.distance_half_km),
                None => 0.5,
            }
        };
        Self {
            essential,
            optional,
            languages,
            distance,
            shortage: f64::from(u8::from(opening.shortage)),
            tracks: f64::from(u8::from(track_match)),
            availability: admitted.availability.map_or(1.0, |a| a.share),
            total_units,
        }
    }

    /// Name, weight, value and contribution of each factor, in order.
    fn factors(&self, weights: &MatchWeights) -> [(&'static str, f64, f64, f64); 7] {
        let total_weight = weights.total();
        let normalise = |w: f64| {
            if total_weight > 0.0 {
                w / total_weight
            } else {
                0.0
            }
        };
        let factor =
            |name, weight: f64, value: f64| (name, weight, value, normalise(weight) * value);
        [
            // The skills weight is shared by essential and optional requirements by units.
            factor("essentialSkills", weights.skills, self.essential),
            factor("optionalSkills", weights.skills, self.optional),
            factor("languages", weights.languages, self.languages),
            factor("distance", weights.distance, self.distance),
            factor("shortage", weights.shortage, self.shortage),
            factor("tracks", weights.tracks, self.tracks),
            factor("availability", weights.availability, self.availability),
        ]
    }

    fn score(&self, weights: &MatchWeights) -> f64 {
        total(&self.factors(weights).map(|(_, _, _, c)| c))
    }
}

/// The score from the factors' contributions.
fn total(contributions: &[f64]) -> f64 {
    contributions.iter().sum::<f64>().clamp(0.0, 1.0)
}

/// A person prepared for scoring many vacancies: for every skill in the neighbourhood of
/// what they hold, the best credit a requirement for it earns through the hierarchy.
pub struct PreparedSeeker<'a> {
    seeker: &'a Seeker,
    exact: HashMap<SkillId, Proficiency>,
    related: HashMap<SkillId, f64>,
    weights: &'a MatchWeights,
    today: NaiveDate,
}

impl<'a> PreparedSeeker<'a> {
    pub fn new(
        seeker: &'a Seeker,
        tree: &SkillTree,
        weights: &'a MatchWeights,
        today: NaiveDate,
    ) -> Self {
        let exact = seeker
            .skills
            .iter()
            .map(|h| (h.skill, h.proficiency))
            .collect();
        let mut related: HashMap<SkillId, f64> = HashMap::new();
        for held in &seeker.skills {
            for required in tree.neighbourhood(held.skill) {
                if let Some(relation) = tree.relation(held.skill, required) {
                    let credit = relation_credit(relation, weights);
                    let best = related.entry(required).or_insert(credit);
                    *best = best.max(credit);
                }
            }
        }
        Self {
            seeker,
            exact,
            related,
            weights,
            today,
        }
    }

    /// The score [`fit`] gives, without the explanation; `None` when a hard limit rules
    /// the vacancy out.
    pub fn score(&self, opening: &Opening) -> Option<f64> {
        let admitted = admissible(self.seeker, opening, self.today).ok()?;
        let credits: Vec<(Requirement, f64)> = opening
            .skills
            .iter()
            .map(|need| {
                let exact = self.exact.get(&need.skill).copied();
                let related = self.related.get(&need.skill).copied().unwrap_or(0.0);
                (
                    need.requirement,
                    requirement_credit(need, exact, related, self.weights),
                )
            })
            .collect();
        Some(score_of(
            self.seeker,
            opening,
            &credits,
            admitted,
            self.weights,
        ))
    }
}

fn score_of(
    seeker: &Seeker,
    opening: &Opening,
    credits: &[(Requirement, f64)],
    admitted: Admitted,
    weights: &MatchWeights,
) -> f64 {
    let languages = opening.languages.iter().map(|(language, required)| {
        language_credit(held_level(seeker, *language), *required, weights)
    });
    FactorValues::new(
        credits,
        languages,
        opening,
        admitted,
        track_match(seeker, opening),
        weights,
    )
    .score(weights)
}

/// A vacancy prepared for scoring many people: for every skill that meets one of its
/// requirements, itself or through the hierarchy, which requirements and how.
pub struct PreparedOpening<'a> {
    opening: &'a Opening,
    /// Requirement index and relation (`None`: the skill itself).
    meets: HashMap<SkillId, Vec<(usize, Option<Relation>)>>,
    weights: &'a MatchWeights,
    today: NaiveDate,
}

impl<'a> PreparedOpening<'a> {
    pub fn new(
        opening: &'a Opening,
        tree: &SkillTree,
        weights: &'a MatchWeights,
        today: NaiveDate,
    ) -> Self {
        let mut meets: HashMap<SkillId, Vec<(usize, Option<Relation>)>> = HashMap::new();
        for (index, need) in opening.skills.iter().enumerate() {
            meets.entry(need.skill).or_default().push((index, None));
            let mut seen = HashSet::new();
            for held in tree.neighbourhood(need.skill) {
                if held != need.skill
                    && seen.insert(held)
                    && let Some(relation) = tree.relation(held, need.skill)
                {
                    meets.entry(held).or_default().push((index, Some(relation)));
                }
            }
        }
        Self {
            opening,
            meets,
            weights,
            today,
        }
    }

    /// The score [`fit`] gives `seeker`, without the explanation; `None` when a hard limit
    /// rules the vacancy out for them.
    pub fn score(&self, seeker: &Seeker) -> Option<f64> {
        let admitted = admissible(seeker, self.opening, self.today).ok()?;
        let count = self.opening.skills.len();
        let mut exact: Vec<Option<Proficiency>> = vec![None; count];
        let mut related = vec![0.0_f64; count];
        for held in &seeker.skills {
            for (index, relation) in self.meets.get(&held.skill).map_or(&[][..], Vec::as_slice) {
                match relation {
                    None => exact[*index] = Some(held.proficiency),
                    Some(relation) => {
                        related[*index] =
                            related[*index].max(relation_credit(*relation, self.weights))
                    }
                }
            }
        }
        let credits: Vec<(Requirement, f64)> = self
            .opening
            .skills
            .iter()
            .enumerate()
            .map(|(i, need)| {
                (
                    need.requirement,
                    requirement_credit(need, exact[i], related[i], self.weights),
                )
            })
            .collect();
        Some(score_of(
            seeker,
            self.opening,
            &credits,
            admitted,
            self.weights,
        ))
    }
}

/// How each of the opening's skill requirements is met, whatever the hard limits say (a
/// skill gap is worth knowing even for a job out of reach today).
pub fn requirement_fits(
    seeker: &Seeker,
    opening: &Opening,
    tree: &SkillTree,
    weights: &MatchWeights,
) -> Vec<RequirementFit> {
    let held: HashMap<SkillId, &HeldSkill> = seeker.skills.iter().map(|s| (s.skill, s)).collect();
    opening
        .skills
        .iter()
        .map(|need| requirement_fit(need, &held, seeker, tree, weights))
        .collect()
}

fn requirement_fit(
    need: &SkillNeed,
    held: &HashMap<SkillId, &HeldSkill>,
    seeker: &Seeker,
    tree: &SkillTree,
    weights: &MatchWeights,
) -> RequirementFit {
    let required = need.min_proficiency.unwrap_or(Proficiency::Basic);
    if let Some(h) = held.get(&need.skill) {
        let credit = requirement_credit(need, Some(h.proficiency), 0.0, weights);
        let coverage = if h.proficiency >= required {
            Coverage::Met {
                evidence: h.evidence,
            }
        } else {
            Coverage::BelowLevel {
                held: h.proficiency,
                required,
                evidence: h.evidence,
            }
        };
        return RequirementFit {
            need: *need,
            coverage,
            credit,
        };
    }
    // The closest related skill the person holds, if any.
    let mut seen = HashSet::new();
    let best = seeker
        .skills
        .iter()
        .filter(|h| seen.insert(h.skill))
        .filter_map(|h| tree.relation(h.skill, need.skill).map(|r| (h, r)))
        .max_by(|(a, ra), (b, rb)| {
            relation_credit(*ra, weights)
                .total_cmp(&relation_credit(*rb, weights))
                .then(b.skill.cmp(&a.skill))
        });
    match best {
        Some((h, relation)) => RequirementFit {
            need: *need,
            coverage: Coverage::Related {
                via: h.skill,
                relation,
                evidence: h.evidence,
            },
            credit: relation_credit(relation, weights),
        },
        None => RequirementFit {
            need: *need,
            coverage: Coverage::Missing,
            credit: 0.0,
        },
    }
}

#[cfg(test)]
mod tests;
