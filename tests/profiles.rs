//! A migrant's profile over HTTP on each database: created on first change, partial
//! updates, skills and languages, and a table of bad inputs that each give a userError
//! with field and code and change nothing.

mod common;

use common::{TestApp, databases, spawn_app_with};
use serde_json::{Value, json};

const WRITE_HUNGARIAN: &str =
    "http://data.europa.eu/esco/skill/01f10952-cb59-4347-9aee-d4fbc51c870a";
const PROFILE: &str =
    "{ myProfile { displayName contactEmail birthYear countryOfOrigin arrivalDate rightToWork
    location { placeName countryCode region latitude longitude } mobilityRadiusKm willingToRelocate
    intendedStay visibility tracks skills { skill { uri preferredLabel } proficiency evidence }
    languages { language { code name } level motherTongue } } }";

async fn call(app: &TestApp, query: &str, variables: Value, token: &str) -> Value {
    app.call(query, variables, Some(token)).await
}

async fn migrant(app: &TestApp) -> String {
    app.register("amina@example.org", "MIGRANT", "Amina").await
}

const UPDATE: &str = "mutation($input: UpdateMyProfileInput!) { updateMyProfile(input: $input) { profile { displayName } userErrors { field code message } } }";

#[tokio::test]
async fn build_a_profile_step_by_step() {
    for db in databases() {
        let app = spawn_app_with(db, |_| {}).await;
        let token = migrant(&app).await;
        let empty = call(&app, PROFILE, json!({}), &token).await;
        assert!(
            empty["data"]["myProfile"].is_null(),
            "{db:?}: no profile before the first change"
        );

        let input = json!({
            "contactEmail": "amina.private@example.org", "birthYear": 1998, "countryOfOrigin": "ml",
            "arrivalDate": "2023-04-01", "rightToWork": "PENDING",
            "location": { "placeName": "München", "countryCode": "de", "region": "de-by", "latitude": 48.137, "longitude": 11.575 },
            "mobilityRadiusKm": 40, "intendedStay": "SETTLED", "visibility": "ANONYMISED", "tracks": ["WOMEN", "YOUTH"]
        });
        let saved = call(&app, UPDATE, json!({ "input": input }), &token).await;
        assert_eq!(
            saved["data"]["updateMyProfile"]["userErrors"],
            json!([]),
            "{db:?}: {saved}"
        );
        assert_eq!(
            saved["data"]["updateMyProfile"]["profile"]["displayName"], "Amina",
            "named after the account"
        );

        // YOUTH needs the birth year: clearing it while in the track is refused, and the
        // whole update with it.
        let refused = call(
            &app,
            UPDATE,
            json!({ "input": { "mobilityRadiusKm": 80, "birthYear": null } }),
            &token,
        )
        .await;
        assert_eq!(
            refused["data"]["updateMyProfile"]["userErrors"][0]["code"], "NOT_ELIGIBLE",
            "{db:?}: {refused}"
        );

        // A partial update changes only what it names; null clears.
        let partial = call(
            &app,
            UPDATE,
            json!({ "input": { "mobilityRadiusKm": 80, "arrivalDate": null } }),
            &token,
        )
        .await;
        assert_eq!(partial["data"]["updateMyProfile"]["userErrors"], json!([]));

        for (query, variables) in [
            (
                "mutation($uri: String!) { addProfileSkill(input: { skillUri: $uri, proficiency: ADVANCED }) { userErrors { code } } }",
                json!({ "uri": WRITE_HUNGARIAN }),
            ),
            (
                "mutation { setProfileLanguage(input: { language: \"ar\", level: \"c2\", motherTongue: true }) { userErrors { code } } }",
                json!({}),
            ),
            (
                "mutation { setProfileLanguage(input: { language: \"DE\", level: \"A2\" }) { userErrors { code } } }",
                json!({}),
            ),
            (
                "mutation { setProfileLanguage(input: { language: \"de\", level: \"B1\" }) { userErrors { code } } }",
                json!({}),
            ),
        ] {
            let body = call(&app, query, variables, &token).await;
            let payload = body["data"].as_object().unwrap().values().next().unwrap();
            assert_eq!(payload["userErrors"], json!([]), "{db:?}: {query}: {body}");
        }

        let profile = call(&app, PROFILE, json!({}), &token).await;
        let p = &profile["data"]["myProfile"];
        assert_eq!(
            p["contactEmail"], "amina.private@example.org",
            "{db:?}: {profile}"
        );
        assert_eq!(p["birthYear"], 1998, "the refused update changed nothing");
        assert_eq!(p["arrivalDate"], Value::Null, "cleared");
        assert_eq!(p["mobilityRadiusKm"], 80);
        assert_eq!(p["countryOfOrigin"], "ML");
        assert_eq!(p["location"]["region"], "DE-BY");
        assert_eq!(p["location"]["latitude"], 48.137);
        assert_eq!(p["visibility"], "ANONYMISED");
        assert_eq!(p["tracks"], json!(["YOUTH", "WOMEN"]));
        assert_eq!(p["skills"][0]["skill"]["preferredLabel"], "write Hungarian");
        assert_eq!(p["skills"][0]["evidence"], "SELF_DECLARED");
        let languages: Vec<(String, String)> = p["languages"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| {
                (
                    l["language"]["code"].as_str().unwrap().into(),
                    l["level"].as_str().unwrap().into(),
                )
            })
            .collect();
        assert_eq!(
            languages,
            [("ar".into(), "C2".into()), ("de".into(), "B1".into())]
        );

        let removed = call(&app, "mutation($uri: String!) { removeProfileSkill(input: { skillUri: $uri }) { userErrors { code } } }", json!({ "uri": WRITE_HUNGARIAN }), &token).await;
        assert_eq!(
            removed["data"]["removeProfileSkill"]["userErrors"],
            json!([])
        );
        let again = call(&app, "mutation($uri: String!) { removeProfileSkill(input: { skillUri: $uri }) { userErrors { code } } }", json!({ "uri": WRITE_HUNGARIAN }), &token).await;
        assert_eq!(
            again["data"]["removeProfileSkill"]["userErrors"][0]["code"],
            "NOT_ON_PROFILE"
        );
        app.stop().await;
    }
}

#[tokio::test]
async fn bad_inputs_are_user_errors_and_change_nothing() {
    for db in databases() {
        let app = spawn_app_with(db, |_| {}).await;
        let token = migrant(&app).await;
        call(
            &app,
            UPDATE,
            json!({ "input": { "mobilityRadiusKm": 25, "visibility": "VISIBLE" } }),
            &token,
        )
        .await;
        let before = call(&app, PROFILE, json!({}), &token).await;

        let long = "x".repeat(201);
        let updates = [
            (
                json!({ "displayName": "   " }),
                "displayName",
                "INVALID_DISPLAY_NAME",
            ),
            (
                json!({ "contactEmail": "amina at home" }),
                "contactEmail",
                "INVALID_EMAIL",
            ),
            (
                json!({ "birthYear": 2024 }),
                "birthYear",
                "INVALID_BIRTH_YEAR",
            ),
            (
                json!({ "countryOfOrigin": "Syria" }),
                "countryOfOrigin",
                "INVALID_COUNTRY_CODE",
            ),
            (
                json!({ "arrivalDate": "2999-01-01" }),
                "arrivalDate",
                "DATE_IN_FUTURE",
            ),
            (
                json!({ "location": { "latitude": 91, "longitude": 10 } }),
                "location.latitude",
                "OUT_OF_RANGE",
            ),
            (
                json!({ "location": { "latitude": 48 } }),
                "location",
                "INCOMPLETE_COORDINATES",
            ),
            (
                json!({ "location": { "countryCode": "DE", "region": "FR-75" } }),
                "location.region",
                "INVALID_REGION",
            ),
            (
                json!({ "location": { "placeName": long } }),
                "location.placeName",
                "TOO_LONG",
            ),
            (
                json!({ "mobilityRadiusKm": -1, "visibility": "PRIVATE" }),
                "mobilityRadiusKm",
                "OUT_OF_RANGE",
            ),
        ];
        for (input, field, code) in updates {
            let body = call(&app, UPDATE, json!({ "input": input }), &token).await;
            let payload = &body["data"]["updateMyProfile"];
            assert!(payload["profile"].is_null(), "{db:?}: {input}: {body}");
            let errors = payload["userErrors"].as_array().unwrap();
            assert!(
                errors
                    .iter()
                    .any(|e| e["field"] == field && e["code"] == code),
                "{db:?}: {input}: {body}"
            );
        }
        let skill = "mutation($uri: String!, $evidence: Evidence! = SELF_DECLARED) { addProfileSkill(input: { skillUri: $uri, proficiency: BASIC, evidence: $evidence }) { userErrors { field code } } }";
        for (variables, field, code) in [
            (
                json!({ "uri": "http://data.europa.eu/esco/skill/does-not-exist" }),
                "skillUri",
                "UNKNOWN_SKILL",
            ),
            (
                json!({ "uri": "http://data.europa.eu/esco/skill/ddd3596a-43f3-402e-960a-5f79362a8609", "evidence": "CERTIFIED" }),
                "evidence",
                "EVIDENCE_NOT_ALLOWED",
            ),
        ] {
            let body = call(&app, skill, variables, &token).await;
            let error = &body["data"]["addProfileSkill"]["userErrors"][0];
            assert_eq!(
                (error["field"].as_str(), error["code"].as_str()),
                (Some(field), Some(code)),
                "{db:?}: {body}"
            );
        }
        let language = "mutation($language: String!, $level: String!) { setProfileLanguage(input: { language: $language, level: $level }) { userErrors { field code } } }";
        for (variables, field, code) in [
            (
                json!({ "language": "de", "level": "B3" }),
                "level",
                "INVALID_CEFR_LEVEL",
            ),
            (
                json!({ "language": "german", "level": "B1" }),
                "language",
                "INVALID_LANGUAGE",
            ),
        ] {
            let body = call(&app, language, variables, &token).await;
            let error = &body["data"]["setProfileLanguage"]["userErrors"][0];
            assert_eq!(
                (error["field"].as_str(), error["code"].as_str()),
                (Some(field), Some(code)),
                "{db:?}: {body}"
            );
        }
        let after = call(&app, PROFILE, json!({}), &token).await;
        assert_eq!(after, before, "{db:?}: nothing was half-written");
        app.stop().await;
    }
}
