//! What every resolver can reach: the app (every use case and read), this request's
//! loaders (batched reads of what the app's answers name) and language.

use std::net::IpAddr;
use std::sync::Arc;

use async_graphql::dataloader::{DataLoader, HashMapCache};
use async_graphql::{Context, Data, Request};
use skillbridge_app::App;
use skillbridge_auth::CurrentUser;
use skillbridge_domain::Store;
use skillbridge_domain::taxonomy::FALLBACK_LANG;

use crate::loaders::StoreLoader;
use crate::{ErrorCode, GqlError, GqlResult};

/// The request's loader, with a cache that lives as long as the request.
pub(crate) type RequestLoader = DataLoader<StoreLoader, HashMapCache>;

/// The language the client asked for in `Accept-Language`.
#[derive(Clone, Debug)]
pub struct RequestLanguage(pub String);

/// The network address the request came from (for rate limits).
#[derive(Clone, Copy, Debug)]
pub struct ClientAddress(pub Option<IpAddr>);

/// What the HTTP edge knows about a request.
#[derive(Clone, Debug, Default)]
pub struct RequestContext {
    /// The user its valid access token names; `None` for anonymous requests.
    pub user: Option<CurrentUser>,
    pub client: Option<IpAddr>,
    pub accept_language: Option<String>,
}

/// Adds the per-request data to `request`: fresh loaders (a loader kept in schema data
/// would share its cache between requests and users), the caller, and the preferred
/// language.
pub fn prepare_request(
    mut request: Request,
    store: Arc<dyn Store>,
    context: RequestContext,
) -> Request {
    add_request_data(&mut request.data, store, context, true);
    request
}

/// The data a graphql-ws connection runs its subscriptions with, as `prepare_request`
/// gives a request. Its loader lives as long as the connection.
pub fn connection_data(store: Arc<dyn Store>, context: RequestContext) -> Data {
    let mut data = Data::default();
    // A connection can live for hours: its loader batches but does not cache, so every
    // update shows the data as it is then.
    add_request_data(&mut data, store, context, false);
    data
}

fn add_request_data(data: &mut Data, store: Arc<dyn Store>, context: RequestContext, cache: bool) {
    let lang = context
        .accept_language
        .as_deref()
        .and_then(preferred_language)
        .unwrap_or_else(|| FALLBACK_LANG.to_owned());
    // Cached for this request only: a list resolver primes it and the fields read it.
    let loader = RequestLoader::with_cache(
        StoreLoader::new(store),
        tokio::spawn,
        HashMapCache::default(),
    );
    loader.enable_all_cache(cache);
    data.insert(loader);
    data.insert(RequestLanguage(lang));
    data.insert(ClientAddress(context.client));
    if let Some(user) = context.user {
        data.insert(user);
    }
}

/// The signed-in caller, if any.
pub(crate) fn current_user(ctx: &Context<'_>) -> Option<CurrentUser> {
    ctx.data_opt::<CurrentUser>().cloned()
}

pub(crate) fn client_address(ctx: &Context<'_>) -> Option<IpAddr> {
    ctx.data_opt::<ClientAddress>().and_then(|c| c.0)
}

/// The first language tag of an `Accept-Language` header that we can use, reduced to its
/// primary subtag (`fr-CH` -> `fr`); `*` and malformed tags are skipped.
fn preferred_language(header: &str) -> Option<String> {
    let mut tags: Vec<(f32, usize, String)> = header
        .split(',')
        .enumerate()
        .filter_map(|(i, item)| {
            let mut parts = item.split(';');
            let tag = parts.next()?.trim();
            let quality = parts
                .filter_map(|p| p.trim().strip_prefix("q="))
                .find_map(|q| q.parse::<f32>().ok())
                .unwrap_or(1.0);
            let primary = tag.split('-').next()?.to_ascii_lowercase();
            let usable =
                (2..=3).contains(&primary.len()) && primary.bytes().all(|b| b.is_ascii_lowercase());
            (usable && quality > 0.0).then_some((quality, i, primary))
        })
        .collect();
    tags.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    tags.into_iter().next().map(|(_, _, tag)| tag)
}

/// The use cases, with this process's match index and search.
pub(crate) fn app<'a>(ctx: &'a Context<'_>) -> &'a Arc<App> {
    ctx.data_unchecked::<Arc<App>>()
}

pub(crate) fn loader<'a>(ctx: &'a Context<'_>) -> GqlResult<&'a RequestLoader> {
    ctx.data::<RequestLoader>()
        .map_err(|_| GqlError::new(ErrorCode::Internal, "internal error"))
}

/// The language a label field answers in: its `lang` argument, else the request's
/// `Accept-Language`, else English.
pub(crate) fn lang(ctx: &Context<'_>, arg: Option<String>) -> GqlResult<String> {
    match arg {
        Some(tag) => {
            let tag = tag.trim().to_ascii_lowercase();
            let valid = {
                let mut parts = tag.split('-');
                let primary = parts.next().unwrap_or_default();
                (2..=3).contains(&primary.len())
                    && primary.bytes().all(|b| b.is_ascii_lowercase())
                    && parts.all(|p| {
                        (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric())
                    })
            };
            if valid {
                Ok(tag)
            } else {
                Err(GqlError::new(
                    ErrorCode::BadUserInput,
                    format!("{tag:?} is not a language tag (e.g. en, fr, pt-pt)"),
                ))
            }
        }
        None => Ok(ctx
            .data_opt::<RequestLanguage>()
            .map_or_else(|| FALLBACK_LANG.to_owned(), |l| l.0.clone())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_accept_language() {
        assert_eq!(
            preferred_language("fr-CH, fr;q=0.9, en;q=0.8"),
            Some("fr".into())
        );
        assert_eq!(preferred_language("en;q=0.5, es"), Some("es".into()));
        assert_eq!(preferred_language("*"), None);
        assert_eq!(preferred_language("de;q=0"), None);
        assert_eq!(preferred_language(""), None);
    }
}
