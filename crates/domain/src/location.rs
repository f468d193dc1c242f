//! Where someone or something is: a place name, ISO country and subdivision codes, and
//! coordinates. Profiles and vacancies are checked by the same rule.

use crate::problem::{FieldProblem, ProblemCode};
use crate::shortage::Region;

/// The longest place name.
pub const MAX_PLACE_NAME_CHARS: usize = 200;

/// Where the person is.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Location {
    pub place_name: Option<String>,
    /// ISO 3166-1 alpha-2.
    pub country_code: Option<String>,
    /// ISO 3166-2.
    pub region_code: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
}

pub(crate) use crate::world_region::is_country;

/// Every problem with a location: place name length, ISO country and subdivision codes (the
/// subdivision within the country), coordinate ranges, both coordinates or neither. The one
/// place locations are checked, for profiles and vacancies alike.
pub fn validate_location(location: &Location) -> Vec<FieldProblem> {
    let mut problems = Vec::new();
    if location
        .place_name
        .as_ref()
        .is_some_and(|p| p.chars().count() > MAX_PLACE_NAME_CHARS)
    {
        problems.push(FieldProblem::new(
            "location.placeName",
            ProblemCode::TooLong,
            format!("use at most {MAX_PLACE_NAME_CHARS} characters"),
        ));
    }
    if location
        .country_code
        .as_deref()
        .is_some_and(|c| !is_country(c))
    {
        problems.push(FieldProblem::new(
            "location.countryCode",
            ProblemCode::InvalidCountryCode,
            "use an ISO 3166-1 alpha-2 code such as DE",
        ));
    }
    if let Some(region) = &location.region_code {
        let valid = Region::parse(region).is_ok_and(|r| r.as_str().contains('-'));
        let same_country = location
            .country_code
            .as_deref()
            .is_none_or(|c| region.to_ascii_uppercase().starts_with(&format!("{c}-")));
        if !valid || !same_country {
            problems.push(FieldProblem::new(
                "location.region",
                ProblemCode::InvalidRegion,
                "use an ISO 3166-2 code in the country, such as DE-BY",
            ));
        }
    }
    if location
        .latitude
        .is_some_and(|l| !(-90.0..=90.0).contains(&l) || l.is_nan())
    {
        problems.push(FieldProblem::new(
            "location.latitude",
            ProblemCode::OutOfRange,
            "latitude is between -90 and 90",
        ));
    }
    if location
        .longitude
        .is_some_and(|l| !(-180.0..=180.0).contains(&l) || l.is_nan())
    {
        problems.push(FieldProblem::new(
            "location.longitude",
            ProblemCode::OutOfRange,
            "longitude is between -180 and 180",
        ));
    }
    if location.latitude.is_some() != location.longitude.is_some() {
        problems.push(FieldProblem::new(
            "location",
            ProblemCode::IncompleteCoordinates,
            "give both latitude and longitude, or neither",
        ));
    }
    problems
}
