// Qualifications, work experience and desired occupations of profiles.

use async_trait::async_trait;
use skillbridge_domain::career::{
    CareerRepository, ExperienceKind, MAX_EXPERIENCES, MAX_QUALIFICATIONS, Qualification,
    RecognitionStatus, WorkExperience,
};
use skillbridge_domain::{OccupationId, ProfileId, StoreResult};
use sqlx::FromRow;
use uuid::Uuid;

use crate::batch::rows_for_ids;
use crate::dialect::{Db, DbStore, begin_locked};
use crate::error::{store_error, unknown_code, write_error};

#[derive(FromRow)]
struct QualificationRow {
    id: Uuid,
    title: String,
    eqf_level: Option<i32>,
    country_code: Option<String>,
    recognition_status: String,
}

#[derive(FromRow)]
struct ProfileQualificationRow {
    profile_id: Uuid,
    #[sqlx(flatten)]
    row: QualificationRow,
}

#[derive(FromRow)]
struct ProfileExperienceRow {
    profile_id: Uuid,
    #[sqlx(flatten)]
    row: ExperienceRow,
}

#[derive(FromRow)]
struct ExperienceRow {
    id: Uuid,
    occupation_id: Option<Uuid>,
    title: Option<String>,
    kind: String,
    years: f64,
    country_code: Option<String>,
}

/// How many rows of `table` the profile has, inside `tx` so that the cap holds for the
/// insert that follows.
async fn count_of(
    tx: &mut sqlx::Transaction<'static, Db>,
    table: &str,
    profile: ProfileId,
) -> StoreResult<usize> {
    let n: i64 = sqlx::query_scalar(&format!(
        "SELECT COUNT(*) FROM {table} WHERE profile_id = $1"
    ))
    .bind(profile.as_uuid())
    .fetch_one(&mut **tx)
    .await
    .map_err(store_error)?;
    Ok(usize::try_from(n).unwrap_or(usize::MAX))
}

/// Whether the profile may take another row of `table`, inside `tx` so that the cap holds
/// for the insert that follows.
async fn has_room(
    tx: &mut sqlx::Transaction<'static, Db>,
    table: &str,
    profile: ProfileId,
    max: usize,
) -> StoreResult<bool> {
    Ok(count_of(tx, table, profile).await? < max)
}

async fn remove_entry(
    store: &DbStore,
    table: &str,
    profile: ProfileId,
    id: Uuid,
) -> StoreResult<bool> {
    let result = sqlx::query(&format!(
        "DELETE FROM {table} WHERE id = $1 AND profile_id = $2"
    ))
    .bind(id)
    .bind(profile.as_uuid())
    .execute(store.pool())
    .await
    .map_err(store_error)?;
    Ok(result.rows_affected() > 0)
}

/// The profile holding the entry `id` of `table` (qualifications or experience).
async fn holder(store: &DbStore, table: &str, id: Uuid) -> StoreResult<Option<ProfileId>> {
    let profile: Option<Uuid> =
        sqlx::query_scalar(&format!("SELECT profile_id FROM {table} WHERE id = $1"))
            .bind(id)
            .fetch_optional(store.pool())
            .await
            .map_err(store_error)?;
    Ok(profile.map(ProfileId::from_uuid))
}

#[async_trait]
impl CareerRepository for DbStore {
    async fn qualification_by_id(
        &self,
        id: Uuid,
    ) -> StoreResult<Option<(ProfileId, Qualification)>> {
        let Some(profile) = holder(self, "profile_qualifications", id).await? else {
            return Ok(None);
        };
        let found = self
            .qualifications(profile)
            .await?
            .into_iter()
            .find(|q| q.id == id);
        Ok(found.map(|q| (profile, q)))
    }

    async fn experience_by_id(&self, id: Uuid) -> StoreResult<Option<(ProfileId, WorkExperience)>> {
        let Some(profile) = holder(self, "profile_experiences", id).await? else {
            return Ok(None);
        };
        let found = self
            .experiences(profile)
            .await?
            .into_iter()
            .find(|e| e.id == id);
        Ok(found.map(|e| (profile, e)))
    }

    async fn qualifications_of_profiles(
        &self,
        profiles: &[ProfileId],
    ) -> StoreResult<Vec<(ProfileId, Qualification)>> {
        let rows: Vec<ProfileQualificationRow> = rows_for_ids(
            self.pool(),
            "SELECT profile_id, id, title, eqf_level, country_code, recognition_status
             FROM profile_qualifications WHERE profile_id",
            profiles.iter().map(|p| *p.as_uuid()),
            "profile_id, id",
        )
        .await?;
        rows.into_iter()
            .map(|ProfileQualificationRow { profile_id, row: r }| {
                Ok((
                    ProfileId::from_uuid(profile_id),
                    Qualification {
                        recognition_status: RecognitionStatus::from_code(&r.recognition_status)
                            .ok_or_else(|| {
                                unknown_code("recognition status", &r.recognition_status)
                            })?,
                        id: r.id,
                        title: r.title,
                        eqf_level: r.eqf_level,
                        country_code: r.country_code,
                    },
                ))
            })
            .collect()
    }

    async fn add_qualification(&self, profile: ProfileId, q: &Qualification) -> StoreResult<bool> {
        let mut tx = begin_locked(self.pool()).await.map_err(store_error)?;
        if !has_room(
            &mut tx,
            "profile_qualifications",
            profile,
            MAX_QUALIFICATIONS,
        )
        .await?
        {
            return Ok(false);
        }
        sqlx::query(
            "INSERT INTO profile_qualifications
               (id, profile_id, title, eqf_level, country_code, recognition_status)
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(q.id)
        .bind(profile.as_uuid())
        .bind(q.title.trim())
        .bind(q.eqf_level)
        .bind(&q.country_code)
        .bind(q.recognition_status.code())
        .execute(&mut *tx)
        .await
        .map_err(|err| write_error(err, "id", "profile"))?;
        tx.commit().await.map_err(store_error)?;
        Ok(true)
    }

    async fn update_qualification(
        &self,
        profile: ProfileId,
        q: &Qualification,
    ) -> StoreResult<bool> {
        let result = sqlx::query(
            "UPDATE profile_qualifications
             SET title = $1, eqf_level = $2, country_code = $3, recognition_status = $4
             WHERE id = $5 AND profile_id = $6",
        )
        .bind(q.title.trim())
        .bind(q.eqf_level)
        .bind(&q.country_code)
        .bind(q.recognition_status.code())
        .bind(q.id)
        .bind(profile.as_uuid())
        .execute(self.pool())
        .await
        .map_err(store_error)?;
        Ok(result.rows_affected() > 0)
    }

    async fn remove_qualification(&self, profile: ProfileId, id: Uuid) -> StoreResult<bool> {
        remove_entry(self, "profile_qualifications", profile, id).await
    }

    async fn experiences_of_profiles(
        &self,
        profiles: &[ProfileId],
    ) -> StoreResult<Vec<(ProfileId, WorkExperience)>> {
        let rows: Vec<ProfileExperienceRow> = rows_for_ids(
            self.pool(),
            "SELECT profile_id, id, occupation_id, title, kind, years, country_code
             FROM profile_experiences WHERE profile_id",
            profiles.iter().map(|p| *p.as_uuid()),
            "profile_id, id",
        )
        .await?;
        rows.into_iter()
            .map(|ProfileExperienceRow { profile_id, row: r }| {
                Ok((
                    ProfileId::from_uuid(profile_id),
                    WorkExperience {
                        kind: ExperienceKind::from_code(&r.kind)
                            .ok_or_else(|| unknown_code("experience kind", &r.kind))?,
                        id: r.id,
                        occupation_id: r.occupation_id.map(OccupationId::from_uuid),
                        title: r.title,
                        years: r.years,
                        country_code: r.country_code,
                    },
                ))
            })
            .collect()
    }

    async fn add_experience(&self, profile: ProfileId, e: &WorkExperience) -> StoreResult<bool> {
        let mut tx = begin_locked(self.pool()).await.map_err(store_error)?;
        if !has_room(&mut tx, "profile_experiences", profile, MAX_EXPERIENCES).await? {
            return Ok(false);
        }
        insert_experience(&mut tx, profile, e).await?;
        tx.commit().await.map_err(store_error)?;
        Ok(true)
    }

    async fn update_experience(&self, profile: ProfileId, e: &WorkExperience) -> StoreResult<bool> {
        let result = sqlx::query(
            "UPDATE profile_experiences
             SET occupation_id = $1, title = $2, kind = $3, years = $4, country_code = $5
             WHERE id = $6 AND profile_id = $7",
        )
        .bind(e.occupation_id.map(|o| *o.as_uuid()))
        .bind(&e.title)
        .bind(e.kind.code())
        .bind(e.years)
        .bind(&e.country_code)
        .bind(e.id)
        .bind(profile.as_uuid())
        .execute(self.pool())
        .await
        .map_err(|err| write_error(err, "work experience", "occupation"))?;
        Ok(result.rows_affected() > 0)
    }

    async fn remove_experience(&self, profile: ProfileId, id: Uuid) -> StoreResult<bool> {
        remove_entry(self, "profile_experiences", profile, id).await
    }

    async fn desired_occupations_of_profiles(
        &self,
        profiles: &[ProfileId],
    ) -> StoreResult<Vec<(ProfileId, OccupationId)>> {
        let rows: Vec<(Uuid, Uuid)> = rows_for_ids(
            self.pool(),
            "SELECT profile_id, occupation_id FROM profile_desired_occupations WHERE profile_id",
            profiles.iter().map(|p| *p.as_uuid()),
            "profile_id, position",
        )
        .await?;
        Ok(rows
            .into_iter()
            .map(|(p, o)| (ProfileId::from_uuid(p), OccupationId::from_uuid(o)))
            .collect())
    }

    async fn set_desired_occupations(
        &self,
        profile: ProfileId,
        occupations: &[OccupationId],
    ) -> StoreResult<()> {
        let mut tx = begin_locked(self.pool()).await.map_err(store_error)?;
        sqlx::query("DELETE FROM profile_desired_occupations WHERE profile_id = $1")
            .bind(profile.as_uuid())
            .execute(&mut *tx)
            .await
            .map_err(store_error)?;
        insert_desired(&mut tx, profile, occupations).await?;
        tx.commit().await.map_err(store_error)?;
        Ok(())
    }
}

/// Writes an entry of work experience on `conn`.
pub(crate) async fn insert_experience(
    conn: &mut <Db as sqlx::Database>::Connection,
    profile: ProfileId,
    e: &WorkExperience,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO profile_experiences
           (id, profile_id, occupation_id, title, kind, years, country_code)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(e.id)
    .bind(profile.as_uuid())
    .bind(e.occupation_id.map(|o| *o.as_uuid()))
    .bind(&e.title)
    .bind(e.kind.code())
    .bind(e.years)
    .bind(&e.country_code)
    .execute(&mut *conn)
    .await
    .map_err(|err| write_error(err, "id", "profile or occupation"))?;
    Ok(())
}

/// Writes desired occupations, in order, on `conn` (the profile has none yet).
pub(crate) async fn insert_desired(
    conn: &mut <Db as sqlx::Database>::Connection,
    profile: ProfileId,
    occupations: &[OccupationId],
) -> StoreResult<()> {
    for (position, occupation) in (0_i32..).zip(occupations) {
        sqlx::query(
            "INSERT INTO profile_desired_occupations (profile_id, occupation_id, position)
             VALUES ($1, $2, $3)",
        )
        .bind(profile.as_uuid())
        .bind(occupation.as_uuid())
        .bind(position)
        .execute(&mut *conn)
        .await
        .map_err(|err| write_error(err, "desired occupation", "profile or occupation"))?;
    }
    Ok(())
}
