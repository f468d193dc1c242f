//! Organisations over HTTP on each database: founding with validation, inviting and
//! joining, and verification by an administrator.

mod common;

use common::PASSWORD;
use common::{TestApp, databases, spawn_app_with};
use serde_json::{Value, json};

async fn call(app: &TestApp, query: &str, variables: Value, token: &str) -> Value {
    app.call(query, variables, Some(token)).await
}

async fn account(app: &TestApp, email: &str, role: &str) -> String {
    app.register(email, role, "Tester").await
}

const CREATE: &str =
    "mutation($input: CreateOrganisationInput!) { createOrganisation(input: $input) {
    organisation { id kind name countryCode website verified } userErrors { field code } } }";

#[tokio::test]
async fn found_invite_join_and_verify() {
    for db in databases() {
        let app = spawn_app_with(db, |_| {}).await;
        let owner = account(&app, "owner@example.org", "EMPLOYER").await;
        let colleague = account(&app, "colleague@example.org", "EMPLOYER").await;
        let trainer = account(&app, "trainer@example.org", "TRAINER").await;

        for (input, field, code) in [
            (
                json!({ "kind": "EMPLOYER", "name": "  " }),
                "name",
                "INVALID_NAME",
            ),
            (
                json!({ "kind": "EMPLOYER", "name": "Care", "countryCode": "Germany" }),
                "countryCode",
                "INVALID_COUNTRY_CODE",
            ),
            (
                json!({ "kind": "EMPLOYER", "name": "Care", "website": "javascript:alert(1)" }),
                "website",
                "INVALID_WEBSITE",
            ),
        ] {
            let body = call(&app, CREATE, json!({ "input": input }), &owner).await;
            let payload = &body["data"]["createOrganisation"];
            assert!(payload["organisation"].is_null(), "{db:?}: {body}");
            assert_eq!(
                (
                    payload["userErrors"][0]["field"].as_str(),
                    payload["userErrors"][0]["code"].as_str()
                ),
                (Some(field), Some(code))
            );
        }
        let created = call(
            &app,
            CREATE,
            json!({ "input": { "kind": "EMPLOYER", "name": "Sonnenhof Pflegeheim", "countryCode": "de", "website": "https://sonnenhof.example" } }),
            &owner,
        )
        .await;
        let organisation = &created["data"]["createOrganisation"]["organisation"];
        assert_eq!(organisation["countryCode"], "DE", "{body}", body = created);
        assert_eq!(organisation["verified"], false);
        let org = organisation["id"].as_str().unwrap().to_owned();

        let invite = "mutation($org: ID!, $email: String!) { inviteMember(input: { organisationId: $org, email: $email, role: MEMBER }) {
            invitationToken invitation { email role } userErrors { code } } }";
        let bad = call(
            &app,
            invite,
            json!({ "org": org, "email": "not an email" }),
            &owner,
        )
        .await;
        assert_eq!(
            bad["data"]["inviteMember"]["userErrors"][0]["code"],
            "INVALID_EMAIL"
        );
        let sent = call(
            &app,
            invite,
            json!({ "org": org, "email": "Colleague@Example.org" }),
            &owner,
        )
        .await;
        let token = sent["data"]["inviteMember"]["invitationToken"]
            .as_str()
            .unwrap()
            .to_owned();
        assert_eq!(
            sent["data"]["inviteMember"]["invitation"]["email"],
            "colleague@example.org"
        );

        let accept =
            "mutation($token: String!) { acceptInvitation(input: { invitationToken: $token }) {
            membership { role organisation { name } } userErrors { code } } }";
        let wrong_kind = call(&app, accept, json!({ "token": token }), &trainer).await;
        assert_eq!(
            wrong_kind["errors"][0]["extensions"]["code"], "FORBIDDEN",
            "{db:?}: a trainer cannot join an employer"
        );
        let stranger = account(&app, "stranger@example.org", "EMPLOYER").await;
        let wrong_email = call(&app, accept, json!({ "token": token }), &stranger).await;
        assert_eq!(
            wrong_email["data"]["acceptInvitation"]["userErrors"][0]["code"],
            "INVITATION_FOR_ANOTHER_EMAIL"
        );
        let joined = call(&app, accept, json!({ "token": token }), &colleague).await;
        let membership = &joined["data"]["acceptInvitation"]["membership"];
        assert_eq!(membership["role"], "MEMBER", "{joined}");
        assert_eq!(membership["organisation"]["name"], "Sonnenhof Pflegeheim");
        let again = call(&app, accept, json!({ "token": token }), &colleague).await;
        assert_eq!(
            again["data"]["acceptInvitation"]["userErrors"][0]["code"],
            "INVALID_INVITATION"
        );

        let members = call(
            &app,
            "query($org: ID!) { organisation(id: $org) { members { nodes { role user { email } } } } }",
            json!({ "org": org }),
            &colleague,
        )
        .await;
        let emails: Vec<&str> = members["data"]["organisation"]["members"]["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["user"]["email"].as_str().unwrap())
            .collect();
        assert_eq!(
            emails,
            ["owner@example.org", "colleague@example.org"],
            "{db:?}"
        );
        let mine = call(
            &app,
            "{ myOrganisations { nodes { role organisation { name } } } }",
            json!({}),
            &colleague,
        )
        .await;
        assert_eq!(
            mine["data"]["myOrganisations"]["nodes"][0]["organisation"]["name"],
            "Sonnenhof Pflegeheim"
        );

        account(&app, "admin@example.org", "CASEWORKER").await;
        skillbridge_server::grant_admin(app.config.clone(), "admin@example.org")
            .await
            .unwrap();
        let (_, login) = app
            .graphql(json!({
                "query": "mutation($input: LoginInput!) { login(input: $input) { accessToken user { role } } }",
                "variables": { "input": { "email": "admin@example.org", "password": PASSWORD } }
            }))
            .await;
        assert_eq!(login["data"]["login"]["user"]["role"], "ADMIN");
        let admin = login["data"]["login"]["accessToken"].as_str().unwrap();
        let verified = call(&app, "mutation($org: ID!) { verifyOrganisation(input: { organisationId: $org }) { organisation { verified verifiedAt } } }", json!({ "org": org }), admin).await;
        assert_eq!(
            verified["data"]["verifyOrganisation"]["organisation"]["verified"], true,
            "{verified}"
        );

        let unknown = call(&app, "mutation { verifyOrganisation(input: { organisationId: \"T3JnYW5pc2F0aW9uOjAxOWFiMzRkLTAwMDAtNzAwMC04MDAwLTAwMDAwMDAwMDAwMA\" }) { organisation { id } } }", json!({}), admin).await;
        assert_eq!(
            unknown["errors"][0]["extensions"]["code"], "NOT_FOUND",
            "{unknown}"
        );
        app.stop().await;
    }
}

#[test]
fn grant_admin_needs_an_existing_account() {
    let work = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_skillbridge"))
        .args(["grant-admin", "nobody@example.org", "--data-dir", "data"])
        .current_dir(work.path())
        .env("SKILLBRIDGE_LOG_FILTER", "warn")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.starts_with("error: no account has the email address nobody@example.org"),
        "{stderr}"
    );
}
