//! Newtype ids: UUID v7, so ids sort by creation time and index well.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

macro_rules! entity_id {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(Uuid);

        impl $name {
            /// A new id, time-ordered (UUID v7).
            pub fn new() -> Self {
                Self(Uuid::now_v7())
            }

            /// Wraps an existing UUID (read back from storage or a client).
            pub const fn from_uuid(uuid: Uuid) -> Self {
                Self(uuid)
            }

            pub const fn as_uuid(&self) -> &Uuid {
                &self.0
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl FromStr for $name {
            type Err = uuid::Error;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(s).map(Self)
            }
        }

        impl From<$name> for Uuid {
            fn from(id: $name) -> Uuid {
                id.0
            }
        }
    };
}

entity_id!(
    /// A user account.
    UserId
);
entity_id!(
    /// An employer, training provider or support organisation.
    OrganisationId
);

entity_id!(
    /// An ESCO skill or skill group.
    SkillId
);
entity_id!(
    /// An ESCO occupation.
    OccupationId
);
entity_id!(
    /// An entry of a shortage occupation list.
    ShortageId
);
entity_id!(
    /// A migrant's skill profile.
    ProfileId
);
entity_id!(
    /// An employer's vacancy.
    VacancyId
);
entity_id!(
    /// A training provider's course.
    CourseId
);
entity_id!(
    /// One run of a course, with dates and seats.
    CohortId
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_time_ordered_and_round_trip_through_text() {
        let first = UserId::new();
        let second = UserId::new();
        assert!(first < second, "UUID v7 ids sort by creation time");
        assert_eq!(first.to_string().parse::<UserId>().unwrap(), first);
        assert!("not-a-uuid".parse::<UserId>().is_err());
    }
}
