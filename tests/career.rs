//! Qualifications, work experience and desired occupations over HTTP on each database: the
//! person edits their own, a caseworker edits a client's under delegation, bad inputs are
//! userErrors that change nothing, and the export holds everything.

mod common;

use common::{TestApp, databases, spawn_app_with};
use serde_json::{Value, json};

const BAKER: &str = "http://data.europa.eu/esco/occupation/1aadb308-432a-4d01-b54b-b4f7f76dd419";
const NURSE: &str = "http://data.europa.eu/esco/occupation/18e14e61-495b-44cc-a7c6-df4c625934ba";
const COOK: &str = "http://data.europa.eu/esco/occupation/11e6d39e-1295-40e7-8eea-3eb042bc7e34";

const CAREER: &str = "{ myProfile {
    qualifications { id title eqfLevel countryCode recognitionStatus }
    workExperience { id occupation { uri preferredLabel } title kind years countryCode }
    desiredOccupations { uri } } }";
const SAVE_QUALIFICATION: &str =
    "mutation($input: SaveQualificationInput!) { saveQualification(input: $input) {
    profile { id } userErrors { field code message } } }";
const SAVE_EXPERIENCE: &str =
    "mutation($input: SaveWorkExperienceInput!) { saveWorkExperience(input: $input) {
    profile { id } userErrors { field code message } } }";
const SET_DESIRED: &str =
    "mutation($input: SetDesiredOccupationsInput!) { setDesiredOccupations(input: $input) {
    userErrors { field code message } } }";

async fn call(app: &TestApp, query: &str, variables: Value, token: &str) -> Value {
    app.call(query, variables, Some(token)).await
}

fn errors(body: &Value, mutation: &str) -> Vec<(String, String)> {
    body["data"][mutation]["userErrors"]
        .as_array()
        .unwrap_or_else(|| panic!("no userErrors in {body}"))
        .iter()
        .map(|e| {
            (
                e["field"].as_str().unwrap_or_default().to_owned(),
                e["code"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

#[tokio::test]
async fn a_person_records_their_career_and_takes_it_with_them() {
    for db in databases() {
        let app = spawn_app_with(db, |_| {}).await;
        let token = app
            .register("oksana@example.org", "MIGRANT", "Oksana")
            .await;

        let added = call(&app, SAVE_QUALIFICATION, json!({ "input": {
            "title": "  Junior nurse diploma ", "eqfLevel": 5, "countryCode": "ua", "recognitionStatus": "IN_PROGRESS"
        } }), &token).await;
        assert_eq!(
            errors(&added, "saveQualification"),
            vec![],
            "{db:?}: {added}"
        );
        for experience in [
            json!({ "occupationUri": NURSE, "kind": "WAGED", "years": 6, "countryCode": "UA" }),
            json!({ "title": "Family bakery", "kind": "UNPAID", "years": 2.5 }),
        ] {
            let saved = call(
                &app,
                SAVE_EXPERIENCE,
                json!({ "input": experience }),
                &token,
            )
            .await;
            assert_eq!(
                errors(&saved, "saveWorkExperience"),
                vec![],
                "{db:?}: {saved}"
            );
        }
        let desired = call(
            &app,
            SET_DESIRED,
            json!({ "input": { "occupationUris": [NURSE, BAKER] } }),
            &token,
        )
        .await;
        assert_eq!(errors(&desired, "setDesiredOccupations"), vec![]);

        let career = call(&app, CAREER, json!({}), &token).await;
        let profile = &career["data"]["myProfile"];
        let qualification = &profile["qualifications"][0];
        assert_eq!(
            qualification["title"], "Junior nurse diploma",
            "{db:?}: trimmed"
        );
        assert_eq!(qualification["countryCode"], "UA", "upper-cased");
        assert_eq!(qualification["recognitionStatus"], "IN_PROGRESS");
        assert_eq!(profile["workExperience"][0]["occupation"]["uri"], NURSE);
        assert_eq!(profile["workExperience"][0]["years"], 6.0);
        assert_eq!(profile["workExperience"][1]["occupation"], Value::Null);
        assert_eq!(profile["workExperience"][1]["title"], "Family bakery");
        assert_eq!(
            profile["desiredOccupations"],
            json!([{ "uri": NURSE }, { "uri": BAKER }]),
            "in the order given"
        );

        // Recognition comes through: the entry changes in place.
        let id = qualification["id"].clone();
        let changed = call(&app, SAVE_QUALIFICATION, json!({ "input": {
            "qualificationId": id, "title": "Junior nurse diploma", "eqfLevel": 5, "recognitionStatus": "RECOGNISED"
        } }), &token).await;
        assert_eq!(errors(&changed, "saveQualification"), vec![]);
        let career = call(&app, CAREER, json!({}), &token).await;
        let qualifications = &career["data"]["myProfile"]["qualifications"];
        assert_eq!(qualifications.as_array().unwrap().len(), 1);
        assert_eq!(qualifications[0]["recognitionStatus"], "RECOGNISED");
        assert_eq!(
            qualifications[0]["countryCode"],
            Value::Null,
            "a save replaces the entry"
        );

        // Someone else cannot touch the entry, and cannot tell it exists.
        let other = app
            .register("someone@example.org", "MIGRANT", "Someone")
            .await;
        let foreign = call(
            &app,
            SAVE_QUALIFICATION,
            json!({ "input": {
            "qualificationId": id, "title": "Hijacked"
        } }),
            &other,
        )
        .await;
        assert_eq!(
            errors(&foreign, "saveQualification"),
            vec![("qualificationId".into(), "NOT_FOUND".into())]
        );
        let removed = call(&app, "mutation($id: ID!) { removeQualification(input: { qualificationId: $id }) { userErrors { code } } }", json!({ "id": id }), &other).await;
        assert_eq!(
            removed["data"]["removeQualification"]["userErrors"][0]["code"],
            "NOT_FOUND"
        );

        let export = call(&app, "{ exportMyData }", json!({}), &token).await;
        let exported = &export["data"]["exportMyData"]["profile"];
        assert_eq!(
            exported["qualifications"][0]["recognitionStatus"], "RECOGNISED",
            "{db:?}: {export}"
        );
        assert_eq!(exported["workExperience"][0]["occupationUri"], NURSE);
        assert_eq!(exported["workExperience"][1]["title"], "Family bakery");
        assert_eq!(exported["desiredOccupations"], json!([NURSE, BAKER]));

        let removed = call(&app, "mutation($id: ID!) { removeQualification(input: { qualificationId: $id }) { userErrors { code } } }", json!({ "id": id }), &token).await;
        assert_eq!(
            removed["data"]["removeQualification"]["userErrors"],
            json!([])
        );
        let experience = career["data"]["myProfile"]["workExperience"][1]["id"].clone();
        let removed = call(&app, "mutation($id: ID!) { removeWorkExperience(input: { experienceId: $id }) { userErrors { code } } }", json!({ "id": experience }), &token).await;
        assert_eq!(
            removed["data"]["removeWorkExperience"]["userErrors"],
            json!([])
        );
        let career = call(&app, CAREER, json!({}), &token).await;
        assert_eq!(career["data"]["myProfile"]["qualifications"], json!([]));
        assert_eq!(
            career["data"]["myProfile"]["workExperience"]
                .as_array()
                .unwrap()
                .len(),
            1
        );
        app.stop().await;
    }
}

#[tokio::test]
async fn bad_career_inputs_are_user_errors_and_change_nothing() {
    for db in databases() {
        let app = spawn_app_with(db, |_| {}).await;
        let token = app
            .register("oksana@example.org", "MIGRANT", "Oksana")
            .await;
        call(
            &app,
            SET_DESIRED,
            json!({ "input": { "occupationUris": [COOK] } }),
            &token,
        )
        .await;
        let before = call(&app, CAREER, json!({}), &token).await;

        let too_many: Vec<String> = (0..10_000).map(|i| format!("{BAKER}{i}")).collect();
        let table: Vec<(&str, &str, Value, (&str, &str))> = vec![
            (
                SAVE_QUALIFICATION,
                "saveQualification",
                json!({ "title": " " }),
                ("title", "REQUIRED"),
            ),
            (
                SAVE_QUALIFICATION,
                "saveQualification",
                json!({ "title": "x".repeat(201) }),
                ("title", "TOO_LONG"),
            ),
            (
                SAVE_QUALIFICATION,
                "saveQualification",
                json!({ "title": "BSc", "eqfLevel": 9 }),
                ("eqfLevel", "OUT_OF_RANGE"),
            ),
            (
                SAVE_QUALIFICATION,
                "saveQualification",
                json!({ "title": "BSc", "countryCode": "Ukraine" }),
                ("countryCode", "INVALID_COUNTRY_CODE"),
            ),
            (
                SAVE_QUALIFICATION,
                "saveQualification",
                json!({ "title": "BSc", "qualificationId": "bm9wZQ" }),
                ("qualificationId", "NOT_FOUND"),
            ),
            (
                SAVE_EXPERIENCE,
                "saveWorkExperience",
                json!({ "kind": "WAGED", "years": 1 }),
                ("occupationUri", "REQUIRED"),
            ),
            (
                SAVE_EXPERIENCE,
                "saveWorkExperience",
                json!({ "occupationUri": "http://data.europa.eu/esco/occupation/nope", "kind": "WAGED", "years": 1 }),
                ("occupationUri", "UNKNOWN_OCCUPATION"),
            ),
            (
                SAVE_EXPERIENCE,
                "saveWorkExperience",
                json!({ "occupationUri": BAKER, "kind": "WAGED", "years": -2 }),
                ("years", "OUT_OF_RANGE"),
            ),
            (
                SAVE_EXPERIENCE,
                "saveWorkExperience",
                json!({ "occupationUri": BAKER, "kind": "WAGED", "years": 250 }),
                ("years", "OUT_OF_RANGE"),
            ),
            (
                SAVE_EXPERIENCE,
                "saveWorkExperience",
                json!({ "title": "", "kind": "WAGED", "years": 1 }),
                ("title", "REQUIRED"),
            ),
            (
                SAVE_EXPERIENCE,
                "saveWorkExperience",
                json!({ "occupationUri": BAKER, "kind": "WAGED", "years": 1, "experienceId": "bm9wZQ" }),
                ("experienceId", "NOT_FOUND"),
            ),
            (
                SET_DESIRED,
                "setDesiredOccupations",
                json!({ "occupationUris": [BAKER, BAKER] }),
                ("occupationUris", "DUPLICATE_OCCUPATION"),
            ),
            (
                SET_DESIRED,
                "setDesiredOccupations",
                json!({ "occupationUris": [BAKER, "http://data.europa.eu/esco/occupation/nope"] }),
                ("occupationUris", "UNKNOWN_OCCUPATION"),
            ),
            (
                SET_DESIRED,
                "setDesiredOccupations",
                json!({ "occupationUris": too_many }),
                ("occupationUris", "TOO_MANY"),
            ),
        ];
        for (mutation, name, input, expected) in table {
            let body = call(&app, mutation, json!({ "input": input }), &token).await;
            assert_eq!(
                errors(&body, name),
                vec![(expected.0.to_owned(), expected.1.to_owned())],
                "{db:?}: {input}: {body}"
            );
        }
        // A CEFR-style typo in an enum is a request error, not a userError.
        let body = call(
            &app,
            SAVE_QUALIFICATION,
            json!({ "input": { "title": "BSc", "recognitionStatus": "DONE" } }),
            &token,
        )
        .await;
        assert_eq!(
            body["errors"][0]["extensions"]["code"], "GRAPHQL_VALIDATION_FAILED",
            "{body}"
        );

        let after = call(&app, CAREER, json!({}), &token).await;
        assert_eq!(before, after, "{db:?}: nothing was written");
        app.stop().await;
    }
}

#[tokio::test]
async fn a_caseworker_records_a_clients_career_under_delegation() {
    for db in databases() {
        let app = spawn_app_with(db, |_| {}).await;
        let caseworker = app
            .register("caseworker@example.org", "CASEWORKER", "Case Worker")
            .await;
        let created = call(&app, "mutation { createOrganisation(input: { kind: SUPPORT_ORGANISATION, name: \"Welcome Centre\" }) { organisation { id } } }", json!({}), &caseworker).await;
        let centre = created["data"]["createOrganisation"]["organisation"]["id"].clone();
        let client = call(&app, "mutation($centre: ID!) { createClientProfile(input: { organisationId: $centre, displayName: \"Yusuf\" }) { profile { id } userErrors { code } } }", json!({ "centre": centre }), &caseworker).await;
        let profile = client["data"]["createClientProfile"]["profile"]["id"].clone();
        assert!(profile.is_string(), "{db:?}: {client}");

        let saved = call(&app, SAVE_EXPERIENCE, json!({ "input": {
            "profileId": profile, "organisationId": centre, "occupationUri": COOK, "kind": "SELF_EMPLOYED", "years": 8
        } }), &caseworker).await;
        assert_eq!(
            errors(&saved, "saveWorkExperience"),
            vec![],
            "{db:?}: {saved}"
        );
        assert_eq!(
            saved["data"]["saveWorkExperience"]["profile"]["id"],
            profile
        );

        // Another caseworker's centre has no delegation.
        let stranger = app
            .register("stranger@example.org", "CASEWORKER", "Stranger")
            .await;
        let created = call(&app, "mutation { createOrganisation(input: { kind: SUPPORT_ORGANISATION, name: \"Other Centre\" }) { organisation { id } } }", json!({}), &stranger).await;
        let other_centre = created["data"]["createOrganisation"]["organisation"]["id"].clone();
        let refused = call(
            &app,
            SAVE_QUALIFICATION,
            json!({ "input": {
            "profileId": profile, "organisationId": other_centre, "title": "Forged"
        } }),
            &stranger,
        )
        .await;
        assert_eq!(
            refused["errors"][0]["extensions"]["code"], "FORBIDDEN",
            "{db:?}: {refused}"
        );

        let caseload = call(&app, "query($c: ID!) { caseload(organisationId: $c) { nodes { workExperience { occupation { uri } kind years } qualifications { title } } } }", json!({ "c": centre }), &caseworker).await;
        assert_eq!(
            caseload["data"]["caseload"]["nodes"][0]["workExperience"],
            json!([{ "occupation": { "uri": COOK }, "kind": "SELF_EMPLOYED", "years": 8.0 }]),
            "{db:?}: {caseload}"
        );
        assert_eq!(
            caseload["data"]["caseload"]["nodes"][0]["qualifications"],
            json!([])
        );
        app.stop().await;
    }
}
