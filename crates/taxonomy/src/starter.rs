//! The starter taxonomy: derived from ESCO (see `starter/derive.py`) and compiled into the
//! binary, so that a new install has skills and occupations to work with before anyone runs
//! `import-esco`. ESCO is (c) European Union, reused with acknowledgement of the source.

use skillbridge_domain::TaxonomyRepository;

use crate::ImportError;
use crate::esco::{ImportReport, Source, import};

/// The starter files, in the official ESCO layout.
pub const FILES: &[(&str, &str)] = &[
    (
        "ISCOGroups_en.csv",
        include_str!("../starter/ISCOGroups_en.csv"),
    ),
    (
        "broaderRelationsSkillPillar_en.csv",
        include_str!("../starter/broaderRelationsSkillPillar_en.csv"),
    ),
    (
        "occupationSkills_sample.csv",
        include_str!("../starter/occupationSkills_sample.csv"),
    ),
    (
        "occupations_en.csv",
        include_str!("../starter/occupations_en.csv"),
    ),
    (
        "occupations_es.csv",
        include_str!("../starter/occupations_es.csv"),
    ),
    (
        "occupations_fr.csv",
        include_str!("../starter/occupations_fr.csv"),
    ),
    (
        "skillGroups_en.csv",
        include_str!("../starter/skillGroups_en.csv"),
    ),
    ("skills_en.csv", include_str!("../starter/skills_en.csv")),
    ("skills_es.csv", include_str!("../starter/skills_es.csv")),
    ("skills_fr.csv", include_str!("../starter/skills_fr.csv")),
];

/// The starter taxonomy as an import source.
pub fn source() -> Source {
    Source::Embedded(FILES)
}

/// Loads the starter taxonomy when the store holds no skills and no occupations; returns
/// what it loaded, or `None` when the taxonomy was already there. Safe to race: imports
/// are idempotent upserts.
pub async fn load_if_empty(
    store: &dyn TaxonomyRepository,
) -> Result<Option<ImportReport>, ImportError> {
    let counts = store.taxonomy_counts().await?;
    if counts.skills > 0 || counts.occupations > 0 {
        return Ok(None);
    }
    import(store, &source()).await.map(Some)
}
