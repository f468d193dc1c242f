//! Suggestions from free text over HTTP (both databases; Meilisearch when set): the skills
//! and occupations a paragraph mentions, with spans, labels and confidence, marked when on
//! the caller's profile; bad input named.

mod common;

use common::{setups, spawn_app_for};
use serde_json::{Value, json};

const SUGGEST_SKILLS: &str = "query($text: String!, $lang: String, $first: Int) {
  suggestSkills(text: $text, lang: $lang, first: $first) {
    skill { uri } matchedLabel { text lang preferred } span { start end text } confidence onProfile } }";

const SUGGEST_OCCUPATIONS: &str = "query($text: String!, $lang: String) {
  suggestOccupations(text: $text, lang: $lang, first: 5) {
    occupation { uri } matchedLabel { text lang } span { start end text } confidence onProfile } }";

const JAVASCRIPT: &str = "http://data.europa.eu/esco/skill/3cd569a2-4f88-4c1e-9995-8dce8c5e51a7";
const WORK_IN_TEAMS: &str = "http://data.europa.eu/esco/skill/60c78287-22eb-4103-9c8c-28deaa460da0";
const SPANISH: &str = "http://data.europa.eu/esco/skill/14ee9f76-3524-43d5-8a1a-5ba8283f8bd7";
const MAINTAIN_DATABASE: &str =
    "http://data.europa.eu/esco/skill/0df2e216-68ae-4952-b9dc-3c2f2bc04fe3";
const MOBILE_DEVELOPER: &str =
    "http://data.europa.eu/esco/occupation/2ed56c3f-61d6-4f7e-9ef8-8849eb102e4c";

const CV: &str = "In Lagos I built web shops in JavaScript, maintained the product database \
                  and worked in teams of five. Hablo español.";

fn suggestions<'a>(body: &'a Value, field: &str) -> &'a Vec<Value> {
    body["data"][field]
        .as_array()
        .unwrap_or_else(|| panic!("{body}"))
}

fn find<'a>(list: &'a [Value], key: &str, uri: &str) -> Option<&'a Value> {
    list.iter().find(|s| s[key]["uri"] == uri)
}

#[tokio::test]
async fn a_paragraph_suggests_the_skills_it_mentions() {
    for setup in setups() {
        let app = spawn_app_for(&setup).await;
        let token = app.register("amaka@example.org", "MIGRANT", "Amaka").await;
        let added = app
            .call(
                "mutation($input: AddProfileSkillInput!) { addProfileSkill(input: $input) { userErrors { code } } }",
                json!({ "input": { "skillUri": JAVASCRIPT, "proficiency": "ADVANCED" } }),
                Some(&token),
            )
            .await;
        assert_eq!(
            added["data"]["addProfileSkill"]["userErrors"],
            json!([]),
            "{added}"
        );

        let body = app
            .call(
                SUGGEST_SKILLS,
                json!({ "text": CV, "first": 20 }),
                Some(&token),
            )
            .await;
        let list = suggestions(&body, "suggestSkills");
        let javascript =
            find(list, "skill", JAVASCRIPT).unwrap_or_else(|| panic!("{setup:?} {body}"));
        assert_eq!(javascript["span"]["text"], "JavaScript");
        assert_eq!(javascript["span"]["start"], CV.find("JavaScript").unwrap());
        assert_eq!(javascript["onProfile"], true, "already on the profile");
        assert_eq!(javascript["confidence"], 1.0);
        let database = find(list, "skill", MAINTAIN_DATABASE).unwrap_or_else(|| panic!("{body}"));
        assert_eq!(database["span"]["text"], "maintained the product database");
        assert_eq!(database["onProfile"], false);
        assert!(
            database["confidence"].as_f64().unwrap() < 1.0,
            "a word in between"
        );
        let teams = find(list, "skill", WORK_IN_TEAMS).unwrap_or_else(|| panic!("{body}"));
        assert_eq!(teams["span"]["text"], "worked in teams");
        // "español" finds Spanish through its Spanish label; offsets count characters.
        let spanish = find(list, "skill", SPANISH).unwrap_or_else(|| panic!("{body}"));
        assert_eq!(spanish["span"]["text"], "español");
        assert_eq!(spanish["matchedLabel"]["lang"], "es");
        let start = spanish["span"]["start"].as_u64().unwrap() as usize;
        assert_eq!(
            CV.chars().skip(start).take(7).collect::<String>(),
            "español"
        );
        let confidences: Vec<f64> = list
            .iter()
            .map(|s| s["confidence"].as_f64().unwrap())
            .collect();
        assert!(
            confidences.windows(2).all(|w| w[0] >= w[1]),
            "{confidences:?}"
        );

        // Anonymous callers get the same suggestions, none marked.
        let anonymous = app
            .call(SUGGEST_SKILLS, json!({ "text": CV, "first": 20 }), None)
            .await;
        let list = suggestions(&anonymous, "suggestSkills");
        assert!(list.iter().all(|s| s["onProfile"] == false));
        assert!(find(list, "skill", JAVASCRIPT).is_some());

        // Occupations from a French sentence, gendered.
        let body = app
            .call(
                SUGGEST_OCCUPATIONS,
                json!({ "text": "Avant, j'étais développeuse d'applications mobiles à Lyon.", "lang": "fr" }),
                None,
            )
            .await;
        let list = suggestions(&body, "suggestOccupations");
        let developer =
            find(list, "occupation", MOBILE_DEVELOPER).unwrap_or_else(|| panic!("{body}"));
        assert_eq!(
            developer["span"]["text"],
            "développeuse d'applications mobiles"
        );

        // Blank text: nothing, no error. Bad input: named.
        let blank = app
            .call(SUGGEST_SKILLS, json!({ "text": "  \n " }), None)
            .await;
        assert_eq!(blank["data"]["suggestSkills"], json!([]), "{blank}");
        for (variables, field) in [
            (json!({ "text": "x".repeat(5_001) }), "`text`"),
            (json!({ "text": CV, "first": 0 }), "`first`"),
            (json!({ "text": CV, "first": 51 }), "`first`"),
            (
                json!({ "text": CV, "lang": "not a language" }),
                "language tag",
            ),
        ] {
            let bad = app.call(SUGGEST_SKILLS, variables, None).await;
            assert_eq!(
                bad["errors"][0]["extensions"]["code"], "BAD_USER_INPUT",
                "{bad}"
            );
            let message = bad["errors"][0]["message"].as_str().unwrap();
            assert!(message.contains(field), "{message}");
        }
        // A language without a stemmer: folding only, never a failure.
        let polish = app
            .call(SUGGEST_SKILLS, json!({ "text": CV, "lang": "pl" }), None)
            .await;
        assert!(find(suggestions(&polish, "suggestSkills"), "skill", JAVASCRIPT).is_some());
        app.stop().await;
    }
}
