//! Subscriptions over graphql-ws at `/graphql/ws`, with a real websocket client speaking
//! `graphql-transport-ws`: authentication in `connection_init`, application and enrolment
//! updates for the people they concern, and (on PostgreSQL) the writes of another server
//! process sharing the database, even one killed right after them.

mod common;

use std::time::Duration;

use common::{TestApp, databases, spawn_app_with};
use futures::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

type Socket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// How long a test waits for a message before it fails (a deadline, not a sleep).
const WAIT: Duration = Duration::from_secs(15);

async fn call(app: &TestApp, query: &str, variables: Value, token: &str) -> Value {
    app.call(query, variables, Some(token)).await
}

/// Opens a graphql-transport-ws connection, initialised with `payload`.
async fn connect(address: &str, payload: Value) -> Socket {
    let mut request = format!("ws://{address}/graphql/ws")
        .into_client_request()
        .unwrap();
    request.headers_mut().insert(
        "Sec-WebSocket-Protocol",
        "graphql-transport-ws".parse().unwrap(),
    );
    let (mut socket, _) = tokio_tungstenite::connect_async(request).await.unwrap();
    send(
        &mut socket,
        json!({ "type": "connection_init", "payload": payload }),
    )
    .await;
    socket
}

async fn send(socket: &mut Socket, message: Value) {
    socket
        .send(Message::Text(message.to_string().into()))
        .await
        .unwrap();
}

/// The next protocol message, pings answered; `None` when the server closed.
async fn next(socket: &mut Socket) -> Option<Value> {
    loop {
        let message = tokio::time::timeout(WAIT, socket.next())
            .await
            .expect("a message within the deadline")?;
        match message.ok()? {
            Message::Text(text) => {
                let value: Value = serde_json::from_str(&text).unwrap();
                if value["type"] == "ping" {
                    send(socket, json!({ "type": "pong" })).await;
                    continue;
                }
                return Some(value);
            }
            Message::Close(frame) => {
                return Some(json!({
                    "type": "closed",
                    "code": frame.as_ref().map(|f| u16::from(f.code)),
                    "reason": frame.map(|f| f.reason.to_string()),
                }));
            }
            _ => continue,
        }
    }
}

async fn subscribe(socket: &mut Socket, id: &str, query: &str) {
    send(
        socket,
        json!({ "id": id, "type": "subscribe", "payload": { "query": query } }),
    )
    .await;
}

/// An employer with an OPEN vacancy, and a migrant who applied to it.
struct Scene {
    employer: String,
    organisation: Value,
    migrant: String,
    application: String,
}

async fn scene(app: &TestApp) -> Scene {
    let employer = app.register("hr@example.org", "EMPLOYER", "HR").await;
    let org = call(app, "mutation { createOrganisation(input: { kind: EMPLOYER, name: \"Hotel\" }) { organisation { id } } }", json!({}), &employer).await;
    let org = org["data"]["createOrganisation"]["organisation"]["id"].clone();
    let vacancy = call(app, "mutation($o: ID!) { createVacancy(input: { organisationId: $o, title: \"Cook\", contractType: PERMANENT, location: { countryCode: \"DE\" } }) { vacancy { id } } }", json!({ "o": org }), &employer).await;
    let vacancy = vacancy["data"]["createVacancy"]["vacancy"]["id"].clone();
    call(
        app,
        "mutation($v: ID!) { publishVacancy(input: { vacancyId: $v }) { userErrors { code } } }",
        json!({ "v": vacancy }),
        &employer,
    )
    .await;
    let migrant = app.register("amina@example.org", "MIGRANT", "Amina").await;
    call(
        app,
        "mutation { updateMyProfile(input: { mobilityRadiusKm: 20 }) { userErrors { code } } }",
        json!({}),
        &migrant,
    )
    .await;
    let applied = call(
        app,
        "mutation($v: ID!) { applyToVacancy(input: { vacancyId: $v }) { application { id } } }",
        json!({ "v": vacancy }),
        &migrant,
    )
    .await;
    let application = applied["data"]["applyToVacancy"]["application"]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("{applied}"))
        .to_owned();
    Scene {
        employer,
        organisation: org,
        migrant,
        application,
    }
}

const UPDATES: &str =
    "subscription { applicationUpdates(includeCurrent: true) { id status vacancy { status } } }";
const MOVE: &str = "mutation($a: ID!, $s: ApplicationStatus!) { moveApplication(input: { applicationId: $a, status: $s }) { userErrors { code } } }";

/// The first data for subscription `id` that `wanted` picks: delivery is at least once and
/// each update is loaded as it then is, so an update recorded before the subscription may
/// settle late (on PostgreSQL) and arrive first. Fails when nothing comes within the
/// deadline.
async fn next_data_where(socket: &mut Socket, id: &str, wanted: impl Fn(&Value) -> bool) -> Value {
    loop {
        let data = next_data(socket, id).await;
        if wanted(&data) {
            return data;
        }
    }
}

/// The next `next` payload's data for subscription `id`.
async fn next_data(socket: &mut Socket, id: &str) -> Value {
    let message = next(socket).await.expect("the connection stays open");
    assert_eq!(message["type"], "next", "{message}");
    assert_eq!(message["id"], id);
    assert!(message["payload"].get("errors").is_none(), "{message}");
    message["payload"]["data"].clone()
}

#[tokio::test]
async fn the_applicant_hears_of_every_move() {
    for db in databases() {
        let app = spawn_app_with(db, |_| {}).await;
        let scene = scene(&app).await;
        let address = app.address.to_string();

        let mut socket = connect(
            &address,
            json!({ "Authorization": format!("Bearer {}", scene.migrant) }),
        )
        .await;
        assert_eq!(next(&mut socket).await.unwrap()["type"], "connection_ack");
        subscribe(&mut socket, "1", UPDATES).await;
        // The current state first: from here on the subscription is live.
        let current = next_data(&mut socket, "1").await;
        assert_eq!(
            current["applicationUpdates"]["status"], "SUBMITTED",
            "{db:?}"
        );
        assert_eq!(
            current["applicationUpdates"]["id"],
            scene.application.as_str()
        );

        for status in ["REVIEWED", "INTERVIEW"] {
            call(
                &app,
                MOVE,
                json!({ "a": scene.application, "s": status }),
                &scene.employer,
            )
            .await;
            // What matters is that this move arrives ([`next_data_where`]).
            next_data_where(&mut socket, "1", |d| {
                d["applicationUpdates"]["status"] == status
            })
            .await;
        }
        app.stop().await;
    }
}

#[tokio::test]
async fn connections_are_authenticated_and_updates_go_only_to_those_concerned() {
    for db in databases() {
        let app = spawn_app_with(db, |_| {}).await;
        let scene = scene(&app).await;
        let address = app.address.to_string();

        // A bad token closes the connection, saying why.
        let mut forged = connect(&address, json!({ "Authorization": "Bearer not-a-token" })).await;
        let closed = next(&mut forged).await.unwrap();
        assert_eq!(closed["type"], "closed", "{db:?}: {closed}");
        assert!(
            closed["reason"]
                .as_str()
                .is_some_and(|r| r.contains("access token")),
            "{closed}"
        );

        // Without a token the connection opens, but subscribing needs an account.
        let mut anonymous = connect(&address, json!({})).await;
        assert_eq!(
            next(&mut anonymous).await.unwrap()["type"],
            "connection_ack"
        );
        subscribe(&mut anonymous, "1", UPDATES).await;
        let refused = next(&mut anonymous).await.unwrap();
        let errors = match refused["type"].as_str() {
            Some("error") => refused["payload"].clone(),
            _ => refused["payload"]["errors"].clone(),
        };
        assert_eq!(
            errors[0]["extensions"]["code"], "UNAUTHENTICATED",
            "{db:?}: {refused}"
        );

        // Someone else's subscription stays silent while the applicant's hears the move.
        let bystander = app
            .register("bystander@example.org", "MIGRANT", "Jonas")
            .await;
        call(
            &app,
            "mutation { updateMyProfile(input: { mobilityRadiusKm: 20 }) { userErrors { code } } }",
            json!({}),
            &bystander,
        )
        .await;
        let mut other = connect(&address, json!({ "token": bystander })).await;
        assert_eq!(next(&mut other).await.unwrap()["type"], "connection_ack");
        subscribe(
            &mut other,
            "b",
            "subscription { applicationUpdates { id status } }",
        )
        .await;
        let mut mine = connect(&address, json!({ "token": scene.migrant })).await;
        assert_eq!(next(&mut mine).await.unwrap()["type"], "connection_ack");
        subscribe(&mut mine, "m", UPDATES).await;
        next_data(&mut mine, "m").await;
        // The bystander, subscribed before the move, hears nothing of it: after the
        // applicant heard of it, the bystander's next message is the answer to a ping.
        call(
            &app,
            MOVE,
            json!({ "a": scene.application, "s": "REJECTED" }),
            &scene.employer,
        )
        .await;
        let heard = next_data_where(&mut mine, "m", |d| {
            d["applicationUpdates"]["status"] == "REJECTED"
        })
        .await;
        assert_eq!(heard["applicationUpdates"]["status"], "REJECTED", "{db:?}");
        send(&mut other, json!({ "type": "ping" })).await;
        let answer = next(&mut other).await.unwrap();
        assert_eq!(
            answer["type"], "pong",
            "{db:?}: the bystander hears nothing else: {answer}"
        );

        // The learner hears of their enrolment.
        let trainer = app
            .register("school@example.org", "TRAINER", "School")
            .await;
        let provider = call(&app, "mutation { createOrganisation(input: { kind: TRAINING_PROVIDER, name: \"School\" }) { organisation { id } } }", json!({}), &trainer).await;
        let provider = provider["data"]["createOrganisation"]["organisation"]["id"].clone();
        let course = call(&app, "mutation($p: ID!) { createCourse(input: { organisationId: $p, title: \"German A2\", mode: ONLINE, languages: [\"de\"] }) { course { id } } }", json!({ "p": provider }), &trainer).await;
        let course = course["data"]["createCourse"]["course"]["id"].clone();
        let cohort = call(&app, "mutation($c: ID!) { addCohort(input: { courseId: $c, startsOn: \"2027-03-01\", seats: 1 }) { cohort { id } } }", json!({ "c": course }), &trainer).await;
        let cohort = cohort["data"]["addCohort"]["cohort"]["id"].clone();
        let mut learner = connect(&address, json!({ "token": scene.migrant })).await;
        assert_eq!(next(&mut learner).await.unwrap()["type"], "connection_ack");
        subscribe(
            &mut learner,
            "e",
            "subscription { enrolmentUpdates(includeCurrent: true) { status course { title } } }",
        )
        .await;
        call(
            &app,
            "mutation($c: ID!) { enrol(input: { cohortId: $c }) { userErrors { code } } }",
            json!({ "c": cohort }),
            &scene.migrant,
        )
        .await;
        // Either the current state (if the enrolment landed first) or the update.
        let enrolled = next_data(&mut learner, "e").await;
        assert_eq!(
            enrolled["enrolmentUpdates"]["status"], "CONFIRMED",
            "{db:?}: {enrolled}"
        );
        assert_eq!(enrolled["enrolmentUpdates"]["course"]["title"], "German A2");
        app.stop().await;
    }
}

#[tokio::test]
async fn an_event_from_another_server_process_arrives_through_postgresql() {
    if std::env::var("TEST_DATABASE_URL").is_err() {
        eprintln!("skipped: TEST_DATABASE_URL is not set, so there is no shared PostgreSQL");
        return;
    }
    let app = spawn_app_with(common::Db::Postgres, |_| {}).await;
    let scene = scene(&app).await;
    // The replica shares the data directory, and with it the token signing key.
    let (mut replica, replica_address) = common::serve_binary(
        app.data_dir.path(),
        &[
            "--database-url".as_ref(),
            app.config.database.url.as_ref(),
            "--data-dir".as_ref(),
            app.data_dir.path().as_os_str(),
        ],
    );

    let mut socket = connect(&app.address.to_string(), json!({ "token": scene.migrant })).await;
    assert_eq!(next(&mut socket).await.unwrap()["type"], "connection_ack");
    subscribe(&mut socket, "1", UPDATES).await;
    next_data(&mut socket, "1").await;

    // The employer works on the other replica.
    let body: Value = app
        .client
        .post(format!("http://{replica_address}/graphql"))
        .header("content-type", "application/json")
        .header("authorization", format!("Bearer {}", scene.employer))
        .body(
            json!({ "query": MOVE, "variables": { "a": scene.application, "s": "REVIEWED" } })
                .to_string(),
        )
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        body["data"]["moveApplication"]["userErrors"],
        json!([]),
        "{body}"
    );
    let update = next_data(&mut socket, "1").await;
    assert_eq!(update["applicationUpdates"]["status"], "REVIEWED");

    replica.kill().ok();
    replica.wait().ok();
    app.stop().await;
}

const WRITE_HUNGARIAN: &str =
    "http://data.europa.eu/esco/skill/01f10952-cb59-4347-9aee-d4fbc51c870a";

/// The next message within `limit`, if any.
async fn message_within(socket: &mut Socket, limit: Duration) -> Option<Value> {
    tokio::time::timeout(limit, next(socket))
        .await
        .ok()
        .flatten()
}

async fn publish_vacancy(
    app: &TestApp,
    employer: &str,
    org: &Value,
    title: &str,
    place: (&str, f64, f64),
) {
    let input = json!({
        "organisationId": org, "title": title, "contractType": "PERMANENT",
        "location": { "placeName": place.0, "countryCode": "DE", "latitude": place.1, "longitude": place.2 },
        "skills": [{ "skillUri": WRITE_HUNGARIAN, "importance": "ESSENTIAL", "minProficiency": "INTERMEDIATE" }],
        "languages": [{ "language": "de", "minLevel": "B1" }]
    });
    let created = call(app, "mutation($i: CreateVacancyInput!) { createVacancy(input: $i) { vacancy { id } userErrors { code } } }", json!({ "i": input }), employer).await;
    let id = created["data"]["createVacancy"]["vacancy"]["id"].clone();
    let published = call(
        app,
        "mutation($v: ID!) { publishVacancy(input: { vacancyId: $v }) { userErrors { code } } }",
        json!({ "v": id }),
        employer,
    )
    .await;
    assert_eq!(
        published["data"]["publishVacancy"]["userErrors"],
        json!([]),
        "{created}"
    );
}

#[tokio::test]
async fn new_matches_tell_a_person_of_vacancies_that_fit() {
    for db in databases() {
        let app = spawn_app_with(db, |_| {}).await;
        let address = app.address.to_string();
        let employer = app.register("hr@example.org", "EMPLOYER", "HR").await;
        let org = call(&app, "mutation { createOrganisation(input: { kind: EMPLOYER, name: \"Translations\" }) { organisation { id } } }", json!({}), &employer).await;
        let org = org["data"]["createOrganisation"]["organisation"]["id"].clone();
        let person = app.register("amina@example.org", "MIGRANT", "Amina").await;
        call(&app, "mutation { updateMyProfile(input: { rightToWork: YES, mobilityRadiusKm: 50,
            location: { placeName: \"Berlin\", countryCode: \"DE\", latitude: 52.52, longitude: 13.405 } }) { userErrors { code } } }", json!({}), &person).await;
        call(&app, "mutation($s: String!) { addProfileSkill(input: { skillUri: $s, proficiency: ADVANCED }) { userErrors { code } } }", json!({ "s": WRITE_HUNGARIAN }), &person).await;
        call(&app, "mutation { setProfileLanguage(input: { language: \"de\", level: \"B1\" }) { userErrors { code } } }", json!({}), &person).await;
        let query = "subscription { newMatches(minScore: 0.3) { score vacancy { title }
            explanation { requirements { status skill { uri } } languages { required held } distanceKm factors { name contribution } } } }";

        // Matching needs the person's consent.
        let mut early = connect(&address, json!({ "token": person })).await;
        assert_eq!(next(&mut early).await.unwrap()["type"], "connection_ack");
        subscribe(&mut early, "1", query).await;
        let refused = next(&mut early).await.unwrap();
        let errors = match refused["type"].as_str() {
            Some("error") => refused["payload"].clone(),
            _ => refused["payload"]["errors"].clone(),
        };
        assert_eq!(
            errors[0]["extensions"]["code"], "FORBIDDEN",
            "{db:?}: {refused}"
        );
        call(&app, "mutation { setConsent(input: { purpose: MATCHING, granted: true }) { consents { granted } } }", json!({}), &person).await;

        let mut socket = connect(&address, json!({ "token": person })).await;
        assert_eq!(next(&mut socket).await.unwrap()["type"], "connection_ack");
        subscribe(&mut socket, "m", query).await;
        // The protocol does not say when a subscription is live: publish (a far vacancy,
        // then a near one) until a match arrives, within a deadline.
        let deadline = std::time::Instant::now() + WAIT;
        let matched = loop {
            assert!(
                std::time::Instant::now() < deadline,
                "{db:?}: no match arrived"
            );
            publish_vacancy(
                &app,
                &employer,
                &org,
                "Far away",
                ("München", 48.1374, 11.5755),
            )
            .await;
            publish_vacancy(&app, &employer, &org, "Near", ("Potsdam", 52.3906, 13.0645)).await;
            if let Some(message) = message_within(&mut socket, Duration::from_secs(2)).await {
                break message;
            }
        };
        assert_eq!(matched["type"], "next", "{db:?}: {matched}");
        let found = &matched["payload"]["data"]["newMatches"];
        assert_eq!(
            found["vacancy"]["title"], "Near",
            "{db:?}: the far one is beyond the radius: {found}"
        );
        assert!(found["score"].as_f64().unwrap() >= 0.3);
        assert_eq!(found["explanation"]["requirements"][0]["status"], "MET");
        assert_eq!(found["explanation"]["languages"][0]["held"], "B1");
        assert!(found["explanation"]["distanceKm"].as_f64().unwrap() < 50.0);
        let sum: f64 = found["explanation"]["factors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["contribution"].as_f64().unwrap())
            .sum();
        assert!(
            (sum - found["score"].as_f64().unwrap()).abs() < 1e-9,
            "the factors add up to the score"
        );
        app.stop().await;
    }
}

/// Waits until `check` holds for what `read` answers, within the deadline; `read` asks a
/// server process that follows another's writes (no event tells the test when it has).
async fn eventually<F, Fut>(what: &str, mut read: F, check: impl Fn(&Value) -> bool) -> Value
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Value>,
{
    let deadline = std::time::Instant::now() + WAIT;
    loop {
        let body = read().await;
        if check(&body) {
            return body;
        }
        assert!(std::time::Instant::now() < deadline, "{what}: {body}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

const MATCHED_TITLES: &str =
    "{ matchVacancies(first: 20) { edges { node { vacancy { title } } } } }";

fn titles(body: &Value) -> Vec<String> {
    body["data"]["matchVacancies"]["edges"]
        .as_array()
        .map(|edges| {
            edges
                .iter()
                .filter_map(|e| e["node"]["vacancy"]["title"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

/// Creates a DRAFT vacancy near Berlin asking for the Hungarian writing skill.
async fn draft(app: &TestApp, scene: &Scene, title: &str) -> Value {
    let input = json!({
        "organisationId": scene.organisation, "title": title, "contractType": "PERMANENT",
        "location": { "placeName": "Berlin", "countryCode": "DE", "latitude": 52.52, "longitude": 13.405 },
        "skills": [{ "skillUri": WRITE_HUNGARIAN, "importance": "ESSENTIAL" }]
    });
    let created = call(app, "mutation($i: CreateVacancyInput!) { createVacancy(input: $i) { vacancy { id } userErrors { code } } }", json!({ "i": input }), &scene.employer).await;
    let id = created["data"]["createVacancy"]["vacancy"]["id"].clone();
    assert!(id.is_string(), "{created}");
    id
}

const PUBLISH: &str =
    "mutation($v: ID!) { publishVacancy(input: { vacancyId: $v }) { userErrors { code } } }";

/// Process A writes through its own API and is killed with SIGKILL the moment its last write
/// answers; the test's server B shares the database. B's match index, search and
/// subscriptions show every change all the same: each write recorded it in the change
/// stream in its own transaction, and B follows the stream, not A's notifications. Then B's
/// twin C, down during a write, shows it once it starts.
#[tokio::test]
async fn a_replica_shows_the_writes_of_a_process_killed_right_after_them() {
    if std::env::var("TEST_DATABASE_URL").is_err() {
        eprintln!("skipped: TEST_DATABASE_URL is not set, so there is no shared PostgreSQL");
        return;
    }
    let app = spawn_app_with(common::Db::Postgres, |_| {}).await;
    let scene = scene(&app).await;
    // The migrant fits the translator's post, and is not to be found by employers yet.
    let saved = call(&app, "mutation { updateMyProfile(input: { rightToWork: YES, mobilityRadiusKm: 50, visibility: PRIVATE,
        location: { placeName: \"Berlin\", countryCode: \"DE\", latitude: 52.52, longitude: 13.405 } }) { userErrors { code } } }", json!({}), &scene.migrant).await;
    assert_eq!(
        saved["data"]["updateMyProfile"]["userErrors"],
        json!([]),
        "{saved}"
    );
    call(&app, "mutation($s: String!) { addProfileSkill(input: { skillUri: $s, proficiency: ADVANCED }) { userErrors { code } } }", json!({ "s": WRITE_HUNGARIAN }), &scene.migrant).await;
    for purpose in ["MATCHING", "SHARING_WITH_EMPLOYERS"] {
        call(&app, "mutation($p: ConsentPurpose!) { setConsent(input: { purpose: $p, granted: true }) { consents { granted } } }", json!({ "p": purpose }), &scene.migrant).await;
    }
    let translator = draft(&app, &scene, "Translator").await;
    let before = call(&app, MATCHED_TITLES, json!({}), &scene.migrant).await;
    assert!(
        !titles(&before).contains(&"Translator".to_owned()),
        "{before}"
    );

    let mut socket = connect(&app.address.to_string(), json!({ "token": scene.migrant })).await;
    assert_eq!(next(&mut socket).await.unwrap()["type"], "connection_ack");
    subscribe(&mut socket, "1", UPDATES).await;
    assert_eq!(
        next_data(&mut socket, "1").await["applicationUpdates"]["status"],
        "SUBMITTED"
    );

    // Process A shares the data directory, and with it the token signing key.
    let (mut writer, writer_address) = common::serve_binary(
        app.data_dir.path(),
        &[
            "--database-url".as_ref(),
            app.config.database.url.as_ref(),
            "--data-dir".as_ref(),
            app.data_dir.path().as_os_str(),
        ],
    );
    let published = app
        .call_on(
            &writer_address,
            PUBLISH,
            json!({ "v": translator }),
            Some(&scene.employer),
        )
        .await;
    assert_eq!(
        published["data"]["publishVacancy"]["userErrors"],
        json!([]),
        "{published}"
    );
    let moved = app
        .call_on(
            &writer_address,
            MOVE,
            json!({ "a": scene.application, "s": "REVIEWED" }),
            Some(&scene.employer),
        )
        .await;
    assert_eq!(
        moved["data"]["moveApplication"]["userErrors"],
        json!([]),
        "{moved}"
    );
    let shown = app.call_on(&writer_address,
        "mutation { updateMyProfile(input: { visibility: ANONYMISED }) { userErrors { code } } }",
        json!({}),
        Some(&scene.migrant),
    )
    .await;
    assert_eq!(
        shown["data"]["updateMyProfile"]["userErrors"],
        json!([]),
        "{shown}"
    );
    writer.kill().unwrap();
    writer.wait().unwrap();

    // B: the subscription, the person's matches, the employer's candidates, search.
    let update = next_data(&mut socket, "1").await;
    assert_eq!(update["applicationUpdates"]["status"], "REVIEWED");
    eventually(
        "the published vacancy among B's matches",
        || call(&app, MATCHED_TITLES, json!({}), &scene.migrant),
        |body| titles(body).contains(&"Translator".to_owned()),
    )
    .await;
    eventually(
        "the person among B's candidates once visible",
        || {
            call(
                &app,
                "query($v: ID!) { matchCandidates(vacancyId: $v) { totalCount } }",
                json!({ "v": translator }),
                &scene.employer,
            )
        },
        |body| body["data"]["matchCandidates"]["totalCount"] == 1,
    )
    .await;
    eventually(
        "the published vacancy in B's search",
        || {
            app.call(
                "{ vacancies(query: \"translator\") { edges { node { id } } } }",
                json!({}),
                None,
            )
        },
        |body| body["data"]["vacancies"]["edges"][0]["node"]["id"] == translator,
    )
    .await;

    // C is down while B publishes, and shows the vacancy once it has started.
    let interpreter = draft(&app, &scene, "Interpreter").await;
    let published = call(&app, PUBLISH, json!({ "v": interpreter }), &scene.employer).await;
    assert_eq!(
        published["data"]["publishVacancy"]["userErrors"],
        json!([]),
        "{published}"
    );
    let (mut late, late_address) = common::serve_binary(
        app.data_dir.path(),
        &[
            "--database-url".as_ref(),
            app.config.database.url.as_ref(),
            "--data-dir".as_ref(),
            app.data_dir.path().as_os_str(),
        ],
    );
    let matched = app
        .call_on(
            &late_address,
            MATCHED_TITLES,
            json!({}),
            Some(&scene.migrant),
        )
        .await;
    let matched = titles(&matched);
    assert!(
        matched.contains(&"Interpreter".to_owned()) && matched.contains(&"Translator".to_owned()),
        "{matched:?}"
    );
    late.kill().unwrap();
    late.wait().unwrap();
    app.stop().await;
}

/// Replicas with embedded search indexes of their own (a data directory each) on one
/// PostgreSQL database: each index follows the change stream from its own position, so a
/// vacancy published through one process is found by every process's search (no shared
/// queue hands a change to one indexer only).
#[tokio::test]
async fn replicas_with_their_own_embedded_index_each_find_every_change() {
    if std::env::var("TEST_DATABASE_URL").is_err() {
        eprintln!("skipped: TEST_DATABASE_URL is not set, so there is no shared PostgreSQL");
        return;
    }
    let app = spawn_app_with(common::Db::Postgres, |_| {}).await;
    let scene = scene(&app).await;
    let elsewhere = tempfile::tempdir().unwrap();
    let (mut replica, replica_address) = common::serve_binary(
        elsewhere.path(),
        &[
            "--database-url".as_ref(),
            app.config.database.url.as_ref(),
            "--data-dir".as_ref(),
            elsewhere.path().as_os_str(),
        ],
    );
    let found = |address: Option<String>| {
        let app = &app;
        async move {
            let query = "{ vacancies(query: \"quokka keeper\") { edges { node { id } } } }";
            match address {
                Some(address) => app.call_on(&address, query, json!({}), None).await,
                None => app.call(query, json!({}), None).await,
            }
        }
    };
    for title in ["Quokka keeper", "Senior quokka keeper"] {
        let vacancy = draft(&app, &scene, title).await;
        let published = call(&app, PUBLISH, json!({ "v": vacancy }), &scene.employer).await;
        assert_eq!(
            published["data"]["publishVacancy"]["userErrors"],
            json!([]),
            "{published}"
        );
        let listed = |body: &Value| {
            body["data"]["vacancies"]["edges"]
                .as_array()
                .is_some_and(|edges| edges.iter().any(|e| e["node"]["id"] == vacancy))
        };
        // The writer's caller finds it at once; the replica once it has followed.
        assert!(listed(&found(None).await));
        eventually(
            "the vacancy in the replica's own index",
            || found(Some(replica_address.clone())),
            listed,
        )
        .await;
    }
    replica.kill().unwrap();
    replica.wait().unwrap();
    app.stop().await;
}

const MENTORING: &str = "subscription { mentoringUpdates(includeCurrent: true) { id status toMe menteeName contact { name email } } }";
const ASK: &str = "mutation($m: ID!) { requestMentoring(input: { mentorId: $m }) { mentoringRequest { id } userErrors { code } } }";

#[tokio::test]
async fn each_side_of_a_mentoring_request_hears_of_it_and_nobody_else() {
    for db in databases() {
        let app = spawn_app_with(db, |_| {}).await;
        let address = app.address.to_string();
        let mentor = app.register("layla@example.org", "MIGRANT", "Layla").await;
        let offer = call(&app, "mutation { offerMentoring(input: { sectors: [TRADE], capacity: 5 }) { mentorOffer { id } } }", json!({}), &mentor).await;
        let offer = offer["data"]["offerMentoring"]["mentorOffer"]["id"]
            .as_str()
            .unwrap_or_else(|| panic!("{offer}"))
            .to_owned();
        let mentor_id = {
            use base64::Engine;
            let engine = base64::engine::general_purpose::URL_SAFE_NO_PAD;
            let raw = String::from_utf8(engine.decode(&offer).unwrap()).unwrap();
            engine.encode(raw.replacen("MentorOffer:", "Mentor:", 1))
        };
        let amina = app.register("amina@example.org", "MIGRANT", "Amina").await;
        let bilal = app.register("bilal@example.org", "MIGRANT", "Bilal").await;
        let bystander = app.register("jonas@example.org", "MIGRANT", "Jonas").await;
        // Bilal's earlier request: the mentor's current state, so we know when her
        // subscription is live.
        call(&app, ASK, json!({ "m": mentor_id }), &bilal).await;

        let mut other = connect(&address, json!({ "token": bystander })).await;
        assert_eq!(next(&mut other).await.unwrap()["type"], "connection_ack");
        subscribe(&mut other, "b", MENTORING).await;
        let mut mentor_socket = connect(&address, json!({ "token": mentor })).await;
        assert_eq!(
            next(&mut mentor_socket).await.unwrap()["type"],
            "connection_ack"
        );
        subscribe(&mut mentor_socket, "t", MENTORING).await;
        let current = next_data(&mut mentor_socket, "t").await;
        assert_eq!(current["mentoringUpdates"]["menteeName"], "Bilal", "{db:?}");

        // The mentor hears of Amina's request, without her contact details.
        let asked = call(&app, ASK, json!({ "m": mentor_id }), &amina).await;
        let request = asked["data"]["requestMentoring"]["mentoringRequest"]["id"].clone();
        let heard = next_data_where(&mut mentor_socket, "t", |d| {
            d["mentoringUpdates"]["id"] == request
        })
        .await;
        assert_eq!(heard["mentoringUpdates"]["id"], request, "{db:?}: {heard}");
        assert_eq!(heard["mentoringUpdates"]["status"], "REQUESTED");
        assert_eq!(heard["mentoringUpdates"]["toMe"], true);
        assert_eq!(heard["mentoringUpdates"]["contact"], Value::Null);

        // Amina hears the answer, with the mentor's contact details.
        let mut amina_socket = connect(&address, json!({ "token": amina })).await;
        assert_eq!(
            next(&mut amina_socket).await.unwrap()["type"],
            "connection_ack"
        );
        subscribe(&mut amina_socket, "a", MENTORING).await;
        let current = next_data(&mut amina_socket, "a").await;
        assert_eq!(current["mentoringUpdates"]["status"], "REQUESTED", "{db:?}");
        call(&app, "mutation($r: ID!) { answerMentoringRequest(input: { requestId: $r, accept: true }) { userErrors { code } } }", json!({ "r": request }), &mentor).await;
        let answer = next_data_where(&mut amina_socket, "a", |d| {
            d["mentoringUpdates"]["status"] != "REQUESTED"
        })
        .await;
        assert_eq!(
            answer["mentoringUpdates"]["status"], "ACCEPTED",
            "{db:?}: {answer}"
        );
        assert_eq!(answer["mentoringUpdates"]["toMe"], false);
        assert_eq!(
            answer["mentoringUpdates"]["contact"]["email"],
            "layla@example.org"
        );
        let echoed = next_data_where(&mut mentor_socket, "t", |d| {
            d["mentoringUpdates"]["id"] == request && d["mentoringUpdates"]["status"] != "REQUESTED"
        })
        .await;
        assert_eq!(echoed["mentoringUpdates"]["status"], "ACCEPTED", "{db:?}");

        // The bystander heard none of it.
        send(&mut other, json!({ "type": "ping" })).await;
        let pong = next(&mut other).await.unwrap();
        assert_eq!(
            pong["type"], "pong",
            "{db:?}: the bystander hears nothing: {pong}"
        );
        app.stop().await;
    }
}

#[tokio::test]
async fn people_hear_that_the_provider_cancelled_their_cohort() {
    for db in databases() {
        let app = spawn_app_with(db, |_| {}).await;
        let address = app.address.to_string();
        let trainer = app
            .register("school@example.org", "TRAINER", "School")
            .await;
        let provider = call(&app, "mutation { createOrganisation(input: { kind: TRAINING_PROVIDER, name: \"School\" }) { organisation { id } } }", json!({}), &trainer).await;
        let provider = provider["data"]["createOrganisation"]["organisation"]["id"].clone();
        let course = call(&app, "mutation($p: ID!) { createCourse(input: { organisationId: $p, title: \"German A2\", mode: ONLINE, languages: [\"de\"] }) { course { id } } }", json!({ "p": provider }), &trainer).await;
        let course = course["data"]["createCourse"]["course"]["id"].clone();
        let cohort = call(&app, "mutation($c: ID!) { addCohort(input: { courseId: $c, startsOn: \"2027-03-01\", seats: 1 }) { cohort { id } } }", json!({ "c": course }), &trainer).await;
        let cohort = cohort["data"]["addCohort"]["cohort"]["id"].clone();
        let learner = app.register("amina@example.org", "MIGRANT", "Amina").await;
        call(
            &app,
            "mutation { updateMyProfile(input: { mobilityRadiusKm: 20 }) { userErrors { code } } }",
            json!({}),
            &learner,
        )
        .await;
        call(
            &app,
            "mutation($c: ID!) { enrol(input: { cohortId: $c }) { userErrors { code } } }",
            json!({ "c": cohort }),
            &learner,
        )
        .await;

        let mut socket = connect(&address, json!({ "token": learner })).await;
        assert_eq!(next(&mut socket).await.unwrap()["type"], "connection_ack");
        subscribe(
            &mut socket,
            "e",
            "subscription { enrolmentUpdates(includeCurrent: true) { status cohort { cancelled { reason } } } }",
        )
        .await;
        let current = next_data(&mut socket, "e").await;
        assert_eq!(
            current["enrolmentUpdates"]["status"], "CONFIRMED",
            "{db:?}: {current}"
        );
        call(&app, "mutation($c: ID!) { cancelCohort(input: { cohortId: $c, reason: \"Too few people\" }) { userErrors { code } } }", json!({ "c": cohort }), &trainer).await;
        let heard = next_data_where(&mut socket, "e", |d| {
            d["enrolmentUpdates"]["status"] != "CONFIRMED"
        })
        .await;
        assert_eq!(
            heard["enrolmentUpdates"]["status"], "CANCELLED_BY_PROVIDER",
            "{db:?}: {heard}"
        );
        assert_eq!(
            heard["enrolmentUpdates"]["cohort"]["cancelled"]["reason"],
            "Too few people"
        );
        app.stop().await;
    }
}
