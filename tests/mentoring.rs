//! Mentoring for every track over HTTP on each database: any account offers mentoring (a
//! peer mentor in their own name), people see mentors ranked for themselves with the
//! reasons, ask one, and the mentor accepts or declines; contact details pass only on
//! acceptance; a caseworker asks for an unclaimed client; bad input is refused with
//! nothing saved.

mod common;

use common::{TestApp, databases, spawn_app_with};
use serde_json::{Value, json};

/// Numerical tool and process control programmer: the starter taxonomy links it to skills.
const WANTED: &str = "http://data.europa.eu/esco/occupation/6e5ceba0-df96-465f-adb4-2e06ae715d43";

async fn call(app: &TestApp, query: &str, variables: Value, token: &str) -> Value {
    app.call(query, variables, Some(token)).await
}

fn at<'a>(body: &'a Value, path: &str) -> &'a Value {
    path.split('/')
        .fold(&body["data"], |v, key| match key.parse::<usize>() {
            Ok(i) => &v[i],
            Err(_) => &v[key],
        })
}

fn text(body: &Value, path: &str) -> String {
    at(body, path)
        .as_str()
        .unwrap_or_else(|| panic!("{path}: {body}"))
        .to_owned()
}

fn error_codes(body: &Value, path: &str) -> Vec<String> {
    at(body, path)
        .as_array()
        .unwrap_or_else(|| panic!("{path}: {body}"))
        .iter()
        .map(|e| e["code"].as_str().unwrap().to_owned())
        .collect()
}

const OFFER: &str = "mutation($i: OfferMentoringInput!) { offerMentoring(input: $i) {
    mentorOffer { id languages tracks capacity menteeCount peerMentor organisation { name } }
    userErrors { field code } } }";

const MATCHES: &str = "query($p: ID, $o: ID) { mentorMatches(profileId: $p, organisationId: $o) {
    totalCount nodes { score tracks languages covers { uri }
    mentor { id displayName peerMentor spacesLeft } } } }";

const REQUEST: &str = "mutation($i: RequestMentoringInput!) { requestMentoring(input: $i) {
    mentoringRequest { id status message mentorName menteeName toMe contact { name email }
      requestedBy { byThePerson caseworkerName } }
    userErrors { field code } } }";

const ANSWER: &str = "mutation($r: ID!, $a: Boolean!) { answerMentoringRequest(input: { requestId: $r, accept: $a, answer: \"Gladly\" }) {
    mentoringRequest { id status answer toMe contact { name email phone } }
    userErrors { field code } } }";

const END: &str =
    "mutation($r: ID!, $o: ID) { endMentoring(input: { requestId: $r, organisationId: $o }) {
    mentoringRequest { id status endedAt } userErrors { field code } } }";

const MINE: &str = "{ myMentoringRequests { totalCount nodes { id status answer contact { name email } mentor { displayName } } } }";

const TO_ME: &str = "query($s: MentoringStatus) { mentoringRequestsToMe(status: $s) { totalCount nodes { id status message menteeName requestedBy { byThePerson } contact { name email phone } } } }";

#[tokio::test]
async fn people_find_ask_and_hear_from_mentors_of_their_track() {
    for db in databases() {
        let app = spawn_app_with(db, |_| {}).await;

        // A woman who wants to program machine tools, speaks Arabic and French, in the WOMEN track.
        let amina = app.register("amina@example.org", "MIGRANT", "Amina").await;
        let profile = call(&app, "mutation { updateMyProfile(input: { tracks: [WOMEN], contactPhone: \"+43 660 1234567\" }) { profile { id } userErrors { code } } }", json!({}), &amina).await;
        assert_eq!(
            error_codes(&profile, "updateMyProfile/userErrors"),
            Vec::<String>::new(),
            "{db:?}: {profile}"
        );
        for (language, level) in [("ar", "C2"), ("fr", "B2")] {
            call(&app, "mutation($l: String!, $v: String!) { setProfileLanguage(input: { language: $l, level: $v }) { userErrors { code } } }", json!({ "l": language, "v": level }), &amina).await;
        }
        call(&app, "mutation($u: [String!]!) { setDesiredOccupations(input: { occupationUris: $u }) { userErrors { code } } }", json!({ "u": [WANTED] }), &amina).await;
        let baker = call(
            &app,
            "query($u: String!) { occupation(uri: $u) { skills { skill { uri } } } }",
            json!({ "u": WANTED }),
            &amina,
        )
        .await;
        let baking_skill = text(&baker, "occupation/skills/0/skill/uri");

        // A peer mentor in her own name: for women, in Arabic, one person at a time.
        let layla = app.register("layla@example.org", "MIGRANT", "Layla").await;
        let peer = call(&app, OFFER, json!({ "i": { "skillUris": [baking_skill], "languages": ["ar"], "tracks": ["WOMEN"], "capacity": 1, "peerMentor": true, "note": "Saturdays" } }), &layla).await;
        assert_eq!(
            at(&peer, "offerMentoring/mentorOffer/organisation"),
            &Value::Null,
            "{db:?}: {peer}"
        );
        assert_eq!(at(&peer, "offerMentoring/mentorOffer/capacity"), 1);
        // A mentor for anyone with the same skill, through an employer; another only for
        // youth; another who speaks only German.
        let baker_owner = app.register("owner@example.org", "EMPLOYER", "Otto").await;
        let bakery = call(&app, "mutation { createOrganisation(input: { kind: EMPLOYER, name: \"Bäckerei\" }) { organisation { id } } }", json!({}), &baker_owner).await;
        let bakery = text(&bakery, "createOrganisation/organisation/id");
        let general = call(&app, OFFER, json!({ "i": { "organisationId": bakery, "skillUris": [baking_skill], "languages": ["fr", "de"] } }), &baker_owner).await;
        assert_eq!(
            error_codes(&general, "offerMentoring/userErrors"),
            Vec::<String>::new(),
            "{db:?}: {general}"
        );
        let youth = app.register("yara@example.org", "MIGRANT", "Yara").await;
        call(
            &app,
            OFFER,
            json!({ "i": { "skillUris": [baking_skill], "tracks": ["YOUTH"] } }),
            &youth,
        )
        .await;
        let german = app.register("gerd@example.org", "MIGRANT", "Gerd").await;
        call(
            &app,
            OFFER,
            json!({ "i": { "skillUris": [baking_skill], "languages": ["de"] } }),
            &german,
        )
        .await;

        // Bad offers: nothing saved.
        let bad = call(
            &app,
            OFFER,
            json!({ "i": { "languages": ["xx"], "capacity": 0 } }),
            &german,
        )
        .await;
        assert_eq!(
            error_codes(&bad, "offerMentoring/userErrors"),
            ["INVALID_LANGUAGE", "REQUIRED", "OUT_OF_RANGE"],
            "{db:?}: {bad}"
        );

        // Amina sees the peer mentor first (her track, her language), then the general
        // one; not the youth mentor nor the one she shares no language with.
        let matches = call(&app, MATCHES, json!({}), &amina).await;
        let nodes = at(&matches, "mentorMatches/nodes")
            .as_array()
            .unwrap()
            .clone();
        let names: Vec<&str> = nodes
            .iter()
            .map(|n| n["mentor"]["displayName"].as_str().unwrap())
            .collect();
        assert_eq!(names, ["Layla", "Otto"], "{db:?}: {matches}");
        assert_eq!(nodes[0]["tracks"], json!(["WOMEN"]));
        assert_eq!(nodes[0]["languages"], json!(["ar"]));
        assert_eq!(nodes[0]["mentor"]["peerMentor"], true);
        assert_eq!(nodes[0]["covers"][0]["uri"], baking_skill.as_str());
        assert_eq!(nodes[1]["languages"], json!(["fr"]));
        assert!(nodes[0]["score"].as_f64() > nodes[1]["score"].as_f64());
        let layla_id = nodes[0]["mentor"]["id"].as_str().unwrap().to_owned();
        let otto_id = nodes[1]["mentor"]["id"].as_str().unwrap().to_owned();
        // A mentor never sees themselves among their matches.
        let own = call(&app, MATCHES, json!({}), &layla).await;
        assert!(!own.to_string().contains("\"Layla\""), "{db:?}: {own}");

        // Asking oneself, a mentor for another track, a message too long: userErrors.
        let selfish = call(
            &app,
            REQUEST,
            json!({ "i": { "mentorId": layla_id } }),
            &layla,
        )
        .await;
        assert_eq!(
            error_codes(&selfish, "requestMentoring/userErrors"),
            ["OWN_OFFER", "NOT_IN_TRACK"],
            "{db:?}: {selfish}"
        );
        let long = call(
            &app,
            REQUEST,
            json!({ "i": { "mentorId": otto_id, "message": "x".repeat(1001) } }),
            &amina,
        )
        .await;
        assert_eq!(
            error_codes(&long, "requestMentoring/userErrors"),
            ["TOO_LONG"]
        );
        let none = call(&app, MINE, json!({}), &amina).await;
        assert_eq!(
            at(&none, "myMentoringRequests/totalCount"),
            0,
            "nothing saved"
        );

        // Amina asks Layla; no contact details yet on either side.
        let asked = call(
            &app,
            REQUEST,
            json!({ "i": { "mentorId": layla_id, "message": "I bake bread at home" } }),
            &amina,
        )
        .await;
        let request = text(&asked, "requestMentoring/mentoringRequest/id");
        let made = at(&asked, "requestMentoring/mentoringRequest");
        assert_eq!(made["status"], "REQUESTED", "{db:?}: {asked}");
        assert_eq!(
            (made["mentorName"].as_str(), made["menteeName"].as_str()),
            (Some("Layla"), Some("Amina"))
        );
        assert_eq!(made["contact"], Value::Null);
        assert_eq!(made["requestedBy"]["byThePerson"], true);
        let again = call(
            &app,
            REQUEST,
            json!({ "i": { "mentorId": layla_id } }),
            &amina,
        )
        .await;
        assert_eq!(
            error_codes(&again, "requestMentoring/userErrors"),
            ["ALREADY_REQUESTED"]
        );
        let waiting = call(&app, TO_ME, json!({ "s": "REQUESTED" }), &layla).await;
        let seen = &at(&waiting, "mentoringRequestsToMe/nodes")[0];
        assert_eq!(seen["message"], "I bake bread at home", "{db:?}: {waiting}");
        assert_eq!(seen["menteeName"], "Amina");
        assert_eq!(seen["contact"], Value::Null);
        assert_eq!(
            seen["requestedBy"],
            Value::Null,
            "who asked is the person's business"
        );

        // Only the mentor answers; then each sees the other's contact details.
        let meddling = call(&app, ANSWER, json!({ "r": request, "a": true }), &amina).await;
        assert_eq!(
            error_codes(&meddling, "answerMentoringRequest/userErrors"),
            ["NOT_FOUND"]
        );
        let accepted = call(&app, ANSWER, json!({ "r": request, "a": true }), &layla).await;
        let answer = at(&accepted, "answerMentoringRequest/mentoringRequest");
        assert_eq!(answer["status"], "ACCEPTED", "{db:?}: {accepted}");
        assert_eq!(answer["contact"]["name"], "Amina");
        assert_eq!(answer["contact"]["email"], "amina@example.org");
        assert_eq!(answer["contact"]["phone"], "+43 660 1234567");
        let mine = call(&app, MINE, json!({}), &amina).await;
        let mine = &at(&mine, "myMentoringRequests/nodes")[0];
        assert_eq!(mine["answer"], "Gladly");
        assert_eq!(
            mine["contact"]["email"], "layla@example.org",
            "{db:?}: {mine}"
        );

        // Layla's one space is taken: she drops out of others' matches and cannot be asked.
        let bilal = app.register("bilal@example.org", "MIGRANT", "Bilal").await;
        call(
            &app,
            "mutation { updateMyProfile(input: { tracks: [WOMEN] }) { userErrors { code } } }",
            json!({}),
            &bilal,
        )
        .await;
        let full = call(
            &app,
            REQUEST,
            json!({ "i": { "mentorId": layla_id } }),
            &bilal,
        )
        .await;
        assert_eq!(
            error_codes(&full, "requestMentoring/userErrors"),
            ["MENTOR_FULL"],
            "{db:?}: {full}"
        );
        let bilal_matches = call(&app, MATCHES, json!({}), &bilal).await;
        assert!(
            !bilal_matches.to_string().contains("Layla"),
            "{db:?}: {bilal_matches}"
        );

        // Either side ends it; the space is free again; ending twice is refused.
        let ended = call(&app, END, json!({ "r": request }), &amina).await;
        let after = call(&app, MINE, json!({}), &amina).await;
        assert_eq!(
            at(&after, "myMentoringRequests/nodes/0/contact"),
            &Value::Null,
            "{db:?}: contact details end with the mentoring: {after}"
        );
        assert_eq!(
            at(&ended, "endMentoring/mentoringRequest/status"),
            "ENDED",
            "{db:?}: {ended}"
        );
        let twice = call(&app, END, json!({ "r": request }), &layla).await;
        assert_eq!(
            error_codes(&twice, "endMentoring/userErrors"),
            ["INVALID_TRANSITION"]
        );
        let now_free = call(
            &app,
            REQUEST,
            json!({ "i": { "mentorId": layla_id } }),
            &bilal,
        )
        .await;
        let bilal_request = text(&now_free, "requestMentoring/mentoringRequest/id");
        let declined = call(
            &app,
            ANSWER,
            json!({ "r": bilal_request, "a": false }),
            &layla,
        )
        .await;
        let declined = at(&declined, "answerMentoringRequest/mentoringRequest");
        assert_eq!(declined["status"], "DECLINED");
        assert_eq!(declined["contact"], Value::Null, "declining shares nothing");

        // A caseworker asks for an unclaimed client; the history names them; the client's
        // request shows in the caseworker's view of the client.
        let caseworker = app.register("cw@example.org", "CASEWORKER", "Clara").await;
        let centre = call(&app, "mutation { createOrganisation(input: { kind: SUPPORT_ORGANISATION, name: \"Welcome Centre\" }) { organisation { id } } }", json!({}), &caseworker).await;
        let centre = text(&centre, "createOrganisation/organisation/id");
        let client = call(&app, "mutation($c: ID!) { createClientProfile(input: { organisationId: $c, displayName: \"Yusuf\" }) { profile { id } } }", json!({ "c": centre }), &caseworker).await;
        let client = text(&client, "createClientProfile/profile/id");
        let for_client = call(&app, REQUEST, json!({ "i": { "mentorId": otto_id, "profileId": client, "organisationId": centre, "message": "Yusuf baked for ten years" } }), &caseworker).await;
        let by = at(&for_client, "requestMentoring/mentoringRequest/requestedBy");
        assert_eq!(by["byThePerson"], false, "{db:?}: {for_client}");
        assert_eq!(by["caseworkerName"], "Clara");
        let listed = call(&app, "query($p: ID!, $o: ID!) { myMentoringRequests(profileId: $p, organisationId: $o) { totalCount } }", json!({ "p": client, "o": centre }), &caseworker).await;
        assert_eq!(
            at(&listed, "myMentoringRequests/totalCount"),
            1,
            "{db:?}: {listed}"
        );
        // Someone else's request is not there for a stranger.
        let stranger = call(
            &app,
            "query($id: ID!) { node(id: $id) { id } }",
            json!({ "id": text(&for_client, "requestMentoring/mentoringRequest/id") }),
            &bilal,
        )
        .await;
        assert_eq!(at(&stranger, "node"), &Value::Null);
        app.stop().await;
    }
}
