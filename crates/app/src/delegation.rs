//! A person lets a support organisation's caseworkers see and manage their profile, and
//! takes it back.

use skillbridge_domain::delegation::DelegationScope;
use skillbridge_domain::profile::{Delegation, Profile};
use skillbridge_domain::{FieldProblem, OrganisationId, ProblemCode, clock};

use crate::{App, ServiceResult};

impl App {
    /// Lets the caseworkers of `organisation` (a support organisation) act for `profile` as
    /// far as `scopes` say (VIEW always); granting again changes the scopes.
    pub async fn grant_delegation(
        &self,
        profile: &Profile,
        organisation: OrganisationId,
        scopes: &[DelegationScope],
    ) -> ServiceResult<Delegation> {
        if !self.is_support_organisation(organisation).await? {
            return Err(FieldProblem::new(
                "organisationId",
                ProblemCode::NotASupportOrganisation,
                "choose a support organisation",
            )
            .into());
        }
        Ok(self
            .store
            .grant_delegation(profile.id, organisation, scopes, clock::now())
            .await?)
    }

    /// Takes `organisation`'s access to `profile` back, at once.
    pub async fn revoke_delegation(
        &self,
        profile: &Profile,
        organisation: OrganisationId,
    ) -> ServiceResult<()> {
        if self
            .store
            .revoke_delegation(profile.id, organisation, clock::now())
            .await?
        {
            Ok(())
        } else {
            Err(FieldProblem::new(
                "organisationId",
                ProblemCode::NotDelegated,
                "this organisation has no access to your profile",
            )
            .into())
        }
    }
}
