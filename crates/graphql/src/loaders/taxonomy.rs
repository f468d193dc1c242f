//! The taxonomy's labels and links in the language each field asks for: one statement per
//! language and relation for a whole page.

use std::collections::HashMap;

use async_graphql::dataloader::Loader;
use skillbridge_domain::taxonomy::{
    FALLBACK_LANG, IscoGroup, Label, Skill, SkillRelation, best_label,
};
use skillbridge_domain::{OccupationId, SkillId};

use super::{StoreLoader, grouped};
use crate::GqlError;

/// A skill's label in a language (with the English fallback).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct SkillLabel(pub SkillId, pub String);
/// A skill's alternative labels in a language.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct SkillAltLabels(pub SkillId, pub String);
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct OccupationLabel(pub OccupationId, pub String);
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct OccupationAltLabels(pub OccupationId, pub String);
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct SkillsOf(pub OccupationId);
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct IscoGroupByCode(pub String);
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct IscoLabel(pub String, pub String);

rows_of!(
    /// The broader skills or groups of a skill.
    BroaderOf(SkillId) -> Skill, broader_skills
);
rows_of!(
    /// The narrower skills of a skill or group.
    NarrowerOf(SkillId) -> Skill, narrower_skills
);

/// Groups keys by language: one query per language asked for.
fn by_lang<I: Clone, K: Clone>(
    keys: &[K],
    split: impl Fn(&K) -> (I, &str),
) -> HashMap<String, Vec<I>> {
    let mut groups: HashMap<String, Vec<I>> = HashMap::new();
    for key in keys {
        let (id, lang) = split(key);
        groups.entry(lang.to_owned()).or_default().push(id);
    }
    groups
}

/// For each owner, the best label in `lang` among `labels`.
fn pick<O: Eq + std::hash::Hash + Copy>(labels: Vec<(O, Label)>, lang: &str) -> HashMap<O, Label> {
    let mut by_owner: HashMap<O, Vec<Label>> = HashMap::new();
    for (owner, label) in labels {
        by_owner.entry(owner).or_default().push(label);
    }
    by_owner
        .into_iter()
        .filter_map(|(owner, labels)| best_label(&labels, lang).cloned().map(|l| (owner, l)))
        .collect()
}

impl Loader<SkillLabel> for StoreLoader {
    type Value = Label;
    type Error = GqlError;

    async fn load(&self, keys: &[SkillLabel]) -> Result<HashMap<SkillLabel, Label>, GqlError> {
        let mut found = HashMap::new();
        for (lang, ids) in by_lang(keys, |k| (k.0, k.1.as_str())) {
            let labels = self
                .store
                .skill_labels(&ids, &[&lang, FALLBACK_LANG])
                .await?;
            for (id, label) in pick(labels, &lang) {
                found.insert(SkillLabel(id, lang.clone()), label);
            }
        }
        Ok(found)
    }
}

impl Loader<SkillAltLabels> for StoreLoader {
    type Value = Vec<String>;
    type Error = GqlError;

    async fn load(
        &self,
        keys: &[SkillAltLabels],
    ) -> Result<HashMap<SkillAltLabels, Vec<String>>, GqlError> {
        let mut found: HashMap<SkillAltLabels, Vec<String>> = HashMap::new();
        for (lang, ids) in by_lang(keys, |k| (k.0, k.1.as_str())) {
            for (id, label) in self.store.skill_alt_labels(&ids, &lang).await? {
                found
                    .entry(SkillAltLabels(id, lang.clone()))
                    .or_default()
                    .push(label);
            }
        }
        Ok(found)
    }
}

impl Loader<OccupationLabel> for StoreLoader {
    type Value = Label;
    type Error = GqlError;

    async fn load(
        &self,
        keys: &[OccupationLabel],
    ) -> Result<HashMap<OccupationLabel, Label>, GqlError> {
        let mut found = HashMap::new();
        for (lang, ids) in by_lang(keys, |k| (k.0, k.1.as_str())) {
            let labels = self
                .store
                .occupation_labels(&ids, &[&lang, FALLBACK_LANG])
                .await?;
            for (id, label) in pick(labels, &lang) {
                found.insert(OccupationLabel(id, lang.clone()), label);
            }
        }
        Ok(found)
    }
}

impl Loader<OccupationAltLabels> for StoreLoader {
    type Value = Vec<String>;
    type Error = GqlError;

    async fn load(
        &self,
        keys: &[OccupationAltLabels],
    ) -> Result<HashMap<OccupationAltLabels, Vec<String>>, GqlError> {
        let mut found: HashMap<OccupationAltLabels, Vec<String>> = HashMap::new();
        for (lang, ids) in by_lang(keys, |k| (k.0, k.1.as_str())) {
            for (id, label) in self.store.occupation_alt_labels(&ids, &lang).await? {
                found
                    .entry(OccupationAltLabels(id, lang.clone()))
                    .or_default()
                    .push(label);
            }
        }
        Ok(found)
    }
}

impl Loader<SkillsOf> for StoreLoader {
    type Value = Vec<(SkillRelation, Skill)>;
    type Error = GqlError;

    async fn load(
        &self,
        keys: &[SkillsOf],
    ) -> Result<HashMap<SkillsOf, Vec<(SkillRelation, Skill)>>, GqlError> {
        let ids: Vec<OccupationId> = keys.iter().map(|k| k.0).collect();
        let rows = self.store.occupation_skills(&ids).await?;
        Ok(grouped(
            rows.into_iter()
                .map(|(id, relation, skill)| (id, (relation, skill)))
                .collect(),
            SkillsOf,
        ))
    }
}

impl Loader<IscoGroupByCode> for StoreLoader {
    type Value = IscoGroup;
    type Error = GqlError;

    async fn load(
        &self,
        keys: &[IscoGroupByCode],
    ) -> Result<HashMap<IscoGroupByCode, IscoGroup>, GqlError> {
        let codes: Vec<String> = keys.iter().map(|k| k.0.clone()).collect();
        Ok(self
            .store
            .isco_groups_by_codes(&codes)
            .await?
            .into_iter()
            .map(|group| (IscoGroupByCode(group.code.clone()), group))
            .collect())
    }
}

impl Loader<IscoLabel> for StoreLoader {
    type Value = Label;
    type Error = GqlError;

    async fn load(&self, keys: &[IscoLabel]) -> Result<HashMap<IscoLabel, Label>, GqlError> {
        let mut found = HashMap::new();
        for (lang, codes) in by_lang(keys, |k| (k.0.clone(), k.1.as_str())) {
            let labels = self
                .store
                .isco_group_labels(&codes, &[&lang, FALLBACK_LANG])
                .await?;
            let mut by_code: HashMap<String, Vec<Label>> = HashMap::new();
            for (code, label) in labels {
                by_code.entry(code).or_default().push(label);
            }
            for (code, labels) in by_code {
                if let Some(label) = best_label(&labels, &lang) {
                    found.insert(IscoLabel(code, lang.clone()), label.clone());
                }
            }
        }
        Ok(found)
    }
}
