//! Rows by id and the relations of vacancies, courses and profiles, one statement per kind
//! of row for a whole page.

use std::collections::HashMap;

use async_graphql::dataloader::Loader;
use skillbridge_domain::application::ApplicationEvent;
use skillbridge_domain::career::{Qualification, WorkExperience};
use skillbridge_domain::course::{Cohort, Course, CourseSkill, Prerequisite};
use skillbridge_domain::enrolment::EnrolmentEvent;
use skillbridge_domain::profile::{Profile, ProfileLanguage, ProfileSkill, Track};
use skillbridge_domain::shortage::{Region, Shortage};
use skillbridge_domain::taxonomy::{Occupation, Skill};
use skillbridge_domain::vacancy::{InclusionSupport, Vacancy, VacancyLanguage, VacancySkill};
use skillbridge_domain::{
    CohortId, CourseId, LanguageCode, OccupationId, Organisation, OrganisationId, ProfileId,
    SkillId, User, UserId, VacancyId,
};

use super::{StoreLoader, grouped};
use crate::GqlError;

by_id!(UserById(UserId) -> User, users_by_ids);
by_id!(OrganisationById(OrganisationId) -> Organisation, organisations_by_ids);
by_id!(SkillById(SkillId) -> Skill, skills_by_ids);
by_id!(OccupationById(OccupationId) -> Occupation, occupations_by_ids);
by_id!(VacancyById(VacancyId) -> Vacancy, vacancies_by_ids);
by_id!(ProfileById(ProfileId) -> Profile, profiles_by_ids);
by_id!(CourseById(CourseId) -> Course, courses_by_ids);
by_id!(CohortById(CohortId) -> Cohort, cohorts_by_ids);

rows_of!(VacancySkillsOf(VacancyId) -> VacancySkill, vacancy_skills);
rows_of!(VacancyLanguagesOf(VacancyId) -> VacancyLanguage, vacancy_languages);
rows_of!(VacancySupportOf(VacancyId) -> InclusionSupport, vacancy_support);
rows_of!(VacancyTracksOf(VacancyId) -> Track, vacancy_tracks);

rows_of!(CourseSkillsOf(CourseId) -> CourseSkill, course_skills);
rows_of!(CourseLanguagesOf(CourseId) -> LanguageCode, course_languages);
rows_of!(CourseTracksOf(CourseId) -> Track, course_tracks);
rows_of!(CoursePrerequisitesOf(CourseId) -> Prerequisite, course_prerequisites);

rows_of!(
    /// A profile's skills (a caseload or any list of profiles costs one statement per
    /// relation, as for the relations below).
    ProfileSkillsOf(ProfileId) -> ProfileSkill, skills_of_profiles
);
rows_of!(ProfileLanguagesOf(ProfileId) -> ProfileLanguage, languages_of_profiles);
rows_of!(QualificationsOf(ProfileId) -> Qualification, qualifications_of_profiles);
rows_of!(ExperiencesOf(ProfileId) -> WorkExperience, experiences_of_profiles);
rows_of!(DesiredOccupationsOf(ProfileId) -> OccupationId, desired_occupations_of_profiles);

/// A course's cohorts.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct CohortsOf(pub CourseId);

impl Loader<CohortsOf> for StoreLoader {
    type Value = Vec<Cohort>;
    type Error = GqlError;

    async fn load(&self, keys: &[CohortsOf]) -> Result<HashMap<CohortsOf, Vec<Cohort>>, GqlError> {
        let ids: Vec<CourseId> = keys.iter().map(|k| k.0).collect();
        let cohorts = self.store.cohorts_of(&ids).await?;
        Ok(grouped(
            cohorts.into_iter().map(|c| (c.course_id, c)).collect(),
            CohortsOf,
        ))
    }
}

/// A count per cohort, one statement for a page; a cohort without any counts nothing.
macro_rules! count_per_cohort {
    ($(#[$doc:meta])* $key:ident, $read:ident) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        pub struct $key(pub CohortId);

        impl Loader<$key> for StoreLoader {
            type Value = i64;
            type Error = GqlError;

            async fn load(&self, keys: &[$key]) -> Result<HashMap<$key, i64>, GqlError> {
                let ids: Vec<CohortId> = keys.iter().map(|k| k.0).collect();
                Ok(self
                    .store
                    .$read(&ids)
                    .await?
                    .into_iter()
                    .map(|(id, n)| ($key(id), n))
                    .collect())
            }
        }
    };
}

count_per_cohort!(
    /// Seats given out in a cohort (confirmed, completed, dropped).
    SeatsTakenIn, seats_taken
);
count_per_cohort!(
    /// People on a cohort's waiting list.
    WaitingIn, waitlist_lengths
);

rows_of!(
    /// An application's history, oldest first.
    EventsOfApplication(uuid::Uuid) -> ApplicationEvent, application_events, owner application_id
);
rows_of!(
    /// A placement's check-ins, by milestone.
    CheckInsOf(uuid::Uuid) -> skillbridge_domain::follow_up::CheckIn, check_ins_of, owner placement_id
);
rows_of!(
    /// An enrolment's history, oldest first.
    EventsOfEnrolment(uuid::Uuid) -> EnrolmentEvent, enrolment_events, owner enrolment_id
);

/// The shortage list entries that apply in a region (its own, its country's, the EU's).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ShortagesIn(pub Region);

impl Loader<ShortagesIn> for StoreLoader {
    type Value = Vec<Shortage>;
    type Error = GqlError;

    async fn load(
        &self,
        keys: &[ShortagesIn],
    ) -> Result<HashMap<ShortagesIn, Vec<Shortage>>, GqlError> {
        let mut regions: Vec<Region> = keys.iter().flat_map(|k| k.0.covering()).collect();
        regions.sort();
        regions.dedup();
        let entries = self.store.shortages_in(&regions).await?;
        Ok(keys
            .iter()
            .map(|key| {
                let covering = key.0.covering();
                let applicable = entries
                    .iter()
                    .filter(|e| covering.contains(&e.entry.region))
                    .cloned()
                    .collect();
                (key.clone(), applicable)
            })
            .collect())
    }
}
