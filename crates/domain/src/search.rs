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

/// An occupation as a search document: its labels, and every ISCO group it is in as
/// `iscoGroup` (the 4-digit unit group and the groups above it; see [`isco_keywords`]), so
/// a filter on a group finds the occupations below it.
pub fn occupation_document(
    occupation: &crate::taxonomy::Occupation,
    texts: Vec<SearchText>,
) -> SearchDocument {
    let keywords = isco_keywords(occupation.isco_code.as_deref());
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

/// A date as search numbers hold it: days since 1970-01-01.
pub fn day_number(day: chrono::NaiveDate) -> i64 {
    (day - chrono::NaiveDate::default()).num_days()
}

/// "true" or "false", as boolean keywords are indexed.
fn flag(value: bool) -> String {
    value.to_string()
}

fn place(location: &crate::profile::Location) -> Option<GeoPoint> {
    Some(GeoPoint {
        latitude: location.latitude?,
        longitude: location.longitude?,
    })
}

/// Keywords for every ISCO group a code is in (`iscoGroup`: the unit group and those above
/// it) and its major group (`iscoMajorGroup`, one digit, for facets).
fn isco_keywords(code: Option<&str>) -> Vec<(String, String)> {
    let Some(code) = code.filter(|c| !c.is_empty()) else {
        return Vec::new();
    };
    let mut keywords: Vec<(String, String)> = (1..=code.len())
        .filter_map(|n| code.get(..n))
        .map(|group| ("iscoGroup".to_owned(), group.to_owned()))
        .collect();
    if let Some(major) = code.get(..1) {
        keywords.push(("iscoMajorGroup".to_owned(), major.to_owned()));
    }
    keywords
}

/// What a vacancy's document is made of besides the vacancy row.
pub struct VacancyFacts<'a> {
    pub languages: &'a [crate::vacancy::VacancyLanguage],
    pub tracks: &'a [crate::profile::Track],
    pub support: &'a [crate::vacancy::InclusionSupport],
    /// The labels of its occupation (every language) and the preferred labels of its
    /// skills: people search for "welder" or "Pflege" whatever the title's language.
    pub related: Vec<SearchText>,
    /// Whether its occupation is on a shortage list in force for its region.
    pub shortage: bool,
}

/// A vacancy as a search document. The title is the primary text; the description and the
/// related labels are secondary. Keywords: `status`, `organisation`, `contractType`,
/// `occupation`, `iscoGroup`, `iscoMajorGroup`, `shortage`, `remote`, `track`,
/// `inclusionSupport`, `country`, and for each language requirement `requiredLanguage`
/// ("de") and `languageLevel` ("de:B2"), so [`meets_languages`] can filter. Numbers:
/// `postedAt` (milliseconds; creation for drafts) and `closesOn` (days).
pub fn vacancy_document(
    vacancy: &crate::vacancy::Vacancy,
    facts: VacancyFacts<'_>,
) -> SearchDocument {
    let mut texts = vec![SearchText {
        text: vacancy.title.clone(),
        lang: None,
        primary: true,
    }];
    if !vacancy.description.is_empty() {
        texts.push(SearchText {
            text: vacancy.description.clone(),
            lang: None,
            primary: false,
        });
    }
    texts.extend(facts.related.into_iter().map(|t| SearchText {
        primary: false,
        ..t
    }));
    let mut keywords = vec![
        ("status".to_owned(), vacancy.status.code().to_owned()),
        (
            "organisation".to_owned(),
            vacancy.organisation_id.as_uuid().to_string(),
        ),
        (
            "contractType".to_owned(),
            vacancy.contract_type.code().to_owned(),
        ),
        ("shortage".to_owned(), flag(facts.shortage)),
        ("remote".to_owned(), flag(vacancy.remote)),
    ];
    if let Some(occupation) = vacancy.occupation_id {
        keywords.push(("occupation".to_owned(), occupation.as_uuid().to_string()));
    }
    keywords.extend(isco_keywords(vacancy.isco_code.as_deref()));
    if let Some(country) = &vacancy.location.country_code {
        keywords.push(("country".to_owned(), country.clone()));
    }
    for track in facts.tracks {
        keywords.push(("track".to_owned(), track.code().to_owned()));
    }
    for support in facts.support {
        keywords.push(("inclusionSupport".to_owned(), support.code().to_owned()));
    }
    for requirement in facts.languages {
        let language = requirement.language.as_str();
        keywords.push(("requiredLanguage".to_owned(), language.to_owned()));
        keywords.push((
            "languageLevel".to_owned(),
            format!("{language}:{}", requirement.min_level.code()),
        ));
    }
    let mut numbers = vec![(
        "postedAt".to_owned(),
        vacancy
            .published_at
            .unwrap_or(vacancy.created_at)
            .timestamp_millis(),
    )];
    if let Some(closes) = vacancy.closes_on {
        numbers.push(("closesOn".to_owned(), day_number(closes)));
    }
    SearchDocument {
        kind: DocumentKind::Vacancy,
        id: *vacancy.id.as_uuid(),
        texts,
        keywords,
        numbers,
        location: place(&vacancy.location),
    }
}

/// Filters that keep the documents whose every language requirement someone with `levels`
/// meets: none of their required languages is one the person lacks, and none of their
/// minimum levels is above the person's in a language they have.
pub fn meets_languages(levels: &[(crate::LanguageCode, crate::CefrLevel)]) -> Vec<Filter> {
    let level_of = |language: crate::LanguageCode| {
        levels
            .iter()
            .filter(|(l, _)| *l == language)
            .map(|(_, level)| *level)
            .max()
    };
    let lacking = crate::LanguageCode::all()
        .filter(|l| level_of(*l).is_none())
        .map(|l| l.as_str().to_owned())
        .collect();
    let mut above = Vec::new();
    for language in crate::LanguageCode::all() {
        if let Some(level) = level_of(language) {
            above.extend(
                crate::CefrLevel::ALL
                    .into_iter()
                    .filter(|l| *l > level)
                    .map(|l| format!("{}:{}", language.as_str(), l.code())),
            );
        }
    }
    vec![
        Filter::NoneOf("requiredLanguage".to_owned(), lacking),
        Filter::NoneOf("languageLevel".to_owned(), above),
    ]
}

/// What a course's document is made of besides the course row.
pub struct CourseFacts<'a> {
    /// Its cohorts with the seats given out in each.
    pub cohorts: &'a [(crate::course::Cohort, i64)],
    /// Languages of instruction.
    pub languages: &'a [crate::LanguageCode],
    pub tracks: &'a [crate::profile::Track],
    /// The preferred labels of the skills it teaches.
    pub related: Vec<SearchText>,
    /// The day the document describes: cohorts starting before it are over for searchers.
    pub today: chrono::NaiveDate,
}

/// A course as a search document. The title is the primary text; the description and the
/// skill labels are secondary. Keywords: `organisation`, `mode`, `audience`, `free`,
/// `childcare`, `language` (of instruction), `track`, `hasFreeSeats`. Numbers: `postedAt`
/// (milliseconds), `cost` (minor units; 0 when free), and over the cohorts still to start,
/// `startsOn` (the first start, days) and `freeSeats` (seats left in all of them).
pub fn course_document(course: &crate::course::Course, facts: CourseFacts<'_>) -> SearchDocument {
    let mut texts = vec![SearchText {
        text: course.title.clone(),
        lang: None,
        primary: true,
    }];
    if !course.description.is_empty() {
        texts.push(SearchText {
            text: course.description.clone(),
            lang: None,
            primary: false,
        });
    }
    texts.extend(facts.related.into_iter().map(|t| SearchText {
        primary: false,
        ..t
    }));
    let upcoming: Vec<&(crate::course::Cohort, i64)> = facts
        .cohorts
        .iter()
        .filter(|(c, _)| c.course_id == course.id && c.starts_on >= facts.today)
        .collect();
    let free_seats: i64 = upcoming
        .iter()
        .map(|(c, taken)| (i64::from(c.seats) - taken).max(0))
        .sum();
    let mut keywords = vec![
        (
            "organisation".to_owned(),
            course.organisation_id.as_uuid().to_string(),
        ),
        ("mode".to_owned(), course.mode.code().to_owned()),
        ("audience".to_owned(), course.audience.code().to_owned()),
        ("free".to_owned(), flag(course.cost.is_none())),
        ("childcare".to_owned(), flag(course.childcare)),
        ("hasFreeSeats".to_owned(), flag(free_seats > 0)),
    ];
    for language in facts.languages {
        keywords.push(("language".to_owned(), language.as_str().to_owned()));
    }
    for track in facts.tracks {
        keywords.push(("track".to_owned(), track.code().to_owned()));
    }
    let mut numbers = vec![
        ("postedAt".to_owned(), course.created_at.timestamp_millis()),
        (
            "cost".to_owned(),
            course.cost.as_ref().map_or(0, |c| c.amount),
        ),
        ("freeSeats".to_owned(), free_seats),
    ];
    if let Some(first) = upcoming.iter().map(|(c, _)| c.starts_on).min() {
        numbers.push(("startsOn".to_owned(), day_number(first)));
    }
    SearchDocument {
        kind: DocumentKind::Course,
        id: *course.id.as_uuid(),
        texts,
        keywords,
        numbers,
        location: place(&course.location),
    }
}

/// The keyword fields vacancy searches count values of.
pub const VACANCY_FACETS: &[&str] = &["contractType", "shortage", "iscoMajorGroup", "track"];
/// The keyword fields course searches count values of.
pub const COURSE_FACETS: &[&str] = &[
    "mode",
    "free",
    "childcare",
    "language",
    "hasFreeSeats",
    "track",
];

coded!(
    /// How vacancy results are ordered.
    VacancyOrder { Relevance => "RELEVANCE", Newest => "NEWEST", Distance => "DISTANCE", ClosingDate => "CLOSING_DATE" }
);
coded!(
    /// How course results are ordered.
    CourseOrder { Relevance => "RELEVANCE", Newest => "NEWEST", StartingSoon => "STARTING_SOON", Distance => "DISTANCE" }
);

/// The largest radius a search takes, in kilometres (half the Earth's circumference).
pub const MAX_RADIUS_KM: f64 = 20_000.0;

/// Why a search cannot be run as asked: the field and what to do.
#[derive(Clone, Debug, PartialEq)]
pub struct SearchProblem {
    pub field: &'static str,
    pub message: String,
}

fn problem(field: &'static str, message: impl Into<String>) -> SearchProblem {
    SearchProblem {
        field,
        message: message.into(),
    }
}

/// A radius around a point, checked.
pub fn radius(latitude: f64, longitude: f64, km: f64) -> Result<(GeoPoint, f64), SearchProblem> {
    if !(-90.0..=90.0).contains(&latitude) || !(-180.0..=180.0).contains(&longitude) {
        return Err(problem(
            "within",
            "give a latitude from -90 to 90 and a longitude from -180 to 180",
        ));
    }
    if !(km > 0.0 && km <= MAX_RADIUS_KM) {
        return Err(problem(
            "within.km",
            "give a radius above 0 and at most 20,000 km",
        ));
    }
    Ok((
        GeoPoint {
            latitude,
            longitude,
        },
        km,
    ))
}

/// The order asked for, or the default: best match with text, else `without_text`.
fn sort_for(text: &Option<String>, other: Option<SortOrder>, without_text: SortOrder) -> SortOrder {
    match other {
        Some(order) => order,
        None if text.as_deref().is_some_and(|t| !words(t).is_empty()) => SortOrder::Relevance,
        None => without_text,
    }
}

/// A vacancy search as people ask for it.
#[derive(Clone, Debug, Default)]
pub struct VacancySearch {
    pub text: Option<String>,
    /// One organisation's vacancies (its members' view), else every organisation's.
    pub organisation: Option<crate::OrganisationId>,
    /// Statuses to show; empty means any (only members may ask for other than OPEN).
    pub statuses: Vec<crate::vacancy::VacancyStatus>,
    pub occupation: Option<crate::OccupationId>,
    /// An ISCO group code (1 to 4 digits): vacancies whose occupation is in it.
    pub isco_group: Option<String>,
    pub shortage_only: bool,
    pub contract_types: Vec<crate::vacancy::ContractType>,
    pub tracks: Vec<crate::profile::Track>,
    pub remote: Option<bool>,
    pub within: Option<(GeoPoint, f64)>,
    pub posted_since: Option<chrono::DateTime<chrono::Utc>>,
    /// Only vacancies whose language requirements someone with these levels meets.
    pub meets_languages: Option<Vec<(crate::LanguageCode, crate::CefrLevel)>>,
    /// `None`: by relevance with text, newest first without.
    pub order: Option<VacancyOrder>,
}

impl VacancySearch {
    /// The request for the search backend (facets: [`VACANCY_FACETS`]).
    pub fn request(&self) -> Result<SearchRequest, SearchProblem> {
        let mut request = SearchRequest::new(DocumentKind::Vacancy);
        request.text = self.text.clone();
        let f = &mut request.filters;
        any_of(
            f,
            "status",
            self.statuses.iter().map(|s| s.code().to_owned()),
        );
        any_of(
            f,
            "organisation",
            self.organisation.map(|o| o.as_uuid().to_string()),
        );
        any_of(
            f,
            "occupation",
            self.occupation.map(|o| o.as_uuid().to_string()),
        );
        if let Some(group) = &self.isco_group {
            let group = group.trim();
            if group.is_empty() || group.len() > 4 || !group.bytes().all(|b| b.is_ascii_digit()) {
                return Err(problem(
                    "iscoGroup",
                    "give an ISCO group code of 1 to 4 digits",
                ));
            }
            any_of(f, "iscoGroup", [group.to_owned()]);
        }
        any_of(f, "shortage", self.shortage_only.then(|| flag(true)));
        any_of(
            f,
            "contractType",
            self.contract_types.iter().map(|c| c.code().to_owned()),
        );
        any_of(f, "track", self.tracks.iter().map(|t| t.code().to_owned()));
        any_of(f, "remote", self.remote.map(flag));
        if let Some(since) = self.posted_since {
            f.push(Filter::AtLeast("postedAt".into(), since.timestamp_millis()));
        }
        if let Some(levels) = &self.meets_languages {
            f.extend(meets_languages(levels));
        }
        request.within = self.within;
        let order = match self.order {
            None | Some(VacancyOrder::Relevance) => None,
            Some(VacancyOrder::Newest) => Some(SortOrder::Descending("postedAt".into())),
            Some(VacancyOrder::ClosingDate) => Some(SortOrder::Ascending("closesOn".into())),
            Some(VacancyOrder::Distance) => Some(nearest_first(self.within)?),
        };
        request.sort = sort_for(&self.text, order, SortOrder::Descending("postedAt".into()));
        request.facets = VACANCY_FACETS.iter().map(|f| (*f).to_owned()).collect();
        Ok(request)
    }
}

/// A course search as people ask for it.
#[derive(Clone, Debug, Default)]
pub struct CourseSearch {
    pub text: Option<String>,
    pub organisation: Option<crate::OrganisationId>,
    pub modes: Vec<crate::course::CourseMode>,
    pub free_only: bool,
    /// Only courses with a cohort starting on or before this day (and not started yet).
    pub starts_before: Option<chrono::NaiveDate>,
    pub has_free_seats: bool,
    pub childcare: bool,
    /// Only courses taught in one of these languages.
    pub languages: Vec<crate::LanguageCode>,
    pub tracks: Vec<crate::profile::Track>,
    pub within: Option<(GeoPoint, f64)>,
    /// `None`: by relevance with text, newest first without.
    pub order: Option<CourseOrder>,
}

impl CourseSearch {
    /// The request for the search backend (facets: [`COURSE_FACETS`]).
    pub fn request(&self) -> Result<SearchRequest, SearchProblem> {
        let mut request = SearchRequest::new(DocumentKind::Course);
        request.text = self.text.clone();
        let f = &mut request.filters;
        any_of(
            f,
            "organisation",
            self.organisation.map(|o| o.as_uuid().to_string()),
        );
        any_of(f, "mode", self.modes.iter().map(|m| m.code().to_owned()));
        any_of(f, "free", self.free_only.then(|| flag(true)));
        if let Some(day) = self.starts_before {
            f.push(Filter::AtMost("startsOn".into(), day_number(day)));
        }
        if self.has_free_seats {
            f.push(Filter::AtLeast("freeSeats".into(), 1));
        }
        any_of(f, "childcare", self.childcare.then(|| flag(true)));
        any_of(
            f,
            "language",
            self.languages.iter().map(|l| l.as_str().to_owned()),
        );
        any_of(f, "track", self.tracks.iter().map(|t| t.code().to_owned()));
        request.within = self.within;
        let order = match self.order {
            None | Some(CourseOrder::Relevance) => None,
            Some(CourseOrder::Newest) => Some(SortOrder::Descending("postedAt".into())),
            Some(CourseOrder::StartingSoon) => Some(SortOrder::Ascending("startsOn".into())),
            Some(CourseOrder::Distance) => Some(nearest_first(self.within)?),
        };
        request.sort = sort_for(&self.text, order, SortOrder::Descending("postedAt".into()));
        request.facets = COURSE_FACETS.iter().map(|f| (*f).to_owned()).collect();
        Ok(request)
    }
}

/// Adds "the field holds one of these values", unless there are none (no condition).
fn any_of(filters: &mut Vec<Filter>, field: &str, values: impl IntoIterator<Item = String>) {
    let values: Vec<String> = values.into_iter().collect();
    if !values.is_empty() {
        filters.push(Filter::AnyOf(field.to_owned(), values));
    }
}

/// Nearest first to the search's point; a point is needed.
fn nearest_first(within: Option<(GeoPoint, f64)>) -> Result<SortOrder, SearchProblem> {
    match within {
        Some((centre, _)) => Ok(SortOrder::Distance(centre)),
        None => Err(problem(
            "orderBy",
            "ordering by DISTANCE needs a point: give filter.within",
        )),
    }
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

#[cfg(test)]
mod request_tests {
    use super::*;
    use crate::{CefrLevel, LanguageCode};

    #[test]
    fn vacancy_requests_say_what_is_wrong() {
        let mut search = VacancySearch {
            order: Some(VacancyOrder::Distance),
            ..Default::default()
        };
        assert_eq!(search.request().unwrap_err().field, "orderBy");
        search.order = None;
        for bad in ["", "12345", "7a"] {
            search.isco_group = Some(bad.into());
            assert_eq!(search.request().unwrap_err().field, "iscoGroup", "{bad:?}");
        }
        search.isco_group = Some(" 72 ".into());
        let request = search.request().unwrap();
        assert!(
            request
                .filters
                .contains(&Filter::AnyOf("iscoGroup".into(), vec!["72".into()]))
        );
        assert_eq!(radius(91.0, 0.0, 5.0).unwrap_err().field, "within");
        assert_eq!(radius(48.0, 11.0, 0.0).unwrap_err().field, "within.km");
        assert!(radius(48.0, 11.0, 20_000.0).is_ok());
    }

    #[test]
    fn the_order_follows_the_text_unless_asked() {
        let mut search = VacancySearch::default();
        assert_eq!(
            search.request().unwrap().sort,
            SortOrder::Descending("postedAt".into())
        );
        search.text = Some(" – ".into());
        assert_eq!(
            search.request().unwrap().sort,
            SortOrder::Descending("postedAt".into()),
            "no words is no text"
        );
        search.text = Some("welder".into());
        assert_eq!(search.request().unwrap().sort, SortOrder::Relevance);
        search.order = Some(VacancyOrder::ClosingDate);
        assert_eq!(
            search.request().unwrap().sort,
            SortOrder::Ascending("closesOn".into())
        );
        let course = CourseSearch {
            order: Some(CourseOrder::StartingSoon),
            has_free_seats: true,
            ..Default::default()
        };
        let request = course.request().unwrap();
        assert_eq!(request.sort, SortOrder::Ascending("startsOn".into()));
        assert_eq!(
            request.filters,
            vec![Filter::AtLeast("freeSeats".into(), 1)]
        );
    }

    #[test]
    fn language_filters_leave_out_what_the_person_lacks() {
        let de = LanguageCode::parse("de").unwrap();
        let filters = meets_languages(&[(de, CefrLevel::A2), (de, CefrLevel::B1)]);
        let Filter::NoneOf(field, lacking) = &filters[0] else {
            panic!("{filters:?}")
        };
        assert_eq!(field, "requiredLanguage");
        assert_eq!(lacking.len(), LanguageCode::all().count() - 1);
        assert!(!lacking.contains(&"de".to_owned()));
        assert_eq!(
            filters[1],
            Filter::NoneOf(
                "languageLevel".into(),
                vec!["de:B2".into(), "de:C1".into(), "de:C2".into()]
            ),
            "the best of the levels given counts"
        );
    }
}
