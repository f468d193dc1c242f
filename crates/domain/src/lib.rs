//! The Skillbridge domain: entities, newtype ids, domain errors and the repository traits.
//!
//! This crate knows nothing of SQL, HTTP or GraphQL. Storage and search crates implement
//! its traits; the application layer (`skillbridge-app`) calls them.

pub mod action_plan;
pub mod analysis;
pub mod anonymity;
pub mod application;
pub mod auth;
pub mod availability;
pub mod bulk;
pub mod career;
pub mod census;
pub mod clock;
mod codes;
pub mod contact;
pub mod course;
pub mod delegation;
pub mod disclosure;
pub mod email;
pub mod employment;
pub mod enrolment;
pub mod error;
pub mod events;
pub mod fairness;
pub mod follow_up;
pub mod id;
pub mod insights;
pub mod language;
pub mod location;
pub mod match_index;
pub mod matching;
pub mod mentions;
pub mod mentoring;
pub mod migrations;
pub mod organisation;
pub mod page;
pub mod pathway;
pub mod policy;
pub mod prefill;
pub mod privacy;
pub mod problem;
pub mod profile;
pub mod recommend;
pub mod search;
pub mod shortage;
pub mod skills;
pub mod staff_training;
pub mod statistics;
pub mod store;
pub mod support;
pub mod taxonomy;
pub mod text_rank;
pub mod track;
pub mod user;
pub mod vacancy;
pub mod venture;
pub mod world_region;

pub use auth::{AuthRepository, NewRefreshToken, RefreshOutcome};
pub use email::Email;
pub use error::{StoreError, StoreResult};
pub use id::{
    CohortId, CourseId, OccupationId, OrganisationId, ProfileId, ShortageId, SkillId, UserId,
    VacancyId,
};
pub use language::{CefrLevel, LanguageCode};
pub use organisation::{
    Invitation, InvitationOutcome, Membership, MembershipRole, NewInvitation, NewOrganisation,
    Organisation, OrganisationKind,
};
pub use page::{Order, Page, PageRequest, Position};
pub use privacy::{
    ConsentChannel, ConsentPurpose, ConsentRecord, ConsentSubject, PrivacyRepository,
};
pub use problem::{FieldProblem, ProblemCode};
pub use store::{
    OrganisationRepository, Readiness, ReadinessCheck, ShortageRepository, Store, TaxonomyImport,
    TaxonomyRepository, UserRepository,
};
pub use user::{NewUser, Role, User};
