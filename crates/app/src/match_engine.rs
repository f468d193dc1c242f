//! The matching engine of an API process: every OPEN vacancy in a [`VacancyIndex`], every
//! person employers may find in a [`CandidateIndex`], and the ESCO hierarchy in a
//! [`SkillTree`]; loaded from the store at start and kept current from the change stream,
//! which every write of every process appends to in its own transaction (and, for the
//! caller's own writes, at once: see [`App::vacancy_changed`](crate::App::vacancy_changed)).

use std::sync::{Arc, RwLock};

use futures::StreamExt;
use skillbridge_domain::events::{ChangeLag, ChangePosition, Event};
use skillbridge_domain::match_index::{
    CandidateIndex, OpeningFilter, RankCursor, Ranked, VacancyIndex,
};
use skillbridge_domain::matching::{MatchWeights, Opening, Seeker, SkillTree};
use skillbridge_domain::vacancy::{VacancyFilter, VacancyStatus};
use skillbridge_domain::{PageRequest, ProfileId, Store, StoreResult, VacancyId, clock};

use crate::matching::{candidates_of, openings_of};

/// Vacancies or profiles read per batch while loading.
const LOAD_BATCH: usize = 500;

pub struct MatchEngine {
    store: Arc<dyn Store>,
    /// Where the engine starts following the change stream: the head before it loaded, so
    /// no change committed during the load is missed.
    loaded_at: ChangePosition,
    /// The last change the engine has read from the stream.
    followed: RwLock<ChangePosition>,
    vacancies: RwLock<VacancyIndex>,
    candidates: RwLock<CandidateIndex>,
    tree: RwLock<Arc<SkillTree>>,
    weights: MatchWeights,
}

impl MatchEngine {
    /// Reads the hierarchy, every OPEN vacancy and every findable person.
    pub async fn load(store: Arc<dyn Store>, weights: MatchWeights) -> StoreResult<Arc<Self>> {
        let loaded_at = store.change_head().await?;
        let engine = Arc::new(Self {
            store: store.clone(),
            loaded_at,
            followed: RwLock::new(loaded_at),
            vacancies: RwLock::new(VacancyIndex::default()),
            candidates: RwLock::new(CandidateIndex::default()),
            tree: RwLock::new(Arc::new(SkillTree::default())),
            weights,
        });
        let tree = SkillTree::new(store.skill_hierarchy().await?);
        *engine.tree.write().expect("the tree lock") = Arc::new(tree);
        engine.load_vacancies().await?;
        engine.load_candidates().await?;
        Ok(engine)
    }

    async fn load_vacancies(&self) -> StoreResult<()> {
        let open = VacancyFilter {
            statuses: vec![VacancyStatus::Open],
            ..Default::default()
        };
        let mut after = None;
        loop {
            let page = self
                .store
                .find_vacancies(
                    &open,
                    &PageRequest {
                        first: LOAD_BATCH,
                        after: after.clone(),
                    },
                )
                .await?;
            after = page.items.last().map(|(position, _)| position.clone());
            let vacancies: Vec<_> = page.items.into_iter().map(|(_, v)| v).collect();
            let openings = openings_of(&self.store, &vacancies).await?;
            let mut index = self.vacancies.write().expect("the index lock");
            for (id, opening) in openings {
                index.upsert(id, opening);
            }
            drop(index);
            if !page.has_next_page {
                return Ok(());
            }
        }
    }

    async fn load_candidates(&self) -> StoreResult<()> {
        let mut after = None;
        loop {
            let profiles = self.store.findable_profiles(after, LOAD_BATCH).await?;
            let Some(last) = profiles.last() else {
                return Ok(());
            };
            after = Some(last.id);
            let candidates = candidates_of(&self.store, &profiles).await?;
            let mut index = self.candidates.write().expect("the index lock");
            for (id, seeker) in candidates {
                index.upsert(id, seeker);
            }
            drop(index);
            if profiles.len() < LOAD_BATCH {
                return Ok(());
            }
        }
    }

    /// Keeps the indexes current from the change stream, from where the load began, until
    /// the stream ends. Refreshing re-reads the row, so a change read twice does no harm;
    /// this process's own changes are passed over, as its callers refreshed them when they
    /// made them ([`App::vacancy_changed`](crate::App::vacancy_changed),
    /// [`App::profile_changed`](crate::App::profile_changed)).
    pub async fn follow(self: Arc<Self>) -> StoreResult<()> {
        let mut changes = self.store.follow_changes(self.loaded_at).await?;
        while let Some(change) = changes.next().await {
            if let Ok(change) = &change {
                *self.followed.write().expect("the position lock") = change.position;
            }
            let change = match change {
                Ok(change) if change.local => continue,
                other => other,
            };
            let refreshed = match change.map(|c| c.event) {
                Ok(
                    Event::VacancyPublished { vacancy_id } | Event::VacancyChanged { vacancy_id },
                ) => self.refresh_vacancy(vacancy_id).await,
                Ok(Event::ProfileChanged { profile_id }) => {
                    self.refresh_candidate(profile_id).await
                }
                Ok(
                    Event::Application { .. }
                    | Event::Enrolment { .. }
                    | Event::Mentoring { .. }
                    | Event::SearchDocuments { .. }
                    | Event::SearchKind { .. },
                ) => Ok(()),
                Err(err) => Err(err),
            };
            if let Err(err) = refreshed {
                tracing::warn!(error = %err, "could not refresh the match index");
            }
        }
        Ok(())
    }

    /// Re-reads one vacancy: indexed while OPEN, dropped otherwise.
    pub async fn refresh_vacancy(&self, id: VacancyId) -> StoreResult<()> {
        let vacancy = self.store.vacancies_by_ids(&[id]).await?.pop();
        let opening = match vacancy.filter(|v| v.status == VacancyStatus::Open) {
            Some(vacancy) => openings_of(&self.store, std::slice::from_ref(&vacancy))
                .await?
                .pop(),
            None => None,
        };
        let mut index = self.vacancies.write().expect("the index lock");
        match opening {
            Some((id, opening)) => index.upsert(id, opening),
            None => index.remove(id),
        }
        Ok(())
    }

    /// Re-reads one person: indexed while employers may find them, dropped otherwise.
    pub async fn refresh_candidate(&self, id: ProfileId) -> StoreResult<()> {
        let profiles = self.store.profiles_by_ids(&[id]).await?;
        let candidate = candidates_of(&self.store, &profiles).await?.pop();
        let mut index = self.candidates.write().expect("the index lock");
        match candidate {
            Some((id, seeker)) => index.upsert(id, seeker),
            None => index.remove(id),
        }
        Ok(())
    }

    pub fn tree(&self) -> Arc<SkillTree> {
        self.tree.read().expect("the tree lock").clone()
    }

    pub fn weights(&self) -> &MatchWeights {
        &self.weights
    }

    /// The open vacancies that `filter` admits and that match `seeker`, best first.
    pub fn rank_vacancies(
        &self,
        seeker: &Seeker,
        filter: &OpeningFilter,
        first: usize,
        after: Option<RankCursor<VacancyId>>,
    ) -> Ranked<VacancyId> {
        let tree = self.tree();
        self.vacancies.read().expect("the index lock").rank(
            seeker,
            &tree,
            &self.weights,
            clock::today(),
            filter,
            first,
            after,
        )
    }

    /// The findable people who match `opening`, best first.
    pub fn rank_candidates(
        &self,
        opening: &Opening,
        first: usize,
        after: Option<RankCursor<ProfileId>>,
    ) -> Ranked<ProfileId> {
        let tree = self.tree();
        self.candidates.read().expect("the index lock").rank(
            opening,
            &tree,
            &self.weights,
            clock::today(),
            first,
            after,
        )
    }

    /// How far the engine is behind the change stream.
    pub async fn lag(&self) -> StoreResult<ChangeLag> {
        let followed = *self.followed.read().expect("the position lock");
        self.store.change_lag(Some(followed)).await
    }

    /// How many open vacancies and findable people the engine holds.
    pub fn sizes(&self) -> (usize, usize) {
        (
            self.vacancies.read().expect("the index lock").len(),
            self.candidates.read().expect("the index lock").len(),
        )
    }
}
