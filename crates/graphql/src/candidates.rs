//! What employers see of people: anonymised candidate cards, contact requests that reveal a
//! profile to one organisation, and the log of every view, which the person can read.

use crate::GqlResult;
use crate::guards::require_user;
use async_graphql::connection::Connection;
use async_graphql::{Context, Enum, ID, InputObject, Object, Result, SimpleObject};

use crate::career::ExperienceKind;
use crate::taxonomy::OccupationNode;
use chrono::{DateTime, Utc};
use skillbridge_domain::delegation::DelegationScope;
use skillbridge_domain::disclosure::{self as domain, ContactRequest, ProfileAccess};
use skillbridge_domain::{OrganisationKind, ProfileId};
use uuid::Uuid;

use crate::GqlError;
use crate::accounts::UserError;
use crate::acting::ActedBy;
use crate::connections::{TotalCount, listed, page_request};
use crate::context::{app, loader};
use crate::guards::acting_for;
use crate::guards::{acted_on, sees_activity_of};
use crate::ids::{global_id, page_size, parse_uuid_of};
use crate::loaders::OrganisationById;
use crate::nodes::ProfileNode;
use crate::organisations::OrganisationNode;
use crate::problems::{payload, payload_of};
use crate::scalars::Date;
use crate::values::{AvailabilityWindow, ProfileLanguageOutput, ProfileSkillOutput};
use skillbridge_domain::availability::earliest_start;

#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(remote = "skillbridge_domain::disclosure::ContactStatus")]
pub enum ContactStatus {
    Pending,
    Accepted,
    Declined,
}

#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(remote = "skillbridge_domain::disclosure::ProfileView")]
pub enum ProfileView {
    /// The anonymised candidate card, seen by an employer.
    Card,
    /// The full profile: seen by an employer it was revealed to, or by a caseworker of a
    /// support organisation the person delegated to.
    Profile,
    /// The name and contact a trainer sees of a participant in their cohort.
    Participant,
}

/// A candidate as employers see them before the person reveals themselves: skills,
/// languages, region and availability; never name, contact, birth year, gender, origin or
/// migration status.
#[derive(SimpleObject)]
pub struct CandidateCard {
    // Owned, as the `Node` interface reads it.
    #[graphql(owned)]
    pub id: ID,
    pub skills: Vec<ProfileSkillOutput>,
    pub languages: Vec<ProfileLanguageOutput>,
    /// ISO 3166-2 region, or the country.
    pub region: Option<String>,
    /// The first day of the earliest availability window.
    #[graphql(deprecation = "use availability")]
    pub available_from: Option<Date>,
    /// When the person can work, in date order; empty: any time.
    pub availability: Vec<AvailabilityWindow>,
    pub willing_to_relocate: bool,
    pub mobility_radius_km: Option<i32>,
    /// Experience in ESCO occupations (no titles, employers or countries).
    pub experience: Vec<CandidateExperience>,
}

/// Work experience as a candidate card shows it.
pub struct CandidateExperience(domain::CardExperience);

#[Object]
impl CandidateExperience {
    async fn occupation(&self, ctx: &Context<'_>) -> Result<Option<OccupationNode>> {
        crate::career::occupation(ctx, Some(self.0.occupation_id)).await
    }
    async fn kind(&self) -> ExperienceKind {
        self.0.kind.into()
    }
    async fn years(&self) -> f64 {
        self.0.years
    }
}

impl From<domain::CandidateCard> for CandidateCard {
    fn from(card: domain::CandidateCard) -> Self {
        Self {
            id: global_id("Candidate", card.profile_id.as_uuid()),
            skills: card.skills.into_iter().map(Into::into).collect(),
            languages: card.languages.into_iter().map(Into::into).collect(),
            region: card.region,
            available_from: earliest_start(&card.availability).map(Date),
            availability: card.availability.into_iter().map(Into::into).collect(),
            willing_to_relocate: card.willing_to_relocate,
            mobility_radius_km: card.mobility_radius_km,
            experience: card
                .experience
                .into_iter()
                .map(CandidateExperience)
                .collect(),
        }
    }
}

pub struct ContactRequestNode(pub ContactRequest);

#[Object(name = "ContactRequest")]
impl ContactRequestNode {
    pub(crate) async fn id(&self) -> ID {
        global_id("ContactRequest", &self.0.id)
    }
    async fn organisation(&self, ctx: &Context<'_>) -> Result<Option<OrganisationNode>> {
        let found = loader(ctx)?
            .load_one(OrganisationById(self.0.organisation_id))
            .await?;
        Ok(found.map(OrganisationNode))
    }
    async fn message(&self) -> &str {
        &self.0.message
    }
    async fn status(&self) -> ContactStatus {
        self.0.status.into()
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    async fn decided_at(&self) -> Option<DateTime<Utc>> {
        self.0.decided_at
    }
    /// Who answered; for the person and their caseworkers only (null for others, and while
    /// the request waits).
    async fn answered_by(&self, ctx: &Context<'_>) -> Result<Option<ActedBy>> {
        let Some(decided) = self.0.decided_by else {
            return Ok(None);
        };
        let personal = sees_activity_of(ctx, self.0.profile_id).await?;
        Ok(ActedBy::shown(personal, decided.user, decided.acting_for))
    }
}

/// One view of the person's card or profile by someone else: an employer, a caseworker
/// or a trainer.
pub struct ProfileAccessNode(pub ProfileAccess);

#[Object(name = "ProfileAccess")]
impl ProfileAccessNode {
    async fn organisation(&self, ctx: &Context<'_>) -> Result<Option<OrganisationNode>> {
        let Some(id) = self.0.organisation_id else {
            return Ok(None);
        };
        Ok(loader(ctx)?
            .load_one(OrganisationById(id))
            .await?
            .map(OrganisationNode))
    }
    async fn view(&self) -> ProfileView {
        self.0.view.into()
    }
    async fn viewed_at(&self) -> DateTime<Utc> {
        self.0.viewed_at
    }
}

#[derive(InputObject)]
pub struct RequestContactInput {
    pub candidate_id: ID,
    /// The employer organisation asking.
    pub organisation_id: ID,
    #[graphql(default)]
    pub message: String,
}

#[derive(InputObject)]
pub struct RespondToContactRequestInput {
    pub contact_request_id: ID,
    /// True reveals the profile to the organisation; false declines.
    pub accept: bool,
    /// A client's profile, for a caseworker of a support organisation the person delegated
    /// CONTACT to (with `organisationId`); the caller's own when both are left out.
    pub profile_id: Option<ID>,
    /// The support organisation the caseworker acts for.
    pub organisation_id: Option<ID>,
}

#[derive(SimpleObject, Default)]
pub struct ContactRequestPayload {
    pub contact_request: Option<ContactRequestNode>,
    pub user_errors: Vec<UserError>,
}

/// The profile a candidate id (a card's or a profile's) names.
fn candidate_id(id: &ID) -> Result<ProfileId> {
    Ok(ProfileId::from_uuid(parse_uuid_of(
        id,
        &["Candidate", "Profile"],
        "a candidate",
    )?))
}

/// A candidate card as a node: for members acting for an employer organisation, where the
/// card is one employers may see (as `candidate`); the view is logged for each employer
/// organisation the caller acts for. `None` for anyone else, as for no candidate.
pub(crate) async fn visible_card(ctx: &Context<'_>, id: &ID) -> Result<Option<CandidateCard>> {
    let Some(user) = crate::context::current_user(ctx) else {
        return Ok(None);
    };
    let Ok(id) = candidate_id(id) else {
        return Ok(None);
    };
    Ok(app(ctx)
        .visible_card(&user, id)
        .await
        .map_err(GqlError::from)?
        .map(Into::into))
}

#[derive(Default)]
pub struct CandidateQuery;

#[Object]
impl CandidateQuery {
    /// A candidate's anonymised card, for a member of the employer organisation asking.
    /// Every view is logged for the person to see.
    async fn candidate(
        &self,
        ctx: &Context<'_>,
        id: ID,
        organisation_id: ID,
    ) -> Result<CandidateCard> {
        let (user, organisation) =
            acting_for(ctx, &organisation_id, OrganisationKind::Employer).await?;
        let card = app(ctx)
            .candidate_card(user.id, organisation.id, candidate_id(&id)?)
            .await
            .map_err(GqlError::from)?;
        Ok(card.into())
    }

    /// A candidate's full profile: once the person accepted the organisation's contact
    /// request, or made the profile visible to employers. Every view is logged.
    async fn candidate_profile(
        &self,
        ctx: &Context<'_>,
        id: ID,
        organisation_id: ID,
    ) -> Result<ProfileNode> {
        let (user, organisation) =
            acting_for(ctx, &organisation_id, OrganisationKind::Employer).await?;
        let profile = app(ctx)
            .candidate_profile(user.id, organisation.id, candidate_id(&id)?)
            .await
            .map_err(GqlError::from)?;
        Ok(ProfileNode(profile))
    }

    /// Contact requests the caller's profile received, newest first.
    #[graphql(complexity = "page_size(first).unwrap_or(20) * child_complexity")]
    async fn my_contact_requests(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> GqlResult<Connection<String, ContactRequestNode, TotalCount>> {
        let page = page_request(first, after.as_deref())?;
        let user = require_user(ctx)?;
        let list = app(ctx)
            .contact_requests_of(&user, skillbridge_app::Whose::Mine, &page)
            .await?;
        Ok(listed(list, &page, ContactRequestNode))
    }

    /// Every view of the caller's card or profile by someone else (employers, caseworkers,
    /// trainers), newest first.
    #[graphql(complexity = "page_size(first).unwrap_or(20) * child_complexity")]
    async fn my_profile_access_log(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> GqlResult<Connection<String, ProfileAccessNode, TotalCount>> {
        let page = page_request(first, after.as_deref())?;
        let user = require_user(ctx)?;
        let list = app(ctx).my_profile_access_log(&user, &page).await?;
        Ok(listed(list, &page, ProfileAccessNode))
    }
}

payload_of!(
    ContactRequestPayload,
    skillbridge_domain::disclosure::ContactRequest,
    contact_request,
    ContactRequestNode
);

#[derive(Default)]
pub struct CandidateMutation;

#[Object]
impl CandidateMutation {
    /// Asks a candidate to reveal their profile to the organisation.
    async fn request_contact(
        &self,
        ctx: &Context<'_>,
        input: RequestContactInput,
    ) -> Result<ContactRequestPayload> {
        let (user, organisation) =
            acting_for(ctx, &input.organisation_id, OrganisationKind::Employer).await?;
        let profile = app(ctx)
            .candidate(candidate_id(&input.candidate_id)?)
            .await
            .map_err(GqlError::from)?;
        Ok(payload(
            app(ctx)
                .request_contact(profile.id, organisation.id, user.id, &input.message)
                .await,
        )?)
    }

    /// Accepts (revealing the profile to that organisation only) or declines a request: the
    /// caller's, or a client's (a caseworker with CONTACT).
    async fn respond_to_contact_request(
        &self,
        ctx: &Context<'_>,
        input: RespondToContactRequestInput,
    ) -> Result<ContactRequestPayload> {
        let request_id = parse_uuid_of(
            &input.contact_request_id,
            &["ContactRequest"],
            "a contact request",
        )?;
        let (_, actor, profile) = acted_on(
            ctx,
            input.profile_id.as_ref(),
            input.organisation_id.as_ref(),
            DelegationScope::Contact,
        )
        .await?;
        Ok(payload(
            app(ctx)
                .respond_to_contact_request(profile.as_ref(), request_id, input.accept, actor)
                .await,
        )?)
    }
}

/// A contact request, if the caller may see it: the person and their caseworkers, and
/// members of the organisation that asked.
pub(crate) async fn visible_contact_request(
    ctx: &Context<'_>,
    id: Uuid,
) -> Result<Option<ContactRequestNode>> {
    let Some(user) = crate::context::current_user(ctx) else {
        return Ok(None);
    };
    Ok(app(ctx)
        .visible_contact_request(&user, id)
        .await
        .map_err(GqlError::from)?
        .map(ContactRequestNode))
}
