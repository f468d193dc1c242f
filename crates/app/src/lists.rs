//! The lists a caller reads a page at a time: a person's activity (applications,
//! enrolments, placements), what only the person sees (contact requests, who viewed the
//! profile, delegations, consents), an employer's applicants, a provider's cohort, a
//! support organisation's caseload, an organisation's members and invitations. Each list
//! asks `access` who may read it, then reads one page.

use futures::future::BoxFuture;
use skillbridge_auth::CurrentUser;
use skillbridge_domain::application::{Application, Placement};
use skillbridge_domain::disclosure::{ContactRequest, ProfileAccess, ProfileView};
use skillbridge_domain::enrolment::Enrolment;
use skillbridge_domain::organisation::Invitation;
use skillbridge_domain::profile::{Delegation, Profile};
use skillbridge_domain::{
    CohortId, ConsentRecord, ConsentSubject, Membership, Order, OrganisationId, OrganisationKind,
    Page, PageRequest, Position, ProfileId, StoreResult, VacancyId, policy,
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
    ) -> ServiceResult<Option<ProfileId>> {
        match whose {
            Whose::Mine => Ok(self.own_profile(user).await?.map(|p| p.id)),
            Whose::Of(profile) if self.may_see_activity(user, profile).await? => {
                Ok(Some(profile.id))
            }
            Whose::Of(_) => Err(ServiceError::Forbidden(NOT_ALLOWED)),
        }
    }

    /// The page `read` gives of the person's list, once the caller may see it; an empty
    /// page for the caller's own while they have no profile.
    pub(crate) async fn page_of<'a, T>(
        &self,
        user: &CurrentUser,
        whose: Whose<'_>,
        read: impl FnOnce(ProfileId) -> BoxFuture<'a, StoreResult<Page<T>>>,
    ) -> ServiceResult<Page<T>> {
        Ok(match self.activity_of(user, whose).await? {
            Some(profile) => read(profile).await?,
            None => Page::empty(),
        })
    }

    /// A person's applications, newest first.
    pub async fn applications_of(
        &self,
        user: &CurrentUser,
        whose: Whose<'_>,
        page: &PageRequest,
    ) -> ServiceResult<Page<Application>> {
        self.page_of(user, whose, |p| self.store.applications_of_profile(p, page))
            .await
    }

    /// A person's enrolments, newest first.
    pub async fn enrolments_of(
        &self,
        user: &CurrentUser,
        whose: Whose<'_>,
        page: &PageRequest,
    ) -> ServiceResult<Page<Enrolment>> {
        self.page_of(user, whose, |p| self.store.enrolments_of_profile(p, page))
            .await
    }

    /// The jobs a person was hired into, newest first.
    pub async fn placements_of(
        &self,
        user: &CurrentUser,
        whose: Whose<'_>,
        page: &PageRequest,
    ) -> ServiceResult<Page<Placement>> {
        self.page_of(user, whose, |p| {
            Box::pin(async move {
                let rows = self.store.placements_of_profile(p).await?;
                let rows = rows
                    .into_iter()
                    .map(|p| (Position::created(p.created_at, p.id), p))
                    .collect();
                Ok(Page::of_list(rows, Order::NewestFirst, page))
            })
        })
        .await
    }

    /// The contact requests a person received, newest first.
    pub async fn contact_requests_of(
        &self,
        user: &CurrentUser,
        whose: Whose<'_>,
        page: &PageRequest,
    ) -> ServiceResult<Page<ContactRequest>> {
        self.page_of(user, whose, |p| {
            self.store.contact_requests_for_profile(p, page)
        })
        .await
    }

    /// Every consent decision of the person of `profile`, oldest first: for the person and
    /// their caseworkers (whoever recorded them).
    pub async fn consents_of(
        &self,
        user: &CurrentUser,
        profile: &Profile,
    ) -> ServiceResult<Vec<ConsentRecord>> {
        if !self.may_see_activity(user, profile).await? {
            return Err(ServiceError::Forbidden(NOT_ALLOWED));
        }
        Ok(self
            .store
            .consent_history(ConsentSubject::of(profile))
            .await?)
    }

    /// Every employer view of the caller's card or profile, newest first.
    pub async fn my_profile_access_log(
        &self,
        user: &CurrentUser,
        page: &PageRequest,
    ) -> ServiceResult<Page<ProfileAccess>> {
        self.page_of(user, Whose::Mine, |p| {
            self.store.profile_access_log(p, page)
        })
        .await
    }

    /// The support organisations the caller's profile is delegated to, in the order they
    /// were delegated.
    pub async fn my_delegations(
        &self,
        user: &CurrentUser,
        page: &PageRequest,
    ) -> ServiceResult<Page<Delegation>> {
        self.page_of(user, Whose::Mine, |p| {
            Box::pin(async move {
                let rows = self
                    .store
                    .delegations_of_profile(p)
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
            })
        })
        .await
    }

    /// Every consent decision the caller made, oldest first.
    pub async fn my_consent_history(
        &self,
        user: &CurrentUser,
    ) -> ServiceResult<Vec<ConsentRecord>> {
        Ok(self
            .store
            .consent_history(skillbridge_domain::ConsentSubject::Person(user.id))
            .await?)
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
        let (course, cohort) = self.owned_cohort(user, cohort).await?;
        let enrolments = self.store.enrolments_of_cohort(cohort.id, page).await?;
        // The trainer sees who the participants are, and how to reach them.
        let people: Vec<_> = enrolments.items.iter().map(|(_, e)| e.profile_id).collect();
        self.log_reads(
            &people,
            course.organisation_id,
            user.id,
            ProfileView::Participant,
        )
        .await?;
        Ok(enrolments)
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
        let caseload = self.store.caseload(organisation.id, page).await?;
        let people: Vec<_> = caseload.items.iter().map(|(_, p)| p.id).collect();
        self.log_reads(&people, organisation.id, user.id, ProfileView::Profile)
            .await?;
        Ok(caseload)
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
