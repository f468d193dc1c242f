//! The entrepreneurship track over HTTP on each database: ventures for people in the
//! track, mentoring offered through organisations, mentors ranked for a venture, and bad
//! input refused with nothing saved.

mod common;

use common::{TestApp, databases, spawn_app_with};
use serde_json::{Value, json};

async fn call(app: &TestApp, query: &str, variables: Value, token: &str) -> Value {
    app.call(query, variables, Some(token)).await
}

const SAVE: &str = "mutation($i: SaveVentureInput!) { saveVenture(input: $i) {
    venture { id name stage sector skillsNeeded { uri } } userErrors { field code message } } }";

const MENTORS: &str = "query($v: ID!, $first: Int, $after: String) { mentorMatches(ventureId: $v, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } nodes { score sectorMatch
    mentor { displayName organisation { name } sectors } covers { uri } related { needed { uri } offered { uri } }
    uncovered { uri } } } }";

fn codes(body: &Value) -> Vec<String> {
    body["data"]["saveVenture"]["userErrors"]
        .as_array()
        .unwrap_or_else(|| panic!("{body}"))
        .iter()
        .map(|e| e["code"].as_str().unwrap().to_owned())
        .collect()
}

async fn mentor(
    app: &TestApp,
    email: &str,
    role: &str,
    kind: &str,
    name: &str,
    offer: Value,
) -> (String, Value) {
    let token = app.register(email, role, name).await;
    let org = call(
        app,
        "mutation($k: OrganisationKind!, $n: String!) { createOrganisation(input: { kind: $k, name: $n }) { organisation { id } } }",
        json!({ "k": kind, "n": format!("{name}'s organisation") }),
        &token,
    )
    .await;
    let org = org["data"]["createOrganisation"]["organisation"]["id"].clone();
    let mut input = json!({ "organisationId": org });
    input
        .as_object_mut()
        .unwrap()
        .extend(offer.as_object().unwrap().clone());
    let saved = call(
        app,
        "mutation($i: OfferMentoringInput!) { offerMentoring(input: $i) { mentorOffer { id sectors } userErrors { code } } }",
        json!({ "i": input }),
        &token,
    )
    .await;
    assert!(
        saved["data"]["offerMentoring"]["mentorOffer"]["id"].is_string(),
        "{saved}"
    );
    (token, org)
}

#[tokio::test]
async fn ventures_find_their_mentors() {
    for db in databases() {
        let app = spawn_app_with(db, |_| {}).await;
        let listed = app
            .call(
                "{ skills(first: 3) { edges { node { uri } } } }",
                json!({}),
                None,
            )
            .await;
        let s: Vec<String> = listed["data"]["skills"]["edges"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["node"]["uri"].as_str().unwrap().to_owned())
            .collect();

        let founder = app.register("rania@example.org", "MIGRANT", "Rania").await;
        let input = json!({ "name": "Bakery", "sector": "ACCOMMODATION_AND_FOOD", "stage": "IDEA",
                            "skillUris": [s[0], s[1]] });
        let outside = call(&app, SAVE, json!({ "i": input }), &founder).await;
        assert_eq!(codes(&outside), ["NOT_IN_TRACK"], "{db:?}: opt in first");
        call(&app, "mutation { updateMyProfile(input: { tracks: [ENTREPRENEURSHIP] }) { userErrors { code } } }", json!({}), &founder).await;

        // Bad input is refused and nothing is saved.
        let too_many: Vec<String> = (0..31).map(|i| format!("http://x/{i}")).collect();
        for (bad, expected) in [
            (
                json!({ "name": " ", "sector": "TRADE", "stage": "IDEA" }),
                "INVALID_NAME",
            ),
            (
                json!({ "name": "Shop", "sector": "TRADE", "stage": "IDEA", "skillUris": ["http://nope"] }),
                "UNKNOWN_SKILL",
            ),
            (
                json!({ "name": "Shop", "sector": "TRADE", "stage": "IDEA", "skillUris": too_many }),
                "TOO_MANY",
            ),
            (
                json!({ "name": "Shop", "sector": "TRADE", "stage": "IDEA", "skillUris": [s[0], s[0]] }),
                "DUPLICATE",
            ),
        ] {
            let refused = call(&app, SAVE, json!({ "i": bad }), &founder).await;
            assert_eq!(codes(&refused), [expected], "{db:?}: {refused}");
        }
        let typo = call(
            &app,
            SAVE,
            json!({ "i": { "name": "Shop", "sector": "BAKING", "stage": "IDEA" } }),
            &founder,
        )
        .await;
        assert_eq!(
            typo["errors"][0]["extensions"]["code"],
            "GRAPHQL_VALIDATION_FAILED"
        );
        let mine = call(&app, "{ myVentures { id } }", json!({}), &founder).await;
        assert_eq!(
            mine["data"]["myVentures"],
            json!([]),
            "{db:?}: nothing saved"
        );

        let saved = call(&app, SAVE, json!({ "i": input }), &founder).await;
        assert_eq!(codes(&saved), Vec::<String>::new(), "{db:?}: {saved}");
        let venture = saved["data"]["saveVenture"]["venture"]["id"].clone();
        assert_eq!(
            saved["data"]["saveVenture"]["venture"]["skillsNeeded"]
                .as_array()
                .unwrap()
                .len(),
            2
        );

        let (_, _) = mentor(&app, "baker@example.org", "EMPLOYER", "EMPLOYER", "Baker",
            json!({ "sectors": ["ACCOMMODATION_AND_FOOD"], "skillUris": [s[0]], "note": "Mondays" })).await;
        let (accountant, accountant_org) = mentor(
            &app,
            "acc@example.org",
            "TRAINER",
            "TRAINING_PROVIDER",
            "Accountant",
            json!({ "sectors": ["FINANCE"], "skillUris": [s[0], s[1]] }),
        )
        .await;
        mentor(
            &app,
            "miner@example.org",
            "EMPLOYER",
            "EMPLOYER",
            "Miner",
            json!({ "sectors": ["MINING"], "skillUris": [s[2]] }),
        )
        .await;

        let matches = call(&app, MENTORS, json!({ "v": venture }), &founder).await;
        let list = matches["data"]["mentorMatches"]["nodes"]
            .as_array()
            .unwrap_or_else(|| panic!("{matches}"));
        let names: Vec<&str> = list
            .iter()
            .map(|m| m["mentor"]["displayName"].as_str().unwrap())
            .collect();
        assert_eq!(
            names,
            ["Baker", "Accountant"],
            "{db:?}: the miner offers nothing this venture needs"
        );
        assert_eq!(list[0]["sectorMatch"], true);
        assert_eq!(list[0]["uncovered"][0]["uri"], s[1]);
        assert_eq!(list[1]["sectorMatch"], false);
        assert_eq!(list[1]["covers"].as_array().unwrap().len(), 2);
        assert!(list[0]["score"].as_f64().unwrap() > list[1]["score"].as_f64().unwrap());
        assert_eq!(matches["data"]["mentorMatches"]["totalCount"], 2);
        // A page at a time: the second mentor comes after the first page's cursor.
        let one = call(&app, MENTORS, json!({ "v": venture, "first": 1 }), &founder).await;
        let one = &one["data"]["mentorMatches"];
        assert_eq!(
            one["nodes"][0]["mentor"]["displayName"], "Baker",
            "{db:?}: {one}"
        );
        assert_eq!(one["pageInfo"]["hasNextPage"], true);
        let next = call(
            &app,
            MENTORS,
            json!({ "v": venture, "first": 1, "after": one["pageInfo"]["endCursor"] }),
            &founder,
        )
        .await;
        let next = &next["data"]["mentorMatches"];
        assert_eq!(
            next["nodes"][0]["mentor"]["displayName"], "Accountant",
            "{db:?}: {next}"
        );
        assert_eq!(next["pageInfo"]["hasNextPage"], false);

        // Nobody else sees the venture or its mentors.
        let stranger = app.register("stranger@example.org", "MIGRANT", "S").await;
        let hidden = call(&app, MENTORS, json!({ "v": venture }), &stranger).await;
        assert_eq!(
            hidden["errors"][0]["extensions"]["code"], "NOT_FOUND",
            "{hidden}"
        );
        let not_member = call(&app, "mutation($o: ID!) { offerMentoring(input: { organisationId: $o, sectors: [TRADE] }) { userErrors { code } } }",
            json!({ "o": accountant_org }), &stranger).await;
        assert_eq!(
            not_member["errors"][0]["extensions"]["code"], "FORBIDDEN",
            "{not_member}"
        );
        let empty = call(&app, "mutation($o: ID!) { offerMentoring(input: { organisationId: $o }) { userErrors { code } } }",
            json!({ "o": accountant_org }), &accountant).await;
        assert_eq!(
            empty["data"]["offerMentoring"]["userErrors"][0]["code"],
            "REQUIRED"
        );

        // Withdrawing takes a mentor out; the venture is in the person's export.
        call(&app, "mutation($o: ID!) { withdrawMentoring(input: { organisationId: $o }) { userErrors { code } } }",
            json!({ "o": accountant_org }), &accountant).await;
        let after = call(&app, MENTORS, json!({ "v": venture }), &founder).await;
        assert_eq!(
            after["data"]["mentorMatches"]["nodes"]
                .as_array()
                .unwrap()
                .len(),
            1,
            "{after}"
        );
        let export = call(&app, "{ exportMyData }", json!({}), &founder).await;
        assert_eq!(
            export["data"]["exportMyData"]["profile"]["ventures"][0]["name"], "Bakery",
            "{export}"
        );
        let exported = export["data"]["exportMyData"]["profile"]["ventures"][0]["skillsNeeded"]
            .as_array()
            .unwrap();
        assert!(exported.contains(&json!(s[0])) && exported.contains(&json!(s[1])));

        // Editing replaces; removing removes.
        let edit = json!({ "ventureId": venture, "name": "Bakery & Café", "sector": "ACCOMMODATION_AND_FOOD", "stage": "LAUNCHED" });
        let edited = call(&app, SAVE, json!({ "i": edit }), &founder).await;
        assert_eq!(
            edited["data"]["saveVenture"]["venture"]["stage"], "LAUNCHED",
            "{edited}"
        );
        assert_eq!(
            edited["data"]["saveVenture"]["venture"]["skillsNeeded"],
            json!([])
        );
        let removed = call(
            &app,
            "mutation($v: ID!) { removeVenture(input: { ventureId: $v }) { userErrors { code } } }",
            json!({ "v": venture }),
            &founder,
        )
        .await;
        assert_eq!(
            removed["data"]["removeVenture"]["userErrors"],
            json!([]),
            "{removed}"
        );
        let again = call(
            &app,
            "mutation($v: ID!) { removeVenture(input: { ventureId: $v }) { userErrors { code } } }",
            json!({ "v": venture }),
            &founder,
        )
        .await;
        assert_eq!(
            again["data"]["removeVenture"]["userErrors"][0]["code"],
            "NOT_FOUND"
        );
        app.stop().await;
    }
}
