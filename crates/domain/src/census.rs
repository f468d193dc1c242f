//! Populations in aggregate, kept entry by entry: for each place (a country or an ISO
//! 3166-2 subdivision), the people who consent to ANALYTICS living there with the skills
//! they hold and the languages they speak ([`PeopleCensus`]), and the open vacancies there
//! with the skills and occupations they ask for ([`VacancyCensus`]). Insights read a
//! region's figures by adding up its places, without reading any row.

use std::collections::HashMap;
use std::hash::Hash;

use crate::insights::{OccupationDemand, SkillDemand};
use crate::shortage::Region;
use crate::{LanguageCode, OccupationId, ProfileId, SkillId, VacancyId};

/// What a place's tally adds up.
pub trait Tallied: Default + Clone {
    type Entry;
    /// Where an entry is counted: its subdivision, else its country; `None` when neither.
    fn place(entry: &Self::Entry) -> &Option<Region>;
    fn add(&mut self, entry: &Self::Entry);
    fn subtract(&mut self, entry: &Self::Entry);
    fn merge(&mut self, other: &Self);
    /// Nothing is counted in it any more.
    fn is_empty(&self) -> bool;
}

/// Every entry and the tally of each place.
#[derive(Clone, Debug)]
pub struct Census<K, T: Tallied> {
    entries: HashMap<K, T::Entry>,
    places: HashMap<Option<Region>, T>,
}

impl<K, T: Tallied> Default for Census<K, T> {
    fn default() -> Self {
        Self {
            entries: HashMap::new(),
            places: HashMap::new(),
        }
    }
}

impl<K: Copy + Eq + Hash, T: Tallied> Census<K, T> {
    /// Counts `key` as `entry`, in place of what was counted for it before.
    pub fn upsert(&mut self, key: K, entry: T::Entry) {
        self.remove(key);
        self.places
            .entry(T::place(&entry).clone())
            .or_default()
            .add(&entry);
        self.entries.insert(key, entry);
    }

    /// Stops counting `key`.
    pub fn remove(&mut self, key: K) {
        if let Some(old) = self.entries.remove(&key)
            && let Some(tally) = self.places.get_mut(T::place(&old))
        {
            tally.subtract(&old);
            if tally.is_empty() {
                self.places.remove(T::place(&old));
            }
        }
    }

    /// How many entries are counted.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The tally of `region` (its places: itself, its subdivisions; every EU member's for
    /// EU), or of everything.
    pub fn tally(&self, region: Option<&Region>) -> T {
        let mut total = T::default();
        for (place, tally) in &self.places {
            let inside = match (region, place) {
                (None, _) => true,
                (Some(region), Some(place)) => place.covering().contains(region),
                (Some(_), None) => false,
            };
            if inside {
                total.merge(tally);
            }
        }
        total
    }
}

/// What the census knows of one consenting person.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CensusEntry {
    pub place: Option<Region>,
    /// Each once.
    pub skills: Vec<SkillId>,
    pub languages: Vec<LanguageCode>,
}

impl CensusEntry {
    /// The entry with each skill and language once.
    pub fn new(
        place: Option<Region>,
        mut skills: Vec<SkillId>,
        mut languages: Vec<LanguageCode>,
    ) -> Self {
        skills.sort();
        skills.dedup();
        languages.sort();
        languages.dedup();
        Self {
            place,
            skills,
            languages,
        }
    }
}

/// The people of a place or region, and how many hold each skill and speak each language.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    pub people: u64,
    pub skills: HashMap<SkillId, u64>,
    pub languages: HashMap<LanguageCode, u64>,
}

/// Adds `n` to a count, or takes it off (dropping counts that reach 0).
fn count<K: Eq + Hash>(counts: &mut HashMap<K, u64>, key: K, add: bool) {
    if add {
        *counts.entry(key).or_default() += 1;
    } else if let Some(n) = counts.get_mut(&key) {
        *n -= 1;
        if *n == 0 {
            counts.remove(&key);
        }
    }
}

impl Tallied for Tally {
    type Entry = CensusEntry;

    fn place(entry: &CensusEntry) -> &Option<Region> {
        &entry.place
    }

    fn add(&mut self, entry: &CensusEntry) {
        self.people += 1;
        for skill in &entry.skills {
            count(&mut self.skills, *skill, true);
        }
        for language in &entry.languages {
            count(&mut self.languages, *language, true);
        }
    }

    fn subtract(&mut self, entry: &CensusEntry) {
        self.people -= 1;
        for skill in &entry.skills {
            count(&mut self.skills, *skill, false);
        }
        for language in &entry.languages {
            count(&mut self.languages, *language, false);
        }
    }

    fn merge(&mut self, other: &Tally) {
        self.people += other.people;
        for (skill, n) in &other.skills {
            *self.skills.entry(*skill).or_default() += n;
        }
        for (language, n) in &other.languages {
            *self.languages.entry(*language).or_default() += n;
        }
    }

    fn is_empty(&self) -> bool {
        self.people == 0
    }
}

/// The consenting population.
pub type PeopleCensus = Census<ProfileId, Tally>;

/// What the census knows of one open vacancy.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VacancyEntry {
    pub place: Option<Region>,
    pub occupation: Option<OccupationId>,
    pub positions: u64,
    /// Its occupation is on a shortage list for its place (as of when it was read).
    pub shortage: bool,
    /// Each skill once, and whether it is ESSENTIAL.
    pub skills: Vec<(SkillId, bool)>,
}

/// What the open vacancies of a place or region ask for.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DemandTally {
    pub vacancies: u64,
    pub skills: HashMap<SkillId, SkillDemand>,
    pub occupations: HashMap<Option<OccupationId>, OccupationDemand>,
}

impl DemandTally {
    fn apply(&mut self, entry: &VacancyEntry, add: bool) {
        let step = |n: &mut u64, by: u64| {
            if add {
                *n += by;
            } else {
                *n -= by;
            }
        };
        step(&mut self.vacancies, 1);
        for (skill, essential) in &entry.skills {
            let row = self.skills.entry(*skill).or_insert(SkillDemand {
                skill: *skill,
                vacancies: 0,
                essential: 0,
                shortage: 0,
            });
            step(&mut row.vacancies, 1);
            step(&mut row.essential, u64::from(*essential));
            step(&mut row.shortage, u64::from(entry.shortage));
            if row.vacancies == 0 {
                self.skills.remove(skill);
            }
        }
        let row = self
            .occupations
            .entry(entry.occupation)
            .or_insert(OccupationDemand {
                occupation: entry.occupation,
                vacancies: 0,
                positions: 0,
                shortage: 0,
            });
        step(&mut row.vacancies, 1);
        step(&mut row.positions, entry.positions);
        step(&mut row.shortage, u64::from(entry.shortage));
        if row.vacancies == 0 {
            self.occupations.remove(&entry.occupation);
        }
    }
}

impl Tallied for DemandTally {
    type Entry = VacancyEntry;

    fn place(entry: &VacancyEntry) -> &Option<Region> {
        &entry.place
    }

    fn add(&mut self, entry: &VacancyEntry) {
        self.apply(entry, true);
    }

    fn subtract(&mut self, entry: &VacancyEntry) {
        self.apply(entry, false);
    }

    fn merge(&mut self, other: &DemandTally) {
        self.vacancies += other.vacancies;
        for (skill, d) in &other.skills {
            let row = self.skills.entry(*skill).or_insert(SkillDemand {
                skill: *skill,
                vacancies: 0,
                essential: 0,
                shortage: 0,
            });
            row.vacancies += d.vacancies;
            row.essential += d.essential;
            row.shortage += d.shortage;
        }
        for (occupation, d) in &other.occupations {
            let row = self
                .occupations
                .entry(*occupation)
                .or_insert(OccupationDemand {
                    occupation: *occupation,
                    vacancies: 0,
                    positions: 0,
                    shortage: 0,
                });
            row.vacancies += d.vacancies;
            row.positions += d.positions;
            row.shortage += d.shortage;
        }
    }

    fn is_empty(&self) -> bool {
        self.vacancies == 0
    }
}

/// The open vacancies.
pub type VacancyCensus = Census<VacancyId, DemandTally>;

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(place: &str, skills: &[SkillId], languages: &[&str]) -> CensusEntry {
        CensusEntry::new(
            Region::parse(place).ok(),
            skills.to_vec(),
            languages
                .iter()
                .map(|l| LanguageCode::parse(l).unwrap())
                .collect(),
        )
    }

    #[test]
    fn regions_add_up_their_places_and_changes_replace_what_was_counted() {
        let (weld, cook) = (SkillId::new(), SkillId::new());
        let (a, b, c) = (ProfileId::new(), ProfileId::new(), ProfileId::new());
        let mut census = PeopleCensus::default();
        census.upsert(a, entry("DE-BY", &[weld, weld, cook], &["de", "ar"]));
        census.upsert(b, entry("DE", &[weld], &["de"]));
        census.upsert(c, entry("FR", &[cook], &["fr"]));
        let germany = census.tally(Region::parse("DE").ok().as_ref());
        assert_eq!(germany.people, 2);
        assert_eq!(germany.skills[&weld], 2, "each person's skill once");
        assert_eq!(germany.skills[&cook], 1);
        let bavaria = census.tally(Region::parse("DE-BY").ok().as_ref());
        assert_eq!(bavaria.people, 1);
        let eu = census.tally(Region::parse("EU").ok().as_ref());
        assert_eq!(eu.people, 3);
        assert_eq!(census.tally(None).people, 3);

        // A move and a changed skill replace the old entry; a withdrawal removes it.
        census.upsert(a, entry("FR", &[cook], &["fr"]));
        let germany = census.tally(Region::parse("DE").ok().as_ref());
        assert_eq!(germany.people, 1);
        assert_eq!(germany.skills.get(&cook), None);
        census.remove(c);
        census.remove(c);
        let france = census.tally(Region::parse("FR").ok().as_ref());
        assert_eq!(france.people, 1);
        assert_eq!(france.skills[&cook], 1);
        assert_eq!(census.len(), 2);
    }

    #[test]
    fn open_vacancies_add_up_by_skill_and_occupation() {
        let (weld, cook) = (SkillId::new(), SkillId::new());
        let welder = OccupationId::new();
        let vacancy = |place: &str, shortage: bool, skills: Vec<(SkillId, bool)>| VacancyEntry {
            place: Region::parse(place).ok(),
            occupation: Some(welder),
            positions: 3,
            shortage,
            skills,
        };
        let (a, b) = (VacancyId::new(), VacancyId::new());
        let mut census = VacancyCensus::default();
        census.upsert(a, vacancy("DE-BY", true, vec![(weld, true), (cook, false)]));
        census.upsert(b, vacancy("AT", false, vec![(weld, false)]));
        let eu = census.tally(Region::parse("EU").ok().as_ref());
        assert_eq!(eu.vacancies, 2);
        assert_eq!(
            eu.skills[&weld],
            SkillDemand {
                skill: weld,
                vacancies: 2,
                essential: 1,
                shortage: 1
            }
        );
        assert_eq!(eu.occupations[&Some(welder)].positions, 6);
        // Closed: no longer counted anywhere.
        census.remove(a);
        let germany = census.tally(Region::parse("DE").ok().as_ref());
        assert_eq!(germany, DemandTally::default());
        assert_eq!(census.tally(None).skills.get(&cook), None);
    }
}
