//! Profile pre-fill over HTTP (both databases): skills proposed from work experience (the
//! occupation's ESCO skills, the skills its title names) and desired occupations, with
//! why; several confirmed at once, all or nothing; "inferred from experience" only for
//! what experience suggested.

mod common;

use common::{setups, spawn_app_for};
use serde_json::{Value, json};

const MOBILE_DEVELOPER: &str =
    "http://data.europa.eu/esco/occupation/2ed56c3f-61d6-4f7e-9ef8-8849eb102e4c";
const UI_DEVELOPER: &str =
    "http://data.europa.eu/esco/occupation/866c7813-2c03-47d7-9bdc-192cfbace57c";
/// Needed by both occupations.
const SOFTWARE_LIBRARIES: &str =
    "http://data.europa.eu/esco/skill/8b94aa1e-89c9-459d-b3b4-1dfab8dec2df";
/// Needed by the mobile application developer only.
const DEBUG_SOFTWARE: &str =
    "http://data.europa.eu/esco/skill/2522a6ce-3202-4ac8-9f5b-b9cb5a3a83a1";
/// Needed by the user interface developer only (the desired occupation).
const STYLE_SHEETS: &str = "http://data.europa.eu/esco/skill/c2999f0c-eb37-4cdf-b9b0-82107b628794";
const JAVASCRIPT: &str = "http://data.europa.eu/esco/skill/3cd569a2-4f88-4c1e-9995-8dce8c5e51a7";

const SUGGEST: &str = "query { suggestProfileSkills(first: 100) {
  skill { uri } reasons { source occupation { uri } relation experienceTitle matchedLabel } } }";

const ADD: &str = "mutation($input: AddProfileSkillsInput!) { addProfileSkills(input: $input) {
  profile { skills { skill { uri } proficiency evidence } } userErrors { field code } } }";

fn suggestion<'a>(body: &'a Value, uri: &str) -> Option<&'a Value> {
    body["data"]["suggestProfileSkills"]
        .as_array()
        .unwrap_or_else(|| panic!("{body}"))
        .iter()
        .find(|s| s["skill"]["uri"] == uri)
}

fn sources(suggestion: &Value) -> Vec<&str> {
    suggestion["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["source"].as_str().unwrap())
        .collect()
}

#[tokio::test]
async fn experience_suggests_skills_the_person_confirms() {
    for setup in setups() {
        let app = spawn_app_for(&setup).await;
        let token = app.register("ada@example.org", "MIGRANT", "Ada").await;
        let none = app.call(SUGGEST, json!({}), Some(&token)).await;
        assert_eq!(
            none["data"]["suggestProfileSkills"],
            json!([]),
            "no profile yet: nothing to propose ({none})"
        );
        let saved = app
            .call(
                "mutation($input: SaveWorkExperienceInput!) { saveWorkExperience(input: $input) { userErrors { code } } }",
                json!({ "input": { "occupationUri": MOBILE_DEVELOPER, "title": "Built shop apps in JavaScript", "kind": "WAGED", "years": 3 } }),
                Some(&token),
            )
            .await;
        assert_eq!(
            saved["data"]["saveWorkExperience"]["userErrors"],
            json!([]),
            "{saved}"
        );
        let desired = app
            .call(
                "mutation($input: SetDesiredOccupationsInput!) { setDesiredOccupations(input: $input) { userErrors { code } } }",
                json!({ "input": { "occupationUris": [UI_DEVELOPER] } }),
                Some(&token),
            )
            .await;
        assert_eq!(
            desired["data"]["setDesiredOccupations"]["userErrors"],
            json!([]),
            "{desired}"
        );

        let body = app.call(SUGGEST, json!({}), Some(&token)).await;
        let libraries = suggestion(&body, SOFTWARE_LIBRARIES).unwrap_or_else(|| panic!("{body}"));
        assert_eq!(sources(libraries), ["EXPERIENCE", "DESIRED_OCCUPATION"]);
        assert_eq!(
            libraries["reasons"][0]["occupation"]["uri"],
            MOBILE_DEVELOPER
        );
        assert_eq!(
            libraries["reasons"][0]["experienceTitle"],
            "Built shop apps in JavaScript"
        );
        let javascript = suggestion(&body, JAVASCRIPT).unwrap_or_else(|| panic!("{body}"));
        assert_eq!(sources(javascript), ["EXPERIENCE_TEXT"]);
        assert_eq!(javascript["reasons"][0]["matchedLabel"], "JavaScript");
        let style = suggestion(&body, STYLE_SHEETS).unwrap_or_else(|| panic!("{body}"));
        assert_eq!(sources(style), ["DESIRED_OCCUPATION"]);
        let list = body["data"]["suggestProfileSkills"].as_array().unwrap();
        let position = |uri: &str| list.iter().position(|s| s["skill"]["uri"] == uri).unwrap();
        assert!(
            position(SOFTWARE_LIBRARIES) < position(STYLE_SHEETS),
            "experience before wishes"
        );

        // All or nothing: one refused skill adds none.
        let refused = app
            .call(
                ADD,
                json!({ "input": { "skills": [
                    { "skillUri": DEBUG_SOFTWARE, "proficiency": "ADVANCED", "evidence": "INFERRED_FROM_EXPERIENCE" },
                    { "skillUri": STYLE_SHEETS, "proficiency": "BASIC", "evidence": "INFERRED_FROM_EXPERIENCE" },
                    { "skillUri": "http://data.europa.eu/esco/skill/nope", "proficiency": "BASIC" },
                    { "skillUri": DEBUG_SOFTWARE, "proficiency": "BASIC" },
                    { "skillUri": JAVASCRIPT, "proficiency": "BASIC", "evidence": "CERTIFIED" }
                ] } }),
                Some(&token),
            )
            .await;
        assert_eq!(
            refused["data"]["addProfileSkills"]["userErrors"],
            json!([
                { "field": "skills.1.evidence", "code": "NOT_SUGGESTED" },
                { "field": "skills.2.skillUri", "code": "UNKNOWN_SKILL" },
                { "field": "skills.3.skillUri", "code": "DUPLICATE" },
                { "field": "skills.4.evidence", "code": "EVIDENCE_NOT_ALLOWED" }
            ]),
            "{refused}"
        );
        let profile = app
            .call(
                "{ myProfile { skills { skill { uri } } } }",
                json!({}),
                Some(&token),
            )
            .await;
        assert_eq!(
            profile["data"]["myProfile"]["skills"],
            json!([]),
            "{profile}"
        );
        let empty = app
            .call(ADD, json!({ "input": { "skills": [] } }), Some(&token))
            .await;
        assert_eq!(
            empty["data"]["addProfileSkills"]["userErrors"][0]["field"],
            "skills"
        );
        // The same rule for one skill at a time.
        let one = app
            .call(
                "mutation($input: AddProfileSkillInput!) { addProfileSkill(input: $input) { userErrors { field code } } }",
                json!({ "input": { "skillUri": STYLE_SHEETS, "proficiency": "BASIC", "evidence": "INFERRED_FROM_EXPERIENCE" } }),
                Some(&token),
            )
            .await;
        assert_eq!(
            one["data"]["addProfileSkill"]["userErrors"],
            json!([{ "field": "evidence", "code": "NOT_SUGGESTED" }])
        );

        let added = app
            .call(
                ADD,
                json!({ "input": { "skills": [
                    { "skillUri": DEBUG_SOFTWARE, "proficiency": "ADVANCED", "evidence": "INFERRED_FROM_EXPERIENCE" },
                    { "skillUri": JAVASCRIPT, "proficiency": "EXPERT", "evidence": "INFERRED_FROM_EXPERIENCE" },
                    { "skillUri": STYLE_SHEETS, "proficiency": "BASIC" }
                ] } }),
                Some(&token),
            )
            .await;
        assert_eq!(
            added["data"]["addProfileSkills"]["userErrors"],
            json!([]),
            "{added}"
        );
        let skills = added["data"]["addProfileSkills"]["profile"]["skills"]
            .as_array()
            .unwrap();
        assert_eq!(skills.len(), 3, "{added}");
        assert!(skills.iter().any(|s| s["skill"]["uri"] == JAVASCRIPT
            && s["evidence"] == "INFERRED_FROM_EXPERIENCE"
            && s["proficiency"] == "EXPERT"));
        let after = app.call(SUGGEST, json!({}), Some(&token)).await;
        for held in [DEBUG_SOFTWARE, JAVASCRIPT, STYLE_SHEETS] {
            assert!(
                suggestion(&after, held).is_none(),
                "held skills are not proposed"
            );
        }
        assert!(suggestion(&after, SOFTWARE_LIBRARIES).is_some());

        // Someone else's profile needs a delegation.
        let caseworker = app.register("case@example.org", "CASEWORKER", "Case").await;
        let other = app
            .call(
                "query($p: ID!, $o: ID!) { suggestProfileSkills(profileId: $p, organisationId: $o) { skill { uri } } }",
                json!({ "p": "UHJvZmlsZTowMThmMDAwMC0wMDAwLTcwMDAtODAwMC0wMDAwMDAwMDAwMDA", "o": "T3JnYW5pc2F0aW9uOjAxOGYwMDAwLTAwMDAtNzAwMC04MDAwLTAwMDAwMDAwMDAwMA" }),
                Some(&caseworker),
            )
            .await;
        assert!(
            matches!(
                other["errors"][0]["extensions"]["code"].as_str(),
                Some("FORBIDDEN" | "NOT_FOUND")
            ),
            "{other}"
        );
        app.stop().await;
    }
}
