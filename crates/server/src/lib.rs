//! The Skillbridge server: configuration, backend choice, the HTTP router and launch.

// Executing the merged query root nests one future per area (async-graphql's
// `MergedObject`), deeper than the compiler's default layout limit.
#![recursion_limit = "256"]

mod app;
mod backend;
pub mod config;
mod http;
mod metrics;
mod search;

use anyhow::Context;
use tracing_subscriber::EnvFilter;

pub use app::{AppState, Server, shutdown_signal};
pub use backend::{check_data_dir, open_migrated, open_store};
pub use config::{Config, ConfigError, LogFormat, Overrides};
pub use skillbridge_taxonomy::esco::ImportReport;

/// Installs the tracing subscriber that the configuration asks for.
pub fn init_logging(config: &Config) -> anyhow::Result<()> {
    let filter = EnvFilter::try_new(&config.log.filter)
        .with_context(|| format!("invalid log.filter {:?}", config.log.filter))?;
    let ansi = std::io::IsTerminal::is_terminal(&std::io::stderr());
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(ansi);
    let installed = match config.log.format {
        LogFormat::Text => builder.try_init(),
        LogFormat::Json => builder.json().try_init(),
    };
    installed.map_err(|err| anyhow::anyhow!("cannot install the logger: {err}"))
}

/// `skillbridge serve`: runs until SIGINT or SIGTERM.
pub async fn serve(config: Config) -> anyhow::Result<()> {
    tracing::info!(
        listen = %config.listen,
        data_dir = %config.data_dir.display(),
        database = %if config.database.url.is_empty() { "embedded SQLite".to_owned() } else { config.redacted_database_url() },
        "starting"
    );
    let server = Server::start(&config).await?;
    server.run(shutdown_signal()).await
}

/// `skillbridge import-esco DIR`: imports the ESCO CSV download in `dir`, all or nothing.
pub async fn import_esco(config: Config, dir: &std::path::Path) -> anyhow::Result<ImportReport> {
    let store = open_migrated(&config).await?;
    let source = skillbridge_taxonomy::esco::directory(dir)?;
    let report = skillbridge_taxonomy::esco::import(store.as_ref(), &source).await;
    store.close().await;
    Ok(report?)
}

/// `skillbridge import-shortages FILE`: adds or updates shortage occupation entries.
pub async fn import_shortages(config: Config, file: &std::path::Path) -> anyhow::Result<u64> {
    let reader =
        std::fs::File::open(file).with_context(|| format!("cannot read {}", file.display()))?;
    let store = open_migrated(&config).await?;
    let name = file.display().to_string();
    let imported = skillbridge_taxonomy::shortages::import(
        store.as_ref(),
        &name,
        std::io::BufReader::new(reader),
    )
    .await;
    store.close().await;
    Ok(imported?)
}

/// `skillbridge seed-demo`: fills the database with demo data, logging progress.
pub async fn seed_demo(
    config: Config,
    options: skillbridge_taxonomy::demo::SeedOptions,
) -> anyhow::Result<skillbridge_taxonomy::demo::SeedReport> {
    let store = open_migrated(&config).await?;
    // Like `serve`, a new database gets the starter taxonomy to draw on.
    if let Err(err) = skillbridge_taxonomy::starter::load_if_empty(store.as_ref()).await {
        store.close().await;
        return Err(anyhow::Error::from(err).context("cannot load the starter taxonomy"));
    }
    let report = skillbridge_taxonomy::demo::seed(store.as_ref(), &options, |step| {
        tracing::info!("seed-demo: {step}")
    })
    .await;
    store.close().await;
    Ok(report?)
}

/// `skillbridge grant-admin EMAIL`: makes an existing account an administrator (ADMIN
/// accounts cannot be registered through the API).
pub async fn grant_admin(config: Config, email: &str) -> anyhow::Result<skillbridge_domain::User> {
    let email = skillbridge_domain::Email::parse(email)
        .map_err(|err| anyhow::anyhow!("{email:?}: {err}"))?;
    let store = open_migrated(&config).await?;
    let result = async {
        let user = store.user_by_email(&email).await?.ok_or_else(|| {
            anyhow::anyhow!("no account has the email address {email}; register it first")
        })?;
        Ok(store
            .set_user_role(user.id, skillbridge_domain::Role::Admin)
            .await?)
    }
    .await;
    store.close().await;
    result
}

/// `skillbridge reindex`: rebuilds the search index from the database; the documents
/// indexed of each kind.
pub async fn reindex(
    config: Config,
) -> anyhow::Result<Vec<(skillbridge_domain::search::DocumentKind, usize)>> {
    let store = open_migrated(&config).await?;
    let result = async {
        let (index, indexes) = search::open_search(&config).await?;
        anyhow::ensure!(
            indexes.is_some(),
            "cannot open the search index in {}: stop the server that holds it first",
            config.data_dir.join("search").display()
        );
        let indexer = skillbridge_app::Indexer::new(store.clone(), index);
        let (head, counts) = indexer.rebuild_all().await?;
        // Changes made while it rebuilt.
        indexer.catch_up(head).await?;
        Ok(counts)
    }
    .await;
    store.close().await;
    result
}

/// `skillbridge migrate`: brings the database schema up to date and exits.
pub async fn migrate(config: Config) -> anyhow::Result<()> {
    check_data_dir(&config.data_dir)?;
    let store = open_store(&config).await?;
    store
        .migrate()
        .await
        .context("cannot migrate the database")?;
    let ready = store.readiness().await;
    store.close().await;
    anyhow::ensure!(
        ready.is_ready(),
        "the database is not ready after migrating: {ready:?}"
    );
    tracing::info!(backend = store.backend(), "database is up to date");
    Ok(())
}
