//! The Skillbridge application layer: one function per use case and per read the API
//! answers (writes validate through the domain, write through the store in one transaction
//! that records the change, and refresh this process's own followers so the caller reads
//! their write; reads check who asks, then read); who may act on and see what (the
//! domain's policy applied to what the store holds); and the assembly of search documents
//! and matching inputs from the store. No GraphQL, HTTP or SQL here.

pub mod access;
pub mod action_plans;
pub mod applications;
pub mod candidates;
pub mod career;
pub mod catalogue;
pub mod census;
pub mod contacts;
pub mod courses;
pub mod delegation;
pub mod enrolments;
pub mod fairness;
pub mod follow_up;
pub mod gaps;
pub mod indexer;
pub mod insights;
pub mod lists;
pub mod live;
pub mod match_engine;
pub mod matches;
pub mod matching;
pub mod mentoring;
pub mod organisations;
pub mod pathways;
pub mod prefill;
pub mod privacy;
pub mod profiles;
pub mod search_documents;
pub mod staff_training;
pub mod statistics;
pub mod support;
pub mod tracks;
pub mod vacancies;
pub mod ventures;
pub mod visibility;
pub mod written;

use skillbridge_domain::anonymity::MinGroup;
use std::sync::Arc;

use skillbridge_auth::AccountService;
use skillbridge_domain::search::{DocumentKind, SearchIndex, SearchRefresh};
use skillbridge_domain::{FieldProblem, ProfileId, Store, StoreError, VacancyId};

pub use access::ProfileTarget;
pub use indexer::Indexer;
pub use lists::Whose;
pub use match_engine::MatchEngine;

/// Why a use case did not happen: problems the caller can fix (nothing was written), or a
/// store failure.
///
/// Deliberately not `Display`: async-graphql turns any `Display` error into one without a
/// code, so a resolver must answer through the GraphQL layer's one conversion (which keeps
/// the code), and one that forgets does not compile.
#[derive(Debug)]
pub enum ServiceError {
    Invalid(Vec<FieldProblem>),
    /// The caller may not do this: authorisation that depends on what the use case found
    /// (the rules themselves are the domain's `policy`).
    Forbidden(&'static str),
    /// What the caller named does not exist, or not for them.
    NotFound(&'static str),
    /// The request names its target in a way that cannot be right (a client's
    /// organisation without the client's profile): a mistake in the call, not in a field.
    BadInput(&'static str),
    /// The caller's account no longer exists.
    Unauthenticated,
    Store(StoreError),
}

impl From<StoreError> for ServiceError {
    fn from(err: StoreError) -> Self {
        Self::Store(err)
    }
}

impl From<FieldProblem> for ServiceError {
    fn from(problem: FieldProblem) -> Self {
        Self::Invalid(vec![problem])
    }
}

/// What a use case answers.
pub type ServiceResult<T> = Result<T, ServiceError>;

/// The use cases over one store, with this process's followers of the change stream that a
/// caller must find current at once: the match index and search.
pub struct App {
    store: Arc<dyn Store>,
    accounts: Arc<AccountService>,
    engine: Arc<MatchEngine>,
    /// The search index this process reads (the one `search` keeps current).
    index: Arc<dyn SearchIndex>,
    search: Option<Arc<dyn SearchRefresh>>,
    /// The smallest group a statistic about people is shown for (k).
    min_group: MinGroup,
    /// The consenting population in aggregate, for insights.
    census: Arc<census::Census>,
}

impl App {
    /// `engine`, `index` and `search` are this process's; `search` is `None` when this
    /// process does not index (it leaves search to the process that does).
    pub fn new(
        store: Arc<dyn Store>,
        accounts: Arc<AccountService>,
        engine: Arc<MatchEngine>,
        index: Arc<dyn SearchIndex>,
        search: Option<Arc<dyn SearchRefresh>>,
    ) -> Self {
        Self {
            census: Arc::new(census::Census::new(store.clone())),
            store,
            accounts,
            engine,
            index,
            search,
            min_group: MinGroup::default(),
        }
    }

    /// With `k` for every statistic about people.
    pub fn with_min_group(mut self, k: MinGroup) -> Self {
        self.min_group = k;
        self
    }

    /// The smallest group a statistic about people is shown for.
    pub fn min_group(&self) -> MinGroup {
        self.min_group
    }

    pub fn store(&self) -> &Arc<dyn Store> {
        &self.store
    }

    /// Accounts: registration, sessions, export and erasure.
    pub fn accounts(&self) -> &Arc<AccountService> {
        &self.accounts
    }

    pub fn engine(&self) -> &Arc<MatchEngine> {
        &self.engine
    }

    /// The consenting population in aggregate (the server follows the change stream for it).
    pub fn census(&self) -> &Arc<census::Census> {
        &self.census
    }

    /// The search index this process reads.
    pub fn index(&self) -> &Arc<dyn SearchIndex> {
        &self.index
    }

    /// After a write to a vacancy: this process's match index and search at once, so the
    /// caller reads their own write. Every other process (and this one again) follows the
    /// change from the stream, where the write recorded it.
    pub(crate) async fn vacancy_changed(&self, vacancy_id: VacancyId) {
        if let Err(err) = self.engine.refresh_vacancy(vacancy_id).await {
            tracing::warn!(error = %err, "could not refresh a vacancy in the match index");
        }
        if let Err(err) = self.census.refresh_vacancy(vacancy_id).await {
            tracing::warn!(error = %err, "could not refresh a vacancy in the census");
        }
        self.documents_changed(&[(DocumentKind::Vacancy, *vacancy_id.as_uuid())])
            .await;
    }

    /// After a write to anything matching reads of a profile (details, skills, languages,
    /// consents) or its erasure: as [`App::vacancy_changed`], for the candidate index.
    pub(crate) async fn profile_changed(&self, profile_id: ProfileId) {
        if let Err(err) = self.engine.refresh_candidate(profile_id).await {
            tracing::warn!(error = %err, "could not refresh a person in the match index");
        }
        if let Err(err) = self.census.refresh(profile_id).await {
            tracing::warn!(error = %err, "could not refresh a person in the census");
        }
    }

    /// After a write that changed searchable `documents` (kind and id): this process
    /// indexes them at once, so the caller's next search finds them. Where this process
    /// does not index (another holds the embedded index), the change stream keeps the
    /// change for the process that does.
    pub(crate) async fn documents_changed(&self, documents: &[(DocumentKind, uuid::Uuid)]) {
        if let Some(search) = &self.search {
            search.refresh(documents).await;
        }
    }
}
