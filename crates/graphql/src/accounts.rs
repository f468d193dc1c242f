//! Accounts in GraphQL: register, login, refreshToken, logout and `me`. The rules live in
//! `skillbridge_auth::AccountService`; these resolvers map inputs and results.

use crate::context::loader;
use crate::loaders::UserById;
use std::sync::Arc;

use async_graphql::{Context, Enum, ID, InputObject, Object, Result, SimpleObject};
use chrono::{DateTime, Utc};
use skillbridge_auth::{AccountError, AccountService, Registration, Session};

use crate::context::{client_address, current_user};
use crate::ids::global_id;
use crate::{ErrorCode, GqlError};

/// What a person does on the platform.
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(remote = "skillbridge_domain::Role")]
pub enum Role {
    Migrant,
    Employer,
    Trainer,
    Caseworker,
    Admin,
}

/// An account.
#[derive(Clone)]
pub struct UserNode(pub skillbridge_domain::User);

#[Object(name = "User")]
impl UserNode {
    pub(crate) async fn id(&self) -> ID {
        global_id("User", self.0.id.as_uuid())
    }

    async fn email(&self) -> &str {
        self.0.email.as_str()
    }

    async fn role(&self) -> Role {
        self.0.role.into()
    }

    async fn display_name(&self) -> &str {
        &self.0.display_name
    }

    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}

pub use crate::problems::UserError;

#[derive(InputObject)]
pub struct RegisterInput {
    pub email: String,
    /// At least 12 characters; common passwords are refused.
    pub password: String,
    /// MIGRANT, EMPLOYER, TRAINER or CASEWORKER (ADMIN accounts are not self-registered).
    pub role: Role,
    pub display_name: String,
}

#[derive(InputObject)]
pub struct LoginInput {
    pub email: String,
    pub password: String,
}

#[derive(InputObject)]
pub struct RefreshTokenInput {
    pub refresh_token: String,
}

#[derive(InputObject)]
pub struct LogoutInput {
    /// The refresh token of the login to end.
    pub refresh_token: String,
}

/// The result of `register` and `login`: tokens and the user, or what was wrong.
#[derive(SimpleObject, Default)]
pub struct AuthPayload {
    /// Send as `Authorization: Bearer <accessToken>`; valid for 15 minutes by default.
    pub access_token: Option<String>,
    pub access_token_expires_at: Option<DateTime<Utc>>,
    /// Exchange with `refreshToken` for new tokens; each can be used once.
    pub refresh_token: Option<String>,
    pub user: Option<UserNode>,
    pub user_errors: Vec<UserError>,
}

#[derive(SimpleObject, Default)]
pub struct RefreshTokenPayload {
    pub access_token: Option<String>,
    pub access_token_expires_at: Option<DateTime<Utc>>,
    pub refresh_token: Option<String>,
    pub user_errors: Vec<UserError>,
}

#[derive(SimpleObject, Default)]
pub struct LogoutPayload {
    pub ok: bool,
    pub user_errors: Vec<UserError>,
}

/// Maps the service's outcome: user errors into the payload, everything else to a
/// GraphQL error with a code.
fn outcome(result: Result<Session, AccountError>) -> Result<(Option<Session>, Vec<UserError>)> {
    match result {
        Ok(session) => Ok((Some(session), Vec::new())),
        Err(AccountError::Invalid(errors)) => {
            Ok((None, errors.into_iter().map(Into::into).collect()))
        }
        Err(AccountError::RateLimited) => Err(GqlError::new(
            ErrorCode::RateLimited,
            "too many failed attempts, try again in a few minutes",
        )
        .into()),
        Err(AccountError::Store(err)) => Err(GqlError::from(err).into()),
        Err(err @ AccountError::Hashing(_)) => Err(GqlError::internal(&err).into()),
    }
}

fn accounts<'a>(ctx: &'a Context<'_>) -> &'a Arc<AccountService> {
    crate::context::app(ctx).accounts()
}

#[derive(Default)]
pub struct AccountMutation;

#[Object]
impl AccountMutation {
    /// Creates an account and signs it in.
    async fn register(&self, ctx: &Context<'_>, input: RegisterInput) -> Result<AuthPayload> {
        let registration = Registration {
            email: input.email,
            password: input.password,
            role: input.role.into(),
            display_name: input.display_name,
        };
        let (session, user_errors) = outcome(accounts(ctx).register(registration).await)?;
        Ok(auth_payload(session, user_errors))
    }

    /// Signs in. The same error answers an unknown email and a wrong password.
    async fn login(&self, ctx: &Context<'_>, input: LoginInput) -> Result<AuthPayload> {
        let result = accounts(ctx)
            .login(&input.email, &input.password, client_address(ctx))
            .await;
        let (session, user_errors) = outcome(result)?;
        Ok(auth_payload(session, user_errors))
    }

    /// Exchanges a refresh token for new tokens. Each refresh token works once; using one
    /// twice ends every session of that login.
    async fn refresh_token(
        &self,
        ctx: &Context<'_>,
        input: RefreshTokenInput,
    ) -> Result<RefreshTokenPayload> {
        let (session, user_errors) = outcome(accounts(ctx).refresh(&input.refresh_token).await)?;
        Ok(match session {
            Some(session) => RefreshTokenPayload {
                access_token: Some(session.access_token),
                access_token_expires_at: Some(session.access_expires_at),
                refresh_token: Some(session.refresh_token),
                user_errors,
            },
            None => RefreshTokenPayload {
                user_errors,
                ..Default::default()
            },
        })
    }

    /// Ends the login the refresh token belongs to (access tokens already issued expire on
    /// their own).
    async fn logout(&self, ctx: &Context<'_>, input: LogoutInput) -> Result<LogoutPayload> {
        match accounts(ctx).logout(&input.refresh_token).await {
            Ok(()) => Ok(LogoutPayload {
                ok: true,
                user_errors: Vec::new(),
            }),
            Err(err) => outcome(Err(err)).map(|(_, user_errors)| LogoutPayload {
                ok: false,
                user_errors,
            }),
        }
    }
}

fn auth_payload(session: Option<Session>, user_errors: Vec<UserError>) -> AuthPayload {
    match session {
        Some(session) => AuthPayload {
            access_token: Some(session.access_token),
            access_token_expires_at: Some(session.access_expires_at),
            refresh_token: Some(session.refresh_token),
            user: Some(UserNode(session.user)),
            user_errors,
        },
        None => AuthPayload {
            user_errors,
            ..Default::default()
        },
    }
}

#[derive(Default)]
pub struct AccountQuery;

#[Object]
impl AccountQuery {
    /// The signed-in user; null for anonymous requests.
    async fn me(&self, ctx: &Context<'_>) -> Result<Option<UserNode>> {
        let Some(current) = current_user(ctx) else {
            return Ok(None);
        };
        Ok(loader(ctx)?
            .load_one(UserById(current.id))
            .await?
            .map(UserNode))
    }
}

/// An account as a node: for its holder only (`None` for anyone else, as for no account).
pub(crate) async fn visible_user(ctx: &Context<'_>, id: uuid::Uuid) -> Result<Option<UserNode>> {
    let Some(caller) = current_user(ctx) else {
        return Ok(None);
    };
    if *caller.id.as_uuid() != id {
        return Ok(None);
    }
    Ok(loader(ctx)?
        .load_one(UserById(caller.id))
        .await?
        .map(UserNode))
}
