//! People ask a support organisation for help. The centre accepts (the person then lets it
//! act for them with `grantDelegation`, choosing the scopes) or declines.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::codes::coded;
use crate::{OrganisationId, Page, PageRequest, ProfileId, StoreResult, UserId};

coded!(
    /// Where a request for support stands.
    SupportStatus { Pending => "PENDING", Accepted => "ACCEPTED", Declined => "DECLINED" }
);

/// The longest message with a request for support.
pub const MAX_SUPPORT_MESSAGE_CHARS: usize = 1_000;

/// A person's request for support to a support organisation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SupportRequest {
    pub id: Uuid,
    pub profile_id: ProfileId,
    pub organisation_id: OrganisationId,
    pub message: String,
    pub status: SupportStatus,
    pub created_at: DateTime<Utc>,
    pub decided_at: Option<DateTime<Utc>>,
    /// The caseworker who answered (`None` while pending, and once their account is
    /// erased).
    pub decided_by: Option<UserId>,
}

#[async_trait::async_trait]
pub trait SupportRepository: Send + Sync {
    /// A new PENDING request; `Duplicate` when one of the person's to that organisation is
    /// pending already.
    async fn create_support_request(
        &self,
        profile: ProfileId,
        organisation: OrganisationId,
        message: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<SupportRequest>;
    async fn support_request_by_id(&self, id: Uuid) -> StoreResult<Option<SupportRequest>>;
    /// The requests an organisation received, oldest first (the order to answer them in).
    async fn support_requests_to(
        &self,
        organisation: OrganisationId,
        page: &PageRequest,
    ) -> StoreResult<Page<SupportRequest>>;
    /// The requests a person made, newest first.
    async fn support_requests_of(
        &self,
        profile: ProfileId,
        page: &PageRequest,
    ) -> StoreResult<Page<SupportRequest>>;
    /// Accepts or declines a PENDING request to `organisation`, `by` a caseworker; `None`
    /// when there is no such pending request.
    async fn decide_support_request(
        &self,
        id: Uuid,
        organisation: OrganisationId,
        accept: bool,
        by: UserId,
        at: DateTime<Utc>,
    ) -> StoreResult<Option<SupportRequest>>;
}
