//! The guards every resolver uses: who is calling, the profile they act on, and the
//! domain's verdict on what they may do (`skillbridge_domain::policy`, applied by the app).
//! No resolver checks roles by itself.

use async_graphql::{Context, Result};
use skillbridge_app::ProfileTarget;
use skillbridge_auth::CurrentUser;
use skillbridge_domain::delegation::{Actor, DelegationScope};
use skillbridge_domain::profile as domain;
use skillbridge_domain::{Membership, ProfileId};

use crate::context::{app, current_user, loader};
use crate::ids::parse_id;
use crate::loaders::ProfileById;
use crate::{ErrorCode, GqlError, GqlResult};

/// The caller, or UNAUTHENTICATED.
pub(crate) fn require_user(ctx: &Context<'_>) -> GqlResult<CurrentUser> {
    current_user(ctx).ok_or_else(|| GqlError::new(ErrorCode::Unauthenticated, "log in to do this"))
}

/// FORBIDDEN unless the policy allows.
pub(crate) fn allow(allowed: bool) -> GqlResult<()> {
    if allowed {
        Ok(())
    } else {
        Err(GqlError::new(
            ErrorCode::Forbidden,
            skillbridge_app::access::NOT_ALLOWED,
        ))
    }
}

/// The caller's memberships, for policies that depend on them.
pub(crate) async fn memberships(
    ctx: &Context<'_>,
    user: &CurrentUser,
) -> GqlResult<Vec<Membership>> {
    Ok(app(ctx).memberships(user).await?)
}

/// The caller acting for the organisation `id` of `kind` (a member whose role acts through
/// that kind), or FORBIDDEN.
pub(crate) async fn acting_for(
    ctx: &Context<'_>,
    id: &async_graphql::ID,
    kind: skillbridge_domain::OrganisationKind,
) -> GqlResult<(CurrentUser, skillbridge_domain::Organisation)> {
    let user = require_user(ctx)?;
    let organisation = app(ctx)
        .acting_for(&user, crate::ids::parse_id(id)?, kind)
        .await?;
    Ok((user, organisation))
}

/// Whether the caller may see the activity of the person of `profile` (the person and
/// their caseworkers), read through the request's loader; false for a guest.
pub(crate) async fn sees_activity_of(ctx: &Context<'_>, profile: ProfileId) -> Result<bool> {
    let Some(user) = current_user(ctx) else {
        return Ok(false);
    };
    let Some(profile) = loader(ctx)?.load_one(ProfileById(profile)).await? else {
        return Ok(false);
    };
    Ok(app(ctx)
        .may_see_activity(&user, &profile)
        .await
        .map_err(GqlError::from)?)
}

/// The profile named by an optional profile id and organisation id
/// ([`ProfileTarget::named`]): neither is the caller's own; both, a client's.
pub(crate) fn profile_target(
    profile_id: Option<&async_graphql::ID>,
    organisation_id: Option<&async_graphql::ID>,
) -> GqlResult<ProfileTarget> {
    Ok(ProfileTarget::named(
        profile_id.map(parse_id).transpose()?,
        organisation_id.map(parse_id).transpose()?,
    )?)
}

/// The profile a use case works on ([`ProfileTarget::named`]): the caller's own (created if
/// missing; its id may be given alone), or, given `profile_id` and `organisation_id`, a
/// client's profile that the person delegated `scope` to the caller's support organisation.
pub(crate) async fn target_profile(
    ctx: &Context<'_>,
    profile_id: Option<&async_graphql::ID>,
    organisation_id: Option<&async_graphql::ID>,
    scope: DelegationScope,
) -> Result<(skillbridge_auth::CurrentUser, domain::Profile)> {
    let target = profile_target(profile_id, organisation_id)?;
    let user = require_user(ctx)?;
    let profile = app(ctx)
        .target_profile(&user, target, scope)
        .await
        .map_err(GqlError::from)?;
    Ok((user, profile))
}

/// What an action on a person's records acts on: the caller, who acts (themselves, or as a
/// caseworker for their organisation), and the profile (`None` while the caller has none of
/// their own; acting makes none). A client's profile needs `scope` delegated.
pub(crate) async fn acted_on(
    ctx: &Context<'_>,
    profile_id: Option<&async_graphql::ID>,
    organisation_id: Option<&async_graphql::ID>,
    scope: DelegationScope,
) -> GqlResult<(CurrentUser, Actor, Option<domain::Profile>)> {
    let target = profile_target(profile_id, organisation_id)?;
    let user = require_user(ctx)?;
    let profile = app(ctx).acted_on(&user, target, scope).await?;
    let actor = target.actor(user.id);
    Ok((user, actor, profile))
}
