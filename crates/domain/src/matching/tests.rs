//! Scenarios with expected orders and explanations.

use super::*;

const TODAY: NaiveDate = NaiveDate::from_ymd_opt(2027, 3, 1).unwrap();

fn day(month: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2027, month, d).unwrap()
}

fn de() -> LanguageCode {
    LanguageCode::parse("de").unwrap()
}

const BERLIN: GeoPoint = GeoPoint {
    latitude: 52.52,
    longitude: 13.405,
};
const POTSDAM: GeoPoint = GeoPoint {
    latitude: 52.3906,
    longitude: 13.0645,
};
const MUENCHEN: GeoPoint = GeoPoint {
    latitude: 48.1374,
    longitude: 11.5755,
};

fn held(skill: SkillId, proficiency: Proficiency) -> HeldSkill {
    HeldSkill {
        skill,
        proficiency,
        evidence: Evidence::SelfDeclared,
    }
}

fn need(skill: SkillId, requirement: Requirement) -> SkillNeed {
    SkillNeed {
        skill,
        requirement,
        min_proficiency: Some(Proficiency::Intermediate),
    }
}

/// A care worker in Berlin with German B1, who may work, within 50 km.
fn care_worker(skills: Vec<HeldSkill>) -> Seeker {
    Seeker {
        skills,
        languages: vec![(de(), CefrLevel::B1)],
        location: Some(BERLIN),
        mobility_radius_km: Some(50),
        willing_to_relocate: false,
        right_to_work: RightToWork::Yes,
        tracks: vec![],
        availability: vec![],
    }
}

fn care_job(skills: Vec<SkillNeed>, german: CefrLevel) -> Opening {
    Opening {
        skills,
        languages: vec![(de(), german)],
        location: Some(BERLIN),
        remote: false,
        visa_sponsorship: false,
        shortage: false,
        contract_type: ContractType::Permanent,
        inclusion_support: vec![],
        tracks: vec![],
        period: JobPeriod::default(),
    }
}

fn score(seeker: &Seeker, opening: &Opening) -> f64 {
    fit(
        seeker,
        opening,
        &SkillTree::default(),
        &MatchWeights::default(),
        TODAY,
    )
    .unwrap()
    .score
}

#[test]
fn a_b1_speaker_ranks_a_b1_vacancy_above_an_otherwise_equal_c1_one() {
    let care = SkillId::new();
    let person = care_worker(vec![held(care, Proficiency::Advanced)]);
    let b1 = care_job(vec![need(care, Requirement::Essential)], CefrLevel::B1);
    let c1 = care_job(vec![need(care, Requirement::Essential)], CefrLevel::C1);
    assert!(score(&person, &b1) > score(&person, &c1));
    let explained = fit(
        &person,
        &c1,
        &SkillTree::default(),
        &MatchWeights::default(),
        TODAY,
    )
    .unwrap();
    assert_eq!(explained.languages[0].held, Some(CefrLevel::B1));
    assert_eq!(explained.languages[0].required, CefrLevel::C1);
    assert!(
        (explained.languages[0].credit - 0.4).abs() < 1e-9,
        "two levels short"
    );
}

#[test]
fn a_missing_essential_skill_costs_more_than_a_missing_optional_one() {
    let (a, b, c) = (SkillId::new(), SkillId::new(), SkillId::new());
    let person = care_worker(vec![held(a, Proficiency::Advanced)]);
    // Ten essential skills and one optional would let one optional skill outweigh an
    // essential one if each kind were averaged on its own; units prevent that.
    let mut needs: Vec<SkillNeed> = (0..9)
        .map(|_| need(SkillId::new(), Requirement::Essential))
        .collect();
    needs.push(need(a, Requirement::Essential));
    let missing_essential = {
        let mut n = needs.clone();
        n.push(need(b, Requirement::Essential));
        n.push(need(c, Requirement::Optional));
        n
    };
    let person_with_b = care_worker(vec![
        held(a, Proficiency::Advanced),
        held(b, Proficiency::Expert),
    ]);
    let person_with_c = care_worker(vec![
        held(a, Proficiency::Advanced),
        held(c, Proficiency::Expert),
    ]);
    let job = care_job(missing_essential, CefrLevel::B1);
    // One lacks the optional skill, the other the essential one.
    assert!(score(&person_with_b, &job) > score(&person_with_c, &job));
    let explained = fit(
        &person,
        &job,
        &SkillTree::default(),
        &MatchWeights::default(),
        TODAY,
    )
    .unwrap();
    let top = &explained.improvements[0];
    assert_ne!(top.skill, c, "an essential skill would add most");
}

#[test]
fn a_vacancy_300_km_away_is_excluded_for_a_50_km_radius_without_relocation() {
    let person = care_worker(vec![]);
    let mut far = care_job(vec![], CefrLevel::B1);
    far.location = Some(MUENCHEN);
    let excluded = fit(
        &person,
        &far,
        &SkillTree::default(),
        &MatchWeights::default(),
        TODAY,
    );
    assert!(
        matches!(excluded, Err(Exclusion::TooFar { distance_km, radius_km: 50 }) if distance_km > 300.0),
        "{excluded:?}"
    );
    let mut mover = person.clone();
    mover.willing_to_relocate = true;
    assert!(
        fit(
            &mover,
            &far,
            &SkillTree::default(),
            &MatchWeights::default(),
            TODAY
        )
        .is_ok()
    );
    far.remote = true;
    assert!(
        fit(
            &person,
            &far,
            &SkillTree::default(),
            &MatchWeights::default(),
            TODAY
        )
        .is_ok()
    );
}

#[test]
fn nearer_scores_higher_and_shortage_and_tracks_boost() {
    let person = care_worker(vec![]);
    let here = care_job(vec![], CefrLevel::B1);
    let mut near = here.clone();
    near.location = Some(POTSDAM);
    assert!(score(&person, &here) > score(&person, &near));
    let mut shortage = here.clone();
    shortage.shortage = true;
    assert!(score(&person, &shortage) > score(&person, &here));

    let mut young = person.clone();
    young.tracks = vec![Track::Youth];
    let mut apprenticeship = here.clone();
    apprenticeship.contract_type = ContractType::Apprenticeship;
    assert!(score(&young, &apprenticeship) > score(&young, &here));
    assert_eq!(
        score(&person, &apprenticeship),
        score(&person, &here),
        "no boost for someone outside the track"
    );
    let mut woman = person.clone();
    woman.tracks = vec![Track::Women];
    let mut childcare = here.clone();
    childcare.inclusion_support = vec![InclusionSupport::Childcare];
    assert!(score(&woman, &childcare) > score(&woman, &here));
}

#[test]
fn right_to_work_is_a_hard_limit_unless_the_vacancy_sponsors_visas() {
    let mut person = care_worker(vec![]);
    person.right_to_work = RightToWork::Pending;
    let mut job = care_job(vec![], CefrLevel::B1);
    assert_eq!(
        fit(
            &person,
            &job,
            &SkillTree::default(),
            &MatchWeights::default(),
            TODAY
        ),
        Err(Exclusion::NoRightToWork)
    );
    job.visa_sponsorship = true;
    assert!(
        fit(
            &person,
            &job,
            &SkillTree::default(),
            &MatchWeights::default(),
            TODAY
        )
        .is_ok()
    );
}

#[test]
fn related_skills_earn_partial_credit_and_levels_below_the_minimum_cost() {
    let (nursing, geriatric, wound_care, unrelated) = (
        SkillId::new(),
        SkillId::new(),
        SkillId::new(),
        SkillId::new(),
    );
    // geriatric nursing and wound care are narrower skills of nursing.
    let tree = SkillTree::new([(geriatric, nursing), (wound_care, nursing)]);
    let weights = MatchWeights::default();
    let job = care_job(vec![need(nursing, Requirement::Essential)], CefrLevel::B1);
    let specialist = care_worker(vec![held(geriatric, Proficiency::Advanced)]);
    let explained = fit(&specialist, &job, &tree, &weights, TODAY).unwrap();
    assert_eq!(
        explained.requirements[0].coverage,
        Coverage::Related {
            via: geriatric,
            relation: Relation::Narrower,
            evidence: Evidence::SelfDeclared
        }
    );
    assert_eq!(explained.requirements[0].credit, weights.narrower_credit);

    let sibling_job = care_job(
        vec![need(wound_care, Requirement::Essential)],
        CefrLevel::B1,
    );
    let sibling = fit(&specialist, &sibling_job, &tree, &weights, TODAY).unwrap();
    assert_eq!(sibling.requirements[0].credit, weights.sibling_credit);

    let stranger = care_worker(vec![held(unrelated, Proficiency::Expert)]);
    let missing = fit(&stranger, &job, &tree, &weights, TODAY).unwrap();
    assert_eq!(missing.requirements[0].coverage, Coverage::Missing);

    let beginner = care_worker(vec![held(nursing, Proficiency::Basic)]);
    let below = fit(&beginner, &job, &tree, &weights, TODAY).unwrap();
    assert!(matches!(
        below.requirements[0].coverage,
        Coverage::BelowLevel { .. }
    ));
    assert_eq!(below.requirements[0].credit, 0.75, "one level short");
}

#[test]
fn the_explanation_adds_up_and_the_score_is_deterministic() {
    let (a, b) = (SkillId::new(), SkillId::new());
    let person = care_worker(vec![held(a, Proficiency::Advanced)]);
    let job = care_job(
        vec![
            need(a, Requirement::Essential),
            need(b, Requirement::Optional),
        ],
        CefrLevel::B2,
    );
    let first = fit(
        &person,
        &job,
        &SkillTree::default(),
        &MatchWeights::default(),
        TODAY,
    )
    .unwrap();
    let again = fit(
        &person,
        &job,
        &SkillTree::default(),
        &MatchWeights::default(),
        TODAY,
    )
    .unwrap();
    assert_eq!(first, again);
    let sum: f64 = first.factors.iter().map(|f| f.contribution).sum();
    assert!((sum - first.score).abs() < 1e-12);
    assert!((0.0..=1.0).contains(&first.score));
    assert_eq!(first.improvements[0].skill, b);
}

/// The ranked lists score with `PreparedSeeker` and `PreparedOpening` and explain with
/// `fit`: on random people and vacancies over a small hierarchy (with multiple parents,
/// so a pair can be related in several ways) all three agree to the last bit, whatever the
/// weights.
#[test]
fn fast_scores_equal_the_explained_score() {
    use rand::{Rng, SeedableRng};
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
    let skills: Vec<SkillId> = (0..40).map(|_| SkillId::new()).collect();
    let mut links = Vec::new();
    for (i, skill) in skills.iter().enumerate().skip(4) {
        links.push((*skill, skills[i % 4]));
        if i % 7 == 0 {
            links.push((*skill, skills[(i + 1) % 4]));
        }
    }
    links.push((skills[0], skills[1]));
    let tree = SkillTree::new(links);
    let languages = [de(), LanguageCode::parse("fr").unwrap()];
    let weights_list = [
        MatchWeights::default(),
        MatchWeights {
            sibling_credit: 0.9,
            narrower_credit: 0.2,
            tracks: 0.0,
            ..MatchWeights::default()
        },
    ];
    for round in 0..2_000 {
        let weights = &weights_list[round % 2];
        let seeker = Seeker {
            skills: (0..rng.random_range(0..8))
                .map(|_| HeldSkill {
                    skill: skills[rng.random_range(0..skills.len())],
                    proficiency: Proficiency::ALL[rng.random_range(0..4)],
                    evidence: Evidence::SelfDeclared,
                })
                .collect(),
            languages: vec![(
                languages[rng.random_range(0..2)],
                CefrLevel::ALL[rng.random_range(0..6)],
            )],
            location: Some(BERLIN),
            mobility_radius_km: Some(rng.random_range(10..800)),
            willing_to_relocate: rng.random_bool(0.2),
            right_to_work: if rng.random_bool(0.8) {
                RightToWork::Yes
            } else {
                RightToWork::No
            },
            tracks: if rng.random_bool(0.3) {
                vec![Track::Youth]
            } else {
                vec![]
            },
            availability: if rng.random_bool(0.5) {
                vec![]
            } else {
                let from = day(rng.random_range(1..12), 1);
                vec![AvailabilityWindow {
                    from,
                    until: rng
                        .random_bool(0.7)
                        .then(|| from + chrono::Duration::days(rng.random_range(0..200))),
                }]
            },
        };
        let opening = Opening {
            skills: (0..rng.random_range(0..6))
                .map(|_| SkillNeed {
                    skill: skills[rng.random_range(0..skills.len())],
                    requirement: if rng.random_bool(0.5) {
                        Requirement::Essential
                    } else {
                        Requirement::Optional
                    },
                    min_proficiency: Some(Proficiency::ALL[rng.random_range(0..4)]),
                })
                .collect(),
            languages: vec![(
                languages[rng.random_range(0..2)],
                CefrLevel::ALL[rng.random_range(0..6)],
            )],
            location: Some([BERLIN, POTSDAM, MUENCHEN][rng.random_range(0..3)]),
            remote: rng.random_bool(0.1),
            visa_sponsorship: rng.random_bool(0.3),
            shortage: rng.random_bool(0.3),
            contract_type: ContractType::ALL[rng.random_range(0..ContractType::ALL.len())],
            inclusion_support: vec![],
            tracks: vec![],
            period: JobPeriod {
                starts_on: rng
                    .random_bool(0.7)
                    .then(|| day(rng.random_range(1..12), 15)),
                ends_on: rng.random_bool(0.5).then(|| day(12, 31)),
            },
        };
        let explained = fit(&seeker, &opening, &tree, weights, TODAY)
            .ok()
            .map(|f| f.score);
        let by_person = PreparedSeeker::new(&seeker, &tree, weights, TODAY).score(&opening);
        let by_vacancy = PreparedOpening::new(&opening, &tree, weights, TODAY).score(&seeker);
        assert_eq!(explained, by_person, "round {round}");
        assert_eq!(explained, by_vacancy, "round {round}");
    }
}

/// A seasonal worker available June to September: a July-August harvest fits fully and
/// ranks first, a permanent job from June fits a third of its first year and ranks below
/// it, a permanent October start is excluded with the job's dates; employers' ranking
/// uses the same availability.
#[test]
fn a_seasonal_worker_ranks_the_harvest_first_and_is_excluded_from_an_october_start() {
    let picking = SkillId::new();
    let mut person = care_worker(vec![held(picking, Proficiency::Advanced)]);
    person.availability = vec![AvailabilityWindow {
        from: day(6, 1),
        until: Some(day(9, 30)),
    }];
    let job = |starts_on, ends_on, contract_type| {
        let mut job = care_job(vec![need(picking, Requirement::Essential)], CefrLevel::B1);
        job.contract_type = contract_type;
        job.period = JobPeriod { starts_on, ends_on };
        job
    };
    let harvest = job(Some(day(7, 1)), Some(day(8, 31)), ContractType::Seasonal);
    let june = job(Some(day(6, 1)), None, ContractType::Permanent);
    let october = job(Some(day(10, 1)), None, ContractType::Permanent);
    let explained = fit(
        &person,
        &harvest,
        &SkillTree::default(),
        &MatchWeights::default(),
        TODAY,
    )
    .unwrap();
    let availability = explained.availability.expect("windows were given");
    assert_eq!(availability.share, 1.0);
    assert!(availability.available_at_start);
    let factor = explained
        .factors
        .iter()
        .find(|f| f.name == "availability")
        .unwrap();
    assert_eq!(factor.value, 1.0);
    assert!(score(&person, &harvest) > score(&person, &june));
    match fit(
        &person,
        &october,
        &SkillTree::default(),
        &MatchWeights::default(),
        TODAY,
    ) {
        Err(Exclusion::Unavailable(outside)) => {
            assert_eq!(outside.from, day(10, 1));
            assert!(outside.open_ended);
        }
        other => panic!("{other:?}"),
    }
    // Someone who gave no windows is available any time: the factor is full for each.
    let anytime = care_worker(vec![held(picking, Proficiency::Advanced)]);
    assert_eq!(score(&anytime, &october), score(&anytime, &harvest));
    // Employers rank with availability too (it is about the job's dates).
    let weights = MatchWeights::default().for_employers();
    let tree = SkillTree::default();
    let for_june = PreparedOpening::new(&june, &tree, &weights, TODAY);
    assert!(for_june.score(&anytime) > for_june.score(&person));
    let for_october = PreparedOpening::new(&october, &tree, &weights, TODAY);
    assert_eq!(for_october.score(&person), None);
}
