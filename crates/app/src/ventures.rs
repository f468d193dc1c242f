//! The entrepreneurship track: a person's ventures (for people in the ENTREPRENEURSHIP
//! track, a few each); mentors for them are found as for anyone ([`crate::mentoring`]).

use skillbridge_auth::CurrentUser;
use skillbridge_domain::profile::tracks_in_force;
use skillbridge_domain::profile::{Profile, Track};
use skillbridge_domain::venture::{
    MAX_VENTURE_SKILLS, MAX_VENTURES, SavedVenture, Venture, VentureDetails, validate_venture,
};
use skillbridge_domain::{FieldProblem, OrganisationId, ProblemCode, clock};
use uuid::Uuid;

use crate::access::ProfileTarget;
use crate::{App, ServiceError, ServiceResult};
use skillbridge_domain::delegation::DelegationScope;

/// A venture as written: `details` holds every plain field; the skills it needs come as
/// ESCO URIs.
#[derive(Clone, Debug)]
pub struct VentureForm {
    pub details: VentureDetails,
    pub skill_uris: Vec<String>,
}

impl App {
    /// Saves a venture of `profile` (a new one, or the one `venture` names), for a person
    /// in the ENTREPRENEURSHIP track.
    pub async fn save_venture(
        &self,
        profile: &Profile,
        venture: Option<Uuid>,
        form: VentureForm,
    ) -> ServiceResult<Venture> {
        let mut problems = Vec::new();
        if !tracks_in_force(&profile.details, clock::now().date_naive())
            .contains(&Track::Entrepreneurship)
        {
            problems.push(FieldProblem::new(
                "profileId",
                ProblemCode::NotInTrack,
                "ventures are for people in the ENTREPRENEURSHIP track: opt into it on the profile",
            ));
        }
        let mut details = form.details;
        details.skills_needed = self
            .skill_ids_by_uri(
                "skillUris",
                &form.skill_uris,
                MAX_VENTURE_SKILLS,
                &mut problems,
            )
            .await?;
        problems.extend(validate_venture(&details));
        if !problems.is_empty() {
            return Err(ServiceError::Invalid(problems));
        }
        match self
            .store
            .save_venture(profile.id, venture, &details, clock::now())
            .await?
        {
            SavedVenture::Saved(venture) => Ok(venture),
            SavedVenture::NotFound => Err(no_such_venture().into()),
            SavedVenture::TooMany => Err(FieldProblem::new(
                "ventureId",
                ProblemCode::TooMany,
                format!("a profile holds at most {MAX_VENTURES} ventures"),
            )
            .into()),
        }
    }

    /// Removes the venture `venture` of `profile`.
    pub async fn remove_venture(&self, profile: &Profile, venture: Uuid) -> ServiceResult<()> {
        if self.store.remove_venture(profile.id, venture).await? {
            Ok(())
        } else {
            Err(no_such_venture().into())
        }
    }
}

fn no_such_venture() -> FieldProblem {
    FieldProblem::new(
        "ventureId",
        ProblemCode::NotFound,
        "no such venture on this profile",
    )
}

impl App {
    /// The ventures of the person `target` names, oldest first: the caller's own (none
    /// while they have no profile), or a client's.
    pub async fn ventures(
        &self,
        user: &CurrentUser,
        target: ProfileTarget,
    ) -> ServiceResult<Vec<Venture>> {
        let Some(profile) = self.acted_on(user, target, DelegationScope::View).await? else {
            return Ok(Vec::new());
        };
        Ok(self.store.ventures_of(profile.id).await?)
    }

    /// A venture the caller may work with: their own, or (acting for `organisation`) a
    /// client's; NOT_FOUND otherwise, so nobody learns of others' ventures.
    pub async fn venture_of(
        &self,
        user: &CurrentUser,
        id: Uuid,
        organisation: Option<OrganisationId>,
    ) -> ServiceResult<Venture> {
        let not_found = || ServiceError::NotFound("venture not found");
        let venture = self.store.venture_by_id(id).await?.ok_or_else(not_found)?;
        let allowed = match organisation {
            None => self
                .own_profile(user)
                .await?
                .is_some_and(|p| p.id == venture.profile_id),
            Some(organisation) => {
                let client = ProfileTarget::Client {
                    profile: venture.profile_id,
                    organisation,
                };
                self.target_profile(user, client, DelegationScope::View)
                    .await
                    .is_ok()
            }
        };
        if allowed {
            Ok(venture)
        } else {
            Err(not_found())
        }
    }
}
