//! A migrant's skill profile: who they are (private), where they can work, their skills
//! (ESCO, with proficiency and evidence) and languages (CEFR), and who may see it.

use chrono::{DateTime, Datelike, NaiveDate, Utc};

use crate::ProblemCode;
use crate::availability::{AvailabilityWindow, validate_windows};
use crate::id::{ProfileId, SkillId};
use crate::location::is_country;
use crate::taxonomy::Skill;
use crate::{CefrLevel, Email, LanguageCode, UserId};

use crate::codes::coded;

coded!(
    /// Whether the person may work in the country of the platform.
    RightToWork { Yes => "YES", Pending => "PENDING", No => "NO", Unknown => "UNKNOWN" }
);
coded!(
    /// What a skill claim rests on.
    Evidence {
        SelfDeclared => "SELF_DECLARED",
        CaseworkerAssessed => "CASEWORKER_ASSESSED",
        Certified => "CERTIFIED",
        InferredFromExperience => "INFERRED_FROM_EXPERIENCE",
    }
);
coded!(
    /// How long the person means to stay: short-term migrants are served too.
    IntendedStay { Settled => "SETTLED", Temporary => "TEMPORARY", SeasonalOrCircular => "SEASONAL_OR_CIRCULAR" }
);
coded!(
    /// Who may see the profile: nobody outside (default), employers as an anonymised card,
    /// or employers in full.
    Visibility { Private => "PRIVATE", Anonymised => "ANONYMISED", Visible => "VISIBLE" }
);

/// The editable part of a profile.
#[derive(Clone, Debug, PartialEq)]
pub struct ProfileDetails {
    pub display_name: String,
    pub contact_email: Option<Email>,
    pub contact_phone: Option<String>,
    pub birth_year: Option<i32>,
    /// Self-declared, free text, optional.
    pub gender: Option<String>,
    /// ISO 3166-1 alpha-2.
    pub country_of_origin: Option<String>,
    pub arrival_date: Option<NaiveDate>,
    pub right_to_work: RightToWork,
    pub location: Location,
    pub mobility_radius_km: Option<i32>,
    pub willing_to_relocate: bool,
    /// When the person can work; none: any time (see [`crate::availability`]).
    pub availability: Vec<AvailabilityWindow>,
    pub intended_stay: Option<IntendedStay>,
    pub visibility: Visibility,
    pub tracks: Vec<Track>,
}

impl ProfileDetails {
    /// A new profile: private, right to work unknown, nothing else said.
    pub fn new(display_name: String) -> Self {
        Self {
            display_name,
            contact_email: None,
            contact_phone: None,
            birth_year: None,
            gender: None,
            country_of_origin: None,
            arrival_date: None,
            right_to_work: RightToWork::Unknown,
            location: Location::default(),
            mobility_radius_km: None,
            willing_to_relocate: false,
            availability: Vec::new(),
            intended_stay: None,
            visibility: Visibility::Private,
            tracks: Vec::new(),
        }
    }
}

/// A stored profile.
#[derive(Clone, Debug, PartialEq)]
pub struct Profile {
    pub id: ProfileId,
    /// `None` for a profile a caseworker created that nobody has claimed yet.
    pub user_id: Option<UserId>,
    pub details: ProfileDetails,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A skill on a profile.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProfileSkill {
    pub skill: Skill,
    pub proficiency: Proficiency,
    pub evidence: Evidence,
}

/// A language on a profile.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProfileLanguage {
    pub language: LanguageCode,
    pub level: CefrLevel,
    pub mother_tongue: bool,
}

/// A skill to add (or change) on a profile.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewProfileSkill {
    pub skill_id: SkillId,
    pub proficiency: Proficiency,
    pub evidence: Evidence,
}

/// Profiles and their skills and languages.
#[async_trait::async_trait]
pub trait ProfileRepository: Send + Sync {
    async fn profile_of_user(&self, user: UserId) -> crate::StoreResult<Option<Profile>>;
    /// Creates the user's profile, or replaces its details (tracks included).
    async fn save_profile_of_user(
        &self,
        user: UserId,
        details: &ProfileDetails,
    ) -> crate::StoreResult<Profile>;
    /// The profile's skills, by skill URI.
    async fn profile_skills(&self, profile: ProfileId) -> crate::StoreResult<Vec<ProfileSkill>> {
        Ok(self
            .skills_of_profiles(&[profile])
            .await?
            .into_iter()
            .map(|(_, s)| s)
            .collect())
    }
    /// The skills of each of the profiles, by profile and skill URI.
    async fn skills_of_profiles(
        &self,
        profiles: &[ProfileId],
    ) -> crate::StoreResult<Vec<(ProfileId, ProfileSkill)>>;
    /// Profiles that may be findable by employers (not PRIVATE, and belonging to an
    /// account, whose consents decide the rest), by id after `after`, at most `limit`.
    async fn findable_profiles(
        &self,
        after: Option<ProfileId>,
        limit: usize,
    ) -> crate::StoreResult<Vec<Profile>>;
    /// Adds a skill, or changes its proficiency and evidence.
    async fn set_profile_skill(
        &self,
        profile: ProfileId,
        skill: &NewProfileSkill,
    ) -> crate::StoreResult<()>;
    /// Adds several skills (or changes them) in one transaction: all or none.
    async fn set_profile_skills(
        &self,
        profile: ProfileId,
        skills: &[NewProfileSkill],
    ) -> crate::StoreResult<()>;
    /// False when the profile did not have the skill.
    async fn remove_profile_skill(
        &self,
        profile: ProfileId,
        skill: SkillId,
    ) -> crate::StoreResult<bool>;
    /// The profile's languages, by code.
    async fn profile_languages(
        &self,
        profile: ProfileId,
    ) -> crate::StoreResult<Vec<ProfileLanguage>> {
        Ok(self
            .languages_of_profiles(&[profile])
            .await?
            .into_iter()
            .map(|(_, l)| l)
            .collect())
    }
    /// The languages of each of the profiles, by profile and code.
    async fn languages_of_profiles(
        &self,
        profiles: &[ProfileId],
    ) -> crate::StoreResult<Vec<(ProfileId, ProfileLanguage)>>;
    /// Adds a language, or changes its level.
    async fn set_profile_language(
        &self,
        profile: ProfileId,
        language: &ProfileLanguage,
    ) -> crate::StoreResult<()>;
    async fn remove_profile_language(
        &self,
        profile: ProfileId,
        language: LanguageCode,
    ) -> crate::StoreResult<bool>;
}

pub use crate::location::{Location, validate_location};
pub use crate::problem::FieldProblem;
pub use crate::skills::{Proficiency, validate_skill_list};
pub use crate::track::Track;

/// The tracks the person is in today: those they opted into and are eligible for (someone
/// who turned 30 leaves YOUTH without editing their profile).
pub fn tracks_in_force(details: &ProfileDetails, today: NaiveDate) -> Vec<Track> {
    details
        .tracks
        .iter()
        .copied()
        .filter(|t| crate::track::eligible(*t, details.birth_year, today))
        .collect()
}

/// Opting into a track one is not eligible for is refused when the profile is saved.
pub fn validate_tracks(details: &ProfileDetails, today: NaiveDate) -> Vec<FieldProblem> {
    details
        .tracks
        .iter()
        .filter(|t| !crate::track::eligible(**t, details.birth_year, today))
        .map(|t| match crate::track::rule(*t).eligibility {
            crate::track::Eligibility::AgeByBirthYear { min, max } => FieldProblem::new(
                "tracks",
                ProblemCode::NotEligible,
                format!(
                    "the {} track is for people aged {min} to {max}: give a birth year in that range",
                    t.code()
                ),
            ),
            crate::track::Eligibility::OptIn => FieldProblem::new("tracks", ProblemCode::NotEligible, "not eligible"),
        })
        .collect()
}

pub const MAX_NAME_CHARS: usize = 100;
pub const MAX_TEXT_CHARS: usize = 200;
pub const MAX_MOBILITY_KM: i32 = 2_000;
/// The youngest age at which a profile can be kept (work and training from 15).
pub const MIN_AGE: i32 = 15;

/// Every problem with `details`, checked against `today`. Empty means valid. The one place
/// profile fields are validated.
pub fn validate_details(details: &ProfileDetails, today: NaiveDate) -> Vec<FieldProblem> {
    let mut problems = Vec::new();
    let name_chars = details.display_name.trim().chars().count();
    if name_chars == 0 || name_chars > MAX_NAME_CHARS {
        problems.push(FieldProblem::new(
            "displayName",
            ProblemCode::InvalidDisplayName,
            format!("give a name of 1 to {MAX_NAME_CHARS} characters"),
        ));
    }
    if let Some(phone) = &details.contact_phone {
        problems.extend(crate::contact::phone_problem("contactPhone", phone));
    }
    if let Some(year) = details.birth_year {
        let latest = today.year() - MIN_AGE;
        if !(1900..=latest).contains(&year) {
            problems.push(FieldProblem::new(
                "birthYear",
                ProblemCode::InvalidBirthYear,
                format!("give a year between 1900 and {latest}"),
            ));
        }
    }
    if details
        .gender
        .as_ref()
        .is_some_and(|g| g.chars().count() > 50)
    {
        problems.push(FieldProblem::new(
            "gender",
            ProblemCode::TooLong,
            "use at most 50 characters",
        ));
    }
    if details
        .country_of_origin
        .as_deref()
        .is_some_and(|c| !is_country(c))
    {
        problems.push(FieldProblem::new(
            "countryOfOrigin",
            ProblemCode::InvalidCountryCode,
            "use an ISO 3166-1 alpha-2 code such as SY",
        ));
    }
    if details.arrival_date.is_some_and(|d| d > today) {
        problems.push(FieldProblem::new(
            "arrivalDate",
            ProblemCode::DateInFuture,
            "the arrival date cannot be in the future",
        ));
    }
    problems.extend(validate_location(&details.location));
    if details
        .mobility_radius_km
        .is_some_and(|km| !(0..=MAX_MOBILITY_KM).contains(&km))
    {
        problems.push(FieldProblem::new(
            "mobilityRadiusKm",
            ProblemCode::OutOfRange,
            format!("give 0 to {MAX_MOBILITY_KM} km"),
        ));
    }
    problems.extend(validate_windows(&details.availability));
    problems.extend(validate_tracks(details, today));
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
    }

    #[test]
    fn tracks_in_force_drop_what_one_has_aged_out_of() {
        let mut details = ProfileDetails::new("A".into());
        details.tracks = vec![Track::Youth, Track::Women];
        details.birth_year = Some(1996);
        assert_eq!(tracks_in_force(&details, today()), vec![Track::Women]);
        assert_eq!(
            validate_tracks(&details, today())[0].code,
            ProblemCode::NotEligible
        );
        details.birth_year = Some(2000);
        assert_eq!(tracks_in_force(&details, today()), details.tracks);
        assert!(validate_tracks(&details, today()).is_empty());
    }

    #[test]
    fn a_new_profile_is_private_and_valid() {
        let details = ProfileDetails::new("Amina".into());
        assert_eq!(details.visibility, Visibility::Private);
        assert!(validate_details(&details, today()).is_empty());
    }

    #[test]
    fn each_bad_field_is_named() {
        let base = ProfileDetails::new("Amina".into());
        type Change = Box<dyn Fn(&mut ProfileDetails)>;
        let cases: Vec<(Change, &str, &str)> = vec![
            (
                Box::new(|d| d.display_name = "  ".into()),
                "displayName",
                "INVALID_DISPLAY_NAME",
            ),
            (
                Box::new(|d| d.display_name = "x".repeat(101)),
                "displayName",
                "INVALID_DISPLAY_NAME",
            ),
            (
                Box::new(|d| d.contact_phone = Some("call me".into())),
                "contactPhone",
                "INVALID_PHONE",
            ),
            (
                Box::new(|d| d.birth_year = Some(2020)),
                "birthYear",
                "INVALID_BIRTH_YEAR",
            ),
            (
                Box::new(|d| d.birth_year = Some(1850)),
                "birthYear",
                "INVALID_BIRTH_YEAR",
            ),
            (
                Box::new(|d| d.country_of_origin = Some("Syria".into())),
                "countryOfOrigin",
                "INVALID_COUNTRY_CODE",
            ),
            (
                Box::new(|d| d.arrival_date = NaiveDate::from_ymd_opt(2030, 1, 1)),
                "arrivalDate",
                "DATE_IN_FUTURE",
            ),
            (
                Box::new(|d| d.location.latitude = Some(91.0)),
                "location.latitude",
                "OUT_OF_RANGE",
            ),
            (
                Box::new(|d| {
                    d.location.latitude = Some(48.1);
                    d.location.longitude = Some(181.0)
                }),
                "location.longitude",
                "OUT_OF_RANGE",
            ),
            (
                Box::new(|d| d.location.longitude = Some(11.5)),
                "location",
                "INCOMPLETE_COORDINATES",
            ),
            (
                Box::new(|d| {
                    d.location.country_code = Some("DE".into());
                    d.location.region_code = Some("FR-75".into())
                }),
                "location.region",
                "INVALID_REGION",
            ),
            (
                Box::new(|d| d.mobility_radius_km = Some(-5)),
                "mobilityRadiusKm",
                "OUT_OF_RANGE",
            ),
            (
                Box::new(|d| d.location.place_name = Some("x".repeat(201))),
                "location.placeName",
                "TOO_LONG",
            ),
            (
                Box::new(|d| {
                    d.availability = vec![AvailabilityWindow {
                        from: NaiveDate::from_ymd_opt(2027, 9, 30).unwrap(),
                        until: NaiveDate::from_ymd_opt(2027, 6, 1),
                    }]
                }),
                "availability[0].until",
                "ENDS_BEFORE_START",
            ),
        ];
        for (change, field, code) in cases {
            let mut details = base.clone();
            change(&mut details);
            let problems = validate_details(&details, today());
            assert!(
                problems
                    .iter()
                    .any(|p| p.field() == Some(field) && p.code.code() == code),
                "{field} {code}: {problems:?}"
            );
        }
    }
}

/// A support organisation's access to a person's profile.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Delegation {
    pub profile_id: ProfileId,
    pub organisation_id: crate::OrganisationId,
    pub granted_at: DateTime<Utc>,
    /// What the organisation may do for the person ([`granted_scopes`]: VIEW always).
    ///
    /// [`granted_scopes`]: crate::delegation::granted_scopes
    pub scopes: Vec<crate::delegation::DelegationScope>,
}

/// Delegation and profiles created for people without an account.
#[async_trait::async_trait]
pub trait DelegationRepository: Send + Sync {
    /// Grants with `scopes` (or grants again after a revocation, or changes the scopes of
    /// an active delegation, which keeps its grant time).
    async fn grant_delegation(
        &self,
        profile: ProfileId,
        organisation: crate::OrganisationId,
        scopes: &[crate::delegation::DelegationScope],
        at: DateTime<Utc>,
    ) -> crate::StoreResult<Delegation>;
    /// False when there was no active delegation.
    async fn revoke_delegation(
        &self,
        profile: ProfileId,
        organisation: crate::OrganisationId,
        at: DateTime<Utc>,
    ) -> crate::StoreResult<bool>;
    /// The active delegations of a profile.
    async fn delegations_of_profile(
        &self,
        profile: ProfileId,
    ) -> crate::StoreResult<Vec<Delegation>>;
    /// The profiles actively delegated to an organisation, in the order they were
    /// delegated: its caseload.
    async fn caseload(
        &self,
        organisation: crate::OrganisationId,
        page: &crate::PageRequest,
    ) -> crate::StoreResult<crate::Page<Profile>>;
    /// Creates a profile without an account, delegated to `organisation` with every scope
    /// (nobody else can act for the person until they claim it), claimable with the token
    /// hashing to `claim_hash` until `claim_expires_at`; all in one transaction.
    async fn create_unclaimed_profile(
        &self,
        details: &ProfileDetails,
        created_by: UserId,
        organisation: crate::OrganisationId,
        claim_hash: &str,
        claim_expires_at: DateTime<Utc>,
    ) -> crate::StoreResult<Profile>;
    /// Attaches the unclaimed profile to `user` (who must have none), with the consent
    /// decisions recorded for it, which become the person's; `None` when the token is
    /// unknown or expired, `Duplicate` when the user already has a profile.
    async fn claim_profile(
        &self,
        claim_hash: &str,
        user: UserId,
        at: DateTime<Utc>,
    ) -> crate::StoreResult<Option<Profile>>;
    /// Saves a profile's details by its id (a caseworker editing a client's profile).
    async fn save_profile(
        &self,
        profile: ProfileId,
        details: &ProfileDetails,
    ) -> crate::StoreResult<Profile>;
}
