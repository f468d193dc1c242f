// Batch reads by id: the one way the repositories build `IN (...)` lists and fetch the
// rows that belong to a set of parents (the DataLoaders' queries).

use skillbridge_domain::StoreResult;
use sqlx::query_builder::Separated;
use sqlx::{Database, FromRow, Pool, QueryBuilder};
use uuid::Uuid;

use crate::dialect::Db;
use crate::error::{store_error, write_error};

/// Pushes `(id, id, …)` for an `IN` list.
pub(crate) fn push_uuids(qb: &mut QueryBuilder<'_, Db>, ids: impl IntoIterator<Item = Uuid>) {
    qb.push("(");
    let mut list = qb.separated(", ");
    for id in ids {
        list.push_bind(id);
    }
    list.push_unseparated(")");
}

/// Runs `{select} IN (ids) ORDER BY {order_by}` and decodes each row as `R`; no query at all
/// for an empty id list. `select` ends with the column the ids are compared to.
pub(crate) async fn rows_for_ids<R>(
    pool: &Pool<Db>,
    select: &str,
    ids: impl ExactSizeIterator<Item = Uuid>,
    order_by: &str,
) -> StoreResult<Vec<R>>
where
    R: for<'r> FromRow<'r, <Db as Database>::Row> + Send + Unpin,
{
    if ids.len() == 0 {
        return Ok(Vec::new());
    }
    let mut qb = QueryBuilder::new(select);
    qb.push(" IN ");
    push_uuids(&mut qb, ids);
    qb.push(" ORDER BY ").push(order_by);
    qb.build_query_as()
        .fetch_all(pool)
        .await
        .map_err(store_error)
}

/// Inserts `rows` in one statement: `insert` names the table and its columns
/// (`INSERT INTO t (a, b) `) and `bind` binds one row's values; nothing for no rows. A row
/// naming what does not exist is `write_error`'s `what` referring to `referenced`.
pub(crate) async fn insert_values<T>(
    conn: &mut <Db as Database>::Connection,
    insert: &'static str,
    rows: &[T],
    bind: impl FnMut(Separated<'_, 'static, Db, &'static str>, &T),
    (what, referenced): (&'static str, &'static str),
) -> StoreResult<()> {
    if rows.is_empty() {
        return Ok(());
    }
    let mut qb = QueryBuilder::<Db>::new(insert);
    qb.push_values(rows, bind);
    qb.build()
        .execute(&mut *conn)
        .await
        .map_err(|err| write_error(err, what, referenced))?;
    Ok(())
}

/// Inserts one row per distinct code into a link table, with `insert` taking the parent id
/// as `$1` and the code as `$2`: the one way tracks, languages and support flags are written.
pub(crate) async fn insert_codes<'a>(
    conn: &mut <Db as Database>::Connection,
    insert: &str,
    parent: Uuid,
    codes: impl IntoIterator<Item = &'a str>,
) -> StoreResult<()> {
    let codes: std::collections::BTreeSet<&str> = codes.into_iter().collect();
    for code in &codes {
        sqlx::query(insert)
            .bind(parent)
            .bind(*code)
            .execute(&mut *conn)
            .await
            .map_err(store_error)?;
    }
    Ok(())
}
