//! The ESCO taxonomy: skills and skill groups, occupations, ISCO-08 groups, their labels in
//! every imported language, and the relations between them.

use chrono::{DateTime, Utc};

use crate::id::{OccupationId, SkillId};

/// Every ESCO concept URI starts with this.
pub const ESCO_URI_PREFIX: &str = "http://data.europa.eu/esco/";

/// The language labels fall back to when the asked-for language has none.
pub const FALLBACK_LANG: &str = "en";

/// Whether `uri` can name an ESCO concept: an absolute http(s) URI with a host and a path.
/// Most live under [`ESCO_URI_PREFIX`], but not all (the real download has ICT skills
/// contributed under a partner's domain), so the namespace is not checked.
pub fn is_esco_uri(uri: &str) -> bool {
    let Some(rest) = uri
        .strip_prefix("http://")
        .or_else(|| uri.strip_prefix("https://"))
    else {
        return false;
    };
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    let forbidden = |c: char| {
        c.is_whitespace()
            || c.is_control()
            || matches!(c, '"' | '<' | '>' | '\\' | '^' | '`' | '{' | '|' | '}')
    };
    !host.is_empty()
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':'))
        && !path.is_empty()
        && !uri.chars().any(forbidden)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn concept_uris() {
        assert!(is_esco_uri(
            "http://data.europa.eu/esco/skill/0005c151-5b5a-4a66-8aac-60e734beb1ab"
        ));
        assert!(is_esco_uri(
            "http://par-tec.it/esco/skill/8534efcf-7e31-4e56-bcfc-4f380cec7ab0"
        ));
        for bad in [
            "",
            "data.europa.eu/esco/skill/x",
            "htp://data.europa.eu/esco/skill/x",
            "http://",
            "http://data.europa.eu",
            "http://data.europa.eu/esco/skill/a b",
            "http://data.europa.eu/esco/skill/x|http://data.europa.eu/esco/skill/y",
        ] {
            assert!(!is_esco_uri(bad), "{bad:?}");
        }
    }

    #[test]
    fn folding_is_case_and_space_insensitive() {
        assert_eq!(fold_label("  Soins   INFIRMIERS "), "soins infirmiers");
        assert_eq!(fold_label("ÉCRIRE en Hongrois"), "écrire en hongrois");
    }
}

/// A label as matched and ordered: lower case (all of Unicode), whitespace collapsed. The
/// same on both databases because it is computed here, not by SQL.
pub fn fold_label(label: &str) -> String {
    label
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

use crate::codes::coded;

coded!(
    /// A concept of the skills pillar: a skill, or a group that organises skills.
    ConceptKind { Skill => "SKILL", SkillGroup => "SKILL_GROUP" }
);
coded!(
    /// ESCO's `skillType`.
    SkillType { Knowledge => "KNOWLEDGE", SkillCompetence => "SKILL_COMPETENCE" }
);
coded!(
    /// ESCO's `reuseLevel`: how widely a skill applies.
    ReuseLevel {
        Transversal => "TRANSVERSAL",
        CrossSector => "CROSS_SECTOR",
        SectorSpecific => "SECTOR_SPECIFIC",
        OccupationSpecific => "OCCUPATION_SPECIFIC",
    }
);
coded!(
    /// How an occupation needs a skill. `Unspecified` where the source does not say.
    SkillRelation { Essential => "ESSENTIAL", Optional => "OPTIONAL", Unspecified => "UNSPECIFIED" }
);

impl SkillType {
    /// From ESCO's spelling (`knowledge`, `skill/competence`). The official export names
    /// two types for a few concepts (`skill/competence knowledge`, or separated by `|` or a
    /// line break): every name must be a type, and the first named is kept, since a skill
    /// here has one type.
    pub fn from_esco(value: &str) -> Option<Self> {
        let mut types = value
            .split(|c: char| c.is_whitespace() || c == '|' || c == ',')
            .filter(|t| !t.is_empty())
            .map(|t| match t.to_ascii_lowercase().as_str() {
                "knowledge" => Some(SkillType::Knowledge),
                "skill/competence" | "skill" | "competence" => Some(SkillType::SkillCompetence),
                _ => None,
            });
        let first = types.next()??;
        types.all(|t| t.is_some()).then_some(first)
    }
}

impl ReuseLevel {
    /// From ESCO's spelling (`transversal`, `cross-sector`, `sector-specific`,
    /// `occupation-specific`).
    pub fn from_esco(value: &str) -> Option<Self> {
        match value.trim().to_ascii_lowercase().replace(' ', "-").as_str() {
            "transversal" => Some(ReuseLevel::Transversal),
            "cross-sector" => Some(ReuseLevel::CrossSector),
            "sector-specific" => Some(ReuseLevel::SectorSpecific),
            "occupation-specific" => Some(ReuseLevel::OccupationSpecific),
            _ => None,
        }
    }
}

impl SkillRelation {
    /// From ESCO's `relationType` (`essential`, `optional`).
    pub fn from_esco(value: &str) -> Option<Self> {
        match value.trim().to_ascii_lowercase().as_str() {
            "essential" => Some(SkillRelation::Essential),
            "optional" => Some(SkillRelation::Optional),
            "" => Some(SkillRelation::Unspecified),
            _ => None,
        }
    }
}

/// A concept's labels in one language, as one row of an ESCO file gives them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Labels {
    pub lang: String,
    pub preferred: String,
    pub alt: Vec<String>,
    pub hidden: Vec<String>,
    pub description: Option<String>,
}

/// A skill or skill group, with its labels in one language.
#[derive(Clone, Debug, PartialEq)]
pub struct SkillRecord {
    pub uri: String,
    pub kind: ConceptKind,
    pub skill_type: Option<SkillType>,
    pub reuse_level: Option<ReuseLevel>,
    pub status: Option<String>,
    pub modified_at: Option<DateTime<Utc>>,
    pub labels: Labels,
}

/// An occupation, with its labels in one language.
#[derive(Clone, Debug, PartialEq)]
pub struct OccupationRecord {
    pub uri: String,
    pub isco_code: Option<String>,
    pub status: Option<String>,
    pub regulated_profession_note: Option<String>,
    pub modified_at: Option<DateTime<Utc>>,
    pub labels: Labels,
}

/// An ISCO-08 group (1 to 4 digits), with its labels in one language.
#[derive(Clone, Debug, PartialEq)]
pub struct IscoGroupRecord {
    pub uri: String,
    pub code: String,
    pub labels: Labels,
}

/// "`narrower_uri` is a kind of `broader_uri`" in the skills pillar.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BroaderLink {
    pub narrower_uri: String,
    pub broader_uri: String,
}

/// An occupation needs a skill.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OccupationSkillLink {
    pub occupation_uri: String,
    pub skill_uri: String,
    pub relation: SkillRelation,
}

/// Whether `code` is an ISCO-08 group code (1 to 4 digits).
pub fn is_isco_code(code: &str) -> bool {
    (1..=4).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_digit())
}

/// A stored skill or skill group (labels are read separately, per language).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Skill {
    pub id: SkillId,
    pub uri: String,
    pub kind: ConceptKind,
    pub skill_type: Option<SkillType>,
    pub reuse_level: Option<ReuseLevel>,
}

/// A stored occupation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Occupation {
    pub id: OccupationId,
    pub uri: String,
    pub isco_code: Option<String>,
    pub regulated_profession_note: Option<String>,
}

/// A stored ISCO-08 group.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IscoGroup {
    pub code: String,
    pub uri: String,
    pub parent_code: Option<String>,
}

/// A concept's preferred label and description in one language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    pub lang: String,
    pub preferred: String,
    pub description: Option<String>,
}

/// Picks the label in `lang`, else in English, else any: a concept always has a name.
pub fn best_label<'a>(labels: &'a [Label], lang: &str) -> Option<&'a Label> {
    labels
        .iter()
        .find(|l| l.lang == lang)
        .or_else(|| labels.iter().find(|l| l.lang == FALLBACK_LANG))
        .or_else(|| labels.first())
}

/// How many of each concept the store holds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TaxonomyCounts {
    pub skills: u64,
    pub skill_groups: u64,
    pub occupations: u64,
    pub isco_groups: u64,
    pub broader_links: u64,
    pub occupation_skill_links: u64,
}

/// A filter over skills. `text` matches preferred and alternative labels in any language
/// (plain substring, case-insensitive); the search issue brings typo tolerance.
#[derive(Clone, Debug, Default)]
pub struct SkillQuery {
    pub text: Option<String>,
    pub skill_type: Option<SkillType>,
    /// Results are ordered by the preferred label in this language (English fallback).
    pub lang: String,
}

/// A filter over occupations; `isco_group` matches the group and every group below it.
#[derive(Clone, Debug, Default)]
pub struct OccupationQuery {
    pub text: Option<String>,
    pub isco_group: Option<String>,
    pub lang: String,
}
