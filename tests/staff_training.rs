//! Courses for employers' staff recommended to an employer over HTTP on each database: by
//! the inclusion support its vacancies offer and, in aggregate only, the regions of origin
//! of at least five hires who consented to ANALYTICS; a course held in person in another
//! country, or serving no need, is not recommended; withdrawing consent takes a person out
//! of the next answer.

mod common;

use common::{TestApp, databases, spawn_app_with};
use serde_json::{Value, json};

async fn call(app: &TestApp, query: &str, variables: Value, token: &str) -> Value {
    app.call(query, variables, Some(token)).await
}

const CREATE_COURSE: &str = "mutation($i: CreateCourseInput!) { createCourse(input: $i) {
    course { id preparesSupport originRegions } userErrors { field code } } }";

const RECOMMENDED: &str = "query($o: ID!) { staffCourseRecommendations(organisationId: $o) {
    course { title } cohort { startsOn } seatsLeft score support originRegions } }";

const CONSENT: &str = "mutation($g: Boolean!) { setConsent(input: { purpose: ANALYTICS, granted: $g }) { consents { granted } } }";

/// A course for staff with one cohort in 2030.
async fn staff_course(app: &TestApp, trainer: &str, input: Value) -> Value {
    let created = call(app, CREATE_COURSE, json!({ "i": input }), trainer).await;
    assert_eq!(
        created["data"]["createCourse"]["userErrors"],
        json!([]),
        "{created}"
    );
    let course = created["data"]["createCourse"]["course"]["id"].clone();
    call(
        app,
        "mutation($c: ID!) { addCohort(input: { courseId: $c, startsOn: \"2030-03-01\", seats: 12 }) { userErrors { code } } }",
        json!({ "c": course }),
        trainer,
    )
    .await;
    course
}

/// `token`'s person hired by `org` into a new vacancy.
async fn hire(app: &TestApp, employer: &str, org: &Value, token: &str) {
    let vacancy = app
        .open_vacancy(
            employer,
            json!({ "organisationId": org, "title": "Cook", "contractType": "PERMANENT",
                    "location": { "countryCode": "DE" } }),
        )
        .await;
    app.hire(employer, &vacancy, token, "2027-01-04").await;
}

fn titles(body: &Value) -> Vec<String> {
    body["data"]["staffCourseRecommendations"]
        .as_array()
        .unwrap_or_else(|| panic!("{body}"))
        .iter()
        .map(|r| r["course"]["title"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn employers_are_recommended_staff_training_for_their_needs_in_aggregate() {
    for db in databases() {
        let app = spawn_app_with(db, |_| {}).await;
        let trainer = app
            .register("school@example.org", "TRAINER", "School")
            .await;
        let school = call(&app, "mutation { createOrganisation(input: { kind: TRAINING_PROVIDER, name: \"School\" }) { organisation { id } } }", json!({}), &trainer).await;
        let school = school["data"]["createOrganisation"]["organisation"]["id"].clone();
        let course = |title: &str, extra: Value| {
            let mut input = json!({ "organisationId": school, "title": title, "mode": "ONLINE",
                "languages": ["de"], "audience": "EMPLOYER_STAFF" });
            input
                .as_object_mut()
                .unwrap()
                .extend(extra.as_object().unwrap().clone());
            input
        };
        let mentoring = staff_course(
            &app,
            &trainer,
            course(
                "Mentor training",
                json!({ "preparesSupport": ["MENTORING"] }),
            ),
        )
        .await;
        staff_course(
            &app,
            &trainer,
            course(
                "Colleagues from Western Asia",
                json!({ "originRegions": ["WESTERN_ASIA", "NORTHERN_AFRICA"], "mode": "IN_PERSON",
                        "location": { "countryCode": "DE" } }),
            ),
        )
        .await;
        staff_course(
            &app,
            &trainer,
            course(
                "Intercultural days in Vienna",
                json!({ "originRegions": ["WESTERN_ASIA"], "mode": "IN_PERSON",
                        "location": { "countryCode": "AT" } }),
            ),
        )
        .await;
        staff_course(
            &app,
            &trainer,
            course(
                "Childcare at work",
                json!({ "preparesSupport": ["CHILDCARE"] }),
            ),
        )
        .await;
        let read = call(
            &app,
            "query($id: ID!) { node(id: $id) { ... on Course { preparesSupport originRegions } } }",
            json!({ "id": mentoring }),
            &trainer,
        )
        .await;
        assert_eq!(
            read["data"]["node"],
            json!({ "preparesSupport": ["MENTORING"], "originRegions": [] })
        );
        // Only courses for staff say what they prepare staff for.
        let refused = call(
            &app,
            CREATE_COURSE,
            json!({ "i": { "organisationId": school, "title": "German A2", "mode": "ONLINE",
                "languages": ["de"], "originRegions": ["WESTERN_ASIA"] } }),
            &trainer,
        )
        .await;
        assert_eq!(
            refused["data"]["createCourse"]["userErrors"],
            json!([{ "field": "originRegions", "code": "STAFF_COURSES_ONLY" }]),
            "{db:?}: {refused}"
        );

        let employer = app.register("hr@example.org", "EMPLOYER", "HR").await;
        let hotel = call(&app, "mutation { createOrganisation(input: { kind: EMPLOYER, name: \"Hotel\", countryCode: \"DE\" }) { organisation { id } } }", json!({}), &employer).await;
        let hotel = hotel["data"]["createOrganisation"]["organisation"]["id"].clone();
        let nothing = call(&app, RECOMMENDED, json!({ "o": hotel }), &employer).await;
        assert_eq!(
            titles(&nothing),
            Vec::<String>::new(),
            "{db:?}: no needs yet"
        );

        let housekeeper = call(&app, "mutation($o: ID!) { createVacancy(input: { organisationId: $o, title: \"Housekeeper\", contractType: PERMANENT, location: { countryCode: \"DE\" }, inclusionSupport: [MENTORING] }) { vacancy { id } } }", json!({ "o": hotel }), &employer).await;
        let housekeeper = housekeeper["data"]["createVacancy"]["vacancy"]["id"].clone();
        let draft = call(&app, RECOMMENDED, json!({ "o": hotel }), &employer).await;
        assert_eq!(
            titles(&draft),
            Vec::<String>::new(),
            "a draft offers nothing yet"
        );
        call(
            &app,
            "mutation($v: ID!) { publishVacancy(input: { vacancyId: $v }) { userErrors { code } } }",
            json!({ "v": housekeeper }),
            &employer,
        )
        .await;
        let people = [
            ("a@example.org", "SY"),
            ("b@example.org", "SY"),
            ("c@example.org", "IQ"),
            ("d@example.org", "JO"),
            ("e@example.org", "SY"),
        ];
        let mut tokens = Vec::new();
        for (i, (email, origin)) in people.iter().enumerate() {
            let token = app.register(email, "MIGRANT", email).await;
            call(&app, "mutation($c: String!) { updateMyProfile(input: { countryOfOrigin: $c }) { userErrors { code } } }", json!({ "c": origin }), &token).await;
            // The last one has not consented to ANALYTICS yet.
            if i < 4 {
                call(&app, CONSENT, json!({ "g": true }), &token).await;
            }
            hire(&app, &employer, &hotel, &token).await;
            tokens.push(token);
        }

        let four = call(&app, RECOMMENDED, json!({ "o": hotel }), &employer).await;
        assert_eq!(
            titles(&four),
            ["Mentor training"],
            "{db:?}: four consenting hires from Western Asia do not count: {four}"
        );
        let first = &four["data"]["staffCourseRecommendations"][0];
        assert_eq!(first["support"], json!(["MENTORING"]));
        assert_eq!(first["seatsLeft"], 12);
        assert_eq!(first["cohort"]["startsOn"], "2030-03-01");

        call(&app, CONSENT, json!({ "g": true }), &tokens[4]).await;
        let five = call(&app, RECOMMENDED, json!({ "o": hotel }), &employer).await;
        assert_eq!(
            titles(&five),
            ["Colleagues from Western Asia", "Mentor training"],
            "{db:?}: the course in Vienna is out of reach, childcare is not offered: {five}"
        );
        let intercultural = &five["data"]["staffCourseRecommendations"][0];
        assert_eq!(intercultural["originRegions"], json!(["WESTERN_ASIA"]));
        assert_eq!(intercultural["score"], 0.5);

        // Withdrawing consent takes the person out of the next answer.
        call(&app, CONSENT, json!({ "g": false }), &tokens[0]).await;
        let withdrawn = call(&app, RECOMMENDED, json!({ "o": hotel }), &employer).await;
        assert_eq!(
            titles(&withdrawn),
            ["Mentor training"],
            "{db:?}: {withdrawn}"
        );

        // Not for other employers, nor for the people hired.
        let rival = app.register("rival@example.org", "EMPLOYER", "Rival").await;
        let refused = call(&app, RECOMMENDED, json!({ "o": hotel }), &rival).await;
        assert_eq!(
            refused["errors"][0]["extensions"]["code"], "FORBIDDEN",
            "{refused}"
        );
    }
}
