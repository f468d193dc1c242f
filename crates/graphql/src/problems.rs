//! Problems the caller can fix, as every mutation payload's `userErrors` shows them: the
//! field at fault, a code from one enumeration (the domain's [`ProblemCode`]) and a
//! message.

use async_graphql::{Enum, Object};
use skillbridge_app::{ServiceError, ServiceResult};
use skillbridge_domain::FieldProblem;

use crate::{ErrorCode, GqlError, GqlResult};

/// A problem with the input that the user can fix: the API's view of the domain's
/// [`FieldProblem`], the one problem type of every layer.
#[derive(Clone, Debug)]
pub struct UserError(pub FieldProblem);

/// A problem with the input that the user can fix.
#[Object]
impl UserError {
    /// The input field at fault (a path such as `skills[2].skillUri`), or null when the
    /// input as a whole is.
    async fn field(&self) -> Option<&str> {
        self.0.field()
    }

    /// A stable code to branch on.
    async fn code(&self) -> UserErrorCode {
        self.0.code.into()
    }

    /// A message to show.
    async fn message(&self) -> &str {
        &self.0.message
    }
}

impl From<FieldProblem> for UserError {
    fn from(problem: FieldProblem) -> Self {
        Self(problem)
    }
}

/// A mutation's payload: what the use case made, or the problems that stopped it.
pub(crate) trait Payload: Sized {
    type Made;
    fn made(made: Self::Made) -> Self;
    fn refused(problems: Vec<UserError>) -> Self;
}

/// [`Payload`] for a payload that shows what was made in `field` (wrapped by `node`)
/// beside `user_errors`, every other field left at its default.
macro_rules! payload_of {
    ($payload:ty, $made:ty, $field:ident, $node:expr) => {
        impl $crate::problems::Payload for $payload {
            type Made = $made;

            fn made(made: $made) -> Self {
                Self {
                    $field: Some($node(made)),
                    ..Default::default()
                }
            }

            fn refused(user_errors: Vec<$crate::problems::UserError>) -> Self {
                Self {
                    user_errors,
                    ..Default::default()
                }
            }
        }
    };
}
pub(crate) use payload_of;

/// The payload of a use case's outcome: problems become `userErrors`, a store failure an
/// error (logged, never shown).
pub(crate) fn payload<P: Payload>(outcome: ServiceResult<P::Made>) -> GqlResult<P> {
    match outcome {
        Ok(made) => Ok(P::made(made)),
        Err(ServiceError::Invalid(problems)) => {
            Ok(P::refused(problems.into_iter().map(UserError).collect()))
        }
        Err(refused) => Err(refused.into()),
    }
}

/// A use case that did not happen, as an error: problems with fields (where the answer
/// has no `userErrors` to hold them) are BAD_USER_INPUT naming the first field at fault.
impl From<ServiceError> for GqlError {
    fn from(refused: ServiceError) -> Self {
        match refused {
            ServiceError::Invalid(problems) => match problems.first() {
                Some(problem) => GqlError::new(
                    ErrorCode::BadUserInput,
                    match problem.field() {
                        Some(field) => format!("{field}: {}", problem.message),
                        None => problem.message.to_string(),
                    },
                ),
                None => GqlError::new(ErrorCode::BadUserInput, "invalid input"),
            },
            ServiceError::Forbidden(why) => GqlError::new(ErrorCode::Forbidden, why),
            ServiceError::NotFound(what) => GqlError::new(ErrorCode::NotFound, what),
            ServiceError::BadInput(why) => GqlError::new(ErrorCode::BadUserInput, why),
            ServiceError::Unauthenticated => {
                GqlError::new(ErrorCode::Unauthenticated, "log in to do this")
            }
            ServiceError::Store(err) => err.into(),
        }
    }
}

/// The payload of a use case that did not happen.
pub(crate) fn refusal<P: Payload>(refused: ServiceError) -> GqlResult<P> {
    payload(Err(refused))
}

/// Why an input was refused: one stable code per kind of problem, the same whatever the
/// mutation (each mutation's description says which it can answer).
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "skillbridge_domain::ProblemCode")]
pub enum UserErrorCode {
    /// The person has applied to this vacancy already.
    AlreadyApplied,
    /// The person already shows their profile to this organisation.
    AlreadyDisclosed,
    /// The person already holds or waits for a seat in this cohort.
    AlreadyEnrolled,
    /// The caller has a profile already, so cannot claim another.
    AlreadyHasProfile,
    /// The organisation already asked this person to meet and awaits an answer.
    AlreadyRequested,
    /// The closing date falls after the start date.
    ClosesAfterStart,
    /// The provider cancelled the cohort.
    CohortCancelled,
    /// The course is archived: no longer offered, and it does not change.
    CourseArchived,
    /// A date that must be past (an arrival date) is in the future.
    DateInFuture,
    /// The list names the same thing twice.
    Duplicate,
    /// The list names the same language twice.
    DuplicateLanguage,
    /// The list names the same occupation twice.
    DuplicateOccupation,
    /// The list names the same skill twice.
    DuplicateSkill,
    /// The course asks for a higher EQF level of education than the person's qualifications.
    EducationLevelTooLow,
    /// An account with this email address exists already.
    EmailTaken,
    /// The end date falls before the start date.
    EndsBeforeStart,
    /// The caller may not record this kind of evidence (assessments come from caseworkers, certificates from completed courses).
    EvidenceNotAllowed,
    /// Only one of latitude and longitude was given.
    IncompleteCoordinates,
    /// The birth year is out of the accepted range.
    InvalidBirthYear,
    /// A caseworker recording a consent must say how the person expressed it: IN_PERSON,
    /// PAPER or PHONE.
    InvalidChannel,
    /// Not a CEFR level (A1 to C2).
    InvalidCefrLevel,
    /// The claim token is unknown, used or expired.
    InvalidClaimToken,
    /// Not an ISO 3166-1 alpha-2 country code.
    InvalidCountryCode,
    /// The email address and password do not match an account.
    InvalidCredentials,
    /// Not an ISO 4217 currency code.
    InvalidCurrency,
    /// The display name is empty or too long.
    InvalidDisplayName,
    /// Not an email address.
    InvalidEmail,
    /// The invitation is unknown, accepted or expired.
    InvalidInvitation,
    /// Not an ISO 639-1 language code.
    InvalidLanguage,
    /// The name is empty or too long.
    InvalidName,
    /// Not a phone number (digits, spaces and +, up to 30 characters).
    InvalidPhone,
    /// The refresh token is unknown or expired.
    InvalidRefreshToken,
    /// Not an ISO 3166-2 region code of the country.
    InvalidRegion,
    /// The title is empty or too long.
    InvalidTitle,
    /// The status cannot move from where it is to where it was asked to go.
    InvalidTransition,
    /// Not an http(s) address.
    InvalidWebsite,
    /// The invitation was sent to another email address than the caller's.
    InvitationForAnotherEmail,
    /// The person's level in a language the course or vacancy requires is too low.
    LanguageLevelTooLow,
    /// A language course must lead above the level it asks for at the start.
    LevelNotAboveMinimum,
    /// A vacancy that is not remote, or a course that is not online, needs at least a country.
    LocationRequired,
    /// The mentor takes on nobody more for now (every space of the offer is taken).
    MentorFull,
    /// The minimum is above the maximum.
    MinAboveMax,
    /// Only support organisations can receive a delegation.
    NotASupportOrganisation,
    /// The organisation has no delegation from this person.
    NotDelegated,
    /// The record can no longer be changed in its current status.
    NotEditable,
    /// The person does not meet a track's conditions (age, opting in).
    NotEligible,
    /// Fewer seats are left than were asked for; nothing was booked.
    NotEnoughSeats,
    /// The course is for job seekers, not a booking for employers' staff.
    NotForEmployerStaff,
    /// The course is for employers' staff, not for people enrolling themselves.
    NotForJobseekers,
    /// No such record on this profile or for this caller.
    NotFound,
    /// The person is not in the track this needs.
    NotInTrack,
    /// The profile does not hold this skill or language.
    NotOnProfile,
    /// The request was already answered.
    NotPending,
    /// The job has not started yet.
    NotStarted,
    /// Only skills suggested from the person's experience can be added as inferred from it.
    NotSuggested,
    /// A number or a list's length is outside the accepted range.
    OutOfRange,
    /// One's own offer: a person cannot ask themselves for mentoring.
    OwnOffer,
    /// The password is too easy to guess.
    PasswordTooCommon,
    /// The password is too long.
    PasswordTooLong,
    /// The password is too short.
    PasswordTooShort,
    /// A permanent contract has no end date.
    PermanentHasNoEnd,
    /// The course expects skills the person does not hold at the level asked.
    PrerequisiteMissing,
    /// The person needs a profile first.
    ProfileRequired,
    /// The refresh token was used before: its whole family is revoked; sign in again.
    RefreshTokenReused,
    /// A required value is missing or empty.
    Required,
    /// The role cannot be chosen here (administrators are not self-registered).
    RoleNotAllowed,
    /// A cohort cannot have fewer seats than are given out already.
    SeatsBelowConfirmed,
    /// Only courses for employers' staff say this.
    StaffCoursesOnly,
    /// The text is too long.
    TooLong,
    /// The list holds too many items.
    TooMany,
    /// No ESCO occupation has this URI.
    UnknownOccupation,
    /// No ESCO skill has this URI.
    UnknownSkill,
    /// The vacancy is not open for applications.
    VacancyNotOpen,
    /// Two availability windows overlap: merge them into one.
    WindowsOverlap,
}

#[cfg(test)]
mod tests {
    use async_graphql::{InputType, Name, Value};
    use skillbridge_domain::ProblemCode;

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
