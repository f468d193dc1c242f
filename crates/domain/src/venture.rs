//! The entrepreneurship track: ventures a person plans or runs (name, sector, stage, the
//! skills it needs) and mentoring that members of organisations offer by sector and
//! skills, with the rule that ranks mentors for a venture.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::ProblemCode;
use crate::codes::coded;
use crate::match_index::RankCursor;
use crate::matching::SkillTree;
use crate::profile::FieldProblem;
use crate::{OrganisationId, ProfileId, SkillId, StoreResult, UserId};

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
pub const MAX_MENTOR_SKILLS: usize = 50;
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

/// What a mentor offers.
#[derive(Clone, Debug, PartialEq)]
pub struct MentorDetails {
    pub sectors: Vec<Sector>,
    pub skills: Vec<SkillId>,
    pub note: String,
}

/// Mentoring a member offers through one of their organisations.
#[derive(Clone, Debug, PartialEq)]
pub struct MentorOffer {
    pub id: Uuid,
    pub user_id: UserId,
    pub organisation_id: OrganisationId,
    pub details: MentorDetails,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

fn has_duplicates<T: std::hash::Hash + Eq>(items: &[T]) -> bool {
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

/// Every problem with a mentoring offer; empty means valid.
pub fn validate_mentor(details: &MentorDetails) -> Vec<FieldProblem> {
    let mut problems = Vec::new();
    if details.sectors.is_empty() && details.skills.is_empty() {
        problems.push(FieldProblem::new(
            "sectors",
            ProblemCode::Required,
            "name at least one sector or skill you can mentor in",
        ));
    }
    if has_duplicates(&details.sectors) {
        problems.push(FieldProblem::new(
            "sectors",
            ProblemCode::Duplicate,
            "name each sector once",
        ));
    }
    if details.skills.len() > MAX_MENTOR_SKILLS {
        problems.push(FieldProblem::new(
            "skills",
            ProblemCode::TooMany,
            format!("name at most {MAX_MENTOR_SKILLS} skills"),
        ));
    } else if has_duplicates(&details.skills) {
        problems.push(FieldProblem::new(
            "skills",
            ProblemCode::Duplicate,
            "name each skill once",
        ));
    }
    if details.note.chars().count() > MAX_NOTE_CHARS {
        problems.push(FieldProblem::new(
            "note",
            ProblemCode::TooLong,
            format!("use at most {MAX_NOTE_CHARS} characters"),
        ));
    }
    problems
}

/// How a mentor fits a venture, and why.
#[derive(Clone, Debug, PartialEq)]
pub struct MentorFit {
    /// Between 0 and 1.
    pub score: f64,
    /// The mentor offers the venture's sector.
    pub sector_match: bool,
    /// Needed skills the mentor offers.
    pub covers: Vec<SkillId>,
    /// Needed skills the mentor offers a related skill for: (needed, offered).
    pub related: Vec<(SkillId, SkillId)>,
    /// Needed skills the mentor offers nothing for.
    pub uncovered: Vec<SkillId>,
}

/// The weight of the sector in a mentor's score; the skills have the rest.
pub const SECTOR_WEIGHT: f64 = 0.4;
/// Credit for a mentor offering a skill related to a needed one (broader, narrower or
/// sibling in the ESCO hierarchy).
pub const RELATED_CREDIT: f64 = 0.5;

/// How `offer` fits `venture`: `None` when the mentor offers neither the sector nor any
/// needed skill (or a related one). A venture that names no skills is matched on sector.
pub fn mentor_fit(
    venture: &VentureDetails,
    offer: &MentorDetails,
    tree: &SkillTree,
) -> Option<MentorFit> {
    let sector_match = offer.sectors.contains(&venture.sector);
    let (mut covers, mut related, mut uncovered) = (Vec::new(), Vec::new(), Vec::new());
    for needed in &venture.skills_needed {
        if offer.skills.contains(needed) {
            covers.push(*needed);
        } else if let Some(via) = offer
            .skills
            .iter()
            .filter(|s| tree.relation(**s, *needed).is_some())
            .min()
        {
            related.push((*needed, *via));
        } else {
            uncovered.push(*needed);
        }
    }
    if !sector_match && covers.is_empty() && related.is_empty() {
        return None;
    }
    let skills = if venture.skills_needed.is_empty() {
        0.0
    } else {
        (covers.len() as f64 + RELATED_CREDIT * related.len() as f64)
            / venture.skills_needed.len() as f64
    };
    let skill_weight = if venture.skills_needed.is_empty() {
        0.0
    } else {
        1.0 - SECTOR_WEIGHT
    };
    let sector_weight = 1.0 - skill_weight;
    let score = skill_weight * skills + sector_weight * f64::from(u8::from(sector_match));
    Some(MentorFit {
        score,
        sector_match,
        covers,
        related,
        uncovered,
    })
}

/// One page of the offers that fit a venture, best first, and how many fit in all.
#[derive(Clone, Debug, PartialEq)]
pub struct RankedMentors<'a> {
    pub matches: Vec<(&'a MentorOffer, MentorFit)>,
    pub total: usize,
    pub has_next_page: bool,
}

/// The offers that fit `venture`, best first (ties by offer id), `first` of them after
/// `after` (the score and offer id of the last one seen).
pub fn rank_mentors<'a>(
    venture: &VentureDetails,
    offers: &'a [MentorOffer],
    tree: &SkillTree,
    first: usize,
    after: Option<RankCursor<Uuid>>,
) -> RankedMentors<'a> {
    let mut ranked: Vec<_> = offers
        .iter()
        .filter_map(|o| mentor_fit(venture, &o.details, tree).map(|f| (o, f)))
        .collect();
    let total = ranked.len();
    ranked.sort_by(|(a, fa), (b, fb)| fb.score.total_cmp(&fa.score).then(a.id.cmp(&b.id)));
    if let Some(cursor) = after {
        ranked.retain(|(o, f)| {
            f.score < cursor.score || (f.score == cursor.score && o.id > cursor.id)
        });
    }
    let has_next_page = ranked.len() > first;
    ranked.truncate(first);
    RankedMentors {
        matches: ranked,
        total,
        has_next_page,
    }
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
    /// Creates or replaces the member's offer through the organisation; the membership
    /// must exist (`StoreError::NotFound` otherwise).
    async fn save_mentor_offer(
        &self,
        user: UserId,
        organisation: OrganisationId,
        details: &MentorDetails,
        at: DateTime<Utc>,
    ) -> StoreResult<MentorOffer>;
    /// False when there was no offer.
    async fn withdraw_mentor_offer(
        &self,
        user: UserId,
        organisation: OrganisationId,
    ) -> StoreResult<bool>;
    /// The member's offers, oldest first.
    async fn mentor_offers_of_user(&self, user: UserId) -> StoreResult<Vec<MentorOffer>>;
    async fn mentor_offer_by_id(&self, id: Uuid) -> StoreResult<Option<MentorOffer>>;
    /// Offers naming `sector` or any of `skills`.
    async fn mentor_offers_for(
        &self,
        sector: Sector,
        skills: &[SkillId],
    ) -> StoreResult<Vec<MentorOffer>>;
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

    fn offer(sectors: Vec<Sector>, skills: Vec<SkillId>) -> MentorOffer {
        MentorOffer {
            id: Uuid::now_v7(),
            user_id: UserId::new(),
            organisation_id: OrganisationId::new(),
            details: MentorDetails {
                sectors,
                skills,
                note: String::new(),
            },
            created_at: Utc::now(),
            updated_at: Utc::now(),
        }
    }

    #[test]
    fn mentors_rank_by_skills_then_sector() {
        let (bookkeeping, marketing, baking, parent) = (
            SkillId::new(),
            SkillId::new(),
            SkillId::new(),
            SkillId::new(),
        );
        let tree = SkillTree::new([(bookkeeping, parent), (marketing, parent)]);
        let wanted = venture(Sector::AccommodationAndFood, vec![bookkeeping, baking]);
        let both = offer(
            vec![Sector::AccommodationAndFood],
            vec![bookkeeping, baking],
        );
        let skills_only = offer(vec![Sector::Finance], vec![bookkeeping, baking]);
        let sector_only = offer(vec![Sector::AccommodationAndFood], vec![]);
        let related = offer(vec![], vec![marketing]);
        let nothing = offer(vec![Sector::Mining], vec![SkillId::new()]);
        let offers = vec![
            nothing.clone(),
            related.clone(),
            sector_only.clone(),
            skills_only.clone(),
            both.clone(),
        ];
        let all = rank_mentors(&wanted, &offers, &tree, 10, None);
        assert_eq!((all.total, all.has_next_page), (4, false));
        let ranked = all.matches;
        let ids: Vec<Uuid> = ranked.iter().map(|(o, _)| o.id).collect();
        assert_eq!(
            ids,
            vec![both.id, skills_only.id, sector_only.id, related.id]
        );
        let (_, fit) = &ranked[3];
        assert_eq!(fit.related, vec![(bookkeeping, marketing)]);
        assert_eq!(fit.uncovered, vec![baking]);
        assert!((ranked[0].1.score - 1.0).abs() < 1e-12);

        // The same order a page at a time, each page after the last one seen.
        let mut after = None;
        let mut paged = Vec::new();
        loop {
            let page = rank_mentors(&wanted, &offers, &tree, 3, after);
            assert_eq!(page.total, 4);
            let last = page.matches.last().map(|(o, f)| RankCursor {
                score: f.score,
                id: o.id,
            });
            paged.extend(page.matches.iter().map(|(o, _)| o.id));
            if !page.has_next_page {
                break;
            }
            after = last;
        }
        assert_eq!(paged, ids);
    }

    #[test]
    fn a_venture_without_skills_matches_on_sector() {
        let wanted = venture(Sector::Construction, vec![]);
        let tree = SkillTree::default();
        let fit = mentor_fit(
            &wanted,
            &offer(vec![Sector::Construction], vec![]).details,
            &tree,
        );
        assert_eq!(fit.map(|f| f.score), Some(1.0));
        assert!(
            mentor_fit(
                &wanted,
                &offer(vec![Sector::Trade], vec![SkillId::new()]).details,
                &tree
            )
            .is_none()
        );
    }

    #[test]
    fn ventures_and_offers_are_checked() {
        let skill = SkillId::new();
        let mut v = venture(Sector::Trade, vec![skill, skill]);
        assert_eq!(validate_venture(&v)[0].code, ProblemCode::Duplicate);
        v.skills_needed = (0..31).map(|_| SkillId::new()).collect();
        v.name = " ".into();
        let codes: Vec<_> = validate_venture(&v).iter().map(|p| p.code.code()).collect();
        assert_eq!(codes, ["INVALID_NAME", "TOO_MANY"]);
        let empty = MentorDetails {
            sectors: vec![],
            skills: vec![],
            note: "x".repeat(2_001),
        };
        let codes: Vec<_> = validate_mentor(&empty)
            .iter()
            .map(|p| p.code.code())
            .collect();
        assert_eq!(codes, ["REQUIRED", "TOO_LONG"]);
    }
}
