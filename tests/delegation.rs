//! Caseworker delegation on each database: a caseworker creates a profile for someone
//! without an account, the person claims it, controls who manages it, and the caseworker's
//! access follows their choice.

mod common;

use common::{TestApp, databases, spawn_app_with};
use serde_json::{Value, json};

async fn call(app: &TestApp, query: &str, variables: Value, token: &str) -> Value {
    app.call(query, variables, Some(token)).await
}

async fn account(app: &TestApp, email: &str, role: &str) -> String {
    app.register(email, role, "Tester").await
}

fn code(body: &Value) -> &str {
    body["errors"][0]["extensions"]["code"]
        .as_str()
        .unwrap_or("<none>")
}

#[tokio::test]
async fn create_claim_delegate_and_revoke() {
    for db in databases() {
        let app = spawn_app_with(db, |_| {}).await;
        let caseworker = account(&app, "caseworker@example.org", "CASEWORKER").await;
        let created = call(&app, "mutation { createOrganisation(input: { kind: SUPPORT_ORGANISATION, name: \"Welcome Centre\" }) { organisation { id } } }", json!({}), &caseworker).await;
        let centre = created["data"]["createOrganisation"]["organisation"]["id"]
            .as_str()
            .unwrap()
            .to_owned();

        let bad = call(&app, "mutation($centre: ID!) { createClientProfile(input: { organisationId: $centre, displayName: \" \" }) { claimToken userErrors { field code } } }", json!({ "centre": centre }), &caseworker).await;
        assert_eq!(
            bad["data"]["createClientProfile"]["userErrors"][0]["code"], "INVALID_DISPLAY_NAME",
            "{db:?}: {bad}"
        );
        let client = call(
            &app,
            "mutation($centre: ID!) { createClientProfile(input: { organisationId: $centre, displayName: \"Yusuf\", details: { rightToWork: YES, location: { countryCode: \"AT\" } } }) { profile { id displayName rightToWork } claimToken userErrors { code } } }",
            json!({ "centre": centre }),
            &caseworker,
        )
        .await;
        let payload = &client["data"]["createClientProfile"];
        assert_eq!(payload["profile"]["rightToWork"], "YES", "{db:?}: {client}");
        let profile = payload["profile"]["id"].as_str().unwrap().to_owned();
        let token = payload["claimToken"].as_str().unwrap().to_owned();

        // The caseworker assesses a skill on the client's profile.
        let skill = call(
            &app,
            "mutation($p: ID!, $c: ID!) { addProfileSkill(input: { profileId: $p, organisationId: $c, skillUri: \"http://data.europa.eu/esco/skill/01f10952-cb59-4347-9aee-d4fbc51c870a\", proficiency: INTERMEDIATE, evidence: CASEWORKER_ASSESSED }) { userErrors { code } } }",
            json!({ "p": profile, "c": centre }),
            &caseworker,
        )
        .await;
        assert_eq!(
            skill["data"]["addProfileSkill"]["userErrors"],
            json!([]),
            "{db:?}: {skill}"
        );
        let edited = call(&app, "mutation($p: ID!, $c: ID!) { updateClientProfile(input: { profileId: $p, organisationId: $c, changes: { mobilityRadiusKm: 20 } }) { profile { mobilityRadiusKm } userErrors { code } } }", json!({ "p": profile, "c": centre }), &caseworker).await;
        assert_eq!(
            edited["data"]["updateClientProfile"]["profile"]["mobilityRadiusKm"], 20,
            "{db:?}: {edited}"
        );
        let caseload = call(
            &app,
            "query($c: ID!) { caseload(organisationId: $c) { totalCount pageInfo { hasNextPage } nodes { displayName } } }",
            json!({ "c": centre }),
            &caseworker,
        )
        .await;
        assert_eq!(
            caseload["data"]["caseload"]["nodes"],
            json!([{ "displayName": "Yusuf" }])
        );
        assert_eq!(caseload["data"]["caseload"]["totalCount"], 1);
        assert_eq!(
            caseload["data"]["caseload"]["pageInfo"]["hasNextPage"],
            false
        );

        // Yusuf registers and claims the profile, with what the caseworker recorded.
        let yusuf = account(&app, "yusuf@example.org", "MIGRANT").await;
        let wrong = call(
            &app,
            "mutation { claimProfile(input: { claimToken: \"nope\" }) { userErrors { code } } }",
            json!({}),
            &yusuf,
        )
        .await;
        assert_eq!(
            wrong["data"]["claimProfile"]["userErrors"][0]["code"],
            "INVALID_CLAIM_TOKEN"
        );
        let claim = "mutation($t: String!) { claimProfile(input: { claimToken: $t }) { profile { displayName mobilityRadiusKm skills { evidence } } userErrors { code } } }";
        let claimed = call(&app, claim, json!({ "t": token }), &yusuf).await;
        let claimed = &claimed["data"]["claimProfile"]["profile"];
        assert_eq!(claimed["mobilityRadiusKm"], 20, "{db:?}");
        assert_eq!(claimed["skills"][0]["evidence"], "CASEWORKER_ASSESSED");
        let other = account(&app, "other@example.org", "MIGRANT").await;
        let again = call(&app, claim, json!({ "t": token }), &other).await;
        assert_eq!(
            again["data"]["claimProfile"]["userErrors"][0]["code"], "INVALID_CLAIM_TOKEN",
            "single use"
        );

        let export = call(&app, "{ exportMyData }", json!({}), &yusuf).await;
        assert_eq!(
            export["data"]["exportMyData"]["profile"]["delegations"]
                .as_array()
                .map(Vec::len),
            Some(1),
            "{db:?}: {export}"
        );
        // The person's own profile id is enough for the person's own reads.
        call(&app, "mutation { setConsent(input: { purpose: MATCHING, granted: true }) { userErrors { code } } }", json!({}), &yusuf).await;
        let matches = "query($p: ID) { matchVacancies(profileId: $p, first: 5) { totalCount } }";
        let own = call(&app, matches, json!({ "p": profile }), &yusuf).await;
        assert!(own.get("errors").is_none(), "{db:?}: {own}");
        assert_eq!(
            own["data"]["matchVacancies"],
            call(&app, matches, json!({ "p": null }), &yusuf).await["data"]["matchVacancies"]
        );
        let not_own = call(&app, matches, json!({ "p": profile }), &other).await;
        assert_eq!(code(&not_own), "BAD_USER_INPUT", "{not_own}");
        let delegations = call(
            &app,
            "{ myDelegations { nodes { organisation { name } } } }",
            json!({}),
            &yusuf,
        )
        .await;
        assert_eq!(
            delegations["data"]["myDelegations"]["nodes"][0]["organisation"]["name"],
            "Welcome Centre"
        );

        // Yusuf takes the delegation back: the caseworker loses access at once.
        let revoke = "mutation($c: ID!) { revokeDelegation(input: { organisationId: $c }) { userErrors { code } } }";
        let revoked = call(&app, revoke, json!({ "c": centre }), &yusuf).await;
        assert_eq!(revoked["data"]["revokeDelegation"]["userErrors"], json!([]));
        let twice = call(&app, revoke, json!({ "c": centre }), &yusuf).await;
        assert_eq!(
            twice["data"]["revokeDelegation"]["userErrors"][0]["code"],
            "NOT_DELEGATED"
        );
        let denied = call(&app, "mutation($p: ID!, $c: ID!) { updateClientProfile(input: { profileId: $p, organisationId: $c, changes: { mobilityRadiusKm: 5 } }) { userErrors { code } } }", json!({ "p": profile, "c": centre }), &caseworker).await;
        assert_eq!(code(&denied), "FORBIDDEN", "{db:?}: {denied}");
        let caseload = call(
            &app,
            "query($c: ID!) { caseload(organisationId: $c) { nodes { displayName } } }",
            json!({ "c": centre }),
            &caseworker,
        )
        .await;
        assert_eq!(caseload["data"]["caseload"]["nodes"], json!([]));

        // And grants it again; only support organisations qualify.
        let grant = "mutation($c: ID!) { grantDelegation(input: { organisationId: $c }) { delegation { organisation { name } } userErrors { code } } }";
        let granted = call(&app, grant, json!({ "c": centre }), &yusuf).await;
        assert_eq!(
            granted["data"]["grantDelegation"]["delegation"]["organisation"]["name"],
            "Welcome Centre",
            "{granted}"
        );
        let employer = account(&app, "boss@example.org", "EMPLOYER").await;
        let shop = call(&app, "mutation { createOrganisation(input: { kind: EMPLOYER, name: \"Shop\" }) { organisation { id } } }", json!({}), &employer).await;
        let shop = shop["data"]["createOrganisation"]["organisation"]["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let not_support = call(&app, grant, json!({ "c": shop }), &yusuf).await;
        assert_eq!(
            not_support["data"]["grantDelegation"]["userErrors"][0]["code"],
            "NOT_A_SUPPORT_ORGANISATION"
        );
        // A caseworker may not certify, and may not act for an organisation they are not in.
        let certify = call(
            &app,
            "mutation($p: ID!, $c: ID!) { addProfileSkill(input: { profileId: $p, organisationId: $c, skillUri: \"http://data.europa.eu/esco/skill/01f10952-cb59-4347-9aee-d4fbc51c870a\", proficiency: EXPERT, evidence: CERTIFIED }) { userErrors { code } } }",
            json!({ "p": profile, "c": centre }),
            &caseworker,
        )
        .await;
        assert_eq!(
            certify["data"]["addProfileSkill"]["userErrors"][0]["code"],
            "EVIDENCE_NOT_ALLOWED"
        );
        let half = call(&app, "mutation($p: ID!) { addProfileSkill(input: { profileId: $p, skillUri: \"x\", proficiency: BASIC }) { userErrors { code } } }", json!({ "p": profile }), &caseworker).await;
        assert_eq!(code(&half), "BAD_USER_INPUT");
        app.stop().await;
    }
}

/// The id in `body` at `path` (a `/`-separated path under `data`).
fn id_at(body: &Value, path: &str) -> String {
    let mut at = &body["data"];
    for key in path.split('/') {
        at = &at[key];
    }
    at.as_str()
        .unwrap_or_else(|| panic!("{path}: {body}"))
        .to_owned()
}

/// An account of `role` owning an organisation of `kind` called `name`: (token,
/// organisation id).
async fn organisation(app: &TestApp, role: &str, kind: &str, name: &str) -> (String, String) {
    let email = format!("{}@example.org", name.to_lowercase().replace(' ', "."));
    let token = account(app, &email, role).await;
    let body = call(app, "mutation($k: OrganisationKind!, $n: String!) { createOrganisation(input: { kind: $k, name: $n }) { organisation { id } } }", json!({ "k": kind, "n": name }), &token).await;
    (token, id_at(&body, "createOrganisation/organisation/id"))
}

const ACTED_BY: &str = "actedBy { byThePerson caseworkerName organisation { name } }";

#[tokio::test]
async fn caseworkers_act_for_clients_as_far_as_the_person_lets_them() {
    for db in databases() {
        let app = spawn_app_with(db, |_| {}).await;
        let (caseworker, centre) =
            organisation(&app, "CASEWORKER", "SUPPORT_ORGANISATION", "Welcome Centre").await;
        let (employer, shop) = organisation(&app, "EMPLOYER", "EMPLOYER", "Shop").await;
        let (trainer, provider) =
            organisation(&app, "TRAINER", "TRAINING_PROVIDER", "Language School").await;
        let vacancy = call(&app, "mutation($o: ID!) { createVacancy(input: { organisationId: $o, title: \"Cook\", contractType: SEASONAL, positions: 1, location: { countryCode: \"AT\" } }) { vacancy { id } } }", json!({ "o": shop }), &employer).await;
        let vacancy = id_at(&vacancy, "createVacancy/vacancy/id");
        call(&app, "mutation($v: ID!) { publishVacancy(input: { vacancyId: $v }) { userErrors { code } } }", json!({ "v": vacancy }), &employer).await;
        let course = call(&app, "mutation($p: ID!) { createCourse(input: { organisationId: $p, title: \"Kitchen German\", mode: ONLINE, languages: [\"de\"] }) { course { id } } }", json!({ "p": provider }), &trainer).await;
        let course = id_at(&course, "createCourse/course/id");
        let cohort = call(&app, "mutation($c: ID!) { addCohort(input: { courseId: $c, startsOn: \"2027-03-01\", seats: 5 }) { cohort { id } } }", json!({ "c": course }), &trainer).await;
        let cohort = id_at(&cohort, "addCohort/cohort/id");

        // A client without an account: the centre may do everything for them.
        let client = call(&app, "mutation($c: ID!) { createClientProfile(input: { organisationId: $c, displayName: \"Yusuf\", details: { visibility: ANONYMISED } }) { profile { id } claimToken } }", json!({ "c": centre }), &caseworker).await;
        let profile = id_at(&client, "createClientProfile/profile/id");
        let claim_token = id_at(&client, "createClientProfile/claimToken");
        let on = json!({ "p": profile, "c": centre });
        let with = |extra: Value| {
            let mut vars = on.clone();
            vars.as_object_mut()
                .unwrap()
                .extend(extra.as_object().unwrap().clone());
            vars
        };

        let apply = format!(
            "mutation($v: ID!, $p: ID, $c: ID) {{ applyToVacancy(input: {{ vacancyId: $v, message: \"Yusuf cooked for years.\", profileId: $p, organisationId: $c }}) {{ application {{ id history {{ status {ACTED_BY} }} }} userErrors {{ code }} }} }}"
        );
        let applied = call(&app, &apply, with(json!({ "v": vacancy })), &caseworker).await;
        let application = id_at(&applied, "applyToVacancy/application/id");
        assert_eq!(
            applied["data"]["applyToVacancy"]["application"]["history"][0]["actedBy"],
            json!({ "byThePerson": false, "caseworkerName": "Tester", "organisation": { "name": "Welcome Centre" } }),
            "{db:?}: {applied}"
        );
        let enrol = format!(
            "mutation($k: ID!, $p: ID, $c: ID) {{ enrol(input: {{ cohortId: $k, profileId: $p, organisationId: $c }}) {{ enrolment {{ id status history {{ status {ACTED_BY} }} }} userErrors {{ code }} }} }}"
        );
        let enrolled = call(&app, &enrol, with(json!({ "k": cohort })), &caseworker).await;
        assert_eq!(
            enrolled["data"]["enrol"]["enrolment"]["status"], "CONFIRMED",
            "{db:?}: {enrolled}"
        );
        assert_eq!(
            enrolled["data"]["enrol"]["enrolment"]["history"][0]["actedBy"]["caseworkerName"],
            "Tester"
        );

        // Consent recorded by a caseworker says how the person gave it.
        let consent = "mutation($u: ConsentPurpose!, $p: ID, $c: ID, $h: ConsentChannel) { setConsent(input: { purpose: $u, granted: true, profileId: $p, organisationId: $c, channel: $h }) { consents { purpose granted channel recordedBy { byThePerson caseworkerName } } userErrors { field code } } }";
        for channel in [Value::Null, json!("ONLINE")] {
            let unsaid = call(
                &app,
                consent,
                with(json!({ "u": "MATCHING", "h": channel })),
                &caseworker,
            )
            .await;
            assert_eq!(
                unsaid["data"]["setConsent"]["userErrors"],
                json!([{ "field": "channel", "code": "INVALID_CHANNEL" }]),
                "{db:?}: {unsaid}"
            );
        }
        for purpose in ["MATCHING", "SHARING_WITH_EMPLOYERS"] {
            let given = call(
                &app,
                consent,
                with(json!({ "u": purpose, "h": "PAPER" })),
                &caseworker,
            )
            .await;
            assert_eq!(
                given["data"]["setConsent"]["userErrors"],
                json!([]),
                "{given}"
            );
        }

        // With those consents the client can be found (by an employer he has not applied
        // to), and the caseworker answers for him.
        let (hotelier, hotel) = organisation(&app, "EMPLOYER", "EMPLOYER", "Hotel").await;
        let ask = "mutation($p: ID!, $o: ID!) { requestContact(input: { candidateId: $p, organisationId: $o, message: \"Can we talk?\" }) { contactRequest { id } userErrors { code } } }";
        let asked = call(&app, ask, json!({ "p": profile, "o": hotel }), &hotelier).await;
        let request = id_at(&asked, "requestContact/contactRequest/id");
        // The caseworker finds it on the client's profile, with the consents in force.
        let caseload = call(&app, "query($c: ID!) { caseload(organisationId: $c) { nodes { contactRequests { nodes { id status } } consents { purpose granted channel } } } }", json!({ "c": centre }), &caseworker).await;
        let client_view = &caseload["data"]["caseload"]["nodes"][0];
        assert_eq!(
            client_view["contactRequests"]["nodes"],
            json!([{ "id": request, "status": "PENDING" }]),
            "{db:?}: {caseload}"
        );
        assert_eq!(
            client_view["consents"][1],
            json!({ "purpose": "SHARING_WITH_EMPLOYERS", "granted": true, "channel": "PAPER" })
        );
        let answer = "mutation($r: ID!, $p: ID, $c: ID) { respondToContactRequest(input: { contactRequestId: $r, accept: true, profileId: $p, organisationId: $c }) { contactRequest { status answeredBy { byThePerson caseworkerName } } userErrors { code } } }";
        let answered = call(&app, answer, with(json!({ "r": request })), &caseworker).await;
        assert_eq!(
            answered["data"]["respondToContactRequest"]["contactRequest"],
            json!({ "status": "ACCEPTED", "answeredBy": { "byThePerson": false, "caseworkerName": "Tester" } }),
            "{db:?}: {answered}"
        );

        // The trainer sees who is in the cohort.
        let participants = call(&app, "query($k: ID!) { cohortEnrolments(cohortId: $k) { nodes { participant { displayName } } } }", json!({ "k": cohort }), &trainer).await;
        assert_eq!(
            participants["data"]["cohortEnrolments"]["nodes"][0]["participant"]["displayName"],
            "Yusuf",
            "{db:?}: {participants}"
        );

        // Yusuf claims the profile and finds everything done for him, and by whom.
        let yusuf = account(&app, "yusuf@example.org", "MIGRANT").await;
        call(&app, "mutation($t: String!) { claimProfile(input: { claimToken: $t }) { userErrors { code } } }", json!({ "t": claim_token }), &yusuf).await;
        let mine = format!(
            "{{ myApplications {{ nodes {{ id history {{ {ACTED_BY} }} }} }} myEnrolments {{ nodes {{ status }} }} myConsents {{ purpose granted channel recordedBy {{ caseworkerName }} }} myContactRequests {{ nodes {{ status answeredBy {{ caseworkerName }} }} }} }}"
        );
        let seen = call(&app, &mine, json!({}), &yusuf).await;
        let data = &seen["data"];
        assert_eq!(
            data["myApplications"]["nodes"][0]["id"],
            application.as_str(),
            "{db:?}: {seen}"
        );
        assert_eq!(
            data["myApplications"]["nodes"][0]["history"][0]["actedBy"]["caseworkerName"],
            "Tester"
        );
        assert_eq!(data["myEnrolments"]["nodes"][0]["status"], "CONFIRMED");
        assert_eq!(
            data["myConsents"][0],
            json!({ "purpose": "MATCHING", "granted": true, "channel": "PAPER", "recordedBy": { "caseworkerName": "Tester" } })
        );
        assert_eq!(
            data["myContactRequests"]["nodes"][0]["answeredBy"]["caseworkerName"],
            "Tester"
        );
        // Every reader is in his access log: the centre, the trainer, the employers.
        let log = call(
            &app,
            "{ myProfileAccessLog(first: 100) { nodes { view organisation { name } } } }",
            json!({}),
            &yusuf,
        )
        .await;
        let readers: std::collections::BTreeSet<(String, String)> =
            log["data"]["myProfileAccessLog"]["nodes"]
                .as_array()
                .unwrap_or_else(|| panic!("{log}"))
                .iter()
                .map(|n| {
                    (
                        n["view"].as_str().unwrap().to_owned(),
                        n["organisation"]["name"].as_str().unwrap().to_owned(),
                    )
                })
                .collect();
        for (view, name) in [
            ("PROFILE", "Welcome Centre"),
            ("PARTICIPANT", "Language School"),
        ] {
            assert!(
                readers.contains(&(view.to_owned(), name.to_owned())),
                "{db:?}: {view} by {name} in {log}"
            );
        }
        // The employer sees the steps, not who acted for the person.
        let theirs = call(&app, "query($v: ID!) { vacancyApplications(vacancyId: $v) { nodes { history { status actedBy { byThePerson } } } } }", json!({ "v": vacancy }), &employer).await;
        assert_eq!(
            theirs["data"]["vacancyApplications"]["nodes"][0]["history"],
            json!([{ "status": "SUBMITTED", "actedBy": null }]),
            "{db:?}: {theirs}"
        );

        // Yusuf now chooses: the centre may only see.
        let grant = "mutation($c: ID!, $s: [DelegationScope!]) { grantDelegation(input: { organisationId: $c, scopes: $s }) { delegation { scopes } userErrors { code } } }";
        let narrowed = call(&app, grant, json!({ "c": centre, "s": [] }), &yusuf).await;
        assert_eq!(
            narrowed["data"]["grantDelegation"]["delegation"]["scopes"],
            json!(["VIEW"]),
            "{db:?}: {narrowed}"
        );
        let withdraw = format!(
            "mutation($a: ID!, $p: ID, $c: ID) {{ withdrawApplication(input: {{ applicationId: $a, profileId: $p, organisationId: $c }}) {{ application {{ status history {{ status {ACTED_BY} }} }} userErrors {{ code }} }} }}"
        );
        let refused = [
            call(&app, &withdraw, with(json!({ "a": application })), &caseworker).await,
            call(&app, &apply, with(json!({ "v": vacancy })), &caseworker).await,
            call(&app, &enrol, with(json!({ "k": cohort })), &caseworker).await,
            call(&app, consent, with(json!({ "u": "ANALYTICS", "h": "PHONE" })), &caseworker).await,
            call(&app, answer, with(json!({ "r": request })), &caseworker).await,
            call(&app, "mutation($p: ID!, $c: ID!) { updateClientProfile(input: { profileId: $p, organisationId: $c, changes: { mobilityRadiusKm: 5 } }) { userErrors { code } } }", on.clone(), &caseworker).await,
        ];
        for body in &refused {
            assert_eq!(code(body), "FORBIDDEN", "{db:?}: {body}");
        }
        // Seeing is still allowed.
        let sees = call(&app, "query($p: ID!, $c: ID!) { matchVacancies(profileId: $p, organisationId: $c, first: 5) { totalCount } }", on.clone(), &caseworker).await;
        assert!(sees.get("errors").is_none(), "{db:?}: {sees}");

        // With APPLY the caseworker withdraws for him; the history says so.
        let widened = call(&app, grant, json!({ "c": centre, "s": ["APPLY"] }), &yusuf).await;
        assert_eq!(
            widened["data"]["grantDelegation"]["delegation"]["scopes"],
            json!(["VIEW", "APPLY"])
        );
        let withdrawn = call(
            &app,
            &withdraw,
            with(json!({ "a": application })),
            &caseworker,
        )
        .await;
        let history = &withdrawn["data"]["withdrawApplication"]["application"]["history"];
        assert_eq!(history[1]["status"], "WITHDRAWN", "{db:?}: {withdrawn}");
        assert_eq!(history[1]["actedBy"]["caseworkerName"], "Tester");
        // An application of someone else is not theirs to withdraw.
        let other = call(
            &app,
            &withdraw,
            json!({ "a": application, "p": null, "c": null }),
            &employer,
        )
        .await;
        assert_eq!(code(&other), "FORBIDDEN", "{other}");

        // Revoked: nothing more.
        call(&app, "mutation($c: ID!) { revokeDelegation(input: { organisationId: $c }) { userErrors { code } } }", json!({ "c": centre }), &yusuf).await;
        let after = call(&app, &apply, with(json!({ "v": vacancy })), &caseworker).await;
        assert_eq!(code(&after), "FORBIDDEN", "{db:?}: {after}");
        // An organisation without a profile names nothing.
        let half = call(
            &app,
            &apply,
            json!({ "v": vacancy, "p": null, "c": centre }),
            &caseworker,
        )
        .await;
        assert_eq!(code(&half), "BAD_USER_INPUT", "{half}");
        app.stop().await;
    }
}

#[tokio::test]
async fn a_plan_shared_by_a_caseworker_and_a_client_completes_its_linked_steps() {
    for db in databases() {
        let app = spawn_app_with(db, |_| {}).await;
        let (caseworker, centre) =
            organisation(&app, "CASEWORKER", "SUPPORT_ORGANISATION", "Welcome Centre").await;
        let (employer, shop) = organisation(&app, "EMPLOYER", "EMPLOYER", "Shop").await;
        let (trainer, provider) =
            organisation(&app, "TRAINER", "TRAINING_PROVIDER", "Language School").await;
        let draft = call(&app, "mutation($o: ID!) { createVacancy(input: { organisationId: $o, title: \"Cook\", contractType: PERMANENT, location: { countryCode: \"AT\" } }) { vacancy { id } } }", json!({ "o": shop }), &employer).await;
        let draft = id_at(&draft, "createVacancy/vacancy/id");
        let course = call(&app, "mutation($p: ID!) { createCourse(input: { organisationId: $p, title: \"German A2\", mode: ONLINE, languages: [\"de\"] }) { course { id } } }", json!({ "p": provider }), &trainer).await;
        let course = id_at(&course, "createCourse/course/id");
        let cohort = call(&app, "mutation($c: ID!) { addCohort(input: { courseId: $c, startsOn: \"2027-03-01\", seats: 5 }) { cohort { id } } }", json!({ "c": course }), &trainer).await;
        let cohort = id_at(&cohort, "addCohort/cohort/id");
        let amal = account(&app, "amal@example.org", "MIGRANT").await;
        call(
            &app,
            "mutation { updateMyProfile(input: { mobilityRadiusKm: 10 }) { userErrors { code } } }",
            json!({}),
            &amal,
        )
        .await;
        let me = call(&app, "{ myProfile { id } }", json!({}), &amal).await;
        let profile = id_at(&me, "myProfile/id");
        call(&app, "mutation($c: ID!) { grantDelegation(input: { organisationId: $c }) { userErrors { code } } }", json!({ "c": centre }), &amal).await;

        let goal = "mutation($i: AddActionPlanGoalInput!) { addActionPlanGoal(input: $i) { goal { id kind language { language { code } level } } userErrors { field code } } }";
        let added = call(&app, goal, json!({ "i": { "organisationId": centre, "profileId": profile, "kind": "LANGUAGE_LEVEL", "language": { "language": "de", "level": "B1" } } }), &caseworker).await;
        assert_eq!(
            added["data"]["addActionPlanGoal"]["goal"]["language"],
            json!({ "language": { "code": "de" }, "level": "B1" }),
            "{db:?}: {added}"
        );
        let goal_id = id_at(&added, "addActionPlanGoal/goal/id");
        let missing = call(&app, goal, json!({ "i": { "organisationId": centre, "profileId": profile, "kind": "OCCUPATION" } }), &caseworker).await;
        assert_eq!(
            missing["data"]["addActionPlanGoal"]["userErrors"],
            json!([{ "field": "occupationUri", "code": "REQUIRED" }])
        );

        let step = "mutation($i: AddActionPlanStepInput!) { addActionPlanStep(input: $i) { step { id status note cohort { id } } userErrors { field code } } }";
        let enrol_step = call(&app, step, json!({ "i": { "organisationId": centre, "profileId": profile, "kind": "ENROL", "title": "German A2 in March", "goalId": goal_id, "cohortId": cohort, "dueOn": "2027-02-15", "note": "Ask about childcare" } }), &caseworker).await;
        let enrol_step_id = id_at(&enrol_step, "addActionPlanStep/step/id");
        // A vacancy the caseworker may not see (another employer's draft) cannot be linked.
        let hidden = call(&app, step, json!({ "i": { "organisationId": centre, "profileId": profile, "kind": "APPLY", "title": "Apply", "vacancyId": draft } }), &caseworker).await;
        assert_eq!(
            hidden["data"]["addActionPlanStep"]["userErrors"],
            json!([{ "field": "vacancyId", "code": "NOT_FOUND" }]),
            "{db:?}: {hidden}"
        );
        // The person adds one to their own plan with the centre.
        let own = call(&app, step, json!({ "i": { "organisationId": centre, "kind": "DOCUMENTS", "title": "Birth certificate, translated" } }), &amal).await;
        assert_eq!(
            own["data"]["addActionPlanStep"]["userErrors"],
            json!([]),
            "{own}"
        );
        let stranger = account(&app, "stranger@example.org", "CASEWORKER").await;
        let refused = call(&app, step, json!({ "i": { "organisationId": centre, "profileId": profile, "kind": "OTHER", "title": "x" } }), &stranger).await;
        assert_eq!(code(&refused), "FORBIDDEN");

        // Amal enrols herself: the step is done.
        call(
            &app,
            "mutation($k: ID!) { enrol(input: { cohortId: $k }) { userErrors { code } } }",
            json!({ "k": cohort }),
            &amal,
        )
        .await;
        let plan = "query($c: ID!, $p: ID) { actionPlan(organisationId: $c, profileId: $p) { goals { kind } steps { id title status note completedAt } } }";
        let hers = call(&app, plan, json!({ "c": centre }), &amal).await;
        let steps = &hers["data"]["actionPlan"]["steps"];
        assert_eq!(steps[0]["id"], enrol_step_id.as_str(), "{db:?}: {hers}");
        assert_eq!(steps[0]["status"], "DONE");
        assert_eq!(steps[0]["note"], "Ask about childcare");
        assert!(steps[0]["completedAt"].is_string());
        let theirs = call(
            &app,
            plan,
            json!({ "c": centre, "p": profile }),
            &caseworker,
        )
        .await;
        assert_eq!(theirs["data"]["actionPlan"], hers["data"]["actionPlan"]);

        // Changing a step; another plan's step is not found here.
        let update = "mutation($i: UpdateActionPlanStepInput!) { updateActionPlanStep(input: $i) { step { status dueOn note } userErrors { field code } } }";
        let documents = id_at(&own, "addActionPlanStep/step/id");
        let updated = call(&app, update, json!({ "i": { "organisationId": centre, "profileId": profile, "stepId": documents, "status": "DONE", "dueOn": "2027-01-10", "note": "Done at the consulate" } }), &caseworker).await;
        assert_eq!(
            updated["data"]["updateActionPlanStep"]["step"],
            json!({ "status": "DONE", "dueOn": "2027-01-10", "note": "Done at the consulate" }),
            "{db:?}: {updated}"
        );
        let elsewhere = call(
            &app,
            update,
            json!({ "i": { "organisationId": centre, "stepId": documents, "title": "  " } }),
            &amal,
        )
        .await;
        assert_eq!(
            elsewhere["data"]["updateActionPlanStep"]["userErrors"],
            json!([{ "field": "title", "code": "REQUIRED" }])
        );
        let node = call(
            &app,
            "query($id: ID!) { node(id: $id) { ... on ActionPlanStep { title } } }",
            json!({ "id": documents }),
            &stranger,
        )
        .await;
        assert_eq!(node["data"]["node"], Value::Null);

        let export = call(&app, "{ exportMyData }", json!({}), &amal).await;
        assert_eq!(
            export["data"]["exportMyData"]["profile"]["actionPlans"][0]["steps"]
                .as_array()
                .map(Vec::len),
            Some(2),
            "{export}"
        );
        app.stop().await;
    }
}
