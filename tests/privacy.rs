//! Consent, export and erasure on each database. After erasure, a scan of every column of
//! every table finds nothing of the person: not their id, email, name, nor the hash that
//! keyed their failed logins. The scan reads the schema, so tables added later are covered.

mod common;

use common::PASSWORD;
use common::{Db, TestApp, databases, spawn_app_with};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use sqlx::Row;

async fn call(app: &TestApp, query: &str, variables: Value, token: Option<&str>) -> Value {
    app.call(query, variables, token).await
}

async fn register(app: &TestApp, email: &str, name: &str, role: &str) -> (String, String) {
    let body = call(
        app,
        "mutation($input: RegisterInput!) { register(input: $input) { accessToken user { id } } }",
        json!({ "input": { "email": email, "password": PASSWORD, "role": role, "displayName": name } }),
        None,
    )
    .await;
    let payload = &body["data"]["register"];
    (
        payload["accessToken"].as_str().unwrap().to_owned(),
        payload["user"]["id"].as_str().unwrap().to_owned(),
    )
}

/// Every (table, column) holding one of `needles`, found by reading the schema.
async fn tables_mentioning(app: &TestApp, db: Db, needles: &[String]) -> Vec<String> {
    let mut found = Vec::new();
    match db {
        Db::Sqlite => {
            let path = app.data_dir.path().join("skillbridge.db");
            let pool = sqlx::SqlitePool::connect(&format!("sqlite:{}", path.display()))
                .await
                .unwrap();
            let tables: Vec<String> = sqlx::query_scalar(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
            )
            .fetch_all(&pool)
            .await
            .unwrap();
            for table in tables {
                let columns: Vec<String> =
                    sqlx::query_scalar(&format!("SELECT name FROM pragma_table_info('{table}')"))
                        .fetch_all(&pool)
                        .await
                        .unwrap();
                for column in columns {
                    for needle in needles {
                        // Text columns by content, BLOB ids by their hex form.
                        let sql = format!(
                            "SELECT COUNT(*) FROM \"{table}\" WHERE lower(CAST(\"{column}\" AS TEXT)) LIKE $1 OR lower(hex(\"{column}\")) LIKE $2"
                        );
                        let hex = needle.replace('-', "");
                        let count: i64 = sqlx::query_scalar(&sql)
                            .bind(format!("%{}%", needle.to_lowercase()))
                            .bind(format!("%{}%", hex.to_lowercase()))
                            .fetch_one(&pool)
                            .await
                            .unwrap();
                        if count > 0 {
                            found.push(format!("{table}.{column} holds {needle}"));
                        }
                    }
                }
            }
            pool.close().await;
        }
        Db::Postgres => {
            let pool = sqlx::PgPool::connect(&app.config.database.url)
                .await
                .unwrap();
            let columns = sqlx::query(
                "SELECT table_name::text, column_name::text FROM information_schema.columns
                 WHERE table_schema = current_schema() ORDER BY 1, 2",
            )
            .fetch_all(&pool)
            .await
            .unwrap();
            for row in columns {
                let (table, column): (String, String) = (row.get(0), row.get(1));
                for needle in needles {
                    let sql = format!(
                        "SELECT COUNT(*) FROM \"{table}\" WHERE lower(CAST(\"{column}\" AS TEXT)) LIKE $1"
                    );
                    let count: i64 = sqlx::query_scalar(&sql)
                        .bind(format!("%{}%", needle.to_lowercase()))
                        .fetch_one(&pool)
                        .await
                        .unwrap();
                    if count > 0 {
                        found.push(format!("{table}.{column} holds {needle}"));
                    }
                }
            }
            pool.close().await;
        }
    }
    found
}

#[tokio::test]
async fn a_migrants_profile_is_exported_and_erased() {
    for db in databases() {
        let app = spawn_app_with(db, |_| {}).await;
        let email = "farid.noorzai@example.org";
        let name = "Farid Noorzai-Tahiri";
        let (token, global_id) = register(&app, email, name, "MIGRANT").await;
        let update = call(
            &app,
            "mutation($input: UpdateMyProfileInput!) { updateMyProfile(input: $input) { userErrors { code } } }",
            json!({ "input": { "contactEmail": "farid.private@example.org", "contactPhone": "+49 151 2345678",
                "gender": "self-described-xyz", "countryOfOrigin": "AF", "birthYear": 1999,
                "location": { "placeName": "Kleinstadt-Noorzai", "countryCode": "DE" } } }),
            Some(&token),
        )
        .await;
        assert_eq!(
            update["data"]["updateMyProfile"]["userErrors"],
            json!([]),
            "{db:?}: {update}"
        );
        call(&app, "mutation { setProfileLanguage(input: { language: \"ps\", level: \"C2\", motherTongue: true }) { userErrors { code } } }", json!({}), Some(&token)).await;
        // Farid asks a support organisation for help.
        let (caseworker, _) = register(
            &app,
            "centre@example.org",
            "Centre Caseworker",
            "CASEWORKER",
        )
        .await;
        let centre = call(&app, "mutation { createOrganisation(input: { kind: SUPPORT_ORGANISATION, name: \"Centre\" }) { organisation { id } } }", json!({}), Some(&caseworker)).await;
        let centre = centre["data"]["createOrganisation"]["organisation"]["id"].clone();
        let asked = call(&app, "mutation($o: ID!) { requestSupport(input: { organisationId: $o, message: \"Noorzai-support-message\" }) { userErrors { code } } }", json!({ "o": centre }), Some(&token)).await;
        assert_eq!(
            asked["data"]["requestSupport"]["userErrors"],
            json!([]),
            "{db:?}: {asked}"
        );

        // Farid asks the caseworker, who mentors in her own name, and mentors others too.
        let offered = call(&app, "mutation { offerMentoring(input: { sectors: [TRADE] }) { mentorOffer { id } userErrors { code } } }", json!({}), Some(&caseworker)).await;
        let mentor = offered["data"]["offerMentoring"]["mentorOffer"]["id"]
            .as_str()
            .map(|offer| offer.to_owned())
            .unwrap_or_else(|| panic!("{db:?}: {offered}"));
        let mentor = {
            use base64::Engine;
            let raw = base64::engine::general_purpose::URL_SAFE_NO_PAD
                .decode(&mentor)
                .unwrap();
            let uuid = String::from_utf8(raw)
                .unwrap()
                .split_once(':')
                .unwrap()
                .1
                .to_owned();
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(format!("Mentor:{uuid}"))
        };
        let asked = call(&app, "mutation($m: ID!) { requestMentoring(input: { mentorId: $m, message: \"Noorzai-mentoring-message\" }) { mentoringRequest { id } userErrors { code } } }", json!({ "m": mentor }), Some(&token)).await;
        let request = asked["data"]["requestMentoring"]["mentoringRequest"]["id"].clone();
        assert!(request.is_string(), "{db:?}: {asked}");
        call(&app, "mutation($r: ID!) { answerMentoringRequest(input: { requestId: $r, accept: true }) { userErrors { code } } }", json!({ "r": request }), Some(&caseworker)).await;
        let peer = call(&app, "mutation { offerMentoring(input: { tracks: [WOMEN], peerMentor: true, note: \"Noorzai-mentor-note\" }) { userErrors { code } } }", json!({}), Some(&token)).await;
        assert_eq!(
            peer["data"]["offerMentoring"]["userErrors"],
            json!([]),
            "{db:?}: {peer}"
        );

        let export = call(&app, "{ exportMyData }", json!({}), Some(&token)).await;
        let profile = &export["data"]["exportMyData"]["profile"];
        assert_eq!(
            profile["mentoringRequests"][0]["message"], "Noorzai-mentoring-message",
            "{db:?}: {export}"
        );
        assert_eq!(profile["mentoringRequests"][0]["status"], "ACCEPTED");
        assert_eq!(
            export["data"]["exportMyData"]["mentorOffers"][0]["note"], "Noorzai-mentor-note",
            "{db:?}: {export}"
        );
        assert_eq!(
            profile["supportRequests"][0]["message"], "Noorzai-support-message",
            "{db:?}: {export}"
        );
        assert_eq!(
            profile["contactEmail"], "farid.private@example.org",
            "{db:?}: {export}"
        );
        assert_eq!(profile["countryOfOrigin"], "AF");
        assert_eq!(profile["languages"][0]["level"], "C2");

        let done = call(
            &app,
            "mutation($p: String!) { deleteMyAccount(input: { password: $p }) { deleted } }",
            json!({ "p": PASSWORD }),
            Some(&token),
        )
        .await;
        assert_eq!(done["data"]["deleteMyAccount"]["deleted"], true);
        let uuid = {
            use base64::Engine;
            let raw = base64::engine::general_purpose::URL_SAFE_NO_PAD
                .decode(&global_id)
                .unwrap();
            String::from_utf8(raw)
                .unwrap()
                .split_once(':')
                .unwrap()
                .1
                .to_owned()
        };
        let needles = [
            uuid,
            email.to_owned(),
            name.to_owned(),
            "farid.private@example.org".to_owned(),
            "2345678".to_owned(),
            "self-described-xyz".to_owned(),
            "Kleinstadt-Noorzai".to_owned(),
            "Noorzai-support-message".to_owned(),
            "Noorzai-plan-note".to_owned(),
            "Noorzai-mentoring-message".to_owned(),
            "Noorzai-mentor-note".to_owned(),
        ];
        let leftovers = tables_mentioning(&app, db, &needles).await;
        assert!(
            leftovers.is_empty(),
            "{db:?}: profile data left after erasure: {leftovers:?}"
        );
        app.stop().await;
    }
}

#[tokio::test]
async fn consent_export_and_erasure_leave_nothing_personal() {
    for db in databases() {
        let app = spawn_app_with(db, |_| {}).await;
        let email = "zainab.rahimi@example.org";
        let name = "Zainab Rahimi-Qasemi";
        let (token, global_id) = register(&app, email, name, "EMPLOYER").await;
        let (owner, _) = register(&app, "boss@example.org", "Boss", "EMPLOYER").await;

        // Leave traces everywhere the account can: consents, an organisation of their
        // own, membership in another, an invitation to their email, failed logins.
        for (purpose, granted) in [
            ("MATCHING", true),
            ("ANALYTICS", true),
            ("ANALYTICS", false),
        ] {
            call(&app, "mutation($p: ConsentPurpose!, $g: Boolean!) { setConsent(input: { purpose: $p, granted: $g }) { consents { purpose } } }", json!({ "p": purpose, "g": granted }), Some(&token)).await;
        }
        let consents = call(
            &app,
            "{ myConsents { purpose granted recordedAt } }",
            json!({}),
            Some(&token),
        )
        .await;
        let consents = consents["data"]["myConsents"].as_array().unwrap().clone();
        let state = |purpose: &str| {
            consents.iter().find(|c| c["purpose"] == purpose).unwrap()["granted"].clone()
        };
        assert_eq!(
            (
                state("MATCHING"),
                state("ANALYTICS"),
                state("SHARING_WITH_EMPLOYERS")
            ),
            (json!(true), json!(false), json!(false)),
            "{db:?}"
        );

        let own = call(&app, "mutation { createOrganisation(input: { kind: EMPLOYER, name: \"Rahimi Catering\" }) { organisation { id } } }", json!({}), Some(&token)).await;
        assert!(own["data"]["createOrganisation"]["organisation"]["id"].is_string());
        let other = call(&app, "mutation { createOrganisation(input: { kind: EMPLOYER, name: \"Harbour Hotel\" }) { organisation { id } } }", json!({}), Some(&owner)).await;
        let other_id = other["data"]["createOrganisation"]["organisation"]["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let invite = call(&app, "mutation($org: ID!, $email: String!) { inviteMember(input: { organisationId: $org, email: $email, role: MEMBER }) { invitationToken } }", json!({ "org": other_id, "email": email }), Some(&owner)).await;
        let invitation = invite["data"]["inviteMember"]["invitationToken"]
            .as_str()
            .unwrap()
            .to_owned();
        call(&app, "mutation($t: String!) { acceptInvitation(input: { invitationToken: $t }) { membership { role } } }", json!({ "t": invitation }), Some(&token)).await;
        call(&app, "mutation($org: ID!, $email: String!) { inviteMember(input: { organisationId: $org, email: $email, role: OWNER }) { invitationToken } }", json!({ "org": other_id, "email": email }), Some(&owner)).await;
        call(&app, "mutation($e: String!) { login(input: { email: $e, password: \"Wrong-Password-Here-42\" }) { userErrors { code } } }", json!({ "e": email }), None).await;

        let export = call(&app, "{ exportMyData }", json!({}), Some(&token)).await;
        let document = &export["data"]["exportMyData"];
        assert_eq!(document["account"]["email"], email, "{db:?}: {export}");
        assert_eq!(document["account"]["displayName"], name);
        assert_eq!(
            document["consents"].as_array().unwrap().len(),
            3,
            "the whole history"
        );
        let organisations: Vec<&str> = document["organisations"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o["name"].as_str().unwrap())
            .collect();
        assert_eq!(organisations, ["Rahimi Catering", "Harbour Hotel"]);

        let erase = "mutation($p: String!) { deleteMyAccount(input: { password: $p }) { deleted userErrors { field code } } }";
        let wrong = call(
            &app,
            erase,
            json!({ "p": "not the password" }),
            Some(&token),
        )
        .await;
        assert_eq!(wrong["data"]["deleteMyAccount"]["deleted"], false);
        assert_eq!(
            wrong["data"]["deleteMyAccount"]["userErrors"][0]["code"],
            "INVALID_CREDENTIALS"
        );
        for _ in 0..2 {
            let done = call(&app, erase, json!({ "p": PASSWORD }), Some(&token)).await;
            assert_eq!(
                done["data"]["deleteMyAccount"]["deleted"], true,
                "{db:?}: idempotent: {done}"
            );
        }
        let uuid = {
            use base64::Engine;
            let raw = base64::engine::general_purpose::URL_SAFE_NO_PAD
                .decode(&global_id)
                .unwrap();
            String::from_utf8(raw)
                .unwrap()
                .split_once(':')
                .unwrap()
                .1
                .to_owned()
        };
        let email_hash: String = Sha256::digest(email.as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let needles = [
            uuid,
            email.to_owned(),
            name.to_owned(),
            "zainab".to_owned(),
            email_hash,
        ];
        let leftovers = tables_mentioning(&app, db, &needles).await;
        assert!(
            leftovers.is_empty(),
            "{db:?}: personal data left after erasure: {leftovers:?}"
        );
        // Afterwards the account is simply gone. (A failed login for its old address is
        // counted again from then on, as for any unknown address.)
        let me = call(&app, "{ me { id } }", json!({}), Some(&token)).await;
        assert!(me["data"]["me"].is_null());
        let login = call(&app, "mutation($e: String!) { login(input: { email: $e, password: \"Lavender-Tram-71-Quarry\" }) { accessToken } }", json!({ "e": email }), None).await;
        assert!(login["data"]["login"]["accessToken"].is_null());

        // The organisation they founded stays (it is not personal data), and the other
        // organisation lost only its member.
        let members = call(
            &app,
            "query($org: ID!) { organisation(id: $org) { members { nodes { user { email } } } } }",
            json!({ "org": other_id }),
            Some(&owner),
        )
        .await;
        assert_eq!(
            members["data"]["organisation"]["members"]["nodes"]
                .as_array()
                .unwrap()
                .len(),
            1
        );
        app.stop().await;
    }
}
