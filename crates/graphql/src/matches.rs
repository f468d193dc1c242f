//! `matchVacancies` and `matchCandidates`: vacancies ranked for a person and candidates
//! ranked for a vacancy by the app's matching, each with its score and explanation.

use std::fmt::Display;
use std::str::FromStr;

use async_graphql::connection::{Connection, Edge};
use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use base64::Engine as _;
use skillbridge_app::ProfileTarget;
use skillbridge_app::matches::Matches;
use skillbridge_domain::ProfileId;
use skillbridge_domain::match_index::{OpeningFilter, RankCursor};
use skillbridge_domain::profile::Profile;
use skillbridge_domain::vacancy::Vacancy;

use crate::candidates::CandidateCard;
use crate::connections::TotalCount;
use crate::context::app;
use crate::guards::require_user;
use crate::ids::{page_size, parse_id};
use crate::matching::{MatchExplanation, VacancyMatch, explain_with};
use crate::vacancies::VacancyNode;
use crate::values::Track;
use crate::values::{ContractType, InclusionSupport};
use crate::{ErrorCode, GqlError, GqlResult};

const CURSOR: base64::engine::GeneralPurpose = base64::engine::general_purpose::URL_SAFE_NO_PAD;

pub(crate) fn encode_cursor<K: Display>(cursor: RankCursor<K>) -> String {
    CURSOR.encode(format!("{}|{}", cursor.score, cursor.id))
}

pub(crate) fn decode_cursor<K: FromStr>(raw: &str) -> GqlResult<RankCursor<K>> {
    let bad = || GqlError::new(ErrorCode::BadUserInput, "not a cursor of this list");
    let text = String::from_utf8(CURSOR.decode(raw).map_err(|_| bad())?).map_err(|_| bad())?;
    let (score, id) = text.split_once('|').ok_or_else(bad)?;
    Ok(RankCursor {
        score: score.parse().map_err(|_| bad())?,
        id: id.parse::<K>().map_err(|_| bad())?,
    })
}

/// The person a person-scoped read is about ([`skillbridge_app::App::person`]): the caller,
/// or a caseworker's client (`profileId` and `organisationId`).
pub(crate) async fn person(
    ctx: &Context<'_>,
    profile_id: Option<&ID>,
    organisation_id: Option<&ID>,
) -> GqlResult<Profile> {
    let target = ProfileTarget::named(
        profile_id.map(parse_id).transpose()?,
        organisation_id.map(parse_id).transpose()?,
    )?;
    let user = require_user(ctx)?;
    Ok(app(ctx).person(&user, target).await?)
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
    ) -> GqlResult<Connection<String, VacancyMatch, TotalCount>> {
        let first = page_size(first)?;
        let after = after.as_deref().map(decode_cursor).transpose()?;
        let profile = person(ctx, profile_id.as_ref(), organisation_id.as_ref()).await?;
        let filter = filter.map(Into::into).unwrap_or_default();
        let found = app(ctx)
            .match_vacancies(&profile, &filter, first, after)
            .await?;
        Ok(ranked(after.is_some(), found, |v| v.id, vacancy_match))
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
    ) -> GqlResult<Connection<String, CandidateMatch, TotalCount>> {
        let first = page_size(first)?;
        let after = after
            .as_deref()
            .map(decode_cursor::<ProfileId>)
            .transpose()?;
        let vacancy = parse_id(&vacancy_id)?;
        let user = require_user(ctx)?;
        let found = app(ctx)
            .match_candidates(&user, vacancy, first, after)
            .await?;
        Ok(ranked(
            after.is_some(),
            found,
            |c| c.profile_id,
            |card, score, explanation| CandidateMatch {
                candidate: card.into(),
                score,
                explanation,
            },
        ))
    }
}

/// A ranked page as a connection (`after` when it follows another page): each row with
/// its rank cursor (score and `id`), made an edge by `edge` with its score and explanation.
pub(crate) fn ranked<T, K: Display, N: async_graphql::OutputType>(
    after: bool,
    found: Matches<T>,
    id: impl Fn(&T) -> K,
    edge: impl Fn(T, f64, MatchExplanation) -> N,
) -> Connection<String, N, TotalCount> {
    let mut connection = Connection::with_additional_fields(
        after,
        found.has_next_page,
        TotalCount {
            total_count: found.total as u64,
        },
    );
    for (row, fit) in found.rows {
        let cursor = encode_cursor(RankCursor {
            score: fit.score,
            id: id(&row),
        });
        let score = fit.score;
        let explanation = explain_with(&found.skills, fit);
        connection
            .edges
            .push(Edge::new(cursor, edge(row, score, explanation)));
    }
    connection
}

/// The matched vacancies with their explanations, best first (a list without cursors).
pub(crate) fn vacancy_matches(found: Matches<Vacancy>) -> Vec<VacancyMatch> {
    found
        .rows
        .into_iter()
        .map(|(vacancy, fit)| {
            let score = fit.score;
            vacancy_match(vacancy, score, explain_with(&found.skills, fit))
        })
        .collect()
}

/// A vacancy as a match for a person.
pub(crate) fn vacancy_match(
    vacancy: Vacancy,
    score: f64,
    explanation: MatchExplanation,
) -> VacancyMatch {
    VacancyMatch {
        vacancy: VacancyNode(vacancy),
        score,
        explanation,
    }
}

/// A candidate for a vacancy, with the score (0 to 1) and its explanation.
#[derive(SimpleObject)]
pub struct CandidateMatch {
    pub candidate: CandidateCard,
    pub score: f64,
    pub explanation: MatchExplanation,
}
