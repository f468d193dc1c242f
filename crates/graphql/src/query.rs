//! The query root, merged from one object per area.

use async_graphql::{MergedObject, Object};

use crate::accounts::{AccountMutation, AccountQuery};
use crate::action_plans::{ActionPlanMutation, ActionPlanQuery};
use crate::applications::{ApplicationMutation, ApplicationQuery};
use crate::candidates::{CandidateMutation, CandidateQuery};
use crate::career::CareerMutation;
use crate::courses::{CourseMutation, CourseQuery};
use crate::delegation::{DelegationMutation, DelegationQuery};
use crate::directory::{DirectoryMutation, DirectoryQuery};
use crate::enrolments::{EnrolmentMutation, EnrolmentQuery};
use crate::fairness::{FairnessMutation, FairnessQuery};
use crate::follow_up::{FollowUpMutation, FollowUpQuery};
use crate::gaps::GapQuery;
use crate::insights::InsightsQuery;
use crate::matches::MatchQuery;
use crate::mentoring::{MentoringMutation, MentoringQuery};
use crate::node::NodeQuery;
use crate::organisations::{OrganisationMutation, OrganisationQuery};
use crate::prefill::{PrefillMutation, PrefillQuery};
use crate::privacy::{PrivacyMutation, PrivacyQuery};
use crate::profiles::{ProfileMutation, ProfileQuery};
use crate::staff_training::{StaffTrainingMutation, StaffTrainingQuery};
use crate::statistics::StatisticsQuery;
use crate::suggestions::SuggestionQuery;
use crate::taxonomy::TaxonomyQuery;
use crate::tracks::TrackQuery;
use crate::vacancies::{VacancyMutation, VacancyQuery};
use crate::vacancy_search::VacancySearchQuery;
use crate::ventures::{VentureMutation, VentureQuery};

/// Read access to Skillbridge.
#[derive(MergedObject, Default)]
pub struct Query(
    MetaQuery,
    AccountQuery,
    ActionPlanQuery,
    ApplicationQuery,
    CandidateQuery,
    CourseQuery,
    DelegationQuery,
    DirectoryQuery,
    EnrolmentQuery,
    GapQuery,
    MatchQuery,
    NodeQuery,
    OrganisationQuery,
    PrefillQuery,
    PrivacyQuery,
    ProfileQuery,
    SuggestionQuery,
    TaxonomyQuery,
    TrackQuery,
    VacancyQuery,
    VacancySearchQuery,
    VentureQuery,
    MentoringQuery,
    FollowUpQuery,
    StaffTrainingQuery,
    StatisticsQuery,
    InsightsQuery,
    FairnessQuery,
);

/// Changes, each taking one `input` and answering a payload with `userErrors`.
#[derive(MergedObject, Default)]
pub struct Mutation(
    AccountMutation,
    ActionPlanMutation,
    ApplicationMutation,
    CandidateMutation,
    CareerMutation,
    CourseMutation,
    DelegationMutation,
    DirectoryMutation,
    EnrolmentMutation,
    OrganisationMutation,
    PrefillMutation,
    PrivacyMutation,
    ProfileMutation,
    VacancyMutation,
    VentureMutation,
    MentoringMutation,
    FollowUpMutation,
    StaffTrainingMutation,
    FairnessMutation,
);

/// About the API itself.
#[derive(Default)]
pub struct MetaQuery;

#[Object]
impl MetaQuery {
    /// The version of the Skillbridge API answering this request.
    async fn api_version(&self) -> &'static str {
        env!("CARGO_PKG_VERSION")
    }
}
