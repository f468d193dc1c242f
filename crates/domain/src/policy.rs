//! Who may do what: every authorisation rule, in one place and without I/O. Guards in the
//! GraphQL layer gather the facts (caller, memberships) and ask these functions.

use crate::delegation::DelegationScope;
use crate::profile::Delegation;
use crate::{Membership, MembershipRole, OrganisationId, OrganisationKind, Role, UserId};

/// The organisation kind an account of `role` acts through, if any.
pub const fn organisation_kind_for(role: Role) -> Option<OrganisationKind> {
    match role {
        Role::Employer => Some(OrganisationKind::Employer),
        Role::Trainer => Some(OrganisationKind::TrainingProvider),
        Role::Caseworker => Some(OrganisationKind::SupportOrganisation),
        Role::Migrant | Role::Admin => None,
    }
}

/// Employers found employers, trainers training providers, caseworkers support
/// organisations; administrators may create any kind; migrants none.
pub fn may_create_organisation(role: Role, kind: OrganisationKind) -> bool {
    role == Role::Admin || organisation_kind_for(role) == Some(kind)
}

/// Owners manage membership and invitations.
pub fn may_manage_members(memberships: &[Membership], organisation: OrganisationId) -> bool {
    memberships
        .iter()
        .any(|m| m.organisation_id == organisation && m.role == MembershipRole::Owner)
}

/// Owners keep what the organisation tells the public up to date.
pub fn may_edit_organisation_profile(
    memberships: &[Membership],
    organisation: OrganisationId,
) -> bool {
    may_manage_members(memberships, organisation)
}

/// Members (and administrators) see an organisation's member list.
pub fn may_see_members(
    role: Role,
    memberships: &[Membership],
    organisation: OrganisationId,
) -> bool {
    role == Role::Admin
        || memberships
            .iter()
            .any(|m| m.organisation_id == organisation)
}

/// An invitation can be accepted by an account whose role acts through that kind of
/// organisation (an employer joins employers).
pub fn may_join(role: Role, kind: OrganisationKind) -> bool {
    organisation_kind_for(role) == Some(kind)
}

/// Only administrators verify organisations.
pub fn may_verify_organisations(role: Role) -> bool {
    role == Role::Admin
}

/// Whether a person may act on behalf of `organisation`: a member whose role acts through
/// that kind of organisation (an employer for an employer).
pub fn may_act_for(
    role: Role,
    memberships: &[Membership],
    organisation: &crate::Organisation,
) -> bool {
    organisation_kind_for(role) == Some(organisation.kind)
        && memberships
            .iter()
            .any(|m| m.organisation_id == organisation.id)
}

/// Fairness monitoring (people's groups, even in aggregate) is for administrators only.
pub fn may_monitor_fairness(role: Role) -> bool {
    role == Role::Admin
}

/// Labour-market insights are for the organisations that act on them (employers, trainers,
/// support organisations' caseworkers) and administrators; people see public statistics.
pub fn may_read_insights(role: Role) -> bool {
    role != Role::Migrant
}

/// Migrants keep a skill profile of their own.
pub fn may_have_profile(role: Role) -> bool {
    role == Role::Migrant
}

/// What a skill claim may rest on, by who records it: people declare their own skills
/// (or infer them from their experience), caseworkers assess them, and only a completed
/// course certifies them (never a direct claim).
pub fn may_record_evidence(role: Role, evidence: crate::profile::Evidence) -> bool {
    use crate::profile::Evidence::*;
    match evidence {
        SelfDeclared | InferredFromExperience => matches!(role, Role::Migrant | Role::Caseworker),
        CaseworkerAssessed => role == Role::Caseworker,
        Certified => false,
    }
}

/// Members of an organisation see what it has not published (its draft and closed
/// vacancies).
pub fn is_member(memberships: &[Membership], organisation: OrganisationId) -> bool {
    memberships
        .iter()
        .any(|m| m.organisation_id == organisation)
}

/// A support organisation acts on a person's profile as far as the person delegated to it:
/// `scope` is what it wants to do (see, edit, apply, enrol, answer, record consent).
pub fn may_act_on_client(
    delegations: &[Delegation],
    organisation: OrganisationId,
    scope: DelegationScope,
) -> bool {
    delegations
        .iter()
        .any(|d| d.organisation_id == organisation && d.scopes.contains(&scope))
}

/// A person's activity (applications, enrolments, placements) is seen by the person, and
/// by members of a support organisation the person delegated to.
pub fn may_see_activity(
    caller: UserId,
    owner: Option<UserId>,
    memberships: &[Membership],
    delegations: &[Delegation],
) -> bool {
    owner == Some(caller)
        || memberships
            .iter()
            .any(|m| may_act_on_client(delegations, m.organisation_id, DelegationScope::View))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::delegation::granted_scopes;
    use crate::{ProfileId, clock};

    #[test]
    fn each_role_founds_its_own_kind() {
        use OrganisationKind::*;
        for (role, allowed) in [
            (Role::Employer, vec![Employer]),
            (Role::Trainer, vec![TrainingProvider]),
            (Role::Caseworker, vec![SupportOrganisation]),
            (
                Role::Admin,
                vec![Employer, TrainingProvider, SupportOrganisation],
            ),
            (Role::Migrant, vec![]),
        ] {
            for kind in OrganisationKind::ALL {
                assert_eq!(
                    may_create_organisation(role, kind),
                    allowed.contains(&kind),
                    "{role:?} {kind:?}"
                );
            }
        }
    }

    #[test]
    fn owners_manage_members_see() {
        let org = OrganisationId::new();
        let other = OrganisationId::new();
        let membership = |organisation_id, role| Membership {
            organisation_id,
            user_id: UserId::new(),
            role,
            created_at: clock::now(),
        };
        let owner = [membership(org, MembershipRole::Owner)];
        let member = [membership(org, MembershipRole::Member)];
        let elsewhere = [membership(other, MembershipRole::Owner)];
        assert!(may_manage_members(&owner, org));
        assert!(!may_manage_members(&member, org));
        assert!(!may_manage_members(&elsewhere, org));
        assert!(may_see_members(Role::Employer, &member, org));
        assert!(!may_see_members(Role::Employer, &elsewhere, org));
        assert!(may_see_members(Role::Admin, &[], org));
        assert!(is_member(&member, org) && !is_member(&elsewhere, org));
    }

    #[test]
    fn a_centre_does_for_a_client_only_what_the_person_delegated() {
        use DelegationScope::*;
        let centre = OrganisationId::new();
        let delegations = [Delegation {
            profile_id: ProfileId::new(),
            organisation_id: centre,
            granted_at: clock::now(),
            scopes: granted_scopes(&[Apply, Consent]),
        }];
        for scope in DelegationScope::ALL {
            assert_eq!(
                may_act_on_client(&delegations, centre, *scope),
                matches!(scope, View | Apply | Consent),
                "{scope:?}"
            );
            assert!(!may_act_on_client(
                &delegations,
                OrganisationId::new(),
                *scope
            ));
        }
    }

    #[test]
    fn a_persons_activity_is_theirs_and_their_delegated_caseworkers() {
        let (person, caseworker, stranger) = (UserId::new(), UserId::new(), UserId::new());
        let (centre, other) = (OrganisationId::new(), OrganisationId::new());
        let delegations = [Delegation {
            profile_id: ProfileId::new(),
            organisation_id: centre,
            granted_at: clock::now(),
            scopes: granted_scopes(&[]),
        }];
        let member_of = |organisation_id, user_id| Membership {
            organisation_id,
            user_id,
            role: MembershipRole::Member,
            created_at: clock::now(),
        };
        assert!(may_see_activity(person, Some(person), &[], &delegations));
        let at_centre = [member_of(centre, caseworker)];
        assert!(may_see_activity(
            caseworker,
            Some(person),
            &at_centre,
            &delegations
        ));
        assert!(may_act_on_client(
            &delegations,
            centre,
            DelegationScope::View
        ));
        assert!(!may_act_on_client(
            &delegations,
            centre,
            DelegationScope::Apply
        ));
        let elsewhere = [member_of(other, stranger)];
        assert!(!may_see_activity(
            stranger,
            Some(person),
            &elsewhere,
            &delegations
        ));
        assert!(!may_act_on_client(
            &delegations,
            other,
            DelegationScope::View
        ));
        assert!(!may_see_activity(caseworker, Some(person), &at_centre, &[]));
    }
}
