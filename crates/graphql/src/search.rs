//! Search as the API runs it: requests on the search index with offset cursors, failures
//! as clear errors, facet counts, pages of rows loaded from the ids (visibility is checked
//! on the rows, never taken from the index).

use std::collections::HashMap;

use async_graphql::{Context, Result, SimpleObject};
use skillbridge_domain::Position;
use skillbridge_domain::search::{
    SearchError, SearchProblem, SearchRequest, SearchResults, SearchText,
};
use uuid::Uuid;

use crate::context::{app, loader};
use crate::error::{ErrorCode, GqlError};
use crate::ids::cursor;
use crate::loaders::StoreLoader;
use async_graphql::dataloader::Loader;

/// The cursor key of a searched list: its tiebreak is how many results come before the
/// next page.
const SEARCH_CURSOR: &str = "search";

/// How many documents hold a value of a field, among all the search's matches.
#[derive(SimpleObject)]
pub struct FacetValue {
    pub value: String,
    pub count: u64,
}

/// The values of one field among all the search's matches, most frequent first.
#[derive(SimpleObject)]
pub struct Facet {
    pub field: String,
    pub values: Vec<FacetValue>,
}

/// What a searched list says about all its matches.
#[derive(SimpleObject)]
pub struct SearchTotals {
    pub total_count: u64,
    /// Counts per value of the list's facet fields (empty unless selected).
    pub facets: Vec<Facet>,
}

/// A search request that cannot be run as asked, as a bad-input error naming the field.
pub(crate) fn problem_error(problem: SearchProblem) -> GqlError {
    GqlError::new(
        ErrorCode::BadUserInput,
        format!("{}: {}", problem.field, problem.message),
    )
}

/// A search failure as the client sees it: unavailable (logged), or bad input.
pub(crate) fn search_error(err: SearchError) -> GqlError {
    match err {
        SearchError::Unavailable(_) => {
            tracing::warn!(error = %err, "search failed");
            GqlError::new(
                ErrorCode::Unavailable,
                "search is unavailable; try again shortly",
            )
        }
        SearchError::Invalid(why) => GqlError::new(ErrorCode::BadUserInput, why),
    }
}

/// Runs `request` for the page after `after` (a cursor of the same list), counting facets
/// only when the query selects them: the results and the offset of the page.
pub(crate) async fn run_search(
    ctx: &Context<'_>,
    mut request: SearchRequest,
    first: usize,
    after: Option<&Position>,
) -> Result<(SearchResults, usize)> {
    if !wants_facets(ctx) {
        request.facets.clear();
    }
    let not_ours = || {
        GqlError::new(
            ErrorCode::BadUserInput,
            "`after` is not a cursor from this listing",
        )
    };
    let offset = match after {
        None => 0,
        Some(p) if p.key == SEARCH_CURSOR => p.tiebreak.parse().map_err(|_| not_ours())?,
        Some(_) => return Err(not_ours().into()),
    };
    request.offset = offset;
    request.limit = first;
    let found = app(ctx)
        .index()
        .search(&request)
        .await
        .map_err(search_error)?;
    Ok((found, offset))
}

/// The rows of a page in the search's order, each with its cursor and the text that
/// matched: hits whose row is gone or that `visible` refuses drop out (the index may lag
/// the database).
pub(crate) fn page_of<T>(
    found: &SearchResults,
    offset: usize,
    mut rows: HashMap<Uuid, T>,
    visible: impl Fn(&T) -> bool,
) -> Vec<(String, Option<SearchText>, T)> {
    found
        .hits
        .iter()
        .enumerate()
        .filter_map(|(n, hit)| {
            let row = rows.remove(&hit.id).filter(|row| visible(row))?;
            let position = Position {
                key: SEARCH_CURSOR.into(),
                tiebreak: (offset + n + 1).to_string(),
            };
            Some((cursor(&position), hit.matched.clone(), row))
        })
        .collect()
}

/// The totals of a search, with its facets when the query selected them.
/// A page of searched rows (from [`page_of`]) as a connection of `node`s, with the total and
/// the facet counts.
pub(crate) fn faceted<T, N: async_graphql::OutputType>(
    found: &SearchResults,
    offset: usize,
    page: Vec<(String, Option<SearchText>, T)>,
    node: impl Fn(T) -> N,
) -> async_graphql::connection::Connection<String, N, SearchTotals> {
    let mut connection = async_graphql::connection::Connection::with_additional_fields(
        offset > 0,
        offset + found.hits.len() < found.total,
        totals(found),
    );
    connection.edges = page
        .into_iter()
        .map(|(cursor, _, row)| async_graphql::connection::Edge::new(cursor, node(row)))
        .collect();
    connection
}

fn totals(found: &SearchResults) -> SearchTotals {
    SearchTotals {
        total_count: found.total as u64,
        facets: found
            .facets
            .iter()
            .map(|f| Facet {
                field: f.field.clone(),
                values: f
                    .counts
                    .iter()
                    .map(|(value, count)| FacetValue {
                        value: value.clone(),
                        count: *count as u64,
                    })
                    .collect(),
            })
            .collect(),
    }
}

/// Each hit's row as the database holds it now, read through the request's loader by the
/// `key` of its id (a row removed since it was indexed is missing).
pub(crate) async fn load_hits<K, T>(
    ctx: &Context<'_>,
    found: &SearchResults,
    key: impl Fn(Uuid) -> K,
) -> Result<HashMap<Uuid, T>>
where
    K: Clone + Eq + std::hash::Hash + Send + Sync + 'static,
    T: Clone + Send + Sync + 'static,
    StoreLoader: Loader<K, Value = T, Error = GqlError>,
{
    let keys: Vec<(Uuid, K)> = found.hits.iter().map(|h| (h.id, key(h.id))).collect();
    let mut loaded = loader(ctx)?
        .load_many(keys.iter().map(|(_, k)| k.clone()))
        .await?;
    Ok(keys
        .into_iter()
        .filter_map(|(id, k)| Some((id, loaded.remove(&k)?)))
        .collect())
}

/// Whether the query selected the connection's `facets` (they are counted only then).
fn wants_facets(ctx: &Context<'_>) -> bool {
    ctx.look_ahead().field("facets").exists()
}

/// A circle on the map: results within `km` of the point.
#[derive(async_graphql::InputObject)]
pub struct WithinInput {
    pub latitude: f64,
    pub longitude: f64,
    pub km: f64,
}

impl WithinInput {
    pub(crate) fn radius(&self) -> Result<(skillbridge_domain::matching::GeoPoint, f64)> {
        Ok(
            skillbridge_domain::search::radius(self.latitude, self.longitude, self.km)
                .map_err(problem_error)?,
        )
    }
}

/// A language someone speaks and their CEFR level in it.
#[derive(async_graphql::InputObject)]
pub struct LanguageLevelInput {
    /// ISO 639-1.
    pub language: String,
    /// A1 to C2.
    pub level: String,
}

/// The languages and levels given, checked.
pub(crate) fn language_levels(
    levels: &[LanguageLevelInput],
    field: &str,
) -> Result<
    Vec<(
        skillbridge_domain::LanguageCode,
        skillbridge_domain::CefrLevel,
    )>,
> {
    levels
        .iter()
        .map(|l| {
            let language = skillbridge_domain::LanguageCode::parse(&l.language);
            let level = skillbridge_domain::CefrLevel::parse(&l.level);
            match (language, level) {
                (Ok(language), Ok(level)) => Ok((language, level)),
                (Err(err), _) => {
                    Err(GqlError::new(ErrorCode::BadUserInput, format!("{field}: {err}")).into())
                }
                (_, Err(err)) => {
                    Err(GqlError::new(ErrorCode::BadUserInput, format!("{field}: {err}")).into())
                }
            }
        })
        .collect()
}
