//! The track opportunity lists (the app's `tracks`): for one track, the open vacancies it
//! puts first ranked for the person, and the courses it puts first that the person can
//! take.

use async_graphql::{Context, ID, Object, SimpleObject};
use skillbridge_domain::profile::Track as DomainTrack;

use crate::GqlResult;
use crate::context::app;
use crate::courses::{Cohort, CourseNode};
use crate::ids::page_size;
use crate::matches::{person, vacancy_matches};
use crate::matching::VacancyMatch;
use crate::values::Track;

/// What a track puts first for a person.
#[derive(SimpleObject)]
pub struct TrackOpportunities {
    pub track: Track,
    /// Whether the person may be in the track (YOUTH: aged 15 to 29 by birth year; the
    /// others: anyone who opts in). The lists are empty when not.
    pub eligible: bool,
    /// Why not, when not eligible.
    pub reason: Option<String>,
    /// Open vacancies the track puts first (aimed at the track, or of the contract types
    /// and inclusion support it favours), ranked for the person with explanations.
    pub vacancies: Vec<VacancyMatch>,
    /// Courses the track puts first (aimed at it; for WOMEN also those with childcare)
    /// with a cohort the person can take, soonest first.
    pub courses: Vec<TrackCourse>,
}

/// A course and the soonest cohort the person can take.
#[derive(SimpleObject)]
pub struct TrackCourse {
    pub course: CourseNode,
    pub next_cohort: Cohort,
}

async fn opportunities(
    ctx: &Context<'_>,
    track: DomainTrack,
    profile_id: Option<ID>,
    organisation_id: Option<ID>,
    first: i32,
) -> GqlResult<TrackOpportunities> {
    let first = page_size(Some(first))?;
    let profile = person(ctx, profile_id.as_ref(), organisation_id.as_ref()).await?;
    let found = app(ctx).track_opportunities(&profile, track, first).await?;
    Ok(TrackOpportunities {
        track: track.into(),
        eligible: found.eligible,
        reason: found.reason,
        vacancies: vacancy_matches(found.vacancies),
        courses: found
            .courses
            .into_iter()
            .map(|(course, cohort)| TrackCourse {
                course: CourseNode(course),
                next_cohort: cohort.into(),
            })
            .collect(),
    })
}

#[derive(Default)]
pub struct TrackQuery;

/// Each list is for the caller, or for a caseworker's client (`profileId` and
/// `organisationId`), and needs the person's consent to MATCHING.
#[Object]
impl TrackQuery {
    /// YOUTH (aged 15 to 29 by birth year): apprenticeships, internships, vacancies aimed
    /// at young people (first jobs) and youth courses.
    async fn youth_opportunities(
        &self,
        ctx: &Context<'_>,
        profile_id: Option<ID>,
        organisation_id: Option<ID>,
        #[graphql(default = 10)] first: i32,
    ) -> GqlResult<TrackOpportunities> {
        opportunities(ctx, DomainTrack::Youth, profile_id, organisation_id, first).await
    }

    /// WOMEN (self-declared): employers offering childcare, flexible hours, language
    /// support or mentoring, vacancies aimed at women, women-targeted courses and courses
    /// with childcare.
    async fn women_opportunities(
        &self,
        ctx: &Context<'_>,
        profile_id: Option<ID>,
        organisation_id: Option<ID>,
        #[graphql(default = 10)] first: i32,
    ) -> GqlResult<TrackOpportunities> {
        opportunities(ctx, DomainTrack::Women, profile_id, organisation_id, first).await
    }

    /// ENTREPRENEURSHIP (opt-in): business courses and vacancies aimed at the track; see
    /// also `myVentures` and `mentorMatches`.
    async fn entrepreneurship_opportunities(
        &self,
        ctx: &Context<'_>,
        profile_id: Option<ID>,
        organisation_id: Option<ID>,
        #[graphql(default = 10)] first: i32,
    ) -> GqlResult<TrackOpportunities> {
        opportunities(
            ctx,
            DomainTrack::Entrepreneurship,
            profile_id,
            organisation_id,
            first,
        )
        .await
    }
}
