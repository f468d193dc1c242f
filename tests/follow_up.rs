//! Placement follow-up over HTTP on each database: check-ins fall due 3, 6 and 12 months
//! after the start, the person, their caseworker or the employer records them (the note
//! for the person and their caseworkers only), a contract's end drops later milestones,
//! and bad check-ins are userErrors that save nothing.

mod common;

use chrono::{Duration, Months, Utc};
use common::{TestApp, databases, spawn_app_with};
use serde_json::{Value, json};

async fn call(app: &TestApp, query: &str, variables: Value, token: &str) -> Value {
    app.call(query, variables, Some(token)).await
}

fn codes(body: &Value, field: &str) -> Vec<String> {
    body["data"][field]["userErrors"]
        .as_array()
        .unwrap_or_else(|| panic!("{field}: {body}"))
        .iter()
        .map(|e| e["code"].as_str().unwrap().to_owned())
        .collect()
}

const MOVE: &str = "mutation($a: ID!, $s: ApplicationStatus!, $d: Date) { moveApplication(input: { applicationId: $a, status: $s, startsOn: $d }) { userErrors { code } } }";
const CHECK_IN: &str = "mutation($i: RecordCheckInInput!) { recordPlacementCheckIn(input: $i) {
    checkIn { months dueOn outcome reason note recordedBy { byThePerson } } userErrors { field code } } }";

/// `token`'s person hired into a new OPEN vacancy of `org`, the job starting on `starts`:
/// the placement's id.
async fn hire(app: &TestApp, employer: &str, org: &Value, token: &str, starts: &str) -> String {
    let vacancy = call(app, "mutation($o: ID!) { createVacancy(input: { organisationId: $o, title: \"Picker\", contractType: SEASONAL, location: { countryCode: \"AT\" } }) { vacancy { id } } }", json!({ "o": org }), employer).await;
    let vacancy = vacancy["data"]["createVacancy"]["vacancy"]["id"].clone();
    call(
        app,
        "mutation($v: ID!) { publishVacancy(input: { vacancyId: $v }) { userErrors { code } } }",
        json!({ "v": vacancy }),
        employer,
    )
    .await;
    let applied = call(app, "mutation($v: ID!) { applyToVacancy(input: { vacancyId: $v }) { application { id } userErrors { code } } }", json!({ "v": vacancy }), token).await;
    let application = applied["data"]["applyToVacancy"]["application"]["id"].clone();
    for status in ["REVIEWED", "INTERVIEW", "OFFER", "HIRED"] {
        let moved = call(
            app,
            MOVE,
            json!({ "a": application, "s": status, "d": starts }),
            employer,
        )
        .await;
        assert_eq!(
            codes(&moved, "moveApplication"),
            Vec::<String>::new(),
            "{moved}"
        );
    }
    let mine = call(
        app,
        "{ myPlacements { id startsOn vacancy { id } } }",
        json!({}),
        token,
    )
    .await;
    mine["data"]["myPlacements"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["vacancy"]["id"] == vacancy)
        .unwrap_or_else(|| panic!("{mine}"))["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn people_are_followed_up_after_they_start_work() {
    for db in databases() {
        let app = spawn_app_with(db, |_| {}).await;
        let employer = app.register("farm@example.org", "EMPLOYER", "Farm").await;
        let farm = call(&app, "mutation { createOrganisation(input: { kind: EMPLOYER, name: \"Farm\" }) { organisation { id } } }", json!({}), &employer).await;
        let farm = farm["data"]["createOrganisation"]["organisation"]["id"].clone();
        let caseworker = app.register("cw@example.org", "CASEWORKER", "Clara").await;
        let centre = call(&app, "mutation { createOrganisation(input: { kind: SUPPORT_ORGANISATION, name: \"Centre\" }) { organisation { id } } }", json!({}), &caseworker).await;
        let centre = centre["data"]["createOrganisation"]["organisation"]["id"].clone();
        let amina = app.register("amina@example.org", "MIGRANT", "Amina").await;
        call(
            &app,
            "mutation { updateMyProfile(input: { rightToWork: YES }) { userErrors { code } } }",
            json!({}),
            &amina,
        )
        .await;
        call(&app, "mutation($c: ID!) { grantDelegation(input: { organisationId: $c }) { userErrors { code } } }", json!({ "c": centre }), &amina).await;

        // A job that started four months ago: the 3-month check-in is due.
        let today = Utc::now().date_naive();
        let started = today.checked_sub_months(Months::new(4)).unwrap();
        let placement = hire(&app, &employer, &farm, &amina, &started.to_string()).await;
        let due_on = started
            .checked_add_months(Months::new(3))
            .unwrap()
            .to_string();
        let seen = call(
            &app,
            "query($p: ID!) { node(id: $p) { ... on Placement { checkInsDue { months dueOn } } } }",
            json!({ "p": placement }),
            &amina,
        )
        .await;
        assert_eq!(
            seen["data"]["node"]["checkInsDue"],
            json!([{ "months": 3, "dueOn": due_on }]),
            "{db:?}: {seen}"
        );
        for (token, org) in [(&caseworker, &centre), (&employer, &farm)] {
            let due = call(&app, "query($o: ID!) { placementsDue(organisationId: $o) { placement { id } due { months dueOn } } }", json!({ "o": org }), token).await;
            assert_eq!(
                due["data"]["placementsDue"],
                json!([{ "placement": { "id": placement }, "due": [{ "months": 3, "dueOn": due_on }] }]),
                "{db:?}: {due}"
            );
        }

        // Bad check-ins save nothing; someone else's placement is not there.
        let bad = call(&app, CHECK_IN, json!({ "i": { "placementId": placement, "months": 4, "outcome": "STILL_EMPLOYED", "reason": "OTHER" } }), &amina).await;
        assert_eq!(
            codes(&bad, "recordPlacementCheckIn"),
            ["OUT_OF_RANGE", "NOT_EDITABLE"],
            "{db:?}: {bad}"
        );
        let stranger = app.register("jonas@example.org", "MIGRANT", "Jonas").await;
        let theirs = call(
            &app,
            CHECK_IN,
            json!({ "i": { "placementId": placement, "months": 3, "outcome": "LEFT_WORK" } }),
            &stranger,
        )
        .await;
        assert_eq!(codes(&theirs, "recordPlacementCheckIn"), ["NOT_FOUND"]);

        // The caseworker records it with a note; the employer sees the outcome, not the note.
        let recorded = call(
            &app,
            CHECK_IN,
            json!({ "i": { "placementId": placement, "months": 3, "outcome": "STILL_EMPLOYED",
            "note": "Happy, wants more hours", "organisationId": centre } }),
            &caseworker,
        )
        .await;
        let check_in = &recorded["data"]["recordPlacementCheckIn"]["checkIn"];
        assert_eq!(check_in["dueOn"], due_on.as_str(), "{db:?}: {recorded}");
        assert_eq!(check_in["note"], "Happy, wants more hours");
        assert_eq!(check_in["recordedBy"]["byThePerson"], false);
        let as_employer = call(&app, "query($p: ID!) { node(id: $p) { ... on Placement { checkIns { months outcome note recordedBy { byThePerson } } checkInsDue { months } } } }", json!({ "p": placement }), &employer).await;
        assert_eq!(
            as_employer["data"]["node"],
            json!({ "checkIns": [{ "months": 3, "outcome": "STILL_EMPLOYED", "note": null, "recordedBy": null }], "checkInsDue": [] }),
            "{db:?}: {as_employer}"
        );
        let nothing_due = call(
            &app,
            "query($o: ID!) { placementsDue(organisationId: $o) { placement { id } } }",
            json!({ "o": centre }),
            &caseworker,
        )
        .await;
        assert_eq!(nothing_due["data"]["placementsDue"], json!([]));

        // The person corrects it: she left for care duties.
        let corrected = call(&app, CHECK_IN, json!({ "i": { "placementId": placement, "months": 3, "outcome": "LEFT_WORK", "reason": "CARE_DUTIES" } }), &amina).await;
        assert_eq!(
            corrected["data"]["recordPlacementCheckIn"]["checkIn"]["reason"], "CARE_DUTIES",
            "{db:?}: {corrected}"
        );
        assert_eq!(
            corrected["data"]["recordPlacementCheckIn"]["checkIn"]["recordedBy"]["byThePerson"],
            true
        );

        // A seasonal contract's end: only milestones before it apply; an end before the
        // start is refused.
        let before = call(&app, "mutation($p: ID!, $d: Date) { setPlacementEnd(input: { placementId: $p, endsOn: $d }) { placement { endsOn } userErrors { field code } } }",
            json!({ "p": placement, "d": (started - Duration::days(1)).to_string() }), &employer).await;
        assert_eq!(codes(&before, "setPlacementEnd"), ["ENDS_BEFORE_START"]);
        let by_person = call(&app, "mutation($p: ID!, $d: Date) { setPlacementEnd(input: { placementId: $p, endsOn: $d }) { userErrors { code } } }",
            json!({ "p": placement, "d": today.to_string() }), &amina).await;
        assert_eq!(
            codes(&by_person, "setPlacementEnd"),
            ["NOT_FOUND"],
            "the employer's to say"
        );
        let ends = (started + Duration::days(150)).to_string();
        let ended = call(&app, "mutation($p: ID!, $d: Date) { setPlacementEnd(input: { placementId: $p, endsOn: $d }) { placement { endsOn } userErrors { code } } }",
            json!({ "p": placement, "d": ends }), &employer).await;
        assert_eq!(
            ended["data"]["setPlacementEnd"]["placement"]["endsOn"],
            ends.as_str(),
            "{db:?}: {ended}"
        );

        // A job that has not started cannot be checked on.
        let future = (today + Duration::days(30)).to_string();
        let upcoming = hire(&app, &employer, &farm, &amina, &future).await;
        let early = call(
            &app,
            CHECK_IN,
            json!({ "i": { "placementId": upcoming, "months": 3, "outcome": "STILL_EMPLOYED" } }),
            &amina,
        )
        .await;
        assert_eq!(
            codes(&early, "recordPlacementCheckIn"),
            ["NOT_STARTED"],
            "{db:?}: {early}"
        );
        app.stop().await;
    }
}
