//! Problems the caller can fix, as every mutation payload's `userErrors` shows them: the
//! field at fault, a code from one enumeration (the domain's [`ProblemCode`]) and a
//! message.

use async_graphql::{Enum, SimpleObject};
use skillbridge_auth::FieldError;
use skillbridge_domain::{FieldProblem, ProblemCode};

/// A problem with the input that the user can fix.
#[derive(SimpleObject, Clone, Debug)]
pub struct UserError {
    /// The input field at fault, or null when the input as a whole is.
    pub field: Option<String>,
    /// A stable code to branch on.
    pub code: UserErrorCode,
    /// A message to show.
    pub message: String,
}

impl UserError {
    /// A problem with `field` (a path such as `skills[2].skillUri`).
    pub fn new(field: impl Into<String>, code: ProblemCode, message: impl Into<String>) -> Self {
        Self {
            field: Some(field.into()),
            code: code.into(),
            message: message.into(),
        }
    }
}

impl From<FieldError> for UserError {
    fn from(err: FieldError) -> Self {
        Self {
            field: err.field.map(str::to_owned),
            code: err.code.into(),
            message: err.message,
        }
    }
}

impl From<FieldProblem> for UserError {
    fn from(problem: FieldProblem) -> Self {
        Self::new(problem.field, problem.code, problem.message)
    }
}

/// Why an input was refused: one stable code per kind of problem, the same whatever the
/// mutation (each mutation's description says which it can answer).
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "skillbridge_domain::ProblemCode")]
pub enum UserErrorCode {
    AlreadyApplied,
    AlreadyDisclosed,
    AlreadyEnrolled,
    AlreadyHasProfile,
    AlreadyRequested,
    ClosesAfterStart,
    DateInFuture,
    Duplicate,
    DuplicateLanguage,
    DuplicateOccupation,
    DuplicateSkill,
    EmailTaken,
    EndsBeforeStart,
    EvidenceNotAllowed,
    IncompleteCoordinates,
    InvalidBirthYear,
    InvalidCefrLevel,
    InvalidClaimToken,
    InvalidCountryCode,
    InvalidCredentials,
    InvalidCurrency,
    InvalidDisplayName,
    InvalidEmail,
    InvalidInvitation,
    InvalidLanguage,
    InvalidName,
    InvalidPhone,
    InvalidRefreshToken,
    InvalidRegion,
    InvalidTitle,
    InvalidTransition,
    InvalidWebsite,
    InvitationForAnotherEmail,
    LanguageLevelTooLow,
    LevelNotAboveMinimum,
    LocationRequired,
    MinAboveMax,
    NotASupportOrganisation,
    NotDelegated,
    NotEditable,
    NotEligible,
    NotForJobseekers,
    NotFound,
    NotInTrack,
    NotOnProfile,
    NotPending,
    NotSuggested,
    OutOfRange,
    PasswordTooCommon,
    PasswordTooLong,
    PasswordTooShort,
    ProfileRequired,
    RefreshTokenReused,
    Required,
    RoleNotAllowed,
    TooLong,
    TooMany,
    UnknownOccupation,
    UnknownSkill,
    VacancyNotOpen,
}

#[cfg(test)]
mod tests {
    use async_graphql::{InputType, Name, Value};

    use super::*;

    #[test]
    fn every_code_shows_as_its_domain_code() {
        for code in ProblemCode::ALL {
            assert_eq!(
                UserErrorCode::from(*code).to_value(),
                Value::Enum(Name::new(code.code())),
            );
        }
    }
}
