//! Turning vacancy inputs into domain details: skill and occupation URIs resolved, language
//! codes and CEFR levels parsed, every problem collected with its field. Shared by
//! `createVacancy` and `updateVacancy`.

use async_graphql::{Context, ID, InputObject, MaybeUndefined, Result};
use skillbridge_domain::ProblemCode;
use skillbridge_domain::vacancy::{Salary, VacancyDetails, VacancyLanguage, VacancySkill};
use skillbridge_domain::{CefrLevel, LanguageCode, OccupationId};

use crate::GqlError;
use crate::accounts::UserError;
use crate::context::store;
use crate::profiles::{LocationInput, Track};
use crate::scalars::Date;
use crate::taxonomy::skill_id_by_uri;
use crate::vacancies::{
    ContractType, InclusionSupport, SalaryRange, VacancyLanguageInput, VacancySkillInput,
};

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

fn indexed(
    field: &str,
    index: usize,
    sub: &str,
    code: ProblemCode,
    message: impl Into<String>,
) -> UserError {
    UserError::new(format!("{field}[{index}].{sub}"), code, message)
}

/// The skills named by URI; an unknown one is a userError at `skills[i].skillUri`.
pub(crate) async fn resolve_skills(
    ctx: &Context<'_>,
    inputs: &[VacancySkillInput],
    errors: &mut Vec<UserError>,
) -> Result<Vec<VacancySkill>> {
    let mut skills = Vec::with_capacity(inputs.len());
    for (i, s) in inputs.iter().enumerate() {
        match skill_id_by_uri(ctx, &s.skill_uri).await? {
            Some(skill_id) => skills.push(VacancySkill {
                skill_id,
                requirement: s.importance.into(),
                min_proficiency: s.min_proficiency.map(Into::into),
            }),
            None => errors.push(indexed(
                "skills",
                i,
                "skillUri",
                ProblemCode::UnknownSkill,
                "no ESCO skill has this URI",
            )),
        }
    }
    Ok(skills)
}

/// The language requirements; a bad code or level is a userError at `languages[i]`.
pub(crate) fn parse_languages(
    inputs: &[VacancyLanguageInput],
    errors: &mut Vec<UserError>,
) -> Vec<VacancyLanguage> {
    let mut languages = Vec::with_capacity(inputs.len());
    for (i, l) in inputs.iter().enumerate() {
        match (
            LanguageCode::parse(&l.language),
            CefrLevel::parse(&l.min_level),
        ) {
            (Ok(language), Ok(min_level)) => languages.push(VacancyLanguage {
                language,
                min_level,
            }),
            (Err(err), _) => errors.push(indexed(
                "languages",
                i,
                "language",
                ProblemCode::InvalidLanguage,
                err.to_string(),
            )),
            (_, Err(err)) => errors.push(indexed(
                "languages",
                i,
                "minLevel",
                ProblemCode::InvalidCefrLevel,
                err.to_string(),
            )),
        }
    }
    languages
}

/// The occupation a URI names; an unknown one is a userError at `occupationUri`.
pub(crate) async fn resolve_occupation(
    ctx: &Context<'_>,
    uri: Option<&str>,
    errors: &mut Vec<UserError>,
) -> Result<Option<OccupationId>> {
    let Some(uri) = uri else { return Ok(None) };
    match store(ctx)
        .occupation_by_uri(uri.trim())
        .await
        .map_err(GqlError::from)?
    {
        Some(occupation) => Ok(Some(occupation.id)),
        None => {
            errors.push(UserError::new(
                "occupationUri",
                ProblemCode::UnknownOccupation,
                "no ESCO occupation has this URI",
            ));
            Ok(None)
        }
    }
}

fn keep<T>(value: MaybeUndefined<T>, current: Option<T>) -> Option<T> {
    match value {
        MaybeUndefined::Undefined => current,
        MaybeUndefined::Null => None,
        MaybeUndefined::Value(v) => Some(v),
    }
}

/// `current` with `input` applied, and the problems found resolving it (validation of the
/// result is the caller's, as for a new vacancy).
pub(crate) async fn apply_update(
    ctx: &Context<'_>,
    current: VacancyDetails,
    input: UpdateVacancyInput,
) -> Result<(VacancyDetails, Vec<UserError>)> {
    let mut errors = Vec::new();
    let mut d = current;
    if let Some(title) = input.title {
        d.title = title.trim().to_owned();
    }
    if let Some(description) = input.description {
        d.description = description;
    }
    match input.occupation_uri {
        MaybeUndefined::Undefined => {}
        MaybeUndefined::Null => d.occupation_id = None,
        MaybeUndefined::Value(uri) => {
            d.occupation_id = resolve_occupation(ctx, Some(&uri), &mut errors).await?;
        }
    }
    match input.location {
        MaybeUndefined::Undefined => {}
        MaybeUndefined::Null => d.location = Default::default(),
        MaybeUndefined::Value(location) => d.location = location.into(),
    }
    if let Some(remote) = input.remote {
        d.remote = remote;
    }
    if let Some(contract_type) = input.contract_type {
        d.contract_type = contract_type.into();
    }
    d.hours_per_week = keep(input.hours_per_week, d.hours_per_week);
    d.salary = keep(input.salary.map_value(Into::into), d.salary);
    if let Some(positions) = input.positions {
        d.positions = positions;
    }
    d.starts_on = keep(input.starts_on.map_value(|d| d.0), d.starts_on);
    d.closes_on = keep(input.closes_on.map_value(|d| d.0), d.closes_on);
    if let Some(visa) = input.visa_sponsorship {
        d.visa_sponsorship = visa;
    }
    if let Some(support) = input.inclusion_support {
        d.inclusion_support = support.into_iter().map(Into::into).collect();
    }
    if let Some(tracks) = input.tracks {
        d.tracks = tracks.into_iter().map(Into::into).collect();
    }
    if let Some(skills) = &input.skills {
        d.skills = resolve_skills(ctx, skills, &mut errors).await?;
    }
    if let Some(languages) = &input.languages {
        d.languages = parse_languages(languages, &mut errors);
    }
    Ok((d, errors))
}
