//! Vacancy search in GraphQL: `vacancies(query:, filter:, orderBy:)` over the search index,
//! each page's rows read as the database holds them now, with facet counts.

use crate::loaders::VacancyById;
use crate::values::ContractType;
use async_graphql::connection::Connection;
use async_graphql::{Context, Enum, ID, InputObject, Object, Result};
use chrono::{DateTime, Utc};
use skillbridge_domain::search::VacancySearch;
use skillbridge_domain::vacancy::{self as domain, VacancyStatus as DomainStatus};
use skillbridge_domain::{OrganisationKind, VacancyId};

use crate::context::app;
use crate::guards::acting_for;
use crate::ids::{page_size, parse_cursor};
use crate::prime::prime_vacancies;
use crate::search::{
    LanguageLevelInput, SearchTotals, WithinInput, faceted, language_levels, load_hits, page_of,
    problem_error, run_search,
};
use crate::values::Track;
use crate::{ErrorCode, GqlError};

use crate::vacancies::{VacancyNode, VacancyStatus};

#[derive(InputObject, Default)]
#[graphql(name = "VacancyFilter")]
pub struct VacancyFilterInput {
    /// Your organisation's vacancies in any status (members only); without it, OPEN ones.
    pub organisation_id: Option<ID>,
    pub status: Option<VacancyStatus>,
    /// An ESCO occupation URI.
    pub occupation_uri: Option<String>,
    /// An ISCO group (1 to 4 digits): vacancies whose occupation is in it.
    pub isco_group: Option<String>,
    /// Only vacancies in occupations on a shortage list for their region.
    #[graphql(default)]
    pub shortage_only: bool,
    #[graphql(deprecation = "use contractTypes")]
    pub contract_type: Option<ContractType>,
    /// Any of these contract types.
    #[graphql(default)]
    pub contract_types: Vec<ContractType>,
    /// Vacancies favouring any of these tracks.
    #[graphql(default)]
    pub tracks: Vec<Track>,
    pub remote: Option<bool>,
    /// Only vacancies placed within this circle.
    pub within: Option<WithinInput>,
    /// Only vacancies published at or after this time.
    pub posted_since: Option<DateTime<Utc>>,
    /// Only vacancies whose every language requirement someone speaking these languages at
    /// these CEFR levels meets (pass the person's own levels).
    pub meets_languages: Option<Vec<LanguageLevelInput>>,
}

/// How vacancies are ordered.
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(remote = "skillbridge_domain::search::VacancyOrder")]
pub enum VacancyOrder {
    /// Best text match first (newest first without a query).
    Relevance,
    Newest,
    /// Nearest to `filter.within`'s point first.
    Distance,
    /// Closing soonest first; vacancies without a closing date last.
    ClosingDate,
}

#[derive(Default)]
pub struct VacancySearchQuery;

#[Object]
impl VacancySearchQuery {
    /// Vacancies: OPEN ones, or with `filter.organisationId` your organisation's in any
    /// status. `query` searches titles, descriptions and the occupation's and skills'
    /// labels in every language (typos and unfinished words allowed). Ordered by
    /// `orderBy`: without it, best match first with a query, newest first without.
    /// `facets` counts contractType, shortage, iscoMajorGroup and track over all matches.
    #[graphql(complexity = "page_size(first).unwrap_or(20) * child_complexity")]
    async fn vacancies(
        &self,
        ctx: &Context<'_>,
        query: Option<String>,
        filter: Option<VacancyFilterInput>,
        first: Option<i32>,
        after: Option<String>,
        order_by: Option<VacancyOrder>,
    ) -> Result<Connection<String, VacancyNode, SearchTotals>> {
        let first = page_size(first)?;
        let after = after.as_deref().map(parse_cursor).transpose()?;
        let filter = filter.unwrap_or_default();
        let mut search = VacancySearch {
            text: query,
            isco_group: filter.isco_group.clone(),
            shortage_only: filter.shortage_only,
            contract_types: filter
                .contract_types
                .iter()
                .chain(filter.contract_type.iter())
                .map(|&c| c.into())
                .collect(),
            tracks: filter.tracks.iter().map(|&t| t.into()).collect(),
            remote: filter.remote,
            within: filter
                .within
                .as_ref()
                .map(WithinInput::radius)
                .transpose()?,
            posted_since: filter.posted_since,
            meets_languages: filter
                .meets_languages
                .as_deref()
                .map(|l| language_levels(l, "filter.meetsLanguages"))
                .transpose()?,
            order: order_by.map(Into::into),
            ..Default::default()
        };
        if let Some(uri) = &filter.occupation_uri {
            match app(ctx)
                .find_occupation(uri)
                .await
                .map_err(GqlError::from)?
            {
                Some(occupation) => search.occupation = Some(occupation.id),
                None => {
                    return Err(GqlError::new(
                        ErrorCode::BadUserInput,
                        "no ESCO occupation has this URI",
                    )
                    .into());
                }
            }
        }
        match &filter.organisation_id {
            Some(organisation) => {
                let (_, organisation) =
                    acting_for(ctx, organisation, OrganisationKind::Employer).await?;
                search.organisation = Some(organisation.id);
                search.statuses = filter.status.map(|s| vec![s.into()]).unwrap_or_default();
            }
            None => {
                if filter.status.is_some_and(|s| s != VacancyStatus::Open) {
                    return Err(GqlError::new(
                        ErrorCode::Forbidden,
                        "only OPEN vacancies are public; give your organisationId",
                    )
                    .into());
                }
                search.statuses = vec![DomainStatus::Open];
            }
        }
        let request = search.request().map_err(problem_error)?;
        let (found, offset) = run_search(ctx, request, first, after.as_ref()).await?;
        let rows = load_hits(ctx, &found, |id| VacancyById(VacancyId::from_uuid(id))).await?;
        // Visibility is the rows', whatever the index says: OPEN for everyone, any status
        // only to the organisation's members.
        let page = page_of(&found, offset, rows, |v: &domain::Vacancy| {
            match search.organisation {
                Some(organisation) => v.organisation_id == organisation,
                None => v.status == DomainStatus::Open,
            }
        });
        let items: Vec<&domain::Vacancy> = page.iter().map(|(_, _, v)| v).collect();
        prime_vacancies(ctx, &items).await?;
        Ok(faceted(&found, offset, page, VacancyNode))
    }
}
