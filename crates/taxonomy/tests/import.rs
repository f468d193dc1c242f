//! The ESCO importer against real stores: SQLite always, PostgreSQL when configured.

use std::path::{Path, PathBuf};

use skillbridge_domain::Store;
use skillbridge_domain::taxonomy::{ReuseLevel, SkillRelation, SkillType, TaxonomyCounts};
use skillbridge_store_tests::TestStore;
use skillbridge_taxonomy::esco::{Source, import};
use skillbridge_taxonomy::{ImportError, starter};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/esco")
}

/// Rows copied from the official ESCO export (the full skill list, v1.0.x, in American
/// English, French and Spanish), quirks and all.
fn official_rows() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/esco-official-quirks")
}

async fn stores() -> Vec<TestStore> {
    let mut stores = vec![skillbridge_store_tests::sqlite().await.unwrap()];
    stores.extend(skillbridge_store_tests::postgres().await);
    stores
}

/// The fixtures hold 11 skill records, one of them twice (the importer must cope).
const FIXTURE_COUNTS: TaxonomyCounts = TaxonomyCounts {
    skills: 10,
    skill_groups: 2,
    occupations: 6,
    isco_groups: 10,
    broader_links: 7,
    occupation_skill_links: 6,
};

const WRITE_HUNGARIAN: &str =
    "http://data.europa.eu/esco/skill/01f10952-cb59-4347-9aee-d4fbc51c870a";

async fn label(store: &dyn Store, uri: &str, lang: &str) -> Option<String> {
    let skill = store.skill_by_uri(uri).await.unwrap()?;
    store
        .skill_labels(&[skill.id], &[lang])
        .await
        .unwrap()
        .into_iter()
        .next()
        .map(|(_, l)| l.preferred)
}

async fn isco_label(store: &dyn Store, code: &str) -> String {
    let labels = store
        .isco_group_labels(&[code.to_owned()], &["en"])
        .await
        .unwrap();
    labels
        .into_iter()
        .next()
        .map(|(_, l)| l.preferred)
        .unwrap_or_default()
}

#[tokio::test]
async fn importing_twice_updates_and_never_duplicates() {
    for test_store in stores().await {
        let store = test_store.store();
        let first = import(store, &Source::Directory(fixtures())).await.unwrap();
        assert_eq!(first.counts, FIXTURE_COUNTS, "{}", store.backend());
        let skipped: u64 = first.files.iter().map(|f| f.skipped).sum();
        assert_eq!(
            skipped, 1,
            "the relation to an unknown skill is left out and reported"
        );

        let hungarian = store.skill_by_uri(WRITE_HUNGARIAN).await.unwrap().unwrap();
        let alt_before = store.skill_alt_labels(&[hungarian.id], "en").await.unwrap();
        assert!(!alt_before.is_empty());

        let second = import(store, &Source::Directory(fixtures())).await.unwrap();
        assert_eq!(
            second.counts,
            FIXTURE_COUNTS,
            "{}: no duplicates",
            store.backend()
        );
        let alt_after = store.skill_alt_labels(&[hungarian.id], "en").await.unwrap();
        assert_eq!(
            alt_before, alt_after,
            "alternative labels replaced, not doubled"
        );
        assert_eq!(
            label(store, WRITE_HUNGARIAN, "fr").await.as_deref(),
            Some("écrire en hongrois")
        );
        assert_eq!(
            label(store, WRITE_HUNGARIAN, "en").await.as_deref(),
            Some("write Hungarian")
        );
        assert_eq!(
            hungarian.reuse_level,
            Some(ReuseLevel::Transversal),
            "the French file's reuseLevel fills the English file's blank"
        );
        test_store.finish().await;
    }
}

#[tokio::test]
async fn relations_keep_their_type_and_isco_groups_their_hierarchy() {
    for test_store in stores().await {
        let store = test_store.store();
        import(store, &Source::Directory(fixtures())).await.unwrap();
        let occupations = store
            .find_occupations(
                &skillbridge_domain::taxonomy::OccupationQuery {
                    text: Some("software analyst".into()),
                    isco_group: None,
                    lang: "en".into(),
                },
                &skillbridge_domain::PageRequest {
                    first: 5,
                    after: None,
                },
            )
            .await
            .unwrap();
        let (_, analyst) = &occupations.items[0];
        let skills = store.occupation_skills(&[analyst.id]).await.unwrap();
        let count = |r| skills.iter().filter(|(_, rel, _)| *rel == r).count();
        assert_eq!(
            (
                count(SkillRelation::Essential),
                count(SkillRelation::Optional)
            ),
            (3, 3)
        );

        let groups = store
            .isco_groups_by_codes(&["2512".into(), "2".into()])
            .await
            .unwrap();
        let unit = groups.iter().find(|g| g.code == "2512").unwrap();
        assert_eq!(unit.parent_code.as_deref(), Some("251"));
        let major = groups.iter().find(|g| g.code == "2").unwrap();
        assert_eq!(major.parent_code, None);
        test_store.finish().await;
    }
}

/// Copies the fixtures into a temporary directory, changes a label in the first file
/// read (so that a partial import would show), and applies `break_it`.
fn broken_copy(break_it: impl FnOnce(&Path)) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(fixtures()).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), dir.path().join(entry.file_name())).unwrap();
    }
    let isco = dir.path().join("ISCOGroups_en.csv");
    let text = std::fs::read_to_string(&isco).unwrap();
    let changed = text.replacen("Professionals", "CHANGED BY A FAILED IMPORT", 1);
    assert_ne!(text, changed);
    std::fs::write(&isco, changed).unwrap();
    break_it(dir.path());
    dir
}

fn edit(dir: &Path, file: &str, change: impl FnOnce(String) -> String) {
    let path = dir.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    let changed = change(text.clone());
    assert_ne!(text, changed, "the edit changed {file}");
    std::fs::write(path, changed).unwrap();
}

#[tokio::test]
async fn a_bad_file_stops_the_import_with_file_line_and_changes_nothing() {
    type Break = Box<dyn Fn(&Path)>;
    let cases: Vec<(&str, Break, &str)> = vec![
        (
            "missing column",
            Box::new(|d| {
                edit(d, "skills_en.csv", |t| {
                    t.replacen("preferredLabel", "prefLabel", 1)
                })
            }),
            "skills_en.csv:1: missing column preferredLabel",
        ),
        (
            "broken quoting",
            Box::new(|d| edit(d, "occupations_en.csv", |t| t.replacen(",\"", ",x\"", 1))),
            "occupations_en.csv:",
        ),
        (
            "invalid URI",
            Box::new(|d| {
                edit(d, "skills_fr.csv", |t| {
                    t.replacen(
                        "http://data.europa.eu/esco/skill/",
                        "data.europa.eu skill ",
                        1,
                    )
                })
            }),
            "skills_fr.csv:2: conceptUri \"data.europa.eu skill ",
        ),
        (
            "truncated in a record",
            Box::new(|d| edit(d, "skills_en.csv", |t| t[..t.len() * 2 / 3].to_owned())),
            "skills_en.csv:",
        ),
        (
            "truncated inside a quoted field",
            Box::new(|d| {
                edit(d, "skills_en.csv", |t| {
                    let open = t.find(",\"").unwrap() + 2;
                    let cut = open + t[open..].find('\n').unwrap() + 1;
                    t[..cut].to_owned()
                })
            }),
            "skills_en.csv:",
        ),
        (
            "unknown ISCO group",
            Box::new(|d| {
                edit(d, "occupations_en.csv", |t| {
                    t.replacen(",2512,", ",9999,", 1)
                })
            }),
            "iscoGroup \"9999\" is not an ISCO group",
        ),
        (
            "bad skill type",
            Box::new(|d| {
                edit(d, "skills_en.csv", |t| {
                    t.replacen(",knowledge,", ",wisdom,", 1)
                })
            }),
            "skillType \"wisdom\"",
        ),
        (
            "bad relation type",
            Box::new(|d| {
                edit(d, "occupationSkillRelations_en.csv", |t| {
                    t.replacen(",essential,", ",crucial,", 1)
                })
            }),
            "occupationSkillRelations_en.csv:2: relationType \"crucial\"",
        ),
    ];
    for test_store in stores().await {
        let store = test_store.store();
        import(store, &Source::Directory(fixtures())).await.unwrap();
        let before = store.taxonomy_counts().await.unwrap();
        let isco_before = isco_label(store, "2").await;
        for (case, break_it, expected) in &cases {
            let dir = broken_copy(break_it);
            let err = import(store, &Source::Directory(dir.path().to_path_buf()))
                .await
                .expect_err(case);
            assert!(
                matches!(err, ImportError::Malformed { .. }),
                "{case}: {err}"
            );
            let message = err.to_string();
            assert!(message.contains(expected), "{case}: {message}");
            assert!(
                message.starts_with(&dir.path().display().to_string()),
                "{case}: the message names the file: {message}"
            );
            assert_eq!(
                store.taxonomy_counts().await.unwrap(),
                before,
                "{case}: nothing changed"
            );
            assert_eq!(
                isco_label(store, "2").await,
                isco_before,
                "{case}: not even the first file"
            );
        }
        test_store.finish().await;
    }
}

#[tokio::test]
async fn huge_multi_line_fields_and_utf8_labels_import() {
    let dir = broken_copy(|d| {
        edit(d, "skills_en.csv", |t| {
            let description = format!(
                "\"{}\nsecond line with Curaçao and Kurdish (Sorani)\"",
                "x".repeat(150_000)
            );
            let mut lines: Vec<String> = t.split("\r\n").map(str::to_owned).collect();
            // The last field of the first record is its description: replace it.
            let first = &mut lines[1];
            let cut = first.rfind(',').unwrap();
            first.truncate(cut + 1);
            first.push_str(&description);
            lines.join("\r\n")
        })
    });
    let test_store = skillbridge_store_tests::sqlite().await.unwrap();
    let store = test_store.store();
    let report = import(store, &Source::Directory(dir.path().to_path_buf()))
        .await
        .unwrap();
    assert_eq!(report.counts.skills, FIXTURE_COUNTS.skills);
    test_store.finish().await;
}

#[tokio::test]
async fn a_directory_without_esco_files_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.txt"), "hello").unwrap();
    let test_store = skillbridge_store_tests::sqlite().await.unwrap();
    let err = import(
        test_store.store(),
        &Source::Directory(dir.path().to_path_buf()),
    )
    .await
    .unwrap_err();
    assert!(err.to_string().contains("no ESCO files"), "{err}");
    test_store.finish().await;
}

#[tokio::test]
async fn the_starter_taxonomy_loads_once_into_an_empty_store() {
    for test_store in stores().await {
        let store = test_store.store();
        let loaded = starter::load_if_empty(store)
            .await
            .unwrap()
            .expect("loaded into an empty store");
        assert_eq!(loaded.counts.skills, 1_289);
        assert_eq!(loaded.counts.occupations, 2_942);
        assert_eq!(loaded.counts.isco_groups, 619);
        assert!(
            starter::load_if_empty(store).await.unwrap().is_none(),
            "not again"
        );
        test_store.finish().await;
    }
}

const WOOD_TYPES: &str = "http://data.europa.eu/esco/skill/fb6f5f61-f3b8-40ba-8363-c8d762325ff7";
const GREASE_GUN: &str = "http://data.europa.eu/esco/skill/070b9cfc-5052-4567-ab82-cb931eaed700";

#[tokio::test]
async fn the_official_export_imports_as_it_comes() {
    for test_store in stores().await {
        let store = test_store.store();
        let report = import(store, &Source::Directory(official_rows()))
            .await
            .unwrap();
        assert_eq!(report.counts.skills, 4);
        // "skill/competence knowledge": two types in one field; the first is kept.
        let wood = store.skill_by_uri(WOOD_TYPES).await.unwrap().unwrap();
        assert_eq!(wood.skill_type, Some(SkillType::SkillCompetence));
        // No American English label at all: the skill comes with its other languages.
        assert_eq!(label(store, GREASE_GUN, "en-us").await, None);
        assert_eq!(
            label(store, GREASE_GUN, "fr").await.as_deref(),
            Some("utiliser un pistolet graisseur")
        );
        assert_eq!(
            label(store, WOOD_TYPES, "en-us").await.as_deref(),
            Some("types of wood materials")
        );

        // A type that is really wrong still stops the import at its line, writing nothing.
        let dir = tempfile::tempdir().unwrap();
        for entry in std::fs::read_dir(official_rows()).unwrap() {
            let entry = entry.unwrap();
            std::fs::copy(entry.path(), dir.path().join(entry.file_name())).unwrap();
        }
        edit(dir.path(), "skills_es.csv", |t| {
            t.replacen(
                "tipos de materiales de madera",
                "CHANGED BY A FAILED IMPORT",
                1,
            )
        });
        edit(dir.path(), "skills_fr.csv", |t| {
            t.replacen("skill/competence knowledge", "skill/competence wisdom", 1)
        });
        let err = import(store, &Source::Directory(dir.path().to_path_buf()))
            .await
            .expect_err("a wrong type");
        let message = err.to_string();
        assert!(
            message.contains("skills_fr.csv:5: skillType \"skill/competence wisdom\""),
            "{message}"
        );
        assert_eq!(
            label(store, WOOD_TYPES, "es").await.as_deref(),
            Some("tipos de materiales de madera"),
            "nothing written"
        );
        test_store.finish().await;
    }
}
