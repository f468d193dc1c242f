//! Search quality on real phrases: job titles and job-ad skill phrases annotated with ESCO
//! concepts (../shared/data/benchmarks, development halves), searched over every ESCO label
//! in English, French and Spanish as the server indexes them (occupations from
//! ../shared/data/esco, skills from ../shared/data/esco-full plus the sample's British
//! English labels), beside two BM25 baselines over the same concepts computed in the same
//! run: plain (lower case, split on non-letters) and stemmed (accents folded, a dozen stop
//! words, Snowball stemming), each over the labels in the set's language as the benchmark's
//! published table does.
//!
//! `cargo bench -p skillbridge-search-tantivy --bench search_quality` searches the embedded
//! index in process; with `-- --graphql http://127.0.0.1:8080/graphql` it asks a running
//! server through the public API instead (after `import-esco` of both directories).
//! Prints, per file, success@1, hit@5 and MRR@10, and latency percentiles.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use rust_stemmers::{Algorithm, Stemmer};
use skillbridge_domain::analysis;
use skillbridge_domain::search::{
    DocumentKind, Filter, SearchDocument, SearchIndex, SearchRequest, SearchText, fold,
};
use skillbridge_domain::text_rank::{self as rank, Decoded};
use skillbridge_search_tantivy::TantivyIndex;
use uuid::Uuid;

struct Concept {
    uri: String,
    kind: DocumentKind,
    /// (text, language, preferred)
    labels: Vec<(String, String, bool)>,
}

impl Concept {
    /// The labels as the server indexes them.
    fn texts(&self) -> Vec<SearchText> {
        self.labels
            .iter()
            .map(|(text, lang, primary)| SearchText {
                text: text.clone(),
                lang: Some(lang.clone()),
                primary: *primary,
            })
            .collect()
    }
}

fn shared_data() -> Option<PathBuf> {
    let dir = std::env::var_os("SKILLBRIDGE_SHARED_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data"));
    dir.join("benchmarks").is_dir().then_some(dir)
}

fn read_concepts(file: &Path, lang: &str, kind: DocumentKind, into: &mut HashMap<String, Concept>) {
    let mut reader = csv::Reader::from_path(file).unwrap_or_else(|e| panic!("{file:?}: {e}"));
    let headers = reader.headers().unwrap().clone();
    let column = |name: &str| headers.iter().position(|h| h == name);
    let (uri, preferred, alt) = (
        column("conceptUri").unwrap(),
        column("preferredLabel").unwrap(),
        column("altLabels").unwrap(),
    );
    for record in reader.records() {
        let record = record.unwrap();
        let concept = into
            .entry(record[uri].to_owned())
            .or_insert_with(|| Concept {
                uri: record[uri].to_owned(),
                kind,
                labels: Vec::new(),
            });
        if !record[preferred].trim().is_empty() {
            concept
                .labels
                .push((record[preferred].trim().to_owned(), lang.to_owned(), true));
        }
        // Hidden labels are for search, as the server indexes them.
        let hidden = column("hiddenLabels")
            .map(|h| &record[h])
            .unwrap_or_default();
        for label in record[alt]
            .lines()
            .chain(hidden.lines())
            .map(str::trim)
            .filter(|l| !l.is_empty())
        {
            concept
                .labels
                .push((label.to_owned(), lang.to_owned(), false));
        }
    }
}

struct Row {
    query: String,
    gold: Vec<String>,
}

fn read_rows(file: &Path) -> Vec<Row> {
    let text = std::fs::read_to_string(file).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split('\t').collect();
    let gold = header.iter().position(|h| *h == "gold_uris").unwrap();
    lines
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let cells: Vec<&str> = l.split('\t').collect();
            Row {
                query: cells[0].to_owned(),
                gold: cells[gold].split_whitespace().map(str::to_owned).collect(),
            }
        })
        .collect()
}

/// How a baseline splits a text into terms.
type Analyser = Box<dyn Fn(&str) -> Vec<String>>;

/// A small BM25 over one document per concept (its labels in one language).
struct Bm25 {
    postings: HashMap<String, Vec<(usize, f32)>>,
    lengths: Vec<f32>,
    average: f32,
    analyse: Analyser,
}

impl Bm25 {
    fn new(docs: &[String], analyse: Analyser) -> Self {
        let mut postings: HashMap<String, Vec<(usize, f32)>> = HashMap::new();
        let mut lengths = Vec::new();
        for (d, text) in docs.iter().enumerate() {
            let words = analyse(text);
            lengths.push(words.len() as f32);
            let mut tf: HashMap<String, f32> = HashMap::new();
            for w in words {
                *tf.entry(w).or_default() += 1.0;
            }
            for (w, n) in tf {
                postings.entry(w).or_default().push((d, n));
            }
        }
        let average = lengths.iter().sum::<f32>() / lengths.len().max(1) as f32;
        Self {
            postings,
            lengths,
            average,
            analyse,
        }
    }

    fn top(&self, query: &str, k: usize) -> Vec<usize> {
        let n = self.lengths.len() as f32;
        let mut scores: HashMap<usize, f32> = HashMap::new();
        for w in (self.analyse)(query) {
            let Some(list) = self.postings.get(&w) else {
                continue;
            };
            let df = list.len() as f32;
            let idf = (1.0 + (n - df + 0.5) / (df + 0.5)).ln();
            for (d, tf) in list {
                let norm = 1.2 * (0.25 + 0.75 * self.lengths[*d] / self.average);
                *scores.entry(*d).or_default() += idf * tf * 2.2 / (tf + norm);
            }
        }
        let mut ranked: Vec<(usize, f32)> = scores.into_iter().collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        ranked.into_iter().take(k).map(|(d, _)| d).collect()
    }
}

fn plain(text: &str) -> Vec<String> {
    text.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

fn stemmed(lang: &str) -> Analyser {
    let (algorithm, stop): (Algorithm, &[&str]) = match lang {
        "fr" => (
            Algorithm::French,
            &[
                "de", "des", "du", "la", "le", "les", "et", "en", "d", "l", "a", "au", "aux",
            ],
        ),
        "es" => (
            Algorithm::Spanish,
            &[
                "de", "del", "la", "las", "el", "los", "y", "en", "a", "o", "con", "por",
            ],
        ),
        _ => (
            Algorithm::English,
            &[
                "of", "and", "the", "a", "an", "in", "for", "to", "on", "with", "or", "at",
            ],
        ),
    };
    let stemmer = Stemmer::create(algorithm);
    Box::new(move |text: &str| {
        plain(text)
            .into_iter()
            .filter(|w| !stop.contains(&w.as_str()))
            .map(|w| fold(&stemmer.stem(&w)))
            .collect()
    })
}

#[derive(Default)]
struct Score {
    rows: usize,
    at1: usize,
    at5: usize,
    rr: f64,
}

impl Score {
    fn add(&mut self, ranked: &[String], gold: &[String]) {
        self.rows += 1;
        if let Some(rank) = ranked.iter().take(10).position(|u| gold.contains(u)) {
            self.at1 += usize::from(rank == 0);
            self.at5 += usize::from(rank < 5);
            self.rr += 1.0 / (rank as f64 + 1.0);
        }
    }
    fn at1(&self) -> f64 {
        self.at1 as f64 / self.rows.max(1) as f64
    }
    fn at5(&self) -> f64 {
        self.at5 as f64 / self.rows.max(1) as f64
    }
    fn mrr(&self) -> f64 {
        self.rr / self.rows.max(1) as f64
    }
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

/// Where the searches go: the index in this process, a server's GraphQL API, or the
/// domain's ranking rule over every concept (`ORACLE=1`: what the rule does without a
/// backend choosing candidates, to tell retrieval losses from ranking losses).
enum Target {
    InProcess(Box<TantivyIndex>, HashMap<Uuid, String>),
    Graphql(String, reqwest::Client),
    Oracle(Box<Oracle>),
}

/// Every concept decoded, with how many of each kind hold each indexed form.
struct Oracle {
    docs: Vec<(DocumentKind, Decoded, String)>,
    freqs: HashMap<(DocumentKind, String), usize>,
    counts: HashMap<DocumentKind, usize>,
}

impl Oracle {
    fn new(concepts: &[&Concept]) -> Self {
        let mut freqs: HashMap<(DocumentKind, String), usize> = HashMap::new();
        let mut counts: HashMap<DocumentKind, usize> = HashMap::new();
        let docs = concepts
            .iter()
            .map(|c| {
                let texts = c.texts();
                let mut terms: Vec<String> = texts
                    .iter()
                    .flat_map(|t| analysis::index_terms(&t.text, t.lang.as_deref()))
                    .collect();
                terms.sort();
                terms.dedup();
                for term in terms {
                    *freqs.entry((c.kind, term)).or_default() += 1;
                }
                *counts.entry(c.kind).or_default() += 1;
                (c.kind, Decoded::new(Uuid::now_v7(), texts), c.uri.clone())
            })
            .collect();
        Self {
            docs,
            freqs,
            counts,
        }
    }

    /// The query's words weighed by how many concepts of the kind hold them.
    fn weigh<'q>(&self, kind: DocumentKind, query: &'q rank::Query) -> rank::Ranker<'q> {
        query.weigh(
            |form| {
                self.freqs
                    .get(&(kind, form.to_owned()))
                    .copied()
                    .unwrap_or(0)
            },
            self.counts.get(&kind).copied().unwrap_or(0),
        )
    }

    /// Prints why the first answer outranks the first gold concept (`EXPLAIN=1`).
    fn explain(&self, kind: DocumentKind, text: &str, gold: &[String]) {
        let query = rank::Query::new(text);
        let ranker = self.weigh(kind, &query);
        let docs: Vec<&(DocumentKind, Decoded, String)> =
            self.docs.iter().filter(|d| d.0 == kind).collect();
        let (hits, _) = rank::rerank(&ranker, docs.iter().map(|d| &d.1));
        let Some(rank) = hits
            .iter()
            .position(|h| docs.iter().any(|d| d.1.id == h.id && gold.contains(&d.2)))
        else {
            println!("EXPLAIN {text:?}: no gold concept matches");
            return;
        };
        if rank == 0 {
            return;
        }
        let show = |id: Uuid| {
            let doc = &docs.iter().find(|d| d.1.id == id).unwrap().1;
            let scored = ranker.score(doc).unwrap();
            format!(
                "{:.3} (covered {:.3}) {:?}",
                scored.score, scored.covered, scored.text.text
            )
        };
        println!(
            "EXPLAIN {text:?}: gold at {} {} below {}",
            rank + 1,
            show(hits[rank].id),
            show(hits[0].id)
        );
    }

    fn search(&self, kind: DocumentKind, text: &str) -> Vec<String> {
        let query = rank::Query::new(text);
        let ranker = self.weigh(kind, &query);
        let (hits, _) = rank::rerank(
            &ranker,
            self.docs.iter().filter(|d| d.0 == kind).map(|d| &d.1),
        );
        let show = std::env::var("QUERY").is_ok_and(|q| q.split('|').any(|q| q == text));
        if show {
            println!("{text}");
        }
        hits.iter()
            .take(10)
            .filter_map(|h| {
                let (_, doc, uri) = self.docs.iter().find(|d| d.1.id == h.id)?;
                if show {
                    let scored = ranker.score(doc)?;
                    println!(
                        "  {:.3} covered {:.3} {:?} {uri}",
                        scored.score, scored.covered, scored.text.text
                    );
                }
                Some(uri.clone())
            })
            .collect()
    }
}

impl Target {
    async fn search(&self, kind: DocumentKind, text: &str) -> Vec<String> {
        match self {
            Target::InProcess(index, uris) => {
                let mut request = SearchRequest::new(kind);
                request.text = Some(text.to_owned());
                request.limit = 10;
                if kind == DocumentKind::Skill {
                    request.filters =
                        vec![Filter::AnyOf("conceptKind".into(), vec!["SKILL".into()])];
                }
                let found = index.search(&request).await.expect("search");
                found
                    .hits
                    .iter()
                    .filter_map(|h| uris.get(&h.id).cloned())
                    .collect()
            }
            Target::Oracle(oracle) => oracle.search(kind, text),
            Target::Graphql(url, client) => {
                let field = if kind == DocumentKind::Skill {
                    "skills"
                } else {
                    "occupations"
                };
                let query = format!(
                    "query($q: String!) {{ {field}(query: $q, first: 10) {{ edges {{ node {{ uri }} }} }} }}"
                );
                let body: serde_json::Value = client
                    .post(url)
                    .json(&serde_json::json!({ "query": query, "variables": { "q": text } }))
                    .send()
                    .await
                    .expect("the server answers")
                    .json()
                    .await
                    .expect("JSON");
                body["data"][field]["edges"]
                    .as_array()
                    .unwrap_or_else(|| panic!("{body}"))
                    .iter()
                    .filter_map(|e| e["node"]["uri"].as_str().map(str::to_owned))
                    .collect()
            }
        }
    }
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    if let Some(measured) = runtime.block_on(quality()) {
        latency(&runtime, &measured);
    }
}

/// What the latency measurements read, once the quality is measured in process.
struct Measured {
    index: Box<TantivyIndex>,
    skills: Vec<Concept>,
    titles: Vec<String>,
    sentences: Vec<String>,
}

async fn quality() -> Option<Measured> {
    let Some(data) = shared_data() else {
        println!(
            "search_quality: ../shared/data/benchmarks is not here (set SKILLBRIDGE_SHARED_DATA); nothing measured"
        );
        return None;
    };
    let args: Vec<String> = std::env::args().collect();
    let graphql = args
        .iter()
        .position(|a| a == "--graphql")
        .and_then(|i| args.get(i + 1).cloned());

    let mut occupations = HashMap::new();
    for lang in ["en", "fr", "es"] {
        read_concepts(
            &data.join(format!("esco/occupations_{lang}.csv")),
            lang,
            DocumentKind::Occupation,
            &mut occupations,
        );
    }
    let mut skills = HashMap::new();
    read_concepts(
        &data.join("esco/skills_en.csv"),
        "en",
        DocumentKind::Skill,
        &mut skills,
    );
    for lang in ["en-us", "fr", "es"] {
        read_concepts(
            &data.join(format!("esco-full/skills_{lang}.csv")),
            lang,
            DocumentKind::Skill,
            &mut skills,
        );
    }
    let mut occupations: Vec<Concept> = occupations.into_values().collect();
    let mut skills: Vec<Concept> = skills.into_values().collect();
    occupations.sort_by(|a, b| a.uri.cmp(&b.uri));
    skills.sort_by(|a, b| a.uri.cmp(&b.uri));

    let target = match graphql {
        Some(url) => Target::Graphql(url, reqwest::Client::new()),
        None if std::env::var("ORACLE").is_ok() => {
            let all: Vec<&Concept> = occupations.iter().chain(&skills).collect();
            Target::Oracle(Box::new(Oracle::new(&all)))
        }
        None => {
            let index = TantivyIndex::in_memory().expect("index");
            let mut uris = HashMap::new();
            let started = Instant::now();
            for concepts in [&occupations, &skills] {
                let documents: Vec<SearchDocument> = concepts
                    .iter()
                    .map(|c| {
                        let id = Uuid::now_v7();
                        uris.insert(id, c.uri.clone());
                        SearchDocument {
                            kind: c.kind,
                            id,
                            texts: c.texts(),
                            keywords: if c.kind == DocumentKind::Skill {
                                vec![("conceptKind".into(), "SKILL".into())]
                            } else {
                                Vec::new()
                            },
                            numbers: Vec::new(),
                            location: None,
                        }
                    })
                    .collect();
                for chunk in documents.chunks(5_000) {
                    index.upsert(chunk.to_vec()).await.expect("upsert");
                }
            }
            println!(
                "indexed {} occupations and {} skills in {:.1} s",
                occupations.len(),
                skills.len(),
                started.elapsed().as_secs_f64()
            );
            Target::InProcess(Box::new(index), uris)
        }
    };

    println!(
        "\n| set | rows | success@1 | hit@5 | MRR@10 | plain BM25 hit@5 / MRR@10 | stemmed BM25 hit@5 / MRR@10 | p50 ms | p99 ms |"
    );
    println!("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
    let sets = [
        ("occupation-titles/fr.tsv", "fr", DocumentKind::Occupation),
        (
            "occupation-titles/fr-be.tsv",
            "fr",
            DocumentKind::Occupation,
        ),
        ("occupation-titles/es.tsv", "es", DocumentKind::Occupation),
        ("occupation-titles/en.tsv", "en", DocumentKind::Occupation),
        ("skill-phrases/house.tsv", "en", DocumentKind::Skill),
        ("skill-phrases/tech.tsv", "en", DocumentKind::Skill),
    ];
    let only = std::env::var("SET").ok();
    for (file, lang, kind) in sets {
        if only.as_deref().is_some_and(|o| !file.contains(o)) {
            continue;
        }
        let rows = read_rows(&data.join("benchmarks").join(file));
        let concepts = if kind == DocumentKind::Skill {
            &skills
        } else {
            &occupations
        };
        // The baselines see the labels in the set's language (English: British and US).
        let docs: Vec<String> = concepts
            .iter()
            .map(|c| {
                c.labels
                    .iter()
                    .filter(|(_, l, _)| l.split('-').next() == Some(lang))
                    .map(|(t, _, _)| t.as_str())
                    .collect::<Vec<_>>()
                    .join(" \n ")
            })
            .collect();
        let baselines = [
            Bm25::new(&docs, Box::new(plain)),
            Bm25::new(&docs, stemmed(lang)),
        ];
        let mut ours = Score::default();
        let mut base = [Score::default(), Score::default()];
        let mut times = Vec::new();
        let verbose = std::env::var("VERBOSE").is_ok();
        for row in &rows {
            let started = Instant::now();
            let found = target.search(kind, &row.query).await;
            times.push(started.elapsed().as_secs_f64() * 1000.0);
            ours.add(&found, &row.gold);
            if let (Target::Oracle(oracle), true) = (&target, std::env::var("EXPLAIN").is_ok()) {
                oracle.explain(kind, &row.query, &row.gold);
            }
            if verbose && !found.iter().take(5).any(|u| row.gold.contains(u)) {
                let label = |uri: &String| {
                    concepts
                        .iter()
                        .find(|c| &c.uri == uri)
                        .and_then(|c| c.labels.iter().find(|l| l.1.starts_with(lang)))
                        .map(|l| l.0.clone())
                        .unwrap_or_else(|| uri.clone())
                };
                let gold: Vec<String> = row.gold.iter().map(label).collect();
                let got: Vec<String> = found.iter().take(3).map(label).collect();
                println!("MISS {:?} want {:?} got {:?}", row.query, gold, got);
            }
            for (n, (b, score)) in baselines.iter().zip(base.iter_mut()).enumerate() {
                let top: Vec<String> = b
                    .top(&row.query, 10)
                    .into_iter()
                    .map(|d| concepts[d].uri.clone())
                    .collect();
                score.add(&top, &row.gold);
                let rank = |list: &[String]| list.iter().position(|u| row.gold.contains(u));
                if std::env::var("WORSE").is_ok() && n == 1 {
                    let (theirs, ours) = (rank(&top), rank(&found));
                    if theirs.is_some() && ours.is_none_or(|o| o > theirs.unwrap()) {
                        let label = |uri: &String| {
                            concepts
                                .iter()
                                .find(|c| &c.uri == uri)
                                .and_then(|c| c.labels.iter().find(|l| l.1.starts_with(lang)))
                                .map(|l| l.0.clone())
                                .unwrap_or_else(|| uri.clone())
                        };
                        println!(
                            "WORSE {:?} bm25 {:?} ours {:?}: want {:?} got {:?}",
                            row.query,
                            theirs,
                            ours,
                            row.gold.iter().map(label).collect::<Vec<_>>(),
                            found.iter().take(3).map(label).collect::<Vec<_>>()
                        );
                    }
                }
            }
        }
        times.sort_by(f64::total_cmp);
        println!(
            "| {file} | {} | {:.3} | {:.3} | {:.3} | {:.3} / {:.3} | {:.3} / {:.3} | {:.2} | {:.2} |",
            rows.len(),
            ours.at1(),
            ours.at5(),
            ours.mrr(),
            base[0].at5(),
            base[0].mrr(),
            base[1].at5(),
            base[1].mrr(),
            percentile(&times, 0.5),
            percentile(&times, 0.99),
        );
    }
    if let Target::InProcess(index, _) = target {
        let mut titles = Vec::new();
        let mut sentences = Vec::new();
        for (file, _, kind) in sets {
            for row in read_rows(&data.join("benchmarks").join(file)) {
                if kind == DocumentKind::Occupation {
                    titles.push(row.query);
                }
            }
        }
        for file in ["skill-phrases/house.tsv", "skill-phrases/tech.tsv"] {
            let text = std::fs::read_to_string(data.join("benchmarks").join(file)).unwrap();
            sentences.extend(
                text.lines()
                    .skip(1)
                    .filter_map(|l| l.split('\t').nth(1).map(str::to_owned)),
            );
        }
        sentences.dedup();
        return Some(Measured {
            index,
            skills,
            titles,
            sentences,
        });
    }
    None
}

/// p50 and p99 of a list of milliseconds.
fn spread(mut times: Vec<f64>) -> String {
    times.sort_by(f64::total_cmp);
    format!(
        "p50 {:.2} ms, p99 {:.2} ms over {}",
        percentile(&times, 0.5),
        percentile(&times, 0.99),
        times.len()
    )
}

/// Search latency in process, where a server has answered some traffic (documents decoded
/// for ranking once): skill autocomplete over the full skill list (exact, one typo, half of
/// 200 labels), occupation search with every benchmark title, and suggestions from texts of
/// 500 characters made of the job-ad sentences; then criterion on one of each.
fn latency(runtime: &tokio::runtime::Runtime, measured: &Measured) {
    let (index, skills, titles, sentences) = (
        &measured.index,
        &measured.skills,
        &measured.titles,
        &measured.sentences,
    );
    use rand::SeedableRng;
    use rand::seq::IndexedRandom;
    use skillbridge_domain::mentions::MentionRequest;
    let run = |kind: DocumentKind, text: &str| {
        let mut request = SearchRequest::new(kind);
        request.text = Some(text.to_owned());
        request.limit = 10;
        if kind == DocumentKind::Skill {
            request.filters = vec![Filter::AnyOf("conceptKind".into(), vec!["SKILL".into()])];
        }
        let started = Instant::now();
        std::hint::black_box(runtime.block_on(index.search(&request)).expect("search"));
        started.elapsed().as_secs_f64() * 1e3
    };
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
    let labels: Vec<&str> = skills
        .iter()
        .filter_map(|c| c.labels.iter().find(|l| l.1 == "en-us" && l.2))
        .map(|l| l.0.as_str())
        .collect();
    let mut typed = Vec::new();
    for label in labels.choose_multiple(&mut rng, 200) {
        let chars: Vec<char> = label.chars().collect();
        let mut typo = chars.clone();
        let middle = typo.len() / 2;
        if typo[middle].is_alphabetic() {
            typo[middle] = if typo[middle] == 'x' { 'q' } else { 'x' };
        }
        typed.push((*label).to_owned());
        typed.push(typo.into_iter().collect());
        typed.push(chars[..chars.len().div_ceil(2)].iter().collect());
    }
    let cold: Vec<f64> = typed.iter().map(|t| run(DocumentKind::Skill, t)).collect();
    let warm: Vec<f64> = typed.iter().map(|t| run(DocumentKind::Skill, t)).collect();
    println!(
        "\nskills(query:) autocomplete over {} skills, first pass: {}",
        skills.len(),
        spread(cold)
    );
    println!("skills(query:) autocomplete, warm: {}", spread(warm));
    let cold: Vec<f64> = titles
        .iter()
        .map(|t| run(DocumentKind::Occupation, t))
        .collect();
    let warm: Vec<f64> = titles
        .iter()
        .map(|t| run(DocumentKind::Occupation, t))
        .collect();
    println!(
        "occupations(query:) with the benchmark titles, first pass: {}",
        spread(cold)
    );
    println!(
        "occupations(query:) with the benchmark titles, warm: {}",
        spread(warm)
    );

    // Texts of 500 characters: job-ad sentences one after the other.
    let mut texts = Vec::new();
    let mut current = String::new();
    for sentence in sentences {
        current.push_str(sentence);
        current.push(' ');
        if current.chars().count() >= 500 {
            texts.push(current.chars().take(500).collect::<String>());
            current.clear();
        }
    }
    let suggest = |text: &str| {
        let request = MentionRequest {
            kind: DocumentKind::Skill,
            text: text.to_owned(),
            lang: None,
            filters: vec![Filter::AnyOf("conceptKind".into(), vec!["SKILL".into()])],
            limit: 10,
        };
        let started = Instant::now();
        let found = runtime
            .block_on(index.mentions(&request))
            .expect("mentions");
        (started.elapsed().as_secs_f64() * 1e3, found.len())
    };
    let cold: Vec<f64> = texts.iter().map(|t| suggest(t).0).collect();
    let warm: Vec<(f64, usize)> = texts.iter().map(|t| suggest(t)).collect();
    let found: usize = warm.iter().map(|w| w.1).sum();
    println!(
        "suggestSkills over {} texts of 500 characters, first pass: {}",
        texts.len(),
        spread(cold)
    );
    println!(
        "suggestSkills, warm: {} ({:.1} skills a text)",
        spread(warm.iter().map(|w| w.0).collect()),
        found as f64 / texts.len().max(1) as f64
    );

    let mut criterion = criterion::Criterion::default().configure_from_args();
    let half = typed[2].clone();
    criterion.bench_function("skills(query:) half a label", |b| {
        b.iter(|| run(DocumentKind::Skill, &half))
    });
    let title = titles[0].clone();
    criterion.bench_function("occupations(query:) a title", |b| {
        b.iter(|| run(DocumentKind::Occupation, &title))
    });
    if let Some(text) = texts.first().cloned() {
        criterion.bench_function("suggestSkills 500 characters", |b| {
            b.iter(|| suggest(&text))
        });
    }
    criterion.final_summary();
}
