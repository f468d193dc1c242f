//! Matching as people and employers ask for it: open vacancies ranked for a person,
//! candidates ranked for a vacancy, one vacancy's fit for a person, and newly published
//! vacancies as they match. Each answer holds its rows as the database holds them now (a
//! row removed since the match index heard of it drops out) and the skills its
//! explanations name.

use std::collections::HashMap;
use std::sync::Arc;

use futures::StreamExt;
use futures::stream::BoxStream;
use skillbridge_auth::CurrentUser;
use skillbridge_domain::disclosure::{CandidateCard, ProfileView, candidate_card};
use skillbridge_domain::events::Event;
use skillbridge_domain::fairness::SHORTLIST_SIZE;
use skillbridge_domain::match_index::{OpeningFilter, RankCursor, Ranked};
use skillbridge_domain::matching::{Coverage, Fit};
use skillbridge_domain::profile::Profile;
use skillbridge_domain::taxonomy::Skill;
use skillbridge_domain::vacancy::{Vacancy, VacancyStatus};
use skillbridge_domain::{
    ConsentPurpose, ProfileId, SkillId, Store, StoreResult, VacancyId, clock,
};

use crate::access::ProfileTarget;
use crate::matching::{findable_among, fit_of, opening_of, seeker_of};
use crate::{App, ServiceError, ServiceResult};
use skillbridge_domain::delegation::DelegationScope;

/// Ranked rows with their fits, best first.
#[derive(Clone, Debug)]
pub struct Matches<T> {
    pub rows: Vec<(T, Fit)>,
    /// How many match in all.
    pub total: usize,
    pub has_next_page: bool,
    /// The skills the fits' explanations name.
    pub skills: Vec<Skill>,
}

impl<T> Matches<T> {
    /// No matches (a list the person may not have).
    pub fn none() -> Self {
        Self {
            rows: Vec::new(),
            total: 0,
            has_next_page: false,
            skills: Vec::new(),
        }
    }
}

/// The skills a fit's explanation names: each requirement's, and the related skill that
/// covers it.
pub fn skills_named(fit: &Fit) -> impl Iterator<Item = SkillId> + '_ {
    fit.requirements.iter().flat_map(|r| {
        let via = match r.coverage {
            Coverage::Related { via, .. } => Some(via),
            _ => None,
        };
        std::iter::once(r.need.skill).chain(via)
    })
}

/// The skills the fits name, one read for the lot.
async fn named_skills<'a>(
    store: &Arc<dyn Store>,
    fits: impl Iterator<Item = &'a Fit>,
) -> StoreResult<Vec<Skill>> {
    let mut ids: Vec<SkillId> = fits.flat_map(skills_named).collect();
    ids.sort();
    ids.dedup();
    store.skills_by_ids(&ids).await
}

impl App {
    /// The person a person-scoped read is about ([`ProfileTarget`]): the caller's own
    /// (NOT_FOUND while they have none; reading makes none), or a client's.
    pub async fn person(
        &self,
        user: &CurrentUser,
        target: ProfileTarget,
    ) -> ServiceResult<Profile> {
        self.acted_on(user, target, DelegationScope::View)
            .await?
            .ok_or(ServiceError::NotFound("build your profile first"))
    }

    /// OPEN vacancies ranked for the person, best first; FORBIDDEN unless they consented
    /// to MATCHING.
    pub async fn match_vacancies(
        &self,
        profile: &Profile,
        filter: &OpeningFilter,
        first: usize,
        after: Option<RankCursor<VacancyId>>,
    ) -> ServiceResult<Matches<Vacancy>> {
        self.require_matching_consent(profile).await?;
        let seeker = seeker_of(&self.store, profile).await?;
        let ranked = self.engine.rank_vacancies(&seeker, filter, first, after);
        self.matched_vacancies(ranked).await
    }

    /// The ranked vacancies as the database holds them now.
    pub(crate) async fn matched_vacancies(
        &self,
        ranked: Ranked<VacancyId>,
    ) -> ServiceResult<Matches<Vacancy>> {
        let ids: Vec<VacancyId> = ranked.matches.iter().map(|(id, _)| *id).collect();
        let mut vacancies: HashMap<VacancyId, Vacancy> = self
            .store
            .vacancies_by_ids(&ids)
            .await?
            .into_iter()
            .map(|v| (v.id, v))
            .collect();
        let skills = named_skills(&self.store, ranked.matches.iter().map(|(_, fit)| fit)).await?;
        Ok(Matches {
            rows: ranked
                .matches
                .into_iter()
                .filter_map(|(id, fit)| Some((vacancies.remove(&id)?, fit)))
                .collect(),
            total: ranked.total,
            has_next_page: ranked.has_next_page,
            skills,
        })
    }

    /// People who match a vacancy of an employer the caller acts for, best first, as
    /// anonymised cards: only those employers may find now (someone who withdrew consent
    /// since the index heard is left out). Every card shown is logged for the person.
    pub async fn match_candidates(
        &self,
        user: &CurrentUser,
        vacancy: VacancyId,
        first: usize,
        after: Option<RankCursor<ProfileId>>,
    ) -> ServiceResult<Matches<CandidateCard>> {
        let (employer, vacancy) = self.owned_vacancy(user, vacancy).await?;
        let opening = opening_of(&self.store, &vacancy).await?;
        let first_page = after.is_none();
        let ranked = self.engine.rank_candidates(&opening, first, after);
        let ids: Vec<ProfileId> = ranked.matches.iter().map(|(id, _)| *id).collect();
        let profiles = self.store.profiles_by_ids(&ids).await?;
        let findable = findable_among(&self.store, &profiles).await?;
        let findable: Vec<Profile> = profiles
            .into_iter()
            .filter(|p| findable.contains(&p.id))
            .collect();
        let mut cards = self.cards_of(&findable).await?;
        let shown: Vec<ProfileId> = ids
            .into_iter()
            .filter(|id| cards.contains_key(id))
            .collect();
        self.store
            .log_profile_access(
                &shown,
                &[employer.id],
                user.id,
                ProfileView::Card,
                clock::now(),
            )
            .await?;
        if first_page {
            // For fairness monitoring's funnel: who the first page put at the top.
            let top = &shown[..shown.len().min(SHORTLIST_SIZE)];
            self.store
                .record_shortlisted(vacancy.id, top, clock::today())
                .await?;
        }
        let skills = named_skills(&self.store, ranked.matches.iter().map(|(_, fit)| fit)).await?;
        Ok(Matches {
            rows: ranked
                .matches
                .into_iter()
                .filter_map(|(id, fit)| Some((cards.remove(&id)?, fit)))
                .collect(),
            total: ranked.total,
            has_next_page: ranked.has_next_page,
            skills,
        })
    }

    /// The cards of `profiles`, three reads for the lot.
    async fn cards_of(
        &self,
        profiles: &[Profile],
    ) -> ServiceResult<HashMap<ProfileId, CandidateCard>> {
        let ids: Vec<ProfileId> = profiles.iter().map(|p| p.id).collect();
        let mut skills: HashMap<ProfileId, Vec<_>> = HashMap::new();
        for (id, skill) in self.store.skills_of_profiles(&ids).await? {
            skills.entry(id).or_default().push(skill);
        }
        let mut languages: HashMap<ProfileId, Vec<_>> = HashMap::new();
        for (id, language) in self.store.languages_of_profiles(&ids).await? {
            languages.entry(id).or_default().push(language);
        }
        let mut experience: HashMap<ProfileId, Vec<_>> = HashMap::new();
        for (id, entry) in self.store.experiences_of_profiles(&ids).await? {
            experience.entry(id).or_default().push(entry);
        }
        Ok(profiles
            .iter()
            .map(|p| {
                let card = candidate_card(
                    p,
                    skills.remove(&p.id).unwrap_or_default(),
                    languages.remove(&p.id).unwrap_or_default(),
                    experience.get(&p.id).map_or(&[], Vec::as_slice),
                );
                (p.id, card)
            })
            .collect())
    }

    /// The vacancy's fit for the person with the skills it names, when no hard limit
    /// (right to work, distance) rules it out.
    pub async fn vacancy_fit(
        &self,
        profile: &Profile,
        vacancy: &Vacancy,
    ) -> ServiceResult<Option<(Fit, Vec<Skill>)>> {
        let Some(fit) = fit_of(&self.store, profile, vacancy, self.engine.weights()).await? else {
            return Ok(None);
        };
        let skills = named_skills(&self.store, std::iter::once(&fit)).await?;
        Ok(Some((fit, skills)))
    }

    /// Newly published vacancies that fit the caller at `min_score` or above, each as the
    /// database and the caller's profile stand when it is published. NOT_FOUND while the
    /// caller has no profile; FORBIDDEN without their consent to MATCHING.
    pub async fn new_matches(
        &self,
        user: &CurrentUser,
        min_score: f64,
    ) -> ServiceResult<BoxStream<'static, (Vacancy, Fit, Vec<Skill>)>> {
        let profile = self.person(user, ProfileTarget::Own).await?;
        let history = self
            .store
            .consent_history(skillbridge_domain::ConsentSubject::Person(user.id))
            .await?;
        if !skillbridge_domain::privacy::consent_given(&history, ConsentPurpose::Matching) {
            return Err(ServiceError::Forbidden(
                "consent to MATCHING to be told of matching vacancies",
            ));
        }
        let events = self.store.subscribe_events().await?;
        let (store, engine) = (self.store.clone(), self.engine.clone());
        let profile_id = profile.id;
        Ok(events
            .filter_map(move |event| {
                let (store, engine) = (store.clone(), engine.clone());
                async move {
                    let Event::VacancyPublished { vacancy_id, .. } = event else {
                        return None;
                    };
                    let vacancy = store.vacancies_by_ids(&[vacancy_id]).await.ok()?.pop()?;
                    if vacancy.status != VacancyStatus::Open {
                        return None;
                    }
                    // The profile as it is now: it may have changed since subscribing.
                    let profile = store.profile_by_id(profile_id).await.ok()??;
                    let weights = engine.weights();
                    let fit = fit_of(&store, &profile, &vacancy, weights).await.ok()??;
                    if fit.score < min_score {
                        return None;
                    }
                    let skills = named_skills(&store, std::iter::once(&fit)).await.ok()?;
                    Some((vacancy, fit, skills))
                }
            })
            .boxed())
    }
}
