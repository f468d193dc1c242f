//! The taxonomy over HTTP, on each database: the starter taxonomy a new install loads,
//! labels per language, hierarchy, keyset pages, shortage lists and bad arguments.

mod common;

use common::{TestApp, databases, spawn_app_with};
use serde_json::{Value, json};

const WRITE_HUNGARIAN: &str =
    "http://data.europa.eu/esco/skill/01f10952-cb59-4347-9aee-d4fbc51c870a";
const TECHNICAL_DIRECTOR: &str =
    "http://data.europa.eu/esco/occupation/00030d09-2b3a-4efd-87cc-c4ea39d27c34";

async fn data(app: &TestApp, query: &str, variables: Value, lang: &str) -> Value {
    let (status, body) = app
        .graphql_in(json!({ "query": query, "variables": variables }), lang)
        .await;
    assert_eq!(status, 200, "{body}");
    assert!(body.get("errors").is_none(), "{query}: {body}");
    body["data"].clone()
}

async fn error_code(app: &TestApp, query: &str) -> String {
    let (_, body) = app.graphql(json!({ "query": query })).await;
    body["errors"][0]["extensions"]["code"]
        .as_str()
        .unwrap_or("<no code>")
        .to_owned()
}

/// Every skill URI, page by page.
async fn all_skill_uris(app: &TestApp) -> Vec<String> {
    let mut uris = Vec::new();
    let mut after: Option<String> = None;
    loop {
        let page = data(
            app,
            "query($after: String) { skills(first: 100, after: $after) { totalCount edges { cursor node { uri } } pageInfo { hasNextPage endCursor } } }",
            json!({ "after": after }),
            "en",
        )
        .await;
        let skills = &page["skills"];
        assert_eq!(skills["totalCount"], 1_289);
        for edge in skills["edges"].as_array().unwrap() {
            uris.push(edge["node"]["uri"].as_str().unwrap().to_owned());
        }
        if !skills["pageInfo"]["hasNextPage"].as_bool().unwrap() {
            return uris;
        }
        after = skills["pageInfo"]["endCursor"].as_str().map(str::to_owned);
    }
}

#[tokio::test]
async fn a_new_install_answers_from_the_starter_taxonomy_in_every_language() {
    let mut orders = Vec::new();
    for db in databases() {
        let app = spawn_app_with(db, |_| {}).await;
        let found = data(
            &app,
            r#"{ skills(query: "hongrois", first: 10) { totalCount edges { node { uri preferredLabel skillType } } } }"#,
            json!({}),
            "fr-CH, fr;q=0.9",
        )
        .await;
        let labels: Vec<&str> = found["skills"]["edges"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["node"]["preferredLabel"].as_str().unwrap())
            .collect();
        assert!(labels.contains(&"écrire en hongrois"), "{db:?}: {labels:?}");

        let skill = data(
            &app,
            "query($uri: String!) { skill(uri: $uri) { id preferredLabel es: preferredLabel(lang: \"es\") altLabels reuseLevel isGroup broader { preferredLabel narrower { uri } } } }",
            json!({ "uri": WRITE_HUNGARIAN }),
            "en",
        )
        .await;
        let skill = &skill["skill"];
        assert_eq!(skill["preferredLabel"], "write Hungarian");
        assert_eq!(skill["es"], "escribir en húngaro");
        assert!(
            skill["altLabels"]
                .as_array()
                .unwrap()
                .iter()
                .any(|l| l == "writing Hungarian")
        );
        assert_eq!(skill["reuseLevel"], "TRANSVERSAL");
        assert_eq!(skill["isGroup"], false);
        let broader = &skill["broader"][0];
        assert_eq!(broader["preferredLabel"], "Hungarian");
        assert!(
            broader["narrower"]
                .as_array()
                .unwrap()
                .iter()
                .any(|n| n["uri"] == WRITE_HUNGARIAN)
        );

        let node = data(
            &app,
            "query($id: ID!) { node(id: $id) { id ... on Skill { uri } } }",
            json!({ "id": skill["id"] }),
            "en",
        )
        .await;
        assert_eq!(node["node"]["uri"], WRITE_HUNGARIAN);

        orders.push(all_skill_uris(&app).await);
        app.stop().await;
    }
    let first = &orders[0];
    assert_eq!(first.len(), 1_289, "every skill once");
    let mut unique = first.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), 1_289, "no skill on two pages");
    for other in &orders[1..] {
        assert_eq!(other, first, "both databases page in the same order");
    }
}

#[tokio::test]
async fn occupations_with_isco_hierarchy_and_filters() {
    for db in databases() {
        let app = spawn_app_with(db, |_| {}).await;
        let found = data(
            &app,
            "query($uri: String!) { occupation(uri: $uri) { preferredLabel fr: preferredLabel(lang: \"fr\") altLabels iscoGroup { code preferredLabel parent { code parent { code parent { code parent { code } } } } } } }",
            json!({ "uri": TECHNICAL_DIRECTOR }),
            "en",
        )
        .await;
        let occupation = &found["occupation"];
        assert_eq!(occupation["preferredLabel"], "technical director");
        assert_ne!(
            occupation["fr"], "technical director",
            "{db:?}: French label"
        );
        let group = &occupation["iscoGroup"];
        assert_eq!(group["code"], "2166");
        assert_eq!(group["parent"]["code"], "216");
        assert_eq!(group["parent"]["parent"]["parent"]["code"], "2");
        assert!(group["parent"]["parent"]["parent"]["parent"].is_null());

        let welders = data(&app, r#"{ occupations(iscoGroup: "7212", first: 50) { totalCount edges { node { iscoGroup { code } } } } }"#, json!({}), "en").await;
        let edges = welders["occupations"]["edges"].as_array().unwrap();
        assert!(!edges.is_empty());
        assert_eq!(welders["occupations"]["totalCount"], edges.len());
        assert!(
            edges
                .iter()
                .all(|e| e["node"]["iscoGroup"]["code"] == "7212")
        );
        let managers = data(
            &app,
            r#"{ occupations(iscoGroup: "1", first: 0) { totalCount } }"#,
            json!({}),
            "en",
        )
        .await;
        assert!(managers["occupations"]["totalCount"].as_u64().unwrap() > edges.len() as u64);

        let analysts = data(&app, r#"{ occupations(query: "ICT security administrator", first: 1) { edges { node { skills { relation skill { uri } } essentialSkills { uri } } } } }"#, json!({}), "en").await;
        let node = &analysts["occupations"]["edges"][0]["node"];
        assert!(
            !node["skills"].as_array().unwrap().is_empty(),
            "{db:?}: the sample's occupation skills"
        );
        assert!(
            node["skills"]
                .as_array()
                .unwrap()
                .iter()
                .all(|s| s["relation"] == "UNSPECIFIED")
        );
        app.stop().await;
    }
}

#[tokio::test]
async fn shortage_lists_apply_to_covered_regions() {
    for db in databases() {
        let app = spawn_app_with(db, |_| {}).await;
        let list =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/shortages.csv");
        let imported = skillbridge_server::import_shortages(app.config.clone(), &list)
            .await
            .unwrap();
        assert_eq!(imported, 4);
        let query = r#"query($region: String!, $on: Date) { shortageOccupations(region: $region, on: $on) { nodes { region iscoCode severity current iscoGroup { preferredLabel } } } }"#;
        let bavaria = data(
            &app,
            query,
            json!({ "region": "de-by", "on": "2024-06-01" }),
            "en",
        )
        .await;
        let entries = bavaria["shortageOccupations"]["nodes"].as_array().unwrap();
        let regions: Vec<&str> = entries
            .iter()
            .map(|e| e["region"].as_str().unwrap())
            .collect();
        assert_eq!(regions, ["DE", "DE-BY", "EU"], "{db:?}");
        assert_eq!(
            entries[2]["iscoGroup"]["preferredLabel"],
            "Welders and flamecutters"
        );

        // Paged two at a time, the same three in the same order.
        let paged = r#"query($after: String) { shortageOccupations(region: "DE-BY", on: "2024-06-01", first: 2, after: $after) {
            totalCount pageInfo { hasNextPage endCursor } nodes { region } } }"#;
        let first = data(&app, paged, json!({}), "en").await;
        let first = &first["shortageOccupations"];
        assert_eq!(first["totalCount"], 3, "{db:?}: {first}");
        assert_eq!(first["pageInfo"]["hasNextPage"], true);
        assert_eq!(
            first["nodes"],
            json!([{ "region": "DE" }, { "region": "DE-BY" }])
        );
        let rest = data(
            &app,
            paged,
            json!({ "after": first["pageInfo"]["endCursor"] }),
            "en",
        )
        .await;
        assert_eq!(
            rest["shortageOccupations"]["nodes"],
            json!([{ "region": "EU" }])
        );
        assert_eq!(
            rest["shortageOccupations"]["pageInfo"]["hasNextPage"],
            false
        );

        let later = data(
            &app,
            query,
            json!({ "region": "DE-BY", "on": "2026-06-01" }),
            "en",
        )
        .await;
        let regions: Vec<&str> = later["shortageOccupations"]["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["region"].as_str().unwrap())
            .collect();
        assert_eq!(
            regions,
            ["DE-BY"],
            "only the open-ended list is still in force"
        );

        let norway = data(
            &app,
            query,
            json!({ "region": "NO", "on": "2024-06-01" }),
            "en",
        )
        .await;
        assert_eq!(
            norway["shortageOccupations"]["nodes"],
            json!([]),
            "EU lists do not cover Norway"
        );
        app.stop().await;
    }
}

#[tokio::test]
async fn languages_and_cefr_levels() {
    let app = spawn_app_with(common::Db::Sqlite, |_| {}).await;
    let found = data(
        &app,
        "{ languages { code name escoSkill { preferredLabel } } cefrLevels { level band } }",
        json!({}),
        "en",
    )
    .await;
    let languages = found["languages"].as_array().unwrap();
    assert_eq!(languages.len(), 183);
    let hungarian = languages.iter().find(|l| l["code"] == "hu").unwrap();
    assert_eq!(hungarian["escoSkill"]["preferredLabel"], "Hungarian");
    let tigrinya = languages.iter().find(|l| l["code"] == "ti").unwrap();
    assert!(
        tigrinya["escoSkill"].is_null(),
        "ESCO has no Tigrinya skill"
    );
    let levels: Vec<&str> = found["cefrLevels"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["level"].as_str().unwrap())
        .collect();
    assert_eq!(levels, ["A1", "A2", "B1", "B2", "C1", "C2"]);
    app.stop().await;
}

#[tokio::test]
async fn bad_arguments_are_user_errors() {
    let app = spawn_app_with(common::Db::Sqlite, |_| {}).await;
    for query in [
        "{ skills(first: -1) { totalCount } }",
        "{ skills(first: 1000) { totalCount } }",
        r#"{ skills(after: "not-a-cursor") { totalCount } }"#,
        r#"{ skills(lang: "not a language") { totalCount } }"#,
        r#"{ occupations(iscoGroup: "abc") { totalCount } }"#,
        r#"{ shortageOccupations(region: "Europe") { nodes { region } } }"#,
        r#"{ node(id: "garbage") { id } }"#,
    ] {
        assert_eq!(error_code(&app, query).await, "BAD_USER_INPUT", "{query}");
    }
    let unknown = data(
        &app,
        r#"{ skill(uri: "http://data.europa.eu/esco/skill/none") { uri } }"#,
        json!({}),
        "en",
    )
    .await;
    assert!(unknown["skill"].is_null());
    app.stop().await;
}
