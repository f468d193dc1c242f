// What insights read from the database: the profiles of a region, and the applications
// and placement check-ins of a period (demand and supply come from the census).

use std::collections::HashMap;

use async_trait::async_trait;
use chrono::NaiveDate;
use skillbridge_domain::follow_up::CheckInOutcome;
use skillbridge_domain::insights::{FlowRecord, FlowStage, InsightsRepository, RetentionRecord};
use skillbridge_domain::shortage::{EU_MEMBERS, Region};
use skillbridge_domain::vacancy::VacancyRepository;
use skillbridge_domain::{OccupationId, ProfileId, StoreError, StoreResult, VacancyId};
use sqlx::QueryBuilder;
use uuid::Uuid;

use crate::dialect::{Db, DbStore, timestamp};
use crate::error::store_error;
use crate::statistics::day_bounds;

/// ` AND <place> is in region`, for a table aliased `alias` with `country_code` and
/// `region_code` columns.
fn push_region(qb: &mut QueryBuilder<'_, Db>, alias: &str, region: Option<&Region>) {
    let Some(region) = region else {
        return;
    };
    let code = region.as_str().to_owned();
    if code == "EU" {
        qb.push(format!(" AND {alias}.country_code IN ("));
        let mut list = qb.separated(", ");
        for member in EU_MEMBERS {
            list.push_bind(member);
        }
        list.push_unseparated(")");
    } else if code.contains('-') {
        qb.push(format!(" AND {alias}.region_code = "));
        qb.push_bind(code);
    } else {
        qb.push(format!(" AND {alias}.country_code = "));
        qb.push_bind(code);
    }
}

#[async_trait]
impl InsightsRepository for DbStore {
    async fn application_flows(
        &self,
        region: Option<&Region>,
        from: NaiveDate,
        until: NaiveDate,
    ) -> StoreResult<Vec<FlowRecord>> {
        let (start, end) = day_bounds(from, until);
        let mut qb = QueryBuilder::<Db>::new(
            "SELECT a.profile_id, 'APPLIED' AS stage, v.occupation_id, v.id AS vacancy_id
               FROM applications a JOIN vacancies v ON v.id = a.vacancy_id
              WHERE a.created_at >= ",
        );
        qb.push_bind(start.map(|t| timestamp(&t)))
            .push(" AND a.created_at < ")
            .push_bind(end.map(|t| timestamp(&t)));
        push_region(&mut qb, "v", region);
        qb.push(
            " UNION ALL
             SELECT a.profile_id,
                    CASE x.status WHEN 'INTERVIEW' THEN 'INTERVIEWED' ELSE 'HIRED' END,
                    v.occupation_id, v.id
               FROM application_events x
               JOIN applications a ON a.id = x.application_id
               JOIN vacancies v ON v.id = a.vacancy_id
              WHERE x.status IN ('INTERVIEW', 'HIRED') AND x.at >= ",
        );
        qb.push_bind(start.map(|t| timestamp(&t)))
            .push(" AND x.at < ")
            .push_bind(end.map(|t| timestamp(&t)));
        push_region(&mut qb, "v", region);
        let rows: Vec<(Uuid, String, Option<Uuid>, Uuid)> = qb
            .build_query_as()
            .fetch_all(self.pool())
            .await
            .map_err(store_error)?;
        let mut vacancies: Vec<VacancyId> =
            rows.iter().map(|r| VacancyId::from_uuid(r.3)).collect();
        vacancies.sort();
        vacancies.dedup();
        let mut tracks: HashMap<VacancyId, Vec<_>> = HashMap::new();
        for (vacancy, track) in self.vacancy_tracks(&vacancies).await? {
            tracks.entry(vacancy).or_default().push(track);
        }
        rows.into_iter()
            .map(|(person, stage, occupation, vacancy)| {
                Ok(FlowRecord {
                    profile_id: ProfileId::from_uuid(person),
                    stage: FlowStage::from_code(&stage).ok_or_else(|| {
                        StoreError::Internal(format!("unknown flow stage {stage}").into())
                    })?,
                    occupation: occupation.map(OccupationId::from_uuid),
                    tracks: tracks
                        .get(&VacancyId::from_uuid(vacancy))
                        .cloned()
                        .unwrap_or_default(),
                })
            })
            .collect()
    }

    async fn retention_check_ins(
        &self,
        region: Option<&Region>,
        from: NaiveDate,
        until: NaiveDate,
    ) -> StoreResult<Vec<RetentionRecord>> {
        let mut qb = QueryBuilder::<Db>::new(
            "SELECT p.profile_id, c.months, c.outcome
               FROM placement_check_ins c
               JOIN placements p ON p.id = c.placement_id
               JOIN vacancies v ON v.id = p.vacancy_id
              WHERE p.starts_on >= ",
        );
        qb.push_bind(from)
            .push(" AND p.starts_on <= ")
            .push_bind(until);
        push_region(&mut qb, "v", region);
        qb.push(" ORDER BY p.starts_on, p.id");
        let rows: Vec<(Uuid, i32, String)> = qb
            .build_query_as()
            .fetch_all(self.pool())
            .await
            .map_err(store_error)?;
        rows.into_iter()
            .map(|(person, months, outcome)| {
                Ok(RetentionRecord {
                    profile_id: ProfileId::from_uuid(person),
                    months: u32::try_from(months).unwrap_or(0),
                    outcome: CheckInOutcome::from_code(&outcome).ok_or_else(|| {
                        StoreError::Internal(format!("unknown check-in outcome {outcome}").into())
                    })?,
                })
            })
            .collect()
    }

    async fn profiles_in_region(&self, region: Option<&Region>) -> StoreResult<Vec<ProfileId>> {
        let mut qb = QueryBuilder::<Db>::new("SELECT p.id FROM profiles p WHERE 1 = 1");
        push_region(&mut qb, "p", region);
        qb.push(" ORDER BY p.id");
        let ids: Vec<Uuid> = qb
            .build_query_scalar()
            .fetch_all(self.pool())
            .await
            .map_err(store_error)?;
        Ok(ids.into_iter().map(ProfileId::from_uuid).collect())
    }
}
