//! The track opportunity lists: for one track, the open vacancies it puts first ranked for
//! the person, and the courses it puts first that the person can take. One mechanism for
//! every track, driven by the track rules in `skillbridge_domain::track`.

use chrono::Utc;
use skillbridge_domain::CourseId;
use skillbridge_domain::course::{Cohort, Course};
use skillbridge_domain::match_index::OpeningFilter;
use skillbridge_domain::profile::{Profile, ProfileDetails, Track, validate_tracks};
use skillbridge_domain::track::{self, eligible};
use skillbridge_domain::vacancy::Vacancy;

use crate::gaps::soonest_courses;
use crate::matches::Matches;
use crate::matching::seeker_of;
use crate::pathways::cohort_options;
use crate::{App, ServiceResult};

/// How many courses a track list considers before picking the soonest.
const COURSE_POOL: usize = 500;

/// What a track puts first for a person.
#[derive(Clone, Debug)]
pub struct TrackOpportunities {
    /// Whether the person may be in the track; the lists are empty when not.
    pub eligible: bool,
    /// Why not, when not eligible.
    pub reason: Option<String>,
    /// Open vacancies the track puts first, ranked for the person.
    pub vacancies: Matches<Vacancy>,
    /// Courses the track puts first, each with the soonest cohort the person can take,
    /// soonest first.
    pub courses: Vec<(Course, Cohort)>,
}

impl App {
    /// The best `first` vacancies and courses `track` puts first for the person (asking
    /// counts as being in the track, for the ranking too). FORBIDDEN unless the person
    /// consented to MATCHING.
    pub async fn track_opportunities(
        &self,
        profile: &Profile,
        track: Track,
        first: usize,
    ) -> ServiceResult<TrackOpportunities> {
        self.require_matching_consent(profile).await?;
        let today = Utc::now().date_naive();
        if !eligible(track, profile.details.birth_year, today) {
            let mut asked = ProfileDetails::new(String::new());
            asked.birth_year = profile.details.birth_year;
            asked.tracks = vec![track];
            return Ok(TrackOpportunities {
                eligible: false,
                reason: validate_tracks(&asked, today)
                    .into_iter()
                    .next()
                    .map(|p| p.message),
                vacancies: Matches::none(),
                courses: Vec::new(),
            });
        }
        let mut seeker = seeker_of(&self.store, profile).await?;
        if !seeker.tracks.contains(&track) {
            seeker.tracks.push(track);
        }
        let filter = OpeningFilter {
            favoured_by: Some(track),
            ..Default::default()
        };
        let ranked = self.engine.rank_vacancies(&seeker, &filter, first, None);
        let vacancies = self.matched_vacancies(ranked).await?;

        let ids: Vec<CourseId> = self
            .store
            .courses_for_tracks(
                &[track],
                track::rule(track).childcare_courses,
                today,
                COURSE_POOL,
            )
            .await?;
        let (options, cohorts, courses) = cohort_options(&self.store, &ids, profile).await?;
        Ok(TrackOpportunities {
            eligible: true,
            reason: None,
            vacancies,
            courses: soonest_courses(&options, &seeker, courses, cohorts, first),
        })
    }
}
