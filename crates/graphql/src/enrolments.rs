//! Enrolments in GraphQL: people take a seat (or a place on the waiting list) and cancel;
//! trainers see who is enrolled and mark them COMPLETED or DROPPED.

use crate::GqlResult;
use crate::ids::uuid_if_of;
use crate::nodes::EnrolmentNode;
use async_graphql::connection::Connection;
use async_graphql::{Context, Enum, ID, InputObject, Object, Result, SimpleObject};
use chrono::{DateTime, Utc};
use skillbridge_app::Whose;
use skillbridge_domain::CohortId;
use skillbridge_domain::ProblemCode;
use skillbridge_domain::delegation::DelegationScope;
use skillbridge_domain::enrolment::{self as domain};
use skillbridge_domain::profile::FieldProblem;

use crate::GqlError;
use crate::accounts::UserError;
use crate::acting::ActedBy;
use crate::connections::{TotalCount, listed, page_request};
use crate::context::{app, current_user, loader};
use crate::courses::{Cohort, CourseNode};
use crate::guards::{acted_on, require_user, sees_activity_of};
use crate::ids::{global_id, page_size, parse_id};
use crate::loaders::{CohortById, CourseById, EventsOfEnrolment, ProfileById};
use crate::problems::{Payload, payload, payload_of, refusal};
use skillbridge_app::enrolments::Enrolling;

#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(remote = "skillbridge_domain::enrolment::EnrolmentStatus")]
pub enum EnrolmentStatus {
    Confirmed,
    Waitlisted,
    Cancelled,
    /// The provider cancelled the cohort.
    CancelledByProvider,
    Completed,
    Dropped,
}

/// How a trainer closes a confirmed enrolment.
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
pub enum EnrolmentOutcome {
    Completed,
    Dropped,
}

/// One step of an enrolment's history.
#[derive(SimpleObject)]
pub struct EnrolmentEvent {
    pub status: EnrolmentStatus,
    pub at: DateTime<Utc>,
    /// Who made the step; for the person and their caseworkers only (null for others).
    pub acted_by: Option<ActedBy>,
}

/// An enrolled person as the trainer sees them.
#[derive(SimpleObject)]
pub struct Participant {
    pub display_name: String,
    pub contact_email: Option<String>,
    pub contact_phone: Option<String>,
}

#[Object(name = "Enrolment")]
impl EnrolmentNode {
    pub(crate) async fn id(&self) -> ID {
        global_id("Enrolment", &self.0.id)
    }
    async fn cohort(&self, ctx: &Context<'_>) -> Result<Option<Cohort>> {
        Ok(loader(ctx)?
            .load_one(CohortById(self.0.cohort_id))
            .await?
            .map(Into::into))
    }
    async fn course(&self, ctx: &Context<'_>) -> Result<Option<CourseNode>> {
        let loader = loader(ctx)?;
        let Some(cohort) = loader.load_one(CohortById(self.0.cohort_id)).await? else {
            return Ok(None);
        };
        Ok(loader
            .load_one(CourseById(cohort.course_id))
            .await?
            .map(CourseNode))
    }
    /// Who enrolled: the name and contact a trainer needs to run the course, nothing more.
    async fn participant(&self, ctx: &Context<'_>) -> Result<Option<Participant>> {
        Ok(loader(ctx)?
            .load_one(ProfileById(self.0.profile_id))
            .await?
            .map(|p| Participant {
                display_name: p.details.display_name,
                contact_email: p.details.contact_email.map(|e| e.as_str().to_owned()),
                contact_phone: p.details.contact_phone,
            }))
    }
    async fn status(&self) -> EnrolmentStatus {
        self.0.status.into()
    }
    /// The place on the cohort's waiting list while WAITLISTED (1 is next); null otherwise.
    async fn waitlist_position(&self, ctx: &Context<'_>) -> Result<Option<i64>> {
        Ok(app(ctx)
            .waitlist_position(&self.0)
            .await
            .map_err(crate::GqlError::from)?)
    }
    /// Completing the course adds its skills to the profile as CERTIFIED.
    async fn certify_skills(&self) -> bool {
        self.0.certify_skills
    }
    /// Every step, oldest first (enrolments made before histories were kept start with the
    /// state they were in then).
    async fn history(&self, ctx: &Context<'_>) -> Result<Vec<EnrolmentEvent>> {
        let events = loader(ctx)?
            .load_one(EventsOfEnrolment(self.0.id))
            .await?
            .unwrap_or_default();
        let personal = sees_activity_of(ctx, self.0.profile_id).await?;
        Ok(events
            .into_iter()
            .map(|e| EnrolmentEvent {
                status: e.status.into(),
                at: e.at,
                acted_by: ActedBy::shown(personal, e.actor_id, e.acting_for),
            })
            .collect())
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
}

#[derive(InputObject)]
pub struct EnrolInput {
    pub cohort_id: ID,
    /// Agree that completing the course adds its skills to your profile as CERTIFIED.
    #[graphql(default = false)]
    pub certify_skills: bool,
    /// A client's profile, for a caseworker of a support organisation the person delegated
    /// ENROL to (with `organisationId`); the caller's own when both are left out.
    pub profile_id: Option<ID>,
    /// The support organisation the caseworker acts for.
    pub organisation_id: Option<ID>,
}

#[derive(InputObject)]
pub struct EnrolmentIdInput {
    pub enrolment_id: ID,
    /// A client's profile, for a caseworker of a support organisation the person delegated
    /// ENROL to (with `organisationId`); the caller's own when both are left out.
    pub profile_id: Option<ID>,
    /// The support organisation the caseworker acts for.
    pub organisation_id: Option<ID>,
}

#[derive(InputObject)]
pub struct FinishEnrolmentInput {
    pub enrolment_id: ID,
    pub outcome: EnrolmentOutcome,
}

#[derive(SimpleObject, Default)]
pub struct EnrolmentPayload {
    pub enrolment: Option<EnrolmentNode>,
    /// On a cancellation: whoever got the freed seat.
    pub promoted: Option<EnrolmentNode>,
    pub user_errors: Vec<UserError>,
}

payload_of!(
    EnrolmentPayload,
    domain::Enrolment,
    enrolment,
    EnrolmentNode
);

fn problem(field: &'static str, code: ProblemCode, message: impl Into<String>) -> EnrolmentPayload {
    EnrolmentPayload {
        user_errors: vec![FieldProblem::new(field, code, message).into()],
        ..Default::default()
    }
}

#[derive(Default)]
pub struct EnrolmentQuery;

#[Object]
impl EnrolmentQuery {
    /// The caller's enrolments, newest first.
    #[graphql(complexity = "page_size(first).unwrap_or(20) * child_complexity")]
    async fn my_enrolments(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> GqlResult<Connection<String, EnrolmentNode, TotalCount>> {
        let page = page_request(first, after.as_deref())?;
        let user = require_user(ctx)?;
        let list = app(ctx).enrolments_of(&user, Whose::Mine, &page).await?;
        Ok(listed(list, &page, EnrolmentNode))
    }

    /// Everyone enrolled in one of your provider's cohorts, in arrival order.
    #[graphql(complexity = "page_size(first).unwrap_or(20) * child_complexity")]
    async fn cohort_enrolments(
        &self,
        ctx: &Context<'_>,
        cohort_id: ID,
        first: Option<i32>,
        after: Option<String>,
    ) -> GqlResult<Connection<String, EnrolmentNode, TotalCount>> {
        let page = page_request(first, after.as_deref())?;
        let cohort: CohortId = parse_id(&cohort_id)?;
        let user = require_user(ctx)?;
        let list = app(ctx).cohort_enrolments(&user, cohort, &page).await?;
        Ok(listed(list, &page, EnrolmentNode))
    }
}

#[derive(Default)]
pub struct EnrolmentMutation;

#[Object]
impl EnrolmentMutation {
    /// Takes a seat in a cohort: CONFIRMED while seats remain, else WAITLISTED in arrival
    /// order. For the caller, or for a client (a caseworker with ENROL; the history names
    /// them).
    async fn enrol(&self, ctx: &Context<'_>, input: EnrolInput) -> Result<EnrolmentPayload> {
        let (_, actor, profile) = acted_on(
            ctx,
            input.profile_id.as_ref(),
            input.organisation_id.as_ref(),
            DelegationScope::Enrol,
        )
        .await?;
        let Some(profile) = profile else {
            return Ok(problem(
                "cohortId",
                ProblemCode::ProfileRequired,
                "build your profile before enrolling",
            ));
        };
        let cohort: CohortId = parse_id(&input.cohort_id)?;
        Ok(
            match app(ctx)
                .enrol(&profile, cohort, input.certify_skills, actor)
                .await
            {
                Ok(Enrolling::New(enrolment)) => EnrolmentPayload::made(enrolment),
                Ok(Enrolling::Existing(existing)) => EnrolmentPayload {
                    enrolment: Some(EnrolmentNode(existing)),
                    ..problem(
                        "cohortId",
                        ProblemCode::AlreadyEnrolled,
                        "you hold a seat or a place on the waiting list already",
                    )
                },
                Err(refused) => refusal(refused)?,
            },
        )
    }

    /// Gives up a seat or waiting-list place: the caller's, or a client's (a caseworker
    /// with ENROL). A freed seat goes to the first on the waiting list.
    async fn cancel_enrolment(
        &self,
        ctx: &Context<'_>,
        input: EnrolmentIdInput,
    ) -> GqlResult<EnrolmentPayload> {
        let (_, actor, profile) = acted_on(
            ctx,
            input.profile_id.as_ref(),
            input.organisation_id.as_ref(),
            DelegationScope::Enrol,
        )
        .await?;
        let id = uuid_if_of(&input.enrolment_id, "Enrolment");
        let enrolment = match profile {
            Some(profile) => app(ctx).enrolment_of(&profile, id).await?,
            None => None,
        };
        let Some(enrolment) = enrolment else {
            return Ok(problem(
                "enrolmentId",
                ProblemCode::NotFound,
                "you have no such enrolment",
            ));
        };
        Ok(match app(ctx).cancel_enrolment(&enrolment, actor).await {
            Ok(c) => EnrolmentPayload {
                enrolment: Some(EnrolmentNode(c.cancelled)),
                promoted: c.promoted.map(EnrolmentNode),
                user_errors: Vec::new(),
            },
            Err(refused) => refusal(refused)?,
        })
    }

    /// Marks a CONFIRMED enrolment in your provider's cohort COMPLETED or DROPPED.
    /// Completing adds the course's skills to the profile as CERTIFIED when the person
    /// agreed to it.
    async fn finish_enrolment(
        &self,
        ctx: &Context<'_>,
        input: FinishEnrolmentInput,
    ) -> GqlResult<EnrolmentPayload> {
        let user = require_user(ctx)?;
        let id = uuid_if_of(&input.enrolment_id, "Enrolment");
        let (enrolment, actor) = app(ctx).provider_enrolment(&user, id).await?;
        let outcome = match input.outcome {
            EnrolmentOutcome::Completed => domain::EnrolmentStatus::Completed,
            EnrolmentOutcome::Dropped => domain::EnrolmentStatus::Dropped,
        };
        Ok(payload(
            app(ctx).finish_enrolment(&enrolment, outcome, actor).await,
        )?)
    }
}

/// An enrolment, if the caller may see it (`None` otherwise, as for one that does not
/// exist): the person and their caseworkers, and members of the training provider.
pub(crate) async fn visible_enrolment(
    ctx: &Context<'_>,
    id: uuid::Uuid,
) -> Result<Option<EnrolmentNode>> {
    let Some(user) = current_user(ctx) else {
        return Ok(None);
    };
    Ok(app(ctx)
        .visible_enrolment(&user, id)
        .await
        .map_err(GqlError::from)?
        .map(EnrolmentNode))
}
