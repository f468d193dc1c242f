//! Organisations (employers, training providers, support organisations) and memberships.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::{FieldProblem, OrganisationId, ProblemCode, UserId};

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

/// The longest organisation name, in characters.
pub const MAX_NAME_CHARS: usize = 200;

impl NewOrganisation {
    /// The organisation as written, trimmed: a blank country code or website is none, a
    /// country code upper-cased.
    pub fn written(
        kind: OrganisationKind,
        name: &str,
        country_code: Option<&str>,
        website: Option<&str>,
    ) -> Self {
        fn given(value: Option<&str>) -> Option<&str> {
            value.map(str::trim).filter(|v| !v.is_empty())
        }
        Self {
            kind,
            name: name.trim().to_owned(),
            country_code: given(country_code).map(str::to_ascii_uppercase),
            website: given(website).map(str::to_owned),
        }
    }

    /// Every problem with the organisation; empty means valid.
    pub fn problems(&self) -> Vec<FieldProblem> {
        let mut problems = Vec::new();
        if self.name.is_empty() || self.name.chars().count() > MAX_NAME_CHARS {
            problems.push(FieldProblem::new(
                "name",
                ProblemCode::InvalidName,
                format!("give a name of 1 to {MAX_NAME_CHARS} characters"),
            ));
        }
        if self
            .country_code
            .as_deref()
            .is_some_and(|c| c.len() != 2 || !c.bytes().all(|b| b.is_ascii_uppercase()))
        {
            problems.push(FieldProblem::new(
                "countryCode",
                ProblemCode::InvalidCountryCode,
                "use an ISO 3166-1 alpha-2 code such as DE",
            ));
        }
        if self.website.as_deref().is_some_and(|w| {
            !(w.starts_with("https://") || w.starts_with("http://"))
                || w.len() > 500
                || w.contains(char::is_whitespace)
        }) {
            problems.push(FieldProblem::new(
                "website",
                ProblemCode::InvalidWebsite,
                "give an http(s) address",
            ));
        }
        problems
    }
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
