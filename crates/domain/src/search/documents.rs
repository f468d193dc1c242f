//! The search documents of each kind, as the domain describes them: labels of skills and
//! occupations, and what vacancy and course searches filter, sort and count on.

use super::{DocumentKind, Filter, SearchDocument, SearchText};
use crate::matching::GeoPoint;

/// An occupation as a search document: its labels, and every ISCO group it is in as
/// `iscoGroup` (the 4-digit unit group and the groups above it; see [`isco_keywords`]), so
/// a filter on a group finds the occupations below it.
pub fn occupation_document(
    occupation: &crate::taxonomy::Occupation,
    texts: Vec<SearchText>,
) -> SearchDocument {
    let keywords = isco_keywords(occupation.isco_code.as_deref());
    SearchDocument {
        kind: DocumentKind::Occupation,
        id: *occupation.id.as_uuid(),
        texts,
        keywords,
        numbers: Vec::new(),
        location: None,
    }
}

/// A skill or skill group as a search document: its labels, and its kind and type as
/// keywords (`conceptKind`, `skillType`).
pub fn skill_document(skill: &crate::taxonomy::Skill, texts: Vec<SearchText>) -> SearchDocument {
    let mut keywords = vec![("conceptKind".to_owned(), skill.kind.code().to_owned())];
    if let Some(t) = skill.skill_type {
        keywords.push(("skillType".to_owned(), t.code().to_owned()));
    }
    SearchDocument {
        kind: DocumentKind::Skill,
        id: *skill.id.as_uuid(),
        texts,
        keywords,
        numbers: Vec::new(),
        location: None,
    }
}

/// A date as search numbers hold it: days since 1970-01-01.
pub fn day_number(day: chrono::NaiveDate) -> i64 {
    (day - chrono::NaiveDate::default()).num_days()
}

/// "true" or "false", as boolean keywords are indexed.
pub(super) fn flag(value: bool) -> String {
    value.to_string()
}

fn place(location: &crate::profile::Location) -> Option<GeoPoint> {
    Some(GeoPoint {
        latitude: location.latitude?,
        longitude: location.longitude?,
    })
}

/// Keywords for every ISCO group a code is in (`iscoGroup`: the unit group and those above
/// it) and its major group (`iscoMajorGroup`, one digit, for facets).
fn isco_keywords(code: Option<&str>) -> Vec<(String, String)> {
    let Some(code) = code.filter(|c| !c.is_empty()) else {
        return Vec::new();
    };
    let mut keywords: Vec<(String, String)> = (1..=code.len())
        .filter_map(|n| code.get(..n))
        .map(|group| ("iscoGroup".to_owned(), group.to_owned()))
        .collect();
    if let Some(major) = code.get(..1) {
        keywords.push(("iscoMajorGroup".to_owned(), major.to_owned()));
    }
    keywords
}

/// What a vacancy's document is made of besides the vacancy row.
pub struct VacancyFacts<'a> {
    pub languages: &'a [crate::vacancy::VacancyLanguage],
    pub tracks: &'a [crate::profile::Track],
    pub support: &'a [crate::vacancy::InclusionSupport],
    /// The labels of its occupation (every language) and the preferred labels of its
    /// skills: people search for "welder" or "Pflege" whatever the title's language.
    pub related: Vec<SearchText>,
    /// Whether its occupation is on a shortage list in force for its region.
    pub shortage: bool,
}

/// A vacancy as a search document. The title is the primary text; the description and the
/// related labels are secondary. Keywords: `status`, `organisation`, `contractType`,
/// `occupation`, `iscoGroup`, `iscoMajorGroup`, `shortage`, `remote`, `track`,
/// `inclusionSupport`, `country`, and for each language requirement `requiredLanguage`
/// ("de") and `languageLevel` ("de:B2"), so [`meets_languages`] can filter. Numbers:
/// `postedAt` (milliseconds; creation for drafts) and `closesOn` (days).
pub fn vacancy_document(
    vacancy: &crate::vacancy::Vacancy,
    facts: VacancyFacts<'_>,
) -> SearchDocument {
    let mut texts = vec![SearchText {
        text: vacancy.title.clone(),
        lang: None,
        primary: true,
    }];
    if !vacancy.description.is_empty() {
        texts.push(SearchText {
            text: vacancy.description.clone(),
            lang: None,
            primary: false,
        });
    }
    texts.extend(facts.related.into_iter().map(|t| SearchText {
        primary: false,
        ..t
    }));
    let mut keywords = vec![
        ("status".to_owned(), vacancy.status.code().to_owned()),
        (
            "organisation".to_owned(),
            vacancy.organisation_id.as_uuid().to_string(),
        ),
        (
            "contractType".to_owned(),
            vacancy.contract_type.code().to_owned(),
        ),
        ("shortage".to_owned(), flag(facts.shortage)),
        ("remote".to_owned(), flag(vacancy.remote)),
    ];
    if let Some(occupation) = vacancy.occupation_id {
        keywords.push(("occupation".to_owned(), occupation.as_uuid().to_string()));
    }
    keywords.extend(isco_keywords(vacancy.isco_code.as_deref()));
    if let Some(country) = &vacancy.location.country_code {
        keywords.push(("country".to_owned(), country.clone()));
    }
    for track in facts.tracks {
        keywords.push(("track".to_owned(), track.code().to_owned()));
    }
    for support in facts.support {
        keywords.push(("inclusionSupport".to_owned(), support.code().to_owned()));
    }
    for requirement in facts.languages {
        let language = requirement.language.as_str();
        keywords.push(("requiredLanguage".to_owned(), language.to_owned()));
        keywords.push((
            "languageLevel".to_owned(),
            format!("{language}:{}", requirement.min_level.code()),
        ));
    }
    let mut numbers = vec![(
        "postedAt".to_owned(),
        vacancy
            .published_at
            .unwrap_or(vacancy.created_at)
            .timestamp_millis(),
    )];
    if let Some(closes) = vacancy.closes_on {
        numbers.push(("closesOn".to_owned(), day_number(closes)));
    }
    SearchDocument {
        kind: DocumentKind::Vacancy,
        id: *vacancy.id.as_uuid(),
        texts,
        keywords,
        numbers,
        location: place(&vacancy.location),
    }
}

/// Filters that keep the documents whose every language requirement someone with `levels`
/// meets: none of their required languages is one the person lacks, and none of their
/// minimum levels is above the person's in a language they have.
pub fn meets_languages(levels: &[(crate::LanguageCode, crate::CefrLevel)]) -> Vec<Filter> {
    let level_of = |language: crate::LanguageCode| {
        levels
            .iter()
            .filter(|(l, _)| *l == language)
            .map(|(_, level)| *level)
            .max()
    };
    let lacking = crate::LanguageCode::all()
        .filter(|l| level_of(*l).is_none())
        .map(|l| l.as_str().to_owned())
        .collect();
    let mut above = Vec::new();
    for language in crate::LanguageCode::all() {
        if let Some(level) = level_of(language) {
            above.extend(
                crate::CefrLevel::ALL
                    .into_iter()
                    .filter(|l| *l > level)
                    .map(|l| format!("{}:{}", language.as_str(), l.code())),
            );
        }
    }
    vec![
        Filter::NoneOf("requiredLanguage".to_owned(), lacking),
        Filter::NoneOf("languageLevel".to_owned(), above),
    ]
}

/// What a course's document is made of besides the course row.
pub struct CourseFacts<'a> {
    /// Its cohorts with the seats given out in each.
    pub cohorts: &'a [(crate::course::Cohort, i64)],
    /// Languages of instruction.
    pub languages: &'a [crate::LanguageCode],
    pub tracks: &'a [crate::profile::Track],
    /// The preferred labels of the skills it teaches.
    pub related: Vec<SearchText>,
    /// The day the document describes: cohorts starting before it are over for searchers.
    pub today: chrono::NaiveDate,
}

/// A course as a search document. The title is the primary text; the description and the
/// skill labels are secondary. Keywords: `organisation`, `mode`, `audience`, `free`,
/// `childcare`, `language` (of instruction), `track`, `hasFreeSeats`. Numbers: `postedAt`
/// (milliseconds), `cost` (minor units; 0 when free), and over the cohorts still to start,
/// `startsOn` (the first start, days) and `freeSeats` (seats left in all of them).
pub fn course_document(course: &crate::course::Course, facts: CourseFacts<'_>) -> SearchDocument {
    let mut texts = vec![SearchText {
        text: course.title.clone(),
        lang: None,
        primary: true,
    }];
    if !course.description.is_empty() {
        texts.push(SearchText {
            text: course.description.clone(),
            lang: None,
            primary: false,
        });
    }
    texts.extend(facts.related.into_iter().map(|t| SearchText {
        primary: false,
        ..t
    }));
    let upcoming: Vec<&(crate::course::Cohort, i64)> = facts
        .cohorts
        .iter()
        .filter(|(c, _)| c.course_id == course.id && c.starts_on >= facts.today)
        .collect();
    let free_seats: i64 = upcoming
        .iter()
        .map(|(c, taken)| (i64::from(c.seats) - taken).max(0))
        .sum();
    let mut keywords = vec![
        (
            "organisation".to_owned(),
            course.organisation_id.as_uuid().to_string(),
        ),
        ("mode".to_owned(), course.mode.code().to_owned()),
        ("audience".to_owned(), course.audience.code().to_owned()),
        ("free".to_owned(), flag(course.cost.is_none())),
        ("childcare".to_owned(), flag(course.childcare)),
        ("hasFreeSeats".to_owned(), flag(free_seats > 0)),
    ];
    for language in facts.languages {
        keywords.push(("language".to_owned(), language.as_str().to_owned()));
    }
    for track in facts.tracks {
        keywords.push(("track".to_owned(), track.code().to_owned()));
    }
    let mut numbers = vec![
        ("postedAt".to_owned(), course.created_at.timestamp_millis()),
        (
            "cost".to_owned(),
            course.cost.as_ref().map_or(0, |c| c.amount),
        ),
        ("freeSeats".to_owned(), free_seats),
    ];
    if let Some(first) = upcoming.iter().map(|(c, _)| c.starts_on).min() {
        numbers.push(("startsOn".to_owned(), day_number(first)));
    }
    SearchDocument {
        kind: DocumentKind::Course,
        id: *course.id.as_uuid(),
        texts,
        keywords,
        numbers,
        location: place(&course.location),
    }
}

/// An organisation as a search document, for the public directory. The name is the primary
/// text; the description, the place and the address are secondary. Keywords: `kind`,
/// `service` (each service offered), `language` (each language spoken), `verified`,
/// `country` and `region`. Numbers: `postedAt` (milliseconds). Its place is the address's.
pub fn organisation_document(organisation: &crate::Organisation) -> SearchDocument {
    let profile = &organisation.profile;
    let mut texts = vec![SearchText {
        text: organisation.name.clone(),
        lang: None,
        primary: true,
    }];
    let secondary = [
        Some(profile.description.clone()),
        profile.location.place_name.clone(),
        profile.address.clone(),
    ];
    texts.extend(
        secondary
            .into_iter()
            .flatten()
            .filter(|t| !t.trim().is_empty())
            .map(|text| SearchText {
                text,
                lang: None,
                primary: false,
            }),
    );
    let mut keywords = vec![
        ("kind".to_owned(), organisation.kind.code().to_owned()),
        (
            "verified".to_owned(),
            flag(organisation.verified_at.is_some()),
        ),
    ];
    for service in &profile.services {
        keywords.push(("service".to_owned(), service.code().to_owned()));
    }
    for language in &profile.languages {
        keywords.push(("language".to_owned(), language.as_str().to_owned()));
    }
    let country = profile
        .location
        .country_code
        .as_ref()
        .or(organisation.country_code.as_ref());
    if let Some(country) = country {
        keywords.push(("country".to_owned(), country.clone()));
    }
    if let Some(region) = &profile.location.region_code {
        keywords.push(("region".to_owned(), region.to_ascii_uppercase()));
    }
    SearchDocument {
        kind: DocumentKind::Organisation,
        id: *organisation.id.as_uuid(),
        texts,
        keywords,
        numbers: vec![(
            "postedAt".to_owned(),
            organisation.created_at.timestamp_millis(),
        )],
        location: place(&profile.location),
    }
}

/// The keyword fields vacancy searches count values of.
pub const VACANCY_FACETS: &[&str] = &["contractType", "shortage", "iscoMajorGroup", "track"];
/// The keyword fields organisation searches count values of.
pub const ORGANISATION_FACETS: &[&str] = &["kind", "service", "language"];
/// The keyword fields course searches count values of.
pub const COURSE_FACETS: &[&str] = &[
    "mode",
    "free",
    "childcare",
    "language",
    "hasFreeSeats",
    "track",
];
