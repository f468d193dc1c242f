//! Vacancy and course searches as people ask for them, checked and turned into a
//! [`SearchRequest`]: filters, radius, order and facets.

use super::documents::{
    COURSE_FACETS, ORGANISATION_FACETS, VACANCY_FACETS, day_number, flag, meets_languages,
};
use super::{DocumentKind, Filter, SearchRequest, SortOrder, words};
use crate::codes::coded;
use crate::matching::GeoPoint;

coded!(
    /// How vacancy results are ordered.
    VacancyOrder { Relevance => "RELEVANCE", Newest => "NEWEST", Distance => "DISTANCE", ClosingDate => "CLOSING_DATE" }
);
coded!(
    /// How course results are ordered.
    CourseOrder { Relevance => "RELEVANCE", Newest => "NEWEST", StartingSoon => "STARTING_SOON", Distance => "DISTANCE" }
);

/// The largest radius a search takes, in kilometres (half the Earth's circumference).
pub const MAX_RADIUS_KM: f64 = 20_000.0;

/// Why a search cannot be run as asked: the field and what to do.
#[derive(Clone, Debug, PartialEq)]
pub struct SearchProblem {
    pub field: &'static str,
    pub message: String,
}

fn problem(field: &'static str, message: impl Into<String>) -> SearchProblem {
    SearchProblem {
        field,
        message: message.into(),
    }
}

/// A radius around a point, checked.
pub fn radius(latitude: f64, longitude: f64, km: f64) -> Result<(GeoPoint, f64), SearchProblem> {
    if !(-90.0..=90.0).contains(&latitude) || !(-180.0..=180.0).contains(&longitude) {
        return Err(problem(
            "within",
            "give a latitude from -90 to 90 and a longitude from -180 to 180",
        ));
    }
    if !(km > 0.0 && km <= MAX_RADIUS_KM) {
        return Err(problem(
            "within.km",
            "give a radius above 0 and at most 20,000 km",
        ));
    }
    Ok((
        GeoPoint {
            latitude,
            longitude,
        },
        km,
    ))
}

/// The order asked for, or the default: best match with text, else `without_text`.
fn sort_for(text: &Option<String>, other: Option<SortOrder>, without_text: SortOrder) -> SortOrder {
    match other {
        Some(order) => order,
        None if text.as_deref().is_some_and(|t| !words(t).is_empty()) => SortOrder::Relevance,
        None => without_text,
    }
}

/// A vacancy search as people ask for it.
#[derive(Clone, Debug, Default)]
pub struct VacancySearch {
    pub text: Option<String>,
    /// One organisation's vacancies (its members' view), else every organisation's.
    pub organisation: Option<crate::OrganisationId>,
    /// Statuses to show; empty means any (only members may ask for other than OPEN).
    pub statuses: Vec<crate::vacancy::VacancyStatus>,
    pub occupation: Option<crate::OccupationId>,
    /// An ISCO group code (1 to 4 digits): vacancies whose occupation is in it.
    pub isco_group: Option<String>,
    pub shortage_only: bool,
    pub contract_types: Vec<crate::vacancy::ContractType>,
    pub tracks: Vec<crate::profile::Track>,
    pub remote: Option<bool>,
    pub within: Option<(GeoPoint, f64)>,
    pub posted_since: Option<chrono::DateTime<chrono::Utc>>,
    /// Only vacancies whose language requirements someone with these levels meets.
    pub meets_languages: Option<Vec<(crate::LanguageCode, crate::CefrLevel)>>,
    /// `None`: by relevance with text, newest first without.
    pub order: Option<VacancyOrder>,
}

impl VacancySearch {
    /// The request for the search backend (facets: [`VACANCY_FACETS`]).
    pub fn request(&self) -> Result<SearchRequest, SearchProblem> {
        let mut request = SearchRequest::new(DocumentKind::Vacancy);
        request.text = self.text.clone();
        let f = &mut request.filters;
        any_of(
            f,
            "status",
            self.statuses.iter().map(|s| s.code().to_owned()),
        );
        any_of(
            f,
            "organisation",
            self.organisation.map(|o| o.as_uuid().to_string()),
        );
        any_of(
            f,
            "occupation",
            self.occupation.map(|o| o.as_uuid().to_string()),
        );
        if let Some(group) = &self.isco_group {
            let group = group.trim();
            if group.is_empty() || group.len() > 4 || !group.bytes().all(|b| b.is_ascii_digit()) {
                return Err(problem(
                    "iscoGroup",
                    "give an ISCO group code of 1 to 4 digits",
                ));
            }
            any_of(f, "iscoGroup", [group.to_owned()]);
        }
        any_of(f, "shortage", self.shortage_only.then(|| flag(true)));
        any_of(
            f,
            "contractType",
            self.contract_types.iter().map(|c| c.code().to_owned()),
        );
        any_of(f, "track", self.tracks.iter().map(|t| t.code().to_owned()));
        any_of(f, "remote", self.remote.map(flag));
        if let Some(since) = self.posted_since {
            f.push(Filter::AtLeast("postedAt".into(), since.timestamp_millis()));
        }
        if let Some(levels) = &self.meets_languages {
            f.extend(meets_languages(levels));
        }
        request.within = self.within;
        let order = match self.order {
            None | Some(VacancyOrder::Relevance) => None,
            Some(VacancyOrder::Newest) => Some(SortOrder::Descending("postedAt".into())),
            Some(VacancyOrder::ClosingDate) => Some(SortOrder::Ascending("closesOn".into())),
            Some(VacancyOrder::Distance) => Some(nearest_first(self.within)?),
        };
        request.sort = sort_for(&self.text, order, SortOrder::Descending("postedAt".into()));
        request.facets = VACANCY_FACETS.iter().map(|f| (*f).to_owned()).collect();
        Ok(request)
    }
}

/// A course search as people ask for it.
#[derive(Clone, Debug, Default)]
pub struct CourseSearch {
    pub text: Option<String>,
    pub organisation: Option<crate::OrganisationId>,
    pub modes: Vec<crate::course::CourseMode>,
    pub free_only: bool,
    /// Only courses with a cohort starting on or before this day (and not started yet).
    pub starts_before: Option<chrono::NaiveDate>,
    pub has_free_seats: bool,
    pub childcare: bool,
    /// Only courses taught in one of these languages.
    pub languages: Vec<crate::LanguageCode>,
    pub tracks: Vec<crate::profile::Track>,
    /// Only courses for this audience.
    pub audience: Option<crate::course::Audience>,
    pub within: Option<(GeoPoint, f64)>,
    /// `None`: by relevance with text, newest first without.
    pub order: Option<CourseOrder>,
}

impl CourseSearch {
    /// The request for the search backend (facets: [`COURSE_FACETS`]).
    pub fn request(&self) -> Result<SearchRequest, SearchProblem> {
        let mut request = SearchRequest::new(DocumentKind::Course);
        request.text = self.text.clone();
        let f = &mut request.filters;
        any_of(
            f,
            "organisation",
            self.organisation.map(|o| o.as_uuid().to_string()),
        );
        any_of(f, "mode", self.modes.iter().map(|m| m.code().to_owned()));
        any_of(f, "free", self.free_only.then(|| flag(true)));
        if let Some(day) = self.starts_before {
            f.push(Filter::AtMost("startsOn".into(), day_number(day)));
        }
        if self.has_free_seats {
            f.push(Filter::AtLeast("freeSeats".into(), 1));
        }
        any_of(f, "childcare", self.childcare.then(|| flag(true)));
        any_of(f, "audience", self.audience.map(|a| a.code().to_owned()));
        any_of(
            f,
            "language",
            self.languages.iter().map(|l| l.as_str().to_owned()),
        );
        any_of(f, "track", self.tracks.iter().map(|t| t.code().to_owned()));
        request.within = self.within;
        let order = match self.order {
            None | Some(CourseOrder::Relevance) => None,
            Some(CourseOrder::Newest) => Some(SortOrder::Descending("postedAt".into())),
            Some(CourseOrder::StartingSoon) => Some(SortOrder::Ascending("startsOn".into())),
            Some(CourseOrder::Distance) => Some(nearest_first(self.within)?),
        };
        request.sort = sort_for(&self.text, order, SortOrder::Descending("postedAt".into()));
        request.facets = COURSE_FACETS.iter().map(|f| (*f).to_owned()).collect();
        Ok(request)
    }
}

/// A search of the organisation directory as people ask for it.
#[derive(Clone, Debug, Default)]
pub struct OrganisationSearch {
    pub text: Option<String>,
    /// Organisations of any of these kinds; empty means any.
    pub kinds: Vec<crate::OrganisationKind>,
    /// Organisations offering every one of these services.
    pub services: Vec<crate::organisation::SupportService>,
    /// Organisations whose staff speak any of these languages.
    pub languages: Vec<crate::LanguageCode>,
    pub within: Option<(GeoPoint, f64)>,
    pub verified_only: bool,
}

impl OrganisationSearch {
    /// The request for the search backend (facets: [`ORGANISATION_FACETS`]): by relevance
    /// with text, else nearest first around a point, else newest first.
    pub fn request(&self) -> SearchRequest {
        let mut request = SearchRequest::new(DocumentKind::Organisation);
        request.text = self.text.clone();
        let f = &mut request.filters;
        any_of(f, "kind", self.kinds.iter().map(|k| k.code().to_owned()));
        for service in &self.services {
            any_of(f, "service", [service.code().to_owned()]);
        }
        any_of(
            f,
            "language",
            self.languages.iter().map(|l| l.as_str().to_owned()),
        );
        any_of(f, "verified", self.verified_only.then(|| flag(true)));
        request.within = self.within;
        let without_text = match self.within {
            Some((centre, _)) => SortOrder::Distance(centre),
            None => SortOrder::Descending("postedAt".into()),
        };
        request.sort = sort_for(&self.text, None, without_text);
        request.facets = ORGANISATION_FACETS
            .iter()
            .map(|f| (*f).to_owned())
            .collect();
        request
    }
}

/// Adds "the field holds one of these values", unless there are none (no condition).
fn any_of(filters: &mut Vec<Filter>, field: &str, values: impl IntoIterator<Item = String>) {
    let values: Vec<String> = values.into_iter().collect();
    if !values.is_empty() {
        filters.push(Filter::AnyOf(field.to_owned(), values));
    }
}

/// Nearest first to the search's point; a point is needed.
fn nearest_first(within: Option<(GeoPoint, f64)>) -> Result<SortOrder, SearchProblem> {
    match within {
        Some((centre, _)) => Ok(SortOrder::Distance(centre)),
        None => Err(problem(
            "orderBy",
            "ordering by DISTANCE needs a point: give filter.within",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{CefrLevel, LanguageCode};

    #[test]
    fn vacancy_requests_say_what_is_wrong() {
        let mut search = VacancySearch {
            order: Some(VacancyOrder::Distance),
            ..Default::default()
        };
        assert_eq!(search.request().unwrap_err().field, "orderBy");
        search.order = None;
        for bad in ["", "12345", "7a"] {
            search.isco_group = Some(bad.into());
            assert_eq!(search.request().unwrap_err().field, "iscoGroup", "{bad:?}");
        }
        search.isco_group = Some(" 72 ".into());
        let request = search.request().unwrap();
        assert!(
            request
                .filters
                .contains(&Filter::AnyOf("iscoGroup".into(), vec!["72".into()]))
        );
        assert_eq!(radius(91.0, 0.0, 5.0).unwrap_err().field, "within");
        assert_eq!(radius(48.0, 11.0, 0.0).unwrap_err().field, "within.km");
        assert!(radius(48.0, 11.0, 20_000.0).is_ok());
    }

    #[test]
    fn the_order_follows_the_text_unless_asked() {
        let mut search = VacancySearch::default();
        assert_eq!(
            search.request().unwrap().sort,
            SortOrder::Descending("postedAt".into())
        );
        search.text = Some(" – ".into());
        assert_eq!(
            search.request().unwrap().sort,
            SortOrder::Descending("postedAt".into()),
            "no words is no text"
        );
        search.text = Some("welder".into());
        assert_eq!(search.request().unwrap().sort, SortOrder::Relevance);
        search.order = Some(VacancyOrder::ClosingDate);
        assert_eq!(
            search.request().unwrap().sort,
            SortOrder::Ascending("closesOn".into())
        );
        let course = CourseSearch {
            order: Some(CourseOrder::StartingSoon),
            has_free_seats: true,
            ..Default::default()
        };
        let request = course.request().unwrap();
        assert_eq!(request.sort, SortOrder::Ascending("startsOn".into()));
        assert_eq!(
            request.filters,
            vec![Filter::AtLeast("freeSeats".into(), 1)]
        );
    }

    #[test]
    fn organisations_offer_every_service_asked_for_in_any_language_asked_for() {
        use crate::organisation::SupportService::{LegalAdvice, RecognitionGuidance};
        let search = OrganisationSearch {
            services: vec![RecognitionGuidance, LegalAdvice],
            languages: vec![
                LanguageCode::parse("ar").unwrap(),
                LanguageCode::parse("fa").unwrap(),
            ],
            within: Some(radius(48.2, 16.4, 20.0).unwrap()),
            ..Default::default()
        };
        let request = search.request();
        assert_eq!(
            request.filters,
            vec![
                Filter::AnyOf("service".into(), vec!["RECOGNITION_GUIDANCE".into()]),
                Filter::AnyOf("service".into(), vec!["LEGAL_ADVICE".into()]),
                Filter::AnyOf("language".into(), vec!["ar".into(), "fa".into()]),
            ]
        );
        assert!(matches!(request.sort, SortOrder::Distance(_)));
    }

    #[test]
    fn language_filters_leave_out_what_the_person_lacks() {
        let de = LanguageCode::parse("de").unwrap();
        let filters = meets_languages(&[(de, CefrLevel::A2), (de, CefrLevel::B1)]);
        let Filter::NoneOf(field, lacking) = &filters[0] else {
            panic!("{filters:?}")
        };
        assert_eq!(field, "requiredLanguage");
        assert_eq!(lacking.len(), LanguageCode::all().count() - 1);
        assert!(!lacking.contains(&"de".to_owned()));
        assert_eq!(
            filters[1],
            Filter::NoneOf(
                "languageLevel".into(),
                vec!["de:B2".into(), "de:C1".into(), "de:C2".into()]
            ),
            "the best of the levels given counts"
        );
    }
}
