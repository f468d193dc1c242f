//! Public statistics in GraphQL, for anyone without signing in: every figure k-anonymous
//! (a withheld figure is `count: null, suppressed: true`).

use async_graphql::{Context, Object, Result, SimpleObject};
use skillbridge_domain::anonymity::{Figure, Partition};
use skillbridge_domain::shortage::Region;
use skillbridge_domain::statistics::StatisticsScope;

use crate::context::{app, loader};
use crate::loaders::IscoGroupByCode;
use crate::scalars::Date;
use crate::taxonomy::IscoGroupNode;
use crate::{ErrorCode, GqlError, GqlResult};

/// A count of people, or withheld because it would single someone out.
#[derive(SimpleObject)]
pub struct StatisticFigure {
    /// Null when withheld.
    pub count: Option<i64>,
    /// Fewer than `minGroup` people make it, or it would let such a figure be worked out
    /// from the others.
    pub suppressed: bool,
}

impl From<Figure> for StatisticFigure {
    fn from(figure: Figure) -> Self {
        let count = figure.shown().map(|n| i64::try_from(n).unwrap_or(i64::MAX));
        Self {
            count,
            suppressed: count.is_none(),
        }
    }
}

/// People by sector: an ISCO-08 major group.
pub struct SectorFigure {
    code: String,
    figure: Figure,
}

#[Object]
impl SectorFigure {
    /// The ISCO-08 major group ("0" to "9"), or "?" when the vacancy names no occupation.
    async fn code(&self) -> &str {
        &self.code
    }
    /// The major group, when the taxonomy has it.
    async fn sector(&self, ctx: &Context<'_>) -> Result<Option<IscoGroupNode>> {
        if self.code == "?" {
            return Ok(None);
        }
        Ok(loader(ctx)?
            .load_one(IscoGroupByCode(self.code.clone()))
            .await?
            .map(IscoGroupNode))
    }
    async fn count(&self) -> Option<i64> {
        StatisticFigure::from(self.figure).count
    }
    async fn suppressed(&self) -> bool {
        self.figure == Figure::Suppressed
    }
}

/// People by region: the vacancy's ISO 3166-2 subdivision, else its country ("?" when it
/// gives neither).
#[derive(SimpleObject)]
pub struct RegionFigure {
    pub region: String,
    pub count: Option<i64>,
    pub suppressed: bool,
}

/// People placed in a shortage occupation, each once (their latest such placement).
#[derive(SimpleObject)]
pub struct ShortagePlacements {
    pub total: StatisticFigure,
    pub by_sector: Vec<SectorFigure>,
    pub by_region: Vec<RegionFigure>,
}

/// Figures for awareness work.
#[derive(SimpleObject)]
pub struct PublicStatistics {
    /// The region asked for; null: the whole installation.
    pub region: Option<String>,
    pub from: Date,
    pub until: Date,
    /// The smallest group of people a figure is shown for (k).
    pub min_group: i64,
    pub shortage_placements: ShortagePlacements,
    /// People who completed a course (in their home region).
    pub people_trained: StatisticFigure,
    /// Courses completed.
    pub courses_completed: StatisticFigure,
}

#[derive(Default)]
pub struct StatisticsQuery;

#[Object]
impl StatisticsQuery {
    /// Public statistics for a region (a country, an ISO 3166-2 subdivision or EU; left
    /// out: everywhere) and a period (by default the year to today): people placed in
    /// shortage occupations by sector and region, people trained, courses completed.
    /// Only people who consent to ANALYTICS count, and no figure is shown for fewer than
    /// `minGroup` people, nor one from which such a figure could be worked out.
    async fn public_statistics(
        &self,
        ctx: &Context<'_>,
        region: Option<String>,
        from: Option<Date>,
        until: Option<Date>,
    ) -> GqlResult<PublicStatistics> {
        let bad = |message: String| GqlError::new(ErrorCode::BadUserInput, message);
        let region = region
            .map(|r| Region::parse(&r).map_err(|err| bad(format!("region: {err}"))))
            .transpose()?;
        let until = until.map_or_else(skillbridge_domain::clock::today, |d| d.0);
        let from = from.map_or(until - chrono::Duration::days(364), |d| d.0);
        let scope = StatisticsScope {
            region: region.clone(),
            from,
            until,
        };
        let app = app(ctx);
        let stats = app.public_statistics(&scope).await?;
        let placements = stats.shortage_placements_by_sector;
        let by_region: Partition<String> = stats.shortage_placements_by_region;
        Ok(PublicStatistics {
            region: region.map(|r| r.as_str().to_owned()),
            from: Date(from),
            until: Date(until),
            min_group: i64::try_from(app.min_group().get()).unwrap_or(i64::MAX),
            shortage_placements: ShortagePlacements {
                total: placements.total.into(),
                by_sector: placements
                    .cells
                    .into_iter()
                    .map(|(code, figure)| SectorFigure { code, figure })
                    .collect(),
                by_region: by_region
                    .cells
                    .into_iter()
                    .map(|(region, figure)| {
                        let shown = StatisticFigure::from(figure);
                        RegionFigure {
                            region,
                            count: shown.count,
                            suppressed: shown.suppressed,
                        }
                    })
                    .collect(),
            },
            people_trained: stats.people_trained.into(),
            courses_completed: stats.courses_completed.into(),
        })
    }
}
