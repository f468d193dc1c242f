//! Courses over HTTP on each database: a training provider creates a course and its
//! cohorts, everyone can list them, and bad inputs are user errors that save nothing.

mod common;

use common::{TestApp, databases, spawn_app_with};
use serde_json::{Value, json};

const CREATE: &str = "mutation($input: CreateCourseInput!) { createCourse(input: $input) {
    course { id title mode free cost { amount currency } credentialEqfLevel audience childcare
      minLanguage { language { code } level } skills { skill { preferredLabel } level }
      languages { code } organisation { name } }
    userErrors { field code message } } }";
const COHORT: &str = "mutation($input: AddCohortInput!) { addCohort(input: $input) { cohort { id startsOn endsOn seats } userErrors { field code } } }";

async fn provider(app: &TestApp) -> (String, String) {
    let token = app
        .register("school@example.org", "TRAINER", "Trainer")
        .await;
    let org = app
        .call("mutation { createOrganisation(input: { kind: TRAINING_PROVIDER, name: \"Sprachschule\" }) { organisation { id } } }", json!({}), Some(&token))
        .await;
    (
        token,
        org["data"]["createOrganisation"]["organisation"]["id"]
            .as_str()
            .unwrap()
            .to_owned(),
    )
}

#[tokio::test]
async fn create_a_course_with_cohorts_and_list_it() {
    for db in databases() {
        let app = spawn_app_with(db, |_| {}).await;
        let (token, org) = provider(&app).await;
        let input = json!({
            "organisationId": org, "title": "German for care work", "mode": "HYBRID",
            "location": { "placeName": "Wien", "countryCode": "AT" }, "credentialName": "ÖSD B1", "credentialEqfLevel": 3,
            "minLanguage": { "language": "de", "level": "a2" }, "childcare": true, "tracks": ["WOMEN"],
            "skills": [{ "skillUri": "http://data.europa.eu/esco/skill/01f10952-cb59-4347-9aee-d4fbc51c870a", "level": "INTERMEDIATE" }],
            "languages": ["de", "ar"]
        });
        let created = app
            .call(CREATE, json!({ "input": input }), Some(&token))
            .await;
        let course = &created["data"]["createCourse"]["course"];
        assert_eq!(
            created["data"]["createCourse"]["userErrors"],
            json!([]),
            "{db:?}: {created}"
        );
        assert_eq!(course["free"], true);
        assert_eq!(course["minLanguage"]["level"], "A2");
        assert_eq!(course["skills"][0]["level"], "INTERMEDIATE");
        assert_eq!(course["organisation"]["name"], "Sprachschule");
        let id = course["id"].as_str().unwrap().to_owned();
        let node = app
            .call(
                "query($id: ID!) { node(id: $id) { id ... on Course { title } } }",
                json!({ "id": id }),
                None,
            )
            .await;
        assert_eq!(node["data"]["node"]["id"], id.as_str(), "{db:?}: {node}");
        assert_eq!(node["data"]["node"]["title"], course["title"]);

        for (starts, ends) in [("2027-03-01", "2027-05-31"), ("2027-01-10", "2027-03-20")] {
            let cohort = app.call(COHORT, json!({ "input": { "courseId": id, "startsOn": starts, "endsOn": ends, "seats": 12 } }), Some(&token)).await;
            assert_eq!(
                cohort["data"]["addCohort"]["userErrors"],
                json!([]),
                "{db:?}: {cohort}"
            );
            let added = &cohort["data"]["addCohort"]["cohort"];
            let node = app
                .call(
                    "query($id: ID!) { node(id: $id) { id ... on Cohort { startsOn seats } } }",
                    json!({ "id": added["id"] }),
                    None,
                )
                .await;
            assert_eq!(node["data"]["node"]["startsOn"], starts, "{db:?}: {node}");
            assert_eq!(node["data"]["node"]["seats"], 12);
        }
        let paid = app.call(CREATE, json!({ "input": { "organisationId": org, "title": "Forklift licence", "mode": "IN_PERSON",
            "location": { "countryCode": "AT" }, "cost": { "amount": 45000, "currency": "eur" }, "languages": ["de"] } }), Some(&token)).await;
        assert_eq!(
            paid["data"]["createCourse"]["course"]["cost"]["currency"], "EUR",
            "{paid}"
        );

        let listed = app.call("{ courses(first: 10) { totalCount edges { node { title cohorts { nodes { startsOn seats } } } } } }", json!({}), None).await;
        assert_eq!(
            listed["data"]["courses"]["totalCount"], 2,
            "{db:?}: {listed}"
        );
        let german = &listed["data"]["courses"]["edges"][1]["node"];
        assert_eq!(german["title"], "German for care work");
        assert_eq!(
            german["cohorts"]["nodes"][0]["startsOn"], "2027-01-10",
            "earliest first"
        );
        let free = app
            .call(
                "{ courses(filter: { freeOnly: true }) { totalCount } }",
                json!({}),
                None,
            )
            .await;
        assert_eq!(free["data"]["courses"]["totalCount"], 1);
        app.stop().await;
    }
}

#[tokio::test]
async fn bad_courses_and_cohorts_are_user_errors() {
    for db in databases() {
        let app = spawn_app_with(db, |_| {}).await;
        let (token, org) = provider(&app).await;
        let base = json!({ "organisationId": org, "title": "German", "mode": "ONLINE", "languages": ["de"] });
        let with = |patch: Value| {
            let mut input = base.clone();
            for (k, v) in patch.as_object().unwrap() {
                input[k] = v.clone();
            }
            input
        };
        for (input, field, code) in [
            (with(json!({ "title": "" })), "title", "INVALID_TITLE"),
            (
                with(json!({ "mode": "IN_PERSON" })),
                "location",
                "LOCATION_REQUIRED",
            ),
            (
                with(json!({ "credentialEqfLevel": 9 })),
                "credential.eqfLevel",
                "OUT_OF_RANGE",
            ),
            (
                with(json!({ "languages": ["klingon"] })),
                "languages[0]",
                "INVALID_LANGUAGE",
            ),
            (with(json!({ "languages": [] })), "languages", "REQUIRED"),
            (
                with(json!({ "minLanguage": { "language": "de", "level": "B3" } })),
                "minLanguage.level",
                "INVALID_CEFR_LEVEL",
            ),
            (
                with(json!({ "cost": { "amount": 100, "currency": "euro" } })),
                "cost.currency",
                "INVALID_CURRENCY",
            ),
            (
                with(
                    json!({ "skills": [{ "skillUri": "http://data.europa.eu/esco/skill/nope", "level": "BASIC" }] }),
                ),
                "skills[0].skillUri",
                "UNKNOWN_SKILL",
            ),
        ] {
            let body = app
                .call(CREATE, json!({ "input": input }), Some(&token))
                .await;
            let payload = &body["data"]["createCourse"];
            assert!(payload["course"].is_null(), "{db:?}: {field}: {body}");
            assert!(
                payload["userErrors"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|e| e["field"] == field && e["code"] == code),
                "{db:?}: {field} {code}: {body}"
            );
        }
        let none = app
            .call("{ courses { totalCount } }", json!({}), None)
            .await;
        assert_eq!(
            none["data"]["courses"]["totalCount"], 0,
            "{db:?}: nothing saved"
        );

        let created = app
            .call(CREATE, json!({ "input": base }), Some(&token))
            .await;
        let id = created["data"]["createCourse"]["course"]["id"]
            .as_str()
            .unwrap()
            .to_owned();
        for (input, field, code) in [
            (
                json!({ "courseId": id, "startsOn": "2027-03-01", "endsOn": "2027-02-01", "seats": 10 }),
                "endsOn",
                "ENDS_BEFORE_START",
            ),
            (
                json!({ "courseId": id, "startsOn": "2027-03-01", "seats": 0 }),
                "seats",
                "OUT_OF_RANGE",
            ),
        ] {
            let body = app
                .call(COHORT, json!({ "input": input }), Some(&token))
                .await;
            let error = &body["data"]["addCohort"]["userErrors"][0];
            assert_eq!(
                (error["field"].as_str(), error["code"].as_str()),
                (Some(field), Some(code)),
                "{db:?}: {body}"
            );
        }
        app.stop().await;
    }
}

const UPDATE_COHORT: &str = "mutation($i: UpdateCohortInput!) { updateCohort(input: $i) {
    cohort { id seats seatsLeft waitlistLength endsOn cancelled { reason } }
    enrolments { id status } userErrors { field code } } }";
const ENROL: &str = "mutation($c: ID!) { enrol(input: { cohortId: $c }) { enrolment { id status waitlistPosition } userErrors { field code } } }";

/// A migrant with a profile, as anyone enrolling has.
async fn person(app: &TestApp, email: &str, name: &str) -> String {
    let token = app.register(email, "MIGRANT", name).await;
    app.call(
        "mutation { updateMyProfile(input: { mobilityRadiusKm: 20 }) { userErrors { code } } }",
        json!({}),
        Some(&token),
    )
    .await;
    token
}

fn codes(body: &Value, field: &str) -> Vec<String> {
    body["data"][field]["userErrors"]
        .as_array()
        .unwrap_or_else(|| panic!("{field}: {body}"))
        .iter()
        .map(|e| e["code"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn trainers_change_cancel_and_archive_what_they_offer() {
    for db in databases() {
        let app = spawn_app_with(db, |_| {}).await;
        let (token, org) = provider(&app).await;
        let input = json!({
            "organisationId": org, "title": "Kitchen German", "mode": "ONLINE", "languages": ["de"],
            "cost": { "amount": 12000, "currency": "EUR" },
            "skills": [{ "skillUri": "http://data.europa.eu/esco/skill/01f10952-cb59-4347-9aee-d4fbc51c870a", "level": "BASIC" }]
        });
        let created = app
            .call(CREATE, json!({ "input": input }), Some(&token))
            .await;
        let course = created["data"]["createCourse"]["course"]["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let added = app
            .call(
                COHORT,
                json!({ "input": { "courseId": course, "startsOn": "2027-03-01", "seats": 1 } }),
                Some(&token),
            )
            .await;
        let cohort = added["data"]["addCohort"]["cohort"]["id"]
            .as_str()
            .unwrap()
            .to_owned();

        // One seat, two people: the second waits, first in line.
        let amina = person(&app, "amina@example.org", "Amina").await;
        let bilal = person(&app, "bilal@example.org", "Bilal").await;
        let first = app.call(ENROL, json!({ "c": cohort }), Some(&amina)).await;
        assert_eq!(
            first["data"]["enrol"]["enrolment"]["status"], "CONFIRMED",
            "{db:?}: {first}"
        );
        assert_eq!(
            first["data"]["enrol"]["enrolment"]["waitlistPosition"],
            Value::Null
        );
        let second = app.call(ENROL, json!({ "c": cohort }), Some(&bilal)).await;
        let waiting = &second["data"]["enrol"]["enrolment"];
        assert_eq!(waiting["status"], "WAITLISTED");
        assert_eq!(waiting["waitlistPosition"], 1);
        let seen = app
            .call(
                "query($id: ID!) { node(id: $id) { ... on Cohort { seatsLeft waitlistLength } } }",
                json!({ "id": cohort }),
                None,
            )
            .await;
        assert_eq!(
            seen["data"]["node"],
            json!({ "seatsLeft": 0, "waitlistLength": 1 }),
            "{db:?}: {seen}"
        );

        // Bad changes save nothing; one more seat goes to the one waiting.
        for (change, code) in [
            (json!({ "seats": 0 }), "OUT_OF_RANGE"),
            (json!({ "endsOn": "2027-02-01" }), "ENDS_BEFORE_START"),
        ] {
            let mut i = change.clone();
            i["cohortId"] = json!(cohort);
            let refused = app
                .call(UPDATE_COHORT, json!({ "i": i }), Some(&token))
                .await;
            assert_eq!(codes(&refused, "updateCohort"), [code], "{db:?}: {refused}");
        }
        let raised = app
            .call(
                UPDATE_COHORT,
                json!({ "i": { "cohortId": cohort, "seats": 3, "endsOn": "2027-06-30" } }),
                Some(&token),
            )
            .await;
        let payload = &raised["data"]["updateCohort"];
        assert_eq!(payload["cohort"]["seats"], 3, "{db:?}: {raised}");
        assert_eq!(payload["cohort"]["seatsLeft"], 1);
        assert_eq!(payload["cohort"]["waitlistLength"], 0);
        assert_eq!(
            payload["enrolments"],
            json!([{ "id": waiting["id"], "status": "CONFIRMED" }])
        );
        let cut = app
            .call(
                UPDATE_COHORT,
                json!({ "i": { "cohortId": cohort, "seats": 1 } }),
                Some(&token),
            )
            .await;
        assert_eq!(
            codes(&cut, "updateCohort"),
            ["SEATS_BELOW_CONFIRMED"],
            "{db:?}: {cut}"
        );

        // The course changes in place: fields left out stay, null clears.
        let updated = app.call(
            "mutation($c: ID!) { updateCourse(input: { courseId: $c, title: \"Kitchen German A2\", cost: null, childcare: true }) {
               course { title free childcare languages { code } skills { level } status } userErrors { code } } }",
            json!({ "c": course }), Some(&token)).await;
        let changed = &updated["data"]["updateCourse"]["course"];
        assert_eq!(changed["title"], "Kitchen German A2", "{db:?}: {updated}");
        assert_eq!(
            (changed["free"].as_bool(), changed["childcare"].as_bool()),
            (Some(true), Some(true))
        );
        assert_eq!(changed["languages"], json!([{ "code": "de" }]));
        assert_eq!(changed["skills"], json!([{ "level": "BASIC" }]));
        let bad = app.call("mutation($c: ID!) { updateCourse(input: { courseId: $c, title: \" \", languages: [] }) { userErrors { field code } } }", json!({ "c": course }), Some(&token)).await;
        assert_eq!(
            codes(&bad, "updateCourse"),
            ["INVALID_TITLE", "REQUIRED"],
            "{db:?}: {bad}"
        );

        // Cancelling needs a reason; then every seat ends and nobody else enrols.
        let silent = app.call("mutation($c: ID!) { cancelCohort(input: { cohortId: $c, reason: \"  \" }) { userErrors { field code } } }", json!({ "c": cohort }), Some(&token)).await;
        assert_eq!(codes(&silent, "cancelCohort"), ["REQUIRED"]);
        let cancelled = app.call("mutation($c: ID!) { cancelCohort(input: { cohortId: $c, reason: \"The trainer fell ill\" }) {
            cohort { seatsLeft cancelled { reason } } enrolments { status } userErrors { code } } }", json!({ "c": cohort }), Some(&token)).await;
        let payload = &cancelled["data"]["cancelCohort"];
        assert_eq!(
            payload["cohort"]["cancelled"]["reason"], "The trainer fell ill",
            "{db:?}: {cancelled}"
        );
        assert_eq!(payload["cohort"]["seatsLeft"], 0);
        assert_eq!(
            payload["enrolments"],
            json!([{ "status": "CANCELLED_BY_PROVIDER" }, { "status": "CANCELLED_BY_PROVIDER" }])
        );
        let mine = app
            .call(
                "{ myEnrolments { nodes { status history { status } } } }",
                json!({}),
                Some(&amina),
            )
            .await;
        assert_eq!(
            mine["data"]["myEnrolments"]["nodes"][0]["status"], "CANCELLED_BY_PROVIDER",
            "{db:?}: {mine}"
        );
        let carla = person(&app, "carla@example.org", "Carla").await;
        let late = app.call(ENROL, json!({ "c": cohort }), Some(&carla)).await;
        assert_eq!(
            codes(&late, "enrol"),
            ["COHORT_CANCELLED"],
            "{db:?}: {late}"
        );

        // Archived: out of search, no new cohorts, no changes.
        app.search_settled().await;
        let listed = app
            .call(
                "{ courses(query: \"Kitchen\") { totalCount } }",
                json!({}),
                None,
            )
            .await;
        assert_eq!(
            listed["data"]["courses"]["totalCount"], 1,
            "{db:?}: {listed}"
        );
        let archived = app.call("mutation($c: ID!) { archiveCourse(input: { courseId: $c }) { course { status } userErrors { code } } }", json!({ "c": course }), Some(&token)).await;
        assert_eq!(
            archived["data"]["archiveCourse"]["course"]["status"], "ARCHIVED",
            "{db:?}: {archived}"
        );
        app.search_settled().await;
        let listed = app
            .call(
                "{ courses(query: \"Kitchen\") { totalCount } }",
                json!({}),
                None,
            )
            .await;
        assert_eq!(
            listed["data"]["courses"]["totalCount"], 0,
            "{db:?}: {listed}"
        );
        let more = app
            .call(
                COHORT,
                json!({ "input": { "courseId": course, "startsOn": "2027-09-01", "seats": 5 } }),
                Some(&token),
            )
            .await;
        assert_eq!(codes(&more, "addCohort"), ["COURSE_ARCHIVED"]);
        let again = app.call("mutation($c: ID!) { updateCourse(input: { courseId: $c, title: \"Back\" }) { userErrors { code } } }", json!({ "c": course }), Some(&token)).await;
        assert_eq!(codes(&again, "updateCourse"), ["COURSE_ARCHIVED"]);
        app.stop().await;
    }
}

const SKILL: &str = "http://data.europa.eu/esco/skill/01f10952-cb59-4347-9aee-d4fbc51c870a";
const ELIGIBILITY: &str = "query($c: ID!) { node(id: $c) { ... on Cohort { eligibility {
    eligible reasons { field code } unmetPrerequisites { skill { uri } level } } } } }";

#[tokio::test]
async fn entry_requirements_are_explained_and_enforced() {
    for db in databases() {
        let app = spawn_app_with(db, |_| {}).await;
        let (token, org) = provider(&app).await;
        let bad = json!({ "organisationId": org, "title": "Pastry II", "mode": "ONLINE", "languages": ["de"],
            "prerequisites": [{ "skillUri": "http://data.europa.eu/esco/skill/nope", "level": "BASIC" }], "minEqfLevel": 9 });
        let refused = app
            .call(CREATE, json!({ "input": bad }), Some(&token))
            .await;
        let fields: Vec<(String, String)> = refused["data"]["createCourse"]["userErrors"]
            .as_array()
            .unwrap_or_else(|| panic!("{refused}"))
            .iter()
            .map(|e| {
                (
                    e["field"].as_str().unwrap().to_owned(),
                    e["code"].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        assert_eq!(
            fields,
            [
                (
                    "prerequisites[0].skillUri".to_owned(),
                    "UNKNOWN_SKILL".to_owned()
                ),
                ("minEqfLevel".to_owned(), "OUT_OF_RANGE".to_owned())
            ],
            "{db:?}: {refused}"
        );
        let input = json!({ "organisationId": org, "title": "Pastry II", "mode": "ONLINE", "languages": ["de"],
            "prerequisites": [{ "skillUri": SKILL, "level": "INTERMEDIATE" }], "minEqfLevel": 4 });
        let created = app
            .call("mutation($input: CreateCourseInput!) { createCourse(input: $input) { course { id minEqfLevel prerequisites { skill { uri } level } } userErrors { code } } }",
                json!({ "input": input }), Some(&token))
            .await;
        let course = &created["data"]["createCourse"]["course"];
        assert_eq!(course["minEqfLevel"], 4, "{db:?}: {created}");
        assert_eq!(
            course["prerequisites"],
            json!([{ "skill": { "uri": SKILL }, "level": "INTERMEDIATE" }])
        );
        let added = app.call(COHORT, json!({ "input": { "courseId": course["id"], "startsOn": "2030-03-01", "seats": 5 } }), Some(&token)).await;
        let cohort = added["data"]["addCohort"]["cohort"]["id"].clone();

        // Amina holds the skill below the level asked and no qualification: both explained.
        let amina = person(&app, "amina@example.org", "Amina").await;
        app.call("mutation($s: String!) { addProfileSkill(input: { skillUri: $s, proficiency: BASIC }) { userErrors { code } } }", json!({ "s": SKILL }), Some(&amina)).await;
        let why = app
            .call(ELIGIBILITY, json!({ "c": cohort }), Some(&amina))
            .await;
        let eligibility = &why["data"]["node"]["eligibility"];
        assert_eq!(eligibility["eligible"], false, "{db:?}: {why}");
        assert_eq!(
            eligibility["reasons"],
            json!([{ "field": "cohortId", "code": "PREREQUISITE_MISSING" }, { "field": "cohortId", "code": "EDUCATION_LEVEL_TOO_LOW" }])
        );
        assert_eq!(
            eligibility["unmetPrerequisites"],
            json!([{ "skill": { "uri": SKILL }, "level": "INTERMEDIATE" }])
        );
        let refused = app.call(ENROL, json!({ "c": cohort }), Some(&amina)).await;
        assert_eq!(
            codes(&refused, "enrol"),
            ["PREREQUISITE_MISSING", "EDUCATION_LEVEL_TOO_LOW"],
            "{db:?}: {refused}"
        );

        // With the skill at the level and a qualification at EQF 4, she may enrol.
        app.call("mutation($s: String!) { addProfileSkill(input: { skillUri: $s, proficiency: INTERMEDIATE }) { userErrors { code } } }", json!({ "s": SKILL }), Some(&amina)).await;
        app.call("mutation { saveQualification(input: { title: \"Baccalauréat professionnel\", eqfLevel: 4, countryCode: \"SN\" }) { userErrors { code } } }", json!({}), Some(&amina)).await;
        let why = app
            .call(ELIGIBILITY, json!({ "c": cohort }), Some(&amina))
            .await;
        assert_eq!(
            why["data"]["node"]["eligibility"],
            json!({ "eligible": true, "reasons": [], "unmetPrerequisites": [] }),
            "{db:?}: {why}"
        );
        let enrolled = app.call(ENROL, json!({ "c": cohort }), Some(&amina)).await;
        assert_eq!(
            enrolled["data"]["enrol"]["enrolment"]["status"], "CONFIRMED",
            "{db:?}: {enrolled}"
        );
        app.stop().await;
    }
}

#[tokio::test]
async fn employers_book_training_for_their_staff() {
    for db in databases() {
        let app = spawn_app_with(db, |_| {}).await;
        let (token, org) = provider(&app).await;
        let staff_course = json!({ "organisationId": org, "title": "Intercultural teams", "mode": "ONLINE",
            "languages": ["de"], "audience": "EMPLOYER_STAFF" });
        let created = app
            .call(CREATE, json!({ "input": staff_course }), Some(&token))
            .await;
        let course = created["data"]["createCourse"]["course"]["id"].clone();
        let added = app
            .call(
                COHORT,
                json!({ "input": { "courseId": course, "startsOn": "2030-03-01", "seats": 2 } }),
                Some(&token),
            )
            .await;
        let cohort = added["data"]["addCohort"]["cohort"]["id"].clone();
        let jobseekers = json!({ "organisationId": org, "title": "German A2", "mode": "ONLINE", "languages": ["de"] });
        let other = app
            .call(CREATE, json!({ "input": jobseekers }), Some(&token))
            .await;
        let other_cohort = app.call(COHORT, json!({ "input": { "courseId": other["data"]["createCourse"]["course"]["id"], "startsOn": "2030-03-01", "seats": 9 } }), Some(&token)).await;
        let other_cohort = other_cohort["data"]["addCohort"]["cohort"]["id"].clone();

        let employer = app.register("hr@example.org", "EMPLOYER", "HR").await;
        let hotel = app.call("mutation { createOrganisation(input: { kind: EMPLOYER, name: \"Hotel\" }) { organisation { id } } }", json!({}), Some(&employer)).await;
        let hotel = hotel["data"]["createOrganisation"]["organisation"]["id"].clone();
        const BOOK: &str = "mutation($c: ID!, $o: ID!, $n: Int!, $names: [String!]!) { enrolStaff(input: { cohortId: $c, organisationId: $o, seats: $n, names: $names }) {
            staffEnrolment { id seats names status cohort { seatsLeft } course { title } } userErrors { field code } } }";
        let too_many = app
            .call(
                BOOK,
                json!({ "c": cohort, "o": hotel, "n": 3, "names": ["Ana", "Ben", "Cem"] }),
                Some(&employer),
            )
            .await;
        assert_eq!(
            codes(&too_many, "enrolStaff"),
            ["NOT_ENOUGH_SEATS"],
            "{db:?}: {too_many}"
        );
        let wrong = app
            .call(
                BOOK,
                json!({ "c": other_cohort, "o": hotel, "n": 1, "names": [] }),
                Some(&employer),
            )
            .await;
        assert_eq!(codes(&wrong, "enrolStaff"), ["NOT_FOR_EMPLOYER_STAFF"]);
        let booked = app
            .call(
                BOOK,
                json!({ "c": cohort, "o": hotel, "n": 2, "names": ["Ana", "Ben"] }),
                Some(&employer),
            )
            .await;
        let booking = &booked["data"]["enrolStaff"]["staffEnrolment"];
        assert_eq!(booking["names"], json!(["Ana", "Ben"]), "{db:?}: {booked}");
        assert_eq!(booking["cohort"]["seatsLeft"], 0);
        assert_eq!(booking["course"]["title"], "Intercultural teams");
        let id = booking["id"].clone();

        // The trainer sees who comes; another employer does not see the booking.
        let seen = app.call("query($c: ID!) { cohortStaffEnrolments(cohortId: $c) { names organisation { name } } }", json!({ "c": cohort }), Some(&token)).await;
        assert_eq!(
            seen["data"]["cohortStaffEnrolments"],
            json!([{ "names": ["Ana", "Ben"], "organisation": { "name": "Hotel" } }]),
            "{db:?}: {seen}"
        );
        let rival = app.register("rival@example.org", "EMPLOYER", "Rival").await;
        let hidden = app
            .call(
                "query($id: ID!) { node(id: $id) { id } }",
                json!({ "id": id }),
                Some(&rival),
            )
            .await;
        assert_eq!(hidden["data"]["node"], Value::Null);
        let mine = app
            .call(
                "query($o: ID!) { staffEnrolments(organisationId: $o) { id status } }",
                json!({ "o": hotel }),
                Some(&employer),
            )
            .await;
        assert_eq!(
            mine["data"]["staffEnrolments"],
            json!([{ "id": id, "status": "CONFIRMED" }])
        );

        // Employers find courses for their staff; job seekers' courses are not among them.
        app.search_settled().await;
        let found = app
            .call(
                "{ courses(filter: { audience: EMPLOYER_STAFF }) { nodes { title } } }",
                json!({}),
                None,
            )
            .await;
        assert_eq!(
            found["data"]["courses"]["nodes"],
            json!([{ "title": "Intercultural teams" }]),
            "{db:?}: {found}"
        );

        // Cancelling frees the seats.
        let cancelled = app.call("mutation($id: ID!) { cancelStaffEnrolment(input: { staffEnrolmentId: $id }) { staffEnrolment { status cohort { seatsLeft } } userErrors { code } } }", json!({ "id": id }), Some(&employer)).await;
        assert_eq!(
            cancelled["data"]["cancelStaffEnrolment"]["staffEnrolment"],
            json!({ "status": "CANCELLED", "cohort": { "seatsLeft": 2 } }),
            "{db:?}: {cancelled}"
        );
        app.stop().await;
    }
}
