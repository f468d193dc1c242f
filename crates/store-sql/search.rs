// The search outbox: entries written in the same transaction as the change they report,
// claimed with a lease by the indexer, removed once delivered.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use skillbridge_domain::StoreResult;
use skillbridge_domain::search::{
    DocumentKind, OutboxEntry, OutboxLag, SearchOutboxRepository, SearchText,
};
use sqlx::{FromRow, QueryBuilder};
use uuid::Uuid;

use crate::batch::{push_uuids, rows_for_ids};
use crate::dialect::{Db, DbStore, FOR_CLAIM, begin_locked, timestamp};
use crate::error::{store_error, unknown_code};

/// Rows per INSERT when enqueuing many documents.
const ENQUEUE_ROWS: usize = 500;

/// Appends entries for `ids` on `conn`, inside the caller's transaction: the change and its
/// outbox entries commit together or not at all.
pub(crate) async fn enqueue_search_changes(
    conn: &mut <Db as sqlx::Database>::Connection,
    kind: DocumentKind,
    ids: &[Uuid],
    delete: bool,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    let operation = if delete { "DELETE" } else { "UPSERT" };
    for chunk in ids.chunks(ENQUEUE_ROWS) {
        let mut qb = QueryBuilder::<Db>::new(
            "INSERT INTO search_outbox (document_kind, document_id, operation, enqueued_at, available_at) ",
        );
        qb.push_values(chunk, |mut row, id| {
            row.push_bind(kind.code())
                .push_bind(*id)
                .push_bind(operation)
                .push_bind(timestamp(&now))
                .push_bind(timestamp(&now));
        });
        qb.build().execute(&mut *conn).await.map_err(store_error)?;
    }
    Ok(())
}

/// Appends an entry for each document of `kind` that `select` names (a query with one
/// column, `id`, and `$2` for its uuid parameter when there is one), inside the caller's
/// transaction.
async fn enqueue_selected(
    conn: &mut <Db as sqlx::Database>::Connection,
    kind: DocumentKind,
    select: &str,
    parameter: Option<Uuid>,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    let sql = format!(
        "INSERT INTO search_outbox (document_kind, document_id, operation, enqueued_at, available_at)
         SELECT '{}', selected.id, 'UPSERT', $1, $1 FROM ({select}) selected",
        kind.code()
    );
    let mut query = sqlx::query(&sql).bind(timestamp(&now));
    if let Some(parameter) = parameter {
        query = query.bind(parameter);
    }
    query.execute(&mut *conn).await.map_err(store_error)?;
    Ok(())
}

/// The course of `cohort` changed (its cohorts, or the seats given out in one).
pub(crate) async fn enqueue_course_of_cohort(
    conn: &mut <Db as sqlx::Database>::Connection,
    cohort: Uuid,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    enqueue_selected(
        conn,
        DocumentKind::Course,
        "SELECT course_id AS id FROM cohorts WHERE id = $2",
        Some(cohort),
        now,
    )
    .await
}

/// Every document of `kind` (a change they all depend on: a shortage list, labels).
pub(crate) async fn enqueue_every(
    conn: &mut <Db as sqlx::Database>::Connection,
    kind: DocumentKind,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    let select = format!("SELECT id FROM {}", table_of(kind));
    enqueue_selected(conn, kind, &select, None, now).await
}

/// The table holding the documents of `kind`.
fn table_of(kind: DocumentKind) -> &'static str {
    match kind {
        DocumentKind::Skill => "skills",
        DocumentKind::Occupation => "occupations",
        DocumentKind::Vacancy => "vacancies",
        DocumentKind::Course => "courses",
    }
}

#[derive(FromRow)]
struct EntryRow {
    id: i64,
    document_kind: String,
    document_id: Uuid,
    operation: String,
    attempts: i32,
}

fn push_ids(qb: &mut QueryBuilder<'_, Db>, ids: &[i64]) {
    qb.push("(");
    let mut list = qb.separated(", ");
    for id in ids {
        list.push_bind(*id);
    }
    list.push_unseparated(")");
}

#[async_trait]
impl SearchOutboxRepository for DbStore {
    async fn claim_search_changes(
        &self,
        limit: usize,
        now: DateTime<Utc>,
        lease_until: DateTime<Utc>,
    ) -> StoreResult<Vec<OutboxEntry>> {
        let mut tx = begin_locked(self.pool()).await.map_err(store_error)?;
        let rows: Vec<EntryRow> = sqlx::query_as(&format!(
            "SELECT id, document_kind, document_id, operation, attempts FROM search_outbox
             WHERE available_at <= $1 ORDER BY id LIMIT $2{FOR_CLAIM}"
        ))
        .bind(timestamp(&now))
        .bind(i64::try_from(limit).unwrap_or(i64::MAX))
        .fetch_all(&mut *tx)
        .await
        .map_err(store_error)?;
        if rows.is_empty() {
            tx.commit().await.map_err(store_error)?;
            return Ok(Vec::new());
        }
        let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
        let mut qb = QueryBuilder::<Db>::new("UPDATE search_outbox SET available_at = ");
        qb.push_bind(timestamp(&lease_until));
        qb.push(", attempts = attempts + 1 WHERE id IN ");
        push_ids(&mut qb, &ids);
        qb.build().execute(&mut *tx).await.map_err(store_error)?;
        tx.commit().await.map_err(store_error)?;
        rows.into_iter()
            .map(|r| {
                Ok(OutboxEntry {
                    id: r.id,
                    kind: DocumentKind::from_code(&r.document_kind)
                        .ok_or_else(|| unknown_code("document kind", &r.document_kind))?,
                    document_id: r.document_id,
                    delete: r.operation == "DELETE",
                    attempts: r.attempts + 1,
                })
            })
            .collect()
    }

    async fn release_search_claims(&self, now: DateTime<Utc>) -> StoreResult<u64> {
        let mut tx = begin_locked(self.pool()).await.map_err(store_error)?;
        let released =
            sqlx::query("UPDATE search_outbox SET available_at = $1 WHERE available_at > $1")
                .bind(timestamp(&now))
                .execute(&mut *tx)
                .await
                .map_err(store_error)?
                .rows_affected();
        tx.commit().await.map_err(store_error)?;
        Ok(released)
    }

    async fn complete_search_changes(&self, ids: &[i64]) -> StoreResult<()> {
        if ids.is_empty() {
            return Ok(());
        }
        let mut qb = QueryBuilder::<Db>::new("DELETE FROM search_outbox WHERE id IN ");
        push_ids(&mut qb, ids);
        qb.build().execute(self.pool()).await.map_err(store_error)?;
        Ok(())
    }

    async fn retry_search_changes(
        &self,
        ids: &[i64],
        error: &str,
        retry_at: DateTime<Utc>,
    ) -> StoreResult<()> {
        if ids.is_empty() {
            return Ok(());
        }
        let mut qb = QueryBuilder::<Db>::new("UPDATE search_outbox SET available_at = ");
        qb.push_bind(timestamp(&retry_at));
        qb.push(", last_error = ");
        qb.push_bind(error.chars().take(500).collect::<String>());
        qb.push(" WHERE id IN ");
        push_ids(&mut qb, ids);
        qb.build().execute(self.pool()).await.map_err(store_error)?;
        Ok(())
    }

    async fn search_outbox_lag(&self) -> StoreResult<OutboxLag> {
        let (pending, oldest): (i64, Option<DateTime<Utc>>) =
            sqlx::query_as("SELECT COUNT(*), MIN(enqueued_at) FROM search_outbox")
                .fetch_one(self.pool())
                .await
                .map_err(store_error)?;
        Ok(OutboxLag {
            pending: u64::try_from(pending).unwrap_or(0),
            oldest,
        })
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
