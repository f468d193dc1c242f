//! User accounts and their roles.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::{Email, UserId};

/// What a person does on the platform. Employers, trainers and caseworkers act through an
/// organisation they are a member of.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Role {
    Migrant,
    Employer,
    Trainer,
    Caseworker,
    Admin,
}

impl Role {
    pub const ALL: [Role; 5] = [
        Role::Migrant,
        Role::Employer,
        Role::Trainer,
        Role::Caseworker,
        Role::Admin,
    ];

    /// The stable code stored in the database and shown in the API.
    pub const fn code(self) -> &'static str {
        match self {
            Role::Migrant => "MIGRANT",
            Role::Employer => "EMPLOYER",
            Role::Trainer => "TRAINER",
            Role::Caseworker => "CASEWORKER",
            Role::Admin => "ADMIN",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|role| role.code() == code)
    }
}

/// A stored account. The password hash never leaves the store through this type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct User {
    pub id: UserId,
    pub email: Email,
    pub role: Role,
    pub display_name: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// What it takes to create an account.
#[derive(Clone, Debug)]
pub struct NewUser {
    pub email: Email,
    pub role: Role,
    pub display_name: String,
    /// An argon2id PHC string, or `None` for a person registered by a caseworker.
    pub password_hash: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn role_codes_round_trip() {
        for role in Role::ALL {
            assert_eq!(Role::from_code(role.code()), Some(role));
        }
        assert_eq!(Role::from_code("migrant"), None);
    }
}
