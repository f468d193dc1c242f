//! Action plans in GraphQL: the plan a person and their support organisation's caseworkers
//! share, its goals and steps, and the mutations that add and change them.

use async_graphql::{Context, Enum, ID, InputObject, MaybeUndefined, Object, Result, SimpleObject};
use chrono::{DateTime, Utc};
use skillbridge_app::action_plans::{GoalAsWritten, Plan, StepAsWritten, StepChanges};
use skillbridge_app::written::LanguageLevelAsWritten;
use skillbridge_domain::action_plan::{Goal, Step};
use skillbridge_domain::{CohortId, VacancyId};

use crate::accounts::UserError;
use crate::context::{app, current_user, loader};
use crate::courses::{Cohort, visible_cohort};
use crate::guards::require_user;
use crate::ids::{global_id, parse_id, uuid_if_of};
use crate::loaders::{OccupationById, QualificationsOf};
use crate::nodes::QualificationNode;
use crate::problems::{payload, payload_of};
use crate::scalars::Date;
use crate::taxonomy::{CefrLevel, Language, OccupationNode};
use crate::vacancies::{VacancyNode, visible_vacancy};
use crate::{GqlError, GqlResult};

#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(remote = "skillbridge_domain::action_plan::GoalKind")]
pub enum GoalKind {
    /// Working in an occupation (`occupationUri`).
    Occupation,
    /// Reaching a level in a language (`language`).
    LanguageLevel,
    /// Having a qualification recognised (`qualificationId`).
    Recognition,
    /// Anything else, in the description.
    Other,
}

#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(remote = "skillbridge_domain::action_plan::StepKind")]
pub enum StepKind {
    /// Apply to a vacancy (`vacancyId`); done when the application is made.
    Apply,
    /// Take a seat in a cohort (`cohortId`); done when the seat is confirmed.
    Enrol,
    /// Attend an appointment (`appointmentAt`).
    Appointment,
    /// Gather documents.
    Documents,
    Other,
}

#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(remote = "skillbridge_domain::action_plan::StepStatus")]
pub enum StepStatus {
    Open,
    Done,
    Cancelled,
}

/// A language and the level a goal aims at.
#[derive(SimpleObject)]
pub struct LanguageGoal {
    pub language: Language,
    pub level: CefrLevel,
}

/// A goal of an action plan.
pub struct GoalNode(pub Goal);

#[Object(name = "ActionPlanGoal")]
impl GoalNode {
    pub(crate) async fn id(&self) -> ID {
        global_id("ActionPlanGoal", &self.0.id)
    }
    async fn kind(&self) -> GoalKind {
        self.0.details.kind.into()
    }
    async fn description(&self) -> &str {
        &self.0.details.description
    }
    async fn occupation(&self, ctx: &Context<'_>) -> Result<Option<OccupationNode>> {
        Ok(match self.0.details.occupation_id {
            Some(id) => loader(ctx)?
                .load_one(OccupationById(id))
                .await?
                .map(OccupationNode),
            None => None,
        })
    }
    async fn language(&self) -> Option<LanguageGoal> {
        self.0
            .details
            .language
            .map(|(language, level)| LanguageGoal {
                language: Language::of(language, None),
                level: level.into(),
            })
    }
    /// The person's qualification to have recognised.
    async fn qualification(&self, ctx: &Context<'_>) -> Result<Option<QualificationNode>> {
        let Some(id) = self.0.details.qualification_id else {
            return Ok(None);
        };
        Ok(loader(ctx)?
            .load_one(QualificationsOf(self.0.profile_id))
            .await?
            .unwrap_or_default()
            .into_iter()
            .find(|q| q.id == id)
            .map(QualificationNode))
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}

/// A step of an action plan.
pub struct StepNode(pub Step);

#[Object(name = "ActionPlanStep")]
impl StepNode {
    pub(crate) async fn id(&self) -> ID {
        global_id("ActionPlanStep", &self.0.id)
    }
    async fn kind(&self) -> StepKind {
        self.0.details.kind.into()
    }
    async fn title(&self) -> &str {
        &self.0.details.title
    }
    /// The goal it serves.
    async fn goal_id(&self) -> Option<ID> {
        self.0
            .details
            .goal_id
            .map(|id| global_id("ActionPlanGoal", &id))
    }
    async fn due_on(&self) -> Option<Date> {
        self.0.details.due_on.map(Date)
    }
    /// For APPLY: the vacancy, while the caller may see it.
    async fn vacancy(&self, ctx: &Context<'_>) -> Result<Option<VacancyNode>> {
        match self.0.details.vacancy_id {
            Some(id) => visible_vacancy(ctx, id).await,
            None => Ok(None),
        }
    }
    /// For ENROL: the cohort.
    async fn cohort(&self, ctx: &Context<'_>) -> Result<Option<Cohort>> {
        match self.0.details.cohort_id {
            Some(id) => visible_cohort(ctx, id).await,
            None => Ok(None),
        }
    }
    async fn appointment_at(&self) -> Option<DateTime<Utc>> {
        self.0.details.appointment_at
    }
    /// Seen by the person as by their caseworkers.
    async fn note(&self) -> &str {
        &self.0.details.note
    }
    async fn status(&self) -> StepStatus {
        self.0.status.into()
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
    async fn completed_at(&self) -> Option<DateTime<Utc>> {
        self.0.completed_at
    }
}

/// The plan a person and a support organisation share.
#[derive(SimpleObject)]
pub struct ActionPlan {
    pub goals: Vec<GoalNode>,
    /// Due soonest first (steps without a date last).
    pub steps: Vec<StepNode>,
}

#[derive(InputObject)]
pub struct LanguageGoalInput {
    /// ISO 639-1.
    pub language: String,
    /// A1 to C2.
    pub level: String,
}

#[derive(InputObject)]
pub struct AddActionPlanGoalInput {
    /// The support organisation the plan is with.
    pub organisation_id: ID,
    /// A client's profile, for a caseworker of that organisation; the caller's own when
    /// left out.
    pub profile_id: Option<ID>,
    pub kind: GoalKind,
    #[graphql(default)]
    pub description: String,
    /// For OCCUPATION: an ESCO occupation URI.
    pub occupation_uri: Option<String>,
    /// For LANGUAGE_LEVEL.
    pub language: Option<LanguageGoalInput>,
    /// For RECOGNITION: one of the person's qualifications.
    pub qualification_id: Option<ID>,
}

#[derive(InputObject)]
pub struct AddActionPlanStepInput {
    pub organisation_id: ID,
    pub profile_id: Option<ID>,
    pub kind: StepKind,
    pub title: String,
    /// A goal of the same plan.
    pub goal_id: Option<ID>,
    pub due_on: Option<Date>,
    /// For APPLY: a vacancy the caller may see.
    pub vacancy_id: Option<ID>,
    /// For ENROL.
    pub cohort_id: Option<ID>,
    /// For APPOINTMENT.
    pub appointment_at: Option<DateTime<Utc>>,
    /// Seen by the person as by their caseworkers.
    #[graphql(default)]
    pub note: String,
}

/// Changes to a step: a field left out stays, `null` clears an optional one.
#[derive(InputObject)]
pub struct UpdateActionPlanStepInput {
    pub organisation_id: ID,
    pub profile_id: Option<ID>,
    pub step_id: ID,
    pub title: Option<String>,
    pub due_on: MaybeUndefined<Date>,
    pub appointment_at: MaybeUndefined<DateTime<Utc>>,
    pub note: Option<String>,
    pub status: Option<StepStatus>,
}

#[derive(SimpleObject, Default)]
pub struct ActionPlanGoalPayload {
    pub goal: Option<GoalNode>,
    pub user_errors: Vec<UserError>,
}

#[derive(SimpleObject, Default)]
pub struct ActionPlanStepPayload {
    pub step: Option<StepNode>,
    pub user_errors: Vec<UserError>,
}

payload_of!(ActionPlanGoalPayload, Goal, goal, GoalNode);
payload_of!(ActionPlanStepPayload, Step, step, StepNode);

fn optional<T>(value: MaybeUndefined<T>) -> Option<Option<T>> {
    match value {
        MaybeUndefined::Undefined => None,
        MaybeUndefined::Null => Some(None),
        MaybeUndefined::Value(v) => Some(Some(v)),
    }
}

/// The plan the caller names: their own with `organisation_id`, or a client's.
async fn plan_named(
    ctx: &Context<'_>,
    profile_id: Option<&ID>,
    organisation_id: &ID,
) -> GqlResult<Plan> {
    let user = require_user(ctx)?;
    let profile = profile_id.map(parse_id).transpose()?;
    let organisation = parse_id(organisation_id)?;
    Ok(app(ctx).plan(&user, profile, organisation).await?)
}

#[derive(Default)]
pub struct ActionPlanQuery;

#[Object]
impl ActionPlanQuery {
    /// The action plan shared with a support organisation: the caller's own (`profileId`
    /// left out), or, for its caseworkers, a client's who delegated to it.
    async fn action_plan(
        &self,
        ctx: &Context<'_>,
        organisation_id: ID,
        profile_id: Option<ID>,
    ) -> GqlResult<ActionPlan> {
        let plan = plan_named(ctx, profile_id.as_ref(), &organisation_id).await?;
        let found = app(ctx).action_plan(&plan).await?;
        Ok(ActionPlan {
            goals: found.goals.into_iter().map(GoalNode).collect(),
            steps: found.steps.into_iter().map(StepNode).collect(),
        })
    }
}

#[derive(Default)]
pub struct ActionPlanMutation;

#[Object]
impl ActionPlanMutation {
    /// Adds a goal to an action plan (the person's own, or a client's).
    async fn add_action_plan_goal(
        &self,
        ctx: &Context<'_>,
        input: AddActionPlanGoalInput,
    ) -> GqlResult<ActionPlanGoalPayload> {
        let plan = plan_named(ctx, input.profile_id.as_ref(), &input.organisation_id).await?;
        let written = GoalAsWritten {
            kind: input.kind.into(),
            description: input.description,
            occupation_uri: input.occupation_uri,
            language: input.language.map(|l| LanguageLevelAsWritten {
                language: l.language,
                level: l.level,
            }),
            // An id of another kind names no qualification of the person's.
            qualification_id: input
                .qualification_id
                .map(|id| uuid_if_of(&id, "Qualification").unwrap_or_default()),
        };
        payload(app(ctx).add_goal(&plan, written).await)
    }

    /// Adds a step to an action plan. A step linked to a vacancy or a cohort is done once
    /// the person applies or holds the seat.
    async fn add_action_plan_step(
        &self,
        ctx: &Context<'_>,
        input: AddActionPlanStepInput,
    ) -> GqlResult<ActionPlanStepPayload> {
        let user = require_user(ctx)?;
        let plan = plan_named(ctx, input.profile_id.as_ref(), &input.organisation_id).await?;
        let written = StepAsWritten {
            kind: input.kind.into(),
            title: input.title,
            goal_id: input.goal_id.map(|id| uuid_if_of(&id, "ActionPlanGoal")),
            due_on: input.due_on.map(|d| d.0),
            vacancy_id: input
                .vacancy_id
                .map(|id| uuid_if_of(&id, "Vacancy").map(VacancyId::from_uuid)),
            cohort_id: input
                .cohort_id
                .map(|id| uuid_if_of(&id, "Cohort").map(CohortId::from_uuid)),
            appointment_at: input.appointment_at,
            note: input.note,
        };
        payload(app(ctx).add_step(&user, &plan, written).await)
    }

    /// Changes a step of an action plan: its title, due date, appointment, note or status.
    async fn update_action_plan_step(
        &self,
        ctx: &Context<'_>,
        input: UpdateActionPlanStepInput,
    ) -> GqlResult<ActionPlanStepPayload> {
        let plan = plan_named(ctx, input.profile_id.as_ref(), &input.organisation_id).await?;
        let changes = StepChanges {
            title: input.title,
            due_on: optional(input.due_on).map(|d| d.map(|d| d.0)),
            appointment_at: optional(input.appointment_at),
            note: input.note,
            status: input.status.map(Into::into),
        };
        let step = uuid_if_of(&input.step_id, "ActionPlanStep");
        payload(app(ctx).update_step(&plan, step, changes).await)
    }
}

/// A goal, if the caller may see its plan.
pub(crate) async fn visible_goal(ctx: &Context<'_>, id: uuid::Uuid) -> Result<Option<GoalNode>> {
    let Some(user) = current_user(ctx) else {
        return Ok(None);
    };
    Ok(app(ctx)
        .visible_goal(&user, id)
        .await
        .map_err(GqlError::from)?
        .map(GoalNode))
}

/// A step, if the caller may see its plan.
pub(crate) async fn visible_step(ctx: &Context<'_>, id: uuid::Uuid) -> Result<Option<StepNode>> {
    let Some(user) = current_user(ctx) else {
        return Ok(None);
    };
    Ok(app(ctx)
        .visible_step(&user, id)
        .await
        .map_err(GqlError::from)?
        .map(StepNode))
}
