//! The ESCO importer: reads the official CSV download (any subset of its files, in every
//! language present) and writes it in one transaction.
//!
//! Files are read one record at a time and written in batches, so memory stays bounded
//! whatever the size of the download; only the ISCO group codes (a few hundred) are kept.

use std::collections::HashSet;
use std::io::Read;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use skillbridge_domain::taxonomy::{
    BroaderLink, ConceptKind, IscoGroupRecord, Labels, OccupationRecord, OccupationSkillLink,
    ReuseLevel, SkillRecord, SkillRelation, SkillType, TaxonomyCounts, is_esco_uri, is_isco_code,
};
use skillbridge_domain::{TaxonomyImport, TaxonomyRepository};

use crate::ImportError;
use crate::csv_file::{CsvFile, Row};

/// Records per write.
const BATCH: usize = 1_000;

/// The files of the ESCO download that the importer reads, in the order it reads them (a
/// kind only refers to kinds before it).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FileKind {
    IscoGroups,
    SkillGroups,
    Skills,
    BroaderSkillRelations,
    Occupations,
    OccupationSkillRelations,
}

impl FileKind {
    const PREFIXES: [(&'static str, FileKind); 6] = [
        ("ISCOGroups", FileKind::IscoGroups),
        ("skillGroups", FileKind::SkillGroups),
        ("skills", FileKind::Skills),
        (
            "broaderRelationsSkillPillar",
            FileKind::BroaderSkillRelations,
        ),
        ("occupations", FileKind::Occupations),
        (
            "occupationSkillRelations",
            FileKind::OccupationSkillRelations,
        ),
    ];

    fn required_columns(self) -> &'static [&'static str] {
        match self {
            FileKind::IscoGroups => &["conceptUri", "code", "preferredLabel"],
            FileKind::SkillGroups => &["conceptUri", "preferredLabel"],
            FileKind::Skills => &["conceptUri", "skillType", "preferredLabel"],
            FileKind::BroaderSkillRelations => &["conceptUri", "broaderUri"],
            FileKind::Occupations => &["conceptUri", "iscoGroup", "preferredLabel"],
            FileKind::OccupationSkillRelations => &["occupationUri", "skillUri"],
        }
    }
}

/// A file the importer recognised by its name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EscoFile {
    pub name: String,
    pub kind: FileKind,
    /// The language of its labels (`en`, `fr`, `pt-pt`, ...).
    pub lang: String,
}

/// Recognises `<kind>_<lang>.csv`. Occupation-skill files that are not the official one
/// (`occupationSkills_<anything>.csv`: same columns, no `relationType`) are read too, their
/// relations recorded as unspecified.
pub fn classify(name: &str) -> Option<EscoFile> {
    let stem = name.strip_suffix(".csv")?;
    let (prefix, suffix) = stem.split_once('_')?;
    if prefix == "occupationSkills" {
        return Some(EscoFile {
            name: name.to_owned(),
            kind: FileKind::OccupationSkillRelations,
            lang: suffix.to_owned(),
        });
    }
    let kind = FileKind::PREFIXES.iter().find(|(p, _)| *p == prefix)?.1;
    let lang = suffix.to_ascii_lowercase();
    let valid_lang = {
        let mut parts = lang.split('-');
        let primary = parts.next().unwrap_or_default();
        (2..=3).contains(&primary.len())
            && primary.bytes().all(|b| b.is_ascii_lowercase())
            && parts
                .all(|p| (2..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
    };
    valid_lang.then(|| EscoFile {
        name: name.to_owned(),
        kind,
        lang,
    })
}

/// Where the files come from.
pub enum Source {
    /// A directory holding the CSV download (other files in it are ignored).
    Directory(PathBuf),
    /// Files compiled into the binary: (name, contents).
    Embedded(&'static [(&'static str, &'static str)]),
}

impl Source {
    fn names(&self) -> Result<Vec<String>, ImportError> {
        match self {
            Source::Directory(dir) => {
                let entries = std::fs::read_dir(dir).map_err(|source| ImportError::Io {
                    path: dir.clone(),
                    source,
                })?;
                let mut names = Vec::new();
                for entry in entries {
                    let entry = entry.map_err(|source| ImportError::Io {
                        path: dir.clone(),
                        source,
                    })?;
                    if entry.path().is_file() {
                        names.push(entry.file_name().to_string_lossy().into_owned());
                    }
                }
                names.sort();
                Ok(names)
            }
            Source::Embedded(files) => {
                Ok(files.iter().map(|(name, _)| (*name).to_owned()).collect())
            }
        }
    }

    fn open(&self, name: &str) -> Result<Box<dyn Read + Send>, ImportError> {
        match self {
            Source::Directory(dir) => {
                let path = dir.join(name);
                let file = std::fs::File::open(&path)
                    .map_err(|source| ImportError::Io { path, source })?;
                Ok(Box::new(std::io::BufReader::with_capacity(
                    256 * 1024,
                    file,
                )))
            }
            Source::Embedded(files) => {
                let (_, text) = files
                    .iter()
                    .find(|(n, _)| *n == name)
                    .expect("listed file exists");
                Ok(Box::new(text.as_bytes()))
            }
        }
    }

    /// How a file of this source is named in messages: its path, so that
    /// `path:line: problem` leads straight to it.
    fn display_name(&self, name: &str) -> String {
        match self {
            Source::Directory(dir) => dir.join(name).display().to_string(),
            Source::Embedded(_) => format!("starter/{name}"),
        }
    }

    fn describe(&self) -> String {
        match self {
            Source::Directory(dir) => dir.display().to_string(),
            Source::Embedded(_) => "the starter taxonomy".into(),
        }
    }
}

/// What one file contributed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileReport {
    pub name: String,
    pub records: u64,
    /// Relations naming a concept that the taxonomy does not hold (left out).
    pub skipped: u64,
}

/// What an import did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportReport {
    pub files: Vec<FileReport>,
    /// Files in the source that are not ESCO files the importer reads.
    pub ignored: Vec<String>,
    /// The taxonomy after the import.
    pub counts: TaxonomyCounts,
}

/// Imports every recognised file from `source` in one transaction: on any error nothing
/// is written.
pub async fn import(
    store: &dyn TaxonomyRepository,
    source: &Source,
) -> Result<ImportReport, ImportError> {
    let names = source.names()?;
    let mut files: Vec<EscoFile> = Vec::new();
    let mut ignored = Vec::new();
    for name in names {
        match classify(&name) {
            Some(file) => files.push(file),
            None => ignored.push(name),
        }
    }
    if files.is_empty() {
        return Err(ImportError::Nothing(format!(
            "no ESCO files in {} (expected names like skills_en.csv, occupations_en.csv, ISCOGroups_en.csv)",
            source.describe()
        )));
    }
    // English first within each kind: it carries the full layout; translations add labels.
    files.sort_by(|a, b| (a.kind, a.lang != "en", &a.lang).cmp(&(b.kind, b.lang != "en", &b.lang)));

    let mut import = store.begin_taxonomy_import().await?;
    let mut isco_codes: HashSet<String> = HashSet::new();
    let mut reports = Vec::new();
    for (i, file) in files.iter().enumerate() {
        if file.kind > FileKind::IscoGroups && (i == 0 || files[i - 1].kind == FileKind::IscoGroups)
        {
            import.link_isco_parents().await?;
            isco_codes = import.isco_codes().await?.into_iter().collect();
        }
        let reader = source.open(&file.name)?;
        let csv = CsvFile::open(
            &source.display_name(&file.name),
            reader,
            file.kind.required_columns(),
        )?;
        let report = import_file(import.as_mut(), file, csv, &isco_codes).await?;
        tracing::info!(file = %report.name, records = report.records, skipped = report.skipped, "imported");
        reports.push(report);
    }
    if files.iter().all(|f| f.kind == FileKind::IscoGroups) {
        import.link_isco_parents().await?;
    }
    let counts = import.commit().await?;
    Ok(ImportReport {
        files: reports,
        ignored,
        counts,
    })
}

/// One parsed record of any kind.
enum Record {
    IscoGroup(IscoGroupRecord),
    Skill(SkillRecord),
    Occupation(OccupationRecord),
    Broader(BroaderLink),
    OccupationSkill(OccupationSkillLink),
}

impl Record {
    /// What must be unique within one write.
    fn key(&self) -> String {
        match self {
            Record::IscoGroup(r) => r.code.clone(),
            Record::Skill(r) => r.uri.clone(),
            Record::Occupation(r) => r.uri.clone(),
            Record::Broader(r) => format!("{} {}", r.narrower_uri, r.broader_uri),
            Record::OccupationSkill(r) => format!("{} {}", r.occupation_uri, r.skill_uri),
        }
    }
}

async fn import_file<R: Read + Send>(
    import: &mut dyn TaxonomyImport,
    file: &EscoFile,
    mut csv: CsvFile<R>,
    isco_codes: &HashSet<String>,
) -> Result<FileReport, ImportError> {
    let has_relation_type = csv.has_column("relationType");
    let mut batch: Vec<Record> = Vec::with_capacity(BATCH);
    let mut keys: HashSet<String> = HashSet::new();
    let (mut records, mut written) = (0u64, 0u64);
    loop {
        let record = match csv.next_row()? {
            None => break,
            Some(row) => parse(file, &row, isco_codes, has_relation_type)?,
        };
        records += 1;
        // A key twice in one statement is an error on PostgreSQL: write what we have first.
        if !keys.insert(record.key()) {
            written += flush(import, &mut batch).await?;
            keys.clear();
            keys.insert(record.key());
        }
        batch.push(record);
        if batch.len() >= BATCH {
            written += flush(import, &mut batch).await?;
            keys.clear();
        }
    }
    written += flush(import, &mut batch).await?;
    Ok(FileReport {
        name: csv.name().to_owned(),
        records,
        skipped: records - written,
    })
}

/// Writes the batch; returns how many records it wrote (relations to unknown concepts are
/// not written).
async fn flush(
    import: &mut dyn TaxonomyImport,
    batch: &mut Vec<Record>,
) -> Result<u64, ImportError> {
    let Some(first) = batch.first() else {
        return Ok(0);
    };
    let len = batch.len() as u64;
    macro_rules! take {
        ($variant:ident) => {
            batch
                .drain(..)
                .filter_map(|r| match r {
                    Record::$variant(r) => Some(r),
                    _ => None,
                })
                .collect::<Vec<_>>()
        };
    }
    let written = match first {
        Record::IscoGroup(_) => {
            import.upsert_isco_groups(&take!(IscoGroup)).await?;
            len
        }
        Record::Skill(_) => {
            import.upsert_skills(&take!(Skill)).await?;
            len
        }
        Record::Occupation(_) => {
            import.upsert_occupations(&take!(Occupation)).await?;
            len
        }
        Record::Broader(_) => import.link_broader(&take!(Broader)).await?,
        Record::OccupationSkill(_) => {
            import
                .link_occupation_skills(&take!(OccupationSkill))
                .await?
        }
    };
    Ok(written)
}

fn parse(
    file: &EscoFile,
    row: &Row<'_>,
    isco_codes: &HashSet<String>,
    has_relation_type: bool,
) -> Result<Record, ImportError> {
    Ok(match file.kind {
        FileKind::IscoGroups => {
            let code = row.get("code");
            if !is_isco_code(code) {
                return Err(row.error(format!(
                    "code {code:?} is not an ISCO-08 group code (1 to 4 digits)"
                )));
            }
            Record::IscoGroup(IscoGroupRecord {
                uri: uri(row, "conceptUri")?,
                code: code.to_owned(),
                labels: labels(row, &file.lang),
            })
        }
        FileKind::SkillGroups | FileKind::Skills => {
            let skill_type = match row.get("skillType") {
                "" => None,
                value => Some(SkillType::from_esco(value).ok_or_else(|| {
                    row.error(format!(
                        "skillType {value:?} is not knowledge or skill/competence"
                    ))
                })?),
            };
            let reuse_level = match row.get("reuseLevel") {
                "" => None,
                value => Some(ReuseLevel::from_esco(value).ok_or_else(|| {
                    row.error(format!(
                        "reuseLevel {value:?} is not transversal, cross-sector, sector-specific or occupation-specific"
                    ))
                })?),
            };
            Record::Skill(SkillRecord {
                uri: uri(row, "conceptUri")?,
                kind: if file.kind == FileKind::Skills {
                    ConceptKind::Skill
                } else {
                    ConceptKind::SkillGroup
                },
                skill_type,
                reuse_level,
                status: row.optional("status"),
                modified_at: modified(row)?,
                labels: labels(row, &file.lang),
            })
        }
        FileKind::BroaderSkillRelations => Record::Broader(BroaderLink {
            narrower_uri: uri(row, "conceptUri")?,
            broader_uri: uri(row, "broaderUri")?,
        }),
        FileKind::Occupations => {
            let isco_code = match row.get("iscoGroup") {
                "" => None,
                code if isco_codes.contains(code) => Some(code.to_owned()),
                code => {
                    return Err(row.error(format!(
                        "iscoGroup {code:?} is not an ISCO group of the taxonomy (is ISCOGroups_<lang>.csv missing?)"
                    )));
                }
            };
            Record::Occupation(OccupationRecord {
                uri: uri(row, "conceptUri")?,
                isco_code,
                status: row.optional("status"),
                regulated_profession_note: row.optional("regulatedProfessionNote"),
                modified_at: modified(row)?,
                labels: labels(row, &file.lang),
            })
        }
        FileKind::OccupationSkillRelations => {
            let relation = if has_relation_type {
                let value = row.get("relationType");
                SkillRelation::from_esco(value).ok_or_else(|| {
                    row.error(format!(
                        "relationType {value:?} is not essential or optional"
                    ))
                })?
            } else {
                SkillRelation::Unspecified
            };
            Record::OccupationSkill(OccupationSkillLink {
                occupation_uri: uri(row, "occupationUri")?,
                skill_uri: uri(row, "skillUri")?,
                relation,
            })
        }
    })
}

fn uri(row: &Row<'_>, column: &str) -> Result<String, ImportError> {
    let value = row.get(column);
    if is_esco_uri(value) {
        Ok(value.to_owned())
    } else {
        Err(row.error(format!("{column} {value:?} is not an ESCO URI")))
    }
}

fn modified(row: &Row<'_>) -> Result<Option<DateTime<Utc>>, ImportError> {
    match row.get("modifiedDate") {
        "" => Ok(None),
        value => DateTime::parse_from_rfc3339(value)
            .map(|t| Some(t.with_timezone(&Utc)))
            .map_err(|_| {
                row.error(format!(
                    "modifiedDate {value:?} is not an RFC 3339 timestamp"
                ))
            }),
    }
}

fn labels(row: &Row<'_>, lang: &str) -> Labels {
    Labels {
        lang: lang.to_owned(),
        preferred: row.get("preferredLabel").to_owned(),
        alt: row.lines("altLabels"),
        hidden: row.lines("hiddenLabels"),
        description: row.optional("description"),
    }
}

/// `DIR` as a source, checking it is a directory.
pub fn directory(dir: &Path) -> Result<Source, ImportError> {
    if !dir.is_dir() {
        return Err(ImportError::Nothing(format!(
            "{} is not a directory",
            dir.display()
        )));
    }
    Ok(Source::Directory(dir.to_path_buf()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_esco_file_names() {
        let kind = |name: &str| classify(name).map(|f| (f.kind, f.lang));
        assert_eq!(kind("skills_en.csv"), Some((FileKind::Skills, "en".into())));
        assert_eq!(
            kind("skills_pt-PT.csv"),
            Some((FileKind::Skills, "pt-pt".into()))
        );
        assert_eq!(
            kind("ISCOGroups_fr.csv"),
            Some((FileKind::IscoGroups, "fr".into()))
        );
        assert_eq!(
            kind("occupationSkillRelations_en.csv"),
            Some((FileKind::OccupationSkillRelations, "en".into()))
        );
        assert_eq!(
            kind("occupationSkills_sample.csv").map(|k| k.0),
            Some(FileKind::OccupationSkillRelations)
        );
        for other in [
            "skillsHierarchy_en.csv",
            "skills.csv",
            "skills_en.txt",
            "README.md",
            "skills_e1.csv",
            "conceptSchemes_en.csv",
        ] {
            assert_eq!(classify(other), None, "{other}");
        }
    }
}
