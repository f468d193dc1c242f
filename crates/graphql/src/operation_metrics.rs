//! GraphQL operations counted and timed for `/metrics`: by operation name, kind (query,
//! mutation, subscription) and outcome (`ok`, or the first error's `extensions.code`).
//! Operation names are the client's: names that are not GraphQL names become `invalid`,
//! and past [`MAX_NAMES`] distinct names the rest count as `other`, so a client cannot grow
//! the series without bound.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use async_graphql::extensions::{
    Extension, ExtensionContext, ExtensionFactory, NextParseQuery, NextPrepareRequest, NextRequest,
};
use async_graphql::parser::types::{DocumentOperations, ExecutableDocument, OperationType};
use async_graphql::{Request, Response, ServerResult, Value, Variables};

use crate::error::ErrorCode;

/// How many distinct operation names are told apart.
pub const MAX_NAMES: usize = 500;

/// Adds the recording to a schema: one per schema, one recording per request.
#[derive(Default)]
pub struct OperationMetrics {
    names: Arc<Mutex<HashSet<String>>>,
}

impl ExtensionFactory for OperationMetrics {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(Recording {
            names: self.names.clone(),
            operation: Mutex::new(Operation::default()),
        })
    }
}

#[derive(Default)]
struct Operation {
    /// The name the request asked for, if any.
    requested: Option<String>,
    /// The name and kind of the operation the document selects.
    name: Option<String>,
    kind: Option<&'static str>,
}

struct Recording {
    names: Arc<Mutex<HashSet<String>>>,
    operation: Mutex<Operation>,
}

impl Recording {
    /// The name as a label: `anonymous`, `invalid`, `other` past the limit, or itself.
    fn label(&self, name: Option<&str>) -> String {
        let Some(name) = name else {
            return "anonymous".into();
        };
        let valid = name.len() <= 64
            && name
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        if !valid {
            return "invalid".into();
        }
        let mut names = self.names.lock().expect("the names lock");
        if names.contains(name) || names.len() < MAX_NAMES {
            names.insert(name.to_owned());
            name.to_owned()
        } else {
            "other".into()
        }
    }
}

/// `ok`, or the first error's code when it is one of ours, else `error`.
fn outcome(response: &Response) -> &'static str {
    let Some(error) = response.errors.first() else {
        return "ok";
    };
    let code = error
        .extensions
        .as_ref()
        .and_then(|e| e.get("code"))
        .and_then(|v| match v {
            Value::String(s) => Some(s.as_str()),
            _ => None,
        });
    ErrorCode::ALL
        .iter()
        .map(|c| c.as_str())
        .find(|c| Some(*c) == code)
        .unwrap_or("error")
}

fn kind(operation: OperationType) -> &'static str {
    match operation {
        OperationType::Query => "query",
        OperationType::Mutation => "mutation",
        OperationType::Subscription => "subscription",
    }
}

#[async_trait::async_trait]
impl Extension for Recording {
    async fn request(&self, ctx: &ExtensionContext<'_>, next: NextRequest<'_>) -> Response {
        let started = Instant::now();
        let response = next.run(ctx).await;
        let (name, kind) = {
            let operation = self.operation.lock().expect("the operation lock");
            (
                operation.name.clone().or(operation.requested.clone()),
                operation.kind.unwrap_or("unknown"),
            )
        };
        let operation = self.label(name.as_deref());
        let labels = [("operation", operation), ("kind", kind.to_owned())];
        metrics::counter!(
            "skillbridge_graphql_operations_total",
            &[
                ("operation", labels[0].1.clone()),
                ("kind", labels[1].1.clone()),
                ("outcome", outcome(&response).to_owned()),
            ]
        )
        .increment(1);
        metrics::histogram!("skillbridge_graphql_operation_duration_seconds", &labels)
            .record(started.elapsed().as_secs_f64());
        response
    }

    async fn prepare_request(
        &self,
        ctx: &ExtensionContext<'_>,
        request: Request,
        next: NextPrepareRequest<'_>,
    ) -> ServerResult<Request> {
        self.operation
            .lock()
            .expect("the operation lock")
            .requested
            .clone_from(&request.operation_name);
        next.run(ctx, request).await
    }

    async fn parse_query(
        &self,
        ctx: &ExtensionContext<'_>,
        query: &str,
        variables: &Variables,
        next: NextParseQuery<'_>,
    ) -> ServerResult<ExecutableDocument> {
        let document = next.run(ctx, query, variables).await?;
        let mut operation = self.operation.lock().expect("the operation lock");
        // As execution chooses: the only operation, or the one the request names.
        let selected = match &document.operations {
            DocumentOperations::Single(op) => Some((None, op.node.ty)),
            DocumentOperations::Multiple(ops) => {
                let wanted = operation.requested.clone();
                ops.iter()
                    .find(|(name, _)| match &wanted {
                        Some(w) => name.as_str() == w,
                        None => ops.len() == 1,
                    })
                    .map(|(name, op)| (Some(name.to_string()), op.node.ty))
            }
        };
        if let Some((name, ty)) = selected {
            operation.kind = Some(kind(ty));
            operation.name = name;
        }
        Ok(document)
    }
}
