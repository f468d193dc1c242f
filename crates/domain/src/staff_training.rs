//! Which courses for employers' staff to recommend to an employer, and why: the one rule.
//!
//! A course for staff says which inclusion support it prepares them to give (mentoring,
//! language support, ...) and which regions of origin it covers (intercultural training).
//! An employer is described in aggregate only: how many of its vacancies offer each kind
//! of support (public facts), and the world regions from which at least
//! [`MIN_HIRES_PER_REGION`] of the people it hired come, counting only people who consented
//! to ANALYTICS. A region with fewer hires never counts, so a recommendation never points
//! at one person's origin.

use std::collections::HashMap;

use crate::employment::InclusionSupport;
use crate::world_region::{WorldRegion, region_of_country};

/// The fewest consenting hires from one region that make the region count: the floor of
/// k-anonymity ([`crate::anonymity::MIN_MIN_GROUP`]); only the region is shown, never a
/// count.
pub const MIN_HIRES_PER_REGION: usize = crate::anonymity::MIN_MIN_GROUP as usize;

/// An employer as the recommendation sees it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct EmployerNeeds {
    /// Its country (ISO 3166-1), where in-person courses must be.
    pub country: Option<String>,
    /// How many of its vacancies (DRAFT ones aside) there are.
    pub vacancies: usize,
    /// How many of them offer each kind of support.
    pub support: Vec<(InclusionSupport, usize)>,
    /// Regions of origin of at least [`MIN_HIRES_PER_REGION`] consenting hires.
    pub hire_regions: Vec<WorldRegion>,
}

/// The regions from which at least [`MIN_HIRES_PER_REGION`] of `origins` (ISO 3166-1
/// country codes of consenting hires, `None` when not given) come, in the order of
/// [`WorldRegion::ALL`].
pub fn hire_regions<'a>(origins: impl IntoIterator<Item = Option<&'a str>>) -> Vec<WorldRegion> {
    let mut counts: HashMap<WorldRegion, usize> = HashMap::new();
    for region in origins.into_iter().flatten().filter_map(region_of_country) {
        *counts.entry(region).or_default() += 1;
    }
    WorldRegion::ALL
        .iter()
        .copied()
        .filter(|r| counts.get(r).is_some_and(|n| *n >= MIN_HIRES_PER_REGION))
        .collect()
}

/// What a course for staff offers an employer.
#[derive(Clone, Debug, PartialEq)]
pub struct StaffCourseFit {
    /// 0 to 1: half for the support it prepares for (the largest share of the employer's
    /// vacancies offering one such kind), half for covering a region its hires come from.
    pub score: f64,
    /// The support the employer's vacancies offer that the course prepares staff for.
    pub support: Vec<InclusionSupport>,
    /// The regions the employer's hires come from that the course covers.
    pub regions: Vec<WorldRegion>,
}

/// A course for staff as the recommendation sees it.
#[derive(Clone, Copy, Debug)]
pub struct StaffCourse<'a> {
    pub prepares: &'a [InclusionSupport],
    pub covers: &'a [WorldRegion],
    /// Taken online, so from anywhere.
    pub online: bool,
    /// Where it is held (ISO 3166-1), when in person.
    pub country: Option<&'a str>,
}

/// How `course` fits `employer`; `None` when it serves none of its needs or is held in
/// person in another country.
pub fn staff_course_fit(
    course: StaffCourse<'_>,
    employer: &EmployerNeeds,
) -> Option<StaffCourseFit> {
    let (prepares, covers) = (course.prepares, course.covers);
    let reachable = course.online
        || employer.country.is_none()
        || course.country.is_none()
        || course.country == employer.country.as_deref();
    if !reachable {
        return None;
    }
    let offered: Vec<(InclusionSupport, usize)> = employer
        .support
        .iter()
        .copied()
        .filter(|(s, n)| *n > 0 && prepares.contains(s))
        .collect();
    let regions: Vec<WorldRegion> = employer
        .hire_regions
        .iter()
        .copied()
        .filter(|r| covers.contains(r))
        .collect();
    if offered.is_empty() && regions.is_empty() {
        return None;
    }
    let support_share = offered
        .iter()
        .map(|(_, n)| *n as f64 / employer.vacancies.max(1) as f64)
        .fold(0.0, f64::max)
        .min(1.0);
    let region_value = if regions.is_empty() { 0.0 } else { 1.0 };
    Some(StaffCourseFit {
        score: 0.5 * support_share + 0.5 * region_value,
        support: offered.into_iter().map(|(s, _)| s).collect(),
        regions,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_region_counts_only_from_enough_hires() {
        let mut origins = vec![Some("SY"); 4];
        origins.extend([Some("IQ"), None, Some("ZZ"), Some("ER")]);
        assert_eq!(
            hire_regions(origins.iter().copied()),
            vec![WorldRegion::WesternAsia],
            "four from Syria and one from Iraq make five from Western Asia"
        );
        assert_eq!(hire_regions([Some("SY"); 4]), vec![]);
    }

    #[test]
    fn courses_fit_by_the_support_offered_and_the_regions_hired_from() {
        let employer = EmployerNeeds {
            country: Some("DE".into()),
            vacancies: 4,
            support: vec![
                (InclusionSupport::Mentoring, 3),
                (InclusionSupport::LanguageSupport, 1),
            ],
            hire_regions: vec![WorldRegion::WesternAsia],
        };
        let course = |prepares, covers| StaffCourse {
            prepares,
            covers,
            online: false,
            country: Some("DE"),
        };
        let mentoring =
            staff_course_fit(course(&[InclusionSupport::Mentoring], &[]), &employer).unwrap();
        assert_eq!(mentoring.score, 0.5 * 0.75);
        assert_eq!(mentoring.support, vec![InclusionSupport::Mentoring]);
        let regions = [WorldRegion::WesternAsia, WorldRegion::NorthernAfrica];
        let intercultural = staff_course_fit(
            course(&[InclusionSupport::LanguageSupport], &regions),
            &employer,
        )
        .unwrap();
        assert_eq!(intercultural.regions, vec![WorldRegion::WesternAsia]);
        assert!(intercultural.score > mentoring.score);
        assert_eq!(
            staff_course_fit(
                course(&[InclusionSupport::Childcare], &[WorldRegion::Caribbean]),
                &employer
            ),
            None
        );
        assert_eq!(
            staff_course_fit(
                course(&[InclusionSupport::Mentoring], &[]),
                &EmployerNeeds::default()
            ),
            None,
            "an employer that offers nothing and hired nobody needs nothing yet"
        );
        let in_austria = StaffCourse {
            country: Some("AT"),
            ..course(&[InclusionSupport::Mentoring], &[])
        };
        assert_eq!(staff_course_fit(in_austria, &employer), None, "too far");
        let online = StaffCourse {
            online: true,
            ..in_austria
        };
        assert!(staff_course_fit(online, &employer).is_some());
    }
}
