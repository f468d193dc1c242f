// Authentication data: password hashes, refresh token families, failed logins.

use async_trait::async_trait;
use chrono::{DateTime, Duration, Utc};
use skillbridge_domain::{AuthRepository, NewRefreshToken, RefreshOutcome, StoreResult, UserId};
use uuid::Uuid;

use crate::dialect::{DbStore, begin_locked, timestamp};
use crate::error::store_error;

/// Failed logins older than this are deleted as new ones arrive.
const KEEP_FAILURES: Duration = Duration::days(1);

#[async_trait]
impl AuthRepository for DbStore {
    async fn password_hash(&self, user: UserId) -> StoreResult<Option<String>> {
        let hash: Option<Option<String>> =
            sqlx::query_scalar("SELECT password_hash FROM users WHERE id = $1")
                .bind(*user.as_uuid())
                .fetch_optional(self.pool())
                .await
                .map_err(store_error)?;
        Ok(hash.flatten())
    }

    async fn start_refresh_family(&self, user: UserId, token: &NewRefreshToken) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO refresh_tokens (id, user_id, family_id, token_hash, issued_at, expires_at)
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(Uuid::now_v7())
        .bind(*user.as_uuid())
        .bind(Uuid::now_v7())
        .bind(&token.token_hash)
        .bind(timestamp(&token.issued_at))
        .bind(timestamp(&token.expires_at))
        .execute(self.pool())
        .await
        .map_err(store_error)?;
        Ok(())
    }

    async fn rotate_refresh_token(
        &self,
        presented_hash: &str,
        next: &NewRefreshToken,
        now: DateTime<Utc>,
    ) -> StoreResult<RefreshOutcome> {
        let mut tx = begin_locked(self.pool()).await.map_err(store_error)?;
        // One statement both checks and marks the token, so that of two concurrent
        // presentations exactly one finds it live.
        let live: Option<(Uuid, Uuid)> = sqlx::query_as(
            "UPDATE refresh_tokens SET used_at = $1
             WHERE token_hash = $2 AND used_at IS NULL AND revoked_at IS NULL AND expires_at > $1
             RETURNING user_id, family_id",
        )
        .bind(timestamp(&now))
        .bind(presented_hash)
        .fetch_optional(&mut *tx)
        .await
        .map_err(store_error)?;
        if let Some((user, family)) = live {
            sqlx::query(
                "INSERT INTO refresh_tokens (id, user_id, family_id, token_hash, issued_at, expires_at)
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(Uuid::now_v7())
            .bind(user)
            .bind(family)
            .bind(&next.token_hash)
            .bind(timestamp(&next.issued_at))
            .bind(timestamp(&next.expires_at))
            .execute(&mut *tx)
            .await
            .map_err(store_error)?;
            tx.commit().await.map_err(store_error)?;
            return Ok(RefreshOutcome::Rotated {
                user: UserId::from_uuid(user),
            });
        }
        let known: Option<(Uuid, Uuid, bool)> = sqlx::query_as(
            "SELECT user_id, family_id, used_at IS NOT NULL FROM refresh_tokens WHERE token_hash = $1",
        )
        .bind(presented_hash)
        .fetch_optional(&mut *tx)
        .await
        .map_err(store_error)?;
        let outcome = match known {
            Some((user, family, true)) => {
                sqlx::query(
                    "UPDATE refresh_tokens SET revoked_at = $1 WHERE family_id = $2 AND revoked_at IS NULL",
                )
                .bind(timestamp(&now))
                .bind(family)
                .execute(&mut *tx)
                .await
                .map_err(store_error)?;
                RefreshOutcome::Reused {
                    user: UserId::from_uuid(user),
                }
            }
            _ => RefreshOutcome::Invalid,
        };
        tx.commit().await.map_err(store_error)?;
        Ok(outcome)
    }

    async fn revoke_refresh_family(
        &self,
        presented_hash: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<bool> {
        let family: Option<Uuid> =
            sqlx::query_scalar("SELECT family_id FROM refresh_tokens WHERE token_hash = $1")
                .bind(presented_hash)
                .fetch_optional(self.pool())
                .await
                .map_err(store_error)?;
        let Some(family) = family else {
            return Ok(false);
        };
        sqlx::query(
            "UPDATE refresh_tokens SET revoked_at = $1 WHERE family_id = $2 AND revoked_at IS NULL",
        )
        .bind(timestamp(&now))
        .bind(family)
        .execute(self.pool())
        .await
        .map_err(store_error)?;
        Ok(true)
    }

    async fn record_login_failure(&self, keys: &[String], at: DateTime<Utc>) -> StoreResult<()> {
        let mut tx = begin_locked(self.pool()).await.map_err(store_error)?;
        sqlx::query("DELETE FROM login_failures WHERE failed_at < $1")
            .bind(timestamp(&(at - KEEP_FAILURES)))
            .execute(&mut *tx)
            .await
            .map_err(store_error)?;
        for key in keys {
            sqlx::query("INSERT INTO login_failures (key, failed_at) VALUES ($1, $2)")
                .bind(key)
                .bind(timestamp(&at))
                .execute(&mut *tx)
                .await
                .map_err(store_error)?;
        }
        tx.commit().await.map_err(store_error)
    }

    async fn login_failures_since(&self, key: &str, since: DateTime<Utc>) -> StoreResult<u64> {
        let count: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM login_failures WHERE key = $1 AND failed_at >= $2",
        )
        .bind(key)
        .bind(timestamp(&since))
        .fetch_one(self.pool())
        .await
        .map_err(store_error)?;
        Ok(count.max(0) as u64)
    }

    async fn clear_login_failures(&self, key: &str) -> StoreResult<()> {
        sqlx::query("DELETE FROM login_failures WHERE key = $1")
            .bind(key)
            .execute(self.pool())
            .await
            .map_err(store_error)?;
        Ok(())
    }
}
