// Contact requests, disclosures and the employer access log.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use skillbridge_domain::delegation::Actor;
use skillbridge_domain::disclosure::{
    ContactRequest, ContactStatus, DecidedBy, DisclosureReason, DisclosureRepository,
    ProfileAccess, ProfileView,
};
use skillbridge_domain::profile::Profile;
use skillbridge_domain::{
    Order, OrganisationId, Page, PageRequest, ProfileId, StoreError, StoreResult, UserId,
};
use sqlx::FromRow;
use uuid::Uuid;

use crate::dialect::{DbStore, begin_locked, timestamp};
use crate::error::{store_error, unknown_code, write_error};
use crate::paging::{Created, Listing};

const REQUEST_COLUMNS: &str = "id, profile_id, organisation_id, message, status, created_at,
    decided_at, decided_by, decided_for";

#[derive(FromRow)]
struct RequestRow {
    id: Uuid,
    profile_id: Uuid,
    organisation_id: Uuid,
    message: String,
    status: String,
    created_at: DateTime<Utc>,
    decided_at: Option<DateTime<Utc>>,
    decided_by: Option<Uuid>,
    decided_for: Option<Uuid>,
}

impl TryFrom<RequestRow> for ContactRequest {
    type Error = StoreError;
    fn try_from(row: RequestRow) -> Result<Self, Self::Error> {
        Ok(ContactRequest {
            id: row.id,
            profile_id: ProfileId::from_uuid(row.profile_id),
            organisation_id: OrganisationId::from_uuid(row.organisation_id),
            message: row.message,
            status: ContactStatus::from_code(&row.status)
                .ok_or_else(|| unknown_code("contact status", &row.status))?,
            created_at: row.created_at,
            decided_by: row.decided_at.map(|_| DecidedBy {
                user: row.decided_by.map(UserId::from_uuid),
                acting_for: row.decided_for.map(OrganisationId::from_uuid),
            }),
            decided_at: row.decided_at,
        })
    }
}

#[async_trait]
impl DisclosureRepository for DbStore {
    async fn profile_by_id(&self, id: ProfileId) -> StoreResult<Option<Profile>> {
        self.profile_where("id", *id.as_uuid()).await
    }

    async fn profiles_by_ids(&self, ids: &[ProfileId]) -> StoreResult<Vec<Profile>> {
        let ids: Vec<Uuid> = ids.iter().map(|id| *id.as_uuid()).collect();
        self.profiles_where_ids(&ids).await
    }

    async fn create_contact_request(
        &self,
        profile: ProfileId,
        organisation: OrganisationId,
        requested_by: UserId,
        message: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<ContactRequest> {
        sqlx::query_as::<_, RequestRow>(&format!(
            "INSERT INTO contact_requests
               (id, profile_id, organisation_id, requested_by, message, status, created_at)
             VALUES ($1, $2, $3, $4, $5, 'PENDING', $6)
             RETURNING {REQUEST_COLUMNS}"
        ))
        .bind(Uuid::now_v7())
        .bind(profile.as_uuid())
        .bind(organisation.as_uuid())
        .bind(requested_by.as_uuid())
        .bind(message)
        .bind(timestamp(&at))
        .fetch_one(self.pool())
        .await
        .map_err(|err| write_error(err, "contact request", "profile or organisation"))?
        .try_into()
    }

    async fn contact_request_by_id(&self, id: Uuid) -> StoreResult<Option<ContactRequest>> {
        sqlx::query_as::<_, RequestRow>(&format!(
            "SELECT {REQUEST_COLUMNS} FROM contact_requests WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional(self.pool())
        .await
        .map_err(store_error)?
        .map(ContactRequest::try_from)
        .transpose()
    }

    async fn contact_requests_for_profile(
        &self,
        profile: ProfileId,
        page: &PageRequest,
    ) -> StoreResult<Page<ContactRequest>> {
        let select = format!("SELECT {REQUEST_COLUMNS} FROM contact_requests");
        let listing = Listing {
            select: &select,
            created: Created {
                at: "created_at",
                id: "id",
            },
            owner: "profile_id",
            what: "contact request",
        };
        self.list_page(
            &listing,
            *profile.as_uuid(),
            Order::NewestFirst,
            page,
            |row: &RequestRow| (row.created_at, row.id),
        )
        .await?
        .try_map(ContactRequest::try_from)
    }

    async fn decide_contact_request(
        &self,
        id: Uuid,
        profile: ProfileId,
        accept: bool,
        actor: Actor,
        at: DateTime<Utc>,
    ) -> StoreResult<Option<ContactRequest>> {
        let status = if accept {
            ContactStatus::Accepted
        } else {
            ContactStatus::Declined
        };
        let mut tx = begin_locked(self.pool()).await.map_err(store_error)?;
        let decided = sqlx::query_as::<_, RequestRow>(&format!(
            "UPDATE contact_requests SET status = $1, decided_at = $2, decided_by = $5,
                                         decided_for = $6
             WHERE id = $3 AND profile_id = $4 AND status = 'PENDING'
             RETURNING {REQUEST_COLUMNS}"
        ))
        .bind(status.code())
        .bind(timestamp(&at))
        .bind(id)
        .bind(profile.as_uuid())
        .bind(actor.user.as_uuid())
        .bind(actor.acting_for.map(|o| *o.as_uuid()))
        .fetch_optional(&mut *tx)
        .await
        .map_err(store_error)?;
        let Some(decided) = decided else {
            tx.commit().await.map_err(store_error)?;
            return Ok(None);
        };
        if accept {
            sqlx::query(
                "INSERT INTO profile_disclosures (profile_id, organisation_id, reason, disclosed_at)
                 VALUES ($1, $2, $3, $4)
                 ON CONFLICT (profile_id, organisation_id) DO NOTHING",
            )
            .bind(decided.profile_id)
            .bind(decided.organisation_id)
            .bind(DisclosureReason::ContactAccepted.code())
            .bind(timestamp(&at))
            .execute(&mut *tx)
            .await
            .map_err(store_error)?;
        }
        tx.commit().await.map_err(store_error)?;
        decided.try_into().map(Some)
    }

    async fn disclosed_to(
        &self,
        profile: ProfileId,
        organisation: OrganisationId,
    ) -> StoreResult<bool> {
        // COUNT(*) is a 64-bit integer on both databases (a literal 1 is not).
        let found: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM profile_disclosures WHERE profile_id = $1 AND organisation_id = $2",
        )
        .bind(profile.as_uuid())
        .bind(organisation.as_uuid())
        .fetch_one(self.pool())
        .await
        .map_err(store_error)?;
        Ok(found > 0)
    }

    async fn log_profile_access(
        &self,
        profiles: &[ProfileId],
        organisations: &[OrganisationId],
        viewer: UserId,
        view: ProfileView,
        at: DateTime<Utc>,
    ) -> StoreResult<()> {
        let views: Vec<(ProfileId, OrganisationId)> = organisations
            .iter()
            .flat_map(|o| profiles.iter().map(move |p| (*p, *o)))
            .collect();
        if views.is_empty() {
            return Ok(());
        }
        let mut qb = sqlx::QueryBuilder::new(
            "INSERT INTO profile_access_log (id, profile_id, organisation_id, viewer_id, view, viewed_at) ",
        );
        qb.push_values(views, |mut row, (profile, organisation)| {
            row.push_bind(Uuid::now_v7())
                .push_bind(*profile.as_uuid())
                .push_bind(*organisation.as_uuid())
                .push_bind(*viewer.as_uuid())
                .push_bind(view.code())
                .push_bind(timestamp(&at));
        });
        qb.build()
            .execute(self.pool())
            .await
            .map_err(|err| write_error(err, "access", "profile"))?;
        Ok(())
    }

    async fn profile_access_log(
        &self,
        profile: ProfileId,
        page: &PageRequest,
    ) -> StoreResult<Page<ProfileAccess>> {
        let listing = Listing {
            select: "SELECT id, organisation_id, view, viewed_at FROM profile_access_log",
            created: Created {
                at: "viewed_at",
                id: "id",
            },
            owner: "profile_id",
            what: "profile access",
        };
        type Row = (Uuid, Option<Uuid>, String, DateTime<Utc>);
        self.list_page(
            &listing,
            *profile.as_uuid(),
            Order::NewestFirst,
            page,
            |row: &Row| (row.3, row.0),
        )
        .await?
        .try_map(|(_, organisation, view, viewed_at)| {
            Ok(ProfileAccess {
                organisation_id: organisation.map(OrganisationId::from_uuid),
                view: ProfileView::from_code(&view)
                    .ok_or_else(|| unknown_code("profile view", &view))?,
                viewed_at,
            })
        })
    }
}
