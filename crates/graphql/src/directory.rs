//! The organisation directory in GraphQL: what organisations tell the public, the
//! `organisations` search with facets, owners' updates, and people's requests for support
//! to a support organisation.

use async_graphql::connection::Connection;
use async_graphql::{Context, Enum, ID, InputObject, MaybeUndefined, Object, Result, SimpleObject};
use chrono::{DateTime, Utc};
use skillbridge_app::Whose;
use skillbridge_app::support::{OpeningHoursAsWritten, OrganisationProfileForm};
use skillbridge_app::written::Edit;
use skillbridge_domain::organisation::{self as domain, Organisation};
use skillbridge_domain::search::OrganisationSearch;
use skillbridge_domain::support::SupportRequest;
use skillbridge_domain::{LanguageCode, OrganisationId};

use crate::accounts::UserError;
use crate::connections::{TotalCount, listed, page_request};
use crate::context::{app, current_user, loader};
use crate::guards::require_user;
use crate::ids::{global_id, page_size, parse_cursor, parse_id, uuid_if_of};
use crate::loaders::{OrganisationById, ProfileById};
use crate::organisations::{OrganisationKind, OrganisationNode, OrganisationPayload};
use crate::problems::{payload, payload_of};
use crate::search::{SearchTotals, WithinInput, faceted, load_hits, page_of, run_search};
use crate::values::LocationInput;
use crate::{ErrorCode, GqlError, GqlResult};

/// What a support organisation helps people with.
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(remote = "skillbridge_domain::organisation::SupportService")]
pub enum SupportService {
    /// General counselling and orientation.
    Counselling,
    /// Legal advice: residence, work permits, asylum, labour rights.
    LegalAdvice,
    /// Guidance through the recognition of foreign qualifications.
    RecognitionGuidance,
    /// Language courses, or finding one.
    LanguageCourses,
    /// Translation and interpreting.
    Translation,
    /// Help with a CV and applications.
    CvHelp,
    /// Help finding work.
    JobSearch,
    /// Information on childcare.
    ChildcareInfo,
    /// Information on housing.
    HousingInfo,
    /// Information on health care.
    HealthInfo,
    /// Civic orientation: institutions, rights and duties, everyday life.
    CivicOrientation,
    /// Psychosocial support.
    PsychosocialSupport,
    /// Advice on starting a business.
    BusinessAdvice,
}

#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(remote = "skillbridge_domain::organisation::Weekday")]
pub enum Weekday {
    Monday,
    Tuesday,
    Wednesday,
    Thursday,
    Friday,
    Saturday,
    Sunday,
}

/// Where a request for support stands.
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(remote = "skillbridge_domain::support::SupportStatus")]
pub enum SupportStatus {
    Pending,
    /// The organisation will help: let it act for you with `grantDelegation`, choosing
    /// what it may do.
    Accepted,
    Declined,
}

/// When an organisation is open on a day (a day may have several spans).
#[derive(SimpleObject)]
#[graphql(name = "OpeningHours")]
pub struct OpeningHoursOutput {
    pub day: Weekday,
    /// HH:MM, local time.
    pub opens: String,
    /// HH:MM, local time.
    pub closes: String,
}

impl From<&domain::OpeningHours> for OpeningHoursOutput {
    fn from(h: &domain::OpeningHours) -> Self {
        Self {
            day: h.day.into(),
            opens: h.opens.format("%H:%M").to_string(),
            closes: h.closes.format("%H:%M").to_string(),
        }
    }
}

#[derive(InputObject)]
pub struct OpeningHoursInput {
    pub day: Weekday,
    /// HH:MM, local time.
    pub opens: String,
    /// HH:MM, local time, after `opens`.
    pub closes: String,
}

/// Which organisations the directory lists.
#[derive(InputObject, Default)]
pub struct OrganisationFilter {
    /// Any of these kinds.
    #[graphql(default)]
    pub kinds: Vec<OrganisationKind>,
    /// Organisations offering every one of these services.
    #[graphql(default)]
    pub services: Vec<SupportService>,
    /// Organisations whose staff speak any of these languages (ISO 639-1).
    #[graphql(default)]
    pub languages: Vec<String>,
    /// Only organisations within this circle.
    pub within: Option<WithinInput>,
    /// Only organisations an administrator verified.
    #[graphql(default)]
    pub verified_only: bool,
}

/// Changes to what an organisation tells the public: a field left out stays, `null`
/// clears an optional one, a list given replaces the list.
#[derive(InputObject)]
pub struct UpdateOrganisationProfileInput {
    pub organisation_id: ID,
    pub description: Option<String>,
    pub address: MaybeUndefined<String>,
    pub location: MaybeUndefined<LocationInput>,
    /// ISO 639-1 codes of the languages its staff speak.
    pub languages: Option<Vec<String>>,
    /// For support organisations.
    pub services: Option<Vec<SupportService>>,
    pub opening_hours: Option<Vec<OpeningHoursInput>>,
    pub contact_email: MaybeUndefined<String>,
    pub contact_phone: MaybeUndefined<String>,
}

fn edit<T>(value: MaybeUndefined<T>) -> Edit<T> {
    match value {
        MaybeUndefined::Undefined => Edit::Keep,
        MaybeUndefined::Null => Edit::Clear,
        MaybeUndefined::Value(v) => Edit::Set(v),
    }
}

impl UpdateOrganisationProfileInput {
    fn into_form(self) -> OrganisationProfileForm {
        OrganisationProfileForm {
            description: self.description,
            address: edit(self.address),
            location: edit(self.location.map_value(Into::into)),
            languages: self.languages,
            services: self
                .services
                .map(|s| s.into_iter().map(Into::into).collect()),
            opening_hours: self.opening_hours.map(|spans| {
                spans
                    .into_iter()
                    .map(|h| OpeningHoursAsWritten {
                        day: h.day.into(),
                        opens: h.opens,
                        closes: h.closes,
                    })
                    .collect()
            }),
            contact_email: edit(self.contact_email),
            contact_phone: edit(self.contact_phone),
        }
    }
}

#[derive(InputObject)]
pub struct RequestSupportInput {
    /// The support organisation.
    pub organisation_id: ID,
    /// What you need help with (at most 1,000 characters).
    #[graphql(default)]
    pub message: String,
}

#[derive(InputObject)]
pub struct AnswerSupportRequestInput {
    pub support_request_id: ID,
    /// The support organisation the caseworker acts for.
    pub organisation_id: ID,
    /// True: the organisation will help (the person then delegates to it); false declines.
    pub accept: bool,
}

/// Who asked for support, as the organisation asked sees them: asking shares the name and
/// contact details with it.
#[derive(SimpleObject)]
pub struct SupportSeeker {
    pub display_name: String,
    pub contact_email: Option<String>,
    pub contact_phone: Option<String>,
}

/// A person's request for support to a support organisation.
pub struct SupportRequestNode(pub SupportRequest);

#[Object(name = "SupportRequest")]
impl SupportRequestNode {
    pub(crate) async fn id(&self) -> ID {
        global_id("SupportRequest", &self.0.id)
    }
    async fn organisation(&self, ctx: &Context<'_>) -> Result<Option<OrganisationNode>> {
        Ok(loader(ctx)?
            .load_one(OrganisationById(self.0.organisation_id))
            .await?
            .map(OrganisationNode))
    }
    /// Who asked (only those who may see the request see it at all).
    async fn seeker(&self, ctx: &Context<'_>) -> Result<Option<SupportSeeker>> {
        Ok(loader(ctx)?
            .load_one(ProfileById(self.0.profile_id))
            .await?
            .map(|p| SupportSeeker {
                display_name: p.details.display_name,
                contact_email: p.details.contact_email.map(|e| e.as_str().to_owned()),
                contact_phone: p.details.contact_phone,
            }))
    }
    async fn message(&self) -> &str {
        &self.0.message
    }
    async fn status(&self) -> SupportStatus {
        self.0.status.into()
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    async fn decided_at(&self) -> Option<DateTime<Utc>> {
        self.0.decided_at
    }
}

#[derive(SimpleObject, Default)]
pub struct SupportRequestPayload {
    pub support_request: Option<SupportRequestNode>,
    pub user_errors: Vec<UserError>,
}

payload_of!(
    SupportRequestPayload,
    SupportRequest,
    support_request,
    SupportRequestNode
);

/// Language codes as written, or BAD_USER_INPUT naming the first that is not one.
fn language_filter(written: &[String]) -> GqlResult<Vec<LanguageCode>> {
    written
        .iter()
        .map(|code| {
            LanguageCode::parse(code).map_err(|err| {
                GqlError::new(ErrorCode::BadUserInput, format!("filter.languages: {err}"))
            })
        })
        .collect()
}

#[derive(Default)]
pub struct DirectoryQuery;

#[Object]
impl DirectoryQuery {
    /// The organisation directory: employers, training providers and support
    /// organisations, for anyone. `query` searches names, descriptions, places and
    /// addresses (typos and unfinished words allowed). Best match first with a query;
    /// without one, nearest first around `filter.within`, else newest first. `facets`
    /// counts kind, service and language over all matches.
    #[graphql(complexity = "page_size(first).unwrap_or(20) * child_complexity")]
    async fn organisations(
        &self,
        ctx: &Context<'_>,
        query: Option<String>,
        filter: Option<OrganisationFilter>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Connection<String, OrganisationNode, SearchTotals>> {
        let first = page_size(first)?;
        let after = after.as_deref().map(parse_cursor).transpose()?;
        let filter = filter.unwrap_or_default();
        let search = OrganisationSearch {
            text: query,
            kinds: filter.kinds.iter().map(|&k| k.into()).collect(),
            services: filter.services.iter().map(|&s| s.into()).collect(),
            languages: language_filter(&filter.languages)?,
            within: filter
                .within
                .as_ref()
                .map(WithinInput::radius)
                .transpose()?,
            verified_only: filter.verified_only,
        };
        let (found, offset) = run_search(ctx, search.request(), first, after.as_ref()).await?;
        let rows = load_hits(ctx, &found, |id| {
            OrganisationById(OrganisationId::from_uuid(id))
        })
        .await?;
        let page = page_of(&found, offset, rows, |_: &Organisation| true);
        Ok(faceted(&found, offset, page, OrganisationNode))
    }

    /// The requests for support the caller made, newest first.
    #[graphql(complexity = "page_size(first).unwrap_or(20) * child_complexity")]
    async fn my_support_requests(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> GqlResult<Connection<String, SupportRequestNode, TotalCount>> {
        let page = page_request(first, after.as_deref())?;
        let user = require_user(ctx)?;
        let list = app(ctx)
            .support_requests_of(&user, Whose::Mine, &page)
            .await?;
        Ok(listed(list, &page, SupportRequestNode))
    }

    /// The requests for support to a support organisation, oldest first: for its
    /// caseworkers.
    #[graphql(complexity = "page_size(first).unwrap_or(20) * child_complexity")]
    async fn support_requests(
        &self,
        ctx: &Context<'_>,
        organisation_id: ID,
        first: Option<i32>,
        after: Option<String>,
    ) -> GqlResult<Connection<String, SupportRequestNode, TotalCount>> {
        let page = page_request(first, after.as_deref())?;
        let user = require_user(ctx)?;
        let organisation = parse_id(&organisation_id)?;
        let list = app(ctx)
            .support_requests_to(&user, organisation, &page)
            .await?;
        Ok(listed(list, &page, SupportRequestNode))
    }
}

#[derive(Default)]
pub struct DirectoryMutation;

#[Object]
impl DirectoryMutation {
    /// Changes what your organisation tells the public in the directory; for its owners.
    async fn update_organisation_profile(
        &self,
        ctx: &Context<'_>,
        input: UpdateOrganisationProfileInput,
    ) -> GqlResult<OrganisationPayload> {
        let user = require_user(ctx)?;
        let organisation = parse_id(&input.organisation_id)?;
        payload(
            app(ctx)
                .update_organisation_profile(&user, organisation, input.into_form())
                .await,
        )
    }

    /// Asks a support organisation for help. Asking shares your name and contact details
    /// with it; when it accepts, let it act for you with `grantDelegation`.
    async fn request_support(
        &self,
        ctx: &Context<'_>,
        input: RequestSupportInput,
    ) -> GqlResult<SupportRequestPayload> {
        let user = require_user(ctx)?;
        let organisation = parse_id(&input.organisation_id)?;
        payload(
            app(ctx)
                .request_support(&user, organisation, &input.message)
                .await,
        )
    }

    /// Accepts or declines a request for support to your support organisation.
    async fn answer_support_request(
        &self,
        ctx: &Context<'_>,
        input: AnswerSupportRequestInput,
    ) -> GqlResult<SupportRequestPayload> {
        let user = require_user(ctx)?;
        let organisation = parse_id(&input.organisation_id)?;
        let request = uuid_if_of(&input.support_request_id, "SupportRequest");
        payload(
            app(ctx)
                .answer_support_request(&user, organisation, request, input.accept)
                .await,
        )
    }
}

/// A request for support, if the caller may see it: the person and their caseworkers, and
/// the caseworkers of the organisation asked.
pub(crate) async fn visible_support_request(
    ctx: &Context<'_>,
    id: uuid::Uuid,
) -> Result<Option<SupportRequestNode>> {
    let Some(user) = current_user(ctx) else {
        return Ok(None);
    };
    Ok(app(ctx)
        .visible_support_request(&user, id)
        .await
        .map_err(GqlError::from)?
        .map(SupportRequestNode))
}
