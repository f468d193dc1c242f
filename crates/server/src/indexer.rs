//! Keeps search consistent with the database: drains the search outbox (claims entries
//! with a lease, indexes each document as it is now, completes them, or puts them back with
//! a growing delay when search fails), and rebuilds a kind from the database when the index
//! is new. Upserts are idempotent, so an entry delivered twice (a crash between indexing
//! and completing) does no harm; an entry claimed by a process that died comes back when
//! its lease ends.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use std::collections::HashMap;

use skillbridge_domain::course::Cohort;
use skillbridge_domain::search::{
    CourseFacts, DocumentKind, OutboxEntry, SearchDocument, SearchError, SearchIndex,
    SearchRefresh, SearchRequest, SearchResult, SearchResults, SearchText, VacancyFacts,
    course_document, occupation_document, skill_document, vacancy_document,
};
use skillbridge_domain::shortage::{Region, is_shortage};
use skillbridge_domain::{CohortId, CourseId, OccupationId, SkillId, Store, VacancyId};
use skillbridge_search_meili::MeiliSearch;
use skillbridge_search_tantivy::TantivyIndex;

use crate::config::{Config, SearchBackend};
use uuid::Uuid;

/// Entries claimed at once.
const BATCH: usize = 500;
/// How long a claim holds before another indexer may take the entries.
const LEASE: chrono::Duration = chrono::Duration::seconds(60);
/// How often an idle indexer looks for new entries.
const POLL: Duration = Duration::from_millis(500);
/// The longest wait before retrying a failed entry.
const MAX_BACKOFF_SECONDS: i64 = 300;

/// Search when the embedded index cannot be used (another process holds it, or the
/// directory is unusable): every search says why; writes still succeed and wait in the
/// outbox.
pub struct UnavailableSearch(pub String);

#[async_trait::async_trait]
impl SearchIndex for UnavailableSearch {
    async fn upsert(&self, _: Vec<SearchDocument>) -> SearchResult<()> {
        Err(SearchError::Unavailable(self.0.clone()))
    }
    async fn delete(&self, _: DocumentKind, _: &[Uuid]) -> SearchResult<()> {
        Err(SearchError::Unavailable(self.0.clone()))
    }
    async fn clear(&self, _: DocumentKind) -> SearchResult<()> {
        Err(SearchError::Unavailable(self.0.clone()))
    }
    async fn search(&self, _: &SearchRequest) -> SearchResult<SearchResults> {
        Err(SearchError::Unavailable(self.0.clone()))
    }
    async fn mentions(
        &self,
        _: &skillbridge_domain::mentions::MentionRequest,
    ) -> SearchResult<Vec<skillbridge_domain::mentions::Mention>> {
        Err(SearchError::Unavailable(self.0.clone()))
    }
    async fn count(&self, _: DocumentKind) -> SearchResult<usize> {
        Err(SearchError::Unavailable(self.0.clone()))
    }
}

/// The embedded index under `dir`, and whether it is new (to be rebuilt). When it cannot
/// be opened (most often: another process on this data directory holds it), search is
/// unavailable in this process and says why, and the flag is `None`: no indexer here.
pub fn open_embedded(dir: &Path) -> (Arc<dyn SearchIndex>, Option<bool>) {
    match TantivyIndex::open(dir) {
        Ok((index, fresh)) => (Arc::new(index), Some(fresh)),
        Err(err) => {
            tracing::warn!(error = %err, dir = %dir.display(), "search is unavailable in this process");
            let reason = "the embedded search index is in use by another process on this data directory (run one process per data directory, or use Meilisearch for several)";
            (Arc::new(UnavailableSearch(reason.into())), None)
        }
    }
}

/// Rows keyed by their owner, grouped.
fn by_owner<K: std::hash::Hash + Eq, V>(rows: Vec<(K, V)>) -> HashMap<K, Vec<V>> {
    let mut grouped: HashMap<K, Vec<V>> = HashMap::new();
    for (owner, row) in rows {
        grouped.entry(owner).or_default().push(row);
    }
    grouped
}

/// The search backend the configuration names, and whether this process indexes:
/// `Some(fresh)` when it does (`fresh`: the embedded index is new and must be built),
/// `None` when it cannot (another process holds the embedded index). Meilisearch is
/// connected to on first use, so a server starts while it is down and search comes back
/// with it.
pub async fn open_search(config: &Config) -> anyhow::Result<(Arc<dyn SearchIndex>, Option<bool>)> {
    match config.search.backend {
        SearchBackend::Tantivy => Ok(open_embedded(&config.data_dir.join("search"))),
        SearchBackend::Meilisearch => {
            let url = config.search.url.trim();
            anyhow::ensure!(
                !url.is_empty(),
                "search.backend is meilisearch but search.url is not set (e.g. SKILLBRIDGE_SEARCH_URL=http://127.0.0.1:7700)"
            );
            let search = MeiliSearch::new(
                url,
                config.search.api_key.as_deref(),
                &config.search.index_prefix,
            );
            if let Err(err) = search.ready().await {
                tracing::warn!(error = %err, url, "Meilisearch is unreachable; search is unavailable until it is back (writes wait in the outbox)");
            }
            Ok((Arc::new(search), Some(false)))
        }
    }
}

pub struct Indexer {
    store: Arc<dyn Store>,
    index: Arc<dyn SearchIndex>,
    /// One delivery at a time in this process, so a refresh waits for the one under way.
    delivering: tokio::sync::Mutex<()>,
}

impl Indexer {
    pub fn new(store: Arc<dyn Store>, index: Arc<dyn SearchIndex>) -> Self {
        Self {
            store,
            index,
            delivering: tokio::sync::Mutex::new(()),
        }
    }

    /// The documents for `ids` of `kind` as the database holds them now, and the ids it no
    /// longer holds (to delete).
    async fn documents(
        &self,
        kind: DocumentKind,
        ids: &[Uuid],
    ) -> anyhow::Result<(Vec<SearchDocument>, Vec<Uuid>)> {
        let documents = match kind {
            DocumentKind::Skill => self.skill_documents(ids).await?,
            DocumentKind::Occupation => self.occupation_documents(ids).await?,
            DocumentKind::Vacancy => self.vacancy_documents(ids).await?,
            DocumentKind::Course => self.course_documents(ids).await?,
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
    ) -> anyhow::Result<HashMap<Uuid, Vec<SearchText>>> {
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
    ) -> anyhow::Result<HashMap<Uuid, Vec<SearchText>>> {
        let mut ids: Vec<Uuid> = skills.map(|s| *s.as_uuid()).collect();
        ids.sort();
        ids.dedup();
        self.labels(DocumentKind::Skill, &ids, true).await
    }

    async fn skill_documents(&self, ids: &[Uuid]) -> anyhow::Result<Vec<SearchDocument>> {
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

    async fn occupation_documents(&self, ids: &[Uuid]) -> anyhow::Result<Vec<SearchDocument>> {
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

    async fn vacancy_documents(&self, ids: &[Uuid]) -> anyhow::Result<Vec<SearchDocument>> {
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

    async fn course_documents(&self, ids: &[Uuid]) -> anyhow::Result<Vec<SearchDocument>> {
        let course_ids: Vec<CourseId> = ids.iter().map(|id| CourseId::from_uuid(*id)).collect();
        let store = &self.store;
        let courses = store.courses_by_ids(&course_ids).await?;
        let languages = by_owner(store.course_languages(&course_ids).await?);
        let tracks = by_owner(store.course_tracks(&course_ids).await?);
        let skills = by_owner(store.course_skills(&course_ids).await?);
        let cohorts = store.cohorts_of(&course_ids).await?;
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

    /// Delivers one batch of entries: `Ok(n)` entries handled (0: nothing due).
    pub async fn drain_once(&self) -> anyhow::Result<usize> {
        let _one_at_a_time = self.delivering.lock().await;
        let now = Utc::now();
        let entries = self
            .store
            .claim_search_changes(BATCH, now, now + LEASE)
            .await?;
        if entries.is_empty() {
            return Ok(0);
        }
        let mut kinds: Vec<DocumentKind> = entries.iter().map(|e| e.kind).collect();
        kinds.sort_by_key(|k| k.code());
        kinds.dedup();
        for kind in kinds {
            let of_kind: Vec<&OutboxEntry> = entries.iter().filter(|e| e.kind == kind).collect();
            let ids: Vec<i64> = of_kind.iter().map(|e| e.id).collect();
            match self.deliver(kind, &of_kind).await {
                Ok(()) => self.store.complete_search_changes(&ids).await?,
                Err(err) => {
                    let attempts = of_kind.iter().map(|e| e.attempts).max().unwrap_or(1);
                    let delay = (1_i64 << attempts.clamp(1, 20)).min(MAX_BACKOFF_SECONDS);
                    tracing::warn!(error = %err, kind = kind.code(), attempts, "search indexing failed; will retry");
                    self.store
                        .retry_search_changes(
                            &ids,
                            &err.to_string(),
                            Utc::now() + chrono::Duration::seconds(delay),
                        )
                        .await?;
                }
            }
        }
        Ok(entries.len())
    }

    async fn deliver(&self, kind: DocumentKind, entries: &[&OutboxEntry]) -> anyhow::Result<()> {
        let ids: Vec<Uuid> = entries.iter().map(|e| e.document_id).collect();
        self.index_now(kind, ids).await
    }

    /// Indexes the documents `ids` of `kind` as the database holds them now.
    async fn index_now(&self, kind: DocumentKind, mut ids: Vec<Uuid>) -> anyhow::Result<()> {
        ids.sort();
        ids.dedup();
        // Whatever the entry says, the database decides: a document that exists is
        // upserted as it is now, one that does not is removed.
        let (documents, gone) = self.documents(kind, &ids).await?;
        if !documents.is_empty() {
            self.index.upsert(documents).await?;
        }
        if !gone.is_empty() {
            self.index.delete(kind, &gone).await?;
        }
        Ok(())
    }

    /// Delivers everything due now (at start, before serving, so a restarted process
    /// answers from a current index).
    pub async fn catch_up(&self) -> anyhow::Result<()> {
        while self.drain_once().await? > 0 {}
        Ok(())
    }

    /// Replaces every document of `kind` with what the database holds.
    pub async fn rebuild(&self, kind: DocumentKind) -> anyhow::Result<usize> {
        self.index.clear(kind).await?;
        let mut after = None;
        let mut total = 0;
        loop {
            let ids = self.store.search_document_ids(kind, after, BATCH).await?;
            let Some(last) = ids.last() else {
                return Ok(total);
            };
            after = Some(*last);
            let (documents, _) = self.documents(kind, &ids).await?;
            total += documents.len();
            self.index.upsert(documents).await?;
        }
    }

    /// Drains the outbox until the process stops, in the span `search_indexer` (its
    /// statements are the indexer's, not a request's).
    pub async fn run(self: Arc<Self>) {
        use tracing::Instrument;
        self.drain_forever()
            .instrument(tracing::info_span!("search_indexer"))
            .await;
    }

    async fn drain_forever(&self) {
        loop {
            match self.drain_once().await {
                Ok(0) => tokio::time::sleep(POLL).await,
                Ok(_) => {}
                Err(err) => {
                    tracing::warn!(error = %err, "the search indexer could not read the outbox");
                    tokio::time::sleep(POLL * 10).await;
                }
            }
        }
    }
}

#[async_trait::async_trait]
impl SearchRefresh for Indexer {
    async fn refresh(&self, documents: &[(DocumentKind, Uuid)]) {
        // After a delivery under way, which may have read an older state of these.
        let _one_at_a_time = self.delivering.lock().await;
        let mut kinds: Vec<DocumentKind> = documents.iter().map(|(kind, _)| *kind).collect();
        kinds.sort_by_key(|k| k.code());
        kinds.dedup();
        for kind in kinds {
            let ids = documents
                .iter()
                .filter(|(k, _)| *k == kind)
                .map(|(_, id)| *id)
                .collect();
            if let Err(err) = self.index_now(kind, ids).await {
                tracing::warn!(error = %err, "search refresh failed; the indexer will retry");
            }
        }
    }
}
