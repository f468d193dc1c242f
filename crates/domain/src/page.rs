//! Keyset pagination: a page starts after the last row the client saw, so deep pages cost
//! the same as the first.

use chrono::{DateTime, SecondsFormat, Utc};
use uuid::Uuid;

/// Where a row sits in an ordered listing: its sort key and a unique tiebreak.
#[derive(Clone, Debug, PartialEq, Eq)]
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
