//! The exported SDL matches the code, and every example operation in `graphql/operations/`
//! executes without errors.

mod common;

use std::path::Path;

use serde_json::{Value, json};

#[test]
fn exported_schema_matches_the_code() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("graphql/schema.graphql");
    let on_disk = std::fs::read_to_string(&path).expect("graphql/schema.graphql exists");
    assert!(
        on_disk == skillbridge_graphql::sdl(),
        "graphql/schema.graphql is out of date: run `cargo run -- export-schema`"
    );
}

#[tokio::test]
async fn example_operations_execute() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("graphql/operations");
    let mut operations: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "graphql"))
        .collect();
    operations.sort();
    assert!(!operations.is_empty(), "graphql/operations holds examples");

    let app = common::spawn_app().await;
    // Examples run as a signed-in migrant, as a frontend would send them.
    let (_, registered) = app
        .graphql(json!({
            "query": "mutation { register(input: { email: \"examples@example.org\", password: \"Lavender-Tram-71-Quarry\", role: MIGRANT, displayName: \"Examples\" }) { accessToken } }"
        }))
        .await;
    let token = registered["data"]["register"]["accessToken"]
        .as_str()
        .unwrap()
        .to_owned();
    for path in operations {
        let query = std::fs::read_to_string(&path).unwrap();
        let variables_path = path.with_extension("variables.json");
        let variables: Value = match std::fs::read_to_string(&variables_path) {
            Ok(text) => serde_json::from_str(&text).unwrap(),
            Err(_) => json!({}),
        };
        let response = app
            .client
            .post(app.url("/graphql"))
            .header("content-type", "application/json")
            .header("authorization", format!("Bearer {token}"))
            .body(json!({ "query": query, "variables": variables }).to_string())
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        let body: Value = response.json().await.unwrap();
        assert_eq!(status, 200, "{}: {body}", path.display());
        assert!(body.get("errors").is_none(), "{}: {body}", path.display());
        assert!(body["data"].is_object(), "{}: {body}", path.display());
    }
    app.stop().await;
}
