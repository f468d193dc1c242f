//! `/metrics` over HTTP: off unless configured; on the main listener only with the bearer
//! token; on an address of its own without one; in the Prometheus text format, with HTTP
//! requests, GraphQL operations, the database pool, the change stream's followers, the
//! match indexes, search latency, login failures and rate-limit hits.
//!
//! The recorder is the process's, shared by every server a test binary starts, so the
//! checks look for series and for counts that grew, never for exact totals.

mod common;

use common::{TestApp, databases, spawn_app, spawn_app_with};
use serde_json::json;

const TOKEN: &str = "scrape-me-0123456789abcdef";

async fn scrape(app: &TestApp, token: Option<&str>) -> (u16, String) {
    let mut request = app.client.get(app.url("/metrics"));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.expect("request sent");
    let status = response.status().as_u16();
    (status, response.text().await.expect("text body"))
}

/// The value of the first sample of `name` carrying every one of `labels`.
fn value(text: &str, name: &str, labels: &[(&str, &str)]) -> Option<f64> {
    text.lines()
        .filter(|line| !line.starts_with('#'))
        .find_map(|line| {
            let (series, number) = line.rsplit_once(' ')?;
            let (metric, rest) = series.split_once('{').unwrap_or((series, ""));
            let labelled = labels
                .iter()
                .all(|(k, v)| rest.contains(&format!("{k}=\"{v}\"")));
            (metric == name && labelled).then(|| number.parse().ok())?
        })
}

#[tokio::test]
async fn metrics_are_off_unless_configured() {
    let app = spawn_app().await;
    let (status, _) = scrape(&app, Some(TOKEN)).await;
    assert_eq!(status, 404);
    app.stop().await;
}

#[tokio::test]
async fn the_main_listener_serves_metrics_to_the_token_holder() {
    for db in databases() {
        let app = spawn_app_with(db, |config| {
            config.metrics.token = Some(TOKEN.into());
            config.auth.max_failed_logins_per_account = 1;
        })
        .await;
        assert_eq!(scrape(&app, None).await.0, 401, "{db:?}");
        assert_eq!(scrape(&app, Some("not-the-token-0123456789")).await.0, 401);

        let before = scrape(&app, Some(TOKEN)).await.1;
        let count = |text: &str, name: &str, labels: &[(&str, &str)]| {
            value(text, name, labels).unwrap_or(0.0)
        };
        let token = app.register("amina@example.org", "MIGRANT", "Amina").await;
        app.call("query Me { me { email } }", json!({}), Some(&token))
            .await;
        app.call("query MyProfile { myProfile { id } }", json!({}), None)
            .await;
        app.call(
            "query FindSkills { skills(query: \"care\", first: 3) { totalCount } }",
            json!({}),
            None,
        )
        .await;
        let login = "mutation Login($e: String!) { login(input: { email: $e, password: \"Wrong-Password-Here-42\" }) { userErrors { code } } }";
        for _ in 0..2 {
            app.call(login, json!({ "e": "amina@example.org" }), None)
                .await;
        }

        let (status, text) = scrape(&app, Some(TOKEN)).await;
        assert_eq!(status, 200, "{db:?}");
        for (name, labels) in [
            (
                "skillbridge_http_requests_total",
                &[("route", "/graphql"), ("method", "POST"), ("status", "200")][..],
            ),
            (
                "skillbridge_graphql_operations_total",
                &[("operation", "Me"), ("kind", "query"), ("outcome", "ok")][..],
            ),
            (
                "skillbridge_graphql_operations_total",
                &[
                    ("operation", "MyProfile"),
                    ("kind", "query"),
                    ("outcome", "UNAUTHENTICATED"),
                ][..],
            ),
            (
                "skillbridge_graphql_operations_total",
                &[
                    ("operation", "Login"),
                    ("kind", "mutation"),
                    ("outcome", "RATE_LIMITED"),
                ][..],
            ),
            (
                "skillbridge_graphql_operation_duration_seconds_count",
                &[("operation", "FindSkills"), ("kind", "query")][..],
            ),
            (
                "skillbridge_search_duration_seconds_count",
                &[("backend", "tantivy"), ("operation", "search")][..],
            ),
            (
                "skillbridge_login_failures_total",
                &[("reason", "bad_credentials")][..],
            ),
            (
                "skillbridge_login_failures_total",
                &[("reason", "rate_limited")][..],
            ),
            (
                "skillbridge_rate_limit_hits_total",
                &[("limit", "login")][..],
            ),
        ] {
            assert!(
                count(&text, name, labels) > count(&before, name, labels),
                "{db:?}: {name} {labels:?} grew:\n{text}"
            );
        }
        assert!(text.contains("# TYPE skillbridge_graphql_operation_duration_seconds histogram"));
        assert!(text.contains(
            "skillbridge_http_request_duration_seconds_bucket{route=\"/graphql\",le=\"0.005\"}"
        ));
        for (name, labels) in [
            ("skillbridge_db_pool_connections", &[("state", "max")][..]),
            ("skillbridge_db_pool_connections", &[("state", "idle")][..]),
            (
                "skillbridge_change_stream_pending",
                &[("consumer", "match_index")][..],
            ),
            (
                "skillbridge_change_stream_pending",
                &[("consumer", "search_index")][..],
            ),
            (
                "skillbridge_change_stream_oldest_pending_seconds",
                &[("consumer", "search_index")][..],
            ),
            (
                "skillbridge_match_index_entries",
                &[("side", "vacancies")][..],
            ),
            (
                "skillbridge_match_index_entries",
                &[("side", "candidates")][..],
            ),
        ] {
            assert!(
                value(&text, name, labels).is_some(),
                "{db:?}: {name} {labels:?} is sampled:\n{text}"
            );
        }
        assert_eq!(
            value(
                &text,
                "skillbridge_db_pool_connections",
                &[("state", "max")]
            ),
            Some(4.0),
            "the tests' pool size"
        );
        app.stop().await;
    }
}

#[tokio::test]
async fn an_address_of_its_own_serves_metrics_without_a_token() {
    let app = spawn_app_with(common::Db::Sqlite, |config| {
        config.metrics.listen = Some("127.0.0.1:0".parse().unwrap());
    })
    .await;
    let address = app.metrics_address.expect("a metrics listener");
    let response = app
        .client
        .get(format!("http://{address}/metrics"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(
        response.headers()["content-type"],
        "text/plain; version=0.0.4; charset=utf-8"
    );
    let text = response.text().await.unwrap();
    assert!(text.contains("skillbridge_match_index_entries"), "{text}");
    // Without a token the main listener has no such route.
    assert_eq!(scrape(&app, None).await.0, 404);
    app.stop().await;
}
