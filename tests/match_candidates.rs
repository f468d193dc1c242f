//! `matchCandidates` over HTTP on each database: people who chose to be found, ranked for
//! an employer's vacancy as anonymised cards with explanations; nobody else; every card
//! shown logged for the person; and gender, age, origin, nationality, migration status and
//! tracks changing nothing.

mod common;

use common::{TestApp, databases, spawn_app_with};
use serde_json::{Value, json};

async fn call(app: &TestApp, query: &str, variables: Value, token: &str) -> Value {
    app.call(query, variables, Some(token)).await
}

const CANDIDATES: &str = "query($v: ID!, $first: Int, $after: String) {
  matchCandidates(vacancyId: $v, first: $first, after: $after) {
    totalCount
    edges { cursor node { score
      candidate { id region skills { skill { uri } proficiency } languages { language { code } level } }
      explanation { requirements { status skill { uri } } languages { required held credit }
        distanceKm shortage factors { name weight value contribution }
        improvements { skill { uri } gain } } } }
    pageInfo { hasNextPage endCursor } } }";

struct Fixture {
    app: TestApp,
    skills: Vec<String>,
    employer: String,
    vacancy: Value,
}

async fn fixture(db: common::Db) -> Fixture {
    let app = spawn_app_with(db, |_| {}).await;
    let listed = app
        .call(
            "{ skills(first: 3) { edges { node { uri } } } }",
            json!({}),
            None,
        )
        .await;
    let skills: Vec<String> = listed["data"]["skills"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["uri"].as_str().unwrap().to_owned())
        .collect();
    let employer = app.register("hr@example.org", "EMPLOYER", "HR").await;
    let org = call(&app, "mutation { createOrganisation(input: { kind: EMPLOYER, name: \"Care\" }) { organisation { id } } }", json!({}), &employer).await;
    let org = org["data"]["createOrganisation"]["organisation"]["id"].clone();
    let input = json!({
        "organisationId": org, "title": "Care assistant", "contractType": "APPRENTICESHIP",
        "location": { "countryCode": "DE", "latitude": 52.52, "longitude": 13.405 },
        "skills": [
            { "skillUri": skills[0], "importance": "ESSENTIAL", "minProficiency": "INTERMEDIATE" },
            { "skillUri": skills[1], "importance": "OPTIONAL" }
        ],
        "languages": [{ "language": "de", "minLevel": "B1" }],
        "tracks": ["YOUTH", "WOMEN"],
        "inclusionSupport": ["CHILDCARE", "MENTORING"]
    });
    let created = call(
        &app,
        "mutation($i: CreateVacancyInput!) { createVacancy(input: $i) { vacancy { id } userErrors { code } } }",
        json!({ "i": input }),
        &employer,
    )
    .await;
    let vacancy = created["data"]["createVacancy"]["vacancy"]["id"].clone();
    assert!(vacancy.is_string(), "{created}");
    call(
        &app,
        "mutation($v: ID!) { publishVacancy(input: { vacancyId: $v }) { userErrors { code } } }",
        json!({ "v": vacancy }),
        &employer,
    )
    .await;
    Fixture {
        app,
        skills,
        employer,
        vacancy,
    }
}

/// A migrant with a profile near Berlin holding `skill` at `proficiency`, German at `german`,
/// with the given visibility and consents.
async fn person(
    f: &Fixture,
    email: &str,
    skill: &str,
    proficiency: &str,
    german: &str,
    visibility: &str,
    consents: &[&str],
) -> String {
    let token = f.app.register(email, "MIGRANT", email).await;
    let saved = call(
        &f.app,
        &format!(
            "mutation {{ updateMyProfile(input: {{ rightToWork: YES, mobilityRadiusKm: 50,
               visibility: {visibility},
               location: {{ countryCode: \"DE\", region: \"DE-BE\", latitude: 52.5, longitude: 13.4 }} }})
               {{ userErrors {{ code message }} }} }}"
        ),
        json!({}),
        &token,
    )
    .await;
    assert_eq!(
        saved["data"]["updateMyProfile"]["userErrors"],
        json!([]),
        "{saved}"
    );
    call(&f.app, "mutation($s: String!, $p: Proficiency!) { addProfileSkill(input: { skillUri: $s, proficiency: $p }) { userErrors { code } } }",
        json!({ "s": skill, "p": proficiency }), &token).await;
    call(&f.app, "mutation($l: String!) { setProfileLanguage(input: { language: \"de\", level: $l }) { userErrors { code } } }",
        json!({ "l": german }), &token).await;
    for purpose in consents {
        call(&f.app, "mutation($p: ConsentPurpose!) { setConsent(input: { purpose: $p, granted: true }) { consents { granted } } }",
            json!({ "p": purpose }), &token).await;
    }
    token
}

const FINDABLE: &[&str] = &["SHARING_WITH_EMPLOYERS", "MATCHING"];

fn edges(body: &Value) -> &Vec<Value> {
    body["data"]["matchCandidates"]["edges"]
        .as_array()
        .unwrap_or_else(|| panic!("{body}"))
}

async fn my_candidate_id(f: &Fixture, token: &str) -> Value {
    let me = call(&f.app, "{ myProfile { id } }", json!({}), token).await;
    me["data"]["myProfile"]["id"].clone()
}

#[tokio::test]
async fn employers_find_people_who_chose_to_be_found_ranked_and_explained() {
    for db in databases() {
        let f = fixture(db).await;
        let s = f.skills.clone();
        let strong = person(
            &f,
            "strong@example.org",
            &s[0],
            "ADVANCED",
            "B2",
            "ANONYMISED",
            FINDABLE,
        )
        .await;
        let weaker = person(
            &f,
            "weaker@example.org",
            &s[0],
            "BASIC",
            "B1",
            "VISIBLE",
            FINDABLE,
        )
        .await;
        person(
            &f,
            "private@example.org",
            &s[0],
            "EXPERT",
            "C2",
            "PRIVATE",
            FINDABLE,
        )
        .await;
        person(
            &f,
            "nomatching@example.org",
            &s[0],
            "EXPERT",
            "C2",
            "ANONYMISED",
            &["SHARING_WITH_EMPLOYERS"],
        )
        .await;
        person(
            &f,
            "nosharing@example.org",
            &s[0],
            "EXPERT",
            "C2",
            "ANONYMISED",
            &["MATCHING"],
        )
        .await;
        person(
            &f,
            "unrelated@example.org",
            &s[2],
            "EXPERT",
            "C2",
            "ANONYMISED",
            FINDABLE,
        )
        .await;

        let found = call(
            &f.app,
            CANDIDATES,
            json!({ "v": f.vacancy, "first": 10 }),
            &f.employer,
        )
        .await;
        let list = edges(&found);
        assert_eq!(
            found["data"]["matchCandidates"]["totalCount"], 2,
            "{db:?}: {found}"
        );
        let strong_id = my_candidate_id(&f, &strong).await;
        let weaker_id = my_candidate_id(&f, &weaker).await;
        let ids: Vec<&str> = list
            .iter()
            .map(|e| e["node"]["candidate"]["id"].as_str().unwrap())
            .collect();
        // Card ids are candidate ids of the same profile.
        assert_eq!(ids.len(), 2);
        assert_ne!(ids[0], ids[1]);
        let best = &list[0]["node"];
        let second = &list[1]["node"];
        assert!(best["score"].as_f64().unwrap() > second["score"].as_f64().unwrap());
        assert_eq!(
            best["explanation"]["requirements"][0]["status"], "MET",
            "{db:?}: {best}"
        );
        assert_eq!(best["explanation"]["requirements"][1]["status"], "MISSING");
        assert_eq!(
            second["explanation"]["requirements"][0]["status"],
            "BELOW_LEVEL"
        );
        assert_eq!(best["candidate"]["region"], "DE-BE");
        assert_eq!(best["candidate"]["languages"][0]["level"], "B2");
        assert_eq!(
            best["explanation"]["improvements"][0]["skill"]["uri"], s[1],
            "the optional skill is what would raise the score"
        );
        let tracks = best["explanation"]["factors"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["name"] == "tracks")
            .unwrap();
        assert_eq!(
            tracks["weight"], 0.0,
            "tracks never rank people for employers"
        );
        assert_eq!(tracks["contribution"], 0.0);

        // Every card shown is in the person's access log.
        let log = call(
            &f.app,
            "{ myProfileAccessLog { nodes { view organisation { name } } } }",
            json!({}),
            &strong,
        )
        .await;
        assert_eq!(
            log["data"]["myProfileAccessLog"]["nodes"][0]["view"], "CARD",
            "{db:?}: {log}"
        );
        assert_eq!(
            log["data"]["myProfileAccessLog"]["nodes"][0]["organisation"]["name"],
            "Care"
        );

        // Keyset pages.
        let page = call(
            &f.app,
            CANDIDATES,
            json!({ "v": f.vacancy, "first": 1 }),
            &f.employer,
        )
        .await;
        assert_eq!(
            page["data"]["matchCandidates"]["pageInfo"]["hasNextPage"],
            true
        );
        let after = page["data"]["matchCandidates"]["pageInfo"]["endCursor"].clone();
        let next = call(
            &f.app,
            CANDIDATES,
            json!({ "v": f.vacancy, "first": 1, "after": after }),
            &f.employer,
        )
        .await;
        assert_eq!(
            edges(&next)[0]["node"]["candidate"]["id"],
            list[1]["node"]["candidate"]["id"]
        );
        assert_eq!(
            next["data"]["matchCandidates"]["pageInfo"]["hasNextPage"],
            false
        );

        // The employer can ask the best one to meet.
        let asked = call(&f.app, "mutation($c: ID!, $o: ID!) { requestContact(input: { candidateId: $c, organisationId: $o, message: \"Hello\" }) { contactRequest { status } userErrors { code } } }",
            json!({ "c": list[0]["node"]["candidate"]["id"], "o": organisation_of(&f).await }), &f.employer).await;
        assert_eq!(
            asked["data"]["requestContact"]["contactRequest"]["status"], "PENDING",
            "{db:?}: {asked}"
        );

        // Withdrawing consent, or going private, takes a person out at once.
        call(&f.app, "mutation { setConsent(input: { purpose: MATCHING, granted: false }) { consents { granted } } }", json!({}), &strong).await;
        call(
            &f.app,
            "mutation { updateMyProfile(input: { visibility: PRIVATE }) { userErrors { code } } }",
            json!({}),
            &weaker,
        )
        .await;
        let none = call(&f.app, CANDIDATES, json!({ "v": f.vacancy }), &f.employer).await;
        assert_eq!(
            none["data"]["matchCandidates"]["totalCount"], 0,
            "{db:?}: {none}"
        );
        let _ = (strong_id, weaker_id);

        // Only the vacancy's employer may ask.
        let other = f
            .app
            .register("other@example.org", "EMPLOYER", "Other")
            .await;
        let refused = call(&f.app, CANDIDATES, json!({ "v": f.vacancy }), &other).await;
        assert_eq!(
            refused["errors"][0]["extensions"]["code"], "FORBIDDEN",
            "{refused}"
        );
        let migrant = call(&f.app, CANDIDATES, json!({ "v": f.vacancy }), &strong).await;
        assert_eq!(
            migrant["errors"][0]["extensions"]["code"], "FORBIDDEN",
            "{migrant}"
        );
        let bad = call(
            &f.app,
            CANDIDATES,
            json!({ "v": f.vacancy, "after": "nonsense" }),
            &f.employer,
        )
        .await;
        assert_eq!(
            bad["errors"][0]["extensions"]["code"], "BAD_USER_INPUT",
            "{bad}"
        );
        f.app.stop().await;
    }
}

async fn organisation_of(f: &Fixture) -> Value {
    let v = call(
        &f.app,
        "query($v: ID!) { vacancy(id: $v) { organisation { id } } }",
        json!({ "v": f.vacancy }),
        &f.employer,
    )
    .await;
    v["data"]["vacancy"]["organisation"]["id"].clone()
}

/// Everything special about a person, set to one of two very different values.
async fn set_special_categories(f: &Fixture, token: &str, variant: usize) {
    let values = [
        json!({ "gender": "woman", "birthYear": 2004, "countryOfOrigin": "SY",
                "arrivalDate": "2025-03-01", "intendedStay": "SETTLED",
                "displayName": "Amina Haddad", "tracks": ["YOUTH", "WOMEN"] }),
        json!({ "gender": "man", "birthYear": 1968, "countryOfOrigin": "UA",
                "arrivalDate": "2016-09-15", "intendedStay": "SEASONAL_OR_CIRCULAR",
                "displayName": "Taras Bondar", "tracks": ["ENTREPRENEURSHIP"] }),
    ];
    let saved = call(
        &f.app,
        "mutation($i: UpdateMyProfileInput!) { updateMyProfile(input: $i) { userErrors { field code message } } }",
        json!({ "i": values[variant % 2] }),
        token,
    )
    .await;
    assert_eq!(
        saved["data"]["updateMyProfile"]["userErrors"],
        json!([]),
        "{saved}"
    );
    // The mother tongue flag tells origin too.
    call(&f.app, "mutation($m: Boolean!) { setProfileLanguage(input: { language: \"ar\", level: \"C2\", motherTongue: $m }) { userErrors { code } } }",
        json!({ "m": variant.is_multiple_of(2) }), token).await;
}

#[tokio::test]
async fn gender_age_origin_nationality_and_migration_status_change_nothing() {
    for db in databases() {
        let f = fixture(db).await;
        let s = f.skills.clone();
        let mut people = Vec::new();
        for (i, (proficiency, german)) in [
            ("EXPERT", "C1"),
            ("INTERMEDIATE", "B1"),
            ("BASIC", "A2"),
            ("ADVANCED", "B1"),
        ]
        .into_iter()
        .enumerate()
        {
            let token = person(
                &f,
                &format!("p{i}@example.org"),
                &s[0],
                proficiency,
                german,
                "ANONYMISED",
                FINDABLE,
            )
            .await;
            set_special_categories(&f, &token, i).await;
            people.push(token);
        }
        let before = call(
            &f.app,
            CANDIDATES,
            json!({ "v": f.vacancy, "first": 10 }),
            &f.employer,
        )
        .await;
        assert_eq!(edges(&before).len(), 4, "{db:?}: {before}");

        // Swap every special category between the people; nothing else changes.
        for (i, token) in people.iter().enumerate() {
            set_special_categories(&f, token, i + 1).await;
        }
        let after = call(
            &f.app,
            CANDIDATES,
            json!({ "v": f.vacancy, "first": 10 }),
            &f.employer,
        )
        .await;
        assert_eq!(
            before["data"], after["data"],
            "{db:?}: the same people in the same order with the same scores and explanations"
        );
        f.app.stop().await;
    }
}
