//! When a person can work and when a job runs, and how the two meet.
//!
//! A person gives availability windows (from, until; several, for circular migrants who
//! come each season; none means any time). A job runs from its start date (today when it
//! gives none or has already begun) to its end date; an open-ended job is looked at over
//! its first year. The fit is the share of the job's days that fall in a window: matching
//! ranks by it both ways, and a job entirely outside every window is not a match at all.

use chrono::{Duration, NaiveDate};

use crate::ProblemCode;
use crate::problem::FieldProblem;

/// A stretch of days in which a person can work, both ends included; `until` is `None`
/// for "from then on".
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct AvailabilityWindow {
    pub from: NaiveDate,
    pub until: Option<NaiveDate>,
}

/// More windows than this is not a season plan but noise.
pub const MAX_WINDOWS: usize = 20;

/// How many days of an open-ended job the fit looks at: its first year.
pub const OPEN_ENDED_DAYS: i64 = 365;

/// Every problem with a person's windows (fields `availability`, `availability[i].until`).
pub fn validate_windows(windows: &[AvailabilityWindow]) -> Vec<FieldProblem> {
    let mut problems = Vec::new();
    if windows.len() > MAX_WINDOWS {
        problems.push(FieldProblem::new(
            "availability",
            ProblemCode::TooMany,
            format!("give at most {MAX_WINDOWS} windows"),
        ));
    }
    for (i, w) in windows.iter().enumerate() {
        if w.until.is_some_and(|until| until < w.from) {
            problems.push(FieldProblem::new(
                format!("availability[{i}].until"),
                ProblemCode::EndsBeforeStart,
                "a window cannot end before it starts",
            ));
        }
    }
    let mut order: Vec<usize> = (0..windows.len()).collect();
    order.sort_by_key(|i| windows[*i]);
    for pair in order.windows(2) {
        let (earlier, later) = (windows[pair[0]], windows[pair[1]]);
        if earlier.until.is_none_or(|until| until >= later.from) {
            problems.push(FieldProblem::new(
                format!("availability[{}]", pair[1]),
                ProblemCode::WindowsOverlap,
                format!(
                    "this window overlaps the one from {}: merge them into one",
                    earlier.from
                ),
            ));
        }
    }
    problems
}

/// The windows as stored: ISO 8601 intervals in date order, `..` for an open end, joined
/// by commas ("2027-06-01/2027-09-30,2028-06-01/..").
pub fn encode_windows(windows: &[AvailabilityWindow]) -> String {
    let mut sorted = windows.to_vec();
    sorted.sort();
    sorted
        .iter()
        .map(|w| match w.until {
            Some(until) => format!("{}/{}", w.from, until),
            None => format!("{}/..", w.from),
        })
        .collect::<Vec<_>>()
        .join(",")
}

/// The windows [`encode_windows`] wrote; `None` when `text` is not such a list.
pub fn decode_windows(text: &str) -> Option<Vec<AvailabilityWindow>> {
    if text.is_empty() {
        return Some(Vec::new());
    }
    text.split(',')
        .map(|interval| {
            let (from, until) = interval.split_once('/')?;
            let from = from.parse().ok()?;
            let until = match until {
                ".." => None,
                date => Some(date.parse().ok()?),
            };
            Some(AvailabilityWindow { from, until })
        })
        .collect()
}

/// The first day of the earliest window: what a single "available from" date says.
pub fn earliest_start(windows: &[AvailabilityWindow]) -> Option<NaiveDate> {
    windows.iter().map(|w| w.from).min()
}

/// When a job runs, as its vacancy says.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct JobPeriod {
    pub starts_on: Option<NaiveDate>,
    pub ends_on: Option<NaiveDate>,
}

/// How a person's windows meet a job's days.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct AvailabilityFit {
    /// The job's first day looked at: its start, or today when it gives none or has begun.
    pub from: NaiveDate,
    /// The last day looked at: the job's end, or a year after `from` when it has none.
    pub until: NaiveDate,
    pub open_ended: bool,
    /// Days from `from` to `until`, both included (0 when the job has ended).
    pub job_days: i64,
    /// How many of them fall in one of the person's windows.
    pub available_days: i64,
    /// `available_days / job_days`, 0 to 1.
    pub share: f64,
    /// Whether the person is available on the first day.
    pub available_at_start: bool,
}

/// How `windows` meet the job as of `today`: `Ok(None)` when the person gave no windows
/// (available any time), `Err` when no day of the job falls in any window.
pub fn availability_fit(
    windows: &[AvailabilityWindow],
    job: JobPeriod,
    today: NaiveDate,
) -> Result<Option<AvailabilityFit>, AvailabilityFit> {
    if windows.is_empty() {
        return Ok(None);
    }
    let from = job.starts_on.map_or(today, |start| start.max(today));
    let until = job
        .ends_on
        .unwrap_or(from + Duration::days(OPEN_ENDED_DAYS - 1));
    let days = |a: NaiveDate, b: NaiveDate| ((b - a).num_days() + 1).max(0);
    let job_days = days(from, until);
    let available_days = covered_days(windows, from, until);
    let fit = AvailabilityFit {
        from,
        until,
        open_ended: job.ends_on.is_none(),
        job_days,
        available_days,
        share: if job_days == 0 {
            0.0
        } else {
            available_days as f64 / job_days as f64
        },
        available_at_start: windows
            .iter()
            .any(|w| w.from <= from && w.until.is_none_or(|u| u >= from)),
    };
    if available_days == 0 {
        Err(fit)
    } else {
        Ok(Some(fit))
    }
}

/// How many days from `from` to `until` fall in one of `windows`, each day once. Stored
/// windows come in date order and never overlap; others are sorted first (matching scores
/// many entries, so the usual case allocates nothing).
fn covered_days(windows: &[AvailabilityWindow], from: NaiveDate, until: NaiveDate) -> i64 {
    if !windows.is_sorted() {
        let mut sorted = windows.to_vec();
        sorted.sort();
        return covered_days(&sorted, from, until);
    }
    let mut covered = 0;
    // The first day not yet counted.
    let mut next = from;
    for w in windows {
        let start = w.from.max(next);
        let end = w.until.map_or(until, |u| u.min(until));
        if start <= end {
            covered += (end - start).num_days() + 1;
            next = end + Duration::days(1);
        }
        if next > until {
            break;
        }
    }
    covered
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(month: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2027, month, d).unwrap()
    }

    fn window(from: NaiveDate, until: Option<NaiveDate>) -> AvailabilityWindow {
        AvailabilityWindow { from, until }
    }

    #[test]
    fn a_season_fits_a_harvest_fully_and_excludes_a_later_permanent_job() {
        let summer = [window(day(6, 1), Some(day(9, 30)))];
        let today = day(3, 1);
        let harvest = JobPeriod {
            starts_on: Some(day(7, 1)),
            ends_on: Some(day(8, 31)),
        };
        let fit = availability_fit(&summer, harvest, today).unwrap().unwrap();
        assert_eq!((fit.job_days, fit.available_days), (62, 62));
        assert_eq!(fit.share, 1.0);
        assert!(fit.available_at_start && !fit.open_ended);

        let october = JobPeriod {
            starts_on: Some(day(10, 1)),
            ends_on: None,
        };
        let outside = availability_fit(&summer, october, today).unwrap_err();
        assert_eq!(outside.from, day(10, 1));
        assert!(outside.open_ended);
        assert_eq!(outside.available_days, 0);

        let permanent_in_june = JobPeriod {
            starts_on: Some(day(6, 1)),
            ends_on: None,
        };
        let part = availability_fit(&summer, permanent_in_june, today)
            .unwrap()
            .unwrap();
        assert_eq!(part.available_days, 122);
        assert_eq!(part.job_days, OPEN_ENDED_DAYS);
        assert!(part.share < 0.5);
    }

    #[test]
    fn no_windows_means_any_time_and_a_job_without_dates_starts_today() {
        let job = JobPeriod::default();
        assert_eq!(availability_fit(&[], job, day(1, 1)), Ok(None));
        let later = [window(day(2, 1), None)];
        let fit = availability_fit(&later, job, day(1, 1)).unwrap().unwrap();
        assert_eq!(fit.from, day(1, 1));
        assert!(!fit.available_at_start);
        assert_eq!(fit.available_days, OPEN_ENDED_DAYS - 31);
        // A window that is over counts for nothing.
        let past = [window(day(1, 1), Some(day(1, 31)))];
        assert!(availability_fit(&past, job, day(3, 1)).is_err());
    }

    #[test]
    fn seasons_of_several_years_add_up_and_days_never_count_twice() {
        let job = JobPeriod {
            starts_on: Some(day(9, 1)),
            ends_on: Some(day(9, 10)),
        };
        let touching = [
            window(day(9, 1), Some(day(9, 4))),
            window(day(9, 5), Some(day(9, 6))),
            window(day(9, 9), None),
        ];
        let fit = availability_fit(&touching, job, day(1, 1))
            .unwrap()
            .unwrap();
        assert_eq!(fit.available_days, 8);
        let overlapping = [
            window(day(9, 1), Some(day(9, 8))),
            window(day(9, 3), Some(day(9, 5))),
        ];
        let fit = availability_fit(&overlapping, job, day(1, 1))
            .unwrap()
            .unwrap();
        assert_eq!(fit.available_days, 8);
    }

    #[test]
    fn bad_windows_are_named() {
        let reversed = [window(day(9, 1), Some(day(6, 1)))];
        let problems = validate_windows(&reversed);
        assert_eq!(problems[0].field(), Some("availability[0].until"));
        assert_eq!(problems[0].code, ProblemCode::EndsBeforeStart);

        let overlapping = [
            window(day(7, 1), Some(day(8, 31))),
            window(day(6, 1), Some(day(7, 1))),
        ];
        let problems = validate_windows(&overlapping);
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].field(), Some("availability[0]"));
        assert_eq!(problems[0].code, ProblemCode::WindowsOverlap);

        let after_open_end = [window(day(6, 1), None), window(day(8, 1), Some(day(9, 1)))];
        assert_eq!(
            validate_windows(&after_open_end)[0].code,
            ProblemCode::WindowsOverlap
        );
        let many: Vec<_> = (0..21)
            .map(|i| {
                let from = day(1, 1) + Duration::days(i * 10);
                window(from, Some(from + Duration::days(2)))
            })
            .collect();
        assert_eq!(validate_windows(&many)[0].code, ProblemCode::TooMany);
        let seasons = [
            window(day(6, 1), Some(day(9, 30))),
            window(NaiveDate::from_ymd_opt(2028, 6, 1).unwrap(), None),
        ];
        assert!(validate_windows(&seasons).is_empty());
    }

    #[test]
    fn windows_are_stored_as_iso_intervals() {
        let seasons = vec![
            window(NaiveDate::from_ymd_opt(2028, 6, 1).unwrap(), None),
            window(day(6, 1), Some(day(9, 30))),
        ];
        let text = encode_windows(&seasons);
        assert_eq!(text, "2027-06-01/2027-09-30,2028-06-01/..");
        let mut sorted = seasons.clone();
        sorted.sort();
        assert_eq!(decode_windows(&text), Some(sorted));
        assert_eq!(decode_windows(""), Some(vec![]));
        assert_eq!(decode_windows("2027-06-01"), None);
        assert_eq!(decode_windows("2027-06-01/soon"), None);
    }
}
