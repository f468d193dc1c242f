//! Choosing and opening the storage backend from the configuration.

use std::path::Path;
use std::sync::Arc;

use anyhow::{Context, bail};
use skillbridge_domain::Store;
use skillbridge_store_postgres::PgStore;
use skillbridge_store_sqlite::{DATABASE_FILE, SqliteStore};

use crate::config::Config;

/// The data directory exists (it is created if missing) and can be written to.
pub fn check_data_dir(dir: &Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir)
        .with_context(|| format!("cannot create data directory {}", dir.display()))?;
    // Creating a file is the only check that holds for every permission model.
    let probe = dir.join(format!(".write-check-{}", std::process::id()));
    std::fs::write(&probe, b"")
        .with_context(|| format!("data directory {} is not writable", dir.display()))?;
    let _ = std::fs::remove_file(&probe);
    Ok(())
}

/// Opens the store that `database.url` names: empty for the embedded SQLite file in the
/// data directory, `sqlite:…` for a SQLite file elsewhere, `postgres://…` for PostgreSQL.
pub async fn open_store(config: &Config) -> anyhow::Result<Arc<dyn Store>> {
    let url = config.database.url.trim();
    let max = config.database.max_connections;
    let shown = config.redacted_database_url();
    if url.is_empty() {
        let path = config.data_dir.join(DATABASE_FILE);
        let store = SqliteStore::open_file(&path, max)
            .await
            .with_context(|| format!("cannot open the database {}", path.display()))?;
        return Ok(Arc::new(store));
    }
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        let store = PgStore::connect(url, max)
            .await
            .with_context(|| format!("cannot connect to the database at {shown}"))?;
        return Ok(Arc::new(store));
    }
    if url.starts_with("sqlite:") {
        let store = SqliteStore::open_url(url, max)
            .await
            .with_context(|| format!("cannot open the database {shown}"))?;
        return Ok(Arc::new(store));
    }
    bail!("database.url must start with postgres://, postgresql:// or sqlite: (got {shown})")
}

/// Checks the data directory, opens the store and brings its schema up to date.
pub async fn open_migrated(config: &Config) -> anyhow::Result<Arc<dyn Store>> {
    check_data_dir(&config.data_dir)?;
    let store = open_store(config).await?;
    store
        .migrate()
        .await
        .context("cannot prepare the database")?;
    Ok(store)
}
