//! Application state and the server's life: bind, open the store, migrate, serve, drain.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;

use anyhow::Context;
use skillbridge_app::{App, Indexer, MatchEngine};
use skillbridge_auth::{AccountService, SigningKeys, Tokens};
use skillbridge_domain::Store;
use skillbridge_graphql::{
    PersistedQueries, SkillbridgeSchema, persisted_queries, schema_builder_with_apq,
};
use tokio::net::TcpListener;
use tracing::Instrument;

use crate::backend::{check_data_dir, open_migrated};
use crate::config::{Config, GraphqlConfig, MetricsConfig};
use crate::search::open_search;
use skillbridge_domain::search::{SearchIndex, SearchRefresh};

/// What every request handler can reach.
#[derive(Clone)]
pub struct AppState {
    /// The use cases, with the store, accounts, match index and search they work on.
    pub app: Arc<App>,
    pub schema: SkillbridgeSchema,
    pub config: Arc<GraphqlConfig>,
    /// Automatic persisted queries, shared with the schema's extension.
    pub persisted: PersistedQueries,
    /// What keeps this process's search index current, where this process indexes.
    pub indexer: Option<Arc<Indexer>>,
    /// The bearer token `/metrics` on the main listener asks for; none: no such route.
    pub metrics_token: Option<String>,
    /// Whether operations metrics are recorded (a token or a listener of their own).
    pub metrics: bool,
}

/// How many persisted query documents a process keeps (least recently used go first;
/// clients resend the text of a query the server no longer holds).
const PERSISTED_QUERY_CACHE: usize = 1_024;

impl AppState {
    pub fn new(
        app: Arc<App>,
        config: &GraphqlConfig,
        indexer: Option<Arc<Indexer>>,
        metrics: &MetricsConfig,
    ) -> Self {
        let persisted = persisted_queries(PERSISTED_QUERY_CACHE);
        let schema = schema_builder_with_apq(&config.limits(), persisted.clone())
            .data(app.clone())
            .finish();
        Self {
            app,
            schema,
            config: Arc::new(config.clone()),
            persisted,
            indexer,
            metrics_token: metrics.token.clone(),
            metrics: metrics.enabled(),
        }
    }
}

/// The account service with its signing keys (the HS256 key file is created on first run).
fn account_service(config: &Config, store: Arc<dyn Store>) -> anyhow::Result<Arc<AccountService>> {
    let keys = SigningKeys::load(&config.auth.keys(&config.data_dir)?)
        .context("cannot load the token signing keys")?;
    let tokens = Arc::new(Tokens::new(keys, config.auth.tokens()));
    Ok(Arc::new(AccountService::new(
        store,
        tokens,
        config.auth.login_limits(),
    )))
}

/// A server that has bound its port, opened and migrated its store, and is ready to run.
pub struct Server {
    listener: TcpListener,
    /// `/metrics` on an address of its own, when configured.
    metrics_listener: Option<TcpListener>,
    state: AppState,
    /// How often a fairness report is computed (0: never on a schedule).
    fairness_every_hours: u64,
    /// The origins of browser frontends allowed to call the API (CORS).
    cors_origins: Vec<String>,
}

impl Server {
    /// Checks the data directory, binds `config.listen`, opens the store and migrates it.
    /// The port is bound before the database is touched, so a port in use fails fast and
    /// leaves the data directory as it was.
    pub async fn start(config: &Config) -> anyhow::Result<Self> {
        check_data_dir(&config.data_dir)?;
        let listener = TcpListener::bind(config.listen)
            .await
            .with_context(|| format!("cannot listen on {}", config.listen))?;
        Self::start_with_listener(config, listener).await
    }

    /// As [`Server::start`], on a listener the caller bound (tests bind port 0).
    pub async fn start_with_listener(
        config: &Config,
        listener: TcpListener,
    ) -> anyhow::Result<Self> {
        let metrics_listener = match config.metrics.listen {
            Some(address) => Some(
                TcpListener::bind(address)
                    .await
                    .with_context(|| format!("cannot listen on {address} (metrics.listen)"))?,
            ),
            None => None,
        };
        if config.metrics.enabled() {
            crate::metrics::recorder();
        }
        let store = open_migrated(config).await?;
        // A new install gets the starter taxonomy (derived from ESCO) so it is usable at once.
        if let Some(report) = skillbridge_taxonomy::starter::load_if_empty(store.as_ref())
            .await
            .context("cannot load the starter taxonomy")?
        {
            tracing::info!(
                skills = report.counts.skills,
                occupations = report.counts.occupations,
                "loaded the starter taxonomy (ESCO)"
            );
        }
        let accounts = account_service(config, store.clone())?;
        let engine = MatchEngine::load(store.clone(), config.match_weights()?)
            .await
            .context("cannot load the open vacancies and candidates for matching")?;
        let (vacancies, candidates) = engine.sizes();
        tracing::info!(vacancies, candidates, "match indexes loaded");
        let (search, indexer) = start_search(config, store.clone()).await?;
        let refresh = indexer
            .clone()
            .map(|indexer| indexer as Arc<dyn SearchRefresh>);
        Ok(Self {
            listener,
            metrics_listener,
            fairness_every_hours: config.statistics.fairness_every_hours,
            state: AppState::new(
                Arc::new(
                    App::new(store, accounts, engine, search, refresh)
                        .with_min_group(config.statistics.min_group()?),
                ),
                &config.graphql,
                indexer,
                &config.metrics,
            ),
            cors_origins: config.http.origins()?,
        })
    }

    pub fn local_addr(&self) -> anyhow::Result<SocketAddr> {
        Ok(self.listener.local_addr()?)
    }

    /// Where `/metrics` is served on its own, when `metrics.listen` is configured.
    pub fn metrics_addr(&self) -> Option<SocketAddr> {
        self.metrics_listener
            .as_ref()
            .and_then(|l| l.local_addr().ok())
    }

    /// Serves until `shutdown` resolves, then lets in-flight requests finish and closes the
    /// store.
    pub async fn run(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> anyhow::Result<()> {
        let store = self.state.app.store().clone();
        // Their statements are the change stream's, not a request's.
        let follower = tokio::spawn(
            self.state
                .app
                .engine()
                .clone()
                .follow()
                .instrument(tracing::info_span!("change_follower")),
        );
        // The census of the consenting population: loaded in the background, then followed.
        let census = self.state.app.census().clone();
        let census = tokio::spawn(
            async move {
                if let Err(err) = census.follow().await {
                    tracing::warn!(error = %err, "the census stopped following the changes");
                }
            }
            .instrument(tracing::info_span!("census_follower")),
        );
        let pruner = tokio::spawn(
            prune_changes(store.clone()).instrument(tracing::info_span!("change_follower")),
        );
        let fairness = (self.fairness_every_hours > 0).then(|| {
            tokio::spawn(
                recompute_fairness(self.state.app.clone(), self.fairness_every_hours)
                    .instrument(tracing::info_span!("fairness_schedule")),
            )
        });
        let indexer = self
            .state
            .indexer
            .clone()
            .map(|indexer| tokio::spawn(indexer.run()));
        let metrics = match self.metrics_listener {
            Some(listener) => {
                tracing::info!(address = %listener.local_addr()?, "serving /metrics");
                let router = crate::http::metrics_router(self.state.clone());
                Some(tokio::spawn(async move {
                    if let Err(err) = axum::serve(listener, router).await {
                        tracing::warn!(error = %err, "the metrics listener failed");
                    }
                }))
            }
            None => None,
        };
        let app = crate::http::router(self.state, &self.cors_origins);
        tracing::info!(address = %self.listener.local_addr()?, backend = store.backend(), "serving");
        let app = app.into_make_service_with_connect_info::<SocketAddr>();
        let served = axum::serve(self.listener, app)
            .with_graceful_shutdown(shutdown)
            .await
            .context("the HTTP server failed");
        follower.abort();
        census.abort();
        pruner.abort();
        if let Some(fairness) = fairness {
            fairness.abort();
        }
        if let Some(metrics) = metrics {
            metrics.abort();
        }
        if let Some(indexer) = indexer {
            indexer.abort();
        }
        store.close().await;
        tracing::info!("stopped");
        served
    }
}

/// How long the change stream keeps a change. Only running followers read it (a process
/// that starts reads the current state, then follows from the head), and they are seconds
/// behind; an hour leaves room for a follower held up by a slow database.
const CHANGE_RETENTION: chrono::Duration = chrono::Duration::hours(1);
/// How often a process forgets changes older than [`CHANGE_RETENTION`] (every replica does;
/// the deletes are idempotent).
const PRUNE_EVERY: std::time::Duration = std::time::Duration::from_secs(600);

/// Forgets old changes every [`PRUNE_EVERY`], for as long as the process serves.
async fn prune_changes(store: Arc<dyn Store>) {
    let mut every = tokio::time::interval(PRUNE_EVERY);
    loop {
        every.tick().await;
        match store
            .prune_changes(chrono::Utc::now() - CHANGE_RETENTION)
            .await
        {
            Ok(0) => {}
            Ok(pruned) => tracing::debug!(pruned, "forgot old changes"),
            Err(err) => tracing::warn!(error = %err, "could not forget old changes"),
        }
    }
}

/// Computes and keeps a fairness report every `hours` (checked hourly, so a replica that
/// starts soon after another computed one leaves it), for as long as the process serves.
async fn recompute_fairness(app: Arc<App>, hours: u64) {
    let every = chrono::Duration::hours(i64::try_from(hours).unwrap_or(i64::MAX / 3_600_000));
    let hour = std::time::Duration::from_secs(3_600);
    // The first look a minute after the start, out of the way of the start itself.
    let mut tick = tokio::time::interval_at(tokio::time::Instant::now() + hour / 60, hour);
    loop {
        tick.tick().await;
        match app.scheduled_fairness_report(every).await {
            Ok(Some(report)) => tracing::info!(id = %report.id, "computed a fairness report"),
            Ok(None) => {}
            Err(err) => tracing::warn!(error = ?err, "could not compute a fairness report"),
        }
    }
}

/// The search index of this process and its indexer: the configured backend, built from
/// the database when it is new, has no position in the change stream or fell behind it, and
/// caught up with the stream before the server answers. Search being down does not stop
/// the start: the indexer builds and catches up when it is back. A process that cannot use
/// the embedded index (another holds it) serves without search, and leaves indexing to the
/// one that can.
async fn start_search(
    config: &Config,
    store: Arc<dyn Store>,
) -> anyhow::Result<(Arc<dyn SearchIndex>, Option<Arc<Indexer>>)> {
    let (search, fresh) = open_search(config).await?;
    let backend = match config.search.backend {
        crate::config::SearchBackend::Tantivy => "tantivy",
        crate::config::SearchBackend::Meilisearch => "meilisearch",
    };
    let search: Arc<dyn SearchIndex> = Arc::new(crate::metrics::TimedSearch::new(search, backend));
    let Some(fresh) = fresh else {
        return Ok((search, None));
    };
    let indexer = Arc::new(Indexer::new(store, search.clone()));
    let ready = match indexer.prepare(fresh).await {
        Ok(position) => indexer.catch_up(position).await,
        Err(err) => Err(err),
    };
    if let Err(err) = ready {
        tracing::warn!(
            error = %err,
            "cannot bring the search index up to date now; the indexer will when search is back"
        );
    }
    Ok((search, Some(indexer)))
}

/// Resolves on SIGINT (Ctrl-C) or SIGTERM.
pub async fn shutdown_signal() {
    let interrupt = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {}
        () = terminate => {}
    }
    tracing::info!("shutting down: finishing in-flight requests");
}
