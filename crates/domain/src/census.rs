//! The consenting population in aggregate, kept person by person: for each place (a
//! country or an ISO 3166-2 subdivision), how many people who consent to ANALYTICS live
//! there, and how many of them hold each skill and speak each language. Insights read a
//! region's figures from it by adding up its places, without reading anyone's profile.

use std::collections::HashMap;

use crate::shortage::Region;
use crate::{LanguageCode, ProfileId, SkillId};

/// What the census knows of one consenting person.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CensusEntry {
    /// Where they live: their subdivision, else their country; `None` when neither.
    pub place: Option<Region>,
    pub skills: Vec<SkillId>,
    pub languages: Vec<LanguageCode>,
}

/// The people of a place or region, and how many hold each skill and speak each language.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    pub people: u64,
    pub skills: HashMap<SkillId, u64>,
    pub languages: HashMap<LanguageCode, u64>,
}

impl Tally {
    fn add(&mut self, entry: &CensusEntry) {
        self.people += 1;
        for skill in &entry.skills {
            *self.skills.entry(*skill).or_default() += 1;
        }
        for language in &entry.languages {
            *self.languages.entry(*language).or_default() += 1;
        }
    }

    fn subtract(&mut self, entry: &CensusEntry) {
        self.people -= 1;
        for skill in &entry.skills {
            if let Some(n) = self.skills.get_mut(skill) {
                *n -= 1;
                if *n == 0 {
                    self.skills.remove(skill);
                }
            }
        }
        for language in &entry.languages {
            if let Some(n) = self.languages.get_mut(language) {
                *n -= 1;
                if *n == 0 {
                    self.languages.remove(language);
                }
            }
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
}

/// Every consenting person's entry and the tally of each place.
#[derive(Clone, Debug, Default)]
pub struct PeopleCensus {
    people: HashMap<ProfileId, CensusEntry>,
    places: HashMap<Option<Region>, Tally>,
}

impl PeopleCensus {
    /// Counts `person` as `entry` (in place of what was counted for them before); each
    /// skill and language once.
    pub fn upsert(&mut self, person: ProfileId, mut entry: CensusEntry) {
        self.remove(person);
        entry.skills.sort();
        entry.skills.dedup();
        entry.languages.sort();
        entry.languages.dedup();
        self.places
            .entry(entry.place.clone())
            .or_default()
            .add(&entry);
        self.people.insert(person, entry);
    }

    /// Stops counting `person` (they withdrew consent, or are gone).
    pub fn remove(&mut self, person: ProfileId) {
        if let Some(old) = self.people.remove(&person)
            && let Some(tally) = self.places.get_mut(&old.place)
        {
            tally.subtract(&old);
            if tally.people == 0 {
                self.places.remove(&old.place);
            }
        }
    }

    /// How many people are counted.
    pub fn len(&self) -> usize {
        self.people.len()
    }

    pub fn is_empty(&self) -> bool {
        self.people.is_empty()
    }

    /// The tally of `region` (its places: itself, its subdivisions; every EU member's for
    /// EU), or of everyone.
    pub fn tally(&self, region: Option<&Region>) -> Tally {
        let mut total = Tally::default();
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

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(place: &str, skills: &[SkillId], languages: &[&str]) -> CensusEntry {
        CensusEntry {
            place: Region::parse(place).ok(),
            skills: skills.to_vec(),
            languages: languages
                .iter()
                .map(|l| LanguageCode::parse(l).unwrap())
                .collect(),
        }
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
}
