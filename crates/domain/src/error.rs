//! Errors that storage reports in domain terms. Store crates map their database errors
//! (constraint violations above all) into these at the edge, so callers never see SQL.

/// What went wrong in a repository call.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The row asked for does not exist.
    #[error("{entity} not found")]
    NotFound { entity: &'static str },
    /// A unique constraint refused the write; `field` names what must be unique.
    #[error("{field} is already taken")]
    Duplicate { field: &'static str },
    /// The write refers to something that does not exist (a foreign key).
    #[error("{field} refers to something that does not exist")]
    MissingReference { field: &'static str },
    /// The database could not be reached or timed out; worth retrying later.
    #[error("the database is unavailable")]
    Unavailable(#[source] Box<dyn std::error::Error + Send + Sync>),
    /// The schema could not be brought up to date (or is newer than this binary).
    #[error("database migration failed: {0}")]
    Migration(String),
    /// Anything else: a bug or a broken database. Logged, never shown to users.
    #[error("internal storage error")]
    Internal(#[source] Box<dyn std::error::Error + Send + Sync>),
}

pub type StoreResult<T> = Result<T, StoreError>;
