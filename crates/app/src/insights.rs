//! Labour-market insights for a region: demand by skill and by occupation (public), and
//! for organisations and administrators supply from the people who consent to ANALYTICS
//! now, both read from the census ([`crate::census`]); gaps with the seats of courses starting in the next six months that
//! teach each gap skill; figures about people under the domain's k-anonymity.

use std::collections::{HashMap, HashSet};

use chrono::{Duration, NaiveDate};
use skillbridge_auth::CurrentUser;
use skillbridge_domain::anonymity::Figure;
use skillbridge_domain::insights::{
    FlowFigures, OccupationDemand, RetentionFigure, SkillDemand, SkillGapFigure, flows, gaps,
    rank_demand, rank_occupation_demand, retention, supply_of_counts,
};
use skillbridge_domain::shortage::Region;
use skillbridge_domain::statistics::check_period;
use skillbridge_domain::{LanguageCode, ProfileId, SkillId, clock, policy};

use crate::{App, ServiceResult};

/// How far ahead course seats are counted.
const COURSE_HORIZON_DAYS: i64 = 183;

/// The insights of one region.
#[derive(Clone, Debug)]
pub struct Insights {
    /// The period flows and retention count (demand, supply and gaps are as of today).
    pub from: NaiveDate,
    pub until: NaiveDate,
    /// Skills open vacancies ask for: public facts.
    pub demand: Vec<SkillDemand>,
    /// Open vacancies by occupation: public facts.
    pub occupations: Vec<OccupationDemand>,
    /// Figures about people, for the roles that may read them; `None` for anyone else.
    pub about_people: Option<PeopleInsights>,
}

/// Insights about people: only those who consent to ANALYTICS, under k-anonymity.
#[derive(Clone, Debug)]
pub struct PeopleInsights {
    /// Consenting people in the region.
    pub people: Figure,
    pub skills: Vec<(SkillId, Figure)>,
    pub languages: Vec<(LanguageCode, Figure)>,
    pub gaps: Vec<SkillGapFigure>,
    pub flows: Vec<FlowFigures>,
    /// Of people whose job started in the period.
    pub retention: Vec<RetentionFigure>,
}

impl App {
    /// Insights for `region` (`None`: everywhere): demand for anyone (the public subset),
    /// figures about people for the roles that may read them.
    pub async fn insights(
        &self,
        user: Option<&CurrentUser>,
        region: Option<&Region>,
        from: NaiveDate,
        until: NaiveDate,
    ) -> ServiceResult<Insights> {
        check_period(from, until)?;
        let today = clock::today();
        let (demand, occupations) = self.demand(region).await?;
        let about_people = if user.is_some_and(|u| policy::may_read_insights(u.role)) {
            Some(
                self.people_insights(region, from, until, &demand, today)
                    .await?,
            )
        } else {
            None
        };
        Ok(Insights {
            from,
            until,
            demand,
            occupations,
            about_people,
        })
    }

    /// What open vacancies of the region ask for, by skill and by occupation, from the
    /// census (each vacancy's shortage flag as matching reads it).
    async fn demand(
        &self,
        region: Option<&Region>,
    ) -> ServiceResult<(Vec<SkillDemand>, Vec<OccupationDemand>)> {
        let tally = self.census.demand(region).await?;
        let mut demand: Vec<SkillDemand> = tally.skills.into_values().collect();
        rank_demand(&mut demand);
        let mut occupations: Vec<OccupationDemand> = tally.occupations.into_values().collect();
        rank_occupation_demand(&mut occupations);
        Ok((demand, occupations))
    }

    /// Supply, gaps, flows and retention: consenting people only, under k-anonymity.
    async fn people_insights(
        &self,
        region: Option<&Region>,
        from: NaiveDate,
        until: NaiveDate,
        demand: &[SkillDemand],
        today: NaiveDate,
    ) -> ServiceResult<PeopleInsights> {
        let k = self.min_group;
        // Supply: consenting people of the region only, from the census.
        let tally = self.census.tally(region).await?;
        let (skills, people_figure) = supply_of_counts(tally.skills, tally.people, k);
        let (languages, _) = supply_of_counts(tally.languages, tally.people, k);

        // Gaps, with the seats of courses in the region or online starting soon.
        let wanted: Vec<SkillId> = demand.iter().map(|d| d.skill).collect();
        let seats = self.seats_teaching(&wanted, region, today).await?;
        let gaps = gaps(demand, &skills, &seats);

        // Flows and retention of the period: consenting people only (as of now).
        let steps = self.store.application_flows(region, from, until).await?;
        let check_ins = self.store.retention_check_ins(region, from, until).await?;
        let mut involved: Vec<ProfileId> = steps
            .iter()
            .map(|r| r.profile_id)
            .chain(check_ins.iter().map(|r| r.profile_id))
            .collect();
        involved.sort();
        involved.dedup();
        let counted: HashSet<ProfileId> = self
            .counted_people(&involved)
            .await?
            .into_iter()
            .map(|p| p.id)
            .collect();
        let steps: Vec<_> = steps
            .into_iter()
            .filter(|r| counted.contains(&r.profile_id))
            .collect();
        let check_ins: Vec<_> = check_ins
            .into_iter()
            .filter(|r| counted.contains(&r.profile_id))
            .collect();
        Ok(PeopleInsights {
            people: people_figure,
            skills,
            languages,
            gaps,
            flows: flows(&steps, k),
            retention: retention(&check_ins, k),
        })
    }

    /// For each of `skills`, the seats of open cohorts starting within the horizon of
    /// published courses teaching it, held in `region` or online.
    async fn seats_teaching(
        &self,
        skills: &[SkillId],
        region: Option<&Region>,
        today: chrono::NaiveDate,
    ) -> ServiceResult<HashMap<SkillId, u64>> {
        let mut seats: HashMap<SkillId, u64> = HashMap::new();
        if skills.is_empty() {
            return Ok(seats);
        }
        let ids = self.store.courses_teaching(skills).await?;
        let courses = self.store.courses_by_ids(&ids).await?;
        let reachable: HashSet<_> = courses
            .iter()
            .filter(|c| {
                c.mode == skillbridge_domain::course::CourseMode::Online
                    || region.is_none_or(|r| {
                        Region::of_place(
                            c.location.country_code.as_deref(),
                            c.location.region_code.as_deref(),
                        )
                        .is_some_and(|p| p.covering().contains(r))
                    })
            })
            .map(|c| c.id)
            .collect();
        let until = today + Duration::days(COURSE_HORIZON_DAYS);
        let mut per_course: HashMap<_, u64> = HashMap::new();
        for cohort in self.store.cohorts_of(&ids).await? {
            if reachable.contains(&cohort.course_id)
                && cohort.is_open()
                && (today..=until).contains(&cohort.starts_on)
            {
                *per_course.entry(cohort.course_id).or_default() +=
                    u64::try_from(cohort.seats).unwrap_or(0);
            }
        }
        let wanted: HashSet<&SkillId> = skills.iter().collect();
        for (course, taught) in self.store.course_skills(&ids).await? {
            if let Some(n) = per_course.get(&course)
                && wanted.contains(&taught.skill_id)
            {
                *seats.entry(taught.skill_id).or_default() += n;
            }
        }
        Ok(seats)
    }
}
