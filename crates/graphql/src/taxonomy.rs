//! The taxonomy in GraphQL: skills, occupations, ISCO groups, shortage lists, languages.
//! Resolvers stay thin: they read arguments, call the store or a loader, and map results.

use async_graphql::connection::{Connection, Edge};
use async_graphql::{ComplexObject, Context, Enum, ID, Object, Result, SimpleObject};
use chrono::{NaiveDate, Utc};
use skillbridge_domain::shortage::{Region, Shortage};
use skillbridge_domain::taxonomy::{self as domain, OccupationQuery, SkillQuery};
use skillbridge_domain::{
    CefrLevel as DomainCefr, LanguageCode, OccupationId, PageRequest, SkillId,
};

use crate::connections::{TotalCount, listed};
use crate::context::{loader, store};
use crate::ids::{global_id, page_size, parse_cursor};
use crate::loaders::*;
use crate::scalars::Date;
use crate::{ErrorCode, GqlError};

/// ESCO's split of the skills pillar.
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(remote = "skillbridge_domain::taxonomy::SkillType")]
pub enum SkillType {
    /// Knowledge: facts, principles, theories.
    Knowledge,
    /// Skill or competence: the ability to apply knowledge.
    SkillCompetence,
}

/// How widely a skill applies, as ESCO classifies it.
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(remote = "skillbridge_domain::taxonomy::ReuseLevel")]
pub enum ReuseLevel {
    Transversal,
    CrossSector,
    SectorSpecific,
    OccupationSpecific,
}

/// How an occupation needs a skill. UNSPECIFIED where the source does not say.
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(remote = "skillbridge_domain::taxonomy::SkillRelation")]
pub enum SkillRelation {
    Essential,
    Optional,
    Unspecified,
}

/// A level of the Common European Framework of Reference for Languages.
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(remote = "skillbridge_domain::CefrLevel")]
pub enum CefrLevel {
    A1,
    A2,
    B1,
    B2,
    C1,
    C2,
}

/// An ESCO skill, or a skill group of the skills hierarchy.
#[derive(Clone)]
pub struct SkillNode(pub domain::Skill);

#[Object(name = "Skill")]
impl SkillNode {
    pub(crate) async fn id(&self) -> ID {
        global_id("Skill", self.0.id.as_uuid())
    }

    /// The ESCO concept URI: stable across languages and releases.
    async fn uri(&self) -> &str {
        &self.0.uri
    }

    /// The preferred label in `lang` (default: the request's Accept-Language, then English).
    async fn preferred_label(&self, ctx: &Context<'_>, lang: Option<String>) -> Result<String> {
        Ok(self
            .label(ctx, lang)
            .await?
            .map(|l| l.preferred)
            .unwrap_or_default())
    }

    async fn description(&self, ctx: &Context<'_>, lang: Option<String>) -> Result<Option<String>> {
        Ok(self.label(ctx, lang).await?.and_then(|l| l.description))
    }

    /// Other names for the skill in `lang`.
    async fn alt_labels(&self, ctx: &Context<'_>, lang: Option<String>) -> Result<Vec<String>> {
        let lang = crate::context::lang(ctx, lang)?;
        Ok(loader(ctx)?
            .load_one(SkillAltLabels(self.0.id, lang))
            .await?
            .unwrap_or_default())
    }

    /// Null for skill groups.
    async fn skill_type(&self) -> Option<SkillType> {
        self.0.skill_type.map(Into::into)
    }

    async fn reuse_level(&self) -> Option<ReuseLevel> {
        self.0.reuse_level.map(Into::into)
    }

    /// True for a group of the skills hierarchy rather than a skill.
    async fn is_group(&self) -> bool {
        self.0.kind == domain::ConceptKind::SkillGroup
    }

    /// The broader skills and groups this skill belongs to.
    async fn broader(&self, ctx: &Context<'_>) -> Result<Vec<SkillNode>> {
        let skills = loader(ctx)?
            .load_one(BroaderOf(self.0.id))
            .await?
            .unwrap_or_default();
        Ok(skills.into_iter().map(SkillNode).collect())
    }

    /// The narrower skills of this skill or group.
    async fn narrower(&self, ctx: &Context<'_>) -> Result<Vec<SkillNode>> {
        let skills = loader(ctx)?
            .load_one(NarrowerOf(self.0.id))
            .await?
            .unwrap_or_default();
        Ok(skills.into_iter().map(SkillNode).collect())
    }
}

impl SkillNode {
    async fn label(
        &self,
        ctx: &Context<'_>,
        lang: Option<String>,
    ) -> Result<Option<domain::Label>> {
        let lang = crate::context::lang(ctx, lang)?;
        Ok(loader(ctx)?.load_one(SkillLabel(self.0.id, lang)).await?)
    }
}

/// An ESCO occupation.
#[derive(Clone)]
pub struct OccupationNode(pub domain::Occupation);

#[Object(name = "Occupation")]
impl OccupationNode {
    pub(crate) async fn id(&self) -> ID {
        global_id("Occupation", self.0.id.as_uuid())
    }

    async fn uri(&self) -> &str {
        &self.0.uri
    }

    async fn preferred_label(&self, ctx: &Context<'_>, lang: Option<String>) -> Result<String> {
        Ok(self
            .label(ctx, lang)
            .await?
            .map(|l| l.preferred)
            .unwrap_or_default())
    }

    async fn description(&self, ctx: &Context<'_>, lang: Option<String>) -> Result<Option<String>> {
        Ok(self.label(ctx, lang).await?.and_then(|l| l.description))
    }

    async fn alt_labels(&self, ctx: &Context<'_>, lang: Option<String>) -> Result<Vec<String>> {
        let lang = crate::context::lang(ctx, lang)?;
        Ok(loader(ctx)?
            .load_one(OccupationAltLabels(self.0.id, lang))
            .await?
            .unwrap_or_default())
    }

    /// The ISCO-08 unit group the occupation belongs to.
    async fn isco_group(&self, ctx: &Context<'_>) -> Result<Option<IscoGroupNode>> {
        let Some(code) = &self.0.isco_code else {
            return Ok(None);
        };
        Ok(loader(ctx)?
            .load_one(IscoGroupByCode(code.clone()))
            .await?
            .map(IscoGroupNode))
    }

    /// Whether the profession is regulated, as ESCO notes it.
    async fn regulated_profession_note(&self) -> Option<&str> {
        self.0.regulated_profession_note.as_deref()
    }

    /// Skills the occupation requires.
    async fn essential_skills(&self, ctx: &Context<'_>) -> Result<Vec<SkillNode>> {
        self.skills_where(ctx, |r| r == domain::SkillRelation::Essential)
            .await
    }

    /// Skills that help in the occupation.
    async fn optional_skills(&self, ctx: &Context<'_>) -> Result<Vec<SkillNode>> {
        self.skills_where(ctx, |r| r == domain::SkillRelation::Optional)
            .await
    }

    /// Every skill linked to the occupation, with how it is needed (including links
    /// whose type the source does not give).
    async fn skills(&self, ctx: &Context<'_>) -> Result<Vec<OccupationSkill>> {
        let links = loader(ctx)?
            .load_one(SkillsOf(self.0.id))
            .await?
            .unwrap_or_default();
        Ok(links
            .into_iter()
            .map(|(relation, skill)| OccupationSkill {
                relation: relation.into(),
                skill: SkillNode(skill),
            })
            .collect())
    }
}

impl OccupationNode {
    async fn label(
        &self,
        ctx: &Context<'_>,
        lang: Option<String>,
    ) -> Result<Option<domain::Label>> {
        let lang = crate::context::lang(ctx, lang)?;
        Ok(loader(ctx)?
            .load_one(OccupationLabel(self.0.id, lang))
            .await?)
    }

    async fn skills_where(
        &self,
        ctx: &Context<'_>,
        keep: impl Fn(domain::SkillRelation) -> bool,
    ) -> Result<Vec<SkillNode>> {
        let links = loader(ctx)?
            .load_one(SkillsOf(self.0.id))
            .await?
            .unwrap_or_default();
        Ok(links
            .into_iter()
            .filter(|(r, _)| keep(*r))
            .map(|(_, s)| SkillNode(s))
            .collect())
    }
}

/// A skill as an occupation needs it.
#[derive(SimpleObject)]
pub struct OccupationSkill {
    pub relation: SkillRelation,
    pub skill: SkillNode,
}

/// A group of the ISCO-08 classification (1 to 4 digits).
#[derive(Clone)]
pub struct IscoGroupNode(pub domain::IscoGroup);

#[Object(name = "IscoGroup")]
impl IscoGroupNode {
    /// The ISCO-08 code: 1 digit for a major group down to 4 for a unit group.
    async fn code(&self) -> &str {
        &self.0.code
    }

    async fn uri(&self) -> &str {
        &self.0.uri
    }

    async fn preferred_label(&self, ctx: &Context<'_>, lang: Option<String>) -> Result<String> {
        let lang = crate::context::lang(ctx, lang)?;
        let label = loader(ctx)?
            .load_one(IscoLabel(self.0.code.clone(), lang))
            .await?;
        Ok(label.map(|l| l.preferred).unwrap_or_default())
    }

    /// The group one level up; null for a major group.
    async fn parent(&self, ctx: &Context<'_>) -> Result<Option<IscoGroupNode>> {
        let Some(parent) = &self.0.parent_code else {
            return Ok(None);
        };
        Ok(loader(ctx)?
            .load_one(IscoGroupByCode(parent.clone()))
            .await?
            .map(IscoGroupNode))
    }
}

/// An entry of a shortage occupation list.
#[derive(SimpleObject)]
#[graphql(complex)]
pub struct ShortageOccupation {
    // Owned, as the `Node` interface reads it.
    #[graphql(owned)]
    pub id: ID,
    /// EU, an ISO 3166-1 country or an ISO 3166-2 subdivision.
    pub region: String,
    /// The ISCO-08 group the entry names, if it names one.
    pub isco_code: Option<String>,
    /// The ESCO occupation the entry names, if it names one.
    pub occupation_uri: Option<String>,
    /// The list's own name for the occupation.
    pub occupation_label: String,
    /// The list's own word for how severe the shortage is.
    pub severity: String,
    pub source: String,
    pub valid_from: Date,
    pub valid_to: Option<Date>,
    /// In force on the day asked about.
    pub current: bool,
}

#[ComplexObject]
impl ShortageOccupation {
    async fn isco_group(&self, ctx: &Context<'_>) -> Result<Option<IscoGroupNode>> {
        let Some(code) = &self.isco_code else {
            return Ok(None);
        };
        Ok(loader(ctx)?
            .load_one(IscoGroupByCode(code.clone()))
            .await?
            .map(IscoGroupNode))
    }

    async fn occupation(&self, ctx: &Context<'_>) -> Result<Option<OccupationNode>> {
        let Some(uri) = &self.occupation_uri else {
            return Ok(None);
        };
        Ok(store(ctx)
            .occupation_by_uri(uri)
            .await
            .map_err(GqlError::from)?
            .map(OccupationNode))
    }
}

impl ShortageOccupation {
    fn new(shortage: Shortage, day: NaiveDate) -> Self {
        let entry = shortage.entry;
        let non_empty = |s: String| Some(s).filter(|s| !s.is_empty());
        Self {
            id: global_id("ShortageOccupation", shortage.id.as_uuid()),
            current: entry.is_current(day),
            region: entry.region.as_str().to_owned(),
            isco_code: non_empty(entry.isco_code),
            occupation_uri: non_empty(entry.occupation_uri),
            occupation_label: entry.occupation_label,
            severity: entry.severity,
            source: entry.source,
            valid_from: Date(entry.valid_from),
            valid_to: entry.valid_to.map(Date),
        }
    }
}

/// A language (ISO 639-1) and, where ESCO has one, its ESCO knowledge skill.
#[derive(SimpleObject)]
pub struct Language {
    /// ISO 639-1 code.
    pub code: String,
    /// English name.
    pub name: String,
    pub esco_skill: Option<SkillNode>,
}

impl Language {
    /// The language of `code`, with its ESCO skill if known.
    pub fn of(code: LanguageCode, esco_skill: Option<SkillNode>) -> Self {
        Self {
            code: code.as_str().to_owned(),
            name: code.name().to_owned(),
            esco_skill,
        }
    }
}

/// A CEFR level with the CEFR's name for its band.
#[derive(SimpleObject)]
pub struct CefrLevelInfo {
    pub level: CefrLevel,
    /// basic user, independent user or proficient user.
    pub band: String,
}

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
/// first, each edge naming the label that matched, rows loaded by `load` from the ids.
async fn searched<T, N, Load, Fut>(
    ctx: &Context<'_>,
    request: skillbridge_domain::search::SearchRequest,
    first: usize,
    after: Option<skillbridge_domain::Position>,
    load: Load,
    node: impl Fn(T) -> N,
) -> Result<Connection<String, N, TotalCount, SearchMatch>>
where
    N: async_graphql::OutputType,
    Load: FnOnce(Vec<uuid::Uuid>) -> Fut,
    Fut: std::future::Future<Output = skillbridge_domain::StoreResult<Vec<(uuid::Uuid, T)>>>,
{
    let (found, offset) = crate::search::run_search(ctx, request, first, after.as_ref()).await?;
    let rows = load(found.hits.iter().map(|h| h.id).collect())
        .await
        .map_err(GqlError::from)?
        .into_iter()
        .collect();
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
            let store = store(ctx).clone();
            let load = |ids: Vec<uuid::Uuid>| async move {
                let ids: Vec<SkillId> = ids.into_iter().map(SkillId::from_uuid).collect();
                let skills = store.skills_by_ids(&ids).await?;
                Ok(skills.into_iter().map(|s| (*s.id.as_uuid(), s)).collect())
            };
            return searched(ctx, request, page.first, page.after, load, SkillNode).await;
        }
        let filter = SkillQuery {
            // Blank: every skill (a query with text is searched above).
            text: None,
            skill_type: skill_type.map(Into::into),
            lang: crate::context::lang(ctx, lang)?,
        };
        let found = store(ctx)
            .find_skills(&filter, &page)
            .await
            .map_err(GqlError::from)?;
        // A listed (not searched) page: edges name no matched label.
        Ok(listed(found, &page, SkillNode))
    }

    /// A skill or skill group by its ESCO URI.
    async fn skill(&self, ctx: &Context<'_>, uri: String) -> Result<Option<SkillNode>> {
        Ok(store(ctx)
            .skill_by_uri(&uri)
            .await
            .map_err(GqlError::from)?
            .map(SkillNode))
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
            let store = store(ctx).clone();
            let load = |ids: Vec<uuid::Uuid>| async move {
                let ids: Vec<OccupationId> = ids.into_iter().map(OccupationId::from_uuid).collect();
                let occupations = store.occupations_by_ids(&ids).await?;
                Ok(occupations
                    .into_iter()
                    .map(|o| (*o.id.as_uuid(), o))
                    .collect())
            };
            return searched(ctx, request, page.first, page.after, load, OccupationNode).await;
        }
        let filter = OccupationQuery {
            text: None,
            isco_group,
            lang: crate::context::lang(ctx, lang)?,
        };
        let found = store(ctx)
            .find_occupations(&filter, &page)
            .await
            .map_err(GqlError::from)?;
        Ok(listed(found, &page, OccupationNode))
    }

    /// An occupation by its ESCO URI.
    async fn occupation(&self, ctx: &Context<'_>, uri: String) -> Result<Option<OccupationNode>> {
        Ok(store(ctx)
            .occupation_by_uri(&uri)
            .await
            .map_err(GqlError::from)?
            .map(OccupationNode))
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
    ) -> Result<Connection<String, ShortageOccupation, TotalCount>> {
        let page = crate::connections::keyed_page_request(first, after.as_deref())?;
        let region = Region::parse(&region)
            .map_err(|err| GqlError::new(ErrorCode::BadUserInput, err.to_string()))?;
        let day = on.map_or_else(|| Utc::now().date_naive(), |d| d.0);
        let entries = store(ctx)
            .shortages_in(&region.covering())
            .await
            .map_err(GqlError::from)?;
        let rows = entries
            .into_iter()
            .filter(|s| include_expired || s.entry.is_current(day))
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
    async fn languages(&self, ctx: &Context<'_>) -> Result<Vec<Language>> {
        let languages: Vec<LanguageCode> = LanguageCode::all().collect();
        let names: Vec<&str> = languages.iter().map(|l| l.esco_name()).collect();
        let skills = store(ctx)
            .skills_by_english_label(&names)
            .await
            .map_err(GqlError::from)?;
        Ok(languages
            .into_iter()
            .map(|code| Language {
                code: code.as_str().to_owned(),
                name: code.name().to_owned(),
                esco_skill: skills
                    .iter()
                    .find(|(label, _)| label == code.esco_name())
                    .map(|(_, skill)| SkillNode(skill.clone())),
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
) -> Result<Option<ShortageOccupation>> {
    let day = Utc::now().date_naive();
    Ok(store(ctx)
        .shortage_by_id(id)
        .await
        .map_err(GqlError::from)?
        .map(|s| ShortageOccupation::new(s, day)))
}
