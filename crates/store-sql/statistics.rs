// What public statistics read: placements with their vacancy's occupation and place, and
// the days enrolments were completed.

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use skillbridge_domain::statistics::{PlacementRecord, StatisticsRepository};
use skillbridge_domain::{ProfileId, StoreResult};
use sqlx::FromRow;
use uuid::Uuid;

use crate::dialect::DbStore;
use crate::error::store_error;

#[derive(FromRow)]
struct PlacementRecordRow {
    profile_id: Uuid,
    starts_on: NaiveDate,
    occupation_uri: Option<String>,
    isco_code: Option<String>,
    country_code: Option<String>,
    region_code: Option<String>,
}

/// Whole days in UTC: the first instant of `from` and of the day after `until`, for
/// `at >= start AND at < end`.
pub(crate) fn day_bounds(
    from: NaiveDate,
    until: NaiveDate,
) -> (Option<DateTime<Utc>>, Option<DateTime<Utc>>) {
    let start = from.and_hms_opt(0, 0, 0).map(|t| t.and_utc());
    let end = until
        .succ_opt()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|t| t.and_utc());
    (start, end)
}

#[async_trait]
impl StatisticsRepository for DbStore {
    async fn placements_starting(
        &self,
        from: NaiveDate,
        until: NaiveDate,
    ) -> StoreResult<Vec<PlacementRecord>> {
        let rows: Vec<PlacementRecordRow> = sqlx::query_as(
            "SELECT p.profile_id, p.starts_on, o.uri AS occupation_uri, v.isco_code,
                    v.country_code, v.region_code
               FROM placements p
               JOIN vacancies v ON v.id = p.vacancy_id
               LEFT JOIN occupations o ON o.id = v.occupation_id
              WHERE p.starts_on >= $1 AND p.starts_on <= $2
              ORDER BY p.starts_on, p.id",
        )
        .bind(from)
        .bind(until)
        .fetch_all(self.pool())
        .await
        .map_err(store_error)?;
        Ok(rows
            .into_iter()
            .map(|r| PlacementRecord {
                profile_id: ProfileId::from_uuid(r.profile_id),
                starts_on: r.starts_on,
                occupation_uri: r.occupation_uri,
                isco_code: r.isco_code,
                country_code: r.country_code,
                region_code: r.region_code,
            })
            .collect())
    }

    async fn completions_between(
        &self,
        from: NaiveDate,
        until: NaiveDate,
    ) -> StoreResult<Vec<(ProfileId, NaiveDate)>> {
        let (start, end) = day_bounds(from, until);
        let rows: Vec<(Uuid, DateTime<Utc>)> = sqlx::query_as(
            "SELECT e.profile_id, x.at
               FROM enrolment_events x
               JOIN enrolments e ON e.id = x.enrolment_id
              WHERE x.status = 'COMPLETED' AND e.status = 'COMPLETED'
                AND x.at >= $1 AND x.at < $2
              ORDER BY x.at, x.id",
        )
        .bind(start.map(|t| crate::dialect::timestamp(&t)))
        .bind(end.map(|t| crate::dialect::timestamp(&t)))
        .fetch_all(self.pool())
        .await
        .map_err(store_error)?;
        Ok(rows
            .into_iter()
            .map(|(profile, at)| (ProfileId::from_uuid(profile), at.date_naive()))
            .collect())
    }
}
