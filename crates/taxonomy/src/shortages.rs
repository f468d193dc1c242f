//! `import-shortages FILE`: shortage occupation lists as CSV.
//!
//! Columns (by header name): `region` (EU, ISO 3166-1 or ISO 3166-2), `isco_code` (an
//! ISCO-08 group) or `occupation_uri` (an ESCO occupation) or an `occupation` column holding
//! either, `occupation` (the list's own name; optional), `severity`, `source`, `valid_from`
//! and `valid_to` (ISO dates; `valid_to` may be blank for open-ended lists).

use std::io::Read;

use chrono::NaiveDate;
use skillbridge_domain::ShortageRepository;
use skillbridge_domain::shortage::{NewShortage, Region};
use skillbridge_domain::taxonomy::{is_esco_uri, is_isco_code};

use crate::ImportError;
use crate::csv_file::{CsvFile, Row};

/// Reads and checks every entry, then writes them all in one transaction.
pub async fn import(
    store: &dyn ShortageRepository,
    name: &str,
    reader: impl Read + Send,
) -> Result<u64, ImportError> {
    let entries = read(name, reader)?;
    Ok(store.upsert_shortages(&entries).await?)
}

/// Parses a whole list. Lists are short (hundreds of entries), so they are checked in full
/// before anything is written.
pub fn read(name: &str, reader: impl Read) -> Result<Vec<NewShortage>, ImportError> {
    let mut csv = CsvFile::open(
        name,
        reader,
        &["region", "severity", "source", "valid_from", "valid_to"],
    )?;
    if !(csv.has_column("isco_code")
        || csv.has_column("occupation_uri")
        || csv.has_column("occupation"))
    {
        return Err(ImportError::Malformed {
            file: name.to_owned(),
            line: 1,
            message: "missing column isco_code (or occupation_uri)".into(),
        });
    }
    let mut entries = Vec::new();
    while let Some(row) = csv.next_row()? {
        entries.push(entry(&row)?);
    }
    if entries.is_empty() {
        return Err(ImportError::Nothing(format!("{name} has no entries")));
    }
    Ok(entries)
}

fn entry(row: &Row<'_>) -> Result<NewShortage, ImportError> {
    let region = Region::parse(row.get("region")).map_err(|err| row.error(err.to_string()))?;
    let mut isco_code = row.get("isco_code").to_owned();
    let mut occupation_uri = row.get("occupation_uri").to_owned();
    let mut label = row.get("occupation").to_owned();
    // An `occupation` column may itself hold the code or the URI.
    if isco_code.is_empty() && occupation_uri.is_empty() {
        if is_isco_code(&label) {
            isco_code = std::mem::take(&mut label);
        } else if is_esco_uri(&label) {
            occupation_uri = std::mem::take(&mut label);
        }
    }
    if !isco_code.is_empty() && !is_isco_code(&isco_code) {
        return Err(row.error(format!(
            "isco_code {isco_code:?} is not an ISCO-08 group code (1 to 4 digits)"
        )));
    }
    if !occupation_uri.is_empty() && !is_esco_uri(&occupation_uri) {
        return Err(row.error(format!(
            "occupation_uri {occupation_uri:?} is not an ESCO URI"
        )));
    }
    if isco_code.is_empty() && occupation_uri.is_empty() {
        return Err(
            row.error("the entry names no occupation: give isco_code or occupation_uri".into())
        );
    }
    let severity = row.get("severity").to_owned();
    let source = row.get("source").to_owned();
    if severity.is_empty() || source.is_empty() {
        return Err(row.error("severity and source must not be blank".into()));
    }
    let date = |column: &str| -> Result<Option<NaiveDate>, ImportError> {
        match row.get(column) {
            "" => Ok(None),
            value => value
                .parse()
                .map(Some)
                .map_err(|_| row.error(format!("{column} {value:?} is not a date (YYYY-MM-DD)"))),
        }
    };
    let valid_from =
        date("valid_from")?.ok_or_else(|| row.error("valid_from must not be blank".into()))?;
    let valid_to = date("valid_to")?;
    if valid_to.is_some_and(|to| to < valid_from) {
        return Err(row.error("valid_to is before valid_from".into()));
    }
    Ok(NewShortage {
        region,
        isco_code,
        occupation_uri,
        occupation_label: label,
        severity,
        source,
        valid_from,
        valid_to,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "region,isco_code,occupation,severity,source,valid_from,valid_to\n";

    #[test]
    fn reads_the_ela_list() {
        let text = format!(
            "{HEADER}EU,7212,welders and flame cutters,WIDESPREAD,ELA 2024,2024-01-01,2025-12-31\nde-by,,http://data.europa.eu/esco/occupation/abc,SEVERE,StMAS,2025-01-01,\n"
        );
        let entries = read("list.csv", text.as_bytes()).unwrap();
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[0].isco_code, "7212");
        assert_eq!(entries[0].occupation_label, "welders and flame cutters");
        assert_eq!(entries[1].region.as_str(), "DE-BY");
        assert_eq!(
            entries[1].occupation_uri,
            "http://data.europa.eu/esco/occupation/abc"
        );
        assert_eq!(entries[1].valid_to, None);
    }

    #[test]
    fn bad_entries_name_file_and_line() {
        for (row, expect) in [
            (
                "Europe,7212,w,SEVERE,s,2024-01-01,",
                "list.csv:2: \"Europe\" is not a region",
            ),
            (
                "EU,72120,w,SEVERE,s,2024-01-01,",
                "list.csv:2: isco_code \"72120\"",
            ),
            (
                "EU,,welders,SEVERE,s,2024-01-01,",
                "list.csv:2: the entry names no occupation",
            ),
            (
                "EU,7212,w,SEVERE,s,2024-13-01,",
                "list.csv:2: valid_from \"2024-13-01\"",
            ),
            (
                "EU,7212,w,SEVERE,s,2025-01-01,2024-01-01",
                "list.csv:2: valid_to is before valid_from",
            ),
            (
                "EU,7212,w,SEVERE,s",
                "list.csv:2: expected 7 fields, found 5",
            ),
        ] {
            let err = read("list.csv", format!("{HEADER}{row}\n").as_bytes())
                .unwrap_err()
                .to_string();
            assert!(err.starts_with(expect), "{row}: {err}");
        }
        let err = read("list.csv", "region,severity\nEU,x\n".as_bytes())
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("list.csv:1: missing column source"),
            "{err}"
        );
    }
}
