//! Availability windows over HTTP on each database: a seasonal worker available June to
//! September sees a July-August harvest first, a permanent job from June below it with a
//! third of its first year covered, and a permanent October start not at all, with the
//! reason in `skillGap`; employers rank by availability too; windows and vacancy end dates
//! refuse bad input and save nothing.

mod common;

use chrono::Datelike;
use common::{TestApp, databases, spawn_app_with};
use serde_json::{Value, json};

async fn call(app: &TestApp, query: &str, variables: Value, token: &str) -> Value {
    app.call(query, variables, Some(token)).await
}

/// A day of next year, so that every date of the test lies ahead.
fn day(month: u32, d: u32) -> String {
    let year = chrono::Utc::now().year() + 1;
    format!("{year}-{month:02}-{d:02}")
}

const MATCHES: &str = "{ matchVacancies(first: 10) { totalCount edges { node { score
    vacancy { title endsOn durationDays }
    explanation { availability { from until openEnded jobDays availableDays share availableAtStart }
      factors { name value } } } } } }";

const UPDATE_PROFILE: &str = "mutation($i: UpdateMyProfileInput!) { updateMyProfile(input: $i) {
    profile { availability { from until } availableFrom } userErrors { field code message } } }";

const CREATE_VACANCY: &str = "mutation($i: CreateVacancyInput!) { createVacancy(input: $i) {
    vacancy { id } userErrors { field code message } } }";

async fn vacancy(
    app: &TestApp,
    employer: &str,
    org: &Value,
    title: &str,
    skill: &str,
    contract: &str,
    dates: (Option<String>, Option<String>),
) -> Value {
    let input = json!({
        "organisationId": org, "title": title, "contractType": contract,
        "location": { "countryCode": "DE", "latitude": 52.52, "longitude": 13.405 },
        "skills": [{ "skillUri": skill, "importance": "ESSENTIAL" }],
        "startsOn": dates.0, "endsOn": dates.1,
    });
    app.open_vacancy(employer, input).await
}

fn titles(body: &Value) -> Vec<String> {
    body["data"]["matchVacancies"]["edges"]
        .as_array()
        .unwrap_or_else(|| panic!("{body}"))
        .iter()
        .map(|e| e["node"]["vacancy"]["title"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn a_seasonal_worker_sees_the_harvest_first_and_not_an_october_start() {
    for db in databases() {
        let app = spawn_app_with(db, |_| {}).await;
        let skills = app
            .call(
                "{ skills(first: 1) { edges { node { uri } } } }",
                json!({}),
                None,
            )
            .await;
        let skill = skills["data"]["skills"]["edges"][0]["node"]["uri"]
            .as_str()
            .unwrap()
            .to_owned();
        let person = app.register("sami@example.org", "MIGRANT", "Sami").await;
        let saved = call(
            &app,
            UPDATE_PROFILE,
            json!({ "i": {
                "rightToWork": "YES", "mobilityRadiusKm": 50, "visibility": "ANONYMISED",
                "location": { "countryCode": "DE", "latitude": 52.52, "longitude": 13.405 },
                "availability": [{ "from": day(6, 1), "until": day(9, 30) }]
            } }),
            &person,
        )
        .await;
        let profile = &saved["data"]["updateMyProfile"];
        assert_eq!(profile["userErrors"], json!([]), "{db:?}: {saved}");
        assert_eq!(
            profile["profile"]["availability"],
            json!([{ "from": day(6, 1), "until": day(9, 30) }])
        );
        assert_eq!(profile["profile"]["availableFrom"], json!(day(6, 1)));
        call(&app, "mutation($s: String!) { addProfileSkill(input: { skillUri: $s, proficiency: ADVANCED }) { userErrors { code } } }", json!({ "s": skill }), &person).await;
        for purpose in ["MATCHING", "SHARING_WITH_EMPLOYERS"] {
            call(&app, "mutation($p: ConsentPurpose!) { setConsent(input: { purpose: $p, granted: true }) { consents { granted } } }", json!({ "p": purpose }), &person).await;
        }

        let employer = app.register("farm@example.org", "EMPLOYER", "Farm").await;
        let org = call(&app, "mutation { createOrganisation(input: { kind: EMPLOYER, name: \"Farm\" }) { organisation { id } } }", json!({}), &employer).await;
        let org = org["data"]["createOrganisation"]["organisation"]["id"].clone();
        let harvest = vacancy(
            &app,
            &employer,
            &org,
            "Harvest",
            &skill,
            "SEASONAL",
            (Some(day(7, 1)), Some(day(8, 31))),
        )
        .await;
        vacancy(
            &app,
            &employer,
            &org,
            "Permanent from June",
            &skill,
            "PERMANENT",
            (Some(day(6, 1)), None),
        )
        .await;
        let october = vacancy(
            &app,
            &employer,
            &org,
            "Permanent from October",
            &skill,
            "PERMANENT",
            (Some(day(10, 1)), None),
        )
        .await;

        let matches = call(&app, MATCHES, json!({}), &person).await;
        assert_eq!(
            titles(&matches),
            ["Harvest", "Permanent from June"],
            "{db:?}: {matches}"
        );
        let first = &matches["data"]["matchVacancies"]["edges"][0]["node"];
        assert_eq!(first["vacancy"]["endsOn"], json!(day(8, 31)));
        assert_eq!(first["vacancy"]["durationDays"], 62);
        let fit = &first["explanation"]["availability"];
        assert_eq!(fit["share"], 1.0, "{fit}");
        assert_eq!(fit["availableAtStart"], true);
        assert_eq!(
            (fit["jobDays"].as_i64(), fit["openEnded"].as_bool()),
            (Some(62), Some(false))
        );
        let factor = first["explanation"]["factors"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["name"] == "availability")
            .cloned();
        assert_eq!(factor.map(|f| f["value"].clone()), Some(json!(1.0)));
        let june =
            &matches["data"]["matchVacancies"]["edges"][1]["node"]["explanation"]["availability"];
        assert_eq!(june["openEnded"], true);
        assert_eq!(
            june["availableDays"], 122,
            "June to September of its first year"
        );
        assert!(june["share"].as_f64().unwrap() < 0.5);

        let gap = call(
            &app,
            "query($v: ID!) { skillGap(vacancyId: $v) { score exclusion excludedBecause } }",
            json!({ "v": october }),
            &person,
        )
        .await;
        let gap = &gap["data"]["skillGap"];
        assert_eq!(gap["score"], Value::Null, "{gap}");
        assert_eq!(gap["exclusion"], "UNAVAILABLE");
        let because = gap["excludedBecause"].as_str().unwrap();
        assert!(because.contains(&day(10, 1)), "{because}");

        // Employers rank by availability too: the seasonal worker is a candidate for the
        // harvest, with the fit explained, and not for the October start.
        let candidates = "query($v: ID!) { matchCandidates(vacancyId: $v) { totalCount
            nodes { candidate { availability { from until } } explanation { availability { share } } } } }";
        let for_harvest = call(&app, candidates, json!({ "v": harvest }), &employer).await;
        let found = &for_harvest["data"]["matchCandidates"];
        assert_eq!(found["totalCount"], 1, "{db:?}: {for_harvest}");
        assert_eq!(
            found["nodes"][0]["candidate"]["availability"],
            json!([{ "from": day(6, 1), "until": day(9, 30) }])
        );
        assert_eq!(
            found["nodes"][0]["explanation"]["availability"]["share"],
            1.0
        );
        let for_october = call(&app, candidates, json!({ "v": october }), &employer).await;
        assert_eq!(
            for_october["data"]["matchCandidates"]["totalCount"], 0,
            "{for_october}"
        );

        // Available any time again: every vacancy matches, the October one too.
        let cleared = call(
            &app,
            UPDATE_PROFILE,
            json!({ "i": { "availability": [] } }),
            &person,
        )
        .await;
        assert_eq!(
            cleared["data"]["updateMyProfile"]["profile"]["availability"],
            json!([])
        );
        let matches = call(&app, MATCHES, json!({}), &person).await;
        assert_eq!(
            matches["data"]["matchVacancies"]["totalCount"], 3,
            "{matches}"
        );
        assert_eq!(
            matches["data"]["matchVacancies"]["edges"][0]["node"]["explanation"]["availability"],
            Value::Null
        );
    }
}

#[tokio::test]
async fn bad_windows_and_end_dates_are_user_errors_and_save_nothing() {
    for db in databases() {
        let app = spawn_app_with(db, |_| {}).await;
        let person = app.register("ana@example.org", "MIGRANT", "Ana").await;
        let season = json!([{ "from": day(6, 1), "until": day(9, 30) }]);
        call(
            &app,
            UPDATE_PROFILE,
            json!({ "i": { "availability": season } }),
            &person,
        )
        .await;
        let cases = [
            (
                json!({ "availability": [{ "from": day(9, 30), "until": day(6, 1) }] }),
                "availability[0].until",
                "ENDS_BEFORE_START",
            ),
            (
                json!({ "availability": [
                    { "from": day(7, 1), "until": day(8, 31) },
                    { "from": day(6, 1), "until": day(7, 1) }
                ] }),
                "availability[0]",
                "WINDOWS_OVERLAP",
            ),
            (
                json!({ "availability": [{ "from": day(6, 1) }, { "from": day(11, 1), "until": day(12, 1) }] }),
                "availability[1]",
                "WINDOWS_OVERLAP",
            ),
            (
                json!({ "availability": [], "availableFrom": day(1, 1) }),
                "availableFrom",
                "DUPLICATE",
            ),
        ];
        for (input, field, code) in cases {
            let body = call(&app, UPDATE_PROFILE, json!({ "i": input }), &person).await;
            let errors = &body["data"]["updateMyProfile"]["userErrors"];
            assert!(
                errors
                    .as_array()
                    .unwrap_or_else(|| panic!("{body}"))
                    .iter()
                    .any(|e| e["field"] == field && e["code"] == code),
                "{db:?} {field} {code}: {body}"
            );
            assert_eq!(body["data"]["updateMyProfile"]["profile"], Value::Null);
        }
        let kept = call(
            &app,
            "{ myProfile { availability { from until } } }",
            json!({}),
            &person,
        )
        .await;
        assert_eq!(
            kept["data"]["myProfile"]["availability"], season,
            "nothing saved"
        );

        // The deprecated single date still works: one window from that day on.
        let single = call(
            &app,
            UPDATE_PROFILE,
            json!({ "i": { "availableFrom": day(3, 1) } }),
            &person,
        )
        .await;
        assert_eq!(
            single["data"]["updateMyProfile"]["profile"]["availability"],
            json!([{ "from": day(3, 1), "until": null }])
        );

        let employer = app.register("farm@example.org", "EMPLOYER", "Farm").await;
        let org = call(&app, "mutation { createOrganisation(input: { kind: EMPLOYER, name: \"Farm\" }) { organisation { id } } }", json!({}), &employer).await;
        let org = org["data"]["createOrganisation"]["organisation"]["id"].clone();
        let vacancy = |contract: &str, starts: String, ends: String| {
            json!({ "i": {
                "organisationId": org, "title": "Picker", "contractType": contract,
                "location": { "countryCode": "DE" }, "startsOn": starts, "endsOn": ends
            } })
        };
        for (input, code) in [
            (
                vacancy("PERMANENT", day(7, 1), day(8, 31)),
                "PERMANENT_HAS_NO_END",
            ),
            (
                vacancy("SEASONAL", day(7, 1), day(6, 30)),
                "ENDS_BEFORE_START",
            ),
        ] {
            let body = call(&app, CREATE_VACANCY, input, &employer).await;
            let payload = &body["data"]["createVacancy"];
            assert_eq!(payload["vacancy"], Value::Null, "{body}");
            assert_eq!(payload["userErrors"][0]["field"], "endsOn", "{body}");
            assert_eq!(payload["userErrors"][0]["code"], code, "{body}");
        }
        let listed = call(
            &app,
            "query($o: ID!) { vacancies(filter: { organisationId: $o }) { totalCount } }",
            json!({ "o": org }),
            &employer,
        )
        .await;
        assert_eq!(listed["data"]["vacancies"]["totalCount"], 0, "{listed}");

        // Editing: a seasonal job gets an end, then cannot be made permanent with it.
        let created = call(
            &app,
            CREATE_VACANCY,
            vacancy("SEASONAL", day(7, 1), day(8, 31)),
            &employer,
        )
        .await;
        let id = created["data"]["createVacancy"]["vacancy"]["id"].clone();
        let update = "mutation($i: UpdateVacancyInput!) { updateVacancy(input: $i) {
            vacancy { contractType endsOn } userErrors { field code } } }";
        let permanent = call(
            &app,
            update,
            json!({ "i": { "vacancyId": id, "contractType": "PERMANENT" } }),
            &employer,
        )
        .await;
        assert_eq!(
            permanent["data"]["updateVacancy"]["userErrors"][0]["code"], "PERMANENT_HAS_NO_END",
            "{permanent}"
        );
        let ended = call(
            &app,
            update,
            json!({ "i": { "vacancyId": id, "contractType": "PERMANENT", "endsOn": null } }),
            &employer,
        )
        .await;
        assert_eq!(
            ended["data"]["updateVacancy"]["vacancy"],
            json!({ "contractType": "PERMANENT", "endsOn": null }),
            "{ended}"
        );
    }
}
