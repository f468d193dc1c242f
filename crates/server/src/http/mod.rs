//! The HTTP surface: `/graphql`, `/graphql/ws` (subscriptions), `/graphiql/…` (GraphiQL's
//! files), `/healthz`, `/readyz`, `/metrics` when a metrics token is set, and CORS for the browser frontends configured in
//! `http.cors_origins`.

mod graphiql;
mod graphql;
mod health;
mod live;
mod negotiate;

use std::time::Duration;

use axum::Router;
use axum::extract::{DefaultBodyLimit, Request};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::get;
use http::{HeaderValue, Method, StatusCode, header};
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::trace::TraceLayer;

use crate::app::AppState;

/// How long a browser may keep a preflight's answer.
const PREFLIGHT_MAX_AGE: Duration = Duration::from_secs(3600);

/// The routes; `cors_origins` are the exact origins (`https://app.example.org`) whose
/// pages may call the API, none for the same origin only.
pub fn router(state: AppState, cors_origins: &[String]) -> Router {
    let router = Router::new()
        .route("/graphql", get(graphql::get).post(graphql::post))
        .route("/graphql/ws", get(live::ws))
        .route("/graphiql/{file}", get(graphiql::asset))
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz));
    let router = if state.metrics_token.is_some() {
        router.route("/metrics", get(crate::metrics::scrape_with_token))
    } else {
        router
    };
    let router = if state.metrics {
        router.route_layer(middleware::from_fn(crate::metrics::track_http))
    } else {
        router
    };
    let router = router.layer(DefaultBodyLimit::max(state.config.body_limit_bytes));
    let origins: Vec<HeaderValue> = cors_origins
        .iter()
        .filter_map(|o| HeaderValue::from_str(o).ok())
        .collect();
    let router = if origins.is_empty() {
        router
    } else {
        router
            .layer(
                CorsLayer::new()
                    .allow_origin(AllowOrigin::list(origins))
                    .allow_methods([Method::GET, Method::POST])
                    .allow_headers([header::CONTENT_TYPE, header::AUTHORIZATION])
                    .max_age(PREFLIGHT_MAX_AGE),
            )
            .layer(middleware::from_fn(preflight_answer))
    };
    router.layer(TraceLayer::new_for_http()).with_state(state)
}

/// `/metrics` alone, for `metrics.listen`: no token (the address is the protection).
pub fn metrics_router(state: AppState) -> Router {
    Router::new()
        .route("/metrics", get(crate::metrics::scrape))
        .with_state(state)
}

/// A preflight the CORS layer answered: 204 with the allow headers for a listed origin;
/// for any other origin, no CORS header at all.
async fn preflight_answer(request: Request, next: Next) -> Response {
    let preflight = request.method() == Method::OPTIONS
        && request
            .headers()
            .contains_key(header::ACCESS_CONTROL_REQUEST_METHOD);
    let mut response = next.run(request).await;
    if preflight && response.status() == StatusCode::OK {
        *response.status_mut() = StatusCode::NO_CONTENT;
        let headers = response.headers_mut();
        if !headers.contains_key(header::ACCESS_CONTROL_ALLOW_ORIGIN) {
            let cors: Vec<_> = headers
                .keys()
                .filter(|name| name.as_str().starts_with("access-control-"))
                .cloned()
                .collect();
            for name in cors {
                headers.remove(name);
            }
        }
    }
    response
}
