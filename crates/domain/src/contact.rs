//! How to reach someone: the rule for phone numbers, shared by people's profiles and
//! organisations' public profiles (email addresses are [`crate::Email`]).

use crate::problem::{FieldProblem, ProblemCode};

/// The problem with a phone number as written, if any: digits, spaces, `+`, `-` and
/// brackets, 4 to 30 characters.
pub fn phone_problem(field: &'static str, phone: &str) -> Option<FieldProblem> {
    let ok = (4..=30).contains(&phone.len())
        && phone
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '+' | ' ' | '-' | '(' | ')'));
    (!ok).then(|| {
        FieldProblem::new(
            field,
            ProblemCode::InvalidPhone,
            "use digits, spaces and +, up to 30 characters",
        )
    })
}
