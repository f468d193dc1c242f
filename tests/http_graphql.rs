//! `/graphql` over HTTP: the GraphQL-over-HTTP specification's rules, the CSRF defence,
//! batching, limits, GraphiQL and CORS.

mod common;

use common::{Db, spawn_app, spawn_app_with};
use serde_json::{Value, json};

const GRAPHQL_RESPONSE_JSON: &str = "application/graphql-response+json";

async fn post(
    app: &common::TestApp,
    content_type: &str,
    accept: Option<&str>,
    body: &str,
) -> (u16, String, Value) {
    let mut request = app
        .client
        .post(app.url("/graphql"))
        .header("content-type", content_type)
        .body(body.to_owned());
    if let Some(accept) = accept {
        request = request.header("accept", accept);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let content_type = response.headers()["content-type"]
        .to_str()
        .unwrap()
        .to_owned();
    let text = response.text().await.unwrap();
    let json = serde_json::from_str(&text).unwrap_or(Value::Null);
    (status, content_type, json)
}

async fn get(
    app: &common::TestApp,
    query: &[(&str, &str)],
    accept: Option<&str>,
) -> (u16, reqwest::header::HeaderMap, String) {
    let mut request = app.client.get(app.url("/graphql")).query(query);
    if let Some(accept) = accept {
        request = request.header("accept", accept);
    }
    let response = request.send().await.unwrap();
    (
        response.status().as_u16(),
        response.headers().clone(),
        response.text().await.unwrap(),
    )
}

fn code(body: &Value) -> &str {
    body["errors"][0]["extensions"]["code"]
        .as_str()
        .unwrap_or("<none>")
}

#[tokio::test]
async fn answers_typename_over_post() {
    let app = spawn_app().await;
    let (status, body) = app
        .graphql(json!({ "query": "{ __typename apiVersion }" }))
        .await;
    assert_eq!(status, 200);
    assert_eq!(body["data"]["__typename"], "Query");
    assert_eq!(body["data"]["apiVersion"], env!("CARGO_PKG_VERSION"));
    app.stop().await;
}

#[tokio::test]
async fn negotiates_the_response_media_type() {
    let app = spawn_app().await;
    let query = r#"{"query":"{ __typename }"}"#;
    for (accept, status, content_type) in [
        (None, 200, "application/json"),
        (Some("application/json"), 200, "application/json"),
        (Some(GRAPHQL_RESPONSE_JSON), 200, GRAPHQL_RESPONSE_JSON),
        (
            Some("application/graphql-response+json, application/json;q=0.9"),
            200,
            GRAPHQL_RESPONSE_JSON,
        ),
        (Some("*/*"), 200, "application/json"),
        (Some("text/xml"), 406, "application/json"),
    ] {
        let (got_status, got_type, body) = post(&app, "application/json", accept, query).await;
        assert_eq!(got_status, status, "{accept:?}: {body}");
        assert!(got_type.starts_with(content_type), "{accept:?}: {got_type}");
        if status == 406 {
            assert_eq!(code(&body), "NOT_ACCEPTABLE");
        }
    }
    app.stop().await;
}

#[tokio::test]
async fn request_errors_are_400_with_graphql_response_json_and_200_with_json() {
    let app = spawn_app().await;
    for (request, expected_code) in [
        (json!({ "query": "{ apiVersion" }), "GRAPHQL_PARSE_FAILED"),
        (
            json!({ "query": "{ noSuchField }" }),
            "GRAPHQL_VALIDATION_FAILED",
        ),
        (
            json!({ "query": "query($x: Boolean!) { apiVersion @include(if: $x) }", "variables": { "x": "yes" } }),
            "GRAPHQL_VALIDATION_FAILED",
        ),
        (
            json!({ "query": "query A { apiVersion } query B { apiVersion }" }),
            "GRAPHQL_VALIDATION_FAILED",
        ),
    ] {
        let body = request.to_string();
        let (status, _, strict) =
            post(&app, "application/json", Some(GRAPHQL_RESPONSE_JSON), &body).await;
        assert_eq!(status, 400, "{request}: {strict}");
        assert_eq!(code(&strict), expected_code, "{request}: {strict}");
        assert!(
            strict.get("data").is_none(),
            "a request error has no data entry: {strict}"
        );

        let (status, _, legacy) =
            post(&app, "application/json", Some("application/json"), &body).await;
        assert_eq!(status, 200, "{request}: {legacy}");
        assert_eq!(code(&legacy), expected_code);
    }
    app.stop().await;
}

#[tokio::test]
async fn malformed_requests_are_400_whatever_the_media_type() {
    let app = spawn_app().await;
    for body in [
        "not json",
        "42",
        r#"{"operationName":"x"}"#,
        r#"{"query": 42}"#,
        r#"{"query":"{ __typename }","variables":[1]}"#,
        r#"{"query":"{ __typename }","extensions":"x"}"#,
    ] {
        for accept in [GRAPHQL_RESPONSE_JSON, "application/json"] {
            let (status, _, json) = post(&app, "application/json", Some(accept), body).await;
            assert_eq!(status, 400, "{body} ({accept}): {json}");
            assert_eq!(code(&json), "BAD_REQUEST");
        }
    }
    app.stop().await;
}

#[tokio::test]
async fn bodies_a_browser_form_can_send_cross_site_are_never_executed() {
    let app = spawn_app().await;
    let query = r#"{"query":"{ __typename }"}"#;
    for content_type in [
        "text/plain",
        "text/plain;charset=UTF-8",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=----x",
        "application/graphql",
        "application/json; charset=iso-8859-1",
    ] {
        let (status, _, json) = post(&app, content_type, None, query).await;
        assert_eq!(status, 415, "{content_type}");
        assert_eq!(code(&json), "UNSUPPORTED_MEDIA_TYPE");
        assert!(
            json.get("data").is_none(),
            "nothing executed for {content_type}"
        );
    }
    // A form post with a CSRF-looking header is still not JSON, so still refused.
    let response = app
        .client
        .post(app.url("/graphql"))
        .header("content-type", "multipart/form-data; boundary=x")
        .header("x-csrf-token", "anything")
        .body("--x--")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 415);
    // No Content-Type at all.
    let response = app
        .client
        .post(app.url("/graphql"))
        .body(query)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 415);
    app.stop().await;
}

#[tokio::test]
async fn get_runs_queries_and_refuses_mutations() {
    let app = spawn_app().await;
    let (status, _, body) = get(
        &app,
        &[("query", "{ apiVersion }")],
        Some("application/json"),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert!(body.contains(env!("CARGO_PKG_VERSION")));

    let (status, _, body) = get(
        &app,
        &[
            (
                "query",
                "query Q($x: Boolean!) { apiVersion @include(if: $x) }",
            ),
            ("variables", r#"{"x":true}"#),
            ("operationName", "Q"),
        ],
        None,
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("apiVersion"));

    for (query, operation) in [
        ("mutation { doSomething }", None),
        (
            "query A { apiVersion } mutation B { doSomething }",
            Some("B"),
        ),
        ("subscription { events }", None),
    ] {
        let mut params = vec![("query", query)];
        if let Some(name) = operation {
            params.push(("operationName", name));
        }
        let (status, headers, body) = get(&app, &params, Some(GRAPHQL_RESPONSE_JSON)).await;
        assert_eq!(status, 405, "{query}: {body}");
        assert_eq!(headers["allow"], "POST");
        assert!(body.contains("METHOD_NOT_ALLOWED"));
    }

    let (status, _, body) = get(
        &app,
        &[("query", "{ apiVersion }"), ("variables", "{not json")],
        None,
    )
    .await;
    assert_eq!(status, 400, "{body}");
    let (status, _, body) = get(&app, &[], Some("application/json")).await;
    assert_eq!(
        status, 400,
        "a GET without a query is not a request: {body}"
    );
    app.stop().await;
}

#[tokio::test]
async fn graphiql_is_served_to_browsers() {
    let app = spawn_app().await;
    let (status, headers, body) =
        get(&app, &[], Some("text/html,application/xhtml+xml,*/*;q=0.8")).await;
    assert_eq!(status, 200);
    assert!(
        headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    assert!(body.contains("graphiql"), "GraphiQL page");
    assert!(body.contains("/graphql"), "pointed at our endpoint");
    let policy = headers["content-security-policy"].to_str().unwrap();
    assert!(policy.contains("script-src 'self'"), "{policy}");
    // Every script and stylesheet the page names is served by the binary: nothing from
    // the network.
    let named: Vec<&str> = body
        .split(['"', '\''])
        .filter(|part| part.ends_with(".js") || part.ends_with(".css"))
        .collect();
    assert!(
        named.len() >= 4,
        "React, ReactDOM, GraphiQL and its styles: {named:?}"
    );
    for file in named {
        assert!(
            file.starts_with("/graphiql/"),
            "served here, not from a CDN: {file}"
        );
        let response = app.client.get(app.url(file)).send().await.unwrap();
        assert_eq!(response.status(), 200, "{file}");
        let media = response.headers()["content-type"]
            .to_str()
            .unwrap()
            .to_owned();
        let expected = if file.ends_with(".js") {
            "text/javascript"
        } else {
            "text/css"
        };
        assert!(media.starts_with(expected), "{file}: {media}");
        let text = response.text().await.unwrap();
        assert!(!text.trim().is_empty(), "{file}");
    }
    let missing = app
        .client
        .get(app.url("/graphiql/secrets.js"))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), 404);
    app.stop().await;

    let app = spawn_app_with(Db::Sqlite, |config| config.graphql.graphiql = false).await;
    let (status, _, _) = get(&app, &[], Some("text/html")).await;
    assert_eq!(status, 406, "without GraphiQL a browser gets no HTML");
    let asset = app
        .client
        .get(app.url("/graphiql/skillbridge.js"))
        .send()
        .await
        .unwrap();
    assert_eq!(asset.status(), 404, "nor its files");
    app.stop().await;
}

#[tokio::test]
async fn graphiql_introspection_passes_the_query_limits() {
    let app = spawn_app().await;
    let introspection = include_str!("fixtures/graphiql_introspection.graphql");
    let (status, _, body) = post(
        &app,
        "application/json",
        Some(GRAPHQL_RESPONSE_JSON),
        &json!({ "query": introspection, "operationName": "IntrospectionQuery" }).to_string(),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert!(body.get("errors").is_none(), "{body}");
    assert_eq!(body["data"]["__schema"]["queryType"]["name"], "Query");
    app.stop().await;
}

#[tokio::test]
async fn queries_beyond_the_depth_limit_are_refused() {
    let app = spawn_app_with(Db::Sqlite, |config| config.graphql.max_depth = 4).await;
    let deep = "{ __schema { types { fields { type { ofType { name } } } } } }";
    let (status, _, body) = post(
        &app,
        "application/json",
        Some(GRAPHQL_RESPONSE_JSON),
        &json!({ "query": deep }).to_string(),
    )
    .await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(code(&body), "GRAPHQL_VALIDATION_FAILED");
    app.stop().await;
}

#[tokio::test]
async fn batching_only_when_configured() {
    let batch = json!([{ "query": "{ apiVersion }" }, { "query": "{ __typename }" }]).to_string();
    let app = spawn_app().await;
    let (status, _, body) = post(&app, "application/json", None, &batch).await;
    assert_eq!(status, 400);
    assert_eq!(code(&body), "BAD_REQUEST");
    app.stop().await;

    let app = spawn_app_with(Db::Sqlite, |config| {
        config.graphql.batching = true;
        config.graphql.max_batch_size = 2;
    })
    .await;
    let (status, _, body) = post(&app, "application/json", None, &batch).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body[0]["data"]["apiVersion"], env!("CARGO_PKG_VERSION"));
    assert_eq!(body[1]["data"]["__typename"], "Query");
    let too_many = json!([{ "query": "{ apiVersion }" }, { "query": "{ apiVersion }" }, { "query": "{ apiVersion }" }]).to_string();
    let (status, _, _) = post(&app, "application/json", None, &too_many).await;
    assert_eq!(status, 400, "over max_batch_size");
    app.stop().await;
}

#[tokio::test]
async fn bodies_over_the_limit_are_refused() {
    let app = spawn_app_with(Db::Sqlite, |config| config.graphql.body_limit_bytes = 1024).await;
    let padding = " ".repeat(2048);
    let (status, _, body) = post(
        &app,
        "application/json",
        None,
        &format!(r#"{{"query":"{{ __typename }}{padding}"}}"#),
    )
    .await;
    assert_eq!(status, 413, "{body}");
    assert_eq!(code(&body), "PAYLOAD_TOO_LARGE");
    app.stop().await;
}

fn sha256(text: &str) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[tokio::test]
async fn automatic_persisted_queries() {
    let app = spawn_app().await;
    let query = "{ apiVersion }";
    let apq = |hash: &str| json!({ "persistedQuery": { "version": 1, "sha256Hash": hash } });

    // Unknown hash: the client is told to send the text.
    let (status, _, body) = post(
        &app,
        "application/json",
        None,
        &json!({ "extensions": apq(&sha256(query)) }).to_string(),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(code(&body), "PERSISTED_QUERY_NOT_FOUND", "{body}");
    assert_eq!(
        body["errors"][0]["message"], "PersistedQueryNotFound",
        "what Apollo clients look for"
    );

    // Text and hash: runs and is remembered; the hash alone then suffices.
    let (status, _, body) = post(
        &app,
        "application/json",
        None,
        &json!({ "query": query, "extensions": apq(&sha256(query)) }).to_string(),
    )
    .await;
    assert_eq!(
        (status, &body["data"]["apiVersion"]),
        (200, &json!(env!("CARGO_PKG_VERSION"))),
        "{body}"
    );
    let (_, _, body) = post(
        &app,
        "application/json",
        None,
        &json!({ "extensions": apq(&sha256(query)) }).to_string(),
    )
    .await;
    assert_eq!(
        body["data"]["apiVersion"],
        env!("CARGO_PKG_VERSION"),
        "{body}"
    );
    let (status, _, body) = get(
        &app,
        &[("extensions", &apq(&sha256(query)).to_string())],
        Some("application/json"),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("apiVersion"));

    // A hash that does not match its text is refused.
    let (_, _, body) = post(
        &app,
        "application/json",
        None,
        &json!({ "query": query, "extensions": apq(&sha256("{ __typename }")) }).to_string(),
    )
    .await;
    assert!(
        body["errors"].is_array() && body.get("data").is_none_or(Value::is_null),
        "{body}"
    );

    // A stored mutation is still refused over GET, even as a bare hash.
    let mutation = "mutation { logout(input: { refreshToken: \"nothing\" }) { ok } }";
    post(
        &app,
        "application/json",
        None,
        &json!({ "query": mutation, "extensions": apq(&sha256(mutation)) }).to_string(),
    )
    .await;
    let (status, headers, _) = get(
        &app,
        &[("extensions", &apq(&sha256(mutation)).to_string())],
        Some("application/json"),
    )
    .await;
    assert_eq!(status, 405);
    assert_eq!(headers["allow"], "POST");
    app.stop().await;
}

/// A browser's preflight for a cross-origin POST with a token.
async fn preflight(app: &common::TestApp, origin: &str) -> (u16, reqwest::header::HeaderMap) {
    let response = app
        .client
        .request(reqwest::Method::OPTIONS, app.url("/graphql"))
        .header("origin", origin)
        .header("access-control-request-method", "POST")
        .header(
            "access-control-request-headers",
            "content-type, authorization",
        )
        .send()
        .await
        .unwrap();
    (response.status().as_u16(), response.headers().clone())
}

#[tokio::test]
async fn browser_frontends_on_listed_origins_may_call_the_api() {
    let app = spawn_app().await;
    let (status, headers) = preflight(&app, "https://app.example.org").await;
    assert_eq!(status, 405, "same origin only by default");
    assert!(!headers.contains_key("access-control-allow-origin"));
    app.stop().await;

    let app = spawn_app_with(Db::Sqlite, |config| {
        config.http.cors_origins = vec!["https://app.example.org".into()];
    })
    .await;
    let (status, headers) = preflight(&app, "https://app.example.org").await;
    assert_eq!(status, 204);
    assert_eq!(
        headers["access-control-allow-origin"],
        "https://app.example.org"
    );
    let methods = headers["access-control-allow-methods"].to_str().unwrap();
    assert!(
        methods.contains("POST") && methods.contains("GET"),
        "{methods}"
    );
    let allowed = headers["access-control-allow-headers"]
        .to_str()
        .unwrap()
        .to_ascii_lowercase();
    assert!(
        allowed.contains("content-type") && allowed.contains("authorization"),
        "{allowed}"
    );
    assert!(
        !headers.contains_key("access-control-allow-credentials"),
        "tokens travel in a header, never cookies"
    );

    let (status, headers) = preflight(&app, "https://evil.example.com").await;
    assert_eq!(status, 204);
    assert!(
        headers
            .keys()
            .all(|name| !name.as_str().starts_with("access-control-")),
        "another origin gets no CORS header: {headers:?}"
    );

    // The request itself carries the origin back; the CSRF defence still holds.
    let response = app
        .client
        .post(app.url("/graphql"))
        .header("origin", "https://app.example.org")
        .header("content-type", "application/json")
        .body(r#"{"query":"{ __typename }"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers()["access-control-allow-origin"],
        "https://app.example.org"
    );
    let (status, _, _) = post(
        &app,
        "text/plain",
        None,
        r#"{"query":"mutation { logout }"}"#,
    )
    .await;
    assert_eq!(status, 415, "a body a form can send is still refused");
    app.stop().await;
}
