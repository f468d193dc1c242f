//! Organisations in GraphQL: employers, training providers and support organisations,
//! their members and invitations, and verification by an administrator.

use crate::GqlResult;
use async_graphql::connection::Connection;
use async_graphql::{Context, Enum, ID, InputObject, Object, Result, SimpleObject};
use chrono::{DateTime, Utc};
use skillbridge_domain::policy;
use skillbridge_domain::{
    Invitation, Membership, NewOrganisation, Order, Organisation, OrganisationId, Position,
};

use crate::GqlError;
use crate::accounts::{UserError, UserNode};
use crate::connections::{TotalCount, listed, page_request};
use crate::context::{app, loader};
use crate::directory::{OpeningHoursOutput, SupportService};
use crate::guards::{allow, memberships, require_user};
use crate::ids::{global_id, page_size, parse_id};
use crate::loaders::{OrganisationById, UserById};
use crate::problems::{Payload, payload, payload_of};
use crate::taxonomy::Language;
use crate::values::LocationOutput;

#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(remote = "skillbridge_domain::OrganisationKind")]
pub enum OrganisationKind {
    Employer,
    TrainingProvider,
    SupportOrganisation,
}

#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(remote = "skillbridge_domain::MembershipRole")]
pub enum MembershipRole {
    Owner,
    Member,
}

#[derive(Clone)]
pub struct OrganisationNode(pub Organisation);

#[Object(name = "Organisation")]
impl OrganisationNode {
    pub(crate) async fn id(&self) -> ID {
        global_id("Organisation", self.0.id.as_uuid())
    }

    async fn kind(&self) -> OrganisationKind {
        self.0.kind.into()
    }

    async fn name(&self) -> &str {
        &self.0.name
    }

    /// ISO 3166-1 alpha-2.
    async fn country_code(&self) -> Option<&str> {
        self.0.country_code.as_deref()
    }

    async fn website(&self) -> Option<&str> {
        self.0.website.as_deref()
    }

    /// Whether an administrator has checked that the organisation is who it says it is.
    async fn verified(&self) -> bool {
        self.0.verified_at.is_some()
    }

    async fn verified_at(&self) -> Option<DateTime<Utc>> {
        self.0.verified_at
    }

    /// What the organisation does, in its own words.
    async fn description(&self) -> &str {
        &self.0.profile.description
    }

    /// Its street address.
    async fn address(&self) -> Option<&str> {
        self.0.profile.address.as_deref()
    }

    /// Where it is: town, region, coordinates.
    async fn location(&self) -> LocationOutput {
        (&self.0.profile.location).into()
    }

    /// Languages its staff speak with the people they help.
    async fn languages(&self) -> Vec<Language> {
        self.0
            .profile
            .languages
            .iter()
            .map(|l| Language::of(*l, None))
            .collect()
    }

    /// What a support organisation helps with.
    async fn services(&self) -> Vec<SupportService> {
        self.0
            .profile
            .services
            .iter()
            .map(|s| (*s).into())
            .collect()
    }

    /// When its doors are open, by day and time.
    async fn opening_hours(&self) -> Vec<OpeningHoursOutput> {
        self.0
            .profile
            .opening_hours
            .iter()
            .map(OpeningHoursOutput::from)
            .collect()
    }

    async fn contact_email(&self) -> Option<&str> {
        self.0.profile.contact_email.as_ref().map(|e| e.as_str())
    }

    async fn contact_phone(&self) -> Option<&str> {
        self.0.profile.contact_phone.as_deref()
    }

    /// The members, oldest first; visible to members and administrators.
    #[graphql(complexity = "page_size(first).unwrap_or(20) * child_complexity")]
    async fn members(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> GqlResult<Connection<String, MembershipNode, TotalCount>> {
        let page = page_request(first, after.as_deref())?;
        let user = require_user(ctx)?;
        let members = app(ctx).members(&user, self.0.id, &page).await?;
        Ok(listed(members, &page, MembershipNode))
    }

    /// Invitations sent, newest first; visible to owners.
    #[graphql(complexity = "page_size(first).unwrap_or(20) * child_complexity")]
    async fn invitations(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> GqlResult<Connection<String, InvitationNode, TotalCount>> {
        let page = page_request(first, after.as_deref())?;
        let user = require_user(ctx)?;
        let sent = app(ctx).invitations(&user, self.0.id, &page).await?;
        Ok(listed(sent, &page, InvitationNode))
    }
}

#[derive(Clone)]
pub struct MembershipNode(pub Membership);

#[Object(name = "Membership")]
impl MembershipNode {
    async fn role(&self) -> MembershipRole {
        self.0.role.into()
    }

    async fn joined_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }

    async fn organisation(&self, ctx: &Context<'_>) -> Result<Option<OrganisationNode>> {
        let found = loader(ctx)?
            .load_one(OrganisationById(self.0.organisation_id))
            .await?;
        Ok(found.map(OrganisationNode))
    }

    async fn user(&self, ctx: &Context<'_>) -> Result<Option<UserNode>> {
        let found = loader(ctx)?.load_one(UserById(self.0.user_id)).await?;
        Ok(found.map(UserNode))
    }
}

#[derive(Clone)]
pub struct InvitationNode(pub Invitation);

#[Object(name = "Invitation")]
impl InvitationNode {
    pub(crate) async fn id(&self) -> ID {
        global_id("Invitation", &self.0.id)
    }

    async fn email(&self) -> &str {
        self.0.email.as_str()
    }

    async fn role(&self) -> MembershipRole {
        self.0.role.into()
    }

    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }

    async fn expires_at(&self) -> DateTime<Utc> {
        self.0.expires_at
    }

    async fn accepted_at(&self) -> Option<DateTime<Utc>> {
        self.0.accepted_at
    }
}

#[derive(InputObject)]
pub struct CreateOrganisationInput {
    pub kind: OrganisationKind,
    pub name: String,
    /// ISO 3166-1 alpha-2, e.g. DE.
    pub country_code: Option<String>,
    pub website: Option<String>,
}

#[derive(InputObject)]
pub struct InviteMemberInput {
    pub organisation_id: ID,
    pub email: String,
    pub role: MembershipRole,
}

#[derive(InputObject)]
pub struct AcceptInvitationInput {
    /// The token the inviter passed on.
    pub invitation_token: String,
}

#[derive(InputObject)]
pub struct VerifyOrganisationInput {
    pub organisation_id: ID,
}

#[derive(SimpleObject, Default)]
pub struct OrganisationPayload {
    pub organisation: Option<OrganisationNode>,
    pub user_errors: Vec<UserError>,
}

#[derive(SimpleObject, Default)]
pub struct InviteMemberPayload {
    pub invitation: Option<InvitationNode>,
    /// Pass this to the invitee (it is shown once and stored only as a hash).
    pub invitation_token: Option<String>,
    pub user_errors: Vec<UserError>,
}

#[derive(SimpleObject, Default)]
pub struct MembershipPayload {
    pub membership: Option<MembershipNode>,
    pub user_errors: Vec<UserError>,
}

payload_of!(
    OrganisationPayload,
    Organisation,
    organisation,
    OrganisationNode
);
payload_of!(
    MembershipPayload,
    skillbridge_domain::organisation::Membership,
    membership,
    MembershipNode
);

impl Payload for InviteMemberPayload {
    type Made = (skillbridge_domain::organisation::Invitation, String);

    fn made((invitation, token): Self::Made) -> Self {
        Self {
            invitation: Some(InvitationNode(invitation)),
            invitation_token: Some(token),
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

/// An organisation's public profile: every organisation has one (its members and
/// invitations are restricted on the object itself).
pub(crate) async fn visible_organisation(
    ctx: &Context<'_>,
    id: OrganisationId,
) -> Result<Option<OrganisationNode>> {
    Ok(loader(ctx)?
        .load_one(OrganisationById(id))
        .await?
        .map(OrganisationNode))
}

#[derive(Default)]
pub struct OrganisationQuery;

#[Object]
impl OrganisationQuery {
    /// An organisation's public profile (members and invitations are restricted).
    async fn organisation(&self, ctx: &Context<'_>, id: ID) -> Result<Option<OrganisationNode>> {
        visible_organisation(ctx, parse_id(&id)?).await
    }

    /// The caller's memberships.
    #[graphql(complexity = "page_size(first).unwrap_or(20) * child_complexity")]
    async fn my_organisations(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Connection<String, MembershipNode, TotalCount>> {
        let page = page_request(first, after.as_deref())?;
        let user = require_user(ctx)?;
        let rows = memberships(ctx, &user)
            .await?
            .into_iter()
            .map(|m| {
                let at = Position::created(m.created_at, *m.organisation_id.as_uuid());
                (at, m)
            })
            .collect();
        Ok(crate::connections::listed_whole(
            rows,
            Order::OldestFirst,
            &page,
            MembershipNode,
        ))
    }
}

#[derive(Default)]
pub struct OrganisationMutation;

#[Object]
impl OrganisationMutation {
    /// Founds an organisation with the caller as owner: employers found employers,
    /// trainers training providers, caseworkers support organisations.
    async fn create_organisation(
        &self,
        ctx: &Context<'_>,
        input: CreateOrganisationInput,
    ) -> Result<OrganisationPayload> {
        let user = require_user(ctx)?;
        allow(policy::may_create_organisation(
            user.role,
            input.kind.into(),
        ))?;
        let organisation = NewOrganisation::written(
            input.kind.into(),
            &input.name,
            input.country_code.as_deref(),
            input.website.as_deref(),
        );
        Ok(payload(
            app(ctx).create_organisation(user.id, organisation).await,
        )?)
    }

    /// Invites someone by email; owners only. Returns a token to pass on.
    async fn invite_member(
        &self,
        ctx: &Context<'_>,
        input: InviteMemberInput,
    ) -> Result<InviteMemberPayload> {
        let user = require_user(ctx)?;
        let id: OrganisationId = parse_id(&input.organisation_id)?;
        allow(policy::may_manage_members(
            &memberships(ctx, &user).await?,
            id,
        ))?;
        Ok(payload(
            app(ctx)
                .invite_member(id, user.id, &input.email, input.role.into())
                .await,
        )?)
    }

    /// Joins an organisation with an invitation token sent to the caller's email address.
    async fn accept_invitation(
        &self,
        ctx: &Context<'_>,
        input: AcceptInvitationInput,
    ) -> Result<MembershipPayload> {
        let user = require_user(ctx)?;
        allow(policy::organisation_kind_for(user.role).is_some())?;
        Ok(payload(
            app(ctx)
                .accept_invitation(user.id, user.role, &input.invitation_token)
                .await,
        )?)
    }

    /// Marks an organisation verified; administrators only.
    async fn verify_organisation(
        &self,
        ctx: &Context<'_>,
        input: VerifyOrganisationInput,
    ) -> Result<OrganisationPayload> {
        let user = require_user(ctx)?;
        allow(policy::may_verify_organisations(user.role))?;
        let id: OrganisationId = parse_id(&input.organisation_id)?;
        Ok(payload(app(ctx).verify_organisation(id).await)?)
    }
}

/// An invitation, for the members who may manage its organisation's members (who see it
/// in `Organisation.invitations`); `None` for anyone else, as for no invitation.
pub(crate) async fn visible_invitation(
    ctx: &Context<'_>,
    id: uuid::Uuid,
) -> Result<Option<InvitationNode>> {
    let Some(user) = crate::context::current_user(ctx) else {
        return Ok(None);
    };
    Ok(app(ctx)
        .visible_invitation(&user, id)
        .await
        .map_err(GqlError::from)?
        .map(InvitationNode))
}
