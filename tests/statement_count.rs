//! A page of vacancies, courses or a caseworker's clients costs the same number of SQL
//! statements whatever its size: one batch per relation, through the request's DataLoader. Counted from
//! sqlx's own statement log (target `sqlx::query`), on each database. This file is its own
//! test binary with one test, so nothing else runs statements while it counts.

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};

use common::{TestApp, databases, spawn_app_with};
use serde_json::{Value, json};
use tracing::Subscriber;
use tracing_subscriber::filter::Targets;
use tracing_subscriber::layer::{Context, Layer, SubscriberExt};
use tracing_subscriber::registry::LookupSpan;
use tracing_subscriber::util::SubscriberInitExt;

static STATEMENTS: AtomicUsize = AtomicUsize::new(0);

struct CountStatements;

impl<S: Subscriber + for<'a> LookupSpan<'a>> Layer<S> for CountStatements {
    fn on_event(&self, event: &tracing::Event<'_>, ctx: Context<'_, S>) {
        // The search indexer polls its outbox and the change stream's followers poll the
        // stream in the background: not the request's work.
        let background = ctx.event_scope(event).is_some_and(|mut scope| {
            scope.any(|span| matches!(span.name(), "search_indexer" | "change_follower"))
        });
        if event.metadata().target() == "sqlx::query" && !background {
            STATEMENTS.fetch_add(1, Ordering::SeqCst);
        }
    }
}

const COURSES: &str = "query($first: Int!) { courses(first: $first) { totalCount
    edges { node { id title organisation { name } skills { skill { uri preferredLabel } level }
      languages { code } cohorts { nodes { startsOn seats } } } } } }";
const PAGE: &str = "query($first: Int!) { vacancies(first: $first) { totalCount
    edges { node { id title organisation { name } occupation { uri preferredLabel } isShortage
      skills { skill { uri preferredLabel } importance minProficiency }
      languages { language { code name } minLevel } tracks inclusionSupport } }
    pageInfo { hasNextPage endCursor } } }";

async fn call(app: &TestApp, query: &str, variables: Value, token: Option<&str>) -> Value {
    app.call(query, variables, token).await
}

/// Statements run by one request, and its response.
async fn counted(app: &TestApp, query: &str, variables: Value) -> (usize, Value) {
    STATEMENTS.store(0, Ordering::SeqCst);
    let body = call(app, query, variables, None).await;
    (STATEMENTS.load(Ordering::SeqCst), body)
}

fn uris(body: &Value, field: &str) -> Vec<String> {
    body["data"][field]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["uri"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn a_page_costs_a_constant_number_of_statements() {
    tracing_subscriber::registry()
        .with(
            CountStatements.with_filter(
                Targets::new()
                    .with_target("sqlx::query", tracing::Level::TRACE)
                    .with_target("skillbridge_app::indexer", tracing::Level::INFO),
            ),
        )
        .init();
    for db in databases() {
        let app = spawn_app_with(db, |_| {}).await;
        let skills = uris(
            &call(
                &app,
                "{ skills(first: 40) { edges { node { uri } } } }",
                json!({}),
                None,
            )
            .await,
            "skills",
        );
        let occupations = uris(
            &call(
                &app,
                "{ occupations(first: 12) { edges { node { uri } } } }",
                json!({}),
                None,
            )
            .await,
            "occupations",
        );
        let mut employers = Vec::new();
        for n in 0..3 {
            let token = app
                .register(&format!("employer{n}@example.org"), "EMPLOYER", "Recruiter")
                .await;
            let org = call(&app, "mutation($n: String!) { createOrganisation(input: { kind: EMPLOYER, name: $n }) { organisation { id } } }", json!({ "n": format!("Employer {n}") }), Some(&token)).await;
            let org = org["data"]["createOrganisation"]["organisation"]["id"]
                .as_str()
                .unwrap()
                .to_owned();
            employers.push((token, org));
        }
        for i in 0..60 {
            let (token, org) = &employers[i % employers.len()];
            let input = json!({
                "organisationId": org, "title": format!("Vacancy {i}"), "occupationUri": occupations[i % occupations.len()],
                "contractType": "PERMANENT", "positions": 1,
                "location": { "placeName": "Nürnberg", "countryCode": "DE", "region": "DE-BY", "latitude": 49.45, "longitude": 11.08 },
                "skills": (0..3).map(|k| json!({ "skillUri": skills[(i + k * 7) % skills.len()], "importance": if k == 0 { "ESSENTIAL" } else { "OPTIONAL" } })).collect::<Vec<_>>(),
                "languages": [{ "language": "de", "minLevel": "B1" }, { "language": "en", "minLevel": "A2" }],
                "tracks": ["YOUTH"], "inclusionSupport": ["MENTORING"]
            });
            let created = call(&app, "mutation($input: CreateVacancyInput!) { createVacancy(input: $input) { vacancy { id } userErrors { field code } } }", json!({ "input": input }), Some(token)).await;
            let id = created["data"]["createVacancy"]["vacancy"]["id"]
                .as_str()
                .unwrap_or_else(|| panic!("{db:?}: {created}"))
                .to_owned();
            let published = call(&app, "mutation($id: ID!) { publishVacancy(input: { vacancyId: $id }) { userErrors { code } } }", json!({ "id": id }), Some(token)).await;
            assert_eq!(
                published["data"]["publishVacancy"]["userErrors"],
                json!([]),
                "{db:?}"
            );
        }

        // Search has taken in every vacancy, so its indexer is idle while the test counts.
        app.search_settled().await;
        let (small, body) = counted(&app, PAGE, json!({ "first": 5 })).await;
        assert!(body.get("errors").is_none(), "{db:?}: {body}");
        assert_eq!(
            body["data"]["vacancies"]["edges"].as_array().unwrap().len(),
            5
        );
        let (large, body) = counted(&app, PAGE, json!({ "first": 50 })).await;
        assert!(body.get("errors").is_none(), "{db:?}: {body}");
        let edges = body["data"]["vacancies"]["edges"].as_array().unwrap();
        assert_eq!(edges.len(), 50);
        for edge in edges {
            let node = &edge["node"];
            assert_eq!(
                node["skills"].as_array().unwrap().len(),
                3,
                "{db:?}: {node}"
            );
            assert!(
                node["skills"][0]["skill"]["preferredLabel"]
                    .as_str()
                    .is_some_and(|l| !l.is_empty())
            );
            assert!(
                node["occupation"]["preferredLabel"]
                    .as_str()
                    .is_some_and(|l| !l.is_empty())
            );
            assert_eq!(node["languages"].as_array().unwrap().len(), 2);
            assert!(node["organisation"]["name"].as_str().is_some());
        }
        println!("{db:?}: {small} statements for 5 vacancies, {large} for 50");
        let (small_courses, large_courses) = course_pages(&app, &skills).await;
        println!("{db:?}: {small_courses} statements for 5 courses, {large_courses} for 50");
        assert_eq!(small_courses, large_courses, "{db:?}: courses alike");
        // The count and the page, then skills taught, skills, labels, providers,
        // languages and cohorts.
        assert!(large_courses <= 8, "{db:?}: {large_courses} for courses");
        assert!(small > 0, "{db:?}: the statement log is counted");
        assert_eq!(
            small, large,
            "{db:?}: the page size does not change the statement count"
        );
        assert!(
            large <= 14,
            "{db:?}: one statement per relation, {large} in all"
        );
        let (small_caseload, large_caseload) = caseload_pages(&app, &skills, &occupations).await;
        println!("{db:?}: {small_caseload} statements for 5 clients, {large_caseload} for 50");
        assert_eq!(small_caseload, large_caseload, "{db:?}: caseloads alike");
        // The organisation and the caseworker's memberships; the count, the page, the
        // profiles and their tracks; the page's entry in the clients' access logs (one
        // insert); then skills, skill labels, languages, qualifications, experience,
        // desired occupations, the occupations and their labels.
        assert!(
            large_caseload <= 15,
            "{db:?}: {large_caseload} for a caseload"
        );
        app.stop().await;
    }
}

/// Statements run by one request of the holder of `token`, and its response.
async fn counted_as(app: &TestApp, query: &str, variables: Value, token: &str) -> (usize, Value) {
    STATEMENTS.store(0, Ordering::SeqCst);
    let body = call(app, query, variables, Some(token)).await;
    (STATEMENTS.load(Ordering::SeqCst), body)
}

const CASELOAD: &str =
    "query($c: ID!, $first: Int!) { caseload(organisationId: $c, first: $first) {
    totalCount nodes { displayName skills { skill { uri preferredLabel } proficiency }
      languages { language { code } level } qualifications { title } workExperience { title years }
      desiredOccupations { uri preferredLabel } } } }";

/// Statements for a caseworker's page of 5 clients and one of 50, with each client's
/// skills, languages, qualifications, experience and desired occupations.
async fn caseload_pages(
    app: &TestApp,
    skills: &[String],
    occupations: &[String],
) -> (usize, usize) {
    let caseworker = app
        .register("caseworker@example.org", "CASEWORKER", "Caseworker")
        .await;
    let centre = call(app, "mutation { createOrganisation(input: { kind: SUPPORT_ORGANISATION, name: \"Centre\" }) { organisation { id } } }", json!({}), Some(&caseworker)).await;
    let centre = centre["data"]["createOrganisation"]["organisation"]["id"].clone();
    for i in 0..55 {
        let client = app
            .register(&format!("client{i}@example.org"), "MIGRANT", "Client")
            .await;
        for (mutation, variables) in [
            (
                "mutation { updateMyProfile(input: { mobilityRadiusKm: 20 }) { userErrors { code } } }",
                json!({}),
            ),
            (
                "mutation($s: String!) { addProfileSkill(input: { skillUri: $s, proficiency: INTERMEDIATE }) { userErrors { code } } }",
                json!({ "s": skills[i % skills.len()] }),
            ),
            (
                "mutation { setProfileLanguage(input: { language: \"de\", level: \"B1\" }) { userErrors { code } } }",
                json!({}),
            ),
            (
                "mutation { saveQualification(input: { title: \"Diploma\" }) { userErrors { code } } }",
                json!({}),
            ),
            (
                "mutation { saveWorkExperience(input: { title: \"Cook\", kind: WAGED, years: 2 }) { userErrors { code } } }",
                json!({}),
            ),
            (
                "mutation($o: [String!]!) { setDesiredOccupations(input: { occupationUris: $o }) { userErrors { code } } }",
                json!({ "o": [occupations[i % occupations.len()]] }),
            ),
            (
                "mutation($c: ID!) { grantDelegation(input: { organisationId: $c }) { userErrors { code } } }",
                json!({ "c": centre }),
            ),
        ] {
            let body = call(app, mutation, variables, Some(&client)).await;
            let payload = body["data"].as_object().and_then(|d| d.values().next());
            assert_eq!(
                payload.map(|p| &p["userErrors"]),
                Some(&json!([])),
                "{body}"
            );
        }
    }
    let (small, body) = counted_as(
        app,
        CASELOAD,
        json!({ "c": centre, "first": 5 }),
        &caseworker,
    )
    .await;
    assert!(body.get("errors").is_none(), "{body}");
    let (large, body) = counted_as(
        app,
        CASELOAD,
        json!({ "c": centre, "first": 50 }),
        &caseworker,
    )
    .await;
    let clients = body["data"]["caseload"]["nodes"].as_array().unwrap();
    assert_eq!(clients.len(), 50, "{body}");
    for client in clients {
        assert_eq!(client["skills"].as_array().unwrap().len(), 1, "{client}");
        assert!(
            client["skills"][0]["skill"]["preferredLabel"]
                .as_str()
                .is_some_and(|l| !l.is_empty())
        );
        assert_eq!(client["languages"][0]["level"], "B1");
        assert_eq!(client["qualifications"][0]["title"], "Diploma");
        assert_eq!(client["workExperience"][0]["years"], 2.0);
        assert!(
            client["desiredOccupations"][0]["preferredLabel"]
                .as_str()
                .is_some_and(|l| !l.is_empty())
        );
    }
    (small, large)
}

/// Statements for a page of 5 courses and one of 50, with everything a course card shows.
async fn course_pages(app: &TestApp, skills: &[String]) -> (usize, usize) {
    let token = app
        .register("trainer@example.org", "TRAINER", "Trainer")
        .await;
    let org = call(app, "mutation { createOrganisation(input: { kind: TRAINING_PROVIDER, name: \"Academy\" }) { organisation { id } } }", json!({}), Some(&token)).await;
    let org = org["data"]["createOrganisation"]["organisation"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    for i in 0..55 {
        let input = json!({
            "organisationId": org, "title": format!("Course {i}"), "mode": "HYBRID",
            "location": { "placeName": "Wien", "countryCode": "AT" },
            "skills": (0..2).map(|k| json!({ "skillUri": skills[(i + k * 5) % skills.len()], "level": "INTERMEDIATE" })).collect::<Vec<_>>(),
            "languages": ["de", "ar"]
        });
        let created = call(app, "mutation($input: CreateCourseInput!) { createCourse(input: $input) { course { id } userErrors { field code } } }", json!({ "input": input }), Some(&token)).await;
        let id = created["data"]["createCourse"]["course"]["id"]
            .as_str()
            .unwrap_or_else(|| panic!("{created}"))
            .to_owned();
        let cohort = call(app, "mutation($id: ID!) { addCohort(input: { courseId: $id, startsOn: \"2027-03-01\", endsOn: \"2027-05-31\", seats: 12 }) { userErrors { code } } }", json!({ "id": id }), Some(&token)).await;
        assert_eq!(
            cohort["data"]["addCohort"]["userErrors"],
            json!([]),
            "{cohort}"
        );
    }
    // Search has taken in every course, so its indexer is idle while the test counts.
    app.search_settled().await;
    let (small, body) = counted(app, COURSES, json!({ "first": 5 })).await;
    assert!(body.get("errors").is_none(), "{body}");
    let (large, body) = counted(app, COURSES, json!({ "first": 50 })).await;
    let edges = body["data"]["courses"]["edges"].as_array().unwrap();
    assert_eq!(edges.len(), 50, "{body}");
    for edge in edges {
        let node = &edge["node"];
        assert_eq!(node["skills"].as_array().unwrap().len(), 2, "{node}");
        assert!(
            node["skills"][0]["skill"]["preferredLabel"]
                .as_str()
                .is_some_and(|l| !l.is_empty())
        );
        assert_eq!(node["cohorts"]["nodes"][0]["seats"], 12);
        assert_eq!(node["organisation"]["name"], "Academy");
    }
    (small, large)
}
