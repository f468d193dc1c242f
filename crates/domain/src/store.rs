//! The repository traits. One implementation per database (`store-sqlite`,
//! `store-postgres`), both held to the same behavioural suite (`store-tests`).

use async_trait::async_trait;

use crate::{
    Email, Membership, MembershipRole, NewOrganisation, NewUser, Organisation, OrganisationId,
    StoreResult, User, UserId,
};

/// Whether the store can serve requests: what `/readyz` reports.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Readiness {
    /// `SELECT 1` answered.
    pub database: ReadinessCheck,
    /// Every migration this binary knows is applied, and none it does not know.
    pub migrations: ReadinessCheck,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReadinessCheck {
    Ok,
    Failing(String),
}

impl Readiness {
    pub fn is_ready(&self) -> bool {
        self.database == ReadinessCheck::Ok && self.migrations == ReadinessCheck::Ok
    }
}

#[async_trait]
pub trait UserRepository: Send + Sync {
    /// Creates an account; `Duplicate { field: "email" }` if the address is taken.
    async fn create_user(&self, new: NewUser) -> StoreResult<User>;
    async fn user_by_id(&self, id: UserId) -> StoreResult<Option<User>>;
    async fn user_by_email(&self, email: &Email) -> StoreResult<Option<User>>;
}

#[async_trait]
pub trait OrganisationRepository: Send + Sync {
    /// Creates an organisation with `owner` as its first OWNER, in one transaction.
    async fn create_organisation(
        &self,
        new: NewOrganisation,
        owner: UserId,
    ) -> StoreResult<Organisation>;
    async fn organisation_by_id(&self, id: OrganisationId) -> StoreResult<Option<Organisation>>;
    /// Adds or changes a membership.
    async fn set_membership(
        &self,
        organisation: OrganisationId,
        user: UserId,
        role: MembershipRole,
    ) -> StoreResult<Membership>;
    /// The user's memberships, oldest first.
    async fn memberships_of_user(&self, user: UserId) -> StoreResult<Vec<Membership>>;
    /// The organisation's members, oldest first.
    async fn members_of_organisation(
        &self,
        organisation: OrganisationId,
    ) -> StoreResult<Vec<Membership>>;
}

/// Everything the application needs from storage, behind one object.
#[async_trait]
pub trait Store: UserRepository + OrganisationRepository + Send + Sync {
    /// Short name of the backend for logs ("sqlite", "postgres").
    fn backend(&self) -> &'static str;
    /// Applies pending migrations. Safe to run concurrently from several processes.
    async fn migrate(&self) -> StoreResult<()>;
    /// Database reachable and migrations applied.
    async fn readiness(&self) -> Readiness;
    /// Waits for in-flight queries and closes connections.
    async fn close(&self);
}
