//! Profile pre-fill: the skills to propose for a profile from what it says now (the ESCO
//! skills of its occupations, the skills its experience titles name, the skills of its
//! desired occupations), and adding skills to a profile, several at once, under one check.
//! The rule of what may be added as inferred from experience is the domain's
//! ([`prefill::may_claim_inferred`]).

use std::collections::HashSet;

use skillbridge_domain::mentions::MentionRequest;
use skillbridge_domain::prefill::{self, PrefillFacts, ProposedSkill};
use skillbridge_domain::profile::{Evidence, NewProfileSkill, Proficiency, Profile};
use skillbridge_domain::search::{DocumentKind, Filter};
use skillbridge_domain::{
    FieldProblem, OccupationId, ProblemCode, ProfileId, Role, SkillId, StoreResult, policy,
};

use crate::{App, ServiceError, ServiceResult};

/// How many skills an experience title may name.
const MENTIONS_PER_EXPERIENCE: usize = 10;

/// A skill to add to a profile, as asked for.
#[derive(Clone, Debug)]
pub struct SkillToAdd {
    pub uri: String,
    pub proficiency: Proficiency,
    pub evidence: Evidence,
}

/// Why a skill asked for is refused: its place in the list, the input field and a code.
#[derive(Clone, Debug)]
pub struct Refusal {
    pub index: usize,
    pub field: &'static str,
    pub code: ProblemCode,
    pub message: &'static str,
}

impl App {
    /// The skills to propose for `profile`, from what it says now, most supported first.
    pub async fn proposals(&self, profile: &Profile) -> StoreResult<Vec<ProposedSkill>> {
        let store = &self.store;
        let experiences = store.experiences(profile.id).await?;
        let desired = store.desired_occupations(profile.id).await?;
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
            store.occupation_skills(&occupations).await?
        };
        let held = self.held_skills(profile.id).await?;
        // The skills each experience's title names, when search can tell.
        let mut mentioned = Vec::new();
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
            match self.index.mentions(&request).await {
                Ok(found) => mentioned.extend(
                    found
                        .into_iter()
                        .map(|m| (experience.id, SkillId::from_uuid(m.id), m.label.text)),
                ),
                // Without search, the occupations' skills are still proposed.
                Err(err) => tracing::warn!(error = %err, "experience titles not read"),
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

    /// The skills a profile holds.
    pub async fn held_skills(&self, profile: ProfileId) -> StoreResult<HashSet<SkillId>> {
        Ok(self
            .store
            .profile_skills(profile)
            .await?
            .into_iter()
            .map(|s| s.skill.id)
            .collect())
    }

    /// Adds skills to `profile` (or changes their proficiency and evidence) in one
    /// transaction when [`App::check_skills`] accepts them all, a caller with `role`
    /// acting; otherwise every refusal, at the field `field_of` names.
    pub async fn add_profile_skills(
        &self,
        role: Role,
        profile: Profile,
        asked: &[SkillToAdd],
        field_of: impl Fn(&Refusal) -> String,
    ) -> ServiceResult<Profile> {
        let new = match self.check_skills(role, &profile, asked).await? {
            Ok(new) => new,
            Err(refusals) => {
                return Err(ServiceError::Invalid(
                    refusals
                        .iter()
                        .map(|r| FieldProblem::new(field_of(r), r.code, r.message))
                        .collect(),
                ));
            }
        };
        self.store.set_profile_skills(profile.id, &new).await?;
        self.profile_changed(profile.id).await;
        Ok(profile)
    }

    /// The one check of skills to add to a profile: each an ESCO skill, named once, with
    /// evidence the caller may record, and inferred from experience only when the profile's
    /// experience suggests it. Every refusal, or the skills to write.
    async fn check_skills(
        &self,
        role: Role,
        profile: &Profile,
        asked: &[SkillToAdd],
    ) -> StoreResult<Result<Vec<NewProfileSkill>, Vec<Refusal>>> {
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
            let Some(skill_id) = self.skill_id_by_uri(&skill.uri).await? else {
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
            if skill.evidence == Evidence::InferredFromExperience {
                if proposed.is_none() {
                    proposed = Some(self.proposals(profile).await?);
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
}
