//! Keyset pagination: a page starts after the last row the client saw, so deep pages cost
//! the same as the first.

use chrono::{DateTime, SecondsFormat, Utc};
use uuid::Uuid;

/// Where a row sits in an ordered listing: its sort key and a unique tiebreak (ordered
/// by key, then tiebreak, as text).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    pub key: String,
    pub tiebreak: String,
}

/// At most `first` rows after `after`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PageRequest {
    pub first: usize,
    pub after: Option<Position>,
}

/// One page: rows with their positions, whether more follow, and the total matching.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Page<T> {
    pub items: Vec<(Position, T)>,
    pub has_next_page: bool,
    pub total_count: u64,
}

/// The order of a listing in creation order: by when each row was created, then by id.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Order {
    NewestFirst,
    OldestFirst,
}

impl Position {
    /// The position of a row created `at` with `id` in a listing in creation order.
    pub fn created(at: DateTime<Utc>, id: Uuid) -> Self {
        Self {
            key: at.to_rfc3339_opts(SecondsFormat::Micros, true),
            tiebreak: id.to_string(),
        }
    }

    /// When the row was created and its id, if this is a position in a listing in
    /// creation order (`None` for a position of another listing).
    pub fn creation(&self) -> Option<(DateTime<Utc>, Uuid)> {
        let at = DateTime::parse_from_rfc3339(&self.key)
            .ok()?
            .with_timezone(&Utc);
        Some((at, self.tiebreak.parse().ok()?))
    }
}

impl PageRequest {
    /// Every row in one page, for readers that need the whole list (a person's data
    /// export, a subscription's snapshot): a limit both databases take.
    pub fn all() -> Self {
        Self {
            first: i32::MAX as usize,
            after: None,
        }
    }
}

impl<T> Page<T> {
    /// A page of an empty list.
    pub fn empty() -> Self {
        Page {
            items: Vec::new(),
            has_next_page: false,
            total_count: 0,
        }
    }

    /// A page of a list read whole (a person's placements, a course's cohorts): `rows` with
    /// their positions, put in `order` (oldest first: ascending positions), cut after
    /// `request.after`.
    pub fn of_list(mut rows: Vec<(Position, T)>, order: Order, request: &PageRequest) -> Self {
        rows.sort_by(|(a, _), (b, _)| match order {
            Order::OldestFirst => a.cmp(b),
            Order::NewestFirst => b.cmp(a),
        });
        let total_count = rows.len() as u64;
        let start = request.after.as_ref().map_or(0, |after| {
            rows.iter()
                .position(|(p, _)| match order {
                    Order::OldestFirst => p > after,
                    Order::NewestFirst => p < after,
                })
                .unwrap_or(rows.len())
        });
        let mut items: Vec<_> = rows.into_iter().skip(start).collect();
        let has_next_page = items.len() > request.first;
        items.truncate(request.first);
        Page {
            items,
            has_next_page,
            total_count,
        }
    }

    /// The rows without their positions.
    pub fn into_values(self) -> Vec<T> {
        self.items.into_iter().map(|(_, item)| item).collect()
    }

    /// The same page with each row converted, or the first conversion's error.
    pub fn try_map<U, E>(self, mut convert: impl FnMut(T) -> Result<U, E>) -> Result<Page<U>, E> {
        Ok(Page {
            items: self
                .items
                .into_iter()
                .map(|(position, item)| Ok((position, convert(item)?)))
                .collect::<Result<_, E>>()?,
            has_next_page: self.has_next_page,
            total_count: self.total_count,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_read_whole_are_paged_after_the_last_position_seen() {
        let at = |n: i64| Position {
            key: format!("2027-03-{n:02}"),
            tiebreak: n.to_string(),
        };
        let rows: Vec<_> = [3, 1, 2, 5, 4].into_iter().map(|n| (at(n), n)).collect();
        let first = |first, after| PageRequest { first, after };
        let page = Page::of_list(rows.clone(), Order::OldestFirst, &first(2, None));
        assert_eq!(page.clone().into_values(), [1, 2]);
        assert!(page.has_next_page);
        assert_eq!(page.total_count, 5);
        let next = Page::of_list(rows.clone(), Order::OldestFirst, &first(2, Some(at(2))));
        assert_eq!(next.into_values(), [3, 4]);
        let last = Page::of_list(rows.clone(), Order::OldestFirst, &first(2, Some(at(4))));
        assert_eq!(last.clone().into_values(), [5]);
        assert!(!last.has_next_page);
        let newest = Page::of_list(rows.clone(), Order::NewestFirst, &first(2, Some(at(4))));
        assert_eq!(newest.into_values(), [3, 2]);
        // A position between rows (the row it named is gone) still pages on from there.
        let gone = Position {
            key: "2027-03-02".into(),
            tiebreak: "9".into(),
        };
        let after_gone = Page::of_list(rows, Order::OldestFirst, &first(9, Some(gone)));
        assert_eq!(after_gone.into_values(), [3, 4, 5]);
    }

    #[test]
    fn creation_positions_round_trip_and_others_are_not_taken_for_them() {
        let at = DateTime::parse_from_rfc3339("2026-12-06T10:00:00.123456Z")
            .unwrap()
            .with_timezone(&Utc);
        let id = Uuid::now_v7();
        assert_eq!(Position::created(at, id).creation(), Some((at, id)));
        let label = Position {
            key: "nurse".into(),
            tiebreak: id.to_string(),
        };
        assert_eq!(label.creation(), None);
        let no_id = Position {
            key: Position::created(at, id).key,
            tiebreak: "x".into(),
        };
        assert_eq!(no_id.creation(), None);
    }
}
