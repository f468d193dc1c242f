//! Mentoring in GraphQL: any account offers mentoring (by sectors, skills, languages, the
//! tracks it is for, and capacity); people see mentors ranked for themselves or for a
//! venture, ask one, and the mentor accepts or declines; contact details pass between the
//! two only once accepted.

use async_graphql::connection::{Connection, Edge};
use async_graphql::{Context, Enum, ID, InputObject, Object, Result, SimpleObject};
use chrono::{DateTime, Utc};
use skillbridge_app::mentoring::{MentorForm, MentoringContact, MentorsFor};
use skillbridge_domain::match_index::RankCursor;
use skillbridge_domain::mentoring::{
    DEFAULT_CAPACITY, MentorDetails, MentorOffer, MentoringRequest, MentoringSide,
};
use skillbridge_domain::{LanguageCode, OrganisationId, SkillId};
use uuid::Uuid;

use crate::accounts::UserError;
use crate::acting::ActedBy;
use crate::connections::{TotalCount, listed, page_request};
use crate::context::{app, current_user, loader};
use crate::guards::{profile_target, require_user};
use crate::ids::{global_id, page_size, parse_id, parse_uuid_of, uuid_if_of};
use crate::loaders::{OrganisationById, ProfileById, UserById};
use crate::matches::{decode_cursor, encode_cursor};
use crate::organisations::OrganisationNode;
use crate::problems::{Payload, payload, payload_of};
use crate::taxonomy::SkillNode;
use crate::values::Track;
use crate::ventures::{Sector, VentureNode, skill_nodes, venture_of_caller};
use crate::{GqlError, GqlResult};

fn languages(codes: &[LanguageCode]) -> Vec<String> {
    codes.iter().map(|l| l.as_str().to_owned()).collect()
}

fn tracks(tracks: &[skillbridge_domain::profile::Track]) -> Vec<Track> {
    tracks.iter().map(|t| (*t).into()).collect()
}

/// Mentoring the caller offers, in their own name or through one of their organisations.
pub struct MentorOfferNode(MentorOffer);

#[Object(name = "MentorOffer")]
impl MentorOfferNode {
    pub(crate) async fn id(&self) -> ID {
        global_id("MentorOffer", &self.0.id)
    }
    /// The mentor as people find them through this offer: the id `requestMentoring`
    /// takes.
    async fn mentor_id(&self) -> ID {
        global_id("Mentor", &self.0.id)
    }
    /// The organisation the offer is made through; null for one in the mentor's own name.
    async fn organisation(&self, ctx: &Context<'_>) -> Result<Option<OrganisationNode>> {
        organisation(ctx, self.0.organisation_id).await
    }
    async fn sectors(&self) -> Vec<Sector> {
        self.0.details.sectors.iter().map(|s| (*s).into()).collect()
    }
    async fn skills(&self, ctx: &Context<'_>) -> Result<Vec<SkillNode>> {
        skill_nodes(ctx, &self.0.details.skills).await
    }
    /// ISO 639-1 codes of the languages the mentor mentors in.
    async fn languages(&self) -> Vec<String> {
        languages(&self.0.details.languages)
    }
    /// The tracks the mentoring is meant for; empty: anyone.
    async fn tracks(&self) -> Vec<Track> {
        tracks(&self.0.details.tracks)
    }
    /// How many people the mentor takes on at once.
    async fn capacity(&self) -> u32 {
        self.0.details.capacity
    }
    /// The people mentored through this offer now.
    async fn mentee_count(&self) -> u32 {
        self.0.mentees
    }
    /// The mentor came as a migrant themselves and chose to say so.
    async fn peer_mentor(&self) -> bool {
        self.0.details.peer
    }
    async fn note(&self) -> &str {
        &self.0.details.note
    }
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
}

async fn organisation(
    ctx: &Context<'_>,
    id: Option<OrganisationId>,
) -> Result<Option<OrganisationNode>> {
    let Some(id) = id else {
        return Ok(None);
    };
    Ok(loader(ctx)?
        .load_one(OrganisationById(id))
        .await?
        .map(OrganisationNode))
}

/// A mentor as people find them: their name, organisation (if they offer through one) and
/// what they offer. Contact details come only with an accepted request.
pub struct MentorNode {
    offer: MentorOffer,
    display_name: String,
}

#[Object(name = "Mentor")]
impl MentorNode {
    /// The mentor through one offer; `requestMentoring` takes this id.
    pub(crate) async fn id(&self) -> ID {
        global_id("Mentor", &self.offer.id)
    }
    async fn display_name(&self) -> &str {
        &self.display_name
    }
    async fn organisation(&self, ctx: &Context<'_>) -> Result<Option<OrganisationNode>> {
        organisation(ctx, self.offer.organisation_id).await
    }
    async fn sectors(&self) -> Vec<Sector> {
        self.offer
            .details
            .sectors
            .iter()
            .map(|s| (*s).into())
            .collect()
    }
    async fn skills(&self, ctx: &Context<'_>) -> Result<Vec<SkillNode>> {
        skill_nodes(ctx, &self.offer.details.skills).await
    }
    /// ISO 639-1 codes of the languages the mentor mentors in.
    async fn languages(&self) -> Vec<String> {
        languages(&self.offer.details.languages)
    }
    /// The tracks the mentoring is meant for; empty: anyone.
    async fn tracks(&self) -> Vec<Track> {
        tracks(&self.offer.details.tracks)
    }
    /// The mentor came as a migrant themselves and chose to say so.
    async fn peer_mentor(&self) -> bool {
        self.offer.details.peer
    }
    /// How many more people the mentor takes on now.
    async fn spaces_left(&self) -> u32 {
        self.offer.spaces_left()
    }
    async fn note(&self) -> &str {
        &self.offer.details.note
    }
}

/// A needed skill a mentor offers a related one for (broader, narrower or sibling in ESCO).
#[derive(SimpleObject)]
pub struct RelatedSkill {
    pub needed: SkillNode,
    pub offered: SkillNode,
}

/// A mentor for a person or a venture, with the score (0 to 1) and why. The score is the
/// weighted share of the parts that apply: skills 45% (a related skill counts half), the
/// venture's sector 30%, mentoring meant for a track the person is in 15%, a language in
/// common 10%. Mentoring meant for other tracks, or in none of the person's languages, is
/// not listed, nor are mentors with no space left.
#[derive(SimpleObject)]
pub struct MentorMatch {
    pub mentor: MentorNode,
    pub score: f64,
    pub sector_match: bool,
    /// Needed skills the mentor offers.
    pub covers: Vec<SkillNode>,
    pub related: Vec<RelatedSkill>,
    /// Needed skills the mentor offers nothing for.
    pub uncovered: Vec<SkillNode>,
    /// The person's tracks the mentoring is meant for.
    pub tracks: Vec<Track>,
    /// ISO 639-1 codes of the languages both speak.
    pub languages: Vec<String>,
}

#[derive(InputObject)]
pub struct OfferMentoringInput {
    /// An organisation the caller is a member of; left out, the offer is in the caller's
    /// own name.
    pub organisation_id: Option<ID>,
    #[graphql(default)]
    pub sectors: Vec<Sector>,
    /// ESCO skill URIs (at most 50).
    #[graphql(default)]
    pub skill_uris: Vec<String>,
    /// ISO 639-1 codes of the languages the mentor mentors in (at most 10).
    #[graphql(default)]
    pub languages: Vec<String>,
    /// The tracks the mentoring is meant for; left out, anyone.
    #[graphql(default)]
    pub tracks: Vec<Track>,
    /// How many people at once, 1 to 20 (left out: 3).
    #[graphql(default_with = "DEFAULT_CAPACITY as i32")]
    pub capacity: i32,
    /// Say that you came as a migrant yourself (peer mentoring); only if you wish.
    #[graphql(default)]
    pub peer_mentor: bool,
    /// When and how the mentor is available.
    #[graphql(default)]
    pub note: String,
}

#[derive(InputObject)]
pub struct WithdrawMentoringInput {
    /// The organisation the offer is made through; left out, the offer in your own name.
    pub organisation_id: Option<ID>,
}

#[derive(SimpleObject, Default)]
pub struct MentorOfferPayload {
    pub mentor_offer: Option<MentorOfferNode>,
    pub user_errors: Vec<UserError>,
}

impl Payload for MentorOfferPayload {
    /// `None` for a withdrawal.
    type Made = Option<MentorOffer>;

    fn made(offer: Self::Made) -> Self {
        Self {
            mentor_offer: offer.map(MentorOfferNode),
            user_errors: Vec::new(),
        }
    }

    fn refused(user_errors: Vec<UserError>) -> Self {
        Self {
            mentor_offer: None,
            user_errors,
        }
    }
}

/// Where a mentoring request stands.
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(remote = "skillbridge_domain::mentoring::MentoringStatus")]
pub enum MentoringStatus {
    /// Asked, not answered yet.
    Requested,
    /// The mentor took the person on: each sees the other's contact details.
    Accepted,
    Declined,
    /// The person took the request back before an answer.
    Withdrawn,
    /// Either side ended the mentoring.
    Ended,
}

/// How to reach the other side of an accepted mentoring.
#[derive(SimpleObject)]
pub struct MentoringContactDetails {
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
}

impl From<MentoringContact> for MentoringContactDetails {
    fn from(contact: MentoringContact) -> Self {
        Self {
            name: contact.name,
            email: contact.email,
            phone: contact.phone,
        }
    }
}

/// A person's request to be mentored, as the mentor, the person or the person's
/// caseworkers see it.
pub struct MentoringRequestNode {
    request: MentoringRequest,
    side: MentoringSide,
}

#[Object(name = "MentoringRequest")]
impl MentoringRequestNode {
    pub(crate) async fn id(&self) -> ID {
        global_id("MentoringRequest", &self.request.id)
    }
    async fn status(&self) -> MentoringStatus {
        self.request.status.into()
    }
    /// What the person wrote to the mentor.
    async fn message(&self) -> &str {
        &self.request.message
    }
    /// What the mentor wrote with the answer.
    async fn answer(&self) -> &str {
        &self.request.answer
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.request.created_at
    }
    async fn answered_at(&self) -> Option<DateTime<Utc>> {
        self.request.answered_at
    }
    async fn ended_at(&self) -> Option<DateTime<Utc>> {
        self.request.ended_at
    }
    /// True for the mentor: the request was made to the caller.
    async fn to_me(&self) -> bool {
        self.side == MentoringSide::Mentor
    }
    async fn mentor_name(&self, ctx: &Context<'_>) -> Result<String> {
        Ok(loader(ctx)?
            .load_one(UserById(self.request.mentor_id))
            .await?
            .map(|u| u.display_name)
            .unwrap_or_default())
    }
    /// The person's display name.
    async fn mentee_name(&self, ctx: &Context<'_>) -> Result<String> {
        Ok(loader(ctx)?
            .load_one(ProfileById(self.request.profile_id))
            .await?
            .map(|p| p.details.display_name)
            .unwrap_or_default())
    }
    /// The mentoring offered, while the mentor still offers it.
    async fn mentor(&self, ctx: &Context<'_>) -> Result<Option<MentorNode>> {
        match self.request.offer_id {
            Some(offer) => visible_mentor(ctx, offer).await,
            None => Ok(None),
        }
    }
    /// The venture the request is about: for the person and their caseworkers.
    async fn venture(&self, ctx: &Context<'_>) -> Result<Option<VentureNode>> {
        Ok(app(ctx)
            .mentoring_venture(&self.request, self.side)
            .await
            .map_err(GqlError::from)?
            .map(VentureNode))
    }
    /// How to reach the other side: the mentor for the person (and their caseworkers),
    /// the person for the mentor. Null until the mentor accepts, and again once it ends.
    async fn contact(&self, ctx: &Context<'_>) -> Result<Option<MentoringContactDetails>> {
        Ok(app(ctx)
            .mentoring_contact(&self.request, self.side)
            .await
            .map_err(GqlError::from)?
            .map(Into::into))
    }
    /// Who asked: the person or a caseworker for them. For the person and their
    /// caseworkers only.
    async fn requested_by(&self) -> Option<ActedBy> {
        ActedBy::shown(
            self.side == MentoringSide::Mentee,
            self.request.requested_by.map(|a| a.user),
            self.request.requested_by.and_then(|a| a.acting_for),
        )
    }
}

#[derive(InputObject)]
pub struct RequestMentoringInput {
    /// A mentor from `mentorMatches`.
    pub mentor_id: ID,
    /// Who you are and what you hope for (at most 1,000 characters).
    #[graphql(default)]
    pub message: String,
    /// One of the person's ventures, when the request is about it.
    pub venture_id: Option<ID>,
    /// A client's profile, with `organisationId`, for a caseworker the person delegated
    /// CONTACT to.
    pub profile_id: Option<ID>,
    pub organisation_id: Option<ID>,
}

#[derive(InputObject)]
pub struct AnswerMentoringRequestInput {
    pub request_id: ID,
    pub accept: bool,
    /// A word to the person (at most 1,000 characters).
    #[graphql(default)]
    pub answer: String,
}

#[derive(InputObject)]
pub struct EndMentoringInput {
    pub request_id: ID,
    /// The support organisation a caseworker acts for, ending a client's request.
    pub organisation_id: Option<ID>,
}

#[derive(SimpleObject, Default)]
pub struct MentoringRequestPayload {
    pub mentoring_request: Option<MentoringRequestNode>,
    pub user_errors: Vec<UserError>,
}

payload_of!(
    MentoringRequestPayload,
    (MentoringRequest, MentoringSide),
    mentoring_request,
    |(request, side)| MentoringRequestNode { request, side }
);

#[derive(Default)]
pub struct MentoringQuery;

#[Object]
impl MentoringQuery {
    /// The mentoring the caller offers: one in their own name, one per organisation.
    async fn my_mentor_offers(&self, ctx: &Context<'_>) -> GqlResult<Vec<MentorOfferNode>> {
        let user = require_user(ctx)?;
        let offers = app(ctx).my_mentor_offers(&user).await?;
        Ok(offers.into_iter().map(MentorOfferNode).collect())
    }

    /// Mentors ranked for a person, best first: for one of their ventures (`ventureId`:
    /// its sector and the skills it needs), or for the person (the essential skills of the
    /// occupations they want, or else the skills they have), always with the tracks they
    /// are in and the languages they speak. The caller's own, or a client's with
    /// `profileId` and `organisationId` (or `ventureId` and `organisationId`).
    #[graphql(complexity = "page_size(first).unwrap_or(20) * child_complexity")]
    async fn mentor_matches(
        &self,
        ctx: &Context<'_>,
        venture_id: Option<ID>,
        profile_id: Option<ID>,
        organisation_id: Option<ID>,
        first: Option<i32>,
        after: Option<String>,
    ) -> GqlResult<Connection<String, MentorMatch, TotalCount>> {
        let first = page_size(first)?;
        let after = after.as_deref().map(decode_cursor::<Uuid>).transpose()?;
        let wanted = match &venture_id {
            Some(venture) => MentorsFor::Venture(
                venture_of_caller(ctx, venture, organisation_id.as_ref()).await?,
            ),
            None => MentorsFor::Person(profile_target(
                profile_id.as_ref(),
                organisation_id.as_ref(),
            )?),
        };
        let user = require_user(ctx)?;
        let found = app(ctx).mentor_matches(&user, wanted, first, after).await?;
        let skills = &found.skills;
        let node = |id: SkillId| skills.iter().find(|s| s.id == id).cloned().map(SkillNode);
        let mut connection = Connection::with_additional_fields(
            after.is_some(),
            found.has_next_page,
            TotalCount {
                total_count: found.total as u64,
            },
        );
        connection.edges = found
            .matches
            .into_iter()
            .map(|(offer, fit)| {
                let cursor = encode_cursor(RankCursor {
                    score: fit.score,
                    id: offer.id,
                });
                Edge::new(
                    cursor,
                    MentorMatch {
                        mentor: MentorNode {
                            display_name: found
                                .names
                                .get(&offer.user_id)
                                .cloned()
                                .unwrap_or_default(),
                            offer,
                        },
                        score: fit.score,
                        sector_match: fit.sector_match,
                        covers: fit.covers.iter().filter_map(|s| node(*s)).collect(),
                        related: fit
                            .related
                            .iter()
                            .filter_map(|(needed, offered)| {
                                Some(RelatedSkill {
                                    needed: node(*needed)?,
                                    offered: node(*offered)?,
                                })
                            })
                            .collect(),
                        uncovered: fit.uncovered.iter().filter_map(|s| node(*s)).collect(),
                        tracks: tracks(&fit.tracks),
                        languages: languages(&fit.languages),
                    },
                )
            })
            .collect();
        Ok(connection)
    }

    /// The mentoring requests a person made, newest first: the caller's own, or a
    /// client's with `profileId` and `organisationId`.
    #[graphql(complexity = "page_size(first).unwrap_or(20) * child_complexity")]
    async fn my_mentoring_requests(
        &self,
        ctx: &Context<'_>,
        profile_id: Option<ID>,
        organisation_id: Option<ID>,
        first: Option<i32>,
        after: Option<String>,
    ) -> GqlResult<Connection<String, MentoringRequestNode, TotalCount>> {
        let page = page_request(first, after.as_deref())?;
        let target = profile_target(profile_id.as_ref(), organisation_id.as_ref())?;
        let user = require_user(ctx)?;
        let list = app(ctx).mentoring_requests_of(&user, target, &page).await?;
        Ok(listed(list, &page, |request| MentoringRequestNode {
            request,
            side: MentoringSide::Mentee,
        }))
    }

    /// The mentoring requests made to the caller as a mentor, newest first, of `status`
    /// if given.
    #[graphql(complexity = "page_size(first).unwrap_or(20) * child_complexity")]
    async fn mentoring_requests_to_me(
        &self,
        ctx: &Context<'_>,
        status: Option<MentoringStatus>,
        first: Option<i32>,
        after: Option<String>,
    ) -> GqlResult<Connection<String, MentoringRequestNode, TotalCount>> {
        let page = page_request(first, after.as_deref())?;
        let user = require_user(ctx)?;
        let list = app(ctx)
            .mentoring_requests_to_me(&user, status.map(Into::into), &page)
            .await?;
        Ok(listed(list, &page, |request| MentoringRequestNode {
            request,
            side: MentoringSide::Mentor,
        }))
    }
}

#[derive(Default)]
pub struct MentoringMutation;

#[Object]
impl MentoringMutation {
    /// Offers mentoring, in the caller's own name or through an organisation they are a
    /// member of (any kind): by sectors, skills, languages and the tracks it is for, to
    /// so many people at once. Saving again replaces that offer. An offer made through an
    /// organisation ends with the membership.
    async fn offer_mentoring(
        &self,
        ctx: &Context<'_>,
        input: OfferMentoringInput,
    ) -> Result<MentorOfferPayload> {
        let user = require_user(ctx)?;
        let organisation: Option<OrganisationId> =
            input.organisation_id.as_ref().map(parse_id).transpose()?;
        let form = MentorForm {
            organisation,
            details: MentorDetails {
                sectors: input.sectors.into_iter().map(Into::into).collect(),
                tracks: input.tracks.into_iter().map(Into::into).collect(),
                // Out of range is the domain's to say (OUT_OF_RANGE), not a type error.
                capacity: u32::try_from(input.capacity).unwrap_or(0),
                peer: input.peer_mentor,
                note: input.note,
                ..MentorDetails::new()
            },
            skill_uris: input.skill_uris,
            languages: input.languages,
        };
        Ok(payload(
            app(ctx).offer_mentoring(user.id, form).await.map(Some),
        )?)
    }

    /// Withdraws an offer: requests not yet answered are declined; mentoring already
    /// accepted goes on.
    async fn withdraw_mentoring(
        &self,
        ctx: &Context<'_>,
        input: WithdrawMentoringInput,
    ) -> Result<MentorOfferPayload> {
        let user = require_user(ctx)?;
        let organisation: Option<OrganisationId> =
            input.organisation_id.as_ref().map(parse_id).transpose()?;
        Ok(payload(
            app(ctx)
                .withdraw_mentoring(user.id, organisation)
                .await
                .map(|()| None),
        )?)
    }

    /// Asks a mentor for mentoring: the caller for themselves, or a caseworker for a
    /// client who delegated CONTACT. Asking oneself, mentoring meant for other tracks, a
    /// mentor with no space left or one already asked are userErrors.
    async fn request_mentoring(
        &self,
        ctx: &Context<'_>,
        input: RequestMentoringInput,
    ) -> GqlResult<MentoringRequestPayload> {
        let offer = parse_uuid_of(&input.mentor_id, &["Mentor"], "a mentor")?;
        let venture = input
            .venture_id
            .as_ref()
            .map(|id| parse_uuid_of(id, &["Venture"], "a venture"))
            .transpose()?;
        let target = profile_target(input.profile_id.as_ref(), input.organisation_id.as_ref())?;
        let user = require_user(ctx)?;
        payload(
            app(ctx)
                .request_mentoring(&user, target, offer, venture, &input.message)
                .await
                .map(|request| (request, MentoringSide::Mentee)),
        )
    }

    /// The mentor accepts or declines a request made to them. Accepting shares each
    /// side's contact details with the other; a mentor with no space left cannot accept.
    async fn answer_mentoring_request(
        &self,
        ctx: &Context<'_>,
        input: AnswerMentoringRequestInput,
    ) -> GqlResult<MentoringRequestPayload> {
        let user = require_user(ctx)?;
        let id = uuid_if_of(&input.request_id, "MentoringRequest");
        payload(
            app(ctx)
                .answer_mentoring_request(&user, id, input.accept, &input.answer)
                .await
                .map(|request| (request, MentoringSide::Mentor)),
        )
    }

    /// Ends a mentoring request from the caller's side: the person (or their caseworker,
    /// with `organisationId`) withdraws one not yet answered; either side ends one
    /// accepted, freeing the mentor's space.
    async fn end_mentoring(
        &self,
        ctx: &Context<'_>,
        input: EndMentoringInput,
    ) -> GqlResult<MentoringRequestPayload> {
        let user = require_user(ctx)?;
        let id = uuid_if_of(&input.request_id, "MentoringRequest");
        let organisation: Option<OrganisationId> =
            input.organisation_id.as_ref().map(parse_id).transpose()?;
        payload(
            app(ctx)
                .end_mentoring(&user, id, organisation)
                .await
                .map(|request| {
                    let side = if request.mentor_id == user.id && organisation.is_none() {
                        MentoringSide::Mentor
                    } else {
                        MentoringSide::Mentee
                    };
                    (request, side)
                }),
        )
    }
}

/// A mentoring offer, for the account that made it (who sees it in `myMentorOffers`).
pub(crate) async fn visible_mentor_offer(
    ctx: &Context<'_>,
    id: Uuid,
) -> Result<Option<MentorOfferNode>> {
    let Some(user) = current_user(ctx) else {
        return Ok(None);
    };
    Ok(app(ctx)
        .own_mentor_offer(&user, id)
        .await
        .map_err(GqlError::from)?
        .map(MentorOfferNode))
}

/// A mentor, for the people mentors offer to (anyone who may keep a profile), their
/// caseworkers, and the mentor themselves.
pub(crate) async fn visible_mentor(ctx: &Context<'_>, id: Uuid) -> Result<Option<MentorNode>> {
    let Some(user) = current_user(ctx) else {
        return Ok(None);
    };
    Ok(app(ctx)
        .visible_mentor(&user, id)
        .await
        .map_err(GqlError::from)?
        .map(|(offer, display_name)| MentorNode {
            offer,
            display_name,
        }))
}

/// A mentoring request, for the mentor, the person and the person's caseworkers.
pub(crate) async fn visible_mentoring_request(
    ctx: &Context<'_>,
    id: Uuid,
) -> Result<Option<MentoringRequestNode>> {
    let Some(user) = current_user(ctx) else {
        return Ok(None);
    };
    Ok(app(ctx)
        .visible_mentoring_request(&user, id)
        .await
        .map_err(GqlError::from)?
        .map(|(request, side)| MentoringRequestNode { request, side }))
}

/// A mentoring request as a subscriber on one of its sides sees it.
pub(crate) fn mentoring_update(
    user: skillbridge_domain::UserId,
    request: MentoringRequest,
) -> MentoringRequestNode {
    let side = if request.mentor_id == user {
        MentoringSide::Mentor
    } else {
        MentoringSide::Mentee
    };
    MentoringRequestNode { request, side }
}
