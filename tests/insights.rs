//! `insights` over HTTP on each database: the skills open vacancies of a region ask for,
//! the skills and languages its people hold (only with consent to ANALYTICS, small groups
//! and small complements withheld and never ranked by their hidden value), the gaps with
//! the course seats that teach them; for employers, trainers, caseworkers and
//! administrators only.

mod common;

use common::{TestApp, databases, spawn_app_with};
use serde_json::{Value, json};

async fn call(app: &TestApp, query: &str, variables: Value, token: &str) -> Value {
    app.call(query, variables, Some(token)).await
}

const INSIGHTS: &str = "query($r: String) { insights(region: $r) { region minGroup
    people { count suppressed }
    demand(first: 10) { totalCount nodes { skill { uri } vacancies essential shortageVacancies } }
    supply(first: 10) { totalCount nodes { skill { uri } people { count suppressed } } }
    languages { nodes { language { code } people { count suppressed } } }
    gaps(first: 10) { totalCount nodes { skill { uri } demand supply { count suppressed } gap courseSeats } } } }";

const CONSENT: &str = "mutation($g: Boolean!) { setConsent(input: { purpose: ANALYTICS, granted: $g }) { consents { granted } } }";

#[tokio::test]
async fn insights_show_demand_supply_and_gaps_without_singling_anyone_out() {
    for db in databases() {
        let app = spawn_app_with(db, |config| config.statistics.min_group = 5).await;
        let listed = app
            .call("{ skills(first: 3) { nodes { uri } } }", json!({}), None)
            .await;
        let skills: Vec<String> = listed["data"]["skills"]["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n["uri"].as_str().unwrap().to_owned())
            .collect();
        let (s0, s1, s2) = (&skills[0], &skills[1], &skills[2]);

        let employer = app.register("hr@example.org", "EMPLOYER", "HR").await;
        let org = call(&app, "mutation { createOrganisation(input: { kind: EMPLOYER, name: \"Care\" }) { organisation { id } } }", json!({}), &employer).await;
        let org = org["data"]["createOrganisation"]["organisation"]["id"].clone();
        for (place, wanted) in [
            (
                json!({ "countryCode": "DE", "region": "DE-BY" }),
                vec![(s0, "ESSENTIAL"), (s1, "OPTIONAL")],
            ),
            (
                json!({ "countryCode": "DE", "region": "DE-BY" }),
                vec![(s0, "ESSENTIAL")],
            ),
            (
                json!({ "countryCode": "DE", "region": "DE-BY" }),
                vec![(s0, "ESSENTIAL")],
            ),
            (json!({ "countryCode": "FR" }), vec![(s2, "ESSENTIAL")]),
        ] {
            let asked: Vec<Value> = wanted
                .iter()
                .map(|(uri, importance)| json!({ "skillUri": uri, "importance": importance }))
                .collect();
            app.open_vacancy(
                &employer,
                json!({ "organisationId": org, "title": "Carer", "contractType": "PERMANENT",
                        "location": place, "skills": asked }),
            )
            .await;
        }

        // Eleven consenting people in Bavaria all hold s0 and speak German; three hold s1
        // and two Arabic. A twelfth holds s0 without consenting.
        let mut people = Vec::new();
        for n in 0..12 {
            let token = app
                .register(&format!("p{n}@example.org"), "MIGRANT", "Person")
                .await;
            call(&app, "mutation { updateMyProfile(input: { location: { countryCode: \"DE\", region: \"DE-BY\" } }) { userErrors { code } } }", json!({}), &token).await;
            let mut held = vec![s0];
            if n < 3 {
                held.push(s1);
            }
            for uri in held {
                call(&app, "mutation($s: String!) { addProfileSkill(input: { skillUri: $s, proficiency: INTERMEDIATE }) { userErrors { code } } }", json!({ "s": uri }), &token).await;
            }
            call(&app, "mutation { setProfileLanguage(input: { language: \"de\", level: \"B1\" }) { userErrors { code } } }", json!({}), &token).await;
            if n < 2 {
                call(&app, "mutation { setProfileLanguage(input: { language: \"ar\", level: \"C2\", motherTongue: true }) { userErrors { code } } }", json!({}), &token).await;
            }
            if n < 11 {
                call(&app, CONSENT, json!({ "g": true }), &token).await;
            }
            people.push(token);
        }

        // An online course teaching s1, starting in a month.
        let trainer = app
            .register("school@example.org", "TRAINER", "School")
            .await;
        let school = call(&app, "mutation { createOrganisation(input: { kind: TRAINING_PROVIDER, name: \"School\" }) { organisation { id } } }", json!({}), &trainer).await;
        let school = school["data"]["createOrganisation"]["organisation"]["id"].clone();
        let course = call(&app, "mutation($o: ID!, $s: String!) { createCourse(input: { organisationId: $o, title: \"Care basics\", mode: ONLINE, languages: [\"de\"], skills: [{ skillUri: $s, level: INTERMEDIATE }] }) { course { id } } }", json!({ "o": school, "s": s1 }), &trainer).await;
        let course = course["data"]["createCourse"]["course"]["id"].clone();
        let soon = (chrono::Utc::now().date_naive() + chrono::Duration::days(30)).to_string();
        call(&app, "mutation($c: ID!, $d: Date!) { addCohort(input: { courseId: $c, startsOn: $d, seats: 15 }) { userErrors { code } } }", json!({ "c": course, "d": soon }), &trainer).await;

        let body = call(&app, INSIGHTS, json!({ "r": "DE-BY" }), &employer).await;
        let insights = &body["data"]["insights"];
        assert_eq!(insights["region"], "DE-BY", "{db:?}: {body}");
        assert_eq!(
            insights["people"],
            json!({ "count": 11, "suppressed": false })
        );
        assert_eq!(
            insights["demand"]["nodes"],
            json!([
                { "skill": { "uri": s0 }, "vacancies": 3, "essential": 3, "shortageVacancies": 0 },
                { "skill": { "uri": s1 }, "vacancies": 1, "essential": 0, "shortageVacancies": 0 }
            ]),
            "{db:?}: the French vacancy is elsewhere"
        );
        assert_eq!(
            insights["supply"]["nodes"],
            json!([
                { "skill": { "uri": s0 }, "people": { "count": 11, "suppressed": false } },
                { "skill": { "uri": s1 }, "people": { "count": null, "suppressed": true } }
            ]),
            "{db:?}: three holders of s1 are withheld"
        );
        assert_eq!(
            insights["languages"]["nodes"],
            json!([
                { "language": { "code": "de" }, "people": { "count": 11, "suppressed": false } },
                { "language": { "code": "ar" }, "people": { "count": null, "suppressed": true } }
            ])
        );
        assert_eq!(
            insights["gaps"]["nodes"],
            json!([
                { "skill": { "uri": s0 }, "demand": 3, "supply": { "count": 11, "suppressed": false }, "gap": -8, "courseSeats": 0 },
                { "skill": { "uri": s1 }, "demand": 1, "supply": { "count": null, "suppressed": true }, "gap": null, "courseSeats": 15 }
            ])
        );

        // Pages follow the ranking.
        let paged = call(&app, "query { insights(region: \"DE-BY\") { demand(first: 1) { pageInfo { hasNextPage endCursor } nodes { vacancies } } } }", json!({}), &employer).await;
        let page = &paged["data"]["insights"]["demand"];
        assert_eq!(page["nodes"], json!([{ "vacancies": 3 }]));
        assert_eq!(page["pageInfo"]["hasNextPage"], true);
        let next = call(&app, "query($a: String) { insights(region: \"DE-BY\") { demand(first: 1, after: $a) { nodes { vacancies } } } }", json!({ "a": page["pageInfo"]["endCursor"] }), &employer).await;
        assert_eq!(
            next["data"]["insights"]["demand"]["nodes"],
            json!([{ "vacancies": 1 }])
        );

        // Withdrawing consent takes a person out of the next answer.
        call(&app, CONSENT, json!({ "g": false }), &people[10]).await;
        let after = call(&app, INSIGHTS, json!({ "r": "DE-BY" }), &employer).await;
        assert_eq!(after["data"]["insights"]["people"]["count"], 10, "{after}");
        assert_eq!(
            after["data"]["insights"]["supply"]["nodes"][0]["people"]["count"],
            10
        );

        // For organisations and administrators only; a bad region is a clear error.
        let refused = call(&app, INSIGHTS, json!({}), &people[0]).await;
        assert_eq!(
            refused["errors"][0]["extensions"]["code"], "FORBIDDEN",
            "{refused}"
        );
        let anonymous = app.call(INSIGHTS, json!({}), None).await;
        assert_eq!(
            anonymous["errors"][0]["extensions"]["code"],
            "UNAUTHENTICATED"
        );
        // The public subset: what open vacancies ask for, for anyone.
        let public = app
            .call(
                "{ insights(region: \"DE-BY\") { demand { nodes { vacancies } } occupationDemand { totalCount nodes { occupation { uri } vacancies positions shortageVacancies } } } }",
                json!({}),
                None,
            )
            .await;
        assert_eq!(public["errors"], Value::Null, "{public}");
        assert_eq!(
            public["data"]["insights"]["demand"]["nodes"],
            json!([{ "vacancies": 3 }, { "vacancies": 1 }])
        );
        assert_eq!(
            public["data"]["insights"]["occupationDemand"]["nodes"],
            json!([{ "occupation": null, "vacancies": 3, "positions": 3, "shortageVacancies": 0 }]),
            "{db:?}: three Bavarian vacancies name no occupation"
        );
        let migrant_demand = call(
            &app,
            "{ insights { demand { totalCount } } }",
            json!({}),
            &people[0],
        )
        .await;
        assert_eq!(
            migrant_demand["data"]["insights"]["demand"]["totalCount"],
            3
        );
        let bad = call(&app, INSIGHTS, json!({ "r": "Bavaria" }), &trainer).await;
        assert_eq!(
            bad["errors"][0]["extensions"]["code"], "BAD_USER_INPUT",
            "{bad}"
        );
        let everywhere = call(&app, INSIGHTS, json!({}), &trainer).await;
        assert_eq!(
            everywhere["data"]["insights"]["demand"]["totalCount"], 3,
            "{everywhere}"
        );
    }
}

const FLOWS: &str = "query($from: Date, $until: Date) { insights(region: \"DE\", from: $from, until: $until) {
    from until
    flows { stage people { count suppressed }
      byOccupation { totalCount edges { node { occupation { uri } people { count suppressed } } } }
      byTrack { track people { count suppressed } } }
    retention { months checked { count } inWork { count suppressed } leftWork { count suppressed } } } }";

#[tokio::test]
async fn flows_and_retention_count_consenting_people_in_the_period() {
    for db in databases() {
        let app = spawn_app_with(db, |config| config.statistics.min_group = 5).await;
        let occupation = app
            .call(
                "{ occupations(first: 1) { nodes { uri } } }",
                json!({}),
                None,
            )
            .await["data"]["occupations"]["nodes"][0]["uri"]
            .as_str()
            .unwrap()
            .to_owned();
        let employer = app.register("hr@example.org", "EMPLOYER", "HR").await;
        let org = call(&app, "mutation { createOrganisation(input: { kind: EMPLOYER, name: \"Care\" }) { organisation { id } } }", json!({}), &employer).await;
        let org = org["data"]["createOrganisation"]["organisation"]["id"].clone();
        let vacancy = app
            .open_vacancy(
                &employer,
                json!({ "organisationId": org, "title": "Carer", "contractType": "PERMANENT",
                    "occupationUri": occupation, "positions": 20, "tracks": ["WOMEN"],
                    "location": { "countryCode": "DE", "region": "DE-BE" } }),
            )
            .await;
        // Seven consenting people apply; five of them are hired, their jobs starting on
        // 2026-03-02. An eighth, without consent, is hired too.
        let mut hired = Vec::new();
        for n in 0..8 {
            let token = app
                .register(&format!("p{n}@example.org"), "MIGRANT", "Person")
                .await;
            call(&app, "mutation { updateMyProfile(input: { location: { countryCode: \"DE\", region: \"DE-BE\" } }) { userErrors { code } } }", json!({}), &token).await;
            if n < 7 {
                call(&app, "mutation { setConsent(input: { purpose: ANALYTICS, granted: true }) { consents { granted } } }", json!({}), &token).await;
            }
            if n < 5 || n == 7 {
                app.hire(&employer, &vacancy, &token, "2026-03-02").await;
                hired.push((n, token));
            } else {
                let applied = call(&app, "mutation($v: ID!) { applyToVacancy(input: { vacancyId: $v }) { userErrors { code } } }", json!({ "v": vacancy }), &token).await;
                assert_eq!(applied["data"]["applyToVacancy"]["userErrors"], json!([]));
            }
        }
        // Three-month check-ins: the five consenting are in work; the eighth left.
        for (n, token) in &hired {
            let mine = call(&app, "{ myPlacements { id } }", json!({}), token).await;
            let placement = mine["data"]["myPlacements"][0]["id"].clone();
            let outcome = if *n == 7 {
                "LEFT_WORK"
            } else {
                "STILL_EMPLOYED"
            };
            let reason = if *n == 7 { json!("OTHER") } else { Value::Null };
            let recorded = call(
                &app,
                "mutation($i: RecordCheckInInput!) { recordPlacementCheckIn(input: $i) { userErrors { field code } } }",
                json!({ "i": { "placementId": placement, "months": 3, "outcome": outcome, "reason": reason } }),
                token,
            )
            .await;
            assert_eq!(
                recorded["data"]["recordPlacementCheckIn"]["userErrors"],
                json!([]),
                "{recorded}"
            );
        }

        let found = call(&app, FLOWS, json!({}), &employer).await;
        let insights = &found["data"]["insights"];
        let flows = insights["flows"]
            .as_array()
            .unwrap_or_else(|| panic!("{found}"));
        let people: Vec<(String, Value)> = flows
            .iter()
            .map(|f| {
                (
                    f["stage"].as_str().unwrap().to_owned(),
                    f["people"]["count"].clone(),
                )
            })
            .collect();
        assert_eq!(
            people,
            [
                ("APPLIED".to_owned(), json!(7)),
                ("INTERVIEWED".to_owned(), json!(5)),
                ("HIRED".to_owned(), json!(5)),
            ],
            "{db:?}: {found}"
        );
        let applied = &flows[0];
        assert_eq!(
            applied["byOccupation"]["edges"][0]["node"],
            json!({ "occupation": { "uri": occupation }, "people": { "count": 7, "suppressed": false } })
        );
        assert_eq!(
            applied["byTrack"],
            json!([
                { "track": "YOUTH", "people": { "count": 0, "suppressed": false } },
                { "track": "WOMEN", "people": { "count": 7, "suppressed": false } },
                { "track": "ENTREPRENEURSHIP", "people": { "count": 0, "suppressed": false } },
            ])
        );
        assert_eq!(
            insights["retention"],
            json!([
                { "months": 3, "checked": { "count": 5 },
                  "inWork": { "count": 5, "suppressed": false }, "leftWork": { "count": 0, "suppressed": false } },
                { "months": 6, "checked": { "count": 0 },
                  "inWork": { "count": 0, "suppressed": false }, "leftWork": { "count": 0, "suppressed": false } },
                { "months": 12, "checked": { "count": 0 },
                  "inWork": { "count": 0, "suppressed": false }, "leftWork": { "count": 0, "suppressed": false } },
            ]),
            "{db:?}"
        );

        // Another period: nothing happened then.
        let before = call(
            &app,
            FLOWS,
            json!({ "from": "2020-01-01", "until": "2020-12-31" }),
            &employer,
        )
        .await;
        assert_eq!(before["data"]["insights"]["from"], "2020-01-01");
        for flow in before["data"]["insights"]["flows"].as_array().unwrap() {
            assert_eq!(flow["people"]["count"], 0, "{before}");
        }
        // Reversed or longer than five years: BAD_USER_INPUT naming the field.
        for (from, until) in [("2026-02-01", "2026-01-01"), ("2019-01-01", "2026-01-01")] {
            let bad = call(
                &app,
                FLOWS,
                json!({ "from": from, "until": until }),
                &employer,
            )
            .await;
            assert_eq!(
                bad["errors"][0]["extensions"]["code"], "BAD_USER_INPUT",
                "{bad}"
            );
            assert!(
                bad["errors"][0]["message"]
                    .as_str()
                    .unwrap()
                    .starts_with("until:")
            );
        }
        app.stop().await;
    }
}
