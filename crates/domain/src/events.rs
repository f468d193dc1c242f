//! What happened, for live updates. An event carries ids only: subscribers load what they
//! show under their own permissions, so an event never leaks what its receiver may not see.
//! Every API process receives every event: through PostgreSQL NOTIFY when several replicas
//! share a database, in process on SQLite.

use futures::stream::BoxStream;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::{CohortId, OrganisationId, ProfileId, StoreResult, VacancyId};

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
    /// A vacancy became OPEN. `origin` names the match index that already knows (see
    /// `VacancyChanged`).
    VacancyPublished {
        vacancy_id: VacancyId,
        #[serde(default)]
        origin: Option<Uuid>,
    },
    /// An open vacancy was edited, closed or filled. `origin` names the process's match
    /// index that refreshed itself when it made the change, so it need not again.
    VacancyChanged {
        vacancy_id: VacancyId,
        #[serde(default)]
        origin: Option<Uuid>,
    },
    /// What matching reads of a profile changed: details, skills, languages, consents, or
    /// the profile is gone. `origin` as for vacancies.
    ProfileChanged {
        profile_id: ProfileId,
        #[serde(default)]
        origin: Option<Uuid>,
    },
}

#[async_trait::async_trait]
pub trait EventRepository: Send + Sync {
    /// Sends an event to every subscriber in every process; call it after the change it
    /// reports has committed.
    async fn publish_event(&self, event: &Event) -> StoreResult<()>;
    /// Every event published from now on, in this process. A subscriber that falls too far
    /// behind skips the events it missed rather than holding the others up.
    async fn subscribe_events(&self) -> StoreResult<BoxStream<'static, Event>>;
}
