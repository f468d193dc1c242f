//! A person's say over their data: consent per purpose (it decides whether employers may
//! find them) and erasure of the account.

use skillbridge_auth::AccountError;
use skillbridge_domain::delegation::Actor;
use skillbridge_domain::privacy::consent_channel;
use skillbridge_domain::{
    ConsentChannel, ConsentPurpose, ConsentRecord, ConsentSubject, UserId, clock,
};

use crate::{App, ServiceResult};

impl App {
    /// Records the decision of the person `subject` names for `purpose`, as `actor`
    /// recorded it (a caseworker says by which `channel` the person expressed it); the
    /// person's whole consent history after it.
    pub async fn set_consent(
        &self,
        subject: ConsentSubject,
        purpose: ConsentPurpose,
        granted: bool,
        actor: Actor,
        channel: Option<ConsentChannel>,
    ) -> ServiceResult<Vec<ConsentRecord>> {
        let channel = consent_channel(&actor, channel)?;
        self.store
            .record_consent(subject, purpose, granted, actor, channel, clock::now())
            .await?;
        let history = self.store.consent_history(subject).await?;
        // Consents decide whether employers may find the person.
        let profile = match subject {
            ConsentSubject::Person(user) => self.store.profile_of_user(user).await?.map(|p| p.id),
            ConsentSubject::Unclaimed(profile) => Some(profile),
        };
        if let Some(profile) = profile {
            self.profile_changed(profile).await;
        }
        Ok(history)
    }

    /// Erases `user`'s account and personal data (`password` asked again), keeping only
    /// anonymised counts. Idempotent.
    pub async fn delete_account(&self, user: UserId, password: &str) -> Result<(), AccountError> {
        let profile = self.store.profile_of_user(user).await?;
        // `false`: the account was gone already, which erasure takes as done.
        self.accounts.delete_account(user, password).await?;
        if let Some(profile) = profile {
            self.profile_changed(profile.id).await;
        }
        Ok(())
    }
}
