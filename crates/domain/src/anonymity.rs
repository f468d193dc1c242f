//! Figures about people that never single anyone out: k-anonymity with complementary
//! suppression, the one rule for every statistic built from profiles (insights, fairness
//! monitoring, public statistics).
//!
//! A figure counts people. It is shown only when at least `k` people make it, and only
//! when no difference with another figure of the same answer is a group of fewer than `k`
//! (but more than none):
//! - in a **partition** (every person in exactly one cell, with the total shown), a cell
//!   suppressed alone could be recovered as the total minus the others; so while the
//!   suppressed cells add up to fewer than `k` people (but some), the smallest shown cells
//!   are suppressed as well, and a total under `k` suppresses everything;
//! - among **subsets** of one population (people holding each skill), a count is shown only
//!   when the people outside it are none or at least `k` too, so that the total minus the
//!   count reveals no small group.

use std::fmt;

/// `k` when nothing else is configured.
pub const DEFAULT_MIN_GROUP: u64 = 10;
/// The smallest `k` allowed.
pub const MIN_MIN_GROUP: u64 = 5;

/// The smallest group a shown figure may be built from (`k`), never below
/// [`MIN_MIN_GROUP`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MinGroup(u64);

impl MinGroup {
    /// `k`, or why it is refused.
    pub fn new(k: u64) -> Result<Self, String> {
        if k < MIN_MIN_GROUP {
            Err(format!(
                "the smallest group shown must be at least {MIN_MIN_GROUP} people (got {k})"
            ))
        } else {
            Ok(Self(k))
        }
    }

    pub fn get(self) -> u64 {
        self.0
    }
}

impl Default for MinGroup {
    fn default() -> Self {
        Self(DEFAULT_MIN_GROUP)
    }
}

/// A figure as published: the count, or withheld.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Figure {
    Shown(u64),
    Suppressed,
}

impl Figure {
    pub fn shown(self) -> Option<u64> {
        match self {
            Figure::Shown(n) => Some(n),
            Figure::Suppressed => None,
        }
    }
}

impl fmt::Display for Figure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Figure::Shown(n) => write!(f, "{n}"),
            Figure::Suppressed => f.write_str("suppressed"),
        }
    }
}

/// The figures of a partition: each cell's, in the order given, and the total's.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Partition<K> {
    pub cells: Vec<(K, Figure)>,
    pub total: Figure,
}

/// Publishes the counts of a partition of people (each person in exactly one cell):
/// cells under `k` are withheld, and then, while the withheld cells add up to some but
/// fewer than `k` people, the smallest shown cell too (the first of equals); a total
/// under `k` withholds every figure. Empty cells (nobody) are shown as 0.
pub fn protect_partition<K>(counts: Vec<(K, u64)>, k: MinGroup) -> Partition<K> {
    let k = k.get();
    let total: u64 = counts.iter().map(|(_, n)| n).sum();
    if total > 0 && total < k {
        return all_withheld(counts);
    }
    let mut withheld: Vec<bool> = counts.iter().map(|(_, n)| *n > 0 && *n < k).collect();
    let mut mass: u64 = counts
        .iter()
        .zip(&withheld)
        .filter(|(_, w)| **w)
        .map(|((_, n), _)| n)
        .sum();
    while mass > 0 && mass < k {
        let Some(next) = counts
            .iter()
            .enumerate()
            .filter(|(i, (_, n))| !withheld[*i] && *n > 0)
            .min_by_key(|(i, (_, n))| (*n, *i))
            .map(|(i, _)| i)
        else {
            break;
        };
        withheld[next] = true;
        mass += counts[next].1;
    }
    Partition {
        cells: counts
            .into_iter()
            .zip(withheld)
            .map(|((key, n), w)| {
                (
                    key,
                    if w {
                        Figure::Suppressed
                    } else {
                        Figure::Shown(n)
                    },
                )
            })
            .collect(),
        total: Figure::Shown(total),
    }
}

/// Publishes counts of subsets of one population of `total` people (a person may be in
/// several), with the total: a count is shown when it is 0, or when it and the people
/// outside it are each none or at least `k`; a total under `k` withholds everything.
pub fn protect_subsets<K>(counts: Vec<(K, u64)>, total: u64, k: MinGroup) -> Partition<K> {
    let k = k.get();
    let small = |n: u64| n > 0 && n < k;
    if small(total) {
        return all_withheld(counts);
    }
    Partition {
        cells: counts
            .into_iter()
            .map(|(key, n)| {
                let safe = n == 0 || !(small(n) || small(total.saturating_sub(n)));
                (
                    key,
                    if safe {
                        Figure::Shown(n)
                    } else {
                        Figure::Suppressed
                    },
                )
            })
            .collect(),
        total: Figure::Shown(total),
    }
}

/// Everything withheld (a total under `k`), but for cells of nobody.
fn all_withheld<K>(counts: Vec<(K, u64)>) -> Partition<K> {
    Partition {
        cells: counts
            .into_iter()
            .map(|(key, n)| {
                (
                    key,
                    if n == 0 {
                        Figure::Shown(0)
                    } else {
                        Figure::Suppressed
                    },
                )
            })
            .collect(),
        total: Figure::Suppressed,
    }
}

/// A single count of people, shown when none or at least `k`.
pub fn protect_count(n: u64, k: MinGroup) -> Figure {
    if n > 0 && n < k.get() {
        Figure::Suppressed
    } else {
        Figure::Shown(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use rand::{Rng, SeedableRng};

    fn k(n: u64) -> MinGroup {
        MinGroup::new(n).unwrap()
    }

    fn shown<K: Copy>(p: &Partition<K>) -> Vec<Option<u64>> {
        p.cells.iter().map(|(_, f)| f.shown()).collect()
    }

    #[test]
    fn k_is_never_below_five() {
        assert!(MinGroup::new(4).is_err());
        assert_eq!(MinGroup::default().get(), 10);
        assert_eq!(k(5).get(), 5);
    }

    #[test]
    fn a_small_cell_takes_the_next_smallest_with_it() {
        let p = protect_partition(vec![("a", 3), ("b", 40), ("c", 12), ("d", 0)], k(10));
        assert_eq!(shown(&p), vec![None, Some(40), None, Some(0)]);
        assert_eq!(p.total, Figure::Shown(55));
        // Two small cells that add up to k need nothing more.
        let p = protect_partition(vec![("a", 6), ("b", 40), ("c", 4)], k(10));
        assert_eq!(shown(&p), vec![None, Some(40), None]);
        // Nothing small: everything shown.
        let p = protect_partition(vec![("a", 10), ("b", 11)], k(10));
        assert_eq!(shown(&p), vec![Some(10), Some(11)]);
        // A total under k withholds it all.
        let p = protect_partition(vec![("a", 6), ("b", 3)], k(10));
        assert_eq!((shown(&p), p.total), (vec![None, None], Figure::Suppressed));
        assert_eq!(
            protect_partition(Vec::<(&str, u64)>::new(), k(10)).total,
            Figure::Shown(0)
        );
    }

    #[test]
    fn subsets_hide_small_complements_too() {
        let p = protect_subsets(
            vec![("care", 25), ("cooking", 3), ("driving", 27)],
            30,
            k(5),
        );
        assert_eq!(shown(&p), vec![Some(25), None, None]);
        let p = protect_subsets(vec![("care", 30), ("german", 0)], 30, k(5));
        assert_eq!(shown(&p), vec![Some(30), Some(0)]);
        assert_eq!(
            protect_subsets(vec![("care", 4)], 4, k(5)).total,
            Figure::Suppressed
        );
        assert_eq!(protect_count(4, k(5)), Figure::Suppressed);
        assert_eq!(protect_count(0, k(5)), Figure::Shown(0));
    }

    /// On random partitions: no shown cell, no total and no difference between the total
    /// and the sum of any shown cells is a group of 1 to k-1 people, and no withheld cell
    /// can be recovered (it is never the only one withheld).
    #[test]
    fn no_shown_figure_or_difference_reveals_a_small_group() {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(18);
        for _ in 0..5_000 {
            let min = k(rng.random_range(5..12));
            let counts: Vec<(usize, u64)> = (0..rng.random_range(1..8))
                .map(|i| {
                    let n = if rng.random_bool(0.4) {
                        rng.random_range(0..min.get())
                    } else {
                        rng.random_range(0..60)
                    };
                    (i, n)
                })
                .collect();
            let p = protect_partition(counts.clone(), min);
            let small = |n: u64| n > 0 && n < min.get();
            let shown_cells: Vec<u64> = p.cells.iter().filter_map(|(_, f)| f.shown()).collect();
            assert!(shown_cells.iter().all(|n| !small(*n)), "{counts:?} {p:?}");
            if let Figure::Shown(total) = p.total {
                assert!(!small(total));
                // Any selection of shown cells, subtracted from the total: the rest.
                for mask in 0..(1_u32 << shown_cells.len()) {
                    let picked: u64 = shown_cells
                        .iter()
                        .enumerate()
                        .filter(|(i, _)| mask & (1 << i) != 0)
                        .map(|(_, n)| n)
                        .sum();
                    assert!(!small(total - picked), "{counts:?} {p:?} mask {mask}");
                }
                let nonzero_withheld = p
                    .cells
                    .iter()
                    .zip(&counts)
                    .filter(|((_, f), (_, n))| *f == Figure::Suppressed && *n > 0)
                    .count();
                assert!(
                    nonzero_withheld != 1,
                    "a lone withheld cell: {counts:?} {p:?}"
                );
            } else {
                assert_eq!(
                    shown_cells.iter().filter(|n| **n > 0).count(),
                    0,
                    "{counts:?} {p:?}"
                );
            }
        }
    }
}
