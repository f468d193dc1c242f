//! Relay's object identification for what belongs to a person: their account, profile,
//! qualifications, work experience, ventures, placements and contact requests, and the
//! public shortage lists. `node(id:)` round-trips each for those who may see it, by the same
//! rule as the fields it is read through, and is null for anyone else, as for an id that
//! names nothing.

mod common;

use common::{TestApp, databases, spawn_app_with};
use serde_json::{Value, json};

async fn call(app: &TestApp, query: &str, variables: Value, token: Option<&str>) -> Value {
    app.call(query, variables, token).await
}

/// Creates an organisation of `kind` owned by a new account with `role`.
async fn organisation(app: &TestApp, email: &str, role: &str, kind: &str) -> (String, Value) {
    let token = app.register(email, role, "Owner").await;
    let body = call(app, "mutation($k: OrganisationKind!) { createOrganisation(input: { kind: $k, name: \"Org\" }) { organisation { id } } }", json!({ "k": kind }), Some(&token)).await;
    let id = body["data"]["createOrganisation"]["organisation"]["id"].clone();
    assert!(id.is_string(), "{body}");
    (token, id)
}

/// Runs a mutation that must succeed and answers its payload.
async fn ok(app: &TestApp, query: &str, variables: Value, token: &str, field: &str) -> Value {
    let body = call(app, query, variables, Some(token)).await;
    let payload = body["data"][field].clone();
    assert_eq!(payload["userErrors"], json!([]), "{field}: {body}");
    payload
}

const NODE: &str = "query($id: ID!) { node(id: $id) { __typename id } }";
const NODES: &str = "query($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }";

#[tokio::test]
async fn what_belongs_to_a_person_is_a_node_for_those_who_may_see_it() {
    for db in databases() {
        let app = spawn_app_with(db, |_| {}).await;
        let list =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/shortages.csv");
        skillbridge_server::import_shortages(app.config.clone(), &list)
            .await
            .unwrap();
        let (employer, hotel) = organisation(&app, "hr@example.org", "EMPLOYER", "EMPLOYER").await;
        let (caseworker, centre) =
            organisation(&app, "cw@example.org", "CASEWORKER", "SUPPORT_ORGANISATION").await;
        let (rival, _) = organisation(&app, "rival@example.org", "EMPLOYER", "EMPLOYER").await;
        let stranger = app.register("jonas@example.org", "MIGRANT", "Jonas").await;
        let amina = app.register("amina@example.org", "MIGRANT", "Amina").await;

        ok(&app, "mutation { updateMyProfile(input: { visibility: ANONYMISED, tracks: [ENTREPRENEURSHIP] }) { userErrors { code } } }", json!({}), &amina, "updateMyProfile").await;
        for purpose in ["MATCHING", "SHARING_WITH_EMPLOYERS"] {
            call(&app, "mutation($p: ConsentPurpose!) { setConsent(input: { purpose: $p, granted: true }) { consents { granted } } }", json!({ "p": purpose }), Some(&amina)).await;
        }
        ok(&app, r#"mutation { saveQualification(input: { title: "BSc Nursing", eqfLevel: 6 }) { userErrors { code } } }"#, json!({}), &amina, "saveQualification").await;
        ok(&app, r#"mutation { saveWorkExperience(input: { title: "Cook", kind: WAGED, years: 2 }) { userErrors { code } } }"#, json!({}), &amina, "saveWorkExperience").await;
        let venture = ok(&app, r#"mutation { saveVenture(input: { name: "Tea house", sector: ACCOMMODATION_AND_FOOD, stage: IDEA }) { venture { id } userErrors { code } } }"#, json!({}), &amina, "saveVenture").await["venture"]["id"].clone();
        ok(&app, "mutation($c: ID!) { grantDelegation(input: { organisationId: $c }) { userErrors { code } } }", json!({ "c": centre }), &amina, "grantDelegation").await;
        let me = call(
            &app,
            "{ me { id } myProfile { id qualifications { id } workExperience { id } } }",
            json!({}),
            Some(&amina),
        )
        .await;
        let user = me["data"]["me"]["id"].clone();
        let profile = me["data"]["myProfile"]["id"].clone();
        let qualification = me["data"]["myProfile"]["qualifications"][0]["id"].clone();
        let experience = me["data"]["myProfile"]["workExperience"][0]["id"].clone();

        // Asked to talk by the hotel, then hired by it.
        let asked = ok(&app, "mutation($id: ID!, $org: ID!) { requestContact(input: { candidateId: $id, organisationId: $org }) { contactRequest { id } userErrors { code } } }", json!({ "id": profile, "org": hotel }), &employer, "requestContact").await;
        let contact = asked["contactRequest"]["id"].clone();
        let vacancy = ok(&app, "mutation($o: ID!) { createVacancy(input: { organisationId: $o, title: \"Cook\", contractType: PERMANENT, location: { countryCode: \"DE\" } }) { vacancy { id } userErrors { code } } }", json!({ "o": hotel }), &employer, "createVacancy").await["vacancy"]["id"].clone();
        ok(&app, "mutation($v: ID!) { publishVacancy(input: { vacancyId: $v }) { userErrors { code } } }", json!({ "v": vacancy }), &employer, "publishVacancy").await;
        let application = ok(&app, "mutation($v: ID!) { applyToVacancy(input: { vacancyId: $v }) { application { id } userErrors { code } } }", json!({ "v": vacancy }), &amina, "applyToVacancy").await["application"]["id"].clone();
        for status in ["REVIEWED", "INTERVIEW", "OFFER", "HIRED"] {
            ok(&app, "mutation($a: ID!, $s: ApplicationStatus!) { moveApplication(input: { applicationId: $a, status: $s }) { userErrors { code } } }", json!({ "a": application, "s": status }), &employer, "moveApplication").await;
        }
        let placements = call(
            &app,
            "{ myProfile { placements { nodes { id } } } }",
            json!({}),
            Some(&amina),
        )
        .await;
        let placement = placements["data"]["myProfile"]["placements"]["nodes"][0]["id"].clone();
        let invited = ok(&app, "mutation($o: ID!) { inviteMember(input: { organisationId: $o, email: \"chef@example.org\", role: MEMBER }) { invitation { id } userErrors { code } } }", json!({ "o": hotel }), &employer, "inviteMember").await;
        let invitation = invited["invitation"]["id"].clone();
        let offered = ok(&app, "mutation($o: ID!) { offerMentoring(input: { organisationId: $o, sectors: [ACCOMMODATION_AND_FOOD] }) { mentorOffer { id } userErrors { code } } }", json!({ "o": centre }), &caseworker, "offerMentoring").await;
        let offer = offered["mentorOffer"]["id"].clone();
        let mentors = call(
            &app,
            "query($v: ID!) { mentorMatches(ventureId: $v) { nodes { mentor { id } } } }",
            json!({ "v": venture }),
            Some(&amina),
        )
        .await;
        let mentor = mentors["data"]["mentorMatches"]["nodes"][0]["mentor"]["id"].clone();
        let asked = ok(&app, "mutation($m: ID!) { requestMentoring(input: { mentorId: $m, message: \"Bakery\" }) { mentoringRequest { id } userErrors { code } } }", json!({ "m": mentor }), &amina, "requestMentoring").await;
        let mentoring = asked["mentoringRequest"]["id"].clone();
        let card = call(
            &app,
            "query($id: ID!, $o: ID!) { candidate(id: $id, organisationId: $o) { id } }",
            json!({ "id": profile, "o": hotel }),
            Some(&employer),
        )
        .await;
        let card = card["data"]["candidate"]["id"].clone();
        let shortages = call(
            &app,
            r#"{ shortageOccupations(region: "DE-BY", includeExpired: true) { nodes { id } } }"#,
            json!({}),
            None,
        )
        .await;
        let shortage = shortages["data"]["shortageOccupations"]["nodes"][0]["id"].clone();

        let who = [
            ("the person", Some(amina.as_str())),
            ("their caseworker", Some(caseworker.as_str())),
            ("the employer", Some(employer.as_str())),
            ("another employer", Some(rival.as_str())),
            ("another person", Some(stranger.as_str())),
            ("a guest", None),
        ];
        // Which of `who` see each, in that order.
        let cases = [
            ("User", &user, [true, false, false, false, false, false]),
            (
                "Profile",
                &profile,
                [true, true, false, false, false, false],
            ),
            (
                "Qualification",
                &qualification,
                [true, true, false, false, false, false],
            ),
            (
                "WorkExperience",
                &experience,
                [true, true, false, false, false, false],
            ),
            (
                "Venture",
                &venture,
                [true, true, false, false, false, false],
            ),
            (
                "Placement",
                &placement,
                [true, true, true, false, false, false],
            ),
            (
                "ContactRequest",
                &contact,
                [true, true, true, false, false, false],
            ),
            (
                "Invitation",
                &invitation,
                [false, false, true, false, false, false],
            ),
            (
                "MentorOffer",
                &offer,
                [false, true, false, false, false, false],
            ),
            // Mentors offer to anyone who may keep a profile, and caseworkers look for them.
            ("Mentor", &mentor, [true, true, false, false, true, false]),
            // The caseworker here is the mentor too.
            (
                "MentoringRequest",
                &mentoring,
                [true, true, false, false, false, false],
            ),
            (
                "CandidateCard",
                &card,
                [false, false, true, true, false, false],
            ),
            ("ShortageOccupation", &shortage, [true; 6]),
        ];
        const LOGGED: &str = "{ myProfileAccessLog { totalCount } }";
        let logged = |body: Value| {
            body["data"]["myProfileAccessLog"]["totalCount"]
                .as_u64()
                .unwrap()
        };
        let views_before = logged(call(&app, LOGGED, json!({}), Some(&amina)).await);
        for (type_name, id, sees) in &cases {
            assert!(id.is_string(), "{db:?}: no {type_name} id");
            for ((caller, token), sees) in who.iter().zip(sees) {
                let found = call(&app, NODE, json!({ "id": id }), *token).await;
                if *sees {
                    assert_eq!(
                        found["data"]["node"]["id"], **id,
                        "{db:?} {type_name}, {caller}: {found}"
                    );
                    assert_eq!(found["data"]["node"]["__typename"], *type_name);
                } else {
                    assert_eq!(
                        found["data"]["node"],
                        Value::Null,
                        "{db:?} {type_name}, {caller}: {found}"
                    );
                }
            }
        }
        // The two employers who read her card as a node, and her caseworker who read her
        // profile as one, are in her access log.
        let views_after = logged(call(&app, LOGGED, json!({}), Some(&amina)).await);
        assert_eq!(views_after, views_before + 3, "{db:?}");

        // `nodes` answers each in the order asked, null where `node` is.
        let ids: Vec<&Value> = cases.iter().map(|(_, id, _)| *id).collect();
        let expected: Vec<&Value> = cases
            .iter()
            .map(|(_, id, sees)| if sees[0] { *id } else { &Value::Null })
            .collect();
        let listed = call(&app, NODES, json!({ "ids": ids }), Some(&amina)).await;
        let listed: Vec<&Value> = listed["data"]["nodes"]
            .as_array()
            .unwrap_or_else(|| panic!("{listed}"))
            .iter()
            .map(|n| if n.is_null() { n } else { &n["id"] })
            .collect();
        assert_eq!(listed, expected, "{db:?}");

        // Once the delegation is revoked, the caseworker sees nothing of hers.
        ok(&app, "mutation($c: ID!) { revokeDelegation(input: { organisationId: $c }) { userErrors { code } } }", json!({ "c": centre }), &amina, "revokeDelegation").await;
        for id in [&profile, &qualification, &venture] {
            let hidden = call(&app, NODE, json!({ "id": id }), Some(&caseworker)).await;
            assert_eq!(hidden["data"]["node"], Value::Null, "{db:?}: {hidden}");
        }
        app.stop().await;
    }
}

/// Every object type with an `id: ID!` implements `Node`, which names them all.
#[tokio::test]
async fn every_object_with_an_id_is_a_node() {
    let app = spawn_app_with(common::Db::Sqlite, |_| {}).await;
    let schema = call(
        &app,
        "{ __schema { types { name kind interfaces { name } possibleTypes { name }
        fields { name type { kind ofType { name } } } } } }",
        json!({}),
        None,
    )
    .await;
    let types = schema["data"]["__schema"]["types"].as_array().unwrap();
    let with_id: Vec<&str> = types
        .iter()
        .filter(|t| t["kind"] == "OBJECT")
        .filter(|t| {
            t["fields"].as_array().is_some_and(|fields| {
                fields.iter().any(|f| {
                    f["name"] == "id"
                        && f["type"]["kind"] == "NON_NULL"
                        && f["type"]["ofType"]["name"] == "ID"
                })
            })
        })
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert!(with_id.len() >= 20, "{with_id:?}");
    let node = types.iter().find(|t| t["name"] == "Node").unwrap();
    let mut nodes: Vec<&str> = node["possibleTypes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    nodes.sort();
    let mut expected = with_id.clone();
    expected.sort();
    assert_eq!(nodes, expected);
    for name in with_id {
        let t = types.iter().find(|t| t["name"] == name).unwrap();
        assert!(
            t["interfaces"]
                .as_array()
                .unwrap()
                .iter()
                .any(|i| i["name"] == "Node"),
            "{name} does not implement Node"
        );
    }
    app.stop().await;
}
