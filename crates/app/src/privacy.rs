//! A person's say over their data: consent per purpose (it decides whether employers may
//! find them) and erasure of the account.

use skillbridge_auth::AccountError;
use skillbridge_domain::{ConsentPurpose, ConsentRecord, StoreResult, UserId, clock};

use crate::App;

impl App {
    /// Records `user`'s decision for `purpose`; their whole consent history after it.
    pub async fn set_consent(
        &self,
        user: UserId,
        purpose: ConsentPurpose,
        granted: bool,
    ) -> StoreResult<Vec<ConsentRecord>> {
        self.store
            .record_consent(user, purpose, granted, clock::now())
            .await?;
        let history = self.store.consent_history(user).await?;
        // Consents decide whether employers may find the person.
        if let Some(profile) = self.store.profile_of_user(user).await? {
            self.profile_changed(profile.id).await;
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
