//! Organisations over HTTP on each database: founding with validation, inviting and
//! joining, and verification by an administrator.

mod common;

use common::PASSWORD;
use common::{TestApp, databases, setups, spawn_app_for, spawn_app_with};
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

const UPDATE_PROFILE: &str = "mutation($input: UpdateOrganisationProfileInput!) {
    updateOrganisationProfile(input: $input) { organisation { id description address
    location { placeName region latitude longitude } languages { code } services
    openingHours { day opens closes } contactEmail contactPhone } userErrors { field code } } }";

/// An organisation of `kind` owned by a new account of `role`, with its public profile:
/// (owner's token, organisation id).
async fn listed(
    app: &TestApp,
    role: &str,
    kind: &str,
    name: &str,
    profile: Value,
) -> (String, String) {
    let email = format!("{}@example.org", name.to_lowercase().replace(' ', "-"));
    let token = account(app, &email, role).await;
    let created = call(
        app,
        CREATE,
        json!({ "input": { "kind": kind, "name": name } }),
        &token,
    )
    .await;
    let id = created["data"]["createOrganisation"]["organisation"]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("{created}"))
        .to_owned();
    let mut input = profile;
    input["organisationId"] = json!(id);
    let updated = call(app, UPDATE_PROFILE, json!({ "input": input }), &token).await;
    assert_eq!(
        updated["data"]["updateOrganisationProfile"]["userErrors"],
        json!([]),
        "{name}: {updated}"
    );
    (token, id)
}

/// A place `km_east` kilometres east of the Brandenburg Gate (one degree of longitude is
/// about 68 km at that latitude).
fn east_of_berlin(km_east: f64) -> Value {
    json!({ "placeName": "Berlin", "countryCode": "DE", "region": "DE-BE",
            "latitude": 52.5163, "longitude": 13.3777 + km_east / 68.0 })
}

#[tokio::test]
async fn the_directory_finds_who_helps_in_which_language_nearby() {
    // Each database on the embedded search, and on Meilisearch when MEILISEARCH_URL is set.
    for setup in setups() {
        let db = &setup;
        let app = spawn_app_for(&setup).await;
        let recognition_in_arabic = json!({
            "description": "Recognition of foreign diplomas, in Arabic and German.",
            "address": "Alexanderplatz 1, 10178 Berlin",
            "location": east_of_berlin(3.0),
            "languages": ["ar", "de"],
            "services": ["RECOGNITION_GUIDANCE", "CV_HELP"],
            "openingHours": [{ "day": "MONDAY", "opens": "09:00", "closes": "12:30" },
                             { "day": "MONDAY", "opens": "14:00", "closes": "17:00" }],
            "contactEmail": " hello@mitte.example ",
            "contactPhone": "+49 30 123456"
        });
        let (owner, mitte) = listed(
            &app,
            "CASEWORKER",
            "SUPPORT_ORGANISATION",
            "Welcome Mitte",
            recognition_in_arabic.clone(),
        )
        .await;
        let mut far = recognition_in_arabic.clone();
        far["location"] = east_of_berlin(60.0);
        let (_, _) = listed(
            &app,
            "CASEWORKER",
            "SUPPORT_ORGANISATION",
            "Frankfurt Oder Advice",
            far,
        )
        .await;
        let mut turkish = recognition_in_arabic.clone();
        turkish["languages"] = json!(["tr", "de"]);
        let (_, _) = listed(
            &app,
            "CASEWORKER",
            "SUPPORT_ORGANISATION",
            "Kreuzberg Desk",
            turkish,
        )
        .await;
        let mut legal = recognition_in_arabic.clone();
        legal["services"] = json!(["LEGAL_ADVICE"]);
        let (_, _) = listed(
            &app,
            "CASEWORKER",
            "SUPPORT_ORGANISATION",
            "Legal Aid Wedding",
            legal,
        )
        .await;
        let (baker, bakery) = listed(
            &app,
            "EMPLOYER",
            "EMPLOYER",
            "Bakery Mitte",
            json!({ "languages": ["ar"], "location": east_of_berlin(1.0) }),
        )
        .await;

        // What the owner saved reads back tidied.
        let saved = call(&app, "query($o: ID!) { organisation(id: $o) { contactEmail openingHours { day opens closes } services } }", json!({ "o": mitte }), &owner).await;
        assert_eq!(
            saved["data"]["organisation"]["contactEmail"], "hello@mitte.example",
            "{db:?}: {saved}"
        );
        assert_eq!(
            saved["data"]["organisation"]["openingHours"][1],
            json!({ "day": "MONDAY", "opens": "14:00", "closes": "17:00" })
        );
        assert_eq!(
            saved["data"]["organisation"]["services"],
            json!(["RECOGNITION_GUIDANCE", "CV_HELP"])
        );

        // Recognition guidance in Arabic within 20 km of the Gate: the right one, with facets,
        // for anyone (no login).
        app.search_settled().await;
        let search = "query($f: OrganisationFilter, $q: String) { organisations(query: $q, filter: $f, first: 10) {
            totalCount nodes { name kind services languages { code } }
            facets { field values { value count } } } }";
        let filter = json!({ "services": ["RECOGNITION_GUIDANCE"], "languages": ["ar"],
                             "within": { "latitude": 52.5163, "longitude": 13.3777, "km": 20 } });
        let (_, found) = app
            .graphql(json!({ "query": search, "variables": { "f": filter } }))
            .await;
        let organisations = &found["data"]["organisations"];
        assert_eq!(organisations["totalCount"], 1, "{db:?}: {found}");
        assert_eq!(organisations["nodes"][0]["name"], "Welcome Mitte");
        let facet = |field: &str| {
            organisations["facets"]
                .as_array()
                .unwrap()
                .iter()
                .find(|f| f["field"] == field)
                .map(|f| f["values"].clone())
                .unwrap_or_default()
        };
        assert_eq!(
            facet("kind"),
            json!([{ "value": "SUPPORT_ORGANISATION", "count": 1 }])
        );
        assert_eq!(
            facet("service"),
            json!([{ "value": "CV_HELP", "count": 1 }, { "value": "RECOGNITION_GUIDANCE", "count": 1 }])
        );
        // Everyone within 20 km, nearest first: the bakery is 1 km from the Gate.
        let near = json!({ "within": { "latitude": 52.5163, "longitude": 13.3777, "km": 20 } });
        let (_, nearby) = app
            .graphql(json!({ "query": search, "variables": { "f": near } }))
            .await;
        assert_eq!(
            nearby["data"]["organisations"]["totalCount"], 4,
            "{db:?}: {nearby}"
        );
        assert_eq!(
            nearby["data"]["organisations"]["nodes"][0]["name"],
            "Bakery Mitte"
        );
        // By name, with a typo.
        let (_, named) = app
            .graphql(json!({ "query": search, "variables": { "q": "kreuzbreg" } }))
            .await;
        assert_eq!(
            named["data"]["organisations"]["nodes"][0]["name"], "Kreuzberg Desk",
            "{named}"
        );

        // Bad input: a userError for what was written, BAD_USER_INPUT for a bad filter.
        for (input, field, code) in [
            (
                json!({ "services": ["LEGAL_ADVICE"] }),
                "services",
                "NOT_A_SUPPORT_ORGANISATION",
            ),
            (
                json!({ "openingHours": [{ "day": "FRIDAY", "opens": "17:00", "closes": "09:00" }] }),
                "openingHours[0].closes",
                "ENDS_BEFORE_START",
            ),
            (
                json!({ "openingHours": [{ "day": "FRIDAY", "opens": "9am", "closes": "17:00" }] }),
                "openingHours[0].opens",
                "OUT_OF_RANGE",
            ),
            (
                json!({ "languages": ["xx"] }),
                "languages[0]",
                "INVALID_LANGUAGE",
            ),
            (
                json!({ "contactEmail": "not an address" }),
                "contactEmail",
                "INVALID_EMAIL",
            ),
            (
                json!({ "description": "x".repeat(2001) }),
                "description",
                "TOO_LONG",
            ),
        ] {
            let mut input = input;
            input["organisationId"] = json!(bakery);
            let refused = call(&app, UPDATE_PROFILE, json!({ "input": input }), &baker).await;
            assert_eq!(
                refused["data"]["updateOrganisationProfile"]["userErrors"],
                json!([{ "field": field, "code": code }]),
                "{db:?}: {refused}"
            );
        }
        let stranger = account(&app, "stranger@example.org", "CASEWORKER").await;
        let not_owner = call(
            &app,
            UPDATE_PROFILE,
            json!({ "input": { "organisationId": mitte, "description": "Ours now" } }),
            &stranger,
        )
        .await;
        assert_eq!(
            not_owner["errors"][0]["extensions"]["code"], "FORBIDDEN",
            "{not_owner}"
        );
        let (_, bad) = app
            .graphql(json!({ "query": search, "variables": { "f": { "languages": ["klingon"] } } }))
            .await;
        assert_eq!(
            bad["errors"][0]["extensions"]["code"], "BAD_USER_INPUT",
            "{bad}"
        );

        // A person asks the centre for help; it accepts, and the person delegates to it.
        let amal = account(&app, "amal@example.org", "MIGRANT").await;
        let ask = "mutation($o: ID!, $m: String!) { requestSupport(input: { organisationId: $o, message: $m }) { supportRequest { id status } userErrors { field code } } }";
        let not_support = call(&app, ask, json!({ "o": bakery, "m": "" }), &amal).await;
        assert_eq!(
            not_support["data"]["requestSupport"]["userErrors"],
            json!([{ "field": "organisationId", "code": "NOT_A_SUPPORT_ORGANISATION" }])
        );
        let too_long = call(
            &app,
            ask,
            json!({ "o": mitte, "m": "x".repeat(1001) }),
            &amal,
        )
        .await;
        assert_eq!(
            too_long["data"]["requestSupport"]["userErrors"][0]["code"],
            "TOO_LONG"
        );
        let asked = call(
            &app,
            ask,
            json!({ "o": mitte, "m": "My nursing diploma is from Syria." }),
            &amal,
        )
        .await;
        let request = asked["data"]["requestSupport"]["supportRequest"]["id"]
            .as_str()
            .unwrap_or_else(|| panic!("{asked}"))
            .to_owned();
        let twice = call(&app, ask, json!({ "o": mitte, "m": "" }), &amal).await;
        assert_eq!(
            twice["data"]["requestSupport"]["userErrors"][0]["code"],
            "ALREADY_REQUESTED"
        );
        let inbox = call(&app, "query($o: ID!) { supportRequests(organisationId: $o) { nodes { id message seeker { displayName } } } }", json!({ "o": mitte }), &owner).await;
        assert_eq!(
            inbox["data"]["supportRequests"]["nodes"][0]["seeker"]["displayName"], "Tester",
            "{db:?}: {inbox}"
        );
        let other_centre = call(
            &app,
            "query($o: ID!) { supportRequests(organisationId: $o) { nodes { id } } }",
            json!({ "o": mitte }),
            &stranger,
        )
        .await;
        assert_eq!(other_centre["errors"][0]["extensions"]["code"], "FORBIDDEN");
        let answer = "mutation($r: ID!, $o: ID!) { answerSupportRequest(input: { supportRequestId: $r, organisationId: $o, accept: true }) { supportRequest { status } userErrors { field code } } }";
        let accepted = call(&app, answer, json!({ "r": request, "o": mitte }), &owner).await;
        assert_eq!(
            accepted["data"]["answerSupportRequest"]["supportRequest"]["status"], "ACCEPTED",
            "{db:?}: {accepted}"
        );
        let again = call(&app, answer, json!({ "r": request, "o": mitte }), &owner).await;
        assert_eq!(
            again["data"]["answerSupportRequest"]["userErrors"][0]["code"],
            "NOT_PENDING"
        );
        let mine = call(
            &app,
            "{ mySupportRequests { nodes { status organisation { name } } } }",
            json!({}),
            &amal,
        )
        .await;
        assert_eq!(
            mine["data"]["mySupportRequests"]["nodes"][0],
            json!({ "status": "ACCEPTED", "organisation": { "name": "Welcome Mitte" } })
        );
        let granted = call(&app, "mutation($o: ID!) { grantDelegation(input: { organisationId: $o, scopes: [EDIT_PROFILE, APPLY] }) { delegation { scopes } } }", json!({ "o": mitte }), &amal).await;
        assert_eq!(
            granted["data"]["grantDelegation"]["delegation"]["scopes"],
            json!(["VIEW", "EDIT_PROFILE", "APPLY"])
        );
        let node = call(
            &app,
            "query($id: ID!) { node(id: $id) { ... on SupportRequest { status } } }",
            json!({ "id": request }),
            &amal,
        )
        .await;
        assert_eq!(node["data"]["node"]["status"], "ACCEPTED", "{node}");
        let hidden = call(
            &app,
            "query($id: ID!) { node(id: $id) { id } }",
            json!({ "id": request }),
            &stranger,
        )
        .await;
        assert_eq!(hidden["data"]["node"], Value::Null);
        app.stop().await;
    }
}
