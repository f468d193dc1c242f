//! An employer asks a candidate (seen only as an anonymous card) to reveal their profile;
//! the person accepts (revealing it to that organisation only) or declines.

use skillbridge_domain::delegation::Actor;
use skillbridge_domain::disclosure::{ContactRequest, MAX_CONTACT_MESSAGE_CHARS};
use skillbridge_domain::profile::Profile;
use skillbridge_domain::{
    FieldProblem, OrganisationId, ProblemCode, ProfileId, StoreError, UserId, clock,
};
use uuid::Uuid;

use crate::{App, ServiceResult};

impl App {
    /// `organisation` (through `requester`) asks the person of `profile` to reveal it.
    pub async fn request_contact(
        &self,
        profile: ProfileId,
        organisation: OrganisationId,
        requester: UserId,
        message: &str,
    ) -> ServiceResult<ContactRequest> {
        let message = message.trim();
        if message.chars().count() > MAX_CONTACT_MESSAGE_CHARS {
            return Err(FieldProblem::new(
                "message",
                ProblemCode::TooLong,
                "use at most 1,000 characters",
            )
            .into());
        }
        if self.store.disclosed_to(profile, organisation).await? {
            return Err(FieldProblem::new(
                "candidateId",
                ProblemCode::AlreadyDisclosed,
                "the candidate has already shared their profile with you",
            )
            .into());
        }
        match self
            .store
            .create_contact_request(profile, organisation, requester, message, clock::now())
            .await
        {
            Ok(request) => Ok(request),
            Err(StoreError::Duplicate { .. }) => Err(FieldProblem::new(
                "candidateId",
                ProblemCode::AlreadyRequested,
                "a request to this candidate is waiting for an answer",
            )
            .into()),
            Err(err) => Err(err.into()),
        }
    }

    /// The person of `profile` (`None`: the caller has none) accepts or declines the
    /// request `request` while it waits for an answer, `actor` acting.
    pub async fn respond_to_contact_request(
        &self,
        profile: Option<&Profile>,
        request: Uuid,
        accept: bool,
        actor: Actor,
    ) -> ServiceResult<ContactRequest> {
        let decided = match profile {
            Some(profile) => {
                self.store
                    .decide_contact_request(request, profile.id, accept, actor, clock::now())
                    .await?
            }
            None => None,
        };
        decided.ok_or_else(|| {
            FieldProblem::new(
                "contactRequestId",
                ProblemCode::NotPending,
                "there is no such request waiting for an answer",
            )
            .into()
        })
    }
}
