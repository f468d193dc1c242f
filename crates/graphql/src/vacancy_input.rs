//! Vacancy inputs as the application layer's [`VacancyForm`]: plain fields applied, ESCO
//! URIs and language codes passed on as written (the use case resolves and validates them).

use async_graphql::{ID, InputObject, MaybeUndefined};
use skillbridge_app::vacancies::{SkillAsWritten, VacancyForm};
use skillbridge_app::written::{Edit, LanguageLevelAsWritten};
use skillbridge_domain::profile::Location;
use skillbridge_domain::vacancy::{Salary, VacancyDetails};

use crate::scalars::Date;
use crate::values::{ContractType, InclusionSupport, SalaryRange};
use crate::values::{LocationInput, Track};
use crate::values::{Proficiency, Requirement};

/// Changes to a vacancy: a field left out stays, `null` clears an optional one, a list
/// given replaces the list.
#[derive(InputObject)]
pub struct UpdateVacancyInput {
    pub vacancy_id: ID,
    pub title: Option<String>,
    pub description: Option<String>,
    /// An ESCO occupation URI.
    pub occupation_uri: MaybeUndefined<String>,
    pub location: MaybeUndefined<LocationInput>,
    pub remote: Option<bool>,
    pub contract_type: Option<ContractType>,
    pub hours_per_week: MaybeUndefined<f64>,
    pub salary: MaybeUndefined<SalaryRange>,
    pub positions: Option<i32>,
    pub starts_on: MaybeUndefined<Date>,
    /// The last day of a fixed-term or seasonal job.
    pub ends_on: MaybeUndefined<Date>,
    pub closes_on: MaybeUndefined<Date>,
    pub visa_sponsorship: Option<bool>,
    pub inclusion_support: Option<Vec<InclusionSupport>>,
    pub tracks: Option<Vec<Track>>,
    pub skills: Option<Vec<VacancySkillInput>>,
    pub languages: Option<Vec<VacancyLanguageInput>>,
}

impl From<SalaryRange> for Salary {
    fn from(s: SalaryRange) -> Self {
        Salary {
            min: s.min,
            max: s.max,
            currency: s.currency.trim().to_ascii_uppercase(),
        }
    }
}

fn skills(inputs: Vec<VacancySkillInput>) -> Vec<SkillAsWritten> {
    inputs
        .into_iter()
        .map(|s| SkillAsWritten {
            skill_uri: s.skill_uri,
            requirement: s.importance.into(),
            min_proficiency: s.min_proficiency.map(Into::into),
        })
        .collect()
}

fn languages(inputs: Vec<VacancyLanguageInput>) -> Vec<LanguageLevelAsWritten> {
    inputs
        .into_iter()
        .map(|l| LanguageLevelAsWritten {
            language: l.language,
            level: l.min_level,
        })
        .collect()
}

fn keep<T>(value: MaybeUndefined<T>, current: Option<T>) -> Option<T> {
    match value {
        MaybeUndefined::Undefined => current,
        MaybeUndefined::Null => None,
        MaybeUndefined::Value(v) => Some(v),
    }
}

impl CreateVacancyInput {
    /// The new vacancy as written.
    pub(crate) fn into_form(self) -> VacancyForm {
        VacancyForm {
            details: VacancyDetails {
                title: self.title.trim().to_owned(),
                description: self.description,
                occupation_id: None,
                location: self.location.map_or_else(Location::default, Into::into),
                remote: self.remote,
                contract_type: self.contract_type.into(),
                hours_per_week: self.hours_per_week,
                salary: self.salary.map(Into::into),
                positions: self.positions,
                starts_on: self.starts_on.map(|d| d.0),
                ends_on: self.ends_on.map(|d| d.0),
                closes_on: self.closes_on.map(|d| d.0),
                visa_sponsorship: self.visa_sponsorship,
                inclusion_support: self.inclusion_support.into_iter().map(Into::into).collect(),
                tracks: self.tracks.into_iter().map(Into::into).collect(),
                skills: Vec::new(),
                languages: Vec::new(),
            },
            occupation_uri: self.occupation_uri.map_or(Edit::Keep, Edit::Set),
            skills: Some(skills(self.skills)),
            languages: Some(languages(self.languages)),
        }
    }
}

impl UpdateVacancyInput {
    /// `current` with these changes: plain fields applied, the rest as written.
    pub(crate) fn into_form(self, current: VacancyDetails) -> VacancyForm {
        let mut d = current;
        if let Some(title) = self.title {
            d.title = title.trim().to_owned();
        }
        if let Some(description) = self.description {
            d.description = description;
        }
        match self.location {
            MaybeUndefined::Undefined => {}
            MaybeUndefined::Null => d.location = Default::default(),
            MaybeUndefined::Value(location) => d.location = location.into(),
        }
        if let Some(remote) = self.remote {
            d.remote = remote;
        }
        if let Some(contract_type) = self.contract_type {
            d.contract_type = contract_type.into();
        }
        d.hours_per_week = keep(self.hours_per_week, d.hours_per_week);
        d.salary = keep(self.salary.map_value(Into::into), d.salary);
        if let Some(positions) = self.positions {
            d.positions = positions;
        }
        d.starts_on = keep(self.starts_on.map_value(|d| d.0), d.starts_on);
        d.ends_on = keep(self.ends_on.map_value(|d| d.0), d.ends_on);
        d.closes_on = keep(self.closes_on.map_value(|d| d.0), d.closes_on);
        if let Some(visa) = self.visa_sponsorship {
            d.visa_sponsorship = visa;
        }
        if let Some(support) = self.inclusion_support {
            d.inclusion_support = support.into_iter().map(Into::into).collect();
        }
        if let Some(tracks) = self.tracks {
            d.tracks = tracks.into_iter().map(Into::into).collect();
        }
        VacancyForm {
            details: d,
            occupation_uri: match self.occupation_uri {
                MaybeUndefined::Undefined => Edit::Keep,
                MaybeUndefined::Null => Edit::Clear,
                MaybeUndefined::Value(uri) => Edit::Set(uri),
            },
            skills: self.skills.map(skills),
            languages: self.languages.map(languages),
        }
    }
}

#[derive(InputObject)]
pub struct VacancySkillInput {
    pub skill_uri: String,
    pub importance: Requirement,
    pub min_proficiency: Option<Proficiency>,
}

#[derive(InputObject)]
pub struct VacancyLanguageInput {
    /// ISO 639-1.
    pub language: String,
    /// A1 to C2.
    pub min_level: String,
}

#[derive(InputObject)]
pub struct CreateVacancyInput {
    pub organisation_id: ID,
    pub title: String,
    #[graphql(default)]
    pub description: String,
    /// An ESCO occupation URI.
    pub occupation_uri: Option<String>,
    pub location: Option<LocationInput>,
    #[graphql(default)]
    pub remote: bool,
    pub contract_type: ContractType,
    pub hours_per_week: Option<f64>,
    pub salary: Option<SalaryRange>,
    #[graphql(default = 1)]
    pub positions: i32,
    pub starts_on: Option<Date>,
    /// The last day of a fixed-term or seasonal job (none for a permanent one).
    pub ends_on: Option<Date>,
    pub closes_on: Option<Date>,
    #[graphql(default)]
    pub visa_sponsorship: bool,
    #[graphql(default)]
    pub inclusion_support: Vec<InclusionSupport>,
    #[graphql(default)]
    pub tracks: Vec<Track>,
    #[graphql(default)]
    pub skills: Vec<VacancySkillInput>,
    #[graphql(default)]
    pub languages: Vec<VacancyLanguageInput>,
}
