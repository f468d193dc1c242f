// Ventures (the entrepreneurship track).

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use skillbridge_domain::venture::{
    MAX_VENTURES, SavedVenture, Sector, Venture, VentureDetails, VentureRepository, VentureStage,
};
use skillbridge_domain::{ProfileId, SkillId, StoreResult};
use sqlx::{FromRow, QueryBuilder};
use uuid::Uuid;

use crate::batch::rows_for_ids;
use crate::dialect::{Db, DbStore, FOR_UPDATE, begin_locked, timestamp};
use crate::error::{store_error, unknown_code, write_error};

#[derive(FromRow)]
struct VentureRow {
    id: Uuid,
    profile_id: Uuid,
    name: String,
    description: String,
    sector: String,
    stage: String,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

const VENTURE_COLUMNS: &str =
    "id, profile_id, name, description, sector, stage, created_at, updated_at";

pub(crate) fn sector(code: &str) -> StoreResult<Sector> {
    Sector::from_code(code).ok_or_else(|| unknown_code("sector", code))
}

/// Writes the rows of `link` (`parent`, `column`) for each skill.
pub(crate) async fn insert_skills(
    tx: &mut sqlx::Transaction<'static, Db>,
    table: &str,
    parent_column: &str,
    parent: Uuid,
    skills: &[SkillId],
) -> StoreResult<()> {
    if skills.is_empty() {
        return Ok(());
    }
    let mut qb =
        QueryBuilder::<Db>::new(format!("INSERT INTO {table} ({parent_column}, skill_id) "));
    qb.push_values(skills, |mut row, skill| {
        row.push_bind(parent).push_bind(*skill.as_uuid());
    });
    qb.build()
        .execute(&mut **tx)
        .await
        .map_err(|err| write_error(err, "skill", "skill"))?;
    Ok(())
}

impl DbStore {
    /// The ventures with these ids, with their skills.
    async fn ventures_where(&self, column: &str, value: Uuid) -> StoreResult<Vec<Venture>> {
        let rows: Vec<VentureRow> = sqlx::query_as(&format!(
            "SELECT {VENTURE_COLUMNS} FROM ventures WHERE {column} = $1 ORDER BY created_at, id"
        ))
        .bind(value)
        .fetch_all(self.pool())
        .await
        .map_err(store_error)?;
        let skills: Vec<(Uuid, Uuid)> = rows_for_ids(
            self.pool(),
            "SELECT venture_id, skill_id FROM venture_skills WHERE venture_id",
            rows.iter().map(|r| r.id).collect::<Vec<_>>().into_iter(),
            "venture_id, skill_id",
        )
        .await?;
        rows.into_iter()
            .map(|r| {
                Ok(Venture {
                    id: r.id,
                    profile_id: ProfileId::from_uuid(r.profile_id),
                    details: VentureDetails {
                        name: r.name,
                        description: r.description,
                        sector: sector(&r.sector)?,
                        stage: VentureStage::from_code(&r.stage)
                            .ok_or_else(|| unknown_code("venture stage", &r.stage))?,
                        skills_needed: skills
                            .iter()
                            .filter(|(v, _)| *v == r.id)
                            .map(|(_, s)| SkillId::from_uuid(*s))
                            .collect(),
                    },
                    created_at: r.created_at,
                    updated_at: r.updated_at,
                })
            })
            .collect()
    }
}

#[async_trait]
impl VentureRepository for DbStore {
    async fn save_venture(
        &self,
        profile: ProfileId,
        id: Option<Uuid>,
        details: &VentureDetails,
        at: DateTime<Utc>,
    ) -> StoreResult<SavedVenture> {
        let mut tx = begin_locked(self.pool()).await.map_err(store_error)?;
        // The profile row serialises a person's concurrent saves, so the cap holds.
        let found: Option<Uuid> = sqlx::query_scalar(&format!(
            "SELECT id FROM profiles WHERE id = $1{FOR_UPDATE}"
        ))
        .bind(profile.as_uuid())
        .fetch_optional(&mut *tx)
        .await
        .map_err(store_error)?;
        if found.is_none() {
            return Ok(SavedVenture::NotFound);
        }
        let venture_id = match id {
            Some(id) => {
                let updated = sqlx::query(
                    "UPDATE ventures SET name = $1, description = $2, sector = $3, stage = $4,
                       updated_at = $5
                     WHERE id = $6 AND profile_id = $7",
                )
                .bind(details.name.trim())
                .bind(&details.description)
                .bind(details.sector.code())
                .bind(details.stage.code())
                .bind(timestamp(&at))
                .bind(id)
                .bind(profile.as_uuid())
                .execute(&mut *tx)
                .await
                .map_err(store_error)?;
                if updated.rows_affected() == 0 {
                    return Ok(SavedVenture::NotFound);
                }
                sqlx::query("DELETE FROM venture_skills WHERE venture_id = $1")
                    .bind(id)
                    .execute(&mut *tx)
                    .await
                    .map_err(store_error)?;
                id
            }
            None => {
                let count: i64 =
                    sqlx::query_scalar("SELECT COUNT(*) FROM ventures WHERE profile_id = $1")
                        .bind(profile.as_uuid())
                        .fetch_one(&mut *tx)
                        .await
                        .map_err(store_error)?;
                if usize::try_from(count).unwrap_or(usize::MAX) >= MAX_VENTURES {
                    return Ok(SavedVenture::TooMany);
                }
                let id = Uuid::now_v7();
                sqlx::query(
                    "INSERT INTO ventures
                       (id, profile_id, name, description, sector, stage, created_at, updated_at)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $7)",
                )
                .bind(id)
                .bind(profile.as_uuid())
                .bind(details.name.trim())
                .bind(&details.description)
                .bind(details.sector.code())
                .bind(details.stage.code())
                .bind(timestamp(&at))
                .execute(&mut *tx)
                .await
                .map_err(|err| write_error(err, "venture", "profile"))?;
                id
            }
        };
        insert_skills(
            &mut tx,
            "venture_skills",
            "venture_id",
            venture_id,
            &details.skills_needed,
        )
        .await?;
        tx.commit().await.map_err(store_error)?;
        Ok(self
            .venture_by_id(venture_id)
            .await?
            .map_or(SavedVenture::NotFound, SavedVenture::Saved))
    }

    async fn remove_venture(&self, profile: ProfileId, id: Uuid) -> StoreResult<bool> {
        let removed = sqlx::query("DELETE FROM ventures WHERE id = $1 AND profile_id = $2")
            .bind(id)
            .bind(profile.as_uuid())
            .execute(self.pool())
            .await
            .map_err(store_error)?;
        Ok(removed.rows_affected() > 0)
    }

    async fn ventures_of(&self, profile: ProfileId) -> StoreResult<Vec<Venture>> {
        self.ventures_where("profile_id", *profile.as_uuid()).await
    }

    async fn venture_by_id(&self, id: Uuid) -> StoreResult<Option<Venture>> {
        Ok(self.ventures_where("id", id).await?.pop())
    }
}
