//! Skill search quality on the ESCO skills shipped as the starter taxonomy (English,
//! Spanish and French labels, preferred and alternative): for each English preferred label,
//! the exact label, the label with one typo in its longest word (of 5 letters or more), and
//! the first half of the label must find the skill in the top 5 for at least 95%, 85% and
//! 80% of skills.

use std::collections::HashMap;
use std::path::Path;

use skillbridge_domain::search::{
    DocumentKind, SearchDocument, SearchIndex, SearchRequest, SearchText,
};
use uuid::Uuid;

fn starter(file: &str) -> csv::Reader<std::fs::File> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../taxonomy/starter")
        .join(file);
    csv::Reader::from_path(path).expect("the starter taxonomy")
}

/// Skill URI → texts in every language.
fn documents() -> (Vec<SearchDocument>, Vec<(Uuid, String)>) {
    let mut ids: HashMap<String, Uuid> = HashMap::new();
    let mut texts: HashMap<Uuid, Vec<SearchText>> = HashMap::new();
    let mut english = Vec::new();
    for lang in ["en", "es", "fr"] {
        let mut reader = starter(&format!("skills_{lang}.csv"));
        let headers = reader.headers().unwrap().clone();
        let column = |name: &str| headers.iter().position(|h| h == name).unwrap();
        let (uri, preferred, alt) = (
            column("conceptUri"),
            column("preferredLabel"),
            column("altLabels"),
        );
        for record in reader.records() {
            let record = record.unwrap();
            let id = *ids
                .entry(record[uri].to_owned())
                .or_insert_with(Uuid::now_v7);
            let entry = texts.entry(id).or_default();
            entry.push(SearchText {
                text: record[preferred].to_owned(),
                lang: Some(lang.into()),
                primary: true,
            });
            for label in record[alt].lines().map(str::trim).filter(|l| !l.is_empty()) {
                entry.push(SearchText {
                    text: label.to_owned(),
                    lang: Some(lang.into()),
                    primary: false,
                });
            }
            if lang == "en" {
                english.push((id, record[preferred].to_owned()));
            }
        }
    }
    let documents = texts
        .into_iter()
        .map(|(id, texts)| SearchDocument {
            kind: DocumentKind::Skill,
            id,
            texts,
            keywords: vec![],
            numbers: vec![],
            location: None,
        })
        .collect();
    (documents, english)
}

/// The label with one letter changed in the middle of its longest word, if that word has
/// five letters or more.
fn with_typo(label: &str) -> Option<String> {
    let longest = label
        .split(' ')
        .filter(|w| w.chars().all(char::is_alphabetic))
        .max_by_key(|w| w.chars().count())?;
    let chars: Vec<char> = longest.chars().collect();
    if chars.len() < 5 {
        return None;
    }
    let middle = chars.len() / 2;
    let mut changed = chars.clone();
    changed[middle] = if chars[middle] == 'x' { 'q' } else { 'x' };
    let changed: String = changed.into_iter().collect();
    Some(label.replacen(longest, &changed, 1))
}

fn half(label: &str) -> String {
    let chars: Vec<char> = label.chars().collect();
    chars[..chars.len().div_ceil(2)].iter().collect()
}

async fn in_top_5(index: &dyn SearchIndex, id: Uuid, typed: &str) -> bool {
    let mut request = SearchRequest::new(DocumentKind::Skill);
    request.text = Some(typed.to_owned());
    request.limit = 5;
    let found = index.search(&request).await.unwrap();
    found.hits.iter().any(|h| h.id == id)
}

/// Indexes the starter skills in `index` (after clearing its skills) and checks the
/// shares; prints them.
pub async fn esco_accuracy(index: &dyn SearchIndex) {
    let (documents, english) = documents();
    index.clear(DocumentKind::Skill).await.unwrap();
    for batch in documents.chunks(2_000) {
        index.upsert(batch.to_vec()).await.unwrap();
    }
    let (mut exact, mut typo, mut typo_tried, mut prefix) = (0, 0, 0, 0);
    for (id, label) in &english {
        exact += usize::from(in_top_5(index, *id, label).await);
        if let Some(typed) = with_typo(label) {
            typo_tried += 1;
            typo += usize::from(in_top_5(index, *id, &typed).await);
        }
        prefix += usize::from(in_top_5(index, *id, &half(label)).await);
    }
    let share = |n: usize, of: usize| n as f64 / of as f64;
    let n = english.len();
    println!(
        "{n} skills: exact {:.1}%, one typo {:.1}% (of {typo_tried}), half prefix {:.1}%",
        100.0 * share(exact, n),
        100.0 * share(typo, typo_tried),
        100.0 * share(prefix, n)
    );
    assert!(n > 1_000, "the starter taxonomy has its skills");
    assert!(share(exact, n) >= 0.95);
    assert!(share(typo, typo_tried) >= 0.85);
    assert!(share(prefix, n) >= 0.80);
    index.clear(DocumentKind::Skill).await.unwrap();
}
