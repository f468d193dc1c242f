//! Placement follow-up: whether people stay in work, the outcome the platform exists for.
//! A placement is checked on at 3, 6 and 12 months after it starts (a milestone after a
//! fixed-term or seasonal contract has ended does not apply); the person, their caseworker
//! or the employer records each check-in, with an optional reason from a list and free text
//! that only the person and their caseworkers see.

use chrono::{DateTime, Months, NaiveDate, Utc};
use uuid::Uuid;

use crate::application::Placement;
use crate::codes::coded;
use crate::delegation::Actor;
use crate::{FieldProblem, ProblemCode, StoreResult};

/// The months after the start at which a placement is checked on.
pub const MILESTONES: [u32; 3] = [3, 6, 12];
/// The longest note of a check-in, in characters.
pub const MAX_CHECK_IN_NOTE_CHARS: usize = 2_000;

coded!(
    /// Where the person stands at a check-in.
    CheckInOutcome {
        StillEmployed => "STILL_EMPLOYED",
        ChangedEmployer => "CHANGED_EMPLOYER",
        LeftWork => "LEFT_WORK",
    }
);

coded!(
    /// Why the person changed employer or left work.
    LeavingReason {
        ContractEnded => "CONTRACT_ENDED",
        BetterOffer => "BETTER_OFFER",
        Dismissed => "DISMISSED",
        Resigned => "RESIGNED",
        WorkingConditions => "WORKING_CONDITIONS",
        Health => "HEALTH",
        CareDuties => "CARE_DUTIES",
        Relocated => "RELOCATED",
        Studies => "STUDIES",
        ResidencePermit => "RESIDENCE_PERMIT",
        Other => "OTHER",
    }
);

/// What a check-in records.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckInDetails {
    /// 3, 6 or 12.
    pub months: u32,
    pub outcome: CheckInOutcome,
    pub reason: Option<LeavingReason>,
    /// Free text for the person and their caseworkers only.
    pub note: String,
}

/// A recorded check-in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckIn {
    pub id: Uuid,
    pub placement_id: Uuid,
    pub details: CheckInDetails,
    /// Who recorded it (the account `None` once erased).
    pub recorded_by: Option<Actor>,
    pub recorded_at: DateTime<Utc>,
}

/// The day the check-in `months` after `starts_on` is due (the last day of a shorter
/// month when the start day does not exist in it).
pub fn due_on(starts_on: NaiveDate, months: u32) -> NaiveDate {
    starts_on
        .checked_add_months(Months::new(months))
        .unwrap_or(NaiveDate::MAX)
}

/// The milestones that apply to a placement: all, unless its contract ends before one.
pub fn milestones(placement: &Placement) -> Vec<(u32, NaiveDate)> {
    MILESTONES
        .iter()
        .map(|m| (*m, due_on(placement.starts_on, *m)))
        .filter(|(_, due)| placement.ends_on.is_none_or(|end| end >= *due))
        .collect()
}

/// The check-ins due by `today` and not recorded yet, earliest first.
pub fn due_check_ins(
    placement: &Placement,
    recorded: &[CheckIn],
    today: NaiveDate,
) -> Vec<(u32, NaiveDate)> {
    milestones(placement)
        .into_iter()
        .filter(|(m, due)| *due <= today && !recorded.iter().any(|c| c.details.months == *m))
        .collect()
}

/// Every problem with recording `details` on `placement` on `today`; empty means valid.
pub fn check_in_problems(
    placement: &Placement,
    details: &CheckInDetails,
    today: NaiveDate,
) -> Vec<FieldProblem> {
    let mut problems = Vec::new();
    if today < placement.starts_on {
        problems.push(FieldProblem::new(
            "placementId",
            ProblemCode::NotStarted,
            "the job has not started yet: check in once it has",
        ));
    }
    if !MILESTONES.contains(&details.months) {
        problems.push(FieldProblem::new(
            "months",
            ProblemCode::OutOfRange,
            "check in at 3, 6 or 12 months",
        ));
    }
    if details.outcome == CheckInOutcome::StillEmployed && details.reason.is_some() {
        problems.push(FieldProblem::new(
            "reason",
            ProblemCode::NotEditable,
            "a reason is for someone who changed employer or left work",
        ));
    }
    if details.note.chars().count() > MAX_CHECK_IN_NOTE_CHARS {
        problems.push(FieldProblem::new(
            "note",
            ProblemCode::TooLong,
            format!("use at most {MAX_CHECK_IN_NOTE_CHARS} characters"),
        ));
    }
    problems
}

/// The problem with a placement ending on `ends_on`, if any.
pub fn end_problem(placement: &Placement, ends_on: NaiveDate) -> Option<FieldProblem> {
    (ends_on < placement.starts_on).then(|| {
        FieldProblem::new(
            "endsOn",
            ProblemCode::EndsBeforeStart,
            "a placement cannot end before it starts",
        )
    })
}

#[async_trait::async_trait]
pub trait FollowUpRepository: Send + Sync {
    /// Sets or clears the day a placement's contract ends; `None` when there is none.
    async fn set_placement_end(
        &self,
        placement: Uuid,
        ends_on: Option<NaiveDate>,
    ) -> StoreResult<Option<Placement>>;
    /// Records the check-in of a milestone; recording one again replaces it.
    async fn record_check_in(
        &self,
        placement: Uuid,
        details: &CheckInDetails,
        actor: Actor,
        at: DateTime<Utc>,
    ) -> StoreResult<CheckIn>;
    /// The check-ins of the placements, each placement's by milestone.
    async fn check_ins_of(&self, placements: &[Uuid]) -> StoreResult<Vec<CheckIn>>;
    /// The placements of the people who delegated to `organisation` (a support
    /// organisation's clients), newest first.
    async fn placements_of_clients(
        &self,
        organisation: crate::OrganisationId,
    ) -> StoreResult<Vec<Placement>>;
    /// The placements into vacancies of the employer `organisation`, newest first.
    async fn placements_of_employer(
        &self,
        organisation: crate::OrganisationId,
    ) -> StoreResult<Vec<Placement>>;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::employment::ContractType;
    use crate::{ProfileId, VacancyId};

    fn placement(starts_on: NaiveDate, ends_on: Option<NaiveDate>) -> Placement {
        Placement {
            id: Uuid::now_v7(),
            application_id: Uuid::now_v7(),
            vacancy_id: VacancyId::new(),
            profile_id: ProfileId::new(),
            starts_on,
            ends_on,
            contract_type: ContractType::Seasonal,
            created_at: Utc::now(),
        }
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn check_ins_fall_due_3_6_and_12_months_after_the_start() {
        let job = placement(day(2027, 1, 31), None);
        assert_eq!(
            milestones(&job),
            vec![
                (3, day(2027, 4, 30)),
                (6, day(2027, 7, 31)),
                (12, day(2028, 1, 31))
            ]
        );
        assert_eq!(due_check_ins(&job, &[], day(2027, 4, 29)), vec![]);
        assert_eq!(
            due_check_ins(&job, &[], day(2027, 8, 1)),
            vec![(3, day(2027, 4, 30)), (6, day(2027, 7, 31))]
        );
        let done = CheckIn {
            id: Uuid::now_v7(),
            placement_id: job.id,
            details: CheckInDetails {
                months: 3,
                outcome: CheckInOutcome::StillEmployed,
                reason: None,
                note: String::new(),
            },
            recorded_by: None,
            recorded_at: Utc::now(),
        };
        assert_eq!(
            due_check_ins(&job, &[done], day(2027, 8, 1)),
            vec![(6, day(2027, 7, 31))]
        );
        // A seasonal contract June to September: only the 3-month check-in applies.
        let harvest = placement(day(2027, 6, 1), Some(day(2027, 9, 30)));
        assert_eq!(milestones(&harvest), vec![(3, day(2027, 9, 1))]);
    }

    #[test]
    fn check_ins_are_checked() {
        let job = placement(day(2027, 1, 10), None);
        let mut details = CheckInDetails {
            months: 4,
            outcome: CheckInOutcome::StillEmployed,
            reason: Some(LeavingReason::Other),
            note: "x".repeat(2_001),
        };
        let codes: Vec<_> = check_in_problems(&job, &details, day(2027, 1, 9))
            .iter()
            .map(|p| p.code.code())
            .collect();
        assert_eq!(
            codes,
            ["NOT_STARTED", "OUT_OF_RANGE", "NOT_EDITABLE", "TOO_LONG"]
        );
        details = CheckInDetails {
            months: 3,
            outcome: CheckInOutcome::LeftWork,
            reason: Some(LeavingReason::CareDuties),
            note: "Her child fell ill".into(),
        };
        assert!(check_in_problems(&job, &details, day(2027, 4, 10)).is_empty());
        assert!(end_problem(&job, day(2027, 1, 9)).is_some());
        assert!(end_problem(&job, day(2027, 1, 10)).is_none());
    }
}
