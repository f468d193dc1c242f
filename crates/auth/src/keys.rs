//! Signing keys. The embedded default is an HS256 secret created on first run in the data
//! directory (mode 0600); deployments with several replicas or separate verifiers configure
//! an EdDSA or RS256 key pair instead.

use std::io::Write;
use std::path::{Path, PathBuf};

use argon2::password_hash::rand_core::{OsRng, RngCore};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey};

/// The file the generated HS256 secret lives in, inside the data directory.
pub const HS256_KEY_FILE: &str = "jwt-hs256.key";
const HS256_KEY_BYTES: usize = 64;

/// Where the keys come from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum KeyConfig {
    /// HS256 with a secret kept in (and created in) the data directory.
    GeneratedHs256 { data_dir: PathBuf },
    /// EdDSA (Ed25519) from PEM files.
    EdDsa {
        private_pem: PathBuf,
        public_pem: PathBuf,
    },
    /// RS256 from PEM files.
    Rs256 {
        private_pem: PathBuf,
        public_pem: PathBuf,
    },
}

/// Keys ready to sign and verify.
pub struct SigningKeys {
    pub algorithm: Algorithm,
    pub encoding: EncodingKey,
    pub decoding: DecodingKey,
}

#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error("cannot read the key file {}: {source}", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot create the key file {}: {source}", path.display())]
    Create {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("the key file {} is not a usable {algorithm} key", path.display())]
    Invalid {
        path: PathBuf,
        algorithm: &'static str,
    },
}

impl SigningKeys {
    pub fn load(config: &KeyConfig) -> Result<Self, KeyError> {
        match config {
            KeyConfig::GeneratedHs256 { data_dir } => {
                let secret = load_or_create_secret(&data_dir.join(HS256_KEY_FILE))?;
                Ok(Self {
                    algorithm: Algorithm::HS256,
                    encoding: EncodingKey::from_secret(&secret),
                    decoding: DecodingKey::from_secret(&secret),
                })
            }
            KeyConfig::EdDsa {
                private_pem,
                public_pem,
            } => Ok(Self {
                algorithm: Algorithm::EdDSA,
                encoding: EncodingKey::from_ed_pem(&read(private_pem)?)
                    .map_err(|_| invalid(private_pem, "EdDSA"))?,
                decoding: DecodingKey::from_ed_pem(&read(public_pem)?)
                    .map_err(|_| invalid(public_pem, "EdDSA"))?,
            }),
            KeyConfig::Rs256 {
                private_pem,
                public_pem,
            } => Ok(Self {
                algorithm: Algorithm::RS256,
                encoding: EncodingKey::from_rsa_pem(&read(private_pem)?)
                    .map_err(|_| invalid(private_pem, "RS256"))?,
                decoding: DecodingKey::from_rsa_pem(&read(public_pem)?)
                    .map_err(|_| invalid(public_pem, "RS256"))?,
            }),
        }
    }
}

fn read(path: &Path) -> Result<Vec<u8>, KeyError> {
    std::fs::read(path).map_err(|source| KeyError::Read {
        path: path.into(),
        source,
    })
}

fn invalid(path: &Path, algorithm: &'static str) -> KeyError {
    KeyError::Invalid {
        path: path.into(),
        algorithm,
    }
}

/// Reads the secret, or creates it: random bytes in a file only its owner can read. Two
/// processes starting together both end up with the one that was written first.
fn load_or_create_secret(path: &Path) -> Result<Vec<u8>, KeyError> {
    match std::fs::read(path) {
        Ok(secret) if secret.len() >= 32 => return Ok(secret),
        Ok(_) => return Err(invalid(path, "HS256")),
        Err(err) if err.kind() != std::io::ErrorKind::NotFound => {
            return Err(KeyError::Read {
                path: path.into(),
                source: err,
            });
        }
        Err(_) => {}
    }
    let mut secret = vec![0u8; HS256_KEY_BYTES];
    OsRng.fill_bytes(&mut secret);
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    match options.open(path) {
        Ok(mut file) => {
            file.write_all(&secret)
                .and_then(|()| file.sync_all())
                .map_err(|source| KeyError::Create {
                    path: path.into(),
                    source,
                })?;
            tracing::info!(path = %path.display(), "created a new token signing key");
            Ok(secret)
        }
        // Another process won the race: use its key.
        Err(err) if err.kind() == std::io::ErrorKind::AlreadyExists => read(path),
        Err(source) => Err(KeyError::Create {
            path: path.into(),
            source,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn creates_the_secret_once_with_owner_only_access() {
        let dir = tempfile::tempdir().unwrap();
        let config = KeyConfig::GeneratedHs256 {
            data_dir: dir.path().into(),
        };
        SigningKeys::load(&config).unwrap();
        let path = dir.path().join(HS256_KEY_FILE);
        let first = std::fs::read(&path).unwrap();
        assert_eq!(first.len(), HS256_KEY_BYTES);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600);
        }
        SigningKeys::load(&config).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), first, "kept across restarts");
    }

    #[test]
    fn refuses_unusable_keys() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(HS256_KEY_FILE), b"short").unwrap();
        let config = KeyConfig::GeneratedHs256 {
            data_dir: dir.path().into(),
        };
        assert!(matches!(
            SigningKeys::load(&config),
            Err(KeyError::Invalid { .. })
        ));
        let pem = dir.path().join("not.pem");
        std::fs::write(&pem, b"not a key").unwrap();
        let config = KeyConfig::EdDsa {
            private_pem: pem.clone(),
            public_pem: pem,
        };
        assert!(matches!(
            SigningKeys::load(&config),
            Err(KeyError::Invalid { .. })
        ));
    }
}
