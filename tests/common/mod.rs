//! Test helpers: a real server on port 0 with a database of its own.

#![allow(dead_code)] // each test binary uses its own share of the helpers

use std::net::SocketAddr;

use serde_json::Value;
use skillbridge_server::{Config, Server};
use skillbridge_store_tests::PgTestSchema;
use tempfile::TempDir;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// The password every test account uses (strong enough for the policy).
pub const PASSWORD: &str = "Lavender-Tram-71-Quarry";

/// Which database a test server runs on.
#[derive(Clone, Copy, Debug)]
pub enum Db {
    Sqlite,
    Postgres,
}

/// The databases this run covers: SQLite always, PostgreSQL when `TEST_DATABASE_URL` is set.
pub fn databases() -> Vec<Db> {
    let mut dbs = vec![Db::Sqlite];
    if std::env::var("TEST_DATABASE_URL").is_ok() {
        dbs.push(Db::Postgres);
    } else {
        eprintln!("notice: TEST_DATABASE_URL is not set; skipping the PostgreSQL run");
    }
    dbs
}

/// A database and a search backend for a test server to run on.
#[derive(Clone, Debug)]
pub struct Setup {
    pub db: Db,
    /// `Some(url)`: Meilisearch at `url`, with index names of the test's own.
    pub meilisearch: Option<String>,
}

impl Setup {
    /// Points `config` at this setup's search backend.
    pub fn apply(&self, config: &mut Config) {
        if let Some(url) = &self.meilisearch {
            config.search.backend = skillbridge_server::config::SearchBackend::Meilisearch;
            config.search.url = url.clone();
            config.search.api_key = std::env::var("MEILISEARCH_API_KEY").ok();
            config.search.index_prefix = format!("sbtest_{}", uuid::Uuid::now_v7().simple());
        }
    }
}

/// Every database with the embedded search, and SQLite with Meilisearch when
/// `MEILISEARCH_URL` names a server (a notice says when it does not).
pub fn setups() -> Vec<Setup> {
    let mut setups: Vec<Setup> = databases()
        .into_iter()
        .map(|db| Setup {
            db,
            meilisearch: None,
        })
        .collect();
    match std::env::var("MEILISEARCH_URL") {
        Ok(url) => setups.push(Setup {
            db: Db::Sqlite,
            meilisearch: Some(url),
        }),
        Err(_) => eprintln!("notice: MEILISEARCH_URL is not set; skipping the Meilisearch run"),
    }
    setups
}

/// A server for `setup`.
pub async fn spawn_app_for(setup: &Setup) -> TestApp {
    let setup = setup.clone();
    spawn_app_with(setup.db, move |config| setup.apply(config)).await
}

pub struct TestApp {
    pub address: SocketAddr,
    /// Where `/metrics` is served on its own (`metrics.listen`), when configured.
    pub metrics_address: Option<SocketAddr>,
    /// The configuration the server runs with (CLI functions can share its database).
    pub config: Config,
    pub client: reqwest::Client,
    pub data_dir: TempDir,
    shutdown: Option<oneshot::Sender<()>>,
    handle: Option<JoinHandle<anyhow::Result<()>>>,
    schema: Option<PgTestSchema>,
}

/// A server on the embedded SQLite default.
pub async fn spawn_app() -> TestApp {
    spawn_app_with(Db::Sqlite, |_| {}).await
}

/// A server on `db`, with `adjust` applied to its configuration.
pub async fn spawn_app_with(db: Db, adjust: impl FnOnce(&mut Config)) -> TestApp {
    let data_dir = tempfile::tempdir().expect("temporary data directory");
    let schema = match db {
        Db::Sqlite => None,
        Db::Postgres => Some(
            PgTestSchema::create()
                .await
                .expect("TEST_DATABASE_URL is set"),
        ),
    };
    let mut config = Config {
        data_dir: data_dir.path().to_path_buf(),
        ..Config::default()
    };
    if let Some(schema) = &schema {
        config.database.url = schema.url();
    }
    config.database.max_connections = 4;
    // Fairness reports only when a test asks for one.
    config.statistics.fairness_every_hours = 0;
    adjust(&mut config);
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind port 0");
    let server = Server::start_with_listener(&config, listener)
        .await
        .expect("server starts");
    let address = server.local_addr().unwrap();
    let metrics_address = server.metrics_addr();
    let (tx, rx) = oneshot::channel::<()>();
    let handle = tokio::spawn(server.run(async move {
        let _ = rx.await;
    }));
    TestApp {
        address,
        metrics_address,
        config,
        client: reqwest::Client::new(),
        data_dir,
        shutdown: Some(tx),
        handle: Some(handle),
        schema,
    }
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.address, path)
    }

    /// POSTs a GraphQL request as `application/json` and returns status and body.
    pub async fn graphql(&self, body: Value) -> (u16, Value) {
        self.graphql_in(body, "en").await
    }

    /// As [`TestApp::graphql`], with an `Accept-Language` header.
    pub async fn graphql_in(&self, body: Value, accept_language: &str) -> (u16, Value) {
        let response = self
            .client
            .post(self.url("/graphql"))
            .header("content-type", "application/json")
            .header("accept-language", accept_language)
            .body(body.to_string())
            .send()
            .await
            .expect("request sent");
        let status = response.status().as_u16();
        (status, response.json().await.expect("JSON body"))
    }

    /// POSTs a GraphQL request, with a bearer token when given; returns the raw body text
    /// and its JSON.
    pub async fn call_raw(
        &self,
        query: &str,
        variables: Value,
        token: Option<&str>,
    ) -> (String, Value) {
        self.post_graphql(&self.url("/graphql"), query, variables, token)
            .await
    }

    /// As [`TestApp::call`], to another server process at `address` (a replica sharing the
    /// database).
    pub async fn call_on(
        &self,
        address: &str,
        query: &str,
        variables: Value,
        token: Option<&str>,
    ) -> Value {
        let url = format!("http://{address}/graphql");
        self.post_graphql(&url, query, variables, token).await.1
    }

    async fn post_graphql(
        &self,
        url: &str,
        query: &str,
        variables: Value,
        token: Option<&str>,
    ) -> (String, Value) {
        let mut request = self
            .client
            .post(url)
            .header("content-type", "application/json")
            .body(serde_json::json!({ "query": query, "variables": variables }).to_string());
        if let Some(token) = token {
            request = request.header("authorization", format!("Bearer {token}"));
        }
        let text = request
            .send()
            .await
            .expect("request sent")
            .text()
            .await
            .expect("body");
        let json = serde_json::from_str(&text).expect("JSON body");
        (text, json)
    }

    /// POSTs a GraphQL request, with a bearer token when given; returns the JSON body.
    pub async fn call(&self, query: &str, variables: Value, token: Option<&str>) -> Value {
        self.call_raw(query, variables, token).await.1
    }

    /// Registers an account and returns its access token.
    pub async fn register(&self, email: &str, role: &str, display_name: &str) -> String {
        let body = self
            .call(
                "mutation($input: RegisterInput!) { register(input: $input) { accessToken userErrors { code } } }",
                serde_json::json!({ "input": { "email": email, "password": PASSWORD, "role": role, "displayName": display_name } }),
                None,
            )
            .await;
        body["data"]["register"]["accessToken"]
            .as_str()
            .unwrap_or_else(|| panic!("registration of {email} failed: {body}"))
            .to_owned()
    }

    /// An administrator's access token: an account registered as a caseworker, granted
    /// the role through the CLI, then signed in again (the role is in the token).
    #[allow(dead_code)]
    pub async fn admin(&self, email: &str) -> String {
        self.register(email, "CASEWORKER", "Admin").await;
        skillbridge_server::grant_admin(self.config.clone(), email)
            .await
            .expect("the role is granted");
        let body = self
            .call(
                "mutation($i: LoginInput!) { login(input: $i) { accessToken } }",
                serde_json::json!({ "i": { "email": email, "password": PASSWORD } }),
                None,
            )
            .await;
        body["data"]["login"]["accessToken"]
            .as_str()
            .unwrap_or_else(|| panic!("{email} signs in: {body}"))
            .to_owned()
    }

    /// Creates a vacancy from `input` as `employer` and publishes it: its id.
    #[allow(dead_code)]
    pub async fn open_vacancy(&self, employer: &str, input: Value) -> Value {
        let created = self
            .call(
                "mutation($i: CreateVacancyInput!) { createVacancy(input: $i) { vacancy { id } userErrors { field code } } }",
                serde_json::json!({ "i": input }),
                Some(employer),
            )
            .await;
        let id = created["data"]["createVacancy"]["vacancy"]["id"].clone();
        assert!(id.is_string(), "{created}");
        let published = self
            .call(
                "mutation($v: ID!) { publishVacancy(input: { vacancyId: $v }) { userErrors { code } } }",
                serde_json::json!({ "v": id }),
                Some(employer),
            )
            .await;
        assert_eq!(
            published["data"]["publishVacancy"]["userErrors"],
            serde_json::json!([]),
            "{published}"
        );
        id
    }

    /// `person` applies to the OPEN `vacancy` and `employer` moves the application through
    /// to HIRED, the job starting on `starts_on`.
    #[allow(dead_code)]
    pub async fn hire(&self, employer: &str, vacancy: &Value, person: &str, starts_on: &str) {
        let applied = self
            .call(
                "mutation($v: ID!) { applyToVacancy(input: { vacancyId: $v }) { application { id } userErrors { code } } }",
                serde_json::json!({ "v": vacancy }),
                Some(person),
            )
            .await;
        let application = applied["data"]["applyToVacancy"]["application"]["id"].clone();
        assert!(application.is_string(), "{applied}");
        for status in ["REVIEWED", "INTERVIEW", "OFFER", "HIRED"] {
            let moved = self
                .call(
                    "mutation($a: ID!, $s: ApplicationStatus!, $d: Date) { moveApplication(input: { applicationId: $a, status: $s, startsOn: $d }) { userErrors { code } } }",
                    serde_json::json!({ "a": application, "s": status, "d": starts_on }),
                    Some(employer),
                )
                .await;
            assert_eq!(
                moved["data"]["moveApplication"]["userErrors"],
                serde_json::json!([]),
                "{moved}"
            );
        }
    }

    /// Waits until search has taken in every change written so far (writes made outside a
    /// mutation, such as a CLI import, reach it through the indexer's polling): polls the
    /// outbox lag `/readyz` reports, for at most ten seconds.
    pub async fn search_settled(&self) {
        for _ in 0..500 {
            let ready: Value = self
                .client
                .get(self.url("/readyz"))
                .send()
                .await
                .expect("readyz")
                .json()
                .await
                .expect("readyz JSON");
            if ready["checks"]["search"]["outboxPending"] == 0 {
                return;
            }
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
        panic!("search did not take in the outbox within ten seconds");
    }

    /// Signals shutdown and waits for the server to drain and stop.
    pub async fn stop(mut self) {
        self.stop_server().await;
        if let Some(schema) = self.schema.take() {
            schema.drop().await;
        }
    }

    /// Stops the server but keeps its data, so that another can start on it.
    pub async fn stop_server(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(handle) = self.handle.take() {
            handle
                .await
                .expect("server task")
                .expect("server stopped cleanly");
        }
    }
}

/// Starts the real `skillbridge serve` binary on port 0 in `dir` with `args`, and returns
/// the child and the address it logged. Its stderr keeps being drained so the child never
/// blocks on a full pipe.
pub fn serve_binary(
    dir: &std::path::Path,
    args: &[&std::ffi::OsStr],
) -> (std::process::Child, String) {
    use std::io::{BufRead, BufReader};
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_skillbridge"))
        .args(["serve", "--listen", "127.0.0.1:0"])
        .args(args)
        .current_dir(dir)
        .env("SKILLBRIDGE_LOG_FILTER", "info")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let address = loop {
        let line = lines.next().expect("serve logs before exiting").unwrap();
        if let Some(rest) = line.split("address=").nth(1) {
            break rest.split_whitespace().next().unwrap().to_owned();
        }
    };
    std::thread::spawn(move || for _ in lines {});
    (child, address)
}
