//! Placement follow-up in GraphQL: contract ends, check-ins at 3, 6 and 12 months, and the
//! lists of check-ins due.

use async_graphql::{Context, Enum, ID, InputObject, MaybeUndefined, Object, Result, SimpleObject};
use chrono::{DateTime, Utc};
use skillbridge_domain::OrganisationId;
use skillbridge_domain::application::Placement;
use skillbridge_domain::follow_up::{self as domain, CheckIn, CheckInDetails};

use crate::accounts::UserError;
use crate::acting::ActedBy;
use crate::context::{app, loader};
use crate::guards::require_user;
use crate::ids::{parse_id, uuid_if_of};
use crate::loaders::CheckInsOf;
use crate::nodes::PlacementNode;
use crate::problems::{payload, payload_of};
use crate::scalars::Date;
use crate::{GqlError, GqlResult};

/// Where the person stands at a check-in.
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(remote = "skillbridge_domain::follow_up::CheckInOutcome")]
pub enum CheckInOutcome {
    StillEmployed,
    ChangedEmployer,
    LeftWork,
}

/// Why the person changed employer or left work.
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(remote = "skillbridge_domain::follow_up::LeavingReason")]
pub enum LeavingReason {
    ContractEnded,
    BetterOffer,
    Dismissed,
    Resigned,
    WorkingConditions,
    Health,
    CareDuties,
    Relocated,
    Studies,
    ResidencePermit,
    Other,
}

/// A check-in on a placement.
pub struct CheckInNode {
    check_in: CheckIn,
    starts_on: chrono::NaiveDate,
    /// The viewer is the person or one of their caseworkers.
    personal: bool,
}

#[Object(name = "PlacementCheckIn")]
impl CheckInNode {
    /// 3, 6 or 12 months after the start.
    async fn months(&self) -> u32 {
        self.check_in.details.months
    }
    async fn due_on(&self) -> Date {
        Date(domain::due_on(self.starts_on, self.check_in.details.months))
    }
    async fn outcome(&self) -> CheckInOutcome {
        self.check_in.details.outcome.into()
    }
    async fn reason(&self) -> Option<LeavingReason> {
        self.check_in.details.reason.map(Into::into)
    }
    /// For the person and their caseworkers only (null for the employer).
    async fn note(&self) -> Option<&str> {
        self.personal.then_some(self.check_in.details.note.as_str())
    }
    async fn recorded_at(&self) -> DateTime<Utc> {
        self.check_in.recorded_at
    }
    /// Who recorded it: for the person and their caseworkers.
    async fn recorded_by(&self) -> Option<ActedBy> {
        let by = self.check_in.recorded_by;
        ActedBy::shown(
            self.personal,
            by.map(|a| a.user),
            by.and_then(|a| a.acting_for),
        )
    }
}

/// A check-in that has fallen due.
#[derive(SimpleObject)]
pub struct DueCheckIn {
    pub months: u32,
    pub due_on: Date,
}

/// The check-ins of a placement, and which are due, for those who see it.
pub(crate) async fn check_ins(
    ctx: &Context<'_>,
    placement: &Placement,
) -> Result<Vec<CheckInNode>> {
    let user = require_user(ctx)?;
    let personal = app(ctx)
        .sees_check_in_notes(&user, placement)
        .await
        .map_err(GqlError::from)?;
    let found = loader(ctx)?
        .load_one(CheckInsOf(placement.id))
        .await?
        .unwrap_or_default();
    Ok(found
        .into_iter()
        .map(|check_in| CheckInNode {
            check_in,
            starts_on: placement.starts_on,
            personal,
        })
        .collect())
}

pub(crate) async fn due(ctx: &Context<'_>, placement: &Placement) -> Result<Vec<DueCheckIn>> {
    let found = loader(ctx)?
        .load_one(CheckInsOf(placement.id))
        .await?
        .unwrap_or_default();
    let today = skillbridge_domain::clock::now().date_naive();
    Ok(domain::due_check_ins(placement, &found, today)
        .into_iter()
        .map(|(months, due_on)| DueCheckIn {
            months,
            due_on: Date(due_on),
        })
        .collect())
}

#[derive(InputObject)]
pub struct RecordCheckInInput {
    pub placement_id: ID,
    /// 3, 6 or 12.
    pub months: i32,
    pub outcome: CheckInOutcome,
    /// For CHANGED_EMPLOYER or LEFT_WORK.
    pub reason: Option<LeavingReason>,
    /// For the person and their caseworkers only (at most 2,000 characters).
    #[graphql(default)]
    pub note: String,
    /// A caseworker's support organisation (the person delegated EDIT_PROFILE), or the
    /// employer; left out, the person themselves.
    pub organisation_id: Option<ID>,
}

#[derive(InputObject)]
pub struct SetPlacementEndInput {
    pub placement_id: ID,
    /// The day a fixed-term or seasonal contract ends; `null` clears it.
    pub ends_on: MaybeUndefined<Date>,
}

#[derive(SimpleObject, Default)]
pub struct CheckInPayload {
    pub check_in: Option<CheckInNode>,
    pub user_errors: Vec<UserError>,
}

impl crate::problems::Payload for CheckInPayload {
    /// The check-in, its placement's start, and whether the caller sees its note.
    type Made = (CheckIn, chrono::NaiveDate, bool);

    fn made((check_in, starts_on, personal): Self::Made) -> Self {
        Self {
            check_in: Some(CheckInNode {
                check_in,
                starts_on,
                personal,
            }),
            user_errors: Vec::new(),
        }
    }

    fn refused(user_errors: Vec<UserError>) -> Self {
        Self {
            check_in: None,
            user_errors,
        }
    }
}

#[derive(SimpleObject, Default)]
pub struct PlacementPayload {
    pub placement: Option<PlacementNode>,
    pub user_errors: Vec<UserError>,
}

payload_of!(PlacementPayload, Placement, placement, PlacementNode);

/// A placement with check-ins due.
#[derive(SimpleObject)]
pub struct PlacementDue {
    pub placement: PlacementNode,
    /// Due and not recorded, earliest first.
    pub due: Vec<DueCheckIn>,
}

#[derive(Default)]
pub struct FollowUpQuery;

#[Object]
impl FollowUpQuery {
    /// Your placements (jobs found through the platform), newest first.
    async fn my_placements(&self, ctx: &Context<'_>) -> GqlResult<Vec<PlacementNode>> {
        let user = require_user(ctx)?;
        let found = app(ctx).my_placements(&user).await?;
        Ok(found.into_iter().map(PlacementNode).collect())
    }

    /// Placements with check-ins due and not recorded, the earliest due first: your
    /// support organisation's clients', or your employer's hires.
    async fn placements_due(
        &self,
        ctx: &Context<'_>,
        organisation_id: ID,
    ) -> GqlResult<Vec<PlacementDue>> {
        let organisation: OrganisationId = parse_id(&organisation_id)?;
        let user = require_user(ctx)?;
        let found = app(ctx).placements_due(&user, organisation).await?;
        Ok(found
            .into_iter()
            .map(|(placement, due)| PlacementDue {
                placement: PlacementNode(placement),
                due: due
                    .into_iter()
                    .map(|(months, due_on)| DueCheckIn {
                        months,
                        due_on: Date(due_on),
                    })
                    .collect(),
            })
            .collect())
    }
}

#[derive(Default)]
pub struct FollowUpMutation;

#[Object]
impl FollowUpMutation {
    /// Records whether the person is still in work 3, 6 or 12 months after the start: the
    /// person, their caseworker (EDIT_PROFILE) or the employer. Recording again replaces it.
    async fn record_placement_check_in(
        &self,
        ctx: &Context<'_>,
        input: RecordCheckInInput,
    ) -> GqlResult<CheckInPayload> {
        let user = require_user(ctx)?;
        let organisation: Option<OrganisationId> =
            input.organisation_id.as_ref().map(parse_id).transpose()?;
        let id = uuid_if_of(&input.placement_id, "Placement");
        let details = CheckInDetails {
            // Out of range is the domain's to say (OUT_OF_RANGE), not a type error.
            months: u32::try_from(input.months).unwrap_or(0),
            outcome: input.outcome.into(),
            reason: input.reason.map(Into::into),
            note: input.note,
        };
        let app = app(ctx);
        let recorded = app.record_check_in(&user, id, organisation, details).await;
        let made = match recorded {
            Ok(check_in) => {
                let placement = app.visible_placement(&user, check_in.placement_id).await?;
                let personal = match &placement {
                    Some(p) => app.sees_check_in_notes(&user, p).await?,
                    None => false,
                };
                let starts_on = placement.map_or(chrono::NaiveDate::MIN, |p| p.starts_on);
                Ok((check_in, starts_on, personal))
            }
            Err(err) => Err(err),
        };
        payload(made)
    }

    /// Says when a fixed-term or seasonal contract ends: for the employer. Check-ins due
    /// after the end no longer apply.
    async fn set_placement_end(
        &self,
        ctx: &Context<'_>,
        input: SetPlacementEndInput,
    ) -> GqlResult<PlacementPayload> {
        let user = require_user(ctx)?;
        let id = uuid_if_of(&input.placement_id, "Placement");
        let ends_on = match input.ends_on {
            MaybeUndefined::Value(day) => Some(day.0),
            _ => None,
        };
        payload(app(ctx).set_placement_end(&user, id, ends_on).await)
    }
}
