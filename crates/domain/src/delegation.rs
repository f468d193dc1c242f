//! What a person lets a support organisation do for them, and who made a change: the
//! person themselves, or a member of an organisation acting for it (a caseworker for a
//! client, an employer moving an application, a provider marking an enrolment).

use crate::codes::coded;
use crate::{OrganisationId, UserId};

coded!(
    /// One power a delegation gives a support organisation's caseworkers over a client's
    /// profile.
    DelegationScope {
        /// See the profile and the person's applications, enrolments and placements.
        View => "VIEW",
        /// Change the profile (skills, languages, experience, ...).
        EditProfile => "EDIT_PROFILE",
        /// Apply to vacancies and withdraw applications.
        Apply => "APPLY",
        /// Take seats in cohorts and give them up.
        Enrol => "ENROL",
        /// Answer employers' contact requests.
        Contact => "CONTACT",
        /// Record the person's consent decisions, as the person expressed them.
        Consent => "CONSENT",
    }
);

/// What a delegation gives when the person does not choose, and what delegations made
/// before scopes existed keep: seeing and editing the profile.
pub const DEFAULT_SCOPES: [DelegationScope; 2] =
    [DelegationScope::View, DelegationScope::EditProfile];

/// The scopes a delegation carries when the person chose `chosen`: each once, in the
/// declared order, with VIEW always among them (an organisation acts only on what it sees).
pub fn granted_scopes(chosen: &[DelegationScope]) -> Vec<DelegationScope> {
    DelegationScope::ALL
        .iter()
        .copied()
        .filter(|s| *s == DelegationScope::View || chosen.contains(s))
        .collect()
}

/// Scopes as stored: their codes, comma-separated.
pub fn scopes_code(scopes: &[DelegationScope]) -> String {
    scopes
        .iter()
        .map(|s| s.code())
        .collect::<Vec<_>>()
        .join(",")
}

/// Scopes as stored, read back; `None` when a code is unknown.
pub fn scopes_from_code(code: &str) -> Option<Vec<DelegationScope>> {
    let scopes = code
        .split(',')
        .filter(|c| !c.is_empty())
        .map(DelegationScope::from_code)
        .collect::<Option<Vec<_>>>()?;
    Some(granted_scopes(&scopes))
}

/// Who made a change.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Actor {
    pub user: UserId,
    /// The organisation the account acted for; `None` for a person acting for themselves.
    pub acting_for: Option<OrganisationId>,
}

impl Actor {
    /// A person acting for themselves.
    pub const fn person(user: UserId) -> Self {
        Self {
            user,
            acting_for: None,
        }
    }

    /// A member of `organisation` acting for it.
    pub const fn member(user: UserId, organisation: OrganisationId) -> Self {
        Self {
            user,
            acting_for: Some(organisation),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use DelegationScope::*;

    #[test]
    fn granted_scopes_always_see_and_are_listed_once_in_order() {
        assert_eq!(granted_scopes(&[]), vec![View]);
        assert_eq!(
            granted_scopes(&[Enrol, Apply, Enrol]),
            vec![View, Apply, Enrol]
        );
        assert_eq!(granted_scopes(&DEFAULT_SCOPES), vec![View, EditProfile]);
    }

    #[test]
    fn scopes_round_trip_through_their_code() {
        let scopes = granted_scopes(&[Consent, Contact, EditProfile]);
        assert_eq!(scopes_code(&scopes), "VIEW,EDIT_PROFILE,CONTACT,CONSENT");
        assert_eq!(scopes_from_code(&scopes_code(&scopes)), Some(scopes));
        assert_eq!(scopes_from_code("VIEW,EVERYTHING"), None);
    }
}
