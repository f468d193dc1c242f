//! Labour-market insights in GraphQL: demand, supply and gaps for a region, each list a
//! connection in its ranked order; figures about people k-anonymous.

use async_graphql::connection::Connection;
use async_graphql::{Context, Enum, Object, Result, SimpleObject};
use skillbridge_app::insights::{Insights as AppInsights, PeopleInsights};
use skillbridge_domain::anonymity::Figure;
use skillbridge_domain::insights::{FlowFigures, OccupationDemand, SkillDemand, SkillGapFigure};
use skillbridge_domain::shortage::Region;
use skillbridge_domain::{OccupationId, Order, Page, PageRequest, Position, SkillId};

use crate::connections::{TotalCount, keyed_page_request, listed};
use crate::context::{app, loader};
use crate::loaders::OccupationById;
use crate::scalars::Date;
use crate::statistics::StatisticFigure;
use crate::taxonomy::{Language, OccupationNode, SkillNode, with_skills};
use crate::values::Track;
use crate::{ErrorCode, GqlError, GqlResult};

/// A ranked list's page: positions are ranks, so cursors follow the list's order.
fn ranked<T>(rows: Vec<T>, request: &PageRequest) -> Page<T> {
    let positioned = rows
        .into_iter()
        .enumerate()
        .map(|(rank, row)| {
            (
                Position {
                    key: format!("{rank:09}"),
                    tiebreak: String::new(),
                },
                row,
            )
        })
        .collect();
    Page::of_list(positioned, Order::OldestFirst, request)
}

/// A page whose rows name skills, with each skill's node (rows of skills no longer in the
/// taxonomy are left out).
async fn with_skill_nodes<T: Clone>(
    ctx: &Context<'_>,
    page: Page<T>,
    skill: impl Fn(&T) -> SkillId,
) -> Result<Page<(SkillNode, T)>> {
    let positions: Vec<(Position, SkillId)> = page
        .items
        .iter()
        .map(|(p, r)| (p.clone(), skill(r)))
        .collect();
    let rows: Vec<T> = page.items.into_iter().map(|(_, r)| r).collect();
    let found = with_skills(ctx, rows, &skill).await?;
    let items = found
        .into_iter()
        .filter_map(|(node, row)| {
            let id = skill(&row);
            let position = positions.iter().find(|(_, s)| *s == id)?.0.clone();
            Some((position, (node, row)))
        })
        .collect();
    Ok(Page {
        items,
        has_next_page: page.has_next_page,
        total_count: page.total_count,
    })
}

/// How many open vacancies ask for a skill (public facts).
#[derive(SimpleObject)]
pub struct SkillDemandFigure {
    pub skill: SkillNode,
    pub vacancies: i64,
    /// Of which as ESSENTIAL.
    pub essential: i64,
    /// Of which in a shortage occupation for their region today.
    pub shortage_vacancies: i64,
}

/// How many consenting people hold a skill.
#[derive(SimpleObject)]
pub struct SkillSupplyFigure {
    pub skill: SkillNode,
    pub people: StatisticFigure,
}

/// How many consenting people speak a language (any level).
#[derive(SimpleObject)]
pub struct LanguageSupplyFigure {
    pub language: Language,
    pub people: StatisticFigure,
}

/// Demand minus supply for a skill, and course seats that teach it.
#[derive(SimpleObject)]
pub struct SkillGapRow {
    pub skill: SkillNode,
    pub demand: i64,
    pub supply: StatisticFigure,
    /// Null when the supply is withheld.
    pub gap: Option<i64>,
    /// Seats of open cohorts starting in the next six months of courses that teach the
    /// skill, held in the region or online.
    pub course_seats: i64,
}

/// The steps from application to work that insights count.
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(remote = "skillbridge_domain::insights::FlowStage")]
pub enum FlowStage {
    /// An application made in the period.
    Applied,
    /// Invited to interview in the period.
    Interviewed,
    /// Hired in the period.
    Hired,
}

/// How many consenting people applied to, interviewed for or were hired into vacancies of
/// an occupation.
pub struct OccupationFlowFigure {
    occupation: Option<OccupationId>,
    people: Figure,
}

#[Object]
impl OccupationFlowFigure {
    /// Null for vacancies that name no occupation.
    async fn occupation(&self, ctx: &Context<'_>) -> Result<Option<OccupationNode>> {
        let Some(id) = self.occupation else {
            return Ok(None);
        };
        Ok(loader(ctx)?
            .load_one(OccupationById(id))
            .await?
            .map(OccupationNode))
    }
    async fn people(&self) -> StatisticFigure {
        self.people.into()
    }
}

/// How many consenting people reached a step through vacancies of a track.
#[derive(SimpleObject)]
pub struct TrackFlowFigure {
    pub track: Track,
    pub people: StatisticFigure,
}

/// One step of the flow in the period.
pub struct FlowStageFigures(FlowFigures);

#[Object]
impl FlowStageFigures {
    async fn stage(&self) -> FlowStage {
        self.0.stage.into()
    }
    /// People at this step (each once).
    async fn people(&self) -> StatisticFigure {
        self.0.people.into()
    }
    /// By the vacancy's occupation, most people first; withheld figures after.
    async fn by_occupation(
        &self,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Connection<String, OccupationFlowFigure, TotalCount>> {
        let request = keyed_page_request(first, after.as_deref())?;
        let page = ranked(self.0.by_occupation.clone(), &request);
        Ok(listed(page, &request, |(occupation, people)| {
            OccupationFlowFigure { occupation, people }
        }))
    }
    /// By the vacancy's tracks (a vacancy may be in several), every track.
    async fn by_track(&self) -> Vec<TrackFlowFigure> {
        self.0
            .by_track
            .iter()
            .map(|(track, people)| TrackFlowFigure {
                track: (*track).into(),
                people: (*people).into(),
            })
            .collect()
    }
}

/// Whether people whose job started in the period were in work at a check-in.
#[derive(SimpleObject)]
pub struct RetentionFigure {
    /// 3, 6 or 12 months after the start.
    pub months: i32,
    /// People checked in on at that milestone.
    pub checked: StatisticFigure,
    /// Of whom still in work (with the employer or another).
    pub in_work: StatisticFigure,
    /// Of whom no longer in work.
    pub left_work: StatisticFigure,
}

fn int(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// Labour-market insights for a region.
pub struct Insights {
    region: Option<String>,
    as_of: chrono::NaiveDate,
    min_group: u64,
    found: AppInsights,
    signed_in: bool,
}

impl Insights {
    /// The figures about people, or why the caller may not read them.
    fn about_people(&self) -> GqlResult<&PeopleInsights> {
        self.found.about_people.as_ref().ok_or_else(|| {
            if self.signed_in {
                GqlError::new(
                    ErrorCode::Forbidden,
                    "figures about people are for employers, trainers, caseworkers and administrators",
                )
            } else {
                GqlError::new(
                    ErrorCode::Unauthenticated,
                    "log in to see figures about people; demand is public",
                )
            }
        })
    }
}

/// How many open vacancies there are of an occupation (public facts).
pub struct OccupationDemandFigure(OccupationDemand);

#[Object]
impl OccupationDemandFigure {
    /// Null for vacancies that name no occupation.
    async fn occupation(&self, ctx: &Context<'_>) -> Result<Option<OccupationNode>> {
        let Some(id) = self.0.occupation else {
            return Ok(None);
        };
        Ok(loader(ctx)?
            .load_one(OccupationById(id))
            .await?
            .map(OccupationNode))
    }
    async fn vacancies(&self) -> i64 {
        int(self.0.vacancies)
    }
    /// The positions they offer.
    async fn positions(&self) -> i64 {
        int(self.0.positions)
    }
    /// Of the vacancies, those in an occupation on a shortage list for their region today.
    async fn shortage_vacancies(&self) -> i64 {
        int(self.0.shortage)
    }
}

#[Object]
impl Insights {
    /// The region asked for; null: everywhere.
    async fn region(&self) -> Option<&str> {
        self.region.as_deref()
    }
    /// Vacancies open and consents in force on this day.
    async fn as_of(&self) -> Date {
        Date(self.as_of)
    }
    /// The smallest group of people a figure is shown for (k).
    async fn min_group(&self) -> i64 {
        int(self.min_group)
    }
    /// The first day of the period flows and retention count.
    async fn from(&self) -> Date {
        Date(self.found.from)
    }
    /// The last day of the period.
    async fn until(&self) -> Date {
        Date(self.found.until)
    }
    /// Applications, interviews and hires of consenting people in the period, for
    /// vacancies in the region, by occupation and by track.
    async fn flows(&self) -> GqlResult<Vec<FlowStageFigures>> {
        Ok(self
            .about_people()?
            .flows
            .iter()
            .cloned()
            .map(FlowStageFigures)
            .collect())
    }
    /// Placement retention at 3, 6 and 12 months, from the check-ins of consenting people
    /// whose job in the region started in the period.
    async fn retention(&self) -> GqlResult<Vec<RetentionFigure>> {
        Ok(self
            .about_people()?
            .retention
            .iter()
            .map(|r| {
                let cell = |in_work: bool| {
                    r.checked
                        .cells
                        .iter()
                        .find(|(w, _)| *w == in_work)
                        .map_or(Figure::Shown(0), |(_, f)| *f)
                };
                RetentionFigure {
                    months: i32::try_from(r.months).unwrap_or(0),
                    checked: r.checked.total.into(),
                    in_work: cell(true).into(),
                    left_work: cell(false).into(),
                }
            })
            .collect())
    }
    /// Consenting people in the region, whom supply counts.
    async fn people(&self) -> GqlResult<StatisticFigure> {
        Ok(self.about_people()?.people.into())
    }
    /// Open vacancies by occupation, most vacancies first (public).
    async fn occupation_demand(
        &self,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Connection<String, OccupationDemandFigure, TotalCount>> {
        let request = keyed_page_request(first, after.as_deref())?;
        let page = ranked(self.found.occupations.clone(), &request);
        Ok(listed(page, &request, OccupationDemandFigure))
    }
    /// Skills open vacancies ask for, most vacancies first (public).
    async fn demand(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Connection<String, SkillDemandFigure, TotalCount>> {
        let request = keyed_page_request(first, after.as_deref())?;
        let page = ranked(self.found.demand.clone(), &request);
        let page = with_skill_nodes(ctx, page, |d: &SkillDemand| d.skill).await?;
        Ok(listed(page, &request, |(skill, d)| SkillDemandFigure {
            skill,
            vacancies: int(d.vacancies),
            essential: int(d.essential),
            shortage_vacancies: int(d.shortage),
        }))
    }
    /// Skills consenting people hold, most people first; withheld figures after, by skill.
    async fn supply(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Connection<String, SkillSupplyFigure, TotalCount>> {
        let request = keyed_page_request(first, after.as_deref())?;
        let page = ranked(self.about_people()?.skills.clone(), &request);
        let page = with_skill_nodes(ctx, page, |(s, _): &(SkillId, Figure)| *s).await?;
        Ok(listed(page, &request, |(skill, (_, figure))| {
            SkillSupplyFigure {
                skill,
                people: figure.into(),
            }
        }))
    }
    /// Languages consenting people speak, most people first; withheld figures after.
    async fn languages(
        &self,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Connection<String, LanguageSupplyFigure, TotalCount>> {
        let request = keyed_page_request(first, after.as_deref())?;
        let page = ranked(self.about_people()?.languages.clone(), &request);
        Ok(listed(page, &request, |(language, figure)| {
            LanguageSupplyFigure {
                language: Language::of(language, None),
                people: figure.into(),
            }
        }))
    }
    /// Skills in demand with the supply and the gap, largest shown gap first; skills whose
    /// supply is withheld after, by demand.
    async fn gaps(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Connection<String, SkillGapRow, TotalCount>> {
        let request = keyed_page_request(first, after.as_deref())?;
        let page = ranked(self.about_people()?.gaps.clone(), &request);
        let page = with_skill_nodes(ctx, page, |g: &SkillGapFigure| g.skill).await?;
        Ok(listed(page, &request, |(skill, g)| SkillGapRow {
            skill,
            demand: int(g.demand),
            supply: g.supply.into(),
            gap: g.gap,
            course_seats: int(g.course_seats),
        }))
    }
}

#[derive(Default)]
pub struct InsightsQuery;

#[Object]
impl InsightsQuery {
    /// Labour-market insights for a region (a country, an ISO 3166-2 subdivision or EU;
    /// left out: everywhere): the skills and occupations open vacancies ask for (public,
    /// for anyone); for employers, trainers, caseworkers and administrators also the skills
    /// and languages people hold, the gaps with the course seats that teach them, and the
    /// flows and retention of the period (only people who consent to ANALYTICS, no figure
    /// for fewer than `minGroup` people). Others asking for those get UNAUTHENTICATED or
    /// FORBIDDEN on the field.
    async fn insights(
        &self,
        ctx: &Context<'_>,
        region: Option<String>,
        #[graphql(
            desc = "The first day of the period flows and retention count; left out: 364 days before `until`."
        )]
        from: Option<Date>,
        #[graphql(desc = "The last day; left out: today. Five years at most.")] until: Option<Date>,
    ) -> GqlResult<Insights> {
        let user = crate::context::current_user(ctx);
        let until = until.map_or_else(skillbridge_domain::clock::today, |d| d.0);
        let from = from.map_or(until - chrono::Duration::days(364), |d| d.0);
        let region = region
            .map(|r| {
                Region::parse(&r)
                    .map_err(|err| GqlError::new(ErrorCode::BadUserInput, format!("region: {err}")))
            })
            .transpose()?;
        let app = app(ctx);
        let found = app
            .insights(user.as_ref(), region.as_ref(), from, until)
            .await?;
        Ok(Insights {
            signed_in: user.is_some(),
            region: region.map(|r| r.as_str().to_owned()),
            as_of: skillbridge_domain::clock::today(),
            min_group: app.min_group().get(),
            found,
        })
    }
}
