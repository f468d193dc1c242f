//! `publicStatistics` over HTTP on each database, without signing in: people placed in
//! shortage occupations by sector and region, people trained and courses completed, each
//! counted only with consent to ANALYTICS, with small groups withheld and the next
//! smallest with them, so that nothing shown (nor its difference with the total) singles
//! anyone out; withdrawing consent takes a person out of the next answer.

mod common;

use common::{TestApp, databases, spawn_app_with};
use serde_json::{Value, json};

async fn call(app: &TestApp, query: &str, variables: Value, token: &str) -> Value {
    app.call(query, variables, Some(token)).await
}

const STATISTICS: &str = "query($r: String) { publicStatistics(region: $r, from: \"2025-01-01\", until: \"2025-12-31\") {
    region minGroup
    shortagePlacements { total { count suppressed }
      bySector { code sector { code } count suppressed }
      byRegion { region count suppressed } }
    peopleTrained { count suppressed } coursesCompleted { count suppressed } } }";

const CONSENT: &str = "mutation($g: Boolean!) { setConsent(input: { purpose: ANALYTICS, granted: $g }) { consents { granted } } }";

async fn occupation(app: &TestApp, isco: &str) -> String {
    let found = app
        .call(
            "query($g: String!) { occupations(iscoGroup: $g, first: 1) { nodes { uri } } }",
            json!({ "g": isco }),
            None,
        )
        .await;
    found["data"]["occupations"]["nodes"][0]["uri"]
        .as_str()
        .unwrap_or_else(|| panic!("an occupation in {isco}: {found}"))
        .to_owned()
}

/// An OPEN vacancy of `org` in `occupation` at `place` (country, subdivision).
async fn vacancy(
    app: &TestApp,
    employer: &str,
    org: &Value,
    occupation: &str,
    place: (&str, Option<&str>),
) -> Value {
    let input = json!({ "organisationId": org, "title": "Job", "contractType": "PERMANENT",
        "occupationUri": occupation, "positions": 50,
        "location": { "countryCode": place.0, "region": place.1 } });
    app.open_vacancy(employer, input).await
}

/// A new person, consenting to ANALYTICS or not, hired into `vacancy` from 2025-03-01.
async fn hired(app: &TestApp, employer: &str, vacancy: &Value, n: usize, consent: bool) -> String {
    let token = app
        .register(&format!("person{n}@example.org"), "MIGRANT", "Person")
        .await;
    call(app, "mutation { updateMyProfile(input: { location: { countryCode: \"DE\", region: \"DE-BY\" } }) { userErrors { code } } }", json!({}), &token).await;
    if consent {
        call(app, CONSENT, json!({ "g": true }), &token).await;
    }
    app.hire(employer, vacancy, &token, "2025-03-01").await;
    token
}

fn figure(value: &Value) -> Option<i64> {
    assert_eq!(value["suppressed"], value["count"].is_null(), "{value}");
    value["count"].as_i64()
}

fn cells(list: &Value, key: &str) -> Vec<(String, Option<i64>)> {
    list.as_array()
        .unwrap_or_else(|| panic!("{list}"))
        .iter()
        .map(|c| (c[key].as_str().unwrap().to_owned(), figure(c)))
        .collect()
}

/// No shown cell and no difference between the total and a sum of shown cells is a group
/// of 1 to k-1 people.
fn no_small_group(total: Option<i64>, shown: &[i64], k: i64) {
    let small = |n: i64| n > 0 && n < k;
    assert!(shown.iter().all(|n| !small(*n)), "{shown:?}");
    if let Some(total) = total {
        assert!(!small(total));
        for mask in 0..(1_u32 << shown.len()) {
            let picked: i64 = shown
                .iter()
                .enumerate()
                .filter(|(i, _)| mask & (1 << i) != 0)
                .map(|(_, n)| n)
                .sum();
            assert!(!small(total - picked), "total {total}, picked {picked}");
        }
    }
}

#[tokio::test]
async fn public_statistics_count_consenting_people_and_withhold_small_groups() {
    for db in databases() {
        let app = spawn_app_with(db, |config| config.statistics.min_group = 5).await;
        let list =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/shortages.csv");
        skillbridge_server::import_shortages(app.config.clone(), &list)
            .await
            .unwrap();
        let employer = app.register("hr@example.org", "EMPLOYER", "HR").await;
        let org = call(&app, "mutation { createOrganisation(input: { kind: EMPLOYER, name: \"Care & Build\" }) { organisation { id } } }", json!({}), &employer).await;
        let org = org["data"]["createOrganisation"]["organisation"]["id"].clone();
        // Shortage occupations: nurses in Bavaria (DE-BY list), welders anywhere in the EU,
        // labourers in France; cooks only on a German list that ended in 2024.
        let nurses = vacancy(
            &app,
            &employer,
            &org,
            &occupation(&app, "2221").await,
            ("DE", Some("DE-BY")),
        )
        .await;
        let welders = vacancy(
            &app,
            &employer,
            &org,
            &occupation(&app, "7212").await,
            ("DE", Some("DE-BE")),
        )
        .await;
        let labourers = vacancy(
            &app,
            &employer,
            &org,
            &occupation(&app, "9313").await,
            ("FR", None),
        )
        .await;
        let cooks = vacancy(
            &app,
            &employer,
            &org,
            &occupation(&app, "5120").await,
            ("DE", None),
        )
        .await;
        let mut n = 0;
        let mut people = Vec::new();
        for (vacancy, count) in [(&nurses, 8), (&welders, 6), (&labourers, 2), (&cooks, 3)] {
            for _ in 0..count {
                n += 1;
                people.push(hired(&app, &employer, vacancy, n, true).await);
            }
        }
        // Placed as a nurse in Bavaria, but without consent: not counted.
        hired(&app, &employer, &nurses, 99, false).await;

        let everywhere = app.call(STATISTICS, json!({}), None).await;
        let stats = &everywhere["data"]["publicStatistics"];
        assert_eq!(stats["minGroup"], 5, "{db:?}: {everywhere}");
        let placements = &stats["shortagePlacements"];
        let total = figure(&placements["total"]);
        assert_eq!(total, Some(16), "{db:?}: 8 nurses, 6 welders, 2 labourers");
        let by_sector = cells(&placements["bySector"], "code");
        assert_eq!(
            by_sector,
            [
                ("2".to_owned(), Some(8)),
                ("7".to_owned(), None),
                ("9".to_owned(), None)
            ],
            "{db:?}: two labourers are withheld, and the six welders with them"
        );
        assert_eq!(placements["bySector"][0]["sector"]["code"], "2");
        let by_region = cells(&placements["byRegion"], "region");
        assert_eq!(
            by_region,
            [
                ("DE-BE".to_owned(), None),
                ("DE-BY".to_owned(), Some(8)),
                ("FR".to_owned(), None)
            ]
        );
        for list in [&by_sector, &by_region] {
            let shown: Vec<i64> = list.iter().filter_map(|(_, n)| *n).collect();
            no_small_group(total, &shown, 5);
        }
        assert_eq!(figure(&stats["peopleTrained"]), Some(0));

        // Germany alone: nurses and welders, 14, each group shown.
        let germany = app.call(STATISTICS, json!({ "r": "DE" }), None).await;
        let placements = &germany["data"]["publicStatistics"]["shortagePlacements"];
        assert_eq!(figure(&placements["total"]), Some(14), "{germany}");
        assert_eq!(
            cells(&placements["bySector"], "code"),
            [("2".to_owned(), Some(8)), ("7".to_owned(), Some(6))]
        );

        // Two nurses withdraw: 6 nurses and 6 welders in Germany.
        for token in &people[..2] {
            call(&app, CONSENT, json!({ "g": false }), token).await;
        }
        let withdrawn = app.call(STATISTICS, json!({ "r": "DE" }), None).await;
        let placements = &withdrawn["data"]["publicStatistics"]["shortagePlacements"];
        assert_eq!(figure(&placements["total"]), Some(12), "{withdrawn}");
        assert_eq!(
            cells(&placements["bySector"], "code"),
            [("2".to_owned(), Some(6)), ("7".to_owned(), Some(6))]
        );

        // Training: five consenting people complete a course today, and one of them a
        // second; one who does not consent completes it too.
        let trainer = app
            .register("school@example.org", "TRAINER", "School")
            .await;
        let school = call(&app, "mutation { createOrganisation(input: { kind: TRAINING_PROVIDER, name: \"School\" }) { organisation { id } } }", json!({}), &trainer).await;
        let school = school["data"]["createOrganisation"]["organisation"]["id"].clone();
        let mut cohorts = Vec::new();
        for title in ["German B1", "Welding safety"] {
            let course = call(&app, "mutation($o: ID!, $t: String!) { createCourse(input: { organisationId: $o, title: $t, mode: ONLINE, languages: [\"de\"] }) { course { id } } }", json!({ "o": school, "t": title }), &trainer).await;
            let course = course["data"]["createCourse"]["course"]["id"].clone();
            let cohort = call(&app, "mutation($c: ID!) { addCohort(input: { courseId: $c, startsOn: \"2030-03-01\", seats: 20 }) { cohort { id } } }", json!({ "c": course }), &trainer).await;
            cohorts.push(cohort["data"]["addCohort"]["cohort"]["id"].clone());
        }
        let learners: Vec<&String> = people[2..7].iter().chain([&people[0]]).collect();
        let mut enrolments = Vec::new();
        for (i, token) in learners.iter().enumerate() {
            let cohort = &cohorts[0];
            let enrolled = call(&app, "mutation($c: ID!) { enrol(input: { cohortId: $c }) { enrolment { id } userErrors { code } } }", json!({ "c": cohort }), token).await;
            enrolments.push(enrolled["data"]["enrol"]["enrolment"]["id"].clone());
            if i == 0 {
                let again = call(&app, "mutation($c: ID!) { enrol(input: { cohortId: $c }) { enrolment { id } userErrors { code } } }", json!({ "c": cohorts[1] }), token).await;
                enrolments.push(again["data"]["enrol"]["enrolment"]["id"].clone());
            }
        }
        for enrolment in &enrolments {
            let done = call(&app, "mutation($e: ID!) { finishEnrolment(input: { enrolmentId: $e, outcome: COMPLETED }) { userErrors { code } } }", json!({ "e": enrolment }), &trainer).await;
            assert_eq!(
                done["data"]["finishEnrolment"]["userErrors"],
                json!([]),
                "{done}"
            );
        }
        let this_year = app
            .call(
                "{ publicStatistics(region: \"DE-BY\") { peopleTrained { count suppressed } coursesCompleted { count suppressed } } }",
                json!({}),
                None,
            )
            .await;
        let trained = &this_year["data"]["publicStatistics"];
        assert_eq!(
            (
                figure(&trained["peopleTrained"]),
                figure(&trained["coursesCompleted"])
            ),
            (Some(5), Some(6)),
            "{db:?}: people[0] withdrew consent; six completions by five people: {this_year}"
        );

        // Bad input is a clear error.
        for (variables, needle) in [(json!({ "r": "Bavaria" }), "region")] {
            let body = app.call(STATISTICS, variables, None).await;
            assert_eq!(
                body["errors"][0]["extensions"]["code"], "BAD_USER_INPUT",
                "{body}"
            );
            assert!(
                body["errors"][0]["message"]
                    .as_str()
                    .unwrap()
                    .contains(needle)
            );
        }
        let reversed = app
            .call(
                "{ publicStatistics(from: \"2027-12-31\", until: \"2027-01-01\") { minGroup } }",
                json!({}),
                None,
            )
            .await;
        assert_eq!(
            reversed["errors"][0]["extensions"]["code"],
            "BAD_USER_INPUT"
        );
    }
}
