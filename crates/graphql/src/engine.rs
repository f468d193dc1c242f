//! The matching engine of an API process: every OPEN vacancy in a [`MatchIndex`] and the
//! ESCO hierarchy in a [`SkillTree`], loaded from the store at start and kept current by
//! vacancy events (from this process directly, from other replicas through the store's
//! event fan-out).

use std::sync::{Arc, RwLock};

use futures::StreamExt;
use skillbridge_domain::events::Event;
use skillbridge_domain::match_index::{MatchIndex, RankCursor, Ranked};
use skillbridge_domain::matching::{MatchWeights, Seeker, SkillTree};
use skillbridge_domain::vacancy::{VacancyFilter, VacancyStatus};
use skillbridge_domain::{PageRequest, Store, StoreResult, VacancyId};

use crate::matching::openings_of;

/// Vacancies read per batch while loading.
const LOAD_BATCH: usize = 500;

pub struct MatchEngine {
    /// Names this engine in the events its process publishes.
    id: uuid::Uuid,
    store: Arc<dyn Store>,
    index: RwLock<MatchIndex>,
    tree: RwLock<Arc<SkillTree>>,
    weights: MatchWeights,
}

impl MatchEngine {
    /// Reads the hierarchy and every OPEN vacancy.
    pub async fn load(store: Arc<dyn Store>, weights: MatchWeights) -> StoreResult<Arc<Self>> {
        let engine = Arc::new(Self {
            id: uuid::Uuid::now_v7(),
            store: store.clone(),
            index: RwLock::new(MatchIndex::default()),
            tree: RwLock::new(Arc::new(SkillTree::default())),
            weights,
        });
        let tree = SkillTree::new(store.skill_hierarchy().await?);
        *engine.tree.write().expect("the tree lock") = Arc::new(tree);
        let open = VacancyFilter {
            statuses: vec![VacancyStatus::Open],
            ..Default::default()
        };
        let mut after = None;
        loop {
            let page = store
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
            let openings = openings_of(&store, &vacancies).await?;
            let mut index = engine.index.write().expect("the index lock");
            for (id, opening) in openings {
                index.upsert(id, opening);
            }
            drop(index);
            if !page.has_next_page {
                break;
            }
        }
        Ok(engine)
    }

    /// Keeps the index current from vacancy events until the stream ends.
    pub async fn follow(self: Arc<Self>) -> StoreResult<()> {
        let mut events = self.store.subscribe_events().await?;
        while let Some(event) = events.next().await {
            if let Event::VacancyPublished { vacancy_id, origin }
            | Event::VacancyChanged { vacancy_id, origin } = event
                && origin != Some(self.id)
                && let Err(err) = self.refresh(vacancy_id).await
            {
                tracing::warn!(error = %err, "could not refresh a vacancy in the match index");
            }
        }
        Ok(())
    }

    /// Re-reads one vacancy: indexed while OPEN, dropped otherwise.
    pub async fn refresh(&self, id: VacancyId) -> StoreResult<()> {
        let vacancy = self.store.vacancies_by_ids(&[id]).await?.pop();
        match vacancy.filter(|v| v.status == VacancyStatus::Open) {
            Some(vacancy) => {
                let mut openings = openings_of(&self.store, std::slice::from_ref(&vacancy)).await?;
                if let Some((id, opening)) = openings.pop() {
                    self.index
                        .write()
                        .expect("the index lock")
                        .upsert(id, opening);
                }
            }
            None => self.index.write().expect("the index lock").remove(id),
        }
        Ok(())
    }

    pub fn tree(&self) -> Arc<SkillTree> {
        self.tree.read().expect("the tree lock").clone()
    }

    pub fn weights(&self) -> &MatchWeights {
        &self.weights
    }

    /// The open vacancies that match `seeker`, best first.
    pub fn rank(&self, seeker: &Seeker, first: usize, after: Option<RankCursor>) -> Ranked {
        let tree = self.tree();
        self.index
            .read()
            .expect("the index lock")
            .rank(seeker, &tree, &self.weights, first, after)
    }

    pub fn len(&self) -> usize {
        self.index.read().expect("the index lock").len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// After a vacancy changed (`published`: it became OPEN): this process's index at once, so
/// a caller reads its own writes, and every other process through the event.
pub(crate) async fn vacancy_changed(
    ctx: &async_graphql::Context<'_>,
    vacancy_id: VacancyId,
    published: bool,
) {
    let engine = ctx.data::<Arc<MatchEngine>>().ok();
    if let Some(engine) = engine
        && let Err(err) = engine.refresh(vacancy_id).await
    {
        tracing::warn!(error = %err, "could not refresh a vacancy in the match index");
    }
    let origin = engine.map(|e| e.id);
    let event = if published {
        Event::VacancyPublished { vacancy_id, origin }
    } else {
        Event::VacancyChanged { vacancy_id, origin }
    };
    crate::context::announce(ctx, event).await;
}
