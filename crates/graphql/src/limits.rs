//! Query limits: a request may not ask for more than the server will answer.

use async_graphql::{ObjectType, SchemaBuilder, SubscriptionType};

/// Depth and complexity limits for every operation. The defaults leave room for GraphiQL's
/// introspection query, which nests `ofType` several levels deep (a test holds us to that).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Limits {
    /// The deepest selection allowed.
    pub max_depth: usize,
    /// The most fields a query may cost; a list's cost is `first * child` cost.
    pub max_complexity: usize,
    /// How deeply the parser may recurse (nested lists, fragments, input values).
    pub max_recursive_depth: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_depth: 16,
            max_complexity: 5_000,
            max_recursive_depth: 32,
        }
    }
}

impl Limits {
    pub(crate) fn apply<Q, M, S>(&self, builder: SchemaBuilder<Q, M, S>) -> SchemaBuilder<Q, M, S>
    where
        Q: ObjectType + 'static,
        M: ObjectType + 'static,
        S: SubscriptionType + 'static,
    {
        builder
            .limit_depth(self.max_depth)
            .limit_complexity(self.max_complexity)
            .limit_recursive_depth(self.max_recursive_depth)
    }
}
