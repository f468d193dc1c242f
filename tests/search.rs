//! Skill search over HTTP: typo and prefix tolerant, every language, best first, naming the
//! label that matched; and an index that converges with the database after a process
//! stopped between a write and its indexing.

mod common;

use std::path::Path;
use std::process::Command;

use common::{serve_binary, setups, spawn_app_for};
use serde_json::{Value, json};
use sqlx::Connection;

const SEARCH: &str = "query($q: String!, $first: Int, $after: String, $lang: String) {
  skills(query: $q, first: $first, after: $after, lang: $lang) {
    totalCount
    edges { cursor matchedLabel { text lang preferred } node { uri preferredLabel } }
    pageInfo { hasNextPage endCursor } } }";

const HASKELL: &str = "http://data.europa.eu/esco/skill/000f1d3d-220f-4789-9c0a-cc742521fb02";
const SOFTWARE_DEVELOPER: &str =
    "http://data.europa.eu/esco/occupation/f2b15a0e-e65a-438a-affb-29b9d50b77d1";
const SOLUTION_DEPLOYMENT: &str =
    "http://data.europa.eu/esco/skill/1d86f05e-e9cc-40ce-99d8-2b21cc71b16b";

fn edges(body: &Value) -> &Vec<Value> {
    body["data"]["skills"]["edges"]
        .as_array()
        .unwrap_or_else(|| panic!("{body}"))
}

#[tokio::test]
async fn skills_are_found_with_typos_prefixes_and_in_any_language() {
    for setup in setups() {
        let db = &setup;
        let app = spawn_app_for(&setup).await;
        let search = |q: &str| {
            let app = &app;
            let q = q.to_owned();
            async move { app.call(SEARCH, json!({ "q": q }), None).await }
        };
        for typed in ["Haskell", "haskel", "Hask"] {
            let found = search(typed).await;
            let first = &edges(&found)[0];
            assert_eq!(first["node"]["uri"], HASKELL, "{db:?} {typed}: {found}");
            assert_eq!(
                first["matchedLabel"],
                json!({ "text": "Haskell", "lang": "en", "preferred": true })
            );
        }
        // A Spanish label, typed without its accent, finds the skill and names the label.
        let found = search("implementacion de soluciones").await;
        let first = &edges(&found)[0];
        assert_eq!(first["node"]["uri"], SOLUTION_DEPLOYMENT, "{db:?}: {found}");
        assert_eq!(first["matchedLabel"]["lang"], "es");
        assert_eq!(
            first["matchedLabel"]["text"],
            "implementación de soluciones"
        );
        assert!(edges(&search("zzzyqx").await).is_empty());

        // Pages follow each other without repeating.
        let page = app
            .call(SEARCH, json!({ "q": "data", "first": 3 }), None)
            .await;
        let total = page["data"]["skills"]["totalCount"].as_u64().unwrap();
        assert!(total > 3, "{page}");
        assert_eq!(page["data"]["skills"]["pageInfo"]["hasNextPage"], true);
        let after = page["data"]["skills"]["pageInfo"]["endCursor"].clone();
        let next = app
            .call(
                SEARCH,
                json!({ "q": "data", "first": 3, "after": after }),
                None,
            )
            .await;
        let uris = |body: &Value| -> Vec<String> {
            edges(body)
                .iter()
                .map(|e| e["node"]["uri"].as_str().unwrap().to_owned())
                .collect()
        };
        assert!(
            uris(&next).iter().all(|u| !uris(&page).contains(u)),
            "{next}"
        );
        let bad = app
            .call(SEARCH, json!({ "q": "data", "after": "bm9wZQ" }), None)
            .await;
        assert_eq!(
            bad["errors"][0]["extensions"]["code"], "BAD_USER_INPUT",
            "{bad}"
        );

        // Occupations alike, and within an ISCO group.
        let occupations = "query($q: String!, $isco: String) { occupations(query: $q, iscoGroup: $isco, first: 5) {
            totalCount edges { matchedLabel { text } node { uri iscoGroup { code } } } } }";
        let found = app
            .call(occupations, json!({ "q": "sofware develope" }), None)
            .await;
        let first = &found["data"]["occupations"]["edges"][0];
        assert_eq!(first["node"]["uri"], SOFTWARE_DEVELOPER, "{db:?}: {found}");
        assert!(
            first["matchedLabel"]["text"]
                .as_str()
                .is_some_and(|t| t.starts_with("software developer")),
            "{found}"
        );
        let outside = app
            .call(
                occupations,
                json!({ "q": "software developer", "isco": "7" }),
                None,
            )
            .await;
        let inside = app
            .call(
                occupations,
                json!({ "q": "software developer", "isco": "25" }),
                None,
            )
            .await;
        assert!(
            outside["data"]["occupations"]["edges"]
                .as_array()
                .unwrap()
                .iter()
                .all(|e| e["node"]["iscoGroup"]["code"]
                    .as_str()
                    .is_some_and(|c| c.starts_with('7'))),
            "{outside}"
        );
        assert_eq!(
            inside["data"]["occupations"]["edges"][0]["node"]["uri"],
            SOFTWARE_DEVELOPER
        );

        // Without a query, the list is by preferred label and names no match.
        let listed = app
            .call(
                "{ skills(first: 2) { edges { matchedLabel { text } } } }",
                json!({}),
                None,
            )
            .await;
        assert_eq!(
            listed["data"]["skills"]["edges"][0]["matchedLabel"],
            Value::Null
        );
        app.stop().await;
    }
}

fn run(args: &[&str], dir: &Path) {
    let out = Command::new(env!("CARGO_BIN_EXE_skillbridge"))
        .args(args)
        .current_dir(dir)
        .env("SKILLBRIDGE_LOG_FILTER", "warn")
        .output()
        .expect("run the binary");
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

async fn search_binary(address: &str, q: &str) -> Value {
    post_binary(address, json!({ "query": SEARCH, "variables": { "q": q } })).await
}

async fn post_binary(address: &str, body: Value) -> Value {
    reqwest::Client::new()
        .post(format!("http://{address}/graphql"))
        .json(&body)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

/// A server is stopped; an import changes a skill's label while no indexer runs (its
/// outbox entries wait in the database); the next start delivers them before serving.
#[tokio::test]
async fn the_index_catches_up_with_writes_made_while_no_indexer_ran() {
    let work = tempfile::tempdir().unwrap();
    let data = ["--data-dir", "data"];
    let (mut server, address) = serve_binary(work.path(), &[data[0].as_ref(), data[1].as_ref()]);
    let before = search_binary(&address, "quokka").await;
    assert!(edges(&before).is_empty(), "{before}");
    server.kill().unwrap();
    server.wait().unwrap();

    // The fixture ESCO download, with one skill renamed.
    let esco = Path::new(env!("CARGO_MANIFEST_DIR")).join("crates/taxonomy/tests/fixtures/esco");
    let renamed = work.path().join("esco");
    std::fs::create_dir(&renamed).unwrap();
    for entry in std::fs::read_dir(&esco).unwrap() {
        let entry = entry.unwrap();
        let mut text = std::fs::read_to_string(entry.path()).unwrap();
        if entry.file_name() == "skills_en.csv" {
            text = text.replacen(",Hungarian,,", ",Quokka grooming,,", 1);
        }
        std::fs::write(renamed.join(entry.file_name()), text).unwrap();
    }
    run(
        &[
            "import-esco",
            renamed.to_str().unwrap(),
            "--data-dir",
            "data",
        ],
        work.path(),
    );

    let (mut server, address) = serve_binary(work.path(), &[data[0].as_ref(), data[1].as_ref()]);
    let after = search_binary(&address, "quokka groming").await;
    let first = &edges(&after)[0];
    assert_eq!(
        first["matchedLabel"]["text"], "Quokka grooming",
        "the renamed skill is found under its new name: {after}"
    );
    let ready = readyz(&address).await;
    assert_eq!(ready["checks"]["search"]["outboxPending"], 0, "{ready}");
    server.kill().unwrap();
    server.wait().unwrap();

    // `reindex` rebuilds from the database (with no server holding the index).
    let out = Command::new(env!("CARGO_BIN_EXE_skillbridge"))
        .args(["reindex", "--data-dir", "data"])
        .current_dir(work.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("search index rebuilt"));
}

async fn readyz(address: &str) -> Value {
    reqwest::get(format!("http://{address}/readyz"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

async fn graphql_binary(address: &str, query: &str) -> Value {
    post_binary(address, json!({ "query": query })).await
}

/// The outbox is the guarantee: a server killed (SIGKILL) while another process writes
/// vacancies and courses, before or while it indexes them, finds every one after a
/// restart, and nothing is left pending.
#[tokio::test]
async fn a_killed_server_loses_no_vacancy_or_course_change() {
    let work = tempfile::tempdir().unwrap();
    let data = ["--data-dir", "data"];
    let (mut server, address) = serve_binary(work.path(), &[data[0].as_ref(), data[1].as_ref()]);
    let before = graphql_binary(&address, "{ vacancies { totalCount } }").await;
    assert_eq!(before["data"]["vacancies"]["totalCount"], 0, "{before}");
    // Another process writes; the server's indexer picks the changes up as they come.
    run(
        &[
            "seed-demo",
            "--profiles",
            "20",
            "--vacancies",
            "1500",
            "--courses",
            "60",
            "--data-dir",
            "data",
        ],
        work.path(),
    );
    let lag = readyz(&address).await;
    eprintln!(
        "killed with {} changes pending",
        lag["checks"]["search"]["outboxPending"]
    );
    server.kill().unwrap();
    server.wait().unwrap();

    let file = work
        .path()
        .join("data")
        .join(skillbridge_store_sqlite::DATABASE_FILE);
    let mut db = sqlx::SqliteConnection::connect(&format!("sqlite:{}", file.display()))
        .await
        .unwrap();
    let open: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM vacancies WHERE status = 'OPEN'")
        .fetch_one(&mut db)
        .await
        .unwrap();
    let courses: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM courses")
        .fetch_one(&mut db)
        .await
        .unwrap();
    db.close().await.unwrap();
    assert!(open > 0 && courses > 0);

    let (mut server, address) = serve_binary(work.path(), &[data[0].as_ref(), data[1].as_ref()]);
    let ready = readyz(&address).await;
    assert_eq!(ready["checks"]["search"]["outboxPending"], 0, "{ready}");
    let after = graphql_binary(
        &address,
        "{ vacancies { totalCount } courses { totalCount } }",
    )
    .await;
    assert_eq!(after["data"]["vacancies"]["totalCount"], open, "{after}");
    assert_eq!(after["data"]["courses"]["totalCount"], courses, "{after}");
    server.kill().unwrap();
    server.wait().unwrap();
}
