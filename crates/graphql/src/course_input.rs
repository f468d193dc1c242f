//! Course inputs as the application layer's [`CourseForm`]: plain fields applied, ESCO
//! URIs and language codes passed on as written (the use case resolves and validates them),
//! with the enumerations a course is written with.

use async_graphql::{Enum, ID, InputObject, MaybeUndefined, SimpleObject};
use skillbridge_app::courses::{CohortForm, CourseForm, CourseSkillAsWritten};
use skillbridge_app::written::{Edit, LanguageLevelAsWritten};
use skillbridge_domain::course::{Cost, CourseDetails};
use skillbridge_domain::profile::Location;

use crate::scalars::Date;
use crate::values::{InclusionSupport, LocationInput, Proficiency, Track, WorldRegion};

#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(remote = "skillbridge_domain::course::CourseMode")]
pub enum CourseMode {
    InPerson,
    Online,
    Hybrid,
}

/// JOBSEEKERS, or EMPLOYER_STAFF for intercultural and inclusion training for employers.
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(remote = "skillbridge_domain::course::Audience")]
pub enum Audience {
    Jobseekers,
    EmployerStaff,
}

/// A cost in minor units of an ISO 4217 currency.
#[derive(SimpleObject, InputObject, Clone)]
#[graphql(input_name = "CostInput")]
pub struct CostOutput {
    pub amount: i64,
    pub currency: String,
}

#[derive(InputObject)]
pub struct CourseSkillInput {
    pub skill_uri: String,
    pub level: Proficiency,
}

#[derive(InputObject)]
pub struct MinimumLanguageInput {
    pub language: String,
    pub level: String,
}

/// What a language course teaches.
#[derive(InputObject)]
pub struct TaughtLanguageInput {
    /// ISO 639-1 code.
    pub language: String,
    /// The CEFR level the course leads to.
    pub level_reached: String,
}

#[derive(InputObject)]
pub struct CreateCourseInput {
    pub organisation_id: ID,
    pub title: String,
    #[graphql(default)]
    pub description: String,
    pub mode: CourseMode,
    pub location: Option<LocationInput>,
    /// Leave out for a free course.
    pub cost: Option<CostOutput>,
    pub credential_name: Option<String>,
    pub credential_eqf_level: Option<i32>,
    #[graphql(default_with = "Audience::Jobseekers")]
    pub audience: Audience,
    pub min_language: Option<MinimumLanguageInput>,
    /// For a language course: the language it teaches and the level it leads to, so that
    /// language gaps find it.
    pub teaches_language: Option<TaughtLanguageInput>,
    #[graphql(default)]
    pub childcare: bool,
    #[graphql(default)]
    pub stipend: bool,
    #[graphql(default)]
    pub transport: bool,
    #[graphql(default)]
    pub tracks: Vec<Track>,
    #[graphql(default)]
    pub skills: Vec<CourseSkillInput>,
    /// Languages of instruction (ISO 639-1).
    pub languages: Vec<String>,
    /// Skills the course expects at the start, each at `level` or above (at most 30).
    #[graphql(default)]
    pub prerequisites: Vec<CourseSkillInput>,
    /// The education the course expects, as an EQF level (1 to 8).
    pub min_eqf_level: Option<i32>,
    /// EMPLOYER_STAFF courses only: the inclusion support the course prepares staff to give.
    #[graphql(default)]
    pub prepares_support: Vec<InclusionSupport>,
    /// EMPLOYER_STAFF courses only: the regions of origin whose cultures it covers.
    #[graphql(default)]
    pub origin_regions: Vec<WorldRegion>,
}

#[derive(InputObject)]
pub struct AddCohortInput {
    pub course_id: ID,
    pub starts_on: Date,
    pub ends_on: Option<Date>,
    pub seats: i32,
}

impl CreateCourseInput {
    /// The new course as written.
    pub(crate) fn into_form(self) -> CourseForm {
        CourseForm {
            details: CourseDetails {
                title: self.title.trim().to_owned(),
                description: self.description,
                mode: self.mode.into(),
                location: self.location.map_or_else(Location::default, Into::into),
                cost: self.cost.map(|c| Cost {
                    amount: c.amount,
                    currency: c.currency.trim().to_ascii_uppercase(),
                }),
                credential_name: self
                    .credential_name
                    .map(|n| n.trim().to_owned())
                    .filter(|n| !n.is_empty()),
                credential_eqf_level: self.credential_eqf_level,
                audience: self.audience.into(),
                min_language: None,
                teaches_language: None,
                childcare: self.childcare,
                stipend: self.stipend,
                transport: self.transport,
                tracks: self.tracks.into_iter().map(Into::into).collect(),
                skills: Vec::new(),
                languages: Vec::new(),
                prerequisites: Vec::new(),
                min_eqf_level: self.min_eqf_level,
                prepares_support: self.prepares_support.into_iter().map(Into::into).collect(),
                origin_regions: self.origin_regions.into_iter().map(Into::into).collect(),
            },
            skills: Some(skills(self.skills)),
            languages: Some(self.languages),
            prerequisites: Some(skills(self.prerequisites)),
            min_language: self
                .min_language
                .map_or(Edit::Clear, |m| Edit::Set(m.into())),
            teaches_language: self
                .teaches_language
                .map_or(Edit::Clear, |t| Edit::Set(t.into())),
        }
    }
}

fn skills(written: Vec<CourseSkillInput>) -> Vec<CourseSkillAsWritten> {
    written
        .into_iter()
        .map(|s| CourseSkillAsWritten {
            skill_uri: s.skill_uri,
            level_reached: s.level.into(),
        })
        .collect()
}

impl From<MinimumLanguageInput> for LanguageLevelAsWritten {
    fn from(m: MinimumLanguageInput) -> Self {
        LanguageLevelAsWritten {
            language: m.language,
            level: m.level,
        }
    }
}

impl From<TaughtLanguageInput> for LanguageLevelAsWritten {
    fn from(t: TaughtLanguageInput) -> Self {
        LanguageLevelAsWritten {
            language: t.language,
            level: t.level_reached,
        }
    }
}

/// Changes to a course: fields left out stay; `null` clears an optional one; a list given
/// replaces the list.
#[derive(InputObject)]
pub struct UpdateCourseInput {
    pub course_id: ID,
    pub title: Option<String>,
    pub description: Option<String>,
    pub mode: Option<CourseMode>,
    pub location: MaybeUndefined<LocationInput>,
    /// `null` makes the course free.
    pub cost: MaybeUndefined<CostOutput>,
    pub credential_name: MaybeUndefined<String>,
    pub credential_eqf_level: MaybeUndefined<i32>,
    pub audience: Option<Audience>,
    pub min_language: MaybeUndefined<MinimumLanguageInput>,
    pub teaches_language: MaybeUndefined<TaughtLanguageInput>,
    pub childcare: Option<bool>,
    pub stipend: Option<bool>,
    pub transport: Option<bool>,
    pub tracks: Option<Vec<Track>>,
    pub skills: Option<Vec<CourseSkillInput>>,
    /// Languages of instruction (ISO 639-1).
    pub languages: Option<Vec<String>>,
    /// Skills expected at the start; a list given replaces the list.
    pub prerequisites: Option<Vec<CourseSkillInput>>,
    pub min_eqf_level: MaybeUndefined<i32>,
    /// EMPLOYER_STAFF courses only: replaces the support the course prepares staff for.
    pub prepares_support: Option<Vec<InclusionSupport>>,
    /// EMPLOYER_STAFF courses only: replaces the regions of origin it covers.
    pub origin_regions: Option<Vec<WorldRegion>>,
}

/// A change to an optional value as written: left out keeps it, `null` clears it.
fn edit<T, U>(value: MaybeUndefined<T>, into: impl FnOnce(T) -> U) -> Edit<U> {
    match value {
        MaybeUndefined::Undefined => Edit::Keep,
        MaybeUndefined::Null => Edit::Clear,
        MaybeUndefined::Value(v) => Edit::Set(into(v)),
    }
}

impl UpdateCourseInput {
    /// `current` with these changes: plain fields applied, the rest as written.
    pub(crate) fn into_form(self, current: CourseDetails) -> CourseForm {
        let mut d = current;
        if let Some(title) = self.title {
            d.title = title.trim().to_owned();
        }
        if let Some(description) = self.description {
            d.description = description;
        }
        if let Some(mode) = self.mode {
            d.mode = mode.into();
        }
        d.location = edit(self.location, Into::into)
            .applied_to(Some(d.location))
            .unwrap_or_default();
        d.cost = edit(self.cost, |c| Cost {
            amount: c.amount,
            currency: c.currency.trim().to_ascii_uppercase(),
        })
        .applied_to(d.cost);
        d.credential_name = edit(self.credential_name, |n| n.trim().to_owned())
            .applied_to(d.credential_name)
            .filter(|n| !n.is_empty());
        d.credential_eqf_level =
            edit(self.credential_eqf_level, |l| l).applied_to(d.credential_eqf_level);
        d.min_eqf_level = edit(self.min_eqf_level, |l| l).applied_to(d.min_eqf_level);
        if let Some(audience) = self.audience {
            d.audience = audience.into();
        }
        if let Some(childcare) = self.childcare {
            d.childcare = childcare;
        }
        if let Some(stipend) = self.stipend {
            d.stipend = stipend;
        }
        if let Some(transport) = self.transport {
            d.transport = transport;
        }
        if let Some(tracks) = self.tracks {
            d.tracks = tracks.into_iter().map(Into::into).collect();
        }
        if let Some(support) = self.prepares_support {
            d.prepares_support = support.into_iter().map(Into::into).collect();
        }
        if let Some(regions) = self.origin_regions {
            d.origin_regions = regions.into_iter().map(Into::into).collect();
        }
        CourseForm {
            details: d,
            skills: self.skills.map(skills),
            languages: self.languages,
            prerequisites: self.prerequisites.map(skills),
            min_language: edit(self.min_language, Into::into),
            teaches_language: edit(self.teaches_language, Into::into),
        }
    }
}

#[derive(InputObject)]
pub struct CourseIdInput {
    pub course_id: ID,
}

/// New dates and seats for a cohort: fields left out stay; `endsOn: null` clears the end.
#[derive(InputObject)]
pub struct UpdateCohortInput {
    pub cohort_id: ID,
    pub starts_on: Option<Date>,
    pub ends_on: MaybeUndefined<Date>,
    /// More seats confirm those waiting, in arrival order; fewer than are given out is
    /// refused.
    pub seats: Option<i32>,
}

impl UpdateCohortInput {
    /// `current` with these changes.
    pub(crate) fn into_form(self, current: &skillbridge_domain::course::Cohort) -> CohortForm {
        CohortForm {
            starts_on: self.starts_on.map_or(current.starts_on, |d| d.0),
            ends_on: edit(self.ends_on, |d| d.0).applied_to(current.ends_on),
            seats: self.seats.unwrap_or(current.seats),
        }
    }
}

#[derive(InputObject)]
pub struct CancelCohortInput {
    pub cohort_id: ID,
    /// Why: the people enrolled are told (at most 1,000 characters).
    pub reason: String,
}
