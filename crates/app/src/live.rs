//! Live updates: applications and enrolments as they change, for the people they concern.
//! Events carry ids only; each update is loaded as it is then, so a subscriber only ever
//! sees what it could query. One mechanism for both: the subscriber's audience, read when
//! the subscription starts, decides which events concern them.

use std::collections::HashSet;
use std::future::Future;
use std::sync::Arc;

use futures::StreamExt;
use futures::stream::BoxStream;
use skillbridge_auth::CurrentUser;
use skillbridge_domain::application::Application;
use skillbridge_domain::enrolment::Enrolment;
use skillbridge_domain::events::Event;
use skillbridge_domain::{CohortId, OrganisationId, PageRequest, ProfileId, Store, StoreResult};

use crate::{App, ServiceResult};

/// Who a subscriber is: their profile and the organisations they belong to.
struct Audience {
    profile: Option<ProfileId>,
    organisations: HashSet<OrganisationId>,
}

impl Audience {
    /// Whether a record between `profile` and `organisation` concerns the subscriber.
    fn concerned(&self, profile: ProfileId, organisation: Option<OrganisationId>) -> bool {
        self.profile == Some(profile)
            || organisation.is_some_and(|o| self.organisations.contains(&o))
    }
}

impl App {
    async fn audience(&self, user: &CurrentUser) -> ServiceResult<Audience> {
        let profile = self.store.profile_of_user(user.id).await?.map(|p| p.id);
        let organisations = self
            .memberships(user)
            .await?
            .into_iter()
            .map(|m| m.organisation_id)
            .collect();
        Ok(Audience {
            profile,
            organisations,
        })
    }

    /// Applications as they change: the caller's own, and those to vacancies of the
    /// caller's organisations. With `include_current`, the caller's own applications come
    /// first as they stand now.
    pub async fn application_updates(
        &self,
        user: &CurrentUser,
        include_current: bool,
    ) -> ServiceResult<BoxStream<'static, Application>> {
        self.updates(
            user,
            include_current,
            |store, profile| async move {
                Ok(store
                    .applications_of_profile(profile, &PageRequest::all())
                    .await?
                    .into_values())
            },
            |store, audience, event| async move {
                let Event::Application {
                    application_id,
                    profile_id,
                    organisation_id,
                } = event
                else {
                    return None;
                };
                if !audience.concerned(profile_id, Some(organisation_id)) {
                    return None;
                }
                store.application_by_id(application_id).await.ok().flatten()
            },
        )
        .await
    }

    /// Enrolments as they change: the caller's own, and those in cohorts of the caller's
    /// training providers. With `include_current`, the caller's own enrolments come first
    /// as they stand now.
    pub async fn enrolment_updates(
        &self,
        user: &CurrentUser,
        include_current: bool,
    ) -> ServiceResult<BoxStream<'static, Enrolment>> {
        self.updates(
            user,
            include_current,
            |store, profile| async move {
                Ok(store
                    .enrolments_of_profile(profile, &PageRequest::all())
                    .await?
                    .into_values())
            },
            |store, audience, event| async move {
                let Event::Enrolment {
                    enrolment_id,
                    profile_id,
                    cohort_id,
                } = event
                else {
                    return None;
                };
                // The provider is looked up only for a subscriber who has organisations.
                let provider = if audience.organisations.is_empty() {
                    None
                } else {
                    provider_of(&store, cohort_id).await
                };
                if !audience.concerned(profile_id, provider) {
                    return None;
                }
                store.enrolment_by_id(enrolment_id).await.ok().flatten()
            },
        )
        .await
    }

    /// The records of a kind as they change, for the caller: with `include_current`, the
    /// caller's own as they stand now (`current`), then what `load` makes of each event.
    /// The subscription starts before the current state is read, so nothing falls in
    /// between.
    async fn updates<T, C, CFut, F, Fut>(
        &self,
        user: &CurrentUser,
        include_current: bool,
        current: C,
        load: F,
    ) -> ServiceResult<BoxStream<'static, T>>
    where
        T: Send + 'static,
        C: FnOnce(Arc<dyn Store>, ProfileId) -> CFut,
        CFut: Future<Output = StoreResult<Vec<T>>>,
        F: Fn(Arc<dyn Store>, Arc<Audience>, Event) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Option<T>> + Send + 'static,
    {
        let audience = self.audience(user).await?;
        let events = self.store.subscribe_events().await?;
        let current = match (include_current, audience.profile) {
            (true, Some(profile)) => current(self.store.clone(), profile).await?,
            _ => Vec::new(),
        };
        let store = self.store.clone();
        let audience = Arc::new(audience);
        let updates = events.filter_map(move |event| load(store.clone(), audience.clone(), event));
        Ok(Box::pin(futures::stream::iter(current).chain(updates)))
    }
}

/// The organisation that runs a cohort's course.
async fn provider_of(store: &Arc<dyn Store>, cohort: CohortId) -> Option<OrganisationId> {
    let cohort = store.cohorts_by_ids(&[cohort]).await.ok()?.pop()?;
    let course = store
        .courses_by_ids(&[cohort.course_id])
        .await
        .ok()?
        .pop()?;
    Some(course.organisation_id)
}
