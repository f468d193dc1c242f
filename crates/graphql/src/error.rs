//! The one table of error codes, and the error type resolvers return.
//!
//! Resolvers return [`GqlError`]. It has only intended `From` impls: a domain error becomes
//! the code that fits it; anything internal is logged with its cause chain and reaches the
//! client as `INTERNAL` with a plain message. No SQL, path or stack ever leaks.

use std::error::Error as StdError;

use async_graphql::ErrorExtensions;
use skillbridge_domain::StoreError;

/// Every code a client can find in `extensions.code`, with what it means and the HTTP status
/// that goes with it when it ends a request before execution.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorCode {
    /// No valid access token where one is required.
    Unauthenticated,
    /// Authenticated, but not allowed to do this.
    Forbidden,
    /// The thing asked for does not exist (or the caller may not know it does).
    NotFound,
    /// An argument is wrong in a way the client can fix.
    BadUserInput,
    /// Too many attempts; try again later.
    RateLimited,
    /// A dependency (database, search) is temporarily unavailable.
    Unavailable,
    /// A fault on our side; details are in the server log, not the response.
    Internal,
    /// The GraphQL document does not parse.
    GraphqlParseFailed,
    /// The document parses but does not validate against the schema (including variables
    /// and query limits).
    GraphqlValidationFailed,
    /// An automatic persisted query whose document this server does not hold: send it again
    /// with the query text.
    PersistedQueryNotFound,
    /// The HTTP request is not a well-formed GraphQL-over-HTTP request.
    BadRequest,
    /// A mutation or subscription sent with GET.
    MethodNotAllowed,
    /// None of the media types in `Accept` can be served.
    NotAcceptable,
    /// The body is larger than the configured limit.
    PayloadTooLarge,
    /// The body's Content-Type is not `application/json`.
    UnsupportedMediaType,
}

impl ErrorCode {
    pub const ALL: [ErrorCode; 15] = [
        ErrorCode::Unauthenticated,
        ErrorCode::Forbidden,
        ErrorCode::NotFound,
        ErrorCode::BadUserInput,
        ErrorCode::RateLimited,
        ErrorCode::Unavailable,
        ErrorCode::Internal,
        ErrorCode::GraphqlParseFailed,
        ErrorCode::GraphqlValidationFailed,
        ErrorCode::PersistedQueryNotFound,
        ErrorCode::BadRequest,
        ErrorCode::MethodNotAllowed,
        ErrorCode::NotAcceptable,
        ErrorCode::PayloadTooLarge,
        ErrorCode::UnsupportedMediaType,
    ];

    /// The stable string in `extensions.code`.
    pub const fn as_str(self) -> &'static str {
        match self {
            ErrorCode::Unauthenticated => "UNAUTHENTICATED",
            ErrorCode::Forbidden => "FORBIDDEN",
            ErrorCode::NotFound => "NOT_FOUND",
            ErrorCode::BadUserInput => "BAD_USER_INPUT",
            ErrorCode::RateLimited => "RATE_LIMITED",
            ErrorCode::Unavailable => "UNAVAILABLE",
            ErrorCode::Internal => "INTERNAL",
            ErrorCode::GraphqlParseFailed => "GRAPHQL_PARSE_FAILED",
            ErrorCode::GraphqlValidationFailed => "GRAPHQL_VALIDATION_FAILED",
            ErrorCode::PersistedQueryNotFound => "PERSISTED_QUERY_NOT_FOUND",
            ErrorCode::BadRequest => "BAD_REQUEST",
            ErrorCode::MethodNotAllowed => "METHOD_NOT_ALLOWED",
            ErrorCode::NotAcceptable => "NOT_ACCEPTABLE",
            ErrorCode::PayloadTooLarge => "PAYLOAD_TOO_LARGE",
            ErrorCode::UnsupportedMediaType => "UNSUPPORTED_MEDIA_TYPE",
        }
    }

    /// The HTTP status when this error stops a request before execution. Errors raised
    /// while executing travel inside a 200 response, as GraphQL-over-HTTP asks.
    pub const fn http_status(self) -> u16 {
        match self {
            ErrorCode::Unauthenticated => 401,
            ErrorCode::Forbidden => 403,
            ErrorCode::NotFound => 404,
            ErrorCode::BadUserInput
            | ErrorCode::GraphqlParseFailed
            | ErrorCode::GraphqlValidationFailed
            | ErrorCode::PersistedQueryNotFound
            | ErrorCode::BadRequest => 400,
            ErrorCode::RateLimited => 429,
            ErrorCode::Unavailable => 503,
            ErrorCode::Internal => 500,
            ErrorCode::MethodNotAllowed => 405,
            ErrorCode::NotAcceptable => 406,
            ErrorCode::PayloadTooLarge => 413,
            ErrorCode::UnsupportedMediaType => 415,
        }
    }
}

/// An error a resolver returns: a code and a message fit for the client.
///
/// Deliberately not `Display`: async-graphql converts any `Display` type into an error
/// without a code, and we want `?` to go through the `From` below, which keeps it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GqlError {
    pub code: ErrorCode,
    pub message: String,
}

pub type GqlResult<T> = Result<T, GqlError>;

impl GqlError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
        }
    }

    /// Logs `err` with its whole cause chain and returns the client-safe `INTERNAL` error.
    pub fn internal(err: &(dyn StdError + 'static)) -> Self {
        tracing::error!(error = %chain(err), "internal error");
        Self::new(ErrorCode::Internal, "internal error")
    }
}

impl From<StoreError> for GqlError {
    fn from(err: StoreError) -> Self {
        match err {
            StoreError::NotFound { entity } => {
                GqlError::new(ErrorCode::NotFound, format!("{entity} not found"))
            }
            StoreError::Duplicate { .. } | StoreError::MissingReference { .. } => {
                GqlError::new(ErrorCode::BadUserInput, err.to_string())
            }
            StoreError::Unavailable(_) => {
                tracing::warn!(error = %chain(&err), "database unavailable");
                GqlError::new(
                    ErrorCode::Unavailable,
                    "the service is temporarily unavailable, please try again",
                )
            }
            StoreError::Migration(_) | StoreError::Internal(_) => GqlError::internal(&err),
        }
    }
}

impl From<GqlError> for async_graphql::Error {
    fn from(err: GqlError) -> Self {
        async_graphql::Error::new(err.message)
            .extend_with(|_, ext| ext.set("code", err.code.as_str()))
    }
}

/// `outer: inner: innermost`, for logs.
fn chain(err: &(dyn StdError + 'static)) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn as_json(err: GqlError) -> serde_json::Value {
        let err: async_graphql::Error = err.into();
        serde_json::to_value(err.into_server_error(async_graphql::Pos::default())).unwrap()
    }

    #[test]
    fn codes_are_unique_and_screaming_snake_case() {
        let mut seen = std::collections::HashSet::new();
        for code in ErrorCode::ALL {
            assert!(seen.insert(code.as_str()), "{} twice", code.as_str());
            assert!(
                code.as_str()
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || c == '_')
            );
            assert!((400..600).contains(&code.http_status()));
        }
    }

    #[test]
    fn pins_the_json_of_user_facing_errors() {
        assert_eq!(
            as_json(StoreError::Duplicate { field: "email" }.into()),
            serde_json::json!({
                "message": "email is already taken",
                "locations": [{"line": 0, "column": 0}],
                "extensions": {"code": "BAD_USER_INPUT"}
            })
        );
        assert_eq!(
            as_json(StoreError::NotFound { entity: "vacancy" }.into())["extensions"],
            serde_json::json!({"code": "NOT_FOUND"})
        );
    }

    #[test]
    fn internal_errors_never_leak_their_cause() {
        let secret = std::io::Error::other("password authentication failed for user \"sb\"");
        let json = as_json(StoreError::Internal(Box::new(secret)).into());
        assert_eq!(json["message"], "internal error");
        assert_eq!(json["extensions"]["code"], "INTERNAL");
        let json = as_json(StoreError::Unavailable(Box::new(std::io::Error::other("tcp"))).into());
        assert_eq!(json["extensions"]["code"], "UNAVAILABLE");
        assert!(!json.to_string().contains("tcp"));
    }
}
