// Keyset paging, newest first, over tables whose ids are UUID v7: their order is creation
// order on both databases, so the id alone is the cursor.

use skillbridge_domain::{Page, PageRequest, Position, StoreError, StoreResult};
use sqlx::QueryBuilder;
use uuid::Uuid;

use crate::dialect::Db;

/// Appends the cursor condition, the order and the limit (one row more than the page, to
/// learn whether another page follows). The query must already end in a `WHERE` clause.
pub(crate) fn push_newest_first(
    qb: &mut QueryBuilder<'_, Db>,
    page: &PageRequest,
    what: &str,
) -> StoreResult<()> {
    if let Some(after) = &page.after {
        let after: Uuid = after
            .key
            .parse()
            .map_err(|_| StoreError::Internal(format!("a {what} cursor holds no id").into()))?;
        qb.push(" AND id < ").push_bind(after);
    }
    qb.push(" ORDER BY id DESC LIMIT ")
        .push_bind(page.first as i64 + 1);
    Ok(())
}

/// Turns the rows of a `push_newest_first` query into a page.
pub(crate) fn newest_first_page<T>(
    rows: Vec<T>,
    page: &PageRequest,
    total: i64,
    id: impl Fn(&T) -> Uuid,
) -> Page<T> {
    let has_next_page = rows.len() > page.first;
    Page {
        items: rows
            .into_iter()
            .take(page.first)
            .map(|item| {
                let position = Position {
                    key: id(&item).to_string(),
                    tiebreak: String::new(),
                };
                (position, item)
            })
            .collect(),
        has_next_page,
        total_count: total.max(0) as u64,
    }
}
