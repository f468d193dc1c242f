//! The dedicated tracks (youth, women, entrepreneurship) as configuration: who may be in a
//! track and what it puts first, in one table that matching, course eligibility, the
//! opportunity lists and profile validation all read, instead of conditions spread
//! through the code.

use chrono::{Datelike, NaiveDate};

use crate::codes::coded;
use crate::employment::{ContractType, InclusionSupport};

coded!(
    /// The dedicated tracks a person can opt into.
    Track { Youth => "YOUTH", Women => "WOMEN", Entrepreneurship => "ENTREPRENEURSHIP" }
);

/// Who may be in a track.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Eligibility {
    /// Aged `min` to `max` by birth year (the age the person turns this year), which the
    /// profile must give.
    AgeByBirthYear { min: i32, max: i32 },
    /// Anyone who opts in; the opt-in is the person's own declaration.
    OptIn,
}

/// One track: its eligibility and what it favours.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TrackRule {
    pub track: Track,
    pub eligibility: Eligibility,
    /// Vacancies of these contract types come first (besides vacancies aimed at the track).
    pub contract_types: &'static [ContractType],
    /// Vacancies offering any of this support come first.
    pub inclusion_support: &'static [InclusionSupport],
    /// Courses with childcare come first (besides courses aimed at the track).
    pub childcare_courses: bool,
}

/// The tracks. A vacancy or course an employer or trainer aims at a track is always
/// favoured by it; "first-job" vacancies are those an employer aims at YOUTH.
pub const TRACKS: &[TrackRule] = &[
    TrackRule {
        track: Track::Youth,
        eligibility: Eligibility::AgeByBirthYear { min: 15, max: 29 },
        contract_types: &[ContractType::Apprenticeship, ContractType::Internship],
        inclusion_support: &[InclusionSupport::Mentoring],
        childcare_courses: false,
    },
    TrackRule {
        track: Track::Women,
        eligibility: Eligibility::OptIn,
        contract_types: &[],
        inclusion_support: &[
            InclusionSupport::Childcare,
            InclusionSupport::FlexibleHours,
            InclusionSupport::LanguageSupport,
            InclusionSupport::Mentoring,
        ],
        childcare_courses: true,
    },
    TrackRule {
        track: Track::Entrepreneurship,
        eligibility: Eligibility::OptIn,
        contract_types: &[],
        inclusion_support: &[],
        childcare_courses: false,
    },
];

/// The rule of a track.
pub fn rule(track: Track) -> &'static TrackRule {
    TRACKS
        .iter()
        .find(|r| r.track == track)
        .unwrap_or(&TRACKS[0])
}

/// Whether someone born in `birth_year` (if given) may be in `track` on `today`.
pub fn eligible(track: Track, birth_year: Option<i32>, today: NaiveDate) -> bool {
    match rule(track).eligibility {
        Eligibility::AgeByBirthYear { min, max } => {
            birth_year.is_some_and(|year| (min..=max).contains(&(today.year() - year)))
        }
        Eligibility::OptIn => true,
    }
}

/// Whether `track` puts a vacancy first.
pub fn favours_vacancy(
    track: Track,
    vacancy_tracks: &[Track],
    contract_type: ContractType,
    support: &[InclusionSupport],
) -> bool {
    let rule = rule(track);
    vacancy_tracks.contains(&track)
        || rule.contract_types.contains(&contract_type)
        || rule.inclusion_support.iter().any(|s| support.contains(s))
}

/// Whether `track` puts a course first.
pub fn favours_course(track: Track, course_tracks: &[Track], childcare: bool) -> bool {
    course_tracks.contains(&track) || (rule(track).childcare_courses && childcare)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
    }

    #[test]
    fn every_track_has_one_rule() {
        for track in Track::ALL {
            assert_eq!(TRACKS.iter().filter(|r| r.track == *track).count(), 1);
        }
    }

    #[test]
    fn youth_is_fifteen_to_twenty_nine_by_birth_year() {
        for (year, expected) in [
            (Some(2011), true),
            (Some(2012), false),
            (Some(1997), true),
            (Some(1996), false),
            (None, false),
        ] {
            assert_eq!(eligible(Track::Youth, year, today()), expected, "{year:?}");
        }
        assert!(eligible(Track::Women, None, today()));
        assert!(eligible(Track::Entrepreneurship, Some(1960), today()));
    }

    #[test]
    fn what_each_track_favours() {
        use ContractType::*;
        assert!(favours_vacancy(Track::Youth, &[], Apprenticeship, &[]));
        assert!(favours_vacancy(
            Track::Youth,
            &[Track::Youth],
            Permanent,
            &[]
        ));
        assert!(!favours_vacancy(
            Track::Youth,
            &[Track::Women],
            Permanent,
            &[]
        ));
        assert!(favours_vacancy(
            Track::Women,
            &[],
            Permanent,
            &[InclusionSupport::Childcare]
        ));
        assert!(!favours_vacancy(
            Track::Entrepreneurship,
            &[],
            Internship,
            &[]
        ));
        assert!(favours_course(Track::Women, &[], true));
        assert!(!favours_course(Track::Youth, &[], true));
        assert!(favours_course(
            Track::Entrepreneurship,
            &[Track::Entrepreneurship],
            false
        ));
    }
}
