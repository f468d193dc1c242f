//! Media types in and out, as the GraphQL-over-HTTP specification asks.

use http::HeaderMap;
use http::header::{ACCEPT, CONTENT_TYPE};

pub const GRAPHQL_RESPONSE_JSON: &str = "application/graphql-response+json";
pub const JSON: &str = "application/json";

/// The media type of a GraphQL response.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ResponseMedia {
    /// `application/graphql-response+json`: request errors get 4xx statuses.
    GraphqlResponseJson,
    /// `application/json`: the legacy type; every well-formed request gets 200.
    Json,
}

impl ResponseMedia {
    pub fn content_type(self) -> &'static str {
        match self {
            ResponseMedia::GraphqlResponseJson => {
                "application/graphql-response+json; charset=utf-8"
            }
            ResponseMedia::Json => "application/json; charset=utf-8",
        }
    }
}

/// Picks the response media type from `Accept`: the acceptable type with the highest
/// quality, `application/graphql-response+json` on a tie. No header means
/// `application/json` (what clients written before the specification expect); a header
/// that accepts neither type gives `None`, which is 406.
pub fn response_media(headers: &HeaderMap) -> Option<ResponseMedia> {
    let Some(accept) = headers.get(ACCEPT) else {
        return Some(ResponseMedia::Json);
    };
    let accept = accept.to_str().ok()?;
    let mut best: Option<(f32, u8, ResponseMedia)> = None;
    for range in accept.split(',') {
        let mut parts = range.split(';');
        let essence = parts.next().unwrap_or("").trim().to_ascii_lowercase();
        let quality = parts
            .filter_map(|param| param.split_once('='))
            .find(|(name, _)| name.trim().eq_ignore_ascii_case("q"))
            .map_or(1.0, |(_, value)| value.trim().parse::<f32>().unwrap_or(0.0));
        if quality <= 0.0 {
            continue;
        }
        // Rank: explicit graphql-response+json over explicit json over wildcards.
        let candidate = match essence.as_str() {
            GRAPHQL_RESPONSE_JSON => (2, ResponseMedia::GraphqlResponseJson),
            JSON => (1, ResponseMedia::Json),
            "application/*" | "*/*" => (0, ResponseMedia::Json),
            _ => continue,
        };
        let better = match best {
            None => true,
            Some((q, rank, _)) => quality > q || (quality == q && candidate.0 > rank),
        };
        if better {
            best = Some((quality, candidate.0, candidate.1));
        }
    }
    best.map(|(_, _, media)| media)
}

/// Whether the client prefers an HTML page (a browser navigating to `/graphql`).
pub fn wants_html(headers: &HeaderMap) -> bool {
    headers
        .get(ACCEPT)
        .and_then(|value| value.to_str().ok())
        .and_then(|accept| accept.split(',').next())
        .is_some_and(|first| first.trim().to_ascii_lowercase().starts_with("text/html"))
}

/// Whether the body is declared as JSON in UTF-8. Anything else, above all the types a
/// browser form can send cross-site without a preflight (text/plain,
/// application/x-www-form-urlencoded, multipart/form-data), is refused before any parsing.
pub fn is_json_body(headers: &HeaderMap) -> bool {
    let Some(value) = headers.get(CONTENT_TYPE).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let Ok(mime) = value.parse::<mime::Mime>() else {
        return false;
    };
    mime.essence_str() == JSON
        && mime
            .get_param(mime::CHARSET)
            .is_none_or(|charset| charset.as_str().eq_ignore_ascii_case("utf-8"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderValue;

    fn with(name: http::HeaderName, value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(name, HeaderValue::from_str(value).unwrap());
        headers
    }

    #[test]
    fn negotiates_the_response_type() {
        use ResponseMedia::*;
        assert_eq!(response_media(&HeaderMap::new()), Some(Json));
        for (accept, expected) in [
            (
                "application/graphql-response+json",
                Some(GraphqlResponseJson),
            ),
            ("application/json", Some(Json)),
            (
                "application/graphql-response+json, application/json;q=0.9",
                Some(GraphqlResponseJson),
            ),
            (
                "application/graphql-response+json;q=0.5, application/json",
                Some(Json),
            ),
            (
                "application/json, application/graphql-response+json",
                Some(GraphqlResponseJson),
            ),
            ("*/*", Some(Json)),
            ("text/html, */*;q=0.8", Some(Json)),
            (
                "application/graphql-response+json;q=0, application/json",
                Some(Json),
            ),
            ("text/html", None),
            ("application/xml, text/plain", None),
        ] {
            assert_eq!(response_media(&with(ACCEPT, accept)), expected, "{accept}");
        }
    }

    #[test]
    fn only_utf8_json_bodies_are_executed() {
        assert!(is_json_body(&with(CONTENT_TYPE, "application/json")));
        assert!(is_json_body(&with(
            CONTENT_TYPE,
            "application/json; charset=UTF-8"
        )));
        for refused in [
            "text/plain",
            "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=x",
            "application/json; charset=latin1",
            "application/graphql",
            "nonsense",
        ] {
            assert!(!is_json_body(&with(CONTENT_TYPE, refused)), "{refused}");
        }
        assert!(
            !is_json_body(&HeaderMap::new()),
            "a missing Content-Type is refused"
        );
    }
}
