//! How profiles, vacancies and courses speak of skills: how well (proficiency), and which,
//! each once (a skill list).

use crate::codes::coded;
use crate::id::SkillId;
use crate::problem::{FieldProblem, ProblemCode};

coded!(
    /// How well the person masters a skill; ordered.
    Proficiency { Basic => "BASIC", Intermediate => "INTERMEDIATE", Advanced => "ADVANCED", Expert => "EXPERT" }
);

/// Problems with a list of skills: more than `max`, or a skill twice. Shared by vacancies and
/// courses.
pub fn validate_skill_list(
    ids: impl IntoIterator<Item = SkillId>,
    max: usize,
) -> Vec<FieldProblem> {
    let mut problems = Vec::new();
    let ids: Vec<SkillId> = ids.into_iter().collect();
    if ids.len() > max {
        problems.push(FieldProblem::new(
            "skills",
            ProblemCode::TooMany,
            format!("list at most {max} skills"),
        ));
    }
    let mut seen = std::collections::HashSet::new();
    if ids.iter().any(|id| !seen.insert(*id)) {
        problems.push(FieldProblem::new(
            "skills",
            ProblemCode::DuplicateSkill,
            "list each skill once",
        ));
    }
    problems
}
