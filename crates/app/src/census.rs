//! This process's census of the consenting population ([`PeopleCensus`]) and of open
//! vacancies ([`VacancyCensus`]): read from the store the first time it is needed (or when
//! the server starts following), then kept current entry by entry from the change stream
//! and, for this process's own writes, at once (see
//! [`App::profile_changed`](crate::App::profile_changed) and
//! [`App::vacancy_changed`](crate::App::vacancy_changed)). Insights read supply and demand
//! from it instead of reading every profile and vacancy.

use std::sync::{Arc, RwLock};

use futures::StreamExt;
use skillbridge_domain::census::{
    CensusEntry, DemandTally, PeopleCensus, Tally, VacancyCensus, VacancyEntry,
};
use skillbridge_domain::events::{ChangePosition, Event};
use skillbridge_domain::shortage::Region;

use skillbridge_domain::vacancy::{Requirement, Vacancy, VacancyFilter, VacancyStatus};
use skillbridge_domain::{PageRequest, ProfileId, Store, StoreResult, VacancyId};

use crate::matching::openings_of;
use tokio::sync::OnceCell;

use crate::statistics::counted_among;

/// Profiles read per batch while loading.
const LOAD_BATCH: usize = 1_000;

pub struct Census {
    store: Arc<dyn Store>,
    /// Where following starts once loaded: the head of the stream before the load, so no
    /// change committed during it is missed.
    loaded_at: OnceCell<ChangePosition>,
    census: RwLock<PeopleCensus>,
    vacancies: RwLock<VacancyCensus>,
}

impl Census {
    pub fn new(store: Arc<dyn Store>) -> Self {
        Self {
            store,
            loaded_at: OnceCell::new(),
            census: RwLock::new(PeopleCensus::default()),
            vacancies: RwLock::new(VacancyCensus::default()),
        }
    }

    /// Loads the census once (callers meanwhile wait for the one load).
    async fn loaded(&self) -> StoreResult<ChangePosition> {
        self.loaded_at
            .get_or_try_init(|| async {
                let head = self.store.change_head().await?;
                let ids = self.store.profiles_in_region(None).await?;
                for batch in ids.chunks(LOAD_BATCH) {
                    let entries = self.entries_of(batch).await?;
                    let mut census = self.census.write().expect("the census lock");
                    for (id, entry) in entries {
                        census.upsert(id, entry);
                    }
                }
                self.load_vacancies().await?;
                Ok(head)
            })
            .await
            .copied()
    }

    /// Reads every OPEN vacancy, a batch at a time.
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
            let vacancies: Vec<Vacancy> = page.items.into_iter().map(|(_, v)| v).collect();
            let entries = self.vacancy_entries(&vacancies).await?;
            let mut census = self.vacancies.write().expect("the census lock");
            for (id, entry) in entries {
                census.upsert(id, entry);
            }
            drop(census);
            if !page.has_next_page {
                return Ok(());
            }
        }
    }

    /// The entries of `vacancies`, with their shortage flags as matching reads them.
    async fn vacancy_entries(
        &self,
        vacancies: &[Vacancy],
    ) -> StoreResult<Vec<(VacancyId, VacancyEntry)>> {
        let openings: std::collections::HashMap<VacancyId, _> = openings_of(&self.store, vacancies)
            .await?
            .into_iter()
            .collect();
        Ok(vacancies
            .iter()
            .filter_map(|v| {
                let opening = openings.get(&v.id)?;
                Some((
                    v.id,
                    VacancyEntry {
                        place: Region::of_place(
                            v.location.country_code.as_deref(),
                            v.location.region_code.as_deref(),
                        ),
                        occupation: v.occupation_id,
                        positions: u64::try_from(v.positions).unwrap_or(0),
                        shortage: opening.shortage,
                        skills: opening
                            .skills
                            .iter()
                            .map(|need| (need.skill, need.requirement == Requirement::Essential))
                            .collect(),
                    },
                ))
            })
            .collect())
    }

    /// Re-reads one vacancy: counted while OPEN, dropped otherwise.
    pub async fn refresh_vacancy(&self, id: VacancyId) -> StoreResult<()> {
        if self.loaded_at.get().is_none() {
            return Ok(());
        }
        let open: Vec<Vacancy> = self
            .store
            .vacancies_by_ids(&[id])
            .await?
            .into_iter()
            .filter(|v| v.status == VacancyStatus::Open)
            .collect();
        let entry = self.vacancy_entries(&open).await?.pop();
        let mut census = self.vacancies.write().expect("the census lock");
        match entry {
            Some((id, entry)) => census.upsert(id, entry),
            None => census.remove(id),
        }
        Ok(())
    }

    /// What the open vacancies of `region` (or all) ask for.
    pub async fn demand(&self, region: Option<&Region>) -> StoreResult<DemandTally> {
        self.loaded().await?;
        Ok(self
            .vacancies
            .read()
            .expect("the census lock")
            .tally(region))
    }

    /// The entries of those of `ids` who consent to ANALYTICS now.
    async fn entries_of(&self, ids: &[ProfileId]) -> StoreResult<Vec<(ProfileId, CensusEntry)>> {
        let people = counted_among(&self.store, ids).await?;
        let counted: Vec<ProfileId> = people.iter().map(|p| p.id).collect();
        let mut skills: std::collections::HashMap<ProfileId, Vec<_>> = Default::default();
        for (id, held) in self.store.skills_of_profiles(&counted).await? {
            skills.entry(id).or_default().push(held.skill.id);
        }
        let mut languages: std::collections::HashMap<ProfileId, Vec<_>> = Default::default();
        for (id, spoken) in self.store.languages_of_profiles(&counted).await? {
            languages.entry(id).or_default().push(spoken.language);
        }
        Ok(people
            .into_iter()
            .map(|p| {
                let place = &p.details.location;
                let entry = CensusEntry::new(
                    Region::of_place(place.country_code.as_deref(), place.region_code.as_deref()),
                    skills.remove(&p.id).unwrap_or_default(),
                    languages.remove(&p.id).unwrap_or_default(),
                );
                (p.id, entry)
            })
            .collect())
    }

    /// Re-reads one person: counted while they consent to ANALYTICS, dropped otherwise.
    /// Before the census is loaded there is nothing to do (the load reads them as they are,
    /// and the follower replays what changed during it).
    pub async fn refresh(&self, id: ProfileId) -> StoreResult<()> {
        if self.loaded_at.get().is_none() {
            return Ok(());
        }
        let entry = self.entries_of(&[id]).await?.pop();
        let mut census = self.census.write().expect("the census lock");
        match entry {
            Some((id, entry)) => census.upsert(id, entry),
            None => census.remove(id),
        }
        Ok(())
    }

    /// Loads the census and keeps it current from the change stream until the stream ends.
    /// Every change is applied, this process's own too (re-reading is idempotent, and one
    /// made while loading may have been read before it).
    pub async fn follow(self: Arc<Self>) -> StoreResult<()> {
        let from = self.loaded().await?;
        let mut changes = self.store.follow_changes(from).await?;
        while let Some(change) = changes.next().await {
            let refreshed = match change.map(|c| c.event) {
                Ok(Event::ProfileChanged { profile_id }) => self.refresh(profile_id).await,
                Ok(
                    Event::VacancyPublished { vacancy_id } | Event::VacancyChanged { vacancy_id },
                ) => self.refresh_vacancy(vacancy_id).await,
                Ok(_) => Ok(()),
                Err(err) => Err(err),
            };
            if let Err(err) = refreshed {
                tracing::warn!(error = %err, "could not refresh the census");
            }
        }
        Ok(())
    }

    /// The tally of `region` (or of everyone), loading the census first if need be.
    pub async fn tally(&self, region: Option<&Region>) -> StoreResult<Tally> {
        self.loaded().await?;
        Ok(self.census.read().expect("the census lock").tally(region))
    }

    /// How many people are counted (for metrics).
    pub fn len(&self) -> usize {
        self.census.read().expect("the census lock").len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}
