//! [`SearchIndex`] on tantivy, the embedded default: one index (in a directory under the
//! data directory, or in memory for tests) holding every kind of document, searched through
//! a reader, written by one thread that owns the only `IndexWriter` (tantivy allows one per
//! index; a second fails with LockBusy) and commits each batch before answering.
//!
//! Text matching follows the domain's analysis and rule: each text is indexed as the terms
//! [`analysis::index_terms`] makes of it (folded words and their exact-match forms: stems,
//! spellings), tantivy finds the candidates holding any typed word (an exact form, or the
//! word within its typos, the last also as a prefix) and orders them by BM25, and the best
//! are ranked by the domain's rule ([`rank::rerank`], as the Meilisearch backend does), with
//! each word's rarity counted among the documents of the kind; the rule also names the text
//! that matched.

use skillbridge_domain::analysis;
use skillbridge_domain::mentions::{self, Mention, MentionRequest, MentionText};
use skillbridge_domain::text_rank::{self as rank, Decoded, Query as Typed};

mod collect;
mod query;
mod schema;
mod typo;

use collect::{Gather, Segments, stored};
use schema::{Fields, SCHEMA_VERSION, key, schema};

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex, OnceLock, mpsc};

use skillbridge_domain::search::{
    DocumentKind, FacetCounts, SearchDocument, SearchError, SearchHit, SearchIndex, SearchRequest,
    SearchResult, SearchResults, SortOrder,
};
use tantivy::query::TermQuery;
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocAddress, Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};
use tokio::sync::oneshot;
use uuid::Uuid;

/// How many text matches (the best by tantivy's score: exact words, primary texts) are
/// ranked precisely by the domain's rule; the rest follow in tantivy's order, which only a
/// page deep into a query matching thousands of documents reaches.
const RERANKED: usize = 100;
/// How many documents holding the most (and rarest) words of a free text are read for
/// mentions.
const MENTION_CANDIDATES: usize = 300;
/// Heap for the writer: tantivy splits it among its indexing threads.
const WRITER_HEAP: usize = 50_000_000;
pub(crate) fn failed(err: impl std::fmt::Display) -> SearchError {
    SearchError::Unavailable(err.to_string())
}

enum Command {
    Write {
        delete: Vec<Term>,
        add: Vec<TantivyDocument>,
        done: oneshot::Sender<SearchResult<()>>,
    },
}

/// The tantivy backend.
pub struct TantivyIndex {
    /// Made when the index is made ([`SearchIndex::identity`]).
    identity: String,
    reader: IndexReader,
    fields: Fields,
    numbers: HashMap<&'static str, Field>,
    writer: Option<mpsc::Sender<Command>>,
    thread: Option<std::thread::JoinHandle<()>>,
    /// Documents decoded for ranking, per segment and document (segments never change
    /// their documents, only gain deletions, so an entry stays true while its segment
    /// lives; entries of merged-away segments are dropped at the next search).
    decoded: Mutex<HashMap<tantivy::index::SegmentId, SegmentCache>>,
}

type SegmentCache = Arc<Vec<OnceLock<Arc<Decoded>>>>;

impl Drop for TantivyIndex {
    /// Stops the writer thread and waits for it, so the index lock is free when this
    /// returns (another `open` of the directory may follow at once).
    fn drop(&mut self) {
        self.writer.take();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl TantivyIndex {
    /// An index in memory (tests, benchmarks).
    pub fn in_memory() -> SearchResult<Self> {
        let (schema, _, _) = schema();
        Self::start(
            Index::create_in_ram(schema),
            format!("tantivy in memory {}", uuid::Uuid::now_v7()),
        )
    }

    /// The index in `dir`, created if missing and rebuilt empty if it was made by another
    /// schema version. The flag is true when the index is new (the caller reindexes).
    pub fn open(dir: &Path) -> SearchResult<(Self, bool)> {
        let version = dir.join("skillbridge-schema-version");
        let current = std::fs::read_to_string(&version).ok();
        let fresh = current.as_deref() != Some(SCHEMA_VERSION);
        if fresh && dir.exists() {
            std::fs::remove_dir_all(dir).map_err(failed)?;
        }
        std::fs::create_dir_all(dir).map_err(failed)?;
        let (schema, _, _) = schema();
        let directory = tantivy::directory::MmapDirectory::open(dir).map_err(failed)?;
        let index = Index::open_or_create(directory, schema).map_err(failed)?;
        std::fs::write(&version, SCHEMA_VERSION).map_err(failed)?;
        // Kept while the index keeps its documents; a new index gets a new one.
        let id_file = dir.join("skillbridge-index-id");
        let id = match std::fs::read_to_string(&id_file) {
            Ok(id) if !fresh && !id.trim().is_empty() => id.trim().to_owned(),
            _ => {
                let id = uuid::Uuid::now_v7().to_string();
                std::fs::write(&id_file, &id).map_err(failed)?;
                id
            }
        };
        Ok((Self::start(index, format!("tantivy {id}"))?, fresh))
    }

    fn start(index: Index, identity: String) -> SearchResult<Self> {
        let (_, fields, numbers) = schema();
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(failed)?;
        let mut writer: IndexWriter = index
            .writer_with_num_threads(1, WRITER_HEAP)
            .map_err(failed)?;
        let (sender, receiver) = mpsc::channel::<Command>();
        let thread_reader: IndexReader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(failed)?;
        let shared_reader = reader.clone();
        let thread = std::thread::Builder::new()
            .name("search-writer".into())
            .spawn(move || {
                // The one owner of the IndexWriter: batches are applied and committed in
                // order, and the readers reloaded before the caller hears back.
                while let Ok(Command::Write { delete, add, done }) = receiver.recv() {
                    let result = (|| {
                        for term in delete {
                            writer.delete_term(term);
                        }
                        for doc in add {
                            writer.add_document(doc).map_err(failed)?;
                        }
                        writer.commit().map_err(failed)?;
                        shared_reader.reload().map_err(failed)?;
                        thread_reader.reload().map_err(failed)
                    })();
                    if result.is_err() {
                        // Drop what was not committed so the next batch starts clean.
                        let _ = writer.rollback();
                    }
                    let _ = done.send(result);
                }
            })
            .map_err(failed)?;
        Ok(Self {
            identity,
            reader,
            fields,
            numbers,
            writer: Some(sender),
            thread: Some(thread),
            decoded: Mutex::new(HashMap::new()),
        })
    }

    async fn write(&self, delete: Vec<Term>, add: Vec<TantivyDocument>) -> SearchResult<()> {
        let (done, answer) = oneshot::channel();
        self.writer
            .as_ref()
            .ok_or_else(|| SearchError::Unavailable("the search writer has stopped".into()))?
            .send(Command::Write { delete, add, done })
            .map_err(|_| SearchError::Unavailable("the search writer has stopped".into()))?;
        answer
            .await
            .map_err(|_| SearchError::Unavailable("the search writer has stopped".into()))?
    }

    fn document(&self, d: &SearchDocument) -> SearchResult<TantivyDocument> {
        let f = self.fields;
        let mut doc = TantivyDocument::default();
        doc.add_text(f.key, key(d.kind, &d.id));
        doc.add_text(f.kind, d.kind.code());
        for text in &d.texts {
            let (primary, other) = f.text(d.kind);
            let field = if text.primary { primary } else { other };
            for term in analysis::index_terms(&text.text, text.lang.as_deref()) {
                doc.add_text(field, term);
            }
        }
        let texts: Vec<(&str, Option<&str>, bool)> = d
            .texts
            .iter()
            .map(|t| (t.text.as_str(), t.lang.as_deref(), t.primary))
            .collect();
        let payload = serde_json::to_vec(&(d.id, texts)).map_err(failed)?;
        doc.add_bytes(f.payload, &payload);
        for (field, value) in &d.keywords {
            doc.add_text(f.keywords, format!("{field}={value}"));
        }
        for (name, value) in &d.numbers {
            let field = self.number(name)?;
            doc.add_i64(field, *value);
        }
        if let Some(point) = d.location {
            doc.add_f64(f.lat, point.latitude);
            doc.add_f64(f.lon, point.longitude);
        }
        Ok(doc)
    }

    /// Each segment's payload column and decoded-document cache, in segment order.
    fn segment_caches(&self, searcher: &tantivy::Searcher) -> SearchResult<Segments> {
        let mut decoded = self
            .decoded
            .lock()
            .map_err(|_| SearchError::Unavailable("the search cache is poisoned".into()))?;
        let live: Vec<tantivy::index::SegmentId> = searcher
            .segment_readers()
            .iter()
            .map(|s| s.segment_id())
            .collect();
        decoded.retain(|id, _| live.contains(id));
        searcher
            .segment_readers()
            .iter()
            .map(|segment| {
                let cache = decoded
                    .entry(segment.segment_id())
                    .or_insert_with(|| {
                        Arc::new((0..segment.max_doc()).map(|_| OnceLock::new()).collect())
                    })
                    .clone();
                let column = segment.fast_fields().bytes("payload").map_err(failed)?;
                Ok((column, cache))
            })
            .collect()
    }

    fn number(&self, name: &str) -> SearchResult<Field> {
        self.numbers
            .get(name)
            .copied()
            .ok_or_else(|| SearchError::Invalid(format!("{name} is not a number field")))
    }
}

#[async_trait::async_trait]
impl SearchIndex for TantivyIndex {
    fn identity(&self) -> String {
        self.identity.clone()
    }
    async fn mentions(&self, request: &MentionRequest) -> SearchResult<Vec<Mention>> {
        let text = MentionText::new(&request.text, request.lang.as_deref());
        if text.is_empty() || request.limit == 0 {
            return Ok(Vec::new());
        }
        let mut search = SearchRequest::new(request.kind);
        search.filters = request.filters.clone();
        let query = self.query(&search, Some(self.any_form(request.kind, &text.forms())))?;
        let searcher = self.reader.searcher();
        let gather = Gather {
            within: None,
            by_number: None,
            near: None,
            facets: Vec::new(),
            keep: MENTION_CANDIDATES,
        };
        let gathered = searcher.search(&*query, &gather).map_err(failed)?;
        let segments = self.segment_caches(&searcher)?;
        let candidates = gathered
            .candidates
            .iter()
            .take(MENTION_CANDIDATES)
            .map(|c| stored(&segments, c.address))
            .collect::<SearchResult<Vec<_>>>()?;
        let mut found = mentions::find(&text, candidates.iter().map(|d| d.as_ref()));
        found.truncate(request.limit);
        Ok(found)
    }

    async fn upsert(&self, documents: Vec<SearchDocument>) -> SearchResult<()> {
        let delete = documents
            .iter()
            .map(|d| Term::from_field_text(self.fields.key, &key(d.kind, &d.id)))
            .collect();
        let add = documents
            .iter()
            .map(|d| self.document(d))
            .collect::<SearchResult<Vec<_>>>()?;
        self.write(delete, add).await
    }

    async fn delete(&self, kind: DocumentKind, ids: &[Uuid]) -> SearchResult<()> {
        let delete = ids
            .iter()
            .map(|id| Term::from_field_text(self.fields.key, &key(kind, id)))
            .collect();
        self.write(delete, Vec::new()).await
    }

    async fn clear(&self, kind: DocumentKind) -> SearchResult<()> {
        let delete = vec![Term::from_field_text(self.fields.kind, kind.code())];
        self.write(delete, Vec::new()).await
    }

    async fn count(&self, kind: DocumentKind) -> SearchResult<usize> {
        let query = TermQuery::new(
            Term::from_field_text(self.fields.kind, kind.code()),
            IndexRecordOption::Basic,
        );
        self.reader
            .searcher()
            .search(&query, &tantivy::collector::Count)
            .map_err(failed)
    }

    async fn search(&self, request: &SearchRequest) -> SearchResult<SearchResults> {
        let typed = request
            .text
            .as_deref()
            .map(Typed::new)
            .filter(|t| !t.is_empty());
        let words = typed.as_ref().map(|t| self.typed_words(request.kind, t));
        let query = self.query(request, words)?;
        let searcher = self.reader.searcher();
        let (freqs, docs) = match &typed {
            Some(t) => self.doc_freqs(&searcher, request.kind, &t.forms())?,
            None => (HashMap::new(), 0),
        };
        let ranker = typed
            .as_ref()
            .map(|t| t.weigh(|form| freqs.get(form).copied().unwrap_or(0), docs));
        let (by_number, near) = match &request.sort {
            SortOrder::Descending(name) => (Some((self.number(name)?, name.clone(), true)), None),
            SortOrder::Ascending(name) => (Some((self.number(name)?, name.clone(), false)), None),
            SortOrder::Distance(point) => (None, Some(*point)),
            SortOrder::Relevance => (None, None),
        };
        if let Some(bad) = request
            .facets
            .iter()
            .find(|f| f.is_empty() || !f.chars().all(|c| c.is_ascii_alphanumeric()))
        {
            return Err(SearchError::Invalid(format!("{bad:?} is not a field name")));
        }
        let gather = Gather {
            within: request.within,
            by_number,
            near,
            facets: request.facets.clone(),
            // Past the reranked ones a page continues in tantivy's order.
            keep: request.offset + request.limit + if ranker.is_some() { RERANKED } else { 0 },
        };
        let gathered = searcher.search(&*query, &gather).map_err(failed)?;
        let mut total = gathered.total;

        let segments = self.segment_caches(&searcher)?;
        let stored = |address: DocAddress| stored(&segments, address);

        let hits = if ranker.is_none() || request.sort != SortOrder::Relevance {
            let mut hits = Vec::new();
            for c in gathered
                .candidates
                .iter()
                .skip(request.offset)
                .take(request.limit)
            {
                let decoded = stored(c.address)?;
                let matched = ranker.as_ref().and_then(|r| r.best_text(&decoded)).cloned();
                hits.push(SearchHit {
                    id: decoded.id,
                    matched,
                });
            }
            hits
        } else if let Some(ranker) = &ranker {
            // The best candidates by tantivy's score, ranked precisely by the rule.
            let top = gathered
                .candidates
                .iter()
                .take(RERANKED)
                .map(|c| stored(c.address))
                .collect::<SearchResult<Vec<_>>>()?;
            let (ranked, rejected) = rank::rerank(ranker, top.iter().map(|d| d.as_ref()));
            total -= rejected;
            let mut hits: Vec<SearchHit> = ranked
                .iter()
                .skip(request.offset)
                .take(request.limit)
                .cloned()
                .collect();
            // Past the ranked ones, tantivy's order.
            let end = request.offset + request.limit;
            for position in request.offset.max(ranked.len())..end {
                let Some(c) = gathered.candidates.get(top.len() + position - ranked.len()) else {
                    break;
                };
                let decoded = stored(c.address)?;
                hits.push(SearchHit {
                    id: decoded.id,
                    matched: ranker.best_text(&decoded).cloned(),
                });
            }
            hits
        } else {
            Vec::new()
        };

        let facets = request
            .facets
            .iter()
            .map(|field| {
                let prefix = format!("{field}=");
                let counts = gathered
                    .facets
                    .iter()
                    .filter_map(|(value, n)| {
                        value.strip_prefix(&prefix).map(|v| (v.to_owned(), *n))
                    })
                    .collect();
                FacetCounts::new(field, counts)
            })
            .collect();
        Ok(SearchResults {
            hits,
            total,
            facets,
        })
    }
}
