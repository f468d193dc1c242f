//! What people write in forms, resolved: ESCO skills and occupations named by URI, languages
//! by ISO 639-1 code with a CEFR level. One rule each, for every use case that takes them;
//! each problem comes back at the field that holds it.

use skillbridge_domain::taxonomy::ConceptKind;
use skillbridge_domain::{
    CefrLevel, FieldProblem, LanguageCode, OccupationId, ProblemCode, SkillId, StoreResult,
};

use crate::App;

/// A language and a CEFR level as written (`en`, `B2`).
#[derive(Clone, Debug)]
pub struct LanguageLevelAsWritten {
    pub language: String,
    pub level: String,
}

impl App {
    /// The id of the ESCO skill (not a skill group) with this URI, or `None` when there is
    /// none: the one rule for every input that names a skill by URI.
    pub(crate) async fn skill_id_by_uri(&self, uri: &str) -> StoreResult<Option<SkillId>> {
        Ok(self
            .store
            .skill_by_uri(uri.trim())
            .await?
            .filter(|s| s.kind == ConceptKind::Skill)
            .map(|s| s.id))
    }

    /// Each written item of the list `skills` with its skill resolved by `make`; an item
    /// whose URI names no skill is a problem at `skills[i].skillUri`.
    pub(crate) async fn skills_by_uri<W, S>(
        &self,
        list: &'static str,
        written: &[W],
        uri: impl Fn(&W) -> &str,
        make: impl Fn(&W, SkillId) -> S,
        problems: &mut Vec<FieldProblem>,
    ) -> StoreResult<Vec<S>> {
        let mut skills = Vec::with_capacity(written.len());
        for (i, item) in written.iter().enumerate() {
            match self.skill_id_by_uri(uri(item)).await? {
                Some(skill_id) => skills.push(make(item, skill_id)),
                None => problems.push(FieldProblem::in_list(
                    list,
                    i,
                    "skillUri",
                    ProblemCode::UnknownSkill,
                    "no ESCO skill has this URI",
                )),
            }
        }
        Ok(skills)
    }

    /// The skills a list of URIs (the input field `field`) names: TOO_MANY (at `field`)
    /// when it holds more than `max`, before any look-up; UNKNOWN_SKILL per unknown one.
    pub(crate) async fn skill_ids_by_uri(
        &self,
        field: &'static str,
        uris: &[String],
        max: usize,
        problems: &mut Vec<FieldProblem>,
    ) -> StoreResult<Vec<SkillId>> {
        if uris.len() > max {
            problems.push(FieldProblem::new(
                field,
                ProblemCode::TooMany,
                format!("name at most {max} skills"),
            ));
            return Ok(Vec::new());
        }
        let mut ids = Vec::with_capacity(uris.len());
        for uri in uris {
            match self.skill_id_by_uri(uri).await? {
                Some(id) => ids.push(id),
                None => problems.push(FieldProblem::new(
                    field,
                    ProblemCode::UnknownSkill,
                    format!("no ESCO skill has the URI {:?}", uri.trim()),
                )),
            }
        }
        Ok(ids)
    }

    /// The id of the ESCO occupation with this URI, or `None` when there is none.
    pub(crate) async fn occupation_id_by_uri(
        &self,
        uri: &str,
    ) -> StoreResult<Option<OccupationId>> {
        Ok(self
            .store
            .occupation_by_uri(uri.trim())
            .await?
            .map(|o| o.id))
    }

    /// The occupation a URI names; an unknown one is a problem at `occupationUri`.
    pub(crate) async fn occupation_by_uri(
        &self,
        uri: &str,
        problems: &mut Vec<FieldProblem>,
    ) -> StoreResult<Option<OccupationId>> {
        let found = self.occupation_id_by_uri(uri).await?;
        if found.is_none() {
            problems.push(FieldProblem::new(
                "occupationUri",
                ProblemCode::UnknownOccupation,
                "no ESCO occupation has this URI",
            ));
        }
        Ok(found)
    }
}

/// A language and level, or a problem at `{field}.language` and one at
/// `{field}.{level_field}` for each that is wrong (`field` is the path of the input object
/// holding them; empty for the top level).
pub(crate) fn language_level(
    field: &str,
    level_field: &str,
    written: &LanguageLevelAsWritten,
    problems: &mut Vec<FieldProblem>,
) -> Option<(LanguageCode, CefrLevel)> {
    let at = |name: &str| {
        if field.is_empty() {
            name.to_owned()
        } else {
            format!("{field}.{name}")
        }
    };
    let language = LanguageCode::parse(&written.language)
        .map_err(|err| {
            problems.push(FieldProblem::new(
                at("language"),
                ProblemCode::InvalidLanguage,
                err.to_string(),
            ));
        })
        .ok();
    let level = CefrLevel::parse(&written.level)
        .map_err(|err| {
            problems.push(FieldProblem::new(
                at(level_field),
                ProblemCode::InvalidCefrLevel,
                err.to_string(),
            ));
        })
        .ok();
    Some((language?, level?))
}

/// A change to one optional value: keep it, clear it, or set it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Edit<T> {
    #[default]
    Keep,
    Clear,
    Set(T),
}

impl<T> Edit<T> {
    /// The value after this change to `current`.
    pub fn applied_to(self, current: Option<T>) -> Option<T> {
        match self {
            Edit::Keep => current,
            Edit::Clear => None,
            Edit::Set(value) => Some(value),
        }
    }
}

/// Each language code of the list `languages`, or a problem at `languages[i]`.
pub(crate) fn language_codes(
    written: &[String],
    problems: &mut Vec<FieldProblem>,
) -> Vec<LanguageCode> {
    let mut languages = Vec::with_capacity(written.len());
    for (i, code) in written.iter().enumerate() {
        match LanguageCode::parse(code) {
            Ok(language) => languages.push(language),
            Err(err) => problems.push(FieldProblem::new(
                format!("languages[{i}]"),
                ProblemCode::InvalidLanguage,
                err.to_string(),
            )),
        }
    }
    languages
}

/// The values of rows of one owner, read as (owner, value).
pub(crate) fn values<O, T>(rows: Vec<(O, T)>) -> Vec<T> {
    rows.into_iter().map(|(_, v)| v).collect()
}
