//! Vacancies: what an employer organisation offers, in the same vocabulary as profiles
//! (ESCO occupation and skills, CEFR languages), with a lifecycle in which only OPEN
//! vacancies are public.

use chrono::{DateTime, NaiveDate, Utc};

use crate::ProblemCode;
pub use crate::employment::{ContractType, InclusionSupport};
use crate::location::{Location, validate_location};
use crate::problem::FieldProblem;
use crate::skills::{Proficiency, validate_skill_list};
use crate::track::Track;
use crate::{CefrLevel, LanguageCode, OccupationId, OrganisationId, SkillId};

use crate::codes::coded;

coded!(
    /// DRAFT -> OPEN -> CLOSED or FILLED; only OPEN vacancies are public.
    VacancyStatus { Draft => "DRAFT", Open => "OPEN", Closed => "CLOSED", Filled => "FILLED" }
);
coded!(
    /// How a vacancy needs a skill.
    Requirement { Essential => "ESSENTIAL", Optional => "OPTIONAL" }
);

/// A salary range in minor units of one currency.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Salary {
    pub min: Option<i64>,
    pub max: Option<i64>,
    /// ISO 4217.
    pub currency: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VacancySkill {
    pub skill_id: SkillId,
    pub requirement: Requirement,
    pub min_proficiency: Option<Proficiency>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VacancyLanguage {
    pub language: LanguageCode,
    pub min_level: CefrLevel,
}

/// Everything an employer writes about a vacancy.
#[derive(Clone, Debug, PartialEq)]
pub struct VacancyDetails {
    pub title: String,
    pub description: String,
    pub occupation_id: Option<OccupationId>,
    pub location: Location,
    pub remote: bool,
    pub contract_type: ContractType,
    pub hours_per_week: Option<f64>,
    pub salary: Option<Salary>,
    pub positions: i32,
    pub starts_on: Option<NaiveDate>,
    /// The last day of a fixed-term or seasonal job; `None` when it has no set end.
    pub ends_on: Option<NaiveDate>,
    pub closes_on: Option<NaiveDate>,
    pub visa_sponsorship: bool,
    pub inclusion_support: Vec<InclusionSupport>,
    pub tracks: Vec<Track>,
    pub skills: Vec<VacancySkill>,
    pub languages: Vec<VacancyLanguage>,
}

/// A stored vacancy (its skills and languages are read separately).
#[derive(Clone, Debug, PartialEq)]
pub struct Vacancy {
    pub id: crate::VacancyId,
    pub organisation_id: OrganisationId,
    pub title: String,
    pub description: String,
    pub occupation_id: Option<OccupationId>,
    /// Derived from the occupation.
    pub isco_code: Option<String>,
    pub location: Location,
    pub remote: bool,
    pub contract_type: ContractType,
    pub hours_per_week: Option<f64>,
    pub salary: Option<Salary>,
    pub positions: i32,
    pub starts_on: Option<NaiveDate>,
    /// The last day of a fixed-term or seasonal job; `None` when it has no set end.
    pub ends_on: Option<NaiveDate>,
    pub closes_on: Option<NaiveDate>,
    pub visa_sponsorship: bool,
    pub status: VacancyStatus,
    pub published_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Vacancy {
    /// The editable details of the vacancy, with its child rows read separately.
    pub fn details(
        &self,
        skills: Vec<VacancySkill>,
        languages: Vec<VacancyLanguage>,
        inclusion_support: Vec<InclusionSupport>,
        tracks: Vec<Track>,
    ) -> VacancyDetails {
        VacancyDetails {
            title: self.title.clone(),
            description: self.description.clone(),
            occupation_id: self.occupation_id,
            location: self.location.clone(),
            remote: self.remote,
            contract_type: self.contract_type,
            hours_per_week: self.hours_per_week,
            salary: self.salary.clone(),
            positions: self.positions,
            starts_on: self.starts_on,
            ends_on: self.ends_on,
            closes_on: self.closes_on,
            visa_sponsorship: self.visa_sponsorship,
            inclusion_support,
            tracks,
            skills,
            languages,
        }
    }

    /// When the job runs, for matching people's availability.
    pub fn period(&self) -> crate::availability::JobPeriod {
        crate::availability::JobPeriod {
            starts_on: self.starts_on,
            ends_on: self.ends_on,
        }
    }

    /// The region whose shortage lists apply: the vacancy's subdivision, else its country.
    pub fn shortage_region(&self) -> Option<crate::shortage::Region> {
        crate::shortage::Region::of_place(
            self.location.country_code.as_deref(),
            self.location.region_code.as_deref(),
        )
    }
}

pub const MAX_TITLE_CHARS: usize = 200;
pub const MAX_DESCRIPTION_CHARS: usize = 20_000;
/// More skills than this is not a vacancy but a taxonomy dump.
pub const MAX_SKILLS: usize = 100;
pub const MAX_LANGUAGES: usize = 20;
pub const MAX_POSITIONS: i32 = 10_000;

/// Every problem with a vacancy's details; empty means valid. The one place vacancy fields
/// are validated (skill URIs and the occupation are resolved before this, by the caller).
pub fn validate_vacancy(details: &VacancyDetails) -> Vec<FieldProblem> {
    let mut problems = Vec::new();
    let title = details.title.trim().chars().count();
    if title == 0 || title > MAX_TITLE_CHARS {
        problems.push(FieldProblem::new(
            "title",
            ProblemCode::InvalidTitle,
            format!("give a title of 1 to {MAX_TITLE_CHARS} characters"),
        ));
    }
    if details.description.chars().count() > MAX_DESCRIPTION_CHARS {
        problems.push(FieldProblem::new(
            "description",
            ProblemCode::TooLong,
            format!("use at most {MAX_DESCRIPTION_CHARS} characters"),
        ));
    }
    let location = &details.location;
    problems.extend(validate_location(location));
    if !details.remote && location.country_code.is_none() {
        problems.push(FieldProblem::new(
            "location",
            ProblemCode::LocationRequired,
            "give at least the country, or mark the vacancy remote",
        ));
    }
    if details
        .hours_per_week
        .is_some_and(|h| !(1.0..=80.0).contains(&h) || h.is_nan())
    {
        problems.push(FieldProblem::new(
            "hoursPerWeek",
            ProblemCode::OutOfRange,
            "give 1 to 80 hours",
        ));
    }
    if let Some(salary) = &details.salary {
        if salary.min.is_some_and(|m| m < 0) || salary.max.is_some_and(|m| m < 0) {
            problems.push(FieldProblem::new(
                "salary",
                ProblemCode::OutOfRange,
                "amounts cannot be negative",
            ));
        }
        if let (Some(min), Some(max)) = (salary.min, salary.max)
            && min > max
        {
            problems.push(FieldProblem::new(
                "salary.max",
                ProblemCode::MinAboveMax,
                "the maximum is below the minimum",
            ));
        }
        if salary.currency.len() != 3 || !salary.currency.bytes().all(|b| b.is_ascii_uppercase()) {
            problems.push(FieldProblem::new(
                "salary.currency",
                ProblemCode::InvalidCurrency,
                "use an ISO 4217 code such as EUR",
            ));
        }
    }
    if !(1..=MAX_POSITIONS).contains(&details.positions) {
        problems.push(FieldProblem::new(
            "positions",
            ProblemCode::OutOfRange,
            format!("give 1 to {MAX_POSITIONS} positions"),
        ));
    }
    if let (Some(starts), Some(closes)) = (details.starts_on, details.closes_on)
        && closes > starts
    {
        problems.push(FieldProblem::new(
            "closesOn",
            ProblemCode::ClosesAfterStart,
            "applications must close on or before the start date",
        ));
    }
    if let Some(ends) = details.ends_on {
        if details.contract_type == ContractType::Permanent {
            problems.push(FieldProblem::new(
                "endsOn",
                ProblemCode::PermanentHasNoEnd,
                "a permanent job has no end date: choose FIXED_TERM or SEASONAL, or leave it out",
            ));
        }
        if let Some(starts) = details.starts_on.filter(|s| ends < *s) {
            problems.push(FieldProblem::new(
                "endsOn",
                ProblemCode::EndsBeforeStart,
                format!("the job cannot end before it starts on {starts}"),
            ));
        } else if let Some(closes) = details.closes_on.filter(|c| ends < *c) {
            problems.push(FieldProblem::new(
                "endsOn",
                ProblemCode::EndsBeforeStart,
                format!("the job cannot end before applications close on {closes}"),
            ));
        }
    }
    problems.extend(validate_skill_list(
        details.skills.iter().map(|s| s.skill_id),
        MAX_SKILLS,
    ));
    if details.languages.len() > MAX_LANGUAGES {
        problems.push(FieldProblem::new(
            "languages",
            ProblemCode::TooMany,
            format!("list at most {MAX_LANGUAGES} languages"),
        ));
    }
    let mut seen = std::collections::HashSet::new();
    if details.languages.iter().any(|l| !seen.insert(l.language)) {
        problems.push(FieldProblem::new(
            "languages",
            ProblemCode::DuplicateLanguage,
            "list each language once",
        ));
    }
    problems
}

/// The statuses in which an employer may still edit a vacancy.
pub const EDITABLE: &[VacancyStatus] = &[VacancyStatus::Draft, VacancyStatus::Open];

/// Publishing moves a DRAFT to OPEN; nothing else can be published.
pub fn may_publish(status: VacancyStatus) -> bool {
    status == VacancyStatus::Draft
}

#[cfg(test)]
mod tests {
    use super::*;

    fn valid() -> VacancyDetails {
        VacancyDetails {
            title: "Care assistant".into(),
            description: String::new(),
            occupation_id: None,
            location: Location {
                country_code: Some("DE".into()),
                ..Location::default()
            },
            remote: false,
            contract_type: ContractType::Permanent,
            hours_per_week: Some(38.5),
            salary: Some(Salary {
                min: Some(280_000),
                max: Some(320_000),
                currency: "EUR".into(),
            }),
            positions: 2,
            starts_on: NaiveDate::from_ymd_opt(2027, 2, 1),
            ends_on: None,
            closes_on: NaiveDate::from_ymd_opt(2027, 1, 15),
            visa_sponsorship: false,
            inclusion_support: vec![],
            tracks: vec![],
            skills: vec![],
            languages: vec![],
        }
    }

    #[test]
    fn a_plain_vacancy_is_valid_and_publishes_from_draft() {
        assert!(validate_vacancy(&valid()).is_empty());
        assert!(may_publish(VacancyStatus::Draft));
        assert!(!may_publish(VacancyStatus::Open) && !may_publish(VacancyStatus::Closed));
    }

    #[test]
    fn each_bad_field_is_named() {
        type Change = Box<dyn Fn(&mut VacancyDetails)>;
        let skill = |_| VacancySkill {
            skill_id: SkillId::new(),
            requirement: Requirement::Essential,
            min_proficiency: None,
        };
        let cases: Vec<(Change, &str, &str)> = vec![
            (Box::new(|v| v.title = " ".into()), "title", "INVALID_TITLE"),
            (
                Box::new(|v| v.title = "x".repeat(201)),
                "title",
                "INVALID_TITLE",
            ),
            (
                Box::new(|v| v.description = "x".repeat(20_001)),
                "description",
                "TOO_LONG",
            ),
            (
                Box::new(|v| {
                    v.salary = Some(Salary {
                        min: Some(5),
                        max: Some(4),
                        currency: "EUR".into(),
                    })
                }),
                "salary.max",
                "MIN_ABOVE_MAX",
            ),
            (
                Box::new(|v| {
                    v.salary = Some(Salary {
                        min: None,
                        max: None,
                        currency: "euro".into(),
                    })
                }),
                "salary.currency",
                "INVALID_CURRENCY",
            ),
            (
                Box::new(|v| v.closes_on = NaiveDate::from_ymd_opt(2027, 3, 1)),
                "closesOn",
                "CLOSES_AFTER_START",
            ),
            (
                Box::new(|v| {
                    v.location.latitude = Some(91.0);
                    v.location.longitude = Some(0.0)
                }),
                "location.latitude",
                "OUT_OF_RANGE",
            ),
            (
                Box::new(|v| v.location.country_code = None),
                "location",
                "LOCATION_REQUIRED",
            ),
            (Box::new(|v| v.positions = 0), "positions", "OUT_OF_RANGE"),
            (
                Box::new(|v| v.ends_on = NaiveDate::from_ymd_opt(2027, 8, 31)),
                "endsOn",
                "PERMANENT_HAS_NO_END",
            ),
            (
                Box::new(|v| {
                    v.contract_type = ContractType::Seasonal;
                    v.ends_on = NaiveDate::from_ymd_opt(2027, 1, 31)
                }),
                "endsOn",
                "ENDS_BEFORE_START",
            ),
            (
                Box::new(|v| v.hours_per_week = Some(100.0)),
                "hoursPerWeek",
                "OUT_OF_RANGE",
            ),
            (
                Box::new(move |v| v.skills = (0..10_000).map(skill).collect()),
                "skills",
                "TOO_MANY",
            ),
        ];
        for (change, field, code) in cases {
            let mut details = valid();
            change(&mut details);
            let problems = validate_vacancy(&details);
            assert!(
                problems
                    .iter()
                    .any(|p| p.field() == Some(field) && p.code.code() == code),
                "{field} {code}: {problems:?}"
            );
        }
    }
}

/// What a vacancy listing keeps.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct VacancyFilter {
    pub organisation: Option<OrganisationId>,
    /// Empty means any status.
    pub statuses: Vec<VacancyStatus>,
    pub occupation: Option<OccupationId>,
    pub contract_type: Option<ContractType>,
    pub remote: Option<bool>,
}

#[async_trait::async_trait]
pub trait VacancyRepository: Send + Sync {
    /// A new DRAFT vacancy with its skills, languages, support and tracks, in one
    /// transaction; the ISCO group is taken from the occupation.
    async fn create_vacancy(
        &self,
        organisation: OrganisationId,
        details: &VacancyDetails,
    ) -> crate::StoreResult<Vacancy>;
    /// Replaces a vacancy's details (and its skills, languages, support and tracks) when
    /// its status is one of `editable`; `None` when it is not (or does not exist).
    async fn update_vacancy(
        &self,
        id: crate::VacancyId,
        editable: &[VacancyStatus],
        details: &VacancyDetails,
    ) -> crate::StoreResult<Option<Vacancy>>;
    async fn vacancies_by_ids(&self, ids: &[crate::VacancyId]) -> crate::StoreResult<Vec<Vacancy>>;
    /// Moves a vacancy from `from` to `to` (publishing sets `published_at`); `None` when it
    /// is not in `from` (or does not exist).
    async fn transition_vacancy(
        &self,
        id: crate::VacancyId,
        from: VacancyStatus,
        to: VacancyStatus,
        at: DateTime<Utc>,
    ) -> crate::StoreResult<Option<Vacancy>>;
    async fn vacancy_skills(
        &self,
        ids: &[crate::VacancyId],
    ) -> crate::StoreResult<Vec<(crate::VacancyId, VacancySkill)>>;
    async fn vacancy_languages(
        &self,
        ids: &[crate::VacancyId],
    ) -> crate::StoreResult<Vec<(crate::VacancyId, VacancyLanguage)>>;
    async fn vacancy_support(
        &self,
        ids: &[crate::VacancyId],
    ) -> crate::StoreResult<Vec<(crate::VacancyId, InclusionSupport)>>;
    async fn vacancy_tracks(
        &self,
        ids: &[crate::VacancyId],
    ) -> crate::StoreResult<Vec<(crate::VacancyId, Track)>>;
    /// Vacancies matching `filter`, newest first.
    async fn find_vacancies(
        &self,
        filter: &VacancyFilter,
        page: &crate::PageRequest,
    ) -> crate::StoreResult<crate::Page<Vacancy>>;
}
