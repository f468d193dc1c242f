//! `skillGap` over HTTP on each database: what a person lacks for a vacancy, the language
//! gaps, and the fewest cohorts that teach it, with what no course teaches.

mod common;

use common::{TestApp, databases, spawn_app_with};
use serde_json::{Value, json};

async fn call(app: &TestApp, query: &str, variables: Value, token: &str) -> Value {
    app.call(query, variables, Some(token)).await
}

const GAP: &str = "query($v: ID!) { skillGap(vacancyId: $v) {
    score excludedBecause
    missingSkills { skill { uri } importance required held status }
    languageGaps { language { code } required held }
    languagePathway { steps { course { title teachesLanguage { language { code } levelReached } } language { code } levelReached } uncovered { code } }
    pathway { steps { course { title } cohort { startsOn } covers { uri } } uncovered { uri } } } }";

#[tokio::test]
async fn the_gap_and_the_courses_that_close_it() {
    for db in databases() {
        let app = spawn_app_with(db, |_| {}).await;
        let skills = app
            .call(
                "{ skills(first: 4) { edges { node { uri } } } }",
                json!({}),
                None,
            )
            .await;
        let s: Vec<String> = skills["data"]["skills"]["edges"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["node"]["uri"].as_str().unwrap().to_owned())
            .collect();

        let person = app.register("amina@example.org", "MIGRANT", "Amina").await;
        call(&app, "mutation { updateMyProfile(input: { rightToWork: YES, mobilityRadiusKm: 30,
            location: { placeName: \"Berlin\", countryCode: \"DE\", latitude: 52.52, longitude: 13.405 } }) { userErrors { code } } }", json!({}), &person).await;
        call(&app, "mutation($s: String!) { addProfileSkill(input: { skillUri: $s, proficiency: ADVANCED }) { userErrors { code } } }", json!({ "s": s[0] }), &person).await;
        call(&app, "mutation($s: String!) { addProfileSkill(input: { skillUri: $s, proficiency: BASIC }) { userErrors { code } } }", json!({ "s": s[1] }), &person).await;
        call(&app, "mutation { setProfileLanguage(input: { language: \"de\", level: \"B1\" }) { userErrors { code } } }", json!({}), &person).await;

        let employer = app.register("hr@example.org", "EMPLOYER", "HR").await;
        let org = call(&app, "mutation { createOrganisation(input: { kind: EMPLOYER, name: \"Care\" }) { organisation { id } } }", json!({}), &employer).await;
        let org = org["data"]["createOrganisation"]["organisation"]["id"].clone();
        let vacancy = call(&app, "mutation($o: ID!, $s: [VacancySkillInput!]!) { createVacancy(input: { organisationId: $o, title: \"Carer\", contractType: PERMANENT,
            location: { placeName: \"Berlin\", countryCode: \"DE\", latitude: 52.52, longitude: 13.405 }, skills: $s,
            languages: [{ language: \"de\", minLevel: \"B2\" }] }) { vacancy { id } userErrors { code } } }",
            json!({ "o": org, "s": [
                { "skillUri": s[0], "importance": "ESSENTIAL", "minProficiency": "INTERMEDIATE" },
                { "skillUri": s[1], "importance": "ESSENTIAL", "minProficiency": "INTERMEDIATE" },
                { "skillUri": s[2], "importance": "OPTIONAL" },
                { "skillUri": s[3], "importance": "ESSENTIAL" },
            ] }), &employer).await;
        let vacancy = vacancy["data"]["createVacancy"]["vacancy"]["id"]
            .as_str()
            .unwrap_or_else(|| panic!("{vacancy}"))
            .to_owned();
        let draft = call(&app, GAP, json!({ "v": vacancy }), &person).await;
        assert_eq!(
            draft["errors"][0]["extensions"]["code"], "NOT_FOUND",
            "{db:?}: drafts are nobody's gap"
        );
        call(&app, "mutation($v: ID!) { publishVacancy(input: { vacancyId: $v }) { userErrors { code } } }", json!({ "v": vacancy }), &employer).await;

        // Courses: one teaches both missing skills 1 and 2, one only skill 1 (sooner, paid),
        // one is full; nothing teaches skill 3.
        let trainer = app
            .register("school@example.org", "TRAINER", "School")
            .await;
        let provider = call(&app, "mutation { createOrganisation(input: { kind: TRAINING_PROVIDER, name: \"School\" }) { organisation { id } } }", json!({}), &trainer).await;
        let provider = provider["data"]["createOrganisation"]["organisation"]["id"].clone();
        let course = |title: &str, taught: Vec<&String>, cost: Value| {
            json!({ "organisationId": provider, "title": title, "mode": "ONLINE", "languages": ["de"], "cost": cost,
                    "skills": taught.iter().map(|u| json!({ "skillUri": u, "level": "INTERMEDIATE" })).collect::<Vec<_>>() })
        };
        for (input, starts, seats) in [
            (
                course("Care basics", vec![&s[1], &s[2]], Value::Null),
                "2030-03-01",
                10,
            ),
            (
                course(
                    "Quick module",
                    vec![&s[1]],
                    json!({ "amount": 9900, "currency": "EUR" }),
                ),
                "2030-02-01",
                10,
            ),
            (
                course("Full course", vec![&s[1], &s[2]], Value::Null),
                "2030-01-01",
                0,
            ),
        ] {
            let created = call(&app, "mutation($i: CreateCourseInput!) { createCourse(input: $i) { course { id } userErrors { code } } }", json!({ "i": input }), &trainer).await;
            let id = created["data"]["createCourse"]["course"]["id"].clone();
            call(&app, "mutation($c: ID!, $d: Date!, $n: Int!) { addCohort(input: { courseId: $c, startsOn: $d, seats: $n }) { userErrors { code } } }", json!({ "c": id, "d": starts, "n": seats }), &trainer).await;
        }

        // Language courses: B1 is not enough, B2 from B1 closes the gap.
        for (title, from, to) in [
            ("German A2 to B1", "A2", "B1"),
            ("German B1 to B2", "B1", "B2"),
        ] {
            let input = json!({ "organisationId": provider, "title": title, "mode": "ONLINE", "languages": ["de"],
                "minLanguage": { "language": "de", "level": from },
                "teachesLanguage": { "language": "de", "levelReached": to } });
            let created = call(&app, "mutation($i: CreateCourseInput!) { createCourse(input: $i) { course { id } userErrors { code } } }", json!({ "i": input }), &trainer).await;
            let id = created["data"]["createCourse"]["course"]["id"].clone();
            assert!(id.is_string(), "{created}");
            call(&app, "mutation($c: ID!) { addCohort(input: { courseId: $c, startsOn: \"2030-01-15\", seats: 10 }) { userErrors { code } } }", json!({ "c": id }), &trainer).await;
        }
        let backwards = json!({ "organisationId": provider, "title": "Odd", "mode": "ONLINE", "languages": ["de"],
            "minLanguage": { "language": "de", "level": "B2" },
            "teachesLanguage": { "language": "de", "levelReached": "B1" } });
        let refused = call(&app, "mutation($i: CreateCourseInput!) { createCourse(input: $i) { course { id } userErrors { code } } }", json!({ "i": backwards }), &trainer).await;
        assert_eq!(
            refused["data"]["createCourse"]["userErrors"][0]["code"], "LEVEL_NOT_ABOVE_MINIMUM",
            "{refused}"
        );

        let gap = call(&app, GAP, json!({ "v": vacancy }), &person).await;
        let gap = &gap["data"]["skillGap"];
        assert!(gap["score"].as_f64().is_some(), "{db:?}: {gap}");
        let missing: Vec<(&str, &str)> = gap["missingSkills"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| {
                (
                    m["skill"]["uri"].as_str().unwrap(),
                    m["status"].as_str().unwrap(),
                )
            })
            .collect();
        // Essential requirements first.
        assert_eq!(
            missing,
            vec![
                (s[1].as_str(), "BELOW_LEVEL"),
                (s[3].as_str(), "MISSING"),
                (s[2].as_str(), "MISSING")
            ],
            "{db:?}: {gap}"
        );
        assert_eq!(gap["missingSkills"][0]["held"], "BASIC");
        assert_eq!(
            gap["languageGaps"],
            json!([{ "language": { "code": "de" }, "required": "B2", "held": "B1" }])
        );
        assert_eq!(
            gap["languagePathway"]["steps"],
            json!([{ "course": { "title": "German B1 to B2", "teachesLanguage": { "language": { "code": "de" }, "levelReached": "B2" } },
                     "language": { "code": "de" }, "levelReached": "B2" }]),
            "{db:?}: {gap}"
        );
        assert_eq!(gap["languagePathway"]["uncovered"], json!([]));
        let steps = gap["pathway"]["steps"].as_array().unwrap();
        assert_eq!(steps.len(), 1, "{db:?}: one course closes both: {gap}");
        assert_eq!(steps[0]["course"]["title"], "Care basics");
        assert_eq!(
            steps[0]["covers"],
            json!([{ "uri": s[1] }, { "uri": s[2] }])
        );
        assert_eq!(gap["pathway"]["uncovered"], json!([{ "uri": s[3] }]));

        // Recommendations: a second vacancy needs only skills 1 and 2, which "Care basics"
        // teaches, so that course unlocks it; the quick module only helps.
        let second = call(&app, "mutation($o: ID!, $s: [VacancySkillInput!]!) { createVacancy(input: { organisationId: $o, title: \"Care assistant\", contractType: PERMANENT,
            location: { countryCode: \"DE\", latitude: 52.52, longitude: 13.405 }, skills: $s }) { vacancy { id } } }",
            json!({ "o": org, "s": [
                { "skillUri": s[1], "importance": "ESSENTIAL", "minProficiency": "INTERMEDIATE" },
                { "skillUri": s[2], "importance": "ESSENTIAL" },
            ] }), &employer).await;
        let second = second["data"]["createVacancy"]["vacancy"]["id"].clone();
        call(&app, "mutation($v: ID!) { publishVacancy(input: { vacancyId: $v }) { userErrors { code } } }", json!({ "v": second }), &employer).await;
        let recommend = "{ recommendedCourses(first: 5) { course { title } nextCohort { startsOn } unlocks { title } weight helps } }";
        let refused = call(&app, recommend, json!({}), &person).await;
        assert_eq!(
            refused["errors"][0]["extensions"]["code"], "FORBIDDEN",
            "{db:?}: consent first"
        );
        call(&app, "mutation { setConsent(input: { purpose: MATCHING, granted: true }) { consents { granted } } }", json!({}), &person).await;
        let recommended = call(&app, recommend, json!({}), &person).await;
        let list = recommended["data"]["recommendedCourses"]
            .as_array()
            .unwrap_or_else(|| panic!("{recommended}"));
        assert_eq!(
            list[0]["course"]["title"], "Care basics",
            "{db:?}: {recommended}"
        );
        assert_eq!(list[0]["unlocks"], json!([{ "title": "Care assistant" }]));
        assert_eq!(list[0]["helps"], 2);
        assert!(
            list.iter().all(|r| r["course"]["title"] != "Full course"),
            "no seats left"
        );

        let employer_asks = call(&app, GAP, json!({ "v": vacancy }), &employer).await;
        assert_eq!(
            employer_asks["errors"][0]["extensions"]["code"],
            "FORBIDDEN"
        );
        app.stop().await;
    }
}

#[tokio::test]
async fn a_person_at_a1_gets_a_ladder_of_language_courses_to_b1() {
    for db in databases() {
        let app = spawn_app_with(db, |_| {}).await;
        let person = app.register("amina@example.org", "MIGRANT", "Amina").await;
        call(&app, "mutation { updateMyProfile(input: { rightToWork: YES, location: { countryCode: \"DE\" } }) { userErrors { code } } }", json!({}), &person).await;
        call(&app, "mutation { setProfileLanguage(input: { language: \"de\", level: \"A1\" }) { userErrors { code } } }", json!({}), &person).await;
        let employer = app.register("hr@example.org", "EMPLOYER", "HR").await;
        let org = call(&app, "mutation { createOrganisation(input: { kind: EMPLOYER, name: \"Care\" }) { organisation { id } } }", json!({}), &employer).await;
        let org = org["data"]["createOrganisation"]["organisation"]["id"].clone();
        let vacancy = call(&app, "mutation($o: ID!) { createVacancy(input: { organisationId: $o, title: \"Carer\", contractType: PERMANENT,
            location: { countryCode: \"DE\" }, languages: [{ language: \"de\", minLevel: \"B1\" }] }) { vacancy { id } } }", json!({ "o": org }), &employer).await;
        let vacancy = vacancy["data"]["createVacancy"]["vacancy"]["id"].clone();
        call(&app, "mutation($v: ID!) { publishVacancy(input: { vacancyId: $v }) { userErrors { code } } }", json!({ "v": vacancy }), &employer).await;

        // No course takes A1 to B1; A1 -> A2 and A2 -> B1 do, one after the other. The
        // first A2 -> B1 cohort starts before A1 -> A2 ends; a B1 -> B2 course is no use.
        let trainer = app
            .register("school@example.org", "TRAINER", "School")
            .await;
        let provider = call(&app, "mutation { createOrganisation(input: { kind: TRAINING_PROVIDER, name: \"School\" }) { organisation { id } } }", json!({}), &trainer).await;
        let provider = provider["data"]["createOrganisation"]["organisation"]["id"].clone();
        for (title, from, to, cohorts) in [
            (
                "German A2 to B1",
                "A2",
                "B1",
                vec![("2030-02-01", "2030-03-31"), ("2030-04-15", "2030-06-30")],
            ),
            (
                "German A1 to A2",
                "A1",
                "A2",
                vec![("2030-01-10", "2030-03-31")],
            ),
            (
                "German B1 to B2",
                "B1",
                "B2",
                vec![("2030-01-05", "2030-02-28")],
            ),
        ] {
            let input = json!({ "organisationId": provider, "title": title, "mode": "ONLINE", "languages": ["de", "en"],
                "minLanguage": { "language": "de", "level": from },
                "teachesLanguage": { "language": "de", "levelReached": to } });
            let created = call(
                &app,
                "mutation($i: CreateCourseInput!) { createCourse(input: $i) { course { id } } }",
                json!({ "i": input }),
                &trainer,
            )
            .await;
            let id = created["data"]["createCourse"]["course"]["id"].clone();
            for (starts, ends) in cohorts {
                let added = call(&app, "mutation($c: ID!, $s: Date!, $e: Date!) { addCohort(input: { courseId: $c, startsOn: $s, endsOn: $e, seats: 8 }) { userErrors { code } } }", json!({ "c": id, "s": starts, "e": ends }), &trainer).await;
                assert_eq!(
                    added["data"]["addCohort"]["userErrors"],
                    json!([]),
                    "{added}"
                );
            }
        }
        let gap = call(&app, "query($v: ID!) { skillGap(vacancyId: $v) { languagePathway {
            steps { course { title } cohort { startsOn endsOn seatsLeft } levelReached } uncovered { code } } } }",
            json!({ "v": vacancy }), &person).await;
        let pathway = &gap["data"]["skillGap"]["languagePathway"];
        assert_eq!(
            pathway["steps"],
            json!([
                { "course": { "title": "German A1 to A2" }, "cohort": { "startsOn": "2030-01-10", "endsOn": "2030-03-31", "seatsLeft": 8 }, "levelReached": "A2" },
                { "course": { "title": "German A2 to B1" }, "cohort": { "startsOn": "2030-04-15", "endsOn": "2030-06-30", "seatsLeft": 8 }, "levelReached": "B1" },
            ]),
            "{db:?}: {gap}"
        );
        assert_eq!(pathway["uncovered"], json!([]));
        app.stop().await;
    }
}
