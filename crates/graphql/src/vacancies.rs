//! Vacancies in GraphQL: employers create and publish them; OPEN vacancies are public.

use crate::vacancy_input::CreateVacancyInput;
use crate::values::{ContractType, InclusionSupport, Requirement, SalaryRange};
use async_graphql::{Context, Enum, ID, InputObject, Object, Result, SimpleObject};
use chrono::{DateTime, Utc};
use skillbridge_domain::shortage::is_shortage;
use skillbridge_domain::vacancy::{self as domain, VacancyStatus as DomainStatus};
use skillbridge_domain::{OrganisationKind, VacancyId};

use crate::GqlError;
use crate::accounts::UserError;
use crate::context::{app, current_user, loader};
use crate::guards::{acting_for, require_user};
use crate::ids::{global_id, parse_id};
use crate::loaders::{
    OccupationById, OrganisationById, ShortagesIn, VacancyLanguagesOf, VacancySkillsOf,
    VacancySupportOf, VacancyTracksOf,
};
use crate::organisations::OrganisationNode;
use crate::problems::{payload, payload_of};
use crate::scalars::Date;
use crate::taxonomy::{CefrLevel, Language, OccupationNode, SkillNode, with_skills};
use crate::vacancy_input::UpdateVacancyInput;
use crate::values::{LocationOutput, Proficiency, Track};
use skillbridge_auth::CurrentUser;

/// DRAFT -> OPEN -> CLOSED or FILLED; only OPEN vacancies are public.
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(remote = "skillbridge_domain::vacancy::VacancyStatus")]
pub enum VacancyStatus {
    Draft,
    Open,
    Closed,
    Filled,
}

#[derive(SimpleObject)]
pub struct VacancySkillOutput {
    pub skill: SkillNode,
    pub importance: Requirement,
    pub min_proficiency: Option<Proficiency>,
}

#[derive(SimpleObject)]
pub struct VacancyLanguageOutput {
    pub language: Language,
    pub min_level: CefrLevel,
}

pub struct VacancyNode(pub domain::Vacancy);

#[Object(name = "Vacancy")]
impl VacancyNode {
    pub(crate) async fn id(&self) -> ID {
        global_id("Vacancy", self.0.id.as_uuid())
    }
    async fn title(&self) -> &str {
        &self.0.title
    }
    async fn description(&self) -> &str {
        &self.0.description
    }
    /// The employer offering it.
    async fn organisation(&self, ctx: &Context<'_>) -> Result<Option<OrganisationNode>> {
        Ok(loader(ctx)?
            .load_one(OrganisationById(self.0.organisation_id))
            .await?
            .map(OrganisationNode))
    }
    async fn occupation(&self, ctx: &Context<'_>) -> Result<Option<OccupationNode>> {
        let Some(id) = self.0.occupation_id else {
            return Ok(None);
        };
        Ok(loader(ctx)?
            .load_one(OccupationById(id))
            .await?
            .map(OccupationNode))
    }
    /// The ISCO-08 unit group, from the occupation.
    async fn isco_code(&self) -> Option<&str> {
        self.0.isco_code.as_deref()
    }
    async fn location(&self) -> LocationOutput {
        (&self.0.location).into()
    }
    async fn remote(&self) -> bool {
        self.0.remote
    }
    async fn contract_type(&self) -> ContractType {
        self.0.contract_type.into()
    }
    async fn hours_per_week(&self) -> Option<f64> {
        self.0.hours_per_week
    }
    async fn salary(&self) -> Option<SalaryRange> {
        self.0.salary.as_ref().map(|s| SalaryRange {
            min: s.min,
            max: s.max,
            currency: s.currency.clone(),
        })
    }
    async fn positions(&self) -> i32 {
        self.0.positions
    }
    async fn starts_on(&self) -> Option<Date> {
        self.0.starts_on.map(Date)
    }
    /// The last day of a fixed-term or seasonal job; null when it has no set end.
    async fn ends_on(&self) -> Option<Date> {
        self.0.ends_on.map(Date)
    }
    /// How many days the job runs, both ends included, when it gives both dates.
    async fn duration_days(&self) -> Option<i64> {
        let (starts, ends) = (self.0.starts_on?, self.0.ends_on?);
        Some((ends - starts).num_days() + 1)
    }
    async fn closes_on(&self) -> Option<Date> {
        self.0.closes_on.map(Date)
    }
    async fn visa_sponsorship(&self) -> bool {
        self.0.visa_sponsorship
    }
    async fn status(&self) -> VacancyStatus {
        self.0.status.into()
    }
    async fn published_at(&self) -> Option<DateTime<Utc>> {
        self.0.published_at
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    async fn skills(&self, ctx: &Context<'_>) -> Result<Vec<VacancySkillOutput>> {
        let required = loader(ctx)?
            .load_one(VacancySkillsOf(self.0.id))
            .await?
            .unwrap_or_default();
        let required = with_skills(ctx, required, |r| r.skill_id).await?;
        Ok(required
            .into_iter()
            .map(|(skill, r)| VacancySkillOutput {
                skill,
                importance: r.requirement.into(),
                min_proficiency: r.min_proficiency.map(Into::into),
            })
            .collect())
    }
    async fn languages(&self, ctx: &Context<'_>) -> Result<Vec<VacancyLanguageOutput>> {
        let languages = loader(ctx)?
            .load_one(VacancyLanguagesOf(self.0.id))
            .await?
            .unwrap_or_default();
        Ok(languages
            .into_iter()
            .map(|l| VacancyLanguageOutput {
                language: Language::of(l.language, None),
                min_level: l.min_level.into(),
            })
            .collect())
    }
    async fn inclusion_support(&self, ctx: &Context<'_>) -> Result<Vec<InclusionSupport>> {
        let support = loader(ctx)?
            .load_one(VacancySupportOf(self.0.id))
            .await?
            .unwrap_or_default();
        Ok(support.into_iter().map(Into::into).collect())
    }
    async fn tracks(&self, ctx: &Context<'_>) -> Result<Vec<Track>> {
        let tracks = loader(ctx)?
            .load_one(VacancyTracksOf(self.0.id))
            .await?
            .unwrap_or_default();
        Ok(tracks.into_iter().map(Into::into).collect())
    }
    /// Whether the occupation is on a shortage list in force today for the vacancy's
    /// region (its own, its country's or the EU's).
    async fn is_shortage(&self, ctx: &Context<'_>) -> Result<bool> {
        let Some(region) = self.0.shortage_region() else {
            return Ok(false);
        };
        let loader = loader(ctx)?;
        let entries = loader
            .load_one(ShortagesIn(region.clone()))
            .await?
            .unwrap_or_default();
        if entries.is_empty() {
            return Ok(false);
        }
        let uri = match self.0.occupation_id {
            Some(id) => loader
                .load_one(OccupationById(id))
                .await?
                .map(|o| o.uri)
                .unwrap_or_default(),
            None => String::new(),
        };
        Ok(is_shortage(
            &entries,
            &uri,
            self.0.isco_code.as_deref(),
            &region,
            Utc::now().date_naive(),
        ))
    }
}

#[derive(InputObject)]
pub struct VacancyIdInput {
    pub vacancy_id: ID,
}

#[derive(SimpleObject, Default)]
pub struct VacancyPayload {
    pub vacancy: Option<VacancyNode>,
    pub user_errors: Vec<UserError>,
}

payload_of!(VacancyPayload, domain::Vacancy, vacancy, VacancyNode);

/// A vacancy the caller may see ([`skillbridge_app::App::visible_vacancy`]); `None` for
/// the rest, as for one that does not exist.
pub(crate) async fn visible_vacancy(
    ctx: &Context<'_>,
    id: VacancyId,
) -> Result<Option<VacancyNode>> {
    let user = current_user(ctx);
    Ok(app(ctx)
        .visible_vacancy(user.as_ref(), id)
        .await
        .map_err(GqlError::from)?
        .map(VacancyNode))
}

/// The vacancy `id` names, when the caller acts for the employer that owns it.
pub(crate) async fn owned_vacancy(ctx: &Context<'_>, id: &ID) -> Result<domain::Vacancy> {
    Ok(owned_vacancy_as(ctx, id).await?.2)
}

/// A vacancy of an employer the caller is a member of, with the caller and the employer.
pub(crate) async fn owned_vacancy_as(
    ctx: &Context<'_>,
    id: &ID,
) -> Result<(
    CurrentUser,
    skillbridge_domain::Organisation,
    domain::Vacancy,
)> {
    let id: VacancyId = parse_id(id)?;
    let user = require_user(ctx)?;
    let (employer, vacancy) = app(ctx)
        .owned_vacancy(&user, id)
        .await
        .map_err(GqlError::from)?;
    Ok((user, employer, vacancy))
}

/// Moves a vacancy of the caller's organisation from one status to another.
async fn transition(ctx: &Context<'_>, id: &ID, to: DomainStatus) -> Result<VacancyPayload> {
    let vacancy = owned_vacancy(ctx, id).await?;
    Ok(payload(app(ctx).move_vacancy(&vacancy, to).await)?)
}

#[derive(Default)]
pub struct VacancyQuery;

#[Object]
impl VacancyQuery {
    /// A vacancy: OPEN ones for everyone, others for members of the employer.
    async fn vacancy(&self, ctx: &Context<'_>, id: ID) -> Result<Option<VacancyNode>> {
        visible_vacancy(ctx, parse_id(&id)?).await
    }
}

#[derive(Default)]
pub struct VacancyMutation;

#[Object]
impl VacancyMutation {
    /// Creates a DRAFT vacancy for your employer organisation. Nothing is saved when any
    /// field is wrong; each problem comes back with its field.
    async fn create_vacancy(
        &self,
        ctx: &Context<'_>,
        input: CreateVacancyInput,
    ) -> Result<VacancyPayload> {
        let (_, organisation) =
            acting_for(ctx, &input.organisation_id, OrganisationKind::Employer).await?;
        Ok(payload(
            app(ctx)
                .create_vacancy(organisation.id, input.into_form())
                .await,
        )?)
    }

    /// Changes a DRAFT or OPEN vacancy of your organisation. Fields left out stay; `null`
    /// clears an optional one; a list given replaces the list. Nothing is saved when any
    /// field is wrong.
    async fn update_vacancy(
        &self,
        ctx: &Context<'_>,
        input: UpdateVacancyInput,
    ) -> Result<VacancyPayload> {
        let vacancy = owned_vacancy(ctx, &input.vacancy_id).await?;
        let app = app(ctx);
        let current = app
            .vacancy_details(&vacancy)
            .await
            .map_err(GqlError::from)?;
        Ok(payload(
            app.update_vacancy(&vacancy, input.into_form(current)).await,
        )?)
    }

    /// Makes a DRAFT vacancy OPEN (public).
    async fn publish_vacancy(
        &self,
        ctx: &Context<'_>,
        input: VacancyIdInput,
    ) -> Result<VacancyPayload> {
        transition(ctx, &input.vacancy_id, DomainStatus::Open).await
    }

    /// Closes an OPEN vacancy to new applications.
    async fn close_vacancy(
        &self,
        ctx: &Context<'_>,
        input: VacancyIdInput,
    ) -> Result<VacancyPayload> {
        transition(ctx, &input.vacancy_id, DomainStatus::Closed).await
    }
}
