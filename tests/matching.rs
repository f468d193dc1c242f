//! `matchVacancies` over HTTP on each database: open vacancies ranked for a person with
//! their explanations, hard limits applied, stable keyset pages, the index current after
//! publishing and closing, and loaded from the database when a server starts.

mod common;

use common::{TestApp, databases, spawn_app_with};
use serde_json::{Value, json};

async fn call(app: &TestApp, query: &str, variables: Value, token: &str) -> Value {
    app.call(query, variables, Some(token)).await
}

const MATCHES: &str =
    "query($first: Int, $after: String) { matchVacancies(first: $first, after: $after) {
    totalCount edges { cursor node { score vacancy { title }
      explanation { requirements { status } languages { required held credit } distanceKm
        factors { name contribution } improvements { skill { uri } } } } }
    pageInfo { hasNextPage endCursor } } }";

fn titles(body: &Value) -> Vec<String> {
    body["data"]["matchVacancies"]["edges"]
        .as_array()
        .unwrap_or_else(|| panic!("{body}"))
        .iter()
        .map(|e| e["node"]["vacancy"]["title"].as_str().unwrap().to_owned())
        .collect()
}

async fn publish(
    app: &TestApp,
    employer: &str,
    org: &Value,
    title: &str,
    skill: &str,
    german: &str,
    place: (f64, f64),
) -> Value {
    let input = json!({
        "organisationId": org, "title": title, "contractType": "PERMANENT",
        "location": { "countryCode": "DE", "latitude": place.0, "longitude": place.1 },
        "skills": [{ "skillUri": skill, "importance": "ESSENTIAL", "minProficiency": "INTERMEDIATE" }],
        "languages": [{ "language": "de", "minLevel": german }]
    });
    let created = call(
        app,
        "mutation($i: CreateVacancyInput!) { createVacancy(input: $i) { vacancy { id } } }",
        json!({ "i": input }),
        employer,
    )
    .await;
    let id = created["data"]["createVacancy"]["vacancy"]["id"].clone();
    call(
        app,
        "mutation($v: ID!) { publishVacancy(input: { vacancyId: $v }) { userErrors { code } } }",
        json!({ "v": id }),
        employer,
    )
    .await;
    id
}

const BERLIN: (f64, f64) = (52.52, 13.405);

#[tokio::test]
async fn open_vacancies_ranked_for_a_person() {
    for db in databases() {
        let app = spawn_app_with(db, |_| {}).await;
        let skills = app
            .call(
                "{ skills(first: 2) { edges { node { uri } } } }",
                json!({}),
                None,
            )
            .await;
        let s: Vec<String> = skills["data"]["skills"]["edges"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["node"]["uri"].as_str().unwrap().to_owned())
            .collect();
        let person = app.register("amina@example.org", "MIGRANT", "Amina").await;
        call(&app, "mutation { updateMyProfile(input: { rightToWork: YES, mobilityRadiusKm: 50,
            location: { countryCode: \"DE\", latitude: 52.52, longitude: 13.405 } }) { userErrors { code } } }", json!({}), &person).await;
        call(&app, "mutation($s: String!) { addProfileSkill(input: { skillUri: $s, proficiency: ADVANCED }) { userErrors { code } } }", json!({ "s": s[0] }), &person).await;
        call(&app, "mutation { setProfileLanguage(input: { language: \"de\", level: \"B1\" }) { userErrors { code } } }", json!({}), &person).await;

        let employer = app.register("hr@example.org", "EMPLOYER", "HR").await;
        let org = call(&app, "mutation { createOrganisation(input: { kind: EMPLOYER, name: \"Care\" }) { organisation { id } } }", json!({}), &employer).await;
        let org = org["data"]["createOrganisation"]["organisation"]["id"].clone();
        let b1 = publish(&app, &employer, &org, "German B1", &s[0], "B1", BERLIN).await;
        publish(&app, &employer, &org, "German C1", &s[0], "C1", BERLIN).await;
        publish(
            &app,
            &employer,
            &org,
            "Far away",
            &s[0],
            "B1",
            (48.1374, 11.5755),
        )
        .await;
        publish(&app, &employer, &org, "Other skill", &s[1], "B1", BERLIN).await;

        let refused = call(&app, MATCHES, json!({}), &person).await;
        assert_eq!(
            refused["errors"][0]["extensions"]["code"], "FORBIDDEN",
            "{db:?}: consent first"
        );
        call(&app, "mutation { setConsent(input: { purpose: MATCHING, granted: true }) { consents { granted } } }", json!({}), &person).await;

        let all = call(&app, MATCHES, json!({ "first": 10 }), &person).await;
        assert_eq!(titles(&all), ["German B1", "German C1"], "{db:?}: {all}");
        assert_eq!(
            all["data"]["matchVacancies"]["totalCount"], 2,
            "the far one is beyond reach, the other asks nothing the person can do"
        );
        let best = &all["data"]["matchVacancies"]["edges"][0]["node"];
        assert_eq!(best["explanation"]["requirements"][0]["status"], "MET");
        let second = &all["data"]["matchVacancies"]["edges"][1]["node"];
        assert_eq!(second["explanation"]["languages"][0]["held"], "B1");
        assert_eq!(second["explanation"]["languages"][0]["required"], "C1");
        assert!(best["score"].as_f64().unwrap() > second["score"].as_f64().unwrap());

        // Pages follow each other by score and id.
        let page = call(&app, MATCHES, json!({ "first": 1 }), &person).await;
        assert_eq!(titles(&page), ["German B1"]);
        assert_eq!(
            page["data"]["matchVacancies"]["pageInfo"]["hasNextPage"],
            true
        );
        let cursor = page["data"]["matchVacancies"]["pageInfo"]["endCursor"].clone();
        let next = call(
            &app,
            MATCHES,
            json!({ "first": 1, "after": cursor }),
            &person,
        )
        .await;
        assert_eq!(titles(&next), ["German C1"], "{db:?}: {next}");
        let bad = call(&app, MATCHES, json!({ "after": "nonsense" }), &person).await;
        assert_eq!(bad["errors"][0]["extensions"]["code"], "BAD_USER_INPUT");

        // Closing takes a vacancy out at once.
        call(
            &app,
            "mutation($v: ID!) { closeVacancy(input: { vacancyId: $v }) { userErrors { code } } }",
            json!({ "v": b1 }),
            &employer,
        )
        .await;
        let after_close = call(&app, MATCHES, json!({}), &person).await;
        assert_eq!(titles(&after_close), ["German C1"], "{db:?}");

        // A server that starts later loads the open vacancies from the database.
        let data_dir = app.data_dir.path().to_path_buf();
        let database_url = app.config.database.url.clone();
        let later = spawn_app_with(db, move |config| {
            config.data_dir = data_dir;
            config.database.url = database_url;
        })
        .await;
        let loaded = call(&later, MATCHES, json!({}), &person).await;
        assert_eq!(titles(&loaded), ["German C1"], "{db:?}: {loaded}");
        later.stop().await;
        app.stop().await;
    }
}
