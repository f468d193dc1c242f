//! Profile pre-fill: the skills a person probably has, read from what the profile already
//! says (work experience coded with an ESCO occupation, experience told in the person's own
//! words, desired occupations), each with why, for the person or their caseworker to
//! confirm. Nothing is added here; [`may_claim_inferred`] is the rule for adding a skill
//! as inferred from experience.

use std::collections::{HashMap, HashSet};

use crate::career::WorkExperience;
use crate::codes::coded;
use crate::taxonomy::{ConceptKind, Skill, SkillRelation};
use crate::{OccupationId, SkillId};

coded!(
    /// Where a proposed skill comes from: the ESCO skills of an occupation the person
    /// worked in, the words they described an experience with, or the ESCO skills of an
    /// occupation they want.
    SkillSource {
        Experience => "EXPERIENCE",
        ExperienceText => "EXPERIENCE_TEXT",
        DesiredOccupation => "DESIRED_OCCUPATION",
    }
);

/// One reason to propose a skill.
#[derive(Clone, Debug, PartialEq)]
pub struct SkillReason {
    pub source: SkillSource,
    /// The occupation that needs the skill (experience or desired occupation).
    pub occupation: Option<OccupationId>,
    /// How the occupation needs it.
    pub relation: Option<SkillRelation>,
    /// The experience it comes from.
    pub experience: Option<uuid::Uuid>,
    /// The label found in the experience's words.
    pub matched_label: Option<String>,
}

/// A skill proposed for a profile, with every reason.
#[derive(Clone, Debug, PartialEq)]
pub struct ProposedSkill {
    pub skill: SkillId,
    pub reasons: Vec<SkillReason>,
}

/// What the proposals are made from.
pub struct PrefillFacts<'a> {
    pub experiences: &'a [WorkExperience],
    pub desired: &'a [OccupationId],
    /// The ESCO skills of the occupations above, with how each needs them.
    pub occupation_skills: &'a [(OccupationId, SkillRelation, Skill)],
    /// Skills found in the words of experiences: (experience, skill, label found).
    pub mentioned: &'a [(uuid::Uuid, SkillId, String)],
    /// Skills the profile has already (never proposed).
    pub held: &'a HashSet<SkillId>,
}

/// How much a reason counts: skills the person used (essential to an occupation they
/// worked in, or named by them) first, then optional ones, then those of occupations they
/// want.
fn weight(reason: &SkillReason) -> f32 {
    match (reason.source, reason.relation) {
        (SkillSource::ExperienceText, _) => 3.0,
        (SkillSource::Experience, Some(SkillRelation::Essential)) => 3.0,
        (SkillSource::Experience, _) => 2.0,
        (SkillSource::DesiredOccupation, Some(SkillRelation::Essential)) => 1.0,
        (SkillSource::DesiredOccupation, _) => 0.5,
    }
}

/// The skills to propose, most supported first (the sum of their reasons' weights, then
/// the number of reasons); skills already held and skill groups are left out.
pub fn propose(facts: &PrefillFacts<'_>) -> Vec<ProposedSkill> {
    let mut reasons: HashMap<SkillId, Vec<SkillReason>> = HashMap::new();
    let mut order: Vec<SkillId> = Vec::new();
    let mut add = |skill: SkillId, reason: SkillReason| {
        if facts.held.contains(&skill) {
            return;
        }
        let list = reasons.entry(skill).or_insert_with(|| {
            order.push(skill);
            Vec::new()
        });
        if !list.contains(&reason) {
            list.push(reason);
        }
    };
    let skills_of = |occupation: OccupationId| {
        facts
            .occupation_skills
            .iter()
            .filter(move |(o, _, s)| *o == occupation && s.kind == ConceptKind::Skill)
    };
    for experience in facts.experiences {
        if let Some(occupation) = experience.occupation_id {
            for (_, relation, skill) in skills_of(occupation) {
                add(
                    skill.id,
                    SkillReason {
                        source: SkillSource::Experience,
                        occupation: Some(occupation),
                        relation: Some(*relation),
                        experience: Some(experience.id),
                        matched_label: None,
                    },
                );
            }
        }
    }
    for (experience, skill, label) in facts.mentioned {
        add(
            *skill,
            SkillReason {
                source: SkillSource::ExperienceText,
                occupation: None,
                relation: None,
                experience: Some(*experience),
                matched_label: Some(label.clone()),
            },
        );
    }
    for occupation in facts.desired {
        for (_, relation, skill) in skills_of(*occupation) {
            add(
                skill.id,
                SkillReason {
                    source: SkillSource::DesiredOccupation,
                    occupation: Some(*occupation),
                    relation: Some(*relation),
                    experience: None,
                    matched_label: None,
                },
            );
        }
    }
    let mut proposed: Vec<(f32, usize, ProposedSkill)> = order
        .into_iter()
        .enumerate()
        .map(|(first_seen, skill)| {
            let reasons = reasons.remove(&skill).unwrap_or_default();
            let support: f32 = reasons.iter().map(weight).sum();
            (support, first_seen, ProposedSkill { skill, reasons })
        })
        .collect();
    proposed.sort_by(|a, b| {
        b.0.total_cmp(&a.0)
            .then(b.2.reasons.len().cmp(&a.2.reasons.len()))
            .then(a.1.cmp(&b.1))
    });
    proposed.into_iter().map(|(_, _, p)| p).collect()
}

/// A skill may be added as inferred from experience only when it was proposed from the
/// person's experience (not merely from an occupation they want): the claim rests on what
/// they did.
pub fn may_claim_inferred(proposed: &[ProposedSkill], skill: SkillId) -> bool {
    proposed.iter().any(|p| {
        p.skill == skill
            && p.reasons
                .iter()
                .any(|r| r.source != SkillSource::DesiredOccupation)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::career::ExperienceKind;

    fn skill(kind: ConceptKind) -> Skill {
        Skill {
            id: SkillId::new(),
            uri: format!("http://data.europa.eu/esco/skill/{}", uuid::Uuid::now_v7()),
            kind,
            skill_type: None,
            reuse_level: None,
        }
    }

    #[test]
    fn experience_first_then_desired_never_what_is_held() {
        let cook = OccupationId::new();
        let chef = OccupationId::new();
        let (prepare, hygiene, menus, held, group) = (
            skill(ConceptKind::Skill),
            skill(ConceptKind::Skill),
            skill(ConceptKind::Skill),
            skill(ConceptKind::Skill),
            skill(ConceptKind::SkillGroup),
        );
        let experience = WorkExperience {
            id: uuid::Uuid::now_v7(),
            occupation_id: Some(cook),
            title: Some("Cook in a hotel kitchen".into()),
            kind: ExperienceKind::Waged,
            years: 3.0,
            country_code: None,
        };
        let relations = vec![
            (cook, SkillRelation::Essential, prepare.clone()),
            (cook, SkillRelation::Optional, hygiene.clone()),
            (cook, SkillRelation::Essential, held.clone()),
            (cook, SkillRelation::Essential, group.clone()),
            (chef, SkillRelation::Essential, menus.clone()),
            (chef, SkillRelation::Essential, prepare.clone()),
        ];
        let mentioned = vec![(experience.id, hygiene.id, "food safety".to_owned())];
        let held_ids: HashSet<SkillId> = [held.id].into_iter().collect();
        let proposed = propose(&PrefillFacts {
            experiences: std::slice::from_ref(&experience),
            desired: &[chef],
            occupation_skills: &relations,
            mentioned: &mentioned,
            held: &held_ids,
        });
        let order: Vec<SkillId> = proposed.iter().map(|p| p.skill).collect();
        assert_eq!(order, vec![hygiene.id, prepare.id, menus.id]);
        assert_eq!(
            proposed[1].reasons.len(),
            2,
            "its occupation and the desired one"
        );
        assert!(may_claim_inferred(&proposed, prepare.id));
        assert!(may_claim_inferred(&proposed, hygiene.id));
        assert!(
            !may_claim_inferred(&proposed, menus.id),
            "wanting an occupation is no experience of its skills"
        );
        assert!(!may_claim_inferred(&proposed, held.id));
    }
}
