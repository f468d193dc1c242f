//! What employers may see of a person, and the record of what they saw. A card shows
//! skills, languages, experience, region and availability, never name, contact, photo,
//! birth year, gender, nationality or migration status; the full profile is revealed to an
//! organisation only when the person accepts its contact request (or applies to it), or
//! makes the profile visible to employers.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::ConsentPurpose;
use crate::career::{ExperienceKind, WorkExperience};
use crate::delegation::Actor;
use crate::privacy::{ConsentRecord, consent_given};
use crate::profile::{Profile, ProfileLanguage, ProfileSkill, Visibility};
use crate::{OccupationId, OrganisationId, Page, PageRequest, ProfileId, StoreResult, UserId};

use crate::codes::coded;

coded!(
    /// Where a contact request stands.
    ContactStatus { Pending => "PENDING", Accepted => "ACCEPTED", Declined => "DECLINED" }
);
coded!(
    /// What a reader outside the person saw.
    ProfileView {
        /// An employer saw the anonymous candidate card.
        Card => "CARD",
        /// The whole profile: an employer it was revealed to, or a caseworker of a support
        /// organisation the person delegated to.
        Profile => "PROFILE",
        /// A trainer saw the name and contact of a participant in their cohort.
        Participant => "PARTICIPANT",
    }
);
coded!(
    /// Why a profile is revealed to an organisation.
    DisclosureReason { ContactAccepted => "CONTACT_ACCEPTED", Applied => "APPLIED" }
);

/// An employer organisation's request to see a candidate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContactRequest {
    pub id: Uuid,
    pub profile_id: ProfileId,
    pub organisation_id: OrganisationId,
    pub message: String,
    pub status: ContactStatus,
    pub created_at: DateTime<Utc>,
    pub decided_at: Option<DateTime<Utc>>,
    /// Who answered: the person, or a caseworker acting for them (`acting_for` names
    /// their support organisation); `None` while pending. The account is `None` once erased.
    pub decided_by: Option<DecidedBy>,
}

/// Who answered a contact request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DecidedBy {
    pub user: Option<UserId>,
    pub acting_for: Option<OrganisationId>,
}

/// One view of a card or profile by someone other than the person.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProfileAccess {
    pub organisation_id: Option<OrganisationId>,
    pub view: ProfileView,
    pub viewed_at: DateTime<Utc>,
}

/// What an employer sees of a candidate who has not revealed themselves.
#[derive(Clone, Debug, PartialEq)]
pub struct CandidateCard {
    pub profile_id: ProfileId,
    pub skills: Vec<ProfileSkill>,
    pub languages: Vec<ProfileLanguage>,
    /// ISO 3166-2 region, or the country when no region is given.
    pub region: Option<String>,
    /// When the person can work (about the job's dates; never why or how long they stay).
    pub availability: Vec<crate::availability::AvailabilityWindow>,
    pub willing_to_relocate: bool,
    pub mobility_radius_km: Option<i32>,
    /// Experience in ESCO occupations: occupation, kind and years only (free-text titles
    /// and countries could identify the person or their origin).
    pub experience: Vec<CardExperience>,
}

/// Work experience as a card shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct CardExperience {
    pub occupation_id: OccupationId,
    pub kind: ExperienceKind,
    pub years: f64,
}

/// The card of a profile: the one place that decides what a card shows.
pub fn candidate_card(
    profile: &Profile,
    skills: Vec<ProfileSkill>,
    languages: Vec<ProfileLanguage>,
    experience: &[WorkExperience],
) -> CandidateCard {
    let location = &profile.details.location;
    CandidateCard {
        profile_id: profile.id,
        skills,
        languages,
        region: location
            .region_code
            .clone()
            .or_else(|| location.country_code.clone()),
        availability: profile.details.availability.clone(),
        willing_to_relocate: profile.details.willing_to_relocate,
        mobility_radius_km: profile.details.mobility_radius_km,
        experience: experience
            .iter()
            .filter_map(|e| {
                Some(CardExperience {
                    occupation_id: e.occupation_id?,
                    kind: e.kind,
                    years: e.years,
                })
            })
            .collect(),
    }
}

/// Whether employers may find the person through `matchCandidates`: their card is visible
/// to employers and they consented to MATCHING as well.
pub fn findable_by_employers(visibility: Visibility, consents: &[ConsentRecord]) -> bool {
    may_view_card(
        visibility,
        consent_given(consents, ConsentPurpose::SharingWithEmployers),
    ) && consent_given(consents, ConsentPurpose::Matching)
}

/// Employers see a card when the person chose to be found (ANONYMISED or VISIBLE) and
/// consented to sharing with employers.
pub fn may_view_card(visibility: Visibility, sharing_consent: bool) -> bool {
    visibility != Visibility::Private && sharing_consent
}

/// Employers see the whole profile when it was revealed to their organisation, or when the
/// person made it VISIBLE and consented to sharing.
pub fn may_view_profile(
    visibility: Visibility,
    sharing_consent: bool,
    disclosed_to_organisation: bool,
) -> bool {
    disclosed_to_organisation || (visibility == Visibility::Visible && sharing_consent)
}

/// The longest message of a contact request, in characters.
pub const MAX_CONTACT_MESSAGE_CHARS: usize = 1_000;

#[async_trait]
pub trait DisclosureRepository: Send + Sync {
    async fn profile_by_id(&self, id: ProfileId) -> StoreResult<Option<Profile>>;
    /// The profiles among `ids` that exist, in no particular order.
    async fn profiles_by_ids(&self, ids: &[ProfileId]) -> StoreResult<Vec<Profile>>;
    /// A new PENDING request; `Duplicate` when one is already pending.
    async fn create_contact_request(
        &self,
        profile: ProfileId,
        organisation: OrganisationId,
        requested_by: UserId,
        message: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<ContactRequest>;
    async fn contact_request_by_id(&self, id: Uuid) -> StoreResult<Option<ContactRequest>>;
    /// The requests a profile received, newest first.
    async fn contact_requests_for_profile(
        &self,
        profile: ProfileId,
        page: &PageRequest,
    ) -> StoreResult<Page<ContactRequest>>;
    /// Accepts or declines a PENDING request of `profile`; accepting reveals the profile to
    /// the organisation, in the same transaction. `None` when there is no such pending
    /// request.
    async fn decide_contact_request(
        &self,
        id: Uuid,
        profile: ProfileId,
        accept: bool,
        actor: Actor,
        at: DateTime<Utc>,
    ) -> StoreResult<Option<ContactRequest>>;
    async fn disclosed_to(
        &self,
        profile: ProfileId,
        organisation: OrganisationId,
    ) -> StoreResult<bool>;
    /// Logs one view of each of the profiles for each of the organisations (a viewer acting
    /// for several), in one statement.
    async fn log_profile_access(
        &self,
        profiles: &[ProfileId],
        organisations: &[OrganisationId],
        viewer: UserId,
        view: ProfileView,
        at: DateTime<Utc>,
    ) -> StoreResult<()>;
    /// Every view of the profile by others (employers, caseworkers, trainers), newest
    /// first.
    async fn profile_access_log(
        &self,
        profile: ProfileId,
        page: &PageRequest,
    ) -> StoreResult<Page<ProfileAccess>>;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cards_and_profiles_follow_the_persons_choices() {
        use Visibility::*;
        assert!(!may_view_card(Private, true));
        assert!(
            !may_view_card(Anonymised, false),
            "no sharing without consent"
        );
        assert!(may_view_card(Anonymised, true) && may_view_card(Visible, true));
        assert!(!may_view_profile(Anonymised, true, false));
        assert!(may_view_profile(Visible, true, false));
        assert!(!may_view_profile(Visible, false, false));
        assert!(
            may_view_profile(Private, false, true),
            "an accepted request reveals"
        );
    }
}
