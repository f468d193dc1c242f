//! Vacancies in GraphQL: employers create and publish them; OPEN vacancies are public.

use crate::loaders::VacancyById;
use crate::vacancy_input::CreateVacancyInput;
use crate::values::{ContractType, InclusionSupport, Requirement, SalaryRange};
use async_graphql::connection::{Connection, Edge};
use async_graphql::{Context, Enum, ID, InputObject, Object, Result, SimpleObject};
use chrono::{DateTime, Utc};
use skillbridge_domain::search::VacancySearch;
use skillbridge_domain::shortage::is_shortage;
use skillbridge_domain::vacancy::{self as domain, VacancyStatus as DomainStatus};
use skillbridge_domain::{OrganisationKind, VacancyId};

use crate::accounts::UserError;
use crate::context::{app, current_user, loader};
use crate::guards::{acting_for, require_user};
use crate::ids::{global_id, page_size, parse_cursor, parse_id};
use crate::loaders::{
    OccupationById, OrganisationById, ShortagesIn, SkillById, VacancyLanguagesOf, VacancySkillsOf,
    VacancySupportOf, VacancyTracksOf,
};
use crate::organisations::OrganisationNode;
use crate::prime::prime_vacancies;
use crate::problems::{payload, payload_of};
use crate::scalars::Date;
use crate::search::{
    LanguageLevelInput, SearchTotals, WithinInput, language_levels, page_of, problem_error,
    run_search, totals, wants_facets,
};
use crate::taxonomy::{CefrLevel, Language, OccupationNode, SkillNode};
use crate::vacancy_input::UpdateVacancyInput;
use crate::values::{LocationOutput, Proficiency, Track};
use crate::{ErrorCode, GqlError};
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
        let loader = loader(ctx)?;
        let required = loader
            .load_one(VacancySkillsOf(self.0.id))
            .await?
            .unwrap_or_default();
        let skills = loader
            .load_many(required.iter().map(|s| SkillById(s.skill_id)))
            .await?;
        Ok(required
            .into_iter()
            .filter_map(|r| {
                skills
                    .get(&SkillById(r.skill_id))
                    .map(|skill| VacancySkillOutput {
                        skill: SkillNode(skill.clone()),
                        importance: r.requirement.into(),
                        min_proficiency: r.min_proficiency.map(Into::into),
                    })
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

#[derive(InputObject, Default)]
#[graphql(name = "VacancyFilter")]
pub struct VacancyFilterInput {
    /// Your organisation's vacancies in any status (members only); without it, OPEN ones.
    pub organisation_id: Option<ID>,
    pub status: Option<VacancyStatus>,
    /// An ESCO occupation URI.
    pub occupation_uri: Option<String>,
    /// An ISCO group (1 to 4 digits): vacancies whose occupation is in it.
    pub isco_group: Option<String>,
    /// Only vacancies in occupations on a shortage list for their region.
    #[graphql(default)]
    pub shortage_only: bool,
    #[graphql(deprecation = "use contractTypes")]
    pub contract_type: Option<ContractType>,
    /// Any of these contract types.
    #[graphql(default)]
    pub contract_types: Vec<ContractType>,
    /// Vacancies favouring any of these tracks.
    #[graphql(default)]
    pub tracks: Vec<Track>,
    pub remote: Option<bool>,
    /// Only vacancies placed within this circle.
    pub within: Option<WithinInput>,
    /// Only vacancies published at or after this time.
    pub posted_since: Option<DateTime<Utc>>,
    /// Only vacancies whose every language requirement someone speaking these languages at
    /// these CEFR levels meets (pass the person's own levels).
    pub meets_languages: Option<Vec<LanguageLevelInput>>,
}

/// How vacancies are ordered.
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(remote = "skillbridge_domain::search::VacancyOrder")]
pub enum VacancyOrder {
    /// Best text match first (newest first without a query).
    Relevance,
    Newest,
    /// Nearest to `filter.within`'s point first.
    Distance,
    /// Closing soonest first; vacancies without a closing date last.
    ClosingDate,
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

    /// Vacancies: OPEN ones, or with `filter.organisationId` your organisation's in any
    /// status. `query` searches titles, descriptions and the occupation's and skills'
    /// labels in every language (typos and unfinished words allowed). Ordered by
    /// `orderBy`: without it, best match first with a query, newest first without.
    /// `facets` counts contractType, shortage, iscoMajorGroup and track over all matches.
    #[graphql(complexity = "page_size(first).unwrap_or(20) * child_complexity")]
    async fn vacancies(
        &self,
        ctx: &Context<'_>,
        query: Option<String>,
        filter: Option<VacancyFilterInput>,
        first: Option<i32>,
        after: Option<String>,
        order_by: Option<VacancyOrder>,
    ) -> Result<Connection<String, VacancyNode, SearchTotals>> {
        let first = page_size(first)?;
        let after = after.as_deref().map(parse_cursor).transpose()?;
        let filter = filter.unwrap_or_default();
        let mut search = VacancySearch {
            text: query,
            isco_group: filter.isco_group.clone(),
            shortage_only: filter.shortage_only,
            contract_types: filter
                .contract_types
                .iter()
                .chain(filter.contract_type.iter())
                .map(|&c| c.into())
                .collect(),
            tracks: filter.tracks.iter().map(|&t| t.into()).collect(),
            remote: filter.remote,
            within: filter
                .within
                .as_ref()
                .map(WithinInput::radius)
                .transpose()?,
            posted_since: filter.posted_since,
            meets_languages: filter
                .meets_languages
                .as_deref()
                .map(|l| language_levels(l, "filter.meetsLanguages"))
                .transpose()?,
            order: order_by.map(Into::into),
            ..Default::default()
        };
        if let Some(uri) = &filter.occupation_uri {
            match app(ctx)
                .find_occupation(uri)
                .await
                .map_err(GqlError::from)?
            {
                Some(occupation) => search.occupation = Some(occupation.id),
                None => {
                    return Err(GqlError::new(
                        ErrorCode::BadUserInput,
                        "no ESCO occupation has this URI",
                    )
                    .into());
                }
            }
        }
        match &filter.organisation_id {
            Some(organisation) => {
                let (_, organisation) =
                    acting_for(ctx, organisation, OrganisationKind::Employer).await?;
                search.organisation = Some(organisation.id);
                search.statuses = filter.status.map(|s| vec![s.into()]).unwrap_or_default();
            }
            None => {
                if filter.status.is_some_and(|s| s != VacancyStatus::Open) {
                    return Err(GqlError::new(
                        ErrorCode::Forbidden,
                        "only OPEN vacancies are public; give your organisationId",
                    )
                    .into());
                }
                search.statuses = vec![DomainStatus::Open];
            }
        }
        let mut request = search.request().map_err(problem_error)?;
        if !wants_facets(ctx) {
            request.facets.clear();
        }
        let (found, offset) = run_search(ctx, request, first, after.as_ref()).await?;
        let ids: Vec<VacancyId> = found
            .hits
            .iter()
            .map(|h| VacancyId::from_uuid(h.id))
            .collect();
        let rows = loader(ctx)?
            .load_many(ids.into_iter().map(VacancyById))
            .await?
            .into_iter()
            .map(|(id, v)| (*id.0.as_uuid(), v))
            .collect();
        // Visibility is the rows', whatever the index says: OPEN for everyone, any status
        // only to the organisation's members.
        let page = page_of(&found, offset, rows, |v: &domain::Vacancy| {
            match search.organisation {
                Some(organisation) => v.organisation_id == organisation,
                None => v.status == DomainStatus::Open,
            }
        });
        let items: Vec<&domain::Vacancy> = page.iter().map(|(_, _, v)| v).collect();
        prime_vacancies(ctx, &items).await?;
        let mut connection = Connection::with_additional_fields(
            offset > 0,
            offset + found.hits.len() < found.total,
            totals(&found),
        );
        connection.edges = page
            .into_iter()
            .map(|(cursor, _, vacancy)| Edge::new(cursor, VacancyNode(vacancy)))
            .collect();
        Ok(connection)
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
