// Loading many rows at once: each batch in one transaction, through the same insert
// functions the one-at-a-time repositories use.

use async_trait::async_trait;
use skillbridge_domain::bulk::{BulkCourse, BulkLoadRepository, BulkProfile, BulkVacancy};
use skillbridge_domain::{ConsentChannel, ConsentRecord, ConsentSubject, StoreResult, clock};

use crate::career::{insert_desired, insert_experience};
use crate::courses::{insert_cohort, insert_course};
use crate::dialect::{DbStore, begin_locked};
use crate::error::store_error;
use crate::privacy::insert_consent;
use crate::profiles::{upsert_profile_language, upsert_profile_of_user, upsert_profile_skill};
use crate::users::insert_user;
use crate::vacancies::insert_vacancy;

#[async_trait]
impl BulkLoadRepository for DbStore {
    async fn load_profiles(&self, batch: &[BulkProfile]) -> StoreResult<()> {
        let now = clock::now();
        let mut tx = begin_locked(self.pool()).await.map_err(store_error)?;
        for p in batch {
            let user = insert_user(&mut tx, p.user.clone(), now).await?;
            let profile = upsert_profile_of_user(&mut tx, user.id, &p.details, now).await?;
            for skill in &p.skills {
                upsert_profile_skill(&mut tx, profile.id, skill).await?;
            }
            for language in &p.languages {
                upsert_profile_language(&mut tx, profile.id, language).await?;
            }
            for experience in &p.experience {
                insert_experience(&mut tx, profile.id, experience).await?;
            }
            insert_desired(&mut tx, profile.id, &p.desired_occupations).await?;
            for purpose in &p.consents {
                let record = ConsentRecord {
                    purpose: *purpose,
                    granted: true,
                    recorded_at: now,
                    channel: ConsentChannel::Online,
                    recorded_by: Some(user.id),
                    acting_for: None,
                };
                insert_consent(&mut tx, ConsentSubject::Person(user.id), &record).await?;
            }
        }
        tx.commit().await.map_err(store_error)
    }

    async fn load_vacancies(&self, batch: &[BulkVacancy]) -> StoreResult<()> {
        let now = clock::now();
        let mut tx = begin_locked(self.pool()).await.map_err(store_error)?;
        for v in batch {
            insert_vacancy(&mut tx, v.organisation, &v.details, v.status, now).await?;
        }
        tx.commit().await.map_err(store_error)
    }

    async fn load_courses(&self, batch: &[BulkCourse]) -> StoreResult<()> {
        let now = clock::now();
        let mut tx = begin_locked(self.pool()).await.map_err(store_error)?;
        for c in batch {
            let course = insert_course(&mut tx, c.organisation, &c.details, now).await?;
            for cohort in &c.cohorts {
                insert_cohort(
                    &mut tx,
                    course.id,
                    cohort.starts_on,
                    cohort.ends_on,
                    cohort.seats,
                    now,
                )
                .await?;
            }
        }
        tx.commit().await.map_err(store_error)
    }
}
