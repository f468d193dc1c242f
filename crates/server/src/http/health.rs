//! `/healthz` (the process is up) and `/readyz` (it can serve: database and migrations;
//! and how far search is behind).

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde_json::{Value, json};
use skillbridge_domain::ReadinessCheck;

use crate::app::AppState;

pub async fn healthz() -> Json<Value> {
    Json(json!({ "status": "ok" }))
}

pub async fn readyz(State(state): State<AppState>) -> (StatusCode, Json<Value>) {
    let readiness = state.app.store().readiness().await;
    let check = |check: &ReadinessCheck| match check {
        ReadinessCheck::Ok => json!({ "status": "ok" }),
        ReadinessCheck::Failing(why) => json!({ "status": "failing", "reason": why }),
    };
    let status = if readiness.is_ready() {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    // Search lagging or down degrades search only: writes go on, so it does not make the
    // process unready; how far this process's index is behind the change stream is
    // reported for monitoring (`outboxPending` is the same number under its older name).
    let lag = match &state.indexer {
        Some(indexer) => indexer.lag().await.ok(),
        None => None,
    };
    let search = match lag {
        Some(lag) => json!({
            "changesPending": lag.pending,
            "outboxPending": lag.pending,
            "oldestPendingSeconds": lag.oldest.map(|at| (chrono::Utc::now() - at).num_seconds().max(0)),
        }),
        None => json!({ "changesPending": null, "outboxPending": null }),
    };
    let body = json!({
        "status": if readiness.is_ready() { "ready" } else { "not ready" },
        "checks": {
            "database": check(&readiness.database),
            "migrations": check(&readiness.migrations),
            "search": search,
        }
    });
    (status, Json(body))
}
