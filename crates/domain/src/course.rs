//! Courses: what training providers offer, in the same vocabulary (ESCO skills reached,
//! CEFR languages), run as cohorts with dates and seats.

use chrono::{DateTime, NaiveDate, Utc};

use crate::ProblemCode;
use crate::codes::coded;
use crate::employment::InclusionSupport;
use crate::profile::{
    FieldProblem, Location, Proficiency, Track, validate_location, validate_skill_list,
};
use crate::world_region::WorldRegion;
use crate::{CefrLevel, LanguageCode, OrganisationId, SkillId};

coded!(CourseMode { InPerson => "IN_PERSON", Online => "ONLINE", Hybrid => "HYBRID" });
coded!(
    /// Whether a course is in the catalogue: PUBLISHED courses are listed, searched and
    /// taken; an ARCHIVED one keeps its cohorts and enrolments for the record but takes no
    /// new ones. (DRAFT is reserved; courses are published when created.)
    CourseStatus { Draft => "DRAFT", Published => "PUBLISHED", Archived => "ARCHIVED" }
);
coded!(
    /// Who a course is for: job seekers, or employers' staff (intercultural and inclusion
    /// training that helps employers integrate migrant workers).
    Audience { Jobseekers => "JOBSEEKERS", EmployerStaff => "EMPLOYER_STAFF" }
);

/// What a course costs, in minor units of an ISO 4217 currency; `None` is free.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cost {
    pub amount: i64,
    pub currency: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CourseSkill {
    pub skill_id: SkillId,
    pub level_reached: Proficiency,
}

/// A skill a course expects at the start, at `level` or above.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Prerequisite {
    pub skill_id: SkillId,
    pub level: Proficiency,
}

/// Everything a trainer writes about a course.
#[derive(Clone, Debug, PartialEq)]
pub struct CourseDetails {
    pub title: String,
    pub description: String,
    pub mode: CourseMode,
    pub location: Location,
    pub cost: Option<Cost>,
    pub credential_name: Option<String>,
    pub credential_eqf_level: Option<i32>,
    pub audience: Audience,
    pub min_language: Option<(LanguageCode, CefrLevel)>,
    /// For a language course: the language it teaches and the CEFR level it leads to.
    pub teaches_language: Option<(LanguageCode, CefrLevel)>,
    pub childcare: bool,
    pub stipend: bool,
    pub transport: bool,
    pub tracks: Vec<Track>,
    pub skills: Vec<CourseSkill>,
    /// Languages of instruction.
    pub languages: Vec<LanguageCode>,
    /// Skills the course expects at the start.
    pub prerequisites: Vec<Prerequisite>,
    /// The education the course expects, as an EQF level (1 to 8), met by any of the
    /// person's qualifications.
    pub min_eqf_level: Option<i32>,
    /// For employers' staff: the inclusion support the course prepares them to give.
    pub prepares_support: Vec<InclusionSupport>,
    /// For employers' staff: the regions of origin whose languages, cultures and migration
    /// routes the course covers (intercultural training).
    pub origin_regions: Vec<WorldRegion>,
}

/// A stored course (skills, languages and tracks are read separately).
#[derive(Clone, Debug, PartialEq)]
pub struct Course {
    pub id: crate::CourseId,
    pub organisation_id: OrganisationId,
    pub title: String,
    pub description: String,
    pub mode: CourseMode,
    pub location: Location,
    pub cost: Option<Cost>,
    pub credential_name: Option<String>,
    pub credential_eqf_level: Option<i32>,
    pub audience: Audience,
    pub min_language: Option<(LanguageCode, CefrLevel)>,
    pub teaches_language: Option<(LanguageCode, CefrLevel)>,
    pub childcare: bool,
    pub stipend: bool,
    pub transport: bool,
    pub min_eqf_level: Option<i32>,
    pub prepares_support: Vec<InclusionSupport>,
    pub origin_regions: Vec<WorldRegion>,
    pub status: CourseStatus,
    pub created_at: DateTime<Utc>,
}

/// One run of a course.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cohort {
    pub id: crate::CohortId,
    pub course_id: crate::CourseId,
    pub starts_on: NaiveDate,
    pub ends_on: Option<NaiveDate>,
    pub seats: i32,
    /// Set when the provider cancelled the cohort.
    pub cancelled: Option<CohortCancellation>,
}

/// Why and when a provider cancelled a cohort.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CohortCancellation {
    pub reason: String,
    pub at: DateTime<Utc>,
}

impl Course {
    /// The details as a trainer would write them, with the course's skills, languages
    /// and tracks (read separately): the starting point of a partial update.
    pub fn details(
        &self,
        skills: Vec<CourseSkill>,
        languages: Vec<LanguageCode>,
        tracks: Vec<Track>,
        prerequisites: Vec<Prerequisite>,
    ) -> CourseDetails {
        CourseDetails {
            title: self.title.clone(),
            description: self.description.clone(),
            mode: self.mode,
            location: self.location.clone(),
            cost: self.cost.clone(),
            credential_name: self.credential_name.clone(),
            credential_eqf_level: self.credential_eqf_level,
            audience: self.audience,
            min_language: self.min_language,
            teaches_language: self.teaches_language,
            childcare: self.childcare,
            stipend: self.stipend,
            transport: self.transport,
            tracks,
            skills,
            languages,
            prerequisites,
            min_eqf_level: self.min_eqf_level,
            prepares_support: self.prepares_support.clone(),
            origin_regions: self.origin_regions.clone(),
        }
    }
}

impl Cohort {
    /// Still running: not cancelled.
    pub fn is_open(&self) -> bool {
        self.cancelled.is_none()
    }
}

pub const MAX_COURSE_SKILLS: usize = 100;
pub const MAX_PREREQUISITES: usize = 30;
pub const MAX_SEATS: i32 = 10_000;
/// The longest reason for cancelling a cohort, in characters.
pub const MAX_CANCEL_REASON_CHARS: usize = 1_000;

/// Every problem with a course's details; empty means valid.
pub fn validate_course(details: &CourseDetails) -> Vec<FieldProblem> {
    let mut problems = Vec::new();
    let title = details.title.trim().chars().count();
    if title == 0 || title > crate::vacancy::MAX_TITLE_CHARS {
        problems.push(FieldProblem::new(
            "title",
            ProblemCode::InvalidTitle,
            "give a title of 1 to 200 characters",
        ));
    }
    if details.description.chars().count() > crate::vacancy::MAX_DESCRIPTION_CHARS {
        problems.push(FieldProblem::new(
            "description",
            ProblemCode::TooLong,
            "use at most 20,000 characters",
        ));
    }
    if let (Some((taught, reached)), Some((required, minimum))) =
        (details.teaches_language, details.min_language)
        && taught == required
        && reached <= minimum
    {
        problems.push(FieldProblem::new(
            "teachesLanguage.levelReached",
            ProblemCode::LevelNotAboveMinimum,
            "a language course leads above the level it asks for at the start",
        ));
    }
    problems.extend(validate_location(&details.location));
    if details.mode != CourseMode::Online && details.location.country_code.is_none() {
        problems.push(FieldProblem::new(
            "location",
            ProblemCode::LocationRequired,
            "give at least the country, or make the course ONLINE",
        ));
    }
    if let Some(cost) = &details.cost {
        if cost.amount < 0 {
            problems.push(FieldProblem::new(
                "cost.amount",
                ProblemCode::OutOfRange,
                "a cost cannot be negative",
            ));
        }
        if cost.currency.len() != 3 || !cost.currency.bytes().all(|b| b.is_ascii_uppercase()) {
            problems.push(FieldProblem::new(
                "cost.currency",
                ProblemCode::InvalidCurrency,
                "use an ISO 4217 code such as EUR",
            ));
        }
    }
    if details
        .credential_eqf_level
        .is_some_and(|l| !(1..=8).contains(&l))
    {
        problems.push(FieldProblem::new(
            "credential.eqfLevel",
            ProblemCode::OutOfRange,
            "EQF levels run from 1 to 8",
        ));
    }
    problems.extend(validate_skill_list(
        details.skills.iter().map(|s| s.skill_id),
        MAX_COURSE_SKILLS,
    ));
    if details.languages.is_empty() {
        problems.push(FieldProblem::new(
            "languages",
            ProblemCode::Required,
            "give at least one language of instruction",
        ));
    }
    if details.prerequisites.len() > MAX_PREREQUISITES {
        problems.push(FieldProblem::new(
            "prerequisites",
            ProblemCode::TooMany,
            format!("list at most {MAX_PREREQUISITES} prerequisites"),
        ));
    } else if let Some(i) = details.prerequisites.iter().enumerate().position(|(i, p)| {
        details.prerequisites[..i]
            .iter()
            .any(|q| q.skill_id == p.skill_id)
    }) {
        problems.push(FieldProblem::in_list(
            "prerequisites",
            i,
            "skillUri",
            ProblemCode::DuplicateSkill,
            "name each prerequisite once",
        ));
    }
    if details.audience != Audience::EmployerStaff {
        for (field, given) in [
            ("preparesSupport", !details.prepares_support.is_empty()),
            ("originRegions", !details.origin_regions.is_empty()),
        ] {
            if given {
                problems.push(FieldProblem::new(
                    field,
                    ProblemCode::StaffCoursesOnly,
                    "only courses for EMPLOYER_STAFF say this",
                ));
            }
        }
    }
    if details.min_eqf_level.is_some_and(|l| !(1..=8).contains(&l)) {
        problems.push(FieldProblem::new(
            "minEqfLevel",
            ProblemCode::OutOfRange,
            "EQF levels run from 1 to 8",
        ));
    }
    problems
}

/// A cohort as a person would enrol in it: the course, the cohort, the tracks the course is
/// for and the skills it expects.
#[derive(Clone, Copy, Debug)]
pub struct Offer<'a> {
    pub course: &'a Course,
    pub cohort: &'a Cohort,
    pub tracks: &'a [Track],
    pub prerequisites: &'a [Prerequisite],
}

/// A person as a course's entry requirements see them.
#[derive(Clone, Copy, Debug)]
pub struct Applicant<'a> {
    pub tracks: &'a [Track],
    pub languages: &'a [crate::profile::ProfileLanguage],
    pub skills: &'a [(SkillId, Proficiency)],
    /// The highest EQF level among the person's qualifications.
    pub education: Option<i32>,
}

/// The prerequisites a person does not hold at the level asked.
pub fn unmet_prerequisites(
    prerequisites: &[Prerequisite],
    skills: &[(SkillId, Proficiency)],
) -> Vec<Prerequisite> {
    prerequisites
        .iter()
        .filter(|p| {
            !skills
                .iter()
                .any(|(skill, level)| *skill == p.skill_id && *level >= p.level)
        })
        .copied()
        .collect()
}

/// Why a person may not enrol in a cohort of a course, if anything stops them: an archived
/// course or a cancelled cohort takes nobody, a course for employers' staff is not for job
/// seekers, a course for some tracks takes people who opted into one of them, and its entry
/// requirements must be met (a minimum language level, prerequisite skills at a level, a
/// minimum EQF level of education). The one place eligibility is decided.
pub fn eligibility_problems(offer: &Offer<'_>, person: &Applicant<'_>) -> Vec<FieldProblem> {
    let (course, cohort, course_tracks) = (offer.course, offer.cohort, offer.tracks);
    let (person_tracks, languages) = (person.tracks, person.languages);
    let mut problems = Vec::new();
    if course.status != CourseStatus::Published {
        problems.push(FieldProblem::new(
            "cohortId",
            ProblemCode::CourseArchived,
            "this course is no longer offered",
        ));
    }
    if let Some(cancelled) = &cohort.cancelled {
        problems.push(FieldProblem::new(
            "cohortId",
            ProblemCode::CohortCancelled,
            format!("the provider cancelled this cohort: {}", cancelled.reason),
        ));
    }
    if course.audience == Audience::EmployerStaff {
        problems.push(FieldProblem::new(
            "cohortId",
            ProblemCode::NotForJobseekers,
            "this course is for employers' staff",
        ));
    }
    if !course_tracks.is_empty() && !course_tracks.iter().any(|t| person_tracks.contains(t)) {
        let names: Vec<&str> = course_tracks.iter().map(|t| t.code()).collect();
        problems.push(FieldProblem::new(
            "cohortId",
            ProblemCode::NotInTrack,
            format!("this course is for the {} track(s)", names.join(", ")),
        ));
    }
    if let Some((language, level)) = course.min_language {
        let meets = languages
            .iter()
            .any(|l| l.language == language && l.level >= level);
        if !meets {
            problems.push(FieldProblem::new(
                "cohortId",
                ProblemCode::LanguageLevelTooLow,
                format!(
                    "this course asks for {} at {} or above",
                    language.name(),
                    level.code()
                ),
            ));
        }
    }
    let unmet = unmet_prerequisites(offer.prerequisites, person.skills);
    if !unmet.is_empty() {
        problems.push(FieldProblem::new(
            "cohortId",
            ProblemCode::PrerequisiteMissing,
            format!(
                "this course expects {} skill(s) you do not hold at the level asked",
                unmet.len()
            ),
        ));
    }
    if let Some(min) = course.min_eqf_level
        && person.education.is_none_or(|have| have < min)
    {
        problems.push(FieldProblem::new(
            "cohortId",
            ProblemCode::EducationLevelTooLow,
            format!("this course asks for education at EQF level {min} or above"),
        ));
    }
    problems
}

/// Every problem with a cohort's dates and seats; empty means valid.
pub fn validate_cohort(
    starts_on: NaiveDate,
    ends_on: Option<NaiveDate>,
    seats: i32,
) -> Vec<FieldProblem> {
    let mut problems = Vec::new();
    if ends_on.is_some_and(|end| end < starts_on) {
        problems.push(FieldProblem::new(
            "endsOn",
            ProblemCode::EndsBeforeStart,
            "a cohort cannot end before it starts",
        ));
    }
    if !(1..=MAX_SEATS).contains(&seats) {
        problems.push(FieldProblem::new(
            "seats",
            ProblemCode::OutOfRange,
            format!("give 1 to {MAX_SEATS} seats"),
        ));
    }
    problems
}

/// The problem with cutting a cohort to `seats` while `taken` seats are given out
/// (confirmed, completed or dropped), if any: seats given out are never taken back.
pub fn seats_problem(seats: i32, taken: i64) -> Option<FieldProblem> {
    (i64::from(seats) < taken).then(|| {
        FieldProblem::new(
            "seats",
            ProblemCode::SeatsBelowConfirmed,
            format!("{taken} seats are given out already: give at least {taken}"),
        )
    })
}

/// The problem with a reason for cancelling a cohort, if any: one is needed, for the people
/// who lose their seats.
pub fn cancel_reason_problem(reason: &str) -> Option<FieldProblem> {
    let length = reason.trim().chars().count();
    if length == 0 {
        Some(FieldProblem::new(
            "reason",
            ProblemCode::Required,
            "say why: the people enrolled are told",
        ))
    } else if length > MAX_CANCEL_REASON_CHARS {
        Some(FieldProblem::new(
            "reason",
            ProblemCode::TooLong,
            format!("use at most {MAX_CANCEL_REASON_CHARS} characters"),
        ))
    } else {
        None
    }
}

/// Courses and their cohorts.
#[async_trait::async_trait]
pub trait CourseRepository: Send + Sync {
    /// A new (published) course with its skills, languages and tracks, in one transaction.
    async fn create_course(
        &self,
        organisation: OrganisationId,
        details: &CourseDetails,
    ) -> crate::StoreResult<Course>;
    async fn courses_by_ids(&self, ids: &[crate::CourseId]) -> crate::StoreResult<Vec<Course>>;
    async fn course_skills(
        &self,
        ids: &[crate::CourseId],
    ) -> crate::StoreResult<Vec<(crate::CourseId, CourseSkill)>>;
    /// The published language courses that teach any of `languages`.
    async fn courses_teaching_languages(
        &self,
        languages: &[LanguageCode],
    ) -> crate::StoreResult<Vec<crate::CourseId>>;
    /// The published courses that teach any of `skills`.
    async fn courses_teaching(
        &self,
        skills: &[crate::SkillId],
    ) -> crate::StoreResult<Vec<crate::CourseId>>;
    /// Published courses with a cohort starting on `from` or later that are aimed at any
    /// of `tracks`, or offer childcare when `childcare` is asked; at most `limit`, by id.
    async fn courses_for_tracks(
        &self,
        tracks: &[Track],
        childcare: bool,
        from: NaiveDate,
        limit: usize,
    ) -> crate::StoreResult<Vec<crate::CourseId>>;
    /// Published courses for employers' staff with a cohort starting on `from` or later
    /// that say what they prepare staff for (support or regions of origin); at most
    /// `limit`, by id.
    async fn staff_courses(
        &self,
        from: NaiveDate,
        limit: usize,
    ) -> crate::StoreResult<Vec<crate::CourseId>>;
    /// The tracks each course is open to (none: open to everyone).
    async fn course_tracks(
        &self,
        ids: &[crate::CourseId],
    ) -> crate::StoreResult<Vec<(crate::CourseId, Track)>>;
    async fn course_languages(
        &self,
        ids: &[crate::CourseId],
    ) -> crate::StoreResult<Vec<(crate::CourseId, LanguageCode)>>;
    /// The skills each course expects at the start.
    async fn course_prerequisites(
        &self,
        ids: &[crate::CourseId],
    ) -> crate::StoreResult<Vec<(crate::CourseId, Prerequisite)>>;
    async fn add_cohort(
        &self,
        course: crate::CourseId,
        starts_on: NaiveDate,
        ends_on: Option<NaiveDate>,
        seats: i32,
    ) -> crate::StoreResult<Cohort>;
    /// Cohorts of the courses, earliest first.
    async fn cohorts_of(&self, ids: &[crate::CourseId]) -> crate::StoreResult<Vec<Cohort>>;
    /// The cohorts among `ids` that exist, earliest first.
    async fn cohorts_by_ids(&self, ids: &[crate::CohortId]) -> crate::StoreResult<Vec<Cohort>>;
    /// Replaces a PUBLISHED course's details (skills, languages and tracks included) in one
    /// transaction; `None` when there is no such published course.
    async fn update_course(
        &self,
        id: crate::CourseId,
        details: &CourseDetails,
    ) -> crate::StoreResult<Option<Course>>;
    /// Archives a course (again is a no-op); `None` when there is no such course.
    async fn archive_course(&self, id: crate::CourseId) -> crate::StoreResult<Option<Course>>;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn courses_and_cohorts_are_checked() {
        let details = CourseDetails {
            title: "German for care work".into(),
            description: String::new(),
            mode: CourseMode::Online,
            location: Location::default(),
            cost: None,
            credential_name: None,
            credential_eqf_level: Some(3),
            audience: Audience::Jobseekers,
            min_language: None,
            teaches_language: None,
            childcare: true,
            stipend: false,
            transport: false,
            tracks: vec![],
            skills: vec![],
            languages: vec![LanguageCode::parse("de").unwrap()],
            prerequisites: vec![],
            min_eqf_level: None,
            prepares_support: vec![],
            origin_regions: vec![],
        };
        assert!(validate_course(&details).is_empty());
        let staff_only = CourseDetails {
            origin_regions: vec![WorldRegion::WesternAsia],
            ..details.clone()
        };
        assert_eq!(
            validate_course(&staff_only)[0].code,
            ProblemCode::StaffCoursesOnly
        );
        let for_staff = CourseDetails {
            audience: Audience::EmployerStaff,
            prepares_support: vec![InclusionSupport::Mentoring],
            ..staff_only
        };
        assert!(validate_course(&for_staff).is_empty());
        let skill = SkillId::new();
        let twice = CourseDetails {
            prerequisites: vec![
                Prerequisite {
                    skill_id: skill,
                    level: Proficiency::Basic,
                },
                Prerequisite {
                    skill_id: skill,
                    level: Proficiency::Expert,
                },
            ],
            min_eqf_level: Some(0),
            ..details.clone()
        };
        let fields: Vec<_> = validate_course(&twice)
            .iter()
            .map(|p| (p.field().map(str::to_owned), p.code))
            .collect();
        assert_eq!(
            fields,
            vec![
                (
                    Some("prerequisites[1].skillUri".to_owned()),
                    ProblemCode::DuplicateSkill
                ),
                (Some("minEqfLevel".to_owned()), ProblemCode::OutOfRange),
            ]
        );
        let in_person = CourseDetails {
            mode: CourseMode::InPerson,
            ..details.clone()
        };
        assert!(
            validate_course(&in_person)
                .iter()
                .any(|p| p.code == ProblemCode::LocationRequired)
        );
        let bad_level = CourseDetails {
            credential_eqf_level: Some(9),
            ..details.clone()
        };
        assert!(
            validate_course(&bad_level)
                .iter()
                .any(|p| p.field() == Some("credential.eqfLevel"))
        );
        let start = NaiveDate::from_ymd_opt(2027, 3, 1).unwrap();
        assert!(
            validate_cohort(start, NaiveDate::from_ymd_opt(2027, 2, 1), 10)
                .iter()
                .any(|p| p.code == ProblemCode::EndsBeforeStart)
        );
        assert!(
            validate_cohort(start, None, 0)
                .iter()
                .any(|p| p.field() == Some("seats"))
        );
        assert!(validate_cohort(start, None, 12).is_empty());
    }
}

#[cfg(test)]
mod eligibility_tests {
    use chrono::Utc;

    use super::*;
    use crate::profile::ProfileLanguage;
    use crate::{CefrLevel, LanguageCode, OrganisationId};

    fn course(audience: Audience, min_language: Option<(LanguageCode, CefrLevel)>) -> Course {
        Course {
            id: crate::CourseId::new(),
            organisation_id: OrganisationId::new(),
            title: "German for care work".into(),
            description: String::new(),
            mode: CourseMode::Online,
            location: Location::default(),
            cost: None,
            credential_name: None,
            credential_eqf_level: None,
            audience,
            min_language,
            teaches_language: None,
            childcare: false,
            stipend: false,
            transport: false,
            min_eqf_level: None,
            prepares_support: vec![],
            origin_regions: vec![],
            status: CourseStatus::Published,
            created_at: Utc::now(),
        }
    }

    fn cohort(course: &Course) -> Cohort {
        Cohort {
            id: crate::CohortId::new(),
            course_id: course.id,
            starts_on: NaiveDate::from_ymd_opt(2027, 3, 1).unwrap(),
            ends_on: None,
            seats: 10,
            cancelled: None,
        }
    }

    fn codes(problems: Vec<FieldProblem>) -> Vec<&'static str> {
        problems.into_iter().map(|p| p.code.code()).collect()
    }

    /// The codes for a person in `person_tracks` with `languages` and nothing else.
    fn check(
        course: &Course,
        cohort: &Cohort,
        course_tracks: &[Track],
        person_tracks: &[Track],
        languages: &[ProfileLanguage],
    ) -> Vec<&'static str> {
        let offer = Offer {
            course,
            cohort,
            tracks: course_tracks,
            prerequisites: &[],
        };
        let person = Applicant {
            tracks: person_tracks,
            languages,
            skills: &[],
            education: None,
        };
        codes(eligibility_problems(&offer, &person))
    }

    #[test]
    fn prerequisites_and_education_are_entry_requirements() {
        let mut course = course(Audience::Jobseekers, None);
        course.min_eqf_level = Some(4);
        let run = cohort(&course);
        let (hygiene, knives) = (SkillId::new(), SkillId::new());
        let prerequisites = [
            Prerequisite {
                skill_id: hygiene,
                level: Proficiency::Intermediate,
            },
            Prerequisite {
                skill_id: knives,
                level: Proficiency::Basic,
            },
        ];
        let offer = Offer {
            course: &course,
            cohort: &run,
            tracks: &[],
            prerequisites: &prerequisites,
        };
        let held = [
            (hygiene, Proficiency::Basic),
            (knives, Proficiency::Advanced),
        ];
        let person = Applicant {
            tracks: &[],
            languages: &[],
            skills: &held,
            education: Some(3),
        };
        assert_eq!(
            codes(eligibility_problems(&offer, &person)),
            vec!["PREREQUISITE_MISSING", "EDUCATION_LEVEL_TOO_LOW"]
        );
        assert_eq!(
            unmet_prerequisites(&prerequisites, &held),
            vec![prerequisites[0]]
        );
        let ready = [
            (hygiene, Proficiency::Intermediate),
            (knives, Proficiency::Basic),
        ];
        let person = Applicant {
            skills: &ready,
            education: Some(4),
            ..person
        };
        assert!(eligibility_problems(&offer, &person).is_empty());
    }

    /// The course's tracks, the person's tracks and languages, and the codes expected.
    type Case = (
        &'static [Track],
        &'static [Track],
        Vec<ProfileLanguage>,
        Vec<&'static str>,
    );

    #[test]
    fn who_may_enrol() {
        let de = LanguageCode::parse("de").unwrap();
        let german = |level| ProfileLanguage {
            language: de,
            level,
            mother_tongue: false,
        };
        let open = course(Audience::Jobseekers, None);
        let run = cohort(&open);
        assert!(check(&open, &run, &[], &[], &[]).is_empty());
        let b1 = course(Audience::Jobseekers, Some((de, CefrLevel::B1)));
        let table: Vec<Case> = vec![
            (&[], &[], vec![german(CefrLevel::B1)], vec![]),
            (&[], &[], vec![german(CefrLevel::C1)], vec![]),
            (
                &[],
                &[],
                vec![german(CefrLevel::A2)],
                vec!["LANGUAGE_LEVEL_TOO_LOW"],
            ),
            (&[], &[], vec![], vec!["LANGUAGE_LEVEL_TOO_LOW"]),
            (
                &[Track::Women],
                &[Track::Women, Track::Youth],
                vec![german(CefrLevel::B2)],
                vec![],
            ),
            (
                &[Track::Women],
                &[Track::Youth],
                vec![german(CefrLevel::B2)],
                vec!["NOT_IN_TRACK"],
            ),
            (
                &[Track::Women, Track::Youth],
                &[],
                vec![],
                vec!["NOT_IN_TRACK", "LANGUAGE_LEVEL_TOO_LOW"],
            ),
        ];
        for (course_tracks, person_tracks, languages, expected) in table {
            assert_eq!(
                check(&b1, &run, course_tracks, person_tracks, &languages),
                expected,
                "{course_tracks:?} {person_tracks:?} {languages:?}"
            );
        }
        let staff = course(Audience::EmployerStaff, None);
        assert_eq!(
            check(&staff, &run, &[], &[], &[]),
            vec!["NOT_FOR_JOBSEEKERS"]
        );
        // An archived course and a cancelled cohort take nobody.
        let mut archived = course(Audience::Jobseekers, None);
        archived.status = CourseStatus::Archived;
        let mut cancelled = cohort(&archived);
        cancelled.cancelled = Some(CohortCancellation {
            reason: "The trainer fell ill".into(),
            at: Utc::now(),
        });
        assert_eq!(
            check(&archived, &cancelled, &[], &[], &[]),
            vec!["COURSE_ARCHIVED", "COHORT_CANCELLED"]
        );
    }

    #[test]
    fn seats_given_out_stay_given_and_cancelling_needs_a_reason() {
        assert!(seats_problem(12, 10).is_none());
        assert!(seats_problem(10, 10).is_none());
        assert_eq!(
            seats_problem(9, 10).map(|p| p.code),
            Some(ProblemCode::SeatsBelowConfirmed)
        );
        assert_eq!(
            cancel_reason_problem("  ").map(|p| p.code),
            Some(ProblemCode::Required)
        );
        assert_eq!(
            cancel_reason_problem(&"x".repeat(1_001)).map(|p| p.code),
            Some(ProblemCode::TooLong)
        );
        assert!(cancel_reason_problem("The trainer fell ill").is_none());
    }
}
