//! The index's schema: one document per searchable record of any kind, keyed by kind and
//! id, with its texts as analysed terms, its facet and filter values, its numbers and a
//! payload the ranking decodes.

use std::collections::HashMap;

use skillbridge_domain::search::{DocumentKind, NUMBER_FIELDS};
use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STRING, Schema, TextFieldIndexing, TextOptions,
};
use uuid::Uuid;

/// Bump when the schema or what documents hold changes (5: concepts' hidden labels; 6:
/// American words indexed with their British ones; 7: organisations): an index of another
/// version is rebuilt.
pub(crate) const SCHEMA_VERSION: &str = "7";

#[derive(Clone, Copy)]
pub(crate) struct Fields {
    pub(crate) key: Field,
    pub(crate) kind: Field,
    /// The terms of primary and other texts, one pair of fields per kind of document (in
    /// the order of `DocumentKind::ALL`), so a term's document frequency is its kind's.
    pub(crate) texts: [(Field, Field); DocumentKind::ALL.len()],
    /// The id and texts as JSON, in a column: ranking reads it for many candidates, and a
    /// column read is far cheaper than the document store.
    pub(crate) payload: Field,
    pub(crate) keywords: Field,
    pub(crate) lat: Field,
    pub(crate) lon: Field,
}

pub(crate) fn schema() -> (Schema, Fields, HashMap<&'static str, Field>) {
    let mut b = Schema::builder();
    let fields = Fields {
        key: b.add_text_field("key", STRING),
        kind: b.add_text_field("kind", STRING),
        texts: std::array::from_fn(|i| {
            // Terms as given (already analysed), without length norms: a concept with many
            // labels is no less a match for a word one of them holds; the domain's rule
            // judges how well each text matches.
            let terms = TextOptions::default().set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer("raw")
                    .set_index_option(IndexRecordOption::Basic)
                    .set_fieldnorms(false),
            );
            let kind = DocumentKind::ALL[i].code().to_lowercase();
            (
                b.add_text_field(&format!("primary_{kind}"), terms.clone()),
                b.add_text_field(&format!("other_{kind}"), terms),
            )
        }),
        payload: b.add_bytes_field("payload", FAST),
        keywords: b.add_text_field("kw", STRING | FAST),
        lat: b.add_f64_field("lat", INDEXED | FAST),
        lon: b.add_f64_field("lon", INDEXED | FAST),
    };
    let numbers = NUMBER_FIELDS
        .iter()
        .map(|name| (*name, b.add_i64_field(&format!("n_{name}"), INDEXED | FAST)))
        .collect();
    (b.build(), fields, numbers)
}

impl Fields {
    /// The primary and other text fields of a kind.
    pub(crate) fn text(&self, kind: DocumentKind) -> (Field, Field) {
        let i = DocumentKind::ALL
            .iter()
            .position(|k| *k == kind)
            .unwrap_or_default();
        self.texts[i]
    }
}

pub(crate) fn key(kind: DocumentKind, id: &Uuid) -> String {
    format!("{}:{id}", kind.code())
}
