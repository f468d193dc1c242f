//! Comparing the migrations a binary knows with those a database has applied.

use crate::ReadinessCheck;

/// A row of the migrations table: version and whether it completed.
pub type AppliedMigration = (i64, bool);

/// Ok when every known migration is applied successfully and the database has none this
/// binary does not know (which would mean it was migrated by a newer version).
pub fn check_migrations(known: &[i64], applied: &[AppliedMigration]) -> ReadinessCheck {
    if let Some((version, _)) = applied.iter().find(|(_, success)| !success) {
        return ReadinessCheck::Failing(format!("migration {version} did not complete"));
    }
    if let Some((version, _)) = applied.iter().find(|(v, _)| !known.contains(v)) {
        return ReadinessCheck::Failing(format!(
            "the database has migration {version}, which this version does not know (was it migrated by a newer release?)"
        ));
    }
    let pending = known
        .iter()
        .filter(|v| !applied.iter().any(|(a, _)| a == *v))
        .count();
    if pending > 0 {
        return ReadinessCheck::Failing(format!("{pending} migration(s) not applied"));
    }
    ReadinessCheck::Ok
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_pending_unknown_and_failed_migrations() {
        assert_eq!(
            check_migrations(&[1, 2], &[(1, true), (2, true)]),
            ReadinessCheck::Ok
        );
        assert_eq!(
            check_migrations(&[1, 2], &[(1, true)]),
            ReadinessCheck::Failing("1 migration(s) not applied".into())
        );
        assert!(matches!(
            check_migrations(&[1], &[(1, true), (2, true)]),
            ReadinessCheck::Failing(msg) if msg.contains("newer release")
        ));
        assert!(matches!(
            check_migrations(&[1], &[(1, false)]),
            ReadinessCheck::Failing(msg) if msg.contains("did not complete")
        ));
    }
}
