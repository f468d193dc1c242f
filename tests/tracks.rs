//! The youth, women and entrepreneurship tracks over HTTP on each database: who may be in
//! them, what their opportunity lists put first, the boost in `matchVacancies`, and the
//! filter that narrows it.

mod common;

use common::{TestApp, databases, spawn_app_with};
use serde_json::{Value, json};

async fn call(app: &TestApp, query: &str, variables: Value, token: &str) -> Value {
    app.call(query, variables, Some(token)).await
}

async fn vacancy(
    app: &TestApp,
    employer: &str,
    org: &Value,
    title: &str,
    skill: &str,
    extra: Value,
) {
    let mut input = json!({
        "organisationId": org, "title": title, "contractType": "PERMANENT",
        "location": { "countryCode": "DE", "latitude": 52.52, "longitude": 13.405 },
        "skills": [{ "skillUri": skill, "importance": "ESSENTIAL" }]
    });
    input
        .as_object_mut()
        .unwrap()
        .extend(extra.as_object().unwrap().clone());
    let created = call(
        app,
        "mutation($i: CreateVacancyInput!) { createVacancy(input: $i) { vacancy { id } userErrors { code message } } }",
        json!({ "i": input }),
        employer,
    )
    .await;
    let id = created["data"]["createVacancy"]["vacancy"]["id"].clone();
    assert!(id.is_string(), "{created}");
    call(
        app,
        "mutation($v: ID!) { publishVacancy(input: { vacancyId: $v }) { userErrors { code } } }",
        json!({ "v": id }),
        employer,
    )
    .await;
}

async fn course(app: &TestApp, trainer: &str, provider: &Value, title: &str, extra: Value) {
    let mut input = json!({ "organisationId": provider, "title": title, "mode": "ONLINE", "languages": ["de"] });
    input
        .as_object_mut()
        .unwrap()
        .extend(extra.as_object().unwrap().clone());
    let created = call(app, "mutation($i: CreateCourseInput!) { createCourse(input: $i) { course { id } userErrors { code message } } }", json!({ "i": input }), trainer).await;
    let id = created["data"]["createCourse"]["course"]["id"].clone();
    assert!(id.is_string(), "{created}");
    call(app, "mutation($c: ID!) { addCohort(input: { courseId: $c, startsOn: \"2030-03-01\", seats: 10 }) { userErrors { code } } }", json!({ "c": id }), trainer).await;
}

const OPPORTUNITIES: &str = "{ youth: youthOpportunities { track eligible reason
    vacancies { score vacancy { title } explanation { trackMatch } } courses { course { title } nextCohort { startsOn } } }
  women: womenOpportunities { eligible vacancies { vacancy { title } } courses { course { title } } } }";

fn titles(list: &Value, path: &str) -> Vec<String> {
    let mut found: Vec<String> = list
        .as_array()
        .unwrap_or_else(|| panic!("{list}"))
        .iter()
        .map(|e| e[path]["title"].as_str().unwrap().to_owned())
        .collect();
    found.sort();
    found
}

#[tokio::test]
async fn tracks_put_their_own_opportunities_first() {
    for db in databases() {
        let app = spawn_app_with(db, |_| {}).await;
        let skills = app
            .call(
                "{ skills(first: 1) { edges { node { uri } } } }",
                json!({}),
                None,
            )
            .await;
        let skill = skills["data"]["skills"]["edges"][0]["node"]["uri"]
            .as_str()
            .unwrap()
            .to_owned();

        let employer = app.register("hr@example.org", "EMPLOYER", "HR").await;
        let org = call(&app, "mutation { createOrganisation(input: { kind: EMPLOYER, name: \"Care\" }) { organisation { id } } }", json!({}), &employer).await;
        let org = org["data"]["createOrganisation"]["organisation"]["id"].clone();
        vacancy(
            &app,
            &employer,
            &org,
            "Apprentice",
            &skill,
            json!({ "contractType": "APPRENTICESHIP" }),
        )
        .await;
        vacancy(&app, &employer, &org, "Plain", &skill, json!({})).await;
        vacancy(
            &app,
            &employer,
            &org,
            "With childcare",
            &skill,
            json!({ "inclusionSupport": ["CHILDCARE"] }),
        )
        .await;
        vacancy(
            &app,
            &employer,
            &org,
            "First job",
            &skill,
            json!({ "tracks": ["YOUTH"] }),
        )
        .await;

        let trainer = app.register("trainer@example.org", "TRAINER", "T").await;
        let provider = call(&app, "mutation { createOrganisation(input: { kind: TRAINING_PROVIDER, name: \"School\" }) { organisation { id } } }", json!({}), &trainer).await;
        let provider = provider["data"]["createOrganisation"]["organisation"]["id"].clone();
        course(
            &app,
            &trainer,
            &provider,
            "Youth course",
            json!({ "tracks": ["YOUTH"] }),
        )
        .await;
        course(
            &app,
            &trainer,
            &provider,
            "Childcare course",
            json!({ "childcare": true }),
        )
        .await;
        course(&app, &trainer, &provider, "Plain course", json!({})).await;

        let young = app.register("young@example.org", "MIGRANT", "Young").await;
        let saved = call(&app, "mutation { updateMyProfile(input: { birthYear: 2003, tracks: [YOUTH, WOMEN], rightToWork: YES,
            mobilityRadiusKm: 50, location: { countryCode: \"DE\", latitude: 52.5, longitude: 13.4 } }) { userErrors { code } } }", json!({}), &young).await;
        assert_eq!(
            saved["data"]["updateMyProfile"]["userErrors"],
            json!([]),
            "{saved}"
        );
        call(&app, "mutation($s: String!) { addProfileSkill(input: { skillUri: $s, proficiency: ADVANCED }) { userErrors { code } } }", json!({ "s": skill }), &young).await;
        let refused = call(&app, OPPORTUNITIES, json!({}), &young).await;
        assert_eq!(
            refused["errors"][0]["extensions"]["code"], "FORBIDDEN",
            "{db:?}: consent to MATCHING first"
        );
        call(&app, "mutation { setConsent(input: { purpose: MATCHING, granted: true }) { consents { granted } } }", json!({}), &young).await;

        let lists = call(&app, OPPORTUNITIES, json!({}), &young).await;
        let youth = &lists["data"]["youth"];
        assert_eq!(youth["eligible"], true, "{db:?}: {lists}");
        assert_eq!(
            titles(&youth["vacancies"], "vacancy"),
            ["Apprentice", "First job"]
        );
        assert_eq!(youth["vacancies"][0]["explanation"]["trackMatch"], true);
        assert_eq!(titles(&youth["courses"], "course"), ["Youth course"]);
        let women = &lists["data"]["women"];
        assert_eq!(titles(&women["vacancies"], "vacancy"), ["With childcare"]);
        assert_eq!(titles(&women["courses"], "course"), ["Childcare course"]);

        // In the full list the track's vacancies rank above an otherwise equal one.
        let all = call(
            &app,
            "{ matchVacancies(first: 10) { edges { node { vacancy { title } } } } }",
            json!({}),
            &young,
        )
        .await;
        let order: Vec<&str> = all["data"]["matchVacancies"]["edges"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["node"]["vacancy"]["title"].as_str().unwrap())
            .collect();
        assert_eq!(order.len(), 4, "{db:?}: {all}");
        assert_eq!(order[3], "Plain", "{db:?}: {order:?}");

        // The filter narrows without changing scores.
        let filtered = call(&app, "{ matchVacancies(filter: { contractTypes: [APPRENTICESHIP] }) { totalCount edges { node { vacancy { title } } } } }", json!({}), &young).await;
        assert_eq!(
            filtered["data"]["matchVacancies"]["totalCount"], 1,
            "{filtered}"
        );
        assert_eq!(
            filtered["data"]["matchVacancies"]["edges"][0]["node"]["vacancy"]["title"],
            "Apprentice"
        );
        let favoured = call(
            &app,
            "{ matchVacancies(filter: { favouredBy: WOMEN }) { totalCount } }",
            json!({}),
            &young,
        )
        .await;
        assert_eq!(
            favoured["data"]["matchVacancies"]["totalCount"], 1,
            "{favoured}"
        );

        // YOUTH is for ages 15 to 29 by birth year.
        let older = app.register("older@example.org", "MIGRANT", "Older").await;
        let refused = call(&app, "mutation { updateMyProfile(input: { birthYear: 1980, tracks: [YOUTH] }) { userErrors { field code message } } }", json!({}), &older).await;
        assert_eq!(
            refused["data"]["updateMyProfile"]["userErrors"][0]["code"], "NOT_ELIGIBLE",
            "{refused}"
        );
        call(
            &app,
            "mutation { updateMyProfile(input: { birthYear: 1980 }) { userErrors { code } } }",
            json!({}),
            &older,
        )
        .await;
        call(&app, "mutation { setConsent(input: { purpose: MATCHING, granted: true }) { consents { granted } } }", json!({}), &older).await;
        let not_young = call(&app, OPPORTUNITIES, json!({}), &older).await;
        assert_eq!(not_young["data"]["youth"]["eligible"], false, "{not_young}");
        assert!(
            not_young["data"]["youth"]["reason"]
                .as_str()
                .unwrap()
                .contains("15 to 29")
        );
        assert_eq!(not_young["data"]["youth"]["vacancies"], json!([]));
        app.stop().await;
    }
}
