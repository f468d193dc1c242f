//! Labour-market insights for a region: demand read and aggregated in the database (with
//! each group's shortage flag as of today), supply from the people who consent to
//! ANALYTICS now, gaps with the seats of courses starting in the next six months that
//! teach each gap skill; figures about people under the domain's k-anonymity.

use std::collections::{HashMap, HashSet};

use chrono::{Duration, NaiveDate};
use skillbridge_auth::CurrentUser;
use skillbridge_domain::anonymity::Figure;
use skillbridge_domain::insights::{
    FlowFigures, RetentionFigure, SkillDemand, SkillGapFigure, flows, gaps, rank_demand, retention,
    supply,
};
use skillbridge_domain::shortage::{Region, is_shortage};
use skillbridge_domain::statistics::check_period;
use skillbridge_domain::{LanguageCode, ProfileId, SkillId, clock, policy};

use crate::{App, ServiceError, ServiceResult};

/// How far ahead course seats are counted.
const COURSE_HORIZON_DAYS: i64 = 183;

/// The insights of one region.
#[derive(Clone, Debug)]
pub struct Insights {
    /// The period flows and retention count (demand, supply and gaps are as of today).
    pub from: NaiveDate,
    pub until: NaiveDate,
    pub flows: Vec<FlowFigures>,
    /// Of people whose job started in the period.
    pub retention: Vec<RetentionFigure>,
    pub demand: Vec<SkillDemand>,
    /// Consenting people in the region.
    pub people: Figure,
    pub skills: Vec<(SkillId, Figure)>,
    pub languages: Vec<(LanguageCode, Figure)>,
    pub gaps: Vec<SkillGapFigure>,
}

impl App {
    /// Insights for `region` (`None`: everywhere), for the roles that may read them.
    pub async fn insights(
        &self,
        user: &CurrentUser,
        region: Option<&Region>,
        from: NaiveDate,
        until: NaiveDate,
    ) -> ServiceResult<Insights> {
        if !policy::may_read_insights(user.role) {
            return Err(ServiceError::Forbidden(
                "insights are for employers, trainers, caseworkers and administrators",
            ));
        }
        check_period(from, until)?;
        let today = clock::today();
        let k = self.min_group;

        // Demand: public facts, the shortage flag decided per occupation and place.
        let records = self.store.skill_demand(region).await?;
        let shortages = self
            .shortages_covering(records.iter().filter_map(|r| {
                Region::of_place(r.country_code.as_deref(), r.region_code.as_deref())
            }))
            .await?;
        let mut demand: HashMap<SkillId, SkillDemand> = HashMap::new();
        for r in &records {
            let shortage = Region::of_place(r.country_code.as_deref(), r.region_code.as_deref())
                .is_some_and(|p| {
                    is_shortage(
                        &shortages,
                        r.occupation_uri.as_deref().unwrap_or(""),
                        r.isco_code.as_deref(),
                        &p,
                        today,
                    )
                });
            let row = demand.entry(r.skill).or_insert(SkillDemand {
                skill: r.skill,
                vacancies: 0,
                essential: 0,
                shortage: 0,
            });
            row.vacancies += r.vacancies;
            row.essential += r.essential;
            if shortage {
                row.shortage += r.vacancies;
            }
        }
        let mut demand: Vec<SkillDemand> = demand.into_values().collect();
        rank_demand(&mut demand);

        // Supply: consenting people of the region only.
        let people = self.consenting(region).await?;
        let total = people.len() as u64;
        let held = self.store.skills_of_profiles(&people).await?;
        let (skills, people_figure) = supply(held.iter().map(|(_, s)| s.skill.id), total, k);
        let spoken = self.store.languages_of_profiles(&people).await?;
        let (languages, _) = supply(spoken.iter().map(|(_, l)| l.language), total, k);

        // Gaps, with the seats of courses in the region or online starting soon.
        let wanted: Vec<SkillId> = demand.iter().map(|d| d.skill).collect();
        let seats = self.seats_teaching(&wanted, region, today).await?;
        let gaps = gaps(&demand, &skills, &seats);

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
        Ok(Insights {
            from,
            until,
            flows: flows(&steps, k),
            retention: retention(&check_ins, k),
            demand,
            people: people_figure,
            skills,
            languages,
            gaps,
        })
    }

    /// The profiles in `region` whose ANALYTICS consent is in force.
    async fn consenting(&self, region: Option<&Region>) -> ServiceResult<Vec<ProfileId>> {
        let ids = self.store.profiles_in_region(region).await?;
        Ok(self
            .counted_people(&ids)
            .await?
            .into_iter()
            .map(|p| p.id)
            .collect())
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
