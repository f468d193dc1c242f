//! The open vacancies as matching needs them, in memory, with an inverted index from each
//! required skill to the vacancies that require it. Ranking a person scores only the
//! vacancies that ask for a skill they hold or one related to it (a vacancy asking for
//! nothing the person can do is not a match), so its cost grows with the person's
//! neighbourhood in the data, not with the number of vacancies. Pure: the server is to keep
//! one up to date from the store and live events.

use std::collections::{HashMap, HashSet};

use crate::matching::{Fit, MatchWeights, Opening, Seeker, SkillTree, fit};
use crate::{SkillId, VacancyId};

#[derive(Clone, Debug, Default)]
pub struct MatchIndex {
    openings: HashMap<VacancyId, Opening>,
    by_skill: HashMap<SkillId, HashSet<VacancyId>>,
}

/// Where a page of ranked matches starts: after this score and vacancy.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RankCursor {
    pub score: f64,
    pub vacancy: VacancyId,
}

/// One page of ranked matches, best first, and how many vacancies match in all.
#[derive(Clone, Debug, PartialEq)]
pub struct Ranked {
    pub matches: Vec<(VacancyId, Fit)>,
    pub total: usize,
    pub has_next_page: bool,
}

impl MatchIndex {
    pub fn len(&self) -> usize {
        self.openings.len()
    }

    pub fn is_empty(&self) -> bool {
        self.openings.is_empty()
    }

    /// Adds an open vacancy, or replaces it.
    pub fn upsert(&mut self, id: VacancyId, opening: Opening) {
        self.remove(id);
        for need in &opening.skills {
            self.by_skill.entry(need.skill).or_default().insert(id);
        }
        self.openings.insert(id, opening);
    }

    /// Drops a vacancy that is no longer open.
    pub fn remove(&mut self, id: VacancyId) {
        if let Some(old) = self.openings.remove(&id) {
            for need in &old.skills {
                if let Some(set) = self.by_skill.get_mut(&need.skill) {
                    set.remove(&id);
                    if set.is_empty() {
                        self.by_skill.remove(&need.skill);
                    }
                }
            }
        }
    }

    /// The vacancies worth scoring for `seeker`: those requiring a skill they hold or one
    /// in its neighbourhood in the hierarchy.
    fn candidates(&self, seeker: &Seeker, tree: &SkillTree) -> HashSet<VacancyId> {
        let mut found = HashSet::new();
        let mut seen = HashSet::new();
        for held in &seeker.skills {
            for skill in tree.neighbourhood(held.skill) {
                if seen.insert(skill)
                    && let Some(vacancies) = self.by_skill.get(&skill)
                {
                    found.extend(vacancies.iter().copied());
                }
            }
        }
        found
    }

    /// The vacancies that match `seeker`, best first (ties by vacancy id, so the order is
    /// stable), `first` of them after `after`.
    pub fn rank(
        &self,
        seeker: &Seeker,
        tree: &SkillTree,
        weights: &MatchWeights,
        first: usize,
        after: Option<RankCursor>,
    ) -> Ranked {
        let mut scored: Vec<(VacancyId, Fit)> = self
            .candidates(seeker, tree)
            .into_iter()
            .filter_map(|id| {
                let opening = self.openings.get(&id)?;
                fit(seeker, opening, tree, weights).ok().map(|f| (id, f))
            })
            .collect();
        let total = scored.len();
        let order = |a: &(VacancyId, Fit), b: &(VacancyId, Fit)| {
            b.1.score.total_cmp(&a.1.score).then(a.0.cmp(&b.0))
        };
        if let Some(cursor) = after {
            scored.retain(|(id, f)| {
                f.score < cursor.score || (f.score == cursor.score && *id > cursor.vacancy)
            });
        }
        // Only the page needs sorting in full.
        let has_next_page = scored.len() > first;
        if has_next_page {
            scored.select_nth_unstable_by(first, order);
            scored.truncate(first);
        }
        scored.sort_by(order);
        Ranked {
            matches: scored,
            total,
            has_next_page,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matching::{GeoPoint, HeldSkill, SkillNeed};
    use crate::profile::{Evidence, Proficiency, RightToWork};
    use crate::vacancy::{ContractType, Requirement};

    const HERE: GeoPoint = GeoPoint {
        latitude: 52.52,
        longitude: 13.405,
    };

    fn opening(skills: &[SkillId]) -> Opening {
        Opening {
            skills: skills
                .iter()
                .map(|s| SkillNeed {
                    skill: *s,
                    requirement: Requirement::Essential,
                    min_proficiency: None,
                })
                .collect(),
            languages: vec![],
            location: Some(HERE),
            remote: false,
            visa_sponsorship: false,
            shortage: false,
            contract_type: ContractType::Permanent,
            inclusion_support: vec![],
            tracks: vec![],
        }
    }

    fn seeker(skills: &[SkillId]) -> Seeker {
        Seeker {
            skills: skills
                .iter()
                .map(|s| HeldSkill {
                    skill: *s,
                    proficiency: Proficiency::Advanced,
                    evidence: Evidence::SelfDeclared,
                })
                .collect(),
            languages: vec![],
            location: Some(HERE),
            mobility_radius_km: Some(30),
            willing_to_relocate: false,
            right_to_work: RightToWork::Yes,
            tracks: vec![],
        }
    }

    #[test]
    fn ranks_candidates_by_score_and_pages_stably() {
        let s: Vec<SkillId> = (0..5).map(|_| SkillId::new()).collect();
        let mut index = MatchIndex::default();
        let all_three = VacancyId::new();
        let two_of_three = VacancyId::new();
        let unrelated = VacancyId::new();
        index.upsert(all_three, opening(&[s[0], s[1]]));
        index.upsert(two_of_three, opening(&[s[0], s[1], s[2]]));
        index.upsert(unrelated, opening(&[s[4]]));
        let person = seeker(&[s[0], s[1]]);
        let tree = SkillTree::default();
        let weights = MatchWeights::default();

        let ranked = index.rank(&person, &tree, &weights, 10, None);
        let ids: Vec<_> = ranked.matches.iter().map(|(id, _)| *id).collect();
        assert_eq!(
            ids,
            vec![all_three, two_of_three],
            "the unrelated one is not a candidate"
        );
        assert_eq!(ranked.total, 2);

        let first = index.rank(&person, &tree, &weights, 1, None);
        assert!(first.has_next_page);
        let (id, fit) = &first.matches[0];
        let cursor = RankCursor {
            score: fit.score,
            vacancy: *id,
        };
        let second = index.rank(&person, &tree, &weights, 1, Some(cursor));
        assert_eq!(second.matches[0].0, two_of_three);
        assert!(!second.has_next_page);
    }

    #[test]
    fn related_skills_make_candidates_and_removal_forgets() {
        let (parent, child, sibling) = (SkillId::new(), SkillId::new(), SkillId::new());
        let tree = SkillTree::new([(child, parent), (sibling, parent)]);
        let mut index = MatchIndex::default();
        let wants_sibling = VacancyId::new();
        index.upsert(wants_sibling, opening(&[sibling]));
        let person = seeker(&[child]);
        let weights = MatchWeights::default();
        assert_eq!(index.rank(&person, &tree, &weights, 10, None).total, 1);
        index.remove(wants_sibling);
        assert_eq!(index.rank(&person, &tree, &weights, 10, None).total, 0);
        assert!(index.is_empty());
    }

    #[test]
    fn equal_scores_are_ordered_by_vacancy_id() {
        let skill = SkillId::new();
        let mut index = MatchIndex::default();
        let mut ids: Vec<VacancyId> = (0..20).map(|_| VacancyId::new()).collect();
        for id in &ids {
            index.upsert(*id, opening(&[skill]));
        }
        ids.sort();
        let ranked = index.rank(
            &seeker(&[skill]),
            &SkillTree::default(),
            &MatchWeights::default(),
            20,
            None,
        );
        let got: Vec<_> = ranked.matches.iter().map(|(id, _)| *id).collect();
        assert_eq!(got, ids);
    }
}
