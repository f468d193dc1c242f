//! `/graphql` over HTTP, following the GraphQL-over-HTTP specification rather than only the
//! library's defaults:
//! - `POST` executes only `application/json` bodies; anything a browser form can send
//!   cross-site without a preflight is refused with 415 before it is read;
//! - `GET` executes queries only: a mutation is refused with 405 before execution;
//! - the response type follows `Accept`, and with `application/graphql-response+json` a
//!   request that cannot be executed (parse, validation or variable errors) gets 400;
//! - a JSON array of operations is a batch, accepted only when configured.

use async_graphql::extensions::apollo_persisted_queries::CacheStorage;
use async_graphql::parser::types::{DocumentOperations, ExecutableDocument, OperationType};
use async_graphql::{BatchRequest, Request, Variables};
use axum::body::{Body, Bytes};
use axum::extract::rejection::BytesRejection;
use axum::extract::{ConnectInfo, RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;
use serde::Deserialize;
use serde_json::{Value, json};
use skillbridge_auth::TokenError;
use skillbridge_graphql::{ErrorCode, RequestContext};
use std::net::SocketAddr;

use super::negotiate::{ResponseMedia, is_json_body, response_media, wants_html};
use crate::app::AppState;

/// The parameters of a GraphQL-over-HTTP request, as sent in a JSON body. Other keys
/// (Relay's `id`, say) are ignored, as the specification allows.
#[derive(Deserialize)]
struct Params {
    query: Option<String>,
    #[serde(rename = "operationName")]
    operation_name: Option<String>,
    variables: Option<Value>,
    extensions: Option<Value>,
}

/// The same parameters in a GET query string, where `variables` and `extensions` are JSON
/// text.
#[derive(Deserialize)]
struct QueryStringParams {
    query: Option<String>,
    #[serde(rename = "operationName")]
    operation_name: Option<String>,
    variables: Option<String>,
    extensions: Option<String>,
}

impl QueryStringParams {
    fn into_params(self) -> Result<Params, Refusal> {
        Ok(Params {
            query: self.query,
            operation_name: self.operation_name,
            variables: json_param("variables", self.variables)?,
            extensions: json_param("extensions", self.extensions)?,
        })
    }
}

/// A query-string parameter that carries JSON text.
fn json_param(name: &str, text: Option<String>) -> Result<Option<Value>, Refusal> {
    text.map(|text| serde_json::from_str(&text))
        .transpose()
        .map_err(|_| {
            Refusal::new(
                ErrorCode::BadRequest,
                format!("`{name}` must be a JSON object"),
            )
        })
}

/// A request the HTTP layer refuses before execution.
struct Refusal {
    code: ErrorCode,
    message: String,
}

impl Refusal {
    fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
        }
    }
}

pub async fn get(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Response {
    if state.config.graphiql && wants_html(&headers) {
        return super::graphiql::page();
    }
    let Some(media) = response_media(&headers) else {
        return not_acceptable();
    };
    let context = match authenticate(&state, &headers, peer) {
        Ok(context) => context,
        Err(err) => return unauthenticated(media, &err),
    };
    let mut request =
        match serde_urlencoded::from_str::<QueryStringParams>(raw.as_deref().unwrap_or(""))
            .map_err(|err| {
                Refusal::new(
                    ErrorCode::BadRequest,
                    format!("malformed query string: {err}"),
                )
            })
            .and_then(QueryStringParams::into_params)
            .and_then(build_request)
        {
            Ok(request) => request,
            Err(refusal) => return refuse(media, refusal),
        };
    // GET runs queries only: know the operation before running it, from the text or, for
    // a persisted query sent as its hash, from the cached document.
    let operation_name = request.operation_name.clone();
    let document = if request.query.is_empty() {
        match persisted_hash(&request) {
            Some(hash) => state.persisted.get(hash).await,
            None => None,
        }
    } else {
        match request.parsed_query() {
            Ok(document) => Some(document.clone()),
            Err(err) => return parse_failed(media, err),
        }
    };
    if let Some(kind) = document
        .as_ref()
        .and_then(|d| operation_type(d, operation_name.as_deref()))
        && kind != OperationType::Query
    {
        let mut response = refuse(
            media,
            Refusal::new(
                ErrorCode::MethodNotAllowed,
                "mutations and subscriptions must be sent with POST",
            ),
        );
        response
            .headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("POST"));
        return response;
    }
    execute_one(&state, &context, media, request).await
}

pub async fn post(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let Some(media) = response_media(&headers) else {
        return not_acceptable();
    };
    let context = match authenticate(&state, &headers, peer) {
        Ok(context) => context,
        Err(err) => return unauthenticated(media, &err),
    };
    if !is_json_body(&headers) {
        return refuse(
            media,
            Refusal::new(
                ErrorCode::UnsupportedMediaType,
                "the request body must be application/json",
            ),
        );
    }
    let body = match body {
        Ok(body) => body,
        Err(rejection) if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            return refuse(
                media,
                Refusal::new(ErrorCode::PayloadTooLarge, "the request body is too large"),
            );
        }
        Err(_) => {
            return refuse(
                media,
                Refusal::new(ErrorCode::BadRequest, "the request body could not be read"),
            );
        }
    };
    let json: Value = match serde_json::from_slice(&body) {
        Ok(json) => json,
        Err(_) => {
            return refuse(
                media,
                Refusal::new(ErrorCode::BadRequest, "the request body is not valid JSON"),
            );
        }
    };
    match json {
        Value::Array(items) => execute_batch(&state, &context, media, items).await,
        single => {
            let mut request = match params_from(single).and_then(build_request) {
                Ok(request) => request,
                Err(refusal) => return refuse(media, refusal),
            };
            // A persisted query sent as its hash is parsed by the extension, from its cache.
            if !request.query.is_empty()
                && let Err(err) = request.parsed_query()
            {
                return parse_failed(media, err);
            }
            execute_one(&state, &context, media, request).await
        }
    }
}

/// Gives the request its per-request data: fresh loaders, the caller and their language.
fn prepare(state: &AppState, context: &RequestContext, request: Request) -> Request {
    skillbridge_graphql::prepare_request(request, state.app.store().clone(), context.clone())
}

/// Reads who is calling: no `Authorization` header is an anonymous request; a bearer
/// token must be valid in every respect, or the request is refused with 401 before
/// anything executes (a client with a bad token should know, not silently see less).
fn authenticate(
    state: &AppState,
    headers: &HeaderMap,
    peer: SocketAddr,
) -> Result<RequestContext, TokenError> {
    let accept_language = headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let user = match headers.get(header::AUTHORIZATION) {
        None => None,
        Some(value) => {
            let token = value
                .to_str()
                .ok()
                .and_then(|v| v.split_once(' '))
                .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
                .map(|(_, token)| token.trim())
                .ok_or(TokenError::Malformed)?;
            Some(state.app.accounts().tokens().verify_access(token)?)
        }
    };
    Ok(RequestContext {
        user,
        client: Some(peer.ip()),
        accept_language,
    })
}

/// 401 for a request whose token was refused.
fn unauthenticated(media: ResponseMedia, err: &TokenError) -> Response {
    tracing::debug!(error = %err, "refused an access token");
    let mut response = refuse(
        media,
        Refusal::new(
            ErrorCode::Unauthenticated,
            "the access token is invalid or has expired; refresh it or log in again",
        ),
    );
    response.headers_mut().insert(
        header::WWW_AUTHENTICATE,
        HeaderValue::from_static("Bearer error=\"invalid_token\""),
    );
    response
}

async fn execute_one(
    state: &AppState,
    context: &RequestContext,
    media: ResponseMedia,
    request: Request,
) -> Response {
    let response = state.schema.execute(prepare(state, context, request)).await;
    let request_error = is_request_error(&response);
    let mut body = serde_json::to_value(&response).unwrap_or_else(|_| internal_body());
    if request_error {
        mark_request_errors(&mut body);
    } else {
        label_errors(&mut body, ErrorCode::BadUserInput);
    }
    let status = if request_error && media == ResponseMedia::GraphqlResponseJson {
        StatusCode::BAD_REQUEST
    } else {
        StatusCode::OK
    };
    respond(media, status, &body)
}

async fn execute_batch(
    state: &AppState,
    context: &RequestContext,
    media: ResponseMedia,
    items: Vec<Value>,
) -> Response {
    if !state.config.batching {
        return refuse(
            media,
            Refusal::new(
                ErrorCode::BadRequest,
                "batched requests are not enabled on this server",
            ),
        );
    }
    if items.is_empty() || items.len() > state.config.max_batch_size {
        return refuse(
            media,
            Refusal::new(
                ErrorCode::BadRequest,
                format!(
                    "a batch must hold between 1 and {} operations",
                    state.config.max_batch_size
                ),
            ),
        );
    }
    let mut requests = Vec::with_capacity(items.len());
    for item in items {
        match params_from(item).and_then(build_request) {
            Ok(request) => requests.push(prepare(state, context, request)),
            Err(refusal) => return refuse(media, refusal),
        }
    }
    let responses = state
        .schema
        .execute_batch(BatchRequest::Batch(requests))
        .await;
    let body = match responses {
        async_graphql::BatchResponse::Batch(responses) => Value::Array(
            responses
                .iter()
                .map(|response| {
                    let mut body =
                        serde_json::to_value(response).unwrap_or_else(|_| internal_body());
                    if is_request_error(response) {
                        mark_request_errors(&mut body);
                    } else {
                        label_errors(&mut body, ErrorCode::BadUserInput);
                    }
                    body
                })
                .collect(),
        ),
        async_graphql::BatchResponse::Single(response) => {
            serde_json::to_value(&response).unwrap_or_else(|_| internal_body())
        }
    };
    respond(media, StatusCode::OK, &body)
}

fn params_from(json: Value) -> Result<Params, Refusal> {
    if !json.is_object() {
        return Err(Refusal::new(
            ErrorCode::BadRequest,
            "the request body must be a JSON object",
        ));
    }
    serde_json::from_value(json).map_err(|err| {
        Refusal::new(
            ErrorCode::BadRequest,
            format!("not a GraphQL request: {err}"),
        )
    })
}

fn build_request(params: Params) -> Result<Request, Refusal> {
    // An automatic persisted query may come as its hash alone.
    let persisted = params
        .extensions
        .as_ref()
        .is_some_and(|e| e.get("persistedQuery").is_some());
    let query = match params.query {
        Some(query) => query,
        None if persisted => String::new(),
        None => {
            return Err(Refusal::new(
                ErrorCode::BadRequest,
                "the request has no `query`",
            ));
        }
    };
    let mut request = Request::new(query);
    if let Some(name) = params.operation_name {
        request = request.operation_name(name);
    }
    match params.variables {
        None | Some(Value::Null) => {}
        Some(variables @ Value::Object(_)) => {
            request = request.variables(Variables::from_json(variables))
        }
        Some(_) => {
            return Err(Refusal::new(
                ErrorCode::BadRequest,
                "`variables` must be a JSON object",
            ));
        }
    }
    match params.extensions {
        None | Some(Value::Null) => {}
        Some(Value::Object(extensions)) => {
            for (key, value) in extensions {
                let value = async_graphql::Value::from_json(value).map_err(|_| {
                    Refusal::new(ErrorCode::BadRequest, "`extensions` must be a JSON object")
                })?;
                request.extensions.insert(key, value);
            }
        }
        Some(_) => {
            return Err(Refusal::new(
                ErrorCode::BadRequest,
                "`extensions` must be a JSON object",
            ));
        }
    }
    Ok(request)
}

/// The SHA-256 hash of an automatic persisted query, if the request carries one.
fn persisted_hash(request: &Request) -> Option<String> {
    match request.extensions.get("persistedQuery")? {
        async_graphql::Value::Object(fields) => match fields.get("sha256Hash")? {
            async_graphql::Value::String(hash) => Some(hash.clone()),
            _ => None,
        },
        _ => None,
    }
}

/// The type of the operation the request selects, when it can be told before execution.
fn operation_type(document: &ExecutableDocument, name: Option<&str>) -> Option<OperationType> {
    match (&document.operations, name) {
        (DocumentOperations::Single(operation), _) => Some(operation.node.ty),
        (DocumentOperations::Multiple(operations), Some(name)) => operations
            .iter()
            .find(|(n, _)| n.as_str() == name)
            .map(|(_, op)| op.node.ty),
        (DocumentOperations::Multiple(operations), None) if operations.len() == 1 => {
            operations.values().next().map(|op| op.node.ty)
        }
        _ => None,
    }
}

/// A request error stopped the operation before execution: no data, and no error that
/// points into the result.
fn is_request_error(response: &async_graphql::Response) -> bool {
    response.data == async_graphql::Value::Null
        && !response.errors.is_empty()
        && response.errors.iter().all(|err| err.path.is_empty())
}

/// The specification: a request error's response has no `data` entry. Errors without a
/// code are validation errors (including variables and query limits).
fn mark_request_errors(body: &mut Value) {
    let Some(object) = body.as_object_mut() else {
        return;
    };
    object.remove("data");
    // The persisted-query extension reports a document it does not hold by this message,
    // which Apollo clients also read; give it its own code.
    if let Some(Value::Array(errors)) = object.get_mut("errors") {
        for error in errors.iter_mut() {
            if error["message"] == "PersistedQueryNotFound" {
                error["extensions"] = json!({ "code": ErrorCode::PersistedQueryNotFound.as_str() });
            }
        }
    }
    label_errors(body, ErrorCode::GraphqlValidationFailed);
}

/// Gives every error without a code `code`: our resolvers always set one, so an error
/// without is async-graphql's own (validation, or an argument that does not parse).
fn label_errors(body: &mut Value, code: ErrorCode) {
    let Some(Value::Array(errors)) = body.get_mut("errors") else {
        return;
    };
    for error in errors {
        let extensions = error
            .as_object_mut()
            .map(|e| e.entry("extensions").or_insert_with(|| json!({})));
        if let Some(Value::Object(extensions)) = extensions {
            extensions
                .entry("code")
                .or_insert_with(|| code.as_str().into());
        }
    }
}

fn parse_failed(media: ResponseMedia, err: async_graphql::ServerError) -> Response {
    let body = json!({
        "errors": [{
            "message": err.message,
            "locations": err.locations,
            "extensions": { "code": ErrorCode::GraphqlParseFailed.as_str() },
        }]
    });
    let status = match media {
        ResponseMedia::GraphqlResponseJson => StatusCode::BAD_REQUEST,
        ResponseMedia::Json => StatusCode::OK,
    };
    respond(media, status, &body)
}

/// An HTTP-level refusal: the request is not something we execute at all.
fn refuse(media: ResponseMedia, refusal: Refusal) -> Response {
    let status =
        StatusCode::from_u16(refusal.code.http_status()).unwrap_or(StatusCode::BAD_REQUEST);
    let body = json!({
        "errors": [{ "message": refusal.message, "extensions": { "code": refusal.code.as_str() } }]
    });
    respond(media, status, &body)
}

fn not_acceptable() -> Response {
    refuse(
        ResponseMedia::Json,
        Refusal::new(
            ErrorCode::NotAcceptable,
            "responses are application/graphql-response+json or application/json",
        ),
    )
}

fn respond(media: ResponseMedia, status: StatusCode, body: &Value) -> Response {
    let mut response = Response::new(Body::from(body.to_string()));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(media.content_type()),
    );
    headers.insert(header::VARY, HeaderValue::from_static("accept"));
    response
}

fn internal_body() -> Value {
    json!({ "errors": [{ "message": "internal error", "extensions": { "code": ErrorCode::Internal.as_str() } }] })
}
