//! Skill autocomplete at ESCO's size: 13,939 skills labelled in English, Spanish and French
//! (a preferred and two or three alternative labels each), made of the words of the real
//! ESCO labels in the starter taxonomy, so prefixes and typos meet realistic neighbours.
//!
//! `cargo bench -p skillbridge-search-tantivy --bench skill_search` prints the indexing
//! throughput, the latency of the first 600 queries (cold: documents decoded for ranking
//! on first use), then p50/p95/p99 over 600 other queries (exact labels, labels with one
//! typo, first halves of labels, 200 each; first page of 10), then runs criterion on a
//! typical prefix.

use std::hint::black_box;
use std::path::Path;
use std::time::Instant;

use criterion::Criterion;
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use skillbridge_domain::search::{
    DocumentKind, SearchDocument, SearchIndex, SearchRequest, SearchText,
};
use skillbridge_search_tantivy::TantivyIndex;
use uuid::Uuid;

const SKILLS: usize = 13_939;
const LANGS: [&str; 3] = ["en", "es", "fr"];

/// The words of the starter taxonomy's preferred labels in `lang`.
fn vocabulary(lang: &str) -> Vec<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../taxonomy/starter")
        .join(format!("skills_{lang}.csv"));
    let mut reader = csv::Reader::from_path(path).expect("the starter taxonomy");
    let column = reader
        .headers()
        .unwrap()
        .iter()
        .position(|h| h == "preferredLabel")
        .unwrap();
    let mut words: Vec<String> = reader
        .records()
        .flat_map(|r| {
            r.unwrap()[column]
                .split_whitespace()
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .collect();
    words.sort();
    words.dedup();
    words
}

fn label(rng: &mut ChaCha8Rng, words: &[String]) -> String {
    let n = rng.random_range(1..=4);
    (0..n)
        .map(|_| words.choose(rng).unwrap().as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

fn documents() -> (Vec<SearchDocument>, Vec<(Uuid, String)>) {
    let mut rng = ChaCha8Rng::seed_from_u64(1);
    let vocabularies: Vec<Vec<String>> = LANGS.iter().map(|l| vocabulary(l)).collect();
    let mut english = Vec::new();
    let documents = (0..SKILLS)
        .map(|_| {
            let id = Uuid::now_v7();
            let mut texts = Vec::new();
            for (lang, words) in LANGS.iter().zip(&vocabularies) {
                let preferred = label(&mut rng, words);
                if *lang == "en" {
                    english.push((id, preferred.clone()));
                }
                texts.push(SearchText {
                    text: preferred,
                    lang: Some((*lang).into()),
                    primary: true,
                });
                for _ in 0..rng.random_range(2..=3) {
                    texts.push(SearchText {
                        text: label(&mut rng, words),
                        lang: Some((*lang).into()),
                        primary: false,
                    });
                }
            }
            SearchDocument {
                kind: DocumentKind::Skill,
                id,
                texts,
                keywords: vec![("conceptKind".into(), "SKILL".into())],
                numbers: vec![],
                location: None,
            }
        })
        .collect();
    (documents, english)
}

fn typo(label: &str) -> String {
    let mut chars: Vec<char> = label.chars().collect();
    let middle = chars.len() / 2;
    if chars[middle].is_alphabetic() {
        chars[middle] = if chars[middle] == 'x' { 'q' } else { 'x' };
    }
    chars.into_iter().collect()
}

fn half(label: &str) -> String {
    let chars: Vec<char> = label.chars().collect();
    chars[..chars.len().div_ceil(2)].iter().collect()
}

fn request(typed: &str) -> SearchRequest {
    let mut request = SearchRequest::new(DocumentKind::Skill);
    request.text = Some(typed.to_owned());
    request.limit = 10;
    request
}

fn main() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let (documents, english) = documents();
    let texts: usize = documents.iter().map(|d| d.texts.len()).sum();
    let index = TantivyIndex::in_memory().unwrap();
    let start = Instant::now();
    runtime.block_on(async {
        for batch in documents.chunks(1_000) {
            index.upsert(batch.to_vec()).await.unwrap();
        }
    });
    let took = start.elapsed().as_secs_f64();
    println!(
        "indexed {SKILLS} skills ({texts} labels) in {took:.2} s: {:.0} skills/s",
        SKILLS as f64 / took
    );

    // A server that has answered some traffic has decoded the documents it ranks: warm up
    // with 600 other queries (and report the cold figures too).
    let mut rng = ChaCha8Rng::seed_from_u64(3);
    let mut cold = Vec::new();
    for _ in 0..600 {
        let (_, label) = english.choose(&mut rng).unwrap();
        let start = Instant::now();
        black_box(
            runtime
                .block_on(index.search(&request(&half(label))))
                .unwrap(),
        );
        cold.push(start.elapsed().as_secs_f64() * 1e3);
    }
    cold.sort_by(f64::total_cmp);
    println!(
        "cold (first 600 queries, half labels): p50 {:.2} ms, p99 {:.2} ms",
        cold[cold.len() / 2],
        cold[cold.len() * 99 / 100]
    );

    let mut rng = ChaCha8Rng::seed_from_u64(2);
    let mut times = Vec::new();
    for kind in 0..3 {
        for _ in 0..200 {
            let (_, label) = english.choose(&mut rng).unwrap();
            let typed = match kind {
                0 => label.clone(),
                1 => typo(label),
                _ => half(label),
            };
            let start = Instant::now();
            let found = runtime.block_on(index.search(&request(&typed))).unwrap();
            times.push(start.elapsed().as_secs_f64() * 1e3);
            black_box(found);
        }
    }
    times.sort_by(f64::total_cmp);
    let at = |q: f64| times[((times.len() as f64 * q) as usize).min(times.len() - 1)];
    println!(
        "skill autocomplete over {SKILLS} skills, 600 queries: p50 {:.2} ms, p95 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        at(0.5),
        at(0.95),
        at(0.99),
        times.last().unwrap()
    );

    let mut criterion = Criterion::default().configure_from_args();
    let typed = half(&english[0].1);
    criterion.bench_function("skill autocomplete (half a label)", |b| {
        b.iter(|| runtime.block_on(index.search(&request(&typed))).unwrap())
    });
    criterion.final_summary();
}
