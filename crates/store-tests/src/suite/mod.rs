//! The suite's test bodies, one module per repository. Each takes a freshly migrated store
//! and creates all the data it needs.

pub mod auth;
pub mod career;
pub mod catalogue;
pub mod changes;
pub mod engagement;
pub mod mentoring;
pub mod organisations;
pub mod profiles;
pub mod readiness;
pub mod search;
pub mod shortages;
pub mod users;
pub mod vacancies;
pub mod ventures;

use skillbridge_domain::{Email, NewUser, Role, Store, User};

/// A user with a unique address, for tests that need someone to exist.
pub async fn some_user(store: &dyn Store, role: Role) -> User {
    let email = Email::parse(&format!("{}@example.org", uuid::Uuid::now_v7().simple())).unwrap();
    store
        .create_user(NewUser {
            email,
            role,
            display_name: "Test Person".into(),
            password_hash: None,
        })
        .await
        .expect("create user")
}
