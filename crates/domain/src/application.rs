//! Applications to vacancies and the placements they end in. A person applies once per
//! vacancy; the employer moves the application along SUBMITTED -> REVIEWED -> INTERVIEW ->
//! OFFER -> HIRED, or REJECTED at any step; the person may withdraw until it is decided.
//! Every move is kept with who made it and when.

use chrono::{DateTime, NaiveDate, Utc};
use uuid::Uuid;

use crate::codes::coded;
use crate::delegation::Actor;
use crate::vacancy::ContractType;
use crate::{OrganisationId, Page, PageRequest, ProfileId, StoreResult, UserId, VacancyId};

coded!(
    /// Where an application stands.
    ApplicationStatus {
        Submitted => "SUBMITTED",
        Reviewed => "REVIEWED",
        Interview => "INTERVIEW",
        Offer => "OFFER",
        Hired => "HIRED",
        Rejected => "REJECTED",
        Withdrawn => "WITHDRAWN",
    }
);

impl ApplicationStatus {
    /// HIRED, REJECTED and WITHDRAWN end an application.
    pub fn is_final(self) -> bool {
        matches!(self, Self::Hired | Self::Rejected | Self::Withdrawn)
    }
}

/// Who moves an application.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mover {
    Employer,
    Applicant,
}

/// Whether `who` may move an application from `from` to `to`: the employer one step along
/// the pipeline (or to REJECTED from any open step), the applicant only to WITHDRAWN. The
/// one place the pipeline is defined.
pub fn may_move(who: Mover, from: ApplicationStatus, to: ApplicationStatus) -> bool {
    use ApplicationStatus::*;
    if from.is_final() {
        return false;
    }
    match who {
        Mover::Applicant => to == Withdrawn,
        Mover::Employer => matches!(
            (from, to),
            (Submitted, Reviewed)
                | (Reviewed, Interview)
                | (Interview, Offer)
                | (Offer, Hired)
                | (_, Rejected)
        ),
    }
}

pub const MAX_MESSAGE_CHARS: usize = 2_000;
pub const MAX_REASON_CHARS: usize = 500;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Application {
    pub id: Uuid,
    pub vacancy_id: VacancyId,
    pub profile_id: ProfileId,
    /// The employer the vacancy belongs to.
    pub organisation_id: OrganisationId,
    pub message: String,
    pub status: ApplicationStatus,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// One step of an application's history.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApplicationEvent {
    pub application_id: Uuid,
    pub status: ApplicationStatus,
    pub reason: Option<String>,
    /// `None` once the account that made the move is erased.
    pub actor_id: Option<UserId>,
    /// The organisation the actor acted for: the employer, or the support organisation of
    /// a caseworker acting for the person; `None` when the person acted themselves.
    pub acting_for: Option<OrganisationId>,
    pub at: DateTime<Utc>,
}

/// A hire: what caseworkers and funders report on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Placement {
    pub id: Uuid,
    pub application_id: Uuid,
    pub vacancy_id: VacancyId,
    pub profile_id: ProfileId,
    pub starts_on: NaiveDate,
    /// The day a fixed-term or seasonal contract ends, when known.
    pub ends_on: Option<NaiveDate>,
    pub contract_type: ContractType,
    pub created_at: DateTime<Utc>,
}

/// A move to make, as `move_application` takes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApplicationMove {
    pub from: ApplicationStatus,
    pub to: ApplicationStatus,
    pub reason: Option<String>,
    pub actor: Actor,
    pub at: DateTime<Utc>,
    /// For a move to HIRED: when the job starts (the vacancy's start date, else today).
    pub starts_on: Option<NaiveDate>,
}

/// What applying came to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Applied {
    Applied(Application),
    /// The vacancy is not OPEN (or does not exist).
    NotOpen,
    /// The person already applied to it.
    AlreadyApplied,
}

#[async_trait::async_trait]
pub trait ApplicationRepository: Send + Sync {
    /// Applies, in one transaction: the application, its first event, and the disclosure
    /// of the profile to the vacancy's employer (reason APPLIED).
    async fn apply(
        &self,
        profile: ProfileId,
        vacancy: VacancyId,
        message: &str,
        actor: Actor,
        at: DateTime<Utc>,
    ) -> StoreResult<Applied>;
    async fn application_by_id(&self, id: Uuid) -> StoreResult<Option<Application>>;
    /// Moves the application when it is still in `mv.from`, recording the event; a move to
    /// HIRED also records the placement and marks the vacancy FILLED once its positions
    /// are all filled. `None` when the application was no longer in `mv.from`.
    async fn move_application(
        &self,
        id: Uuid,
        mv: &ApplicationMove,
    ) -> StoreResult<Option<Application>>;
    /// The person's applications, newest first.
    async fn applications_of_profile(
        &self,
        profile: ProfileId,
        page: &PageRequest,
    ) -> StoreResult<Page<Application>>;
    /// Applications to the vacancy, oldest first.
    async fn applications_for_vacancy(
        &self,
        vacancy: VacancyId,
        page: &PageRequest,
    ) -> StoreResult<Page<Application>>;
    /// The histories of the applications, oldest event first.
    async fn application_events(&self, ids: &[Uuid]) -> StoreResult<Vec<ApplicationEvent>>;
    /// The person's placements, newest first.
    async fn placements_of_profile(&self, profile: ProfileId) -> StoreResult<Vec<Placement>>;
    async fn placement_by_id(&self, id: Uuid) -> StoreResult<Option<Placement>>;
}

#[cfg(test)]
mod tests {
    use super::ApplicationStatus::*;
    use super::*;

    #[test]
    fn the_pipeline() {
        let e = Mover::Employer;
        assert!(may_move(e, Submitted, Reviewed));
        assert!(may_move(e, Reviewed, Interview));
        assert!(may_move(e, Interview, Offer));
        assert!(may_move(e, Offer, Hired));
        assert!(!may_move(e, Submitted, Hired), "no skipping");
        assert!(!may_move(e, Interview, Reviewed), "no going back");
        for from in [Submitted, Reviewed, Interview, Offer] {
            assert!(
                may_move(e, from, Rejected),
                "rejected at any step: {from:?}"
            );
            assert!(may_move(Mover::Applicant, from, Withdrawn));
            assert!(
                !may_move(e, from, Withdrawn),
                "only the applicant withdraws"
            );
        }
        for from in [Hired, Rejected, Withdrawn] {
            for to in ApplicationStatus::ALL {
                assert!(!may_move(e, from, *to) && !may_move(Mover::Applicant, from, *to));
            }
        }
        assert!(!may_move(Mover::Applicant, Submitted, Reviewed));
    }
}
