//! Vacancy search at 50,000 vacancies, the documents built by the domain's own
//! `vacancy_document` and the requests by `VacancySearch::request` (as the API does):
//! titles from the starter taxonomy's occupation labels, descriptions of about 60 words,
//! the occupation's labels in three languages and five skill labels as secondary texts,
//! ISCO groups, contract types, tracks, language requirements, 60 cities, a shortage
//! flag on a quarter. 90% are OPEN.
//!
//! `cargo bench -p skillbridge-search-tantivy --bench vacancy_search` prints the indexing
//! throughput, then p50/p95/p99 over 600 searches after 300 warm-up ones, each with
//! facets (contract type, shortage, ISCO major group, track) and a first page of 20:
//! 200 with text (one or two words of a title, half of them with a typo) and the OPEN
//! filter; 200 without text, two contract types, within 100 km of a city, the languages
//! of someone with German B1 and English B2, newest first; 200 with text, an ISCO major
//! group and shortage only, closing soonest first. Then criterion on the second kind.

use std::hint::black_box;
use std::path::Path;
use std::time::Instant;

use chrono::{Duration, TimeZone, Utc};
use criterion::Criterion;
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use skillbridge_domain::matching::GeoPoint;
use skillbridge_domain::profile::{Location, Track};
use skillbridge_domain::search::{
    SearchDocument, SearchIndex, SearchRequest, SearchText, VacancyFacts, VacancyOrder,
    VacancySearch, vacancy_document,
};
use skillbridge_domain::vacancy::{ContractType, Vacancy, VacancyLanguage, VacancyStatus};
use skillbridge_domain::{CefrLevel, LanguageCode, OrganisationId, VacancyId};
use skillbridge_search_tantivy::TantivyIndex;

const VACANCIES: usize = 50_000;
const LANGS: [&str; 3] = ["en", "es", "fr"];

/// The occupations of the starter taxonomy: ISCO code and preferred label per language.
fn occupations() -> Vec<(String, Vec<String>)> {
    let read = |lang: &str| -> Vec<(String, String)> {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../taxonomy/starter")
            .join(format!("occupations_{lang}.csv"));
        let mut reader = csv::Reader::from_path(path).expect("the starter taxonomy");
        let headers = reader.headers().unwrap().clone();
        let column = |name: &str| headers.iter().position(|h| h == name).unwrap();
        let (uri, label) = (column("conceptUri"), column("preferredLabel"));
        reader
            .records()
            .map(|r| {
                let r = r.unwrap();
                (r[uri].to_owned(), r[label].to_owned())
            })
            .collect()
    };
    let english = read("en");
    let others: Vec<std::collections::HashMap<String, String>> = LANGS[1..]
        .iter()
        .map(|l| read(l).into_iter().collect())
        .collect();
    let isco: std::collections::HashMap<String, String> = {
        let path =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../taxonomy/starter/occupations_en.csv");
        let mut reader = csv::Reader::from_path(path).unwrap();
        let headers = reader.headers().unwrap().clone();
        let uri = headers.iter().position(|h| h == "conceptUri").unwrap();
        let code = headers.iter().position(|h| h == "iscoGroup").unwrap();
        reader
            .records()
            .map(|r| {
                let r = r.unwrap();
                (r[uri].to_owned(), r[code].to_owned())
            })
            .collect()
    };
    english
        .into_iter()
        .map(|(uri, label)| {
            let mut labels = vec![label];
            labels.extend(others.iter().filter_map(|o| o.get(&uri).cloned()));
            (isco.get(&uri).cloned().unwrap_or_default(), labels)
        })
        .collect()
}

fn cities(rng: &mut ChaCha8Rng) -> Vec<GeoPoint> {
    (0..60)
        .map(|_| GeoPoint {
            latitude: rng.random_range(36.0..60.0),
            longitude: rng.random_range(-9.0..25.0),
        })
        .collect()
}

const CONTRACTS: [ContractType; 6] = [
    ContractType::Permanent,
    ContractType::FixedTerm,
    ContractType::Seasonal,
    ContractType::Apprenticeship,
    ContractType::Internship,
    ContractType::PartTime,
];

fn documents(
    rng: &mut ChaCha8Rng,
    occupations: &[(String, Vec<String>)],
    places: &[GeoPoint],
) -> Vec<SearchDocument> {
    let words: Vec<&str> = occupations
        .iter()
        .flat_map(|(_, labels)| labels[0].split_whitespace())
        .collect();
    let start = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
    (0..VACANCIES)
        .map(|_| {
            let (isco, labels) = occupations.choose(rng).unwrap();
            let place = places.choose(rng).unwrap();
            let created = start + Duration::minutes(rng.random_range(0..500_000));
            let vacancy = Vacancy {
                id: VacancyId::new(),
                organisation_id: OrganisationId::new(),
                title: format!(
                    "{} ({})",
                    labels[0],
                    ["m/f/d", "full time", "junior", "senior"]
                        .choose(rng)
                        .unwrap()
                ),
                description: (0..60)
                    .map(|_| *words.choose(rng).unwrap())
                    .collect::<Vec<_>>()
                    .join(" "),
                occupation_id: None,
                isco_code: (!isco.is_empty()).then(|| isco.clone()),
                location: Location {
                    place_name: None,
                    country_code: Some("DE".into()),
                    region_code: None,
                    latitude: Some(place.latitude + rng.random_range(-0.3..0.3)),
                    longitude: Some(place.longitude + rng.random_range(-0.3..0.3)),
                },
                remote: rng.random_bool(0.1),
                contract_type: *CONTRACTS.choose(rng).unwrap(),
                hours_per_week: None,
                salary: None,
                positions: 1,
                starts_on: None,
                ends_on: None,
                closes_on: rng
                    .random_bool(0.7)
                    .then(|| (created + Duration::days(rng.random_range(10..120))).date_naive()),
                visa_sponsorship: false,
                status: if rng.random_bool(0.9) {
                    VacancyStatus::Open
                } else {
                    VacancyStatus::Draft
                },
                published_at: Some(created),
                created_at: created,
                updated_at: created,
            };
            let languages: Vec<VacancyLanguage> = (0..rng.random_range(0..=2))
                .map(|i| VacancyLanguage {
                    language: LanguageCode::parse(["de", "en", "fr"][i]).unwrap(),
                    min_level: *CefrLevel::ALL.choose(rng).unwrap(),
                })
                .collect();
            let tracks: Vec<Track> = Track::ALL
                .iter()
                .copied()
                .filter(|_| rng.random_bool(0.15))
                .collect();
            let mut related: Vec<SearchText> = labels
                .iter()
                .zip(LANGS)
                .map(|(text, lang)| SearchText {
                    text: text.clone(),
                    lang: Some(lang.into()),
                    primary: true,
                })
                .collect();
            for _ in 0..5 {
                let skill = (0..3)
                    .map(|_| *words.choose(rng).unwrap())
                    .collect::<Vec<_>>()
                    .join(" ");
                related.push(SearchText {
                    text: skill,
                    lang: Some("en".into()),
                    primary: true,
                });
            }
            vacancy_document(
                &vacancy,
                VacancyFacts {
                    languages: &languages,
                    tracks: &tracks,
                    support: &[],
                    related,
                    shortage: rng.random_bool(0.25),
                },
            )
        })
        .collect()
}

fn typo(word: &str) -> String {
    let mut chars: Vec<char> = word.chars().collect();
    if chars.len() >= 5 {
        chars[2] = if chars[2] == 'x' { 'y' } else { 'x' };
    }
    chars.into_iter().collect()
}

/// The three kinds of search of the bench, the `n`th of its kind.
fn search(
    kind: usize,
    rng: &mut ChaCha8Rng,
    titles: &[&str],
    places: &[GeoPoint],
) -> SearchRequest {
    let words: Vec<&str> = titles.choose(rng).unwrap().split_whitespace().collect();
    let mut text: Vec<String> = words
        .iter()
        .take(rng.random_range(1..=2))
        .map(|w| w.to_string())
        .collect();
    if rng.random_bool(0.5) {
        text[0] = typo(&text[0]);
    }
    let mut search = VacancySearch {
        statuses: vec![VacancyStatus::Open],
        ..Default::default()
    };
    match kind {
        0 => search.text = Some(text.join(" ")),
        1 => {
            search.contract_types = CONTRACTS.choose_multiple(rng, 2).copied().collect();
            search.within = Some((*places.choose(rng).unwrap(), 100.0));
            search.meets_languages = Some(vec![
                (LanguageCode::parse("de").unwrap(), CefrLevel::B1),
                (LanguageCode::parse("en").unwrap(), CefrLevel::B2),
            ]);
            search.order = Some(VacancyOrder::Newest);
        }
        _ => {
            search.text = Some(text[0].clone());
            search.isco_group = Some(rng.random_range(1..=9).to_string());
            search.shortage_only = true;
            search.order = Some(VacancyOrder::ClosingDate);
        }
    }
    let mut request = search.request().unwrap();
    request.limit = 20;
    request
}

fn main() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let mut rng = ChaCha8Rng::seed_from_u64(1);
    let occupations = occupations();
    let places = cities(&mut rng);
    let documents = documents(&mut rng, &occupations, &places);
    let titles: Vec<&str> = occupations.iter().map(|(_, l)| l[0].as_str()).collect();
    let index = TantivyIndex::in_memory().unwrap();
    let start = Instant::now();
    runtime.block_on(async {
        for batch in documents.chunks(1_000) {
            index.upsert(batch.to_vec()).await.unwrap();
        }
    });
    let took = start.elapsed().as_secs_f64();
    println!(
        "indexed {VACANCIES} vacancies in {took:.2} s: {:.0} vacancies/s",
        VACANCIES as f64 / took
    );

    let mut rng = ChaCha8Rng::seed_from_u64(2);
    for n in 0..300 {
        let request = search(n % 3, &mut rng, &titles, &places);
        black_box(runtime.block_on(index.search(&request)).unwrap());
    }
    let mut times: Vec<Vec<f64>> = vec![Vec::new(); 3];
    let mut totals = [0usize; 3];
    for n in 0..600 {
        let request = search(n % 3, &mut rng, &titles, &places);
        let start = Instant::now();
        let found = runtime.block_on(index.search(&request)).unwrap();
        times[n % 3].push(start.elapsed().as_secs_f64() * 1e3);
        totals[n % 3] += found.total;
    }
    let percentiles = |times: &mut Vec<f64>| {
        times.sort_by(f64::total_cmp);
        let at = |q: f64| times[((times.len() as f64 * q) as usize).min(times.len() - 1)];
        format!(
            "p50 {:.2} ms, p95 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
            at(0.5),
            at(0.95),
            at(0.99),
            times.last().unwrap()
        )
    };
    for (kind, name) in [
        "text, OPEN, facets",
        "filters + 100 km + languages, newest, facets",
        "text + ISCO group + shortage, closing date, facets",
    ]
    .iter()
    .enumerate()
    {
        println!(
            "{name}: {} (mean matches {})",
            percentiles(&mut times[kind]),
            totals[kind] / 200
        );
    }
    let mut all: Vec<f64> = times.concat();
    println!(
        "vacancy search over {VACANCIES} vacancies, 600 searches: {}",
        percentiles(&mut all)
    );

    let mut criterion = Criterion::default().configure_from_args();
    let mut rng = ChaCha8Rng::seed_from_u64(4);
    let request = search(1, &mut rng, &titles, &places);
    criterion.bench_function("vacancy search (filters, radius, languages, facets)", |b| {
        b.iter(|| runtime.block_on(index.search(&request)).unwrap())
    });
    criterion.final_summary();
}
