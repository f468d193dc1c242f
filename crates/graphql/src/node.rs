//! Relay's object identification: the `Node` interface and `node(id:)` / `nodes(ids:)`.
//! Each type is found through the same rule as its own query (`vacancy(id:)`, ...), so an
//! id says no more than that query would: one the caller may not see is null, like one
//! that does not exist.

use crate::context::loader;
use crate::loaders::{OccupationById, SkillById};
use async_graphql::{Context, ID, Interface, Object, Result};
use skillbridge_domain::{
    CohortId, CourseId, OccupationId, OrganisationId, ProfileId, ShortageId, SkillId, VacancyId,
};

use crate::accounts::{UserNode, visible_user};
use crate::action_plans::{GoalNode, StepNode, visible_goal, visible_step};
use crate::applications::{visible_application, visible_placement};
use crate::candidates::{CandidateCard, ContactRequestNode, visible_card, visible_contact_request};
use crate::career::{visible_experience, visible_qualification};
use crate::courses::{Cohort, CourseNode, visible_cohort, visible_course};
use crate::directory::{SupportRequestNode, visible_support_request};
use crate::enrolments::visible_enrolment;
use crate::ids::parse_global_id;
use crate::mentoring::{
    MentorNode, MentorOfferNode, MentoringRequestNode, visible_mentor, visible_mentor_offer,
    visible_mentoring_request,
};
use crate::nodes::EnrolmentNode;
use crate::nodes::ProfileNode;
use crate::nodes::{ApplicationNode, PlacementNode};
use crate::nodes::{QualificationNode, WorkExperienceNode};
use crate::organisations::{
    InvitationNode, OrganisationNode, visible_invitation, visible_organisation,
};
use crate::profiles::visible_profile;
use crate::taxonomy::{OccupationNode, ShortageOccupation, SkillNode, shortage_node};
use crate::vacancies::{VacancyNode, visible_vacancy};
use crate::ventures::{VentureNode, visible_venture};
use crate::{ErrorCode, GqlError};

/// The most ids one `nodes` call may ask for.
const MAX_NODES: usize = 100;

/// An object with a global id, fetchable with `node(id:)`.
#[derive(Interface)]
#[graphql(field(name = "id", ty = "ID", desc = "An opaque global id."))]
pub enum Node {
    Skill(SkillNode),
    Occupation(OccupationNode),
    Vacancy(VacancyNode),
    Course(CourseNode),
    Cohort(Cohort),
    Organisation(OrganisationNode),
    Application(ApplicationNode),
    Enrolment(EnrolmentNode),
    Placement(PlacementNode),
    ContactRequest(ContactRequestNode),
    User(UserNode),
    Profile(ProfileNode),
    Qualification(QualificationNode),
    WorkExperience(WorkExperienceNode),
    Venture(VentureNode),
    ShortageOccupation(ShortageOccupation),
    Invitation(InvitationNode),
    MentorOffer(MentorOfferNode),
    Mentor(MentorNode),
    MentoringRequest(MentoringRequestNode),
    StaffEnrolment(crate::staff_training::StaffEnrolmentNode),
    CandidateCard(CandidateCard),
    SupportRequest(SupportRequestNode),
    ActionPlanGoal(GoalNode),
    ActionPlanStep(StepNode),
    FairnessReport(crate::fairness::FairnessReportNode),
}

#[derive(Default)]
pub struct NodeQuery;

#[Object]
impl NodeQuery {
    /// Any object by its global id; null when there is none the caller may see.
    async fn node(&self, ctx: &Context<'_>, id: ID) -> Result<Option<Node>> {
        find(ctx, &id).await
    }

    /// Several objects by their global ids, in the order asked, null where `node` would be
    /// (at most 100).
    #[graphql(complexity = "ids.len() * child_complexity")]
    async fn nodes(&self, ctx: &Context<'_>, ids: Vec<ID>) -> Result<Vec<Option<Node>>> {
        if ids.len() > MAX_NODES {
            return Err(
                GqlError::new(ErrorCode::BadUserInput, "`ids` holds at most 100 ids").into(),
            );
        }
        let mut found = Vec::with_capacity(ids.len());
        for id in &ids {
            found.push(find(ctx, id).await?);
        }
        Ok(found)
    }
}

/// The object a global id names, if the caller may see it.
async fn find(ctx: &Context<'_>, id: &ID) -> Result<Option<Node>> {
    let (type_name, uuid) = parse_global_id(id)?;
    let loader = loader(ctx)?;
    Ok(match type_name.as_str() {
        "Skill" => loader
            .load_one(SkillById(SkillId::from_uuid(uuid)))
            .await?
            .map(|s| Node::Skill(SkillNode(s))),
        "Occupation" => loader
            .load_one(OccupationById(OccupationId::from_uuid(uuid)))
            .await?
            .map(|o| Node::Occupation(OccupationNode(o))),
        "Vacancy" => visible_vacancy(ctx, VacancyId::from_uuid(uuid))
            .await?
            .map(Node::Vacancy),
        "Course" => visible_course(ctx, CourseId::from_uuid(uuid))
            .await?
            .map(Node::Course),
        "Cohort" => visible_cohort(ctx, CohortId::from_uuid(uuid))
            .await?
            .map(Node::Cohort),
        "Organisation" => visible_organisation(ctx, OrganisationId::from_uuid(uuid))
            .await?
            .map(Node::Organisation),
        "Application" => visible_application(ctx, uuid).await?.map(Node::Application),
        "Enrolment" => visible_enrolment(ctx, uuid).await?.map(Node::Enrolment),
        "Placement" => visible_placement(ctx, uuid).await?.map(Node::Placement),
        "ContactRequest" => visible_contact_request(ctx, uuid)
            .await?
            .map(Node::ContactRequest),
        "User" => visible_user(ctx, uuid).await?.map(Node::User),
        "Profile" => visible_profile(ctx, ProfileId::from_uuid(uuid))
            .await?
            .map(Node::Profile),
        "Qualification" => visible_qualification(ctx, uuid)
            .await?
            .map(Node::Qualification),
        "WorkExperience" => visible_experience(ctx, uuid)
            .await?
            .map(Node::WorkExperience),
        "Venture" => visible_venture(ctx, uuid).await?.map(Node::Venture),
        "Invitation" => visible_invitation(ctx, uuid).await?.map(Node::Invitation),
        "ActionPlanGoal" => visible_goal(ctx, uuid).await?.map(Node::ActionPlanGoal),
        "ActionPlanStep" => visible_step(ctx, uuid).await?.map(Node::ActionPlanStep),
        "SupportRequest" => visible_support_request(ctx, uuid)
            .await?
            .map(Node::SupportRequest),
        "MentorOffer" => visible_mentor_offer(ctx, uuid)
            .await?
            .map(Node::MentorOffer),
        "Mentor" => visible_mentor(ctx, uuid).await?.map(Node::Mentor),
        "StaffEnrolment" => crate::staff_training::visible_staff_enrolment(ctx, uuid)
            .await?
            .map(Node::StaffEnrolment),
        "FairnessReport" => crate::fairness::visible_fairness_report(ctx, uuid)
            .await?
            .map(Node::FairnessReport),
        "MentoringRequest" => visible_mentoring_request(ctx, uuid)
            .await?
            .map(Node::MentoringRequest),
        // A card's id names the person as a candidate.
        "Candidate" => visible_card(ctx, id).await?.map(Node::CandidateCard),
        "ShortageOccupation" => shortage_node(ctx, ShortageId::from_uuid(uuid))
            .await?
            .map(Node::ShortageOccupation),
        _ => None,
    })
}
