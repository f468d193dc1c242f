//! Mentoring in GraphQL: members of any organisation offer mentoring by sector and skills;
//! the owner of a venture sees the mentors ranked for it.

use async_graphql::connection::{Connection, Edge};
use async_graphql::{Context, ID, InputObject, Object, Result, SimpleObject};
use chrono::{DateTime, Utc};
use skillbridge_domain::match_index::RankCursor;
use skillbridge_domain::venture::{MentorDetails, MentorOffer};
use skillbridge_domain::{OrganisationId, SkillId};
use uuid::Uuid;

use crate::accounts::UserError;
use crate::connections::TotalCount;
use crate::context::{app, loader};
use crate::guards::require_user;
use crate::ids::{global_id, page_size, parse_id};
use crate::loaders::OrganisationById;
use crate::matches::{decode_cursor, encode_cursor};
use crate::organisations::OrganisationNode;
use crate::problems::{Payload, payload};
use crate::taxonomy::SkillNode;
use crate::ventures::{Sector, skill_nodes, venture_of_caller};
use crate::{GqlError, GqlResult};
use skillbridge_app::ventures::MentorForm;

/// Mentoring the caller offers through one of their organisations.
pub struct MentorOfferNode(MentorOffer);

#[Object(name = "MentorOffer")]
impl MentorOfferNode {
    pub(crate) async fn id(&self) -> ID {
        global_id("MentorOffer", &self.0.id)
    }
    async fn organisation(&self, ctx: &Context<'_>) -> Result<Option<OrganisationNode>> {
        organisation(ctx, self.0.organisation_id).await
    }
    async fn sectors(&self) -> Vec<Sector> {
        self.0.details.sectors.iter().map(|s| (*s).into()).collect()
    }
    async fn skills(&self, ctx: &Context<'_>) -> Result<Vec<SkillNode>> {
        skill_nodes(ctx, &self.0.details.skills).await
    }
    async fn note(&self) -> &str {
        &self.0.details.note
    }
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
}

async fn organisation(ctx: &Context<'_>, id: OrganisationId) -> Result<Option<OrganisationNode>> {
    Ok(loader(ctx)?
        .load_one(OrganisationById(id))
        .await?
        .map(OrganisationNode))
}

/// A mentor as a venture's owner sees them: their name, organisation and what they offer.
pub struct MentorNode {
    offer: MentorOffer,
    display_name: String,
}

#[Object(name = "Mentor")]
impl MentorNode {
    /// The mentor through one offer (one organisation).
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

/// A mentor for a venture, with the score (0 to 1) and why: skills count 60% (a related
/// skill half), the sector 40%; a venture naming no skills is matched on sector alone.
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
}

#[derive(InputObject)]
pub struct OfferMentoringInput {
    /// An organisation the caller is a member of.
    pub organisation_id: ID,
    #[graphql(default)]
    pub sectors: Vec<Sector>,
    /// ESCO skill URIs (at most 50).
    #[graphql(default)]
    pub skill_uris: Vec<String>,
    /// When and how the mentor is available.
    #[graphql(default)]
    pub note: String,
}

#[derive(InputObject)]
pub struct WithdrawMentoringInput {
    pub organisation_id: ID,
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

#[derive(Default)]
pub struct MentoringQuery;

#[Object]
impl MentoringQuery {
    /// The mentoring the caller offers, one offer per organisation.
    async fn my_mentor_offers(&self, ctx: &Context<'_>) -> GqlResult<Vec<MentorOfferNode>> {
        let user = require_user(ctx)?;
        let offers = app(ctx).my_mentor_offers(&user).await?;
        Ok(offers.into_iter().map(MentorOfferNode).collect())
    }

    /// Mentors for one of the person's ventures, best first: members of organisations who
    /// offer the venture's sector or the skills it needs (or related ones).
    #[graphql(complexity = "page_size(first).unwrap_or(20) * child_complexity")]
    async fn mentor_matches(
        &self,
        ctx: &Context<'_>,
        venture_id: ID,
        organisation_id: Option<ID>,
        first: Option<i32>,
        after: Option<String>,
    ) -> GqlResult<Connection<String, MentorMatch, TotalCount>> {
        let first = page_size(first)?;
        let after = after.as_deref().map(decode_cursor::<Uuid>).transpose()?;
        let venture = venture_of_caller(ctx, &venture_id, organisation_id.as_ref()).await?;
        let found = app(ctx).mentor_matches(&venture, first, after).await?;
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
                    },
                )
            })
            .collect();
        Ok(connection)
    }
}

#[derive(Default)]
pub struct MentoringMutation;

#[Object]
impl MentoringMutation {
    /// Offers mentoring to people in the ENTREPRENEURSHIP track through an organisation the
    /// caller is a member of (any kind), by sector and skills; saving again replaces it.
    /// The offer ends with the membership.
    async fn offer_mentoring(
        &self,
        ctx: &Context<'_>,
        input: OfferMentoringInput,
    ) -> Result<MentorOfferPayload> {
        let user = require_user(ctx)?;
        let organisation: OrganisationId = parse_id(&input.organisation_id)?;
        let form = MentorForm {
            details: MentorDetails {
                sectors: input.sectors.into_iter().map(Into::into).collect(),
                skills: Vec::new(),
                note: input.note,
            },
            skill_uris: input.skill_uris,
        };
        Ok(payload(
            app(ctx)
                .offer_mentoring(user.id, organisation, form)
                .await
                .map(Some),
        )?)
    }

    async fn withdraw_mentoring(
        &self,
        ctx: &Context<'_>,
        input: WithdrawMentoringInput,
    ) -> Result<MentorOfferPayload> {
        let user = require_user(ctx)?;
        let organisation: OrganisationId = parse_id(&input.organisation_id)?;
        Ok(payload(
            app(ctx)
                .withdraw_mentoring(user.id, organisation)
                .await
                .map(|()| None),
        )?)
    }
}

/// A mentoring offer, for the member who made it (who sees it in `myMentorOffers`).
pub(crate) async fn visible_mentor_offer(
    ctx: &Context<'_>,
    id: Uuid,
) -> Result<Option<MentorOfferNode>> {
    let Some(user) = crate::context::current_user(ctx) else {
        return Ok(None);
    };
    Ok(app(ctx)
        .own_mentor_offer(&user, id)
        .await
        .map_err(GqlError::from)?
        .map(MentorOfferNode))
}

/// A mentor, for the people `mentorMatches` serves (anyone with a venture of their own)
/// and the mentor themselves.
pub(crate) async fn visible_mentor(ctx: &Context<'_>, id: Uuid) -> Result<Option<MentorNode>> {
    let Some(user) = crate::context::current_user(ctx) else {
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
