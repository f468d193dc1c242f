//! Labour-market insights for a region: which skills open vacancies ask for (demand, public
//! facts), which skills and languages people hold (supply, only people who consent to
//! ANALYTICS, under [`crate::anonymity`]), and the gap between them with the course seats
//! that teach each gap skill.
//!
//! Lists are ordered by their figures, largest first; a withheld figure is never placed
//! among the shown ones by its hidden value (that would tell it): withheld rows follow the
//! shown ones, ordered by what is public about them.

use std::collections::HashMap;
use std::hash::Hash;

use chrono::NaiveDate;

use crate::anonymity::{Figure, MinGroup, Partition, protect_partition, protect_subsets};
use crate::codes::coded;
use crate::follow_up::CheckInOutcome;
use crate::track::Track;
use crate::{OccupationId, ProfileId, SkillId};

/// How many open vacancies there are of an occupation: public facts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OccupationDemand {
    /// `None`: vacancies that name no occupation.
    pub occupation: Option<OccupationId>,
    pub vacancies: u64,
    pub positions: u64,
    /// Vacancies whose occupation is on a shortage list for their place today.
    pub shortage: u64,
}

/// Orders occupation demand: most vacancies first, then most positions, then by
/// occupation (vacancies naming none last among equals).
pub fn rank_occupation_demand(rows: &mut [OccupationDemand]) {
    rows.sort_by(|a, b| {
        b.vacancies
            .cmp(&a.vacancies)
            .then(b.positions.cmp(&a.positions))
            .then(a.occupation.is_none().cmp(&b.occupation.is_none()))
            .then(a.occupation.cmp(&b.occupation))
    });
}

coded!(
    /// The steps of the flow from application to work that insights count.
    FlowStage {
        /// An application made.
        Applied => "APPLIED",
        /// Invited to interview.
        Interviewed => "INTERVIEWED",
        /// Hired.
        Hired => "HIRED",
    }
);

/// A step of someone's application in a period, with its vacancy's occupation and tracks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FlowRecord {
    pub profile_id: ProfileId,
    pub stage: FlowStage,
    pub occupation: Option<OccupationId>,
    pub tracks: Vec<Track>,
}

/// A check-in of a placement whose job started in a period.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetentionRecord {
    pub profile_id: ProfileId,
    /// 3, 6 or 12.
    pub months: u32,
    pub outcome: CheckInOutcome,
}

/// What insights read.
#[async_trait::async_trait]
pub trait InsightsRepository: Send + Sync {
    /// Applications made, interviews and hires from `from` to `until` (by the day of the
    /// step), of vacancies in `region`.
    async fn application_flows(
        &self,
        region: Option<&crate::shortage::Region>,
        from: NaiveDate,
        until: NaiveDate,
    ) -> crate::StoreResult<Vec<FlowRecord>>;
    /// The check-ins of placements whose job started from `from` to `until`, of vacancies
    /// in `region`.
    async fn retention_check_ins(
        &self,
        region: Option<&crate::shortage::Region>,
        from: NaiveDate,
        until: NaiveDate,
    ) -> crate::StoreResult<Vec<RetentionRecord>>;
    /// The profiles whose place is in `region` (`None`: every profile), by id.
    async fn profiles_in_region(
        &self,
        region: Option<&crate::shortage::Region>,
    ) -> crate::StoreResult<Vec<crate::ProfileId>>;
}

/// How many open vacancies ask for a skill: public facts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SkillDemand {
    pub skill: SkillId,
    pub vacancies: u64,
    /// Of which as ESSENTIAL.
    pub essential: u64,
    /// Of which in a shortage occupation.
    pub shortage: u64,
}

/// Orders demand rows: most vacancies first, then most essential, then by skill.
pub fn rank_demand(rows: &mut [SkillDemand]) {
    rows.sort_by(|a, b| {
        b.vacancies
            .cmp(&a.vacancies)
            .then(b.essential.cmp(&a.essential))
            .then(a.skill.cmp(&b.skill))
    });
}

/// How many of `total` consenting people hold each key (a skill, a language), each
/// person's keys given once; withheld where small or where the people without it are few.
/// Shown figures come first, most people first; withheld ones follow in key order.
pub fn supply<K: Clone + Ord + Hash>(
    holdings: impl IntoIterator<Item = K>,
    total: u64,
    k: MinGroup,
) -> (Vec<(K, Figure)>, Figure) {
    let mut counts: HashMap<K, u64> = HashMap::new();
    for key in holdings {
        *counts.entry(key).or_default() += 1;
    }
    supply_of_counts(counts, total, k)
}

/// As [`supply`], from how many hold each key.
pub fn supply_of_counts<K: Clone + Ord + Hash>(
    counts: HashMap<K, u64>,
    total: u64,
    k: MinGroup,
) -> (Vec<(K, Figure)>, Figure) {
    let mut counts: Vec<(K, u64)> = counts.into_iter().collect();
    counts.sort_by(|(a, _), (b, _)| a.cmp(b));
    let protected = protect_subsets(counts, total, k);
    let mut cells = protected.cells;
    cells.sort_by(|(ka, a), (kb, b)| match (a.shown(), b.shown()) {
        (Some(x), Some(y)) => y.cmp(&x).then(ka.cmp(kb)),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => ka.cmp(kb),
    });
    (cells, protected.total)
}

/// The people at one step of the flow in a period: how many, and how many by the
/// vacancy's occupation and by its tracks (a person counts once in each, and may be in
/// several).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FlowFigures {
    pub stage: FlowStage,
    pub people: Figure,
    /// Shown figures first, most people first; withheld ones after (no occupation last).
    pub by_occupation: Vec<(Option<OccupationId>, Figure)>,
    pub by_track: Vec<(Track, Figure)>,
}

/// The flows of consenting people's `records` (the caller keeps only those), under `k`.
pub fn flows(records: &[FlowRecord], k: MinGroup) -> Vec<FlowFigures> {
    use std::collections::BTreeSet;
    FlowStage::ALL
        .iter()
        .map(|stage| {
            let at: Vec<&FlowRecord> = records.iter().filter(|r| r.stage == *stage).collect();
            let people: BTreeSet<ProfileId> = at.iter().map(|r| r.profile_id).collect();
            let total = people.len() as u64;
            let occupations: BTreeSet<(Option<OccupationId>, ProfileId)> =
                at.iter().map(|r| (r.occupation, r.profile_id)).collect();
            let (by_occupation, people_figure) =
                supply(occupations.into_iter().map(|(o, _)| o), total, k);
            let tracks: BTreeSet<(Track, ProfileId)> = at
                .iter()
                .flat_map(|r| r.tracks.iter().map(|t| (*t, r.profile_id)))
                .collect();
            let (mut by_track, _) = supply(tracks.into_iter().map(|(t, _)| t), total, k);
            // Every track has a row, in the tracks' order.
            by_track = Track::ALL
                .iter()
                .map(|t| {
                    let figure = by_track
                        .iter()
                        .find(|(x, _)| x == t)
                        .map_or(Figure::Shown(0), |(_, f)| *f);
                    (*t, figure)
                })
                .collect();
            FlowFigures {
                stage: *stage,
                people: people_figure,
                by_occupation,
                by_track,
            }
        })
        .collect()
}

/// Whether people whose job started in the period were still in work at a check-in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetentionFigure {
    pub months: u32,
    /// People checked in on, split into those in work (still with the employer or with
    /// another) and those who left work, under k-anonymity.
    pub checked: Partition<bool>,
}

/// Retention at 3, 6 and 12 months from consenting people's check-ins, under `k`: each
/// person once per milestone (their latest placement's check-in if several).
pub fn retention(records: &[RetentionRecord], k: MinGroup) -> Vec<RetentionFigure> {
    [3, 6, 12]
        .into_iter()
        .map(|months| {
            let mut outcome: std::collections::BTreeMap<ProfileId, bool> = Default::default();
            for r in records.iter().filter(|r| r.months == months) {
                outcome.insert(r.profile_id, r.outcome != CheckInOutcome::LeftWork);
            }
            let in_work = outcome.values().filter(|w| **w).count() as u64;
            let left = outcome.len() as u64 - in_work;
            RetentionFigure {
                months,
                checked: protect_partition(vec![(true, in_work), (false, left)], k),
            }
        })
        .collect()
}

/// Demand minus supply for one skill, and the seats of courses starting soon that teach it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SkillGapFigure {
    pub skill: SkillId,
    pub demand: u64,
    pub supply: Figure,
    /// `demand - supply` when the supply is shown.
    pub gap: Option<i64>,
    pub course_seats: u64,
}

/// The gap for every skill in demand: shown gaps first, largest first; then the skills
/// whose supply is withheld, by demand.
pub fn gaps(
    demand: &[SkillDemand],
    supply: &[(SkillId, Figure)],
    seats: &HashMap<SkillId, u64>,
) -> Vec<SkillGapFigure> {
    let held: HashMap<SkillId, Figure> = supply.iter().copied().collect();
    let mut rows: Vec<SkillGapFigure> = demand
        .iter()
        .map(|d| {
            let supply = held.get(&d.skill).copied().unwrap_or(Figure::Shown(0));
            SkillGapFigure {
                skill: d.skill,
                demand: d.vacancies,
                supply,
                gap: supply
                    .shown()
                    .map(|s| i64::try_from(d.vacancies).unwrap_or(i64::MAX) - s as i64),
                course_seats: seats.get(&d.skill).copied().unwrap_or(0),
            }
        })
        .collect();
    rows.sort_by(|a, b| match (a.gap, b.gap) {
        (Some(x), Some(y)) => y.cmp(&x).then(a.skill.cmp(&b.skill)),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => b.demand.cmp(&a.demand).then(a.skill.cmp(&b.skill)),
    });
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flows_count_people_once_per_occupation_and_withhold_small_ones() {
        let k = MinGroup::new(5).unwrap();
        let (carer, cook) = (OccupationId::new(), OccupationId::new());
        let people: Vec<ProfileId> = (0..12).map(|_| ProfileId::new()).collect();
        let step = |p: ProfileId, stage, occupation, tracks: &[Track]| FlowRecord {
            profile_id: p,
            stage,
            occupation,
            tracks: tracks.to_vec(),
        };
        let mut records = Vec::new();
        for (i, p) in people.iter().enumerate() {
            // Everyone applied as a carer (some twice); three also as cooks.
            records.push(step(*p, FlowStage::Applied, Some(carer), &[Track::Women]));
            if i < 4 {
                records.push(step(*p, FlowStage::Applied, Some(carer), &[Track::Women]));
            }
            if i < 3 {
                records.push(step(*p, FlowStage::Applied, Some(cook), &[]));
            }
        }
        let figures = flows(&records, k);
        assert_eq!(figures[0].stage, FlowStage::Applied);
        assert_eq!(figures[0].people, Figure::Shown(12));
        assert_eq!(
            figures[0].by_occupation[0],
            (Some(carer), Figure::Shown(12))
        );
        assert_eq!(
            figures[0].by_occupation[1],
            (Some(cook), Figure::Suppressed)
        );
        assert_eq!(
            figures[0].by_track,
            vec![
                (Track::Youth, Figure::Shown(0)),
                (Track::Women, Figure::Shown(12)),
                (Track::Entrepreneurship, Figure::Shown(0)),
            ]
        );
        assert_eq!(figures[2].people, Figure::Shown(0));
    }

    #[test]
    fn retention_counts_each_person_once_per_milestone() {
        let k = MinGroup::new(5).unwrap();
        let people: Vec<ProfileId> = (0..7).map(|_| ProfileId::new()).collect();
        let mut records: Vec<RetentionRecord> = people
            .iter()
            .map(|p| RetentionRecord {
                profile_id: *p,
                months: 3,
                outcome: CheckInOutcome::StillEmployed,
            })
            .collect();
        // The first person's later placement: they left work (the latest counts).
        records.push(RetentionRecord {
            profile_id: people[0],
            months: 3,
            outcome: CheckInOutcome::LeftWork,
        });
        let figures = retention(&records, k);
        assert_eq!(figures[0].months, 3);
        assert_eq!(figures[0].checked.total, Figure::Shown(7));
        // 6 in work and 1 who left: the one is withheld, and the six with it.
        assert!(
            figures[0]
                .checked
                .cells
                .iter()
                .all(|(_, f)| *f == Figure::Suppressed)
        );
        assert_eq!(figures[1].checked.total, Figure::Shown(0));
    }

    #[test]
    fn withheld_supply_is_never_ranked_by_its_hidden_value() {
        let k = MinGroup::new(5).unwrap();
        let (a, b, c, d) = (
            SkillId::new(),
            SkillId::new(),
            SkillId::new(),
            SkillId::new(),
        );
        // 20 people: 12 hold a, 18 hold b (2 without it: withheld), 3 hold c, none d.
        let holdings = std::iter::repeat_n(a, 12)
            .chain(std::iter::repeat_n(b, 18))
            .chain(std::iter::repeat_n(c, 3));
        let (cells, total) = supply(holdings, 20, k);
        assert_eq!(total, Figure::Shown(20));
        assert_eq!(cells[0], (a, Figure::Shown(12)));
        let mut withheld: Vec<SkillId> = vec![b, c];
        withheld.sort();
        assert_eq!(
            cells[1..].iter().map(|(s, _)| *s).collect::<Vec<_>>(),
            withheld,
            "withheld ones in key order, whatever they hide"
        );
        assert!(cells[1..].iter().all(|(_, f)| *f == Figure::Suppressed));

        let demand = [
            SkillDemand {
                skill: a,
                vacancies: 30,
                essential: 20,
                shortage: 5,
            },
            SkillDemand {
                skill: c,
                vacancies: 40,
                essential: 1,
                shortage: 0,
            },
            SkillDemand {
                skill: d,
                vacancies: 7,
                essential: 7,
                shortage: 7,
            },
        ];
        let seats = HashMap::from([(d, 12)]);
        let rows = gaps(&demand, &cells, &seats);
        let order: Vec<(SkillId, Option<i64>)> = rows.iter().map(|r| (r.skill, r.gap)).collect();
        assert_eq!(order, vec![(a, Some(18)), (d, Some(7)), (c, None)]);
        assert_eq!(rows[1].course_seats, 12);
        let mut ranked = demand.to_vec();
        rank_demand(&mut ranked);
        assert_eq!(
            ranked.iter().map(|r| r.skill).collect::<Vec<_>>(),
            vec![c, a, d]
        );
    }
}
