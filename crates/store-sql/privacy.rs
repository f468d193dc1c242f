// Consent records and erasure.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use skillbridge_domain::{ConsentPurpose, ConsentRecord, PrivacyRepository, StoreResult, UserId};
use sqlx::FromRow;
use uuid::Uuid;

use crate::batch::rows_for_ids;
use crate::dialect::{DbStore, begin_locked, timestamp};
use crate::error::{store_error, unknown_code};

#[derive(FromRow)]
struct ConsentRow {
    purpose: String,
    granted: bool,
    recorded_at: DateTime<Utc>,
}

impl TryFrom<ConsentRow> for ConsentRecord {
    type Error = skillbridge_domain::StoreError;
    fn try_from(row: ConsentRow) -> Result<Self, Self::Error> {
        Ok(ConsentRecord {
            purpose: ConsentPurpose::from_code(&row.purpose)
                .ok_or_else(|| unknown_code("consent purpose", &row.purpose))?,
            granted: row.granted,
            recorded_at: row.recorded_at,
        })
    }
}

/// Records one consent decision on `conn` (inside the caller's transaction, if any).
pub(crate) async fn insert_consent(
    conn: &mut <crate::dialect::Db as sqlx::Database>::Connection,
    user: UserId,
    purpose: ConsentPurpose,
    granted: bool,
    at: DateTime<Utc>,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO consent_records (id, user_id, purpose, granted, recorded_at)
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(Uuid::now_v7())
    .bind(user.as_uuid())
    .bind(purpose.code())
    .bind(granted)
    .bind(timestamp(&at))
    .execute(&mut *conn)
    .await
    .map_err(|err| crate::error::write_error(err, "consent", "user"))?;
    Ok(())
}

/// Records on `conn` that the profile of `user`, if they have one, changed.
async fn profile_of_user_changed(
    conn: &mut <crate::dialect::Db as sqlx::Database>::Connection,
    user: UserId,
    at: DateTime<Utc>,
) -> StoreResult<()> {
    let profile: Option<Uuid> = sqlx::query_scalar("SELECT id FROM profiles WHERE user_id = $1")
        .bind(user.as_uuid())
        .fetch_optional(&mut *conn)
        .await
        .map_err(store_error)?;
    match profile {
        Some(profile) => {
            crate::profiles::profile_changed(
                conn,
                skillbridge_domain::ProfileId::from_uuid(profile),
                at,
            )
            .await
        }
        None => Ok(()),
    }
}

#[async_trait]
impl PrivacyRepository for DbStore {
    async fn record_consent(
        &self,
        user: UserId,
        purpose: ConsentPurpose,
        granted: bool,
        at: DateTime<Utc>,
    ) -> StoreResult<ConsentRecord> {
        let mut tx = begin_locked(self.pool()).await.map_err(store_error)?;
        insert_consent(&mut tx, user, purpose, granted, at).await?;
        // Consents decide whether employers may find the person.
        profile_of_user_changed(&mut tx, user, at).await?;
        tx.commit().await.map_err(store_error)?;
        Ok(ConsentRecord {
            purpose,
            granted,
            recorded_at: at,
        })
    }

    async fn consent_histories(
        &self,
        users: &[UserId],
    ) -> StoreResult<Vec<(UserId, ConsentRecord)>> {
        #[derive(FromRow)]
        struct Row {
            user_id: Uuid,
            #[sqlx(flatten)]
            consent: ConsentRow,
        }
        let rows: Vec<Row> = rows_for_ids(
            self.pool(),
            "SELECT user_id, purpose, granted, recorded_at FROM consent_records WHERE user_id",
            users.iter().map(|u| *u.as_uuid()),
            "user_id, recorded_at, id",
        )
        .await?;
        rows.into_iter()
            .map(|r| Ok((UserId::from_uuid(r.user_id), r.consent.try_into()?)))
            .collect()
    }

    async fn erase_user(
        &self,
        user: UserId,
        login_keys: &[String],
        at: DateTime<Utc>,
    ) -> StoreResult<bool> {
        let mut tx = begin_locked(self.pool()).await.map_err(store_error)?;
        let account: Option<(String, String)> =
            sqlx::query_as("SELECT role, email FROM users WHERE id = $1")
                .bind(user.as_uuid())
                .fetch_optional(&mut *tx)
                .await
                .map_err(store_error)?;
        let Some((role, email)) = account else {
            tx.commit().await.map_err(store_error)?;
            return Ok(false);
        };
        sqlx::query("DELETE FROM organisation_invitations WHERE email = $1")
            .bind(&email)
            .execute(&mut *tx)
            .await
            .map_err(store_error)?;
        for key in login_keys {
            sqlx::query("DELETE FROM login_failures WHERE key = $1")
                .bind(key)
                .execute(&mut *tx)
                .await
                .map_err(store_error)?;
        }
        sqlx::query("INSERT INTO erasures (role, month) VALUES ($1, $2)")
            .bind(&role)
            .bind(at.format("%Y-%m").to_string())
            .execute(&mut *tx)
            .await
            .map_err(store_error)?;
        profile_of_user_changed(&mut tx, user, at).await?;
        // Everything else personal hangs off the account and goes with it (ON DELETE
        // CASCADE); references from others' rows are cleared (ON DELETE SET NULL).
        sqlx::query("DELETE FROM users WHERE id = $1")
            .bind(user.as_uuid())
            .execute(&mut *tx)
            .await
            .map_err(store_error)?;
        tx.commit().await.map_err(store_error)?;
        Ok(true)
    }
}
