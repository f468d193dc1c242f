use async_trait::async_trait;
use chrono::NaiveDate;
use skillbridge_domain::shortage::{NewShortage, Region, Shortage};
use skillbridge_domain::{ShortageId, ShortageRepository, StoreResult};
use sqlx::{FromRow, QueryBuilder};
use uuid::Uuid;

use crate::dialect::{BYTEWISE, Db, DbStore, begin_locked};
use crate::error::{store_error, unknown_code};

#[derive(FromRow)]
struct ShortageRow {
    id: Uuid,
    region: String,
    isco_code: String,
    occupation_uri: String,
    occupation_label: String,
    severity: String,
    source: String,
    valid_from: NaiveDate,
    valid_to: Option<NaiveDate>,
}

const SHORTAGE_COLUMNS: &str = "id, region, isco_code, occupation_uri, occupation_label, severity, source, valid_from, valid_to";

impl TryFrom<ShortageRow> for Shortage {
    type Error = skillbridge_domain::StoreError;
    fn try_from(row: ShortageRow) -> Result<Self, Self::Error> {
        Ok(Shortage {
            id: ShortageId::from_uuid(row.id),
            entry: NewShortage {
                region: Region::parse(&row.region)
                    .map_err(|_| unknown_code("region", &row.region))?,
                isco_code: row.isco_code,
                occupation_uri: row.occupation_uri,
                occupation_label: row.occupation_label,
                severity: row.severity,
                source: row.source,
                valid_from: row.valid_from,
                valid_to: row.valid_to,
            },
        })
    }
}

#[async_trait]
impl ShortageRepository for DbStore {
    async fn upsert_shortages(&self, entries: &[NewShortage]) -> StoreResult<u64> {
        let mut tx = begin_locked(self.pool()).await.map_err(store_error)?;
        for chunk in entries.chunks(500) {
            let mut qb = QueryBuilder::<Db>::new(
                "INSERT INTO shortage_occupations (id, region, isco_code, occupation_uri, occupation_label, severity, source, valid_from, valid_to) ",
            );
            qb.push_values(chunk, |mut row, e| {
                row.push_bind(*ShortageId::new().as_uuid())
                    .push_bind(e.region.as_str().to_owned())
                    .push_bind(e.isco_code.clone())
                    .push_bind(e.occupation_uri.clone())
                    .push_bind(e.occupation_label.clone())
                    .push_bind(e.severity.clone())
                    .push_bind(e.source.clone())
                    .push_bind(e.valid_from)
                    .push_bind(e.valid_to);
            });
            qb.push(
                " ON CONFLICT (region, isco_code, occupation_uri, source, valid_from) DO UPDATE SET
                  occupation_label = excluded.occupation_label, severity = excluded.severity, valid_to = excluded.valid_to",
            );
            qb.build().execute(&mut *tx).await.map_err(store_error)?;
        }
        // Vacancies show whether their occupation is short: search re-reads them.
        crate::search::every_search_document_changed(
            &mut tx,
            skillbridge_domain::search::DocumentKind::Vacancy,
            skillbridge_domain::clock::now(),
        )
        .await?;
        tx.commit().await.map_err(store_error)?;
        Ok(entries.len() as u64)
    }

    async fn shortages_in(&self, regions: &[Region]) -> StoreResult<Vec<Shortage>> {
        if regions.is_empty() {
            return Ok(Vec::new());
        }
        let mut qb = QueryBuilder::<Db>::new(format!(
            "SELECT {SHORTAGE_COLUMNS} FROM shortage_occupations WHERE region IN ("
        ));
        let mut list = qb.separated(", ");
        for region in regions {
            list.push_bind(region.as_str().to_owned());
        }
        qb.push(format!(
            ") ORDER BY region{b}, isco_code{b}, occupation_uri{b}, valid_from, source{b}",
            b = BYTEWISE
        ));
        qb.build_query_as::<ShortageRow>()
            .fetch_all(self.pool())
            .await
            .map_err(store_error)?
            .into_iter()
            .map(Shortage::try_from)
            .collect()
    }

    async fn shortage_by_id(&self, id: ShortageId) -> StoreResult<Option<Shortage>> {
        sqlx::query_as::<_, ShortageRow>(&format!(
            "SELECT {SHORTAGE_COLUMNS} FROM shortage_occupations WHERE id = $1"
        ))
        .bind(id.as_uuid())
        .fetch_optional(self.pool())
        .await
        .map_err(store_error)?
        .map(Shortage::try_from)
        .transpose()
    }
}
