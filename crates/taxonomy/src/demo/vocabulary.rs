//! What demo data is drawn from: the occupations in the taxonomy with the skills each
//! needs, the skills' English labels, and which occupations are in shortage.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::NaiveDate;
use skillbridge_domain::shortage::Region;
use skillbridge_domain::taxonomy::{OccupationQuery, SkillQuery, SkillRelation};
use skillbridge_domain::{OccupationId, PageRequest, SkillId, Store, StoreResult};

use super::places::CITIES;

/// An occupation that demo vacancies, profiles and courses can be about.
#[derive(Clone, Debug)]
pub struct DemoOccupation {
    pub id: OccupationId,
    pub label: String,
    /// ISCO-08 unit group.
    pub isco_code: Option<String>,
    pub essential: Vec<SkillId>,
    pub optional: Vec<SkillId>,
    /// On a shortage list in force for the EU or a demo city's country.
    pub shortage: bool,
}

/// The taxonomy as the generators see it.
#[derive(Clone, Debug, Default)]
pub struct Vocabulary {
    /// Occupations with at least three skills, in URI order.
    pub occupations: Vec<DemoOccupation>,
    /// Indexes into `occupations` of the shortage ones.
    pub shortage: Vec<usize>,
    pub skill_labels: HashMap<SkillId, String>,
}

/// The fewest skills an occupation needs to be used.
const MIN_SKILLS: usize = 3;
/// Words that say nothing about a skill.
const STOP: &[&str] = &[
    "and", "the", "for", "with", "from", "into", "that", "this", "other",
];
/// Occupation-label words too general to find skills by.
const GENERIC: &[&str] = &[
    "worker",
    "assistant",
    "manager",
    "specialist",
    "officer",
    "operator",
    "technician",
    "professional",
    "general",
    "senior",
    "junior",
    "head",
    "supervisor",
    "chief",
    "leader",
    "coordinator",
    "director",
    "expert",
    "employee",
    "production",
    "product",
    "equipment",
    "machine",
    "material",
    "service",
];

fn is_one_of(root: &str, words: &[&str]) -> bool {
    words.iter().any(|w| self::root(w) == root)
}

impl Vocabulary {
    /// Occupations keep the skills ESCO links them to. Where the taxonomy links too few
    /// (the starter taxonomy ships ESCO's sample of links), an occupation borrows the skills
    /// whose English label shares a word stem with its own label ("welder" -> "weld metal
    /// parts"); occupations that still have fewer than three skills are left out.
    pub fn new(
        occupations: Vec<(OccupationId, String, Option<String>, bool)>,
        links: Vec<(OccupationId, SkillRelation, SkillId)>,
        skill_labels: HashMap<SkillId, String>,
    ) -> Self {
        let mut linked: HashMap<OccupationId, (Vec<SkillId>, Vec<SkillId>)> = HashMap::new();
        for (occupation, relation, skill) in links {
            let entry = linked.entry(occupation).or_default();
            match relation {
                SkillRelation::Optional => entry.1.push(skill),
                _ => entry.0.push(skill),
            }
        }
        // Skills by the roots of their label words, in label order.
        let mut by_label: Vec<(&String, SkillId)> = skill_labels
            .iter()
            .map(|(id, label)| (label, *id))
            .collect();
        by_label.sort();
        let mut by_root: BTreeMap<String, Vec<SkillId>> = BTreeMap::new();
        for (label, id) in by_label {
            let mut seen = HashSet::new();
            for root in roots(label) {
                if seen.insert(root.clone()) {
                    by_root.entry(root).or_default().push(id);
                }
            }
        }
        let skill_count = skill_labels.len().max(1) as f64;
        let mut result = Vocabulary {
            skill_labels,
            ..Default::default()
        };
        for (id, label, isco_code, shortage) in occupations {
            let (mut essential, mut optional) = linked.remove(&id).unwrap_or_default();
            if essential.len() + optional.len() < MIN_SKILLS {
                let mut borrowed = borrow(&label, &by_root, skill_count);
                borrowed.retain(|skill| !essential.contains(skill) && !optional.contains(skill));
                let split = borrowed.len().min(8);
                optional.extend(borrowed.split_off(split));
                essential.extend(borrowed);
            }
            if essential.len() + optional.len() < MIN_SKILLS {
                continue;
            }
            essential.sort();
            optional.sort();
            if shortage {
                result.shortage.push(result.occupations.len());
            }
            result.occupations.push(DemoOccupation {
                id,
                label,
                isco_code,
                essential,
                optional,
                shortage,
            });
        }
        result
    }

    pub fn label(&self, skill: SkillId) -> &str {
        self.skill_labels.get(&skill).map_or("", String::as_str)
    }
}

/// Up to twelve skills for an occupation that ESCO links too few to: those whose labels
/// share the rarest word roots with the occupation's label ("welder" -> "weld metal
/// parts"), best first, keeping only those within half the best score.
fn borrow(label: &str, by_root: &BTreeMap<String, Vec<SkillId>>, skill_count: f64) -> Vec<SkillId> {
    let mut scores: BTreeMap<SkillId, f64> = BTreeMap::new();
    for root in roots(label).filter(|r| !is_one_of(r, GENERIC)) {
        let Some(skills) = by_root.get(&root) else {
            continue;
        };
        // Rarer roots say more: inverse document frequency.
        let weight = (skill_count / skills.len() as f64).ln();
        for skill in skills {
            *scores.entry(*skill).or_default() += weight;
        }
    }
    let best = scores.values().copied().fold(0.0, f64::max);
    let mut ranked: Vec<(SkillId, f64)> = scores
        .into_iter()
        .filter(|(_, score)| *score > 0.0 && *score >= best / 2.0)
        .collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    ranked
        .into_iter()
        .take(12)
        .map(|(skill, _)| skill)
        .collect()
}

/// The roots of a label's words: lower case, common English suffixes stripped, so that
/// "welder", "welding" and "weld" meet.
fn roots(label: &str) -> impl Iterator<Item = String> + '_ {
    label
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| w.chars().count() >= 3)
        .map(|w| root(&w.to_lowercase()))
        .filter(|r| r.chars().count() >= 3 && !is_one_of(r, STOP))
}

fn root(word: &str) -> String {
    const SUFFIXES: &[&str] = &[
        "ations", "ation", "ities", "ians", "ists", "ings", "ers", "ors", "ics", "ity", "ian",
        "ist", "ing", "ion", "ies", "er", "or", "al", "es", "e", "s", "y",
    ];
    for suffix in SUFFIXES {
        if let Some(stripped) = word.strip_suffix(suffix)
            && stripped.chars().count() >= 3
        {
            return stripped.to_owned();
        }
    }
    word.to_owned()
}

/// Reads the vocabulary from the store: every occupation with its English label and skill
/// links, every skill's English label, and the shortage lists in force on `today`.
pub async fn read(store: &dyn Store, today: NaiveDate) -> StoreResult<Vocabulary> {
    const PAGE: usize = 500;
    let mut occupations = Vec::new();
    let mut after = None;
    loop {
        let query = OccupationQuery {
            lang: "en".into(),
            ..Default::default()
        };
        let page = store
            .find_occupations(
                &query,
                &PageRequest {
                    first: PAGE,
                    after: after.clone(),
                },
            )
            .await?;
        after = page.items.last().map(|(position, _)| position.clone());
        occupations.extend(page.items.into_iter().map(|(_, o)| o));
        if !page.has_next_page {
            break;
        }
    }
    let mut regions: Vec<Region> = vec![Region::parse("EU").expect("EU is a region")];
    for city in CITIES {
        regions.extend(Region::parse(city.country));
        regions.extend(Region::parse(city.region));
    }
    regions.sort();
    regions.dedup();
    let shortages = store.shortages_in(&regions).await?;

    let mut labelled = Vec::with_capacity(occupations.len());
    let mut links = Vec::new();
    for chunk in occupations.chunks(PAGE) {
        let ids: Vec<OccupationId> = chunk.iter().map(|o| o.id).collect();
        let labels: HashMap<OccupationId, String> = store
            .occupation_labels(&ids, &["en"])
            .await?
            .into_iter()
            .map(|(id, label)| (id, label.preferred))
            .collect();
        for occupation in chunk {
            let shortage = shortages.iter().any(|s| {
                s.entry.is_current(today)
                    && s.entry
                        .names(&occupation.uri, occupation.isco_code.as_deref())
            });
            let label = labels.get(&occupation.id).cloned().unwrap_or_default();
            labelled.push((occupation.id, label, occupation.isco_code.clone(), shortage));
        }
        links.extend(
            store
                .occupation_skills(&ids)
                .await?
                .into_iter()
                .map(|(occupation, relation, skill)| (occupation, relation, skill.id)),
        );
    }

    let mut skill_labels = HashMap::new();
    let mut after = None;
    loop {
        let query = SkillQuery {
            text: None,
            skill_type: None,
            lang: "en".into(),
        };
        let page = store
            .find_skills(
                &query,
                &PageRequest {
                    first: PAGE,
                    after: after.clone(),
                },
            )
            .await?;
        after = page.items.last().map(|(position, _)| position.clone());
        let ids: Vec<SkillId> = page.items.iter().map(|(_, s)| s.id).collect();
        for (id, label) in store.skill_labels(&ids, &["en"]).await? {
            skill_labels.insert(id, label.preferred);
        }
        if !page.has_next_page {
            break;
        }
    }
    Ok(Vocabulary::new(labelled, links, skill_labels))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn occupations_keep_their_links_or_borrow_skills_by_label() {
        let welder = OccupationId::new();
        let analyst = OccupationId::new();
        let poet = OccupationId::new();
        let skills: Vec<SkillId> = (0..6).map(|_| SkillId::new()).collect();
        let labels = HashMap::from([
            (skills[0], "weld metal parts".to_owned()),
            (skills[1], "welding techniques".to_owned()),
            (skills[2], "use welding equipment".to_owned()),
            (skills[3], "analyse data".to_owned()),
            (skills[4], "SQL".to_owned()),
            (skills[5], "statistics".to_owned()),
        ]);
        let links = vec![
            (analyst, SkillRelation::Essential, skills[3]),
            (analyst, SkillRelation::Essential, skills[4]),
            (analyst, SkillRelation::Optional, skills[5]),
        ];
        let vocabulary = Vocabulary::new(
            vec![
                (welder, "welder".into(), Some("7212".into()), true),
                (analyst, "data analyst".into(), Some("2511".into()), false),
                (poet, "poet".into(), None, false),
            ],
            links,
            labels,
        );
        let ids: Vec<_> = vocabulary.occupations.iter().map(|o| o.id).collect();
        assert_eq!(
            ids,
            vec![welder, analyst],
            "the poet has no skills to draw on"
        );
        let mut borrowed = vocabulary.occupations[0].essential.clone();
        borrowed.sort();
        let mut expected = vec![skills[0], skills[1], skills[2]];
        expected.sort();
        assert_eq!(borrowed, expected, "welder -> weld, welding");
        assert_eq!(vocabulary.occupations[1].optional, vec![skills[5]]);
        assert_eq!(vocabulary.shortage, vec![0]);
    }
}
