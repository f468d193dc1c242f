//! Course inputs as the application layer's [`CourseForm`]: plain fields applied, ESCO
//! URIs and language codes passed on as written (the use case resolves and validates them),
//! with the enumerations a course is written with.

use async_graphql::{Enum, ID, InputObject, SimpleObject};
use skillbridge_app::courses::{CourseForm, CourseSkillAsWritten};
use skillbridge_app::written::LanguageLevelAsWritten;
use skillbridge_domain::course::{Cost, CourseDetails};
use skillbridge_domain::profile::Location;

use crate::scalars::Date;
use crate::values::{LocationInput, Proficiency, Track};

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
            },
            skills: self
                .skills
                .into_iter()
                .map(|s| CourseSkillAsWritten {
                    skill_uri: s.skill_uri,
                    level_reached: s.level.into(),
                })
                .collect(),
            languages: self.languages,
            min_language: self.min_language.map(|m| LanguageLevelAsWritten {
                language: m.language,
                level: m.level,
            }),
            teaches_language: self.teaches_language.map(|t| LanguageLevelAsWritten {
                language: t.language,
                level: t.level_reached,
            }),
        }
    }
}
