//! Acting for someone: the scopes a person delegates to a support organisation, how a
//! person expressed a consent a caseworker recorded, and who made a change, as the person
//! and their caseworkers see it in a history.

use async_graphql::{Context, Enum, Object, Result};
use skillbridge_domain::{OrganisationId, OrganisationKind, UserId};

use crate::context::loader;
use crate::loaders::{OrganisationById, UserById};
use crate::organisations::OrganisationNode;

/// What a delegation lets a support organisation's caseworkers do for the person.
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(remote = "skillbridge_domain::delegation::DelegationScope")]
pub enum DelegationScope {
    /// See the profile and the person's applications, enrolments and placements (every
    /// delegation gives it).
    View,
    /// Change the profile.
    EditProfile,
    /// Apply to vacancies and withdraw applications.
    Apply,
    /// Take seats in cohorts and give them up.
    Enrol,
    /// Answer employers' contact requests.
    Contact,
    /// Record the person's consent decisions, with how the person expressed them.
    Consent,
}

/// How the person expressed a consent decision.
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(remote = "skillbridge_domain::ConsentChannel")]
pub enum ConsentChannel {
    /// In the product, by the person themselves.
    Online,
    /// To a caseworker, face to face.
    InPerson,
    /// On a signed form the caseworker keeps.
    Paper,
    /// To a caseworker, by phone.
    Phone,
}

/// Who made a change in a person's history. Shown to the person and their caseworkers
/// only: an employer or a provider does not learn that someone acts for the person.
pub struct ActedBy {
    pub user: Option<UserId>,
    pub acting_for: Option<OrganisationId>,
}

impl ActedBy {
    /// The change's actor, when the viewer is the person or one of their caseworkers
    /// (`personal`); nothing otherwise.
    pub fn shown(
        personal: bool,
        user: Option<UserId>,
        acting_for: Option<OrganisationId>,
    ) -> Option<Self> {
        personal.then_some(Self { user, acting_for })
    }

    async fn acting_organisation(
        &self,
        ctx: &Context<'_>,
    ) -> Result<Option<skillbridge_domain::Organisation>> {
        Ok(match self.acting_for {
            Some(id) => loader(ctx)?.load_one(OrganisationById(id)).await?,
            None => None,
        })
    }
}

#[Object]
impl ActedBy {
    /// True when the person made the change themselves.
    async fn by_the_person(&self) -> bool {
        self.acting_for.is_none()
    }

    /// The organisation the change was made for: the support organisation of a caseworker
    /// acting for the person, the employer, or the training provider (also for a seat its
    /// waiting list handed on); null when the person acted.
    async fn organisation(&self, ctx: &Context<'_>) -> Result<Option<OrganisationNode>> {
        Ok(self.acting_organisation(ctx).await?.map(OrganisationNode))
    }

    /// The caseworker who acted for the person; null when someone else acted, and once the
    /// caseworker's account is erased.
    async fn caseworker_name(&self, ctx: &Context<'_>) -> Result<Option<String>> {
        let by_caseworker = self
            .acting_organisation(ctx)
            .await?
            .is_some_and(|o| o.kind == OrganisationKind::SupportOrganisation);
        Ok(match self.user {
            Some(user) if by_caseworker => loader(ctx)?
                .load_one(UserById(user))
                .await?
                .map(|u| u.display_name),
            _ => None,
        })
    }
}
