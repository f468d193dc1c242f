//! What the stores keep for authentication: password hashes, refresh token families and
//! failed logins.

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use crate::{StoreResult, UserId};

/// A refresh token to store: only its hash, never the token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewRefreshToken {
    pub token_hash: String,
    pub issued_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

/// What presenting a refresh token did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RefreshOutcome {
    /// The token was live: it is now used, and the next token of its family is stored.
    Rotated { user: UserId },
    /// The token had already been rotated: someone replayed it, so its whole family is
    /// revoked (the legitimate holder logs in again).
    Reused { user: UserId },
    /// Unknown, expired or revoked.
    Invalid,
}

#[async_trait]
pub trait AuthRepository: Send + Sync {
    /// The argon2 PHC string of the account, if it has a password.
    async fn password_hash(&self, user: UserId) -> StoreResult<Option<String>>;
    /// Stores the first token of a new family (a login).
    async fn start_refresh_family(&self, user: UserId, token: &NewRefreshToken) -> StoreResult<()>;
    /// Presents a token: rotates it to `next` (same family), or detects reuse and revokes
    /// the family. Atomic: of two concurrent presentations of one token, one rotates.
    async fn rotate_refresh_token(
        &self,
        presented_hash: &str,
        next: &NewRefreshToken,
        now: DateTime<Utc>,
    ) -> StoreResult<RefreshOutcome>;
    /// Revokes the family of the presented token (logout); false if no such token.
    async fn revoke_refresh_family(
        &self,
        presented_hash: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<bool>;
    /// Records a failed login under each key (account and client address).
    async fn record_login_failure(&self, keys: &[String], at: DateTime<Utc>) -> StoreResult<()>;
    /// Failed logins under `key` since `since`.
    async fn login_failures_since(&self, key: &str, since: DateTime<Utc>) -> StoreResult<u64>;
    /// Forgets failures under `key` (after a successful login).
    async fn clear_login_failures(&self, key: &str) -> StoreResult<()>;
}
