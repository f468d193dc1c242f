//! Which courses would open the most doors for a person: a course *unlocks* a vacancy when
//! it teaches every essential skill the person lacks for it (to the level asked), and
//! *helps* with one when it closes at least one gap. Shortage vacancies count double.

use std::collections::HashMap;

use crate::pathway::Gap;
use crate::profile::Proficiency;
use crate::{CourseId, SkillId, VacancyId};

/// What a person lacks for one vacancy they are close to.
#[derive(Clone, Debug, PartialEq)]
pub struct VacancyGaps {
    pub vacancy: VacancyId,
    pub essential: Vec<Gap>,
    pub optional: Vec<Gap>,
    pub shortage: bool,
}

/// A course on offer (one with a cohort the person can take) and what it teaches.
#[derive(Clone, Debug, PartialEq)]
pub struct CourseOffer {
    pub course: CourseId,
    pub teaches: Vec<(SkillId, Proficiency)>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Recommendation {
    pub course: CourseId,
    /// The vacancies whose every essential gap the course closes.
    pub unlocks: Vec<VacancyId>,
    /// Unlocked vacancies, shortage ones counting `shortage_weight`.
    pub weight: f64,
    /// How many vacancies it closes at least one gap for.
    pub helps: usize,
}

fn closes(offer: &CourseOffer, gap: &Gap) -> bool {
    offer
        .teaches
        .iter()
        .any(|(skill, level)| *skill == gap.skill && *level >= gap.required)
}

/// Courses by the doors they open, most first (ties: more vacancies helped, then course
/// id); courses that help with nothing are left out.
pub fn recommend(
    gaps: &[VacancyGaps],
    offers: &[CourseOffer],
    shortage_weight: f64,
) -> Vec<Recommendation> {
    let mut by_course: HashMap<CourseId, Recommendation> = HashMap::new();
    for offer in offers {
        for vacancy in gaps {
            let all = vacancy.essential.iter().chain(&vacancy.optional);
            let helps = all.clone().any(|gap| closes(offer, gap));
            if !helps {
                continue;
            }
            let entry = by_course.entry(offer.course).or_insert(Recommendation {
                course: offer.course,
                unlocks: Vec::new(),
                weight: 0.0,
                helps: 0,
            });
            entry.helps += 1;
            let unlocks = !vacancy.essential.is_empty()
                && vacancy.essential.iter().all(|gap| closes(offer, gap));
            if unlocks {
                entry.unlocks.push(vacancy.vacancy);
                entry.weight += if vacancy.shortage {
                    shortage_weight
                } else {
                    1.0
                };
            }
        }
    }
    let mut ranked: Vec<Recommendation> = by_course.into_values().collect();
    ranked.sort_by(|a, b| {
        b.weight
            .total_cmp(&a.weight)
            .then(b.helps.cmp(&a.helps))
            .then(a.course.cmp(&b.course))
    });
    ranked
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gap(skill: SkillId) -> Gap {
        Gap {
            skill,
            required: Proficiency::Intermediate,
        }
    }

    fn offer(teaches: &[SkillId]) -> CourseOffer {
        CourseOffer {
            course: CourseId::new(),
            teaches: teaches
                .iter()
                .map(|s| (*s, Proficiency::Advanced))
                .collect(),
        }
    }

    #[test]
    fn courses_that_unlock_shortage_vacancies_come_first() {
        let (a, b, c) = (SkillId::new(), SkillId::new(), SkillId::new());
        let vacancies = vec![
            VacancyGaps {
                vacancy: VacancyId::new(),
                essential: vec![gap(a)],
                optional: vec![],
                shortage: true,
            },
            VacancyGaps {
                vacancy: VacancyId::new(),
                essential: vec![gap(b)],
                optional: vec![],
                shortage: false,
            },
            VacancyGaps {
                vacancy: VacancyId::new(),
                essential: vec![gap(b), gap(c)],
                optional: vec![gap(a)],
                shortage: false,
            },
        ];
        let teaches_a = offer(&[a]);
        let teaches_b = offer(&[b]);
        let teaches_bc = offer(&[b, c]);
        let nothing = offer(&[SkillId::new()]);
        let ranked = recommend(
            &vacancies,
            &[
                teaches_b.clone(),
                nothing,
                teaches_a.clone(),
                teaches_bc.clone(),
            ],
            2.0,
        );
        let order: Vec<_> = ranked.iter().map(|r| r.course).collect();
        // b+c unlocks two ordinary vacancies and a one shortage vacancy: both weigh 2.0
        // and help with two vacancies, so the course id decides; b alone (1.0) is last.
        assert_eq!(order.len(), 3, "the course that helps nobody is left out");
        assert_eq!(order[2], teaches_b.course);
        let bc = ranked
            .iter()
            .find(|r| r.course == teaches_bc.course)
            .unwrap();
        assert_eq!(bc.unlocks.len(), 2);
        assert_eq!(bc.weight, 2.0);
        let a_only = ranked
            .iter()
            .find(|r| r.course == teaches_a.course)
            .unwrap();
        assert_eq!(a_only.unlocks, vec![vacancies[0].vacancy]);
        assert_eq!(a_only.weight, 2.0, "shortage counts double");
        assert_eq!(
            a_only.helps, 2,
            "it closes the optional gap of the third vacancy too"
        );
    }

    #[test]
    fn a_course_below_the_level_asked_does_not_close_a_gap() {
        let skill = SkillId::new();
        let vacancies = vec![VacancyGaps {
            vacancy: VacancyId::new(),
            essential: vec![Gap {
                skill,
                required: Proficiency::Expert,
            }],
            optional: vec![],
            shortage: false,
        }];
        assert!(recommend(&vacancies, &[offer(&[skill])], 2.0).is_empty());
    }
}
