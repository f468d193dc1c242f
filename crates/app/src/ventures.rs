//! The entrepreneurship track: a person's ventures (for people in the ENTREPRENEURSHIP
//! track, a few each) and the mentoring members of any organisation offer them.

use skillbridge_domain::profile::{Profile, Track};
use skillbridge_domain::track::tracks_in_force;
use skillbridge_domain::venture::{
    MAX_MENTOR_SKILLS, MAX_VENTURE_SKILLS, MAX_VENTURES, MentorDetails, MentorOffer, SavedVenture,
    Venture, VentureDetails, validate_mentor, validate_venture,
};
use skillbridge_domain::{FieldProblem, OrganisationId, ProblemCode, StoreError, UserId, clock};
use uuid::Uuid;

use crate::{App, ServiceError, ServiceResult};

/// A venture as written: `details` holds every plain field; the skills it needs come as
/// ESCO URIs.
#[derive(Clone, Debug)]
pub struct VentureForm {
    pub details: VentureDetails,
    pub skill_uris: Vec<String>,
}

/// A mentoring offer as written: `details` holds every plain field; the skills come as
/// ESCO URIs.
#[derive(Clone, Debug)]
pub struct MentorForm {
    pub details: MentorDetails,
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

    /// `mentor` offers mentoring through `organisation` (one they are a member of); saving
    /// again replaces the offer.
    pub async fn offer_mentoring(
        &self,
        mentor: UserId,
        organisation: OrganisationId,
        form: MentorForm,
    ) -> ServiceResult<MentorOffer> {
        let mut problems = Vec::new();
        let mut details = form.details;
        details.skills = self
            .skill_ids_by_uri(
                "skillUris",
                &form.skill_uris,
                MAX_MENTOR_SKILLS,
                &mut problems,
            )
            .await?;
        problems.extend(validate_mentor(&details));
        if !problems.is_empty() {
            return Err(ServiceError::Invalid(problems));
        }
        match self
            .store
            .save_mentor_offer(mentor, organisation, &details, clock::now())
            .await
        {
            Ok(offer) => Ok(offer),
            Err(StoreError::NotFound { .. }) => Err(ServiceError::Forbidden(
                "you can offer mentoring only through an organisation you are a member of",
            )),
            Err(err) => Err(err.into()),
        }
    }

    /// Withdraws `mentor`'s offer through `organisation`.
    pub async fn withdraw_mentoring(
        &self,
        mentor: UserId,
        organisation: OrganisationId,
    ) -> ServiceResult<()> {
        if self
            .store
            .withdraw_mentor_offer(mentor, organisation)
            .await?
        {
            Ok(())
        } else {
            Err(FieldProblem::new(
                "organisationId",
                ProblemCode::NotFound,
                "you offer no mentoring through this organisation",
            )
            .into())
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
