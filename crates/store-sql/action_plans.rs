// Action plans: goals and steps per person and support organisation, and the steps that
// writes elsewhere (applying, a confirmed seat) complete in their own transaction.

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use skillbridge_domain::action_plan::{
    ActionPlan, ActionPlanRepository, Goal, GoalDetails, GoalKind, Step, StepDetails, StepKind,
    StepStatus,
};
use skillbridge_domain::{
    CefrLevel, CohortId, LanguageCode, OccupationId, OrganisationId, ProfileId, StoreError,
    StoreResult, UserId, VacancyId,
};
use sqlx::FromRow;
use uuid::Uuid;

use crate::dialect::{Db, DbStore, timestamp};
use crate::error::{store_error, unknown_code, write_error};

const GOAL_COLUMNS: &str = "id, profile_id, organisation_id, kind, description, occupation_id,
    language, level, qualification_id, created_at";
const STEP_COLUMNS: &str = "id, profile_id, organisation_id, goal_id, kind, title, due_on,
    vacancy_id, cohort_id, appointment_at, note, status, created_at, updated_at, completed_at";

#[derive(FromRow)]
struct GoalRow {
    id: Uuid,
    profile_id: Uuid,
    organisation_id: Uuid,
    kind: String,
    description: String,
    occupation_id: Option<Uuid>,
    language: Option<String>,
    level: Option<String>,
    qualification_id: Option<Uuid>,
    created_at: DateTime<Utc>,
}

impl TryFrom<GoalRow> for Goal {
    type Error = StoreError;
    fn try_from(r: GoalRow) -> StoreResult<Self> {
        let language = match (r.language, r.level) {
            (Some(language), Some(level)) => Some((
                LanguageCode::parse(&language).map_err(|_| unknown_code("language", &language))?,
                CefrLevel::parse(&level).map_err(|_| unknown_code("CEFR level", &level))?,
            )),
            _ => None,
        };
        Ok(Goal {
            id: r.id,
            profile_id: ProfileId::from_uuid(r.profile_id),
            organisation_id: OrganisationId::from_uuid(r.organisation_id),
            details: GoalDetails {
                kind: GoalKind::from_code(&r.kind)
                    .ok_or_else(|| unknown_code("goal kind", &r.kind))?,
                description: r.description,
                occupation_id: r.occupation_id.map(OccupationId::from_uuid),
                language,
                qualification_id: r.qualification_id,
            },
            created_at: r.created_at,
        })
    }
}

#[derive(FromRow)]
struct StepRow {
    id: Uuid,
    profile_id: Uuid,
    organisation_id: Uuid,
    goal_id: Option<Uuid>,
    kind: String,
    title: String,
    due_on: Option<NaiveDate>,
    vacancy_id: Option<Uuid>,
    cohort_id: Option<Uuid>,
    appointment_at: Option<DateTime<Utc>>,
    note: String,
    status: String,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    completed_at: Option<DateTime<Utc>>,
}

impl TryFrom<StepRow> for Step {
    type Error = StoreError;
    fn try_from(r: StepRow) -> StoreResult<Self> {
        Ok(Step {
            id: r.id,
            profile_id: ProfileId::from_uuid(r.profile_id),
            organisation_id: OrganisationId::from_uuid(r.organisation_id),
            details: StepDetails {
                kind: StepKind::from_code(&r.kind)
                    .ok_or_else(|| unknown_code("step kind", &r.kind))?,
                title: r.title,
                goal_id: r.goal_id,
                due_on: r.due_on,
                vacancy_id: r.vacancy_id.map(VacancyId::from_uuid),
                cohort_id: r.cohort_id.map(CohortId::from_uuid),
                appointment_at: r.appointment_at,
                note: r.note,
            },
            status: StepStatus::from_code(&r.status)
                .ok_or_else(|| unknown_code("step status", &r.status))?,
            created_at: r.created_at,
            updated_at: r.updated_at,
            completed_at: r.completed_at,
        })
    }
}

/// What done step a write elsewhere completes.
pub(crate) enum Completes {
    /// The person applied to the vacancy.
    Applied(Uuid),
    /// The person holds a confirmed seat in the cohort.
    Seated(Uuid),
}

/// Marks DONE, on `conn` inside the caller's transaction, the open steps of `profile`'s
/// plans that `done` completes.
pub(crate) async fn complete_steps(
    conn: &mut <Db as sqlx::Database>::Connection,
    profile: Uuid,
    done: Completes,
    at: DateTime<Utc>,
) -> StoreResult<()> {
    let (kind, column, id) = match done {
        Completes::Applied(vacancy) => (StepKind::Apply, "vacancy_id", vacancy),
        Completes::Seated(cohort) => (StepKind::Enrol, "cohort_id", cohort),
    };
    sqlx::query(&format!(
        "UPDATE action_plan_steps SET status = 'DONE', completed_at = $1, updated_at = $1
         WHERE profile_id = $2 AND kind = $3 AND {column} = $4 AND status = 'OPEN'"
    ))
    .bind(timestamp(&at))
    .bind(profile)
    .bind(kind.code())
    .bind(id)
    .execute(&mut *conn)
    .await
    .map_err(store_error)?;
    Ok(())
}

#[async_trait]
impl ActionPlanRepository for DbStore {
    async fn action_plan(
        &self,
        profile: ProfileId,
        organisation: OrganisationId,
    ) -> StoreResult<ActionPlan> {
        let goals: Vec<GoalRow> = sqlx::query_as(&format!(
            "SELECT {GOAL_COLUMNS} FROM action_plan_goals
             WHERE profile_id = $1 AND organisation_id = $2 ORDER BY created_at, id"
        ))
        .bind(profile.as_uuid())
        .bind(organisation.as_uuid())
        .fetch_all(self.pool())
        .await
        .map_err(store_error)?;
        let steps: Vec<StepRow> = sqlx::query_as(&format!(
            "SELECT {STEP_COLUMNS} FROM action_plan_steps
             WHERE profile_id = $1 AND organisation_id = $2
             ORDER BY due_on IS NULL, due_on, created_at, id"
        ))
        .bind(profile.as_uuid())
        .bind(organisation.as_uuid())
        .fetch_all(self.pool())
        .await
        .map_err(store_error)?;
        Ok(ActionPlan {
            goals: goals
                .into_iter()
                .map(Goal::try_from)
                .collect::<StoreResult<_>>()?,
            steps: steps
                .into_iter()
                .map(Step::try_from)
                .collect::<StoreResult<_>>()?,
        })
    }

    async fn action_plans_of(&self, profile: ProfileId) -> StoreResult<Vec<ActionPlan>> {
        let organisations: Vec<Uuid> = sqlx::query_scalar(
            "SELECT organisation_id FROM action_plan_goals WHERE profile_id = $1
             UNION SELECT organisation_id FROM action_plan_steps WHERE profile_id = $1",
        )
        .bind(profile.as_uuid())
        .fetch_all(self.pool())
        .await
        .map_err(store_error)?;
        let mut plans = Vec::with_capacity(organisations.len());
        for organisation in organisations {
            plans.push(
                self.action_plan(profile, OrganisationId::from_uuid(organisation))
                    .await?,
            );
        }
        Ok(plans)
    }

    async fn add_goal(
        &self,
        profile: ProfileId,
        organisation: OrganisationId,
        d: &GoalDetails,
        at: DateTime<Utc>,
    ) -> StoreResult<Goal> {
        sqlx::query_as::<_, GoalRow>(&format!(
            "INSERT INTO action_plan_goals ({GOAL_COLUMNS})
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
             RETURNING {GOAL_COLUMNS}"
        ))
        .bind(Uuid::now_v7())
        .bind(profile.as_uuid())
        .bind(organisation.as_uuid())
        .bind(d.kind.code())
        .bind(d.description.trim())
        .bind(d.occupation_id.map(|o| *o.as_uuid()))
        .bind(d.language.map(|(l, _)| l.as_str()))
        .bind(d.language.map(|(_, level)| level.code()))
        .bind(d.qualification_id)
        .bind(timestamp(&at))
        .fetch_one(self.pool())
        .await
        .map_err(|err| write_error(err, "goal", "profile, organisation or what it names"))?
        .try_into()
    }

    async fn add_step(
        &self,
        profile: ProfileId,
        organisation: OrganisationId,
        d: &StepDetails,
        by: UserId,
        at: DateTime<Utc>,
    ) -> StoreResult<Step> {
        sqlx::query_as::<_, StepRow>(&format!(
            "INSERT INTO action_plan_steps (id, profile_id, organisation_id, goal_id, kind, title,
                 due_on, vacancy_id, cohort_id, appointment_at, note, status, created_by,
                 created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'OPEN', $12, $13, $13)
             RETURNING {STEP_COLUMNS}"
        ))
        .bind(Uuid::now_v7())
        .bind(profile.as_uuid())
        .bind(organisation.as_uuid())
        .bind(d.goal_id)
        .bind(d.kind.code())
        .bind(d.title.trim())
        .bind(d.due_on)
        .bind(d.vacancy_id.map(|v| *v.as_uuid()))
        .bind(d.cohort_id.map(|c| *c.as_uuid()))
        .bind(d.appointment_at.as_ref().map(timestamp))
        .bind(d.note.trim())
        .bind(by.as_uuid())
        .bind(timestamp(&at))
        .fetch_one(self.pool())
        .await
        .map_err(|err| write_error(err, "step", "profile, organisation or what it names"))?
        .try_into()
    }

    async fn goal_by_id(&self, id: Uuid) -> StoreResult<Option<Goal>> {
        sqlx::query_as::<_, GoalRow>(&format!(
            "SELECT {GOAL_COLUMNS} FROM action_plan_goals WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional(self.pool())
        .await
        .map_err(store_error)?
        .map(Goal::try_from)
        .transpose()
    }

    async fn step_by_id(&self, id: Uuid) -> StoreResult<Option<Step>> {
        sqlx::query_as::<_, StepRow>(&format!(
            "SELECT {STEP_COLUMNS} FROM action_plan_steps WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional(self.pool())
        .await
        .map_err(store_error)?
        .map(Step::try_from)
        .transpose()
    }

    async fn save_step(
        &self,
        id: Uuid,
        d: &StepDetails,
        status: StepStatus,
        at: DateTime<Utc>,
    ) -> StoreResult<Option<Step>> {
        sqlx::query_as::<_, StepRow>(&format!(
            "UPDATE action_plan_steps SET goal_id = $1, kind = $2, title = $3, due_on = $4,
                 vacancy_id = $5, cohort_id = $6, appointment_at = $7, note = $8, status = $9,
                 completed_at = CASE WHEN $9 = 'DONE' THEN COALESCE(completed_at, $10) END,
                 updated_at = $10
             WHERE id = $11
             RETURNING {STEP_COLUMNS}"
        ))
        .bind(d.goal_id)
        .bind(d.kind.code())
        .bind(d.title.trim())
        .bind(d.due_on)
        .bind(d.vacancy_id.map(|v| *v.as_uuid()))
        .bind(d.cohort_id.map(|c| *c.as_uuid()))
        .bind(d.appointment_at.as_ref().map(timestamp))
        .bind(d.note.trim())
        .bind(status.code())
        .bind(timestamp(&at))
        .bind(id)
        .fetch_optional(self.pool())
        .await
        .map_err(|err| write_error(err, "step", "what it names"))?
        .map(Step::try_from)
        .transpose()
    }
}
