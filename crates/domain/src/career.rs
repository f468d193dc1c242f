//! A person's career so far and where they want to go: qualifications (with the state of
//! their recognition), work experience and desired occupations.

use crate::ProblemCode;
use crate::codes::coded;
use crate::id::{OccupationId, ProfileId};
use crate::location::is_country;
use crate::profile::{FieldProblem, MAX_TEXT_CHARS};

coded!(
    /// How far the recognition of a foreign qualification has got.
    RecognitionStatus {
        NotStarted => "NOT_STARTED",
        InProgress => "IN_PROGRESS",
        Recognised => "RECOGNISED",
        Partial => "PARTIAL",
        Refused => "REFUSED",
    }
);
coded!(
    /// On what terms the work was done; unpaid work (family business, care, volunteering)
    /// counts as experience too.
    ExperienceKind { Waged => "WAGED", SelfEmployed => "SELF_EMPLOYED", Unpaid => "UNPAID" }
);

/// The most entries of each kind a profile holds.
pub const MAX_QUALIFICATIONS: usize = 30;
pub const MAX_EXPERIENCES: usize = 30;
pub const MAX_DESIRED_OCCUPATIONS: usize = 10;
/// Longer than any working life; catches a typo such as 250 for 2.5.
pub const MAX_EXPERIENCE_YEARS: f64 = 60.0;

/// A diploma, certificate or degree, usually earned abroad.
#[derive(Clone, Debug, PartialEq)]
pub struct Qualification {
    pub id: uuid::Uuid,
    pub title: String,
    /// European Qualifications Framework level, 1 to 8.
    pub eqf_level: Option<i32>,
    /// Where it was awarded, ISO 3166-1 alpha-2.
    pub country_code: Option<String>,
    pub recognition_status: RecognitionStatus,
}

/// A stretch of work: an ESCO occupation, or a title when none fits.
#[derive(Clone, Debug, PartialEq)]
pub struct WorkExperience {
    pub id: uuid::Uuid,
    pub occupation_id: Option<OccupationId>,
    pub title: Option<String>,
    pub kind: ExperienceKind,
    pub years: f64,
    /// ISO 3166-1 alpha-2.
    pub country_code: Option<String>,
}

fn title_problems(field: &'static str, title: &str) -> Option<FieldProblem> {
    if title.trim().is_empty() {
        Some(FieldProblem::new(
            field,
            ProblemCode::Required,
            "give a title",
        ))
    } else if title.chars().count() > MAX_TEXT_CHARS {
        Some(FieldProblem::new(
            field,
            ProblemCode::TooLong,
            format!("use at most {MAX_TEXT_CHARS} characters"),
        ))
    } else {
        None
    }
}

fn country_problem(code: Option<&str>) -> Option<FieldProblem> {
    code.filter(|c| !is_country(c)).map(|_| {
        FieldProblem::new(
            "countryCode",
            ProblemCode::InvalidCountryCode,
            "use an ISO 3166-1 alpha-2 code such as SY",
        )
    })
}

/// Every problem with a qualification; empty means valid.
pub fn validate_qualification(q: &Qualification) -> Vec<FieldProblem> {
    let mut problems: Vec<FieldProblem> = title_problems("title", &q.title).into_iter().collect();
    if q.eqf_level.is_some_and(|l| !(1..=8).contains(&l)) {
        problems.push(FieldProblem::new(
            "eqfLevel",
            ProblemCode::OutOfRange,
            "EQF levels run from 1 to 8",
        ));
    }
    problems.extend(country_problem(q.country_code.as_deref()));
    problems
}

/// Every problem with a stretch of work experience; empty means valid.
pub fn validate_experience(e: &WorkExperience) -> Vec<FieldProblem> {
    let mut problems = Vec::new();
    match &e.title {
        Some(title) => problems.extend(title_problems("title", title)),
        None if e.occupation_id.is_none() => problems.push(FieldProblem::new(
            "occupationUri",
            ProblemCode::Required,
            "name an ESCO occupation or give a title",
        )),
        None => {}
    }
    if !(0.0..=MAX_EXPERIENCE_YEARS).contains(&e.years) || e.years.is_nan() {
        problems.push(FieldProblem::new(
            "years",
            ProblemCode::OutOfRange,
            format!("give between 0 and {MAX_EXPERIENCE_YEARS} years"),
        ));
    }
    problems.extend(country_problem(e.country_code.as_deref()));
    problems
}

/// The problem with giving `count` desired occupations, if there are too many; checked
/// before the URIs are looked up.
pub fn too_many_desired(count: usize) -> Option<FieldProblem> {
    (count > MAX_DESIRED_OCCUPATIONS).then(|| {
        FieldProblem::new(
            "occupationUris",
            ProblemCode::TooMany,
            format!("choose at most {MAX_DESIRED_OCCUPATIONS} occupations"),
        )
    })
}

/// Problems with a list of desired occupations: too many, or one twice.
pub fn validate_desired_occupations(ids: &[OccupationId]) -> Vec<FieldProblem> {
    let mut problems: Vec<FieldProblem> = too_many_desired(ids.len()).into_iter().collect();
    let mut seen = std::collections::HashSet::new();
    if ids.iter().any(|id| !seen.insert(*id)) {
        problems.push(FieldProblem::new(
            "occupationUris",
            ProblemCode::DuplicateOccupation,
            "list each occupation once",
        ));
    }
    problems
}

/// Qualifications, work experience and desired occupations of profiles.
#[async_trait::async_trait]
pub trait CareerRepository: Send + Sync {
    /// The profile's qualifications, in the order they were added.
    async fn qualifications(&self, profile: ProfileId) -> crate::StoreResult<Vec<Qualification>> {
        Ok(self
            .qualifications_of_profiles(&[profile])
            .await?
            .into_iter()
            .map(|(_, q)| q)
            .collect())
    }
    /// The qualifications of each of the profiles, in the order they were added.
    async fn qualifications_of_profiles(
        &self,
        profiles: &[ProfileId],
    ) -> crate::StoreResult<Vec<(ProfileId, Qualification)>>;
    /// Adds a qualification under its (new) id; false when the profile already holds
    /// `MAX_QUALIFICATIONS`.
    async fn add_qualification(
        &self,
        profile: ProfileId,
        qualification: &Qualification,
    ) -> crate::StoreResult<bool>;
    /// Changes the profile's qualification with this id; false when it has none.
    async fn update_qualification(
        &self,
        profile: ProfileId,
        qualification: &Qualification,
    ) -> crate::StoreResult<bool>;
    /// False when the profile has no such qualification.
    async fn remove_qualification(
        &self,
        profile: ProfileId,
        id: uuid::Uuid,
    ) -> crate::StoreResult<bool>;

    /// A qualification, with the profile that holds it.
    async fn qualification_by_id(
        &self,
        id: uuid::Uuid,
    ) -> crate::StoreResult<Option<(ProfileId, Qualification)>>;
    /// An entry of work experience, with the profile that holds it.
    async fn experience_by_id(
        &self,
        id: uuid::Uuid,
    ) -> crate::StoreResult<Option<(ProfileId, WorkExperience)>>;

    /// The profile's work experience, in the order it was added.
    async fn experiences(&self, profile: ProfileId) -> crate::StoreResult<Vec<WorkExperience>> {
        Ok(self
            .experiences_of_profiles(&[profile])
            .await?
            .into_iter()
            .map(|(_, e)| e)
            .collect())
    }
    /// The work experience of each of the profiles, in the order it was added.
    async fn experiences_of_profiles(
        &self,
        profiles: &[ProfileId],
    ) -> crate::StoreResult<Vec<(ProfileId, WorkExperience)>>;
    /// Adds an entry; false when the profile already holds `MAX_EXPERIENCES`.
    async fn add_experience(
        &self,
        profile: ProfileId,
        experience: &WorkExperience,
    ) -> crate::StoreResult<bool>;
    /// Changes the profile's entry with this id; false when it has none.
    async fn update_experience(
        &self,
        profile: ProfileId,
        experience: &WorkExperience,
    ) -> crate::StoreResult<bool>;
    async fn remove_experience(
        &self,
        profile: ProfileId,
        id: uuid::Uuid,
    ) -> crate::StoreResult<bool>;

    /// The occupations the person wants to work in, in the order they gave.
    async fn desired_occupations(
        &self,
        profile: ProfileId,
    ) -> crate::StoreResult<Vec<OccupationId>> {
        Ok(self
            .desired_occupations_of_profiles(&[profile])
            .await?
            .into_iter()
            .map(|(_, o)| o)
            .collect())
    }
    /// The desired occupations of each of the profiles, in the order each person gave.
    async fn desired_occupations_of_profiles(
        &self,
        profiles: &[ProfileId],
    ) -> crate::StoreResult<Vec<(ProfileId, OccupationId)>>;
    /// Replaces the desired occupations.
    async fn set_desired_occupations(
        &self,
        profile: ProfileId,
        occupations: &[OccupationId],
    ) -> crate::StoreResult<()>;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn qualification() -> Qualification {
        Qualification {
            id: uuid::Uuid::now_v7(),
            title: "Diploma in Nursing".into(),
            eqf_level: Some(6),
            country_code: Some("SY".into()),
            recognition_status: RecognitionStatus::InProgress,
        }
    }

    fn experience() -> WorkExperience {
        WorkExperience {
            id: uuid::Uuid::now_v7(),
            occupation_id: Some(OccupationId::new()),
            title: None,
            kind: ExperienceKind::Waged,
            years: 2.5,
            country_code: Some("UA".into()),
        }
    }

    /// A change that makes a valid entry bad, and the field and code it must give.
    type Case<T> = (fn(&mut T), (&'static str, &'static str));

    fn codes(problems: Vec<FieldProblem>) -> Vec<(&'static str, &'static str)> {
        problems
            .into_iter()
            .map(|p| match p.field {
                Some(std::borrow::Cow::Borrowed(field)) => (field, p.code.code()),
                other => panic!("a validator names its field as a constant, not {other:?}"),
            })
            .collect()
    }

    #[test]
    fn qualification_bad_inputs() {
        assert!(validate_qualification(&qualification()).is_empty());
        let table: Vec<Case<Qualification>> = vec![
            (|q| q.title = "  ".into(), ("title", "REQUIRED")),
            (|q| q.title = "x".repeat(201), ("title", "TOO_LONG")),
            (|q| q.eqf_level = Some(0), ("eqfLevel", "OUT_OF_RANGE")),
            (|q| q.eqf_level = Some(9), ("eqfLevel", "OUT_OF_RANGE")),
            (
                |q| q.country_code = Some("SYR".into()),
                ("countryCode", "INVALID_COUNTRY_CODE"),
            ),
        ];
        for (change, expected) in table {
            let mut q = qualification();
            change(&mut q);
            assert_eq!(codes(validate_qualification(&q)), vec![expected]);
        }
    }

    #[test]
    fn experience_bad_inputs() {
        assert!(validate_experience(&experience()).is_empty());
        let table: Vec<Case<WorkExperience>> = vec![
            (|e| e.occupation_id = None, ("occupationUri", "REQUIRED")),
            (|e| e.title = Some("".into()), ("title", "REQUIRED")),
            (|e| e.years = -1.0, ("years", "OUT_OF_RANGE")),
            (|e| e.years = 250.0, ("years", "OUT_OF_RANGE")),
            (|e| e.years = f64::NAN, ("years", "OUT_OF_RANGE")),
            (
                |e| e.country_code = Some("u".into()),
                ("countryCode", "INVALID_COUNTRY_CODE"),
            ),
        ];
        for (change, expected) in table {
            let mut e = experience();
            change(&mut e);
            assert_eq!(codes(validate_experience(&e)), vec![expected]);
        }
        let mut titled = experience();
        titled.occupation_id = None;
        titled.title = Some("Family bakery".into());
        assert!(validate_experience(&titled).is_empty(), "a title will do");
    }

    #[test]
    fn desired_occupations_are_few_and_distinct() {
        let one = OccupationId::new();
        assert!(validate_desired_occupations(&[one]).is_empty());
        assert_eq!(
            codes(validate_desired_occupations(&[one, one])),
            vec![("occupationUris", "DUPLICATE_OCCUPATION")]
        );
        let many: Vec<_> = (0..11).map(|_| OccupationId::new()).collect();
        assert_eq!(
            codes(validate_desired_occupations(&many)),
            vec![("occupationUris", "TOO_MANY")]
        );
    }
}
