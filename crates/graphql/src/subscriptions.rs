//! Live updates over graphql-ws (`/graphql/ws`): applications, enrolments and mentoring
//! requests as they change, for the people they concern, and newly published vacancies that match the caller. Events carry ids only; each subscriber loads what
//! it shows, so it only ever sees what it could query.

use async_graphql::{Context, Result, Subscription as SubscriptionObject};
use futures::{Stream, StreamExt};

use crate::GqlError;
use crate::context::app;
use crate::guards::require_user;
use crate::matches::vacancy_match;
use crate::matching::{VacancyMatch, explain_with};
use crate::mentoring::{MentoringRequestNode, mentoring_update};
use crate::nodes::ApplicationNode;
use crate::nodes::EnrolmentNode;

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
        let matches = app(ctx)
            .new_matches(&user, min_score)
            .await
            .map_err(GqlError::from)?;
        Ok(matches.map(|(vacancy, fit, skills)| {
            let score = fit.score;
            vacancy_match(vacancy, score, explain_with(&skills, fit))
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

    /// Mentoring requests as they change: those the caller made (as the person asking) and
    /// those made to the caller as a mentor: a new request, an answer, a withdrawal or an
    /// end. With `includeCurrent`, both come first as they stand now.
    async fn mentoring_updates(
        &self,
        ctx: &Context<'_>,
        #[graphql(default = false)] include_current: bool,
    ) -> Result<impl Stream<Item = MentoringRequestNode>> {
        let user = require_user(ctx)?;
        let updates = app(ctx)
            .mentoring_updates(&user, include_current)
            .await
            .map_err(GqlError::from)?;
        let viewer = user.id;
        Ok(updates.map(move |request| mentoring_update(viewer, request)))
    }
}
