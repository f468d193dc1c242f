//! Consent and erasure: what a person agreed to, and forgetting them.

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use crate::codes::coded;
use crate::delegation::Actor;
use crate::problem::{FieldProblem, ProblemCode};
use crate::profile::Profile;
use crate::{OrganisationId, ProfileId, StoreResult, UserId};

/// What a person may consent to, each separately.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ConsentPurpose {
    /// Ranking vacancies and courses for the person, and the person for employers.
    Matching,
    /// Showing the person's (anonymised) candidate card to employers.
    SharingWithEmployers,
    /// Counting the person in anonymised statistics.
    Analytics,
}

impl ConsentPurpose {
    pub const ALL: [ConsentPurpose; 3] = [
        ConsentPurpose::Matching,
        ConsentPurpose::SharingWithEmployers,
        ConsentPurpose::Analytics,
    ];

    pub const fn code(self) -> &'static str {
        match self {
            ConsentPurpose::Matching => "MATCHING",
            ConsentPurpose::SharingWithEmployers => "SHARING_WITH_EMPLOYERS",
            ConsentPurpose::Analytics => "ANALYTICS",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.code() == code)
    }
}

coded!(
    /// How the person expressed a consent decision.
    ConsentChannel {
        /// In the product, by the person themselves.
        Online => "ONLINE",
        /// To a caseworker, face to face.
        InPerson => "IN_PERSON",
        /// On a signed form a caseworker keeps.
        Paper => "PAPER",
        /// To a caseworker, by phone.
        Phone => "PHONE",
    }
);

/// The channel of a decision `actor` records: ONLINE when the person records their own
/// (whatever was asked); a caseworker says how the person expressed it, in person, on paper
/// or by phone.
pub fn consent_channel(
    actor: &Actor,
    asked: Option<ConsentChannel>,
) -> Result<ConsentChannel, FieldProblem> {
    match (actor.acting_for, asked) {
        (None, _) => Ok(ConsentChannel::Online),
        (Some(_), Some(channel)) if channel != ConsentChannel::Online => Ok(channel),
        (Some(_), _) => Err(FieldProblem::new(
            "channel",
            ProblemCode::InvalidChannel,
            "say how the person expressed this: IN_PERSON, PAPER or PHONE",
        )),
    }
}

/// Whose consent a decision is: a person with an account, or the person of a profile a
/// caseworker created that nobody has claimed yet (their decisions become the account's
/// when they claim it).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ConsentSubject {
    Person(UserId),
    Unclaimed(ProfileId),
}

impl ConsentSubject {
    /// The person the profile is of.
    pub fn of(profile: &Profile) -> Self {
        match profile.user_id {
            Some(user) => Self::Person(user),
            None => Self::Unclaimed(profile.id),
        }
    }
}

/// One consent decision, as recorded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConsentRecord {
    pub purpose: ConsentPurpose,
    pub granted: bool,
    pub recorded_at: DateTime<Utc>,
    pub channel: ConsentChannel,
    /// Who recorded it: the person, or a caseworker (`None` once that account is erased).
    pub recorded_by: Option<UserId>,
    /// The support organisation of a caseworker who recorded it; `None` for the person.
    pub acting_for: Option<OrganisationId>,
}

/// Whether consent for `purpose` is in force: the latest decision, and no decision means
/// no consent.
pub fn consent_given(history: &[ConsentRecord], purpose: ConsentPurpose) -> bool {
    history
        .iter()
        .filter(|r| r.purpose == purpose)
        .max_by_key(|r| r.recorded_at)
        .is_some_and(|r| r.granted)
}

#[async_trait]
pub trait PrivacyRepository: Send + Sync {
    /// Records `subject`'s decision for `purpose`, as `actor` recorded it.
    async fn record_consent(
        &self,
        subject: ConsentSubject,
        purpose: ConsentPurpose,
        granted: bool,
        actor: Actor,
        channel: ConsentChannel,
        at: DateTime<Utc>,
    ) -> StoreResult<ConsentRecord>;
    /// Every decision the person made, oldest first.
    async fn consent_history(&self, subject: ConsentSubject) -> StoreResult<Vec<ConsentRecord>> {
        Ok(self
            .consent_histories(&[subject])
            .await?
            .into_iter()
            .map(|(_, r)| r)
            .collect())
    }
    /// Every decision each of the people made, oldest first.
    async fn consent_histories(
        &self,
        subjects: &[ConsentSubject],
    ) -> StoreResult<Vec<(ConsentSubject, ConsentRecord)>>;
    /// Erases the account and everything personal about it in one transaction: the account
    /// row (and with it memberships, sessions, consents, profile data), invitations sent to
    /// its email, and failed-login records under `login_keys`. Keeps an anonymised count
    /// (role, month). Returns false when there was no such account (erasure is idempotent).
    async fn erase_user(
        &self,
        user: UserId,
        login_keys: &[String],
        at: DateTime<Utc>,
    ) -> StoreResult<bool>;
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;

    #[test]
    fn the_latest_decision_counts_and_silence_is_no() {
        let t = Utc::now();
        let record = |purpose, granted, minutes| ConsentRecord {
            purpose,
            granted,
            recorded_at: t + Duration::minutes(minutes),
            channel: ConsentChannel::Online,
            recorded_by: None,
            acting_for: None,
        };
        let history = [
            record(ConsentPurpose::Matching, true, 0),
            record(ConsentPurpose::Matching, false, 5),
            record(ConsentPurpose::Analytics, true, 1),
        ];
        assert!(
            !consent_given(&history, ConsentPurpose::Matching),
            "withdrawn later"
        );
        assert!(consent_given(&history, ConsentPurpose::Analytics));
        assert!(
            !consent_given(&history, ConsentPurpose::SharingWithEmployers),
            "never asked"
        );
    }

    #[test]
    fn people_record_online_and_caseworkers_say_how() {
        let (user, centre) = (UserId::new(), OrganisationId::new());
        let person = Actor::person(user);
        assert_eq!(
            consent_channel(&person, Some(ConsentChannel::Paper)),
            Ok(ConsentChannel::Online)
        );
        let caseworker = Actor::member(user, centre);
        assert_eq!(
            consent_channel(&caseworker, Some(ConsentChannel::Phone)),
            Ok(ConsentChannel::Phone)
        );
        for asked in [None, Some(ConsentChannel::Online)] {
            let problem = consent_channel(&caseworker, asked).unwrap_err();
            assert_eq!(problem.code, ProblemCode::InvalidChannel);
        }
    }
}
