//! Fairness monitoring of the employer-side funnel: for each stage, the rate at which each
//! group's candidates reach it from the stage before, the ratio of that rate to the
//! best-placed group's (the selection-rate ratio), flagged under four fifths (the
//! four-fifths rule) when the gap is more than chance (the group's 95% Wilson interval
//! lies wholly below the best-placed group's); only people who consent to
//! ANALYTICS, and no group of fewer than `k` people shown ([`crate::anonymity`]).
//!
//! Group data (gender, age band, region of origin, right-to-work status) is read for this
//! and only in aggregate; nothing here ranks anyone.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::anonymity::{Figure, MinGroup};
use crate::codes::coded;
use crate::{Page, PageRequest, ProfileId, StoreResult, VacancyId};

/// How many of the best-ranked people of `matchCandidates` count as shortlisted.
pub const SHORTLIST_SIZE: usize = 20;

coded!(
    /// The stages of the employer-side funnel, in order: appearing among the first 20 of
    /// `matchCandidates`, contacted, applied and reviewed, interviewed, hired.
    FunnelStage {
        Shortlisted => "SHORTLISTED",
        Contacted => "CONTACTED",
        Reviewed => "REVIEWED",
        Interviewed => "INTERVIEWED",
        Hired => "HIRED",
    }
);

coded!(
    /// What people are grouped by.
    GroupDimension {
        Gender => "GENDER",
        AgeBand => "AGE_BAND",
        OriginRegion => "ORIGIN_REGION",
        RightToWork => "RIGHT_TO_WORK",
    }
);

/// The group a person is in, by `dimension`, from their profile as of `today`: gender as
/// self-declared (WOMAN, MAN, OTHER, NOT_GIVEN), age band (15-24 to 55+, NOT_GIVEN), the
/// UN M49 region of origin (NOT_GIVEN), right-to-work status.
pub fn group_of(
    dimension: GroupDimension,
    details: &crate::profile::ProfileDetails,
    today: chrono::NaiveDate,
) -> String {
    use chrono::Datelike;
    const NOT_GIVEN: &str = "NOT_GIVEN";
    match dimension {
        GroupDimension::Gender => {
            match details.gender.as_deref().map(|g| g.trim().to_lowercase()) {
                None => NOT_GIVEN,
                Some(g) if g.is_empty() => NOT_GIVEN,
                Some(g)
                    if ["woman", "female", "f", "w", "femme", "mujer", "frau"]
                        .contains(&g.as_str()) =>
                {
                    "WOMAN"
                }
                Some(g)
                    if ["man", "male", "m", "homme", "hombre", "mann"].contains(&g.as_str()) =>
                {
                    "MAN"
                }
                Some(_) => "OTHER",
            }
            .to_owned()
        }
        GroupDimension::AgeBand => match details.birth_year.map(|y| today.year() - y) {
            None => NOT_GIVEN.to_owned(),
            Some(age) if age < 25 => "15-24".to_owned(),
            Some(age) if age < 35 => "25-34".to_owned(),
            Some(age) if age < 45 => "35-44".to_owned(),
            Some(age) if age < 55 => "45-54".to_owned(),
            Some(_) => "55+".to_owned(),
        },
        GroupDimension::OriginRegion => details
            .country_of_origin
            .as_deref()
            .and_then(crate::world_region::region_of_country)
            .map_or(NOT_GIVEN, |r| r.code())
            .to_owned(),
        GroupDimension::RightToWork => details.right_to_work.code().to_owned(),
    }
}

/// The ratio under which a group's selection rate is flagged (the four-fifths rule).
pub const FOUR_FIFTHS: f64 = 0.8;

/// What fairness monitoring reads and keeps.
#[async_trait::async_trait]
pub trait FairnessRepository: Send + Sync {
    /// Records that `people` appeared among the first [`SHORTLIST_SIZE`] of
    /// `matchCandidates` for `vacancy` on `on` (once per person and vacancy: the first day).
    async fn record_shortlisted(
        &self,
        vacancy: VacancyId,
        people: &[ProfileId],
        on: NaiveDate,
    ) -> StoreResult<()>;
    /// Each stage someone reached from `from` to `until`: shortlisted, a contact request
    /// made, an application reviewed (REVIEWED or REJECTED), interviewed (INTERVIEW or
    /// OFFER), HIRED; a person and stage may come more than once.
    async fn funnel_steps(
        &self,
        from: NaiveDate,
        until: NaiveDate,
    ) -> StoreResult<Vec<(ProfileId, FunnelStage)>>;
    /// Keeps a computed report (aggregates only).
    async fn save_fairness_report(&self, report: &FairnessReport) -> StoreResult<()>;
    /// A kept report.
    async fn fairness_report(&self, id: Uuid) -> StoreResult<Option<FairnessReport>>;
    /// The kept reports, newest first.
    async fn fairness_reports(&self, page: &PageRequest) -> StoreResult<Page<FairnessReport>>;
}

/// One person in the funnel of a period: their group in each dimension and the furthest
/// stage they reached (a later stage implies the earlier ones: someone hired without a
/// contact request was in contact through their application).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FunnelPerson {
    pub groups: Vec<(GroupDimension, String)>,
    pub furthest: Option<FunnelStage>,
}

impl FunnelPerson {
    /// The person as of `today`, in every dimension.
    pub fn of(
        details: &crate::profile::ProfileDetails,
        furthest: Option<FunnelStage>,
        today: NaiveDate,
    ) -> Self {
        Self {
            groups: GroupDimension::ALL
                .iter()
                .map(|d| (*d, group_of(*d, details, today)))
                .collect(),
            furthest,
        }
    }

    fn group(&self, dimension: GroupDimension) -> &str {
        self.groups
            .iter()
            .find(|(d, _)| *d == dimension)
            .map_or("NOT_GIVEN", |(_, g)| g.as_str())
    }
}

/// The furthest stage of each person among `steps`.
pub fn furthest_stages(
    steps: impl IntoIterator<Item = (ProfileId, FunnelStage)>,
) -> BTreeMap<ProfileId, FunnelStage> {
    let mut furthest: BTreeMap<ProfileId, FunnelStage> = BTreeMap::new();
    for (person, stage) in steps {
        let entry = furthest.entry(person).or_insert(stage);
        *entry = (*entry).max(stage);
    }
    furthest
}

/// A computed fairness report: aggregates only, nothing about any one person.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FairnessReport {
    pub id: Uuid,
    pub computed_at: DateTime<Utc>,
    pub from: NaiveDate,
    pub until: NaiveDate,
    pub min_group: u64,
    pub stages: Vec<StageRates>,
}

/// The rates of one stage.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StageRates {
    pub stage: FunnelStage,
    /// How many could reach the stage (the pool, or those at the stage before); withheld
    /// when any dimension's partition withholds it.
    pub eligible: Figure,
    pub dimensions: Vec<DimensionRates>,
}

/// The groups of one dimension at one stage, in group order.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DimensionRates {
    pub dimension: GroupDimension,
    pub groups: Vec<GroupRate>,
}

/// The rates of the funnel of `people` at every stage, in every dimension, under `k`.
///
/// Each group's figures form a chain: the pool, then how many reached each stage in turn
/// (a stage's eligible count is the count that reached the stage before; its rate tells
/// how many reached it). Nothing shown may be a group of 1 to k-1 people, nor what a
/// stage's total leaves beside a dimension's shown groups, nor the difference of two such
/// figures where one holds the other, nor how many of the withheld groups stepped down
/// from one stage to the next. A group's chain is shown while each count and each step
/// down is 0 or at least k, and withheld from there on; a rate only with the count it
/// tells; a total while it and its step down are 0 or at least k. Then, while anything
/// could still be worked out, the smallest shown figure involved is withheld too.
pub fn funnel_rates(people: &[FunnelPerson], k: MinGroup) -> Vec<StageRates> {
    let mut funnel = Funnel::of(people, k);
    funnel.protect();
    FunnelStage::ALL
        .iter()
        .enumerate()
        .map(|(i, stage)| StageRates {
            stage: *stage,
            eligible: if funnel.total_shown[i] {
                Figure::Shown(funnel.totals[i])
            } else {
                Figure::Suppressed
            },
            dimensions: funnel
                .dimensions
                .iter()
                .map(|(dimension, chains)| DimensionRates {
                    dimension: *dimension,
                    groups: rates_at(chains, i),
                })
                .collect(),
        })
        .collect()
}

/// One group's counts along the funnel (chain position `j`: 0 for the pool, `i + 1` for
/// reaching stage `i`), which of them are shown, and who they are (by signature).
struct GroupChain {
    group: String,
    counts: Vec<u64>,
    shown: Vec<bool>,
    members: Vec<Signatures>,
}

/// A set of signatures: people alike in depth and every group, whom no figure tells apart.
#[derive(Clone, PartialEq, Eq)]
struct Signatures(Vec<u64>);

impl Signatures {
    fn empty(len: usize) -> Self {
        Self(vec![0; len.div_ceil(64)])
    }
    fn insert(&mut self, i: usize) {
        self.0[i / 64] |= 1 << (i % 64);
    }
    fn is_subset(&self, of: &Self) -> bool {
        self.0.iter().zip(&of.0).all(|(a, b)| a & !b == 0)
    }
    fn minus(&self, other: &Self) -> Self {
        Self(self.0.iter().zip(&other.0).map(|(a, b)| a & !b).collect())
    }
    fn union_with(&mut self, other: &Self) {
        for (a, b) in self.0.iter_mut().zip(&other.0) {
            *a |= b;
        }
    }
    fn people(&self, weights: &[u64]) -> u64 {
        weights
            .iter()
            .enumerate()
            .filter(|(i, _)| self.0[i / 64] & (1 << (i % 64)) != 0)
            .map(|(_, w)| w)
            .sum()
    }
}

/// A person's depth in the funnel and their group in each dimension.
type Signature<'a> = (usize, Vec<&'a str>);

/// A figure the answer shows or lets one work out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Known {
    Total(usize),
    Cell(usize, usize, usize),
    /// A stage's total less a dimension's shown groups.
    Rest(usize, usize),
}

struct Funnel {
    k: u64,
    weights: Vec<u64>,
    totals: Vec<u64>,
    total_sets: Vec<Signatures>,
    total_shown: Vec<bool>,
    dimensions: Vec<(GroupDimension, Vec<GroupChain>)>,
}

impl Funnel {
    fn of(people: &[FunnelPerson], k: MinGroup) -> Self {
        let positions = FunnelStage::ALL.len() + 1;
        let depth = |p: &FunnelPerson| {
            p.furthest.map_or(0, |f| {
                FunnelStage::ALL.iter().position(|s| *s == f).unwrap_or(0) + 1
            })
        };
        let mut signatures: BTreeMap<Signature, u64> = BTreeMap::new();
        for person in people {
            let groups = GroupDimension::ALL
                .iter()
                .map(|d| person.group(*d))
                .collect();
            *signatures.entry((depth(person), groups)).or_default() += 1;
        }
        let weights: Vec<u64> = signatures.values().copied().collect();
        let signatures: Vec<Signature> = signatures.into_keys().collect();
        let set = |keep: &dyn Fn(&Signature) -> bool| {
            let mut set = Signatures::empty(signatures.len());
            for (i, signature) in signatures.iter().enumerate() {
                if keep(signature) {
                    set.insert(i);
                }
            }
            set
        };
        let total_sets: Vec<Signatures> = (0..positions).map(|j| set(&|(d, _)| *d >= j)).collect();
        let totals: Vec<u64> = total_sets.iter().map(|s| s.people(&weights)).collect();
        let dimensions = GroupDimension::ALL
            .iter()
            .enumerate()
            .map(|(di, dimension)| {
                let mut names: Vec<&str> = signatures.iter().map(|(_, g)| g[di]).collect();
                names.sort_unstable();
                names.dedup();
                let chains = names
                    .into_iter()
                    .map(|name| {
                        let members: Vec<Signatures> = (0..positions)
                            .map(|j| set(&|(d, g)| *d >= j && g[di] == name))
                            .collect();
                        GroupChain {
                            group: name.to_owned(),
                            counts: members.iter().map(|m| m.people(&weights)).collect(),
                            shown: vec![false; positions],
                            members,
                        }
                    })
                    .collect();
                (*dimension, chains)
            })
            .collect();
        let mut funnel = Self {
            k: k.get(),
            weights,
            totals,
            total_sets,
            total_shown: vec![false; positions],
            dimensions,
        };
        funnel.show_safe_chains();
        funnel
    }

    fn safe(&self, n: u64) -> bool {
        n == 0 || n >= self.k
    }

    /// Every total and chain shown while its counts and steps down are safe. The last
    /// position (hired) is no stage's eligible count, so its total is never shown.
    fn show_safe_chains(&mut self) {
        let positions = self.totals.len();
        for j in 0..positions - 1 {
            self.total_shown[j] = self.safe(self.totals[j])
                && (j == 0
                    || (self.total_shown[j - 1] && self.safe(self.totals[j - 1] - self.totals[j])));
        }
        let k = self.k;
        let safe = |n: u64| n == 0 || n >= k;
        for (_, chains) in &mut self.dimensions {
            for chain in chains {
                for j in 0..positions {
                    chain.shown[j] = safe(chain.counts[j])
                        && (j == 0
                            || (chain.shown[j - 1] && safe(chain.counts[j - 1] - chain.counts[j])));
                }
            }
        }
    }

    /// Withholds more until nothing small can be worked out.
    fn protect(&mut self) {
        while let Some(fix) = self.leak() {
            match fix {
                Known::Cell(d, g, j) => {
                    let chain = &mut self.dimensions[d].1[g];
                    for shown in &mut chain.shown[j..] {
                        *shown = false;
                    }
                }
                Known::Total(j) => self.withhold_total(j),
                Known::Rest(d, j) => {
                    if !self.withhold_smallest(d, j) {
                        self.withhold_total(j);
                    }
                }
            }
        }
    }

    /// Withholds the total at position `j`, and the smallest group of each dimension
    /// whose groups all show (they would tell it).
    fn withhold_total(&mut self, j: usize) {
        self.total_shown[j] = false;
        for d in 0..self.dimensions.len() {
            if self.dimensions[d].1.iter().all(|c| c.shown[j]) {
                self.withhold_smallest(d, j);
            }
        }
    }

    /// Withholds the smallest shown group of dimension `d` at position `j`, if any.
    fn withhold_smallest(&mut self, d: usize, j: usize) -> bool {
        let smallest = (0..self.dimensions[d].1.len())
            .filter(|g| self.dimensions[d].1[*g].shown[j])
            .min_by_key(|g| self.dimensions[d].1[*g].counts[j]);
        if let Some(g) = smallest {
            for shown in &mut self.dimensions[d].1[g].shown[j..] {
                *shown = false;
            }
        }
        smallest.is_some()
    }

    /// Whether a stage's total is known: shown, or told by a dimension whose groups all
    /// show.
    fn total_known(&self, j: usize) -> bool {
        self.total_shown[j]
            || self
                .dimensions
                .iter()
                .any(|(_, chains)| chains.iter().all(|c| c.shown[j]))
    }

    /// The first figure to withhold so that less can be worked out, or none when nothing
    /// small can be.
    fn leak(&self) -> Option<Known> {
        let positions = self.totals.len();
        // How many of a dimension's withheld groups stepped down from one position to the
        // next: the withheld at `j` had, at `j - 1`, the rest then plus the newly withheld.
        for j in 1..positions {
            if !(self.total_known(j) && self.total_known(j - 1)) {
                continue;
            }
            for (d, (_, chains)) in self.dimensions.iter().enumerate() {
                let step: u64 = chains
                    .iter()
                    .filter(|c| !c.shown[j])
                    .map(|c| c.counts[j - 1] - c.counts[j])
                    .sum();
                if !self.safe(step) {
                    return Some(Known::Rest(d, j));
                }
            }
        }
        let mut known: Vec<(Known, Signatures, u64)> = Vec::new();
        for j in 0..positions {
            if self.total_known(j) {
                known.push((Known::Total(j), self.total_sets[j].clone(), self.totals[j]));
            }
            for (d, (_, chains)) in self.dimensions.iter().enumerate() {
                let mut covered = Signatures::empty(self.weights.len());
                for (g, chain) in chains.iter().enumerate() {
                    if chain.shown[j] {
                        covered.union_with(&chain.members[j]);
                        known.push((
                            Known::Cell(d, g, j),
                            chain.members[j].clone(),
                            chain.counts[j],
                        ));
                    }
                }
                if self.total_known(j) {
                    let rest = self.total_sets[j].minus(&covered);
                    let people = rest.people(&self.weights);
                    known.push((Known::Rest(d, j), rest, people));
                }
            }
        }
        if let Some((figure, _, _)) = known.iter().find(|(_, _, n)| !self.safe(*n)) {
            return Some(self.to_withhold(*figure, *figure, &known));
        }
        for (a, big, big_n) in &known {
            for (b, part, part_n) in &known {
                if part_n < big_n && !self.safe(big_n - part_n) && part.is_subset(big) {
                    return Some(self.to_withhold(*a, *b, &known));
                }
            }
        }
        None
    }

    /// Which of two figures whose difference is small to act on: a group (the smaller),
    /// else a rest, else the later total.
    fn to_withhold(&self, a: Known, b: Known, known: &[(Known, Signatures, u64)]) -> Known {
        let size = |f: Known| {
            known
                .iter()
                .find(|(k, _, _)| *k == f)
                .map_or(0, |(_, _, n)| *n)
        };
        match (a, b) {
            (Known::Cell(..), Known::Cell(..)) => {
                if size(a) <= size(b) {
                    a
                } else {
                    b
                }
            }
            (Known::Cell(..), _) => a,
            (_, Known::Cell(..)) => b,
            (Known::Rest(..), _) => a,
            (_, Known::Rest(..)) => b,
            (Known::Total(x), Known::Total(y)) => Known::Total(x.max(y)),
        }
    }
}

/// The rates of the groups at stage `i` (chain positions `i` and `i + 1`).
fn rates_at(chains: &[GroupChain], i: usize) -> Vec<GroupRate> {
    let rates: Vec<Option<f64>> = chains
        .iter()
        .map(|c| {
            (c.shown[i] && c.shown[i + 1] && c.counts[i] > 0)
                .then(|| c.counts[i + 1] as f64 / c.counts[i] as f64)
        })
        .collect();
    let intervals: Vec<Option<(f64, f64)>> = chains
        .iter()
        .zip(&rates)
        .map(|(c, rate)| rate.and_then(|_| wilson_interval(c.counts[i + 1], c.counts[i])))
        .collect();
    // The best-placed group: the highest rate (the first of equals).
    let best = rates
        .iter()
        .zip(&intervals)
        .filter_map(|(r, i)| Some(((*r)?, (*i)?)))
        .fold(None, |best: Option<(f64, (f64, f64))>, (r, i)| match best {
            Some((b, _)) if b >= r => best,
            _ => Some((r, i)),
        });
    chains
        .iter()
        .zip(rates)
        .zip(intervals)
        .map(|((c, rate), interval)| {
            let ratio_to_best = rate
                .zip(best)
                .filter(|(_, (b, _))| *b > 0.0)
                .map(|(r, (b, _))| r / b);
            let beyond_chance = interval
                .zip(best)
                .is_some_and(|((_, high), (_, (best_low, _)))| high < best_low);
            GroupRate {
                group: c.group.clone(),
                eligible: if c.shown[i] {
                    Figure::Shown(c.counts[i])
                } else {
                    Figure::Suppressed
                },
                rate,
                interval,
                ratio_to_best,
                flagged: beyond_chance && ratio_to_best.is_some_and(|r| r < FOUR_FIFTHS),
            }
        })
        .collect()
}

/// One group's figures at one stage, as published.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GroupRate {
    pub group: String,
    /// How many could reach the stage, under k-anonymity (a partition of the stage's pool).
    pub eligible: Figure,
    /// `reached / eligible`, when the group is shown.
    pub rate: Option<f64>,
    /// The 95% Wilson interval of the rate.
    pub interval: Option<(f64, f64)>,
    /// The rate divided by the best shown group's rate.
    pub ratio_to_best: Option<f64>,
    /// The ratio is under [`FOUR_FIFTHS`], and the gap is more than chance: the group's
    /// interval lies wholly below the best-placed group's.
    pub flagged: bool,
}

/// The 95% Wilson score interval of `reached` out of `eligible`.
pub fn wilson_interval(reached: u64, eligible: u64) -> Option<(f64, f64)> {
    if eligible == 0 {
        return None;
    }
    let z: f64 = 1.96;
    let n = eligible as f64;
    let p = reached as f64 / n;
    let denominator = 1.0 + z * z / n;
    let centre = (p + z * z / (2.0 * n)) / denominator;
    let half = z * (p * (1.0 - p) / n + z * z / (4.0 * n * n)).sqrt() / denominator;
    Some(((centre - half).max(0.0), (centre + half).min(1.0)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn people_fall_into_one_group_of_each_dimension() {
        let today = chrono::NaiveDate::from_ymd_opt(2027, 6, 1).unwrap();
        let mut details = crate::profile::ProfileDetails::new("A".into());
        let group = |d: &crate::profile::ProfileDetails, dim| group_of(dim, d, today);
        assert_eq!(group(&details, GroupDimension::Gender), "NOT_GIVEN");
        assert_eq!(group(&details, GroupDimension::AgeBand), "NOT_GIVEN");
        assert_eq!(group(&details, GroupDimension::RightToWork), "UNKNOWN");
        details.gender = Some(" Female ".into());
        details.birth_year = Some(2000);
        details.country_of_origin = Some("SY".into());
        assert_eq!(group(&details, GroupDimension::Gender), "WOMAN");
        assert_eq!(group(&details, GroupDimension::AgeBand), "25-34");
        assert_eq!(
            group(&details, GroupDimension::OriginRegion),
            "WESTERN_ASIA"
        );
        details.gender = Some("non-binary".into());
        assert_eq!(group(&details, GroupDimension::Gender), "OTHER");
    }

    fn person(gender: &str, furthest: Option<FunnelStage>) -> FunnelPerson {
        FunnelPerson {
            groups: vec![(GroupDimension::Gender, gender.into())],
            furthest,
        }
    }

    /// `n` people of `gender` reaching each of `reached` stages in turn (the rest of the
    /// previous count stop there).
    fn cohort(gender: &str, pool: u64, reached: &[u64]) -> Vec<FunnelPerson> {
        let mut people = Vec::new();
        let mut counts = vec![pool];
        counts.extend_from_slice(reached);
        counts.push(0);
        for depth in 0..counts.len() - 1 {
            let stop = counts[depth] - counts[depth + 1];
            let furthest = depth.checked_sub(1).map(|d| FunnelStage::ALL[d]);
            people.extend((0..stop).map(|_| person(gender, furthest)));
        }
        people
    }

    #[test]
    fn a_group_never_contacted_is_flagged_and_equal_groups_are_not() {
        let k = MinGroup::new(5).unwrap();
        let mut biased = cohort("WOMAN", 40, &[30, 0]);
        biased.extend(cohort("MAN", 40, &[30, 12]));
        let stages = funnel_rates(&biased, k);
        let contacted = &stages[1].dimensions[0].groups;
        assert_eq!(contacted[0].group, "MAN");
        assert_eq!(contacted[0].rate, Some(0.4));
        assert_eq!(contacted[0].ratio_to_best, Some(1.0));
        assert_eq!(contacted[1].rate, Some(0.0));
        assert!(contacted[1].flagged);
        assert_eq!(contacted[1].eligible, Figure::Shown(30));

        let mut fair = cohort("WOMAN", 40, &[30, 12]);
        fair.extend(cohort("MAN", 40, &[30, 11]));
        let stages = funnel_rates(&fair, k);
        assert!(
            stages
                .iter()
                .flat_map(|s| &s.dimensions)
                .flat_map(|d| &d.groups)
                .all(|g| !g.flagged),
            "{stages:?}"
        );
        let ratio = stages[1].dimensions[0].groups[0].ratio_to_best.unwrap();
        assert!((ratio - 11.0 / 12.0).abs() < 1e-12);
    }

    #[test]
    fn each_stage_counts_those_who_reached_the_one_before() {
        let k = MinGroup::new(5).unwrap();
        // Women: 30 in the pool, 20 shortlisted, 15 contacted, 10 reviewed, 10 interviewed,
        // 5 hired. Men: 30, 20, 6, then 3 reviewed (too few to show).
        let mut people = cohort("WOMAN", 30, &[20, 15, 10, 10, 5]);
        people.extend(cohort("MAN", 30, &[20, 6, 3]));
        let stages = funnel_rates(&people, k);
        assert_eq!(
            stages.iter().map(|s| s.stage).collect::<Vec<_>>(),
            FunnelStage::ALL
        );
        let gender = |stage: usize| &stages[stage].dimensions[0].groups;
        assert_eq!(stages[0].eligible, Figure::Shown(60));
        assert_eq!(gender(0)[0].rate, Some(20.0 / 30.0));
        // Contacted: 6 of 20 men against 15 of 20 women.
        assert_eq!(gender(1)[0].group, "MAN");
        assert_eq!(gender(1)[0].rate, Some(0.3));
        assert!(gender(1)[0].flagged);
        assert_eq!(gender(1)[1].ratio_to_best, Some(1.0));
        // Reviewed: the men's rate would tell the 3 reviewed, so it is withheld, and from
        // there on their counts; the women's too, as the total would give the men's away.
        assert_eq!(stages[2].eligible, Figure::Shown(21));
        assert_eq!(gender(2)[0].eligible, Figure::Shown(6));
        assert_eq!(gender(2)[0].rate, None);
        assert_eq!(gender(2)[1].rate, None);
        assert_eq!(gender(3)[0].eligible, Figure::Suppressed);
        assert_eq!(gender(3)[1].eligible, Figure::Suppressed);
        // 21 reached stage 2 and 13 stage 3: the step of 8 is shown with both totals.
        assert_eq!(stages[3].eligible, Figure::Shown(13));
    }

    /// Everything an answer lets one work out, as sets of people: each shown count, the
    /// count a shown rate tells, and what a stage's total leaves beside a dimension's
    /// shown groups. None may be a group of 1 to k-1, nor may any difference between two
    /// of them where one holds the other.
    fn assert_no_small_group_recoverable(
        people: &[FunnelPerson],
        stages: &[StageRates],
        k: MinGroup,
    ) {
        use std::collections::BTreeSet;
        let depth = |p: &FunnelPerson| {
            p.furthest.map_or(0, |f| {
                FunnelStage::ALL.iter().position(|s| *s == f).unwrap() + 1
            })
        };
        let at = |j: usize| -> BTreeSet<usize> {
            (0..people.len())
                .filter(|i| depth(&people[*i]) >= j)
                .collect()
        };
        let mut known: Vec<(String, BTreeSet<usize>)> = Vec::new();
        for (i, stage) in stages.iter().enumerate() {
            if let Figure::Shown(n) = stage.eligible {
                assert_eq!(n as usize, at(i).len());
                known.push((format!("total {i}"), at(i)));
            }
            for d in &stage.dimensions {
                let mut covered = BTreeSet::new();
                for g in &d.groups {
                    let members = |j: usize| -> BTreeSet<usize> {
                        at(j)
                            .into_iter()
                            .filter(|p| people[*p].group(d.dimension) == g.group)
                            .collect()
                    };
                    if let Figure::Shown(n) = g.eligible {
                        assert_eq!(n as usize, members(i).len());
                        covered.extend(members(i));
                        known.push((format!("{i} {:?} {}", d.dimension, g.group), members(i)));
                    }
                    if let Some(rate) = g.rate {
                        let told = (rate * members(i).len() as f64).round() as usize;
                        assert_eq!(told, members(i + 1).len());
                        known.push((
                            format!("{i} {:?} {} reached", d.dimension, g.group),
                            members(i + 1),
                        ));
                    }
                }
                let told = stage
                    .dimensions
                    .iter()
                    .any(|d| d.groups.iter().all(|g| g.eligible != Figure::Suppressed));
                if stage.eligible != Figure::Suppressed || told {
                    let rest: BTreeSet<usize> = at(i).difference(&covered).copied().collect();
                    known.push((format!("{i} {:?} rest", d.dimension), rest));
                }
            }
        }
        let small = |n: usize| n > 0 && (n as u64) < k.get();
        for (name, set) in &known {
            assert!(!small(set.len()), "{name} is {} people", set.len());
        }
        for (a, big) in &known {
            for (b, part) in &known {
                if part.len() < big.len() && part.is_subset(big) {
                    let gap = big.len() - part.len();
                    assert!(!small(gap), "{a} minus {b} is {gap} people");
                }
            }
        }
    }

    /// A seeded population of 2,000 in which every group has the same chances at every
    /// stage, or in which women are never contacted.
    fn seeded_population(women_contacted: bool) -> Vec<FunnelPerson> {
        use rand::{Rng, SeedableRng};
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
        let chances = [0.5, 0.4, 0.6, 0.5, 0.5];
        let genders = ["WOMAN", "MAN"];
        let ages = ["15-24", "25-34", "35-44", "45-54"];
        let regions = ["WESTERN_ASIA", "EASTERN_EUROPE", "WESTERN_AFRICA"];
        (0..2000)
            .map(|_| {
                let gender = genders[rng.random_range(0..genders.len())];
                let mut depth = 0;
                while depth < chances.len() && rng.random_bool(chances[depth]) {
                    if depth == 1 && gender == "WOMAN" && !women_contacted {
                        break;
                    }
                    depth += 1;
                }
                FunnelPerson {
                    groups: vec![
                        (GroupDimension::Gender, gender.into()),
                        (
                            GroupDimension::AgeBand,
                            ages[rng.random_range(0..ages.len())].into(),
                        ),
                        (
                            GroupDimension::OriginRegion,
                            regions[rng.random_range(0..regions.len())].into(),
                        ),
                    ],
                    furthest: depth.checked_sub(1).map(|d| FunnelStage::ALL[d]),
                }
            })
            .collect()
    }

    #[test]
    fn a_seeded_bias_is_flagged_and_a_fair_population_is_not() {
        let k = MinGroup::default();
        let flagged = |stages: &[StageRates]| -> Vec<(FunnelStage, GroupDimension, String)> {
            stages
                .iter()
                .flat_map(|s| {
                    s.dimensions.iter().flat_map(move |d| {
                        d.groups
                            .iter()
                            .filter(|g| g.flagged)
                            .map(move |g| (s.stage, d.dimension, g.group.clone()))
                    })
                })
                .collect()
        };
        let fair = seeded_population(true);
        assert_eq!(flagged(&funnel_rates(&fair, k)), vec![]);
        let biased = seeded_population(false);
        let stages = funnel_rates(&biased, k);
        let found = flagged(&stages);
        assert!(
            found.contains(&(
                FunnelStage::Contacted,
                GroupDimension::Gender,
                "WOMAN".to_owned()
            )),
            "{found:?}"
        );
        // Nothing but contact shows a gap (another dimension may show the women in it).
        assert!(
            found.iter().all(|(s, _, _)| *s == FunnelStage::Contacted),
            "{found:?}"
        );
        let women = &stages[1].dimensions[0].groups[1];
        assert_eq!(women.rate, Some(0.0));
        assert!(matches!(women.eligible, Figure::Shown(n) if n > 400));
    }

    #[test]
    fn no_answer_lets_a_small_group_be_worked_out() {
        use rand::{Rng, SeedableRng};
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(18);
        let genders = ["WOMAN", "MAN", "OTHER", "NOT_GIVEN"];
        let ages = ["15-24", "25-34", "35-44", "55+"];
        let regions = [
            "WESTERN_ASIA",
            "NORTHERN_AFRICA",
            "EASTERN_EUROPE",
            "SOUTHERN_ASIA",
            "WESTERN_AFRICA",
            "NOT_GIVEN",
        ];
        for _ in 0..300 {
            let k = MinGroup::new(rng.random_range(5..=8)).unwrap();
            let n = rng.random_range(0..160);
            // Skewed: most people stop early, as in a real funnel.
            let people: Vec<FunnelPerson> = (0..n)
                .map(|_| {
                    let mut depth = 0;
                    while depth < FunnelStage::ALL.len() && rng.random_bool(0.6) {
                        depth += 1;
                    }
                    FunnelPerson {
                        groups: vec![
                            (
                                GroupDimension::Gender,
                                genders[rng.random_range(0..genders.len())].into(),
                            ),
                            (
                                GroupDimension::AgeBand,
                                ages[rng.random_range(0..ages.len())].into(),
                            ),
                            (
                                GroupDimension::OriginRegion,
                                regions[rng.random_range(0..regions.len())].into(),
                            ),
                        ],
                        furthest: depth.checked_sub(1).map(|d| FunnelStage::ALL[d]),
                    }
                })
                .collect();
            let stages = funnel_rates(&people, k);
            assert_no_small_group_recoverable(&people, &stages, k);
        }
    }

    #[test]
    fn a_person_counts_at_the_furthest_stage_reached() {
        let a = ProfileId::new();
        let b = ProfileId::new();
        let furthest = furthest_stages([
            (a, FunnelStage::Hired),
            (a, FunnelStage::Shortlisted),
            (b, FunnelStage::Contacted),
        ]);
        assert_eq!(furthest[&a], FunnelStage::Hired);
        assert_eq!(furthest[&b], FunnelStage::Contacted);
    }

    #[test]
    fn wilson_intervals_hold_the_rate_and_narrow_with_more_people() {
        let (low, high) = wilson_interval(10, 20).unwrap();
        assert!(low < 0.5 && 0.5 < high);
        let (wide_low, wide_high) = wilson_interval(5, 10).unwrap();
        assert!(wide_high - wide_low > high - low);
        let (zero_low, zero_high) = wilson_interval(0, 20).unwrap();
        assert_eq!(zero_low, 0.0);
        assert!(zero_high > 0.0 && zero_high < 0.2);
        assert_eq!(wilson_interval(0, 0), None);
    }
}
