//! The server's life: health and readiness on each database, migrations on start, clean
//! shutdown on SIGTERM, and start-up failures that end with one line and a non-zero exit.

mod common;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{databases, spawn_app_with};
use serde_json::{Value, json};
use skillbridge_domain::Store;
use skillbridge_store_sqlite::{DATABASE_FILE, SqliteStore};

const BIN: &str = env!("CARGO_BIN_EXE_skillbridge");

#[tokio::test]
async fn healthy_and_ready_on_each_database() {
    for db in databases() {
        let app = spawn_app_with(db, |_| {}).await;
        let health: Value = app
            .client
            .get(app.url("/healthz"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(health["status"], "ok", "{db:?}");

        let response = app.client.get(app.url("/readyz")).send().await.unwrap();
        assert_eq!(response.status().as_u16(), 200, "{db:?}");
        let ready: Value = response.json().await.unwrap();
        assert_eq!(ready["status"], "ready", "{db:?}: {ready}");
        assert_eq!(ready["checks"]["migrations"]["status"], "ok");

        let (status, body) = app.graphql(json!({ "query": "{ __typename }" })).await;
        assert_eq!(
            (status, &body["data"]["__typename"]),
            (200, &json!("Query")),
            "{db:?}"
        );
        app.stop().await;
    }
}

#[tokio::test]
async fn serve_migrates_the_embedded_database_in_the_data_directory() {
    let mut app = spawn_app_with(common::Db::Sqlite, |_| {}).await;
    app.stop_server().await;
    let store = SqliteStore::open_file(&app.data_dir.path().join(DATABASE_FILE), 1)
        .await
        .unwrap();
    assert!(
        store.readiness().await.is_ready(),
        "the file in the data directory is migrated"
    );
    store.close().await;
}

/// Runs the binary with `args` in `dir` and returns (exit code, stderr), killing it if it
/// has not exited within `limit`.
fn run_bin(dir: &Path, args: &[&str], limit: Duration) -> (Option<i32>, String) {
    let mut child = Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .env_remove("SKILLBRIDGE_CONFIG")
        .env("RUST_BACKTRACE", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start the binary");
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            let mut stderr = String::new();
            std::io::Read::read_to_string(child.stderr.as_mut().unwrap(), &mut stderr).unwrap();
            return (status.code(), stderr);
        }
        if started.elapsed() > limit {
            child.kill().ok();
            panic!("{args:?} still running after {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The last stderr line is the one error line; nothing panicked and no backtrace printed.
fn assert_one_error_line(args: &[&str], code: Option<i32>, stderr: &str, mentions: &str) {
    assert_eq!(code, Some(1), "{args:?}: {stderr}");
    let errors: Vec<&str> = stderr.lines().filter(|l| l.starts_with("error:")).collect();
    assert_eq!(
        errors.len(),
        1,
        "{args:?}: exactly one error line in {stderr:?}"
    );
    assert!(
        errors[0].contains(mentions),
        "{args:?}: {:?} should mention {mentions:?}",
        errors[0]
    );
    assert!(
        !stderr.contains("panicked") && !stderr.contains("stack backtrace"),
        "{args:?}: {stderr}"
    );
}

fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| {
            let entry = entry.unwrap();
            (
                entry.file_name().to_string_lossy().into_owned(),
                std::fs::read(entry.path()).unwrap_or_default(),
            )
        })
        .collect();
    files.sort();
    files
}

#[test]
fn failed_starts_are_one_clear_line_and_leave_the_data_directory_alone() {
    let work = tempfile::tempdir().unwrap();
    let dir = work.path();
    // A data directory with a migrated database, as a previous run leaves it.
    let (code, stderr) = run_bin(
        dir,
        &["migrate", "--data-dir", "data"],
        Duration::from_secs(60),
    );
    assert_eq!(code, Some(0), "{stderr}");
    let before = snapshot(&dir.join("data"));

    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let taken_addr = taken.local_addr().unwrap().to_string();
    std::fs::write(dir.join("bad.toml"), "listen = \n").unwrap();
    std::fs::write(dir.join("typo.toml"), "lisen = \"127.0.0.1:1\"\n").unwrap();
    std::fs::write(dir.join("a-file"), "").unwrap();
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec!["serve", "--data-dir", "data", "--listen", &taken_addr],
            "cannot listen on",
        ),
        (
            vec![
                "serve",
                "--data-dir",
                "data",
                "--listen",
                "127.0.0.1:0",
                "--database-url",
                "postgres://sb@127.0.0.1:1/sb",
            ],
            "cannot connect to the database",
        ),
        (
            vec![
                "serve",
                "--data-dir",
                "data",
                "--listen",
                "127.0.0.1:0",
                "--database-url",
                "mysql://x",
            ],
            "database.url must start with",
        ),
        (
            vec!["serve", "--data-dir", "a-file", "--listen", "127.0.0.1:0"],
            "data directory",
        ),
        (
            vec!["serve", "--config", "bad.toml", "--data-dir", "data"],
            "bad.toml",
        ),
        (
            vec!["serve", "--config", "typo.toml", "--data-dir", "data"],
            "lisen",
        ),
        (vec!["serve", "--config", "missing.toml"], "missing.toml"),
        (
            vec![
                "migrate",
                "--database-url",
                "postgres://sb:secret@127.0.0.1:1/sb",
            ],
            "sb:***@",
        ),
    ];
    for (args, mentions) in &cases {
        let (code, stderr) = run_bin(dir, args, Duration::from_secs(20));
        assert_one_error_line(args, code, &stderr, mentions);
        assert!(
            !stderr.contains("secret"),
            "passwords are never printed: {stderr}"
        );
    }
    assert_eq!(
        snapshot(&dir.join("data")),
        before,
        "the data directory is as it was"
    );
}

#[tokio::test]
async fn sigterm_stops_the_server_cleanly() {
    let work = tempfile::tempdir().unwrap();
    let (mut child, address) =
        common::serve_binary(work.path(), &["--data-dir".as_ref(), "data".as_ref()]);
    let client = reqwest::Client::new();
    let body: Value = client
        .post(format!("http://{address}/graphql"))
        .header("content-type", "application/json")
        .body(r#"{"query":"{ __typename }"}"#)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(body["data"]["__typename"], "Query");

    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let deadline = Instant::now() + Duration::from_secs(20);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(Instant::now() < deadline, "still running after SIGTERM");
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    assert_eq!(status.code(), Some(0), "graceful shutdown exits 0");
    assert!(
        std::net::TcpStream::connect(&address).is_err(),
        "the port is released"
    );
    // WAL checkpointed and closed: the database opens cleanly for the next run.
    let store = SqliteStore::open_file(&work.path().join("data").join(DATABASE_FILE), 1)
        .await
        .unwrap();
    assert!(store.readiness().await.is_ready());
    store.close().await;
}
