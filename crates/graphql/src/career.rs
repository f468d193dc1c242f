//! Qualifications, work experience and desired occupations on a profile: their GraphQL
//! types and the mutations that edit them (by the person, or a caseworker with delegation).

use async_graphql::{Context, Enum, ID, InputObject, Object, Result};
use skillbridge_domain::OccupationId;
use skillbridge_domain::ProblemCode;
use skillbridge_domain::career::{self as domain};
use skillbridge_domain::delegation::DelegationScope;
use skillbridge_domain::profile::FieldProblem;

use crate::GqlError;
use crate::context::{app, loader};
use crate::guards::target_profile;
use crate::ids::{global_id, parse_global_id};
use crate::loaders::OccupationById;
use crate::nodes::{ProfilePayload, problems};
use crate::nodes::{QualificationNode, WorkExperienceNode};
use crate::problems::payload;
use crate::taxonomy::OccupationNode;

#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(remote = "skillbridge_domain::career::RecognitionStatus")]
pub enum RecognitionStatus {
    NotStarted,
    InProgress,
    Recognised,
    Partial,
    Refused,
}

#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(remote = "skillbridge_domain::career::ExperienceKind")]
pub enum ExperienceKind {
    Waged,
    SelfEmployed,
    Unpaid,
}

#[Object(name = "Qualification")]
impl QualificationNode {
    pub(crate) async fn id(&self) -> ID {
        global_id("Qualification", &self.0.id)
    }
    async fn title(&self) -> &str {
        &self.0.title
    }
    /// European Qualifications Framework level, 1 to 8.
    async fn eqf_level(&self) -> Option<i32> {
        self.0.eqf_level
    }
    /// Where it was awarded (ISO 3166-1 alpha-2).
    async fn country_code(&self) -> Option<&str> {
        self.0.country_code.as_deref()
    }
    async fn recognition_status(&self) -> RecognitionStatus {
        self.0.recognition_status.into()
    }
}

#[Object(name = "WorkExperience")]
impl WorkExperienceNode {
    pub(crate) async fn id(&self) -> ID {
        global_id("WorkExperience", &self.0.id)
    }
    async fn occupation(&self, ctx: &Context<'_>) -> Result<Option<OccupationNode>> {
        occupation(ctx, self.0.occupation_id).await
    }
    async fn title(&self) -> Option<&str> {
        self.0.title.as_deref()
    }
    async fn kind(&self) -> ExperienceKind {
        self.0.kind.into()
    }
    async fn years(&self) -> f64 {
        self.0.years
    }
    async fn country_code(&self) -> Option<&str> {
        self.0.country_code.as_deref()
    }
}

pub(crate) async fn occupation(
    ctx: &Context<'_>,
    id: Option<OccupationId>,
) -> Result<Option<OccupationNode>> {
    let Some(id) = id else { return Ok(None) };
    Ok(loader(ctx)?
        .load_one(OccupationById(id))
        .await?
        .map(OccupationNode))
}

/// Adds a qualification (no `qualificationId`) or changes one.
#[derive(InputObject)]
pub struct SaveQualificationInput {
    /// A client's profile, for a caseworker acting for `organisationId` (with the
    /// person's delegation); leave both out for your own profile.
    pub profile_id: Option<ID>,
    pub organisation_id: Option<ID>,
    /// The qualification to change; leave out to add one.
    pub qualification_id: Option<ID>,
    pub title: String,
    pub eqf_level: Option<i32>,
    pub country_code: Option<String>,
    #[graphql(default_with = "RecognitionStatus::NotStarted")]
    pub recognition_status: RecognitionStatus,
}

#[derive(InputObject)]
pub struct RemoveQualificationInput {
    pub profile_id: Option<ID>,
    pub organisation_id: Option<ID>,
    pub qualification_id: ID,
}

/// Adds work experience (no `experienceId`) or changes an entry. Name an ESCO occupation,
/// or give a title when none fits.
#[derive(InputObject)]
pub struct SaveWorkExperienceInput {
    pub profile_id: Option<ID>,
    pub organisation_id: Option<ID>,
    /// The entry to change; leave out to add one.
    pub experience_id: Option<ID>,
    pub occupation_uri: Option<String>,
    pub title: Option<String>,
    pub kind: ExperienceKind,
    pub years: f64,
    pub country_code: Option<String>,
}

#[derive(InputObject)]
pub struct RemoveWorkExperienceInput {
    pub profile_id: Option<ID>,
    pub organisation_id: Option<ID>,
    pub experience_id: ID,
}

/// Replaces the occupations the person wants to work in (at most 10, in order of
/// preference).
#[derive(InputObject)]
pub struct SetDesiredOccupationsInput {
    pub profile_id: Option<ID>,
    pub organisation_id: Option<ID>,
    pub occupation_uris: Vec<String>,
}

/// The entry id inside a global id of `kind`; a userError on `field` otherwise.
fn entry_id(id: &ID, kind: &str, field: &'static str) -> Result<uuid::Uuid, FieldProblem> {
    match parse_global_id(id) {
        Ok((k, uuid)) if k == kind => Ok(uuid),
        _ => Err(FieldProblem::new(
            field,
            ProblemCode::NotFound,
            format!("the profile has no such {}", kind.to_lowercase()),
        )),
    }
}

fn country(code: Option<String>) -> Option<String> {
    code.map(|c| c.trim().to_ascii_uppercase())
        .filter(|c| !c.is_empty())
}

#[derive(Default)]
pub struct CareerMutation;

#[Object]
impl CareerMutation {
    /// Adds a qualification to a profile, or changes one. Nothing is saved when any field
    /// is invalid.
    async fn save_qualification(
        &self,
        ctx: &Context<'_>,
        input: SaveQualificationInput,
    ) -> Result<ProfilePayload> {
        let (_, profile) = target_profile(
            ctx,
            input.profile_id.as_ref(),
            input.organisation_id.as_ref(),
            DelegationScope::EditProfile,
        )
        .await?;
        let entry = match &input.qualification_id {
            Some(id) => match entry_id(id, "Qualification", "qualificationId") {
                Ok(uuid) => Some(uuid),
                Err(problem) => return Ok(problems(vec![problem])),
            },
            None => None,
        };
        let qualification = domain::Qualification {
            id: uuid::Uuid::now_v7(),
            title: input.title.trim().to_owned(),
            eqf_level: input.eqf_level,
            country_code: country(input.country_code),
            recognition_status: input.recognition_status.into(),
        };
        Ok(payload(
            app(ctx)
                .save_qualification(profile, entry, qualification)
                .await,
        )?)
    }

    async fn remove_qualification(
        &self,
        ctx: &Context<'_>,
        input: RemoveQualificationInput,
    ) -> Result<ProfilePayload> {
        let (_, profile) = target_profile(
            ctx,
            input.profile_id.as_ref(),
            input.organisation_id.as_ref(),
            DelegationScope::EditProfile,
        )
        .await?;
        let entry = entry_id(&input.qualification_id, "Qualification", "qualificationId").ok();
        Ok(payload(
            app(ctx).remove_qualification(profile, entry).await,
        )?)
    }

    /// Adds work experience to a profile, or changes an entry. Nothing is saved when any
    /// field is invalid.
    async fn save_work_experience(
        &self,
        ctx: &Context<'_>,
        input: SaveWorkExperienceInput,
    ) -> Result<ProfilePayload> {
        let (_, profile) = target_profile(
            ctx,
            input.profile_id.as_ref(),
            input.organisation_id.as_ref(),
            DelegationScope::EditProfile,
        )
        .await?;
        let entry = match &input.experience_id {
            Some(id) => match entry_id(id, "WorkExperience", "experienceId") {
                Ok(uuid) => Some(uuid),
                Err(problem) => return Ok(problems(vec![problem])),
            },
            None => None,
        };
        let experience = domain::WorkExperience {
            id: uuid::Uuid::now_v7(),
            occupation_id: None,
            title: input.title.map(|t| t.trim().to_owned()),
            kind: input.kind.into(),
            years: input.years,
            country_code: country(input.country_code),
        };
        Ok(payload(
            app(ctx)
                .save_experience(profile, entry, input.occupation_uri.as_deref(), experience)
                .await,
        )?)
    }

    async fn remove_work_experience(
        &self,
        ctx: &Context<'_>,
        input: RemoveWorkExperienceInput,
    ) -> Result<ProfilePayload> {
        let (_, profile) = target_profile(
            ctx,
            input.profile_id.as_ref(),
            input.organisation_id.as_ref(),
            DelegationScope::EditProfile,
        )
        .await?;
        let entry = entry_id(&input.experience_id, "WorkExperience", "experienceId").ok();
        Ok(payload(app(ctx).remove_experience(profile, entry).await)?)
    }

    /// Replaces the occupations the person wants to work in; every URI must name an ESCO
    /// occupation, or nothing changes.
    async fn set_desired_occupations(
        &self,
        ctx: &Context<'_>,
        input: SetDesiredOccupationsInput,
    ) -> Result<ProfilePayload> {
        let (_, profile) = target_profile(
            ctx,
            input.profile_id.as_ref(),
            input.organisation_id.as_ref(),
            DelegationScope::EditProfile,
        )
        .await?;
        Ok(payload(
            app(ctx)
                .set_desired_occupations(profile, &input.occupation_uris)
                .await,
        )?)
    }
}

/// A qualification as a node: for those who see its profile as a node.
pub(crate) async fn visible_qualification(
    ctx: &Context<'_>,
    id: uuid::Uuid,
) -> Result<Option<QualificationNode>> {
    let Some(user) = crate::context::current_user(ctx) else {
        return Ok(None);
    };
    Ok(app(ctx)
        .visible_qualification(&user, id)
        .await
        .map_err(GqlError::from)?
        .map(QualificationNode))
}

/// An entry of work experience as a node: for those who see its profile as a node.
pub(crate) async fn visible_experience(
    ctx: &Context<'_>,
    id: uuid::Uuid,
) -> Result<Option<WorkExperienceNode>> {
    let Some(user) = crate::context::current_user(ctx) else {
        return Ok(None);
    };
    Ok(app(ctx)
        .visible_experience(&user, id)
        .await
        .map_err(GqlError::from)?
        .map(WorkExperienceNode))
}
