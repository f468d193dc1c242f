//! Identity: password policy and hashing, access and refresh tokens, signing keys, and the
//! account service that the GraphQL mutations call.

pub mod accounts;
pub mod keys;
pub mod password;
pub mod tokens;

pub use accounts::{AccountError, AccountService, LoginLimits, Registration, Session};
pub use keys::{KeyConfig, KeyError, SigningKeys};
pub use tokens::{AccessClaims, CurrentUser, TokenConfig, TokenError, Tokens};
