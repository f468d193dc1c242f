//! The track opportunity lists: for one track, the open vacancies it puts first ranked for
//! the person, and the courses it puts first that the person can take. One mechanism for
//! every track, driven by the track rules in `skillbridge_domain::track`.

use std::collections::HashMap;
use std::sync::Arc;

use async_graphql::{Context, ID, Object, Result, SimpleObject};
use chrono::Utc;
use skillbridge_domain::match_index::OpeningFilter;
use skillbridge_domain::pathway::available;
use skillbridge_domain::profile::{ProfileDetails, Track as DomainTrack};
use skillbridge_domain::track::{self, eligible, validate_tracks};
use skillbridge_domain::{CourseId, Store};

use crate::GqlError;
use crate::courses::{Cohort, CourseNode};
use crate::ids::page_size;
use crate::matches::{person, require_matching_consent, vacancy_matches};
use crate::matching::VacancyMatch;
use crate::profiles::Track;
use skillbridge_app::matching::seeker_of;
use skillbridge_app::pathways::cohort_options;

/// How many courses a track list considers before picking the soonest.
const COURSE_POOL: usize = 500;

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
) -> Result<TrackOpportunities> {
    let first = page_size(Some(first))?;
    let profile = person(ctx, profile_id.as_ref(), organisation_id.as_ref()).await?;
    let store: Arc<dyn Store> = crate::context::store(ctx).clone();
    require_matching_consent(ctx, &profile).await?;
    let today = Utc::now().date_naive();
    if !eligible(track, profile.details.birth_year, today) {
        let mut asked = ProfileDetails::new(String::new());
        asked.birth_year = profile.details.birth_year;
        asked.tracks = vec![track];
        return Ok(TrackOpportunities {
            track: track.into(),
            eligible: false,
            reason: validate_tracks(&asked, today)
                .into_iter()
                .next()
                .map(|p| p.message),
            vacancies: Vec::new(),
            courses: Vec::new(),
        });
    }
    let mut seeker = seeker_of(&store, &profile).await.map_err(GqlError::from)?;
    // Asking for a track's list counts as being in it, for the ranking too.
    if !seeker.tracks.contains(&track) {
        seeker.tracks.push(track);
    }
    let engine = crate::context::app(ctx).engine();
    let filter = OpeningFilter {
        favoured_by: Some(track),
        ..Default::default()
    };
    let ranked = engine.rank_vacancies(&seeker, &filter, first, None);
    let vacancies = vacancy_matches(&store, ranked.matches)
        .await?
        .into_iter()
        .map(|(_, m)| m)
        .collect();

    let ids: Vec<CourseId> = store
        .courses_for_tracks(
            &[track],
            track::rule(track).childcare_courses,
            today,
            COURSE_POOL,
        )
        .await
        .map_err(GqlError::from)?;
    let (options, cohorts, courses) = cohort_options(&store, &ids, &profile)
        .await
        .map_err(GqlError::from)?;
    let mut soonest = HashMap::new();
    for option in options.iter().filter(|o| available(o, &seeker, today)) {
        let entry = soonest.entry(option.course).or_insert(option);
        if option.starts_on < entry.starts_on {
            *entry = option;
        }
    }
    let mut picked: Vec<_> = soonest.into_values().collect();
    picked.sort_by_key(|o| (o.starts_on, o.course));
    let courses = picked
        .into_iter()
        .take(first)
        .filter_map(|o| {
            Some(TrackCourse {
                course: CourseNode(courses.get(&o.course)?.clone()),
                next_cohort: cohorts.get(&o.cohort)?.clone().into(),
            })
        })
        .collect();
    Ok(TrackOpportunities {
        track: track.into(),
        eligible: true,
        reason: None,
        vacancies,
        courses,
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
    ) -> Result<TrackOpportunities> {
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
    ) -> Result<TrackOpportunities> {
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
    ) -> Result<TrackOpportunities> {
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
