//! Live updates over graphql-ws (`/graphql/ws`): applications and enrolments as they
//! change, for the people they concern. Events carry ids only; each subscriber loads what
//! it shows, so it only ever sees what it could query.

use std::sync::Arc;

use async_graphql::{Context, Result, Subscription as SubscriptionObject};
use futures::{Stream, StreamExt};
use skillbridge_domain::ConsentPurpose;
use skillbridge_domain::events::Event;
use skillbridge_domain::privacy::consent_given;
use skillbridge_domain::vacancy::VacancyStatus;

use crate::applications::ApplicationNode;
use crate::context::{app, store};
use crate::enrolments::EnrolmentNode;
use crate::guards::require_user;
use crate::matching::{VacancyMatch, vacancy_match};
use crate::profiles::own_profile;
use crate::{ErrorCode, GqlError};

#[derive(Default)]
pub struct Subscription;

#[SubscriptionObject]
impl Subscription {
    /// Applications as they change: the caller's own, and those to vacancies of the
    /// caller's organisations. With `includeCurrent`, the caller's own applications come
    /// first as they stand now.
    async fn application_updates(
        &self,
        ctx: &Context<'_>,
        #[graphql(default = false)] include_current: bool,
    ) -> Result<impl Stream<Item = ApplicationNode>> {
        let user = require_user(ctx)?;
        let updates = app(ctx)
            .application_updates(&user, include_current)
            .await
            .map_err(GqlError::from)?;
        Ok(updates.map(ApplicationNode))
    }

    /// Newly published vacancies that match the caller at `minScore` or above (0 to 1),
    /// each with its score and explanation. Needs the caller's consent to MATCHING.
    async fn new_matches(
        &self,
        ctx: &Context<'_>,
        #[graphql(default = 0.5)] min_score: f64,
    ) -> Result<impl Stream<Item = VacancyMatch>> {
        let user = require_user(ctx)?;
        let store = store(ctx).clone();
        let Some(profile) = own_profile(ctx).await? else {
            return Err(GqlError::new(ErrorCode::NotFound, "build your profile first").into());
        };
        let history = store
            .consent_history(user.id)
            .await
            .map_err(GqlError::from)?;
        if !consent_given(&history, ConsentPurpose::Matching) {
            return Err(GqlError::new(
                ErrorCode::Forbidden,
                "consent to MATCHING to be told of matching vacancies",
            )
            .into());
        }
        let events = store.subscribe_events().await.map_err(GqlError::from)?;
        let profile_id = profile.id;
        let weights = Arc::new(crate::context::app(ctx).engine().weights().clone());
        Ok(events.filter_map(move |event| {
            let (store, weights) = (store.clone(), weights.clone());
            async move {
                let Event::VacancyPublished { vacancy_id, .. } = event else {
                    return None;
                };
                let vacancy = store.vacancies_by_ids(&[vacancy_id]).await.ok()?.pop()?;
                if vacancy.status != VacancyStatus::Open {
                    return None;
                }
                // The profile as it is now: it may have changed since subscribing.
                let profile = store.profile_by_id(profile_id).await.ok()??;
                let found = vacancy_match(&store, &profile, vacancy, &weights).await;
                found.ok()?.filter(|m| m.score >= min_score)
            }
        }))
    }

    /// Enrolments as they change: the caller's own, and those in cohorts of the caller's
    /// training providers. With `includeCurrent`, the caller's own enrolments come first as
    /// they stand now.
    async fn enrolment_updates(
        &self,
        ctx: &Context<'_>,
        #[graphql(default = false)] include_current: bool,
    ) -> Result<impl Stream<Item = EnrolmentNode>> {
        let user = require_user(ctx)?;
        let updates = app(ctx)
            .enrolment_updates(&user, include_current)
            .await
            .map_err(GqlError::from)?;
        Ok(updates.map(EnrolmentNode))
    }
}
