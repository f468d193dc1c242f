//! The guards every resolver uses: who is calling, and the domain's verdict on what they
//! may do (`skillbridge_domain::policy`). No resolver checks roles by itself.

use async_graphql::Context;
use skillbridge_auth::CurrentUser;
use skillbridge_domain::Membership;

use crate::context::{app, current_user};
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
