//! Search documents as the database holds them now: a skill or occupation with its labels;
//! a vacancy with its languages, tracks, support, related labels and shortage flag; a course
//! with its cohorts and seats. A fixed number of queries per batch of ids.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::Utc;
use skillbridge_domain::course::{Cohort, CourseStatus};
use skillbridge_domain::search::{
    CourseFacts, DocumentKind, SearchDocument, SearchText, VacancyFacts, course_document,
    occupation_document, organisation_document, skill_document, vacancy_document,
};
use skillbridge_domain::shortage::{Region, is_shortage};
use skillbridge_domain::{
    CohortId, CourseId, OccupationId, OrganisationId, SkillId, Store, StoreResult, VacancyId,
};
use uuid::Uuid;

/// Rows keyed by their owner, grouped.
fn by_owner<K: std::hash::Hash + Eq, V>(rows: Vec<(K, V)>) -> HashMap<K, Vec<V>> {
    let mut grouped: HashMap<K, Vec<V>> = HashMap::new();
    for (owner, row) in rows {
        grouped.entry(owner).or_default().push(row);
    }
    grouped
}

/// Reads search documents from the store.
pub struct SearchDocuments {
    store: Arc<dyn Store>,
}

impl SearchDocuments {
    pub fn new(store: Arc<dyn Store>) -> Self {
        Self { store }
    }

    /// The documents for `ids` of `kind` as the database holds them now, and the ids it no
    /// longer holds (to delete).
    pub async fn read(
        &self,
        kind: DocumentKind,
        ids: &[Uuid],
    ) -> StoreResult<(Vec<SearchDocument>, Vec<Uuid>)> {
        let documents = match kind {
            DocumentKind::Skill => self.skill_documents(ids).await?,
            DocumentKind::Occupation => self.occupation_documents(ids).await?,
            DocumentKind::Vacancy => self.vacancy_documents(ids).await?,
            DocumentKind::Course => self.course_documents(ids).await?,
            DocumentKind::Organisation => self.organisation_documents(ids).await?,
        };
        let gone = ids
            .iter()
            .filter(|id| !documents.iter().any(|d| d.id == **id))
            .copied()
            .collect();
        Ok((documents, gone))
    }

    /// The labels of concepts (`kind`: skills or occupations), by concept; only preferred
    /// ones when `preferred_only`.
    async fn labels(
        &self,
        kind: DocumentKind,
        ids: &[Uuid],
        preferred_only: bool,
    ) -> StoreResult<HashMap<Uuid, Vec<SearchText>>> {
        let mut texts: HashMap<Uuid, Vec<SearchText>> = HashMap::new();
        for (id, text) in self.store.concept_texts(kind, ids).await? {
            if text.primary || !preferred_only {
                texts.entry(id).or_default().push(text);
            }
        }
        Ok(texts)
    }

    /// The preferred labels (every language) of skills, by skill.
    async fn preferred_labels(
        &self,
        skills: impl Iterator<Item = SkillId>,
    ) -> StoreResult<HashMap<Uuid, Vec<SearchText>>> {
        let mut ids: Vec<Uuid> = skills.map(|s| *s.as_uuid()).collect();
        ids.sort();
        ids.dedup();
        self.labels(DocumentKind::Skill, &ids, true).await
    }

    async fn skill_documents(&self, ids: &[Uuid]) -> StoreResult<Vec<SearchDocument>> {
        let mut texts = self.labels(DocumentKind::Skill, ids, false).await?;
        let skill_ids: Vec<SkillId> = ids.iter().map(|id| SkillId::from_uuid(*id)).collect();
        Ok(self
            .store
            .skills_by_ids(&skill_ids)
            .await?
            .iter()
            .map(|s| skill_document(s, texts.remove(s.id.as_uuid()).unwrap_or_default()))
            .collect())
    }

    async fn occupation_documents(&self, ids: &[Uuid]) -> StoreResult<Vec<SearchDocument>> {
        let mut texts = self.labels(DocumentKind::Occupation, ids, false).await?;
        let occupation_ids: Vec<OccupationId> =
            ids.iter().map(|id| OccupationId::from_uuid(*id)).collect();
        Ok(self
            .store
            .occupations_by_ids(&occupation_ids)
            .await?
            .iter()
            .map(|o| occupation_document(o, texts.remove(o.id.as_uuid()).unwrap_or_default()))
            .collect())
    }

    async fn vacancy_documents(&self, ids: &[Uuid]) -> StoreResult<Vec<SearchDocument>> {
        let vacancy_ids: Vec<VacancyId> = ids.iter().map(|id| VacancyId::from_uuid(*id)).collect();
        let store = &self.store;
        let vacancies = store.vacancies_by_ids(&vacancy_ids).await?;
        let languages = by_owner(store.vacancy_languages(&vacancy_ids).await?);
        let tracks = by_owner(store.vacancy_tracks(&vacancy_ids).await?);
        let support = by_owner(store.vacancy_support(&vacancy_ids).await?);
        let skills = by_owner(store.vacancy_skills(&vacancy_ids).await?);
        let skill_labels = self
            .preferred_labels(skills.values().flatten().map(|s| s.skill_id))
            .await?;
        let mut occupation_ids: Vec<OccupationId> =
            vacancies.iter().filter_map(|v| v.occupation_id).collect();
        occupation_ids.sort_by_key(|o| *o.as_uuid());
        occupation_ids.dedup();
        let occupation_uuids: Vec<Uuid> = occupation_ids.iter().map(|o| *o.as_uuid()).collect();
        let occupation_labels = self
            .labels(DocumentKind::Occupation, &occupation_uuids, false)
            .await?;
        let uris: HashMap<OccupationId, String> = store
            .occupations_by_ids(&occupation_ids)
            .await?
            .into_iter()
            .map(|o| (o.id, o.uri))
            .collect();
        let mut regions: Vec<Region> = vacancies
            .iter()
            .filter_map(|v| v.shortage_region())
            .collect();
        regions.sort_by(|a, b| a.as_str().cmp(b.as_str()));
        regions.dedup();
        let covering: Vec<Region> = regions.iter().flat_map(Region::covering).collect();
        let shortages = store.shortages_in(&covering).await?;
        let today = Utc::now().date_naive();
        Ok(vacancies
            .iter()
            .map(|v| {
                let mut related: Vec<SearchText> = v
                    .occupation_id
                    .and_then(|o| occupation_labels.get(o.as_uuid()))
                    .cloned()
                    .unwrap_or_default();
                related.extend(
                    skills
                        .get(&v.id)
                        .into_iter()
                        .flatten()
                        .flat_map(|s| skill_labels.get(s.skill_id.as_uuid()).into_iter().flatten())
                        .cloned(),
                );
                let shortage = match (v.shortage_region(), v.occupation_id) {
                    (Some(region), Some(occupation)) => is_shortage(
                        &shortages,
                        uris.get(&occupation).map_or("", String::as_str),
                        v.isco_code.as_deref(),
                        &region,
                        today,
                    ),
                    _ => false,
                };
                vacancy_document(
                    v,
                    VacancyFacts {
                        languages: languages.get(&v.id).map_or(&[], Vec::as_slice),
                        tracks: tracks.get(&v.id).map_or(&[], Vec::as_slice),
                        support: support.get(&v.id).map_or(&[], Vec::as_slice),
                        related,
                        shortage,
                    },
                )
            })
            .collect())
    }

    async fn organisation_documents(&self, ids: &[Uuid]) -> StoreResult<Vec<SearchDocument>> {
        let ids: Vec<OrganisationId> = ids
            .iter()
            .map(|id| OrganisationId::from_uuid(*id))
            .collect();
        Ok(self
            .store
            .organisations_by_ids(&ids)
            .await?
            .iter()
            .map(organisation_document)
            .collect())
    }

    async fn course_documents(&self, ids: &[Uuid]) -> StoreResult<Vec<SearchDocument>> {
        let course_ids: Vec<CourseId> = ids.iter().map(|id| CourseId::from_uuid(*id)).collect();
        let store = &self.store;
        // An archived course is in no search: it is left out, so the index drops it.
        let mut courses = store.courses_by_ids(&course_ids).await?;
        courses.retain(|c| c.status == CourseStatus::Published);
        let languages = by_owner(store.course_languages(&course_ids).await?);
        let tracks = by_owner(store.course_tracks(&course_ids).await?);
        let skills = by_owner(store.course_skills(&course_ids).await?);
        let mut cohorts = store.cohorts_of(&course_ids).await?;
        // A cancelled cohort offers no seats and no start date.
        cohorts.retain(Cohort::is_open);
        let cohort_ids: Vec<CohortId> = cohorts.iter().map(|c| c.id).collect();
        let taken: HashMap<CohortId, i64> =
            store.seats_taken(&cohort_ids).await?.into_iter().collect();
        let mut by_course: HashMap<CourseId, Vec<(Cohort, i64)>> = HashMap::new();
        for cohort in cohorts {
            let seats = taken.get(&cohort.id).copied().unwrap_or(0);
            by_course
                .entry(cohort.course_id)
                .or_default()
                .push((cohort, seats));
        }
        let skill_labels = self
            .preferred_labels(skills.values().flatten().map(|s| s.skill_id))
            .await?;
        let today = Utc::now().date_naive();
        Ok(courses
            .iter()
            .map(|c| {
                let related = skills
                    .get(&c.id)
                    .into_iter()
                    .flatten()
                    .flat_map(|s| skill_labels.get(s.skill_id.as_uuid()).into_iter().flatten())
                    .cloned()
                    .collect();
                course_document(
                    c,
                    CourseFacts {
                        cohorts: by_course.get(&c.id).map_or(&[], Vec::as_slice),
                        languages: languages.get(&c.id).map_or(&[], Vec::as_slice),
                        tracks: tracks.get(&c.id).map_or(&[], Vec::as_slice),
                        related,
                        today,
                    },
                )
            })
            .collect())
    }
}
