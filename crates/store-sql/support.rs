// Requests for support from people to support organisations.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use skillbridge_domain::support::{SupportRepository, SupportRequest, SupportStatus};
use skillbridge_domain::{
    Order, OrganisationId, Page, PageRequest, ProfileId, StoreError, StoreResult, UserId,
};
use sqlx::FromRow;
use uuid::Uuid;

use crate::dialect::{DbStore, timestamp};
use crate::error::{store_error, unknown_code, write_error};
use crate::paging::{Created, Listing};

const REQUEST_COLUMNS: &str =
    "id, profile_id, organisation_id, message, status, created_at, decided_at, decided_by";

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
}

impl TryFrom<RequestRow> for SupportRequest {
    type Error = StoreError;
    fn try_from(row: RequestRow) -> Result<Self, Self::Error> {
        Ok(SupportRequest {
            id: row.id,
            profile_id: ProfileId::from_uuid(row.profile_id),
            organisation_id: OrganisationId::from_uuid(row.organisation_id),
            message: row.message,
            status: SupportStatus::from_code(&row.status)
                .ok_or_else(|| unknown_code("support request status", &row.status))?,
            created_at: row.created_at,
            decided_at: row.decided_at,
            decided_by: row.decided_by.map(UserId::from_uuid),
        })
    }
}

impl DbStore {
    /// A page of the requests whose `owner` column is `id`.
    async fn support_requests_page(
        &self,
        owner: &'static str,
        id: Uuid,
        order: Order,
        page: &PageRequest,
    ) -> StoreResult<Page<SupportRequest>> {
        let select = format!("SELECT {REQUEST_COLUMNS} FROM support_requests");
        let listing = Listing {
            select: &select,
            created: Created {
                at: "created_at",
                id: "id",
            },
            owner,
            what: "support request",
        };
        self.list_page(&listing, id, order, page, |row: &RequestRow| {
            (row.created_at, row.id)
        })
        .await?
        .try_map(SupportRequest::try_from)
    }
}

#[async_trait]
impl SupportRepository for DbStore {
    async fn create_support_request(
        &self,
        profile: ProfileId,
        organisation: OrganisationId,
        message: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<SupportRequest> {
        sqlx::query_as::<_, RequestRow>(&format!(
            "INSERT INTO support_requests (id, profile_id, organisation_id, message, status, created_at)
             VALUES ($1, $2, $3, $4, 'PENDING', $5)
             RETURNING {REQUEST_COLUMNS}"
        ))
        .bind(Uuid::now_v7())
        .bind(profile.as_uuid())
        .bind(organisation.as_uuid())
        .bind(message)
        .bind(timestamp(&at))
        .fetch_one(self.pool())
        .await
        .map_err(|err| write_error(err, "support request", "profile or organisation"))?
        .try_into()
    }

    async fn support_request_by_id(&self, id: Uuid) -> StoreResult<Option<SupportRequest>> {
        sqlx::query_as::<_, RequestRow>(&format!(
            "SELECT {REQUEST_COLUMNS} FROM support_requests WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional(self.pool())
        .await
        .map_err(store_error)?
        .map(SupportRequest::try_from)
        .transpose()
    }

    async fn support_requests_to(
        &self,
        organisation: OrganisationId,
        page: &PageRequest,
    ) -> StoreResult<Page<SupportRequest>> {
        self.support_requests_page(
            "organisation_id",
            *organisation.as_uuid(),
            Order::OldestFirst,
            page,
        )
        .await
    }

    async fn support_requests_of(
        &self,
        profile: ProfileId,
        page: &PageRequest,
    ) -> StoreResult<Page<SupportRequest>> {
        self.support_requests_page("profile_id", *profile.as_uuid(), Order::NewestFirst, page)
            .await
    }

    async fn decide_support_request(
        &self,
        id: Uuid,
        organisation: OrganisationId,
        accept: bool,
        by: UserId,
        at: DateTime<Utc>,
    ) -> StoreResult<Option<SupportRequest>> {
        let status = if accept {
            SupportStatus::Accepted
        } else {
            SupportStatus::Declined
        };
        sqlx::query_as::<_, RequestRow>(&format!(
            "UPDATE support_requests SET status = $1, decided_at = $2, decided_by = $3
             WHERE id = $4 AND organisation_id = $5 AND status = 'PENDING'
             RETURNING {REQUEST_COLUMNS}"
        ))
        .bind(status.code())
        .bind(timestamp(&at))
        .bind(by.as_uuid())
        .bind(id)
        .bind(organisation.as_uuid())
        .fetch_optional(self.pool())
        .await
        .map_err(store_error)?
        .map(SupportRequest::try_from)
        .transpose()
    }
}
