//! Batch loading for everything a list fans out to (labels, relations, the users and
//! organisations of memberships), so that a page costs one query per relation rather than
//! one per row. One loader per request: its cache never outlives the request.

use std::collections::HashMap;
use std::sync::Arc;

use async_graphql::dataloader::Loader;
use skillbridge_domain::application::ApplicationEvent;
use skillbridge_domain::career::{Qualification, WorkExperience};
use skillbridge_domain::course::{Cohort, Course, CourseSkill};
use skillbridge_domain::profile::{Profile, ProfileLanguage, ProfileSkill, Track};
use skillbridge_domain::shortage::{Region, Shortage};
use skillbridge_domain::taxonomy::Occupation;
use skillbridge_domain::taxonomy::{
    FALLBACK_LANG, IscoGroup, Label, Skill, SkillRelation, best_label,
};
use skillbridge_domain::vacancy::{InclusionSupport, Vacancy, VacancyLanguage, VacancySkill};
use skillbridge_domain::{
    CohortId, CourseId, LanguageCode, OccupationId, Organisation, OrganisationId, ProfileId,
    SkillId, Store, User, UserId, VacancyId,
};

use crate::GqlError;

/// Loads store rows for one request.
pub struct StoreLoader {
    store: Arc<dyn Store>,
}

impl StoreLoader {
    pub fn new(store: Arc<dyn Store>) -> Self {
        Self { store }
    }
}

/// A skill's label in a language (with the English fallback).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct SkillLabel(pub SkillId, pub String);
/// A skill's alternative labels in a language.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct SkillAltLabels(pub SkillId, pub String);
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct BroaderOf(pub SkillId);
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct NarrowerOf(pub SkillId);
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

impl Loader<BroaderOf> for StoreLoader {
    type Value = Vec<Skill>;
    type Error = GqlError;

    async fn load(&self, keys: &[BroaderOf]) -> Result<HashMap<BroaderOf, Vec<Skill>>, GqlError> {
        let ids: Vec<SkillId> = keys.iter().map(|k| k.0).collect();
        let mut found: HashMap<BroaderOf, Vec<Skill>> = HashMap::new();
        for (id, skill) in self.store.broader_skills(&ids).await? {
            found.entry(BroaderOf(id)).or_default().push(skill);
        }
        Ok(found)
    }
}

impl Loader<NarrowerOf> for StoreLoader {
    type Value = Vec<Skill>;
    type Error = GqlError;

    async fn load(&self, keys: &[NarrowerOf]) -> Result<HashMap<NarrowerOf, Vec<Skill>>, GqlError> {
        let ids: Vec<SkillId> = keys.iter().map(|k| k.0).collect();
        let mut found: HashMap<NarrowerOf, Vec<Skill>> = HashMap::new();
        for (id, skill) in self.store.narrower_skills(&ids).await? {
            found.entry(NarrowerOf(id)).or_default().push(skill);
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
        let mut found: HashMap<SkillsOf, Vec<(SkillRelation, Skill)>> = HashMap::new();
        for (id, relation, skill) in self.store.occupation_skills(&ids).await? {
            found
                .entry(SkillsOf(id))
                .or_default()
                .push((relation, skill));
        }
        Ok(found)
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

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct UserById(pub UserId);
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct OrganisationById(pub OrganisationId);

impl Loader<UserById> for StoreLoader {
    type Value = User;
    type Error = GqlError;

    async fn load(&self, keys: &[UserById]) -> Result<HashMap<UserById, User>, GqlError> {
        let ids: Vec<UserId> = keys.iter().map(|k| k.0).collect();
        Ok(self
            .store
            .users_by_ids(&ids)
            .await?
            .into_iter()
            .map(|user| (UserById(user.id), user))
            .collect())
    }
}

impl Loader<OrganisationById> for StoreLoader {
    type Value = Organisation;
    type Error = GqlError;

    async fn load(
        &self,
        keys: &[OrganisationById],
    ) -> Result<HashMap<OrganisationById, Organisation>, GqlError> {
        let ids: Vec<OrganisationId> = keys.iter().map(|k| k.0).collect();
        Ok(self
            .store
            .organisations_by_ids(&ids)
            .await?
            .into_iter()
            .map(|organisation| (OrganisationById(organisation.id), organisation))
            .collect())
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct SkillById(pub SkillId);
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct OccupationById(pub OccupationId);
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct VacancySkillsOf(pub VacancyId);
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct VacancyLanguagesOf(pub VacancyId);
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct VacancySupportOf(pub VacancyId);
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct VacancyTracksOf(pub VacancyId);
/// The shortage list entries that apply in a region (its own, its country's, the EU's).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ShortagesIn(pub Region);

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct VacancyById(pub VacancyId);
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ProfileById(pub ProfileId);
/// An application's history.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct EventsOfApplication(pub uuid::Uuid);

impl Loader<ProfileById> for StoreLoader {
    type Value = Profile;
    type Error = GqlError;

    async fn load(&self, keys: &[ProfileById]) -> Result<HashMap<ProfileById, Profile>, GqlError> {
        let ids: Vec<ProfileId> = keys.iter().map(|k| k.0).collect();
        Ok(self
            .store
            .profiles_by_ids(&ids)
            .await?
            .into_iter()
            .map(|p| (ProfileById(p.id), p))
            .collect())
    }
}

impl Loader<EventsOfApplication> for StoreLoader {
    type Value = Vec<ApplicationEvent>;
    type Error = GqlError;

    async fn load(
        &self,
        keys: &[EventsOfApplication],
    ) -> Result<HashMap<EventsOfApplication, Vec<ApplicationEvent>>, GqlError> {
        let ids: Vec<uuid::Uuid> = keys.iter().map(|k| k.0).collect();
        let mut found: HashMap<EventsOfApplication, Vec<ApplicationEvent>> = HashMap::new();
        for event in self.store.application_events(&ids).await? {
            found
                .entry(EventsOfApplication(event.application_id))
                .or_default()
                .push(event);
        }
        Ok(found)
    }
}
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct CourseById(pub CourseId);
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct CohortById(pub CohortId);

impl Loader<VacancyById> for StoreLoader {
    type Value = Vacancy;
    type Error = GqlError;

    async fn load(&self, keys: &[VacancyById]) -> Result<HashMap<VacancyById, Vacancy>, GqlError> {
        let ids: Vec<VacancyId> = keys.iter().map(|k| k.0).collect();
        Ok(self
            .store
            .vacancies_by_ids(&ids)
            .await?
            .into_iter()
            .map(|v| (VacancyById(v.id), v))
            .collect())
    }
}

impl Loader<CourseById> for StoreLoader {
    type Value = Course;
    type Error = GqlError;

    async fn load(&self, keys: &[CourseById]) -> Result<HashMap<CourseById, Course>, GqlError> {
        let ids: Vec<CourseId> = keys.iter().map(|k| k.0).collect();
        Ok(self
            .store
            .courses_by_ids(&ids)
            .await?
            .into_iter()
            .map(|c| (CourseById(c.id), c))
            .collect())
    }
}

impl Loader<CohortById> for StoreLoader {
    type Value = Cohort;
    type Error = GqlError;

    async fn load(&self, keys: &[CohortById]) -> Result<HashMap<CohortById, Cohort>, GqlError> {
        let ids: Vec<CohortId> = keys.iter().map(|k| k.0).collect();
        Ok(self
            .store
            .cohorts_by_ids(&ids)
            .await?
            .into_iter()
            .map(|c| (CohortById(c.id), c))
            .collect())
    }
}

impl Loader<SkillById> for StoreLoader {
    type Value = Skill;
    type Error = GqlError;

    async fn load(&self, keys: &[SkillById]) -> Result<HashMap<SkillById, Skill>, GqlError> {
        let ids: Vec<SkillId> = keys.iter().map(|k| k.0).collect();
        Ok(self
            .store
            .skills_by_ids(&ids)
            .await?
            .into_iter()
            .map(|s| (SkillById(s.id), s))
            .collect())
    }
}

impl Loader<OccupationById> for StoreLoader {
    type Value = Occupation;
    type Error = GqlError;

    async fn load(
        &self,
        keys: &[OccupationById],
    ) -> Result<HashMap<OccupationById, Occupation>, GqlError> {
        let ids: Vec<OccupationId> = keys.iter().map(|k| k.0).collect();
        Ok(self
            .store
            .occupations_by_ids(&ids)
            .await?
            .into_iter()
            .map(|o| (OccupationById(o.id), o))
            .collect())
    }
}

/// Groups `(owner, item)` rows under their owner's key.
fn grouped<K: std::hash::Hash + Eq, V>(
    rows: Vec<(VacancyId, V)>,
    key: impl Fn(VacancyId) -> K,
) -> HashMap<K, Vec<V>> {
    let mut map: HashMap<K, Vec<V>> = HashMap::new();
    for (id, item) in rows {
        map.entry(key(id)).or_default().push(item);
    }
    map
}

impl Loader<VacancySkillsOf> for StoreLoader {
    type Value = Vec<VacancySkill>;
    type Error = GqlError;

    async fn load(
        &self,
        keys: &[VacancySkillsOf],
    ) -> Result<HashMap<VacancySkillsOf, Vec<VacancySkill>>, GqlError> {
        let ids: Vec<VacancyId> = keys.iter().map(|k| k.0).collect();
        Ok(grouped(
            self.store.vacancy_skills(&ids).await?,
            VacancySkillsOf,
        ))
    }
}

impl Loader<VacancyLanguagesOf> for StoreLoader {
    type Value = Vec<VacancyLanguage>;
    type Error = GqlError;

    async fn load(
        &self,
        keys: &[VacancyLanguagesOf],
    ) -> Result<HashMap<VacancyLanguagesOf, Vec<VacancyLanguage>>, GqlError> {
        let ids: Vec<VacancyId> = keys.iter().map(|k| k.0).collect();
        Ok(grouped(
            self.store.vacancy_languages(&ids).await?,
            VacancyLanguagesOf,
        ))
    }
}

impl Loader<VacancySupportOf> for StoreLoader {
    type Value = Vec<InclusionSupport>;
    type Error = GqlError;

    async fn load(
        &self,
        keys: &[VacancySupportOf],
    ) -> Result<HashMap<VacancySupportOf, Vec<InclusionSupport>>, GqlError> {
        let ids: Vec<VacancyId> = keys.iter().map(|k| k.0).collect();
        Ok(grouped(
            self.store.vacancy_support(&ids).await?,
            VacancySupportOf,
        ))
    }
}

impl Loader<VacancyTracksOf> for StoreLoader {
    type Value = Vec<Track>;
    type Error = GqlError;

    async fn load(
        &self,
        keys: &[VacancyTracksOf],
    ) -> Result<HashMap<VacancyTracksOf, Vec<Track>>, GqlError> {
        let ids: Vec<VacancyId> = keys.iter().map(|k| k.0).collect();
        Ok(grouped(
            self.store.vacancy_tracks(&ids).await?,
            VacancyTracksOf,
        ))
    }
}

impl Loader<ShortagesIn> for StoreLoader {
    type Value = Vec<Shortage>;
    type Error = GqlError;

    async fn load(
        &self,
        keys: &[ShortagesIn],
    ) -> Result<HashMap<ShortagesIn, Vec<Shortage>>, GqlError> {
        let mut regions: Vec<Region> = keys.iter().flat_map(|k| k.0.covering()).collect();
        regions.sort();
        regions.dedup();
        let entries = self.store.shortages_in(&regions).await?;
        Ok(keys
            .iter()
            .map(|key| {
                let covering = key.0.covering();
                let applicable = entries
                    .iter()
                    .filter(|e| covering.contains(&e.entry.region))
                    .cloned()
                    .collect();
                (key.clone(), applicable)
            })
            .collect())
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct CourseSkillsOf(pub CourseId);
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct CourseLanguagesOf(pub CourseId);
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct CourseTracksOf(pub CourseId);
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct CohortsOf(pub CourseId);

/// Groups `(course, item)` rows under the course's key.
fn by_course<K: std::hash::Hash + Eq, V>(
    rows: Vec<(CourseId, V)>,
    key: impl Fn(CourseId) -> K,
) -> HashMap<K, Vec<V>> {
    let mut map: HashMap<K, Vec<V>> = HashMap::new();
    for (id, item) in rows {
        map.entry(key(id)).or_default().push(item);
    }
    map
}

impl Loader<CourseSkillsOf> for StoreLoader {
    type Value = Vec<CourseSkill>;
    type Error = GqlError;

    async fn load(
        &self,
        keys: &[CourseSkillsOf],
    ) -> Result<HashMap<CourseSkillsOf, Vec<CourseSkill>>, GqlError> {
        let ids: Vec<CourseId> = keys.iter().map(|k| k.0).collect();
        Ok(by_course(
            self.store.course_skills(&ids).await?,
            CourseSkillsOf,
        ))
    }
}

impl Loader<CourseTracksOf> for StoreLoader {
    type Value = Vec<Track>;
    type Error = GqlError;

    async fn load(
        &self,
        keys: &[CourseTracksOf],
    ) -> Result<HashMap<CourseTracksOf, Vec<Track>>, GqlError> {
        let ids: Vec<CourseId> = keys.iter().map(|k| k.0).collect();
        Ok(by_course(
            self.store.course_tracks(&ids).await?,
            CourseTracksOf,
        ))
    }
}

impl Loader<CourseLanguagesOf> for StoreLoader {
    type Value = Vec<LanguageCode>;
    type Error = GqlError;

    async fn load(
        &self,
        keys: &[CourseLanguagesOf],
    ) -> Result<HashMap<CourseLanguagesOf, Vec<LanguageCode>>, GqlError> {
        let ids: Vec<CourseId> = keys.iter().map(|k| k.0).collect();
        Ok(by_course(
            self.store.course_languages(&ids).await?,
            CourseLanguagesOf,
        ))
    }
}

impl Loader<CohortsOf> for StoreLoader {
    type Value = Vec<Cohort>;
    type Error = GqlError;

    async fn load(&self, keys: &[CohortsOf]) -> Result<HashMap<CohortsOf, Vec<Cohort>>, GqlError> {
        let ids: Vec<CourseId> = keys.iter().map(|k| k.0).collect();
        let cohorts = self.store.cohorts_of(&ids).await?;
        Ok(by_course(
            cohorts.into_iter().map(|c| (c.course_id, c)).collect(),
            CohortsOf,
        ))
    }
}

/// A profile's skills, languages, qualifications, work experience and desired occupations:
/// a caseload or any list of profiles costs one query per relation.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ProfileSkillsOf(pub ProfileId);
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ProfileLanguagesOf(pub ProfileId);
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct QualificationsOf(pub ProfileId);
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ExperiencesOf(pub ProfileId);
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct DesiredOccupationsOf(pub ProfileId);

/// Groups `(profile, item)` rows under the profile's key, in the rows' order.
fn by_profile<K: std::hash::Hash + Eq, V>(
    rows: Vec<(ProfileId, V)>,
    key: impl Fn(ProfileId) -> K,
) -> HashMap<K, Vec<V>> {
    let mut map: HashMap<K, Vec<V>> = HashMap::new();
    for (id, item) in rows {
        map.entry(key(id)).or_default().push(item);
    }
    map
}

/// The profile ids of `keys`.
fn profiles<K>(keys: &[K], id: impl Fn(&K) -> ProfileId) -> Vec<ProfileId> {
    keys.iter().map(id).collect()
}

impl Loader<ProfileSkillsOf> for StoreLoader {
    type Value = Vec<ProfileSkill>;
    type Error = GqlError;

    async fn load(
        &self,
        keys: &[ProfileSkillsOf],
    ) -> Result<HashMap<ProfileSkillsOf, Vec<ProfileSkill>>, GqlError> {
        let ids = profiles(keys, |k| k.0);
        let rows = self.store.skills_of_profiles(&ids).await?;
        Ok(by_profile(rows, ProfileSkillsOf))
    }
}

impl Loader<ProfileLanguagesOf> for StoreLoader {
    type Value = Vec<ProfileLanguage>;
    type Error = GqlError;

    async fn load(
        &self,
        keys: &[ProfileLanguagesOf],
    ) -> Result<HashMap<ProfileLanguagesOf, Vec<ProfileLanguage>>, GqlError> {
        let ids = profiles(keys, |k| k.0);
        let rows = self.store.languages_of_profiles(&ids).await?;
        Ok(by_profile(rows, ProfileLanguagesOf))
    }
}

impl Loader<QualificationsOf> for StoreLoader {
    type Value = Vec<Qualification>;
    type Error = GqlError;

    async fn load(
        &self,
        keys: &[QualificationsOf],
    ) -> Result<HashMap<QualificationsOf, Vec<Qualification>>, GqlError> {
        let ids = profiles(keys, |k| k.0);
        let rows = self.store.qualifications_of_profiles(&ids).await?;
        Ok(by_profile(rows, QualificationsOf))
    }
}

impl Loader<ExperiencesOf> for StoreLoader {
    type Value = Vec<WorkExperience>;
    type Error = GqlError;

    async fn load(
        &self,
        keys: &[ExperiencesOf],
    ) -> Result<HashMap<ExperiencesOf, Vec<WorkExperience>>, GqlError> {
        let ids = profiles(keys, |k| k.0);
        let rows = self.store.experiences_of_profiles(&ids).await?;
        Ok(by_profile(rows, ExperiencesOf))
    }
}

impl Loader<DesiredOccupationsOf> for StoreLoader {
    type Value = Vec<OccupationId>;
    type Error = GqlError;

    async fn load(
        &self,
        keys: &[DesiredOccupationsOf],
    ) -> Result<HashMap<DesiredOccupationsOf, Vec<OccupationId>>, GqlError> {
        let ids = profiles(keys, |k| k.0);
        let rows = self.store.desired_occupations_of_profiles(&ids).await?;
        Ok(by_profile(rows, DesiredOccupationsOf))
    }
}
