//! What a caller may see of each kind of record, looked up by id: one rule per entity,
//! whatever the path (`node(id:)`, `nodes(ids:)`). `None` stands both for a record that does
//! not exist and for one the caller may not see, so a lookup never reveals existence.

use skillbridge_auth::CurrentUser;
use skillbridge_domain::application::{Application, Placement};
use skillbridge_domain::career::{Qualification, WorkExperience};
use skillbridge_domain::disclosure::ContactRequest;
use skillbridge_domain::enrolment::Enrolment;
use skillbridge_domain::mentoring::MentorOffer;
use skillbridge_domain::venture::Venture;
use skillbridge_domain::{Invitation, OrganisationKind, ProfileId, policy};
use uuid::Uuid;

use crate::{App, ServiceResult};

impl App {
    /// An application: for the applicant and their caseworkers, and members of the
    /// employer.
    pub async fn visible_application(
        &self,
        user: &CurrentUser,
        id: Uuid,
    ) -> ServiceResult<Option<Application>> {
        let Some(application) = self.store.application_by_id(id).await? else {
            return Ok(None);
        };
        let visible = self
            .may_see_record(
                user,
                application.profile_id,
                Some(application.organisation_id),
            )
            .await?;
        Ok(visible.then_some(application))
    }

    /// A placement: for those who see its application.
    pub async fn visible_placement(
        &self,
        user: &CurrentUser,
        id: Uuid,
    ) -> ServiceResult<Option<Placement>> {
        let Some(placement) = self.store.placement_by_id(id).await? else {
            return Ok(None);
        };
        Ok(self
            .visible_application(user, placement.application_id)
            .await?
            .map(|_| placement))
    }

    /// An enrolment: for the person and their caseworkers, and members of the training
    /// provider.
    pub async fn visible_enrolment(
        &self,
        user: &CurrentUser,
        id: Uuid,
    ) -> ServiceResult<Option<Enrolment>> {
        let Some(enrolment) = self.store.enrolment_by_id(id).await? else {
            return Ok(None);
        };
        let provider = match self
            .store
            .cohorts_by_ids(&[enrolment.cohort_id])
            .await?
            .pop()
        {
            Some(cohort) => self
                .store
                .courses_by_ids(&[cohort.course_id])
                .await?
                .pop()
                .map(|course| course.organisation_id),
            None => None,
        };
        let visible = self
            .may_see_record(user, enrolment.profile_id, provider)
            .await?;
        Ok(visible.then_some(enrolment))
    }

    /// A contact request: for the person and their caseworkers, and members of the
    /// organisation that asked.
    pub async fn visible_contact_request(
        &self,
        user: &CurrentUser,
        id: Uuid,
    ) -> ServiceResult<Option<ContactRequest>> {
        let Some(request) = self.store.contact_request_by_id(id).await? else {
            return Ok(None);
        };
        let visible = self
            .may_see_record(user, request.profile_id, Some(request.organisation_id))
            .await?;
        Ok(visible.then_some(request))
    }

    /// A qualification: for those who see the activity of its profile.
    pub async fn visible_qualification(
        &self,
        user: &CurrentUser,
        id: Uuid,
    ) -> ServiceResult<Option<Qualification>> {
        let found = self.store.qualification_by_id(id).await?;
        self.entry_of_profile(user, found).await
    }

    /// An entry of work experience: for those who see the activity of its profile.
    pub async fn visible_experience(
        &self,
        user: &CurrentUser,
        id: Uuid,
    ) -> ServiceResult<Option<WorkExperience>> {
        let found = self.store.experience_by_id(id).await?;
        self.entry_of_profile(user, found).await
    }

    /// A venture: for those who see the activity of its profile.
    pub async fn visible_venture(
        &self,
        user: &CurrentUser,
        id: Uuid,
    ) -> ServiceResult<Option<Venture>> {
        let found = self
            .store
            .venture_by_id(id)
            .await?
            .map(|venture| (venture.profile_id, venture));
        self.entry_of_profile(user, found).await
    }

    /// A mentor's offer as its author manages it: for the author only.
    pub async fn own_mentor_offer(
        &self,
        user: &CurrentUser,
        id: Uuid,
    ) -> ServiceResult<Option<MentorOffer>> {
        Ok(self
            .store
            .mentor_offer_by_id(id)
            .await?
            .filter(|offer| offer.user_id == user.id))
    }

    /// A mentor as people find them, with the mentor's name: for the mentor, for anyone
    /// who may keep a profile (whom mentors offer to), and for members of support
    /// organisations (who look for mentors for their clients).
    pub async fn visible_mentor(
        &self,
        user: &CurrentUser,
        id: Uuid,
    ) -> ServiceResult<Option<(MentorOffer, String)>> {
        let Some(offer) = self.store.mentor_offer_by_id(id).await? else {
            return Ok(None);
        };
        let sees = offer.user_id == user.id || policy::may_have_profile(user.role) || {
            let memberships = self.memberships(user).await?;
            let centres = self
                .organisations_acted_for(user, &memberships, OrganisationKind::SupportOrganisation)
                .await?;
            !centres.is_empty()
        };
        if !sees {
            return Ok(None);
        }
        let display_name = self
            .store
            .users_by_ids(&[offer.user_id])
            .await?
            .pop()
            .map(|u| u.display_name)
            .unwrap_or_default();
        Ok(Some((offer, display_name)))
    }

    /// An invitation: for the owners of the organisation that sent it.
    pub async fn visible_invitation(
        &self,
        user: &CurrentUser,
        id: Uuid,
    ) -> ServiceResult<Option<Invitation>> {
        let Some(invitation) = self.store.invitation_by_id(id).await? else {
            return Ok(None);
        };
        let manages =
            policy::may_manage_members(&self.memberships(user).await?, invitation.organisation_id);
        Ok(manages.then_some(invitation))
    }

    /// An entry of a profile found with its profile, for those who see the profile's
    /// activity.
    async fn entry_of_profile<T>(
        &self,
        user: &CurrentUser,
        found: Option<(ProfileId, T)>,
    ) -> ServiceResult<Option<T>> {
        let Some((profile, entry)) = found else {
            return Ok(None);
        };
        Ok(self
            .may_see_record(user, profile, None)
            .await?
            .then_some(entry))
    }
}
