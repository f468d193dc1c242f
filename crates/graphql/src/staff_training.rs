//! Employers train their staff in GraphQL: members of an employer book seats for named staff
//! in cohorts of courses for employers' staff; the employer and the provider see bookings.

use async_graphql::{Context, Enum, ID, InputObject, Object, Result, SimpleObject};
use chrono::{DateTime, Utc};
use skillbridge_domain::enrolment::StaffEnrolment;
use skillbridge_domain::{CohortId, OrganisationId};
use uuid::Uuid;

use crate::accounts::UserError;
use crate::context::{app, current_user, loader};
use crate::courses::{Cohort, CourseNode, visible_course};
use crate::guards::require_user;
use crate::ids::{global_id, page_size, parse_id, uuid_if_of};
use crate::loaders::{CohortById, OrganisationById};
use crate::organisations::OrganisationNode;
use crate::problems::{payload, payload_of};
use crate::values::{InclusionSupport, WorldRegion};
use crate::{GqlError, GqlResult};

/// Where a booking stands.
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(remote = "skillbridge_domain::enrolment::StaffEnrolmentStatus")]
pub enum StaffEnrolmentStatus {
    Confirmed,
    Cancelled,
}

/// Seats an employer booked in a cohort for named staff.
pub struct StaffEnrolmentNode(pub StaffEnrolment);

#[Object(name = "StaffEnrolment")]
impl StaffEnrolmentNode {
    pub(crate) async fn id(&self) -> ID {
        global_id("StaffEnrolment", &self.0.id)
    }
    async fn cohort(&self, ctx: &Context<'_>) -> Result<Option<Cohort>> {
        Ok(loader(ctx)?
            .load_one(CohortById(self.0.cohort_id))
            .await?
            .map(Into::into))
    }
    async fn course(&self, ctx: &Context<'_>) -> Result<Option<CourseNode>> {
        let Some(cohort) = loader(ctx)?.load_one(CohortById(self.0.cohort_id)).await? else {
            return Ok(None);
        };
        visible_course(ctx, cohort.course_id).await
    }
    /// The employer.
    async fn organisation(&self, ctx: &Context<'_>) -> Result<Option<OrganisationNode>> {
        Ok(loader(ctx)?
            .load_one(OrganisationById(self.0.organisation_id))
            .await?
            .map(OrganisationNode))
    }
    async fn seats(&self) -> i32 {
        self.0.seats
    }
    /// The participants, as many as seats at most.
    async fn names(&self) -> &[String] {
        &self.0.names
    }
    async fn status(&self) -> StaffEnrolmentStatus {
        self.0.status.into()
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}

#[derive(InputObject)]
pub struct EnrolStaffInput {
    /// A cohort of a course for EMPLOYER_STAFF.
    pub cohort_id: ID,
    /// The employer organisation you book for.
    pub organisation_id: ID,
    /// 1 to 200; fewer seats left is NOT_ENOUGH_SEATS, and nothing is booked.
    pub seats: i32,
    /// The participants, at most one a seat.
    #[graphql(default)]
    pub names: Vec<String>,
}

#[derive(InputObject)]
pub struct CancelStaffEnrolmentInput {
    pub staff_enrolment_id: ID,
}

#[derive(SimpleObject, Default)]
pub struct StaffEnrolmentPayload {
    pub staff_enrolment: Option<StaffEnrolmentNode>,
    pub user_errors: Vec<UserError>,
}

payload_of!(
    StaffEnrolmentPayload,
    StaffEnrolment,
    staff_enrolment,
    StaffEnrolmentNode
);

/// A course for staff recommended to an employer, and why.
#[derive(SimpleObject)]
pub struct StaffCourseRecommendation {
    pub course: CourseNode,
    /// The soonest cohort with seats left.
    pub cohort: Cohort,
    pub seats_left: i32,
    /// 0 to 1: half for the support it prepares for (the share of your vacancies offering
    /// it), half for covering a region your hires come from.
    pub score: f64,
    /// The inclusion support your vacancies offer that the course prepares staff for.
    pub support: Vec<InclusionSupport>,
    /// The regions of origin of at least five consenting hires that the course covers.
    pub origin_regions: Vec<WorldRegion>,
}

#[derive(Default)]
pub struct StaffTrainingQuery;

#[Object]
impl StaffTrainingQuery {
    /// Your employer's bookings of training for its staff, newest first.
    async fn staff_enrolments(
        &self,
        ctx: &Context<'_>,
        organisation_id: ID,
    ) -> GqlResult<Vec<StaffEnrolmentNode>> {
        let organisation: OrganisationId = parse_id(&organisation_id)?;
        let user = require_user(ctx)?;
        let found = app(ctx)
            .staff_enrolments_of_organisation(&user, organisation)
            .await?;
        Ok(found.into_iter().map(StaffEnrolmentNode).collect())
    }

    /// Courses for staff recommended to your employer, best first (at most `first`, 0 to
    /// 100), each with its soonest cohort with seats left: by the inclusion support your
    /// vacancies offer and, in aggregate only, the regions of origin at least five of the
    /// people you hired come from (counting only people who consented to ANALYTICS).
    async fn staff_course_recommendations(
        &self,
        ctx: &Context<'_>,
        organisation_id: ID,
        #[graphql(default = 10)] first: i32,
    ) -> GqlResult<Vec<StaffCourseRecommendation>> {
        let first = page_size(Some(first))?;
        let organisation: OrganisationId = parse_id(&organisation_id)?;
        let user = require_user(ctx)?;
        let found = app(ctx)
            .staff_course_recommendations(&user, organisation, first)
            .await?;
        Ok(found
            .into_iter()
            .map(|r| StaffCourseRecommendation {
                course: CourseNode(r.course),
                cohort: r.cohort.into(),
                seats_left: i32::try_from(r.seats_left).unwrap_or(i32::MAX),
                score: r.fit.score,
                support: r.fit.support.into_iter().map(Into::into).collect(),
                origin_regions: r.fit.regions.into_iter().map(Into::into).collect(),
            })
            .collect())
    }

    /// Employers' bookings in a cohort of yours, oldest first.
    async fn cohort_staff_enrolments(
        &self,
        ctx: &Context<'_>,
        cohort_id: ID,
    ) -> GqlResult<Vec<StaffEnrolmentNode>> {
        let cohort: CohortId = parse_id(&cohort_id)?;
        let user = require_user(ctx)?;
        let found = app(ctx).staff_enrolments_of_cohort(&user, cohort).await?;
        Ok(found.into_iter().map(StaffEnrolmentNode).collect())
    }
}

#[derive(Default)]
pub struct StaffTrainingMutation;

#[Object]
impl StaffTrainingMutation {
    /// Books seats in a cohort of a course for employers' staff (intercultural and
    /// inclusion training) for your employer's staff, all or none; they count against the
    /// cohort's seats like anyone's.
    async fn enrol_staff(
        &self,
        ctx: &Context<'_>,
        input: EnrolStaffInput,
    ) -> GqlResult<StaffEnrolmentPayload> {
        let cohort: CohortId = parse_id(&input.cohort_id)?;
        let organisation: OrganisationId = parse_id(&input.organisation_id)?;
        let user = require_user(ctx)?;
        payload(
            app(ctx)
                .enrol_staff(&user, cohort, organisation, input.seats, input.names)
                .await,
        )
    }

    /// Cancels a booking (the employer that made it, or the provider); its seats are free
    /// again.
    async fn cancel_staff_enrolment(
        &self,
        ctx: &Context<'_>,
        input: CancelStaffEnrolmentInput,
    ) -> GqlResult<StaffEnrolmentPayload> {
        let user = require_user(ctx)?;
        let id = uuid_if_of(&input.staff_enrolment_id, "StaffEnrolment");
        payload(app(ctx).cancel_staff_enrolment(&user, id).await)
    }
}

/// A booking, for the employer that made it and the provider that runs the cohort.
pub(crate) async fn visible_staff_enrolment(
    ctx: &Context<'_>,
    id: Uuid,
) -> Result<Option<StaffEnrolmentNode>> {
    let Some(user) = current_user(ctx) else {
        return Ok(None);
    };
    Ok(app(ctx)
        .visible_staff_enrolment(&user, Some(id))
        .await
        .map_err(GqlError::from)?
        .map(StaffEnrolmentNode))
}
