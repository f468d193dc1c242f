//! Typed configuration, built in one place: defaults that work with nothing set, then
//! `skillbridge.toml`, then `SKILLBRIDGE_*` environment variables, then command-line flags.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use serde::{Deserialize, Serialize};
use skillbridge_domain::matching::MatchWeights;
use skillbridge_graphql::Limits;

/// The file read from the working directory when no `--config` is given.
pub const DEFAULT_CONFIG_FILE: &str = "skillbridge.toml";
/// The prefix of configuration environment variables.
pub const ENV_PREFIX: &str = "SKILLBRIDGE_";
/// Sections whose keys an environment variable reaches as `SKILLBRIDGE_<SECTION>_<KEY>`.
const SECTIONS: [&str; 9] = [
    "auth",
    "database",
    "graphql",
    "http",
    "log",
    "matching",
    "metrics",
    "search",
    "statistics",
];

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Address the HTTP server listens on.
    pub listen: SocketAddr,
    /// Where the embedded database, search index and keys live.
    pub data_dir: PathBuf,
    pub database: DatabaseConfig,
    pub graphql: GraphqlConfig,
    pub http: HttpConfig,
    pub auth: AuthConfig,
    pub log: LogConfig,
    /// The weights of the match score (see `crates/domain/src/matching.rs`); each
    /// factor's weight counts relative to their sum.
    pub matching: MatchWeights,
    pub metrics: MetricsConfig,
    pub search: SearchConfig,
    pub statistics: StatisticsConfig,
}

/// Statistics about people (public statistics, insights).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct StatisticsConfig {
    /// The smallest group of people a figure is shown for (k): 10 by default, never
    /// below 5.
    pub min_group: u64,
    /// How often, in hours, a fairness report of the last year is computed and kept
    /// (24 by default; 0: only on demand). Replicas share the schedule: one that finds a
    /// report younger than this leaves it.
    pub fairness_every_hours: u64,
}

impl Default for StatisticsConfig {
    fn default() -> Self {
        Self {
            min_group: skillbridge_domain::anonymity::DEFAULT_MIN_GROUP,
            fairness_every_hours: 24,
        }
    }
}

impl StatisticsConfig {
    /// k, or what is wrong with it.
    pub fn min_group(&self) -> Result<skillbridge_domain::anonymity::MinGroup, ConfigError> {
        skillbridge_domain::anonymity::MinGroup::new(self.min_group)
            .map_err(|why| ConfigError::Invalid(format!("statistics.min_group: {why}")))
    }
}

/// Operations metrics in the Prometheus text format: off unless one way to reach them is
/// configured.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MetricsConfig {
    /// A bearer token: `/metrics` on the main listener answers requests that carry it.
    pub token: Option<String>,
    /// An address of its own for `/metrics`, without a token (bind it where only the
    /// monitoring network reaches, e.g. `10.0.0.5:9464`).
    pub listen: Option<SocketAddr>,
}

impl MetricsConfig {
    pub fn enabled(&self) -> bool {
        self.token.is_some() || self.listen.is_some()
    }

    /// The token, or what is wrong with it.
    fn check(&self) -> Result<(), ConfigError> {
        match &self.token {
            Some(token) if token.trim().len() < 16 => Err(ConfigError::Invalid(
                "metrics.token must be at least 16 characters (a long random string)".into(),
            )),
            _ => Ok(()),
        }
    }
}

// The token is a secret: never printed.
impl std::fmt::Debug for MetricsConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MetricsConfig")
            .field("token", &self.token.as_ref().map(|_| "<set>"))
            .field("listen", &self.listen)
            .finish()
    }
}

/// Which search backend serves skill, occupation, vacancy and course search.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SearchBackend {
    /// tantivy, embedded: an index under the data directory, for one server process.
    Tantivy,
    /// A Meilisearch v1 server, shared by every server process.
    Meilisearch,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SearchConfig {
    pub backend: SearchBackend,
    /// The Meilisearch server, e.g. `http://127.0.0.1:7700`.
    pub url: String,
    /// Its API key (the master key or one allowed to manage indexes and documents).
    pub api_key: Option<String>,
    /// The start of the Meilisearch index names (`<prefix>_vacancy`, ...), so several
    /// deployments can share a server.
    pub index_prefix: String,
}

impl Default for SearchConfig {
    fn default() -> Self {
        Self {
            backend: SearchBackend::Tantivy,
            url: String::new(),
            api_key: None,
            index_prefix: "skillbridge".into(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AuthConfig {
    /// `HS256` (a secret created in the data directory on first run), `EdDSA` or `RS256`
    /// (key pair from `private_key_file` and `public_key_file`, PEM).
    pub algorithm: String,
    pub private_key_file: Option<PathBuf>,
    pub public_key_file: Option<PathBuf>,
    /// The `iss` claim issued and required.
    pub issuer: String,
    /// The `aud` claim issued and required.
    pub audience: String,
    pub access_token_minutes: u32,
    pub refresh_token_days: u32,
    /// Clock skew tolerated when checking token times.
    pub leeway_seconds: u32,
    /// Failed logins tolerated per account within the window.
    pub max_failed_logins_per_account: u32,
    /// Failed logins tolerated per client address within the window.
    pub max_failed_logins_per_address: u32,
    pub failed_login_window_minutes: u32,
}

impl Default for AuthConfig {
    fn default() -> Self {
        Self {
            algorithm: "HS256".into(),
            private_key_file: None,
            public_key_file: None,
            issuer: "skillbridge".into(),
            audience: "skillbridge-api".into(),
            access_token_minutes: 15,
            refresh_token_days: 30,
            leeway_seconds: 30,
            max_failed_logins_per_account: 5,
            max_failed_logins_per_address: 50,
            failed_login_window_minutes: 15,
        }
    }
}

impl AuthConfig {
    /// Where the signing keys come from.
    pub fn keys(&self, data_dir: &Path) -> Result<skillbridge_auth::KeyConfig, ConfigError> {
        use skillbridge_auth::KeyConfig;
        let pair = |algorithm: &str| match (&self.private_key_file, &self.public_key_file) {
            (Some(private_pem), Some(public_pem)) => Ok((private_pem.clone(), public_pem.clone())),
            _ => Err(ConfigError::Invalid(format!(
                "auth.algorithm {algorithm} needs auth.private_key_file and auth.public_key_file"
            ))),
        };
        match self.algorithm.as_str() {
            "HS256" => Ok(KeyConfig::GeneratedHs256 {
                data_dir: data_dir.to_path_buf(),
            }),
            "EdDSA" => pair("EdDSA").map(|(private_pem, public_pem)| KeyConfig::EdDsa {
                private_pem,
                public_pem,
            }),
            "RS256" => pair("RS256").map(|(private_pem, public_pem)| KeyConfig::Rs256 {
                private_pem,
                public_pem,
            }),
            other => Err(ConfigError::Invalid(format!(
                "auth.algorithm must be HS256, EdDSA or RS256 (got {other:?})"
            ))),
        }
    }

    pub fn tokens(&self) -> skillbridge_auth::TokenConfig {
        skillbridge_auth::TokenConfig {
            issuer: self.issuer.clone(),
            audience: self.audience.clone(),
            access_ttl: chrono::Duration::minutes(self.access_token_minutes.max(1).into()),
            refresh_ttl: chrono::Duration::days(self.refresh_token_days.max(1).into()),
            leeway_seconds: self.leeway_seconds.into(),
        }
    }

    pub fn login_limits(&self) -> skillbridge_auth::LoginLimits {
        skillbridge_auth::LoginLimits {
            per_account: self.max_failed_logins_per_account.into(),
            per_address: self.max_failed_logins_per_address.into(),
            window: chrono::Duration::minutes(self.failed_login_window_minutes.max(1).into()),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DatabaseConfig {
    /// `postgres://…` for PostgreSQL, `sqlite:…` for a SQLite file elsewhere; empty for the
    /// embedded SQLite file in the data directory.
    pub url: String,
    pub max_connections: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct GraphqlConfig {
    /// Accept a JSON array of operations in one POST.
    pub batching: bool,
    /// The most operations one batch may hold.
    pub max_batch_size: usize,
    /// The largest request body, in bytes.
    pub body_limit_bytes: usize,
    /// Serve GraphiQL on `GET /graphql` to browsers.
    pub graphiql: bool,
    /// The deepest selection allowed.
    pub max_depth: usize,
    /// The most fields an operation may cost.
    pub max_complexity: usize,
    /// How deeply the parser may recurse.
    pub max_recursive_depth: usize,
}

impl GraphqlConfig {
    /// The query limits the schema enforces.
    pub fn limits(&self) -> Limits {
        Limits {
            max_depth: self.max_depth,
            max_complexity: self.max_complexity,
            max_recursive_depth: self.max_recursive_depth,
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct HttpConfig {
    /// The origins of browser frontends served from elsewhere that may call the API
    /// (`https://app.example.org`), each exact; empty: the same origin only. In the
    /// environment (`SKILLBRIDGE_HTTP_CORS_ORIGINS`) separated by commas.
    #[serde(deserialize_with = "origin_list")]
    pub cors_origins: Vec<String>,
}

impl HttpConfig {
    /// The allowed origins as browsers send them (`scheme://host[:port]`), or what is wrong
    /// with one. A wildcard is refused: the API takes credentials.
    pub fn origins(&self) -> Result<Vec<String>, ConfigError> {
        self.cors_origins
            .iter()
            .map(|given| {
                let invalid =
                    |why: &str| ConfigError::Invalid(format!("http.cors_origins: {given:?} {why}"));
                if given.contains('*') {
                    return Err(invalid("is a wildcard; list each origin exactly"));
                }
                let url = url::Url::parse(given)
                    .map_err(|_| invalid("is not an origin such as https://app.example.org"))?;
                let bare = url.path() == "/"
                    && url.query().is_none()
                    && url.fragment().is_none()
                    && url.username().is_empty()
                    && url.password().is_none();
                if !matches!(url.scheme(), "http" | "https") || url.host().is_none() || !bare {
                    return Err(invalid(
                        "is not an origin (scheme://host[:port], nothing after it)",
                    ));
                }
                Ok(url.origin().ascii_serialization())
            })
            .collect()
    }
}

/// Origins as a list (a file) or one string separated by commas (the environment).
fn origin_list<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Origins {
        List(Vec<String>),
        Joined(String),
    }
    Ok(match Origins::deserialize(d)? {
        Origins::List(list) => list,
        Origins::Joined(joined) => joined
            .split(',')
            .map(str::trim)
            .filter(|o| !o.is_empty())
            .map(str::to_owned)
            .collect(),
    })
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LogConfig {
    /// A tracing filter, e.g. `info` or `skillbridge=debug,sqlx=warn`.
    pub filter: String,
    /// `text` for people, `json` for log collectors.
    pub format: LogFormat,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    Text,
    Json,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
            data_dir: PathBuf::from("./data"),
            database: DatabaseConfig::default(),
            graphql: GraphqlConfig::default(),
            http: HttpConfig::default(),
            auth: AuthConfig::default(),
            log: LogConfig::default(),
            matching: MatchWeights::default(),
            metrics: MetricsConfig::default(),
            statistics: StatisticsConfig::default(),
            search: SearchConfig::default(),
        }
    }
}

impl Default for DatabaseConfig {
    fn default() -> Self {
        Self {
            url: String::new(),
            max_connections: 10,
        }
    }
}

impl Default for GraphqlConfig {
    fn default() -> Self {
        let limits = Limits::default();
        Self {
            batching: false,
            max_batch_size: 10,
            body_limit_bytes: 1024 * 1024,
            graphiql: true,
            max_depth: limits.max_depth,
            max_complexity: limits.max_complexity,
            max_recursive_depth: limits.max_recursive_depth,
        }
    }
}

impl Default for LogConfig {
    fn default() -> Self {
        Self {
            filter: "info,tantivy=warn".into(),
            format: LogFormat::Text,
        }
    }
}

/// Command-line values, which win over every other source. `None` leaves the value alone.
#[derive(Clone, Debug, Default)]
pub struct Overrides {
    pub listen: Option<SocketAddr>,
    pub data_dir: Option<PathBuf>,
    pub database_url: Option<String>,
}

/// Why the configuration could not be loaded; one line, naming the source.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("config file {0} does not exist")]
    MissingFile(PathBuf),
    #[error("invalid configuration: {0}")]
    Invalid(String),
}

impl Config {
    /// Loads the layers. `file` is the `--config` path; without it `skillbridge.toml` in the
    /// working directory is read if it exists.
    pub fn load(file: Option<&Path>, overrides: &Overrides) -> Result<Self, ConfigError> {
        Self::load_from(file, overrides, Env::prefixed(ENV_PREFIX))
    }

    fn load_from(
        file: Option<&Path>,
        overrides: &Overrides,
        env: Env,
    ) -> Result<Self, ConfigError> {
        let mut figment = Figment::from(Serialized::defaults(Config::default()));
        match file {
            Some(path) if !path.is_file() => return Err(ConfigError::MissingFile(path.into())),
            Some(path) => figment = figment.merge(Toml::file_exact(path)),
            None if Path::new(DEFAULT_CONFIG_FILE).is_file() => {
                figment = figment.merge(Toml::file_exact(DEFAULT_CONFIG_FILE));
            }
            None => {}
        }
        figment = figment.merge(env.ignore(&["config"]).map(|key| {
            let key = key.as_str().to_ascii_lowercase();
            section_key(&key).into()
        }));
        if let Some(listen) = overrides.listen {
            figment = figment.merge(Serialized::default("listen", listen));
        }
        if let Some(dir) = &overrides.data_dir {
            figment = figment.merge(Serialized::default("data_dir", dir));
        }
        if let Some(url) = &overrides.database_url {
            figment = figment.merge(Serialized::default("database.url", url));
        }
        let config: Config = figment
            .extract()
            .map_err(|err| ConfigError::Invalid(one_line(&err)))?;
        config.match_weights()?;
        config.http.origins()?;
        config.metrics.check()?;
        config.statistics.min_group()?;
        Ok(config)
    }

    /// The match weights, or what is wrong with them.
    pub fn match_weights(&self) -> Result<MatchWeights, ConfigError> {
        match self.matching.problem() {
            None => Ok(self.matching.clone()),
            Some(problem) => Err(ConfigError::Invalid(format!("matching.{problem}"))),
        }
    }

    /// The database URL with any password replaced, fit for logs.
    pub fn redacted_database_url(&self) -> String {
        redact_url(&self.database.url)
    }
}

/// `database_url` -> `database.url`: environment variables reach into sections.
fn section_key(key: &str) -> String {
    for section in SECTIONS {
        if let Some(rest) = key.strip_prefix(section).and_then(|r| r.strip_prefix('_')) {
            return format!("{section}.{rest}");
        }
    }
    key.to_owned()
}

/// Figment reports every problem it found, some over several lines; callers want one line.
fn one_line(err: &figment::Error) -> String {
    let messages: Vec<String> = err
        .clone()
        .into_iter()
        .map(|e| {
            e.to_string()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    messages.join("; ")
}

/// Replaces the password in a URL with `***`; leaves anything that is not a URL as it is.
pub fn redact_url(raw: &str) -> String {
    match url::Url::parse(raw) {
        Ok(mut url) if url.password().is_some() => {
            let _ = url.set_password(Some("***"));
            url.into()
        }
        _ => raw.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(
        toml: Option<&str>,
        env: &[(&str, &str)],
        overrides: &Overrides,
    ) -> Result<Config, ConfigError> {
        let dir = tempfile::tempdir().unwrap();
        let file = toml.map(|text| {
            let path = dir.path().join("skillbridge.toml");
            std::fs::write(&path, text).unwrap();
            path
        });
        // A private prefix per call keeps the test independent of the real environment.
        let prefix = format!("SBTEST{}_", uuid_like());
        for (key, value) in env {
            // SAFETY: the variables are unique to this call, so no other thread reads them.
            unsafe { std::env::set_var(format!("{prefix}{key}"), value) };
        }
        let result = Config::load_from(file.as_deref(), overrides, Env::prefixed(&prefix));
        for (key, _) in env {
            unsafe { std::env::remove_var(format!("{prefix}{key}")) };
        }
        result
    }

    fn uuid_like() -> u64 {
        use std::sync::atomic::{AtomicU64, Ordering};
        static NEXT: AtomicU64 = AtomicU64::new(0);
        NEXT.fetch_add(1, Ordering::Relaxed) + u64::from(std::process::id()) * 1_000
    }

    #[test]
    fn metrics_are_off_by_default_and_the_token_is_checked_and_never_shown() {
        let off = load(None, &[], &Overrides::default()).unwrap();
        assert!(!off.metrics.enabled());
        let on = load(
            Some("[metrics]\nlisten = \"127.0.0.1:9464\"\n"),
            &[("METRICS_TOKEN", "a-long-random-scrape-token")],
            &Overrides::default(),
        )
        .unwrap();
        assert!(on.metrics.enabled());
        assert_eq!(on.metrics.listen, Some("127.0.0.1:9464".parse().unwrap()));
        assert_eq!(
            on.metrics.token.as_deref(),
            Some("a-long-random-scrape-token")
        );
        assert!(!format!("{on:?}").contains("a-long-random-scrape-token"));
        let small_k = load(
            None,
            &[("STATISTICS_MIN_GROUP", "3")],
            &Overrides::default(),
        );
        assert!(
            matches!(small_k, Err(ConfigError::Invalid(ref m)) if m.starts_with("statistics.min_group")),
            "{small_k:?}"
        );
        let short = load(None, &[("METRICS_TOKEN", "secret")], &Overrides::default());
        assert!(
            matches!(short, Err(ConfigError::Invalid(ref m)) if m.starts_with("metrics.token")),
            "{short:?}"
        );
    }

    #[test]
    fn match_weights_are_configurable_and_checked() {
        let config = load(
            Some("[matching]\nshortage = 0.3\n"),
            &[],
            &Overrides::default(),
        )
        .unwrap();
        assert_eq!(config.match_weights().unwrap().shortage, 0.3);
        let env = load(
            None,
            &[("MATCHING_DISTANCE_HALF_KM", "50")],
            &Overrides::default(),
        )
        .unwrap();
        assert_eq!(env.matching.distance_half_km, 50.0);
        for bad in [
            "[matching]\nsibling_credit = 1.5\n",
            "[matching]\nskills = -1\n",
            "[matching]\nskills = 0\nlanguages = 0\ndistance = 0\nshortage = 0\ntracks = 0\navailability = 0\n",
            "[matching]\ndistance_half_km = 0\n",
            "[matching]\nshortage_boost = 1\n",
        ] {
            let err = load(Some(bad), &[], &Overrides::default()).unwrap_err();
            assert!(
                err.to_string().contains("matching") || err.to_string().contains("shortage_boost"),
                "{bad}: {err}"
            );
        }
    }

    #[test]
    fn defaults_work_with_nothing_set() {
        let config = load(None, &[], &Overrides::default()).unwrap();
        assert_eq!(config, Config::default());
        assert_eq!(config.listen.to_string(), "127.0.0.1:8080");
        assert_eq!(config.data_dir, PathBuf::from("./data"));
        assert!(!config.graphql.batching);
    }

    #[test]
    fn each_layer_overrides_the_one_before() {
        let toml = r#"
            listen = "127.0.0.1:9000"
            data_dir = "/srv/file"
            [database]
            url = "postgres://file@db/skillbridge"
            [graphql]
            max_depth = 20
            batching = true
        "#;
        let env = [
            ("DATA_DIR", "/srv/env"),
            ("DATABASE_URL", "postgres://env@db/sb"),
            ("GRAPHQL_MAX_DEPTH", "12"),
        ];
        let config = load(Some(toml), &env, &Overrides::default()).unwrap();
        assert_eq!(config.listen.port(), 9000, "file over defaults");
        assert!(config.graphql.batching, "file over defaults");
        assert_eq!(config.data_dir, PathBuf::from("/srv/env"), "env over file");
        assert_eq!(
            config.database.url, "postgres://env@db/sb",
            "env reaches into sections"
        );
        assert_eq!(config.graphql.max_depth, 12);

        let flags = Overrides {
            listen: Some("127.0.0.1:7000".parse().unwrap()),
            data_dir: Some("/srv/flag".into()),
            database_url: Some("postgres://flag@db/sb".into()),
        };
        let config = load(Some(toml), &env, &flags).unwrap();
        assert_eq!(config.listen.port(), 7000, "flags over everything");
        assert_eq!(config.data_dir, PathBuf::from("/srv/flag"));
        assert_eq!(config.database.url, "postgres://flag@db/sb");
    }

    #[test]
    fn bad_configuration_is_one_clear_line() {
        for (toml, expect) in [
            ("listen = ", "skillbridge.toml"),
            ("listen = \"not an address\"", "listen"),
            ("[graphql]\nmax_depth = \"deep\"", "max_depth"),
            ("lisen = \"127.0.0.1:1\"", "lisen"),
        ] {
            let err = load(Some(toml), &[], &Overrides::default())
                .unwrap_err()
                .to_string();
            assert!(!err.contains('\n'), "one line: {err}");
            assert!(err.contains(expect), "{toml:?} -> {err}");
        }
        let err = load(
            None,
            &[("GRAPHQL_BATCHING", "perhaps")],
            &Overrides::default(),
        )
        .unwrap_err()
        .to_string();
        assert!(err.to_lowercase().contains("graphql.batching"), "{err}");
    }

    #[test]
    fn a_named_config_file_must_exist() {
        let err = Config::load(
            Some(Path::new("/nonexistent/skillbridge.toml")),
            &Overrides::default(),
        )
        .unwrap_err();
        assert!(matches!(err, ConfigError::MissingFile(_)));
    }

    #[test]
    fn key_settings_are_checked() {
        let dir = std::path::Path::new("/srv/data");
        let config = |toml: &str| load(Some(toml), &[], &Overrides::default()).unwrap().auth;
        assert!(matches!(
            config("").keys(dir),
            Ok(skillbridge_auth::KeyConfig::GeneratedHs256 { .. })
        ));
        let err = config("[auth]\nalgorithm = \"EdDSA\"")
            .keys(dir)
            .unwrap_err()
            .to_string();
        assert!(err.contains("auth.private_key_file"), "{err}");
        let err = config("[auth]\nalgorithm = \"none\"")
            .keys(dir)
            .unwrap_err()
            .to_string();
        assert!(err.contains("HS256, EdDSA or RS256"), "{err}");
        let pair = config(
            "[auth]\nalgorithm = \"RS256\"\nprivate_key_file = \"k.pem\"\npublic_key_file = \"p.pem\"",
        );
        assert!(matches!(
            pair.keys(dir),
            Ok(skillbridge_auth::KeyConfig::Rs256 { .. })
        ));
    }

    #[test]
    fn passwords_never_reach_the_log() {
        assert_eq!(
            redact_url("postgres://sb:s3cret@db.internal:5432/skillbridge"),
            "postgres://sb:***@db.internal:5432/skillbridge"
        );
        assert_eq!(redact_url(""), "");
    }

    #[test]
    fn cors_origins_from_file_and_environment_are_exact_origins() {
        assert!(
            load(None, &[], &Overrides::default())
                .unwrap()
                .http
                .cors_origins
                .is_empty(),
            "same origin only by default"
        );
        let file = load(
            Some(
                "[http]\ncors_origins = [\"https://app.example.org\", \"http://LOCALHOST:5173/\"]",
            ),
            &[],
            &Overrides::default(),
        )
        .unwrap();
        assert_eq!(
            file.http.origins().unwrap(),
            ["https://app.example.org", "http://localhost:5173"]
        );
        let env = load(
            None,
            &[(
                "HTTP_CORS_ORIGINS",
                "https://app.example.org, https://admin.example.org",
            )],
            &Overrides::default(),
        )
        .unwrap();
        assert_eq!(
            env.http.origins().unwrap(),
            ["https://app.example.org", "https://admin.example.org"]
        );
        for bad in [
            "*",
            "https://*.example.org",
            "app.example.org",
            "https://app.example.org/ui",
            "ftp://files.example.org",
        ] {
            let err = load(None, &[("HTTP_CORS_ORIGINS", bad)], &Overrides::default())
                .unwrap_err()
                .to_string();
            assert!(err.contains("http.cors_origins"), "{bad}: {err}");
            assert!(!err.contains('\n'), "one line: {err}");
        }
    }

    #[test]
    fn search_backend_from_file_and_environment() {
        let config = load(None, &[], &Overrides::default()).unwrap();
        assert_eq!(
            config.search.backend,
            SearchBackend::Tantivy,
            "embedded by default"
        );
        let env = [
            ("SEARCH_BACKEND", "meilisearch"),
            ("SEARCH_URL", "http://search:7700"),
            ("SEARCH_API_KEY", "secret"),
        ];
        let config = load(
            Some("[search]\nindex_prefix = \"acme\""),
            &env,
            &Overrides::default(),
        )
        .unwrap();
        assert_eq!(config.search.backend, SearchBackend::Meilisearch);
        assert_eq!(config.search.url, "http://search:7700");
        assert_eq!(config.search.api_key.as_deref(), Some("secret"));
        assert_eq!(config.search.index_prefix, "acme");
        let err = load(
            None,
            &[("SEARCH_BACKEND", "elastic")],
            &Overrides::default(),
        )
        .unwrap_err();
        assert!(
            err.to_string().contains("meilisearch"),
            "names the choices: {err}"
        );
    }
}
