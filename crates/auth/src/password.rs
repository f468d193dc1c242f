//! Passwords: the policy a new password must meet, and argon2id hashing off the async
//! runtime (hashing is deliberately slow, so it runs in `spawn_blocking`).

use std::sync::OnceLock;

use argon2::Argon2;
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use skillbridge_domain::ProblemCode;

/// The shortest password accepted.
pub const MIN_PASSWORD_CHARS: usize = 12;
/// The longest: hashing cost grows with length, so an unbounded password is a lever for
/// denial of service.
pub const MAX_PASSWORD_CHARS: usize = 256;

/// Why a password is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PasswordProblem {
    TooShort,
    TooLong,
    /// Common or easy to guess (zxcvbn scores it below 3 of 4); carries zxcvbn's hint.
    TooGuessable(String),
}

impl PasswordProblem {
    pub fn code(&self) -> ProblemCode {
        match self {
            PasswordProblem::TooShort => ProblemCode::PasswordTooShort,
            PasswordProblem::TooLong => ProblemCode::PasswordTooLong,
            PasswordProblem::TooGuessable(_) => ProblemCode::PasswordTooCommon,
        }
    }

    pub fn message(&self) -> String {
        match self {
            PasswordProblem::TooShort => format!("use at least {MIN_PASSWORD_CHARS} characters"),
            PasswordProblem::TooLong => format!("use at most {MAX_PASSWORD_CHARS} characters"),
            PasswordProblem::TooGuessable(hint) if hint.is_empty() => {
                "this password is too common or easy to guess".to_owned()
            }
            PasswordProblem::TooGuessable(hint) => {
                format!("this password is too common or easy to guess: {hint}")
            }
        }
    }
}

/// Checks a new password. `personal` holds what an attacker would try first (email,
/// name): a password built from them is refused.
pub fn check_policy(password: &str, personal: &[&str]) -> Result<(), PasswordProblem> {
    let chars = password.chars().count();
    if chars < MIN_PASSWORD_CHARS {
        return Err(PasswordProblem::TooShort);
    }
    if chars > MAX_PASSWORD_CHARS {
        return Err(PasswordProblem::TooLong);
    }
    // The person's own name and the name part of their email are the first guesses of
    // anyone who knows them: refuse passwords containing one (4 characters or more).
    let folded = password.to_lowercase();
    let own_words: Vec<String> = personal
        .iter()
        .map(|p| p.split('@').next().unwrap_or_default())
        .flat_map(|p| p.split(|c: char| !c.is_alphanumeric()))
        .filter(|w| w.chars().count() >= 4)
        .map(str::to_lowercase)
        .collect();
    if own_words.iter().any(|w| folded.contains(w.as_str())) {
        return Err(PasswordProblem::TooGuessable(
            "do not use your name or email address in it".into(),
        ));
    }
    let words: Vec<&str> = own_words.iter().map(String::as_str).collect();
    let estimate = zxcvbn::zxcvbn(password, &words);
    if estimate.score() < zxcvbn::Score::Three {
        let hint = estimate
            .feedback()
            .and_then(|f| f.warning())
            .map(|w| w.to_string())
            .unwrap_or_default();
        return Err(PasswordProblem::TooGuessable(hint));
    }
    Ok(())
}

/// Hashes with argon2id (the crate's defaults: 19 MiB, 2 passes, 1 lane, as OWASP
/// recommends) into a PHC string.
pub async fn hash(password: String) -> Result<String, HashError> {
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|hash| hash.to_string())
            .map_err(|_| HashError)
    })
    .await
    .map_err(|_| HashError)?
}

/// Whether `password` matches `hash`. Without a hash (no such account, or an account a
/// caseworker created), a fixed dummy hash is checked instead so that the answer takes as
/// long as for a real account, and is always false.
pub async fn verify(password: String, hash: Option<String>) -> Result<bool, HashError> {
    let known = hash.is_some();
    let hash = hash.unwrap_or_else(|| dummy_hash().to_owned());
    let matches = tokio::task::spawn_blocking(move || {
        let parsed = PasswordHash::new(&hash).map_err(|_| HashError)?;
        Ok::<_, HashError>(
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok(),
        )
    })
    .await
    .map_err(|_| HashError)??;
    Ok(known && matches)
}

fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(b"no account has this password", &salt)
            .expect("hashing a constant cannot fail")
            .to_string()
    })
}

/// Hashing failed (a bug or an exhausted runtime, never the user's fault).
#[derive(Debug, thiserror::Error)]
#[error("password hashing failed")]
pub struct HashError;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_short_long_and_common_passwords() {
        assert_eq!(check_policy("short", &[]), Err(PasswordProblem::TooShort));
        assert_eq!(
            check_policy(&"x".repeat(257), &[]),
            Err(PasswordProblem::TooLong)
        );
        for common in [
            "password1234",
            "123456789012",
            "qwertyuiopasdf",
            "iloveyou1234",
            "aaaaaaaaaaaa",
        ] {
            assert!(
                matches!(
                    check_policy(common, &[]),
                    Err(PasswordProblem::TooGuessable(_))
                ),
                "{common}"
            );
        }
        assert!(
            matches!(
                check_policy("amina.kone2024", &["amina.kone@example.org", "Amina Kone"]),
                Err(PasswordProblem::TooGuessable(_))
            ),
            "built from the account's own details"
        );
        assert_eq!(check_policy("correct horse battery staple", &[]), Ok(()));
        assert_eq!(check_policy("Lavender-Tram-71-Quarry", &[]), Ok(()));
    }

    #[tokio::test]
    async fn hashes_verify_and_dummy_never_matches() {
        let hash = hash("Lavender-Tram-71-Quarry".into()).await.unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(
            verify("Lavender-Tram-71-Quarry".into(), Some(hash.clone()))
                .await
                .unwrap()
        );
        assert!(
            !verify("lavender-tram-71-quarry".into(), Some(hash))
                .await
                .unwrap()
        );
        assert!(
            !verify("no account has this password".into(), None)
                .await
                .unwrap()
        );
    }
}
