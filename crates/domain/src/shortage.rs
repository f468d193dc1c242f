//! Shortage occupations: which occupations are in shortage where, according to which list.

use chrono::NaiveDate;

use crate::id::ShortageId;
use crate::taxonomy::is_isco_code;

/// The EU member states (ISO 3166-1 alpha-2), which an EU-wide list covers.
pub const EU_MEMBERS: [&str; 27] = [
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE", "IT",
    "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK",
];

/// Where a list applies: `EU`, a country (`DE`) or a subdivision (`DE-BY`).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Region(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "{0:?} is not a region: use EU, an ISO 3166-1 country code (DE) or an ISO 3166-2 subdivision code (DE-BY)"
)]
pub struct InvalidRegion(pub String);

impl Region {
    pub fn parse(raw: &str) -> Result<Self, InvalidRegion> {
        let code = raw.trim().to_ascii_uppercase();
        let country_ok = |c: &str| c.len() == 2 && c.bytes().all(|b| b.is_ascii_uppercase());
        let valid = match code.split_once('-') {
            None => country_ok(&code),
            Some((country, sub)) => {
                country_ok(country)
                    && (1..=3).contains(&sub.len())
                    && sub
                        .bytes()
                        .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
            }
        };
        if valid {
            Ok(Self(code))
        } else {
            Err(InvalidRegion(raw.to_owned()))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The most precise region of a place: its subdivision, else its country; `None` when
    /// it gives neither (or neither is a code).
    pub fn of_place(country: Option<&str>, subdivision: Option<&str>) -> Option<Region> {
        subdivision
            .or(country)
            .and_then(|code| Region::parse(code).ok())
    }

    /// This region and every region whose lists also apply here: `DE-BY` is covered by
    /// lists for `DE-BY`, `DE` and `EU`.
    pub fn covering(&self) -> Vec<Region> {
        let mut regions = vec![self.clone()];
        let country = self.0.split('-').next().unwrap_or_default().to_owned();
        if country != self.0 {
            regions.push(Region(country.clone()));
        }
        if EU_MEMBERS.contains(&country.as_str()) {
            regions.push(Region("EU".into()));
        }
        regions
    }
}

/// One entry of a shortage list, as imported.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewShortage {
    pub region: Region,
    /// An ISCO-08 group (any level); empty when the entry names an ESCO occupation.
    pub isco_code: String,
    /// An ESCO occupation URI; empty when the entry names an ISCO group.
    pub occupation_uri: String,
    /// The list's own name for the occupation.
    pub occupation_label: String,
    pub severity: String,
    pub source: String,
    pub valid_from: NaiveDate,
    pub valid_to: Option<NaiveDate>,
}

/// A stored entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Shortage {
    pub id: ShortageId,
    pub entry: NewShortage,
}

impl NewShortage {
    /// Whether the entry is in force on `day`.
    pub fn is_current(&self, day: NaiveDate) -> bool {
        self.valid_from <= day && self.valid_to.is_none_or(|to| day <= to)
    }

    /// Whether the entry names this occupation: by its ESCO URI, or by an ISCO group that
    /// contains the occupation's 4-digit group.
    pub fn names(&self, occupation_uri: &str, occupation_isco: Option<&str>) -> bool {
        (!self.occupation_uri.is_empty() && self.occupation_uri == occupation_uri)
            || (is_isco_code(&self.isco_code)
                && occupation_isco.is_some_and(|isco| isco.starts_with(&self.isco_code)))
    }
}

/// Whether an occupation in `region` is a shortage occupation on `day`: some current entry
/// for the region (or a region covering it) names it. The one rule for the shortage flag.
pub fn is_shortage(
    entries: &[Shortage],
    occupation_uri: &str,
    occupation_isco: Option<&str>,
    region: &Region,
    day: NaiveDate,
) -> bool {
    let covering = region.covering();
    entries.iter().any(|s| {
        covering.contains(&s.entry.region)
            && s.entry.is_current(day)
            && s.entry.names(occupation_uri, occupation_isco)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(region: &str, isco: &str, from: &str, to: Option<&str>) -> Shortage {
        Shortage {
            id: ShortageId::new(),
            entry: NewShortage {
                region: Region::parse(region).unwrap(),
                isco_code: isco.into(),
                occupation_uri: String::new(),
                occupation_label: "welders".into(),
                severity: "SEVERE".into(),
                source: "test".into(),
                valid_from: from.parse().unwrap(),
                valid_to: to.map(|t| t.parse().unwrap()),
            },
        }
    }

    #[test]
    fn regions_parse_and_cover() {
        assert_eq!(Region::parse("de-by").unwrap().as_str(), "DE-BY");
        let covering: Vec<_> = Region::parse("DE-BY").unwrap().covering();
        let codes: Vec<_> = covering.iter().map(Region::as_str).collect();
        assert_eq!(codes, ["DE-BY", "DE", "EU"]);
        let codes: Vec<_> = Region::parse("NO")
            .unwrap()
            .covering()
            .iter()
            .map(|r| r.as_str().to_owned())
            .collect();
        assert_eq!(codes, ["NO"], "Norway is not covered by EU lists");
        for bad in ["", "D", "DEU", "DE-", "DE-BAYE", "12", "DE_BY"] {
            assert!(Region::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn shortage_needs_region_date_and_occupation_to_match() {
        let day: NaiveDate = "2024-06-01".parse().unwrap();
        let lists = [
            entry("EU", "7212", "2024-01-01", Some("2025-12-31")),
            entry("DE", "51", "2024-01-01", None),
        ];
        let welder = "http://data.europa.eu/esco/occupation/welder";
        let by = Region::parse("DE-BY").unwrap();
        assert!(
            is_shortage(&lists, welder, Some("7212"), &by, day),
            "EU list covers Bavaria"
        );
        assert!(
            is_shortage(&lists, "x", Some("5120"), &by, day),
            "a 2-digit group covers its occupations"
        );
        assert!(
            !is_shortage(
                &lists,
                "x",
                Some("5120"),
                &Region::parse("FR").unwrap(),
                day
            ),
            "the DE list does not cover France"
        );
        assert!(!is_shortage(
            &lists,
            welder,
            Some("7212"),
            &Region::parse("NO").unwrap(),
            day
        ));
        assert!(
            !is_shortage(
                &lists,
                welder,
                Some("7212"),
                &by,
                "2026-01-01".parse().unwrap()
            ),
            "expired"
        );
        assert!(!is_shortage(&lists, welder, Some("7213"), &by, day));
        assert!(!is_shortage(&lists, welder, None, &by, day));
    }
}
