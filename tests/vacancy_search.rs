//! Vacancy and course search over HTTP on each database: text with typos, every filter,
//! facets, orders, pages, and visibility (a draft never reaches the public, whatever the
//! index holds).

mod common;

use common::{TestApp, setups, spawn_app_for};
use serde_json::{Value, json};

const CREATE: &str = "mutation($input: CreateVacancyInput!) { createVacancy(input: $input) { vacancy { id } userErrors { field code message } } }";
const PUBLISH: &str = "mutation($id: ID!) { publishVacancy(input: { vacancyId: $id }) { vacancy { status } userErrors { code } } }";
const CLOSE: &str = "mutation($id: ID!) { closeVacancy(input: { vacancyId: $id }) { vacancy { status } userErrors { code } } }";
const SEARCH: &str =
    "query($q: String, $f: VacancyFilter, $o: VacancyOrder, $first: Int, $after: String) {
    vacancies(query: $q, filter: $f, orderBy: $o, first: $first, after: $after) {
      totalCount facets { field values { value count } }
      pageInfo { hasNextPage endCursor }
      edges { node { title status } } } }";

async fn occupation_in(app: &TestApp, group: &str) -> String {
    let found = app
        .call(
            "query($g: String!) { occupations(iscoGroup: $g, first: 1) { edges { node { uri } } } }",
            json!({ "g": group }),
            None,
        )
        .await;
    found["data"]["occupations"]["edges"][0]["node"]["uri"]
        .as_str()
        .unwrap_or_else(|| panic!("no occupation in ISCO group {group}: {found}"))
        .to_owned()
}

/// A new account of `role` with a new organisation of `kind` it belongs to: token and
/// organisation id.
async fn member(
    app: &TestApp,
    email: &str,
    role: &str,
    kind: &str,
    name: &str,
) -> (String, String) {
    let token = app.register(email, role, "Staff").await;
    let org = app
        .call(
            "mutation($kind: OrganisationKind!, $name: String!) { createOrganisation(input: { kind: $kind, name: $name }) { organisation { id } } }",
            json!({ "kind": kind, "name": name }),
            Some(&token),
        )
        .await;
    let org = org["data"]["createOrganisation"]["organisation"]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("{org}"))
        .to_owned();
    (token, org)
}

async fn create(app: &TestApp, token: &str, input: Value, publish: bool) -> String {
    let created = app
        .call(CREATE, json!({ "input": input }), Some(token))
        .await;
    assert_eq!(
        created["data"]["createVacancy"]["userErrors"],
        json!([]),
        "{created}"
    );
    let id = created["data"]["createVacancy"]["vacancy"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    if publish {
        let published = app.call(PUBLISH, json!({ "id": id }), Some(token)).await;
        assert_eq!(
            published["data"]["publishVacancy"]["vacancy"]["status"], "OPEN",
            "{published}"
        );
    }
    id
}

async fn search(app: &TestApp, token: Option<&str>, variables: Value) -> Value {
    let body = app.call(SEARCH, variables, token).await;
    assert!(body["errors"].is_null(), "{body}");
    body["data"]["vacancies"].clone()
}

fn titles(found: &Value) -> Vec<String> {
    found["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["title"].as_str().unwrap().to_owned())
        .collect()
}

fn facet(found: &Value, field: &str) -> Value {
    let facets = found["facets"].as_array().unwrap();
    let facet = facets
        .iter()
        .find(|f| f["field"] == field)
        .unwrap_or_else(|| panic!("no {field} facet in {found}"));
    facet["values"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| (v["value"].as_str().unwrap().to_owned(), v["count"].clone()))
        .collect::<serde_json::Map<_, _>>()
        .into()
}

#[tokio::test]
async fn vacancies_are_searched_filtered_faceted_and_ordered() {
    for setup in setups() {
        let db = &setup;
        let app = spawn_app_for(&setup).await;
        let (token, org) = member(&app, "hr@example.org", "EMPLOYER", "EMPLOYER", "Südwerk").await;
        let welder = occupation_in(&app, "7212").await;
        let nurse = occupation_in(&app, "2221").await;
        let list =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/shortages.csv");
        skillbridge_server::import_shortages(app.config.clone(), &list)
            .await
            .unwrap();

        create(&app, &token, json!({
            "organisationId": org, "title": "Welder (m/f/d)", "occupationUri": welder,
            "location": { "placeName": "Nürnberg", "countryCode": "DE", "region": "DE-BY", "latitude": 49.45, "longitude": 11.08 },
            "contractType": "PERMANENT", "closesOn": "2027-02-01", "tracks": ["WOMEN"],
            "languages": [{ "language": "de", "minLevel": "A2" }]
        }), true).await;
        create(&app, &token, json!({
            "organisationId": org, "title": "Pflegefachkraft Intensivstation", "occupationUri": nurse,
            "location": { "placeName": "München", "countryCode": "DE", "region": "DE-BY", "latitude": 48.14, "longitude": 11.58 },
            "contractType": "PART_TIME", "closesOn": "2027-01-15", "tracks": ["YOUTH"],
            "languages": [{ "language": "de", "minLevel": "B2" }]
        }), true).await;
        create(&app, &token, json!({
            "organisationId": org, "title": "Remote support agent", "description": "Help customers by chat in Arabic and English.",
            "location": { "placeName": "Berlin", "countryCode": "DE", "latitude": 52.52, "longitude": 13.40 },
            "contractType": "FIXED_TERM", "remote": true
        }), true).await;
        create(
            &app,
            &token,
            json!({
                "organisationId": org, "title": "Welding assistant", "occupationUri": welder,
                "location": { "countryCode": "DE" }, "contractType": "APPRENTICESHIP"
            }),
            false,
        )
        .await;
        // The shortage list was imported outside a request: wait for the indexer.
        app.search_settled().await;

        // Text with a typo; the draft that matches too is not public.
        let found = search(&app, None, json!({ "q": "welter" })).await;
        assert_eq!(titles(&found), ["Welder (m/f/d)"], "{db:?}: {found}");
        assert_eq!(found["totalCount"], 1);
        // The occupation's labels are searched too (the title does not say "nurse").
        let found = search(&app, None, json!({ "q": "nurse" })).await;
        assert_eq!(
            titles(&found),
            ["Pflegefachkraft Intensivstation"],
            "{db:?}: {found}"
        );
        // The description is searched; an unfinished last word matches as a prefix.
        let found = search(&app, None, json!({ "q": "arabic cust" })).await;
        assert_eq!(titles(&found), ["Remote support agent"], "{db:?}: {found}");
        // The employer sees its draft among its own vacancies.
        let own = search(
            &app,
            Some(&token),
            json!({ "q": "weld", "f": { "organisationId": org } }),
        )
        .await;
        assert_eq!(own["totalCount"], 2, "{db:?}: {own}");

        // Facets count over all matches, whatever the page size.
        let all = search(&app, None, json!({ "first": 1 })).await;
        assert_eq!(all["totalCount"], 3, "{db:?}: {all}");
        assert_eq!(
            facet(&all, "contractType"),
            json!({ "PERMANENT": 1, "PART_TIME": 1, "FIXED_TERM": 1 })
        );
        assert_eq!(facet(&all, "iscoMajorGroup"), json!({ "2": 1, "7": 1 }));
        assert_eq!(facet(&all, "track"), json!({ "WOMEN": 1, "YOUTH": 1 }));
        assert_eq!(facet(&all, "shortage"), json!({ "false": 2, "true": 1 }));
        // Newest first without a query; pages follow on.
        assert_eq!(titles(&all), ["Remote support agent"]);
        let next = search(
            &app,
            None,
            json!({ "first": 2, "after": all["pageInfo"]["endCursor"] }),
        )
        .await;
        assert_eq!(
            titles(&next),
            ["Pflegefachkraft Intensivstation", "Welder (m/f/d)"]
        );
        assert_eq!(next["pageInfo"]["hasNextPage"], false);

        for (filter, expected) in [
            (
                json!({ "contractTypes": ["PART_TIME", "FIXED_TERM"] }),
                vec!["Remote support agent", "Pflegefachkraft Intensivstation"],
            ),
            (
                json!({ "tracks": ["YOUTH"] }),
                vec!["Pflegefachkraft Intensivstation"],
            ),
            (json!({ "remote": true }), vec!["Remote support agent"]),
            (json!({ "iscoGroup": "72" }), vec!["Welder (m/f/d)"]),
            (json!({ "occupationUri": welder }), vec!["Welder (m/f/d)"]),
            (
                json!({ "shortageOnly": true }),
                vec!["Pflegefachkraft Intensivstation"],
            ),
            (
                json!({ "within": { "latitude": 49.45, "longitude": 11.08, "km": 100 } }),
                vec!["Welder (m/f/d)"],
            ),
            (
                json!({ "meetsLanguages": [{ "language": "de", "level": "B1" }] }),
                vec!["Remote support agent", "Welder (m/f/d)"],
            ),
            (
                json!({ "meetsLanguages": [{ "language": "de", "level": "c1" }, { "language": "ar", "level": "C2" }] }),
                vec![
                    "Remote support agent",
                    "Pflegefachkraft Intensivstation",
                    "Welder (m/f/d)",
                ],
            ),
            (
                json!({ "meetsLanguages": [] }),
                vec!["Remote support agent"],
            ),
            (json!({ "postedSince": "2100-01-01T00:00:00Z" }), vec![]),
        ] {
            let found = search(&app, None, json!({ "f": filter })).await;
            assert_eq!(titles(&found), expected, "{db:?}: {filter}: {found}");
            assert_eq!(found["totalCount"], expected.len(), "{db:?}: {filter}");
        }

        // Orders: closing soonest (none last), nearest.
        let closing = search(&app, None, json!({ "o": "CLOSING_DATE" })).await;
        assert_eq!(
            titles(&closing),
            [
                "Pflegefachkraft Intensivstation",
                "Welder (m/f/d)",
                "Remote support agent"
            ]
        );
        let nearest = search(&app, None, json!({ "o": "DISTANCE", "f": { "within": { "latitude": 52.5, "longitude": 13.4, "km": 1000 } } })).await;
        assert_eq!(
            titles(&nearest),
            [
                "Remote support agent",
                "Welder (m/f/d)",
                "Pflegefachkraft Intensivstation"
            ]
        );

        // Bad requests say what is wrong.
        for (variables, says) in [
            (json!({ "o": "DISTANCE" }), "filter.within"),
            (json!({ "f": { "iscoGroup": "7x" } }), "iscoGroup"),
            (
                json!({ "f": { "within": { "latitude": 91, "longitude": 0, "km": 5 } } }),
                "latitude",
            ),
            (
                json!({ "f": { "within": { "latitude": 48, "longitude": 11, "km": 0 } } }),
                "radius",
            ),
            (
                json!({ "f": { "meetsLanguages": [{ "language": "xx", "level": "B1" }] } }),
                "meetsLanguages",
            ),
            (
                json!({ "f": { "meetsLanguages": [{ "language": "de", "level": "B3" }] } }),
                "meetsLanguages",
            ),
            (json!({ "after": "bm90IGEgY3Vyc29y" }), "cursor"),
        ] {
            let body = app.call(SEARCH, variables.clone(), None).await;
            assert_eq!(
                body["errors"][0]["extensions"]["code"], "BAD_USER_INPUT",
                "{db:?}: {variables}: {body}"
            );
            assert!(
                body["errors"][0]["message"]
                    .as_str()
                    .unwrap()
                    .contains(says),
                "{body}"
            );
        }
        let drafts = app
            .call(SEARCH, json!({ "f": { "status": "DRAFT" } }), None)
            .await;
        assert_eq!(
            drafts["errors"][0]["extensions"]["code"], "FORBIDDEN",
            "{drafts}"
        );

        // A closed vacancy leaves public search at once.
        let welder_id = app
            .call(
                "{ vacancies(query: \"welder\") { edges { node { id } } } }",
                json!({}),
                None,
            )
            .await;
        let welder_id = welder_id["data"]["vacancies"]["edges"][0]["node"]["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let closed = app
            .call(CLOSE, json!({ "id": welder_id }), Some(&token))
            .await;
        assert_eq!(
            closed["data"]["closeVacancy"]["vacancy"]["status"], "CLOSED",
            "{closed}"
        );
        let found = search(&app, None, json!({ "q": "welder" })).await;
        assert_eq!(found["totalCount"], 0, "{db:?}: {found}");
        app.stop().await;
    }
}

const COURSE: &str = "mutation($input: CreateCourseInput!) { createCourse(input: $input) { course { id } userErrors { field code message } } }";
const COHORT: &str = "mutation($input: AddCohortInput!) { addCohort(input: $input) { cohort { id } userErrors { field code } } }";
const COURSES: &str = "query($q: String, $f: CourseFilter, $o: CourseOrder) {
    courses(query: $q, filter: $f, orderBy: $o) { totalCount facets { field values { value count } } edges { node { title } } } }";

#[tokio::test]
async fn courses_are_searched_filtered_faceted_and_ordered() {
    for setup in setups() {
        let db = &setup;
        let app = spawn_app_for(&setup).await;
        let (token, org) = member(
            &app,
            "school@example.org",
            "TRAINER",
            "TRAINING_PROVIDER",
            "Bildungswerk",
        )
        .await;
        let mut ids = Vec::new();
        for (input, cohort) in [
            (
                json!({ "organisationId": org, "title": "German for care work", "mode": "IN_PERSON",
                "location": { "placeName": "Wien", "countryCode": "AT", "latitude": 48.21, "longitude": 16.37 },
                "childcare": true, "languages": ["de", "ar"], "tracks": ["WOMEN"] }),
                ("2027-01-10", 1),
            ),
            (
                json!({ "organisationId": org, "title": "Forklift licence", "mode": "ONLINE",
                "cost": { "amount": 45000, "currency": "EUR" }, "languages": ["en"] }),
                ("2027-06-01", 10),
            ),
            (
                json!({ "organisationId": org, "title": "Welding basics", "mode": "IN_PERSON",
                "location": { "placeName": "Graz", "countryCode": "AT", "latitude": 47.07, "longitude": 15.44 },
                "languages": ["de"] }),
                ("2020-01-01", 5),
            ),
        ] {
            let created = app
                .call(COURSE, json!({ "input": input }), Some(&token))
                .await;
            assert_eq!(
                created["data"]["createCourse"]["userErrors"],
                json!([]),
                "{db:?}: {created}"
            );
            let id = created["data"]["createCourse"]["course"]["id"]
                .as_str()
                .unwrap()
                .to_owned();
            let added = app
                .call(
                    COHORT,
                    json!({ "input": { "courseId": id, "startsOn": cohort.0, "seats": cohort.1 } }),
                    Some(&token),
                )
                .await;
            assert_eq!(
                added["data"]["addCohort"]["userErrors"],
                json!([]),
                "{db:?}: {added}"
            );
            ids.push(id);
        }
        let courses = |variables: Value| {
            let app = &app;
            async move {
                let body = app.call(COURSES, variables, None).await;
                assert!(body["errors"].is_null(), "{body}");
                body["data"]["courses"].clone()
            }
        };

        let found = courses(json!({ "q": "forklft" })).await;
        assert_eq!(titles(&found), ["Forklift licence"], "{db:?}: {found}");
        let all = courses(json!({})).await;
        assert_eq!(all["totalCount"], 3);
        assert_eq!(facet(&all, "mode"), json!({ "IN_PERSON": 2, "ONLINE": 1 }));
        assert_eq!(
            facet(&all, "language"),
            json!({ "de": 2, "ar": 1, "en": 1 })
        );
        assert_eq!(facet(&all, "free"), json!({ "true": 2, "false": 1 }));
        // The Graz cohort started long ago: no seats to be had there.
        assert_eq!(
            facet(&all, "hasFreeSeats"),
            json!({ "true": 2, "false": 1 })
        );
        for (filter, expected) in [
            (
                json!({ "freeOnly": true }),
                vec!["Welding basics", "German for care work"],
            ),
            (json!({ "childcare": true }), vec!["German for care work"]),
            (
                json!({ "languages": ["en", "ar"] }),
                vec!["Forklift licence", "German for care work"],
            ),
            (json!({ "modes": ["ONLINE"] }), vec!["Forklift licence"]),
            (json!({ "tracks": ["WOMEN"] }), vec!["German for care work"]),
            (
                json!({ "startsBefore": "2027-02-01" }),
                vec!["German for care work"],
            ),
            (
                json!({ "hasFreeSeats": true }),
                vec!["Forklift licence", "German for care work"],
            ),
            (
                json!({ "within": { "latitude": 47.07, "longitude": 15.44, "km": 50 } }),
                vec!["Welding basics"],
            ),
        ] {
            let found = courses(json!({ "f": filter })).await;
            assert_eq!(titles(&found), expected, "{db:?}: {filter}: {found}");
        }
        let soon = courses(json!({ "o": "STARTING_SOON" })).await;
        assert_eq!(
            titles(&soon),
            ["German for care work", "Forklift licence", "Welding basics"]
        );

        // The one seat of the Vienna cohort is taken: the course has no free seat left.
        let migrant = app.register("amira@example.org", "MIGRANT", "Amira").await;
        let profile = app.call("mutation { updateMyProfile(input: { displayName: \"Amira\", tracks: [WOMEN] }) { userErrors { code } } }", json!({}), Some(&migrant)).await;
        assert_eq!(
            profile["data"]["updateMyProfile"]["userErrors"],
            json!([]),
            "{profile}"
        );
        let cohort = app
            .call(
                "query($id: ID!) { course(id: $id) { cohorts { nodes { id } } } }",
                json!({ "id": ids[0] }),
                None,
            )
            .await;
        let cohort = cohort["data"]["course"]["cohorts"]["nodes"][0]["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let enrolled = app.call("mutation($c: ID!) { enrol(input: { cohortId: $c }) { enrolment { status } userErrors { code message } } }", json!({ "c": cohort }), Some(&migrant)).await;
        assert_eq!(
            enrolled["data"]["enrol"]["enrolment"]["status"], "CONFIRMED",
            "{db:?}: {enrolled}"
        );
        let found = courses(json!({ "f": { "hasFreeSeats": true } })).await;
        assert_eq!(titles(&found), ["Forklift licence"], "{db:?}: {found}");
        app.stop().await;
    }
}

/// Search down (Meilisearch unreachable): employers still create and publish, searches
/// say UNAVAILABLE without internals, the changes wait in the outbox, and the process
/// stays ready.
#[tokio::test]
async fn writes_go_on_while_search_is_down() {
    let app = common::spawn_app_with(common::Db::Sqlite, |config| {
        config.search.backend = skillbridge_server::config::SearchBackend::Meilisearch;
        // The discard port: nothing listens there.
        config.search.url = "http://127.0.0.1:9".into();
    })
    .await;
    let (token, org) = member(&app, "hr@example.org", "EMPLOYER", "EMPLOYER", "Südwerk").await;
    create(&app, &token, json!({
        "organisationId": org, "title": "Welder (m/f/d)", "location": { "countryCode": "DE" }, "contractType": "PERMANENT"
    }), true).await;
    for query in [
        "{ vacancies(query: \"welder\") { totalCount } }",
        "{ courses { totalCount } }",
        "{ skills(query: \"weld\") { totalCount } }",
    ] {
        let body = app.call(query, json!({}), None).await;
        assert_eq!(
            body["errors"][0]["extensions"]["code"], "UNAVAILABLE",
            "{body}"
        );
        let message = body["errors"][0]["message"].as_str().unwrap();
        assert!(!message.contains("127.0.0.1"), "no internals: {message}");
    }
    let response = app.client.get(app.url("/readyz")).send().await.unwrap();
    assert_eq!(
        response.status(),
        200,
        "search down does not make the process unready"
    );
    let ready: Value = response.json().await.unwrap();
    assert_eq!(ready["status"], "ready");
    assert!(
        ready["checks"]["search"]["outboxPending"].as_u64().unwrap() >= 2,
        "the vacancy's changes wait: {ready}"
    );
    app.stop().await;
}

/// Vacancies are searched by their skills' labels: a taxonomy import that renames a skill
/// re-indexes them, so the new name finds the vacancy.
#[tokio::test]
async fn a_renamed_skill_finds_the_vacancies_that_ask_for_it() {
    const HUNGARIAN: &str = "http://data.europa.eu/esco/skill/ddd3596a-43f3-402e-960a-5f79362a8609";
    let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("crates/taxonomy/tests/fixtures/esco");
    let renamed = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(&fixture).unwrap() {
        let entry = entry.unwrap();
        let mut text = std::fs::read_to_string(entry.path()).unwrap();
        if entry.file_name() == "skills_en.csv" {
            text = text.replacen(",Hungarian,,", ",Quokka grooming,,", 1);
        }
        std::fs::write(renamed.path().join(entry.file_name()), text).unwrap();
    }
    for setup in setups() {
        let db = &setup;
        let app = spawn_app_for(&setup).await;
        let (token, org) =
            member(&app, "hr@example.org", "EMPLOYER", "EMPLOYER", "Dolmetsch").await;
        create(&app, &token, json!({
            "organisationId": org, "title": "Interpreter", "location": { "countryCode": "AT" }, "contractType": "PART_TIME",
            "skills": [{ "skillUri": HUNGARIAN, "importance": "ESSENTIAL" }]
        }), true).await;
        let before = search(&app, None, json!({ "q": "quokka" })).await;
        assert_eq!(before["totalCount"], 0, "{db:?}: {before}");
        let found = search(&app, None, json!({ "q": "hungarian" })).await;
        assert_eq!(titles(&found), ["Interpreter"], "{db:?}: {found}");

        skillbridge_server::import_esco(app.config.clone(), renamed.path())
            .await
            .unwrap();
        // The import ran outside a request: wait for the indexer.
        app.search_settled().await;
        let after = search(&app, None, json!({ "q": "quokka groming" })).await;
        assert_eq!(titles(&after), ["Interpreter"], "{db:?}: {after}");
        app.stop().await;
    }
}
