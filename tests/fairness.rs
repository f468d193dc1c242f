//! Fairness monitoring over HTTP on each database, for administrators: the employer-side
//! funnel of a population whose shortlists, contact requests and applications the test
//! makes itself, so that every shown figure can be checked against what was done. A seeded
//! bias (women shortlisted but never contacted) is flagged under four fifths; people who
//! do not consent to ANALYTICS never count; withdrawing consent takes a person out of the
//! next report; a kept report holds nothing that names anyone, and erasure leaves none.

mod common;

use common::{TestApp, databases, spawn_app_with};
use serde_json::{Value, json};

async fn call(app: &TestApp, query: &str, variables: Value, token: &str) -> Value {
    app.call(query, variables, Some(token)).await
}

const REPORT: &str = "mutation($i: RecomputeFairnessInput!) { recomputeFairness(input: $i) {
    report { id minGroup flagged from until
      stages { stage eligible { count suppressed }
        dimensions { dimension groups { group eligible { count suppressed }
          rate rateLow rateHigh ratioToBest flagged } } } }
    userErrors { field code } } }";

const CONSENT: &str = "mutation($p: ConsentPurpose!, $g: Boolean!) { setConsent(input: { purpose: $p, granted: $g }) { consents { granted } } }";

/// A findable person with the vacancy's skill, of `gender`, born in `birth_year`.
async fn person(
    app: &TestApp,
    n: usize,
    skill: &str,
    gender: &str,
    birth_year: i32,
    analytics: bool,
) -> (String, String) {
    let email = format!("person{n}@example.org");
    let token = app
        .register(&email, "MIGRANT", &format!("Person {n}"))
        .await;
    let saved = call(
        app,
        "mutation($g: String!, $y: Int!) { updateMyProfile(input: { gender: $g, birthYear: $y,
           countryOfOrigin: \"SY\", rightToWork: YES, visibility: ANONYMISED, mobilityRadiusKm: 50,
           location: { countryCode: \"DE\", region: \"DE-BE\", latitude: 52.5, longitude: 13.4 } })
           { profile { id } userErrors { code } } }",
        json!({ "g": gender, "y": birth_year }),
        &token,
    )
    .await;
    let id = saved["data"]["updateMyProfile"]["profile"]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("{saved}"))
        .to_owned();
    call(app, "mutation($s: String!) { addProfileSkill(input: { skillUri: $s, proficiency: ADVANCED }) { userErrors { code } } }",
        json!({ "s": skill }), &token).await;
    for (purpose, granted) in [
        ("MATCHING", true),
        ("SHARING_WITH_EMPLOYERS", true),
        ("ANALYTICS", analytics),
    ] {
        if granted {
            call(app, CONSENT, json!({ "p": purpose, "g": true }), &token).await;
        }
    }
    (token, id)
}

fn stage<'a>(report: &'a Value, stage: &str) -> &'a Value {
    report["stages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["stage"] == stage)
        .unwrap_or_else(|| panic!("{stage} in {report}"))
}

/// The groups of `dimension` at `stage`, by name.
fn groups<'a>(report: &'a Value, at: &str, dimension: &str) -> Vec<&'a Value> {
    stage(report, at)["dimensions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["dimension"] == dimension)
        .unwrap()["groups"]
        .as_array()
        .unwrap()
        .iter()
        .collect()
}

fn group<'a>(report: &'a Value, at: &str, dimension: &str, name: &str) -> &'a Value {
    groups(report, at, dimension)
        .into_iter()
        .find(|g| g["group"] == name)
        .unwrap_or_else(|| panic!("{name} at {at}: {report}"))
}

/// The profile id inside a global id (`Candidate:<uuid>` or `Profile:<uuid>`).
fn uuid_of(id: &str) -> String {
    use base64::Engine;
    let text = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(id)
        .expect("a global id");
    let text = String::from_utf8(text).unwrap();
    text.split_once(':').unwrap().1.to_owned()
}

async fn report(app: &TestApp, admin: &str) -> Value {
    let body = call(app, REPORT, json!({ "i": {} }), admin).await;
    let payload = &body["data"]["recomputeFairness"];
    assert_eq!(payload["userErrors"], json!([]), "{body}");
    payload["report"].clone()
}

#[tokio::test]
async fn a_group_shortlisted_but_never_contacted_is_flagged() {
    for db in databases() {
        let app = spawn_app_with(db, |config| config.statistics.min_group = 5).await;
        let skill = app
            .call(
                "{ skills(first: 1) { edges { node { uri } } } }",
                json!({}),
                None,
            )
            .await["data"]["skills"]["edges"][0]["node"]["uri"]
            .as_str()
            .unwrap()
            .to_owned();
        let employer = app.register("hr@example.org", "EMPLOYER", "HR").await;
        let org = call(&app, "mutation { createOrganisation(input: { kind: EMPLOYER, name: \"Care\" }) { organisation { id } } }", json!({}), &employer).await;
        let org = org["data"]["createOrganisation"]["organisation"]["id"].clone();
        let vacancy = app
            .open_vacancy(
                &employer,
                json!({ "organisationId": org, "title": "Care assistant", "contractType": "PERMANENT",
                    "location": { "countryCode": "DE", "latitude": 52.52, "longitude": 13.405 },
                    "skills": [{ "skillUri": skill, "importance": "ESSENTIAL" }] }),
            )
            .await;
        // Ten women and ten men, half of each born in 1995 and half in 1980; all consent
        // to ANALYTICS.
        let mut women = Vec::new();
        let mut men = Vec::new();
        for n in 0..20 {
            let birth_year = if n % 4 < 2 { 1995 } else { 1980 };
            if n % 2 == 0 {
                women.push(person(&app, n, &skill, "woman", birth_year, true).await);
            } else {
                men.push(person(&app, n, &skill, "Male", birth_year, true).await);
            }
        }
        // The employer's first page: all twenty are shortlisted.
        let page = call(
            &app,
            "query($v: ID!) { matchCandidates(vacancyId: $v, first: 20) { totalCount edges { node { candidate { id } } } } }",
            json!({ "v": vacancy }),
            &employer,
        )
        .await;
        assert_eq!(page["data"]["matchCandidates"]["totalCount"], 20, "{page}");
        // Someone found later, who does not consent to ANALYTICS: contacted, never counted.
        let (_, outsider) = person(&app, 99, &skill, "woman", 1990, false).await;
        // The bias: the employer asks to contact every man and the outsider, no woman.
        let men_ids: Vec<String> = men.iter().map(|(_, id)| uuid_of(id)).collect();
        let contacted: Vec<String> = men_ids
            .iter()
            .cloned()
            .chain(std::iter::once(uuid_of(&outsider)))
            .collect();
        for profile in &contacted {
            use base64::Engine;
            let card = base64::engine::general_purpose::URL_SAFE_NO_PAD
                .encode(format!("Candidate:{profile}"));
            let asked = call(
                &app,
                "mutation($c: ID!, $o: ID!) { requestContact(input: { candidateId: $c, organisationId: $o }) { userErrors { code } } }",
                json!({ "c": card, "o": org }),
                &employer,
            )
            .await;
            assert_eq!(
                asked["data"]["requestContact"]["userErrors"],
                json!([]),
                "{asked}"
            );
        }

        let admin = app.admin("admin@example.org").await;
        let first = report(&app, &admin).await;
        assert_eq!(first["minGroup"], 5);
        assert_eq!(first["flagged"], true, "{db:?}: {first}");
        // The pool: the twenty consenting, findable people (the outsider does not count).
        assert_eq!(stage(&first, "SHORTLISTED")["eligible"]["count"], 20);
        let woman = group(&first, "SHORTLISTED", "GENDER", "WOMAN");
        assert_eq!(woman["eligible"]["count"], 10);
        assert_eq!(woman["rate"], 1.0);
        // Contacted: all ten men, none of ten women: under four fifths, and beyond chance
        // (the intervals do not meet).
        assert_eq!(stage(&first, "CONTACTED")["eligible"]["count"], 20);
        let man = group(&first, "CONTACTED", "GENDER", "MAN");
        assert_eq!(man["rate"], 1.0);
        assert_eq!(man["ratioToBest"], 1.0);
        assert_eq!(man["flagged"], false);
        let woman = group(&first, "CONTACTED", "GENDER", "WOMAN");
        assert_eq!(woman["eligible"]["count"], 10);
        assert_eq!(woman["rate"], 0.0);
        assert_eq!(woman["ratioToBest"], 0.0);
        assert_eq!(woman["flagged"], true);
        assert!(woman["rateHigh"].as_f64().unwrap() < man["rateLow"].as_f64().unwrap());
        // Age bands hold five men each at CONTACTED: half of each band, not flagged.
        for band in groups(&first, "CONTACTED", "AGE_BAND") {
            assert_eq!(band["eligible"]["count"], 10, "{band}");
            assert_eq!(band["rate"], 0.5, "{band}");
            assert_eq!(band["flagged"], false, "{band}");
        }
        // Reviewed: ten reached it, nobody went further; no small group shows anywhere.
        assert_eq!(stage(&first, "REVIEWED")["eligible"]["count"], 10);
        for s in first["stages"].as_array().unwrap() {
            for d in s["dimensions"].as_array().unwrap() {
                for g in d["groups"].as_array().unwrap() {
                    let count = g["eligible"]["count"].as_i64();
                    assert!(count.is_none_or(|n| n == 0 || n >= 5), "{g}");
                    assert_eq!(g["eligible"]["suppressed"], count.is_none(), "{g}");
                }
            }
        }

        // A man withdraws ANALYTICS: the next report counts 19.
        call(
            &app,
            CONSENT,
            json!({ "p": "ANALYTICS", "g": false }),
            &men[9].0,
        )
        .await;
        let second = report(&app, &admin).await;
        assert_eq!(stage(&second, "SHORTLISTED")["eligible"]["count"], 19);

        // Reports are kept, newest first.
        let kept = call(
            &app,
            "{ fairnessReports(first: 5) { totalCount edges { node { id } } } }",
            json!({}),
            &admin,
        )
        .await;
        assert_eq!(kept["data"]["fairnessReports"]["totalCount"], 2, "{kept}");
        assert_eq!(
            kept["data"]["fairnessReports"]["edges"][0]["node"]["id"],
            second["id"]
        );
        let node = call(
            &app,
            "query($id: ID!) { node(id: $id) { ... on FairnessReport { minGroup } } }",
            json!({ "id": first["id"] }),
            &admin,
        )
        .await;
        assert_eq!(node["data"]["node"]["minGroup"], 5, "{node}");
        let hidden = call(
            &app,
            "query($id: ID!) { node(id: $id) { id } }",
            json!({ "id": first["id"] }),
            &employer,
        )
        .await;
        assert_eq!(hidden["data"]["node"], Value::Null, "{hidden}");

        // A kept report names nobody: no profile id, and so nothing for erasure to leave.
        let stored = serde_json::to_string(&kept).unwrap() + &first.to_string();
        for (_, id) in women.iter().chain(&men) {
            assert!(!stored.contains(&uuid_of(id)));
        }
        assert!(!stored.contains("Person"));
        let erased = call(
            &app,
            "mutation($p: String!) { deleteMyAccount(input: { password: $p }) { userErrors { code } } }",
            json!({ "p": common::PASSWORD }),
            &women[0].0,
        )
        .await;
        assert_eq!(
            erased["data"]["deleteMyAccount"]["userErrors"],
            json!([]),
            "{erased}"
        );
        let third = report(&app, &admin).await;
        assert_eq!(stage(&third, "SHORTLISTED")["eligible"]["count"], 18);

        // Bad periods.
        let reversed = call(
            &app,
            REPORT,
            json!({ "i": { "from": "2027-02-01", "until": "2027-01-01" } }),
            &admin,
        )
        .await;
        assert_eq!(
            reversed["data"]["recomputeFairness"]["userErrors"],
            json!([{ "field": "until", "code": "ENDS_BEFORE_START" }]),
            "{reversed}"
        );
        let long = call(
            &app,
            REPORT,
            json!({ "i": { "from": "2020-01-01", "until": "2026-01-01" } }),
            &admin,
        )
        .await;
        assert_eq!(
            long["data"]["recomputeFairness"]["userErrors"][0]["code"], "TOO_LONG",
            "{long}"
        );
        app.stop().await;
    }
}

/// Matching cannot reach group data: the code that ranks and shows candidates names
/// neither the fairness module nor any field it groups people by.
#[test]
fn matching_code_never_reads_group_data() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = vec![
        root.join("crates/app/src/matches.rs"),
        root.join("crates/app/src/matching.rs"),
        root.join("crates/app/src/match_engine.rs"),
        root.join("crates/app/src/candidates.rs"),
        root.join("crates/domain/src/matching.rs"),
        root.join("crates/domain/src/match_index.rs"),
        root.join("crates/graphql/src/matches.rs"),
        root.join("crates/graphql/src/candidates.rs"),
    ];
    for entry in std::fs::read_dir(root.join("crates/domain/src/matching")).unwrap() {
        files.push(entry.unwrap().path());
    }
    for file in files {
        let code = std::fs::read_to_string(&file).unwrap();
        // Only the shortlist the funnel counts: who was shown, never their group.
        let code = code.replace("use skillbridge_domain::fairness::SHORTLIST_SIZE;", "");
        for needle in [
            "fairness::",
            "group_of",
            "FunnelPerson",
            ".gender",
            ".birth_year",
            ".country_of_origin",
        ] {
            assert!(!code.contains(needle), "{} reads {needle}", file.display());
        }
    }
}
