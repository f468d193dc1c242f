// What fairness monitoring reads and keeps: who was shortlisted, the funnel steps of a
// period from the shortlists, contact requests and application events, and the computed
// reports (aggregates only, as JSON).

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use skillbridge_domain::fairness::{FairnessReport, FairnessRepository, FunnelStage};
use skillbridge_domain::{Order, Page, PageRequest, ProfileId, StoreError, StoreResult, VacancyId};
use sqlx::QueryBuilder;
use uuid::Uuid;

use crate::dialect::{Db, DbStore, timestamp};
use crate::error::{store_error, write_error};
use crate::paging::{Created, keyset_page, push_keyset};

/// The funnel stage an application event tells: the employer reviewed it (or turned it
/// down, which is a review too), interviewed (an offer follows an interview), hired.
const APPLICATION_STAGES: &str = "CASE x.status
        WHEN 'INTERVIEW' THEN 'INTERVIEWED' WHEN 'OFFER' THEN 'INTERVIEWED'
        WHEN 'HIRED' THEN 'HIRED' ELSE 'REVIEWED' END";

#[async_trait]
impl FairnessRepository for DbStore {
    async fn record_shortlisted(
        &self,
        vacancy: VacancyId,
        people: &[ProfileId],
        on: NaiveDate,
    ) -> StoreResult<()> {
        if people.is_empty() {
            return Ok(());
        }
        let mut qb = QueryBuilder::<Db>::new(
            "INSERT INTO shortlistings (profile_id, vacancy_id, first_on) ",
        );
        qb.push_values(people, |mut row, person| {
            row.push_bind(*person.as_uuid())
                .push_bind(*vacancy.as_uuid())
                .push_bind(on);
        });
        qb.push(" ON CONFLICT (profile_id, vacancy_id) DO NOTHING");
        qb.build()
            .execute(self.pool())
            .await
            .map_err(|err| write_error(err, "shortlisting", "profile"))?;
        Ok(())
    }

    async fn funnel_steps(
        &self,
        from: NaiveDate,
        until: NaiveDate,
    ) -> StoreResult<Vec<(ProfileId, FunnelStage)>> {
        let (start, end) = crate::statistics::day_bounds(from, until);
        let rows: Vec<(Uuid, String)> = sqlx::query_as(&format!(
            "SELECT profile_id, 'SHORTLISTED' FROM shortlistings
              WHERE first_on >= $1 AND first_on <= $2
             UNION ALL
             SELECT profile_id, 'CONTACTED' FROM contact_requests
              WHERE created_at >= $3 AND created_at < $4
             UNION ALL
             SELECT a.profile_id, {APPLICATION_STAGES}
               FROM application_events x
               JOIN applications a ON a.id = x.application_id
              WHERE x.status IN ('REVIEWED', 'REJECTED', 'INTERVIEW', 'OFFER', 'HIRED')
                AND x.at >= $3 AND x.at < $4"
        ))
        .bind(from)
        .bind(until)
        .bind(start.map(|t| timestamp(&t)))
        .bind(end.map(|t| timestamp(&t)))
        .fetch_all(self.pool())
        .await
        .map_err(store_error)?;
        rows.into_iter()
            .map(|(person, stage)| {
                let stage = FunnelStage::from_code(&stage).ok_or_else(|| {
                    StoreError::Internal(format!("unknown funnel stage {stage}").into())
                })?;
                Ok((ProfileId::from_uuid(person), stage))
            })
            .collect()
    }

    async fn save_fairness_report(&self, report: &FairnessReport) -> StoreResult<()> {
        let json =
            serde_json::to_string(report).map_err(|err| StoreError::Internal(Box::new(err)))?;
        sqlx::query(
            "INSERT INTO fairness_reports (id, computed_at, period_from, period_until, report)
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(report.id)
        .bind(timestamp(&report.computed_at))
        .bind(report.from)
        .bind(report.until)
        .bind(json)
        .execute(self.pool())
        .await
        .map_err(|err| write_error(err, "fairness report", "report"))?;
        Ok(())
    }

    async fn fairness_report(&self, id: Uuid) -> StoreResult<Option<FairnessReport>> {
        let json: Option<String> =
            sqlx::query_scalar("SELECT report FROM fairness_reports WHERE id = $1")
                .bind(id)
                .fetch_optional(self.pool())
                .await
                .map_err(store_error)?;
        json.map(|json| parse_report(&json)).transpose()
    }

    async fn fairness_reports(&self, page: &PageRequest) -> StoreResult<Page<FairnessReport>> {
        let total: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM fairness_reports")
            .fetch_one(self.pool())
            .await
            .map_err(store_error)?;
        let mut qb = QueryBuilder::<Db>::new(
            "SELECT id, computed_at, report FROM fairness_reports WHERE 1 = 1",
        );
        push_keyset(
            &mut qb,
            page,
            &Created {
                at: "computed_at",
                id: "id",
            },
            Order::NewestFirst,
            "fairness report",
        )?;
        let rows: Vec<(Uuid, DateTime<Utc>, String)> = qb
            .build_query_as()
            .fetch_all(self.pool())
            .await
            .map_err(store_error)?;
        let page = keyset_page(rows, page, total, |(id, at, _)| (*at, *id));
        page.try_map(|(_, _, json)| parse_report(&json))
    }
}

fn parse_report(json: &str) -> StoreResult<FairnessReport> {
    serde_json::from_str(json).map_err(|err| StoreError::Internal(Box::new(err)))
}
