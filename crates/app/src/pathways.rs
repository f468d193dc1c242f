//! The courses a person could take towards what they lack, read from the store as the
//! domain's pathway options: each cohort with what its course teaches, when it starts, the
//! seats left and whether the person may enrol. A fixed number of queries for any number of
//! courses.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::Utc;
use skillbridge_domain::course::{
    Applicant, Cohort, Course, CourseMode, Offer, Prerequisite, eligibility_problems,
};
use skillbridge_domain::matching::GeoPoint;
use skillbridge_domain::pathway::CohortOption;
use skillbridge_domain::profile::Profile;
use skillbridge_domain::profile::tracks_in_force;
use skillbridge_domain::{CohortId, CourseId, ProblemCode, SkillId, Store, StoreResult};

/// Pathway options, with the cohorts and courses they name.
pub type Options = (
    Vec<CohortOption>,
    HashMap<CohortId, Cohort>,
    HashMap<CourseId, Course>,
);

/// The cohorts of published courses that teach any of `skills`, as pathway options for
/// the person.
pub async fn options_teaching(
    store: &Arc<dyn Store>,
    skills: &[SkillId],
    profile: &Profile,
) -> StoreResult<Options> {
    let ids = store.courses_teaching(skills).await?;
    cohort_options(store, &ids, profile).await
}

/// The cohorts of the courses `ids`, as options for the person.
pub async fn cohort_options(
    store: &Arc<dyn Store>,
    ids: &[CourseId],
    profile: &Profile,
) -> StoreResult<Options> {
    let ids = ids.to_vec();
    let courses = store.courses_by_ids(&ids).await?;
    let taught = store.course_skills(&ids).await?;
    let languages = store.course_languages(&ids).await?;
    let tracks = store.course_tracks(&ids).await?;
    let cohorts = store.cohorts_of(&ids).await?;
    let cohort_ids: Vec<_> = cohorts.iter().map(|c| c.id).collect();
    let taken: HashMap<_, _> = store.seats_taken(&cohort_ids).await?.into_iter().collect();
    let prerequisites = store.course_prerequisites(&ids).await?;
    let person = PersonFacts::of(store, profile).await?;
    let mut options = Vec::new();
    // A cancelled cohort is nobody's option.
    for cohort in cohorts.iter().filter(|c| c.is_open()) {
        let Some(course) = courses.iter().find(|c| c.id == cohort.course_id) else {
            continue;
        };
        let course_tracks: Vec<_> = tracks
            .iter()
            .filter(|(c, _)| *c == course.id)
            .map(|(_, t)| *t)
            .collect();
        let expects: Vec<Prerequisite> = prerequisites
            .iter()
            .filter(|(c, _)| *c == course.id)
            .map(|(_, p)| *p)
            .collect();
        let offer = Offer {
            course,
            cohort,
            tracks: &course_tracks,
            prerequisites: &expects,
        };
        // The language minimum and the prerequisite skills are the pathway's to weigh:
        // where the person stands, or where the courses before take them.
        let eligible = eligibility_problems(&offer, &person.applicant())
            .iter()
            .all(|p| {
                matches!(
                    p.code,
                    ProblemCode::LanguageLevelTooLow | ProblemCode::PrerequisiteMissing
                )
            });
        options.push(CohortOption {
            cohort: cohort.id,
            course: course.id,
            teaches: taught
                .iter()
                .filter(|(c, _)| *c == course.id)
                .map(|(_, s)| (s.skill_id, s.level_reached))
                .collect(),
            free: course.cost.is_none(),
            starts_on: cohort.starts_on,
            languages: languages
                .iter()
                .filter(|(c, _)| *c == course.id)
                .map(|(_, l)| *l)
                .collect(),
            online: course.mode == CourseMode::Online,
            location: match (course.location.latitude, course.location.longitude) {
                (Some(latitude), Some(longitude)) => Some(GeoPoint {
                    latitude,
                    longitude,
                }),
                _ => None,
            },
            seats_left: i64::from(cohort.seats) - taken.get(&cohort.id).copied().unwrap_or(0),
            ends_on: cohort.ends_on,
            eligible,
            min_language: course.min_language,
            prerequisites: expects.iter().map(|p| (p.skill_id, p.level)).collect(),
            tracks: course_tracks,
            teaches_language: course.teaches_language,
        });
    }
    Ok((
        options,
        cohorts.into_iter().map(|c| (c.id, c)).collect(),
        courses.into_iter().map(|c| (c.id, c)).collect(),
    ))
}

/// A person as courses' entry requirements see them: tracks in force, languages, skills
/// and the highest EQF level of their qualifications.
pub(crate) struct PersonFacts {
    tracks: Vec<skillbridge_domain::profile::Track>,
    languages: Vec<skillbridge_domain::profile::ProfileLanguage>,
    skills: Vec<(SkillId, skillbridge_domain::profile::Proficiency)>,
    education: Option<i32>,
}

impl PersonFacts {
    pub(crate) async fn of(store: &Arc<dyn Store>, profile: &Profile) -> StoreResult<Self> {
        let ids = [profile.id];
        Ok(Self {
            tracks: tracks_in_force(&profile.details, Utc::now().date_naive()),
            languages: store.profile_languages(profile.id).await?,
            skills: store
                .skills_of_profiles(&ids)
                .await?
                .into_iter()
                .map(|(_, s)| (s.skill.id, s.proficiency))
                .collect(),
            education: store
                .qualifications_of_profiles(&ids)
                .await?
                .into_iter()
                .filter_map(|(_, q)| q.eqf_level)
                .max(),
        })
    }

    pub(crate) fn applicant(&self) -> Applicant<'_> {
        Applicant {
            tracks: &self.tracks,
            languages: &self.languages,
            skills: &self.skills,
            education: self.education,
        }
    }
}
