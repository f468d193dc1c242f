//! A person's profile, changed by the person or by a caseworker they delegated to: its
//! details, skills and languages; and a profile a caseworker makes for a person without an
//! account, claimed later by that person. Every change refreshes this process's candidate
//! index (matching reads all of these).

use chrono::Duration;
use skillbridge_auth::tokens::{hash_opaque_token, new_opaque_token};
use skillbridge_domain::profile::{Profile, ProfileDetails, ProfileLanguage, validate_details};
use skillbridge_domain::{
    Email, FieldProblem, LanguageCode, OrganisationId, ProblemCode, StoreError, UserId, clock,
};

use crate::written::{Edit, LanguageLevelAsWritten, language_level};
use crate::{App, ServiceError, ServiceResult};

/// How long a caseworker's claim token stays valid.
pub const CLAIM_TTL: Duration = Duration::days(60);

/// A profile's details as written: `details` holds every plain field; the contact email
/// comes as written.
#[derive(Clone, Debug)]
pub struct ProfileForm {
    pub details: ProfileDetails,
    pub contact_email: Edit<String>,
    /// What was wrong in reading the input (fields given twice, say), reported with the
    /// rest.
    pub problems: Vec<FieldProblem>,
}

impl App {
    /// Replaces `profile`'s details with `form`; nothing is saved when any field is wrong.
    pub async fn update_profile(
        &self,
        profile: &Profile,
        form: ProfileForm,
    ) -> ServiceResult<Profile> {
        let details = resolve_profile(form)?;
        let saved = self.store.save_profile(profile.id, &details).await?;
        self.profile_changed(saved.id).await;
        Ok(saved)
    }

    /// Makes a profile for a person without an account, managed by `organisation` where
    /// `caseworker` works; the person claims it with the token this answers (valid for
    /// [`CLAIM_TTL`]).
    pub async fn create_client_profile(
        &self,
        caseworker: UserId,
        organisation: OrganisationId,
        form: ProfileForm,
    ) -> ServiceResult<(Profile, String)> {
        let details = resolve_profile(form)?;
        let (token, token_hash) = new_opaque_token();
        let profile = self
            .store
            .create_unclaimed_profile(
                &details,
                caseworker,
                organisation,
                &token_hash,
                clock::now() + CLAIM_TTL,
            )
            .await?;
        Ok((profile, token))
    }

    /// `user` (who has no profile) takes over the profile a caseworker made, with the
    /// token the caseworker passed on.
    pub async fn claim_profile(&self, user: UserId, claim_token: &str) -> ServiceResult<Profile> {
        let has_one = || {
            ServiceError::from(FieldProblem::new(
                "claimToken",
                ProblemCode::AlreadyHasProfile,
                "you already have a profile",
            ))
        };
        if self.store.profile_of_user(user).await?.is_some() {
            return Err(has_one());
        }
        let claimed = self
            .store
            .claim_profile(&hash_opaque_token(claim_token.trim()), user, clock::now())
            .await;
        match claimed {
            Ok(Some(profile)) => {
                // The person's own consents now apply to the profile.
                self.profile_changed(profile.id).await;
                Ok(profile)
            }
            Ok(None) => Err(FieldProblem::new(
                "claimToken",
                ProblemCode::InvalidClaimToken,
                "the token is unknown, expired or already used",
            )
            .into()),
            Err(StoreError::Duplicate { .. }) => Err(has_one()),
            Err(err) => Err(err.into()),
        }
    }

    /// Takes the skill `skill_uri` names off `profile`.
    pub async fn remove_profile_skill(
        &self,
        profile: Profile,
        skill_uri: &str,
    ) -> ServiceResult<Profile> {
        let removed = match self.store.skill_by_uri(skill_uri.trim()).await? {
            Some(skill) => {
                self.store
                    .remove_profile_skill(profile.id, skill.id)
                    .await?
            }
            None => false,
        };
        if !removed {
            return Err(FieldProblem::new(
                "skillUri",
                ProblemCode::NotOnProfile,
                "the profile does not have this skill",
            )
            .into());
        }
        self.profile_changed(profile.id).await;
        Ok(profile)
    }

    /// Adds a language at a CEFR level to `profile`, or changes its level.
    pub async fn set_profile_language(
        &self,
        profile: Profile,
        written: &LanguageLevelAsWritten,
        mother_tongue: bool,
    ) -> ServiceResult<Profile> {
        let mut problems = Vec::new();
        let Some((language, level)) = language_level("", "level", written, &mut problems) else {
            return Err(ServiceError::Invalid(problems));
        };
        let entry = ProfileLanguage {
            language,
            level,
            mother_tongue,
        };
        self.store.set_profile_language(profile.id, &entry).await?;
        self.profile_changed(profile.id).await;
        Ok(profile)
    }

    /// Takes the language `language` (a code as written) off `profile`.
    pub async fn remove_profile_language(
        &self,
        profile: Profile,
        language: &str,
    ) -> ServiceResult<Profile> {
        let removed = match LanguageCode::parse(language) {
            Ok(code) => self.store.remove_profile_language(profile.id, code).await?,
            Err(_) => false,
        };
        if !removed {
            return Err(FieldProblem::new(
                "language",
                ProblemCode::NotOnProfile,
                "the profile does not list this language",
            )
            .into());
        }
        self.profile_changed(profile.id).await;
        Ok(profile)
    }
}

/// The details `form` describes, its email parsed and the whole validated.
fn resolve_profile(form: ProfileForm) -> ServiceResult<ProfileDetails> {
    let mut problems = form.problems;
    let mut details = form.details;
    match form.contact_email {
        Edit::Keep => {}
        Edit::Clear => details.contact_email = None,
        Edit::Set(written) => match Email::parse(&written) {
            Ok(email) => details.contact_email = Some(email),
            Err(err) => problems.push(FieldProblem::new(
                "contactEmail",
                ProblemCode::InvalidEmail,
                err.to_string(),
            )),
        },
    }
    problems.extend(validate_details(&details, clock::now().date_naive()));
    if problems.is_empty() {
        Ok(details)
    } else {
        Err(ServiceError::Invalid(problems))
    }
}
