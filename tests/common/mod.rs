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

pub struct TestApp {
    pub address: SocketAddr,
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
    adjust(&mut config);
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind port 0");
    let server = Server::start_with_listener(&config, listener)
        .await
        .expect("server starts");
    let address = server.local_addr().unwrap();
    let (tx, rx) = oneshot::channel::<()>();
    let handle = tokio::spawn(server.run(async move {
        let _ = rx.await;
    }));
    TestApp {
        address,
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
