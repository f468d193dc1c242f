//! The taxonomy in GraphQL: skills, occupations, ISCO groups, shortage lists, languages.
//! Resolvers stay thin: they read arguments, call the app or a loader, and map results.

use crate::GqlResult;
use async_graphql::connection::{Connection, Edge};
use async_graphql::{Context, Object, Result, SimpleObject};
use chrono::Utc;
use skillbridge_domain::shortage::{Region, Shortage};
use skillbridge_domain::taxonomy::{self as domain, OccupationQuery, SkillQuery};
use skillbridge_domain::{CefrLevel as DomainCefr, OccupationId, PageRequest, SkillId};

use crate::connections::{TotalCount, listed};
use crate::context::{app, loader};
use crate::ids::{page_size, parse_cursor};
use crate::loaders::{OccupationById, SkillById, StoreLoader};
use crate::scalars::Date;
use crate::{ErrorCode, GqlError};
use async_graphql::dataloader::Loader;

mod nodes;

pub use nodes::*;

pub type SkillConnection = Connection<String, SkillNode, TotalCount, SearchMatch>;
pub type OccupationConnection = Connection<String, OccupationNode, TotalCount, SearchMatch>;

/// What a search matched, on each edge of `skills(query:)` and `occupations(query:)`.
#[derive(SimpleObject, Default)]
pub struct SearchMatch {
    /// The label the query matched (preferred or alternative, in whatever language), or
    /// null when the list was not searched.
    pub matched_label: Option<MatchedLabel>,
}

#[derive(SimpleObject)]
pub struct MatchedLabel {
    pub text: String,
    /// ISO 639-1.
    pub lang: Option<String>,
    /// True for a preferred label, false for an alternative one.
    pub preferred: bool,
}

/// A searched list (`skills(query:)`, `occupations(query:)`): the search's best matches
/// first, each edge naming the label that matched, rows loaded through the request's loader
/// by the `key` of each hit's id.
async fn searched<K, T, N>(
    ctx: &Context<'_>,
    request: skillbridge_domain::search::SearchRequest,
    first: usize,
    after: Option<skillbridge_domain::Position>,
    key: impl Fn(uuid::Uuid) -> K,
    node: impl Fn(T) -> N,
) -> Result<Connection<String, N, TotalCount, SearchMatch>>
where
    N: async_graphql::OutputType,
    K: Clone + Eq + std::hash::Hash + Send + Sync + 'static,
    T: Clone + Send + Sync + 'static,
    StoreLoader: Loader<K, Value = T, Error = GqlError>,
{
    let (found, offset) = crate::search::run_search(ctx, request, first, after.as_ref()).await?;
    let rows = crate::search::load_hits(ctx, &found, key).await?;
    let mut connection = Connection::with_additional_fields(
        offset > 0,
        offset + found.hits.len() < found.total,
        TotalCount {
            total_count: found.total as u64,
        },
    );
    // A row removed since it was indexed drops out.
    for (cursor, matched, row) in crate::search::page_of(&found, offset, rows, |_| true) {
        connection.edges.push(Edge::with_additional_fields(
            cursor,
            node(row),
            SearchMatch {
                matched_label: matched.map(|t| MatchedLabel {
                    text: t.text,
                    lang: t.lang,
                    preferred: t.primary,
                }),
            },
        ));
    }
    Ok(connection)
}

/// Taxonomy queries.
#[derive(Default)]
pub struct TaxonomyQuery;

#[Object]
impl TaxonomyQuery {
    /// Skills (not groups). Without `query`, ordered by preferred label. With `query`, the
    /// skill search: preferred and alternative labels in every imported language, the last
    /// word as a prefix, one typo allowed in words of 5 letters or more and two from 9;
    /// best match first (fewest typos, preferred labels, whole words), each edge naming the
    /// label that matched.
    #[graphql(complexity = "page_size(first).unwrap_or(20) * child_complexity")]
    async fn skills(
        &self,
        ctx: &Context<'_>,
        query: Option<String>,
        #[graphql(name = "type")] skill_type: Option<SkillType>,
        first: Option<i32>,
        after: Option<String>,
        lang: Option<String>,
    ) -> Result<SkillConnection> {
        let page = PageRequest {
            first: page_size(first)?,
            after: after.as_deref().map(parse_cursor).transpose()?,
        };
        if let Some(text) = query.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
            use skillbridge_domain::search::{DocumentKind, Filter, SearchRequest};
            let mut request = SearchRequest::new(DocumentKind::Skill);
            request.text = Some(text.to_owned());
            request.filters = vec![Filter::AnyOf("conceptKind".into(), vec!["SKILL".into()])];
            if let Some(t) = skill_type {
                let t: domain::SkillType = t.into();
                request
                    .filters
                    .push(Filter::AnyOf("skillType".into(), vec![t.code().into()]));
            }
            let key = |id| SkillById(SkillId::from_uuid(id));
            return searched(ctx, request, page.first, page.after, key, SkillNode).await;
        }
        let filter = SkillQuery {
            // Blank: every skill (a query with text is searched above).
            text: None,
            skill_type: skill_type.map(Into::into),
            lang: crate::context::lang(ctx, lang)?,
        };
        let found = app(ctx)
            .skills(&filter, &page)
            .await
            .map_err(GqlError::from)?;
        // A listed (not searched) page: edges name no matched label.
        Ok(listed(found, &page, SkillNode))
    }

    /// A skill or skill group by its ESCO URI.
    async fn skill(&self, ctx: &Context<'_>, uri: String) -> GqlResult<Option<SkillNode>> {
        Ok(app(ctx).find_skill(&uri).await?.map(SkillNode))
    }

    /// Occupations, ordered by preferred label; `iscoGroup` keeps those in that ISCO group
    /// or any group below it.
    #[graphql(complexity = "page_size(first).unwrap_or(20) * child_complexity")]
    async fn occupations(
        &self,
        ctx: &Context<'_>,
        query: Option<String>,
        isco_group: Option<String>,
        first: Option<i32>,
        after: Option<String>,
        lang: Option<String>,
    ) -> Result<OccupationConnection> {
        if let Some(code) = &isco_group
            && !domain::is_isco_code(code)
        {
            return Err(GqlError::new(
                ErrorCode::BadUserInput,
                "`iscoGroup` must be an ISCO-08 code of 1 to 4 digits",
            )
            .into());
        }
        let page = PageRequest {
            first: page_size(first)?,
            after: after.as_deref().map(parse_cursor).transpose()?,
        };
        if let Some(text) = query.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
            use skillbridge_domain::search::{DocumentKind, Filter, SearchRequest};
            let mut request = SearchRequest::new(DocumentKind::Occupation);
            request.text = Some(text.to_owned());
            if let Some(code) = isco_group {
                request.filters = vec![Filter::AnyOf("iscoGroup".into(), vec![code])];
            }
            let key = |id| OccupationById(OccupationId::from_uuid(id));
            return searched(ctx, request, page.first, page.after, key, OccupationNode).await;
        }
        let filter = OccupationQuery {
            text: None,
            isco_group,
            lang: crate::context::lang(ctx, lang)?,
        };
        let found = app(ctx)
            .occupations(&filter, &page)
            .await
            .map_err(GqlError::from)?;
        Ok(listed(found, &page, OccupationNode))
    }

    /// An occupation by its ESCO URI.
    async fn occupation(
        &self,
        ctx: &Context<'_>,
        uri: String,
    ) -> GqlResult<Option<OccupationNode>> {
        Ok(app(ctx).find_occupation(&uri).await?.map(OccupationNode))
    }

    /// Shortage list entries that apply in `region`: its own, its country's and, in an EU
    /// member state, the EU-wide lists. Only entries in force on `on` (default today)
    /// unless `includeExpired`.
    #[graphql(complexity = "page_size(first).unwrap_or(20) * child_complexity")]
    async fn shortage_occupations(
        &self,
        ctx: &Context<'_>,
        region: String,
        on: Option<Date>,
        #[graphql(default = false)] include_expired: bool,
        first: Option<i32>,
        after: Option<String>,
    ) -> GqlResult<Connection<String, ShortageOccupation, TotalCount>> {
        let page = crate::connections::keyed_page_request(first, after.as_deref())?;
        let region = Region::parse(&region)
            .map_err(|err| GqlError::new(ErrorCode::BadUserInput, err.to_string()))?;
        let day = on.map_or_else(|| Utc::now().date_naive(), |d| d.0);
        let entries = app(ctx).shortages_in(&region, day, include_expired).await?;
        let rows = entries
            .into_iter()
            .map(|s| (shortage_position(&s), s))
            .collect();
        Ok(crate::connections::listed_whole(
            rows,
            skillbridge_domain::Order::OldestFirst,
            &page,
            |s| ShortageOccupation::new(s, day),
        ))
    }

    /// Every ISO 639-1 language, with its ESCO language skill where ESCO has one.
    async fn languages(&self, ctx: &Context<'_>) -> GqlResult<Vec<Language>> {
        Ok(app(ctx)
            .languages()
            .await?
            .into_iter()
            .map(|(code, skill)| Language {
                code: code.as_str().to_owned(),
                name: code.name().to_owned(),
                esco_skill: skill.map(SkillNode),
            })
            .collect())
    }

    /// The CEFR levels, lowest first.
    async fn cefr_levels(&self) -> Vec<CefrLevelInfo> {
        DomainCefr::ALL
            .into_iter()
            .map(|level| CefrLevelInfo {
                level: level.into(),
                band: level.band().to_owned(),
            })
            .collect()
    }
}

/// Where an entry sits in a list of shortages: by region, ISCO group, ESCO occupation, start
/// and source (the store's order; the unit separator keeps a field that is a prefix of
/// another first).
fn shortage_position(shortage: &Shortage) -> skillbridge_domain::Position {
    let e = &shortage.entry;
    skillbridge_domain::Position {
        key: [
            e.region.as_str(),
            &e.isco_code,
            &e.occupation_uri,
            &e.valid_from.to_string(),
            &e.source,
        ]
        .join("\u{1f}"),
        tiebreak: shortage.id.as_uuid().to_string(),
    }
}

/// An entry of a shortage list as a node (public, like `shortageOccupations`), as in force
/// today.
pub(crate) async fn shortage_node(
    ctx: &Context<'_>,
    id: skillbridge_domain::ShortageId,
) -> GqlResult<Option<ShortageOccupation>> {
    let day = Utc::now().date_naive();
    Ok(app(ctx)
        .shortage(id)
        .await?
        .map(|s| ShortageOccupation::new(s, day)))
}

/// Each of `rows` (a vacancy's or a course's skills) with the skill it names, in order; a
/// row whose skill is gone drops out. One batch for the rows of a whole page.
pub(crate) async fn with_skills<R>(
    ctx: &Context<'_>,
    rows: Vec<R>,
    skill: impl Fn(&R) -> SkillId,
) -> Result<Vec<(SkillNode, R)>> {
    let ids: Vec<SkillById> = rows.iter().map(|r| SkillById(skill(r))).collect();
    let found = loader(ctx)?.load_many(ids).await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            let node = found.get(&SkillById(skill(&r))).cloned().map(SkillNode)?;
            Some((node, r))
        })
        .collect())
}
