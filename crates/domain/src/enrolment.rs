//! Enrolments in course cohorts. A seat is CONFIRMED while the cohort has one, otherwise the
//! person is WAITLISTED in arrival order; a cancelled seat goes to the first on the waiting
//! list. Seats are never oversold: the store serialises enrolments per cohort. Trainers
//! mark confirmed people COMPLETED or DROPPED; completing adds the course's skills to the
//! profile as CERTIFIED when the person agreed to it.

use chrono::{DateTime, NaiveDate, Utc};
use uuid::Uuid;

use crate::codes::coded;
use crate::course::Cohort;
use crate::delegation::Actor;
use crate::{CohortId, OrganisationId, Page, PageRequest, ProfileId, StoreResult, UserId};
use crate::{FieldProblem, ProblemCode};

coded!(
    /// Where an enrolment stands.
    EnrolmentStatus {
        Confirmed => "CONFIRMED",
        Waitlisted => "WAITLISTED",
        Cancelled => "CANCELLED",
        /// The provider cancelled the cohort.
        CancelledByProvider => "CANCELLED_BY_PROVIDER",
        Completed => "COMPLETED",
        Dropped => "DROPPED",
    }
);

impl EnrolmentStatus {
    /// Holding a seat or a place in the queue.
    pub fn is_active(self) -> bool {
        matches!(self, Self::Confirmed | Self::Waitlisted)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Enrolment {
    pub id: Uuid,
    pub cohort_id: CohortId,
    pub profile_id: ProfileId,
    pub status: EnrolmentStatus,
    /// The person agreed that completing the course adds its skills to their profile as
    /// CERTIFIED.
    pub certify_skills: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// One step of an enrolment's history: every write records who made it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EnrolmentEvent {
    pub enrolment_id: Uuid,
    pub status: EnrolmentStatus,
    /// `None` once the account is erased, and for a seat the waiting list handed on.
    pub actor_id: Option<UserId>,
    /// The organisation the actor acted for: the training provider, or the support
    /// organisation of a caseworker acting for the person; `None` when the person acted.
    pub acting_for: Option<OrganisationId>,
    pub at: DateTime<Utc>,
}

/// What enrolling came to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Enrolled {
    Enrolled(Enrolment),
    /// The person holds a seat or a place in the queue already.
    AlreadyEnrolled(Enrolment),
    NoSuchCohort,
    /// The provider cancelled the cohort.
    CohortCancelled,
}

coded!(
    /// Where a booking of seats for an employer's staff stands.
    StaffEnrolmentStatus { Confirmed => "CONFIRMED", Cancelled => "CANCELLED" }
);

/// Seats an employer booked in a cohort of a course for employers' staff, for named staff.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StaffEnrolment {
    pub id: Uuid,
    pub cohort_id: CohortId,
    pub organisation_id: OrganisationId,
    pub seats: i32,
    /// The participants' names, as many as seats at most.
    pub names: Vec<String>,
    pub status: StaffEnrolmentStatus,
    /// `None` once the account is erased.
    pub enrolled_by: Option<UserId>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// The most seats one booking takes.
pub const MAX_STAFF_SEATS: i32 = 200;
/// The longest participant name, in characters.
pub const MAX_STAFF_NAME_CHARS: usize = 200;

/// Every problem with a booking of `seats` for the staff `names`; empty means valid.
pub fn validate_staff_enrolment(seats: i32, names: &[String]) -> Vec<FieldProblem> {
    let mut problems = Vec::new();
    if !(1..=MAX_STAFF_SEATS).contains(&seats) {
        problems.push(FieldProblem::new(
            "seats",
            ProblemCode::OutOfRange,
            format!("book 1 to {MAX_STAFF_SEATS} seats"),
        ));
    } else if names.len() > usize::try_from(seats).unwrap_or(0) {
        problems.push(FieldProblem::new(
            "names",
            ProblemCode::TooMany,
            "name at most one person per seat",
        ));
    }
    for (i, name) in names.iter().enumerate() {
        let length = name.trim().chars().count();
        if length == 0 || length > MAX_STAFF_NAME_CHARS {
            problems.push(FieldProblem::new(
                format!("names[{i}]"),
                ProblemCode::InvalidName,
                format!("give a name of 1 to {MAX_STAFF_NAME_CHARS} characters"),
            ));
        }
    }
    problems
}

/// What booking seats for staff came to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StaffEnrolled {
    Enrolled(StaffEnrolment),
    NoSuchCohort,
    CohortCancelled,
    /// Fewer seats are left than were asked for: nothing is booked.
    NotEnoughSeats {
        left: i64,
    },
}

/// What changing a cohort's dates or seats came to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum UpdatedCohort {
    /// Changed; added seats went to the first on the waiting list, in order.
    Updated {
        cohort: Cohort,
        promoted: Vec<Enrolment>,
    },
    NoSuchCohort,
    /// A cancelled cohort does not change.
    Cancelled,
    /// Fewer seats than are given out already.
    BelowTaken {
        taken: i64,
    },
}

/// What cancelling a cohort came to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CancelledCohort {
    /// Cancelled; these enrolments (every seat and waiting-list place) ended with it.
    Cancelled {
        cohort: Cohort,
        ended: Vec<Enrolment>,
    },
    NoSuchCohort,
    AlreadyCancelled,
}

/// What cancelling came to: the cancelled enrolment and whoever got its seat.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cancelled {
    pub cancelled: Enrolment,
    pub promoted: Option<Enrolment>,
}

#[async_trait::async_trait]
pub trait EnrolmentRepository: Send + Sync {
    /// CONFIRMED while seats remain, else WAITLISTED; one enrolment per person and cohort
    /// (enrolling again after cancelling starts a new place in the queue).
    async fn enrol(
        &self,
        cohort: CohortId,
        profile: ProfileId,
        certify_skills: bool,
        actor: Actor,
        at: DateTime<Utc>,
    ) -> StoreResult<Enrolled>;
    async fn enrolment_by_id(&self, id: Uuid) -> StoreResult<Option<Enrolment>>;
    /// Cancels an active enrolment and, if it held a seat, confirms the first on the
    /// waiting list (an event of its own, by nobody). `None` when it was not active.
    async fn cancel_enrolment(
        &self,
        id: Uuid,
        actor: Actor,
        at: DateTime<Utc>,
    ) -> StoreResult<Option<Cancelled>>;
    /// Marks a CONFIRMED enrolment COMPLETED or DROPPED; completing with the person's
    /// agreement adds the course's skills (at the level the course reaches, unless the
    /// profile holds them higher) as CERTIFIED, in the same transaction. `None` when it
    /// was not CONFIRMED.
    async fn finish_enrolment(
        &self,
        id: Uuid,
        outcome: EnrolmentStatus,
        actor: Actor,
        at: DateTime<Utc>,
    ) -> StoreResult<Option<Enrolment>>;
    /// The histories of the enrolments, each oldest first.
    async fn enrolment_events(&self, ids: &[Uuid]) -> StoreResult<Vec<EnrolmentEvent>>;
    /// Seats given out in each of the cohorts that has any (confirmed, completed or
    /// dropped: only a cancellation frees a seat).
    async fn seats_taken(&self, cohorts: &[CohortId]) -> StoreResult<Vec<(CohortId, i64)>>;
    /// The person's enrolments, newest first.
    async fn enrolments_of_profile(
        &self,
        profile: ProfileId,
        page: &PageRequest,
    ) -> StoreResult<Page<Enrolment>>;
    /// The cohort's enrolments in arrival order.
    async fn enrolments_of_cohort(
        &self,
        cohort: CohortId,
        page: &PageRequest,
    ) -> StoreResult<Page<Enrolment>>;
    /// Changes a cohort's dates and seats, serialised with enrolments in it: seats below
    /// those given out are refused; seats added go to the first waiting, in arrival order
    /// (each an event by the provider `actor` acts for), in the same transaction.
    async fn update_cohort(
        &self,
        cohort: CohortId,
        starts_on: NaiveDate,
        ends_on: Option<NaiveDate>,
        seats: i32,
        actor: Actor,
        at: DateTime<Utc>,
    ) -> StoreResult<UpdatedCohort>;
    /// Cancels a cohort with `reason`: every CONFIRMED and WAITLISTED enrolment in it ends
    /// CANCELLED_BY_PROVIDER, in one transaction, each with its event.
    async fn cancel_cohort(
        &self,
        cohort: CohortId,
        reason: &str,
        actor: Actor,
        at: DateTime<Utc>,
    ) -> StoreResult<CancelledCohort>;
    /// How many wait in each of the cohorts that has anyone waiting.
    async fn waitlist_lengths(&self, cohorts: &[CohortId]) -> StoreResult<Vec<(CohortId, i64)>>;
    /// A WAITLISTED enrolment's place in its cohort's queue (1 is next); `None` for any
    /// other.
    async fn waitlist_position(&self, enrolment: Uuid) -> StoreResult<Option<i64>>;
    /// Books `seats` for an employer's staff, all or none, under the cohort's lock (the
    /// seats count against the cohort's like anyone's).
    async fn enrol_staff(
        &self,
        cohort: CohortId,
        organisation: OrganisationId,
        seats: i32,
        names: &[String],
        actor: Actor,
        at: DateTime<Utc>,
    ) -> StoreResult<StaffEnrolled>;
    /// Cancels a CONFIRMED booking, freeing its seats (the first waiting get them); `None`
    /// when it was not confirmed.
    async fn cancel_staff_enrolment(
        &self,
        id: Uuid,
        at: DateTime<Utc>,
    ) -> StoreResult<Option<StaffEnrolment>>;
    async fn staff_enrolment_by_id(&self, id: Uuid) -> StoreResult<Option<StaffEnrolment>>;
    /// The bookings in a cohort, oldest first.
    async fn staff_enrolments_of_cohort(
        &self,
        cohort: CohortId,
    ) -> StoreResult<Vec<StaffEnrolment>>;
    /// An employer's bookings, newest first.
    async fn staff_enrolments_of_organisation(
        &self,
        organisation: OrganisationId,
    ) -> StoreResult<Vec<StaffEnrolment>>;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn staff_bookings_are_checked() {
        assert!(validate_staff_enrolment(3, &["Ana".into(), "Ben".into()]).is_empty());
        let codes = |problems: Vec<FieldProblem>| -> Vec<&'static str> {
            problems.iter().map(|p| p.code.code()).collect()
        };
        assert_eq!(codes(validate_staff_enrolment(0, &[])), ["OUT_OF_RANGE"]);
        assert_eq!(
            codes(validate_staff_enrolment(1, &["Ana".into(), "Ben".into()])),
            ["TOO_MANY"]
        );
        assert_eq!(
            codes(validate_staff_enrolment(2, &[" ".into()])),
            ["INVALID_NAME"]
        );
    }
}
