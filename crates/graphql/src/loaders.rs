//! Batch loading for everything a list fans out to (labels, relations, the users and
//! organisations of memberships), so that a page costs one statement per relation rather
//! than one per row. One loader per request: its cache never outlives the request.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::Arc;

use skillbridge_domain::Store;

/// Rows by id: `Key(id)` loads the row with that id; a batch of keys is one read.
macro_rules! by_id {
    ($(#[$doc:meta])* $key:ident($id:ty) -> $row:ty, $read:ident) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        pub struct $key(pub $id);

        impl async_graphql::dataloader::Loader<$key> for StoreLoader {
            type Value = $row;
            type Error = GqlError;

            async fn load(&self, keys: &[$key]) -> Result<HashMap<$key, $row>, GqlError> {
                let ids: Vec<$id> = keys.iter().map(|k| k.0).collect();
                Ok(self
                    .store
                    .$read(&ids)
                    .await?
                    .into_iter()
                    .map(|row| ($key(row.id), row))
                    .collect())
            }
        }
    };
}

/// One relation of many owners: `Key(owner)` loads the owner's rows in the store's order;
/// a batch of keys is one read of `(owner, row)` pairs.
macro_rules! rows_of {
    ($(#[$doc:meta])* $key:ident($owner:ty) -> $row:ty, $read:ident) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        pub struct $key(pub $owner);

        impl async_graphql::dataloader::Loader<$key> for StoreLoader {
            type Value = Vec<$row>;
            type Error = GqlError;

            async fn load(&self, keys: &[$key]) -> Result<HashMap<$key, Vec<$row>>, GqlError> {
                let ids: Vec<$owner> = keys.iter().map(|k| k.0).collect();
                Ok(grouped(self.store.$read(&ids).await?, $key))
            }
        }
    };
    // Rows that name their owner in `$field` (a history's events).
    ($(#[$doc:meta])* $key:ident($owner:ty) -> $row:ty, $read:ident, owner $field:ident) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        pub struct $key(pub $owner);

        impl async_graphql::dataloader::Loader<$key> for StoreLoader {
            type Value = Vec<$row>;
            type Error = GqlError;

            async fn load(&self, keys: &[$key]) -> Result<HashMap<$key, Vec<$row>>, GqlError> {
                let ids: Vec<$owner> = keys.iter().map(|k| k.0).collect();
                let rows = self.store.$read(&ids).await?;
                Ok(grouped(rows.into_iter().map(|r| (r.$field, r)).collect(), $key))
            }
        }
    };
}

mod records;
mod taxonomy;

pub use records::*;
pub use taxonomy::*;

/// Loads store rows for one request.
pub struct StoreLoader {
    store: Arc<dyn Store>,
}

impl StoreLoader {
    pub fn new(store: Arc<dyn Store>) -> Self {
        Self { store }
    }
}

/// `(owner, row)` pairs grouped under each owner's key, in the pairs' order.
fn grouped<O, K: Hash + Eq, V>(rows: Vec<(O, V)>, key: impl Fn(O) -> K) -> HashMap<K, Vec<V>> {
    let mut map: HashMap<K, Vec<V>> = HashMap::new();
    for (owner, row) in rows {
        map.entry(key(owner)).or_default().push(row);
    }
    map
}
