//! What a person can fix in what they sent: the field at fault, a stable code to branch
//! on, and a message to show. The codes are one enumeration, here, shown in the API as the
//! `UserErrorCode` enum.

use std::borrow::Cow;

use crate::codes::coded;

coded! {
    /// Why an input was refused, as a stable code.
    ProblemCode {
        AlreadyApplied => "ALREADY_APPLIED",
        AlreadyDisclosed => "ALREADY_DISCLOSED",
        AlreadyEnrolled => "ALREADY_ENROLLED",
        AlreadyHasProfile => "ALREADY_HAS_PROFILE",
        AlreadyRequested => "ALREADY_REQUESTED",
        ClosesAfterStart => "CLOSES_AFTER_START",
        CohortCancelled => "COHORT_CANCELLED",
        CourseArchived => "COURSE_ARCHIVED",
        DateInFuture => "DATE_IN_FUTURE",
        Duplicate => "DUPLICATE",
        DuplicateLanguage => "DUPLICATE_LANGUAGE",
        DuplicateOccupation => "DUPLICATE_OCCUPATION",
        DuplicateSkill => "DUPLICATE_SKILL",
        EducationLevelTooLow => "EDUCATION_LEVEL_TOO_LOW",
        EmailTaken => "EMAIL_TAKEN",
        EndsBeforeStart => "ENDS_BEFORE_START",
        EvidenceNotAllowed => "EVIDENCE_NOT_ALLOWED",
        IncompleteCoordinates => "INCOMPLETE_COORDINATES",
        InvalidBirthYear => "INVALID_BIRTH_YEAR",
        InvalidChannel => "INVALID_CHANNEL",
        InvalidCefrLevel => "INVALID_CEFR_LEVEL",
        InvalidClaimToken => "INVALID_CLAIM_TOKEN",
        InvalidCountryCode => "INVALID_COUNTRY_CODE",
        InvalidCredentials => "INVALID_CREDENTIALS",
        InvalidCurrency => "INVALID_CURRENCY",
        InvalidDisplayName => "INVALID_DISPLAY_NAME",
        InvalidEmail => "INVALID_EMAIL",
        InvalidInvitation => "INVALID_INVITATION",
        InvalidLanguage => "INVALID_LANGUAGE",
        InvalidName => "INVALID_NAME",
        InvalidPhone => "INVALID_PHONE",
        InvalidRefreshToken => "INVALID_REFRESH_TOKEN",
        InvalidRegion => "INVALID_REGION",
        InvalidTitle => "INVALID_TITLE",
        InvalidTransition => "INVALID_TRANSITION",
        InvalidWebsite => "INVALID_WEBSITE",
        InvitationForAnotherEmail => "INVITATION_FOR_ANOTHER_EMAIL",
        LanguageLevelTooLow => "LANGUAGE_LEVEL_TOO_LOW",
        LevelNotAboveMinimum => "LEVEL_NOT_ABOVE_MINIMUM",
        LocationRequired => "LOCATION_REQUIRED",
        MentorFull => "MENTOR_FULL",
        MinAboveMax => "MIN_ABOVE_MAX",
        NotASupportOrganisation => "NOT_A_SUPPORT_ORGANISATION",
        NotDelegated => "NOT_DELEGATED",
        NotEditable => "NOT_EDITABLE",
        NotEligible => "NOT_ELIGIBLE",
        NotEnoughSeats => "NOT_ENOUGH_SEATS",
        NotForEmployerStaff => "NOT_FOR_EMPLOYER_STAFF",
        NotForJobseekers => "NOT_FOR_JOBSEEKERS",
        NotFound => "NOT_FOUND",
        NotInTrack => "NOT_IN_TRACK",
        NotOnProfile => "NOT_ON_PROFILE",
        NotPending => "NOT_PENDING",
        NotStarted => "NOT_STARTED",
        NotSuggested => "NOT_SUGGESTED",
        OutOfRange => "OUT_OF_RANGE",
        OwnOffer => "OWN_OFFER",
        PasswordTooCommon => "PASSWORD_TOO_COMMON",
        PasswordTooLong => "PASSWORD_TOO_LONG",
        PasswordTooShort => "PASSWORD_TOO_SHORT",
        PermanentHasNoEnd => "PERMANENT_HAS_NO_END",
        PrerequisiteMissing => "PREREQUISITE_MISSING",
        ProfileRequired => "PROFILE_REQUIRED",
        RefreshTokenReused => "REFRESH_TOKEN_REUSED",
        Required => "REQUIRED",
        RoleNotAllowed => "ROLE_NOT_ALLOWED",
        SeatsBelowConfirmed => "SEATS_BELOW_CONFIRMED",
        StaffCoursesOnly => "STAFF_COURSES_ONLY",
        TooLong => "TOO_LONG",
        TooMany => "TOO_MANY",
        UnknownOccupation => "UNKNOWN_OCCUPATION",
        UnknownSkill => "UNKNOWN_SKILL",
        VacancyNotOpen => "VACANCY_NOT_OPEN",
        WindowsOverlap => "WINDOWS_OVERLAP",
    }
}

/// A problem the client can fix: the input field at fault (a path such as
/// `skills[2].skillUri`), or none when the input as a whole is; a code; a message. The one
/// type for every layer: the domain's validators, the account service and the use cases
/// return it, and the API shows it as a `UserError`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldProblem {
    pub field: Option<Cow<'static, str>>,
    pub code: ProblemCode,
    pub message: String,
}

impl FieldProblem {
    /// A problem with `field`.
    pub fn new(
        field: impl Into<Cow<'static, str>>,
        code: ProblemCode,
        message: impl Into<String>,
    ) -> Self {
        Self {
            field: Some(field.into()),
            code,
            message: message.into(),
        }
    }

    /// A problem with the input as a whole, not one field of it.
    pub fn whole(code: ProblemCode, message: impl Into<String>) -> Self {
        Self {
            field: None,
            code,
            message: message.into(),
        }
    }

    /// A problem with `sub` of the `index`th item of the list `list`: `list[index].sub`.
    pub fn in_list(
        list: &str,
        index: usize,
        sub: &str,
        code: ProblemCode,
        message: impl Into<String>,
    ) -> Self {
        Self::new(format!("{list}[{index}].{sub}"), code, message)
    }

    /// The field at fault, if one is.
    pub fn field(&self) -> Option<&str> {
        self.field.as_deref()
    }
}
