// What insights read: the skills open vacancies ask for, aggregated in the database, and
// the profiles of a region.

use async_trait::async_trait;
use skillbridge_domain::insights::{DemandRecord, InsightsRepository};
use skillbridge_domain::shortage::{EU_MEMBERS, Region};
use skillbridge_domain::{ProfileId, SkillId, StoreResult};
use sqlx::{FromRow, QueryBuilder};
use uuid::Uuid;

use crate::dialect::{Db, DbStore};
use crate::error::store_error;

#[derive(FromRow)]
struct DemandRow {
    skill_id: Uuid,
    occupation_uri: Option<String>,
    isco_code: Option<String>,
    country_code: Option<String>,
    region_code: Option<String>,
    vacancies: i64,
    essential: i64,
}

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
    async fn skill_demand(&self, region: Option<&Region>) -> StoreResult<Vec<DemandRecord>> {
        let mut qb = QueryBuilder::<Db>::new(
            "SELECT vs.skill_id, o.uri AS occupation_uri, v.isco_code, v.country_code,
                    v.region_code, COUNT(*) AS vacancies,
                    SUM(CASE WHEN vs.requirement = 'ESSENTIAL' THEN 1 ELSE 0 END) AS essential
               FROM vacancy_skills vs
               JOIN vacancies v ON v.id = vs.vacancy_id
               LEFT JOIN occupations o ON o.id = v.occupation_id
              WHERE v.status = 'OPEN'",
        );
        push_region(&mut qb, "v", region);
        qb.push(
            " GROUP BY vs.skill_id, o.uri, v.isco_code, v.country_code, v.region_code
              ORDER BY vs.skill_id",
        );
        let rows: Vec<DemandRow> = qb
            .build_query_as()
            .fetch_all(self.pool())
            .await
            .map_err(store_error)?;
        Ok(rows
            .into_iter()
            .map(|r| DemandRecord {
                skill: SkillId::from_uuid(r.skill_id),
                occupation_uri: r.occupation_uri,
                isco_code: r.isco_code,
                country_code: r.country_code,
                region_code: r.region_code,
                vacancies: u64::try_from(r.vacancies).unwrap_or(0),
                essential: u64::try_from(r.essential).unwrap_or(0),
            })
            .collect())
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
