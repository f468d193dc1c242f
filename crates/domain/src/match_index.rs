//! Matching's in-memory indexes, one for each direction: the open vacancies (to rank them
//! for a person) and the findable candidates (to rank them for a vacancy), each with an
//! inverted index from skill to entries. Ranking scores only the entries that share a
//! skill, or a skill related through the hierarchy, with the other side (someone who can do
//! nothing a vacancy asks for is not a match), so its cost grows with that neighbourhood in
//! the data, not with the number of entries. Both directions score with the one rule,
//! [`fit`]. Pure: the server keeps them up to date from the store and live events.

use std::collections::{HashMap, HashSet};
use std::hash::Hash;

use chrono::NaiveDate;

use crate::matching::{
    Fit, MatchWeights, Opening, PreparedOpening, PreparedSeeker, Seeker, SkillTree, fit,
};
use crate::profile::Track;
use crate::track::favours_vacancy;
use crate::vacancy::{ContractType, InclusionSupport};
use crate::{ProfileId, SkillId, VacancyId};

/// What an index entry requires or offers, by skill.
pub trait Skilled {
    fn skill_ids(&self) -> impl Iterator<Item = SkillId> + '_;
}

impl Skilled for Opening {
    fn skill_ids(&self) -> impl Iterator<Item = SkillId> + '_ {
        self.skills.iter().map(|n| n.skill)
    }
}

impl Skilled for Seeker {
    fn skill_ids(&self) -> impl Iterator<Item = SkillId> + '_ {
        self.skills.iter().map(|h| h.skill)
    }
}

/// Entries of one side by id, with the inverted skill index. Entries live in slots
/// numbered densely, so that the postings are small integers and a query marks what it has
/// seen in a bitset rather than hashing ids.
#[derive(Clone, Debug)]
pub struct MatchIndex<K, T> {
    slot_of: HashMap<K, u32>,
    /// Each slot's id and entry; `None` for a free slot.
    slots: Vec<Option<(K, T)>>,
    free: Vec<u32>,
    by_skill: HashMap<SkillId, Vec<u32>>,
}

impl<K, T> Default for MatchIndex<K, T> {
    fn default() -> Self {
        Self {
            slot_of: HashMap::new(),
            slots: Vec::new(),
            free: Vec::new(),
            by_skill: HashMap::new(),
        }
    }
}

/// The open vacancies, to rank for a person.
pub type VacancyIndex = MatchIndex<VacancyId, Opening>;
/// The people employers may find, to rank for a vacancy.
pub type CandidateIndex = MatchIndex<ProfileId, Seeker>;

/// Where a page of ranked matches starts: after this score and id.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RankCursor<K> {
    pub score: f64,
    pub id: K,
}

/// One page of ranked matches, best first, and how many match in all.
#[derive(Clone, Debug, PartialEq)]
pub struct Ranked<K> {
    pub matches: Vec<(K, Fit)>,
    pub total: usize,
    pub has_next_page: bool,
}

impl<K: Copy + Eq + Hash + Ord, T: Skilled> MatchIndex<K, T> {
    pub fn len(&self) -> usize {
        self.slot_of.len()
    }

    pub fn is_empty(&self) -> bool {
        self.slot_of.is_empty()
    }

    pub fn get(&self, id: &K) -> Option<&T> {
        let slot = *self.slot_of.get(id)?;
        self.slots[slot as usize].as_ref().map(|(_, entry)| entry)
    }

    /// Adds an entry, or replaces it.
    pub fn upsert(&mut self, id: K, entry: T) {
        self.remove(id);
        let slot = match self.free.pop() {
            Some(slot) => slot,
            None => {
                self.slots.push(None);
                u32::try_from(self.slots.len() - 1).expect("fewer than 4 billion entries")
            }
        };
        let mut skills: Vec<SkillId> = entry.skill_ids().collect();
        skills.sort_unstable();
        skills.dedup();
        for skill in skills {
            self.by_skill.entry(skill).or_default().push(slot);
        }
        self.slots[slot as usize] = Some((id, entry));
        self.slot_of.insert(id, slot);
    }

    /// Drops an entry (a vacancy no longer open, a person no longer findable).
    pub fn remove(&mut self, id: K) {
        let Some(slot) = self.slot_of.remove(&id) else {
            return;
        };
        if let Some((_, old)) = self.slots[slot as usize].take() {
            for skill in old.skill_ids() {
                if let Some(postings) = self.by_skill.get_mut(&skill) {
                    postings.retain(|s| *s != slot);
                    if postings.is_empty() {
                        self.by_skill.remove(&skill);
                    }
                }
            }
        }
        self.free.push(slot);
    }

    /// The slots of entries sharing a skill with `skills` or holding one in its
    /// neighbourhood in the hierarchy (the relation is symmetric: broader, narrower,
    /// sibling).
    fn near(&self, skills: impl Iterator<Item = SkillId>, tree: &SkillTree) -> Vec<u32> {
        let mut marked = vec![0_u64; self.slots.len().div_ceil(64)];
        let mut found = Vec::new();
        let mut seen = HashSet::new();
        for own in skills {
            for skill in tree.neighbourhood(own) {
                if seen.insert(skill)
                    && let Some(slots) = self.by_skill.get(&skill)
                {
                    for slot in slots {
                        let (word, bit) = (*slot as usize / 64, 1_u64 << (slot % 64));
                        if marked[word] & bit == 0 {
                            marked[word] |= bit;
                            found.push(*slot);
                        }
                    }
                }
            }
        }
        found
    }

    /// The entries near `skills` that `score` admits, best first (ties by id, so the order
    /// is stable), `first` of them after `after`. Every candidate gets the fast `score`;
    /// only the page is explained with `explain`, which gives the same score.
    fn rank_near(
        &self,
        skills: impl Iterator<Item = SkillId>,
        tree: &SkillTree,
        score: impl Fn(&T) -> Option<f64>,
        explain: impl Fn(&T) -> Option<Fit>,
        first: usize,
        after: Option<RankCursor<K>>,
    ) -> Ranked<K> {
        let mut scored: Vec<(f64, K, u32)> = self
            .near(skills, tree)
            .into_iter()
            .filter_map(|slot| {
                let (id, entry) = self.slots[slot as usize].as_ref()?;
                score(entry).map(|s| (s, *id, slot))
            })
            .collect();
        let total = scored.len();
        let order = |a: &(f64, K, u32), b: &(f64, K, u32)| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1));
        if let Some(cursor) = after {
            scored
                .retain(|(s, id, _)| *s < cursor.score || (*s == cursor.score && *id > cursor.id));
        }
        // Only the page needs sorting in full.
        let has_next_page = scored.len() > first;
        if has_next_page {
            scored.select_nth_unstable_by(first, order);
            scored.truncate(first);
        }
        scored.sort_by(order);
        let matches = scored
            .into_iter()
            .filter_map(|(_, id, slot)| {
                let (_, entry) = self.slots[slot as usize].as_ref()?;
                explain(entry).map(|f| (id, f))
            })
            .collect();
        Ranked {
            matches,
            total,
            has_next_page,
        }
    }
}

/// Which open vacancies a person asks to see (filters narrow, they never change scores).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct OpeningFilter {
    /// Any of these contract types; empty: any.
    pub contract_types: Vec<ContractType>,
    pub remote_only: bool,
    pub shortage_only: bool,
    /// Offering all of this support.
    pub inclusion_support: Vec<InclusionSupport>,
    /// Only what this track puts first (see [`crate::track`]).
    pub favoured_by: Option<Track>,
}

impl OpeningFilter {
    pub fn admits(&self, opening: &Opening) -> bool {
        (self.contract_types.is_empty() || self.contract_types.contains(&opening.contract_type))
            && (!self.remote_only || opening.remote)
            && (!self.shortage_only || opening.shortage)
            && self
                .inclusion_support
                .iter()
                .all(|s| opening.inclusion_support.contains(s))
            && self.favoured_by.is_none_or(|track| {
                favours_vacancy(
                    track,
                    &opening.tracks,
                    opening.contract_type,
                    &opening.inclusion_support,
                )
            })
    }
}

impl VacancyIndex {
    /// The open vacancies that `filter` admits and that match `seeker` as of `today`,
    /// best first.
    #[allow(clippy::too_many_arguments)]
    pub fn rank(
        &self,
        seeker: &Seeker,
        tree: &SkillTree,
        weights: &MatchWeights,
        today: NaiveDate,
        filter: &OpeningFilter,
        first: usize,
        after: Option<RankCursor<VacancyId>>,
    ) -> Ranked<VacancyId> {
        let prepared = PreparedSeeker::new(seeker, tree, weights, today);
        self.rank_near(
            seeker.skill_ids(),
            tree,
            |opening| {
                if filter.admits(opening) {
                    prepared.score(opening)
                } else {
                    None
                }
            },
            |opening| fit(seeker, opening, tree, weights, today).ok(),
            first,
            after,
        )
    }
}

impl CandidateIndex {
    /// The findable people who match `opening` as of `today`, best first, scored from the employer's side
    /// (see [`MatchWeights::for_employers`]). The index holds [`Seeker`]s, which carry
    /// nothing about gender, age, origin, nationality or migration status.
    pub fn rank(
        &self,
        opening: &Opening,
        tree: &SkillTree,
        weights: &MatchWeights,
        today: NaiveDate,
        first: usize,
        after: Option<RankCursor<ProfileId>>,
    ) -> Ranked<ProfileId> {
        let weights = weights.for_employers();
        let prepared = PreparedOpening::new(opening, tree, &weights, today);
        self.rank_near(
            opening.skill_ids(),
            tree,
            |seeker| prepared.score(seeker),
            |seeker| fit(seeker, opening, tree, &weights, today).ok(),
            first,
            after,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matching::{GeoPoint, HeldSkill, SkillNeed};
    use crate::profile::{Evidence, Proficiency, RightToWork};
    use crate::vacancy::{ContractType, Requirement};

    const TODAY: NaiveDate = NaiveDate::from_ymd_opt(2027, 3, 1).unwrap();

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
            period: Default::default(),
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
            availability: vec![],
        }
    }

    #[test]
    fn ranks_candidates_by_score_and_pages_stably() {
        let s: Vec<SkillId> = (0..5).map(|_| SkillId::new()).collect();
        let mut index = VacancyIndex::default();
        let all_three = VacancyId::new();
        let two_of_three = VacancyId::new();
        let unrelated = VacancyId::new();
        index.upsert(all_three, opening(&[s[0], s[1]]));
        index.upsert(two_of_three, opening(&[s[0], s[1], s[2]]));
        index.upsert(unrelated, opening(&[s[4]]));
        let person = seeker(&[s[0], s[1]]);
        let tree = SkillTree::default();
        let weights = MatchWeights::default();

        let ranked = index.rank(
            &person,
            &tree,
            &weights,
            TODAY,
            &OpeningFilter::default(),
            10,
            None,
        );
        let ids: Vec<_> = ranked.matches.iter().map(|(id, _)| *id).collect();
        assert_eq!(
            ids,
            vec![all_three, two_of_three],
            "the unrelated one is not a candidate"
        );
        assert_eq!(ranked.total, 2);

        let first = index.rank(
            &person,
            &tree,
            &weights,
            TODAY,
            &OpeningFilter::default(),
            1,
            None,
        );
        assert!(first.has_next_page);
        let (id, fit) = &first.matches[0];
        let cursor = RankCursor {
            score: fit.score,
            id: *id,
        };
        let second = index.rank(
            &person,
            &tree,
            &weights,
            TODAY,
            &OpeningFilter::default(),
            1,
            Some(cursor),
        );
        assert_eq!(second.matches[0].0, two_of_three);
        assert!(!second.has_next_page);
    }

    #[test]
    fn related_skills_make_candidates_and_removal_forgets() {
        let (parent, child, sibling) = (SkillId::new(), SkillId::new(), SkillId::new());
        let tree = SkillTree::new([(child, parent), (sibling, parent)]);
        let mut index = VacancyIndex::default();
        let wants_sibling = VacancyId::new();
        index.upsert(wants_sibling, opening(&[sibling]));
        let person = seeker(&[child]);
        let weights = MatchWeights::default();
        assert_eq!(
            index
                .rank(
                    &person,
                    &tree,
                    &weights,
                    TODAY,
                    &OpeningFilter::default(),
                    10,
                    None
                )
                .total,
            1
        );
        index.remove(wants_sibling);
        assert_eq!(
            index
                .rank(
                    &person,
                    &tree,
                    &weights,
                    TODAY,
                    &OpeningFilter::default(),
                    10,
                    None
                )
                .total,
            0
        );
        assert!(index.is_empty());
    }

    #[test]
    fn equal_scores_are_ordered_by_vacancy_id() {
        let skill = SkillId::new();
        let mut index = VacancyIndex::default();
        let mut ids: Vec<VacancyId> = (0..20).map(|_| VacancyId::new()).collect();
        for id in &ids {
            index.upsert(*id, opening(&[skill]));
        }
        ids.sort();
        let ranked = index.rank(
            &seeker(&[skill]),
            &SkillTree::default(),
            &MatchWeights::default(),
            TODAY,
            &OpeningFilter::default(),
            20,
            None,
        );
        let got: Vec<_> = ranked.matches.iter().map(|(id, _)| *id).collect();
        assert_eq!(got, ids);
    }

    #[test]
    fn filters_narrow_without_changing_scores() {
        let skill = SkillId::new();
        let mut index = VacancyIndex::default();
        let (permanent, apprenticeship, remote) =
            (VacancyId::new(), VacancyId::new(), VacancyId::new());
        index.upsert(permanent, opening(&[skill]));
        let mut a = opening(&[skill]);
        a.contract_type = ContractType::Apprenticeship;
        index.upsert(apprenticeship, a);
        let mut r = opening(&[skill]);
        r.remote = true;
        index.upsert(remote, r);
        let person = seeker(&[skill]);
        let (tree, weights) = (SkillTree::default(), MatchWeights::default());
        let rank = |filter: OpeningFilter| {
            index
                .rank(&person, &tree, &weights, TODAY, &filter, 10, None)
                .matches
        };
        let all = rank(OpeningFilter::default());
        assert_eq!(all.len(), 3);
        let youth = rank(OpeningFilter {
            favoured_by: Some(Track::Youth),
            ..Default::default()
        });
        assert_eq!(youth.len(), 1);
        assert_eq!(youth[0].0, apprenticeship);
        let same = all.iter().find(|(id, _)| *id == apprenticeship).unwrap();
        assert_eq!(youth[0].1, same.1, "a filter does not change the score");
        let remote_only = rank(OpeningFilter {
            remote_only: true,
            ..Default::default()
        });
        assert_eq!(remote_only.len(), 1);
        assert_eq!(remote_only[0].0, remote);
        let permanent_only = rank(OpeningFilter {
            contract_types: vec![ContractType::Permanent],
            ..Default::default()
        });
        assert_eq!(permanent_only.len(), 2);
    }
}
