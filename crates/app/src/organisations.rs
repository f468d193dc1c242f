//! Organisations and their members: founded by the account that becomes their owner,
//! joined by invitation (a token sent to one email address), verified by administrators.

use chrono::Duration;
use skillbridge_auth::tokens::{hash_opaque_token, new_opaque_token};
use skillbridge_domain::organisation::{
    Invitation, InvitationOutcome, Membership, MembershipRole, NewInvitation, NewOrganisation,
    Organisation,
};
use skillbridge_domain::{
    Email, FieldProblem, OrganisationId, ProblemCode, Role, UserId, clock, policy,
};

use crate::{App, ServiceError, ServiceResult};

/// How long an invitation token stays valid.
pub const INVITATION_TTL: Duration = Duration::days(14);

impl App {
    /// Founds `organisation` with `founder` as its owner.
    pub async fn create_organisation(
        &self,
        founder: UserId,
        organisation: NewOrganisation,
    ) -> ServiceResult<Organisation> {
        let problems = organisation.problems();
        if !problems.is_empty() {
            return Err(ServiceError::Invalid(problems));
        }
        Ok(self
            .store
            .create_organisation(organisation, founder)
            .await?)
    }

    /// Invites the holder of `email` to join `organisation` as `role`; the invitation and
    /// the token to pass on (valid for [`INVITATION_TTL`]).
    pub async fn invite_member(
        &self,
        organisation: OrganisationId,
        inviter: UserId,
        email: &str,
        role: MembershipRole,
    ) -> ServiceResult<(Invitation, String)> {
        let email = Email::parse(email).map_err(|err| {
            FieldProblem::new("email", ProblemCode::InvalidEmail, err.to_string())
        })?;
        let (token, token_hash) = new_opaque_token();
        let invitation = self
            .store
            .create_invitation(&NewInvitation {
                organisation_id: organisation,
                email,
                role,
                token_hash,
                invited_by: inviter,
                expires_at: clock::now() + INVITATION_TTL,
            })
            .await?;
        Ok((invitation, token))
    }

    /// `user` (with `role`) joins the organisation an invitation token names, when it was
    /// sent to their address and their role may join that kind of organisation.
    pub async fn accept_invitation(
        &self,
        user: UserId,
        role: Role,
        token: &str,
    ) -> ServiceResult<Membership> {
        let now = clock::now();
        let token_hash = hash_opaque_token(token.trim());
        let invalid = || {
            ServiceError::from(FieldProblem::new(
                "invitationToken",
                ProblemCode::InvalidInvitation,
                "the invitation is unknown, expired or already accepted",
            ))
        };
        let invitation = self
            .store
            .open_invitation(&token_hash, now)
            .await?
            .ok_or_else(invalid)?;
        let organisation = self
            .store
            .organisation_by_id(invitation.organisation_id)
            .await?
            .ok_or(skillbridge_domain::StoreError::NotFound {
                entity: "organisation",
            })?;
        if !policy::may_join(role, organisation.kind) {
            return Err(ServiceError::Forbidden("you are not allowed to do this"));
        }
        let account = self
            .store
            .user_by_id(user)
            .await?
            .ok_or(ServiceError::Unauthenticated)?;
        match self
            .store
            .accept_invitation(&token_hash, &account, now)
            .await?
        {
            InvitationOutcome::Accepted(membership) => Ok(membership),
            InvitationOutcome::OtherEmail => Err(FieldProblem::new(
                "invitationToken",
                ProblemCode::InvitationForAnotherEmail,
                "the invitation was sent to another email address",
            )
            .into()),
            InvitationOutcome::Invalid => Err(invalid()),
        }
    }

    /// Marks an organisation verified.
    pub async fn verify_organisation(
        &self,
        organisation: OrganisationId,
    ) -> ServiceResult<Organisation> {
        Ok(self
            .store
            .verify_organisation(organisation, clock::now())
            .await?)
    }
}
