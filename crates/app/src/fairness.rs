//! Fairness monitoring of the employer-side funnel, for administrators: the one place that
//! reads people's groups (gender, age, region of origin, right to work) for anything, and
//! only to count them. Matching never calls it. Reports are computed on demand and on a
//! schedule, and kept (aggregates only) to show trends.

use chrono::NaiveDate;
use skillbridge_auth::CurrentUser;
use skillbridge_domain::fairness::{FairnessReport, FunnelPerson, funnel_rates, furthest_stages};
use skillbridge_domain::statistics::check_period;
use skillbridge_domain::{Page, PageRequest, ProfileId, clock, policy};
use uuid::Uuid;

use crate::matching::findable_among;
use crate::{App, ServiceError, ServiceResult};

/// How far back a scheduled report looks.
pub const SCHEDULED_PERIOD_DAYS: i64 = 365;

impl App {
    /// Computes and keeps the fairness report of `from` to `until`, for an administrator.
    pub async fn recompute_fairness(
        &self,
        user: &CurrentUser,
        from: NaiveDate,
        until: NaiveDate,
    ) -> ServiceResult<FairnessReport> {
        require_admin(user)?;
        check_period(from, until)?;
        self.compute_fairness_report(from, until).await
    }

    /// The kept fairness reports, newest first, for an administrator.
    pub async fn fairness_reports(
        &self,
        user: &CurrentUser,
        page: &PageRequest,
    ) -> ServiceResult<Page<FairnessReport>> {
        require_admin(user)?;
        Ok(self.store.fairness_reports(page).await?)
    }

    /// A kept report, for an administrator (none for anyone else).
    pub async fn visible_fairness_report(
        &self,
        user: &CurrentUser,
        id: Uuid,
    ) -> ServiceResult<Option<FairnessReport>> {
        if !policy::may_monitor_fairness(user.role) {
            return Ok(None);
        }
        Ok(self.store.fairness_report(id).await?)
    }

    /// The scheduled computation: the report of the last year, unless one was computed
    /// less than `every` ago (by this process or another replica).
    pub async fn scheduled_fairness_report(
        &self,
        every: chrono::Duration,
    ) -> ServiceResult<Option<FairnessReport>> {
        let latest = self
            .store
            .fairness_reports(&PageRequest {
                first: 1,
                after: None,
            })
            .await?;
        let now = clock::now();
        if latest
            .items
            .first()
            .is_some_and(|(_, r)| now - r.computed_at < every)
        {
            return Ok(None);
        }
        let until = clock::today();
        let from = until - chrono::Duration::days(SCHEDULED_PERIOD_DAYS - 1);
        self.compute_fairness_report(from, until).await.map(Some)
    }

    /// The funnel of the people who consent to ANALYTICS and either employers may find
    /// now or reached a stage in the period, counted by group under k-anonymity, and kept.
    async fn compute_fairness_report(
        &self,
        from: NaiveDate,
        until: NaiveDate,
    ) -> ServiceResult<FairnessReport> {
        let today = clock::today();
        let furthest = furthest_stages(self.store.funnel_steps(from, until).await?);
        let everyone: Vec<ProfileId> = self.store.profiles_in_region(None).await?;
        let counted = self.counted_people(&everyone).await?;
        let findable = findable_among(&self.store, &counted).await?;
        let funnel: Vec<FunnelPerson> = counted
            .iter()
            .filter(|p| findable.contains(&p.id) || furthest.contains_key(&p.id))
            .map(|p| FunnelPerson::of(&p.details, furthest.get(&p.id).copied(), today))
            .collect();
        let report = FairnessReport {
            id: Uuid::now_v7(),
            computed_at: clock::now(),
            from,
            until,
            min_group: self.min_group.get(),
            stages: funnel_rates(&funnel, self.min_group),
        };
        self.store.save_fairness_report(&report).await?;
        Ok(report)
    }
}

fn require_admin(user: &CurrentUser) -> ServiceResult<()> {
    if policy::may_monitor_fairness(user.role) {
        Ok(())
    } else {
        Err(ServiceError::Forbidden(
            "fairness monitoring is for administrators",
        ))
    }
}
