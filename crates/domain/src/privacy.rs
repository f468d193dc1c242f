//! Consent and erasure: what a person agreed to, and forgetting them.

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use crate::{StoreResult, UserId};

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

/// One consent decision, as recorded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConsentRecord {
    pub purpose: ConsentPurpose,
    pub granted: bool,
    pub recorded_at: DateTime<Utc>,
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
    async fn record_consent(
        &self,
        user: UserId,
        purpose: ConsentPurpose,
        granted: bool,
        at: DateTime<Utc>,
    ) -> StoreResult<ConsentRecord>;
    /// Every decision the person made, oldest first.
    async fn consent_history(&self, user: UserId) -> StoreResult<Vec<ConsentRecord>> {
        Ok(self
            .consent_histories(&[user])
            .await?
            .into_iter()
            .map(|(_, r)| r)
            .collect())
    }
    /// Every decision each of the people made, oldest first.
    async fn consent_histories(
        &self,
        users: &[UserId],
    ) -> StoreResult<Vec<(UserId, ConsentRecord)>>;
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
}
