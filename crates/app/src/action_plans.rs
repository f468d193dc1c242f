//! Action plans: the person and the caseworkers of a support organisation they delegated to
//! read and write the plan they share (goals, steps with due dates, notes). Steps linked to a
//! vacancy or a cohort are done when the person applies or holds the seat (the store does
//! it in the same transaction).

use chrono::{DateTime, NaiveDate, Utc};
use skillbridge_auth::CurrentUser;
use skillbridge_domain::action_plan::{
    ActionPlan, Goal, GoalDetails, GoalKind, MAX_PLAN_ITEMS, Step, StepDetails, StepKind,
    StepStatus,
};
use skillbridge_domain::delegation::{Actor, DelegationScope};
use skillbridge_domain::profile::Profile;
use skillbridge_domain::{
    CohortId, FieldProblem, OrganisationId, ProblemCode, ProfileId, VacancyId, clock,
};
use uuid::Uuid;

use crate::access::ProfileTarget;
use crate::written::{LanguageLevelAsWritten, language_level};
use crate::{App, ServiceError, ServiceResult};

/// Whose plan, with which organisation, and who acts on it.
#[derive(Clone, Debug)]
pub struct Plan {
    pub profile: Profile,
    pub organisation: OrganisationId,
    pub actor: Actor,
}

/// A goal as written.
#[derive(Clone, Debug)]
pub struct GoalAsWritten {
    pub kind: GoalKind,
    pub description: String,
    pub occupation_uri: Option<String>,
    pub language: Option<LanguageLevelAsWritten>,
    pub qualification_id: Option<Uuid>,
}

/// A step as written; ids of other records as the API parsed them (`None` inside an id that
/// names nothing of that kind is reported like an unknown one).
#[derive(Clone, Debug)]
pub struct StepAsWritten {
    pub kind: StepKind,
    pub title: String,
    pub goal_id: Option<Option<Uuid>>,
    pub due_on: Option<NaiveDate>,
    pub vacancy_id: Option<Option<VacancyId>>,
    pub cohort_id: Option<Option<CohortId>>,
    pub appointment_at: Option<DateTime<Utc>>,
    pub note: String,
}

/// Changes to a step: `None` keeps a field.
#[derive(Clone, Debug, Default)]
pub struct StepChanges {
    pub title: Option<String>,
    pub due_on: Option<Option<NaiveDate>>,
    pub appointment_at: Option<Option<DateTime<Utc>>>,
    pub note: Option<String>,
    pub status: Option<StepStatus>,
}

fn not_found(field: &'static str, what: &str) -> FieldProblem {
    FieldProblem::new(
        field,
        ProblemCode::NotFound,
        format!("no such {what} you may see"),
    )
}

impl App {
    /// The plan `user` works on: their own with the support organisation `organisation`
    /// (`profile` left out), or, for a caseworker acting for `organisation`, the plan of the
    /// client `profile` who delegated to it.
    pub async fn plan(
        &self,
        user: &CurrentUser,
        profile: Option<ProfileId>,
        organisation: OrganisationId,
    ) -> ServiceResult<Plan> {
        match profile {
            None => {
                if !self.is_support_organisation(organisation).await? {
                    return Err(ServiceError::NotFound("no such support organisation"));
                }
                let profile = self
                    .own_profile(user)
                    .await?
                    .ok_or(ServiceError::NotFound("build your profile first"))?;
                Ok(Plan {
                    profile,
                    organisation,
                    actor: Actor::person(user.id),
                })
            }
            Some(profile) => {
                let target = ProfileTarget::Client {
                    profile,
                    organisation,
                };
                let profile = self
                    .target_profile(user, target, DelegationScope::View)
                    .await?;
                Ok(Plan {
                    profile,
                    organisation,
                    actor: target.actor(user.id),
                })
            }
        }
    }

    /// The goals and steps of `plan`.
    pub async fn action_plan(&self, plan: &Plan) -> ServiceResult<ActionPlan> {
        Ok(self
            .store
            .action_plan(plan.profile.id, plan.organisation)
            .await?)
    }

    /// Adds a goal to `plan`.
    pub async fn add_goal(&self, plan: &Plan, written: GoalAsWritten) -> ServiceResult<Goal> {
        let mut problems = Vec::new();
        let occupation_id = match &written.occupation_uri {
            Some(uri) => self.occupation_by_uri(uri, &mut problems).await?,
            None => None,
        };
        let language = written
            .language
            .as_ref()
            .and_then(|l| language_level("language", "level", l, &mut problems));
        if let Some(id) = written.qualification_id {
            let held = self.store.qualifications(plan.profile.id).await?;
            if !held.iter().any(|q| q.id == id) {
                problems.push(not_found("qualificationId", "qualification"));
            }
        }
        let details = GoalDetails {
            kind: written.kind,
            description: written.description.trim().to_owned(),
            occupation_id,
            language,
            qualification_id: written.qualification_id,
        };
        if problems.is_empty() {
            problems = details.problems();
        }
        let current = self.action_plan(plan).await?;
        if current.goals.len() >= MAX_PLAN_ITEMS {
            problems.push(FieldProblem::whole(
                ProblemCode::TooMany,
                format!("a plan holds at most {MAX_PLAN_ITEMS} goals"),
            ));
        }
        if !problems.is_empty() {
            return Err(ServiceError::Invalid(problems));
        }
        Ok(self
            .store
            .add_goal(plan.profile.id, plan.organisation, &details, clock::now())
            .await?)
    }

    /// Adds a step to `plan`. What it links to must be something the caller may see: an
    /// OPEN vacancy (or one of their organisation's), a cohort, a goal of the same plan.
    pub async fn add_step(
        &self,
        user: &CurrentUser,
        plan: &Plan,
        written: StepAsWritten,
    ) -> ServiceResult<Step> {
        let current = self.action_plan(plan).await?;
        let mut problems = Vec::new();
        let goal_id = match written.goal_id {
            Some(id) => {
                let known = id.filter(|id| current.goals.iter().any(|g| g.id == *id));
                if known.is_none() {
                    problems.push(not_found("goalId", "goal in this plan"));
                }
                known
            }
            None => None,
        };
        let vacancy_id = match written.vacancy_id {
            Some(id) => {
                let visible = match id {
                    Some(id) => self.visible_vacancy(Some(user), id).await?.map(|v| v.id),
                    None => None,
                };
                if visible.is_none() {
                    problems.push(not_found("vacancyId", "vacancy"));
                }
                visible
            }
            None => None,
        };
        let cohort_id = match written.cohort_id {
            Some(id) => {
                let found = match id {
                    Some(id) => self.store.cohorts_by_ids(&[id]).await?.pop().map(|c| c.id),
                    None => None,
                };
                if found.is_none() {
                    problems.push(not_found("cohortId", "cohort"));
                }
                found
            }
            None => None,
        };
        let details = StepDetails {
            kind: written.kind,
            title: written.title.trim().to_owned(),
            goal_id,
            due_on: written.due_on,
            vacancy_id,
            cohort_id,
            appointment_at: written.appointment_at,
            note: written.note.trim().to_owned(),
        };
        if problems.is_empty() {
            problems = details.problems();
        }
        if current.steps.len() >= MAX_PLAN_ITEMS {
            problems.push(FieldProblem::whole(
                ProblemCode::TooMany,
                format!("a plan holds at most {MAX_PLAN_ITEMS} steps"),
            ));
        }
        if !problems.is_empty() {
            return Err(ServiceError::Invalid(problems));
        }
        Ok(self
            .store
            .add_step(
                plan.profile.id,
                plan.organisation,
                &details,
                plan.actor.user,
                clock::now(),
            )
            .await?)
    }

    /// Changes a step of `plan` (its title, due date, appointment, note, status).
    pub async fn update_step(
        &self,
        plan: &Plan,
        step: Option<Uuid>,
        changes: StepChanges,
    ) -> ServiceResult<Step> {
        let found = match step {
            Some(id) => self.store.step_by_id(id).await?,
            None => None,
        };
        let Some(current) = found
            .filter(|s| s.profile_id == plan.profile.id && s.organisation_id == plan.organisation)
        else {
            return Err(not_found("stepId", "step in this plan").into());
        };
        let mut details = current.details.clone();
        if let Some(title) = changes.title {
            details.title = title.trim().to_owned();
        }
        if let Some(due_on) = changes.due_on {
            details.due_on = due_on;
        }
        if let Some(at) = changes.appointment_at {
            details.appointment_at = at;
        }
        if let Some(note) = changes.note {
            details.note = note.trim().to_owned();
        }
        let problems = details.problems();
        if !problems.is_empty() {
            return Err(ServiceError::Invalid(problems));
        }
        let status = changes.status.unwrap_or(current.status);
        self.store
            .save_step(current.id, &details, status, clock::now())
            .await?
            .ok_or_else(|| not_found("stepId", "step in this plan").into())
    }

    /// A goal or step's plan owner and organisation, if the caller may see the plan: the
    /// person, and caseworkers of the organisation the person delegated to.
    async fn sees_plan(
        &self,
        user: &CurrentUser,
        profile: ProfileId,
        organisation: OrganisationId,
    ) -> ServiceResult<bool> {
        let Some(profile) = self.store.profile_by_id(profile).await? else {
            return Ok(false);
        };
        if profile.user_id == Some(user.id) {
            return Ok(true);
        }
        let delegations = self.store.delegations_of_profile(profile.id).await?;
        let memberships = self.memberships(user).await?;
        Ok(
            skillbridge_domain::policy::is_member(&memberships, organisation)
                && skillbridge_domain::policy::may_act_on_client(
                    &delegations,
                    organisation,
                    DelegationScope::View,
                ),
        )
    }

    /// A step, if the caller may see its plan.
    pub async fn visible_step(&self, user: &CurrentUser, id: Uuid) -> ServiceResult<Option<Step>> {
        let Some(step) = self.store.step_by_id(id).await? else {
            return Ok(None);
        };
        let sees = self
            .sees_plan(user, step.profile_id, step.organisation_id)
            .await?;
        Ok(sees.then_some(step))
    }

    /// A goal, if the caller may see its plan.
    pub async fn visible_goal(&self, user: &CurrentUser, id: Uuid) -> ServiceResult<Option<Goal>> {
        let Some(goal) = self.store.goal_by_id(id).await? else {
            return Ok(None);
        };
        let sees = self
            .sees_plan(user, goal.profile_id, goal.organisation_id)
            .await?;
        Ok(sees.then_some(goal))
    }
}
