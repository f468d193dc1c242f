//! Public statistics: the facts read from the store, kept to the people who consent to
//! ANALYTICS now, with the shortage flag as of each job's start, and published under the
//! domain's k-anonymity ([`skillbridge_domain::statistics`]).

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use skillbridge_domain::privacy::consent_given;
use skillbridge_domain::profile::Profile;
use skillbridge_domain::shortage::{Region, Shortage, is_shortage};
use skillbridge_domain::statistics::{
    CompletionFact, PlacementFact, PublicStatistics, StatisticsScope, check_period,
    public_statistics,
};
use skillbridge_domain::{ConsentPurpose, ConsentSubject, ProfileId, Store, StoreResult};

use crate::{App, ServiceResult};

/// The profiles among `ids` that statistics may count: those whose ANALYTICS consent is in
/// force now (the one place this rule is applied).
pub(crate) async fn counted_among(
    store: &Arc<dyn Store>,
    ids: &[ProfileId],
) -> StoreResult<Vec<Profile>> {
    let people = store.profiles_by_ids(ids).await?;
    let subjects: Vec<ConsentSubject> = people.iter().map(ConsentSubject::of).collect();
    let mut histories: HashMap<ConsentSubject, Vec<_>> = HashMap::new();
    for (subject, record) in store.consent_histories(&subjects).await? {
        histories.entry(subject).or_default().push(record);
    }
    Ok(people
        .into_iter()
        .filter(|p| {
            histories
                .get(&ConsentSubject::of(p))
                .is_some_and(|h| consent_given(h, ConsentPurpose::Analytics))
        })
        .collect())
}

impl App {
    /// The profiles among `ids` that statistics may count ([`counted_among`]).
    pub(crate) async fn counted_people(&self, ids: &[ProfileId]) -> ServiceResult<Vec<Profile>> {
        Ok(counted_among(&self.store, ids).await?)
    }

    /// Every shortage list entry that applies in one of `places` (their own lists and
    /// those of the regions covering them).
    pub(crate) async fn shortages_covering(
        &self,
        places: impl Iterator<Item = Region>,
    ) -> ServiceResult<Vec<Shortage>> {
        let mut regions: Vec<Region> = places
            .flat_map(|r| r.covering())
            .collect::<HashSet<_>>()
            .into_iter()
            .collect();
        if regions.is_empty() {
            return Ok(Vec::new());
        }
        regions.sort();
        Ok(self.store.shortages_in(&regions).await?)
    }

    /// The public statistics of `scope`, for anyone.
    pub async fn public_statistics(
        &self,
        scope: &StatisticsScope,
    ) -> ServiceResult<PublicStatistics> {
        check_period(scope.from, scope.until)?;
        let placements = self
            .store
            .placements_starting(scope.from, scope.until)
            .await?;
        let completions = self
            .store
            .completions_between(scope.from, scope.until)
            .await?;
        let mut ids: Vec<ProfileId> = placements
            .iter()
            .map(|p| p.profile_id)
            .chain(completions.iter().map(|(p, _)| *p))
            .collect();
        ids.sort();
        ids.dedup();
        let counted: HashMap<ProfileId, Option<Region>> = self
            .counted_people(&ids)
            .await?
            .iter()
            .map(|p| {
                let place = &p.details.location;
                (
                    p.id,
                    Region::of_place(place.country_code.as_deref(), place.region_code.as_deref()),
                )
            })
            .collect();

        let shortages = self
            .shortages_covering(placements.iter().filter_map(|p| {
                Region::of_place(p.country_code.as_deref(), p.region_code.as_deref())
            }))
            .await?;
        let placement_facts: Vec<PlacementFact> = placements
            .iter()
            .filter(|p| counted.contains_key(&p.profile_id))
            .map(|p| {
                let region = Region::of_place(p.country_code.as_deref(), p.region_code.as_deref());
                let shortage = region.as_ref().is_some_and(|r| {
                    is_shortage(
                        &shortages,
                        p.occupation_uri.as_deref().unwrap_or(""),
                        p.isco_code.as_deref(),
                        r,
                        p.starts_on,
                    )
                });
                PlacementFact {
                    profile_id: p.profile_id,
                    starts_on: p.starts_on,
                    isco_code: p.isco_code.clone(),
                    region,
                    shortage,
                }
            })
            .collect();
        let completion_facts: Vec<CompletionFact> = completions
            .iter()
            .filter_map(|(person, day)| {
                let region = counted.get(person)?;
                Some(CompletionFact {
                    profile_id: *person,
                    completed_on: *day,
                    region: region.clone(),
                })
            })
            .collect();
        Ok(public_statistics(
            scope,
            &placement_facts,
            &completion_facts,
            self.min_group,
        ))
    }
}
