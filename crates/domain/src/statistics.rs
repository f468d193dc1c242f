//! Public statistics for awareness work, for anyone without signing in: people placed in
//! shortage occupations by sector (ISCO major group) and by region, people trained and
//! courses completed, in a region and a period. Only people who consent to ANALYTICS now
//! count, and every figure goes through [`crate::anonymity`].

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::ProfileId;
use crate::anonymity::{Figure, MinGroup, Partition, protect_count, protect_partition};
use crate::shortage::Region;

/// The longest period one answer covers, in months: five years.
pub const MAX_PERIOD_MONTHS: u32 = 60;

/// A period of figures (statistics, insights, fairness) runs from `from` to `until`, both
/// included: it may not end before it starts, nor cover more than five years.
pub fn check_period(from: NaiveDate, until: NaiveDate) -> Result<(), crate::FieldProblem> {
    use crate::ProblemCode;
    if until < from {
        return Err(crate::FieldProblem::new(
            "until",
            ProblemCode::EndsBeforeStart,
            "the period ends before it starts",
        ));
    }
    if from
        .checked_add_months(chrono::Months::new(MAX_PERIOD_MONTHS))
        .is_none_or(|limit| until >= limit)
    {
        return Err(crate::FieldProblem::new(
            "until",
            ProblemCode::TooLong,
            "a period covers five years at most",
        ));
    }
    Ok(())
}

/// Where and when the statistics look.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatisticsScope {
    /// A country or ISO 3166-2 subdivision (or EU); `None`: the whole installation.
    pub region: Option<Region>,
    pub from: NaiveDate,
    pub until: NaiveDate,
}

impl StatisticsScope {
    /// Whether a place whose most precise region is `place` lies in the scope's region.
    pub fn covers(&self, place: Option<&Region>) -> bool {
        match (&self.region, place) {
            (None, _) => true,
            (Some(region), Some(place)) => place.covering().contains(region),
            (Some(_), None) => false,
        }
    }

    pub fn during(&self, day: NaiveDate) -> bool {
        self.from <= day && day <= self.until
    }
}

/// A placement as the statistics see it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlacementFact {
    pub profile_id: ProfileId,
    pub starts_on: NaiveDate,
    /// The vacancy's occupation's ISCO group, when it has one.
    pub isco_code: Option<String>,
    /// The vacancy's subdivision, else its country.
    pub region: Option<Region>,
    /// Whether the occupation was on a shortage list for the region when the job started.
    pub shortage: bool,
}

/// A completed enrolment as the statistics see it: the person's own region (where they
/// live), as online courses have none.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompletionFact {
    pub profile_id: ProfileId,
    pub completed_on: NaiveDate,
    pub region: Option<Region>,
}

/// A placement as the store reads it for statistics, with its vacancy's occupation and
/// place.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlacementRecord {
    pub profile_id: ProfileId,
    pub starts_on: NaiveDate,
    pub occupation_uri: Option<String>,
    pub isco_code: Option<String>,
    pub country_code: Option<String>,
    pub region_code: Option<String>,
}

/// What the statistics read.
#[async_trait::async_trait]
pub trait StatisticsRepository: Send + Sync {
    /// Placements whose job starts from `from` to `until`.
    async fn placements_starting(
        &self,
        from: NaiveDate,
        until: NaiveDate,
    ) -> crate::StoreResult<Vec<PlacementRecord>>;
    /// Enrolments completed from `from` to `until` (the day of their COMPLETED step), by
    /// person.
    async fn completions_between(
        &self,
        from: NaiveDate,
        until: NaiveDate,
    ) -> crate::StoreResult<Vec<(ProfileId, NaiveDate)>>;
}

/// The published figures.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublicStatistics {
    /// People placed in a shortage occupation, by ISCO major group ("0" to "9"; "?" when
    /// the vacancy names no occupation), each person once (their latest such placement).
    pub shortage_placements_by_sector: Partition<String>,
    /// The same people by the vacancy's region.
    pub shortage_placements_by_region: Partition<String>,
    /// People who completed a course.
    pub people_trained: Figure,
    /// Courses completed, shown when the people who completed them may be.
    pub courses_completed: Figure,
}

/// The statistics of `scope` from the facts of people who consent to ANALYTICS (the caller
/// filters them), under `k`.
pub fn public_statistics(
    scope: &StatisticsScope,
    placements: &[PlacementFact],
    completions: &[CompletionFact],
    k: MinGroup,
) -> PublicStatistics {
    // Each person once: their latest placement in a shortage occupation in the scope.
    let mut latest: BTreeMap<ProfileId, &PlacementFact> = BTreeMap::new();
    for fact in placements
        .iter()
        .filter(|p| p.shortage && scope.during(p.starts_on) && scope.covers(p.region.as_ref()))
    {
        let entry = latest.entry(fact.profile_id).or_insert(fact);
        if fact.starts_on > entry.starts_on {
            *entry = fact;
        }
    }
    let mut by_sector: BTreeMap<String, u64> = BTreeMap::new();
    let mut by_region: BTreeMap<String, u64> = BTreeMap::new();
    for fact in latest.values() {
        let sector = fact
            .isco_code
            .as_deref()
            .and_then(|c| c.get(..1))
            .unwrap_or("?");
        *by_sector.entry(sector.to_owned()).or_default() += 1;
        let region = fact.region.as_ref().map_or("?", Region::as_str);
        *by_region.entry(region.to_owned()).or_default() += 1;
    }
    let completed: Vec<&CompletionFact> = completions
        .iter()
        .filter(|c| scope.during(c.completed_on) && scope.covers(c.region.as_ref()))
        .collect();
    let mut trained: Vec<ProfileId> = completed.iter().map(|c| c.profile_id).collect();
    trained.sort();
    trained.dedup();
    let people_trained = protect_count(trained.len() as u64, k);
    PublicStatistics {
        shortage_placements_by_sector: protect_partition(by_sector.into_iter().collect(), k),
        shortage_placements_by_region: protect_partition(by_region.into_iter().collect(), k),
        people_trained,
        courses_completed: match people_trained {
            Figure::Shown(_) => Figure::Shown(completed.len() as u64),
            Figure::Suppressed => Figure::Suppressed,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(month: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2027, month, d).unwrap()
    }

    fn placed(person: ProfileId, starts_on: NaiveDate, isco: &str, region: &str) -> PlacementFact {
        PlacementFact {
            profile_id: person,
            starts_on,
            isco_code: Some(isco.into()),
            region: Region::parse(region).ok(),
            shortage: true,
        }
    }

    #[test]
    fn periods_run_forwards_for_five_years_at_most() {
        let start = day(1, 1);
        assert!(check_period(start, start).is_ok());
        let five_years = NaiveDate::from_ymd_opt(2031, 12, 31).unwrap();
        assert!(check_period(start, five_years).is_ok());
        let too_long = check_period(start, five_years.succ_opt().unwrap()).unwrap_err();
        assert_eq!(too_long.code, crate::ProblemCode::TooLong);
        let reversed = check_period(day(2, 1), start).unwrap_err();
        assert_eq!(reversed.code, crate::ProblemCode::EndsBeforeStart);
        assert_eq!(reversed.field(), Some("until"));
    }

    #[test]
    fn people_count_once_in_their_region_and_period() {
        let people: Vec<ProfileId> = (0..12).map(|_| ProfileId::new()).collect();
        let mut placements: Vec<PlacementFact> = people
            .iter()
            .map(|p| placed(*p, day(3, 1), "5322", "DE-BY"))
            .collect();
        // A second, later placement of the first person: counted once, in its sector.
        placements.push(placed(people[0], day(4, 1), "2221", "DE-BE"));
        // Outside the period, outside the region, not a shortage occupation.
        placements.push(placed(ProfileId::new(), day(9, 1), "5322", "DE-BY"));
        placements.push(placed(ProfileId::new(), day(3, 1), "5322", "AT"));
        let mut not_short = placed(ProfileId::new(), day(3, 1), "5322", "DE-BY");
        not_short.shortage = false;
        placements.push(not_short);
        let scope = StatisticsScope {
            region: Region::parse("DE").ok(),
            from: day(1, 1),
            until: day(6, 30),
        };
        let k = MinGroup::new(5).unwrap();
        let stats = public_statistics(&scope, &placements, &[], k);
        let sectors = &stats.shortage_placements_by_sector;
        assert_eq!(sectors.total, Figure::Shown(12));
        assert_eq!(
            sectors.cells,
            vec![
                ("2".to_owned(), Figure::Suppressed),
                ("5".to_owned(), Figure::Suppressed)
            ],
            "one in sector 2 takes sector 5 with it"
        );
        assert_eq!(
            stats.shortage_placements_by_region.cells,
            vec![
                ("DE-BE".to_owned(), Figure::Suppressed),
                ("DE-BY".to_owned(), Figure::Suppressed)
            ]
        );
        assert_eq!(stats.people_trained, Figure::Shown(0));
        let everywhere = StatisticsScope {
            region: None,
            ..scope.clone()
        };
        let all = public_statistics(&everywhere, &placements, &[], k);
        assert_eq!(all.shortage_placements_by_sector.total, Figure::Shown(13));
    }

    #[test]
    fn courses_completed_show_with_the_people_who_completed_them() {
        let people: Vec<ProfileId> = (0..5).map(|_| ProfileId::new()).collect();
        let mut completions: Vec<CompletionFact> = people
            .iter()
            .map(|p| CompletionFact {
                profile_id: *p,
                completed_on: day(2, 1),
                region: Region::parse("DE-BY").ok(),
            })
            .collect();
        completions.push(CompletionFact {
            completed_on: day(3, 1),
            ..completions[0].clone()
        });
        let scope = StatisticsScope {
            region: None,
            from: day(1, 1),
            until: day(12, 31),
        };
        let five = MinGroup::new(5).unwrap();
        let stats = public_statistics(&scope, &[], &completions, five);
        assert_eq!(
            (stats.people_trained, stats.courses_completed),
            (Figure::Shown(5), Figure::Shown(6))
        );
        let ten = MinGroup::default();
        let stats = public_statistics(&scope, &[], &completions, ten);
        assert_eq!(
            (stats.people_trained, stats.courses_completed),
            (Figure::Suppressed, Figure::Suppressed)
        );
    }
}
