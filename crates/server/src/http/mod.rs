//! The HTTP surface: `/graphql`, `/graphql/ws` (subscriptions), `/healthz`, `/readyz`.

mod graphql;
mod health;
mod live;
mod negotiate;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::get;
use tower_http::trace::TraceLayer;

use crate::app::AppState;

pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/graphql", get(graphql::get).post(graphql::post))
        .route("/graphql/ws", get(live::ws))
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .layer(DefaultBodyLimit::max(state.config.body_limit_bytes))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}
