//! Accounts over HTTP on each database: registration rules, login, `me`, refresh token
//! rotation and reuse, logout, login rate limits, and every kind of bad token.

mod common;

use common::PASSWORD;
use common::{Db, TestApp, databases, spawn_app_with};
use serde_json::{Value, json};

const REGISTER: &str = "mutation($input: RegisterInput!) { register(input: $input) {
    accessToken accessTokenExpiresAt refreshToken user { id email role displayName }
    userErrors { field code message } } }";
const LOGIN: &str = "mutation($input: LoginInput!) { login(input: $input) {
    accessToken refreshToken user { email } userErrors { field code message } } }";
const REFRESH: &str = "mutation($input: RefreshTokenInput!) { refreshToken(input: $input) {
    accessToken refreshToken userErrors { field code message } } }";
const LOGOUT: &str =
    "mutation($input: LogoutInput!) { logout(input: $input) { ok userErrors { code } } }";

async fn call(app: &TestApp, query: &str, variables: Value, token: Option<&str>) -> (u16, Value) {
    let mut request = app
        .client
        .post(app.url("/graphql"))
        .header("content-type", "application/json")
        .body(json!({ "query": query, "variables": variables }).to_string());
    if let Some(token) = token {
        request = request.header("authorization", format!("Bearer {token}"));
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap())
}

async fn register(app: &TestApp, email: &str, role: &str) -> Value {
    let input = json!({ "input": { "email": email, "password": PASSWORD, "role": role, "displayName": "Amina Koné" } });
    let (status, body) = call(app, REGISTER, input, None).await;
    assert_eq!(status, 200, "{body}");
    body["data"]["register"].clone()
}

fn codes(payload: &Value) -> Vec<String> {
    payload["userErrors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["code"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn register_login_me_refresh_and_logout() {
    for db in databases() {
        let app = spawn_app_with(db, |_| {}).await;
        let registered = register(&app, "Amina@Example.org", "MIGRANT").await;
        assert_eq!(
            codes(&registered),
            Vec::<String>::new(),
            "{db:?}: {registered}"
        );
        assert_eq!(registered["user"]["email"], "amina@example.org");
        assert_eq!(registered["user"]["role"], "MIGRANT");
        let access = registered["accessToken"].as_str().unwrap().to_owned();

        let (_, me) = call(
            &app,
            "{ me { email role displayName } }",
            json!({}),
            Some(&access),
        )
        .await;
        assert_eq!(
            me["data"]["me"]["email"], "amina@example.org",
            "{db:?}: {me}"
        );
        let (_, anonymous) = call(&app, "{ me { email } }", json!({}), None).await;
        assert!(anonymous["data"]["me"].is_null());

        let (_, login) = call(
            &app,
            LOGIN,
            json!({ "input": { "email": "AMINA@example.org", "password": PASSWORD } }),
            None,
        )
        .await;
        let login = &login["data"]["login"];
        assert_eq!(codes(login), Vec::<String>::new(), "{login}");
        let first_refresh = login["refreshToken"].as_str().unwrap().to_owned();

        // Rotation: each refresh token works once.
        let (_, refreshed) = call(
            &app,
            REFRESH,
            json!({ "input": { "refreshToken": first_refresh } }),
            None,
        )
        .await;
        let refreshed = &refreshed["data"]["refreshToken"];
        assert_eq!(codes(refreshed), Vec::<String>::new(), "{refreshed}");
        let second_refresh = refreshed["refreshToken"].as_str().unwrap().to_owned();
        assert_ne!(second_refresh, first_refresh);
        let new_access = refreshed["accessToken"].as_str().unwrap();
        let (_, me) = call(&app, "{ me { email } }", json!({}), Some(new_access)).await;
        assert_eq!(me["data"]["me"]["email"], "amina@example.org");

        // Replaying the first token revokes the family: the second one dies with it.
        let (_, replay) = call(
            &app,
            REFRESH,
            json!({ "input": { "refreshToken": first_refresh } }),
            None,
        )
        .await;
        assert_eq!(
            codes(&replay["data"]["refreshToken"]),
            ["REFRESH_TOKEN_REUSED"]
        );
        let (_, after) = call(
            &app,
            REFRESH,
            json!({ "input": { "refreshToken": second_refresh } }),
            None,
        )
        .await;
        assert_eq!(
            codes(&after["data"]["refreshToken"]),
            ["INVALID_REFRESH_TOKEN"]
        );
        assert!(after["data"]["refreshToken"]["accessToken"].is_null());

        // Logout ends the login the token belongs to; doing it twice is fine.
        let registered_refresh = registered["refreshToken"].as_str().unwrap();
        for _ in 0..2 {
            let (_, out) = call(
                &app,
                LOGOUT,
                json!({ "input": { "refreshToken": registered_refresh } }),
                None,
            )
            .await;
            assert_eq!(out["data"]["logout"]["ok"], true);
        }
        let (_, dead) = call(
            &app,
            REFRESH,
            json!({ "input": { "refreshToken": registered_refresh } }),
            None,
        )
        .await;
        assert_eq!(
            codes(&dead["data"]["refreshToken"]),
            ["INVALID_REFRESH_TOKEN"]
        );
        app.stop().await;
    }
}

#[tokio::test]
async fn registration_refuses_what_it_must() {
    let app = spawn_app_with(Db::Sqlite, |_| {}).await;
    register(&app, "taken@example.org", "EMPLOYER").await;
    let cases = [
        (
            json!({ "email": "not-an-email", "password": PASSWORD, "role": "MIGRANT", "displayName": "A" }),
            "email",
            "INVALID_EMAIL",
        ),
        (
            json!({ "email": "a@example.org", "password": "short", "role": "MIGRANT", "displayName": "A" }),
            "password",
            "PASSWORD_TOO_SHORT",
        ),
        (
            json!({ "email": "a@example.org", "password": "password1234", "role": "MIGRANT", "displayName": "A" }),
            "password",
            "PASSWORD_TOO_COMMON",
        ),
        (
            json!({ "email": "omar.haddad@example.org", "password": "omar.haddad1999", "role": "MIGRANT", "displayName": "Omar Haddad" }),
            "password",
            "PASSWORD_TOO_COMMON",
        ),
        (
            json!({ "email": "a@example.org", "password": "x".repeat(300), "role": "MIGRANT", "displayName": "A" }),
            "password",
            "PASSWORD_TOO_LONG",
        ),
        (
            json!({ "email": "a@example.org", "password": PASSWORD, "role": "ADMIN", "displayName": "A" }),
            "role",
            "ROLE_NOT_ALLOWED",
        ),
        (
            json!({ "email": "a@example.org", "password": PASSWORD, "role": "MIGRANT", "displayName": "   " }),
            "displayName",
            "INVALID_DISPLAY_NAME",
        ),
        (
            json!({ "email": "a@example.org", "password": PASSWORD, "role": "MIGRANT", "displayName": "x".repeat(101) }),
            "displayName",
            "INVALID_DISPLAY_NAME",
        ),
        (
            json!({ "email": "TAKEN@example.org", "password": PASSWORD, "role": "TRAINER", "displayName": "B" }),
            "email",
            "EMAIL_TAKEN",
        ),
    ];
    for (input, field, code) in cases {
        let (status, body) = call(&app, REGISTER, json!({ "input": input }), None).await;
        assert_eq!(status, 200);
        let payload = &body["data"]["register"];
        assert!(payload["accessToken"].is_null(), "{input}: {payload}");
        let error = &payload["userErrors"][0];
        assert_eq!(
            (error["field"].as_str(), error["code"].as_str()),
            (Some(field), Some(code)),
            "{input}: {payload}"
        );
        assert!(!error["message"].as_str().unwrap().is_empty());
    }
    // An unknown role is a schema error, not a crash.
    let (_, body) = call(&app, REGISTER, json!({ "input": { "email": "a@example.org", "password": PASSWORD, "role": "KING", "displayName": "A" } }), None).await;
    assert!(body["errors"].is_array());
    app.stop().await;
}

#[tokio::test]
async fn failed_logins_look_alike_and_are_rate_limited() {
    for db in databases() {
        let app = spawn_app_with(db, |config| {
            config.auth.max_failed_logins_per_account = 3;
            config.auth.max_failed_logins_per_address = 6;
        })
        .await;
        register(&app, "omar@example.org", "MIGRANT").await;
        let login = |email: &str, password: &str| json!({ "input": { "email": email, "password": password } });

        let (_, wrong) = call(
            &app,
            LOGIN,
            login("omar@example.org", "Wrong-Password-Here-42"),
            None,
        )
        .await;
        let (_, unknown) = call(
            &app,
            LOGIN,
            login("nobody@example.org", "Wrong-Password-Here-42"),
            None,
        )
        .await;
        let (_, malformed) = call(
            &app,
            LOGIN,
            login("not an email", "Wrong-Password-Here-42"),
            None,
        )
        .await;
        let wrong = &wrong["data"]["login"]["userErrors"];
        assert_eq!(
            wrong, &unknown["data"]["login"]["userErrors"],
            "{db:?}: an unknown email and a wrong password look the same"
        );
        assert_eq!(wrong, &malformed["data"]["login"]["userErrors"]);
        assert_eq!(wrong[0]["code"], "INVALID_CREDENTIALS");

        // Two more failures reach the account limit: even the right password is refused now.
        for _ in 0..2 {
            call(
                &app,
                LOGIN,
                login("omar@example.org", "Wrong-Password-Here-42"),
                None,
            )
            .await;
        }
        let (status, limited) = call(&app, LOGIN, login("omar@example.org", PASSWORD), None).await;
        assert_eq!(status, 200);
        assert_eq!(
            limited["errors"][0]["extensions"]["code"], "RATE_LIMITED",
            "{db:?}: {limited}"
        );

        // The address has failed 5 times; one more failure on another account reaches its limit.
        register(&app, "lina@example.org", "MIGRANT").await;
        call(
            &app,
            LOGIN,
            login("lina@example.org", "Wrong-Password-Here-42"),
            None,
        )
        .await;
        let (_, blocked) = call(&app, LOGIN, login("lina@example.org", PASSWORD), None).await;
        assert_eq!(
            blocked["errors"][0]["extensions"]["code"], "RATE_LIMITED",
            "{db:?}: per address"
        );
        app.stop().await;
    }
}

#[tokio::test]
async fn bad_tokens_are_unauthenticated_never_internal() {
    use jsonwebtoken::{Algorithm, EncodingKey, Header, encode};

    let app = spawn_app_with(Db::Sqlite, |_| {}).await;
    let registered = register(&app, "kai@example.org", "EMPLOYER").await;
    let good = registered["accessToken"].as_str().unwrap().to_owned();
    let key_file = app.data_dir.path().join("jwt-hs256.key");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&key_file).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "the signing key is readable by its owner only");
    }
    let secret = std::fs::read(&key_file).unwrap();
    let now = chrono::Utc::now().timestamp();
    let user_id = uuid::Uuid::now_v7().to_string();
    let claims = |aud: &str, iss: &str, exp: i64| json!({ "sub": user_id, "role": "ADMIN", "aud": aud, "iss": iss, "iat": now, "nbf": now - 60, "exp": exp });
    let sign = |alg, claims: &Value, secret: &[u8]| {
        encode(&Header::new(alg), claims, &EncodingKey::from_secret(secret)).unwrap()
    };
    let mut tampered = good.clone();
    let at = good.rfind('.').unwrap() + 5;
    tampered.replace_range(at..=at, if &good[at..=at] == "x" { "y" } else { "x" });

    let cases: Vec<(&str, String)> = vec![
        ("malformed", "Bearer not.a.token".into()),
        ("garbage", "Bearer %%%".into()),
        ("empty bearer", "Bearer ".into()),
        ("other scheme", format!("Basic {good}")),
        ("no scheme", good.clone()),
        ("tampered", format!("Bearer {tampered}")),
        (
            "expired",
            format!(
                "Bearer {}",
                sign(
                    Algorithm::HS256,
                    &claims("skillbridge-api", "skillbridge", now - 3600),
                    &secret
                )
            ),
        ),
        (
            "forged",
            format!(
                "Bearer {}",
                sign(
                    Algorithm::HS256,
                    &claims("skillbridge-api", "skillbridge", now + 600),
                    b"a secret somebody guessed, not ours"
                )
            ),
        ),
        (
            "other algorithm",
            format!(
                "Bearer {}",
                sign(
                    Algorithm::HS384,
                    &claims("skillbridge-api", "skillbridge", now + 600),
                    &secret
                )
            ),
        ),
        (
            "other audience",
            format!(
                "Bearer {}",
                sign(
                    Algorithm::HS256,
                    &claims("another-api", "skillbridge", now + 600),
                    &secret
                )
            ),
        ),
        (
            "other issuer",
            format!(
                "Bearer {}",
                sign(
                    Algorithm::HS256,
                    &claims("skillbridge-api", "someone-else", now + 600),
                    &secret
                )
            ),
        ),
    ];
    for (case, authorization) in cases {
        let response = app
            .client
            .post(app.url("/graphql"))
            .header("content-type", "application/json")
            .header("authorization", authorization)
            .body(r#"{"query":"{ me { email } }"}"#)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), 401, "{case}");
        assert!(
            response.headers()["www-authenticate"]
                .to_str()
                .unwrap()
                .starts_with("Bearer"),
            "{case}"
        );
        let body: Value = response.json().await.unwrap();
        assert_eq!(
            body["errors"][0]["extensions"]["code"], "UNAUTHENTICATED",
            "{case}: {body}"
        );
        assert!(body.get("data").is_none(), "{case}: nothing executed");
    }
    // The good token still works, and GET requests authenticate the same way.
    let (_, me) = call(&app, "{ me { email } }", json!({}), Some(&good)).await;
    assert_eq!(me["data"]["me"]["email"], "kai@example.org");
    let response = app
        .client
        .get(app.url("/graphql"))
        .query(&[("query", "{ me { email } }")])
        .header("accept", "application/json")
        .header("authorization", "Bearer nonsense")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 401);
    app.stop().await;
}
