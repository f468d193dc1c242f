//! Search as the rest of the product sees it: documents (skills, occupations, vacancies,
//! courses) described generically — texts in languages, exact-match attributes, numbers and
//! a place — and one [`SearchIndex`] trait that the embedded (tantivy) and the scaled
//! (Meilisearch) backends implement with the same behaviour. Search answers ids; callers
//! load the rows and apply visibility rules after loading.
//!
//! Text matching follows one rule, [`typos_allowed`]: words of 5 characters or more may
//! have one typo, of 9 or more two, a typo on the first letter counting as two; the last
//! word of a query also matches as a prefix (the person is still typing).

use crate::codes::coded;
use crate::matching::GeoPoint;

coded!(
    /// What kind of thing a document is; each kind is its own index.
    DocumentKind {
        Skill => "SKILL",
        Occupation => "OCCUPATION",
        Vacancy => "VACANCY",
        Course => "COURSE",
        Organisation => "ORGANISATION",
    }
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

impl FacetCounts {
    /// The counts of a field's values in the order results give them.
    pub fn new(field: &str, mut counts: Vec<(String, usize)>) -> Self {
        counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        Self {
            field: field.to_owned(),
            counts,
        }
    }
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
    /// The documents of a kind a free text mentions ([`crate::mentions`]), most confident
    /// first, at most `limit`.
    async fn mentions(
        &self,
        request: &crate::mentions::MentionRequest,
    ) -> SearchResult<Vec<crate::mentions::Mention>>;
    /// How many documents of a kind are indexed.
    async fn count(&self, kind: DocumentKind) -> SearchResult<usize>;
    /// A name for this index that stays while it keeps its documents, the same for every
    /// process that shares it: the database keeps its position in the change stream under
    /// it ([`SearchSourceRepository::search_position`]).
    fn identity(&self) -> String;
}

/// How many typos a query word may have: none under 5 characters, one from 5, two from 9
/// (a typo on the first letter counts as two).
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

/// What search reads of the database: where each search index is in the change stream
/// (search follows it like every follower: a write that changes a searchable document
/// records [`Event::SearchDocuments`](crate::events::Event::SearchDocuments) in its own
/// transaction), and the documents to build an index from.
#[async_trait::async_trait]
pub trait SearchSourceRepository: Send + Sync {
    /// Where the search index `index` (see [`SearchIndex::identity`]) is in the change
    /// stream; `None` for one never built.
    async fn search_position(
        &self,
        index: &str,
    ) -> crate::StoreResult<Option<crate::events::ChangePosition>>;
    /// Records that `index` holds every change up to `position`.
    async fn save_search_position(
        &self,
        index: &str,
        position: crate::events::ChangePosition,
        now: chrono::DateTime<chrono::Utc>,
    ) -> crate::StoreResult<()>;
    /// Ids of every document of `kind` in the database, by id after `after` (a rebuild).
    async fn search_document_ids(
        &self,
        kind: DocumentKind,
        after: Option<uuid::Uuid>,
        limit: usize,
    ) -> crate::StoreResult<Vec<uuid::Uuid>>;
    /// The searchable labels of skills or occupations (`kind`): preferred, alternative and
    /// hidden (ESCO's other names for search, never shown), every language.
    async fn concept_texts(
        &self,
        kind: DocumentKind,
        ids: &[uuid::Uuid],
    ) -> crate::StoreResult<Vec<(uuid::Uuid, SearchText)>>;
}

/// Brings search up to date with the writes committed so far, as far as this process can:
/// a mutation calls it so its caller then finds what it wrote. Failures are left to the
/// indexer, which follows the change stream.
#[async_trait::async_trait]
pub trait SearchRefresh: Send + Sync {
    /// Indexes `documents` (kind and id) as the database holds them now, so the caller of a
    /// write finds it in their next search; the indexer delivers their changes as usual
    /// too (indexing is idempotent), and nobody else's wait for this.
    async fn refresh(&self, documents: &[(DocumentKind, uuid::Uuid)]);
}

mod documents;
mod requests;

pub use documents::*;
pub use requests::*;
