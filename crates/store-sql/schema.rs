// The database's own state, the same on both: applying the migrations, and whether the
// database answers and holds exactly the migrations this binary knows.

use skillbridge_domain::migrations::{AppliedMigration, check_migrations};
use skillbridge_domain::{Readiness, ReadinessCheck, StoreError, StoreResult};
use sqlx::migrate::Migrator;

use crate::dialect::Db;

/// Applies the migrations not applied yet.
pub(crate) async fn migrate(migrator: &Migrator, pool: &sqlx::Pool<Db>) -> StoreResult<()> {
    migrator
        .run(pool)
        .await
        .map_err(|err| StoreError::Migration(err.to_string()))
}

/// Whether the database answers, and its migrations are the ones `migrator` knows.
pub(crate) async fn readiness(migrator: &Migrator, pool: &sqlx::Pool<Db>) -> Readiness {
    let database = match sqlx::query("SELECT 1").execute(pool).await {
        Ok(_) => ReadinessCheck::Ok,
        Err(err) => ReadinessCheck::Failing(format!("database unreachable: {err}")),
    };
    let applied: Result<Vec<AppliedMigration>, _> =
        sqlx::query_as("SELECT version, success FROM _sqlx_migrations ORDER BY version")
            .fetch_all(pool)
            .await;
    let migrations = match applied {
        Ok(applied) => {
            let known: Vec<i64> = migrator.iter().map(|m| m.version).collect();
            check_migrations(&known, &applied)
        }
        Err(_) => ReadinessCheck::Failing("migrations have not been applied".into()),
    };
    Readiness {
        database,
        migrations,
    }
}
