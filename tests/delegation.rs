//! Caseworker delegation on each database: a caseworker creates a profile for someone
//! without an account, the person claims it, controls who manages it, and the caseworker's
//! access follows their choice.

mod common;

use common::{TestApp, databases, spawn_app_with};
use serde_json::{Value, json};

async fn call(app: &TestApp, query: &str, variables: Value, token: &str) -> Value {
    app.call(query, variables, Some(token)).await
}

async fn account(app: &TestApp, email: &str, role: &str) -> String {
    app.register(email, role, "Tester").await
}

fn code(body: &Value) -> &str {
    body["errors"][0]["extensions"]["code"]
        .as_str()
        .unwrap_or("<none>")
}

#[tokio::test]
async fn create_claim_delegate_and_revoke() {
    for db in databases() {
        let app = spawn_app_with(db, |_| {}).await;
        let caseworker = account(&app, "caseworker@example.org", "CASEWORKER").await;
        let created = call(&app, "mutation { createOrganisation(input: { kind: SUPPORT_ORGANISATION, name: \"Welcome Centre\" }) { organisation { id } } }", json!({}), &caseworker).await;
        let centre = created["data"]["createOrganisation"]["organisation"]["id"]
            .as_str()
            .unwrap()
            .to_owned();

        let bad = call(&app, "mutation($centre: ID!) { createClientProfile(input: { organisationId: $centre, displayName: \" \" }) { claimToken userErrors { field code } } }", json!({ "centre": centre }), &caseworker).await;
        assert_eq!(
            bad["data"]["createClientProfile"]["userErrors"][0]["code"], "INVALID_DISPLAY_NAME",
            "{db:?}: {bad}"
        );
        let client = call(
            &app,
            "mutation($centre: ID!) { createClientProfile(input: { organisationId: $centre, displayName: \"Yusuf\", details: { rightToWork: YES, location: { countryCode: \"AT\" } } }) { profile { id displayName rightToWork } claimToken userErrors { code } } }",
            json!({ "centre": centre }),
            &caseworker,
        )
        .await;
        let payload = &client["data"]["createClientProfile"];
        assert_eq!(payload["profile"]["rightToWork"], "YES", "{db:?}: {client}");
        let profile = payload["profile"]["id"].as_str().unwrap().to_owned();
        let token = payload["claimToken"].as_str().unwrap().to_owned();

        // The caseworker assesses a skill on the client's profile.
        let skill = call(
            &app,
            "mutation($p: ID!, $c: ID!) { addProfileSkill(input: { profileId: $p, organisationId: $c, skillUri: \"http://data.europa.eu/esco/skill/01f10952-cb59-4347-9aee-d4fbc51c870a\", proficiency: INTERMEDIATE, evidence: CASEWORKER_ASSESSED }) { userErrors { code } } }",
            json!({ "p": profile, "c": centre }),
            &caseworker,
        )
        .await;
        assert_eq!(
            skill["data"]["addProfileSkill"]["userErrors"],
            json!([]),
            "{db:?}: {skill}"
        );
        let edited = call(&app, "mutation($p: ID!, $c: ID!) { updateClientProfile(input: { profileId: $p, organisationId: $c, changes: { mobilityRadiusKm: 20 } }) { profile { mobilityRadiusKm } userErrors { code } } }", json!({ "p": profile, "c": centre }), &caseworker).await;
        assert_eq!(
            edited["data"]["updateClientProfile"]["profile"]["mobilityRadiusKm"], 20,
            "{db:?}: {edited}"
        );
        let caseload = call(
            &app,
            "query($c: ID!) { caseload(organisationId: $c) { totalCount pageInfo { hasNextPage } nodes { displayName } } }",
            json!({ "c": centre }),
            &caseworker,
        )
        .await;
        assert_eq!(
            caseload["data"]["caseload"]["nodes"],
            json!([{ "displayName": "Yusuf" }])
        );
        assert_eq!(caseload["data"]["caseload"]["totalCount"], 1);
        assert_eq!(
            caseload["data"]["caseload"]["pageInfo"]["hasNextPage"],
            false
        );

        // Yusuf registers and claims the profile, with what the caseworker recorded.
        let yusuf = account(&app, "yusuf@example.org", "MIGRANT").await;
        let wrong = call(
            &app,
            "mutation { claimProfile(input: { claimToken: \"nope\" }) { userErrors { code } } }",
            json!({}),
            &yusuf,
        )
        .await;
        assert_eq!(
            wrong["data"]["claimProfile"]["userErrors"][0]["code"],
            "INVALID_CLAIM_TOKEN"
        );
        let claim = "mutation($t: String!) { claimProfile(input: { claimToken: $t }) { profile { displayName mobilityRadiusKm skills { evidence } } userErrors { code } } }";
        let claimed = call(&app, claim, json!({ "t": token }), &yusuf).await;
        let claimed = &claimed["data"]["claimProfile"]["profile"];
        assert_eq!(claimed["mobilityRadiusKm"], 20, "{db:?}");
        assert_eq!(claimed["skills"][0]["evidence"], "CASEWORKER_ASSESSED");
        let other = account(&app, "other@example.org", "MIGRANT").await;
        let again = call(&app, claim, json!({ "t": token }), &other).await;
        assert_eq!(
            again["data"]["claimProfile"]["userErrors"][0]["code"], "INVALID_CLAIM_TOKEN",
            "single use"
        );

        let export = call(&app, "{ exportMyData }", json!({}), &yusuf).await;
        assert_eq!(
            export["data"]["exportMyData"]["profile"]["delegations"]
                .as_array()
                .map(Vec::len),
            Some(1),
            "{db:?}: {export}"
        );
        // The person's own profile id is enough for the person's own reads.
        call(&app, "mutation { setConsent(input: { purpose: MATCHING, granted: true }) { userErrors { code } } }", json!({}), &yusuf).await;
        let matches = "query($p: ID) { matchVacancies(profileId: $p, first: 5) { totalCount } }";
        let own = call(&app, matches, json!({ "p": profile }), &yusuf).await;
        assert!(own.get("errors").is_none(), "{db:?}: {own}");
        assert_eq!(
            own["data"]["matchVacancies"],
            call(&app, matches, json!({ "p": null }), &yusuf).await["data"]["matchVacancies"]
        );
        let not_own = call(&app, matches, json!({ "p": profile }), &other).await;
        assert_eq!(code(&not_own), "BAD_USER_INPUT", "{not_own}");
        let delegations = call(
            &app,
            "{ myDelegations { nodes { organisation { name } } } }",
            json!({}),
            &yusuf,
        )
        .await;
        assert_eq!(
            delegations["data"]["myDelegations"]["nodes"][0]["organisation"]["name"],
            "Welcome Centre"
        );

        // Yusuf takes the delegation back: the caseworker loses access at once.
        let revoke = "mutation($c: ID!) { revokeDelegation(input: { organisationId: $c }) { userErrors { code } } }";
        let revoked = call(&app, revoke, json!({ "c": centre }), &yusuf).await;
        assert_eq!(revoked["data"]["revokeDelegation"]["userErrors"], json!([]));
        let twice = call(&app, revoke, json!({ "c": centre }), &yusuf).await;
        assert_eq!(
            twice["data"]["revokeDelegation"]["userErrors"][0]["code"],
            "NOT_DELEGATED"
        );
        let denied = call(&app, "mutation($p: ID!, $c: ID!) { updateClientProfile(input: { profileId: $p, organisationId: $c, changes: { mobilityRadiusKm: 5 } }) { userErrors { code } } }", json!({ "p": profile, "c": centre }), &caseworker).await;
        assert_eq!(code(&denied), "FORBIDDEN", "{db:?}: {denied}");
        let caseload = call(
            &app,
            "query($c: ID!) { caseload(organisationId: $c) { nodes { displayName } } }",
            json!({ "c": centre }),
            &caseworker,
        )
        .await;
        assert_eq!(caseload["data"]["caseload"]["nodes"], json!([]));

        // And grants it again; only support organisations qualify.
        let grant = "mutation($c: ID!) { grantDelegation(input: { organisationId: $c }) { delegation { organisation { name } } userErrors { code } } }";
        let granted = call(&app, grant, json!({ "c": centre }), &yusuf).await;
        assert_eq!(
            granted["data"]["grantDelegation"]["delegation"]["organisation"]["name"],
            "Welcome Centre",
            "{granted}"
        );
        let employer = account(&app, "boss@example.org", "EMPLOYER").await;
        let shop = call(&app, "mutation { createOrganisation(input: { kind: EMPLOYER, name: \"Shop\" }) { organisation { id } } }", json!({}), &employer).await;
        let shop = shop["data"]["createOrganisation"]["organisation"]["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let not_support = call(&app, grant, json!({ "c": shop }), &yusuf).await;
        assert_eq!(
            not_support["data"]["grantDelegation"]["userErrors"][0]["code"],
            "NOT_A_SUPPORT_ORGANISATION"
        );
        // A caseworker may not certify, and may not act for an organisation they are not in.
        let certify = call(
            &app,
            "mutation($p: ID!, $c: ID!) { addProfileSkill(input: { profileId: $p, organisationId: $c, skillUri: \"http://data.europa.eu/esco/skill/01f10952-cb59-4347-9aee-d4fbc51c870a\", proficiency: EXPERT, evidence: CERTIFIED }) { userErrors { code } } }",
            json!({ "p": profile, "c": centre }),
            &caseworker,
        )
        .await;
        assert_eq!(
            certify["data"]["addProfileSkill"]["userErrors"][0]["code"],
            "EVIDENCE_NOT_ALLOWED"
        );
        let half = call(&app, "mutation($p: ID!) { addProfileSkill(input: { profileId: $p, skillUri: \"x\", proficiency: BASIC }) { userErrors { code } } }", json!({ "p": profile }), &caseworker).await;
        assert_eq!(code(&half), "BAD_USER_INPUT");
        app.stop().await;
    }
}
