//! Operations metrics in the Prometheus text format, through the `metrics` facade: every
//! crate records where things happen (logins in the account service, GraphQL operations in
//! the schema's extension, HTTP requests and search here), and `/metrics` renders the
//! process's recorder after sampling what is read rather than counted (the database pool,
//! how far each follower of the change stream is behind, the match indexes' sizes).
//!
//! Off unless `metrics.token` or `metrics.listen` is configured: no recorder is installed
//! then, and recording costs nothing.

use std::sync::{Arc, OnceLock};
use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http::{HeaderMap, StatusCode, header};
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use skillbridge_domain::events::ChangeLag;
use skillbridge_domain::search::{
    DocumentKind, SearchDocument, SearchIndex, SearchRequest, SearchResult, SearchResults,
};
use uuid::Uuid;

use crate::app::AppState;

/// The one recorder of the process, installed on first use.
static RECORDER: OnceLock<PrometheusHandle> = OnceLock::new();

/// Bucket bounds, in seconds, of every `_seconds` histogram: from a millisecond to ten
/// seconds.
const SECONDS_BUCKETS: [f64; 14] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0,
];

/// The process's recorder, installed (with the metrics described) on the first call.
pub fn recorder() -> PrometheusHandle {
    RECORDER
        .get_or_init(|| {
            let builder = PrometheusBuilder::new()
                .set_buckets_for_metric(Matcher::Suffix("_seconds".into()), &SECONDS_BUCKETS)
                .expect("the bucket bounds are not empty");
            let recorder = builder.build_recorder();
            let handle = recorder.handle();
            if metrics::set_global_recorder(recorder).is_err() {
                tracing::warn!("another metrics recorder is installed; /metrics stays empty");
            }
            describe();
            handle
        })
        .clone()
}

fn describe() {
    use metrics::{describe_counter, describe_gauge, describe_histogram};
    describe_counter!(
        "skillbridge_http_requests_total",
        "HTTP requests answered, by route, method and status"
    );
    describe_histogram!(
        "skillbridge_http_request_duration_seconds",
        "How long HTTP requests took to answer, by route"
    );
    describe_counter!(
        "skillbridge_graphql_operations_total",
        "GraphQL operations, by operation name, kind and outcome (ok or the error code)"
    );
    describe_histogram!(
        "skillbridge_graphql_operation_duration_seconds",
        "How long GraphQL operations took, by operation name and kind"
    );
    describe_gauge!(
        "skillbridge_db_pool_connections",
        "Database connections of the request pool, by state (idle, in_use) and the maximum"
    );
    describe_gauge!(
        "skillbridge_change_stream_pending",
        "Changes a follower of the change stream has not read yet, by consumer"
    );
    describe_gauge!(
        "skillbridge_change_stream_oldest_pending_seconds",
        "Age of the oldest change a follower has not read yet, by consumer (0 when none)"
    );
    describe_gauge!(
        "skillbridge_match_index_entries",
        "Entries in this process's match indexes, by side (vacancies, candidates)"
    );
    describe_histogram!(
        "skillbridge_search_duration_seconds",
        "How long search backend calls took, by backend and operation"
    );
    describe_counter!(
        "skillbridge_search_errors_total",
        "Search backend calls that failed, by backend and operation"
    );
    describe_counter!(
        "skillbridge_login_failures_total",
        "Failed logins, by reason (bad_credentials, rate_limited)"
    );
    describe_counter!(
        "skillbridge_rate_limit_hits_total",
        "Requests refused by a rate limit, by limit"
    );
}

/// Counts and times every routed request by its route (the pattern, not the path, so ids
/// do not make new series).
pub async fn track_http(request: Request, next: Next) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or("unmatched", |p| p.as_str())
        .to_owned();
    let method = request.method().as_str().to_owned();
    let started = Instant::now();
    let response = next.run(request).await;
    let status = response.status().as_u16().to_string();
    metrics::counter!(
        "skillbridge_http_requests_total",
        "route" => route.clone(),
        "method" => method,
        "status" => status
    )
    .increment(1);
    metrics::histogram!("skillbridge_http_request_duration_seconds", "route" => route)
        .record(started.elapsed().as_secs_f64());
    response
}

/// `/metrics` on the main listener: for requests with the configured bearer token.
pub async fn scrape_with_token(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let Some(expected) = state.metrics_token.as_deref() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or("");
    if !same_secret(given.trim().as_bytes(), expected.as_bytes()) {
        return (
            StatusCode::UNAUTHORIZED,
            [(header::WWW_AUTHENTICATE, "Bearer")],
            "a valid metrics token is required\n",
        )
            .into_response();
    }
    scrape(State(state)).await
}

/// `/metrics` on its own listener.
pub async fn scrape(State(state): State<AppState>) -> Response {
    let handle = recorder();
    sample(&state).await;
    handle.run_upkeep();
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        handle.render(),
    )
        .into_response()
}

/// Compares two secrets in time that does not depend on where they differ.
fn same_secret(given: &[u8], expected: &[u8]) -> bool {
    given.len() == expected.len()
        && given
            .iter()
            .zip(expected)
            .fold(0_u8, |acc, (a, b)| acc | (a ^ b))
            == 0
}

/// Sets the gauges that are read, not counted.
async fn sample(state: &AppState) {
    let app = &state.app;
    let pool = app.store().pool_use();
    metrics::gauge!("skillbridge_db_pool_connections", "state" => "idle").set(pool.idle);
    metrics::gauge!("skillbridge_db_pool_connections", "state" => "in_use")
        .set(pool.open.saturating_sub(pool.idle));
    metrics::gauge!("skillbridge_db_pool_connections", "state" => "max").set(pool.max);
    let (vacancies, candidates) = app.engine().sizes();
    metrics::gauge!("skillbridge_match_index_entries", "side" => "vacancies").set(vacancies as f64);
    metrics::gauge!("skillbridge_match_index_entries", "side" => "candidates")
        .set(candidates as f64);
    match app.engine().lag().await {
        Ok(lag) => record_lag("match_index", &lag),
        Err(err) => tracing::debug!(error = %err, "cannot read the match index's lag"),
    }
    if let Some(indexer) = &state.indexer {
        match indexer.lag().await {
            Ok(lag) => record_lag("search_index", &lag),
            Err(err) => tracing::debug!(error = %err, "cannot read the search index's lag"),
        }
    }
}

fn record_lag(consumer: &'static str, lag: &ChangeLag) {
    metrics::gauge!("skillbridge_change_stream_pending", "consumer" => consumer)
        .set(lag.pending as f64);
    let age = lag.oldest.map_or(0.0, |at| {
        (chrono::Utc::now() - at).num_milliseconds().max(0) as f64 / 1000.0
    });
    metrics::gauge!("skillbridge_change_stream_oldest_pending_seconds", "consumer" => consumer)
        .set(age);
}

/// A search backend whose calls are timed (and their failures counted) by backend and
/// operation.
pub struct TimedSearch {
    inner: Arc<dyn SearchIndex>,
    backend: &'static str,
}

impl TimedSearch {
    pub fn new(inner: Arc<dyn SearchIndex>, backend: &'static str) -> Self {
        Self { inner, backend }
    }

    async fn timed<T>(
        &self,
        operation: &'static str,
        call: impl Future<Output = SearchResult<T>>,
    ) -> SearchResult<T> {
        let started = Instant::now();
        let result = call.await;
        metrics::histogram!(
            "skillbridge_search_duration_seconds",
            "backend" => self.backend,
            "operation" => operation
        )
        .record(started.elapsed().as_secs_f64());
        if result.is_err() {
            metrics::counter!(
                "skillbridge_search_errors_total",
                "backend" => self.backend,
                "operation" => operation
            )
            .increment(1);
        }
        result
    }
}

#[async_trait::async_trait]
impl SearchIndex for TimedSearch {
    async fn upsert(&self, documents: Vec<SearchDocument>) -> SearchResult<()> {
        self.timed("upsert", self.inner.upsert(documents)).await
    }
    async fn delete(&self, kind: DocumentKind, ids: &[Uuid]) -> SearchResult<()> {
        self.timed("delete", self.inner.delete(kind, ids)).await
    }
    async fn clear(&self, kind: DocumentKind) -> SearchResult<()> {
        self.timed("clear", self.inner.clear(kind)).await
    }
    async fn search(&self, request: &SearchRequest) -> SearchResult<SearchResults> {
        self.timed("search", self.inner.search(request)).await
    }
    async fn mentions(
        &self,
        request: &skillbridge_domain::mentions::MentionRequest,
    ) -> SearchResult<Vec<skillbridge_domain::mentions::Mention>> {
        self.timed("mentions", self.inner.mentions(request)).await
    }
    async fn count(&self, kind: DocumentKind) -> SearchResult<usize> {
        self.timed("count", self.inner.count(kind)).await
    }
    fn identity(&self) -> String {
        self.inner.identity()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_compared_whole() {
        assert!(same_secret(b"0123456789abcdef", b"0123456789abcdef"));
        assert!(!same_secret(b"0123456789abcdeX", b"0123456789abcdef"));
        assert!(!same_secret(b"0123456789abcde", b"0123456789abcdef"));
        assert!(!same_secret(b"", b"0123456789abcdef"));
    }
}
