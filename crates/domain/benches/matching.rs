//! Matching at scale, both ways, on data shaped like ESCO and a European job market:
//! 13,939 skills under 673 broader groups, 3,007 occupations of about 42 skills each
//! (mostly from three home groups), occupations as popular as a Zipf law says, 60 cities.
//!
//! `cargo bench -p skillbridge-domain --bench matching` prints, for 10k, 50k and 100k
//! entries, the p50/p95/p99 latency of 300 different queries (people of 25 skills for
//! `matchVacancies`, vacancies for `matchCandidates`; first page of 20), then runs the
//! criterion benchmarks (mean with confidence interval) for one typical query each.

use std::hint::black_box;
use std::time::Instant;

use chrono::{Duration, NaiveDate};
use criterion::{BenchmarkId, Criterion};
use rand::Rng;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use skillbridge_domain::availability::{AvailabilityWindow, JobPeriod};
use skillbridge_domain::match_index::{CandidateIndex, OpeningFilter, VacancyIndex};
use skillbridge_domain::matching::{
    GeoPoint, HeldSkill, MatchWeights, Opening, Seeker, SkillNeed, SkillTree,
};
use skillbridge_domain::profile::{Evidence, Proficiency, RightToWork, Track};
use skillbridge_domain::vacancy::{ContractType, InclusionSupport, Requirement};
use skillbridge_domain::{CefrLevel, LanguageCode, ProfileId, SkillId, VacancyId};

const SKILLS: usize = 13_939;
const GROUPS: usize = 673;
const OCCUPATIONS: usize = 3_007;
const SKILLS_PER_OCCUPATION: usize = 42;
const SIZES: [usize; 3] = [10_000, 50_000, 100_000];
const QUERIES: usize = 300;
const PAGE: usize = 20;
/// The day the queries are asked; jobs start and people are available around it.
const TODAY: NaiveDate = NaiveDate::from_ymd_opt(2027, 3, 1).unwrap();

/// A day within `days` after today.
fn soon(rng: &mut ChaCha8Rng, days: i64) -> NaiveDate {
    TODAY + Duration::days(rng.random_range(0..days))
}

/// Sixty places across Europe, from Lisbon to Helsinki.
fn cities(rng: &mut ChaCha8Rng) -> Vec<GeoPoint> {
    (0..60)
        .map(|_| GeoPoint {
            latitude: rng.random_range(38.0..61.0),
            longitude: rng.random_range(-9.0..25.0),
        })
        .collect()
}

struct Market {
    skills: Vec<SkillId>,
    tree: SkillTree,
    occupations: Vec<Vec<usize>>,
    /// Cumulative Zipf weights over occupations.
    popularity: Vec<f64>,
    cities: Vec<GeoPoint>,
    languages: Vec<LanguageCode>,
}

impl Market {
    fn new(rng: &mut ChaCha8Rng) -> Self {
        let skills: Vec<SkillId> = (0..SKILLS + GROUPS).map(|_| SkillId::new()).collect();
        // Skill i sits under group i % GROUPS (the groups are concepts too).
        let tree = SkillTree::new((0..SKILLS).map(|i| (skills[i], skills[SKILLS + i % GROUPS])));
        let per_group = SKILLS / GROUPS;
        let occupations = (0..OCCUPATIONS)
            .map(|_| {
                let home: Vec<usize> = (0..3).map(|_| rng.random_range(0..GROUPS)).collect();
                let mut own: Vec<usize> = (0..SKILLS_PER_OCCUPATION)
                    .map(|k| {
                        if k % 5 == 4 {
                            rng.random_range(0..SKILLS)
                        } else {
                            let group = home[rng.random_range(0..home.len())];
                            (group + GROUPS * rng.random_range(0..per_group)).min(SKILLS - 1)
                        }
                    })
                    .collect();
                own.sort_unstable();
                own.dedup();
                own
            })
            .collect();
        let mut total = 0.0;
        let popularity = (1..=OCCUPATIONS)
            .map(|rank| {
                total += 1.0 / rank as f64;
                total
            })
            .collect();
        let languages = ["de", "fr", "nl", "es", "it", "pl", "sv", "en"]
            .iter()
            .map(|c| LanguageCode::parse(c).expect("a language"))
            .collect();
        Self {
            skills,
            tree,
            occupations,
            popularity,
            cities: cities(rng),
            languages,
        }
    }

    fn occupation(&self, rng: &mut ChaCha8Rng) -> &[usize] {
        let last = *self.popularity.last().expect("occupations");
        let pick = rng.random_range(0.0..last);
        let index = self.popularity.partition_point(|w| *w < pick);
        &self.occupations[index.min(OCCUPATIONS - 1)]
    }

    fn near(&self, rng: &mut ChaCha8Rng) -> GeoPoint {
        let city = self.cities[rng.random_range(0..self.cities.len())];
        GeoPoint {
            latitude: city.latitude + rng.random_range(-0.2..0.2),
            longitude: city.longitude + rng.random_range(-0.2..0.2),
        }
    }

    fn opening(&self, rng: &mut ChaCha8Rng) -> Opening {
        let occupation = self.occupation(rng).to_vec();
        let wanted = rng.random_range(6..=12).min(occupation.len());
        let skills = (0..wanted)
            .map(|k| SkillNeed {
                skill: self.skills[occupation[rng.random_range(0..occupation.len())]],
                requirement: if k < wanted / 2 {
                    Requirement::Essential
                } else {
                    Requirement::Optional
                },
                min_proficiency: Some(Proficiency::ALL[rng.random_range(0..3)]),
            })
            .collect();
        let languages = if rng.random_bool(0.7) {
            vec![(
                self.languages[rng.random_range(0..self.languages.len())],
                CefrLevel::ALL[rng.random_range(1..5)],
            )]
        } else {
            Vec::new()
        };
        let contract_type = ContractType::ALL[rng.random_range(0..ContractType::ALL.len())];
        let starts_on = rng.random_bool(0.6).then(|| soon(rng, 180));
        let seasonal = matches!(
            contract_type,
            ContractType::Seasonal | ContractType::FixedTerm
        );
        Opening {
            skills,
            languages,
            location: Some(self.near(rng)),
            remote: rng.random_bool(0.05),
            visa_sponsorship: rng.random_bool(0.2),
            shortage: rng.random_bool(0.3),
            contract_type,
            period: JobPeriod {
                starts_on,
                ends_on: starts_on
                    .filter(|_| seasonal)
                    .map(|s| s + Duration::days(rng.random_range(30..240))),
            },
            inclusion_support: if rng.random_bool(0.2) {
                vec![InclusionSupport::ALL[rng.random_range(0..InclusionSupport::ALL.len())]]
            } else {
                Vec::new()
            },
            tracks: if rng.random_bool(0.05) {
                vec![Track::Youth]
            } else {
                Vec::new()
            },
        }
    }

    fn seeker(&self, rng: &mut ChaCha8Rng, skill_count: usize) -> Seeker {
        let first = self.occupation(rng).to_vec();
        let second = self.occupation(rng).to_vec();
        let mut picked: Vec<usize> = (0..skill_count)
            .map(|k| {
                let from = if k % 4 == 3 { &second } else { &first };
                from[rng.random_range(0..from.len())]
            })
            .collect();
        picked.sort_unstable();
        picked.dedup();
        Seeker {
            skills: picked
                .into_iter()
                .map(|i| HeldSkill {
                    skill: self.skills[i],
                    proficiency: Proficiency::ALL[rng.random_range(0..4)],
                    evidence: Evidence::SelfDeclared,
                })
                .collect(),
            languages: vec![
                (
                    self.languages[rng.random_range(0..self.languages.len())],
                    CefrLevel::ALL[rng.random_range(0..6)],
                ),
                (self.languages[7], CefrLevel::B2),
            ],
            location: Some(self.near(rng)),
            mobility_radius_km: Some(rng.random_range(20..150)),
            willing_to_relocate: rng.random_bool(0.15),
            right_to_work: if rng.random_bool(0.8) {
                RightToWork::Yes
            } else {
                RightToWork::Pending
            },
            tracks: Vec::new(),
            // One in ten comes for seasons.
            availability: if rng.random_bool(0.1) {
                let from = soon(rng, 120);
                vec![AvailabilityWindow {
                    from,
                    until: Some(from + Duration::days(rng.random_range(60..150))),
                }]
            } else {
                Vec::new()
            },
        }
    }
}

fn vacancy_index(market: &Market, size: usize) -> VacancyIndex {
    let mut rng = ChaCha8Rng::seed_from_u64(2);
    let mut index = VacancyIndex::default();
    for _ in 0..size {
        index.upsert(VacancyId::new(), market.opening(&mut rng));
    }
    index
}

fn candidate_index(market: &Market, size: usize) -> CandidateIndex {
    let mut rng = ChaCha8Rng::seed_from_u64(3);
    let mut index = CandidateIndex::default();
    for _ in 0..size {
        let skills = rng.random_range(5..=25);
        index.upsert(ProfileId::new(), market.seeker(&mut rng, skills));
    }
    index
}

/// p50, p95, p99 in milliseconds, and the mean number of matches.
fn percentiles(mut times: Vec<f64>, matches: usize) -> String {
    times.sort_by(f64::total_cmp);
    let at = |q: f64| times[((times.len() as f64 * q) as usize).min(times.len() - 1)];
    format!(
        "p50 {:.2} ms, p95 {:.2} ms, p99 {:.2} ms, max {:.2} ms; {} matches on average",
        at(0.50),
        at(0.95),
        at(0.99),
        times.last().copied().unwrap_or_default(),
        matches / times.len()
    )
}

fn latency_table(market: &Market) {
    let weights = MatchWeights::default();
    let filter = OpeningFilter::default();
    let mut rng = ChaCha8Rng::seed_from_u64(4);
    let people: Vec<Seeker> = (0..QUERIES).map(|_| market.seeker(&mut rng, 25)).collect();
    let openings: Vec<Opening> = (0..QUERIES).map(|_| market.opening(&mut rng)).collect();
    for size in SIZES {
        let index = vacancy_index(market, size);
        let (mut times, mut total) = (Vec::new(), 0);
        for person in &people {
            let start = Instant::now();
            let ranked = index.rank(person, &market.tree, &weights, TODAY, &filter, PAGE, None);
            times.push(start.elapsed().as_secs_f64() * 1e3);
            total += ranked.total;
            black_box(ranked);
        }
        println!(
            "matchVacancies over {size} open vacancies, 25-skill people: {}",
            percentiles(times, total)
        );
    }
    for size in SIZES {
        let index = candidate_index(market, size);
        let (mut times, mut total) = (Vec::new(), 0);
        for opening in &openings {
            let start = Instant::now();
            let ranked = index.rank(opening, &market.tree, &weights, TODAY, PAGE, None);
            times.push(start.elapsed().as_secs_f64() * 1e3);
            total += ranked.total;
            black_box(ranked);
        }
        println!(
            "matchCandidates over {size} findable people: {}",
            percentiles(times, total)
        );
    }
}

fn criterion_benches(c: &mut Criterion, market: &Market) {
    let weights = MatchWeights::default();
    let filter = OpeningFilter::default();
    let mut rng = ChaCha8Rng::seed_from_u64(5);
    let person = market.seeker(&mut rng, 25);
    let opening = market.opening(&mut rng);
    let mut group = c.benchmark_group("matchVacancies");
    for size in SIZES {
        let index = vacancy_index(market, size);
        group.bench_with_input(BenchmarkId::from_parameter(size), &index, |b, index| {
            b.iter(|| index.rank(&person, &market.tree, &weights, TODAY, &filter, PAGE, None))
        });
    }
    group.finish();
    let mut group = c.benchmark_group("matchCandidates");
    for size in SIZES {
        let index = candidate_index(market, size);
        group.bench_with_input(BenchmarkId::from_parameter(size), &index, |b, index| {
            b.iter(|| index.rank(&opening, &market.tree, &weights, TODAY, PAGE, None))
        });
    }
    group.finish();
}

fn main() {
    let market = Market::new(&mut ChaCha8Rng::seed_from_u64(1));
    latency_table(&market);
    let mut criterion = Criterion::default().configure_from_args();
    criterion_benches(&mut criterion, &market);
    criterion.final_summary();
}
