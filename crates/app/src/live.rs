//! Live updates: applications, enrolments and mentoring requests as they change, for the people they concern.
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
use skillbridge_domain::mentoring::MentoringRequest;
use skillbridge_domain::{
    CohortId, OrganisationId, PageRequest, ProfileId, Store, StoreResult, UserId,
};

use crate::{App, ServiceResult};

/// Who a subscriber is: their account, their profile and the organisations they belong to.
struct Audience {
    user: UserId,
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
            user: user.id,
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
            |store, profile, _| async move {
                let Some(profile) = profile else {
                    return Ok(Vec::new());
                };
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
            |store, profile, _| async move {
                let Some(profile) = profile else {
                    return Ok(Vec::new());
                };
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

    /// Mentoring requests as they change: those the caller made (as the person asking) and
    /// those made to the caller as a mentor. With `include_current`, both come first as
    /// they stand now. Caseworkers follow their clients' requests by querying them.
    pub async fn mentoring_updates(
        &self,
        user: &CurrentUser,
        include_current: bool,
    ) -> ServiceResult<BoxStream<'static, MentoringRequest>> {
        self.updates(
            user,
            include_current,
            |store, profile, user| async move {
                let mut current = store
                    .mentoring_requests_to_mentor(user, None, &PageRequest::all())
                    .await?
                    .into_values();
                if let Some(profile) = profile {
                    current.extend(
                        store
                            .mentoring_requests_of_profile(profile, &PageRequest::all())
                            .await?
                            .into_values(),
                    );
                }
                Ok(current)
            },
            |store, audience, event| async move {
                let Event::Mentoring {
                    request_id,
                    profile_id,
                    mentor_id,
                } = event
                else {
                    return None;
                };
                if audience.user != mentor_id && audience.profile != Some(profile_id) {
                    return None;
                }
                store
                    .mentoring_request_by_id(request_id)
                    .await
                    .ok()
                    .flatten()
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
        C: FnOnce(Arc<dyn Store>, Option<ProfileId>, UserId) -> CFut,
        CFut: Future<Output = StoreResult<Vec<T>>>,
        F: Fn(Arc<dyn Store>, Arc<Audience>, Event) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Option<T>> + Send + 'static,
    {
        let audience = self.audience(user).await?;
        let events = self.store.subscribe_events().await?;
        let current = if include_current {
            current(self.store.clone(), audience.profile, audience.user).await?
        } else {
            Vec::new()
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
