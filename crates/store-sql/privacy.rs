// Consent records and erasure.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use skillbridge_domain::delegation::Actor;
use skillbridge_domain::{
    ConsentChannel, ConsentPurpose, ConsentRecord, ConsentSubject, OrganisationId,
    PrivacyRepository, ProfileId, StoreResult, UserId,
};
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
    channel: String,
    recorded_by: Option<Uuid>,
    acting_for: Option<Uuid>,
}

const CONSENT_COLUMNS: &str = "purpose, granted, recorded_at, channel, recorded_by, acting_for";

impl TryFrom<ConsentRow> for ConsentRecord {
    type Error = skillbridge_domain::StoreError;
    fn try_from(row: ConsentRow) -> Result<Self, Self::Error> {
        Ok(ConsentRecord {
            purpose: ConsentPurpose::from_code(&row.purpose)
                .ok_or_else(|| unknown_code("consent purpose", &row.purpose))?,
            granted: row.granted,
            recorded_at: row.recorded_at,
            channel: ConsentChannel::from_code(&row.channel)
                .ok_or_else(|| unknown_code("consent channel", &row.channel))?,
            recorded_by: row.recorded_by.map(UserId::from_uuid),
            acting_for: row.acting_for.map(OrganisationId::from_uuid),
        })
    }
}

/// Records one consent decision on `conn` (inside the caller's transaction, if any).
pub(crate) async fn insert_consent(
    conn: &mut <crate::dialect::Db as sqlx::Database>::Connection,
    subject: ConsentSubject,
    record: &ConsentRecord,
) -> StoreResult<()> {
    let (user, profile) = match subject {
        ConsentSubject::Person(user) => (Some(*user.as_uuid()), None),
        ConsentSubject::Unclaimed(profile) => (None, Some(*profile.as_uuid())),
    };
    sqlx::query(
        "INSERT INTO consent_records (id, user_id, profile_id, purpose, granted, recorded_at,
                                      channel, recorded_by, acting_for)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(Uuid::now_v7())
    .bind(user)
    .bind(profile)
    .bind(record.purpose.code())
    .bind(record.granted)
    .bind(timestamp(&record.recorded_at))
    .bind(record.channel.code())
    .bind(record.recorded_by.map(|u| *u.as_uuid()))
    .bind(record.acting_for.map(|o| *o.as_uuid()))
    .execute(&mut *conn)
    .await
    .map_err(|err| crate::error::write_error(err, "consent", "person or organisation"))?;
    Ok(())
}

/// Records on `conn` that the profile `subject` is about, if there is one, changed.
async fn profile_of_subject_changed(
    conn: &mut <crate::dialect::Db as sqlx::Database>::Connection,
    subject: ConsentSubject,
    at: DateTime<Utc>,
) -> StoreResult<()> {
    let profile = match subject {
        ConsentSubject::Person(user) => {
            sqlx::query_scalar("SELECT id FROM profiles WHERE user_id = $1")
                .bind(user.as_uuid())
                .fetch_optional(&mut *conn)
                .await
                .map_err(store_error)?
        }
        ConsentSubject::Unclaimed(profile) => Some(*profile.as_uuid()),
    };
    match profile {
        Some(profile) => {
            crate::profiles::profile_changed(conn, ProfileId::from_uuid(profile), at).await
        }
        None => Ok(()),
    }
}

#[async_trait]
impl PrivacyRepository for DbStore {
    async fn record_consent(
        &self,
        subject: ConsentSubject,
        purpose: ConsentPurpose,
        granted: bool,
        actor: Actor,
        channel: ConsentChannel,
        at: DateTime<Utc>,
    ) -> StoreResult<ConsentRecord> {
        let record = ConsentRecord {
            purpose,
            granted,
            recorded_at: at,
            channel,
            recorded_by: Some(actor.user),
            acting_for: actor.acting_for,
        };
        let mut tx = begin_locked(self.pool()).await.map_err(store_error)?;
        insert_consent(&mut tx, subject, &record).await?;
        // Consents decide whether employers may find the person.
        profile_of_subject_changed(&mut tx, subject, at).await?;
        tx.commit().await.map_err(store_error)?;
        Ok(record)
    }

    async fn consent_histories(
        &self,
        subjects: &[ConsentSubject],
    ) -> StoreResult<Vec<(ConsentSubject, ConsentRecord)>> {
        #[derive(FromRow)]
        struct Row {
            subject: Uuid,
            #[sqlx(flatten)]
            consent: ConsentRow,
        }
        let (mut users, mut profiles) = (Vec::new(), Vec::new());
        for subject in subjects {
            match subject {
                ConsentSubject::Person(user) => users.push(*user.as_uuid()),
                ConsentSubject::Unclaimed(profile) => profiles.push(*profile.as_uuid()),
            }
        }
        let of_people: Vec<Row> = rows_for_ids(
            self.pool(),
            &format!(
                "SELECT user_id AS subject, {CONSENT_COLUMNS} FROM consent_records WHERE user_id"
            ),
            users.into_iter(),
            "user_id, recorded_at, id",
        )
        .await?;
        let of_profiles: Vec<Row> = rows_for_ids(
            self.pool(),
            &format!(
                "SELECT profile_id AS subject, {CONSENT_COLUMNS} FROM consent_records WHERE profile_id"
            ),
            profiles.into_iter(),
            "profile_id, recorded_at, id",
        )
        .await?;
        let people = of_people.into_iter().map(|r| {
            Ok((
                ConsentSubject::Person(UserId::from_uuid(r.subject)),
                r.consent.try_into()?,
            ))
        });
        let unclaimed = of_profiles.into_iter().map(|r| {
            Ok((
                ConsentSubject::Unclaimed(ProfileId::from_uuid(r.subject)),
                r.consent.try_into()?,
            ))
        });
        people.chain(unclaimed).collect()
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
        profile_of_subject_changed(&mut tx, ConsentSubject::Person(user), at).await?;
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
