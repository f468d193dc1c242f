//! Access tokens (short-lived JWTs carrying user id and role) and refresh tokens (random,
//! stored only as a hash, rotated on every use).

use argon2::password_hash::rand_core::{OsRng, RngCore};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Duration, Utc};
use jsonwebtoken::errors::ErrorKind;
use jsonwebtoken::{Header, Validation};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use skillbridge_domain::{Role, User, UserId};

use crate::keys::SigningKeys;

/// Token lifetimes and the claims every token must carry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenConfig {
    pub issuer: String,
    pub audience: String,
    pub access_ttl: Duration,
    pub refresh_ttl: Duration,
    /// Clock skew tolerated when checking `exp` and `nbf`, in seconds.
    pub leeway_seconds: u64,
}

impl Default for TokenConfig {
    fn default() -> Self {
        Self {
            issuer: "skillbridge".into(),
            audience: "skillbridge-api".into(),
            access_ttl: Duration::minutes(15),
            refresh_ttl: Duration::days(30),
            leeway_seconds: 30,
        }
    }
}

/// The claims of an access token.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessClaims {
    /// The user id.
    pub sub: String,
    pub role: Role,
    pub iss: String,
    pub aud: String,
    pub iat: i64,
    pub nbf: i64,
    pub exp: i64,
}

/// Who is making a request, as its access token says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CurrentUser {
    pub id: UserId,
    pub role: Role,
}

/// Why a presented access token is refused. All of these reach the client as
/// UNAUTHENTICATED; the variant is for logs.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    #[error("the token is malformed")]
    Malformed,
    #[error("the token has expired")]
    Expired,
    #[error("the token's signature is invalid")]
    BadSignature,
    #[error("the token is signed with an algorithm this server does not accept")]
    WrongAlgorithm,
    #[error("the token is for another audience or issuer")]
    WrongAudience,
    #[error("the token is not valid")]
    Invalid,
}

/// Issues and verifies access tokens.
pub struct Tokens {
    keys: SigningKeys,
    validation: Validation,
    config: TokenConfig,
}

impl Tokens {
    pub fn new(keys: SigningKeys, config: TokenConfig) -> Self {
        // Name everything: the one algorithm we sign with, issuer, audience, leeway and
        // the claims that must be present. A token that differs in any of them is refused.
        let mut validation = Validation::new(keys.algorithm);
        validation.algorithms = vec![keys.algorithm];
        validation.set_issuer(&[&config.issuer]);
        validation.set_audience(&[&config.audience]);
        validation.set_required_spec_claims(&["exp", "nbf", "iss", "aud", "sub"]);
        validation.validate_nbf = true;
        validation.leeway = config.leeway_seconds;
        Self {
            keys,
            validation,
            config,
        }
    }

    pub fn config(&self) -> &TokenConfig {
        &self.config
    }

    /// A signed access token for `user` and when it expires.
    pub fn issue_access(&self, user: &User, now: DateTime<Utc>) -> (String, DateTime<Utc>) {
        let expires_at = now + self.config.access_ttl;
        let claims = AccessClaims {
            sub: user.id.to_string(),
            role: user.role,
            iss: self.config.issuer.clone(),
            aud: self.config.audience.clone(),
            iat: now.timestamp(),
            nbf: now.timestamp(),
            exp: expires_at.timestamp(),
        };
        let token = jsonwebtoken::encode(
            &Header::new(self.keys.algorithm),
            &claims,
            &self.keys.encoding,
        )
        .expect("signing with a loaded key cannot fail");
        (token, expires_at)
    }

    /// The user an access token names, if it is valid in every respect.
    pub fn verify_access(&self, token: &str) -> Result<CurrentUser, TokenError> {
        let data =
            jsonwebtoken::decode::<AccessClaims>(token, &self.keys.decoding, &self.validation)
                .map_err(|err| match err.kind() {
                    ErrorKind::ExpiredSignature | ErrorKind::ImmatureSignature => {
                        TokenError::Expired
                    }
                    ErrorKind::InvalidSignature => TokenError::BadSignature,
                    ErrorKind::InvalidAlgorithm | ErrorKind::InvalidAlgorithmName => {
                        TokenError::WrongAlgorithm
                    }
                    ErrorKind::InvalidAudience | ErrorKind::InvalidIssuer => {
                        TokenError::WrongAudience
                    }
                    ErrorKind::InvalidToken
                    | ErrorKind::Base64(_)
                    | ErrorKind::Json(_)
                    | ErrorKind::Utf8(_) => TokenError::Malformed,
                    _ => TokenError::Invalid,
                })?;
        let id = data.claims.sub.parse().map_err(|_| TokenError::Malformed)?;
        Ok(CurrentUser {
            id,
            role: data.claims.role,
        })
    }
}

/// A new opaque token (refresh tokens, invitations): what the holder keeps, and the hash
/// that the store keeps.
pub fn new_opaque_token() -> (String, String) {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    let token = URL_SAFE_NO_PAD.encode(bytes);
    let hash = hash_opaque_token(&token);
    (token, hash)
}

/// The stored form of an opaque token. A fast hash suffices: the token is 256 random bits,
/// not a password.
pub fn hash_opaque_token(token: &str) -> String {
    let digest = Sha256::digest(token.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keys::KeyConfig;
    use jsonwebtoken::{Algorithm, EncodingKey};
    use skillbridge_domain::Email;

    fn tokens(dir: &std::path::Path, config: TokenConfig) -> Tokens {
        let keys = SigningKeys::load(&KeyConfig::GeneratedHs256 {
            data_dir: dir.into(),
        })
        .unwrap();
        Tokens::new(keys, config)
    }

    fn user() -> User {
        User {
            id: UserId::new(),
            email: Email::parse("amina@example.org").unwrap(),
            role: Role::Migrant,
            display_name: "Amina".into(),
            created_at: Utc::now(),
            updated_at: Utc::now(),
        }
    }

    fn forge(claims: &AccessClaims, alg: Algorithm, secret: &[u8]) -> String {
        jsonwebtoken::encode(&Header::new(alg), claims, &EncodingKey::from_secret(secret)).unwrap()
    }

    #[test]
    fn valid_tokens_round_trip() {
        let dir = tempfile::tempdir().unwrap();
        let tokens = tokens(dir.path(), TokenConfig::default());
        let user = user();
        let (token, expires_at) = tokens.issue_access(&user, Utc::now());
        assert!(expires_at > Utc::now() + Duration::minutes(14));
        assert_eq!(
            tokens.verify_access(&token),
            Ok(CurrentUser {
                id: user.id,
                role: Role::Migrant
            })
        );
    }

    #[test]
    fn every_kind_of_bad_token_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let tokens = tokens(dir.path(), TokenConfig::default());
        let user = user();
        let secret = std::fs::read(dir.path().join(crate::keys::HS256_KEY_FILE)).unwrap();
        let now = Utc::now().timestamp();
        let claims = AccessClaims {
            sub: user.id.to_string(),
            role: Role::Admin,
            iss: "skillbridge".into(),
            aud: "skillbridge-api".into(),
            iat: now,
            nbf: now,
            exp: now + 600,
        };
        let (good, _) = tokens.issue_access(&user, Utc::now());
        // Change one character in the middle of the signature.
        let at = good.rfind('.').unwrap() + 10;
        let mut tampered = good.clone();
        let replacement = if &good[at..=at] == "A" { "B" } else { "A" };
        tampered.replace_range(at..=at, replacement);
        let expired = AccessClaims {
            iat: now - 7200,
            nbf: now - 7200,
            exp: now - 3600,
            ..claims.clone()
        };
        let other_audience = AccessClaims {
            aud: "another-api".into(),
            ..claims.clone()
        };
        let other_issuer = AccessClaims {
            iss: "evil".into(),
            ..claims.clone()
        };
        let cases = [
            ("not a jwt", TokenError::Malformed),
            ("a.b.c", TokenError::Malformed),
            ("", TokenError::Malformed),
            (&tampered, TokenError::BadSignature),
            (
                &forge(
                    &claims,
                    Algorithm::HS256,
                    b"a guessed secret, not ours at all",
                ),
                TokenError::BadSignature,
            ),
            (
                &forge(&claims, Algorithm::HS512, &secret),
                TokenError::WrongAlgorithm,
            ),
            (
                &forge(&expired, Algorithm::HS256, &secret),
                TokenError::Expired,
            ),
            (
                &forge(&other_audience, Algorithm::HS256, &secret),
                TokenError::WrongAudience,
            ),
            (
                &forge(&other_issuer, Algorithm::HS256, &secret),
                TokenError::WrongAudience,
            ),
        ];
        for (token, expected) in cases {
            assert_eq!(tokens.verify_access(token), Err(expected), "{token}");
        }
        // alg "none": an unsigned token claiming to be anyone.
        let header = URL_SAFE_NO_PAD.encode(r#"{"alg":"none","typ":"JWT"}"#);
        let body = URL_SAFE_NO_PAD.encode(serde_json_like(&claims));
        assert!(tokens.verify_access(&format!("{header}.{body}.")).is_err());
    }

    fn serde_json_like(claims: &AccessClaims) -> String {
        format!(
            r#"{{"sub":"{}","role":"ADMIN","iss":"{}","aud":"{}","iat":{},"nbf":{},"exp":{}}}"#,
            claims.sub, claims.iss, claims.aud, claims.iat, claims.nbf, claims.exp
        )
    }

    #[test]
    fn refresh_tokens_are_random_and_stored_hashed() {
        let (a, hash_a) = new_opaque_token();
        let (b, _) = new_opaque_token();
        assert_ne!(a, b);
        assert_eq!(hash_opaque_token(&a), hash_a);
        assert_ne!(hash_a, a);
        assert_eq!(hash_a.len(), 64);
    }
}
