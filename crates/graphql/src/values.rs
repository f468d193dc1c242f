//! Values several node types share, as GraphQL shows them: the enumerations of profiles
//! and vacancies, a location, a salary range, a held skill and a spoken language. Every
//! feature module may use these; this module uses none of them.

use async_graphql::{ComplexObject, Enum, InputObject, SimpleObject};
use skillbridge_domain::LanguageCode;
use skillbridge_domain::profile as domain;

use crate::taxonomy::{CefrLevel, Language, SkillNode};

#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(remote = "skillbridge_domain::profile::RightToWork")]
pub enum RightToWork {
    Yes,
    Pending,
    No,
    Unknown,
}

#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(remote = "skillbridge_domain::profile::Proficiency")]
pub enum Proficiency {
    Basic,
    Intermediate,
    Advanced,
    Expert,
}

#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(remote = "skillbridge_domain::profile::Evidence")]
pub enum Evidence {
    SelfDeclared,
    CaseworkerAssessed,
    Certified,
    InferredFromExperience,
}

#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(remote = "skillbridge_domain::profile::IntendedStay")]
pub enum IntendedStay {
    Settled,
    Temporary,
    SeasonalOrCircular,
}

/// PRIVATE: nobody outside sees the profile; ANONYMISED: employers see a candidate card;
/// VISIBLE: employers see the profile.
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(remote = "skillbridge_domain::profile::Visibility")]
pub enum Visibility {
    Private,
    Anonymised,
    Visible,
}

#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(remote = "skillbridge_domain::profile::Track")]
pub enum Track {
    Youth,
    Women,
    Entrepreneurship,
}

/// Where someone is.
#[derive(SimpleObject, Clone)]
#[graphql(name = "Location")]
pub struct LocationOutput {
    pub place_name: Option<String>,
    pub country_code: Option<String>,
    /// ISO 3166-2, e.g. DE-BY.
    pub region: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
}

#[derive(InputObject, Clone)]
pub struct LocationInput {
    pub place_name: Option<String>,
    pub country_code: Option<String>,
    pub region: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
}

impl From<LocationInput> for domain::Location {
    /// Trims text and upper-cases codes; validation is the domain's.
    fn from(l: LocationInput) -> Self {
        domain::Location {
            place_name: l
                .place_name
                .map(|p| p.trim().to_owned())
                .filter(|p| !p.is_empty()),
            country_code: l.country_code.map(|c| c.trim().to_ascii_uppercase()),
            region_code: l.region.map(|r| r.trim().to_ascii_uppercase()),
            latitude: l.latitude,
            longitude: l.longitude,
        }
    }
}

impl From<&domain::Location> for LocationOutput {
    fn from(l: &domain::Location) -> Self {
        LocationOutput {
            place_name: l.place_name.clone(),
            country_code: l.country_code.clone(),
            region: l.region_code.clone(),
            latitude: l.latitude,
            longitude: l.longitude,
        }
    }
}

/// A skill on a profile.
#[derive(SimpleObject)]
pub struct ProfileSkillOutput {
    pub skill: SkillNode,
    pub proficiency: Proficiency,
    pub evidence: Evidence,
}

/// A language on a profile.
#[derive(SimpleObject)]
#[graphql(complex, name = "ProfileLanguage")]
pub struct ProfileLanguageOutput {
    pub level: CefrLevel,
    pub mother_tongue: bool,
    #[graphql(skip)]
    pub code: LanguageCode,
}

#[ComplexObject]
impl ProfileLanguageOutput {
    async fn language(&self) -> Language {
        Language::of(self.code, None)
    }
}

impl From<domain::ProfileSkill> for ProfileSkillOutput {
    fn from(s: domain::ProfileSkill) -> Self {
        Self {
            skill: SkillNode(s.skill),
            proficiency: s.proficiency.into(),
            evidence: s.evidence.into(),
        }
    }
}

impl From<domain::ProfileLanguage> for ProfileLanguageOutput {
    fn from(l: domain::ProfileLanguage) -> Self {
        Self {
            level: l.level.into(),
            mother_tongue: l.mother_tongue,
            code: l.language,
        }
    }
}

#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(remote = "skillbridge_domain::vacancy::ContractType")]
pub enum ContractType {
    Permanent,
    FixedTerm,
    Seasonal,
    Apprenticeship,
    Internship,
    PartTime,
}

#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(remote = "skillbridge_domain::vacancy::Requirement")]
pub enum Requirement {
    Essential,
    Optional,
}

#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(remote = "skillbridge_domain::vacancy::InclusionSupport")]
pub enum InclusionSupport {
    LanguageSupport,
    Childcare,
    FlexibleHours,
    Mentoring,
}

/// A region of the world as the UN groups countries (M49 sub-regions).
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(remote = "skillbridge_domain::world_region::WorldRegion")]
pub enum WorldRegion {
    NorthernAfrica,
    EasternAfrica,
    MiddleAfrica,
    SouthernAfrica,
    WesternAfrica,
    Caribbean,
    CentralAmerica,
    SouthAmerica,
    NorthernAmerica,
    CentralAsia,
    EasternAsia,
    SouthEasternAsia,
    SouthernAsia,
    WesternAsia,
    EasternEurope,
    NorthernEurope,
    SouthernEurope,
    WesternEurope,
    AustraliaAndNewZealand,
    Melanesia,
    Micronesia,
    Polynesia,
}

/// Days in which a person can work, both ends included; `until` null: from then on.
#[derive(SimpleObject, InputObject, Clone, Copy)]
#[graphql(input_name = "AvailabilityWindowInput")]
pub struct AvailabilityWindow {
    pub from: crate::scalars::Date,
    pub until: Option<crate::scalars::Date>,
}

impl From<skillbridge_domain::availability::AvailabilityWindow> for AvailabilityWindow {
    fn from(w: skillbridge_domain::availability::AvailabilityWindow) -> Self {
        Self {
            from: crate::scalars::Date(w.from),
            until: w.until.map(crate::scalars::Date),
        }
    }
}

impl From<AvailabilityWindow> for skillbridge_domain::availability::AvailabilityWindow {
    fn from(w: AvailabilityWindow) -> Self {
        Self {
            from: w.from.0,
            until: w.until.map(|d| d.0),
        }
    }
}

/// A salary range in minor units (cents) of one ISO 4217 currency.
#[derive(SimpleObject, InputObject, Clone)]
#[graphql(input_name = "SalaryInput")]
pub struct SalaryRange {
    pub min: Option<i64>,
    pub max: Option<i64>,
    pub currency: String,
}
