//! The collector every search runs: it keeps the best matches by the request's order
//! (within a radius, by a number field, nearest first, or tantivy's score), counts facet
//! values over every match, and decodes a kept document's id and texts once per segment.

use std::collections::HashMap;
use std::sync::Arc;

use skillbridge_domain::matching::GeoPoint;
use skillbridge_domain::search::{SearchError, SearchResult, SearchText};
use skillbridge_domain::text_rank::Decoded;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::StrColumn;
use tantivy::schema::Field;
use tantivy::{DocAddress, DocId, Score, SegmentOrdinal, SegmentReader};
use uuid::Uuid;

use crate::{SegmentCache, failed};

/// What the collector keeps of each match: how it sorts, and where it is.
#[derive(Clone, Copy)]
pub(crate) struct Candidate {
    pub(crate) key: f64,
    pub(crate) address: DocAddress,
}

pub(crate) struct Gather {
    pub(crate) within: Option<(GeoPoint, f64)>,
    /// The number field to sort by, largest first when `descending`.
    pub(crate) by_number: Option<(Field, String, bool)>,
    pub(crate) near: Option<GeoPoint>,
    /// The keyword fields to count values of.
    pub(crate) facets: Vec<String>,
    /// How many of the best matches to keep (all are counted).
    pub(crate) keep: usize,
}

/// Best first: by key, then by address (a stable order for equal keys).
fn best_first(a: &Candidate, b: &Candidate) -> std::cmp::Ordering {
    a.key.total_cmp(&b.key).then(a.address.cmp(&b.address))
}

/// Keeps the `keep` best candidates, in no particular order.
pub(crate) fn keep_best(candidates: &mut Vec<Candidate>, keep: usize) {
    if candidates.len() > keep {
        if keep > 0 {
            candidates.select_nth_unstable_by(keep - 1, best_first);
        }
        candidates.truncate(keep);
    }
}

/// The keyword values of the counted fields in one segment: each field's values are one
/// run of ordinals ("field=value" terms sort together), counted into `counts` from `slot`.
struct FacetRuns {
    /// (first ordinal, ordinal after the last, slot of the first).
    runs: Vec<(u64, u64, usize)>,
    /// The "field=value" term of each slot.
    terms: Vec<String>,
    counts: Vec<u32>,
}

impl FacetRuns {
    fn new(column: &StrColumn, fields: &[String]) -> tantivy::Result<Self> {
        let mut runs = Vec::new();
        let mut terms = Vec::new();
        for field in fields {
            // "=" sorts right before ">": the run of "field=..." ends before "field>".
            let mut stream = column
                .dictionary()
                .range()
                .ge(format!("{field}="))
                .lt(format!("{field}>"))
                .into_stream()?;
            let mut first = None;
            let mut last = 0;
            while stream.advance() {
                first.get_or_insert((stream.term_ord(), terms.len()));
                last = stream.term_ord();
                terms.push(String::from_utf8_lossy(stream.key()).into_owned());
            }
            if let Some((start, slot)) = first {
                runs.push((start, last + 1, slot));
            }
        }
        let counts = vec![0; terms.len()];
        Ok(Self {
            runs,
            terms,
            counts,
        })
    }

    fn count(&mut self, ord: u64) {
        for (start, end, slot) in &self.runs {
            if (*start..*end).contains(&ord) {
                self.counts[slot + (ord - start) as usize] += 1;
                return;
            }
        }
    }
}

pub(crate) struct GatherSegment {
    segment: SegmentOrdinal,
    lat: Option<tantivy::columnar::Column<f64>>,
    lon: Option<tantivy::columnar::Column<f64>>,
    number: Option<(tantivy::columnar::Column<i64>, bool)>,
    keywords: Option<StrColumn>,
    within: Option<(GeoPoint, f64)>,
    near: Option<GeoPoint>,
    candidates: Vec<Candidate>,
    facets: Option<FacetRuns>,
    keep: usize,
    matched: usize,
}

pub(crate) struct Gathered {
    /// The best matches, best first.
    pub(crate) candidates: Vec<Candidate>,
    /// How many documents matched.
    pub(crate) total: usize,
    pub(crate) facets: HashMap<String, usize>,
}

impl Collector for Gather {
    type Fruit = Gathered;
    type Child = GatherSegment;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<GatherSegment> {
        let fast = reader.fast_fields();
        let geo = self.within.is_some() || self.near.is_some();
        let keywords = if self.facets.is_empty() {
            None
        } else {
            fast.str("kw")?
        };
        Ok(GatherSegment {
            segment,
            lat: if geo { Some(fast.f64("lat")?) } else { None },
            lon: if geo { Some(fast.f64("lon")?) } else { None },
            number: match &self.by_number {
                Some((_, name, descending)) => Some((fast.i64(&format!("n_{name}"))?, *descending)),
                None => None,
            },
            facets: match (&keywords, self.facets.is_empty()) {
                (Some(column), false) => Some(FacetRuns::new(column, &self.facets)?),
                _ => None,
            },
            keywords,
            within: self.within,
            near: self.near,
            candidates: Vec::new(),
            keep: self.keep,
            matched: 0,
        })
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn merge_fruits(
        &self,
        fruits: Vec<(Vec<Candidate>, Vec<(String, usize)>, usize)>,
    ) -> tantivy::Result<Gathered> {
        let mut candidates = Vec::new();
        let mut total = 0;
        let mut facets: HashMap<String, usize> = HashMap::new();
        for (c, f, matched) in fruits {
            candidates.extend(c);
            total += matched;
            for (value, n) in f {
                *facets.entry(value).or_default() += n;
            }
        }
        keep_best(&mut candidates, self.keep);
        candidates.sort_by(best_first);
        Ok(Gathered {
            candidates,
            total,
            facets,
        })
    }
}

impl SegmentCollector for GatherSegment {
    type Fruit = (Vec<Candidate>, Vec<(String, usize)>, usize);

    fn collect(&mut self, doc: DocId, score: Score) {
        let place = match (&self.lat, &self.lon) {
            (Some(lat), Some(lon)) => match (lat.first(doc), lon.first(doc)) {
                (Some(latitude), Some(longitude)) => Some(GeoPoint {
                    latitude,
                    longitude,
                }),
                _ => None,
            },
            _ => None,
        };
        if let Some((centre, km)) = self.within
            && !place.is_some_and(|p| p.distance_km(centre) <= km)
        {
            return;
        }
        let key = if let Some((column, descending)) = &self.number {
            match column.first(doc) {
                Some(v) if *descending => -(v as f64),
                Some(v) => v as f64,
                None => f64::INFINITY,
            }
        } else if let Some(centre) = self.near {
            place.map_or(f64::INFINITY, |p| p.distance_km(centre))
        } else {
            -f64::from(score)
        };
        if let (Some(keywords), Some(facets)) = (&self.keywords, &mut self.facets) {
            for ord in keywords.term_ords(doc) {
                facets.count(ord);
            }
        }
        self.matched += 1;
        self.candidates.push(Candidate {
            key,
            address: DocAddress::new(self.segment, doc),
        });
        // Only the best `keep` can be asked for: trim now and then, in linear time.
        if self.candidates.len() >= 2 * self.keep.max(64) {
            keep_best(&mut self.candidates, self.keep);
        }
    }

    fn harvest(self) -> Self::Fruit {
        let facets = self
            .facets
            .map(|f| {
                f.terms
                    .into_iter()
                    .zip(f.counts)
                    .filter(|(_, n)| *n > 0)
                    .map(|(term, n)| (term, n as usize))
                    .collect()
            })
            .unwrap_or_default();
        let mut candidates = self.candidates;
        keep_best(&mut candidates, self.keep);
        (candidates, facets, self.matched)
    }
}

pub(crate) type Segments = Vec<(Option<tantivy::columnar::BytesColumn>, SegmentCache)>;

/// A matched document's id and texts, decoded once per segment and document.
pub(crate) fn stored(segments: &Segments, address: DocAddress) -> SearchResult<Arc<Decoded>> {
    let missing = || SearchError::Unavailable("a document without its payload".into());
    let (column, cache) = segments
        .get(address.segment_ord as usize)
        .ok_or_else(missing)?;
    let slot = cache.get(address.doc_id as usize).ok_or_else(missing)?;
    if let Some(decoded) = slot.get() {
        return Ok(decoded.clone());
    }
    let column = column.as_ref().ok_or_else(missing)?;
    let ord = column
        .term_ords(address.doc_id)
        .next()
        .ok_or_else(missing)?;
    let mut bytes = Vec::new();
    column.ord_to_bytes(ord, &mut bytes).map_err(failed)?;
    let (id, texts): (Uuid, Vec<(String, Option<String>, bool)>) =
        serde_json::from_slice(&bytes).map_err(failed)?;
    let texts = texts
        .into_iter()
        .map(|(text, lang, primary)| SearchText {
            text,
            lang,
            primary,
        })
        .collect();
    let decoded = Arc::new(Decoded::new(id, texts));
    Ok(slot.get_or_init(|| decoded).clone())
}
