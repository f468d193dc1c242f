//! Insights and fairness over a generated population, on each database: every figure shown
//! equals a count made directly in SQL over the tables, and no shown figure, nor the
//! difference of two figures of one answer where one group holds the other, is a group of
//! 1 to k-1 people (the test knows who is in each group, as it made them).

mod common;

use std::collections::{BTreeMap, BTreeSet};

use common::{Db, TestApp, databases, spawn_app_with};
use serde_json::{Value, json};

const K: i64 = 5;

async fn call(app: &TestApp, query: &str, variables: Value, token: &str) -> Value {
    app.call(query, variables, Some(token)).await
}

/// A small deterministic generator (xorshift), so the population is the same every run.
struct Seeded(u64);

impl Seeded {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

/// Rows of `(key, count)` from a query run directly on the test's database.
async fn counted(app: &TestApp, db: Db, sql: &str, bind: i64) -> BTreeMap<String, i64> {
    let rows: Vec<(String, i64)> = match db {
        Db::Sqlite => {
            let path = app.data_dir.path().join("skillbridge.db");
            let pool = sqlx::SqlitePool::connect(&format!("sqlite:{}", path.display()))
                .await
                .unwrap();
            let rows = sqlx::query_as(sql).bind(bind).fetch_all(&pool).await;
            pool.close().await;
            rows.unwrap_or_else(|err| panic!("{sql}: {err}"))
        }
        Db::Postgres => {
            let pool = sqlx::PgPool::connect(&app.config.database.url)
                .await
                .unwrap();
            let rows = sqlx::query_as(sql).bind(bind).fetch_all(&pool).await;
            pool.close().await;
            rows.unwrap_or_else(|err| panic!("{sql}: {err}"))
        }
    };
    rows.into_iter().collect()
}

/// The people whose ANALYTICS consent is in force (their latest decision grants it), with
/// their gender group.
const CONSENTING: &str = "consenting AS (
    SELECT p.id,
           CASE WHEN p.gender IS NULL OR p.gender = '' THEN 'NOT_GIVEN'
                WHEN lower(p.gender) = 'woman' THEN 'WOMAN'
                WHEN lower(p.gender) = 'man' THEN 'MAN'
                ELSE 'OTHER' END AS grp
      FROM profiles p
     WHERE (SELECT c.granted FROM consent_records c
             WHERE c.user_id = p.user_id AND c.purpose = 'ANALYTICS'
             ORDER BY c.recorded_at DESC LIMIT 1) = TRUE)";

/// Each person's furthest funnel stage (1 shortlisted .. 5 hired).
const DEEPEST: &str = "steps AS (
    SELECT profile_id, 1 AS depth FROM shortlistings
    UNION ALL SELECT profile_id, 2 FROM contact_requests
    UNION ALL SELECT a.profile_id,
           CASE x.status WHEN 'INTERVIEW' THEN 4 WHEN 'OFFER' THEN 4 WHEN 'HIRED' THEN 5 ELSE 3 END
      FROM application_events x JOIN applications a ON a.id = x.application_id
     WHERE x.status IN ('REVIEWED', 'REJECTED', 'INTERVIEW', 'OFFER', 'HIRED')),
  deepest AS (SELECT profile_id, MAX(depth) AS depth FROM steps GROUP BY profile_id)";

fn small(n: i64) -> bool {
    n > 0 && n < K
}

/// Asserts that no known set of people is small, nor the difference of two where one holds
/// the other.
fn assert_nothing_small(known: &[(String, BTreeSet<usize>)]) {
    for (name, set) in known {
        assert!(!small(set.len() as i64), "{name} is {} people", set.len());
    }
    for (a, big) in known {
        for (b, part) in known {
            if part.len() < big.len() && part.is_subset(big) {
                let gap = (big.len() - part.len()) as i64;
                assert!(!small(gap), "{a} minus {b} is {gap} people");
            }
        }
    }
}

/// One generated person, as the test made them.
struct Person {
    token: String,
    profile: String,
    gender: &'static str,
    skills: Vec<usize>,
    analytics: bool,
    /// The furthest funnel stage reached: 0 none, 1 shortlisted .. 5 hired.
    depth: usize,
}

fn uuid_of(id: &str) -> String {
    use base64::Engine;
    let text = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(id)
        .unwrap();
    String::from_utf8(text)
        .unwrap()
        .split_once(':')
        .unwrap()
        .1
        .to_owned()
}

#[tokio::test]
async fn every_figure_shown_is_a_direct_count_and_nothing_small_can_be_worked_out() {
    for db in databases() {
        let app = spawn_app_with(db, |config| {
            config.statistics.min_group = K as u64;
        })
        .await;
        let mut rng = Seeded(0x5eed_2026);
        let skills: Vec<String> = app
            .call(
                "{ skills(first: 4) { edges { node { uri } } } }",
                json!({}),
                None,
            )
            .await["data"]["skills"]["edges"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["node"]["uri"].as_str().unwrap().to_owned())
            .collect();
        let employer = app.register("hr@example.org", "EMPLOYER", "HR").await;
        let org = call(&app, "mutation { createOrganisation(input: { kind: EMPLOYER, name: \"Care\" }) { organisation { id } } }", json!({}), &employer).await;
        let org = org["data"]["createOrganisation"]["organisation"]["id"].clone();
        let vacancy = app
            .open_vacancy(
                &employer,
                json!({ "organisationId": org, "title": "Carer", "contractType": "PERMANENT",
                    "positions": 40, "tracks": ["WOMEN"],
                    "location": { "countryCode": "DE", "region": "DE-BE", "latitude": 52.5, "longitude": 13.4 },
                    "skills": [{ "skillUri": skills[0], "importance": "ESSENTIAL" }] }),
            )
            .await;

        // Thirty-two people in Berlin: every one holds the first skill and some of the
        // others; four in five consent to ANALYTICS.
        let genders = ["woman", "man", "other", ""];
        let mut people: Vec<Person> = Vec::new();
        for n in 0..32 {
            let token = app
                .register(&format!("p{n}@example.org"), "MIGRANT", "Person")
                .await;
            let gender = genders[rng.below(4) as usize];
            let saved = call(
                &app,
                "mutation($g: String) { updateMyProfile(input: { gender: $g, rightToWork: YES,
                   visibility: ANONYMISED, mobilityRadiusKm: 50,
                   location: { countryCode: \"DE\", region: \"DE-BE\", latitude: 52.5, longitude: 13.4 } })
                   { profile { id } userErrors { code } } }",
                json!({ "g": if gender.is_empty() { Value::Null } else { json!(gender) } }),
                &token,
            )
            .await;
            let profile = saved["data"]["updateMyProfile"]["profile"]["id"]
                .as_str()
                .unwrap_or_else(|| panic!("{saved}"))
                .to_owned();
            let mut held = vec![0];
            for s in 1..skills.len() {
                if rng.chance(45) {
                    held.push(s);
                }
            }
            for s in &held {
                call(&app, "mutation($s: String!) { addProfileSkill(input: { skillUri: $s, proficiency: ADVANCED }) { userErrors { code } } }",
                    json!({ "s": skills[*s] }), &token).await;
            }
            let analytics = rng.chance(80);
            for (purpose, granted) in [
                ("MATCHING", true),
                ("SHARING_WITH_EMPLOYERS", true),
                ("ANALYTICS", analytics),
            ] {
                if granted {
                    call(&app, "mutation($p: ConsentPurpose!) { setConsent(input: { purpose: $p, granted: true }) { consents { granted } } }",
                        json!({ "p": purpose }), &token).await;
                }
            }
            people.push(Person {
                token,
                profile: uuid_of(&profile),
                gender,
                skills: held,
                analytics,
                depth: 0,
            });
        }

        // The funnel: the first page shortlists twenty; the employer asks to contact some;
        // some apply, and the employer takes some of those further.
        let page = call(
            &app,
            "query($v: ID!) { matchCandidates(vacancyId: $v, first: 20) { edges { node { candidate { id } } } } }",
            json!({ "v": vacancy }),
            &employer,
        )
        .await;
        let shortlisted: Vec<String> = page["data"]["matchCandidates"]["edges"]
            .as_array()
            .unwrap_or_else(|| panic!("{page}"))
            .iter()
            .map(|e| uuid_of(e["node"]["candidate"]["id"].as_str().unwrap()))
            .collect();
        assert_eq!(shortlisted.len(), 20);
        for person in &mut people {
            if shortlisted.contains(&person.profile) {
                person.depth = 1;
            }
            if rng.chance(50) {
                use base64::Engine;
                let card = base64::engine::general_purpose::URL_SAFE_NO_PAD
                    .encode(format!("Candidate:{}", person.profile));
                let asked = call(&app, "mutation($c: ID!, $o: ID!) { requestContact(input: { candidateId: $c, organisationId: $o }) { userErrors { code } } }",
                    json!({ "c": card, "o": org }), &employer).await;
                assert_eq!(
                    asked["data"]["requestContact"]["userErrors"],
                    json!([]),
                    "{asked}"
                );
                person.depth = person.depth.max(2);
            }
            if rng.chance(60) {
                let applied = call(&app, "mutation($v: ID!) { applyToVacancy(input: { vacancyId: $v }) { application { id } userErrors { code } } }",
                    json!({ "v": vacancy }), &person.token).await;
                let application = applied["data"]["applyToVacancy"]["application"]["id"].clone();
                let steps = rng.below(5) as usize;
                for status in ["REVIEWED", "INTERVIEW", "OFFER", "HIRED"]
                    .iter()
                    .take(steps)
                {
                    let moved = call(&app, "mutation($a: ID!, $s: ApplicationStatus!) { moveApplication(input: { applicationId: $a, status: $s, startsOn: \"2026-12-01\" }) { userErrors { code } } }",
                        json!({ "a": application, "s": status }), &employer).await;
                    assert_eq!(
                        moved["data"]["moveApplication"]["userErrors"],
                        json!([]),
                        "{moved}"
                    );
                }
                let reached = [0, 3, 4, 4, 5][steps];
                person.depth = person.depth.max(reached);
            }
        }

        // Fairness, against SQL.
        let admin = app.admin("admin@example.org").await;
        let computed = call(
            &app,
            "mutation { recomputeFairness(input: {}) { report { stages { stage eligible { count }
            dimensions { dimension groups { group eligible { count } rate } } } } } }",
            json!({}),
            &admin,
        )
        .await;
        let report = &computed["data"]["recomputeFairness"]["report"];
        let stages = report["stages"]
            .as_array()
            .unwrap_or_else(|| panic!("{computed}"));
        let mut shown = 0;
        let mut known: Vec<(String, BTreeSet<usize>)> = Vec::new();
        for (i, stage) in stages.iter().enumerate() {
            let by_group = counted(
                &app,
                db,
                &format!(
                    "WITH {CONSENTING}, {DEEPEST}
                     SELECT c.grp, COUNT(*) FROM consenting c
                       LEFT JOIN deepest d ON d.profile_id = c.id
                      WHERE COALESCE(d.depth, 0) >= $1 GROUP BY c.grp"
                ),
                i as i64,
            )
            .await;
            let total: i64 = by_group.values().sum();
            if let Some(n) = stage["eligible"]["count"].as_i64() {
                assert_eq!(n, total, "{db:?}: {} eligible", stage["stage"]);
                shown += 1;
            }
            let members = |depth: usize, group: Option<&str>| -> BTreeSet<usize> {
                people
                    .iter()
                    .enumerate()
                    .filter(|(_, p)| p.analytics)
                    .filter(|(_, p)| p.depth >= depth)
                    .filter(|(_, p)| {
                        group.is_none_or(|g| {
                            let mine = match p.gender {
                                "woman" => "WOMAN",
                                "man" => "MAN",
                                "" => "NOT_GIVEN",
                                _ => "OTHER",
                            };
                            mine == g
                        })
                    })
                    .map(|(n, _)| n)
                    .collect()
            };
            if stage["eligible"]["count"].is_i64() {
                known.push((format!("total {i}"), members(i, None)));
            }
            let gender = stage["dimensions"]
                .as_array()
                .unwrap()
                .iter()
                .find(|d| d["dimension"] == "GENDER")
                .unwrap();
            let mut covered = BTreeSet::new();
            for g in gender["groups"].as_array().unwrap() {
                let name = g["group"].as_str().unwrap();
                if let Some(n) = g["eligible"]["count"].as_i64() {
                    assert_eq!(
                        n,
                        by_group.get(name).copied().unwrap_or(0),
                        "{db:?}: {name} at {}",
                        stage["stage"]
                    );
                    shown += 1;
                    covered.extend(members(i, Some(name)));
                    known.push((format!("{i} {name}"), members(i, Some(name))));
                }
                if let Some(rate) = g["rate"].as_f64() {
                    known.push((format!("{i} {name} reached"), members(i + 1, Some(name))));
                    let told = (rate * g["eligible"]["count"].as_f64().unwrap()).round() as usize;
                    assert_eq!(told, members(i + 1, Some(name)).len());
                }
            }
            if stage["eligible"]["count"].is_i64() {
                let rest = members(i, None).difference(&covered).copied().collect();
                known.push((format!("{i} rest"), rest));
            }
        }
        assert!(shown > 3, "{db:?}: something is shown: {report}");
        assert_nothing_small(&known);

        // Insights supply, against SQL.
        let found = call(
            &app,
            "{ insights(region: \"DE-BE\") { people { count }
            supply { nodes { skill { uri } people { count } } }
            flows { stage people { count } } } }",
            json!({}),
            &employer,
        )
        .await;
        let insights = &found["data"]["insights"];
        let held = counted(
            &app,
            db,
            &format!(
                "WITH {CONSENTING}
                 SELECT s.uri, COUNT(DISTINCT ps.profile_id) FROM profile_skills ps
                   JOIN skills s ON s.id = ps.skill_id
                   JOIN consenting c ON c.id = ps.profile_id
                  WHERE $1 = $1 GROUP BY s.uri"
            ),
            0,
        )
        .await;
        let consenting = counted(
            &app,
            db,
            &format!("WITH {CONSENTING} SELECT 'all', COUNT(*) FROM consenting WHERE $1 = $1"),
            0,
        )
        .await;
        if let Some(n) = insights["people"]["count"].as_i64() {
            assert_eq!(n, consenting["all"], "{db:?}: {found}");
        }
        let all: BTreeSet<usize> = people
            .iter()
            .enumerate()
            .filter(|(_, p)| p.analytics)
            .map(|(n, _)| n)
            .collect();
        let mut known = vec![("people".to_owned(), all)];
        let mut supply_shown = 0;
        for row in insights["supply"]["nodes"]
            .as_array()
            .unwrap_or_else(|| panic!("{found}"))
        {
            let uri = row["skill"]["uri"].as_str().unwrap();
            if let Some(n) = row["people"]["count"].as_i64() {
                assert_eq!(n, held.get(uri).copied().unwrap_or(0), "{db:?}: {uri}");
                supply_shown += 1;
                let s = skills.iter().position(|x| x == uri).unwrap();
                known.push((
                    uri.to_owned(),
                    people
                        .iter()
                        .enumerate()
                        .filter(|(_, p)| p.analytics && p.skills.contains(&s))
                        .map(|(n, _)| n)
                        .collect(),
                ));
            }
        }
        assert!(supply_shown > 0, "{db:?}: {found}");
        assert_nothing_small(&known);

        // Flows: people who applied (each once), consenting only.
        let applied = counted(
            &app,
            db,
            &format!(
                "WITH {CONSENTING}
                 SELECT 'applied', COUNT(DISTINCT a.profile_id) FROM applications a
                   JOIN consenting c ON c.id = a.profile_id WHERE $1 = $1"
            ),
            0,
        )
        .await;
        let flow = &insights["flows"][0];
        assert_eq!(flow["stage"], "APPLIED");
        if let Some(n) = flow["people"]["count"].as_i64() {
            assert_eq!(n, applied["applied"], "{db:?}: {found}");
        }
        app.stop().await;
    }
}
