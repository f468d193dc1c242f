//! What employers see of people: the anonymised card of a candidate who lets employers find
//! them, and the whole profile once it was revealed to the organisation (the person applied
//! or accepted its contact request) or made visible. Every view is logged for the person to
//! read; one who may not be seen does not exist for the employer.

use skillbridge_auth::CurrentUser;
use skillbridge_domain::application::Application;
use skillbridge_domain::disclosure::{
    CandidateCard, ProfileView, candidate_card, may_view_card, may_view_profile,
};
use skillbridge_domain::privacy::consent_given;
use skillbridge_domain::profile::Profile;
use skillbridge_domain::{
    ConsentPurpose, ConsentSubject, OrganisationId, OrganisationKind, ProfileId, UserId, clock,
};

use crate::{App, ServiceError, ServiceResult};

/// What an employer who may not see a candidate gets: the same as for one who does not
/// exist.
pub const CANDIDATE_NOT_FOUND: &str = "candidate not found";

impl App {
    /// A profile as employers ask for it, with whether the person consented to sharing with
    /// employers; NOT_FOUND when there is none. What the employer may see of it is for the
    /// caller to decide.
    async fn candidate_record(&self, id: ProfileId) -> ServiceResult<(Profile, bool)> {
        let profile = self
            .store
            .profile_by_id(id)
            .await?
            .ok_or(ServiceError::NotFound(CANDIDATE_NOT_FOUND))?;
        let sharing = consent_given(
            &self
                .store
                .consent_history(ConsentSubject::of(&profile))
                .await?,
            ConsentPurpose::SharingWithEmployers,
        );
        Ok((profile, sharing))
    }

    /// A candidate whose card employers may see; NOT_FOUND otherwise (a private profile
    /// does not exist for employers).
    pub async fn candidate(&self, id: ProfileId) -> ServiceResult<Profile> {
        let (profile, sharing) = self.candidate_record(id).await?;
        if !may_view_card(profile.details.visibility, sharing) {
            return Err(ServiceError::NotFound(CANDIDATE_NOT_FOUND));
        }
        Ok(profile)
    }

    /// The card of the candidate `id` for `viewer` acting for `organisation` (an employer
    /// the caller acts for), its view logged.
    pub async fn candidate_card(
        &self,
        viewer: UserId,
        organisation: OrganisationId,
        id: ProfileId,
    ) -> ServiceResult<CandidateCard> {
        let profile = self.candidate(id).await?;
        self.card_seen(&profile, viewer, &[organisation]).await
    }

    /// The card of the candidate `id` as a node: for a member acting for one or more
    /// employer organisations, the view logged for each; `None` for anyone else, and where
    /// the card is not one employers may see (as for no candidate).
    pub async fn visible_card(
        &self,
        user: &CurrentUser,
        id: ProfileId,
    ) -> ServiceResult<Option<CandidateCard>> {
        let mine = self.memberships(user).await?;
        let employers: Vec<OrganisationId> = self
            .organisations_acted_for(user, &mine, OrganisationKind::Employer)
            .await?
            .into_iter()
            .map(|o| o.id)
            .collect();
        if employers.is_empty() {
            return Ok(None);
        }
        let profile = match self.candidate(id).await {
            Ok(profile) => profile,
            Err(ServiceError::NotFound(_)) => return Ok(None),
            Err(other) => return Err(other),
        };
        Ok(Some(self.card_seen(&profile, user.id, &employers).await?))
    }

    /// The whole profile of the candidate `id` for `viewer` acting for `organisation`: once
    /// revealed to the organisation (applying, an accepted contact request), whatever its
    /// visibility, or made VISIBLE with consent to sharing. A card the employer may see
    /// but not the profile is FORBIDDEN; one it may not see at all does not exist for it.
    /// The view is logged.
    pub async fn candidate_profile(
        &self,
        viewer: UserId,
        organisation: OrganisationId,
        id: ProfileId,
    ) -> ServiceResult<Profile> {
        let (profile, sharing) = self.candidate_record(id).await?;
        let disclosed = self.store.disclosed_to(profile.id, organisation).await?;
        if !may_view_profile(profile.details.visibility, sharing, disclosed) {
            return Err(if may_view_card(profile.details.visibility, sharing) {
                ServiceError::Forbidden("the person has not shown you this profile")
            } else {
                ServiceError::NotFound(CANDIDATE_NOT_FOUND)
            });
        }
        self.store
            .log_profile_access(
                &[profile.id],
                &[organisation],
                viewer,
                ProfileView::Profile,
                clock::now(),
            )
            .await?;
        Ok(profile)
    }

    /// The person's card, its view logged for each of `organisations` (those the viewer
    /// acts for).
    async fn card_seen(
        &self,
        profile: &Profile,
        viewer: UserId,
        organisations: &[OrganisationId],
    ) -> ServiceResult<CandidateCard> {
        let skills = self.store.profile_skills(profile.id).await?;
        let languages = self.store.profile_languages(profile.id).await?;
        self.store
            .log_profile_access(
                &[profile.id],
                organisations,
                viewer,
                ProfileView::Card,
                clock::now(),
            )
            .await?;
        let experience = self.store.experiences(profile.id).await?;
        Ok(candidate_card(profile, skills, languages, &experience))
    }

    /// The applicant's profile as an application shows it (applying revealed it to the
    /// employer): a view by anyone but the person is logged for the person to see, as
    /// every view of a profile is.
    pub async fn applicant_profile_seen(
        &self,
        viewer: UserId,
        application: &Application,
        profile: &Profile,
    ) -> ServiceResult<()> {
        if profile.user_id != Some(viewer) {
            self.store
                .log_profile_access(
                    &[profile.id],
                    &[application.organisation_id],
                    viewer,
                    ProfileView::Profile,
                    clock::now(),
                )
                .await?;
        }
        Ok(())
    }
}
