//! Search on Meilisearch, for deployments with several server processes: one index per
//! document kind (`<prefix>_skill`, `<prefix>_vacancy`, ...), settings applied at start
//! (the same every time, so applying them again changes nothing), and every write waited
//! for, so a document is searchable when `upsert` returns, as with tantivy.
//!
//! The behaviour is the embedded backend's: Meilisearch is given the terms the domain's
//! analysis makes of each text ([`analysis::index_terms`]: folded words, stems, spellings)
//! and of each query (the typed words, then their exact forms), its typo rule is set to the
//! domain's (`typos_allowed`: one from 5 characters, two from 9), a document need not hold
//! every typed word (the `frequency` strategy drops the commonest first), each form's
//! rarity is counted with an exact (quoted) search, and the best candidates are ranked by
//! the domain's rule ([`text_rank`]), which also names the text that matched.
//! Keywords are nested under `kw` and numbers under `n`, so filters, facets and sorting
//! need no per-field settings.

use std::collections::HashMap;
use std::time::Duration;

use meilisearch_sdk::client::Client;
use meilisearch_sdk::errors::Error as MeiliError;
use meilisearch_sdk::indexes::Index;
use meilisearch_sdk::search::{MatchingStrategies, Selectors};
use meilisearch_sdk::settings::{
    FacetingSettings, MinWordSizeForTypos, PaginationSetting, Settings, TypoToleranceSettings,
};
use meilisearch_sdk::task_info::TaskInfo;
use meilisearch_sdk::tasks::Task;
use serde::{Deserialize, Serialize};
use skillbridge_domain::analysis;
use skillbridge_domain::mentions::{self, Mention, MentionRequest, MentionText};
use skillbridge_domain::search::{
    DocumentKind, FacetCounts, Filter, NUMBER_FIELDS, SearchDocument, SearchError, SearchHit,
    SearchIndex, SearchRequest, SearchResult, SearchResults, SearchText, SortOrder,
};
use skillbridge_domain::text_rank::{self, Decoded, Query as Typed};
use uuid::Uuid;

/// How many text matches, the best by Meilisearch's ranking, are ranked by the domain's
/// rule (as the tantivy backend does).
const RERANKED: usize = 100;
/// How long a write may take before search counts as unavailable.
const TASK_TIMEOUT: Duration = Duration::from_secs(300);
/// How often a task's state is asked for while waiting.
const TASK_POLL: Duration = Duration::from_millis(10);
/// The most matches a search counts exactly.
const MAX_TOTAL_HITS: usize = 1_000_000;
/// Meilisearch reads the first ten words of a query and ignores the rest.
const MAX_QUERY_WORDS: usize = 10;
/// How many of a query's rarest forms are looked for one by one, and how many documents
/// holding each are fetched.
const RARE_FORMS: usize = 12;
const HITS_PER_RARE_FORM: usize = 30;
/// The most forms of a free text looked for, and how many documents holding each.
const MENTION_FORMS: usize = 200;
const MENTION_HITS_PER_FORM: usize = 20;

/// A document as stored in Meilisearch.
#[derive(Serialize, Deserialize)]
struct Stored {
    id: Uuid,
    /// The analysed terms of the primary texts, then of the others (searchable, in this
    /// order of importance).
    primary: String,
    other: String,
    /// The texts as written: (text, language, primary), for ranking and naming the match.
    texts: Vec<(String, Option<String>, bool)>,
    /// Keyword fields, each with its values.
    kw: HashMap<String, Vec<String>>,
    n: HashMap<String, i64>,
    #[serde(rename = "_geo", skip_serializing_if = "Option::is_none")]
    geo: Option<Geo>,
}

#[derive(Serialize, Deserialize)]
struct Geo {
    lat: f64,
    lng: f64,
}

/// What a search reads back.
#[derive(Deserialize)]
struct Hit {
    id: Uuid,
    #[serde(default)]
    texts: Vec<(String, Option<String>, bool)>,
}

pub struct MeiliIndex {
    client: Client,
    url: String,
    prefix: String,
}

fn unavailable(err: MeiliError) -> SearchError {
    match err {
        MeiliError::Meilisearch(e)
            if matches!(
                e.error_type,
                meilisearch_sdk::errors::ErrorType::InvalidRequest
            ) =>
        {
            SearchError::Invalid(e.error_message)
        }
        other => SearchError::Unavailable(format!("Meilisearch: {other}")),
    }
}

/// A string as a filter value: quoted, with quotes and backslashes escaped.
fn quoted(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        if c == '"' || c == '\\' {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    out
}

/// Values as a filter list: quoted, separated by commas.
fn quoted_list(values: &[String]) -> String {
    values
        .iter()
        .map(|v| quoted(v))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A keyword or number field name, checked so it cannot change a filter's meaning.
fn field_name(name: &str) -> SearchResult<&str> {
    if !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric()) {
        Ok(name)
    } else {
        Err(SearchError::Invalid(format!(
            "{name:?} is not a field name"
        )))
    }
}

fn number_field(name: &str) -> SearchResult<&str> {
    if NUMBER_FIELDS.contains(&name) {
        Ok(name)
    } else {
        Err(SearchError::Invalid(format!(
            "{name} is not a number field"
        )))
    }
}

/// The Meilisearch filter expression for a request's filters and radius.
fn filter_expression(request: &SearchRequest) -> SearchResult<Option<String>> {
    let mut clauses = Vec::new();
    for filter in &request.filters {
        clauses.push(match filter {
            Filter::AnyOf(_, values) if values.is_empty() => {
                // One of nothing: nothing matches.
                "id NOT EXISTS".to_owned()
            }
            Filter::AnyOf(field, values) => {
                format!("kw.{} IN [{}]", field_name(field)?, quoted_list(values))
            }
            Filter::NoneOf(_, values) if values.is_empty() => continue,
            Filter::NoneOf(field, values) => {
                format!("kw.{} NOT IN [{}]", field_name(field)?, quoted_list(values))
            }
            Filter::AtLeast(field, n) => format!("n.{} >= {n}", number_field(field)?),
            Filter::AtMost(field, n) => format!("n.{} <= {n}", number_field(field)?),
        });
    }
    if let Some((centre, km)) = request.within {
        clauses.push(format!(
            "_geoRadius({}, {}, {})",
            centre.latitude,
            centre.longitude,
            (km * 1000.0).round()
        ));
    }
    Ok((!clauses.is_empty()).then(|| {
        clauses
            .iter()
            .map(|c| format!("({c})"))
            .collect::<Vec<_>>()
            .join(" AND ")
    }))
}

impl MeiliIndex {
    /// Connects to the server at `url` and applies the settings of every kind's index
    /// (`<prefix>_<kind>`), creating the indexes that are missing; waits for each change.
    pub async fn connect(url: &str, api_key: Option<&str>, prefix: &str) -> SearchResult<Self> {
        let client = Client::new(url, api_key)
            .map_err(|e| SearchError::Unavailable(format!("Meilisearch at {url}: {e}")))?;
        let index = Self {
            client,
            url: url.to_owned(),
            prefix: prefix.to_owned(),
        };
        for kind in DocumentKind::ALL {
            index.prepare(*kind).await?;
        }
        Ok(index)
    }

    /// The prefix of this backend's index names.
    pub fn prefix(&self) -> &str {
        &self.prefix
    }

    fn uid(&self, kind: DocumentKind) -> String {
        format!("{}_{}", self.prefix, kind.code().to_lowercase())
    }

    fn index(&self, kind: DocumentKind) -> Index {
        self.client.index(self.uid(kind))
    }

    /// Waits for a task and turns its failure into an error.
    async fn wait(&self, task: TaskInfo) -> SearchResult<()> {
        match task
            .wait_for_completion(&self.client, Some(TASK_POLL), Some(TASK_TIMEOUT))
            .await
            .map_err(unavailable)?
        {
            Task::Failed { content } => Err(SearchError::Unavailable(format!(
                "Meilisearch task failed: {}",
                content.error.error_message
            ))),
            _ => Ok(()),
        }
    }

    async fn prepare(&self, kind: DocumentKind) -> SearchResult<()> {
        let uid = self.uid(kind);
        // Creating an index that exists fails harmlessly (asking first would log a 404).
        let task = self
            .client
            .create_index(&uid, Some("id"))
            .await
            .map_err(unavailable)?
            .wait_for_completion(&self.client, Some(TASK_POLL), Some(TASK_TIMEOUT))
            .await
            .map_err(unavailable)?;
        if let Task::Failed { content } = task
            && content.error.error_code != meilisearch_sdk::errors::ErrorCode::IndexAlreadyExists
        {
            return Err(SearchError::Unavailable(format!(
                "cannot create the Meilisearch index {uid}: {}",
                content.error.error_message
            )));
        }
        let settings = Settings::new()
            .with_searchable_attributes(["primary", "other"])
            .with_displayed_attributes(["id", "texts"])
            .with_filterable_attributes(["kw", "n", "_geo", "id"])
            .with_sortable_attributes(["n", "_geo"])
            .with_ranking_rules([
                "sort",
                "words",
                "typo",
                "attribute",
                "exactness",
                "proximity",
            ])
            .with_synonyms(HashMap::<String, Vec<String>>::new())
            .with_stop_words(Vec::<String>::new())
            .with_typo_tolerance(TypoToleranceSettings {
                enabled: Some(true),
                disable_on_attributes: Some(Vec::new()),
                disable_on_words: Some(Vec::new()),
                min_word_size_for_typos: Some(MinWordSizeForTypos {
                    one_typo: Some(5),
                    two_typos: Some(9),
                }),
                disable_on_numbers: Some(false),
            })
            .with_pagination(PaginationSetting {
                max_total_hits: MAX_TOTAL_HITS,
            })
            .with_faceting(FacetingSettings {
                max_values_per_facet: 1_000,
                sort_facet_values_by: None,
            });
        let task = self
            .index(kind)
            .set_settings(&settings)
            .await
            .map_err(unavailable)?;
        self.wait(task).await
    }

    fn stored(document: &SearchDocument) -> SearchResult<Stored> {
        let folded = |primary: bool| {
            document
                .texts
                .iter()
                .filter(|t| t.primary == primary)
                .flat_map(|t| analysis::index_terms(&t.text, t.lang.as_deref()))
                .collect::<Vec<_>>()
                .join(" ")
        };
        let mut kw: HashMap<String, Vec<String>> = HashMap::new();
        for (field, value) in &document.keywords {
            kw.entry(field_name(field)?.to_owned())
                .or_default()
                .push(value.clone());
        }
        let mut n = HashMap::new();
        for (field, value) in &document.numbers {
            n.insert(number_field(field)?.to_owned(), *value);
        }
        Ok(Stored {
            id: document.id,
            primary: folded(true),
            other: folded(false),
            texts: document
                .texts
                .iter()
                .map(|t| (t.text.clone(), t.lang.clone(), t.primary))
                .collect(),
            kw,
            n,
            geo: document.location.map(|p| Geo {
                lat: p.latitude,
                lng: p.longitude,
            }),
        })
    }
}

fn decoded(hit: Hit) -> Decoded {
    Decoded::new(
        hit.id,
        hit.texts
            .into_iter()
            .map(|(text, lang, primary)| SearchText {
                text,
                lang,
                primary,
            })
            .collect(),
    )
}

#[async_trait::async_trait]
impl SearchIndex for MeiliIndex {
    fn identity(&self) -> String {
        identity(&self.url, &self.prefix)
    }
    async fn mentions(&self, request: &MentionRequest) -> SearchResult<Vec<Mention>> {
        let text = MentionText::new(&request.text, request.lang.as_deref());
        if text.is_empty() || request.limit == 0 {
            return Ok(Vec::new());
        }
        let mut search = SearchRequest::new(request.kind);
        search.filters = request.filters.clone();
        let filter = filter_expression(&search)?;
        let mut forms = text.forms();
        forms.truncate(MENTION_FORMS);
        let candidates: Vec<Decoded> = self
            .holding_any(request.kind, &forms, &filter, MENTION_HITS_PER_FORM)
            .await?
            .into_iter()
            .map(decoded)
            .collect();
        let mut found = mentions::find(&text, &candidates);
        found.truncate(request.limit);
        Ok(found)
    }

    async fn upsert(&self, documents: Vec<SearchDocument>) -> SearchResult<()> {
        let mut by_kind: HashMap<DocumentKind, Vec<Stored>> = HashMap::new();
        for document in &documents {
            by_kind
                .entry(document.kind)
                .or_default()
                .push(Self::stored(document)?);
        }
        for (kind, stored) in by_kind {
            let task = self
                .index(kind)
                .add_or_replace(&stored, Some("id"))
                .await
                .map_err(unavailable)?;
            self.wait(task).await?;
        }
        Ok(())
    }

    async fn delete(&self, kind: DocumentKind, ids: &[Uuid]) -> SearchResult<()> {
        if ids.is_empty() {
            return Ok(());
        }
        let task = self
            .index(kind)
            .delete_documents(ids)
            .await
            .map_err(unavailable)?;
        self.wait(task).await
    }

    async fn clear(&self, kind: DocumentKind) -> SearchResult<()> {
        let task = self
            .index(kind)
            .delete_all_documents()
            .await
            .map_err(unavailable)?;
        self.wait(task).await
    }

    async fn count(&self, kind: DocumentKind) -> SearchResult<usize> {
        Ok(self
            .index(kind)
            .get_stats()
            .await
            .map_err(unavailable)?
            .number_of_documents)
    }

    async fn search(&self, request: &SearchRequest) -> SearchResult<SearchResults> {
        let typed = request
            .text
            .as_deref()
            .map(Typed::new)
            .filter(|t| !t.is_empty());
        let query = typed.as_ref().map(query_words).unwrap_or_default();
        let filter = filter_expression(request)?;
        let sort: Vec<String> = match &request.sort {
            SortOrder::Relevance => Vec::new(),
            SortOrder::Descending(name) => vec![format!("n.{}:desc", number_field(name)?)],
            SortOrder::Ascending(name) => vec![format!("n.{}:asc", number_field(name)?)],
            SortOrder::Distance(point) => vec![format!(
                "_geoPoint({}, {}):asc",
                point.latitude, point.longitude
            )],
        };
        let sort: Vec<&str> = sort.iter().map(String::as_str).collect();
        let facets: Vec<String> = request
            .facets
            .iter()
            .map(|f| field_name(f).map(|f| format!("kw.{f}")))
            .collect::<SearchResult<_>>()?;
        let facets: Vec<&str> = facets.iter().map(String::as_str).collect();
        let (freqs, docs) = match &typed {
            Some(t) => self.doc_freqs(request.kind, &t.forms()).await?,
            None => (HashMap::new(), 0),
        };
        let ranker = typed
            .as_ref()
            .map(|t| t.weigh(|form| freqs.get(form).copied().unwrap_or(0), docs));
        let reranked = ranker.is_some() && request.sort == SortOrder::Relevance;
        // One page from the first match (so the total is exact), as deep as the page asked
        // for, and at least the candidates to rank.
        let mut depth = request.offset + request.limit;
        if reranked {
            depth = depth.max(RERANKED);
        }
        let index = self.index(request.kind);
        let mut search = index.search();
        search
            .with_query(&query)
            .with_matching_strategy(MatchingStrategies::FREQUENCY)
            .with_page(1)
            .with_hits_per_page(depth.max(1))
            .with_attributes_to_retrieve(Selectors::Some(&["id", "texts"]));
        if let Some(filter) = &filter {
            search.with_filter(filter);
        }
        if !sort.is_empty() {
            search.with_sort(&sort);
        }
        if !facets.is_empty() {
            search.with_facets(Selectors::Some(&facets));
        }
        let found = search.execute::<Hit>().await.map_err(unavailable)?;
        let mut total = found.total_hits.unwrap_or(found.hits.len());
        let mut hits: Vec<Hit> = found.hits.into_iter().map(|h| h.result).collect();
        if let (Some(typed), true) = (&typed, reranked) {
            // Meilisearch ranks by how many query words a document holds, however common:
            // the documents holding the rarest words are fetched as well, so the domain's
            // rule sees them.
            let mut forms = typed.forms();
            forms.sort_by_key(|f| freqs.get(*f).copied().unwrap_or(0));
            forms.truncate(RARE_FORMS);
            let mut seen: std::collections::HashSet<Uuid> = hits.iter().map(|h| h.id).collect();
            for hit in self
                .holding_any(request.kind, &forms, &filter, HITS_PER_RARE_FORM)
                .await?
            {
                if seen.insert(hit.id) {
                    hits.push(hit);
                }
            }
        }
        let candidates: Vec<Decoded> = hits.into_iter().map(decoded).collect();

        let matched = |c: &Decoded| ranker.as_ref().and_then(|r| r.best_text(c)).cloned();
        let hits = if let Some(ranker) = ranker.as_ref().filter(|_| reranked) {
            // Every candidate is ranked: the best by Meilisearch's own order and those
            // holding the rarest words.
            let (ranked, rejected) = text_rank::rerank(ranker, &candidates);
            // Meilisearch counted its own matches; the rarest words' documents come on top.
            total = total.saturating_sub(rejected).max(ranked.len());
            ranked
                .into_iter()
                .skip(request.offset)
                .take(request.limit)
                .collect()
        } else {
            candidates
                .iter()
                .skip(request.offset)
                .take(request.limit)
                .map(|c| SearchHit {
                    id: c.id,
                    matched: matched(c),
                })
                .collect()
        };

        let distribution = found.facet_distribution.unwrap_or_default();
        let facets = request
            .facets
            .iter()
            .map(|field| {
                let counts = distribution
                    .get(&format!("kw.{field}"))
                    .map(|values| values.iter().map(|(v, n)| (v.clone(), *n)).collect())
                    .unwrap_or_default();
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

/// The query Meilisearch is given: the typed words and their other exact forms (stems,
/// spellings), as many as it reads, the last typed word last, since Meilisearch takes the
/// last word of a query as a prefix too.
fn query_words(typed: &Typed) -> String {
    let terms = typed.terms();
    let last = typed.words().last().map(|w| w.token.word.as_str());
    let mut words: Vec<&str> = Vec::new();
    for term in &terms {
        for form in std::iter::once(&term.word).chain(&term.exact) {
            if Some(*form) != last && !words.contains(form) {
                words.push(form);
            }
        }
    }
    words.truncate(MAX_QUERY_WORDS - 1);
    words.extend(last);
    words.join(" ")
}

impl MeiliIndex {
    /// Documents holding any of the forms, up to `per_form` for each: one single-word
    /// search per form, all in one request (Meilisearch has no "or" between words, and
    /// ranks a document by how many query words it holds, however common they are).
    async fn holding_any(
        &self,
        kind: DocumentKind,
        forms: &[&str],
        filter: &Option<String>,
        per_form: usize,
    ) -> SearchResult<Vec<Hit>> {
        if forms.is_empty() {
            return Ok(Vec::new());
        }
        let index = self.index(kind);
        let mut multi = self.client.multi_search();
        for form in forms {
            let mut one = index.search();
            one.with_query(form)
                .with_page(1)
                .with_hits_per_page(per_form)
                .with_attributes_to_retrieve(Selectors::Some(&["id", "texts"]));
            if let Some(filter) = filter {
                one.with_filter(filter);
            }
            multi.with_search_query(one);
        }
        let answers = multi.execute::<Hit>().await.map_err(unavailable)?.results;
        let mut seen = std::collections::HashSet::new();
        Ok(answers
            .into_iter()
            .flat_map(|r| r.hits)
            .map(|h| h.result)
            .filter(|h| seen.insert(h.id))
            .collect())
    }

    /// How many documents of a kind hold each form exactly (a quoted search neither
    /// corrects typos nor completes prefixes), and how many there are, in one request.
    async fn doc_freqs(
        &self,
        kind: DocumentKind,
        forms: &[&str],
    ) -> SearchResult<(HashMap<String, usize>, usize)> {
        let index = self.index(kind);
        let quoted: Vec<String> = forms.iter().map(|f| format!("\"{f}\"")).collect();
        let mut multi = self.client.multi_search();
        let mut all = index.search();
        all.with_query("").with_page(1).with_hits_per_page(0);
        multi.with_search_query(all);
        for q in &quoted {
            let mut one = index.search();
            one.with_query(q).with_page(1).with_hits_per_page(0);
            multi.with_search_query(one);
        }
        let answers = multi.execute::<Hit>().await.map_err(unavailable)?.results;
        let count = |r: &meilisearch_sdk::search::SearchResults<Hit>| {
            r.total_hits.or(r.estimated_total_hits).unwrap_or(0)
        };
        let docs = answers.first().map(count).unwrap_or(0);
        let freqs = forms
            .iter()
            .zip(answers.iter().skip(1))
            .map(|(f, r)| ((*f).to_owned(), count(r)))
            .collect();
        Ok((freqs, docs))
    }

    /// Deletes every index of this prefix (a test's own, when it is done).
    pub async fn drop_indexes(&self) -> SearchResult<()> {
        for kind in DocumentKind::ALL {
            let task = self
                .client
                .delete_index(self.uid(*kind))
                .await
                .map_err(unavailable)?;
            self.wait(task).await?;
        }
        Ok(())
    }
}

/// Meilisearch as the server uses it: connects (and applies the settings) on first use and
/// again after a failed attempt, so a server started while Meilisearch is down serves
/// everything but search, and search comes back with Meilisearch.
/// The indexes with names starting `prefix` on the server at `url`, as every replica that
/// shares them names them.
fn identity(url: &str, prefix: &str) -> String {
    format!("meilisearch {} {prefix}", url.trim_end_matches('/'))
}

pub struct MeiliSearch {
    url: String,
    api_key: Option<String>,
    prefix: String,
    index: tokio::sync::OnceCell<MeiliIndex>,
}

impl MeiliSearch {
    pub fn new(url: &str, api_key: Option<&str>, prefix: &str) -> Self {
        Self {
            url: url.to_owned(),
            api_key: api_key.map(str::to_owned),
            prefix: prefix.to_owned(),
            index: tokio::sync::OnceCell::new(),
        }
    }

    /// The connected index, connecting now if need be.
    pub async fn ready(&self) -> SearchResult<&MeiliIndex> {
        self.index
            .get_or_try_init(|| {
                MeiliIndex::connect(&self.url, self.api_key.as_deref(), &self.prefix)
            })
            .await
    }
}

#[async_trait::async_trait]
impl SearchIndex for MeiliSearch {
    fn identity(&self) -> String {
        identity(&self.url, &self.prefix)
    }
    async fn mentions(&self, request: &MentionRequest) -> SearchResult<Vec<Mention>> {
        self.ready().await?.mentions(request).await
    }
    async fn upsert(&self, documents: Vec<SearchDocument>) -> SearchResult<()> {
        self.ready().await?.upsert(documents).await
    }
    async fn delete(&self, kind: DocumentKind, ids: &[Uuid]) -> SearchResult<()> {
        self.ready().await?.delete(kind, ids).await
    }
    async fn clear(&self, kind: DocumentKind) -> SearchResult<()> {
        self.ready().await?.clear(kind).await
    }
    async fn search(&self, request: &SearchRequest) -> SearchResult<SearchResults> {
        self.ready().await?.search(request).await
    }
    async fn count(&self, kind: DocumentKind) -> SearchResult<usize> {
        self.ready().await?.count(kind).await
    }
}
