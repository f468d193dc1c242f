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

use crate::SkillId;
use crate::anonymity::{Figure, MinGroup, protect_subsets};

/// Open vacancies asking for a skill, grouped by what decides their shortage flag.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DemandRecord {
    pub skill: SkillId,
    pub occupation_uri: Option<String>,
    pub isco_code: Option<String>,
    pub country_code: Option<String>,
    pub region_code: Option<String>,
    pub vacancies: u64,
    pub essential: u64,
}

/// What insights read.
#[async_trait::async_trait]
pub trait InsightsRepository: Send + Sync {
    /// The skills OPEN vacancies in `region` (its subdivision, its country, or an EU
    /// member state for EU; `None`: anywhere) ask for, grouped by occupation and place.
    async fn skill_demand(
        &self,
        region: Option<&crate::shortage::Region>,
    ) -> crate::StoreResult<Vec<DemandRecord>>;
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
pub fn supply<K: Copy + Ord + Hash>(
    holdings: impl IntoIterator<Item = K>,
    total: u64,
    k: MinGroup,
) -> (Vec<(K, Figure)>, Figure) {
    let mut counts: HashMap<K, u64> = HashMap::new();
    for key in holdings {
        *counts.entry(key).or_default() += 1;
    }
    let mut counts: Vec<(K, u64)> = counts.into_iter().collect();
    counts.sort_by_key(|(key, _)| *key);
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
