//! sqlx errors mapped to domain errors at the edge of the store.

use skillbridge_domain::StoreError;
use sqlx::error::ErrorKind;

/// An error with no constraint to interpret: unreachable database or a bug.
pub(crate) fn store_error(err: sqlx::Error) -> StoreError {
    match err {
        sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_) => {
            StoreError::Unavailable(Box::new(err))
        }
        other => StoreError::Internal(Box::new(other)),
    }
}

/// An error while connecting: every failure to reach or log in to the server is
/// `Unavailable`, with sqlx's message (which names the cause) kept as the source.
pub(crate) fn connect_error(err: sqlx::Error) -> StoreError {
    match err {
        sqlx::Error::Configuration(_) => StoreError::Internal(Box::new(err)),
        other => StoreError::Unavailable(Box::new(other)),
    }
}

/// An error from a write: a unique violation becomes `Duplicate { unique }`, a foreign key
/// violation `MissingReference { reference }`. Each write says what its constraints mean, so the
/// mapping reads the same on both databases.
pub(crate) fn write_error(
    err: sqlx::Error,
    unique: &'static str,
    reference: &'static str,
) -> StoreError {
    if let sqlx::Error::Database(db) = &err {
        match db.kind() {
            ErrorKind::UniqueViolation => return StoreError::Duplicate { field: unique },
            ErrorKind::ForeignKeyViolation => {
                return StoreError::MissingReference { field: reference };
            }
            _ => {}
        }
    }
    store_error(err)
}

/// A stored code (role, kind) that the domain does not know: the database holds something
/// this version never wrote.
pub(crate) fn unknown_code(column: &'static str, value: &str) -> StoreError {
    StoreError::Internal(format!("unknown {column} {value:?} in the database").into())
}
