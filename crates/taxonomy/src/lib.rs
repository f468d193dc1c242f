//! Importers for the ESCO taxonomy and for shortage occupation lists, and the starter
//! taxonomy (derived from ESCO) that a new install loads.

mod csv_file;
pub mod demo;
pub mod esco;
pub mod shortages;
pub mod starter;

use std::path::PathBuf;

use skillbridge_domain::StoreError;

/// Why an import stopped. Nothing was written: imports are all-or-nothing.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// A file is not what it should be; `line` is where the offending record starts.
    #[error("{file}:{line}: {message}")]
    Malformed {
        file: String,
        line: u64,
        message: String,
    },
    #[error("cannot read {}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{0}")]
    Nothing(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}
