//! What employers see, on each database: nothing of a private profile, an anonymised card
//! once the person chooses to be found and consents to sharing, the full profile only for
//! the organisation whose contact request the person accepted, and every view in the
//! person's access log.

mod common;

use common::{TestApp, databases, spawn_app_with};
use serde_json::{Value, json};

async fn call(app: &TestApp, query: &str, variables: Value, token: &str) -> (String, Value) {
    app.call_raw(query, variables, Some(token)).await
}

async fn account(app: &TestApp, email: &str, role: &str, name: &str) -> String {
    app.register(email, role, name).await
}

async fn employer(app: &TestApp, email: &str, name: &str) -> (String, String) {
    let token = account(app, email, "EMPLOYER", "Recruiter").await;
    let (_, body) = call(app, "mutation($name: String!) { createOrganisation(input: { kind: EMPLOYER, name: $name }) { organisation { id } } }", json!({ "name": name }), &token).await;
    (
        token,
        body["data"]["createOrganisation"]["organisation"]["id"]
            .as_str()
            .unwrap()
            .to_owned(),
    )
}

const CARD: &str = "query($id: ID!, $org: ID!) { candidate(id: $id, organisationId: $org) {
    id region availableFrom willingToRelocate mobilityRadiusKm
    skills { skill { uri } proficiency } languages { language { code } level }
    experience { occupation { uri } kind years } } }";
const BAKER: &str = "http://data.europa.eu/esco/occupation/1aadb308-432a-4d01-b54b-b4f7f76dd419";
const FULL: &str = "query($id: ID!, $org: ID!) { candidateProfile(id: $id, organisationId: $org) { displayName contactEmail } }";

fn code(body: &Value) -> &str {
    body["errors"][0]["extensions"]["code"]
        .as_str()
        .unwrap_or("<none>")
}

#[tokio::test]
async fn employers_see_what_the_person_allows_and_every_view_is_logged() {
    for db in databases() {
        let app = spawn_app_with(db, |_| {}).await;
        let person = account(&app, "hawa@example.org", "MIGRANT", "Hawa Diallo-Secret").await;
        let (recruiter, bakery) = employer(&app, "bakery@example.org", "Brot & Co").await;
        let (other, hotel) = employer(&app, "hotel@example.org", "Grand Hotel").await;

        let (_, saved) = call(&app, "mutation($input: UpdateMyProfileInput!) { updateMyProfile(input: $input) { userErrors { code } } }", json!({ "input": {
            "contactEmail": "hawa.secret@example.org", "contactPhone": "+49 170 9988776", "birthYear": 1996,
            "gender": "gender-secret", "countryOfOrigin": "GN", "rightToWork": "PENDING", "intendedStay": "SETTLED",
            "location": { "placeName": "Secretville", "countryCode": "DE", "region": "DE-BY" }, "mobilityRadiusKm": 30
        } }), &person).await;
        assert_eq!(
            saved["data"]["updateMyProfile"]["userErrors"],
            json!([]),
            "{db:?}"
        );
        call(&app, "mutation { setProfileLanguage(input: { language: \"de\", level: \"B1\" }) { userErrors { code } } }", json!({}), &person).await;
        for experience in [
            json!({ "occupationUri": BAKER, "kind": "WAGED", "years": 3.5, "countryCode": "GN" }),
            json!({ "title": "Secret family shop", "kind": "UNPAID", "years": 2, "countryCode": "GN" }),
        ] {
            let (_, saved) = call(&app, "mutation($input: SaveWorkExperienceInput!) { saveWorkExperience(input: $input) { userErrors { code } } }", json!({ "input": experience }), &person).await;
            assert_eq!(
                saved["data"]["saveWorkExperience"]["userErrors"],
                json!([]),
                "{db:?}: {saved}"
            );
        }
        let (_, me) = call(&app, "{ myProfile { id } }", json!({}), &person).await;
        let candidate = me["data"]["myProfile"]["id"].as_str().unwrap().to_owned();
        let ids = json!({ "id": candidate, "org": bakery });

        // Private: employers cannot tell the profile exists.
        let (_, hidden) = call(&app, CARD, ids.clone(), &recruiter).await;
        assert_eq!(code(&hidden), "NOT_FOUND", "{db:?}: {hidden}");
        // Anonymised without consent to sharing: still nothing.
        call(&app, "mutation { updateMyProfile(input: { visibility: ANONYMISED }) { userErrors { code } } }", json!({}), &person).await;
        let (_, hidden) = call(&app, CARD, ids.clone(), &recruiter).await;
        assert_eq!(code(&hidden), "NOT_FOUND", "{db:?}: consent is required");
        call(&app, "mutation { setConsent(input: { purpose: SHARING_WITH_EMPLOYERS, granted: true }) { consents { granted } } }", json!({}), &person).await;

        let (raw, card) = call(&app, CARD, ids.clone(), &recruiter).await;
        let card = &card["data"]["candidate"];
        // Scan everything but the opaque id, whose random base64 could contain any short
        // string by chance.
        let mut scanned = card.clone();
        scanned.as_object_mut().unwrap().remove("id");
        let scanned = scanned.to_string();
        assert_eq!(card["region"], "DE-BY", "{db:?}: {raw}");
        assert_eq!(card["languages"][0]["level"], "B1");
        assert_eq!(
            card["experience"],
            json!([{ "occupation": { "uri": BAKER }, "kind": "WAGED", "years": 3.5 }]),
            "{db:?}: occupations only, without titles or countries"
        );
        for secret in [
            "Hawa",
            "Diallo",
            "hawa.secret",
            "9988776",
            "1996",
            "gender-secret",
            "GN",
            "PENDING",
            "SETTLED",
            "Secretville",
            "Secret family shop",
        ] {
            assert!(
                !scanned.contains(secret),
                "{db:?}: the card reveals {secret}: {raw}"
            );
        }
        // Acting for an organisation one does not belong to is refused.
        let (_, foreign) = call(
            &app,
            CARD,
            json!({ "id": candidate, "org": bakery }),
            &other,
        )
        .await;
        assert_eq!(code(&foreign), "FORBIDDEN");

        let (_, full) = call(&app, FULL, ids.clone(), &recruiter).await;
        assert_eq!(code(&full), "FORBIDDEN", "{db:?}: not revealed yet");

        let ask = "mutation($id: ID!, $org: ID!) { requestContact(input: { candidateId: $id, organisationId: $org, message: \"We would like to talk.\" }) { contactRequest { id status } userErrors { code } } }";
        let (_, asked) = call(&app, ask, ids.clone(), &recruiter).await;
        assert_eq!(
            asked["data"]["requestContact"]["contactRequest"]["status"], "PENDING",
            "{db:?}: {asked}"
        );
        let (_, twice) = call(&app, ask, ids.clone(), &recruiter).await;
        assert_eq!(
            twice["data"]["requestContact"]["userErrors"][0]["code"],
            "ALREADY_REQUESTED"
        );
        call(&app, ask, json!({ "id": candidate, "org": hotel }), &other).await;

        let (_, inbox) = call(
            &app,
            "{ myContactRequests { nodes { id status message organisation { name } } } }",
            json!({}),
            &person,
        )
        .await;
        let inbox = inbox["data"]["myContactRequests"]["nodes"]
            .as_array()
            .unwrap()
            .clone();
        assert_eq!(inbox.len(), 2, "{db:?}");
        let from_bakery = inbox
            .iter()
            .find(|r| r["organisation"]["name"] == "Brot & Co")
            .unwrap();
        assert_eq!(from_bakery["message"], "We would like to talk.");
        let respond = "mutation($id: ID!, $accept: Boolean!) { respondToContactRequest(input: { contactRequestId: $id, accept: $accept }) { contactRequest { status } userErrors { code } } }";
        let (_, accepted) = call(
            &app,
            respond,
            json!({ "id": from_bakery["id"], "accept": true }),
            &person,
        )
        .await;
        assert_eq!(
            accepted["data"]["respondToContactRequest"]["contactRequest"]["status"], "ACCEPTED",
            "{accepted}"
        );
        let (_, again) = call(
            &app,
            respond,
            json!({ "id": from_bakery["id"], "accept": false }),
            &person,
        )
        .await;
        assert_eq!(
            again["data"]["respondToContactRequest"]["userErrors"][0]["code"],
            "NOT_PENDING"
        );
        let from_hotel = inbox
            .iter()
            .find(|r| r["organisation"]["name"] == "Grand Hotel")
            .unwrap();
        call(
            &app,
            respond,
            json!({ "id": from_hotel["id"], "accept": false }),
            &person,
        )
        .await;

        // Revealed to the bakery only.
        let (_, full) = call(&app, FULL, ids.clone(), &recruiter).await;
        assert_eq!(
            full["data"]["candidateProfile"]["contactEmail"], "hawa.secret@example.org",
            "{db:?}: {full}"
        );
        let (_, declined) =
            call(&app, FULL, json!({ "id": candidate, "org": hotel }), &other).await;
        assert_eq!(
            code(&declined),
            "FORBIDDEN",
            "{db:?}: the hotel was declined"
        );
        let (_, repeat) = call(&app, ask, ids.clone(), &recruiter).await;
        assert_eq!(
            repeat["data"]["requestContact"]["userErrors"][0]["code"],
            "ALREADY_DISCLOSED"
        );

        let (_, export) = call(&app, "{ exportMyData }", json!({}), &person).await;
        let exported = &export["data"]["exportMyData"]["profile"];
        assert_eq!(
            exported["contactRequests"].as_array().map(Vec::len),
            Some(2),
            "{db:?}: {export}"
        );
        assert_eq!(exported["accessLog"].as_array().map(Vec::len), Some(2));
        let (_, log) = call(
            &app,
            "{ myProfileAccessLog { nodes { view viewedAt organisation { name } } } }",
            json!({}),
            &person,
        )
        .await;
        let log: Vec<(String, String)> = log["data"]["myProfileAccessLog"]["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| {
                (
                    a["view"].as_str().unwrap().to_owned(),
                    a["organisation"]["name"].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        assert_eq!(
            log,
            [
                ("PROFILE".to_owned(), "Brot & Co".to_owned()),
                ("CARD".to_owned(), "Brot & Co".to_owned())
            ],
            "{db:?}: newest first"
        );
        app.stop().await;
    }
}

#[tokio::test]
async fn the_card_type_has_no_identifying_fields() {
    let app = spawn_app_with(common::Db::Sqlite, |_| {}).await;
    let (_, body) = app
        .graphql(json!({ "query": "{ __type(name: \"CandidateCard\") { fields(includeDeprecated: true) { name } } }" }))
        .await;
    let names = |body: &Value| {
        let mut fields: Vec<String> = body["data"]["__type"]["fields"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["name"].as_str().unwrap().to_owned())
            .collect();
        fields.sort();
        fields
    };
    assert_eq!(
        names(&body),
        [
            "availability",
            "availableFrom",
            "experience",
            "id",
            "languages",
            "mobilityRadiusKm",
            "region",
            "skills",
            "willingToRelocate"
        ]
    );
    let (_, body) = app
        .graphql(
            json!({ "query": "{ __type(name: \"CandidateExperience\") { fields { name } } }" }),
        )
        .await;
    assert_eq!(names(&body), ["kind", "occupation", "years"]);
    app.stop().await;
}
