// What search reads of the database: the changes to searchable documents, recorded in the
// change stream by the transaction that makes them; each search index's position in that
// stream; and the documents to build an index from.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use skillbridge_domain::StoreResult;
use skillbridge_domain::events::{ChangePosition, Event};
use skillbridge_domain::search::{DocumentKind, SearchSourceRepository, SearchText};
use sqlx::QueryBuilder;
use uuid::Uuid;

use crate::batch::{push_uuids, rows_for_ids};
use crate::dialect::{Db, DbStore, timestamp};
use crate::error::store_error;
use crate::events::record_changes;

/// Documents named by one change: an import of thousands records several.
const IDS_PER_CHANGE: usize = 500;

/// Records on `conn`, inside the caller's transaction, that what search shows of the
/// documents `ids` of `kind` changed: the change and the write commit together or not at
/// all.
pub(crate) async fn search_documents_changed(
    conn: &mut <Db as sqlx::Database>::Connection,
    kind: DocumentKind,
    ids: &[Uuid],
    now: DateTime<Utc>,
) -> StoreResult<()> {
    let events: Vec<Event> = ids
        .chunks(IDS_PER_CHANGE)
        .map(|chunk| Event::SearchDocuments {
            document_kind: kind,
            ids: chunk.to_vec(),
        })
        .collect();
    record_changes(conn, &events, now).await
}

/// The course of `cohort` changed (its cohorts, or the seats given out in one).
pub(crate) async fn course_of_cohort_changed(
    conn: &mut <Db as sqlx::Database>::Connection,
    cohort: Uuid,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    let courses: Vec<Uuid> = sqlx::query_scalar("SELECT course_id FROM cohorts WHERE id = $1")
        .bind(cohort)
        .fetch_all(&mut *conn)
        .await
        .map_err(store_error)?;
    search_documents_changed(conn, DocumentKind::Course, &courses, now).await
}

/// Every document of `kind` changed (a change they all depend on: a shortage list, labels).
pub(crate) async fn every_search_document_changed(
    conn: &mut <Db as sqlx::Database>::Connection,
    kind: DocumentKind,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    record_changes(
        conn,
        &[Event::SearchKind {
            document_kind: kind,
        }],
        now,
    )
    .await
}

/// The table holding the documents of `kind`.
fn table_of(kind: DocumentKind) -> &'static str {
    match kind {
        DocumentKind::Skill => "skills",
        DocumentKind::Occupation => "occupations",
        DocumentKind::Vacancy => "vacancies",
        DocumentKind::Course => "courses",
        DocumentKind::Organisation => "organisations",
    }
}

#[async_trait]
impl SearchSourceRepository for DbStore {
    async fn search_position(&self, index: &str) -> StoreResult<Option<ChangePosition>> {
        let row: Option<(i64, i64)> =
            sqlx::query_as("SELECT tx, seq FROM search_positions WHERE search_index = $1")
                .bind(index)
                .fetch_optional(self.pool())
                .await
                .map_err(store_error)?;
        Ok(row.map(|(transaction, sequence)| ChangePosition {
            transaction,
            sequence,
        }))
    }

    async fn save_search_position(
        &self,
        index: &str,
        position: ChangePosition,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO search_positions (search_index, tx, seq, updated_at) VALUES ($1, $2, $3, $4)
             ON CONFLICT (search_index) DO UPDATE SET tx = excluded.tx, seq = excluded.seq,
                 updated_at = excluded.updated_at
             WHERE search_positions.tx < excluded.tx
                OR (search_positions.tx = excluded.tx AND search_positions.seq < excluded.seq)",
        )
        .bind(index)
        .bind(position.transaction)
        .bind(position.sequence)
        .bind(timestamp(&now))
        .execute(self.pool())
        .await
        .map_err(store_error)?;
        Ok(())
    }

    async fn search_document_ids(
        &self,
        kind: DocumentKind,
        after: Option<Uuid>,
        limit: usize,
    ) -> StoreResult<Vec<Uuid>> {
        let table = table_of(kind);
        sqlx::query_scalar(&format!(
            "SELECT id FROM {table} WHERE ($1 IS NULL OR id > $1) ORDER BY id LIMIT $2"
        ))
        .bind(after)
        .bind(i64::try_from(limit).unwrap_or(i64::MAX))
        .fetch_all(self.pool())
        .await
        .map_err(store_error)
    }

    async fn concept_texts(
        &self,
        kind: DocumentKind,
        ids: &[Uuid],
    ) -> StoreResult<Vec<(Uuid, SearchText)>> {
        let (labels, alternative, owner) = match kind {
            DocumentKind::Skill => ("skill_labels", "skill_alt_labels", "skill_id"),
            DocumentKind::Occupation => (
                "occupation_labels",
                "occupation_alt_labels",
                "occupation_id",
            ),
            _ => return Ok(Vec::new()),
        };
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let preferred: Vec<(Uuid, String, String)> = rows_for_ids(
            self.pool(),
            &format!("SELECT {owner}, lang, preferred_label FROM {labels} WHERE {owner}"),
            ids.iter().copied(),
            &format!("{owner}, lang"),
        )
        .await?;
        // Alternative and hidden labels: ESCO's hidden labels (other names, common
        // misspellings: "urologist" for "specialised doctor") are for search, not display.
        let mut qb = QueryBuilder::<Db>::new(format!(
            "SELECT {owner}, lang, label FROM {alternative} WHERE {owner} IN "
        ));
        push_uuids(&mut qb, ids.iter().copied());
        qb.push(format!(" ORDER BY {owner}, lang, label"));
        let alternative: Vec<(Uuid, String, String)> = qb
            .build_query_as()
            .fetch_all(self.pool())
            .await
            .map_err(store_error)?;
        let text = |(id, lang, text): (Uuid, String, String), primary| {
            (
                id,
                SearchText {
                    text,
                    lang: Some(lang),
                    primary,
                },
            )
        };
        Ok(preferred
            .into_iter()
            .map(|row| text(row, true))
            .chain(alternative.into_iter().map(|row| text(row, false)))
            .collect())
    }
}
