//! Keyset pagination: a page starts after the last row the client saw, so deep pages cost
//! the same as the first.

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
