//! Email addresses, normalised once so that uniqueness is case-insensitive everywhere.

use std::fmt;

use serde::{Deserialize, Serialize};

/// The longest address we accept (RFC 5321 limits a path to 254 characters).
pub const MAX_EMAIL_LEN: usize = 254;

/// A syntactically plausible email address, trimmed and lower-cased.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Email(String);

/// Why a string is not an [`Email`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InvalidEmail {
    #[error("email address is empty")]
    Empty,
    #[error("email address is longer than {MAX_EMAIL_LEN} characters")]
    TooLong,
    #[error("email address must look like name@example.org")]
    Malformed,
}

impl Email {
    /// Parses and normalises an address. Deliverability is not our business here; we only
    /// refuse what cannot be an address, so that a typo is caught at the form.
    pub fn parse(raw: &str) -> Result<Self, InvalidEmail> {
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            return Err(InvalidEmail::Empty);
        }
        if trimmed.chars().count() > MAX_EMAIL_LEN {
            return Err(InvalidEmail::TooLong);
        }
        let (local, domain) = trimmed.rsplit_once('@').ok_or(InvalidEmail::Malformed)?;
        let domain_ok = domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains("..");
        if local.is_empty() || !domain_ok || trimmed.chars().any(char::is_whitespace) {
            return Err(InvalidEmail::Malformed);
        }
        Ok(Self(trimmed.to_lowercase()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for Email {
    type Error = InvalidEmail;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<Email> for String {
    fn from(email: Email) -> String {
        email.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_case_and_whitespace() {
        assert_eq!(
            Email::parse("  Amina.K@Example.ORG ").unwrap().as_str(),
            "amina.k@example.org"
        );
    }

    #[test]
    fn refuses_what_cannot_be_an_address() {
        for (raw, why) in [
            ("", InvalidEmail::Empty),
            ("   ", InvalidEmail::Empty),
            ("no-at-sign.org", InvalidEmail::Malformed),
            ("@example.org", InvalidEmail::Malformed),
            ("a@localhost", InvalidEmail::Malformed),
            ("a@.example.org", InvalidEmail::Malformed),
            ("a@example..org", InvalidEmail::Malformed),
            ("a b@example.org", InvalidEmail::Malformed),
        ] {
            assert_eq!(Email::parse(raw), Err(why), "{raw:?}");
        }
        let long = format!("{}@example.org", "a".repeat(MAX_EMAIL_LEN));
        assert_eq!(Email::parse(&long), Err(InvalidEmail::TooLong));
    }
}
