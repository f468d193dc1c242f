//! Applications, placements and enrolments over HTTP on each database: applying once to an
//! open vacancy, the employer's pipeline with its history, a hire filling the vacancy,
//! caseworkers seeing their clients' activity, seats never oversold when fifty people enrol
//! at once, the waiting list, and completion certifying skills with the person's consent.

mod common;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use common::{TestApp, databases, spawn_app_with};
use serde_json::{Value, json};

const WRITE_HUNGARIAN: &str =
    "http://data.europa.eu/esco/skill/01f10952-cb59-4347-9aee-d4fbc51c870a";

async fn call(app: &TestApp, query: &str, variables: Value, token: &str) -> Value {
    app.call(query, variables, Some(token)).await
}

/// An account of `role` that owns an organisation of `kind`.
async fn organisation(app: &TestApp, email: &str, role: &str, kind: &str) -> (String, String) {
    let token = app.register(email, role, "Owner").await;
    let body = call(app, "mutation($k: OrganisationKind!) { createOrganisation(input: { kind: $k, name: \"Org\" }) { organisation { id } } }", json!({ "k": kind }), &token).await;
    let id = body["data"]["createOrganisation"]["organisation"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    (token, id)
}

/// A migrant with a profile.
async fn migrant(app: &TestApp, email: &str, name: &str) -> String {
    let token = app.register(email, "MIGRANT", name).await;
    let body = call(app, "mutation { updateMyProfile(input: { contactEmail: \"private@example.org\" }) { userErrors { code } } }", json!({}), &token).await;
    assert_eq!(body["data"]["updateMyProfile"]["userErrors"], json!([]));
    token
}

fn errors(body: &Value, mutation: &str) -> Vec<String> {
    body["data"][mutation]["userErrors"]
        .as_array()
        .unwrap_or_else(|| panic!("{body}"))
        .iter()
        .map(|e| e["code"].as_str().unwrap().to_owned())
        .collect()
}

const APPLY: &str =
    "mutation($v: ID!, $m: String!) { applyToVacancy(input: { vacancyId: $v, message: $m }) {
    application { id status message } userErrors { field code } } }";
const MOVE: &str = "mutation($a: ID!, $s: ApplicationStatus!, $r: String, $d: Date) {
    moveApplication(input: { applicationId: $a, status: $s, reason: $r, startsOn: $d }) {
    application { status } userErrors { field code } } }";

#[tokio::test]
async fn apply_move_through_the_pipeline_and_hire() {
    for db in databases() {
        let app = spawn_app_with(db, |_| {}).await;
        let (employer, org) = organisation(&app, "hr@example.org", "EMPLOYER", "EMPLOYER").await;
        let (rival, _) = organisation(&app, "rival@example.org", "EMPLOYER", "EMPLOYER").await;
        let amina = migrant(&app, "amina@example.org", "Amina").await;
        let jonas = migrant(&app, "jonas@example.org", "Jonas").await;

        let created = call(&app, "mutation($o: ID!) { createVacancy(input: { organisationId: $o, title: \"Cook\", contractType: SEASONAL, positions: 1, startsOn: \"2027-05-01\", location: { countryCode: \"DE\" } }) { vacancy { id } } }", json!({ "o": org }), &employer).await;
        let vacancy = created["data"]["createVacancy"]["vacancy"]["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let draft = call(&app, APPLY, json!({ "v": vacancy, "m": "" }), &amina).await;
        assert_eq!(
            errors(&draft, "applyToVacancy"),
            ["VACANCY_NOT_OPEN"],
            "{db:?}"
        );
        call(&app, "mutation($v: ID!) { publishVacancy(input: { vacancyId: $v }) { userErrors { code } } }", json!({ "v": vacancy }), &employer).await;

        let long = call(
            &app,
            APPLY,
            json!({ "v": vacancy, "m": "x".repeat(2001) }),
            &amina,
        )
        .await;
        assert_eq!(errors(&long, "applyToVacancy"), ["TOO_LONG"]);
        let applied = call(
            &app,
            APPLY,
            json!({ "v": vacancy, "m": " I cooked for eight years. " }),
            &amina,
        )
        .await;
        assert_eq!(
            errors(&applied, "applyToVacancy"),
            Vec::<String>::new(),
            "{db:?}: {applied}"
        );
        let application = applied["data"]["applyToVacancy"]["application"]["id"]
            .as_str()
            .unwrap()
            .to_owned();
        assert_eq!(
            applied["data"]["applyToVacancy"]["application"]["message"],
            "I cooked for eight years."
        );
        let again = call(&app, APPLY, json!({ "v": vacancy, "m": "" }), &amina).await;
        assert_eq!(errors(&again, "applyToVacancy"), ["ALREADY_APPLIED"]);
        let second = call(&app, APPLY, json!({ "v": vacancy, "m": "" }), &jonas).await;
        let jonas_application = second["data"]["applyToVacancy"]["application"]["id"]
            .as_str()
            .unwrap()
            .to_owned();

        // The employer sees the applicants' profiles (applying revealed them), and the view
        // is logged; where else they applied stays hidden.
        let listed = call(&app, "query($v: ID!) { vacancyApplications(vacancyId: $v) { nodes { status profile { displayName contactEmail } } } }", json!({ "v": vacancy }), &employer).await;
        assert_eq!(
            listed["data"]["vacancyApplications"]["nodes"][0]["profile"]["contactEmail"],
            "private@example.org",
            "{db:?}: {listed}"
        );
        assert_eq!(
            listed["data"]["vacancyApplications"]["nodes"]
                .as_array()
                .unwrap()
                .len(),
            2
        );
        // Applying revealed the private profile to this employer whatever the path.
        let ids = call(
            &app,
            "query($v: ID!) { vacancyApplications(vacancyId: $v) { nodes { profile { id } } } }",
            json!({ "v": vacancy }),
            &employer,
        )
        .await;
        let profile = ids["data"]["vacancyApplications"]["nodes"][0]["profile"]["id"].clone();
        let direct = "query($p: ID!, $o: ID!) { candidateProfile(id: $p, organisationId: $o) { contactEmail } }";
        let seen = call(&app, direct, json!({ "p": profile, "o": org }), &employer).await;
        assert_eq!(
            seen["data"]["candidateProfile"]["contactEmail"], "private@example.org",
            "{db:?}: {seen}"
        );
        let (rival2, rival_org) =
            organisation(&app, "rival2@example.org", "EMPLOYER", "EMPLOYER").await;
        let hidden = call(
            &app,
            direct,
            json!({ "p": profile, "o": rival_org }),
            &rival2,
        )
        .await;
        assert_eq!(
            hidden["errors"][0]["extensions"]["code"], "NOT_FOUND",
            "{db:?}: {hidden}"
        );
        let nosy = call(&app, "query($v: ID!) { vacancyApplications(vacancyId: $v) { nodes { profile { applications { nodes { id } } } } } }", json!({ "v": vacancy }), &employer).await;
        assert_eq!(
            nosy["errors"][0]["extensions"]["code"], "FORBIDDEN",
            "{db:?}: {nosy}"
        );
        let log = call(
            &app,
            "{ myProfileAccessLog { nodes { view } } }",
            json!({}),
            &amina,
        )
        .await;
        assert_eq!(
            log["data"]["myProfileAccessLog"]["nodes"][0]["view"], "PROFILE",
            "{db:?}: {log}"
        );
        let foreign = call(
            &app,
            "query($v: ID!) { vacancyApplications(vacancyId: $v) { nodes { status } } }",
            json!({ "v": vacancy }),
            &rival,
        )
        .await;
        assert_eq!(foreign["errors"][0]["extensions"]["code"], "FORBIDDEN");

        // An application is a node for the applicant and the employer, for no one else.
        let node =
            "query($id: ID!) { node(id: $id) { __typename id ... on Application { status } } }";
        for (who, token) in [("applicant", &amina), ("employer", &employer)] {
            let found = call(&app, node, json!({ "id": application }), token).await;
            assert_eq!(
                found["data"]["node"]["id"], application,
                "{db:?} {who}: {found}"
            );
            assert_eq!(found["data"]["node"]["__typename"], "Application");
        }
        for (who, token) in [("another employer", &rival), ("another applicant", &jonas)] {
            let hidden = call(&app, node, json!({ "id": application }), token).await;
            assert_eq!(
                hidden["data"]["node"],
                Value::Null,
                "{db:?} {who}: {hidden}"
            );
        }
        let guest = app.call(node, json!({ "id": application }), None).await;
        assert_eq!(guest["data"]["node"], Value::Null, "{db:?}: {guest}");

        // The pipeline: no skipping, no moves by other employers.
        let skip = call(
            &app,
            MOVE,
            json!({ "a": application, "s": "OFFER" }),
            &employer,
        )
        .await;
        assert_eq!(
            errors(&skip, "moveApplication"),
            ["INVALID_TRANSITION"],
            "{db:?}: {skip}"
        );
        let stranger = call(
            &app,
            MOVE,
            json!({ "a": application, "s": "REVIEWED" }),
            &rival,
        )
        .await;
        assert_eq!(stranger["errors"][0]["extensions"]["code"], "FORBIDDEN");
        for (status, reason) in [
            ("REVIEWED", None),
            ("INTERVIEW", Some("Tuesday 10:00")),
            ("OFFER", None),
        ] {
            let moved = call(
                &app,
                MOVE,
                json!({ "a": application, "s": status, "r": reason }),
                &employer,
            )
            .await;
            assert_eq!(
                moved["data"]["moveApplication"]["application"]["status"], status,
                "{db:?}: {moved}"
            );
        }
        let hired = call(
            &app,
            MOVE,
            json!({ "a": application, "s": "HIRED", "d": "2027-05-15" }),
            &employer,
        )
        .await;
        assert_eq!(
            hired["data"]["moveApplication"]["application"]["status"], "HIRED",
            "{db:?}: {hired}"
        );
        let withdraw = "mutation($a: ID!) { withdrawApplication(input: { applicationId: $a }) { application { status } userErrors { code } } }";
        let late = call(&app, withdraw, json!({ "a": application }), &amina).await;
        assert_eq!(errors(&late, "withdrawApplication"), ["INVALID_TRANSITION"]);
        let not_mine = call(&app, withdraw, json!({ "a": application }), &jonas).await;
        assert_eq!(errors(&not_mine, "withdrawApplication"), ["NOT_FOUND"]);
        let withdrawn = call(&app, withdraw, json!({ "a": jonas_application }), &jonas).await;
        assert_eq!(
            withdrawn["data"]["withdrawApplication"]["application"]["status"],
            "WITHDRAWN"
        );

        let mine = call(
            &app,
            "{ myApplications { nodes { status history { status reason } vacancy { status } } }
            myProfile { placements { nodes { startsOn contractType vacancy { title } } } } }",
            json!({}),
            &amina,
        )
        .await;
        let history: Vec<&str> = mine["data"]["myApplications"]["nodes"][0]["history"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["status"].as_str().unwrap())
            .collect();
        assert_eq!(
            history,
            ["SUBMITTED", "REVIEWED", "INTERVIEW", "OFFER", "HIRED"],
            "{db:?}"
        );
        assert_eq!(
            mine["data"]["myApplications"]["nodes"][0]["history"][2]["reason"],
            "Tuesday 10:00"
        );
        assert_eq!(
            mine["data"]["myApplications"]["nodes"][0]["vacancy"]["status"], "FILLED",
            "its one position is filled"
        );
        assert_eq!(
            mine["data"]["myProfile"]["placements"]["nodes"],
            json!([{ "startsOn": "2027-05-15", "contractType": "SEASONAL", "vacancy": { "title": "Cook" } }])
        );

        // A caseworker the person delegated to sees the same activity.
        let (caseworker, centre) = organisation(
            &app,
            "case@example.org",
            "CASEWORKER",
            "SUPPORT_ORGANISATION",
        )
        .await;
        call(&app, "mutation($c: ID!) { grantDelegation(input: { organisationId: $c }) { userErrors { code } } }", json!({ "c": centre }), &amina).await;
        let caseload = call(&app, "query($c: ID!) { caseload(organisationId: $c) { nodes { displayName applications { nodes { status } } placements { nodes { startsOn } } enrolments { nodes { status } } } } }", json!({ "c": centre }), &caseworker).await;
        assert_eq!(
            caseload["data"]["caseload"]["nodes"][0]["applications"]["nodes"],
            json!([{ "status": "HIRED" }]),
            "{db:?}: {caseload}"
        );
        assert_eq!(
            caseload["data"]["caseload"]["nodes"][0]["placements"]["nodes"][0]["startsOn"],
            "2027-05-15"
        );

        let export = call(&app, "{ exportMyData }", json!({}), &amina).await;
        let exported = &export["data"]["exportMyData"]["profile"];
        assert_eq!(
            exported["applications"][0]["status"], "HIRED",
            "{db:?}: {export}"
        );
        assert_eq!(
            exported["applications"][0]["history"]
                .as_array()
                .unwrap()
                .len(),
            5
        );
        assert_eq!(exported["placements"][0]["startsOn"], "2027-05-15");
        app.stop().await;
    }
}

const ENROL: &str = "mutation($c: ID!, $certify: Boolean!) { enrol(input: { cohortId: $c, certifySkills: $certify }) {
    enrolment { id status } userErrors { code } } }";

#[tokio::test]
async fn seats_waiting_list_and_certified_completion() {
    for db in databases() {
        let app = spawn_app_with(db, |_| {}).await;
        let (trainer, provider) =
            organisation(&app, "school@example.org", "TRAINER", "TRAINING_PROVIDER").await;
        let course = call(&app, "mutation($p: ID!, $s: String!) { createCourse(input: { organisationId: $p, title: \"Hungarian at work\", mode: ONLINE, languages: [\"hu\"], skills: [{ skillUri: $s, level: ADVANCED }] }) { course { id } } }", json!({ "p": provider, "s": WRITE_HUNGARIAN }), &trainer).await;
        let course = course["data"]["createCourse"]["course"]["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let cohort = call(&app, "mutation($c: ID!, $n: Int!) { addCohort(input: { courseId: $c, startsOn: \"2027-03-01\", seats: $n }) { cohort { id } } }", json!({ "c": course, "n": 10 }), &trainer).await;
        let cohort = cohort["data"]["addCohort"]["cohort"]["id"]
            .as_str()
            .unwrap()
            .to_owned();

        // Fifty people enrol at the same moment: ten seats, forty on the waiting list.
        let mut people = Vec::new();
        for i in 0..50 {
            people.push(migrant(&app, &format!("p{i}@example.org"), &format!("Person {i}")).await);
        }
        let rush = futures::future::join_all(
            people
                .iter()
                .map(|t| call(&app, ENROL, json!({ "c": cohort, "certify": true }), t)),
        )
        .await;
        let mut statuses: Vec<String> = rush
            .iter()
            .map(|b| {
                b["data"]["enrol"]["enrolment"]["status"]
                    .as_str()
                    .unwrap_or_else(|| panic!("{b}"))
                    .to_owned()
            })
            .collect();
        statuses.sort();
        assert_eq!(
            statuses.iter().filter(|s| *s == "CONFIRMED").count(),
            10,
            "{db:?}"
        );
        assert_eq!(
            statuses.iter().filter(|s| *s == "WAITLISTED").count(),
            40,
            "{db:?}"
        );

        let listed = call(&app, "query($c: ID!) { cohortEnrolments(cohortId: $c, first: 100) { nodes { id status participant { displayName } } } }", json!({ "c": cohort }), &trainer).await;
        let listed = listed["data"]["cohortEnrolments"]["nodes"]
            .as_array()
            .unwrap()
            .clone();
        assert_eq!(listed.len(), 50, "{db:?}");
        // The same list a page at a time: 20, 20 and 10, in arrival order, each once.
        let page = "query($c: ID!, $after: String) { cohortEnrolments(cohortId: $c, after: $after) { totalCount pageInfo { hasNextPage hasPreviousPage endCursor } nodes { id } } }";
        let (mut after, mut paged, mut sizes) = (Value::Null, Vec::new(), Vec::new());
        loop {
            let answer = call(&app, page, json!({ "c": cohort, "after": after }), &trainer).await;
            let list = &answer["data"]["cohortEnrolments"];
            assert_eq!(list["totalCount"], 50, "{db:?}: {answer}");
            assert_eq!(
                list["pageInfo"]["hasPreviousPage"],
                !after.is_null(),
                "{db:?}"
            );
            let nodes = list["nodes"].as_array().unwrap();
            sizes.push(nodes.len());
            paged.extend(nodes.iter().map(|n| n["id"].clone()));
            if list["pageInfo"]["hasNextPage"] != true {
                break;
            }
            after = list["pageInfo"]["endCursor"].clone();
        }
        assert_eq!(sizes, [20, 20, 10], "{db:?}");
        let all: Vec<Value> = listed.iter().map(|e| e["id"].clone()).collect();
        assert_eq!(paged, all, "{db:?}: pages keep the list's order");
        // Not a cursor, and a cursor of another listing (a label-sorted one).
        let foreign = URL_SAFE_NO_PAD.encode("nurse\u{0}x");
        for garbage in [json!("%%%"), json!(foreign)] {
            let refused = call(
                &app,
                page,
                json!({ "c": cohort, "after": garbage }),
                &trainer,
            )
            .await;
            assert_eq!(
                refused["errors"][0]["extensions"]["code"], "BAD_USER_INPUT",
                "{db:?}: {refused}"
            );
        }
        let first_waiting =
            listed.iter().find(|e| e["status"] == "WAITLISTED").unwrap()["id"].clone();
        let (seat, holder) = rush
            .iter()
            .zip(&people)
            .find(|(b, _)| b["data"]["enrol"]["enrolment"]["status"] == "CONFIRMED")
            .map(|(b, t)| (b["data"]["enrol"]["enrolment"]["id"].clone(), t.clone()))
            .unwrap();
        let again = call(
            &app,
            ENROL,
            json!({ "c": cohort, "certify": false }),
            &holder,
        )
        .await;
        assert_eq!(errors(&again, "enrol"), ["ALREADY_ENROLLED"]);

        // An enrolment is a node for the person and the provider, for no one else.
        let node = "query($id: ID!) { node(id: $id) { __typename id } }";
        for (who, token) in [("person", &holder), ("provider", &trainer)] {
            let found = call(&app, node, json!({ "id": seat }), token).await;
            assert_eq!(found["data"]["node"]["id"], seat, "{db:?} {who}: {found}");
            assert_eq!(found["data"]["node"]["__typename"], "Enrolment");
        }
        let outsider = migrant(&app, "outsider@example.org", "Outsider").await;
        let hidden = call(&app, node, json!({ "id": seat }), &outsider).await;
        assert_eq!(hidden["data"]["node"], Value::Null, "{db:?}: {hidden}");

        // A cancelled seat goes to the first on the waiting list.
        let cancel = "mutation($e: ID!) { cancelEnrolment(input: { enrolmentId: $e }) { enrolment { status } promoted { id status } userErrors { code } } }";
        let stranger = call(&app, cancel, json!({ "e": seat }), &people[49]).await;
        if stranger["data"]["cancelEnrolment"]["enrolment"].is_null() {
            assert_eq!(
                errors(&stranger, "cancelEnrolment"),
                ["NOT_FOUND"],
                "only one's own"
            );
        }
        let cancelled = call(&app, cancel, json!({ "e": seat }), &holder).await;
        assert_eq!(
            cancelled["data"]["cancelEnrolment"]["enrolment"]["status"], "CANCELLED",
            "{db:?}: {cancelled}"
        );
        assert_eq!(
            cancelled["data"]["cancelEnrolment"]["promoted"]["id"],
            first_waiting
        );
        assert_eq!(
            cancelled["data"]["cancelEnrolment"]["promoted"]["status"],
            "CONFIRMED"
        );

        // Completing certifies the course's skills for those who agreed.
        let finish = "mutation($e: ID!, $o: EnrolmentOutcome!) { finishEnrolment(input: { enrolmentId: $e, outcome: $o }) { enrolment { status } userErrors { code } } }";
        let promoted_token = rush
            .iter()
            .zip(&people)
            .find(|(b, _)| b["data"]["enrol"]["enrolment"]["id"] == first_waiting)
            .map(|(_, t)| t.clone())
            .unwrap();
        let not_trainer = call(
            &app,
            finish,
            json!({ "e": first_waiting, "o": "COMPLETED" }),
            &promoted_token,
        )
        .await;
        assert_eq!(not_trainer["errors"][0]["extensions"]["code"], "FORBIDDEN");
        let done = call(
            &app,
            finish,
            json!({ "e": first_waiting, "o": "COMPLETED" }),
            &trainer,
        )
        .await;
        assert_eq!(
            done["data"]["finishEnrolment"]["enrolment"]["status"], "COMPLETED",
            "{db:?}: {done}"
        );
        let twice = call(
            &app,
            finish,
            json!({ "e": first_waiting, "o": "DROPPED" }),
            &trainer,
        )
        .await;
        assert_eq!(errors(&twice, "finishEnrolment"), ["INVALID_TRANSITION"]);
        let skills = call(&app, "{ myProfile { skills { skill { uri } proficiency evidence } } myEnrolments { nodes { status course { title } cohort { startsOn } } } }", json!({}), &promoted_token).await;
        assert_eq!(
            skills["data"]["myProfile"]["skills"],
            json!([{ "skill": { "uri": WRITE_HUNGARIAN }, "proficiency": "ADVANCED", "evidence": "CERTIFIED" }]),
            "{db:?}"
        );
        assert_eq!(
            skills["data"]["myEnrolments"]["nodes"][0]["course"]["title"],
            "Hungarian at work"
        );
        app.stop().await;
    }
}

/// A course of `provider` with one cohort; returns the course as created and the cohort id.
async fn course_with_cohort(
    app: &TestApp,
    trainer: &str,
    provider: &str,
    extra: Value,
) -> (Value, String) {
    let mut input = json!({ "organisationId": provider, "title": "Course", "mode": "ONLINE", "languages": ["de"] });
    input
        .as_object_mut()
        .unwrap()
        .extend(extra.as_object().unwrap().clone());
    let created = call(app, "mutation($i: CreateCourseInput!) { createCourse(input: $i) { course { id tracks } userErrors { code } } }", json!({ "i": input }), trainer).await;
    let course = created["data"]["createCourse"]["course"].clone();
    let cohort = call(app, "mutation($c: ID!) { addCohort(input: { courseId: $c, startsOn: \"2027-03-01\", seats: 5 }) { cohort { id } } }", json!({ "c": course["id"] }), trainer).await;
    let cohort = cohort["data"]["addCohort"]["cohort"]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("{created} {cohort}"))
        .to_owned();
    (course, cohort)
}

async fn enrol_codes(app: &TestApp, person: &str, cohort: &str) -> Vec<String> {
    let body = call(app, ENROL, json!({ "c": cohort, "certify": false }), person).await;
    errors(&body, "enrol")
}

async fn set_german(app: &TestApp, person: &str, level: &str) {
    call(app, "mutation($l: String!) { setProfileLanguage(input: { language: \"de\", level: $l }) { userErrors { code } } }", json!({ "l": level }), person).await;
}

#[tokio::test]
async fn only_eligible_people_enrol() {
    for db in databases() {
        let app = spawn_app_with(db, |_| {}).await;
        let (trainer, provider) =
            organisation(&app, "school@example.org", "TRAINER", "TRAINING_PROVIDER").await;
        let (course, women_b1) = course_with_cohort(
            &app,
            &trainer,
            &provider,
            json!({ "tracks": ["WOMEN"], "minLanguage": { "language": "de", "level": "B1" } }),
        )
        .await;
        assert_eq!(course["tracks"], json!(["WOMEN"]), "{db:?}: {course}");
        let (_, staff) = course_with_cohort(
            &app,
            &trainer,
            &provider,
            json!({ "audience": "EMPLOYER_STAFF" }),
        )
        .await;

        let person = migrant(&app, "fatima@example.org", "Fatima").await;
        set_german(&app, &person, "A2").await;
        assert_eq!(
            enrol_codes(&app, &person, &women_b1).await,
            ["NOT_IN_TRACK", "LANGUAGE_LEVEL_TOO_LOW"],
            "{db:?}"
        );
        call(
            &app,
            "mutation { updateMyProfile(input: { tracks: [WOMEN] }) { userErrors { code } } }",
            json!({}),
            &person,
        )
        .await;
        assert_eq!(
            enrol_codes(&app, &person, &women_b1).await,
            ["LANGUAGE_LEVEL_TOO_LOW"]
        );
        set_german(&app, &person, "B2").await;
        assert_eq!(
            enrol_codes(&app, &person, &women_b1).await,
            Vec::<String>::new(),
            "{db:?}: now eligible"
        );
        assert_eq!(
            enrol_codes(&app, &person, &staff).await,
            ["NOT_FOR_JOBSEEKERS"]
        );
        let mine = call(
            &app,
            "{ myEnrolments { nodes { status } } }",
            json!({}),
            &person,
        )
        .await;
        assert_eq!(
            mine["data"]["myEnrolments"]["nodes"]
                .as_array()
                .unwrap()
                .len(),
            1,
            "nothing else was written"
        );
        app.stop().await;
    }
}
