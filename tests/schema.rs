//! The exported SDL matches the code, and every example operation in `graphql/operations/`
//! executes without errors.

mod common;

use std::collections::HashMap;
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

/// The accounts and records the examples refer to: one signed-in account per role, and the
/// ids that `$PLACEHOLDER` strings in the variables files stand for.
struct Fixture {
    tokens: HashMap<&'static str, String>,
    placeholders: Vec<(&'static str, String)>,
}

async fn fixture(app: &common::TestApp) -> Fixture {
    let mut tokens = HashMap::new();
    for role in ["MIGRANT", "EMPLOYER", "TRAINER", "CASEWORKER"] {
        let email = format!("examples-{}@example.org", role.to_lowercase());
        tokens.insert(role, app.register(&email, role, "Examples").await);
    }
    tokens.insert("ADMIN", app.admin("examples-admin@example.org").await);
    let organisation = |kind: &'static str, role: &'static str| {
        let token = tokens[role].clone();
        async move {
            let body = app
                .call(
                    "mutation($kind: OrganisationKind!) { createOrganisation(input: { kind: $kind, name: \"Examples\" }) { organisation { id } } }",
                    json!({ "kind": kind }),
                    Some(&token),
                )
                .await;
            body["data"]["createOrganisation"]["organisation"]["id"]
                .as_str()
                .unwrap_or_else(|| panic!("{body}"))
                .to_owned()
        }
    };
    let employer = organisation("EMPLOYER", "EMPLOYER").await;
    let provider = organisation("TRAINING_PROVIDER", "TRAINER").await;
    let centre = organisation("SUPPORT_ORGANISATION", "CASEWORKER").await;
    // A client of the centre without an account yet: the centre may do everything for them.
    let client = app
        .call(
            "mutation($c: ID!) { createClientProfile(input: { organisationId: $c, displayName: \"Client\" }) { profile { id } } }",
            json!({ "c": centre }),
            Some(&tokens["CASEWORKER"]),
        )
        .await;
    let vacancy = app
        .call(
            "mutation($org: ID!) { createVacancy(input: { organisationId: $org, title: \"Cook\", contractType: PERMANENT, location: { countryCode: \"DE\" } }) { vacancy { id } } }",
            json!({ "org": employer }),
            Some(&tokens["EMPLOYER"]),
        )
        .await;
    let course = app
        .call(
            "mutation($org: ID!) { createCourse(input: { organisationId: $org, title: \"German A2\", mode: ONLINE, languages: [\"de\"] }) { course { id } } }",
            json!({ "org": provider }),
            Some(&tokens["TRAINER"]),
        )
        .await;
    let open = app
        .call(
            "mutation($org: ID!) { createVacancy(input: { organisationId: $org, title: \"Baker\", contractType: PERMANENT, location: { countryCode: \"DE\" } }) { vacancy { id } } }",
            json!({ "org": employer }),
            Some(&tokens["EMPLOYER"]),
        )
        .await;
    let open = open["data"]["createVacancy"]["vacancy"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    app.call(
        "mutation($id: ID!) { publishVacancy(input: { vacancyId: $id }) { userErrors { code } } }",
        json!({ "id": open }),
        Some(&tokens["EMPLOYER"]),
    )
    .await;
    let cohort = app
        .call(
            "mutation($c: ID!) { addCohort(input: { courseId: $c, startsOn: \"2027-03-01\", seats: 12 }) { cohort { id } } }",
            json!({ "c": course["data"]["createCourse"]["course"]["id"] }),
            Some(&tokens["TRAINER"]),
        )
        .await;
    // The migrant has a profile, as anyone applying or enrolling does, and consents to
    // matching, and is in the ENTREPRENEURSHIP track with a venture.
    app.call(
        "mutation { updateMyProfile(input: { mobilityRadiusKm: 30, tracks: [ENTREPRENEURSHIP] }) { userErrors { code } } }",
        json!({}),
        Some(&tokens["MIGRANT"]),
    )
    .await;
    app.call(
        "mutation { setConsent(input: { purpose: MATCHING, granted: true }) { consents { granted } } }",
        json!({}),
        Some(&tokens["MIGRANT"]),
    )
    .await;
    let venture = app
        .call(
            "mutation { saveVenture(input: { name: \"Examples\", sector: TRADE, stage: IDEA }) { venture { id } } }",
            json!({}),
            Some(&tokens["MIGRANT"]),
        )
        .await;
    // A trainer mentors in her own name.
    let mentor = app
        .call(
            "mutation { offerMentoring(input: { sectors: [EDUCATION], languages: [\"de\", \"ar\"] }) { mentorOffer { mentorId } } }",
            json!({}),
            Some(&tokens["TRAINER"]),
        )
        .await;
    let id = |body: &Value, path: [&str; 3]| {
        body["data"][path[0]][path[1]][path[2]]
            .as_str()
            .unwrap_or_else(|| panic!("{body}"))
            .to_owned()
    };
    Fixture {
        placeholders: vec![
            ("$EMPLOYER_ORGANISATION_ID", employer),
            ("$PROVIDER_ORGANISATION_ID", provider),
            ("$SUPPORT_ORGANISATION_ID", centre),
            (
                "$CLIENT_PROFILE_ID",
                id(&client, ["createClientProfile", "profile", "id"]),
            ),
            (
                "$DRAFT_VACANCY_ID",
                id(&vacancy, ["createVacancy", "vacancy", "id"]),
            ),
            ("$COURSE_ID", id(&course, ["createCourse", "course", "id"])),
            ("$OPEN_VACANCY_ID", open),
            ("$COHORT_ID", id(&cohort, ["addCohort", "cohort", "id"])),
            (
                "$VENTURE_ID",
                id(&venture, ["saveVenture", "venture", "id"]),
            ),
            (
                "$MENTOR_ID",
                id(&mentor, ["offerMentoring", "mentorOffer", "mentorId"]),
            ),
        ],
        tokens,
    }
}

/// Every example runs as the role its first line names (`# as: EMPLOYER`; a migrant when
/// it names none), with placeholders in its variables replaced by the fixture's ids.
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
    let fixture = fixture(&app).await;
    for path in operations {
        let query = std::fs::read_to_string(&path).unwrap();
        let role = query
            .lines()
            .next()
            .and_then(|line| line.strip_prefix("# as: "))
            .map_or("MIGRANT", str::trim);
        let token = fixture
            .tokens
            .get(role)
            .unwrap_or_else(|| panic!("{}: no fixture account for {role}", path.display()));
        let variables_path = path.with_extension("variables.json");
        let variables: Value = match std::fs::read_to_string(&variables_path) {
            Ok(mut text) => {
                for (placeholder, value) in &fixture.placeholders {
                    text = text.replace(placeholder, value);
                }
                assert!(
                    !text.contains("\"$"),
                    "{}: unknown placeholder",
                    variables_path.display()
                );
                serde_json::from_str(&text).unwrap()
            }
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
        // A payload's userErrors must be empty too: the examples are meant to work.
        for payload in body["data"].as_object().unwrap().values() {
            if let Some(errors) = payload.get("userErrors") {
                assert_eq!(errors, &json!([]), "{}: {body}", path.display());
            }
        }
    }
    app.stop().await;
}
