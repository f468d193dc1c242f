//! Organisations (employers, training providers, support organisations) and memberships.

use chrono::{DateTime, NaiveTime, Utc};
use serde::{Deserialize, Serialize};

use crate::codes::coded;
use crate::location::{Location, validate_location};
use crate::{Email, FieldProblem, LanguageCode, OrganisationId, ProblemCode, UserId};

/// The three kinds of organisation; the kind decides what its members may do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum OrganisationKind {
    Employer,
    TrainingProvider,
    SupportOrganisation,
}

impl OrganisationKind {
    pub const ALL: [OrganisationKind; 3] = [
        OrganisationKind::Employer,
        OrganisationKind::TrainingProvider,
        OrganisationKind::SupportOrganisation,
    ];

    pub const fn code(self) -> &'static str {
        match self {
            OrganisationKind::Employer => "EMPLOYER",
            OrganisationKind::TrainingProvider => "TRAINING_PROVIDER",
            OrganisationKind::SupportOrganisation => "SUPPORT_ORGANISATION",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.code() == code)
    }
}

/// A person's standing in an organisation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum MembershipRole {
    Owner,
    Member,
}

impl MembershipRole {
    pub const fn code(self) -> &'static str {
        match self {
            MembershipRole::Owner => "OWNER",
            MembershipRole::Member => "MEMBER",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        [MembershipRole::Owner, MembershipRole::Member]
            .into_iter()
            .find(|role| role.code() == code)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Organisation {
    pub id: OrganisationId,
    pub kind: OrganisationKind,
    pub name: String,
    /// ISO 3166-1 alpha-2.
    pub country_code: Option<String>,
    pub website: Option<String>,
    /// When an ADMIN verified the organisation, if ever.
    pub verified_at: Option<DateTime<Utc>>,
    /// What it tells the public in the directory.
    pub profile: OrganisationProfile,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

coded!(
    /// What a support organisation helps people with.
    SupportService {
        /// General counselling and orientation.
        Counselling => "COUNSELLING",
        /// Legal advice: residence, work permits, asylum, labour rights.
        LegalAdvice => "LEGAL_ADVICE",
        /// Guidance through the recognition of foreign qualifications.
        RecognitionGuidance => "RECOGNITION_GUIDANCE",
        /// Language courses, or finding one.
        LanguageCourses => "LANGUAGE_COURSES",
        /// Translation and interpreting.
        Translation => "TRANSLATION",
        /// Help with a CV and applications.
        CvHelp => "CV_HELP",
        /// Help finding work.
        JobSearch => "JOB_SEARCH",
        /// Information on childcare.
        ChildcareInfo => "CHILDCARE_INFO",
        /// Information on housing.
        HousingInfo => "HOUSING_INFO",
        /// Information on health care.
        HealthInfo => "HEALTH_INFO",
        /// Civic orientation: institutions, rights and duties, everyday life.
        CivicOrientation => "CIVIC_ORIENTATION",
        /// Psychosocial support.
        PsychosocialSupport => "PSYCHOSOCIAL_SUPPORT",
        /// Advice on starting a business.
        BusinessAdvice => "BUSINESS_ADVICE",
    }
);

coded!(
    /// A day of the week.
    Weekday {
        Monday => "MONDAY",
        Tuesday => "TUESDAY",
        Wednesday => "WEDNESDAY",
        Thursday => "THURSDAY",
        Friday => "FRIDAY",
        Saturday => "SATURDAY",
        Sunday => "SUNDAY",
    }
);

/// When an organisation's doors are open on a day (a day may have several spans).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OpeningHours {
    pub day: Weekday,
    pub opens: NaiveTime,
    pub closes: NaiveTime,
}

/// What an organisation tells the public in the directory: what it does, where, in which
/// languages, when, and how to reach it. Its owners keep it up to date.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct OrganisationProfile {
    pub description: String,
    /// The street address, as people write it.
    pub address: Option<String>,
    /// The town, region and coordinates of the address.
    pub location: Location,
    /// Languages its staff speak with the people they help.
    pub languages: Vec<LanguageCode>,
    /// What it helps with (support organisations only).
    pub services: Vec<SupportService>,
    pub opening_hours: Vec<OpeningHours>,
    pub contact_email: Option<Email>,
    pub contact_phone: Option<String>,
}

/// The longest description of an organisation.
pub const MAX_DESCRIPTION_CHARS: usize = 2_000;
/// The longest street address.
pub const MAX_ADDRESS_CHARS: usize = 300;
/// The most opening-hour spans in a week.
pub const MAX_OPENING_SPANS: usize = 21;

impl OrganisationProfile {
    /// Every problem with the profile of an organisation of `kind`; empty means valid.
    pub fn problems(&self, kind: OrganisationKind) -> Vec<FieldProblem> {
        let mut problems = Vec::new();
        if self.description.chars().count() > MAX_DESCRIPTION_CHARS {
            problems.push(FieldProblem::new(
                "description",
                ProblemCode::TooLong,
                format!("use at most {MAX_DESCRIPTION_CHARS} characters"),
            ));
        }
        if self
            .address
            .as_ref()
            .is_some_and(|a| a.chars().count() > MAX_ADDRESS_CHARS)
        {
            problems.push(FieldProblem::new(
                "address",
                ProblemCode::TooLong,
                format!("use at most {MAX_ADDRESS_CHARS} characters"),
            ));
        }
        problems.extend(validate_location(&self.location));
        if !self.services.is_empty() && kind != OrganisationKind::SupportOrganisation {
            problems.push(FieldProblem::new(
                "services",
                ProblemCode::NotASupportOrganisation,
                "only support organisations list services",
            ));
        }
        if self.opening_hours.len() > MAX_OPENING_SPANS {
            problems.push(FieldProblem::new(
                "openingHours",
                ProblemCode::TooMany,
                format!("give at most {MAX_OPENING_SPANS} spans"),
            ));
        }
        for (i, span) in self.opening_hours.iter().enumerate() {
            if span.opens >= span.closes {
                problems.push(FieldProblem::in_list(
                    "openingHours",
                    i,
                    "closes",
                    ProblemCode::EndsBeforeStart,
                    "close after opening",
                ));
            }
        }
        if let Some(phone) = &self.contact_phone {
            problems.extend(crate::contact::phone_problem("contactPhone", phone));
        }
        problems
    }

    /// The profile as written: each language and service once, in order; opening hours by
    /// day and time.
    pub fn tidied(mut self) -> Self {
        self.languages.sort();
        self.languages.dedup();
        self.services.sort();
        self.services.dedup();
        self.opening_hours
            .sort_by_key(|h| (h.day, h.opens, h.closes));
        self.opening_hours.dedup();
        self
    }
}

/// Opening hours as stored: `MONDAY 09:00-12:30`, comma-separated.
pub fn opening_hours_code(hours: &[OpeningHours]) -> String {
    hours
        .iter()
        .map(|h| {
            format!(
                "{} {}-{}",
                h.day.code(),
                h.opens.format("%H:%M"),
                h.closes.format("%H:%M")
            )
        })
        .collect::<Vec<_>>()
        .join(",")
}

/// Opening hours as stored, read back; `None` when the text is not what
/// [`opening_hours_code`] writes.
pub fn opening_hours_from_code(code: &str) -> Option<Vec<OpeningHours>> {
    code.split(',')
        .filter(|s| !s.is_empty())
        .map(|span| {
            let (day, times) = span.split_once(' ')?;
            let (opens, closes) = times.split_once('-')?;
            Some(OpeningHours {
                day: Weekday::from_code(day)?,
                opens: NaiveTime::parse_from_str(opens, "%H:%M").ok()?,
                closes: NaiveTime::parse_from_str(closes, "%H:%M").ok()?,
            })
        })
        .collect()
}

/// Codes as stored in one column, comma-separated.
pub fn codes_text<'a>(codes: impl IntoIterator<Item = &'a str>) -> String {
    codes.into_iter().collect::<Vec<_>>().join(",")
}

#[derive(Clone, Debug)]
pub struct NewOrganisation {
    pub kind: OrganisationKind,
    pub name: String,
    pub country_code: Option<String>,
    pub website: Option<String>,
}

/// The longest organisation name, in characters.
pub const MAX_NAME_CHARS: usize = 200;

impl NewOrganisation {
    /// The organisation as written, trimmed: a blank country code or website is none, a
    /// country code upper-cased.
    pub fn written(
        kind: OrganisationKind,
        name: &str,
        country_code: Option<&str>,
        website: Option<&str>,
    ) -> Self {
        fn given(value: Option<&str>) -> Option<&str> {
            value.map(str::trim).filter(|v| !v.is_empty())
        }
        Self {
            kind,
            name: name.trim().to_owned(),
            country_code: given(country_code).map(str::to_ascii_uppercase),
            website: given(website).map(str::to_owned),
        }
    }

    /// Every problem with the organisation; empty means valid.
    pub fn problems(&self) -> Vec<FieldProblem> {
        let mut problems = Vec::new();
        if self.name.is_empty() || self.name.chars().count() > MAX_NAME_CHARS {
            problems.push(FieldProblem::new(
                "name",
                ProblemCode::InvalidName,
                format!("give a name of 1 to {MAX_NAME_CHARS} characters"),
            ));
        }
        if self
            .country_code
            .as_deref()
            .is_some_and(|c| !crate::world_region::is_country(c))
        {
            problems.push(FieldProblem::new(
                "countryCode",
                ProblemCode::InvalidCountryCode,
                "use an ISO 3166-1 alpha-2 code such as DE",
            ));
        }
        if self.website.as_deref().is_some_and(|w| {
            !(w.starts_with("https://") || w.starts_with("http://"))
                || w.len() > 500
                || w.contains(char::is_whitespace)
        }) {
            problems.push(FieldProblem::new(
                "website",
                ProblemCode::InvalidWebsite,
                "give an http(s) address",
            ));
        }
        problems
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Membership {
    pub organisation_id: OrganisationId,
    pub user_id: UserId,
    pub role: MembershipRole,
    pub created_at: DateTime<Utc>,
}

/// An invitation to join an organisation, to be stored (the token itself never is).
#[derive(Clone, Debug)]
pub struct NewInvitation {
    pub organisation_id: OrganisationId,
    pub email: crate::Email,
    pub role: MembershipRole,
    pub token_hash: String,
    pub invited_by: UserId,
    pub expires_at: DateTime<Utc>,
}

/// A stored invitation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Invitation {
    pub id: uuid::Uuid,
    pub organisation_id: OrganisationId,
    pub email: crate::Email,
    pub role: MembershipRole,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub accepted_at: Option<DateTime<Utc>>,
}

/// What presenting an invitation token did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InvitationOutcome {
    /// The account is now a member.
    Accepted(Membership),
    /// The invitation is addressed to another email address.
    OtherEmail,
    /// Unknown, expired or already accepted.
    Invalid,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    #[test]
    fn opening_hours_round_trip_through_their_code() {
        let hours = vec![
            OpeningHours {
                day: Weekday::Monday,
                opens: at(9, 0),
                closes: at(12, 30),
            },
            OpeningHours {
                day: Weekday::Monday,
                opens: at(14, 0),
                closes: at(17, 0),
            },
        ];
        let code = opening_hours_code(&hours);
        assert_eq!(code, "MONDAY 09:00-12:30,MONDAY 14:00-17:00");
        assert_eq!(opening_hours_from_code(&code), Some(hours));
        assert_eq!(opening_hours_from_code(""), Some(vec![]));
        assert_eq!(opening_hours_from_code("MONDAY 9-5"), None);
    }

    #[test]
    fn a_profile_is_checked_field_by_field() {
        let profile = OrganisationProfile {
            description: "x".repeat(MAX_DESCRIPTION_CHARS + 1),
            services: vec![SupportService::LegalAdvice],
            opening_hours: vec![OpeningHours {
                day: Weekday::Friday,
                opens: at(17, 0),
                closes: at(9, 0),
            }],
            contact_phone: Some("call us".into()),
            ..OrganisationProfile::default()
        };
        let fields: Vec<_> = profile
            .problems(OrganisationKind::Employer)
            .iter()
            .map(|p| p.field().map(str::to_owned))
            .collect();
        assert_eq!(
            fields,
            [
                Some("description".to_owned()),
                Some("services".to_owned()),
                Some("openingHours[0].closes".to_owned()),
                Some("contactPhone".to_owned()),
            ]
        );
        assert!(
            OrganisationProfile {
                services: vec![SupportService::LegalAdvice],
                ..OrganisationProfile::default()
            }
            .problems(OrganisationKind::SupportOrganisation)
            .is_empty()
        );
    }
}
