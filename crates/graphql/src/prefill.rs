//! Profile pre-fill: skills proposed from what a profile already says (the ESCO skills of
//! the occupations in its work experience, the skills its experience titles name, the
//! skills of its desired occupations), each with why, and `addProfileSkills` to confirm
//! several at once. The rule of what may be added as inferred from experience is the
//! domain's ([`prefill::may_claim_inferred`]).

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use async_graphql::{Context, Enum, ID, InputObject, Object, Result, SimpleObject};
use skillbridge_domain::ProblemCode;
use skillbridge_domain::mentions::MentionRequest;
use skillbridge_domain::prefill::{self, PrefillFacts, ProposedSkill};
use skillbridge_domain::profile::FieldProblem;
use skillbridge_domain::profile::{NewProfileSkill, Profile};
use skillbridge_domain::search::{DocumentKind, Filter, SearchIndex};
use skillbridge_domain::{OccupationId, SkillId, policy};

use crate::GqlError;
use crate::accounts::UserError;
use crate::context::store;
use crate::profiles::{
    Evidence, Proficiency, ProfilePayload, changed, own_profile, problems, target_profile,
};
use crate::taxonomy::{OccupationNode, SkillNode, SkillRelation};

/// The most skills one `addProfileSkills` adds.
const MAX_SKILLS_AT_ONCE: usize = 100;
/// How many skills an experience title may name.
const MENTIONS_PER_EXPERIENCE: usize = 10;

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

/// The skills to propose for a profile, from what it says now.
async fn proposals(ctx: &Context<'_>, profile: &Profile) -> Result<Vec<ProposedSkill>> {
    let store = store(ctx);
    let experiences = store
        .experiences(profile.id)
        .await
        .map_err(GqlError::from)?;
    let desired = store
        .desired_occupations(profile.id)
        .await
        .map_err(GqlError::from)?;
    let mut occupations: Vec<OccupationId> = experiences
        .iter()
        .filter_map(|e| e.occupation_id)
        .chain(desired.iter().copied())
        .collect();
    occupations.sort_by_key(|o| *o.as_uuid());
    occupations.dedup();
    let occupation_skills = if occupations.is_empty() {
        Vec::new()
    } else {
        store
            .occupation_skills(&occupations)
            .await
            .map_err(GqlError::from)?
    };
    let held = held_skills(ctx, profile.id).await?;
    // The skills each experience's title names, when search can tell.
    let mut mentioned = Vec::new();
    if let Ok(search) = ctx.data::<Arc<dyn SearchIndex>>() {
        for experience in &experiences {
            let Some(title) = experience.title.as_deref().filter(|t| !t.trim().is_empty()) else {
                continue;
            };
            let request = MentionRequest {
                kind: DocumentKind::Skill,
                text: title.to_owned(),
                lang: None,
                filters: vec![Filter::AnyOf("conceptKind".into(), vec!["SKILL".into()])],
                limit: MENTIONS_PER_EXPERIENCE,
            };
            match search.mentions(&request).await {
                Ok(found) => mentioned.extend(
                    found
                        .into_iter()
                        .map(|m| (experience.id, SkillId::from_uuid(m.id), m.label.text)),
                ),
                // Without search, the occupations' skills are still proposed.
                Err(err) => tracing::warn!(error = %err, "experience titles not read"),
            }
        }
    }
    Ok(prefill::propose(&PrefillFacts {
        experiences: &experiences,
        desired: &desired,
        occupation_skills: &occupation_skills,
        mentioned: &mentioned,
        held: &held,
    }))
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
        let profile = match (&profile_id, &organisation_id) {
            (None, None) => match own_profile(ctx).await? {
                Some(profile) => profile,
                None => return Ok(Vec::new()),
            },
            _ => {
                target_profile(ctx, profile_id.as_ref(), organisation_id.as_ref())
                    .await?
                    .1
            }
        };
        let mut proposed = proposals(ctx, &profile).await?;
        proposed.truncate(first as usize);
        let store = store(ctx);
        let skill_ids: Vec<SkillId> = proposed.iter().map(|p| p.skill).collect();
        let mut skills: HashMap<SkillId, _> = store
            .skills_by_ids(&skill_ids)
            .await
            .map_err(GqlError::from)?
            .into_iter()
            .map(|s| (s.id, s))
            .collect();
        let mut occupation_ids: Vec<OccupationId> = proposed
            .iter()
            .flat_map(|p| p.reasons.iter().filter_map(|r| r.occupation))
            .collect();
        occupation_ids.sort_by_key(|o| *o.as_uuid());
        occupation_ids.dedup();
        let occupations: HashMap<OccupationId, _> = store
            .occupations_by_ids(&occupation_ids)
            .await
            .map_err(GqlError::from)?
            .into_iter()
            .map(|o| (o.id, o))
            .collect();
        let titles: HashMap<uuid::Uuid, Option<String>> = store
            .experiences(profile.id)
            .await
            .map_err(GqlError::from)?
            .into_iter()
            .map(|e| (e.id, e.title))
            .collect();
        Ok(proposed
            .into_iter()
            .filter_map(|p| {
                let skill = skills.remove(&p.skill)?;
                let reasons = p
                    .reasons
                    .into_iter()
                    .map(|r| SkillSuggestionReason {
                        source: r.source.into(),
                        occupation: r
                            .occupation
                            .and_then(|o| occupations.get(&o).cloned())
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
        )
        .await?;
        if input.skills.is_empty() || input.skills.len() > MAX_SKILLS_AT_ONCE {
            return Ok(problems(vec![FieldProblem::new(
                "skills",
                ProblemCode::OutOfRange,
                "give from 1 to 100 skills",
            )]));
        }
        let asked: Vec<SkillToAdd<'_>> = input
            .skills
            .iter()
            .map(|s| SkillToAdd {
                uri: &s.skill_uri,
                proficiency: s.proficiency.into(),
                evidence: s.evidence.into(),
            })
            .collect();
        add_skills(ctx, user.role, profile, &asked, |r| {
            format!("skills.{}.{}", r.index, r.field)
        })
        .await
    }
}

/// Adds skills to a profile when [`check_skills`] accepts them all, in one transaction,
/// and answers with the profile, or with every refusal at the field `field_of` names.
pub(crate) async fn add_skills(
    ctx: &Context<'_>,
    role: skillbridge_domain::Role,
    profile: Profile,
    asked: &[SkillToAdd<'_>],
    field_of: impl Fn(&Refusal) -> String,
) -> Result<ProfilePayload> {
    let new = match check_skills(ctx, role, &profile, asked).await? {
        Ok(new) => new,
        Err(refusals) => {
            return Ok(ProfilePayload {
                profile: None,
                user_errors: refusals
                    .iter()
                    .map(|r| UserError(FieldProblem::new(field_of(r), r.code, r.message)))
                    .collect(),
            });
        }
    };
    store(ctx)
        .set_profile_skills(profile.id, &new)
        .await
        .map_err(GqlError::from)?;
    Ok(changed(ctx, profile).await)
}

/// The skills a profile holds.
pub(crate) async fn held_skills(
    ctx: &Context<'_>,
    profile: skillbridge_domain::ProfileId,
) -> Result<HashSet<SkillId>> {
    Ok(store(ctx)
        .profile_skills(profile)
        .await
        .map_err(GqlError::from)?
        .into_iter()
        .map(|s| s.skill.id)
        .collect())
}

/// A skill a mutation asks to add.
pub(crate) struct SkillToAdd<'a> {
    pub uri: &'a str,
    pub proficiency: skillbridge_domain::profile::Proficiency,
    pub evidence: skillbridge_domain::profile::Evidence,
}

/// Why a skill asked for is refused: its place in the list, the input field and a code.
pub(crate) struct Refusal {
    pub index: usize,
    pub field: &'static str,
    pub code: ProblemCode,
    pub message: &'static str,
}

/// The one check of skills to add to a profile (`addProfileSkill`, `addProfileSkills`):
/// each an ESCO skill, named once, with evidence the caller may record, and inferred from
/// experience only when the profile's experience suggests it. Every refusal, or the
/// skills to write.
pub(crate) async fn check_skills(
    ctx: &Context<'_>,
    role: skillbridge_domain::Role,
    profile: &Profile,
    asked: &[SkillToAdd<'_>],
) -> Result<std::result::Result<Vec<NewProfileSkill>, Vec<Refusal>>> {
    let mut refusals = Vec::new();
    let mut new = Vec::new();
    let mut seen = HashSet::new();
    let mut proposed: Option<Vec<ProposedSkill>> = None;
    for (index, skill) in asked.iter().enumerate() {
        let refuse = |field, code, message| Refusal {
            index,
            field,
            code,
            message,
        };
        let Some(skill_id) = crate::taxonomy::skill_id_by_uri(ctx, skill.uri).await? else {
            refusals.push(refuse(
                "skillUri",
                ProblemCode::UnknownSkill,
                "no ESCO skill has this URI",
            ));
            continue;
        };
        if !seen.insert(skill_id) {
            refusals.push(refuse(
                "skillUri",
                ProblemCode::Duplicate,
                "this skill is in the list already",
            ));
            continue;
        }
        if !policy::may_record_evidence(role, skill.evidence) {
            refusals.push(refuse(
                "evidence",
                ProblemCode::EvidenceNotAllowed,
                "you can declare skills yourself; assessments and certificates come from caseworkers and courses",
            ));
            continue;
        }
        if skill.evidence == skillbridge_domain::profile::Evidence::InferredFromExperience {
            if proposed.is_none() {
                proposed = Some(proposals(ctx, profile).await?);
            }
            if !prefill::may_claim_inferred(proposed.as_deref().unwrap_or_default(), skill_id) {
                refusals.push(refuse(
                    "evidence",
                    ProblemCode::NotSuggested,
                    "only skills suggested from the person's experience can be added as inferred from it",
                ));
                continue;
            }
        }
        new.push(NewProfileSkill {
            skill_id,
            proficiency: skill.proficiency,
            evidence: skill.evidence,
        });
    }
    Ok(if refusals.is_empty() {
        Ok(new)
    } else {
        Err(refusals)
    })
}
