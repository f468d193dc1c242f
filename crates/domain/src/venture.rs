//! The entrepreneurship track: ventures a person plans or runs (name, sector, stage, the
//! skills it needs). Mentors for a venture are found by the rule of [`crate::mentoring`],
//! the venture being one kind of need.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::ProblemCode;
use crate::codes::coded;
use crate::profile::FieldProblem;
use crate::{ProfileId, SkillId, StoreResult};

coded!(
    /// How far a venture has come.
    VentureStage { Idea => "IDEA", Planning => "PLANNING", Launched => "LAUNCHED" }
);
coded!(
    /// An economic sector: the sections of NACE Rev. 2, the EU's classification of
    /// economic activities (A to U, in that order).
    Sector {
        Agriculture => "AGRICULTURE",
        Mining => "MINING",
        Manufacturing => "MANUFACTURING",
        Energy => "ENERGY",
        WaterAndWaste => "WATER_AND_WASTE",
        Construction => "CONSTRUCTION",
        Trade => "TRADE",
        Transport => "TRANSPORT",
        AccommodationAndFood => "ACCOMMODATION_AND_FOOD",
        InformationAndCommunication => "INFORMATION_AND_COMMUNICATION",
        Finance => "FINANCE",
        RealEstate => "REAL_ESTATE",
        ProfessionalServices => "PROFESSIONAL_SERVICES",
        AdministrativeServices => "ADMINISTRATIVE_SERVICES",
        PublicAdministration => "PUBLIC_ADMINISTRATION",
        Education => "EDUCATION",
        HealthAndSocialWork => "HEALTH_AND_SOCIAL_WORK",
        ArtsAndRecreation => "ARTS_AND_RECREATION",
        OtherServices => "OTHER_SERVICES",
        Households => "HOUSEHOLDS",
        Extraterritorial => "EXTRATERRITORIAL",
    }
);

pub const MAX_VENTURES: usize = 5;
pub const MAX_VENTURE_SKILLS: usize = 30;
pub const MAX_NAME_CHARS: usize = 200;
pub const MAX_NOTE_CHARS: usize = 2_000;

/// What a person writes about a venture.
#[derive(Clone, Debug, PartialEq)]
pub struct VentureDetails {
    pub name: String,
    pub description: String,
    pub sector: Sector,
    pub stage: VentureStage,
    pub skills_needed: Vec<SkillId>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Venture {
    pub id: Uuid,
    pub profile_id: ProfileId,
    pub details: VentureDetails,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

pub(crate) fn has_duplicates<T: std::hash::Hash + Eq>(items: &[T]) -> bool {
    let mut seen = HashSet::new();
    !items.iter().all(|i| seen.insert(i))
}

/// Every problem with a venture; empty means valid.
pub fn validate_venture(details: &VentureDetails) -> Vec<FieldProblem> {
    let mut problems = Vec::new();
    let name = details.name.trim().chars().count();
    if name == 0 || name > MAX_NAME_CHARS {
        problems.push(FieldProblem::new(
            "name",
            ProblemCode::InvalidName,
            format!("give a name of 1 to {MAX_NAME_CHARS} characters"),
        ));
    }
    if details.description.chars().count() > MAX_NOTE_CHARS {
        problems.push(FieldProblem::new(
            "description",
            ProblemCode::TooLong,
            format!("use at most {MAX_NOTE_CHARS} characters"),
        ));
    }
    if details.skills_needed.len() > MAX_VENTURE_SKILLS {
        problems.push(FieldProblem::new(
            "skillsNeeded",
            ProblemCode::TooMany,
            format!("name at most {MAX_VENTURE_SKILLS} skills"),
        ));
    } else if has_duplicates(&details.skills_needed) {
        problems.push(FieldProblem::new(
            "skillsNeeded",
            ProblemCode::Duplicate,
            "name each skill once",
        ));
    }
    problems
}

/// What saving a venture came to.
#[derive(Clone, Debug, PartialEq)]
pub enum SavedVenture {
    Saved(Venture),
    /// No such venture of this person.
    NotFound,
    /// The person already has `MAX_VENTURES`.
    TooMany,
}

#[async_trait::async_trait]
pub trait VentureRepository: Send + Sync {
    /// Creates a venture (`id` none) or replaces one of the person's, skills included.
    async fn save_venture(
        &self,
        profile: ProfileId,
        id: Option<Uuid>,
        details: &VentureDetails,
        at: DateTime<Utc>,
    ) -> StoreResult<SavedVenture>;
    /// False when the person has no such venture.
    async fn remove_venture(&self, profile: ProfileId, id: Uuid) -> StoreResult<bool>;
    /// The person's ventures, oldest first.
    async fn ventures_of(&self, profile: ProfileId) -> StoreResult<Vec<Venture>>;
    async fn venture_by_id(&self, id: Uuid) -> StoreResult<Option<Venture>>;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn venture(sector: Sector, skills: Vec<SkillId>) -> VentureDetails {
        VentureDetails {
            name: "Bakery".into(),
            description: String::new(),
            sector,
            stage: VentureStage::Idea,
            skills_needed: skills,
        }
    }

    #[test]
    fn ventures_are_checked() {
        let skill = SkillId::new();
        let mut v = venture(Sector::Trade, vec![skill, skill]);
        assert_eq!(validate_venture(&v)[0].code, ProblemCode::Duplicate);
        v.skills_needed = (0..31).map(|_| SkillId::new()).collect();
        v.name = " ".into();
        let codes: Vec<_> = validate_venture(&v).iter().map(|p| p.code.code()).collect();
        assert_eq!(codes, ["INVALID_NAME", "TOO_MANY"]);
    }
}
