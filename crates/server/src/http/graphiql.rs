//! GraphiQL for browsers, served whole from the binary: the page on `GET /graphql` and
//! the pinned production builds it names under `/graphiql/` (`assets/graphiql/README.md`
//! says where each comes from), so it works with no network and changes only with a
//! release.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use http::{HeaderValue, StatusCode, header};

use crate::app::AppState;

/// What the page may load and reach: its own files and this server (the API and its
/// WebSocket); styles set inline by the editor; fonts embedded in the stylesheet.
const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; \
    style-src 'self' 'unsafe-inline'; font-src 'self' data:; img-src 'self' data:; \
    connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const PAGE: &str = include_str!("../../assets/graphiql/index.html");

/// The files the page names: (name, media type, content).
const ASSETS: &[(&str, &str, &[u8])] = &[
    (
        "graphiql-4.1.2.min.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../assets/graphiql/graphiql-4.1.2.min.js"),
    ),
    (
        "graphiql-4.1.2.min.css",
        "text/css; charset=utf-8",
        include_bytes!("../../assets/graphiql/graphiql-4.1.2.min.css"),
    ),
    (
        "react-18.3.1.production.min.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../assets/graphiql/react-18.3.1.production.min.js"),
    ),
    (
        "react-dom-18.3.1.production.min.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../assets/graphiql/react-dom-18.3.1.production.min.js"),
    ),
    (
        "skillbridge.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../assets/graphiql/skillbridge.js"),
    ),
    (
        "skillbridge.css",
        "text/css; charset=utf-8",
        include_bytes!("../../assets/graphiql/skillbridge.css"),
    ),
];

/// The GraphiQL page.
pub fn page() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        PAGE,
    )
        .into_response()
}

/// `GET /graphiql/{file}`: one of the page's files; 404 for anything else, or when
/// GraphiQL is turned off.
pub async fn asset(State(state): State<AppState>, Path(file): Path<String>) -> Response {
    let found = ASSETS.iter().find(|(name, _, _)| *name == file);
    match found {
        Some((name, media, body)) if state.config.graphiql => {
            // Our own files may change between releases; the pinned builds never do.
            let cache = if name.starts_with("skillbridge.") {
                "no-cache"
            } else {
                "public, max-age=31536000, immutable"
            };
            let mut response = body.into_response();
            let headers = response.headers_mut();
            headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(media));
            headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
            headers.insert(
                header::X_CONTENT_TYPE_OPTIONS,
                HeaderValue::from_static("nosniff"),
            );
            response
        }
        _ => StatusCode::NOT_FOUND.into_response(),
    }
}
