//! The guards every resolver uses: who is calling, and the domain's verdict on what they
//! may do (`skillbridge_domain::policy`). No resolver checks roles by itself.

use async_graphql::Context;
use skillbridge_auth::CurrentUser;
use skillbridge_domain::Membership;

use crate::context::{current_user, store};
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
            "you are not allowed to do this",
        ))
    }
}

/// The caller's memberships, for policies that depend on them.
pub(crate) async fn memberships(
    ctx: &Context<'_>,
    user: &CurrentUser,
) -> GqlResult<Vec<Membership>> {
    Ok(store(ctx).memberships_of_user(user.id).await?)
}

/// The caller acting for the organisation `id` of `kind` (a member whose role acts through
/// that kind), or FORBIDDEN.
pub(crate) async fn acting_for(
    ctx: &Context<'_>,
    id: &async_graphql::ID,
    kind: skillbridge_domain::OrganisationKind,
) -> GqlResult<(CurrentUser, skillbridge_domain::Organisation)> {
    let user = require_user(ctx)?;
    let organisation = store(ctx)
        .organisation_by_id(crate::ids::parse_id(id)?)
        .await?;
    let mine = memberships(ctx, &user).await?;
    match organisation {
        Some(o)
            if o.kind == kind && skillbridge_domain::policy::may_act_for(user.role, &mine, &o) =>
        {
            Ok((user, o))
        }
        _ => Err(GqlError::new(
            ErrorCode::Forbidden,
            "you are not allowed to do this",
        )),
    }
}
