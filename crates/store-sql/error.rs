// sqlx errors mapped to domain errors at the edge of the store.

use skillbridge_domain::StoreError;
use sqlx::error::ErrorKind;

/// An error with no constraint to interpret: unreachable database or a bug.
pub fn store_error(err: sqlx::Error) -> StoreError {
    match err {
        sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_) => {
            StoreError::Unavailable(Box::new(err))
        }
        other => StoreError::Internal(Box::new(other)),
    }
}

/// An error from a write: a unique violation becomes `Duplicate { unique }`, a foreign key
/// violation `MissingReference { reference }`. SQLite does not name the violated constraint,
/// so each write says what its constraints mean, on both databases alike.
pub fn write_error(err: sqlx::Error, unique: &'static str, reference: &'static str) -> StoreError {
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

/// Codes as stored comma-separated (see `codes_text`), read back with `from_code`.
pub fn stored_codes<T>(
    text: &str,
    what: &'static str,
    from_code: impl Fn(&str) -> Option<T>,
) -> Result<Vec<T>, StoreError> {
    text.split(',')
        .filter(|c| !c.is_empty())
        .map(|c| from_code(c).ok_or_else(|| unknown_code(what, c)))
        .collect()
}

/// A stored code (role, kind) that the domain does not know: the database holds something
/// this version never wrote.
pub fn unknown_code(column: &'static str, value: &str) -> StoreError {
    StoreError::Internal(format!("unknown {column} {value:?} in the database").into())
}
