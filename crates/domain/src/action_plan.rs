//! The plan a caseworker and their client share: goals (an occupation, a language level,
//! the recognition of a qualification) and the steps towards them (apply to a vacancy,
//! enrol in a cohort, attend an appointment, gather documents), each with a due date and a
//! status. A step linked to a vacancy or a cohort is done once the person applied or holds
//! the seat; the store marks it in the same transaction.

use chrono::{DateTime, NaiveDate, Utc};
use uuid::Uuid;

use crate::codes::coded;
use crate::problem::{FieldProblem, ProblemCode};
use crate::{
    CefrLevel, CohortId, LanguageCode, OccupationId, OrganisationId, ProfileId, StoreResult,
    UserId, VacancyId,
};

coded!(
    /// What a goal is about.
    GoalKind {
        /// Working in an occupation.
        Occupation => "OCCUPATION",
        /// Reaching a level in a language.
        LanguageLevel => "LANGUAGE_LEVEL",
        /// Having a qualification recognised.
        Recognition => "RECOGNITION",
        /// Anything else, in words.
        Other => "OTHER",
    }
);

coded!(
    /// What a step asks for.
    StepKind {
        /// Apply to a vacancy (done when the application is made).
        Apply => "APPLY",
        /// Take a seat in a cohort (done when the seat is confirmed).
        Enrol => "ENROL",
        /// Attend an appointment.
        Appointment => "APPOINTMENT",
        /// Gather documents.
        Documents => "DOCUMENTS",
        /// Anything else.
        Other => "OTHER",
    }
);

coded!(
    /// Where a step stands.
    StepStatus { Open => "OPEN", Done => "DONE", Cancelled => "CANCELLED" }
);

/// The longest title, note or description in a plan.
pub const MAX_PLAN_TEXT_CHARS: usize = 2_000;
/// The most goals, and the most steps, in one plan.
pub const MAX_PLAN_ITEMS: usize = 100;

/// A goal of a plan.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Goal {
    pub id: Uuid,
    pub profile_id: ProfileId,
    pub organisation_id: OrganisationId,
    pub details: GoalDetails,
    pub created_at: DateTime<Utc>,
}

/// What a goal says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GoalDetails {
    pub kind: GoalKind,
    pub description: String,
    /// For OCCUPATION.
    pub occupation_id: Option<OccupationId>,
    /// For LANGUAGE_LEVEL.
    pub language: Option<(LanguageCode, CefrLevel)>,
    /// For RECOGNITION: one of the person's qualifications.
    pub qualification_id: Option<Uuid>,
}

/// A step of a plan.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    pub id: Uuid,
    pub profile_id: ProfileId,
    pub organisation_id: OrganisationId,
    pub details: StepDetails,
    pub status: StepStatus,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub completed_at: Option<DateTime<Utc>>,
}

/// What a step says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StepDetails {
    pub kind: StepKind,
    pub title: String,
    /// The goal it serves, if one.
    pub goal_id: Option<Uuid>,
    pub due_on: Option<NaiveDate>,
    /// For APPLY.
    pub vacancy_id: Option<VacancyId>,
    /// For ENROL.
    pub cohort_id: Option<CohortId>,
    /// For APPOINTMENT.
    pub appointment_at: Option<DateTime<Utc>>,
    /// A note, visible to the person as to their caseworkers.
    pub note: String,
}

fn text_problem(field: &'static str, text: &str, required: bool) -> Option<FieldProblem> {
    let chars = text.trim().chars().count();
    if required && chars == 0 {
        return Some(FieldProblem::new(
            field,
            ProblemCode::Required,
            "say what it is",
        ));
    }
    (chars > MAX_PLAN_TEXT_CHARS).then(|| {
        FieldProblem::new(
            field,
            ProblemCode::TooLong,
            format!("use at most {MAX_PLAN_TEXT_CHARS} characters"),
        )
    })
}

/// A problem when `kind` needs `link` (named `field`) and it is missing.
fn needs(field: &'static str, present: bool, what: &str) -> Option<FieldProblem> {
    (!present).then(|| FieldProblem::new(field, ProblemCode::Required, format!("give {what}")))
}

impl GoalDetails {
    /// Every problem with the goal: its description, and the link its kind needs.
    pub fn problems(&self) -> Vec<FieldProblem> {
        let mut problems: Vec<FieldProblem> = text_problem(
            "description",
            &self.description,
            self.kind == GoalKind::Other,
        )
        .into_iter()
        .collect();
        problems.extend(match self.kind {
            GoalKind::Occupation => needs(
                "occupationUri",
                self.occupation_id.is_some(),
                "the occupation",
            ),
            GoalKind::LanguageLevel => needs(
                "language",
                self.language.is_some(),
                "the language and level",
            ),
            GoalKind::Recognition => needs(
                "qualificationId",
                self.qualification_id.is_some(),
                "the qualification",
            ),
            GoalKind::Other => None,
        });
        problems
    }
}

impl StepDetails {
    /// Every problem with the step: its title and note, and the link its kind needs.
    pub fn problems(&self) -> Vec<FieldProblem> {
        let mut problems: Vec<FieldProblem> = [
            text_problem("title", &self.title, true),
            text_problem("note", &self.note, false),
        ]
        .into_iter()
        .flatten()
        .collect();
        problems.extend(match self.kind {
            StepKind::Apply => needs("vacancyId", self.vacancy_id.is_some(), "the vacancy"),
            StepKind::Enrol => needs("cohortId", self.cohort_id.is_some(), "the cohort"),
            StepKind::Appointment => needs(
                "appointmentAt",
                self.appointment_at.is_some(),
                "the appointment's time",
            ),
            StepKind::Documents | StepKind::Other => None,
        });
        problems
    }
}

/// A person's plan with one support organisation.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ActionPlan {
    pub goals: Vec<Goal>,
    /// Due soonest first (steps without a date last), then oldest first.
    pub steps: Vec<Step>,
}

#[async_trait::async_trait]
pub trait ActionPlanRepository: Send + Sync {
    /// The plan of `profile` with `organisation` (empty when there is none yet).
    async fn action_plan(
        &self,
        profile: ProfileId,
        organisation: OrganisationId,
    ) -> StoreResult<ActionPlan>;
    /// Every plan of the person, with any organisation (for export).
    async fn action_plans_of(&self, profile: ProfileId) -> StoreResult<Vec<ActionPlan>>;
    async fn add_goal(
        &self,
        profile: ProfileId,
        organisation: OrganisationId,
        details: &GoalDetails,
        at: DateTime<Utc>,
    ) -> StoreResult<Goal>;
    /// Adds a step, `by` the person or a caseworker.
    async fn add_step(
        &self,
        profile: ProfileId,
        organisation: OrganisationId,
        details: &StepDetails,
        by: UserId,
        at: DateTime<Utc>,
    ) -> StoreResult<Step>;
    async fn goal_by_id(&self, id: Uuid) -> StoreResult<Option<Goal>>;
    async fn step_by_id(&self, id: Uuid) -> StoreResult<Option<Step>>;
    /// Replaces a step's details and status (a step becoming DONE records when).
    async fn save_step(
        &self,
        id: Uuid,
        details: &StepDetails,
        status: StepStatus,
        at: DateTime<Utc>,
    ) -> StoreResult<Option<Step>>;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn step(kind: StepKind) -> StepDetails {
        StepDetails {
            kind,
            title: "Apply at the bakery".into(),
            goal_id: None,
            due_on: None,
            vacancy_id: None,
            cohort_id: None,
            appointment_at: None,
            note: String::new(),
        }
    }

    #[test]
    fn each_kind_of_step_needs_what_it_is_about() {
        let fields = |s: &StepDetails| -> Vec<String> {
            s.problems()
                .iter()
                .filter_map(|p| p.field().map(str::to_owned))
                .collect()
        };
        assert_eq!(fields(&step(StepKind::Apply)), ["vacancyId"]);
        assert_eq!(fields(&step(StepKind::Enrol)), ["cohortId"]);
        assert_eq!(fields(&step(StepKind::Appointment)), ["appointmentAt"]);
        assert!(fields(&step(StepKind::Documents)).is_empty());
        let mut blank = step(StepKind::Other);
        blank.title = "  ".into();
        blank.note = "x".repeat(MAX_PLAN_TEXT_CHARS + 1);
        assert_eq!(fields(&blank), ["title", "note"]);
    }

    #[test]
    fn each_kind_of_goal_needs_what_it_is_about() {
        let goal = |kind| GoalDetails {
            kind,
            description: String::new(),
            occupation_id: None,
            language: None,
            qualification_id: None,
        };
        let field = |g: GoalDetails| g.problems()[0].field().map(str::to_owned);
        assert_eq!(
            field(goal(GoalKind::Occupation)).as_deref(),
            Some("occupationUri")
        );
        assert_eq!(
            field(goal(GoalKind::LanguageLevel)).as_deref(),
            Some("language")
        );
        assert_eq!(
            field(goal(GoalKind::Recognition)).as_deref(),
            Some("qualificationId")
        );
        assert_eq!(field(goal(GoalKind::Other)).as_deref(), Some("description"));
    }
}
