//! The inputs of the domain's `fit` read from the store: a person as a [`Seeker`], a
//! vacancy as an [`Opening`], the part of the ESCO hierarchy that relates them. A fixed
//! number of queries for any number of people or vacancies.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use chrono::Utc;
use skillbridge_domain::disclosure::findable_by_employers;
use skillbridge_domain::matching::{
    self as domain, Fit, GeoPoint, HeldSkill, MatchWeights, Opening, Seeker, SkillNeed, SkillTree,
};
use skillbridge_domain::profile::tracks_in_force;
use skillbridge_domain::profile::{Location, Profile};
use skillbridge_domain::shortage::is_shortage;
use skillbridge_domain::vacancy::Vacancy;
use skillbridge_domain::{
    ConsentSubject, ProfileId, SkillId, Store, StoreError, StoreResult, VacancyId, clock,
};

fn point(location: &Location) -> Option<GeoPoint> {
    Some(GeoPoint {
        latitude: location.latitude?,
        longitude: location.longitude?,
    })
}

/// The person as matching sees them (nothing that identifies them).
pub async fn seeker_of(store: &Arc<dyn Store>, profile: &Profile) -> StoreResult<Seeker> {
    let mut seekers = seekers_of(store, std::slice::from_ref(profile)).await?;
    seekers
        .pop()
        .map(|(_, s)| s)
        .ok_or(StoreError::NotFound { entity: "profile" })
}

/// The people as matching sees them, two queries for the lot.
pub async fn seekers_of(
    store: &Arc<dyn Store>,
    profiles: &[Profile],
) -> StoreResult<Vec<(ProfileId, Seeker)>> {
    let ids: Vec<ProfileId> = profiles.iter().map(|p| p.id).collect();
    let mut skills: HashMap<ProfileId, Vec<HeldSkill>> = HashMap::new();
    for (id, s) in store.skills_of_profiles(&ids).await? {
        skills.entry(id).or_default().push(HeldSkill {
            skill: s.skill.id,
            proficiency: s.proficiency,
            evidence: s.evidence,
        });
    }
    let mut languages: HashMap<ProfileId, Vec<_>> = HashMap::new();
    for (id, l) in store.languages_of_profiles(&ids).await? {
        languages.entry(id).or_default().push((l.language, l.level));
    }
    let today = Utc::now().date_naive();
    Ok(profiles
        .iter()
        .map(|profile| {
            let d = &profile.details;
            let seeker = Seeker {
                skills: skills.remove(&profile.id).unwrap_or_default(),
                languages: languages.remove(&profile.id).unwrap_or_default(),
                location: point(&d.location),
                mobility_radius_km: d.mobility_radius_km,
                willing_to_relocate: d.willing_to_relocate,
                right_to_work: d.right_to_work,
                tracks: tracks_in_force(d, today),
                availability: d.availability.clone(),
            };
            (profile.id, seeker)
        })
        .collect())
}

/// The people among `profiles` employers may find through matching, as the candidate index
/// holds them: without tracks, which follow from age and gender and so never rank people
/// for employers.
pub async fn candidates_of(
    store: &Arc<dyn Store>,
    profiles: &[Profile],
) -> StoreResult<Vec<(ProfileId, Seeker)>> {
    let findable = findable_among(store, profiles).await?;
    let findable: Vec<Profile> = profiles
        .iter()
        .filter(|p| findable.contains(&p.id))
        .cloned()
        .collect();
    let mut seekers = seekers_of(store, &findable).await?;
    for (_, seeker) in &mut seekers {
        seeker.tracks.clear();
    }
    Ok(seekers)
}

/// The profiles among `profiles` employers may find now (their visibility and consents),
/// one query for the lot.
pub async fn findable_among(
    store: &Arc<dyn Store>,
    profiles: &[Profile],
) -> StoreResult<HashSet<ProfileId>> {
    let subjects: Vec<_> = profiles.iter().map(ConsentSubject::of).collect();
    let mut consents: HashMap<_, Vec<_>> = HashMap::new();
    for (subject, record) in store.consent_histories(&subjects).await? {
        consents.entry(subject).or_default().push(record);
    }
    Ok(profiles
        .iter()
        .filter(|p| {
            findable_by_employers(
                p.details.visibility,
                consents
                    .get(&ConsentSubject::of(p))
                    .map_or(&[], Vec::as_slice),
            )
        })
        .map(|p| p.id)
        .collect())
}

/// The vacancy as matching sees it, with its shortage flag as of today.
pub async fn opening_of(store: &Arc<dyn Store>, vacancy: &Vacancy) -> StoreResult<Opening> {
    let mut openings = openings_of(store, std::slice::from_ref(vacancy)).await?;
    openings
        .pop()
        .map(|(_, o)| o)
        .ok_or(StoreError::NotFound { entity: "vacancy" })
}

/// The vacancies as matching sees them, a fixed number of queries for the lot.
pub async fn openings_of(
    store: &Arc<dyn Store>,
    vacancies: &[Vacancy],
) -> StoreResult<Vec<(VacancyId, Opening)>> {
    let ids: Vec<VacancyId> = vacancies.iter().map(|v| v.id).collect();
    let mut skills: HashMap<VacancyId, Vec<SkillNeed>> = HashMap::new();
    for (id, s) in store.vacancy_skills(&ids).await? {
        skills.entry(id).or_default().push(SkillNeed {
            skill: s.skill_id,
            requirement: s.requirement,
            min_proficiency: s.min_proficiency,
        });
    }
    let mut languages: HashMap<VacancyId, Vec<_>> = HashMap::new();
    for (id, l) in store.vacancy_languages(&ids).await? {
        languages
            .entry(id)
            .or_default()
            .push((l.language, l.min_level));
    }
    let mut support: HashMap<VacancyId, Vec<_>> = HashMap::new();
    for (id, s) in store.vacancy_support(&ids).await? {
        support.entry(id).or_default().push(s);
    }
    let mut tracks: HashMap<VacancyId, Vec<_>> = HashMap::new();
    for (id, t) in store.vacancy_tracks(&ids).await? {
        tracks.entry(id).or_default().push(t);
    }
    let mut regions: Vec<_> = vacancies
        .iter()
        .filter_map(|v| v.shortage_region())
        .collect();
    regions.sort();
    regions.dedup();
    let entries = if regions.is_empty() {
        Vec::new()
    } else {
        store.shortages_in(&regions).await?
    };
    let occupation_ids: Vec<_> = vacancies.iter().filter_map(|v| v.occupation_id).collect();
    let uris: HashMap<_, _> = if entries.is_empty() {
        HashMap::new()
    } else {
        store
            .occupations_by_ids(&occupation_ids)
            .await?
            .into_iter()
            .map(|o| (o.id, o.uri))
            .collect()
    };
    let today = Utc::now().date_naive();
    Ok(vacancies
        .iter()
        .map(|vacancy| {
            let shortage = vacancy.shortage_region().is_some_and(|region| {
                let uri = vacancy
                    .occupation_id
                    .and_then(|id| uris.get(&id))
                    .map_or("", String::as_str);
                is_shortage(&entries, uri, vacancy.isco_code.as_deref(), &region, today)
            });
            let opening = Opening {
                skills: skills.remove(&vacancy.id).unwrap_or_default(),
                languages: languages.remove(&vacancy.id).unwrap_or_default(),
                location: point(&vacancy.location),
                remote: vacancy.remote,
                visa_sponsorship: vacancy.visa_sponsorship,
                shortage,
                contract_type: vacancy.contract_type,
                inclusion_support: support.remove(&vacancy.id).unwrap_or_default(),
                tracks: tracks.remove(&vacancy.id).unwrap_or_default(),
                period: vacancy.period(),
            };
            (vacancy.id, opening)
        })
        .collect())
}

/// The part of the ESCO hierarchy that relates the seeker's skills to the opening's.
pub async fn tree_for(
    store: &Arc<dyn Store>,
    seeker: &Seeker,
    opening: &Opening,
) -> StoreResult<SkillTree> {
    let mut ids: Vec<SkillId> = seeker.skills.iter().map(|s| s.skill).collect();
    ids.extend(opening.skills.iter().map(|s| s.skill));
    ids.sort();
    ids.dedup();
    let links = store.broader_skills(&ids).await?;
    Ok(SkillTree::new(
        links
            .into_iter()
            .map(|(narrower, broader)| (narrower, broader.id)),
    ))
}

/// How well the vacancy fits the person, when no hard limit rules it out.
pub async fn fit_of(
    store: &Arc<dyn Store>,
    profile: &Profile,
    vacancy: &Vacancy,
    weights: &MatchWeights,
) -> StoreResult<Option<Fit>> {
    let seeker = seeker_of(store, profile).await?;
    let opening = opening_of(store, vacancy).await?;
    let tree = tree_for(store, &seeker, &opening).await?;
    Ok(domain::fit(&seeker, &opening, &tree, weights, clock::today()).ok())
}
