//! The node types that feature modules name in each other's fields (a profile's
//! applications, an application's profile) and the profile payload several features
//! answer with: declared here, each resolved in its feature's module, so that features
//! import these and not each other.

use async_graphql::SimpleObject;
use skillbridge_domain::application;
use skillbridge_domain::career;
use skillbridge_domain::enrolment;
use skillbridge_domain::profile::{self, FieldProblem};

use crate::accounts::UserError;
use crate::problems::payload_of;

/// A migrant's skill profile. Contact, birth year, gender, origin and migration details
/// are special-category data: only the person (and, later, those they authorise) see them.
pub struct ProfileNode(pub profile::Profile);

pub struct ApplicationNode(pub application::Application);

/// A hire: the outcome caseworkers and funders report on.
pub struct PlacementNode(pub application::Placement);

/// A diploma, certificate or degree, and how far its recognition has got.
pub struct QualificationNode(pub career::Qualification);

/// A stretch of work: an ESCO occupation, or a title when none fits.
pub struct WorkExperienceNode(pub career::WorkExperience);

pub struct EnrolmentNode(pub enrolment::Enrolment);

#[derive(SimpleObject, Default)]
pub struct ProfilePayload {
    pub profile: Option<ProfileNode>,
    pub user_errors: Vec<UserError>,
}

payload_of!(ProfilePayload, profile::Profile, profile, ProfileNode);

pub(crate) fn problems(list: Vec<FieldProblem>) -> ProfilePayload {
    ProfilePayload {
        profile: None,
        user_errors: list.into_iter().map(Into::into).collect(),
    }
}
