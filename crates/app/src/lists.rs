//! The lists a caller reads a page at a time: a person's activity (applications,
//! enrolments, placements), what only the person sees (contact requests, who viewed the
//! profile, delegations, consents), an employer's applicants, a provider's cohort, a
//! support organisation's caseload, an organisation's members and invitations. Each list
//! asks `access` who may read it, then reads one page.

use skillbridge_auth::CurrentUser;
use skillbridge_domain::application::{Application, Placement};
use skillbridge_domain::disclosure::{ContactRequest, ProfileAccess};
use skillbridge_domain::enrolment::Enrolment;
use skillbridge_domain::organisation::Invitation;
use skillbridge_domain::profile::{Delegation, Profile};
use skillbridge_domain::{
    CohortId, ConsentRecord, Membership, Order, OrganisationId, OrganisationKind, Page,
    PageRequest, Position, VacancyId, policy,
};

use crate::access::NOT_ALLOWED;
use crate::{App, ServiceError, ServiceResult};

/// Whose activity a list shows.
#[derive(Clone, Copy, Debug)]
pub enum Whose<'a> {
    /// The caller's own (an empty list while they have no profile).
    Mine,
    /// A person's the caller may see ([`App::may_see_activity`]); FORBIDDEN otherwise.
    Of(&'a Profile),
}

impl App {
    /// The person a list of activity is about, once the caller may see it; `None` for the
    /// caller's own activity while they have no profile.
    async fn activity_of(
        &self,
        user: &CurrentUser,
        whose: Whose<'_>,
    ) -> ServiceResult<Option<skillbridge_domain::ProfileId>> {
        match whose {
            Whose::Mine => Ok(self.own_profile(user).await?.map(|p| p.id)),
            Whose::Of(profile) if self.may_see_activity(user, profile).await? => {
                Ok(Some(profile.id))
            }
            Whose::Of(_) => Err(ServiceError::Forbidden(NOT_ALLOWED)),
        }
    }

    /// A person's applications, newest first.
    pub async fn applications_of(
        &self,
        user: &CurrentUser,
        whose: Whose<'_>,
        page: &PageRequest,
    ) -> ServiceResult<Page<Application>> {
        Ok(match self.activity_of(user, whose).await? {
            Some(profile) => self.store.applications_of_profile(profile, page).await?,
            None => Page::empty(),
        })
    }

    /// A person's enrolments, newest first.
    pub async fn enrolments_of(
        &self,
        user: &CurrentUser,
        whose: Whose<'_>,
        page: &PageRequest,
    ) -> ServiceResult<Page<Enrolment>> {
        Ok(match self.activity_of(user, whose).await? {
            Some(profile) => self.store.enrolments_of_profile(profile, page).await?,
            None => Page::empty(),
        })
    }

    /// The jobs a person was hired into, newest first.
    pub async fn placements_of(
        &self,
        user: &CurrentUser,
        whose: Whose<'_>,
        page: &PageRequest,
    ) -> ServiceResult<Page<Placement>> {
        let Some(profile) = self.activity_of(user, whose).await? else {
            return Ok(Page::empty());
        };
        let rows = self.store.placements_of_profile(profile).await?;
        let rows = rows
            .into_iter()
            .map(|p| (Position::created(p.created_at, p.id), p))
            .collect();
        Ok(Page::of_list(rows, Order::NewestFirst, page))
    }

    /// The contact requests the caller's profile received, newest first.
    pub async fn my_contact_requests(
        &self,
        user: &CurrentUser,
        page: &PageRequest,
    ) -> ServiceResult<Page<ContactRequest>> {
        Ok(match self.own_profile(user).await? {
            Some(profile) => {
                self.store
                    .contact_requests_for_profile(profile.id, page)
                    .await?
            }
            None => Page::empty(),
        })
    }

    /// Every employer view of the caller's card or profile, newest first.
    pub async fn my_profile_access_log(
        &self,
        user: &CurrentUser,
        page: &PageRequest,
    ) -> ServiceResult<Page<ProfileAccess>> {
        Ok(match self.own_profile(user).await? {
            Some(profile) => self.store.profile_access_log(profile.id, page).await?,
            None => Page::empty(),
        })
    }

    /// The support organisations the caller's profile is delegated to, in the order they
    /// were delegated.
    pub async fn my_delegations(
        &self,
        user: &CurrentUser,
        page: &PageRequest,
    ) -> ServiceResult<Page<Delegation>> {
        let Some(profile) = self.own_profile(user).await? else {
            return Ok(Page::empty());
        };
        let rows = self
            .store
            .delegations_of_profile(profile.id)
            .await?
            .into_iter()
            .map(|d| {
                (
                    Position::created(d.granted_at, *d.organisation_id.as_uuid()),
                    d,
                )
            })
            .collect();
        Ok(Page::of_list(rows, Order::OldestFirst, page))
    }

    /// Every consent decision the caller made, oldest first.
    pub async fn my_consent_history(
        &self,
        user: &CurrentUser,
    ) -> ServiceResult<Vec<ConsentRecord>> {
        Ok(self.store.consent_history(user.id).await?)
    }

    /// Applications to a vacancy of the caller's organisation, oldest first.
    pub async fn vacancy_applications(
        &self,
        user: &CurrentUser,
        vacancy: VacancyId,
        page: &PageRequest,
    ) -> ServiceResult<Page<Application>> {
        let vacancy = self.owned_vacancy(user, vacancy).await?.1;
        Ok(self
            .store
            .applications_for_vacancy(vacancy.id, page)
            .await?)
    }

    /// Everyone enrolled in a cohort the caller's training provider runs, in arrival order.
    pub async fn cohort_enrolments(
        &self,
        user: &CurrentUser,
        cohort: CohortId,
        page: &PageRequest,
    ) -> ServiceResult<Page<Enrolment>> {
        let cohort = self.owned_cohort(user, cohort).await?;
        Ok(self.store.enrolments_of_cohort(cohort.id, page).await?)
    }

    /// The profiles delegated to a support organisation the caller acts for, in the order
    /// they were delegated.
    pub async fn caseload(
        &self,
        user: &CurrentUser,
        organisation: OrganisationId,
        page: &PageRequest,
    ) -> ServiceResult<Page<Profile>> {
        let organisation = self
            .acting_for(user, organisation, OrganisationKind::SupportOrganisation)
            .await?;
        Ok(self.store.caseload(organisation.id, page).await?)
    }

    /// An organisation's members, oldest first: for those the policy lets see them.
    pub async fn members(
        &self,
        user: &CurrentUser,
        organisation: OrganisationId,
        page: &PageRequest,
    ) -> ServiceResult<Page<Membership>> {
        let mine = self.memberships(user).await?;
        if !policy::may_see_members(user.role, &mine, organisation) {
            return Err(ServiceError::Forbidden(NOT_ALLOWED));
        }
        Ok(self
            .store
            .members_of_organisation(organisation, page)
            .await?)
    }

    /// The invitations an organisation sent, newest first: for its owners.
    pub async fn invitations(
        &self,
        user: &CurrentUser,
        organisation: OrganisationId,
        page: &PageRequest,
    ) -> ServiceResult<Page<Invitation>> {
        let mine = self.memberships(user).await?;
        if !policy::may_manage_members(&mine, organisation) {
            return Err(ServiceError::Forbidden(NOT_ALLOWED));
        }
        Ok(self
            .store
            .invitations_of_organisation(organisation, page)
            .await?)
    }
}
