//! `skillbridge seed-demo`: realistic, deterministic demo data built from the taxonomy.
//! Employers post vacancies that take their occupation's skills, people are drawn around
//! real occupations with gaps in their skills, trainers run courses with cohorts, places are
//! real cities, and vacancies in shortage occupations come up more often. The same seed
//! gives the same data (ids and timestamps aside).

pub mod generate;
pub mod places;
pub mod vocabulary;

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use skillbridge_domain::{
    Email, NewOrganisation, NewUser, OrganisationId, OrganisationKind, Role, Store, clock,
};

use crate::ImportError;

/// How much to generate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SeedOptions {
    pub profiles: usize,
    pub vacancies: usize,
    pub courses: usize,
    pub seed: u64,
}

/// What was generated.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SeedReport {
    pub profiles: usize,
    pub vacancies: usize,
    pub courses: usize,
    pub employers: usize,
    pub providers: usize,
    /// Occupations the data was drawn from, and how many of them are in shortage.
    pub occupations: usize,
    pub shortage_occupations: usize,
}

/// Rows written per transaction.
const BATCH: usize = 1_000;

/// A separate random stream per kind of record, so that asking for more courses does not
/// change the people.
fn stream(seed: u64, kind: u64) -> ChaCha8Rng {
    ChaCha8Rng::seed_from_u64(seed ^ kind.wrapping_mul(0x9E37_79B9_7F4A_7C15))
}

const EMPLOYER_PREFIXES: &[&str] = &[
    "Alpen",
    "Nordstern",
    "Blue Harbour",
    "Sonnenhof",
    "Rhein",
    "Atlas",
    "Meridian",
    "Vega",
    "Iris",
    "Delta",
    "Lindenberg",
    "Costa",
    "Baltic",
    "Aurora",
    "Kestrel",
];
const EMPLOYER_SECTORS: &[&str] = &[
    "Care",
    "Logistics",
    "Construction",
    "Hospitality",
    "Foods",
    "Tech",
    "Facility Services",
    "Manufacturing",
    "Cleaning",
    "Energy",
    "Health",
    "Agri",
];

/// Creates `count` organisations of `kind`, each with an owner account.
async fn organisations(
    store: &dyn Store,
    kind: OrganisationKind,
    count: usize,
) -> Result<Vec<(OrganisationId, String)>, ImportError> {
    let (role, prefix) = match kind {
        OrganisationKind::Employer => (Role::Employer, "employer"),
        OrganisationKind::TrainingProvider => (Role::Trainer, "trainer"),
        OrganisationKind::SupportOrganisation => (Role::Caseworker, "caseworker"),
    };
    let mut created = Vec::with_capacity(count);
    for i in 0..count {
        let name = match kind {
            OrganisationKind::TrainingProvider => format!(
                "{} Academy {}",
                EMPLOYER_PREFIXES[i % EMPLOYER_PREFIXES.len()],
                i / EMPLOYER_PREFIXES.len() + 1
            ),
            _ => format!(
                "{} {} {}",
                EMPLOYER_PREFIXES[i % EMPLOYER_PREFIXES.len()],
                EMPLOYER_SECTORS[(i / EMPLOYER_PREFIXES.len()) % EMPLOYER_SECTORS.len()],
                i / (EMPLOYER_PREFIXES.len() * EMPLOYER_SECTORS.len()) + 1
            ),
        };
        let owner = store
            .create_user(NewUser {
                email: Email::parse(&format!("demo-{prefix}-{i}@example.org"))
                    .expect("a valid address"),
                role,
                display_name: format!("Demo {prefix} {i}"),
                password_hash: None,
            })
            .await?;
        let organisation = store
            .create_organisation(
                NewOrganisation {
                    kind,
                    name: name.clone(),
                    country_code: None,
                    website: None,
                },
                owner.id,
            )
            .await?;
        created.push((organisation.id, name));
    }
    Ok(created)
}

/// Generates and writes the demo data, reporting progress through `progress`.
pub async fn seed(
    store: &dyn Store,
    options: &SeedOptions,
    mut progress: impl FnMut(&str),
) -> Result<SeedReport, ImportError> {
    let first = Email::parse("demo-employer-0@example.org").expect("a valid address");
    let first_migrant = Email::parse("demo-migrant-0@example.org").expect("a valid address");
    if store.user_by_email(&first).await?.is_some()
        || store.user_by_email(&first_migrant).await?.is_some()
    {
        return Err(ImportError::Nothing(
            "this database already holds demo data (demo-employer-0@example.org exists); seed an empty one".into(),
        ));
    }
    let today = clock::now().date_naive();
    let vocabulary = vocabulary::read(store, today).await?;
    if vocabulary.occupations.is_empty() {
        return Err(ImportError::Nothing(
            "the taxonomy has no occupations with skills to draw on; import ESCO first".into(),
        ));
    }
    let mut report = SeedReport {
        occupations: vocabulary.occupations.len(),
        shortage_occupations: vocabulary.shortage.len(),
        ..Default::default()
    };
    progress(&format!(
        "drawing on {} occupations ({} in shortage)",
        report.occupations, report.shortage_occupations
    ));

    if options.vacancies > 0 {
        let employers = organisations(
            store,
            OrganisationKind::Employer,
            (options.vacancies / 100).clamp(1, 500),
        )
        .await?;
        report.employers = employers.len();
        let mut rng = stream(options.seed, 2);
        let mut done = 0;
        while done < options.vacancies {
            let n = BATCH.min(options.vacancies - done);
            let batch: Vec<_> = (0..n)
                .map(|_| generate::vacancy(&mut rng, &vocabulary, &employers, today))
                .collect();
            store.load_vacancies(&batch).await?;
            done += n;
            progress(&format!("{done} vacancies"));
        }
        report.vacancies = done;
    }
    if options.courses > 0 {
        let providers: Vec<OrganisationId> = organisations(
            store,
            OrganisationKind::TrainingProvider,
            (options.courses / 25).clamp(1, 200),
        )
        .await?
        .into_iter()
        .map(|(id, _)| id)
        .collect();
        report.providers = providers.len();
        let mut rng = stream(options.seed, 3);
        let mut done = 0;
        while done < options.courses {
            let n = BATCH.min(options.courses - done);
            let batch: Vec<_> = (0..n)
                .map(|_| generate::course(&mut rng, &vocabulary, &providers, today))
                .collect();
            store.load_courses(&batch).await?;
            done += n;
            progress(&format!("{done} courses"));
        }
        report.courses = done;
    }
    let mut rng = stream(options.seed, 1);
    let mut done = 0;
    while done < options.profiles {
        let n = BATCH.min(options.profiles - done);
        let batch: Vec<_> = (done..done + n)
            .map(|i| generate::profile(&mut rng, &vocabulary, i, today))
            .collect();
        store.load_profiles(&batch).await?;
        done += n;
        progress(&format!("{done} profiles"));
    }
    report.profiles = done;
    Ok(report)
}
