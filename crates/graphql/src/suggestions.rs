//! Suggestions from free text: the ESCO skills and occupations that a CV paragraph, an
//! experience told in the person's words or a job-ad sentence mentions, each with where
//! (character offsets into the text), through which label and how surely, and whether the
//! caller's profile has it already. Nothing is stored: the person confirms what to add.

use std::collections::HashSet;

use async_graphql::{Context, Object, Result, SimpleObject};
use skillbridge_domain::mentions::{MAX_TEXT_CHARS, Mention, MentionRequest};
use skillbridge_domain::search::{DocumentKind, Filter};
use skillbridge_domain::{OccupationId, SkillId, policy};

use crate::context::{app, current_user, loader};
use crate::loaders::{DesiredOccupationsOf, ExperiencesOf, OccupationById, SkillById};
use crate::taxonomy::{MatchedLabel, OccupationNode, SkillNode};
use crate::{ErrorCode, GqlError};

/// The most suggestions one text gives, and how many without `first`.
const MAX_SUGGESTIONS: i32 = 50;
const DEFAULT_SUGGESTIONS: i32 = 10;

/// Where a suggestion was found in the text.
#[derive(SimpleObject)]
pub struct TextSpan {
    /// Character offsets (Unicode scalar values, not bytes): start inclusive, end exclusive.
    pub start: i32,
    pub end: i32,
    /// The text between them.
    pub text: String,
}

/// A skill the text mentions.
#[derive(SimpleObject)]
pub struct SkillSuggestion {
    pub skill: SkillNode,
    /// The label found in the text (in whichever language).
    pub matched_label: MatchedLabel,
    pub span: TextSpan,
    /// From 0 to 1: the share of the label's words found, lowered by other words between
    /// them.
    pub confidence: f64,
    /// Whether the caller's profile lists the skill already.
    pub on_profile: bool,
}

/// An occupation the text mentions.
#[derive(SimpleObject)]
pub struct OccupationSuggestion {
    pub occupation: OccupationNode,
    pub matched_label: MatchedLabel,
    pub span: TextSpan,
    pub confidence: f64,
    /// Whether the caller's profile has it among its work experience or desired
    /// occupations.
    pub on_profile: bool,
}

/// What a suggestion says besides its concept.
struct Found {
    matched_label: MatchedLabel,
    span: TextSpan,
    confidence: f64,
}

/// The mentions of `kind` in `text`, checked: over 5,000 characters, `first` out of 1..=50
/// or a malformed `lang` is bad input naming the field; a blank text has none.
async fn mentions(
    ctx: &Context<'_>,
    kind: DocumentKind,
    text: &str,
    lang: Option<String>,
    first: i32,
    filters: Vec<Filter>,
) -> Result<Vec<(uuid::Uuid, Found)>> {
    if text.chars().count() > MAX_TEXT_CHARS {
        return Err(GqlError::new(
            ErrorCode::BadUserInput,
            format!("`text` is longer than {MAX_TEXT_CHARS} characters: send a shorter part"),
        )
        .into());
    }
    if !(1..=MAX_SUGGESTIONS).contains(&first) {
        return Err(GqlError::new(
            ErrorCode::BadUserInput,
            format!("`first` must be from 1 to {MAX_SUGGESTIONS}"),
        )
        .into());
    }
    let lang = lang
        .map(|l| crate::context::lang(ctx, Some(l)))
        .transpose()?;
    if text.trim().is_empty() {
        return Ok(Vec::new());
    }
    let request = MentionRequest {
        kind,
        text: text.to_owned(),
        lang,
        filters,
        limit: first as usize,
    };
    let found = app(ctx)
        .index()
        .mentions(&request)
        .await
        .map_err(crate::search::search_error)?;
    Ok(found
        .into_iter()
        .map(|m: Mention| {
            let span = TextSpan {
                start: m.start as i32,
                end: m.end as i32,
                text: text.chars().skip(m.start).take(m.end - m.start).collect(),
            };
            (
                m.id,
                Found {
                    matched_label: MatchedLabel {
                        text: m.label.text,
                        lang: m.label.lang,
                        preferred: m.label.primary,
                    },
                    span,
                    confidence: f64::from(m.confidence),
                },
            )
        })
        .collect())
}

/// The skills and occupations on the caller's profile (none for callers without one).
async fn on_profile(ctx: &Context<'_>) -> Result<(HashSet<SkillId>, HashSet<OccupationId>)> {
    let Some(user) = current_user(ctx).filter(|u| policy::may_have_profile(u.role)) else {
        return Ok(Default::default());
    };
    let Some(profile) = app(ctx).own_profile(&user).await.map_err(GqlError::from)? else {
        return Ok(Default::default());
    };
    let skills = app(ctx)
        .held_skills(profile.id)
        .await
        .map_err(GqlError::from)?;
    let loader = loader(ctx)?;
    let mut occupations: HashSet<OccupationId> = loader
        .load_one(DesiredOccupationsOf(profile.id))
        .await?
        .unwrap_or_default()
        .into_iter()
        .collect();
    occupations.extend(
        loader
            .load_one(ExperiencesOf(profile.id))
            .await?
            .unwrap_or_default()
            .into_iter()
            .filter_map(|e| e.occupation_id),
    );
    Ok((skills, occupations))
}

/// Suggestions from free text.
#[derive(Default)]
pub struct SuggestionQuery;

#[Object]
impl SuggestionQuery {
    /// The ESCO skills a text mentions (a CV paragraph, an experience, a job-ad sentence;
    /// up to 5,000 characters), most confident first, each with the span it was found at
    /// and the label found. `lang` is the text's language when known (its stemmer and stop
    /// words are used; without it, every language's). `first`: 1 to 50, default 10. A
    /// blank text has none.
    #[graphql(
        complexity = "first.unwrap_or(DEFAULT_SUGGESTIONS).clamp(1, 50) as usize * child_complexity"
    )]
    async fn suggest_skills(
        &self,
        ctx: &Context<'_>,
        text: String,
        lang: Option<String>,
        first: Option<i32>,
    ) -> Result<Vec<SkillSuggestion>> {
        let filters = vec![Filter::AnyOf("conceptKind".into(), vec!["SKILL".into()])];
        let first = first.unwrap_or(DEFAULT_SUGGESTIONS);
        let found = mentions(ctx, DocumentKind::Skill, &text, lang, first, filters).await?;
        if found.is_empty() {
            return Ok(Vec::new());
        }
        let (held, _) = on_profile(ctx).await?;
        let ids: Vec<SkillId> = found
            .iter()
            .map(|(id, _)| SkillId::from_uuid(*id))
            .collect();
        let mut skills = loader(ctx)?
            .load_many(ids.iter().copied().map(SkillById))
            .await?;
        Ok(found
            .into_iter()
            .filter_map(|(id, f)| {
                let skill = skills.remove(&SkillById(SkillId::from_uuid(id)))?;
                Some(SkillSuggestion {
                    on_profile: held.contains(&skill.id),
                    skill: SkillNode(skill),
                    matched_label: f.matched_label,
                    span: f.span,
                    confidence: f.confidence,
                })
            })
            .collect())
    }

    /// The ESCO occupations a text mentions, as `suggestSkills` does for skills.
    #[graphql(
        complexity = "first.unwrap_or(DEFAULT_SUGGESTIONS).clamp(1, 50) as usize * child_complexity"
    )]
    async fn suggest_occupations(
        &self,
        ctx: &Context<'_>,
        text: String,
        lang: Option<String>,
        first: Option<i32>,
    ) -> Result<Vec<OccupationSuggestion>> {
        let first = first.unwrap_or(DEFAULT_SUGGESTIONS);
        let found = mentions(
            ctx,
            DocumentKind::Occupation,
            &text,
            lang,
            first,
            Vec::new(),
        )
        .await?;
        if found.is_empty() {
            return Ok(Vec::new());
        }
        let (_, held) = on_profile(ctx).await?;
        let ids: Vec<OccupationId> = found
            .iter()
            .map(|(id, _)| OccupationId::from_uuid(*id))
            .collect();
        let mut occupations = loader(ctx)?
            .load_many(ids.iter().copied().map(OccupationById))
            .await?;
        Ok(found
            .into_iter()
            .filter_map(|(id, f)| {
                let occupation =
                    occupations.remove(&OccupationById(OccupationId::from_uuid(id)))?;
                Some(OccupationSuggestion {
                    on_profile: held.contains(&occupation.id),
                    occupation: OccupationNode(occupation),
                    matched_label: f.matched_label,
                    span: f.span,
                    confidence: f.confidence,
                })
            })
            .collect())
    }
}
