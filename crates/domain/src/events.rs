//! What happened: the change stream. Every write appends the changes it made, as events
//! naming ids only, in its own transaction; each follower (a process's match index, its live
//! updates) reads on from a position of its own, at least once, and handles an event by
//! re-reading what it names, so reading one twice does no harm. The table is the truth:
//! notifications between processes only wake followers, so a process that missed one, or a
//! writer killed before it could send one, loses nothing. Subscribers load what they show
//! under their own permissions, so an event never leaks what its receiver may not see.

use futures::stream::BoxStream;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::search::DocumentKind;
use crate::{CohortId, OrganisationId, ProfileId, StoreResult, UserId, VacancyId};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Event {
    /// An application was made or moved.
    Application {
        application_id: Uuid,
        profile_id: ProfileId,
        /// The employer the vacancy belongs to.
        organisation_id: OrganisationId,
    },
    /// An enrolment was made, cancelled, promoted or finished.
    Enrolment {
        enrolment_id: Uuid,
        profile_id: ProfileId,
        cohort_id: CohortId,
    },
    /// A mentoring request was made or moved.
    Mentoring {
        request_id: Uuid,
        /// The person who asked to be mentored.
        profile_id: ProfileId,
        mentor_id: UserId,
    },
    /// A vacancy became OPEN.
    VacancyPublished { vacancy_id: VacancyId },
    /// A vacancy was edited, closed or filled.
    VacancyChanged { vacancy_id: VacancyId },
    /// What matching reads of a profile changed: details, skills, languages, consents, or
    /// the profile is gone.
    ProfileChanged { profile_id: ProfileId },
    /// What search shows of these documents changed, or they are gone: search re-reads
    /// them from the database.
    SearchDocuments {
        document_kind: DocumentKind,
        ids: Vec<Uuid>,
    },
    /// What search shows of every document of a kind changed (a shortage list).
    SearchKind { document_kind: DocumentKind },
}

impl Event {
    pub fn of_application(application: &crate::application::Application) -> Self {
        Event::Application {
            application_id: application.id,
            profile_id: application.profile_id,
            organisation_id: application.organisation_id,
        }
    }

    pub fn of_mentoring(request: &crate::mentoring::MentoringRequest) -> Self {
        Event::Mentoring {
            request_id: request.id,
            profile_id: request.profile_id,
            mentor_id: request.mentor_id,
        }
    }

    pub fn of_enrolment(enrolment: &crate::enrolment::Enrolment) -> Self {
        Event::Enrolment {
            enrolment_id: enrolment.id,
            profile_id: enrolment.profile_id,
            cohort_id: enrolment.cohort_id,
        }
    }
}

/// Where a follower is in the change stream: after every change at or before it. Changes
/// are ordered by the transaction that recorded them, then by their sequence number in the
/// stream; only the store reads the parts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ChangePosition {
    pub transaction: i64,
    pub sequence: i64,
}

/// How far a follower is behind the stream: the changes after its position, and when the
/// oldest of them was recorded.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ChangeLag {
    pub pending: u64,
    pub oldest: Option<chrono::DateTime<chrono::Utc>>,
}

/// One event of the stream, with its position.
#[derive(Clone, Debug, PartialEq)]
pub struct Change {
    pub position: ChangePosition,
    pub event: Event,
    /// Recorded by this process, whose callers already applied it where they read their
    /// own writes (its match index).
    pub local: bool,
}

#[async_trait::async_trait]
pub trait EventRepository: Send + Sync {
    /// The position of a follower that has read every change committed so far: one that
    /// starts here sees every change committed from now on.
    async fn change_head(&self) -> StoreResult<ChangePosition>;
    /// Up to `limit` changes after `after`, in stream order. A change shows up here only
    /// once no change before it can still commit, so a follower that moves its position to
    /// the last change it read never skips one.
    async fn changes_after(&self, after: ChangePosition, limit: usize) -> StoreResult<Vec<Change>>;
    /// Every change after `after`, as it commits, for as long as the stream is read: the
    /// follower's own position, so it never skips a change however slowly it reads. A
    /// notification from any process wakes it; it also looks on its own now and then. A
    /// failed read is yielded and the stream goes on from the same position.
    async fn follow_changes(
        &self,
        after: ChangePosition,
    ) -> StoreResult<BoxStream<'static, StoreResult<Change>>>;
    /// Every event committed from now on, for this process's live updates: one follower
    /// per process shares them out. A subscriber that falls too far behind skips the events
    /// it missed rather than holding the others up.
    async fn subscribe_events(&self) -> StoreResult<BoxStream<'static, Event>>;
    /// Forgets changes recorded before `before` (every follower is long past them: a
    /// process that starts reads the current state and then follows from the head), and
    /// moves the horizon past them.
    async fn prune_changes(&self, before: chrono::DateTime<chrono::Utc>) -> StoreResult<u64>;
    /// The last change forgotten ([`EventRepository::prune_changes`]): a follower whose
    /// position is before it has missed changes and must read the current state again.
    async fn change_horizon(&self) -> StoreResult<ChangePosition>;
    /// How far a follower at `after` is behind (`None`: one that has read nothing, so
    /// every change kept is ahead of it).
    async fn change_lag(&self, after: Option<ChangePosition>) -> StoreResult<ChangeLag>;
}
