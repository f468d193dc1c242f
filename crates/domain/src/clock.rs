//! Time as the stores keep it.

use chrono::{DateTime, SubsecRound, Utc};

/// The current UTC time at microsecond precision: what both databases store, so a value
/// read back equals the value written.
pub fn now() -> DateTime<Utc> {
    Utc::now().trunc_subsecs(6)
}

/// Today's date in UTC: the day dates such as a vacancy's start are compared with.
pub fn today() -> chrono::NaiveDate {
    Utc::now().date_naive()
}
