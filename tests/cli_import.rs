//! `import-esco` and `import-shortages` through the real binary: output, exit status,
//! one-line errors, and a database left alone by a failed import.

use std::path::{Path, PathBuf};
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_skillbridge");

fn fixtures(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(name)
}

/// Runs the binary; returns (exit code, stdout, stderr).
fn run(args: &[&str], dir: &Path) -> (Option<i32>, String, String) {
    let out = Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .env("SKILLBRIDGE_LOG_FILTER", "warn")
        .output()
        .expect("run the binary");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn import_esco_twice_then_refuse_a_truncated_copy() {
    let work = tempfile::tempdir().unwrap();
    let esco = fixtures("crates/taxonomy/tests/fixtures/esco");
    let esco = esco.to_str().unwrap();
    let summary = "taxonomy: 10 skills, 2 skill groups, 6 occupations, 10 ISCO groups";
    for _ in 0..2 {
        let (code, stdout, stderr) = run(&["import-esco", esco, "--data-dir", "data"], work.path());
        assert_eq!(code, Some(0), "{stderr}");
        assert!(stdout.contains(summary), "{stdout}");
        assert!(
            stdout.contains("1 naming concepts not in the taxonomy were left out"),
            "{stdout}"
        );
    }

    let broken = work.path().join("broken");
    std::fs::create_dir(&broken).unwrap();
    for entry in std::fs::read_dir(esco).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), broken.join(entry.file_name())).unwrap();
    }
    let skills = std::fs::read(broken.join("skills_en.csv")).unwrap();
    std::fs::write(broken.join("skills_en.csv"), &skills[..skills.len() / 2]).unwrap();
    let (code, _, stderr) = run(
        &["import-esco", "broken", "--data-dir", "data"],
        work.path(),
    );
    assert_eq!(code, Some(1));
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 1, "{stderr}");
    assert!(
        lines[0].starts_with("error: broken/skills_en.csv:"),
        "{stderr}"
    );

    // Nothing changed: a third good import reports the same taxonomy.
    let (code, stdout, _) = run(&["import-esco", esco, "--data-dir", "data"], work.path());
    assert_eq!(code, Some(0));
    assert!(stdout.contains(summary), "{stdout}");

    let (code, _, stderr) = run(
        &["import-esco", "no-such-dir", "--data-dir", "data"],
        work.path(),
    );
    assert_eq!(code, Some(1));
    assert!(
        stderr
            .trim()
            .starts_with("error: no-such-dir is not a directory"),
        "{stderr}"
    );
}

#[test]
fn import_shortages_reports_and_refuses_bad_lists() {
    let work = tempfile::tempdir().unwrap();
    let list = fixtures("tests/fixtures/shortages.csv");
    let (code, stdout, stderr) = run(
        &[
            "import-shortages",
            list.to_str().unwrap(),
            "--data-dir",
            "data",
        ],
        work.path(),
    );
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stdout.contains("4 shortage entries imported"), "{stdout}");

    std::fs::write(work.path().join("bad.csv"), "region,isco_code,occupation,severity,source,valid_from,valid_to\nAtlantis,7212,w,SEVERE,s,2024-01-01,\n").unwrap();
    let (code, _, stderr) = run(
        &["import-shortages", "bad.csv", "--data-dir", "data"],
        work.path(),
    );
    assert_eq!(code, Some(1));
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.starts_with("error: bad.csv:2: \"Atlantis\" is not a region"),
        "{stderr}"
    );
}
