//! The taxonomy's types as GraphQL shows them: skills, occupations, ISCO groups, shortage
//! entries, languages and CEFR levels.

use crate::GqlResult;
use crate::context::app;
use async_graphql::{ComplexObject, Context, Enum, ID, Object, Result, SimpleObject};
use chrono::NaiveDate;
use skillbridge_domain::LanguageCode;
use skillbridge_domain::shortage::Shortage;
use skillbridge_domain::taxonomy::{self as domain};

use crate::context::loader;
use crate::ids::global_id;
use crate::loaders::{
    BroaderOf, IscoGroupByCode, IscoLabel, NarrowerOf, OccupationAltLabels, OccupationLabel,
    SkillAltLabels, SkillLabel, SkillsOf,
};
use crate::scalars::Date;

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

    async fn occupation(&self, ctx: &Context<'_>) -> GqlResult<Option<OccupationNode>> {
        let Some(uri) = &self.occupation_uri else {
            return Ok(None);
        };
        Ok(app(ctx).find_occupation(uri).await?.map(OccupationNode))
    }
}

impl ShortageOccupation {
    pub(crate) fn new(shortage: Shortage, day: NaiveDate) -> Self {
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
