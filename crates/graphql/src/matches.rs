//! `matchVacancies`: open vacancies ranked for a person by the matching engine, each with
//! its score and explanation.

use std::collections::{HashMap, HashSet};
use std::fmt::Display;
use std::str::FromStr;
use std::sync::Arc;

use async_graphql::connection::{Connection, Edge};
use async_graphql::{Context, ID, InputObject, Object, Result, SimpleObject};
use base64::Engine as _;
use skillbridge_domain::disclosure::{ProfileView, candidate_card};
use skillbridge_domain::match_index::{OpeningFilter, RankCursor};
use skillbridge_domain::matching::Fit;
use skillbridge_domain::profile::Profile;
use skillbridge_domain::{ProfileId, SkillId, Store, StoreResult, VacancyId, clock};

use crate::candidates::CandidateCard;
use crate::connections::TotalCount;
use crate::context::store;
use crate::ids::page_size;
use crate::matching::{MatchExplanation, VacancyMatch, explain_with, skills_named};
use crate::profiles::Track;
use crate::profiles::{own_profile, target_profile};
use crate::vacancies::VacancyNode;
use crate::vacancies::{ContractType, InclusionSupport, owned_vacancy_as};
use crate::{ErrorCode, GqlError};
use skillbridge_app::matching::{findable_among, opening_of, seeker_of};

const CURSOR: base64::engine::GeneralPurpose = base64::engine::general_purpose::URL_SAFE_NO_PAD;

pub(crate) fn encode_cursor<K: Display>(cursor: RankCursor<K>) -> String {
    CURSOR.encode(format!("{}|{}", cursor.score, cursor.id))
}

pub(crate) fn decode_cursor<K: FromStr>(raw: &str) -> Result<RankCursor<K>> {
    let bad = || GqlError::new(ErrorCode::BadUserInput, "not a cursor of this list");
    let text = String::from_utf8(CURSOR.decode(raw).map_err(|_| bad())?).map_err(|_| bad())?;
    let (score, id) = text.split_once('|').ok_or_else(bad)?;
    Ok(RankCursor {
        score: score.parse().map_err(|_| bad())?,
        id: id.parse::<K>().map_err(|_| bad())?,
    })
}

/// The person whose matches are asked for: the caller, or a caseworker's client.
pub(crate) async fn person(
    ctx: &Context<'_>,
    profile_id: Option<&ID>,
    organisation_id: Option<&ID>,
) -> Result<Profile> {
    match (profile_id, organisation_id) {
        (None, None) => Ok(own_profile(ctx)
            .await?
            .ok_or_else(|| GqlError::new(ErrorCode::NotFound, "build your profile first"))?),
        _ => Ok(target_profile(ctx, profile_id, organisation_id).await?.1),
    }
}

/// FORBIDDEN unless the person consented to MATCHING
/// ([`skillbridge_app::App::require_matching_consent`]).
pub(crate) async fn require_matching_consent(ctx: &Context<'_>, profile: &Profile) -> Result<()> {
    Ok(crate::context::app(ctx)
        .require_matching_consent(profile)
        .await
        .map_err(GqlError::from)?)
}

/// Narrows `matchVacancies`; filters never change scores.
#[derive(InputObject, Default)]
pub struct VacancyMatchFilter {
    /// Any of these contract types (none given: any).
    #[graphql(default)]
    pub contract_types: Vec<ContractType>,
    /// Only remote vacancies.
    #[graphql(default)]
    pub remote_only: bool,
    /// Only vacancies in shortage occupations.
    #[graphql(default)]
    pub shortage_only: bool,
    /// Only vacancies offering all of this support.
    #[graphql(default)]
    pub inclusion_support: Vec<InclusionSupport>,
    /// Only vacancies this track puts first (aimed at it, or of the kinds it favours).
    pub favoured_by: Option<Track>,
}

impl From<VacancyMatchFilter> for OpeningFilter {
    fn from(f: VacancyMatchFilter) -> Self {
        Self {
            contract_types: f.contract_types.into_iter().map(Into::into).collect(),
            remote_only: f.remote_only,
            shortage_only: f.shortage_only,
            inclusion_support: f.inclusion_support.into_iter().map(Into::into).collect(),
            favoured_by: f.favoured_by.map(Into::into),
        }
    }
}

#[derive(Default)]
pub struct MatchQuery;

#[Object]
impl MatchQuery {
    /// Open vacancies ranked for a person, best first, each with its score (0 to 1) and
    /// the explanation of it. For the caller, or for a caseworker's client (`profileId`
    /// and `organisationId`). Needs the person's consent to MATCHING (a profile a
    /// caseworker created and nobody has claimed yet is matched under the delegation).
    #[graphql(complexity = "page_size(first).unwrap_or(20) * child_complexity")]
    async fn match_vacancies(
        &self,
        ctx: &Context<'_>,
        profile_id: Option<ID>,
        organisation_id: Option<ID>,
        filter: Option<VacancyMatchFilter>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Connection<String, VacancyMatch, TotalCount>> {
        let first = page_size(first)?;
        let after = after.as_deref().map(decode_cursor).transpose()?;
        let profile = person(ctx, profile_id.as_ref(), organisation_id.as_ref()).await?;
        let store = store(ctx).clone();
        require_matching_consent(ctx, &profile).await?;
        let engine = crate::context::app(ctx).engine();
        let seeker = seeker_of(&store, &profile).await.map_err(GqlError::from)?;
        let ranked = engine.rank_vacancies(
            &seeker,
            &filter.map(Into::into).unwrap_or_default(),
            first,
            after,
        );

        let mut connection = Connection::with_additional_fields(
            after.is_some(),
            ranked.has_next_page,
            TotalCount {
                total_count: ranked.total as u64,
            },
        );
        for (id, found) in vacancy_matches(&store, ranked.matches).await? {
            let cursor = encode_cursor(RankCursor {
                score: found.score,
                id,
            });
            connection.edges.push(Edge::new(cursor, found));
        }
        Ok(connection)
    }

    /// People who match one of the organisation's vacancies, best first, as anonymised
    /// candidate cards with the score (0 to 1) and its explanation from the employer's
    /// side. Only people who made their card visible to employers and consented to both
    /// SHARING_WITH_EMPLOYERS and MATCHING are found. Gender, age, origin, nationality and
    /// migration status are not known to the ranking; tracks, which follow from age and
    /// gender, do not count here. Every card shown is logged for the person to see; ask to
    /// meet someone with `requestContact`.
    #[graphql(complexity = "page_size(first).unwrap_or(20) * child_complexity")]
    async fn match_candidates(
        &self,
        ctx: &Context<'_>,
        vacancy_id: ID,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Connection<String, CandidateMatch, TotalCount>> {
        let first = page_size(first)?;
        let after = after
            .as_deref()
            .map(decode_cursor::<ProfileId>)
            .transpose()?;
        let (user, organisation, vacancy) = owned_vacancy_as(ctx, &vacancy_id).await?;
        let store = store(ctx).clone();
        let engine = crate::context::app(ctx).engine();
        let opening = opening_of(&store, &vacancy).await.map_err(GqlError::from)?;
        let ranked = engine.rank_candidates(&opening, first, after);

        let ids: Vec<ProfileId> = ranked.matches.iter().map(|(id, _)| *id).collect();
        let err = GqlError::from;
        let profiles = store.profiles_by_ids(&ids).await.map_err(err)?;
        // Someone who withdrew consent since the index last heard is not shown.
        let findable = findable_among(&store, &profiles).await.map_err(err)?;
        let mut cards = candidate_cards(&store, &profiles, &findable)
            .await
            .map_err(err)?;
        let shown: Vec<ProfileId> = ids
            .iter()
            .filter(|id| cards.contains_key(id))
            .copied()
            .collect();
        store
            .log_profile_access(
                &shown,
                organisation.id,
                user.id,
                ProfileView::Card,
                clock::now(),
            )
            .await
            .map_err(err)?;
        let skill_ids: Vec<SkillId> = ranked
            .matches
            .iter()
            .flat_map(|(_, fit)| skills_named(fit).collect::<Vec<_>>())
            .collect();
        let skills = store.skills_by_ids(&skill_ids).await.map_err(err)?;

        let mut connection = Connection::with_additional_fields(
            after.is_some(),
            ranked.has_next_page,
            TotalCount {
                total_count: ranked.total as u64,
            },
        );
        for (id, fit) in ranked.matches {
            let Some(card) = cards.remove(&id) else {
                continue;
            };
            let cursor = encode_cursor(RankCursor {
                score: fit.score,
                id,
            });
            let score = fit.score;
            connection.edges.push(Edge::new(
                cursor,
                CandidateMatch {
                    candidate: card,
                    score,
                    explanation: explain_with(&skills, fit),
                },
            ));
        }
        Ok(connection)
    }
}

/// The ranked vacancies with their explanations, in the same order; a vacancy closed
/// since it was indexed drops out.
pub(crate) async fn vacancy_matches(
    store: &Arc<dyn Store>,
    matches: Vec<(VacancyId, Fit)>,
) -> Result<Vec<(VacancyId, VacancyMatch)>> {
    let ids: Vec<VacancyId> = matches.iter().map(|(id, _)| *id).collect();
    let mut vacancies: HashMap<VacancyId, _> = store
        .vacancies_by_ids(&ids)
        .await
        .map_err(GqlError::from)?
        .into_iter()
        .map(|v| (v.id, v))
        .collect();
    let skill_ids: Vec<SkillId> = matches
        .iter()
        .flat_map(|(_, fit)| skills_named(fit).collect::<Vec<_>>())
        .collect();
    let skills = store
        .skills_by_ids(&skill_ids)
        .await
        .map_err(GqlError::from)?;
    Ok(matches
        .into_iter()
        .filter_map(|(id, fit)| {
            let vacancy = vacancies.remove(&id)?;
            Some((
                id,
                VacancyMatch {
                    vacancy: VacancyNode(vacancy),
                    score: fit.score,
                    explanation: explain_with(&skills, fit),
                },
            ))
        })
        .collect())
}

/// A candidate for a vacancy, with the score (0 to 1) and its explanation.
#[derive(SimpleObject)]
pub struct CandidateMatch {
    pub candidate: CandidateCard,
    pub score: f64,
    pub explanation: MatchExplanation,
}

/// The cards of the `profiles` in `findable`, four queries for the lot.
async fn candidate_cards(
    store: &Arc<dyn Store>,
    profiles: &[Profile],
    findable: &HashSet<ProfileId>,
) -> StoreResult<HashMap<ProfileId, CandidateCard>> {
    let ids: Vec<ProfileId> = profiles
        .iter()
        .map(|p| p.id)
        .filter(|id| findable.contains(id))
        .collect();
    let mut skills: HashMap<ProfileId, Vec<_>> = HashMap::new();
    for (id, skill) in store.skills_of_profiles(&ids).await? {
        skills.entry(id).or_default().push(skill);
    }
    let mut languages: HashMap<ProfileId, Vec<_>> = HashMap::new();
    for (id, language) in store.languages_of_profiles(&ids).await? {
        languages.entry(id).or_default().push(language);
    }
    let mut experience: HashMap<ProfileId, Vec<_>> = HashMap::new();
    for (id, entry) in store.experiences_of_profiles(&ids).await? {
        experience.entry(id).or_default().push(entry);
    }
    Ok(profiles
        .iter()
        .filter(|p| findable.contains(&p.id))
        .map(|p| {
            let card = candidate_card(
                p,
                skills.remove(&p.id).unwrap_or_default(),
                languages.remove(&p.id).unwrap_or_default(),
                experience.get(&p.id).map_or(&[], Vec::as_slice),
            );
            (p.id, card.into())
        })
        .collect())
}
