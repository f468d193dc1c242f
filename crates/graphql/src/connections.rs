//! Connections, the one shape of every list that can grow without bound: `first` (20 by
//! default, 100 at most), `after` (a cursor from the same list), `pageInfo`, `totalCount`.

use async_graphql::SimpleObject;
use async_graphql::connection::{Connection, Edge};
use skillbridge_domain::{Page, PageRequest};

use crate::error::{ErrorCode, GqlError, GqlResult};
use crate::ids::{cursor, page_size, parse_cursor};

/// How many results a listing holds in all.
#[derive(SimpleObject)]
pub struct TotalCount {
    pub total_count: u64,
}

/// The page a client asked for with `first` and `after`, in a listing in creation order:
/// BAD_USER_INPUT for a cursor of another kind of listing.
pub fn page_request(first: Option<i32>, after: Option<&str>) -> GqlResult<PageRequest> {
    let after = after.map(parse_cursor).transpose()?;
    if after.as_ref().is_some_and(|a| a.creation().is_none()) {
        return Err(GqlError::new(
            ErrorCode::BadUserInput,
            "`after` is not a cursor from this listing",
        ));
    }
    Ok(PageRequest {
        first: page_size(first)?,
        after,
    })
}

/// The page a client asked for in a listing ordered by a key of its own (a start date, a
/// region and group), where any position may follow.
pub fn keyed_page_request(first: Option<i32>, after: Option<&str>) -> GqlResult<PageRequest> {
    Ok(PageRequest {
        first: page_size(first)?,
        after: after.map(parse_cursor).transpose()?,
    })
}

/// A list read whole, with each row's position, as a connection of `node`s in `order`.
pub fn listed_whole<T, N>(
    rows: Vec<(skillbridge_domain::Position, T)>,
    order: skillbridge_domain::Order,
    request: &PageRequest,
    node: impl Fn(T) -> N,
) -> Connection<String, N, TotalCount>
where
    N: async_graphql::OutputType,
{
    listed(Page::of_list(rows, order, request), request, node)
}

/// A stored page as a connection of `node`s, each edge with the default of its fields.
pub fn listed<T, N, E>(
    page: Page<T>,
    request: &PageRequest,
    node: impl Fn(T) -> N,
) -> Connection<String, N, TotalCount, E>
where
    N: async_graphql::OutputType,
    E: async_graphql::ObjectType + Default,
{
    let mut connection = Connection::with_additional_fields(
        request.after.is_some(),
        page.has_next_page,
        TotalCount {
            total_count: page.total_count,
        },
    );
    connection.edges = page
        .items
        .into_iter()
        .map(|(position, item)| {
            Edge::with_additional_fields(cursor(&position), node(item), E::default())
        })
        .collect();
    connection
}
