//! The demo records themselves: pure functions of a random stream, the vocabulary and the
//! day, so that a seed always gives the same people, vacancies and courses.

use chrono::{Datelike, Duration, NaiveDate};
use rand::Rng;
use rand::seq::IndexedRandom;
use skillbridge_domain::availability::AvailabilityWindow;
use skillbridge_domain::bulk::{BulkCohort, BulkCourse, BulkProfile, BulkVacancy};
use skillbridge_domain::career::{ExperienceKind, WorkExperience};
use skillbridge_domain::course::{Audience, Cost, CourseDetails, CourseMode, CourseSkill};
use skillbridge_domain::profile::{
    Evidence, IntendedStay, Location, NewProfileSkill, Proficiency, ProfileDetails,
    ProfileLanguage, RightToWork, Track, Visibility,
};
use skillbridge_domain::vacancy::{
    ContractType, InclusionSupport, Requirement, Salary, VacancyDetails, VacancyLanguage,
    VacancySkill, VacancyStatus,
};
use skillbridge_domain::world_region::{WorldRegion, region_of_country};
use skillbridge_domain::{
    CefrLevel, ConsentPurpose, Email, LanguageCode, NewUser, OrganisationId, Role,
};

use super::places::{CITIES, City, ORIGINS, Origin};
use super::vocabulary::{DemoOccupation, Vocabulary};

/// Picks one of `choices` with probability proportional to its weight.
fn weighted<T: Copy>(rng: &mut impl Rng, choices: &[(T, u32)]) -> T {
    let total: u32 = choices.iter().map(|(_, w)| w).sum();
    let mut roll = rng.random_range(0..total);
    for (choice, weight) in choices {
        if roll < *weight {
            return *choice;
        }
        roll -= weight;
    }
    choices[choices.len() - 1].0
}

fn chance(rng: &mut impl Rng, percent: u32) -> bool {
    rng.random_range(0..100) < percent
}

fn language(code: &str) -> LanguageCode {
    LanguageCode::parse(code).expect("the demo places use ISO 639-1 codes")
}

fn location(city: &City) -> Location {
    Location {
        place_name: Some(city.name.to_owned()),
        country_code: Some(city.country.to_owned()),
        region_code: Some(city.region.to_owned()),
        latitude: Some(city.latitude),
        longitude: Some(city.longitude),
    }
}

/// An occupation, shortage ones `shortage_percent` of the time when there are any.
fn occupation<'v>(
    rng: &mut impl Rng,
    vocabulary: &'v Vocabulary,
    shortage_percent: u32,
) -> &'v DemoOccupation {
    if !vocabulary.shortage.is_empty() && chance(rng, shortage_percent) {
        let index = vocabulary.shortage.choose(rng).expect("not empty");
        &vocabulary.occupations[*index]
    } else {
        vocabulary
            .occupations
            .choose(rng)
            .expect("the vocabulary has occupations")
    }
}

fn capitalised(label: &str) -> String {
    let mut chars = label.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn origin(rng: &mut impl Rng) -> &'static Origin {
    let total: u32 = ORIGINS.iter().map(|o| o.weight).sum();
    let mut roll = rng.random_range(0..total);
    for origin in ORIGINS {
        if roll < origin.weight {
            return origin;
        }
        roll -= origin.weight;
    }
    &ORIGINS[0]
}

/// Person number `n`: drawn around a real occupation, with some of its skills missing.
pub fn profile(
    rng: &mut impl Rng,
    vocabulary: &Vocabulary,
    n: usize,
    today: NaiveDate,
) -> BulkProfile {
    let origin = origin(rng);
    let city = CITIES.choose(rng).expect("cities");
    let gender = weighted(rng, &[(Some("woman"), 46), (Some("man"), 46), (None, 8)]);
    let given = origin.given_names.choose(rng).expect("names");
    let family = origin.family_names.choose(rng).expect("names");
    let age = 16 + rng.random_range(0..25) + rng.random_range(0..25);
    let email = Email::parse(&format!("demo-migrant-{n}@example.org")).expect("a valid address");
    let target = occupation(rng, vocabulary, 30);

    let mut details = ProfileDetails::new(format!("{given} {family}"));
    details.contact_email = Some(email.clone());
    details.birth_year = Some(today.year() - age);
    details.gender = gender.map(str::to_owned);
    details.country_of_origin = Some(origin.country.to_owned());
    details.arrival_date = Some(today - Duration::days(rng.random_range(30..3650)));
    details.right_to_work = weighted(
        rng,
        &[
            (RightToWork::Yes, 55),
            (RightToWork::Pending, 25),
            (RightToWork::No, 10),
            (RightToWork::Unknown, 10),
        ],
    );
    details.location = location(city);
    details.mobility_radius_km = Some(*[10, 20, 30, 50, 100, 200].choose(rng).expect("radii"));
    details.willing_to_relocate = chance(rng, 20);
    let intended_stay = weighted(
        rng,
        &[
            (IntendedStay::Settled, 70),
            (IntendedStay::Temporary, 20),
            (IntendedStay::SeasonalOrCircular, 10),
        ],
    );
    details.intended_stay = Some(intended_stay);
    details.availability = if intended_stay == IntendedStay::SeasonalOrCircular {
        // This season and the same one next year.
        let from = today + Duration::days(rng.random_range(0..120));
        let until = from + Duration::days(rng.random_range(60..150));
        [0, 365]
            .iter()
            .map(|shift| AvailabilityWindow {
                from: from + Duration::days(*shift),
                until: Some(until + Duration::days(*shift)),
            })
            .collect()
    } else if chance(rng, 30) {
        vec![AvailabilityWindow {
            from: today + Duration::days(rng.random_range(0..90)),
            until: None,
        }]
    } else {
        Vec::new()
    };
    details.visibility = weighted(
        rng,
        &[
            (Visibility::Anonymised, 60),
            (Visibility::Visible, 15),
            (Visibility::Private, 25),
        ],
    );
    if age <= 29 && chance(rng, 60) {
        details.tracks.push(Track::Youth);
    }
    if gender == Some("woman") && chance(rng, 45) {
        details.tracks.push(Track::Women);
    }
    if chance(rng, 8) {
        details.tracks.push(Track::Entrepreneurship);
    }

    // Most of the target occupation's essential skills and some optional ones: the gaps
    // are what matching and pathways work on.
    let mut skills = Vec::new();
    let mut held: Vec<_> = target
        .essential
        .iter()
        .filter(|_| chance(rng, 70))
        .copied()
        .collect();
    held.extend(target.optional.iter().filter(|_| chance(rng, 35)).copied());
    for skill_id in held.into_iter().take(40) {
        skills.push(NewProfileSkill {
            skill_id,
            proficiency: weighted(
                rng,
                &[
                    (Proficiency::Basic, 20),
                    (Proficiency::Intermediate, 45),
                    (Proficiency::Advanced, 28),
                    (Proficiency::Expert, 7),
                ],
            ),
            evidence: weighted(
                rng,
                &[
                    (Evidence::SelfDeclared, 75),
                    (Evidence::CaseworkerAssessed, 20),
                    (Evidence::Certified, 5),
                ],
            ),
        });
    }

    let mother = language(origin.language);
    let mut languages = vec![ProfileLanguage {
        language: mother,
        level: CefrLevel::C2,
        mother_tongue: true,
    }];
    let host = language(city.language);
    if host != mother {
        languages.push(ProfileLanguage {
            language: host,
            level: weighted(
                rng,
                &[
                    (CefrLevel::A1, 20),
                    (CefrLevel::A2, 25),
                    (CefrLevel::B1, 28),
                    (CefrLevel::B2, 17),
                    (CefrLevel::C1, 10),
                ],
            ),
            mother_tongue: false,
        });
    }
    let english = language("en");
    if english != mother && english != host && chance(rng, 40) {
        languages.push(ProfileLanguage {
            language: english,
            level: weighted(
                rng,
                &[
                    (CefrLevel::A2, 30),
                    (CefrLevel::B1, 35),
                    (CefrLevel::B2, 25),
                    (CefrLevel::C1, 10),
                ],
            ),
            mother_tongue: false,
        });
    }

    let experience = vec![WorkExperience {
        id: uuid::Uuid::now_v7(),
        occupation_id: Some(target.id),
        title: None,
        kind: weighted(
            rng,
            &[
                (ExperienceKind::Waged, 75),
                (ExperienceKind::SelfEmployed, 15),
                (ExperienceKind::Unpaid, 10),
            ],
        ),
        years: f64::from(rng.random_range(1..30_u32)) / 2.0,
        country_code: Some(origin.country.to_owned()),
    }];
    // People who chose to be seen consented to sharing; most consent to matching.
    let mut consents = Vec::new();
    if details.visibility != Visibility::Private {
        consents.push(ConsentPurpose::SharingWithEmployers);
    }
    if chance(rng, 85) {
        consents.push(ConsentPurpose::Matching);
    }
    // Most let their data count, anonymously, in statistics.
    if chance(rng, 70) {
        consents.push(ConsentPurpose::Analytics);
    }
    let mut desired_occupations = vec![target.id];
    let second = occupation(rng, vocabulary, 30);
    if second.id != target.id && chance(rng, 30) {
        desired_occupations.push(second.id);
    }

    BulkProfile {
        user: NewUser {
            email,
            role: Role::Migrant,
            display_name: details.display_name.clone(),
            password_hash: None,
        },
        details,
        skills,
        languages,
        experience,
        desired_occupations,
        consents,
    }
}

/// Yearly gross salary in major units by ISCO major group, before the country's level.
fn salary_band(isco_major: u32) -> (i64, i64) {
    match isco_major {
        1 => (60_000, 90_000),
        2 => (45_000, 75_000),
        3 => (35_000, 55_000),
        4 => (28_000, 40_000),
        7 => (30_000, 45_000),
        8 => (28_000, 40_000),
        9 => (22_000, 30_000),
        _ => (24_000, 36_000),
    }
}

/// How many units of the city's currency a euro of a western-European salary is worth there.
fn salary_scale(city: &City) -> f64 {
    match city.currency {
        "SEK" => 11.0,
        "DKK" => 7.5,
        "PLN" => 4.3 * 0.55,
        "CZK" => 25.0 * 0.6,
        _ if matches!(city.country, "PT" | "GR") => 0.6,
        _ if matches!(city.country, "ES" | "IT") => 0.8,
        _ => 1.0,
    }
}

/// A vacancy of one of `employers`, taking its occupation's skills.
pub fn vacancy(
    rng: &mut impl Rng,
    vocabulary: &Vocabulary,
    employers: &[(OrganisationId, String)],
    today: NaiveDate,
) -> BulkVacancy {
    let (organisation, employer) = employers.choose(rng).expect("employers");
    let city = CITIES.choose(rng).expect("cities");
    let occupation = occupation(rng, vocabulary, 35);
    let contract_type = weighted(
        rng,
        &[
            (ContractType::Permanent, 45),
            (ContractType::FixedTerm, 20),
            (ContractType::Seasonal, 8),
            (ContractType::Apprenticeship, 10),
            (ContractType::Internship, 5),
            (ContractType::PartTime, 12),
        ],
    );
    let suffix = *["", " (m/f/d)", " – immediate start", " – full time"]
        .choose(rng)
        .expect("suffixes");
    let title = format!("{}{suffix}", capitalised(&occupation.label));
    let isco_major = occupation
        .isco_code
        .as_deref()
        .and_then(|c| c.chars().next())
        .and_then(|c| c.to_digit(10))
        .unwrap_or(0);
    let (low, high) = salary_band(isco_major);
    let scale = salary_scale(city);
    let min = (low + rng.random_range(0..(high - low) / 2)) as f64 * scale;
    let max = min * (1.1 + f64::from(rng.random_range(0..20_u32)) / 100.0);
    let closes_on = today + Duration::days(rng.random_range(7..45));
    let starts_on = closes_on + Duration::days(rng.random_range(0..60));

    let mut skills: Vec<VacancySkill> = occupation
        .essential
        .iter()
        .take(10)
        .map(|skill_id| VacancySkill {
            skill_id: *skill_id,
            requirement: Requirement::Essential,
            min_proficiency: Some(weighted(
                rng,
                &[
                    (Proficiency::Basic, 25),
                    (Proficiency::Intermediate, 55),
                    (Proficiency::Advanced, 20),
                ],
            )),
        })
        .collect();
    skills.extend(
        occupation
            .optional
            .iter()
            .take(5)
            .filter(|_| chance(rng, 60))
            .map(|skill_id| VacancySkill {
                skill_id: *skill_id,
                requirement: Requirement::Optional,
                min_proficiency: None,
            }),
    );
    let mut languages = vec![VacancyLanguage {
        language: language(city.language),
        min_level: weighted(
            rng,
            &[
                (CefrLevel::A2, 15),
                (CefrLevel::B1, 45),
                (CefrLevel::B2, 30),
                (CefrLevel::C1, 10),
            ],
        ),
    }];
    if city.language != "en" && chance(rng, 25) {
        languages.push(VacancyLanguage {
            language: language("en"),
            min_level: weighted(rng, &[(CefrLevel::B1, 60), (CefrLevel::B2, 40)]),
        });
    }
    let mut tracks = Vec::new();
    if matches!(
        contract_type,
        ContractType::Apprenticeship | ContractType::Internship
    ) && chance(rng, 80)
    {
        tracks.push(Track::Youth);
    }
    if chance(rng, 15) {
        tracks.push(Track::Women);
    }
    let inclusion_support = InclusionSupport::ALL
        .iter()
        .copied()
        .filter(|_| chance(rng, 20))
        .collect();

    BulkVacancy {
        organisation: *organisation,
        details: VacancyDetails {
            title,
            description: format!(
                "{employer} is hiring: {} in {}. We welcome applicants of every background and \
                 support newcomers through their first months.",
                occupation.label, city.name
            ),
            occupation_id: Some(occupation.id),
            location: location(city),
            remote: chance(rng, 5),
            contract_type,
            hours_per_week: Some(if contract_type == ContractType::PartTime {
                f64::from(rng.random_range(15..31_u32))
            } else {
                *[38.0, 39.0, 40.0].choose(rng).expect("hours")
            }),
            salary: chance(rng, 80).then(|| Salary {
                min: Some((min as i64 / 100) * 100 * 100),
                max: Some((max as i64 / 100) * 100 * 100),
                currency: city.currency.to_owned(),
            }),
            positions: weighted(rng, &[(1, 60), (2, 20), (3, 10), (5, 7), (10, 3)]),
            starts_on: Some(starts_on),
            ends_on: matches!(
                contract_type,
                ContractType::Seasonal | ContractType::FixedTerm
            )
            .then(|| starts_on + Duration::days(rng.random_range(60..365))),
            closes_on: Some(closes_on),
            visa_sponsorship: chance(rng, 15),
            inclusion_support,
            tracks,
            skills,
            languages,
        },
        status: weighted(
            rng,
            &[
                (VacancyStatus::Open, 85),
                (VacancyStatus::Draft, 5),
                (VacancyStatus::Closed, 10),
            ],
        ),
    }
}

/// A course of one of `providers`: mostly vocational, some language courses for work and
/// some intercultural training for employers' staff.
pub fn course(
    rng: &mut impl Rng,
    vocabulary: &Vocabulary,
    providers: &[OrganisationId],
    today: NaiveDate,
) -> BulkCourse {
    let organisation = *providers.choose(rng).expect("providers");
    let city = CITIES.choose(rng).expect("cities");
    let host = language(city.language);
    let kind = weighted(rng, &[("vocational", 80), ("language", 15), ("staff", 5)]);
    let mode = weighted(
        rng,
        &[
            (CourseMode::InPerson, 50),
            (CourseMode::Online, 25),
            (CourseMode::Hybrid, 25),
        ],
    );
    let mut details = CourseDetails {
        title: String::new(),
        description: String::new(),
        mode,
        location: location(city),
        cost: (!chance(rng, 60)).then(|| Cost {
            amount: i64::from(rng.random_range(5..150_u32)) * 1_000,
            currency: city.currency.to_owned(),
        }),
        credential_name: None,
        credential_eqf_level: None,
        audience: Audience::Jobseekers,
        min_language: None,
        teaches_language: None,
        childcare: chance(rng, 25),
        stipend: chance(rng, 20),
        transport: chance(rng, 30),
        tracks: Vec::new(),
        skills: Vec::new(),
        languages: vec![host],
        prerequisites: Vec::new(),
        min_eqf_level: None,
        prepares_support: Vec::new(),
        origin_regions: Vec::new(),
    };
    match kind {
        "language" => {
            let (from, to) = *[
                (CefrLevel::A1, CefrLevel::A2),
                (CefrLevel::A2, CefrLevel::B1),
                (CefrLevel::B1, CefrLevel::B2),
            ]
            .choose(rng)
            .expect("levels");
            details.title = format!(
                "{} for work ({} to {})",
                host.name(),
                from.code(),
                to.code()
            );
            details.description = format!(
                "Workplace {} in {}: from {} to {}, with job-search vocabulary.",
                host.name(),
                city.name,
                from.code(),
                to.code()
            );
            details.min_language = Some((host, from));
            details.teaches_language = Some((host, to));
            details.credential_name = Some(format!("{} {} certificate", host.name(), to.code()));
        }
        "staff" => {
            details.title = "Intercultural teams: welcoming migrant colleagues".to_owned();
            details.description =
                "For managers and staff: onboarding newcomers, plain language and inclusive teams."
                    .to_owned();
            details.audience = Audience::EmployerStaff;
            details.prepares_support = [
                InclusionSupport::Mentoring,
                InclusionSupport::LanguageSupport,
            ]
            .into_iter()
            .filter(|_| chance(rng, 50))
            .collect();
            let mut regions: Vec<WorldRegion> = ORIGINS
                .iter()
                .filter(|_| chance(rng, 15))
                .filter_map(|o| region_of_country(o.country))
                .collect();
            regions.sort();
            regions.dedup();
            details.origin_regions = regions;
        }
        _ => {
            let occupation = occupation(rng, vocabulary, 35);
            let taught: Vec<_> = occupation
                .essential
                .iter()
                .chain(&occupation.optional)
                .filter(|_| chance(rng, 50))
                .take(6)
                .copied()
                .collect();
            let taught = if taught.len() < 2 {
                occupation
                    .essential
                    .iter()
                    .chain(&occupation.optional)
                    .take(3)
                    .copied()
                    .collect()
            } else {
                taught
            };
            details.title = format!(
                "{}: {}",
                capitalised(&occupation.label),
                vocabulary.label(taught[0])
            );
            details.description = format!(
                "Practical training towards work as {} in {}.",
                occupation.label, city.name
            );
            details.skills = taught
                .into_iter()
                .map(|skill_id| CourseSkill {
                    skill_id,
                    level_reached: weighted(
                        rng,
                        &[
                            (Proficiency::Basic, 30),
                            (Proficiency::Intermediate, 55),
                            (Proficiency::Advanced, 15),
                        ],
                    ),
                })
                .collect();
            if chance(rng, 50) {
                details.credential_name = Some(format!("Certificate in {}", occupation.label));
                details.credential_eqf_level = Some(rng.random_range(2..6));
            }
            if host.as_str() != "en" && chance(rng, 50) {
                details.min_language = Some((
                    host,
                    weighted(rng, &[(CefrLevel::A2, 60), (CefrLevel::B1, 40)]),
                ));
            }
        }
    }
    if host.as_str() != "en" && chance(rng, 30) {
        details.languages.push(language("en"));
    }
    for (track, percent) in [
        (Track::Women, 15),
        (Track::Youth, 15),
        (Track::Entrepreneurship, 8),
    ] {
        if chance(rng, percent) {
            details.tracks.push(track);
        }
    }
    let cohorts = (0..rng.random_range(1..4))
        .map(|_| {
            let starts_on = today + Duration::days(rng.random_range(14..240));
            BulkCohort {
                starts_on,
                ends_on: Some(starts_on + Duration::days(rng.random_range(30..180))),
                seats: rng.random_range(8..26),
            }
        })
        .collect();
    BulkCourse {
        organisation,
        details,
        cohorts,
    }
}
