//! What profile mutations take: the caller's changes to their profile (a field left out
//! stays, `null` clears it), and a skill or language to add or remove, on the caller's own
//! profile or, for a caseworker, a client's.

use async_graphql::{InputObject, MaybeUndefined};
use skillbridge_app::profiles::ProfileForm;
use skillbridge_app::written::Edit;
use skillbridge_domain::profile::{self as domain, ProfileDetails};
use skillbridge_domain::{FieldProblem, ProblemCode};

use crate::scalars::Date;
use crate::values::{
    AvailabilityWindow, Evidence, IntendedStay, LocationInput, Proficiency, RightToWork, Track,
    Visibility,
};

/// Changes to the caller's profile: a field left out stays as it is; `null` clears it.
#[derive(InputObject, Default)]
pub struct UpdateMyProfileInput {
    pub display_name: Option<String>,
    pub contact_email: MaybeUndefined<String>,
    pub contact_phone: MaybeUndefined<String>,
    pub birth_year: MaybeUndefined<i32>,
    pub gender: MaybeUndefined<String>,
    pub country_of_origin: MaybeUndefined<String>,
    pub arrival_date: MaybeUndefined<Date>,
    pub right_to_work: Option<RightToWork>,
    pub location: MaybeUndefined<LocationInput>,
    pub mobility_radius_km: MaybeUndefined<i32>,
    pub willing_to_relocate: Option<bool>,
    /// The first day the person can work, from then on: a single open window.
    #[graphql(deprecation = "use availability")]
    pub available_from: MaybeUndefined<Date>,
    /// When the person can work: every window, replacing those saved (`[]` or null: any
    /// time). Windows may not overlap.
    pub availability: MaybeUndefined<Vec<AvailabilityWindow>>,
    pub intended_stay: MaybeUndefined<IntendedStay>,
    pub visibility: Option<Visibility>,
    pub tracks: Option<Vec<Track>>,
}

#[derive(InputObject)]
pub struct AddProfileSkillInput {
    /// A client's profile, for a caseworker acting for `organisationId` (with the
    /// person's delegation); leave both out for your own profile.
    pub profile_id: Option<async_graphql::ID>,
    pub organisation_id: Option<async_graphql::ID>,
    /// The ESCO skill URI.
    pub skill_uri: String,
    pub proficiency: Proficiency,
    #[graphql(default_with = "Evidence::SelfDeclared")]
    pub evidence: Evidence,
}

#[derive(InputObject)]
pub struct RemoveProfileSkillInput {
    /// A client's profile, for a caseworker acting for `organisationId` (with the
    /// person's delegation); leave both out for your own profile.
    pub profile_id: Option<async_graphql::ID>,
    pub organisation_id: Option<async_graphql::ID>,
    pub skill_uri: String,
}

#[derive(InputObject)]
pub struct SetProfileLanguageInput {
    /// A client's profile, for a caseworker acting for `organisationId` (with the
    /// person's delegation); leave both out for your own profile.
    pub profile_id: Option<async_graphql::ID>,
    pub organisation_id: Option<async_graphql::ID>,
    /// ISO 639-1 code, e.g. de.
    pub language: String,
    /// CEFR level: A1, A2, B1, B2, C1 or C2.
    pub level: String,
    #[graphql(default = false)]
    pub mother_tongue: bool,
}

#[derive(InputObject)]
pub struct RemoveProfileLanguageInput {
    /// A client's profile, for a caseworker acting for `organisationId` (with the
    /// person's delegation); leave both out for your own profile.
    pub profile_id: Option<async_graphql::ID>,
    pub organisation_id: Option<async_graphql::ID>,
    pub language: String,
}

fn text(value: MaybeUndefined<String>, current: Option<String>) -> Option<String> {
    match value {
        MaybeUndefined::Undefined => current,
        MaybeUndefined::Null => None,
        MaybeUndefined::Value(v) => Some(v.trim().to_owned()).filter(|v| !v.is_empty()),
    }
}

fn keep<T>(value: MaybeUndefined<T>, current: Option<T>) -> Option<T> {
    match value {
        MaybeUndefined::Undefined => current,
        MaybeUndefined::Null => None,
        MaybeUndefined::Value(v) => Some(v),
    }
}

impl UpdateMyProfileInput {
    /// `current` with these changes: plain fields applied, the contact email as written.
    pub(crate) fn into_form(self, current: ProfileDetails) -> ProfileForm {
        let input = self;
        let mut details = current;
        if let Some(name) = input.display_name {
            details.display_name = name.trim().to_owned();
        }
        details.contact_phone = text(input.contact_phone, details.contact_phone);
        details.birth_year = keep(input.birth_year, details.birth_year);
        details.gender = text(input.gender, details.gender);
        details.country_of_origin = text(input.country_of_origin, details.country_of_origin)
            .map(|c| c.to_ascii_uppercase());
        details.arrival_date = keep(input.arrival_date.map_value(|d| d.0), details.arrival_date);
        if let Some(right) = input.right_to_work {
            details.right_to_work = right.into();
        }
        match input.location {
            MaybeUndefined::Undefined => {}
            MaybeUndefined::Null => details.location = domain::Location::default(),
            MaybeUndefined::Value(l) => details.location = l.into(),
        }
        details.mobility_radius_km = keep(input.mobility_radius_km, details.mobility_radius_km);
        if let Some(willing) = input.willing_to_relocate {
            details.willing_to_relocate = willing;
        }
        let mut problems = Vec::new();
        let single = input.available_from.map_value(|d| {
            vec![AvailabilityWindow {
                from: d,
                until: None,
            }]
        });
        let windows = match (input.availability, single) {
            (given, MaybeUndefined::Undefined) | (MaybeUndefined::Undefined, given) => given,
            (given, _) => {
                problems.push(FieldProblem::new(
                    "availableFrom",
                    ProblemCode::Duplicate,
                    "give either availability or availableFrom, not both",
                ));
                given
            }
        };
        match windows {
            MaybeUndefined::Undefined => {}
            MaybeUndefined::Null => details.availability.clear(),
            MaybeUndefined::Value(w) => {
                details.availability = w.into_iter().map(Into::into).collect()
            }
        }
        details.intended_stay = keep(
            input.intended_stay.map_value(Into::into),
            details.intended_stay,
        );
        if let Some(visibility) = input.visibility {
            details.visibility = visibility.into();
        }
        if let Some(tracks) = input.tracks {
            details.tracks = tracks.into_iter().map(Into::into).collect();
        }
        ProfileForm {
            details,
            problems,
            contact_email: match input.contact_email {
                MaybeUndefined::Undefined => Edit::Keep,
                MaybeUndefined::Null => Edit::Clear,
                MaybeUndefined::Value(raw) => Edit::Set(raw),
            },
        }
    }
}
