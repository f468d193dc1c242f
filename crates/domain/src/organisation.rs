//! Organisations (employers, training providers, support organisations) and memberships.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::{OrganisationId, UserId};

/// The three kinds of organisation; the kind decides what its members may do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum OrganisationKind {
    Employer,
    TrainingProvider,
    SupportOrganisation,
}

impl OrganisationKind {
    pub const ALL: [OrganisationKind; 3] = [
        OrganisationKind::Employer,
        OrganisationKind::TrainingProvider,
        OrganisationKind::SupportOrganisation,
    ];

    pub const fn code(self) -> &'static str {
        match self {
            OrganisationKind::Employer => "EMPLOYER",
            OrganisationKind::TrainingProvider => "TRAINING_PROVIDER",
            OrganisationKind::SupportOrganisation => "SUPPORT_ORGANISATION",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.code() == code)
    }
}

/// A person's standing in an organisation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum MembershipRole {
    Owner,
    Member,
}

impl MembershipRole {
    pub const fn code(self) -> &'static str {
        match self {
            MembershipRole::Owner => "OWNER",
            MembershipRole::Member => "MEMBER",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        [MembershipRole::Owner, MembershipRole::Member]
            .into_iter()
            .find(|role| role.code() == code)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Organisation {
    pub id: OrganisationId,
    pub kind: OrganisationKind,
    pub name: String,
    /// ISO 3166-1 alpha-2.
    pub country_code: Option<String>,
    pub website: Option<String>,
    /// When an ADMIN verified the organisation, if ever.
    pub verified_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Clone, Debug)]
pub struct NewOrganisation {
    pub kind: OrganisationKind,
    pub name: String,
    pub country_code: Option<String>,
    pub website: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Membership {
    pub organisation_id: OrganisationId,
    pub user_id: UserId,
    pub role: MembershipRole,
    pub created_at: DateTime<Utc>,
}

/// An invitation to join an organisation, to be stored (the token itself never is).
#[derive(Clone, Debug)]
pub struct NewInvitation {
    pub organisation_id: OrganisationId,
    pub email: crate::Email,
    pub role: MembershipRole,
    pub token_hash: String,
    pub invited_by: UserId,
    pub expires_at: DateTime<Utc>,
}

/// A stored invitation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Invitation {
    pub id: uuid::Uuid,
    pub organisation_id: OrganisationId,
    pub email: crate::Email,
    pub role: MembershipRole,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub accepted_at: Option<DateTime<Utc>>,
}

/// What presenting an invitation token did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InvitationOutcome {
    /// The account is now a member.
    Accepted(Membership),
    /// The invitation is addressed to another email address.
    OtherEmail,
    /// Unknown, expired or already accepted.
    Invalid,
}
