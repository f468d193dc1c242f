//! The repository traits. One implementation per database (`store-sqlite`,
//! `store-postgres`), both held to the same behavioural suite (`store-tests`).

use async_trait::async_trait;

use crate::course::CourseRepository;
use crate::disclosure::DisclosureRepository;
use crate::profile::{DelegationRepository, ProfileRepository};
use crate::shortage::{NewShortage, Region, Shortage};
use crate::taxonomy::{
    BroaderLink, IscoGroup, IscoGroupRecord, Label, Occupation, OccupationQuery, OccupationRecord,
    OccupationSkillLink, Skill, SkillQuery, SkillRecord, SkillRelation, TaxonomyCounts,
};
use crate::vacancy::VacancyRepository;
use crate::{AuthRepository, PrivacyRepository};
use crate::{
    Email, Invitation, InvitationOutcome, Membership, MembershipRole, NewInvitation,
    NewOrganisation, NewUser, OccupationId, Organisation, OrganisationId, Page, PageRequest, Role,
    SkillId, StoreResult, User, UserId,
};
use chrono::{DateTime, Utc};

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
    /// The accounts among `ids` that exist, in no particular order.
    async fn users_by_ids(&self, ids: &[UserId]) -> StoreResult<Vec<User>>;
    /// Changes an account's role (`NotFound` if there is no such account).
    async fn set_user_role(&self, user: UserId, role: Role) -> StoreResult<User>;
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
    /// The organisations among `ids` that exist, in no particular order.
    async fn organisations_by_ids(&self, ids: &[OrganisationId]) -> StoreResult<Vec<Organisation>>;
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
        page: &PageRequest,
    ) -> StoreResult<Page<Membership>>;
    /// Marks the organisation verified (keeps the first verification time).
    /// Replaces what the organisation tells the public in the directory; `NotFound` when
    /// there is no such organisation.
    async fn save_organisation_profile(
        &self,
        id: OrganisationId,
        profile: &crate::organisation::OrganisationProfile,
        at: DateTime<Utc>,
    ) -> StoreResult<Organisation>;
    async fn verify_organisation(
        &self,
        id: OrganisationId,
        at: DateTime<Utc>,
    ) -> StoreResult<Organisation>;
    async fn create_invitation(&self, invitation: &NewInvitation) -> StoreResult<Invitation>;
    /// Accepts the invitation whose token hashes to `token_hash` for `user` (whose email
    /// must be the invited one): marks it accepted and adds the membership, atomically.
    async fn accept_invitation(
        &self,
        token_hash: &str,
        user: &User,
        now: DateTime<Utc>,
    ) -> StoreResult<InvitationOutcome>;
    /// The open (unaccepted, unexpired) invitation whose token hashes to `token_hash`.
    async fn open_invitation(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<Invitation>>;
    async fn invitation_by_id(&self, id: uuid::Uuid) -> StoreResult<Option<Invitation>>;
    /// The organisation's invitations, newest first.
    async fn invitations_of_organisation(
        &self,
        organisation: OrganisationId,
        page: &PageRequest,
    ) -> StoreResult<Page<Invitation>>;
}

/// Reading the ESCO taxonomy. Lists that fan out (labels, relations) take many ids at once,
/// so that a page of results costs one query per relation, not one per row.
#[async_trait]
pub trait TaxonomyRepository: Send + Sync {
    /// Opens an import: every write goes into one transaction that `commit` makes visible
    /// at once; dropping the import without committing leaves the taxonomy as it was.
    async fn begin_taxonomy_import(&self) -> StoreResult<Box<dyn TaxonomyImport>>;
    async fn taxonomy_counts(&self) -> StoreResult<TaxonomyCounts>;

    async fn skill_by_uri(&self, uri: &str) -> StoreResult<Option<Skill>>;
    async fn skills_by_ids(&self, ids: &[SkillId]) -> StoreResult<Vec<Skill>>;
    /// Skills (not groups) matching `query`, ordered by preferred label then URI.
    async fn find_skills(&self, query: &SkillQuery, page: &PageRequest)
    -> StoreResult<Page<Skill>>;
    /// Preferred labels and descriptions of `ids` in each of `langs` that exists.
    async fn skill_labels(
        &self,
        ids: &[SkillId],
        langs: &[&str],
    ) -> StoreResult<Vec<(SkillId, Label)>>;
    /// Alternative labels of `ids` in `lang`, in label order.
    async fn skill_alt_labels(
        &self,
        ids: &[SkillId],
        lang: &str,
    ) -> StoreResult<Vec<(SkillId, String)>>;
    /// For each of `ids`, its broader concepts: (narrower id, broader concept).
    async fn broader_skills(&self, ids: &[SkillId]) -> StoreResult<Vec<(SkillId, Skill)>>;
    /// Every broader link of the skills pillar: (narrower id, broader id).
    async fn skill_hierarchy(&self) -> StoreResult<Vec<(SkillId, SkillId)>>;
    /// For each of `ids`, its narrower concepts: (broader id, narrower concept).
    async fn narrower_skills(&self, ids: &[SkillId]) -> StoreResult<Vec<(SkillId, Skill)>>;
    /// The knowledge skills whose English preferred label is one of `labels`.
    async fn skills_by_english_label(&self, labels: &[&str]) -> StoreResult<Vec<(String, Skill)>>;

    async fn occupation_by_uri(&self, uri: &str) -> StoreResult<Option<Occupation>>;
    async fn occupations_by_ids(&self, ids: &[OccupationId]) -> StoreResult<Vec<Occupation>>;
    async fn find_occupations(
        &self,
        query: &OccupationQuery,
        page: &PageRequest,
    ) -> StoreResult<Page<Occupation>>;
    async fn occupation_labels(
        &self,
        ids: &[OccupationId],
        langs: &[&str],
    ) -> StoreResult<Vec<(OccupationId, Label)>>;
    async fn occupation_alt_labels(
        &self,
        ids: &[OccupationId],
        lang: &str,
    ) -> StoreResult<Vec<(OccupationId, String)>>;
    /// The skills each occupation needs, with how it needs them.
    async fn occupation_skills(
        &self,
        ids: &[OccupationId],
    ) -> StoreResult<Vec<(OccupationId, SkillRelation, Skill)>>;

    async fn isco_groups_by_codes(&self, codes: &[String]) -> StoreResult<Vec<IscoGroup>>;
    async fn isco_group_labels(
        &self,
        codes: &[String],
        langs: &[&str],
    ) -> StoreResult<Vec<(String, Label)>>;
}

/// One all-or-nothing taxonomy import. Upserts are keyed by URI (ISCO groups by code), so
/// running the same import twice updates rather than duplicates; alternative labels of a
/// concept in a language are replaced by the ones imported.
#[async_trait]
pub trait TaxonomyImport: Send {
    async fn upsert_isco_groups(&mut self, batch: &[IscoGroupRecord]) -> StoreResult<()>;
    async fn upsert_skills(&mut self, batch: &[SkillRecord]) -> StoreResult<()>;
    async fn upsert_occupations(&mut self, batch: &[OccupationRecord]) -> StoreResult<()>;
    /// Links skills to broader concepts; returns how many links named concepts that exist
    /// (the rest are skipped).
    async fn link_broader(&mut self, batch: &[BroaderLink]) -> StoreResult<u64>;
    /// Links occupations to skills; returns how many links named concepts that exist.
    async fn link_occupation_skills(&mut self, batch: &[OccupationSkillLink]) -> StoreResult<u64>;
    /// The ISCO group codes known so far, this import's included.
    async fn isco_codes(&mut self) -> StoreResult<Vec<String>>;
    /// Sets each ISCO group's parent from its code (`2221` is under `222`).
    async fn link_isco_parents(&mut self) -> StoreResult<()>;
    async fn commit(self: Box<Self>) -> StoreResult<TaxonomyCounts>;
}

/// Shortage occupation lists.
#[async_trait]
pub trait ShortageRepository: Send + Sync {
    /// Adds or updates entries (keyed by region, occupation, source and start date) in one
    /// transaction; returns how many there were.
    async fn upsert_shortages(&self, entries: &[NewShortage]) -> StoreResult<u64>;
    /// Every entry for these regions, current or not, ordered by region, then ISCO code.
    async fn shortages_in(&self, regions: &[Region]) -> StoreResult<Vec<Shortage>>;
    async fn shortage_by_id(&self, id: crate::ShortageId) -> StoreResult<Option<Shortage>>;
}

/// A connection pool's use at one moment.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PoolUse {
    /// Connections open, idle or in use.
    pub open: u32,
    pub idle: u32,
    /// The most the pool opens.
    pub max: u32,
}

/// Everything the application needs from storage, behind one object.
#[async_trait]
pub trait Store:
    UserRepository
    + OrganisationRepository
    + AuthRepository
    + PrivacyRepository
    + ProfileRepository
    + crate::career::CareerRepository
    + crate::bulk::BulkLoadRepository
    + crate::application::ApplicationRepository
    + crate::enrolment::EnrolmentRepository
    + crate::venture::VentureRepository
    + crate::mentoring::MentoringRepository
    + crate::follow_up::FollowUpRepository
    + crate::support::SupportRepository
    + crate::action_plan::ActionPlanRepository
    + crate::search::SearchSourceRepository
    + crate::events::EventRepository
    + crate::statistics::StatisticsRepository
    + crate::fairness::FairnessRepository
    + crate::insights::InsightsRepository
    + DisclosureRepository
    + DelegationRepository
    + VacancyRepository
    + CourseRepository
    + TaxonomyRepository
    + ShortageRepository
    + Send
    + Sync
{
    /// Short name of the backend for logs ("sqlite", "postgres").
    fn backend(&self) -> &'static str;
    /// How the connection pool for requests is used now (for operations metrics).
    fn pool_use(&self) -> PoolUse;
    /// Applies pending migrations. Safe to run concurrently from several processes.
    async fn migrate(&self) -> StoreResult<()>;
    /// Database reachable and migrations applied.
    async fn readiness(&self) -> Readiness;
    /// Waits for in-flight queries and closes connections.
    async fn close(&self);
}
