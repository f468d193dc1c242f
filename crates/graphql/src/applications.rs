//! Applications in GraphQL: people apply and withdraw, employers move applications along
//! the pipeline, hires become placements.

use crate::GqlResult;
use crate::ids::{parse_id, uuid_if_of};
use crate::nodes::{ApplicationNode, PlacementNode};
use async_graphql::connection::Connection;
use async_graphql::{Context, Enum, ID, InputObject, Object, Result, SimpleObject};
use chrono::{DateTime, Utc};
use skillbridge_app::Whose;
use skillbridge_domain::ProblemCode;
use skillbridge_domain::application::{self as domain, Mover};
use skillbridge_domain::delegation::{Actor, DelegationScope};
use skillbridge_domain::profile::FieldProblem;

use crate::GqlError;
use crate::accounts::UserError;
use crate::acting::ActedBy;
use crate::connections::{TotalCount, listed, page_request};
use crate::context::{app, current_user, loader};
use crate::guards::{acted_on, require_user, sees_activity_of};
use crate::ids::{global_id, page_size, parse_global_id};
use crate::loaders::{EventsOfApplication, ProfileById, VacancyById};
use crate::nodes::ProfileNode;
use crate::problems::{payload, payload_of};
use crate::scalars::Date;
use crate::vacancies::VacancyNode;
use crate::values::ContractType;
use skillbridge_app::applications::ApplicationMoveForm;

#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(remote = "skillbridge_domain::application::ApplicationStatus")]
pub enum ApplicationStatus {
    Submitted,
    Reviewed,
    Interview,
    Offer,
    Hired,
    Rejected,
    Withdrawn,
}

/// One step of an application's history.
#[derive(SimpleObject)]
pub struct ApplicationEvent {
    pub status: ApplicationStatus,
    pub reason: Option<String>,
    pub at: DateTime<Utc>,
    /// Who made the move; for the person and their caseworkers only (null for others).
    pub acted_by: Option<ActedBy>,
}

#[Object(name = "Application")]
impl ApplicationNode {
    pub(crate) async fn id(&self) -> ID {
        global_id("Application", &self.0.id)
    }
    async fn vacancy(&self, ctx: &Context<'_>) -> Result<Option<VacancyNode>> {
        Ok(loader(ctx)?
            .load_one(VacancyById(self.0.vacancy_id))
            .await?
            .map(VacancyNode))
    }
    /// The applicant's profile, revealed to the employer by applying. An employer's view
    /// is logged for the person to see, like every view of a profile.
    async fn profile(&self, ctx: &Context<'_>) -> Result<Option<ProfileNode>> {
        let user = require_user(ctx)?;
        let Some(profile) = loader(ctx)?
            .load_one(ProfileById(self.0.profile_id))
            .await?
        else {
            return Ok(None);
        };
        app(ctx)
            .applicant_profile_seen(user.id, &self.0, &profile)
            .await
            .map_err(GqlError::from)?;
        Ok(Some(ProfileNode(profile)))
    }
    async fn message(&self) -> &str {
        &self.0.message
    }
    async fn status(&self) -> ApplicationStatus {
        self.0.status.into()
    }
    /// Every move, oldest first.
    async fn history(&self, ctx: &Context<'_>) -> Result<Vec<ApplicationEvent>> {
        let events = loader(ctx)?
            .load_one(EventsOfApplication(self.0.id))
            .await?
            .unwrap_or_default();
        let personal = sees_activity_of(ctx, self.0.profile_id).await?;
        Ok(events
            .into_iter()
            .map(|e| ApplicationEvent {
                status: e.status.into(),
                reason: e.reason,
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

#[Object(name = "Placement")]
impl PlacementNode {
    pub(crate) async fn id(&self) -> ID {
        global_id("Placement", &self.0.id)
    }
    async fn vacancy(&self, ctx: &Context<'_>) -> Result<Option<VacancyNode>> {
        Ok(loader(ctx)?
            .load_one(VacancyById(self.0.vacancy_id))
            .await?
            .map(VacancyNode))
    }
    async fn starts_on(&self) -> Date {
        Date(self.0.starts_on)
    }
    async fn contract_type(&self) -> ContractType {
        self.0.contract_type.into()
    }
    /// The day a fixed-term or seasonal contract ends, when known.
    async fn ends_on(&self) -> Option<Date> {
        self.0.ends_on.map(Date)
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    /// The check-ins recorded, by milestone (notes for the person and their caseworkers).
    async fn check_ins(&self, ctx: &Context<'_>) -> Result<Vec<crate::follow_up::CheckInNode>> {
        crate::follow_up::check_ins(ctx, &self.0).await
    }
    /// The check-ins due (3, 6 and 12 months after the start, those before the contract's
    /// end) and not recorded yet.
    async fn check_ins_due(&self, ctx: &Context<'_>) -> Result<Vec<crate::follow_up::DueCheckIn>> {
        crate::follow_up::due(ctx, &self.0).await
    }
}

#[derive(InputObject)]
pub struct ApplyToVacancyInput {
    pub vacancy_id: ID,
    #[graphql(default)]
    pub message: String,
    /// A client's profile, for a caseworker of a support organisation the person delegated
    /// APPLY to (with `organisationId`); the caller's own when both are left out.
    pub profile_id: Option<ID>,
    /// The support organisation the caseworker acts for.
    pub organisation_id: Option<ID>,
}

#[derive(InputObject)]
pub struct ApplicationIdInput {
    pub application_id: ID,
    /// A client's profile, for a caseworker of a support organisation the person delegated
    /// APPLY to (with `organisationId`); the caller's own when both are left out.
    pub profile_id: Option<ID>,
    /// The support organisation the caseworker acts for.
    pub organisation_id: Option<ID>,
}

/// An employer's move: one step along SUBMITTED -> REVIEWED -> INTERVIEW -> OFFER ->
/// HIRED, or REJECTED from any open step.
#[derive(InputObject)]
pub struct MoveApplicationInput {
    pub application_id: ID,
    pub status: ApplicationStatus,
    /// Why, shown to the applicant (for a rejection, say).
    pub reason: Option<String>,
    /// For HIRED: when the job starts (default: the vacancy's start date, else today).
    pub starts_on: Option<Date>,
}

#[derive(SimpleObject, Default)]
pub struct ApplicationPayload {
    pub application: Option<ApplicationNode>,
    pub user_errors: Vec<UserError>,
}

fn problem(
    field: &'static str,
    code: ProblemCode,
    message: impl Into<String>,
) -> ApplicationPayload {
    ApplicationPayload {
        application: None,
        user_errors: vec![FieldProblem::new(field, code, message).into()],
    }
}

payload_of!(
    ApplicationPayload,
    domain::Application,
    application,
    ApplicationNode
);

#[derive(Default)]
pub struct ApplicationQuery;

#[Object]
impl ApplicationQuery {
    /// The caller's applications, newest first.
    #[graphql(complexity = "page_size(first).unwrap_or(20) * child_complexity")]
    async fn my_applications(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> GqlResult<Connection<String, ApplicationNode, TotalCount>> {
        let page = page_request(first, after.as_deref())?;
        let user = require_user(ctx)?;
        let list = app(ctx).applications_of(&user, Whose::Mine, &page).await?;
        Ok(listed(list, &page, ApplicationNode))
    }

    /// Applications to one of your organisation's vacancies, oldest first.
    #[graphql(complexity = "page_size(first).unwrap_or(20) * child_complexity")]
    async fn vacancy_applications(
        &self,
        ctx: &Context<'_>,
        vacancy_id: ID,
        first: Option<i32>,
        after: Option<String>,
    ) -> GqlResult<Connection<String, ApplicationNode, TotalCount>> {
        let page = page_request(first, after.as_deref())?;
        let vacancy = parse_id(&vacancy_id)?;
        let user = require_user(ctx)?;
        let list = app(ctx).vacancy_applications(&user, vacancy, &page).await?;
        Ok(listed(list, &page, ApplicationNode))
    }
}

#[derive(Default)]
pub struct ApplicationMutation;

#[Object]
impl ApplicationMutation {
    /// Applies to an OPEN vacancy, once: for the caller, or for a client (a caseworker with
    /// APPLY; the history names them). Applying reveals the profile to that employer only.
    async fn apply_to_vacancy(
        &self,
        ctx: &Context<'_>,
        input: ApplyToVacancyInput,
    ) -> Result<ApplicationPayload> {
        let (_, actor, profile) = acted_on(
            ctx,
            input.profile_id.as_ref(),
            input.organisation_id.as_ref(),
            DelegationScope::Apply,
        )
        .await?;
        let Some(profile) = profile else {
            return Ok(problem(
                "vacancyId",
                ProblemCode::ProfileRequired,
                "build your profile before applying",
            ));
        };
        let vacancy = match parse_global_id(&input.vacancy_id)? {
            (kind, uuid) if kind == "Vacancy" => skillbridge_domain::VacancyId::from_uuid(uuid),
            _ => {
                return Ok(problem(
                    "vacancyId",
                    ProblemCode::NotFound,
                    "no such vacancy",
                ));
            }
        };
        Ok(payload(
            app(ctx)
                .apply(profile.id, vacancy, &input.message, actor)
                .await,
        )?)
    }

    /// Withdraws an application that is not decided yet: the caller's, or a client's (a
    /// caseworker with APPLY).
    async fn withdraw_application(
        &self,
        ctx: &Context<'_>,
        input: ApplicationIdInput,
    ) -> GqlResult<ApplicationPayload> {
        let (_, actor, profile) = acted_on(
            ctx,
            input.profile_id.as_ref(),
            input.organisation_id.as_ref(),
            DelegationScope::Apply,
        )
        .await?;
        let id = uuid_if_of(&input.application_id, "Application");
        let application = match profile {
            Some(profile) => app(ctx).application_of(&profile, id).await?,
            None => None,
        };
        let Some(application) = application else {
            return Ok(problem(
                "applicationId",
                ProblemCode::NotFound,
                "you have no such application",
            ));
        };
        let form = ApplicationMoveForm {
            who: Mover::Applicant,
            to: domain::ApplicationStatus::Withdrawn,
            reason: None,
            starts_on: None,
        };
        Ok(payload(
            app(ctx).move_application(&application, form, actor).await,
        )?)
    }

    /// Moves an application to one of your organisation's vacancies one step along, or
    /// rejects it. HIRED records a placement; a vacancy whose positions are all filled
    /// becomes FILLED.
    async fn move_application(
        &self,
        ctx: &Context<'_>,
        input: MoveApplicationInput,
    ) -> GqlResult<ApplicationPayload> {
        let user = require_user(ctx)?;
        let id = uuid_if_of(&input.application_id, "Application");
        let application = app(ctx).employer_application(&user, id).await?;
        let form = ApplicationMoveForm {
            who: Mover::Employer,
            to: input.status.into(),
            reason: input.reason,
            starts_on: input.starts_on.map(|d| d.0),
        };
        let actor = Actor::member(user.id, application.organisation_id);
        Ok(payload(
            app(ctx).move_application(&application, form, actor).await,
        )?)
    }
}

/// An application, if the caller may see it (`None` otherwise, as for one that does not
/// exist): the applicant and their caseworkers, and members of the employer.
pub(crate) async fn visible_application(
    ctx: &Context<'_>,
    id: uuid::Uuid,
) -> Result<Option<ApplicationNode>> {
    let Some(user) = current_user(ctx) else {
        return Ok(None);
    };
    Ok(app(ctx)
        .visible_application(&user, id)
        .await
        .map_err(GqlError::from)?
        .map(ApplicationNode))
}

/// A placement, if the caller may see it, as its application: the person and their
/// caseworkers, and members of the employer.
pub(crate) async fn visible_placement(
    ctx: &Context<'_>,
    id: uuid::Uuid,
) -> Result<Option<PlacementNode>> {
    let Some(user) = current_user(ctx) else {
        return Ok(None);
    };
    Ok(app(ctx)
        .visible_placement(&user, id)
        .await
        .map_err(GqlError::from)?
        .map(PlacementNode))
}
