//! What everyone may read, signed in or not: the ESCO taxonomy (skills, occupations, the
//! ESCO skill of each language) and the shortage lists. No rule guards them; they are read
//! here so that the GraphQL layer reads through the app alone (or its request's loaders).

use chrono::NaiveDate;
use skillbridge_domain::shortage::{Region, Shortage};
use skillbridge_domain::taxonomy::{Occupation, OccupationQuery, Skill, SkillQuery};
use skillbridge_domain::{LanguageCode, Page, PageRequest, ShortageId};

use crate::{App, ServiceResult};

impl App {
    /// A skill or skill group by its ESCO URI.
    pub async fn find_skill(&self, uri: &str) -> ServiceResult<Option<Skill>> {
        Ok(self.store.skill_by_uri(uri).await?)
    }

    /// An occupation by its ESCO URI.
    pub async fn find_occupation(&self, uri: &str) -> ServiceResult<Option<Occupation>> {
        Ok(self.store.occupation_by_uri(uri).await?)
    }

    /// Skills (not groups) as `query` filters them, by preferred label (search is the
    /// search index's: [`crate::App::index`]).
    pub async fn skills(
        &self,
        query: &SkillQuery,
        page: &PageRequest,
    ) -> ServiceResult<Page<Skill>> {
        Ok(self.store.find_skills(query, page).await?)
    }

    /// Occupations as `query` filters them, by preferred label.
    pub async fn occupations(
        &self,
        query: &OccupationQuery,
        page: &PageRequest,
    ) -> ServiceResult<Page<Occupation>> {
        Ok(self.store.find_occupations(query, page).await?)
    }

    /// Every ISO 639-1 language with its ESCO language skill, where ESCO has one.
    pub async fn languages(&self) -> ServiceResult<Vec<(LanguageCode, Option<Skill>)>> {
        let languages: Vec<LanguageCode> = LanguageCode::all().collect();
        let names: Vec<&str> = languages.iter().map(|l| l.esco_name()).collect();
        let skills = self.store.skills_by_english_label(&names).await?;
        Ok(languages
            .into_iter()
            .map(|code| {
                let skill = skills
                    .iter()
                    .find(|(label, _)| label == code.esco_name())
                    .map(|(_, skill)| skill.clone());
                (code, skill)
            })
            .collect())
    }

    /// The shortage list entries that apply in `region` (its own, its country's and, in an
    /// EU member state, the EU-wide lists), in the store's order: those in force on `day`,
    /// or every one with `include_expired`.
    pub async fn shortages_in(
        &self,
        region: &Region,
        day: NaiveDate,
        include_expired: bool,
    ) -> ServiceResult<Vec<Shortage>> {
        let entries = self.store.shortages_in(&region.covering()).await?;
        Ok(entries
            .into_iter()
            .filter(|s| include_expired || s.entry.is_current(day))
            .collect())
    }

    /// One shortage list entry.
    pub async fn shortage(&self, id: ShortageId) -> ServiceResult<Option<Shortage>> {
        Ok(self.store.shortage_by_id(id).await?)
    }
}
