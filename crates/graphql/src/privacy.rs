//! The person's own data: consents per purpose, export and erasure.

use crate::GqlResult;
use async_graphql::{Context, Enum, ID, InputObject, Json, Object, Result, SimpleObject};
use chrono::{DateTime, Utc};
use skillbridge_app::ProfileTarget;
use skillbridge_auth::AccountError;
use skillbridge_domain::delegation::DelegationScope;
use skillbridge_domain::privacy::consent_given;
use skillbridge_domain::{ConsentRecord, ConsentSubject};

use crate::accounts::UserError;
use crate::acting::{ActedBy, ConsentChannel};
use crate::context::app;
use crate::guards::profile_target;
use crate::guards::require_user;
use crate::problems::{Payload, payload};
use crate::{ErrorCode, GqlError};

/// What a person may consent to, each separately.
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(remote = "skillbridge_domain::ConsentPurpose")]
pub enum ConsentPurpose {
    /// Ranking vacancies and courses for the person, and the person for employers.
    Matching,
    /// Showing the person's anonymised candidate card to employers.
    SharingWithEmployers,
    /// Counting the person in anonymised statistics.
    Analytics,
}

/// A consent decision: the state in force for a purpose, or one entry of the history.
#[derive(SimpleObject)]
pub struct Consent {
    pub purpose: ConsentPurpose,
    pub granted: bool,
    /// When the decision was recorded; null when the person was never asked.
    pub recorded_at: Option<DateTime<Utc>>,
    /// How the person expressed it; null when the person was never asked.
    pub channel: Option<ConsentChannel>,
    /// Who recorded it: the person, or a caseworker for them; null when never asked.
    pub recorded_by: Option<ActedBy>,
}

/// The consent in force for every purpose (no decision means no consent), as the person
/// and their caseworkers see it.
pub(crate) fn consents_in_force(history: &[ConsentRecord]) -> Vec<Consent> {
    skillbridge_domain::ConsentPurpose::ALL
        .into_iter()
        .map(|purpose| {
            let latest = history
                .iter()
                .filter(|r| r.purpose == purpose)
                .max_by_key(|r| r.recorded_at);
            Consent {
                purpose: purpose.into(),
                granted: consent_given(history, purpose),
                recorded_at: latest.map(|r| r.recorded_at),
                channel: latest.map(|r| r.channel.into()),
                recorded_by: latest.and_then(|r| ActedBy::shown(true, r.recorded_by, r.acting_for)),
            }
        })
        .collect()
}

#[derive(InputObject)]
pub struct SetConsentInput {
    pub purpose: ConsentPurpose,
    pub granted: bool,
    /// A client's profile, for a caseworker of a support organisation the person delegated
    /// CONSENT to (with `organisationId`); the caller's own when both are left out.
    pub profile_id: Option<ID>,
    /// The support organisation the caseworker acts for.
    pub organisation_id: Option<ID>,
    /// For a caseworker: how the person expressed the decision (IN_PERSON, PAPER or PHONE).
    /// A person recording their own is ONLINE whatever this says.
    pub channel: Option<ConsentChannel>,
}

#[derive(InputObject)]
pub struct DeleteMyAccountInput {
    /// The account's password, asked again so that a stolen token cannot erase anyone.
    pub password: String,
}

#[derive(SimpleObject, Default)]
pub struct ConsentPayload {
    /// The consent in force for every purpose after the change.
    pub consents: Vec<Consent>,
    pub user_errors: Vec<UserError>,
}

impl Payload for ConsentPayload {
    type Made = Vec<ConsentRecord>;

    fn made(history: Self::Made) -> Self {
        Self {
            consents: consents_in_force(&history),
            user_errors: Vec::new(),
        }
    }

    fn refused(user_errors: Vec<UserError>) -> Self {
        Self {
            consents: Vec::new(),
            user_errors,
        }
    }
}

#[derive(SimpleObject, Default)]
pub struct DeleteMyAccountPayload {
    /// True once the account is gone (also when it was already gone).
    pub deleted: bool,
    pub user_errors: Vec<UserError>,
}

#[derive(Default)]
pub struct PrivacyQuery;

#[Object]
impl PrivacyQuery {
    /// The caller's consent in force for every purpose.
    async fn my_consents(&self, ctx: &Context<'_>) -> GqlResult<Vec<Consent>> {
        let user = require_user(ctx)?;
        let history = app(ctx).my_consent_history(&user).await?;
        Ok(consents_in_force(&history))
    }

    /// Everything held about the caller, as one JSON document.
    async fn export_my_data(&self, ctx: &Context<'_>) -> Result<Json<serde_json::Value>> {
        let user = require_user(ctx)?;
        match app(ctx).accounts().export(user.id).await {
            Ok(Some(document)) => Ok(Json(document)),
            Ok(None) => {
                Err(GqlError::new(ErrorCode::NotFound, "the account no longer exists").into())
            }
            Err(AccountError::Store(err)) => Err(GqlError::from(err).into()),
            Err(err) => Err(GqlError::internal(&err).into()),
        }
    }
}

#[derive(Default)]
pub struct PrivacyMutation;

#[Object]
impl PrivacyMutation {
    /// Grants or withdraws consent for one purpose: the caller's own, or a client's (a
    /// caseworker with CONSENT, saying how the person expressed it). Every decision is kept
    /// with its time, its channel and who recorded it.
    async fn set_consent(
        &self,
        ctx: &Context<'_>,
        input: SetConsentInput,
    ) -> GqlResult<ConsentPayload> {
        let user = require_user(ctx)?;
        let target = profile_target(input.profile_id.as_ref(), input.organisation_id.as_ref())?;
        let subject = match target {
            // Anyone with an account decides for themselves, with a profile or not.
            ProfileTarget::Own => ConsentSubject::Person(user.id),
            // Their own profile by id, or a client's under a delegation with CONSENT.
            _ => {
                let profile = app(ctx)
                    .target_profile(&user, target, DelegationScope::Consent)
                    .await?;
                ConsentSubject::of(&profile)
            }
        };
        Ok(payload(
            app(ctx)
                .set_consent(
                    subject,
                    input.purpose.into(),
                    input.granted,
                    target.actor(user.id),
                    input.channel.map(Into::into),
                )
                .await,
        )?)
    }

    /// Erases the caller's account and personal data, keeping only anonymised counts.
    /// Idempotent.
    async fn delete_my_account(
        &self,
        ctx: &Context<'_>,
        input: DeleteMyAccountInput,
    ) -> Result<DeleteMyAccountPayload> {
        let user = require_user(ctx)?;
        match app(ctx).delete_account(user.id, &input.password).await {
            Ok(()) => Ok(DeleteMyAccountPayload {
                deleted: true,
                user_errors: Vec::new(),
            }),
            Err(AccountError::Invalid(errors)) => Ok(DeleteMyAccountPayload {
                deleted: false,
                user_errors: errors.into_iter().map(Into::into).collect(),
            }),
            Err(AccountError::Store(err)) => Err(GqlError::from(err).into()),
            Err(err) => Err(GqlError::internal(&err).into()),
        }
    }
}
