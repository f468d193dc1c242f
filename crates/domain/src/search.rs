//! Search as the rest of the product sees it: documents (skills, occupations, vacancies,
//! courses) described generically — texts in languages, exact-match attributes, numbers and
//! a place — and one [`SearchIndex`] trait that the embedded (tantivy) and the scaled
//! (Meilisearch) backends implement with the same behaviour. Search answers ids; callers
//! load the rows and apply visibility rules after loading.
//!
//! Text matching follows one rule, [`typos_allowed`]: words of 5 characters or more may
//! have one typo, of 9 or more two; the last word of a query also matches as a prefix (the
//! person is still typing).

use crate::codes::coded;
use crate::matching::GeoPoint;

coded!(
    /// What kind of thing a document is; each kind is its own index.
    DocumentKind { Skill => "SKILL", Occupation => "OCCUPATION", Vacancy => "VACANCY", Course => "COURSE" }
);

/// The number fields documents may carry: backends declare them up front (for range
/// filters and sorting), and refuse others.
pub const NUMBER_FIELDS: &[&str] = &["postedAt", "closesOn", "startsOn", "freeSeats", "cost"];

/// One searchable text: a label or title in a language. `primary` texts (preferred labels,
/// titles) rank above the others (alternative labels, descriptions) when both match.
#[derive(Clone, Debug, PartialEq)]
pub struct SearchText {
    pub text: String,
    /// ISO 639-1, when known.
    pub lang: Option<String>,
    pub primary: bool,
}

/// A document as search sees it.
#[derive(Clone, Debug, PartialEq)]
pub struct SearchDocument {
    pub kind: DocumentKind,
    pub id: uuid::Uuid,
    pub texts: Vec<SearchText>,
    /// Exact-match attributes for filters and facets, e.g. ("contractType", "PERMANENT");
    /// a field may hold several values.
    pub keywords: Vec<(String, String)>,
    /// Numbers for range filters and sorting, e.g. ("postedAt", seconds since 1970).
    pub numbers: Vec<(String, i64)>,
    pub location: Option<GeoPoint>,
}

/// A condition on documents.
#[derive(Clone, Debug, PartialEq)]
pub enum Filter {
    /// The field holds one of the values.
    AnyOf(String, Vec<String>),
    /// The field holds none of the values.
    NoneOf(String, Vec<String>),
    /// The number is at least this.
    AtLeast(String, i64),
    /// The number is at most this.
    AtMost(String, i64),
}

#[derive(Clone, Debug, Default, PartialEq)]
pub enum SortOrder {
    /// Best text match first (documents in their natural order when there is no text).
    #[default]
    Relevance,
    /// By a number, largest first.
    Descending(String),
    /// By a number, smallest first.
    Ascending(String),
    /// Nearest to the point first (documents without a place last).
    Distance(GeoPoint),
}

#[derive(Clone, Debug, PartialEq)]
pub struct SearchRequest {
    pub kind: DocumentKind,
    /// What the person typed; `None` or blank matches every document.
    pub text: Option<String>,
    pub filters: Vec<Filter>,
    /// Only documents within this many kilometres of the point.
    pub within: Option<(GeoPoint, f64)>,
    pub sort: SortOrder,
    /// The keyword fields to count values of, over every matching document.
    pub facets: Vec<String>,
    pub offset: usize,
    pub limit: usize,
}

impl SearchRequest {
    pub fn new(kind: DocumentKind) -> Self {
        Self {
            kind,
            text: None,
            filters: Vec::new(),
            within: None,
            sort: SortOrder::Relevance,
            facets: Vec::new(),
            offset: 0,
            limit: 20,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct SearchHit {
    pub id: uuid::Uuid,
    /// The text that matched best, when the request had text.
    pub matched: Option<SearchText>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct FacetCounts {
    pub field: String,
    /// Values with how many matching documents hold them, most first (ties by value).
    pub counts: Vec<(String, usize)>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct SearchResults {
    pub hits: Vec<SearchHit>,
    /// How many documents match in all.
    pub total: usize,
    pub facets: Vec<FacetCounts>,
}

#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    /// The backend cannot be reached or refused the work; writes are kept for later.
    #[error("search is unavailable: {0}")]
    Unavailable(String),
    /// A request the backend cannot answer (a bad field name, say).
    #[error("invalid search: {0}")]
    Invalid(String),
}

pub type SearchResult<T> = Result<T, SearchError>;

/// The search backends' common behaviour. Upserts and deletes are idempotent, so an
/// indexer may deliver a change more than once.
#[async_trait::async_trait]
pub trait SearchIndex: Send + Sync {
    /// Adds documents or replaces those with the same kind and id; visible to searches
    /// when the call returns.
    async fn upsert(&self, documents: Vec<SearchDocument>) -> SearchResult<()>;
    /// Removes documents; ids not indexed are ignored.
    async fn delete(&self, kind: DocumentKind, ids: &[uuid::Uuid]) -> SearchResult<()>;
    /// Removes every document of a kind (before a rebuild).
    async fn clear(&self, kind: DocumentKind) -> SearchResult<()>;
    async fn search(&self, request: &SearchRequest) -> SearchResult<SearchResults>;
    /// How many documents of a kind are indexed.
    async fn count(&self, kind: DocumentKind) -> SearchResult<usize>;
}

/// How many typos a query word may have: none under 5 characters, one from 5, two from 9.
pub fn typos_allowed(word: &str) -> u8 {
    match word.chars().count() {
        0..=4 => 0,
        5..=8 => 1,
        _ => 2,
    }
}

/// The words of a text as search compares them: split on anything not a letter or digit,
/// lower-cased, accents and other marks removed from Latin letters (so "Pflege" and
/// "pflege", "Kündigung" and "kundigung" meet).
pub fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(fold)
        .collect()
}

/// Lower case without diacritics on Latin letters; other scripts are kept as they are.
pub fn fold(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    for c in word.chars().flat_map(char::to_lowercase) {
        match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => out.push('a'),
            'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => out.push('c'),
            'ď' | 'đ' => out.push('d'),
            'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => out.push('e'),
            'ĝ' | 'ğ' | 'ġ' | 'ģ' => out.push('g'),
            'ì' | 'í' | 'î' | 'ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' => out.push('i'),
            'ķ' => out.push('k'),
            'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' => out.push('l'),
            'ñ' | 'ń' | 'ņ' | 'ň' => out.push('n'),
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ŏ' | 'ő' => out.push('o'),
            'ŕ' | 'ŗ' | 'ř' => out.push('r'),
            'ś' | 'ŝ' | 'ş' | 'š' | 'ș' => out.push('s'),
            'ß' => out.push_str("ss"),
            'ţ' | 'ť' | 'ŧ' | 'ț' => out.push('t'),
            'ù' | 'ú' | 'û' | 'ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' => out.push('u'),
            'ý' | 'ÿ' => out.push('y'),
            'ź' | 'ż' | 'ž' => out.push('z'),
            'æ' => out.push_str("ae"),
            'œ' => out.push_str("oe"),
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typos_grow_with_word_length() {
        for (word, typos) in [
            ("care", 0),
            ("nurse", 1),
            ("weldng", 1),
            ("carpenter", 2),
            ("Pflegekraft", 2),
        ] {
            assert_eq!(typos_allowed(word), typos, "{word}");
        }
    }

    #[test]
    fn words_are_folded() {
        assert_eq!(
            words("Kündigung, Straße & Pflege-Hilfe"),
            ["kundigung", "strasse", "pflege", "hilfe"]
        );
        assert_eq!(words("  "), Vec::<String>::new());
        assert_eq!(words("Сварщик"), ["сварщик"]);
    }
}

/// A change waiting in the search outbox: the document to re-read and index (or remove).
#[derive(Clone, Debug, PartialEq)]
pub struct OutboxEntry {
    pub id: i64,
    pub kind: DocumentKind,
    pub document_id: uuid::Uuid,
    pub delete: bool,
    /// Deliveries tried so far, this one included.
    pub attempts: i32,
}

/// How far search is behind the database.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct OutboxLag {
    pub pending: u64,
    pub oldest: Option<chrono::DateTime<chrono::Utc>>,
}

/// The outbox that keeps search consistent with the database: every write that changes a
/// searchable document appends an entry in its own transaction, and an indexer claims
/// entries, indexes the documents as they are now, and completes them (or retries later).
#[async_trait::async_trait]
pub trait SearchOutboxRepository: Send + Sync {
    /// Claims up to `limit` entries due at `now` until `lease_until`: nobody else gets them
    /// before then, and an indexer that dies leaves them to be claimed again.
    async fn claim_search_changes(
        &self,
        limit: usize,
        now: chrono::DateTime<chrono::Utc>,
        lease_until: chrono::DateTime<chrono::Utc>,
    ) -> crate::StoreResult<Vec<OutboxEntry>>;
    /// Removes delivered entries.
    async fn complete_search_changes(&self, ids: &[i64]) -> crate::StoreResult<()>;
    /// Puts entries back for another try at `retry_at`, with the error.
    async fn retry_search_changes(
        &self,
        ids: &[i64],
        error: &str,
        retry_at: chrono::DateTime<chrono::Utc>,
    ) -> crate::StoreResult<()>;
    async fn search_outbox_lag(&self) -> crate::StoreResult<OutboxLag>;
    /// Ids of every document of `kind` in the database, by id after `after` (a rebuild).
    async fn search_document_ids(
        &self,
        kind: DocumentKind,
        after: Option<uuid::Uuid>,
        limit: usize,
    ) -> crate::StoreResult<Vec<uuid::Uuid>>;
    /// The searchable labels of skills or occupations (`kind`): preferred and alternative,
    /// every language; hidden labels are left out.
    async fn concept_texts(
        &self,
        kind: DocumentKind,
        ids: &[uuid::Uuid],
    ) -> crate::StoreResult<Vec<(uuid::Uuid, SearchText)>>;
}

/// An occupation as a search document: its labels, and every ISCO group it is in as
/// `iscoGroup` (the 4-digit unit group and the groups above it), so a filter on a group
/// finds the occupations below it.
pub fn occupation_document(
    occupation: &crate::taxonomy::Occupation,
    texts: Vec<SearchText>,
) -> SearchDocument {
    let keywords = occupation
        .isco_code
        .as_deref()
        .map(|code| {
            (1..=code.len())
                .filter_map(|n| code.get(..n))
                .map(|group| ("iscoGroup".to_owned(), group.to_owned()))
                .collect()
        })
        .unwrap_or_default();
    SearchDocument {
        kind: DocumentKind::Occupation,
        id: *occupation.id.as_uuid(),
        texts,
        keywords,
        numbers: Vec::new(),
        location: None,
    }
}

/// A skill or skill group as a search document: its labels, and its kind and type as
/// keywords (`conceptKind`, `skillType`).
pub fn skill_document(skill: &crate::taxonomy::Skill, texts: Vec<SearchText>) -> SearchDocument {
    let mut keywords = vec![("conceptKind".to_owned(), skill.kind.code().to_owned())];
    if let Some(t) = skill.skill_type {
        keywords.push(("skillType".to_owned(), t.code().to_owned()));
    }
    SearchDocument {
        kind: DocumentKind::Skill,
        id: *skill.id.as_uuid(),
        texts,
        keywords,
        numbers: Vec::new(),
        location: None,
    }
}
