//! `/graphql/ws`: subscriptions over the graphql-ws protocols (`graphql-transport-ws`, and
//! the older `graphql-ws`). The client authenticates in `connection_init` with the same
//! access token as over HTTP: `{ "Authorization": "Bearer <token>" }` (or `{ "token": … }`).
//! A connection without a token is anonymous; a bad token closes it.

use std::net::SocketAddr;

use async_graphql::Data;
use async_graphql_axum::{GraphQLProtocol, GraphQLWebSocket};
use axum::extract::ws::WebSocketUpgrade;
use axum::extract::{ConnectInfo, State};
use axum::response::Response;
use skillbridge_graphql::{RequestContext, connection_data};

use crate::app::AppState;

pub async fn ws(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    protocol: GraphQLProtocol,
    upgrade: WebSocketUpgrade,
) -> Response {
    upgrade
        .protocols(async_graphql::http::ALL_WEBSOCKET_PROTOCOLS)
        .on_upgrade(move |socket| {
            let schema = state.schema.clone();
            GraphQLWebSocket::new(socket, schema, protocol)
                .on_connection_init(move |payload| async move { init(&state, peer, &payload) })
                .serve()
        })
}

/// The connection's data from its `connection_init` payload.
fn init(
    state: &AppState,
    peer: SocketAddr,
    payload: &serde_json::Value,
) -> async_graphql::Result<Data> {
    let field = |name: &str| payload.get(name).and_then(|v| v.as_str());
    let token = field("Authorization")
        .or_else(|| field("authorization"))
        .map(|value| match value.split_once(' ') {
            Some((scheme, token)) if scheme.eq_ignore_ascii_case("bearer") => token.trim(),
            _ => value.trim(),
        })
        .or_else(|| field("token"));
    let user =
        match token {
            None => None,
            Some(token) => Some(state.app.accounts().tokens().verify_access(token).map_err(
                |err| {
                    tracing::debug!(error = %err, "refused a websocket access token");
                    async_graphql::Error::new(
                        "the access token is invalid or has expired; refresh it or log in again",
                    )
                },
            )?),
        };
    Ok(connection_data(
        state.app.store().clone(),
        RequestContext {
            user,
            client: Some(peer.ip()),
            accept_language: field("acceptLanguage").map(str::to_owned),
        },
    ))
}
