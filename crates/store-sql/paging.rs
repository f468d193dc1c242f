// Keyset paging in creation order: by when each row was created, then by id, so deep
// pages cost the same as the first and rows written meanwhile neither repeat nor vanish.

use chrono::{DateTime, Utc};
use skillbridge_domain::{Order, Page, PageRequest, Position, StoreError, StoreResult};
use sqlx::{FromRow, QueryBuilder};
use uuid::Uuid;

use crate::dialect::{Db, DbStore, timestamp};
use crate::error::store_error;

/// The columns a listing in creation order sorts on, qualified when the query joins.
pub(crate) struct Created<'a> {
    pub at: &'a str,
    pub id: &'a str,
}

/// Appends the cursor condition, the order and the limit (one row more than the page, to
/// learn whether another page follows). The query must already end in a `WHERE` clause.
pub(crate) fn push_keyset(
    qb: &mut QueryBuilder<'_, Db>,
    page: &PageRequest,
    columns: &Created<'_>,
    order: Order,
    what: &str,
) -> StoreResult<()> {
    let Created { at, id } = columns;
    let (after_op, direction) = match order {
        Order::NewestFirst => ("<", "DESC"),
        Order::OldestFirst => (">", "ASC"),
    };
    if let Some(after) = &page.after {
        let (after_at, after_id) = after.creation().ok_or_else(|| {
            StoreError::Internal(format!("a {what} cursor holds no creation position").into())
        })?;
        qb.push(format!(" AND ({at} {after_op} "))
            .push_bind(timestamp(&after_at))
            .push(format!(" OR ({at} = "))
            .push_bind(timestamp(&after_at))
            .push(format!(" AND {id} {after_op} "))
            .push_bind(after_id)
            .push("))");
    }
    qb.push(format!(
        " ORDER BY {at} {direction}, {id} {direction} LIMIT "
    ))
    .push_bind(page.first as i64 + 1);
    Ok(())
}

/// Turns the rows of a `push_keyset` query into a page; `created` tells when each row
/// was created and its id.
pub(crate) fn keyset_page<T>(
    rows: Vec<T>,
    page: &PageRequest,
    total: i64,
    created: impl Fn(&T) -> (DateTime<Utc>, Uuid),
) -> Page<T> {
    let has_next_page = rows.len() > page.first;
    Page {
        items: rows
            .into_iter()
            .take(page.first)
            .map(|item| {
                let (at, id) = created(&item);
                (Position::created(at, id), item)
            })
            .collect(),
        has_next_page,
        total_count: total.max(0) as u64,
    }
}

/// A listing of one owner's rows (a person's applications, a cohort's enrolments).
pub(crate) struct Listing<'a> {
    /// `SELECT … FROM …` without a `WHERE`.
    pub select: &'a str,
    /// The columns it sorts on.
    pub created: Created<'a>,
    /// The column naming the owner.
    pub owner: &'a str,
    /// What is listed, for errors.
    pub what: &'a str,
}

impl DbStore {
    /// One page of the owner's rows in `order`, with how many there are in all.
    pub(crate) async fn list_page<R>(
        &self,
        listing: &Listing<'_>,
        owner: Uuid,
        order: Order,
        page: &PageRequest,
        created: impl Fn(&R) -> (DateTime<Utc>, Uuid),
    ) -> StoreResult<Page<R>>
    where
        R: for<'r> FromRow<'r, <Db as sqlx::Database>::Row> + Send + Unpin,
    {
        let Listing {
            select,
            created: columns,
            owner: owner_column,
            what,
        } = listing;
        let total: i64 = sqlx::query_scalar(&format!(
            "SELECT COUNT(*) FROM ({select} WHERE {owner_column} = $1) AS listed"
        ))
        .bind(owner)
        .fetch_one(self.pool())
        .await
        .map_err(store_error)?;
        let mut qb = QueryBuilder::new(format!("{select} WHERE {owner_column} = "));
        qb.push_bind(owner);
        push_keyset(&mut qb, page, columns, order, what)?;
        let rows: Vec<R> = qb
            .build_query_as::<R>()
            .fetch_all(self.pool())
            .await
            .map_err(store_error)?;
        Ok(keyset_page(rows, page, total, created))
    }
}
