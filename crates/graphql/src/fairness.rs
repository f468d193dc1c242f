//! Fairness monitoring in GraphQL, for administrators: each stage of the employer-side
//! funnel, the rate per group of each dimension among consenting people, the ratio to the
//! best-placed group with the four-fifths flag, 95% intervals, small groups withheld; kept
//! reports as a history.

use async_graphql::connection::Connection;
use async_graphql::{Context, Enum, ID, InputObject, Object, Result, SimpleObject};
use chrono::{DateTime, Utc};
use skillbridge_domain::fairness::{self, FairnessReport};
use uuid::Uuid;

use crate::accounts::UserError;
use crate::connections::{TotalCount, listed, page_request};
use crate::context::{app, current_user};
use crate::guards::require_user;
use crate::ids::global_id;
use crate::problems::{payload, payload_of};
use crate::scalars::Date;
use crate::statistics::StatisticFigure;
use crate::{GqlError, GqlResult};

/// The stages of the employer-side funnel, in order.
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(remote = "skillbridge_domain::fairness::FunnelStage")]
pub enum FunnelStage {
    /// Among the first 20 of `matchCandidates` for a vacancy.
    Shortlisted,
    /// An employer asked to contact the person.
    Contacted,
    /// An application of the person's was reviewed (or turned down).
    Reviewed,
    /// Invited to interview (or offered the job).
    Interviewed,
    Hired,
}

/// What people are grouped by.
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(remote = "skillbridge_domain::fairness::GroupDimension")]
pub enum GroupDimension {
    /// As the person declared it: WOMAN, MAN, OTHER, NOT_GIVEN.
    Gender,
    /// 15-24, 25-34, 35-44, 45-54, 55+, NOT_GIVEN.
    AgeBand,
    /// The UN M49 sub-region of the country of origin.
    OriginRegion,
    /// The right-to-work status.
    RightToWork,
}

/// One group's figures at one stage.
#[derive(SimpleObject)]
pub struct GroupRate {
    pub group: String,
    /// How many of the group could reach the stage.
    pub eligible: StatisticFigure,
    /// The share of them who did; null when the group is withheld.
    pub rate: Option<f64>,
    /// The 95% Wilson interval of the rate.
    pub rate_low: Option<f64>,
    pub rate_high: Option<f64>,
    /// The rate divided by the best-placed shown group's.
    pub ratio_to_best: Option<f64>,
    /// The ratio is under 0.8 (the four-fifths rule) and the gap is more than chance: the
    /// group's 95% interval lies wholly below the best-placed group's.
    pub flagged: bool,
}

/// The groups of one dimension at one stage.
#[derive(SimpleObject)]
pub struct DimensionRates {
    pub dimension: GroupDimension,
    pub groups: Vec<GroupRate>,
}

/// One stage of the funnel.
#[derive(SimpleObject)]
pub struct StageRates {
    pub stage: FunnelStage,
    /// How many could reach it: the pool for the first stage, those who reached the stage
    /// before for the others.
    pub eligible: StatisticFigure,
    pub dimensions: Vec<DimensionRates>,
}

/// A computed fairness report: aggregates only.
pub struct FairnessReportNode(pub FairnessReport);

#[Object(name = "FairnessReport")]
impl FairnessReportNode {
    pub async fn id(&self) -> ID {
        global_id("FairnessReport", &self.0.id)
    }
    async fn computed_at(&self) -> DateTime<Utc> {
        self.0.computed_at
    }
    /// The period whose funnel steps count (both days included).
    async fn from(&self) -> Date {
        Date(self.0.from)
    }
    async fn until(&self) -> Date {
        Date(self.0.until)
    }
    /// The smallest group shown (k).
    async fn min_group(&self) -> i64 {
        i64::try_from(self.0.min_group).unwrap_or(i64::MAX)
    }
    /// Whether any shown group is under four fifths of the best-placed one somewhere.
    async fn flagged(&self) -> bool {
        self.0
            .stages
            .iter()
            .flat_map(|s| &s.dimensions)
            .flat_map(|d| &d.groups)
            .any(|g| g.flagged)
    }
    async fn stages(&self) -> Vec<StageRates> {
        self.0
            .stages
            .iter()
            .map(|s| StageRates {
                stage: s.stage.into(),
                eligible: s.eligible.into(),
                dimensions: s
                    .dimensions
                    .iter()
                    .map(|d| DimensionRates {
                        dimension: d.dimension.into(),
                        groups: d.groups.iter().map(group_rate).collect(),
                    })
                    .collect(),
            })
            .collect()
    }
}

fn group_rate(g: &fairness::GroupRate) -> GroupRate {
    GroupRate {
        group: g.group.clone(),
        eligible: g.eligible.into(),
        rate: g.rate,
        rate_low: g.interval.map(|(low, _)| low),
        rate_high: g.interval.map(|(_, high)| high),
        ratio_to_best: g.ratio_to_best,
        flagged: g.flagged,
    }
}

/// A report the caller may see (administrators only), for `node(id:)`.
pub(crate) async fn visible_fairness_report(
    ctx: &Context<'_>,
    id: Uuid,
) -> Result<Option<FairnessReportNode>> {
    let Some(user) = current_user(ctx) else {
        return Ok(None);
    };
    Ok(app(ctx)
        .visible_fairness_report(&user, id)
        .await
        .map_err(GqlError::from)?
        .map(FairnessReportNode))
}

#[derive(Default)]
pub struct FairnessQuery;

#[Object]
impl FairnessQuery {
    /// The kept fairness reports, newest first (computed on a schedule and by
    /// `recomputeFairness`), to follow trends. For administrators.
    async fn fairness_reports(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> GqlResult<Connection<String, FairnessReportNode, TotalCount>> {
        let request = page_request(first, after.as_deref())?;
        let user = require_user(ctx)?;
        let page = app(ctx).fairness_reports(&user, &request).await?;
        Ok(listed(page, &request, FairnessReportNode))
    }
}

#[derive(InputObject)]
pub struct RecomputeFairnessInput {
    /// The first day whose funnel steps count; left out: 364 days before `until`.
    pub from: Option<Date>,
    /// The last day; left out: today. ENDS_BEFORE_START before `from`, TOO_LONG over five
    /// years.
    pub until: Option<Date>,
}

#[derive(SimpleObject, Default)]
pub struct FairnessReportPayload {
    pub report: Option<FairnessReportNode>,
    pub user_errors: Vec<UserError>,
}

payload_of!(
    FairnessReportPayload,
    FairnessReport,
    report,
    FairnessReportNode
);

#[derive(Default)]
pub struct FairnessMutation;

#[Object]
impl FairnessMutation {
    /// Computes the fairness report of a period now and keeps it. For administrators.
    async fn recompute_fairness(
        &self,
        ctx: &Context<'_>,
        input: RecomputeFairnessInput,
    ) -> GqlResult<FairnessReportPayload> {
        let user = require_user(ctx)?;
        let until = input
            .until
            .map_or_else(skillbridge_domain::clock::today, |d| d.0);
        let from = input
            .from
            .map_or(until - chrono::Duration::days(364), |d| d.0);
        payload(app(ctx).recompute_fairness(&user, from, until).await)
    }
}
