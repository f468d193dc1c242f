use async_trait::async_trait;
use chrono::{DateTime, Utc};
use skillbridge_domain::{
    Membership, MembershipRole, NewOrganisation, Organisation, OrganisationId, OrganisationKind,
    OrganisationRepository, StoreError, StoreResult, UserId, clock,
};
use sqlx::FromRow;
use uuid::Uuid;

use crate::dialect::{DbStore, timestamp};
use crate::error::{store_error, unknown_code, write_error};

#[derive(FromRow)]
struct OrganisationRow {
    id: Uuid,
    kind: String,
    name: String,
    country_code: Option<String>,
    website: Option<String>,
    verified_at: Option<DateTime<Utc>>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl TryFrom<OrganisationRow> for Organisation {
    type Error = StoreError;
    fn try_from(row: OrganisationRow) -> Result<Self, Self::Error> {
        Ok(Organisation {
            id: OrganisationId::from_uuid(row.id),
            kind: OrganisationKind::from_code(&row.kind)
                .ok_or_else(|| unknown_code("organisation kind", &row.kind))?,
            name: row.name,
            country_code: row.country_code,
            website: row.website,
            verified_at: row.verified_at,
            created_at: row.created_at,
            updated_at: row.updated_at,
        })
    }
}

#[derive(FromRow)]
struct MembershipRow {
    organisation_id: Uuid,
    user_id: Uuid,
    role: String,
    created_at: DateTime<Utc>,
}

impl TryFrom<MembershipRow> for Membership {
    type Error = StoreError;
    fn try_from(row: MembershipRow) -> Result<Self, Self::Error> {
        Ok(Membership {
            organisation_id: OrganisationId::from_uuid(row.organisation_id),
            user_id: UserId::from_uuid(row.user_id),
            role: MembershipRole::from_code(&row.role)
                .ok_or_else(|| unknown_code("membership role", &row.role))?,
            created_at: row.created_at,
        })
    }
}

const MEMBERSHIP_COLUMNS: &str = "organisation_id, user_id, role, created_at";

#[async_trait]
impl OrganisationRepository for DbStore {
    async fn create_organisation(
        &self,
        new: NewOrganisation,
        owner: UserId,
    ) -> StoreResult<Organisation> {
        let now = clock::now();
        let organisation = Organisation {
            id: OrganisationId::new(),
            kind: new.kind,
            name: new.name,
            country_code: new.country_code,
            website: new.website,
            verified_at: None,
            created_at: now,
            updated_at: now,
        };
        let mut tx = self.pool().begin().await.map_err(store_error)?;
        sqlx::query(
            "INSERT INTO organisations (id, kind, name, country_code, website, verified_at, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, NULL, $6, $7)",
        )
        .bind(organisation.id.as_uuid())
        .bind(organisation.kind.code())
        .bind(&organisation.name)
        .bind(&organisation.country_code)
        .bind(&organisation.website)
        .bind(timestamp(&now))
        .bind(timestamp(&now))
        .execute(&mut *tx)
        .await
        .map_err(store_error)?;
        sqlx::query(&format!(
            "INSERT INTO memberships ({MEMBERSHIP_COLUMNS}) VALUES ($1, $2, $3, $4)"
        ))
        .bind(organisation.id.as_uuid())
        .bind(owner.as_uuid())
        .bind(MembershipRole::Owner.code())
        .bind(timestamp(&now))
        .execute(&mut *tx)
        .await
        .map_err(|err| write_error(err, "membership", "owner"))?;
        tx.commit().await.map_err(store_error)?;
        Ok(organisation)
    }

    async fn organisation_by_id(&self, id: OrganisationId) -> StoreResult<Option<Organisation>> {
        sqlx::query_as::<_, OrganisationRow>(
            "SELECT id, kind, name, country_code, website, verified_at, created_at, updated_at
             FROM organisations WHERE id = $1",
        )
        .bind(id.as_uuid())
        .fetch_optional(self.pool())
        .await
        .map_err(store_error)?
        .map(Organisation::try_from)
        .transpose()
    }

    async fn set_membership(
        &self,
        organisation: OrganisationId,
        user: UserId,
        role: MembershipRole,
    ) -> StoreResult<Membership> {
        sqlx::query_as::<_, MembershipRow>(&format!(
            "INSERT INTO memberships ({MEMBERSHIP_COLUMNS}) VALUES ($1, $2, $3, $4)
             ON CONFLICT (organisation_id, user_id) DO UPDATE SET role = excluded.role
             RETURNING {MEMBERSHIP_COLUMNS}"
        ))
        .bind(organisation.as_uuid())
        .bind(user.as_uuid())
        .bind(role.code())
        .bind(timestamp(&clock::now()))
        .fetch_one(self.pool())
        .await
        .map_err(|err| write_error(err, "membership", "organisation or user"))?
        .try_into()
    }

    async fn memberships_of_user(&self, user: UserId) -> StoreResult<Vec<Membership>> {
        sqlx::query_as::<_, MembershipRow>(&format!(
            "SELECT {MEMBERSHIP_COLUMNS} FROM memberships WHERE user_id = $1
             ORDER BY created_at, organisation_id"
        ))
        .bind(user.as_uuid())
        .fetch_all(self.pool())
        .await
        .map_err(store_error)?
        .into_iter()
        .map(Membership::try_from)
        .collect()
    }

    async fn members_of_organisation(
        &self,
        organisation: OrganisationId,
    ) -> StoreResult<Vec<Membership>> {
        sqlx::query_as::<_, MembershipRow>(&format!(
            "SELECT {MEMBERSHIP_COLUMNS} FROM memberships WHERE organisation_id = $1
             ORDER BY created_at, user_id"
        ))
        .bind(organisation.as_uuid())
        .fetch_all(self.pool())
        .await
        .map_err(store_error)?
        .into_iter()
        .map(Membership::try_from)
        .collect()
    }
}
