//! Who a use case acts for and on: the caller's organisations and the profile they work
//! on, found in the store and judged by the domain's `policy` (the rules live there; this
//! module only reads what they need). Every resolver and every path reaches a profile or an
//! organisation through these, so one rule holds whatever the path.

use skillbridge_auth::CurrentUser;
use skillbridge_domain::course::{Cohort, Course};
use skillbridge_domain::delegation::{Actor, DelegationScope};
use skillbridge_domain::disclosure::ProfileView;
use skillbridge_domain::privacy::consent_given;
use skillbridge_domain::profile::{Profile, ProfileDetails};
use skillbridge_domain::vacancy::{Vacancy, VacancyStatus};
use skillbridge_domain::{
    CohortId, ConsentPurpose, ConsentSubject, CourseId, Membership, Organisation, OrganisationId,
    OrganisationKind, ProfileId, UserId, VacancyId, clock, policy,
};

use crate::{App, ServiceError, ServiceResult};

/// What the caller may not do, said the same way everywhere.
pub const NOT_ALLOWED: &str = "you are not allowed to do this";

/// The profile a use case works on, as the caller named it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProfileTarget {
    /// The caller's own profile (created if missing).
    Own,
    /// The caller's own profile, named by its id.
    OwnById(ProfileId),
    /// A client's profile, for a caseworker acting for a support organisation the person
    /// delegated to.
    Client {
        profile: ProfileId,
        organisation: OrganisationId,
    },
}

impl ProfileTarget {
    /// The target named by an optional profile id and organisation id: neither is the
    /// caller's own profile; both, a client's; an organisation alone is a mistake.
    pub fn named(
        profile: Option<ProfileId>,
        organisation: Option<OrganisationId>,
    ) -> ServiceResult<Self> {
        match (profile, organisation) {
            (None, None) => Ok(Self::Own),
            (Some(id), None) => Ok(Self::OwnById(id)),
            (Some(profile), Some(organisation)) => Ok(Self::Client {
                profile,
                organisation,
            }),
            (None, Some(_)) => Err(ServiceError::BadInput(
                "give profileId with organisationId: the client's profile",
            )),
        }
    }

    /// Who acts when `user` works on this target: the person themselves, or a caseworker
    /// for their support organisation.
    pub fn actor(self, user: UserId) -> Actor {
        match self {
            Self::Own | Self::OwnById(_) => Actor::person(user),
            Self::Client { organisation, .. } => Actor::member(user, organisation),
        }
    }
}

impl App {
    /// Whether `organisation` is a support organisation (people delegate to, ask for help
    /// and share plans with only those).
    pub(crate) async fn is_support_organisation(
        &self,
        organisation: OrganisationId,
    ) -> ServiceResult<bool> {
        Ok(self
            .store
            .organisation_by_id(organisation)
            .await?
            .is_some_and(|o| o.kind == OrganisationKind::SupportOrganisation))
    }

    /// The caller's memberships, for policies that depend on them.
    pub async fn memberships(&self, user: &CurrentUser) -> ServiceResult<Vec<Membership>> {
        Ok(self.store.memberships_of_user(user.id).await?)
    }

    /// The organisation `id` of `kind` that the caller acts for (a member whose role acts
    /// through that kind); FORBIDDEN otherwise, whether or not it exists.
    pub async fn acting_for(
        &self,
        user: &CurrentUser,
        id: OrganisationId,
        kind: OrganisationKind,
    ) -> ServiceResult<Organisation> {
        let organisation = self.store.organisation_by_id(id).await?;
        let mine = self.memberships(user).await?;
        match organisation {
            Some(o) if o.kind == kind && policy::may_act_for(user.role, &mine, &o) => Ok(o),
            _ => Err(ServiceError::Forbidden(NOT_ALLOWED)),
        }
    }

    /// The organisations of `kind` among `memberships` that the caller acts for.
    pub async fn organisations_acted_for(
        &self,
        user: &CurrentUser,
        memberships: &[Membership],
        kind: OrganisationKind,
    ) -> ServiceResult<Vec<Organisation>> {
        let ids: Vec<_> = memberships.iter().map(|m| m.organisation_id).collect();
        Ok(self
            .store
            .organisations_by_ids(&ids)
            .await?
            .into_iter()
            .filter(|o| o.kind == kind && policy::may_act_for(user.role, memberships, o))
            .collect())
    }

    /// The caller's own profile, or `None` when they have none yet; FORBIDDEN for roles
    /// that keep none.
    pub async fn own_profile(&self, user: &CurrentUser) -> ServiceResult<Option<Profile>> {
        if !policy::may_have_profile(user.role) {
            return Err(ServiceError::Forbidden(NOT_ALLOWED));
        }
        Ok(self.store.profile_of_user(user.id).await?)
    }

    /// The caller's own profile, made (empty and private, with the account's name) if
    /// there is none yet.
    pub async fn ensure_profile(&self, user: &CurrentUser) -> ServiceResult<Profile> {
        if let Some(profile) = self.own_profile(user).await? {
            return Ok(profile);
        }
        let account = self
            .store
            .user_by_id(user.id)
            .await?
            .ok_or(ServiceError::Unauthenticated)?;
        Ok(self
            .store
            .save_profile_of_user(user.id, &ProfileDetails::new(account.display_name))
            .await?)
    }

    /// The profile `target` names, if the caller may work on it: their own (made if
    /// missing), or a client's who delegated `scope` to the support organisation the caller
    /// acts for.
    pub async fn target_profile(
        &self,
        user: &CurrentUser,
        target: ProfileTarget,
        scope: DelegationScope,
    ) -> ServiceResult<Profile> {
        match target {
            ProfileTarget::Own => self.ensure_profile(user).await,
            ProfileTarget::OwnById(id) => {
                let own = if policy::may_have_profile(user.role) {
                    self.store.profile_of_user(user.id).await?
                } else {
                    None
                };
                match own {
                    Some(own) if own.id == id => Ok(own),
                    _ => Err(ServiceError::BadInput(
                        "give organisationId to act on a client's profile",
                    )),
                }
            }
            ProfileTarget::Client {
                profile,
                organisation,
            } => {
                let organisation = self
                    .acting_for(user, organisation, OrganisationKind::SupportOrganisation)
                    .await?;
                let delegations = self.store.delegations_of_profile(profile).await?;
                if !policy::may_act_on_client(&delegations, organisation.id, scope) {
                    return Err(ServiceError::Forbidden(NOT_ALLOWED));
                }
                let profile = self
                    .store
                    .profile_by_id(profile)
                    .await?
                    .ok_or(ServiceError::NotFound("profile not found"))?;
                // Whatever the caseworker does with it, they read it.
                self.log_reads(
                    &[profile.id],
                    organisation.id,
                    user.id,
                    ProfileView::Profile,
                )
                .await?;
                Ok(profile)
            }
        }
    }

    /// The profile `target` names for an action on one that exists: the caller's own
    /// (`None` while they have none; acting makes none), or a client's as
    /// [`Self::target_profile`] finds it.
    pub async fn acted_on(
        &self,
        user: &CurrentUser,
        target: ProfileTarget,
        scope: DelegationScope,
    ) -> ServiceResult<Option<Profile>> {
        match target {
            ProfileTarget::Own => self.own_profile(user).await,
            _ => self.target_profile(user, target, scope).await.map(Some),
        }
    }

    /// Logs that `viewer`, acting for `organisation`, saw `view` of each of `profiles`, for
    /// the people to see in their access log (one statement for a page).
    pub(crate) async fn log_reads(
        &self,
        profiles: &[ProfileId],
        organisation: OrganisationId,
        viewer: UserId,
        view: ProfileView,
    ) -> ServiceResult<()> {
        if !profiles.is_empty() {
            self.store
                .log_profile_access(profiles, &[organisation], viewer, view, clock::now())
                .await?;
        }
        Ok(())
    }

    /// Whether the caller may see `profile` whole: the person, and caseworkers of support
    /// organisations the person delegated to, whose read is logged for the person to see.
    pub async fn sees_profile(&self, user: &CurrentUser, profile: &Profile) -> ServiceResult<bool> {
        if profile.user_id == Some(user.id) {
            return Ok(true);
        }
        let delegations = self.store.delegations_of_profile(profile.id).await?;
        let memberships = self.memberships(user).await?;
        let centres: Vec<_> = memberships
            .iter()
            .map(|m| m.organisation_id)
            .filter(|o| policy::may_act_on_client(&delegations, *o, DelegationScope::View))
            .collect();
        if centres.is_empty() {
            return Ok(false);
        }
        self.store
            .log_profile_access(
                &[profile.id],
                &centres,
                user.id,
                ProfileView::Profile,
                clock::now(),
            )
            .await?;
        Ok(true)
    }

    /// Whether the caller may see a person's applications, enrolments and placements: the
    /// person, and members of support organisations they delegated to. Employers who see
    /// the profile do not see where else the person applied.
    pub async fn may_see_activity(
        &self,
        user: &CurrentUser,
        profile: &Profile,
    ) -> ServiceResult<bool> {
        if profile.user_id == Some(user.id) {
            return Ok(true);
        }
        let delegations = self.store.delegations_of_profile(profile.id).await?;
        if delegations.is_empty() {
            return Ok(false);
        }
        let memberships = self.memberships(user).await?;
        Ok(policy::may_see_activity(
            user.id,
            profile.user_id,
            &memberships,
            &delegations,
        ))
    }

    /// Whether the caller may see a record between a person and an organisation (an
    /// application and the employer, an enrolment and the training provider, a contact
    /// request and the organisation that asked): members of that organisation, and those
    /// who may see the person's activity. False for a profile that does not exist.
    pub async fn may_see_record(
        &self,
        user: &CurrentUser,
        profile: ProfileId,
        organisation: Option<OrganisationId>,
    ) -> ServiceResult<bool> {
        if let Some(organisation) = organisation
            && policy::is_member(&self.memberships(user).await?, organisation)
        {
            return Ok(true);
        }
        match self.store.profile_by_id(profile).await? {
            Some(profile) => self.may_see_activity(user, &profile).await,
            None => Ok(false),
        }
    }

    /// The vacancy `id` of an employer the caller acts for, with that employer; NOT_FOUND
    /// when there is none, FORBIDDEN when it is another employer's.
    pub async fn owned_vacancy(
        &self,
        user: &CurrentUser,
        id: VacancyId,
    ) -> ServiceResult<(Organisation, Vacancy)> {
        let vacancy = self
            .store
            .vacancies_by_ids(&[id])
            .await?
            .pop()
            .ok_or(ServiceError::NotFound("vacancy not found"))?;
        let employer = self
            .acting_for(user, vacancy.organisation_id, OrganisationKind::Employer)
            .await?;
        Ok((employer, vacancy))
    }

    /// The vacancy `id` if the caller may see it: OPEN ones for everyone (`user` is `None`
    /// for a guest), others for members of the employer; `None` for the rest, as for one
    /// that does not exist.
    pub async fn visible_vacancy(
        &self,
        user: Option<&CurrentUser>,
        id: VacancyId,
    ) -> ServiceResult<Option<Vacancy>> {
        let Some(vacancy) = self.store.vacancies_by_ids(&[id]).await?.pop() else {
            return Ok(None);
        };
        let visible = vacancy.status == VacancyStatus::Open
            || match user {
                Some(user) => {
                    policy::is_member(&self.memberships(user).await?, vacancy.organisation_id)
                }
                None => false,
            };
        Ok(visible.then_some(vacancy))
    }

    /// The course `id` of a training provider the caller acts for; NOT_FOUND when there is
    /// none, FORBIDDEN when it is another provider's.
    pub async fn owned_course(&self, user: &CurrentUser, id: CourseId) -> ServiceResult<Course> {
        let course = self
            .store
            .courses_by_ids(&[id])
            .await?
            .pop()
            .ok_or(ServiceError::NotFound("course not found"))?;
        self.acting_for(
            user,
            course.organisation_id,
            OrganisationKind::TrainingProvider,
        )
        .await?;
        Ok(course)
    }

    /// FORBIDDEN unless the person consented to MATCHING (a profile a caseworker created
    /// and nobody has claimed yet is matched under the delegation).
    pub async fn require_matching_consent(&self, profile: &Profile) -> ServiceResult<()> {
        if let Some(user) = profile.user_id {
            let history = self
                .store
                .consent_history(ConsentSubject::Person(user))
                .await?;
            if !consent_given(&history, ConsentPurpose::Matching) {
                return Err(ServiceError::Forbidden(
                    "the person has not consented to MATCHING",
                ));
            }
        }
        Ok(())
    }

    /// The cohort `id` of a course of a training provider the caller acts for, with its
    /// course; NOT_FOUND when there is none, FORBIDDEN when it is another provider's.
    pub async fn owned_cohort(
        &self,
        user: &CurrentUser,
        id: CohortId,
    ) -> ServiceResult<(Course, Cohort)> {
        let cohort = self
            .store
            .cohorts_by_ids(&[id])
            .await?
            .pop()
            .ok_or(ServiceError::NotFound("cohort not found"))?;
        let course = self.owned_course(user, cohort.course_id).await?;
        Ok((course, cohort))
    }
}
