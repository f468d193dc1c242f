//! Courses in GraphQL: training providers create courses and add cohorts; courses are public.

use crate::loaders::{CohortById, CourseById};
use async_graphql::connection::Connection;
use async_graphql::{Context, Enum, ID, InputObject, Object, Result, SimpleObject};
use chrono::{DateTime, Utc};
use skillbridge_domain::course::{self as domain};
use skillbridge_domain::{CohortId, CourseId, LanguageCode, OrganisationKind};

use crate::accounts::UserError;
use crate::connections::{TotalCount, keyed_page_request, listed_whole};
use crate::context::{app, loader};
use crate::course_input::{
    AddCohortInput, Audience, CancelCohortInput, CostOutput, CourseIdInput, CourseMode,
    CreateCourseInput, UpdateCohortInput, UpdateCourseInput,
};
use crate::guards::profile_target;
use crate::guards::{acting_for, require_user};
use crate::ids::{global_id, page_size, parse_cursor, parse_id};
use crate::loaders::{
    CohortsOf, CourseLanguagesOf, CourseSkillsOf, CourseTracksOf, OrganisationById,
};
use crate::loaders::{CoursePrerequisitesOf, SeatsTakenIn, WaitingIn};
use crate::nodes::EnrolmentNode;
use crate::organisations::OrganisationNode;
use crate::prime::prime_courses;
use crate::problems::{payload, payload_of};
use crate::scalars::Date;
use crate::search::{
    SearchTotals, WithinInput, faceted, load_hits, page_of, problem_error, run_search,
};
use crate::taxonomy::{CefrLevel, Language, SkillNode, with_skills};
use crate::values::{InclusionSupport, LocationOutput, Proficiency, Track, WorldRegion};
use crate::{ErrorCode, GqlError};
use skillbridge_app::courses::CohortForm;
use skillbridge_domain::course::Prerequisite;
use skillbridge_domain::enrolment::Enrolment;
use skillbridge_domain::search::CourseSearch;

#[derive(SimpleObject)]
pub struct CourseSkillOutput {
    pub skill: SkillNode,
    /// The proficiency the course takes people to.
    pub level: Proficiency,
}

#[derive(SimpleObject)]
pub struct MinimumLanguage {
    pub language: Language,
    pub level: CefrLevel,
}

/// What a language course teaches: the language and the level it leads to.
#[derive(SimpleObject)]
pub struct TaughtLanguage {
    pub language: Language,
    pub level_reached: CefrLevel,
}

/// One run of a course.
pub struct Cohort(pub domain::Cohort);

impl From<domain::Cohort> for Cohort {
    fn from(c: domain::Cohort) -> Self {
        Self(c)
    }
}

/// Why and when the provider cancelled a cohort.
#[derive(SimpleObject)]
pub struct CohortCancellation {
    pub reason: String,
    pub at: DateTime<Utc>,
}

#[Object]
impl Cohort {
    pub(crate) async fn id(&self) -> ID {
        global_id("Cohort", self.0.id.as_uuid())
    }
    async fn starts_on(&self) -> Date {
        Date(self.0.starts_on)
    }
    async fn ends_on(&self) -> Option<Date> {
        self.0.ends_on.map(Date)
    }
    async fn seats(&self) -> i32 {
        self.0.seats
    }
    /// Seats not given out yet (0 once cancelled).
    async fn seats_left(&self, ctx: &Context<'_>) -> Result<i64> {
        if !self.0.is_open() {
            return Ok(0);
        }
        let taken = loader(ctx)?
            .load_one(SeatsTakenIn(self.0.id))
            .await?
            .unwrap_or(0);
        Ok((i64::from(self.0.seats) - taken).max(0))
    }
    /// How many wait for a seat.
    async fn waitlist_length(&self, ctx: &Context<'_>) -> Result<i64> {
        Ok(loader(ctx)?
            .load_one(WaitingIn(self.0.id))
            .await?
            .unwrap_or(0))
    }
    /// Set when the provider cancelled the cohort.
    async fn cancelled(&self) -> Option<CohortCancellation> {
        self.0.cancelled.as_ref().map(|c| CohortCancellation {
            reason: c.reason.clone(),
            at: c.at,
        })
    }
    async fn course(&self, ctx: &Context<'_>) -> Result<Option<CourseNode>> {
        visible_course(ctx, self.0.course_id).await
    }
    /// Whether the caller (or, with `profileId` and `organisationId`, a caseworker's
    /// client) may enrol, and if not, every reason, with the prerequisite skills lacking.
    async fn eligibility(
        &self,
        ctx: &Context<'_>,
        profile_id: Option<ID>,
        organisation_id: Option<ID>,
    ) -> Result<CohortEligibility> {
        let target = profile_target(profile_id.as_ref(), organisation_id.as_ref())?;
        let user = require_user(ctx)?;
        let found = app(ctx)
            .cohort_eligibility(&user, target, self.0.id)
            .await
            .map_err(GqlError::from)?;
        Ok(CohortEligibility {
            eligible: found.problems.is_empty(),
            reasons: found.problems.into_iter().map(UserError).collect(),
            unmet_prerequisites: prerequisite_outputs(ctx, found.unmet).await?,
        })
    }
}

/// Whether a person may enrol in a cohort, and why not.
#[derive(SimpleObject)]
pub struct CohortEligibility {
    pub eligible: bool,
    /// Every rule unmet, each with its code (COHORT_CANCELLED, COURSE_ARCHIVED,
    /// NOT_IN_TRACK, LANGUAGE_LEVEL_TOO_LOW, PREREQUISITE_MISSING, EDUCATION_LEVEL_TOO_LOW,
    /// NOT_FOR_JOBSEEKERS, PROFILE_REQUIRED).
    pub reasons: Vec<UserError>,
    /// The prerequisite skills the person does not hold at the level asked.
    pub unmet_prerequisites: Vec<CourseSkillOutput>,
}

/// Prerequisites with their skills, for output.
async fn prerequisite_outputs(
    ctx: &Context<'_>,
    expected: Vec<Prerequisite>,
) -> Result<Vec<CourseSkillOutput>> {
    let expected = with_skills(ctx, expected, |p| p.skill_id).await?;
    Ok(expected
        .into_iter()
        .map(|(skill, p)| CourseSkillOutput {
            skill,
            level: p.level.into(),
        })
        .collect())
}

pub struct CourseNode(pub domain::Course);

#[Object(name = "Course")]
impl CourseNode {
    pub(crate) async fn id(&self) -> ID {
        global_id("Course", self.0.id.as_uuid())
    }
    async fn title(&self) -> &str {
        &self.0.title
    }
    async fn description(&self) -> &str {
        &self.0.description
    }
    /// The training provider.
    async fn organisation(&self, ctx: &Context<'_>) -> Result<Option<OrganisationNode>> {
        Ok(loader(ctx)?
            .load_one(OrganisationById(self.0.organisation_id))
            .await?
            .map(OrganisationNode))
    }
    async fn mode(&self) -> CourseMode {
        self.0.mode.into()
    }
    async fn location(&self) -> LocationOutput {
        (&self.0.location).into()
    }
    /// Null when free.
    async fn cost(&self) -> Option<CostOutput> {
        self.0.cost.as_ref().map(|c| CostOutput {
            amount: c.amount,
            currency: c.currency.clone(),
        })
    }
    async fn free(&self) -> bool {
        self.0.cost.is_none()
    }
    async fn credential_name(&self) -> Option<&str> {
        self.0.credential_name.as_deref()
    }
    async fn credential_eqf_level(&self) -> Option<i32> {
        self.0.credential_eqf_level
    }
    async fn audience(&self) -> Audience {
        self.0.audience.into()
    }
    /// For employers' staff: the inclusion support the course prepares them to give.
    async fn prepares_support(&self) -> Vec<InclusionSupport> {
        self.0
            .prepares_support
            .iter()
            .copied()
            .map(Into::into)
            .collect()
    }
    /// For employers' staff: the regions of origin whose cultures the course covers.
    async fn origin_regions(&self) -> Vec<WorldRegion> {
        self.0
            .origin_regions
            .iter()
            .copied()
            .map(Into::into)
            .collect()
    }
    async fn min_language(&self) -> Option<MinimumLanguage> {
        self.0
            .min_language
            .map(|(language, level)| MinimumLanguage {
                language: Language::of(language, None),
                level: level.into(),
            })
    }
    async fn teaches_language(&self) -> Option<TaughtLanguage> {
        self.0
            .teaches_language
            .map(|(language, level)| TaughtLanguage {
                language: Language::of(language, None),
                level_reached: level.into(),
            })
    }
    async fn childcare(&self) -> bool {
        self.0.childcare
    }
    async fn stipend(&self) -> bool {
        self.0.stipend
    }
    async fn transport(&self) -> bool {
        self.0.transport
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    /// PUBLISHED, or ARCHIVED: out of the catalogue, taking no new cohorts or enrolments.
    async fn status(&self) -> CourseStatus {
        self.0.status.into()
    }
    async fn skills(&self, ctx: &Context<'_>) -> Result<Vec<CourseSkillOutput>> {
        let taught = loader(ctx)?
            .load_one(CourseSkillsOf(self.0.id))
            .await?
            .unwrap_or_default();
        let taught = with_skills(ctx, taught, |t| t.skill_id).await?;
        Ok(taught
            .into_iter()
            .map(|(skill, t)| CourseSkillOutput {
                skill,
                level: t.level_reached.into(),
            })
            .collect())
    }
    /// Skills the course expects at the start, each at `level` or above.
    async fn prerequisites(&self, ctx: &Context<'_>) -> Result<Vec<CourseSkillOutput>> {
        let expected = loader(ctx)?
            .load_one(CoursePrerequisitesOf(self.0.id))
            .await?
            .unwrap_or_default();
        prerequisite_outputs(ctx, expected).await
    }
    /// The education the course expects, as an EQF level (1 to 8).
    async fn min_eqf_level(&self) -> Option<i32> {
        self.0.min_eqf_level
    }
    /// Languages of instruction.
    async fn languages(&self, ctx: &Context<'_>) -> Result<Vec<Language>> {
        let languages = loader(ctx)?
            .load_one(CourseLanguagesOf(self.0.id))
            .await?
            .unwrap_or_default();
        Ok(languages
            .into_iter()
            .map(|l| Language::of(l, None))
            .collect())
    }
    /// The tracks the course is for; empty when it is open to everyone.
    async fn tracks(&self, ctx: &Context<'_>) -> Result<Vec<Track>> {
        let tracks = loader(ctx)?
            .load_one(CourseTracksOf(self.0.id))
            .await?
            .unwrap_or_default();
        Ok(tracks.into_iter().map(Into::into).collect())
    }
    /// Cohorts, earliest first.
    /// Runs of the course, by start date.
    #[graphql(complexity = "page_size(first).unwrap_or(20) * child_complexity")]
    async fn cohorts(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Connection<String, Cohort, TotalCount>> {
        let page = keyed_page_request(first, after.as_deref())?;
        let cohorts = loader(ctx)?
            .load_one(CohortsOf(self.0.id))
            .await?
            .unwrap_or_default();
        let rows = cohorts
            .into_iter()
            .map(|c| {
                let at = skillbridge_domain::Position {
                    key: c.starts_on.to_string(),
                    tiebreak: c.id.as_uuid().to_string(),
                };
                (at, c)
            })
            .collect();
        Ok(listed_whole(
            rows,
            skillbridge_domain::Order::OldestFirst,
            &page,
            Cohort::from,
        ))
    }
}

/// Whether a course is in the catalogue.
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(remote = "skillbridge_domain::course::CourseStatus")]
pub enum CourseStatus {
    /// Reserved: courses are published when created.
    Draft,
    Published,
    /// Out of the catalogue and search; its cohorts and enrolments are kept for the record.
    Archived,
}

#[derive(InputObject, Default)]
#[graphql(name = "CourseFilter")]
pub struct CourseFilterInput {
    /// One training provider's courses.
    pub organisation_id: Option<ID>,
    #[graphql(deprecation = "use modes")]
    pub mode: Option<CourseMode>,
    /// Any of these modes.
    #[graphql(default)]
    pub modes: Vec<CourseMode>,
    #[graphql(default)]
    pub free_only: bool,
    /// Only courses with a cohort still to start that starts on or before this day.
    pub starts_before: Option<Date>,
    /// Only courses with a seat left in a cohort still to start.
    #[graphql(default)]
    pub has_free_seats: bool,
    /// Only courses offering childcare.
    #[graphql(default)]
    pub childcare: bool,
    /// Only courses taught in any of these languages (ISO 639-1).
    #[graphql(default)]
    pub languages: Vec<String>,
    /// Courses for any of these tracks.
    #[graphql(default)]
    pub tracks: Vec<Track>,
    /// Only courses for this audience (JOBSEEKERS, or EMPLOYER_STAFF for employers
    /// training their staff).
    pub audience: Option<Audience>,
    /// Only courses held within this circle.
    pub within: Option<WithinInput>,
}

/// How courses are ordered.
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(remote = "skillbridge_domain::search::CourseOrder")]
pub enum CourseOrder {
    /// Best text match first (newest first without a query).
    Relevance,
    Newest,
    /// The next cohort to start first; courses with none still to start last.
    StartingSoon,
    /// Nearest to `filter.within`'s point first.
    Distance,
}

#[derive(SimpleObject, Default)]
pub struct CoursePayload {
    pub course: Option<CourseNode>,
    pub user_errors: Vec<UserError>,
}

#[derive(SimpleObject, Default)]
pub struct CohortPayload {
    pub cohort: Option<Cohort>,
    /// For `updateCohort`: those waiting who got a seat; for `cancelCohort`: every seat
    /// and waiting-list place that ended with the cohort.
    pub enrolments: Vec<EnrolmentNode>,
    pub user_errors: Vec<UserError>,
}

impl crate::problems::Payload for CohortPayload {
    /// The cohort and the enrolments the change moved.
    type Made = (domain::Cohort, Vec<Enrolment>);

    fn made((cohort, enrolments): Self::Made) -> Self {
        Self {
            cohort: Some(Cohort(cohort)),
            enrolments: enrolments.into_iter().map(EnrolmentNode).collect(),
            user_errors: Vec::new(),
        }
    }

    fn refused(user_errors: Vec<UserError>) -> Self {
        Self {
            user_errors,
            ..Default::default()
        }
    }
}

payload_of!(CoursePayload, domain::Course, course, CourseNode);

/// A cohort: public, like its course.
pub(crate) async fn visible_cohort(ctx: &Context<'_>, id: CohortId) -> Result<Option<Cohort>> {
    Ok(loader(ctx)?
        .load_one(CohortById(id))
        .await?
        .map(Cohort::from))
}

/// A course: every course is public.
pub(crate) async fn visible_course(ctx: &Context<'_>, id: CourseId) -> Result<Option<CourseNode>> {
    Ok(loader(ctx)?.load_one(CourseById(id)).await?.map(CourseNode))
}

#[derive(Default)]
pub struct CourseQuery;

#[Object]
impl CourseQuery {
    async fn course(&self, ctx: &Context<'_>, id: ID) -> Result<Option<CourseNode>> {
        visible_course(ctx, parse_id(&id)?).await
    }

    /// Courses. `query` searches titles, descriptions and the taught skills' labels in
    /// every language (typos and unfinished words allowed). Ordered by `orderBy`: without
    /// it, best match first with a query, newest first without. `facets` counts mode,
    /// free, childcare, language (of instruction), hasFreeSeats and track over all matches.
    #[graphql(complexity = "page_size(first).unwrap_or(20) * child_complexity")]
    async fn courses(
        &self,
        ctx: &Context<'_>,
        query: Option<String>,
        filter: Option<CourseFilterInput>,
        first: Option<i32>,
        after: Option<String>,
        order_by: Option<CourseOrder>,
    ) -> Result<Connection<String, CourseNode, SearchTotals>> {
        let first = page_size(first)?;
        let after = after.as_deref().map(parse_cursor).transpose()?;
        let filter = filter.unwrap_or_default();
        let organisation: Option<skillbridge_domain::OrganisationId> =
            filter.organisation_id.as_ref().map(parse_id).transpose()?;
        let languages = filter
            .languages
            .iter()
            .map(|l| {
                LanguageCode::parse(l).map_err(|err| {
                    GqlError::new(ErrorCode::BadUserInput, format!("filter.languages: {err}"))
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        let search = CourseSearch {
            text: query,
            organisation,
            modes: filter
                .modes
                .iter()
                .chain(filter.mode.iter())
                .map(|&m| m.into())
                .collect(),
            free_only: filter.free_only,
            starts_before: filter.starts_before.map(|d| d.0),
            has_free_seats: filter.has_free_seats,
            childcare: filter.childcare,
            languages,
            tracks: filter.tracks.iter().map(|&t| t.into()).collect(),
            audience: filter.audience.map(Into::into),
            within: filter
                .within
                .as_ref()
                .map(WithinInput::radius)
                .transpose()?,
            order: order_by.map(Into::into),
        };
        let request = search.request().map_err(problem_error)?;
        let (found, offset) = run_search(ctx, request, first, after.as_ref()).await?;
        let rows = load_hits(ctx, &found, |id| CourseById(CourseId::from_uuid(id))).await?;
        // Every course is public; one removed since it was indexed drops out.
        let page = page_of(&found, offset, rows, |_| true);
        let items: Vec<&domain::Course> = page.iter().map(|(_, _, c)| c).collect();
        prime_courses(ctx, &items).await?;
        Ok(faceted(&found, offset, page, CourseNode))
    }
}

#[derive(Default)]
pub struct CourseMutation;

#[Object]
impl CourseMutation {
    /// Creates a course for your training provider. Nothing is saved when any field is
    /// wrong.
    async fn create_course(
        &self,
        ctx: &Context<'_>,
        input: CreateCourseInput,
    ) -> Result<CoursePayload> {
        let (_, organisation) = acting_for(
            ctx,
            &input.organisation_id,
            OrganisationKind::TrainingProvider,
        )
        .await?;
        Ok(payload(
            app(ctx)
                .create_course(organisation.id, input.into_form())
                .await,
        )?)
    }

    /// Adds a cohort (dates and seats) to one of your courses.
    async fn add_cohort(&self, ctx: &Context<'_>, input: AddCohortInput) -> Result<CohortPayload> {
        let id: CourseId = parse_id(&input.course_id)?;
        let user = require_user(ctx)?;
        let course = app(ctx)
            .owned_course(&user, id)
            .await
            .map_err(GqlError::from)?;
        let form = CohortForm {
            starts_on: input.starts_on.0,
            ends_on: input.ends_on.map(|d| d.0),
            seats: input.seats,
        };
        Ok(payload(
            app(ctx)
                .add_cohort(&course, form)
                .await
                .map(|cohort| (cohort, Vec::new())),
        )?)
    }

    /// Changes one of your courses. Fields left out stay; `null` clears an optional one; a
    /// list given replaces the list. Nothing is saved when any field is wrong; an archived
    /// course does not change.
    async fn update_course(
        &self,
        ctx: &Context<'_>,
        input: UpdateCourseInput,
    ) -> Result<CoursePayload> {
        let course = owned_course(ctx, &input.course_id).await?;
        let app = app(ctx);
        let current = app
            .course_details(&course)
            .await
            .map_err(|err| GqlError::from(skillbridge_app::ServiceError::from(err)))?;
        Ok(payload(
            app.update_course(&course, input.into_form(current)).await,
        )?)
    }

    /// Takes one of your courses out of the catalogue and search: it takes no new cohorts
    /// or enrolments; its cohorts and enrolments are kept for the record.
    async fn archive_course(
        &self,
        ctx: &Context<'_>,
        input: CourseIdInput,
    ) -> Result<CoursePayload> {
        let course = owned_course(ctx, &input.course_id).await?;
        Ok(payload(app(ctx).archive_course(&course).await)?)
    }

    /// Changes the dates or seats of a cohort of yours. More seats confirm those waiting,
    /// in arrival order; fewer than are given out is refused (SEATS_BELOW_CONFIRMED).
    async fn update_cohort(
        &self,
        ctx: &Context<'_>,
        input: UpdateCohortInput,
    ) -> Result<CohortPayload> {
        let id: CohortId = parse_id(&input.cohort_id)?;
        let user = require_user(ctx)?;
        let current = loader(ctx)?
            .load_one(CohortById(id))
            .await?
            .ok_or_else(|| GqlError::new(ErrorCode::NotFound, "cohort not found"))?;
        let form = input.into_form(&current);
        Ok(payload(app(ctx).update_cohort(&user, id, form).await)?)
    }

    /// Cancels a cohort of yours, saying why: every seat and waiting-list place in it ends
    /// CANCELLED_BY_PROVIDER, and the people hear of it through `enrolmentUpdates`.
    async fn cancel_cohort(
        &self,
        ctx: &Context<'_>,
        input: CancelCohortInput,
    ) -> Result<CohortPayload> {
        let id: CohortId = parse_id(&input.cohort_id)?;
        let user = require_user(ctx)?;
        Ok(payload(
            app(ctx).cancel_cohort(&user, id, &input.reason).await,
        )?)
    }
}

/// A course of a training provider the caller acts for: NOT_FOUND or FORBIDDEN otherwise.
async fn owned_course(ctx: &Context<'_>, id: &ID) -> Result<domain::Course> {
    let id: CourseId = parse_id(id)?;
    let user = require_user(ctx)?;
    Ok(app(ctx)
        .owned_course(&user, id)
        .await
        .map_err(GqlError::from)?)
}
