//! Fairness monitoring of the employer-side funnel: for each stage, the rate at which each
//! group's candidates reach it from the stage before, the ratio of that rate to the
//! best-placed group's (the selection-rate ratio), flagged under four fifths (the
//! four-fifths rule), with a 95% Wilson confidence interval; only people who consent to
//! ANALYTICS, and no group of fewer than `k` people shown ([`crate::anonymity`]).
//!
//! Group data (gender, age band, region of origin, right-to-work status) is read for this
//! and only in aggregate; nothing here ranks anyone.

use crate::anonymity::{Figure, MinGroup, protect_partition};
use crate::codes::coded;

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

/// One group at one stage: how many could reach it (those at the stage before, or the
/// whole pool for the first) and how many did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GroupCounts {
    pub group: String,
    pub eligible: u64,
    pub reached: u64,
}

/// One group's figures at one stage, as published.
#[derive(Clone, Debug, PartialEq)]
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
    /// The ratio is under [`FOUR_FIFTHS`].
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

/// The rates of the groups of one dimension at one stage. A group whose eligible count is
/// withheld (fewer than `k`, or taken with one that is) shows no rate and takes no part in
/// the comparison.
pub fn stage_rates(counts: Vec<GroupCounts>, k: MinGroup) -> Vec<GroupRate> {
    let protected = protect_partition(
        counts
            .iter()
            .map(|c| (c.group.clone(), c.eligible))
            .collect(),
        k,
    );
    let rates: Vec<Option<f64>> = counts
        .iter()
        .zip(&protected.cells)
        .map(|(c, (_, figure))| match figure {
            Figure::Shown(n) if *n > 0 => Some(c.reached as f64 / *n as f64),
            _ => None,
        })
        .collect();
    let best = rates.iter().flatten().copied().fold(0.0_f64, f64::max);
    counts
        .into_iter()
        .zip(protected.cells)
        .zip(rates)
        .map(|((c, (_, eligible)), rate)| {
            let ratio_to_best = rate.filter(|_| best > 0.0).map(|r| r / best);
            GroupRate {
                group: c.group,
                eligible,
                rate,
                interval: rate.and_then(|_| wilson_interval(c.reached, c.eligible)),
                ratio_to_best,
                flagged: ratio_to_best.is_some_and(|r| r < FOUR_FIFTHS),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(group: &str, eligible: u64, reached: u64) -> GroupCounts {
        GroupCounts {
            group: group.into(),
            eligible,
            reached,
        }
    }

    #[test]
    fn a_group_never_contacted_is_flagged_and_equal_groups_are_not() {
        let k = MinGroup::new(5).unwrap();
        let biased = stage_rates(vec![counts("A", 40, 20), counts("B", 40, 0)], k);
        assert_eq!(biased[0].ratio_to_best, Some(1.0));
        assert!(!biased[0].flagged);
        assert_eq!(biased[1].rate, Some(0.0));
        assert!(biased[1].flagged);

        let fair = stage_rates(vec![counts("A", 40, 20), counts("B", 38, 18)], k);
        assert!(fair.iter().all(|g| !g.flagged), "{fair:?}");
        let ratio = fair[1].ratio_to_best.unwrap();
        assert!((ratio - (18.0 / 38.0) / 0.5).abs() < 1e-12);
    }

    #[test]
    fn small_groups_show_nothing_and_take_no_part() {
        let k = MinGroup::new(5).unwrap();
        let rates = stage_rates(
            vec![counts("A", 30, 15), counts("B", 25, 10), counts("C", 3, 0)],
            k,
        );
        assert_eq!(rates[2].eligible, Figure::Suppressed);
        assert_eq!(rates[2].rate, None);
        assert!(!rates[2].flagged);
        // C is withheld with the next smallest, B.
        assert_eq!(rates[1].rate, None);
        assert_eq!(rates[0].ratio_to_best, Some(1.0));
    }

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
