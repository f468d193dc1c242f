//! Text queries: the terms a typed query stands for (each word's exact forms, within its
//! typos, the last also as a prefix), how rare each is among the documents of a kind, and
//! the query with its filters that finds the candidates the domain's rule then ranks.

use skillbridge_domain::text_rank::Query as Typed;

use std::collections::HashMap;
use std::ops::Bound;
use std::sync::Arc;

use skillbridge_domain::search::{DocumentKind, Filter, SearchRequest, SearchResult};
use tantivy::Term;
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, DisjunctionMaxQuery, Occur, Query, RangeQuery, TermQuery,
};
use tantivy::schema::IndexRecordOption;

use crate::typo::{TypoQuery, TypoWord};
use crate::{TantivyIndex, failed};

impl TantivyIndex {
    /// How many documents of a kind hold each form, and how many there are.
    pub(crate) fn doc_freqs(
        &self,
        searcher: &tantivy::Searcher,
        kind: DocumentKind,
        forms: &[&str],
    ) -> SearchResult<(HashMap<String, usize>, usize)> {
        let f = self.fields;
        let of_kind = TermQuery::new(
            Term::from_field_text(f.kind, kind.code()),
            IndexRecordOption::Basic,
        );
        let docs = searcher
            .search(&of_kind, &tantivy::collector::Count)
            .map_err(failed)?;
        let (primary, other) = f.text(kind);
        let mut freqs = HashMap::new();
        for form in forms {
            let either: Vec<(Occur, Box<dyn Query>)> = [primary, other]
                .into_iter()
                .map(|field| {
                    let q: Box<dyn Query> = Box::new(TermQuery::new(
                        Term::from_field_text(field, form),
                        IndexRecordOption::Basic,
                    ));
                    (Occur::Should, q)
                })
                .collect();
            let n = searcher
                .search(&BooleanQuery::new(either), &tantivy::collector::Count)
                .map_err(failed)?;
            freqs.insert((*form).to_owned(), n);
        }
        Ok((freqs, docs))
    }

    /// Documents holding any typed word, each word counted once at its best: an exact
    /// form (scored by its rarity, primary texts first), or the word within its typos, or
    /// (weakly) a word of the same root.
    pub(crate) fn typed_words(&self, kind: DocumentKind, typed: &Typed) -> Box<dyn Query> {
        let (primary, other) = self.fields.text(kind);
        let mut any: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for t in typed.terms() {
            let mut ways: Vec<Box<dyn Query>> = Vec::new();
            let word = Arc::new(TypoWord::new(t.word, t.typos, t.prefix));
            let root = t
                .root
                .as_deref()
                .map(|r| Arc::new(TypoWord::new(r, 0, true)));
            for (field, boost) in [(primary, 2.0), (other, 1.0)] {
                let fuzzy: Box<dyn Query> = Box::new(TypoQuery::for_word(field, word.clone()));
                ways.push(Box::new(BoostQuery::new(fuzzy, boost * 0.2)));
                if let Some(root) = &root {
                    let related: Box<dyn Query> =
                        Box::new(TypoQuery::for_word(field, root.clone()));
                    ways.push(Box::new(BoostQuery::new(related, boost * 0.1)));
                }
                for form in &t.exact {
                    let exact = TermQuery::new(
                        Term::from_field_text(field, form),
                        IndexRecordOption::Basic,
                    );
                    ways.push(Box::new(BoostQuery::new(Box::new(exact), boost)));
                }
            }
            any.push((Occur::Should, Box::new(DisjunctionMaxQuery::new(ways))));
        }
        Box::new(BooleanQuery::new(any))
    }

    /// Documents holding any of the forms exactly (the words of a free text).
    pub(crate) fn any_form(&self, kind: DocumentKind, forms: &[&str]) -> Box<dyn Query> {
        let (primary, other) = self.fields.text(kind);
        let any: Vec<(Occur, Box<dyn Query>)> = forms
            .iter()
            .flat_map(|form| {
                [(primary, 2.0), (other, 1.0)].map(|(field, boost)| {
                    let exact: Box<dyn Query> = Box::new(TermQuery::new(
                        Term::from_field_text(field, form),
                        IndexRecordOption::Basic,
                    ));
                    let q: Box<dyn Query> = Box::new(BoostQuery::new(exact, boost));
                    (Occur::Should, q)
                })
            })
            .collect();
        Box::new(BooleanQuery::new(any))
    }

    /// The request's kind and filters, and `text` (a clause on the texts) when given.
    pub(crate) fn query(
        &self,
        request: &SearchRequest,
        text: Option<Box<dyn Query>>,
    ) -> SearchResult<Box<dyn Query>> {
        let f = self.fields;
        let term = |field, text: &str| Term::from_field_text(field, text);
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(
            Occur::Must,
            Box::new(TermQuery::new(
                term(f.kind, request.kind.code()),
                IndexRecordOption::Basic,
            )),
        )];
        if let Some(text) = text {
            clauses.push((Occur::Must, text));
        }
        for filter in &request.filters {
            match filter {
                Filter::AnyOf(field, values) => {
                    let any: Vec<(Occur, Box<dyn Query>)> = values
                        .iter()
                        .map(|v| {
                            let q: Box<dyn Query> = Box::new(TermQuery::new(
                                term(f.keywords, &format!("{field}={v}")),
                                IndexRecordOption::Basic,
                            ));
                            (Occur::Should, q)
                        })
                        .collect();
                    if any.is_empty() {
                        // One of nothing: nothing matches.
                        clauses.push((Occur::MustNot, Box::new(AllQuery)));
                    } else {
                        clauses.push((Occur::Must, Box::new(BooleanQuery::new(any))));
                    }
                }
                Filter::NoneOf(field, values) => {
                    for v in values {
                        clauses.push((
                            Occur::MustNot,
                            Box::new(TermQuery::new(
                                term(f.keywords, &format!("{field}={v}")),
                                IndexRecordOption::Basic,
                            )),
                        ));
                    }
                }
                Filter::AtLeast(name, value) => clauses.push((
                    Occur::Must,
                    Box::new(RangeQuery::new(
                        Bound::Included(Term::from_field_i64(self.number(name)?, *value)),
                        Bound::Unbounded,
                    )),
                )),
                Filter::AtMost(name, value) => clauses.push((
                    Occur::Must,
                    Box::new(RangeQuery::new(
                        Bound::Unbounded,
                        Bound::Included(Term::from_field_i64(self.number(name)?, *value)),
                    )),
                )),
            }
        }
        if let Some((centre, km)) = request.within {
            // A box around the circle narrows the candidates; the collector checks the
            // distance itself.
            let dlat = km / 111.0;
            let cos = centre.latitude.to_radians().cos().max(0.01);
            let dlon = (km / (111.0 * cos)).min(180.0);
            for (field, value, delta) in [
                (f.lat, centre.latitude, dlat),
                (f.lon, centre.longitude, dlon),
            ] {
                clauses.push((
                    Occur::Must,
                    Box::new(RangeQuery::new(
                        Bound::Included(Term::from_field_f64(field, value - delta)),
                        Bound::Included(Term::from_field_f64(field, value + delta)),
                    )),
                ));
            }
        }
        Ok(Box::new(BooleanQuery::new(clauses)))
    }
}
