//! The entrepreneurship track in GraphQL: a person's ventures (the mentoring offered for
//! them is in `mentoring`).

use crate::loaders::SkillById;

use async_graphql::{Context, Enum, ID, InputObject, Object, Result, SimpleObject};
use chrono::{DateTime, Utc};
use skillbridge_domain::SkillId;
use skillbridge_domain::delegation::DelegationScope;
use skillbridge_domain::profile::Profile;
use skillbridge_domain::venture::{self as domain, VentureDetails};
use uuid::Uuid;

use crate::accounts::UserError;
use crate::context::{app, loader};
use crate::guards::require_user;
use crate::guards::target_profile;
use crate::ids::{global_id, parse_id, parse_uuid_of};
use crate::problems::{Payload, payload};
use crate::taxonomy::SkillNode;
use crate::{ErrorCode, GqlError, GqlResult};
use skillbridge_app::ProfileTarget;
use skillbridge_app::ventures::VentureForm;

#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(remote = "skillbridge_domain::venture::VentureStage")]
pub enum VentureStage {
    Idea,
    Planning,
    Launched,
}

/// An economic sector: the sections of NACE Rev. 2 (A Agriculture ... U Extraterritorial).
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(remote = "skillbridge_domain::venture::Sector")]
pub enum Sector {
    Agriculture,
    Mining,
    Manufacturing,
    Energy,
    WaterAndWaste,
    Construction,
    Trade,
    Transport,
    AccommodationAndFood,
    InformationAndCommunication,
    Finance,
    RealEstate,
    ProfessionalServices,
    AdministrativeServices,
    PublicAdministration,
    Education,
    HealthAndSocialWork,
    ArtsAndRecreation,
    OtherServices,
    Households,
    Extraterritorial,
}

pub(crate) async fn skill_nodes(ctx: &Context<'_>, ids: &[SkillId]) -> Result<Vec<SkillNode>> {
    let found = loader(ctx)?
        .load_many(ids.iter().copied().map(SkillById))
        .await?;
    Ok(ids
        .iter()
        .filter_map(|id| found.get(&SkillById(*id)).cloned().map(SkillNode))
        .collect())
}

/// A business a person plans or runs.
pub struct VentureNode(pub(crate) domain::Venture);

#[Object(name = "Venture")]
impl VentureNode {
    pub(crate) async fn id(&self) -> ID {
        global_id("Venture", &self.0.id)
    }
    async fn name(&self) -> &str {
        &self.0.details.name
    }
    async fn description(&self) -> &str {
        &self.0.details.description
    }
    async fn sector(&self) -> Sector {
        self.0.details.sector.into()
    }
    async fn stage(&self) -> VentureStage {
        self.0.details.stage.into()
    }
    /// ESCO skills the venture needs, which mentors are matched on.
    async fn skills_needed(&self, ctx: &Context<'_>) -> Result<Vec<SkillNode>> {
        skill_nodes(ctx, &self.0.details.skills_needed).await
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
}

#[derive(InputObject)]
pub struct SaveVentureInput {
    /// Leave out to create a venture; give it to replace one.
    pub venture_id: Option<ID>,
    /// For a caseworker: the client's profile, with `organisationId`.
    pub profile_id: Option<ID>,
    pub organisation_id: Option<ID>,
    pub name: String,
    #[graphql(default)]
    pub description: String,
    pub sector: Sector,
    pub stage: VentureStage,
    /// ESCO skill URIs the venture needs (at most 30).
    #[graphql(default)]
    pub skill_uris: Vec<String>,
}

#[derive(InputObject)]
pub struct RemoveVentureInput {
    pub venture_id: ID,
    pub profile_id: Option<ID>,
    pub organisation_id: Option<ID>,
}

#[derive(SimpleObject, Default)]
pub struct VenturePayload {
    pub venture: Option<VentureNode>,
    pub user_errors: Vec<UserError>,
}

impl Payload for VenturePayload {
    /// `None` for a removal.
    type Made = Option<domain::Venture>;

    fn made(venture: Self::Made) -> Self {
        Self {
            venture: venture.map(VentureNode),
            user_errors: Vec::new(),
        }
    }

    fn refused(user_errors: Vec<UserError>) -> Self {
        Self {
            venture: None,
            user_errors,
        }
    }
}

/// The person whose ventures these are: the caller, or a caseworker's client.
async fn venture_owner(
    ctx: &Context<'_>,
    profile_id: Option<&ID>,
    organisation_id: Option<&ID>,
) -> Result<Profile> {
    Ok(target_profile(
        ctx,
        profile_id,
        organisation_id,
        DelegationScope::EditProfile,
    )
    .await?
    .1)
}

/// A venture the caller may work with ([`skillbridge_app::App::venture_of`]): their own,
/// or a client's they act for with `organisation_id`; NOT_FOUND otherwise.
pub(crate) async fn venture_of_caller(
    ctx: &Context<'_>,
    id: &ID,
    organisation_id: Option<&ID>,
) -> GqlResult<domain::Venture> {
    let id = parse_uuid_of(id, &["Venture"], "a venture")?;
    let user = require_user(ctx)?;
    // An organisation id that names none reaches no client: as for another's venture.
    let organisation = match organisation_id.map(parse_id).transpose() {
        Ok(organisation) => organisation,
        Err(_) => return Err(GqlError::new(ErrorCode::NotFound, "venture not found")),
    };
    Ok(app(ctx).venture_of(&user, id, organisation).await?)
}

#[derive(Default)]
pub struct VentureQuery;

#[Object]
impl VentureQuery {
    /// The person's ventures, oldest first: the caller's, or a caseworker's client's.
    async fn my_ventures(
        &self,
        ctx: &Context<'_>,
        profile_id: Option<ID>,
        organisation_id: Option<ID>,
    ) -> GqlResult<Vec<VentureNode>> {
        let target = ProfileTarget::named(
            profile_id.as_ref().map(parse_id).transpose()?,
            organisation_id.as_ref().map(parse_id).transpose()?,
        )?;
        let user = require_user(ctx)?;
        let ventures = app(ctx).ventures(&user, target).await?;
        Ok(ventures.into_iter().map(VentureNode).collect())
    }
}

#[derive(Default)]
pub struct VentureMutation;

#[Object]
impl VentureMutation {
    /// Creates a venture or replaces one (with `ventureId`), for a person in the
    /// ENTREPRENEURSHIP track (at most five ventures each).
    async fn save_venture(
        &self,
        ctx: &Context<'_>,
        input: SaveVentureInput,
    ) -> Result<VenturePayload> {
        let profile = venture_owner(
            ctx,
            input.profile_id.as_ref(),
            input.organisation_id.as_ref(),
        )
        .await?;
        let venture_id = input
            .venture_id
            .as_ref()
            .map(|id| parse_uuid_of(id, &["Venture"], "a venture"))
            .transpose()?;
        let form = VentureForm {
            details: VentureDetails {
                name: input.name.trim().to_owned(),
                description: input.description,
                sector: input.sector.into(),
                stage: input.stage.into(),
                skills_needed: Vec::new(),
            },
            skill_uris: input.skill_uris,
        };
        Ok(payload(
            app(ctx)
                .save_venture(&profile, venture_id, form)
                .await
                .map(Some),
        )?)
    }

    async fn remove_venture(
        &self,
        ctx: &Context<'_>,
        input: RemoveVentureInput,
    ) -> Result<VenturePayload> {
        let profile = venture_owner(
            ctx,
            input.profile_id.as_ref(),
            input.organisation_id.as_ref(),
        )
        .await?;
        let id = parse_uuid_of(&input.venture_id, &["Venture"], "a venture")?;
        Ok(payload(
            app(ctx).remove_venture(&profile, id).await.map(|()| None),
        )?)
    }
}

/// A venture as a node: for its owner and the caseworkers they delegated to, like the
/// venture mutations (`None` for anyone else, as for no venture).
pub(crate) async fn visible_venture(ctx: &Context<'_>, id: Uuid) -> Result<Option<VentureNode>> {
    let Some(user) = crate::context::current_user(ctx) else {
        return Ok(None);
    };
    Ok(app(ctx)
        .visible_venture(&user, id)
        .await
        .map_err(GqlError::from)?
        .map(VentureNode))
}
