//! Caseworker delegation: a person lets a support organisation manage their profile (and
//! takes it back); caseworkers see their caseload, edit delegated profiles, and create
//! profiles for people without an account, who claim them later.

use crate::GqlResult;
use crate::ids::parse_id;
use async_graphql::connection::Connection;
use async_graphql::{Context, ID, InputObject, Object, Result, SimpleObject};
use chrono::{DateTime, Utc};
use skillbridge_domain::delegation as domain;
use skillbridge_domain::profile::{Delegation, ProfileDetails};
use skillbridge_domain::{OrganisationKind, policy};

use crate::accounts::UserError;
use crate::acting::DelegationScope;
use crate::connections::{TotalCount, listed, page_request};
use crate::context::{app, loader};
use crate::guards::target_profile;
use crate::guards::{acting_for, allow, require_user};
use crate::ids::page_size;
use crate::loaders::OrganisationById;
use crate::nodes::{ProfileNode, ProfilePayload};
use crate::organisations::OrganisationNode;
use crate::problems::{Payload, payload};
use crate::profiles::{UpdateMyProfileInput, ensure_profile};

pub struct DelegationNode(pub Delegation);

#[Object(name = "Delegation")]
impl DelegationNode {
    async fn organisation(&self, ctx: &Context<'_>) -> Result<Option<OrganisationNode>> {
        Ok(loader(ctx)?
            .load_one(OrganisationById(self.0.organisation_id))
            .await?
            .map(OrganisationNode))
    }
    async fn granted_at(&self) -> DateTime<Utc> {
        self.0.granted_at
    }
    /// What the organisation may do for the person (VIEW always).
    async fn scopes(&self) -> Vec<DelegationScope> {
        self.0.scopes.iter().map(|s| (*s).into()).collect()
    }
}

#[derive(InputObject)]
pub struct DelegationInput {
    /// The support organisation.
    pub organisation_id: ID,
    /// On a grant: what its caseworkers may do for you (VIEW is always included; left out,
    /// VIEW and EDIT_PROFILE). Granting again changes them. Ignored on a revocation.
    pub scopes: Option<Vec<DelegationScope>>,
}

#[derive(InputObject)]
pub struct UpdateClientProfileInput {
    pub profile_id: ID,
    /// The support organisation the caseworker acts for.
    pub organisation_id: ID,
    pub changes: UpdateMyProfileInput,
}

#[derive(InputObject)]
pub struct CreateClientProfileInput {
    pub organisation_id: ID,
    pub display_name: String,
    #[graphql(default)]
    pub details: UpdateMyProfileInput,
}

#[derive(InputObject)]
pub struct ClaimProfileInput {
    /// The token the caseworker passed on.
    pub claim_token: String,
}

#[derive(SimpleObject, Default)]
pub struct DelegationPayload {
    pub delegation: Option<DelegationNode>,
    pub user_errors: Vec<UserError>,
}

#[derive(SimpleObject, Default)]
pub struct CreateClientProfilePayload {
    pub profile: Option<ProfileNode>,
    /// Pass this to the person: they claim the profile with it after registering (shown
    /// once, stored only as a hash, valid 60 days).
    pub claim_token: Option<String>,
    pub user_errors: Vec<UserError>,
}

impl Payload for DelegationPayload {
    /// `None` for a revocation.
    type Made = Option<Delegation>;

    fn made(delegation: Self::Made) -> Self {
        Self {
            delegation: delegation.map(DelegationNode),
            user_errors: Vec::new(),
        }
    }

    fn refused(user_errors: Vec<UserError>) -> Self {
        Self {
            delegation: None,
            user_errors,
        }
    }
}

impl Payload for CreateClientProfilePayload {
    type Made = (skillbridge_domain::profile::Profile, String);

    fn made((profile, token): Self::Made) -> Self {
        Self {
            profile: Some(ProfileNode(profile)),
            claim_token: Some(token),
            user_errors: Vec::new(),
        }
    }

    fn refused(user_errors: Vec<UserError>) -> Self {
        Self {
            user_errors,
            ..Default::default()
        }
    }
}

#[derive(Default)]
pub struct DelegationQuery;

#[Object]
impl DelegationQuery {
    /// The support organisations the caller's profile is delegated to.
    #[graphql(complexity = "page_size(first).unwrap_or(20) * child_complexity")]
    async fn my_delegations(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> GqlResult<Connection<String, DelegationNode, TotalCount>> {
        let page = page_request(first, after.as_deref())?;
        let user = require_user(ctx)?;
        let list = app(ctx).my_delegations(&user, &page).await?;
        Ok(listed(list, &page, DelegationNode))
    }

    /// The profiles delegated to a support organisation, for its caseworkers, in the
    /// order they were delegated.
    #[graphql(complexity = "page_size(first).unwrap_or(20) * child_complexity")]
    async fn caseload(
        &self,
        ctx: &Context<'_>,
        organisation_id: ID,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Connection<String, ProfileNode, TotalCount>> {
        let page = page_request(first, after.as_deref())?;
        let user = require_user(ctx)?;
        let organisation = parse_id(&organisation_id)?;
        let profiles = app(ctx)
            .caseload(&user, organisation, &page)
            .await
            .map_err(crate::GqlError::from)?;
        let listed_profiles: Vec<_> = profiles.items.iter().map(|(_, p)| p).collect();
        crate::prime::prime_profiles(ctx, &listed_profiles).await?;
        Ok(listed(profiles, &page, ProfileNode))
    }
}

#[derive(Default)]
pub struct DelegationMutation;

#[Object]
impl DelegationMutation {
    /// Lets a support organisation's caseworkers act for the caller as far as the scopes
    /// say; granting again changes the scopes.
    async fn grant_delegation(
        &self,
        ctx: &Context<'_>,
        input: DelegationInput,
    ) -> Result<DelegationPayload> {
        let (_, profile) = ensure_profile(ctx).await?;
        let organisation = crate::ids::parse_id(&input.organisation_id)?;
        let scopes: Vec<domain::DelegationScope> = match input.scopes {
            Some(scopes) => scopes.into_iter().map(Into::into).collect(),
            None => domain::DEFAULT_SCOPES.to_vec(),
        };
        Ok(payload(
            app(ctx)
                .grant_delegation(&profile, organisation, &scopes)
                .await
                .map(Some),
        )?)
    }

    /// Takes a delegation back; the organisation loses access at once.
    async fn revoke_delegation(
        &self,
        ctx: &Context<'_>,
        input: DelegationInput,
    ) -> Result<DelegationPayload> {
        let (_, profile) = ensure_profile(ctx).await?;
        let organisation = crate::ids::parse_id(&input.organisation_id)?;
        Ok(payload(
            app(ctx)
                .revoke_delegation(&profile, organisation)
                .await
                .map(|()| None),
        )?)
    }

    /// Changes a client's profile; for a caseworker of an organisation the person delegated
    /// to.
    async fn update_client_profile(
        &self,
        ctx: &Context<'_>,
        input: UpdateClientProfileInput,
    ) -> Result<ProfilePayload> {
        let (_, profile) = target_profile(
            ctx,
            Some(&input.profile_id),
            Some(&input.organisation_id),
            domain::DelegationScope::EditProfile,
        )
        .await?;
        let form = input.changes.into_form(profile.details.clone());
        Ok(payload(
            crate::context::app(ctx)
                .update_profile(&profile, form)
                .await,
        )?)
    }

    /// Creates a profile for someone without an account, managed by the caseworker's
    /// support organisation; the person claims it later with the returned token.
    async fn create_client_profile(
        &self,
        ctx: &Context<'_>,
        input: CreateClientProfileInput,
    ) -> Result<CreateClientProfilePayload> {
        let (user, organisation) = acting_for(
            ctx,
            &input.organisation_id,
            OrganisationKind::SupportOrganisation,
        )
        .await?;
        let form = input
            .details
            .into_form(ProfileDetails::new(input.display_name.trim().to_owned()));
        Ok(payload(
            app(ctx)
                .create_client_profile(user.id, organisation.id, form)
                .await,
        )?)
    }

    /// Takes over the profile a caseworker created, with the token they passed on. For a
    /// migrant without a profile of their own.
    async fn claim_profile(
        &self,
        ctx: &Context<'_>,
        input: ClaimProfileInput,
    ) -> Result<ProfilePayload> {
        let user = require_user(ctx)?;
        allow(policy::may_have_profile(user.role))?;
        Ok(payload(
            app(ctx).claim_profile(user.id, &input.claim_token).await,
        )?)
    }
}
