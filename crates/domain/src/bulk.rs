//! Loading many rows at once (demo data, migrations from other systems): the same rows the
//! one-at-a-time repositories write, many to a transaction.

use chrono::NaiveDate;

use crate::career::WorkExperience;
use crate::course::CourseDetails;
use crate::profile::{NewProfileSkill, ProfileDetails, ProfileLanguage};
use crate::vacancy::{VacancyDetails, VacancyStatus};
use crate::{NewUser, OccupationId, OrganisationId, StoreResult};

/// A migrant's account with a complete profile.
#[derive(Clone, Debug)]
pub struct BulkProfile {
    pub user: NewUser,
    pub details: ProfileDetails,
    pub skills: Vec<NewProfileSkill>,
    pub languages: Vec<ProfileLanguage>,
    pub experience: Vec<WorkExperience>,
    pub desired_occupations: Vec<OccupationId>,
    /// Consents the person gave (all granted at load time).
    pub consents: Vec<crate::ConsentPurpose>,
}

/// A vacancy in any state (an OPEN one is published at load time).
#[derive(Clone, Debug)]
pub struct BulkVacancy {
    pub organisation: OrganisationId,
    pub details: VacancyDetails,
    pub status: VacancyStatus,
}

/// A cohort of a course being loaded.
#[derive(Clone, Debug)]
pub struct BulkCohort {
    pub starts_on: NaiveDate,
    pub ends_on: Option<NaiveDate>,
    pub seats: i32,
}

#[derive(Clone, Debug)]
pub struct BulkCourse {
    pub organisation: OrganisationId,
    pub details: CourseDetails,
    pub cohorts: Vec<BulkCohort>,
}

/// Each call writes its whole batch in one transaction, or nothing.
#[async_trait::async_trait]
pub trait BulkLoadRepository: Send + Sync {
    async fn load_profiles(&self, batch: &[BulkProfile]) -> StoreResult<()>;
    async fn load_vacancies(&self, batch: &[BulkVacancy]) -> StoreResult<()>;
    async fn load_courses(&self, batch: &[BulkCourse]) -> StoreResult<()>;
}
