//! Profile pre-fill in GraphQL: the skills the application proposes from what a profile
//! already says, each with why, and `addProfileSkills` to confirm several at once.

use std::collections::HashMap;

use async_graphql::{Context, Enum, ID, InputObject, Object, Result, SimpleObject};
use skillbridge_domain::ProblemCode;
use skillbridge_domain::delegation::DelegationScope;
use skillbridge_domain::profile::FieldProblem;

use crate::GqlError;
use crate::context::{app, loader};
use crate::guards::{acted_on, target_profile};
use crate::loaders::{ExperiencesOf, OccupationById, SkillById};
use crate::nodes::{ProfilePayload, problems};
use crate::problems::payload;
use crate::taxonomy::{OccupationNode, SkillNode, SkillRelation};
use crate::values::{Evidence, Proficiency};
use skillbridge_app::prefill::SkillToAdd;

/// The most skills one `addProfileSkills` adds.
const MAX_SKILLS_AT_ONCE: usize = 100;

#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(remote = "skillbridge_domain::prefill::SkillSource")]
pub enum SkillSource {
    /// An ESCO skill of an occupation the person worked in.
    Experience,
    /// Named in the title the person gave an experience.
    ExperienceText,
    /// An ESCO skill of an occupation the person wants.
    DesiredOccupation,
}

/// Why a skill is proposed.
#[derive(SimpleObject)]
pub struct SkillSuggestionReason {
    pub source: SkillSource,
    /// The occupation that needs the skill.
    pub occupation: Option<OccupationNode>,
    /// How that occupation needs it.
    pub relation: Option<SkillRelation>,
    /// The experience it comes from, as the person titled it.
    pub experience_title: Option<String>,
    /// The skill label found in that title.
    pub matched_label: Option<String>,
}

/// A skill the profile does not list yet, with every reason to think the person has it.
#[derive(SimpleObject)]
pub struct ProfileSkillSuggestion {
    pub skill: SkillNode,
    pub reasons: Vec<SkillSuggestionReason>,
}

#[derive(Default)]
pub struct PrefillQuery;

#[Object]
impl PrefillQuery {
    /// Skills the profile does not list yet that its work experience (the ESCO skills of
    /// its occupations, the skills its titles name) and desired occupations suggest, most
    /// supported first, each with why. The caller's own profile, or a client's with
    /// `profileId` and `organisationId` under delegation. Nothing is added until the person
    /// or their caseworker confirms (`addProfileSkills`). `first`: 1 to 100, default 30.
    #[graphql(complexity = "first.unwrap_or(30).clamp(1, 100) as usize * child_complexity")]
    async fn suggest_profile_skills(
        &self,
        ctx: &Context<'_>,
        profile_id: Option<ID>,
        organisation_id: Option<ID>,
        first: Option<i32>,
    ) -> Result<Vec<ProfileSkillSuggestion>> {
        let first = first.unwrap_or(30);
        if !(1..=100).contains(&first) {
            return Err(GqlError::new(
                crate::ErrorCode::BadUserInput,
                "`first` must be from 1 to 100",
            )
            .into());
        }
        let (_, _, profile) = acted_on(
            ctx,
            profile_id.as_ref(),
            organisation_id.as_ref(),
            DelegationScope::View,
        )
        .await?;
        let Some(profile) = profile else {
            return Ok(Vec::new());
        };
        let mut proposed = app(ctx).proposals(&profile).await.map_err(GqlError::from)?;
        proposed.truncate(first as usize);
        let loader = loader(ctx)?;
        let skill_keys: Vec<SkillById> = proposed.iter().map(|p| SkillById(p.skill)).collect();
        let mut skills = loader.load_many(skill_keys).await?;
        let occupation_keys: Vec<OccupationById> = proposed
            .iter()
            .flat_map(|p| p.reasons.iter().filter_map(|r| r.occupation))
            .map(OccupationById)
            .collect();
        let occupations = loader.load_many(occupation_keys).await?;
        let titles: HashMap<uuid::Uuid, Option<String>> = loader
            .load_one(ExperiencesOf(profile.id))
            .await?
            .unwrap_or_default()
            .into_iter()
            .map(|e| (e.id, e.title))
            .collect();
        Ok(proposed
            .into_iter()
            .filter_map(|p| {
                let skill = skills.remove(&SkillById(p.skill))?;
                let reasons = p
                    .reasons
                    .into_iter()
                    .map(|r| SkillSuggestionReason {
                        source: r.source.into(),
                        occupation: r
                            .occupation
                            .and_then(|o| occupations.get(&OccupationById(o)).cloned())
                            .map(OccupationNode),
                        relation: r.relation.map(Into::into),
                        experience_title: r
                            .experience
                            .and_then(|e| titles.get(&e).cloned().flatten()),
                        matched_label: r.matched_label,
                    })
                    .collect();
                Some(ProfileSkillSuggestion {
                    skill: SkillNode(skill),
                    reasons,
                })
            })
            .collect())
    }
}

/// One skill to add.
#[derive(InputObject)]
pub struct ProfileSkillInput {
    /// The ESCO skill URI.
    pub skill_uri: String,
    pub proficiency: Proficiency,
    /// INFERRED_FROM_EXPERIENCE only for skills `suggestProfileSkills` proposes from the
    /// person's experience.
    #[graphql(default_with = "Evidence::SelfDeclared")]
    pub evidence: Evidence,
}

#[derive(InputObject)]
pub struct AddProfileSkillsInput {
    /// A client's profile, for a caseworker acting for `organisationId` (with the
    /// person's delegation); leave both out for your own profile.
    pub profile_id: Option<ID>,
    pub organisation_id: Option<ID>,
    /// 1 to 100 skills, each once.
    pub skills: Vec<ProfileSkillInput>,
}

#[derive(Default)]
pub struct PrefillMutation;

#[Object]
impl PrefillMutation {
    /// Adds several ESCO skills to a profile at once (or changes their proficiency and
    /// evidence), in one transaction: when any is refused (`skills.N.skillUri`,
    /// `skills.N.evidence`), none is added.
    async fn add_profile_skills(
        &self,
        ctx: &Context<'_>,
        input: AddProfileSkillsInput,
    ) -> Result<ProfilePayload> {
        let (user, profile) = target_profile(
            ctx,
            input.profile_id.as_ref(),
            input.organisation_id.as_ref(),
            DelegationScope::EditProfile,
        )
        .await?;
        if input.skills.is_empty() || input.skills.len() > MAX_SKILLS_AT_ONCE {
            return Ok(problems(vec![FieldProblem::new(
                "skills",
                ProblemCode::OutOfRange,
                "give from 1 to 100 skills",
            )]));
        }
        let asked: Vec<SkillToAdd> = input
            .skills
            .into_iter()
            .map(|s| SkillToAdd {
                uri: s.skill_uri,
                proficiency: s.proficiency.into(),
                evidence: s.evidence.into(),
            })
            .collect();
        Ok(payload(
            app(ctx)
                .add_profile_skills(user.role, profile, &asked, |r| {
                    format!("skills.{}.{}", r.index, r.field)
                })
                .await,
        )?)
    }
}
