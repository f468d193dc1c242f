//! A person's career on their profile: qualifications, work experience and the occupations
//! they want. An entry is added, or changed by its id; a full list or an id that names no
//! entry of the profile is a problem at the entry's id field.

use skillbridge_domain::career::{
    MAX_EXPERIENCES, MAX_QUALIFICATIONS, Qualification, WorkExperience, too_many_desired,
    validate_desired_occupations, validate_experience, validate_qualification,
};
use skillbridge_domain::profile::Profile;
use skillbridge_domain::{FieldProblem, ProblemCode};
use uuid::Uuid;

use crate::{App, ServiceError, ServiceResult};

/// A kind of profile entry, as its use cases report on it.
struct EntryKind {
    id_field: &'static str,
    name: &'static str,
    max: usize,
}

const QUALIFICATION: EntryKind = EntryKind {
    id_field: "qualificationId",
    name: "qualification",
    max: MAX_QUALIFICATIONS,
};
const EXPERIENCE: EntryKind = EntryKind {
    id_field: "experienceId",
    name: "work experience",
    max: MAX_EXPERIENCES,
};

impl App {
    /// Adds `qualification` to `profile`, or, with `entry`, changes that entry to it.
    pub async fn save_qualification(
        &self,
        profile: Profile,
        entry: Option<Uuid>,
        mut qualification: Qualification,
    ) -> ServiceResult<Profile> {
        let problems = validate_qualification(&qualification);
        if !problems.is_empty() {
            return Err(ServiceError::Invalid(problems));
        }
        let done = match entry {
            Some(id) => {
                qualification.id = id;
                self.store
                    .update_qualification(profile.id, &qualification)
                    .await?
            }
            None => {
                self.store
                    .add_qualification(profile.id, &qualification)
                    .await?
            }
        };
        outcome(profile, &QUALIFICATION, entry.is_some(), done)
    }

    /// Takes the qualification `entry` off `profile` (`None`: an id that names none).
    pub async fn remove_qualification(
        &self,
        profile: Profile,
        entry: Option<Uuid>,
    ) -> ServiceResult<Profile> {
        let removed = match entry {
            Some(id) => self.store.remove_qualification(profile.id, id).await?,
            None => false,
        };
        outcome(profile, &QUALIFICATION, true, removed)
    }

    /// Adds `experience` to `profile`, or, with `entry`, changes that entry to it; its
    /// occupation named by the ESCO URI `occupation_uri` (blank: none, then a title must do).
    pub async fn save_experience(
        &self,
        profile: Profile,
        entry: Option<Uuid>,
        occupation_uri: Option<&str>,
        mut experience: WorkExperience,
    ) -> ServiceResult<Profile> {
        let mut problems = Vec::new();
        experience.occupation_id = match occupation_uri.map(str::trim) {
            Some(uri) if !uri.is_empty() => self.occupation_by_uri(uri, &mut problems).await?,
            _ => None,
        };
        if problems.is_empty() {
            problems = validate_experience(&experience);
        }
        if !problems.is_empty() {
            return Err(ServiceError::Invalid(problems));
        }
        let done = match entry {
            Some(id) => {
                experience.id = id;
                self.store
                    .update_experience(profile.id, &experience)
                    .await?
            }
            None => self.store.add_experience(profile.id, &experience).await?,
        };
        outcome(profile, &EXPERIENCE, entry.is_some(), done)
    }

    /// Takes the work experience `entry` off `profile` (`None`: an id that names none).
    pub async fn remove_experience(
        &self,
        profile: Profile,
        entry: Option<Uuid>,
    ) -> ServiceResult<Profile> {
        let removed = match entry {
            Some(id) => self.store.remove_experience(profile.id, id).await?,
            None => false,
        };
        outcome(profile, &EXPERIENCE, true, removed)
    }

    /// Replaces the occupations the person wants to work in; every URI must name an ESCO
    /// occupation, or nothing changes.
    pub async fn set_desired_occupations(
        &self,
        profile: Profile,
        uris: &[String],
    ) -> ServiceResult<Profile> {
        // The length is checked before any URI is looked up, so a huge list costs nothing.
        if let Some(problem) = too_many_desired(uris.len()) {
            return Err(problem.into());
        }
        let mut ids = Vec::with_capacity(uris.len());
        for uri in uris {
            match self.occupation_id_by_uri(uri).await? {
                Some(id) => ids.push(id),
                None => {
                    return Err(FieldProblem::new(
                        "occupationUris",
                        ProblemCode::UnknownOccupation,
                        format!("no ESCO occupation has the URI {:?}", uri.trim()),
                    )
                    .into());
                }
            }
        }
        let problems = validate_desired_occupations(&ids);
        if !problems.is_empty() {
            return Err(ServiceError::Invalid(problems));
        }
        self.store.set_desired_occupations(profile.id, &ids).await?;
        Ok(profile)
    }
}

/// The profile when the save or removal was `done`; else NOT_FOUND for a change (the id
/// named no entry of this profile) or TOO_MANY for an addition (the profile is full).
fn outcome(profile: Profile, kind: &EntryKind, change: bool, done: bool) -> ServiceResult<Profile> {
    if done {
        return Ok(profile);
    }
    let problem = if change {
        FieldProblem::new(
            kind.id_field,
            ProblemCode::NotFound,
            format!("the profile has no such {}", kind.name),
        )
    } else {
        FieldProblem::new(
            kind.id_field,
            ProblemCode::TooMany,
            format!(
                "a profile holds at most {} entries of {}",
                kind.max, kind.name
            ),
        )
    };
    Err(problem.into())
}
