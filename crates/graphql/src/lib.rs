//! The Skillbridge GraphQL schema: resolvers parse input, call one use case or read of the
//! application layer (`skillbridge-app`, which authorises) and map its outcome; rows a page
//! names are batched by the request's loaders; errors never leak internals.
//!
//! [`schema_builder`] needs no runtime data, so the SDL can be exported without a database;
//! the server adds the application and per-request data before serving.

// The query root merges one object per area; async-graphql nests them pairwise.
#![recursion_limit = "256"]

mod accounts;
mod acting;
mod action_plans;
mod applications;
mod candidates;
mod career;
mod connections;
mod context;
mod course_input;
mod courses;
mod delegation;
mod directory;
mod enrolments;
mod error;
mod fairness;
mod follow_up;
mod gaps;
mod guards;
mod ids;
mod insights;
mod limits;
mod loaders;
mod matches;
mod matching;
mod mentoring;
mod node;
mod nodes;
mod operation_metrics;
mod organisations;
mod prefill;
mod prime;
mod privacy;
mod problems;
mod profiles;
mod query;
mod scalars;
mod search;
mod staff_training;
mod statistics;
mod subscriptions;
mod suggestions;
mod taxonomy;
mod tracks;
mod vacancies;
mod vacancy_input;
mod vacancy_search;
mod values;
mod ventures;

use async_graphql::{Schema, SchemaBuilder};

pub use context::{RequestContext, RequestLanguage, connection_data, prepare_request};
pub use error::{ErrorCode, GqlError, GqlResult};
pub use limits::Limits;
pub use query::{Mutation, Query};
pub use scalars::Date;
pub use subscriptions::Subscription;

/// The schema type the server executes.
pub type SkillbridgeSchema = Schema<Query, Mutation, Subscription>;

/// The schema with its query limits, not yet holding any data.
pub fn schema_builder(limits: &Limits) -> SchemaBuilder<Query, Mutation, Subscription> {
    limits.apply(Schema::build(
        Query::default(),
        Mutation::default(),
        Subscription,
    ))
}

/// The cache of automatic persisted queries (documents by SHA-256), shared by the schema's
/// extension and the HTTP layer (which must know a stored document's operation type before
/// running it for a GET).
pub type PersistedQueries = async_graphql::extensions::apollo_persisted_queries::LruCacheStorage;

/// A persisted-query cache holding up to `capacity` documents.
pub fn persisted_queries(capacity: usize) -> PersistedQueries {
    PersistedQueries::new(capacity.max(1))
}

/// The schema builder with automatic persisted queries answered from `cache`.
pub fn schema_builder_with_apq(
    limits: &Limits,
    cache: PersistedQueries,
) -> SchemaBuilder<Query, Mutation, Subscription> {
    schema_builder(limits)
        .extension(
            async_graphql::extensions::apollo_persisted_queries::ApolloPersistedQueries::new(cache),
        )
        .extension(operation_metrics::OperationMetrics::default())
}

/// The SDL that `skillbridge export-schema` writes to `graphql/schema.graphql`.
pub fn sdl() -> String {
    schema_builder(&Limits::default()).finish().sdl()
}
